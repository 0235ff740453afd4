"""A job plan as it reads: the headline targets, the job targets by type (the ledger's where it has them, the
officer's where it has none), what is missing before it may be published, and the plan as a report (page, PDF,
xlsx and the frozen public edition all come from it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from iljari.core.errors import ErrorCode, Problem
from iljari.core.korean import josa
from iljari.core.labels import name_in_language
from iljari.core.numbers import NONE_MARK, Rounding
from iljari.ledger.rollup import rollup

from ..tables import AMOUNT, COUNT, TEXT, WORDS, Report, ReportRow, ReportTable
from .categories import CATEGORIES, INDICATORS, Category, Indicator, category_of
from .models import JobPlan
from .words import change_text, day, english, ordinal, say, value_text

OTHER = "other"  # the ledger's programs of no disclosure type (민간지원, 공사인력)
LEDGER, TYPED = "ledger", "typed"


@dataclass
class Cell:
    """A type's target (jobs) and budget (won) in a year, and where each comes from (ledger / typed / none)."""

    target: int | None = None
    budget: int | None = None
    programs: int = 0
    target_from: str = ""
    budget_from: str = ""

    def add(self, target: int | None, budget: int | None, programs: int) -> None:
        if target is not None:
            self.target = (self.target or 0) + target
            self.target_from = LEDGER
        if budget is not None:
            self.budget = (self.budget or 0) + budget
            self.budget_from = LEDGER
        self.programs += programs


@dataclass
class TypeRow:
    code: str  # a category's code or OTHER
    label: str
    cells: dict[int, Cell]
    category: Category | None = None
    not_applicable: bool = False
    note: str = ""

    @property
    def origins(self) -> set[str]:
        return {o for c in self.cells.values() for o in (c.target_from, c.budget_from) if o}

    def total(self) -> Cell:
        out = Cell()
        for c in self.cells.values():
            if c.target is not None:
                out.target = (out.target or 0) + c.target
            if c.budget is not None:
                out.budget = (out.budget or 0) + c.budget
            out.programs += c.programs
        return out


@dataclass
class HeadlineRow:
    indicator: Indicator
    required: bool
    base_year: int | None = None
    base_value: Decimal | None = None
    target_year: int = 0
    target_value: Decimal | None = None
    source: str = ""
    source_date: dt.date | None = None

    @property
    def label(self) -> str:
        return say(self.indicator.ko, self.indicator.en)

    @property
    def entered(self) -> bool:
        return any(v not in (None, "") for v in (self.base_year, self.base_value, self.target_value, self.source))


@dataclass
class PlanView:
    plan: JobPlan
    as_of: dt.date
    headlines: list[HeadlineRow]
    types: list[TypeRow]  # the seven types, then OTHER when the ledger has any
    blockers: list[Problem] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return self.plan.years


def ledger_cells(plan: JobPlan, as_of: dt.date) -> tuple[dict[tuple[str, int], Cell], list[str]]:
    """The ledger's targets and budgets of the plan's unit by disclosure type and year, as of the day (years that
    have not begun by then have none), and the names of the subtypes gathered in OTHER (programs of no type)."""
    out: dict[tuple[str, int], Cell] = {}
    others: list[str] = []
    for year in plan.years:
        if as_of < dt.date(year, 1, 1):
            continue
        res = rollup(year=year, as_of=as_of, by=["job_type", "subtype"], org=plan.org)
        for r in res.rows:
            if r.level != 2:
                continue
            c = r.current
            if c.target is None and c.budget is None:
                continue
            code = category_of(r.keys[0], r.keys[1]) or OTHER
            out.setdefault((code, year), Cell()).add(c.target, c.budget, c.program_count)
            if code == OTHER:
                others.append((r.labels_en[-1] if english() and r.labels_en else "") or r.labels[-1])
    return out, list(dict.fromkeys(others))


