"""Slice "accounts", the officers' side: the places list and its filters, editing a room's seats, dated rule
versions, lifting a penalty, the xlsx import (all or nothing, problems named by sheet and cell), /api/places/."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from .conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def _client(make_user, role: str, unit: str | None = None) -> Client:
    c = Client()
    c.force_login(make_user(f"u-{role}-{unit}", role, unit))
    return c


def test_places_list_filters(cafe_world, suit_world, make_user):
    c = _client(make_user, "portfolio")
    page = c.get("/bookings/places/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "청년일자리카페 시청점" in page and "열린옷장 건대점" in page
    page = c.get("/bookings/places/?kind=suit_branch", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "열린옷장 건대점" in page and "청년일자리카페 시청점" not in page
    page = c.get("/bookings/places/?operator=OP-GWANAK", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "관악 청년일자리카페" in page and "청년일자리카페 시청점" not in page and "장소 1곳" not in page
    assert c.get("/bookings/places/?district=NOPE").status_code == 400


def test_a_district_officer_edits_only_their_places(cafe_world, make_user):
    c = _client(make_user, "district_officer", "GWANAK")
    assert c.get("/bookings/places/CAFE-GWANAK/").status_code == 200
    assert c.get("/bookings/places/CAFE-CITYHALL/").status_code == 404  # run by 일자리정책과


def test_room_seats_follow_the_count_and_a_booked_seat_stays(cafe_world, make_user, make_citizen):
    from iljari.bookings.models import Booking

    c = _client(make_user, "program_officer", "JOBPOL")
    study = cafe_world["study"]
    base = {"action": "room", "room": study.pk, "name_ko": "스터디룸 A", "kind": "study", "mode": "seat",
            "slot_minutes": 30, "active": "on", "version": study.version}
    r = c.post("/bookings/places/CAFE-CITYHALL/", {**base, "capacity": 6})
    assert r.status_code == 302
    assert list(study.seats.values_list("label", flat=True)) == [f"{n}번" for n in range(1, 7)]
    study.refresh_from_db()
    person = make_citizen().person
    day = next_weekday(1)
    Booking.objects.create(kind="room", service="study_room", person=person, place=cafe_world["cafe"], room=study,
                           seat=study.seats.get(label="6번"), starts_at=at(day, 10), ends_at=at(day, 11))
    r = c.post("/bookings/places/CAFE-CITYHALL/", {**base, "capacity": 4, "version": study.version},
               HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "좌석 6번에 앞으로의 예약 1건이 있어 없앨 수 없습니다" in r.content.decode()
    assert study.seats.count() == 6  # nothing half-saved: seat 5 is still there too
    study.refresh_from_db()
    assert study.capacity == 6


def test_hours_and_closures(cafe_world, make_user):
    c = _client(make_user, "program_officer", "JOBPOL")
    cafe = cafe_world["cafe"]
    data = {"action": "hours", "version": cafe.version, "opens_5": "10:00", "closes_5": "14:00"}
    for n in range(5):
        data[f"opens_{n}"], data[f"closes_{n}"] = "09:00", "18:00"
    assert c.post("/bookings/places/CAFE-CITYHALL/", data).status_code == 302
    assert cafe.hours.get(weekday=5).closes == dt.time(14)
    day = next_weekday(2)
    assert c.post("/bookings/places/CAFE-CITYHALL/", {"action": "closure", "day": day.isoformat(),
                                                      "reason": "시설 점검"}).status_code == 302
    r = c.post("/bookings/places/CAFE-CITYHALL/", {"action": "closure", "day": "2000-01-03", "reason": "x"},
               HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "지난 날은 휴관일로 정할 수 없습니다" in r.content.decode()


def test_rule_versions_by_date(rules, make_user, make_citizen):
    from iljari.bookings.models import BookingRule
    from iljari.bookings.rules import rule_for

    c = _client(make_user, "portfolio")
    today = timezone.localdate()
    later = today + dt.timedelta(days=30)
    data = {"service": "study_room", "valid_from": later.isoformat(), "name": "스터디룸 4시간", "daily_minutes": 240,
            "max_future": 3, "advance_days": 14, "cancel_hours": 1, "no_show_ban_days": 7, "late_return_ban_days": 0,
            "waitlist_offer_hours": 2}
    assert c.post("/bookings/rules/new/", data).status_code == 302
    new = BookingRule.objects.get(service="study_room", valid_from=later)
    assert rule_for("study_room", later).daily_minutes == 240
    assert rule_for("study_room", later - dt.timedelta(days=1)).daily_minutes == 180  # before it: the old one
    # a version not yet in force may be changed; one in force may not
    r = c.post(f"/bookings/rules/{new.pk}/", {**data, "daily_minutes": 200, "version": new.version})
    assert r.status_code == 302
    old = rules["study_room"]
    r = c.post(f"/bookings/rules/{old.pk}/", {**data, "service": "study_room", "valid_from": "2016-01-01",
                                               "daily_minutes": 999, "version": old.version},
               HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 409 and "적용 중인 기준은 고칠 수 없습니다" in r.content.decode()
    old.refresh_from_db()
    assert old.daily_minutes == 180
    r = c.post("/bookings/rules/new/", {**data, "valid_from": "2020-01-01"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "지난 날부터 적용하는 기준은 만들 수 없습니다" in r.content.decode()
    page = c.get("/bookings/rules/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "적용 중" in page and "적용 예정" in page and f"{later:%Y.%m.%d}" in page
    # a program officer may read the rules but not add one
    officer = _client(make_user, "program_officer", "JOBPOL")
    assert officer.get("/bookings/rules/").status_code == 200
    assert officer.post("/bookings/rules/new/", data).status_code == 403


def test_penalty_lift(cafe_world, make_user, make_citizen):
    from iljari.bookings.models import Penalty

    person = make_citizen().person
    today = timezone.localdate()
    p = Penalty.objects.create(person=person, service="study_room", reason="no_show", place=cafe_world["cafe"],
                               starts_on=today, ends_on=today + dt.timedelta(days=7))
    c = _client(make_user, "program_officer", "JOBPOL")
    assert person.name in c.get("/bookings/penalties/").content.decode()
    assert c.post(f"/bookings/penalties/{p.pk}/lift/", {"reason": ""}).status_code == 400
    assert c.post(f"/bookings/penalties/{p.pk}/lift/", {"reason": "병원 진료 확인"}).status_code == 302
    p.refresh_from_db()
    assert p.lifted_at is not None and p.lift_reason == "병원 진료 확인"
    other = _client(make_user, "district_officer", "GWANAK")
    assert other.post(f"/bookings/penalties/{p.pk}/lift/", {"reason": "x"}).status_code == 404


# --- the import --------------------------------------------------------------------------------------------


def _workbook(cafes: list[list], stock: list[list] | None = None) -> bytes:
    from iljari.bookings.place_import import CAFE_HEADER, STOCK_HEADER

    wb = Workbook()
    ws = wb.active
    ws.title = "카페"
    ws.append(CAFE_HEADER)
    for row in cafes:
        ws.append(row)
    if stock is not None:
        st = wb.create_sheet("정장 재고")
        st.append(STOCK_HEADER)
        for row in stock:
            st.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


WEEK = ["09:00-18:00"] * 5 + ["휴무", ""]


def test_import_creates_cafes_branches_and_stock(cafe_world, suit_world, actor):
    from iljari.bookings.models import Place, SuitItem
    from iljari.bookings.place_import import places_import

    data = _workbook(
        [["CAFE-NEW", "새 일자리카페", "구 직영", "OP-GWANAK", "관악구", "서울 관악구 1", "청년공간", "N", *WEEK],
         ["SUIT-OPENCLOSET-2", "열린옷장 신림점", "정장 대여업체", "SUIT-OPENCLOSET", "관악구", "", "대여점", "", *WEEK]],
        [["SUIT-OPENCLOSET", "SUIT-OPENCLOSET-2", "OC-9001", "재킷", "남성용", "105", "검정"],
         ["SUIT-OPENCLOSET", "SUIT-OPENCLOSET-1", "OC-0000", "jacket", "men", "95", "남색"]])
    dry = places_import(actor=actor, data=data, dry_run=True)
    assert (dry.places_created, dry.items_created, dry.items_changed) == (2, 1, 1)
    assert not Place.objects.filter(code="CAFE-NEW").exists()
    report = places_import(actor=actor, data=data)
    assert report.places_created == 2
    cafe = Place.objects.get(code="CAFE-NEW")
    assert cafe.kind == "cafe" and cafe.hours.count() == 5 and cafe.operator.code == "OP-GWANAK"
    assert Place.objects.get(code="SUIT-OPENCLOSET-2").kind == "suit_branch"
    assert SuitItem.objects.get(tag="OC-9001").branch.code == "SUIT-OPENCLOSET-2"
    assert SuitItem.objects.get(tag="OC-0000").colour == "남색"
    again = places_import(actor=actor, data=data)
    assert (again.places_unchanged, again.items_unchanged) == (2, 2)


def test_import_is_all_or_nothing_with_every_problem_named(cafe_world, suit_world, actor):
    from iljari.bookings.models import Place, SuitItem
    from iljari.bookings.place_import import places_import
    from iljari.core.errors import ServiceError

    data = _workbook(
        [["CAFE-GOOD", "좋은 카페", "구 직영", "OP-GWANAK", "관악구", "", "청년공간", "N", *WEEK],
         ["CAFE-BAD", "나쁜 카페", "우주 직영", "OP-NONE", "화성구", "", "우주", "아마", "18:00-09:00", *WEEK[1:]]],
        [["SUIT-OPENCLOSET", "NO-BRANCH", "OC-1", "망토", "남성용", "100", ""]])
    with pytest.raises(ServiceError) as caught:
        places_import(actor=actor, data=data)
    found = {(p.sheet, p.cell) for p in caught.value.problems}
    assert {("카페", "C3"), ("카페", "D3"), ("카페", "E3"), ("카페", "G3"), ("카페", "H3"), ("카페", "I3"),
            ("정장 재고", "B2"), ("정장 재고", "D2")} <= found
    text = str(caught.value)
    assert "'카페' 시트 E3 (자치구): 서울시 자치구 이름이 아닙니다" in text
    assert "sheet '카페', E3 (district): not one of Seoul's districts" in text
    assert not Place.objects.filter(code="CAFE-GOOD").exists() and not SuitItem.objects.filter(tag="OC-1").exists()


def test_import_refuses_a_formula_and_a_wrong_header(cafe_world, actor):
    from iljari.bookings.place_import import places_import
    from iljari.core.errors import ServiceError

    with pytest.raises(ServiceError) as caught:
        places_import(actor=actor, data=_workbook([["=HYPERLINK(\"x\")", "카페", "구 직영", "OP-GWANAK", "관악구", "",
                                                     "", "", *WEEK]]))
    assert caught.value.problems[0].cell == "A2" and "수식" in caught.value.problems[0].message_ko
    wb = Workbook()
    wb.active.title = "카페"
    wb.active.append(["code", "name"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ServiceError) as caught:
        places_import(actor=actor, data=out.getvalue())
    assert caught.value.problems[0].code == "bad_header"
    with pytest.raises(ServiceError) as caught:
        places_import(actor=actor, data=b"not a zip")
    assert caught.value.problems[0].code == "bad_file"


def test_import_command_and_template(cafe_world, tmp_path, capsys):
    from iljari.bookings.models import Place

    template = tmp_path / "template.xlsx"
    call_command("bookings-import", str(template), "--template")
    wb = load_workbook(template)
    assert wb.sheetnames == ["카페", "정장 재고"]
    good = tmp_path / "cafes.xlsx"
    good.write_bytes(_workbook([["CAFE-CLI", "CLI 카페", "구 직영", "OP-GWANAK", "관악구", "", "", "N", *WEEK]]))
    call_command("bookings-import", str(good), "--dry-run")
    assert "dry run" in capsys.readouterr().out and not Place.objects.filter(code="CAFE-CLI").exists()
    call_command("bookings-import", str(good))
    assert Place.objects.filter(code="CAFE-CLI").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_workbook([["CAFE-X", "", "구 직영", "OP-GWANAK", "관악구", "", "", "N", *WEEK]]))
    with pytest.raises(SystemExit):
        call_command("bookings-import", str(bad))
    assert "B2" in capsys.readouterr().err


def test_import_from_the_places_page(cafe_world, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iljari.bookings.models import Place

    data = _workbook([["CAFE-WEB", "웹 카페", "시 직영", "OP-CITY", "관악구", "", "", "Y", *WEEK]])
    district = _client(make_user, "district_officer", "GWANAK")  # OP-CITY is 일자리정책과's
    r = district.post("/bookings/places/import/", {"file": SimpleUploadedFile("c.xlsx", data)},
                      HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "권한이 없습니다" in r.content.decode()
    officer = _client(make_user, "program_officer", "JOBPOL")
    r = officer.post("/bookings/places/import/", {"file": SimpleUploadedFile("c.xlsx", data)})
    assert r.status_code == 200 and Place.objects.get(code="CAFE-WEB").regional
    assert officer.get("/bookings/places/template.xlsx")["Content-Type"].startswith("application/vnd.openxml")


# --- the API -----------------------------------------------------------------------------------------------


def test_places_api_is_public_and_filters(cafe_world, suit_world):
    from iljari.bookings.models import Place

    Place.objects.filter(code="CAFE-GWANAK").update(active=False)
    c = Client()
    rows = c.get("/api/places/").json()["results"]
    codes = {r["code"] for r in rows}
    assert "CAFE-CITYHALL" in codes and "CAFE-GWANAK" not in codes  # anonymous: active places only
    rows = c.get("/api/places/?kind=suit_branch").json()["results"]
    assert {r["kind"] for r in rows} == {"suit_branch"}
    assert c.get("/api/places/?district=GWANAK").json()["count"] == 3
    one = c.get("/api/places/CAFE-CITYHALL/").json()
    assert one["district"] == "GWANAK" and len(one["hours"]) == 5 and len(one["rooms"]) == 3
    assert c.get("/api/places/?kind=moon").status_code == 400
    assert c.post("/api/places/", {}).status_code == 405
