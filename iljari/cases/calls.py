"""Open calls (공모, issue 17): announcements, applications by organisations, reviews with recusal and blind
review, interviews, the ministry's decision, agreements, the subsidy payment and the winner's program
(docs/cases.md, "Open calls"). Every write is a keyword-only service in one transaction, with the version the
officer saw where two could clash, a history row (`CaseEvent`) and an audit row; refusals carry every problem.

Who acts is the flow's data: the owning office (`Flow.program.owner_org`) sets up calls, assigns reviewers and
schedules interviews; a district officer enters desk applications of a district the call takes and signs the
agreement; an assigned reviewer scores or recuses. Transitions go through `cases.flows.case_move`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.access import policy
from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.brn import business_number_clean
from iljari.core.errors import ConflictError, ErrorCode, ForbiddenError, NotFoundError, Problem, ServiceError
from iljari.orgs.models import OrgKind, OrgUnit
from iljari.programs.models import Program

from .documents import documents_check, documents_keep
from .flows import CASE_FIELDS, case_move, case_note, case_open, may_act
from .models import (
    Agreement,
    Call,
    CallDistrict,
    Case,
    CaseEvent,
    Flow,
    Interview,
    Organisation,
    Payment,
    Proposal,
    Review,
    ReviewerAssignment,
    Stage,
)
from .ranking import review_total

CALL_FIELDS = ["code", "year", "title_ko", "title_en", "summary_ko", "summary_en", "opens_on", "closes_on",
               "categories", "published", "version"]
LEGAL_FORMS = [("협동조합", "협동조합 / cooperative"), ("사회적협동조합", "사회적협동조합 / social cooperative"),
               ("주식회사", "주식회사 / company limited by shares"), ("유한회사", "유한회사 / limited company"),
               ("영농조합법인", "영농조합법인 / farming association"), ("사단법인", "사단법인 / incorporated association"),
               ("비영리법인", "비영리법인 / non-profit corporation")]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
MINISTRY = "행정안전부"


def _p(code: ErrorCode, ko: str, en: str, field: str | None = None, **params: Any) -> Problem:
    return Problem(code, ko, en, field=field, params=params)


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ServiceError(problems)


# ------------------------------------------------------------------------------------------------ history words

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _won(n: Any, english: bool) -> str:
    return f"₩{int(n or 0):,}" if english else f"{int(n or 0):,}원"


def _day(value: Any, english: bool) -> str:
    if not value:
        return "-"
    d = dt.date.fromisoformat(str(value)[:10])
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if english else f"{d.year}. {d.month}. {d.day}."


def _moment(value: Any, english: bool) -> str:
    try:
        at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return "-"
    at = timezone.localtime(at) if timezone.is_aware(at) else at
    return f"{_day(at.date().isoformat(), english)} {at:%H:%M}"


def call_event_words(event: Any, english: bool) -> str | None:
    """A history row written by the call services (the interview, a reviewer's scores, the agreement, the subsidy
    paid) in Korean or English, from its data: the case page shows it in the page's language. None for any other
    row (its stored `reason` stands: a recusal's reason, a transition's). Rows written before the data carried
    `call` are read from their kind; the money services' rows (`data["money"]`) are never taken for a call's."""
    data = getattr(event, "data", None) or {}
    if "money" in data:
        return None
    kind = data.get("call") or getattr(event, "kind", "")
    en = english
    if kind == "interview" and data.get("starts_at"):
        minutes = data.get("minutes")
        length = (f" ({minutes} min)" if en else f" ({minutes}분)") if minutes else ""
        place = str(data.get("place") or "-")
        if en:
            what = "Interview rescheduled" if data.get("changed") else "Interview scheduled"
            return f"{what}: {_moment(data['starts_at'], True)}{length}, {place}"
        return f"{'면접 일정 변경' if data.get('changed') else '면접 일정'}: {_moment(data['starts_at'], False)}{length}, {place}"
    if kind == "score" and data.get("total") is not None:
        return f"Scores submitted: total {data['total']}" if en else f"심사 점수 제출: 합계 {data['total']}점"
    if kind == "agreement" and data.get("amount") is not None:
        period = ""
        if data.get("starts_on") and data.get("ends_on"):
            period = (f" (project {_day(data['starts_on'], True)} to {_day(data['ends_on'], True)})" if en else
                      f" (사업 기간 {_day(data['starts_on'], False)} ~ {_day(data['ends_on'], False)})")
        return (f"Agreement signed: {_won(data['amount'], True)}{period}" if en else
                f"약정 체결: {_won(data['amount'], False)}{period}")
    if kind == "payment" and data.get("amount") is not None and data.get("paid_on"):
        return (f"Subsidy paid: {_won(data['amount'], True)} ({_day(data['paid_on'], True)})" if en else
                f"보조금 지급: {_won(data['amount'], False)} ({_day(data['paid_on'], False)})")
    return None


def _call_note(*, actor: Any, case: Case, kind: str, data: dict[str, Any]) -> CaseEvent:
    """A history row of the call services: its data (`call`: what happened, and what is needed to say it in either
    language) and, as its stored reason, the Korean words (`call_event_words`)."""
    data = {"call": kind, **data}
    return case_note(actor=actor, case=case, kind=kind, data=data,
                     reason=call_event_words(CaseEvent(kind=kind, data=data), english=False) or "")


# ------------------------------------------------------------------------------------------------ who


def owns(user: Any, call_or_flow: Call | Flow) -> bool:
    """Is `user` an officer of the flow's owning office (or a global writer)? They set up the call."""
    flow = call_or_flow.flow if isinstance(call_or_flow, Call) else call_or_flow
    return policy.grant(user, "handle_case").covers(flow.program.owner_org)


