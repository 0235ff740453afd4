"""Open calls (issue 17): the village-enterprise call end to end, recusal, normalisation recomputed from the stored
scores, quotas, wrong office refused, bad input refused with nothing half-saved."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

import pytest

from iljari.audit.models import AuditEntry
from iljari.cases.calls import (
    agreement_sign,
    call_apply,
    case_by_status_code,
    decision_record,
    interview_schedule,
    review_recuse,
    review_submit,
    subsidy_pay,
)
from iljari.cases.flows import case_move
from iljari.cases.models import Case, CaseEvent, Document, Organisation, Payment, Review
from iljari.cases.ranking import ranked_list
from iljari.core.errors import ConflictError, ErrorCode, ForbiddenError, ServiceError

from .calls_world import all_documents, apply, brn, score, setup_call, to_review, upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def village(case_world, make_user):  # type: ignore[no-untyped-def]
    return setup_call(case_world, make_user)


def test_village_enterprise_call_end_to_end(case_world, village) -> None:
    """Two districts' applications, three reviewers (one recused on one application), the ranked list, the
    ministry's decision, the agreement, the subsidy and the winner's program in the registry."""
    call, units, users = village["call"], case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    a, code_a = apply(call, units["GWANAK"], "관악 마을부엌 협동조합", "123456789")
    b, _ = apply(call, units["YDP"], "영등포 골목공방 협동조합", "220810123", category="pre")
    c, _ = apply(call, units["GWANAK"], "관악 책방 협동조합", "105860001")
    assert a.reference == f"2021-{call.flow_id:02d}-000001" and a.stage.code == "received" and len(code_a) == 9
    assert case_by_status_code(a.reference, code_a) == a and case_by_status_code(a.reference, "AAAA-BBBB") is None
    assert Document.objects.filter(case=a).count() == 4
    a, c = to_review(a, users["gwanak"]), to_review(c, users["gwanak"])
    b = to_review(b, users["ydp"])
    assert a.stage.code == "second_review"
    interview_schedule(actor=users["city"], case=a, starts_at=dt.datetime(2021, 2, 15, 10, 0, tzinfo=dt.UTC),
                       place="서울시청 서소문청사 회의실")
    score(r1, a, 9, 9, 8, 8)
    score(r2, a, 8, 8, 8, 9)
    review_recuse(actor=r3, case=a, reason="신청 단체의 이사로 활동한 적이 있음")
    for r, marks in ((r1, (6, 6, 6, 6)), (r2, (5, 6, 5, 6)), (r3, (7, 7, 7, 6))):
        score(r, b, *marks)
    for r, marks in ((r1, (3, 4, 3, 3)), (r2, (4, 4, 4, 3)), (r3, (5, 4, 4, 4))):
        score(r, c, *marks)
    ranked = ranked_list(village["review"], call.pk)
    assert [e.case.pk for e in ranked.entries] == [a.pk, b.pk, c.pk]
    top = ranked.entries[0]
    assert [m.recused for m in top.marks].count(True) == 1 and top.recommended
    assert ranked.entries[2].score < 70 and not ranked.entries[2].recommended
    city = users["city"]
    a = case_move(actor=city, case=Case.objects.get(pk=a.pk), transition="recommend", version=a.version)
    with pytest.raises(ServiceError) as e:  # below the cut-off by the same score the list shows
        case_move(actor=city, case=c, transition="recommend", version=Case.objects.get(pk=c.pk).version)
    assert f"{ranked.entries[2].score:.2f}점" in e.value.problems[0].message_ko
    a = decision_record(actor=city, case=a, designated=True, reason="행안부 최종 지정 통보(2021. 3. 31.)",
                        version=a.version, decided_on=dt.date(2021, 3, 31))
    assert a.stage.code == "agreement"
    event = CaseEvent.objects.filter(case=a, kind="transition").last()
    assert event.reason.startswith("행안부") and event.data["decided_by"] == "행정안전부"
    gwanak = users["gwanak"]
    agreement = agreement_sign(actor=gwanak, case=a, signed_on=dt.date(2021, 4, 15), starts_on=dt.date(2021, 5, 1),
                               ends_on=dt.date(2021, 12, 31), version=a.version, jobs_target=3)
    assert agreement.amount == 50_000_000
    program = agreement.program
    assert program.owner_org == units["GWANAK"] and program.code == "VILLAGE-2021-000001"
    assert "관악 마을부엌 협동조합" in program.name_ko
    from iljari.ledger.models import Fact

    assert Fact.objects.filter(program=program, measure__code="job_target", value=3).exists()
    a = Case.objects.get(pk=a.pk)
    payment = subsidy_pay(actor=gwanak, case=a, paid_on=dt.date(2021, 4, 30), version=a.version)
    assert payment.status == Payment.Status.PAID and payment.amount == 50_000_000 and payment.benefit is None
    a = Case.objects.get(pk=a.pk)
    a = case_move(actor=gwanak, case=a, transition="funded", version=a.version)
    assert a.outcome == "approved" and a.amount_approved == 50_000_000
    kinds = set(CaseEvent.objects.filter(case=a).values_list("kind", flat=True))
    assert {"opened", "document", "transition", "score", "recusal", "interview", "agreement", "payment"} <= kinds
    assert AuditEntry.objects.filter(object_type="cases.review").count() == 9  # 8 scores, 1 recusal
    assert AuditEntry.objects.filter(object_type="cases.payment").count() == 1
    # the history says what the interview, the scores, the agreement and the payment were, in either language
    from iljari.cases.calls import call_event_words

    rows = {e.kind: e for e in CaseEvent.objects.filter(case=a, kind__in=["interview", "agreement", "payment"])}
    assert rows["interview"].reason == "면접 일정: 2021. 2. 15. 19:00 (20분), 서울시청 서소문청사 회의실"
    assert call_event_words(rows["interview"], english=True) == (
        "Interview scheduled: 15 Feb 2021 19:00 (20 min), 서울시청 서소문청사 회의실")
    assert rows["agreement"].reason == "약정 체결: 50,000,000원 (사업 기간 2021. 5. 1. ~ 2021. 12. 31.)"
    assert call_event_words(rows["agreement"], english=True) == (
        "Agreement signed: ₩50,000,000 (project 1 May 2021 to 31 Dec 2021)")
    assert rows["payment"].reason == "보조금 지급: 50,000,000원 (2021. 4. 30.)"
    assert call_event_words(rows["payment"], english=True) == "Subsidy paid: ₩50,000,000 (30 Apr 2021)"
    scored = CaseEvent.objects.filter(case=a, kind="score").first()
    assert scored.reason.startswith("심사 점수 제출: 합계 ") and scored.reason.endswith("점")
    recusal = CaseEvent.objects.get(case=a, kind="recusal")
    assert call_event_words(recusal, english=True) is None  # its own reason stands
    money_row = CaseEvent(kind="payment", data={"money": "paid", "amount": 1, "paid_on": "2021-04-30"})
    assert call_event_words(money_row, english=False) is None  # the money services' rows say themselves


def test_recused_reviewer_cannot_score_and_scores_never_count(case_world, village) -> None:
    call, units = village["call"], case_world["units"]
    r1, r2, r3 = village["reviewers"]
    a = to_review(apply(call, units["GWANAK"], "단체가", "123456789")[0], case_world["users"]["gwanak"])
    score(r1, a, 8, 8, 8, 8)
    score(r3, a, 2, 2, 2, 2)
    review_recuse(actor=r3, case=a, reason="친족이 대표자임")  # after scoring: the score no longer counts
    with pytest.raises(ServiceError) as e:
        score(r3, a, 10, 10, 10, 10)
    assert e.value.problems[0].code == ErrorCode.RECUSED
    review_recuse(actor=r2, case=a, reason="자문 계약")
    with pytest.raises(ServiceError) as e:
        score(r2, a, 10, 10, 10, 10)
    assert e.value.problems[0].code == ErrorCode.RECUSED
    with pytest.raises(ServiceError) as e:
        review_recuse(actor=r1, case=a, reason=" ")
    assert e.value.problems[0].code == ErrorCode.REASON_REQUIRED
    entry = ranked_list(village["review"], call.pk).entry(a.pk)
    assert entry.mean == Decimal("80.00") and entry.score == Decimal("80.00")
    # reviewers by their number within the call (no full name on these accounts), never the login id
    assert {str(m.reviewer): m.recused for m in entry.marks} == {"심사위원 1": False, "심사위원 2": True,
                                                                 "심사위원 3": True}
    # reviews_complete: every assigned reviewer has scored or recused, but only one scored (two are needed)
    with pytest.raises(ServiceError) as e:
        case_move(actor=case_world["users"]["city"], case=a, transition="recommend",
                  version=Case.objects.get(pk=a.pk).version)
    assert "최소 2명" in e.value.problems[0].message_ko


def test_ranked_list_reproducible_from_stored_scores(case_world, village) -> None:
    """The normalised scores recomputed from the Review rows alone with plain floats (docs/cases.md)."""
    call, units, users = village["call"], case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    cases = [to_review(apply(call, units["GWANAK" if n % 2 else "YDP"], f"단체{n}", nine)[0],
                       users["gwanak" if n % 2 else "ydp"])
             for n, nine in enumerate(["123456789", "220810123", "105860001", "211870245"])]
    marks = {r1: [(9, 9, 9, 9), (7, 7, 7, 7), (5, 5, 5, 5), (3, 3, 3, 3)],  # a wide marker
             r2: [(8, 8, 8, 7), (8, 7, 8, 7), (7, 7, 7, 7), (7, 6, 7, 6)],  # a narrow one
             r3: [(6, 6, 6, 6), None, (4, 4, 4, 4), (5, 5, 5, 4)]}
    for r, rows in marks.items():
        for case, m in zip(cases, rows, strict=True):
            if m is None:
                review_recuse(actor=r, case=case, reason="이해충돌")
            else:
                score(r, case, *m)
    ranked = ranked_list(village["review"], call.pk)
    again = ranked_list(village["review"], call.pk)
    assert [(e.case.pk, e.score) for e in ranked.entries] == [(e.case.pk, e.score) for e in again.entries]
    # recompute
    rows = [(r.case_id, r.reviewer_id, float(r.total)) for r in Review.objects.filter(recused=False)]
    values = [x for _, _, x in rows]
    gm, gs = statistics.fmean(values), statistics.pstdev(values)
    per = {}
    for rid in {r for _, r, _ in rows}:
        xs = [x for _, r, x in rows if r == rid]
        per[rid] = (statistics.fmean(xs), statistics.pstdev(xs))
    expect = {}
    for cid in {c for c, _, _ in rows}:
        # a reviewer with fewer than 2 totals, or all the same, has no z-score: their total is kept as it is
        ns = [gm + gs * (x - per[r][0]) / per[r][1] if per[r][1] else x for c, r, x in rows if c == cid]
        expect[cid] = statistics.fmean(ns)
    for e in ranked.entries:
        assert abs(float(e.score) - expect[e.case.pk]) < 0.006
        assert e.score == e.normalised
    order = sorted(expect, key=lambda cid: -expect[cid])
    assert [e.case.pk for e in ranked.entries] == order
    assert ranked.group_sd > 0


def test_a_reviewer_with_one_score_keeps_it_uncorrected(case_world, village) -> None:
    """A reviewer who scored one application and recused from the rest has no standing to normalise against: their
    75.00 stays 75.00 (it was forced to the group's mean before), the others are normalised as usual, and the list
    recomputes from the stored reviews with plain floats."""
    call, units, users = village["call"], case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    cases = [to_review(apply(call, units["GWANAK"], f"단체{n}", nine)[0], users["gwanak"])
             for n, nine in enumerate(["123456789", "220810123", "105860001"])]
    for case, m in zip(cases, [9, 7, 5], strict=True):
        score(r1, case, m, m, m, m)
    for case, m in zip(cases, [8, 8, 6], strict=True):
        score(r2, case, m, m, m, m)
    score(r3, cases[1], 8, 7, 7, 8)  # 75.00
    review_recuse(actor=r3, case=cases[0], reason="이해충돌")
    review_recuse(actor=r3, case=cases[2], reason="이해충돌")
    ranked = ranked_list(village["review"], call.pk)
    assert ranked.uncorrected == [r3.pk] and ranked.counted == 7
    mark = next(m for m in ranked.entry(cases[1].pk).marks if m.reviewer_id == r3.pk)
    assert mark.total == Decimal("75.00") and mark.normalised == Decimal("75.00") and mark.uncorrected
    others = [m for e in ranked.entries for m in e.marks if m.reviewer_id != r3.pk and not m.recused]
    assert others and not any(m.uncorrected for m in others)
    assert any(m.normalised != m.total for m in others)  # r1 and r2 are normalised
    rows = [(r.case_id, r.reviewer_id, float(r.total)) for r in Review.objects.filter(recused=False)]
    values = [x for _, _, x in rows]
    gm, gs = statistics.fmean(values), statistics.pstdev(values)
    for e in ranked.entries:
        ns = []
        for c, rid, x in rows:
            if c != e.case.pk:
                continue
            xs = [v for _, r, v in rows if r == rid]
            sd = statistics.pstdev(xs)
            ns.append(gm + gs * (x - statistics.fmean(xs)) / sd if len(xs) >= 2 and sd else x)
        assert abs(float(e.score) - statistics.fmean(ns)) < 0.006


def test_district_quota_limits_the_passing_cases(case_world, make_user) -> None:
    v = setup_call(case_world, make_user, quotas={"GWANAK": 1})
    units, users = case_world["units"], case_world["users"]
    r1, r2, _ = v["reviewers"]
    a = to_review(apply(v["call"], units["GWANAK"], "가", "123456789")[0], users["gwanak"])
    b = to_review(apply(v["call"], units["GWANAK"], "나", "220810123")[0], users["gwanak"])
    for r in (r1, r2):
        score(r, a, 9, 9, 9, 9)
        score(r, b, 8, 8, 8, 8)
    ranked = ranked_list(v["review"], v["call"].pk)
    assert [(e.above_cutoff, e.within_quota, e.recommended) for e in ranked.entries] == [
        (True, True, True), (True, False, False)]


def test_wrong_office_refused(case_world, village) -> None:
    call, units, users = village["call"], case_world["units"], case_world["users"]
    a = apply(call, units["GWANAK"], "가", "123456789")[0]
    with pytest.raises(ForbiddenError):  # 영등포구 cannot accept 관악구's application
        case_move(actor=users["ydp"], case=a, transition="accept", version=a.version)
    a = to_review(a, users["gwanak"])
    with pytest.raises(ForbiddenError):  # a district officer is not a reviewer
        review_submit(actor=users["gwanak"], case=a, scores={})
    with pytest.raises(ForbiddenError):  # the interview is the city's
        interview_schedule(actor=users["gwanak"], case=a, starts_at=dt.datetime(2021, 2, 1, tzinfo=dt.UTC),
                           place="구청")
    with pytest.raises(ForbiddenError):  # desk entry of another district
        call_apply(actor=users["ydp"], call=call, organisation={"name": "x", "business_number": brn("211870245")},
                   district=units["GWANAK"], category_code="new", title="t", summary="s", public=False)
    from iljari.cases.calls import call_publish

    with pytest.raises(ForbiddenError):
        call_publish(actor=users["gwanak"], call=call, version=call.version, published=False)


def test_bad_applications_refused_with_every_problem(case_world, village) -> None:
    call, units = village["call"], case_world["units"]
    with pytest.raises(ServiceError) as e:
        call_apply(actor=None, call=call, organisation={"name": "", "business_number": "1234567890"},
                   district=units["GWANAK"], category_code="nope", title="", summary="", consent=False,
                   documents=[("application", upload("virus.pdf", b"MZ\x90\x00")),
                              ("business_plan", upload("plan.exe"))], on=dt.date(2021, 3, 1))
    codes = {p.code for p in e.value.problems}
    assert {ErrorCode.OUTSIDE_WINDOW, ErrorCode.REQUIRED, ErrorCode.INVALID, ErrorCode.UNKNOWN_CHOICE,
            ErrorCode.FILE_TYPE} <= codes
    assert any("PDF 파일이 아닙니다" in p.message_ko for p in e.value.problems)
    big = upload("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ServiceError) as e:
        apply(call, units["GWANAK"], "가", "123456789", documents=[("application", big)])
    assert e.value.problems[0].code == ErrorCode.FILE_TOO_LARGE
    assert not Case.objects.exists() and not Organisation.objects.exists() and not Document.objects.exists()
    apply(call, units["GWANAK"], "가", "123456789")
    with pytest.raises(ServiceError) as e:  # the same organisation twice
        apply(call, units["YDP"], "가", "123456789")
    assert e.value.problems[0].code == ErrorCode.DUPLICATE_BUSINESS_NUMBER
    assert Case.objects.count() == 1


def test_a_business_number_on_file_under_another_name_is_refused(case_world, village) -> None:
    """An organisation applying with a business number already on file under another firm's name (a firm of a
    subsidy claim) is refused beside the number, as the subsidy intake refuses it, nothing saved: it used to be
    attached to the other firm, whose name every page then showed. The public form does not name the other firm;
    the district's desk does. The same firm written another way ((주), spaces) is the same firm."""
    call, units, users = village["call"], case_world["units"], case_world["users"]
    firm = Organisation.objects.create(name="(주)한빛정밀", business_number=brn("101860001"), employees=12)
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError) as e:
        apply(call, units["GWANAK"], "관악 마을부엌 협동조합", "101860001")
    problem = e.value.problems[0]
    assert problem.code == ErrorCode.DUPLICATE_BUSINESS_NUMBER and problem.field == "business_number"
    assert "다른 사업장명으로 등록" in problem.message_ko and "한빛정밀" not in problem.message_ko
    assert not Case.objects.exists() and not Document.objects.exists()
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before
    with pytest.raises(ServiceError) as e:  # the desk: the officer is told which firm holds the number
        call_apply(actor=users["gwanak"], call=call, district=units["GWANAK"], category_code="new", title="t",
                   summary="s", public=False,
                   organisation={"name": "관악 마을부엌 협동조합", "business_number": brn("101860001")})
    assert "(주)한빛정밀" in e.value.problems[0].message_ko and e.value.problems[0].field == "business_number"
    case, _ = apply(call, units["GWANAK"], "한빛정밀 주식회사", "101860001")
    assert case.organisation == firm and Organisation.objects.get(pk=firm.pk).name == "(주)한빛정밀"


