"""The registry of publishable reports: how to build each for a subject and date, and the figures frozen with it.

Each app registers its own builders when it starts (pledges: the pledge card; reports: the ledger reports), so
that the publishing machinery (iljari.reports) needs to know none of them and no app imports one above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import NotFoundError


@dataclass
class BuiltReport:
    title: str
    body_template: str
    context: dict[str, Any]
    figures: dict[str, Any]  # "표/행/열" -> value as printed in the report's units
    params: dict[str, Any] = field(default_factory=dict)
    owner: Any = None  # the object whose unit may publish it (policy.can(user, "change_program", owner))
    # What must be there before the report may be published (a job plan's mandatory items, iljari.reports.jobplans):
    # iljari.core.errors.Problem each, named in Korean and English. Publishing refuses while any is left.
    blockers: list[Any] = field(default_factory=list)


BUILDERS: dict[str, Callable[[str, dt.date, dict[str, Any]], BuiltReport]] = {}


def builder(kind: str) -> Callable[[Callable[..., BuiltReport]], Callable[..., BuiltReport]]:
    def register(fn: Callable[..., BuiltReport]) -> Callable[..., BuiltReport]:
        BUILDERS[kind] = fn
        return fn
    return register


def build(kind: str, subject: str, as_of: dt.date, params: dict[str, Any] | None = None) -> BuiltReport:
    try:
        fn = BUILDERS[kind]
    except KeyError:
        raise NotFoundError(f"알 수 없는 보고서 종류입니다: {kind}", f"unknown report kind {kind}") from None
    return fn(subject, as_of, params or {})


def plain(v: Any) -> Any:
    """A figure as JSON: Decimals as text (exact), the rest as is."""
    if isinstance(v, Decimal):
        return str(v.normalize()) if v == v.to_integral_value() else str(v)
    return v
