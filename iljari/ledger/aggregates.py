"""FactMonthly: the value of every core measure as of every month end, derived from the fact versions.

For one key (program, org unit, funding source, measure) and month M of year Y, the value is that of the
version with the greatest (ref_date, as_of, id) among versions with as_of <= end of M. Stock measures
(targets, budget) count only annual-period facts; cumulative measures (results, commitments, expenditure)
count facts of any period of the year. The computation is vectorised with numpy/pandas so that a full
rebuild of ten million facts takes seconds, and the same function serves a one-value refresh.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db import connection, transaction

from iljari.core.columns import copy_writer
from iljari.programs.models import Measure

from . import cube
from .models import Fact, FactMonthly

CORE_KINDS = ["target", "result", "budget", "commitment", "expenditure"]
STOCK_KINDS = {"target", "budget"}
_EPOCH = dt.date(1970, 1, 1)


def core_measure_kinds() -> dict[int, str]:
    return {m.pk: m.kind for m in Measure.objects.filter(kind__in=CORE_KINDS)}


def build_monthly(facts: pd.DataFrame) -> pd.DataFrame:
    """Dense month-end values from fact versions.

    `facts` columns: program_id, org_unit_id, funding_source_id, kind, period_kind, year, ref_date, as_of
    (datetime64 or date), id, value. Returns program_id, org_unit_id, funding_source_id, year, month and one
    nullable column per core kind.
    """
    cols = ["program_id", "org_unit_id", "funding_source_id", "year", "month", *CORE_KINDS]
    if facts.empty:
        return pd.DataFrame(columns=cols)
    f = facts[~(facts["kind"].isin(STOCK_KINDS) & (facts["period_kind"] != "Y"))].copy()
    as_of = pd.to_datetime(f["as_of"])
    ref = pd.to_datetime(f["ref_date"])
    a_year = as_of.dt.year.to_numpy()
    year = f["year"].to_numpy().astype(np.int64)
    visible = np.where(a_year < year, 1, as_of.dt.month.to_numpy())
    keep = a_year <= year  # a version known only after the year ends is in no month-end of that year
    f = f.loc[keep]
    visible = visible[keep]
    ref = ref[keep]
    as_of = as_of[keep]
    if f.empty:
        return pd.DataFrame(columns=cols)
    # Global order of versions: (ref_date, as_of, id); rank r is the position in that order.
    order = np.lexsort((f["id"].to_numpy(), as_of.to_numpy(), ref.to_numpy()))
    rank = np.empty(len(f), dtype=np.int64)
    rank[order] = np.arange(len(f))
    values_by_rank = f["value"].to_numpy()[order]
    kind_codes = {k: i for i, k in enumerate(CORE_KINDS)}
    kcode = f["kind"].map(kind_codes).to_numpy().astype(np.int64)
    gkeys = pd.DataFrame({"p": f["program_id"].to_numpy(), "o": f["org_unit_id"].to_numpy(),
                          "s": f["funding_source_id"].to_numpy(), "k": kcode, "y": f["year"].to_numpy()})
    # Group ids in order of first appearance; drop_duplicates lists the groups in that same order.
    gi = gkeys.groupby(["p", "o", "s", "k", "y"], sort=False).ngroup().to_numpy().astype(np.int64)
    levels = gkeys.drop_duplicates().reset_index(drop=True)
    # Sort rows by (group, visible month); the running max of rank within a group is the winner so far.
    o2 = np.lexsort((rank, visible, gi))
    gi_s, v_s, r_s = gi[o2], visible[o2].astype(np.int64), rank[o2]
    cum = pd.Series(r_s).groupby(gi_s).cummax().to_numpy()
    row_keys = gi_s * 16 + v_s
    n_groups = len(levels)
    grid_g = np.repeat(np.arange(n_groups, dtype=np.int64), 12)
    grid_m = np.tile(np.arange(1, 13, dtype=np.int64), n_groups)
    idx = np.searchsorted(row_keys, grid_g * 16 + grid_m, side="right") - 1
    ok = (idx >= 0) & (gi_s[np.clip(idx, 0, None)] == grid_g)
    grid_g, grid_m, idx = grid_g[ok], grid_m[ok], idx[ok]
    vals = values_by_rank[cum[idx]]
    dense = pd.DataFrame({
        "program_id": levels["p"].to_numpy()[grid_g], "org_unit_id": levels["o"].to_numpy()[grid_g],
        "funding_source_id": levels["s"].to_numpy()[grid_g], "year": levels["y"].to_numpy()[grid_g],
        "month": grid_m, "k": levels["k"].to_numpy()[grid_g], "value": vals,
    })
    # Wide table with exact integers: a float pivot would round amounts above 2**53 won.
    keycols = ["program_id", "org_unit_id", "funding_source_id", "year", "month"]
    gid = dense.groupby(keycols, sort=True).ngroup().to_numpy()
    firsts = np.unique(gid, return_index=True)[1]
    wide = dense.iloc[firsts][keycols].reset_index(drop=True)
    kinds = dense["k"].to_numpy()
    values = dense["value"].to_numpy().astype(np.int64)
    for k, i in kind_codes.items():
        m = kinds == i
        arr = np.zeros(len(wide), dtype=np.int64)
        has = np.zeros(len(wide), dtype=bool)
        arr[gid[m]] = values[m]
        has[gid[m]] = True
        wide[k] = pd.arrays.IntegerArray(arr, ~has)
    return wide[cols]


_FRAME_COLS = ["program_id", "org_unit_id", "funding_source_id", "measure_id", "period_kind", "year", "ref_date",
               "as_of", "id", "value"]


def _facts_frame(qs) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The core-measure versions of a fact queryset as a frame; on PostgreSQL streamed with COPY (parsed by
    pandas' C reader), several times faster than building row tuples for a large refresh."""
    kinds = core_measure_kinds()
    qs = qs.filter(measure_id__in=kinds.keys()).values_list(*_FRAME_COLS)
    if connection.vendor == "postgresql":
        sql, params = qs.query.sql_with_params()
        buf = io.BytesIO()
        with connection.cursor() as cur:
            with cur.connection.cursor().copy(f"COPY ({sql}) TO STDOUT", params) as copy:
                for block in copy:
                    buf.write(block)
        buf.seek(0)
        df = (pd.read_csv(buf, sep="\t", header=None, names=_FRAME_COLS, dtype={"period_kind": str})
              if buf.getbuffer().nbytes else pd.DataFrame(columns=_FRAME_COLS))
    else:
        df = pd.DataFrame(list(qs), columns=_FRAME_COLS)
    df["kind"] = df["measure_id"].map(kinds)
    return df


