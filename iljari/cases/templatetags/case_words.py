"""Words of the case pages in the page's language (slice "flows"): `{% tr "한국어" "English" %}` for the pages'
own text (the pages are written in both languages side by side, as the shell's header does, rather than through
the message catalogue), and filters for amounts in won (1,500,000원), dates (2021. 4. 30.) and labels stored
"한국어 / English"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language

register = template.Library()


def english() -> bool:
    return (get_language() or "ko").startswith("en")


def say(ko: str, en: str) -> str:
    return en if english() else ko


@register.simple_tag
def tr(ko: str, en: str) -> str:
    return say(ko, en)


@register.filter
def won(value: Any) -> str:
    """1500000 -> 1,500,000원 (₩1,500,000 on an English page); '-' for none; △ for a negative."""
    if value is None or value == "":
        return "-"
    n = int(value)
    text = f"{abs(n):,}"
    sign = "△" if n < 0 else ""
    return f"{sign}₩{text}" if english() else f"{sign}{text}원"


@register.filter
def count(value: Any) -> str:
    """13635 -> 13,635 ('-' for none: not 0)."""
    if value is None or value == "":
        return "-"
    return f"{int(value):,}"


@register.filter
def day(value: Any) -> str:
    """2021-04-30 -> 2021. 4. 30. (30 Apr 2021 on an English page); '-' for none."""
    if not value:
        return "-"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        d = value.date()
    else:
        d = value
    return f"{d.day} {d:%b} {d.year}" if english() else f"{d.year}. {d.month}. {d.day}."


@register.filter
def moment(value: Any) -> str:
    """A time of day with its date: 2021. 4. 30. 14:05."""
    if not value:
        return "-"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day(local)} {local:%H:%M}"


@register.filter
def words(obj: Any, field: str = "name") -> str:
    """A row's `<field>_ko` / `<field>_en` in the page's language (Korean when there is no English)."""
    ko = getattr(obj, f"{field}_ko", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (en or ko) if english() else ko


@register.filter
def share(value: Any) -> str:
    """A share in %: 25.6%; '-' when there is no total."""
    return "-" if value is None else f"{value:.1f}%"


def _lazy_say(ko: str, en: str) -> str:
    return say(ko, en)


# a form label or message read in the page's language when it is shown (slice "calls")
lz = lazy(_lazy_say, str)


@register.filter
def cat_name(category: Any) -> str:
    """A call's category ({"ko", "en"}) in the page's language (Korean when there is no English)."""
    if not isinstance(category, dict):
        return "" if category is None else str(category)
    return (category.get("en") or category.get("ko") or "") if english() else (category.get("ko") or "")


@register.filter
def legal_form(value: Any) -> str:
    """An organisation's legal form (stored in Korean) in the page's language."""
    from iljari.cases.calls import LEGAL_FORMS
    from iljari.core.labels import one_language

    labels = dict(LEGAL_FORMS)
    text = "" if value is None else str(value)
    return one_language(labels[text], "en" if english() else "ko") if text in labels else text
