"""Pay of a participant by the program's dated pay rule (근로조건·임금).

A day's pay = the base for the hours worked (a table by hours, or thresholds such as "9,000 won for 4 hours or
more, else 3,000") + hourly rate × hours + daily allowance; hours a day may depend on age (65+: 3 hours).
A month's pay adds the days (or the hours, capped by the monthly cap) and is truncated below `truncate_to` won
(원 단위 절사). Seed 001: 57 h × 9,211 won = 525,027 → 525,020; 20 days × 6 h of 신중년 → 420,000.

The monthly hour cap (월 최대 근로시간) caps the hours also when pay is by the day. Seed 001 writes it as a limit
on the hours of activity ("활동시간 : 참여자 1인당 월 120시간 이내", "활동조건 : 월 57시간 이내") and prices a
full month as exactly the cap ("월 20일간 일 6시간 활동시, 42만원"): hours beyond the cap are not activity of the
program and are not paid. So the days are paid in order until their hours reach the cap; the day that crosses it
is paid for the hours left under the cap (by the rule's own table: under 4 hours 3,000 won of 실비 + 2,000 won an
hour), and later days not at all. 21 days × 6 h with a 120-hour cap pay 20 days (420,000 won), not 21; the result
equals paying the capped hours pro rata whenever the cap is a whole number of days.

Hourly pay (hours × the hourly rate) also pays the rule's daily allowance (부대경비) for each day worked: the
citizen page and the rule promise "부대경비 하루 5,000원 별도" whatever the basis, so 20 days and 100 hours at
10,320 won with 5,000 won a day pay 100 × 10,320 + 20 × 5,000 = 1,132,000 won.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from iljari.core.numbers import truncate_to

from .models import PayRule


def pay_rule_on(program_id: int, on: dt.date) -> PayRule | None:
    return PayRule.objects.filter(program_id=program_id, valid_from__lte=on).order_by("-valid_from").first()


def pay_basis(params: dict[str, Any]) -> str:
    """"hour" when the month's pay is hours × an hourly rate (hours are entered), else "day" (days are entered).
    A rule without "basis" is hourly when it has an hourly rate and no day's wage (table or thresholds)."""
    basis = params.get("basis")
    if basis in ("day", "hour"):
        return str(basis)
    hourly = params.get("hourly_rate") and not params.get("daily_wage_by_hours") and not params.get("daily_base")
    return "hour" if hourly else "day"


def states_hours_a_day(params: dict[str, Any]) -> bool:
    """Whether the rule says how many hours make a day (day-based rules always do; hourly ones may)."""
    return pay_basis(params) == "day" or bool(params.get("default_hours") or params.get("hours_by_age"))


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
    hours: int  # the hours paid (at most the monthly cap)
    gross: int
    paid: int  # after the cap and truncation
    over_cap: int = 0  # hours worked beyond the monthly cap, not paid


def _part_day_pay(params: dict[str, Any], hours: int, full_hours: int) -> int:
    """The pay of a day cut short by the monthly cap: the rule's day's pay for those hours; a rule that prices
    only whole days (a table without that number of hours) pays the day's wage pro rata (won, rounded down)."""
    table = params.get("daily_wage_by_hours") or {}
    if table and str(hours) not in table and str(full_hours) in table:
        return int(table[str(full_hours)]) * hours // full_hours + int(params.get("daily_allowance") or 0)
    return day_pay(params, hours)


def month_pay(params: dict[str, Any], *, days: int = 0, hours_per_day: int | None = None, hours: int | None = None,
              age: int | None = None) -> MonthPay:
    """Either `days` worked (hours a day from the age or given) or, for hourly programs, `hours` in the month
    (`days` then only carried along)."""
    step = int(params.get("truncate_to") or 1)
    cap = params.get("monthly_cap_hours")
    if hours is not None:  # hourly programs (50+ 보람일자리: at most 57 hours a month)
        worked = min(hours, int(cap)) if cap else hours
        gross = worked * int(params["hourly_rate"]) + days * int(params.get("daily_allowance") or 0)
        return MonthPay(days, worked, gross, truncate_to(gross, step), hours - worked)
    h = hours_per_day if hours_per_day is not None else hours_a_day(params, age or 0)
    worked = days * h
    if cap and h and worked > int(cap):  # hours beyond the cap are not paid (see the module's note)
        full, rest = divmod(int(cap), h)
        gross = full * day_pay(params, h) + (_part_day_pay(params, rest, h) if rest else 0)
        return MonthPay(days, int(cap), gross, truncate_to(gross, step), worked - int(cap))
    gross = days * day_pay(params, h)
    return MonthPay(days, worked, gross, truncate_to(gross, step))
