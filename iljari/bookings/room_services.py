"""Booking café rooms (스터디룸 by the seat or whole, AI 면접체험실): free slots, book, cancel, check in, no-show,
desk bookings for walk-ins. See docs/bookings/rooms.md.

Never double-booked, never over a cap:
- `room_book` takes `locks.lock_person(person)` first (PostgreSQL advisory lock; SQLite: the IMMEDIATE transaction
  already holds the database's write lock), then counts the person's minutes that day, their future bookings and
  their overlapping bookings, all in the same transaction as the insert: two requests of one person never both pass
  a cap.
- The seat: the lowest-id seat free for the whole interval. On PostgreSQL the exclusion constraint
  `booking_seat_no_overlap` is the last word: an insert that collides with a booking committed meanwhile raises
  IntegrityError inside a savepoint, and the next free seat is tried; when none is left the booking is refused
  (ErrorCode.FULL), never a 500.

Citizens act through their account (`account=`; `actor` is None or the account): they may cancel only their own
bookings, and only before the rule's `cancel_hours` cut-off. Officers act with `operate_booking` on the place
(`actor` a user); they are not bound by the citizens' cancellation cut-off.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from iljari.access import policy
from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ErrorCode, ForbiddenError, NotFoundError, Problem, ServiceError
from iljari.ledger.derived import acting
from iljari.people.models import Person

from . import room_sql
from .caps import COUNTED, day_bounds
from .locks import lock_person, lock_row
from .models import Booking, BookingRule, CitizenAccount, Closure, OpeningHours, Penalty, Room
from .rules import (
    SERVICE_NAMES_EN,
    SERVICE_NAMES_KO,
    WEEKDAYS_KO,
    day_en,
    day_ko,
    eligibility_problems,
    holiday_name,
    josa,
    penalty_problems,
    problem,
    refuse,
    rule_for,
    when_en,
    when_ko,
)

CHECK_IN_EARLY = dt.timedelta(minutes=30)  # a booker may be checked in this long before the start
NO_SHOW_GRACE = dt.timedelta(minutes=15)  # a booker 15 minutes late is not yet a no-show (nor for a shorter booking's half)
OVERLAP_CONSTRAINT = "booking_seat_no_overlap"
DESK_NAMESPACE = 16_002  # pg_advisory_xact_lock(namespace, hash of name and phone): find-or-create a walk-in


def _aware(day: dt.date, t: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, t), timezone.get_default_timezone())


def _audit_actor(actor: Any, account: CitizenAccount | None) -> Any:
    """Audit rows name an officer by their user; a citizen by their masked account (never a Django user)."""
    if getattr(actor, "is_authenticated", False):
        return actor
    if account is not None:
        return f"citizen {account}"
    return actor


# ------------------------------------------------------------------------------------------------ opening


@dataclass
class Opening:
    """Whether a room's place is open on a day, and when (`closed_ko`/`closed_en` say why not)."""

    opens: dt.datetime | None = None
    closes: dt.datetime | None = None
    closed_ko: str = ""
    closed_en: str = ""

    @property
    def is_open(self) -> bool:
        return self.opens is not None


_UNREAD: Any = object()


def opening(room: Room, day: dt.date, rule: BookingRule | None, *, closure_reason: Any = _UNREAD,
            hours: Any = _UNREAD) -> Opening:
    """`closure_reason` (str or None) and `hours` ((opens, closes) or None) when already read (`day_facts`);
    otherwise read here."""
    place = room.place
    if not (place.active and room.active) or (place.closed_on and day >= place.closed_on) \
            or (place.opened_on and day < place.opened_on):
        return Opening(closed_ko="지금은 예약을 받지 않는 곳입니다", closed_en="this room takes no bookings")
    if closure_reason is _UNREAD:  # every place's closure first, then this place's (one query)
        closure = (Closure.objects.filter(Q(place__isnull=True) | Q(place=place), day=day)
                   .order_by(F("place").asc(nulls_first=True), "pk").first())
        closure_reason = closure.reason if closure is not None else None
    if closure_reason is not None:
        return Opening(closed_ko=f"{day_ko(day)}은 휴관일입니다 ({closure_reason})",
                       closed_en=f"closed on {day_en(day)} ({closure_reason})")
    holiday = holiday_name(day)
    if holiday and not (rule is not None and rule.open_on_holidays):
        return Opening(closed_ko=f"{day_ko(day)}은 공휴일({holiday})이라 쉽니다",
                       closed_en=f"closed on {day_en(day)}: a public holiday ({holiday})")
    if hours is _UNREAD:
        row = OpeningHours.objects.filter(place=place, weekday=day.weekday()).first()
        hours = (row.opens, row.closes) if row is not None else None
    if hours is None:
        return Opening(closed_ko=f"{WEEKDAYS_KO[day.weekday()]}요일은 문을 열지 않습니다",
                       closed_en=f"closed on {day:%A}s")
    return Opening(opens=_aware(day, hours[0]), closes=_aware(day, hours[1]))


