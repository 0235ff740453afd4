"""Slice "flows": the work queue, the case page and its actions, the flows' pages, the reminders (issue 17)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def at(case: Any, stage: str, due_in: int | None = None) -> Any:
    """Put a case at a stage (test set-up, as if it had been moved there), due `due_in` days from today."""
    from iljari.cases.models import Case

    s = case.flow.stages.get(code=stage)
    due = timezone.localdate() + dt.timedelta(days=due_in) if due_in is not None else None
    Case.objects.filter(pk=case.pk).update(stage=s, due_on=due, entered_stage_at=timezone.now())
    case.refresh_from_db()
    return case


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def refs(html: str) -> list[str]:
    return re.findall(r"\b\d{4}-\d{2,}-\d{6}\b", html)


def test_the_queue_shows_a_district_its_district_stages_and_the_city_its_city_stages_overdue_first(
        case_world, make_case):
    users = case_world["users"]
    g_late = at(make_case(), "district_check", due_in=-2)
    g_soon = at(make_case(), "received", due_in=1)  # inside the 3-day reminder window
    g_later = at(make_case(), "received", due_in=12)
    g_city = at(make_case(), "city_check", due_in=5)
    y_mine = at(make_case(district="YDP"), "received", due_in=-1)
    y_city = at(make_case(district="YDP"), "city_check", due_in=-3)
    at(make_case(), "paid")  # closed: waits on nobody

    page = client(users["gwanak"]).get("/cases/")
    assert page.status_code == 200
    html = page.content.decode()
    shown = [r for r in dict.fromkeys(refs(html))]
    assert shown == [g_late.reference, g_soon.reference, g_later.reference]
    assert "기한 지남" in html and "기한 임박" in html
    assert y_mine.reference not in html and g_city.reference not in html
    assert "기한 지남" in client(users["gwanak"]).get(f"/cases/{g_late.reference}/").content.decode()

    city = client(users["city"]).get("/cases/").content.decode()
    assert list(dict.fromkeys(refs(city))) == [y_city.reference, g_city.reference]

    filtered = client(users["city"]).get("/cases/?district=GWANAK").content.decode()
    assert list(dict.fromkeys(refs(filtered))) == [g_city.reference]


def test_the_queue_is_may_act_in_sql(case_world, make_case, make_user):
    """The queue's query and `flows.may_act` agree on every case at an open stage for every kind of user (a closed
    case waits on nobody)."""
    from iljari.cases.flows import may_act
    from iljari.cases.models import Case
    from iljari.cases.selectors import waiting_on

    for flow in ("RETENTION-2021", "VILLAGE-ENT", "WOMEN-INTERN"):
        for district in ("GWANAK", "YDP"):
            for stage in case_world["flows"][flow].stages.all():
                at(make_case(flow, district), stage.code, due_in=3)
    users = [*case_world["users"].values(), make_user("adm", "admin"), make_user("rev", "reviewer")]
    for user in users:
        expected = {c.pk for c in Case.objects.select_related("stage", "district", "flow__program__owner_org")
                    .exclude(stage__kind="done") if may_act(user, c)}
        assert set(waiting_on(user).values_list("pk", flat=True)) == expected, user.username


def test_the_queue_counts_by_flow_and_stage_and_filters_by_stage(case_world, make_case):
    for _ in range(2):
        at(make_case(), "received", due_in=-1)
    at(make_case(), "district_check", due_in=4)
    at(make_case("VILLAGE-ENT"), "first_review", due_in=4)
    html = client(case_world["users"]["gwanak"]).get("/cases/").content.decode()
    assert "무급휴직 근로자 고용유지지원금" in html and "마을기업 지정·지원 공모" in html
    page = client(case_world["users"]["gwanak"]).get("/cases/?flow=RETENTION-2021&stage=received")
    assert len(set(refs(page.content.decode()))) == 2
    assert page.context["counts"][1].count == 3 and page.context["counts"][1].overdue == 2


def test_the_queue_pages(case_world, make_case):
    for _ in range(53):
        make_case()
    c = client(case_world["users"]["gwanak"])
    first, second = c.get("/cases/"), c.get("/cases/?page=2")
    assert len(set(refs(first.content.decode()))) == 50 and len(set(refs(second.content.decode()))) == 3
    assert c.get("/cases/?page=x&flow=zzz").status_code == 200


def test_the_case_page_shows_the_case_in_words_and_its_buttons_move_it(case_world, make_case):
    from iljari.cases.models import CaseEvent, ClaimMonth, Organisation
    from iljari.people.models import Person

    org = Organisation.objects.create(name="행복식당", business_number="1234567890", employees=7, sector="closure")
    worker = Person.objects.create(name="김민수", source="list")
    case = make_case(organisation=org, person=worker, amount_claimed=1_500_000)
    ClaimMonth.objects.create(case=case, month=dt.date(2021, 1, 1), leave_days=10, eligible=True, amount=500_000)
    c = client(case_world["users"]["gwanak"])
    html = c.get(f"/cases/{case.reference}/").content.decode()
    assert "김*수" in html and "김민수" not in html and "행복식당" in html and "123-45-67890" in html
    assert "1,500,000원" in html and "500,000원" in html and "집합금지" in html and "2021. 3. 15." in html
    # accepting needs the documents: the button is disabled with the reason
    assert re.search(r'value="accept"[^>]*disabled', html) and "제출되지 않은 서류가 있습니다" in html
    # withdrawing needs a reason
    r = c.post(f"/cases/{case.reference}/", {"do": "withdraw", "version": case.version, "reason": ""})
    assert r.status_code == 400 and "사유가 필요합니다" in r.content.decode()
    r = c.post(f"/cases/{case.reference}/", {"do": "withdraw", "version": case.version, "reason": "신청인 요청"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.stage.code == "withdrawn" and case.outcome == "withdrawn"
    ev = CaseEvent.objects.filter(case=case, kind="transition").get()
    assert ev.reason == "신청인 요청" and ev.actor == case_world["users"]["gwanak"]
    page = c.get(f"/cases/{case.reference}/").content.decode()
    assert "신청인 요청" in page and "취하 처리" in page and "신청 접수 → 신청 취하" in page


def test_a_stale_version_is_told_someone_else_acted_first_and_sees_the_fresh_case(case_world, make_case):
    from iljari.cases.flows import case_move

    case = at(make_case(), "district_check", due_in=5)
    seen = case.version
    case_move(actor=case_world["users"]["gwanak"], case=case, transition="district_reject", version=seen,
              reason="요건 미충족")
    r = client(case_world["users"]["gwanak"]).post(f"/cases/{case.reference}/", {
        "do": "district_reject", "version": seen, "reason": "중복"})
    html = r.content.decode()
    assert r.status_code == 409 and "다른 담당자가 먼저 이 사례를 처리했습니다" in html
    assert "부지급" in html and "요건 미충족" in html  # the case as it is now, with its history


def test_another_district_gets_404_a_reviewer_403_and_the_wrong_office_is_refused(case_world, make_case, make_user):
    case = at(make_case(), "district_check", due_in=5)
    assert client(case_world["users"]["ydp"]).get(f"/cases/{case.reference}/").status_code == 404
    assert client(case_world["users"]["ydp"]).post(f"/cases/{case.reference}/", {
        "do": "district_reject", "version": case.version, "reason": "x"}).status_code == 404
    reviewer = client(make_user("rev", "reviewer"))
    assert reviewer.get(f"/cases/{case.reference}/").status_code == 403
    assert reviewer.get("/cases/").status_code == 403
    city = client(case_world["users"]["city"])
    page = city.get(f"/cases/{case.reference}/").content.decode()
    assert "이 단계는 다른 담당자가 처리합니다" in page and 'name="do"' not in page
    r = city.post(f"/cases/{case.reference}/", {"do": "district_reject", "version": case.version, "reason": "x"})
    assert r.status_code == 403 and "다른 담당자가 처리합니다" in r.content.decode()
    assert client(case_world["users"]["gwanak"]).get("/cases/2021-NOPE-000001/").status_code == 404


def test_the_english_case_page_is_english(case_world, make_case):
    case = make_case()
    c = client(case_world["users"]["gwanak"])
    c.cookies["django_language"] = "en"
    html = c.get(f"/cases/{case.reference}/").content.decode()
    assert "Waiting on me" in html and "Withdraw" in html and "15 Mar 2021" in html


def test_the_menu_leads_officers_to_the_queue(case_world, make_user):
    html = client(case_world["users"]["gwanak"]).get("/cases/").content.decode()
    assert '<a href="/cases/" aria-current="page">지원금·공모</a>' in html
    page = client(make_user("rev", "reviewer")).get("/orgs/").content.decode()
    assert "지원금·공모" not in page


def test_the_flow_page_says_the_flow_in_words(case_world):
    c = client(case_world["users"]["gwanak"])
    html = c.get("/cases/flows/VILLAGE-ENT/").content.decode()
    assert "2차 심사(서울시·대면심사)" in html and "사업 담당자 (주관 부서)" in html
    assert "배정된 심사위원의 심사가 모두 끝남" in html and "심사 점수가 기준 점수 이상" in html
    assert "공동체성" in html and "기준 점수: 70점" in html and "사업계획서" in html
    rules = c.get("/cases/flows/RETENTION-2021/").content.decode()
    assert "2020. 11. 14. ~ 2021. 3. 31." in rules and "월 5일 이상" in rules and "월 500,000원" in rules
    assert "새 흐름 만들기" not in rules  # only the portfolio office sets up flows
    assert "마을기업 지정·지원 공모" in c.get("/cases/flows/").content.decode()
    assert c.get("/cases/flows/NOPE/").status_code == 404


def test_the_portfolio_office_sets_up_a_call_of_the_same_shape_and_changes_it(case_world):
    from iljari.audit.models import AuditEntry
    from iljari.cases.models import Flow

    office = client(case_world["users"]["office"])
    village = case_world["flows"]["VILLAGE-ENT"]
    program = case_world["programs"]["VILLAGE-ENT"]
    r = office.post("/cases/flows/VILLAGE-ENT/", {"code": "village-2022", "name_ko": "2022 마을기업 공모",
                                                 "program": program.pk, "version": village.version})
    assert r.status_code == 302 and r["Location"] == "/cases/flows/VILLAGE-2022/"
    new = Flow.objects.get(code="VILLAGE-2022")
    assert new.stages.count() == village.stages.count() and new.transitions.count() == village.transitions.count()
    assert new.stages.get(code="second_review").rubric.criteria.count() == 4
    again = office.post("/cases/flows/VILLAGE-ENT/", {"code": "VILLAGE-2022", "name_ko": "x", "program": program.pk,
                                                      "version": village.version})
    assert again.status_code == 400 and "이미 있습니다" in again.content.decode()

    stage = new.stages.get(code="received")
    url = f"/cases/flows/VILLAGE-2022/stages/{stage.pk}/"
    r = office.post(url, {"deadline_days": "20", "remind_days": "5", "actor_role": "district_officer",
                          "actor_level": "district", "required_documents": ["application", "business_plan"],
                          "version": stage.version})
    assert r.status_code == 302
    stage.refresh_from_db()
    assert (stage.deadline_days, stage.remind_days, stage.required_documents) == (20, 5,
                                                                                  ["application", "business_plan"])
    stale = office.post(url, {"deadline_days": "9", "actor_level": "district", "version": stage.version - 1})
    assert stale.status_code == 409
    bad = office.post(url, {"deadline_days": "3", "remind_days": "5", "actor_level": "district",
                            "version": stage.version})
    assert bad.status_code == 400 and "알림은 기한보다 앞서야 합니다" in bad.content.decode()

    t = new.transitions.get(code="recommend")
    new.refresh_from_db()
    r = office.post(f"/cases/flows/VILLAGE-2022/transitions/{t.pk}/", {
        "conditions": ["reviews_complete"], "needs_reason": "1", "version": new.version})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.conditions == ["reviews_complete"] and t.needs_reason
    bad = office.post(f"/cases/flows/VILLAGE-2022/transitions/{t.pk}/", {"conditions": ["magic"],
                                                                        "version": new.version + 1})
    assert bad.status_code == 400
    assert AuditEntry.objects.filter(object_type="cases.transition", object_id=str(t.pk)).exists()
    # a district officer may read flows but not change them
    district = client(case_world["users"]["gwanak"])
    assert district.get(url).status_code == 403
    assert district.post("/cases/flows/VILLAGE-ENT/", {"code": "X-1", "name_ko": "x"}).status_code == 403


def test_a_broken_definition_is_refused_with_nothing_saved(case_world):
    from iljari.cases.flow_setup import stage_update
    from iljari.cases.models import Criterion
    from iljari.core.errors import ServiceError

    village = case_world["flows"]["VILLAGE-ENT"]
    review = village.stages.get(code="second_review")
    Criterion.objects.filter(rubric=review.rubric, code="business").update(weight=30)  # weights now add to 105
    with pytest.raises(ServiceError) as e:
        stage_update(actor=case_world["users"]["office"], stage=review, version=review.version, deadline_days=10,
                     remind_days=2, actor_role="program_officer", actor_level="owner", required_documents=[])
    assert "105점" in e.value.problems[0].message_ko
    review.refresh_from_db()
    assert review.deadline_days == 21


def test_reminders_are_listed_and_noted_once_per_case_and_stage(case_world, make_case):
    from io import StringIO

    from iljari.cases.models import CaseEvent

    late = at(make_case(), "district_check", due_in=-1)
    soon = at(make_case(), "received", due_in=2)
    at(make_case(), "received", due_in=10)
    out = StringIO()
    call_command("cases-remind", stdout=out)
    text = out.getvalue()
    assert late.reference in text and soon.reference in text and "2 case(s) due soon or overdue, 2 new" in text
    assert "관악구 자치구 담당자" in text
    again = StringIO()
    call_command("cases-remind", stdout=again)
    assert "2 new" not in again.getvalue() and "0 new reminder(s)" in again.getvalue()
    assert CaseEvent.objects.filter(kind="reminder").count() == 2
    html = client(case_world["users"]["gwanak"]).get(f"/cases/{late.reference}/").content.decode()
    assert "기한 지남 알림" in html


@pytest.mark.parametrize("url", ["/cases/?page=99999999999999999999&flow=" + "x" * 500,
                                 "/cases/overview/?flow=%E2%80%8B&district=" + "y" * 300,
                                 "/cases/overview.xlsx?flow=" + "z" * 300])
def test_pages_survive_hostile_parameters(case_world, url):
    assert client(case_world["users"]["office"]).get(url).status_code == 200


@pytest.mark.parametrize("url", ["/cases/flows/VILLAGE-ENT/stages/99999999999999999999/",
                                 "/cases/flows/VILLAGE-ENT/transitions/99999999999999999999/",
                                 "/cases/flows/" + "A" * 300 + "/", "/cases/2021-X-99999999999999999999/"])
def test_paths_that_name_nothing_are_404(case_world, url):
    assert client(case_world["users"]["office"]).get(url).status_code == 404


def test_hostile_form_values_are_refused_not_500(case_world, make_case):
    case = make_case()
    office = client(case_world["users"]["office"])
    r = client(case_world["users"]["gwanak"]).post(f"/cases/{case.reference}/", {
        "do": "withdraw" * 20, "version": "99999999999999999999", "reason": "x" * 5000})
    assert r.status_code == 400
    stage = case_world["flows"]["VILLAGE-ENT"].stages.first()
    r = office.post(f"/cases/flows/VILLAGE-ENT/stages/{stage.pk}/", {
        "deadline_days": "99999999999999999999", "remind_days": "-3", "actor_role": "king", "actor_level": "moon",
        "required_documents": ["passport"], "version": stage.version})
    html = r.content.decode()
    assert r.status_code == 400 and "0~365일" in html and "없는 역할입니다" in html and "없는 서류 종류입니다" in html


def test_the_queue_reads_in_a_few_queries_however_many_cases(case_world, make_case, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client(case_world["users"]["gwanak"])
    for _ in range(3):
        make_case()
    with CaptureQueriesContext(connection) as few:
        c.get("/cases/")
    for _ in range(30):
        make_case(flow="VILLAGE-ENT")
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        c.get("/cases/")


def test_find_a_case_among_those_i_may_see(case_world, make_case):
    from iljari.cases.models import Organisation

    org = Organisation.objects.create(name="관악 국수집", business_number="1048196087", employees=5)
    mine = at(make_case(organisation=org), "paid")  # closed: not in the queue any more, but found
    theirs = make_case(district="YDP", organisation=Organisation.objects.create(name="영등포 국수집", employees=3))
    c = client(case_world["users"]["gwanak"])
    for q in (mine.reference, "국수집", "104-81-96087"):
        found = set(re.findall(r'href="/cases/([\d-]+)/"', c.get("/cases/search/", {"q": q}).content.decode()))
        assert found == {mine.reference}, q
    assert "찾는 사례가 없습니다" in c.get("/cases/search/", {"q": theirs.reference}).content.decode()
    assert "찾는 사례가 없습니다" in c.get("/cases/search/", {"q": "없는 이름"}).content.decode()
    # the city sees both districts' cases
    both = re.findall(r'href="/cases/([\d-]+)/"',
                      client(case_world["users"]["city"]).get("/cases/search/", {"q": "국수집"}).content.decode())
    assert sorted(set(both)) == sorted([mine.reference, theirs.reference])


def test_the_menu_offers_a_desk_only_to_who_receives(case_world, make_user):
    from iljari.cases.models import ReviewerAssignment  # noqa: F401  (the reviewers' item: assigned reviewers)

    users = case_world["users"]
    menu = client(users["gwanak"]).get("/cases/").content.decode()
    assert "/cases/subsidy/WOMEN-INTERN/new/" in menu and "/cases/calls/reviews/" not in menu
    # the city's subsidy office receives its own subsidy at any district's desk, not another office's
    city = client(users["city"]).get("/cases/").content.decode()
    assert "/cases/subsidy/RETENTION-2021/new/" in city
