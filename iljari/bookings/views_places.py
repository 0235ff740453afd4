"""Officers' pages of places and rules (slice "accounts", /bookings/…): places (cafés and suit branches) and their
hours, closures and rooms; operators; the dated booking rules; current penalties and lifting them; the xlsx
import and its template. Views parse with forms and call one service each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.errors import ConflictError, ServiceError
from iljari.orgs.models import OrgUnit

from . import place_services as ps
from . import rule_services as rs
from .models import Booking, BookingRule, Closure, Operator, Penalty, Place, Room, Service
from .place_forms import (
    ClosureForm,
    HoursForm,
    ImportForm,
    LiftForm,
    OperatorForm,
    PlaceFilterForm,
    PlaceForm,
    RoomForm,
    RuleForm,
)
from .place_import import places_import, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(exc: ServiceError) -> list[str]:
    english = (translation.get_language() or "ko").startswith("en")
    return [p.message_en if english else p.message_ko for p in exc.problems]


def _to_form(form: Any, exc: ServiceError) -> list[str]:
    english = (translation.get_language() or "ko").startswith("en")
    loose = []
    for p in exc.problems:
        msg = p.message_en if english else p.message_ko
        if p.field and p.field in form.fields and not isinstance(exc, ConflictError):
            form.add_error(p.field, msg)
        else:
            loose.append(msg)
    return loose


# --- places ------------------------------------------------------------------------------------------------


@gate("view")
def places(request: HttpRequest) -> HttpResponse:
    """Cafés and suit branches (public data: every signed-in role reads them), filtered by kind, district and
    operator; officers who run places see the import form."""
    form = PlaceFilterForm(request.GET or None)
    qs = (Place.objects.restrict(request.user, "view").select_related("operator", "district")
          .annotate(rooms_count=Count("rooms", filter=Q(rooms__active=True), distinct=True))
          .order_by("kind", "district__name_ko", "name_ko"))
    status = 200
    if request.GET:
        if form.is_valid():
            d = form.cleaned_data
            if d.get("kind"):
                qs = qs.filter(kind=d["kind"])
            if d.get("district"):
                qs = qs.filter(district=d["district"])
            if d.get("operator"):
                qs = qs.filter(operator=d["operator"])
        else:
            status = 400
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    runnable = set(Place.objects.restrict(request.user, "operate_booking").values_list("pk", flat=True)
                   .filter(pk__in=[p.pk for p in page.object_list]))
    for p in page.object_list:
        p.editable = p.pk in runnable  # type: ignore[attr-defined]
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(request, "bookings/places/list.html", {
        "form": form, "page": page, "total": page.paginator.count, "query": kept.urlencode(),
        "can_operate": policy.allows(request.user, "operate_booking"), "import_form": ImportForm()},
        status=status)


@gate("operate_booking", methods=("POST",))
def places_import_page(request: HttpRequest) -> HttpResponse:
    """The xlsx import from the places page: the problems listed, nothing saved on any."""
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    report = None
    if form.is_valid():
        from iljari.core.context import change_context
        from iljari.core.spreadsheets import read_upload

        try:
            data = read_upload(form.cleaned_data["file"])
            with change_context("import"):
                report = places_import(actor=request.user, data=data, dry_run=bool(form.cleaned_data.get("dry_run")),
                                       check_access=True, file_name=form.cleaned_data["file"].name)
        except ServiceError as exc:
            problems = [p.text() for p in exc.problems]
    else:
        problems = [gettext("Choose the workbook (xlsx) to import")]
    return render(request, "bookings/places/imported.html", {"report": report, "problems": problems},
                  status=200 if report else 400)


@gate("operate_booking")
def places_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''bookings-places-template.xlsx"
    return response


def _operators(user: Any) -> Any:
    return Operator.objects.restrict(user, "operate_booking").filter(active=True).order_by("name_ko")


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def place_new(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(request.POST or None, operators=_operators(request.user), initial={"active": True})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            place = ps.place_save(actor=request.user, values=form.cleaned_data)
        except ServiceError as exc:
            problems = _to_form(form, exc)
        else:
            messages.success(request, gettext("The place is saved."))
            return HttpResponseRedirect(reverse("web:bookings:place", args=[place.code]))
    return render(request, "bookings/places/new.html", {"form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


def _place_initial(place: Place) -> dict[str, Any]:
    return {"code": place.code, "name_ko": place.name_ko, "name_en": place.name_en, "kind": place.kind,
            "setting": place.setting, "operator": place.operator.code, "district": place.district.code,
            "address": place.address, "phone": place.phone, "regional": place.regional,
            "description": place.description, "opened_on": place.opened_on, "closed_on": place.closed_on,
            "active": place.active, "version": place.version}


def _hours_initial(place: Place) -> dict[str, Any]:
    out: dict[str, Any] = {"version": place.version}
    for h in place.hours.all():
        out[f"opens_{h.weekday}"], out[f"closes_{h.weekday}"] = h.opens, h.closes
    return out


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def place(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a place: its details, weekly hours, closures, and rooms with their seats (one form per part)."""
    obj = get_object_or_404(Place.objects.restrict(request.user, "operate_booking")
                            .select_related("operator__org_unit", "district"), code=code)
    forms: dict[str, Any] = {
        "place": PlaceForm(initial=_place_initial(obj), operators=_operators(request.user)),
        "hours": HoursForm(initial=_hours_initial(obj)),
        "closure": ClosureForm(),
        "room": RoomForm(initial={"kind": "study", "mode": "whole", "capacity": 1, "slot_minutes": 30,
                                  "active": True}),
    }
    forms["place"].fields["code"].disabled = True
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        status = 400
        try:
            if action == "place":
                form = forms["place"] = PlaceForm(request.POST, operators=_operators(request.user))
                form.fields["code"].disabled = True
                form.initial = {"code": obj.code}
                if form.is_valid():
                    ps.place_save(actor=request.user, place=obj, values=form.cleaned_data,
                                  version=form.cleaned_data.get("version"))
                    return _saved(request, obj)
            elif action == "hours":
                form = forms["hours"] = HoursForm(request.POST)
                if form.is_valid():
                    ps.hours_set(actor=request.user, place=obj, hours=form.hours(),
                                 version=form.cleaned_data.get("version"))
                    return _saved(request, obj)
            elif action == "closure":
                form = forms["closure"] = ClosureForm(request.POST)
                if form.is_valid():
                    ps.closure_add(actor=request.user, place=obj, **form.cleaned_data)
                    return _saved(request, obj)
            elif action == "closure_remove":
                closure = get_object_or_404(Closure, pk=_int(request.POST.get("closure")), place=obj)
                ps.closure_remove(actor=request.user, closure=closure)
                return _saved(request, obj)
            elif action == "room":
                form = forms["room"] = RoomForm(request.POST)
                if form.is_valid():
                    d = form.cleaned_data
                    room = get_object_or_404(Room, pk=d["room"], place=obj) if d.get("room") else None
                    ps.room_save(actor=request.user, place=obj, room=room, values=d, version=d.get("version"))
                    return _saved(request, obj)
            else:
                problems = [gettext("Choose what to save.")]
        except ServiceError as exc:
            status = getattr(exc, "status", 400)
            problems = _to_form(forms.get(action), exc) if action in forms else _text(exc)
    today = timezone.localdate()
    rooms = list(obj.rooms.order_by("kind", "name_ko").annotate(
        seats_count=Count("seats", distinct=True),
        future=Count("bookings", filter=Q(bookings__status__in=Booking.LIVE, bookings__ends_at__gt=timezone.now()),
                     distinct=True)))
    room_forms = [(r, RoomForm(initial={"room": r.pk, "name_ko": r.name_ko, "name_en": r.name_en, "kind": r.kind,
                                        "mode": r.mode, "capacity": r.capacity, "slot_minutes": r.slot_minutes,
                                        "equipment": r.equipment, "active": r.active, "version": r.version},
                                auto_id=f"id_room{r.pk}_%s")) for r in rooms]
    return render(request, "bookings/places/place.html", {
        "place": obj, "forms": forms, "problems": problems, "room_forms": room_forms,
        "closures": Closure.objects.filter(place=obj, day__gte=today).order_by("day")}, status=status)


