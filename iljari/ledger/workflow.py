"""월별 제출·승인·확정: submit, approve, accept and reopen a unit's month (all audited).

Who may: the unit's own officers submit (they may record for it); an officer of the department above it (who
may record for the parent unit) or the portfolio office approves; the portfolio office accepts; the portfolio
office or an administrator reopens, with a reason. While submitted, approved or accepted, the month is locked
for the unit's subtree and every refusal says why and who can reopen it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.access import policy
from iljari.audit.services import check_version, snapshot, versioned_save
from iljari.core.errors import ErrorCode, ForbiddenError, Problem, ServiceError
from iljari.core.labels import one_language
from iljari.core.periods import Period
from iljari.orgs.models import OrgUnit

from .models import MonthSubmission, PeriodLock

S = MonthSubmission.Status


def _denied(ko: str, en: str) -> ServiceError:
    return ForbiddenError(Problem(ErrorCode.PERMISSION_DENIED, ko, en))


def _state(unit: OrgUnit, year: int, month: int) -> MonthSubmission | None:
    return MonthSubmission.objects.select_for_update().filter(org_unit=unit, year=year, month=month).first()


def _who(user: Any) -> str:
    return getattr(user, "username", "") or "-"


def _lock(unit: OrgUnit, year: int, month: int, actor: Any, reason: str) -> None:
    PeriodLock.objects.update_or_create(org_unit=unit, period=Period(year, "M", month).id, defaults={
        "locked_by": actor if getattr(actor, "pk", None) else None, "reason": reason})


def may_approve(user: Any, unit: OrgUnit) -> bool:
    parent = unit.parent
    return policy.grant(user, "approve_month").everywhere or (parent is not None
                                                             and policy.can(user, "approve_month", parent))


def submitted_by(sub: MonthSubmission | None, user: Any) -> bool:
    """Did this user submit the month? (Then someone else approves and accepts it: four eyes.)"""
    return sub is not None and sub.submitted_by_id is not None and sub.submitted_by_id == getattr(user, "pk", None)


def may_accept(user: Any) -> bool:
    return policy.grant(user, "accept_month").everywhere


def _check_version(sub: MonthSubmission | None, expected: int | None) -> None:
    check_version(sub, expected, what_ko="이 달의 제출을", what_en="this month's submission")


def _save(sub: MonthSubmission, before: dict | None, actor: Any, reason: str) -> MonthSubmission:
    versioned_save(actor=actor, obj=sub, before=before, state=snapshot, reason=reason)
    return sub


def _advance(*, actor: Any, unit: OrgUnit, year: int, month: int, expected_version: int | None, reason: str,
             required: str, to: str, stamp: str, refusal: tuple[str, str], lock_reason: str) -> MonthSubmission:
    """One step of an existing submission (approve, accept): state check, who and when, lock text, audit."""
    sub = _state(unit, year, month)
    _check_version(sub, expected_version)
    if sub is None or sub.status != required:
        raise ServiceError(Problem(ErrorCode.INVALID, *refusal))
    if submitted_by(sub, actor):
        # Four eyes: the month is checked by someone other than the person who submitted it.
        raise ForbiddenError(Problem(ErrorCode.SAME_PERSON,
                                   f"{year}년 {month}월 실적을 제출한 사람은 그 달을 승인하거나 확정할 수 없습니다. "
                                   "다른 담당자가 처리해야 합니다",
                                   "the person who submitted the month cannot approve or accept it; someone else "
                                   "has to"))
    before = snapshot(sub)
    sub.status = to
    setattr(sub, f"{stamp}_by", actor)
    setattr(sub, f"{stamp}_at", timezone.now())
    _lock(unit, year, month, actor, lock_reason)
    return _save(sub, before, actor, reason)


@transaction.atomic
def month_submit(*, actor: Any, unit: OrgUnit, year: int, month: int, expected_version: int | None = None,
                 reason: str = "") -> MonthSubmission:
    if not policy.can(actor, "record", unit):
        raise _denied("이 조직의 실적을 제출할 권한이 없습니다", "you may not submit this unit's month")
    sub = _state(unit, year, month)
    _check_version(sub, expected_version)
    if sub is not None and sub.status != S.REOPENED:
        raise ServiceError(Problem(ErrorCode.INVALID, f"이미 {one_language(sub.get_status_display())} 상태입니다",
                                   f"the month is already {sub.status}"))
    before = snapshot(sub) if sub else None
    sub = sub or MonthSubmission(org_unit=unit, year=year, month=month)
    sub.status, sub.submitted_by, sub.submitted_at = S.SUBMITTED, actor, timezone.now()
    parent = unit.parent.name_ko if unit.parent else "상위 부서"
    _lock(unit, year, month, actor,
          f"{year}년 {month}월 실적은 {_who(actor)}님이 {timezone.localdate():%Y.%m.%d} 제출하여 잠겼습니다. "
          f"{parent}의 승인을 기다립니다. 고치려면 일자리정책 총괄부서(또는 관리자)가 사유를 적어 재개방해야 합니다. / "
          f"Submitted by {_who(actor)}; awaiting approval. The portfolio office (or an administrator) can reopen it.")
    return _save(sub, before, actor, reason)


@transaction.atomic
def month_approve(*, actor: Any, unit: OrgUnit, year: int, month: int, expected_version: int | None = None,
                  reason: str = "") -> MonthSubmission:
    if not may_approve(actor, unit):
        raise _denied("상위 부서 담당자나 총괄부서만 승인할 수 있습니다",
                      "only the department above the unit or the portfolio office approves")
    return _advance(actor=actor, unit=unit, year=year, month=month, expected_version=expected_version,
                    reason=reason, required=S.SUBMITTED, to=S.APPROVED, stamp="approved",
                    refusal=("제출된 달만 승인할 수 있습니다", "only a submitted month is approved"),
                    lock_reason=f"{year}년 {month}월 실적은 {_who(actor)}님이 승인하여 잠겼습니다. 총괄부서의 확정을 "
                    f"기다립니다. 고치려면 일자리정책 총괄부서(또는 관리자)가 재개방해야 합니다. / Approved by "
                    f"{_who(actor)}; the portfolio office (or an administrator) can reopen it.")


@transaction.atomic
def month_accept(*, actor: Any, unit: OrgUnit, year: int, month: int, expected_version: int | None = None,
                 reason: str = "") -> MonthSubmission:
    if not may_accept(actor):
        raise _denied("일자리정책 총괄부서만 확정할 수 있습니다", "only the portfolio office accepts")
    return _advance(actor=actor, unit=unit, year=year, month=month, expected_version=expected_version,
                    reason=reason, required=S.APPROVED, to=S.ACCEPTED, stamp="accepted",
                    refusal=("승인된 달만 확정할 수 있습니다", "only an approved month is accepted"),
                    lock_reason=f"{year}년 {month}월 실적은 {_who(actor)}님이 확정하였습니다. 고치려면 일자리정책 "
                    f"총괄부서(또는 관리자)가 사유를 적어 재개방해야 합니다. / Accepted by {_who(actor)}; the "
                    f"portfolio office (or an administrator) can reopen it with a reason.")


@transaction.atomic
def month_reopen(*, actor: Any, unit: OrgUnit, year: int, month: int, reason: str,
                 expected_version: int | None = None) -> MonthSubmission:
    if not policy.grant(actor, "reopen_month").everywhere:
        raise _denied("일자리정책 총괄부서나 관리자만 재개방할 수 있습니다",
                      "only the portfolio office or an administrator reopens a month")
    if not reason.strip():
        raise ServiceError(Problem(ErrorCode.REQUIRED, "재개방 사유를 적으십시오", "give the reason for reopening",
                                   field="reason"))
    sub = _state(unit, year, month)
    _check_version(sub, expected_version)
    if sub is None or sub.status == S.REOPENED:
        raise ServiceError(Problem(ErrorCode.INVALID, "잠긴 달이 아닙니다", "the month is not locked"))
    before = snapshot(sub)
    sub.status, sub.reopened_by, sub.reopened_at, sub.reopen_reason = S.REOPENED, actor, timezone.now(), reason
    PeriodLock.objects.filter(org_unit=unit, period=Period(year, "M", month).id).delete()
    return _save(sub, before, actor, reason)
