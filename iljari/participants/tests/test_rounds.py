"""Officers open and change recruitment rounds from the pages: dates in order, worksites within the places, a
version check against lost updates, an audit row; a district runs its own round of a city program it carries out;
selecting before the application deadline asks first; the applicant list reads 1위 / 대기 1번."""

import datetime as dt
import html
import re

import pytest

from iljari.audit.models import AuditEntry
from iljari.participants.models import Application, RecruitmentRound, Worksite
from iljari.participants.services import applicant_register, application_submit, round_screen, round_select

pytestmark = pytest.mark.django_db

FORM = {"name": "2024년 하반기", "announce_on": "2024-04-22", "apply_from": "2024-05-01", "apply_to": "2024-05-31",
        "select_on": "2024-06-20", "work_from": "2024-07-01", "work_to": "2024-11-30", "places": "415",
        "vulnerable_quota_percent": "10", "note": "", "reason": "하반기 모집 계획",
        "site-TOTAL_FORMS": "3", "site-INITIAL_FORMS": "0", "site-MIN_NUM_FORMS": "0", "site-MAX_NUM_FORMS": "200",
        "site-0-name": "민원안내", "site-0-places": "215", "site-1-name": "환경정비", "site-1-places": "200",
        "site-2-name": "", "site-2-places": ""}


def text(r) -> str:  # type: ignore[no-untyped-def]
    """The page as the user reads it (entities such as &#x27; as the characters they show)."""
    return html.unescape(r.content.decode())


def test_an_officer_opens_a_round_with_worksites_for_their_own_programs_only(make_program, login):
    mine = make_program("MINE", owner="JOBPOL")
    make_program("THEIRS", owner="GWANAK-JOB")
    officer = login("program_officer", "JOBPOL")
    assert "모집 회차 만들기" in text(officer.get("/rounds/"))
    assert "모집 회차 만들기" not in text(login("reviewer").get("/rounds/"))  # may look, not open
    page = text(officer.get("/rounds/new/"))
    assert ">사업 MINE</option>" in page and "사업 THEIRS" not in page and 'value="MINE"' in page
    refused = officer.post("/rounds/new/", {**FORM, "program": "THEIRS"})  # another unit's program: not a choice
    assert refused.status_code == 400 and not RecruitmentRound.objects.exists()
    r = officer.post("/rounds/new/", {**FORM, "program": "MINE"})
    rnd = RecruitmentRound.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/rounds/{rnd.pk}/"
    assert (rnd.program, rnd.places, rnd.apply_to, rnd.select_on, rnd.run_by) == (
        mine, 415, dt.date(2024, 5, 31), dt.date(2024, 6, 20), None)
    assert sorted(rnd.worksites.values_list("name", "places")) == [("민원안내", 215), ("환경정비", 200)]
    entry = AuditEntry.objects.get(object_type="participants.recruitmentround", action="create")
    assert entry.after["places"] == 415 and entry.reason == "하반기 모집 계획"
    assert entry.after["worksites"] == [{"name": "민원안내", "places": 215}, {"name": "환경정비", "places": 200}]
    shown = text(officer.get(r["Location"]))
    assert "2024년 하반기 회차를 열었습니다" in shown and "모집 415명" in shown and "회차 고치기" in shown


