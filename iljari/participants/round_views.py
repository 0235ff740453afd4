"""Officers' pages to open a recruitment round and change its terms (모집 회차 만들기·고치기)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.programs.models import Program

from .models import RecruitmentRound
from .round_forms import RoundForm, WorksiteRows, worksite_rows
from .round_services import round_create, round_update
from .selectors import may_run, round_programs, running_unit


def _problems_to_forms(form: RoundForm, sites: WorksiteRows, exc: ServiceError) -> list[str]:
    """Each problem beside its field; worksite problems above the worksite rows; the rest above the form."""
    general = []
    for p in exc.problems:
        text = p.text()
        if p.field == "worksites":
            sites.site_problems.append(text)
        elif p.field and p.field in form.fields:
            form.add_error(p.field, text)
        else:
            general.append(text)
    return general


def _page(request: HttpRequest, form: RoundForm, sites: WorksiteRows, problems: list[str], rnd: RecruitmentRound | None,
          status: int) -> HttpResponse:
    return render(request, "participants/round_form.html",
                  {"form": form, "sites": sites, "problems": problems, "round": rnd,
                   "site_problems": sites.site_problems}, status=status)


def _bound_sites(request: HttpRequest, initial: list[dict[str, Any]] | None = None) -> WorksiteRows:
    return worksite_rows(request.POST if request.method == "POST" else None, initial=initial)


@gate("manage_rounds", methods=("GET", "HEAD", "POST"))
def round_new(request: HttpRequest) -> HttpResponse:
    programs = round_programs(request.user)
    chosen = request.GET.get("program", "")[:40]
    form = RoundForm(request.POST or None, programs=programs,
                     initial={"program": chosen} if chosen else None)
    sites = _bound_sites(request)
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid() & sites.is_valid():
            program: Program = form.cleaned_data["program"]
            try:
                with change_context("web"):
                    rnd = round_create(actor=request.user, program=program, terms=form.terms(sites.rows()),
                                       run_by=running_unit(request.user, program),
                                       reason=form.cleaned_data["reason"])
            except ServiceError as exc:
                problems = _problems_to_forms(form, sites, exc)
            else:
                messages.success(request, _("Round %(name)s opened.") % {"name": rnd.name})
                return redirect("web:round", round_id=rnd.pk)
        return _page(request, form, sites, problems, None, 400)
    return _page(request, form, sites, problems, None, 200)


@gate("manage_rounds", methods=("GET", "HEAD", "POST"))
def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = get_object_or_404(RecruitmentRound.objects.restrict(request.user, "view")
                            .select_related("program", "program__owner_org", "run_by"), pk=round_id)
    if not may_run(request.user, rnd):
        raise PermissionDenied
    form = RoundForm(request.POST or None, editing=True, initial=RoundForm.initial_for(rnd))
    current = [{"name": w.name, "places": w.places} for w in rnd.worksites.all()]
    sites = _bound_sites(request, initial=current)
    problems: list[str] = []
    if request.method == "POST":
        status = 400
        if form.is_valid() & sites.is_valid():
            try:
                with change_context("web"):
                    round_update(actor=request.user, round=rnd, version=form.cleaned_data["version"],
                                 terms=form.terms(sites.rows()), reason=form.cleaned_data["reason"])
            except ConflictError as exc:  # show what is saved now, with the reason why nothing was changed
                status = 409
                rnd.refresh_from_db()
                form = RoundForm(editing=True, initial=RoundForm.initial_for(rnd))
                sites = worksite_rows(initial=[{"name": w.name, "places": w.places} for w in rnd.worksites.all()])
                problems = [exc.problems[0].text()]
            except ServiceError as exc:
                problems = _problems_to_forms(form, sites, exc)
            else:
                messages.success(request, _("Round %(name)s saved.") % {"name": form.cleaned_data["name"]})
                return redirect("web:round", round_id=rnd.pk)
        return _page(request, form, sites, problems, rnd, status)
    return _page(request, form, sites, problems, rnd, 200)
