"""The council's pages of issue 18 §6 (slice "history"): every program's grade over five years, one program's
outcomes beside its counts over five years with the grade history and the estimated effect, and the five years as
a workbook. Every role that reads outcomes (`view_outcomes`) reads them, for the programs it may see."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from openpyxl import Workbook
from openpyxl.styles import Font

from iljari.access.decorators import gate
from iljari.core.http import file_response
from iljari.core.spreadsheets import append_row, sheet_layout
from iljari.programs.models import Program

from . import grades as g
from . import history as h
from .effect import COVARIATES, effect_words, program_effect
from .grade_views import _type_words, shown_rate
from .models import Grade
from .views import _label, _lang, _say

PER_PAGE = 50


def _to(request: HttpRequest) -> int | None:
    try:
        year = int(request.GET.get("to") or 0)
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def _programs(request: HttpRequest, years: list[int]) -> tuple[QuerySet[Program], dict[str, Any]]:
    """The programs the user may see that were graded in one of the years, narrowed by type and name (`every`:
    before the narrowing, for the type menu)."""
    runs = h.runs_by_year(request.user, years)
    graded = Grade.objects.filter(run__in=list(runs.values())).values("program_id")
    every = (Program.objects.restrict(request.user, "view").filter(pk__in=graded)
             .select_related("owner_org", "job_type", "subtype").order_by("owner_org__path", "code"))
    qs = every
    job_type = (request.GET.get("type") or "")[:40]
    if job_type:
        qs = qs.filter(Q(job_type__code=job_type) | Q(subtype__code=job_type))
    q = (request.GET.get("q") or "").strip()[:100].replace("\x00", "")
    if q:
        qs = qs.filter(Q(name_ko__icontains=q) | Q(name_en__icontains=q) | Q(code__iexact=q))
    return qs, {"type": job_type, "q": q, "runs": runs, "every": every}


def _types(qs: QuerySet[Program]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for p in qs.order_by():
        if p.job_type is None:
            continue
        seen.setdefault(p.job_type.code, _label(p.job_type))
        if p.subtype is not None:
            seen.setdefault(p.subtype.code, f"{_label(p.job_type)} · {_label(p.subtype)}")
    return sorted(seen.items(), key=lambda kv: kv[1])


@gate("view_outcomes")
def history(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    years = h.history_years(request.user, _to(request))
    qs, f = _programs(request, years)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    runs, rows = h.history_rows(request.user, list(page), years, lang)
    heads = [(y, h.run_words(runs.get(y), lang)) for y in years]
    return render(request, "outcomes/history.html", {
        "years": years, "heads": heads, "rows": rows, "page": page, "type": f["type"], "q": f["q"],
        "types": _types(f["every"]), "to": years[-1], "earlier": years[0] - 1, "later": years[-1] + 1,
        "query": request.GET.urlencode()})


def _records_stamp() -> tuple[Any, ...]:
    """What the estimate reads, as a stamp: any record added, changed (a new id) or removed changes it."""
    from iljari.people.models import BenefitRecord, Person

    from .models import EmploymentEpisode

    return tuple(v for m in (Person, BenefitRecord, EmploymentEpisode)
                 for v in m.objects.aggregate(n=Count("pk"), last=Max("pk")).values())


def _cached_effect(program: Program, year: int, as_of: Any) -> Any:
    """`program_effect`, kept for an hour while the registry, the benefit records and the episodes are unchanged
    (about a second to compute on the demo's 150,000 people; a page opened again reads it back)."""
    key = "outcomes:effect:" + hashlib.sha256(repr((program.pk, year, as_of, _records_stamp())).encode()).hexdigest()
    e = cache.get(key)
    if e is None:
        e = program_effect(program, year, as_of=as_of)
        cache.set(key, e, 3600)
    return e


def _effect(program: Program, latest: Any, lang: str) -> dict[str, Any] | None:
    """The estimate for the newest year with a run, on that run's day (the same day its figures were read)."""
    if latest is None:
        return None
    e = _cached_effect(program, latest.year, latest.as_of)
    order = {c: i for i, c in enumerate(COVARIATES)}  # the covariates in their order, levels by their name
    ranked = sorted(e.balance, key=lambda b: (order.get(b.covariate, 99), b.label_en if lang == "en" else b.label_ko))
    balance = [{"label": b.label_en if lang == "en" else b.label_ko, "before": f"{b.before:+.2f}",
                "after": "-" if b.after is None else f"{b.after:+.2f}",
                "off": b.after is not None and abs(b.after) > 0.1} for b in ranked]
    rates = None
    if e.ok:
        rates = {"treated": f"{e.treated_rate_pct:.1f}%", "comparison": f"{e.comparison_rate_pct:.1f}%",
                 "raw_treated": f"{e.raw_treated_rate_pct:.1f}%", "raw_pool": f"{e.raw_pool_rate_pct:.1f}%",
                 "raw_difference": f"{e.raw_difference_pp:+.1f}%p" if lang != "en"
                 else f"{e.raw_difference_pp:+.1f} pp"}
    return {"estimate": e, "words": effect_words(e, lang), "year": latest.year, "as_of": latest.as_of,
            "balance": balance, "rates": rates, "significant": e.significant}


@gate("view_outcomes")
def program_outcomes(request: HttpRequest, code: str) -> HttpResponse:
    program = (Program.objects.restrict(request.user, "view").filter(code=code[:40])
               .select_related("owner_org", "job_type", "subtype").first())
    if program is None:
        raise Http404
    lang = _lang()
    years = h.history_years(request.user, _to(request))
    story = h.program_history(request.user, program, years, lang)
    groups: list[tuple[str, list[h.Line]]] = []
    for line in story.lines:
        if not groups or groups[-1][0] != line.group:
            groups.append((line.group, []))
        groups[-1][1].append(line)
    return render(request, "outcomes/program.html", {
        "program": program, "type": _type_words(program), "story": story, "groups": groups,
        "heads": [(y, h.run_words(story.runs.get(y), lang)) for y in years], "to": years[-1],
        "earlier": years[0] - 1, "later": years[-1] + 1, "effect": _effect(program, story.latest, lang)})


@gate("view_outcomes")
def history_xlsx(request: HttpRequest) -> HttpResponse:
    """Five years of every program's grade and headline figures: one row per program, for each year its
    achievement, execution, 6-month employment share, score and grade; numbers as numbers, no formula."""
    lang = _lang()
    years = h.history_years(request.user, _to(request))
    qs, _f = _programs(request, years)
    wb = Workbook()
    ws = wb.active
    ws.title = _say("성과 이력", "Outcome history")
    append_row(ws, [_say(f"일자리 사업 성과 이력 {years[0]}~{years[-1]}년",
                         f"Job programs' outcomes {years[0]}-{years[-1]}")])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, [])
    head: list[Any] = [_say("사업 코드", "Program code"), _say("사업명", "Program"), _say("유형", "Type"),
                       _say("소관 부서", "Owner office")]
    for y in years:
        head += [_say(f"{y} 달성률(%)", f"{y} achievement (%)"), _say(f"{y} 집행률(%)", f"{y} execution (%)"),
                 _say(f"{y} 6개월 내 취업률(%)", f"{y} employed within 6 months (%)"),
                 _say(f"{y} 점수", f"{y} score"), _say(f"{y} 등급", f"{y} grade")]
    append_row(ws, head)
    for c in ws[3]:
        c.font = Font(bold=True)
    programs = list(qs)
    for start in range(0, len(programs), 500):
        chunk = programs[start:start + 500]
        _runs, table, rounding = h.history_table(request.user, chunk, years)
        for p in chunk:
            name = (p.name_en or p.name_ko) if lang == "en" else p.name_ko
            org = (p.owner_org.name_en or p.owner_org.name_ko) if lang == "en" else p.owner_org.name_ko
            cells: list[Any] = [p.code, name, _type_words(p), org]
            for y in years:
                t = table[(p.pk, y)]
                x = t.grade
                cells += [shown_rate(t.achievement, rounding), shown_rate(t.execution, rounding), shown_rate(t.employed),
                          None if x is None or x.score is None else float(x.score),
                          g.grade_words(x.grade, lang) if x else None]
            append_row(ws, cells)
    sheet_layout(ws, head_row=3, frozen_columns=2, widths=[18, 36, 20, 20],
                 formats=[None] * 4 + ["0.0", "0.0", "0.0", "0.0", None] * len(years))
    buf = io.BytesIO()
    wb.save(buf)
    return file_response(buf.getvalue(), "xlsx", _say(f"성과이력-{years[0]}-{years[-1]}",
                                                      f"outcome-history-{years[0]}-{years[-1]}"))
