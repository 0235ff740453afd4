"""Issue 12, hole 4 and 7 through the API: fact writes outside the user's scope, program fields a program officer
may not change, and an audit row with the values for every fact the API records."""

import pytest

from iljari.audit.models import AuditEntry
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db


def _fact(program: str, org: str, value: int = 7) -> dict:
    return {"program": program, "org_unit": org, "measure": "job_result", "period": "2021-05", "value": value,
            "as_of": "2021-05-31"}


def test_a_fact_for_a_program_the_user_cannot_see_is_not_found(client_for, make_program):
    make_program("A", owner="JOBPOL")
    make_program("B", owner="GWANAK-JOB")
    gwanak = client_for("gw", "district_officer", "GWANAK")
    r = gwanak.post("/api/facts/", _fact("A", "GWANAK-JOB"), format="json")  # A is JOBPOL's, not implemented here
    assert r.status_code == 404, r.json()
    assert r.json()["errors"][0]["code"] == "not_found"
    assert not Fact.objects.filter(program__code="A").exists()
    other_unit = gwanak.post("/api/facts/", _fact("B", "JOBPOL"), format="json")  # a unit outside its district
    assert other_unit.status_code == 404 and other_unit.json()["errors"][0]["code"] == "not_found"
    own = gwanak.post("/api/facts/", _fact("B", "GWANAK-JOB"), format="json")
    assert own.status_code == 201, own.json()


def test_a_program_officer_may_not_move_retype_or_recode_a_program(client_for, make_program):
    make_program("A", owner="JOBPOL")
    officer = client_for("jp", "program_officer", "JOBPOL")
    for field, value in (("owner_org", "WELFARE"), ("job_type", "indirect"), ("code", "A2")):
        body = {field: value, "expected_version": 1}
        if field == "job_type":
            body["subtype"] = "training"
        r = officer.patch("/api/programs/A/", body, format="json")
        assert r.status_code == 403, (field, r.json())
        err = r.json()["errors"][0]
        assert (err["code"], err["field"]) == ("field_not_allowed", field)
        assert err["message_ko"] and err["message_en"]
    a = officer.get("/api/programs/A/").json()
    assert (a["owner_org"], a["job_type"], a["code"], a["version"]) == ("JOBPOL", "direct", "A", 1)
    ok = officer.patch("/api/programs/A/", {"name_ko": "새 이름", "owner_org": "JOBPOL"}, format="json")
    assert ok.status_code == 200, ok.json()  # the same owner sent back is not a change
    hub = client_for("hub", "portfolio")
    moved = hub.patch("/api/programs/A/", {"owner_org": "WELFARE"}, format="json")
    assert moved.status_code == 200 and moved.json()["owner_org"] == "WELFARE"


def test_every_fact_the_api_records_has_an_audit_row_with_its_values(client_for, make_program):
    make_program("A", owner="JOBPOL")
    officer = client_for("jp", "program_officer", "JOBPOL")
    assert officer.post("/api/facts/", _fact("A", "JOBPOL", 100), format="json").status_code == 201
    assert officer.post("/api/facts/", _fact("A", "JOBPOL", 120), format="json").status_code == 201
    assert officer.post("/api/facts/", _fact("A", "JOBPOL", 120), format="json").status_code == 200  # no change
    rows = list(AuditEntry.objects.filter(object_type="ledger.fact").order_by("id"))
    assert [(e.action, e.source, e.actor_label) for e in rows] == [("create", "api", "jp"), ("update", "api", "jp")]
    assert rows[0].before is None and rows[0].after["value"] == 100
    assert (rows[1].before["value"], rows[1].after["value"]) == (100, 120)
    assert rows[1].after["program"] == "A" and rows[1].after["org_unit"] == "JOBPOL"
    assert rows[1].object_id == str(Fact.objects.latest("id").pk)


def test_an_unknown_program_code_answers_like_one_outside_the_scope(client_for, make_program, tree):
    """No oracle: a district officer cannot tell another district's program codes from codes that do not exist."""
    make_program("HIDDEN", owner="JOBPOL")
    c = client_for("gw-oracle", "district_officer", "GWANAK")
    body = {"org_unit": "GWANAK-JOB", "measure": "job_result", "period": "2021-05", "value": 1,
            "as_of": "2021-05-31"}
    hidden = c.post("/api/facts/", {**body, "program": "HIDDEN"}, format="json")
    unknown = c.post("/api/facts/", {**body, "program": "NO-SUCH-CODE"}, format="json")
    assert (hidden.status_code, unknown.status_code) == (404, 404)
    assert hidden.json()["errors"][0]["code"] == unknown.json()["errors"][0]["code"] == "not_found"


def test_a_district_reading_a_shared_program_does_not_learn_the_other_districts(client_for, make_program, tree):
    from iljari.orgs.services import org_unit_create

    ydp = org_unit_create(actor=None, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    shared = make_program("SHARED", owner="JOBPOL")
    shared.implementing_orgs.add(tree["GWANAK-JOB"], ydp)
    seen = client_for("gw-reader", "district_officer", "GWANAK").get("/api/programs/SHARED/").json()
    assert seen["implementing_orgs"] == ["GWANAK-JOB"]
    listed = client_for("gw-reader2", "district_officer", "GWANAK").get("/api/programs/").json()
    assert all("YDP" not in p["implementing_orgs"] for p in listed["results"])
    owner = client_for("jp-owner", "program_officer", "JOBPOL").get("/api/programs/SHARED/").json()
    assert sorted(owner["implementing_orgs"]) == ["GWANAK-JOB", "YDP"]


def test_the_apis_english_messages_are_english_even_for_a_korean_browser(client, make_user, tree):
    """message/message_en in English (Django's and DRF's own texts included), message_ko by code."""
    r = client.get("/api/programs/", HTTP_AUTHORIZATION="Token nonsense", HTTP_ACCEPT_LANGUAGE="ko")
    e = r.json()["errors"][0]
    assert r.status_code == 401 and e["message_en"].isascii() and not e["message_ko"].isascii()
    client.force_login(make_user("ko-reader", "reviewer"))
    r = client.get("/api/programs/?limit=99999999999999999999", HTTP_ACCEPT_LANGUAGE="ko")
    e = r.json()["errors"][0]
    assert r.status_code == 400 and e["message_en"].isascii(), e
