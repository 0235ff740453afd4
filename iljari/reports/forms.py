"""Forms of the report pages: the construction jobs estimator and the coefficients table (취업계수)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.numbers import NumberParseError, parse_number

# A construction budget in 억원: above 0 and below 1,000,000억원 (100조원, more than the national budget's
# construction spending); anything else is a typo, not a budget.
MAX_BUDGET_EOK = Decimal(1_000_000)
_DATE = {"invalid": _("Enter the date as YYYY-MM-DD."), "required": _("Enter the date.")}


class EstimateForm(forms.Form):
    budget = forms.CharField(label=_("Construction budget (100 million won)"), max_length=30)
    industry = forms.ChoiceField(label=_("Industry"), choices=[])
    on = forms.DateField(label=_("As of"), required=False, error_messages=_DATE)

    def __init__(self, *args: Any, industries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = industries  # type: ignore[attr-defined]

    def clean_budget(self) -> Decimal:
        raw = self.cleaned_data["budget"]
        try:
            value = parse_number(raw)
        except NumberParseError:
            raise forms.ValidationError(_("Enter the budget as a number in 100 million won: %(raw)s")
                                        % {"raw": raw}) from None
        if value is None or value <= 0:
            raise forms.ValidationError(_("The budget is above 0."))
        if value >= MAX_BUDGET_EOK:
            raise forms.ValidationError(_("The budget is too large (below 1,000,000 × 100 million won)."))
        return value

    def clean_on(self) -> dt.date | None:
        on = self.cleaned_data.get("on")
        if on is not None and not 2000 <= on.year <= 2100:
            raise forms.ValidationError(_("The date is between the years 2000 and 2100."))
        return on


class CoefficientForm(forms.Form):
    """A coefficient from a date: for an industry of the table (chosen by its name) or a new one (its code and
    name typed once)."""

    industry = forms.SlugField(label=_("Industry"), max_length=40, required=False)
    new_industry = forms.SlugField(label=_("New industry's code"), max_length=40, required=False)
    name_ko = forms.CharField(label=_("Industry name"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("In force from"), error_messages=_DATE)
    jobs_per_billion = forms.DecimalField(label=_("Coefficient (people per billion won)"), max_digits=10,
                                          decimal_places=4,
                                          error_messages={"invalid": _("Enter the coefficient as a number."),
                                                          "required": _("Enter the coefficient.")})
    source = forms.CharField(label=_("Where it comes from"), max_length=300, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        from iljari.programs.models import EmploymentCoefficient

        d = super().clean() or {}
        code = d.get("industry") or d.get("new_industry") or ""
        known = EmploymentCoefficient.objects.filter(industry=code).order_by("-valid_from").first() if code else None
        if not code:
            self.add_error("industry", _("Choose an industry, or give a new industry's code and name."))
        elif known is None and not d.get("name_ko"):
            self.add_error("name_ko", _("Give the new industry's name."))
        d["industry"] = code
        if not d.get("name_ko") and known is not None:
            d["name_ko"] = known.name_ko
        return d