def plan_view(plan: JobPlan, as_of: dt.date | None = None) -> PlanView:
    """The plan as of a day (its own 자료 기준일 unless another is given), with what is missing."""
    as_of = as_of or plan.as_of
    ledger, other_labels = ledger_cells(plan, as_of)
    saved_headlines = {h.indicator: h for h in plan.headlines.all()}
    headlines = []
    for ind in INDICATORS:
        h = saved_headlines.get(ind.code)
        row = HeadlineRow(indicator=ind, required=plan.is_city or not ind.city_only, target_year=plan.last_year)
        if h is not None:
            row.base_year, row.base_value, row.target_value = h.base_year, h.base_value, h.target_value
            row.source, row.source_date = h.source, h.source_date
        headlines.append(row)
    notes = {c.category: c for c in plan.categories.all()}
    typed = {(f.category, f.year): f for f in plan.type_figures.all()}
    types = []
    for cat in CATEGORIES:
        cells = {}
        for y in plan.years:
            cell = Cell(**vars(ledger[(cat.code, y)])) if (cat.code, y) in ledger else Cell()
            f = typed.get((cat.code, y))
            if f is not None and cell.target is None and f.target is not None:
                cell.target, cell.target_from = f.target, TYPED
            if f is not None and cell.budget is None and f.budget is not None:
                cell.budget, cell.budget_from = f.budget, TYPED
            cells[y] = cell
        n = notes.get(cat.code)
        types.append(TypeRow(cat.code, say(cat.ko, cat.en), cells, category=cat,
                             not_applicable=bool(n and n.not_applicable), note=n.note if n else ""))
    if any(code == OTHER for code, _y in ledger):
        names = ", ".join(other_labels)
        label = say(f"그 밖의 일자리 사업({names})", f"Other job programs ({names})") if names \
            else say("그 밖의 일자리 사업", "Other job programs")
        types.append(TypeRow(OTHER, label, {y: ledger.get((OTHER, y), Cell()) for y in plan.years}))
    view = PlanView(plan=plan, as_of=as_of, headlines=headlines, types=types)
    view.blockers = plan_blockers(view)
    return view


def plan_blockers(view: PlanView) -> list[Problem]:
    """Every mandatory item that is missing, each named in Korean and English (the publish button waits for none)."""
    plan = view.plan
    out: list[Problem] = []

    def missing(field_: str, ko: str, en: str) -> None:
        out.append(Problem(ErrorCode.REQUIRED, ko, en, field=field_))

    if not plan.direction.strip():
        missing("direction", "일자리 대책 추진 방향이 없습니다", "The direction of the job measures is missing")
    for h in view.headlines:
        if not h.required:
            continue
        ind = h.indicator
        parts = []  # (field, Korean, English) of each missing part
        if h.target_value is None:
            parts.append(("target_value", f"{plan.last_year}년 목표", f"the {plan.last_year} target"))
        if h.base_year is None or h.base_value is None:
            parts.append(("base_value", "기준연도 값", "the base-year value"))
        if not h.source.strip():
            parts.append(("source", "출처(예: 통계청 경제활동인구조사)",
                          "the source (e.g. Statistics Korea's economically active population survey)"))
        if parts:
            ko = ", ".join(p[1] for p in parts)
            en = ", ".join(p[2] for p in parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1][2]
            missing(f"headline.{ind.code}.{parts[0][0]}", f"{ind.ko}: {josa(ko, '이')} 없습니다",
                    f"{ind.en}: {en} {'are' if len(parts) > 1 else 'is'} missing")
    for t in view.types:
        if t.category is None:
            continue
        cat, key = t.category, f"types.{t.code}"
        if t.not_applicable:
            if any(c.target_from == LEDGER or c.budget_from == LEDGER for c in t.cells.values()):
                out.append(Problem(ErrorCode.INVALID, f"{josa(cat.ko, '을')} '해당 없음'으로 표시했지만 일자리사업 자료에 "
                                   "목표나 예산이 있습니다", f"{cat.en} is marked not applicable, but the programs' "
                                   f"figures have a target or budget for it", field=key))
            continue
        for y, c in t.cells.items():
            if c.target is None:
                missing(f"{key}.{y}.target", f"{cat.ko}: {y}년 일자리 목표가 없습니다 (사업이 없으면 '해당 없음'으로 표시)",
                        f"{cat.en}: the {y} job target is missing (mark it not applicable if there is no such "
                        "program)")
    return out


# --- the plan as a report ---------------------------------------------------------------------------------------

def plan_title(plan: JobPlan) -> str:
    org = name_in_language(plan.org)
    if plan.kind == JobPlan.Kind.ANNUAL:
        return say(f"{plan.first_year}년 {org} 일자리 대책 연차별 세부계획",
                   f"{org} annual detailed job plan {plan.first_year}")
    return say(f"민선 {plan.term}기 {org} 지역일자리 종합계획({plan.first_year}~{plan.last_year})",
               f"{org} comprehensive job plan of the {ordinal(plan.term)} elected term "
               f"({plan.first_year}-{plan.last_year})")


def _origin(t: TypeRow) -> str:
    if t.not_applicable:
        return say("해당 없음", "Not applicable")
    words = {LEDGER: say("일자리사업 자료", "Program ledger"), TYPED: say("담당자 입력", "Entered by officer")}
    found = [words[o] for o in (LEDGER, TYPED) if o in t.origins]
    return "·".join(found) if found else NONE_MARK


