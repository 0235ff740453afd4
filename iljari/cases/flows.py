"""Running a flow: who may act on a case now, what they may do, and moving the case (docs/cases.md).

The flow's stages and transitions are rows (`cases.models`); `machine_for(flow)` turns them into a
`transitions.Machine` (pytransitions, docs/decisions/0009-case-flows.md): the library checks the graph (every
transition's stages exist, no unknown trigger) and evaluates the transition's conditions; iljari adds who may act
(the source stage's role at the case's district or at the owning office), the reason, the version the officer saw
and the audit row. `case_move` runs under the case's row lock: of two officers acting on one case at once, one
wins and the other is told (ConflictError), nothing lost.

`case_moved` (a Django signal) is sent inside the transaction after the case moved, so what a slice does on
entering a stage (schedule payments, create the winner's program) is part of the same all-or-nothing change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from transitions import Machine, MachineError

from iljari.access import policy
from iljari.access.models import Role
from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ErrorCode, ForbiddenError, NotFoundError, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from .conditions import CONDITIONS, problems_for, problems_for_many
from .models import Case, CaseEvent, Flow, Stage, Transition

case_moved = Signal()  # sender=Case; case, transition, actor, reason — inside the transaction

CASE_FIELDS = ["stage", "outcome", "due_on", "amount_claimed", "amount_approved", "version"]


# ------------------------------------------------------------------------------------------------ the graph


class _Holder:
    """What the machine moves: the case's stage code. Conditions append their problems to `problems`."""

    def __init__(self, case: Case, state: str):
        self.case = case
        self.state = state
        self.problems: list[Problem] = []


def machine_for(flow: Flow, holder: _Holder | None = None) -> Machine:
    """The flow as a state machine: one state per stage code, one trigger per transition code. Conditions run
    `cases.conditions` and keep their problems on the holder (the trigger returns False when any fails)."""
    stages = list(flow.stages.all())
    codes = {s.pk: s.code for s in stages}
    specs = []
    for t in flow.transitions.all():
        names = list(t.conditions or [])
        specs.append({"trigger": t.code, "source": codes[t.source_id], "dest": codes[t.dest_id],
                      "conditions": [_checker(names)] if names else []})
    initial = holder.state if holder is not None else (stages[0].code if stages else "new")
    return Machine(model=holder, states=[s.code for s in stages] or ["new"], transitions=specs, initial=initial,
                   auto_transitions=False, send_event=True, ignore_invalid_triggers=False,
                   model_attribute="state")


def _checker(names: list[str]) -> Any:
    def check(event: Any) -> bool:
        holder: _Holder = event.model
        found = problems_for(holder.case, names)
        holder.problems.extend(found)
        return not found

    return check


def flow_problems(flow: Flow) -> list[Problem]:
    """What is wrong with a flow's definition (shown on the flow page and refused when saving): no stage, a
    transition naming an unknown condition, a review stage without a rubric or with weights not adding to 100,
    a stage no transition leads to (other than the first), a non-final stage with no way out."""
    out: list[Problem] = []
    stages = list(flow.stages.all())
    if not stages:
        return [Problem(ErrorCode.INVALID, "단계가 없습니다", "the flow has no stage")]
    transitions = list(flow.transitions.all())
    for t in transitions:
        for name in t.conditions or []:
            if name not in CONDITIONS:
                out.append(Problem(ErrorCode.INVALID, f"'{t.label_ko}'의 조건 '{name}'을 알 수 없습니다",
                                   f"'{t.label_en or t.code}' names an unknown condition '{name}'"))
    reached = {t.dest_id for t in transitions}
    leaving = {t.source_id for t in transitions}
    for i, s in enumerate(stages):
        if i > 0 and s.pk not in reached:
            out.append(Problem(ErrorCode.INVALID, f"'{s.name_ko}' 단계로 가는 길이 없습니다",
                               f"no transition leads to '{s.name_en or s.code}'"))
        if not s.terminal and s.pk not in leaving:
            out.append(Problem(ErrorCode.INVALID, f"'{s.name_ko}' 단계에서 나가는 길이 없습니다",
                               f"no transition leaves '{s.name_en or s.code}'"))
        if s.kind == Stage.Kind.REVIEW:
            rubric = getattr(s, "rubric", None)
            if rubric is None:
                out.append(Problem(ErrorCode.INVALID, f"심사 단계 '{s.name_ko}'에 심사표가 없습니다",
                                   f"review stage '{s.name_en or s.code}' has no rubric"))
            else:
                total = sum(c.weight for c in rubric.criteria.all())
                if total != 100:
                    out.append(Problem(ErrorCode.PARTS_DO_NOT_ADD_UP,
                                       f"'{s.name_ko}' 심사 항목의 배점 합계가 {total}점입니다 (100점이어야 합니다)",
                                       f"the weights of '{s.name_en or s.code}' add to {total}, not 100",
                                       params={"total": total}))
    try:
        machine_for(flow)
    except (ValueError, MachineError) as e:  # pragma: no cover - the checks above catch what the library would
        out.append(Problem(ErrorCode.INVALID, f"흐름 정의 오류: {e}", f"flow definition error: {e}"))
    return out