def _int(v: Any) -> int:
    text = str(v or "")
    return int(text) if text.isdigit() and len(text) < 12 else 0


def _saved(request: HttpRequest, obj: Place) -> HttpResponse:
    messages.success(request, gettext("Saved."))
    return HttpResponseRedirect(reverse("web:bookings:place", args=[obj.code]))


# --- operators ---------------------------------------------------------------------------------------------


@gate("view")
def operators(request: HttpRequest) -> HttpResponse:
    rows = list(Operator.objects.restrict(request.user, "view").select_related("org_unit")
                .annotate(places_count=Count("places", distinct=True)).order_by("kind", "name_ko"))
    runnable = set(Operator.objects.restrict(request.user, "operate_booking").values_list("pk", flat=True))
    for o in rows:
        o.editable = o.pk in runnable  # type: ignore[attr-defined]
    return render(request, "bookings/places/operators.html", {
        "rows": rows, "can_operate": policy.allows(request.user, "operate_booking")})


def _units(user: Any) -> Any:
    return OrgUnit.objects.restrict(user, "operate_booking").order_by("path")


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def operator_new(request: HttpRequest) -> HttpResponse:
    form = OperatorForm(request.POST or None, units=_units(request.user), initial={"active": True})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            ps.operator_save(actor=request.user, values=form.cleaned_data)
        except ServiceError as exc:
            problems = _to_form(form, exc)
        else:
            messages.success(request, gettext("Saved."))
            return HttpResponseRedirect(reverse("web:bookings:operators"))
    return render(request, "bookings/places/operator.html", {"form": form, "problems": problems, "operator": None},
                  status=400 if request.method == "POST" else 200)


