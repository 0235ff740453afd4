"""`{{ programme|ptitle }}`: a programme's name in the page's language (Korean when it has no English name)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def title_of(programme: Any) -> str:
    if programme is None:
        return "-"
    english = (get_language() or "ko").startswith("en")
    return (programme.title_en if english else "") or programme.title_ko


def name_of(obj: Any) -> str:
    english = (get_language() or "ko").startswith("en")
    return (getattr(obj, "name_en", "") if english else "") or obj.name_ko


@register.filter
def ptitle(programme: Any) -> str:
    return title_of(programme)
