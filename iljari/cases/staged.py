"""Staged subsidies (단계별 지급; the women's internship, rule kind `staged` in `cases.specs`): when a case enters
the flow's payment stage its payments are scheduled from the internship's start (`StagedTerm.starts_on`, else
the day the case was received): each step's amount, payee and condition, due `after_months` months after the
start; at most the rule's `max_total` (3,800,000 won for the internship: 800,000 × 3 + 800,000 + 600,000).
Batches pay the steps as they fall due (the step's condition is checked then); `staged_stop` stops the later
steps when the condition fails (the intern left).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from iljari.audit.services import audit_change, audit_many, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from . import documents as docs_mod
from .conditions import condition, failed
from .flows import case_moved, case_open
from .models import Case, CaseRule, Flow, Organisation, Payment, Stage, StagedTerm
from .money import money_note


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def staged_rule(case: Case | None, on: dt.date, flow_id: int | None = None) -> CaseRule | None:
    return (CaseRule.objects.filter(flow_id=flow_id or case.flow_id, kind=CaseRule.Kind.STAGED,  # type: ignore[union-attr]
                                    valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first())


def staged_steps(flow: Flow, on: dt.date, english: bool) -> list[dict[str, Any]]:
    """The steps of the staged rule in force on `on` (else the latest), as pages show them: label in the page's
    language, amount, months after the first day, payee, whether a condition applies."""
    rule = staged_rule(None, on, flow_id=flow.pk) or CaseRule.objects.filter(
        flow=flow, kind=CaseRule.Kind.STAGED).order_by("-valid_from").first()
    return [{"label": (s.get("en") if english else s.get("ko")) or s["code"], "amount": int(s["amount"]),
             "after": int(s.get("after_months", 0)), "payee": s.get("payee", "person"),
             "condition": bool(s.get("condition"))} for s in (rule.params.get("steps", []) if rule else [])]


def is_staged(flow: Flow) -> bool:
    """A subsidy paid in stages (its flow has a staged rule): cases are opened with `staged_case_open`."""
    return CaseRule.objects.filter(flow=flow, kind=CaseRule.Kind.STAGED).exists()


def staged_case_open(*, actor: Any, flow: Flow, district: OrgUnit, firm: dict[str, Any], intern: dict[str, Any],
                     starts_on: dt.date | None, documents: list[tuple[str, Any]] | None = None,
                     applied_on: dt.date | None = None, actor_label: str = "", illustrative: bool = False) -> Case:
    """인턴십 지원 신청 접수: a firm's claim for its intern under a staged subsidy (the women's internship): the firm
    (`firm` as for `subsidy.claim_submit`), the intern (`intern`: name, birth_date or rrn, phone, sex), the
    internship's first day (the steps count from it) and the documents. Refused with every problem, nothing
    saved: no staged rule in force on that day, the intern already in an open case of this flow (the same person
    or a record linked with her), a bad business number, a firm registered under another name, a bad file."""
    from .subsidy import (
        CLOSED,
        firm_conflicts,
        firm_fields,
        firm_save,
        same_people,
        worker_case_ref,
        worker_problems,
        worker_save,
    )

    applied_on = applied_on or timezone.localdate()
    if flow.kind != Flow.Kind.SUBSIDY or not flow.active or not is_staged(flow):
        raise ServiceError(Problem(ErrorCode.INVALID, "단계별로 지급하는 지원금의 흐름이 아닙니다",
                                   "this flow is not a subsidy paid in stages", field="flow"))
    number, firm_name, employees, sector, problems = firm_fields(firm)
    intern = dict(intern)
    intern["name"] = (intern.get("name") or "").strip()
    found, rrn_hash = worker_problems(intern)
    problems += [Problem(p.code, p.message_ko.replace("근로자", "인턴"), p.message_en.replace("worker", "intern"),
                         field=(p.field or "").replace("worker.", "intern."), params=p.params) for p in found]
    rule = None
    if not isinstance(starts_on, dt.date):
        problems.append(Problem(ErrorCode.REQUIRED, "인턴 시작일을 적으십시오", "enter the internship's first day",
                                field="starts_on"))
    else:
        rule = staged_rule(None, starts_on, flow_id=flow.pk)
        if rule is None:
            problems.append(Problem(ErrorCode.CONDITION_FAILED,
                                    f"{starts_on:%Y. %-m. %-d.}에 시행 중인 지급 기준이 없습니다",
                                    f"no payment rule is in force on {starts_on:%Y-%m-%d}", field="starts_on"))
    checked_docs, doc_problems = docs_mod.documents_check(list(documents or []))
    problems.extend(doc_problems)
    with transaction.atomic():
        Flow.objects.select_for_update().filter(pk=flow.pk).first()  # one intake of a flow checked at a time
        org = Organisation.objects.select_for_update().filter(business_number=number).first() if number else None
        problems.extend(firm_conflicts(org, firm_name, number, public=False))
        people = same_people(intern, rrn_hash) if intern["name"] and intern.get("birth_date") else []
        other = (Case.objects.filter(flow=flow, person_id__in=[p.pk for p in people])
                 .exclude(outcome__in=CLOSED).order_by("pk").first()) if people else None
        if other is not None:
            problems.append(Problem(ErrorCode.ALREADY_PAID, f"이 인턴은 이미 신청되어 있습니다 ({other.reference})",
                                    f"this intern is already claimed for ({other.reference})", field="intern.name",
                                    params={"case": other.reference}))
        if problems:
            raise ServiceError(problems)
        org = firm_save(actor=actor, org=org, firm=firm, firm_name=firm_name, number=number, employees=employees,
                        sector=sector, district=district, illustrative=illustrative)
        person = worker_save(actor=actor, people=people, worker=intern, rrn_hash=rrn_hash)
        most = (rule.params.get("max_total") if rule else None) or sum(
            int(st["amount"]) for st in (rule.params.get("steps", []) if rule else []))
        case = case_open(actor=actor, flow=flow, district=district, applied_on=applied_on, actor_label=actor_label,
                         organisation=org, person=person, amount_claimed=int(most), illustrative=illustrative)
        worker_case_ref(person, case)
        term = StagedTerm.objects.create(case=case, starts_on=starts_on)
        audit_change(actor=actor, obj=term, before=None, after=snapshot(term, fields=["starts_on"]))
        docs_mod.documents_keep(actor=actor, case=case, checked=checked_docs, actor_label=actor_label)
    return case


def staged_schedule(*, actor: Any, case: Case) -> list[Payment]:
    """Schedule the case's staged payments (once: a case with payments keeps them)."""
    if case.payments.exists():
        return []
    term = StagedTerm.objects.filter(case=case).first()
    start = term.starts_on if term else case.applied_on
    rule = staged_rule(case, start)
    if rule is None:
        return []
    cap = rule.params.get("max_total")
    total = 0
    out = []
    for step in rule.params.get("steps", []):
        amount = int(step["amount"])
        if cap is not None:
            amount = min(amount, int(cap) - total)
        if amount <= 0:
            break
        total += amount
        after = int(step.get("after_months", 0))
        month = add_months(start.replace(day=1), after - 1) if 1 <= after <= 3 else None
        out.append(Payment(case=case, step=step["code"], label=step.get("ko", step["code"])[:100],
                           payee=step.get("payee", Payment.Payee.PERSON), amount=amount,
                           months=[month.isoformat()] if month else [], due_on=add_months(start, after),
                           condition=step.get("condition", ""), status=Payment.Status.SCHEDULED,
                           illustrative=case.illustrative))
    Payment.objects.bulk_create(out)
    audit_many(actor=actor, object_type="cases.payment", reason="단계별 지급 예정 / staged payments scheduled", rows=[
        {"action": "create", "object_id": p.pk, "object_repr": str(p), "before": None,
         "after": {"step": p.step, "amount": p.amount, "due_on": p.due_on.isoformat(), "payee": p.payee}}
        for p in out])
    money_note(actor=actor, case=case, what="staged_scheduled", scheduled=[p.pk for p in out], total=total,
               amount=total, count=len(out), start=start.isoformat())
    return out


