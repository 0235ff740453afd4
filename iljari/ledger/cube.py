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

Sums are exact int64 (no float); `present` keeps None ('-') apart from 0.
"""

from __future__ import annotations

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


def clear() -> None:
    with _LOCK:
        _SLICES.clear()
        _REGISTRY.clear()


@dataclass
class MonthSlice:
    program: np.ndarray  # int64 ids
    org: np.ndarray
    source: np.ndarray
    values: np.ndarray  # int64 (n, 5): target, result, budget, commitment, expenditure; 0 where absent
    present: np.ndarray  # bool (n, 5)


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
    with connection.cursor() as cur:
        cur.execute(f"SELECT program_id, org_unit_id, funding_source_id, {coalesced}, {mask} "
                    f"FROM {FactMonthly._meta.db_table} WHERE year = %s AND month = %s", [year, month])
        rows = cur.fetchall()
    a = np.array(rows, dtype=np.int64).reshape(-1, 9)
    bits = a[:, 8:9] >> np.arange(METRIC_COUNT, dtype=np.int64)
    return MonthSlice(a[:, 0].copy(), a[:, 1].copy(), a[:, 2].copy(), np.ascontiguousarray(a[:, 3:8]),
                      (bits & 1).astype(bool))


class Snapshot:
    """The registry and the slices one roll-up reads, each fetched from the cache or the database."""

    def __init__(self, years: Iterable[int]) -> None:
        self.tokens = _tokens(years)
        self.cacheable = all(v is not None for v in self.tokens.values())
        db = _db_key()
        self.db = db
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

    def month(self, year: int, month: int) -> MonthSlice:
        key = (self.db, year, month, self.tokens.get(f"monthly:{year}"), self.tokens["registry"])
        with _LOCK:
            s = _SLICES.get(key) if self.cacheable else None
            if s is not None:
                _SLICES.move_to_end(key)
        if s is None:
            s = _load_slice(year, month)
            if self.cacheable:
                with _LOCK:
                    _SLICES[key] = s
                    while len(_SLICES) > MAX_SLICES:
                        _SLICES.popitem(last=False)
        if not self.registry.covers(s):
            # Something new appeared between reading the registry and the slice: read the registry again.
            self.registry = _load_registry()
        return s


@dataclass
class Rows:
    """Rows of several slices side by side, with their year tag (0 current, 1 previous) and period index."""

    program: np.ndarray
    org: np.ndarray
    source: np.ndarray
    values: np.ndarray
    present: np.ndarray
    ytag: np.ndarray
    ptag: np.ndarray

    def take(self, idx: np.ndarray) -> Rows:
        return Rows(self.program[idx], self.org[idx], self.source[idx], self.values[idx], self.present[idx],
                    self.ytag[idx], self.ptag[idx])


def gather(snap: Snapshot, slices: list[tuple[int, int, int, int]]) -> Rows:
    """(year, month, ytag, ptag) slices concatenated."""
    parts = [(snap.month(y, m), yt, pt) for y, m, yt, pt in slices]
    n = [len(s.program) for s, _, _ in parts]

    def cat(get: Any) -> np.ndarray:
        arrays = [get(s) for s, _, _ in parts]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)

    values = np.concatenate([s.values for s, _, _ in parts]) if parts else np.zeros((0, 5), np.int64)
    present = np.concatenate([s.present for s, _, _ in parts]) if parts else np.zeros((0, 5), bool)
    return Rows(cat(lambda s: s.program), cat(lambda s: s.org), cat(lambda s: s.source), values, present,
                np.repeat(np.array([yt for _, yt, _ in parts], dtype=np.int64), n),
                np.repeat(np.array([pt for _, _, pt in parts], dtype=np.int64), n))


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
    return rows.take(idx), code


def group(snap: Snapshot, rows: Rows, dims: list[str], *, org_prefix_len: int, counts_only: bool = False
          ) -> list[tuple[tuple, int, np.ndarray, np.ndarray, int]]:
    """Per (key tuple, ytag): summed values, which are present, and (for ytag 0) distinct programs."""
    cols: list[tuple[np.ndarray, np.ndarray | None]] = []
    tg_code = np.zeros(0, dtype=np.int64)
    if "target_group" in dims:
        rows, tg_code = expand_target_groups(snap, rows)
    for d in dims:
        cols.append((tg_code, None) if d == "target_group" else key_column(snap, rows, d, org_prefix_len))
    n = len(rows.program)
    if n == 0:
        return []
    combined = np.zeros(n, dtype=np.int64)
    decoders = []
    for col, table in [*cols, (rows.ytag, None)]:
        codes, uniques = pd.factorize(col)
        combined = combined * (len(uniques) + 1) + codes
        decoders.append((uniques, table))
    gid, gkeys = pd.factorize(combined)
    g = len(gkeys)
    order = np.argsort(gid, kind="stable")
    sg = gid[order]
    starts = np.flatnonzero(np.r_[True, sg[1:] != sg[:-1]])
    group_ids = sg[starts]
    if counts_only:
        sums = np.zeros((len(starts), METRIC_COUNT), dtype=np.int64)
        present = np.zeros((len(starts), METRIC_COUNT), dtype=bool)
    else:
        sums = np.add.reduceat(rows.values[order], starts, axis=0)
        present = np.add.reduceat(rows.present[order].astype(np.int32), starts, axis=0) > 0
    # Distinct programs per group (current year only: previous-year counts are not shown).
    cur = rows.ytag == 0
    width = int(rows.program.max()) + 1
    pairs = np.unique(gid[cur] * width + rows.program[cur])
    counts = np.bincount(pairs // width, minlength=g)
    # Decode each group's key from the mixed-radix combination.
    out = []
    radices = [len(u) + 1 for u, _ in decoders]
    keys_all = np.asarray(gkeys, dtype=np.int64)[group_ids]
    digits = []
    rest = keys_all.copy()
    for r in reversed(radices):
        digits.append(rest % r)
        rest //= r
    digits.reverse()
    decoded_cols = []
    for (uniques, table), dig in zip(decoders, digits, strict=True):
        vals = np.asarray(uniques)[dig]
        if table is not None:
            decoded_cols.append([table[v] for v in vals.tolist()])
        else:
            decoded_cols.append([None if v == -1 else v for v in vals.tolist()])
    for i in range(len(group_ids)):
        key = tuple(c[i] for c in decoded_cols[:-1])
        out.append((key, int(decoded_cols[-1][i]), sums[i], present[i], int(counts[group_ids[i]])))
    return out


def program_page(snap: Snapshot, rows: Rows, limit: int, offset: int) -> tuple[list[int], int]:
    ids = np.unique(rows.program)
    ranked = ids[np.argsort(snap.registry.rank[ids], kind="stable")]
    return [int(v) for v in ranked[offset: offset + limit]], len(ids)
