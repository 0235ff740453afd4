"""Writes to the organisation tree. Every change is audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record, check_version, snapshot, versioned_save
from iljari.core.errors import ErrorCode, Problem, ServiceError

from .models import OrgKind, OrgUnit, OrgUnitName

_AUDITED = ["code", "name_ko", "name_en", "kind", "parent", "valid_from", "valid_to", "rounding", "sort_order",
            "admin_code"]


def _refresh_tree_fields(org: OrgUnit) -> None:
    parent = org.parent
    org.path = f"{parent.path if parent else ''}{org.pk:06d}."
    org.depth = parent.depth + 1 if parent else 0
    if org.kind == OrgKind.DISTRICT:
        org.district_id = org.pk
    else:
        org.district_id = parent.district_id if parent else None
    OrgUnit.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth, district_id=org.district_id)


def _refresh_descendants(org: OrgUnit) -> None:
    for child in OrgUnit.objects.filter(parent=org).select_related("parent"):
        _refresh_tree_fields(child)
        _refresh_descendants(child)


def _check_admin_code(org: OrgUnit | None, admin_code: str) -> None:
    """An official code (행정구역코드) is digits and names one unit only."""
    if not admin_code:
        return
    if not (admin_code.isascii() and admin_code.isdigit() and len(admin_code) <= 10):
        raise ServiceError(Problem(ErrorCode.INVALID, f"행정구역코드는 10자리 이하의 숫자입니다: '{admin_code[:20]}'",
                                   f"an administrative code is up to 10 digits: '{admin_code[:20]}'",
                                   field="admin_code"))
    others = OrgUnit.objects.filter(admin_code=admin_code)
    taken = (others.exclude(pk=org.pk) if org is not None and org.pk else others).first()
    if taken is not None:
        raise ServiceError(Problem(ErrorCode.DUPLICATE_CODE,
                                   f"행정구역코드 '{admin_code}'는 이미 {taken.name_ko}의 코드입니다",
                                   f"administrative code '{admin_code}' already belongs to {taken.name_en or taken.code}",
                                   field="admin_code"))


def _check_parent(org: OrgUnit | None, parent: OrgUnit | None) -> None:
    if org is None or parent is None or org.pk is None:
        return
    if parent.pk == org.pk or (parent.path or "").startswith(org.path):
        raise ServiceError(Problem(ErrorCode.CYCLE, "상위 조직이 자기 자신의 하위 조직입니다",
                                   "the parent is inside the unit's own subtree", field="parent"))


@transaction.atomic
def org_unit_create(*, actor: Any, code: str, name_ko: str, kind: str, name_en: str = "",
                    parent: OrgUnit | None = None, valid_from: dt.date | None = None,
                    valid_to: dt.date | None = None, rounding: str = "", sort_order: int = 0,
                    admin_code: str = "", reason: str = "") -> OrgUnit:
    if kind not in OrgKind.values:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_KIND, f"알 수 없는 조직 유형 '{kind}'",
                                   f"unknown kind '{kind}'", field="kind"))
    if OrgUnit.objects.filter(code=code).exists():
        raise ServiceError(Problem(ErrorCode.DUPLICATE_CODE, f"이미 있는 조직 코드 '{code}'",
                                   f"org code '{code}' already exists", field="code"))
    _check_admin_code(None, admin_code)
    org = OrgUnit.objects.create(code=code, name_ko=name_ko, name_en=name_en, kind=kind, parent=parent,
                                 valid_from=valid_from, valid_to=valid_to, rounding=rounding,
                                 sort_order=sort_order, admin_code=admin_code)
    _refresh_tree_fields(org)
    OrgUnitName.objects.create(org_unit=org, name_ko=name_ko, name_en=name_en, valid_from=valid_from,
                               valid_to=valid_to)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=org, before=None,
                 after=snapshot(org, fields=_AUDITED), reason=reason)
    return org


@transaction.atomic
def org_unit_update(*, actor: Any, org: OrgUnit, expected_version: int | None = None, reason: str = "",
                    **changes: Any) -> OrgUnit:
    """Change attributes of a unit. Renames go through `org_unit_rename` so the old name keeps its dates."""
    locked = OrgUnit.objects.select_for_update().get(pk=org.pk)
    check_version(locked, expected_version, what_ko="이 조직을", what_en="this unit")
    before = snapshot(locked, fields=_AUDITED)
    if "parent" in changes:
        _check_parent(locked, changes["parent"])
    if "admin_code" in changes:
        _check_admin_code(locked, changes["admin_code"])
    if "kind" in changes and changes["kind"] not in OrgKind.values:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_KIND, "알 수 없는 조직 유형", "unknown kind", field="kind"))
    for k, v in changes.items():
        if k not in _AUDITED:
            raise TypeError(f"unknown field {k}")
        setattr(locked, k, v)
    written = versioned_save(actor=actor, obj=locked, before=before, state=lambda o: snapshot(o, fields=_AUDITED),
                             reason=reason, always=False)
    if written and ("parent" in changes or "kind" in changes):
        _refresh_tree_fields(locked)
        _refresh_descendants(locked)
    return locked


@transaction.atomic
def org_unit_rename(*, actor: Any, org: OrgUnit, name_ko: str, name_en: str = "", effective: dt.date,
                    reason: str = "") -> OrgUnit:
    """Rename from `effective` on; reports as of earlier dates keep the old name."""
    locked = OrgUnit.objects.select_for_update().get(pk=org.pk)
    before = snapshot(locked, fields=_AUDITED)
    current = locked.names.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is not None:
        current.valid_to = effective - dt.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    OrgUnitName.objects.create(org_unit=locked, name_ko=name_ko, name_en=name_en, valid_from=effective)
    locked.name_ko, locked.name_en = name_ko, name_en or locked.name_en
    versioned_save(actor=actor, obj=locked, before=before, reason=reason,
                   state=lambda o: snapshot(o, fields=_AUDITED, extra={"name_effective": effective}))
    return locked
