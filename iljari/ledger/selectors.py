"""The one roll-up engine behind the CLI, the API, the pages and the exports.

A roll-up groups the ledger of one year, as of a date, by up to two dimensions and gives, per group, for the
subtotals (소계) and for the total (계): target, result, achievement rate, budget, commitments, expenditure,
execution rate, cost per job and the same figures a year earlier. Values come from exact stored parts; rates
are computed from those parts and rounded only for display.

Two sources give the same numbers: FactMonthly (month-end values, kept current with the facts, grouped in
memory by ledger.cube) for every as-of date (a month end as stored; any other date as the month end before it plus
the fact versions known after it, ADR 0004), and the fact versions themselves (a window function in SQL) for a
past state of knowledge (`recorded_before`) or when asked to (`exact=True`, the reference the tests compare with).
Program lists (`program_figures`), program filters (`programs_with`) and the quality rules (`fact_frame`) read
through the same engine, so every page, export and API answer shows the same figure for the same date. Programs serving several target groups appear in each of their groups; totals over
target groups count each program once (see `RollupResult.notes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection

from iljari.core.numbers import AmountUnit, Rounding, format_amount, format_count, format_percent, rate
from iljari.core.periods import Period, is_month_end, month_end
from iljari.orgs.models import OrgUnit
from iljari.orgs.selectors import org_names_on
from iljari.programs.models import Code, Measure, Program

from . import cube
from .models import Fact

DIMENSIONS = ["program", "org", "district", "job_type", "subtype", "policy_field", "target_group",
              "funding_source", "month", "quarter", "half"]
PERIOD_DIMS = {"month": "M", "quarter": "Q", "half": "H"}
# Summing over these dimensions would count something twice; their totals are queried on their own.
NON_ADDITIVE = {"target_group", "month", "quarter", "half"}
METRICS = ["target", "result", "budget", "commitment", "expenditure"]

DIM_LABELS = {
    "program": ("사업", "Program"), "org": ("조직", "Org unit"), "district": ("자치구", "District"),
    "job_type": ("유형", "Job type"), "subtype": ("세부유형", "Subtype"), "policy_field": ("정책분야", "Policy field"),
    "target_group": ("사업대상", "Target group"), "funding_source": ("재원", "Funding source"),
    "month": ("월", "Month"), "quarter": ("분기", "Quarter"), "half": ("반기", "Half"),
}


class RollupError(ValueError):
    pass


@dataclass
class Figures:
    target: int | None = None
    result: int | None = None
    budget: int | None = None
    commitment: int | None = None
    expenditure: int | None = None
    program_count: int = 0

    @property
    def achievement_rate(self) -> Decimal | None:
        return rate(self.result, self.target)

    @property
    def execution_rate(self) -> Decimal | None:
        return rate(self.expenditure, self.budget)

    @property
    def cost_per_job(self) -> Decimal | None:
        """집행액 / 실적: won spent per job achieved so far."""
        if self.expenditure is None or not self.result:
            return None
        return Decimal(self.expenditure) / Decimal(self.result)

    def add(self, other: Figures) -> None:
        for m in METRICS:
            a, b = getattr(self, m), getattr(other, m)
            setattr(self, m, b if a is None else (a if b is None else a + b))


def _diff(a: int | None, b: int | None) -> int | None:
    if a is None and b is None:
        return None
    return (a or 0) - (b or 0)


@dataclass
class RollupRow:
    """One line of a roll-up: a group (level 2), a subtotal 소계 (level 1) or the total 계 (level 0)."""

    level: int
    keys: tuple[str | None, ...]
    labels: tuple[str, ...]
    labels_en: tuple[str, ...]
    current: Figures
    previous: Figures
    filters: dict[str, str] = field(default_factory=dict)

    def as_dict(self, rounding: Rounding, unit: AmountUnit) -> dict[str, Any]:
        c, p = self.current, self.previous

        def money(v: int | None) -> str:
            return format_amount(v, unit, rounding)

        def pct(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        return {
            "level": self.level, "keys": list(self.keys), "labels": list(self.labels),
            "labels_en": list(self.labels_en), "filters": self.filters,
            "program_count": c.program_count,
            "target": c.target, "result": c.result,
            "achievement_rate": pct(c.achievement_rate),
            "budget": c.budget, "commitment": c.commitment, "expenditure": c.expenditure,
            "execution_rate": pct(c.execution_rate),
            "cost_per_job": pct(c.cost_per_job),
            "previous": {"target": p.target, "result": p.result, "budget": p.budget,
                         "expenditure": p.expenditure, "achievement_rate": pct(p.achievement_rate),
                         "execution_rate": pct(p.execution_rate)},
            "change": {"target": _diff(c.target, p.target), "result": _diff(c.result, p.result),
                       "budget": _diff(c.budget, p.budget), "expenditure": _diff(c.expenditure, p.expenditure)},
            "display": {
                "target": format_count(c.target), "result": format_count(c.result),
                "achievement_rate": format_percent(c.achievement_rate, rounding),
                "budget": money(c.budget), "commitment": money(c.commitment), "expenditure": money(c.expenditure),
                "execution_rate": format_percent(c.execution_rate, rounding),
                "cost_per_job": format_amount(c.cost_per_job, AmountUnit.WON, rounding),
                "previous_target": format_count(p.target), "previous_result": format_count(p.result),
                "previous_budget": money(p.budget),
                "target_change": format_count(_diff(c.target, p.target)) if p.target is not None else "-",
                "result_change": format_count(_diff(c.result, p.result)) if p.result is not None else "-",
                "budget_change": money(_diff(c.budget, p.budget)) if p.budget is not None else "-",
            },
        }


@dataclass
class RollupResult:
    year: int
    as_of: dt.date
    previous_as_of: dt.date
    by: list[str]
    org: OrgUnit | None
    rounding: Rounding
    unit: AmountUnit
    rows: list[RollupRow]
    source: str  # "monthly" or "facts"
    notes: list[str] = field(default_factory=list)
    group_count: int = 0  # groups of the first dimension before paging
    offset: int = 0
    limit: int | None = None

    @property
    def total(self) -> RollupRow:
        return next(r for r in self.rows if r.level == 0)

    def groups(self) -> list[RollupRow]:
        return [r for r in self.rows if r.level == len(self.by)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "as_of": self.as_of.isoformat(), "previous_as_of": self.previous_as_of.isoformat(),
            "by": self.by, "org": self.org.code if self.org else None, "rounding": str(self.rounding),
            "unit": str(self.unit), "unit_label": self.unit.label_ko, "source": self.source, "notes": self.notes,
            "group_count": self.group_count, "offset": self.offset, "limit": self.limit,
            "rows": [r.as_dict(self.rounding, self.unit) for r in self.rows if r.level > 0],
            "total": self.total.as_dict(self.rounding, self.unit),
        }


@dataclass(frozen=True)
class _Slice:
    tag_year: int  # 0 = current, 1 = previous year
    year: int
    cutoff: dt.date
    ptag: int | None  # period index for period dimensions


def _one_year_earlier(d: dt.date) -> dt.date:
    """The same day a year before; a month end maps to a month end ('21.2월말 -> '20.2월말 = 29 February)."""
    if is_month_end(d):
        return month_end(d.year - 1, d.month)
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def default_as_of(year: int) -> dt.date:
    today = dt.date.today()
    return min(dt.date(year, 12, 31), today) if today.year >= year else dt.date(year, 12, 31)


class _Sql:
    def __init__(self) -> None:
        self.params: list[Any] = []

    def p(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            value = connection.ops.adapt_datetimefield_value(value)
        elif isinstance(value, dt.date):
            value = connection.ops.adapt_datefield_value(value)
        self.params.append(value)
        return "%s"


def _tables() -> dict[str, str]:
    return {
        "fact": Fact._meta.db_table, "program": Program._meta.db_table,
        "org": OrgUnit._meta.db_table, "tg": Program.target_groups.through._meta.db_table,
    }


def _measure_ids() -> dict[str, int]:
    return {m.kind: m.pk for m in Measure.objects.filter(kind__in=METRICS, builtin=True)}


def _slices_for(year: int, as_of: dt.date, period_dim: str | None, tag_year: int) -> list[_Slice]:
    if period_dim is None:
        return [_Slice(tag_year, year, as_of, None)]
    kind = PERIOD_DIMS[period_dim]
    count = {"M": 12, "Q": 4, "H": 2}[kind]
    out = []
    for i in range(1, count + 1):
        p = Period(year, kind, i)
        if p.start > as_of:
            break
        out.append(_Slice(tag_year, year, min(p.end, as_of), i))
    return out


def _can_use_monthly(slices: list[_Slice], recorded_before: dt.datetime | None) -> bool:
    """The in-memory slices serve every as-of date (month ends as stored, other dates as a month end plus the
    versions known after it); only a past state of knowledge (`recorded_before`) reads the fact versions."""
    return recorded_before is None


def _all_month_ends(slices: list[_Slice]) -> bool:
    return all(is_month_end(s.cutoff) and s.cutoff.year == s.year for s in slices)


def _source_sql(sql: _Sql, slices: list[_Slice], recorded_before: dt.datetime | None) -> str:
    """The winning fact version of every key as of each slice's cutoff (dates that are not month ends, or a
    past state of knowledge); month ends are grouped in memory from FactMonthly (ledger.cube)."""
    t = _tables()
    mids = _measure_ids()
    stock = [mids[k] for k in ("target", "budget") if k in mids]
    cols = ", ".join(
        f"CASE WHEN x.measure_id = {int(mids[k])} THEN x.value END AS {k}" if k in mids else f"NULL AS {k}"
        for k in METRICS)
    parts = []
    for s in slices:
        yph, cph = sql.p(s.year), sql.p(s.cutoff)  # placeholders in the order they appear
        rb = f" AND f.recorded_at <= {sql.p(recorded_before)}" if recorded_before else ""
        parts.append(
            f"SELECT x.program_id, x.org_unit_id, x.funding_source_id, {cols}, {s.tag_year} AS ytag, "
            f"{s.ptag if s.ptag is not None else 0} AS ptag FROM ("
            f"SELECT f.program_id, f.org_unit_id, f.funding_source_id, f.measure_id, f.value, "
            f"ROW_NUMBER() OVER (PARTITION BY f.program_id, f.org_unit_id, f.measure_id, f.funding_source_id "
            f"ORDER BY f.ref_date DESC, f.as_of DESC, f.id DESC) AS rn FROM {t['fact']} f "
            f"WHERE f.year = {yph} AND f.as_of <= {cph}{rb} "
            f"AND f.measure_id IN ({', '.join(str(int(v)) for v in mids.values())}) "
            f"AND (f.measure_id NOT IN ({', '.join(str(int(v)) for v in stock) or '0'}) OR f.period_kind = 'Y')"
            f") x WHERE x.rn = 1")
    return "(" + " UNION ALL ".join(parts) + ")"


def _org_prefix_len(scope: OrgUnit | None) -> int:
    return ((scope.depth + 2) if scope else 1) * 7


def _dim_expr(dim: str, scope: OrgUnit | None) -> str:
    if dim == "program":
        return "s.program_id"
    if dim == "org":
        return f"substr(o.path, 1, {_org_prefix_len(scope)})"
    if dim == "district":
        return "o.district_id"
    if dim in ("job_type", "subtype", "policy_field"):
        return f"p.{dim}_id"
    if dim == "target_group":
        return "tg.code_id"
    if dim == "funding_source":
        return "s.funding_source_id"
    if dim in PERIOD_DIMS:
        return "s.ptag"
    raise RollupError(f"unknown dimension '{dim}'")


def _filter_sql(sql: _Sql, filters: dict[str, Any]) -> list[str]:
    t = _tables()
    out = []
    for dim, value in filters.items():
        if dim == "program__in":
            out.append(f"s.program_id IN ({', '.join(str(int(v)) for v in value) or 'NULL'})")
        elif dim == "org":
            out.append(f"o.path LIKE {sql.p(value.path + '%')}")
        elif dim == "target_group":
            out.append(f"EXISTS (SELECT 1 FROM {t['tg']} tg2 WHERE tg2.program_id = s.program_id "
                       f"AND tg2.code_id = {sql.p(value)})")
        elif value is None:
            out.append(f"{_dim_expr(dim, None)} IS NULL")
        else:
            out.append(f"{_dim_expr(dim, None)} = {sql.p(value)}")
    return out


def _run(dims: list[str], slices: list[_Slice], use_monthly: bool, scope: OrgUnit | None,
         filters: dict[str, Any], recorded_before: dt.datetime | None, counts_only: bool = False,
         snap: cube.Snapshot | None = None) -> dict[tuple, dict[int, Figures]]:
    """Grouped figures per (group key, year tag). `counts_only`: just this year's program counts."""
    if use_monthly:
        return _run_cube(snap or cube.Snapshot({s.year for s in slices}), dims, slices, scope, filters,
                         counts_only)
    t = _tables()
    needed = {*dims, *(f for f in filters if f in DIMENSIONS)}
    exprs = [_dim_expr(d, scope) for d in dims]
    select_dims = "".join(f"{e} AS d{i}, " for i, e in enumerate(exprs))
    tg_join = f" LEFT JOIN {t['tg']} tg ON tg.program_id = s.program_id" if "target_group" in dims else ""
    # Join the registry and the org tree only when a dimension, filter or scope reads them.
    p_join = (f" JOIN {t['program']} p ON p.id = s.program_id"
              if needed & {"job_type", "subtype", "policy_field"} else "")
    o_join = (f" JOIN {t['org']} o ON o.id = s.org_unit_id"
              if scope is not None or needed & {"org", "district"} else "")
    group = ", ".join([*(f"d{i}" for i in range(len(dims))), "s.ytag"])

    def from_where(sql: _Sql, current_only: bool = False) -> str:
        src = _source_sql(sql, slices, recorded_before)
        where = ["s.ytag = 0"] if current_only else []
        if scope is not None:
            where.append(f"o.path LIKE {sql.p(scope.path + '%')}")
        where += _filter_sql(sql, filters)
        where_sql = " WHERE " + " AND ".join(where) if where else ""
        return f"FROM {src} s{p_join}{o_join}{tg_join}{where_sql}"

    sums = "SUM(s.target), SUM(s.result), SUM(s.budget), SUM(s.commitment), SUM(s.expenditure)"
    sql = _Sql()
    query = f"SELECT {select_dims}s.ytag, {sums}, 0 {from_where(sql)} GROUP BY {group}"
    out: dict[tuple, dict[int, Figures]] = {}
    with connection.cursor() as cur:
        rows: list[Any] = []
        if not counts_only:
            cur.execute(query, sql.params)
            rows = cur.fetchall()
        for row in rows:
            key = tuple(row[: len(dims)])
            ytag = row[len(dims)]
            vals = row[len(dims) + 1:]
            tg_, rs_, bu_, co_, ex_ = (None if v is None else int(v) for v in vals[:5])
            fig = Figures(target=tg_, result=rs_, budget=bu_, commitment=co_, expenditure=ex_,
                          program_count=int(vals[5] or 0))
            out.setdefault(key, {})[int(ytag)] = fig
        # A program can have several rows in a group (units, sources): count distinct programs in a second,
        # narrow query; the sums above stay a single cheap aggregate.
        sql = _Sql()
        dcols = ", ".join(f"d{i}" for i in range(len(dims)))
        # Only this year's counts are shown, so last year's rows are left out of the DISTINCT.
        fw = from_where(sql, current_only=True)
        count_q = (f"SELECT {dcols + ', ' if dims else ''}ytag, COUNT(*) FROM (SELECT DISTINCT {select_dims}"
                   f"s.ytag AS ytag, s.program_id AS program_id {fw}) g GROUP BY "
                   f"{dcols + ', ' if dims else ''}ytag")
        cur.execute(count_q, sql.params)
        for row in cur.fetchall():
            key = tuple(row[: len(dims)])
            if counts_only:
                out.setdefault(key, {})[int(row[len(dims)])] = Figures(program_count=int(row[len(dims) + 1]))
                continue
            counted = out.get(key, {}).get(int(row[len(dims)]))
            if counted is not None:
                counted.program_count = int(row[len(dims) + 1])
    return out


