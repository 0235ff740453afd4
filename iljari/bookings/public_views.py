"""The citizens' pages of the accounts-and-places slice: home (places by district), a place, register, log in and
out, my bookings. (Slice "accounts" builds them out; the home and logout exist from the start so every slice's
pages render.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from .accounts import citizen_logout
from .models import Place


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    places = Place.objects.filter(active=True, kind=Place.Kind.CAFE).select_related("district")
    return render(request, "bookings/public/home.html", {"places": places})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    citizen_logout(request)
    return HttpResponseRedirect(reverse("cafes:home"))
