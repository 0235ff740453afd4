"""Pay of a participant by the program's dated pay rule (근로조건·임금).

A day's pay = the base for the hours worked (a table by hours, or thresholds such as "9,000 won for 4 hours or
more, else 3,000") + hourly rate × hours + daily allowance; hours a day may depend on age (65+: 3 hours).
A month's pay adds the days (or the hours, capped by the monthly cap) and is truncated below `truncate_to` won
(원 단위 절사). Seed 001: 57 h × 9,211 won = 525,027 → 525,020; 20 days × 6 h of 신중년 → 420,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from iljari.core.numbers import truncate_to

from .models import PayRule


def pay_rule_on(program_id: int, on: dt.date) -> PayRule | None:
    return PayRule.objects.filter(program_id=program_id, valid_from__lte=on).order_by("-valid_from").first()


def hours_a_day(params: dict[str, Any], age: int) -> int:
    for min_age, hours in sorted(params.get("hours_by_age", []), reverse=True):
        if age >= min_age:
            return int(hours)
    return int(params.get("default_hours", 8))


def day_pay(params: dict[str, Any], hours: int) -> int:
    by_hours = params.get("daily_wage_by_hours") or {}
    if str(hours) in by_hours:
        base = int(by_hours[str(hours)])
    else:
        base = 0
        for min_hours, amount in sorted(params.get("daily_base", []), reverse=True):
            if hours >= min_hours:
                base = int(amount)
                break
        base += int(params.get("hourly_rate") or 0) * hours
    return base + int(params.get("daily_allowance") or 0)


@dataclass(frozen=True)
class MonthPay:
    days: int
    hours: int
    gross: int
    paid: int  # after the cap and truncation


def month_pay(params: dict[str, Any], *, days: int = 0, hours_per_day: int | None = None, hours: int | None = None,
              age: int | None = None) -> MonthPay:
    """Either `days` worked (hours a day from the age or given) or, for hourly programs, `hours` in the month."""
    step = int(params.get("truncate_to") or 1)
    cap = params.get("monthly_cap_hours")
    if hours is not None:  # hourly programs (50+ 보람일자리: at most 57 hours a month)
        worked = min(hours, int(cap)) if cap else hours
        gross = worked * int(params["hourly_rate"])
        return MonthPay(0, worked, gross, truncate_to(gross, step))
    h = hours_per_day if hours_per_day is not None else hours_a_day(params, age or 0)
    gross = days * day_pay(params, h)
    return MonthPay(days, days * h, gross, truncate_to(gross, step))
