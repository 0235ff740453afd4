"""The outcome runs' API: what the pages show, as data; drafts the office's, figures of the programs one sees."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.outcomes.runs import outcomes_run, run_publish

pytestmark = pytest.mark.django_db


def test_runs_and_figures(world, actor, login):
    draft = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 6, 30))
    run = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 12, 31))
    run_publish(actor=actor, run=run)
    council = login("reviewer")
    listed = council.get("/api/outcome-runs/").json()
    assert [r["id"] for r in listed["results"]] == [run.pk]
    assert council.get(f"/api/outcome-runs/{draft.pk}/").status_code == 404
    office = login("portfolio")
    assert {r["id"] for r in office.get("/api/outcome-runs/?year=2021").json()["results"]} == {run.pk, draft.pk}
    detail = council.get(f"/api/outcome-runs/{run.pk}/").json()
    employed = next(i for i in detail["indicators"] if i["indicator"] == "employed_within")
    assert employed["definition"] == {"kind": "employed_within", "window_months": 6, "private_only": True}
    assert "6개월" in employed["words_ko"] and employed["minimum"] == "30.00"
    rows = council.get(f"/api/outcome-runs/{run.pk}/figures/?program=D&indicator=employed_within").json()["results"]
    assert rows == [{"program": "D", "indicator": "employed_within", "indicator_version": employed["id"],
                     "numerator": 3, "denominator": 6, "value": "50.0000", "meets_minimum": True}]
    x = council.get(f"/api/outcome-runs/{run.pk}/figures/?program=X&indicator=participants").json()["results"]
    assert x[0]["value"] is None and x[0]["numerator"] is None  # no list: none, not 0
    district = login("district_officer", "GWANAK")
    seen = {r["program"] for r in district.get(f"/api/outcome-runs/{run.pk}/figures/?limit=500").json()["results"]}
    assert seen == {"T", "X"}
    assert council.post("/api/outcome-runs/", {}).status_code == 405
