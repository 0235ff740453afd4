"""Setting up a new call or subsidy of the same shape, and changing a flow's stages and transitions (slice "flows";
the portfolio office: `change_flows`). No code change: a copy of a flow's rows with a new code, name and program,
and edits of a stage's deadline, reminder, acting role and level and required documents, or of a transition's
conditions and whether it needs a reason. Every change is checked against the version the officer saw, checked
as a whole with `flows.flow_problems` (a broken definition is refused with every problem, nothing saved) and
audited.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from iljari.access.models import Role
from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.programs.models import Program

from .codes import DOC_TYPES
from .conditions import CONDITIONS
from .flows import flow_problems
from .models import CaseRule, Criterion, Flow, Rubric, Stage, Transition

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,38}[A-Z0-9]$")
STAGE_FIELDS = ["deadline_days", "remind_days", "actor_role", "actor_level", "required_documents", "version"]
TRANSITION_FIELDS = ["conditions", "needs_reason"]
MAX_DAYS = 365


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ServiceError(problems)


def flow_copy(*, actor: Any, flow: Flow, code: str, name_ko: str, name_en: str = "", program: Program,
              version: int | None = None) -> Flow:
    """A new flow of the same shape as `flow`: its stages (with rubrics and criteria), transitions and dated rules
    copied under a new code (capitals, digits and '-'), name and registry program."""
    code = (code or "").strip().upper()
    name_ko, name_en = (name_ko or "").strip(), (name_en or "").strip()
    problems = []
    if not CODE_RE.match(code):
        problems.append(Problem(ErrorCode.INVALID, "흐름 코드는 영문 대문자·숫자·'-'로 3~40자입니다",
                                "a flow code is 3 to 40 capitals, digits and '-'", field="code"))
    elif Flow.objects.filter(code=code).exists():
        problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"흐름 코드 {code}가 이미 있습니다",
                                f"a flow with code {code} exists", field="code"))
    if not name_ko:
        problems.append(Problem(ErrorCode.REQUIRED, "이름(한국어)을 적으십시오", "give the name in Korean",
                                field="name_ko"))
    elif len(name_ko) > 200 or len(name_en) > 200:
        problems.append(Problem(ErrorCode.TOO_LONG, "이름은 200자까지입니다", "a name is at most 200 characters",
                                field="name_ko"))
    _refuse(problems)
    with transaction.atomic():
        source = Flow.objects.select_for_update().get(pk=flow.pk)
        check_version(source, version, what_ko="이 흐름을", what_en="this flow")
        new = Flow.objects.create(code=code, name_ko=name_ko, name_en=name_en, kind=source.kind, program=program,
                                  description=source.description, active=True, illustrative=False)
        stages: dict[int, Stage] = {}
        for s in source.stages.order_by("order", "id"):
            copy = Stage.objects.create(flow=new, code=s.code, name_ko=s.name_ko, name_en=s.name_en, order=s.order,
                                        kind=s.kind, outcome=s.outcome, actor_role=s.actor_role,
                                        actor_level=s.actor_level, deadline_days=s.deadline_days,
                                        remind_days=s.remind_days, required_documents=list(s.required_documents))
            stages[s.pk] = copy
            rubric = Rubric.objects.filter(stage=s).first()
            if rubric is not None:
                r = Rubric.objects.create(stage=copy, cutoff=rubric.cutoff, blind=rubric.blind,
                                          normalise=rubric.normalise, reviewers_min=rubric.reviewers_min,
                                          quotas=dict(rubric.quotas))
                Criterion.objects.bulk_create([
                    Criterion(rubric=r, code=c.code, name_ko=c.name_ko, name_en=c.name_en, weight=c.weight,
                              max_score=c.max_score, order=c.order) for c in rubric.criteria.all()])
        Transition.objects.bulk_create([
            Transition(flow=new, code=t.code, label_ko=t.label_ko, label_en=t.label_en, source=stages[t.source_id],
                       dest=stages[t.dest_id], conditions=list(t.conditions), needs_reason=t.needs_reason,
                       order=t.order) for t in source.transitions.all()])
        CaseRule.objects.bulk_create([
            CaseRule(flow=new, kind=r.kind, params=r.params, valid_from=r.valid_from, valid_to=r.valid_to,
                     label=r.label) for r in source.rules.all()])
        _refuse(flow_problems(new))
        audit_change(actor=actor, obj=new, before=None,
                     after=snapshot(new, extra={"copied_from": source.code, "stages": len(stages)}),
                     reason=f"{source.code} 복사 / copied from {source.code}")
    return new


def _days(value: Any, field: str, ko: str, en: str) -> tuple[int | None, list[Problem]]:
    if value in (None, ""):
        return None, []
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None, [Problem(ErrorCode.NOT_AN_INTEGER, f"{ko}은(는) 일수(정수)로 적으십시오",
                              f"{en} is a whole number of days", field=field)]
    if not 0 <= n <= MAX_DAYS:
        return None, [Problem(ErrorCode.OUT_OF_RANGE, f"{ko}은(는) 0~{MAX_DAYS}일입니다",
                              f"{en} is 0 to {MAX_DAYS} days", field=field)]
    return n, []


def stage_update(*, actor: Any, stage: Stage, version: int | None, deadline_days: Any, remind_days: Any,
                 actor_role: str, actor_level: str, required_documents: list[str]) -> Stage:
    """Change who acts at a stage, its deadline and reminder (days) and the documents it requires."""
    deadline, problems = _days(deadline_days, "deadline_days", "처리 기한", "the deadline")
    remind, more = _days(remind_days, "remind_days", "알림 시점", "the reminder")
    problems += more
    if remind is not None and deadline is None:
        problems.append(Problem(ErrorCode.INVALID, "기한이 없는 단계에는 알림을 둘 수 없습니다",
                                "a stage without a deadline cannot have a reminder", field="remind_days"))
    elif remind is not None and deadline is not None and remind > deadline:
        problems.append(Problem(ErrorCode.INVALID, "알림은 기한보다 앞서야 합니다 (알림 일수 ≤ 기한 일수)",
                                "the reminder must come before the deadline (reminder days ≤ deadline days)",
                                field="remind_days"))
    if actor_role and actor_role not in Role.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "없는 역할입니다", "unknown role", field="actor_role"))
    if actor_level not in Stage.Level.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "처리 주체를 고르십시오", "choose who acts",
                                field="actor_level"))
    docs = list(dict.fromkeys(required_documents or []))
    unknown = [d for d in docs if d not in DOC_TYPES]
    if unknown:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "없는 서류 종류입니다", "unknown document type",
                                field="required_documents", params={"unknown": unknown[:10]}))
    _refuse(problems)
    with transaction.atomic():
        locked = Stage.objects.select_for_update().select_related("flow").get(pk=stage.pk)
        check_version(locked, version, what_ko="이 단계를", what_en="this stage")
        before = snapshot(locked, fields=STAGE_FIELDS)
        locked.deadline_days, locked.remind_days = deadline, remind
        locked.actor_role, locked.actor_level, locked.required_documents = actor_role, actor_level, docs
        locked.version += 1
        locked.save()
        _refuse(flow_problems(locked.flow))
        Flow.objects.filter(pk=locked.flow_id).update(version=locked.flow.version + 1)
        audit_change(actor=actor, obj=locked, before=before, after=snapshot(locked, fields=STAGE_FIELDS),
                     reason=f"{locked.flow.code} 단계 변경 / stage changed")
    return locked


def transition_update(*, actor: Any, transition: Transition, version: int | None, conditions: list[str],
                      needs_reason: bool) -> Transition:
    """Change the conditions a transition needs and whether it needs a reason. `version` is the flow's (a
    transition has none of its own): any change to the flow since the officer read it is a conflict."""
    names = list(dict.fromkeys(conditions or []))
    unknown = [n for n in names if n not in CONDITIONS]
    if unknown:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CHOICE, "없는 조건입니다", "unknown condition",
                                   field="conditions", params={"unknown": unknown[:10]}))
    with transaction.atomic():
        flow = Flow.objects.select_for_update().get(pk=transition.flow_id)
        check_version(flow, version, what_ko="이 흐름을", what_en="this flow")
        locked = Transition.objects.select_related("source", "dest").get(pk=transition.pk)
        before = snapshot(locked, fields=TRANSITION_FIELDS)
        locked.conditions, locked.needs_reason = names, bool(needs_reason)
        locked.save()
        _refuse(flow_problems(flow))
        flow.version += 1
        flow.save(update_fields=["version"])
        audit_change(actor=actor, obj=locked, before=before, after=snapshot(locked, fields=TRANSITION_FIELDS),
                     reason=f"{flow.code} 전이 변경 / transition changed")
    return locked
