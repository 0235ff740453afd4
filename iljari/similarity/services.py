"""Recording the portfolio office's decision on a pair of programs (audited, version-checked)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction

from iljari.audit.services import check_version, snapshot, versioned_save
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.programs.models import Program

from .models import PairReview

_COMPARED = ["name_ko", "description", "owner_org_id", "job_type_id", "subtype_id", "delivery_mode_id", "start", "end",
             "status"]


def program_fingerprint(p: Program) -> str:
    """What the comparison looks at, hashed: a change to any of it brings a decided pair back for review."""
    state = {f: str(getattr(p, f)) for f in _COMPARED}
    state["target_groups"] = sorted(p.target_groups.values_list("code", flat=True))  # type: ignore[assignment]
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_FIELDS = ["program_a", "program_b", "relation", "decision", "target", "reason", "score"]


def pair_review_save(*, actor: Any, first: Program, second: Program, relation: str, decision: str, reason: str,
                     target: Program | None = None, score: float | None = None,
                     expected_version: int | None = None) -> PairReview:
    a, b = (first, second) if first.pk < second.pk else (second, first)
    problems = []
    if a.pk == b.pk:
        problems.append(Problem(ErrorCode.INVALID, "같은 사업끼리는 검토하지 않습니다", "a program is not paired with itself"))
    if relation not in PairReview.Relation.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"관계는 {', '.join(PairReview.Relation.values)} 중 하나입니다",
                                f"relation is one of {', '.join(PairReview.Relation.values)}", field="relation"))
    if decision not in PairReview.Decision.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"결정은 {', '.join(PairReview.Decision.values)} 중 하나입니다",
                                f"decision is one of {', '.join(PairReview.Decision.values)}", field="decision"))
    if not reason.strip():
        problems.append(Problem(ErrorCode.REQUIRED, "결정 사유를 적으십시오", "give the reason for the decision",
                                field="reason"))
    if target is not None and target.pk not in (a.pk, b.pk):
        problems.append(Problem(ErrorCode.INVALID, "대상 사업은 두 사업 중 하나여야 합니다",
                                "the program to act on is one of the pair", field="target"))
    if decision in ("reduce", "abolish") and target is None:
        problems.append(Problem(ErrorCode.REQUIRED, "축소·폐지할 사업을 고르십시오", "choose the program to reduce or abolish",
                                field="target"))
    if problems:
        raise ServiceError(problems)
    try:
        with transaction.atomic():
            review = PairReview.objects.select_for_update().filter(program_a=a, program_b=b).first()
            check_version(review, expected_version, what_ko="이 쌍의 결정을", what_en="the decision on this pair")
            before = snapshot(review, fields=_FIELDS) if review else None
            review = review or PairReview(program_a=a, program_b=b)
            review.relation, review.decision, review.reason = relation, decision, reason.strip()
            review.target, review.score = target, score
            review.fingerprint_a, review.fingerprint_b = program_fingerprint(a), program_fingerprint(b)
            review.decided_by = actor if getattr(actor, "pk", None) else None
            versioned_save(actor=actor, obj=review, before=before, state=lambda r: snapshot(r, fields=_FIELDS),
                           reason=reason)
    except IntegrityError as exc:
        raise ConflictError(Problem(ErrorCode.CONFLICT, "같은 쌍이 동시에 결정되었습니다. 새로 고치십시오",
                                    "the same pair was decided at the same moment; reload")) from exc
    return review


def review_state(reviews: dict[tuple[int, int], PairReview], a: Program, b: Program) -> tuple[PairReview | None, bool]:
    """The decision on a pair and whether it still holds (neither program changed since)."""
    key = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
    review = reviews.get(key)
    if review is None:
        return None, False
    first, second = (a, b) if a.pk < b.pk else (b, a)
    current = review.fingerprint_a == program_fingerprint(first) and review.fingerprint_b == program_fingerprint(second)
    return review, current