# ------------------------------------------------------------------------------------------------ who acts


def acting_unit(case: Case, stage: Stage) -> OrgUnit | None:
    """The unit whose officers act at `stage` on `case`: the case's district, or the flow program's owner."""
    if stage.actor_level == Stage.Level.DISTRICT:
        return case.district
    return case.flow.program.owner_org


def may_act(user: Any, case: Case, stage: Stage | None = None) -> bool:
    """May `user` act on `case` at `stage` (its current stage by default)? Administrators always; otherwise a
    membership with the stage's role whose unit covers the acting unit (global roles: everywhere). Applicant
    stages are acted on only through the applicant's own pages."""
    stage = stage or case.stage
    if stage.actor_level == Stage.Level.APPLICANT or not getattr(user, "is_authenticated", False):
        return False
    if not policy.allows(user, "handle_case"):
        return False
    mine = policy._memberships(user)
    if any(role == Role.ADMIN for role, _ in mine):
        return True
    unit = acting_unit(case, stage)
    for role, path in mine:
        if stage.actor_role and role != stage.actor_role:
            continue
        if role not in policy.LOCAL_ROLES:
            return True
        if unit is not None and path and unit.path.startswith(path):
            return True
    return False


@dataclass
class Action:
    """A transition the viewer could take now, and what stops it (empty `blocked`: it can be taken)."""

    transition: Transition
    blocked: list[Problem]


def actions_for(user: Any, case: Case) -> list[Action]:
    """The transitions out of the case's stage, for a user who may act there (else none), with their blockers."""
    if not may_act(user, case):
        return []
    out = []
    for t in case.stage.exits.select_related("dest").order_by("order", "id"):
        out.append(Action(t, problems_for(case, list(t.conditions or []))))
    return out


# ------------------------------------------------------------------------------------------------ moving


def case_open(*, actor: Any, flow: Flow, district: OrgUnit | None, applied_on: dt.date,
              actor_label: str = "", **fields: Any) -> Case:
    """A new case at the flow's first stage, with its reference number (연도-흐름번호-일련번호) and its first
    history row. `fields` are Case fields (organisation, person, call, category, title, channel, amounts)."""
    with transaction.atomic():
        Flow.objects.select_for_update().filter(pk=flow.pk).first()  # numbers are given one at a time
        first = flow.stages.order_by("order", "id").first()
        if first is None:
            raise ServiceError(Problem(ErrorCode.INVALID, "단계가 없는 흐름입니다", "the flow has no stage"))
        now = timezone.now()
        case = Case(flow=flow, stage=first, district=district, applied_on=applied_on, entered_stage_at=now,
                    due_on=_due(first, now), reference=_next_reference(flow, applied_on.year), **fields)
        case.save()
        CaseEvent.objects.create(case=case, to_stage=first, kind="opened", actor=_user(actor),
                                 actor_label=actor_label, at=now)
        audit_change(actor=actor, obj=case, before=None, after=snapshot(case, fields=[*CASE_FIELDS, "reference"]))
    return case


def _next_reference(flow: Flow, year: int) -> str:
    """접수번호 연도-흐름번호-일련번호 (2021-03-000123): digits only, the same on Korean and English pages."""
    prefix = f"{year}-{flow.pk:02d}-"
    last = Case.objects.filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:06d}"


