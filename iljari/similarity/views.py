"""Similar programs: the portfolio's flagged pairs and "what is like this one?" for a program."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from iljari.access import policy
from iljari.programs.models import Program

from .selectors import like_program, portfolio_pairs


@login_required
def similar_to(request: HttpRequest, code: str) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    program = get_object_or_404(policy.restrict(Program.objects.all(), request.user, "view"), code=code)
    pairs = like_program(program, request.user)
    template = "similarity/_like.html" if request.headers.get("HX-Request") else "similarity/like.html"
    return render(request, template, {"program": program, "pairs": pairs})


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    pairs = portfolio_pairs(request.user, with_similar=request.GET.get("similar") == "1")
    return render(request, "similarity/pairs.html", {"pairs": pairs, "with_similar": request.GET.get("similar") == "1"})
