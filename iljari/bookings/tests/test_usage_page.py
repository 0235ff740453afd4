"""The usage page /bookings/: figures by month from the ledger, per operator and per place, scoped by default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import at


@pytest.fixture
def usage_measures(codes):  # type: ignore[no-untyped-def]
    from iljari.bookings.codes import seed_measures
    from iljari.programs.models import Measure

    seed_measures(Measure)


@pytest.mark.django_db
def test_usage_page_by_month_operator_and_place(cafe_world, make_citizen, usage_measures, tree):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from iljari.access.services import membership_grant
    from iljari.bookings.derive import usage_derive
    from iljari.bookings.models import Booking
    from iljari.core.cli import actor_for

    w = cafe_world
    acc = make_citizen()
    year = timezone.localdate().year - 1
    for month, place, room, party in ((3, w["cafe"], w["whole"], 5), (4, w["district_cafe"], w["district_room"], 2)):
        day = dt.date(year, month, 7)
        Booking.objects.create(kind="room", service="study_room", person=acc.person, place=place, room=room,
                               seat=room.seats.get(), starts_at=at(day, 10), ends_at=at(day, 12), party_size=party,
                               status="checked_in")
    usage_derive(actor=actor_for("system"), year=year)

    council = get_user_model().objects.create_user("council", password="x")
    membership_grant(actor=None, user=council, role="reviewer", org_unit=None)
    c = Client()
    c.force_login(council)
    page = c.get(f"/bookings/?year={year}").content.decode()
    assert page.count('id="usage-summary"') == 1
    assert "청년일자리카페 시청점" in page and "관악 청년일자리카페" in page
    summary = page[page.index('id="usage-summary"'):]
    row = summary[summary.index('data-measure="study_room_users"'):]
    assert '<td class="num">7</td>' in row[: row.index("</tr>")]
    months = page[page.index('id="usage-months"'):]
    assert "3월" in months or "Month 3" in months
    one = c.get(f"/bookings/?year={year}&place=CAFE-GWANAK").content.decode()
    summary = one[one.index('id="usage-summary"'):]
    row = summary[summary.index('data-measure="study_room_users"'):]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")]
    assert c.get("/bookings/?operator=NOPE").status_code == 404

    gwanak = get_user_model().objects.create_user("gwanak", password="x")
    membership_grant(actor=None, user=gwanak, role="district_officer", org_unit=tree["GWANAK"])
    g = Client()
    g.force_login(gwanak)
    mine = g.get(f"/bookings/?year={year}").content.decode()
    assert "관악 청년일자리카페" in mine and "청년일자리카페 시청점" not in mine
    every = g.get(f"/bookings/?year={year}&all=1").content.decode()
    assert "청년일자리카페 시청점" in every
