"""The counsellors' registration pages: seekers, vacancies and employers (lists with filters, forms), and the
queue of vacancies sent through the public form (approve, or reject with the reason). Reading needs
`view_seeker`, writing `counsel`, deciding `approve_vacancy`; every list reads the restricted querysets, so a
centre's staff see their centre's records only (another's: 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.forms import form_messages
from iljari.core.labels import one_language
from iljari.orgs.models import OrgUnit
from iljari.people.selectors import mask_phone

from . import registry as svc
from .models import Centre, Employer, Occupation, Seeker, Vacancy, WageType
from .registry_forms import EmployerForm, EmployerNewForm, SeekerForm, VacancyDecisionForm, VacancyForm

PAGE = 50


def _text(request: HttpRequest, name: str, limit: int) -> str:
    value = (request.GET.get(name) or "")[:limit]
    return "" if "\x00" in value else value.strip()


def _month(text: str) -> dt.date | None:
    try:
        y, m = (int(x) for x in text.split("-"))
        return dt.date(y, m, 1) if 2000 <= y <= 2100 and 1 <= m <= 12 else None
    except ValueError:
        return None


def _day(text: str) -> dt.date | None:
    try:
        d = dt.date.fromisoformat(text[:10])
        return d if 2000 <= d.year <= 2100 else None
    except ValueError:
        return None


def _attempt(form: Any, problems: list[str], call: Callable[[], Any]) -> tuple[int | None, Any]:
    """One service call: (None, result) when done; 409 when someone changed the object first; 400 when the
    service refused it (each problem beside its field when the form has it)."""
    try:
        with change_context("web"):
            return None, call()
    except ConflictError as exc:
        for p in exc.problems:
            if form is not None and p.field and p.field in form.fields and p.field != "status":
                form.add_error(p.field, p.text())
            else:
                problems.append(p.text())
        return 409, None
    except ServiceError as exc:
        for p in exc.problems:
            if form is not None and p.field and p.field in form.fields:
                form.add_error(p.field, p.text())
            else:
                problems.append(p.text())
        return 400, None


def _lang() -> str:
    return get_language() or "ko"


def _name(obj: Any) -> str:
    if obj is None:
        return "-"
    english = _lang().startswith("en")
    return (getattr(obj, "name_en", "") if english else "") or getattr(obj, "name_ko", str(obj))


def _wage(kind: str, amount: int | None) -> str:
    if amount is None:
        return "-"
    label = one_language(dict(WageType.choices).get(kind, ""), _lang())
    return f"{label} {amount:,}" + (" won" if _lang().startswith("en") else "원")


def _centres(user: Any, action: str) -> list[Centre]:
    return list(Centre.objects.restrict(user, action).filter(active=True).order_by("code"))


def _page(request: HttpRequest, qs: Any) -> Any:
    page = request.GET.get("page") or "1"
    return Paginator(qs, PAGE).get_page(int(page) if page.isdigit() and len(page) < 7 else 1)


def _query(f: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in f.items() if v})


def _majors() -> list[tuple[str, str]]:
    return [(o.code, _name(o)) for o in Occupation.objects.filter(active=True).order_by("code") if o.level <= 2]


def _nav(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {"can_counsel": policy.allows(user, "counsel"), "can_approve": policy.allows(user, "approve_vacancy"),
            "pending": Vacancy.objects.restrict(user, "approve_vacancy").filter(
                status=Vacancy.Status.PENDING).count() if policy.allows(user, "approve_vacancy") else 0}


# ------------------------------------------------------------------------------------------------ seekers


@gate("view_seeker")
def seeker_list(request: HttpRequest) -> HttpResponse:
    qs = (Seeker.objects.restrict(request.user, "view_seeker").select_related("person", "centre")
          .prefetch_related("desired_occupations").order_by("-registered_on", "-pk"))
    f = {"q": _text(request, "q", 100), "centre": _text(request, "centre", 40), "status": _text(request, "status", 10),
         "occupation": _text(request, "occupation", 8), "month": _text(request, "month", 7)}
    if f["q"]:  # a name, or a phone number (its last four digits)
        digits = "".join(ch for ch in f["q"] if ch.isdigit())
        qs = qs.filter(Q(person__name__contains=f["q"]) | (Q(person__phone__endswith=digits[-4:])
                                                            if len(digits) >= 4 else Q(pk__in=[])))
    if f["centre"]:
        qs = qs.filter(centre__code=f["centre"])
    if f["status"] in Seeker.Status.values:
        qs = qs.filter(status=f["status"])
    else:
        f["status"] = ""
    if f["occupation"]:
        qs = qs.filter(desired_occupations__code__startswith=f["occupation"]).distinct()
    month = _month(f["month"])
    if month:
        end = (month + dt.timedelta(days=32)).replace(day=1)
        qs = qs.filter(registered_on__gte=month, registered_on__lt=end)
    else:
        f["month"] = ""
    page = _page(request, qs)
    rows = [{"s": s, "phone": mask_phone(s.person.phone), "centre": _name(s.centre),
             "status": one_language(s.get_status_display(), _lang()),
             "occupations": ", ".join(_name(o) for o in s.desired_occupations.all()) or "-"} for s in page]
    return render(request, "employment/registry/seekers.html", {
        "rows": rows, "page": page, "f": f, "query": _query(f), "total": page.paginator.count,
        "centres": [(c.code, _name(c)) for c in _centres(request.user, "view_seeker")],
        "statuses": [(v, one_language(label, _lang())) for v, label in Seeker.Status.choices],
        "occupations": _majors(), **_nav(request)})


@gate("counsel", methods=("GET", "POST"))
def seeker_new(request: HttpRequest) -> HttpResponse:
    centres = _centres(request.user, "counsel")
    if not centres:
        raise PermissionDenied
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = SeekerForm(request.POST, centres=centres)
        if form.is_valid():
            d = form.cleaned_data
            failed, seeker = _attempt(form, problems, lambda: svc.seeker_register(
                actor=request.user, centre=d["centre"], name=d["name"], birth_date=d["birth_date"], sex=d["sex"],
                phone=d["phone"], address=d["address"], home_district=d["home_district"] or None,
                channel="counsellor", registered_on=d["registered_on"],
                desired_occupations=d["desired_occupations"], commute=d["commute"], wage_type=d["wage_type"],
                desired_wage=d["desired_wage"], hours_per_week=d["hours_per_week"], education=d["education"],
                licences=d["licences"], skills_text=d["skills_text"], career_text=d["career_text"],
                programmes_joined=d["programmes_joined"], consent_share=d["consent_share"],
                counsellor=request.user))
            if not failed:
                messages.success(request, _("The seeker is registered."))
                return redirect("web:employment:seeker", seeker_id=seeker.pk)
            status = failed
        else:
            status = 400
        problems += form_messages(form)
    else:
        form = SeekerForm(centres=centres, initial={"registered_on": timezone.localdate()})
    return render(request, "employment/registry/form.html", {
        "form": form, "problems": problems, "title": _("New job seeker"), "back": "web:employment:seekers",
        **_nav(request)}, status=status)


# ------------------------------------------------------------------------------------------------ vacancies


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one firm's name (㈜, 주식회사, (주) and spaces aside)."""
    def bare(x: str) -> str:
        for mark in ("㈜", "주식회사", "(주)", "（주）", " "):
            x = x.replace(mark, "")
        return x.lower()
    return bare(a) == bare(b)


