"""Recording many values at once, column by column (imports of up to millions of rows).

The rules are those of `services.facts_record` (which pages and the API use for a few values at a time): every
problem of every row reported at once and nothing written if there is one, a value equal to its latest version
changes nothing, versions of one key within the input chain in as_of order, cumulative values that go down are
warned about, one audit row per batch. Here they are applied to whole columns with numpy/pandas, and the new
versions go to the database with one COPY, so a million-row file does not build a million Python objects.
`iljari/ledger/tests/test_frames.py` checks that both paths leave the same rows for the same input.

A frame of values has the columns of FRAME_COLUMNS; `as_of` is datetime64.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from iljari.audit.services import audit_batch
from iljari.core.columns import by_distinct
from iljari.core.context import current
from iljari.core.errors import Problem, ServiceError
from iljari.core.periods import Period
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure

from .aggregates import MonthlyRefresh, refresh_monthly
from .bulk import COPY_COLUMNS, BulkLoadError, copy_facts
from .models import Fact, PeriodLock
from .services import (
    FACT_AUDIT_ROWS_MAX,
    FactChange,
    RecordOutcome,
    as_of_problem,
    audit_fact_changes,
    concurrent_save_conflict,
    decrease_warning,
    duplicate_problem,
    lock_for,
    locked_periods,
    locked_problem,
    negative_problem,
    source_split_problem,
)

FRAME_COLUMNS = ["line", "program_id", "org_unit_id", "measure_id", "funding_source_id", "period", "value",
                 "as_of", "reason", "illustrative", "note"]
KEY = ["program_id", "org_unit_id", "measure_id", "funding_source_id", "period"]


def _date(v: Any) -> dt.date:
    return pd.Timestamp(v).date()


def _iso_dates(values: pd.Series) -> np.ndarray:
    """datetime64 values as 'YYYY-MM-DD' text, formatting each distinct date once."""
    return by_distinct(values, lambda v: str(_date(v)))


def _periods(frame: pd.DataFrame) -> dict[str, Period]:
    return {p: Period.parse(p) for p in pd.unique(frame["period"])}


def with_periods(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds period_kind, year, period_start and period_end (each period id parsed once); a frame that has them
    already is returned as it is, so an import adds them once for its checks and its write."""
    if "period_start" in frame.columns:
        return frame
    periods = _periods(frame)
    out = frame.copy()
    pid = out["period"]
    out["period_kind"] = by_distinct(pid, lambda p: periods[p].kind)
    out["year"] = by_distinct(pid, lambda p: periods[p].year, dtype=np.int64, na=0)
    out["period_start"] = by_distinct(pid, lambda p: periods[p].start, dtype="datetime64[ns]")
    out["period_end"] = by_distinct(pid, lambda p: periods[p].end, dtype="datetime64[ns]")
    return out


def _measures(ids: Any) -> dict[int, Measure]:
    return {m.pk: m for m in Measure.objects.filter(pk__in=[int(i) for i in pd.unique(ids)])}


def check_frame(frame: pd.DataFrame) -> list[Problem]:
    """Problems of the values themselves (as `services.check_items`): sign, dates, source split, locks, and a
    value given twice in the input. In line order; for one line in the order of those checks."""
    if frame.empty:
        return []
    f = with_periods(frame)
    measures = _measures(f["measure_id"])
    mid = f["measure_id"]
    allows_negative = mid.map({k: m.allows_negative for k, m in measures.items()}).to_numpy(dtype=bool)
    cumulative = mid.map({k: m.aggregation == Measure.Aggregation.CUMULATIVE
                          for k, m in measures.items()}).to_numpy(dtype=bool)
    by_source = mid.map({k: m.by_funding_source for k, m in measures.items()}).to_numpy(dtype=bool)
    total_ids = set(Code.objects.filter(list="funding_source", code="total").values_list("pk", flat=True))
    values = f["value"].to_numpy()
    lines = f["line"].to_numpy()
    found: list[tuple[int, int, Problem]] = []

    def each(mask: np.ndarray, seq: int, make: Any) -> None:
        for i in np.flatnonzero(mask):
            found.append((int(lines[i]), seq, make(i)))

    periods = _periods(f)
    each((values < 0) & ~allows_negative, 0,
         lambda i: negative_problem(measures[int(mid.iat[i])], int(values[i]), int(lines[i])))
    each(cumulative & (f["as_of"] < f["period_start"]).to_numpy(), 1,
         lambda i: as_of_problem(_date(f["as_of"].iat[i]), periods[f["period"].iat[i]], int(lines[i])))
    each(~f["funding_source_id"].isin(total_ids).to_numpy() & ~by_source, 2,
         lambda i: source_split_problem(measures[int(mid.iat[i])], int(lines[i])))
    if PeriodLock.objects.exists():
        pairs = f[["org_unit_id", "period"]].drop_duplicates()
        units = OrgUnit.objects.in_bulk([int(o) for o in pairs["org_unit_id"]])
        locks = {o: locked_periods(units[o]) for o in units}
        hit = {(o, p): lk for o, p in pairs.itertuples(index=False, name=None)
               if (lk := lock_for(locks[int(o)], periods[p])) is not None}
        if hit:
            keys = pd.Series(list(zip(f["org_unit_id"], f["period"], strict=True)))
            each(keys.isin(hit.keys()).to_numpy(), 3,
                 lambda i: locked_problem(hit[(f["org_unit_id"].iat[i], f["period"].iat[i])],
                                          periods[f["period"].iat[i]], int(lines[i])))
    dup = f.duplicated([*KEY, "as_of"], keep=False).to_numpy()
    if dup.any():
        sub = f.loc[dup, [*KEY, "as_of", "line"]]
        first = sub.groupby([*KEY, "as_of"], sort=False)["line"].transform("first").to_numpy()
        later = sub["line"].to_numpy() != first
        for line, first_line in zip(sub["line"].to_numpy()[later], first[later], strict=True):
            found.append((int(line), 4, duplicate_problem(int(first_line), int(line))))
    found.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in found]


