"""The centre dashboard in a real browser (Korean, desktop): a reviewer opens 일자리센터, sees the year's funnel
with last year beside it, the monthly table and the two charts drawn (ECharts, no console errors), and axe-core
finds no WCAG 2.1 A/AA violation. Screenshot: var/test-artifacts/screenshots/funnel-dashboard.png."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from iljari.participants.tests.test_browser_apply import ARTIFACTS, CHROMIUM, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_dashboard_in_a_browser(live_server, centres, make_seeker, make_vacancy, make_user, codes):
    from playwright.sync_api import sync_playwright

    from iljari.core.cli import actor_for
    from iljari.employment.derive import funnel_derive

    for day in (dt.date(2025, 2, 3), dt.date(2026, 1, 5), dt.date(2026, 2, 9), dt.date(2026, 3, 2)):
        make_vacancy(posted_on=day, deadline=day + dt.timedelta(days=30))
        make_seeker(name=f"김{day.month}{day.day}", registered_on=day)
    for year, as_of in ((2025, dt.date(2025, 3, 31)), (2026, dt.date(2026, 3, 31))):
        funnel_derive(actor=actor_for("system"), year=year, as_of=as_of, centres=list(centres.values()))
    make_user("reviewer1", "reviewer", password="pw")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900}).new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "reviewer1")
        page.fill("input[name=password]", "pw")
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state()
        page.get_by_role("link", name="일자리센터").first.click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/centres/?year=2026&as_of=2026-03-31")
        summary = page.locator("#funnel-summary").inner_text()
        assert "구인" in summary and "구직" in summary
        row = page.locator('#funnel-summary tr[data-measure="vacancies_registered"] td').all_inner_texts()
        assert row[:3] == ["3", "1", "+2"]  # 2026: three vacancies; 2025 by 31 March: one
        assert page.locator("#funnel-months tbody tr").count() == 3  # January to March
        page.wait_for_selector(".chart svg")
        assert page.locator(".chart svg").count() == 2
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "funnel-dashboard.png"), full_page=True)
        assert axe_violations(page) == []
        assert errors == []
        browser.close()
