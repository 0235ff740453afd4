"""Forms of the call pages, their labels and messages in the page's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from iljari.core.labels import choices_in_language, name_in_language
from iljari.orgs.models import OrgUnit

from .calls import LEGAL_FORMS
from .codes import DOC_TYPES
from .models import Call
from .templatetags.case_words import lz, say

APPLY_DOCS = ("application", "business_plan", "articles", "members", "other")
DATE = forms.DateInput(attrs={"type": "date"})


class CallForm(forms.Form):
    code = forms.CharField(label=lz("공모 코드", "Call code"), max_length=30,
                           help_text=lz("영문 대문자·숫자·하이픈", "Capital letters, digits and hyphens"))
    year = forms.IntegerField(label=lz("연도", "Year"), min_value=2000, max_value=2100)
    title_ko = forms.CharField(label=lz("공모 제목", "Title in Korean"), max_length=200)
    title_en = forms.CharField(label=lz("영문 제목", "Title in English"), max_length=200, required=False)
    summary_ko = forms.CharField(label=lz("공고 내용", "Announcement in Korean"), required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 5, "lang": "ko"}))
    summary_en = forms.CharField(label=lz("영문 공고 내용", "Announcement in English"),
                                 widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000)
    opens_on = forms.DateField(label=lz("접수 시작일", "Applications open on"), widget=DATE)
    closes_on = forms.DateField(label=lz("접수 마감일", "Applications close on"), widget=DATE)
    districts = forms.ModelMultipleChoiceField(label=lz("접수 자치구", "Districts"), queryset=OrgUnit.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    categories = forms.CharField(
        label=lz("지원 유형", "Categories"), widget=forms.Textarea(attrs={"rows": 5, "lang": "ko"}), max_length=3000,
        help_text=lz("한 줄에 하나씩: 이름, 금액(원). 예: 신규 마을기업, 50000000",
                     "One a line: the category's Korean name, a comma and the amount in won (the English names stay "
                     "as they are)"))

    def __init__(self, *args: Any, known: list[dict[str, Any]] | None = None, **kwargs: Any):
        self.known = list(known or [])
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = OrgUnit.objects.filter(kind="district").order_by("name_ko")
        self.fields["districts"].label_from_instance = name_in_language  # type: ignore[attr-defined]

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
                raise forms.ValidationError(say(f"{n}번째 줄: '이름, 금액' 형식으로 적으십시오 (금액은 쉼표 없이)",
                                                f"Line {n}: write 'name, amount' (the amount without commas)"))
            known = by_name.get(name.strip(), {})
            code = known.get("code") or f"c{n}"
            while code in used:
                code += "x"
            used.add(code)
            out.append({"code": code, "ko": name.strip(), "en": known.get("en", ""), "amount": int(amount)})
        if not out:
            raise forms.ValidationError(lz("지원 유형을 하나 이상 적으십시오", "Give at least one category"))
        return out


def categories_text(categories: list[dict[str, Any]]) -> str:
    return "\n".join(f"{c['ko']}, {c['amount']}" for c in categories)


class ApplyForm(forms.Form):
    """An organisation's application (the public form and the desk form alike)."""

    name = forms.CharField(label=lz("단체 이름", "Organisation's name"), max_length=200)
    business_number = forms.CharField(label=lz("사업자등록번호", "Business registration number"), max_length=20, help_text=lz("10자리 숫자 (예: 123-45-67891)", "10 digits (for example 123-45-67891)"))
    legal_form = forms.ChoiceField(label=lz("조직 형태", "Legal form"), choices=choices_in_language(LEGAL_FORMS))
    district = forms.ChoiceField(label=lz("신청 자치구", "District"), choices=())
    representative = forms.CharField(label=lz("대표자", "Representative"), max_length=100)
    contact_name = forms.CharField(label=lz("담당자 이름", "Contact person"), max_length=100)
    phone = forms.CharField(label=lz("연락처", "Phone"), max_length=20, help_text=lz("예: 02-123-4567", "For example 02-123-4567"))
    email = forms.EmailField(label=lz("전자우편", "E-mail"), max_length=200, required=False)
    category = forms.ChoiceField(label=lz("지원 유형", "Categories"), choices=())
    title = forms.CharField(label=lz("사업 제목", "Project title"), max_length=200)
    summary = forms.CharField(label=lz("사업 내용", "Project summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=lz("공동체성·공공성·지역성·기업성이 드러나게 적어 주십시오 (5,000자 이내)", "Show the project's community, public, local and business character (up to 5,000 characters)"))
    jobs_planned = forms.IntegerField(label=lz("만들 일자리 수", "Jobs planned"), min_value=0, max_value=1000, required=False)
    consent = forms.BooleanField(label=lz("개인정보 수집·이용에 동의합니다 (필수)", "I consent to the collection and use of personal data (required)"), required=False)
    # the honeypot: hidden by the page's style (.hp), out of the tab order, not offered by autofill
    website = forms.CharField(label=lz("이 칸은 비워 두십시오", "Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args: Any, call: Call, districts: list[OrgUnit], public: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", lz("자치구를 고르십시오", "Choose a district"))] + [(d.code, name_in_language(d)) for d in districts]
        self.fields["category"].choices = [("", lz("지원 유형을 고르십시오", "Choose a category"))] + [
            (c["code"], say(f"{c['ko']} ({c['amount']:,}원)", f"{c.get('en') or c['ko']} (₩{c['amount']:,})"))
            for c in call.categories or []]
        for code in APPLY_DOCS:
            d = DOC_TYPES[code]
            self.fields[f"doc_{code}"] = forms.FileField(
                label=say(d.label_ko, d.label_en or d.label_ko), required=False,
                help_text=say(f"{', '.join(e.upper() for e in d.extensions)} 파일, {d.max_bytes // (1024 * 1024)}MB 이하",
                              f"{', '.join(e.upper() for e in d.extensions)} files, up to "
                              f"{d.max_bytes // (1024 * 1024)} MB"),
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in d.extensions)}))
        if not public:
            del self.fields["consent"]
            del self.fields["website"]
        self.public = public

    def clean_business_number(self) -> str:
        from .calls import business_number_clean

        number = business_number_clean(self.cleaned_data.get("business_number"))
        if number is None:
            raise forms.ValidationError(lz("사업자등록번호가 올바르지 않습니다 (10자리, 검증번호 확인)", "The business registration number is not valid (10 digits, with a valid check digit)"))
        return number

    def clean_consent(self) -> bool:
        if self.public and not self.cleaned_data.get("consent"):
            raise forms.ValidationError(lz("동의해야 신청할 수 있습니다", "You must consent to apply"))
        return True

    def documents(self) -> list[tuple[str, Any]]:
        return [(code, self.cleaned_data[f"doc_{code}"]) for code in APPLY_DOCS
                if self.cleaned_data.get(f"doc_{code}")]

    def sent_files(self) -> list[str]:
        """The names of the files this post carried: a browser never sends them again with a refused form, so the
        page tells the applicant to attach them again."""
        return [f.name for code in APPLY_DOCS if (f := self.files.get(f"doc_{code}")) is not None and f.name]


