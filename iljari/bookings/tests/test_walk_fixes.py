"""What a walk through the pages as a citizen and as officers found (issue 16), kept fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from .conftest import at, next_weekday
from .test_accounts import _register

pytestmark = pytest.mark.django_db


def test_a_suit_is_due_on_the_branchs_next_open_day(suit_world, make_citizen):
    """3 nights from a Thursday is a Sunday, when the branch (Mon-Sat) is closed: due on Monday instead."""
    from iljari.bookings.suit_services import rental_book

    thursday = next_weekday(3, timezone.localdate() + dt.timedelta(days=2))
    person = make_citizen(birth=dt.date(1998, 1, 1)).person
    rental = rental_book(actor=None, person=person, branch=suit_world["branches"]["OPENCLOSET"], pickup_on=thursday,
                         pieces={"jacket": "100"}, cut="men")
    assert rental.due_on == thursday + dt.timedelta(days=4) and rental.due_on.weekday() == 0
    wednesday = thursday - dt.timedelta(days=1)  # 3 nights from a Wednesday is a Saturday: open, unchanged
    rental2 = rental_book(actor=None, person=make_citizen(birth=dt.date(1998, 1, 1)).person,
                          branch=suit_world["branches"]["OPENCLOSET"], pickup_on=wednesday, pieces={"shirt": "95"},
                          cut="men")
    assert rental2.due_on == wednesday + dt.timedelta(days=3)


def test_my_page_shows_the_minutes_left_on_the_day_booked(cafe_world, make_citizen, citizen_client):
    from iljari.bookings.room_services import room_book

    acc = make_citizen()
    day = next_weekday(1)
    room_book(actor=None, person=acc.person, room=cafe_world["study"], starts_at=at(day, 10), ends_at=at(day, 12),
              account=acc)
    page = citizen_client(acc).get("/cafes/mine/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f"스터디룸 {day.month}월 {day.day}일(화) 이용 시간" in page
    assert "60" in page.split(f"{day.month}월 {day.day}일(화) 이용 시간", 1)[1][:200]  # 180 - 120 minutes left


def test_one_can_register_from_outside_seoul_and_is_refused_suits_only(tree, suit_world):
    from iljari.bookings.models import CitizenAccount
    from iljari.bookings.rules import eligibility_problems, rule_for

    assert _register(Client(), district="").status_code == 302
    person = CitizenAccount.objects.get(phone="01023456789").person
    assert person.district is None
    day = timezone.localdate()
    problems = eligibility_problems(person=person, rule=rule_for("suit", day), day=day)
    assert [p.message_ko for p in problems] == ["면접 정장 대여는 서울시에 사는 분만 이용할 수 있습니다"]
    assert eligibility_problems(person=person, rule=rule_for("study_room", day), day=day) == []


def test_refusals_take_the_right_korean_particle(cafe_world, make_citizen):
    from iljari.bookings.models import Penalty
    from iljari.bookings.rules import penalty_problems

    person = make_citizen().person
    place = cafe_world["cafe"]
    today = timezone.localdate()
    Penalty.objects.create(person=person, service="study_room", reason="no_show", place=place, starts_on=today,
                           ends_on=today + dt.timedelta(days=3))
    text = penalty_problems(person=person, service="study_room", day=today)[0].message_ko
    assert "스터디룸을 예약할 수 없습니다" in text and "스터디룸를" not in text
