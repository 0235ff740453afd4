"""Benefit history across programs where decisions are made (issue 14 §5, Acceptance 1).

A public-works applicant (관악구, seed 002's 2014 rules: excluded after more than 10 months in 2 years) worked
8 months in 영등포구's program, recorded there under a slightly different spelling of the name and without a
resident number. While the linkage only suggests the match (an undecided link in the review band) the
screening shows it as "확인 필요" and the rule does not count it; once the link is decided "same" the rule counts
those months and, with the applicant's own 3 months, excludes them with the reason in words. A namesake of the
same birth year at another address (no link) is never counted. The citizen's receipt shows the participations of
their own resident number and never a fuzzy match's details.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iljari.audit.models import AuditEntry
from iljari.participants.models import Applicant, Application, Participation, RecruitmentRound
from iljari.participants.services import applicant_register, application_submit, round_screen
from iljari.people.models import BenefitRecord, Person, PersonLink

from .test_participants import PUBLIC_FORM, public_works  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
DAY = dt.date(2014, 1, 10)  # inside the round's application window
CAP_RULE = "배제: 2년간 10개월 초과 근무자"


@pytest.fixture
def ydp(tree, actor, make_program):  # type: ignore[no-untyped-def]
    """영등포구 and its own public works program (outside the applicant's district)."""
    from iljari.orgs.services import org_unit_create

    tree["YDP"] = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", name_en="Yeongdeungpo-gu",
                                  kind="district", parent=tree["SEOUL"])
    program = make_program("YDPW", owner="YDP", groups=("low_income",))
    type(program).objects.filter(pk=program.pk).update(name_ko="영등포 공공근로", name_en="Yeongdeungpo public works")
    program.refresh_from_db()
    return program


def registered(actor, rrn: str, name: str, address: str, **extra):  # type: ignore[no-untyped-def]
    """An applicant with their registry record (the `benefits` helper makes it on registration; here by hand)."""
    a = applicant_register(actor=actor, rrn=rrn, data={"name": name, "district": "GWANAK", "address": address,
                                                       **extra})
    p = Person.objects.create(name=a.name, birth_date=a.birth_date, sex=a.sex, address=a.address,
                              district=a.district, rrn_hash=a.rrn_hash, source="applicant",
                              source_ref=f"applicant:{a.pk}")
    Applicant.objects.filter(pk=a.pk).update(person=p)
    a.refresh_from_db()
    return a


def list_person(name: str, born: dt.date, address: str, program, unit, start: dt.date, end: dt.date, *,  # type: ignore[no-untyped-def]
                rrn_hash: str = "", ref: str = "") -> Person:
    """A person of a district's participant list with one paid participation."""
    p = Person.objects.create(name=name, birth_date=born, address=address, district=unit, rrn_hash=rrn_hash,
                              source="list", source_ref=ref or f"list:1:row:{name}{start}")
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    BenefitRecord.objects.create(person=p, program=program, org_unit=unit, kind="paid", start=start, end=end,
                                 months=months, amount=months * 1_000_000, source="list",
                                 source_ref=f"list:1:{p.pk}")
    return p


def link(a: Person, b: Person, probability: float, band: str = "review", decision: str = "") -> PersonLink:
    left, right = sorted((a, b), key=lambda p: p.pk)
    return PersonLink.objects.create(left=left, right=right, probability=probability, band=band, decision=decision)


