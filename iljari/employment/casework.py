"""A counsellor's work with a seeker after registration: counselling sessions (상담), referrals to vacancies (알선)
and their outcomes, placements (취업) with their follow-ups at 1, 3 and 6 months (사후관리), and job fairs
(채용박람회) with their counts.

Every service is keyword-only, runs in one transaction, writes an audit row for each object it creates or changes
and refuses a change made on a stale copy (`version`). Refusals are `ServiceError`s with messages in Korean and
English; nothing is half-saved (a placement before its referral saves neither the placement, nor the referral's
outcome, nor the follow-ups).

- `counselling_record`: one session.
- `referral_create`: a seeker sent to an open vacancy before its deadline (once while the first is pending).
- `referral_outcome`: interview, hired, refused by either side (a refusal needs its reason).
- `placement_record`: the seeker placed (through a referral, a job fair or on their own): the referral's outcome
  becomes "hired", the seeker "placed", a vacancy whose openings are all filled "filled", and the follow-ups at
  1, 3 and 6 months are made with their due dates.
- `follow_up_record`: the answer of a follow-up (not earlier than a week before it is due).
- `retention_status(seeker)`: the seeker's retention in words ("6개월 고용 유지", "이직", "퇴직", "확인 전").
- `job_fair_save`: a job fair or meet-the-employer day with its counts (hires ≤ interviews ≤ applicants).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.ledger.derived import acting

from .models import (
    Centre,
    Contract,
    Counselling,
    Employer,
    FollowUp,
    JobFair,
    Occupation,
    Placement,
    Referral,
    Seeker,
    Vacancy,
    WageType,
)

FOLLOW_UP_MONTHS = (1, 3, 6)
EARLY_FOLLOW_UP = dt.timedelta(days=7)  # a follow-up may be done up to a week before it is due
TEXT_MAX = 4000
LINE_MAX = 300
WAGE_MAX = 10**10
COUNT_MAX = 10**7
REFUSALS = (Referral.Outcome.REFUSED_BY_SEEKER, Referral.Outcome.REFUSED_BY_EMPLOYER)


def _today() -> dt.date:
    return timezone.localdate()


def _d(day: dt.date) -> str:
    return f"{day:%Y.%m.%d}"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ServiceError(problems)


def _text(problems: list[Problem], value: Any, field: str, limit: int, ko: str, en: str) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        problems.append(Problem(ErrorCode.NULL_CHARACTER, f"{ko}에 쓸 수 없는 문자가 있습니다",
                                f"the {en} holds a character that cannot be stored", field=field))
    elif len(text) > limit:
        problems.append(Problem(ErrorCode.TOO_LONG, f"{ko}는 {limit:,}자 이내로 쓰십시오",
                                f"the {en} may be at most {limit:,} characters", field=field))
    return text.strip()


def _date(problems: list[Problem], value: Any, field: str, ko: str, en: str) -> dt.date | None:
    if not isinstance(value, dt.date):
        problems.append(Problem(ErrorCode.REQUIRED, f"{ko}를 입력하십시오", f"enter the {en}", field=field))
        return None
    if value > _today():
        problems.append(Problem(ErrorCode.INVALID_DATE, f"{ko}는 오늘 이후일 수 없습니다",
                                f"the {en} cannot be in the future", field=field))
    return value


def _choice(problems: list[Problem], value: Any, choices: Any, field: str, ko: str, en: str) -> str:
    if value not in choices.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, f"{ko}를 목록에서 고르십시오",
                                f"choose the {en} from the list", field=field))
    return str(value)


def _not_before_registration(problems: list[Problem], seeker: Seeker, day: dt.date | None, field: str) -> None:
    if day is not None and day < seeker.registered_on:
        problems.append(Problem(ErrorCode.INVALID_DATE,
                                f"구직 등록일({_d(seeker.registered_on)})보다 앞선 날짜입니다",
                                f"the date is before the seeker registered ({_d(seeker.registered_on)})",
                                field=field))


def _bump(actor: Any, obj: Any, before: dict[str, Any], reason: str, fields: list[str]) -> None:
    obj.version = (obj.version or 0) + 1
    obj.save(update_fields=[*fields, "version"])
    audit_change(actor=actor, obj=obj, before=before, after=snapshot(obj), reason=reason)


# ---------------------------------------------------------------------------------------------------------------
# Counselling


@transaction.atomic
@acting
def counselling_record(*, actor: Any, seeker: Seeker, held_on: dt.date, kind: str, channel: str,
                       notes: str = "", next_step: str = "") -> Counselling:
    """상담 기록: one session with a seeker, at the seeker's centre."""
    problems: list[Problem] = []
    day = _date(problems, held_on, "held_on", "상담일", "date of the session")
    _not_before_registration(problems, seeker, day, "held_on")
    kind = _choice(problems, kind, Counselling.Kind, "kind", "상담 종류", "kind of session")
    channel = _choice(problems, channel, Counselling.Channel, "channel", "상담 방법", "channel")
    notes = _text(problems, notes, "notes", TEXT_MAX, "상담 내용", "notes")
    next_step = _text(problems, next_step, "next_step", LINE_MAX, "다음 할 일", "next step")
    _raise(problems)
    assert day is not None
    session = Counselling.objects.create(seeker=seeker, centre_id=seeker.centre_id, counsellor=_user(actor),
                                         held_on=day, kind=kind, channel=channel, notes=notes, next_step=next_step)
    audit_change(actor=actor, obj=session, before=None, after=snapshot(session), reason="상담 기록 / counselling")
    return session


