"""Real browser tests: Playwright driving Debian's chromium (headless) against the live test server.

Screenshots of the main pages and the axe-core accessibility report go to var/test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
# Playwright's sync API keeps an event loop on this thread; the ORM calls of the fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts"
AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
Q = "?year=2021&as_of=2021-05-31"

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is not installed (apt-get install chromium); CI must run the browser tests")
    pytest.skip("chromium is not installed; set CI=1 to make this an error", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page_for(browser, live_server, make_user):
    pages = []

    def open_as(role: str, unit: str | None = None, username: str | None = None, **context_args):
        username = username or f"{role}-{unit or 'all'}"
        make_user(username, role, unit, password="pw-" + username)
        ctx = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900}, **context_args)
        page = ctx.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw-" + username)
        page.click("button[type=submit].primary")
        page.wait_for_url(live_server.url + "/")
        pages.append(ctx)
        return page

    yield open_as
    for ctx in pages:
        ctx.close()


def shot(page, name: str) -> None:
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{name}.png"), full_page=True)


def kpi(page, label: str) -> str:
    return page.locator(".kpi", has_text=label).locator(".v").inner_text().strip()


def test_district_officer_enters_a_month_and_the_dashboard_changes(portfolio_data, page_for, live_server):
    page = page_for("district_officer", "GWANAK", username="gwanak")
    page.goto(live_server.url + "/" + Q)
    assert kpi(page, "일자리 실적") == "50"  # their district only: B's 50
    page.wait_for_selector(".chart svg")  # ECharts drew under the CSP, from our own static files
    shot(page, "dashboard-gwanak")
    page.goto(live_server.url + "/entry/?unit=GWANAK-JOB&month=2021-05")
    b = portfolio_data["B"]
    field = page.locator(f"#result_{b.pk}")
    assert field.input_value() == "50"
    field.fill("75")
    page.fill(f"#expenditure_{b.pk}", "12,000,000")
    page.fill("#reason", "5월 실적 정정")
    page.click("text=한꺼번에 저장")
    page.wait_for_selector("p.ok")
    assert "정정 1건" in page.locator("p.ok").inner_text()
    shot(page, "entry-saved")
    page.goto(live_server.url + "/" + Q)
    assert kpi(page, "일자리 실적") == "75"
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_entry_errors_are_shown_beside_the_field(portfolio_data, page_for, live_server):
    page = page_for("district_officer", "GWANAK", username="gwanak2")
    page.goto(live_server.url + "/entry/?unit=GWANAK-JOB&month=2021-05")
    b = portfolio_data["B"]
    page.fill(f"#result_{b.pk}", "칠십")
    page.click("text=한꺼번에 저장")
    page.wait_for_selector(".field-error")
    assert page.locator(f"#result_{b.pk}").get_attribute("aria-invalid") == "true"
    assert "숫자가 아닙니다" in page.locator(f"#result_{b.pk}-error").inner_text()
    shot(page, "entry-error")


def test_another_districts_officer_is_refused(portfolio_data, page_for, live_server):
    page = page_for("district_officer", "GWANAK", username="gwanak3")
    r = page.goto(live_server.url + "/programs/A/" + Q)
    assert r.status == 404
    assert page.locator("h1").inner_text() == "찾을 수 없습니다"
    r = page.goto(live_server.url + "/entry/?unit=JOBPOL")
    assert r.status == 404
    page.goto(live_server.url + "/programs/" + Q)
    assert page.locator("table.list tbody th").all_inner_texts() == ["사업 B"]


def test_reviewer_sees_everything_and_changes_nothing(portfolio_data, page_for, live_server):
    page = page_for("reviewer", username="council")
    page.goto(live_server.url + "/programs/" + Q)
    assert sorted(page.locator("table.list tbody th").all_inner_texts()) == ["사업 A", "사업 B"]
    assert page.locator("nav >> text=월별 실적 입력").count() == 0
    r = page.goto(live_server.url + "/entry/")
    assert r.status == 403
    page.goto(live_server.url + "/pivot/" + Q + "&dim1=job_type&dim2=target_group")
    assert page.locator("tr.level0 th").first.inner_text() == "계"
    assert page.locator("text=소계").count() >= 1
    shot(page, "pivot")
    page.click("tr.level1 >> text=세분")
    page.wait_for_url("**dim1=target_group**")
    page.goto(live_server.url + "/programs/A/" + Q)
    shot(page, "program")


def test_tables_read_without_javascript(portfolio_data, page_for, live_server):
    page = page_for("reviewer", username="nojs", java_script_enabled=False)
    page.goto(live_server.url + "/" + Q)
    assert kpi(page, "일자리 목표") == "1,200"
    assert page.locator("table.rollup tr.level0").count() >= 3


def test_english_switch(portfolio_data, page_for, live_server):
    page = page_for("reviewer", username="en-reader")
    page.select_option("#language", "en")
    page.click("form.lang button")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("nav").inner_text().startswith("Dashboard")


PAGES = [("dashboard", "/" + Q), ("programs", "/programs/" + Q), ("program", "/programs/A/" + Q),
         ("pivot", "/pivot/" + Q + "&dim1=job_type&dim2=subtype"), ("entry", "/entry/?unit=JOBPOL&month=2021-05"),
         ("orgs", "/orgs/"), ("codes", "/codes/"),
         ("work report", "/reports/work-report/?org=SEOUL&year=2021&as_of=2021-05-31"),
         ("disclosure", "/reports/disclosure/?year=2021&as_of=2021-05-31"),
         ("budget execution", "/reports/budget-execution/?year=2021&as_of=2021-05-31"),
         ("pledge card", "/pledges/1-4/?as_of=2024-03-31"), ("published reports", "/public/"),
         ("duplicates", "/duplicates/?similar=1"), ("like this one", "/programs/A/similar/"),
         ("planning", "/planning/?year=2021"), ("evaluation", "/evaluation/?year=2021"),
         ("weak programs", "/evaluation/weak/?year=2021"), ("evaluation scheme", "/evaluation/scheme/?year=2021"),
         ("api tokens", "/account/api-tokens/")]


@pytest.fixture
def pledge(actor, tree, codes):  # type: ignore[no-untyped-def]
    import copy

    from iljari.pledges.services import pledge_save
    from iljari.pledges.tests.test_card import SEED

    return pledge_save(actor=actor, data=copy.deepcopy(SEED))


def test_reports_open_render_in_the_background_and_publish(portfolio_data, pledge, page_for, live_server):
    page = page_for("portfolio", username="reporter")
    page.goto(live_server.url + "/reports/work-report/?org=SEOUL&year=2021&as_of=2021-05-31")
    assert page.locator("h1").first.inner_text() == "서울특별시 주요업무보고"
    assert page.locator("table.report-table").count() >= 5
    shot(page, "work_report")
    page.click("button:has-text('PDF')")  # the PDF is made by the report worker; the page shows progress
    page.wait_for_selector("[data-job-file]")
    assert "보고서가 준비되었습니다" in page.inner_text("#job")
    shot(page, "work_report_job")
    page.goto(live_server.url + "/pledges/1-4/?as_of=2024-03-31")
    assert page.locator("[data-total-rate]").inner_text() == "61.0"
    page.fill("#pub-note", "1분기 공표")
    page.click("button:has-text('이 기준일로 카드 공표')")
    assert "누구나 볼 수 있는 공개 주소" in page.inner_text("main")  # publishing asks first, saying what happens
    shot(page, "publish_confirm")
    page.click("button:has-text('공표합니다')")
    page.wait_for_url("**/public/**")
    assert "제1판" in page.inner_text("main") and page.locator("[data-total-rate]").inner_text() == "61.0"
    shot(page, "published_pledge_card")
    assert page.errors == []  # type: ignore[attr-defined]


def test_accessibility_with_axe(portfolio_data, pledge, page_for, live_server):
    """axe-core (WCAG 2.1 A/AA rules) on the main pages; the counts go to var/test-artifacts/axe.json."""
    import datetime as dt

    from iljari.participants.models import RecruitmentRound

    rnd = RecruitmentRound.objects.create(program=portfolio_data["B"], name="하반기", apply_from=dt.date(2021, 5, 1),
                                          apply_to=dt.date(2021, 5, 31), work_from=dt.date(2021, 7, 1),
                                          work_to=dt.date(2021, 11, 30), places=10)
    page = page_for("admin", username="a11y", bypass_csp=True)  # to inject axe; the pages themselves keep it
    report = {}
    extra = [("rounds", "/rounds/"), ("round", f"/rounds/{rnd.pk}/"), ("round rules", f"/rounds/{rnd.pk}/rules/")]
    for name, url in [("login", None), *PAGES, *extra]:
        if url is None:
            ctx = page.context.browser.new_context(bypass_csp=True)
            p = ctx.new_page()
            p.goto(live_server.url + "/login/")
        else:
            p = page
            p.goto(live_server.url + url)
        p.add_script_tag(path=str(AXE))
        result = p.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
        }""")
        report[name] = result
        if url is None:
            ctx.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(report, indent=2))
    counts = {k: sum(v["nodes"] for v in vs) for k, vs in report.items()}
    print("axe violations (nodes) per page:", counts)
    assert all(c == 0 for c in counts.values()), report


