from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import admin
from django.db import transaction

from iljari.core.context import change_context

from .models import AuditEntry
from .services import audit_record, snapshot

# Never copied into the trail: secrets and fields that change on every login.
SECRET_FIELDS = {"password", "key", "digest", "last_login"}  # digest: a knox API token's primary key


class AuditedAdminMixin:
    """Django admin saves and deletes write the same audit rows as the services (door "admin"): the values
    before and after, many-to-many fields (a user's groups and permissions) included."""

    audited = True

    def audit_state(self, obj: Any) -> dict[str, Any]:
        fields = [f.name for f in obj._meta.concrete_fields if f.name not in SECRET_FIELDS]
        extra = {}
        if obj.pk is not None:
            for f in obj._meta.many_to_many:
                extra[f.name] = sorted(str(pk) for pk in getattr(obj, f.name).values_list("pk", flat=True))
        return snapshot(obj, fields=fields, extra=extra)

    def audit_identity(self, obj: Any) -> tuple[str | None, str | None]:
        """The row's object id and text: the object's own, unless its primary key is a secret (an API token)."""
        if obj._meta.pk.name not in SECRET_FIELDS:
            return None, None
        digest = hashlib.sha256(str(obj.pk).encode()).hexdigest()[:16]
        owner = getattr(obj, "user", None)
        return f"sha256:{digest}", f"{obj._meta.verbose_name} ({owner})" if owner else str(obj._meta.verbose_name)

    def _audit(self, request: Any, action: str, obj: Any, before: Any, after: Any) -> None:
        object_id, object_repr = self.audit_identity(obj)
        with change_context("admin"):
            audit_record(actor=request.user, action=action, obj=obj, before=before, after=after,
                         reason="Django admin", object_id=object_id, object_repr=object_repr)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change and obj.pk is not None else None
        request._iljari_audit_before = self.audit_state(stored) if stored is not None else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        before = getattr(request, "_iljari_audit_before", None)
        action = AuditEntry.Action.UPDATE if before is not None else AuditEntry.Action.CREATE
        self._audit(request, action, form.instance, before, self.audit_state(form.instance))

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            self._audit(request, AuditEntry.Action.DELETE, obj, self.audit_state(obj), None)
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "object_repr", "source", "reason"]
    list_filter = ["action", "object_type", "source"]
    search_fields = ["object_repr", "object_id", "actor_label", "reason", "batch_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):  # the trail is written by services only
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
