"""Typed forms of the double-receipt check: one editor per kind of rule (nobody writes JSON), the decisions on an
alert and on a link, the recovery case and its payments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.forms import AmountField

from .models import BenefitRecord

_DATE_ERRORS = {"required": _("Enter the date."), "invalid": _("Enter the date as YYYY-MM-DD.")}
_INT_ERRORS = {"invalid": _("Enter a whole number."), "min_value": _("Must be at least %(limit_value)s."),
               "max_value": _("Must be at most %(limit_value)s."), "required": _("Enter a value.")}
_CHOICE_ERRORS = {"required": _("Choose at least one."), "invalid_choice": _("Choose a value from the list."),
                  "invalid_list": _("Choose a value from the list.")}


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages=_DATE_ERRORS,
                           widget=forms.DateInput(attrs={"type": "date"}))


class WonField(AmountField):
    """An amount in won as offices write it ("500,000"); bounded, whole won, 0 or more."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_won", 10**12)
        kwargs.setdefault("invalid_message", _("Enter a number (e.g. 500,000)."))
        kwargs.setdefault("too_large_message", _("The amount is too large."))
        super().__init__(**kwargs)


def kind_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    from iljari.core.labels import one_language

    return [(v, one_language(label, get_language())) for v, label in BenefitRecord.Kind.choices]


class BenefitRuleForm(forms.Form):
    kind: str = ""
    label = forms.CharField(label=_("Rule name"), max_length=200, required=False,
                            help_text=_("The name alerts show; empty: the rule's sentence."))
    valid_from = _date(_("Applies from"))
    valid_to = _date(_("Applies until"), required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The end cannot come before the start."))
        return data

    def kind_fields(self) -> list[forms.BoundField]:
        common = set(BenefitRuleForm.base_fields)
        return [self[n] for n in self.fields if n not in common]

    def common_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("label", "valid_from", "valid_to", "active", "reason")]

    def to_params(self) -> dict[str, Any]:
        return {}

    @classmethod
    def initial_for(cls, rule: Any) -> dict[str, Any]:
        return {"label": rule.label, "valid_from": rule.valid_from, "valid_to": rule.valid_to, "active": rule.active,
                "version": rule.version, **cls.initial_params(rule.params or {})}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {}


class _KindsMixin(forms.Form):
    kinds = forms.MultipleChoiceField(label=_("Kinds of benefit counted"), widget=forms.CheckboxSelectMultiple,
                                      error_messages=_CHOICE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kind_choices()  # type: ignore[attr-defined]


class OverlapRuleForm(_KindsMixin, BenefitRuleForm):
    kind = "overlap"

    def to_params(self) -> dict[str, Any]:
        order = list(BenefitRecord.Kind.values)
        return {"kinds": sorted(self.cleaned_data["kinds"], key=order.index)}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"kinds": list(params.get("kinds") or ["paid"])}


class MonthsCapRuleForm(OverlapRuleForm):
    kind = "months_cap"
    years = forms.IntegerField(label=_("Within this many years"), min_value=1, max_value=10, error_messages=_INT_ERRORS)
    months = forms.IntegerField(label=_("Alert above this many months"), min_value=1, max_value=120,
                                error_messages=_INT_ERRORS,
                                help_text=_("e.g. more than 10 months in 2 years → 2 years, 10 months"))

    def to_params(self) -> dict[str, Any]:
        return {**super().to_params(), "months": self.cleaned_data["months"], "years": self.cleaned_data["years"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {**super().initial_params(params), "months": params.get("months"), "years": params.get("years")}


class SubsidyRuleForm(BenefitRuleForm):
    kind = "subsidy_while_paid"


class TwoDistrictsRuleForm(BenefitRuleForm):
    kind = "two_districts"


BENEFIT_RULE_FORMS: dict[str, type[BenefitRuleForm]] = {f.kind: f for f in (
    OverlapRuleForm, MonthsCapRuleForm, SubsidyRuleForm, TwoDistrictsRuleForm)}


class AlertDecisionForm(forms.Form):
    DECISIONS = [("confirmed", _("Double receipt confirmed (opens a recovery case)")),
                 ("justified", _("Justified (give the reason)")),
                 ("not_same", _("Not the same person"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect,
                                 error_messages=_CHOICE_ERRORS)
    amount = WonField(label=_("Amount to recover (won)"), required=False,
                      help_text=_("Proposed: the overlap in won. Change it if the notice says otherwise."))
    notice_date = _date(_("Notice date"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)


class LinkDecisionForm(forms.Form):
    DECISIONS = [("same", _("Same person")), ("different", _("Different person"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect,
                                 error_messages=_CHOICE_ERRORS)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Give the reason.")})
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)


class RecoveryCaseForm(forms.Form):
    amount = WonField(label=_("Amount to recover (won)"), error_messages={"required": _("Enter a value.")})
    notice_date = _date(_("Notice date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)


class RecoveryPaymentForm(forms.Form):
    paid_on = _date(_("Date paid"))
    amount = WonField(label=_("Amount paid (won)"), error_messages={"required": _("Enter a value.")})
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)
