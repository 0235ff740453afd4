"""Issue 12, hole 2: names that look like formulas reach every export as the text they are.

Each export (pages' CSV and xlsx, reports, the pledge card, participant lists and payroll, the monthly template,
the CLI's CSV) is made with a program, pledge or applicant named like a formula and read back: xlsx cells are
text cells (data type 's') holding the very text, no cell anywhere is a formula, and numbers are still numbers;
CSV cells begin with a quote.
"""

import copy
import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from iljari.core.spreadsheets import csv_value, looks_like_formula
from iljari.programs.models import Program

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","a")'
EVIL = [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)"]


def cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def assert_text_not_formula(data: bytes, *texts: str, contains: bool = False) -> list:
    """Every text is in some cell as a text cell; no cell of the workbook is a formula."""
    every = cells(data)
    assert [c.coordinate for c in every if c.data_type == "f"] == []
    for t in texts:
        hits = [c for c in every if isinstance(c.value, str) and (t in c.value if contains else c.value == t)]
        assert hits, t
        assert all(c.data_type == "s" for c in hits), (t, [c.data_type for c in hits])
        if looks_like_formula(t):  # Excel's quote prefix: editing the cell keeps it text
            assert all(c.quotePrefix for c in hits), t
    return every


def numbers(every: list) -> list:
    return [c.value for c in every if c.data_type == "n" and c.value is not None]


@pytest.fixture
def evil(make_program, record):
    """Four programs named like formulas (A..D), with 2021 figures."""
    out = {}
    for i, name in enumerate(EVIL):
        code = "ABCD"[i]
        p = make_program(code, owner="JOBPOL" if i % 2 == 0 else "GWANAK-JOB")
        Program.objects.filter(pk=p.pk).update(name_ko=name)
        record(p, "job_target", "2021", 1000 + i, "2021-01-01")
        record(p, "job_result", "2021-05", 400 + i, "2021-05-31")
        record(p, "budget", "2021", 5_000_000_000, "2021-01-01", source="city")
        record(p, "expenditure", "2021-05", 6_000_000_000, "2021-05-31", source="city")  # over budget: a violation
        out[code] = p
    return out


def test_the_rule_keeps_numbers_and_marks():
    assert [looks_like_formula(t) for t in EVIL] == [True] * 4
    assert [looks_like_formula(t) for t in ["-", "-1,234", "+12.5", "-3%", "△1,234", "사업 A", "", "1,000"]] == \
        [False] * 8
    assert [csv_value(v) for v in ["\tx", "\r=1", 5, -5, None]] == ["'\tx", "'\r=1", 5, -5, None]


@pytest.mark.parametrize("url", ["/programs/?year=2021&as_of=2021-05-31",
                                 "/pivot/?year=2021&as_of=2021-05-31&dim1=program",
                                 "/quality/?year=2021&as_of=2021-05-31"])
