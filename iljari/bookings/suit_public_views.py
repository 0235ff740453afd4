"""The citizens' interview-suit pages (취업날개서비스, under /cafes/): the service and its rules in force today, the
branches with a district filter, booking a suit (pick-up day, cut, sizes from what is in stock), the confirmation
with the due day and how to return, and cancelling. Booking needs the citizen's own account (phone and password)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from iljari.core.errors import ServiceError
from iljari.core.labels import choices_in_language, name_in_language, one_language

from . import suit_services as svc
from .accounts import citizen_required, current_account
from .models import BookingRule, Place, Rental, Service, SuitItem
from .rules import day_label


def rule_today(today: dt.date) -> BookingRule | None:
    return BookingRule.objects.filter(service=Service.SUIT, valid_from__lte=today).order_by("-valid_from").first()


def rule_words(rule: BookingRule | None) -> list[str]:
    """The rule in force in sentences a citizen reads."""
    if rule is None:
        return []
    out = []
    if rule.max_age is not None:
        if rule.final_year_students:
            out.append(_("Seoul residents from the final year of high school to age %(max)s")
                       % {"max": rule.max_age} if rule.residents_only else
                       _("From the final year of high school to age %(max)s") % {"max": rule.max_age})
        else:
            out.append(_("Seoul residents aged %(min)s to %(max)s") % {"min": rule.min_age or 0, "max": rule.max_age})
    if rule.rental_nights:
        out.append(_("Keep the suit %(n)s nights and %(d)s days: return it on the fourth day at the latest")
                   % {"n": rule.rental_nights, "d": rule.rental_nights + 1} if rule.rental_nights == 3 else
                   _("Keep the suit %(n)s nights and %(d)s days") % {"n": rule.rental_nights,
                                                                       "d": rule.rental_nights + 1})
    if rule.yearly_count:
        out.append(_("At most %(n)s rentals a calendar year (the count starts again on 1 January)")
                   % {"n": rule.yearly_count})
    out.append(_("Book up to %(n)s days ahead; pick the suit up at the branch you chose") % {"n": rule.advance_days})
    if rule.cancel_hours:
        out.append(_("Cancel at least %(n)s hours before the branch opens on the pick-up day") % {"n": rule.cancel_hours})
    if rule.late_return_ban_days:
        out.append(_("Return it late and you cannot book for %(n)s days; not picking it up: %(m)s days")
                   % {"n": rule.late_return_ban_days, "m": rule.no_show_ban_days})
    out.append(_("Return it in person at the branch, or send it by parcel (the day you send it counts)"))
    return out


def hours_words(branch: Place) -> list[str]:
    names = ([_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")])
    return [f"{names[h.weekday]} {h.opens:%H:%M}–{h.closes:%H:%M}" for h in branch.hours.all()]


@require_safe
def suits(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    branches = list(Place.objects.filter(kind=Place.Kind.SUIT_BRANCH, active=True)
                    .select_related("district", "operator").prefetch_related("hours").order_by("district__code",
                                                                                              "name_ko"))
    districts = sorted({b.district for b in branches}, key=lambda d: d.name_ko)
    chosen = request.GET.get("district", "")
    shown = [b for b in branches if not chosen or b.district.code == chosen]
    rows = [{"branch": b, "hours": hours_words(b), "operator": name_in_language(b.operator)} for b in shown]
    return render(request, "bookings/public/suits.html", {
        "rule_words": rule_words(rule_today(today)), "rows": rows, "districts": districts, "chosen": chosen,
        "operators": len({b.operator_id for b in branches}), "today": today})


class BookForm(forms.Form):
    pickup_on = forms.TypedChoiceField(label=_("Pick-up day"), coerce=dt.date.fromisoformat)
    cut = forms.ChoiceField(label=_("Cut"), choices=choices_in_language(SuitItem.Cut.choices),
                            widget=forms.RadioSelect)
    final_year_student = forms.BooleanField(label=_("I am in the final year of high school"), required=False)
    sizes_note = forms.CharField(label=_("Height and sizes you usually wear"), required=False, max_length=200)

    def __init__(self, *args: Any, days: list[dt.date], stock: dict[str, dict[str, tuple[int, int]]], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["pickup_on"].choices = [(d.isoformat(), day_label(d)) for d in days]
        self.items = []
        language = get_language()
        for item, label in SuitItem.Item.choices:
            if item not in stock:
                continue
            choices = [("", _("Not this piece"))]
            for size, (free, _total) in stock[item].items():
                if free:
                    choices.append((size, _("%(size)s (%(n)s free)") % {"size": size, "n": free}))
                else:
                    choices.append((size, _("%(size)s (all out that day)") % {"size": size}))
            self.fields[f"size_{item}"] = forms.ChoiceField(label=one_language(label, language), choices=choices,
                                                            required=False)
            self.items.append(item)

    def pieces(self) -> dict[str, str]:
        return {i: self.cleaned_data.get(f"size_{i}", "") for i in self.items if self.cleaned_data.get(f"size_{i}")}


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def suit_book(request: HttpRequest, branch_code: str) -> HttpResponse:
    account = current_account(request)
    assert account is not None
    branch = get_object_or_404(Place.objects.prefetch_related("hours").select_related("operator", "district"),
                               code=branch_code, kind=Place.Kind.SUIT_BRANCH, active=True)
    today = timezone.localdate()
    rule = rule_today(today)
    days = svc.open_days(branch, today, 60, rule, limit=rule.advance_days if rule else 14)
    data = request.POST if request.method == "POST" else request.GET
    cut = data.get("cut") if data.get("cut") in SuitItem.Cut.values else SuitItem.Cut.MEN
    try:
        day = dt.date.fromisoformat(data.get("pickup_on", ""))
    except ValueError:
        day = None
    day = day if day in days else (days[0] if days else today)
    stock = svc.suit_availability(branch=branch, pickup_on=day, cut=cut, today=today).sizes
    initial = {"pickup_on": day.isoformat(), "cut": cut}
    form = BookForm(request.POST if request.method == "POST" else None, days=days, stock=stock, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rental = svc.rental_book(actor=str(account), person=account.person, branch=branch,
                                     pickup_on=form.cleaned_data["pickup_on"], pieces=form.pieces(),
                                     cut=form.cleaned_data["cut"], account=account,
                                     final_year_student=form.cleaned_data["final_year_student"],
                                     sizes_note=form.cleaned_data["sizes_note"])
        except ServiceError as e:
            problems = [p.text() for p in e.problems]
        else:
            return HttpResponseRedirect(reverse("cafes:rental", args=[rental.pk]))
    due = svc.due_date(branch, day, rule)
    return render(request, "bookings/public/suit_book.html", {
        "branch": branch, "form": form, "problems": problems, "day": day, "due": due, "days": days,
        "hours": hours_words(branch), "rule_words": rule_words(rule), "day_label": day_label(day),
        "due_label": day_label(due)}, status=400 if request.method == "POST" else 200)


def _own(request: HttpRequest, rental_id: int) -> Rental:
    account = current_account(request)
    rental = (Rental.objects.select_related("branch", "branch__district").prefetch_related("branch__hours")
              .filter(pk=rental_id, person=account.person if account else None).first())
    if rental is None:
        raise Http404
    return rental


def _pieces(rental: Rental) -> list[str]:
    language = get_language()
    return [f"{one_language(line.item.get_cut_display(), language)} {one_language(line.item.get_item_display(), language)}"
            f" {line.item.size}" for line in rental.lines.select_related("item").filter(
                live=rental.status in Rental.LIVE).order_by("item__item")]


@citizen_required
@require_safe
def rental(request: HttpRequest, rental_id: int) -> HttpResponse:
    r = _own(request, rental_id)
    deadline = None
    if r.status == Rental.Status.RESERVED:
        deadline = timezone.localtime(svc.cancel_deadline(r))
    return render(request, "bookings/public/rental.html", {
        "r": r, "pieces": _pieces(r), "pickup_label": day_label(r.pickup_on), "due_label": day_label(r.due_on),
        "hours": hours_words(r.branch), "deadline": deadline,
        "can_cancel": deadline is not None and timezone.now() <= deadline,
        "status": one_language(r.get_status_display(), get_language())})


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def rental_cancel(request: HttpRequest, rental_id: int) -> HttpResponse:
    r = _own(request, rental_id)
    problems: list[str] = []
    if request.method == "POST":
        try:
            svc.rental_cancel(actor=str(current_account(request)), rental=r)
        except ServiceError as e:
            problems = [p.text() for p in e.problems]
        else:
            return HttpResponseRedirect(reverse("cafes:rental", args=[r.pk]))
    return render(request, "bookings/public/rental_cancel.html", {
        "r": r, "pieces": _pieces(r), "pickup_label": day_label(r.pickup_on), "problems": problems},
        status=400 if problems else 200)
