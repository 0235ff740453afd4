"""The applicants' subsidy pages (under /grants/, no login): what a subsidy is and who may apply (in words from
its rules), the application form (privacy notice and consent, rate limited, honeypot) answered with a reference
number and a status code shown once (only its hash is kept: `Case.applicant_token`), and the status page where an
applicant sees the stage of their application from the reference and the code (nothing else about it)."""

from __future__ import annotations

import hmac
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.orgs.models import OrgUnit

from .models import Case, Flow, Stage
from .subsidy import application_window, claim_submit, new_status_code, rules_in_words, status_token
from .subsidy_forms import ApplyForm, StatusForm

FORM_RATE = "20/h"  # submissions of each public form per client address an hour, as on /jobs/ and /apply/


def _throttled(request: HttpRequest, group: str) -> bool:
    from django_ratelimit.core import is_ratelimited

    return request.method == "POST" and is_ratelimited(request, group=group, key="ip", rate=FORM_RATE,
                                                       method="POST", increment=True)


def _english() -> bool:
    return (translation.get_language() or "ko").startswith("en")


def _flow(code: str) -> Flow:
    flow = Flow.objects.filter(code=code, kind=Flow.Kind.SUBSIDY, active=True).first()
    if flow is None:
        raise Http404
    return flow


@require_safe
def subsidy_page(request: HttpRequest, code: str) -> HttpResponse:
    """What the subsidy is, who may apply (its rules in words), what to bring, how to apply."""
    flow = _flow(code)
    first = flow.stages.order_by("order", "id").first()
    from .codes import doc_type_label

    documents = [doc_type_label(d, "en" if _english() else "ko") for d in (first.required_documents if first else [])]
    return render(request, "cases/grants/subsidy.html", {"flow": flow, "rules": rules_in_words(flow),
                                                         "documents": documents, "nav": "subsidy",
                                                         **_intake(flow)})


@require_safe
def grants_index(request: HttpRequest) -> HttpResponse:
    """지원금·공모 안내: every subsidy a citizen or a firm may apply for (open now or not, and how) and the
    published open calls, newest first, with links to apply and to check an application."""
    from .models import Call

    subsidies = []
    for flow in Flow.objects.filter(kind=Flow.Kind.SUBSIDY, active=True).order_by("name_ko"):
        subsidies.append({"flow": flow, **_intake(flow)})
    subsidies.sort(key=lambda x: (not x["online"], x["flow"].name_ko))
    today = timezone.localdate()
    calls = list(Call.objects.filter(published=True).order_by("-closes_on", "code")[:50])
    for c in calls:
        c.state = "soon" if today < c.opens_on else ("open" if today <= c.closes_on else "closed")  # type: ignore
    return render(request, "cases/grants/index.html", {"subsidies": subsidies, "calls": calls, "nav": "index"})


def _intake(flow: Flow) -> dict[str, Any]:
    """Whether the public form takes claims today: not for a subsidy paid in stages (the firm and the intern apply
    at the district office), not outside the application period."""
    from .staged import is_staged

    window = application_window(flow)
    today = timezone.localdate()
    staged = is_staged(flow)
    from .staged import staged_steps

    steps = staged_steps(flow, today, _english()) if staged else []
    return {"staged": staged, "window": window, "steps": steps,
            "online": not staged and (window is None or window[0] <= today <= window[1]),
            "before": window is not None and today < window[0]}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("worker_name", "worker_birth_date", "worker_phone")