def test_page_exports_as_xlsx_and_csv(evil, login, url):
    c = login("portfolio")
    x = c.get(url + "&format=xlsx")
    assert x.status_code == 200
    every = assert_text_not_formula(x.content, *EVIL)
    if "pivot" in url:
        assert 4 in numbers(every)  # the program count of the 계 row stays a number
    shown = {c.value for c in every}
    assert {"1,000", "5,000,000,000", "-"} & shown  # formatted figures are as they were, no quote added
    assert not any(isinstance(v, str) and v.startswith("'") for v in shown)
    text = c.get(url + "&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    values = {v for r in rows for v in r}
    for name in EVIL:
        assert "'" + name in values and name not in values
    assert not any(v[:1] in "=+@" for v in values if v)
    assert "-" in values or any(v.replace(",", "").isdigit() for v in values)  # numbers and '-' untouched


def test_report_workbook(evil, login):
    x = login("portfolio").get("/reports/budget-execution/?year=2021&as_of=2021-05-31&format=xlsx")
    every = assert_text_not_formula(x.content, *EVIL)
    assert 5_000_000 in numbers(every)  # 백만원? no: 천원 — either way a number cell, not text
    assert not any(isinstance(c.value, str) and c.value.replace(",", "").isdigit() for c in every)


def test_pledge_card_workbook(login, actor, tree, codes):
    from iljari.pledges.models import Pledge, PledgeEvent, PledgeIndicator
    from iljari.pledges.services import pledge_save
    from iljari.pledges.tests.test_card import SEED

    pledge_save(actor=actor, data=copy.deepcopy(SEED))
    Pledge.objects.update(title=HYPERLINK, summary=["=1+1"])
    PledgeIndicator.objects.update(indicator="+1+1")
    PledgeEvent.objects.update(title=HYPERLINK, detail="@SUM(A1)")
    x = login("portfolio").get("/pledges/1-4/?as_of=2024-03-31&format=xlsx")
    assert x.status_code == 200
    every = assert_text_not_formula(x.content, f"1-4 {HYPERLINK}", HYPERLINK, "+1+1", "@SUM(A1)")
    assert numbers(every)


def test_participant_list_and_payroll_carry_applicant_names_as_text(make_program, actor, login):
    """Applicant names come from the anonymous public page."""
    from iljari.participants.models import Applicant, Application, PayRule, RecruitmentRound
    from iljari.participants.services import applicant_register, application_submit

    program = make_program("PW", owner="GWANAK-JOB")
    rnd = RecruitmentRound.objects.create(program=program, name="2014 상반기", apply_from=dt.date(2014, 1, 6),
                                          apply_to=dt.date(2014, 1, 17), work_from=dt.date(2014, 2, 3),
                                          work_to=dt.date(2014, 6, 30), places=4)
    PayRule.objects.create(program=program, valid_from=dt.date(2014, 1, 1), label="2014",
                           params={"default_hours": 6, "daily_wage_by_hours": {"6": 32000}, "daily_allowance": 5000,
                                   "truncate_to": 10})
    for i, name in enumerate(EVIL):
        a = applicant_register(actor=actor, rrn=f"700101-1{i:06d}", data={"name": f"신청자{i}",
                                                                          "district": "GWANAK"})
        Applicant.objects.filter(pk=a.pk).update(name=name)
        application_submit(actor=actor, round=rnd, applicant=a, channel="officer", on=dt.date(2014, 1, 9))
    Application.objects.update(status=Application.Status.SELECTED)
    for i, app in enumerate(Application.objects.order_by("id"), start=1):
        app.rank = i
        app.save(update_fields=["rank"])
    from iljari.participants.services import work_records_save

    work_records_save(actor=actor, round=rnd, year=2014, month=2,  # the days worked, as officers enter them
                      entries=[{"application": a, "days": 20, "version": 0} for a in Application.objects.all()])
    c = login("district_officer", "GWANAK")
    listing = c.get(f"/rounds/{rnd.pk}/export/participants/")
    assert numbers(assert_text_not_formula(listing.content, *EVIL))
    payroll = c.get(f"/rounds/{rnd.pk}/export/payroll/?month=2014-02")
    every = assert_text_not_formula(payroll.content, *EVIL)
    assert 20 * 37_000 in numbers(every)


def test_monthly_template(evil, tree):
    from iljari.interchange.workbook import template_workbook

    data = template_workbook(unit=tree["JOBPOL"], year=2021, month=6)
    every = assert_text_not_formula(data, HYPERLINK, "-2+3")
    assert 1000 in numbers(every)


def test_cli_csv(evil, capsys):
    call_command("rollup", "--year", "2021", "--as-of", "2021-05-31", "--by", "program", "--format", "csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    values = {v for r in rows for v in r}
    for name in EVIL:
        assert "'" + name in values and name not in values


def test_every_spreadsheet_goes_through_the_core_helper():
    """No export writes CSV or sheet rows, and no import opens a workbook, except through core.spreadsheets."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    raw = re.compile(r"csv\.writer\(|load_workbook\(|\bws\.append\((?!\[\]\))|ws\[\"[A-Z]+[0-9]+\"\] = ")
    found = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py") if "tests" not in p.parts
             and p.name != "spreadsheets.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert found == []
