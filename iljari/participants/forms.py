"""The citizen's application form (공공일자리 참여 신청서): Korean, mobile friendly, every field labelled."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django import forms

from iljari.orgs.models import OrgUnit

from .models import Applicant


class DistrictField(forms.ModelChoiceField):
    """A district by its Korean name (the code is the value sent, never shown)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("error_messages", {"required": "사는 자치구를 고르십시오",
                                             "invalid_choice": "목록에 있는 자치구를 고르십시오"})
        super().__init__(queryset=OrgUnit.objects.filter(kind="district").order_by("name_ko"), to_field_name="code",
                         empty_label="자치구를 고르십시오", **kwargs)  # type: ignore[arg-type]

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
            raise forms.ValidationError("금액은 30자 이하로 적어 주십시오", code="max_length")
        cleaned = unicodedata.normalize("NFKC", text)  # full-width digits and commas from a Korean keyboard
        cleaned = re.sub(r"[,\s]", "", cleaned)
        in_won = cleaned.endswith("원") and not cleaned.endswith("만원")
        cleaned = cleaned.removesuffix("원").removesuffix("만")
        if in_won and re.fullmatch(r"\d{1,20}", cleaned):
            won = int(cleaned)
            raise forms.ValidationError(f"만원 단위로 적어 주십시오: {won:,}원이면 {manwon_text(won) or '0'}", code="in_won")
        if re.fullmatch(r"-\d+(\.\d+)?", cleaned):
            raise forms.ValidationError("0 이상으로 적어 주십시오", code="min_value")
        if re.fullmatch(r"\d+\.\d{5,}", cleaned):
            raise forms.ValidationError("만원 단위로 소수점 넷째 자리까지 적어 주십시오 (예: 250.5)", code="invalid")
        if not re.fullmatch(r"\d{1,20}(\.\d{1,4})?", cleaned):
            raise forms.ValidationError("숫자로 적어 주십시오 (만원 단위, 예: 185만원이면 185)", code="invalid")
        amount = Decimal(cleaned) * _MANWON
        if amount > self.max_won:
            raise forms.ValidationError(f"만원 단위로 적어 주십시오: 185만원이면 185 ({manwon_text(self.max_won)}만원 "
                                        "이하)", code="max_value")
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
        raise forms.ValidationError("전화번호를 010-1234-5678처럼 적어 주십시오", code="invalid")
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException:
        number = None
    wanted = {getattr(phonenumbers.PhoneNumberType, t) for t in _PHONE_TYPES}
    if (number is None or number.country_code != 82 or not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in wanted):
        raise forms.ValidationError("전화번호가 올바르지 않습니다. 010-1234-5678처럼 적어 주십시오", code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel-national"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return normalise_phone(text) if text else text


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class ApplicationForm(forms.Form):
    """Amounts are typed in 만원 and kept in won; the phone number is checked and written 010-1234-5678. After an
    error the form shows everything typed again except the resident registration number."""

    name = forms.CharField(label="성명", max_length=100, error_messages=_required("성명을 적어 주십시오"),
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    rrn = forms.CharField(label="주민등록번호", max_length=14, help_text="13자리 숫자 (예: 900101-1234567, 붙임표는 빼도 됩니다). 암호화하여 보관합니다",
                          error_messages={"required": "주민등록번호를 적어 주십시오",
                                          "max_length": "주민등록번호는 13자리 숫자입니다"},
                          widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    phone = PhoneField(label="휴대전화", help_text="예: 010-1234-5678 (선발 결과를 알려 드립니다)",
                       error_messages=_required("연락받을 전화번호를 적어 주십시오"))
    district = DistrictField(label="거주 자치구", widget=forms.Select(attrs={"autocomplete": "address-level2"}))
    address = forms.CharField(label="주소", max_length=300, required=False,
                              error_messages={"max_length": "주소는 300자까지 적을 수 있습니다"},
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    household_size = forms.IntegerField(
        label="가구원 수 (본인 포함)", min_value=1, max_value=30, initial=1,
        error_messages={"required": "가구원 수를 적어 주십시오", "invalid": "가구원 수는 숫자로 적어 주십시오",
                        "min_value": "가구원 수는 1명 이상입니다", "max_value": "가구원 수는 30명 이하로 적어 주십시오"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "2"}))
    household_income = ManwonField(label="가구 월소득 (만원)", max_won=10**10,
                                   help_text="가구원 모두의 한 달 소득을 만원 단위로 (예: 월 185만원이면 185, 없으면 0)",
                                   error_messages=_required("가구 월소득을 만원 단위로 적어 주십시오 (없으면 0)"))
    property_value = ManwonField(label="가구 재산 (만원)", max_won=10**13,
                                 help_text="주택·토지·예금 등을 합한 금액을 만원 단위로 (예: 1억 3,500만원이면 13,500)",
                                 error_messages=_required("가구 재산을 만원 단위로 적어 주십시오 (없으면 0)"))
    employment = forms.ChoiceField(label="현재 취업 상태", choices=Applicant.Employment.choices,
                                   error_messages={"required": "현재 취업 상태를 고르십시오",
                                                   "invalid_choice": "목록에 있는 취업 상태를 고르십시오"})
    statuses = forms.MultipleChoiceField(label="해당 사항", required=False, choices=list(Applicant.STATUSES.items()),
                                         help_text="해당하는 것을 모두 고르십시오 (없으면 비워 두십시오)",
                                         error_messages={"invalid_choice": "목록에 있는 사항만 고르십시오"},
                                         widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(label="개인정보 수집·이용에 동의합니다 (필수)", required=True,
                                 error_messages=_required("개인정보 수집·이용에 동의해야 신청할 수 있습니다"))

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
    phone = PhoneField(label="휴대전화", required=False,
                       widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    district = DistrictField(label="거주 자치구", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label="수정 사유", max_length=500, help_text="예: 본인 신고로 전화번호 변경 (감사 기록에 남습니다)")

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
