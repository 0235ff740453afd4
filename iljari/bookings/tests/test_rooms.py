"""Room bookings (slice "rooms"): slots, the refusals, cancel cut-off, check-in, no-show penalty, desk bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.core.errors import ServiceError

from .conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def _codes(e: pytest.ExceptionInfo) -> list[str]:
    return [str(p.code) for p in e.value.problems]


@pytest.fixture
def now():
    """A fixed 'now': 08:00 on the Monday before the booked days (tests never depend on today's weekday)."""
    monday = next_weekday(0)
    return at(monday, 8)


def book(room, person, day, h1, h2, now, **kw):
    from iljari.bookings.room_services import room_book

    start = at(day, int(h1), round((h1 % 1) * 60))
    end = at(day, int(h2), round((h2 % 1) * 60))
    return room_book(actor=None, person=person, room=room, starts_at=start, ends_at=end, now=now, **kw)


def test_acceptance_two_hours_then_ninety_minutes_refused_with_minutes_left(cafe_world, make_citizen, now):
    """A study-room booking of 2 hours followed by one of 90 minutes the same day is refused with the minutes
    left."""
    person = make_citizen().person
    day = now.date() + dt.timedelta(days=1)  # Tuesday
    first = book(cafe_world["study"], person, day, 10, 12, now)
    assert first.status == "booked" and first.seat.label == "1번"
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 13, 14.5, now)
    assert _codes(e) == ["cap_reached"]
    p = e.value.problems[0]
    assert "남은 이용 시간은 60분입니다" in p.message_ko and "60 minutes are left" in p.message_en
    assert p.params["left"] == 60 and p.params["used"] == 120
    # 60 minutes still fit
    assert book(cafe_world["study"], person, day, 13, 14, now).pk


def test_today_is_said_today(cafe_world, make_citizen, now):
    person = make_citizen().person
    day = now.date()
    book(cafe_world["study"], person, day, 9, 11, now)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 12, 13.5, now)
    assert "오늘 남은 이용 시간은 60분입니다" in e.value.problems[0].message_ko


def test_lowest_free_seat_then_full(cafe_world, make_citizen, now):
    day = now.date() + dt.timedelta(days=1)
    seats = [book(cafe_world["study"], make_citizen().person, day, 10, 11, now).seat.label for _ in range(4)]
    assert seats == ["1번", "2번", "3번", "4번"]
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], make_citizen().person, day, 10.5, 11.5, now)
    assert _codes(e) == ["full"] and e.value.problems[0].message_ko == "이 시간에는 빈 자리가 없습니다"
    assert book(cafe_world["study"], make_citizen().person, day, 11, 12, now).seat.label == "1번"  # touching


def test_every_time_refusal_at_once(cafe_world, make_citizen, now):
    person = make_citizen().person
    day = now.date() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 17, 19, now)  # closes at 18
    assert _codes(e) == ["place_closed"] and "09:00~18:00" in e.value.problems[0].message_ko
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 10.25, 11, now)
    assert _codes(e) == ["invalid"] and "30분 단위" in e.value.problems[0].message_ko
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, now.date() - dt.timedelta(days=3), 10, 11, now)  # the past Friday
    assert "too_late" in _codes(e)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, next_weekday(1, now.date() + dt.timedelta(days=15)), 10, 11, now)
    assert _codes(e) == ["too_early"] and "14일 뒤까지만" in e.value.problems[0].message_ko
    saturday = now.date() + dt.timedelta(days=5)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, saturday, 10, 11, now)
    assert _codes(e) == ["place_closed"] and "토요일은 문을 열지 않습니다" in e.value.problems[0].message_ko
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 10, 11, now, party_size=2)
    assert _codes(e) == ["invalid"]
    with pytest.raises(ServiceError) as e:
        book(cafe_world["whole"], person, day, 10, 11, now, party_size=7)
    assert _codes(e) == ["invalid"] and "6명까지" in e.value.problems[0].message_ko


def test_ai_room_one_booking_at_most_an_hour(cafe_world, make_citizen):
    person = make_citizen().person
    now = at(next_weekday(0, dt.date(2030, 1, 1)), 8)
    day = now.date() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["ai"], person, day, 10, 11.5, now)
    assert sorted(_codes(e)) == ["cap_reached", "cap_reached"]  # 60 a booking and 60 a day
    assert any("한 번에 60분까지" in p.message_ko for p in e.value.problems)
    assert book(cafe_world["ai"], person, day, 10, 11, now).seat.label == "전체"


