"""A counsellor in a real browser (chromium through Playwright): opens a seeker, refers them to a match in one
click, records the hire and, months later, the 6-month follow-up; the seeker's retention reads "6개월 고용 유지" and
the audit trail holds each step. Screenshots go to var/test-artifacts/screenshots/casework-*.png; axe-core checks
the pages."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.employment.models import FollowUp, Placement, Referral
from iljari.participants.tests.test_browser_apply import ARTIFACTS, CHROMIUM, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)  # the code lists (KECO) are seeded again by the `occ` fixture
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




@pytest.fixture
def counsellor_page(live_server, make_user):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    make_user("gwanak-counsellor", "district_officer", "GWANAK", password="pw-counsellor")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900}).new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        page.goto(live_server.url + "/login/")
        page.fill("#id_username", "gwanak-counsellor")
        page.fill("#id_password", "pw-counsellor")
        page.click("button[type=submit].primary")
        page.wait_for_url(live_server.url + "/")
        yield page
        browser.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"casework-{name}.png"), full_page=True)


def test_a_counsellor_refers_in_one_click_records_the_hire_and_the_six_month_follow_up(
        counsellor_page, live_server, make_seeker, make_vacancy):
    seeker = make_seeker(name="정중년", birth_date=dt.date(1967, 4, 2), registered_on=today() - dt.timedelta(days=400))
    vacancy = make_vacancy(title="시설관리원", wage=2_450_000)
    make_vacancy(title="사무보조원")
    page = counsellor_page
    page.goto(f"{live_server.url}/centres/seekers/{seeker.pk}/")
    assert page.locator("h1").inner_text().startswith("정중년")
    match = page.locator(f"#match-{vacancy.pk}")
    assert "희망 직종과 같은" in match.inner_text()
    shot(page, "1-seeker")
    assert axe_violations(page) == []
    page.reload()  # axe leaves empty style attributes behind, which htmx's settle would copy (CSP refuses them)

    match.get_by_role("button", name="시설관리원에 알선").click()  # one click, swapped in by htmx
    page.locator(f"#match-{vacancy.pk} .note").wait_for()
    assert "알선했습니다" in page.locator(f"#match-{vacancy.pk}").inner_text()
    assert "결과 대기" in page.locator("#referrals-h + .table-wrap").inner_text()
    referral = Referral.objects.get(seeker=seeker, vacancy=vacancy)
    shot(page, "2-referred")

    # Seven months pass between the referral and today (the referral was made then, the hire soon after).
    Referral.objects.filter(pk=referral.pk).update(referred_on=today() - dt.timedelta(days=200))
    page.reload()
    placed_on = today() - dt.timedelta(days=190)
    page.select_option("#id_placement-referral", str(referral.pk))
    page.fill("#id_placement-placed_on", placed_on.isoformat())
    page.fill("#id_placement-wage", "2,450,000")
    page.get_by_role("button", name="취업 기록").click()
    page.wait_for_load_state()
    assert page.locator("#seeker-status").inner_text() == "취업"
    assert page.locator("#retention").inner_text() == "확인 전"
    placement = Placement.objects.get(seeker=seeker)
    assert placement.wage == 2_450_000 and placement.employer == vacancy.employer
    assert "채용" in page.locator("#referrals-h + .table-wrap").inner_text()

    six = FollowUp.objects.get(placement=placement, months=6)
    row = page.locator(f"#follow-up-{six.pk}")
    assert "기한 지남" in row.inner_text() or "예정" in row.inner_text()
    row.locator(f"input[name='f{six.pk}-same_employer'][value=yes]").check()
    row.get_by_role("button", name="사후관리 기록").click()
    page.locator(f"#follow-up-{six.pk} td.ok").wait_for()  # the row, swapped in place
    assert "계속 근무" in page.locator(f"#follow-up-{six.pk}").inner_text()
    page.reload()
    assert page.locator("#retention").inner_text() == "6개월 고용 유지"
    shot(page, "3-retained")
    assert axe_violations(page) == []
    assert not page.errors, page.errors  # type: ignore[attr-defined]

    trail = list(AuditEntry.objects.filter(source="web").order_by("pk").values_list("object_type", "action"))
    assert ("employment.referral", "create") in trail and ("employment.placement", "create") in trail
    assert trail[-1] == ("employment.followup", "update")


def test_the_vacancy_page_and_todays_follow_ups_in_english(counsellor_page, live_server, make_seeker, make_vacancy,
                                                            actor, occ):
    from iljari.employment.casework import placement_record

    vacancy = make_vacancy(title="경리 사무원")
    make_seeker(name="한후보", birth_date=dt.date(1995, 1, 9))
    placed = make_seeker(name="오사후", registered_on=today() - dt.timedelta(days=200))
    placement_record(actor=actor, seeker=placed, occupation=occ["02"], employer_name="관악마트",
                     placed_on=today() - dt.timedelta(days=95), wage_type="hourly", wage=10_030, contract="part_time",
                     via="self")
    page = counsellor_page
    page.select_option("#language", "en")
    page.get_by_role("button", name="변경").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/centres/vacancies/{vacancy.pk}/")
    candidate = page.locator(".matches > li", has_text="한후보")
    assert "desired occupation" in candidate.inner_text()
    shot(page, "4-vacancy-en")
    assert axe_violations(page) == []
    page.reload()
    candidate.get_by_role("button", name="Refer 한후보").click()
    page.locator(".matches .note").wait_for()
    assert "Awaiting" in page.locator("#vref-h + .table-wrap").inner_text()

    page.goto(f"{live_server.url}/centres/follow-ups/")
    rows = page.locator("tr.follow-up")
    assert rows.count() == 2 and all("Overdue" in t for t in rows.all_inner_texts())  # 1 and 3 months, overdue
    shot(page, "5-follow-ups-en")
    assert axe_violations(page) == []
    assert not page.errors, page.errors  # type: ignore[attr-defined]
