"""The pledge card (공약사업 카드) computed from the pledge's data: every total and rate is derived here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from iljari.core.errors import ErrorCode, Problem
from iljari.core.numbers import Rounding, format_amount, format_percent, format_quantity, rate

from .labels import ENGLISH
from .models import Pledge, PledgeAmount, PledgeEvent
from .services import SOURCES

SOURCE_LABELS = {"national": "국비", "city": "시비", "district": "구비", "other": "기타"}


@dataclass
class AmountRow:
    """One row of the plan or execution table: 계, 임기 내 소계, each year of the term, 임기 후 (won or None)."""

    label: str
    total: int | None
    within: int | None
    years: list[int | None]
    after: int | None
    is_total: bool = False


@dataclass
class AmountTable:
    years: list[int]
    rows: list[AmountRow]


@dataclass
class IndicatorLine:
    order: int
    name: str
    indicator: str
    unit: str
    goal: Decimal
    goal_note: str
    weight: Decimal
    additive: bool
    yearly: list[Decimal | None]
    quarterly: list[Decimal | None]  # Q1..Q4 of the card's year
    year_target: Decimal | None
    result: Decimal | None
    result_as_of: dt.date | None
    rate: Decimal | None  # exact result / goal x 100


@dataclass
class PledgeCard:
    pledge: Pledge
    as_of: dt.date
    year: int  # the year of the quarterly targets
    rounding: Rounding
    cost: AmountRow  # 총사업비 by source (from the investment plan)
    cost_by_source: dict[str, int | None]
    plan: AmountTable
    execution: AmountTable
    indicators: list[IndicatorLine]
    total_rate: Decimal | None  # weighted sum of exact indicator rates
    activities: list[tuple[str, list[bool]]]
    schedule_quarters: list[str]
    milestones: list[PledgeEvent]
    participation: list[PledgeEvent]
    checks: list[Problem] = field(default_factory=list)

    def percent(self, value: Decimal | None) -> str:
        return format_percent(value, self.rounding)

    def million(self, won: int | None) -> str:
        return format_amount(won, rounding=self.rounding)


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _amount_table(pledge: Pledge, amounts: list[PledgeAmount], kind: str) -> AmountTable:
    years = list(range(pledge.term_start, pledge.term_end + 1))
    by: dict[tuple[str, int], int] = {}
    for a in amounts:
        if a.kind == kind:
            by[(a.funding_source.code, a.year)] = by.get((a.funding_source.code, a.year), 0) + a.amount
    rows = []
    for src in SOURCES:
        year_values = [by.get((src, y)) for y in years]
        after = _sum([v for (s, y), v in by.items() if s == src and y > pledge.term_end])
        before = _sum([v for (s, y), v in by.items() if s == src and y < pledge.term_start])
        within = _sum(year_values)
        rows.append(AmountRow(SOURCE_LABELS[src], _sum([before, within, after]), within, year_values, after))
    total = AmountRow("총계", _sum([r.total for r in rows]), _sum([r.within for r in rows]),
                      [_sum([r.years[i] for r in rows]) for i in range(len(years))], _sum([r.after for r in rows]),
                      is_total=True)
    return AmountTable(years, [total, *rows])


def pledge_card(pledge: Pledge, *, as_of: dt.date | None = None, rounding: Rounding | str | None = None
                ) -> PledgeCard:
    """The card as of a date (results recorded after it are not counted); quarterly targets of its year."""
    as_of = as_of or timezone.localdate()
    rnd = Rounding.parse(rounding, Rounding.parse(pledge.owner_org.effective_rounding()))
    amounts = list(pledge.amounts.select_related("funding_source"))
    plan = _amount_table(pledge, amounts, PledgeAmount.Kind.PLAN)
    execution = _amount_table(pledge, amounts, PledgeAmount.Kind.EXECUTION)
    year = min(max(as_of.year, pledge.term_start), pledge.term_end)
    checks: list[Problem] = []
    lines = []
    for ind in pledge.indicators.prefetch_related("targets", "results").order_by("order"):
        targets = {t.period: t.value for t in ind.targets.all()}
        results = [r for r in ind.results.all() if r.as_of <= as_of]
        last = max(results, key=lambda r: r.as_of) if results else None
        yearly = [targets.get(str(y)) for y in plan.years]
        quarterly = [targets.get(f"{year}Q{q}") for q in range(1, 5)]
        line = IndicatorLine(ind.order, ind.name, ind.indicator, ind.unit, ind.goal, ind.goal_note, ind.weight,
                             ind.additive, yearly, quarterly, targets.get(str(year)),
                             last.value if last else None, last.as_of if last else None,
                             rate(last.value, ind.goal) if last else None)
        lines.append(line)
        if ind.additive:
            year_sum = sum((v for v in yearly if v is not None), Decimal(0))
            if any(v is not None for v in yearly) and year_sum != ind.goal:
                checks.append(Problem(
                    ErrorCode.PARTS_DO_NOT_ADD_UP,
                    f"{ind.order}. {ind.name}: 연도별 목표의 합 {format_quantity(year_sum)}이(가) 목표 {format_quantity(ind.goal)}와(과) 다릅니다",
                    f"{ind.order}. {ind.indicator}: yearly targets add up to {format_quantity(year_sum)}, not the goal "
                    f"{format_quantity(ind.goal)}", field=f"indicators[{ind.order - 1}].yearly_targets", severity="warning"))
            q_sum = sum((v for v in quarterly if v is not None), Decimal(0))
            if any(v is not None for v in quarterly) and q_sum != (line.year_target or 0):
                checks.append(Problem(
                    ErrorCode.PARTS_DO_NOT_ADD_UP,
                    f"{ind.order}. {ind.name}: {year}년 분기별 목표의 합 {format_quantity(q_sum)}이(가) 연간 목표 "
                    f"{format_quantity(line.year_target)}와(과) 다릅니다",
                    f"{ind.order}. {ind.indicator}: the quarters of {year} add up to {format_quantity(q_sum)}, not the year's "
                    f"target {format_quantity(line.year_target)}", field=f"indicators[{ind.order - 1}].quarterly_targets",
                    severity="warning"))
    weights = sum((x.weight for x in lines), Decimal(0))
    if lines and weights != 100:
        checks.append(Problem(ErrorCode.PARTS_DO_NOT_ADD_UP,
                              f"확인지표 비율의 합이 {format_quantity(weights)}%입니다 (100%여야 합니다)",
                              f"indicator weights add up to {format_quantity(weights)}%, not 100%", field="indicators",
                              severity="warning"))
    total_rate = (sum((x.weight * x.rate / 100 for x in lines if x.rate is not None), Decimal(0))
                  if lines and any(x.rate is not None for x in lines) else None)
    for tp, te in zip(plan.rows[1:], execution.rows[1:], strict=True):
        for i, year_ in enumerate(plan.years):
            p_v, e_v = tp.years[i], te.years[i]
            if e_v is not None and (p_v is None or e_v > p_v):
                checks.append(Problem(ErrorCode.INVALID,
                                      f"{year_}년 {tp.label} 집행액 {format_amount(e_v)}백만원이 투자계획 "
                                      f"{format_amount(p_v)}백만원보다 많습니다",
                                      f"{year_} {ENGLISH.get(tp.label, tp.label)}: execution {format_amount(e_v)} "
                                      f"million won exceeds the "
                                      f"plan {format_amount(p_v)}", field="execution", severity="warning"))
    quarters = [f"{y}Q{q}" for y in plan.years for q in range(1, 5)]
    activities = [(a.name, [q in set(a.quarters) for q in quarters]) for a in pledge.activities.all()]
    events = list(pledge.events.all())
    cost_by_source = {src: row.total for src, row in zip(SOURCES, plan.rows[1:], strict=True)}
    return PledgeCard(pledge=pledge, as_of=as_of, year=year, rounding=rnd, cost=plan.rows[0],
                      cost_by_source=cost_by_source, plan=plan, execution=execution, indicators=lines,
                      total_rate=total_rate, activities=activities, schedule_quarters=quarters,
                      milestones=[e for e in events if e.kind == PledgeEvent.Kind.MILESTONE],
                      participation=[e for e in events if e.kind != PledgeEvent.Kind.MILESTONE], checks=checks)
