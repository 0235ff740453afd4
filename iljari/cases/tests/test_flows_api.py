"""Slice "flows": the cases', flows' and payments' API (issue 17)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def at(case: Any, stage: str) -> Any:
    from iljari.cases.models import Case

    Case.objects.filter(pk=case.pk).update(stage=case.flow.stages.get(code=stage))
    case.refresh_from_db()
    return case


def test_the_api_lists_the_cases_in_scope_with_filters(case_world, make_case):
    g1, g2 = make_case(), at(make_case(), "district_check")
    y = make_case(district="YDP")
    v = make_case("VILLAGE-ENT")
    gwanak = api(case_world["users"]["gwanak"])
    ids = {r["id"] for r in gwanak.get("/api/cases/").json()["results"]}
    assert ids == {g1.pk, g2.pk, v.pk}
    assert [r["id"] for r in gwanak.get("/api/cases/?flow=RETENTION-2021&stage=district_check").json()["results"]] \
        == [g2.pk]
    city = api(case_world["users"]["city"])
    assert {r["id"] for r in city.get("/api/cases/?district=YDP").json()["results"]} == {y.pk}
    assert city.get("/api/cases/?waiting=true").json()["count"] == 0
    assert {r["id"] for r in gwanak.get("/api/cases/?waiting=true").json()["results"]} == {g1.pk, g2.pk, v.pk}
    assert gwanak.get(f"/api/cases/{y.pk}/").status_code == 404


def test_the_api_moves_a_case_and_says_why_it_will_not(case_world, make_case, make_user):
    from iljari.cases.models import CaseEvent

    case = at(make_case(), "district_check")
    gwanak = api(case_world["users"]["gwanak"])
    detail = gwanak.get(f"/api/cases/{case.pk}/").json()
    assert [a["transition"] for a in detail["actions"]] == ["district_ok", "district_reject"]
    assert detail["actions"][0]["blocked"][0]["message_ko"] == "청구한 월이 없습니다"
    assert detail["history"][0]["kind"] == "opened"

    r = gwanak.post(f"/api/cases/{case.pk}/move/", {"transition": "district_ok", "expected_version": case.version},
                    format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "condition_failed"
    r = gwanak.post(f"/api/cases/{case.pk}/move/", {"transition": "district_reject",
                                                   "expected_version": case.version}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "reason"
    r = gwanak.post(f"/api/cases/{case.pk}/move/", {"transition": "fly", "expected_version": case.version},
                    format="json")
    assert r.status_code == 400

    city = api(case_world["users"]["city"])
    r = city.post(f"/api/cases/{case.pk}/move/", {"transition": "district_reject", "reason": "x",
                                                 "expected_version": case.version}, format="json")
    assert r.status_code == 403 and r.json()["errors"][0]["message_ko"].endswith("다른 담당자가 처리합니다")
    r = api(case_world["users"]["ydp"]).post(f"/api/cases/{case.pk}/move/", {
        "transition": "district_reject", "reason": "x", "expected_version": case.version}, format="json")
    assert r.status_code == 404

    r = gwanak.post(f"/api/cases/{case.pk}/move/", {"transition": "district_reject", "reason": "요건 미충족",
                                                   "expected_version": case.version}, format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["stage"] == "rejected" and body["outcome"] == "rejected" and body["version"] == case.version + 1
    assert body["history"][-1]["reason"] == "요건 미충족" and body["history"][-1]["actor"] == "gwanak"
    assert CaseEvent.objects.filter(case=case, kind="transition").count() == 1
    stale = gwanak.post(f"/api/cases/{case.pk}/move/", {"transition": "district_reject", "reason": "x",
                                                       "expected_version": case.version}, format="json")
    assert stale.status_code == 409 and stale.json()["errors"][0]["code"] == "conflict"
    assert gwanak.post(f"/api/cases/{case.pk}/move/", {"transition": "x"}, format="json").status_code == 400

    reviewer = api(make_user("rev", "reviewer"))
    assert reviewer.get("/api/cases/").status_code == 403
    assert reviewer.post(f"/api/cases/{case.pk}/move/", {}, format="json").status_code == 403
    assert APIClient().get("/api/cases/").status_code == 401


def test_the_api_gives_the_flows_with_stages_and_transitions(case_world, make_user):
    c = api(make_user("rev", "reviewer"))
    codes = [f["code"] for f in c.get("/api/flows/").json()["results"]]
    assert codes == ["RETENTION-2021", "VILLAGE-ENT", "WOMEN-INTERN"]
    flow = c.get("/api/flows/VILLAGE-ENT/").json()
    assert [s["code"] for s in flow["stages"]][:3] == ["received", "first_review", "second_review"]
    recommend = next(t for t in flow["transitions"] if t["code"] == "recommend")
    assert recommend["conditions"][1] == {"name": "above_cutoff", "label_ko": "심사 점수가 기준 점수 이상",
                                          "label_en": "the review score reaches the cut-off"}
    assert c.get("/api/flows/NOPE/").status_code == 404


def test_the_api_lists_payments_of_the_cases_in_scope(case_world, make_case, make_user):
    from iljari.cases.models import Payment

    g = make_case()
    y = make_case(district="YDP")
    pg = Payment.objects.create(case=g, amount=500_000, due_on=dt.date(2021, 4, 30), status="paid")
    Payment.objects.create(case=y, amount=500_000, due_on=dt.date(2021, 4, 30))
    rows = api(case_world["users"]["gwanak"]).get("/api/payments/").json()["results"]
    assert [(r["id"], r["case"], r["amount"]) for r in rows] == [(pg.pk, g.reference, 500_000)]
    assert api(case_world["users"]["city"]).get("/api/payments/?district=YDP").json()["count"] == 1
    assert api(case_world["users"]["city"]).get("/api/payments/?status=paid").json()["count"] == 1
    assert api(make_user("rev", "reviewer")).get("/api/payments/").status_code == 403
    assert api(case_world["users"]["city"]).post("/api/payments/", {}, format="json").status_code == 405


@pytest.mark.parametrize("url", ["/api/cases/abc/", "/api/cases/99999999999999999999/", "/api/cases/-1/",
                                 "/api/flows/%E2%80%8B/", "/api/flows/" + "A" * 200 + "/",
                                 "/api/payments/99999999999999999999/", "/api/cases/99999999999999999999/move/"])
def test_lookups_that_name_nothing_are_404(case_world, url):
    c = api(case_world["users"]["gwanak"])
    r = c.post(url, {}, format="json") if url.endswith("move/") else c.get(url)
    assert r.status_code == 404 and "errors" in r.json()


@pytest.mark.parametrize("query", ["flow=" + "x" * 41, "stage=" + "y" * 41, "outcome=lost", "limit=-1",
                                   "offset=99999999999999999999999", "district=%00"])
def test_hostile_case_filters_are_400_in_the_error_shape(case_world, query):
    r = api(case_world["users"]["gwanak"]).get(f"/api/cases/?{query}")
    assert r.status_code == 400 and r.json()["errors"][0]["code"]


@pytest.mark.parametrize("body", [{"transition": "accept", "expected_version": "x"},
                                  {"transition": "a\x00", "expected_version": 1},
                                  {"transition": "accept", "expected_version": 2**40},
                                  {"transition": ["accept"], "expected_version": 1},
                                  {"transition": "accept", "expected_version": 1, "reason": "x" * 2001}])
def test_hostile_move_bodies_are_400(case_world, make_case, body):
    case = make_case()
    r = api(case_world["users"]["gwanak"]).post(f"/api/cases/{case.pk}/move/", body, format="json")
    assert r.status_code == 400 and r.json()["errors"]
