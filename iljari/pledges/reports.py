"""The pledge card as a publishable report (registered with iljari.core.reportbuilders when the app starts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iljari.core.errors import NotFoundError
from iljari.core.reportbuilders import BuiltReport, builder, plain


@builder("pledge_card")
def pledge_card_report(subject: str, as_of: dt.date, params: dict[str, Any]) -> BuiltReport:
    from iljari.core.numbers import format_amount, format_percent

    from .models import Pledge
    from .selectors import pledge_card
    from .views import card_context

    pledge = Pledge.objects.select_related("owner_org").filter(number=subject).first()
    if pledge is None:
        raise NotFoundError(f"공약사업 {subject}이(가) 없습니다", f"no pledge {subject}")
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
