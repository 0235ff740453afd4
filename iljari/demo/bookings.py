"""Demo job cafés and interview-suit rental (시연용 예시, docs/bookings/ledger.md).

Places from the seeds: the suit service's 5 operators and 7 branches (seed 001: 마이스윗인터뷰 신촌·사당, 열린옷장
건대, 체인지레이디 왕십리·강남, 슈트갤러리 논현, 야베스컬렉션 이수) and the 7 regional cafés of seed 001
(서울시청년일자리센터 and 강동일자리카페 run by the city; 성동 청년일다방, 마포 청년나루, 노량진청년일자리센터,
구로 청년이룸, 양천 디지털상상캠퍼스 run by districts), plus generated cafés named plainly as examples ("예시") up
to seed 001's 62 cafés of June 2021 (city 21, district 23, university 18). Rooms (study rooms, the two AI interview
rooms since 2021-05), programmes with upcoming weekly talks (청년일자리센터 Thursdays, 강동 Fridays), suit stock per
branch, the dated rules (seed 004: study room 3 hours a day; suits: age ≤ 34 from 2016, ≤ 39 from 2021, 10 a year,
3 nights), and a demo citizen (010-1234-5678 / iljari-citizen-2026) with a few bookings.

Generated illustrative history with exact totals (no person, `illustrative=True`, inserted in bulk: no signals):
suits picked up per year 2016 4,032 / 2017 23,212 / 2018 29,669 / 2019 37,690 / 2020 31,401 / 2021 to May 12,158
(seed 001: 138,162) and the cafés' 2018 uses to 2018-08-20 (seed 000: 9,331 uses, 42,779 people — 취업상담 1,338,
멘토링 3,489, 특강 4,299, 사진촬영 483, 스터디룸 33,170). The usage is then derived into the ledger
(bookings.derive). `settings.ILJARI_DEMO_BOOKINGS_HISTORY = False` (tests) loads the live records only.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from iljari.core.context import change_context
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person
from iljari.programs.models import Program

from .employment import _alloc, _insert_columns, _next_id

SEED = 16
CAFE_PROGRAM = "S21-JOB-CAFES"
SUIT_PROGRAM = "S21-SUIT-RENTAL"
CAFE_DAY = dt.date(2018, 8, 20)  # seed 000: ’18.8월 기준
# seed 001: 취업날개 이용자 by year (2021: to May)
SUIT_YEARS = {2016: 4_032, 2017: 23_212, 2018: 29_669, 2019: 37_690, 2020: 31_401, 2021: 12_158}
# seed 000 L640-690: 2018 uses to 2018-08-20 by kind: (people, sessions or bookings)
CAFE_2018 = {"counselling": (1_338, 1_338), "mentoring": (3_489, 600), "talk": (4_299, 150),
             "cv_photo": (483, 483), "study_room": (33_170, 6_760)}
CAFE_2018_OPERATIONS = 9_331
CAFE_2018_PEOPLE = 42_779
DEMO_PHONE = "01012345678"
DEMO_PASSWORD = "iljari-citizen-2026"

# operator code, name_ko, name_en, org unit, [(branch code, name_ko, name_en, district, address)]
SUIT_OPERATORS = [
    ("SUIT-MYSUIT", "마이스윗인터뷰", "My Sweet Interview", "SEOUL-OP-MYSUIT", [
        ("SUIT-MYSUIT-SINCHON", "마이스윗인터뷰 신촌점", "My Sweet Interview Sinchon", "SEODAEMUN",
         "서울특별시 서대문구 연세로 (예시 주소)"),
        ("SUIT-MYSUIT-SADANG", "마이스윗인터뷰 사당점", "My Sweet Interview Sadang", "DONGJAK",
         "서울특별시 동작구 동작대로 (예시 주소)")]),
    ("SUIT-OPENCLOSET", "열린옷장", "The Open Closet", "SEOUL-OP-OPENCLOSET", [
        ("SUIT-OPENCLOSET-KONKUK", "열린옷장 건대점", "The Open Closet Konkuk Univ.", "GWANGJIN",
         "서울특별시 광진구 아차산로 (예시 주소)")]),
    ("SUIT-CHANGELADY", "체인지레이디", "Change Lady", "SEOUL-OP-CHANGELADY", [
        ("SUIT-CHANGELADY-WANGSIMNI", "체인지레이디 왕십리점", "Change Lady Wangsimni", "SEONGDONG",
         "서울특별시 성동구 왕십리로 (예시 주소)"),
        ("SUIT-CHANGELADY-GANGNAM", "체인지레이디 강남점", "Change Lady Gangnam", "GANGNAM",
         "서울특별시 강남구 강남대로 (예시 주소)")]),
    ("SUIT-SUITGALLERY", "슈트갤러리", "Suit Gallery", "SEOUL-OP-SUITGALLERY", [
        ("SUIT-SUITGALLERY-NONHYEON", "슈트갤러리 논현점", "Suit Gallery Nonhyeon", "GANGNAM",
         "서울특별시 강남구 논현로 (예시 주소)")]),
    ("SUIT-JABEZ", "야베스컬렉션", "Jabez Collection", "SEOUL-OP-JABEZ", [
        ("SUIT-JABEZ-ISU", "야베스컬렉션 이수점", "Jabez Collection Isu", "DONGJAK",
         "서울특별시 동작구 동작대로 (예시 주소)")]),
]
# the 7 regional cafés (seed 001): code, name_ko, name_en, operator kind, org unit, district, AI room
REGIONAL = [
    ("CAFE-YOUTHJOB", "서울시청년일자리센터", "Seoul Youth Job Centre", "city", "SEOUL-OP-YOUTHJOB", "JUNG", True),
    ("CAFE-GANGDONG", "강동일자리카페", "Gangdong Job Café", "city", "SEOUL-OP-GANGDONGCAFE", "GANGDONG", True),
    ("CAFE-SEONGDONG", "성동 청년일다방", "Seongdong Youth Job Café", "district", "SEONGDONG", "SEONGDONG", False),
    ("CAFE-MAPO", "마포 청년나루", "Mapo Youth Naru", "district", "MAPO", "MAPO", False),
    ("CAFE-NORYANGJIN", "노량진청년일자리센터", "Noryangjin Youth Job Centre", "district", "DONGJAK", "DONGJAK", False),
    ("CAFE-GURO", "구로 청년이룸", "Guro Youth Ireum", "district", "GURO", "GURO", False),
    ("CAFE-YANGCHEON", "양천 디지털상상캠퍼스", "Yangcheon Digital Imagination Campus", "district", "YANGCHEON",
     "YANGCHEON", False),
]
COUNTS = {"city": 21, "district": 23, "university": 18}  # seed 001: 62 cafés in June 2021
# programmes of the regional cafés: kind, title_ko, title_en, staff
PROGRAMMES = [("counselling", "1:1 취업상담", "One-to-one job counselling", "취업상담사"),
              ("mentoring", "현직자 멘토링", "Mentoring by people in the job", "현직자 멘토"),
              ("talk", "주간 취업 특강", "Weekly job talk", "초청 강사"),
              ("cv_photo", "이력서 사진 촬영", "CV photo", "사진 작가")]
TALK_WEEKDAY = {"CAFE-YOUTHJOB": 3, "CAFE-GANGDONG": 4}  # Thursdays, Fridays
SUIT_STOCK = [("jacket", "men", ["95", "100", "105"]), ("trousers", "men", ["30", "32", "34"]),
              ("shirt", "men", ["95", "100", "105"]), ("tie", "men", ["F"]), ("shoes", "men", ["260", "270"]),
              ("jacket", "women", ["55", "66", "77"]), ("skirt", "women", ["55", "66", "77"]),
              ("blouse", "women", ["55", "66"]), ("shoes", "women", ["235", "245"])]


def _stamp(value: dt.datetime) -> Any:
    """A datetime as the bulk insert writes it (SQLite: Django's UTC text)."""
    from django.db import connection

    return value if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(value)


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone())