# ---------------------------------------------------------------------------------------------------------------
# Referrals


@transaction.atomic
@acting
def referral_create(*, actor: Any, seeker: Seeker, vacancy: Vacancy, referred_on: dt.date | None = None
                    ) -> Referral:
    """알선: send a seeker (still seeking) to an open vacancy before its deadline; a second referral to the same
    vacancy while the first awaits its outcome is refused."""
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)  # one referral at a time per seeker
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    problems: list[Problem] = []
    day = _date(problems, referred_on or _today(), "referred_on", "알선일", "date of the referral")
    _not_before_registration(problems, seeker, day, "referred_on")
    if seeker.status != Seeker.Status.ACTIVE:
        problems.append(Problem(ErrorCode.INVALID, "구직 중인 구직자만 알선할 수 있습니다 (이미 취업했거나 종료됨)",
                                "only a seeker who is still seeking can be referred (placed or closed)",
                                field="seeker"))
    if vacancy.status != Vacancy.Status.OPEN:
        problems.append(Problem(ErrorCode.INVALID, "모집 중인 구인에만 알선할 수 있습니다",
                                "only an open vacancy takes referrals", field="vacancy"))
    elif day is not None and vacancy.deadline < day:
        problems.append(Problem(ErrorCode.INVALID_DATE, f"구인 마감일({_d(vacancy.deadline)})이 지났습니다",
                                f"the vacancy's deadline ({_d(vacancy.deadline)}) has passed", field="vacancy"))
    if Referral.objects.filter(seeker=seeker, vacancy=vacancy, outcome=Referral.Outcome.PENDING).exists():
        problems.append(Problem(ErrorCode.DUPLICATE_ROW, "이 구인에 이미 알선했고 결과를 기다리는 중입니다",
                                "the seeker is already referred to this vacancy and awaits its outcome",
                                field="vacancy"))
    _raise(problems)
    assert day is not None
    referral = Referral.objects.create(seeker=seeker, vacancy=vacancy, centre_id=seeker.centre_id,
                                       counsellor=_user(actor), referred_on=day)
    audit_change(actor=actor, obj=referral, before=None, after=snapshot(referral), reason="알선 / referral")
    return referral


