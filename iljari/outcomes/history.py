"""Five years of a program's outcomes beside its counts, and the grade history (issue 18 §6, the council's pages).

For each year: the ledger's counts (target, result, budget, expenditure, with the achievement and execution rates
as every figure page rounds them), the outcome indicators of the year's run, and the run's grade with its reasons.
The year's run is its newest published run; who may compute runs (the portfolio office) sees the newest draft
where nothing is published yet, labelled so. Everything goes through the user's restricted querysets: programs
one may `view`, runs one may read (`visible_runs`), figures of one's own unit for a local officer
(`figures_scope`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from iljari.core.numbers import format_amount, format_percent, format_quantity, rate
from iljari.programs.models import Program

from . import grades as g
from .models import Grade, Indicator, OutcomeFigure, OutcomeRun
from .runs import visible_runs
from .trace import value_words

YEARS = 5


def _say(lang: str, ko: str, en: str) -> str:
    return en if lang == "en" else ko


def history_years(user: Any, to: int | None = None) -> list[int]:
    """The five years ending at `to`, or at the newest year with a run the user may read (last year without any)."""
    if to is None:
        to = visible_runs(user).order_by("-year").values_list("year", flat=True).first() \
            or timezone.localdate().year - 1
    return list(range(to - YEARS + 1, to + 1))


def runs_by_year(user: Any, years: list[int]) -> dict[int, OutcomeRun]:
    """Each year's run: the newest published one, else (for who may read drafts) the newest draft."""
    out: dict[int, OutcomeRun] = {}
    for run in visible_runs(user).filter(year__in=years).order_by("year", "-published_at", "-as_of", "-created_at"):
        have = out.get(run.year)
        if have is None or (have.status != OutcomeRun.Status.PUBLISHED and run.status == OutcomeRun.Status.PUBLISHED):
            out[run.year] = run
    return out


def run_words(run: OutcomeRun | None, lang: str) -> str:
    if run is None:
        return _say(lang, "산출 없음", "no run")
    state = _say(lang, "확정·공개", "published") if run.status == OutcomeRun.Status.PUBLISHED \
        else _say(lang, "산출(미공개)", "draft")
    return f"{state} · {_say(lang, '기준일', 'as of')} {run.as_of:%Y-%m-%d}"


@dataclass
class Cell:
    text: str
    url: str = ""
    below: bool = False
    number: float | None = None  # for the workbook: the value as a number (None: no value)
    note: str = ""  # a line under the value
    alert: bool = False  # shown in red without "미달" (a 감액 grade)


@dataclass
class Line:
    label: str
    cells: list[Cell]
    group: str = ""


@dataclass
class ProgramHistory:
    program: Program
    years: list[int]
    runs: dict[int, OutcomeRun | None]
    lines: list[Line]
    reasons: list[tuple[int, str, list[str], str]]  # (year, grade words, reasons, proposed cut words)
    latest: OutcomeRun | None = None
    share: str = ""
    notes: list[str] = field(default_factory=list)


def _counts(user: Any, program_ids: list[int], years: list[int]) -> tuple[dict[tuple[int, int], dict[str, Any]], Any]:
    """(program, year) → target, result, budget, expenditure as of each year's end, of the user's share."""
    from iljari.ledger.figures import figures_rounding, figures_scope, program_figures

    scope = figures_scope(user)
    out: dict[tuple[int, int], dict[str, Any]] = {}
    for y in years:
        for pid, f in program_figures(program_ids, y, 12, scope=scope).items():
            out[(pid, y)] = f
    return out, (scope, figures_rounding(scope))


def _pct(n: Any, d: Any, rounding: Any) -> Cell:
    r = rate(n, d) if n is not None and d else None
    return Cell(format_percent(r, rounding), number=None if r is None else float(r))


