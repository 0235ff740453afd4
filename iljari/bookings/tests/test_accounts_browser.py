"""A citizen finds a job café and signs up on a phone (390 × 844) in a real browser: the café list with the
regional filter, a café's page, signing up (a mistyped mobile number answered beside the field, then my
bookings), and my bookings in English through the language switch. axe-core checks each step; screenshots go to
var/test-artifacts/screenshots/cafes-*.png."""

from __future__ import annotations

import pytest

from iljari.bookings.models import CitizenAccount
from iljari.participants.tests.test_browser_apply import ARTIFACTS, axe_violations, fits, phone  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cafes-{name}.png"), full_page=True)


def test_a_citizen_finds_a_cafe_and_signs_up_on_a_phone(cafe_world, phone, live_server):  # noqa: F811
    from django.core.cache import cache

    cache.clear()
    page = phone
    page.goto(live_server.url + "/cafes/")
    assert page.locator("h1").inner_text() == "일자리카페"
    assert page.locator(".cafe-cards > li").count() == 2
    shot(page, "1-list")
    assert fits(page) and axe_violations(page) == []

    page.get_by_label("광역 카페만").check()
    page.get_by_role("button", name="카페 보기").click()
    page.wait_for_url("**/cafes/?*regional=on*")
    assert page.locator(".cafe-cards > li").count() == 1
    page.locator(".cafe-cards > li h2 a").click()
    page.wait_for_url("**/cafes/places/CAFE-CITYHALL/")
    assert "09:00–18:00" in page.locator("table.hours").inner_text()
    assert "스터디룸 A" in page.content() and "모의면접" in page.content()
    shot(page, "2-place")
    assert fits(page) and axe_violations(page) == []

    page.goto(live_server.url + "/cafes/register/")
    assert "현장에서 신분증으로 확인합니다" in page.content()  # self-declared, said honestly
    page.get_by_label("휴대전화", exact=True).fill("02-123-4567")
    page.get_by_label("비밀번호", exact=True).fill("Cafe-Seoul-2026!")
    page.get_by_label("비밀번호 확인", exact=True).fill("Cafe-Seoul-2026!")
    page.get_by_label("이름", exact=True).fill("이청년")
    page.get_by_label("생년월일", exact=True).fill("1999-05-06")
    page.locator("#id_district").select_option(label="관악구")
    page.get_by_label("개인정보 수집·이용에 동의합니다 (필수)").check()
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_selector("#error-summary")
    assert "010-1234-5678처럼" in page.locator("#id_phone_error").inner_text()
    shot(page, "3-register-error")
    assert fits(page) and axe_violations(page) == []
    assert not CitizenAccount.objects.exists()

    page.get_by_label("휴대전화", exact=True).fill("010-2345-6789")
    page.get_by_label("비밀번호", exact=True).fill("Cafe-Seoul-2026!")
    page.get_by_label("비밀번호 확인", exact=True).fill("Cafe-Seoul-2026!")
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_selector("h1:has-text('내 예약')")
    assert "스터디룸 오늘 이용 시간" in page.content()
    shot(page, "4-mine")
    assert fits(page) and axe_violations(page) == []
    assert CitizenAccount.objects.get().phone == "01023456789"

    page.select_option("#language", "en")
    page.get_by_role("button", name="변경").click()
    page.wait_for_selector("h1:has-text('My bookings')")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "study rooms: minutes today" in page.content()
    shot(page, "5-mine-english")
    assert fits(page) and axe_violations(page) == []