def apply_page(request: HttpRequest, code: str) -> HttpResponse:
    """신청: the form, then the reference number and the status code (shown once). Nothing saved on an error."""
    flow = _flow(code)
    intake = _intake(flow)
    if intake["staged"]:
        raise Http404  # applied for at the district office (the page about the subsidy says so)
    districts = OrgUnit.objects.filter(kind="district").order_by("name_ko")
    context: dict[str, Any] = {"flow": flow, "nav": "apply", "rules": rules_in_words(flow), **intake}
    if not intake["online"]:
        return render(request, "cases/grants/apply.html", {**context, "form": None},
                      status=400 if request.method == "POST" else 200)
    first = flow.stages.order_by("order", "id").first()
    doc_types = list(first.required_documents or []) if first else []
    if _throttled(request, "cases.subsidy_apply"):
        return render(request, "cases/grants/apply.html", {
            **context, "form": ApplyForm(districts=districts, doc_types=doc_types),
            "problems": [gettext("Too many forms were sent from here. Please try again later.")]}, status=429)
    form = ApplyForm(request.POST or None, request.FILES or None, districts=districts, doc_types=doc_types)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d.get("website"):  # the honeypot: answered like a success, nothing saved
            return render(request, "cases/grants/applied.html", {**context, "reference": "-", "code": "-"})
        status_code = new_status_code()
        try:
            with change_context("public"):
                case = claim_submit(actor=None, flow=flow, district=d["district"], firm=form.firm(),
                                    worker=form.worker(), months=form.months(), insured_until=d.get("insured_until"),
                                    channel=Case.Channel.PUBLIC, applied_on=timezone.localdate(),
                                    actor_label="신청인 / applicant", status_code=status_code,
                                    documents=form.documents())
        except ServiceError as exc:
            for p in exc.problems:
                message = p.message_en if _english() else p.message_ko
                field = form.field_of(p.field)
                if field and field in form.fields:
                    form.add_error(field, message)
                else:
                    problems.append(message)
        else:
            return render(request, "cases/grants/applied.html", {**context, "reference": case.reference,
                                                                 "code": status_code})
    return render(request, "cases/grants/apply.html", {**context, "form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


def stage_words(case: Case) -> dict[str, str]:
    """The stage of an application in words an applicant understands."""
    english = _english()
    stage = case.stage
    name = (stage.name_en if english else "") or stage.name_ko
    if case.outcome == Stage.Outcome.APPROVED:
        note = gettext("Your application was approved.")
    elif case.outcome == Stage.Outcome.REJECTED:
        note = gettext("Your application was not approved. The district office will tell you why.")
    elif case.outcome == Stage.Outcome.WITHDRAWN:
        note = gettext("Your application was withdrawn.")
    else:
        note = gettext("Your application is being handled.")
    return {"stage": name, "note": note}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("code")
def status_page(request: HttpRequest) -> HttpResponse:
    """진행 상황: the reference and the status code → the application's stage in words (and nothing else)."""
    context: dict[str, Any] = {"nav": "status"}
    if _throttled(request, "cases.subsidy_status"):
        return render(request, "cases/grants/status.html", {
            **context, "form": StatusForm(),
            "problems": [gettext("Too many forms were sent from here. Please try again later.")]}, status=429)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip()
        token = status_token(form.cleaned_data["code"])
        case = (Case.objects.filter(reference=reference).exclude(applicant_token="")
                .select_related("stage", "flow").first())
        if case is not None and hmac.compare_digest(case.applicant_token, token):
            if case.call_id is not None:  # an open call's application: its own status page, from either door
                from .call_public_views import call_status_public

                return call_status_public(request)
            return render(request, "cases/grants/status.html", {
                **context, "form": StatusForm(initial={"reference": reference}), "found": stage_words(case),
                "reference": reference, "flow": case.flow, "applied_on": case.applied_on})
        from .calls import case_by_status_code

        if case_by_status_code(reference, form.cleaned_data["code"]) is not None:
            from .call_public_views import call_status_public

            return call_status_public(request)
        return render(request, "cases/grants/status.html", {
            **context, "form": form,
            "problems": [gettext("No application matches this number and code. Check both and try again.")]},
            status=404)
    return render(request, "cases/grants/status.html", {**context, "form": form,
                                                        "problems": [] if request.method != "POST" else
                                                        [gettext("Enter the application number and the status code.")]},
                  status=400 if request.method == "POST" else 200)