def test_future_cap_and_own_overlap(cafe_world, make_citizen, now):
    person = make_citizen().person
    for d in range(1, 4):
        book(cafe_world["study"], person, now.date() + dt.timedelta(days=d), 10, 11, now)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["whole"], person, now.date() + dt.timedelta(days=4), 10, 11, now)
    assert _codes(e) == ["cap_reached"] and "3건까지" in e.value.problems[0].message_ko
    other = make_citizen().person
    day = now.date() + dt.timedelta(days=1)
    book(cafe_world["study"], other, day, 10, 11, now)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["whole"], other, day, 10.5, 11.5, now)
    assert _codes(e) == ["duplicate_booking"]


def test_no_rule_eligibility_and_penalty(cafe_world, make_citizen, now, rules):
    from iljari.bookings.models import BookingRule, Penalty

    person = make_citizen().person
    day = now.date() + dt.timedelta(days=1)
    Penalty.objects.create(person=person, service="study_room", reason="no_show", place=cafe_world["cafe"],
                           starts_on=day - dt.timedelta(days=1), ends_on=day + dt.timedelta(days=2))
    rule = rules["study_room"]
    BookingRule.objects.filter(pk=rule.pk).update(min_age=19, max_age=20)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 10, 11, now)
    assert sorted(_codes(e)) == ["not_eligible", "penalty"]
    BookingRule.objects.all().delete()
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, day, 10, 11, now)
    assert _codes(e) == ["no_rule"]


def test_holiday_closes_unless_the_rule_opens(cafe_world, make_citizen, rules):
    from iljari.bookings.models import BookingRule, Closure
    from iljari.bookings.room_services import room_slots

    chuseok = dt.date(2030, 9, 12)  # 추석 (a Thursday)
    from iljari.bookings.rules import holiday_name

    assert holiday_name(chuseok)
    now = at(chuseok - dt.timedelta(days=3), 8)
    person = make_citizen().person
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, chuseok, 10, 11, now)
    assert _codes(e) == ["place_closed"] and "공휴일" in e.value.problems[0].message_ko
    assert room_slots(room=cafe_world["study"], day=chuseok, now=now).slots == []
    BookingRule.objects.filter(service="study_room").update(open_on_holidays=True)
    assert len(room_slots(room=cafe_world["study"], day=chuseok, now=now).slots) == 18
    assert book(cafe_world["study"], person, chuseok, 10, 11, now).pk
    Closure.objects.create(place=cafe_world["cafe"], day=chuseok + dt.timedelta(days=1), reason="내부 공사")
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], person, chuseok + dt.timedelta(days=1), 10, 11, now)
    assert "내부 공사" in e.value.problems[0].message_ko


def test_slots_count_free_seats_and_skip_the_past(cafe_world, make_citizen, now):
    from iljari.bookings.room_services import room_slots

    day = now.date()
    book(cafe_world["study"], make_citizen().person, day, 10, 11, now)
    later = at(day, 9, 40)
    s = room_slots(room=cafe_world["study"], day=day, now=later)
    assert s.slots[0].label == "10:00" and s.slots[0].free == 3 and s.slots[2].free == 4
    assert len(s.slots) == 16 and s.lengths == [30, 60, 90, 120, 150, 180]


def test_cancel_cut_off_and_own_only(cafe_world, make_citizen, now, actor):
    from iljari.bookings.models import Booking
    from iljari.bookings.room_services import booking_cancel
    from iljari.core.errors import NotFoundError

    acc = make_citizen()
    day = now.date() + dt.timedelta(days=1)
    b = book(cafe_world["study"], acc.person, day, 10, 11, now, account=acc)
    with pytest.raises(NotFoundError):
        booking_cancel(actor=None, booking=b, account=make_citizen(), now=now)
    with pytest.raises(ServiceError) as e:
        booking_cancel(actor=None, booking=b, account=acc, now=at(day, 9, 30))  # cut-off 1 hour before: 09:00
    assert _codes(e) == ["too_late"] and "09:00까지" in e.value.problems[0].message_ko
    done = booking_cancel(actor=None, booking=b, account=acc, now=at(day, 8, 59), reason="일정 변경")
    assert done.status == "cancelled" and done.version == 2
    assert Booking.objects.get(pk=b.pk).cancel_reason == "일정 변경"
    with pytest.raises(ServiceError) as e:
        booking_cancel(actor=None, booking=done, account=acc, now=at(day, 8, 59))
    assert _codes(e) == ["conflict"]
    # the seat is free again and the minutes come back
    assert book(cafe_world["study"], acc.person, day, 9, 12, now).seat.label == "1번"