_LATEST_SQL = (
    "SELECT DISTINCT ON (program_id, org_unit_id, measure_id, funding_source_id, period) "
    "id, program_id, org_unit_id, measure_id, funding_source_id, period, value, as_of, ref_date "
    "FROM {table} WHERE program_id = ANY(%s) AND year = ANY(%s) AND measure_id = ANY(%s) "
    "ORDER BY program_id, org_unit_id, measure_id, funding_source_id, period, id DESC")
_LATEST_COLS = ["id", *KEY, "value", "as_of", "ref_date"]


def _empty_latest() -> pd.DataFrame:
    dtypes = {"period": object, "as_of": "datetime64[ns]", "ref_date": "datetime64[ns]"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, np.int64)) for c in _LATEST_COLS})


def latest_frame(program_ids: list[int], years: list[int], measure_ids: list[int]) -> pd.DataFrame:
    """The latest version of every key of these programs, years and measures (on PostgreSQL read with COPY)."""
    if connection.vendor == "postgresql":
        buf = io.BytesIO()
        with connection.cursor() as cur:
            sql = _LATEST_SQL.format(table=Fact._meta.db_table)
            with cur.connection.cursor().copy(f"COPY ({sql}) TO STDOUT", [program_ids, years, measure_ids]) as cp:
                for block in cp:
                    buf.write(block)
        buf.seek(0)
        if not buf.getbuffer().nbytes:
            return _empty_latest()
        df = pd.read_csv(buf, sep="\t", header=None, names=_LATEST_COLS, dtype={"period": str},
                         parse_dates=["as_of", "ref_date"])
        return df
    rows = (Fact.objects.filter(program_id__in=program_ids, year__in=years, measure_id__in=measure_ids)
            .order_by("id").values_list(*_LATEST_COLS))
    df = pd.DataFrame(list(rows), columns=_LATEST_COLS)
    if df.empty:
        return _empty_latest()
    df = df.drop_duplicates(KEY, keep="last")
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["ref_date"] = pd.to_datetime(df["ref_date"])
    return df


