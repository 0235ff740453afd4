"""The evaluation scheme's form (평가 기준): weights and grade bands as the model stores them, checked first."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import WEIGHTS

_NUMBER = {"invalid": _("Enter a number."), "required": _("Enter a value."),
           "min_value": _("At least 0."), "max_value": _("At most 100."),
           "max_digits": _("At most 100, with at most two decimals."),
           "max_decimal_places": _("At most two decimals."), "max_whole_digits": _("At most 100.")}


def _score(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, min_value=Decimal(0),
                              max_value=Decimal(100), error_messages=_NUMBER)


class SchemeForm(forms.Form):
    valid_from = forms.IntegerField(label=_("Valid from the year"), min_value=2000, max_value=2100,
                                    error_messages={**_NUMBER, "min_value": _("The year is between 2000 and 2100."),
                                                    "max_value": _("The year is between 2000 and 2100.")})
    weight_achievement = _score(_("Weight of achievement"))
    weight_execution = _score(_("Weight of execution"))
    weight_cost = _score(_("Weight of cost per job"))
    weight_transition = _score(_("Weight of placement in jobs"))
    excellent_from = _score(_("Excellent (points and above)"))
    adequate_from = _score(_("Adequate (points and above)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def values(self) -> dict[str, Decimal]:
        return {k: self.cleaned_data[k] for k in [*WEIGHTS, "excellent_from", "adequate_from"]}