def _rules() -> int:
    from iljari.bookings.models import BookingRule

    made = 0
    for service, valid_from, kw in (
            ("study_room", dt.date(2016, 1, 1), dict(name="스터디룸 이용 기준 (1인 1일 3시간)", residents_only=False,
                                                     daily_minutes=180, max_future=3, cancel_hours=1,
                                                     no_show_ban_days=7, waitlist_offer_hours=2,
                                                     source="seed 004: 1인 1일 최대 3시간 무료")),
            ("ai_room", dt.date(2021, 5, 24), dict(name="AI 면접체험실 이용 기준", residents_only=False,
                                                  booking_max_minutes=60, daily_minutes=60, max_future=2,
                                                  cancel_hours=1, no_show_ban_days=7, source="seed 001: AI면접체험 서비스 개시 ’21.5.24.")),
            ("programme", dt.date(2016, 1, 1), dict(name="프로그램 신청 기준", residents_only=False, max_future=5,
                                                    cancel_hours=24, no_show_ban_days=14, waitlist_offer_hours=24)),
            ("suit", dt.date(2016, 1, 1), dict(name="취업날개 (만 34세 이하)", residents_only=True, min_age=18,
                                               max_age=34, final_year_students=True, yearly_count=10, max_future=1,
                                               rental_nights=3, cancel_hours=24, no_show_ban_days=30,
                                               late_return_ban_days=30, advance_days=60, source="seed 000")),
            ("suit", dt.date(2021, 1, 1), dict(name="취업날개 (만 39세 이하)", residents_only=True, min_age=18,
                                               max_age=39, final_year_students=True, yearly_count=10, max_future=1,
                                               rental_nights=3, cancel_hours=24, no_show_ban_days=30,
                                               late_return_ban_days=30, advance_days=60,
                                               source="seed 001: 만 34세 → 만 39세 (2021)"))):
        _, created = BookingRule.objects.get_or_create(service=service, valid_from=valid_from, defaults=kw)
        made += created
    return made