_MONTHLY_COLS = ["program_id", "org_unit_id", "funding_source_id", "year", "month", *CORE_KINDS]


def _monthly_text(frame: pd.DataFrame) -> list[str]:
    """Month-end rows as COPY text in slices (nullable integers print as digits or \\N)."""
    frame = frame[_MONTHLY_COLS]
    out = []
    for i in range(0, len(frame), 100_000):
        buf = io.StringIO()
        frame.iloc[i:i + 100_000].to_csv(buf, sep="\t", header=False, index=False, na_rep="\\N")
        out.append(buf.getvalue())
    return out


def _copy_monthly(chunks: list[str]) -> None:
    with connection.cursor() as cur:
        raw = cur.connection.cursor()
        table = FactMonthly._meta.db_table
        with raw.copy(f"COPY {table} ({', '.join(_MONTHLY_COLS)}) FROM STDIN", writer=copy_writer(raw)) as copy:
            for text in chunks:
                copy.write(text)


def _write(frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    if connection.vendor == "postgresql":
        _copy_monthly(_monthly_text(frame))
        return len(frame)
    objs = [FactMonthly(**{k: (None if pd.isna(v) else int(v)) for k, v in rec.items()})
            for rec in frame[_MONTHLY_COLS].to_dict("records")]
    FactMonthly.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def _with_added(frame: pd.DataFrame, added: pd.DataFrame | None) -> pd.DataFrame:
    if added is None or added.empty:
        return frame
    kinds = core_measure_kinds()
    more = added.loc[added["measure_id"].isin(kinds.keys()), _FRAME_COLS].copy()
    more["kind"] = more["measure_id"].map(kinds)
    return more if frame.empty else pd.concat([frame, more], ignore_index=True)


_GROUPS_SQL = "(program_id, org_unit_id, year) IN (SELECT * FROM unnest(%s::int[], %s::int[], %s::int[]))"


class MonthlyRefresh:
    """A refresh of some groups on PostgreSQL in three steps, so that a large import can build the month-end rows
    while its facts are still being stored: `__init__` reads the stored versions (before the import writes),
    `prepare` builds and formats (no database), `apply` deletes the old rows and writes the new ones."""

    def __init__(self, groups: list[tuple[int, int, int]], added: pd.DataFrame | None) -> None:
        self.groups = groups
        self.arrays = [list(col) for col in zip(*groups, strict=True)]
        self.facts = _with_added(_facts_frame(Fact.objects.extra(where=[_GROUPS_SQL], params=self.arrays)), added)
        self.rows = 0
        self.chunks: list[str] | None = None

    def prepare(self) -> None:
        monthly = build_monthly(self.facts)
        self.rows = len(monthly)
        self.chunks = _monthly_text(monthly) if len(monthly) else []

    def apply(self) -> int:
        if self.chunks is None:
            self.prepare()
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {FactMonthly._meta.db_table} WHERE {_GROUPS_SQL}", self.arrays)
        _copy_monthly(self.chunks or [])
        cube.bump_years({y for _, _, y in self.groups})
        return self.rows


@transaction.atomic
def refresh_monthly(groups: Iterable[tuple[int, int, int]], *, added: pd.DataFrame | None = None) -> int:
    """Recompute the month-end values of the given (program, org unit, year) groups.

    `added`: versions about to be inserted in the same transaction (columns of `_FRAME_COLS`), counted with
    those already stored; a large import then does not read back the rows it has just written."""
    groups = sorted(set(groups))
    if not groups:
        return 0
    if connection.vendor == "postgresql":
        # One read and one delete joined to the groups (a list of arrays), whatever their number.
        return MonthlyRefresh(groups, added).apply()
    # SQLite: program by program
    by_program: dict[int, set[tuple[int, int]]] = {}
    for p, o, y in groups:
        by_program.setdefault(p, set()).add((o, y))
    written = 0
    program_ids = list(by_program)
    for i in range(0, len(program_ids), 500):
        chunk = program_ids[i:i + 500]
        years = {y for p in chunk for _, y in by_program[p]}
        wanted = {(p, o, y) for p in chunk for o, y in by_program[p]}
        df = _facts_frame(Fact.objects.filter(program_id__in=chunk, year__in=years))
        if not df.empty:
            keys = pd.Series(list(zip(df["program_id"], df["org_unit_id"], df["year"], strict=True)))
            df = df[keys.isin(wanted).to_numpy()]
        stale = FactMonthly.objects.filter(program_id__in=chunk, year__in=years).values_list(
            "pk", "program_id", "org_unit_id", "year")
        FactMonthly.objects.filter(pk__in=[r[0] for r in stale if r[1:] in wanted]).delete()
        if added is not None:
            df = _with_added(df, added[added["program_id"].isin(chunk)])
        written += _write(build_monthly(df))
    cube.bump_years({y for _, _, y in groups})
    return written


def rebuild_monthly(*, years: Iterable[int] | None = None, progress=None) -> int:  # type: ignore[no-untyped-def]
    """Rebuild the whole table (or some years) from the facts, program by program in chunks."""
    with transaction.atomic():
        qs = FactMonthly.objects.all()
        fqs = Fact.objects.all()
        if years is not None:
            years = list(years)
            qs, fqs = qs.filter(year__in=years), fqs.filter(year__in=years)
        if connection.vendor == "postgresql" and years is None:
            with connection.cursor() as cur:
                cur.execute(f"TRUNCATE {FactMonthly._meta.db_table}")
        else:
            qs._raw_delete(qs.db)
        program_ids = sorted(set(fqs.values_list("program_id", flat=True).distinct()))
        written = 0
        step = 2000
        for i in range(0, len(program_ids), step):
            chunk = program_ids[i:i + step]
            written += _write(build_monthly(_facts_frame(fqs.filter(program_id__in=chunk))))
            if progress is not None:
                progress(len(chunk))
        if years is None:  # every year that was or is in the table
            cube.bump_all_years(FactMonthly.objects.values_list("year", flat=True).distinct())
        else:
            cube.bump_years(years)
    if connection.vendor == "postgresql":
        # Keep each (year, month) slice contiguous on disk and the planner's statistics current: a roll-up
        # then reads one compact run of pages instead of a page per row.
        with connection.cursor() as cur:
            if years is None:
                cur.execute(f"CLUSTER {FactMonthly._meta.db_table} USING factmonthly_slice_idx")
            cur.execute(f"ANALYZE {FactMonthly._meta.db_table}")
            cur.execute(f"ANALYZE {Fact._meta.db_table}")
    return written
