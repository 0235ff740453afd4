"""Programmes and their sessions (CV clinic, mock interview, mentoring, talk, CV photo, counselling, AI interview
practice): officers keep them (`programme_save`, `session_save`, `session_cancel`, `session_attendance`), citizens
and desks book a place (`session_book`) and cancel it (`session_booking_cancel`). The waiting list and its timed
offers live in `bookings.waitlist`; a freed place goes to it here.

Capacity arithmetic, always, under the session's row lock: live bookings (booked, checked in) + live offers (a
waiting-list entry OFFERED holds its seat until it is accepted, declined or expires) <= capacity. A free seat goes
to the first waiting person before anyone new may book it (`waitlist.fill`). See docs/bookings/programmes.md.

Every write: one transaction, person lock first then the session row (`bookings.locks`), every problem at once,
an audit row, nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.ledger.derived import acting

from . import locks
from .caps import future_count
from .models import (
    Booking,
    BookingRule,
    CitizenAccount,
    Closure,
    OpeningHours,
    Penalty,
    Place,
    Programme,
    Room,
    Service,
    Session,
    WaitlistEntry,
)
from .rules import (
    WEEKDAYS_KO,
    d_en,
    d_ko,
    eligibility_problems,
    holiday_name,
    penalty_problems,
    problem,
    refuse,
    rule_for,
)

LIVE_OFFER = WaitlistEntry.Status.OFFERED
OPEN_ENTRY = (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED)


# ------------------------------------------------------------------------------------------------ helpers


def audit_actor(actor: Any) -> Any:
    """Who the audit trail names: an officer (a user), a citizen (their account, masked phone) or the system."""
    if isinstance(actor, CitizenAccount):
        return SimpleNamespace(pk=None, username=f"citizen {actor}")
    return actor


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) and not isinstance(actor, CitizenAccount) else None


def local(ts: dt.datetime) -> dt.datetime:
    return timezone.localtime(ts)


def t_ko(ts: dt.datetime) -> str:
    ts = local(ts)
    return f"{ts.month}월 {ts.day}일 {ts:%H:%M}"


def t_en(ts: dt.datetime) -> str:
    ts = local(ts)
    return f"{ts.day} {ts:%B} {ts:%H:%M}"


def held(session: Session) -> dict[str, int]:
    """Seats held (live bookings and live offers) and the waiting list's length of one session."""
    booked = Booking.objects.filter(session=session, status__in=Booking.LIVE).count()
    entries = dict(WaitlistEntry.objects.filter(session=session, status__in=OPEN_ENTRY)
                   .values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    offered = entries.get(WaitlistEntry.Status.OFFERED, 0)
    return {"booked": booked, "offered": offered, "waiting": entries.get(WaitlistEntry.Status.WAITING, 0),
            "held": booked + offered, "left": max(session.capacity - booked - offered, 0)}


def with_counts(qs: Any) -> Any:
    """Sessions annotated with `n_booked`, `n_offered`, `n_waiting` (lists of many sessions)."""
    return qs.annotate(
        n_booked=Count("bookings", filter=Q(bookings__status__in=Booking.LIVE), distinct=True),
        n_offered=Count("waitlist", filter=Q(waitlist__status=WaitlistEntry.Status.OFFERED), distinct=True),
        n_waiting=Count("waitlist", filter=Q(waitlist__status=WaitlistEntry.Status.WAITING), distinct=True),
    )


def can_operate(actor: Any, place: Place) -> bool:
    return Place.objects.restrict(actor, "operate_booking").filter(pk=place.pk).exists()


def _operate_or_refuse(actor: Any, place: Place) -> None:
    if not can_operate(actor, place):
        refuse(ErrorCode.PERMISSION_DENIED, f"{place.name_ko}의 프로그램을 운영할 권한이 없습니다",
               f"you may not run the programmes of {place.name_en or place.name_ko}")


def place_closed_problems(place: Place, starts_at: dt.datetime, ends_at: dt.datetime,
                          rule: BookingRule | None) -> list[Problem]:
    """A session within the place's hours of its weekday, not on a closure nor (unless the rule says so) a
    public holiday."""
    start, end = local(starts_at), local(ends_at)
    day = start.date()
    out: list[Problem] = []
    if end.date() != day:
        out.append(problem(ErrorCode.PLACE_CLOSED, "회차는 같은 날 안에 시작하고 끝나야 합니다",
                           "a session starts and ends on the same day", field="ends_at"))
        return out
    hours = OpeningHours.objects.filter(place=place, weekday=day.weekday()).first()
    if hours is None:
        out.append(problem(ErrorCode.PLACE_CLOSED, f"{place.name_ko}은(는) {d_ko(day)}({WEEKDAYS_KO[day.weekday()]})에"
                           " 문을 열지 않습니다", f"{place.name_en or place.name_ko} is not open on {d_en(day)}"
                           f" ({day:%A})", field="starts_at", day=day))
    elif start.time() < hours.opens or end.time() > hours.closes:
        out.append(problem(ErrorCode.PLACE_CLOSED,
                           f"운영 시간({hours.opens:%H:%M}~{hours.closes:%H:%M}) 안에서 열어야 합니다",
                           f"a session must fall within the opening hours ({hours.opens:%H:%M}-{hours.closes:%H:%M})",
                           field="starts_at", opens=f"{hours.opens:%H:%M}", closes=f"{hours.closes:%H:%M}"))
    closure = Closure.objects.filter(Q(place=place) | Q(place__isnull=True), day=day).first()
    if closure is not None:
        out.append(problem(ErrorCode.PLACE_CLOSED, f"{d_ko(day)}은(는) 휴관일입니다 ({closure.reason})",
                           f"{d_en(day)} is a closure day ({closure.reason})", field="starts_at", day=day))
    holiday = holiday_name(day)
    if holiday and not (rule is not None and rule.open_on_holidays):
        out.append(problem(ErrorCode.PLACE_CLOSED, f"{d_ko(day)}은(는) 공휴일({holiday})입니다",
                           f"{d_en(day)} is a public holiday ({holiday})", field="starts_at", day=day))
    return out


# ------------------------------------------------------------------------------------------------ programmes


def programme_save(*, actor: Any, place: Place | None = None, programme: Programme | None = None, kind: str,
                   title_ko: str, title_en: str = "", staff: str = "", description: str = "", active: bool = True,
                   version: int | None = None) -> Programme:
    """A new programme of `place`, or changes to `programme` (its place stays)."""
    place = programme.place if programme is not None else place
    if place is None:
        refuse(ErrorCode.REQUIRED, "일자리카페를 고르십시오", "choose a job café", field="place")
    problems: list[Problem] = []
    if kind not in Programme.Kind.values:
        problems.append(problem(ErrorCode.UNKNOWN_KIND, "프로그램 종류를 고르십시오", "choose the kind of programme",
                                field="kind"))
    if not (title_ko or "").strip():
        problems.append(problem(ErrorCode.REQUIRED, "프로그램 이름을 적으십시오", "write the programme's name",
                                field="title_ko"))
    if place.kind != Place.Kind.CAFE:
        problems.append(problem(ErrorCode.INVALID, "프로그램은 일자리카페에서 엽니다", "programmes are held at job cafés",
                                field="place"))
    with transaction.atomic():
        _operate_or_refuse(actor, place)
        if programme is not None:
            programme = locks.lock_row(Programme, programme.pk)
            check_version(programme, version, what_ko="이 프로그램을", what_en="this programme")
        if problems:
            raise ServiceError(problems)
        before = snapshot(programme) if programme is not None else None
        obj = programme or Programme(place=place)
        obj.kind, obj.title_ko, obj.title_en = kind, title_ko.strip(), (title_en or "").strip()
        obj.staff, obj.description, obj.active = (staff or "").strip(), description or "", active
        if before is not None:
            obj.version += 1
        obj.save()
        audit_change(actor=audit_actor(actor), obj=obj, before=before, after=snapshot(obj))
        return obj


# ------------------------------------------------------------------------------------------------ sessions


def session_save(*, actor: Any, programme: Programme | None = None, session: Session | None = None,
                 starts_at: dt.datetime, ends_at: dt.datetime, capacity: int, staff: str = "",
                 room: Room | None = None, version: int | None = None, now: dt.datetime | None = None) -> Session:
    """A new session of `programme`, or changes to `session`: within the place's hours, not on a closure or a
    holiday, a capacity of at least the seats already held (bookings and live offers). A larger capacity offers
    the new seats to the waiting list at once."""
    from .waitlist import fill

    now = now or timezone.now()
    programme = session.programme if session is not None else programme
    if programme is None:
        refuse(ErrorCode.REQUIRED, "프로그램을 고르십시오", "choose a programme", field="programme")
    place = programme.place
    with transaction.atomic():
        _operate_or_refuse(actor, place)
        if session is not None:
            session = locks.lock_row(Session, session.pk)
            check_version(session, version, what_ko="이 회차를", what_en="this session")
        problems: list[Problem] = []
        if session is not None and session.status != Session.Status.SCHEDULED:
            problems.append(problem(ErrorCode.INVALID, "운영이 끝났거나 취소된 회차는 고칠 수 없습니다",
                                    "a session held or cancelled cannot be changed"))
        if ends_at <= starts_at:
            problems.append(problem(ErrorCode.INVALID, "끝나는 시각이 시작 시각보다 늦어야 합니다",
                                    "the end must be after the start", field="ends_at"))
        if capacity is None or capacity < 1:
            problems.append(problem(ErrorCode.OUT_OF_RANGE, "정원은 1명 이상입니다", "the capacity is at least 1",
                                    field="capacity"))
        if session is None and starts_at <= now:
            problems.append(problem(ErrorCode.TOO_LATE, "지난 시각에는 회차를 열 수 없습니다",
                                    "a session cannot start in the past", field="starts_at"))
        if room is not None and room.place_id != place.pk:
            problems.append(problem(ErrorCode.INVALID, "이 카페의 공간이 아닙니다", "not a room of this café",
                                    field="room"))
        if session is not None and capacity:
            h = held(session)
            if capacity < h["held"]:
                problems.append(problem(
                    ErrorCode.OUT_OF_RANGE,
                    f"이미 {h['held']}자리가 예약(제안 포함)되어 정원을 {h['held']}명보다 줄일 수 없습니다",
                    f"{h['held']} seats are already booked or offered: the capacity cannot go below that",
                    field="capacity", held=h["held"]))
        if ends_at > starts_at:
            try:
                rule = rule_for(Service.PROGRAMME, local(starts_at).date())
            except ServiceError:
                rule = None
            problems += place_closed_problems(place, starts_at, ends_at, rule)
        if problems:
            raise ServiceError(problems)
        before = snapshot(session) if session is not None else None
        obj = session or Session(programme=programme)
        obj.starts_at, obj.ends_at, obj.capacity = starts_at, ends_at, capacity
        obj.staff, obj.room = (staff or "").strip(), room
        if before is not None:
            obj.version += 1
        obj.save()
        audit_change(actor=audit_actor(actor), obj=obj, before=before, after=snapshot(obj))
        if before is not None:
            # a later start moves the bookings with it; offers keep their deadline but not beyond the new start
            Booking.objects.filter(session=obj).update(starts_at=obj.starts_at, ends_at=obj.ends_at)
            WaitlistEntry.objects.filter(session=obj).update(starts_at=obj.starts_at, ends_at=obj.ends_at)
            WaitlistEntry.objects.filter(session=obj, status=LIVE_OFFER, offer_expires_at__gt=obj.starts_at
                                         ).update(offer_expires_at=obj.starts_at)
            fill(obj, now=now)
        return obj


@dataclass
class SessionCancelled:
    session: Session
    bookings: list[Booking] = field(default_factory=list)  # the bookers to tell (name and phone on the page)
    waitlist: list[WaitlistEntry] = field(default_factory=list)


@acting
def session_cancel(*, actor: Any, session: Session, reason: str = "", version: int | None = None,
                   now: dt.datetime | None = None) -> SessionCancelled:
    """Cancel a session: every live booking cancelled, the waiting list closed; the bookers are listed so the café
    can tell them (an SMS or e-mail to them is an integration point, docs/bookings/programmes.md)."""
    now = now or timezone.now()
    with transaction.atomic():
        _operate_or_refuse(actor, session.programme.place)
        session = locks.lock_row(Session, session.pk)
        check_version(session, version, what_ko="이 회차를", what_en="this session")
        if session.status != Session.Status.SCHEDULED:
            refuse(ErrorCode.INVALID, "이미 운영이 끝났거나 취소된 회차입니다", "this session was already held or cancelled")
        before = snapshot(session)
        session.status, session.version = Session.Status.CANCELLED, session.version + 1
        session.save(update_fields=["status", "version"])
        audit_change(actor=audit_actor(actor), obj=session, before=before, after=snapshot(session), reason=reason)
        out = SessionCancelled(session=session)
        for b in Booking.objects.filter(session=session, status__in=Booking.LIVE).select_related("person"):
            b_before = snapshot(b)
            b.status, b.cancelled_at, b.version = Booking.Status.CANCELLED, now, b.version + 1
            b.cancel_reason = (reason or "회차 취소 / session cancelled")[:300]
            b.save(update_fields=["status", "cancelled_at", "cancel_reason", "version"])
            audit_change(actor=audit_actor(actor), obj=b, before=b_before, after=snapshot(b), reason=reason)
            out.bookings.append(b)
        for e in WaitlistEntry.objects.filter(session=session, status__in=OPEN_ENTRY).select_related("person"):
            e_before = snapshot(e)
            e.status, e.version = WaitlistEntry.Status.WITHDRAWN, e.version + 1
            e.save(update_fields=["status", "version"])
            audit_change(actor=audit_actor(actor), obj=e, before=e_before, after=snapshot(e), reason=reason)
            out.waitlist.append(e)
        return out


# ------------------------------------------------------------------------------------------------ booking


def booking_problems(*, person: Any, session: Session, rule: BookingRule, now: dt.datetime,
                     for_offer: bool = False) -> list[Problem]:
    """What stands between `person` and a place in `session` besides capacity (for booking, joining the waiting
    list and accepting an offer): session open, not started, within `advance_days`, eligibility, penalties, not
    already booked or on the list, `max_future`."""
    day = local(session.starts_at).date()
    out: list[Problem] = []
    if session.status != Session.Status.SCHEDULED:
        out.append(problem(ErrorCode.TOO_LATE, "취소되었거나 이미 운영이 끝난 회차입니다",
                           "this session was cancelled or has already been held"))
    elif session.starts_at <= now:
        out.append(problem(ErrorCode.TOO_LATE, "이미 시작한 회차는 신청할 수 없습니다",
                           "this session has already started"))
    if not session.programme.active or not session.programme.place.active:
        out.append(problem(ErrorCode.TOO_LATE, "지금은 운영하지 않는 프로그램입니다", "this programme is not running now"))
    last = timezone.localdate(now) + dt.timedelta(days=rule.advance_days)
    if day > last:
        first = day - dt.timedelta(days=rule.advance_days)
        out.append(problem(ErrorCode.TOO_EARLY,
                           f"{rule.advance_days}일 앞까지만 신청할 수 있습니다. {d_ko(first)}부터 신청하십시오",
                           f"you can sign up at most {rule.advance_days} days ahead: from {d_en(first)}",
                           advance_days=rule.advance_days, opens_on=first))
    out += eligibility_problems(person=person, rule=rule, day=day)
    out += penalty_problems(person=person, service=Service.PROGRAMME, day=day)
    if Booking.objects.filter(session=session, person=person, status__in=Booking.LIVE).exists():
        out.append(problem(ErrorCode.DUPLICATE_BOOKING, "이미 이 회차를 신청하셨습니다", "you already have a place in this session"))
    elif not for_offer and WaitlistEntry.objects.filter(session=session, person=person, status__in=OPEN_ENTRY).exists():
        out.append(problem(ErrorCode.DUPLICATE_BOOKING, "이미 이 회차의 대기자 명단에 있습니다",
                           "you are already on this session's waiting list"))
    if rule.max_future:
        ahead = future_count(person, Service.PROGRAMME, now)
        if ahead >= rule.max_future:
            out.append(problem(ErrorCode.CAP_REACHED,
                               f"프로그램은 한 번에 {rule.max_future}건까지 신청할 수 있습니다 (지금 {ahead}건)."
                               " 다른 신청이 끝나거나 취소하면 다시 신청할 수 있습니다",
                               f"you may hold at most {rule.max_future} programme bookings ahead at once (you hold"
                               f" {ahead}); one more opens when one is held or cancelled",
                               limit=rule.max_future, used=ahead))
    return out


def _new_booking(*, actor: Any, person: Any, session: Session, account: CitizenAccount | None, channel: str,
                 now: dt.datetime) -> Booking:
    b = Booking.objects.create(kind=Booking.Kind.SESSION, service=Service.PROGRAMME, person=person, account=account,
                               place=session.programme.place, session=session, starts_at=session.starts_at,
                               ends_at=session.ends_at, channel=channel, created_by=_user(actor))
    audit_change(actor=audit_actor(actor), obj=b, before=None, after=snapshot(b))
    return b


def session_book(*, actor: Any, person: Any, session: Session, account: CitizenAccount | None = None,
                 channel: str = "online", now: dt.datetime | None = None) -> Booking:
    """A place in `session` for `person`: one transaction, the person's lock then the session's row; a full
    session (live bookings + live offers = capacity) is refused with FULL and the waiting list named."""
    from .waitlist import expire_session

    now = now or timezone.now()
    expire_session(session.pk, now=now)  # overdue offers give their seats to the next in line first
    with transaction.atomic():
        locks.lock_person(person.pk)
        session = locks.lock_row(Session, session.pk)
        rule = rule_for(Service.PROGRAMME, local(session.starts_at).date())
        problems = booking_problems(person=person, session=session, rule=rule, now=now)
        if problems:
            raise ServiceError(problems)
        h = held(session)
        if h["held"] >= session.capacity:
            refuse(ErrorCode.FULL,
                   f"정원({session.capacity}명)이 다 찼습니다. 대기자 명단에 올리면 자리가 날 때 차례대로 연락드립니다"
                   f" (지금 대기 {h['waiting']}명)",
                   f"the session is full ({session.capacity} places); you can join the waiting list and be offered"
                   f" a place when one frees ({h['waiting']} waiting now)",
                   capacity=session.capacity, waiting=h["waiting"], waitlist=True)
        return _new_booking(actor=actor, person=person, session=session, account=account, channel=channel, now=now)


def session_booking_cancel(*, actor: Any, booking: Booking, account: CitizenAccount | None = None,
                           reason: str = "", now: dt.datetime | None = None) -> Booking:
    """Cancel a place. A citizen (`account`: only their own) cancels up to the rule's `cancel_hours` before the
    start; an officer may cancel later for them, but not once the session has started. The freed seat is offered
    at once to the first on the waiting list."""
    from .waitlist import fill

    now = now or timezone.now()
    with transaction.atomic():
        locks.lock_person(booking.person_id)
        session = locks.lock_row(Session, booking.session_id)
        booking = locks.lock_row(Booking, booking.pk)
        if account is not None and booking.person_id != account.person_id:
            refuse(ErrorCode.NOT_FOUND, "신청 내역을 찾을 수 없습니다", "no such booking")
        if booking.status != Booking.Status.BOOKED:
            refuse(ErrorCode.INVALID, "취소할 수 있는 신청이 아닙니다 (이미 취소했거나 이용했습니다)",
                   "this booking cannot be cancelled (already cancelled or used)")
        rule = rule_for(Service.PROGRAMME, local(session.starts_at).date())
        if session.starts_at <= now:
            refuse(ErrorCode.TOO_LATE, "이미 시작한 회차는 취소할 수 없습니다", "the session has already started")
        cutoff = session.starts_at - dt.timedelta(hours=rule.cancel_hours)
        if account is not None and now > cutoff:
            refuse(ErrorCode.TOO_LATE,
                   f"시작 {rule.cancel_hours}시간 전({t_ko(cutoff)})까지만 취소할 수 있습니다. 카페에 연락해 주십시오",
                   f"you can cancel up to {rule.cancel_hours} hours before the start ({t_en(cutoff)});"
                   " please call the café", cancel_hours=rule.cancel_hours, cutoff=cutoff)
        before = snapshot(booking)
        booking.status, booking.cancelled_at, booking.version = Booking.Status.CANCELLED, now, booking.version + 1
        booking.cancel_reason = (reason or "")[:300]
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "version"])
        audit_change(actor=audit_actor(actor), obj=booking, before=before, after=snapshot(booking), reason=reason)
        fill(session, now=now, rule=rule)
        return booking


