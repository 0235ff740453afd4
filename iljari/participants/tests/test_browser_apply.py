"""A citizen applies on a phone (390 × 844) in a real browser: the list of open rounds, the round's page with the
job, who may apply and the pay, a mistyped phone number answered beside the field with everything else kept,
then the receipt. Screenshots go to var/test-artifacts/screenshots/apply-*.png; axe-core checks each step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from iljari.participants.models import Application

from .test_citizen_page import open_round  # noqa: F401 - the round, its rules, pay and worksites

pytestmark = pytest.mark.django_db(transaction=True)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "web" / "tests" / "assets" / "axe.min.js"

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is not installed (apt-get install chromium); CI must run the browser tests")
    pytest.skip("chromium is not installed; set CI=1 to make this an error", allow_module_level=True)


@pytest.fixture
def phone(live_server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        ctx = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
        page = ctx.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
        yield page
        browser.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"apply-{name}.png"), full_page=True)


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core (WCAG 2.1 A/AA) on the page as it is, its policy kept: the script is evaluated through the
    browser's developer protocol, which the content security policy does not govern."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => v.id + ': ' + v.help)""")


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling


def test_a_citizen_applies_on_a_phone(open_round, phone, live_server):  # noqa: F811
    page = phone
    page.goto(live_server.url + "/apply/")
    assert page.locator(".citizen-top .issuer").inner_text() == "서울특별시"
    card = page.locator(".round-list > li", has_text="사업 PW24")
    assert "관악구" in card.inner_text() and "40명" in card.inner_text()
    shot(page, "1-list")
    assert fits(page) and axe_violations(page) == []

    card.locator("a").click()
    page.wait_for_url(f"**/apply/{open_round.pk}/")
    assert page.locator(".citizen-top .issuer").inner_text() == "관악구"
    job, who, pay = (page.locator(f"section[aria-labelledby={s}]").inner_text() for s in ("job-title", "who-title",
                                                                                           "pay-title"))
    assert "공원·골목 환경 정비" in job and "관악산 생태공원 (25명)" in job and "하루 6시간" in job
    assert "만 18세 이상인 분" in who and "관악구에 주민등록을 두고 사는 분" in who and "1억 3,500만원 이하" in who
    assert "일급 32,000원 (6시간 근무)" in pay
    assert page.locator("#id_district option").all_inner_texts() == ["자치구를 고르십시오", "강남구", "관악구", "종로구"]
    shot(page, "2-round")
    assert fits(page) and axe_violations(page) == []

    page.fill("#id_name", "김관악")
    page.fill("#id_rrn", "680312-2345678")
    page.fill("#id_phone", "010-123")
    page.select_option("#id_district", label="관악구")
    page.fill("#id_address", "서울 관악구 관악로 145")
    page.fill("#id_household_size", "3")
    page.fill("#id_household_income", "185")
    page.fill("#id_property_value", "13,500")
    page.get_by_label("한부모가정").check()
    page.get_by_label("개인정보 수집·이용에 동의합니다 (필수)").check()
    page.get_by_role("button", name="신청하기").click()
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"  # read first
    assert "휴대전화: 전화번호가 올바르지 않습니다" in page.locator("#error-summary").inner_text()
    assert "전화번호가 올바르지 않습니다" in page.locator("#id_phone_error").inner_text()
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    kept = {f: page.input_value(f"#id_{f}") for f in ("name", "phone", "address", "household_size",
                                                     "household_income", "property_value", "rrn")}
    assert kept == {"name": "김관악", "phone": "010-123", "address": "서울 관악구 관악로 145", "household_size": "3",
                    "household_income": "185", "property_value": "13,500", "rrn": ""}
    assert page.locator("#id_district option:checked").inner_text() == "관악구"
    assert page.get_by_label("한부모가정").is_checked() and page.get_by_label("개인정보 수집·이용에 동의합니다 (필수)").is_checked()
    page.locator("#error-summary a").click()  # the link brings the field, its label and its message into view
    assert page.evaluate("document.activeElement.id") == "id_phone"
    assert page.locator("label[for=id_phone]").bounding_box()["y"] >= 0
    page.screenshot(path=str(ARTIFACTS / "apply-3-error-field.png"))
    shot(page, "3-error")
    assert fits(page) and axe_violations(page) == []
    assert not Application.objects.exists()

    page.fill("#id_phone", "010 2345 6789")
    page.fill("#id_rrn", "680312-2345678")
    page.get_by_role("button", name="신청하기").click()
    page.wait_for_selector("h1:has-text('신청이 접수되었습니다')")
    assert "680312-2******" in page.locator(".receipt").inner_text()
    assert page.locator(".citizen-top .issuer").inner_text() == "관악구"
    shot(page, "4-receipt")
    assert fits(page) and axe_violations(page) == []
    app = Application.objects.get()
    assert (app.phone, app.household_income, app.property_value, app.statuses) == (
        "010-2345-6789", 1_850_000, 135_000_000, ["single_parent"])
    # the form with errors answers 400, which the console reports; nothing else may go wrong
    assert [e for e in page.errors if "status of 400" not in e] == [], page.errors  # type: ignore[attr-defined]
