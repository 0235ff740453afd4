"""Slice "accounts": citizens' accounts (register, log in, lockout, my page, my account) and the café pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from .conftest import CITIZEN_PASSWORD, at, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _register(c: Client, **over):
    data = {"phone": "010-2345-6789", "password": "Cafe-Seoul-2026!", "password2": "Cafe-Seoul-2026!",
            "name": "이청년", "birth_date": "1999-05-06", "district": "GWANAK", "consent": "on", "website": ""}
    data.update(over)
    return c.post("/cafes/register/", data, HTTP_ACCEPT_LANGUAGE="ko")


def test_register_then_login_then_my_page(tree, cafe_world):
    from iljari.bookings.models import CitizenAccount

    c = Client()
    r = _register(c)
    assert r.status_code == 302 and r["Location"].startswith("/cafes/mine/")
    account = CitizenAccount.objects.get(phone="01023456789")
    assert account.person.source == "booking" and account.person.district.code == "GWANAK"
    assert account.person.source_ref == f"booking:{account.pk}" and account.consented_at is not None
    assert not account.verified and account.password != "Cafe-Seoul-2026!"
    page = c.get("/cafes/mine/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "내 예약" in page and "스터디룸 오늘 이용 시간" in page  # the caps left today
    c.post("/cafes/logout/")
    assert c.get("/cafes/mine/")["Location"].startswith("/cafes/login/?next=")
    r = c.post("/cafes/login/", {"phone": "010 2345 6789", "password": "Cafe-Seoul-2026!", "next": "/cafes/account/"})
    assert r.status_code == 302 and r["Location"] == "/cafes/account/"
    assert c.get("/cafes/account/").status_code == 200


def test_register_refuses_with_every_problem_and_saves_nothing(tree):
    from iljari.bookings.models import CitizenAccount

    r = _register(Client(), phone="02-123-4567", password="12345678", password2="12345679", consent="")
    page = r.content.decode()
    assert r.status_code == 400 and CitizenAccount.objects.count() == 0
    assert "010-1234-5678" in page and "동의하지 않으면 가입할 수 없습니다" in page and "두 비밀번호가 같지 않습니다" in page


def test_register_twice_with_one_phone_is_refused(tree):
    assert _register(Client()).status_code == 302
    r = _register(Client(), name="다른사람")
    assert r.status_code == 400 and "이미 이 휴대전화 번호로 가입한 계정이 있습니다" in r.content.decode()


def test_honeypot_saves_nothing(tree):
    from iljari.bookings.models import CitizenAccount

    assert _register(Client(), website="http://spam").status_code == 302
    assert CitizenAccount.objects.count() == 0


def test_lockout_after_five_wrong_passwords(make_citizen):
    account = make_citizen(phone="01055556666")
    c = Client()
    for _ in range(4):
        r = c.post("/cafes/login/", {"phone": "01055556666", "password": "wrong-one"}, HTTP_ACCEPT_LANGUAGE="ko")
        assert r.status_code == 400 and "비밀번호가 맞지 않습니다" in r.content.decode()
    r = c.post("/cafes/login/", {"phone": "01055556666", "password": "wrong-one"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert "까지 로그인할 수 없습니다" in r.content.decode()
    account.refresh_from_db()
    assert account.locked_until is not None
    r = c.post("/cafes/login/", {"phone": "01055556666", "password": CITIZEN_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "you can log in again at" in r.content.decode()
    assert c.get("/cafes/mine/").status_code == 302  # still not logged in


def test_next_goes_only_to_a_cafes_page(make_citizen):
    make_citizen(phone="01077778888")
    for evil in ("https://evil.example/", "//evil.example/cafes/", "/bookings/", "/cafes/\\evil"):
        r = Client().post("/cafes/login/", {"phone": "01077778888", "password": CITIZEN_PASSWORD, "next": evil})
        assert r["Location"] == "/cafes/mine/"


def test_a_citizen_sees_only_their_own_bookings(cafe_world, make_citizen, citizen_client):
    from iljari.bookings.models import Booking

    me, other = make_citizen(name="나본인"), make_citizen(name="남의사람")
    day = next_weekday(1)
    seat = cafe_world["study"].seats.first()
    Booking.objects.create(kind="room", service="study_room", person=other.person, account=other,
                           place=cafe_world["cafe"], room=cafe_world["study"], seat=seat, starts_at=at(day, 10),
                           ends_at=at(day, 12))
    page = citizen_client(me).get("/cafes/mine/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "다가오는 공간 예약이 없습니다" in page and "스터디룸 A" not in page
    theirs = citizen_client(other).get("/cafes/mine/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "스터디룸 A" in theirs and "10:00–12:00" in theirs


def test_my_upcoming_bookings_come_soonest_first(cafe_world, make_citizen, citizen_client):
    from iljari.bookings.models import Booking

    me = make_citizen()
    seat = cafe_world["study"].seats.first()
    later, sooner = next_weekday(2, next_weekday(2)), next_weekday(2)  # two Wednesdays, booked the later first
    for day in (later, sooner):
        Booking.objects.create(kind="room", service="study_room", person=me.person, account=me,
                               place=cafe_world["cafe"], room=cafe_world["study"], seat=seat, starts_at=at(day, 10),
                               ends_at=at(day, 12))
    page = citizen_client(me).get("/cafes/mine/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    first, second = (f"{d.month}월 {d.day}일" for d in (sooner, later))
    cards = page[page.index("<h2>스터디룸과 AI 면접체험실</h2>"):]  # the caps above list the days in order too
    assert first in cards and second in cards and cards.index(first) < cards.index(second)


def test_account_change_and_deactivate(make_citizen, citizen_client):
    from iljari.bookings.models import CitizenAccount

    me = make_citizen(phone="01012121212")
    c = citizen_client(me)
    r = c.post("/cafes/account/", {"action": "update", "phone": "010-3434-3434", "district": "GWANAK",
                                   "current_password": "wrong", "version": me.version})
    assert r.status_code == 400
    r = c.post("/cafes/account/", {"action": "update", "phone": "010-3434-3434", "district": "GWANAK",
                                   "current_password": CITIZEN_PASSWORD, "version": me.version})
    assert r.status_code == 302
    me.refresh_from_db()
    assert me.phone == "01034343434" and me.person.phone == "01034343434"
    r = c.post("/cafes/account/", {"action": "deactivate", "password": CITIZEN_PASSWORD, "version": me.version})
    assert r.status_code == 200
    me.refresh_from_db()
    assert not me.active and CitizenAccount.objects.filter(phone="01034343434").count() == 0
    assert c.get("/cafes/mine/").status_code == 302


def test_cafe_list_filters(cafe_world, tree):
    c = Client()
    page = c.get("/cafes/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "청년일자리카페 시청점" in page and "관악 청년일자리카페" in page
    page = c.get("/cafes/?regional=on", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "청년일자리카페 시청점" in page and "관악 청년일자리카페" not in page
    page = c.get("/cafes/?setting=youth_space", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "청년일자리카페 시청점" not in page and "관악 청년일자리카페" in page
    assert c.get("/cafes/?district=NOPE").status_code == 400


def test_place_page_shows_hours_rooms_sessions_and_holidays(cafe_world):
    page = Client().get("/cafes/places/CAFE-CITYHALL/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "09:00–18:00" in page and "스터디룸 A" in page and "모의면접" in page and "AI 면접체험실" in page
    assert Client().get("/cafes/places/NOPE/").status_code == 404


def test_place_page_lists_a_closure(cafe_world):
    from iljari.bookings.models import Closure

    day = next_weekday(2)
    Closure.objects.create(place=cafe_world["cafe"], day=day, reason="시설 점검")
    page = Client().get("/cafes/places/CAFE-CITYHALL/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f"{day.month}월 {day.day}일(수): 시설 점검" in page
    assert timezone.localdate() < day