def _cube_rows(snap: cube.Snapshot, slices: list[_Slice], scope: OrgUnit | None, filters: dict[str, Any],
               dims: list[str]) -> cube.Rows:
    level = cube.needed_level(scope is not None, {*dims, *filters})
    return snap.rows(level, [(s.year, s.cutoff, s.tag_year, s.ptag or 0) for s in slices],
                     scope.path if scope else None, filters)


def _run_cube(snap: cube.Snapshot, dims: list[str], slices: list[_Slice], scope: OrgUnit | None,
              filters: dict[str, Any], counts_only: bool) -> dict[tuple, dict[int, Figures]]:
    rows = _cube_rows(snap, slices, scope, filters, dims)
    out: dict[tuple, dict[int, Figures]] = {}
    for key, ytag, sums, present, count in cube.group(snap, rows, dims, org_prefix_len=_org_prefix_len(scope),
                                                      counts_only=counts_only):
        t_, r_, b_, c_, e_ = (int(v) if p else None for v, p in zip(sums.tolist(), present.tolist(), strict=True))
        out.setdefault(key, {})[ytag] = Figures(t_, r_, b_, c_, e_, program_count=count if ytag == 0 else 0)
    return out


def rollup(*, year: int, as_of: dt.date | None = None, by: list[str] | None = None, org: OrgUnit | None = None,
           filters: dict[str, str] | None = None, rounding: str | Rounding | None = None,
           unit: str | AmountUnit | None = None, recorded_before: dt.datetime | None = None,
           limit: int | None = None, offset: int = 0, user: Any = None, exact: bool = False) -> RollupResult:
    """Roll the ledger up. `filters` (dimension -> code) narrow it, which is how a total drills down.

    `limit`/`offset` page the first dimension's groups (a by-program list has thousands); totals and
    `group_count` always describe all of them. `exact`: read the fact versions with the SQL window function
    instead of the in-memory slices (slow; the reference the fast path is tested against).
    """
    by = list(by or [])
    if len(by) > 2:
        raise RollupError("at most two dimensions / 집계 기준은 두 개까지입니다")
    for d in by:
        if d not in DIMENSIONS:
            raise RollupError(f"unknown dimension '{d}' (one of {', '.join(DIMENSIONS)})")
    if len(set(by)) != len(by):
        raise RollupError("the same dimension twice")
    if sum(d in PERIOD_DIMS for d in by) > 1:
        raise RollupError("only one period dimension (month, quarter or half)")
    as_of = as_of or default_as_of(year)
    if as_of < dt.date(year, 1, 1):
        raise RollupError(f"as-of date {as_of} is before {year} begins")
    prev_as_of = _one_year_earlier(as_of)
    default_rounding = Rounding.parse(org.effective_rounding() if org else settings.ILJARI_DEFAULT_ROUNDING)
    rnd = Rounding.parse(rounding, default_rounding) if rounding else default_rounding
    amount_unit = AmountUnit.parse(unit) if unit else AmountUnit.MILLION
    resolved_filters = _resolve_filters(filters or {})

    period_dim = next((d for d in by if d in PERIOD_DIMS), None)
    cur_slices = _slices_for(year, as_of, period_dim, 0)
    prev_slices = _slices_for(year - 1, prev_as_of, period_dim, 1)
    whole_slices = [*_slices_for(year, as_of, None, 0), *_slices_for(year - 1, prev_as_of, None, 1)]
    slices = [*cur_slices, *prev_slices]
    use_monthly = _can_use_monthly(slices, recorded_before) and not exact
    # One snapshot of the month-end slices for every part of this roll-up: groups, subtotals and total agree.
    snap = cube.Snapshot({year, year - 1}) if use_monthly else None

    def run(dims: list[str], sl: list[_Slice], extra: dict[str, Any] | None = None, counts_only: bool = False
            ) -> dict[tuple, dict[int, Figures]]:
        return _run(dims, sl, use_monthly and _can_use_monthly(sl, recorded_before), org,
                    {**resolved_filters, **(extra or {})}, recorded_before, counts_only=counts_only, snap=snap)

    page_filter: dict[str, Any] = {}
    paged_in_sql = False
    if by and by[0] == "program" and limit is not None:
        # A page of a by-program list: choose the page's programs first, then roll up only those.
        page_ids, program_groups = _program_page(slices, use_monthly, org, resolved_filters, recorded_before,
                                                 limit, offset, snap)
        page_filter = {"program__in": page_ids}
        paged_in_sql = True
    main = run(by, slices, page_filter)
    # Totals and subtotals come from their own grouped query, never from summing rounded or overlapping rows:
    # program counts, target groups and cumulative period values are not additive.
    def total_over(keep: list[str]) -> dict[tuple, dict[int, Figures]]:
        dropped = [d for d in by if d not in keep]
        return run(keep, whole_slices if any(d in PERIOD_DIMS for d in dropped) else slices)

    subtotals: dict[tuple, dict[int, Figures]] = {}
    if len(by) == 2 and by[1] not in NON_ADDITIVE:
        # Money and jobs add up exactly over an additive second dimension; only program counts need a query.
        for (k1, _k2), per_year in main.items():
            for ytag, fig in per_year.items():
                subtotals.setdefault((k1,), {}).setdefault(ytag, Figures()).add(fig)
        for key, per_year in run(by[:1], slices, page_filter, counts_only=True).items():
            if key in subtotals and 0 in subtotals[key]:
                subtotals[key][0].program_count = per_year.get(0, Figures()).program_count
    elif len(by) == 2:
        subtotals = run(by[:1], whole_slices if by[1] in PERIOD_DIMS else slices, page_filter)
    totals = total_over([])

    labels = _labels(by, main, org, as_of)
    rows: list[RollupRow] = []
    t = totals.get((), {})
    rows.append(RollupRow(0, (), ("계",), ("Total",), t.get(0, Figures()), t.get(1, Figures())))
    keys1 = sorted({k[0] for k in main}, key=lambda v: _sort_key(by[0], v, labels)) if by else []
    group_count = len(keys1)
    if paged_in_sql:
        group_count = program_groups
    elif limit is not None or offset:
        keys1 = keys1[offset: None if limit is None else offset + limit]
    inner: dict[Any, list[Any]] = {}
    if len(by) == 2:
        for k in main:
            inner.setdefault(k[0], []).append(k[1])
    for k1 in keys1:
        if len(by) == 2:
            st = subtotals.get((k1,), {})
            rows.append(RollupRow(1, (_code(by[0], k1, labels),), (_label(by[0], k1, labels, "ko"),),
                                  (_label(by[0], k1, labels, "en"),), st.get(0, Figures()), st.get(1, Figures()),
                                  filters={by[0]: _code(by[0], k1, labels) or ""}))
            keys2 = sorted(inner[k1], key=lambda v: _sort_key(by[1], v, labels))
            for k2 in keys2:
                g = main[(k1, k2)]
                rows.append(RollupRow(2, (_code(by[0], k1, labels), _code(by[1], k2, labels)),
                                      (_label(by[0], k1, labels, "ko"), _label(by[1], k2, labels, "ko")),
                                      (_label(by[0], k1, labels, "en"), _label(by[1], k2, labels, "en")),
                                      g.get(0, Figures()), g.get(1, Figures()),
                                      filters={by[0]: _code(by[0], k1, labels) or "",
                                               by[1]: _code(by[1], k2, labels) or ""}))
        else:
            g = main[(k1,)]
            rows.append(RollupRow(1, (_code(by[0], k1, labels),), (_label(by[0], k1, labels, "ko"),),
                                  (_label(by[0], k1, labels, "en"),), g.get(0, Figures()), g.get(1, Figures()),
                                  filters={by[0]: _code(by[0], k1, labels) or ""}))
    # A group with only last year's figures stays: it shows them beside '-' for this year.
    notes = _notes(by, main, totals)
    return RollupResult(year=year, as_of=as_of, previous_as_of=prev_as_of, by=by, org=org, rounding=rnd,
                        unit=amount_unit, rows=rows, source=("monthly" if _all_month_ends(slices) else "monthly+delta") if use_monthly else "facts", notes=notes,
                        group_count=group_count, offset=offset, limit=limit)


