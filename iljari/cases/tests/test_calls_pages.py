"""The call pages as people use them: the public announcement and application (status code shown once), the
status page with the interview, the reviewers' blind pages, the officers' call page with the ranked list, the
call panel of the case page, and refusals (404 outside scope, 403 for the wrong role)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from iljari.cases.calls import interview_schedule, review_recuse
from iljari.cases.models import Call, Case, Review

from .calls_world import PDF, apply, brn, score, setup_call, to_review


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def village(case_world, make_user):  # type: ignore[no-untyped-def]
    return setup_call(case_world, make_user)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def _form(**over):  # type: ignore[no-untyped-def]
    data = {"name": "관악 마을부엌 협동조합", "business_number": brn("123456789"), "legal_form": "협동조합",
            "district": "GWANAK", "representative": "김대표", "contact_name": "이담당", "phone": "02-880-0000",
            "email": "", "category": "new", "title": "마을부엌", "summary": "주민이 함께 운영하는 마을부엌",
            "jobs_planned": "3", "consent": "on", "website": "",
            "doc_application": SimpleUploadedFile("신청서.pdf", PDF, "application/pdf"),
            "doc_business_plan": SimpleUploadedFile("계획서.pdf", PDF, "application/pdf")}
    data.update(over)
    return data


def test_public_pages_show_only_published_calls(case_world, village) -> None:
    from iljari.cases.calls import call_save, default_categories

    flow = village["flow"]
    call_save(actor=village["city"], flow=flow, code="DRAFT-2021", year=2021, title_ko="아직 게시 전 공모",
              opens_on=dt.date(2021, 1, 1), closes_on=dt.date(2030, 1, 1), categories=default_categories(flow),
              districts=[case_world["units"]["GWANAK"]])
    c = Client()
    page = c.get("/grants/calls/").content.decode()
    assert "2021년 서울시 마을기업 공모" in page and "아직 게시 전 공모" not in page
    assert c.get("/grants/calls/DRAFT-2021/").status_code == 404
    page = c.get("/grants/calls/VILLAGE-2021/").content.decode()
    assert "신규 마을기업: 최대 50,000,000원" in page and "영등포구" in page and "2021. 1. 4." in page
    assert "2차 심사(서울시·대면심사)" in page


def test_public_application_gives_reference_and_code_once(case_world, village, settings) -> None:
    Call.objects.filter(pk=village["call"].pk).update(closes_on=dt.date(2099, 12, 31))
    c = Client()
    r = c.post("/grants/calls/VILLAGE-2021/apply/", _form())
    page = r.content.decode()
    assert r.status_code == 200, page
    case = Case.objects.get()
    code = re.search(r"<strong>([A-Z2-9]{4}-[A-Z2-9]{4})</strong>", page).group(1)
    assert case.reference in page and case.applicant_token and code not in case.applicant_token
    assert case.documents.count() == 2 and case.proposal.consent_at is not None and case.channel == "public"
    # the status page by reference and code, with the interview once scheduled
    gwanak = case_world["users"]["gwanak"]
    from iljari.cases.documents import document_add

    from .calls_world import upload

    document_add(actor=gwanak, case=case, doc_type="articles", upload=upload("정관.pdf"))
    document_add(actor=gwanak, case=case, doc_type="members", upload=upload("명부.pdf"))
    case = to_review(case, gwanak)
    interview_schedule(actor=village["city"], case=case, starts_at=dt.datetime(2021, 2, 15, 1, 0, tzinfo=dt.UTC),
                       place="서울시청 회의실")
    r = c.post("/grants/calls/status/", {"reference": case.reference, "code": code})
    page = r.content.decode()
    assert r.status_code == 200 and "2차 심사(서울시·대면심사) (지금 단계)" in page
    assert "2021. 2. 15. 10:00" in page and "서울시청 회의실" in page
    r = c.post("/grants/calls/status/", {"reference": case.reference, "code": "AAAA-BBBB"})
    assert r.status_code == 404 and "맞지 않습니다" in r.content.decode()
    # the grants pages' own status door (in their menu) answers a call application too
    r = c.post("/grants/status/", {"reference": case.reference, "code": code})
    assert r.status_code == 200 and "서울시청 회의실" in r.content.decode()


def test_public_application_refusals(case_world, village) -> None:
    c = Client()
    r = c.post("/grants/calls/VILLAGE-2021/apply/", _form())  # the call closed on 2021-01-29
    assert r.status_code == 400 and "접수 기간" in r.content.decode()
    Call.objects.filter(pk=village["call"].pk).update(closes_on=dt.date(2099, 12, 31))
    r = c.post("/grants/calls/VILLAGE-2021/apply/", _form(business_number="1234567890", consent=""))
    page = r.content.decode()
    assert r.status_code == 400 and "사업자등록번호가 올바르지 않습니다" in page and "동의해야" in page
    bad = SimpleUploadedFile("신청서.pdf", b"MZ\x90\x00", "application/pdf")
    r = c.post("/grants/calls/VILLAGE-2021/apply/", _form(doc_application=bad))
    assert r.status_code == 400 and "PDF 파일이 아닙니다" in r.content.decode()
    r = c.post("/grants/calls/VILLAGE-2021/apply/", _form(website="http://spam"))  # the honeypot
    assert r.status_code == 200 and not Case.objects.exists()


def test_blind_review_hides_names(case_world, make_user) -> None:
    v = setup_call(case_world, make_user, blind=True)
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "비밀협동조합", "123456789", title="마을 돌봄 사업")[0],
                     case_world["users"]["gwanak"])
    c = _client(v["reviewers"][0])
    for url in ("/cases/calls/reviews/", f"/cases/calls/reviews/{case.pk}/"):
        page = c.get(url).content.decode()
        assert case.reference in page and "블라인드 심사" in page
        assert "비밀협동조합" not in page and brn("123456789") not in page and "관악구" not in page
    doc = case.documents.get(doc_type="business_plan")
    r = c.get(f"/cases/calls/documents/{doc.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert case.reference in r["Content-Disposition"] and r["X-Content-Type-Options"] == "nosniff"
    assert _client(case_world["users"]["ydp"]).get(f"/cases/calls/documents/{doc.pk}/").status_code == 404
    assert _client(case_world["users"]["gwanak"]).get(f"/cases/calls/documents/{doc.pk}/").status_code == 200
    r = c.post(f"/cases/calls/reviews/{case.pk}/", {"score_community": "9", "score_public": "8",
                                                    "score_local": "8", "score_business": "7"})
    assert r.status_code == 302 and Review.objects.get().total == 80


def test_reviewer_pages_scoring_and_recusal(case_world, village) -> None:
    case = to_review(apply(village["call"], case_world["units"]["GWANAK"], "가나협동조합", "123456789")[0],
                     case_world["users"]["gwanak"])
    r1, r2, _ = village["reviewers"]
    c = _client(r1)
    page = c.get(f"/cases/calls/reviews/{case.pk}/").content.decode()
    assert "가나협동조합" in page and "공동체성 (0~10점, 배점 25)" in page  # not blind: names shown
    r = c.post(f"/cases/calls/reviews/{case.pk}/", {"score_community": "11", "score_public": "8",
                                                    "score_local": "8", "score_business": "x"})
    assert r.status_code == 400 and "0부터 10까지" in r.content.decode()
    r = _client(r2).post(f"/cases/calls/reviews/{case.pk}/recuse/", {"reason": "대표자와 친족"})
    assert r.status_code == 302 and Review.objects.get(reviewer=r2).recused
    r = _client(r2).post(f"/cases/calls/reviews/{case.pk}/", {"score_community": "9", "score_public": "8",
                                                              "score_local": "8", "score_business": "7"})
    assert r.status_code == 400 and "회피" in r.content.decode()
    # someone not assigned: not found; a role that never reviews: forbidden
    assert _client(case_world["users"]["gwanak"]).get(f"/cases/calls/reviews/{case.pk}/").status_code == 404
    from django.contrib.auth import get_user_model

    from iljari.access.services import membership_grant

    council = get_user_model().objects.create_user("council")
    membership_grant(actor=None, user=council, role="reviewer", org_unit=None)
    assert _client(council).get("/cases/calls/reviews/").status_code == 403


def test_officer_call_page_ranked_list_and_scope(case_world, village) -> None:
    units, users = case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    b = to_review(apply(village["call"], units["YDP"], "영등포협동조합", "220810123")[0], users["ydp"])
    score(r1, a, 9, 9, 9, 9)
    score(r2, a, 8, 8, 8, 8)
    review_recuse(actor=r3, case=a, reason="이해충돌")
    for r in (r1, r2, r3):
        score(r, b, 6, 6, 6, 6)
    page = _client(users["city"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "관악협동조합" in page and "영등포협동조합" in page and "회피" in page and "보정 점수" in page
    assert "심사위원 1" in page and "90.00" in page and "추천" in page and "기준 미달" in page
    assert "rev1" not in page  # reviewers by name or number, never their login ids
    # each application's reference opens its case page (it used to lead back to this page)
    for case in (a, b):
        assert f'<a href="/cases/{case.reference}/">{case.reference}</a>' in page
    # 관악구 sees its district's application only, and may enter desk applications
    page = _client(users["gwanak"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "관악협동조합" in page and "영등포협동조합" not in page and "창구 접수" in page
    assert _client(users["gwanak"]).get("/cases/calls/VILLAGE-2021/edit/").status_code == 403
    assert _client(users["city"]).get("/cases/calls/NOPE/").status_code == 404
    # an assigned reviewer (a program officer of another office) sees the announcement and their own reviews only
    page = _client(r1).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "2021년 서울시 마을기업 공모" in page and "내 심사" in page
    assert "관악협동조합" not in page and "보정 점수" not in page and a.reference not in page
    # a program officer of another office who reviews nothing sees nothing of the call
    from iljari.cases.models import ReviewerAssignment

    ReviewerAssignment.objects.filter(reviewer=r1).delete()
    assert _client(r1).get("/cases/calls/VILLAGE-2021/").status_code == 404
    assert "VILLAGE-2021" not in _client(r1).get("/cases/calls/").content.decode()


def test_reviewer_sees_the_calls_assigned_and_what_they_already_reviewed(case_world, village, settings) -> None:
    """A reviewer logs in after the review moved on: the call is listed with their reviews, and 심사할 신청 keeps the
    applications they scored or recused from, their own scores read-only (no form, no recusal, no documents)."""
    units, users = case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    b = to_review(apply(village["call"], units["YDP"], "영등포협동조합", "220810123")[0], users["ydp"])
    waiting = to_review(apply(village["call"], units["YDP"], "대기협동조합", "105860001")[0], users["ydp"])
    for r in (r1, r2):
        score(r, a, 9, 9, 9, 9)
        score(r, b, 5, 5, 5, 5)
    review_recuse(actor=r3, case=a, reason="이해충돌")
    score(r3, b, 6, 6, 6, 6)
    from iljari.cases.flows import case_move

    city = users["city"]
    case_move(actor=city, case=Case.objects.get(pk=a.pk), transition="recommend",
              version=Case.objects.get(pk=a.pk).version)
    case_move(actor=city, case=Case.objects.get(pk=b.pk), transition="not_recommended",
              version=Case.objects.get(pk=b.pk).version, reason="기준 미달")
    listing = _client(r1).get("/cases/calls/").content.decode()
    assert "2021년 서울시 마을기업 공모" in listing and "볼 수 있는 공모가 없습니다" not in listing
    assert "심사할 신청 1건, 심사한 신청 2건" in listing
    page = _client(r1).get("/cases/calls/reviews/").content.decode()
    assert "남은 신청 1건, 점수를 낸 신청 2건" in page
    assert a.reference in page and b.reference in page and waiting.reference in page and "심사 마감" in page
    assert page.index(waiting.reference) < page.index(a.reference)  # what waits comes first
    mine = _client(r1).get(f"/cases/calls/reviews/{a.pk}/")
    text = mine.content.decode()
    assert mine.status_code == 200 and "심사는 끝났습니다" in text and "제출한 점수" in text
    assert "점수 제출" not in text and 'name="reason"' not in text and "/cases/calls/documents/" not in text
    r = _client(r1).post(f"/cases/calls/reviews/{a.pk}/", {"score_community": "1", "score_public": "1",
                                                           "score_local": "1", "score_business": "1"})
    assert r.status_code == 400 and Review.objects.get(reviewer=r1, case=a).total == 90
    r = _client(r1).post(f"/cases/calls/reviews/{a.pk}/recuse/", {"reason": "뒤늦은 회피"})
    assert r.status_code == 302 and not Review.objects.get(reviewer=r1, case=a).recused
    recused = _client(r3).get(f"/cases/calls/reviews/{a.pk}/").content.decode()
    assert "회피했습니다" in recused and "이해충돌" in recused
    assert "회피한 신청 1건" in _client(r3).get("/cases/calls/reviews/").content.decode()
    # English pages say the same in English
    en = _client(r1)
    en.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = en.get("/cases/calls/reviews/").content.decode()
    assert "review closed" in page and "심사" not in page
    # a reviewer who never reviewed an application that moved on does not see it
    other = Case.objects.get(pk=a.pk)
    Review.objects.filter(reviewer=r2, case=other).delete()
    assert _client(r2).get(f"/cases/calls/reviews/{a.pk}/").status_code == 404


def test_reviewer_removed_by_the_button_beside_their_name(case_world, village) -> None:
    from iljari.cases.models import ReviewerAssignment

    r3 = village["reviewers"][2]
    c = _client(village["city"])
    r = c.post("/cases/calls/VILLAGE-2021/reviewers/", {"stage": village["review"].pk, "reviewer": r3.pk,
                                                        "remove": "1"})
    assert r.status_code == 302 and not ReviewerAssignment.objects.filter(reviewer=r3).exists()
    page = c.get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "심사위원 3: 심사위원 배정을 취소했습니다." in page
    r = c.post("/cases/calls/VILLAGE-2021/reviewers/", {"stage": village["review"].pk, "username": "rev3"})
    assert r.status_code == 302 and ReviewerAssignment.objects.filter(reviewer=r3).exists()


def test_call_setup_pages(case_world, village) -> None:
    c = _client(village["city"])
    assert "새 공모" in c.get("/cases/calls/new/").content.decode()
    r = c.post("/cases/calls/new/", {"flow": village["flow"].pk, "code": "VILLAGE-2022", "year": "2022",
                                     "title_ko": "2022년 마을기업 공모", "opens_on": "2022-01-03",
                                     "closes_on": "2022-01-28", "districts": [case_world["units"]["GWANAK"].pk],
                                     "categories": "신규 마을기업, 50000000\n예비 마을기업, 천만원"})
    assert r.status_code == 400 and "2번째 줄" in r.content.decode()
    r = c.post("/cases/calls/new/", {"flow": village["flow"].pk, "code": "VILLAGE-2022", "year": "2022",
                                     "title_ko": "2022년 마을기업 공모", "opens_on": "2022-01-03",
                                     "closes_on": "2022-01-28", "districts": [case_world["units"]["GWANAK"].pk],
                                     "categories": "신규 마을기업, 50000000\n마을 돌봄 특별 유형, 10000000"})
    assert r.status_code == 302
    call = Call.objects.get(code="VILLAGE-2022")
    assert not call.published and [(x["code"], x["amount"]) for x in call.categories] == [
        ("new", 50_000_000), ("c2", 10_000_000)]  # a known name keeps its code, a new one is numbered
    assert "마을 돌봄 특별 유형, 10000000" in c.get("/cases/calls/VILLAGE-2022/edit/").content.decode()
    r = c.post("/cases/calls/VILLAGE-2022/publish/", {"version": call.version, "published": "1"})
    assert r.status_code == 302 and Call.objects.get(pk=call.pk).published
    r = c.post("/cases/calls/VILLAGE-2022/publish/", {"version": call.version, "published": "0"})  # stale
    assert Call.objects.get(pk=call.pk).published
    assert _client(case_world["users"]["gwanak"]).get("/cases/calls/new/").status_code == 403


def test_desk_entry_by_district_officer(case_world, village) -> None:
    c = _client(case_world["users"]["ydp"])
    data = _form(district="YDP", consent="", website="")
    r = c.post("/cases/calls/VILLAGE-2021/desk/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    case = Case.objects.get()
    assert case.channel == "office" and case.district == case_world["units"]["YDP"] and not case.applicant_token
    r = c.post("/cases/calls/VILLAGE-2021/desk/", _form(district="GWANAK", business_number=brn("220810123")))
    assert r.status_code == 400  # 관악구 is not a choice for 영등포구's officer


def test_call_panel_on_the_case_page(case_world, village, rf) -> None:
    from django.template.loader import render_to_string

    from iljari.cases.panels import panels_for

    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    request = rf.get("/")
    request.user = users["city"]
    found = dict(panels_for(request, a))
    assert "cases/panels/call.html" in found
    html = render_to_string("cases/panels/call.html", found["cases/panels/call.html"], request=request)
    assert "신규 마을기업" in html and "관악협동조합" in html and "면접 일정 저장" in html
    request.user = users["gwanak"]
    html = render_to_string("cases/panels/call.html", call_ctx(request, a), request=request)
    assert "면접 일정 저장" not in html


def call_ctx(request, case):  # type: ignore[no-untyped-def]
    from iljari.cases.call_panels import call_context

    return call_context(request, case)


def test_panel_doors_decision_agreement_payment(case_world, village) -> None:
    from iljari.cases.flows import case_move

    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    for r in village["reviewers"]:
        score(r, a, 8, 8, 8, 8)
    a = case_move(actor=users["city"], case=Case.objects.get(pk=a.pk), transition="recommend",
                  version=Case.objects.get(pk=a.pk).version)
    r = _client(users["gwanak"]).post(f"/cases/calls/cases/{a.pk}/decision/", {
        "designated": "1", "decided_on": "2021-03-31", "reason": "지정", "version": a.version})
    assert r.status_code == 403  # the city records the ministry's decision
    r = _client(users["city"]).post(f"/cases/calls/cases/{a.pk}/decision/", {
        "designated": "1", "decided_on": "2021-03-31", "reason": "행안부 지정 통보", "version": a.version})
    assert r.status_code == 302 and Case.objects.get(pk=a.pk).stage.code == "agreement"
    a = Case.objects.get(pk=a.pk)
    assert _client(users["ydp"]).post(f"/cases/calls/cases/{a.pk}/agreement/", {}).status_code == 404
    r = _client(users["gwanak"]).post(f"/cases/calls/cases/{a.pk}/agreement/", {
        "signed_on": "2021-04-15", "starts_on": "2021-05-01", "ends_on": "2021-12-31", "jobs_target": "2",
        "version": a.version})
    assert r.status_code == 302
    a = Case.objects.get(pk=a.pk)
    assert a.agreement.amount == 50_000_000 and a.agreement.program is not None
    r = _client(users["gwanak"]).post(f"/cases/calls/cases/{a.pk}/payment/", {"paid_on": "2021-04-30",
                                                                             "version": a.version})
    assert r.status_code == 302 and a.payments.get().status == "paid"
    a = Case.objects.get(pk=a.pk)
    a = case_move(actor=users["gwanak"], case=a, transition="funded", version=a.version)
    page = _client(users["gwanak"]).get(f"/cases/{a.reference}/").content.decode()
    panel = page[page.index('id="call-panel-title"'):]
    panel = panel[:panel.index("</section>")]
    assert "처리가 끝난 신청입니다: 지정·지원 완료." in panel and "다른 담당자" not in panel
    assert "보조금 지급: 50,000,000원 (2021. 4. 30.)" in page  # the history says what was paid


def test_officer_and_public_call_pages_in_english(case_world, village) -> None:
    """An English page speaks English: the call's English title, categories, stages and districts by their English
    names, amounts as ₩; no Korean words of the page's own."""
    from django.conf import settings

    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    score(village["reviewers"][0], a, 9, 9, 9, 9)
    officer = _client(users["city"])
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = officer.get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "Village enterprises 2021" in page and "Applications by stage and district" in page
    assert "Ranking" in page and "Corrected score" in page and "Reference" in page
    assert "단계·자치구별 신청" not in page and "보정 점수" not in page and "접수 기간" not in page
    public = Client()
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = public.get("/grants/calls/VILLAGE-2021/").content.decode()
    assert "Village enterprises 2021" in page and "What is funded" in page and "Application period" in page
    assert "₩50,000,000" in page and "How applications are selected" in page
    assert '<p class="description" lang="ko">마을기업 지정·지원</p>' in page  # typed with no English: marked Korean
    assert "무엇을 지원하나요" not in page and "2021년 서울시 마을기업 공모" not in page
    page = public.get("/grants/calls/VILLAGE-2021/apply/").content.decode()
    assert "Business registration number" in page and "Collection and use of personal data" in page
    assert "사업자등록번호" not in page


