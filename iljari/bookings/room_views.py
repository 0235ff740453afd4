"""The officers' room pages (slice "rooms"): today's bookings of the places the user may see (room bookings per
room, programme sessions' bookings per session) with check-in / no-show / cancel, and a desk booking for a
walk-in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ServiceError

from .caps import day_bounds
from .models import Booking, Place, Room
from .room_forms import BookingActionForm, DeskBookingForm, longest_booking
from .room_services import (
    booking_cancel,
    booking_check_in,
    booking_no_show,
    room_desk_book,
)
from .rules import day_label


@gate("view_booking")
def today(request: HttpRequest) -> HttpResponse:
    user = request.user
    places = (Place.objects.restrict(user, "view_booking").filter(kind=Place.Kind.CAFE, active=True)
              .select_related("operator__org_unit"))
    code = request.GET.get("place", "")
    chosen = None
    if code:
        chosen = places.filter(code=code).first()
        if chosen is None:
            raise Http404
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    start, end = day_bounds(day)
    shown = [chosen] if chosen else list(places.order_by("code")[:50])
    bookings = list(Booking.objects.restrict(user, "view_booking")
                    .filter(place__in=shown, starts_at__lt=end, ends_at__gt=start)
                    .select_related("person", "room", "seat", "session__programme", "place")
                    .order_by("starts_at", "pk"))
    operate = policy.grant(user, "operate_booking")
    rooms = Room.objects.filter(place__in=shown, active=True).select_related("place").order_by("place__code", "pk")
    by_room: dict[int, list[Booking]] = {}
    for b in bookings:
        if b.kind == Booking.Kind.ROOM:
            by_room.setdefault(b.room_id, []).append(b)
    blocks = []
    for place in shown:
        can_operate = operate.everywhere or operate.covers(place.operator.org_unit)
        place_rooms = [{"room": r, "bookings": [_row(b) for b in by_room.get(r.pk, [])]}
                       for r in rooms if r.place_id == place.pk]
        sessions: dict[int, dict[str, Any]] = {}
        for b in bookings:
            if b.kind == Booking.Kind.SESSION and b.place_id == place.pk:
                sessions.setdefault(b.session_id, {"session": b.session, "bookings": []})["bookings"].append(_row(b))
        blocks.append({"place": place, "rooms": place_rooms, "sessions": list(sessions.values()),
                       "operate": can_operate})
    ctx = {"blocks": blocks, "places": places.order_by("code"), "chosen": chosen, "day": day,
           "day_label": day_label(day), "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
           "desk_form": DeskBookingForm(initial={"day": day, "minutes": 60, "party_size": 1},
                                        longest=longest_booking("study_room", day)),
           "here": request.get_full_path(),
           "actions": [("check_in", _("Check in")), ("no_show", _("No-show")), ("cancel", _("Cancel"))]}
    return render(request, "bookings/rooms/today.html", ctx)


def _row(b: Booking) -> dict[str, Any]:
    s, e = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
    return {"b": b, "start": f"{s:%H:%M}", "end": f"{e:%H:%M}", "now_or_later": b.ends_at > timezone.now()}


def _back(request: HttpRequest, nxt: str, fallback: str) -> str:
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return fallback


@gate("operate_booking", methods=("POST",))
def booking_action(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.restrict(request.user, "view_booking")
                                .select_related("place__operator__org_unit"), pk=booking_id)
    form = BookingActionForm(request.POST)
    fallback = f"{reverse('web:bookings:today')}?place={booking.place.code}" \
               f"&day={timezone.localtime(booking.starts_at):%Y-%m-%d}"
    if not form.is_valid():
        messages.error(request, _("Choose an action on the booking and try again."))
        return HttpResponseRedirect(fallback)
    d = form.cleaned_data
    back = _back(request, d.get("next") or "", fallback)
    try:
        with change_context("web"):
            if d["action"] == "check_in":
                booking_check_in(actor=request.user, booking=booking, version=d["version"])
                messages.success(request, _("Checked in: %(name)s") % {"name": _who(booking)})
            elif d["action"] == "no_show":
                _b, penalty = booking_no_show(actor=request.user, booking=booking, version=d["version"],
                                              reason=d.get("reason") or "")
                msg = _("Marked as a no-show: %(name)s") % {"name": _who(booking)}
                if penalty is not None:
                    msg += " " + _("No bookings until %(day)s.") % {"day": day_label(penalty.ends_on)}
                messages.success(request, msg)
            else:
                booking_cancel(actor=request.user, booking=booking, reason=d.get("reason") or "",
                               version=d["version"])
                messages.success(request, _("Booking cancelled: %(name)s") % {"name": _who(booking)})
    except ServiceError as e:
        messages.error(request, e.text())
    return HttpResponseRedirect(back)


def _who(b: Booking) -> str:
    return b.person.name if b.person_id else _("(no name)")


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def desk_booking(request: HttpRequest, room_id: int) -> HttpResponse:
    room = get_object_or_404(Room.objects.restrict(request.user, "operate_booking").select_related("place"),
                             pk=room_id)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = DeskBookingForm(request.POST, longest=longest_booking(room.service, timezone.localdate()))
        if form.is_valid():
            d = form.cleaned_data
            starts_at, ends_at = form.interval()
            try:
                with change_context("web"):
                    b = room_desk_book(actor=request.user, room=room, name=d["name"], phone=d["phone"],
                                       birth_date=d.get("birth_date"), starts_at=starts_at, ends_at=ends_at,
                                       party_size=d["party_size"])
            except ServiceError as e:
                problems = [p.text() for p in e.problems]
                status = 409
            else:
                messages.success(request, _("Booked at the desk: %(name)s, %(start)s-%(end)s") % {
                    "name": b.person.name, "start": f"{timezone.localtime(b.starts_at):%H:%M}",
                    "end": f"{timezone.localtime(b.ends_at):%H:%M}"})
                return HttpResponseRedirect(f"{reverse('web:bookings:today')}?place={room.place.code}"
                                            f"&day={d['day']:%Y-%m-%d}")
        else:
            status = 400
    else:
        form = DeskBookingForm(initial={"day": timezone.localdate(), "minutes": 60, "party_size": 1},
                               longest=longest_booking(room.service, timezone.localdate()))
    return render(request, "bookings/rooms/desk.html", {"room": room, "form": form, "problems": problems},
                  status=status)
