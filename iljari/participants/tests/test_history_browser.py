"""In a real browser on a phone (390 × 844; Playwright + Debian's chromium, headless): the officer's screening list
shows an applicant's other benefits before selection — the sure ones plainly, a possible match marked "확인 필요"
with its probability — and the citizen's receipt shows their own participations counted by the 10-month cap.
Screenshots go to var/test-artifacts/screenshots/history-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.participants.models import Participation
from iljari.people.models import BenefitRecord, Person

# the browser, the phone-sized page and axe come from the citizen's apply test (skipped there without chromium)
from .test_browser_apply import ARTIFACTS, axe_violations, phone  # noqa: F401
from .test_citizen_page import open_round  # noqa: F401 - the round (seed 002's rules), its pay and worksites
from .test_history_in_screening import link, list_person, registered

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def links_by_hand(monkeypatch):  # type: ignore[no-untyped-def]
    """This page's world sets its links by hand (a review-band match at 87 %); the registry check that would
    score them again after each committed application is tested in test_issue14_acceptance."""
    from iljari.people.linkage import service

    monkeypatch.setattr(service, "check_new_persons", lambda *args, **kwargs: None)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"history-{name}.png"), full_page=True)


def test_the_officer_sees_other_benefits_before_selection_and_the_citizen_their_own(open_round, phone,  # noqa: F811
                                                                                     live_server, tree, actor,
                                                                                     make_program, make_user):
    from iljari.orgs.services import org_unit_create
    from iljari.participants.services import application_submit, round_screen

    tree["YDP"] = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    ydp = make_program("YDPW", owner="YDP", groups=("low_income",))
    type(ydp).objects.filter(pk=ydp.pk).update(name_ko="영등포 공공근로")
    ydp.refresh_from_db()
    minsu = registered(actor, "700505-1000001", "김민수", "서울특별시 관악구 관악로 1")
    Participation.objects.create(applicant=minsu, program=open_round.program, start=dt.date(2013, 11, 1),
                                 end=dt.date(2014, 1, 31))
    typo = list_person("김민슈", dt.date(1970, 5, 5), "서울 관악구 관악로1", ydp, tree["YDP"], dt.date(2013, 2, 1),
                       dt.date(2013, 9, 30))
    link(minsu.person, typo, 0.87)
    application_submit(actor=actor, round=open_round, applicant=minsu, channel="officer")
    round_screen(actor=actor, round=open_round)
    make_user("gwanak-officer", "district_officer", "GWANAK", password="pw-gwanak")

    page = phone
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "gwanak-officer")
    page.fill("#id_password", "pw-gwanak")
    page.click("button[type=submit].primary")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + f"/rounds/{open_round.pk}/")
    row = page.locator("table.applicants tbody tr", has_text="김민수")
    assert "다른 사업 수혜: 사업 PW24(일자리경제과) 2013.11~2014.01 3개월" in row.locator("p.history").first.inner_text()
    possible = row.locator("p.history.possible")
    assert possible.inner_text().startswith("확인 필요 (일치 확률 87%): 영등포 공공근로(영등포구) 2013.02~2013.09 8개월")
    row.scroll_into_view_if_needed()
    shot(page, "1-screening")
    row.locator("summary").click()
    assert "반영 내역 사업 PW24(일자리경제과) 2013.11~2014.01 3개월" in row.locator("ul.reasons").inner_text()
    shot(page, "1-screening-reasons")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls inside its box
    assert axe_violations(page) == []

    # the citizen: a district's list with their resident number; the fuzzy match above stays unnamed
    ctx = page.context
    ctx.clear_cookies()
    numbered = list_person("이순신", dt.date(1975, 4, 28), "관악로 1", ydp, tree["YDP"], dt.date(2013, 3, 1),
                           dt.date(2013, 7, 31), ref="list:9")
    from iljari.participants.rrn import parse_rrn, rrn_hash

    Person.objects.filter(pk=numbered.pk).update(rrn_hash=rrn_hash(parse_rrn("750428-1234567")))
    BenefitRecord.objects.filter(person=numbered).update(program=None, program_name="청년 뉴딜 일자리")
    page.goto(live_server.url + f"/apply/{open_round.pk}/")
    page.fill("#id_name", "이순신")
    page.fill("#id_rrn", "750428-1234567")
    page.fill("#id_phone", "010-2345-6789")
    page.select_option("#id_district", label="관악구")
    page.fill("#id_address", "서울 관악구 관악로 1")
    page.fill("#id_household_size", "2")
    page.fill("#id_household_income", "90")
    page.fill("#id_property_value", "5,000")
    page.get_by_label("개인정보 수집·이용에 동의합니다 (필수)").check()
    page.get_by_role("button", name="신청하기").click()
    page.wait_for_selector("h1:has-text('신청이 접수되었습니다')")
    prior = page.locator("section.prior").inner_text()
    assert "청년 뉴딜 일자리(영등포구) 2013.03~2013.07 (5개월)" in prior
    assert "10개월을 넘으면 선발되지 않을 수 있습니다" in prior and "담당 부서에서 확인합니다" in prior
    assert "영등포 공공근로" not in page.content()
    shot(page, "2-receipt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    assert page.errors == []  # type: ignore[attr-defined]
