"""Programmes: sessions within hours, sign-up with capacity, cancellation with the cut-off, waiting lists with timed
offers (issue 16 acceptance: "Cancelling a programme seat offers it to the first on the waiting list, who has N
hours to accept"), attendance and no-show penalties, the `bookings-offers` command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from iljari.core.errors import ServiceError

from .conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def codes(e: pytest.ExceptionInfo) -> list[str]:
    return [str(p.code) for p in e.value.problems]


@pytest.fixture
def officer(make_user):
    return make_user("prog-officer", "program_officer", "JOBPOL")


def test_acceptance_a_cancelled_seat_is_offered_for_n_hours_then_to_the_second(cafe_world, make_citizen, rules):
    from iljari.bookings.models import Booking, WaitlistEntry
    from iljari.bookings.programme_services import held, session_book, session_booking_cancel
    from iljari.bookings.waitlist import offer_accept, offers_expire, waitlist_join

    session = cafe_world["session"]  # capacity 2, a Thursday at least a week away
    n = rules["programme"].waitlist_offer_hours  # 24
    a, b, first, second = (make_citizen() for _ in range(4))
    for acc in (a, b):
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    with pytest.raises(ServiceError) as full:
        session_book(actor=first, person=first.person, session=session, account=first)
    assert codes(full) == ["full"] and "대기자 명단" in full.value.problems[0].message_ko
    e1 = waitlist_join(actor=first, person=first.person, session=session, account=first)
    e2 = waitlist_join(actor=second, person=second.person, session=session, account=second)

    cancelled_at = session.starts_at - dt.timedelta(days=3)
    session_booking_cancel(actor=a, booking=Booking.objects.get(person=a.person), account=a, now=cancelled_at)
    e1.refresh_from_db()
    e2.refresh_from_db()
    assert e1.status == "offered" and e1.offered_at == cancelled_at
    assert e1.offer_expires_at == cancelled_at + dt.timedelta(hours=n)
    assert e2.status == "waiting"
    assert held(session) == {"booked": 1, "offered": 1, "waiting": 1, "held": 2, "left": 0}
    # the seat is held for the first: nobody else may take it meanwhile
    other = make_citizen()
    with pytest.raises(ServiceError) as still_full:
        session_book(actor=other, person=other.person, session=session, account=other,
                     now=cancelled_at + dt.timedelta(hours=1))
    assert codes(still_full) == ["full"]

    # N hours unanswered: the offer goes to the second; the first can no longer accept
    later = cancelled_at + dt.timedelta(hours=n, minutes=1)
    events = offers_expire(now=later)
    assert [(ev.entry.pk, ev.what) for ev in events] == [(e1.pk, "expired"), (e2.pk, "offered")]
    e1.refresh_from_db()
    e2.refresh_from_db()
    assert e1.status == "expired" and e2.status == "offered"
    assert e2.offer_expires_at == later + dt.timedelta(hours=n)
    with pytest.raises(ServiceError) as late:
        offer_accept(actor=first, entry=e1, account=first, now=later)
    assert codes(late) == ["offer_expired"]
    booking = offer_accept(actor=second, entry=e2, account=second, now=later + dt.timedelta(hours=2))
    assert booking.person == second.person and booking.status == "booked"
    assert held(session)["held"] == 2 == session.capacity
    assert WaitlistEntry.objects.get(pk=e2.pk).booking == booking


def test_first_answering_within_n_hours_gets_the_seat(cafe_world, make_citizen):
    from iljari.bookings.models import Booking
    from iljari.bookings.programme_services import session_book, session_booking_cancel
    from iljari.bookings.waitlist import offer_accept, waitlist_join

    session = cafe_world["session"]
    a, b, w = make_citizen(), make_citizen(), make_citizen()
    for acc in (a, b):
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    entry = waitlist_join(actor=w, person=w.person, session=session, account=w)
    now = session.starts_at - dt.timedelta(days=2)
    session_booking_cancel(actor=b, booking=Booking.objects.get(person=b.person), account=b, now=now)
    booking = offer_accept(actor=w, entry=entry, account=w, now=now + dt.timedelta(hours=23))
    assert booking.session == session and Booking.objects.filter(session=session, status="booked").count() == 2


def test_offer_never_runs_past_the_start(cafe_world, make_citizen, officer):
    from iljari.bookings.models import Booking
    from iljari.bookings.programme_services import session_book, session_booking_cancel
    from iljari.bookings.waitlist import waitlist_join

    session = cafe_world["session"]
    a, b, w = make_citizen(), make_citizen(), make_citizen()
    for acc in (a, b):
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    entry = waitlist_join(actor=w, person=w.person, session=session, account=w)
    # an officer cancels for a caller 5 hours before the start (citizens' cut-off is 24 h)
    now = session.starts_at - dt.timedelta(hours=5)
    with pytest.raises(ServiceError) as cutoff:
        session_booking_cancel(actor=a, booking=Booking.objects.get(person=a.person), account=a, now=now)
    assert codes(cutoff) == ["too_late"] and "24시간 전" in cutoff.value.problems[0].message_ko
    session_booking_cancel(actor=officer, booking=Booking.objects.get(person=a.person), now=now, reason="전화")
    entry.refresh_from_db()
    assert entry.status == "offered" and entry.offer_expires_at == session.starts_at


def test_booking_rules_every_problem_at_once(cafe_world, make_citizen, rules):
    from iljari.bookings.models import Penalty
    from iljari.bookings.programme_services import session_book

    session = cafe_world["session"]
    acc = make_citizen()
    Penalty.objects.create(person=acc.person, service="programme", reason="no_show", place=cafe_world["cafe"],
                           starts_on=timezone.localdate(), ends_on=timezone.localdate() + dt.timedelta(days=60))
    rules["programme"].advance_days = 3
    rules["programme"].save()
    with pytest.raises(ServiceError) as e:
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    assert sorted(codes(e)) == ["penalty", "too_early"]
    late = session.starts_at + dt.timedelta(minutes=1)
    with pytest.raises(ServiceError) as e2:
        session_book(actor=acc, person=acc.person, session=session, account=acc, now=late)
    assert "too_late" in codes(e2)


def test_once_per_person_and_max_future(cafe_world, make_citizen, rules, officer):
    from iljari.bookings.programme_services import session_book, session_save

    session = cafe_world["session"]
    acc = make_citizen()
    session_book(actor=acc, person=acc.person, session=session, account=acc)
    with pytest.raises(ServiceError) as dup:
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    assert "duplicate_booking" in codes(dup)
    rules["programme"].max_future = 1
    rules["programme"].save()
    # the Wednesday before the session: open, in the future and inside the booking window whatever today is
    day = timezone.localdate(session.starts_at) - dt.timedelta(days=1)
    other = session_save(actor=officer, programme=cafe_world["programme"], starts_at=at(day, 10),
                         ends_at=at(day, 11), capacity=5)
    with pytest.raises(ServiceError) as cap:
        session_book(actor=acc, person=acc.person, session=other, account=acc)
    assert codes(cap) == ["cap_reached"] and "1건까지" in cap.value.problems[0].message_ko


def test_join_only_when_full_and_once(cafe_world, make_citizen):
    from iljari.bookings.programme_services import session_book
    from iljari.bookings.waitlist import waitlist_join, waitlist_withdraw

    session = cafe_world["session"]
    w = make_citizen()
    with pytest.raises(ServiceError) as e:
        waitlist_join(actor=w, person=w.person, session=session, account=w)
    assert codes(e) == ["invalid"]
    for _ in range(2):
        acc = make_citizen()
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    entry = waitlist_join(actor=w, person=w.person, session=session, account=w)
    with pytest.raises(ServiceError) as twice:
        waitlist_join(actor=w, person=w.person, session=session, account=w)
    assert codes(twice) == ["duplicate_booking"]
    intruder = make_citizen()
    with pytest.raises(ServiceError):
        waitlist_withdraw(actor=intruder, entry=entry, account=intruder)
    assert waitlist_withdraw(actor=w, entry=entry, account=w).status == "withdrawn"


def test_decline_passes_on_and_capacity_rise_offers(cafe_world, make_citizen, officer):
    from iljari.bookings.models import Booking
    from iljari.bookings.programme_services import held, session_book, session_booking_cancel, session_save
    from iljari.bookings.waitlist import offer_decline, waitlist_join

    session = cafe_world["session"]
    booked = [make_citizen() for _ in range(2)]
    for acc in booked:
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    waiters = [make_citizen() for _ in range(3)]
    entries = [waitlist_join(actor=w, person=w.person, session=session, account=w) for w in waiters]
    session_booking_cancel(actor=booked[0], booking=Booking.objects.get(person=booked[0].person), account=booked[0])
    entries[0].refresh_from_db()
    offer_decline(actor=waiters[0], entry=entries[0], account=waiters[0])
    entries[1].refresh_from_db()
    assert entries[1].status == "offered"
    session.refresh_from_db()
    with pytest.raises(ServiceError) as shrink:
        session_save(actor=officer, session=session, starts_at=session.starts_at, ends_at=session.ends_at,
                     capacity=1)
    assert codes(shrink) == ["out_of_range"]
    session_save(actor=officer, session=session, starts_at=session.starts_at, ends_at=session.ends_at, capacity=3)
    entries[2].refresh_from_db()
    assert entries[2].status == "offered"
    assert held(session) == {"booked": 1, "offered": 2, "waiting": 0, "held": 3, "left": 0}


def test_session_save_hours_closures_holidays(cafe_world, officer, make_user):
    from iljari.bookings.models import Closure
    from iljari.bookings.programme_services import programme_save, session_save

    programme = cafe_world["programme"]
    day = next_weekday(1, timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(ServiceError) as e:
        session_save(actor=officer, programme=programme, starts_at=at(day, 8), ends_at=at(day, 10), capacity=0)
    assert sorted(codes(e)) == ["out_of_range", "place_closed"]
    sat = next_weekday(5)
    with pytest.raises(ServiceError) as e2:
        session_save(actor=officer, programme=programme, starts_at=at(sat, 10), ends_at=at(sat, 11), capacity=3)
    assert codes(e2) == ["place_closed"]
    Closure.objects.create(place=cafe_world["cafe"], day=day, reason="시설 점검")
    with pytest.raises(ServiceError) as e3:
        session_save(actor=officer, programme=programme, starts_at=at(day, 10), ends_at=at(day, 11), capacity=3)
    assert "시설 점검" in e3.value.problems[0].message_ko
    xmas = dt.date(2030, 12, 25)  # a Wednesday, 성탄절
    with pytest.raises(ServiceError) as e4:
        session_save(actor=officer, programme=programme, starts_at=at(xmas, 10), ends_at=at(xmas, 11), capacity=3)
    assert "공휴일" in e4.value.problems[0].message_ko
    # a district officer of 관악구 does not run the city's café
    gwanak = make_user("gw", "district_officer", "GWANAK")
    with pytest.raises(ServiceError) as e5:
        programme_save(actor=gwanak, programme=programme, kind="talk", title_ko="특강")
    assert codes(e5) == ["permission_denied"]
    p = programme_save(actor=officer, place=cafe_world["cafe"], kind="cv_photo", title_ko="이력서 사진 촬영")
    assert p.pk and p.place == cafe_world["cafe"]


def test_session_cancel_lists_the_bookers(cafe_world, make_citizen, officer):
    from iljari.bookings.programme_services import session_book, session_cancel
    from iljari.bookings.waitlist import waitlist_join

    session = cafe_world["session"]
    accs = [make_citizen(name=f"신청자{i}") for i in range(2)]
    for acc in accs:
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    w = make_citizen()
    waitlist_join(actor=w, person=w.person, session=session, account=w)
    out = session_cancel(actor=officer, session=session, reason="강사 사정")
    assert sorted(b.person.name for b in out.bookings) == ["신청자0", "신청자1"]
    assert all(b.status == "cancelled" for b in out.bookings) and [e.status for e in out.waitlist] == ["withdrawn"]


def test_attendance_no_show_penalty(cafe_world, make_citizen, officer, rules):
    from iljari.bookings.models import Booking, Penalty
    from iljari.bookings.programme_services import session_attendance, session_book

    session = cafe_world["session"]
    came, missed = make_citizen(), make_citizen()
    for acc in (came, missed):
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    b_came = Booking.objects.get(person=came.person)
    with pytest.raises(ServiceError) as early:
        session_attendance(actor=officer, session=session, present={b_came.pk})
    assert codes(early) == ["too_early"]
    after = session.starts_at + dt.timedelta(hours=1)
    counts = session_attendance(actor=officer, session=session, present={b_came.pk}, now=after)
    assert counts == {"present": 1, "no_show": 1, "penalties": 1}
    session.refresh_from_db()
    assert session.status == "held" and session.attended == 1
    p = Penalty.objects.get(person=missed.person)
    day = timezone.localdate(session.starts_at)
    assert (p.ends_on - day).days == rules["programme"].no_show_ban_days
    # corrected: the no-show was there after all
    b_missed = Booking.objects.get(person=missed.person)
    session_attendance(actor=officer, session=session, present={b_came.pk, b_missed.pk}, now=after)
    p.refresh_from_db()
    assert p.lifted_at is not None


def test_the_offers_command_is_idempotent(cafe_world, make_citizen):
    from iljari.bookings.models import Booking
    from iljari.bookings.programme_services import session_book, session_booking_cancel
    from iljari.bookings.waitlist import waitlist_join

    session = cafe_world["session"]
    a, b, w1, w2 = (make_citizen() for _ in range(4))
    for acc in (a, b):
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    for w in (w1, w2):
        waitlist_join(actor=w, person=w.person, session=session, account=w)
    then = session.starts_at - dt.timedelta(days=4)
    session_booking_cancel(actor=a, booking=Booking.objects.get(person=a.person), account=a, now=then)
    later = (then + dt.timedelta(hours=25)).astimezone().replace(tzinfo=None).isoformat()
    out = io.StringIO()
    call_command("bookings-offers", now=later, stdout=out)
    assert "1 offer(s) expired, 1 offer(s) made" in out.getvalue()
    again = io.StringIO()
    call_command("bookings-offers", now=later, stdout=again)
    assert "0 offer(s) expired, 0 offer(s) made" in again.getvalue()
