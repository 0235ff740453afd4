"""Administrators' changes to the job centres' code lists: finer occupation codes under KECO's middle categories,
skills and licences, the minimum wage of a year. Each change is one audited service in a transaction; the
matching caches of names are cleared after the commit."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.audit.services import audit_change, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError

from .models import MinimumWage, Occupation, SkillCode


def _clear_caches() -> None:
    from . import matching

    transaction.on_commit(matching.clear_caches)


def _names(name_ko: str, name_en: str, problems: list[Problem]) -> tuple[str, str]:
    name_ko, name_en = (name_ko or "").strip(), (name_en or "").strip()
    if not name_ko:
        problems.append(Problem(ErrorCode.REQUIRED, "한국어 이름이 필요합니다", "a Korean name is required",
                                field="name_ko"))
    if not name_en:
        problems.append(Problem(ErrorCode.REQUIRED, "영어 이름이 필요합니다", "an English name is required",
                                field="name_en"))
    return name_ko, name_en


@transaction.atomic
def occupation_add(*, actor: Any, parent: Occupation, code: str, name_ko: str, name_en: str,
                   reason: str = "") -> Occupation:
    """A finer occupation code under a middle category (or under a finer one): the parent's code and one digit."""
    problems: list[Problem] = []
    code = (code or "").strip()
    if parent.level < Occupation.Level.MIDDLE:
        problems.append(Problem(ErrorCode.INVALID, "세부 직종은 중분류 이하에만 추가할 수 있습니다",
                                "finer codes go under a middle category or below", field="parent"))
    elif parent.level >= Occupation.Level.DETAIL:
        problems.append(Problem(ErrorCode.INVALID, "세분류 아래에는 더 추가할 수 없습니다",
                                "a detailed code has no finer codes", field="parent"))
    if not re.fullmatch(re.escape(parent.code) + r"\d", code):
        problems.append(Problem(ErrorCode.INVALID, f"코드는 상위 코드({parent.code})에 숫자 한 자리를 붙인 것이어야 합니다",
                                f"the code is the parent's code ({parent.code}) and one more digit", field="code"))
    elif Occupation.objects.filter(code=code).exists():
        problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"이미 있는 코드입니다: {code}", f"the code exists: {code}",
                                field="code"))
    if not parent.active:
        problems.append(Problem(ErrorCode.INVALID, "사용하지 않는 직종 아래에는 추가할 수 없습니다",
                                "the parent is deactivated", field="parent"))
    name_ko, name_en = _names(name_ko, name_en, problems)
    if problems:
        raise ServiceError(problems)
    obj = Occupation.objects.create(code=code, name_ko=name_ko, name_en=name_en, level=parent.level + 1,
                                    parent=parent, source="관리자 추가 / added by an administrator")
    audit_change(actor=actor, obj=obj, before=None, after=snapshot(obj), reason=reason)
    _clear_caches()
    return obj


@transaction.atomic
def occupation_set_active(*, actor: Any, occupation: Occupation, active: bool, reason: str = "") -> Occupation:
    """Deactivate (or activate again) an occupation and, when deactivating, every finer code under it. A
    deactivated code stays on the records that use it; it is no longer offered on forms."""
    obj = Occupation.objects.select_for_update().get(pk=occupation.pk)
    if active and obj.parent is not None and not obj.parent.active:
        raise ServiceError([Problem(ErrorCode.INVALID, "상위 직종이 사용 중지되어 있습니다",
                                    "the parent occupation is deactivated", field="active")])
    targets = [obj] if active else list(Occupation.objects.select_for_update().filter(code__startswith=obj.code))
    for o in targets:
        if o.active == active:
            continue
        before = snapshot(o)
        o.active = active
        o.save(update_fields=["active"])
        audit_change(actor=actor, obj=o, before=before, after=snapshot(o), reason=reason)
    _clear_caches()
    obj.refresh_from_db()
    return obj


@transaction.atomic
def skill_save(*, actor: Any, code: str, kind: str, name_ko: str, name_en: str,
               occupation: Occupation | None = None, active: bool = True, skill: SkillCode | None = None,
               reason: str = "") -> SkillCode:
    """Add a skill or licence (`skill` None) or change one (its code stays)."""
    problems: list[Problem] = []
    code = (code or "").strip().upper()
    if kind not in SkillCode.Kind.values:
        problems.append(Problem(ErrorCode.UNKNOWN_KIND, f"알 수 없는 종류입니다: {kind}", f"unknown kind: {kind}",
                                field="kind"))
    if skill is None:
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,19}", code):
            problems.append(Problem(ErrorCode.INVALID, "코드는 영문 대문자·숫자·하이픈 20자 이내입니다",
                                    "a code is up to 20 capital letters, digits and hyphens", field="code"))
        elif SkillCode.objects.filter(code=code).exists():
            problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"이미 있는 코드입니다: {code}",
                                    f"the code exists: {code}", field="code"))
    name_ko, name_en = _names(name_ko, name_en, problems)
    dup = SkillCode.objects.filter(name_ko=name_ko, kind=kind)
    if skill is not None:
        dup = dup.exclude(pk=skill.pk)
    if name_ko and dup.exists():
        problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"같은 이름이 이미 있습니다: {name_ko}",
                                f"the name exists: {name_ko}", field="name_ko"))
    if problems:
        raise ServiceError(problems)
    if skill is None:
        obj = SkillCode.objects.create(code=code, kind=kind, name_ko=name_ko, name_en=name_en, occupation=occupation,
                                       active=active)
        audit_change(actor=actor, obj=obj, before=None, after=snapshot(obj), reason=reason)
    else:
        obj = SkillCode.objects.select_for_update().get(pk=skill.pk)
        before = snapshot(obj)
        obj.kind, obj.name_ko, obj.name_en, obj.occupation, obj.active = kind, name_ko, name_en, occupation, active
        obj.save()
        audit_change(actor=actor, obj=obj, before=before, after=snapshot(obj), reason=reason)
    _clear_caches()
    return obj


@transaction.atomic
def minimum_wage_add(*, actor: Any, year: int, hourly: int, source: str, reason: str = "") -> MinimumWage:
    """A year's legal hourly minimum wage, in force from 1 January, with its source (the notice)."""
    problems: list[Problem] = []
    if not (1988 <= (year or 0) <= timezone.localdate().year + 1):
        problems.append(Problem(ErrorCode.INVALID_YEAR, "연도는 1988년부터 내년까지입니다",
                                "the year is from 1988 to next year", field="year"))
    elif MinimumWage.objects.filter(valid_from=dt.date(year, 1, 1)).exists():
        problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"{year}년 최저임금이 이미 있습니다",
                                f"the minimum wage of {year} exists", field="year"))
    if not (100 <= (hourly or 0) <= 1_000_000):
        problems.append(Problem(ErrorCode.INVALID, "시간급은 100원 이상 1,000,000원 이하입니다",
                                "the hourly rate is from 100 to 1,000,000 won", field="hourly"))
    source = (source or "").strip()
    if not source:
        problems.append(Problem(ErrorCode.REQUIRED, "출처(고시)가 필요합니다", "the source (the notice) is required",
                                field="source"))
    if problems:
        raise ServiceError(problems)
    obj = MinimumWage.objects.create(valid_from=dt.date(year, 1, 1), hourly=hourly, source=source[:200])
    audit_change(actor=actor, obj=obj, before=None, after=snapshot(obj), reason=reason)
    return obj