@gate("operate_booking", methods=("GET", "HEAD", "POST"))
def operator(request: HttpRequest, code: str) -> HttpResponse:
    obj = get_object_or_404(Operator.objects.restrict(request.user, "operate_booking").select_related("org_unit"),
                            code=code)
    initial = {"code": obj.code, "name_ko": obj.name_ko, "name_en": obj.name_en, "kind": obj.kind,
               "org_unit": obj.org_unit.code, "business_number": obj.business_number, "phone": obj.phone,
               "active": obj.active, "version": obj.version}
    form = OperatorForm(request.POST or None, units=_units(request.user), initial=initial)
    form.fields["code"].disabled = True
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ps.operator_save(actor=request.user, operator=obj, values=form.cleaned_data,
                                 version=form.cleaned_data.get("version"))
            except ServiceError as exc:
                problems = _to_form(form, exc)
                status = exc.status
            else:
                messages.success(request, gettext("Saved."))
                return HttpResponseRedirect(reverse("web:bookings:operators"))
    return render(request, "bookings/places/operator.html", {"form": form, "problems": problems, "operator": obj},
                  status=status)


# --- rules -------------------------------------------------------------------------------------------------


@gate("view")
def rules(request: HttpRequest) -> HttpResponse:
    """Every service's rule versions by date; the one in force today marked; future ones editable."""
    today = timezone.localdate()
    by_service = []
    for value, label in Service.choices:
        versions = list(BookingRule.objects.filter(service=value).order_by("-valid_from"))
        current = next((r for r in versions if r.valid_from <= today), None)
        for r in versions:
            r.in_force = r is current  # type: ignore[attr-defined]
            r.editable = rs.editable(r, today)  # type: ignore[attr-defined]
        by_service.append({"label": label, "service": value, "versions": versions})
    return render(request, "bookings/places/rules.html", {
        "services": by_service, "can_change": policy.allows(request.user, "change_booking_rules")})