def test_reviewer_page_and_call_panel_in_english(case_world, village) -> None:
    from django.conf import settings

    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    reviewer = _client(village["reviewers"][0])
    reviewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = reviewer.get(f"/cases/calls/reviews/{a.pk}/").content.decode()
    assert "Submit the scores" in page and "Recusal for a conflict of interest" in page and "Village enterprises 2021" in page
    assert "점수 제출" not in page and "회피 사유" not in page
    page = reviewer.get("/cases/calls/reviews/").content.decode()
    assert "Applications to review" in page and "Not yet scored" in page and "심사 전" not in page
    officer = _client(users["city"])
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = officer.get(f"/cases/{a.reference}/").content.decode()
    assert "Call application: Village enterprises 2021" in page and "Interview" in page
    assert "공모 신청" not in page and "면접 일정이 없습니다" not in page


def _hangul(page: str) -> set[str]:
    """Hangul a reader sees on a page, outside elements marked lang="ko"."""
    from iljari.web.tests.test_one_language import HANGUL, visible_text

    return set(HANGUL.findall(visible_text(page, skip_korean=True)))


def test_english_call_pages_have_only_typed_korean(case_world, village) -> None:
    """With data on them (an application under review, a score), the English calls pages show Hangul only in what
    users typed with no English."""
    from django.conf import settings

    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    score(village["reviewers"][0], a, 9, 9, 9, 9)
    from iljari.cases.models import Document, Organisation, Proposal
    from iljari.orgs.models import OrgUnit
    from iljari.web.tests.test_one_language import HANGUL

    # what users typed with no English: names, the proposal, file names, the call's summary, units named in Korean only
    texts = {*Organisation.objects.values_list("name", flat=True), *Case.objects.values_list("title", flat=True),
             *Document.objects.values_list("name", flat=True), village["call"].summary_ko,
             *OrgUnit.objects.filter(name_en="").values_list("name_ko", flat=True)}
    texts |= {v for p in Proposal.objects.all() for v in (p.summary, p.contact_name)}
    typed = {w for t in texts for w in HANGUL.findall(t or "")}
    for user, path in ((village["reviewers"][1], f"/cases/calls/reviews/{a.pk}/"),
                       (village["reviewers"][1], "/cases/calls/reviews/"), (users["city"], f"/cases/{a.reference}/"),
                       (users["city"], "/cases/calls/VILLAGE-2021/"), (users["city"], "/cases/calls/"),
                       (users["city"], "/cases/calls/VILLAGE-2021/edit/"), (users["gwanak"], "/cases/calls/VILLAGE-2021/desk/"),
                       (None, "/grants/calls/"), (None, "/grants/calls/VILLAGE-2021/"), (None, "/grants/calls/status/")):
        c = _client(user) if user else Client()
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        r = c.get(path)
        assert r.status_code == 200, path
        bad = _hangul(r.content.decode()) - typed
        assert not bad, (path, bad)