def _places(units: dict[str, OrgUnit], programs: dict[str, Program]) -> dict[str, Any]:
    """Operators, places, hours, rooms and seats, programmes and stock (once; returns what is there)."""
    from iljari.bookings import models as bm

    cafe_prog, suit_prog = programs[CAFE_PROGRAM], programs[SUIT_PROGRAM]
    ops: dict[str, Any] = {}
    places: dict[str, Any] = {}

    def operator(code: str, ko: str, en: str, kind: str, unit: str, program: Program, illustrative: bool = False) -> Any:
        o, _ = bm.Operator.objects.get_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "kind": kind, "org_unit": units[unit], "program": program,
            "illustrative": illustrative})
        ops[code] = o
        return o

    def place(code: str, ko: str, en: str, kind: str, setting: str, op: Any, district: str, address: str = "",
              regional: bool = False, illustrative: bool = False) -> Any:
        p, _ = bm.Place.objects.get_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "kind": kind, "setting": setting, "operator": op,
            "district": units[district], "address": address, "regional": regional, "illustrative": illustrative})
        places[code] = p
        return p

    for code, ko, en, unit, branches in SUIT_OPERATORS:
        op = operator(code, ko, en, "suit", unit, suit_prog)
        for bcode, bko, ben, district, address in branches:
            place(bcode, bko, ben, "suit_branch", "shop", op, district, address)
    for code, ko, en, kind, unit, district, _ai in REGIONAL:
        op = operator(f"OP-{code}", ko if kind == "city" else units[unit].name_ko, en if kind == "city" else
                      units[unit].name_en, kind, unit, cafe_prog)
        place(code, ko, en, "cafe", "public" if kind == "city" else "youth_space", op, district,
              f"서울특별시 {units[district].name_ko} (예시 주소)", regional=True)
    # generated cafés up to 62 (named as examples)
    city_op = operator("OP-CAFE-CITY-EX", "서울시 일자리카페 (시 직영, 예시)", "Seoul job cafés (run by the city, example)",
                       "city", "SEOUL-OP-CITYCAFES", cafe_prog, illustrative=True)
    districts = sorted(u for u in units if units[u].kind == "district")
    for n in range(1, COUNTS["city"] - 1):
        d = districts[n % len(districts)]
        place(f"CAFE-CITY-EX{n:02d}", f"일자리카페 예시 {n}호점 (시 직영)", f"Job café example {n} (city)", "cafe",
              "private", city_op, d, f"서울특별시 {units[d].name_ko} (예시 주소)", illustrative=True)
    used = {r[5] for r in REGIONAL if r[3] == "district"}
    for d in [d for d in districts if d not in used][:COUNTS["district"] - len(used)]:
        op = operator(f"OP-DISTRICT-{d}", units[d].name_ko, units[d].name_en, "district", d, cafe_prog)
        place(f"CAFE-{d}-EX", f"{units[d].name_ko} 일자리카페 (예시)", f"{units[d].name_en} job café (example)", "cafe",
              "youth_space", op, d, f"서울특별시 {units[d].name_ko} (예시 주소)", illustrative=True)
    for n in range(1, COUNTS["university"] + 1):
        d = districts[(n * 7) % len(districts)]
        op = operator(f"OP-UNIV-EX{n:02d}", f"예시 대학교 {n}", f"Example university {n}", "university",
                      "SEOUL-OP-UNIVCAFES", cafe_prog, illustrative=True)
        place(f"CAFE-UNIV-EX{n:02d}", f"예시 대학교 {n} 일자리카페", f"Example university {n} job café", "cafe",
              "university", op, d, f"서울특별시 {units[d].name_ko} (예시 주소)", illustrative=True)
    if bm.OpeningHours.objects.filter(place__in=places.values()).exists():
        return {"ops": ops, "places": places}
    # hours, rooms, seats, programmes, stock (first run only)
    hours = []
    for p in places.values():
        days = range(0, 6) if p.kind == "suit_branch" else range(0, 5)
        opens, closes = (dt.time(10), dt.time(19)) if p.kind == "suit_branch" else (dt.time(9), dt.time(21))  # evening talks (19-21)
        hours += [bm.OpeningHours(place=p, weekday=wd, opens=opens, closes=closes) for wd in days]
    bm.OpeningHours.objects.bulk_create(hours)
    seats = []
    regional = {r[0]: r for r in REGIONAL}
    for p in places.values():
        if p.kind != "cafe":
            continue
        if p.code in regional:
            for label in ("A", "B"):
                room = bm.Room.objects.create(place=p, name_ko=f"스터디룸 {label}", name_en=f"Study room {label}",
                                              kind="study", mode="whole", capacity=8)
                seats.append(bm.Seat(room=room, label="전체"))
            room = bm.Room.objects.create(place=p, name_ko="열람석", name_en="Reading seats", kind="study", mode="seat",
                                          capacity=6)
            seats += [bm.Seat(room=room, label=f"{n}번") for n in range(1, 7)]
            if regional[p.code][6]:
                room = bm.Room.objects.create(place=p, name_ko="AI 면접체험실", name_en="AI interview room",
                                              kind="ai_interview", mode="whole", capacity=1,
                                              equipment="노트북, 마이크, 조명 (2021년 5월부터)")
                seats.append(bm.Seat(room=room, label="전체"))
            for kind, ko, en, staff in PROGRAMMES:
                bm.Programme.objects.create(place=p, kind=kind, title_ko=ko, title_en=en, staff=staff)
        else:
            room = bm.Room.objects.create(place=p, name_ko="스터디룸", name_en="Study room", kind="study", mode="whole",
                                          capacity=6)
            seats.append(bm.Seat(room=room, label="전체"))
    bm.Seat.objects.bulk_create(seats)
    items = []
    for code, _ko, _en, _unit, branches in SUIT_OPERATORS:
        for bcode, *_rest in branches:
            n = 0
            for item, cut, sizes in SUIT_STOCK:
                for size in sizes:
                    for _copy in range(2):
                        n += 1
                        items.append(bm.SuitItem(operator=ops[code], branch=places[bcode], tag=f"{bcode[5:]}-{n:03d}",
                                                 item=item, cut=cut, size=size, colour="검정" if n % 2 else "남색",
                                                 illustrative=True))
    bm.SuitItem.objects.bulk_create(items)
    return {"ops": ops, "places": places}


