from __future__ import annotations

from typing import Any

from django.db import transaction

from iljari.audit.services import check_version, snapshot, versioned_save
from iljari.core.errors import ErrorCode, Problem, ServiceError

from .expressions import ExpressionError, references
from .models import ValidationRule


@transaction.atomic
def rule_save(*, actor: Any, code: str, expected_version: int | None = None, reason: str = "",
              **fields: Any) -> ValidationRule:
    """Create or change a rule; its expressions must parse. Audited."""
    problems = []
    if fields.get("kind", ValidationRule.Kind.COMPARE) == ValidationRule.Kind.COMPARE:
        reads = set()
        for side in ("left", "right"):
            try:
                reads |= references(fields.get(side, ""))
            except (ExpressionError, SyntaxError) as exc:
                problems.append(Problem(ErrorCode.INVALID, f"식이 올바르지 않습니다: {exc}", f"invalid expression: {exc}",
                                        field=side))
        if not problems and not reads:
            problems.append(Problem(ErrorCode.INVALID, "규칙이 읽는 값이 없습니다", "the rule reads no value",
                                    field="left"))
    if problems:
        raise ServiceError(problems)
    rule = ValidationRule.objects.select_for_update().filter(code=code).first()
    check_version(rule, expected_version, what_ko="이 규칙을", what_en="this rule")
    before = snapshot(rule) if rule else None
    rule = rule or ValidationRule(code=code)
    for k, v in fields.items():
        setattr(rule, k, v)
    versioned_save(actor=actor, obj=rule, before=before, state=snapshot, reason=reason)
    return rule