def _vacancy_rows(vacancies: Any) -> list[dict[str, Any]]:
    return [{"v": v, "employer": v.employer.name,
             "sent_other_name": v.sent_employer_name if v.sent_employer_name
             and not _same_name(v.sent_employer_name, v.employer.name) else "", "occupation": _name(v.occupation), "district": _name(v.district),
             "wage": _wage(v.wage_type, v.wage), "status": one_language(v.get_status_display(), _lang()),
             "centre": _name(v.centre), "channel": one_language(v.get_channel_display(), _lang())}
            for v in vacancies]


@gate("view_seeker")
def vacancy_list(request: HttpRequest) -> HttpResponse:
    qs = (Vacancy.objects.restrict(request.user, "view_seeker")
          .select_related("employer", "centre", "occupation", "district")
          # Open vacancies first, the nearest deadline first; then the rest, the newest deadline first (not 2017's).
          .annotate(closed=Case(When(status=Vacancy.Status.OPEN, then=Value(0)), default=Value(1)))
          .order_by("closed", Case(When(status=Vacancy.Status.OPEN, then=F("deadline"))), "-deadline", "-pk"))
    f = {"q": _text(request, "q", 100), "centre": _text(request, "centre", 40), "status": _text(request, "status", 10),
         "occupation": _text(request, "occupation", 8), "district": _text(request, "district", 40),
         "deadline_to": _text(request, "deadline_to", 10)}
    if f["q"]:  # words of the title or the employer's name
        qs = qs.filter(Q(title__contains=f["q"]) | Q(employer__name__contains=f["q"]))
    if f["centre"]:
        qs = qs.filter(centre__code=f["centre"])
    if f["status"] in Vacancy.Status.values:
        qs = qs.filter(status=f["status"])
    else:
        f["status"] = ""
    if f["occupation"]:
        qs = qs.filter(occupation__code__startswith=f["occupation"])
    if f["district"]:
        qs = qs.filter(district__code=f["district"])
    until = _day(f["deadline_to"])
    if until:
        qs = qs.filter(deadline__lte=until)
    else:
        f["deadline_to"] = ""
    page = _page(request, qs)
    return render(request, "employment/registry/vacancies.html", {
        "rows": _vacancy_rows(page), "page": page, "f": f, "query": _query(f), "total": page.paginator.count,
        "centres": [(c.code, _name(c)) for c in _centres(request.user, "view_seeker")],
        "statuses": [(v, one_language(label, _lang())) for v, label in Vacancy.Status.choices],
        "districts": [(u.code, _name(u)) for u in OrgUnit.objects.filter(kind="district").order_by("name_ko")],
        "occupations": _majors(), **_nav(request)})


