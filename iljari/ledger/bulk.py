"""Bulk loading of fact versions with PostgreSQL COPY.

Per-row foreign-key triggers cost more than the COPY itself at ten million rows. When the connection may do
so (a PostgreSQL superuser), the load runs with `session_replication_role = replica`, which skips those
triggers, and the same transaction then checks every reference of the loaded rows in one set-based query;
a dangling reference rolls the whole load back. Unique indexes are enforced as always. Elsewhere (SQLite, or
a role that may not skip triggers) the rows go in with the triggers on: slower, equally safe.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd
from django.db import connection, transaction

from iljari.core.columns import by_distinct, copy_writer
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program

from .models import Fact

COPY_COLUMNS = ["id", "program_id", "org_unit_id", "measure_id", "funding_source_id", "period", "period_kind",
                "year", "period_end", "ref_date", "as_of", "value", "replaces_id", "recorded_at", "recorded_by_id",
                "reason", "source", "batch_id", "illustrative", "note"]


class BulkLoadError(Exception):
    pass


def can_skip_triggers() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cur.fetchone()
    return bool(row and row[0])


def dangling_references(first_id: int, last_id: int) -> int:
    t = Fact._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM {t} f "
            f"LEFT JOIN {Program._meta.db_table} p ON p.id = f.program_id "
            f"LEFT JOIN {OrgUnit._meta.db_table} o ON o.id = f.org_unit_id "
            f"LEFT JOIN {Measure._meta.db_table} m ON m.id = f.measure_id "
            f"LEFT JOIN {Code._meta.db_table} c ON c.id = f.funding_source_id "
            f"LEFT JOIN {t} r ON r.id = f.replaces_id "
            f"WHERE f.id BETWEEN %s AND %s AND (p.id IS NULL OR o.id IS NULL OR m.id IS NULL OR c.id IS NULL "
            f"OR (f.replaces_id IS NOT NULL AND r.id IS NULL))", [first_id, last_id])
        return int(cur.fetchone()[0])


def _escape(value: Any) -> Any:
    """COPY's text format: a backslash, tab or line break in a note must be escaped."""
    if not isinstance(value, str):
        return value
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates, timestamps and text as COPY text, each distinct value formatted once (fast to_csv)."""
    out = frame[COPY_COLUMNS].copy()
    for col in ("period_end", "ref_date", "as_of", "recorded_at"):
        out[col] = by_distinct(out[col], lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v))
    for col in TEXT_COLUMNS:
        out[col] = by_distinct(out[col], _escape)
    return out


TEXT_COLUMNS = ["period", "period_kind", "reason", "source", "batch_id", "note"]
SECONDARY_INDEXES = ["fact_program_idx", "fact_year_idx", "fact_one_first_version", "fact_replaced_once"]


def copy_facts(frame: pd.DataFrame, *, batch_id: str, chunk: int = 50_000, rebuild_indexes: bool | None = None,
               while_storing: Any = None) -> int:
    """Write prepared rows (all COPY_COLUMNS present, ids assigned) in one transaction.

    `rebuild_indexes` (default: when the load is at least as large as the table): drop the secondary indexes,
    load, and build them again in the same transaction. Building an index once is far cheaper than updating
    it row by row; the unique ones are re-validated by the build, and writers wait on the table lock.
    """
    if frame.empty:
        return 0
    if connection.vendor != "postgresql":
        objs = [Fact(**{c: (None if pd.isna(v) else v) for c, v in zip(COPY_COLUMNS, rec, strict=True)})
                for rec in frame[COPY_COLUMNS].itertuples(index=False, name=None)]
        Fact.objects.bulk_create(objs, batch_size=2000)
        return len(objs)
    skip = can_skip_triggers()
    table = Fact._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cur:
            if rebuild_indexes is None:
                cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
                rebuild_indexes = len(frame) >= max(float(cur.fetchone()[0]), 0) and len(frame) >= 100_000
            saved: list[str] = []
            if rebuild_indexes:
                cur.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
                cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s)",
                            [table, SECONDARY_INDEXES])
                for name, definition in cur.fetchall():
                    saved.append(definition)
                    cur.execute(f'DROP INDEX "{name}"')
            if skip:
                cur.execute("SET LOCAL session_replication_role = replica")
            raw = cur.connection.cursor()
            text = _as_text(frame)
            # One COPY, fed in slices: a writer thread sends a slice while the next is formatted, so Python
            # and the server work at the same time.
            with raw.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN", writer=copy_writer(raw)) as copy:
                for i in range(0, len(text), chunk):
                    buf = io.StringIO()
                    text.iloc[i:i + chunk].to_csv(buf, index=False, header=False, na_rep="\\N", sep="\t",
                                                   quoting=csv.QUOTE_NONE)
                    copy.write(buf.getvalue())
                if while_storing is not None:  # Python work done while PostgreSQL stores what was sent
                    while_storing()
            for definition in saved:
                cur.execute(definition)  # a duplicate first version or double replacement fails here
            if skip:
                cur.execute("SET LOCAL session_replication_role = origin")
                bad = dangling_references(int(frame["id"].min()), int(frame["id"].max()))
                if bad:
                    raise BulkLoadError(f"{bad} loaded rows refer to missing programs, org units, measures, "
                                        "sources or versions; nothing was loaded")
    return len(frame)
