"""The job plans' words in the page's language: pages and the plan itself are written in both languages side by
side (`say("한국어", "English")`), and numbers as the seeds print them (66.5%, 5,124,000명, 2021. 3. 31.)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language

from iljari.core.numbers import NONE_MARK, Rounding, format_count, format_percent


def english() -> bool:
    return (get_language() or "ko").startswith("en")


def say(ko: str, en: str) -> str:
    return en if english() else ko


def day(d: dt.date | None) -> str:
    """2021. 3. 31. (31 Mar 2021 on an English page); '-' for none."""
    if d is None:
        return NONE_MARK
    return f"{d.day} {d:%b} {d.year}" if english() else f"{d.year}. {d.month}. {d.day}."


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def value_text(value: Decimal | None, unit: str, rounding: Rounding = Rounding.HALF_UP) -> str:
    """A headline figure with its unit: 66.5% (one decimal), 5,124,000명 (5,124,000 people); '-' for none."""
    if value is None:
        return NONE_MARK
    if unit == "percent":
        return f"{format_percent(value, rounding)}%"
    return f"{format_count(value)}{say('명', ' people')}"


def change_text(base: Decimal | None, target: Decimal | None, unit: str,
                rounding: Rounding = Rounding.HALF_UP) -> str:
    """Target − base: 0.3%포인트 (0.3 pp) for a rate, 12,000명 for people, △ for a decrease; '-' when either is
    missing. No Latin letter on a Korean page: %포인트 rather than %p."""
    if base is None or target is None:
        return NONE_MARK
    d = Decimal(target) - Decimal(base)
    if unit == "percent":
        text = format_percent(d, rounding)
        return say(f"{text}%포인트", f"{text} pp")
    return f"{format_count(d)}{say('명', ' people')}"
