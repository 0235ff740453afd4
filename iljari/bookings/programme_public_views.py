"""The citizens' programme pages (namespace `cafes:`): upcoming sessions across cafés (district, kind, date; seats
left or the waiting list's length), one session (sign up, or join the waiting list when full: acting needs the
citizen's login), cancel one's own place, one's own waiting-list entry (place in the queue, accept or decline an
offer before its deadline, withdraw). Overdue offers are expired lazily whenever these pages are read."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.orgs.models import OrgUnit

from . import programme_services as svc
from .accounts import citizen_required, current_account
from .models import Booking, Place, Session, WaitlistEntry
from .programme_forms import FilterForm
from .waitlist import (
    expire_session,
    offer_accept,
    offer_decline,
    offers_expire,
    position,
    waitlist_join,
    waitlist_withdraw,
)


def _upcoming() -> object:
    return (Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gt=timezone.now(),
                                   programme__active=True, programme__place__active=True)
            .select_related("programme__place__district"))


@require_http_methods(["GET", "HEAD"])
def programmes(request: HttpRequest) -> HttpResponse:
    district_ids = Place.objects.filter(kind=Place.Kind.CAFE, active=True).values_list("district_id", flat=True)
    districts = OrgUnit.objects.filter(pk__in=district_ids).order_by("name_ko")
    form = FilterForm(request.GET or None, districts=districts)
    qs = svc.with_counts(_upcoming())
    if form.is_valid():
        d = form.cleaned_data
        if d.get("district"):
            qs = qs.filter(programme__place__district__code=d["district"])
        if d.get("kind"):
            qs = qs.filter(programme__kind=d["kind"])
        if d.get("day"):
            start = timezone.make_aware(dt.datetime.combine(d["day"], dt.time.min))
            qs = qs.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
    page = Paginator(qs.order_by("starts_at", "id"), 30).get_page(request.GET.get("page"))
    for s in page.object_list:
        s.left = max(s.capacity - s.n_booked - s.n_offered, 0)
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "bookings/public/programmes/list.html",
                  {"form": form, "page": page, "query": query, "filtered": bool(query)})


def _login(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse('cafes:login')}?{urlencode({'next': request.get_full_path()})}")


@require_http_methods(["GET", "HEAD", "POST"])
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    obj = get_object_or_404(Session.objects.select_related("programme__place__district"), pk=session_id)
    account = current_account(request)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if account is None:
            return _login(request)
        op = request.POST.get("op", "")
        try:
            with change_context("web"):
                if op == "book":
                    svc.session_book(actor=account, person=account.person, session=obj, account=account)
                    messages.success(request, _("You have a place. See you there!"))
                elif op == "wait":
                    entry = waitlist_join(actor=account, person=account.person, session=obj, account=account)
                    messages.success(request, _("You are on the waiting list. If a place frees, it is offered to"
                                                " you here for a limited time."))
                    return HttpResponseRedirect(reverse("cafes:waitlist_entry", args=[entry.pk]))
                else:
                    raise Http404
            return HttpResponseRedirect(reverse("cafes:session", args=[obj.pk]))
        except ServiceError as exc:
            problems = [p.text() for p in exc.problems]
            status = 409 if any(p.code == "full" for p in exc.problems) else 400
    else:
        expire_session(obj.pk)
    counts = svc.held(obj)
    mine = entry = None
    if account is not None:
        mine = Booking.objects.filter(session=obj, person=account.person, status__in=Booking.LIVE).first()
        entry = (WaitlistEntry.objects.filter(session=obj, person=account.person, status__in=svc.OPEN_ENTRY)
                 .first())
    open_ = obj.status == Session.Status.SCHEDULED and obj.starts_at > timezone.now()
    return render(request, "bookings/public/programmes/session.html", {
        "session": obj, "counts": counts, "account": account, "mine": mine, "entry": entry, "open": open_,
        "full": counts["left"] == 0, "problems": problems, "full_refused": status == 409,
    }, status=status)


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    account = current_account(request)
    booking = get_object_or_404(Booking.objects.select_related("session__programme__place"),
                                pk=booking_id, kind=Booking.Kind.SESSION, person_id=account.person_id)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            with change_context("web"):
                svc.session_booking_cancel(actor=account, booking=booking, account=account)
            messages.success(request, _("Your place was cancelled."))
            return HttpResponseRedirect(reverse("cafes:session", args=[booking.session_id]))
        except ServiceError as exc:
            problems = [p.text() for p in exc.problems]
            status = 400
    return render(request, "bookings/public/programmes/cancel.html",
                  {"booking": booking, "session": booking.session, "problems": problems,
                   "cancellable": booking.status == Booking.Status.BOOKED}, status=status)


@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def waitlist_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    account = current_account(request)
    if request.method != "POST":
        offers_expire(person=account.person)
    entry = get_object_or_404(WaitlistEntry.objects.select_related("session__programme__place"),
                              pk=entry_id, person_id=account.person_id, session__isnull=False)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        actions = {"accept": offer_accept, "decline": offer_decline, "withdraw": waitlist_withdraw}
        if op not in actions:
            problems, status = [_("Choose what to do.")], 400
        else:
            try:
                with change_context("web"):
                    actions[op](actor=account, entry=entry, account=account)
                messages.success(request, {"accept": _("You have the place. See you there!"),
                                           "decline": _("You declined the place; it goes to the next person."),
                                           "withdraw": _("You left the waiting list.")}[op])
                if op == "accept":
                    return HttpResponseRedirect(reverse("cafes:session", args=[entry.session_id]))
                return HttpResponseRedirect(reverse("cafes:waitlist_entry", args=[entry.pk]))
            except ServiceError as exc:
                problems, status = [p.text() for p in exc.problems], 400
        entry.refresh_from_db()
    ahead = position(entry)
    return render(request, "bookings/public/programmes/waitlist_entry.html", {
        "entry": entry, "session": entry.session, "position": ahead, "problems": problems,
        "offer_open": entry.status == WaitlistEntry.Status.OFFERED and entry.offer_expires_at > timezone.now(),
    }, status=status)
