"""The quarterly update of a pledge card (실적 입력): what the officer typed, checked before the service sees it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from iljari.core.numbers import NumberParseError, parse_number

SOURCE_LABELS = {"national": "국비", "city": "시비", "district": "구비", "other": "기타"}


class PledgeUpdateForm(forms.Form):
    """Results as of a date for each verification indicator (`result-<i>`, empty: keep) and the year's execution
    by funding source in million won (`exec-<source>`, empty: none)."""

    as_of = forms.DateField(label="기준일", error_messages={"required": "기준일을 넣으십시오",
                                                          "invalid": "기준일을 2021-05-31처럼 넣으십시오"})
    year = forms.IntegerField(label="집행 연도", min_value=2000, max_value=2100,
                              error_messages={"invalid": "연도는 2000에서 2100 사이의 정수입니다",
                                              "min_value": "연도는 2000에서 2100 사이의 정수입니다",
                                              "max_value": "연도는 2000에서 2100 사이의 정수입니다"})
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, indicators: list[dict[str, Any]], sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators, self.sources = indicators, sources
        for i, ind in enumerate(indicators):
            self.fields[f"result-{i}"] = forms.CharField(required=False, max_length=40,
                                                          label=f"{ind['order']}. {ind['indicator']}")
        for src in sources:
            self.fields[f"exec-{src}"] = forms.CharField(required=False, max_length=40,
                                                          label=SOURCE_LABELS.get(src, src))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        results: dict[int, Decimal] = {}
        for i, ind in enumerate(self.indicators):
            raw = (data.get(f"result-{i}") or "").strip()
            if not raw:
                continue
            try:
                value = parse_number(raw)
            except NumberParseError:
                self.add_error(f"result-{i}", f"{ind['order']}. {ind['indicator']}: 숫자가 아닙니다: {raw}")
                continue
            if value is not None:
                results[i] = value
        execution: dict[str, int] = {}
        for src in self.sources:
            raw = (data.get(f"exec-{src}") or "").strip()
            if not raw:
                continue
            try:
                million = parse_number(raw)
                if million is None:
                    continue
                won = million * 1_000_000
                if won != won.to_integral_value() or abs(won) >= 10**18:
                    raise InvalidOperation
            except (NumberParseError, InvalidOperation):
                self.add_error(f"exec-{src}", f"{SOURCE_LABELS.get(src, src)}: 백만원 단위의 금액이 아닙니다: {raw}")
                continue
            execution[src] = int(won)
        data["results"], data["execution"] = results, execution
        return data
