"""Editing the evaluation scheme (administrators; audited)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from iljari.audit.services import snapshot, versioned_save
from iljari.core.errors import ErrorCode, Problem, ServiceError

from .models import EvaluationScheme

WEIGHTS = ["weight_achievement", "weight_execution", "weight_cost", "weight_transition"]


@transaction.atomic
def scheme_save(*, actor: Any, valid_from: int, values: dict[str, Decimal], note: str = "", reason: str = ""
                ) -> EvaluationScheme:
    problems = []
    if not 2000 <= valid_from <= 2100:
        problems.append(Problem(ErrorCode.INVALID_DATE, f"연도가 아닙니다: {valid_from}", f"not a year: {valid_from}",
                                field="valid_from"))
    for k in WEIGHTS:
        if values[k] < 0 or values[k] > 100:
            problems.append(Problem(ErrorCode.INVALID, "가중치는 0~100입니다", "a weight is between 0 and 100", field=k))
    if sum(values[k] for k in WEIGHTS) <= 0:
        problems.append(Problem(ErrorCode.INVALID, "가중치가 모두 0입니다", "every weight is 0", field="weight_achievement"))
    if not 0 <= values["adequate_from"] <= values["excellent_from"] <= 100:
        problems.append(Problem(ErrorCode.INVALID, "등급 기준은 0 ≤ 보통 ≤ 우수 ≤ 100이어야 합니다",
                                "grade bands need 0 <= adequate <= excellent <= 100", field="excellent_from"))
    if problems:
        raise ServiceError(problems)
    scheme = EvaluationScheme.objects.select_for_update().filter(valid_from=valid_from).first()
    before = snapshot(scheme) if scheme else None
    scheme = scheme or EvaluationScheme(valid_from=valid_from)
    for k, v in values.items():
        setattr(scheme, k, v)
    scheme.note = note[:300]
    versioned_save(actor=actor, obj=scheme, before=before, state=snapshot, reason=reason)
    return scheme
