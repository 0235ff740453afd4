"""The job-plan disclosure (지역일자리 공시제, issue 18): a city's or district's plan with its headline targets typed
in with their source, the job targets by type read from the ledger (typed where it has none), a check that names
every missing mandatory item in Korean and English, and publishing as a frozen public page once nothing is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.reports.jobplans.categories import term_of
from iljari.reports.jobplans.models import JobPlan
from iljari.reports.jobplans.selectors import plan_report, plan_view
from iljari.reports.jobplans.services import plan_create, plan_publish, plan_save
from iljari.reports.models import Publication

pytestmark = pytest.mark.django_db
D = dt.date

HEADLINES = {  # made-up figures of the test world (the seeds give none)
    "employment_rate": {"base_year": 2020, "base_value": Decimal("66.2"), "target_value": Decimal("66.5"),
                        "source": "통계청 경제활동인구조사", "source_date": D(2021, 1, 13)},
    "employed": {"base_year": 2020, "base_value": Decimal(5_000_000), "target_value": Decimal(5_012_000),
                 "source": "통계청 경제활동인구조사"},
    "regular_employees": {"base_year": 2020, "base_value": Decimal(2_900_000), "target_value": Decimal(2_895_000),
                          "source": "통계청 경제활동인구조사"},
}


@pytest.fixture
def ledger(make_program, record):  # type: ignore[no-untyped-def]
    """2021 targets and budgets of the city: direct jobs at 경제정책실, training and construction at 관악구."""
    direct = make_program("D1", owner="JOBPOL")
    training = make_program("T1", owner="GWANAK-JOB", job_type="indirect", subtype="training")
    works = make_program("W1", owner="ECON", job_type="indirect", subtype="construction")
    record(direct, "job_target", "2021", 8_758, "2021-01-01")
    record(direct, "budget", "2021", 62_000_000_000, "2021-01-01")
    record(training, "job_target", "2021", 2_000, "2021-01-01")
    record(training, "budget", "2021", 18_473_000_000, "2021-01-01")
    record(works, "job_target", "2021", 1_178, "2021-01-01")  # 공사인력: no budget (seed 001)
    return {"direct": direct, "training": training, "works": works}


@pytest.fixture
def plan(actor, tree, ledger):  # type: ignore[no-untyped-def]
    return plan_create(actor=actor, org=tree["SEOUL"], kind="annual", year=2021)


def complete(actor, plan, **headlines):  # type: ignore[no-untyped-def]
    """Everything but what the test leaves out: the direction, the headlines, the types the ledger lacks."""
    return plan_save(actor=actor, plan=plan, data={
        "direction": "취업 취약계층의 고용안전망 강화",
        "headlines": {**HEADLINES, **headlines},
        "categories": {
            "employment_service": {"not_applicable": True}, "employment_subsidy": {"not_applicable": True},
            "startup": {"years": {2021: {"target": 500, "budget": 3_000_000_000}}, "note": "창업허브"},
            "infrastructure": {"not_applicable": True},
            "business_attraction": {"years": {2021: {"target": 1_200}}, "note": "첨단 산업단지 입주기업(비예산)"},
        }})


def test_a_plan_reads_the_ledger_by_the_disclosures_types(plan):
    view = plan_view(plan)
    assert plan.due == D(2021, 3, 31) and plan.as_of == D(2021, 3, 31) and plan.term == 7  # 민선 7기
    by = {t.code: t.cells[2021] for t in view.types}
    assert (by["direct"].target, by["direct"].budget, by["direct"].target_from) == (8_758, 62_000_000_000, "ledger")
    assert (by["training"].target, by["training"].budget) == (2_000, 18_473_000_000)  # the district's too
    assert by["other"].target == 1_178 and by["other"].budget is None  # 공사인력: no type of the disclosure
    assert by["business_attraction"].target is None
    figures = plan_report(view).figures()
    assert figures["유형별 일자리 목표/계/일자리 목표(개)"] == "11,936"
    assert figures["유형별 일자리 목표/계/예산"] == "80,473"  # 백만원
    assert figures["유형별 일자리 목표/직업능력개발훈련/예산"] == "18,473"
    assert figures["유형별 일자리 목표/그 밖의 일자리 사업(공사인력)/예산"] == "-"


def test_every_missing_item_is_named_in_korean_and_english(plan):
    ko = [(p.field, p.message_ko) for p in plan_view(plan).blockers]
    en = [p.message_en for p in plan_view(plan).blockers]
    assert ("direction", "일자리 대책 추진 방향이 없습니다") in ko
    assert ("headline.employment_rate.target_value",
            "고용률(15~64세): 2021년 목표, 기준연도 값, 출처(예: 통계청 경제활동인구조사)가 없습니다") in ko
    assert ("headline.regular_employees.target_value",  # a city's plan also targets regular employees
            "상용근로자 수: 2021년 목표, 기준연도 값, 출처(예: 통계청 경제활동인구조사)가 없습니다") in ko
    assert ("types.business_attraction.2021.target",
            "기업유치: 2021년 일자리 목표가 없습니다 (사업이 없으면 '해당 없음'으로 표시)") in ko
    assert "Employment rate (ages 15-64): the 2021 target, the base-year value and the source (e.g. Statistics " \
           "Korea's economically active population survey) are missing" in en
    assert not any(f and f.startswith(("types.direct", "types.training")) for f, _m in ko)  # the ledger has them
    assert len(ko) == 1 + 3 + 5  # direction, three headlines, five types without figures


def test_a_district_plan_does_not_ask_for_regular_employees(actor, tree, ledger):
    p = plan_create(actor=actor, org=tree["GWANAK"], kind="annual", year=2021)
    fields = [b.field for b in plan_view(p).blockers]
    assert "headline.employment_rate.target_value" in fields
    assert not any("regular_employees" in f for f in fields)
    assert plan_view(p).types[1].cells[2021].target == 2_000  # 관악구's own training program


def test_the_demo_citys_annual_plan_refuses_to_publish_until_the_employment_rate_target_is_entered(
        login, actor, plan, client):
    """Acceptance (issue 18): refused while the employment-rate target is missing, published once it is entered."""
    complete(actor, plan, employment_rate={**HEADLINES["employment_rate"], "target_value": None})
    assert [(b.field, b.message_ko) for b in plan_view(plan).blockers] == [
        ("headline.employment_rate.target_value", "고용률(15~64세): 2021년 목표가 없습니다")]
    office = login("portfolio")
    page = office.get("/job-plans/SEOUL/annual/2021/").content.decode()
    assert "고용률(15~64세): 2021년 목표가 없습니다" in page and "이 계획 공시하기" not in page
    form = {"confirm": "1", "kind": "job_plan", "subject": "SEOUL-annual-2021", "as_of": "2021-03-31"}
    refused = office.post("/reports/publish/", form)
    assert refused.status_code == 400 and "고용률(15~64세): 2021년 목표가 없습니다" in refused.content.decode()
    english = Client()
    english.force_login(refused.wsgi_request.user)
    english.cookies["django_language"] = "en"
    said = english.post("/reports/publish/", form).content.decode()
    assert "Employment rate (ages 15-64): the 2021 target is missing" in said
    with pytest.raises(ServiceError) as refusal:
        plan_publish(actor=actor, plan=plan)
    assert [p.field for p in refusal.value.problems] == ["headline.employment_rate.target_value"]
    assert not Publication.objects.exists()

    # the officer enters the target on the edit page
    edit = office.get("/job-plans/SEOUL/annual/2021/edit/").content.decode()
    assert 'name="h-employment_rate-target_value"' in edit
    post = _inputs(edit)  # the form as the page fills it from the saved plan
    assert post["h-employment_rate-base_value"] == "66.2" and post["c-infrastructure-na"] == "1"
    post["h-employment_rate-target_value"] = "66.5"
    assert office.post("/job-plans/SEOUL/annual/2021/edit/", post).status_code == 302
    page = office.get("/job-plans/SEOUL/annual/2021/").content.decode()
    assert "필수 항목이 모두 있습니다" in page and "이 계획 공시하기" in page
    done = office.post("/reports/publish/", form)
    pub = Publication.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/public/{pub.slug}/"
    assert (pub.kind, pub.subject, pub.as_of, pub.sequence) == ("job_plan", "SEOUL-annual-2021", D(2021, 3, 31), 1)
    assert pub.figures["주요 고용 목표/고용률(15~64세)/목표"] == "66.5%"
    assert pub.figures["주요 고용 목표/고용률(15~64세)/증감"] == "0.3%포인트"
    assert pub.figures["주요 고용 목표/취업자 수/목표"] == "5,012,000명"
    assert pub.figures["주요 고용 목표/상용근로자 수/증감"] == "△5,000명"
    public = client.get(f"/public/{pub.slug}/").content.decode()  # anyone, no login
    assert "2021년 서울특별시 일자리 대책 연차별 세부계획" in public and "66.5%" in public
    assert "통계청 경제활동인구조사 (2021. 1. 13.)" in public and "첨단 산업단지 입주기업(비예산)" in public

    # later corrections do not change the published edition; the next edition says what changed
    complete(actor, plan, employment_rate={**HEADLINES["employment_rate"], "target_value": Decimal("66.7")})
    assert "66.5%" in client.get(f"/public/{pub.slug}/").content.decode()
    second = plan_publish(actor=actor, plan=plan)
    assert second.previous == pub and second.figures["주요 고용 목표/고용률(15~64세)/목표"] == "66.7%"
    assert "공시함(제2판까지" in office.get("/job-plans/").content.decode()


def _inputs(page: str) -> dict[str, str]:
    import re

    out: dict[str, str] = {}
    for m in re.finditer(r'<input([^>]*)>', page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if attrs.get("type") == "checkbox":
            if " checked" in m.group(1):
                out[name] = attrs.get("value", "on")
            continue
        out[name] = attrs.get("value", "")
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        out[m.group(1)] = m.group(2)
    return out


def test_the_form_refuses_bad_figures_and_a_typed_figure_where_the_ledger_has_one(actor, plan, login):
    with pytest.raises(ServiceError) as bad:
        plan_save(actor=actor, plan=plan, data={
            "headlines": {"employment_rate": {"target_value": Decimal("166.5")},
                          "employed": {"target_value": Decimal("12.5")}},
            "categories": {"direct": {"years": {2021: {"target": 9_000}}},
                           "startup": {"years": {2022: {"target": 10}}}}})
    fields = {p.field: p.message_ko for p in bad.value.problems}
    assert fields["headline.employment_rate.target_value"] == "고용률(15~64세) 목표는 0보다 크고 100 이하인 %입니다"
    assert fields["headline.employed.target_value"] == "취업자 수 목표는 0 이상의 정수(명)입니다"
    assert fields["types.direct.2021.target"].startswith("2021년 직접일자리 일자리 목표는 일자리사업 자료에서 읽습니다")
    assert fields["types.startup.2022"] == "2022년은 계획 기간 밖입니다"
    assert not plan.headlines.exists()  # nothing saved
    office = login("portfolio")
    page = office.post("/job-plans/SEOUL/annual/2021/edit/", {"h-employment_rate-target_value": "육십",
                                                              "version": "1"}).content.decode()
    assert "아무것도 저장하지 않았습니다" in page and "고용률(15~64세) 목표: 숫자가 아닙니다" in page
    assert 'name="c-direct-2021-target"' not in page  # the ledger's cell is shown, not offered


def test_a_save_is_audited_whole_and_version_checked(actor, plan):
    from iljari.audit.describe import describe_change

    complete(actor, plan)
    row = AuditEntry.objects.filter(object_type="reports.jobplan", action="update").get()
    assert "employment_rate" not in row.before
    assert row.after["employment_rate"] == "기준 2020년 66.2% · 2021년 목표 66.5% · 출처 통계청 경제활동인구조사(2021. 1. 13.)"
    assert row.after["startup"] == "2021년 목표 500개·예산 3,000백만원 · 비고 창업허브"
    assert row.after["infrastructure"] == "해당 없음"
    lines = [ln.text() for ln in describe_change(row).lines]  # the audit trail in words
    assert "고용률(15~64세): 기준 2020년 66.2% · 2021년 목표 66.5% · 출처 통계청 경제활동인구조사(2021. 1. 13.)" in lines
    assert "추진 방향: 취업 취약계층의 고용안전망 강화" in lines
    assert describe_change(row).subject == "2021년 서울특별시 연차별 세부계획"
    plan.refresh_from_db()
    assert plan.version == 2
    with pytest.raises(ServiceError):
        plan_save(actor=actor, plan=plan, data={"direction": "다른 방향"}, expected_version=1)
    complete(actor, plan)  # the same again: nothing changed, nothing audited
    assert AuditEntry.objects.filter(object_type="reports.jobplan").count() == 2  # create + one update


def test_a_comprehensive_plan_spans_the_term_with_typed_later_years(actor, tree, ledger):
    p = plan_create(actor=actor, org=tree["SEOUL"], kind="comprehensive", year=2018)
    assert (p.first_year, p.last_year, p.term, p.due) == (2018, 2021, 7, D(2018, 12, 31))
    plan_save(actor=actor, plan=p, data={"as_of": D(2021, 3, 31), "last_year": 2022, "categories": {
        "direct": {"years": {2022: {"target": 9_000, "budget": 63_000_000_000}}}}})
    p.refresh_from_db()
    view = plan_view(p)
    direct = view.types[0]
    assert [direct.cells[y].target for y in p.years] == [None, None, None, 8_758, 9_000]
    assert direct.origins == {"ledger", "typed"}
    figures = plan_report(view).figures()
    assert figures["유형별 일자리 목표/직접일자리/임기 계 목표(개)"] == "17,758"
    assert figures["유형별 일자리 목표/직접일자리/근거"] == "일자리사업 자료·담당자 입력"
    assert "직접일자리: 2019년 일자리 목표가 없습니다 (사업이 없으면 '해당 없음'으로 표시)" in [
        b.message_ko for b in view.blockers]
    assert "민선 7기 서울특별시 지역일자리 종합계획(2018~2022)" in plan_report(view).title


def test_who_may_see_edit_and_publish(login, actor, tree, ledger, plan):
    gwanak = plan_create(actor=actor, org=tree["GWANAK"], kind="annual", year=2021)
    district = login("district_officer", "GWANAK")
    assert district.get("/job-plans/GWANAK/annual/2021/").status_code == 200
    assert district.get("/job-plans/SEOUL/annual/2021/").status_code == 404  # the city's is not the district's
    assert district.get("/job-plans/GWANAK/annual/2021/edit/").status_code == 403  # the portfolio office edits
    listed = district.get("/job-plans/").content.decode()
    assert "2021년 관악구 일자리 대책 연차별 세부계획" in listed and "2021년 서울특별시" not in listed
    assert district.post("/job-plans/", {"org": "GWANAK", "kind": "annual", "year": "2022"}).status_code == 403
    assert login("reviewer").get("/job-plans/SEOUL/annual/2021/edit/").status_code == 403
    office = login("portfolio")
    made = office.post("/job-plans/", {"org": "GWANAK", "kind": "comprehensive", "year": "2022"})
    assert made.status_code == 302 and made["Location"] == "/job-plans/GWANAK/comprehensive/2022/edit/"
    form = office.get(made["Location"]).content.decode()  # four years, each offered where the ledger has nothing
    assert 'name="last_year"' in form and 'value="2025"' in form
    assert all(f'name="c-direct-{y}-target"' in form for y in (2022, 2023, 2024, 2025))
    assert "민선 8기 관악구 지역일자리 종합계획(2022~2025)" in office.get("/job-plans/").content.decode()
    again = office.post("/job-plans/", {"org": "GWANAK", "kind": "comprehensive", "year": "2022"})
    assert "이 계획은 이미 있습니다" in again.content.decode()
    complete(actor, gwanak)
    plan_save(actor=actor, plan=gwanak, data={"categories": {"direct": {"not_applicable": True}}})
    assert district.post("/reports/publish/", {"confirm": "1", "kind": "job_plan", "subject": "GWANAK-annual-2021",
                                               "as_of": "2021-03-31"}).status_code == 302  # its own district's
    assert district.post("/reports/publish/", {"confirm": "1", "kind": "job_plan", "subject": "SEOUL-annual-2021",
                                               "as_of": "2021-03-31"}).status_code == 403


def test_the_pages_in_english_and_the_files(login, actor, plan):
    complete(actor, plan)
    c = login("portfolio")
    c.cookies["django_language"] = "en"
    page = c.get("/job-plans/SEOUL/annual/2021/").content.decode()
    assert "Seoul annual detailed job plan 2021" in page and "Every mandatory item is there." in page
    assert "Employment rate (ages 15-64)" in page and "66.5%" in page and "5,012,000 people" in page
    assert "Job targets by type" in page and "Program ledger" in page
    assert "Seoul" in c.get("/job-plans/").content.decode()
    edit = c.get("/job-plans/SEOUL/annual/2021/edit/").content.decode()
    assert "Headline employment targets" in edit and "Not applicable" in edit
    xlsx = c.get("/job-plans/SEOUL/annual/2021/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = c.get("/job-plans/SEOUL/annual/2021/?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_elected_terms():
    assert [term_of(y) for y in (2018, 2019, 2021, 2022, 2023)] == [6, 7, 7, 7, 8]  # an annual plan by March
    assert [term_of(y, first_year_of_term=True) for y in (2010, 2014, 2018, 2022)] == [5, 6, 7, 8]


def test_the_demo_loads_seouls_2021_plan_with_the_ledgers_targets_by_type(actor, codes):
    """The demo's plan (seed 001): the types from the ledger as the seed's table (L707-717), the headline targets
    missing (no seed gives them), so the check names them."""
    from iljari.demo.jobplans import load_demo_job_plans
    from iljari.interchange.canonical import facts_import, orgs_import, programs_import

    folder = Path(__file__).resolve().parents[2] / "demo" / "data"
    for name, fn in (("orgs", orgs_import), ("programs", programs_import), ("facts", facts_import)):
        fn(actor=actor, path=folder / f"{name}.csv", file_name=f"demo/{name}.csv", reason="demo")
    lines = list(load_demo_job_plans(actor=actor))
    assert lines and list(load_demo_job_plans(actor=actor))  # twice: nothing new
    p = JobPlan.objects.get()
    view = plan_view(p)
    figures = plan_report(view).figures()
    assert {t.code: t.cells[2021].target for t in view.types} == {
        "direct": 187_307, "training": 21_827, "employment_service": 70_955, "employment_subsidy": 3_719,
        "startup": 15_699, "infrastructure": None, "business_attraction": None, "other": 48_178 + 45_603}
    assert figures["유형별 일자리 목표/계/일자리 목표(개)"] == "393,288"
    assert figures["유형별 일자리 목표/직접일자리/예산"] == "1,822,413"  # seed 001 L672 (백만원)
    assert [b.field for b in view.blockers] == [
        "headline.employment_rate.target_value", "headline.employed.target_value",
        "headline.regular_employees.target_value", "types.infrastructure.2021.target",
        "types.business_attraction.2021.target"]
    assert "코로나19 장기화에 대비한 취업 취약계층의 고용안전망 강화" in p.direction
