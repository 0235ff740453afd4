"""Forms of the citizens' account pages and the café list's filter (slice "accounts"). Every input is bounded;
words are gettext messages (Korean or English as the language switch says)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iljari.core.labels import choices_in_language, name_in_language
from iljari.orgs.models import OrgUnit

from .models import Place

PHONE_INPUT = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20})
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _mobile(value: str) -> str:
    from .account_services import phone_digits

    digits = phone_digits(value)
    if digits is None:
        raise forms.ValidationError(_("Enter a Korean mobile number, e.g. 010-1234-5678"))
    return digits


class DistrictChoiceField(forms.ModelChoiceField):
    """One of Seoul's districts by its name (its code is the value sent, never shown)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid_choice": _("Choose a district from the list")})
        super().__init__(queryset=OrgUnit.objects.filter(kind="district").order_by("name_ko"), to_field_name="code",
                         **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return name_in_language(obj, get_language())


class Honeypot(forms.CharField):
    """A field people never see; a robot that fills every input is answered as if it succeeded, nothing saved."""

    def __init__(self) -> None:
        super().__init__(label=_("Leave this empty"), required=False, max_length=200,
                         widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


def _password(label: Any, autocomplete: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=128, strip=False,
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "maxlength": 128}),
                           **kwargs)


class RegisterForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, widget=PHONE_INPUT,
                            help_text=_("You log in with this number, e.g. 010-1234-5678"))
    password = _password(_("Password"), "new-password",
                         help_text=_("At least 8 characters, not only digits and not like your number or name"))
    password2 = _password(_("Password again"), "new-password")
    name = forms.CharField(label=_("Your name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE_INPUT,
                                 error_messages={"invalid": _("Enter the date as 1998-03-02")})
    district = DistrictChoiceField(label=_("District you live in"), empty_label=_("Outside Seoul"), required=False,
                                   help_text=_("Some services (interview suits) are for Seoul residents only"))
    final_year_student = forms.BooleanField(
        label=_("I am in the final year of high school (graduating this school year)"), required=False)
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information (required)"),
        error_messages={"required": _("Without this consent you cannot sign up")})
    website = Honeypot()

    def clean_phone(self) -> str:
        return _mobile(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        d = self.cleaned_data
        if d.get("password") and d.get("password2") is not None and d["password"] != d["password2"]:
            self.add_error("password2", _("The two passwords are not the same"))
        return d


class LoginForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, widget=PHONE_INPUT)
    password = _password(_("Password"), "current-password")
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    website = Honeypot()


class AccountForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, widget=PHONE_INPUT)
    district = DistrictChoiceField(label=_("District you live in"), empty_label=_("Choose a district"))
    new_password = _password(_("New password"), "new-password", required=False,
                             help_text=_("Leave empty to keep your password"))
    new_password2 = _password(_("New password again"), "new-password", required=False)
    current_password = _password(_("Current password"), "current-password",
                                 help_text=_("Needed to save any change"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def clean_phone(self) -> str:
        return _mobile(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        d = self.cleaned_data
        if (d.get("new_password") or "") != (d.get("new_password2") or ""):
            self.add_error("new_password2", _("The two passwords are not the same"))
        return d


class DeactivateForm(forms.Form):
    password = _password(_("Password"), "current-password")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


SETTINGS = [(v, label) for v, label in Place.Setting.choices if v != Place.Setting.SHOP]


class CafeFilterForm(forms.Form):
    """The café list's filter (GET): a district, regional cafés only, the setting."""

    district = DistrictChoiceField(label=_("District"), required=False, empty_label=_("All of Seoul"))
    regional = forms.BooleanField(label=_("Regional cafés only"), required=False)
    setting = forms.ChoiceField(label=_("Where it is"), required=False,
                                choices=choices_in_language(SETTINGS, blank=_("Any")))  # type: ignore[arg-type]
