"""Forms of the citizens' and employers' job pages (/jobs/). Words are gettext messages: Korean or English as the
language switch says. Every input is bounded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iljari.core.forms import AmountField
from iljari.core.labels import choices_in_language, name_in_language
from iljari.orgs.models import OrgUnit

from .models import Contract, Occupation, WageType
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
                                  choices=choices_in_language(WageType.choices, blank=_("Any")))
    min_wage = AmountField(label=_("Lowest wage (won)"), required=False, max_won=1_000_000_000,
                           help_text=_("With a wage type: e.g. 10,030 an hour or 2,500,000 a month"))
    max_hours = forms.TypedChoiceField(label=_("Hours a week"), required=False, choices=HOURS, coerce=int,
                                       empty_value=None)
    contract = forms.ChoiceField(label=_("Contract"), required=False,
                                 choices=choices_in_language(Contract.choices, blank=_("Any")))
    within_days = forms.TypedChoiceField(label=_("Posted"), required=False, choices=WITHIN, coerce=int,
                                         empty_value=None)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("min_wage") is not None and not data.get("wage_type"):
            self.add_error("wage_type", _("Choose a wage type to search by the lowest wage"))
        return data

    def criteria(self) -> Criteria:
        d = self.cleaned_data
        return Criteria(q=d.get("q") or "", district=d.get("district"), occupation=d.get("occupation") or "",
                        wage_type=d.get("wage_type") or "", min_wage=d.get("min_wage"),
                        max_hours=d.get("max_hours"), contract=d.get("contract") or "",
                        within_days=d.get("within_days"), sort=d.get("sort") or "new")