@transaction.atomic
@acting
def referral_outcome(*, actor: Any, referral: Referral, version: int | None, outcome: str, on: dt.date | None,
                     reason: str = "") -> Referral:
    """알선 결과: interview, hired, refused by the seeker or by the employer (with the reason)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    check_version(referral, version, what_ko="이 알선을", what_en="this referral")
    problems: list[Problem] = []
    if outcome == Referral.Outcome.PENDING or outcome not in Referral.Outcome.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "알선 결과를 목록에서 고르십시오",
                                "choose the outcome from the list", field="outcome"))
    day = _date(problems, on, "on", "결과일", "date of the outcome")
    if day is not None and day < referral.referred_on:
        problems.append(Problem(ErrorCode.INVALID_DATE, f"결과일이 알선일({_d(referral.referred_on)})보다 빠릅니다",
                                f"the outcome's date is before the referral ({_d(referral.referred_on)})",
                                field="on"))
    reason = _text(problems, reason, "reason", LINE_MAX, "사유", "reason")
    if outcome in REFUSALS and not reason:
        problems.append(Problem(ErrorCode.REQUIRED, "거절 사유를 입력하십시오", "enter the reason for the refusal",
                                field="reason"))
    if Placement.objects.filter(referral=referral).exists() and outcome != Referral.Outcome.HIRED:
        problems.append(Problem(ErrorCode.INVALID, "취업이 기록된 알선의 결과는 바꿀 수 없습니다",
                                "the referral led to a recorded placement; its outcome stays 'hired'",
                                field="outcome"))
    _raise(problems)
    before = snapshot(referral)
    referral.outcome, referral.outcome_on, referral.reason = outcome, day, reason
    _bump(actor, referral, before, "알선 결과 / referral outcome", ["outcome", "outcome_on", "reason"])
    return referral


# ---------------------------------------------------------------------------------------------------------------
# Placements and follow-ups


@transaction.atomic
@acting
def placement_record(*, actor: Any, seeker: Seeker, referral: Referral | None = None,
                     employer: Employer | None = None, employer_name: str = "", occupation: Occupation | None,
                     placed_on: dt.date | None, wage_type: str, wage: int | None, contract: str,
                     via: str = Placement.Via.REFERRAL) -> Placement:
    """취업 기록. A placement through a referral takes its employer and occupation from the vacancy when not
    given and may not come before the referral; the referral becomes "hired", the seeker "placed", the vacancy
    "filled" once its openings are; the follow-ups at 1, 3 and 6 months are made."""
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    problems: list[Problem] = []
    day = _date(problems, placed_on, "placed_on", "취업일", "date of the placement")
    _not_before_registration(problems, seeker, day, "placed_on")
    via = _choice(problems, via, Placement.Via, "via", "취업 경로", "way of the placement")
    if referral is not None:
        referral = Referral.objects.select_for_update().select_related("vacancy").get(pk=referral.pk)
        if referral.seeker_id != seeker.pk:
            problems.append(Problem(ErrorCode.INVALID, "다른 구직자의 알선입니다", "the referral is another seeker's",
                                    field="referral"))
        elif Placement.objects.filter(referral=referral).exists():
            problems.append(Problem(ErrorCode.DUPLICATE_ROW, "이 알선의 취업은 이미 기록되었습니다",
                                    "a placement is already recorded for this referral", field="referral"))
        elif referral.outcome in REFUSALS:
            problems.append(Problem(ErrorCode.INVALID, "거절로 끝난 알선으로는 취업을 기록할 수 없습니다",
                                    "the referral ended in a refusal", field="referral"))
        if day is not None and day < referral.referred_on:
            problems.append(Problem(ErrorCode.INVALID_DATE,
                                    f"취업일({_d(day)})이 알선일({_d(referral.referred_on)})보다 빠릅니다",
                                    f"the placement ({_d(day)}) cannot come before its referral "
                                    f"({_d(referral.referred_on)})", field="placed_on"))
        employer = employer or referral.vacancy.employer
        occupation = occupation or referral.vacancy.occupation
        if via != Placement.Via.REFERRAL:
            via = Placement.Via.REFERRAL
    elif via == Placement.Via.REFERRAL:
        problems.append(Problem(ErrorCode.REQUIRED, "알선 취업은 어느 알선인지 고르십시오",
                                "a placement through a referral names its referral", field="referral"))
    employer_name = _text(problems, employer_name, "employer_name", 200, "사업장 이름", "employer's name")
    if employer is None and not employer_name:
        problems.append(Problem(ErrorCode.REQUIRED, "취업한 사업장을 입력하십시오", "enter the employer",
                                field="employer_name"))
    if occupation is None:
        problems.append(Problem(ErrorCode.REQUIRED, "직종을 고르십시오", "choose the occupation", field="occupation"))
    wage_type = _choice(problems, wage_type, WageType, "wage_type", "임금 형태", "type of wage")
    contract = _choice(problems, contract, Contract, "contract", "고용 형태", "type of contract")
    if not isinstance(wage, int) or isinstance(wage, bool) or not 0 < wage <= WAGE_MAX:
        problems.append(Problem(ErrorCode.OUT_OF_RANGE, "임금은 1원 이상의 금액으로 입력하십시오",
                                "enter the wage as an amount of at least 1 won", field="wage"))
    _raise(problems)
    assert day is not None and occupation is not None and isinstance(wage, int)
    placement = Placement.objects.create(
        seeker=seeker, referral=referral, centre_id=seeker.centre_id, employer=employer,
        employer_name=employer_name or (employer.name if employer else ""), occupation=occupation, placed_on=day,
        wage_type=wage_type, wage=wage, contract=contract, via=via, recorded_by=_user(actor))
    audit_change(actor=actor, obj=placement, before=None, after=snapshot(placement), reason="취업 / placement")
    for months in FOLLOW_UP_MONTHS:
        f = FollowUp.objects.create(placement=placement, months=months, due_on=day + relativedelta(months=months))
        audit_change(actor=actor, obj=f, before=None, after=snapshot(f), reason="사후관리 예정 / follow-up due")
    if referral is not None and referral.outcome != Referral.Outcome.HIRED:
        before = snapshot(referral)
        referral.outcome, referral.outcome_on = Referral.Outcome.HIRED, day
        _bump(actor, referral, before, "취업으로 채용 / hired", ["outcome", "outcome_on"])
    if seeker.status != Seeker.Status.PLACED:
        before = snapshot(seeker)
        seeker.status = Seeker.Status.PLACED
        _bump(actor, seeker, before, "취업 / placed", ["status", "updated_at"])
    if referral is not None:
        vacancy = Vacancy.objects.select_for_update().get(pk=referral.vacancy_id)
        hired = Placement.objects.filter(referral__vacancy=vacancy).count()
        if vacancy.status == Vacancy.Status.OPEN and hired >= vacancy.openings:
            before = snapshot(vacancy)
            vacancy.status = Vacancy.Status.FILLED
            _bump(actor, vacancy, before, "채용 완료 / openings filled", ["status"])
    return placement


@transaction.atomic
def follow_up_record(*, actor: Any, follow_up: FollowUp, version: int | None, done_on: dt.date | None,
                     still_employed: bool | None, same_employer: bool | None, note: str = "") -> FollowUp:
    """사후관리 결과: still employed? with the same employer? Not earlier than a week before it is due."""
    follow_up = FollowUp.objects.select_for_update().select_related("placement").get(pk=follow_up.pk)
    check_version(follow_up, version, what_ko="이 사후관리를", what_en="this follow-up")
    problems: list[Problem] = []
    day = _date(problems, done_on, "done_on", "확인일", "date of the follow-up")
    earliest = follow_up.due_on - EARLY_FOLLOW_UP
    if day is not None and day < earliest:
        problems.append(Problem(ErrorCode.INVALID_DATE,
                                f"{follow_up.months}개월 사후관리는 {_d(earliest)}부터 기록할 수 있습니다 "
                                f"(예정일 {_d(follow_up.due_on)})",
                                f"the {follow_up.months}-month follow-up can be recorded from {_d(earliest)} "
                                f"(due {_d(follow_up.due_on)})", field="done_on"))
    if not isinstance(still_employed, bool):
        problems.append(Problem(ErrorCode.REQUIRED, "계속 근무 중인지 고르십시오", "say whether they still work",
                                field="still_employed"))
    elif still_employed and not isinstance(same_employer, bool):
        problems.append(Problem(ErrorCode.REQUIRED, "같은 사업장인지 고르십시오", "say whether it is the same employer",
                                field="same_employer"))
    note = _text(problems, note, "note", LINE_MAX, "메모", "note")
    _raise(problems)
    before = snapshot(follow_up)
    follow_up.done_on, follow_up.still_employed, follow_up.note = day, still_employed, note
    follow_up.same_employer = same_employer if still_employed else None
    follow_up.done_by = _user(actor)
    _bump(actor, follow_up, before, f"{follow_up.months}개월 사후관리 / {follow_up.months}-month follow-up",
          ["done_on", "still_employed", "same_employer", "note", "done_by"])
    return follow_up


@dataclass(frozen=True)
class Retention:
    """A seeker's retention in words: `code` one of none (not placed), unchecked, kept, moved, left."""

    code: str
    ko: str
    en: str
    months: int | None = None

    def text(self, language: str | None = "ko") -> str:
        return self.en if (language or "ko").startswith("en") else self.ko

    def __str__(self) -> str:
        return self.ko


