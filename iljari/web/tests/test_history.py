"""Program history, the audit trail and its export read like a register (issue 13): field labels, names instead
of ids and codes, formatted values, and a batch that says which values it changed; the workbook dry run lists
only what changes, in words."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from iljari.audit.describe import describe_change
from iljari.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PROGRAMS_CSV = (
    "code,name_ko,name_en,owner_org,job_type,subtype,policy_field,target_groups,start,end,status\n"
    "A,청년 일자리 사업,Youth jobs,WOMEN,direct,,public_jobs,youth;seniors,2021-01-01,2022-06-30,active\n"
)


@pytest.fixture
def reorganised(portfolio_data, actor, tree):
    """Program A moved from 일자리정책과 to 여성가족정책실 by a program import (a batch), renamed and extended."""
    from iljari.interchange.canonical import programs_import
    from iljari.orgs.services import org_unit_create

    org_unit_create(actor=actor, code="WOMEN", name_ko="여성가족정책실", name_en="Women & Family Policy Office",
                    kind="office", parent=tree["SEOUL"])
    programs_import(actor=actor, path=PROGRAMS_CSV.encode(), file_name="2022-reorganisation.csv",
                    reason="2022 조직개편")
    return portfolio_data


def test_program_history_after_an_import_reads_like_a_register(reorganised, login):
    page = login("admin").get("/programs/A/?year=2021&as_of=2021-05-31", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    history = page[page.index("변경 이력"):]
    assert "청년 일자리 사업" in page
    assert '<span class="field">소관 부서</span>: <span class="was">일자리정책과</span> → 여성가족정책실' in history
    assert "<span class=\"field\">사업명</span>: <span class=\"was\">사업 A</span> → 청년 일자리 사업" in history
    assert "<span class=\"field\">종료일</span>: 2022.06.30" in history
    assert "owner_org" not in history and "_id" not in history and "{'" not in history
    assert "일괄 등록" in history and "2022 조직개편" in history  # by which door, and why


def test_program_history_in_english(reorganised, login):
    c = login("admin")
    c.post("/i18n/setlang/", {"language": "en", "next": "/programs/A/"})
    page = c.get("/programs/A/?year=2021&as_of=2021-05-31").content.decode()
    assert "Owner</span>: <span class=\"was\">" in page and "Women &amp; Family Policy Office" in page
    assert "소관 부서" not in page


def test_funding_source_column_is_funding_source(portfolio_data, login):
    page = login("admin").get("/programs/A/?year=2021&as_of=2021-05-31", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    values = page[page.index("입력된 값"):]
    assert '<th scope="col">재원</th>' in values and '<th scope="col">경로</th>' not in values
    assert "5,000,000,000원" in values and "2021년 5월" in values  # amounts and periods in words


def test_audit_trail_names_labels_and_batches(reorganised, login, actor):
    import datetime as dt

    from iljari.core.periods import Period
    from iljari.ledger.services import FactInput, facts_record
    from iljari.programs.models import Code, Measure

    a = reorganised["A"]
    from iljari.core.context import change_context

    with change_context("import"):
        facts_record(actor=actor, reason="5월 실적 일괄", summary={"file": "may.xlsx", "rows": 2}, items=[
            FactInput(program=a, org_unit=a.owner_org, measure=Measure.objects.get(code="job_result"),
                      funding_source=Code.objects.get(list="funding_source", code="total"),
                      period=Period.parse("2021-05"), value=1_480, as_of=dt.date(2021, 5, 31)),
            FactInput(program=a, org_unit=a.owner_org, measure=Measure.objects.get(code="expenditure"),
                      funding_source=Code.objects.get(list="funding_source", code="total"),
                      period=Period.parse("2021-05"), value=12_345_678, as_of=dt.date(2021, 5, 31))])
    c = login("admin")
    page = c.get("/audit/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "소관 부서</span>: <span class=\"was\">일자리정책과</span> → 여성가족정책실" in page
    # The batch's summary says what it did and which programs and values it changed, in words.
    assert "may.xlsx, 2행: 신규 1건, 변경 1건, 동일 0건" in page
    assert "청년 일자리 사업 · 일자리정책과 · 일자리 실적 · 2021년 5월: 400개 → 1,480개" in page
    assert "청년 일자리 사업 · 일자리정책과 · 지출액 · 2021년 5월: 12,345,678원" in page
    assert "job_result" not in page and "owner_org_id" not in page and "{&#x27;" not in page
    batch = AuditEntry.objects.filter(action="import").latest("id").batch_id
    only = c.get(f"/audit/?batch={batch}", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "일괄 작업(일괄 등록·일괄 수정) 한 건의 변경만 보입니다." in only and "소관 부서" not in only
    # The export says the same in the same words.
    text = c.get("/audit/?format=csv", HTTP_ACCEPT_LANGUAGE="ko").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert any("소관 부서: 일자리정책과 → 여성가족정책실" in cell for cell in cells)
    assert any("400개 → 1,480개" in cell for cell in cells)
    x = c.get("/audit/?format=xlsx", HTTP_ACCEPT_LANGUAGE="ko")
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws["A1"].value == "변경 이력" and ws["F3"].value == "변경 내용"


def test_a_long_batch_is_collapsed(reorganised, actor):
    from iljari.audit.describe import describe_changes
    from iljari.audit.services import audit_batch, audit_many
    from iljari.core.context import change_context

    with change_context("import"):
        audit_many(actor=actor, object_type="ledger.fact", rows=[
            {"action": "create", "object_id": i, "after": {"program": "A", "org_unit": "JOBPOL",
                                                            "measure": "budget", "funding_source": "city",
                                                            "period": "2021", "value": i * 1000}}
            for i in range(1, 61)])
        audit_batch(actor=actor, object_type="ledger.fact", summary={"file": "big.csv", "created": 60})
    d = describe_changes([AuditEntry.objects.filter(action="import").latest("id")], "ko", batch_items=10)[0]
    assert d.batch is not None and len(d.batch.items) == 10 and d.batch.more == 50
    assert d.batch.items[0] == "청년 일자리 사업 · 일자리정책과 · 예산현액 · 시비 · 2021년: 1,000원"
    assert "외 50건" in d.text("ko")


def test_describe_change_in_either_language(reorganised):
    e = AuditEntry.objects.filter(object_type="programs.program", action="update").latest("id")
    ko = {ln.label: (ln.before, ln.after) for ln in describe_change(e, "ko").lines}
    assert ko["소관 부서"] == ("일자리정책과", "여성가족정책실")
    assert ko["종료일"] == ("", "2022.06.30")
    assert ko["사업 대상"] == ("청년", "어르신, 청년")  # target groups by their labels, not youth;seniors and ko["사업명"] == ("사업 A", "청년 일자리 사업")
    en = {ln.label: (ln.before, ln.after) for ln in describe_change(e, "en").lines}
    assert en["Owner"][1] == "Women & Family Policy Office" and en["End"] == ("", "2022.06.30")


def test_workbook_dry_run_lists_only_changes_in_korean(portfolio_data, login):
    c = login("program_officer", "JOBPOL")
    wb = load_workbook(io.BytesIO(c.get("/entry/template/?unit=JOBPOL&month=2021-05").content))
    wb["실적"]["F5"] = 1_480  # was 400
    wb["실적"]["I5"] = 12_345_678  # none before
    buf = io.BytesIO()
    wb.save(buf)
    page = c.post("/entry/upload/", {"file": SimpleUploadedFile("jobpol.xlsx", buf.getvalue())},
                  HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "신규 1건, 변경 1건, 동일 1건" in page
    table = page[page.index("<table"):page.index("</table>")]
    assert "동일한 값 1건은 싣지 않음" in table
    assert "<th scope=\"row\">사업 A</th><td>일자리정책과</td><td>일자리 실적</td><td>2021년 5월</td>" in table
    assert "400개</td><td class=\"num\">1,480개</td><td>변경</td>" in table
    assert "12,345,678원</td><td>신규</td>" in table
    assert "일자리 목표" not in table  # the unchanged target is counted, not listed
    assert "job_result" not in table and "JOBPOL" not in table and "unchanged" not in page
