"""`{% url_or_none 'cafes:room' room.pk as href %}`: a link to another slice's page, or None while that page does
not exist (each slice of issue 16 merges on its own; a page must render before the others are in)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


def url_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=[a for a in args if a is not None])
    except NoReverseMatch:
        return None


register.simple_tag(url_or_none, name="url_or_none")
