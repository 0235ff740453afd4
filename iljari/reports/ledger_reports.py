"""Reports computed from the ledger: the job target disclosure (일자리 목표 공시), budget execution by unit project
(단위사업별 예산 집행, seed 002) and the work report (주요업무보고, seeds 000 and 002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from iljari.core.numbers import AmountUnit, Rounding, rate
from iljari.core.periods import is_month_end, month_end
from iljari.ledger.rollup import RollupResult, RollupRow, rollup
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

from .charts import Bar, target_result_bars
from .models import ProgramNote
from .tables import AMOUNT, COUNT, PERCENT, TEXT, Report, ReportRow, ReportTable, diff

SECTIONS = [("유형별", ["job_type", "subtype"]), ("대상별", ["target_group"]), ("정책분야별", ["policy_field"])]


def _rounding(org: OrgUnit | None, rounding: str | Rounding | None) -> Rounding:
    default = Rounding.parse(org.effective_rounding()) if org else Rounding.HALF_UP
    return Rounding.parse(rounding, default)


def _label(r: RollupRow) -> str:
    return "계" if r.level == 0 else r.labels[-1]


def _rows(result: RollupResult, cells: Callable[[RollupRow], list[Any]]) -> list[ReportRow]:
    two = len(result.by) == 2
    return [ReportRow(_label(r), r.level, cells(r), subtotal=two and r.level == 1) for r in result.rows]


def scope_name(org: OrgUnit | None) -> str:
    return org.name_ko if org else "전체"


def target_disclosure(*, org: OrgUnit | None, year: int, as_of: dt.date, rounding: str | Rounding | None = None
                      ) -> Report:
    """The year's targets and budget by type, target group and policy field, beside the previous year's targets
    and results at its year end (일자리 목표 공시)."""
    rnd = _rounding(org, rounding)
    prev_end = dt.date(year - 1, 12, 31)
    report = Report(title=f"{year}년 {scope_name(org)} 일자리 목표 공시",
                    lines=[f"{year}년 목표: {as_of:%Y. %-m. %-d.} 기준 · {year - 1}년 실적: {year - 1}. 12. 31. 기준",
                           "증감 = 올해 목표 − 지난해 실적"])
    header = ["구분", "사업 수", f"{year} 목표(개)", f"{year} 예산", f"{year - 1} 목표(개)", f"{year - 1} 실적(개)",
              f"{year - 1} 달성률(%)", "증감(개)"]
    kinds = [COUNT, COUNT, AMOUNT, COUNT, COUNT, PERCENT, COUNT]
    tables = []
    for title, by in SECTIONS:
        cur = rollup(year=year, as_of=as_of, by=by, org=org, rounding=rnd)
        prev = {r.keys: r.current for r in rollup(year=year - 1, as_of=prev_end, by=by, org=org, rounding=rnd).rows}

        def cells(r: RollupRow, prev: dict[Any, Any] = prev) -> list[Any]:
            p = prev.get(r.keys)
            c = r.current
            return [c.program_count, c.target, c.budget, p.target if p else None, p.result if p else None,
                    rate(p.result, p.target) if p else None, diff(c.target, p.result if p else None)]

        note = "한 사업이 여러 대상에 해당하면 대상마다 셉니다 (계는 중복 없이 셉니다)" if by == ["target_group"] else ""
        tables.append(ReportTable(title=f"{title} 목표", header=header, kinds=kinds, rows=_rows(cur, cells),
                                  rounding=rnd, note=note, figures_key=title))
    report.sections.append({"heading": "일자리 목표", "tables": tables})
    return report


def budget_execution(*, org: OrgUnit | None, year: int, as_of: dt.date, rounding: str | Rounding | None = None,
                     unit: AmountUnit = AmountUnit.THOUSAND) -> Report:
    """Budget, commitments and expenditure of every unit project (program) by division, with 계 and 소계."""
    rnd = _rounding(org, rounding)
    res = rollup(year=year, as_of=as_of, by=["org", "program"], org=org, rounding=rnd)
    rows = _rows(res, lambda r: [r.current.budget, r.current.commitment, r.current.expenditure,
                                 r.current.execution_rate])
    table = ReportTable(title="단위사업별 예산 집행", header=["단위사업 명", "예산현액(A)", "원인행위액", "지출액(B)",
                                                         "집행률(B/A, %)"],
                        kinds=[AMOUNT, AMOUNT, AMOUNT, PERCENT], rows=rows, unit=unit, rounding=rnd,
                        figures_key="예산 집행")
    return Report(title=f"{year}년 {scope_name(org)} 단위사업별 예산 집행 현황",
                  lines=[f"{as_of:%Y. %-m. %-d.} 기준 · 집행률 {'절사' if rnd == Rounding.TRUNCATE else '반올림'}"],
                  sections=[{"heading": "", "tables": [table]}])


def last_month_end(d: dt.date) -> dt.date:
    if is_month_end(d):
        return d
    first = d.replace(day=1)
    prev = first - dt.timedelta(days=1)
    return month_end(prev.year, prev.month)


def work_report(*, org: OrgUnit, year: int, as_of: dt.date, rounding: str | Rounding | None = None,
                progress: Callable[[int, int, str], None] | None = None, max_programs: int = 30) -> Report:
    """주요업무보고 of a unit: general status (staffing, budget execution by division), job targets and results by
    type, target group and policy field (all programs), then a page per major program (주요사업: the
    `max_programs` largest by this year's budget, as seed 000 reports 30 items): overview, results, next steps."""
    from iljari.ledger.figures import program_figures, share_label
    from iljari.orgs.models import StaffingFigure

    rnd = _rounding(org, rounding)
    as_of = last_month_end(as_of)
    say = progress or (lambda done, total, what: None)
    candidates = list(Program.objects.filter(owner_org__path__startswith=org.path).values_list("pk", flat=True))
    # The unit's own figures of each program (as every table of the report): a program it carries out with another
    # district shows its share only, never the other district's.
    now = program_figures(candidates, year, as_of.month, scope=org)
    major = sorted(candidates, key=lambda pk: -(now.get(pk, {}).get("budget") or 0))[:max_programs]
    programs = list(Program.objects.filter(pk__in=major)
                    .select_related("owner_org", "job_type", "subtype", "policy_field")
                    .prefetch_related("target_groups", "implementing_orgs").order_by("owner_org__path", "code"))
    steps = 3 + len(programs)
    report = Report(title=f"{org.name_ko} 주요업무보고",
                    lines=[f"{as_of:%Y. %-m. %-d.} 기준 ({as_of.year % 100:02d}.{as_of.month}월말)",
                           f"주요사업 {len(programs)}개 (전체 {len(candidates)}개 중 올해 예산이 큰 순)"])

    # Ⅰ 일반현황: staffing and budget by division
    say(0, steps, "일반현황")
    general: list[ReportTable] = []
    staffing = StaffingFigure.latest_for(org, as_of)
    if staffing:
        general.append(staffing_table(staffing))
    else:
        general.append(ReportTable(title="인력 현황", header=["구분"], kinds=[], rows=[],
                                   note=f"{org.name_ko}의 정원·현원 자료가 등록되어 있지 않습니다"))
    divisions = rollup(year=year, as_of=as_of, by=["org"], org=org, rounding=rnd)
    general.append(ReportTable(
        title="예산 집행 현황", header=["구분", "예산현액(A)", "원인행위액", "지출액(B)", "집행률(B/A, %)"],
        kinds=[AMOUNT, AMOUNT, AMOUNT, PERCENT], rounding=rnd, figures_key="예산",
        rows=_rows(divisions, lambda r: [r.current.budget, r.current.commitment, r.current.expenditure,
                                         r.current.execution_rate])))
    report.sections.append({"heading": "Ⅰ. 일반현황", "tables": general})

    # Ⅱ 일자리 목표 및 실적
    say(1, steps, "일자리 목표 및 실적")
    header = ["구분", "목표(개)", "실적(개)", "달성률(%)", "예산", "집행액", "집행률(%)"]
    kinds = [COUNT, COUNT, PERCENT, AMOUNT, AMOUNT, PERCENT]
    tables = []
    chart = ""
    for title, by in SECTIONS:
        res = rollup(year=year, as_of=as_of, by=by, org=org, rounding=rnd)
        tables.append(ReportTable(title=f"{title} 목표 및 실적", header=header, kinds=kinds, rounding=rnd,
                                  figures_key=title, rows=_rows(res, lambda r: [
                                      r.current.target, r.current.result, r.current.achievement_rate,
                                      r.current.budget, r.current.expenditure, r.current.execution_rate])))
        if by == ["job_type", "subtype"]:
            chart = target_result_bars(f"유형별 목표 및 실적 ({as_of:%Y. %-m. %-d.} 기준)",
                                       [Bar(r.labels[-1], r.current.target, r.current.result)
                                        for r in res.rows if r.level == 2], rnd)
    report.sections.append({"heading": "Ⅱ. 일자리 목표 및 실적", "tables": tables, "chart": chart})
    report.sections.append({"heading": "Ⅲ. 주요사업", "tables": [], "list": [p.name_ko for p in programs]})

    # Ⅲ 주요업무: one page per program
    say(2, steps, "사업별 현황")
    ids = [p.pk for p in programs]
    before = program_figures(ids, year - 1, as_of.month, scope=org)
    notes = {n.program_id: n for n in ProgramNote.objects.filter(program_id__in=ids, year=year)} if ids else {}
    for i, p in enumerate(programs, start=1):
        c, b = now.get(p.pk, {}), before.get(p.pk, {})
        shared = any(not o.path.startswith(org.path) for o in p.implementing_orgs.all())
        figures = ReportTable(
            title=f"추진실적 ({share_label(org)})" if shared else "추진실적", header=["구분", "목표(개)", "실적(개)", "달성률(%)", "예산현액", "지출액", "집행률(%)"],
            kinds=kinds, rounding=rnd, figures_key=f"{p.code}",
            rows=[ReportRow(f"{y}년 ({as_of.month}월말)", 1, _figure_cells(f)) for y, f in ((year, c), (year - 1, b))])
        note = notes.get(p.pk)
        report.sections.append({
            "heading": f"{i}. {p.name_ko}", "page_break": True, "program": p, "tables": [figures],
            "overview": [("소관", p.owner_org.name_ko), ("유형", " · ".join(x.label_ko for x in (p.job_type, p.subtype) if x)),
                         ("정책분야", p.policy_field.label_ko if p.policy_field else "-"),
                         ("사업대상", ", ".join(t.label_ko for t in p.target_groups.all()) or "-"),
                         ("사업기간", f"{p.start or ''} ~ {p.end or ''}"), ("근거", p.legal_basis or "-")],
            "description": p.description,
            "achievements": note.achievements if note else "",
            "next_steps": note.next_steps if note else "",
        })
        say(2 + i, steps, p.name_ko)
    report.pages = len(programs)
    say(steps, steps, "완료")
    return report


def _figure_cells(f: dict[str, Any]) -> list[Any]:
    """목표, 실적, 달성률, 예산현액, 지출액, 집행률 of one program's month-end figures."""
    return [f.get("target"), f.get("result"), rate(f.get("result"), f.get("target")), f.get("budget"),
            f.get("expenditure"), rate(f.get("expenditure"), f.get("budget"))]


def staffing_table(figures: list[Any]) -> ReportTable:
    """인력 현황 as seed 000: 계 first, then each unit; 정원, 현원, 과부족 (△ for a shortfall) and 정원/현원 by grade."""
    grades: list[str] = []
    for f in sorted(figures, key=lambda f: f.sort_order):
        if f.grade not in grades:
            grades.append(f.grade)
    by_unit: dict[str, list[Any]] = {}
    for f in figures:
        by_unit.setdefault(f.org_unit.name_ko, []).append(f)

    def cells(fs: list[Any]) -> list[Any]:
        a, c = sum(f.authorized for f in fs), sum(f.current for f in fs)
        per = []
        for g in grades:
            gs = [f for f in fs if f.grade == g]
            per.append(f"{sum(f.authorized for f in gs)}/{sum(f.current for f in gs)}" if gs else "-")
        return [a, c, c - a, *per]

    rows = [ReportRow("계", 0, cells(figures))]
    rows += [ReportRow(name, 1, cells(fs)) for name, fs in by_unit.items()]
    return ReportTable(title="인력 현황", header=["구분", "정원", "현원", "과부족", *[f"{g} (정원/현원)" for g in grades]],
                       kinds=[COUNT, COUNT, COUNT, *[TEXT] * len(grades)], rows=rows, figures_key="인력",
                       note=f"{figures[0].as_of:%Y. %-m. %-d.} 기준" if figures else "")