def program_figures(program_ids: list[int] | None, year: int, as_of: dt.date, *, exact: bool = False,
                    scope: OrgUnit | None = None) -> dict[int, Figures]:
    """Each program's figures for `year` as of any date (every org unit and source), from the same engine and
    the same sources as `rollup(by=["program"])`: the program list, its exports and the reports show what the
    dashboard and the pivot show. `None`: every program. `scope`: only the rows of that org unit's subtree (a
    local officer's share of a program several units carry out), as `rollup(org=scope)` counts them."""
    if program_ids is not None and not program_ids:
        return {}
    slices = _slices_for(year, as_of, None, 0)
    filters: dict[str, Any] = {} if program_ids is None else {"program__in": list(program_ids)}
    main = _run(["program"], slices, not exact, scope, filters, None)
    return {int(k[0]): per[0] for k, per in main.items() if 0 in per}


def programs_with(year: int, as_of: dt.date, filters: dict[str, str], scope: OrgUnit | None = None) -> list[int]:
    """Ids of the programs with figures in `year` as of a date matching the roll-up filters (dimension -> code,
    e.g. funding_source, org, district): exactly the programs a roll-up row with these keys counts. `scope`:
    only rows of that unit's subtree count (a local officer's)."""
    return programs_split(year, as_of, filters, scope=scope)[0]


