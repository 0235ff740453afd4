"""Helpers for working column by column (imports and bulk writes of up to millions of rows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from psycopg.copy import QueuedLibpqWriter


def by_distinct(values: Any, fn: Callable[[Any], Any], *, dtype: Any = object, na: Any = None) -> np.ndarray:
    """`fn` of every value, computed once per distinct value (codes, periods, dates repeat a million times);
    missing values give `na`."""
    codes, uniq = pd.factorize(values)
    table = np.array([*(fn(u) for u in uniq), na], dtype=dtype)
    return table[codes]


def copy_writer(cursor: Any) -> QueuedLibpqWriter:
    """A COPY writer that sends from a worker thread, so Python formats the next slice while PostgreSQL
    stores the last one (psycopg's default writer waits for each send)."""
    return QueuedLibpqWriter(cursor)


def bulk_set(model: Any, columns: list[str], rows: list[tuple]) -> int:
    """Set `columns` of many rows at once: each row is (id, value, ...). On PostgreSQL one COPY into a temporary
    table and one UPDATE ... FROM (Django's bulk_update writes a CASE per column and row: minutes at 100,000 rows);
    elsewhere an executemany of plain UPDATEs. JSON values are passed as Python objects."""
    import json

    from django.db import connection

    if not rows:
        return 0
    table = model._meta.db_table
    fields = [model._meta.get_field(c) for c in columns]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            types = [f.db_type(connection) for f in fields]
            tmp = f"_bulk_{table}"
            cur.execute(f"DROP TABLE IF EXISTS {tmp}")  # an earlier call of this transaction set other columns
            cur.execute(f"CREATE TEMP TABLE {tmp} (id bigint, "
                        + ", ".join(f'"{f.column}" {t}' for f, t in zip(fields, types, strict=True)) + ") ON COMMIT DROP")
            raw = cur.connection.cursor()
            is_json = [f.get_internal_type() == "JSONField" for f in fields]
            with raw.copy(f"COPY {tmp} (id, {', '.join(chr(34) + f.column + chr(34) for f in fields)}) FROM STDIN",
                          writer=copy_writer(raw)) as copy:
                for row in rows:
                    copy.write_row([row[0], *[json.dumps(v, ensure_ascii=False) if j else v
                                              for v, j in zip(row[1:], is_json, strict=True)]])
            sets = ", ".join(f'"{f.column}" = s."{f.column}"' for f in fields)
            cur.execute(f"UPDATE {table} t SET {sets} FROM {tmp} s WHERE t.id = s.id")
            return cur.rowcount
        sets = ", ".join(f'"{f.column}" = %s' for f in fields)
        prepared = [[f.get_db_prep_value(v, connection) for f, v in zip(fields, row[1:], strict=True)] + [row[0]]
                    for row in rows]
        cur.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", prepared)
        return len(rows)