def _upcoming(places: dict[str, Any], today: dt.date) -> int:
    """The next four weeks of sessions of the regional cafés (talks weekly on their day)."""
    from iljari.bookings.models import Programme, Session

    made = 0
    for p in (places[r[0]] for r in REGIONAL):
        for prog in Programme.objects.filter(place=p):
            if prog.sessions.filter(starts_at__date__gte=today).exists():
                continue
            weekday = TALK_WEEKDAY.get(p.code, 2) if prog.kind == "talk" else {"counselling": 1, "mentoring": 2,
                                                                                  "cv_photo": 0}.get(prog.kind, 2)
            day = today + dt.timedelta(days=1)
            while day.weekday() != weekday:
                day += dt.timedelta(days=1)
            hour, length, capacity = {"talk": (19, 2, 40), "mentoring": (15, 2, 8), "counselling": (10, 1, 1),
                                      "cv_photo": (14, 1, 1)}.get(prog.kind, (14, 1, 10))
            for week in range(4):
                d = day + dt.timedelta(days=7 * week)
                Session.objects.create(programme=prog, starts_at=_aware(d, hour), ends_at=_aware(d, hour + length),
                                       capacity=capacity)
                made += 1
    return made


def _citizen(units: dict[str, OrgUnit], places: dict[str, Any], today: dt.date) -> str:
    """The demo citizen (010-1234-5678) with a study-room booking, a talk and a suit reserved."""
    from iljari.bookings.models import Booking, CitizenAccount, Rental, Room, Session

    if CitizenAccount.objects.filter(phone=DEMO_PHONE).exists():
        return ""
    birth = dt.date(today.year - 27, 5, 14)
    person = Person.objects.create(name="한청년", birth_date=birth, sex="F", phone="010-1234-5678", source="booking",
                                   district=units["GWANAK"], address="서울특별시 관악구 (예시 주소)")
    Person.objects.filter(pk=person.pk).update(cluster_id=person.pk, source_ref=f"booking:demo:{person.pk}")
    acc = CitizenAccount.objects.create(phone=DEMO_PHONE, password=make_password(DEMO_PASSWORD), person=person)
    day = today + dt.timedelta(days=1)
    while day.weekday() != 2:
        day += dt.timedelta(days=1)
    cafe = places["CAFE-YOUTHJOB"]
    room = Room.objects.filter(place=cafe, kind="study", mode="whole").order_by("name_ko").first()
    made = 0
    if room is not None:
        Booking.objects.create(kind="room", service="study_room", person=person, account=acc, place=cafe, room=room,
                               seat=room.seats.first(), starts_at=_aware(day, 10), ends_at=_aware(day, 12),
                               party_size=3)
        made += 1
    talk = Session.objects.filter(programme__place=cafe, programme__kind="talk", starts_at__date__gt=today).first()
    if talk is not None:
        Booking.objects.create(kind="session", service="programme", person=person, account=acc, place=cafe,
                               session=talk, starts_at=talk.starts_at, ends_at=talk.ends_at)
        made += 1
    branch = places["SUIT-OPENCLOSET-KONKUK"]
    from iljari.bookings.rules import rule_for
    from iljari.bookings.suit_services import due_date

    pickup = day + dt.timedelta(days=1)
    Rental.objects.create(person=person, account=acc, operator=branch.operator, branch=branch,
                          pickup_on=pickup, due_on=due_date(branch, pickup, rule_for("suit", pickup)),
                          sizes_note="키 165cm, 재킷 66, 치마 66")
    return f"  demo citizen {acc} / {DEMO_PASSWORD}: {made} bookings, 1 suit rental"