def programs_split(year: int, as_of: dt.date, filters: dict[str, str], scope: OrgUnit | None = None
                   ) -> tuple[list[int], list[int]]:
    """`programs_with` and the other programs of the registry (a filter that keeps most programs excludes the
    few others instead of listing thousands)."""
    slices = _slices_for(year, as_of, None, 0)
    resolved = _resolve_filters(filters)
    snap = cube.Snapshot({year})
    rows = _cube_rows(snap, slices, scope, resolved, [])
    kept = np.unique(rows.program)
    every = np.flatnonzero(snap.registry.rank >= 0)
    return [int(v) for v in kept.tolist()], [int(v) for v in np.setdiff1d(every, kept).tolist()]


def fact_frame(year: int, as_of: dt.date, scope: OrgUnit | None = None, *, exact: bool = False) -> Any:
    """The value in force as of any date of every (program, org unit, funding source) of a year, one row each:
    a pandas frame with program_id, org_unit_id, funding_source_id and the five metrics (float, NaN = no value).
    The quality rules read this: the same figures as the roll-ups."""
    import pandas as pd

    cols = ["program_id", "org_unit_id", "funding_source_id", *METRICS]
    slices = _slices_for(year, as_of, None, 0)
    if exact:
        sql = _Sql()
        src = _source_sql(sql, slices, None)
        where = ""
        o_join = ""
        if scope is not None:
            o_join = f" JOIN {_tables()['org']} o ON o.id = s.org_unit_id"
            where = f" WHERE o.path LIKE {sql.p(scope.path + '%')}"
        q = (f"SELECT s.program_id, s.org_unit_id, s.funding_source_id, "
             f"{', '.join(f'SUM(s.{m})' for m in METRICS)} FROM {src} s{o_join}{where} "
             f"GROUP BY s.program_id, s.org_unit_id, s.funding_source_id")
        with connection.cursor() as cur:
            cur.execute(q, sql.params)
            frame = pd.DataFrame(cur.fetchall(), columns=cols)
        return frame.astype({m: "float64" for m in METRICS}).astype(
            {c: "int64" for c in cols[:3]}) if len(frame) else pd.DataFrame(columns=cols)
    snap = cube.Snapshot({year})
    rows = snap.rows("fact", [(year, as_of, 0, 0)], scope.path if scope else None, {})
    values = np.where(rows.present, rows.values.astype(np.float64), np.nan)
    frame = pd.DataFrame({"program_id": rows.program, "org_unit_id": rows.org, "funding_source_id": rows.source})
    for i, m in enumerate(METRICS):
        frame[m] = values[:, i]
    return frame


