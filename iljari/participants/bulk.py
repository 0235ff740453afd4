"""Many applications to one round at once (applications collected elsewhere, the demo's made-up applicants):
the same checks and the same records as one application at a time (`services.application_apply`), written with a
few bulk statements: a person registered on their first application and never changed by a later one, one
application per person and round, an audit row for every person and application made."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_many, snapshot
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from .history import check_new_applicants
from .models import Applicant, Application, RecruitmentRound
from .rrn import encrypt_rrn, parse_rrn, rrn_hash
from .services import _STATED, _check_applicant

_PERSON = ["name", "rrn_masked", "birth_date", "sex", "district", "address", "phone", "household_size",
           "household_income", "property_value", "employment", "statuses"]


def applications_load(*, actor: Any, round: RecruitmentRound, rows: list[tuple[str, dict[str, Any], dt.date, str]],
                      channel: str) -> dict[str, int]:
    """`rows`: (resident number, details as `application_apply` takes them, the day applied, worksite asked
    for). All or nothing: every problem of every row is named (by its 1-based row) before anything is written."""
    districts = {o.code: o for o in OrgUnit.objects.filter(kind="district")}
    problems: list[Problem] = []
    parsed = []
    seen: set[str] = set()
    for n, (rrn_text, data, on, worksite) in enumerate(rows, start=1):
        row_problems = list(_check_applicant(data))
        try:
            rrn = parse_rrn(rrn_text)
        except ServiceError as exc:
            row_problems += exc.problems
            rrn = None
        if data.get("district") and data["district"] not in districts:
            row_problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 자치구 '{data['district']}'",
                                        f"unknown district '{data['district']}'", field="district"))
        if not round.apply_from <= on <= round.apply_to:
            row_problems.append(Problem(ErrorCode.INVALID, f"신청 기간({round.apply_from}~{round.apply_to})이 아닙니다",
                                        f"outside the application window ({round.apply_from} to {round.apply_to})"))
        key = rrn_hash(rrn) if rrn else ""
        if key and key in seen:
            row_problems.append(Problem(ErrorCode.DUPLICATE_ROW, "같은 사람이 두 번 있습니다", "the same person twice"))
        seen.add(key)
        for p in row_problems:
            p.line = n
        problems += row_problems
        if not row_problems and rrn is not None:
            fields = {"name": str(data["name"]).strip()[:100], "district": districts.get(data.get("district") or ""),
                      "address": str(data.get("address", ""))[:300], "phone": str(data.get("phone", ""))[:20],
                      "household_size": data.get("household_size", 1),
                      "household_income": data.get("household_income", 0),
                      "property_value": data.get("property_value", 0),
                      "employment": data.get("employment", "unemployed"),
                      "statuses": sorted(set(data.get("statuses") or []))}
            parsed.append((rrn, key, fields, worksite[:100]))
    if problems:
        raise ServiceError(problems)
    try:
        with transaction.atomic():
            known = {a.rrn_hash: a for a in Applicant.objects.filter(rrn_hash__in=[k for _, k, _, _ in parsed])}
            new = [Applicant(rrn_hash=k, rrn_encrypted=encrypt_rrn(r), rrn_masked=r.masked, birth_date=r.birth_date,
                             sex=r.sex, **f) for r, k, f, _ in parsed if k not in known]
            Applicant.objects.bulk_create(new, batch_size=1000)
            if any(a.pk is None for a in new):  # a database that returns no keys
                new = list(Applicant.objects.filter(rrn_hash__in=[a.rrn_hash for a in new]))
            known.update({a.rrn_hash: a for a in new})
            from .benefits import persons_for_applicants

            persons_for_applicants(actor=actor, applicants=new)
            apps = [Application(round=round, applicant=known[k], channel=channel, worksite=w, **f)
                    for _, k, f, w in parsed]
            Application.objects.bulk_create(apps, batch_size=1000)
            if any(a.pk is None for a in apps):
                by_person = dict(Application.objects.filter(round=round).values_list("applicant_id", "pk"))
                for a in apps:
                    a.pk = by_person[a.applicant_id]
            audit_many(actor=actor, object_type="participants.applicant", rows=[
                {"action": AuditEntry.Action.CREATE, "object_id": a.pk, "object_repr": str(a), "before": None,
                 "after": snapshot(a, fields=_PERSON)} for a in new])
            audit_many(actor=actor, object_type="participants.application", rows=[
                {"action": AuditEntry.Action.CREATE, "object_id": a.pk, "object_repr": str(a), "before": None,
                 "after": snapshot(a, fields=["round", "applicant", "channel", "worksite", *_STATED])}
                for a in apps])
            check_new_applicants([a.applicant_id for a in apps])  # the registry checks them once committed
    except IntegrityError as exc:
        raise ConflictError(Problem(ErrorCode.DUPLICATE_ROW, "이미 이 회차에 신청한 사람이 있습니다",
                                    "someone has already applied to this round")) from exc
    return {"applications": len(parsed), "applicants_new": len(new)}
