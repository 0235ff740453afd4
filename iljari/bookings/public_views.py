"""The citizens' pages of the accounts-and-places slice (/cafes/): the cafés by district, a place, sign up, log in
and out, my account, my bookings. No officer login: a citizen's own session (`bookings.accounts`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError

from . import account_services as svc
from .account_forms import AccountForm, CafeFilterForm, DeactivateForm, LoginForm, RegisterForm
from .accounts import citizen_login, citizen_logout, citizen_required, current_account
from .caps import caps_left
from .models import Booking, Closure, Penalty, Place, Rental, Room, Session, WaitlistEntry
from .rules import day_label, holiday_name
from .rules import english as is_english
from .templatetags.bookings_links import url_or_none

REGISTER_RATE = getattr(settings, "ILJARI_CITIZEN_REGISTER_RATE", "30/h")  # sign-ups per client address an hour
LOGIN_RATE = getattr(settings, "ILJARI_CITIZEN_LOGIN_RATE", "60/h")  # log-in attempts per client address an hour
WEEKDAYS = [("월", "Mon"), ("화", "Tue"), ("수", "Wed"), ("목", "Thu"), ("금", "Fri"), ("토", "Sat"), ("일", "Sun")]


def _throttled(request: HttpRequest, group: str, rate: str) -> bool:
    from django_ratelimit.core import is_ratelimited

    return request.method == "POST" and is_ratelimited(request, group=group, key="ip", rate=rate, method="POST",
                                                       increment=True)


def _problems_to_form(form: Any, exc: ServiceError) -> list[str]:
    english = is_english()
    loose: list[str] = []
    for p in exc.problems:
        message = p.message_en if english else p.message_ko
        if p.field and p.field in form.fields:
            form.add_error(p.field, message)
        else:
            loose.append(message)
    return loose


# --- the cafés and a place ---------------------------------------------------------------------------------


def _today_status(place: Place, today: dt.date, closures: set[tuple[int | None, dt.date]]) -> str:
    holiday = holiday_name(today)
    if (place.pk, today) in closures or (None, today) in closures:
        return gettext("Closed today")
    if holiday:
        return gettext("Closed today (public holiday)")
    for h in place.hours.all():
        if h.weekday == today.weekday():
            return gettext("Open today %(opens)s–%(closes)s") % {"opens": f"{h.opens:%H:%M}",
                                                                "closes": f"{h.closes:%H:%M}"}
    return gettext("Closed today")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """일자리카페 찾기: every open job café, filtered by district, regional only and setting (no map)."""
    form = CafeFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    places = (Place.objects.filter(active=True, kind=Place.Kind.CAFE)
              .select_related("district", "operator").prefetch_related("hours")
              .annotate(study_rooms=Count("rooms", filter=Q(rooms__active=True, rooms__kind=Room.Kind.STUDY),
                                          distinct=True),
                        ai_rooms=Count("rooms", filter=Q(rooms__active=True, rooms__kind=Room.Kind.AI_INTERVIEW),
                                       distinct=True),
                        programmes_count=Count("programmes", filter=Q(programmes__active=True), distinct=True))
              .order_by("district__name_ko", "name_ko"))
    if request.GET and valid:
        d = form.cleaned_data
        if d.get("district"):
            places = places.filter(district=d["district"])
        if d.get("regional"):
            places = places.filter(regional=True)
        if d.get("setting"):
            places = places.filter(setting=d["setting"])
    today = timezone.localdate()
    rows = list(places[:200])
    closures = set(Closure.objects.filter(day=today).values_list("place_id", "day"))
    for p in rows:
        p.today = _today_status(p, today, closures)  # type: ignore[attr-defined]
    return render(request, "bookings/public/home.html", {
        "form": form, "places": rows, "filtered": bool(request.GET), "count": len(rows)},
        status=200 if valid else 400)


def _week(place: Place) -> list[dict[str, Any]]:
    by_day = {h.weekday: h for h in place.hours.all()}
    english = is_english()
    return [{"day": en if english else ko, "hours": by_day.get(n)} for n, (ko, en) in enumerate(WEEKDAYS)]


def _closed_days(place: Place, today: dt.date, days: int = 14) -> list[dict[str, Any]]:
    """Closures and public holidays in the next `days` days (a holiday only when the place is open that weekday)."""
    until = today + dt.timedelta(days=days)
    out: dict[dt.date, str] = {}
    for c in Closure.objects.filter(Q(place=place) | Q(place__isnull=True), day__gte=today, day__lt=until):
        out[c.day] = c.reason
    open_days = {h.weekday for h in place.hours.all()}
    day = today
    while day < until:
        name = holiday_name(day)
        if name and day not in out and day.weekday() in open_days:
            out[day] = name if not is_english() else gettext("Public holiday")
        day += dt.timedelta(days=1)
    return [{"label": day_label(d), "reason": r} for d, r in sorted(out.items())]


@require_safe
def place_page(request: HttpRequest, code: str) -> HttpResponse:
    """A café or suit branch: hours, closures and holidays ahead, its rooms and programme sessions."""
    place = get_object_or_404(Place.objects.select_related("district", "operator").prefetch_related("hours"),
                              code=code, active=True)
    today = timezone.localdate()
    rooms = list(place.rooms.filter(active=True).order_by("kind", "name_ko"))
    for r in rooms:
        r.href = url_or_none("cafes:room", r.pk)  # type: ignore[attr-defined]
    sessions = list(Session.objects.filter(programme__place=place, programme__active=True,
                                           status=Session.Status.SCHEDULED, starts_at__gte=timezone.now())
                    .select_related("programme").annotate(
                        taken=Count("bookings", filter=Q(bookings__status__in=Booking.LIVE)))
                    .order_by("starts_at")[:20])
    for s in sessions:
        s.href = url_or_none("cafes:session", s.pk)  # type: ignore[attr-defined]
        s.day = day_label(timezone.localdate(s.starts_at))  # type: ignore[attr-defined]
        s.left = max(s.capacity - s.taken, 0)  # type: ignore[attr-defined]
        s.title = s.programme.title_en if is_english() and s.programme.title_en else s.programme.title_ko  # type: ignore[attr-defined]
    suit_href = None
    if place.kind == Place.Kind.SUIT_BRANCH:
        suit_href = url_or_none("cafes:suit_book", place.code)
        if suit_href is None and url_or_none("cafes:suit_book"):
            suit_href = f"{url_or_none('cafes:suit_book')}?branch={place.code}"
    return render(request, "bookings/public/place.html", {
        "place": place, "week": _week(place), "closed": _closed_days(place, today), "rooms": rooms,
        "sessions": sessions, "suit_href": suit_href})


# --- sign up, log in and out, my account -------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("password", "password2", "birth_date", "phone")
def register(request: HttpRequest) -> HttpResponse:
    """회원가입: phone, password twice, name, date of birth, district, final-year student, PIPA consent."""
    if current_account(request) is not None:
        return HttpResponseRedirect(reverse("cafes:mine"))
    if _throttled(request, "bookings.register", REGISTER_RATE):
        return render(request, "bookings/public/register.html", {
            "form": RegisterForm(), "problems": [gettext("Too many forms were sent from here. Please try again later.")]},
            status=429)
    form = RegisterForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d.get("website"):  # the honeypot: answered as a success, nothing saved
            return HttpResponseRedirect(reverse("cafes:login"))
        try:
            with change_context("public"):
                account = svc.account_register(
                    phone=d["phone"], password=d["password"], name=d["name"], birth_date=d["birth_date"],
                    district=d["district"], final_year_student=bool(d.get("final_year_student")),
                    consent=bool(d.get("consent")))
        except ServiceError as exc:
            problems = _problems_to_form(form, exc)
        else:
            citizen_login(request, account)
            return HttpResponseRedirect(reverse("cafes:mine") + "?welcome=1")
    return render(request, "bookings/public/register.html", {"form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


def safe_next(value: str | None) -> str:
    """Only a page of the citizens' site (/cafes/…) on this host; anything else goes to my bookings."""
    value = (value or "").strip()
    if (value.startswith("/cafes/") and not value.startswith("//") and "\\" not in value
            and url_has_allowed_host_and_scheme(value, allowed_hosts=None)):
        return value
    return reverse("cafes:mine")


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("password", "phone")
def login(request: HttpRequest) -> HttpResponse:
    """로그인: phone and password; 5 wrong passwords in a row lock the account for 15 minutes; at most
    LOGIN_RATE attempts from one address."""
    form = LoginForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if _throttled(request, "bookings.login", LOGIN_RATE):
        return render(request, "bookings/public/login.html", {
            "form": LoginForm(), "problems": [gettext("Too many attempts from here. Please try again later.")]},
            status=429)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d.get("website"):
            return HttpResponseRedirect(reverse("cafes:home"))
        try:
            account = svc.account_authenticate(phone=d["phone"], password=d["password"])
        except ServiceError as exc:
            problems = [p.message_en if is_english() else p.message_ko for p in exc.problems]
        else:
            citizen_login(request, account)
            return HttpResponseRedirect(safe_next(d.get("next")))
    return render(request, "bookings/public/login.html", {"form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    citizen_logout(request)
    return HttpResponseRedirect(reverse("cafes:home"))


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("phone", "new_password", "new_password2", "current_password", "password")
@citizen_required
def account(request: HttpRequest) -> HttpResponse:
    """내 계정: change my phone, district or password; delete my account (deactivated, bookings kept)."""
    me = current_account(request)
    assert me is not None
    initial = {"phone": me.phone, "district": me.person.district.code if me.person.district else None,
               "version": me.version}
    form = AccountForm(initial=initial)
    close = DeactivateForm(initial={"version": me.version})
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get("action") == "deactivate":
            close = DeactivateForm(request.POST)
            if close.is_valid():
                try:
                    with change_context("public"):
                        svc.account_deactivate(account=me, version=close.cleaned_data["version"],
                                               password=close.cleaned_data["password"])
                except ServiceError as exc:
                    problems = _problems_to_form(close, exc)
                else:
                    citizen_logout(request)
                    return render(request, "bookings/public/closed.html", {})
        else:
            form = AccountForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    with change_context("public"):
                        svc.account_update(account=me, version=d["version"], phone=d["phone"], district=d["district"],
                                           current_password=d["current_password"],
                                           new_password=d.get("new_password") or "")
                except ConflictError as exc:
                    problems = [p.message_en if is_english() else p.message_ko for p in exc.problems]
                    status = 409
                except ServiceError as exc:
                    problems = _problems_to_form(form, exc)
                else:
                    return HttpResponseRedirect(reverse("cafes:account") + "?saved=1")
    return render(request, "bookings/public/account.html", {
        "form": form, "close": close, "problems": problems, "me": me, "saved": request.GET.get("saved") == "1"},
        status=status)


# --- my bookings ---------------------------------------------------------------------------------------------


def _when(start: dt.datetime, end: dt.datetime) -> str:
    s, e = timezone.localtime(start), timezone.localtime(end)
    return f"{day_label(s.date())} {s:%H:%M}–{e:%H:%M}"


def _what(row: Any) -> str:
    """A booking's or waiting entry's programme title or room name in the page's language."""
    from iljari.core.labels import name_in_language

    if row.session_id:
        p = row.session.programme
        return p.title_en if is_english() and p.title_en else p.title_ko
    return name_in_language(row.room) if row.room_id else ""


@require_safe
@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    """내 예약: upcoming and past room bookings, programme sessions, suit rentals, waiting lists with their offers,
    penalties, and what is left of my caps today and this year."""
    me = current_account(request)
    assert me is not None
    person = me.person
    now = timezone.now()
    today = timezone.localdate()
    bookings = list(Booking.objects.filter(person=person).select_related("place", "room", "session__programme")
                    .order_by("-starts_at")[:200])
    for b in bookings:
        b.when = _when(b.starts_at, b.ends_at)  # type: ignore[attr-defined]
        b.upcoming = b.ends_at > now  # type: ignore[attr-defined]
        b.what = _what(b)  # type: ignore[attr-defined]
        live = b.status == Booking.Status.BOOKED and b.starts_at > now
        name = "cafes:booking_cancel" if b.kind == Booking.Kind.ROOM else "cafes:session_cancel"
        b.cancel_href = url_or_none(name, b.pk) if live else None  # type: ignore[attr-defined]
    rooms = [b for b in bookings if b.kind == Booking.Kind.ROOM]
    sessions = [b for b in bookings if b.kind == Booking.Kind.SESSION]
    rentals = list(Rental.objects.filter(person=person).select_related("branch", "operator")
                   .prefetch_related(Prefetch("lines")).order_by("-pickup_on")[:100])
    for r in rentals:
        r.pickup_label, r.due_label = day_label(r.pickup_on), day_label(r.due_on)  # type: ignore[attr-defined]
        r.upcoming = r.status in Rental.LIVE  # type: ignore[attr-defined]
        r.cancel_href = (url_or_none("cafes:rental_cancel", r.pk)  # type: ignore[attr-defined]
                         if r.status == Rental.Status.RESERVED and r.pickup_on >= today else None)
    waiting = list(WaitlistEntry.objects.filter(person=person, status__in=[WaitlistEntry.Status.WAITING,
                                                                            WaitlistEntry.Status.OFFERED])
                   .select_related("place", "session__programme", "room").order_by("starts_at")[:50])
    for w in waiting:
        w.when = _when(w.starts_at, w.ends_at)  # type: ignore[attr-defined]
        w.href = url_or_none("cafes:waitlist_entry", w.pk)  # type: ignore[attr-defined]
        w.what = _what(w)  # type: ignore[attr-defined]
        if w.offer_expires_at:
            e = timezone.localtime(w.offer_expires_at)
            w.deadline = f"{day_label(e.date())} {e:%H:%M}"  # type: ignore[attr-defined]
    penalties = list(Penalty.objects.filter(person=person, lifted_at__isnull=True, ends_on__gte=today)
                     .select_related("place"))
    for p in penalties:
        p.until = day_label(p.ends_on)  # type: ignore[attr-defined]
    english = is_english()
    caps = [{"label": c.label_en if english else c.label_ko, "left": c.left, "limit": c.limit, "used": c.used,
             "unit": c.unit_en if english else c.unit_ko} for c in caps_left(person, today, now)]
    def soonest_first(rows: list[Booking]) -> list[Booking]:  # what comes next on top; the past stays newest first
        return sorted((b for b in rows if b.upcoming), key=lambda b: b.starts_at)  # type: ignore[attr-defined]

    return render(request, "bookings/public/mine.html", {
        "me": me, "upcoming_rooms": soonest_first(rooms), "past_rooms": [b for b in rooms if not b.upcoming],
        "upcoming_sessions": soonest_first(sessions),
        "past_sessions": [b for b in sessions if not b.upcoming], "rentals": rentals, "waiting": waiting,
        "penalties": penalties, "caps": caps, "welcome": request.GET.get("welcome") == "1",
        "today": day_label(today)})



