"""Forms of the report pages: the construction jobs estimator and the coefficients table (취업계수)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from iljari.core.numbers import NumberParseError, parse_number

# A construction budget in 억원: above 0 and below 1,000,000억원 (100조원, more than the national budget's
# construction spending); anything else is a typo, not a budget.
MAX_BUDGET_EOK = Decimal(1_000_000)
_DATE = {"invalid": "날짜를 YYYY-MM-DD로 넣으십시오", "required": "날짜를 넣으십시오"}


class EstimateForm(forms.Form):
    budget = forms.CharField(label="공사 예산(억원)", max_length=30)
    industry = forms.ChoiceField(label="공종", choices=[])
    on = forms.DateField(label="기준일", required=False, error_messages=_DATE)

    def __init__(self, *args: Any, industries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = industries  # type: ignore[attr-defined]

    def clean_budget(self) -> Decimal:
        raw = self.cleaned_data["budget"]
        try:
            value = parse_number(raw)
        except NumberParseError:
            raise forms.ValidationError(f"예산은 억원 단위의 숫자로 넣으십시오: {raw}") from None
        if value is None or value <= 0:
            raise forms.ValidationError("예산은 0보다 커야 합니다")
        if value >= MAX_BUDGET_EOK:
            raise forms.ValidationError("예산이 너무 큽니다 (1,000,000억원 미만)")
        return value

    def clean_on(self) -> dt.date | None:
        on = self.cleaned_data.get("on")
        if on is not None and not 2000 <= on.year <= 2100:
            raise forms.ValidationError("기준일은 2000년부터 2100년 사이입니다")
        return on


class CoefficientForm(forms.Form):
    industry = forms.SlugField(label="공종 코드", max_length=40)
    name_ko = forms.CharField(label="공종 이름", max_length=100)
    valid_from = forms.DateField(label="적용일", error_messages=_DATE)
    jobs_per_billion = forms.DecimalField(label="취업계수(10억원당 명)", max_digits=10, decimal_places=4,
                                          error_messages={"invalid": "취업계수는 숫자로 넣으십시오",
                                                          "required": "취업계수를 넣으십시오"})
    source = forms.CharField(label="출처", max_length=300, required=False)
    reason = forms.CharField(label="사유", max_length=500, required=False)