def _decrease_warnings(f: pd.DataFrame, cumulative: np.ndarray, latest: pd.DataFrame,
                       cum_measures: set[int]) -> list[Problem]:
    """As `services.cumulative_warnings`: within a series (key without period, one year) ordered by (ref_date,
    as_of), an input value below the greatest earlier value is warned about. Latest versions the input replaces
    (same period) are not earlier points: they are being corrected."""
    mine = f.loc[cumulative, [*KEY, "year", "ref_date", "as_of", "value", "line"]]
    if mine.empty:
        return []
    series_cols = ["program_id", "org_unit_id", "measure_id", "funding_source_id", "year"]
    db = latest[latest["measure_id"].isin(cum_measures)].copy()
    db["year"] = db["period"].astype(str).str.slice(0, 4).astype(np.int64)
    if not db.empty:
        replaced = pd.MultiIndex.from_frame(mine[KEY].drop_duplicates())
        db = db[~pd.MultiIndex.from_frame(db[KEY]).isin(replaced)]
        wanted = pd.MultiIndex.from_frame(mine[series_cols].drop_duplicates())
        db = db[pd.MultiIndex.from_frame(db[series_cols]).isin(wanted)]
    pts = pd.concat([db.assign(line=-1)[[*series_cols, "ref_date", "as_of", "value", "line"]],
                     mine[[*series_cols, "ref_date", "as_of", "value", "line"]]], ignore_index=True)
    pts["g"] = pts.groupby(series_cols, sort=False).ngroup()
    pts["origin"] = (pts["line"] >= 0).astype(np.int64)
    pts = pts.sort_values(["g", "ref_date", "as_of", "origin", "line"], kind="mergesort").reset_index(drop=True)
    g = pts["g"].to_numpy()
    v = pts["value"].to_numpy().astype(np.int64)
    runmax = pd.Series(v).groupby(g).cummax().to_numpy()
    # The best point so far is the latest one that reached the running maximum (ties: the later one).
    best_ref = pd.Series(np.where(v == runmax, pts["ref_date"].to_numpy(), np.datetime64("NaT")))
    best_ref = best_ref.groupby(g).ffill().to_numpy()
    same_group = np.r_[False, g[1:] == g[:-1]]
    prev_max = np.r_[0, runmax[:-1]]
    prev_ref = np.r_[np.datetime64("NaT"), best_ref[:-1]]
    hit = np.flatnonzero(same_group & (v < prev_max) & (pts["line"].to_numpy() >= 0))
    lines = pts["line"].to_numpy()
    out = [decrease_warning(int(v[i]), _date(prev_ref[i]), int(prev_max[i]), int(lines[i])) for i in hit]
    return sorted(out, key=lambda p: p.line or 0)


def _pg_ids(cur: Any, n: int) -> np.ndarray:
    seq = "pg_get_serial_sequence(%s, 'id')"
    cur.execute(f"SELECT min(v), max(v) FROM (SELECT nextval({seq}) AS v FROM generate_series(1, %s)) t",
                [Fact._meta.db_table, n])
    low, high = cur.fetchone()
    if high - low + 1 == n:  # no other writer took values in between: the ids are one run
        return np.arange(low, high + 1, dtype=np.int64)
    cur.execute(f"SELECT nextval({seq}) FROM generate_series(1, %s)", [Fact._meta.db_table, n])
    return np.array([r[0] for r in cur.fetchall()], dtype=np.int64)


