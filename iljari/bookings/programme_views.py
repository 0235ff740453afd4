"""The officers' pages of programmes and sessions (namespace `web:bookings:`): the sessions of the user's cafés
(bookings / capacity / waiting), one session (roster, waiting list with offers and deadlines, attendance, cancel,
edit), a new session, the programmes (list with a new-programme form, one programme to edit). Each write is one
service call of `bookings.programme_services` / `bookings.waitlist`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.forms import form_messages

from . import programme_services as svc
from .models import Booking, Place, Programme, Session, WaitlistEntry
from .programme_forms import CancelForm, ProgrammeForm, SessionForm
from .waitlist import expire_session, position


def _attempt(form: Any, problems: list[str], call: Callable[[], Any]) -> int | None:
    try:
        with change_context("web"):
            call()
    except ConflictError as exc:
        problems += [p.text() for p in exc.problems]
        return 409
    except ServiceError as exc:
        for p in exc.problems:
            if form is not None and p.field and p.field in form.fields:
                form.add_error(p.field, p.text())
            else:
                problems.append(p.text())
        return 400
    return None


def _sessions(request: HttpRequest, action: str = "view_booking") -> Any:
    return Session.objects.restrict(request.user, action).select_related("programme__place")


@gate("view_booking")
def sessions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    qs = svc.with_counts(_sessions(request))
    upcoming = list(qs.filter(starts_at__gte=now, status=Session.Status.SCHEDULED).order_by("starts_at")[:200])
    past = list(qs.exclude(pk__in=[s.pk for s in upcoming]).order_by("-starts_at")[:100])
    can_operate = Place.objects.restrict(request.user, "operate_booking").exists()
    return render(request, "bookings/programmes/sessions.html",
                  {"upcoming": upcoming, "past": past, "can_operate": can_operate})


def _session_page(request: HttpRequest, session: Session, *, status: int = 200, problems: list[str] | None = None,
                  edit_form: SessionForm | None = None, cancel_form: CancelForm | None = None) -> HttpResponse:
    bookings = list(Booking.objects.filter(session=session).select_related("person").order_by("created_at", "id"))
    entries = list(WaitlistEntry.objects.filter(session=session).select_related("person").order_by("created_at", "id"))
    for e in entries:
        e.position = position(e)
    local_start, local_end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    edit_form = edit_form or SessionForm(initial={"day": local_start.date(), "starts": local_start.time(),
                                                  "ends": local_end.time(), "capacity": session.capacity,
                                                  "staff": session.staff, "version": session.version})
    return render(request, "bookings/programmes/session.html", {
        "session": session, "counts": svc.held(session), "bookings": bookings, "entries": entries,
        "problems": problems or [], "edit_form": edit_form,
        "cancel_form": cancel_form or CancelForm(initial={"version": session.version}),
        "started": session.starts_at <= timezone.now(),
        "can_operate": svc.can_operate(request.user, session.programme.place),
    }, status=status)


@gate("view_booking", methods=("GET", "HEAD", "POST"))
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    obj = get_object_or_404(_sessions(request), pk=session_id)
    if request.method != "POST":
        expire_session(obj.pk)
        obj.refresh_from_db()
        return _session_page(request, obj)
    if not svc.can_operate(request.user, obj.programme.place):
        raise Http404
    op = request.POST.get("op", "")
    problems: list[str] = []
    if op == "attendance":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        status = _attempt(None, problems, lambda: svc.session_attendance(actor=request.user, session=obj,
                                                                         present=present))
        if status is None:
            messages.success(request, _("Attendance saved."))
            return HttpResponseRedirect(reverse("web:bookings:session", args=[obj.pk]))
        return _session_page(request, obj, status=status, problems=problems)
    if op == "cancel":
        form = CancelForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            status = _attempt(form, problems, lambda: svc.session_cancel(actor=request.user, session=obj,
                                                                         reason=d["reason"], version=d["version"]))
            if status is None:
                messages.success(request, _("The session was cancelled; tell the people listed below."))
                return HttpResponseRedirect(reverse("web:bookings:session", args=[obj.pk]))
        problems += form_messages(form)
        return _session_page(request, obj, status=400, problems=problems, cancel_form=form)
    if op == "booking_cancel":
        booking = Booking.objects.filter(session=obj, pk=request.POST.get("booking") or 0).first()
        if booking is None:
            raise Http404
        status = _attempt(None, problems, lambda: svc.session_booking_cancel(
            actor=request.user, booking=booking, reason=request.POST.get("reason", "")[:300]))
        if status is None:
            messages.success(request, _("The booking was cancelled."))
            return HttpResponseRedirect(reverse("web:bookings:session", args=[obj.pk]))
        return _session_page(request, obj, status=status, problems=problems)
    if op == "edit":
        form = SessionForm(request.POST)
        if form.is_valid():
            starts_at, ends_at = form.times()
            d = form.cleaned_data
            status = _attempt(form, problems, lambda: svc.session_save(
                actor=request.user, session=obj, starts_at=starts_at, ends_at=ends_at, capacity=d["capacity"],
                staff=d["staff"], version=d["version"]))
            if status is None:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("web:bookings:session", args=[obj.pk]))
            return _session_page(request, obj, status=status, problems=problems, edit_form=form)
        return _session_page(request, obj, status=400, problems=form_messages(form), edit_form=form)
    return _session_page(request, obj, status=400, problems=[_("Choose what to do.")])


def _programmes(request: HttpRequest, action: str = "operate_booking") -> Any:
    return Programme.objects.restrict(request.user, action).select_related("place")


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def session_new(request: HttpRequest) -> HttpResponse:
    programmes = _programmes(request).filter(active=True)
    initial = {"programme": request.GET.get("programme")} if request.GET.get("programme", "").isdigit() else {}
    form = SessionForm(request.POST or None, programmes=programmes, initial=initial)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            programme = programmes.filter(pk=form.cleaned_data["programme"]).first()
            starts_at, ends_at = form.times()
            d = form.cleaned_data
            made: list[Session] = []
            status = _attempt(form, problems, lambda: made.append(svc.session_save(
                actor=request.user, programme=programme, starts_at=starts_at, ends_at=ends_at,
                capacity=d["capacity"], staff=d["staff"]))) or 200
            if made:
                messages.success(request, _("The session was added."))
                return HttpResponseRedirect(reverse("web:bookings:session", args=[made[0].pk]))
        problems += form_messages(form)
    return render(request, "bookings/programmes/session_new.html", {"form": form, "problems": problems},
                  status=status)


@gate("view_booking", methods=("GET", "HEAD", "POST"))
def programmes(request: HttpRequest) -> HttpResponse:
    places = Place.objects.restrict(request.user, "operate_booking").filter(kind=Place.Kind.CAFE, active=True)
    form = ProgrammeForm(request.POST or None, places=places, initial={"active": True})
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            place = places.filter(pk=d["place"]).first()
            made: list[Programme] = []
            status = _attempt(form, problems, lambda: made.append(svc.programme_save(
                actor=request.user, place=place, kind=d["kind"], title_ko=d["title_ko"], title_en=d["title_en"],
                staff=d["staff"], description=d["description"], active=d["active"]))) or 200
            if made:
                messages.success(request, _("The programme was added."))
                return HttpResponseRedirect(reverse("web:bookings:programme", args=[made[0].pk]))
        problems += form_messages(form)
    rows = _programmes(request, "view_booking").order_by("place__code", "title_ko")
    return render(request, "bookings/programmes/programmes.html",
                  {"programmes": rows, "form": form, "problems": problems, "can_operate": places.exists()},
                  status=status)


@gate("view_booking", methods=("GET", "HEAD", "POST"))
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    obj = get_object_or_404(_programmes(request, "view_booking"), pk=programme_id)
    can_operate = svc.can_operate(request.user, obj.place)
    form = ProgrammeForm(request.POST or None, initial={
        "kind": obj.kind, "title_ko": obj.title_ko, "title_en": obj.title_en, "staff": obj.staff,
        "description": obj.description, "active": obj.active, "version": obj.version})
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_operate:
            raise Http404
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            status = _attempt(form, problems, lambda: svc.programme_save(
                actor=request.user, programme=obj, kind=d["kind"], title_ko=d["title_ko"], title_en=d["title_en"],
                staff=d["staff"], description=d["description"], active=d["active"], version=d["version"])) or 200
            if status == 200:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("web:bookings:programme", args=[obj.pk]))
        problems += form_messages(form)
    sessions_ = svc.with_counts(Session.objects.filter(programme=obj)).order_by("-starts_at")[:50]
    return render(request, "bookings/programmes/programme.html",
                  {"programme": obj, "form": form, "problems": problems, "sessions": sessions_,
                   "can_operate": can_operate}, status=status)