def words(html: str) -> str:
    """What a reader sees: the page's text without tags, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main"):])).replace(" )", ")")


def app_of(applicant) -> Application:  # type: ignore[no-untyped-def]
    return Application.objects.get(applicant=applicant)


def cap_decision(app: Application) -> dict:
    return next(d for d in app.decision if d["kind"] == "participation_cap")


@pytest.fixture
def acceptance(public_works, ydp, tree, actor):  # type: ignore[no-untyped-def]  # noqa: F811
    """김민수 (관악구) worked 3 months in 관악구's own program (2013.11~2014.01); 김민슈 of 영등포구's list (no
    resident number, same birth date, another way of writing the address) worked 8 months (2013.02~2013.09)
    and the linkage put the pair in the review band at 87 %. 김민수 of 1970 at another address in 영등포구
    worked 8 months too, with no link to anyone; and 박영희 applies with no history at all."""
    minsu = registered(actor, "700505-1000001", "김민수", "서울특별시 관악구 관악로 1")
    Participation.objects.create(applicant=minsu, program=public_works.program, start=dt.date(2013, 11, 1),
                                 end=dt.date(2014, 1, 31))
    typo = list_person("김민슈", dt.date(1970, 5, 5), "서울 관악구 관악로1", ydp, tree["YDP"], dt.date(2013, 2, 1),
                       dt.date(2013, 9, 30))
    review = link(minsu.person, typo, 0.87)
    namesake_applicant = registered(actor, "700808-1000002", "김민수", "서울특별시 관악구 신림로 99")
    namesake = list_person("김민수", dt.date(1970, 8, 8), "서울특별시 영등포구 당산로 5", ydp, tree["YDP"],
                           dt.date(2013, 1, 1), dt.date(2013, 8, 31))
    clean = registered(actor, "800101-2000003", "박영희", "서울특별시 관악구 봉천로 3")
    for a in (minsu, namesake_applicant, clean):
        application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=DAY)
    return {"round": public_works, "minsu": minsu, "typo": typo, "link": review, "namesake": namesake,
            "namesake_applicant": namesake_applicant, "clean": clean}


def test_a_possible_match_is_shown_to_check_and_not_counted(acceptance, actor, login):
    w = acceptance
    round_screen(actor=actor, round=w["round"])
    app = app_of(w["minsu"])
    cap = cap_decision(app)
    assert app.eligible is True and cap["passed"] is True
    assert cap["values"]["최근 참여 개월"] == 3  # only the applicant's own 3 months: a guess excludes nobody
    assert [b["program"] for b in cap["values"]["확인 필요(미반영)"]] == ["영등포 공공근로"]
    assert cap["values"]["확인 필요(미반영)"][0]["months"] == 8

    officer = login("district_officer", "GWANAK")
    page = officer.get(f"/rounds/{w['round'].pk}/").content.decode()
    row = page[page.index("김민수"):page.index("박영희")]
    assert "확인 필요 (일치 확률 87%)" in row
    assert "영등포 공공근로(영등포구) 2013.02~2013.09 8개월" in row
    assert "다른 사업 수혜: 사업 PW14(일자리경제과) 2013.11~2014.01 3개월" in row
    assert "동일인으로 확인하기 전에는 반영하지 않습니다" in row
    # the screening result names what was counted and what waits for the review
    assert "반영 내역 사업 PW14(일자리경제과) 2013.11~2014.01 3개월" in row
    assert "확인 필요(미반영) 영등포 공공근로(영등포구) 2013.02~2013.09 8개월 (일치 확률 87%)" in row
    # the view of other programs' benefits is recorded with its purpose
    entry = AuditEntry.objects.filter(action="reveal", object_type="participants.recruitmentround").get()
    assert app.pk in entry.after["applications"] and "수혜 이력" in entry.reason
    # in English, in English
    officer.cookies["django_language"] = "en"
    english = officer.get(f"/rounds/{w['round'].pk}/").content.decode()
    assert "To check (match probability 87%)" in english
    assert "Yeongdeungpo public works (Yeongdeungpo-gu) Feb 2013 – Sep 2013, 8 months" in english


def test_once_the_link_is_confirmed_the_months_count_and_exclude_with_the_reason(acceptance, actor, login):
    w = acceptance
    PersonLink.objects.filter(pk=w["link"].pk).update(decision="same", reason="주소·생년월일 일치, 본인 확인")
    round_screen(actor=actor, round=w["round"])
    app = app_of(w["minsu"])
    cap = cap_decision(app)
    assert app.eligible is False and app.status == Application.Status.INELIGIBLE
    assert cap["passed"] is False and cap["rule"] == CAP_RULE
    assert cap["values"]["최근 참여 개월"] == 11  # 8 + 3, each month once
    assert [(b["program"], b["months"]) for b in cap["values"]["반영 내역"]] == [("영등포 공공근로", 8),
                                                                               ("사업 PW14", 3)]
    assert cap["values"]["확인 필요(미반영)"] == []
    page = login("district_officer", "GWANAK").get(f"/rounds/{w['round'].pk}/").content.decode()
    row = page[page.index("김민수"):page.index("박영희")]
    assert "확인 필요" not in row
    assert f"<strong>불충족</strong> · {CAP_RULE}: 최근 참여 개월 11, 상한 2년간 10개월, 반영 내역 " \
           "영등포 공공근로(영등포구) 2013.02~2013.09 8개월; 사업 PW14(일자리경제과) 2013.11~2014.01 3개월" in row


def test_overlapping_records_count_each_month_once(acceptance, actor, tree, ydp):
    w = acceptance
    PersonLink.objects.filter(pk=w["link"].pk).update(decision="same")
    # the same months again from another list of the same person (a sure link): nothing more is counted
    again = list_person("김민슈", dt.date(1970, 5, 5), "관악로 1", ydp, tree["YDP"], dt.date(2013, 5, 1),
                        dt.date(2013, 9, 30))
    link(w["typo"], again, 0.995, band="same")
    round_screen(actor=actor, round=w["round"])
    assert cap_decision(app_of(w["minsu"]))["values"]["최근 참여 개월"] == 11


def test_a_link_decided_different_neither_counts_nor_asks(acceptance, actor, login):
    w = acceptance
    PersonLink.objects.filter(pk=w["link"].pk).update(band="same", decision="different", reason="다른 사람")
    round_screen(actor=actor, round=w["round"])
    cap = cap_decision(app_of(w["minsu"]))
    assert cap["values"]["최근 참여 개월"] == 3 and cap["values"]["확인 필요(미반영)"] == []
    page = login("district_officer", "GWANAK").get(f"/rounds/{w['round'].pk}/").content.decode()
    assert "영등포 공공근로" not in page


def test_namesakes_of_the_same_birth_year_at_other_addresses_are_not_counted_together(acceptance, actor, login):
    w = acceptance
    PersonLink.objects.filter(pk=w["link"].pk).update(decision="same")
    round_screen(actor=actor, round=w["round"])
    namesake = cap_decision(app_of(w["namesake_applicant"]))
    assert namesake["values"]["최근 참여 개월"] == 0 and namesake["passed"] is True
    assert namesake["values"]["반영 내역"] == [] and namesake["values"]["확인 필요(미반영)"] == []
    assert cap_decision(app_of(w["minsu"]))["values"]["최근 참여 개월"] == 11  # not 19: the namesake's 8 stay out
    page = login("district_officer", "GWANAK").get(f"/rounds/{w['round'].pk}/").content.decode()
    assert "2013.01~2013.08" not in page  # the namesake's own record is nobody's history here


def test_a_reviewer_sees_no_history_and_no_review_links_without_the_pages(acceptance, login):
    w = acceptance
    page = login("reviewer").get(f"/rounds/{w['round'].pk}/").content.decode()
    assert "영등포 공공근로" not in page and "다른 사업 수혜" not in page
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_review_and_person_pages_are_linked_when_they_exist(acceptance, login, settings):
    """The review queue and the person page are another helper's: linked when their URLs resolve."""
    from django.urls import reverse

    review = reverse("web:people:link", args=[acceptance["link"].pk])
    page = login("district_officer", "GWANAK").get(f"/rounds/{acceptance['round'].pk}/").content.decode()
    assert f'href="{review}"' in page


