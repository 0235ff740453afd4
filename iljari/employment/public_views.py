"""The citizens' and employers' job pages (/jobs/, no login): the job search, a vacancy, registering as a seeker
and an employer's vacancy form. Korean by default, English through the language switch. Only open vacancies
before their deadline are ever shown; an employer's contact details never are."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import Centre, Vacancy
from .public_forms import JobSearchForm
from .search import Criteria, public_vacancies, search

PAGE_SIZE = 20
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
    qs = search(criteria, today).select_related("district", "occupation", "employer")
    page = Paginator(qs, PAGE_SIZE).get_page(min(_int(request.GET.get("page"), 1), MAX_PAGE))
    for v in page.object_list:
        v.days_left = (v.deadline - today).days  # type: ignore[attr-defined]
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(request, "employment/jobs/search.html", _page(
        request, form=form, page=page, today=today, query=kept.urlencode(), searched=bool(request.GET)),
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
