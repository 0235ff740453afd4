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
