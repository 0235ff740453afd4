"""The applicants' call pages (/grants/calls/…, no login; in the page's language, one column for a phone first): the published
calls, one call's announcement, the application form (organisation, proposal, documents, the PIPA notice and
consent; a honeypot and a rate limit per address), and the status page by reference number and status code.
Only published calls are ever shown."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from iljari.core.context import change_context
from iljari.core.errors import ServiceError

from . import calls as svc
from .call_forms import ApplyForm, StatusForm
from .models import Call, CaseEvent, Interview, Stage
from .templatetags.case_words import english, lz, say

FORM_RATE = "20/h"  # as the other public forms: a person who mistypes is served, a script is not
STATUS_RATE = "30/h"
THROTTLED = lz("이곳에서 너무 많은 요청이 왔습니다. 잠시 뒤에 다시 해 주십시오.",
               "Too many requests came from here. Please try again a little later.")


def _throttled(request: HttpRequest, group: str, rate: str) -> bool:
    from django_ratelimit.core import is_ratelimited

    return request.method == "POST" and is_ratelimited(request, group=group, key="ip", rate=rate, method="POST",
                                                       increment=True)


def _published(code: str) -> Call:
    call = Call.objects.filter(code=str(code)[:40], published=True).select_related("flow").first()
    if call is None:
        raise Http404
    return call


def _state(call: Call, today: Any) -> str:
    if today < call.opens_on:
        return "soon"
    return "open" if today <= call.closes_on else "closed"


@require_safe
def calls_public(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calls = list(Call.objects.filter(published=True).order_by("-closes_on", "code"))
    for c in calls:
        c.state = _state(c, today)  # type: ignore[attr-defined]
    return render(request, "cases/public/calls.html", {"calls": calls})


@require_safe
def call_public(request: HttpRequest, code: str) -> HttpResponse:
    call = _published(code)
    return render(request, "cases/public/call.html", {
        "call": call, "districts": svc.call_districts(call), "state": _state(call, timezone.localdate()),
        "stages": [s for s in call.flow.stages.order_by("order") if s.kind != Stage.Kind.DONE]})


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("business_number", "phone", "email")
def call_apply_public(request: HttpRequest, code: str) -> HttpResponse:
    call = _published(code)
    districts = svc.call_districts(call)
    state = _state(call, timezone.localdate())
    context: dict[str, Any] = {"call": call, "state": state}
    if _throttled(request, "cases.call_apply", FORM_RATE):
        return render(request, "cases/public/apply.html", {
            **context, "form": ApplyForm(call=call, districts=districts), "problems": [THROTTLED],
            "refile": [f.name for f in request.FILES.values()]}, status=429)
    form = ApplyForm(request.POST or None, request.FILES or None, call=call, districts=districts)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d.get("website"):  # the honeypot: answered like a success, nothing saved
            return render(request, "cases/public/applied.html", {**context, "case": None, "code": ""})
        district = next(x for x in districts if x.code == d["district"])
        try:
            with change_context("public"):
                case, status_code = svc.call_apply(
                    actor=None, call=call, district=district, category_code=d["category"],
                    organisation={k: d.get(k) or "" for k in ("name", "business_number", "legal_form",
                                                              "representative", "phone", "email")},
                    title=d["title"], summary=d["summary"], contact_name=d["contact_name"],
                    jobs_planned=d.get("jobs_planned"), documents=form.documents(), consent=bool(d.get("consent")),
                    public=True)
        except ServiceError as exc:
            for p in exc.problems:
                if p.field in form.fields and p.field != "documents":
                    form.add_error(p.field, p.text())
                else:
                    problems.append(p.text())
        else:
            return render(request, "cases/public/applied.html", {**context, "case": case, "code": status_code})
    return render(request, "cases/public/apply.html", {**context, "form": form, "problems": problems,
                                                       "refile": form.sent_files() if request.method == "POST"
                                                       else []},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("code")
def call_status_public(request: HttpRequest) -> HttpResponse:
    """진행 상황: by the reference number and the status code (POST, so the code stays out of addresses and logs)."""
    if _throttled(request, "cases.call_status", STATUS_RATE):
        return render(request, "cases/public/status.html", {"form": StatusForm(), "problems": [THROTTLED]},
                      status=429)
    form = StatusForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "cases/public/status.html", {"form": form},
                      status=400 if request.method == "POST" else 200)
    case = svc.case_by_status_code(form.cleaned_data["reference"], form.cleaned_data["code"])
    if case is None:
        return render(request, "cases/public/status.html", {
            "form": form, "problems": [say("접수번호와 확인 코드가 맞지 않습니다. 다시 확인해 주십시오.",
                                "The reference number and the status code do not match. Please check them.")]}, status=404)
    stages = [s for s in case.flow.stages.order_by("order") if s.kind != Stage.Kind.DONE]
    interview = Interview.objects.filter(case=case).order_by("-starts_at").first()
    history = [e for e in CaseEvent.objects.filter(case=case, kind__in=["opened", "transition"])
               .select_related("to_stage").order_by("at", "id")]
    return render(request, "cases/public/status.html", {
        "form": None, "case": case, "call": case.call, "stages": stages, "interview": interview,
        "history": history, "category": svc.category_label(case.call, case.category, "en" if english() else "ko"),
        "documents": case.documents.count()})