@pytest.mark.parametrize("change, field, message", [
    ({"apply_to": "2024-04-30"}, "apply_to", "신청 마감일(2024. 4. 30.)이 신청 시작일(2024. 5. 1.)보다 앞섭니다"),
    ({"announce_on": "2024-05-02"}, "announce_on", "공고일(2024. 5. 2.)은 신청 시작일(2024. 5. 1.)보다 늦을 수 없습니다"),
    ({"select_on": "2024-05-30"}, "select_on", "선발일(2024. 5. 30.)은 신청 마감일(2024. 5. 31.) 이후여야 합니다"),
    ({"select_on": "2024-07-02"}, "select_on", "선발일(2024. 7. 2.)은 근무 시작일(2024. 7. 1.)보다 늦을 수 없습니다"),
    ({"work_from": "2024-05-20"}, "work_from", "근무 시작일(2024. 5. 20.)이 신청 마감일(2024. 5. 31.)보다 앞섭니다"),
    ({"work_to": "2024-06-30"}, "work_to", "근무 종료일(2024. 6. 30.)이 근무 시작일(2024. 7. 1.)보다 앞섭니다"),
    ({"site-1-places": "201"}, "worksites", "근무지 인원의 합(416명)이 모집 인원(415명)보다 많습니다"),
    ({"site-1-name": "민원안내"}, "worksites", "근무지 '민원안내'가 두 번 있습니다"),
    ({"site-2-name": "방역"}, "site-2-places", "근무지 인원을 넣으십시오"),
    ({"apply_from": "2024-13-45"}, "apply_from", "날짜를 2024-07-01처럼 넣으십시오"),
    ({"places": "1" * 23}, "places", "100000"),  # a 23-digit number is a field error, not a server error
    ({"places": "0"}, "places", "1"),
    ({"name": "x" * 101}, "name", "100"),
    ({"site-TOTAL_FORMS": "100000"}, "worksites", ""),  # a forged row count: refused, not a million forms
])
def test_a_round_out_of_order_is_refused_beside_the_field_in_korean(make_program, login, change, field, message):
    make_program("MINE", owner="JOBPOL")
    officer = login("program_officer", "JOBPOL")
    r = officer.post("/rounds/new/", {**FORM, "program": "MINE", **change})
    page = text(r)
    assert r.status_code == 400 and "저장하지 않았습니다" in page and message in page
    if field.startswith("site-"):
        assert f'id="id_{field}"' in page
    elif field != "worksites":
        assert f'id="id_{field}-error"' in page
    assert not RecruitmentRound.objects.exists() and not Worksite.objects.exists()


@pytest.fixture
def opened(make_program, login):  # type: ignore[no-untyped-def]
    make_program("MINE", owner="GWANAK-JOB")
    officer = login("district_officer", "GWANAK")
    assert officer.post("/rounds/new/", {**FORM, "program": "MINE"}).status_code == 302
    return officer, RecruitmentRound.objects.get()


def edit_form(rnd: RecruitmentRound, **change: str) -> dict[str, str]:
    """The edit form as the page fills it: the round's worksites, one empty row, then `change`."""
    sites = list(rnd.worksites.order_by("name"))
    form = {k: v for k, v in FORM.items() if not k.startswith("site-")}
    form.update({"version": str(rnd.version), "site-TOTAL_FORMS": str(len(sites) + 1), "site-INITIAL_FORMS": "0",
                 "site-MIN_NUM_FORMS": "0", "site-MAX_NUM_FORMS": "200",
                 f"site-{len(sites)}-name": "", f"site-{len(sites)}-places": ""})
    for i, w in enumerate(sites):
        form.update({f"site-{i}-name": w.name, f"site-{i}-places": str(w.places)})
    return {**form, **change}


@pytest.fixture
def gangnam(tree, actor):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create

    tree["GANGNAM"] = org_unit_create(actor=actor, code="GANGNAM", name_ko="강남구", kind="district",
                                      parent=tree["SEOUL"])
    return tree["GANGNAM"]


