from __future__ import annotations

from typing import Any

from django.contrib import admin

from iljari.audit.admin import AuditedAdminMixin
from iljari.audit.models import AuditEntry
from iljari.core.context import change_context

from .models import Membership
from .services import membership_change, membership_grant, membership_revoke


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Role grants made in the admin go through the access services, which write the audit rows."""

    audited = True
    list_display = ("user", "role", "org_unit", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "org_unit__code", "org_unit__name_ko")
    raw_id_fields = ("org_unit", "user")

    def save_model(self, request: Any, obj: Membership, form: Any, change: bool) -> None:
        with change_context("admin"):
            if change:
                saved = membership_change(actor=request.user, membership=obj, user=obj.user, role=obj.role,
                                          org_unit=obj.org_unit, reason="Django admin")
            else:
                saved = membership_grant(actor=request.user, user=obj.user, role=obj.role, org_unit=obj.org_unit,
                                         reason="Django admin")
        obj.pk, obj.created_at = saved.pk, saved.created_at

    def delete_model(self, request: Any, obj: Membership) -> None:
        with change_context("admin"):
            membership_revoke(actor=request.user, user=obj.user, role=obj.role, org_unit=obj.org_unit,
                              reason="Django admin")

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset.select_related("user", "org_unit"):
            self.delete_model(request, obj)


def audit_every_admin(site: admin.AdminSite = admin.site) -> None:
    """Every other model the admin can change (users and their superuser flag, groups and permissions, API
    tokens, login lock-outs, task results) writes audit rows too: its ModelAdmin gets the audited mixin."""
    for model, model_admin in list(site._registry.items()):
        if getattr(model_admin, "audited", False) or model is AuditEntry:
            continue
        cls = type(model_admin)
        site.unregister(model)
        site.register(model, type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {}))


audit_every_admin()
