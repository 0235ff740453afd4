"""In a real browser (Playwright + Debian's chromium, headless): an officer opens a round with a worksite, enters a
paper application, screens, is asked before selecting ahead of the deadline, selects, and downloads the payroll
workbook. Screenshots go to var/test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API keeps a loop on this thread

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts"

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is not installed (apt-get install chromium); CI must run the browser tests")
    pytest.skip("chromium is not installed; set CI=1 to make this an error", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{name}.png"), full_page=True)


def test_an_officer_runs_a_round_from_opening_to_payroll(browser, live_server, make_program, make_user):
    from openpyxl import load_workbook

    from iljari.participants.models import EligibilityRule, PayRule

    program = make_program("PW", owner="GWANAK-JOB", groups=("low_income",))
    EligibilityRule.objects.create(program=program, kind="age_range", params={"min": 18}, label="만 18세 이상",
                                   valid_from=dt.date(2000, 1, 1))
    EligibilityRule.objects.create(program=program, kind="residency", params={"districts": ["GWANAK"]},
                                   label="관악구민", valid_from=dt.date(2000, 1, 1), order=1)
    PayRule.objects.create(program=program, valid_from=dt.date(2000, 1, 1), label="1일 6시간 32,000원",
                           params={"hours_by_age": [[65, 3]], "default_hours": 6,
                                   "daily_wage_by_hours": {"6": 32000, "3": 16000}, "daily_allowance": 5000})
    make_user("gwanak-officer", "district_officer", "GWANAK", password="pw-gwanak")
    today = timezone.localdate()
    work_from = today  # work has begun this month: its days can be entered
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # (a refused form answers 400, which the console reports as a failed load: that one is expected)
    page.on("console", lambda m: m.type == "error" and "status of 400" not in m.text and errors.append(m.text))
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "gwanak-officer")
    page.fill("#id_password", "pw-gwanak")
    page.click("button[type=submit].primary")
    page.wait_for_url(live_server.url + "/")

    # 1. open a round with a worksite
    page.goto(live_server.url + "/rounds/")
    page.click("text=모집 회차 만들기")
    assert page.locator("h1").inner_text() == "모집 회차 만들기"
    page.select_option("#id_program", label="사업 PW")
    page.fill("#id_name", "시험 회차")
    page.fill("#id_apply_from", (today - dt.timedelta(days=5)).isoformat())
    page.fill("#id_apply_to", today.isoformat())
    page.fill("#id_work_from", work_from.isoformat())
    page.fill("#id_work_to", (work_from + dt.timedelta(days=90)).isoformat())
    page.fill("#id_places", "0")
    page.fill("#id_site-0-name", "관악산 환경정비")
    page.fill("#id_site-0-places", "5")
    page.click("text=회차 열기")
    assert "저장하지 않았습니다" in page.inner_text("#error-summary")  # 0 places: said beside the field
    assert page.locator("#id_places-error").is_visible()
    page.fill("#id_places", "5")
    shot(page, "round-new")
    page.click("text=회차 열기")
    page.wait_for_selector("ul.messages")
    assert "시험 회차 회차를 열었습니다" in page.inner_text("ul.messages")
    assert "모집 5명" in page.inner_text("main")
    assert page.locator("table", has_text="관악산 환경정비").count() == 1
    round_url = page.url

    # 2. a paper application
    page.click("text=신청서 직접 입력")
    page.fill("#id_name", "강감찬")
    page.fill("#id_rrn", "700101-1234567")
    page.fill("#id_phone", "010-1234-5678")
    page.select_option("#id_district", label="관악구")
    page.select_option("#worksite", label="관악산 환경정비")
    page.fill("#id_household_income", "0")
    page.fill("#id_property_value", "0")
    page.check("#id_consent")
    page.click("button.primary")
    page.wait_for_url(round_url)
    assert "강감찬 (700101-1******) 접수" in page.inner_text("ul.messages")

    # 3. screen, then select before the deadline: asked first
    page.click("button:has-text('자격 심사')")
    page.wait_for_selector("ul.messages")
    assert "적격 1건" in page.inner_text("ul.messages")
    page.click("button:has-text('선발')")
    assert page.locator("h1").inner_text() == "신청 마감 전에 선발할까요?"
    assert f"신청은 {today.year}. {today.month}. {today.day}.까지 받고 있습니다" in page.inner_text("main")
    shot(page, "round-select-confirm")
    page.click("text=그래도 지금 선발")
    page.wait_for_url(round_url)
    assert "선발 1명" in page.inner_text("ul.messages")
    row = page.locator("tr", has_text="강감찬")
    assert row.locator("td").first.inner_text() == "1위" and "선발" in row.inner_text()
    shot(page, "round-selected")

    # 4. days worked in the first month of work, then its payroll workbook
    page.click("text=근무 실적 입력·임금 지급 대장")
    page.select_option("#month", value=f"{work_from:%Y-%m}")
    page.click("button:has-text('조회')")
    row = page.locator("tbody tr", has_text="강감찬")
    assert "미입력" in row.inner_text()  # nothing is assumed before days are entered
    row.locator("input[name^='days_']").fill("1")
    page.click("button:has-text('근무 실적 저장')")
    row = page.locator("tbody tr", has_text="강감찬")
    assert "37,000" in row.inner_text()  # 1 day × (32,000 + 5,000)
    shot(page, "round-payroll")
    with page.expect_download() as info:
        page.click("a.button:has-text('xlsx')")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx") and "임금지급대장" in download.suggested_filename
    ws = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    cells = [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    assert any("사업 PW 시험 회차" in str(r[0]) and "임금 지급 대장" in str(r[0]) for r in cells if r)
    person = next(r for r in cells if "강감찬" in r)
    assert "700101-1******" in person and isinstance(person[-1], int)  # the amount paid, a number
    assert not errors, errors
    ctx.close()


def test_the_payroll_grid_is_usable_on_a_phone(browser, live_server, make_program, make_user, actor):
    """At 390 × 844 the names stay on one line and the grid scrolls sideways inside its box, the name column
    staying at the left edge beside the pay."""
    from iljari.participants.models import Application, PayRule, RecruitmentRound
    from iljari.participants.services import application_submit
    from iljari.participants.tests.test_participants import person

    program = make_program("PHONE", owner="GWANAK-JOB")
    PayRule.objects.create(program=program, valid_from=dt.date(2000, 1, 1), label="시급제",
                           params={"basis": "hour", "hourly_rate": 10320, "default_hours": 5,
                                   "hours_by_age": [[65, 3]], "daily_allowance": 5000, "truncate_to": 10})
    rnd = RecruitmentRound.objects.create(program=program, name="휴대폰 회차", apply_from=dt.date(2021, 1, 1),
                                          apply_to=dt.date(2021, 1, 15), work_from=dt.date(2021, 2, 1),
                                          work_to=dt.date(2021, 6, 30), places=3)
    for i, name in enumerate(("남궁민수", "김민", "제갈공명")):
        a = application_submit(actor=actor, round=rnd, channel="officer", on=dt.date(2021, 1, 5),
                               applicant=person(actor, 700 + i, name=name))
        Application.objects.filter(pk=a.pk).update(status="selected", rank=i + 1)
    make_user("gwanak-phone", "district_officer", "GWANAK", password="pw-phone")
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "gwanak-phone")
    page.fill("#id_password", "pw-phone")
    page.click("button[type=submit].primary")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + f"/rounds/{rnd.pk}/payroll/?month=2021-03")
    name = page.locator("tbody th[scope=row]", has_text="남궁민수")
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('tbody th')).lineHeight)")
    assert name.bounding_box()["height"] < 2 * line + 12  # one line, not a syllable a line
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the page itself does not scroll
    wrap = page.locator(".table-wrap")
    assert page.evaluate("() => document.querySelector('.table-wrap').scrollWidth") > wrap.bounding_box()["width"]
    shot(page, "payroll-phone")
    page.evaluate("() => { const w = document.querySelector('.table-wrap'); w.scrollLeft = w.scrollWidth; }")
    box, pay = name.bounding_box(), page.locator("thead th", has_text="지급액").bounding_box()
    assert box["x"] < 40 and pay["x"] + pay["width"] <= 390  # the name at the left edge beside the pay
    shot(page, "payroll-phone-scrolled")
    ctx.close()
