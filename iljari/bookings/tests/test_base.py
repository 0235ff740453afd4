"""The shared base of issue 16: the database refuses double bookings (PostgreSQL), rules apply by the day booked
for, the Korean public holidays are known."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from conftest import on_postgres
from iljari.core.errors import ServiceError

from .conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def test_suit_rule_follows_the_day_booked_for(rules, make_citizen):
    from iljari.bookings.rules import eligibility_problems, rule_for

    person = make_citizen(birth=dt.date(1981, 8, 1)).person  # 38 on 2020-07-01, 39 on 2021-07-01
    in_2020, in_2021 = dt.date(2020, 7, 1), dt.date(2021, 7, 1)
    assert rule_for("suit", in_2020).max_age == 34
    refused = eligibility_problems(person=person, rule=rule_for("suit", in_2020), day=in_2020)
    assert [p.code for p in refused] == ["not_eligible"] and "만 34세 이하" in refused[0].message_ko
    assert eligibility_problems(person=person, rule=rule_for("suit", in_2021), day=in_2021) == []


def test_no_rule_before_the_first(rules):
    from iljari.bookings.rules import rule_for

    with pytest.raises(ServiceError) as e:
        rule_for("ai_room", dt.date(2021, 5, 1))  # the AI interview rooms opened on 2021-05-24
    assert e.value.problems[0].code == "no_rule"


def test_korean_holidays():
    from iljari.bookings.rules import holiday_name

    assert holiday_name(dt.date(2021, 9, 21)) == "추석"
    assert holiday_name(dt.date(2021, 9, 23)) == ""


def test_the_database_refuses_a_seat_twice(cafe_world, make_citizen):
    from iljari.bookings.models import Booking

    if not on_postgres():
        pytest.skip("exclusion constraints are PostgreSQL's; SQLite's path is the services' check")
    a, b = make_citizen().person, make_citizen().person
    seat = cafe_world["whole"].seats.get()
    day = next_weekday(0)
    common = {"kind": "room", "service": "study_room", "place": cafe_world["cafe"], "room": cafe_world["whole"],
              "seat": seat}
    Booking.objects.create(person=a, starts_at=at(day, 10), ends_at=at(day, 12), **common)
    Booking.objects.create(person=b, starts_at=at(day, 12), ends_at=at(day, 13), **common)  # touching is fine
    with pytest.raises(IntegrityError, match="booking_seat_no_overlap"), transaction.atomic():
        Booking.objects.create(person=b, starts_at=at(day, 11), ends_at=at(day, 12), **common)
    Booking.objects.create(person=b, starts_at=at(day, 11), ends_at=at(day, 12), status="cancelled", **common)


def test_the_database_refuses_a_suit_piece_twice(suit_world, make_citizen):
    from iljari.bookings.models import Rental, RentalLine

    if not on_postgres():
        pytest.skip("exclusion constraints are PostgreSQL's; SQLite's path is the services' check")
    item = suit_world["items"][0]
    branch, op = suit_world["branches"]["OPENCLOSET"], suit_world["operators"]["OPENCLOSET"]
    first = Rental.objects.create(person=make_citizen().person, operator=op, branch=branch,
                                  pickup_on=dt.date(2030, 3, 4), due_on=dt.date(2030, 3, 7))
    RentalLine.objects.create(rental=first, item=item, starts_on=first.pickup_on, ends_on=first.due_on)
    desk = Rental.objects.create(person=make_citizen().person, operator=op, branch=branch, channel="desk",
                                 pickup_on=dt.date(2030, 3, 7), due_on=dt.date(2030, 3, 10))
    with pytest.raises(IntegrityError, match="rental_item_no_overlap"), transaction.atomic():
        RentalLine.objects.create(rental=desk, item=item, starts_on=desk.pickup_on, ends_on=desk.due_on)
    RentalLine.objects.create(rental=desk, item=item, starts_on=dt.date(2030, 3, 8), ends_on=dt.date(2030, 3, 11))
