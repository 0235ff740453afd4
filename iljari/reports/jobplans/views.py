"""Officers' pages of the job-plan disclosure: the plans of the units one may see (and a new plan for the
portfolio office), a plan with its check before publishing, and its edit form. Publishing goes through the
reports' publish page (`web:publish`, kind `job_plan`), which refuses while a mandatory item is missing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, Problem, ServiceError
from iljari.core.http import file_response
from iljari.core.labels import name_in_language
from iljari.core.numbers import AmountUnit, Rounding, amount_value, format_amount, format_count
from iljari.core.pdf import render_pdf
from iljari.core.reportbook import report_workbook
from iljari.orgs.models import OrgUnit

from ..models import Publication
from .categories import CATEGORIES, INDICATORS
from .forms import plan_data
from .models import JobPlan
from .selectors import LEDGER, plan_report, plan_title, plan_view
from .services import plan_create, plan_save
from .words import day, say


def _plan(request: HttpRequest, org: str, kind: str, year: int, action: str = "view") -> JobPlan:
    plan = (JobPlan.objects.restrict(request.user, action).select_related("org")
            .filter(org__code=org, kind=kind, first_year=year).first())
    if plan is None:
        raise Http404
    return plan


def _editions(plan: JobPlan) -> list[Publication]:
    return list(Publication.objects.filter(kind=Publication.Kind.JOB_PLAN, subject=plan.subject)
                .order_by("-sequence"))


def _kinds() -> list[tuple[str, str]]:
    return [(JobPlan.Kind.ANNUAL.value, say("연차별 세부계획", "Annual detailed plan")),
            (JobPlan.Kind.COMPREHENSIVE.value, say("종합계획(4년)", "Comprehensive plan (4 years)"))]


def _status(plan: JobPlan, editions: list[Publication], missing: int) -> str:
    if editions:
        first = editions[-1]
        on = timezone.localtime(first.published_at).date()
        late = on > plan.due
        text = say(f"공시함(제{editions[0].sequence}판까지, 첫 공시 {day(on)})",
                   f"Published (edition {editions[0].sequence}; first on {day(on)})")
        return text + (say(" · 기한 경과 후 공시", " · after the due date") if late else "")
    if missing:
        text = say(f"작성 중 · 빠진 항목 {missing}개", f"Draft · {missing} missing item{'s' if missing > 1 else ''}")
    else:
        text = say("작성 중 · 공시할 수 있음", "Draft · ready to publish")
    if timezone.localdate() > plan.due:
        text += say(" · 기한 경과", " · past the due date")
    return text


def _problems(problems: list[Problem]) -> list[str]:
    return [p.text() for p in problems]


@gate("view", methods=("GET", "HEAD", "POST"))
def job_plans(request: HttpRequest) -> HttpResponse:
    """The plans of the units one may see with their status; the portfolio office starts a new plan here."""
    can_change = policy.allows(request.user, "change_job_plan")
    errors: list[str] = []
    units = list(OrgUnit.objects.restrict(request.user, "view").filter(kind__in=("city", "district"))
                 .order_by("path")) if policy.allows(request.user, "view") else []
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        org = next((u for u in units if u.code == request.POST.get("org")), None)
        year = request.POST.get("year", "")
        if org is None:
            errors.append(say("지방자치단체를 고르십시오", "Choose a city or district"))
        if not year.isdigit():
            errors.append(say("연도를 적으십시오", "Enter the year"))
        if not errors and org is not None:
            try:
                with change_context("web"):
                    plan = plan_create(actor=request.user, org=org, kind=request.POST.get("kind", ""), year=int(year),
                                       reason=request.POST.get("reason", "")[:500])
            except ServiceError as exc:
                errors += _problems(exc.problems)
            else:
                return redirect("web:job_plan_edit", org=plan.org.code, kind=plan.kind, year=plan.first_year)
    plans = list(JobPlan.objects.restrict(request.user, "view").select_related("org"))
    rows = []
    for p in plans:
        editions = _editions(p)
        missing = len(plan_view(p).blockers)
        rows.append({"plan": p, "title": plan_title(p), "org": name_in_language(p.org), "due": day(p.due),
                     "status": _status(p, editions, missing), "missing": missing,
                     "kind": dict(_kinds())[p.kind], "years": f"{p.first_year}" if p.first_year == p.last_year
                     else f"{p.first_year}~{p.last_year}"})
    return render(request, "reports/jobplans/list.html", {
        "rows": rows, "can_change": can_change, "errors": errors, "kinds": _kinds(),
        "units": [(u.code, name_in_language(u)) for u in units], "post": request.POST,
        "this_year": timezone.localdate().year})


@gate("view")
def job_plan(request: HttpRequest, org: str, kind: str, year: int) -> HttpResponse:
    """A plan as it will be published, what is still missing, and (when nothing is) the publish form."""
    plan = _plan(request, org, kind, year)
    view = plan_view(plan)
    rounding = Rounding.parse(plan.org.effective_rounding())
    report = plan_report(view, rounding)
    fmt = request.GET.get("format", "html")
    name = f"{report.title}_{plan.as_of:%Y%m%d}"
    if fmt == "pdf":
        from ..report_views import generated_line

        return file_response(render_pdf("reports/print_report.html", {
            "report": report, "title": report.title, "generated_line": generated_line(plan.as_of)}), "pdf", name)
    if fmt == "xlsx":
        return file_response(report_workbook(report), "xlsx", name)
    editions = _editions(plan)
    n = len(view.blockers)
    return render(request, "reports/jobplans/plan.html", {
        "plan": plan, "report": report, "title": report.title, "blockers": _problems(view.blockers),
        "missing_line": say(f"빠진 필수 항목이 {n}개 있습니다.", f"{n} mandatory item{'s are' if n > 1 else ' is'} missing."),
        "editions": [{"slug": e.slug, "label": say(f"제{e.sequence}판({day(timezone.localtime(e.published_at).date())})",
                                                   f"edition {e.sequence} ({day(timezone.localtime(e.published_at).date())})")}
                     for e in editions],
        "status": _status(plan, editions, n), "due": day(plan.due),
        "as_of": day(plan.as_of), "can_change": policy.can(request.user, "change_job_plan", plan.org),
        "can_publish": policy.can(request.user, "publish", plan.org)})


@gate("change_job_plan", methods=("GET", "HEAD", "POST"))
def job_plan_edit(request: HttpRequest, org: str, kind: str, year: int) -> HttpResponse:
    """The headline targets with their source, the job targets the ledger does not hold, notes, and the plan's
    direction in words; one save, audited, refused whole with every problem named."""
    plan = _plan(request, org, kind, year, "change_job_plan")
    view = plan_view(plan)
    open_cells = {(t.code, y, name) for t in view.types if t.category is not None for y, c in t.cells.items()
                  for name in ("target", "budget") if getattr(c, f"{name}_from") != LEDGER}
    errors: list[str] = []
    post: Any = {}
    if request.method == "POST":
        post = request.POST
        data, problems = plan_data(request.POST, plan, open_cells)
        if problems:
            errors = _problems(problems)
        else:
            try:
                with change_context("web"):
                    plan_save(actor=request.user, plan=plan, data=data,
                              expected_version=int(request.POST.get("version") or 0) or None,
                              reason=request.POST.get("reason", "")[:500])
            except (ConflictError, ServiceError) as exc:
                errors = _problems(exc.problems)
            else:
                return redirect("web:job_plan", org=plan.org.code, kind=plan.kind, year=plan.first_year)
    headlines = []
    for h in view.headlines:
        p = f"h-{h.indicator.code}-"

        def value(name: str, saved: Any, p: str = p) -> str:
            if post:
                return post.get(p + name, "")
            return "" if saved is None else str(saved)

        headlines.append({
            "code": h.indicator.code, "label": h.label, "required": h.required, "target_year": plan.last_year,
            "unit": say("%", "%") if h.indicator.unit == "percent" else say("명", "people"),
            "base_year": value("base_year", h.base_year), "base_value": value("base_value", h.base_value),
            "target_value": value("target_value", h.target_value), "source": value("source", h.source),
            "source_date": value("source_date", h.source_date.isoformat() if h.source_date else None)})
    types = []
    for t in view.types:
        if t.category is None:
            continue
        p = f"c-{t.code}-"
        cells = []
        for y, c in t.cells.items():
            def typed(name: str, v: Any, y: int = y, p: str = p) -> str:
                if post:
                    return post.get(f"{p}{y}-{name}", "")
                if v is None:
                    return ""
                if name == "budget":  # in 백만원, as many decimals as it has (3,000, 1,234.5)
                    million = amount_value(v, AmountUnit.MILLION, Rounding.HALF_UP, places=6)
                    return f"{million.normalize():f}" if million is not None else ""
                return str(v)

            cells.append({
                "year": y, "target": format_count(c.target), "budget_million": say(
                    f"{format_amount(c.budget)}백만원", f"{format_amount(c.budget)} million won"),
                "programs": c.programs, "programs_text": say(f"{c.programs}개 사업", f"{c.programs} programs"),
                "target_ledger": c.target_from == LEDGER, "budget_ledger": c.budget_from == LEDGER,
                "target_value": typed("target", c.target if c.target_from != LEDGER else None),
                "budget_value": typed("budget", c.budget if c.budget_from != LEDGER else None)})
        types.append({"code": t.code, "label": t.label, "cells": cells, "from_ledger": t.category.from_ledger,
                      "not_applicable": (post.get(p + "na") == "1") if post else t.not_applicable,
                      "note": post.get(p + "note", "") if post else t.note})
    return render(request, "reports/jobplans/edit.html", {
        "plan": plan, "title": plan_title(plan), "errors": errors, "headlines": headlines, "types": types,
        "as_of_value": post.get("as_of", "") if post else plan.as_of.isoformat(),
        "term_value": post.get("term", "") if post else plan.term,
        "last_year_value": post.get("last_year", "") if post else plan.last_year,
        "direction": post.get("direction", "") if post else plan.direction,
        "comprehensive": plan.kind == JobPlan.Kind.COMPREHENSIVE, "due": day(plan.due),
        "indicators": INDICATORS, "categories": CATEGORIES})
