"""월별 실적 입력: one unit, one month, every program's cumulative result and expenditure, saved at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.numbers import NumberParseError, format_count, parse_number
from iljari.core.periods import Period, month_end
from iljari.ledger.models import Fact
from iljari.ledger.services import FactInput, RecordOutcome, facts_record
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program

MAX_VALUE = 10**18  # the ledger stores 64-bit integers (to 9.2 x 10^18); a larger entry is a typo
FIELDS = [("result", "job_result"), ("expenditure", "expenditure")]


@dataclass
class EntryRow:
    program: Program
    current: dict[str, Fact | None] = field(default_factory=dict)
    previous: dict[str, Fact | None] = field(default_factory=dict)

    def name(self, kind: str) -> str:
        return f"{kind}_{self.program.pk}"

    def shown(self, kind: str) -> str:
        f = self.current.get(kind)
        return "" if f is None else f"{f.value:,}"

    def previous_shown(self, kind: str) -> str:
        f = self.previous.get(kind)
        return format_count(None if f is None else f.value)

    def version(self, kind: str) -> str:
        f = self.current.get(kind)
        return "" if f is None else str(f.pk)


@dataclass
class EntrySheet:
    unit: OrgUnit
    year: int
    month: int
    rows: list[EntryRow]
    measures: dict[str, Measure]
    total: Code

    @property
    def period(self) -> Period:
        return Period(self.year, "M", self.month)

    @property
    def as_of(self) -> dt.date:
        return min(month_end(self.year, self.month), timezone.localdate())

    @classmethod
    def build(cls, *, unit: OrgUnit, year: int, month: int) -> EntrySheet:
        measures = {kind: Measure.objects.get(code=code) for kind, code in FIELDS}
        total = Code.objects.get(list="funding_source", code="total")
        period = Period(year, "M", month)
        prev = Period(year - 1, "M", 12) if month == 1 else Period(year, "M", month - 1)
        first, last = dt.date(year, month, 1), month_end(year, month)
        # the unit's programs running in the month (one that ended in 2021 is not entered for 2026), and any
        # program the unit already has figures of this year
        running = (Q(start__isnull=True) | Q(start__lte=last)) & (Q(end__isnull=True) | Q(end__gte=first))
        programs = list(Program.objects.filter(
            ((Q(owner_org=unit) | Q(implementing_orgs=unit)) & running)
            | Q(pk__in=Fact.objects.filter(org_unit=unit, year=year).values("program_id")))
            .exclude(status__in=["abolished"]).distinct().order_by("code"))
        by_id = {p.pk: EntryRow(p) for p in programs}
        kind_of = {m.pk: k for k, m in measures.items()}
        for f in (Fact.objects.filter(org_unit=unit, program_id__in=by_id, measure_id__in=kind_of,
                                      funding_source=total, period__in=[period.id, prev.id]).order_by("id")):
            row = by_id[f.program_id]
            (row.current if f.period == period.id else row.previous)[kind_of[f.measure_id]] = f
        return cls(unit, year, month, list(by_id.values()), measures, total)

    def save(self, *, actor: Any, data: Any, reason: str = "") -> RecordOutcome:
        """Record every filled field; nothing is saved if one is wrong (each error names its field)."""
        if month_end(self.year, self.month) > timezone.localdate() and dt.date(self.year, self.month, 1) > timezone.localdate():
            raise ServiceError(Problem(ErrorCode.INVALID, "아직 시작하지 않은 달의 실적은 입력할 수 없습니다",
                                       "results cannot be entered for a month that has not begun"))
        items: list[FactInput] = []
        problems: list[Problem] = []
        expected: dict[tuple, int | None] = {}
        names: dict[int, str] = {}
        for row in self.rows:
            for kind, _code in FIELDS:
                name = row.name(kind)
                raw = (data.get(name) or "").strip()
                if raw == "" or raw == row.shown(kind):
                    continue  # left as it was
                try:
                    value = parse_number(raw)
                except NumberParseError:
                    problems.append(Problem(ErrorCode.NOT_A_NUMBER, f"숫자가 아닙니다: {raw}",
                                            f"not a number: {raw}", field=name))
                    continue
                if value is None:
                    continue
                if value != value.to_integral_value():
                    problems.append(Problem(ErrorCode.NOT_AN_INTEGER, "정수로 입력하십시오",
                                            "enter a whole number", field=name))
                    continue
                if abs(value) >= MAX_VALUE:  # the ledger stores 64-bit integers: beyond is a typo, not a figure
                    problems.append(Problem(ErrorCode.OUT_OF_RANGE, f"너무 큰 수입니다: {raw}",
                                            f"too large a number: {raw}", field=name))
                    continue
                line = len(items) + 1
                names[line] = name
                fi = FactInput(program=row.program, org_unit=self.unit, measure=self.measures[kind],
                               funding_source=self.total, period=self.period, value=int(value), as_of=self.as_of,
                               line=line)
                items.append(fi)
                seen = (data.get(f"v_{name}") or "").strip()
                expected[fi.key] = int(seen) if seen.isdigit() and len(seen) <= 18 else None
        if problems:
            raise ServiceError(problems)
        try:
            return facts_record(actor=actor, items=items, reason=reason or "월별 실적 입력 / monthly entry",
                                expected_versions=expected, summary={"unit": self.unit.code,
                                                                     "period": self.period.id})
        except ServiceError as exc:
            for p in exc.problems:
                if p.line in names:
                    p.field = names[p.line]
            raise
