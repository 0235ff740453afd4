"""Setting up flows (흐름 설정): a flow's rows from a spec (`cases.specs`), checked before they are kept.
The services of the slices (subsidy claims, payments, calls) live in their own modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from iljari.audit.services import audit_change, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.programs.models import Program

from .flows import flow_problems
from .models import CaseRule, Criterion, Flow, Rubric, Stage, Transition


def flow_install(*, actor: Any, program: Program, spec: dict[str, Any], code: str | None = None,
                 name_ko: str | None = None, name_en: str | None = None, illustrative: bool = False) -> Flow:
    """A new flow (stages, transitions, rubrics, dated rules) from `spec`; refused with every problem if the
    definition is not sound (an unknown condition, weights not adding to 100, a stage with no way in or out)."""
    code = code or spec["code"]
    with transaction.atomic():
        if Flow.objects.filter(code=code).exists():
            raise ServiceError(Problem(ErrorCode.DUPLICATE_CODE, f"흐름 코드 {code}가 이미 있습니다",
                                       f"a flow with code {code} exists", field="code"))
        flow = Flow.objects.create(code=code, kind=spec["kind"], name_ko=name_ko or spec["name_ko"],
                                   name_en=name_en or spec.get("name_en", ""), program=program,
                                   description=spec.get("description", ""), illustrative=illustrative)
        stages: dict[str, Stage] = {}
        for n, s in enumerate(spec["stages"]):
            stages[s["code"]] = st = Stage.objects.create(
                flow=flow, code=s["code"], name_ko=s["ko"], name_en=s.get("en", ""), order=(n + 1) * 10,
                kind=s.get("kind", "work"), outcome=s.get("outcome", ""), actor_role=s.get("role", ""),
                actor_level=s.get("level", "district"), deadline_days=s.get("deadline"),
                remind_days=s.get("remind"), required_documents=s.get("docs", []))
            r = s.get("rubric")
            if r:
                rubric = Rubric.objects.create(stage=st, cutoff=r.get("cutoff", 60), blind=r.get("blind", False),
                                               normalise=r.get("normalise", True),
                                               reviewers_min=r.get("reviewers_min", 1), quotas=r.get("quotas", {}))
                for m, c in enumerate(r["criteria"]):
                    Criterion.objects.create(rubric=rubric, code=c["code"], name_ko=c["ko"], name_en=c.get("en", ""),
                                             weight=c["weight"], max_score=c.get("max", 10), order=m)
        for n, t in enumerate(spec["transitions"]):
            Transition.objects.create(flow=flow, code=t["code"], label_ko=t["ko"], label_en=t.get("en", ""),
                                      source=stages[t["from"]], dest=stages[t["to"]],
                                      conditions=t.get("conditions", []), needs_reason=t.get("reason", False),
                                      order=n)
        for r in spec.get("rules", []):
            CaseRule.objects.create(flow=flow, kind=r["kind"], params=r.get("params", {}),
                                    valid_from=dt.date.fromisoformat(r["from"]),
                                    valid_to=dt.date.fromisoformat(r["to"]) if r.get("to") else None,
                                    label=r.get("label", ""))
        problems = flow_problems(flow)
        if problems:
            raise ServiceError(problems)
        audit_change(actor=actor, obj=flow, before=None,
                     after=snapshot(flow, extra={"stages": len(stages), "transitions": len(spec["transitions"])}))
    return flow
