"""Hostile parameters and fields found by schemathesis and by hand: each one is a 400 (or a 404 for a path that
names nothing) in the API's error shape, with a specific code, never a 500."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond bigint


@pytest.fixture
def api(make_user, make_program, record):
    a = make_program("A")
    record(a, "job_target", "2021", 100, "2021-01-01")
    c = APIClient(raise_request_exception=False)
    c.force_authenticate(make_user("admin1", "admin"))
    return c


def _error(r, status: int) -> dict:
    assert r.status_code == status, (r.status_code, r.content[:300])
    body = r.json()
    assert set(body) == {"errors"} and body["errors"], body
    e = body["errors"][0]
    assert {"code", "message", "message_ko", "message_en", "field"} <= set(e)
    return e


@pytest.mark.parametrize(("query", "code", "field"), [
    ({"year": "0"}, "invalid_year", "year"),
    ({"year": HUGE}, "invalid_year", "year"),
    ({"year": "twenty"}, "invalid_year", "year"),
    ({}, "required", "year"),
    ({"year": "2021", "limit": HUGE}, "out_of_range", "limit"),
    ({"year": "2021", "offset": HUGE}, "out_of_range", "offset"),
    ({"year": "2021", "recorded_before": "garbage"}, "invalid_datetime", "recorded_before"),
    ({"year": "2021", "rounding": "bogus"}, "unknown_choice", "rounding"),
    ({"year": "2021", "unit": "bogus"}, "unknown_choice", "unit"),
    ({"year": "2021", "as_of": "2021-13"}, "invalid_date", "as_of"),
    ({"year": "2021", "as_of": "9999-12-31"}, "out_of_range", "as_of"),
    ({"year": "2021", "by": "colour"}, "unknown_choice", "by"),
    ({"year": "2021", "org": "A\x00B"}, "null_character", "org"),
    ({"year": "2021", "org": "X" * 500}, "too_long", "org"),
    ({"year": "2021", "org": "NOWHERE"}, "unknown_org_unit", "org"),
    ({"year": "2021", "by": "program", "filter[program]": "A\x00"}, "null_character", "filter[program]"),
])
def test_rollup_parameters(api, query, code, field):
    e = _error(api.get("/api/rollup/", query), 400)
    assert (e["code"], e["field"].split(".")[0]) == (code, field)
    assert e["message_ko"] and e["message_ko"] != e["message_en"]


def test_rollup_still_reads_good_parameters(api):
    r = api.get("/api/rollup/", {"year": "2021", "as_of": "2021.5.31", "rounding": "truncate", "unit": "won",
                                 "recorded_before": "2030-01-01T00:00:00", "by": "job_type", "limit": "5"})
    assert r.status_code == 200, r.json()
    assert r.json()["total"]["target"] == 100


@pytest.mark.parametrize(("query", "code"), [
    ({"year": "0"}, "invalid_year"),
    ({"year": "2021", "as_of": "2021-02-30"}, "invalid_date"),
    ({"year": "2021", "org": "\x00"}, "null_character"),
])
def test_validate_parameters(api, query, code):
    assert _error(api.get("/api/validate/", query), 400)["code"] == code


@pytest.mark.parametrize(("url", "query", "code"), [
    ("/api/programs/", {"limit": HUGE}, "out_of_range"),
    ("/api/programs/", {"offset": HUGE}, "out_of_range"),
    ("/api/programs/", {"q": "a\x00b"}, "null_character"),
    ("/api/facts/", {"program": "\x00"}, "null_character"),
    ("/api/facts/", {"as_of_before": "2021-13-01"}, "invalid"),
    ("/api/orgs/", {"within": "\x00"}, "null_character"),
])
def test_list_parameters(api, url, query, code):
    assert _error(api.get(url, query), 400)["code"] == code


@pytest.mark.parametrize("url", [
    "/api/programs/A%00/", "/api/orgs/SEOUL%00/", "/api/measures/job%00target/", f"/api/codes/{HUGE}/",
    f"/api/facts/{HUGE}/", "/api/facts/1.5e3/", "/api/programs/" + "X" * 300 + "/",
])
def test_lookups_that_name_nothing_are_404(api, url):
    assert _error(api.get(url), 404)["code"] == "not_found"


@pytest.mark.parametrize(("body", "code", "field"), [
    ({"value": 10**20}, "out_of_range", "value"),
    ({"value": 1e20}, "not_an_integer", "value"),
    ({"program": "A\x00"}, "null_character", "program"),
    ({"org_unit": "J" * 1000}, "too_long", "org_unit"),
    ({"as_of": "0000-01-01"}, "invalid_date", "as_of"),
    ({"as_of": "9999-12-31"}, "out_of_range", "as_of"),
    ({"expected_version": 10**20}, "out_of_range", "expected_version"),
    ({"period": "2021-05-01-x"}, "too_long", "period"),
])
def test_fact_body_fields(api, body, code, field):
    good = {"program": "A", "org_unit": "JOBPOL", "measure": "job_result", "period": "2021-05", "value": 5,
            "as_of": "2021-05-31"}
    e = _error(api.post("/api/facts/", {**good, **body}, format="json"), 400)
    assert (e["code"], e["field"]) == (code, field)


@pytest.mark.parametrize(("body", "code", "field"), [
    ({"owner_org": "JOBPOL\x00"}, "null_character", "owner_org"),
    ({"start": "2021-13-01"}, "invalid_date", "start"),
    ({"name_ko": "가" * 1000}, "too_long", "name_ko"),
    ({"job_type": "nonesuch"}, "unknown_code", "job_type"),
    ({"expected_version": 10**20}, "out_of_range", "expected_version"),
])
def test_program_body_fields(api, body, code, field):
    good = {"code": "P9", "name_ko": "청년", "owner_org": "JOBPOL", "job_type": "direct"}
    e = _error(api.post("/api/programs/", {**good, **body}, format="json"), 400)
    assert (e["code"], e["field"]) == (code, field)


def test_schema_documents_the_error_shape_and_nullable_fields(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    rollup = schema["paths"]["/api/rollup/"]["get"]
    for status in ("400", "401", "403", "404"):
        ref = rollup["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/ErrorResponse"
    assert "409" in schema["paths"]["/api/programs/{code}/"]["patch"]["responses"]
    year = next(p for p in rollup["parameters"] if p["name"] == "year")
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1900, 2200)
    assert schema["components"]["schemas"]["Code"]["properties"]["parent"]["nullable"] is True
