"""Monthly workbook: template out, filled workbook in, dry run with differences, all-or-nothing, cell messages."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.interchange.workbook import read_workbook, template_workbook, workbook_import
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploader(make_user):
    return make_user("jobpolicy", "portfolio")


@pytest.fixture
def unit_programs(make_program, record, tree):
    a = make_program("A", owner="JOBPOL")
    b = make_program("B", owner="JOBPOL", job_type="indirect", subtype="training", policy_field="skills")
    record(a, "job_target", "2021", 1000, "2021-01-01")
    record(a, "job_result", "2021-04", 300, "2021-04-30")
    return {"A": a, "B": b, "unit": tree["JOBPOL"]}


def fill(data: bytes, values: dict[str, object], unprotect: bool = True) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["실적"]
    for ref, v in values.items():
        ws[ref] = v
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_is_prefilled_and_protected(unit_programs):
    data = template_workbook(unit=unit_programs["unit"], year=2021, month=5, money_unit="백만원")
    ws = load_workbook(io.BytesIO(data))["실적"]
    assert ws["A1"].value.startswith("2021년 5월")
    assert ws["A2"].value == "기간: 2021-05" and ws["B2"].value == "기준일: 2021-05-31"
    assert [c.value for c in ws[4]][:7] == ["사업코드", "사업명", "조직코드", "재원", "목표", "실적(누계)", "예산현액"]
    assert ws["G3"].value == "백만원" and ws["E3"].value == "개"
    assert (ws["A5"].value, ws["E5"].value, ws["J5"].value) == ("A", 1000, 300)  # target, last month's result
    assert ws.protection.sheet and ws["A5"].protection.locked and not ws["F5"].protection.locked
    assert ws.data_validations.dataValidation[0].sqref is not None
    assert ws.page_setup.orientation == "landscape"


def test_dry_run_then_commit_then_idempotent(unit_programs, uploader):
    data = template_workbook(unit=unit_programs["unit"], year=2021, month=5, money_unit="백만원")
    filled = fill(data, {"F5": "400", "I5": "1,200", "F6": 50, "G6": "△0"})
    dry = workbook_import(actor=uploader, data=filled, dry_run=True, file_name="jobpol-2021-05.xlsx")
    changes = {(d.program, d.measure): (d.old, d.new, d.status) for d in dry.diff}
    assert changes[("A", "job_result")] == (None, 400, "new")
    assert changes[("A", "job_target")] == (1000, 1000, "unchanged")  # carried back by the template
    assert changes[("A", "expenditure")] == (None, 1_200_000_000, "new")  # 백만원 -> won
    assert changes[("B", "budget")] == (None, 0, "new")
    assert not Fact.objects.filter(period="2021-05").exists()
    done = workbook_import(actor=uploader, data=filled, file_name="jobpol-2021-05.xlsx")
    assert (done.created, done.unchanged) == (4, 1)
    assert Fact.objects.get(program=unit_programs["A"], period="2021-05", measure__code="expenditure").value == \
        1_200_000_000
    batch = AuditEntry.objects.filter(object_type="ledger.fact").latest("id")
    assert batch.after["file"] == "jobpol-2021-05.xlsx" and len(batch.after["sha256"]) == 64
    again = workbook_import(actor=uploader, data=filled)
    assert (again.created, again.changed) == (0, 0) and again.unchanged == 5


def test_every_problem_names_sheet_and_cell_and_nothing_is_saved(unit_programs, uploader):
    data = template_workbook(unit=unit_programs["unit"], year=2021, month=5)
    bad = fill(data, {"F5": "열두개", "I5": "12.5", "F6": -3, "A7": "NOPE", "F7": 1, "F8": None})
    with pytest.raises(ServiceError) as e:
        workbook_import(actor=uploader, data=bad)
    where = {(p.sheet, p.cell, p.code) for p in e.value.problems}
    assert ("실적", "F5", "not_a_number") in where
    assert ("실적", "I5", "not_an_integer") in where
    assert ("실적", "A7", "unknown_program") in where
    assert any(p.cell == "F6" and p.code == "negative_not_allowed" for p in e.value.problems)
    assert any(p.message_ko == "'실적' 시트 F5 칸: 숫자가 아닙니다 (열두개)" for p in e.value.problems)
    assert any(p.message_en.startswith("Sheet '실적', F5: not a number") for p in e.value.problems)
    assert not any("Sheet" in p.message_ko for p in e.value.problems)  # Korean messages are Korean
    assert not Fact.objects.filter(period="2021-05").exists()


def test_what_offices_really_send(unit_programs, uploader):
    """Merged title cells, a hidden sheet first, full-width digits, parenthesised negatives, '-' and blank rows."""
    from openpyxl import Workbook

    wb = Workbook()
    hidden = wb.active
    hidden.title = "메모"
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("실적")
    ws.append(["5월 실적"])
    ws.merge_cells("A1:F1")
    ws.append(["기간: 2021-05", "기준일: '21.5월말"])
    ws.append(["(단위)", "", "", "", "개", "천원"])
    ws.append(["사업 코드", "사업명", "조직코드", "재원", "실적", "집행액"])
    ws.append(["A", "사업 A", "JOBPOL", "total", "３５０", "1,500"])
    ws.append(["B", "사업 B", "JOBPOL", "total", "-", None])
    ws.append([None, None, None])
    ws.append([])
    out = io.BytesIO()
    wb.save(out)
    read = read_workbook(out.getvalue())
    assert not read.problems, read.problems
    got = {(fi.program.code, fi.measure.code): (fi.value, fi.as_of.isoformat()) for fi in read.items}
    assert got == {("A", "job_result"): (350, "2021-05-31"), ("A", "expenditure"): (1_500_000, "2021-05-31")}


@pytest.mark.parametrize("blob", [b"", b"PK\x03\x04broken", b"not a zip at all", b"\x00" * 100])
def test_broken_files_get_a_clear_message(unit_programs, uploader, blob):
    with pytest.raises(ServiceError) as e:
        workbook_import(actor=uploader, data=blob)
    assert e.value.problems[0].code == "bad_file"
    assert e.value.problems[0].message_ko and e.value.problems[0].message_en


def test_a_district_officer_cannot_upload_for_another_unit(unit_programs, make_user):
    data = fill(template_workbook(unit=unit_programs["unit"], year=2021, month=5), {"F5": 10})
    with pytest.raises(ServiceError) as e:
        workbook_import(actor=make_user("gw", "district_officer", "GWANAK"), data=data)
    assert {p.code for p in e.value.problems} == {"permission_denied"}
    # Targets need the portfolio office even within one's own unit.
    own = fill(template_workbook(unit=unit_programs["unit"], year=2021, month=5), {"E6": 10})
    with pytest.raises(ServiceError):
        workbook_import(actor=make_user("jp", "program_officer", "JOBPOL"), data=own)


def test_formulas_use_their_saved_values_and_unsaved_ones_are_named(unit_programs, uploader):
    data = template_workbook(unit=unit_programs["unit"], year=2021, month=5)
    # openpyxl writes formulas without computing them: no saved value, as from a tool that does not calculate.
    unsaved = fill(data, {"F5": "=300+100"})
    with pytest.raises(ServiceError) as e:
        workbook_import(actor=uploader, data=unsaved)
    assert [(p.cell, p.code) for p in e.value.problems] == [("F5", "invalid")]
    assert "수식" in e.value.problems[0].message_ko
    # A saved value (what Excel or LibreOffice write beside the formula) is used.
    z_in = zipfile.ZipFile(io.BytesIO(unsaved))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z_out:
        for item in z_in.infolist():
            body = z_in.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(b"<f>300+100</f><v /></c>", b"<f>300+100</f><v>400</v></c>")
            z_out.writestr(item, body)
    read = read_workbook(out.getvalue())
    assert not read.problems
    assert {(fi.measure.code, fi.value) for fi in read.items if fi.program.code == "A"} >= {("job_result", 400)}


def test_cli_template_and_import(unit_programs, uploader, tmp_path):
    import json

    from django.core.management import call_command

    out = tmp_path / "jobpol.xlsx"
    call_command("workbook-template", "--unit", "JOBPOL", "--month", "2021-05", "-o", str(out), stdout=io.StringIO())
    out.write_bytes(fill(out.read_bytes(), {"F6": 7}))
    text = io.StringIO()
    call_command("import-workbook", str(out), "--dry-run", "--actor", uploader.username, stdout=text)
    assert "F6 B JOBPOL job_result 2021-05: - -> 7 (new)" in text.getvalue()
    assert not Fact.objects.filter(period="2021-05").exists()
    js = io.StringIO()
    call_command("import-workbook", str(out), "--actor", uploader.username, "--format", "json", stdout=js)
    assert json.loads(js.getvalue())["created"] == 1


def test_every_row_is_checked_and_another_units_values_are_never_echoed(unit_programs, make_user):
    """Issue 12, hole 4: a row equal to the stored value used to skip the permission check, and the preview then
    told a district officer another unit's figures (old value, 'unchanged')."""
    theirs = template_workbook(unit=unit_programs["unit"], year=2021, month=5)  # JOBPOL's, target 1000 filled
    gwanak = make_user("gw", "district_officer", "GWANAK")
    with pytest.raises(ServiceError) as e:
        workbook_import(actor=gwanak, data=theirs, dry_run=True)
    assert {p.code for p in e.value.problems} == {"permission_denied"}
    assert [p.cell for p in e.value.problems] == ["E5"]
    text = " ".join(p.message_ko + p.message_en for p in e.value.problems)
    assert "1000" not in text and "1,000" not in text
    # In words, with the particle that fits the measure (목표를), not "을(를)" and not the unit's code.
    assert e.value.problems[0].message_ko == "'실적' 시트 E5 칸: 일자리정책과의 일자리 목표를 입력할 권한이 없습니다"
    # Their own unit's officer may send the template back as it came (the target unchanged) with a result.
    own = fill(theirs, {"F5": 420})
    report = workbook_import(actor=make_user("jp", "program_officer", "JOBPOL"), data=own, dry_run=True)
    assert {(d.measure, d.status) for d in report.diff} == {("job_target", "unchanged"), ("job_result", "new")}


def test_dry_run_rows_in_words(unit_programs, uploader):
    """What a preview shows of a value: names, the period in words, amounts with separators and units, and the
    Korean word for new / changed; only the values that change are listed (`changes`)."""
    data = template_workbook(unit=unit_programs["unit"], year=2021, month=5)
    dry = workbook_import(actor=uploader, data=fill(data, {"F5": 1_480, "I5": 12_345_678}), dry_run=True)
    rows = {(d.measure, d.status): d.texts("ko") for d in dry.changes}
    assert set(rows) == {("job_result", "new"), ("expenditure", "new")}  # the target came back unchanged
    assert rows[("expenditure", "new")] == {"program": "사업 A", "org_unit": "일자리정책과", "measure": "지출액",
                                            "period": "2021년 5월", "old": "-", "new": "12,345,678원", "status": "신규"}
    assert rows[("job_result", "new")]["new"] == "1,480개"
    en = next(d for d in dry.changes if d.measure == "expenditure").texts("en")
    assert (en["period"], en["new"], en["status"]) == ("May 2021", "12,345,678 won", "new")
    assert dry.unchanged == 1 and len(dry.diff) == 3