def receives(user: Any, district: OrgUnit | None) -> bool:
    """May `user` take applications for `district` at the desk (its district officers, global writers)?"""
    return district is not None and policy.grant(user, "handle_case").covers(district)


def _need_owner(user: Any, call_or_flow: Call | Flow) -> None:
    if not owns(user, call_or_flow):
        raise ForbiddenError(_p(ErrorCode.PERMISSION_DENIED, "공모를 주관하는 부서의 담당자만 할 수 있습니다",
                                "only the office that runs the call may do this"))


# ------------------------------------------------------------------------------------------------ calls


def category(call: Call, code: str) -> dict[str, Any] | None:
    return next((c for c in call.categories or [] if c.get("code") == code), None)


def category_label(call: Call, code: str, language: str = "ko") -> str:
    c = category(call, code)
    if c is None:
        return "-"
    return (c.get("en") if language == "en" else "") or c.get("ko") or "-"


def _categories_problems(categories: Any) -> list[Problem]:
    if not isinstance(categories, list) or not categories:
        return [_p(ErrorCode.REQUIRED, "지원 유형을 하나 이상 정하십시오", "give at least one category",
                   "categories")]
    out, seen = [], set()
    for n, c in enumerate(categories[:50], start=1):
        if not isinstance(c, dict) or not str(c.get("code") or "").strip() or not str(c.get("ko") or "").strip():
            out.append(_p(ErrorCode.REQUIRED, f"{n}번째 지원 유형의 코드와 이름이 필요합니다",
                          f"category {n} needs a code and a name", "categories"))
            continue
        if c["code"] in seen:
            out.append(_p(ErrorCode.DUPLICATE_CODE, f"지원 유형 코드가 두 번 있습니다 ({c['code']})",
                          f"category code {c['code']} appears twice", "categories"))
        seen.add(c["code"])
        amount = c.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0 or amount > 10**12:
            out.append(_p(ErrorCode.OUT_OF_RANGE, f"'{c['ko']}'의 지원 금액은 1원 이상의 정수여야 합니다",
                          f"the amount of '{c.get('en') or c['code']}' must be a whole number of won above 0",
                          "categories"))
    return out


def default_categories(flow: Flow) -> list[dict[str, Any]]:
    """The categories of the flow's seed shape (cases.specs), for a new call of that flow."""
    from .specs import SPECS

    spec = SPECS.get(flow.code) or next((s for s in SPECS.values() if flow.code.startswith(s["code"])), None)
    return [dict(c) for c in (spec or {}).get("categories", [])]