def test_public_application_with_another_firms_number_is_refused(case_world, village) -> None:
    """A business number on file under another firm's name (here a subsidy claim's firm): refused beside the number
    without naming the other firm, nothing saved, and the applicant told to attach the files again."""
    from iljari.cases.models import Organisation

    Call.objects.filter(pk=village["call"].pk).update(closes_on=dt.date(2099, 12, 31))
    Organisation.objects.create(name="(주)한빛정밀", business_number=brn("101860001"), employees=12)
    r = Client().post("/grants/calls/VILLAGE-2021/apply/", _form(business_number=brn("101860001")))
    page = r.content.decode()
    assert r.status_code == 400 and not Case.objects.exists() and Organisation.objects.count() == 1
    assert "한빛정밀" not in page
    field = page[page.index('<label for="id_business_number">'):page.index('id="id_business_number"')]
    assert "다른 사업장명으로 등록되어 있습니다" in field  # the reason beside the business-number field
    docs = page[page.index('id="documents"'):]
    assert "서류를 다시 첨부해 주십시오" in docs[:1000] and "신청서.pdf, 계획서.pdf" in docs[:1000]
    assert 'href="#documents"' in page  # and in the summary at the top


def test_public_form_hides_its_honeypot_and_keeps_korean_words_whole(case_world, village) -> None:
    from django.contrib.staticfiles import finders

    page = Client().get("/grants/calls/VILLAGE-2021/apply/").content.decode()
    hp = page[page.index('<div class="hp" aria-hidden="true">'):]
    hp = hp[:hp.index("</div>")]
    assert 'name="website"' in hp and 'tabindex="-1"' in hp and 'autocomplete="off"' in hp
    assert "cases/calls_public.css" in page
    css = open(finders.find("cases/calls_public.css"), encoding="utf-8").read()
    assert ".citizen .hp { position: absolute; left: -10000px;" in css
    assert ".citizen h1" in css and "word-break: keep-all" in css


