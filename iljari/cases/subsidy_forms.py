"""Forms of subsidy claims: the officers' new-claim form, the document upload, the import, and the applicants'
apply and status forms (the same fields; the applicant also gives consent and meets the honeypot)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.orgs.models import OrgUnit

from .codes import DOC_TYPES
from .templatetags.case_words import lz

MONTH_INPUT = forms.TextInput(attrs={"type": "month", "min": "2020-01", "max": "2030-12", "placeholder": "2021-01"})
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = 3  # lines for months on the forms (the rules decide how many are paid)


def sector_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose")), ("closure", _("Closure ordered")), ("restricted", _("Hours restricted")),
            ("other", _("Other sectors"))]


class MonthField(forms.Field):
    """A month written 2021-01 (the month input) or 2021.1: its first day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=MONTH_INPUT, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()[:20]
        if not text:
            return None
        from .subsidy import _first_of

        month = _first_of(text)
        if month is None:
            raise forms.ValidationError(_("Write the month like 2021-01."))
        return month


class DistrictField(forms.ModelChoiceField):
    """A district by its name in the page's language (not "관악구 (GWANAK)")."""

    def label_from_instance(self, obj: Any) -> str:
        from django.utils.translation import get_language

        english = (get_language() or "ko").startswith("en")
        return (getattr(obj, "name_en", "") if english else "") or obj.name_ko


