"""The citizen's application form (공공일자리 참여 신청서): mobile friendly, every field labelled. The words are
gettext messages: Korean on the citizens' pages (always Korean), the officer's language when an officer enters a
paper application or corrects an applicant."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.orgs.models import OrgUnit

from .models import Applicant


class DistrictField(forms.ModelChoiceField):
    """A district by its Korean name (the code is the value sent, never shown)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("error_messages", {"required": _("Choose the district you live in"),
                                             "invalid_choice": _("Choose a district from the list")})
        super().__init__(queryset=OrgUnit.objects.filter(kind="district").order_by("name_ko"), to_field_name="code",
                         empty_label=_("Choose a district"), **kwargs)  # type: ignore[arg-type]

    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return obj.name_ko


_MANWON = Decimal(10_000)


def manwon_text(won: int | None) -> str:
    """Won as the 만원 figure a person types: 135,000,000 -> '13,500'; 1,234,567 -> '123.4567'."""
    if won is None:
        return ""
    whole, rest = divmod(int(won), 10_000)
    return f"{whole:,}" + (f".{rest:04d}".rstrip("0") if rest else "")


class ManwonField(forms.Field):
    """An amount typed in 만원 ("13,500", "13 500", "250.5", "250만원", "250만") -> whole won (135,000,000).

    A figure ending in a bare "원" ("1,850,000원") is in won, not 만원: it is refused with the 만원 figure to type
    instead ("185"), never read as 1,850,000만원. Every error says the amounts are in 만원."""

    def __init__(self, *, max_won: int, **kwargs: Any) -> None:
        self.max_won = max_won
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                           "maxlength": "30"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return manwon_text(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def to_python(self, value: Any) -> int | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Write an amount in at most 30 characters"), code="max_length")
        cleaned = unicodedata.normalize("NFKC", text)  # full-width digits and commas from a Korean keyboard
        cleaned = re.sub(r"[,\s]", "", cleaned)
        in_won = cleaned.endswith("원") and not cleaned.endswith("만원")
        cleaned = cleaned.removesuffix("원").removesuffix("만")
        if in_won and re.fullmatch(r"\d{1,20}", cleaned):
            won = int(cleaned)
            raise forms.ValidationError(_("Write it in units of 10,000 won: %(won)s won is %(manwon)s")
                                        % {"won": f"{won:,}", "manwon": manwon_text(won) or "0"}, code="in_won")
        if re.fullmatch(r"-\d+(\.\d+)?", cleaned):
            raise forms.ValidationError(_("Enter 0 or more"), code="min_value")
        if re.fullmatch(r"\d+\.\d{5,}", cleaned):
            raise forms.ValidationError(_("Enter units of 10,000 won with at most four decimals (e.g. 250.5)"), code="invalid")
        if not re.fullmatch(r"\d{1,20}(\.\d{1,4})?", cleaned):
            raise forms.ValidationError(_("Enter a number in units of 10,000 won (e.g. 185 for 1,850,000 won)"),
                                        code="invalid")
        amount = Decimal(cleaned) * _MANWON
        if amount > self.max_won:
            raise forms.ValidationError(
                _("Write it in units of 10,000 won: 185 for 1,850,000 won (at most %(amount)s)")
                % {"amount": manwon_text(self.max_won)}, code="max_value")
        return int(amount)


# Korean numbers a person may give: mobiles (010 …), landlines with an area code (02 …, 031 …), internet phones
# (070 …) and nationwide numbers (1588-…). Parsed by libphonenumber (`phonenumbers`) for Korea.
_PHONE_TYPES = ("MOBILE", "FIXED_LINE", "FIXED_LINE_OR_MOBILE", "VOIP", "UAN")


def normalise_phone(value: str) -> str:
    """'01012345678', '010 1234 5678', '+82 10-1234-5678' -> '010-1234-5678'; '0212345678' -> '02-1234-5678'.
    ValidationError when it is not a Korean telephone number."""
    import phonenumbers

    text = value.strip()
    if not text or len(text) > 20:
        raise forms.ValidationError(_("Write the phone number like 010-1234-5678"), code="invalid")
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException:
        number = None
    wanted = {getattr(phonenumbers.PhoneNumberType, t) for t in _PHONE_TYPES}
    if (number is None or number.country_code != 82 or not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in wanted):
        raise forms.ValidationError(_("The phone number is not valid. Write it like 010-1234-5678"), code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel-national"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return normalise_phone(text) if text else text


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


def _employment_choices() -> list[tuple[str, str]]:
    """Employment in the page's language (read each time the form is shown)."""
    from .rule_text import employment_label

    return [(code, employment_label(code)) for code in Applicant.Employment.values]


def _status_choices() -> list[tuple[str, str]]:
    from .rule_text import status_label

    return [(code, status_label(code)) for code in Applicant.STATUSES]


class ApplicationForm(forms.Form):
    """Amounts are typed in 만원 and kept in won; the phone number is checked and written 010-1234-5678. After an
    error the form shows everything typed again except the resident registration number."""

    name = forms.CharField(label=_("Full name"), max_length=100, error_messages=_required(_("Enter the full name")),
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    rrn = forms.CharField(label=_("Resident registration number"), max_length=14, help_text=_("13 digits (e.g. 900101-1234567; the hyphen may be left out). Kept encrypted"),
                          error_messages={"required": _("Enter the resident registration number"),
                                          "max_length": _("The resident registration number has 13 digits")},
                          widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    phone = PhoneField(label=_("Mobile phone"), help_text=_("e.g. 010-1234-5678 (the result of the selection is sent to it)"),
                       error_messages=_required(_("Enter a phone number to be reached at")))
    district = DistrictField(label=_("District of residence"), widget=forms.Select(attrs={"autocomplete": "address-level2"}))
    address = forms.CharField(label=_("Address"), max_length=300, required=False,
                              error_messages={"max_length": _("An address may have up to 300 characters")},
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    household_size = forms.IntegerField(
        label=_("Household members (including the applicant)"), min_value=1, max_value=30, initial=1,
        error_messages={"required": _("Enter the number of household members"), "invalid": _("Enter the number of household members in digits"),
                        "min_value": _("A household has at least 1 member"), "max_value": _("Enter at most 30 household members")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "2"}))
    household_income = ManwonField(label=_("Household monthly income (10,000 won)"), max_won=10**10,
                                   help_text=_("The month's income of all household members in units of 10,000 won (e.g. 185 for 1,850,000 won a month, 0 if none)"),
                                   error_messages=_required(_("Enter the household's monthly income in units of 10,000 won (0 if none)")))
    property_value = ManwonField(label=_("Household property (10,000 won)"), max_won=10**13,
                                 help_text=_("Housing, land, savings and the like together, in units of 10,000 won (e.g. 13,500 for 135,000,000 won)"),
                                 error_messages=_required(_("Enter the household's property in units of 10,000 won (0 if none)")))
    employment = forms.ChoiceField(label=_("Current employment"), choices=_employment_choices,
                                   error_messages={"required": _("Choose the current employment"),
                                                   "invalid_choice": _("Choose an employment from the list")})
    statuses = forms.MultipleChoiceField(label=_("Applies to the applicant"), required=False, choices=_status_choices,
                                         help_text=_("Choose every one that applies (leave empty if none)"),
                                         error_messages={"invalid_choice": _("Choose only items from the list")},
                                         widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(label=_("I agree to the collection and use of personal information (required)"), required=True,
                                 error_messages=_required(_("An application needs consent to the collection and use of personal information")))

    def __init__(self, *args: Any, districts: Any = None, **kwargs: Any) -> None:
        """`districts`: the districts to offer (every district of the round's city); all districts if None."""
        super().__init__(*args, **kwargs)
        if districts is not None and "district" in self.fields:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]

    def clean_rrn(self) -> str:
        from iljari.core.errors import ServiceError

        from .rrn import parse_rrn

        value = self.cleaned_data["rrn"]
        try:
            parse_rrn(value)
        except ServiceError as exc:
            raise forms.ValidationError(exc.problems[0].message_ko) from None
        return value

    def applicant_data(self) -> dict:
        """The applicant's details as `services.applicant_register` takes them (the number is passed apart)."""
        d = self.cleaned_data
        return {"name": d["name"], "phone": d["phone"], "district": d["district"].code, "address": d["address"],
                "household_size": d["household_size"], "household_income": d["household_income"],
                "property_value": d["property_value"], "employment": d["employment"], "statuses": d["statuses"]}


class ApplicantEditForm(ApplicationForm):
    """An officer's correction of a person's details (the resident number is not among them)."""

    rrn = None  # type: ignore[assignment]
    consent = None  # type: ignore[assignment]
    phone = PhoneField(label=_("Mobile phone"), required=False,
                       widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    district = DistrictField(label=_("District of residence"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500, help_text=_("e.g. phone number changed as the applicant reported (kept in the audit trail)"))

    @staticmethod
    def initial_for(person: Applicant) -> dict:
        return {"name": person.name, "phone": person.phone, "district": person.district.code if person.district else "",
                "address": person.address, "household_size": person.household_size,
                "household_income": person.household_income, "property_value": person.property_value,
                "employment": person.employment, "statuses": person.statuses, "version": person.version}

    def applicant_data(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "phone": d["phone"], "district": d["district"].code if d["district"] else "",
                "address": d["address"], "household_size": d["household_size"],
                "household_income": d["household_income"], "property_value": d["property_value"],
                "employment": d["employment"], "statuses": d["statuses"]}