def test_a_round_is_changed_with_a_version_check_and_an_audit_row(opened, actor):
    officer, rnd = opened
    url = f"/rounds/{rnd.pk}/edit/"
    page = text(officer.get(url))
    assert 'value="2024-05-31"' in page and 'value="민원안내"' in page and 'name="version" value="1"' in page
    form = edit_form(rnd, places="420", reason="추가 모집 5명")
    r = officer.post(url, form)
    assert r.status_code == 302
    rnd.refresh_from_db()
    assert (rnd.places, rnd.version) == (420, 2)
    assert sorted(rnd.worksites.values_list("name", "places")) == [("민원안내", 215), ("환경정비", 200)]  # kept as sent
    entry = AuditEntry.objects.get(object_type="participants.recruitmentround", action="update")
    assert (entry.before["places"], entry.after["places"], entry.reason) == (415, 420, "추가 모집 5명")
    forged = officer.post(url, {**form, "version": "x" * 30})
    assert forged.status_code == 400 and "열었던 회차의 판" in text(forged)
    stale = officer.post(url, {**form, "places": "500"})  # the form of version 1 again: a lost update
    assert stale.status_code == 409 and "다른 사용자가 먼저 이 회차를 고쳤습니다" in text(stale)
    assert 'value="420"' in text(stale)  # what is saved now is shown
    rnd.refresh_from_db()
    assert rnd.places == 420
    # a worksite an applicant asked for stays; places never fall below those selected
    person = applicant_register(actor=actor, rrn="700101-1000001", data={"name": "갑", "district": "GWANAK"})
    application_submit(actor=actor, round=rnd, applicant=person, channel="officer", on=dt.date(2024, 5, 2),
                       worksite="환경정비")
    gone = edit_form(rnd, **{"site-1-name": "", "site-1-places": ""})
    r = officer.post(url, gone)
    assert r.status_code == 400 and "신청자가 희망했거나 배치된 근무지는 뺄 수 없습니다: 환경정비" in text(r)
    other = applicant_register(actor=actor, rrn="700101-1000002", data={"name": "을", "district": "GWANAK"})
    application_submit(actor=actor, round=rnd, applicant=other, channel="officer", on=dt.date(2024, 5, 2))
    Application.objects.filter(round=rnd).update(status="selected")
    r = officer.post(url, edit_form(rnd, places="1"))
    assert r.status_code == 400 and "이미 2명을 선발했습니다. 모집 인원을 그보다 줄일 수 없습니다" in text(r)
    assert rnd.worksites.count() == 2


def test_only_those_who_run_the_round_may_change_it(opened, login):
    _, rnd = opened
    assert login("reviewer").get(f"/rounds/{rnd.pk}/edit/").status_code == 403
    assert login("program_officer", "JOBPOL").get(f"/rounds/{rnd.pk}/edit/").status_code == 404
    assert login("portfolio").get(f"/rounds/{rnd.pk}/edit/").status_code == 200


def test_a_district_runs_its_own_round_of_a_city_program_it_carries_out(make_program, tree, login, actor, gangnam):
    city = make_program("CITY", owner="JOBPOL")
    city.implementing_orgs.set([tree["GWANAK"]])
    gwanak = login("district_officer", "GWANAK")
    assert 'value="CITY"' in text(gwanak.get("/rounds/new/"))
    assert 'value="CITY"' not in text(login("district_officer", "GANGNAM").get("/rounds/new/"))
    assert gwanak.post("/rounds/new/", {**FORM, "program": "CITY", "name": "관악구 하반기"}).status_code == 302
    rnd = RecruitmentRound.objects.get()
    assert rnd.run_by == tree["GWANAK"]
    assert "운영: 관악구" in text(gwanak.get(f"/rounds/{rnd.pk}/"))
    assert "관악구 하반기</a> <small>(운영: 관악구)</small>" in text(gwanak.get("/rounds/"))
    # it runs the round: every application of it, whoever states which district
    for n, district in ((1, "GWANAK"), (2, "GANGNAM")):
        p = applicant_register(actor=actor, rrn=f"700101-100000{n}", data={"name": f"신청자{n}", "district": district})
        application_submit(actor=actor, round=rnd, applicant=p, channel="officer", on=dt.date(2024, 5, 2))
    page = text(gwanak.get(f"/rounds/{rnd.pk}/"))
    assert "신청자1" in page and "신청자2" in page
    assert gwanak.post(f"/rounds/{rnd.pk}/action/", {"action": "screen"}).status_code == 302
    assert gwanak.get(f"/rounds/{rnd.pk}/edit/").status_code == 200
    other = login("district_officer", "GANGNAM", username="gangnam-2")
    assert other.post(f"/rounds/{rnd.pk}/action/", {"action": "screen"}).status_code == 404
    assert other.get(f"/rounds/{rnd.pk}/edit/").status_code == 404


