"""The ledger reports: job target disclosure, budget execution by unit project and the work report."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from iljari.orgs.models import StaffingFigure
from iljari.reports.ledger_reports import budget_execution, target_disclosure, work_report
from iljari.reports.models import ProgramNote, Publication, ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(make_program, record):  # type: ignore[no-untyped-def]
    """2020 and 2021 figures of A (JOBPOL, direct, youth) and B (GWANAK-JOB, training, seniors)."""
    a = make_program("A", owner="JOBPOL", groups=("youth",))
    b = make_program("B", owner="GWANAK-JOB", job_type="indirect", subtype="training", groups=("seniors",),
                     policy_field="skills")
    record(a, "job_target", "2020", 900, "2020-01-01")
    record(a, "job_result", "2020-12", 950, "2020-12-31")
    record(b, "job_target", "2020", 300, "2020-01-01")
    record(b, "job_result", "2020-12", 120, "2020-12-31")
    record(a, "job_target", "2021", 1000, "2021-01-01")
    record(a, "job_result", "2021-05", 400, "2021-05-31")
    record(b, "job_target", "2021", 200, "2021-01-01")
    record(a, "budget", "2021", 5_000_000_000, "2021-01-01", source="city")
    record(a, "commitment", "2021-05", 3_100_000_000, "2021-05-31", source="city")
    record(a, "expenditure", "2021-05", 3_429_900_000, "2021-05-31", source="city")
    return {"A": a, "B": b}


def _rows(table):  # type: ignore[no-untyped-def]
    return {row.label: cells for row, cells in table.printed()}


def test_disclosure_sets_targets_beside_last_years_results(ledger):
    rep = target_disclosure(org=None, year=2021, as_of=dt.date(2021, 3, 31))
    by_type, by_group, by_field = rep.tables()
    rows = _rows(by_type)
    # 사업 수, 2021 목표, 2021 예산, 2020 목표, 2020 실적, 2020 달성률, 증감 (목표 - 지난해 실적)
    assert rows["계"] == ["2", "1,200", "5,000", "1,200", "1,070", "89.2", "130"]
    assert rows["직접일자리"] == ["1", "1,000", "5,000", "900", "950", "105.6", "50"]
    assert rows["직업훈련"] == ["1", "200", "-", "300", "120", "40.0", "80"]
    assert _rows(by_group)["어르신"][5] == "40.0"
    assert _rows(by_field)["계"][6] == "130"
    assert "(단위 : 백만원)" == by_type.unit_line


def test_budget_execution_by_unit_project_truncates_like_seed_002(ledger, tree):
    tree["SEOUL"].rounding = "truncate"
    tree["SEOUL"].save()
    rep = budget_execution(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 31))
    (table,) = rep.tables()
    rows = _rows(table)
    assert table.unit_line == "(단위 : 천원)"
    assert rows["계"] == ["5,000,000", "3,100,000", "3,429,900", "68.5"]  # 68.598 truncated, as seed 002 prints
    assert rows["사업 A"] == ["5,000,000", "3,100,000", "3,429,900", "68.5"] and rows["사업 B"][0] == "-"
    # 소계 per unit one level below the report's unit
    assert [r.label for r in table.rows if r.subtotal] == ["경제정책실", "관악구"]


def test_work_report_has_general_status_targets_and_a_page_per_program(ledger, tree, actor):
    StaffingFigure.objects.create(org_unit=tree["JOBPOL"], as_of=dt.date(2021, 1, 1), grade="5급", authorized=16,
                                  current=14)
    StaffingFigure.objects.create(org_unit=tree["JOBPOL"], as_of=dt.date(2021, 1, 1), grade="6급", authorized=24,
                                  current=30)
    ProgramNote.objects.create(program=ledger["A"], year=2021, next_steps="하반기 참여자 모집 (6월)")
    seen = []
    rep = work_report(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 20),
                      progress=lambda d, t, what: seen.append((d, t)))
    assert rep.lines[0].startswith("2021. 4. 30. 기준")  # the last month end on or before the date
    staffing, budget = rep.sections[0]["tables"]
    assert _rows(staffing)["계"] == ["40", "44", "4", "16/14", "24/30"]
    assert _rows(budget)["계"][0] == "5,000"
    pages = [s for s in rep.sections if s.get("program")]
    assert [s["heading"] for s in pages] == ["1. 사업 A", "2. 사업 B"]
    assert pages[0]["next_steps"] == "하반기 참여자 모집 (6월)"
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 4


def test_a_districts_staffing_is_the_districts_not_the_citys(ledger, tree):
    """Seoul's report showed Yeongdeungpo's 2014 staffing (issue 13): a district's table stays the district's."""
    StaffingFigure.objects.create(org_unit=tree["GWANAK-JOB"], as_of=dt.date(2014, 7, 31), grade="6급",
                                  authorized=4, current=5)
    city = work_report(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 31))
    staffing = city.sections[0]["tables"][0]
    assert staffing.title == "인력 현황" and not staffing.rows
    assert staffing.note == "서울특별시의 정원·현원 자료가 등록되어 있지 않습니다"
    district = work_report(org=tree["GWANAK"], year=2021, as_of=dt.date(2021, 5, 31))
    assert _rows(district.sections[0]["tables"][0])["계"][:3] == ["4", "5", "1"]


def test_report_pages_pdf_and_xlsx(login, ledger, tmp_path):
    c = login("portfolio")
    page = c.get("/reports/disclosure/?year=2021&as_of=2021-03-31").content.decode()
    assert "2021년 전체 일자리 목표 공시" in page and "1,070" in page
    resp = c.get("/reports/budget-execution/?year=2021&as_of=2021-05-31&format=xlsx")
    wb = load_workbook(io.BytesIO(resp.content))
    cells = [r for ws in wb for r in ws.iter_rows(values_only=True)]
    total = next(r for r in cells if r and r[0] == "계")
    assert total[1:5] == (5_000_000, 3_100_000, 3_429_900, 68.6)
    if shutil.which("pdftotext"):
        pdf = tmp_path / "d.pdf"
        pdf.write_bytes(c.get("/reports/disclosure/?year=2021&as_of=2021-03-31&format=pdf").content)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "일자리 목표 공시" in text and "1,070" in text and "정책분야별" in text


def test_a_district_officer_sees_only_the_district(login, ledger):
    c = login("district_officer", "GWANAK")
    assert c.get("/reports/disclosure/?org=JOBPOL").status_code == 404
    page = c.get("/reports/disclosure/?year=2021&as_of=2021-03-31").content.decode()
    assert "관악구" in page and "1,070" not in page and "120" in page


def test_the_work_report_pdf_is_made_in_the_background_with_progress(login, ledger, tree,
                                                                     django_capture_on_commit_callbacks):
    c = login("portfolio")
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post("/reports/work-report/", {"org": "SEOUL", "year": "2021", "as_of": "2021-05-31",
                                                "format": "pdf"})
    job = ReportJob.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.status == "done" and job.total >= 1
    status = c.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "data-job-file" in status
    pdf = c.get(f"/reports/jobs/{job.pk}/file/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert login("portfolio", username="someone-else").get(f"/reports/jobs/{job.pk}/").status_code == 404


def test_a_get_never_starts_a_background_job(login, ledger, tree, django_capture_on_commit_callbacks):
    """A link (or an image tag on another site) must not start work: the page offers a POST form with CSRF."""
    from django.test import Client

    c = login("portfolio")
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.get("/reports/work-report/?org=SEOUL&year=2021&as_of=2021-05-31&format=pdf")
    assert ReportJob.objects.count() == 0
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/html")
    page = resp.content.decode()
    form = page[page.index('<form method="post" action="/reports/work-report/"'):]
    form = form[:form.index("</form>")]
    assert "csrfmiddlewaretoken" in form and 'name="format" value="pdf"' in form and 'value="SEOUL"' in form
    # Without the CSRF token the POST is refused and nothing starts.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ReportJob._meta.get_field("requested_by").related_model.objects.get(username="portfolio-all"))
    refused = strict.post("/reports/work-report/", {"org": "SEOUL", "year": "2021", "as_of": "2021-05-31",
                                                    "format": "pdf"})
    assert refused.status_code == 403 and ReportJob.objects.count() == 0
    # Other reports have no background job: a POST is not allowed.
    assert c.post("/reports/disclosure/", {"format": "pdf"}).status_code == 405


def test_a_disclosure_is_published_frozen(login, ledger, record, client):
    c = login("portfolio")
    c.post("/reports/publish/", {"confirm": "1", "kind": "target_disclosure", "subject": "ALL", "as_of": "2021-03-31",
                                 "year": "2021"})
    pub = Publication.objects.get()
    assert pub.figures["유형별/계/2020 실적(개)"] == "1,070"
    record(ledger["B"], "job_result", "2020-12", 150, "2021-01-15", reason="정정")
    assert "1,070" in client.get(f"/public/{pub.slug}/").content.decode()


def test_program_officers_write_the_work_report_text(login, ledger, tree):
    from iljari.audit.models import AuditEntry

    c = login("program_officer", "JOBPOL")
    r = c.post("/programs/A/report-text/2021/", {"achievements": "상반기 400명 채용", "next_steps": "하반기 모집",
                                                 "reason": "업무보고"})
    assert r.status_code == 302
    rep = work_report(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 31))
    page = next(s for s in rep.sections if s.get("program") == ledger["A"])
    assert (page["achievements"], page["next_steps"]) == ("상반기 400명 채용", "하반기 모집")
    assert AuditEntry.objects.filter(object_type="reports.programnote").get().reason == "업무보고"
    assert login("program_officer", "GWANAK-JOB").post("/programs/A/report-text/2021/").status_code == 404
    assert login("reviewer").post("/programs/A/report-text/2021/").status_code == 403


def test_the_work_report_carries_an_svg_chart_with_a_text_alternative(ledger, tree):
    rep = work_report(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 31))
    svg = next(s["chart"] for s in rep.sections if s.get("chart"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "직업훈련: 목표 200, 실적 -, 달성률 -%" in svg and ">40.0%<" in svg  # A: 400 / 1,000


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(("slug", "expect"), [
    ("disclosure", ["일자리 목표 공시", "유형별 목표", "1,070", "(단위 : 백만원)"]),
    ("budget-execution", ["단위사업별 예산 집행", "3,429,900", "(단위 : 천원)", "68.6"]),
    ("work-report", ["주요업무보고", "Ⅰ. 일반현황", "예산 집행 현황", "유형별 목표 및 실적", "사업개요", "향후계획"]),
])
def test_every_report_pdf_renders_and_reads_back_in_korean(login, ledger, tmp_path, slug, expect):
    resp = login("portfolio").get(f"/reports/{slug}/?org=SEOUL&year=2021&as_of=2021-05-31&format=pdf&now=1")
    assert resp["Content-Type"] == "application/pdf"
    pdf = tmp_path / f"{slug}.pdf"
    pdf.write_bytes(resp.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for t in expect:
        assert t in text, (slug, t)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / slug)],
                   check=True)
    png = next(tmp_path.glob(f"{slug}*.png"))
    assert png.stat().st_size > 5_000
    out = __import__("pathlib").Path("var/test-artifacts/pdf")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, out / f"{slug}.png")


def test_a_program_without_figures_this_year_gets_no_page_in_the_work_report(ledger, tree, make_program, record):
    """The walk found 2018 summary rows full of '-' among Seoul's 2024 '주요사업': a page per program of the year."""
    old = make_program("OLD", owner="JOBPOL")
    record(old, "budget", "2020", 9_000_000_000, "2020-01-01", source="city")  # the largest budget, but of 2020
    rep = work_report(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 31))
    headings = [s["heading"] for s in rep.sections if s.get("program")]
    assert headings == ["1. 사업 A", "2. 사업 B"]
