"""Forms of the room bookings' pages: the citizen's choice of a slot (start and length), the officer's desk
booking for a walk-in, and the officer's action on a booking (check-in, no-show, cancel)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .room_services import DaySlots, _aware


class SlotForm(forms.Form):
    """A start among the free slots of the day and a length among those the rule allows."""

    start = forms.ChoiceField(label=_("Start time"), widget=forms.RadioSelect,
                              error_messages={"required": _("Choose a start time."),
                                              "invalid_choice": _("That start time is not free any more.")})
    minutes = forms.TypedChoiceField(label=_("How long"), coerce=int, widget=forms.RadioSelect,
                                     error_messages={"required": _("Choose how long."),
                                                     "invalid_choice": _("Choose one of the lengths shown.")})
    party_size = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=99, initial=1,
                                    required=False)

    def __init__(self, *args: Any, slots: DaySlots, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.day_slots = slots
        self.fields["start"].choices = [(s.label, s.label) for s in slots.bookable]
        self.fields["minutes"].choices = [(m, _minutes_label(m)) for m in slots.lengths]
        if slots.room.mode != "whole":
            del self.fields["party_size"]
        else:
            self.fields["party_size"].max_value = slots.room.capacity
            self.fields["party_size"].widget.attrs.update({"min": 1, "max": slots.room.capacity,
                                                           "inputmode": "numeric"})

    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        h, m = (int(x) for x in self.cleaned_data["start"].split(":"))
        start = _aware(self.day_slots.day, dt.time(h, m))
        return start, start + dt.timedelta(minutes=self.cleaned_data["minutes"])


def _minutes_label(m: int) -> str:
    from django.utils.translation import gettext

    hours, rest = divmod(m, 60)
    if hours and rest:
        return gettext("%(h)d h %(m)d min") % {"h": hours, "m": rest}
    if hours:
        return gettext("%(h)d h") % {"h": hours}
    return gettext("%(m)d min") % {"m": rest}


def longest_booking(service: str, day: dt.date) -> int:
    """The longest booking the rule of `service` in force on `day` allows (minutes; 240 without a rule)."""
    from .models import BookingRule

    rule = BookingRule.objects.filter(service=service, valid_from__lte=day).order_by("-valid_from").first()
    limits = [m for m in ((rule.booking_max_minutes, rule.daily_minutes) if rule else ()) if m]
    return min(limits) if limits else 240


class DeskBookingForm(forms.Form):
    name = forms.CharField(label=_("Booker's name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800}))
    minutes = forms.TypedChoiceField(label=_("How long"), coerce=int,
                                     choices=[(m, m) for m in range(30, 241, 30)])
    party_size = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=99, initial=1)

    def __init__(self, *args: Any, longest: int = 240, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # lengths the rule in force today allows (one booking, a day): never offer what is then refused
        self.fields["minutes"].choices = [(m, _minutes_label(m)) for m in range(30, max(longest, 30) + 1, 30)]

    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        start = _aware(self.cleaned_data["day"], self.cleaned_data["start"])
        return start, start + dt.timedelta(minutes=self.cleaned_data["minutes"])


class BookingActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("check_in", _("Check in")), ("no_show", _("No-show")),
                                        ("cancel", _("Cancel"))])
    version = forms.IntegerField(min_value=0)
    reason = forms.CharField(max_length=300, required=False)
    next = forms.CharField(max_length=300, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
