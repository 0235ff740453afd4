"""Forms of the counsellors' registration pages: they parse (dates, amounts, choices in the page's language) and
the services in `employment.registry` decide (minimum wage, deadline, business number...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iljari.core.forms import AmountField
from iljari.core.labels import choices_in_language, one_language
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person

from .models import Contract, Education, Seeker, SkillCode, WageType


def _name(obj: Any, language: str | None) -> str:
    english = (language or "ko").startswith("en")
    return (getattr(obj, "name_en", "") if english else "") or obj.name_ko


def occupation_choices(blank: str | None = None) -> Callable[[], list[Any]]:
    """KECO middle and finer categories grouped under their major category (an optgroup each), in the page's
    language; evaluated each time the field is shown."""

    def current() -> list[Any]:
        from .models import Occupation

        language = get_language()
        occs = list(Occupation.objects.filter(active=True).order_by("code"))
        majors = {o.code: o for o in occs if o.level == 1}
        groups: dict[str, list[tuple[str, str]]] = {}
        for o in occs:
            if o.level < 2:
                continue
            indent = "\u00a0\u00a0" * (o.level - 2)
            groups.setdefault(o.code[0], []).append((o.code, indent + _name(o, language)))
        out: list[Any] = [("", blank)] if blank is not None else []
        for major, items in groups.items():
            head = majors.get(major)
            out.append((_name(head, language) if head else major, items))
        return out

    return current


def skill_choices() -> Callable[[], list[Any]]:
    def current() -> list[Any]:
        language = get_language()
        out: list[Any] = []
        for kind, label in reversed(SkillCode.Kind.choices):  # licences first
            items = [(s.code, _name(s, language)) for s in SkillCode.objects.filter(active=True, kind=kind)]
            if items:
                out.append((one_language(label, language), items))
        return out

    return current


def district_choices(blank: str | None = None) -> Callable[[], list[tuple[str, str]]]:
    def current() -> list[tuple[str, str]]:
        language = get_language()
        head = [("", blank)] if blank is not None else []
        return head + [(u.code, _name(u, language))
                       for u in OrgUnit.objects.filter(kind="district").order_by("name_ko")]

    return current


def centre_choices(centres: Any) -> list[tuple[str, str]]:
    language = get_language()
    return [(str(c.pk), _name(c, language)) for c in centres]


SEVERAL = _("Hold Ctrl (⌘ on a Mac) to choose several.")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeekerForm(forms.Form):
    centre = forms.ChoiceField(label=_("Job centre"))
    name = forms.CharField(label=_("Full name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=_date_widget())
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=choices_in_language(Person.Sex.choices, blank="-"))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    home_district = forms.ChoiceField(label=_("District of residence"), required=False,
                                      choices=district_choices(blank="-"))
    registered_on = forms.DateField(label=_("Registered on"), required=False, widget=_date_widget())
    desired_occupations = forms.MultipleChoiceField(label=_("Desired occupations"), required=False,
                                                    choices=occupation_choices(), help_text=SEVERAL,
                                                    widget=forms.SelectMultiple(attrs={"size": 8}))
    commute = forms.ChoiceField(label=_("Commute"), choices=choices_in_language(Seeker.Commute.choices),
                                initial=Seeker.Commute.NEIGHBOUR)
    wage_type = forms.ChoiceField(label=_("Wage type"), choices=choices_in_language(WageType.choices),
                                  initial=WageType.MONTHLY)
    desired_wage = AmountField(label=_("Desired wage (won)"), required=False, max_won=2_000_000_000)
    hours_per_week = forms.IntegerField(label=_("Hours a week at most"), required=False, min_value=1, max_value=168)
    education = forms.ChoiceField(label=_("Education"), choices=choices_in_language(Education.choices),
                                  initial=Education.NONE)
    licences = forms.MultipleChoiceField(label=_("Licences and skills"), required=False, choices=skill_choices(),
                                         help_text=SEVERAL,
                                         widget=forms.SelectMultiple(attrs={"size": 6}))
    skills_text = forms.CharField(label=_("Skills as the seeker describes them"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    career_text = forms.CharField(label=_("Career"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    programmes_joined = forms.CharField(label=_("Employment programmes joined"), required=False, max_length=1000)
    consent_share = forms.BooleanField(label=_("Agrees that employers see the name and phone"), required=False)

    def __init__(self, *args: Any, centres: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centres = {str(c.pk): c for c in centres}
        self.fields["centre"].choices = centre_choices(centres)  # type: ignore[attr-defined]

    def clean_centre(self) -> Any:
        return self.centres[self.cleaned_data["centre"]]


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Employer name"), max_length=200)
    business_number = forms.CharField(label=_("Business registration number"), max_length=20,
                                      help_text=_("Ten digits, e.g. 123-45-67891"))
    sector = forms.CharField(label=_("Industry"), max_length=100, required=False)
    employees = forms.IntegerField(label=_("Employees"), required=False, min_value=0, max_value=10_000_000)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    district = forms.ChoiceField(label=_("District"), required=False, choices=district_choices(blank="-"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    contact_email = forms.CharField(label=_("Contact e-mail"), max_length=254, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0, max_value=2**31)


class EmployerNewForm(EmployerForm):
    centre = forms.ChoiceField(label=_("Job centre"))
    field_order = ["centre"]

    def __init__(self, *args: Any, centres: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centres = {str(c.pk): c for c in centres}
        self.fields["centre"].choices = centre_choices(centres)  # type: ignore[attr-defined]

    def clean_centre(self) -> Any:
        return self.centres[self.cleaned_data["centre"]]


class VacancyForm(forms.Form):
    centre = forms.ChoiceField(label=_("Job centre"))
    employer = forms.ChoiceField(label=_("Employer"), required=False)
    # an employer not yet registered, registered with the vacancy
    new_employer_name = forms.CharField(label=_("New employer: name"), max_length=200, required=False)
    new_business_number = forms.CharField(label=_("New employer: business registration number"), max_length=20,
                                          required=False)
    new_contact_phone = forms.CharField(label=_("New employer: contact phone"), max_length=20, required=False)
    title = forms.CharField(label=_("Job title"), max_length=200)
    occupation_code = forms.ChoiceField(label=_("Occupation"), choices=occupation_choices(blank="-"))
    district = forms.ChoiceField(label=_("District of the workplace"), choices=district_choices(blank="-"))
    address = forms.CharField(label=_("Workplace address"), max_length=300, required=False)
    wage_type = forms.ChoiceField(label=_("Wage type"), choices=choices_in_language(WageType.choices),
                                  initial=WageType.MONTHLY)
    wage = AmountField(label=_("Wage (won)"), max_won=2_000_000_000)
    hours_per_week = forms.IntegerField(label=_("Hours a week"), min_value=0, max_value=168, initial=40)
    contract = forms.ChoiceField(label=_("Contract"), choices=choices_in_language(Contract.choices),
                                 initial=Contract.PERMANENT)
    openings = forms.IntegerField(label=_("Openings"), min_value=0, max_value=10_000, initial=1)
    education = forms.ChoiceField(label=_("Education required"), choices=choices_in_language(Education.choices),
                                  initial=Education.NONE)
    required_licences = forms.MultipleChoiceField(label=_("Licences and skills required"), required=False,
                                                  choices=skill_choices(), help_text=SEVERAL,
                                                  widget=forms.SelectMultiple(attrs={"size": 6}))
    tasks = forms.CharField(label=_("Tasks"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(label=_("Requirements and preferences"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    posted_on = forms.DateField(label=_("Posted on"), required=False, widget=_date_widget())
    deadline = forms.DateField(label=_("Deadline"), widget=_date_widget())

    def __init__(self, *args: Any, centres: Any = (), employers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centres = {str(c.pk): c for c in centres}
        self.employers = {str(e.pk): e for e in employers}
        self.fields["centre"].choices = centre_choices(centres)  # type: ignore[attr-defined]
        employer_choices = [("", _("- a new employer (below) -"))] + [(str(e.pk), e.name) for e in employers]
        self.fields["employer"].choices = employer_choices  # type: ignore[attr-defined]

    def clean_centre(self) -> Any:
        return self.centres[self.cleaned_data["centre"]]

    def clean_employer(self) -> Any:
        return self.employers.get(self.cleaned_data.get("employer") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("employer") and not (data.get("new_employer_name") or "").strip():
            self.add_error("employer", _("Choose an employer or register a new one below."))
        return data


class VacancyDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=300, required=False)
    version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)
