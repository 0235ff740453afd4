"""Audit rows, written in the same transaction as the change they describe (Zulip's actions pattern)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from iljari.core.context import current

from .models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, *, fields: list[str] | None = None, extra: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """The state of a model instance as JSON: concrete fields (foreign keys by id) plus `extra`."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.attname] = _jsonable(getattr(obj, f.attname))
    if extra:
        data.update(_jsonable(extra))
    return data


def audit_record(*, actor: Any, action: str, obj: models.Model, before: dict[str, Any] | None,
                 after: dict[str, Any] | None, reason: str = "", object_id: str | None = None,
                 object_repr: str | None = None) -> AuditEntry | None:
    """Write one audit row; returns None when nothing changed (an update with before == after). `object_id` and
    `object_repr` replace the primary key and str(obj) when those must not be shown (an API token's digest)."""
    if action == AuditEntry.Action.UPDATE and before == after:
        return None
    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=getattr(actor, "username", "") or str(actor or "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=(object_id if object_id is not None else str(obj.pk))[:64],
        object_repr=(object_repr if object_repr is not None else str(obj))[:300],
        before=before,
        after=after,
        reason=reason or "",
        source=ctx.source,
        batch_id=ctx.batch_id,
    )


def audit_change(*, actor: Any, obj: models.Model, before: dict[str, Any] | None, after: dict[str, Any],
                 reason: str = "") -> AuditEntry | None:
    """One audit row for a save that created (`before` is None) or changed `obj`."""
    action = AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE
    return audit_record(actor=actor, action=action, obj=obj, before=before, after=after, reason=reason)


def audit_batch(*, actor: Any, object_type: str, summary: dict[str, Any], reason: str = "") -> AuditEntry:
    """One row for a batch whose individual changes are versioned elsewhere (ledger facts)."""
    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user, actor_label=getattr(actor, "username", "") or "system", action=AuditEntry.Action.IMPORT,
        object_type=object_type, object_id=ctx.batch_id, object_repr=str(summary.get("file", ""))[:300],
        before=None, after=_jsonable(summary), reason=reason, source=ctx.source, batch_id=ctx.batch_id,
    )
