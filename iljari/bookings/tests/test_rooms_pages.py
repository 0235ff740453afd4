"""The room pages (citizens' and officers') and the API, in Korean and English."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from .conftest import at

pytestmark = pytest.mark.django_db


def _open_day() -> dt.date:
    """A weekday within the next days the café is open (Mon-Fri), tomorrow or later, not a public holiday."""
    from iljari.bookings.rules import holiday_name

    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() > 4 or holiday_name(day):
        day += dt.timedelta(days=1)
    return day


def test_anonymous_sees_slots_and_a_log_in_link(cafe_world):
    day = _open_day()
    r = Client().get(f"/cafes/rooms/{cafe_world['study'].pk}/?day={day:%Y-%m-%d}", HTTP_ACCEPT_LANGUAGE="ko")
    page = r.content.decode()
    assert r.status_code == 200 and "스터디룸 A" in page and "09:00" in page and "빈자리 4석" in page
    assert "로그인하고 예약하기" in page and 'name="start"' not in page
    assert f"{day.month}월 {day.day}일" in page and 'aria-current="date"' in page


def test_closed_day_says_why(cafe_world):
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    r = Client().get(f"/cafes/rooms/{cafe_world['study'].pk}/?day={day:%Y-%m-%d}", HTTP_ACCEPT_LANGUAGE="ko")
    assert "토요일은 문을 열지 않습니다" in r.content.decode()
    r = Client().get(f"/cafes/rooms/{cafe_world['study'].pk}/?day={day:%Y-%m-%d}", HTTP_ACCEPT_LANGUAGE="en")
    assert "closed on Saturdays" in r.content.decode()


def test_acceptance_on_the_page_in_korean_and_english(cafe_world, make_citizen, citizen_client):
    """Two hours, then ninety minutes the same day: refused beside the form with the minutes left."""
    from iljari.bookings.models import Booking

    acc = make_citizen()
    c = citizen_client(acc)
    day = _open_day()
    url = f"/cafes/rooms/{cafe_world['study'].pk}/?day={day:%Y-%m-%d}"
    r = c.post(url, {"start": "10:00", "minutes": "120"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 302
    b = Booking.objects.get(person=acc.person)
    assert r["Location"] == f"/cafes/bookings/{b.pk}/booked/"
    done = c.get(r["Location"], HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "예약되었습니다" in done and "10:00" in done and "12:00" in done and "1번 좌석" in done
    r = c.post(url, {"start": "13:00", "minutes": "90"}, HTTP_ACCEPT_LANGUAGE="ko")
    page = r.content.decode()
    assert r.status_code == 409 and "남은 이용 시간은 60분입니다" in page and 'role="alert"' in page
    r = c.post(url, {"start": "13:00", "minutes": "90"}, HTTP_ACCEPT_LANGUAGE="en")
    page = r.content.decode()
    assert "60 minutes are left" in page and "남은" not in page
    assert Booking.objects.filter(person=acc.person).count() == 1


def test_form_errors_are_summarised(cafe_world, make_citizen, citizen_client):
    c = citizen_client(make_citizen())
    r = c.post(f"/cafes/rooms/{cafe_world['study'].pk}/?day={_open_day():%Y-%m-%d}", {}, HTTP_ACCEPT_LANGUAGE="ko")
    page = r.content.decode()
    assert r.status_code == 400 and "시작 시각을 고르십시오" in page and 'id="error-summary"' in page


def test_cancel_own_only(cafe_world, make_citizen, citizen_client):
    from iljari.bookings.room_services import room_book

    acc, other = make_citizen(), make_citizen()
    day = _open_day()
    b = room_book(actor=None, person=acc.person, account=acc, room=cafe_world["study"], starts_at=at(day, 15),
                  ends_at=at(day, 16))
    assert citizen_client(other).get(f"/cafes/bookings/{b.pk}/cancel/").status_code == 404
    assert citizen_client(other).get(f"/cafes/bookings/{b.pk}/booked/").status_code == 404
    c = citizen_client(acc)
    page = c.get(f"/cafes/bookings/{b.pk}/cancel/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "예약 취소" in page and "15:00" in page
    r = c.post(f"/cafes/bookings/{b.pk}/cancel/", {"version": 1, "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200 and "is cancelled" in r.content.decode()
    b.refresh_from_db()
    assert b.status == "cancelled"
    r = c.post(f"/cafes/bookings/{b.pk}/cancel/", {"version": 2}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 409 and "이미 취소된 예약입니다" in r.content.decode()


def test_anonymous_cancel_goes_to_log_in(cafe_world, make_citizen):
    from iljari.bookings.room_services import room_book

    acc = make_citizen()
    day = _open_day()
    b = room_book(actor=None, person=acc.person, room=cafe_world["study"], starts_at=at(day, 15), ends_at=at(day, 16))
    assert Client().get(f"/cafes/bookings/{b.pk}/cancel/").status_code == 302


def test_officer_today_actions_and_desk(cafe_world, make_citizen, make_user):
    from iljari.bookings.models import Booking
    from iljari.bookings.room_services import room_book

    officer = make_user("cafe", "program_officer", "JOBPOL")
    c = Client()
    c.force_login(officer)
    day = _open_day()
    acc = make_citizen(name="박예약")
    b = room_book(actor=None, person=acc.person, room=cafe_world["study"], starts_at=at(day, 10), ends_at=at(day, 11))
    other = room_book(actor=None, person=make_citizen(name="최관악").person, room=cafe_world["district_room"],
                      starts_at=at(day, 10), ends_at=at(day, 11))
    page = c.get(f"/bookings/today/?day={day:%Y-%m-%d}", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "박예약" in page and "최관악" not in page and "이용 확인" in page and "현장 예약" in page
    assert c.get("/bookings/today/?place=CAFE-GWANAK").status_code == 404
    r = c.post(f"/bookings/bookings/{b.pk}/action/", {"action": "no_show", "version": 1}, HTTP_ACCEPT_LANGUAGE="ko",
               follow=True)
    assert "부터 처리할 수 있습니다" in r.content.decode()  # too early: refused with the reason
    r = c.post(f"/bookings/bookings/{b.pk}/action/", {"action": "cancel", "version": 1}, HTTP_ACCEPT_LANGUAGE="en",
               follow=True)
    assert "Booking cancelled" in r.content.decode()
    assert Booking.objects.get(pk=b.pk).status == "cancelled"
    assert c.post(f"/bookings/bookings/{other.pk}/action/", {"action": "cancel", "version": 1}).status_code == 404
    r = c.post(f"/bookings/rooms/{cafe_world['study'].pk}/book/",
               {"name": "이방문", "phone": "010-2222-3333", "day": f"{day:%Y-%m-%d}", "start": "13:00", "minutes": 60,
                "party_size": 1}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 302
    desk = Booking.objects.get(person__name="이방문")
    assert desk.channel == "desk" and desk.created_by == officer
    r = c.post(f"/bookings/rooms/{cafe_world['study'].pk}/book/",
               {"name": "이방문", "phone": "010-2222-3333", "day": f"{day:%Y-%m-%d}", "start": "14:00", "minutes": 180,
                "party_size": 1}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 409 and "남은 이용 시간은 120분입니다" in r.content.decode()


def test_api_slots_bookings_and_actions(cafe_world, make_citizen, make_user):
    from iljari.bookings.room_services import room_book

    officer = make_user("api-cafe", "program_officer", "JOBPOL")
    c = Client()
    c.force_login(officer)
    day = _open_day()
    r = c.get(f"/api/slots/?room={cafe_world['study'].pk}&day={day:%Y-%m-%d}")
    body = r.json()
    assert r.status_code == 200 and body["seats"] == 4 and len(body["slots"]) == 18 and body["closed"] is None
    assert c.get(f"/api/slots/?room={cafe_world['study'].pk}&day=nope").json()["errors"][0]["code"] == "invalid_date"
    r = c.post("/api/bookings/", json.dumps({"room": cafe_world["study"].pk, "name": "정데스크", "phone": "01033334444",
                                             "starts_at": at(day, 10).isoformat(),
                                             "ends_at": at(day, 13, 30).isoformat()}),
               content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "cap_reached"
    r = c.post("/api/bookings/", json.dumps({"room": cafe_world["study"].pk, "name": "정데스크", "phone": "01033334444",
                                             "starts_at": at(day, 10).isoformat(), "ends_at": at(day, 12).isoformat()}),
               content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["channel"] == "desk" and r.json()["seat"] == "1번"
    r = c.post(f"/api/bookings/{pk}/cancel/", json.dumps({"expected_version": 7}), content_type="application/json")
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "conflict"
    r = c.post(f"/api/bookings/{pk}/no-show/", json.dumps({"expected_version": 1}), content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "too_early"
    r = c.post(f"/api/bookings/{pk}/cancel/", json.dumps({"expected_version": 1}), content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    other = room_book(actor=None, person=make_citizen().person, room=cafe_world["district_room"],
                      starts_at=at(day, 10), ends_at=at(day, 11))
    assert c.get(f"/api/bookings/{other.pk}/").status_code == 404
    assert [b["id"] for b in c.get("/api/bookings/").json()["results"]] == [pk]
    reviewer = Client()
    reviewer.force_login(make_user("rv", "reviewer"))
    assert reviewer.get("/api/bookings/").status_code == 403