def call_save(*, actor: Any, flow: Flow, code: str, year: int, title_ko: str, opens_on: dt.date,
              closes_on: dt.date, categories: list[dict[str, Any]], districts: list[OrgUnit],
              title_en: str = "", summary_ko: str = "", summary_en: str = "", call: Call | None = None,
              version: int | None = None, illustrative: bool = False, reason: str = "") -> Call:
    """A new call of `flow` (or changes to `call`, with the version the officer saw), by the owning office."""
    _need_owner(actor, flow)
    code = (code or "").strip().upper()
    problems: list[Problem] = []
    if flow.kind != Flow.Kind.CALL:
        problems.append(_p(ErrorCode.INVALID, "공모 흐름이 아닙니다", "not a call flow", "flow"))
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,29}", code):
        problems.append(_p(ErrorCode.INVALID, "공모 코드는 영문 대문자·숫자·하이픈 2~30자입니다",
                           "the call's code is 2-30 capital letters, digits and hyphens", "code"))
    elif Call.objects.filter(code=code).exclude(pk=call.pk if call else None).exists():
        problems.append(_p(ErrorCode.DUPLICATE_CODE, f"이미 있는 공모 코드입니다 ({code})", f"call code {code} exists",
                           "code"))
    if not (title_ko or "").strip():
        problems.append(_p(ErrorCode.REQUIRED, "공모 제목이 필요합니다", "the call needs a title", "title_ko"))
    if not (2000 <= int(year) <= 2100):
        problems.append(_p(ErrorCode.INVALID_YEAR, "연도가 올바르지 않습니다", "invalid year", "year"))
    if opens_on and closes_on and closes_on < opens_on:
        problems.append(_p(ErrorCode.INVALID_DATE, "접수 마감일이 시작일보다 앞섭니다",
                           "applications close before they open", "closes_on"))
    problems += _categories_problems(categories)
    if not districts:
        problems.append(_p(ErrorCode.REQUIRED, "접수 자치구를 하나 이상 고르십시오", "choose at least one district",
                           "districts"))
    for d in districts:
        if d.kind != OrgKind.DISTRICT:
            problems.append(_p(ErrorCode.UNKNOWN_ORG_UNIT, f"자치구가 아닙니다: {d.name_ko}",
                               f"{d.name_en or d.code} is not a district", "districts"))
    _raise(problems)
    clean = [{"code": str(c["code"]).strip()[:40], "ko": str(c["ko"]).strip()[:100],
              "en": str(c.get("en") or "").strip()[:100], "amount": int(c["amount"])} for c in categories]
    with transaction.atomic():
        if call is None:
            before = None
            call = Call(flow=flow, illustrative=illustrative)
        else:
            call = Call.objects.select_for_update().get(pk=call.pk)
            check_version(call, version, what_ko="이 공모를", what_en="this call")
            before = snapshot(call, fields=CALL_FIELDS, extra={"districts": _district_codes(call)})
            call.version += 1
        call.code, call.year, call.title_ko, call.title_en = code, int(year), title_ko.strip(), title_en.strip()
        call.summary_ko, call.summary_en = summary_ko.strip(), summary_en.strip()
        call.opens_on, call.closes_on, call.categories = opens_on, closes_on, clean
        call.save()
        CallDistrict.objects.filter(call=call).exclude(district__in=districts).delete()
        for d in districts:
            CallDistrict.objects.get_or_create(call=call, district=d)
        audit_change(actor=actor, obj=call, before=before,
                     after=snapshot(call, fields=CALL_FIELDS, extra={"districts": _district_codes(call)}),
                     reason=reason)
    return call


def _district_codes(call: Call) -> list[str]:
    return sorted(CallDistrict.objects.filter(call=call).values_list("district__code", flat=True))


def call_districts(call: Call) -> list[OrgUnit]:
    return [link.district for link in CallDistrict.objects.filter(call=call).select_related("district")]


def call_publish(*, actor: Any, call: Call, version: int | None, published: bool = True) -> Call:
    """Publish the call's announcement on /grants/calls/ (or take it down)."""
    _need_owner(actor, call)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        check_version(locked, version, what_ko="이 공모를", what_en="this call")
        before = snapshot(locked, fields=["published", "version"])
        locked.published = published
        locked.version += 1
        locked.save(update_fields=["published", "version"])
        audit_change(actor=actor, obj=locked, before=before, after=snapshot(locked, fields=["published", "version"]),
                     reason="공고 게시" if published else "공고 내림")
    return locked


def review_stages(flow: Flow) -> list[Stage]:
    return list(flow.stages.filter(kind=Stage.Kind.REVIEW).select_related("rubric").order_by("order"))


