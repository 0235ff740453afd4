"""The counsellor's services: sessions, referrals and outcomes, placements with their follow-ups, retention,
job fairs — refusals in both languages, nothing half-saved, an audit row for each step."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.core.errors import ConflictError, ServiceError
from iljari.employment.casework import (
    counselling_record,
    follow_up_record,
    job_fair_save,
    placement_record,
    referral_create,
    referral_outcome,
    retention_status,
)
from iljari.employment.models import Counselling, FollowUp, JobFair, Placement, Referral, Seeker, Vacancy

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




def messages(exc: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str, str | None]]:
    return [(p.message_ko, p.message_en, p.field) for p in exc.value.problems]


def test_a_session_is_recorded_and_audited(actor, make_seeker):
    s = make_seeker()
    session = counselling_record(actor=actor, seeker=s, held_on=today(), kind="intake", channel="visit",
                                 notes="요양보호사 자격 취득 희망", next_step="이력서 작성")
    assert session.centre_id == s.centre_id and session.counsellor == actor
    row = AuditEntry.objects.get(object_type="employment.counselling", object_id=str(session.pk))
    assert row.action == "create" and row.after["kind"] == "intake"


def test_a_session_refuses_bad_input_in_both_languages(actor, make_seeker):
    s = make_seeker(registered_on=today() - dt.timedelta(days=3))
    with pytest.raises(ServiceError) as exc:
        counselling_record(actor=actor, seeker=s, held_on=today() - dt.timedelta(days=5), kind="gossip",
                           channel="visit", notes="x\x00")
    got = messages(exc)
    assert any("구직 등록일" in ko and "before the seeker registered" in en for ko, en, _ in got)
    assert ("상담 종류를 목록에서 고르십시오", "choose the kind of session from the list", "kind") in got
    assert any(f == "notes" for _, _, f in got)
    assert not Counselling.objects.exists()


def test_a_referral_needs_an_open_vacancy_before_its_deadline_and_an_active_seeker(actor, make_seeker,
                                                                                   make_vacancy):
    s = make_seeker()
    late = make_vacancy(deadline=today() - dt.timedelta(days=1))
    with pytest.raises(ServiceError) as exc:
        referral_create(actor=actor, seeker=s, vacancy=late)
    assert any("마감일" in ko and "deadline" in en for ko, en, _ in messages(exc))
    closed = make_vacancy(status="closed")
    with pytest.raises(ServiceError) as exc:
        referral_create(actor=actor, seeker=s, vacancy=closed)
    assert messages(exc)[0][:2] == ("모집 중인 구인에만 알선할 수 있습니다", "only an open vacancy takes referrals")
    placed = make_seeker(status="placed")
    with pytest.raises(ServiceError) as exc:
        referral_create(actor=actor, seeker=placed, vacancy=make_vacancy())
    assert "구직 중인 구직자만" in messages(exc)[0][0]
    assert not Referral.objects.exists()


def test_no_second_referral_to_the_same_vacancy_while_pending(actor, make_seeker, make_vacancy):
    s, v = make_seeker(), make_vacancy()
    r = referral_create(actor=actor, seeker=s, vacancy=v)
    assert r.outcome == "pending" and r.referred_on == today()
    with pytest.raises(ServiceError) as exc:
        referral_create(actor=actor, seeker=s, vacancy=v)
    assert messages(exc)[0][1] == "the seeker is already referred to this vacancy and awaits its outcome"
    referral_outcome(actor=actor, referral=r, version=1, outcome="employer_refused", on=today(), reason="경력 부족")
    assert referral_create(actor=actor, seeker=s, vacancy=v).pk != r.pk  # once refused, again is fine
    assert Referral.objects.count() == 2


def test_an_outcome_a_refusal_needs_a_reason_and_a_stale_version_is_refused(actor, make_seeker, make_vacancy):
    r = referral_create(actor=actor, seeker=make_seeker(), vacancy=make_vacancy())
    with pytest.raises(ServiceError) as exc:
        referral_outcome(actor=actor, referral=r, version=1, outcome="seeker_refused", on=today(), reason=" ")
    assert messages(exc) == [("거절 사유를 입력하십시오", "enter the reason for the refusal", "reason")]
    referral_outcome(actor=actor, referral=r, version=1, outcome="interview", on=today(), reason="")
    r.refresh_from_db()
    assert r.outcome == "interview" and r.version == 2
    with pytest.raises(ConflictError):
        referral_outcome(actor=actor, referral=r, version=1, outcome="hired", on=today(), reason="")
    rows = AuditEntry.objects.filter(object_type="employment.referral", object_id=str(r.pk)).order_by("pk")
    assert [a.action for a in rows] == ["create", "update"] and rows[1].after["outcome"] == "interview"


def _placement(actor, seeker, referral, **kw):  # type: ignore[no-untyped-def]
    args = dict(actor=actor, seeker=seeker, referral=referral, occupation=None, placed_on=today(),
                wage_type="monthly", wage=2_400_000, contract="permanent", via="referral")
    args.update(kw)
    return placement_record(**args)


def test_a_placement_before_its_referral_is_refused_and_nothing_is_saved(actor, make_seeker, make_vacancy):
    s, v = make_seeker(registered_on=today() - dt.timedelta(days=60)), make_vacancy()
    r = referral_create(actor=actor, seeker=s, vacancy=v, referred_on=today() - dt.timedelta(days=5))
    audit_before = AuditEntry.objects.count()
    early = today() - dt.timedelta(days=8)
    with pytest.raises(ServiceError) as exc:
        _placement(actor, s, r, placed_on=early)
    ko, en, field = messages(exc)[0]
    assert field == "placed_on"
    assert ko == f"취업일({early:%Y.%m.%d})이 알선일({r.referred_on:%Y.%m.%d})보다 빠릅니다"
    assert en.startswith("the placement") and "cannot come before its referral" in en
    r.refresh_from_db()
    s.refresh_from_db()
    v.refresh_from_db()
    assert (r.outcome, s.status, v.status) == ("pending", "active", "open")
    assert not Placement.objects.exists() and not FollowUp.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_referral_placement_hires_places_fills_and_makes_three_follow_ups(actor, make_seeker, make_vacancy):
    s, v = make_seeker(), make_vacancy(openings=1)
    r = referral_create(actor=actor, seeker=s, vacancy=v, referred_on=today() - dt.timedelta(days=2))
    p = _placement(actor, s, r)
    r.refresh_from_db()
    s.refresh_from_db()
    v.refresh_from_db()
    assert (r.outcome, r.outcome_on, s.status, v.status) == ("hired", today(), "placed", "filled")
    assert p.employer == v.employer and p.occupation == v.occupation and p.employer_name == v.employer.name
    assert [(f.months, f.due_on) for f in p.follow_ups.order_by("months")] == [
        (m, today() + relativedelta(months=m)) for m in (1, 3, 6)]
    types = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"employment.placement", "employment.followup", "employment.referral", "employment.seeker",
            "employment.vacancy"} <= types
    assert AuditEntry.objects.filter(object_type="employment.followup").count() == 3


def test_a_vacancy_with_two_openings_stays_open_after_one_hire(actor, make_seeker, make_vacancy):
    v = make_vacancy(openings=2)
    s = make_seeker()
    _placement(actor, s, referral_create(actor=actor, seeker=s, vacancy=v))
    v.refresh_from_db()
    assert v.status == Vacancy.Status.OPEN


def test_a_placement_on_their_own_needs_the_employer(actor, make_seeker, occ):
    s = make_seeker()
    with pytest.raises(ServiceError) as exc:
        _placement(actor, s, None, via="self", occupation=occ["02"], wage=0)
    fields = {f for _, _, f in messages(exc)}
    assert fields == {"employer_name", "wage"}
    with pytest.raises(ServiceError) as exc:
        _placement(actor, s, None, via="referral", occupation=occ["02"], employer_name="동네빵집")
    assert messages(exc)[0][1] == "a placement through a referral names its referral"
    p = _placement(actor, s, None, via="self", occupation=occ["02"], employer_name="동네빵집")
    assert p.employer is None and p.employer_name == "동네빵집" and p.follow_ups.count() == 3
    s.refresh_from_db()
    assert s.status == Seeker.Status.PLACED


def test_follow_ups_and_the_retention_status(actor, make_seeker, make_vacancy):
    s = make_seeker(registered_on=today() - dt.timedelta(days=400))
    assert retention_status(s).ko == "-"
    r = referral_create(actor=actor, seeker=s, vacancy=make_vacancy(), referred_on=today() - dt.timedelta(days=200))
    p = _placement(actor, s, r, placed_on=today() - dt.timedelta(days=190))
    assert retention_status(s).ko == "확인 전" and retention_status(s).en == "not checked yet"
    one, _three, six = p.follow_ups.order_by("months")
    follow_up_record(actor=actor, follow_up=one, version=1, done_on=one.due_on, still_employed=True,
                     same_employer=True, note="잘 다니고 있음")
    assert retention_status(s).text("ko") == "1개월 고용 유지"
    follow_up_record(actor=actor, follow_up=six, version=1, done_on=today(), still_employed=True,
                     same_employer=True, note="")
    assert retention_status(s).ko == "6개월 고용 유지" and retention_status(s).text("en") == "employed after 6 months"
    six.refresh_from_db()
    follow_up_record(actor=actor, follow_up=six, version=six.version, done_on=today(), still_employed=True,
                     same_employer=False, note="다른 회사로 옮김")
    assert retention_status(s).ko == "이직"
    six.refresh_from_db()
    follow_up_record(actor=actor, follow_up=six, version=six.version, done_on=today(), still_employed=False,
                     same_employer=True, note="")
    six.refresh_from_db()
    assert retention_status(s).ko == "퇴직" and six.same_employer is None
    assert AuditEntry.objects.filter(object_type="employment.followup", object_id=str(six.pk),
                                     action="update").count() == 3


def test_a_follow_up_too_early_or_unanswered_is_refused(actor, make_seeker, occ):
    s = make_seeker()
    p = _placement(actor, s, None, via="self", occupation=occ["02"], employer_name="동네빵집")
    one = p.follow_ups.get(months=1)
    with pytest.raises(ServiceError) as exc:
        follow_up_record(actor=actor, follow_up=one, version=1, done_on=today(), still_employed=None,
                         same_employer=None, note="")
    got = messages(exc)
    earliest = one.due_on - dt.timedelta(days=7)
    assert (f"1개월 사후관리는 {earliest:%Y.%m.%d}부터 기록할 수 있습니다 (예정일 {one.due_on:%Y.%m.%d})",
            f"the 1-month follow-up can be recorded from {earliest:%Y.%m.%d} (due {one.due_on:%Y.%m.%d})",
            "done_on") in got
    assert any(f == "still_employed" for _, _, f in got)
    one.refresh_from_db()
    assert one.done_on is None and one.version == 1


def test_job_fairs_counts_must_nest(actor, centres):
    with pytest.raises(ServiceError) as exc:
        job_fair_save(actor=actor, centre=centres["GWANAK"], name="관악 채용의 날", held_on=today(), companies=12,
                      applicants=100, interviews=120, hires=130)
    assert messages(exc) == [("면접 수가 참여 구직자 수보다 많습니다", "more interviews than applicants", "interviews"),
                             ("채용 수가 면접 수보다 많습니다", "more hires than interviews", "hires")]
    assert not JobFair.objects.exists()
    fair = job_fair_save(actor=actor, centre=centres["GWANAK"], name="관악 채용의 날", held_on=today(), companies=12,
                         applicants=100, interviews=60, hires=14)
    fair = job_fair_save(actor=actor, centre=centres["GWANAK"], job_fair=fair, version=1, name="관악 채용의 날",
                         held_on=today(), companies=12, applicants=100, interviews=60, hires=15)
    assert fair.hires == 15 and fair.version == 2
    with pytest.raises(ConflictError):
        job_fair_save(actor=actor, centre=centres["GWANAK"], job_fair=fair, version=1, name="x", held_on=today())
    assert [a.action for a in AuditEntry.objects.filter(object_type="employment.jobfair").order_by("pk")] == ["create", "update"]
