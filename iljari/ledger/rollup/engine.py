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
from typing import Any

import numpy as np
from django.db import connection

from iljari.core.numbers import AmountUnit, Rounding, format_count
from iljari.orgs.models import OrgUnit

from .. import cube
from .labels import _code, _label, _labels, _resolve_filters, _sort_key
from .results import DIMENSIONS, METRICS, NON_ADDITIVE, PERIOD_DIMS, Figures, RollupError, RollupResult, RollupRow
from .sql import (
    _all_month_ends,
    _can_use_monthly,
    _dim_expr,
    _filter_sql,
    _one_year_earlier,
    _org_prefix_len,
    _Slice,
    _slices_for,
    _source_sql,
    _Sql,
    _tables,
    default_as_of,
    rounding_for,
)


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
    default_rounding = rounding_for(org)
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