def reviewer_assign(*, actor: Any, call: Call, stage: Stage, reviewer: Any, remove: bool = False
                    ) -> ReviewerAssignment | None:
    """Assign a reviewer to a call's review stage (or remove one who has not yet reviewed), by the owning office."""
    _need_owner(actor, call)
    if stage.flow_id != call.flow_id or stage.kind != Stage.Kind.REVIEW:
        raise ServiceError(_p(ErrorCode.INVALID, "이 공모의 심사 단계가 아닙니다", "not a review stage of this call",
                              "stage"))
    if not policy.allows(reviewer, "review_case"):
        raise ServiceError(_p(ErrorCode.PERMISSION_DENIED, f"{reviewer.get_username()}에게는 심사 권한이 없습니다",
                              f"{reviewer.get_username()} may not review cases", "reviewer"))
    with transaction.atomic():
        found = ReviewerAssignment.objects.filter(call=call, stage=stage, reviewer=reviewer).first()
        if remove:
            if found is None:
                return None
            if Review.objects.filter(case__call=call, stage=stage, reviewer=reviewer).exists():
                raise ServiceError(_p(ErrorCode.NOT_ALLOWED_NOW, "이미 심사한 심사위원은 뺄 수 없습니다",
                                      "a reviewer who has reviewed cannot be removed", "reviewer"))
            audit_change(actor=actor, obj=found, before=snapshot(found), after={"removed": True},
                         reason="심사위원 배정 취소")
            found.delete()
            return None
        if found is not None:
            return found
        a = ReviewerAssignment.objects.create(call=call, stage=stage, reviewer=reviewer)
        audit_change(actor=actor, obj=a, before=None, after=snapshot(a), reason="심사위원 배정")
    return a


# ------------------------------------------------------------------------------------------------ applying