def test_the_public_application_page_is_accessible_on_a_phone(browser, live_server, actor, tree, codes, make_program):
    """A citizen on a small screen: no login, every field labelled, errors announced, axe finds nothing."""
    import datetime as dt

    from iljari.participants.models import RecruitmentRound

    program = make_program("PW", owner="GWANAK-JOB", groups=("low_income",))
    rnd = RecruitmentRound.objects.create(program=program, name="하반기", apply_from=dt.date(2000, 1, 1),
                                          apply_to=dt.date(2100, 1, 1), work_from=dt.date(2100, 2, 1),
                                          work_to=dt.date(2100, 6, 30), places=10)
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = ctx.new_page()
    page.goto(live_server.url + f"/apply/{rnd.pk}/")
    page.fill("#id_name", "이순신")
    page.fill("#id_rrn", "750231-1234567")
    page.click("button.primary")
    assert "주민등록번호가 올바르지 않습니다" in page.inner_text("#error-summary")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => v.id)""")
    shot(page, "public_application_phone")
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    ctx.close()


def test_the_api_docs_render_under_the_content_security_policy(portfolio_data, page_for, live_server):
    """Swagger UI from the repository's own assets, its start-up script served as a file: the operations are
    listed, and the browser reports no policy violation."""
    page = page_for("admin", username="api-docs")
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() > 10
    assert "/api/rollup/" in page.content()
    assert not violations, violations
    shot(page, "api-docs")