def _reserve_ids(n: int) -> np.ndarray:
    """Ids for `n` new versions, taken up front so that a version can name the one of the same input it replaces."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            return _pg_ids(cur, n)
    # SQLite takes one writer at a time; a second writer that slipped in between fails on the primary key.
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Fact._meta.db_table}")
        start = int(cur.fetchone()[0]) + 1
    return np.arange(start, start + n, dtype=np.int64)


EARLY_IDS_FROM = 100_000


def _ids_in_background(n: int) -> Any:
    """For a large import on PostgreSQL, take up to `n` ids on a second connection while this one reads the
    latest versions (sequence values are not transactional, so nothing is lost if the import fails; a million
    nextval calls cost seconds). Returns `take(k)` giving k ids; small inputs take them when asked."""
    if connection.vendor != "postgresql" or n < EARLY_IDS_FROM:
        return _reserve_ids
    import threading

    import psycopg
    from psycopg.conninfo import make_conninfo

    sd = connection.settings_dict
    conninfo = make_conninfo(dbname=sd["NAME"], user=sd.get("USER") or None, password=sd.get("PASSWORD") or None,
                             host=sd.get("HOST") or None, port=str(sd["PORT"]) if sd.get("PORT") else None)
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            with psycopg.connect(conninfo, autocommit=True) as conn, conn.cursor() as cur:
                box["ids"] = _pg_ids(cur, n)
        except Exception as exc:  # handed to the caller, which takes the ids itself
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()

    def take(k: int) -> np.ndarray:
        worker.join()
        return box["ids"][:k] if "ids" in box else _reserve_ids(k)

    return take


def _changes(f: pd.DataFrame, insert: np.ndarray, first: np.ndarray, new_id: np.ndarray) -> list[FactChange]:
    """The new versions with the value each replaces: the stored latest one for the first version of a key, the
    version before it in the input for a later one."""
    out = []
    prev: tuple[int | None, dt.date | None] = (None, None)
    for i, r in enumerate(f[[*KEY, "value", "as_of", "prev_value", "prev_as_of"]].itertuples(index=False)):
        if first[i]:
            prev = (None, None) if pd.isna(r.prev_value) else (int(r.prev_value), _date(r.prev_as_of))
        if insert[i]:
            out.append(FactChange(int(new_id[i]), int(r.program_id), int(r.org_unit_id), int(r.measure_id),
                                  int(r.funding_source_id), str(r.period), int(r.value), _date(r.as_of), *prev))
        prev = (int(r.value), _date(r.as_of))
    return out


def facts_record_frame(*, actor: Any, frame: pd.DataFrame, reason: str = "", strict: bool = False,
                       summary: dict[str, Any] | None = None) -> RecordOutcome:
    """Record the values of `frame` (already checked with `check_frame`) all-or-nothing; see the module."""
    out = RecordOutcome()
    if frame.empty:
        return out
    f = with_periods(frame).copy(deep=False)  # columns are added below; the caller's frame stays as it is
    take_ids = _ids_in_background(len(f))
    measures = _measures(f["measure_id"])
    cum_measures = {k for k, m in measures.items() if m.aggregation == Measure.Aggregation.CUMULATIVE}
    cumulative = f["measure_id"].isin(cum_measures).to_numpy()
    f["ref_date"] = np.where(cumulative, np.minimum(f["period_end"], f["as_of"]), f["period_end"])
    f["ref_date"] = pd.to_datetime(f["ref_date"])
    latest = latest_frame(sorted(int(p) for p in pd.unique(f["program_id"])),
                          sorted(int(y) for y in pd.unique(f["year"])), sorted(measures))
    warnings = _decrease_warnings(f, cumulative, latest, cum_measures)
    if strict and warnings:
        raise ServiceError([Problem(w.code, w.message_ko, w.message_en, w.field, w.line) for w in warnings])
    out.warnings = warnings

    # Versions of one key in as_of order; the first compares with the stored latest version, each later one
    # replaces the one before it (they differ in as_of, duplicates having been refused).
    f = f.sort_values([*KEY, "as_of"], kind="mergesort").reset_index(drop=True)
    prev = latest[[*KEY, "id", "value", "as_of"]].rename(
        columns={"id": "prev_id", "value": "prev_value", "as_of": "prev_as_of"})
    # Nullable integers: a float column would round amounts above 2**53 won and call a change "unchanged".
    prev = prev.astype({"prev_id": "Int64", "prev_value": "Int64"})
    f = f.merge(prev, on=KEY, how="left", sort=False)
    first = ~f.duplicated(KEY, keep="first").to_numpy()
    same = ((f["prev_value"] == f["value"]).fillna(False).to_numpy(dtype=bool)
            & (f["prev_as_of"] == f["as_of"]).to_numpy())
    unchanged = first & same
    insert = ~unchanged
    n_new = int(insert.sum())
    out.unchanged = int(unchanged.sum())
    if n_new == 0:
        return out
    new_id = np.zeros(len(f), dtype=np.int64)
    new_id[insert] = take_ids(n_new)
    prev_id = f["prev_id"].fillna(0).to_numpy(dtype=np.int64)
    before_inserted = np.r_[False, insert[:-1]] & ~first
    before_id = np.r_[0, new_id[:-1]]
    replaces = np.where(before_inserted, before_id, prev_id)
    out.created = int((insert & (replaces == 0)).sum())
    out.changed = n_new - out.created

    ctx = current()
    user = actor if getattr(actor, "pk", None) else None
    rows = f.loc[insert].copy()
    rows["id"] = new_id[insert]
    rep = replaces[insert]
    rows["replaces_id"] = pd.arrays.IntegerArray(rep, rep == 0)
    rows["reason"] = rows["reason"].where(rows["reason"] != "", reason)
    for col in ("period_end", "ref_date", "as_of"):
        rows[col] = _iso_dates(rows[col])
    rows["recorded_at"] = timezone.now().isoformat()
    rows["recorded_by_id"] = pd.arrays.IntegerArray(np.full(len(rows), user.pk if user else 0, dtype=np.int64),
                                                    np.full(len(rows), user is None))
    rows["source"] = ctx.source
    rows["batch_id"] = ctx.batch_id
    changes = _changes(f, insert, first, new_id) if n_new <= FACT_AUDIT_ROWS_MAX else []
    try:
        with transaction.atomic():
            groups = set(rows[["program_id", "org_unit_id", "year"]].drop_duplicates()
                         .itertuples(index=False, name=None))
            if connection.vendor == "postgresql":
                # Read the stored versions before the COPY, build the month-end rows while it is stored.
                monthly = MonthlyRefresh(sorted(groups), rows)
                copy_facts(rows[COPY_COLUMNS], batch_id=ctx.batch_id, while_storing=monthly.prepare)
                monthly.apply()
            else:
                refresh_monthly(groups, added=rows)
                copy_facts(rows[COPY_COLUMNS], batch_id=ctx.batch_id)
            audit_fact_changes(actor=actor, changes=changes, reason=reason)
            audit_batch(actor=actor, object_type="ledger.fact", reason=reason, summary={
                **(summary or {}), "created": out.created, "changed": out.changed,
                "unchanged": out.unchanged, "warnings": len(out.warnings)})
    except (IntegrityError, BulkLoadError) as exc:
        raise concurrent_save_conflict() from exc
    return out
