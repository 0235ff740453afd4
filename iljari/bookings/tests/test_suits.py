"""The interview-suit service (취업날개): booking by the pick-up day's rule, the yearly cap, stock never lent twice,
cancel cut-off, pick-up, return in person or by parcel, late returns and no-shows, stock.

Days are fixed (2020-2021) and passed as `today`/`now`: nothing depends on the day the tests run."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.bookings import suit_services as svc
from iljari.bookings.models import Penalty, Rental, RentalLine, SuitItem
from iljari.core.errors import ServiceError

from .conftest import at

pytestmark = pytest.mark.django_db

MON = dt.date(2021, 7, 5)  # a Monday, no holiday; the branches open Mon-Sat 10:00-19:00


def codes(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p.code) for p in exc.value.problems]


def book(world, person, day, *, today=None, pieces=None, branch="OPENCLOSET", cut="men", **kw):
    return svc.rental_book(actor="citizen", person=person, branch=world["branches"][branch], pickup_on=day,
                           pieces=pieces or {"jacket": "95"}, cut=cut, today=today or day - dt.timedelta(days=3),
                           **kw)


# ------------------------------------------------------------------------------------------------ acceptance


def test_a_39_year_old_can_book_for_2021_but_not_for_2020(suit_world, make_citizen):
    """Acceptance: the rule in force on the pick-up day decides (만 34세 until 2020, 만 39세 from 2021)."""
    person = make_citizen(birth=dt.date(1981, 3, 1)).person  # 39 on both pick-up days below
    booked_on = dt.date(2020, 12, 21)
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, dt.date(2020, 12, 28), today=booked_on)
    assert codes(e) == ["not_eligible"]
    assert "만 39세" in e.value.problems[0].message_ko and "만 34세 이하" in e.value.problems[0].message_ko
    rental = book(suit_world, person, dt.date(2021, 1, 4), today=booked_on)
    assert rental.status == "reserved" and rental.due_on == dt.date(2021, 1, 7)  # 3 nights, 4 days
    assert [line.item.size for line in rental.lines.all()] == ["95"]


def _mondays(year: int, n: int) -> list[dt.date]:
    from iljari.bookings.rules import holiday_name

    day, out = dt.date(year, 1, 4), []
    while len(out) < n:
        if not holiday_name(day):
            out.append(day)
        day += dt.timedelta(days=7)
    return out


def test_the_eleventh_rental_of_a_year_is_refused_with_the_reset_date(suit_world, make_citizen, actor):
    """Acceptance: 10 rentals picked up in 2021; the 11th is refused with the reason and 2022-01-01."""
    person = make_citizen(birth=dt.date(1995, 5, 5)).person
    for day in _mondays(2021, 10):
        rental = book(suit_world, person, day, today=day)
        svc.rental_pick_up(actor=actor, rental=rental, now=at(day, 11))
        svc.rental_return(actor=actor, rental=rental, returned_on=rental.due_on, method="in_person",
                          today=rental.due_on)
    assert Rental.objects.filter(person=person, status="returned").count() == 10
    eleventh = dt.date(2021, 11, 8)
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, eleventh, today=eleventh - dt.timedelta(days=2))
    assert codes(e) == ["cap_reached"]
    p = e.value.problems[0]
    assert p.message_ko == ("2021년 이용 가능 횟수 10회를 모두 사용했습니다. 2022년 1월 1일부터 다시 예약할 수 있습니다")
    assert "1 January 2022" in p.message_en and p.params["resets_on"] == "2022-01-01"
    # the cap is per calendar year of the pick-up day: a January 2022 pick-up booked in December 2021 passes
    assert book(suit_world, person, dt.date(2022, 1, 3), today=dt.date(2021, 12, 27)).status == "reserved"


# ------------------------------------------------------------------------------------------------ refusals


def test_refusals_come_all_at_once(suit_world, make_citizen):
    person = make_citizen(birth=dt.date(1995, 5, 5), district="SEOUL").person  # not a district: not a resident
    sunday = MON - dt.timedelta(days=1)
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, sunday, today=sunday - dt.timedelta(days=2))
    assert sorted(codes(e)) == ["not_eligible", "place_closed"]


def test_past_far_and_holiday_days(suit_world, make_citizen):
    person = make_citizen(birth=dt.date(1995, 5, 5)).person
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, MON, today=MON + dt.timedelta(days=1))
    assert codes(e) == ["too_late"]
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, MON, today=MON - dt.timedelta(days=61))
    assert codes(e) == ["too_early"] and "60일" in e.value.problems[0].message_ko
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, dt.date(2021, 8, 16))  # 광복절 대체공휴일, a Monday
    assert codes(e) == ["place_closed"] and "공휴일" in e.value.problems[0].message_ko


def test_the_last_piece_of_a_size_goes_once(suit_world, make_citizen):
    a, b = (make_citizen(birth=dt.date(1995, 5, 5)).person for _ in range(2))
    first = book(suit_world, a, MON, pieces={"jacket": "95", "trousers": "30"})
    with pytest.raises(ServiceError) as e:
        book(suit_world, b, MON + dt.timedelta(days=3), pieces={"jacket": "95", "trousers": "32"})  # a's due day
    assert codes(e) == ["full"] and "재킷 95" in e.value.problems[0].message_ko
    assert not Rental.objects.filter(person=b).exists()  # nothing half-saved (no rental, no trousers 32 held)
    # the day after a's due day the piece is free again
    later = book(suit_world, b, MON + dt.timedelta(days=4), pieces={"jacket": "95"})
    assert later.lines.get().item == first.lines.get(item__item="jacket").item


def test_availability_counts_free_pieces_for_the_whole_span(suit_world, make_citizen):
    branch = suit_world["branches"]["OPENCLOSET"]
    book(suit_world, make_citizen().person, MON)
    av = svc.suit_availability(branch=branch, pickup_on=MON + dt.timedelta(days=2), cut="men", today=MON)
    assert av.open.open and av.due_on == MON + dt.timedelta(days=5)
    assert av.sizes["jacket"] == {"95": (0, 1), "100": (1, 1)}
    av = svc.suit_availability(branch=branch, pickup_on=MON + dt.timedelta(days=6), cut="men", today=MON)
    assert not av.open.open  # Sunday
    assert svc.suit_availability(branch=branch, pickup_on=MON + dt.timedelta(days=7), cut="men",
                                 today=MON).free("jacket", "95") == 1


def test_one_person_one_suit_at_a_time(suit_world, make_citizen):
    person = make_citizen().person
    book(suit_world, person, MON)
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, MON + dt.timedelta(days=7), pieces={"jacket": "100"}, today=MON - dt.timedelta(3))
    assert codes(e) == ["cap_reached"]  # max_future 1


# ------------------------------------------------------------------------------------------------ the rental's life


def test_cancel_until_the_cut_off_frees_the_pieces(suit_world, make_citizen):
    person = make_citizen().person
    rental = book(suit_world, person, MON)
    with pytest.raises(ServiceError) as e:  # 24 h before 10:00 on the pick-up day
        svc.rental_cancel(actor="citizen", rental=rental, now=at(MON - dt.timedelta(days=1), 10, 1))
    assert codes(e) == ["too_late"] and "10:00" in e.value.problems[0].message_ko
    svc.rental_cancel(actor="citizen", rental=rental, now=at(MON - dt.timedelta(days=1), 9, 59))
    rental.refresh_from_db()
    assert rental.status == "cancelled" and not rental.lines.filter(live=True).exists()
    assert book(suit_world, make_citizen().person, MON).lines.get().item.size == "95"


def test_pick_up_from_the_day_and_swap_a_piece(suit_world, make_citizen, actor):
    rental = book(suit_world, make_citizen().person, MON, pieces={"jacket": "95"})
    with pytest.raises(ServiceError) as e:
        svc.rental_pick_up(actor=actor, rental=rental, now=at(MON - dt.timedelta(days=1), 12))
    assert codes(e) == ["too_early"]
    line = rental.lines.get()
    bigger = SuitItem.objects.get(item="jacket", size="100")
    svc.rental_pick_up(actor=actor, rental=rental, swaps={line.pk: bigger.pk}, now=at(MON, 11))
    rental.refresh_from_db()
    assert rental.status == "picked_up"
    assert [lin.item.size for lin in rental.lines.filter(live=True)] == ["100"]
    assert svc.suit_availability(branch=rental.branch, pickup_on=MON, cut="men", today=MON).free("jacket", "95") == 1


def test_late_return_in_person_brings_a_penalty(suit_world, make_citizen, actor):
    person = make_citizen().person
    rental = book(suit_world, person, MON)
    svc.rental_pick_up(actor=actor, rental=rental, now=at(MON, 11))
    returned = MON + dt.timedelta(days=5)  # due MON+3: 2 days late
    assert list(svc.rentals_overdue(returned)) == [rental]
    svc.rental_return(actor=actor, rental=rental, returned_on=returned, method="in_person", today=returned)
    rental.refresh_from_db()
    assert rental.late_days == 2 and rental.status == "returned"
    line = rental.lines.get()
    assert not line.live and line.ends_on == returned
    penalty = Penalty.objects.get(person=person)
    assert penalty.reason == "late_return" and penalty.ends_on == returned + dt.timedelta(days=30)
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, returned + dt.timedelta(days=7), today=returned + dt.timedelta(days=1))
    assert codes(e) == ["penalty"] and "반납이 늦어" in e.value.problems[0].message_ko
    assert list(svc.rentals_overdue(returned)) == []


def test_a_parcel_needs_a_tracking_number_and_counts_the_day_sent(suit_world, make_citizen, actor):
    person = make_citizen().person
    rental = book(suit_world, person, MON)
    svc.rental_pick_up(actor=actor, rental=rental, now=at(MON, 11))
    with pytest.raises(ServiceError) as e:
        svc.rental_return(actor=actor, rental=rental, returned_on=rental.due_on, method="parcel",
                          today=rental.due_on + dt.timedelta(days=2))
    assert codes(e) == ["required"] and "운송장" in e.value.problems[0].message_ko
    svc.rental_return(actor=actor, rental=rental, returned_on=rental.due_on, method="parcel",
                      tracking_number="6012-3456-7890", today=rental.due_on + dt.timedelta(days=2))
    rental.refresh_from_db()
    assert rental.late_days == 0 and rental.tracking_number == "6012-3456-7890"
    assert not Penalty.objects.filter(person=person).exists()


def test_no_show_frees_the_piece_and_bars_for_30_days(suit_world, make_citizen, actor):
    person = make_citizen().person
    rental = book(suit_world, person, MON)
    with pytest.raises(ServiceError):
        svc.rental_no_show(actor=actor, rental=rental, today=MON - dt.timedelta(days=1))
    svc.rental_no_show(actor=actor, rental=rental, today=MON)
    assert not RentalLine.objects.filter(rental=rental, live=True).exists()
    assert Penalty.objects.get(person=person).reason == "no_show"
    with pytest.raises(ServiceError) as e:
        book(suit_world, person, MON + dt.timedelta(days=14), today=MON + dt.timedelta(days=1))
    assert codes(e) == ["penalty"]


def test_desk_lending_hands_over_at_once(suit_world, make_citizen, actor):
    rental = svc.rental_book(actor=actor, person=make_citizen().person, branch=suit_world["branches"]["OPENCLOSET"],
                             pickup_on=MON, pieces={"jacket": "100", "shirt": "95"}, cut="men", channel="desk",
                             hand_over=True, today=MON, now=at(MON, 12))
    assert rental.status == "picked_up" and rental.channel == "desk" and rental.created_by == actor
    assert rental.lines.filter(live=True).count() == 2


def test_stock_add_and_retire(suit_world, make_citizen, actor):
    branch = suit_world["branches"]["OPENCLOSET"]
    piece = svc.suit_item_save(actor=actor, branch=branch, tag="OC-9000", kind="jacket", cut="men", size="105")
    with pytest.raises(ServiceError) as e:
        svc.suit_item_save(actor=actor, branch=branch, tag="OC-9000", kind="jacket", cut="men", size="110")
    assert codes(e) == ["duplicate_code"]
    rental = book(suit_world, make_citizen().person, MON, pieces={"jacket": "105"})
    with pytest.raises(ServiceError) as e:
        svc.suit_item_retire(actor=actor, item=piece, today=MON - dt.timedelta(days=3))
    assert codes(e) == ["conflict"]
    svc.rental_cancel(actor=actor, rental=rental, by_officer=True, now=at(MON, 9))
    svc.suit_item_retire(actor=actor, item=piece, today=MON)
    piece.refresh_from_db()
    assert not piece.active
    assert svc.suit_availability(branch=branch, pickup_on=MON, cut="men", today=MON).sizes["jacket"].get("105") \
        is None
