"""Shared worlds for the bookings' tests, made straight in the database (services are tested through their own
doors):

- `rules`: the shipped kinds of rule (study room 180 min a day, 3 ahead, 24 h offer; AI room 60 min a booking;
  programme; suit 2016 (age to 34) and 2021 (to 39), 10 a year, 3 nights, no-show ban 30 days).
- `cafe_world`: operator 일자리정책과 (city) with café "청년일자리카페 시청점" in 관악구 open 09-18 Mon-Fri: a
  study room of 4 seats (by the seat), a whole study room for 6, an AI interview room; a mock-interview programme
  with a session of capacity 2 next week; a district café of 관악구 (the GWANAK unit) with one study room.
- `suit_world`: suit operator "열린옷장" (unit 일자리정책과) with branch "건대점" in 관악구 and stock (jackets and
  trousers in 95/100, men's; a skirt suit in 55) ; a second operator "체인지레이디" with branch "왕십리점".
- `make_citizen(phone=..., birth=..., district=...)`: a Person (source "booking") with a CitizenAccount
  (password "iljari-citizen-2026"); `citizen_client(account)`: a test client logged in as that citizen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

CITIZEN_PASSWORD = "iljari-citizen-2026"


def next_weekday(weekday: int, after: dt.date | None = None) -> dt.date:
    """The next `weekday` (0 Monday) strictly after `after` (default today): a day the demo café is open."""
    day = (after or timezone.localdate()) + dt.timedelta(days=1)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone())


@pytest.fixture
def rules(db, actor):  # type: ignore[no-untyped-def]
    from iljari.bookings.models import BookingRule

    def rule(service: str, valid_from: dt.date, **kw: Any) -> BookingRule:
        return BookingRule.objects.create(service=service, valid_from=valid_from, **kw)

    return {
        "study_room": rule("study_room", dt.date(2016, 1, 1), name="스터디룸 이용 기준", residents_only=False,
                           daily_minutes=180, max_future=3, cancel_hours=1, no_show_ban_days=7,
                           waitlist_offer_hours=2, source="seed 004: 1인 1일 최대 3시간"),
        "ai_room": rule("ai_room", dt.date(2021, 5, 24), name="AI 면접체험실", residents_only=False,
                        booking_max_minutes=60, daily_minutes=60, max_future=2, cancel_hours=1),
        "programme": rule("programme", dt.date(2016, 1, 1), name="프로그램 신청", residents_only=False,
                          max_future=5, cancel_hours=24, no_show_ban_days=14, waitlist_offer_hours=24),
        "suit_2016": rule("suit", dt.date(2016, 1, 1), name="취업날개 (만 34세 이하)", residents_only=True,
                          min_age=18, max_age=34, final_year_students=True, yearly_count=10, max_future=1,
                          rental_nights=3, cancel_hours=24, no_show_ban_days=30, late_return_ban_days=30,
                          advance_days=60, source="seed 000"),
        "suit_2021": rule("suit", dt.date(2021, 1, 1), name="취업날개 (만 39세 이하)", residents_only=True,
                          min_age=18, max_age=39, final_year_students=True, yearly_count=10, max_future=1,
                          rental_nights=3, cancel_hours=24, no_show_ban_days=30, late_return_ban_days=30,
                          advance_days=60, source="seed 001: 만 34세 → 만 39세"),
    }


def _hours(place: Any, days: range = range(0, 5), opens: dt.time = dt.time(9), closes: dt.time = dt.time(18)) -> None:
    from iljari.bookings.models import OpeningHours

    for wd in days:
        OpeningHours.objects.create(place=place, weekday=wd, opens=opens, closes=closes)


@pytest.fixture
def cafe_world(db, tree, make_program, rules):  # type: ignore[no-untyped-def]
    from iljari.bookings.models import Operator, Place, Programme, Room, Seat, Session

    prog = make_program("CAFE", owner="JOBPOL", job_type="indirect", subtype="employment_service")
    city = Operator.objects.create(code="OP-CITY", name_ko="서울시 (직영)", name_en="Seoul (run by the city)",
                                   kind="city", org_unit=tree["JOBPOL"], program=prog)
    gwanak_op = Operator.objects.create(code="OP-GWANAK", name_ko="관악구", name_en="Gwanak-gu", kind="district",
                                        org_unit=tree["GWANAK"], program=prog)
    cafe = Place.objects.create(code="CAFE-CITYHALL", name_ko="청년일자리카페 시청점", name_en="Youth job café City Hall",
                                kind="cafe", setting="public", operator=city, district=tree["GWANAK"],
                                address="서울 관악구 관악로 1", regional=True)
    _hours(cafe)
    study = Room.objects.create(place=cafe, name_ko="스터디룸 A", name_en="Study room A", kind="study", mode="seat",
                                capacity=4, slot_minutes=30)
    for n in range(1, 5):
        Seat.objects.create(room=study, label=f"{n}번")
    whole = Room.objects.create(place=cafe, name_ko="스터디룸 B", name_en="Study room B", kind="study", mode="whole",
                                capacity=6, slot_minutes=30)
    Seat.objects.create(room=whole, label="전체")
    ai = Room.objects.create(place=cafe, name_ko="AI 면접체험실", name_en="AI interview room", kind="ai_interview",
                             mode="whole", capacity=1, equipment="노트북, 마이크, 조명", slot_minutes=30)
    Seat.objects.create(room=ai, label="전체")
    programme = Programme.objects.create(place=cafe, kind="mock_interview", title_ko="모의면접", title_en="Mock interview",
                                         staff="현직자 멘토")
    day = next_weekday(3, timezone.localdate() + dt.timedelta(days=6))  # a Thursday at least a week away
    session = Session.objects.create(programme=programme, starts_at=at(day, 14), ends_at=at(day, 16), capacity=2)
    district_cafe = Place.objects.create(code="CAFE-GWANAK", name_ko="관악 청년일자리카페", name_en="Gwanak youth job café",
                                         kind="cafe", setting="youth_space", operator=gwanak_op,
                                         district=tree["GWANAK"])
    _hours(district_cafe)
    d_room = Room.objects.create(place=district_cafe, name_ko="스터디룸", name_en="Study room", kind="study",
                                 mode="whole", capacity=4)
    Seat.objects.create(room=d_room, label="전체")
    return {"program": prog, "operator": city, "district_operator": gwanak_op, "cafe": cafe, "study": study,
            "whole": whole, "ai": ai, "programme": programme, "session": session, "district_cafe": district_cafe,
            "district_room": d_room}


@pytest.fixture
def suit_world(db, tree, make_program, rules):  # type: ignore[no-untyped-def]
    from iljari.bookings.models import Operator, Place, SuitItem

    prog = make_program("SUIT", owner="JOBPOL", job_type="indirect", subtype="employment_service")
    ops, branches = {}, {}
    for code, ko, en, branch_ko, branch_en in (("OPENCLOSET", "열린옷장", "The Open Closet", "건대점", "Konkuk Univ."),
                                               ("CHANGELADY", "체인지레이디", "Change Lady", "왕십리점", "Wangsimni")):
        ops[code] = Operator.objects.create(code=f"SUIT-{code}", name_ko=ko, name_en=en, kind="suit",
                                            org_unit=tree["JOBPOL"], program=prog)
        branches[code] = Place.objects.create(code=f"SUIT-{code}-1", name_ko=f"{ko} {branch_ko}",
                                              name_en=f"{en} {branch_en}", kind="suit_branch", setting="shop",
                                              operator=ops[code], district=tree["GWANAK"])
        _hours(branches[code], days=range(0, 6), opens=dt.time(10), closes=dt.time(19))
    items = []
    for n, (item, size) in enumerate([("jacket", "95"), ("jacket", "100"), ("trousers", "30"), ("trousers", "32"),
                                      ("shirt", "95")]):
        items.append(SuitItem.objects.create(operator=ops["OPENCLOSET"], branch=branches["OPENCLOSET"],
                                             tag=f"OC-{n:04d}", item=item, cut="men", size=size))
    skirt = [SuitItem.objects.create(operator=ops["CHANGELADY"], branch=branches["CHANGELADY"], tag=f"CL-{n:04d}",
                                     item=item, cut="women", size="55") for n, item in enumerate(["jacket", "skirt"])]
    return {"program": prog, "operators": ops, "branches": branches, "items": items, "women": skirt}


@pytest.fixture
def make_citizen(db, tree):  # type: ignore[no-untyped-def]
    from django.contrib.auth.hashers import make_password

    from iljari.bookings.models import CitizenAccount
    from iljari.people.models import Person

    counter = iter(range(1, 100_000))

    def make(name: str = "김청년", birth: dt.date = dt.date(1998, 3, 2), district: Any = "GWANAK",
             phone: str | None = None) -> CitizenAccount:
        n = next(counter)
        person = Person.objects.create(name=name, birth_date=birth, source="booking",
                                       district=tree[district] if isinstance(district, str) else district,
                                       phone=phone or f"0109{n:07d}")
        return CitizenAccount.objects.create(phone=person.phone.replace("-", ""),
                                             password=make_password(CITIZEN_PASSWORD), person=person)

    return make


@pytest.fixture
def citizen_client(db):  # type: ignore[no-untyped-def]
    from django.test import Client

    from iljari.bookings.accounts import SESSION_KEY

    def make(account: Any) -> Client:
        c = Client()
        session = c.session
        session[SESSION_KEY] = account.pk
        session.save()
        return c

    return make
