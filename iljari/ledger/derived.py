"""What the derivations of ledger facts from records share (`employment.derive`: the job centres' funnel;
`bookings.derive`: the cafés' and suits' usage): who acts, the running totals of a year, what the ledger reads for
a key as of a day, and the outcome of a run.

- `derive_actor(actor)` / `acting`: services that change records say who acts; the re-derivation their commit
  triggers (signals, after commit) is recorded under that user, otherwise under the system actor.
- `RunningTotals(daily)`: running totals from daily counts (`upto(day)`: the total from 1 January to `day`).
- `month_versions(...)` and `value_at(versions, day)`: the versions of derived monthly facts and the value the
  ledger gives for one key as of a day (greatest ref_date, as_of, id among as_of <= day).
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.utils import timezone

from .models import Fact

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("iljari_derive_actor", default=None)


@contextlib.contextmanager
def derive_actor(actor: Any) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    return _actor.get()


_Service = TypeVar("_Service", bound=Callable[..., Any])


def acting(service: _Service) -> _Service:
    """A service decorator: what is re-derived after the service's commit is recorded under its `actor`."""

    @functools.wraps(service)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with derive_actor(kwargs.get("actor")):
            return service(*args, **kwargs)

    return cast(_Service, wrapped)


@dataclass
class DeriveOutcome:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    locked: list[str] = field(default_factory=list)  # "KEY measure period" left alone (마감)


class RunningTotals:
    """Running totals of one key x measure x year from daily counts (a day may come more than once)."""

    def __init__(self, daily: Iterable[tuple[dt.date, int]]) -> None:
        merged: dict[dt.date, int] = {}
        for d, n in daily:
            merged[d] = merged.get(d, 0) + int(n or 0)
        self.days = sorted(merged)
        self.cum: list[int] = []
        total = 0
        for d in self.days:
            total += merged[d]
            self.cum.append(total)

    def upto(self, day: dt.date) -> int:
        i = bisect.bisect_right(self.days, day)
        return self.cum[i - 1] if i else 0


def month_versions(program_ids: set[int], year: int, measure_ids: set[int], source_id: int
                   ) -> dict[tuple, list[Fact]]:
    """Every version of the year's monthly facts of these programs and measures, by (program, unit, measure,
    period), oldest first."""
    out: dict[tuple, list[Fact]] = {}
    for f in (Fact.objects.filter(program_id__in=program_ids, year=year, measure_id__in=measure_ids,
                                  funding_source_id=source_id, period_kind="M").order_by("id")):
        out.setdefault((f.program_id, f.org_unit_id, f.measure_id, f.period), []).append(f)
    return out


def value_at(versions: list[Fact], day: dt.date) -> int | None:
    """What the ledger reads for this key as of `day` (greatest ref_date, as_of, id among as_of <= day)."""
    best: Fact | None = None
    for f in versions:
        if f.as_of <= day and (best is None or (f.ref_date, f.as_of, f.pk) > (best.ref_date, best.as_of, best.pk)):
            best = f
    return None if best is None else best.value


def default_cutoff(year: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today)


class RederiveAfterCommit:
    """The keys (e.g. centre-years, operator-years) a transaction's changes touched, re-derived once after it
    commits, under the user acting when the first key was touched; in autocommit at once. A rolled-back
    transaction drops its on-commit hook, and its keys with it. `rederive(keys, actor=...)` does the work."""

    def __init__(self, rederive: Callable[..., Any]) -> None:
        import threading

        self._rederive = rederive
        self._local = threading.local()

    def _queued(self) -> set[Any] | None:
        from django.db import connection

        keys = getattr(self._local, "keys", None)
        hook = getattr(self._local, "hook", None)
        if keys is None or hook is None or not any(entry[1] is hook for entry in connection.run_on_commit):
            return None
        return keys

    def touch(self, key: Any) -> None:
        from django.db import connection, transaction

        if not connection.in_atomic_block:  # autocommit: the change is already committed
            self._rederive({key}, actor=current_actor())
            return
        keys = self._queued()
        if keys is None:
            keys = self._local.keys = set()
            actor = current_actor()

            def run() -> None:
                touched = set(keys)
                self._local.keys = self._local.hook = None
                self._rederive(touched, actor=actor)

            self._local.hook = run
            transaction.on_commit(run)
        keys.add(key)