def _firm_clash(number: str, name: str, public: bool) -> list[Problem]:
    """The business number already on file under another organisation's name (a firm of a subsidy claim, an
    earlier call): refused as the subsidy intake refuses it (`subsidy.firm_conflicts`), never silently attached to
    the other firm. The public form does not name the other firm; an officer's desk does."""
    from .subsidy import firm_conflicts

    org = Organisation.objects.filter(business_number=number).first()
    return [dataclasses.replace(p, field="business_number") for p in firm_conflicts(org, name, number, public)]


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def new_status_code() -> str:
    """Eight letters and digits in two groups (ABCD-EF23), from the OS's random source; only its hash is kept."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def case_by_status_code(reference: str, code: str) -> Case | None:
    """The call case with this reference whose status code matches (compared in constant time), else None."""
    reference = (reference or "").strip()[:40]
    code = (code or "").strip()[:20]
    if not reference or not code:
        return None
    case = Case.objects.filter(reference=reference, call__isnull=False).select_related("call", "stage").first()
    if case is None or not case.applicant_token:
        _hash_code(code)  # the same work either way
        return None
    return case if hmac.compare_digest(case.applicant_token, _hash_code(code)) else None


def call_apply(*, actor: Any, call: Call, organisation: dict[str, Any], district: OrgUnit | None, category_code: str,
               title: str, summary: str, contact_name: str = "", jobs_planned: int | None = None,
               documents: list[tuple[str, Any]] | None = None, consent: bool = False, public: bool = True,
               on: dt.date | None = None, illustrative: bool = False) -> tuple[Case, str]:
    """An organisation's application → a case at the flow's first stage in `district`, with its documents.
    `public`: through /grants/ (the call published and open today; consent required); otherwise a district
    officer's desk entry (their district). Returns the case and, for a public application, the status code shown
    once (only its hash is kept)."""
    on = on or timezone.localdate()
    problems: list[Problem] = []
    if public:
        if not call.published:
            raise NotFoundError("공고를 찾을 수 없습니다", "call not found")
        if not (call.opens_on <= on <= call.closes_on):
            problems.append(_p(ErrorCode.OUTSIDE_WINDOW,
                               f"접수 기간({call.opens_on:%Y. %-m. %-d.} ~ {call.closes_on:%Y. %-m. %-d.})이 아닙니다",
                               f"applications are taken from {call.opens_on} to {call.closes_on}"))
        if not consent:
            problems.append(_p(ErrorCode.REQUIRED, "개인정보 수집·이용에 동의해야 신청할 수 있습니다",
                               "you must agree to the collection and use of personal data", "consent"))
    elif not receives(actor, district):
        raise ForbiddenError(_p(ErrorCode.PERMISSION_DENIED, "담당 자치구의 신청만 접수할 수 있습니다",
                                "you may only take applications for your district"))
    allowed = {d.pk for d in call_districts(call)}
    if district is None or district.pk not in allowed:
        problems.append(_p(ErrorCode.UNKNOWN_ORG_UNIT, "이 공모를 접수하는 자치구를 고르십시오",
                           "choose a district that takes this call", "district"))
    cat = category(call, category_code)
    if cat is None:
        problems.append(_p(ErrorCode.UNKNOWN_CHOICE, "지원 유형을 고르십시오", "choose a category", "category"))
    name = str(organisation.get("name") or "").strip()
    if not name:
        problems.append(_p(ErrorCode.REQUIRED, "단체 이름이 필요합니다", "the organisation's name is required", "name"))
    number = business_number_clean(organisation.get("business_number"))
    if number is None:
        problems.append(_p(ErrorCode.INVALID, "사업자등록번호가 올바르지 않습니다 (10자리, 검증번호 확인)",
                           "the business registration number is not valid (10 digits, check digit)",
                           "business_number"))
    if not str(title or "").strip():
        problems.append(_p(ErrorCode.REQUIRED, "사업 제목이 필요합니다", "the proposal needs a title", "title"))
    if not str(summary or "").strip():
        problems.append(_p(ErrorCode.REQUIRED, "사업 내용을 적어 주십시오", "describe the proposal", "summary"))
    if number is not None and name:
        problems += _firm_clash(number, name, public)
    checked, doc_problems = documents_check(list(documents or []))
    problems += doc_problems
    _raise(problems)
    label = "" if not public else name[:100]  # the applying organisation, as it typed its name (any language)
    with transaction.atomic():
        Call.objects.select_for_update().filter(pk=call.pk).first()  # one application of a number at a time
        if Case.objects.filter(call=call, organisation__business_number=number).exists():
            raise ServiceError(_p(ErrorCode.DUPLICATE_BUSINESS_NUMBER,
                                  "이 사업자등록번호로 이미 이 공모에 신청했습니다",
                                  "an application with this business registration number is already in",
                                  "business_number"))
        _raise(_firm_clash(number, name, public))  # again under the lock: a firm saved since the check above
        org = Organisation.objects.filter(business_number=number).first()
        if org is None:
            org = Organisation.objects.create(
                name=name[:200], business_number=number, legal_form=str(organisation.get("legal_form") or "")[:40],
                district=district, address=str(organisation.get("address") or "")[:300],
                representative=str(organisation.get("representative") or "")[:100],
                phone=str(organisation.get("phone") or "")[:20], email=str(organisation.get("email") or "")[:200],
                illustrative=illustrative)
            audit_change(actor=actor, obj=org, before=None,
                         after=snapshot(org, fields=["name", "business_number", "legal_form", "district"]))
        code = new_status_code() if public else ""
        case = case_open(actor=actor, flow=call.flow, district=district, applied_on=on, actor_label=label,
                         call=call, organisation=org, category=cat["code"], title=str(title).strip()[:200],
                         channel=Case.Channel.PUBLIC if public else (Case.Channel.DEMO if illustrative else
                                                                     Case.Channel.OFFICE),
                         amount_claimed=int(cat["amount"]), applicant_token=_hash_code(code) if code else "",
                         illustrative=illustrative)
        Proposal.objects.create(case=case, summary=str(summary).strip()[:5000], contact_name=contact_name[:100],
                                jobs_planned=jobs_planned, consent_at=timezone.now() if consent else None)
        documents_keep(actor=actor, case=case, checked=checked, actor_label=label)
    return case, code


# ------------------------------------------------------------------------------------------------ reviewing


def assigned(user: Any, case: Case, stage: Stage | None = None) -> bool:
    stage = stage or case.stage
    return bool(case.call_id and getattr(user, "is_authenticated", False) and policy.allows(user, "review_case")
                and ReviewerAssignment.objects.filter(call_id=case.call_id, stage=stage, reviewer=user).exists())


def _lock_for_review(actor: Any, case: Case) -> tuple[Case, Stage]:
    locked = (Case.objects.select_for_update(of=("self",)).select_related("stage", "call").filter(pk=case.pk)
              .first())
    if locked is None:
        raise NotFoundError("사례를 찾을 수 없습니다", "case not found")
    stage = locked.stage
    if not assigned(actor, locked, stage):
        raise ForbiddenError(_p(ErrorCode.PERMISSION_DENIED, "이 신청의 심사위원으로 배정되지 않았습니다",
                                "you are not a reviewer of this application at its stage"))
    if stage.kind != Stage.Kind.REVIEW:
        raise ServiceError(_p(ErrorCode.NOT_ALLOWED_NOW, "심사 단계가 아닙니다", "the case is not at a review stage"))
    return locked, stage


def review_submit(*, actor: Any, case: Case, scores: dict[str, Any], comment: str = "") -> Review:
    """A reviewer's scores (criterion code → 0..max_score) of a case at its review stage; final once submitted.
    The case's row lock orders reviewers scoring at once; each keeps their own row, none is lost."""
    with transaction.atomic():
        locked, stage = _lock_for_review(actor, case)
        existing = Review.objects.select_for_update().filter(case=locked, stage=stage, reviewer=actor).first()
        if existing is not None and existing.recused:
            raise ServiceError(_p(ErrorCode.RECUSED, "이해충돌로 회피한 신청은 심사할 수 없습니다",
                                  "you recused yourself from this application and cannot score it"))
        if existing is not None and existing.submitted_at is not None:
            raise ConflictError(_p(ErrorCode.CONFLICT, "이미 심사를 제출했습니다", "your review is already in"))
        criteria = list(stage.rubric.criteria.all())
        problems, clean = [], {}
        for c in criteria:
            raw = scores.get(c.code)
            text = str(raw if raw is not None else "").strip()
            if not re.fullmatch(r"\d{1,3}", text) or not (0 <= int(text) <= c.max_score):
                problems.append(_p(ErrorCode.OUT_OF_RANGE, f"{c.name_ko}: 0부터 {c.max_score}까지의 정수를 적으십시오",
                                   f"{c.name_en or c.code}: a whole number from 0 to {c.max_score}",
                                   f"score_{c.code}"))
            else:
                clean[c.code] = int(text)
        _raise(problems)
        total = review_total(criteria, clean)
        review = existing or Review(case=locked, stage=stage, reviewer=actor)
        review.scores, review.total, review.comment = clean, total, (comment or "").strip()[:2000]
        review.submitted_at = timezone.now()
        review.save()
        _call_note(actor=actor, case=locked, kind="score", data={"stage": stage.code, "total": str(total)})
        audit_change(actor=actor, obj=review, before=None,
                     after=snapshot(review, fields=["case", "stage", "reviewer", "scores", "total", "submitted_at"]))
    return review


