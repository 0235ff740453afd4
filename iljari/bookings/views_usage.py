"""The officers' usage dashboard: each café's and operator's users by month (slice "ledger" builds it out)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from iljari.access.decorators import gate

from .models import Place


@gate("view")
def home(request: HttpRequest) -> HttpResponse:
    places = Place.objects.restrict(request.user, "view").select_related("operator", "district")
    return render(request, "bookings/usage.html", {"places": places})