def program_history(user: Any, program: Program, years: list[int], lang: str = "ko") -> ProgramHistory:
    """The program's five years: counts, indicators, grade, as lines of cells ready for a page or a workbook."""
    from iljari.ledger.figures import share_label

    runs = runs_by_year(user, years)
    counts, (scope, rounding) = _counts(user, [program.pk], years)
    lines: list[Line] = []
    c = [counts.get((program.pk, y), {}) for y in years]

    def amount(key: str) -> list[Cell]:
        return [Cell(format_amount(f.get(key), rounding=rounding), number=None if f.get(key) is None
                     else float(f[key])) for f in c]

    counts_group = _say(lang, "사업 실적", "Counts")
    lines += [
        Line(_say(lang, "목표", "Target"),
             [Cell(format_quantity(f.get("target")), number=None if f.get("target") is None else float(f["target"]))
              for f in c], counts_group),
        Line(_say(lang, "실적", "Result"),
             [Cell(format_quantity(f.get("result")), number=None if f.get("result") is None else float(f["result"]))
              for f in c], counts_group),
        Line(_say(lang, "달성률 (%)", "Achievement (%)"), [_pct(f.get("result"), f.get("target"), rounding) for f in c],
             counts_group),
        Line(_say(lang, "예산 (백만원)", "Budget (million won)"), amount("budget"), counts_group),
        Line(_say(lang, "집행액 (백만원)", "Spent (million won)"), amount("expenditure"), counts_group),
        Line(_say(lang, "집행률 (%)", "Execution (%)"),
             [_pct(f.get("expenditure"), f.get("budget"), rounding) for f in c], counts_group),
    ]

    figures: dict[tuple[int, str], OutcomeFigure] = {}
    run_ids = [r.pk for r in runs.values()]
    for f in (OutcomeFigure.objects.filter(run_id__in=run_ids, program=program)
              .select_related("indicator_version__indicator", "run")):
        figures[(f.run.year, f.indicator_version.indicator.code)] = f
    outcome_group = _say(lang, "성과 지표", "Outcome indicators")
    for indicator in Indicator.objects.order_by("order", "code"):
        if not any((y, indicator.code) in figures for y in years):
            continue
        cells = []
        for y in years:
            fig = figures.get((y, indicator.code))
            run = runs.get(y)
            if fig is None:
                cells.append(Cell("" if run else "-"))
                continue
            url = reverse("web:outcomes:trace", args=[run.pk, program.code, indicator.code]) if run else ""
            cells.append(Cell(value_words(fig.value, indicator.unit, lang), url, fig.meets_minimum is False,
                              None if fig.value is None else float(fig.value)))
        name = (indicator.name_en or indicator.name_ko) if lang == "en" else indicator.name_ko
        lines.append(Line(name, cells, outcome_group))

    grades = {x.run.year: x for x in Grade.objects.filter(run_id__in=run_ids, program=program).select_related("run")}
    grade_group = _say(lang, "성과 등급", "Grade")
    lines += [
        Line(_say(lang, "점수", "Score"), [Cell("-" if (x := grades.get(y)) is None or x.score is None else f"{x.score:.1f}",
                                              number=None if x is None or x.score is None else float(x.score))
                                         for y in years], grade_group),
        Line(_say(lang, "등급", "Grade"),
             [Cell(g.grade_words(x.grade, lang) if (x := grades.get(y)) else "-",
                   reverse("web:outcomes:grades", args=[x.run_id]) if x else "", alert=bool(x and x.grade == g.CUT))
              for y in years], grade_group),
        Line(_say(lang, "감액 제안", "Proposed cut"),
             [Cell("-" if (x := grades.get(y)) is None or x.proposed_cut_percent is None
                   else f"{x.proposed_cut_percent.normalize():f}%",
                   number=None if x is None or x.proposed_cut_percent is None else float(x.proposed_cut_percent))
              for y in years], grade_group),
        Line(_say(lang, "일몰 검토", "Sunset review"),
             [Cell(g.sunset_words(x.sunset_reason, lang) if (x := grades.get(y)) else "-") for y in years],
             grade_group),
    ]
    reasons = []
    for y in reversed(years):
        x = grades.get(y)
        if x is not None:
            words = x.reasons.get(lang) or x.reasons.get("ko") or []
            cut = "" if x.proposed_cut_percent is None else f"{x.proposed_cut_percent.normalize():f}%"
            if x.cut_reason:
                cut += f" ({x.cut_reason})"
            reasons.append((y, g.grade_words(x.grade, lang), words, cut))
    latest = next((runs[y] for y in reversed(years) if y in runs), None)
    return ProgramHistory(program=program, years=years, runs={y: runs.get(y) for y in years}, lines=lines,
                          reasons=reasons, latest=latest, share=share_label(scope, lang))


