"""Who is acting and through which door, for audit rows written outside a request (CLI, imports, tasks)."""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeContext:
    source: str = "web"  # web, api, cli, import, task
    batch_id: str = ""


_current: contextvars.ContextVar[ChangeContext] = contextvars.ContextVar(
    "iljari_change_context", default=ChangeContext()  # noqa: B039 - frozen dataclass
)


def current() -> ChangeContext:
    return _current.get()


@contextlib.contextmanager
def change_context(source: str, batch_id: str | None = None) -> Iterator[ChangeContext]:
    ctx = ChangeContext(source=source, batch_id=batch_id or uuid.uuid4().hex[:16])
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