def _suit_history(rng: np.random.Generator, places: dict[str, Any]) -> int:
    """Rentals picked up and returned, per year exactly SUIT_YEARS, spread over the 7 branches."""
    from iljari.bookings.models import Rental

    branches = [places[b[0]] for _c, _k, _e, _u, bs in SUIT_OPERATORS for b in bs]
    weights = [16, 12, 22, 14, 12, 12, 12]
    total = 0
    for year, n in SUIT_YEARS.items():
        end = dt.date(2021, 5, 31) if year == 2021 else dt.date(year, 12, 31)
        start = dt.date(2016, 3, 1) if year == 2016 else dt.date(year, 1, 1)
        per = _alloc(n, weights)
        for b, k in zip(branches, per, strict=True):
            days = np.sort(rng.integers(0, (end - start).days + 1, size=k)) + start.toordinal()
            due = days + 3
            base = _next_id(Rental)
            _insert_columns(Rental, k, {
                "id": np.arange(base, base + k).tolist(), "operator_id": b.operator_id, "branch_id": b.pk,
                "pickup_on": days, "due_on": due, "returned_on": due, "status": "returned", "channel": "online",
                "return_method": ["in_person" if x else "parcel" for x in (rng.random(k) < 0.7).tolist()],
                "person_id": None, "account_id": None, "created_by_id": None, "picked_up_at": None,
                "cancelled_at": None, "illustrative": True})
            total += k
    return total


