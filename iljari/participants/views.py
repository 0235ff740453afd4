"""The public application page: open rounds, the form, and a receipt. No login; the number is never echoed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError

from .forms import ApplicationForm
from .models import RecruitmentRound
from .services import applicant_register, application_submit


def open_rounds(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rounds = RecruitmentRound.objects.filter(apply_from__lte=today, apply_to__gte=today).select_related("program")
    return render(request, "participants/open_rounds.html", {"rounds": rounds, "today": today})


@sensitive_post_parameters("rrn")
def apply(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = get_object_or_404(RecruitmentRound.objects.select_related("program"), pk=round_id)
    today = timezone.localdate()
    if not rnd.apply_from <= today <= rnd.apply_to:
        raise Http404("not open")
    form = ApplicationForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("public"):
                applicant = applicant_register(actor=None, rrn=d["rrn"], data={
                    "name": d["name"], "phone": d["phone"], "district": d["district"].code, "address": d["address"],
                    "household_size": d["household_size"], "household_income": d["household_income"],
                    "property_value": d["property_value"], "employment": d["employment"],
                    "statuses": d["statuses"]})
                app = application_submit(actor=None, round=rnd, applicant=applicant, channel="public")
        except ConflictError as exc:
            problems = [p.message_ko for p in exc.problems]
        except ServiceError as exc:
            for p in exc.problems:
                if p.field and p.field in form.fields:
                    form.add_error(p.field, p.message_ko)
                else:
                    problems.append(p.message_ko)
        else:
            return render(request, "participants/receipt.html", {"round": rnd, "application": app,
                                                                 "masked": applicant.rrn_masked})
    return render(request, "participants/apply.html", {"round": rnd, "form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)