def test_refusals_name_codes_without_a_particle(case_world, village) -> None:
    """"공모 코드 VILLAGE-2021가" reads wrong (the particle depends on how the code is read aloud): the code stands
    apart, in brackets or after a colon."""
    from iljari.cases.calls import call_save, default_categories

    flow = village["flow"]
    with pytest.raises(ServiceError) as e:
        call_save(actor=village["city"], flow=flow, code="VILLAGE-2021", year=2021, title_ko="같은 코드",
                  opens_on=dt.date(2021, 1, 1), closes_on=dt.date(2021, 2, 1),
                  categories=default_categories(flow) + default_categories(flow)[:1],
                  districts=[case_world["units"]["GWANAK"], case_world["units"]["SEOUL"]])
    texts = [p.message_ko for p in e.value.problems]
    assert "이미 있는 공모 코드입니다 (VILLAGE-2021)" in texts
    assert any(t.startswith("지원 유형 코드가 두 번 있습니다 (") for t in texts)
    assert any(t.startswith("자치구가 아닙니다: ") for t in texts)


def test_review_scores_out_of_range_and_twice(case_world, village) -> None:
    call, units = village["call"], case_world["units"]
    r1 = village["reviewers"][0]
    a = to_review(apply(call, units["GWANAK"], "가", "123456789")[0], case_world["users"]["gwanak"])
    with pytest.raises(ServiceError) as e:
        review_submit(actor=r1, case=a, scores={"community": 11, "public": -1, "local": "x"})
    assert len(e.value.problems) == 4 and not Review.objects.exists()
    score(r1, a, 10, 10, 10, 10)
    with pytest.raises(ConflictError):
        score(r1, a, 1, 1, 1, 1)
    assert Review.objects.get().total == Decimal("100.00")