def test_check_in_no_show_penalty_and_versions(cafe_world, make_citizen, now, make_user):
    from iljari.audit.models import AuditEntry
    from iljari.bookings.room_services import booking_check_in, booking_no_show
    from iljari.core.errors import ConflictError

    officer = make_user("cafe-officer", "program_officer", "JOBPOL")
    acc = make_citizen()
    day = now.date() + dt.timedelta(days=1)
    b = book(cafe_world["study"], acc.person, day, 10, 11, now, account=acc)
    with pytest.raises(ServiceError) as e:
        booking_no_show(actor=officer, booking=b, now=at(day, 9, 59))
    assert _codes(e) == ["too_early"]
    with pytest.raises(ServiceError) as e:  # 14 minutes late is not yet a no-show
        booking_no_show(actor=officer, booking=b, now=at(day, 10, 14))
    assert _codes(e) == ["too_early"] and "10:15" in e.value.problems[0].message_ko
    with pytest.raises(ConflictError):
        booking_no_show(actor=officer, booking=b, version=7, now=at(day, 10, 15))
    done, penalty = booking_no_show(actor=officer, booking=b, version=1, now=at(day, 10, 15))
    assert done.status == "no_show"
    assert penalty.starts_on == day + dt.timedelta(days=1) and penalty.ends_on == day + dt.timedelta(days=7)
    with pytest.raises(ServiceError) as e:
        book(cafe_world["study"], acc.person, day + dt.timedelta(days=2), 10, 11, now)
    assert _codes(e) == ["penalty"]
    b2 = book(cafe_world["whole"], make_citizen().person, day, 12, 13, now)
    with pytest.raises(ServiceError) as e:
        booking_check_in(actor=officer, booking=b2, now=at(day, 11))
    assert _codes(e) == ["too_early"]
    assert booking_check_in(actor=officer, booking=b2, now=at(day, 11, 45)).status == "checked_in"
    assert AuditEntry.objects.filter(object_type="bookings.booking", object_id=str(b.pk)).count() == 2
    assert AuditEntry.objects.filter(object_type="bookings.penalty").count() == 1


def test_officers_only_in_their_units(cafe_world, make_citizen, now, make_user):
    from iljari.bookings.room_services import booking_check_in, room_desk_book
    from iljari.core.errors import ForbiddenError, NotFoundError

    day = now.date() + dt.timedelta(days=1)
    b = book(cafe_world["district_room"], make_citizen().person, day, 10, 11, now)
    jobpol = make_user("jp", "program_officer", "JOBPOL")
    with pytest.raises(NotFoundError):
        booking_check_in(actor=jobpol, booking=b, now=at(day, 10))
    with pytest.raises(ForbiddenError):
        booking_check_in(actor=make_user("rv", "reviewer", None), booking=b, now=at(day, 10))
    with pytest.raises(ForbiddenError):
        room_desk_book(actor=jobpol, room=cafe_world["district_room"], name="이방문", phone="010-5555-1212",
                       starts_at=at(day, 12), ends_at=at(day, 13), now=now)


def test_desk_booking_finds_or_makes_the_person(cafe_world, now, make_user):
    from iljari.bookings.room_services import room_desk_book
    from iljari.people.models import Person

    officer = make_user("desk", "program_officer", "JOBPOL")
    day = now.date() + dt.timedelta(days=1)
    a = room_desk_book(actor=officer, room=cafe_world["study"], name="이방문", phone="010-5555-1212",
                       starts_at=at(day, 10), ends_at=at(day, 11), now=now)
    b = room_desk_book(actor=officer, room=cafe_world["study"], name="이방문", phone="01055551212",
                       starts_at=at(day, 11), ends_at=at(day, 12), now=now)
    assert a.person_id == b.person_id and a.channel == "desk" and a.created_by == officer
    assert Person.objects.filter(name="이방문").count() == 1
    with pytest.raises(ServiceError) as e:
        room_desk_book(actor=officer, room=cafe_world["study"], name="", phone="12",
                       starts_at=at(day, 13), ends_at=at(day, 14), now=now)
    assert sorted(_codes(e)) == ["invalid", "required"]


def test_timezone_is_seoul():
    assert str(timezone.get_default_timezone()) == "Asia/Seoul"
