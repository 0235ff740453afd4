"""Django's database sessions (SESSION_ENGINE), with the session read on every request made by one plain
(prepared) statement instead of the ORM (issue 16: building that SELECT cost ~0.6 ms of Python per request, about as much
as the rest of a short page's database work). The same row, the same expiry test, the same answer for a missing,
expired or malformed key; writing, cycling and clearing sessions are Django's own."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from .sql import cursor as sql_cursor


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key  # None when the cookie's key is malformed (Django validates it)
        if key is not None:
            model = self.model
            conn = connections[router.db_for_read(model)]
            q = conn.ops.quote_name
            with sql_cursor(conn) as cur:  # prepared on PostgreSQL
                cur.execute(f"SELECT {q('session_data')} FROM {q(model._meta.db_table)}"
                            f" WHERE {q('session_key')} = %s AND {q('expire_date')} > %s",
                            [key, conn.ops.adapt_datetimefield_value(timezone.now())])
                row = cur.fetchone()
            if row is not None:
                return model(session_key=key, session_data=row[0])
        self._session_key = None
        return None
