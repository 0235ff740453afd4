"""The evaluation scheme's form (평가 기준): weights and grade bands as the model stores them, checked first."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .services import WEIGHTS

_NUMBER = {"invalid": "숫자를 넣으십시오", "required": "값을 넣으십시오",
           "min_value": "0 이상이어야 합니다", "max_value": "100 이하여야 합니다",
           "max_digits": "소수점 둘째 자리까지, 100 이하로 넣으십시오",
           "max_decimal_places": "소수점 둘째 자리까지 넣으십시오", "max_whole_digits": "100 이하로 넣으십시오"}


def _score(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, min_value=Decimal(0),
                              max_value=Decimal(100), error_messages=_NUMBER)


class SchemeForm(forms.Form):
    valid_from = forms.IntegerField(label="적용 연도", min_value=2000, max_value=2100,
                                    error_messages={**_NUMBER, "min_value": "연도는 2000에서 2100 사이입니다",
                                                    "max_value": "연도는 2000에서 2100 사이입니다"})
    weight_achievement = _score("목표 달성 가중치")
    weight_execution = _score("예산 집행 가중치")
    weight_cost = _score("일자리당 비용 가중치")
    weight_transition = _score("취업 연계 가중치")
    excellent_from = _score("우수 기준 점수")
    adequate_from = _score("보통 기준 점수")
    note = forms.CharField(label="비고", max_length=300, required=False)
    reason = forms.CharField(label="사유", max_length=500, required=False)

    def values(self) -> dict[str, Decimal]:
        return {k: self.cleaned_data[k] for k in [*WEIGHTS, "excellent_from", "adequate_from"]}
