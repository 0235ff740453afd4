from __future__ import annotations

from typing import Any

from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record, snapshot
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError

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
    if rule is None:
        rule = ValidationRule.objects.create(code=code, **fields)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=rule, before=None, after=snapshot(rule),
                     reason=reason)
        return rule
    if expected_version is not None and rule.version != expected_version:
        raise ConflictError(Problem(ErrorCode.CONFLICT, "다른 사용자가 먼저 수정했습니다", "someone else changed it first"))
    before = snapshot(rule)
    for k, v in fields.items():
        setattr(rule, k, v)
    rule.version += 1
    rule.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=rule, before=before, after=snapshot(rule),
                 reason=reason)
    return rule
