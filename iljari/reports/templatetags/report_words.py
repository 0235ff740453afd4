"""`{% tr "한국어" "English" %}`: words of the job-plan pages in the page's language (written side by side in the
templates rather than through the message catalogue, as the case pages do)."""

from __future__ import annotations

from django import template

from iljari.reports.jobplans.words import say

register = template.Library()


@register.simple_tag
def tr(ko: str, en: str) -> str:
    return say(ko, en)