@dataclass
class DayFacts:
    """What a room's day depends on, read once per request in one statement (`day_facts`): the rule in force
    (or why none: `refusal`) and the opening (closure, public holiday, weekly hours). `locked_for`: the person
    whose lock was held when it was read (`booking_day`), so `room_book` may use it instead of reading again."""

    room_id: int
    day: dt.date
    rule: BookingRule | None
    opening: Opening
    refusal: Problem | None = None
    locked_for: int | None = None


def day_facts(room: Room, day: dt.date) -> DayFacts:
    found = room_sql.day_rule(room.service, day, room.place_id, day.weekday())
    if found is None:
        try:
            rule_for(room.service, day)  # the refusal in its words (no rule applies)
        except ServiceError as e:
            return DayFacts(room.pk, day, None, Opening(), refusal=e.problems[0])
        return day_facts(room, day)  # a rule appeared meanwhile
    rule, reason, hours = found
    return DayFacts(room.pk, day, rule, opening(room, day, rule, closure_reason=reason, hours=hours))


def booking_day(person_id: int, room: Room, day: dt.date) -> DayFacts:
    """Take the person's lock (`locks.lock_person`), then read the day's facts: call inside
    `transaction.atomic()`; the form of the booking request and `room_book` then share one read made under the
    lock, as room_book would make it."""
    lock_person(person_id)
    facts = day_facts(room, day)
    facts.locked_for = person_id
    return facts


# ------------------------------------------------------------------------------------------------ slots


@dataclass
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int  # seats free for the whole slot

    @functools.cached_property
    def label(self) -> str:  # read by the form's choices, the check of the chosen one and the page
        return f"{timezone.localtime(self.starts_at):%H:%M}"


@dataclass
class DaySlots:
    room: Room
    day: dt.date
    rule: BookingRule | None
    opening: Opening
    seats: int
    slots: list[Slot] = field(default_factory=list)  # every step of the open hours not yet begun
    refusal: Problem | None = None  # no rule, or beyond how far ahead one may book

    @property
    def bookable(self) -> list[Slot]:
        return [s for s in self.slots if s.free > 0]

    @property
    def lengths(self) -> list[int]:
        """The booking lengths offered (minutes): steps of the room's slot up to the rule's longest booking and
        the daily cap."""
        step = self.room.slot_minutes or 30
        limit = 240
        if self.rule is not None:
            for cap in (self.rule.booking_max_minutes, self.rule.daily_minutes):
                if cap:
                    limit = min(limit, cap)
        return list(range(step, limit + 1, step))


