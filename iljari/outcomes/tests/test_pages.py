"""The outcome pages as their users see them: the portfolio office computes and publishes, the council reads the
published run, an officer traces a figure to the (masked) persons of their own programs."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.outcomes.models import IndicatorVersion, OutcomeRun
from iljari.outcomes.runs import outcomes_run, run_publish

pytestmark = pytest.mark.django_db


def test_the_office_computes_and_publishes_the_council_reads(world, login):
    office = login("portfolio")
    r = office.post("/outcomes/run/", {"year": "2021", "as_of": "2022-12-31"})
    run = OutcomeRun.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/outcomes/{run.pk}/"
    page = office.get(f"/outcomes/{run.pk}/").content.decode()
    assert "산출(미공개)" in page and "확정·공개" in page
    for shown in ("50.0%", "7명", "11,428,571원", "28.6%", "80.0%"):
        assert shown in page, shown
    assert "미달" in page  # 28.6 % vulnerable, below 50 %
    council = login("reviewer")
    assert council.get(f"/outcomes/{run.pk}/").status_code == 404  # a draft is the office's
    assert "아직 공개한 산출이 없습니다" in council.get("/outcomes/").content.decode()
    assert council.post(f"/outcomes/{run.pk}/publish/").status_code == 403
    # without ticking the confirmation nothing is published, and the page says why
    r = office.post(f"/outcomes/{run.pk}/publish/", {"version": run.version}, follow=True)
    assert "확인란에 표시한 뒤 다시 누르십시오" in r.content.decode()
    run.refresh_from_db()
    assert run.status == OutcomeRun.Status.DRAFT
    assert office.post(f"/outcomes/{run.pk}/publish/", {"version": run.version, "confirm": "yes"}).status_code == 302
    run.refresh_from_db()
    assert run.status == OutcomeRun.Status.PUBLISHED
    listing = council.get("/outcomes/").content.decode()
    assert "확정·공개" in listing and f"/outcomes/{run.pk}/" in listing
    page = council.get(f"/outcomes/{run.pk}/?type=direct").content.decode()
    assert "사업 D" in page and "사업 T" not in page
    # the council reads the figure and why, but no one is named
    trace = council.get(f"/outcomes/{run.pk}/D/employed_within/").content.decode()
    assert "참여 종료 다음 날부터 6개월 안에 민간 일자리에 취업한" in trace
    assert "김*수" not in trace and "개인정보 보호로 이름을 보이지 않는 참여자: 7명" in trace


def test_an_officer_traces_a_figure_to_masked_persons_with_reasons(world, actor, login):
    run = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 12, 31))
    run_publish(actor=actor, run=run)
    officer = login("program_officer", "JOBPOL")
    page = officer.get(f"/outcomes/{run.pk}/D/employed_within/").content.decode()
    assert "김*수" in page and "참여 종료 2021. 6. 30. → 2021. 9. 1. ㈜가나 취업 (63일 후)" in page
    assert "이*" in page and "2022. 4. 15. ㈜다라 취업 (166일 후)" in page  # her second record's end
    assert "최*호" in page and "참여가 2022. 2. 28.까지 이어짐" in page  # outside the denominator
    assert "분자에 셈 3명" in page and "분모에만 셈 3명" in page and "분모에서 제외 1명" in page
    assert "김민수" not in page and "최영호" not in page  # never a full name
    moved = officer.get(f"/outcomes/{run.pk}/D/private_move/").content.decode()
    assert "2021. 7. 1. 사업 X2 재참여 → 2021. 11. 1. ㈜마바 취업" in moved
    vuln = officer.get(f"/outcomes/{run.pk}/D/vulnerable_share/").content.decode()
    assert "신청 기록: 장애인" in vuln and "만 71세" in vuln
    repeat = officer.get(f"/outcomes/{run.pk}/D/repeat_participation/").content.decode()
    assert "이전 참여 2019. 3. 1. ~ 2019. 11. 30. 사업 D" in repeat
    # 관악구's officer: not 일자리정책과's program; their own training program with its trainee named
    district = login("district_officer", "GWANAK")
    assert district.get(f"/outcomes/{run.pk}/D/employed_within/").status_code == 404
    t = district.get(f"/outcomes/{run.pk}/T/retained/").content.decode()
    assert "서*현" in t and "2021. 12. 15.에 재직 기록 없음" in t
    run_page = district.get(f"/outcomes/{run.pk}/").content.decode()
    assert "사업 T" in run_page and "사업 D" not in run_page
    # the summary counts the district's own programs only (T and X), not the city's four
    import re

    summary = run_page.split('id="summary"')[1].split("</table>")[0]
    first = re.search(r"참여자 수</a></th><td>[^<]*</td><td class=\"n\">(\d+)</td>", summary)
    assert first and first.group(1) == "2", summary[:600]
    # English
    officer.cookies["django_language"] = "en"
    en = officer.get(f"/outcomes/{run.pk}/D/employed_within/").content.decode()
    assert "Participation ended 30 Jun 2021 → job at ㈜가나 from 1 Sep 2021 (63 days later)" in en
    assert "분자" not in en


def test_a_new_version_from_the_page(world, login, installed):
    office = login("portfolio")
    page = office.get("/outcomes/indicators/employed_within/").content.decode()
    assert "새 정의 더하기" in page
    r = office.post("/outcomes/indicators/employed_within/", {
        "valid_from": "2023-01-01", "window_months": "3", "private_only": "on", "applies_to": ["direct", "training"],
        "minimum": "25", "reason": "3개월로"})
    assert r.status_code == 302
    v = IndicatorVersion.objects.filter(indicator=installed["employed_within"]).order_by("-valid_from").first()
    assert v.definition == {"kind": "employed_within", "window_months": 3, "private_only": True}
    assert v.applies_to == ["direct", "training"] and v.minimum == 25
    again = office.post("/outcomes/indicators/employed_within/", {"valid_from": "2022-06-01", "window_months": "x"})
    text = again.content.decode()
    assert again.status_code == 200 and "아무것도 저장하지 않았습니다" in text and "정수를 적으십시오" in text
    council = login("reviewer")
    assert council.get("/outcomes/indicators/employed_within/").status_code == 200
    assert council.post("/outcomes/indicators/employed_within/", {"valid_from": "2024-01-01"}).status_code == 403
    listing = council.get("/outcomes/indicators/").content.decode()
    assert "3년 내 반복 참여율" in listing and "기준 30.0% 이하" in listing
