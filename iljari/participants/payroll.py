"""A month's payroll of a round from the days and hours officers entered (근무 실적 → 임금 지급 대장).

The page (`/rounds/<id>/payroll/`) and the workbook (`exports.payroll_workbook`) read the same rows from here, so
the pay an officer checks on screen is the pay in the file. A participant with nothing entered for the month is
marked 미입력 and left out of the total: an officer who downloads a payroll before every row is entered sees
who is missing, instead of a total that silently assumes every weekday was worked (or pays nothing without
saying so). 0 days entered is a figure (pay 0); nothing entered is not.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from .eligibility import age_on
from .models import Application, PayRule, RecruitmentRound, WorkRecord
from .pay import MonthPay, month_pay, pay_basis, pay_rule_on


def work_months(rnd: RecruitmentRound) -> list[tuple[int, int]]:
    """The (year, month) of every month with a day of the work period."""
    out: list[tuple[int, int]] = []
    y, m = rnd.work_from.year, rnd.work_from.month
    while (y, m) <= (rnd.work_to.year, rnd.work_to.month) and len(out) < 120:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_bounds(rnd: RecruitmentRound, year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the month inside the work period (ValueError: no such month, or none of it
    inside the period)."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    start, end = max(first, rnd.work_from), min(last, rnd.work_to)
    if start > end:
        raise ValueError("outside the work period")
    return start, end


def rule_for_month(rnd: RecruitmentRound, year: int, month: int) -> PayRule | None:
    """The pay rule in force on the month's first day of work."""
    start, _ = month_bounds(rnd, year, month)
    return pay_rule_on(rnd.program_id, start)


def work_basis(rnd: RecruitmentRound, year: int, month: int) -> str | None:
    rule = rule_for_month(rnd, year, month)
    return pay_basis(rule.params) if rule else None


@dataclass
class PayrollRow:
    application: Application
    age: int
    record: WorkRecord | None
    pay: MonthPay | None

    @property
    def entered(self) -> bool:
        return self.record is not None

    @property
    def dropped_out(self) -> bool:
        return self.application.status == Application.Status.DROPPED_OUT


@dataclass
class Payroll:
    round: RecruitmentRound
    year: int
    month: int
    first: dt.date
    last: dt.date
    rule: PayRule | None
    basis: str | None
    rows: list[PayrollRow] = field(default_factory=list)

    @property
    def days_limit(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def payable(self) -> list[PayrollRow]:
        """The rows of the ledger: every selected participant, and a dropped-out one with days entered."""
        return [r for r in self.rows if r.entered or not r.dropped_out]

    @property
    def missing(self) -> list[PayrollRow]:
        return [r for r in self.payable if not r.entered]

    @property
    def entered_count(self) -> int:
        return len(self.payable) - len(self.missing)

    @property
    def total_gross(self) -> int:
        return sum(r.pay.gross for r in self.rows if r.pay)

    @property
    def total_paid(self) -> int:
        return sum(r.pay.paid for r in self.rows if r.pay)


def payroll(rnd: RecruitmentRound, year: int, month: int,
            applications: QuerySet[Application] | None = None) -> Payroll:
    """The month's rows: participants (selected, or dropped out) of `applications` (the part of the round the
    reader may see; default all) in rank order, with what was entered and the pay it gives under the pay rule in
    force on the month's first day of work."""
    first, last = month_bounds(rnd, year, month)
    rule = pay_rule_on(rnd.program_id, first)
    basis = pay_basis(rule.params) if rule else None
    apps = list((rnd.applications.all() if applications is None else applications).filter(
        status__in=[Application.Status.SELECTED, Application.Status.DROPPED_OUT])
        .select_related("applicant").order_by("rank", "id"))
    records = {w.application_id: w for w in WorkRecord.objects.filter(
        application__in=[a.pk for a in apps], year=year, month=month)}
    out = Payroll(rnd, year, month, first, last, rule, basis)
    birth_ref = dt.date(year, month, 1)
    for a in apps:
        age = age_on(a.applicant.birth_date, birth_ref)
        rec = records.get(a.pk)
        pay = None
        if rec is not None and rule is not None:
            pay = month_pay(rule.params, days=rec.days, hours=rec.hours or 0) if basis == "hour" else \
                month_pay(rule.params, days=rec.days, age=age)
        out.rows.append(PayrollRow(a, age, rec, pay))
    return out
