"""The citizen's application form (공공일자리 참여 신청서): Korean, mobile friendly, every field labelled."""

from __future__ import annotations

from django import forms

from iljari.orgs.models import OrgUnit

from .models import Applicant


class DistrictField(forms.ModelChoiceField):
    """A district by its Korean name (the code is the value sent, never shown)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(queryset=OrgUnit.objects.filter(kind="district").order_by("name_ko"), to_field_name="code",
                         **kwargs)  # type: ignore[arg-type]

    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return obj.name_ko


class ApplicationForm(forms.Form):
    name = forms.CharField(label="성명", max_length=100)
    rrn = forms.CharField(label="주민등록번호", max_length=14, help_text="예: 900101-1234567 (암호화하여 보관합니다)",
                          widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    phone = forms.CharField(label="휴대전화", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel",
                                                                                         "autocomplete": "tel"}))
    district = DistrictField(label="거주 자치구")
    address = forms.CharField(label="주소", max_length=300, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    household_size = forms.IntegerField(label="가구원 수 (본인 포함)", min_value=1, max_value=30, initial=1)
    household_income = forms.IntegerField(label="가구 월소득 (원)", min_value=0, max_value=10**10, initial=0,
                                          widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    property_value = forms.IntegerField(label="재산 (원)", min_value=0, max_value=10**13, initial=0,
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    employment = forms.ChoiceField(label="현재 취업 상태", choices=Applicant.Employment.choices)
    statuses = forms.MultipleChoiceField(label="해당 사항", required=False, choices=list(Applicant.STATUSES.items()),
                                         widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(label="개인정보 수집·이용에 동의합니다 (필수)", required=True)

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
    phone = forms.CharField(label="휴대전화", max_length=20, required=False,
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
