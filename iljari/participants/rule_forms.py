"""Typed editors of eligibility and pay rules and the days-worked grid: one Django form per rule kind, so an
officer picks districts by name, types "13,500" (만원) for a property cap and never writes JSON.

Each rule form turns its fields into the rule's `params` (`to_params`) and back (`initial_for`); the services
check the parameters again (`services.rule_check`, `services.pay_rule_save`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.forms import AmountField

from .models import Applicant, EligibilityRule, Parameter
from .rule_text import (
    TRUNCATION_LABELS,
    employment_label,
    english,
    parameter_label,
    status_label,
    truncation_label,
)

_DATE_ERRORS = {"required": _("Enter the date it applies from."), "invalid": _("Enter the date as YYYY-MM-DD.")}
_INT_ERRORS = {"invalid": _("Enter a whole number."), "min_value": _("Must be at least %(limit_value)s."),
               "max_value": _("Must be at most %(limit_value)s."), "required": _("Enter a value.")}
_CHOICE_ERRORS = {"required": _("Choose at least one."), "invalid_choice": _("Choose a value from the list."),
                  "invalid_list": _("Choose a value from the list.")}


def _int(label: Any, lo: int, hi: int, *, required: bool = False, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=lo, max_value=hi, required=required, help_text=help_text,
                              error_messages=_INT_ERRORS, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class RuleForm(forms.Form):
    """What every eligibility rule has: a name, the dates it applies, the reason for the change."""

    kind: str = ""
    label = forms.CharField(label=_("Rule name"), max_length=200, required=False,
                            help_text=_("The name decisions show; empty: the rule's sentence. If you change the value, correct the name too."))
    valid_from = forms.DateField(label=_("Applies from"), error_messages=_DATE_ERRORS,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("Applies until"), required=False, error_messages=_DATE_ERRORS,
                               widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False,
                             help_text=_("Kept in the audit trail (e.g. the 2015 property notice)."))
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The end cannot come before the start."))
        return data

    def to_params(self) -> dict[str, Any]:
        raise NotImplementedError

    def kind_fields(self) -> list[forms.BoundField]:
        """The fields of this kind of rule (the common ones are laid out apart)."""
        common = set(RuleForm.base_fields)
        return [self[name] for name in self.fields if name not in common]

    @classmethod
    def initial_for(cls, rule: EligibilityRule) -> dict[str, Any]:
        return {"label": rule.label, "valid_from": rule.valid_from, "valid_to": rule.valid_to,
                "version": rule.version, **cls.initial_params(rule.params or {})}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {}


class AgeRangeForm(RuleForm):
    kind = "age_range"
    min_age = _int(_("Age at least"), 0, 120, help_text=_("Age on the first day of work"))
    max_age = _int(_("Age at most"), 0, 120)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is None and hi is None and not self.has_error("min_age") and not self.has_error("max_age"):
            self.add_error("min_age", _("Give the lowest or the highest age."))
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_age", _("The highest age is below the lowest."))
        return data

    def to_params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {k: v for k, v in (("min", d.get("min_age")), ("max", d.get("max_age"))) if v is not None}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"min_age": params.get("min"), "max_age": params.get("max")}


def district_choices() -> list[tuple[str, str]]:
    from iljari.orgs.models import OrgUnit

    en = english()
    units = OrgUnit.objects.filter(kind="district").order_by("name_en" if en else "name_ko")
    return [(o.code, (o.name_en if en else "") or o.name_ko) for o in units]


class ResidencyForm(RuleForm):
    kind = "residency"
    districts = forms.MultipleChoiceField(label=_("District of residence"), widget=forms.CheckboxSelectMultiple,
                                          error_messages=_CHOICE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = district_choices()  # type: ignore[attr-defined]

    def to_params(self) -> dict[str, Any]:
        return {"districts": sorted(self.cleaned_data["districts"])}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"districts": list(params.get("districts") or [])}


class EmploymentForm(RuleForm):
    kind = "employment"
    allowed = forms.MultipleChoiceField(label=_("Employment that may apply"), choices=Applicant.Employment.choices,
                                        widget=forms.CheckboxSelectMultiple, error_messages=_CHOICE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed"].choices = [  # type: ignore[attr-defined]
            (c, employment_label(c)) for c in Applicant.Employment.values]

    def to_params(self) -> dict[str, Any]:
        order = list(Applicant.Employment.values)
        return {"allowed": sorted(self.cleaned_data["allowed"], key=order.index)}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"allowed": list(params.get("allowed") or [])}


class IncomeLineForm(RuleForm):
    kind = "income_line"
    parameter = forms.ChoiceField(label=_("Income line"), error_messages={
        **_CHOICE_ERRORS, "required": _("Choose an income line (ask the administrator if none is registered).")})
    percent = _int(_("At most this % of the line"), 1, 1000, required=True, help_text=_("e.g. at most 150% of the minimum cost of living → 150"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = sorted(set(Parameter.objects.values_list("name", flat=True)))
        self.fields["parameter"].choices = [(n, parameter_label(n)) for n in names]  # type: ignore[attr-defined]

    def to_params(self) -> dict[str, Any]:
        return {"parameter": self.cleaned_data["parameter"], "percent": self.cleaned_data["percent"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"parameter": params.get("parameter"), "percent": params.get("percent", 100)}


class PropertyCapForm(RuleForm):
    kind = "property_cap"
    max_property = AmountField(label=_("Property cap (10,000 won)"), unit=10_000, help_text=_("e.g. 135,000,000 won → 13,500"))

    def to_params(self) -> dict[str, Any]:
        return {"max": self.cleaned_data["max_property"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"max_property": params.get("max")}


class ExcludeStatusForm(RuleForm):
    kind = "exclude_status"
    statuses = forms.MultipleChoiceField(label=_("People excluded"), choices=list(Applicant.STATUSES.items()),
                                         widget=forms.CheckboxSelectMultiple, error_messages=_CHOICE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statuses"].choices = [(c, status_label(c)) for c in Applicant.STATUSES]  # type: ignore[attr-defined]

    def to_params(self) -> dict[str, Any]:
        order = list(Applicant.STATUSES)
        return {"statuses": sorted(self.cleaned_data["statuses"], key=order.index)}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"statuses": list(params.get("statuses") or [])}


class ParticipationCapForm(RuleForm):
    kind = "participation_cap"
    years = _int(_("In the last years"), 1, 10, required=True)
    months = _int(_("Excluded above this many months"), 0, 120, required=True, help_text=_("e.g. more than 10 months in 2 years excluded → 2 years, 10 months"))

    def to_params(self) -> dict[str, Any]:
        return {"months": self.cleaned_data["months"], "years": self.cleaned_data["years"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"months": params.get("months"), "years": params.get("years")}


class PriorityPointsForm(RuleForm):
    kind = "priority_points"
    per_dependant = _int(_("Points per dependant"), 0, 100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in Applicant.STATUSES:
            self.fields[f"points_{code}"] = _int(_("Points for %(status)s") % {"status": status_label(code)}, 0, 100)

    def status_fields(self) -> list[forms.BoundField]:
        return [self[f"points_{code}"] for code in Applicant.STATUSES]

    def to_params(self) -> dict[str, Any]:
        d = self.cleaned_data
        points = {code: d[f"points_{code}"] for code in Applicant.STATUSES if d.get(f"points_{code}")}
        out: dict[str, Any] = {"statuses": points}
        if d.get("per_dependant"):
            out["per_dependant"] = d["per_dependant"]
        return out

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        out = {f"points_{c}": n for c, n in (params.get("statuses") or {}).items()}
        out["per_dependant"] = params.get("per_dependant")
        return out


RULE_FORMS: dict[str, type[RuleForm]] = {f.kind: f for f in (
    AgeRangeForm, ResidencyForm, EmploymentForm, IncomeLineForm, PropertyCapForm, ExcludeStatusForm,
    ParticipationCapForm, PriorityPointsForm)}


class PayRuleForm(forms.Form):
    """근로조건·임금 (work terms and pay): by the day (days worked are entered) or by the hour (hours are entered)."""

    BASES = [("day", _("By the day (days worked are entered)")),
             ("hour", _("By the hour (hours worked are entered)"))]
    ROWS = 3

    valid_from = forms.DateField(label=_("Applies from"), error_messages=_DATE_ERRORS,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(label=_("Rule name"), max_length=200, required=False, help_text=_("e.g. 2014 public works"))
    basis = forms.ChoiceField(label=_("Paid by"), choices=BASES, widget=forms.RadioSelect, initial="day",
                              error_messages=_CHOICE_ERRORS)
    hourly_rate = AmountField(label=_("Amount an hour (won)"), max_won=10**7, required=False,
                              help_text=_("Hourly pay: the hourly wage; day-based pay: an hourly allowance on top of the day's base."))
    default_hours = _int(_("Hours a day"), 1, 24)
    age_from = _int(_("From this age"), 0, 120)
    age_hours = _int(_("Hours a day"), 1, 24)
    daily_allowance = AmountField(label=_("Daily allowance (won)"), max_won=10**7, required=False,
                                  help_text=_("Weekly and monthly leave allowances, snacks and the like, added to each day"))
    monthly_cap_hours = _int(_("Monthly hour cap"), 1, 744, help_text=_("Hours beyond it are not paid (day-based pay too)."))
    truncate_to = forms.TypedChoiceField(label=_("Truncation"), coerce=int, initial=10,
                                         choices=list(TRUNCATION_LABELS.items()), error_messages=_CHOICE_ERRORS)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["truncate_to"].choices = [  # type: ignore[attr-defined]
            (step, truncation_label(step)) for step in TRUNCATION_LABELS]
        for i in range(1, self.ROWS + 1):
            self.fields[f"wage_hours_{i}"] = _int(_("Hours"), 1, 24)
            self.fields[f"wage_amount_{i}"] = AmountField(label=_("Day's wage (won)"), max_won=10**7, required=False)
            self.fields[f"base_hours_{i}"] = _int(_("Hours (at least)"), 0, 24)
            self.fields[f"base_amount_{i}"] = AmountField(label=_("Day's base (won)"), max_won=10**7, required=False)

    def wage_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"wage_hours_{i}"], self[f"wage_amount_{i}"]) for i in range(1, self.ROWS + 1)]

    def base_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"base_hours_{i}"], self[f"base_amount_{i}"]) for i in range(1, self.ROWS + 1)]

    def _pairs(self, prefix: str, first: str, second: str) -> list[tuple[int, int]]:
        out = []
        for i in range(1, self.ROWS + 1):
            a, b = self.cleaned_data.get(f"{prefix}_{first}_{i}"), self.cleaned_data.get(f"{prefix}_{second}_{i}")
            if a is None and b is None:
                continue
            if a is None or b is None:
                self.add_error(f"{prefix}_{first}_{i}" if a is None else f"{prefix}_{second}_{i}",
                               _("Give the hours and the amount together."))
                continue
            out.append((a, b))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.wages = self._pairs("wage", "hours", "amount")
        self.bases = self._pairs("base", "hours", "amount")
        if data.get("basis") == "hour" and not data.get("hourly_rate") and not self.has_error("hourly_rate"):
            self.add_error("hourly_rate", _("Hourly pay needs the amount an hour."))
        if data.get("basis") == "day":
            if not data.get("default_hours") and not self.has_error("default_hours"):
                self.add_error("default_hours", _("Day-based pay needs the hours a day."))
            if not self.wages and not self.bases and not data.get("hourly_rate") \
                    and not any(self.has_error(f) for f in ("hourly_rate", "wage_amount_1", "base_amount_1")):
                self.add_error("wage_amount_1", _("Give a day's wage by hours, a day's base or an amount an hour."))
        if (data.get("age_from") is None) != (data.get("age_hours") is None):
            self.add_error("age_hours", _("Give the age and the hours a day at that age together."))
        return data

    def to_params(self) -> dict[str, Any]:
        d = self.cleaned_data
        params: dict[str, Any] = {"basis": d["basis"]}
        if d.get("hourly_rate"):
            params["hourly_rate"] = d["hourly_rate"]
        if d.get("default_hours"):  # hourly rules too: hours a day bound the hours entered
            params["default_hours"] = d["default_hours"]
        if d.get("default_hours") and d.get("age_from") is not None:
            params["hours_by_age"] = [[d["age_from"], d["age_hours"]]]
        if d.get("daily_allowance"):  # paid for each day worked, by the day or by the hour
            params["daily_allowance"] = d["daily_allowance"]
        if d["basis"] == "day":
            if self.wages:
                params["daily_wage_by_hours"] = {str(h): a for h, a in sorted(self.wages, reverse=True)}
            if self.bases:
                params["daily_base"] = [[h, a] for h, a in sorted(self.bases, reverse=True)]
        if d.get("monthly_cap_hours"):
            params["monthly_cap_hours"] = d["monthly_cap_hours"]
        params["truncate_to"] = d.get("truncate_to") or 1
        return params

    @classmethod
    def initial_for(cls, rule: Any) -> dict[str, Any]:
        from .pay import pay_basis

        p = rule.params or {}
        out: dict[str, Any] = {"valid_from": rule.valid_from, "label": rule.label, "version": rule.version,
                               "basis": pay_basis(p), "hourly_rate": p.get("hourly_rate"),
                               "default_hours": p.get("default_hours"), "daily_allowance": p.get("daily_allowance"),
                               "monthly_cap_hours": p.get("monthly_cap_hours"), "truncate_to": p.get("truncate_to", 1)}
        if p.get("hours_by_age"):
            out["age_from"], out["age_hours"] = p["hours_by_age"][0]
        for i, (h, a) in enumerate(sorted(((int(h), int(a)) for h, a in (p.get("daily_wage_by_hours") or {}).items()),
                                          reverse=True)[:cls.ROWS], start=1):
            out[f"wage_hours_{i}"], out[f"wage_amount_{i}"] = h, a
        for i, (h, a) in enumerate(sorted(((int(h), int(a)) for h, a in p.get("daily_base") or []),
                                          reverse=True)[:cls.ROWS], start=1):
            out[f"base_hours_{i}"], out[f"base_amount_{i}"] = h, a
        return out


class WorkGridForm(forms.Form):
    """근무 실적 입력: for each participant row, the days (and for hourly pay the hours) and the version read.
    Fields are named days_<application>, hours_<application>, version_<application>."""

    reason = forms.CharField(label=_("Reason for the entry"), max_length=500, required=False, help_text=_("e.g. February attendance sheet checked"))

    def __init__(self, *args: Any, applications: list[Any], days_limit: int, hourly: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications, self.hourly = applications, hourly
        for a in applications:
            self.fields[f"days_{a.pk}"] = _int(_("Days worked by %(name)s") % {"name": a.applicant.name}, 0, days_limit)
            if hourly:
                self.fields[f"hours_{a.pk}"] = _int(_("Hours worked by %(name)s") % {"name": a.applicant.name}, 0, 24 * days_limit)
            self.fields[f"version_{a.pk}"] = forms.IntegerField(min_value=0, max_value=2**31, required=False,
                                                                widget=forms.HiddenInput, error_messages=_INT_ERRORS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.hourly:
            for a in self.applications:
                days, hours = data.get(f"days_{a.pk}"), data.get(f"hours_{a.pk}")
                if days is not None and hours is not None and hours > 24 * days:
                    self.add_error(f"hours_{a.pk}", _("At most 24 hours × %(days)s days = %(hours)s hours.") % {"days": days, "hours": 24 * days})
        return data

    def entries(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [{"application": a, "days": d.get(f"days_{a.pk}"),
                 "hours": d.get(f"hours_{a.pk}") if self.hourly else None,
                 "version": d.get(f"version_{a.pk}") or 0} for a in self.applications]