def _rule_initial(rule: BookingRule | None, service: str = "") -> dict[str, Any]:
    if rule is None:
        return {"service": service, "valid_from": timezone.localdate(), "advance_days": 14, "cancel_hours": 0,
                "no_show_ban_days": 0, "late_return_ban_days": 0, "waitlist_offer_hours": 24}
    return {f: getattr(rule, f) for f in rs.RULE_FIELDS} | {"version": rule.version}


@gate("change_booking_rules", methods=("GET", "HEAD", "POST"))
def rule_new(request: HttpRequest) -> HttpResponse:
    """A new dated version, prefilled from the latest version of the service asked for (?service=)."""
    service = request.GET.get("service", "")
    latest = BookingRule.objects.filter(service=service).order_by("-valid_from").first() if service else None
    initial = _rule_initial(latest) if latest else _rule_initial(None, service)
    initial["valid_from"] = timezone.localdate()
    initial.pop("version", None)
    form = RuleForm(request.POST or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rs.rule_create(actor=request.user, service=d["service"], valid_from=d["valid_from"], values=d)
        except ServiceError as exc:
            problems = _to_form(form, exc)
        else:
            messages.success(request, gettext("The new rule version is saved."))
            return HttpResponseRedirect(reverse("web:bookings:rules"))
    return render(request, "bookings/places/rule_form.html", {"form": form, "problems": problems, "rule": None},
                  status=400 if request.method == "POST" else 200)


@gate("change_booking_rules", methods=("GET", "HEAD", "POST"))
def rule(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Change a version not yet in force; one in force is shown read-only with a link to follow it."""
    obj = get_object_or_404(BookingRule, pk=rule_id)
    form = RuleForm(request.POST or None, initial=_rule_initial(obj))
    form.fields["service"].disabled = True
    form.fields["valid_from"].disabled = True
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rs.rule_update(actor=request.user, rule=obj, version=form.cleaned_data.get("version") or 0,
                               values=form.cleaned_data)
            except ServiceError as exc:
                problems = _to_form(form, exc)
                status = exc.status
            else:
                messages.success(request, gettext("Saved."))
                return HttpResponseRedirect(reverse("web:bookings:rules"))
    return render(request, "bookings/places/rule_form.html", {
        "form": form, "problems": problems, "rule": obj, "editable": rs.editable(obj)}, status=status)


# --- penalties ---------------------------------------------------------------------------------------------


@gate("view_booking")
def penalties(request: HttpRequest) -> HttpResponse:
    """Penalties in force or to come at the user's places (personal data: view_booking)."""
    today = timezone.localdate()
    qs = (Penalty.objects.restrict(request.user, "view_booking").filter(lifted_at__isnull=True, ends_on__gte=today)
          .select_related("person", "place").order_by("ends_on"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "bookings/places/penalties.html", {
        "page": page, "total": page.paginator.count, "lift_form": LiftForm(),
        "can_lift": policy.allows(request.user, "operate_booking")})


@gate("operate_booking", methods=("POST",))
def penalty_lift(request: HttpRequest, penalty_id: int) -> HttpResponse:
    obj = Penalty.objects.restrict(request.user, "operate_booking").select_related("place__operator__org_unit") \
        .filter(pk=penalty_id).first()
    if obj is None:
        raise Http404
    form = LiftForm(request.POST)
    if not form.is_valid():
        return render(request, "bookings/places/lift_failed.html",
                      {"problems": [gettext("Write why the restriction is lifted.")]}, status=400)
    try:
        ps.penalty_lift(actor=request.user, penalty=obj, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return render(request, "bookings/places/lift_failed.html", {"problems": _text(exc)}, status=exc.status)
    messages.success(request, gettext("The restriction is lifted."))
    return HttpResponseRedirect(reverse("web:bookings:penalties"))
