"""The suit pages: the citizens' (service, booking, confirmation, cancel) in Korean and English, and the officers'
(the day's list with late returns first, a rental's pick-up and return, stock, desk lending)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.bookings import suit_services as svc
from iljari.bookings.models import Penalty, Rental

pytestmark = pytest.mark.django_db


def test_the_service_page_in_korean_and_english(client, suit_world):
    ko = client.get("/cafes/suits/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "열린옷장 건대점" in ko and "최대 10회" in ko and "만 39세" in ko and "택배" in ko
    en = client.get("/cafes/suits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "At most 10 rentals a calendar year" in en and "The Open Closet Konkuk Univ." in en and "만 39세" not in en


def test_book_confirm_and_cancel(suit_world, make_citizen, citizen_client):
    account = make_citizen(birth=dt.date(1995, 5, 5))
    c = citizen_client(account)
    url = "/cafes/suits/SUIT-OPENCLOSET-1/book/"
    page = c.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "재킷" in page and "95 (1벌 남음)" in page
    day = svc.open_days(suit_world["branches"]["OPENCLOSET"], timezone.localdate() + dt.timedelta(days=3), 1)[0]
    r = c.post(url, {"pickup_on": day.isoformat(), "cut": "men", "size_jacket": "95", "size_trousers": "32"},
               HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 302, r.content.decode()
    rental = Rental.objects.get(person=account.person)
    page = c.get(r["Location"], HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    due = rental.due_on
    assert f"{due.month}월 {due.day}일" in page and "운송장" in page and "예약했습니다" in page
    # the last jacket 95 is taken: another citizen is told beside the form
    other = citizen_client(make_citizen(birth=dt.date(1996, 1, 1)))
    r = other.post(url, {"pickup_on": day.isoformat(), "cut": "men", "size_jacket": "95"},
                   HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "재킷 95 치수는" in r.content.decode()
    assert other.get(f"/cafes/rentals/{rental.pk}/cancel/").status_code == 404  # another's rental
    assert c.get(f"/cafes/rentals/{rental.pk}/cancel/").status_code == 200
    assert c.post(f"/cafes/rentals/{rental.pk}/cancel/").status_code == 302
    rental.refresh_from_db()
    assert rental.status == "cancelled"


def test_booking_needs_a_citizen_login(client, suit_world):
    r = client.get("/cafes/suits/SUIT-OPENCLOSET-1/book/")
    assert r.status_code == 302 and r["Location"].startswith("/cafes/login/?next=")


def _officer(make_user, client):  # type: ignore[no-untyped-def]
    client.force_login(make_user("suit-officer", "program_officer", "JOBPOL"))
    return client


def test_officer_day_pick_up_and_parcel_return(client, make_user, suit_world, make_citizen):
    c = _officer(make_user, client)
    today = timezone.localdate()
    person = make_citizen(birth=dt.date(1995, 5, 5)).person
    branch = suit_world["branches"]["OPENCLOSET"]
    pickup = svc.open_days(branch, today - dt.timedelta(days=12), 1)[0]
    late = svc.rental_book(actor="x", person=person, branch=branch, pickup_on=pickup, pieces={"jacket": "100"},
                           cut="men", today=pickup, hand_over=True)
    page = c.get("/bookings/rentals/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "반납 지연: 1" in page and f"/bookings/rentals/{late.pk}/" in page
    r = c.post(f"/bookings/rentals/{late.pk}/", {"do": "return", "returned_on": today.isoformat(),
                                                  "method": "parcel", "version": late.version},
               HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "운송장 번호가 필요합니다" in r.content.decode()
    r = c.post(f"/bookings/rentals/{late.pk}/", {"do": "return", "returned_on": today.isoformat(),
                                                  "method": "parcel", "tracking_number": "6012345678",
                                                  "version": late.version})
    assert r.status_code == 302
    late.refresh_from_db()
    assert late.status == "returned" and late.late_days == (today - late.due_on).days > 0
    assert Penalty.objects.filter(person=person, reason="late_return").exists()
    en = c.get(f"/bookings/rentals/{late.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "days late" in en and "6012345678" in en


def test_stock_and_desk_lending(client, make_user, suit_world):
    c = _officer(make_user, client)
    page = c.get("/bookings/stock/?branch=SUIT-OPENCLOSET-1", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "재킷" in page and "OC-0000" in page
    branch = suit_world["branches"]["OPENCLOSET"]
    today = timezone.localdate()
    r = c.post("/bookings/rentals/new/", {"branch": branch.pk, "name": "박현장", "birth_date": "1997-04-04",
                                          "phone": "010-5555-1234", "district": suit_world["branches"][
                                              "OPENCLOSET"].district_id, "cut": "men",
                                          "pieces": "재킷 100, 바지 32", "hand_over": "on"})
    if svc.branch_day(branch, today).open:
        assert r.status_code == 302, r.content.decode()
        rental = Rental.objects.get(person__name="박현장")
        assert rental.channel == "desk" and rental.status == "picked_up" and rental.lines.count() == 2
    else:  # the branch is closed today: the same refusal as online, nothing kept
        assert r.status_code == 400 and not Rental.objects.exists()
        from iljari.people.models import Person

        assert not Person.objects.filter(name="박현장").exists()