def test_selecting_before_the_deadline_asks_first(opened, actor, settings):
    officer, rnd = opened
    rnd.apply_from, rnd.apply_to = dt.date(2000, 1, 1), dt.date(2100, 1, 31)
    rnd.work_from, rnd.work_to = dt.date(2100, 3, 1), dt.date(2100, 6, 30)
    rnd.save()
    p = applicant_register(actor=actor, rrn="700101-1000001", data={"name": "갑", "district": "GWANAK"})
    application_submit(actor=actor, round=rnd, applicant=p, channel="officer")
    round_screen(actor=actor, round=rnd)
    url = f"/rounds/{rnd.pk}/action/"
    ask = officer.post(url, {"action": "select"})
    page = text(ask)
    assert ask.status_code == 200 and "신청 마감 전에 선발할까요?" in page
    assert "신청은 2100. 1. 31.까지 받고 있습니다" in page and "신청 1건만으로 순위를 정합니다" in page
    assert not Application.objects.filter(status="selected").exists()
    assert 'name="confirm" value="early"' in page
    done = officer.post(url, {"action": "select", "confirm": "early"}, follow=True)
    assert "선발 1명" in text(done) and Application.objects.get().status == "selected"
    rnd.apply_to = dt.date(2001, 1, 1)  # the deadline has passed: no question
    rnd.save()
    assert officer.post(url, {"action": "select"}).status_code == 302


def test_the_applicant_list_reads_rank_and_waiting_place(opened, actor):
    officer, rnd = opened
    rnd.places = 1
    rnd.save()
    Worksite.objects.filter(round=rnd).delete()
    on = dt.date(2024, 5, 2)
    for n, district in ((1, "GWANAK"), (2, "GWANAK"), (3, "GWANAK"), (4, "")):
        p = applicant_register(actor=actor, rrn=f"700101-100000{n}", data={
            "name": f"신청자{n}", "district": district, "household_income": 100_000 * n})
        application_submit(actor=actor, round=rnd, applicant=p, channel="officer", on=on)
    from iljari.participants.models import EligibilityRule

    EligibilityRule.objects.create(program=rnd.program, kind="residency", params={"districts": ["GWANAK"]},
                                   label="구민", valid_from=dt.date(2024, 1, 1))
    round_screen(actor=actor, round=rnd)
    round_select(actor=actor, round=rnd)
    page = text(officer.get(f"/rounds/{rnd.pk}/"))
    cells = re.findall(r'<tr><td class="n">([^<]*)</td><td>(?:<a [^>]*>)?(신청자\d)', page)
    assert cells == [("1위", "신청자1"), ("대기 1번", "신청자2"), ("대기 2번", "신청자3"), ("-", "신청자4")]
    assert "순위 " not in page


def test_selection_says_plainly_when_the_vulnerable_quota_is_not_met(opened, actor):
    officer, rnd = opened
    rnd.apply_from, rnd.apply_to = dt.date(2000, 1, 1), dt.date(2000, 1, 31)
    rnd.vulnerable_quota_percent = 50
    rnd.save()
    for i in range(3):
        p = applicant_register(actor=actor, rrn=f"70010{i + 1}-1000001", data={"name": f"갑{i}", "district": "GWANAK"})
        application_submit(actor=actor, round=rnd, applicant=p, channel="officer", on=dt.date(2000, 1, 10))
    round_screen(actor=actor, round=rnd)
    quota = round_select(actor=actor, round=rnd)["quota"]
    assert quota >= 1
    page = text(officer.post(f"/rounds/{rnd.pk}/action/", {"action": "select"}, follow=True))
    assert f"취약계층 의무 {quota}명 중 0명만 선발했습니다: 적격 취약계층 신청자가 부족합니다" in page
