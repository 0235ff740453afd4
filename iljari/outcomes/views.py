"""Outcome pages (issue 18, namespace `outcomes` in the shell's `web`): runs, a run's programs × indicators, the
trace of one figure, the indicators and their dated versions.

Who: every role reads published runs (`view_outcomes`; the council reads them); drafts, computing, publishing and
new indicator versions are the portfolio office's (`run_outcomes`). A run's programs are those the user may see
(`Program.objects.restrict(user, "view")`); a trace names only the persons the user may see (view_person)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.dates import parse_date
from iljari.core.errors import ServiceError
from iljari.programs.models import Code, Program

from . import indicators as ind
from .models import Indicator, IndicatorVersion, OutcomeFigure, OutcomeRun
from .runs import (
    indicator_version_add,
    outcomes_run,
    run_or_404,
    run_publish,
    run_summary,
    run_versions,
    visible_runs,
)
from .trace import COST_STATUS_WORDS, STATUS_WORDS, figure_trace, value_words

PER_PAGE = 50


def _lang() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _say(ko: str, en: str) -> str:
    return en if _lang() == "en" else ko


def _run(request: HttpRequest, run_id: int) -> OutcomeRun:
    try:
        return run_or_404(request.user, run_id)
    except ServiceError:
        raise Http404 from None


def _name(obj: Any, field: str = "name") -> str:
    ko, en = getattr(obj, f"{field}_ko", "") or "", getattr(obj, f"{field}_en", "") or ""
    return (en or ko) if _lang() == "en" else ko


def _status(run: OutcomeRun) -> str:
    state = _say("확정·공개", "Published") if run.status == OutcomeRun.Status.PUBLISHED else _say("산출(미공개)", "Draft")
    return state + (_say(" · 시연용 예시", " · illustrative") if run.illustrative else "")


@gate("view_outcomes")
def runs(request: HttpRequest) -> HttpResponse:
    qs = visible_runs(request.user).order_by("-year", "-as_of", "-created_at")
    rows = [{"run": r, "status": _status(r)} for r in qs[:200]]
    may_run = policy.allows(request.user, "run_outcomes")
    year = timezone.localdate().year - 1
    return render(request, "outcomes/runs.html", {"rows": rows, "may_run": may_run, "year": year})


@gate("run_outcomes", methods=("POST",))
def run_start(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year") or 0)
    except ValueError:
        year = 0
    raw = (request.POST.get("as_of") or "").strip()
    try:
        as_of = parse_date(raw) if raw else None
    except (TypeError, ValueError):
        as_of = None
    if raw and as_of is None:
        messages.error(request, _say("기준일이 날짜가 아닙니다.", "The as-of day is not a date."))
        return redirect("web:outcomes:runs")
    try:
        with change_context("web"):
            run = outcomes_run(actor=request.user, year=year, as_of=as_of)
    except ServiceError as exc:
        messages.error(request, exc.text(_lang()))
        return redirect("web:outcomes:runs")
    messages.success(request, _say(f"{run.year}년 성과 지표를 산출했습니다 ({run.programs:,}개 사업, {run.seconds:.1f}초).",
                                   f"Computed {run.year}'s indicators ({run.programs:,} programs, {run.seconds:.1f} s)."))
    return redirect("web:outcomes:run", run.pk)


@gate("run_outcomes", methods=("POST",))
def run_publish_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        version = int(request.POST.get("version") or 0) or None
    except ValueError:
        version = None
    if request.POST.get("confirm") != "yes":
        messages.error(request, _say("공개하면 되돌릴 수 없습니다. 확인란에 표시한 뒤 다시 누르십시오.",
                                     "Publishing cannot be undone: tick the confirmation box and press again."))
        return redirect("web:outcomes:run", run.pk)
    try:
        with change_context("web"):
            run_publish(actor=request.user, run=run, version=version)
    except ServiceError as exc:
        messages.error(request, exc.text(_lang()))
    else:
        messages.success(request, _say("산출을 확정·공개했습니다. 이제 수치는 바뀌지 않습니다.",
                                       "The run is published; its figures no longer change."))
    return redirect("web:outcomes:run", run.pk)


@gate("view_outcomes")
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    lang = _lang()
    versions = run_versions(run)
    programs = Program.objects.restrict(request.user, "view").filter(
        pk__in=OutcomeFigure.objects.filter(run=run).values("program_id")).select_related(
        "owner_org", "job_type", "subtype")
    job_type = request.GET.get("type", "")
    types = list(Code.objects.filter(list__in=["job_type", "subtype"]).order_by("list", "sort_order"))
    if job_type:
        programs = programs.filter(Q(job_type__code=job_type) | Q(subtype__code=job_type))
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        programs = programs.filter(Q(name_ko__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    # programs with figures first (most programs of a year may have no participant list in the registry yet)
    valued = OutcomeFigure.objects.filter(run=run, program=OuterRef("pk"), value__isnull=False)
    programs = programs.annotate(valued=Exists(valued)).order_by("-valued", "owner_org__path", "code")
    page = Paginator(programs, PER_PAGE).get_page(request.GET.get("page"))
    figs = {(f.program_id, f.indicator_version_id): f for f in OutcomeFigure.objects.filter(
        run=run, program_id__in=[p.pk for p in page])}
    rows = []
    for p in page:
        cells = []
        for v in versions:
            f = figs.get((p.pk, v.pk))
            cells.append(None if f is None else {
                "text": value_words(f.value, v.indicator.unit, lang), "below": f.meets_minimum is False,
                "url": reverse("web:outcomes:trace", args=[run.pk, p.code, v.indicator.code])})
        rows.append({"program": p, "cells": cells})
    columns = [{"name": _name(v.indicator), "unit": _unit_words(v.indicator.unit),
                "standard": _standard(v), "url": reverse("web:outcomes:indicator", args=[v.indicator.code])}
               for v in versions]
    summary = [{**s, "name": _name(s["indicator"]), "median": value_words(s["median"], s["indicator"].unit, lang),
                "standard": _standard(s["version"])} for s in run_summary(run, programs=Program.objects.restrict(request.user, "view"))]
    return render(request, "outcomes/run.html", {
        "run": run, "status": _status(run), "rows": rows, "columns": columns, "page": page, "summary": summary,
        "types": [(c.code, _label(c)) for c in types], "type": job_type, "q": q,
        "may_publish": policy.allows(request.user, "run_outcomes") and run.status == OutcomeRun.Status.DRAFT})


def _label(code: Code) -> str:
    return (code.label_en or code.label_ko) if _lang() == "en" else code.label_ko


def _unit_words(unit: str) -> str:
    return {"percent": "%", "count": _say("명", "people"), "won": _say("원", "won")}.get(unit, "")


def _standard(v: IndicatorVersion) -> str:
    if v.minimum is None:
        return ""
    value = value_words(Decimal(v.minimum), v.indicator.unit, _lang())
    if v.higher_is_better:
        return _say(f"기준 {value} 이상", f"standard: at least {value}")
    return _say(f"기준 {value} 이하", f"standard: at most {value}")


@gate("view_outcomes")
def trace(request: HttpRequest, run_id: int, code: str, indicator: str) -> HttpResponse:
    run = _run(request, run_id)
    program = Program.objects.restrict(request.user, "view").filter(code=code).select_related("owner_org").first()
    version = next((v for v in run_versions(run) if v.indicator.code == indicator), None)
    if program is None or version is None or not OutcomeFigure.objects.filter(
            run=run, program=program, indicator_version=version).exists():
        raise Http404
    lang = _lang()
    t = figure_trace(user=request.user, run=run, program=program, version=version, lang=lang)
    show = request.GET.get("show", "")
    show = show if show in STATUS_WORDS else ""
    page = Paginator(t.rows.only(show), 100).get_page(request.GET.get("page"))
    unit = version.indicator.unit
    kind = version.definition["kind"]
    figure = t.figure
    words = COST_STATUS_WORDS if kind == "cost_per" else STATUS_WORDS
    statuses = [(s, words[s][1 if lang == "en" else 0], t.counts.get(s, 0)) for s in STATUS_WORDS
                if t.counts.get(s, 0) or s == show]
    return render(request, "outcomes/trace.html", {
        "run": run, "status": _status(run), "program": program, "version": version, "trace": t,
        "indicator": _name(version.indicator), "value": value_words(figure.value if figure else None, unit, lang),
        "numerator": _part(t.numerator, kind, "numerator"), "denominator": _part(t.denominator, kind, "denominator"),
        "run_numerator": _part(figure.numerator if figure else None, kind, "numerator"),
        "run_denominator": _part(figure.denominator if figure else None, kind, "denominator"),
        "standard": _standard(version), "page": page, "show": show, "statuses": statuses,
        "status_words": {s: w[1 if lang == "en" else 0] for s, w in words.items()},
        "person_level": ind.KINDS[kind].person_level, "kind": kind,
        "may_open_person": policy.allows(request.user, "view_person"),
        "budget": _part(t.money.get("budget"), "execution_rate", "numerator"),
        "expenditure": _part(t.money.get("expenditure"), "execution_rate", "numerator")})


def _part(n: int | None, kind: str, which: str) -> str:
    """A numerator or denominator as shown: money in won (execution; the cost's numerator), people otherwise."""
    if n is None:
        return "-"
    money = kind == "execution_rate" or (kind == "cost_per" and which == "numerator")
    return value_words(Decimal(n), "won" if money else "count", _lang())


@gate("view_outcomes")
def indicators(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for i in Indicator.objects.prefetch_related("versions"):
        versions = sorted(i.versions.all(), key=lambda v: v.valid_from, reverse=True)
        current = next((v for v in versions if v.valid_from <= today), None)
        rows.append({"indicator": i, "name": _name(i), "current": current, "versions": len(versions),
                     "words": _words(current) if current else "", "types": ind.type_words(
                         list(current.applies_to or []), _lang()) if current else "",
                     "standard": _standard(current) if current else ""})
    return render(request, "outcomes/indicators.html", {"rows": rows})


def _words(v: IndicatorVersion) -> str:
    if _lang() == "en":
        return v.words_en or ind.words(v.definition, "en")
    return v.words_ko or ind.words(v.definition, "ko")


# The fields a new version's form offers for each parameter type (lists as checkboxes of known codes).
_CHOICES = {
    "statuses": lambda: [(c, ind.status_words([c], _lang())) for c in ind._STATUS_WORDS],
    "kinds": lambda: [(c, _say(*{"paid": ("유급 참여", "paid participation"), "subsidy": ("지원금", "subsidy"),
                                  "training": ("훈련", "training"), "service": ("서비스", "service")}[c]))
                      for c in ind.BENEFIT_KINDS],
    "job_types": lambda: [(c, ind.type_words([c], _lang())) for c in ind._TYPE_WORDS],
    "return_job_types": lambda: [(c, ind.type_words([c], _lang())) for c in ind._TYPE_WORDS],
    "money": lambda: [("expenditure", _say("지출액", "expenditure")), ("budget", _say("예산현액", "budget"))],
    "per": lambda: [("participants", _say("참여자", "participants")), ("employed", _say("취업한 참여자", "employed participants"))],
}


def _fields(kind: ind.Kind, current: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for p in kind.params:
        value = current.get(p.name, p.default)
        f = {"name": p.name, "label": p.en if _lang() == "en" else p.ko, "value": value}
        if isinstance(p.default, bool):
            f["type"] = "bool"
        elif isinstance(p.default, list):
            f["type"] = "list"
            f["choices"] = [(c, label, c in (value or [])) for c, label in _CHOICES[p.name]()]
        elif p.name in _CHOICES:
            f["type"] = "choice"
            f["choices"] = [(c, label, c == value) for c, label in _CHOICES[p.name]()]
        else:
            f["type"] = "int"
            f["value"] = "" if value is None else value
        out.append(f)
    return out


def _definition_from(kind: ind.Kind, data: Any) -> tuple[dict[str, Any], list[str]]:
    definition: dict[str, Any] = {"kind": kind.code}
    errors = []
    for p in kind.params:
        if isinstance(p.default, bool):
            definition[p.name] = data.get(p.name) == "on"
        elif isinstance(p.default, list):
            definition[p.name] = data.getlist(p.name)
        elif p.name in _CHOICES:
            definition[p.name] = data.get(p.name, "")
        else:
            raw = (data.get(p.name) or "").strip()
            if not raw and p.name == "age_from":
                definition[p.name] = None
                continue
            try:
                definition[p.name] = int(raw)
            except ValueError:
                errors.append(_say(f"{p.ko}: 정수를 적으십시오", f"{p.en}: write a whole number"))
    return definition, errors


@gate("view_outcomes", methods=("GET", "HEAD", "POST"))
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    item = Indicator.objects.filter(code=code).first()
    if item is None:
        raise Http404
    versions = list(IndicatorVersion.objects.filter(indicator=item).order_by("-valid_from"))
    may_change = policy.allows(request.user, "run_outcomes")
    kind = ind.KINDS[versions[0].definition["kind"]] if versions else None
    errors: list[str] = []
    if request.method == "POST":
        if not may_change:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if kind is None:
            raise Http404
        definition, errors = _definition_from(kind, request.POST)
        valid_from = None
        try:
            valid_from = parse_date((request.POST.get("valid_from") or "").strip())
        except (TypeError, ValueError):
            valid_from = None
        if valid_from is None:
            errors.append(_say("적용일을 적으십시오 (예: 2023-01-01).", "Give the first day (e.g. 2023-01-01)."))
        raw_min = (request.POST.get("minimum") or "").strip().replace(",", "")
        minimum: Any = None
        if raw_min:
            try:
                minimum = Decimal(raw_min)
            except InvalidOperation:
                errors.append(_say("기준값이 숫자가 아닙니다.", "The standard is not a number."))
        if not errors and valid_from is not None:
            try:
                with change_context("web"):
                    indicator_version_add(actor=request.user, indicator=item, valid_from=valid_from,
                                          definition=definition, applies_to=request.POST.getlist("applies_to"),
                                          minimum=minimum, reason=(request.POST.get("reason") or "")[:500])
            except ServiceError as exc:
                errors += [p.text(_lang()) for p in exc.problems]
            else:
                messages.success(request, _say("새 정의를 더했습니다. 그 적용일 이후의 산출부터 쓰입니다.",
                                               "The new version is added; runs from its first day use it."))
                return redirect("web:outcomes:indicator", item.code)
    lang = _lang()
    rows = [{"version": v, "words": _words(v), "types": ind.type_words(list(v.applies_to or []), lang),
             "standard": _standard(v)} for v in versions]
    for v in versions:
        v.indicator = item
    latest = versions[0] if versions else None
    return render(request, "outcomes/indicator.html", {
        "item": item, "name": _name(item), "rows": rows, "may_change": may_change and kind is not None,
        "errors": errors, "fields": _fields(kind, latest.definition) if kind and latest else [],
        "types": [(c, ind.type_words([c], lang), c in (latest.applies_to or [])) for c in ind._TYPE_WORDS]
        if latest else [], "minimum": "" if latest is None or latest.minimum is None else latest.minimum.normalize(),
        "next_day": max(timezone.localdate(), latest.valid_from + dt.timedelta(days=1)) if latest else timezone.localdate()})
