"""Words of subsidy claims in the page's language: dates (2021. 4. 30. / 30 April 2021), months (2021년 1월 /
January 2021) and amounts (1,500,000원 / 1,500,000 won)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from iljari.cases.screening import date_en, date_ko, month_en, month_ko

register = template.Library()


def _english() -> bool:
    return (get_language() or "ko").startswith("en")


@register.filter
def day(value: Any) -> str:
    if not isinstance(value, dt.date):
        return "-"
    if isinstance(value, dt.datetime):  # a moment's day in Seoul, not in UTC (docs/decisions/0011)
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return date_en(value) if _english() else date_ko(value)


@register.filter
def month(value: Any) -> str:
    if not isinstance(value, dt.date):
        return "-"
    return month_en(value) if _english() else month_ko(value)


@register.filter
def won(value: Any) -> str:
    if value is None or value == "":
        return "-"
    n = int(value)
    sign = "△" if n < 0 else ""
    return f"{sign}₩{abs(n):,}" if _english() else f"{sign}{abs(n):,}원"  # as the other case pages (case_words)


@register.filter
def size(value: Any) -> str:
    n = int(value or 0)
    mb, kb = ("MB", "KB") if _english() else ("메가바이트", "킬로바이트")
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}{mb}"
    return f"{max(1, n // 1024):,}{kb}"
