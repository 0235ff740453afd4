"""Forms of the programmes' pages (officers and citizens): parse, then one service call each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iljari.core.labels import one_language

from .models import Programme
from .templatetags.programme_tags import name_of, title_of


def kind_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    return [(v, one_language(label, get_language())) for v, label in Programme.Kind.choices]


class ProgrammeForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Job café"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind of programme"))
    title_ko = forms.CharField(label=_("Programme name (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Programme name (English)"), max_length=200, required=False)
    staff = forms.CharField(label=_("Run by (mentor, counsellor, photographer)"), max_length=200, required=False)
    description = forms.CharField(label=_("About the programme"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                  max_length=4000)
    active = forms.BooleanField(label=_("Running"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, places: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["kind"].choices = kind_choices()
        if places is None:
            del self.fields["place"]
        else:
            self.fields["place"].required = True
            self.fields["place"].choices = [(p.pk, name_of(p)) for p in places]


def _aware(day: dt.date, t: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, t), timezone.get_default_timezone())


class SessionForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Programme"), coerce=int, required=False)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10_000)
    staff = forms.CharField(label=_("Run by (if not the programme's)"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, programmes: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if programmes is None:
            del self.fields["programme"]
        else:
            self.fields["programme"].required = True
            self.fields["programme"].choices = [(p.pk, f"{name_of(p.place)} · {title_of(p)}") for p in programmes]

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        return _aware(d["day"], d["starts"]), _aware(d["day"], d["ends"])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FilterForm(forms.Form):
    """The citizens' programme list: district, kind, date (all optional)."""

    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(label=_("Kind of programme"), required=False)
    day = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, districts: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["district"].choices = [("", _("All districts"))] + [(d.code, name_of(d)) for d in districts]
        self.fields["kind"].choices = [("", _("All kinds")), *kind_choices()]
