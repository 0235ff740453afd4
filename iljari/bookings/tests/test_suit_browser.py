"""A citizen books an interview suit on a phone (390 × 844) in a real browser: the service page with its rules and
branches, the booking form (the sizes free that day), a refusal beside the form (no piece chosen), the booking, the
confirmation with the due day and how to return, and the English page. axe-core checks each step; screenshots go
to var/test-artifacts/screenshots/suits-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.bookings.models import Rental
from iljari.participants.tests.test_browser_apply import ARTIFACTS, axe_violations, fits, phone  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"suits-{name}.png"), full_page=True)


def test_a_citizen_books_a_suit_on_a_phone(suit_world, make_citizen, phone, live_server):  # noqa: F811
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from iljari.bookings.accounts import SESSION_KEY

    account = make_citizen(birth=dt.date(1996, 2, 2))
    session = SessionStore()
    session[SESSION_KEY] = account.pk
    session.create()
    page = phone
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key,
                               "url": live_server.url}])
    page.goto(live_server.url + "/cafes/suits/")
    assert page.locator("h1").inner_text() == "취업날개 면접 정장 무료 대여"
    assert "최대 10회" in page.locator("#suit-rules-h + ul").inner_text()
    assert page.locator(".suit-branches > li").count() == 2
    shot(page, "1-service")
    assert fits(page) and axe_violations(page) == []

    page.locator(".suit-branches > li", has_text="열린옷장 건대점").get_by_role("link").click()
    page.wait_for_url("**/cafes/suits/SUIT-OPENCLOSET-1/book/")
    assert "95 (1벌 남음)" in page.get_by_label("재킷").inner_text()
    shot(page, "2-book")
    assert fits(page) and axe_violations(page) == []

    page.get_by_role("button", name="이 정장 예약하기").click()  # nothing chosen
    assert "대여할 품목과 치수를 하나 이상 고르세요" in page.locator("#error-summary").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("재킷").select_option("95")
    page.get_by_label("바지").select_option("32")
    page.get_by_role("button", name="이 정장 예약하기").click()
    page.wait_for_url("**/cafes/rentals/*/")
    rental = Rental.objects.get(person=account.person)
    receipt = page.locator(".receipt").inner_text()
    assert f"{rental.due_on.month}월 {rental.due_on.day}일" in receipt and "예약했습니다" in receipt
    assert "운송장" in page.locator("#return-h + ul").inner_text()
    shot(page, "3-confirmation")
    assert fits(page) and axe_violations(page) == []

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.reload()
    assert page.locator("h1").inner_text().startswith("Your suit rental")
    assert "How to return it" in page.content()
    shot(page, "4-english")
    assert axe_violations(page) == []
