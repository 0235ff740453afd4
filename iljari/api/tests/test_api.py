import datetime as dt

import pytest

from iljari.audit.models import AuditEntry
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_in_the_one_error_shape(client):
    r = client.get("/api/programs/")
    assert r.status_code in (401, 403)
    assert r.json()["errors"][0]["code"] == "not_authenticated"
    assert r.json()["errors"][0]["message_ko"] == "로그인이 필요합니다"


def test_schema_is_served(client_for):
    r = client_for("reader").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    assert "/api/rollup/" in r.json()["paths"]


def test_rollup_api_matches_selector(client_for, make_program, record):
    a = make_program("A")
    record(a, "job_target", "2021", 187307, "2021-01-01")
    record(a, "job_result", "2021-05", 176743, "2021-05-31")
    r = client_for("reader").get("/api/rollup/", {"year": 2021, "as_of": "2021-05-31", "by": "job_type"})
    assert r.status_code == 200
    row = r.json()["rows"][0]
    assert row["keys"] == ["direct"]
    assert (row["target"], row["result"], row["display"]["achievement_rate"]) == (187307, 176743, "94.4")
    drill = client_for("reader2").get("/api/rollup/", {"year": 2021, "as_of": "2021-05-31", "by": "program",
                                                       "filter[job_type]": "direct"}).json()
    assert drill["total"]["target"] == 187307


