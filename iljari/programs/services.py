"""Writes to the program registry and code lists, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_change, audit_record, check_version, snapshot, versioned_save
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.korean import josa
from iljari.core.texts import check_texts
from iljari.orgs.models import OrgUnit

from .models import Code, CodeList, EmploymentCoefficient, Program, ProgramFunding

_FIELDS = ["code", "name_ko", "name_en", "owner_org", "job_type", "subtype", "policy_field", "delivery_mode",
           "continuity", "start", "end", "legal_basis", "description", "contact", "status", "illustrative",
           "construction_industry"]


def _program_state(p: Program) -> dict[str, Any]:
    return snapshot(p, fields=_FIELDS, extra={
        "target_groups": sorted(p.target_groups.values_list("code", flat=True)),
        "implementing_orgs": sorted(p.implementing_orgs.values_list("code", flat=True)),
    })


def _validate(job_type: Code, subtype: Code | None, start: dt.date | None, end: dt.date | None) -> None:
    problems = []
    if job_type.list != CodeList.JOB_TYPE:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, "일자리 유형이 아닙니다", "not a job type", field="job_type"))
    if subtype is not None and subtype.parent_id and subtype.parent_id != job_type.pk:
        problems.append(Problem(ErrorCode.INVALID, f"세부유형 {josa(subtype.label_ko, '은')} {job_type.label_ko}에 속하지 않습니다",
                                f"subtype '{subtype.code}' does not belong to job type '{job_type.code}'",
                                field="subtype"))
    if start and end and end < start:
        problems.append(Problem(ErrorCode.INVALID_DATE, "종료일이 시작일보다 빠릅니다", "end is before start",
                                field="end"))
    if problems:
        raise ServiceError(problems)


@transaction.atomic
def program_create(*, actor: Any, code: str, name_ko: str, owner_org: OrgUnit, job_type: Code,
                   name_en: str = "", subtype: Code | None = None, policy_field: Code | None = None,
                   target_groups: list[Code] | None = None, implementing_orgs: list[OrgUnit] | None = None,
                   delivery_mode: Code | None = None, continuity: str = "", start: dt.date | None = None,
                   end: dt.date | None = None, legal_basis: str = "", description: str = "", contact: str = "",
                   status: str = Program.Status.ACTIVE, illustrative: bool = False, reason: str = "") -> Program:
    _validate(job_type, subtype, start, end)
    if Program.objects.filter(code=code).exists():
        raise ServiceError(Problem(ErrorCode.DUPLICATE_CODE, f"이미 있는 사업 코드 '{code}'",
                                   f"program code '{code}' already exists", field="code"))
    p = Program(code=code, name_ko=name_ko, name_en=name_en, owner_org=owner_org,
                job_type=job_type, subtype=subtype, policy_field=policy_field,
                delivery_mode=delivery_mode, continuity=continuity, start=start, end=end,
                legal_basis=legal_basis, description=description, contact=contact, status=status,
                illustrative=illustrative)
    check_texts(p, {"reason": reason})
    p.save(force_insert=True)
    if target_groups:
        p.target_groups.set(target_groups)
    if implementing_orgs:
        p.implementing_orgs.set(implementing_orgs)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=p, before=None, after=_program_state(p),
                 reason=reason)
    return p


@transaction.atomic
def program_update(*, actor: Any, program: Program, expected_version: int | None = None, reason: str = "",
                   target_groups: list[Code] | None = None, implementing_orgs: list[OrgUnit] | None = None,
                   **changes: Any) -> Program:
    """Change a program. With `expected_version` a concurrent edit is refused instead of overwritten."""
    p = Program.objects.select_for_update().get(pk=program.pk)
    check_version(p, expected_version, what_ko="이 사업을", what_en="this program")
    before = _program_state(p)
    for k, v in changes.items():
        if k not in _FIELDS:
            raise TypeError(f"unknown field {k}")
        setattr(p, k, v)
    check_texts(p, {"reason": reason})
    _validate(p.job_type, p.subtype, p.start, p.end)
    if target_groups is not None:
        p.target_groups.set(target_groups)
    if implementing_orgs is not None:
        p.implementing_orgs.set(implementing_orgs)
    versioned_save(actor=actor, obj=p, before=before, state=_program_state, reason=reason, always=False)
    return p


@transaction.atomic
def program_set_funding(*, actor: Any, program: Program, year: int, shares: dict[Code, Decimal],
                        reason: str = "") -> None:
    """Set the funding shares (percent by source) of a program for a year; they must add up to 100."""
    total = sum(shares.values(), Decimal(0))
    if shares and total != 100:
        raise ServiceError(Problem(ErrorCode.TOTAL_AND_SOURCES, f"재원 비율 합계가 100이 아닙니다 ({total})",
                                   f"funding shares add up to {total}, not 100", field="funding_shares"))
    before = {f.source.code: str(f.share_percent) for f in program.funding_shares.filter(year=year)
              .select_related("source")}
    program.funding_shares.filter(year=year).delete()
    ProgramFunding.objects.bulk_create(
        [ProgramFunding(program=program, year=year, source=s, share_percent=v) for s, v in shares.items()])
    after = {s.code: str(v) for s, v in shares.items()}
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=program,
                 before={"funding_year": year, "shares": before}, after={"funding_year": year, "shares": after},
                 reason=reason)


@transaction.atomic
def code_save(*, actor: Any, list_name: str, code: str, label_ko: str, label_en: str = "",
              parent: Code | None = None, sort_order: int = 0, active: bool = True, reason: str = "") -> Code:
    """Create or change an entry of a code list."""
    obj = Code.objects.select_for_update().filter(list=list_name, code=code).first()
    if obj is None:
        obj = Code.objects.create(list=list_name, code=code, label_ko=label_ko, label_en=label_en, parent=parent,
                                  sort_order=sort_order, active=active)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=obj, before=None, after=snapshot(obj),
                     reason=reason)
        return obj
    before = snapshot(obj)
    obj.label_ko, obj.label_en, obj.parent, obj.sort_order, obj.active = label_ko, label_en, parent, sort_order, active
    obj.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=obj, before=before, after=snapshot(obj),
                 reason=reason)
    return obj


@transaction.atomic
def coefficient_save(*, actor: Any, industry: str, name_ko: str, valid_from: dt.date, jobs_per_billion: Decimal,
                     name_en: str = "", source: str = "", reason: str = "") -> EmploymentCoefficient:
    """Add or correct the coefficient of an industry from a date (earlier dates keep their own value)."""
    problems = []
    if not industry.strip() or not name_ko.strip():
        problems.append(Problem(ErrorCode.REQUIRED, "업종 코드와 이름이 필요합니다", "industry code and name are required",
                                field="industry"))
    if jobs_per_billion is None or jobs_per_billion <= 0 or jobs_per_billion >= 10_000:
        problems.append(Problem(ErrorCode.INVALID, f"취업계수는 0보다 크고 10,000보다 작아야 합니다: {jobs_per_billion}",
                                f"a coefficient is above 0 and below 10,000: {jobs_per_billion}",
                                field="jobs_per_billion"))
    if problems:
        raise ServiceError(problems)
    obj = EmploymentCoefficient.objects.select_for_update().filter(industry=industry, valid_from=valid_from).first()
    before = snapshot(obj) if obj else None
    if obj is None:
        obj = EmploymentCoefficient(industry=industry, valid_from=valid_from)
    obj.name_ko, obj.name_en, obj.jobs_per_billion, obj.source = name_ko, name_en, Decimal(jobs_per_billion), source
    obj.save()
    audit_change(actor=actor, obj=obj, before=before, after=snapshot(obj), reason=reason)
    return obj