def review_recuse(*, actor: Any, case: Case, reason: str) -> Review:
    """A reviewer steps aside for a conflict of interest (with the reason): their scores, if any, never count and
    they cannot score the case afterwards."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_p(ErrorCode.REASON_REQUIRED, "회피 사유를 적으십시오", "give the reason for recusal",
                              "reason"))
    with transaction.atomic():
        locked, stage = _lock_for_review(actor, case)
        review = Review.objects.select_for_update().filter(case=locked, stage=stage, reviewer=actor).first()
        if review is not None and review.recused:
            return review
        before = snapshot(review, fields=["recused", "total", "submitted_at"]) if review else None
        review = review or Review(case=locked, stage=stage, reviewer=actor)
        review.recused, review.recusal_reason = True, reason[:1000]
        review.submitted_at = review.submitted_at or timezone.now()
        review.version += 1 if review.pk else 0
        review.save()
        case_note(actor=actor, case=locked, kind="recusal", reason=reason, data={"stage": stage.code})
        audit_change(actor=actor, obj=review, before=before,
                     after=snapshot(review, fields=["recused", "recusal_reason", "total", "submitted_at"]),
                     reason=reason)
    return review


def interview_schedule(*, actor: Any, case: Case, starts_at: dt.datetime, place: str, minutes: int = 20,
                       note: str = "") -> Interview:
    """When and where the applicant is interviewed at the case's review stage (by the office acting there); the
    applicant's status page shows it."""
    place = (place or "").strip()
    problems = []
    if not place:
        problems.append(_p(ErrorCode.REQUIRED, "면접 장소를 적으십시오", "give the place", "place"))
    if not (5 <= int(minutes) <= 240):
        problems.append(_p(ErrorCode.OUT_OF_RANGE, "면접 시간은 5분에서 240분 사이입니다",
                           "an interview lasts 5 to 240 minutes", "minutes"))
    _raise(problems)
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("stage", "flow__program__owner_org",
                                                                              "district").get(pk=case.pk)
        if locked.stage.kind != Stage.Kind.REVIEW:
            raise ServiceError(_p(ErrorCode.NOT_ALLOWED_NOW, "심사 단계에서만 면접을 잡을 수 있습니다",
                                  "interviews are scheduled at a review stage"))
        if not may_act(actor, locked):
            raise ForbiddenError(_p(ErrorCode.PERMISSION_DENIED, "이 단계는 다른 담당자가 처리합니다",
                                    "another office acts at this stage"))
        found = Interview.objects.select_for_update().filter(case=locked, stage=locked.stage).first()
        before = snapshot(found, fields=["starts_at", "minutes", "place", "note"]) if found else None
        interview = found or Interview(case=locked, stage=locked.stage)
        interview.starts_at, interview.minutes, interview.place = starts_at, int(minutes), place[:200]
        interview.note = (note or "").strip()[:300]
        if found:
            interview.version += 1
        interview.save()
        _call_note(actor=actor, case=locked, kind="interview",
                   data={"starts_at": starts_at.isoformat(), "place": interview.place, "minutes": interview.minutes,
                         "changed": found is not None})
        audit_change(actor=actor, obj=interview, before=before,
                     after=snapshot(interview, fields=["starts_at", "minutes", "place", "note"]))
    return interview