@receiver(case_moved, sender=Case, dispatch_uid="cases.staged.on_payment_stage")
def _on_moved(sender: Any, case: Case, transition: Any, actor: Any, reason: str, **kwargs: Any) -> None:
    if transition.dest.kind == Stage.Kind.PAYMENT:
        staged_schedule(actor=actor, case=case)


def staged_term_set(*, actor: Any, case: Case, starts_on: dt.date) -> StagedTerm:
    """The internship's first day (the steps count from it); scheduled steps not yet in a batch move with it."""
    with transaction.atomic():
        term = StagedTerm.objects.select_for_update().filter(case=case).first()
        before = snapshot(term, fields=["starts_on", "ended_on"]) if term else None
        if term is None:
            term = StagedTerm.objects.create(case=case, starts_on=starts_on)
        else:
            term.starts_on = starts_on
            term.version += 1
            term.save()
        rule = staged_rule(case, starts_on)
        steps = {s["code"]: s for s in (rule.params.get("steps", []) if rule else [])}
        for p in case.payments.filter(status=Payment.Status.SCHEDULED, batch__isnull=True):
            if p.step in steps:
                p.due_on = add_months(starts_on, int(steps[p.step].get("after_months", 0)))
                p.save(update_fields=["due_on"])
        audit_change(actor=actor, obj=term, before=before, after=snapshot(term, fields=["starts_on", "ended_on"]))
        money_note(actor=actor, case=case, kind="note", what="staged_start", on=starts_on.isoformat())
    return term


