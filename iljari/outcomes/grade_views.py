"""Grade pages (issue 18 §4, slice "grades" of the outcome pages): a run's grades, the sunset review list, the
proposed cut's form, the evaluation report as xlsx.

Who: every role that reads outcomes reads a published run's grades (the council); a draft's and grading it are
the portfolio office's (`run_outcomes`), as is the proposed cut. Programs are those the user may see."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.http import file_response
from iljari.core.numbers import Rounding, percent_value
from iljari.core.spreadsheets import append_row, sheet_layout

from . import grades as g
from .grading import grade_cut_set, grades_compute, run_grades
from .models import Grade, OutcomeRun
from .runs import run_or_404, run_versions
from .views import _label as code_label
from .views import _lang, _say, _standard, _status

PER_PAGE = 50


def _run(request: HttpRequest, run_id: int) -> OutcomeRun:
    try:
        return run_or_404(request.user, run_id)
    except ServiceError:
        raise Http404 from None


def _grade_words(grade: str) -> str:
    return g.grade_words(grade, _lang())


def _type_words(p: Any) -> str:
    if p.subtype_id:
        return f"{code_label(p.job_type)} · {code_label(p.subtype)}"
    return code_label(p.job_type) if p.job_type_id else "-"


def _cut(x: Decimal | None) -> str:
    return "-" if x is None else f"{x.normalize():f}%"


def _row(run: OutcomeRun, x: Grade) -> dict[str, Any]:
    reasons = x.reasons.get(_lang()) or x.reasons.get("ko") or []
    # an ungraded program's first reason says why; a graded one's shortfalls come first
    below = [] if not x.grade else [r for r in reasons if r.startswith(("최소 기준 미달", "Below the minimum"))]
    return {"grade": x, "program": x.program, "type": _type_words(x.program),
            "score": "-" if x.score is None else f"{x.score:.1f}", "words": _grade_words(x.grade),
            "summary": (below or reasons)[:1 if not x.grade else 2],
            "more": max(0, len(below or reasons) - (1 if not x.grade else 2)), "reasons": reasons,
            "cut_reason": x.cut_reason,
            "cut": _cut(x.proposed_cut_percent),
            "sunset": g.sunset_words(x.sunset_reason, _lang()),
            "figures": reverse("web:outcomes:run", args=[run.pk]) + f"?q={x.program.code}"}


def _list(request: HttpRequest, run_id: int, sunset: bool) -> HttpResponse:
    run = _run(request, run_id)
    qs = run_grades(request.user, run)
    if sunset:
        qs = qs.filter(sunset=True)
    grade = request.GET.get("grade", "")
    if grade in g.GRADE_WORDS:
        qs = qs.filter(grade=grade)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    counts = {k: 0 for k in g.GRADE_WORDS}
    listed = run_grades(request.user, run)
    if sunset:
        listed = listed.filter(sunset=True)  # the bands count what this list holds
    for k in listed.values_list("grade", flat=True):
        if k in counts:
            counts[k] += 1
    scheme = Grade.objects.filter(run=run).select_related("scheme").first()
    data = scheme.scheme.data if scheme else {}
    may_run = policy.allows(request.user, "run_outcomes")
    return render(request, "outcomes/grades.html", {
        "run": run, "status": _status(run), "page": page, "rows": [_row(run, x) for x in page], "sunset": sunset,
        "grade": grade, "bands": [(k, _grade_words(k), counts[k]) for k in g.GRADE_WORDS],
        "may_grade": may_run and run.status == OutcomeRun.Status.DRAFT, "may_cut": may_run,
        "floor": data.get("sunset_floor"), "coverage": data.get("min_coverage"),
        "scheme_from": scheme.scheme.valid_from if scheme else None})


@gate("view_outcomes")
def grades(request: HttpRequest, run_id: int) -> HttpResponse:
    return _list(request, run_id, sunset=False)


@gate("view_outcomes")
def sunset(request: HttpRequest, run_id: int) -> HttpResponse:
    return _list(request, run_id, sunset=True)


@gate("run_outcomes", methods=("POST",))
def grades_compute_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        with change_context("web"):
            n = grades_compute(actor=request.user, run=run)
    except ServiceError as exc:
        messages.error(request, exc.text(_lang()))
    else:
        messages.success(request, _say(f"{n:,}개 사업의 등급을 매겼습니다.", f"Graded {n:,} programs."))
    return redirect("web:outcomes:grades", run.pk)


@gate("view_outcomes", methods=("GET", "HEAD", "POST"))
def grade_cut(request: HttpRequest, run_id: int, code: str) -> HttpResponse:
    if not policy.allows(request.user, "run_outcomes"):
        raise PermissionDenied
    run = _run(request, run_id)
    grade = run_grades(request.user, run).filter(program__code=code).first()
    if grade is None:
        raise Http404
    errors: list[str] = []
    conflict = False
    value = "" if grade.proposed_cut_percent is None else f"{grade.proposed_cut_percent.normalize():f}"
    reason = ""
    if request.method == "POST":
        value = (request.POST.get("proposed_cut_percent") or "").strip()[:20]
        reason = (request.POST.get("reason") or "").strip()[:1000]
        try:
            version = int(request.POST.get("version") or 0) or None
        except ValueError:
            version = None
        try:
            with change_context("web"):
                grade_cut_set(actor=request.user, grade=grade, percent=value, reason=reason, version=version)
        except ServiceError as exc:
            errors = [p.text(_lang()) for p in exc.problems]
            conflict = isinstance(exc, ConflictError)
            grade.refresh_from_db()  # a later save shows what is stored now, and is checked against it
        else:
            messages.success(request, _say("감액 제안을 바꾸었습니다.", "The proposed cut is changed."))
            return redirect("web:outcomes:grades", run.pk)
    return render(request, "outcomes/grade_cut.html", {
        "run": run, "status": _status(run), "row": _row(run, grade), "errors": errors, "value": value,
        "reason": reason, "conflict": conflict, "saved_reason": grade.cut_reason})


_FORMATS = {"percent": "0.0", "won": "#,##0", "count": "#,##0"}


def shown_rate(x: Any, rounding: Rounding = Rounding.HALF_UP) -> float | None:
    """A rate as a workbook's number, rounded to one place by the unit's rounding as the pages show it."""
    shown = None if x is None else percent_value(Decimal(x), rounding)
    return None if shown is None else float(shown)


def _shown_number(value: Any, unit: str) -> float | int | None:
    """A figure as the pages show it, as a number: a rate to one decimal, people and won whole."""
    if value is None:
        return None
    if unit == "percent":
        return shown_rate(value)
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@gate("view_outcomes")
def grades_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    """The evaluation report: one row per program (owner office, type, each indicator's value and standard, the
    score, the grade, the proposed cut, the sunset flag); numbers as numbers, no formula."""
    run = _run(request, run_id)
    lang = _lang()
    versions = run_versions(run)
    wb = Workbook()
    ws = wb.active
    ws.title = _say("성과평가", "Evaluation")
    title = _say(f"{run.year}년 일자리 사업 성과평가 ({run.as_of:%Y-%m-%d} 기준, {_status(run)})",
                 f"{run.year} job programs evaluation (as of {run.as_of:%Y-%m-%d}, {_status(run)})")
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, [])
    head = [_say("사업 코드", "Program code"), _say("사업명", "Program"), _say("유형", "Type"),
            _say("소관 부서", "Owner office")]
    formats: list[str | None] = [None] * 4
    for v in versions:
        name = v.indicator.name_en if lang == "en" and v.indicator.name_en else v.indicator.name_ko
        unit = {"percent": "%", "count": _say("명", "people"), "won": _say("원", "won")}[v.indicator.unit]
        head += [f"{name} ({unit})", _standard(v) or _say(f"{name} 기준", f"{name} standard")]
        formats += [_FORMATS[v.indicator.unit]] * 2
    head += [_say("점수", "Score"), _say("등급", "Grade"), _say("감액 제안(%)", "Proposed cut (%)"),
             _say("감액 제안 사유", "Why this cut"), _say("일몰 검토", "Sunset review"), _say("사유", "Reasons")]
    formats += ["0.0", None, "0.0", None, None, None]
    append_row(ws, head)
    for c in ws[3]:
        c.font = Font(bold=True)
    from .models import OutcomeFigure

    qs = run_grades(request.user, run)
    figs: dict[tuple[int, int], Any] = {}
    for f in OutcomeFigure.objects.filter(run=run, program_id__in=qs.values("program_id")).values_list(
            "program_id", "indicator_version_id", "value"):
        figs[(f[0], f[1])] = f[2]
    for x in qs.iterator(chunk_size=2000):
        p = x.program
        name = (p.name_en or p.name_ko) if lang == "en" else p.name_ko
        org = x.program.owner_org
        org_name = (getattr(org, "name_en", "") or org.name_ko) if lang == "en" else org.name_ko
        cells: list[Any] = [p.code, name, _type_words(p), org_name]
        for v in versions:
            val = figs.get((p.pk, v.pk))
            applies = (p.pk, v.pk) in figs
            cells += [_shown_number(val, v.indicator.unit), _shown_number(v.minimum, v.indicator.unit) if applies
                      else None]
        cells += [None if x.score is None else float(x.score), _grade_words(x.grade),
                  None if x.proposed_cut_percent is None else float(x.proposed_cut_percent), x.cut_reason or None,
                  g.sunset_words(x.sunset_reason, lang),
                  " / ".join(x.reasons.get(lang) or [])]
        append_row(ws, cells)
    sheet_layout(ws, head_row=3, frozen_columns=2, widths=[18, 36, 20, 20], formats=formats)
    buf = io.BytesIO()
    wb.save(buf)
    draft = "" if run.status == OutcomeRun.Status.PUBLISHED else _say(f"-미공개-산출{run.pk}", f"-draft-run{run.pk}")
    return file_response(buf.getvalue(), "xlsx", _say(f"성과평가-{run.year}", f"evaluation-{run.year}") + draft)
