"""Forms of the citizens' and employers' job pages (/jobs/). Words are gettext messages: Korean or English as the
language switch says. Every input is bounded."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iljari.core.forms import AmountField
from iljari.core.labels import choices_in_language, name_in_language
from iljari.orgs.models import OrgUnit

from .models import Centre, Contract, Education, Occupation, Seeker, SkillCode, WageType
from .search import MAX_QUERY_CHARS, Criteria


class DistrictChoiceField(forms.ModelChoiceField):
    """A district by its name (its code is the value sent, never shown)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid_choice": _("Choose a district from the list")})
        super().__init__(queryset=OrgUnit.objects.filter(kind="district").order_by("name_ko"), to_field_name="code",
                         **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return name_in_language(obj, get_language())


def occupation_choices(blank: Any) -> Any:
    """KECO major and middle categories, the middle ones indented under their major one, in the page's language."""

    def current() -> list[tuple[str, str]]:
        language = get_language()
        rows = [("", str(blank))]
        for o in Occupation.objects.filter(level__lte=2, active=True).order_by("code"):
            name = name_in_language(o, language)
            rows.append((o.code, name if o.level == 1 else f"\u00a0\u00a0· {name}"))
        return rows

    return current


HOURS = [("", _("Any hours")), ("15", _("Up to 15 hours a week")), ("30", _("Up to 30 hours a week")),
         ("40", _("Up to 40 hours a week")), ("52", _("Up to 52 hours a week"))]
WITHIN = [("", _("Any time")), ("1", _("Today")), ("3", _("In the last 3 days")), ("7", _("In the last 7 days")),
          ("30", _("In the last 30 days"))]
SORT = [("new", _("Newest first")), ("deadline", _("Closing soonest")), ("wage", _("Highest pay"))]


class JobSearchForm(forms.Form):
    """The search of open vacancies (GET). An unknown value in a list is a form error shown beside its field."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=MAX_QUERY_CHARS,
                        help_text=_("Words from the job title, tasks or requirements"),
                        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_CHARS,
                                                      "enterkeyhint": "search"}))
    district = DistrictChoiceField(label=_("District"), required=False, empty_label=_("All of Seoul"))
    occupation = forms.ChoiceField(label=_("Occupation"), required=False, choices=occupation_choices(_("All")))
    wage_type = forms.ChoiceField(label=_("Wage type"), required=False,
                                  choices=choices_in_language(WageType.choices, blank=_("Any")))  # type: ignore[arg-type]
    min_wage = AmountField(label=_("Lowest wage (won)"), required=False, max_won=1_000_000_000,
                           help_text=_("With a wage type: e.g. 12,000 an hour or 2,500,000 a month"))
    max_hours = forms.TypedChoiceField(label=_("Hours a week"), required=False, choices=HOURS, coerce=int,
                                       empty_value=None)
    contract = forms.ChoiceField(label=_("Contract"), required=False,
                                 choices=choices_in_language(Contract.choices, blank=_("Any")))  # type: ignore[arg-type]
    within_days = forms.TypedChoiceField(label=_("Posted"), required=False, choices=WITHIN, coerce=int,
                                         empty_value=None)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("min_wage") is not None and not data.get("wage_type"):
            self.add_error("wage_type", _("Choose a wage type to search by the lowest wage"))
        return data

    def criteria(self) -> Criteria:
        d = self.cleaned_data
        return Criteria(q=d.get("q") or "", district=d.get("district"), occupation=d.get("occupation") or "",
                        wage_type=d.get("wage_type") or "", min_wage=d.get("min_wage"),
                        max_hours=d.get("max_hours"), contract=d.get("contract") or "",
                        within_days=d.get("within_days"), sort=d.get("sort") or "new")


# --- registering as a seeker and posting a vacancy ------------------------------------------------------------


class Honeypot(forms.CharField):
    """A field people never see (hidden by the style sheet, out of the tab order, labelled "leave empty"); a
    robot that fills every input is refused without saving anything."""

    def __init__(self) -> None:
        super().__init__(label=_("Leave this empty"), required=False, max_length=200,
                         widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


def middle_occupation_choices(blank: Any) -> Any:
    """KECO middle categories (a vacancy and a wish are at least that precise), grouped under their major one."""

    def current() -> list[Any]:
        language = get_language()
        groups: list[Any] = [("", str(blank))]
        majors = {o.code: name_in_language(o, language)
                  for o in Occupation.objects.filter(level=1, active=True).order_by("code")}
        members: dict[str, list[tuple[str, str]]] = {code: [] for code in majors}
        for o in Occupation.objects.filter(level__gte=2, active=True).order_by("code"):
            members.setdefault(o.code[:1], []).append((o.code, name_in_language(o, language)))
        groups += [(majors.get(code, code), rows) for code, rows in members.items() if rows]
        return groups

    return current


def licence_choices() -> Any:
    def current() -> list[tuple[str, str]]:
        language = get_language()
        return [(s.code, name_in_language(s, language))
                for s in SkillCode.objects.filter(kind=SkillCode.Kind.LICENCE, active=True).order_by("name_ko")]

    return current


def centre_choices() -> Any:
    def current() -> list[tuple[str, str]]:
        language = get_language()
        return [("", str(_("The centre of my district (or the Seoul Job Centre)")))] + [
            (c.code, name_in_language(c, language)) for c in Centre.objects.filter(active=True).order_by("code")]

    return current


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHONE_INPUT = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20})


def _bounded_text(limit: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=limit, widget=forms.Textarea(attrs={"rows": 3, "maxlength": limit}), **kwargs)


class SeekerRegistrationForm(forms.Form):
    """구직 신청: who the seeker is, the work they want, what they bring, and their consents (PIPA)."""

    name = forms.CharField(label=_("Your name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE_INPUT,
                                 error_messages={"invalid": _("Enter the date as 1968-03-12")})
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, widget=PHONE_INPUT,
                            help_text=_("A counsellor calls you on this number"))
    home_district = DistrictChoiceField(label=_("District you live in"), empty_label=_("Choose a district"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    occupation_1 = forms.ChoiceField(label=_("Work you want"), choices=middle_occupation_choices(_("Choose")))
    occupation_2 = forms.ChoiceField(label=_("Other work you want"), required=False,
                                     choices=middle_occupation_choices(_("None")))
    commute = forms.ChoiceField(label=_("How far you can travel"),
                                choices=choices_in_language(Seeker.Commute.choices))
    wage_type = forms.ChoiceField(label=_("Wage type"), choices=choices_in_language(WageType.choices))
    desired_wage = AmountField(label=_("Wage you want (won)"), required=False, max_won=1_000_000_000,
                               help_text=_("e.g. 2,500,000 a month or 12,000 an hour"))
    hours_per_week = forms.IntegerField(label=_("Hours a week at most"), required=False, min_value=1, max_value=52,
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    education = forms.ChoiceField(label=_("Education"), choices=choices_in_language(Education.choices))
    licences = forms.MultipleChoiceField(label=_("Licences you hold"), required=False, choices=licence_choices(),
                                         widget=forms.CheckboxSelectMultiple)
    skills_text = _bounded_text(1000, label=_("Skills and experience"), required=False,
                                help_text=_("In your own words, e.g. the work you have done and the tools you use"))
    centre = forms.ChoiceField(label=_("Job centre"), required=False, choices=centre_choices(),
                               help_text=_("The centre whose counsellor helps you"))
    consent_share = forms.BooleanField(label=_("Employers I am introduced to may see my name and phone number"),
                                       required=False)
    consent_collect = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information (required)"),
        error_messages={"required": _("Without this consent the centre cannot register you")})
    website = Honeypot()

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])


PHONE = re.compile(r"[0-9+\-() .]{7,20}")


def _phone(value: str) -> str:
    """A phone number as people write it (010-1234-5678, 02 123 4567); the registry checks it again."""
    value = value.strip()
    if not PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 7:
        raise forms.ValidationError(_("Enter the phone number with digits only, e.g. 010-1234-5678"))
    return value


class VacancyPostForm(forms.Form):
    """구인 신청: the employer, then the vacancy. It waits for a counsellor's approval before it is shown."""

    employer_name = forms.CharField(label=_("Company name"), max_length=100)
    business_number = forms.CharField(label=_("Business registration number"), max_length=20,
                                      help_text=_("Ten digits, e.g. 123-45-67891"),
                                      widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, widget=PHONE_INPUT,
                                    help_text=_("Only the job centre sees it"))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False, max_length=100,
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    title = forms.CharField(label=_("Job title"), max_length=100)
    occupation = forms.ChoiceField(label=_("Occupation"), choices=middle_occupation_choices(_("Choose")))
    district = DistrictChoiceField(label=_("District of the workplace"), empty_label=_("Choose a district"))
    address = forms.CharField(label=_("Address of the workplace"), max_length=200, required=False)
    tasks = _bounded_text(2000, label=_("What the work is"))
    requirements = _bounded_text(2000, label=_("Requirements and preferences"), required=False)
    licences = forms.MultipleChoiceField(label=_("Licences required"), required=False, choices=licence_choices(),
                                         widget=forms.CheckboxSelectMultiple)
    wage_type = forms.ChoiceField(label=_("Wage type"), choices=choices_in_language(WageType.choices))
    wage = AmountField(label=_("Wage (won)"), max_won=1_000_000_000,
                       help_text=_("At least the legal minimum wage of this year"))
    hours_per_week = forms.IntegerField(label=_("Hours a week"), min_value=1, max_value=52,
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    contract = forms.ChoiceField(label=_("Contract"), choices=choices_in_language(Contract.choices))
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=999, initial=1,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT,
                               error_messages={"invalid": _("Enter the date as 2026-12-31")})
    consent_collect = forms.BooleanField(
        label=_("I agree to the collection and use of this information (required)"),
        error_messages={"required": _("Without this consent the centre cannot take the vacancy")})
    website = Honeypot()

    def clean_business_number(self) -> str:
        from .registry import business_number_clean

        number = business_number_clean(self.cleaned_data["business_number"])
        if number is None:
            raise forms.ValidationError(_("This is not a valid business registration number (check the ten digits)"))
        return number

    def clean_contact_phone(self) -> str:
        return _phone(self.cleaned_data["contact_phone"])

    def clean_deadline(self) -> dt.date:
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline has already passed: choose today or a later day"))
        return day

    def clean(self) -> dict[str, Any]:
        """The legal minimum wage of today's year, beside the wage (the registry checks it again on saving)."""
        from .registry import minimum_wage_problem

        super().clean()
        data = self.cleaned_data
        if data.get("wage") and data.get("hours_per_week") and data.get("wage_type") and "wage" not in self.errors:
            problem = minimum_wage_problem(wage_type=data["wage_type"], wage=data["wage"],
                                           hours_per_week=data["hours_per_week"], on=timezone.localdate())
            if problem is not None:
                english = (get_language() or "ko").startswith("en")
                self.add_error("wage", problem.message_en if english else problem.message_ko)
        return data