def _notes(by: list[str], main: dict[tuple, dict[int, Figures]], totals: dict[tuple, dict[int, Figures]]
           ) -> list[str]:
    notes = []
    if "target_group" in by:
        summed = Figures()
        for v in main.values():
            summed.add(v.get(0, Figures()))
        total = totals.get((), {}).get(0, Figures())
        dt_ = (summed.target or 0) - (total.target or 0)
        dr_ = (summed.result or 0) - (total.result or 0)
        notes.append(
            "사업대상이 둘 이상인 사업은 해당 대상마다 전액 표시되며, 계는 사업을 한 번만 셉니다 "
            f"(대상별 합계와 계의 차이: 목표 {format_count(dt_)}, 실적 {format_count(dr_)}). / "
            "A program serving several target groups is shown in full under each of them; the total counts it "
            f"once (rows exceed the total by target {dt_:,}, result {dr_:,}).")
    if any(d in PERIOD_DIMS for d in by):
        notes.append("기간별 값은 각 기간 말 기준 누계이며, 목표·예산은 연간 값입니다. / Period rows are cumulative "
                     "values as of each period end; targets and budgets are annual.")
    return notes


def _program_page(slices: list[_Slice], use_monthly: bool, scope: OrgUnit | None, filters: dict[str, Any],
                  recorded_before: dt.datetime | None, limit: int, offset: int,
                  snap: cube.Snapshot | None = None) -> tuple[list[int], int]:
    """Ids of one page of the programs that have figures (ordered by code) and how many there are."""
    if use_monthly and _can_use_monthly(slices, recorded_before):
        snap = snap or cube.Snapshot({s.year for s in slices})
        return cube.program_page(snap, _cube_rows(snap, slices, scope, filters, []), limit, offset)
    t = _tables()
    needed = set(filters)
    sql = _Sql()
    src = _source_sql(sql, slices, recorded_before)
    where = []
    if scope is not None:
        where.append(f"o.path LIKE {sql.p(scope.path + '%')}")
    where += _filter_sql(sql, filters)
    o_join = (f" JOIN {t['org']} o ON o.id = s.org_unit_id" if scope is not None or needed & {"org", "district"}
              else "")
    where_sql = " WHERE " + " AND ".join(where) if where else ""
    ids_sql = f"SELECT DISTINCT s.program_id FROM {src} s JOIN {t['program']} p ON p.id = s.program_id{o_join}{where_sql}"
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM ({ids_sql}) x", sql.params)
        count = int(cur.fetchone()[0])
        cur.execute(f"SELECT x.program_id FROM ({ids_sql}) x JOIN {t['program']} pp ON pp.id = x.program_id "
                    f"ORDER BY pp.code LIMIT {int(limit)} OFFSET {int(offset)}", sql.params)
        return [int(r[0]) for r in cur.fetchall()], count


