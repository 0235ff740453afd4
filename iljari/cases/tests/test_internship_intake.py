"""A staged subsidy's claims at the district's desk (the women's internship): the intake service and its page,
all or nothing, then approval schedules the steps from the internship's first day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from iljari.audit.models import AuditEntry
from iljari.cases.models import Case, Document, Organisation, StagedTerm
from iljari.cases.staged import staged_case_open
from iljari.core.errors import ErrorCode, ServiceError
from iljari.people.models import Person

PDF = b"%PDF-1.4\n%\n"
FIRM = {"name": "새일디자인", "business_number": "104-81-96087", "employees": 18}
INTERN = {"name": "이하나", "birth_date": dt.date(1986, 4, 12), "phone": "010-5555-0412"}


def _open(w, **kw):  # type: ignore[no-untyped-def]
    args = {"actor": w["users"]["gwanak"], "flow": w["flows"]["WOMEN-INTERN"], "district": w["units"]["GWANAK"],
            "firm": FIRM, "intern": INTERN, "starts_on": dt.date(2021, 3, 2), "applied_on": dt.date(2021, 2, 16)}
    args.update(kw)
    return staged_case_open(**args)


def _docs():  # type: ignore[no-untyped-def]
    return [(t, SimpleUploadedFile(f"{t}.pdf", PDF)) for t in ("application", "employment_contract",
                                                               "business_registration")]


def test_intake_then_approval_schedules_the_steps(case_world) -> None:
    from iljari.cases.flows import case_move

    case = _open(case_world, documents=_docs())
    assert case.stage.code == "received" and case.amount_claimed == 3_800_000
    assert StagedTerm.objects.get(case=case).starts_on == dt.date(2021, 3, 2)
    assert case.person.name == "이하나" and case.organisation.business_number == "1048196087"
    assert case.documents.count() == 3
    assert AuditEntry.objects.filter(object_type="cases.stagedterm").exists()
    case = case_move(actor=case_world["users"]["gwanak"], case=case, transition="approve", version=case.version)
    assert [(p.step, p.due_on) for p in case.payments.order_by("due_on", "pk")][:2] == [
        ("intern_1", dt.date(2021, 4, 2)), ("intern_2", dt.date(2021, 5, 2))]


def test_intake_refused_with_every_problem_nothing_saved(case_world) -> None:
    with pytest.raises(ServiceError) as e:
        _open(case_world, firm={**FIRM, "business_number": "104-81-96088"}, intern={"name": ""},
              starts_on=dt.date(2020, 6, 1), documents=[("application", SimpleUploadedFile("a.pdf", b"MZ"))])
    fields = {p.field for p in e.value.problems}
    assert {"firm.business_number", "intern.name", "intern.birth_date", "starts_on", "documents"} <= fields
    starts = next(p for p in e.value.problems if p.field == "starts_on")
    assert starts.message_ko == "2020. 6. 1.에 시행 중인 지급 기준이 없습니다"  # the rule runs from 2021
    assert not Case.objects.exists() and not Organisation.objects.exists() and not Person.objects.exists()
    assert not Document.objects.exists()


def test_the_same_intern_twice_refused(case_world) -> None:
    first = _open(case_world)
    with pytest.raises(ServiceError) as e:
        _open(case_world, firm={"name": "다른상사", "business_number": "220-81-62517", "employees": 5})
    (p,) = e.value.problems
    assert p.code == ErrorCode.ALREADY_PAID and first.reference in p.message_ko
    assert Case.objects.count() == 1


def test_desk_page_for_a_staged_subsidy(case_world) -> None:
    c = Client()
    c.force_login(case_world["users"]["gwanak"])
    page = c.get("/cases/subsidy/WOMEN-INTERN/new/").content.decode()
    # the internship's own form: the steps, the first day, the documents; no months of leave
    assert "인턴 시작일" in page and "근속장려금" in page and "3,800,000원" in page and 'name="days_1"' not in page
    data = {"district": case_world["units"]["GWANAK"].pk, "applied_on": "2021-02-16", "firm_name": "새일디자인",
            "business_number": "104-81-96087", "employees": "18", "intern_name": "이하나",
            "intern_birth_date": "1986-04-12", "starts_on": "2021-03-02",
            "doc_application": SimpleUploadedFile("신청서.pdf", PDF)}
    r = c.post("/cases/subsidy/WOMEN-INTERN/new/", {**data, "starts_on": ""})
    assert r.status_code == 400 and not Case.objects.exists()
    r = c.post("/cases/subsidy/WOMEN-INTERN/new/", {**data, "doc_application": SimpleUploadedFile("신청서.pdf", PDF)})
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.reference}/"
    assert case.documents.get().name == "신청서.pdf"
    # the import of paper claims takes months of leave: not offered for a subsidy paid in stages
    assert c.get("/cases/subsidy/WOMEN-INTERN/import/").status_code == 404
    assert "/cases/subsidy/WOMEN-INTERN/import/" not in c.get("/cases/").content.decode()
