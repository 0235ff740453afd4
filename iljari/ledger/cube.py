"""In-memory month-end slices: the roll-up engine for month-end as-of dates.

A roll-up for a month-end date reads a few (year, month) slices of FactMonthly (tens of thousands of rows at
national scale) and groups them by up to two dimensions. Doing that in SQL costs a join to the registry and the
org tree plus a DISTINCT count per query (100 ms to over a second at 25,000 programs). Here each slice is read
once into numpy columns, kept per process, and grouped with sort-based reductions in a few milliseconds.

Coherence: a slice is valid while two tokens in `ledger_cachetoken` are unchanged: `monthly:<year>` (replaced
by the aggregate writer in the same transaction as the rows it writes) and `registry` (replaced by database
triggers on programs, target groups, org units and codes, whatever writes them). Tokens are random, never
counters, so a rolled-back transaction cannot make an old token come back with different data. A missing
token (fresh or flushed database) is created on first read, again random.

Any other as-of date (mid-month, or after the year ended) is served the same way from an as-of slice: the last
month-end slice before the date plus the fact versions known after that month end up to the date (the delta), see
`Snapshot.asof`. It is cached beside the month-end slices under the same tokens.

Sums are exact int64 (no float); `present` keeps None ('-') apart from 0.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection

METRIC_COUNT = 5
MAX_SLICES = 64
_LOCK = threading.Lock()
_SLICES: OrderedDict[tuple, MonthSlice] = OrderedDict()
_REGISTRY: dict[tuple, Registry] = {}


def bump_tokens(names: Iterable[str]) -> None:
    """Replace the tokens (in sorted order, so concurrent writers lock them in the same order)."""
    from .models import CacheToken

    table = CacheToken._meta.db_table
    with connection.cursor() as cur:
        for name in sorted(set(names)):
            cur.execute(f"INSERT INTO {table} (name, token) VALUES (%s, %s) "
                        f"ON CONFLICT (name) DO UPDATE SET token = excluded.token", [name, uuid.uuid4().hex])


def bump_years(years: Iterable[int]) -> None:
    bump_tokens(f"monthly:{int(y)}" for y in years)


def bump_all_years(years: Iterable[int]) -> None:
    from .models import CacheToken

    known = CacheToken.objects.filter(name__startswith="monthly:").values_list("name", flat=True)
    bump_tokens({*known, *(f"monthly:{int(y)}" for y in years)})


def clear(*, asof_only: bool = False) -> None:
    """Forget the cached slices (all, or only the as-of slices built from a month end and a delta)."""
    with _LOCK:
        if asof_only:
            for k in [k for k in _SLICES if k[2] == "asof"]:
                del _SLICES[k]
            return
        _SLICES.clear()
        _REGISTRY.clear()


LEVELS = ("program", "org", "source", "fact")


@dataclass
class Level:
    """One grain of a slice: per program (org and source -1), program x org (source -1), program x source
    (org -1), or program x org x source."""

    program: np.ndarray
    org: np.ndarray
    source: np.ndarray
    values: np.ndarray  # int64 (n, 5): target, result, budget, commitment, expenditure; 0 where absent
    present: np.ndarray  # bool (n, 5)

    @functools.cached_property
    def sorted_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """(order, keys in order) of the rows' packed (program, org, source) keys: finds rows by key."""
        keys = pack(self.program, self.org, self.source)
        order = np.argsort(keys, kind="stable")
        return order, keys[order]

    def patched(self, keys: np.ndarray, program: np.ndarray, org: np.ndarray, source: np.ndarray,
                kind: np.ndarray, diff: np.ndarray) -> Level:
        """A copy with `diff` added to metric `kind` of the row of each packed key (a new row where none is),
        that metric then present. Cells are (key, kind) pairs; one key may come several times."""
        order, sk = self.sorted_keys
        pos = np.searchsorted(sk, keys)
        found = np.zeros(len(keys), dtype=bool)
        inside = pos < len(sk)
        found[inside] = sk[pos[inside]] == keys[inside]
        rows = order[pos[found]]
        values = self.values.copy()
        present = self.present.copy()
        np.add.at(values, (rows, kind[found]), diff[found])
        present[rows, kind[found]] = True
        if found.all():
            return Level(self.program, self.org, self.source, values, present)
        new = ~found
        uniq, first, inv = np.unique(keys[new], return_index=True, return_inverse=True)
        inv = inv.reshape(-1)
        add_values = np.zeros((len(uniq), METRIC_COUNT), dtype=np.int64)
        add_present = np.zeros((len(uniq), METRIC_COUNT), dtype=bool)
        np.add.at(add_values, (inv, kind[new]), diff[new])
        add_present[inv, kind[new]] = True
        return Level(np.concatenate([self.program, program[new][first]]),
                     np.concatenate([self.org, org[new][first]]),
                     np.concatenate([self.source, source[new][first]]),
                     np.concatenate([values, add_values]), np.concatenate([present, add_present]))

    @functools.cached_property
    def abs_total(self) -> int:
        """Sum of absolute values: a bound on any partial sum of these rows (decides exact float sums)."""
        return int(np.abs(self.values).sum(dtype=np.float64)) + 1


