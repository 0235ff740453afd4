"""The one program filter: the page's form, its drill-down from a roll-up row and the API list agree."""

import datetime as dt
import re

import pytest
from rest_framework.test import APIClient

from iljari.ledger.rollup import rollup

pytestmark = pytest.mark.django_db

Q = "year=2021&as_of=2021-05-31"


@pytest.fixture
def funded(make_program, record):
    """A: city budget and expenditure; B: national budget; C: district expenditure in 2020 only; D: no money."""
    a = make_program("A", owner="JOBPOL")
    b = make_program("B", owner="GWANAK-JOB", job_type="indirect", subtype="training")
    c = make_program("C", owner="JOBPOL")
    d = make_program("D", owner="JOBPOL")
    record(a, "budget", "2021", 5_000_000, "2021-01-01", source="city")
    record(a, "expenditure", "2021-05", 1_000_000, "2021-05-31", source="city")
    record(b, "budget", "2021", 7_000_000, "2021-01-01", source="national", org="GWANAK-JOB")
    record(c, "expenditure", "2020-05", 100, "2020-05-31", source="district")
    record(d, "job_target", "2021", 10, "2021-01-01")
    return {"A": a, "B": b, "C": c, "D": d}


def _codes(html: str) -> set[str]:
    return set(re.findall(r'<a href="/programs/([A-Z])/', html))


def _api(client: APIClient, query: str) -> set[str]:
    r = client.get("/api/programs/?" + query)
    assert r.status_code == 200, r.content
    return {p["code"] for p in r.json()["results"]}


def test_funding_source_filter_returns_the_programs_with_figures_of_that_source(funded, login, make_user):
    page = login("reviewer")
    api = APIClient()
    api.force_authenticate(make_user("api-reader", "reviewer"))
    for source, expected in (("city", {"A"}), ("national", {"B"}), ("district", set())):
        assert _codes(page.get(f"/programs/?{Q}&funding_source={source}").content.decode()) == expected, source
        assert _codes(page.get(f"/programs/?{Q}&f_funding_source={source}").content.decode()) == expected, source
        assert _api(api, f"{Q}&funding_source={source}") == expected, source
        # ... exactly the programs the roll-up row of that source counts
        row = {r.keys[0]: r.current.program_count
               for r in rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["funding_source"]).groups()}
        assert row.get(source, 0) == len(expected)
    # 2020: C's district expenditure
    assert _codes(page.get("/programs/?year=2020&as_of=2020-12-31&funding_source=district").content.decode()) == {"C"}
    assert _api(api, "year=2020&funding_source=district") == {"C"}


def test_registry_filters_are_the_same_on_page_and_api(funded, login, make_user):
    page = login("reviewer")
    api = APIClient()
    api.force_authenticate(make_user("api-reader", "reviewer"))
    assert _codes(page.get(f"/programs/?{Q}&job_type=indirect").content.decode()) == {"B"}
    assert _api(api, "job_type=indirect") == {"B"}
    assert _codes(page.get(f"/programs/?{Q}&org=GWANAK").content.decode()) == {"B"}
    assert _api(api, "owner_org=GWANAK") == _api(api, "org=GWANAK") == {"B"}
    # drill-down by the unit where figures are recorded
    assert _codes(page.get(f"/programs/?{Q}&f_org=GWANAK").content.decode()) == {"B"}
    # ... which keeps most programs here: the few others are excluded instead (C has figures in 2020 only)
    assert _codes(page.get(f"/programs/?{Q}&f_org=SEOUL").content.decode()) == {"A", "B", "D"}
    assert _api(api, f"{Q}&org_unit=SEOUL") == {"A", "B", "D"}


def test_an_unknown_code_matches_nothing(funded, login, make_user):
    page = login("reviewer")
    assert _codes(page.get(f"/programs/?{Q}&f_job_type=nonsense").content.decode()) == set()
    assert _codes(page.get(f"/programs/?{Q}&funding_source=nonsense").content.decode()) == set()
    api = APIClient()
    api.force_authenticate(make_user("api-reader", "reviewer"))
    r = api.get("/api/programs/?funding_source=nonsense")
    assert r.status_code == 400 and r.json()["errors"]


def test_page_parameters_that_are_not_filters_do_not_empty_the_list(funded, login):
    page = login("reviewer")
    # as_of as a month (YYYY-MM) and the amount unit of the dashboard's links are the page's, not filters
    assert _codes(page.get("/programs/?year=2021&as_of=2021-05&unit=million").content.decode()) == {"A", "B", "C", "D"}
    assert _codes(page.get("/programs/?year=2021&as_of=2021-05&funding_source=city").content.decode()) == {"A"}