def retention_status(seeker: Seeker) -> Retention:
    """고용 유지 상태 of the seeker's latest placement, read from its latest recorded follow-up: "6개월 고용 유지"
    (still with the same employer), "이직" (working elsewhere), "퇴직" (no longer working), "확인 전" (placed, no
    follow-up recorded yet); "-" without a placement."""
    placement = seeker.placements.order_by("-placed_on", "-pk").first()
    if placement is None:
        return Retention("none", "-", "-")
    done = placement.follow_ups.filter(done_on__isnull=False).order_by("-months").first()
    if done is None:
        return Retention("unchecked", "확인 전", "not checked yet")
    if not done.still_employed:
        return Retention("left", "퇴직", "left work", done.months)
    if done.same_employer is False:
        return Retention("moved", "이직", "changed jobs", done.months)
    return Retention("kept", f"{done.months}개월 고용 유지", f"employed after {done.months} months", done.months)


def follow_ups_due(queryset: Any, *, on: dt.date | None = None, within: int = 7) -> Any:
    """Follow-ups not yet done and due by `on` + `within` days, overdue (earliest due) first."""
    on = on or _today()
    return (queryset.filter(done_on__isnull=True, due_on__lte=on + dt.timedelta(days=within))
            .select_related("placement__seeker__person", "placement__employer", "placement__centre")
            .order_by("due_on", "pk"))