# --- the list: every program's grade over five years ---------------------------------------------------------


@dataclass
class ListRow:
    program: Program
    cells: list[Cell]  # one per year: the grade, with the achievement and the employment share under it


def grade_table(user: Any, programs: QuerySet[Program], years: list[int], lang: str = "ko"
                ) -> tuple[dict[int, OutcomeRun], dict[tuple[int, int], Grade], dict[tuple[int, int], Decimal | None]]:
    """The years' runs, the grades of `programs` in them, and their 6-month employment share (the headline
    outcome), keyed by (program id, year)."""
    runs = runs_by_year(user, years)
    ids = list(programs.values_list("pk", flat=True))
    grades = {(x.program_id, x.run.year): x for x in Grade.objects.restrict(user, "view")
              .filter(run__in=list(runs.values()), program_id__in=ids).select_related("run")}
    employed = {(f.program_id, f.run.year): f.value for f in OutcomeFigure.objects
                .filter(run__in=list(runs.values()), program_id__in=ids,
                        indicator_version__indicator__code="employed_within").select_related("run")}
    return runs, grades, employed


@dataclass
class YearFigures:
    achievement: Decimal | None
    execution: Decimal | None
    employed: Decimal | None  # the 6-month employment share (the headline outcome)
    grade: Grade | None


def history_table(user: Any, programs: list[Program], years: list[int]
                  ) -> tuple[dict[int, OutcomeRun], dict[tuple[int, int], YearFigures], Any]:
    """(program id, year) → the year's achievement and execution rates (the user's share, as figure pages round
    them), 6-month employment share and grade, in a few queries for any number of programs."""
    ids = [p.pk for p in programs]
    runs, grades, employed = grade_table(user, Program.objects.filter(pk__in=ids), years)
    counts, (_scope, rounding) = _counts(user, ids, years)
    out = {}
    for pid in ids:
        for y in years:
            f = counts.get((pid, y), {})
            ach = rate(f.get("result"), f.get("target")) if f.get("result") is not None and f.get("target") else None
            exe = rate(f.get("expenditure"), f.get("budget")) \
                if f.get("expenditure") is not None and f.get("budget") else None
            out[(pid, y)] = YearFigures(ach, exe, employed.get((pid, y)), grades.get((pid, y)))
    return runs, out, rounding


def history_rows(user: Any, programs: list[Program], years: list[int], lang: str = "ko"
                 ) -> tuple[dict[int, OutcomeRun], list[ListRow]]:
    """One row per program: each year's grade (linked to that run's grades), with the year's achievement rate and
    6-month employment share in words under it."""
    runs, table, rounding = history_table(user, programs, years)
    rows = []
    for p in programs:
        cells = []
        for y in years:
            t = table[(p.pk, y)]
            x = t.grade
            bits = []
            if t.achievement is not None:
                bits.append(_say(lang, "달성 ", "achieved ") + format_percent(t.achievement, rounding) + "%")
            if t.employed is not None:
                bits.append(_say(lang, "취업 ", "employed ") + value_words(t.employed, "percent", lang))
            cells.append(Cell(g.grade_words(x.grade, lang) if x else "-",
                              reverse("web:outcomes:grades", args=[x.run_id]) if x else "",
                              number=None if x is None or x.score is None else float(x.score),
                              note=" · ".join(bits), alert=bool(x and x.grade == g.CUT)))
        rows.append(ListRow(p, cells))
    return runs, rows
