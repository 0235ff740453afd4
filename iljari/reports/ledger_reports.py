"""Reports computed from the ledger: the job target disclosure (일자리 목표 공시), budget execution by unit project
(단위사업별 예산 집행, seed 002) and the work report (주요업무보고, seeds 000 and 002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from iljari.core.labels import name_in_language
from iljari.core.numbers import AmountUnit, Rounding, rate
from iljari.core.periods import is_month_end, month_end
from iljari.ledger.rollup import RollupResult, RollupRow, rollup
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

from .charts import Bar, target_result_bars
from .models import ProgramNote
from .tables import AMOUNT, COUNT, PERCENT, TEXT, Report, ReportRow, ReportTable, diff

# (key of the published figures, title in the page's language, dimensions). Reports are written in the language
# active when they are built: the page's; published editions and background files in Korean (services, jobs).
SECTIONS = [("유형별", gettext_lazy("By type"), ["job_type", "subtype"]),
            ("대상별", gettext_lazy("By target group"), ["target_group"]),
            ("정책분야별", gettext_lazy("By policy field"), ["policy_field"])]


def _english() -> bool:
    return (get_language() or "ko").startswith("en")


def _date(d: dt.date) -> str:
    return f"{d:%Y. %-m. %-d.}"


def _labels_of(codes: Any) -> str:
    return ", ".join(name_in_language(c) for c in codes)


def _rounding(org: OrgUnit | None, rounding: str | Rounding | None) -> Rounding:
    default = Rounding.parse(org.effective_rounding()) if org else Rounding.HALF_UP
    return Rounding.parse(rounding, default)


def _label(r: RollupRow) -> str:
    if r.level == 0:
        return _("Total")
    return (r.labels_en[-1] or r.labels[-1]) if _english() and r.labels_en else r.labels[-1]


def _rows(result: RollupResult, cells: Callable[[RollupRow], list[Any]]) -> list[ReportRow]:
    two = len(result.by) == 2
    return [ReportRow(_label(r), r.level, cells(r), subtotal=two and r.level == 1) for r in result.rows]


def scope_name(org: OrgUnit | None) -> str:
    return name_in_language(org) if org else _("All")


def target_disclosure(*, org: OrgUnit | None, year: int, as_of: dt.date, rounding: str | Rounding | None = None
                      ) -> Report:
    """The year's targets and budget by type, target group and policy field, beside the previous year's targets
    and results at its year end (일자리 목표 공시)."""
    rnd = _rounding(org, rounding)
    prev_end = dt.date(year - 1, 12, 31)
    y = {"year": year, "prev": year - 1}
    report = Report(title=_("%(year)s %(scope)s job target disclosure") % {"year": year, "scope": scope_name(org)},
                    lines=[_("%(year)s targets as of %(date)s · %(prev)s results as of %(prev)s. 12. 31.")
                           % {**y, "date": _date(as_of)},
                           _("Change = this year's target − last year's result")])
    header = [_("Item"), _("Number of programs"), _("%(year)s target (jobs)") % y, _("%(year)s budget") % y,
              _("%(year)s target (jobs)") % {"year": year - 1}, _("%(prev)s result (jobs)") % y,
              _("%(prev)s achievement (%%)") % y, _("Change (jobs)")]
    kinds = [COUNT, COUNT, AMOUNT, COUNT, COUNT, PERCENT, COUNT]
    tables = []
    for key, title, by in SECTIONS:
        cur = rollup(year=year, as_of=as_of, by=by, org=org, rounding=rnd)
        prev = {r.keys: r.current for r in rollup(year=year - 1, as_of=prev_end, by=by, org=org, rounding=rnd).rows}

        def cells(r: RollupRow, prev: dict[Any, Any] = prev) -> list[Any]:
            p = prev.get(r.keys)
            c = r.current
            return [c.program_count, c.target, c.budget, p.target if p else None, p.result if p else None,
                    rate(p.result, p.target) if p else None, diff(c.target, p.result if p else None)]

        note = _("A program serving several target groups is counted in each (the total counts it once)") \
            if by == ["target_group"] else ""
        tables.append(ReportTable(title=_("Targets %(by)s") % {"by": title}, header=header, kinds=kinds,
                                  rows=_rows(cur, cells), rounding=rnd, note=note, figures_key=key))
    report.sections.append({"heading": _("Job targets"), "tables": tables})
    return report


def budget_execution(*, org: OrgUnit | None, year: int, as_of: dt.date, rounding: str | Rounding | None = None,
                     unit: AmountUnit = AmountUnit.THOUSAND) -> Report:
    """Budget, commitments and expenditure of every unit project (program) by division, with 계 and 소계."""
    rnd = _rounding(org, rounding)
    res = rollup(year=year, as_of=as_of, by=["org", "program"], org=org, rounding=rnd)
    rows = _rows(res, lambda r: [r.current.budget, r.current.commitment, r.current.expenditure,
                                 r.current.execution_rate])
    table = ReportTable(title=_("Budget execution by unit project"),
                        header=[_("Unit project"), *_budget_header()],
                        kinds=[AMOUNT, AMOUNT, AMOUNT, PERCENT], rows=rows, unit=unit, rounding=rnd,
                        figures_key="예산 집행")
    rounding_word = _("truncated") if rnd == Rounding.TRUNCATE else _("rounded half up")
    return Report(title=_("%(year)s %(scope)s budget execution by unit project") % {"year": year,
                                                                                   "scope": scope_name(org)},
                  lines=[_("as of %(date)s · execution rate %(rounding)s") % {"date": _date(as_of),
                                                                            "rounding": rounding_word}],
                  sections=[{"heading": "", "tables": [table]}])


def _budget_header() -> list[str]:
    return [_("Budget (A)"), _("Commitments"), _("Expenditure (B)"), (_("Execution (B/A, %%)") % {})]


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
    # only programs with a figure of this year: a program of other years would fill a page with "-"
    active = [pk for pk in candidates
              if any(now.get(pk, {}).get(m) for m in ("budget", "target", "result", "expenditure"))]
    major = sorted(active, key=lambda pk: -(now.get(pk, {}).get("budget") or 0))[:max_programs]
    programs = list(Program.objects.filter(pk__in=major)
                    .select_related("owner_org", "job_type", "subtype", "policy_field")
                    .prefetch_related("target_groups", "implementing_orgs").order_by("owner_org__path", "code"))
    steps = 3 + len(programs)
    report = Report(title=_("%(unit)s work report") % {"unit": name_in_language(org)},
                    lines=[_("as of %(date)s (end of %(yy)s.%(month)s)") % {
                               "date": _date(as_of), "yy": f"{as_of.year % 100:02d}", "month": as_of.month},
                           _("%(n)s major programs (of %(all)s, by this year's budget)") % {
                               "n": len(programs), "all": len(candidates)}])

    # Ⅰ 일반현황: staffing and budget by division
    say(0, steps, _("General status"))
    general: list[ReportTable] = []
    staffing = StaffingFigure.latest_for(org, as_of)
    if staffing:
        general.append(staffing_table(staffing))
    else:
        general.append(ReportTable(title=_("Staffing"), header=[_("Item")], kinds=[], rows=[],
                                   note=_("No staffing figures of %(unit)s are registered") % {
                                       "unit": name_in_language(org)}))
    divisions = rollup(year=year, as_of=as_of, by=["org"], org=org, rounding=rnd)
    general.append(ReportTable(
        title=_("Budget execution"), header=[_("Item"), *_budget_header()],
        kinds=[AMOUNT, AMOUNT, AMOUNT, PERCENT], rounding=rnd, figures_key="예산",
        rows=_rows(divisions, lambda r: [r.current.budget, r.current.commitment, r.current.expenditure,
                                         r.current.execution_rate])))
    report.sections.append({"heading": "Ⅰ. " + _("General status"), "tables": general})

    # Ⅱ 일자리 목표 및 실적
    say(1, steps, _("Job targets and results"))
    header = [_("Item"), _("Target (jobs)"), _("Result (jobs)"), (_("Achievement (%%)") % {}), _("Budget"),
              _("Expenditure"), (_("Execution (%%)") % {})]
    kinds = [COUNT, COUNT, PERCENT, AMOUNT, AMOUNT, PERCENT]
    tables = []
    chart = ""
    for key, title, by in SECTIONS:
        res = rollup(year=year, as_of=as_of, by=by, org=org, rounding=rnd)
        tables.append(ReportTable(title=_("Targets and results %(by)s") % {"by": title}, header=header, kinds=kinds,
                                  rounding=rnd, figures_key=key, rows=_rows(res, lambda r: [
                                      r.current.target, r.current.result, r.current.achievement_rate,
                                      r.current.budget, r.current.expenditure, r.current.execution_rate])))
        if by == ["job_type", "subtype"]:
            chart = target_result_bars(_("Targets and results by type (as of %(date)s)") % {"date": _date(as_of)},
                                       [Bar(_label(r), r.current.target, r.current.result)
                                        for r in res.rows if r.level == 2], rnd)
    report.sections.append({"heading": "Ⅱ. " + _("Job targets and results"), "tables": tables, "chart": chart})
    report.sections.append({"heading": "Ⅲ. " + _("Major programs"), "tables": [],
                            "list": [name_in_language(p) for p in programs]})

    # Ⅲ 주요업무: one page per program
    say(2, steps, _("Program by program"))
    ids = [p.pk for p in programs]
    before = program_figures(ids, year - 1, as_of.month, scope=org)
    notes = {n.program_id: n for n in ProgramNote.objects.filter(program_id__in=ids, year=year)} if ids else {}
    for i, p in enumerate(programs, start=1):
        c, b = now.get(p.pk, {}), before.get(p.pk, {})
        shared = any(not o.path.startswith(org.path) for o in p.implementing_orgs.all())
        figures = ReportTable(
            title=(_("Results (%(share)s)") % {"share": share_label(org, "en" if _english() else "ko")}) if shared else _("Results"),
            header=[_("Item"), _("Target (jobs)"), _("Result (jobs)"), (_("Achievement (%%)") % {}), _("Budget in force"),
                    _("Spent"), (_("Execution (%%)") % {})],
            kinds=kinds, rounding=rnd, figures_key=f"{p.code}",
            rows=[ReportRow(_("%(year)s (end of month %(month)s)") % {"year": y, "month": as_of.month}, 1,
                            _figure_cells(f)) for y, f in ((year, c), (year - 1, b))])
        note = notes.get(p.pk)
        report.sections.append({
            "heading": f"{i}. {name_in_language(p)}", "page_break": True, "program": p, "tables": [figures],
            "overview": [(_("Owner"), name_in_language(p.owner_org)),  # 소관
                         (_("Job type"), " · ".join(name_in_language(x) for x in (p.job_type, p.subtype) if x)),
                         (_("Policy field"), name_in_language(p.policy_field) if p.policy_field else "-"),
                         (_("Target group"), _labels_of(p.target_groups.all()) or "-"),
                         (_("Program period"), f"{p.start or ''} ~ {p.end or ''}"), (_("Basis"), p.legal_basis or "-")],
            "description": p.description,
            "achievements": note.achievements if note else "",
            "next_steps": note.next_steps if note else "",
        })
        say(2 + i, steps, name_in_language(p))
    report.pages = len(programs)
    say(steps, steps, _("Done"))
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
        by_unit.setdefault(name_in_language(f.org_unit), []).append(f)

    def cells(fs: list[Any]) -> list[Any]:
        a, c = sum(f.authorized for f in fs), sum(f.current for f in fs)
        per = []
        for g in grades:
            gs = [f for f in fs if f.grade == g]
            per.append(f"{sum(f.authorized for f in gs)}/{sum(f.current for f in gs)}" if gs else "-")
        return [a, c, c - a, *per]

    rows = [ReportRow(_("Total"), 0, cells(figures))]
    rows += [ReportRow(name, 1, cells(fs)) for name, fs in by_unit.items()]
    return ReportTable(title=_("Staffing"), header=[_("Item"), _("Authorized"), _("Current"), _("Over / short"),
                                                    *[_("%(grade)s (authorized/current)") % {"grade": g}
                                                      for g in grades]],
                       kinds=[COUNT, COUNT, COUNT, *[TEXT] * len(grades)], rows=rows, figures_key="인력",
                       note=_("as of %(date)s") % {"date": _date(figures[0].as_of)} if figures else "")
