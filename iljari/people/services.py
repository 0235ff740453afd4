"""Writes of the person registry: persons (one per record a source holds), their benefit records, and the audited
view of a person's whole history (PIPA: every view with its purpose).

The layers above (participants: applicants and rounds) call these; nothing here imports them. The double-receipt
check's services live in `people.alerts` and are re-exported at the end.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_change, audit_record, snapshot

from .models import BenefitRecord, Person
from .normalise import address_norm

PERSON_FIELDS = ["name", "birth_date", "sex", "phone", "address", "address_norm", "district", "rrn_hash"]
BENEFIT_FIELDS = ["person", "program", "program_name", "org_unit", "kind", "start", "end", "months", "amount",
                  "source", "source_ref", "batch"]

# 열람 목적: why an officer opens a person's whole history (kept with the audit row of the view)
PURPOSES = {
    "before_selection": ("선발 전 확인", "check before selection"),
    "double_benefit": ("이중수급 점검", "double-benefit check"),
    "complaint": ("민원 처리", "handling a complaint"),
    "other": ("기타", "other"),
}


def months_touched(start: dt.date, end: dt.date) -> int:
    """The calendar months a period touches (2024-03-15 ~ 2024-04-02: 2)."""
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def identity(*, name: str, birth_date: dt.date | None, sex: str = "", phone: str = "", address: str = "",
             district: Any = None, rrn_hash: str = "") -> dict[str, Any]:
    """A person's identifying fields as model values (the normalised address made from the address)."""
    return {"name": (name or "").strip()[:100], "birth_date": birth_date, "sex": sex if sex in Person.Sex.values else "",
            "phone": (phone or "")[:20], "address": (address or "")[:300], "address_norm": address_norm(address)[:300],
            "district": district, "rrn_hash": rrn_hash or ""}


def person_create(*, actor: Any, source: str, source_ref: str, audit: bool = True, **fields: Any) -> Person:
    """One person record as one source knows them (`identity` fields); audited unless the caller audits a batch."""
    person = Person.objects.create(source=source, source_ref=source_ref[:60], **identity(**fields))
    if audit:
        audit_change(actor=actor, obj=person, before=None, after=snapshot(person, fields=[*PERSON_FIELDS, "source",
                                                                                           "source_ref"]))
    return person


def person_update_identity(*, actor: Any, person: Person, reason: str = "", **fields: Any) -> Person:
    """The source corrected a person's identifying fields: saved, the version bumped (a link decision stands only
    while both records are unchanged), audited with before and after. Nothing changed: nothing written."""
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(current, fields=PERSON_FIELDS)
        for k, v in identity(**fields).items():
            setattr(current, k, v)
        after = snapshot(current, fields=PERSON_FIELDS)
        if after == before:
            return current
        current.version += 1
        current.save()
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, before=before, after=after,
                     reason=reason)
    return current


def benefit_put(*, actor: Any, source: str, source_ref: str, values: dict[str, Any]) -> tuple[BenefitRecord, str]:
    """Create or bring up to date the benefit record of (`source`, `source_ref`): idempotent, version bumped and
    audited only when something changed. Returns the record and "created" / "changed" / "same"."""
    rec = BenefitRecord.objects.select_for_update().filter(source=source, source_ref=source_ref).first()
    if rec is None:
        rec = BenefitRecord.objects.create(source=source, source_ref=source_ref, **values)
        audit_change(actor=actor, obj=rec, before=None, after=snapshot(rec, fields=BENEFIT_FIELDS))
        return rec, "created"
    before = snapshot(rec, fields=BENEFIT_FIELDS)
    for k, v in values.items():
        setattr(rec, k, v)
    after = snapshot(rec, fields=BENEFIT_FIELDS)
    if after == before:
        return rec, "same"
    rec.version += 1
    rec.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=rec, before=before, after=after)
    return rec, "changed"


def benefit_remove(*, actor: Any, source: str, source_ref: str, reason: str = "") -> bool:
    """The source no longer gives this benefit (a participant who left before the work began): removed, audited."""
    rec = BenefitRecord.objects.select_for_update().filter(source=source, source_ref=source_ref).first()
    if rec is None:
        return False
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=rec, before=snapshot(rec, fields=BENEFIT_FIELDS),
                 after=None, reason=reason)
    rec.alerts.clear()
    rec.delete()
    return True


def person_history_view(*, actor: Any, person: Person, purpose: str, detail: str = "") -> AuditEntry:
    """Record that `actor` opened the whole benefit history of `person`'s cluster, and why (PIPA)."""
    from iljari.core.errors import ErrorCode, Problem, ServiceError

    if purpose not in PURPOSES:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "열람 목적을 고르십시오", "choose the purpose of the view",
                                   field="purpose"))
    detail = (detail or "").strip()[:300]
    if purpose == "other" and not detail:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "기타 목적을 적으십시오", "describe the other purpose",
                                   field="detail"))
    ko, en = PURPOSES[purpose]
    entry = audit_record(actor=actor, action=AuditEntry.Action.REVEAL, obj=person, before=None,
                         after={"purpose": purpose, "detail": detail, "cluster": person.cluster_id or person.pk},
                         reason=f"수혜 이력 열람: {ko}{f' — {detail}' if detail else ''} / history viewed: {en}"
                                f"{f' — {detail}' if detail else ''}",
                         object_repr=f"사람 #{person.pk}")
    assert entry is not None
    return entry


from .alerts import (  # noqa: E402, F401  (re-exported)
    alert_decide,
    alerts_refresh,
    benefit_rule_save,
    link_decide,
    recluster,
    recovery_payment_record,
    recovery_update,
)
