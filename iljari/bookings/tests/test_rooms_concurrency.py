"""Room bookings under real concurrency (PostgreSQL: threads, each with its own connection): the last seat goes to
exactly one booker; one person's parallel requests never pass the daily minutes or the future-bookings cap.
SQLite serialises writers (IMMEDIATE transactions): its sequential refusal is tested at the end."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection

from conftest import on_postgres
from iljari.core.errors import ServiceError

from .conftest import at, next_weekday

THREADS = 24


def _race(calls):
    """Run every call in its own thread (own connection), released together; return results or exceptions."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list = [None] * len(calls)

    def run(i):
        try:
            barrier.wait()
            results[i] = calls[i]()
        except Exception as exc:  # every outcome is asserted below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _outcomes(results):
    wins = [r for r in results if not isinstance(r, Exception)]
    codes = Counter("+".join(sorted({str(p.code) for p in r.problems})) if isinstance(r, ServiceError) else repr(r)
                    for r in results if isinstance(r, Exception))
    return wins, codes


pg = pytest.mark.skipif(not on_postgres(), reason="needs real parallel connections (PostgreSQL)")


@pg
@pytest.mark.django_db(transaction=True)
def test_many_bookers_for_the_last_seat_exactly_one_wins(cafe_world, make_citizen):
    from iljari.bookings.models import Booking
    from iljari.bookings.room_services import room_book

    now = at(next_weekday(0), 8)
    day = now.date() + dt.timedelta(days=1)
    room = cafe_world["study"]
    for _ in range(3):  # three of four seats taken
        room_book(actor=None, person=make_citizen().person, room=room, starts_at=at(day, 10), ends_at=at(day, 12),
                  now=now)
    people = [make_citizen().person for _ in range(THREADS)]
    results = _race([lambda p=p: room_book(actor=None, person=p, room=room, starts_at=at(day, 11),
                                           ends_at=at(day, 12), now=now) for p in people])
    wins, codes = _outcomes(results)
    assert len(wins) == 1 and codes == Counter({"full": THREADS - 1}), codes
    assert wins[0].seat.label == "4번"
    assert Booking.objects.filter(room=room, status="booked").count() == 4


@pg
@pytest.mark.django_db(transaction=True)
def test_one_person_in_parallel_never_passes_the_daily_minutes(cafe_world, make_citizen):
    from iljari.bookings.caps import minutes_on
    from iljari.bookings.room_services import room_book

    now = at(next_weekday(0), 8)
    day = now.date() + dt.timedelta(days=1)
    person = make_citizen().person
    rooms = [cafe_world["study"], cafe_world["whole"]]
    calls = [lambda h=h, r=r: room_book(actor=None, person=person, room=r, starts_at=at(day, h),
                                        ends_at=at(day, h + 1), now=now)
             for h in range(9, 18) for r in rooms]  # 18 requests of 60 minutes, 9 distinct hours
    results = _race(calls)
    wins, codes = _outcomes(results)
    assert minutes_on(person, "study_room", day) == 180 and len(wins) == 3
    # a request may meet the cap, or the same person's own booking of that hour in the other room (in whichever
    # order the threads run): both are refusals, never a fourth hour
    assert set(codes) <= {"cap_reached", "cap_reached+duplicate_booking", "duplicate_booking"}, codes
    assert sum(codes.values()) == len(calls) - 3


@pg
@pytest.mark.django_db(transaction=True)
def test_one_person_in_parallel_never_passes_the_future_bookings_cap(cafe_world, make_citizen):
    from iljari.bookings.models import Booking
    from iljari.bookings.room_services import room_book

    now = at(next_weekday(0), 8)
    person = make_citizen().person
    days = [now.date() + dt.timedelta(days=d) for d in range(1, 12) if (now.date() + dt.timedelta(days=d)).weekday() < 5]
    calls = [lambda d=d: room_book(actor=None, person=person, room=cafe_world["study"], starts_at=at(d, 10),
                                   ends_at=at(d, 11), now=now) for d in days]
    wins, codes = _outcomes(_race(calls))
    assert len(wins) == 3 and codes == Counter({"cap_reached": len(days) - 3}), codes
    assert Booking.objects.filter(person=person, status="booked").count() == 3


@pytest.mark.django_db
def test_sequential_refusals_on_any_database(cafe_world, make_citizen):
    """The path SQLite takes (and PostgreSQL's first line): the check before the insert refuses the last seat and
    the cap in the same transaction."""
    from iljari.bookings.room_services import room_book

    now = at(next_weekday(0), 8)
    day = now.date() + dt.timedelta(days=1)
    room = cafe_world["whole"]
    room_book(actor=None, person=make_citizen().person, room=room, starts_at=at(day, 10), ends_at=at(day, 12), now=now)
    with pytest.raises(ServiceError) as e:
        room_book(actor=None, person=make_citizen().person, room=room, starts_at=at(day, 11), ends_at=at(day, 12),
                  now=now)
    assert [str(p.code) for p in e.value.problems] == ["full"]
    person = make_citizen().person
    for h in (9, 10, 11):
        room_book(actor=None, person=person, room=cafe_world["study"], starts_at=at(day, h),
                  ends_at=at(day, h + 1), now=now)
    with pytest.raises(ServiceError) as e:
        room_book(actor=None, person=person, room=cafe_world["study"], starts_at=at(day, 13), ends_at=at(day, 14),
                  now=now)
    assert {str(p.code) for p in e.value.problems} == {"cap_reached"}  # the minutes, and 3 bookings ahead
    assert any("남은 이용 시간은 0분입니다" in p.message_ko for p in e.value.problems)
