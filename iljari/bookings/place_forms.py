"""Officers' forms of places, operators, rooms, hours, closures, rules and penalties (slice "accounts"). They
parse; the services (`place_services`, `rule_services`) decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iljari.core.labels import choices_in_language, name_in_language
from iljari.orgs.models import OrgUnit

from .account_forms import DistrictChoiceField
from .models import Operator, Place, Room, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _Named(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:  # type: ignore[override]
        return name_in_language(obj, get_language())


class OperatorForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=160, required=False)
    kind = forms.ChoiceField(label=_("Kind of operator"), choices=choices_in_language(Operator.Kind.choices))
    org_unit = _Named(label=_("Unit that runs it"), queryset=OrgUnit.objects.none(), to_field_name="code")
    business_number = forms.CharField(label=_("Business registration number"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units if units is not None else OrgUnit.objects.all()  # type: ignore[attr-defined]


class PlaceForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, required=False,
                           help_text=_("Letters, digits, - and _; it cannot be changed later"))
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=160, required=False)
    kind = forms.ChoiceField(label=_("Kind of place"), choices=choices_in_language(Place.Kind.choices))
    setting = forms.ChoiceField(label=_("Setting"), required=False,
                                choices=choices_in_language(Place.Setting.choices, blank="-"))
    operator = _Named(label=_("Operator"), queryset=Operator.objects.none(), to_field_name="code")
    district = DistrictChoiceField(label=_("District"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    regional = forms.BooleanField(label=_("Regional café"), required=False)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}))
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DATE)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, operators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators if operators is not None else Operator.objects.all()  # type: ignore[attr-defined]


WEEKDAY_LABELS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


class HoursForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, label in enumerate(WEEKDAY_LABELS):
            self.fields[f"opens_{n}"] = forms.TimeField(label=label, required=False, widget=TIME)
            self.fields[f"closes_{n}"] = forms.TimeField(label=label, required=False, widget=TIME)

    def hours(self) -> dict[int, Any]:
        d = self.cleaned_data
        return {n: (d[f"opens_{n}"], d[f"closes_{n}"]) if d.get(f"opens_{n}") and d.get(f"closes_{n}") else None
                for n in range(7)}

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(label, self[f"opens_{n}"], self[f"closes_{n}"]) for n, label in enumerate(WEEKDAY_LABELS)]


class ClosureForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RoomForm(forms.Form):
    room = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name_ko = forms.CharField(label=_("Room name (Korean)"), max_length=100)
    name_en = forms.CharField(label=_("Room name (English)"), max_length=160, required=False)
    kind = forms.ChoiceField(label=_("Kind of room"), choices=choices_in_language(Room.Kind.choices))
    mode = forms.ChoiceField(label=_("How it is booked"), choices=choices_in_language(Room.Mode.choices))
    capacity = forms.IntegerField(label=_("Seats or people"), min_value=1, max_value=200)
    slot_minutes = forms.IntegerField(label=_("Booking step (minutes)"), min_value=10, max_value=240, initial=30)
    equipment = forms.CharField(label=_("Equipment"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RuleForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=choices_in_language(Service.choices))
    valid_from = forms.DateField(label=_("Applies from"), widget=DATE)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    residents_only = forms.BooleanField(label=_("Seoul residents only"), required=False)
    min_age = forms.IntegerField(label=_("Lowest age"), required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label=_("Highest age"), required=False, min_value=0, max_value=120)
    final_year_students = forms.BooleanField(label=_("Final-year high-school students may book under the lowest age"),
                                             required=False)
    daily_minutes = forms.IntegerField(label=_("Minutes a day per person"), required=False, min_value=1)
    booking_max_minutes = forms.IntegerField(label=_("Minutes a booking at most"), required=False, min_value=1)
    yearly_count = forms.IntegerField(label=_("Uses a calendar year"), required=False, min_value=1)
    max_future = forms.IntegerField(label=_("Bookings ahead at once"), required=False, min_value=1)
    advance_days = forms.IntegerField(label=_("Days ahead one may book"), min_value=0, initial=14)
    rental_nights = forms.IntegerField(label=_("Rental nights"), required=False, min_value=1)
    cancel_hours = forms.IntegerField(label=_("Cancel at least this many hours before"), min_value=0, initial=0)
    no_show_ban_days = forms.IntegerField(label=_("Days barred after a no-show"), min_value=0, initial=0)
    late_return_ban_days = forms.IntegerField(label=_("Days barred after a late return"), min_value=0, initial=0)
    waitlist_offer_hours = forms.IntegerField(label=_("Hours a freed place is offered"), min_value=1, initial=24)
    open_on_holidays = forms.BooleanField(label=_("Open on public holidays"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Why the restriction is lifted"), max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (xlsx)"))
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False)


class PlaceFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of place"), required=False,
                             choices=choices_in_language(Place.Kind.choices, blank=_("All")))
    district = DistrictChoiceField(label=_("District"), required=False, empty_label=_("All"))
    operator = _Named(label=_("Operator"), queryset=Operator.objects.order_by("name_ko"), to_field_name="code",
                      required=False, empty_label=_("All"))
