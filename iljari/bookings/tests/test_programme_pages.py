"""The programmes' pages: citizens find a session, sign up, meet a full session's waiting list, accept an offer
before its deadline, cancel their own place (another's is 404); officers see the roster, mark attendance, add
sessions and programmes."""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import at

pytestmark = pytest.mark.django_db


def test_citizen_signs_up_then_the_session_is_full(cafe_world, make_citizen, citizen_client, client):
    session = cafe_world["session"]
    page = client.get("/cafes/programmes/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "모의면접" in page and "2자리 남음" in page
    anon = client.post(f"/cafes/sessions/{session.pk}/", {"op": "book"})
    assert anon.status_code == 302 and "/cafes/login/" in anon["Location"]
    a, b, c = make_citizen(), make_citizen(), make_citizen()
    for acc in (a, b):
        r = citizen_client(acc).post(f"/cafes/sessions/{session.pk}/", {"op": "book"})
        assert r.status_code == 302
    listing = client.get("/cafes/programmes/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "마감" in listing and "대기 0명" in listing
    cc = citizen_client(c)
    full = cc.post(f"/cafes/sessions/{session.pk}/", {"op": "book"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert full.status_code == 409
    text = full.content.decode()
    assert "정원(2명)이 다 찼습니다" in text and "대기자 명단에 오르기" in text
    joined = cc.post(f"/cafes/sessions/{session.pk}/", {"op": "wait"})
    assert joined.status_code == 302 and "/cafes/waitlist/" in joined["Location"]
    mine = cc.get(joined["Location"], HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "대기 순서" in mine and "1번" in mine


def test_offer_accepted_on_the_citizens_page(cafe_world, make_citizen, citizen_client):
    from iljari.bookings.models import Booking
    from iljari.bookings.programme_services import session_book
    from iljari.bookings.waitlist import waitlist_join

    session = cafe_world["session"]
    a, b, w = make_citizen(), make_citizen(), make_citizen()
    for acc in (a, b):
        session_book(actor=acc, person=acc.person, session=session, account=acc)
    entry = waitlist_join(actor=w, person=w.person, session=session, account=w)
    mine = Booking.objects.get(person=a.person)
    ca = citizen_client(a)
    assert citizen_client(b).get(f"/cafes/session-bookings/{mine.pk}/cancel/").status_code == 404  # another's
    confirm = ca.get(f"/cafes/session-bookings/{mine.pk}/cancel/", HTTP_ACCEPT_LANGUAGE="ko")
    assert confirm.status_code == 200 and "대기자 명단의 첫 번째" in confirm.content.decode()
    assert ca.post(f"/cafes/session-bookings/{mine.pk}/cancel/").status_code == 302
    cw = citizen_client(w)
    page = cw.get(f"/cafes/waitlist/{entry.pk}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    entry.refresh_from_db()
    deadline = entry.offer_expires_at.astimezone().strftime("%Y.%m.%d")
    assert "자리가 났습니다" in page and deadline in page
    assert citizen_client(b).get(f"/cafes/waitlist/{entry.pk}/").status_code == 404
    accepted = cw.post(f"/cafes/waitlist/{entry.pk}/", {"op": "accept"})
    assert accepted.status_code == 302
    assert Booking.objects.filter(session=session, person=w.person, status="booked").exists()


def test_officer_roster_attendance_and_new_session(cafe_world, make_citizen, make_user, client):
    from iljari.bookings.models import Booking, Session
    from iljari.bookings.programme_services import session_book

    session = cafe_world["session"]
    acc = make_citizen(name="출석자")
    session_book(actor=acc, person=acc.person, session=session, account=acc)
    officer = make_user("po", "program_officer", "JOBPOL")
    client.force_login(officer)
    listing = client.get("/bookings/sessions/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "모의면접" in listing and "1 / 2" in listing
    page = client.get(f"/bookings/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "출석자" in page and "회차가 시작한 뒤" in page
    early = client.post(f"/bookings/sessions/{session.pk}/", {"op": "attendance"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert early.status_code == 400
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at - dt.timedelta(days=30),
                                                 ends_at=session.ends_at - dt.timedelta(days=30))
    done = client.post(f"/bookings/sessions/{session.pk}/", {"op": "attendance", "present": []})
    assert done.status_code == 302
    assert Booking.objects.get(person=acc.person).status == "no_show"
    day = cafe_world["session"].starts_at.date() + dt.timedelta(days=7)
    made = client.post("/bookings/sessions/new/", {"programme": cafe_world["programme"].pk, "day": day.isoformat(),
                                                   "starts": "10:00", "ends": "11:30", "capacity": "8"})
    assert made.status_code == 302
    new = Session.objects.get(starts_at=at(day, 10))
    assert new.capacity == 8
    bad = client.post("/bookings/sessions/new/", {"programme": cafe_world["programme"].pk, "day": day.isoformat(),
                                                  "starts": "07:00", "ends": "08:00", "capacity": "8"},
                      HTTP_ACCEPT_LANGUAGE="ko")
    assert bad.status_code == 400 and "운영 시간(09:00~18:00)" in bad.content.decode()
    added = client.post("/bookings/programmes/", {"place": cafe_world["cafe"].pk, "kind": "cv_clinic",
                                                  "title_ko": "자소서 클리닉", "active": "on"})
    assert added.status_code == 302