def test_screening_reads_the_history_with_the_same_queries_for_5_or_50_applicants(public_works, ydp, tree,  # noqa: F811
                                                                                   actor):
    def screen_queries(n: int, offset: int) -> int:
        for i in range(n):
            a = registered(actor, f"7{i % 9 + 1}0101-1{offset + i:06d}", f"신청자{offset + i}", "관악로")
            p = list_person(f"신청자{offset + i}", dt.date(1970, 1, 1), "관악로", ydp, tree["YDP"],
                            dt.date(2013, 3, 1), dt.date(2013, 5, 31), ref=f"list:{offset + i}")
            link(a.person, p, 0.999, band="same")
            Participation.objects.create(applicant=a, start=dt.date(2012, 5, 1), end=dt.date(2012, 6, 30))
            application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=DAY)
        with CaptureQueriesContext(connection) as q:
            round_screen(actor=actor, round=public_works)
        return len(q.captured_queries)

    few = screen_queries(5, 0)
    assert all(cap_decision(a)["values"]["최근 참여 개월"] == 5 for a in public_works.applications.all())
    many = screen_queries(45, 100)
    assert many == few  # one read for all the applicants, not one per applicant


def test_the_receipt_shows_own_number_records_and_never_a_fuzzy_matchs_details(public_works, ydp, tree, actor,  # noqa: F811
                                                                               client):
    rnd = public_works
    RecruitmentRound.objects.filter(pk=rnd.pk).update(apply_from=dt.date(2000, 1, 1), apply_to=dt.date(2100, 1, 1))
    me = registered(actor, PUBLIC_FORM["rrn"], PUBLIC_FORM["name"], "관악로 1")
    # a district list that had the resident number: the same person for sure
    numbered = list_person(PUBLIC_FORM["name"], me.birth_date, "관악로 1", ydp, tree["YDP"], dt.date(2013, 3, 1),
                           dt.date(2013, 7, 31), rrn_hash=me.rrn_hash)
    BenefitRecord.objects.filter(person=numbered).update(program=None, program_name="청년 뉴딜 일자리")
    # a fuzzy match (review band) and a sure link without the number: the office checks them, unnamed here
    fuzzy = list_person("이순싄", me.birth_date, "관악로 1", ydp, tree["YDP"], dt.date(2012, 9, 1),
                        dt.date(2012, 12, 31))
    link(me.person, fuzzy, 0.9)
    sure = list_person("이 순신", me.birth_date, "관악로 1", ydp, tree["YDP"], dt.date(2013, 10, 1),
                       dt.date(2013, 11, 30))
    BenefitRecord.objects.filter(person=sure).update(program=None, program_name="마을버스 안내 도우미")
    link(me.person, sure, 0.999, band="same")
    r = client.post(f"/apply/{rnd.pk}/", PUBLIC_FORM)
    body = words(r.content.decode())
    assert r.status_code == 200 and "신청이 접수되었습니다" in body
    assert "청년 뉴딜 일자리(영등포구) 2013.03~2013.07 (5개월)" in body
    assert "모두 5개월 참여했습니다. 10개월을 넘으면 선발되지 않을 수 있습니다" in body
    assert "선발 전에 담당 부서에서 확인합니다" in body
    for secret in ("영등포 공공근로", "마을버스", "2012.09", "2013.10", "이순싄", "90%"):
        assert secret not in body
    # the number typed with another name shows nothing of that person's history
    from django.test import Client

    other = Client(REMOTE_ADDR="10.0.0.9").post(f"/apply/{rnd.pk}/", {**PUBLIC_FORM, "name": "홍길동"})
    text = words(other.content.decode())
    assert other.status_code == 200 and "청년 뉴딜" not in text and "선발 전에 담당 부서에서 확인합니다" in text