_BITS = 21  # packed keys: program, org + 1 and source + 1 in 21 bits each (ids below 2,097,151)


def pack(program: np.ndarray, org: np.ndarray, source: np.ndarray) -> np.ndarray:
    return ((program.astype(np.int64) << (2 * _BITS)) | ((org.astype(np.int64) + 1) << _BITS)
            | (source.astype(np.int64) + 1))


@dataclass
class MonthSlice:
    levels: dict[str, Level]

    @property
    def program(self) -> np.ndarray:
        return self.levels["fact"].program

    @property
    def org(self) -> np.ndarray:
        return self.levels["fact"].org


def reduce_by(keys: np.ndarray, values: np.ndarray, present: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact int64 sums (and any-present) per distinct key: (first row of each key, keys, sums, present)."""
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]]) if len(sk) else np.zeros(0, dtype=np.int64)
    if not len(sk):
        return order, sk, values[:0], present[:0]
    sums = np.add.reduceat(values[order], starts, axis=0)
    pres = np.add.reduceat(present[order].astype(np.int32), starts, axis=0) > 0
    return order[starts], sk[starts], sums, pres


def _levels(program: np.ndarray, org: np.ndarray, source: np.ndarray, values: np.ndarray,
            present: np.ndarray) -> dict[str, Level]:
    fact = Level(program, org, source, values, present)
    none = np.full(0, -1, dtype=np.int64)
    if not len(program):
        empty = Level(none, none, none, values[:0], present[:0])
        return {"program": empty, "org": empty, "source": empty, "fact": fact}
    width = int(org.max()) + 1
    first, _, sums, pres = reduce_by(program * width + org, values, present)
    by_org = Level(program[first], org[first], np.full(len(first), -1, dtype=np.int64), sums, pres)
    width = int(source.max()) + 1
    first, _, sums, pres = reduce_by(program * width + source, values, present)
    by_source = Level(program[first], np.full(len(first), -1, dtype=np.int64), source[first], sums, pres)
    first, _, sums, pres = reduce_by(program, values, present)
    by_program = Level(program[first], np.full(len(first), -1, dtype=np.int64),
                       np.full(len(first), -1, dtype=np.int64), sums, pres)
    return {"program": by_program, "org": by_org, "source": by_source, "fact": fact}


@dataclass
class Registry:
    """Program attributes and the org tree as arrays indexed by id (-1 = none)."""

    attrs: dict[str, np.ndarray]  # job_type / subtype / policy_field by program id
    rank: np.ndarray  # position of each program id in code order
    tg_program: np.ndarray  # (program id, target group id) pairs sorted by program
    tg_code: np.ndarray
    tg_start: np.ndarray  # first pair of each program id
    tg_count: np.ndarray
    org_path: list[str]  # by org id ('' = none)
    org_district: np.ndarray
    max_program: int
    max_org: int

    def covers(self, s: MonthSlice) -> bool:
        return (not len(s.program)) or (int(s.program.max()) <= self.max_program
                                        and int(s.org.max()) <= self.max_org)


def _db_key() -> tuple:
    return (connection.alias, connection.settings_dict.get("NAME"))


def _tokens(years: Iterable[int]) -> dict[str, str | None]:
    from .models import CacheToken

    names = ["registry", *(f"monthly:{int(y)}" for y in sorted(set(years)))]
    found = dict(CacheToken.objects.filter(name__in=names).values_list("name", "token"))
    missing = [n for n in names if n not in found]
    if missing:
        # Never written since the database was created or flushed: give them a fresh token now (another
        # process may do the same at once; whichever token lands is the one everybody uses).
        with connection.cursor() as cur:
            for name in missing:
                cur.execute(f"INSERT INTO {CacheToken._meta.db_table} (name, token) VALUES (%s, %s) "
                            f"ON CONFLICT (name) DO NOTHING", [name, uuid.uuid4().hex])
        found = dict(CacheToken.objects.filter(name__in=names).values_list("name", "token"))
    return {n: found.get(n) for n in names}


def _load_registry() -> Registry:
    from iljari.orgs.models import OrgUnit
    from iljari.programs.models import Program

    rows = list(Program.objects.values_list("id", "code", "job_type_id", "subtype_id", "policy_field_id"))
    max_p = max((r[0] for r in rows), default=0)
    attrs = {d: np.full(max_p + 1, -1, dtype=np.int64) for d in ("job_type", "subtype", "policy_field")}
    rank = np.full(max_p + 1, -1, dtype=np.int64)
    if rows:
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        for i, d in enumerate(("job_type", "subtype", "policy_field"), start=2):
            attrs[d][ids] = np.array([-1 if r[i] is None else r[i] for r in rows], dtype=np.int64)
        order = sorted(range(len(rows)), key=lambda k: rows[k][1])
        rank[ids[order]] = np.arange(len(rows))
    pairs = sorted(Program.target_groups.through.objects.values_list("program_id", "code_id"))
    tg_p = np.array([p for p, _ in pairs], dtype=np.int64)
    tg_c = np.array([c for _, c in pairs], dtype=np.int64)
    tg_count = np.bincount(tg_p, minlength=max_p + 1)[: max_p + 1] if len(tg_p) else np.zeros(max_p + 1, np.int64)
    tg_start = np.concatenate([[0], np.cumsum(tg_count)[:-1]]).astype(np.int64)
    orgs = list(OrgUnit.objects.values_list("id", "path", "district_id"))
    max_o = max((o[0] for o in orgs), default=0)
    path = [""] * (max_o + 1)
    district = np.full(max_o + 1, -1, dtype=np.int64)
    for oid, opath, dist in orgs:
        path[oid] = opath
        district[oid] = -1 if dist is None else dist
    return Registry(attrs, rank, tg_p, tg_c, tg_start, tg_count, path, district, max_p, max_o)


def _load_slice(year: int, month: int) -> MonthSlice:
    from .models import FactMonthly

    cols = ["target", "result", "budget", "commitment", "expenditure"]
    coalesced = ", ".join(f"COALESCE({c}, 0)" for c in cols)
    mask = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE {1 << i} END)" for i, c in enumerate(cols))
    query = (f"SELECT program_id, org_unit_id, funding_source_id, {coalesced}, {mask} "
             f"FROM {FactMonthly._meta.db_table} WHERE year = {int(year)} AND month = {int(month)}")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # COPY streams the slice as text, parsed by pandas' C reader: several times faster than fetching
            # a hundred thousand row tuples.
            buf = io.BytesIO()
            with cur.connection.cursor().copy(f"COPY ({query}) TO STDOUT") as copy:
                for block in copy:
                    buf.write(block)
            buf.seek(0)
            a = (pd.read_csv(buf, sep="\t", header=None, dtype=np.int64).to_numpy()
                 if buf.getbuffer().nbytes else np.zeros((0, 9), dtype=np.int64))
        else:
            cur.execute(query)
            a = np.array(cur.fetchall(), dtype=np.int64).reshape(-1, 9)
    bits = a[:, 8:9] >> np.arange(METRIC_COUNT, dtype=np.int64)
    return MonthSlice(_levels(a[:, 0].copy(), a[:, 1].copy(), a[:, 2].copy(), np.ascontiguousarray(a[:, 3:8]),
                              (bits & 1).astype(bool)))


def _month_end(year: int, month: int) -> dt.date:
    from iljari.core.periods import month_end

    return month_end(year, month)


_DELTA_COLS = ["program_id", "org_unit_id", "funding_source_id", "measure_id", "ref_date", "as_of", "id", "value"]


def _versions(year: int, where: str, params: list[Any]) -> pd.DataFrame:
    """Core-measure versions of one year (stock measures: annual values only) matching `where`, as a frame with
    a kind index column `k` (0-4, the order of the metrics) and dates as integers (days)."""
    from .aggregates import CORE_KINDS, STOCK_KINDS, core_measure_kinds
    from .models import Fact

    kinds = core_measure_kinds()
    if not kinds:
        return pd.DataFrame(columns=[*_DELTA_COLS, "k"])
    stock = [m for m, k in kinds.items() if k in STOCK_KINDS] or [0]
    query = (f"SELECT {', '.join(_DELTA_COLS)} FROM {Fact._meta.db_table} WHERE year = %s "
             f"AND measure_id IN ({', '.join(str(int(m)) for m in kinds)}) "
             f"AND (measure_id NOT IN ({', '.join(str(int(m)) for m in stock)}) OR period_kind = 'Y') AND {where}")
    params = [year, *params]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            buf = io.BytesIO()
            with cur.connection.cursor().copy(f"COPY ({query}) TO STDOUT", params) as copy:
                for block in copy:
                    buf.write(block)
            buf.seek(0)
            df = (pd.read_csv(buf, sep="\t", header=None, names=_DELTA_COLS, parse_dates=["ref_date", "as_of"])
                  if buf.getbuffer().nbytes else pd.DataFrame(columns=_DELTA_COLS))
        else:
            cur.execute(query, params)
            df = pd.DataFrame(cur.fetchall(), columns=_DELTA_COLS)
    for c in ("ref_date", "as_of"):
        df[c] = (pd.to_datetime(df[c]).to_numpy().astype("datetime64[D]").astype(np.int64) if len(df)
                 else np.zeros(0, dtype=np.int64))
    order = {k: i for i, k in enumerate(CORE_KINDS)}
    df["k"] = df["measure_id"].map({m: order[k] for m, k in kinds.items()}).astype(np.int64)
    return df


def _winners(df: pd.DataFrame) -> pd.DataFrame:
    """The version with the greatest (ref_date, as_of, id) of each (program, unit, source, kind)."""
    keys = ["program_id", "org_unit_id", "funding_source_id", "k"]
    return df.sort_values(["ref_date", "as_of", "id"], kind="stable").drop_duplicates(keys, keep="last")


def _delta(year: int, base_end: dt.date | None, cutoff: dt.date) -> pd.DataFrame:
    """The value of every key that changed after `base_end` (None: every key), as of `cutoff`.

    A version known after the month end outranks every version known by it when its ref_date is at least the
    month end: a cumulative version's ref_date is min(period end, as_of) (ledger.services.ref_date_for), at most
    the month end for versions known by then; a stock version's is its period end, the end of the year. A delta
    version with an earlier ref_date (a late correction of a period that ended before the month end) may lose to
    a version known earlier: those keys are resolved from all their versions up to the cutoff."""
    if base_end is None:
        return _winners(_versions(year, "as_of <= %s", [cutoff]))
    win = _winners(_versions(year, "as_of > %s AND as_of <= %s", [base_end, cutoff]))
    late = win["ref_date"].to_numpy() < np.datetime64(base_end, "D").astype(np.int64)
    if not late.any():
        return win
    doubt = win.loc[late, ["program_id", "org_unit_id", "funding_source_id", "k"]]
    programs = ", ".join(str(int(p)) for p in sorted(set(doubt["program_id"].tolist())))
    full = _winners(_versions(year, f"program_id IN ({programs}) AND as_of <= %s", [cutoff]))
    resolved = full.merge(doubt, on=["program_id", "org_unit_id", "funding_source_id", "k"])
    return pd.concat([win.loc[~late], resolved], ignore_index=True)


def _overlay(base: MonthSlice | None, delta: pd.DataFrame) -> MonthSlice:
    """A month-end slice with the delta's values put in (each value replaces that key's month-end value).

    Each grain of the month-end slice is patched in place of being built again: a changed value adds its
    difference from the month-end value to its row at every grain (a new row where the key had none)."""
    if base is None or delta.empty:
        return _overlay_full(base, delta)
    dp = delta["program_id"].to_numpy(dtype=np.int64)
    do = delta["org_unit_id"].to_numpy(dtype=np.int64)
    ds = delta["funding_source_id"].to_numpy(dtype=np.int64)
    limit = (1 << _BITS) - 2
    fact = base.levels["fact"]
    if max(int(dp.max()), int(do.max()), int(ds.max()), int(fact.program.max(initial=0)),
           int(fact.org.max(initial=0)), int(fact.source.max(initial=0))) > limit:
        return _overlay_full(base, delta)
    kind = delta["k"].to_numpy(dtype=np.int64)
    new = delta["value"].to_numpy(dtype=np.int64)
    # The month-end value each delta value replaces (0 where the key had none).
    keys = pack(dp, do, ds)
    order, sk = fact.sorted_keys
    pos = np.searchsorted(sk, keys)
    old = np.zeros(len(keys), dtype=np.int64)
    inside = pos < len(sk)
    hit = np.zeros(len(keys), dtype=bool)
    hit[inside] = sk[pos[inside]] == keys[inside]
    rows = order[pos[hit]]
    had = fact.present[rows, kind[hit]]
    old[np.flatnonzero(hit)[had]] = fact.values[rows[had], kind[hit][had]]
    diff = new - old
    none = np.full(len(dp), -1, dtype=np.int64)
    grains = {"fact": (dp, do, ds), "org": (dp, do, none), "source": (dp, none, ds), "program": (dp, none, none)}
    levels = {name: base.levels[name].patched(pack(*cols), *cols, kind, diff) for name, cols in grains.items()}
    return MonthSlice(levels)


def _overlay_full(base: MonthSlice | None, delta: pd.DataFrame) -> MonthSlice:
    """As `_overlay`, building every grain again (no month-end slice, or ids too large to pack)."""
    fact = base.levels["fact"] if base is not None else None
    bp = fact.program if fact is not None else np.zeros(0, dtype=np.int64)
    bo = fact.org if fact is not None else np.zeros(0, dtype=np.int64)
    bs = fact.source if fact is not None else np.zeros(0, dtype=np.int64)
    if delta.empty:
        if base is not None:
            return base
        return MonthSlice(_levels(bp, bo, bs, np.zeros((0, METRIC_COUNT), np.int64),
                                  np.zeros((0, METRIC_COUNT), bool)))
    dp = delta["program_id"].to_numpy(dtype=np.int64)
    do = delta["org_unit_id"].to_numpy(dtype=np.int64)
    ds = delta["funding_source_id"].to_numpy(dtype=np.int64)
    wo = int(max(bo.max(initial=0), do.max())) + 1
    ws = int(max(bs.max(initial=0), ds.max())) + 1
    bkey = (bp * wo + bo) * ws + bs
    dkey = (dp * wo + do) * ws + ds
    keys, inverse = np.unique(np.concatenate([bkey, dkey]), return_inverse=True)
    inverse = inverse.reshape(-1)
    n = len(keys)
    values = np.zeros((n, METRIC_COUNT), dtype=np.int64)
    present = np.zeros((n, METRIC_COUNT), dtype=bool)
    bi, di = inverse[: len(bkey)], inverse[len(bkey):]
    if fact is not None:
        values[bi] = fact.values
        present[bi] = fact.present
    k = delta["k"].to_numpy(dtype=np.int64)
    values[di, k] = delta["value"].to_numpy(dtype=np.int64)
    present[di, k] = True
    program = keys // (wo * ws)
    org = (keys // ws) % wo
    source = keys % ws
    return MonthSlice(_levels(program, org, source, values, present))


def registry_key() -> tuple:
    """(database, registry token): changes whenever a program, target group, org unit or code changes."""
    return (_db_key(), _tokens([])["registry"])


class Snapshot:
    """The registry and the slices one roll-up reads, each fetched from the cache or the database.

    One roll-up asks for the same rows several times (groups, subtotals, total): `rows` keeps them.
    """

    def __init__(self, years: Iterable[int]) -> None:
        self.tokens = _tokens(years)
        self.cacheable = all(v is not None for v in self.tokens.values())
        db = _db_key()
        self.db = db
        self._rows: dict[tuple, Rows] = {}
        reg_key = (db, self.tokens["registry"])
        with _LOCK:
            reg = _REGISTRY.get(reg_key) if self.cacheable else None
        if reg is None:
            reg = _load_registry()
            if self.cacheable:
                with _LOCK:
                    for k in [k for k in _REGISTRY if k[0] == db]:
                        del _REGISTRY[k]
                    _REGISTRY[reg_key] = reg
        self.registry = reg

    def _slice(self, key: tuple, build: Any) -> MonthSlice:
        """A slice from the shared least-recently-used cache, built (and kept) when missing."""
        with _LOCK:
            s = _SLICES.get(key) if self.cacheable else None
            if s is not None:
                _SLICES.move_to_end(key)
        if s is None:
            s = build()
            if self.cacheable:
                with _LOCK:
                    _SLICES[key] = s
                    while len(_SLICES) > MAX_SLICES:
                        _SLICES.popitem(last=False)
        if not self.registry.covers(s):
            # Something new appeared between reading the registry and the slice: read the registry again.
            self.registry = _load_registry()
        return s

    def month(self, year: int, month: int) -> MonthSlice:
        key = (self.db, year, month, self.tokens.get(f"monthly:{year}"), self.tokens["registry"])
        return self._slice(key, lambda: _load_slice(year, month))

    def at(self, year: int, cutoff: dt.date) -> MonthSlice:
        """The slice of `year` as of any date: a stored month end, or a month end plus the delta after it."""
        if cutoff.year == year and cutoff == _month_end(year, cutoff.month):
            return self.month(year, cutoff.month)
        return self.asof(year, cutoff)

    def asof(self, year: int, cutoff: dt.date) -> MonthSlice:
        """The slice of `year` as of a date that is not one of its month ends (mid-month, or after the year).

        Built from the last month-end slice before the date and the fact versions of the year known after that
        month end up to the date (the delta, read through the (year, measure, as_of) index): a key the delta
        touches takes the delta's latest version, unless that version belongs to a period that ended before the
        month end (a late correction of an older period), whose key is resolved from all its versions.
        Cached like the month-end slices, under the same tokens (every fact write replaces its year's token)."""
        key = (self.db, year, "asof", cutoff, self.tokens.get(f"monthly:{year}"), self.tokens["registry"])

        def build() -> MonthSlice:
            base_month = 12 if cutoff.year > year else cutoff.month - 1
            base = self.month(year, base_month) if base_month >= 1 else None
            base_end = _month_end(year, base_month) if base_month >= 1 else None
            return _overlay(base, _delta(year, base_end, cutoff))

        return self._slice(key, build)

    def rows(self, level: str, slices: list[tuple[int, dt.date, int, int]], scope_path: str | None,
             filters: dict[str, Any]) -> Rows:
        key = (level, tuple(slices), scope_path, _filters_key(filters))
        got = self._rows.get(key)
        if got is None:
            got = select(self, gather(self, level, slices), scope_path=scope_path, filters=filters)
            self._rows[key] = got
        return got


def _filters_key(filters: dict[str, Any]) -> tuple:
    out = []
    for k, v in sorted(filters.items()):
        if hasattr(v, "path"):
            v = ("org", v.path)
        elif isinstance(v, list | set | tuple):
            v = tuple(sorted(v))
        out.append((k, v))
    return tuple(out)


@dataclass
class Rows:
    """Rows of several slices side by side, with their year tag (0 current, 1 previous) and period index."""

    level: str
    program: np.ndarray
    org: np.ndarray
    source: np.ndarray
    values: np.ndarray
    present: np.ndarray
    ytag: np.ndarray
    ptag: np.ndarray
    abs_total: int = 0  # bound on any partial sum of the values

    def take(self, idx: np.ndarray, repeat: int = 1) -> Rows:
        return Rows(self.level, self.program[idx], self.org[idx], self.source[idx], self.values[idx],
                    self.present[idx], self.ytag[idx], self.ptag[idx], self.abs_total * repeat)


def needed_level(scope: bool, keys: set[str]) -> str:
    """The coarsest grain that has what the dimensions, filters and scope read."""
    by_org = scope or bool(keys & {"org", "district"})
    if "funding_source" in keys:
        return "fact" if by_org else "source"
    return "org" if by_org else "program"


def gather(snap: Snapshot, level: str, slices: list[tuple[int, dt.date, int, int]]) -> Rows:
    """(year, as-of date, ytag, ptag) slices at one grain, concatenated."""
    parts = [(snap.at(y, d).levels[level], yt, pt) for y, d, yt, pt in slices]
    n = [len(p.program) for p, _, _ in parts]

    def cat(get: Any) -> np.ndarray:
        arrays = [get(p) for p, _, _ in parts]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)

    values = np.concatenate([p.values for p, _, _ in parts]) if parts else np.zeros((0, 5), np.int64)
    present = np.concatenate([p.present for p, _, _ in parts]) if parts else np.zeros((0, 5), bool)
    return Rows(level, cat(lambda p: p.program), cat(lambda p: p.org), cat(lambda p: p.source), values, present,
                np.repeat(np.array([yt for _, yt, _ in parts], dtype=np.int64), n),
                np.repeat(np.array([pt for _, _, pt in parts], dtype=np.int64), n),
                sum(p.abs_total for p, _, _ in parts))


