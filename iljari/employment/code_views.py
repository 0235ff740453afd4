"""The job centres' code lists for administrators (slice "matching"): occupations (KECO, by level; finer codes
added under a middle category; deactivation), skills and licences, the minimum wage by year. Anyone signed in
reads them; `administer` changes them, through the audited services of `employment.code_services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.core.forms import AmountField

from . import code_services
from .models import MinimumWage, Occupation, SkillCode


def _english() -> bool:
    return (get_language() or "ko").startswith("en")


def _name(obj: Any) -> str:
    return (obj.name_en if _english() else "") or obj.name_ko


def _problems_to_form(form: forms.Form, exc: ServiceError) -> None:
    for p in exc.problems:
        form.add_error(p.field if p.field in form.fields else None, p.message_en if _english() else p.message_ko)


class OccupationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {_name(obj)}"


class OccupationForm(forms.Form):
    parent = OccupationChoice(label=_("Under"), queryset=Occupation.objects.none())
    code = forms.CharField(label=_("Code"), max_length=8)
    name_ko = forms.CharField(label=_("Korean name"), max_length=120)
    name_en = forms.CharField(label=_("English name"), max_length=160)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent: Any = self.fields["parent"]
        parent.queryset = Occupation.objects.filter(
            active=True, level__in=[Occupation.Level.MIDDLE, Occupation.Level.MINOR]).order_by("code")


class ActiveForm(forms.Form):
    active = forms.ChoiceField(label=_("Active"), choices=[("yes", _("Use")), ("no", _("Stop using"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SkillForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("skill", _("Skill")), ("licence", _("Licence"))])
    code = forms.CharField(label=_("Code"), max_length=20, required=False,
                           help_text=_("Capital letters, digits and hyphens; cannot be changed later"))
    name_ko = forms.CharField(label=_("Korean name"), max_length=120)
    name_en = forms.CharField(label=_("English name"), max_length=160)
    occupation = OccupationChoice(label=_("Occupation it belongs to"), queryset=Occupation.objects.none(),
                                  required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupation: Any = self.fields["occupation"]
        occupation.queryset = Occupation.objects.filter(active=True).order_by("code")
        if editing:
            del self.fields["code"]


class MinimumWageForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1988, max_value=2100)
    hourly = AmountField(label=_("Hourly rate (won)"), max_won=1_000_000)
    source = forms.CharField(label=_("Source (the notice)"), max_length=200)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


def _form_page(request: HttpRequest, form: forms.Form, title: str, back: str) -> HttpResponse:
    return render(request, "employment/codes_form.html", {"form": form, "title": title, "back": back},
                  status=400 if form.errors else 200)


@gate("view")
def occupations(request: HttpRequest) -> HttpResponse:
    rows = list(Occupation.objects.order_by("code"))
    counts = {lvl: sum(1 for o in rows if o.level == lvl) for lvl in Occupation.Level.values}
    return render(request, "employment/codes_occupations.html", {
        "rows": [(o, _name(o), o.level > 2) for o in rows], "counts": counts, "levels": Occupation.Level.choices,
        "can_edit": policy.allows(request.user, "administer"), "source": rows[0].source if rows else ""})


@gate("administer", methods=("GET", "HEAD", "POST"))
def occupation_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"][:12])
    form = OccupationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("web"):
                obj = code_services.occupation_add(actor=request.user, parent=d["parent"], code=d["code"],
                                                   name_ko=d["name_ko"], name_en=d["name_en"], reason=d["reason"])
            messages.success(request, gettext("Added the occupation %(code)s.") % {"code": obj.code})
            return redirect("web:employment:codes_occupations")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return _form_page(request, form, gettext("Add a finer occupation code"), "web:employment:codes_occupations")


@gate("administer", methods=("POST",))
def occupation_active(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = get_object_or_404(Occupation, pk=occupation_id)
    form = ActiveForm(request.POST)
    if form.is_valid():
        try:
            with change_context("web"):
                code_services.occupation_set_active(actor=request.user, occupation=occupation,
                                                    active=form.cleaned_data["active"] == "yes",
                                                    reason=form.cleaned_data["reason"])
            messages.success(request, gettext("Saved."))
            return redirect("web:employment:codes_occupations")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return _form_page(request, form, _name(occupation), "web:employment:codes_occupations")


@gate("view")
def skills(request: HttpRequest) -> HttpResponse:
    rows = list(SkillCode.objects.select_related("occupation").order_by("kind", "name_ko"))
    return render(request, "employment/codes_skills.html", {
        "rows": [(s, _name(s), _name(s.occupation) if s.occupation else "-") for s in rows],
        "can_edit": policy.allows(request.user, "administer")})


@gate("administer", methods=("GET", "HEAD", "POST"))
def skill_new(request: HttpRequest) -> HttpResponse:
    form = SkillForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("web"):
                code_services.skill_save(actor=request.user, code=d["code"], kind=d["kind"], name_ko=d["name_ko"],
                                         name_en=d["name_en"], occupation=d["occupation"], active=d["active"],
                                         reason=d["reason"])
            messages.success(request, gettext("Saved."))
            return redirect("web:employment:codes_skills")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return _form_page(request, form, gettext("Add a skill or licence"), "web:employment:codes_skills")


@gate("administer", methods=("GET", "HEAD", "POST"))
def skill_edit(request: HttpRequest, skill_id: int) -> HttpResponse:
    skill = get_object_or_404(SkillCode, pk=skill_id)
    initial = {"kind": skill.kind, "name_ko": skill.name_ko, "name_en": skill.name_en,
               "occupation": skill.occupation_id, "active": skill.active}
    form = SkillForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("web"):
                code_services.skill_save(actor=request.user, code=skill.code, kind=d["kind"], name_ko=d["name_ko"],
                                         name_en=d["name_en"], occupation=d["occupation"], active=d["active"],
                                         skill=skill, reason=d["reason"])
            messages.success(request, gettext("Saved."))
            return redirect("web:employment:codes_skills")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return _form_page(request, form, _name(skill), "web:employment:codes_skills")


@gate("view")
def minimum_wages(request: HttpRequest) -> HttpResponse:
    return render(request, "employment/codes_minimum_wage.html", {
        "rows": MinimumWage.objects.order_by("-valid_from"), "can_edit": policy.allows(request.user, "administer")})


@gate("administer", methods=("GET", "HEAD", "POST"))
def minimum_wage_new(request: HttpRequest) -> HttpResponse:
    form = MinimumWageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("web"):
                code_services.minimum_wage_add(actor=request.user, year=d["year"], hourly=int(d["hourly"]),
                                               source=d["source"], reason=d["reason"])
            messages.success(request, gettext("Saved."))
            return redirect("web:employment:codes_minimum_wage")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return _form_page(request, form, gettext("Add a year's minimum wage"), "web:employment:codes_minimum_wage")
