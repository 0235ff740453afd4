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
    for ko, en in (("label_ko", "label_en"), ("name_ko", "name_en")):
        if hasattr(obj, ko):
            return (getattr(obj, en, "") if english else "") or getattr(obj, ko)
    return str(obj)


@register.filter
def loc_name(obj: Any) -> str:
    """A rule's (or anything's) name_ko / name_en by the page's language."""
    english = (get_language() or "ko").startswith("en")
    return (getattr(obj, "name_en", "") if english else "") or getattr(obj, "name_ko", str(obj))
