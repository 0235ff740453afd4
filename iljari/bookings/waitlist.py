"""The waiting lists of full programme sessions and their timed offers (대기자 명단, 자리 제안).

- `waitlist_join`: only when the session is full; once per person (while waiting or offered).
- When a seat frees (a cancellation, a declined, withdrawn or expired offer, a larger capacity), `fill` offers it
  to the first WAITING entry (created_at order): OFFERED with `offered_at = now` and `offer_expires_at = now +
  rule.waitlist_offer_hours`, never beyond the session's start. The seat is held for them: live bookings + live
  offers <= capacity, always, under the session's row lock.
- `offer_accept` makes the booking (the held seat becomes it); `offer_decline` and `waitlist_withdraw` free it.
- `offers_expire(now)`: every OFFERED entry past its deadline becomes EXPIRED and its seat goes to the next waiting
  one (repeatedly). Run lazily when a session's or a citizen's page is read and by `iljari bookings-offers` (cron).

Telling the citizen: the entry records when it was offered and until when; the citizen's pages show the offer with
its deadline. An SMS or e-mail at that moment is an integration point (docs/bookings/programmes.md), not faked here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.audit.services import audit_change, snapshot
from iljari.core.errors import ErrorCode, ServiceError

from . import locks
from .models import Booking, BookingRule, CitizenAccount, Service, Session, WaitlistEntry
from .programme_services import (
    OPEN_ENTRY,
    _new_booking,
    audit_actor,
    booking_problems,
    held,
    local,
    t_en,
    t_ko,
)
from .rules import refuse, rule_for

W = WaitlistEntry.Status


@dataclass
class OfferEvent:
    entry: WaitlistEntry
    what: str  # "offered" or "expired"


def _set(entry: WaitlistEntry, *, actor: Any = None, reason: str = "", **values: Any) -> WaitlistEntry:
    before = snapshot(entry)
    for k, v in values.items():
        setattr(entry, k, v)
    entry.version += 1
    entry.save()
    audit_change(actor=audit_actor(actor), obj=entry, before=before, after=snapshot(entry), reason=reason)
    return entry


def fill(session: Session, *, now: dt.datetime | None = None, rule: BookingRule | None = None,
         actor: Any = None) -> list[OfferEvent]:
    """Offer every free seat of `session` to the next waiting people. Call under the session's row lock."""
    now = now or timezone.now()
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        return []
    h = held(session)
    free = session.capacity - h["held"]
    if free <= 0 or not h["waiting"]:
        return []
    rule = rule or rule_for(Service.PROGRAMME, local(session.starts_at).date())
    deadline = min(now + dt.timedelta(hours=rule.waitlist_offer_hours), session.starts_at)
    out = []
    for entry in WaitlistEntry.objects.filter(session=session, status=W.WAITING).order_by("created_at", "id")[:free]:
        _set(entry, actor=actor, status=W.OFFERED, offered_at=now, offer_expires_at=deadline)
        out.append(OfferEvent(entry, "offered"))
    return out


def expire_session(session_id: int, *, now: dt.datetime | None = None) -> list[OfferEvent]:
    """Expire the overdue offers of one session and offer their seats on (its own transaction)."""
    now = now or timezone.now()
    if not WaitlistEntry.objects.filter(session_id=session_id, status=W.OFFERED, offer_expires_at__lte=now).exists():
        return []
    with transaction.atomic():
        session = locks.lock_row(Session, session_id)
        out = []
        for entry in WaitlistEntry.objects.filter(session=session, status=W.OFFERED, offer_expires_at__lte=now):
            _set(entry, status=W.EXPIRED, reason="제안 시한 경과 / offer expired")
            out.append(OfferEvent(entry, "expired"))
        out += fill(session, now=now)
        return out


def offers_expire(*, now: dt.datetime | None = None, person: Any = None) -> list[OfferEvent]:
    """Every overdue offer (of `person`'s sessions only, when given) expired and passed to the next in line.
    Idempotent: a second run finds nothing to do."""
    now = now or timezone.now()
    overdue = WaitlistEntry.objects.filter(status=W.OFFERED, offer_expires_at__lte=now)
    if person is not None:
        overdue = overdue.filter(person=person)
    out: list[OfferEvent] = []
    for session_id in sorted(set(overdue.values_list("session_id", flat=True))):
        out += expire_session(session_id, now=now)
    return out


def position(entry: WaitlistEntry) -> int:
    """1 for the first waiting; 0 when not waiting."""
    if entry.status != W.WAITING:
        return 0
    ahead = WaitlistEntry.objects.filter(session_id=entry.session_id, status=W.WAITING).filter(
        created_at__lt=entry.created_at).count()
    same = WaitlistEntry.objects.filter(session_id=entry.session_id, status=W.WAITING, created_at=entry.created_at,
                                        id__lt=entry.pk).count()
    return ahead + same + 1


