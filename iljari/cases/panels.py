"""The case page's panels: each slice shows its part of a case (the subsidy's months and screening, the money's
payments and recoveries, the call's reviews and agreement) as a panel registered here, so the case page (slice
"flows") needs no knowledge of them. A panel is a template and a function giving its context; `applies` says
for which cases it shows.

    @panel("money", "cases/panels/money.html", order=30)
    def money_panel(request, case) -> dict | None: ...   # None: nothing to show for this case
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .models import Case

Context = Callable[[HttpRequest, Case], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    order: int
    context: Context


PANELS: dict[str, Panel] = {}


def panel(name: str, template: str, order: int = 50) -> Callable[[Context], Context]:
    def register(fn: Context) -> Context:
        PANELS[name] = Panel(name, template, order, fn)
        return fn

    return register


def panels_for(request: HttpRequest, case: Case) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every panel with something to show for `case`, in order."""
    out = []
    for p in sorted(PANELS.values(), key=lambda p: (p.order, p.name)):
        ctx = p.context(request, case)
        if ctx is not None:
            out.append((p.template, ctx))
    return out
