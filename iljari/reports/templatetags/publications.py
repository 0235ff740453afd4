"""`{% published_editions "pledge_card" number as publications %}`: the frozen editions of a subject, for pages of
apps below reports (a pledge card) that must not import the reports app to list them."""

from __future__ import annotations

from typing import Any

from django import template

from iljari.reports.models import Publication

register = template.Library()


@register.simple_tag
def published_editions(kind: str, subject: str) -> Any:
    return list(Publication.objects.filter(kind=kind, subject=subject).order_by("-sequence"))
