"""Usage into the ledger: job cafés' and suit operators' records counted per month and written as ledger facts
(docs/bookings/ledger.md). Modelled on employment.derive (the job centres' funnel).

For each ledger key (an operator's `program` and `org_unit`; operators that share both are summed into one key)
and each calendar month, four counts become facts (funding source `total`):

    cafe_users        이용 인원: people served at cafés = study-room and AI-room people (Booking.party_size of
                      bookings checked in) + the people at programme sessions held (Session.attended when the
                      session records a head count — the demo history — else the checked-in bookings' party_size)
    cafe_operations   운영 횟수: room bookings used (checked in, study room or AI room) + sessions held
    study_room_users  스터디룸 이용 인원: the study-room part of cafe_users
    suit_users        취업날개 이용자 수: rentals picked up (status picked up or returned), in the month of pick-up
                      (the local day of `picked_up_at`, or `pickup_on` when the time is not recorded)

A booking counts on the local (Asia/Seoul) day it starts; a session on the day it is held. A no-show, a booking
still only booked and a cancelled booking are not uses; a cancelled session is not held (even with a head count);
a rental never picked up (reserved, cancelled, not picked up) has no user.

All measures are `cumulative`: the fact of month M holds the running total from 1 January, its `as_of` the month's
end or, for the month the cut-off day falls in, the cut-off day (so "2018 as of 2018-08-20" reads exactly the
records up to that day). Re-running changes nothing; a corrected record records a new version of every figure it
counted in (the ledger's correction model, with audit rows); locked periods (마감) are left alone and reported.
Facts carry source "derived", note "bookings.derive" and `illustrative` when the key's records of the year include
illustrative ones. Signals (bookings.signals) re-derive the operator-years a transaction touched, once, after it
commits, under the acting user; bulk loads (the demo) call `usage_derive` themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from iljari.core.context import change_context
from iljari.core.periods import Period, month_end
from iljari.ledger.derived import DeriveOutcome, current_actor, default_cutoff
from iljari.ledger.derived import RunningTotals as _Series
from iljari.ledger.derived import month_versions as _versions
from iljari.ledger.derived import value_at as _value_at
from iljari.ledger.services import FactInput, facts_record, lock_for, locked_periods
from iljari.programs.models import Code, Measure

from .codes import USAGE_MEASURES
from .models import Booking, Operator, Rental, Service, Session

SOURCE = "derived"
NOTE = "bookings.derive"
REASON = "일자리카페·취업날개 이용 기록에서 집계 / counted from the job cafés' and suit operators' records"
MEASURES = [m[0] for m in USAGE_MEASURES]
RENTAL_USED = (Rental.Status.PICKED_UP, Rental.Status.RETURNED)

def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = _tz()
    return (dt.datetime.combine(start, dt.time(), tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))


Daily = dict[str, dict[int, list[tuple[dt.date, int]]]]  # measure -> operator or place id -> [(day, n)]


def usage_daily(start: dt.date, end: dt.date, *, by: str = "operator", ids: Iterable[int] | None = None) -> Daily:
    """The four usage counts per day from `start` to `end` (inclusive), per operator (`by="operator"`) or per place
    (`by="place"`: the café or the suit branch), for the operators or places `ids` (all when None). The one
    counting rule of the ledger and of the usage pages (module docstring)."""
    assert by in ("operator", "place")
    tz = _tz()
    lo, hi = _bounds(start, end)
    out: Daily = {m: {} for m in MEASURES}
    id_list = None if ids is None else list(ids)

    def add(measure: str, key: int, day: dt.date, n: int) -> None:
        if n:
            out[measure].setdefault(key, []).append((day, int(n)))

    # room bookings used: study rooms and AI interview rooms
    b_key = "place__operator_id" if by == "operator" else "place_id"
    rooms = Booking.objects.filter(kind=Booking.Kind.ROOM, status=Booking.Status.CHECKED_IN,
                                   starts_at__gte=lo, starts_at__lt=hi)
    if id_list is not None:
        rooms = rooms.filter(**{f"{b_key}__in": id_list})
    for key, service, day, n, people in (rooms.annotate(day=TruncDate("starts_at", tzinfo=tz))
                                         .values_list(b_key, "service", "day").annotate(n=Count("id"),
                                                                                        p=Sum("party_size"))
                                         .order_by()):
        add("cafe_operations", key, day, n)
        add("cafe_users", key, day, people)
        if service == Service.STUDY_ROOM:
            add("study_room_users", key, day, people)
    # sessions held: the head count recorded, else the checked-in bookings
    s_key = "programme__place__operator_id" if by == "operator" else "programme__place_id"
    sessions = Session.objects.filter(starts_at__gte=lo, starts_at__lt=hi).exclude(status=Session.Status.CANCELLED)
    if id_list is not None:
        sessions = sessions.filter(**{f"{s_key}__in": id_list})
    checked = dict(Booking.objects.filter(kind=Booking.Kind.SESSION, status=Booking.Status.CHECKED_IN,
                                          session__starts_at__gte=lo, session__starts_at__lt=hi)
                   .values_list("session_id").annotate(p=Sum("party_size")).order_by())
    for sid, key, starts_at, status, attended in sessions.values_list("id", s_key, "starts_at", "status", "attended"):
        people = attended if attended is not None else int(checked.get(sid) or 0)
        if status != Session.Status.HELD and attended is None and not people:
            continue  # not (yet) held: nobody checked in
        day = timezone.localtime(starts_at, tz).date()
        add("cafe_operations", key, day, 1)
        add("cafe_users", key, day, people)
    # suits picked up, in the month of pick-up
    r_key = "operator_id" if by == "operator" else "branch_id"
    rentals = Rental.objects.filter(status__in=RENTAL_USED)
    if id_list is not None:
        rentals = rentals.filter(**{f"{r_key}__in": id_list})
    for key, day, n in (rentals.filter(picked_up_at__isnull=True, pickup_on__gte=start, pickup_on__lte=end)
                        .values_list(r_key, "pickup_on").annotate(n=Count("id")).order_by()):
        add("suit_users", key, day, n)
    for key, day, n in (rentals.filter(picked_up_at__gte=lo, picked_up_at__lt=hi)
                        .annotate(day=TruncDate("picked_up_at", tzinfo=tz))
                        .values_list(r_key, "day").annotate(n=Count("id")).order_by()):
        add("suit_users", key, day, n)
    return out


def _illustrative(operator_ids: list[int], year: int) -> set[int]:
    """Operators with an illustrative record in `year` (bookings, sessions, rentals)."""
    lo, hi = _bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
    out = set(Booking.objects.filter(place__operator_id__in=operator_ids, illustrative=True, starts_at__gte=lo,
                                     starts_at__lt=hi).values_list("place__operator_id", flat=True).distinct())
    out |= set(Session.objects.filter(programme__place__operator_id__in=operator_ids, illustrative=True,
                                      starts_at__gte=lo, starts_at__lt=hi)
               .values_list("programme__place__operator_id", flat=True).distinct())
    out |= set(Rental.objects.filter(operator_id__in=operator_ids, illustrative=True, pickup_on__year=year)
               .values_list("operator_id", flat=True).distinct())
    return out


CAFE_MEASURES = ["cafe_users", "cafe_operations", "study_room_users"]
SUIT_MEASURES = ["suit_users"]


def measures_of(ops: Iterable[Operator]) -> list[str]:
    """The measures a key records: suit operators' suit users, cafés' the three café figures (no zeros of a
    service the operator does not run)."""
    kinds = {o.kind for o in ops}
    return (SUIT_MEASURES if Operator.Kind.SUIT in kinds else []) + (
        CAFE_MEASURES if kinds - {Operator.Kind.SUIT} else [])


def key_operators(operators: Iterable[Operator] | None = None) -> dict[tuple[int, int], list[Operator]]:
    """The ledger keys (program id, org unit id) of these operators (all when None) with EVERY operator of each
    key (a key's figure is the sum of its operators: deriving one of them alone would undercount it)."""
    qs = Operator.objects.filter(program__isnull=False)
    if operators is not None:
        pairs = {(o.program_id, o.org_unit_id) for o in operators if o.program_id}
        if not pairs:
            return {}
        q = Q()
        for p, u in pairs:
            q |= Q(program_id=p, org_unit_id=u)
        qs = qs.filter(q)
    out: dict[tuple[int, int], list[Operator]] = {}
    for o in qs.select_related("program", "org_unit").order_by("code"):
        out.setdefault((int(o.program_id), int(o.org_unit_id)), []).append(o)  # type: ignore[arg-type]
    return out


def usage_derive(*, actor: Any, year: int, as_of: dt.date | None = None,
                 operators: Iterable[Operator] | None = None, reason: str = "") -> DeriveOutcome:
    """Count the records of `year` (up to `as_of`, default today or the year's end) per ledger key and month and
    record what changed as ledger facts (module docstring)."""
    cutoff = as_of or default_cutoff(year)
    out = DeriveOutcome()
    if cutoff.year < year:  # the whole year is after the cut-off: nothing to count yet
        return out
    if cutoff.year > year:
        cutoff = dt.date(year, 12, 31)
    keys = key_operators(operators)
    if not keys:
        return out
    op_key = {o.pk: k for k, ops in keys.items() for o in ops}
    measures = {m.code: m for m in Measure.objects.filter(code__in=MEASURES)}
    total = Code.objects.get(list="funding_source", code="total")
    daily = usage_daily(dt.date(year, 1, 1), cutoff, ids=list(op_key))
    by_key: dict[str, dict[tuple, list[tuple[dt.date, int]]]] = {m: {} for m in MEASURES}
    for m, per_op in daily.items():
        for op_id, rows in per_op.items():
            by_key[m].setdefault(op_key[op_id], []).extend(rows)
    illustrative_ops = _illustrative(list(op_key), year)
    versions = _versions({k[0] for k in keys}, year, {m.pk for m in measures.values()}, total.pk)
    items: list[FactInput] = []
    for key, ops in keys.items():
        program, unit = ops[0].program, ops[0].org_unit
        locks = locked_periods(unit)
        had_any = any(key in by_key[m] for m in MEASURES)
        illustrative = any(o.pk in illustrative_ops for o in ops)
        for code in measures_of(ops):
            if code not in measures:
                continue
            measure = measures[code]
            s = _Series(by_key[code].get(key, []))
            for month in range(1, cutoff.month + 1):
                period = Period.parse(f"{year}-{month:02d}")
                have = versions.get((key[0], key[1], measure.pk, period.id), [])
                if not have and not had_any:
                    continue  # no record of the key this year and nothing recorded before: no figures
                natural = min(month_end(year, month), cutoff)
                have_days = {f.as_of for f in have}
                for day in sorted({natural, *(d for d in have_days if d <= cutoff)}):
                    value = s.upto(day)
                    if _value_at(have, day) == value:
                        out.unchanged += 1
                        continue
                    if lock_for(locks, period) is not None:
                        out.locked.append(f"{unit.code} {code} {period.id}")
                        continue
                    items.append(FactInput(program=program, org_unit=unit, measure=measure,  # type: ignore[arg-type]
                                           funding_source=total, period=period, value=value, as_of=day,
                                           illustrative=illustrative, note=NOTE))
    if not items:
        return out
    with change_context(SOURCE), transaction.atomic():
        rec = facts_record(actor=actor, items=items, reason=reason or REASON, summary={
            "file": f"일자리카페·취업날개 이용 기록 집계 {year}년 ({cutoff:%Y.%m.%d} 기준)",
            "operators": sorted(o.code for ops in keys.values() for o in ops)})
    out.created, out.changed = rec.created, rec.changed
    out.unchanged += rec.unchanged
    return out


def usage_rederive(operator_years: set[tuple[int, int]], *, actor: Any = None, reason: str = "") -> None:
    """Re-derive the operator-years a change touched (the signals' on-commit hook): each year once, for its
    operators' keys, as of today (or the year's end)."""
    from iljari.core.cli import actor_for

    who = actor or current_actor() or actor_for("system")
    by_year: dict[int, set[int]] = {}
    for operator_id, year in operator_years:
        by_year.setdefault(year, set()).add(operator_id)
    for year, ids in sorted(by_year.items()):
        if year > timezone.localdate().year:
            continue
        usage_derive(actor=who, year=year, operators=list(Operator.objects.filter(pk__in=ids)),
                     reason=reason or "기록 변경에 따른 재집계 / re-derived after a change of the records")


def ledger_usage(keys: Iterable[tuple[int, int]], year: int, as_of: dt.date) -> dict[tuple[int, int], dict[str, list[int | None]]]:
    """The running totals the ledger holds for each key, measure and month of `year`, as of `as_of` (the roll-up's
    rule). {key: {measure: [12 values or None]}}; months after `as_of` are None."""
    keys = list(keys)
    measures = {m.pk: m.code for m in Measure.objects.filter(code__in=MEASURES)}
    total = Code.objects.filter(list="funding_source", code="total").first()
    out: dict[tuple[int, int], dict[str, list[int | None]]] = {k: {m: [None] * 12 for m in MEASURES} for k in keys}
    if total is None or not keys:
        return out
    versions = _versions({k[0] for k in keys}, year, set(measures), total.pk)
    for (program_id, org_id, measure_id, period), have in versions.items():
        k = (program_id, org_id)
        if k not in out:
            continue
        month = int(period[5:7])
        if dt.date(year, month, 1) > as_of:
            continue
        out[k][measures[measure_id]][month - 1] = _value_at(have, as_of)
    return out
