"""Typed editors of eligibility and pay rules and the days-worked grid: one Django form per rule kind, so an
officer picks districts by name, types "13,500" (만원) for a property cap and never writes JSON.

Each rule form turns its fields into the rule's `params` (`to_params`) and back (`initial_for`); the services
check the parameters again (`services.rule_check`, `services.pay_rule_save`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from iljari.core.numbers import NumberParseError, parse_number

from .models import Applicant, EligibilityRule, Parameter
from .rule_text import TRUNCATION_LABELS, parameter_label

_DATE_ERRORS = {"required": "적용 시작일을 넣으십시오", "invalid": "날짜를 YYYY-MM-DD로 넣으십시오"}
_INT_ERRORS = {"invalid": "정수로 적으십시오", "min_value": "%(limit_value)s 이상이어야 합니다",
               "max_value": "%(limit_value)s 이하여야 합니다", "required": "값을 적으십시오"}
_CHOICE_ERRORS = {"required": "하나 이상 고르십시오", "invalid_choice": "목록에 있는 값을 고르십시오",
                  "invalid_list": "목록에 있는 값을 고르십시오"}


def _int(label: str, lo: int, hi: int, *, required: bool = False, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=lo, max_value=hi, required=required, help_text=help_text,
                              error_messages=_INT_ERRORS, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class AmountField(forms.CharField):
    """An amount as offices write it ("13,500", "１３５００", " 13500 "), in `unit` won (10,000: 만원); the
    cleaned value is whole won. Bounded; a word, a negative or a fraction of a won is a form error."""

    def __init__(self, *, unit: int = 1, max_won: int = 10**13, **kwargs: Any) -> None:
        self.unit, self.max_won = unit, max_won
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 14, "maxlength": 30}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            amount = Decimal(value) / self.unit
            return f"{int(amount):,}" if amount == amount.to_integral_value() else f"{amount.normalize():,}"
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in (None, ""):
            return None
        if len(text) > 30:
            raise forms.ValidationError("30자 이하로 적으십시오")
        try:
            number = parse_number(text)
        except NumberParseError:
            raise forms.ValidationError("숫자로 적으십시오 (예: 13,500)") from None
        if number is None:
            return None
        won = number * self.unit
        if number < 0:
            raise forms.ValidationError("0 이상이어야 합니다")
        if won != won.to_integral_value():
            raise forms.ValidationError("원 단위까지만 적을 수 있습니다")
        if won > self.max_won:
            raise forms.ValidationError(f"{self.max_won // self.unit:,} 이하여야 합니다")
        return int(won)


class RuleForm(forms.Form):
    """What every eligibility rule has: a name, the dates it applies, the reason for the change."""

    kind: str = ""
    label = forms.CharField(label="이름", max_length=200, required=False,
                            help_text="심사 결과에 보이는 이름. 비우면 기준 문장을 씁니다. 값을 바꾸면 이름도 맞게 고치십시오")
    valid_from = forms.DateField(label="적용 시작", error_messages=_DATE_ERRORS,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label="적용 끝", required=False, error_messages=_DATE_ERRORS,
                               widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="변경 사유", max_length=500, required=False,
                             help_text="감사 기록에 남습니다 (예: 2015년 재산 기준 고시)")
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", "적용 끝은 적용 시작보다 앞설 수 없습니다")
        return data

    def to_params(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def initial_for(cls, rule: EligibilityRule) -> dict[str, Any]:
        return {"label": rule.label, "valid_from": rule.valid_from, "valid_to": rule.valid_to,
                "version": rule.version, **cls.initial_params(rule.params or {})}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {}


class AgeRangeForm(RuleForm):
    kind = "age_range"
    min_age = _int("만 나이 (이상)", 0, 120, help_text="근무 첫날 기준 만 나이")
    max_age = _int("만 나이 (이하)", 0, 120)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is None and hi is None and not self.has_error("min_age") and not self.has_error("max_age"):
            self.add_error("min_age", "아래나 위 나이 중 하나는 적으십시오")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_age", "위 나이가 아래 나이보다 적습니다")
        return data

    def to_params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {k: v for k, v in (("min", d.get("min_age")), ("max", d.get("max_age"))) if v is not None}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"min_age": params.get("min"), "max_age": params.get("max")}


def district_choices() -> list[tuple[str, str]]:
    from iljari.orgs.models import OrgUnit

    return list(OrgUnit.objects.filter(kind="district").order_by("name_ko").values_list("code", "name_ko"))


class ResidencyForm(RuleForm):
    kind = "residency"
    districts = forms.MultipleChoiceField(label="거주 자치구", widget=forms.CheckboxSelectMultiple,
                                          error_messages=_CHOICE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = district_choices()  # type: ignore[attr-defined]

    def to_params(self) -> dict[str, Any]:
        return {"districts": sorted(self.cleaned_data["districts"])}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"districts": list(params.get("districts") or [])}


class EmploymentForm(RuleForm):
    kind = "employment"
    allowed = forms.MultipleChoiceField(label="신청할 수 있는 취업 상태", choices=Applicant.Employment.choices,
                                        widget=forms.CheckboxSelectMultiple, error_messages=_CHOICE_ERRORS)

    def to_params(self) -> dict[str, Any]:
        order = list(Applicant.Employment.values)
        return {"allowed": sorted(self.cleaned_data["allowed"], key=order.index)}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"allowed": list(params.get("allowed") or [])}


class IncomeLineForm(RuleForm):
    kind = "income_line"
    parameter = forms.ChoiceField(label="기준선", error_messages={
        **_CHOICE_ERRORS, "required": "기준선을 고르십시오 (등록된 기준선이 없으면 관리자에게 요청하십시오)"})
    percent = _int("기준선의 몇 % 이하", 1, 1000, required=True, help_text="예: 최저생계비 150% 이하 → 150")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = sorted(set(Parameter.objects.values_list("name", flat=True)))
        self.fields["parameter"].choices = [(n, parameter_label(n)) for n in names]  # type: ignore[attr-defined]

    def to_params(self) -> dict[str, Any]:
        return {"parameter": self.cleaned_data["parameter"], "percent": self.cleaned_data["percent"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"parameter": params.get("parameter"), "percent": params.get("percent", 100)}


class PropertyCapForm(RuleForm):
    kind = "property_cap"
    max_property = AmountField(label="재산 상한 (만원)", unit=10_000, help_text="예: 1억 3,500만원 → 13,500")

    def to_params(self) -> dict[str, Any]:
        return {"max": self.cleaned_data["max_property"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"max_property": params.get("max")}


class ExcludeStatusForm(RuleForm):
    kind = "exclude_status"
    statuses = forms.MultipleChoiceField(label="제외할 사람", choices=list(Applicant.STATUSES.items()),
                                         widget=forms.CheckboxSelectMultiple, error_messages=_CHOICE_ERRORS)

    def to_params(self) -> dict[str, Any]:
        order = list(Applicant.STATUSES)
        return {"statuses": sorted(self.cleaned_data["statuses"], key=order.index)}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"statuses": list(params.get("statuses") or [])}


class ParticipationCapForm(RuleForm):
    kind = "participation_cap"
    years = _int("최근 몇 년간", 1, 10, required=True)
    months = _int("몇 개월을 넘게 참여하면 제외", 0, 120, required=True, help_text="예: 2년간 10개월 초과 근무자 배제 → 2년, 10개월")

    def to_params(self) -> dict[str, Any]:
        return {"months": self.cleaned_data["months"], "years": self.cleaned_data["years"]}

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        return {"months": params.get("months"), "years": params.get("years")}


class PriorityPointsForm(RuleForm):
    kind = "priority_points"
    per_dependant = _int("부양가족 1명당 가점", 0, 100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in Applicant.STATUSES.items():
            self.fields[f"points_{code}"] = _int(f"{label} 가점", 0, 100)

    def status_fields(self) -> list[forms.BoundField]:
        return [self[f"points_{code}"] for code in Applicant.STATUSES]

    def to_params(self) -> dict[str, Any]:
        d = self.cleaned_data
        points = {code: d[f"points_{code}"] for code in Applicant.STATUSES if d.get(f"points_{code}")}
        out: dict[str, Any] = {"statuses": points}
        if d.get("per_dependant"):
            out["per_dependant"] = d["per_dependant"]
        return out

    @classmethod
    def initial_params(cls, params: dict[str, Any]) -> dict[str, Any]:
        out = {f"points_{c}": n for c, n in (params.get("statuses") or {}).items()}
        out["per_dependant"] = params.get("per_dependant")
        return out


RULE_FORMS: dict[str, type[RuleForm]] = {f.kind: f for f in (
    AgeRangeForm, ResidencyForm, EmploymentForm, IncomeLineForm, PropertyCapForm, ExcludeStatusForm,
    ParticipationCapForm, PriorityPointsForm)}


class PayRuleForm(forms.Form):
    """근로조건·임금: by the day (days worked are entered) or by the hour (hours are entered)."""

    BASES = [("day", "일급 (근무일수를 입력)"), ("hour", "시급 (근무시간을 입력)")]
    ROWS = 3

    valid_from = forms.DateField(label="적용 시작", error_messages=_DATE_ERRORS,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(label="이름", max_length=200, required=False, help_text="예: 2014 공공근로")
    basis = forms.ChoiceField(label="지급 방식", choices=BASES, widget=forms.RadioSelect, initial="day",
                              error_messages=_CHOICE_ERRORS)
    hourly_rate = AmountField(label="시간당 금액 (원)", max_won=10**7, required=False,
                              help_text="시급 사업은 시급, 일급 사업은 하루 기본액에 더하는 시간당 수당")
    default_hours = _int("하루 근무시간", 1, 24)
    age_from = _int("이 나이 이상은", 0, 120)
    age_hours = _int("하루 근무시간", 1, 24)
    daily_allowance = AmountField(label="하루 부대경비 (원)", max_won=10**7, required=False,
                                  help_text="주·월차수당, 간식비 등 하루에 더하는 금액")
    monthly_cap_hours = _int("월 최대 근로시간", 1, 744, help_text="넘는 시간은 지급하지 않습니다 (일급 사업도)")
    truncate_to = forms.TypedChoiceField(label="원 단위 절사", coerce=int, initial=10,
                                         choices=list(TRUNCATION_LABELS.items()), error_messages=_CHOICE_ERRORS)
    reason = forms.CharField(label="변경 사유", max_length=500, required=False)
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, self.ROWS + 1):
            self.fields[f"wage_hours_{i}"] = _int("근무시간", 1, 24)
            self.fields[f"wage_amount_{i}"] = AmountField(label="일급 (원)", max_won=10**7, required=False)
            self.fields[f"base_hours_{i}"] = _int("근무시간 (이상)", 0, 24)
            self.fields[f"base_amount_{i}"] = AmountField(label="하루 기본액 (원)", max_won=10**7, required=False)

    def wage_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"wage_hours_{i}"], self[f"wage_amount_{i}"]) for i in range(1, self.ROWS + 1)]

    def base_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"base_hours_{i}"], self[f"base_amount_{i}"]) for i in range(1, self.ROWS + 1)]

    def _pairs(self, prefix: str, first: str, second: str) -> list[tuple[int, int]]:
        out = []
        for i in range(1, self.ROWS + 1):
            a, b = self.cleaned_data.get(f"{prefix}_{first}_{i}"), self.cleaned_data.get(f"{prefix}_{second}_{i}")
            if a is None and b is None:
                continue
            if a is None or b is None:
                self.add_error(f"{prefix}_{first}_{i}" if a is None else f"{prefix}_{second}_{i}",
                               "시간과 금액을 함께 적으십시오")
                continue
            out.append((a, b))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.wages = self._pairs("wage", "hours", "amount")
        self.bases = self._pairs("base", "hours", "amount")
        if data.get("basis") == "hour" and not data.get("hourly_rate") and not self.has_error("hourly_rate"):
            self.add_error("hourly_rate", "시급 사업은 시간당 금액을 적으십시오")
        if data.get("basis") == "day":
            if not data.get("default_hours") and not self.has_error("default_hours"):
                self.add_error("default_hours", "일급 사업은 하루 근무시간을 적으십시오")
            if not self.wages and not self.bases and not data.get("hourly_rate") \
                    and not any(self.has_error(f) for f in ("hourly_rate", "wage_amount_1", "base_amount_1")):
                self.add_error("wage_amount_1", "일급(시간별 금액)이나 하루 기본액, 시간당 금액 중 하나는 적으십시오")
        if (data.get("age_from") is None) != (data.get("age_hours") is None):
            self.add_error("age_hours", "나이와 그 나이의 하루 근무시간을 함께 적으십시오")
        return data

    def to_params(self) -> dict[str, Any]:
        d = self.cleaned_data
        params: dict[str, Any] = {"basis": d["basis"]}
        if d.get("hourly_rate"):
            params["hourly_rate"] = d["hourly_rate"]
        if d["basis"] == "day":
            params["default_hours"] = d["default_hours"]
            if d.get("age_from") is not None:
                params["hours_by_age"] = [[d["age_from"], d["age_hours"]]]
            if self.wages:
                params["daily_wage_by_hours"] = {str(h): a for h, a in sorted(self.wages, reverse=True)}
            if self.bases:
                params["daily_base"] = [[h, a] for h, a in sorted(self.bases, reverse=True)]
            if d.get("daily_allowance"):
                params["daily_allowance"] = d["daily_allowance"]
        if d.get("monthly_cap_hours"):
            params["monthly_cap_hours"] = d["monthly_cap_hours"]
        params["truncate_to"] = d.get("truncate_to") or 1
        return params

    @classmethod
    def initial_for(cls, rule: Any) -> dict[str, Any]:
        from .pay import pay_basis

        p = rule.params or {}
        out: dict[str, Any] = {"valid_from": rule.valid_from, "label": rule.label, "version": rule.version,
                               "basis": pay_basis(p), "hourly_rate": p.get("hourly_rate"),
                               "default_hours": p.get("default_hours"), "daily_allowance": p.get("daily_allowance"),
                               "monthly_cap_hours": p.get("monthly_cap_hours"), "truncate_to": p.get("truncate_to", 1)}
        if p.get("hours_by_age"):
            out["age_from"], out["age_hours"] = p["hours_by_age"][0]
        for i, (h, a) in enumerate(sorted(((int(h), int(a)) for h, a in (p.get("daily_wage_by_hours") or {}).items()),
                                          reverse=True)[:cls.ROWS], start=1):
            out[f"wage_hours_{i}"], out[f"wage_amount_{i}"] = h, a
        for i, (h, a) in enumerate(sorted(((int(h), int(a)) for h, a in p.get("daily_base") or []),
                                          reverse=True)[:cls.ROWS], start=1):
            out[f"base_hours_{i}"], out[f"base_amount_{i}"] = h, a
        return out


class WorkGridForm(forms.Form):
    """근무 실적 입력: for each participant row, the days (and for hourly pay the hours) and the version read.
    Fields are named days_<application>, hours_<application>, version_<application>."""

    reason = forms.CharField(label="입력 사유", max_length=500, required=False, help_text="예: 2월 출근부 확인")

    def __init__(self, *args: Any, applications: list[Any], days_limit: int, hourly: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications, self.hourly = applications, hourly
        for a in applications:
            self.fields[f"days_{a.pk}"] = _int(f"{a.applicant.name} 근무일수", 0, days_limit)
            if hourly:
                self.fields[f"hours_{a.pk}"] = _int(f"{a.applicant.name} 근무시간", 0, 24 * days_limit)
            self.fields[f"version_{a.pk}"] = forms.IntegerField(min_value=0, max_value=2**31, required=False,
                                                                widget=forms.HiddenInput, error_messages=_INT_ERRORS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.hourly:
            for a in self.applications:
                days, hours = data.get(f"days_{a.pk}"), data.get(f"hours_{a.pk}")
                if days is not None and hours is not None and hours > 24 * days:
                    self.add_error(f"hours_{a.pk}", f"하루 24시간 × {days}일 = {24 * days}시간 이하여야 합니다")
        return data

    def entries(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [{"application": a, "days": d.get(f"days_{a.pk}"),
                 "hours": d.get(f"hours_{a.pk}") if self.hourly else None,
                 "version": d.get(f"version_{a.pk}") or 0} for a in self.applications]
