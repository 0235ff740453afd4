"""Many people signing up for a session's last place at the same instant (PostgreSQL, threads with their own
connections): exactly one wins, the others are told FULL; with offers outstanding, capacity is never exceeded."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from conftest import on_postgres
from iljari.core.errors import ServiceError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="needs real concurrent connections (PostgreSQL)"),
]

N = 12


def _race(fn, n: int) -> list:
    barrier = threading.Barrier(n, timeout=20)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_many_for_the_last_place_exactly_one_wins(cafe_world, make_citizen):
    from iljari.bookings.models import Booking, Session
    from iljari.bookings.programme_services import session_book

    session = cafe_world["session"]
    Session.objects.filter(pk=session.pk).update(capacity=1)
    session.refresh_from_db()
    people = [make_citizen() for _ in range(N)]
    results = _race(lambda i: session_book(actor=people[i], person=people[i].person, session=session,
                                           account=people[i]), N)
    wins = [r for r in results if isinstance(r, Booking)]
    refusals = [r for r in results if isinstance(r, ServiceError)]
    assert len(wins) == 1, results
    assert len(refusals) == N - 1 and all(e.problems[0].code == "full" for e in refusals), results
    assert Booking.objects.filter(session=session, status="booked").count() == 1


def test_capacity_holds_with_offers_outstanding(cafe_world, make_citizen):
    """Two booked, three waiting; one cancels (its seat offered and held) while many try to book and the offered
    one accepts at the same instant: bookings + offers never exceed the capacity."""
    from iljari.bookings.models import Booking, WaitlistEntry
    from iljari.bookings.programme_services import held, session_book, session_booking_cancel
    from iljari.bookings.waitlist import offer_accept, waitlist_join

    session = cafe_world["session"]  # capacity 2
    booked = [make_citizen() for _ in range(2)]
    for acc in booked:
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    waiters = [make_citizen() for _ in range(3)]
    entries = [waitlist_join(actor=w, person=w.person, session=session, account=w) for w in waiters]
    session_booking_cancel(actor=booked[0], booking=Booking.objects.get(person=booked[0].person), account=booked[0])
    first = WaitlistEntry.objects.get(pk=entries[0].pk)
    assert first.status == "offered"
    others = [make_citizen() for _ in range(N - 1)]

    def attempt(i: int):
        if i == 0:
            return offer_accept(actor=waiters[0], entry=first, account=waiters[0])
        acc = others[i - 1]
        return session_book(actor=acc, person=acc.person, session=session, account=acc)

    results = _race(attempt, N)
    assert isinstance(results[0], Booking), results[0]
    assert all(isinstance(r, ServiceError) and r.problems[0].code == "full" for r in results[1:]), results
    h = held(session)
    assert h["booked"] == 2 and h["offered"] == 0 and h["held"] <= session.capacity
    assert Booking.objects.filter(session=session, status__in=Booking.LIVE).count() == session.capacity
