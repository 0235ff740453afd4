"""The dated booking rules' writes (slice "accounts"): a new version of a service's rules from a date, and changes
to a version not yet in force. A version whose date has come (valid_from on or before today) is never changed:
bookings were made under it; it is followed by a new version instead (`rules.rule_for` picks the version in force
on the day booked for). Only the portfolio office and administrators (`change_booking_rules`). Audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.access import policy
from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ConflictError, ErrorCode, ForbiddenError, Problem, ServiceError

from .models import BookingRule, Service

RULE_FIELDS = ["service", "valid_from", "name", "residents_only", "min_age", "max_age", "final_year_students",
               "daily_minutes", "booking_max_minutes", "yearly_count", "max_future", "advance_days", "rental_nights",
               "cancel_hours", "no_show_ban_days", "late_return_ban_days", "waitlist_offer_hours",
               "open_on_holidays", "source"]
NUMBERS: dict[str, tuple[int, int, str, str]] = {
    "min_age": (0, 120, "최소 나이", "lowest age"),
    "max_age": (0, 120, "최대 나이", "highest age"),
    "daily_minutes": (1, 24 * 60, "하루 이용 시간(분)", "minutes a day"),
    "booking_max_minutes": (1, 24 * 60, "한 번 예약 최대 시간(분)", "minutes a booking at most"),
    "yearly_count": (1, 1000, "연간 이용 횟수", "uses a year"),
    "max_future": (1, 100, "동시 예약 건수", "bookings ahead at once"),
    "advance_days": (0, 365, "예약 가능 기간(일)", "days ahead one may book"),
    "rental_nights": (1, 30, "대여 기간(박)", "rental nights"),
    "cancel_hours": (0, 720, "취소 마감(시간 전)", "cancellation cut-off (hours before)"),
    "no_show_ban_days": (0, 365, "노쇼 제한(일)", "no-show ban (days)"),
    "late_return_ban_days": (0, 365, "반납 지연 제한(일)", "late-return ban (days)"),
    "waitlist_offer_hours": (1, 168, "대기 제안 시간", "waiting-list offer (hours)"),
}
REQUIRED_NUMBERS = ("advance_days", "cancel_hours", "no_show_ban_days", "late_return_ban_days",
                    "waitlist_offer_hours")
FLAGS = ("residents_only", "final_year_students", "open_on_holidays")


def _allowed(actor: Any) -> None:
    if not policy.allows(actor, "change_booking_rules"):
        raise ForbiddenError(Problem(ErrorCode.PERMISSION_DENIED, "이용 기준은 일자리정책 총괄부서나 관리자만 바꿀 수 있습니다",
                                     "only the portfolio office or an administrator changes booking rules"))


def _values(values: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (lo, hi, ko, en) in NUMBERS.items():
        v = values.get(key)
        if v in (None, ""):
            if key in REQUIRED_NUMBERS:
                problems.append(Problem(ErrorCode.REQUIRED, f"{ko}을(를) 적으십시오", f"enter the {en}", field=key))
            out[key] = None
            continue
        try:
            n = int(v)
        except (TypeError, ValueError):
            problems.append(Problem(ErrorCode.NOT_AN_INTEGER, f"{ko}은(는) 숫자입니다", f"the {en} is a number",
                                    field=key))
            continue
        if not lo <= n <= hi:
            problems.append(Problem(ErrorCode.OUT_OF_RANGE, f"{ko}은(는) {lo}~{hi}입니다", f"the {en} is {lo} to {hi}",
                                    field=key))
        out[key] = n
    for key in FLAGS:
        out[key] = bool(values.get(key))
    for key, limit in (("name", 200), ("source", 300)):
        text = str(values.get(key) or "").strip()
        if len(text) > limit:
            problems.append(Problem(ErrorCode.TOO_LONG, f"{limit}자까지 적을 수 있습니다", f"{limit} characters at most",
                                    field=key))
        out[key] = text[:limit]
    if out.get("min_age") is not None and out.get("max_age") is not None and out["min_age"] > out["max_age"]:
        problems.append(Problem(ErrorCode.INVALID, "최소 나이가 최대 나이보다 큽니다", "the lowest age is above the highest",
                                field="max_age"))
    return out


def rule_create(*, actor: Any, service: str, valid_from: dt.date | None, values: dict[str, Any]) -> BookingRule:
    """A new version of `service`'s rules from `valid_from` (today or later: what applied before never
    changes)."""
    _allowed(actor)
    problems: list[Problem] = []
    if service not in Service.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "서비스를 목록에서 고르십시오", "choose the service from the list",
                                field="service"))
    today = timezone.localdate()
    if valid_from is None:
        problems.append(Problem(ErrorCode.REQUIRED, "적용 시작일을 적으십시오", "enter the day it applies from",
                                field="valid_from"))
    elif valid_from < today:
        problems.append(Problem(ErrorCode.INVALID_DATE, "지난 날부터 적용하는 기준은 만들 수 없습니다 (그때 예약한 분들에게 적용된 기준이 바뀝니다)",
                                "a rule cannot start in the past (it would change what applied to bookings made then)",
                                field="valid_from"))
    data = _values(values, problems)
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        if BookingRule.objects.filter(service=service, valid_from=valid_from).exists():
            raise ConflictError(Problem(ErrorCode.DUPLICATE_ROW, "같은 날부터 적용하는 기준이 이미 있습니다 (그 기준을 고치십시오)",
                                        "a version from that day exists (change that one)", field="valid_from"))
        rule = BookingRule.objects.create(service=service, valid_from=valid_from,
                                          created_by=actor if getattr(actor, "pk", None) else None, **data)
        audit_change(actor=actor, obj=rule, before=None, after=snapshot(rule, fields=RULE_FIELDS))
    return rule


def rule_update(*, actor: Any, rule: BookingRule, version: int, values: dict[str, Any]) -> BookingRule:
    """Change a version not yet in force (its day is after today); one in force is followed by a new one."""
    _allowed(actor)
    problems: list[Problem] = []
    data = _values(values, problems)
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        current = BookingRule.objects.select_for_update().get(pk=rule.pk)
        check_version(current, version, what_ko="이용 기준을", what_en="the rule")
        if current.valid_from <= timezone.localdate():
            raise ConflictError(Problem(
                ErrorCode.PERIOD_LOCKED,
                f"{current.valid_from:%Y.%m.%d}부터 적용 중인 기준은 고칠 수 없습니다. 새 적용일로 새 기준을 만드십시오",
                f"the version in force since {current.valid_from:%Y-%m-%d} cannot be changed: add a new version "
                "from a later day"))
        before = snapshot(current, fields=RULE_FIELDS)
        for k, v in data.items():
            setattr(current, k, v)
        after = snapshot(current, fields=RULE_FIELDS)
        if after != before:
            current.version += 1
            current.save()
            audit_change(actor=actor, obj=current, before=before, after=after)
    return current


def editable(rule: BookingRule, today: dt.date | None = None) -> bool:
    return rule.valid_from > (today or timezone.localdate())