def room_slots(*, room: Room, day: dt.date, now: dt.datetime | None = None, count_free: bool = True,
               facts: DayFacts | None = None) -> DaySlots:
    """The room's slots on `day`: each step of `room.slot_minutes` within the opening hours that has not begun,
    with how many seats are free for it. A closed day, a day with no rule or beyond `advance_days` has none (the
    reason is in `opening` or `refusal`). `count_free=False`: the steps only, every one counted free (a booking
    request's form: the booking service counts the seats under its locks anyway). `facts`: the day's rule and
    opening when already read (`day_facts`)."""
    now = now or timezone.now()
    if facts is None or facts.room_id != room.pk or facts.day != day:
        facts = day_facts(room, day)
    rule, open_ = facts.rule, facts.opening
    seats: list[int] = [0]
    taken: list[tuple[int, dt.datetime, dt.datetime]] = []
    if count_free:  # the seats and the bookings that overlap the day's hours (one statement)
        seats, taken = room_sql.seats_taken(room.pk, open_.opens, open_.closes)
    if rule is None:
        return DaySlots(room, day, None, Opening(), len(seats), refusal=facts.refusal)
    out = DaySlots(room, day, rule, open_, len(seats))
    today = timezone.localdate(now)
    if day < today:
        out.refusal = problem(ErrorCode.TOO_LATE, "지난 날짜입니다", "that day has passed")
        return out
    if (day - today).days > rule.advance_days:
        out.refusal = _too_early(rule, today)
        return out
    if not open_.is_open:
        return out
    step = dt.timedelta(minutes=room.slot_minutes or 30)
    t = open_.opens
    while t + step <= open_.closes:  # type: ignore[operator]
        end = t + step
        if t >= now:
            busy = {seat for seat, s, e in taken if s < end and e > t}
            out.slots.append(Slot(t, end, len([s for s in seats if s not in busy])))
        t = end
    return out


def _too_early(rule: BookingRule, today: dt.date) -> Problem:
    last = today + dt.timedelta(days=rule.advance_days)
    return problem(ErrorCode.TOO_EARLY,
                   f"{rule.advance_days}일 뒤까지만 예약할 수 있습니다 ({day_ko(last)}까지)",
                   f"you can book at most {rule.advance_days} days ahead (until {day_en(last)})",
                   field="day", last_day=last)


# ------------------------------------------------------------------------------------------------ book


def _time_problems(room: Room, rule: BookingRule, starts_at: dt.datetime, ends_at: dt.datetime,
                   now: dt.datetime, open_: Opening | None = None) -> list[Problem]:
    out: list[Problem] = []
    day = timezone.localdate(starts_at)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if ends_at <= starts_at or timezone.localdate(ends_at - dt.timedelta(microseconds=1)) != day:
        return [problem(ErrorCode.INVALID, "끝나는 시각이 시작 시각보다 뒤여야 하고, 같은 날이어야 합니다",
                        "the end must be after the start, on the same day", field="ends_at")]
    if starts_at < now:
        out.append(problem(ErrorCode.TOO_LATE, f"이미 지난 시각입니다 ({when_ko(starts_at)})",
                           f"that time has passed ({when_en(starts_at)})", field="starts_at"))
    elif (day - timezone.localdate(now)).days > rule.advance_days:
        out.append(_too_early(rule, timezone.localdate(now)))
    open_ = open_ or opening(room, day, rule)
    if not open_.is_open:
        out.append(problem(ErrorCode.PLACE_CLOSED, open_.closed_ko, open_.closed_en, field="day"))
    elif starts_at < open_.opens or ends_at > open_.closes:  # type: ignore[operator]
        o, c = timezone.localtime(open_.opens), timezone.localtime(open_.closes)
        out.append(problem(ErrorCode.PLACE_CLOSED,
                           f"운영 시간({o:%H:%M}~{c:%H:%M}) 안에서만 예약할 수 있습니다",
                           f"bookings must fall within the opening hours ({o:%H:%M}-{c:%H:%M})",
                           field="starts_at", opens=f"{o:%H:%M}", closes=f"{c:%H:%M}"))
    step = room.slot_minutes or 30
    local = timezone.localtime(starts_at)
    if (local.hour * 60 + local.minute) % step or local.second or minutes % step:
        out.append(problem(ErrorCode.INVALID, f"예약은 {step}분 단위로 합니다", f"bookings go in steps of {step} minutes",
                           field="starts_at", step=step))
    if rule.booking_max_minutes and minutes > rule.booking_max_minutes:
        out.append(problem(ErrorCode.CAP_REACHED,
                           f"한 번에 {rule.booking_max_minutes}분까지 예약할 수 있습니다 ({minutes}분을 고르셨습니다)",
                           f"one booking is at most {rule.booking_max_minutes} minutes (you chose {minutes})",
                           field="ends_at", limit=rule.booking_max_minutes, asked=minutes))
    return out


