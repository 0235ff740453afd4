"""Each shipped rule catches its kind of wrong number, and only that; the doors list the same violations."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from iljari.quality.engine import evaluate
from iljari.quality.expressions import ExpressionError, parse
from iljari.quality.models import ValidationRule
from iljari.quality.services import rule_save

pytestmark = pytest.mark.django_db
MAY = dt.date(2021, 5, 31)


def found(missing_reports: bool = False, **kw):
    rules = kw.pop("rules", None)
    if rules is None:
        rules = list(ValidationRule.objects.filter(active=True))
        if not missing_reports:  # most tests craft one month; April's report is then "missing" by design
            rules = [r for r in rules if r.kind != "missing_report"]
    return {(v.rule.code, v.program_code, v.org_code)
            for v in evaluate(year=2021, as_of=kw.pop("as_of", MAY), rules=rules, **kw)}


@pytest.fixture
def clean(make_program, record):
    """A program whose numbers satisfy every rule."""
    a = make_program("OK", owner="JOBPOL")
    record(a, "job_target", "2021", 100, "2021-01-01")
    record(a, "job_result", "2021-04", 40, "2021-04-30")
    record(a, "job_result", "2021-05", 50, "2021-05-31")
    record(a, "budget", "2021", 1_000, "2021-01-01", source="city")
    record(a, "expenditure", "2021-05", 500, "2021-05-31", source="city")
    return a


def test_clean_numbers_raise_nothing(clean):
    assert found() == set()


def test_expenditure_above_budget(clean, make_program, record):
    p = make_program("OVER", owner="JOBPOL")
    record(p, "job_target", "2021", 10, "2021-01-01")
    record(p, "job_result", "2021-05", 5, "2021-05-31")
    record(p, "budget", "2021", 1_000, "2021-01-01", source="city")
    record(p, "expenditure", "2021-05", 1_001, "2021-05-31", source="city")
    assert found() == {("expenditure_within_budget", "OVER", "JOBPOL")}


def test_sources_not_adding_to_the_total(clean, make_program, record):
    p = make_program("SRC", owner="JOBPOL")
    record(p, "budget", "2021", 700, "2021-01-01", source="city")
    record(p, "budget", "2021", 200, "2021-01-01", source="national")
    record(p, "budget", "2021", 1_000, "2021-01-01", source="total")
    assert ("sources_add_to_total", "SRC", "JOBPOL") in found()
    record(p, "budget", "2021", 300, "2021-02-01", source="national", reason="정정")
    assert ("sources_add_to_total", "SRC", "JOBPOL") not in found()


def test_cumulative_result_decreasing_and_over_150_percent(clean, make_program, record):
    p = make_program("DEC", owner="JOBPOL")
    record(p, "job_target", "2021", 10, "2021-01-01")
    record(p, "job_result", "2021-04", 30, "2021-04-30")
    record(p, "job_result", "2021-05", 16, "2021-05-31")
    assert found() == {("result_not_decreasing", "DEC", "JOBPOL"), ("result_over_150_percent", "DEC", "JOBPOL")}


def test_districts_add_up_to_the_city(clean, make_program, record, tree):
    p = make_program("CITY", owner="SEOUL")
    record(p, "job_target", "2021", 100, "2021-01-01", org="SEOUL")
    record(p, "job_result", "2021-05", 90, "2021-05-31", org="SEOUL")
    record(p, "job_result", "2021-05", 50, "2021-05-31", org="GWANAK-JOB")
    record(p, "job_result", "2021-05", 30, "2021-05-31", org="JOBPOL")
    assert ("districts_add_up", "CITY", "SEOUL") in found()
    record(p, "job_result", "2021-05", 40, "2021-06-02", org="JOBPOL", reason="정정")
    assert ("districts_add_up", "CITY", "SEOUL") not in found(as_of=dt.date(2021, 6, 30))


def test_missing_monthly_report_after_the_deadline(clean, make_program, record):
    p = make_program("LATE", owner="JOBPOL")
    record(p, "job_target", "2021", 10, "2021-01-01")
    record(p, "job_result", "2021-04", 3, "2021-04-30")
    # May's report is due on 10 June: not yet missing on 31 May, nor on 9 June.
    assert ("monthly_report_missing", "LATE", "JOBPOL") not in found(True, as_of=dt.date(2021, 6, 9))
    assert ("monthly_report_missing", "LATE", "JOBPOL") in found(True, as_of=dt.date(2021, 6, 11))
    assert ("monthly_report_missing", "OK", "JOBPOL") not in found(True, as_of=dt.date(2021, 6, 11))


def test_scope_limits_the_rows(clean, make_program, record):
    p = make_program("GW", owner="GWANAK-JOB")
    record(p, "budget", "2021", 1, "2021-01-01", source="city")
    record(p, "expenditure", "2021-05", 2, "2021-05-31", source="city")
    from iljari.orgs.models import OrgUnit

    assert found(scope=OrgUnit.objects.get(code="JOBPOL")) == set()
    assert found(scope=OrgUnit.objects.get(code="GWANAK")) == {("expenditure_within_budget", "GW", "GWANAK-JOB")}


def test_rules_are_data_an_administrator_edits(clean, actor):
    from iljari.audit.models import AuditEntry

    rule_save(actor=actor, code="result_over_150_percent", reason="120%로 강화", left="job_result", operator="<=",
              right="1.2 * job_target")
    assert AuditEntry.objects.filter(object_type="quality.validationrule", reason="120%로 강화").count() == 1
    rule_save(actor=actor, code="big_target", name_ko="큰 목표", left="job_target", operator="<", right="50",
              message_ko="목표가 큽니다", severity="warning")
    assert ("big_target", "OK", "JOBPOL") in found()
    from iljari.core.errors import ServiceError

    with pytest.raises(ServiceError) as e:
        rule_save(actor=actor, code="bad", name_ko="x", left="__import__('os')", right="1", message_ko="x")
    assert e.value.problems[0].field == "left"


def test_expressions_are_a_closed_language():
    for bad in ["os.system('x')", "job_result.city.prev.prev", "unknown + 1", "lambda: 1", "[1]", "job_result ** 2"]:
        with pytest.raises(ExpressionError):
            parse(bad)


def test_cli_api_and_page_agree(clean, make_program, record, make_user, client):
    p = make_program("OVER", owner="JOBPOL")
    record(p, "budget", "2021", 1, "2021-01-01", source="city")
    record(p, "expenditure", "2021-05", 2, "2021-05-31", source="city")
    ValidationRule.objects.filter(kind="missing_report").update(active=False)
    out = io.StringIO()
    with pytest.raises(SystemExit):  # an error-severity violation: exit status 1
        call_command("validate", "--year", "2021", "--as-of", "2021-05-31", "--format", "json", stdout=out)
    cli = json.loads(out.getvalue())
    assert [v["rule"] for v in cli["violations"]] == ["expenditure_within_budget"]
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_user("rev", "reviewer"))
    r = api.get("/api/validate/", {"year": 2021, "as_of": "2021-05-31"}).json()
    assert r["violations"] == cli["violations"]
    client.force_login(make_user("rev2", "reviewer"))
    page = client.get("/quality/?year=2021&as_of=2021-05-31").content.decode()
    assert "/programs/OVER/" in page and "지출액 누계 2원이 예산현액 1원을 1원 넘습니다." in page
    x = client.get("/quality/?year=2021&as_of=2021-05-31&format=xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws["A1"].value.startswith("2021년 자료 검증 결과") and ws["C4"].value == "OVER"
    assert all(isinstance(ws.cell(row=4, column=c).value, int) for c in (8, 9))  # the two sides are numbers
    assert ValidationRule.objects.count() == 7


def test_rules_and_violations_read_as_sentences(clean, make_program, record, make_user, client):
    """A rule is a sentence, not `expenditure <= budget`; a violation says what is wrong with the program's name,
    the period and the figures with separators, with particles that fit (원이, 개에서, 개로), in either language."""
    p = make_program("OVER", owner="JOBPOL")
    record(p, "budget", "2021", 1_000_000_000, "2021-01-01", source="city")
    record(p, "expenditure", "2021-05", 1_234_567_890, "2021-05-31", source="city")
    record(p, "job_result", "2021-04", 1_200, "2021-04-30")
    record(p, "job_result", "2021-05", 1_150, "2021-05-31")
    ValidationRule.objects.filter(kind="missing_report").update(active=False)
    client.force_login(make_user("rev", "reviewer"))
    page = client.get("/quality/?year=2021&as_of=2021-05-31", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "지출액 누계는 예산현액을 넘으면 안 됩니다." in page
    assert "누계 실적이 전월보다 줄어들면 안 됩니다." in page
    assert "국비·시비·구비·기타 재원 예산현액의 합은 예산현액 총액과 같아야 합니다." in page
    assert "<code>" not in page and "expenditure &lt;= budget" not in page and "≤" not in page
    assert "지출액 누계 1,234,567,890원이 예산현액 1,000,000,000원을 234,567,890원 넘습니다." in page
    assert "누계 실적이 전월 1,200개에서 1,150개로 50개 줄었습니다." in page
    assert "사업 OVER" in page and "2021년 5월" in page and "(를)" not in page and "(가)" not in page
    # The export and the command line carry the whole sentence: program, unit, period and figures.
    csv_text = client.get("/quality/?year=2021&as_of=2021-05-31&format=csv").content.decode("utf-8-sig")
    assert "사업 OVER (일자리정책과), 2021년 5월: 지출액 누계 1,234,567,890원이 예산현액 1,000,000,000원을" in csv_text
    client.post("/i18n/setlang/", {"language": "en", "next": "/quality/"})
    en = client.get("/quality/?year=2021&as_of=2021-05-31").content.decode()
    assert "Cumulative expenditure must not exceed the budget." in en
    assert "Cumulative expenditure (1,234,567,890 won) exceeds the budget (1,000,000,000 won) by 234,567,890 won." in en
    assert "지출액 누계" not in en and "May 2021" in en
