"""Granting and revoking roles: every grant and revocation is an audit row, whatever the door (admin, CLI)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from .models import LOCAL_ROLES, Membership, Role


def _state(m: Membership) -> dict[str, Any]:
    return {"user": m.user.get_username(), "role": m.role, "org_unit": m.org_unit.code if m.org_unit else None}


@transaction.atomic
def membership_grant(*, actor: Any, user: Any, role: str, org_unit: OrgUnit | None = None,
                     reason: str = "") -> Membership:
    """Give `user` the role (at `org_unit` for local roles); granting a role the user has changes nothing."""
    if role not in Role.values:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CODE, f"알 수 없는 역할 '{role}'", f"unknown role '{role}'",
                                   field="role"))
    if role in LOCAL_ROLES and org_unit is None:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "사업·자치구 담당자에게는 조직을 정해야 합니다",
                                   "a program or district officer needs an org unit", field="org_unit"))
    m, created = Membership.objects.get_or_create(user=user, role=role, org_unit=org_unit)
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=m, before=None, after=_state(m),
                     reason=reason)
        user.__dict__.pop("_iljari_memberships", None)
    return m


@transaction.atomic
def membership_revoke(*, actor: Any, user: Any, role: str, org_unit: OrgUnit | None = None,
                      reason: str = "") -> bool:
    """Take the role away; returns whether the user had it."""
    m = Membership.objects.select_for_update().filter(user=user, role=role, org_unit=org_unit).first()
    if m is None:
        return False
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=m, before=_state(m), after=None, reason=reason)
    m.delete()
    user.__dict__.pop("_iljari_memberships", None)
    return True


@transaction.atomic
def membership_change(*, actor: Any, membership: Membership, user: Any, role: str, org_unit: OrgUnit | None,
                      reason: str = "") -> Membership:
    """Change an existing grant in place (the admin's edit form): one audit row with before and after."""
    m = Membership.objects.select_for_update().get(pk=membership.pk)
    before = _state(m)
    m.user, m.role, m.org_unit = user, role, org_unit
    m.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=m, before=before, after=_state(m),
                 reason=reason)
    return m


@transaction.atomic
def superuser_set(*, actor: Any, user: Any, superuser: bool, staff: bool | None = None, reason: str = "") -> None:
    """Make a user a superuser (an administrator everywhere) or not; audited like any role grant."""
    before = {"is_superuser": user.is_superuser, "is_staff": user.is_staff} if user.pk else None
    user.is_superuser = superuser
    user.is_staff = superuser if staff is None else staff
    user.save()
    after = {"is_superuser": user.is_superuser, "is_staff": user.is_staff}
    action = AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE
    audit_record(actor=actor, action=action, obj=user, before=before, after=after, reason=reason)
    user.__dict__.pop("_iljari_memberships", None)
