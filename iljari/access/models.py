"""Who may do what, where: a user's roles, each tied to an org unit where the role is local."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from iljari.orgs.models import OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", "시스템 관리자 / System administrator"
    PORTFOLIO = "portfolio", "일자리정책 총괄 / Portfolio office"
    PROGRAM_OFFICER = "program_officer", "사업 담당자 / Program officer"
    DISTRICT_OFFICER = "district_officer", "자치구 담당자 / District officer"
    REVIEWER = "reviewer", "열람자(의회·감사) / Reviewer (council, audit)"


LOCAL_ROLES = {Role.PROGRAM_OFFICER, Role.DISTRICT_OFFICER}
LOCAL_ROLE_VALUES = ["program_officer", "district_officer"]  # a list: migrations need a stable order


class Membership(models.Model):
    """역할 부여: a role for a user; program and district officers act within the subtree of `org_unit`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=LOCAL_ROLE_VALUES, org_unit__isnull=False) | ~Q(role__in=LOCAL_ROLE_VALUES),
                name="membership_local_role_has_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.org_unit or ''}".strip()