# ------------------------------------------------------------------------------------------------ attendance


@acting
def session_attendance(*, actor: Any, session: Session, present: set[int], now: dt.datetime | None = None
                       ) -> dict[str, int]:
    """Mark who came: bookings in `present` checked in, the others no-shows (a penalty of the rule's
    `no_show_ban_days`); the session is then "held" and its open waiting list closed. Marking again corrects
    it (a no-show marked present loses the penalty)."""
    now = now or timezone.now()
    with transaction.atomic():
        _operate_or_refuse(actor, session.programme.place)
        session = locks.lock_row(Session, session.pk)
        if session.status == Session.Status.CANCELLED:
            refuse(ErrorCode.INVALID, "취소된 회차입니다", "this session was cancelled")
        if session.starts_at > now:
            refuse(ErrorCode.TOO_EARLY, f"출석은 회차가 시작한 뒤({t_ko(session.starts_at)}부터) 표시합니다",
                   f"attendance is marked once the session has started ({t_en(session.starts_at)})")
        day = local(session.starts_at).date()
        rule = rule_for(Service.PROGRAMME, day)
        marked = list(Booking.objects.filter(session=session, status__in=(
            Booking.Status.BOOKED, Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW)))
        unknown = set(present) - {b.pk for b in marked}
        if unknown:
            refuse(ErrorCode.INVALID, "이 회차의 신청이 아닌 것이 있습니다", "some of these are not bookings of this session")
        counts = {"present": 0, "no_show": 0, "penalties": 0}
        for b in marked:
            before = snapshot(b)
            if b.pk in present:
                counts["present"] += 1
                if b.status != Booking.Status.CHECKED_IN:
                    b.status, b.checked_in_at = Booking.Status.CHECKED_IN, b.checked_in_at or now
                    Penalty.objects.filter(booking=b, lifted_at__isnull=True).update(
                        lifted_at=now, lifted_by=_user(actor), lift_reason="출석으로 정정 / marked present")
            else:
                counts["no_show"] += 1
                if b.status != Booking.Status.NO_SHOW:
                    b.status = Booking.Status.NO_SHOW
                    if rule.no_show_ban_days and not Penalty.objects.filter(booking=b, lifted_at__isnull=True).exists():
                        p = Penalty.objects.create(person_id=b.person_id, service=Service.PROGRAMME,
                                                   reason=Penalty.Reason.NO_SHOW, place=b.place, booking=b,
                                                   starts_on=day + dt.timedelta(days=1),
                                                   ends_on=day + dt.timedelta(days=rule.no_show_ban_days))
                        audit_change(actor=audit_actor(actor), obj=p, before=None, after=snapshot(p))
                        counts["penalties"] += 1
            if snapshot(b) != before:
                b.version += 1
                b.save()
                audit_change(actor=audit_actor(actor), obj=b, before=before, after=snapshot(b))
        s_before = snapshot(session)
        session.status, session.attended = Session.Status.HELD, counts["present"]
        if snapshot(session) != s_before:
            session.version += 1
            session.save(update_fields=["status", "attended", "version"])
            audit_change(actor=audit_actor(actor), obj=session, before=s_before, after=snapshot(session))
        WaitlistEntry.objects.filter(session=session, status__in=OPEN_ENTRY).update(
            status=WaitlistEntry.Status.EXPIRED)
        return counts
