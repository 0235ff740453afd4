"""Records follow corrections: a saved or deleted seeker, vacancy, session, referral or placement re-derives the
funnel of the centre-years it was and is counted in, once per transaction, after it commits (employment.derive).

Bulk loads (bulk_create, queryset.update) send no signals: they call `employment.derive.funnel_derive` once."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from iljari.ledger.derived import current_actor

from .derive import FUNNEL

_pending = threading.local()
_DATE_FIELDS = {model: date_field for model, date_field, _ in FUNNEL.values()}


def _queued() -> set[tuple[int, int]] | None:
    """This transaction's pending centre-years, or None when no re-derivation is queued (a rolled-back
    transaction drops its on-commit hook: its keys are dropped with it)."""
    keys = getattr(_pending, "keys", None)
    hook = getattr(_pending, "hook", None)
    if keys is None or hook is None or not any(entry[1] is hook for entry in connection.run_on_commit):
        return None
    return keys


def _touch(centre_id: int | None, day: Any) -> None:
    if centre_id is None or day is None:
        return
    if not connection.in_atomic_block:  # autocommit: the change is already committed
        from .derive import funnel_rederive

        funnel_rederive({(centre_id, day.year)}, actor=current_actor())
        return
    keys = _queued()
    if keys is None:
        keys = _pending.keys = set()
        actor = current_actor()

        def run() -> None:
            from .derive import funnel_rederive

            touched = set(keys)
            _pending.keys = _pending.hook = None
            funnel_rederive(touched, actor=actor)

        _pending.hook = run
        transaction.on_commit(run)
    keys.add((centre_id, day.year))


def _before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        return
    field = _DATE_FIELDS[sender]
    old = sender._base_manager.filter(pk=instance.pk).values_list("centre_id", field).first()
    instance._funnel_before = old


def _after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    old = getattr(instance, "_funnel_before", None)
    if old is not None:
        _touch(*old)
    _touch(instance.centre_id, getattr(instance, _DATE_FIELDS[sender]))


def _after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    _touch(instance.centre_id, getattr(instance, _DATE_FIELDS[sender]))


def connect() -> None:
    for model in _DATE_FIELDS:
        uid = f"funnel-{model._meta.model_name}"
        pre_save.connect(_before, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")
