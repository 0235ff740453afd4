"""Pledge pages: the list and the card as HTML, PDF and xlsx (one card, three forms)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.dates import DateParseError, parse_date
from iljari.core.forms import form_messages
from iljari.core.http import file_response
from iljari.core.labels import ROUNDINGS, one_language
from iljari.core.pdf import render_pdf

from .exports import card_workbook
from .labels import in_language
from .models import Pledge
from .selectors import pledge_card


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return parse_date(request.GET.get("as_of", "")) or timezone.localdate()
    except DateParseError:
        return timezone.localdate()


@gate("view")
def pledge_list(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    as_of = _as_of(request)
    pledges = Pledge.objects.select_related("owner_org").restrict(request.user, "view")
    cards = [pledge_card(p, as_of=as_of) for p in pledges]
    return render(request, "pledges/list.html", {"cards": cards, "as_of": as_of})


def card_context(card) -> dict:  # type: ignore[no-untyped-def]
    p = card.pledge
    return {
        "card": card, "programs": list(p.programs.order_by("code")),
        "natures": in_language(Pledge.Nature.choices), "completions": in_language(Pledge.Completion.choices),
        "bodies": in_language(Pledge.Body.choices), "statuses": in_language(Pledge.Status.choices),
        "help_kinds": in_language(Pledge.HELP_KINDS.items()),
        "rounding_label": one_language(ROUNDINGS["half_up" if card.rounding == "half_up" else "truncate"],
                                       get_language()),
        "title": _("Pledge card %(number)s %(title)s") % {"number": p.number, "title": p.title},
        "generated_line": _("iljari · made %(made)s · figures as of %(as_of)s") % {
            "made": f"{timezone.localtime():%Y-%m-%d %H:%M}", "as_of": f"{card.as_of:%Y-%m-%d}"},
    }


@gate("view")
def pledge_detail(request: HttpRequest, number: str) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    pledge = get_object_or_404(Pledge.objects.select_related("owner_org").restrict(request.user, "view"),
                               number=number)
    card = pledge_card(pledge, as_of=_as_of(request), rounding=request.GET.get("rounding") or None)
    ctx = card_context(card)
    fmt = request.GET.get("format", "html")
    name = f"공약사업카드_{pledge.number}_{card.as_of:%Y%m%d}"
    if fmt == "pdf":
        return file_response(render_pdf("reports/print.html", {**ctx, "body_template": "pledges/_card.html"}),
                             "pdf", name)
    if fmt == "xlsx":
        return file_response(card_workbook(card), "xlsx", name)
    ctx["can_publish"] = policy.can(request.user, "publish", pledge)
    ctx["can_change"] = policy.can(request.user, "change_pledge", pledge)
    return render(request, "pledges/card.html", ctx)


@gate("view", methods=("GET", "HEAD", "POST"))
def pledge_update(request: HttpRequest, number: str) -> HttpResponse:
    """Quarterly update of a card: each indicator's result as of a date and the year's execution by source."""
    from decimal import Decimal

    from django.shortcuts import redirect

    from iljari.core.context import change_context
    from iljari.core.errors import ConflictError, ServiceError

    from .forms import SOURCE_LABELS, PledgeUpdateForm
    from .services import SOURCES, pledge_document, pledge_results_update

    pledge = get_object_or_404(Pledge.objects.select_related("owner_org").restrict(request.user, "view"),
                               number=number)
    if not policy.can(request.user, "change_pledge", pledge):
        raise PermissionDenied
    doc = pledge_document(pledge)
    errors: list[str] = []
    as_of = _as_of(request) if request.method == "GET" else None
    year = timezone.localdate().year
    if request.method == "POST":
        form = PledgeUpdateForm(request.POST, indicators=doc["indicators"], sources=SOURCES)
        if form.is_valid():
            d = form.cleaned_data
            as_of, year = d["as_of"], d["year"]
            try:
                with change_context("web"):
                    pledge_results_update(actor=request.user, pledge=pledge, as_of=as_of, results=d["results"],
                                          year=year, execution=d["execution"], reason=d["reason"],
                                          expected_version=d["version"] or None)
            except ConflictError as exc:
                errors += [p.text() for p in exc.problems]
            except ServiceError as exc:
                errors += [f"{p.field}: {p.text()}" for p in exc.problems]
            else:
                return redirect(f"/pledges/{pledge.number}/?as_of={as_of}")
        else:
            errors += form_messages(form, labelled=False)
            as_of = form.cleaned_data.get("as_of")
            year = form.cleaned_data.get("year") or year
    current = {a["source"]: Decimal(a["amount"]) / 1_000_000 for a in doc["execution"] if a["year"] == year}
    card = pledge_card(pledge, as_of=as_of or timezone.localdate())
    return render(request, "pledges/update.html", {
        "pledge": pledge, "card": card, "errors": errors, "as_of": as_of, "year": year,
        "sources": [(s, SOURCE_LABELS[s], request.POST.get(f"exec-{s}", current.get(s, ""))) for s in SOURCES],
        "post": request.POST})