@gate("counsel", methods=("GET", "POST"))
def vacancy_new(request: HttpRequest) -> HttpResponse:
    centres = _centres(request.user, "counsel")
    if not centres:
        raise PermissionDenied
    employers = list(Employer.objects.restrict(request.user, "counsel").order_by("name")[:2000])
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = VacancyForm(request.POST, centres=centres, employers=employers)
        if form.is_valid():
            d = form.cleaned_data

            def call() -> Vacancy:
                from django.db import transaction

                with transaction.atomic():  # a refused vacancy leaves no new employer behind
                    employer = d["employer"] or svc.employer_register(
                        actor=request.user, name=d["new_employer_name"], business_number=d["new_business_number"],
                        contact_phone=d["new_contact_phone"], district=d["district"], centre=d["centre"])
                    return svc.vacancy_create(
                        actor=request.user, centre=d["centre"], employer=employer, title=d["title"],
                        occupation_code=d["occupation_code"], district=d["district"], address=d["address"],
                        wage_type=d["wage_type"], wage=d["wage"], hours_per_week=d["hours_per_week"],
                        contract=d["contract"], openings=d["openings"], education=d["education"],
                        required_licences=d["required_licences"], tasks=d["tasks"],
                        requirements=d["requirements"], posted_on=d["posted_on"], deadline=d["deadline"],
                        channel="counsellor")

            failed, vacancy = _attempt(_EmployerAliases(form), problems, call)
            if not failed:
                messages.success(request, _("The vacancy is registered."))
                return redirect("web:employment:vacancy", vacancy_id=vacancy.pk)
            status = failed
        else:
            status = 400
        problems += form_messages(form)
    else:
        form = VacancyForm(centres=centres, employers=employers, initial={"posted_on": timezone.localdate()})
    return render(request, "employment/registry/form.html", {
        "form": form, "problems": problems, "title": _("New vacancy"), "back": "web:employment:vacancies",
        **_nav(request)}, status=status)


class _EmployerAliases:
    """The vacancy form seen by `_attempt`: an inline employer's problems (name, business_number) go beside the
    new employer's fields."""

    ALIASES = {"name": "new_employer_name", "business_number": "new_business_number",
               "contact_phone": "new_contact_phone"}

    def __init__(self, form: VacancyForm) -> None:
        self.form = form
        self.fields = {**form.fields, **{k: form.fields[v] for k, v in self.ALIASES.items()}}

    def add_error(self, field: str, message: str) -> None:
        self.form.add_error(self.ALIASES.get(field, field), message)


@gate("approve_vacancy")
def vacancy_approvals(request: HttpRequest) -> HttpResponse:
    qs = (Vacancy.objects.restrict(request.user, "approve_vacancy").filter(status=Vacancy.Status.PENDING)
          .select_related("employer", "centre", "occupation", "district").order_by("created_at", "pk"))
    page = _page(request, qs)
    return render(request, "employment/registry/approvals.html", {
        "rows": _vacancy_rows(page), "page": page, "query": "", "total": page.paginator.count, **_nav(request)})


