"""A cursor for the few hand-written hot statements (issue 16: sessions, the room pages' reads, audit rows).

On PostgreSQL, when the database's OPTIONS allow prepared statements (`prepare_threshold`, settings.base), its
statements are prepared on the server once per connection and then only executed (PostgreSQL skips parsing and
planning: about half its work for short statements). Django's own cursors bind parameters on the client and never
prepare, so only statements run through `cursor()` are. Elsewhere (SQLite, or the option left out behind a
connection pooler in transaction mode such as pgbouncer before 1.21) it is Django's ordinary cursor. Either way
Django logs the statements as usual (debug, CaptureQueriesContext, execute wrappers)."""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

_PREPARED: Any = None


def _prepared_class() -> Any:
    global _PREPARED
    if _PREPARED is None:
        from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

        class PreparedCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
            def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
                return super().execute(query, params, prepare=True)

        _PREPARED = PreparedCursor
    return _PREPARED


def cursor(conn: BaseDatabaseWrapper | None = None) -> Any:
    conn = conn or connections["default"]
    if conn.vendor != "postgresql" or conn.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is None:
        return conn.cursor()
    conn.ensure_connection()
    return conn._prepare_cursor(_prepared_class()(conn.connection))  # type: ignore[attr-defined]
