"""Thousands of malformed workbooks and CSV files: never a server error, never a partial write, always a clear
message in Korean and English. Each test counts the cases it ran and asserts the count itself, so any one of them
can run alone or in any order."""

import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from iljari.core.errors import ServiceError
from iljari.interchange.canonical import facts_import
from iljari.interchange.workbook import template_workbook, workbook_import
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db

cells = st.one_of(
    st.none(), st.integers(min_value=-10**20, max_value=10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["A", "B", "JOBPOL", "total", "city", "-", "△12", "(5)", "1,2,3", "１２",
                                           "기간: 2021-05", "기간: 2021-13", "기준일: 2021-02-30", "사업코드",
                                           "실적", "예산현액", "백만원", "=1/0", "True"]),
    st.booleans(), st.dates(), st.datetimes())


@pytest.fixture
def unit(make_program, record, make_user, tree):
    a = make_program("A", owner="JOBPOL")
    make_program("B", owner="JOBPOL", job_type="indirect", subtype="training", policy_field="skills")
    record(a, "job_target", "2021", 100, "2021-01-01")
    return {"unit": tree["JOBPOL"], "user": make_user("fuzz", "portfolio")}


def _check(call, before: int) -> None:
    """Refused: every problem named in both languages and nothing written. Accepted: exactly the versions the
    report announces were written (a created or changed value is one new version; unchanged ones none)."""
    try:
        report = call()
    except ServiceError as exc:
        assert exc.problems and all(p.message_ko and p.message_en for p in exc.problems)
        assert Fact.objects.count() == before  # all or nothing
        return
    written = Fact.objects.count() - before
    assert written == report.created + report.changed
    assert min(report.created, report.changed, report.unchanged) >= 0


def test_random_workbooks(unit):
    from openpyxl.utils.exceptions import IllegalCharacterError

    runs = 0

    @settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(layout=st.lists(st.lists(cells, max_size=12), max_size=14),
           sheet=st.sampled_from(["실적", "Sheet1", "메모"]), hidden=st.booleans(), header=st.booleans())
    def case(layout, sheet, hidden, header):
        nonlocal runs
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        if header:
            ws.append(["기간: 2021-05"])
            ws.append(["사업코드", "조직코드", "재원", "실적(누계)", "예산현액", "지출액(누계)"])
        try:
            for row in layout:
                ws.append(row)
        except IllegalCharacterError:  # openpyxl cannot write control characters: not an input we can be given
            return
        if hidden:
            wb.create_sheet("숨김").sheet_state = "hidden"
        buf = io.BytesIO()
        try:
            wb.save(buf)
        except (ValueError, TypeError):  # openpyxl refuses to write some values (illegal characters): not our input
            return
        runs += 1
        _check(lambda: workbook_import(actor=unit["user"], data=buf.getvalue()), Fact.objects.count())

    case()
    assert runs >= 400, f"only {runs} workbooks were tried"


def test_broken_zip_files(unit):
    good = template_workbook(unit=unit["unit"], year=2021, month=5)
    runs = 0

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(seed=st.integers(min_value=0, max_value=2**32 - 1), mode=st.sampled_from(["truncate", "flip", "garbage"]))
    def case(seed, mode):
        nonlocal runs
        rnd = random.Random(seed)
        data = bytearray(good)
        if mode == "truncate":
            data = data[: rnd.randrange(0, len(data))]
        elif mode == "flip":
            for _ in range(rnd.randint(1, 20)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        else:
            data = bytearray(rnd.randbytes(rnd.randint(0, 4096)))
        runs += 1
        _check(lambda: workbook_import(actor=unit["user"], data=bytes(data)), Fact.objects.count())

    case()
    assert runs >= 300, f"only {runs} broken files were tried"


def test_random_csv_files(unit):
    runs = 0

    @settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(st.lists(st.one_of(st.text(max_size=10), st.sampled_from(
        ["A", "JOBPOL", "2021", "2021-05", "job_result", "total", "1,000", "△3", "2021-05-31", "'21.5월말", ""])),
        min_size=0, max_size=9), max_size=12), header=st.booleans(),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949"]))
    def case(rows, header, encoding):
        nonlocal runs
        lines = []
        if header:
            lines.append("program,org_unit,period,measure,funding_source,value,as_of")
        for r in rows:
            lines.append(",".join('"' + c.replace('"', '""') + '"' for c in r))
        try:
            data = "\n".join(lines).encode(encoding)
        except UnicodeEncodeError:
            data = "\n".join(lines).encode("utf-8")
        runs += 1
        _check(lambda: facts_import(actor=unit["user"], path=data), Fact.objects.count())

    case()
    assert runs >= 800, f"only {runs} CSV files were tried"


def test_accepted_workbook_writes_what_it_reports(unit):
    """The success branch of `_check` is exercised: a filled template records exactly its changes."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_workbook(unit=unit["unit"], year=2021, month=5)))
    wb["실적"]["F5"] = 400  # program A's result to May
    buf = io.BytesIO()
    wb.save(buf)
    before = Fact.objects.count()
    report = workbook_import(actor=unit["user"], data=buf.getvalue())
    assert report.created == 1 and Fact.objects.count() == before + 1
    _check(lambda: workbook_import(actor=unit["user"], data=buf.getvalue()), before + 1)  # the same file again


def test_a_100000_row_csv_with_one_bad_line_saves_nothing(unit):
    rows = ["program,org_unit,period,measure,funding_source,value,as_of"]
    rows += [f"A,JOBPOL,2021-{m:02d},job_result,total,{i},2021-{m:02d}-28" for i, m in
             ((i, 1 + i % 12) for i in range(99_999))]
    rows.append("A,JOBPOL,2021-05,job_result,total,many,2021-05-31")
    with pytest.raises(ServiceError) as e:
        facts_import(actor=unit["user"], path="\n".join(rows).encode())
    assert any(p.line == 100_001 and p.code == "not_a_number" for p in e.value.problems)
    assert Fact.objects.count() == 1
