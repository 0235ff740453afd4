"""Records follow corrections: a saved or deleted seeker, vacancy, session, referral or placement re-derives the
funnel of the centre-years it was and is counted in, once per transaction, after it commits (employment.derive).

Bulk loads (bulk_create, queryset.update) send no signals: they call `employment.derive.funnel_derive` once."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from iljari.ledger.derived import RederiveAfterCommit

from .derive import FUNNEL, funnel_rederive

_after_commit = RederiveAfterCommit(funnel_rederive)  # centre-years, once per transaction, after it commits


def _touch(centre_id: int | None, day: Any) -> None:
    if centre_id is not None and day is not None:
        _after_commit.touch((centre_id, day.year))


_DATE_FIELDS = {model: date_field for model, date_field, _ in FUNNEL.values()}


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