def _resolve_filters(filters: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dim, code in filters.items():
        if dim not in DIMENSIONS:
            raise RollupError(f"unknown dimension '{dim}'")
        if code in ("", None, "-", "none"):
            out[dim] = None
            continue
        if dim == "program":
            out[dim] = _get(Program, code=code).pk
        elif dim in ("org",):
            out[dim] = _get(OrgUnit, code=code)
        elif dim == "district":
            out[dim] = _get(OrgUnit, code=code).pk
        elif dim in PERIOD_DIMS:
            out[dim] = int(code)
        else:
            out[dim] = _get(Code, list=dim, code=code).pk
    return out


def _get(model: Any, **kw: Any) -> Any:
    try:
        return model.objects.get(**kw)
    except model.DoesNotExist:
        raise RollupError(f"unknown {model._meta.verbose_name} {kw}") from None


def _labels(by: list[str], main: dict[tuple, Any], scope: OrgUnit | None, as_of: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, dim in enumerate(by):
        values = {k[i] for k in main if k[i] is not None}
        if dim == "program":
            # Thousands of ids make a slow IN list; reading the whole registry is cheaper then.
            qs = Program.objects.all() if len(values) > 1000 else Program.objects.filter(pk__in=values)
            out[dim] = {pk: (code, ko, en or ko, code) for pk, code, ko, en in
                        qs.values_list("pk", "code", "name_ko", "name_en") if pk in values}
        elif dim == "org":
            by_path = {o.path: o for o in OrgUnit.objects.filter(path__in=values)}
            path_names = org_names_on(as_of, [o.pk for o in by_path.values()])
            out[dim] = {path: (o.code, path_names[o.pk][0], path_names[o.pk][1] or path_names[o.pk][0], o.path)
                        for path, o in by_path.items()}
        elif dim == "district":
            names = org_names_on(as_of, list(values))
            orgs = {o.pk: o for o in OrgUnit.objects.filter(pk__in=values)}
            out[dim] = {pk: (o.code, names[pk][0], names[pk][1] or names[pk][0], o.path) for pk, o in orgs.items()}
        elif dim in PERIOD_DIMS:
            out[dim] = {}
        else:
            out[dim] = {c.pk: (c.code, c.label_ko, c.label_en or c.label_ko, c.sort_order)
                        for c in Code.objects.filter(pk__in=values)}
    return out


_NONE_LABELS = {
    "subtype": ("세부유형 없음(직접일자리 등)", "No subtype (direct jobs etc.)"),
    "district": ("시 본청·기관", "City level (no district)"),
    "target_group": ("사업대상 미지정", "No target group"),
    "policy_field": ("정책분야 미지정", "No policy field"),
}


def _code(dim: str, v: Any, labels: dict[str, Any]) -> str | None:
    if v is None:
        return None
    if dim in PERIOD_DIMS:
        return str(v)
    return labels[dim][v][0]


def _label(dim: str, v: Any, labels: dict[str, Any], lang: str) -> str:
    if v is None:
        ko, en = _NONE_LABELS.get(dim, ("미지정", "None"))
        return ko if lang == "ko" else en
    if dim in PERIOD_DIMS:
        kind = PERIOD_DIMS[dim]
        if kind == "M":
            return f"{v}월" if lang == "ko" else f"M{v:02d}"
        if kind == "Q":
            return f"{v}/4분기" if lang == "ko" else f"Q{v}"
        return ("상반기" if v == 1 else "하반기") if lang == "ko" else f"H{v}"
    entry = labels[dim][v]
    return entry[1] if lang == "ko" else entry[2]


def _sort_key(dim: str, v: Any, labels: dict[str, Any]) -> tuple:
    if v is None:
        return (1, "")
    if dim in PERIOD_DIMS:
        return (0, v)
    entry = labels[dim][v]
    return (0, entry[3], entry[0])
