"""이용 현황: each operator's and place's usage by month (users, times operated, study-room users, suit users) for a
chosen year with last year beside. Operators' figures are the ledger's (bookings.derive); a place's are counted from
its records by the same rule (bookings.derive.usage_daily). Aggregates only (no personal data): every role may see
them; local officers see their own unit's operators by default (`all=1` shows every operator)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.numbers import format_quantity

from .derive import MEASURES, key_operators, ledger_usage, measures_of, usage_daily
from .models import Operator, Place


def _labels() -> dict[str, str]:
    return {"cafe_users": _("Café users"), "cafe_operations": _("Times operated"),
            "study_room_users": _("Study-room users"), "suit_users": _("Suit users")}


def _own(totals: list[int | None]) -> list[int | None]:
    out: list[int | None] = []
    prev = 0
    for t in totals:
        out.append(None if t is None else t - prev)
        prev = t if t is not None else prev
    return out


def _ytd(totals: list[int | None]) -> int | None:
    vals = [t for t in totals if t is not None]
    return vals[-1] if vals else None


def _add(a: list[int | None], b: list[int | None]) -> list[int | None]:
    return [None if x is None and y is None else (x or 0) + (y or 0) for x, y in zip(a, b, strict=True)]


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return "-"
    d = now - before
    return ("+" if d > 0 else "") + format_quantity(d)


def _one_year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _monthly_from_records(place: Place, year: int, as_of: dt.date) -> dict[str, list[int | None]]:
    daily = usage_daily(dt.date(year, 1, 1), as_of, by="place", ids=[place.pk])
    out: dict[str, list[int | None]] = {}
    wanted = set(measures_of([place.operator]))
    for m in MEASURES:
        if m not in wanted:  # a service the place does not offer: no figure, not zero
            out[m] = [None] * 12
            continue
        months: list[int | None] = [0 if dt.date(year, i + 1, 1) <= as_of else None for i in range(12)]
        for day, n in daily[m].get(place.pk, []):
            months[day.month - 1] = (months[day.month - 1] or 0) + n
        out[m] = months
    return out


@gate("view")
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    as_of = min(dt.date(year, 12, 31), today)
    before = _one_year_earlier(as_of)
    operators = list(Operator.objects.restrict(request.user, "view").filter(program__isnull=False)
                     .select_related("org_unit", "program"))
    mine = policy.home_unit(request.user)
    show_all = request.GET.get("all") == "1" or mine is None
    if not show_all:
        operators = [o for o in operators if o.org_unit.path.startswith(mine.path)]  # type: ignore[union-attr]
    places = list(Place.objects.restrict(request.user, "view").filter(operator__in=operators)
                  .select_related("operator", "district"))
    chosen_op = chosen_place = None
    if request.GET.get("operator"):
        chosen_op = next((o for o in operators if o.code == request.GET["operator"]), None)
        if chosen_op is None:
            raise Http404
    if request.GET.get("place"):
        chosen_place = next((p for p in places if p.code == request.GET["place"]), None)
        if chosen_place is None:
            raise Http404
    keys = key_operators(operators)
    if chosen_op is not None:
        keys = {k: v for k, v in keys.items() if k == (chosen_op.program_id, chosen_op.org_unit_id)}
    now_f = ledger_usage(keys, year, as_of)
    then_f = ledger_usage(keys, year - 1, before)
    labels = _labels()
    if chosen_place is not None:
        own_now = _monthly_from_records(chosen_place, year, as_of)
        own_then = _monthly_from_records(chosen_place, year - 1, before)
    else:
        own_now = {m: _own(_sum_keys(now_f, m)) for m in MEASURES}
        own_then = {m: _own(_sum_keys(then_f, m)) for m in MEASURES}
    months = []
    for i in range(as_of.month):
        months.append({"month": i + 1, "cells": [{"now": own_now[m][i], "then": own_then[m][i],
                                                  "change": _change(own_now[m][i], own_then[m][i])}
                                                 for m in MEASURES]})
    summary = []
    for m in MEASURES:
        now_v = sum(v for v in own_now[m] if v is not None) if any(v is not None for v in own_now[m]) else None
        then_v = sum(v for v in own_then[m] if v is not None) if any(v is not None for v in own_then[m]) else None
        summary.append({"code": m, "label": labels[m], "now": now_v, "then": then_v, "change": _change(now_v, then_v)})
    per_operator = []
    for key, ops in keys.items():
        wanted = set(measures_of(ops))
        per_operator.append({"name": ", ".join(o.name_ko if _lang_ko(request) else (o.name_en or o.name_ko)
                                               for o in ops[:3]) + (f" … ({len(ops)})" if len(ops) > 3 else ""),
                             "code": ops[0].code,
                             "cells": [{"now": _ytd(now_f[key][m]) if m in wanted else None,
                                        "then": _ytd(then_f[key][m]) if m in wanted else None} for m in MEASURES]})
    shown_places = [p for p in places if chosen_op is None or p.operator_id == chosen_op.pk]
    if chosen_place is not None:
        shown_places = [chosen_place]
    p_now = usage_daily(dt.date(year, 1, 1), as_of, by="place", ids=[p.pk for p in shown_places])
    p_then = usage_daily(dt.date(year - 1, 1, 1), before, by="place", ids=[p.pk for p in shown_places])
    per_place = []
    for p in sorted(shown_places, key=lambda p: (p.kind, p.code)):
        wanted = set(measures_of([p.operator]))
        per_place.append({"place": p, "cells": [
            {"now": sum(n for _d, n in p_now[m].get(p.pk, [])) if m in wanted else None,
             "then": sum(n for _d, n in p_then[m].get(p.pk, [])) if m in wanted else None} for m in MEASURES]})
    month_names = [_("Month %(month)d") % {"month": i + 1} for i in range(as_of.month)]
    chart = {"kind": "bar", "categories": month_names,
             "series": [{"name": f"{labels[m]} {year}", "data": own_now[m][: as_of.month]}
                        for m in ("cafe_users", "suit_users")]
             + [{"name": f"{labels[m]} {year - 1}", "data": own_then[m][: as_of.month]}
                for m in ("cafe_users", "suit_users")]}
    return render(request, "bookings/usage.html", {
        "year": year, "last_year": year - 1, "as_of": as_of, "before": before, "measures": [labels[m] for m in MEASURES],
        "summary": summary, "months": months, "per_operator": per_operator, "per_place": per_place, "chart": chart,
        "operators": sorted(operators, key=lambda o: o.code), "places": places, "chosen_op": chosen_op,
        "chosen_place": chosen_place, "show_all": show_all, "local": mine is not None,
    })


def _sum_keys(figures: dict[Any, dict[str, list[int | None]]], m: str) -> list[int | None]:
    out: list[int | None] = [None] * 12
    for per in figures.values():
        out = _add(out, per[m])
    return out


def _lang_ko(request: HttpRequest) -> bool:
    from django.utils.translation import get_language

    return not (get_language() or "ko").startswith("en")