def plan_report(view: PlanView, rounding: Rounding = Rounding.HALF_UP) -> Report:
    plan = view.plan
    report = Report(title=plan_title(plan), lines=[
        say("지역 일자리 목표 공시제(고용정책 기본법)", "Regional job target disclosure (Framework Act on Employment Policy)"),
        say(f"민선 {plan.term}기 · 자료 기준일 {day(view.as_of)} · 공시 기한 {day(plan.due)}",
            f"{ordinal(plan.term)} elected term · figures as of {day(view.as_of)} · due {day(plan.due)}")])
    report.sections.append({"heading": say("Ⅰ. 일자리 대책 추진 방향", "I. Direction of the job measures"),
                            "text": plan.direction.strip() or NONE_MARK, "tables": []})

    # Ⅱ 주요 고용 목표: typed figures with their source
    rows = []
    for h in view.headlines:
        if not h.required and not h.entered:
            continue
        source = h.source.strip() or NONE_MARK
        if h.source_date:
            source += f" ({day(h.source_date)})"
        rows.append(ReportRow(h.label, 1, [
            f"{h.base_year}" if h.base_year else NONE_MARK, value_text(h.base_value, h.indicator.unit, rounding),
            f"{h.target_year}", value_text(h.target_value, h.indicator.unit, rounding),
            change_text(h.base_value, h.target_value, h.indicator.unit, rounding), source]))
    headline = ReportTable(
        title=say("가. 주요 고용 목표", "A. Headline employment targets"),
        header=[say("구분", "Item"), say("기준연도", "Base year"), say("기준값", "Base value"),
                say("목표연도", "Target year"), say("목표", "Target"), say("증감", "Change"), say("출처", "Source")],
        kinds=[TEXT] * 5 + [WORDS], rows=rows, rounding=rounding, figures_key="주요 고용 목표",
        note=say("고용률은 15~64세 인구 중 취업자의 비율(%)입니다",
                 "The employment rate is the share (%) of people aged 15-64 who are employed; pp: percentage "
                 "points"))

    # Ⅲ 유형별 일자리 목표
    annual = len(view.years) == 1
    total = TypeRow("total", say("계", "Total"), {y: Cell() for y in view.years})
    for t in view.types:
        for y, c in t.cells.items():
            tc = total.cells[y]
            if c.target is not None:
                tc.target = (tc.target or 0) + c.target
            if c.budget is not None:
                tc.budget = (tc.budget or 0) + c.budget
            tc.programs += c.programs
    if annual:
        y = view.years[0]
        header = [say("구분", "Item"), say("사업 수", "Programs"), say("일자리 목표(개)", "Job target (jobs)"),
                  say("예산", "Budget"), say("근거", "Figures from"), say("비고", "Note")]
        kinds = [COUNT, COUNT, AMOUNT, WORDS, WORDS]

        def cells(t: TypeRow) -> list[Any]:
            c = t.cells[y]
            return [c.programs or None, c.target, c.budget, _origin(t) if t.code != "total" else "",
                    t.note or ""]
    else:
        header = [say("구분", "Item")]
        kinds = []
        for y in view.years:
            header += [say(f"{y} 목표(개)", f"{y} target (jobs)"), say(f"{y} 예산", f"{y} budget")]
            kinds += [COUNT, AMOUNT]
        header += [say("임기 계 목표(개)", "Term target (jobs)"), say("임기 계 예산", "Term budget"),
                   say("근거", "Figures from"), say("비고", "Note")]
        kinds += [COUNT, AMOUNT, WORDS, WORDS]

        def cells(t: TypeRow) -> list[Any]:
            out: list[Any] = []
            for y in view.years:
                out += [t.cells[y].target, t.cells[y].budget]
            whole = t.total()
            return [*out, whole.target, whole.budget, _origin(t) if t.code != "total" else "", t.note or ""]

    type_rows = [ReportRow(total.label, 0, cells(total))]
    type_rows += [ReportRow(t.label, 1, cells(t)) for t in view.types]
    types = ReportTable(
        title=say("나. 유형별 일자리 목표", "B. Job targets by type"), header=header, kinds=kinds, rows=type_rows,
        rounding=rounding, figures_key="유형별 일자리 목표",
        note=say(f"일자리사업 자료: 사업 등록부의 유형·세부유형별 목표와 예산현액({day(view.as_of)} 현재). "
                 "민간지원·공사인력은 공시 유형에 없어 '그 밖의 일자리 사업'으로 적습니다. '-'는 값이 없음(비예산 포함)입니다",
                 f"Program ledger: the targets and budgets of the registry's programs by type and subtype (as of "
                 f"{day(view.as_of)}). Private-sector support and construction labour are no type of the disclosure "
                 "and are shown as other job programs. '-' means no value (including programs without a budget)"))
    report.sections.append({"heading": say("Ⅱ. 일자리 목표", "II. Job targets"), "tables": [headline, types]})
    return report
