"""Issue 12, hole 7: one fact changed through every door — page entry, workbook upload, CSV import, API and the
command line — leaves an audit row with the value before and after, who and through which door."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from iljari.audit.models import AuditEntry
from iljari.interchange.workbook import template_workbook
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db

CSV_HEADER = "program,org_unit,period,measure,funding_source,value,as_of\n"


def _csv(value: int) -> bytes:
    return (CSV_HEADER + f"A,JOBPOL,2021-05,job_result,total,{value},2021-05-31\n").encode()


def _last_change() -> AuditEntry:
    return AuditEntry.objects.filter(object_type="ledger.fact", action__in=["create", "update"]).latest("id")


def test_each_door_leaves_an_audit_row_with_the_values(make_program, make_user, record, tree, tmp_path):
    a = make_program("A", owner="JOBPOL")
    record(a, "job_result", "2021-05", 100, "2021-05-31")
    officer = make_user("jp", "program_officer", "JOBPOL")
    hub = make_user("hub", "portfolio")
    seen: list[tuple[str, str, int, int]] = []

    def check(door: str, who: str, old: int, new: int) -> None:
        e = _last_change()
        seen.append((e.source, e.actor_label, e.before["value"], e.after["value"]))
        assert seen[-1] == (door, who, old, new), door
        assert (e.after["program"], e.after["org_unit"], e.after["measure"], e.after["period"]) == \
            ("A", "JOBPOL", "job_result", "2021-05")

    page = Client()
    page.force_login(officer)
    seen_id = Fact.objects.get(program=a, period="2021-05").pk  # the version the form showed
    r = page.post("/entry/", {"unit": "JOBPOL", "month": "2021-05", f"result_{a.pk}": "110",
                              f"v_result_{a.pk}": str(seen_id)})
    assert r.status_code == 200
    check("web", "jp", 100, 110)

    book = load_workbook(io.BytesIO(template_workbook(unit=tree["JOBPOL"], year=2021, month=5)))
    book["실적"]["F5"] = 120
    buf = io.BytesIO()
    book.save(buf)
    assert page.post("/entry/upload/", {"file": SimpleUploadedFile("jobpol.xlsx", buf.getvalue())}).status_code == 200
    assert page.post("/entry/upload/", {"token": page.session["upload"]["token"]}).status_code == 200
    check("import", "jp", 110, 120)

    api = APIClient()
    api.force_authenticate(hub)
    r = api.post("/api/imports/facts/", {"file": SimpleUploadedFile("facts.csv", _csv(130))}, format="multipart")
    assert r.status_code == 200, r.json()
    check("import", "hub", 120, 130)

    r = api.post("/api/facts/", {"program": "A", "org_unit": "JOBPOL", "measure": "job_result",
                                 "period": "2021-05", "value": 140, "as_of": "2021-05-31"}, format="json")
    assert r.status_code == 201, r.json()
    check("api", "hub", 130, 140)

    path = tmp_path / "facts.csv"
    path.write_bytes(_csv(150))
    call_command("import-facts", str(path), "--actor", "operator", stdout=io.StringIO(), stderr=io.StringIO())
    check("import", "operator", 140, 150)
    assert len(seen) == 5
    assert dt.date.fromisoformat(_last_change().after["as_of"]) == dt.date(2021, 5, 31)