class StatusForm(forms.Form):
    reference = forms.CharField(label=lz("접수번호", "Reference number"), max_length=40, help_text=lz("신청할 때 받은 접수번호", "The reference number you were given when you applied"))
    code = forms.CharField(label=lz("확인 코드", "Status code"), max_length=20, help_text=lz("신청할 때 받은 8자리 코드", "The 8-character code you were given when you applied"))


class RecuseForm(forms.Form):
    reason = forms.CharField(label=lz("회피 사유", "Reason for recusal"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class InterviewForm(forms.Form):
    starts_at = forms.DateTimeField(label=lz("면접 일시", "Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    minutes = forms.IntegerField(label=lz("소요 시간(분)", "Length (minutes)"), min_value=5, max_value=240, initial=20)
    place = forms.CharField(label=lz("장소", "Place"), max_length=200)
    note = forms.CharField(label=lz("안내 사항", "Note to the applicant"), max_length=300, required=False)


class DecisionForm(forms.Form):
    designated = forms.TypedChoiceField(label=lz("행정안전부 결정", "The ministry's decision"), choices=[("1", lz("최종 지정", "Designated")), ("0", lz("미지정", "Not designated"))],
                                        coerce=lambda v: v == "1")
    decided_on = forms.DateField(label=lz("통보일", "Notified on"), widget=DATE)
    reason = forms.CharField(label=lz("사유", "Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=lz("약정일", "Signed on"), widget=DATE)
    starts_on = forms.DateField(label=lz("사업 시작일", "Project starts on"), widget=DATE)
    ends_on = forms.DateField(label=lz("사업 종료일", "Project ends on"), widget=DATE)
    jobs_target = forms.IntegerField(label=lz("일자리 목표(명)", "Jobs target"), min_value=1, max_value=10000, required=False)
    note = forms.CharField(label=lz("비고", "Note"), max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=lz("지급일", "Paid on"), widget=DATE, initial=dt.date.today)
    version = forms.IntegerField(widget=forms.HiddenInput)
