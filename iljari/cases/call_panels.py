"""The call panel of the case page (slice "flows" shows it): the category, the proposal, the reviews with each
reviewer's total and the normalised score, recusals, the interview, the agreement, the payment and the program —
and the forms of what the viewer may do here (schedule the interview, record the ministry's decision, sign the
agreement, pay the subsidy)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation

from iljari.programs.models import Program

from .calls import category_label, owns
from .flows import may_act
from .models import Agreement, Case, Interview, Stage
from .panels import panel
from .ranking import case_entry


def call_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    language = (translation.get_language() or "ko")[:2]
    review_stage = case.flow.stages.filter(kind=Stage.Kind.REVIEW).order_by("order").first()
    entry = case_entry(case, review_stage) if review_stage else None
    agreement = Agreement.objects.filter(case=case).select_related("program").first()
    interview = Interview.objects.filter(case=case).order_by("-starts_at").first()
    signer = case.events.filter(kind="agreement").select_related("actor").first()
    user = request.user
    at = case.stage
    acting = may_act(user, case)
    return {
        "case": case, "call": case.call, "category": category_label(case.call, case.category, language),
        "proposal": getattr(case, "proposal", None), "entry": entry, "review_stage": review_stage,
        "rubric": getattr(review_stage, "rubric", None) if review_stage else None,
        "interview": interview, "agreement": agreement,
        "signer": signer.actor.get_full_name().strip() if signer and signer.actor else "",  # never the login id
        "program_readable": bool(agreement and agreement.program_id and Program.objects.restrict(user, "view")
                                 .filter(pk=agreement.program_id).exists()),
        "payments": list(case.payments.order_by("due_on", "id")),
        "can_interview": acting and at.kind == Stage.Kind.REVIEW,
        "can_decide": acting and at.code == "ministry",
        "can_sign": acting and at.kind == Stage.Kind.PAYMENT and agreement is None,
        "can_pay": acting and at.kind == Stage.Kind.PAYMENT and agreement is not None
        and not case.payments.filter(status="paid").exists(),
        "owner": owns(user, case.call) if case.call_id else False,
        "closed": at.kind == Stage.Kind.DONE,  # a final stage: nobody acts, the panel says the application is closed
    }


@panel("call", "cases/panels/call.html", order=20)
def call_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    if case.call_id is None:
        return None
    return call_context(request, case)