def test_applicants_pages_share_one_brand_and_footer(case_world, village) -> None:
    """The call pages and the subsidy pages are one service to a citizen: the same brand and the same footer."""
    c = Client()
    for url in ("/grants/calls/", "/grants/calls/VILLAGE-2021/", "/grants/calls/status/", "/grants/status/"):
        page = c.get(url).content.decode()
        assert "서울시 지원금·공모" in page and "서울특별시 · 자치구 일자리 부서" in page, url
        assert "서울시 공모<" not in page and "서울특별시와 자치구." not in page, url


def test_call_page_and_case_page_lead_to_the_winners_program(case_world, village) -> None:
    from iljari.cases.calls import agreement_sign, decision_record
    from iljari.cases.flows import case_move

    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "관악협동조합", "123456789")[0], users["gwanak"])
    for r in village["reviewers"]:
        score(r, a, 8, 8, 8, 8)
    a = case_move(actor=users["city"], case=Case.objects.get(pk=a.pk), transition="recommend",
                  version=Case.objects.get(pk=a.pk).version)
    a = decision_record(actor=users["city"], case=a, designated=True, reason="지정", version=a.version)
    agreement = agreement_sign(actor=users["gwanak"], case=a, signed_on=dt.date(2021, 4, 15),
                               starts_on=dt.date(2021, 5, 1), ends_on=dt.date(2021, 12, 31),
                               version=Case.objects.get(pk=a.pk).version)
    code = agreement.program.code
    link = f'href="/programs/{code}/"'
    page = _client(users["gwanak"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "선정되어 등록된 사업" in page and link in page and code in page
    assert link in _client(users["gwanak"]).get(f"/cases/{a.reference}/").content.decode()
    assert _client(users["gwanak"]).get(f"/programs/{code}/").status_code == 200
    # the owning office may not open a district's program in the registry (the registry's rule): named, no link
    page = _client(users["city"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert code in page and link not in page and "링크가 없는 사업은" in page
    assert _client(users["city"]).get(f"/programs/{code}/").status_code == 404


def test_desk_entry_and_panel_doors_return_to_the_case_page(case_world, village) -> None:
    c = _client(case_world["users"]["ydp"])
    r = c.post("/cases/calls/VILLAGE-2021/desk/", _form(district="YDP", consent="", website=""))
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.reference}/"
    from iljari.cases.models import Organisation

    Organisation.objects.create(name="(주)한빛정밀", business_number=brn("101860001"))
    r = c.post("/cases/calls/VILLAGE-2021/desk/", _form(district="YDP", business_number=brn("101860001"), consent=""))
    page = r.content.decode()  # a number on file under another name, at the desk: the officer is told whose it is
    assert r.status_code == 400 and "(주)한빛정밀" in page and Case.objects.count() == 1
    assert "서류 파일을 다시 첨부하십시오" in page and "신청서.pdf" in page


def test_review_page_formats_the_business_number_and_names_reviewers(case_world, village) -> None:
    units, users = case_world["units"], case_world["users"]
    a = to_review(apply(village["call"], units["GWANAK"], "가나협동조합", "123456789")[0], users["gwanak"])
    number = brn("123456789")
    page = _client(village["reviewers"][0]).get(f"/cases/calls/reviews/{a.pk}/").content.decode()
    assert f"{number[:3]}-{number[3:5]}-{number[5:]}" in page and number not in page
    r2 = village["reviewers"][1]
    r2.last_name, r2.first_name = "김", "심사"
    r2.save()
    score(village["reviewers"][0], a, 9, 9, 9, 9)
    score(r2, a, 7, 7, 7, 7)
    page = _client(users["city"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "심사위원 1" in page and r2.get_full_name() in page and "rev2" not in page
    page = _client(users["city"]).get(f"/cases/{a.reference}/").content.decode()
    panel = page[page.index("call-panel"):]
    panel = panel[:panel.index("</section>")]  # (the case page's history, slice "flows", still names logins)
    assert "심사위원 1" in panel and r2.get_full_name() in panel and "rev1" not in panel


def test_ranking_without_scores_says_so(case_world, village) -> None:
    to_review(apply(village["call"], case_world["units"]["GWANAK"], "가나협동조합", "123456789")[0],
              case_world["users"]["gwanak"])
    page = _client(village["city"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "아직 점수가 없습니다" in page and "표준편차 0.00" not in page and "평균 0.00" not in page


def test_ranking_page_explains_a_single_score_kept_as_given(case_world, village) -> None:
    units, users = case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    a = to_review(apply(village["call"], units["GWANAK"], "가협동조합", "123456789")[0], users["gwanak"])
    b = to_review(apply(village["call"], units["GWANAK"], "나협동조합", "220810123")[0], users["gwanak"])
    for r, marks in ((r1, (9, 6)), (r2, (8, 7))):
        score(r, a, *(marks[0],) * 4)
        score(r, b, *(marks[1],) * 4)
    score(r3, a, 8, 7, 7, 8)
    review_recuse(actor=r3, case=b, reason="이해충돌")
    page = _client(users["city"]).get("/cases/calls/VILLAGE-2021/").content.decode()
    assert "75.00 <span class=\"help\">(보정 안 함)</span>" in page
    assert "점수를 하나만 주었거나(다른 신청은 회피)" in page and "그대로 씁니다" in page
