"""A citizen looks for work and an employer posts a vacancy on a phone (390 × 844) in a real browser: the job
search with free text and a filter, a vacancy, registering as a seeker (a mistyped phone number answered beside
the field, then the confirmation), an employer's vacancy (a wage under the minimum wage, then accepted), and the
English page through the language switch. axe-core checks each step; screenshots go to
var/test-artifacts/screenshots/jobs-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.employment.models import Seeker, Vacancy
from iljari.participants.tests.test_browser_apply import ARTIFACTS, axe_violations, fits, phone  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"jobs-{name}.png"), full_page=True)


@pytest.fixture
def seeded(db):  # type: ignore[no-untyped-def]
    """The migration's code lists again: a transactional test before this one flushed them."""
    from iljari.employment.codes import seed
    from iljari.employment.models import MinimumWage, Occupation, SkillCode
    from iljari.programs.models import Measure

    if not Occupation.objects.exists():
        seed(Occupation, SkillCode, MinimumWage, Measure)


@pytest.fixture
def jobs(seeded, make_vacancy, centres, tree, actor):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from iljari.employment.models import SkillCode

    cache.clear()
    centres["GWANAK"].phone = "02-879-7141"
    centres["GWANAK"].save()
    care = make_vacancy("요양보호사 (주간보호센터)", occupation="55", tasks="어르신 식사·이동 보조, 목욕 도움",
                        requirements="요양보호사 자격증 소지자", wage_type="hourly", wage=11_000, hours_per_week=30,
                        contract="part_time", posted_on=today() - dt.timedelta(days=1),
                        deadline=today() + dt.timedelta(days=5), address="서울 관악구 남부순환로 1820")
    care.required_licences.set([SkillCode.objects.get(code="L-CAREGIVER")])
    make_vacancy("사무보조원", occupation="02", tasks="문서 정리와 엑셀 입력")
    make_vacancy("아파트 경비원", occupation="54", tasks="출입 통제와 순찰")
    make_vacancy("대기 중인 요양 구인", occupation="55", status="pending")
    yield {"care": care}
    cache.clear()


def test_a_citizen_finds_a_job_and_registers_on_a_phone(jobs, phone, live_server):  # noqa: F811
    page = phone
    page.goto(live_server.url + "/jobs/")
    assert page.locator("h1").inner_text() == "일자리 찾기"
    assert page.locator(".job-list > li").count() == 3
    shot(page, "1-search")
    assert fits(page) and axe_violations(page) == []

    page.get_by_label("검색어", exact=True).fill("요양")
    page.get_by_role("button", name="일자리 보기").click()
    page.wait_for_url("**/jobs/?q=*")
    assert page.locator("#results-title").inner_text() == "1건"
    card = page.locator(".job-list > li")
    assert "요양보호사 (주간보호센터)" in card.inner_text() and "시급 11,000원" in card.inner_text()
    assert "대기 중인" not in page.content()
    shot(page, "2-results")
    assert fits(page) and axe_violations(page) == []

    card.locator("a").click()
    page.wait_for_url(f"**/jobs/{jobs['care'].pk}/")
    apply = page.locator("section[aria-labelledby=apply-title]").inner_text()
    assert "관악구 일자리센터" in apply and "02-879-7141" in apply
    assert "5일 남음" in page.locator(".deadline").inner_text()
    shot(page, "3-vacancy")
    assert fits(page) and axe_violations(page) == []

    page.get_by_role("link", name="아직 구직 등록을 하지 않으셨나요? 구직 신청하기").click()
    page.wait_for_url("**/jobs/register/")
    page.get_by_label("이름", exact=True).fill("김구직")
    page.get_by_label("생년월일", exact=True).fill("1968-03-12")
    page.get_by_label("휴대전화", exact=True).fill("010-123")
    page.get_by_label("사는 자치구", exact=True).select_option(label="관악구")
    page.get_by_label("희망 직종", exact=True).select_option(value="55")
    page.get_by_label("요양보호사", exact=True).check()
    page.get_by_label("개인정보 수집·이용에 동의합니다 (필수)").check()
    page.get_by_role("button", name="신청하기").click()
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"  # read first
    assert "전화번호를 숫자로 적어 주십시오" in page.locator("#id_phone_error").inner_text()
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    assert page.input_value("#id_name") == "김구직" and page.get_by_label("요양보호사", exact=True).is_checked()
    shot(page, "4-register-error")
    assert fits(page) and axe_violations(page) == []
    assert not Seeker.objects.exists()

    page.get_by_label("휴대전화", exact=True).fill("010-2345-6789")
    page.get_by_role("button", name="신청하기").click()
    page.wait_for_selector("h1:has-text('구직 신청이 접수되었습니다')")
    assert "관악구 일자리센터 상담사가" in page.content()
    shot(page, "5-registered")
    assert fits(page) and axe_violations(page) == []
    s = Seeker.objects.get()
    assert (s.person.name, s.person.phone, s.centre.code, s.channel) == ("김구직", "010-2345-6789", "GJC", "online")
    assert [e for e in page.errors if "status of 400" not in e] == [], page.errors  # type: ignore[attr-defined]


