"""Applicants and round participations in the person registry (people.Person, people.BenefitRecord).

Every applicant is a person (source "applicant", source_ref "applicant:<id>"): made with the applicant, its
identifying fields brought up to date by an officer's correction. Every selected application of a round (and a
dropped-out one, up to the day it dropped out) is a paid participation of the round's program: unit = the unit
running the round (`run_by`), else the district the application states (as the round pages show a shared round's
applications to that district), else the program's owner; period = the work period (ending on the drop-out day);
months = calendar months touched; amount = the pay of the days entered (payroll), None while nothing is entered.
`benefits_sync_round` makes the round's records agree with its applications, idempotent through the unique
(source "round", source_ref "application:<id>"); the services call it on commit (`sync_round_on_commit`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_batch, audit_many, snapshot
from iljari.people.models import BenefitRecord, Person
from iljari.people.services import (
    PERSON_FIELDS,
    benefit_put,
    benefit_remove,
    identity,
    months_touched,
    person_update_identity,
)

from .models import Applicant, Application, RecruitmentRound


def applicant_identity(applicant: Applicant) -> dict[str, Any]:
    return {"name": applicant.name, "birth_date": applicant.birth_date, "sex": applicant.sex,
            "phone": applicant.phone, "address": applicant.address, "district": applicant.district,
            "rrn_hash": applicant.rrn_hash}


def persons_for_applicants(*, actor: Any, applicants: list[Applicant]) -> int:
    """Make the person record of every applicant that has none (one insert, one audit row each)."""
    todo = [a for a in applicants if a.person_id is None]
    if not todo:
        return 0
    persons = [Person(source=Person.Source.APPLICANT, source_ref=f"applicant:{a.pk}", **identity(**applicant_identity(a)))
               for a in todo]
    Person.objects.bulk_create(persons, batch_size=1000)
    if any(p.pk is None for p in persons):  # a database that returns no keys
        got = dict(Person.objects.filter(source=Person.Source.APPLICANT,
                                         source_ref__in=[p.source_ref for p in persons]).values_list("source_ref", "pk"))
        for p in persons:
            p.pk = got[p.source_ref]
    for a, p in zip(todo, persons, strict=True):
        a.person = p
    Applicant.objects.bulk_update(todo, ["person"], batch_size=1000)
    audit_many(actor=actor, object_type="people.person", rows=[
        {"action": AuditEntry.Action.CREATE, "object_id": p.pk, "object_repr": str(p), "before": None,
         "after": snapshot(p, fields=[*PERSON_FIELDS, "source", "source_ref"])} for p in persons])
    return len(persons)


def person_follow_applicant(*, actor: Any, applicant: Applicant, reason: str = "") -> None:
    """An officer corrected the applicant: the person's identifying fields follow (version bumped)."""
    if applicant.person_id is None:
        persons_for_applicants(actor=actor, applicants=[applicant])
        return
    person_update_identity(actor=actor, person=applicant.person, reason=reason, **applicant_identity(applicant))


def _drop_out_days(app_ids: list[int]) -> dict[int, dt.date]:
    """The last day of each dropped-out application: as its audited drop-out states it (`last_day`), else the day
    the drop-out was recorded (the latest drop-out of each)."""
    from django.utils import timezone

    out: dict[int, dt.date] = {}
    rows = (AuditEntry.objects.filter(object_type="participants.application", object_id__in=[str(i) for i in app_ids],
                                      after__status=Application.Status.DROPPED_OUT)
            .order_by("at", "pk").values_list("object_id", "at", "after"))
    for oid, at, after in rows:
        try:
            out[int(oid)] = dt.date.fromisoformat(str((after or {}).get("last_day")))
        except ValueError:
            out[int(oid)] = timezone.localdate(at)
    return out