def _cap_problems(person: Person, room: Room, rule: BookingRule, starts_at: dt.datetime, ends_at: dt.datetime,
                  now: dt.datetime) -> list[Problem]:
    """The person's caps, read under the person's lock."""
    out: list[Problem] = []
    service, day = room.service, timezone.localdate(starts_at)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    name_ko, name_en = SERVICE_NAMES_KO[service], SERVICE_NAMES_EN[service]
    # one read of the person's bookings that can matter (ending after the day's start or now, whichever is
    # earlier): the minutes that day, the bookings ahead and a clash are counted from it
    day_start, day_end = day_bounds(day)
    mine = room_sql.person_bookings(person.pk, COUNTED, min(day_start, now))
    if rule.daily_minutes:
        used = sum(int((min(e, day_end) - max(st, day_start)).total_seconds() // 60)
                   for sv, kind, _stat, st, e, _pl, _pk in mine
                   if sv == service and kind == Booking.Kind.ROOM and st < day_end and e > day_start)
        left = max(rule.daily_minutes - used, 0)
        if used + minutes > rule.daily_minutes:
            on_ko = "오늘" if day == timezone.localdate(now) else day_ko(day)
            on_en = "today" if day == timezone.localdate(now) else f"on {day_en(day)}"
            out.append(problem(
                ErrorCode.CAP_REACHED,
                f"{josa(name_ko, '는')} 하루 {rule.daily_minutes}분까지 이용할 수 있습니다. {on_ko} 남은 이용 시간은 {left}분입니다"
                f" (이미 {used}분 예약; 다음 날 다시 {rule.daily_minutes}분)",
                f"{name_en} are at most {rule.daily_minutes} minutes a day: {left} minutes are left {on_en}"
                f" ({used} already booked; {rule.daily_minutes} again the next day)",
                field="ends_at", used=used, left=left, limit=rule.daily_minutes, resets_on=day + dt.timedelta(days=1)))
    if rule.max_future:
        ahead = sum(1 for sv, _k, stat, st, _e, _pl, _pk in mine
                    if sv == service and stat == Booking.Status.BOOKED and st > now)
        if ahead >= rule.max_future:
            out.append(problem(
                ErrorCode.CAP_REACHED,
                f"{josa(name_ko, '는')} 한 번에 {rule.max_future}건까지 미리 예약할 수 있습니다 (지금 {ahead}건). 예약한 시간이 지나거나"
                " 취소하면 다시 예약할 수 있습니다",
                f"you may hold at most {rule.max_future} future bookings of {name_en} at once (you hold {ahead});"
                " you can book again once one has passed or is cancelled", limit=rule.max_future, held=ahead))
    clashes = sorted((st, pk) for _sv, _k, stat, st, e, _pl, pk in mine
                     if stat in Booking.LIVE and st < ends_at and e > starts_at)
    if clashes:
        clash = Booking.objects.select_related("place").get(pk=clashes[0][1])
        out.append(problem(
            ErrorCode.DUPLICATE_BOOKING,
            f"같은 시간에 이미 예약이 있습니다 ({clash.place.name_ko}, {when_ko(clash.starts_at)}~"
            f"{timezone.localtime(clash.ends_at):%H:%M})",
            f"you already have a booking at that time ({clash.place.name_en or clash.place.name_ko},"
            f" {when_en(clash.starts_at)}-{timezone.localtime(clash.ends_at):%H:%M})", booking=clash.pk))
    return out


def _full() -> ServiceError:
    return ServiceError(problem(ErrorCode.FULL, "이 시간에는 빈 자리가 없습니다", "no seat is free at this time",
                                field="starts_at"))


def room_book(*, actor: Any, person: Person, room: Room, starts_at: dt.datetime, ends_at: dt.datetime,
              account: CitizenAccount | None = None, party_size: int = 1, channel: str = "online",
              now: dt.datetime | None = None, facts: DayFacts | None = None) -> Booking:
    """Book a seat of `room` (the whole room for a room booked whole) for `person` from `starts_at` to `ends_at`.
    Every problem at once (ServiceError); nothing written unless all pass.

    `facts`: the day's rule and opening read by `booking_day` under this person's lock in the caller's
    transaction (the booking page's form used them); then the lock is held and they are not read again. A
    refusal then leaves the caller's transaction to be rolled back (no savepoint of its own)."""
    now = now or timezone.now()
    day = timezone.localdate(starts_at)
    shared = (facts is not None and facts.locked_for == person.pk and facts.room_id == room.pk
              and facts.day == day and connection.in_atomic_block)
    with transaction.atomic(savepoint=not shared):
        if not shared:
            facts = booking_day(person.pk, room, day)
        assert facts is not None
        if facts.rule is None:  # no rule applies on the day
            assert facts.refusal is not None
            raise ServiceError(facts.refusal)
        rule = facts.rule
        problems = _time_problems(room, rule, starts_at, ends_at, now, facts.opening)
        problems += eligibility_problems(person=person, rule=rule, day=day)
        problems += penalty_problems(person=person, service=room.service, day=day)
        if room.mode == Room.Mode.SEAT and party_size != 1:
            problems.append(problem(ErrorCode.INVALID, "좌석은 한 사람이 한 자리씩 예약합니다",
                                    "seats are booked one person a seat", field="party_size"))
        elif party_size < 1 or party_size > room.capacity:
            problems.append(problem(ErrorCode.INVALID, f"이 방은 {room.capacity}명까지 쓸 수 있습니다",
                                    f"this room holds at most {room.capacity} people", field="party_size",
                                    capacity=room.capacity))
        if not any(p.code == ErrorCode.INVALID and p.field == "ends_at" for p in problems):
            problems += _cap_problems(person, room, rule, starts_at, ends_at, now)
        if problems:
            raise ServiceError(problems)
        # One booker of a room at a time from here: two transactions inserting into the same exclusion constraint
        # wait on each other's tuples and PostgreSQL aborts one as a deadlock; the room's row lock queues them, the
        # constraint stays the last word (bench/bookings_reliability.py found the deadlock under 200 bookers).
        room_sql.lock_room(room.pk)
        for seat_id in room_sql.free_seats(room.pk, starts_at, ends_at):
            booking = Booking(kind=Booking.Kind.ROOM, service=room.service, person=person, account=account,
                              place=room.place, room=room, seat_id=seat_id, starts_at=starts_at, ends_at=ends_at,
                              party_size=party_size, channel=channel,
                              created_by=actor if getattr(actor, "is_authenticated", False) else None)
            if connection.vendor == "postgresql":
                try:
                    with transaction.atomic():  # a savepoint: a collision is undone alone
                        booking.save()
                except IntegrityError as e:
                    if OVERLAP_CONSTRAINT in str(e):
                        continue  # taken meanwhile by another transaction: the next free seat
                    raise
            else:
                booking.save()  # SQLite: the IMMEDIATE transaction holds the write lock since the check
            audit_change(actor=_audit_actor(actor, account), obj=booking, before=None, after=snapshot(booking))
            return booking
        raise _full()


# ------------------------------------------------------------------------------------------------ change


def _officer(actor: Any, booking: Booking) -> None:
    if not getattr(actor, "is_authenticated", False) or not policy.allows(actor, "operate_booking"):
        raise ForbiddenError(problem(ErrorCode.PERMISSION_DENIED, "권한이 없습니다", "permission denied"))
    if not policy.can(actor, "view_booking", booking):
        raise NotFoundError("예약을 찾을 수 없습니다", "no such booking")
    if not policy.can(actor, "operate_booking", booking):
        raise ForbiddenError(problem(ErrorCode.PERMISSION_DENIED, "이 예약을 처리할 권한이 없습니다",
                                     "you may not act on this booking"))


def _locked(booking: Booking, version: int | None) -> Booking:
    if booking.person_id:
        lock_person(booking.person_id)
    fresh = lock_row(Booking, booking.pk)
    check_version(fresh, version, what_ko="이 예약을", what_en="this booking")
    return fresh


def _state(b: Booking) -> dict[str, Any]:
    return snapshot(b, fields=["status", "checked_in_at", "cancelled_at", "cancel_reason", "version"])


def _save(actor: Any, booking: Booking, before: dict[str, Any], reason: str = "") -> Booking:
    booking.version += 1
    booking.save()
    audit_change(actor=actor, obj=booking, before=before, after=_state(booking), reason=reason)
    return booking


def _not_booked(booking: Booking) -> ServiceError:
    status_ko = {"checked_in": "이미 이용 확인된", "no_show": "노쇼로 처리된", "cancelled": "이미 취소된"}
    status_en = {"checked_in": "already checked in", "no_show": "marked as a no-show", "cancelled": "already cancelled"}
    return ServiceError(problem(ErrorCode.CONFLICT, f"{status_ko.get(booking.status, '')} 예약입니다",
                                f"this booking is {status_en.get(booking.status, booking.status)}",
                                status=booking.status))


@acting
def booking_cancel(*, actor: Any, booking: Booking, account: CitizenAccount | None = None, reason: str = "",
                   version: int | None = None, now: dt.datetime | None = None) -> Booking:
    """Cancel a room booking: a citizen their own (`account`) before the rule's cut-off; an officer with
    `operate_booking` on the place until it has ended."""
    now = now or timezone.now()
    if account is not None:
        if booking.person_id != account.person_id:
            raise NotFoundError("예약을 찾을 수 없습니다", "no such booking")
    else:
        _officer(actor, booking)
    with transaction.atomic():
        booking = _locked(booking, version)
        if booking.status != Booking.Status.BOOKED:
            raise _not_booked(booking)
        if account is not None:
            rule = rule_for(booking.service, timezone.localdate(booking.starts_at))
            deadline = booking.starts_at - dt.timedelta(hours=rule.cancel_hours)
            if now > deadline:
                refuse(ErrorCode.TOO_LATE,
                       f"취소는 시작 {rule.cancel_hours}시간 전인 {when_ko(deadline)}까지 할 수 있습니다."
                       " 카페에 전화로 알려 주십시오",
                       f"bookings can be cancelled until {rule.cancel_hours} hours before the start"
                       f" ({when_en(deadline)}); please call the café", deadline=deadline)
        elif booking.ends_at <= now:
            refuse(ErrorCode.TOO_LATE, "이미 끝난 예약은 취소할 수 없습니다", "a booking that has ended cannot be cancelled")
        before = _state(booking)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = (reason or "")[:300]
        return _save(_audit_actor(actor, account), booking, before, reason)


@acting
def booking_check_in(*, actor: Any, booking: Booking, version: int | None = None,
                     now: dt.datetime | None = None) -> Booking:
    """The booker came: from 30 minutes before the start until the end."""
    now = now or timezone.now()
    _officer(actor, booking)
    with transaction.atomic():
        booking = _locked(booking, version)
        if booking.status != Booking.Status.BOOKED:
            raise _not_booked(booking)
        if now < booking.starts_at - CHECK_IN_EARLY:
            refuse(ErrorCode.TOO_EARLY, f"이용 확인은 {when_ko(booking.starts_at - CHECK_IN_EARLY)}부터 할 수 있습니다",
                   f"check-in opens at {when_en(booking.starts_at - CHECK_IN_EARLY)}")
        if now >= booking.ends_at:
            refuse(ErrorCode.TOO_LATE, "이미 끝난 예약입니다: 오지 않았다면 노쇼로 처리하십시오",
                   "this booking has ended: mark it a no-show if they did not come")
        before = _state(booking)
        booking.status = Booking.Status.CHECKED_IN
        booking.checked_in_at = now
        return _save(actor, booking, before)


@acting
def booking_no_show(*, actor: Any, booking: Booking, version: int | None = None, reason: str = "",
                    now: dt.datetime | None = None) -> tuple[Booking, Penalty | None]:
    """The booker did not come: the booking becomes a no-show (its seat frees for the rest of the time) and, when
    the rule says so, a Penalty bars the person from the service for `no_show_ban_days` from the day after."""
    now = now or timezone.now()
    _officer(actor, booking)
    with transaction.atomic():
        booking = _locked(booking, version)
        if booking.status != Booking.Status.BOOKED:
            raise _not_booked(booking)
        from_ = booking.starts_at + min(NO_SHOW_GRACE, (booking.ends_at - booking.starts_at) / 2)
        if now < from_:
            refuse(ErrorCode.TOO_EARLY, f"노쇼는 시작하고 조금 기다린 뒤 {when_ko(from_)}부터 처리할 수 있습니다",
                   f"a no-show can be marked from {when_en(from_)}, a little after the start")
        before = _state(booking)
        booking.status = Booking.Status.NO_SHOW
        _save(actor, booking, before, reason)
        penalty = None
        rule = rule_for(booking.service, timezone.localdate(booking.starts_at))
        if rule.no_show_ban_days and booking.person_id:
            first = timezone.localdate(booking.starts_at) + dt.timedelta(days=1)
            penalty = Penalty.objects.create(person_id=booking.person_id, service=booking.service,
                                             reason=Penalty.Reason.NO_SHOW, starts_on=first,
                                             ends_on=first + dt.timedelta(days=rule.no_show_ban_days - 1),
                                             place_id=booking.place_id, booking=booking)
            audit_change(actor=actor, obj=penalty, before=None, after=snapshot(penalty))
        return booking, penalty


# ------------------------------------------------------------------------------------------------ desk


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def desk_person(*, actor: Any, name: str, phone: str, birth_date: dt.date | None = None) -> Person:
    """The walk-in: the Person with this name and phone (digits compared), or a new one (source "booking").
    Call inside a transaction (PostgreSQL: a lock on the name and phone makes parallel calls find one person)."""
    digits = phone_digits(phone)
    name = (name or "").strip()
    problems = []
    if not name:
        problems.append(problem(ErrorCode.REQUIRED, "이름을 적어 주십시오", "enter the name", field="name"))
    if not re.fullmatch(r"0\d{8,10}", digits):
        problems.append(problem(ErrorCode.INVALID, "전화번호를 확인해 주십시오 (예: 010-1234-5678)",
                                "check the phone number (e.g. 010-1234-5678)", field="phone"))
    if problems:
        raise ServiceError(problems)
    if connection.vendor == "postgresql":  # two desks (or API calls) for one walk-in make one person, not two
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [DESK_NAMESPACE, f"{name}|{digits}"])
    for p in Person.objects.filter(name=name, phone__in={digits, phone.strip()} | _dashed(digits)).order_by("pk"):
        return p
    person = Person.objects.create(name=name, phone=digits, birth_date=birth_date, source="booking",
                                   source_ref="desk")
    audit_change(actor=actor, obj=person, before=None, after=snapshot(person, fields=["name", "source"]))
    return person


def _dashed(d: str) -> set[str]:
    if len(d) == 11:
        return {f"{d[:3]}-{d[3:7]}-{d[7:]}"}
    if len(d) == 10:
        return {f"{d[:3]}-{d[3:6]}-{d[6:]}", f"{d[:2]}-{d[2:6]}-{d[6:]}"}
    return set()


def room_desk_book(*, actor: Any, room: Room, name: str, phone: str, starts_at: dt.datetime,
                   ends_at: dt.datetime, birth_date: dt.date | None = None, party_size: int = 1,
                   now: dt.datetime | None = None) -> Booking:
    """An officer books for a walk-in at the desk (`operate_booking` on the room's place); the same rules apply."""
    if not getattr(actor, "is_authenticated", False) or not policy.can(actor, "operate_booking", room.place):
        raise ForbiddenError(problem(ErrorCode.PERMISSION_DENIED, "이 카페의 예약을 받을 권한이 없습니다",
                                     "you may not take bookings for this café"))
    with transaction.atomic():
        person = desk_person(actor=actor, name=name, phone=phone, birth_date=birth_date)
        return room_book(actor=actor, person=person, room=room, starts_at=starts_at, ends_at=ends_at,
                         party_size=party_size, channel=Booking.Channel.DESK, now=now)