def test_two_reviewers_at_once_keep_both_scores(case_world, village) -> None:
    """Reviewers score the same case from the same page state: each keeps their own row (no case version is asked
    of a reviewer, the case's row lock orders them); the case page's version is untouched."""
    call, units = village["call"], case_world["units"]
    r1, r2, _ = village["reviewers"]
    a = to_review(apply(call, units["GWANAK"], "가", "123456789")[0], case_world["users"]["gwanak"])
    seen = Case.objects.get(pk=a.pk)
    score(r1, seen, 7, 7, 7, 7)
    score(r2, seen, 9, 9, 9, 9)
    assert sorted(Review.objects.values_list("total", flat=True)) == [Decimal("70.00"), Decimal("90.00")]
    assert Case.objects.get(pk=a.pk).version == seen.version


def test_agreement_and_payment_once(case_world, village) -> None:
    call, units, users = village["call"], case_world["units"], case_world["users"]
    r1, r2, r3 = village["reviewers"]
    a = to_review(apply(call, units["YDP"], "가", "123456789", category="re")[0], users["ydp"])
    for r in (r1, r2, r3):
        score(r, a, 8, 8, 8, 8)
    a = case_move(actor=users["city"], case=a, transition="recommend", version=Case.objects.get(pk=a.pk).version)
    a = decision_record(actor=users["city"], case=a, designated=True, reason="지정", version=a.version)
    with pytest.raises(ForbiddenError):  # 관악구 does not sign 영등포구's agreement
        agreement_sign(actor=users["gwanak"], case=a, signed_on=dt.date(2021, 4, 1), starts_on=dt.date(2021, 4, 1),
                       ends_on=dt.date(2021, 12, 31), version=a.version)
    with pytest.raises(ServiceError):  # no agreement yet
        subsidy_pay(actor=users["ydp"], case=a, paid_on=dt.date(2021, 4, 30), version=a.version)
    stale = a.version
    ag = agreement_sign(actor=users["ydp"], case=a, signed_on=dt.date(2021, 4, 1), starts_on=dt.date(2021, 4, 1),
                        ends_on=dt.date(2021, 12, 31), version=stale)
    assert ag.amount == 30_000_000 and ag.program.owner_org == units["YDP"]
    with pytest.raises(ConflictError):  # a second officer on the stale page
        agreement_sign(actor=users["ydp"], case=a, signed_on=dt.date(2021, 4, 1), starts_on=dt.date(2021, 4, 1),
                       ends_on=dt.date(2021, 12, 31), version=stale)
    a = Case.objects.get(pk=a.pk)
    subsidy_pay(actor=users["ydp"], case=a, paid_on=dt.date(2021, 4, 30), version=a.version)
    a = Case.objects.get(pk=a.pk)
    with pytest.raises(ConflictError):
        subsidy_pay(actor=users["ydp"], case=a, paid_on=dt.date(2021, 4, 30), version=a.version)
    assert Payment.objects.count() == 1


def test_documents_by_content_not_name(case_world, village) -> None:
    call, units = village["call"], case_world["units"]
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 10
    docs = [*all_documents(), ("other", upload("사진.png", png)), ("members", upload("members.xlsx", b"PK\x03\x04x"))]
    a, _ = apply(call, units["GWANAK"], "가", "123456789", documents=docs)
    kept = {d.doc_type: d for d in Document.objects.filter(case=a)}
    assert len(kept) == 5 and kept["other"].content_type == "image/png" and len(kept["other"].sha256) == 64
    with pytest.raises(ServiceError) as e:
        apply(call, units["GWANAK"], "나", "220810123",
              documents=[("application", upload("a.pdf", png))])
    assert e.value.problems[0].code == ErrorCode.FILE_TYPE