def _amounts(rnd: RecruitmentRound, apps: list[Application]) -> dict[int, int | None]:
    """The pay of the days entered, per application, over the round's months; None when no month is entered."""
    from .payroll import payroll, work_months

    out: dict[int, int | None] = {a.pk: None for a in apps}
    ids = [a.pk for a in apps]
    if not ids:
        return out
    from .models import WorkRecord

    months = sorted(set(WorkRecord.objects.filter(application_id__in=ids).values_list("year", "month")))
    in_period = set(work_months(rnd))
    for y, m in months:
        if (y, m) not in in_period:
            continue
        book = payroll(rnd, y, m, applications=Application.objects.filter(pk__in=ids))
        for row in book.rows:
            if row.pay is not None:
                out[row.application.pk] = (out[row.application.pk] or 0) + row.pay.paid
    return out


def benefits_sync_round(round_id: int, *, actor: Any = None, drop_days: dict[int, dt.date] | None = None
                        ) -> dict[str, int]:
    """Make the round's benefit records agree with its applications (see the module's note). Idempotent: a second
    call changes nothing and writes no audit row."""
    with transaction.atomic():
        rnd = RecruitmentRound.objects.select_related("program", "program__owner_org", "run_by").get(pk=round_id)
        apps = list(rnd.applications.select_related("applicant", "applicant__person", "district"))
        paid = [a for a in apps if a.status in (Application.Status.SELECTED, Application.Status.DROPPED_OUT)]
        persons_for_applicants(actor=actor, applicants=[a.applicant for a in paid if a.applicant.person_id is None])
        paid_ids = {a.pk for a in paid}
        dropped = _drop_out_days([a.pk for a in paid if a.status == Application.Status.DROPPED_OUT])
        dropped.update(drop_days or {})
        existing = {r.source_ref: r for r in BenefitRecord.objects.filter(source=BenefitRecord.Source.ROUND,
                                                                          source_ref__startswith="application:")
                    .filter(source_ref__in=[f"application:{a.pk}" for a in apps])}
        amounts = _amounts(rnd, paid)
        # a spell copied from `Participation` (round_close before the registry existed) is this round's own
        # participation: the round's record replaces it, so that its months are not counted twice
        copied = list(BenefitRecord.objects.filter(
            source=BenefitRecord.Source.OFFICER, source_ref__startswith="participation:", program=rnd.program,
            start=rnd.work_from, person_id__in=[a.applicant.person_id for a in paid]).values_list("source_ref", flat=True))
        for ref in copied:
            benefit_remove(actor=actor, source=BenefitRecord.Source.OFFICER, source_ref=ref,
                           reason="회차 참여 기록으로 대체 / replaced by the round's own record")
        out = {"created": 0, "changed": 0, "same": 0, "removed": 0}
        for a in apps:
            ref = f"application:{a.pk}"
            end = rnd.work_to
            if a.status == Application.Status.DROPPED_OUT:
                day = dropped.get(a.pk)
                if day is None and ref in existing:
                    day = existing[ref].end
                end = min(end, day) if day else end
            if a.pk not in paid_ids or end < rnd.work_from:  # not (or no longer) a participant, or left before the start
                if ref in existing and benefit_remove(actor=actor, source=BenefitRecord.Source.ROUND, source_ref=ref,
                                                      reason="선발 취소·근무 시작 전 포기 / no longer a participant"):
                    out["removed"] += 1
                continue
            unit = rnd.run_by or a.district or rnd.program.owner_org
            _, what = benefit_put(actor=actor, source=BenefitRecord.Source.ROUND, source_ref=ref, values={
                "person": a.applicant.person, "program": rnd.program, "program_name": rnd.program.name_ko,
                "org_unit": unit, "kind": BenefitRecord.Kind.PAID, "start": rnd.work_from, "end": end,
                "months": months_touched(rnd.work_from, end), "amount": amounts.get(a.pk)})
            out[what] += 1
        if out["created"] or out["changed"] or out["removed"]:
            audit_batch(actor=actor, object_type="people.benefitrecord", summary={"round": rnd.pk, **out},
                        reason="회차 참여 → 수혜 이력 / round participations into the benefit history")
    return out


def sync_round_on_commit(round_id: int, *, actor: Any = None, drop_days: dict[int, dt.date] | None = None) -> None:
    """Sync the round's benefit records once the caller's transaction has committed."""
    transaction.on_commit(lambda: benefits_sync_round(round_id, actor=actor, drop_days=drop_days))