# ------------------------------------------------------------------------------------------------ deciding, paying


def decision_record(*, actor: Any, case: Case, designated: bool, reason: str, version: int | None,
                    decided_on: dt.date | None = None) -> Case:
    """The ministry's final decision (행정안전부 최종 심사), recorded by the owning office with its reason: the
    `designated` or `not_designated` transition."""
    data = {"decided_by": MINISTRY, "decided_on": (decided_on or timezone.localdate()).isoformat()}
    return case_move(actor=actor, case=case, transition="designated" if designated else "not_designated",
                     version=version, reason=reason, data=data, actor_label=f"{MINISTRY} (주관 부서 기록)")


def _lock_at_payment(actor: Any, case: Case, version: int | None) -> Case:
    locked = (Case.objects.select_for_update(of=("self",))
              .select_related("stage", "call", "district", "organisation", "flow__program__owner_org")
              .filter(pk=case.pk).first())
    if locked is None:
        raise NotFoundError("사례를 찾을 수 없습니다", "case not found")
    check_version(locked, version, what_ko="이 사례를", what_en="this case")
    if locked.stage.kind != Stage.Kind.PAYMENT or locked.call_id is None:
        raise ServiceError(_p(ErrorCode.NOT_ALLOWED_NOW, "약정·지급 단계가 아닙니다",
                              "the case is not at the agreement and payment stage"))
    if not may_act(actor, locked):
        raise ForbiddenError(_p(ErrorCode.PERMISSION_DENIED, "신청 자치구의 담당자만 할 수 있습니다",
                                "only the case's district may do this"))
    return locked


def _bump(actor: Any, case: Case, reason: str) -> None:
    before = snapshot(case, fields=CASE_FIELDS)
    case.version += 1
    case.save(update_fields=["version", "amount_approved", "updated_at"])
    audit_change(actor=actor, obj=case, before=before, after=snapshot(case, fields=CASE_FIELDS), reason=reason)


