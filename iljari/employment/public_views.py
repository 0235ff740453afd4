"""The citizens' and employers' job pages (/jobs/, no login): the job search, a vacancy, registering as a seeker
and an employer's vacancy form. Korean by default, English through the language switch. Only open vacancies
before their deadline are ever shown; an employer's contact details never are."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError

from .models import Centre, Vacancy
from .public_forms import JobSearchForm, SeekerRegistrationForm, VacancyPostForm
from .public_services import EMPLOYER_FIELDS, centre_for, seeker_register_online, vacancy_post_online
from .search import Criteria, public_vacancies, query_terms, search

PAGE_SIZE = 20
FILTERS = ("district", "occupation", "wage_type", "min_wage", "max_hours", "contract", "within_days")
MAX_PAGE = 500  # a deeper page is a robot's: the last page is shown instead


def _page(request: HttpRequest, **context: Any) -> dict[str, Any]:
    return {"home_url": "/jobs/", **context}


@require_safe
def job_search(request: HttpRequest) -> HttpResponse:
    """Open vacancies, newest first unless the citizen sorts otherwise; filters and free text (search.py)."""
    today = timezone.localdate()
    form = JobSearchForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    criteria = form.criteria() if request.GET and valid else Criteria()
    # The page's keys first (a narrow query: sorting keys is cheap, sorting joined rows is not), then its rows.
    found = search(criteria, today)
    keys = found.values_list("pk", flat=True)
    paginator = Paginator(keys, PAGE_SIZE)
    number = min(_int(request.GET.get("page"), 1), MAX_PAGE)
    ids: list[int] | None = None
    if query_terms(criteria.q) and connection.vendor == "sqlite":
        # Words are found by reading the whole table: on SQLite the count comes with the page's keys from that
        # one pass (a window over the rows found) instead of a second pass for the count. PostgreSQL reads the
        # table in parallel for the count and plans the window badly (a loop over every open vacancy), so it
        # counts apart (docs/performance.md, "Issue 15").
        start = (max(number, 1) - 1) * PAGE_SIZE
        window = list(found.annotate(total=Window(Count("pk"))).values_list("pk", "total")[start:start + PAGE_SIZE])
        if window or start == 0:  # nothing on the first page: nothing at all
            paginator.__dict__["count"] = window[0][1] if window else 0  # Paginator.count: a cached property
            ids = [pk for pk, _total in window]
    page = paginator.get_page(number)
    if ids is None or page.number != max(number, 1):
        ids = list(page.object_list)
    rows = Vacancy.objects.filter(pk__in=ids).select_related("district", "occupation", "employer").in_bulk()
    page.object_list = [rows[pk] for pk in ids if pk in rows]  # type: ignore[misc]
    for v in page.object_list:
        v.days_left = (v.deadline - today).days  # type: ignore[attr-defined]
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(request, "employment/jobs/search.html", _page(
        request, form=form, page=page, today=today, query=kept.urlencode(), nav="search",
        filtered=any(request.GET.get(k) for k in FILTERS) or not valid),
        status=200 if valid else 400)


def _int(value: Any, default: int) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 6 else default


@require_safe
def vacancy_page(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """One open vacancy: what the work is, where, the pay, and how to apply (through its centre)."""
    today = timezone.localdate()
    vacancy = get_object_or_404(public_vacancies(today).select_related("district", "occupation", "employer",
                                                                       "centre"), pk=vacancy_id)
    licences = list(vacancy.required_licences.order_by("name_ko"))
    centre: Centre = vacancy.centre
    return render(request, "employment/jobs/vacancy.html", _page(
        request, vacancy=vacancy, licences=licences, centre=centre, days_left=(vacancy.deadline - today).days,
        today=today))


# --- registering as a seeker, posting a vacancy ---------------------------------------------------------------

# At most this many submissions of each public form per client (address) an hour, as on /apply/: a person who
# mistypes is served, a script is not. Counted in the default cache.
FORM_RATE = "20/h"


def _throttled(request: HttpRequest, group: str) -> bool:
    from django_ratelimit.core import is_ratelimited

    return request.method == "POST" and is_ratelimited(request, group=group, key="ip", rate=FORM_RATE,
                                                       method="POST", increment=True)


def _problems_to_form(form: Any, exc: ServiceError, rename: dict[str, str]) -> list[str]:
    """Each problem beside its field (in the page's language); those without a field above the form."""
    english = (translation.get_language() or "ko").startswith("en")
    loose: list[str] = []
    for p in exc.problems:
        message = p.message_en if english else p.message_ko
        field = rename.get(p.field or "", p.field)
        if field and field in form.fields:
            form.add_error(field, message)
        else:
            loose.append(message)
    return loose


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("birth_date", "phone", "address")
def seeker_register_page(request: HttpRequest) -> HttpResponse:
    """구직 신청: the form, then a confirmation that says what happens next. Nothing is saved on an error."""
    context = {"nav": "register"}
    if _throttled(request, "employment.register"):
        return render(request, "employment/jobs/register.html", _page(
            request, **context, form=SeekerRegistrationForm(), problems=[throttled_message()]), status=429)
    form = SeekerRegistrationForm(request.POST or None)
    problems: list[str] = []
    centre: Centre | None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d.get("website"):  # the honeypot: answered as a success, nothing saved
            return render(request, "employment/jobs/registered.html", _page(request, **context, name=d["name"]))
        occupations = [c for c in (d["occupation_1"], d.get("occupation_2")) if c]
        try:
            with change_context("public"):
                seeker = seeker_register_online(
                    actor=None, centre_code=d.get("centre") or "", name=d["name"], birth_date=d["birth_date"],
                    phone=d["phone"], address=d.get("address") or "", home_district=d["home_district"],
                    desired_occupations=list(dict.fromkeys(occupations)), commute=d["commute"],
                    wage_type=d["wage_type"], desired_wage=d.get("desired_wage"),
                    hours_per_week=d.get("hours_per_week"), education=d["education"],
                    licences=d.get("licences") or [], skills_text=d.get("skills_text") or "",
                    consent_share=bool(d.get("consent_share")))
            centre = seeker.centre
        except ConflictError:
            centre = centre_for(d["home_district"], d.get("centre") or "")  # a repeat: answered in the same words
        except ServiceError as exc:
            problems = _problems_to_form(form, exc, {})
            centre = None
        if not problems and not form.errors:
            return render(request, "employment/jobs/registered.html", _page(
                request, **context, name=d["name"], centre=centre))
    return render(request, "employment/jobs/register.html", _page(request, **context, form=form, problems=problems),
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def vacancy_post_page(request: HttpRequest) -> HttpResponse:
    """구인 신청: the employer and the vacancy; it waits (pending) for a counsellor's approval."""
    context = {"nav": "post"}
    if _throttled(request, "employment.post"):
        return render(request, "employment/jobs/post.html", _page(
            request, **context, form=VacancyPostForm(), problems=[throttled_message()]), status=429)
    form = VacancyPostForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d.get("website"):
            return render(request, "employment/jobs/posted.html", _page(request, **context, title=d["title"]))
        try:
            with change_context("public"):
                vacancy = vacancy_post_online(
                    actor=None,
                    employer={"name": d["employer_name"], "business_number": d["business_number"],
                              "contact_name": d["contact_name"], "contact_phone": d["contact_phone"],
                              "contact_email": d.get("contact_email") or ""},
                    vacancy={"title": d["title"], "occupation_code": d["occupation"], "district": d["district"],
                             "address": d.get("address") or "", "tasks": d["tasks"],
                             "requirements": d.get("requirements") or "", "required_licences": d.get("licences") or [],
                             "wage_type": d["wage_type"], "wage": d["wage"], "hours_per_week": d["hours_per_week"],
                             "contract": d["contract"], "openings": d["openings"], "deadline": d["deadline"]})
        except ServiceError as exc:
            problems = _problems_to_form(form, exc, {**EMPLOYER_FIELDS, "occupation_code": "occupation",
                                                     "required_licences": "licences"})
        else:
            return render(request, "employment/jobs/posted.html", _page(
                request, **context, title=d["title"], centre=vacancy.centre))
    return render(request, "employment/jobs/post.html", _page(request, **context, form=form, problems=problems),
                  status=400 if request.method == "POST" else 200)


def throttled_message() -> str:
    return gettext("Too many forms were sent from here. Please try again later.")
