"""The usage derivation (bookings.derive): what counts, running totals, re-runs, corrections with history."""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import at

DAY = dt.date(2018, 3, 6)


@pytest.fixture
def usage_measures(codes):  # type: ignore[no-untyped-def]
    """The usage measures (migration 0050), again after a transactional test flushed them."""
    from iljari.bookings.codes import seed_measures
    from iljari.programs.models import Measure

    seed_measures(Measure)


@pytest.fixture
def used(cafe_world, suit_world, make_citizen, usage_measures):
    from iljari.bookings.models import Booking, Rental, Session

    w = cafe_world
    acc = make_citizen()
    seat = w["whole"].seats.get()
    seats = list(w["study"].seats.all())

    def room(status, hour, party=1, s=None, day=DAY, service="study_room", room_=None):
        r = room_ or w["whole"]
        return Booking.objects.create(kind="room", service=service, person=acc.person, place=w["cafe"], room=r,
                                      seat=s or seat, starts_at=at(day, hour), ends_at=at(day, hour + 1),
                                      party_size=party, status=status)

    b1 = room("checked_in", 9, party=4)
    room("no_show", 11, party=3)
    room("cancelled", 13, party=5)
    room("booked", 15, party=2)
    room("checked_in", 10, s=seats[0], day=dt.date(2018, 4, 2))
    room("checked_in", 10, s=w["ai"].seats.get(), service="ai_room", room_=w["ai"], day=dt.date(2018, 4, 3))
    held = Session.objects.create(programme=w["programme"], starts_at=at(DAY, 14), ends_at=at(DAY, 16), capacity=20,
                                  status="held", attended=12)
    live = Session.objects.create(programme=w["programme"], starts_at=at(DAY, 17), ends_at=at(DAY, 18), capacity=2)
    Booking.objects.create(kind="session", service="programme", person=acc.person, place=w["cafe"], session=live,
                           starts_at=live.starts_at, ends_at=live.ends_at, status="checked_in")
    Session.objects.create(programme=w["programme"], starts_at=at(DAY, 19), ends_at=at(DAY, 20), capacity=2,
                           status="cancelled", attended=9)
    br = suit_world["branches"]["OPENCLOSET"]
    op = suit_world["operators"]["OPENCLOSET"]
    rentals = {}
    for status, day in (("picked_up", dt.date(2018, 3, 30)), ("returned", dt.date(2018, 2, 3)),
                        ("cancelled", dt.date(2018, 2, 4)), ("no_show", dt.date(2018, 2, 5)),
                        ("reserved", dt.date(2018, 2, 6))):
        rentals[status] = Rental.objects.create(person=acc.person, operator=op, branch=br, pickup_on=day,
                                                due_on=day + dt.timedelta(days=3), status=status)
    return {"b1": b1, "held": held, "rentals": rentals, **w, "suit_program": suit_world["program"]}


def _figures(program, org_unit, year=2018, as_of=dt.date(2018, 12, 31)):
    from iljari.bookings.derive import ledger_usage

    return ledger_usage([(program.pk, org_unit.pk)], year, as_of)[(program.pk, org_unit.pk)]


@pytest.mark.django_db
def test_what_counts_and_running_totals(used, tree):
    from iljari.bookings.derive import usage_derive
    from iljari.core.cli import actor_for

    r = usage_derive(actor=actor_for("system"), year=2018, as_of=dt.date(2018, 12, 31))
    assert r.created > 0
    cafe = _figures(used["program"], tree["JOBPOL"])
    # March: one whole room used by 4 (no-show, cancelled, still-booked do not count) + a session of 12 people +
    # a session with one checked-in booking; the cancelled session is not held
    assert cafe["cafe_users"][2] == 4 + 12 + 1
    assert cafe["cafe_operations"][2] == 3
    assert cafe["study_room_users"][2] == 4
    # April: a seat (1) and the AI room (1) on top: running totals
    assert cafe["cafe_users"][3] == 19 and cafe["cafe_operations"][3] == 5 and cafe["study_room_users"][3] == 5
    assert cafe["cafe_users"][11] == 19
    suits = _figures(used["suit_program"], tree["JOBPOL"])
    assert suits["suit_users"][1] == 1 and suits["suit_users"][2] == 2  # returned in Feb, picked up in March
    again = usage_derive(actor=actor_for("system"), year=2018, as_of=dt.date(2018, 12, 31))
    assert again.created == again.changed == 0


@pytest.mark.django_db
def test_partial_month_as_of(used, tree):
    from iljari.bookings.derive import usage_derive
    from iljari.core.cli import actor_for

    usage_derive(actor=actor_for("system"), year=2018, as_of=dt.date(2018, 3, 6))
    cafe = _figures(used["program"], tree["JOBPOL"], as_of=dt.date(2018, 3, 6))
    assert cafe["cafe_users"][2] == 17 and cafe["cafe_users"][3] is None


@pytest.mark.django_db(transaction=True)
def test_a_corrected_record_changes_the_figure_with_history(used, tree):
    from django.db import transaction

    from iljari.bookings.derive import usage_derive
    from iljari.core.cli import actor_for
    from iljari.ledger.models import Fact

    usage_derive(actor=actor_for("system"), year=2018, as_of=dt.date(2018, 12, 31))
    b1 = used["b1"]
    with transaction.atomic():  # the operator marks the 4-person booking a no-show: re-derived once, on commit
        b1.status = "no_show"
        b1.save()
        assert _figures(used["program"], tree["JOBPOL"])["study_room_users"][2] == 4
    assert _figures(used["program"], tree["JOBPOL"])["study_room_users"][2] == 0
    march = list(Fact.objects.filter(program=used["program"], measure__code="study_room_users", period="2018-03")
                 .order_by("id"))
    assert [f.value for f in march][-2:] == [4, 0] and march[-1].replaces_id == march[-2].pk
    assert march[-1].source == "derived" and march[-1].note == "bookings.derive"
    r = used["rentals"]["reserved"]
    with transaction.atomic():  # picked up: February's suit users grow
        r.status = "picked_up"
        r.save()
    assert _figures(used["suit_program"], tree["JOBPOL"])["suit_users"][1] == 2


@pytest.mark.django_db
def test_cli(used, tree):
    from django.core.management import call_command

    from iljari.ledger.models import Fact

    call_command("bookings-derive", "--year", "2018", "--as-of", "2018-08-20")
    assert Fact.objects.filter(note="bookings.derive", as_of=dt.date(2018, 8, 20)).exists()