def test_an_employer_posts_a_vacancy_on_a_phone(jobs, phone, live_server):  # noqa: F811
    page = phone
    page.goto(live_server.url + "/jobs/post/")
    page.get_by_label("기업 이름", exact=True).fill("㈜관악돌봄")
    page.get_by_label("사업자등록번호", exact=True).fill("220-81-62517")
    page.get_by_label("담당자", exact=True).fill("이담당")
    page.get_by_label("담당자 전화번호", exact=True).fill("02-123-4567")
    page.get_by_label("공고 제목", exact=True).fill("방문요양 요양보호사")
    page.get_by_label("직종", exact=True).select_option(value="55")
    page.get_by_label("근무지 자치구", exact=True).select_option(label="관악구")
    page.get_by_label("하는 일", exact=True).fill("어르신 댁을 방문하여 식사와 청소를 돕습니다")
    page.get_by_label("임금 형태", exact=True).select_option(value="hourly")
    page.get_by_label("임금(원)", exact=True).fill("9,000")
    page.get_by_label("주당 근로시간", exact=True).fill("20")
    page.get_by_label("고용 형태", exact=True).select_option(value="part_time")
    page.get_by_label("마감일", exact=True).fill((today() + dt.timedelta(days=20)).isoformat())
    page.get_by_label("개인정보 수집·이용에 동의합니다 (필수)").check()
    page.get_by_role("button", name="구인 신청하기").click()
    page.wait_for_selector("#error-summary")
    assert "최저임금" in page.locator("#id_wage_error").inner_text()
    shot(page, "6-post-error")
    assert fits(page) and axe_violations(page) == []
    assert not Vacancy.objects.filter(title="방문요양 요양보호사").exists()

    page.get_by_label("임금(원)", exact=True).fill("12,000")
    page.get_by_role("button", name="구인 신청하기").click()
    page.wait_for_selector("h1:has-text('구인 신청이 접수되었습니다')")
    assert "승인되면 일자리 찾기에 올라가며" in page.content()
    shot(page, "7-posted")
    assert fits(page) and axe_violations(page) == []
    v = Vacancy.objects.get(title="방문요양 요양보호사")
    assert (v.status, v.wage, v.employer.business_number) == ("pending", 12_000, "2208162517")


def test_the_search_in_english_through_the_language_switch(jobs, phone, live_server):  # noqa: F811
    page = phone
    page.goto(live_server.url + "/jobs/")
    page.select_option("#language", "en")
    page.get_by_role("button", name="변경").click()
    page.wait_for_selector("h1:has-text('Find a job')")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#results-title").inner_text() == "3 vacancies"
    shot(page, "8-english")
    assert fits(page) and axe_violations(page) == []
