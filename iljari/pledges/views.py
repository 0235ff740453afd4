"""Pledge pages: the list and the card as HTML, PDF and xlsx (one card, three forms)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from iljari.access import policy
from iljari.core.dates import DateParseError, parse_date
from iljari.reports.pdf import render_pdf

from .exports import card_workbook
from .models import Pledge
from .selectors import pledge_card

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return parse_date(request.GET.get("as_of", "")) or timezone.localdate()
    except DateParseError:
        return timezone.localdate()


@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    as_of = _as_of(request)
    pledges = policy.restrict(Pledge.objects.select_related("owner_org"), request.user, "view")
    cards = [pledge_card(p, as_of=as_of) for p in pledges]
    return render(request, "pledges/list.html", {"cards": cards, "as_of": as_of})


def card_context(card) -> dict:  # type: ignore[no-untyped-def]
    p = card.pledge
    return {
        "card": card, "programs": list(p.programs.order_by("code")),
        "natures": Pledge.Nature.choices, "completions": Pledge.Completion.choices, "bodies": Pledge.Body.choices,
        "statuses": Pledge.Status.choices, "help_kinds": list(Pledge.HELP_KINDS.items()),
        "rounding_label": "반올림" if card.rounding == "half_up" else "절사",
        "title": f"공약사업 카드 {p.number} {p.title}",
        "generated_line": f"iljari · {timezone.localtime():%Y-%m-%d %H:%M} 생성 · {card.as_of:%Y-%m-%d} 기준 자료",
    }


@login_required
def pledge_detail(request: HttpRequest, number: str) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    pledge = get_object_or_404(policy.restrict(Pledge.objects.select_related("owner_org"), request.user, "view"),
                               number=number)
    card = pledge_card(pledge, as_of=_as_of(request), rounding=request.GET.get("rounding") or None)
    ctx = card_context(card)
    fmt = request.GET.get("format", "html")
    name = quote(f"공약사업카드_{pledge.number}_{card.as_of:%Y%m%d}")
    if fmt == "pdf":
        resp = HttpResponse(render_pdf("reports/print.html", {**ctx, "body_template": "pledges/_card.html"}),
                            content_type="application/pdf")
        resp["Content-Disposition"] = f"inline; filename*=UTF-8''{name}.pdf"
        return resp
    if fmt == "xlsx":
        resp = HttpResponse(card_workbook(card), content_type=XLSX)
        resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.xlsx"
        return resp
    from iljari.reports.models import Publication

    ctx["can_publish"] = policy.can(request.user, "publish", pledge)
    ctx["publications"] = Publication.objects.filter(kind="pledge_card", subject=pledge.number).order_by("-sequence")
    return render(request, "pledges/card.html", ctx)