def test_the_receipt_of_someone_without_history_says_only_that_the_office_checks(public_works, client):  # noqa: F811
    RecruitmentRound.objects.filter(pk=public_works.pk).update(apply_from=dt.date(2000, 1, 1),
                                                               apply_to=dt.date(2100, 1, 1))
    body = client.post(f"/apply/{public_works.pk}/", PUBLIC_FORM).content.decode()
    assert "최근 2년 참여:" not in body and "선발 전에 담당 부서에서 확인합니다" in body


@pytest.fixture
def fake_linkage(monkeypatch):  # type: ignore[no-untyped-def]
    """`iljari.people.linkage.service.check_new_persons` as the linkage helper will build it: recorded calls."""
    calls: list[list[int]] = []
    service = types.ModuleType("iljari.people.linkage.service")
    service.check_new_persons = lambda ids: calls.append(list(ids))  # type: ignore[attr-defined]
    package = sys.modules.get("iljari.people.linkage") or types.ModuleType("iljari.people.linkage")
    monkeypatch.setitem(sys.modules, "iljari.people.linkage", package)
    monkeypatch.setitem(sys.modules, "iljari.people.linkage.service", service)
    return calls


def test_each_application_asks_the_registry_to_check_the_person_once_committed(public_works, actor,  # noqa: F811
                                                                               fake_linkage,
                                                                               django_capture_on_commit_callbacks):
    from iljari.participants.bulk import applications_load

    a = registered(actor, "700505-1000001", "김민수", "관악로 1")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=DAY)
    assert fake_linkage == [[a.person_id]]
    b = registered(actor, "700606-1000002", "이영희", "관악로 2")
    with django_capture_on_commit_callbacks(execute=True):
        applications_load(actor=actor, round=public_works, channel="import",
                          rows=[("700606-1000002", {"name": "이영희", "district": "GWANAK"}, DAY, ""),
                                ("700707-1000003", {"name": "최철수", "district": "GWANAK"}, DAY, "")])
    new = Applicant.objects.get(name="최철수")
    # the new applicant is registered as a person with the application: both are checked, in one call
    assert fake_linkage[1:] == [[b.person_id, new.person_id]]


def test_a_failing_registry_check_never_fails_the_application(public_works, actor, monkeypatch,  # noqa: F811
                                                                django_capture_on_commit_callbacks):
    """The check runs after the commit and robustly: if the linkage fails, the application stands."""
    from iljari.people.linkage import service

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("linkage down")

    monkeypatch.setattr(service, "persons_check", broken)
    a = registered(actor, "700505-1000001", "김민수", "관악로 1")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=DAY)
    assert Application.objects.filter(applicant=a).exists()
