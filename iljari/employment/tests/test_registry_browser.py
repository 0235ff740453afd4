"""In a real browser (Playwright + Debian's chromium, headless): a counsellor of 관악구's job centre registers a job
seeker, then a vacancy below the minimum wage (refused beside the wage), corrects it with a new employer entered
inline, and approves a vacancy sent through the public form. Screenshots go to var/test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

# the round pages' browser (one per module) and screenshots, not a copy
from iljari.participants.tests.test_round_browser import browser, shot  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API keeps a loop on this thread

@pytest.fixture
def seeded(db):  # type: ignore[no-untyped-def]
    """The shipped code lists (a transactional test flushed the migration's rows)."""
    from iljari.employment import codes
    from iljari.employment.models import MinimumWage, Occupation, SkillCode
    from iljari.programs.models import Measure

    if not Occupation.objects.exists():
        codes.seed(Occupation, SkillCode, MinimumWage, Measure)


def test_a_counsellor_registers_a_seeker_and_a_vacancy(browser, live_server, seeded, centres, make_user,  # noqa: F811
                                                        make_vacancy):
    from iljari.employment.models import Seeker, Vacancy

    pending = make_vacancy(title="온라인 접수 조리원", occupation="53", status="pending", channel="online")
    make_user("gwanak-counsellor", "district_officer", "GWANAK", password="pw-gwanak")
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and "status of 400" not in m.text and errors.append(m.text))
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "gwanak-counsellor")
    page.fill("#id_password", "pw-gwanak")
    page.click("button[type=submit].primary")
    page.wait_for_url(live_server.url + "/")

    # 1. a job seeker
    page.goto(live_server.url + "/centres/seekers/")
    page.click("text=구직자 등록")
    assert page.locator("h1").inner_text() == "구직자 등록"
    page.fill("#id_name", "한구직")
    page.fill("#id_birth_date", "1988-04-12")
    page.fill("#id_phone", "010-4321-8765")
    page.select_option("#id_home_district", label="관악구")
    page.select_option("#id_desired_occupations", label="경영·행정·사무직")
    page.select_option("#id_wage_type", value="monthly")
    page.fill("#id_desired_wage", "2,500,000")
    shot(page, "registry-seeker-form")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/centres/seekers/*/")
    seeker = Seeker.objects.get(person__name="한구직")
    assert page.url.endswith(f"/centres/seekers/{seeker.pk}/")
    assert seeker.desired_wage == 2_500_000 and [o.code for o in seeker.desired_occupations.all()] == ["02"]
    page.goto(live_server.url + "/centres/seekers/")
    assert "010-****-8765" in page.content() and "한구직" in page.content()
    shot(page, "registry-seekers")

    # 2. a vacancy below the minimum wage is refused beside the wage; corrected, it is registered
    page.goto(live_server.url + "/centres/vacancies/new/")
    page.fill("#id_new_employer_name", "㈜관악식품")
    page.fill("#id_new_business_number", "134-86-72683")
    page.fill("#id_title", "사무보조원")
    page.select_option("#id_occupation_code", label="경영·행정·사무직")
    page.select_option("#id_district", label="관악구")
    page.select_option("#id_wage_type", value="hourly")
    page.fill("#id_wage", "5,000")
    page.fill("#id_hours_per_week", "40")
    page.fill("#id_deadline", (timezone.localdate() + dt.timedelta(days=20)).isoformat())
    page.click("button[type=submit].primary")
    error = page.locator("#id_wage + .field-error")
    assert "최저임금" in error.inner_text()
    shot(page, "registry-vacancy-refused")
    assert not Vacancy.objects.filter(title="사무보조원").exists()
    page.fill("#id_wage", "11,000")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/centres/vacancies/*/")
    v = Vacancy.objects.get(title="사무보조원")
    assert (v.status, v.wage, v.employer.name) == ("open", 11_000, "㈜관악식품")
    page.goto(live_server.url + "/centres/vacancies/")
    assert "시급 11,000원" in page.content()
    shot(page, "registry-vacancies")

    # 3. the approval queue
    page.goto(live_server.url + "/centres/vacancies/approvals/")
    assert "온라인 접수 조리원" in page.content()
    shot(page, "registry-approvals")
    page.locator(f"#v{pending.pk} button[value=approve]").click()
    page.wait_for_url("**/centres/vacancies/approvals/")
    assert "승인을 기다리는 구인이 없습니다." in page.content()
    pending.refresh_from_db()
    assert pending.status == "open"
    assert not errors, errors
    ctx.close()
