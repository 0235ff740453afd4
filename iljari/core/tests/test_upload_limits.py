"""Issue 12, hole 3: files and texts are bounded before they cost anything.

A workbook that unpacks to hundreds of megabytes is refused from its zip directory alone; rows and columns stop at
their limits; an upload is refused by its declared size; a CSV of a million columns gets a short answer; a file of
thousands of bad rows lists 100 problems and says how many more; a 100 MB description never reaches the database.
Each refusal is a named problem (400 with the API's error shape, a form error on the page) in under a second.
"""

import datetime as dt
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from rest_framework.test import APIClient

from iljari.core.errors import ServiceError
from iljari.programs.models import Program

pytestmark = pytest.mark.django_db
QUICK = 1.0  # seconds a refusal may take


def _template_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "실적"
    ws.append(["기간: 2021-05"])
    ws.append(["사업코드", "목표"])
    ws.append(["A", 1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _inflate(data: bytes, padding_mb: int) -> bytes:
    """`data` (an xlsx) with `padding_mb` MB of whitespace inside its first sheet: still a valid workbook, but one
    that unpacks to that much. Written in 1 MB chunks, so building it costs no memory."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, sep, tail = body.partition(b"<sheetData>")
                with z.open(info.filename, "w", force_zip64=True) as f:
                    f.write(head + sep)
                    chunk = b" " * (1 << 20)
                    for _ in range(padding_mb):
                        f.write(chunk)
                    f.write(tail)
            else:
                z.writestr(info.filename, body)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 210 MB unpacked from a few hundred KB."""
    data = _inflate(_template_bytes(), 210)
    assert len(data) < 1_000_000
    return data


@pytest.fixture(scope="module")
def dense() -> bytes:
    """20 MB unpacked (under every size limit) at a compression ratio no spreadsheet has."""
    return _inflate(_template_bytes(), 20)


def _refused(fn, *words):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    with pytest.raises(ServiceError) as exc:
        fn()
    elapsed = time.perf_counter() - start
    text = str(exc.value)
    assert exc.value.problems[0].code == "bad_file", text
    assert all(w in text for w in words), text
    assert elapsed < QUICK, elapsed
    return exc.value


@pytest.fixture
def rnd(make_program):  # type: ignore[no-untyped-def]
    from iljari.participants.models import RecruitmentRound

    program = make_program("PW", owner="GWANAK-JOB")
    return RecruitmentRound.objects.create(program=program, name="2014 상반기", apply_from=dt.date(2014, 1, 6),
                                           apply_to=dt.date(2014, 1, 17), work_from=dt.date(2014, 2, 3),
                                           work_to=dt.date(2014, 6, 30), places=3)


# ---------------------------------------------------------------- zip bombs

def test_a_workbook_bomb_is_refused_from_its_zip_directory(bomb, dense, tree, codes):
    from iljari.interchange.workbook import read_workbook

    _refused(lambda: read_workbook(bomb), "압축을 풀면 너무 큰", "unpacks to too much")
    _refused(lambda: read_workbook(dense), "압축률이 비정상", "abnormally compressed")


def test_an_applicants_bomb_is_refused(bomb, rnd, actor):
    from iljari.participants.imports import applicants_import

    _refused(lambda: applicants_import(actor=actor, round=rnd, data=bomb), "unpacks to too much")


def test_the_api_and_the_page_answer_a_bomb_with_a_named_problem(bomb, make_user, login, tree, codes):
    api = APIClient()
    api.force_authenticate(make_user("po", "program_officer", "JOBPOL"))
    start = time.perf_counter()
    r = api.post("/api/imports/workbook/", {"file": SimpleUploadedFile("b.xlsx", bomb)})
    assert time.perf_counter() - start < QUICK
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "bad_file"
    assert "압축을 풀면 너무 큰" in r.json()["errors"][0]["message_ko"]
    start = time.perf_counter()
    page = login("program_officer", "JOBPOL").post("/entry/upload/", {"file": SimpleUploadedFile("b.xlsx", bomb)})
    assert time.perf_counter() - start < QUICK
    assert page.status_code == 400 and "압축을 풀면 너무 큰 엑셀 파일입니다" in page.content.decode()


# ---------------------------------------------------------------- rows and columns

def test_rows_stop_at_the_limit(monkeypatch, rnd, actor, tree, codes):
    from iljari.interchange import workbook
    from iljari.participants import imports

    wb = Workbook()
    ws = wb.active
    ws.title = "신청자"
    ws.append(imports.HEADER)
    for i in range(60):
        ws.append([f"신청자{i}", f"700101-1{i:06d}"])
    buf = io.BytesIO()
    wb.save(buf)
    monkeypatch.setattr(imports, "MAX_ROWS", 50)
    _refused(lambda: imports.applicants_import(actor=actor, round=rnd, data=buf.getvalue()),
             "행이 너무 많습니다", "too many rows (51 at most)")
    monkeypatch.setattr(workbook, "MAX_ROWS", 50)
    _refused(lambda: workbook.read_workbook(buf.getvalue()), "too many rows (50 at most)")


def test_columns_stop_at_the_limit(rnd, actor, tree, codes):
    from iljari.interchange.workbook import read_workbook
    from iljari.participants.imports import HEADER, applicants_import

    wb = Workbook()
    ws = wb.active
    ws.title = "신청자"
    ws.append(HEADER)
    ws.cell(row=2, column=1, value="신청자")
    ws.cell(row=2, column=5_000, value="x")  # one stray value far to the right
    buf = io.BytesIO()
    wb.save(buf)
    _refused(lambda: applicants_import(actor=actor, round=rnd, data=buf.getvalue()), "열이 너무 많습니다")
    _refused(lambda: read_workbook(buf.getvalue()), "too many columns (200 at most)")


def test_a_csv_of_a_million_columns_gets_a_short_answer(make_user, tree, codes):
    from iljari.interchange.canonical import facts_import

    wide = (",".join(f"c{i}" for i in range(1_000_000)) + "\n" + "1," * 999_999 + "1\n").encode()
    err = _refused(lambda: facts_import(actor=make_user("pf", "portfolio"), path=wide), "too many columns")
    assert len(str(err)) < 500
    api = APIClient()
    api.force_authenticate(make_user("pf2", "portfolio"))
    start = time.perf_counter()
    r = api.post("/api/imports/facts/", {"file": SimpleUploadedFile("wide.csv", wide)})
    assert time.perf_counter() - start < 2 * QUICK  # the upload itself is 14 MB
    assert r.status_code == 400 and len(r.content) < 2_000 and r.json()["errors"][0]["code"] == "bad_file"
    # a header with a missing column among 150 others: the answer names a few, not all
    many = (",".join(["program", *(f"column_{i}" for i in range(150))]) + "\nA\n").encode()
    with pytest.raises(ServiceError) as exc:
        facts_import(actor=make_user("pf3", "portfolio"), path=many)
    assert exc.value.problems[0].code == "bad_header" and len(str(exc.value)) < 2_000


def test_thousands_of_bad_rows_list_100_problems_and_how_many_more(make_user, make_program):
    from iljari.interchange.canonical import facts_import

    make_program("A")
    rows = ["program,org_unit,period,measure,funding_source,value,as_of"]
    rows += [f"NOPE{i},JOBPOL,2021,job_target,total,1,2021-01-01" for i in range(3_000)]
    rows.append("A,JOBPOL,2021,job_target,total,many,2021-01-01")
    with pytest.raises(ServiceError) as exc:
        facts_import(actor=make_user("pf", "portfolio"), path="\n".join(rows).encode())
    problems = exc.value.problems
    assert len(problems) == 101
    assert {p.code for p in problems[:100]} == {"unknown_program", "not_a_number"}  # every kind named
    assert problems[-1].message_ko.startswith("그 밖에 2,901건의 문제가 더 있습니다")
    assert "and 2,901 more problems" in problems[-1].message_en


# ---------------------------------------------------------------- upload size

def test_an_oversize_upload_is_refused_before_it_is_read(settings, make_user, login, rnd, tree, codes):
    settings.ILJARI_MAX_UPLOAD_BYTES = 10_000
    big = SimpleUploadedFile("big.xlsx", b"PK" + b"\0" * 20_000)
    api = APIClient()
    api.force_authenticate(make_user("pf", "portfolio"))
    for url in ("/api/imports/workbook/", "/api/imports/facts/"):
        big.seek(0)
        r = api.post(url, {"file": big})
        assert r.status_code == 400, url
        e = r.json()["errors"][0]
        assert e["code"] == "bad_file" and "파일이 너무 큽니다" in e["message_ko"] and "too large" in e["message_en"]
    big.seek(0)
    page = login("program_officer", "JOBPOL").post("/entry/upload/", {"file": big})
    assert page.status_code == 400 and "파일이 너무 큽니다" in page.content.decode()
    # a body larger than any upload is refused before Django reads it
    settings.ILJARI_MAX_REQUEST_BYTES = 15_000
    big.seek(0)
    r = api.post("/api/imports/facts/", {"file": big})
    assert r.status_code == 413 and r.json()["errors"][0]["message_ko"].startswith("요청이 너무 큽니다")


def test_the_upload_reader_does_not_trust_a_declared_size(settings):
    from iljari.core.spreadsheets import read_upload

    class Liar(io.BytesIO):
        size = 10

    settings.ILJARI_MAX_UPLOAD_BYTES = 1_000
    with pytest.raises(ServiceError, match="too large"):
        read_upload(Liar(b"x" * 5_000))


# ---------------------------------------------------------------- text lengths

def test_a_too_long_description_is_refused_by_the_api_the_page_and_the_service(make_program, make_user, login,
                                                                                actor):
    from iljari.programs.services import program_update

    a = make_program("A")
    huge = "가" * 10_001
    api = APIClient()
    api.force_authenticate(make_user("pf", "portfolio"))
    start = time.perf_counter()
    r = api.patch("/api/programs/A/", {"description": huge, "expected_version": a.version}, format="json")
    assert time.perf_counter() - start < QUICK
    assert r.status_code == 400
    assert any(e["field"] == "description" for e in r.json()["errors"]), r.json()
    ok = api.patch("/api/programs/A/", {"description": "가" * 10_000, "expected_version": a.version}, format="json")
    assert ok.status_code == 200
    a.refresh_from_db()
    page = login("program_officer", "JOBPOL").post("/programs/A/edit/", {
        "name_ko": a.name_ko, "policy_field": "public_jobs", "target_groups": ["youth"], "status": "active",
        "legal_basis": huge, "description": "", "version": a.version})
    assert page.status_code == 400 and "최대 10000 개의 글자" in page.content.decode()
    with pytest.raises(ServiceError) as exc:  # every other way in (imports, scripts) meets the service's check
        program_update(actor=actor, program=a, description="x" * 100_000_000)
    p = exc.value.problems[0]
    assert (p.field, p.code) == ("description", "invalid") and "사업 내용: 너무 깁니다 (10,000자까지)" in p.message_ko
    assert len(Program.objects.get(pk=a.pk).description) == 10_000


def test_too_long_texts_in_an_applicants_file_are_named(actor, rnd):
    from iljari.participants.imports import HEADER, applicants_import

    wb = Workbook()
    ws = wb.active
    ws.title = "신청자"
    ws.append(HEADER)
    ws.append(["홍" * 101, "700101-1234567", "010-0000-0000", "관악구", "주" * 301, 1, 0, 0, "실업", ""])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ServiceError) as exc:
        applicants_import(actor=actor, round=rnd, data=buf.getvalue())
    assert sorted(p.cell for p in exc.value.problems) == ["A2", "E2"]
    assert "너무 깁니다 (100자까지)" in str(exc.value) and "(300 characters at most)" in str(exc.value)


def test_a_programs_file_with_a_too_long_description_names_the_line(make_user, tree, codes):
    from iljari.interchange.canonical import programs_import

    data = ("code,name_ko,name_en,owner_org,job_type,subtype,policy_field,target_groups,start,end,description\n"
            f"P1,청년 일자리,,JOBPOL,direct,,,youth,,,{'가' * 10_001}\n").encode()
    with pytest.raises(ServiceError) as exc:
        programs_import(actor=make_user("pf", "portfolio"), path=data)
    p = exc.value.problems[0]
    assert (p.field, p.line, p.code) == ("description", 2, "invalid") and "(10,000자까지)" in p.message_ko
    assert not Program.objects.filter(code="P1").exists()