@gate("approve_vacancy", methods=("POST",))
def vacancy_decide(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.restrict(request.user, "approve_vacancy"), pk=vacancy_id)
    form = VacancyDecisionForm(request.POST)
    problems: list[str] = []
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        if d["decision"] == "approve":
            failed, _v = _attempt(form, problems, lambda: svc.vacancy_approve(
                actor=request.user, vacancy=vacancy, version=d["version"]))
        else:
            failed, _v = _attempt(form, problems, lambda: svc.vacancy_reject(
                actor=request.user, vacancy=vacancy, version=d["version"], reason=d["reason"]))
        if not failed:
            messages.success(request, _("The vacancy is approved and open.") if d["decision"] == "approve"
                             else _("The vacancy is rejected."))
            return redirect("web:employment:vacancy_approvals")
        status = failed
    problems += form_messages(form, labelled=False) if not problems else []
    if not problems:
        problems.append(_("The request could not be read; reload the page and try again."))
    qs = (Vacancy.objects.restrict(request.user, "approve_vacancy").filter(status=Vacancy.Status.PENDING)
          .select_related("employer", "centre", "occupation", "district").order_by("created_at", "pk"))
    page = _page(request, qs)
    return render(request, "employment/registry/approvals.html", {
        "rows": _vacancy_rows(page), "page": page, "query": "", "total": page.paginator.count,
        "problems": problems, "failed_id": vacancy.pk, **_nav(request)}, status=status)


# ------------------------------------------------------------------------------------------------ employers


@gate("view_seeker")
def employer_list(request: HttpRequest) -> HttpResponse:
    qs = (Employer.objects.restrict(request.user, "view_seeker").select_related("district", "centre")
          .annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.OPEN)))
          .order_by("name", "pk"))
    f = {"q": _text(request, "q", 100), "district": _text(request, "district", 40)}
    if f["q"]:
        digits = "".join(c for c in f["q"] if c.isdigit())
        qs = qs.filter(Q(name__icontains=f["q"]) | (Q(business_number__startswith=digits) if len(digits) >= 3
                                                    else Q(pk__in=[])))
    if f["district"]:
        qs = qs.filter(district__code=f["district"])
    page = _page(request, qs)
    rows = [{"e": e, "number": svc.business_number_format(e.business_number), "district": _name(e.district),
             "phone": mask_phone(e.contact_phone) if e.contact_phone else "-"} for e in page]
    return render(request, "employment/registry/employers.html", {
        "rows": rows, "page": page, "f": f, "query": _query(f), "total": page.paginator.count,
        "districts": [(u.code, _name(u)) for u in OrgUnit.objects.filter(kind="district").order_by("name_ko")],
        **_nav(request)})


@gate("counsel", methods=("GET", "POST"))
def employer_new(request: HttpRequest) -> HttpResponse:
    centres = _centres(request.user, "counsel")
    if not centres:
        raise PermissionDenied
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = EmployerNewForm(request.POST, centres=centres)
        if form.is_valid():
            d = form.cleaned_data
            failed, _e = _attempt(form, problems, lambda: svc.employer_register(
                actor=request.user, name=d["name"], business_number=d["business_number"], sector=d["sector"],
                employees=d["employees"], address=d["address"], district=d["district"] or None,
                contact_name=d["contact_name"], contact_phone=d["contact_phone"],
                contact_email=d["contact_email"], centre=d["centre"]))
            if not failed:
                messages.success(request, _("The employer is registered."))
                return redirect("web:employment:employers")
            status = failed
        else:
            status = 400
        problems += form_messages(form)
    else:
        form = EmployerNewForm(centres=centres)
    return render(request, "employment/registry/form.html", {
        "form": form, "problems": problems, "title": _("New employer"), "back": "web:employment:employers",
        **_nav(request)}, status=status)


@gate("view_seeker", methods=("GET", "POST"))
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.restrict(request.user, "view_seeker"), pk=employer_id)
    can_edit = policy.can(request.user, "counsel", employer)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = EmployerForm(request.POST)
        if form.is_valid():
            d = dict(form.cleaned_data)
            version = d.pop("version")
            d["district"] = d["district"] or None
            failed, _e = _attempt(form, problems, lambda: svc.employer_update(
                actor=request.user, employer=employer, version=version if version is not None else -1, **d))
            if not failed:
                messages.success(request, _("The employer is saved."))
                return redirect("web:employment:employers")
            status = failed
        else:
            status = 400
        problems += form_messages(form)
    else:
        form = EmployerForm(initial={
            "name": employer.name, "business_number": svc.business_number_format(employer.business_number),
            "sector": employer.sector, "employees": employer.employees, "address": employer.address,
            "district": employer.district.code if employer.district else "", "contact_name": employer.contact_name,
            "contact_phone": employer.contact_phone, "contact_email": employer.contact_email,
            "version": employer.version})
    vacancies = _vacancy_rows(Vacancy.objects.restrict(request.user, "view_seeker").filter(employer=employer)
                              .select_related("employer", "centre", "occupation", "district").order_by("-posted_on")[:50])
    return render(request, "employment/registry/employer.html", {
        "form": form, "problems": problems, "employer": employer, "can_edit": can_edit, "vacancies": vacancies,
        "number": svc.business_number_format(employer.business_number), **_nav(request)}, status=status)
