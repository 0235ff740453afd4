"""A suit item is never lent twice for overlapping days, including across operators' own entries (issue 16).

- A property test (hypothesis): random online and desk rentals, cancellations, pick-ups, returns (early, late, by
  parcel) and no-shows, through the services; after each step no piece has two live lines with overlapping days,
  on SQLite (the services' check in the IMMEDIATE transaction) and on PostgreSQL (the exclusion constraint).
- An operator's own entry written straight into the table (not through the services) is refused by PostgreSQL.
- PostgreSQL, threads with their own connections: many people book the last piece of a size at once; exactly one
  gets it, the others a clear refusal (FULL naming the size), never a database error.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import on_postgres
from iljari.bookings import suit_services as svc
from iljari.bookings.models import Rental, RentalLine
from iljari.core.errors import ServiceError

from .conftest import at

START = dt.date(2021, 7, 5)  # a Monday; days below are offsets from it
SIZES = {"jacket": ["95", "100"], "trousers": ["30", "32"], "shirt": ["95"]}


def overlapping_live_lines() -> list[tuple[int, int]]:
    lines = list(RentalLine.objects.filter(live=True).values_list("pk", "item_id", "starts_on", "ends_on"))
    bad = []
    for i, (pk, item, s, e) in enumerate(lines):
        for pk2, item2, s2, e2 in lines[i + 1:]:
            if item == item2 and s <= e2 and s2 <= e:
                bad.append((pk, pk2))
    return bad


step = st.tuples(
    st.sampled_from(["online", "desk", "cancel", "pick_up", "return", "parcel", "no_show"]),
    st.integers(0, 5),  # which person
    st.integers(0, 20),  # day offset
    st.sampled_from(sorted(SIZES)),
    st.integers(0, 1),  # which size
    st.integers(-1, 3),  # return days after due
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=5, max_size=30))
def test_no_piece_is_ever_held_twice(suit_world, make_citizen, actor, steps):
    from iljari.bookings.rules import holiday_name

    branch = suit_world["branches"]["OPENCLOSET"]
    with transaction.atomic():
        people = [make_citizen(birth=dt.date(1995, 1, 1)).person for _ in range(6)]
        for kind, who, offset, item, which, late in steps:
            day = START + dt.timedelta(days=offset)
            person = people[who]
            mine = Rental.objects.filter(person=person).order_by("-id").first()
            try:
                if kind in ("online", "desk"):
                    if day.weekday() == 6 or holiday_name(day):
                        continue
                    sizes = SIZES[item]
                    svc.rental_book(actor=actor if kind == "desk" else "citizen", person=person, branch=branch,
                                    pickup_on=day, pieces={item: sizes[which % len(sizes)]}, cut="men",
                                    channel=kind, hand_over=kind == "desk",
                                    today=day if kind == "desk" else START - dt.timedelta(days=1),
                                    now=at(day, 12))
                elif mine is None:
                    continue
                elif kind == "cancel":
                    svc.rental_cancel(actor=actor, rental=mine, by_officer=True, now=at(mine.pickup_on, 9))
                elif kind == "pick_up":
                    svc.rental_pick_up(actor=actor, rental=mine, now=at(mine.pickup_on, 11))
                elif kind in ("return", "parcel"):
                    back = max(mine.due_on + dt.timedelta(days=late), mine.pickup_on)
                    svc.rental_return(actor=actor, rental=mine, returned_on=back,
                                      method="parcel" if kind == "parcel" else "in_person",
                                      tracking_number="123456789012" if kind == "parcel" else "", today=back)
                elif kind == "no_show":
                    svc.rental_no_show(actor=actor, rental=mine, today=mine.pickup_on)
            except ServiceError:
                pass
            assert overlapping_live_lines() == []
            for rental in Rental.objects.filter(status__in=Rental.LIVE):  # live lines follow the rental's status
                assert rental.lines.filter(live=True).exists()
            assert not RentalLine.objects.filter(live=True).exclude(rental__status__in=Rental.LIVE).exists()
        transaction.set_rollback(True)  # every example starts from the same stock


@pytest.mark.django_db
@pytest.mark.skipif(not on_postgres(), reason="the exclusion constraint is PostgreSQL's")
def test_an_operators_own_entry_cannot_overlap(suit_world, make_citizen):
    """An entry written around the services (an operator's import, a raw insert) is refused by the database."""
    rental = svc.rental_book(actor="citizen", person=make_citizen().person, branch=suit_world["branches"][
        "OPENCLOSET"], pickup_on=START, pieces={"jacket": "95"}, cut="men", today=START)
    piece = rental.lines.get().item
    other = Rental.objects.create(person=make_citizen().person, operator=rental.operator, branch=rental.branch,
                                  pickup_on=START + dt.timedelta(days=3), due_on=START + dt.timedelta(days=6),
                                  channel="desk")
    with pytest.raises(IntegrityError), transaction.atomic():
        RentalLine.objects.create(rental=other, item=piece, starts_on=other.pickup_on, ends_on=other.due_on)
    RentalLine.objects.create(rental=other, item=piece, starts_on=START + dt.timedelta(days=4),
                              ends_on=other.due_on)  # from the day after the due day: fine


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres(), reason="needs real concurrent connections (PostgreSQL)")
def test_many_people_book_the_last_piece_at_once(suit_world, make_citizen):
    """20 people, each on their own connection, book the one men's jacket 95 for the same day at the same moment:
    exactly one holds it, the others are told it is full (naming the size), no database error."""
    n = 20
    people = [make_citizen(birth=dt.date(1995, 1, 1)).person for _ in range(n)]
    branch = suit_world["branches"]["OPENCLOSET"]
    barrier = threading.Barrier(n, timeout=30)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = svc.rental_book(actor="citizen", person=people[i], branch=branch, pickup_on=START,
                                         pieces={"jacket": "95"}, cut="men", today=START - dt.timedelta(days=1))
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = [r for r in results if isinstance(r, Rental)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(won) == 1 and len(refused) == n - 1, results
    assert all([str(p.code) for p in r.problems] == ["full"] and "95" in r.problems[0].message_ko for r in refused)
    assert RentalLine.objects.filter(live=True).count() == 1
    assert Rental.objects.count() == 1  # the refused left nothing behind
