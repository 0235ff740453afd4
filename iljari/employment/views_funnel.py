"""The centre dashboard (일자리센터 현황): the funnel of the centres a user may see, for a year as of a date, by month
with last year beside it, read from the ledger (the derived facts: employment.derive), so it shows what the pivot
and the API show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.numbers import format_quantity
from iljari.ledger.models import Fact
from iljari.ledger.rollup.sql import _one_year_earlier

from .derive import MEASURES, ledger_funnel
from .models import Centre


def centres_for(user: Any) -> list[Centre]:
    """Centres whose funnel a user may see: every centre for global roles (the figures are aggregates, so
    reviewers see them too), a local officer's own centres (those of their unit's subtree)."""
    qs = Centre.objects.filter(active=True).select_related("org_unit", "program", "district")
    if policy.grant(user, "view").everywhere:
        return list(qs.order_by("code"))
    return list(Centre.objects.restrict(user, "view_seeker").filter(active=True)
                .select_related("org_unit", "program", "district").order_by("code"))


def _labels() -> dict[str, str]:
    return {"vacancies_registered": _("Vacancies"), "seekers_registered": _("Job seekers"),
            "counselling_cases": _("Counselling sessions"), "referrals_made": _("Referrals"),
            "people_placed": _("Placements")}


def _latest(centres: list[Centre]) -> dt.date:
    today = timezone.localdate()
    last = (Fact.objects.filter(program_id__in={c.program_id for c in centres if c.program_id},
                                measure__code__in=MEASURES, as_of__lte=today, source="derived")
            .aggregate(d=Max("as_of"))["d"])
    return last or today


def _period(request: HttpRequest, centres: list[Centre]) -> tuple[int, dt.date]:
    from iljari.core.dates import parse_date

    raw_year = (request.GET.get("year") or "").strip()[:4]
    raw_as_of = (request.GET.get("as_of") or "").strip()[:10]
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    as_of = None
    try:
        as_of = parse_date(raw_as_of) if raw_as_of else None
    except (ValueError, TypeError):
        as_of = None
    if as_of is not None and not 2000 <= as_of.year <= 2100:
        as_of = None
    if as_of is not None and (year is None or as_of.year == year):
        return as_of.year, as_of
    if year is not None:
        return year, min(dt.date(year, 12, 31), timezone.localdate()) if year <= timezone.localdate().year \
            else dt.date(year, 12, 31)
    latest = _latest(centres)
    return latest.year, latest


def _own(totals: list[int | None]) -> list[int | None]:
    """Each month's own count from running totals."""
    out: list[int | None] = []
    prev = 0
    for t in totals:
        out.append(None if t is None else t - prev)
        prev = t if t is not None else prev
    return out


def _sum(rows: list[list[int | None]]) -> list[int | None]:
    out: list[int | None] = [None] * 12
    for r in rows:
        for i, v in enumerate(r):
            if v is not None:
                out[i] = (out[i] or 0) + v
    return out


def _ytd(totals: list[int | None]) -> int | None:
    vals = [t for t in totals if t is not None]
    return vals[-1] if vals else None


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return "-"
    d = now - before
    return ("+" if d > 0 else "") + format_quantity(d) if d >= 0 else format_quantity(d)


@gate("view")
def centres_home(request: HttpRequest) -> HttpResponse:
    """일자리센터 현황: the five funnel figures for a year as of a date, by month with last year beside, per centre."""
    centres = centres_for(request.user)
    chosen_code = (request.GET.get("centre") or "").strip()[:40]
    chosen = None
    if chosen_code:
        chosen = next((c for c in centres if c.code == chosen_code), None)
        if chosen is None:
            raise Http404
    shown = [chosen] if chosen else centres
    year, as_of = _period(request, shown)
    before = _one_year_earlier(as_of)
    now_f = ledger_funnel(shown, year, as_of)
    then_f = ledger_funnel(shown, year - 1, before)
    labels = _labels()
    totals_now = {m: _sum([now_f[c.pk][m] for c in shown]) for m in MEASURES}
    totals_then = {m: _sum([then_f[c.pk][m] for c in shown]) for m in MEASURES}
    summary = [{"code": m, "label": labels[m], "now": _ytd(totals_now[m]), "then": _ytd(totals_then[m]),
                "change": _change(_ytd(totals_now[m]), _ytd(totals_then[m]))} for m in MEASURES]
    own_now = {m: _own(totals_now[m]) for m in MEASURES}
    own_then = {m: _own(totals_then[m]) for m in MEASURES}
    months = []
    for i in range(as_of.month):
        cells = [{"now": own_now[m][i], "then": own_then[m][i], "change": _change(own_now[m][i], own_then[m][i])}
                 for m in MEASURES]
        months.append({"month": i + 1, "cells": cells})
    per_centre = [{"centre": c, "cells": [{"now": _ytd(now_f[c.pk][m]), "then": _ytd(then_f[c.pk][m])}
                                          for m in MEASURES]} for c in shown]
    month_names = [_("Month %(month)d") % {"month": i + 1} for i in range(as_of.month)]
    chart = {"kind": "bar", "categories": month_names,
             "series": [{"name": labels[m], "data": own_now[m][: as_of.month]} for m in MEASURES]}
    chart_placed = {"kind": "line", "categories": month_names,
                    "series": [{"name": str(year), "data": own_now["people_placed"][: as_of.month]},
                               {"name": str(year - 1), "data": own_then["people_placed"][: as_of.month]}]}
    return render(request, "employment/centres.html", {
        "all_label": _("All centres") if policy.grant(request.user, "view").everywhere else _("All my centres"),
        "centres": centres, "chosen": chosen, "shown": shown, "year": year, "as_of": as_of,
        "last_year": year - 1, "before": before, "measures": [labels[m] for m in MEASURES], "summary": summary,
        "months": months, "per_centre": per_centre, "chart": chart, "chart_placed": chart_placed,
        "may_view_seekers": policy.allows(request.user, "view_seeker"),
    })
