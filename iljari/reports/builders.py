"""Each publishable report: how to build it for a subject and date, and the figures that are frozen with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404


@dataclass
class BuiltReport:
    title: str
    body_template: str
    context: dict[str, Any]
    figures: dict[str, Any]  # "표/행/열" -> value as printed in the report's units
    params: dict[str, Any] = field(default_factory=dict)
    owner: Any = None  # the object whose unit may publish it (policy.can(user, "change_program", owner))


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
        raise Http404(f"unknown report kind {kind}") from None
    return fn(subject, as_of, params or {})


def plain(v: Any) -> Any:
    """A figure as JSON: Decimals as text (exact), the rest as is."""
    if isinstance(v, Decimal):
        return str(v.normalize()) if v == v.to_integral_value() else str(v)
    return v


@builder("pledge_card")
def pledge_card_report(subject: str, as_of: dt.date, params: dict[str, Any]) -> BuiltReport:
    from iljari.core.numbers import format_amount, format_percent
    from iljari.pledges.models import Pledge
    from iljari.pledges.selectors import pledge_card
    from iljari.pledges.views import card_context

    pledge = Pledge.objects.select_related("owner_org").filter(number=subject).first()
    if pledge is None:
        raise Http404
    card = pledge_card(pledge, as_of=as_of, rounding=params.get("rounding"))
    figures: dict[str, Any] = {}
    for name, table in (("투자계획", card.plan), ("예산 집행액", card.execution)):
        for row in table.rows:
            figures[f"{name}/{row.label}/계"] = format_amount(row.total, rounding=card.rounding)
            for y, v in zip(table.years, row.years, strict=True):
                figures[f"{name}/{row.label}/{y}"] = format_amount(v, rounding=card.rounding)
    for x in card.indicators:
        key = f"추진실적/{x.order}. {x.indicator}"
        figures[f"{key}/목표"] = plain(x.goal)
        figures[f"{key}/실적"] = plain(x.result)
        figures[f"{key}/이행률(%)"] = format_percent(x.rate, card.rounding)
    figures["추진실적/총 이행률(%)"] = format_percent(card.total_rate, card.rounding)
    figures["자료 점검/건수"] = len(card.checks)
    ctx = card_context(card)
    return BuiltReport(title=ctx["title"], body_template="pledges/_card.html", context=ctx, figures=figures,
                       params={"rounding": str(card.rounding)}, owner=pledge)
