"""The counsellors' seeker and vacancy pages. STUBS from the shared base: the "casework" slice replaces them
(history, sessions, referrals, matches with reasons, refer in one click)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from iljari.access.decorators import gate

from .models import Seeker, Vacancy


@gate("view_seeker")
def seeker_detail(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = get_object_or_404(Seeker.objects.restrict(request.user, "view_seeker").select_related("person"),
                               pk=seeker_id)
    return render(request, "employment/stub.html", {"title": seeker.person.name})


@gate("view_seeker")
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.restrict(request.user, "view_seeker"), pk=vacancy_id)
    return render(request, "employment/stub.html", {"title": vacancy.title})