def _cafe_history(rng: np.random.Generator, places: dict[str, Any]) -> tuple[int, int]:
    """2018 sessions held (with head counts) and study-room bookings checked in, up to 2018-08-20, over the 7
    regional cafés: exactly seed 000's uses and people (CAFE_2018)."""
    from iljari.bookings.models import Booking, Programme, Room, Session

    cafes = [places[r[0]] for r in REGIONAL]
    weights = [24, 16, 12, 14, 12, 11, 11]
    days = [d for d in (dt.date(2018, 1, 2) + dt.timedelta(days=i) for i in range((CAFE_DAY - dt.date(2018, 1, 2)).days + 1))
            if d.weekday() < 5]
    tz = timezone.get_default_timezone()
    ops = people = 0
    for kind, (n_people, n_items) in CAFE_2018.items():
        for cafe, k, p in zip(cafes, _alloc(n_items, weights), _alloc(n_people, weights), strict=True):
            if k == 0:
                continue
            sizes = (1 + rng.multinomial(p - k, [1 / k] * k)) if p > k else np.ones(k, dtype=int)
            # study rooms spread evenly (a café-day has 2 rooms x 9 hours); sessions at random
            day_idx = (np.arange(k) * len(days)) // k if kind == "study_room" else \
                np.sort(rng.integers(0, len(days), size=k))
            if kind == "study_room":
                rooms = list(Room.objects.filter(place=cafe, kind="study", mode="whole").order_by("name_ko"))
                seats = [r.seats.get() for r in rooms]
                slot: dict[int, int] = {}
                room_ids, seat_ids, starts, ends = [], [], [], []
                for di in day_idx.tolist():
                    s = slot.get(di, 0)
                    slot[di] = s + 1
                    r = s % len(rooms)
                    hour = 9 + s // len(rooms)
                    assert hour < 18, "too many bookings for one café-day"
                    room_ids.append(rooms[r].pk)
                    seat_ids.append(seats[r].pk)
                    st = dt.datetime.combine(days[di], dt.time(hour), tzinfo=tz)
                    starts.append(_stamp(st))
                    ends.append(_stamp(st + dt.timedelta(hours=1)))
                base = _next_id(Booking)
                _insert_columns(Booking, k, {
                    "id": list(range(base, base + k)), "kind": "room", "service": "study_room", "place_id": cafe.pk,
                    "room_id": room_ids, "seat_id": seat_ids, "starts_at": starts, "ends_at": ends,
                    "checked_in_at": starts, "party_size": sizes.tolist(), "status": "checked_in", "channel": "desk",
                    "person_id": None, "account_id": None, "session_id": None, "created_by_id": None,
                    "cancelled_at": None, "illustrative": True})
            else:
                prog = Programme.objects.get(place=cafe, kind=kind)
                hour = {"counselling": 10, "mentoring": 15, "talk": 19, "cv_photo": 14}[kind]
                starts = [dt.datetime.combine(days[di], dt.time(hour), tzinfo=tz) + dt.timedelta(minutes=(i % 6) * 10)
                          for i, di in enumerate(day_idx.tolist())]
                base = _next_id(Session)
                _insert_columns(Session, k, {
                    "id": list(range(base, base + k)), "programme_id": prog.pk,
                    "starts_at": [_stamp(s) for s in starts], "ends_at": [_stamp(s + dt.timedelta(hours=1)) for s in starts], "capacity": [max(int(x), 1) for x in sizes],
                    "status": "held", "attended": sizes.tolist(), "room_id": None, "illustrative": True})
            ops += k
            people += int(sizes.sum())
    assert ops == CAFE_2018_OPERATIONS and people == CAFE_2018_PEOPLE, (ops, people)
    return ops, people


