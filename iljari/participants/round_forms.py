"""The round form (모집 회차 만들기·고치기): the program, dates, places, quota, and worksites as repeated rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .round_services import MAX_PLACES, RoundTerms

_DATE = {"invalid": _("Enter the date as YYYY-MM-DD."), "required": _("Enter the date.")}


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=_DateInput(), error_messages=_DATE,
                           help_text=help_text)


class ProgramChoice(forms.ModelChoiceField):
    """A program by its name (the code is the value sent, never shown)."""

    def label_from_instance(self, obj: Any) -> str:
        from django.utils.translation import get_language

        english = (get_language() or "ko").startswith("en")
        return (obj.name_en if english else "") or obj.name_ko


class RoundForm(forms.Form):
    program = ProgramChoice(label=_("Program"), queryset=None, to_field_name="code",  # type: ignore[arg-type]
                            empty_label=_("Choose a program"))
    name = forms.CharField(label=_("Round name"), max_length=100, help_text=_("e.g. 2024 second half"))
    announce_on = _date(_("Announced on"), required=False)
    apply_from = _date(_("Applications from"))
    apply_to = _date(_("Applications until"))
    select_on = _date(_("Selection on"), required=False)
    work_from = _date(_("Work from"))
    work_to = _date(_("Work until"))
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_PLACES,
                                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    vulnerable_quota_percent = forms.IntegerField(
        label=_("Places kept for vulnerable applicants (%)"), min_value=0, max_value=100, initial=0,
        help_text=_("At least this share of the places goes to vulnerable applicants first (0: none)."))
    duties = forms.CharField(
        label=_("What the job is"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to citizens on the application page: the work, where and for whom, in plain words."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             help_text=_("Kept in the audit trail."))
    version = forms.IntegerField(label=_("Version of the round you opened"), widget=forms.HiddenInput, min_value=1,
                                 max_value=2**31, required=False)

    def __init__(self, *args: Any, programs: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # a round stays with its program
            del self.fields["program"]
            self.fields["version"].required = True
        else:
            self.fields["program"].queryset = programs.order_by("name_ko", "code")  # type: ignore[attr-defined]
            del self.fields["version"]

    @staticmethod
    def initial_for(rnd: Any) -> dict[str, Any]:
        return {f: getattr(rnd, f) for f in ("name", "announce_on", "apply_from", "apply_to", "select_on",
                                              "work_from", "work_to", "places", "vulnerable_quota_percent", "note",
                                              "duties",
                                              "version")}

    def terms(self, worksites: list[tuple[str, int]]) -> RoundTerms:
        d = self.cleaned_data
        return RoundTerms(name=d["name"], announce_on=d["announce_on"], apply_from=d["apply_from"],
                          apply_to=d["apply_to"], select_on=d["select_on"], work_from=d["work_from"],
                          work_to=d["work_to"], places=d["places"],
                          vulnerable_quota_percent=d["vulnerable_quota_percent"], note=d["note"], duties=d["duties"],
                          worksites=tuple(worksites))


class WorksiteForm(forms.Form):
    name = forms.CharField(label=_("Worksite"), max_length=100, required=False)
    places = forms.IntegerField(label=_("Number of participants"), min_value=1, max_value=MAX_PLACES, required=False,
                                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if d.get("name") and d.get("places") is None and "places" not in self.errors:
            self.add_error("places", _("Enter how many participants the worksite takes."))
        if d.get("places") is not None and not d.get("name"):
            self.add_error("name", _("Name the worksite."))
        return d


class WorksiteRows(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_problems: list[str] = []  # the service's problems with the rows as a whole (sum, names)

    def rows(self) -> list[tuple[str, int]]:
        return [(f.cleaned_data["name"].strip(), f.cleaned_data["places"]) for f in self.forms
                if f.cleaned_data.get("name")]


_Rows = forms.formset_factory(WorksiteForm, formset=WorksiteRows, extra=3, max_num=200, absolute_max=200,
                              validate_max=True)


def worksite_rows(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> WorksiteRows:
    """The worksite rows of the round form: as sent when `data` is given, else the round's (`initial`) and three
    empty rows. (Bound rows get no initial values: a row equal to its initial would count as untouched and be
    left out.)"""
    rows = _Rows(data, prefix="site") if data is not None else _Rows(initial=initial, prefix="site")
    assert isinstance(rows, WorksiteRows)
    return rows
