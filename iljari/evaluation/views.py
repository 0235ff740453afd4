"""Evaluation pages: a year's grades with reasons, the weak programs for the council with their history, and the
scheme (weights, grade bands) for administrators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.core.forms import form_messages
from iljari.ledger.figures import figures_scope, parse_period, share_label
from iljari.programs.models import Program

from .selectors import WEAK, evaluate, scheme_for
from .services import WEIGHTS, scheme_save


def _year(request: HttpRequest) -> int:
    """The year asked for; without one (or a nonsense one) the latest year with figures of the user's unit, as
    every figure page opens (ledger.figures.parse_period)."""
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    if 2000 <= year <= 2100:
        return year
    return parse_period({}, scope=figures_scope(request.user))[0]


def _lang() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _programs(request: HttpRequest) -> list[Program]:
    return list(Program.objects.restrict(request.user, "view")
                .select_related("owner_org", "job_type", "subtype").order_by("owner_org__path", "code"))


@gate("view")
def evaluation(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    year = _year(request)
    # A local officer's scores are of their own unit's share (the figures they may see), labelled so.
    scope = figures_scope(request.user)
    rows = evaluate(year, _programs(request), scope=scope)
    counts = {g: sum(1 for r in rows if r.grade == g) for g in ("우수", "보통", "미흡")}
    grade = request.GET.get("grade", "")
    if grade:
        rows = [r for r in rows if r.grade == grade]
    return render(request, "evaluation/list.html", {"rows": rows, "year": year, "grade": grade,
                                                    "scheme": scheme_for(year), "counts": counts,
                                                    "share": share_label(scope, _lang()),
                                                    "can_edit": policy.allows(request.user, "change_evaluation")})


@gate("view")
def weak(request: HttpRequest) -> HttpResponse:
    """미흡 programs of a year for the council, each with its grades and figures of the years before."""
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    year = _year(request)
    programs = _programs(request)
    scope = figures_scope(request.user)
    now = [r for r in evaluate(year, programs, scope=scope) if r.grade == WEAK]
    years = list(range(year - 4, year + 1))
    weak_programs = [r.program for r in now]
    history = {y: {r.program.pk: r for r in evaluate(y, weak_programs, scope=scope)} for y in years}
    rows = [(r, [history[y].get(r.program.pk) for y in years]) for r in now]
    return render(request, "evaluation/weak.html", {"rows": rows, "year": year, "years": years,
                                                    "share": share_label(scope, _lang())})


@gate("view", methods=("GET", "HEAD", "POST"))
def scheme(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "change_evaluation"):
        raise PermissionDenied
    year = _year(request)
    current = scheme_for(year)
    errors: list[str] = []
    if request.method == "POST":
        from .forms import SchemeForm

        form = SchemeForm(request.POST)
        if not form.is_valid():
            errors += form_messages(form)
        else:
            valid_from = form.cleaned_data["valid_from"]
            try:
                with change_context("web"):
                    scheme_save(actor=request.user, valid_from=valid_from, values=form.values(),
                                note=form.cleaned_data["note"], reason=form.cleaned_data["reason"])
            except ServiceError as exc:
                errors += [p.text() for p in exc.problems]
            else:
                return redirect(f"/evaluation/?year={valid_from}")
    return render(request, "evaluation/scheme.html", {"scheme": current, "year": year, "errors": errors,
                                                      "fields": [*WEIGHTS, "excellent_from", "adequate_from"]})
