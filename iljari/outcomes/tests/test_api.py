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


def test_grades_of_a_run(world, actor, login):
    from iljari.outcomes.grading import grade_cut_set, grades_compute, scheme_install
    from iljari.outcomes.models import Grade

    scheme_install()
    run = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 12, 31))
    grades_compute(actor=actor, run=run)
    run = run_publish(actor=actor, run=run)
    council = login("reviewer")
    rows = council.get(f"/api/outcome-runs/{run.pk}/grades/?limit=100").json()["results"]
    stored = {x.program.code: x for x in Grade.objects.filter(run=run).select_related("program")}
    assert {r["program"] for r in rows} == set(stored)
    d = next(r for r in rows if r["program"] == "D")
    x = stored["D"]
    assert d["grade"] == x.grade and d["score"] == (None if x.score is None else f"{x.score}")
    assert d["reasons"] == x.reasons and d["reasons"]["ko"] and d["reasons"]["en"]
    assert d["grade_ko"] in ("우수", "양호", "개선필요", "감액") and d["scheme_valid_from"] == "2021-01-01"
    scores = [r["score"] for r in rows if r["score"] is not None]
    assert scores == sorted(scores, key=float)  # lowest first, as the page
    one = council.get(f"/api/outcome-runs/{run.pk}/grades/?grade={x.grade}").json()["results"]
    assert "D" in {r["program"] for r in one} and all(r["grade"] == x.grade for r in one)
    bad = council.get(f"/api/outcome-runs/{run.pk}/grades/?grade=best&sunset=maybe")
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} >= {"grade", "sunset"}
    assert council.get(f"/api/outcome-runs/{run.pk}/grades/?sunset=true").status_code == 200
    district = login("district_officer", "GWANAK")
    seen = {r["program"] for r in district.get(f"/api/outcome-runs/{run.pk}/grades/").json()["results"]}
    assert seen <= {"T", "X"} and "D" not in seen
    grade_cut_set(actor=actor, grade=stored["D"], percent="15", reason="의회 심의")  # any grade may carry one
    d = council.get(f"/api/outcome-runs/{run.pk}/grades/?program=D").json()["results"][0]
    assert d["proposed_cut_percent"] == "15.0" and d["cut_reason"] == "의회 심의" and d["version"] == 2