def _prefixes(reg: Registry, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Each org id's ancestor path at `length` characters, as codes into the returned unique prefixes."""
    codes, uniques = pd.factorize(pd.Series([p[:length] for p in reg.org_path], dtype=object))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _under(reg: Registry, path: str) -> np.ndarray:
    return np.array([bool(p) and p.startswith(path) for p in reg.org_path], dtype=bool)


def select(snap: Snapshot, rows: Rows, *, scope_path: str | None, filters: dict[str, Any]) -> Rows:
    """Keep the rows within the scope and matching every filter (dimension -> id, None, or an org unit)."""
    reg = snap.registry
    keep = np.ones(len(rows.program), dtype=bool)
    if scope_path is not None:
        keep &= _under(reg, scope_path)[rows.org]
    for dim, value in filters.items():
        if dim == "program__in":
            keep &= np.isin(rows.program, np.array(list(value), dtype=np.int64))
        elif dim == "org":
            keep &= _under(reg, value.path)[rows.org]
        elif dim == "target_group":
            has = np.zeros(reg.max_program + 1, dtype=bool)
            if value is None:
                has[reg.tg_count == 0] = True
            else:
                has[reg.tg_program[reg.tg_code == value]] = True
            keep &= has[rows.program]
        else:
            col = key_column(snap, rows, dim, None)[0]
            keep &= col == (-1 if value is None else int(value))
    return rows if keep.all() else rows.take(np.flatnonzero(keep))


def key_column(snap: Snapshot, rows: Rows, dim: str, org_prefix_len: int | None
               ) -> tuple[np.ndarray, np.ndarray | None]:
    """Integer key of each row for a dimension (-1 = none) and, for org prefixes, the decoding table."""
    reg = snap.registry
    if dim == "program":
        return rows.program, None
    if dim in ("job_type", "subtype", "policy_field"):
        return reg.attrs[dim][rows.program], None
    if dim == "district":
        return reg.org_district[rows.org], None
    if dim == "funding_source":
        return rows.source, None
    if dim in ("month", "quarter", "half"):
        return rows.ptag, None
    if dim == "org":
        codes, uniques = _prefixes(reg, org_prefix_len or 7)
        return codes[rows.org], uniques
    raise ValueError(dim)


def expand_target_groups(snap: Snapshot, rows: Rows) -> tuple[Rows, np.ndarray]:
    """One row per (row, target group of its program); a program without one keeps a row with -1."""
    reg = snap.registry
    count = reg.tg_count[rows.program]
    rep = np.maximum(count, 1)
    idx = np.repeat(np.arange(len(rows.program)), rep)
    within = np.arange(len(idx)) - np.repeat(np.cumsum(rep) - rep, rep)
    pos = reg.tg_start[rows.program][idx] + within
    has = count[idx] > 0
    code = np.where(has, reg.tg_code[np.where(has, pos, 0)] if len(reg.tg_code) else -1, -1)
    return rows.take(idx, int(rep.max()) if len(rep) else 1), code


DENSE_LIMIT = 4_000_000
FLOAT_EXACT = 2 ** 52


def group(snap: Snapshot, rows: Rows, dims: list[str], *, org_prefix_len: int, counts_only: bool = False
          ) -> list[tuple[tuple, int, np.ndarray, np.ndarray, int]]:
    """Per (key tuple, ytag): summed values, which are present, and (for ytag 0) distinct programs."""
    tg_code = np.zeros(0, dtype=np.int64)
    if "target_group" in dims:
        rows, tg_code = expand_target_groups(snap, rows)
    n = len(rows.program)
    if n == 0:
        return []
    cols: list[tuple[np.ndarray, np.ndarray | None]] = []
    for d in dims:
        cols.append((tg_code, None) if d == "target_group" else key_column(snap, rows, d, org_prefix_len))
    cols.append((rows.ytag, None))
    # Mixed-radix key over the columns (shifted by one so that -1 = none is 0).
    shifted = [c + 1 for c, _ in cols]
    radices = [int(c.max()) + 1 for c in shifted]
    space = 1
    for r in radices:
        space *= r
    combined = np.zeros(n, dtype=np.int64)
    for c, r in zip(shifted, radices, strict=True):
        combined = combined * r + c
    if space <= DENSE_LIMIT:
        counts_all = np.bincount(combined, minlength=space)
        gkeys = np.flatnonzero(counts_all)
        lookup = np.zeros(space, dtype=np.int64)
        lookup[gkeys] = np.arange(len(gkeys))
        gid = lookup[combined]
    else:
        gkeys, gid = np.unique(combined, return_inverse=True)
        gid = gid.reshape(-1)
    g = len(gkeys)
    if counts_only:
        sums = np.zeros((g, METRIC_COUNT), dtype=np.int64)
        present = np.zeros((g, METRIC_COUNT), dtype=bool)
    elif rows.abs_total < FLOAT_EXACT:
        # Every partial sum stays below 2**52, so float64 bincount sums are exact integers.
        sums = np.stack([np.bincount(gid, weights=rows.values[:, k], minlength=g) for k in range(METRIC_COUNT)],
                        axis=1).round().astype(np.int64)
        # Present anywhere in a group: which of the 32 presence patterns occur per group (one integer pass).
        pv = rows.present
        bits = (pv[:, 0] | (pv[:, 1] << 1) | (pv[:, 2] << 2) | (pv[:, 3] << 3) | (pv[:, 4] << 4)).astype(np.int64)
        flat = np.zeros(g * 32, dtype=bool)
        flat[gid * 32 + bits] = True
        seen = flat.reshape(g, 32)
        patterns = (np.arange(32)[:, None] >> np.arange(METRIC_COUNT)) & 1  # (32, 5)
        present = (seen.astype(np.int64) @ patterns) > 0
    else:
        _, _, sums, present = reduce_by(gid, rows.values, rows.present)
    # Distinct programs per group, this year only (last year's counts are not shown). At program grain each
    # row of a group is a different program; at coarser grains a program can have several rows in a group.
    cur = rows.ytag == 0
    if rows.level == "program":
        counts = np.bincount(gid[cur], minlength=g)
    else:
        width = int(rows.program.max()) + 1
        pair = gid[cur] * width + rows.program[cur]
        if g * width <= 16 * DENSE_LIMIT:  # a (group x program) bitmap of bytes: linear, no sort
            bitmap = np.zeros(g * width, dtype=bool)
            bitmap[pair] = True
            counts = bitmap.reshape(g, width).sum(axis=1)
        else:
            counts = np.bincount(np.unique(pair) // width, minlength=g)
    # Decode each group's key.
    digits = []
    rest = gkeys.astype(np.int64)
    for r in reversed(radices):
        digits.append(rest % r - 1)
        rest = rest // r
    digits.reverse()
    decoded = []
    for (_, table), dig in zip(cols, digits, strict=True):
        vals = dig.tolist()
        if table is not None:
            decoded.append([None if v == -1 else table[v] for v in vals])
        else:
            decoded.append([None if v == -1 else v for v in vals])
    keys: list[tuple] = list(zip(*decoded[:-1], strict=True)) if len(decoded) > 1 else [()] * g
    ytags = decoded[-1]
    counts_l = counts.tolist()
    return [(keys[i], int(ytags[i] or 0), sums[i], present[i], counts_l[i]) for i in range(g)]


def program_page(snap: Snapshot, rows: Rows, limit: int, offset: int) -> tuple[list[int], int]:
    ids = np.unique(rows.program)
    ranked = ids[np.argsort(snap.registry.rank[ids], kind="stable")]
    return [int(v) for v in ranked[offset: offset + limit]], len(ids)
