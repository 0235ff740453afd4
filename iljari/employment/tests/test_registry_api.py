"""The registries' API: create through the services (refusals in the API's one error shape, 400), personal fields
only where the user may see the centre's seekers, approval of vacancies from the public form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from iljari.employment.models import Employer, Seeker, Vacancy

pytestmark = pytest.mark.django_db

SOON = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
SHAPE = {"code", "message", "message_ko", "message_en", "field", "line", "sheet", "cell"}


@pytest.fixture
def api(make_user):  # type: ignore[no-untyped-def]
    def as_(role: str, unit: str | None = None) -> Client:
        c = Client()
        c.force_login(make_user(f"api-{role}-{unit}", role, unit))
        return c

    return as_


def post(c: Client, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return c.post(url, body, content_type="application/json", HTTP_ACCEPT="application/json")


def test_create_seeker_and_read_it_back(api, centres):
    c = api("district_officer", "GWANAK")
    r = post(c, "/api/seekers/", {"centre": "GJC", "name": "김에이", "birth_date": "1991-02-03",
                                  "phone": "010-1111-2222", "desired_occupations": ["02"], "desired_wage": 2_500_000})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["name"] == "김에이" and body["desired_occupations"] == ["02"] and body["centre"] == "GJC"
    s = Seeker.objects.get(pk=body["id"])
    assert s.person.source == "seeker" and s.channel == "counsellor"
    listed = c.get("/api/seekers/", HTTP_ACCEPT="application/json").json()
    assert [x["id"] for x in listed["results"]] == [s.pk]


def test_seekers_only_with_view_seeker(api, make_seeker):
    s = make_seeker(name="박비밀", phone="010-3333-4444")
    # the council's reviewers read the funnel's figures, never the seekers themselves
    reviewer = api("reviewer")
    assert reviewer.get(f"/api/seekers/{s.pk}/", HTTP_ACCEPT="application/json").status_code == 403
    assert reviewer.get("/api/seekers/", HTTP_ACCEPT="application/json").status_code == 403
    gwanak = api("district_officer", "GWANAK")
    officer = gwanak.get(f"/api/seekers/{s.pk}/", HTTP_ACCEPT="application/json").json()
    assert officer["name"] == "박비밀" and officer["phone"] == "010-3333-4444"
    assert gwanak.get("/api/seekers/", HTTP_ACCEPT="application/json").json()[
        "results"][0]["name"] == "박비밀"
    # another unit's officer does not see the seeker at all
    assert api("program_officer", "JOBPOL").get(f"/api/seekers/{s.pk}/").status_code == 404


def test_create_seeker_errors_in_the_api_shape(api, centres):
    c = api("district_officer", "GWANAK")
    r = post(c, "/api/seekers/", {"centre": "GJC", "name": "", "birth_date": "1991-13-01"})
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert all(set(e) >= SHAPE for e in errors)
    assert {e["field"] for e in errors} >= {"name", "birth_date"}
    # a service refusal: both languages, the field named
    r = post(c, "/api/seekers/", {"centre": "GJC", "name": "김", "birth_date": "1991-01-01",
                                  "desired_occupations": ["99"], "hours_per_week": 60})
    assert r.status_code == 400
    by_field = {e["field"]: e for e in r.json()["errors"]}
    assert "직업 코드" in by_field["desired_occupations"]["message_ko"]
    assert "occupation code" in by_field["desired_occupations"]["message_en"]
    assert by_field["hours_per_week"]["code"] == "out_of_range"
    # another unit's centre
    r = post(c, "/api/seekers/", {"centre": "SJC", "name": "김", "birth_date": "1991-01-01"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "centre"
    assert not Seeker.objects.exists()
    assert post(api("reviewer"), "/api/seekers/", {"centre": "GJC"}).status_code == 403


def test_create_employer_and_vacancy(api, centres, tree):
    c = api("district_officer", "GWANAK")
    r = post(c, "/api/employers/", {"centre": "GJC", "name": "㈜에이피아이", "business_number": "134-86-72684"})
    assert r.status_code == 400
    e = r.json()["errors"][0]
    assert (e["field"], e["code"]) == ("business_number", "invalid") and "사업자등록번호" in e["message_ko"]
    r = post(c, "/api/employers/", {"centre": "GJC", "name": "㈜에이피아이", "business_number": "134-86-72683",
                                    "district": "GWANAK"})
    assert r.status_code == 201
    employer = r.json()["id"]
    body = {"centre": "GJC", "employer": employer, "title": "사무원", "occupation_code": "02", "wage_type": "hourly",
            "wage": 10_000, "hours_per_week": 40, "deadline": SOON, "posted_on": "2024-05-01"}
    r = post(c, "/api/vacancies/", {**body, "wage": 9_859})
    assert r.status_code == 400
    err = r.json()["errors"][0]
    assert err["field"] == "wage" and "최저임금" in err["message_ko"] and "minimum wage" in err["message_en"]
    r = post(c, "/api/vacancies/", body)
    assert r.status_code == 201
    v = r.json()
    assert (v["status"], v["district"], v["occupation"], v["wage"]) == ("open", "GWANAK", "02", 10_000)
    assert Vacancy.objects.count() == 1 and Employer.objects.count() == 1


def test_approve_and_reject_through_the_api(api, make_vacancy):
    c = api("district_officer", "GWANAK")
    a = make_vacancy(status="pending", channel="online")
    b = make_vacancy(status="pending", channel="online")
    assert post(c, f"/api/vacancies/{a.pk}/approve/", {}).status_code == 400  # the version is required
    r = post(c, f"/api/vacancies/{a.pk}/approve/", {"expected_version": a.version + 1})
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "conflict"
    r = post(c, f"/api/vacancies/{a.pk}/approve/", {"expected_version": a.version})
    assert r.status_code == 200 and r.json()["status"] == "open"
    r = post(c, f"/api/vacancies/{b.pk}/reject/", {"expected_version": b.version, "reason": "사업장 확인 불가"})
    assert r.status_code == 200 and r.json()["reject_reason"] == "사업장 확인 불가"
    other = make_vacancy(centre="SEOUL", status="pending", channel="online")
    assert post(c, f"/api/vacancies/{other.pk}/approve/", {"expected_version": 1}).status_code == 404


def test_hostile_input_is_a_400_never_a_500(api, centres):
    c = api("district_officer", "GWANAK")
    for body in ({"centre": "GJC\x00", "name": "x", "birth_date": "1990-01-01"},
                 {"centre": "GJC", "name": "x" * 5000, "birth_date": "1990-01-01"},
                 {"centre": "GJC", "name": "x", "birth_date": "1990-01-01", "desired_occupations": "02"},
                 {"centre": "GJC", "name": "x", "birth_date": "1990-01-01", "desired_wage": 10**30},
                 {"centre": ["GJC"], "name": "x", "birth_date": "1990-01-01"}):
        r = post(c, "/api/seekers/", body)
        assert r.status_code == 400, (body, r.content)
        assert set(r.json()["errors"][0]) >= SHAPE
    r = post(c, "/api/vacancies/", {"centre": "GJC", "employer": 10**30, "title": "x", "occupation_code": "02",
                                    "wage_type": "hourly", "wage": 1, "hours_per_week": 1, "deadline": SOON})
    assert r.status_code == 400
    assert c.get("/api/seekers/99999999999999999999999/").status_code == 404
