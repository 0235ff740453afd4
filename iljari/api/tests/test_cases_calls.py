"""The open calls' API (issue 17, slice "calls") as a client sees it: the calls with their rubrics, the ranked list
equal to the officers' call page, applications in the user's scope, and the reviewers' scoring and recusal through
the same services as the review pages (400 with every problem, blind review, 403/404 as the pages)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from iljari.cases.tests import conftest as cases_conftest
from iljari.cases.tests.calls_world import apply, brn, score, setup_call, to_review

pytestmark = pytest.mark.django_db
case_world = cases_conftest.case_world  # the cases' shared world (flows, districts, users), as a fixture here


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def api(user: Any) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def _viewer(make_user: Any) -> Any:
    """열람자: a global read-only role that never sees cases (no `view_case`, no `review_case`)."""
    return make_user("council", "reviewer")


@pytest.fixture
def scored(case_world, make_user):  # type: ignore[no-untyped-def]
    """VILLAGE-2021 (owner 일자리정책과) with two applications of 관악구 and one of 영등포구 at the second review,
    scored by three reviewers (rev3 recused on the first), and a fourth of 관악구 there not yet scored."""
    v = setup_call(case_world, make_user)
    units, users = case_world["units"], case_world["users"]
    r1, r2, r3 = v["reviewers"]
    a = to_review(apply(v["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    b = to_review(apply(v["call"], units["YDP"], "영등포협동조합", "220810123")[0], users["ydp"])
    c = to_review(apply(v["call"], units["GWANAK"], "봉천협동조합", "312345678")[0], users["gwanak"])
    d = to_review(apply(v["call"], units["GWANAK"], "난곡협동조합", "412345670")[0], users["gwanak"])
    score(r1, a, 9, 9, 9, 9)
    score(r2, a, 8, 8, 8, 8)
    from iljari.cases.calls import review_recuse

    review_recuse(actor=r3, case=a, reason="대표자와 친족")
    for r, marks in ((r1, (6, 6, 6, 6)), (r2, (7, 6, 6, 7)), (r3, (5, 6, 6, 5))):
        score(r, b, *marks)
    for r, marks in ((r1, (7, 8, 7, 8)), (r2, (9, 9, 8, 8)), (r3, (5, 5, 5, 5))):
        score(r, c, *marks)
    return {**v, "cases": {"a": a, "b": b, "c": c, "d": d}}


# ------------------------------------------------------------------------------------------------ calls


def test_calls_list_and_detail_with_rubric_and_scope(case_world, scored, make_user) -> None:
    from iljari.cases.calls import call_save, default_categories

    users, units = case_world["users"], case_world["units"]
    flow = scored["flow"]
    call_save(actor=users["city"], flow=flow, code="DRAFT-2022", year=2022, title_ko="게시 전 공모",
              opens_on=dt.date(2022, 1, 1), closes_on=dt.date(2022, 2, 1), categories=default_categories(flow),
              districts=[units["YDP"]])
    r = api(users["city"]).get("/api/calls/VILLAGE-2021/")
    assert r.status_code == 200
    call = r.json()
    assert call["state"] == "closed" and call["published"] and call["owner"] == "JOBPOL"
    assert call["opens_on"] == "2021-01-04" and call["closes_on"] == "2021-01-29"
    assert {c["code"]: c["amount"] for c in call["categories"]}["new"] == 50_000_000
    assert [d["code"] for d in call["districts"]] == ["GWANAK", "YDP"]
    assert call["applications"] == 4
    [rubric] = call["review_stages"]
    assert rubric["stage"] == "second_review" and Decimal(rubric["cutoff"]) == scored["review"].rubric.cutoff == 70
    assert sum(c["weight"] for c in rubric["criteria"]) == 100
    assert {c["code"] for c in rubric["criteria"]} == {"community", "public", "local", "business"}

    def codes(user: Any) -> list[str]:
        r = api(user).get("/api/calls/")
        assert r.status_code == 200
        return sorted(c["code"] for c in r.json()["results"])

    # the draft: its owner and the district it takes; published calls: anyone signed in
    assert codes(users["city"]) == ["DRAFT-2022", "VILLAGE-2021"]
    assert codes(users["ydp"]) == ["DRAFT-2022", "VILLAGE-2021"]
    assert codes(users["office"]) == ["DRAFT-2022", "VILLAGE-2021"]
    assert codes(users["gwanak"]) == ["VILLAGE-2021"]
    assert codes(_viewer(make_user)) == ["VILLAGE-2021"]
    assert codes(scored["reviewers"][0]) == ["VILLAGE-2021"]
    assert api(users["gwanak"]).get("/api/calls/DRAFT-2022/").status_code == 404
    assert api(users["gwanak"]).get("/api/calls/VILLAGE-2021/").json()["applications"] == 3
    assert api(users["city"]).get("/api/calls/?year=2022").json()["count"] == 1
    r = api(users["city"]).get("/api/calls/?year=99999")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "year"
    assert APIClient().get("/api/calls/").status_code in (401, 403)


def test_ranked_list_equals_the_officer_page(case_world, scored, make_user) -> None:
    users = case_world["users"]
    page = Client()
    page.force_login(users["city"])
    [ranking] = page.get("/cases/calls/VILLAGE-2021/").context["rankings"]
    shown = [(row["entry"].case.reference, row["entry"].rank or None, row["entry"].mean, row["entry"].score,
              row["entry"].recommended) for row in ranking["rows"]]
    assert len(shown) == 4  # three scored, one at the stage without a score

    for user in (users["city"], users["office"]):
        r = api(user).get("/api/calls/VILLAGE-2021/ranking/")
        assert r.status_code == 200
        [stage] = r.json()["stages"]
        got = [(e["reference"], e["rank"], None if e["mean"] is None else Decimal(e["mean"]),
                None if e["score"] is None else Decimal(e["score"]), e["recommended"]) for e in stage["entries"]]
        assert got == shown
    rev = {u.username: u.pk for u in scored["reviewers"]}
    assert stage["normalise"] and sorted(r["id"] for r in stage["reviewers"]) == sorted(rev.values())
    assert not any(r["name"] in rev for r in stage["reviewers"])  # named as the pages do, never by login id
    assert Decimal(stage["group_mean"]) == ranking["ranked"].group_mean
    first = next(e for e in stage["entries"] if e["case"] == scored["cases"]["a"].pk)
    recused = next(m for m in first["marks"] if m["reviewer_id"] == rev["rev3"])
    assert recused["recused"] and recused["total"] is None and recused["recusal_reason"] == "대표자와 친족"
    assert [e["result"] for e in stage["entries"]] == ["recommended", "below_cutoff", "below_cutoff", "under_review"]

    # a district that takes the call: 403; an officer who does not see the call: 404; no view_case: 403
    assert api(users["gwanak"]).get("/api/calls/VILLAGE-2021/ranking/").status_code == 403
    r = api(scored["reviewers"][0]).get("/api/calls/VILLAGE-2021/ranking/")
    assert r.status_code == 404 and r.json()["errors"][0]["code"] == "not_found"
    assert api(_viewer(make_user)).get("/api/calls/VILLAGE-2021/ranking/").status_code == 403
    assert api(users["city"]).get("/api/calls/NOPE/ranking/").status_code == 404


def test_applications_in_the_users_scope(case_world, scored, make_user) -> None:
    users = case_world["users"]
    cases = scored["cases"]
    ranking = api(users["city"]).get("/api/calls/VILLAGE-2021/ranking/").json()["stages"][0]["entries"]
    scores = {e["case"]: e["score"] for e in ranking}

    r = api(users["city"]).get("/api/calls/VILLAGE-2021/applications/")
    assert r.status_code == 200 and r.json()["count"] == 4
    rows = {a["id"]: a for a in r.json()["results"]}
    assert {a["id"]: a["score"] for a in rows.values()} == scores
    assert rows[cases["a"].pk]["organisation"] == "관악협동조합" and rows[cases["a"].pk]["district"] == "GWANAK"
    assert rows[cases["a"].pk]["stage"] == rows[cases["d"].pk]["stage"] == "second_review"
    assert rows[cases["d"].pk]["score"] is None and rows[cases["d"].pk]["rank"] is None

    # a district officer sees their district's applications only, never another district's
    gwanak = api(users["gwanak"]).get("/api/calls/VILLAGE-2021/applications/").json()["results"]
    assert {a["id"] for a in gwanak} == {cases["a"].pk, cases["c"].pk, cases["d"].pk}
    assert all(a["district"] == "GWANAK" for a in gwanak) and "영등포협동조합" not in str(gwanak)
    ydp = api(users["ydp"]).get("/api/calls/VILLAGE-2021/applications/").json()["results"]
    assert [a["id"] for a in ydp] == [cases["b"].pk]
    assert api(users["gwanak"]).get(f"/api/cases/{cases['b'].pk}/").status_code == 404
    assert api(scored["reviewers"][0]).get("/api/calls/VILLAGE-2021/applications/").status_code == 404
    assert api(_viewer(make_user)).get("/api/calls/VILLAGE-2021/applications/").status_code == 403


# ------------------------------------------------------------------------------------------------ reviews


def test_reviewer_scores_through_the_service_with_every_problem_named(case_world, make_user) -> None:
    from iljari.audit.models import AuditEntry
    from iljari.cases.models import CaseEvent, Review

    v = setup_call(case_world, make_user)
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "가나협동조합", "123456789")[0],
                     case_world["users"]["gwanak"])
    rev1 = api(v["reviewers"][0])
    mine = rev1.get("/api/reviews/").json()
    assert mine["count"] == 1
    [assignment] = mine["results"]
    assert assignment["call"] == "VILLAGE-2021" and assignment["stage"] == "second_review"
    assert assignment["waiting"] == 1 and not assignment["blind"]
    assert [c["organisation"] for c in assignment["cases"]] == ["가나협동조합"]
    assert {c["code"]: c["max_score"] for c in assignment["criteria"]} == {
        "community": 10, "public": 10, "local": 10, "business": 10}
    detail = rev1.get(f"/api/reviews/{case.pk}/").json()
    assert detail["organisation"] == "가나협동조합" and detail["business_number"] == brn("123456789")
    assert detail["my_review"] is None and detail["documents"][0]["name"] == "신청서.pdf"

    url = f"/api/reviews/{case.pk}/"
    r = rev1.post(url, {"scores": {"community": 11, "public": "x", "local": 8.5, "business": 7}}, format="json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert {e["field"] for e in errors} == {"scores.community", "scores.public", "scores.local"}
    assert {e["code"] for e in errors} == {"out_of_range"} and all(e["message_ko"] for e in errors)
    r = rev1.post(url, {"scores": {"community": 9}}, format="json")  # three criteria missing: three problems
    assert r.status_code == 400 and len(r.json()["errors"]) == 3
    for body in ({"scores": [9, 8]}, {"scores": "9"}, {}, {"scores": {"community": 9}, "comment": "a\x00b"}):
        assert rev1.post(url, body, format="json").status_code == 400
    assert not Review.objects.exists()

    r = rev1.post(url, {"scores": {"community": 9, "public": 8, "local": "8", "business": 7}, "comment": "좋음"},
                  format="json")
    assert r.status_code == 201
    assert r.json()["total"] == "80.00" and r.json()["scores"]["local"] == 8 and r.json()["comment"] == "좋음"
    review = Review.objects.get()
    assert review.total == 80 and review.reviewer == v["reviewers"][0]
    assert AuditEntry.objects.filter(object_type="cases.review", source="api").count() == 1
    assert CaseEvent.objects.filter(case=case, kind="score").count() == 1
    r = rev1.post(url, {"scores": {"community": 1, "public": 1, "local": 1, "business": 1}}, format="json")
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "conflict"
    assert rev1.get("/api/reviews/").json()["results"][0]["waiting"] == 0


def test_recused_reviewer_cannot_score(case_world, make_user) -> None:
    from iljari.cases.models import Review

    v = setup_call(case_world, make_user)
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "가나협동조합", "123456789")[0],
                     case_world["users"]["gwanak"])
    rev2 = api(v["reviewers"][1])
    r = rev2.post(f"/api/reviews/{case.pk}/recuse/", {}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "reason_required"
    r = rev2.post(f"/api/reviews/{case.pk}/recuse/", {"reason": "대표자와 친족"}, format="json")
    assert r.status_code == 200 and r.json()["recused"] and r.json()["recusal_reason"] == "대표자와 친족"
    r = rev2.post(f"/api/reviews/{case.pk}/", {"scores": {"community": 9, "public": 8, "local": 8, "business": 7}},
                  format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "recused"
    review = Review.objects.get()
    assert review.recused and review.total is None
    assert rev2.get(f"/api/reviews/{case.pk}/").json()["my_review"]["recused"]


def test_blind_review_hides_the_organisation(case_world, make_user) -> None:
    v = setup_call(case_world, make_user, blind=True)
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "비밀협동조합", "123456789",
                           title="마을 돌봄 사업")[0], case_world["users"]["gwanak"])
    rev1 = api(v["reviewers"][0])
    for url in ("/api/reviews/", f"/api/reviews/{case.pk}/"):
        r = rev1.get(url)
        assert r.status_code == 200 and case.reference in r.content.decode()
        text = r.content.decode()
        assert "비밀협동조합" not in text and brn("123456789") not in text and "GWANAK" not in text
        assert "신청서.pdf" not in text
    detail = rev1.get(f"/api/reviews/{case.pk}/").json()
    assert detail["blind"] and detail["organisation"] is None and detail["district"] is None
    # the owning office still sees who applied
    assert "비밀협동조합" in api(v["city"]).get("/api/calls/VILLAGE-2021/ranking/").content.decode()


def test_wrong_user_is_refused_as_on_the_pages(case_world, make_user) -> None:
    users = case_world["users"]
    v = setup_call(case_world, make_user)
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "가나협동조합", "123456789")[0],
                     users["gwanak"])
    waiting = apply(v["call"], case_world["units"]["GWANAK"], "다라협동조합", "223456789")[0]
    body = {"scores": {"community": 9, "public": 8, "local": 8, "business": 7}}
    # officers who may review but are not assigned: not found; a role that never reviews: forbidden
    for user in (users["gwanak"], users["city"]):
        assert api(user).get(f"/api/reviews/{case.pk}/").status_code == 404
        assert api(user).post(f"/api/reviews/{case.pk}/", body, format="json").status_code == 404
        assert api(user).post(f"/api/reviews/{case.pk}/recuse/", {"reason": "x"}, format="json").status_code == 404
    viewer = api(_viewer(make_user))
    assert viewer.get("/api/reviews/").status_code == 403
    assert viewer.post(f"/api/reviews/{case.pk}/", body, format="json").status_code == 403
    # an assigned reviewer, a case not (yet) at the review stage, or no such case: not found
    rev1 = api(v["reviewers"][0])
    assert rev1.post(f"/api/reviews/{waiting.pk}/", body, format="json").status_code == 404
    assert rev1.get("/api/reviews/999999999999999999/").status_code == 404
    assert rev1.get("/api/reviews/9999999999999999999999/").status_code == 404
    assert APIClient().get("/api/reviews/").status_code in (401, 403)
    from iljari.cases.models import Review

    assert not Review.objects.exists()


def test_schema_documents_the_calls_routes(client_for) -> None:
    r = client_for("reader").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("/api/calls/", "/api/calls/{code}/", "/api/calls/{code}/ranking/", "/api/calls/{code}/applications/",
              "/api/reviews/", "/api/reviews/{case_id}/", "/api/reviews/{case_id}/recuse/"):
        assert p in paths, p
    assert "post" in paths["/api/reviews/{case_id}/"] and "201" in paths["/api/reviews/{case_id}/"]["post"]["responses"]