def _due(stage: Stage, now: dt.datetime) -> dt.date | None:
    if stage.deadline_days is None:
        return None
    return timezone.localdate(now) + dt.timedelta(days=stage.deadline_days)


def _advance(case: Case, dest: Stage, now: dt.datetime) -> None:
    """The case at `dest` from `now` (its deadline, its outcome at a final stage), one version on; not saved."""
    case.stage = dest
    case.entered_stage_at = now
    case.due_on = _due(dest, now)
    if dest.terminal:
        case.outcome = dest.outcome
    case.version += 1


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def case_move(*, actor: Any, case: Case, transition: str, version: int | None, reason: str = "",
              data: dict[str, Any] | None = None, actor_label: str = "", applicant: bool = False) -> Case:
    """Take `transition` (its code) from the case's current stage. Refused: a case the actor may not see (404,
    by the caller's restricted queryset) or act on at this stage (403), a stale `version` (409), no such action
    from this stage, a missing reason, a failed condition (400, every problem). `applicant=True`: the applicant's
    own page acts at an applicant stage (the caller has checked the applicant's status code)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (Case.objects.select_for_update(of=("self",)).select_related("flow__program__owner_org", "stage", "district")
                  .filter(pk=case.pk).first())
        if locked is None:
            raise NotFoundError("사례를 찾을 수 없습니다", "case not found")
        check_version(locked, version, what_ko="이 사례를", what_en="this case")
        stage = locked.stage
        t = (Transition.objects.select_related("dest", "source").filter(source=stage, code=transition).first())
        if t is None:
            raise ServiceError(Problem(ErrorCode.NOT_ALLOWED_NOW,
                                       f"'{stage.name_ko}' 단계에서는 할 수 없는 처리입니다",
                                       f"that action is not possible at stage '{stage.name_en or stage.code}'",
                                       params={"transition": transition, "stage": stage.code}))
        if applicant:
            if stage.actor_level != Stage.Level.APPLICANT:
                raise ForbiddenError(Problem(ErrorCode.PERMISSION_DENIED, "신청인이 할 수 없는 처리입니다",
                                             "the applicant cannot do this"))
        elif not may_act(actor, locked, stage):
            raise ForbiddenError(Problem(ErrorCode.PERMISSION_DENIED,
                                         f"'{stage.name_ko}' 단계는 다른 담당자가 처리합니다",
                                         f"another office acts at stage '{stage.name_en or stage.code}'"))
        if t.needs_reason and not reason:
            raise ServiceError(Problem(ErrorCode.REASON_REQUIRED, f"'{t.label_ko}'에는 사유가 필요합니다",
                                       f"'{t.label_en or t.code}' needs a reason", field="reason"))
        holder = _Holder(locked, stage.code)
        machine = machine_for(locked.flow, holder)
        try:
            moved = machine.events[t.code].trigger(holder)
        except MachineError as e:  # pragma: no cover - the transition was found from this stage above
            raise ServiceError(Problem(ErrorCode.NOT_ALLOWED_NOW, str(e), str(e))) from e
        if not moved:
            raise ServiceError(holder.problems or [Problem(ErrorCode.CONDITION_FAILED, "조건을 충족하지 않습니다",
                                                           "a condition does not hold")])
        before = snapshot(locked, fields=CASE_FIELDS)
        now = timezone.now()
        dest = t.dest
        _advance(locked, dest, now)
        locked.save()
        CaseEvent.objects.create(case=locked, transition=t, from_stage=stage, to_stage=dest, kind="transition",
                                 actor=_user(actor), actor_label=actor_label, at=now, reason=reason,
                                 data=data or {})
        audit_change(actor=actor, obj=locked, before=before, after=snapshot(locked, fields=CASE_FIELDS),
                     reason=reason or t.label_ko)
        case_moved.send(sender=Case, case=locked, transition=t, actor=actor, reason=reason)
    return locked


def cases_move_many(*, actor: Any, case_ids: list[int], transition: str, reason: str = "",
                    data: dict[str, Any] | None = None) -> tuple[list[int], dict[int, list[Problem]]]:
    """The same transition (its code) for many cases at once, as `case_move` takes it for one (a batch marked
    paid closes its cases): the rows locked together, who acts checked once per stage and acting unit, the
    conditions for all the cases at once (`problems_for_many`), the cases, history and audit rows written in
    bulk, `case_moved` sent for each moved case inside the transaction. No version is compared: the caller acts
    on the cases as they are under the lock. Returns the moved case ids and, for each case not moved, why not
    (no such action from its stage, another office acts there, a reason missing, a failed condition)."""
    reason = (reason or "").strip()
    refused: dict[int, list[Problem]] = {}
    moved: list[Case] = []
    with transaction.atomic():
        locked = list(Case.objects.select_for_update(of=("self",))
                      .select_related("flow__program__owner_org", "stage", "district")
                      .filter(pk__in=list(case_ids)).order_by("pk"))
        stages = {c.stage_id for c in locked}
        by_source = {t.source_id: t for t in Transition.objects.select_related("dest", "source")
                     .filter(source_id__in=stages, code=transition)}
        allowed: dict[tuple[int, int | None], bool] = {}
        ready: dict[int, list[Case]] = {}
        for case in locked:
            t = by_source.get(case.stage_id)
            if t is None:
                refused[case.pk] = [Problem(ErrorCode.NOT_ALLOWED_NOW,
                                            f"'{case.stage.name_ko}' 단계에서는 할 수 없는 처리입니다",
                                            f"that action is not possible at stage '{case.stage.name_en or case.stage.code}'")]
                continue
            unit = acting_unit(case, case.stage)
            key = (case.stage_id, unit.pk if unit else None)
            if key not in allowed:
                allowed[key] = may_act(actor, case, case.stage)
            if not allowed[key]:
                refused[case.pk] = [Problem(ErrorCode.PERMISSION_DENIED,
                                            f"'{case.stage.name_ko}' 단계는 다른 담당자가 처리합니다",
                                            f"another office acts at stage '{case.stage.name_en or case.stage.code}'")]
                continue
            if t.needs_reason and not reason:
                refused[case.pk] = [Problem(ErrorCode.REASON_REQUIRED, f"'{t.label_ko}'에는 사유가 필요합니다",
                                            f"'{t.label_en or t.code}' needs a reason", field="reason")]
                continue
            ready.setdefault(t.pk, []).append(case)
        now = timezone.now()
        events, audits = [], []
        by_pk = {t.pk: t for t in by_source.values()}
        for t_id, group in ready.items():
            t = by_pk[t_id]
            found = problems_for_many(group, list(t.conditions or []))
            for case in group:
                if found[case.pk]:
                    refused[case.pk] = found[case.pk]
                    continue
                before = snapshot(case, fields=CASE_FIELDS)
                stage, dest = case.stage, t.dest
                _advance(case, dest, now)
                events.append(CaseEvent(case=case, transition=t, from_stage=stage, to_stage=dest, kind="transition",
                                        actor=_user(actor), at=now, reason=reason, data=data or {}))
                audits.append({"action": "update", "object_id": case.pk, "object_repr": str(case),
                               "before": before, "after": snapshot(case, fields=CASE_FIELDS)})
                moved.append(case)
        Case.objects.bulk_update(moved, ["stage", "entered_stage_at", "due_on", "outcome", "version"],
                                 batch_size=2000)
        CaseEvent.objects.bulk_create(events, batch_size=2000)
        if audits:
            from iljari.audit.services import audit_many

            audit_many(actor=actor, object_type="cases.case", rows=audits,
                       reason=reason or next(iter(by_source.values())).label_ko)
        for case, ev in zip(moved, events, strict=True):
            case_moved.send(sender=Case, case=case, transition=ev.transition, actor=actor, reason=reason)
    return [c.pk for c in moved], refused


def case_note(*, actor: Any, case: Case, kind: str, reason: str = "", data: dict[str, Any] | None = None,
              actor_label: str = "") -> CaseEvent:
    """A history row that is not a transition (a document, a score, a payment, a check) — the case page shows
    the whole history from these rows."""
    return CaseEvent.objects.create(case=case, kind=kind, actor=_user(actor), actor_label=actor_label,
                                    at=timezone.now(), reason=reason, data=data or {})