# ---------------------------------------------------------------------------------------------------------------
# Job fairs


@transaction.atomic
def job_fair_save(*, actor: Any, centre: Centre, job_fair: JobFair | None = None, version: int | None = None,
                  name: str, held_on: dt.date | None, venue: str = "", companies: int | None = 0,
                  applicants: int | None = 0, interviews: int | None = 0, hires: int | None = 0,
                  note: str = "") -> JobFair:
    """채용박람회·현장면접 with its counts (참여기업, 참여 구직자, 면접, 채용); a new one without `job_fair`."""
    if job_fair is not None:
        job_fair = JobFair.objects.select_for_update().get(pk=job_fair.pk)
        check_version(job_fair, version, what_ko="이 채용박람회를", what_en="this job fair")
    problems: list[Problem] = []
    name = _text(problems, name, "name", 200, "행사 이름", "name")
    if not name:
        problems.append(Problem(ErrorCode.REQUIRED, "행사 이름을 입력하십시오", "enter the name", field="name"))
    day = _date(problems, held_on, "held_on", "행사일", "date of the fair")
    venue = _text(problems, venue, "venue", 200, "장소", "venue")
    note = _text(problems, note, "note", TEXT_MAX, "메모", "note")
    counts: dict[str, int] = {}
    for field, value, ko, en in (("companies", companies, "참여기업 수", "number of companies"),
                                 ("applicants", applicants, "참여 구직자 수", "number of applicants"),
                                 ("interviews", interviews, "면접 수", "number of interviews"),
                                 ("hires", hires, "채용 수", "number of hires")):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= COUNT_MAX:
            problems.append(Problem(ErrorCode.OUT_OF_RANGE, f"{ko}는 0 이상의 정수로 입력하십시오",
                                    f"the {en} must be a whole number of 0 or more", field=field))
        else:
            counts[field] = value
    if len(counts) == 4:
        if counts["interviews"] > counts["applicants"]:
            problems.append(Problem(ErrorCode.PARTS_DO_NOT_ADD_UP, "면접 수가 참여 구직자 수보다 많습니다",
                                    "more interviews than applicants", field="interviews"))
        if counts["hires"] > counts["interviews"]:
            problems.append(Problem(ErrorCode.PARTS_DO_NOT_ADD_UP, "채용 수가 면접 수보다 많습니다",
                                    "more hires than interviews", field="hires"))
    _raise(problems)
    assert day is not None
    before = snapshot(job_fair) if job_fair is not None else None
    fair = job_fair or JobFair(centre=centre)
    fair.name, fair.held_on, fair.venue, fair.note = name, day, venue, note
    for k, v in counts.items():
        setattr(fair, k, v)
    if before is not None:
        fair.version = (fair.version or 0) + 1
    fair.save()
    audit_change(actor=actor, obj=fair, before=before, after=snapshot(fair), reason="채용박람회 / job fair")
    return fair
