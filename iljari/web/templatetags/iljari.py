"""`{{ obj|loc }}`: a code's label or a unit's / program's name in the page's language (Korean if no English)."""

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def loc(obj: Any) -> str:
    if obj is None:
        return "-"
    english = (get_language() or "ko").startswith("en")
    for ko, en in (("label_ko", "label_en"), ("name_ko", "name_en"), ("title_ko", "title_en")):
        if hasattr(obj, ko):
            return (getattr(obj, en, "") if english else "") or getattr(obj, ko)
    return str(obj)


@register.filter
def one_lang(text: Any) -> str:
    """A "한국어 / English" choice label (statuses, kinds, actions) in the page's language only."""
    from iljari.core.labels import one_language

    return one_language(text, get_language())


@register.filter
def object_type(code: Any) -> str:
    from iljari.core.labels import OBJECT_TYPES, labelled

    return labelled(OBJECT_TYPES, code, get_language())


@register.filter
def source(code: Any) -> str:
    from iljari.core.labels import SOURCES, labelled

    return labelled(SOURCES, code, get_language())


@register.filter
def rounding(code: Any) -> str:
    from iljari.core.labels import ROUNDINGS, labelled

    return labelled(ROUNDINGS, code, get_language())


@register.filter
def loc_name(obj: Any) -> str:
    """A rule's (or anything's) name_ko / name_en by the page's language."""
    english = (get_language() or "ko").startswith("en")
    return (getattr(obj, "name_en", "") if english else "") or getattr(obj, "name_ko", str(obj))


@register.filter
def million(won: Any, rounding: Any = None) -> str:
    """An exact amount in won shown in 백만원: 34,034; △806; '-' for none."""
    from iljari.core.numbers import AmountUnit, Rounding, format_amount

    return format_amount(won, AmountUnit.MILLION, Rounding.parse(rounding))


@register.filter
def pct(value: Any, rounding: Any = None) -> str:
    """An exact percentage with one decimal, rounded as the report's setting says; '-' if undefined."""
    from iljari.core.numbers import Rounding, format_percent

    return format_percent(value, Rounding.parse(rounding))


@register.filter
def num(value: Any) -> str:
    """A count or other quantity: 5,200; 2.5; △3; '-' for none."""
    from iljari.core.numbers import format_quantity

    return format_quantity(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ counts|get_item:status }}`: a value of a mapping by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def period_label(period_id: Any) -> str:
    """`2021-05` -> 2021년 5월 (May 2021 on an English page); anything else as it is."""
    from iljari.core.periods import Period, PeriodError

    try:
        return Period.parse(str(period_id)).label(get_language())
    except PeriodError:
        return str(period_id)


@register.filter
def fact_value(fact: Any) -> str:
    """A ledger value with its measure's unit, as the audit trail writes it: 40,000,000,000원, 8,758개."""
    from iljari.audit.describe import measure_amount

    return measure_amount(fact.value, fact.measure, get_language())


@register.filter
def unit(obj: Any) -> str:
    """A unit in a list to choose from: its name (with its parent's for a division or team), never its code."""
    from iljari.core.labels import unit_label

    return unit_label(obj, get_language())


@register.filter
def measure_unit(code: Any) -> str:
    from iljari.core.labels import MEASURE_UNITS, labelled

    return labelled(MEASURE_UNITS, code, get_language())


@register.filter
def grade(value: Any) -> str:
    """An evaluation grade (stored as 우수 / 보통 / 미흡) in the page's language."""
    from iljari.core.labels import GRADES, labelled

    return labelled(GRADES, value, get_language())
