"""Locks that make a check and the write after it one step (pretix's quota locking, one level finer).

- `lock_person(person_id)`: every booking service takes it before counting a person's minutes, rentals or future
  bookings and writing the new one, so two requests of one person cannot both pass a cap. PostgreSQL: a
  transaction-scoped advisory lock on (namespace, person id), released at commit or rollback.
- `lock_row(model, pk)`: the session (capacity) or the room being booked (`SELECT … FOR UPDATE`).

On SQLite every write transaction begins IMMEDIATE (settings: `transaction_mode`), which already holds the
database's one write lock for the whole transaction: both calls are then no-ops beyond the read.
Call them inside `transaction.atomic()`; the lock order is person first, then rows, everywhere (no deadlock).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection, models

from iljari.core.sql import cursor as sql_cursor

PERSON_NAMESPACE = 16_001  # pg_advisory_xact_lock(int4 namespace, int4 key): the bookings' person locks

M = TypeVar("M", bound=models.Model)


def lock_person(person_id: int) -> None:
    if connection.vendor == "postgresql":
        with sql_cursor(connection) as cur:  # prepared (iljari.core.sql)
            cur.execute("SELECT pg_advisory_xact_lock(%s::int, %s::int)", [PERSON_NAMESPACE, int(person_id) % 2**31])


def lock_row(model: type[M], pk: Any) -> M:
    return model._base_manager.select_for_update().get(pk=pk)