class ClaimFields(forms.Form):
    """The firm, the worker, up to three months with their leave days, the insurance."""

    district = DistrictField(queryset=OrgUnit.objects.none(), label=_("District receiving the claim"),
                                      empty_label=_("Choose"))
    firm_name = forms.CharField(label=_("Firm's name"), max_length=200)
    business_number = forms.CharField(label=_("Business registration number"), max_length=20,
                                      help_text=_("10 digits, e.g. 123-45-67891"))
    employees = forms.IntegerField(label=_("Number of employees"), min_value=1, max_value=999_999)
    sector = forms.ChoiceField(label=_("Sector"), choices=sector_choices, required=False)
    firm_address = forms.CharField(label=_("Firm's address"), max_length=300, required=False)
    worker_name = forms.CharField(label=_("Worker's name"), max_length=100)
    worker_birth_date = forms.DateField(label=_("Worker's date of birth"), widget=DATE_INPUT)
    worker_phone = forms.CharField(label=_("Worker's mobile phone"), max_length=20, required=False)
    insured_until = forms.DateField(
        label=_("Employment insurance kept until"), widget=DATE_INPUT,
        help_text=_("The last day up to which the worker's employment insurance is confirmed."))

    def __init__(self, *args: Any, districts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts if districts is not None else OrgUnit.objects.filter(
            kind="district").order_by("name_ko")
        for n in range(1, MONTHS + 1):
            self.fields[f"month_{n}"] = MonthField(label=_("Month %(n)s") % {"n": n}, required=n == 1)
            self.fields[f"days_{n}"] = forms.IntegerField(label=_("Unpaid leave days in month %(n)s") % {"n": n},
                                                         min_value=0, max_value=31, required=n == 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in range(1, MONTHS + 1):
            month, days = data.get(f"month_{n}"), data.get(f"days_{n}")
            if month and days is None and f"days_{n}" not in self.errors:
                self.add_error(f"days_{n}", _("Enter the leave days of this month."))
            if days is not None and not month and f"month_{n}" not in self.errors:
                self.add_error(f"month_{n}", _("Enter the month of these leave days."))
        return data

    def months(self) -> list[tuple[dt.date, int]]:
        d = self.cleaned_data
        return [(d[f"month_{n}"], d[f"days_{n}"]) for n in range(1, MONTHS + 1)
                if d.get(f"month_{n}") and d.get(f"days_{n}") is not None]

    def firm(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"name": d["firm_name"], "business_number": d["business_number"], "employees": d["employees"],
                "sector": d.get("sector") or "", "address": d.get("firm_address") or ""}

    def worker(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"name": d["worker_name"], "birth_date": d["worker_birth_date"], "phone": d.get("worker_phone") or ""}

    # where a service problem's field is shown
    FIELD_OF = {"firm.name": "firm_name", "firm.business_number": "business_number", "firm.employees": "employees",
                "firm.sector": "sector", "firm.address": "firm_address", "worker.name": "worker_name",
                "worker.birth_date": "worker_birth_date", "insured_until": "insured_until"}

    def field_of(self, name: str | None) -> str | None:
        if not name:
            return None
        if name.startswith("months."):
            parts = name.split(".")
            if len(parts) == 3 and parts[1].isdigit():
                n = int(parts[1]) + 1
                return f"days_{n}" if parts[2] == "leave_days" else f"month_{n}"
            return "month_1"
        return self.FIELD_OF.get(name)


class ClaimForm(ClaimFields):
    """The officers' form at the district's desk (also the resident number, when the application gives it: kept
    only as the keyed hash that finds the same worker in other claims)."""

    applied_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    worker_rrn = forms.CharField(label=_("Worker's resident registration number"), max_length=20, required=False,
                                 widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                                 help_text=_("Optional; only a keyed fingerprint of it is kept."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker_birth_date"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("worker_birth_date") and not data.get("worker_rrn") and "worker_birth_date" not in self.errors:
            self.add_error("worker_birth_date", _("Enter the date of birth or the resident registration number."))
        return data

    def worker(self) -> dict[str, Any]:
        w = super().worker()
        if self.cleaned_data.get("worker_rrn"):
            w["rrn"] = self.cleaned_data["worker_rrn"]
        if not w.get("birth_date"):
            w.pop("birth_date", None)
        return w

    FIELD_OF = {**ClaimFields.FIELD_OF, "worker.rrn": "worker_rrn"}


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Kind of document"), choices=())
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        english = (get_language() or "ko").startswith("en")
        self.fields["doc_type"].choices = [(d.code, d.label_en if english else d.label_ko) for d in DOC_TYPES.values()]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (xlsx)"))


class Honeypot(forms.CharField):
    """A field people never see; a robot that fills every input is answered as if it succeeded, nothing saved."""

    def __init__(self) -> None:
        super().__init__(label=_("Leave this empty"), required=False, max_length=200,
                         widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class ApplyForm(ClaimFields):
    """The applicant's form (the firm applies for its worker, or the worker for themself)."""

    consent = forms.BooleanField(label=_("I agree to the collection and use of the personal data above for this "
                                         "subsidy."), required=True)
    website = Honeypot()

    def __init__(self, *args: Any, doc_types: list[str] | tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].label = _("District of the firm")
        from django.utils.translation import get_language

        english = (get_language() or "ko").startswith("en")
        self.doc_types = [c for c in doc_types if c in DOC_TYPES]
        for code in self.doc_types:  # the first stage's documents; each optional here, the district asks for the rest
            d = DOC_TYPES[code]
            kinds = ", ".join(e.upper() for e in d.extensions)
            self.fields[f"doc_{code}"] = forms.FileField(
                label=d.label_en if english else d.label_ko, required=False,
                help_text=(f"{kinds} files, up to {d.max_bytes // (1024 * 1024)} MB" if english
                           else f"{kinds} 파일, {d.max_bytes // (1024 * 1024)}MB 이하"),
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in d.extensions)}))

    def document_fields(self) -> list[Any]:
        return [self[f"doc_{code}"] for code in self.doc_types]

    @property
    def documents_sent(self) -> list[str]:
        """The names of the files this (refused) form carried: they are not kept, the page asks for them again."""
        return [str(getattr(self.files.get(f"doc_{c}"), "name", ""))[:60] for c in self.doc_types
                if self.files.get(f"doc_{c}")]

    def documents(self) -> list[tuple[str, Any]]:
        return [(code, self.cleaned_data[f"doc_{code}"]) for code in self.doc_types
                if self.cleaned_data.get(f"doc_{code}")]


class StatusForm(forms.Form):
    reference = forms.CharField(label=_("Application number"), max_length=40)
    code = forms.CharField(label=_("Status code"), max_length=20, widget=forms.PasswordInput(render_value=False))



class InternshipForm(forms.Form):
    """인턴십 지원 신청 (a staged subsidy, the women's internship) at the district's desk: the firm, the intern, the
    internship's first day (the payments count from it) and the first stage's documents."""

    district = DistrictField(queryset=OrgUnit.objects.none(), label=lz("접수 자치구", "District receiving the claim"),
                             empty_label=lz("고르십시오", "Choose"))
    applied_on = forms.DateField(label=lz("접수일", "Received on"), widget=DATE_INPUT)
    firm_name = forms.CharField(label=lz("기업명", "Firm's name"), max_length=200)
    business_number = forms.CharField(label=lz("사업자등록번호", "Business registration number"), max_length=20,
                                      help_text=lz("10자리, 예: 123-45-67891", "10 digits, e.g. 123-45-67891"))
    employees = forms.IntegerField(label=lz("상시 근로자 수", "Number of employees"), min_value=1, max_value=999_999)
    firm_address = forms.CharField(label=lz("사업장 주소", "Firm's address"), max_length=300, required=False)
    intern_name = forms.CharField(label=lz("인턴 성명", "Intern's name"), max_length=100)
    intern_birth_date = forms.DateField(label=lz("인턴 생년월일", "Intern's date of birth"), widget=DATE_INPUT,
                                        required=False)
    intern_rrn = forms.CharField(label=lz("인턴 주민등록번호", "Intern's resident registration number"), max_length=20,
                                 required=False,
                                 widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                                 help_text=lz("선택; 열쇠 지문만 보관합니다", "Optional; only a keyed fingerprint of it is kept."))
    intern_phone = forms.CharField(label=lz("인턴 휴대전화", "Intern's mobile phone"), max_length=20, required=False)
    starts_on = forms.DateField(label=lz("인턴 시작일", "Internship's first day"), widget=DATE_INPUT,
                                help_text=lz("단계별 지급일은 이 날부터 셉니다", "The payments fall due counted from this day."))

    FIELD_OF = {"firm.name": "firm_name", "firm.business_number": "business_number", "firm.employees": "employees",
                "firm.address": "firm_address", "intern.name": "intern_name", "intern.birth_date": "intern_birth_date",
                "intern.rrn": "intern_rrn", "starts_on": "starts_on"}

    def __init__(self, *args: Any, districts: Any = None, doc_types: list[str] | tuple[str, ...] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts if districts is not None else OrgUnit.objects.filter(
            kind="district").order_by("name_ko")
        self.doc_types = [c for c in doc_types if c in DOC_TYPES]
        for code in self.doc_types:
            d = DOC_TYPES[code]
            kinds = ", ".join(e.upper() for e in d.extensions)
            self.fields[f"doc_{code}"] = forms.FileField(
                label=lz(d.label_ko, d.label_en[:1].upper() + d.label_en[1:]), required=False,
                help_text=lz(f"{kinds} 파일, {d.max_bytes // (1024 * 1024)}MB 이하",
                             f"{kinds} files, up to {d.max_bytes // (1024 * 1024)} MB"),
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in d.extensions)}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("intern_birth_date") and not data.get("intern_rrn") and "intern_birth_date" not in self.errors:
            self.add_error("intern_birth_date", lz("생년월일 또는 주민등록번호를 적으십시오",
                                                   "Enter the date of birth or the resident registration number."))
        return data

    def field_of(self, name: str | None) -> str | None:
        return self.FIELD_OF.get(name or "")

    def firm(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"name": d["firm_name"], "business_number": d["business_number"], "employees": d["employees"],
                "address": d.get("firm_address") or ""}

    def intern(self) -> dict[str, Any]:
        d = self.cleaned_data
        out: dict[str, Any] = {"name": d["intern_name"], "phone": d.get("intern_phone") or ""}
        if d.get("intern_birth_date"):
            out["birth_date"] = d["intern_birth_date"]
        if d.get("intern_rrn"):
            out["rrn"] = d["intern_rrn"]
        return out

    def document_fields(self) -> list[Any]:
        return [self[f"doc_{code}"] for code in self.doc_types]

    @property
    def documents_sent(self) -> list[str]:
        """The names of the files this (refused) form carried: they are not kept, the page asks for them again."""
        return [str(getattr(self.files.get(f"doc_{c}"), "name", ""))[:60] for c in self.doc_types
                if self.files.get(f"doc_{c}")]

    def documents(self) -> list[tuple[str, Any]]:
        return [(code, self.cleaned_data[f"doc_{code}"]) for code in self.doc_types
                if self.cleaned_data.get(f"doc_{code}")]
