"""Records follow corrections: a saved or deleted booking, session or rental re-derives the usage of the
operator-years it was and is counted in, once per transaction, after it commits (bookings.derive), under the
acting user (`iljari.ledger.derived.acting` / `derive_actor`, else the system actor).

Only a change of what is counted touches the ledger: a new booking (still only booked), or its cancellation, counts
nowhere and re-derives nothing, so booking requests stay cheap. Bulk loads (bulk_create, queryset.update) send no
signals: they call `bookings.derive.usage_derive` once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from iljari.ledger.derived import RederiveAfterCommit

from .derive import RENTAL_USED, usage_rederive
from .models import Booking, Rental, Session

_after_commit = RederiveAfterCommit(usage_rederive)  # operator-years, once per transaction, after it commits


def _touch(operator_id: int | None, year: int | None) -> None:
    if operator_id is not None and year is not None:
        _after_commit.touch((operator_id, year))


def _day(value: Any) -> Any:
    if value is None:
        return None
    return timezone.localtime(value).date() if hasattr(value, "hour") else value


def _counted(model: Any, row: dict[str, Any]) -> tuple | None:
    """(operator id, year, what is counted) of a record, or None when it counts nowhere."""
    if model is Booking:
        if row["status"] != Booking.Status.CHECKED_IN:
            return None
        return (row["operator"], _day(row["starts_at"]).year,
                (row["service"], row["party_size"], row["session_id"], _day(row["starts_at"])))
    if model is Session:
        if row["status"] == Session.Status.CANCELLED:
            return None
        return (row["operator"], _day(row["starts_at"]).year, (row["status"], row["attended"], _day(row["starts_at"])))
    if row["status"] not in RENTAL_USED:
        return None
    day = _day(row["picked_up_at"]) or row["pickup_on"]
    return (row["operator"], day.year, day)


_FIELDS = {
    Booking: {"operator": "place__operator_id", "status": "status", "starts_at": "starts_at", "service": "service",
              "party_size": "party_size", "session_id": "session_id"},
    Session: {"operator": "programme__place__operator_id", "status": "status", "attended": "attended",
              "starts_at": "starts_at"},
    Rental: {"operator": "operator_id", "status": "status", "picked_up_at": "picked_up_at", "pickup_on": "pickup_on"},
}


def _row_of(model: Any, instance: Any) -> dict[str, Any]:
    row = {k: getattr(instance, v) for k, v in _FIELDS[model].items() if "__" not in v}
    if model is Booking:  # the place is read only for a booking that counts (a check-in, not a new booking)
        row["operator"] = instance.place.operator_id if instance.status == Booking.Status.CHECKED_IN else None
    elif model is Session:
        row["operator"] = instance.programme.place.operator_id
    return row


def _before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        instance._usage_before = None
        return
    fields = _FIELDS[sender]
    old = sender._base_manager.filter(pk=instance.pk).values(*fields.values()).first()
    instance._usage_before = None if old is None else _counted(sender, {k: old[v] for k, v in fields.items()})


def _after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    old = getattr(instance, "_usage_before", None)
    new = _counted(sender, _row_of(sender, instance))
    if old == new:
        return  # nothing counted changed
    for c in (old, new):
        if c is not None:
            _touch(c[0], c[1])


def _after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    try:
        c = _counted(sender, _row_of(sender, instance))
    except ObjectDoesNotExist:  # a parent already gone: nothing to re-derive from this row
        return
    if c is not None:
        _touch(c[0], c[1])


def connect() -> None:
    for model in _FIELDS:
        uid = f"usage-{model._meta.model_name}"
        pre_save.connect(_before, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")
