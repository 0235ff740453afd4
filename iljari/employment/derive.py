"""The funnel into the ledger: a centre's records counted per month and written as ledger facts (docs/employment.md,
"The funnel in the ledger").

For each centre with a `program` and each calendar month, five counts become facts on the centre's program for the
centre's `org_unit` (funding source `total`, the ledger's source for every measure not split by source):

    vacancies_registered   Vacancy.posted_on     (not pending, not rejected)
    seekers_registered     Seeker.registered_on
    counselling_cases      Counselling.held_on
    referrals_made         Referral.referred_on
    people_placed          Placement.placed_on

All five measures are `cumulative`: the ledger reads a year's value as of a date D from the version with the
greatest (ref_date, as_of, id) among the year's versions with as_of <= D (ledger.rollup, ledger.aggregates). So the
fact of month M holds the RUNNING TOTAL from 1 January, and its `as_of` is the day the count runs to: the month's
end for a month that is over, the derivation's cut-off day for the month it falls in (a partial month). "2018 as
of 2018-08-20" thus reads the August fact whose as_of is 2018-08-20: exactly the records dated up to that day.

Re-running is idempotent. For every month key it compares the count at each as_of the key already has (and at the
month's natural as_of) with the value the ledger gives there, and records a new version (replacing the previous
one: the ledger's correction model, with an audit row per changed value) only where they differ. A record
corrected later (deleted, moved to another month or centre) thus corrects every derived figure it counted in, and
the key's history shows the old and the new value. Locked periods (마감) are left alone and reported.

Facts are written with source "derived", the batch id of the run, note "employment.derive" and `illustrative` when
the year's records of the centre include illustrative ones. Signals (employment.signals) re-derive the centre-years
a transaction touched, once, after it commits; bulk loads (the demo) call `funnel_derive` themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from iljari.core.context import change_context
from iljari.core.periods import Period, month_end
from iljari.ledger.derived import DeriveOutcome, current_actor, default_cutoff
from iljari.ledger.derived import RunningTotals as _Series
from iljari.ledger.derived import month_versions as _versions
from iljari.ledger.derived import value_at as _value_at
from iljari.ledger.services import FactInput, facts_record, lock_for, locked_periods
from iljari.programs.models import Code, Measure

from .models import Centre, Counselling, Placement, Referral, Seeker, Vacancy

SOURCE = "derived"  # Fact.source (max 10 characters)
NOTE = "employment.derive"
REASON = "일자리센터 기록에서 집계 / counted from the job centre records"

# measure code -> (model, date field, extra filter)
FUNNEL: dict[str, tuple[Any, str, Q]] = {
    "vacancies_registered": (Vacancy, "posted_on",
                             ~Q(status__in=[Vacancy.Status.PENDING, Vacancy.Status.REJECTED])),
    "seekers_registered": (Seeker, "registered_on", Q()),
    "counselling_cases": (Counselling, "held_on", Q()),
    "referrals_made": (Referral, "referred_on", Q()),
    "people_placed": (Placement, "placed_on", Q()),
}
MEASURES = list(FUNNEL)

def _daily(measure: str, centre_ids: list[int], year: int, cutoff: dt.date) -> dict[int, list[tuple[dt.date, int]]]:
    model, date_field, extra = FUNNEL[measure]
    qs = (model.objects.filter(extra, centre_id__in=centre_ids,
                               **{f"{date_field}__gte": dt.date(year, 1, 1), f"{date_field}__lte": cutoff})
          .values_list("centre_id", date_field).annotate(n=Count("id")).order_by())
    out: dict[int, list[tuple[dt.date, int]]] = {}
    for centre_id, day, n in qs:
        out.setdefault(centre_id, []).append((day, n))
    return out


def _illustrative(centre_ids: list[int], year: int) -> set[int]:
    out: set[int] = set()
    for measure in MEASURES:
        model, date_field, _ = FUNNEL[measure]
        out |= set(model.objects.filter(centre_id__in=centre_ids, illustrative=True,
                                        **{f"{date_field}__year": year}).values_list("centre_id", flat=True)
                   .distinct())
    return out


def funnel_derive(*, actor: Any, year: int, as_of: dt.date | None = None, centres: Iterable[Centre] | None = None,
                  reason: str = "") -> DeriveOutcome:
    """Count the records of `year` (up to `as_of`, default today or the year's end) per centre and month and record
    what changed as ledger facts (see the module's docstring). Returns how many values were created, changed and
    left as they were."""
    cutoff = as_of or default_cutoff(year)
    if cutoff.year != year:
        cutoff = dt.date(year, 12, 31) if cutoff.year > year else dt.date(year, 1, 1) - dt.timedelta(days=1)
    out = DeriveOutcome()
    if cutoff.year != year:  # the whole year is after the cut-off: nothing to count yet
        return out
    cs = [c for c in (centres if centres is not None else Centre.objects.all())
          if c.program_id is not None]
    if not cs:
        return out
    cs = list(Centre.objects.filter(pk__in=[c.pk for c in cs]).select_related("program", "org_unit"))
    ids = [c.pk for c in cs]
    measures = {m.code: m for m in Measure.objects.filter(code__in=MEASURES)}
    total = Code.objects.get(list="funding_source", code="total")
    series = {m: _daily(m, ids, year, cutoff) for m in MEASURES if m in measures}
    illustrative = _illustrative(ids, year)
    versions = _versions({int(c.program_id) for c in cs if c.program_id}, year, {m.pk for m in measures.values()}, total.pk)
    items: list[FactInput] = []
    for c in cs:
        locks = locked_periods(c.org_unit)
        had_any = any(c.pk in series[m] for m in series)
        for code, daily in series.items():
            s = _Series(list(daily.get(c.pk, [])))
            measure = measures[code]
            for month in range(1, cutoff.month + 1):
                period = Period.parse(f"{year}-{month:02d}")
                key = (c.program_id, c.org_unit_id, measure.pk, period.id)
                have = versions.get(key, [])
                if not have and not had_any:
                    continue  # no record of the centre this year and nothing recorded before: no figures
                natural = min(month_end(year, month), cutoff)
                points = sorted({natural, *(f.as_of for f in have if f.as_of <= cutoff)})
                for day in points:
                    value = s.upto(day)
                    if _value_at(have, day) == value:
                        out.unchanged += 1
                        continue
                    if day != natural and day not in {f.as_of for f in have}:
                        continue  # pragma: no cover - points are the natural day and the key's own days
                    if lock_for(locks, period) is not None:
                        out.locked.append(f"{c.code} {code} {period.id}")
                        continue
                    items.append(FactInput(program=c.program,  # type: ignore[arg-type]  # centres without one are left out above
                                           org_unit=c.org_unit, measure=measure,
                                           funding_source=total, period=period, value=value, as_of=day,
                                           illustrative=c.pk in illustrative, note=NOTE))
    if not items:
        return out
    with change_context(SOURCE), transaction.atomic():
        rec = facts_record(actor=actor, items=items, reason=reason or REASON, summary={
            "file": f"일자리센터 기록 집계 {year}년 ({cutoff:%Y.%m.%d} 기준)", "centres": [c.code for c in cs]})
    out.created, out.changed = rec.created, rec.changed
    out.unchanged += rec.unchanged
    return out


def funnel_rederive(centre_years: set[tuple[int, int]], *, actor: Any = None, reason: str = "") -> None:
    """Re-derive the centre-years a change touched (the signals' on-commit hook): each year once, for its
    centres, as of today (or the year's end)."""
    from iljari.core.cli import actor_for

    who = actor or current_actor() or actor_for("system")
    by_year: dict[int, set[int]] = {}
    for centre_id, year in centre_years:
        by_year.setdefault(year, set()).add(centre_id)
    for year, centre_ids in sorted(by_year.items()):
        if year > timezone.localdate().year:
            continue
        funnel_derive(actor=who, year=year, centres=list(Centre.objects.filter(pk__in=centre_ids)),
                      reason=reason or "기록 변경에 따른 재집계 / re-derived after a change of the records")


@dataclass(frozen=True)
class MonthFigures:
    """One centre-month of the funnel as the ledger has it: each measure's running total (None: no figure)."""

    month: int
    totals: dict[str, int | None]


def ledger_funnel(centres: list[Centre], year: int, as_of: dt.date) -> dict[int, dict[str, list[int | None]]]:
    """The running totals the ledger holds for each centre, measure and month of `year`, as of `as_of` (the same
    rule as the roll-up: greatest ref_date, as_of, id among versions known by then). {centre id: {measure:
    [12 values or None]}}; months after `as_of` are None."""
    measures = {m.pk: m.code for m in Measure.objects.filter(code__in=MEASURES)}
    total = Code.objects.filter(list="funding_source", code="total").first()
    out: dict[int, dict[str, list[int | None]]] = {c.pk: {m: [None] * 12 for m in MEASURES} for c in centres}
    if total is None or not centres:
        return out
    key_of = {(c.program_id, c.org_unit_id): c.pk for c in centres if c.program_id}
    versions = _versions({c.program_id for c in centres if c.program_id}, year, set(measures), total.pk)
    for (program_id, org_id, measure_id, period), have in versions.items():
        cid = key_of.get((program_id, org_id))
        if cid is None:
            continue
        month = int(period[5:7])
        if dt.date(year, month, 1) > as_of:
            continue
        out[cid][measures[measure_id]][month - 1] = _value_at(have, as_of)
    return out
