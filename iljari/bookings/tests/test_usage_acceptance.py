"""Issue 16 acceptance: "The suit service's 2016-2021 user counts appear in the pivot and on its program page as
ledger figures" — from the demo's full generated history (seed 001: 4,032 / 23,212 / 29,669 / 37,690 / 31,401 /
12,158), and seed 000's 2018 café figures as of 2018-08-20 (9,331 uses, 42,779 people, study rooms 33,170). A re-run
derivation changes nothing; a corrected record changes the figure and leaves the history."""

from __future__ import annotations

import datetime as dt
import re

import pytest

SUITS = {2016: 4_032, 2017: 23_212, 2018: 29_669, 2019: 37_690, 2020: 31_401, 2021: 12_158}
AS_OF = {y: dt.date(2021, 5, 31) if y == 2021 else dt.date(y, 12, 31) for y in SUITS}


@pytest.fixture
def usage_measures(codes):  # type: ignore[no-untyped-def]
    """The usage measures (migration 0050), again after a transactional test flushed them."""
    from iljari.bookings.codes import seed_measures
    from iljari.programs.models import Measure

    seed_measures(Measure)


def _row(html: str, table_id: str, code: str) -> list[str]:
    table = html[html.index(f'id="{table_id}"'):]
    row = table[table.index(f'data-measure="{code}"'):]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td class="num">([^<]*)</td>', row)


@pytest.mark.django_db(transaction=True)
def test_suit_users_in_pivot_and_program_page_and_cafe_2018(usage_measures):
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from iljari.access.services import membership_grant
    from iljari.bookings.derive import usage_derive
    from iljari.bookings.models import Operator, Rental
    from iljari.core.cli import actor_for
    from iljari.demo.bookings import load_demo_bookings
    from iljari.interchange.canonical import orgs_import, programs_import
    from iljari.ledger.models import Fact

    data = Path(__file__).resolve().parents[2] / "demo" / "data"
    actor = actor_for("demo-loader")
    for name, fn in (("orgs", orgs_import), ("programs", programs_import)):
        fn(actor=actor, path=data / f"{name}.csv", file_name=f"demo/{name}.csv", reason="test")
    lines = load_demo_bookings(actor=actor, history=True)
    assert any("138,162" in line for line in lines), lines

    council = get_user_model().objects.create_user("council", password="x")
    membership_grant(actor=None, user=council, role="reviewer", org_unit=None)
    c = Client()
    c.force_login(council)
    page = c.get("/programs/S21-SUIT-RENTAL/?year=2021&as_of=2021-05-31").content.decode()
    assert _row(page, "program-indicators", "suit_users") == [f"{v:,}" for v in SUITS.values()]
    for year, value in SUITS.items():
        pivot = c.get(f"/pivot/?year={year}&as_of={AS_OF[year]:%Y-%m-%d}").content.decode()
        assert _row(pivot, "pivot-indicators", "suit_users") == [f"{value:,}"], year

    pivot = c.get("/pivot/?year=2018&as_of=2018-08-20").content.decode()
    assert _row(pivot, "pivot-indicators", "cafe_operations") == ["9,331"]
    assert _row(pivot, "pivot-indicators", "cafe_users") == ["42,779"]
    assert _row(pivot, "pivot-indicators", "study_room_users") == ["33,170"]
    cafes = c.get("/programs/S21-JOB-CAFES/?year=2018&as_of=2018-08-20").content.decode()
    assert _row(cafes, "program-indicators", "cafe_users") == ["42,779"]
    usage = c.get("/bookings/?year=2018").content.decode()
    assert _row(usage, "usage-summary", "cafe_users")[0] == "42,779"
    assert _row(usage, "usage-summary", "suit_users")[0] == "29,669"

    # re-running changes nothing
    ops = list(Operator.objects.all())
    count = Fact.objects.count()
    for year, as_of in AS_OF.items():
        r = usage_derive(actor=actor, year=year, as_of=as_of, operators=ops)
        assert r.created == r.changed == 0, year
    assert Fact.objects.count() == count

    # a corrected record: a 2016 rental was never picked up: 2016's figure drops by one, with history
    rental = Rental.objects.filter(pickup_on__year=2016).order_by("pickup_on").first()
    with transaction.atomic():
        rental.status = "no_show"
        rental.save()
    pivot = c.get("/pivot/?year=2016&as_of=2016-12-31").content.decode()
    assert _row(pivot, "pivot-indicators", "suit_users") == ["4,031"]
    dec = list(Fact.objects.filter(program__code="S21-SUIT-RENTAL", org_unit=rental.operator.org_unit,
                                   measure__code="suit_users", period="2016-12").order_by("id"))
    assert len(dec) == 2 and dec[1].replaces_id == dec[0].pk and dec[1].value == dec[0].value - 1