def staged_stop(*, actor: Any, case: Case, ended_on: dt.date, reason: str) -> list[Payment]:
    """The condition failed (the intern left on `ended_on`): every scheduled step due after that day that has a
    condition is stopped, with the reason; what fell due before stays payable. Refused without a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(Problem(ErrorCode.REASON_REQUIRED, "중지 사유를 적으십시오", "give the reason",
                                   field="reason"))
    with transaction.atomic():
        Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
        term = StagedTerm.objects.select_for_update().filter(case=case).first()
        before = snapshot(term, fields=["starts_on", "ended_on", "end_reason"]) if term else None
        if term is None:
            term = StagedTerm(case=case, starts_on=case.applied_on)
        else:
            term.version += 1
        term.ended_on, term.end_reason = ended_on, reason
        term.save()
        audit_change(actor=actor, obj=term, before=before,
                     after=snapshot(term, fields=["starts_on", "ended_on", "end_reason"]), reason=reason)
        stop = list(case.payments.filter(status__in=[Payment.Status.SCHEDULED, Payment.Status.HELD],
                                         due_on__gt=ended_on).exclude(condition=""))
        for p in stop:
            p.status, p.status_reason = Payment.Status.STOPPED, f"지급 중지: {reason} / stopped: {reason}"
            p.version += 1
        Payment.objects.bulk_update(stop, ["status", "status_reason", "version"])
        audit_many(actor=actor, object_type="cases.payment", reason=reason, rows=[
            {"action": "update", "object_id": p.pk, "object_repr": str(p), "before": {"status": "scheduled"},
             "after": {"status": "stopped"}} for p in stop])
        money_note(actor=actor, case=case, what="staged_stop", stopped=[p.pk for p in stop], count=len(stop),
                   ended_on=ended_on.isoformat(), reason=reason)
    return stop


@condition("still_employed", "인턴이 계속 근무 중", "the intern is still employed")
def still_employed(case: Case) -> list:
    term = StagedTerm.objects.filter(case=case).first()
    if term is not None and term.ended_on is not None:
        return [failed(f"인턴이 {term.ended_on:%Y. %-m. %-d.}에 퇴사했습니다", f"the intern left on {term.ended_on}",
                       ended_on=term.ended_on.isoformat())]
    return []