def load_demo_bookings(*, actor: Any, today: dt.date | None = None, history: bool | None = None) -> list[str]:
    """Places, rules, live records, the illustrative history (once) and the usage derived into the ledger."""
    from django.conf import settings

    from iljari.bookings.derive import usage_derive
    from iljari.bookings.models import Booking, Rental

    today = today or timezone.localdate()
    if history is None:
        history = bool(getattr(settings, "ILJARI_DEMO_BOOKINGS_HISTORY", True))
    t0 = time.perf_counter()
    programs = {p.code: p for p in Program.objects.filter(code__in=[CAFE_PROGRAM, SUIT_PROGRAM])}
    if len(programs) < 2:
        return []
    needed = {r[4] for r in REGIONAL} | {r[5] for r in REGIONAL} | {s[3] for s in SUIT_OPERATORS} | {
        "SEOUL-OP-CITYCAFES", "SEOUL-OP-UNIVCAFES", "GWANAK"} | {b[3] for s in SUIT_OPERATORS for b in s[4]}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=needed) | OrgUnit.objects.filter(kind="district")}
    if needed - set(units):
        return [f"  bookings: org units missing ({', '.join(sorted(needed - set(units)))})"]
    out: list[str] = []
    with change_context("cli"), transaction.atomic():
        rules = _rules()
        made = _places(units, programs)
        places = made["places"]
        sessions = _upcoming(places, today)
        citizen = _citizen(units, places, today)
        cafes = sum(1 for p in places.values() if p.kind == "cafe")
        out.append(f"  job cafés {cafes}, suit branches {len(places) - cafes}, operators {len(made['ops'])}, "
                   f"rules {rules} new, upcoming sessions {sessions}")
        if citizen:
            out.append(citizen)
        loaded = Rental.objects.filter(illustrative=True, person__isnull=True).exists() or \
            Booking.objects.filter(illustrative=True, person__isnull=True).exists()
        if history and not loaded:
            rng = np.random.default_rng(SEED)
            suits = _suit_history(rng, places)
            ops, people = _cafe_history(rng, places)
            out.append(f"  history: suit rentals {suits:,} (2016-2021.5), café uses 2018 {ops:,} / people {people:,}"
                       f" ({time.perf_counter() - t0:.1f}s)")
    if not history:
        return out
    t1 = time.perf_counter()
    ops_all = list(made["ops"].values())
    runs = [(y, dt.date(2021, 5, 31) if y == 2021 else dt.date(y, 12, 31)) for y in SUIT_YEARS]
    runs.insert(2, (2018, CAFE_DAY))  # the café figures as of seed 000's day, then the year's end
    created = 0
    for year, as_of in runs:
        r = usage_derive(actor=actor, year=year, as_of=as_of, operators=ops_all,
                         reason="시연용 예시 기록에서 집계 / counted from the illustrative demo records")
        created += r.created + r.changed
    out.append(f"  usage derived into the ledger: {created} values ({time.perf_counter() - t1:.1f}s)")
    return out
