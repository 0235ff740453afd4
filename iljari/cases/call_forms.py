"""Forms of the call pages (Korean labels; the pages are Korean throughout, as the citizens' application pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from iljari.orgs.models import OrgUnit

from .calls import LEGAL_FORMS
from .codes import DOC_TYPES
from .models import Call

APPLY_DOCS = ("application", "business_plan", "articles", "members", "other")
DATE = forms.DateInput(attrs={"type": "date"})


class CallForm(forms.Form):
    code = forms.CharField(label="공모 코드", max_length=30, help_text="영문 대문자·숫자·하이픈 (예: VILLAGE-2021)")
    year = forms.IntegerField(label="연도", min_value=2000, max_value=2100)
    title_ko = forms.CharField(label="공모 제목", max_length=200)
    title_en = forms.CharField(label="영문 제목", max_length=200, required=False)
    summary_ko = forms.CharField(label="공고 내용", widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                 max_length=5000)
    opens_on = forms.DateField(label="접수 시작일", widget=DATE)
    closes_on = forms.DateField(label="접수 마감일", widget=DATE)
    districts = forms.ModelMultipleChoiceField(label="접수 자치구", queryset=OrgUnit.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    categories = forms.CharField(
        label="지원 유형", widget=forms.Textarea(attrs={"rows": 5}), max_length=3000,
        help_text="한 줄에 하나씩: 이름, 금액(원). 예: 신규 마을기업, 50000000")

    def __init__(self, *args: Any, known: list[dict[str, Any]] | None = None, **kwargs: Any):
        self.known = list(known or [])
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = OrgUnit.objects.filter(kind="district").order_by("name_ko")
        self.fields["districts"].label_from_instance = lambda o: o.name_ko  # type: ignore[attr-defined]

    def clean_categories(self) -> list[dict[str, Any]]:
        """Lines of "name, amount"; a category keeps its code (and English name) when its name is one already
        known (the call's, or the flow's seed shape), a new one is numbered."""
        by_name = {c["ko"]: c for c in self.known}
        out, used = [], set()
        for n, line in enumerate(self.cleaned_data["categories"].splitlines()[:50], start=1):
            if not line.strip():
                continue
            name, _, amount = line.rpartition(",")
            amount = amount.strip().replace(" ", "").replace("원", "")
            if not name.strip() or not amount.isdigit() or len(amount) > 13:
                raise forms.ValidationError(f"{n}번째 줄: '이름, 금액' 형식으로 적으십시오 (금액은 쉼표 없이)")
            known = by_name.get(name.strip(), {})
            code = known.get("code") or f"c{n}"
            while code in used:
                code += "x"
            used.add(code)
            out.append({"code": code, "ko": name.strip(), "en": known.get("en", ""), "amount": int(amount)})
        if not out:
            raise forms.ValidationError("지원 유형을 하나 이상 적으십시오")
        return out


def categories_text(categories: list[dict[str, Any]]) -> str:
    return "\n".join(f"{c['ko']}, {c['amount']}" for c in categories)


class ApplyForm(forms.Form):
    """An organisation's application (the public form and the desk form alike)."""

    name = forms.CharField(label="단체 이름", max_length=200)
    business_number = forms.CharField(label="사업자등록번호", max_length=20, help_text="10자리 숫자 (예: 123-45-67891)")
    legal_form = forms.ChoiceField(label="조직 형태", choices=[(k, v.split(" / ")[0]) for k, v in LEGAL_FORMS])
    district = forms.ChoiceField(label="신청 자치구", choices=())
    representative = forms.CharField(label="대표자", max_length=100)
    contact_name = forms.CharField(label="담당자 이름", max_length=100)
    phone = forms.CharField(label="연락처", max_length=20, help_text="예: 02-123-4567")
    email = forms.EmailField(label="전자우편", max_length=200, required=False)
    category = forms.ChoiceField(label="지원 유형", choices=())
    title = forms.CharField(label="사업 제목", max_length=200)
    summary = forms.CharField(label="사업 내용", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="공동체성·공공성·지역성·기업성이 드러나게 적어 주십시오 (5,000자 이내)")
    jobs_planned = forms.IntegerField(label="만들 일자리 수", min_value=0, max_value=1000, required=False)
    consent = forms.BooleanField(label="개인정보 수집·이용에 동의합니다 (필수)", required=False)
    website = forms.CharField(label="이 칸은 비워 두십시오", required=False)  # the honeypot

    def __init__(self, *args: Any, call: Call, districts: list[OrgUnit], public: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "자치구를 고르십시오")] + [(d.code, d.name_ko) for d in districts]
        self.fields["category"].choices = [("", "지원 유형을 고르십시오")] + [
            (c["code"], f"{c['ko']} ({c['amount']:,}원)") for c in call.categories or []]
        for code in APPLY_DOCS:
            d = DOC_TYPES[code]
            self.fields[f"doc_{code}"] = forms.FileField(
                label=d.label_ko, required=False,
                help_text=f"{', '.join(e.upper() for e in d.extensions)} 파일, {d.max_bytes // (1024 * 1024)}MB 이하",
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in d.extensions)}))
        if not public:
            del self.fields["consent"]
            del self.fields["website"]
        self.public = public

    def clean_business_number(self) -> str:
        from .calls import business_number_clean

        number = business_number_clean(self.cleaned_data.get("business_number"))
        if number is None:
            raise forms.ValidationError("사업자등록번호가 올바르지 않습니다 (10자리, 검증번호 확인)")
        return number

    def clean_consent(self) -> bool:
        if self.public and not self.cleaned_data.get("consent"):
            raise forms.ValidationError("동의해야 신청할 수 있습니다")
        return True

    def documents(self) -> list[tuple[str, Any]]:
        return [(code, self.cleaned_data[f"doc_{code}"]) for code in APPLY_DOCS
                if self.cleaned_data.get(f"doc_{code}")]


class StatusForm(forms.Form):
    reference = forms.CharField(label="접수번호", max_length=40, help_text="예: 2021-VILLAGE-ENT-000001")
    code = forms.CharField(label="확인 코드", max_length=20, help_text="신청할 때 받은 8자리 코드 (예: ABCD-EF23)")


class RecuseForm(forms.Form):
    reason = forms.CharField(label="회피 사유", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class InterviewForm(forms.Form):
    starts_at = forms.DateTimeField(label="면접 일시", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    minutes = forms.IntegerField(label="소요 시간(분)", min_value=5, max_value=240, initial=20)
    place = forms.CharField(label="장소", max_length=200)
    note = forms.CharField(label="안내 사항", max_length=300, required=False)


class DecisionForm(forms.Form):
    designated = forms.TypedChoiceField(label="행정안전부 결정", choices=[("1", "최종 지정"), ("0", "미지정")],
                                        coerce=lambda v: v == "1")
    decided_on = forms.DateField(label="통보일", widget=DATE)
    reason = forms.CharField(label="사유", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label="약정일", widget=DATE)
    starts_on = forms.DateField(label="사업 시작일", widget=DATE)
    ends_on = forms.DateField(label="사업 종료일", widget=DATE)
    jobs_target = forms.IntegerField(label="일자리 목표(명)", min_value=1, max_value=10000, required=False)
    note = forms.CharField(label="비고", max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="지급일", widget=DATE, initial=dt.date.today)
    version = forms.IntegerField(widget=forms.HiddenInput)