def test_rollup_bad_dimension_is_a_400_with_code(client_for):
    r = client_for("reader").get("/api/rollup/", {"year": 2021, "by": "colour"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["code"] == "unknown_choice"


def test_reader_cannot_write(client_for, tree):
    r = client_for("reader").post("/api/orgs/", {"code": "X", "name_ko": "엑스", "kind": "team"}, format="json")
    assert r.status_code == 403
    assert r.json()["errors"][0]["code"] == "permission_denied"


def test_create_program_is_audited(client_for, tree):
    c = client_for("editor", "portfolio")
    r = c.post("/api/programs/", {"code": "P1", "name_ko": "청년 인턴", "owner_org": "JOBPOL",
                                  "job_type": "indirect", "subtype": "private_support",
                                  "target_groups": ["youth"], "reason": "2021 plan"}, format="json")
    assert r.status_code == 201, r.json()
    entries = AuditEntry.objects.filter(object_type="programs.program")
    assert entries.count() == 1
    e = entries.get()
    assert e.actor_label == "editor" and e.source == "api" and e.reason == "2021 plan"
    assert e.after["target_groups"] == ["youth"]
    r = c.patch("/api/programs/P1/", {"name_ko": "서울형 청년인턴", "expected_version": 1, "reason": "rename"},
                format="json")
    assert r.status_code == 200, r.json()
    assert AuditEntry.objects.filter(object_type="programs.program").count() == 2
    stale = c.patch("/api/programs/P1/", {"name_ko": "다른 이름", "expected_version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["code"] == "conflict"


def test_subtype_must_belong_to_job_type(client_for, tree):
    c = client_for("editor", "portfolio")
    r = c.post("/api/programs/", {"code": "P2", "name_ko": "x", "owner_org": "JOBPOL", "job_type": "direct",
                                  "subtype": "training"}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "subtype"


def test_record_fact_and_conflict(client_for, make_program):
    make_program("A")
    c = client_for("officer2", "program_officer", "JOBPOL")
    body = {"program": "A", "org_unit": "JOBPOL", "measure": "job_result", "period": "2021-05", "value": 10,
            "as_of": "2021-05-31", "expected_version": None}
    r = c.post("/api/facts/", body, format="json")
    assert r.status_code == 201, r.json()
    first = r.json()["id"]
    again = c.post("/api/facts/", {**body, "expected_version": first}, format="json")
    assert again.status_code == 200  # same value, same date: nothing new
    assert Fact.objects.count() == 1
    stale = c.post("/api/facts/", {**body, "value": 12, "expected_version": None}, format="json")
    assert stale.status_code == 409
    r = c.post("/api/facts/", {**body, "value": 12, "as_of": "2021-06-15", "expected_version": first,
                               "reason": "late entries"}, format="json")
    assert r.status_code == 201
    assert r.json()["replaces"] == first
    neg = c.post("/api/facts/", {**body, "value": -1, "as_of": "2021-06-16"}, format="json")
    assert neg.status_code == 400
    assert neg.json()["errors"][0]["code"] == "negative_not_allowed"


def test_import_upload_dry_run_then_commit(client_for, make_program):
    make_program("A")
    c = client_for("importer", "portfolio")
    csv = (b"program,org_unit,period,measure,funding_source,value,as_of\n"
           b"A,JOBPOL,2021,job_target,total,\"1,000\",2021-01-01\n")
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post("/api/imports/facts/", {"file": SimpleUploadedFile("f.csv", csv), "dry_run": True})
    assert r.status_code == 200, r.json()
    assert r.json()["created"] == 1 and r.json()["dry_run"] is True
    assert Fact.objects.count() == 0
    r = c.post("/api/imports/facts/", {"file": SimpleUploadedFile("f.csv", csv)})
    assert r.json()["created"] == 1
    assert Fact.objects.get().value == 1000
    bad = c.post("/api/imports/facts/", {"file": SimpleUploadedFile(
        "f.csv", csv + b"B,JOBPOL,2021,job_target,total,x,2021-01-01\n")})
    assert bad.status_code == 400
    codes = {e["code"] for e in bad.json()["errors"]}
    assert codes == {"unknown_program", "not_a_number"}
    assert all(e["line"] == 3 for e in bad.json()["errors"])
    assert dt.date(2021, 1, 1) == Fact.objects.get().as_of


def test_rollup_api_pages_a_program_list(client_for, make_program, record):
    for code in ("A", "B", "C"):
        p = make_program(code)
        record(p, "job_target", "2021", 10, "2021-01-01")
    r = client_for("reader").get("/api/rollup/", {"year": 2021, "as_of": "2021-05-31", "by": "program",
                                                  "limit": 2, "offset": 1}).json()
    assert [row["keys"][0] for row in r["rows"]] == ["B", "C"]
    assert r["group_count"] == 3 and r["total"]["target"] == 30
    bad = client_for("reader2").get("/api/rollup/", {"year": 2021, "by": "program", "limit": "many"})
    assert bad.status_code == 400


def test_officer_of_another_unit_gets_404_and_403(client_for, make_program, record):
    a = make_program("A", owner="JOBPOL")
    b = make_program("B", owner="GWANAK-JOB")
    record(a, "job_target", "2021", 100, "2021-01-01")
    record(b, "job_target", "2021", 50, "2021-01-01")
    gwanak = client_for("gwanak", "district_officer", "GWANAK")
    assert [p["code"] for p in gwanak.get("/api/programs/").json()["results"]] == ["B"]
    assert gwanak.get("/api/programs/A/").status_code == 404
    assert {f["program"] for f in gwanak.get("/api/facts/").json()["results"]} == {"B"}
    body = {"program": "A", "org_unit": "JOBPOL", "measure": "job_result", "period": "2021-05", "value": 10,
            "as_of": "2021-05-31"}
    assert gwanak.post("/api/facts/", body, format="json").status_code == 404  # another unit's: not found
    assert Fact.objects.filter(program=a, measure__code="job_result").count() == 0
    # Their roll-up covers their district only, and another unit's roll-up is not found.
    r = gwanak.get("/api/rollup/", {"year": 2021, "as_of": "2021-05-31"}).json()
    assert r["total"]["target"] == 50 and r["org"] == "GWANAK"
    assert gwanak.get("/api/rollup/", {"year": 2021, "org": "JOBPOL"}).status_code == 404
    # A district officer cannot set targets, not even in their district.
    target = {**body, "program": "B", "org_unit": "GWANAK-JOB", "measure": "job_target", "period": "2021"}
    assert gwanak.post("/api/facts/", target, format="json").status_code == 403


def test_reviewer_reads_everything_and_changes_nothing(client_for, make_program):
    make_program("A", owner="JOBPOL")
    make_program("B", owner="GWANAK-JOB")
    c = client_for("council", "reviewer")
    assert {p["code"] for p in c.get("/api/programs/").json()["results"]} == {"A", "B"}
    assert c.patch("/api/programs/A/", {"name_ko": "x"}, format="json").status_code == 403
    assert c.post("/api/facts/", {"program": "A", "org_unit": "JOBPOL", "measure": "job_result",
                                  "period": "2021-05", "value": 1, "as_of": "2021-05-31"},
                  format="json").status_code == 403
