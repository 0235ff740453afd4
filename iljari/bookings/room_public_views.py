"""The citizens' room pages (slice "rooms"): a room's free slots on a day and the booking form, the confirmation
after booking, and cancelling one's own booking. Anyone sees the slots; booking and cancelling need the citizen's
own session (`accounts.citizen_required`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from iljari.core.context import change_context
from iljari.core.errors import ServiceError

from . import room_sql
from .accounts import citizen_required, current_account
from .models import Booking, Room
from .room_forms import CancelForm, SlotForm
from .room_services import Slot, booking_cancel, booking_day, room_book, room_slots
from .rules import day_label, english

DAYS_SHOWN = 14


def _day(request: HttpRequest, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today
    return day if today <= day < today + dt.timedelta(days=DAYS_SHOWN) else today


def _room(room_id: int) -> Room:
    r = room_sql.room(room_id)  # an active room of an active place, with its place
    if r is None:
        raise Http404("no such room")
    return r


@require_http_methods(["GET", "HEAD", "POST"])
def room(request: HttpRequest, room_id: int) -> HttpResponse:
    if request.method == "POST":
        return _book(request, room_id)
    r = _room(room_id)
    today = timezone.localdate()
    day = _day(request, today)
    return _page(request, r, day, SlotForm(slots=room_slots(room=r, day=day)))


def _page(request: HttpRequest, r: Room, day: dt.date, form: SlotForm, refusal: list[str] | None = None,
          status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    days = [{"iso": d.isoformat(), "label": day_label(d), "current": d == day}
            for d in (today + dt.timedelta(days=n) for n in range(DAYS_SHOWN))]
    slots = form.day_slots
    account = current_account(request)
    ctx = {"room": r, "day": day, "day_label": day_label(day), "days": days, "slots": slots, "form": form,
           "refusal": refusal or [], "account": account,
           "closed": slots.opening.closed_en if english() else slots.opening.closed_ko,
           "not_bookable": slots.refusal.text() if slots.refusal else "",
           "login_url": _login_url(request), **_chips(r, form, slots.bookable, with_inputs=account is not None)}
    return render(request, "bookings/public/room.html", ctx, status=status)


def _chips(r: Room, form: SlotForm, bookable: list[Slot], *, with_inputs: bool) -> dict[str, str]:
    """The page's lists of start times (with the seats free) and of lengths, made here once rather than by the
    template for each of the day's ~26 slots (issue 16: the loops were most of the page's time). The markup is
    the template's as it was: radio chips for a citizen, a plain list for others."""
    free: dict[int, str] = {}

    def seats(n: int) -> str:
        if n not in free:  # the template's {% blocktrans count %}: the translation as it is, the number in it
            free[n] = format_html(' <span class="free">{}</span>',
                                  mark_safe(ngettext("%(n)s seat free", "%(n)s seats free", n) % {"n": n}))
        return free[n]

    by_seat = r.mode == "seat"
    labels = [(s.label, seats(s.free) if by_seat else "") for s in bookable]
    if not with_inputs:
        return {"static_chips": mark_safe("".join(format_html("<li>{}{}</li>", label, f) for label, f in labels))}
    start, minutes = form["start"], form["minutes"]
    chosen = start.value()
    start_chips = "".join(format_html(
        '<li><input type="radio" name="start" value="{0}" id="{1}_{2}"{3}>\n      <label for="{1}_{2}">{0}{4}'
        "</label></li>", label, start.auto_id, i, mark_safe(" checked") if chosen == label else "", f)
        for i, (label, f) in enumerate(labels))
    chosen = str(minutes.value())
    length_chips = "".join(format_html(
        '<li><input type="radio" name="minutes" value="{0}" id="{1}_{2}"{3}>\n      <label for="{1}_{2}">{4}'
        "</label></li>", value, minutes.auto_id, i, mark_safe(" checked") if chosen == str(value) else "", label)
        for i, (value, label) in enumerate(form.fields["minutes"].choices))  # type: ignore[attr-defined]
    return {"start_chips": mark_safe(start_chips), "length_chips": mark_safe(length_chips)}


def _login_url(request: HttpRequest) -> str:
    from urllib.parse import urlencode

    try:
        return f"{reverse('cafes:login')}?{urlencode({'next': request.get_full_path()})}"
    except NoReverseMatch:
        return ""


@citizen_required
def _book(request: HttpRequest, room_id: int) -> HttpResponse:
    r = _room(room_id)
    account = current_account(request)
    assert account is not None
    today = timezone.localdate()
    day = _day(request, today)
    booking, facts = None, None
    try:
        with change_context("public"), transaction.atomic():
            # the person's lock, then the day's rule and hours read once for both the form and the service
            facts = booking_day(account.person_id, r, day)
            # the steps of the day only: the service counts free seats under its locks
            form = SlotForm(request.POST, slots=room_slots(room=r, day=day, count_free=False, facts=facts))
            if form.is_valid():
                starts_at, ends_at = form.interval()
                booking = room_book(actor=None, person=account.person, room=r, starts_at=starts_at,
                                    ends_at=ends_at, account=account, facts=facts,
                                    party_size=form.cleaned_data.get("party_size") or 1)
    except ServiceError as e:  # rolled back; the page counts the free seats again
        form = SlotForm(request.POST, slots=room_slots(room=r, day=day, facts=facts))
        form.is_valid()
        return _page(request, r, day, form, refusal=[p.text() for p in e.problems], status=409)
    if booking is None:  # the start or the length is not one offered (nothing was written)
        form = SlotForm(request.POST, slots=room_slots(room=r, day=day, facts=facts))
        form.is_valid()
        return _page(request, r, day, form, status=400)
    return HttpResponseRedirect(reverse("cafes:room_booked", args=[booking.pk]))


def _own(request: HttpRequest, booking_id: int) -> Booking:
    account = current_account(request)
    booking = (Booking.objects.select_related("place", "room", "seat")
               .filter(pk=booking_id, kind=Booking.Kind.ROOM).first())
    if booking is None or account is None or booking.person_id != account.person_id:
        raise Http404
    return booking


def _when(b: Booking) -> dict[str, Any]:
    s, e = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
    return {"day_label": day_label(s.date()), "start": f"{s:%H:%M}", "end": f"{e:%H:%M}",
            "minutes": int((b.ends_at - b.starts_at).total_seconds() // 60)}


@require_http_methods(["GET", "HEAD"])
@citizen_required
def booked(request: HttpRequest, booking_id: int) -> HttpResponse:
    b = _own(request, booking_id)
    return render(request, "bookings/public/room_booked.html", {"booking": b, **_when(b)})


@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    b = _own(request, booking_id)
    account = current_account(request)
    refusal: list[str] = []
    form = CancelForm(initial={"version": b.version})
    status = 200
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                with change_context("public"):
                    booking_cancel(actor=None, booking=b, account=account, reason=form.cleaned_data["reason"],
                                   version=form.cleaned_data["version"])
            except ServiceError as e:
                refusal, status = [p.text() for p in e.problems], 409
            else:
                b.refresh_from_db()
                return render(request, "bookings/public/room_cancelled.html", {"booking": b, **_when(b)})
        else:
            status = 400
    return render(request, "bookings/public/room_cancel.html",
                  {"booking": b, "form": form, "refusal": refusal, **_when(b)}, status=status)
