"""What a roll-up answers: its dimensions, the figures of a group (Figures), rows and the result with totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from iljari.core.numbers import AmountUnit, Rounding, format_amount, format_count, format_percent, rate
from iljari.orgs.models import OrgUnit

DIMENSIONS = ["program", "org", "district", "job_type", "subtype", "policy_field", "target_group",
              "funding_source", "month", "quarter", "half"]


PERIOD_DIMS = {"month": "M", "quarter": "Q", "half": "H"}


# Summing over these dimensions would count something twice; their totals are queried on their own.
NON_ADDITIVE = {"target_group", "month", "quarter", "half"}


METRICS = ["target", "result", "budget", "commitment", "expenditure"]


DIM_LABELS = {
    "program": ("사업", "Program"), "org": ("조직", "Org unit"), "district": ("자치구", "District"),
    "job_type": ("유형", "Job type"), "subtype": ("세부유형", "Subtype"), "policy_field": ("정책분야", "Policy field"),
    "target_group": ("사업대상", "Target group"), "funding_source": ("재원", "Funding source"),
    "month": ("월", "Month"), "quarter": ("분기", "Quarter"), "half": ("반기", "Half"),
}


class RollupError(ValueError):
    pass


@dataclass
class Figures:
    target: int | None = None
    result: int | None = None
    budget: int | None = None
    commitment: int | None = None
    expenditure: int | None = None
    program_count: int = 0

    @property
    def achievement_rate(self) -> Decimal | None:
        return rate(self.result, self.target)

    @property
    def execution_rate(self) -> Decimal | None:
        return rate(self.expenditure, self.budget)

    @property
    def cost_per_job(self) -> Decimal | None:
        """집행액 / 실적: won spent per job achieved so far."""
        if self.expenditure is None or not self.result:
            return None
        return Decimal(self.expenditure) / Decimal(self.result)

    def add(self, other: Figures) -> None:
        for m in METRICS:
            a, b = getattr(self, m), getattr(other, m)
            setattr(self, m, b if a is None else (a if b is None else a + b))


def _diff(a: int | None, b: int | None) -> int | None:
    if a is None and b is None:
        return None
    return (a or 0) - (b or 0)


@dataclass
class RollupRow:
    """One line of a roll-up: a group (level 2), a subtotal 소계 (level 1) or the total 계 (level 0)."""

    level: int
    keys: tuple[str | None, ...]
    labels: tuple[str, ...]
    labels_en: tuple[str, ...]
    current: Figures
    previous: Figures
    filters: dict[str, str] = field(default_factory=dict)

    def as_dict(self, rounding: Rounding, unit: AmountUnit) -> dict[str, Any]:
        c, p = self.current, self.previous

        def money(v: int | None) -> str:
            return format_amount(v, unit, rounding)

        def pct(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        return {
            "level": self.level, "keys": list(self.keys), "labels": list(self.labels),
            "labels_en": list(self.labels_en), "filters": self.filters,
            "program_count": c.program_count,
            "target": c.target, "result": c.result,
            "achievement_rate": pct(c.achievement_rate),
            "budget": c.budget, "commitment": c.commitment, "expenditure": c.expenditure,
            "execution_rate": pct(c.execution_rate),
            "cost_per_job": pct(c.cost_per_job),
            "previous": {"target": p.target, "result": p.result, "budget": p.budget,
                         "expenditure": p.expenditure, "achievement_rate": pct(p.achievement_rate),
                         "execution_rate": pct(p.execution_rate)},
            "change": {"target": _diff(c.target, p.target), "result": _diff(c.result, p.result),
                       "budget": _diff(c.budget, p.budget), "expenditure": _diff(c.expenditure, p.expenditure)},
            "display": {
                "target": format_count(c.target), "result": format_count(c.result),
                "achievement_rate": format_percent(c.achievement_rate, rounding),
                "budget": money(c.budget), "commitment": money(c.commitment), "expenditure": money(c.expenditure),
                "execution_rate": format_percent(c.execution_rate, rounding),
                "cost_per_job": format_amount(c.cost_per_job, AmountUnit.WON, rounding),
                "previous_target": format_count(p.target), "previous_result": format_count(p.result),
                "previous_budget": money(p.budget),
                "target_change": format_count(_diff(c.target, p.target)) if p.target is not None else "-",
                "result_change": format_count(_diff(c.result, p.result)) if p.result is not None else "-",
                "budget_change": money(_diff(c.budget, p.budget)) if p.budget is not None else "-",
            },
        }


@dataclass
class RollupResult:
    year: int
    as_of: dt.date
    previous_as_of: dt.date
    by: list[str]
    org: OrgUnit | None
    rounding: Rounding
    unit: AmountUnit
    rows: list[RollupRow]
    source: str  # "monthly" or "facts"
    notes: list[str] = field(default_factory=list)
    group_count: int = 0  # groups of the first dimension before paging
    offset: int = 0
    limit: int | None = None

    @property
    def total(self) -> RollupRow:
        return next(r for r in self.rows if r.level == 0)

    def groups(self) -> list[RollupRow]:
        return [r for r in self.rows if r.level == len(self.by)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "as_of": self.as_of.isoformat(), "previous_as_of": self.previous_as_of.isoformat(),
            "by": self.by, "org": self.org.code if self.org else None, "rounding": str(self.rounding),
            "unit": str(self.unit), "unit_label": self.unit.label_ko, "source": self.source, "notes": self.notes,
            "group_count": self.group_count, "offset": self.offset, "limit": self.limit,
            "rows": [r.as_dict(self.rounding, self.unit) for r in self.rows if r.level > 0],
            "total": self.total.as_dict(self.rounding, self.unit),
        }
