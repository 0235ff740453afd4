"""Issue 15 acceptance (funnel): from the demo's generated records the centre dashboard for 2018 as of 2018-08-20
shows seed 000's 84,472 / 66,061 / 376,240 / 469,810 / 21,892, and the pivot and the API show the same ledger
indicators; a corrected record corrects the derived month figures and leaves a history row."""

from __future__ import annotations

import datetime as dt
import re

import pytest

SEED = {"vacancies_registered": 84_472, "seekers_registered": 66_061, "counselling_cases": 376_240,
        "referrals_made": 469_810, "people_placed": 21_892}


def _cell(html: str, table_id: str, code: str, col: int = 0) -> str:
    table = html[html.index(f'id="{table_id}"'):]
    row = table[table.index(f'data-measure="{code}"'):]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td class="num">([^<]*)</td>', row)[col]


@pytest.mark.django_db
def test_demo_funnel_2018_on_dashboard_pivot_and_api(codes, occ):
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.test import Client

    from iljari.access.services import membership_grant
    from iljari.core.cli import actor_for
    from iljari.demo.employment import load_demo_employment
    from iljari.interchange.canonical import orgs_import, programs_import

    data = Path(__file__).resolve().parents[2] / "demo" / "data"
    actor = actor_for("demo-loader")
    for name, fn in (("orgs", orgs_import), ("programs", programs_import)):
        fn(actor=actor, path=data / f"{name}.csv", file_name=f"demo/{name}.csv", reason="test")
    lines = load_demo_employment(actor=actor, years=(2018,))
    assert any("funnel 2018" in line for line in lines)

    council = get_user_model().objects.create_user("council", password="x")
    membership_grant(actor=None, user=council, role="reviewer", org_unit=None)
    c = Client()
    c.force_login(council)
    page = c.get("/centres/?year=2018&as_of=2018-08-20").content.decode()
    for code, value in SEED.items():
        assert _cell(page, "funnel-summary", code) == f"{value:,}", code

    pivot = c.get("/pivot/?year=2018&as_of=2018-08-20").content.decode()
    for code, value in SEED.items():
        assert _cell(pivot, "pivot-indicators", code) == f"{value:,}", code

    # the API: the latest version per program and unit of each measure's August 2018 value known by 2018-08-20
    for code, value in SEED.items():
        r = c.get("/api/facts/", {"measure": code, "period": "2018-08", "as_of_before": "2018-08-20",
                                  "page_size": 500})
        assert r.status_code == 200
        body = r.json()
        rows = body["results"] if isinstance(body, dict) else body
        latest: dict[tuple, dict] = {}
        for f in rows:
            assert f["source"] == "derived" and f["illustrative"] is True
            latest[(f["program"], f["org_unit"])] = f
        assert sum(f["value"] for f in latest.values()) == value, code

    # a local officer sees their own centre only; 관악구's officer sees 관악구's centre
    gwanak = get_user_model().objects.create_user("gwanak", password="x")
    from iljari.orgs.models import OrgUnit

    membership_grant(actor=None, user=gwanak, role="district_officer", org_unit=OrgUnit.objects.get(code="GWANAK"))
    g = Client()
    g.force_login(gwanak)
    mine = g.get("/centres/?year=2018&as_of=2018-08-20").content.decode()
    assert "관악구 일자리센터" in mine and "마포구 일자리센터" not in mine
    assert g.get("/centres/?centre=MAPO-JC").status_code == 404


@pytest.fixture
def funnel_world(centres, make_seeker, make_vacancy, occ, actor, django_capture_on_commit_callbacks):
    from iljari.employment.models import Placement, Referral

    seeker = make_seeker(centre="GWANAK")
    vacancy = make_vacancy(centre="GWANAK", posted_on=dt.date(2018, 2, 1), deadline=dt.date(2018, 3, 1))
    ref = Referral.objects.create(seeker=seeker, vacancy=vacancy, centre=centres["GWANAK"],
                                  referred_on=dt.date(2018, 3, 2), outcome="hired")
    placements = []
    for day in (dt.date(2018, 3, 10), dt.date(2018, 5, 3)):
        other = Referral.objects.create(seeker=seeker, vacancy=vacancy, centre=centres["GWANAK"],
                                        referred_on=day, outcome="hired") if placements else ref
        placements.append(Placement.objects.create(
            seeker=seeker, referral=other, centre=centres["GWANAK"], occupation=occ["02"], placed_on=day,
            wage_type="monthly", wage=2_000_000, contract="permanent"))
    return {"centre": centres["GWANAK"], "placements": placements}


@pytest.mark.django_db(transaction=True)
def test_a_corrected_placement_corrects_the_month_figures_and_leaves_history(funnel_world, codes):
    from django.db import transaction

    from iljari.audit.models import AuditEntry
    from iljari.core.cli import actor_for
    from iljari.employment.derive import funnel_derive, ledger_funnel
    from iljari.ledger.models import Fact

    centre = funnel_world["centre"]
    funnel_derive(actor=actor_for("system"), year=2018, as_of=dt.date(2018, 12, 31), centres=[centre])
    placed = ledger_funnel([centre], 2018, dt.date(2018, 12, 31))[centre.pk]["people_placed"]
    assert placed[2] == 1 and placed[4] == 2  # running totals: March 1, May 2
    again = funnel_derive(actor=actor_for("system"), year=2018, as_of=dt.date(2018, 12, 31), centres=[centre])
    assert again.created == again.changed == 0  # re-running changes nothing

    p = funnel_world["placements"][0]
    with transaction.atomic():  # a counsellor moves the March placement to June: re-derived once, on commit
        p.placed_on = dt.date(2018, 6, 12)
        p.save()
        inside = ledger_funnel([centre], 2018, dt.date(2018, 12, 31))[centre.pk]["people_placed"]
        assert inside[2] == 1  # not yet: the re-derivation waits for the commit
    placed = ledger_funnel([centre], 2018, dt.date(2018, 12, 31))[centre.pk]["people_placed"]
    assert placed[2] == 0 and placed[4] == 1 and placed[5] == 2
    march = list(Fact.objects.filter(program=centre.program, measure__code="people_placed", period="2018-03")
                 .order_by("id"))
    assert [f.value for f in march][-2:] == [1, 0] and march[-1].replaces_id == march[-2].pk
    assert march[-1].source == "derived" and march[-1].note == "employment.derive"
    assert AuditEntry.objects.filter(object_type="ledger.fact", object_id=str(march[-1].pk),
                                     action="update").exists()

    with transaction.atomic():  # deleted: May's running total drops again
        funnel_world["placements"][1].delete()
    placed = ledger_funnel([centre], 2018, dt.date(2018, 12, 31))[centre.pk]["people_placed"]
    assert placed[4] == 0 and placed[5] == 1