def waitlist_join(*, actor: Any, person: Any, session: Session, account: CitizenAccount | None = None,
                  now: dt.datetime | None = None) -> WaitlistEntry:
    """Join a full session's waiting list (once: not while already waiting, offered or booked)."""
    now = now or timezone.now()
    expire_session(session.pk, now=now)
    with transaction.atomic():
        locks.lock_person(person.pk)
        session = locks.lock_row(Session, session.pk)
        rule = rule_for(Service.PROGRAMME, local(session.starts_at).date())
        problems = [p for p in booking_problems(person=person, session=session, rule=rule, now=now)
                    if p.code != ErrorCode.CAP_REACHED]  # the cap is checked when an offer is accepted
        if problems:
            raise ServiceError(problems)
        if held(session)["held"] < session.capacity:
            refuse(ErrorCode.INVALID, "자리가 남아 있습니다. 대기하지 말고 바로 신청하십시오",
                   "there are places left: sign up directly instead of waiting")
        entry = WaitlistEntry.objects.create(person=person, account=account, service=Service.PROGRAMME,
                                             place=session.programme.place, session=session,
                                             starts_at=session.starts_at, ends_at=session.ends_at)
        audit_change(actor=audit_actor(actor), obj=entry, before=None, after=snapshot(entry))
        return entry


def _own(entry: WaitlistEntry, account: CitizenAccount | None) -> None:
    if account is not None and entry.person_id != account.person_id:
        refuse(ErrorCode.NOT_FOUND, "대기 내역을 찾을 수 없습니다", "no such waiting-list entry")


def waitlist_withdraw(*, actor: Any, entry: WaitlistEntry, account: CitizenAccount | None = None,
                      now: dt.datetime | None = None) -> WaitlistEntry:
    """Leave the list (waiting or offered: an offered seat goes to the next at once)."""
    now = now or timezone.now()
    with transaction.atomic():
        locks.lock_person(entry.person_id)
        session = locks.lock_row(Session, entry.session_id)
        entry = locks.lock_row(WaitlistEntry, entry.pk)
        _own(entry, account)
        if entry.status not in OPEN_ENTRY:
            refuse(ErrorCode.INVALID, "이미 끝난 대기입니다", "this waiting-list entry is already closed")
        _set(entry, actor=actor, status=W.WITHDRAWN)
        fill(session, now=now)
        return entry


def offer_decline(*, actor: Any, entry: WaitlistEntry, account: CitizenAccount | None = None,
                  now: dt.datetime | None = None) -> WaitlistEntry:
    now = now or timezone.now()
    with transaction.atomic():
        locks.lock_person(entry.person_id)
        session = locks.lock_row(Session, entry.session_id)
        entry = locks.lock_row(WaitlistEntry, entry.pk)
        _own(entry, account)
        if entry.status != W.OFFERED:
            refuse(ErrorCode.INVALID, "받은 자리 제안이 없습니다", "there is no offer to decline")
        _set(entry, actor=actor, status=W.DECLINED)
        fill(session, now=now)
        return entry


def offer_accept(*, actor: Any, entry: WaitlistEntry, account: CitizenAccount | None = None,
                 now: dt.datetime | None = None) -> Booking:
    """Take the offered seat before its deadline: the booking is made for the entry's person even though the
    session is full for everyone else (the held seat becomes the booking). Past the deadline: OFFER_EXPIRED."""
    now = now or timezone.now()
    expire_session(entry.session_id, now=now)  # an overdue offer is expired (and passed on) in its own transaction
    with transaction.atomic():
        locks.lock_person(entry.person_id)
        session = locks.lock_row(Session, entry.session_id)
        entry = locks.lock_row(WaitlistEntry, entry.pk)
        _own(entry, account)
        if entry.status == W.EXPIRED or (entry.status == W.OFFERED and entry.offer_expires_at
                                         and entry.offer_expires_at <= now):
            deadline = entry.offer_expires_at
            refuse(ErrorCode.OFFER_EXPIRED,
                   f"자리 제안은 {t_ko(deadline)}까지였습니다. 시한이 지나 다음 대기자에게 넘어갔습니다"
                   if deadline else "자리 제안 시한이 지났습니다",
                   f"the offer was open until {t_en(deadline)}; it has passed to the next person waiting"
                   if deadline else "the offer has expired", expired_at=deadline)
        if entry.status != W.OFFERED:
            refuse(ErrorCode.INVALID, "받은 자리 제안이 없습니다", "there is no offer to accept")
        rule = rule_for(Service.PROGRAMME, local(session.starts_at).date())
        problems = booking_problems(person=entry.person, session=session, rule=rule, now=now, for_offer=True)
        if problems:
            raise ServiceError(problems)
        booking = _new_booking(actor=actor, person=entry.person, session=session, account=account or entry.account,
                               channel=Booking.Channel.ONLINE if account is not None else Booking.Channel.DESK,
                               now=now)
        _set(entry, actor=actor, status=W.ACCEPTED, booking=booking)
        return booking
