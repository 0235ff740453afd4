"""Subsidy payments into the ledger (docs/cases.md, "Figures into the ledger"). Modelled on bookings.derive.

For each ledger key — the flow's registry `program` and the paying district (the case's `district`; the
program's owning office when the case has none) — and each calendar month of the year, two figures become facts
(funding source `total`):

    job_result    people paid (실적): the distinct workers (the person registry's clusters: one human counted once)
                  with a payment paid in the year, counted on the day of their first payment of the year
    expenditure   won paid (지출액): the payments paid, on their `paid_on` day

Both measures are `cumulative`: the fact of month M holds the running total from 1 January, its `as_of` the
month's end or, for the month the cut-off day falls in, the cut-off day. Re-running changes nothing; a corrected
payment records a new version of every figure it counted in; locked periods (마감) are left alone and reported.
Recoveries are not netted off (what was paid out stays paid out; the recovery ledger keeps what came back).
Facts carry source "derived", note "cases.derive" and `illustrative` when the key's payments of the year include
illustrative ones. `batch_mark_paid` re-derives its flow-year once after it commits; bulk loads (the demo) call
`payments_derive` themselves. The district budgets are written as budget facts by `cases.money` when set or
reallocated (not here: a budget is a decision, not a count).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.core.context import change_context
from iljari.core.periods import Period, month_end
from iljari.ledger.derived import DeriveOutcome, RederiveAfterCommit, current_actor, default_cutoff
from iljari.ledger.derived import RunningTotals as _Series
from iljari.ledger.derived import month_versions as _versions
from iljari.ledger.derived import value_at as _value_at
from iljari.ledger.services import FactInput, facts_record, lock_for, locked_periods
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program

from .models import Flow, Payment

SOURCE = "derived"
NOTE = "cases.derive"
REASON = "지원금 지급 기록에서 집계 / counted from the subsidy payments"
MEASURES = ["job_result", "expenditure"]

Daily = dict[str, dict[tuple[int, int], list[tuple[dt.date, int]]]]


def paid_daily(year: int, cutoff: dt.date, flows: Iterable[Flow] | None = None
               ) -> tuple[Daily, set[tuple[int, int]]]:
    """Per key (program id, unit id): the people first paid and the won paid, per day, from 1 January to
    `cutoff`; and the keys with an illustrative payment."""
    from iljari.people.selectors import linked_persons

    qs = Payment.objects.filter(status=Payment.Status.PAID, paid_on__gte=dt.date(year, 1, 1), paid_on__lte=cutoff)
    if flows is not None:
        qs = qs.filter(case__flow__in=list(flows))
    rows = list(qs.values_list("case__flow__program_id", "case__district_id", "case__flow__program__owner_org_id",
                               "case__person_id", "paid_on", "amount", "illustrative").order_by("paid_on", "pk"))
    persons = {r[3] for r in rows if r[3]}
    human: dict[int, int] = {}
    if persons:
        for pid, h in linked_persons(persons).items():
            human[pid] = min(h.cluster) if h.cluster else pid
    out: Daily = {m: defaultdict(list) for m in MEASURES}
    seen: set[tuple[int, int, int]] = set()
    illustrative: set[tuple[int, int]] = set()
    for program, district, owner, person, day, amount, illus in rows:
        key = (int(program), int(district or owner))
        out["expenditure"][key].append((day, int(amount)))
        if illus:
            illustrative.add(key)
        if person:
            h = human.get(person, person)
            if (key[0], key[1], h) not in seen:
                seen.add((key[0], key[1], h))
                out["job_result"][key].append((day, 1))
    return out, illustrative


def payments_derive(*, actor: Any, year: int, as_of: dt.date | None = None, flows: Iterable[Flow] | None = None,
                    reason: str = "") -> DeriveOutcome:
    """Count the payments of `year` (up to `as_of`, default today or the year's end) per key and month and record
    what changed as ledger facts (module docstring)."""
    cutoff = as_of or default_cutoff(year)
    out = DeriveOutcome()
    if cutoff.year < year:
        return out
    if cutoff.year > year:
        cutoff = dt.date(year, 12, 31)
    flow_list = list(flows) if flows is not None else list(Flow.objects.filter(kind=Flow.Kind.SUBSIDY))
    if not flow_list:
        return out
    daily, illustrative = paid_daily(year, cutoff, flow_list)
    program_ids = {f.program_id for f in flow_list}
    measures = {m.code: m for m in Measure.objects.filter(code__in=MEASURES)}
    total = Code.objects.get(list="funding_source", code="total")
    versions = _versions(program_ids, year, {m.pk for m in measures.values()}, total.pk)
    # keys with payments, and keys this derivation wrote before (a payment undone leaves its figures to correct)
    keys = set(daily["expenditure"]) | {(k[0], k[1]) for k, fs in versions.items() if any(f.note == NOTE for f in fs)}
    keys = {k for k in keys if k[0] in program_ids}
    programs = Program.objects.in_bulk({k[0] for k in keys})
    units = OrgUnit.objects.in_bulk({k[1] for k in keys})
    items: list[FactInput] = []
    for key in sorted(keys):
        program, unit = programs[key[0]], units[key[1]]
        locks = locked_periods(unit)
        for code in MEASURES:
            measure = measures[code]
            s = _Series(daily[code].get(key, []))
            for month in range(1, cutoff.month + 1):
                period = Period.parse(f"{year}-{month:02d}")
                have = versions.get((key[0], key[1], measure.pk, period.id), [])
                natural = min(month_end(year, month), cutoff)
                for day in sorted({natural, *(f.as_of for f in have if f.as_of <= cutoff)}):
                    value = s.upto(day)
                    if _value_at(have, day) == value or (not have and value == 0 and key not in daily[code]):
                        out.unchanged += 1
                        continue
                    if lock_for(locks, period) is not None:
                        out.locked.append(f"{unit.code} {code} {period.id}")
                        continue
                    items.append(FactInput(program=program, org_unit=unit, measure=measure, funding_source=total,
                                           period=period, value=value, as_of=day, illustrative=key in illustrative,
                                           note=NOTE))
    if not items:
        return out
    with change_context(SOURCE), transaction.atomic():
        rec = facts_record(actor=actor, items=items, reason=reason or REASON, summary={
            "file": f"지원금 지급 집계 {year}년 ({cutoff:%Y.%m.%d} 기준)",
            "flows": sorted(f.code for f in flow_list)})
    out.created, out.changed = rec.created, rec.changed
    out.unchanged += rec.unchanged
    return out


def _rederive(flow_years: set[tuple[int, int]], *, actor: Any = None, reason: str = "") -> None:
    from iljari.core.cli import actor_for

    who = actor or current_actor() or actor_for("system")
    by_year: dict[int, set[int]] = defaultdict(set)
    for flow_id, year in flow_years:
        by_year[year].add(flow_id)
    for year, ids in sorted(by_year.items()):
        if year > timezone.localdate().year:
            continue
        payments_derive(actor=who, year=year, flows=list(Flow.objects.filter(pk__in=ids)),
                        reason=reason or "지급 기록 변경에 따른 재집계 / re-derived after payments changed")


REDERIVE = RederiveAfterCommit(_rederive)
