"""Audit rows, written in the same transaction as the change they describe (Zulip's actions pattern)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connections, models, router

from iljari.core.context import current
from iljari.core.sql import cursor as sql_cursor

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
    return _insert(AuditEntry(
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
    ))


_INSERT_SQL: dict[str, str] = {}


def _insert(entry: AuditEntry) -> AuditEntry:
    """`entry.save()` for a new row, with the INSERT statement built once per database (issue 16: the ORM spent
    ~0.5 ms of Python building it for every audited change, a third of a booking's own work). The same columns and
    values as Model.save (each field's pre_save, then get_db_prep_save); AuditEntry has no signals to send."""
    conn = connections[router.db_for_write(AuditEntry)]
    meta = AuditEntry._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    sql = _INSERT_SQL.get(conn.vendor)
    if sql is None:
        q = conn.ops.quote_name
        returning, _params = conn.ops.return_insert_columns([meta.pk]) \
            if conn.features.can_return_columns_from_insert else ("", [])
        sql = _INSERT_SQL[conn.vendor] = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)})"
            f" VALUES ({', '.join(['%s'] * len(fields))}) {returning}")
    params = [f.get_db_prep_save(f.pre_save(entry, True), connection=conn) for f in fields]
    with sql_cursor(conn) as cur:  # prepared on PostgreSQL
        cur.execute(sql, params)
        entry.pk = cur.fetchone()[0] if conn.features.can_return_columns_from_insert \
            else conn.ops.last_insert_id(cur, meta.db_table, meta.pk.column)
    entry._state.adding, entry._state.db = False, conn.alias
    return entry


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


def audit_many(*, actor: Any, object_type: str, rows: list[dict[str, Any]], reason: str = "") -> int:
    """Many rows at once (one per changed value of a batch): each dict has action, object_id, object_repr,
    before and after. Written with one bulk insert in the caller's transaction."""
    if not rows:
        return 0
    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    label = getattr(actor, "username", "") or str(actor or "system")
    AuditEntry.objects.bulk_create([AuditEntry(
        actor=user, actor_label=label, action=r["action"], object_type=object_type, object_id=str(r["object_id"]),
        object_repr=str(r.get("object_repr", ""))[:300], before=_jsonable(r.get("before")),
        after=_jsonable(r.get("after")), reason=reason or "", source=ctx.source, batch_id=ctx.batch_id)
        for r in rows], batch_size=2000)
    return len(rows)


def check_version(obj: models.Model | None, expected_version: int | None, *, what_ko: str = "이 항목을",
                  what_en: str = "it") -> None:
    """Refuse (ConflictError) a change made on a stale copy: `expected_version` is the version the writer saw."""
    from iljari.core.errors import ConflictError, ErrorCode, Problem

    if obj is None or expected_version is None or getattr(obj, "version", None) == expected_version:
        return
    raise ConflictError(Problem(ErrorCode.CONFLICT,
                                f"다른 사용자가 먼저 {what_ko} 고쳤습니다. 새로 고친 뒤 다시 하십시오",
                                f"someone else changed {what_en} first; reload and try again"))


def versioned_save(*, actor: Any, obj: models.Model, before: dict[str, Any] | None, state: Any,
                   reason: str = "", always: bool = True) -> bool:
    """Save `obj` after a change: a new version (when it existed before) and one audit row with the values
    before and after. `state(obj)` gives the audited values; with `always=False` an edit that changed nothing
    is neither saved nor audited. Returns whether anything was written."""
    after = state(obj)
    if not always and before is not None and before == after:
        return False
    if before is not None:
        obj.version = (obj.version or 0) + 1  # type: ignore[attr-defined]
    obj.save()
    audit_change(actor=actor, obj=obj, before=before, after=state(obj), reason=reason)
    return True