def agreement_sign(*, actor: Any, case: Case, signed_on: dt.date, starts_on: dt.date, ends_on: dt.date,
                   version: int | None, jobs_target: int | None = None, note: str = "") -> Agreement:
    """The agreement between the selected organisation and its district (the district officer signs): the
    category's amount, the period, and the winner's program created in the registry (owner the district) with its
    jobs target in the ledger when one is given."""
    if ends_on < starts_on:
        raise ServiceError(_p(ErrorCode.INVALID_DATE, "약정 종료일이 시작일보다 앞섭니다",
                              "the agreement ends before it starts", "ends_on"))
    if jobs_target is not None and not (0 < int(jobs_target) <= 10_000):
        raise ServiceError(_p(ErrorCode.OUT_OF_RANGE, "일자리 목표는 1 이상이어야 합니다",
                              "the jobs target must be at least 1", "jobs_target"))
    with transaction.atomic():
        locked = _lock_at_payment(actor, case, version)
        if Agreement.objects.filter(case=locked).exists():
            raise ConflictError(_p(ErrorCode.CONFLICT, "이미 약정을 체결했습니다", "the agreement is already signed"))
        cat = category(locked.call, locked.category)
        if cat is None:
            raise ServiceError(_p(ErrorCode.UNKNOWN_CHOICE, "신청한 지원 유형이 공모에 없습니다",
                                  "the case's category is not in the call", "category"))
        program = _winner_program(actor, locked, starts_on, ends_on, jobs_target, signed_on)
        agreement = Agreement.objects.create(case=locked, signed_on=signed_on, amount=int(cat["amount"]),
                                             starts_on=starts_on, ends_on=ends_on, program=program,
                                             note=(note or "").strip()[:2000])
        locked.amount_approved = agreement.amount
        _call_note(actor=actor, case=locked, kind="agreement",
                   data={"amount": agreement.amount, "program": program.code, "starts_on": starts_on.isoformat(),
                         "ends_on": ends_on.isoformat()})
        audit_change(actor=actor, obj=agreement, before=None, after=snapshot(agreement))
        _bump(actor, locked, "약정 체결")
    return agreement


def _winner_program(actor: Any, case: Case, starts_on: dt.date, ends_on: dt.date, jobs_target: int | None,
                    signed_on: dt.date) -> Program:
    from iljari.programs.services import program_create

    base = case.flow.program
    serial = case.reference.rsplit("-", 1)[-1]
    code = f"{case.call.code}-{serial}"[:40]
    org = case.organisation
    title = case.title or case.call.title_ko
    program = program_create(
        actor=actor, code=code, name_ko=f"{title} ({org.name if org else '-'})"[:300],
        name_en=f"{case.call.title_en or case.call.code}: {org.name if org else ''}"[:300], owner_org=case.district,
        job_type=base.job_type, subtype=base.subtype, policy_field=base.policy_field,
        target_groups=list(base.target_groups.all()), implementing_orgs=[case.district], start=starts_on,
        end=ends_on, description=f"{case.call.title_ko} 선정 ({case.reference}). "
                                 f"{getattr(getattr(case, 'proposal', None), 'summary', '')}"[:2000],
        illustrative=case.illustrative, reason=f"공모 선정 약정 {case.reference}")
    if jobs_target:
        from iljari.ledger.services import fact_record
        from iljari.programs.models import Code, Measure

        fact_record(actor=actor, program=program, org_unit=case.district,
                    measure=Measure.objects.get(code="job_target"),
                    funding_source=Code.objects.get(list="funding_source", code="total"),
                    period=str(starts_on.year), value=int(jobs_target), as_of=signed_on,
                    reason=f"공모 약정 일자리 목표 ({case.reference})")
    return program


def subsidy_pay(*, actor: Any, case: Case, paid_on: dt.date, version: int | None) -> Payment:
    """The agreed subsidy paid to the organisation (a `Payment` row, paid). No person: no benefit record."""
    with transaction.atomic():
        locked = _lock_at_payment(actor, case, version)
        agreement = Agreement.objects.filter(case=locked).first()
        if agreement is None:
            raise ServiceError(_p(ErrorCode.CONDITION_FAILED, "약정을 먼저 체결하십시오", "sign the agreement first"))
        if locked.payments.filter(status=Payment.Status.PAID).exists():
            raise ConflictError(_p(ErrorCode.ALREADY_PAID, "보조금을 이미 지급했습니다", "the subsidy is already paid"))
        label = f"{category_label(locked.call, locked.category)} 보조금"[:100]
        payment = Payment.objects.create(case=locked, label=label, payee=Payment.Payee.ORGANISATION,
                                         amount=agreement.amount, due_on=paid_on, status=Payment.Status.PAID,
                                         paid_on=paid_on, illustrative=locked.illustrative)
        _call_note(actor=actor, case=locked, kind="payment", data={"amount": payment.amount,
                                                                   "paid_on": paid_on.isoformat()})
        audit_change(actor=actor, obj=payment, before=None,
                     after=snapshot(payment, fields=["case", "amount", "payee", "status", "paid_on"]))
        _bump(actor, locked, "보조금 지급")
    return payment
