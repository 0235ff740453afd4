"""Forms of the counsellor's pages (a session, a referral's outcome, a placement, a follow-up, a job fair): they
parse; the services in `casework` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.forms import AmountField
from iljari.core.labels import choices_in_language

from .models import Contract, Counselling, Occupation, Placement, Referral, WageType

_DATE_ERRORS = {"required": _("Enter the date."), "invalid": _("Enter the date as YYYY-MM-DD.")}
_CHOICE_ERRORS = {"required": _("Choose a value from the list."), "invalid_choice": _("Choose a value from the list.")}
_COUNT_ERRORS = {"invalid": _("Enter a whole number."), "min_value": _("Must be 0 or more."),
                 "max_value": _("The number is too large."), "required": _("Enter a value.")}


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=_DATE_ERRORS,
                           widget=forms.DateInput(attrs={"type": "date"}))


def _choice(label: Any, choices: Any, blank: Any = None) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices_in_language(choices, blank), error_messages=_CHOICE_ERRORS)


def _version() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)


class SessionForm(forms.Form):
    held_on = _date(_("Date of the session"))
    kind = _choice(_("Kind of session"), Counselling.Kind.choices)
    channel = _choice(_("Channel"), Counselling.Channel.choices)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)


class ReferForm(forms.Form):
    """One click: the seeker (on a vacancy's page) or the vacancy (on a seeker's page) by its number."""

    target = forms.IntegerField(min_value=1, max_value=2**62, error_messages={
        "required": _("Choose whom to refer."), "invalid": _("Choose whom to refer."),
        "min_value": _("Choose whom to refer."), "max_value": _("Choose whom to refer.")})


class OutcomeForm(forms.Form):
    outcome = _choice(_("Outcome"), [c for c in Referral.Outcome.choices if c[0] != Referral.Outcome.PENDING])
    on = _date(_("Date of the outcome"))
    reason = forms.CharField(label=_("Reason (for a refusal)"), required=False, max_length=300)
    version = _version()


class PlacementForm(forms.Form):
    via = _choice(_("Way of the placement"), Placement.Via.choices)
    referral = forms.TypedChoiceField(label=_("Referral"), required=False, coerce=int, empty_value=None,
                                      error_messages=_CHOICE_ERRORS)
    employer_name = forms.CharField(label=_("Employer (when not through a referral)"), required=False,
                                    max_length=200)
    occupation = forms.ModelChoiceField(label=_("Occupation (empty: the vacancy's)"), required=False,
                                        queryset=Occupation.objects.filter(active=True),
                                        error_messages=_CHOICE_ERRORS)
    placed_on = _date(_("Date of the placement"))
    wage_type = _choice(_("Type of wage"), WageType.choices)
    wage = AmountField(label=_("Wage (won)"), max_won=10**10)
    contract = _choice(_("Type of contract"), Contract.choices)

    def __init__(self, *args: Any, referrals: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [("", _("None"))] + [  # type: ignore[attr-defined]
            (r.pk, r.label) for r in referrals]
        self.fields["occupation"].label_from_instance = _occupation_label  # type: ignore[attr-defined]

    def clean_wage(self) -> int:
        wage = self.cleaned_data.get("wage")
        if not wage:
            raise forms.ValidationError(_("Enter the wage."))
        return int(wage)


def _occupation_label(o: Occupation) -> str:
    from django.utils.translation import get_language

    return (o.name_en or o.name_ko) if (get_language() or "ko").startswith("en") else o.name_ko


_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FollowUpForm(forms.Form):
    done_on = _date(_("Date checked"))
    still_employed = forms.TypedChoiceField(label=_("Still employed?"), choices=_YES_NO, coerce=lambda v: v == "yes",
                                            error_messages=_CHOICE_ERRORS, widget=forms.RadioSelect)
    same_employer = forms.TypedChoiceField(label=_("Same employer?"), choices=_YES_NO, required=False,
                                           coerce=lambda v: v == "yes", empty_value=None,
                                           error_messages=_CHOICE_ERRORS, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    version = _version()


class JobFairForm(forms.Form):
    centre = forms.TypedChoiceField(label=_("Job centre"), coerce=int, error_messages=_CHOICE_ERRORS)
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = _date(_("Date held"))
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    companies = forms.IntegerField(label=_("Companies"), min_value=0, max_value=10**7, error_messages=_COUNT_ERRORS)
    applicants = forms.IntegerField(label=_("Applicants"), min_value=0, max_value=10**7,
                                    error_messages=_COUNT_ERRORS)
    interviews = forms.IntegerField(label=_("Interviews"), min_value=0, max_value=10**7,
                                    error_messages=_COUNT_ERRORS)
    hires = forms.IntegerField(label=_("Hires"), min_value=0, max_value=10**7, error_messages=_COUNT_ERRORS)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    version = _version()

    def __init__(self, *args: Any, centres: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from iljari.core.labels import name_in_language

        self.fields["centre"].choices = [  # type: ignore[attr-defined]
            (c.pk, name_in_language(c)) for c in centres]
