"""The named conditions a flow's transitions may require (`Transition.conditions`). Each takes the case (locked,
in the transition's transaction) and returns the problems that stop the transition, in Korean and English — an
empty list when it holds. Slices register theirs with `@condition(...)`; a flow naming an unknown condition is
refused when it is saved and when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iljari.core.errors import ErrorCode, Problem

from .codes import doc_type_label
from .models import Case, Review, ReviewerAssignment

Check = Callable[[Case], list[Problem]]


Bulk = Callable[[list[Case]], dict[int, list[Problem]]]


@dataclass
class Condition:
    name: str
    label_ko: str
    label_en: str
    check: Check
    bulk: Bulk | None = None  # the same check for many cases in a few queries (`cases_move_many`)


CONDITIONS: dict[str, Condition] = {}


def condition(name: str, label_ko: str, label_en: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CONDITIONS[name] = Condition(name, label_ko, label_en, fn)
        return fn

    return register


def failed(ko: str, en: str, **params: object) -> Problem:
    return Problem(ErrorCode.CONDITION_FAILED, ko, en, params=dict(params))


@condition("documents_complete", "필수 서류가 모두 제출됨", "every required document is in")
def documents_complete(case: Case) -> list[Problem]:
    needed = list(case.stage.required_documents or [])
    have = set(case.documents.values_list("doc_type", flat=True))
    missing = [d for d in needed if d not in have]
    if not missing:
        return []
    ko = ", ".join(doc_type_label(d, "ko") for d in missing)
    en = ", ".join(doc_type_label(d, "en") for d in missing)
    return [failed(f"제출되지 않은 서류가 있습니다: {ko}", f"documents missing: {en}", missing=missing)]


@condition("reviews_complete", "배정된 심사위원의 심사가 모두 끝남", "every assigned reviewer has scored or recused")
def reviews_complete(case: Case) -> list[Problem]:
    assigned = set(ReviewerAssignment.objects.filter(call=case.call_id, stage=case.stage)
                   .values_list("reviewer_id", flat=True)) if case.call_id else set()
    done = {r.reviewer_id: r for r in Review.objects.filter(case=case, stage=case.stage, submitted_at__isnull=False)}
    waiting = assigned - set(done)
    problems = []
    if waiting:
        problems.append(failed(f"심사를 마치지 않은 심사위원이 {len(waiting)}명 있습니다",
                               f"{len(waiting)} reviewer(s) have not yet scored", waiting=len(waiting)))
    scored = [r for r in done.values() if not r.recused]
    rubric = getattr(case.stage, "rubric", None)
    least = rubric.reviewers_min if rubric is not None else 1
    if len(scored) < least:
        problems.append(failed(f"점수를 준 심사위원이 {len(scored)}명입니다 (최소 {least}명)",
                               f"{len(scored)} reviewer(s) scored (at least {least} needed)",
                               scored=len(scored), least=least))
    return problems


@condition("not_rejected_months", "지원 요건을 충족하는 월이 있음", "at least one month meets the rules")
def eligible_months(case: Case) -> list[Problem]:
    months = list(case.months.all())
    if not months:
        return [failed("청구한 월이 없습니다", "no month is claimed")]
    if any(m.eligible is None for m in months):
        return [failed("아직 요건을 확인하지 않은 월이 있습니다", "some months are not yet checked against the rules")]
    if not any(m.eligible for m in months):
        return [failed("지원 요건을 충족하는 월이 없습니다", "no claimed month meets the rules")]
    return []


def bulk_condition(name: str) -> Callable[[Bulk], Bulk]:
    """Register the many-cases form of an already registered condition: {case id: problems} for every case given
    (an empty list where it holds). It must decide exactly as the one-case form does (tested side by side)."""

    def register(fn: Bulk) -> Bulk:
        CONDITIONS[name].bulk = fn
        return fn

    return register


def problems_for_many(cases: list[Case], names: list[str]) -> dict[int, list[Problem]]:
    """`problems_for` for many cases: a condition's bulk form where it has one, else one case at a time."""
    out: dict[int, list[Problem]] = {c.pk: [] for c in cases}
    for name in names:
        c = CONDITIONS.get(name)
        if c is None:
            for case in cases:
                out[case.pk].append(failed(f"알 수 없는 조건입니다: {name}", f"unknown condition: {name}",
                                           condition=name))
        elif c.bulk is not None:
            found = c.bulk(cases)
            for case in cases:
                out[case.pk].extend(found.get(case.pk, []))
        else:
            for case in cases:
                out[case.pk].extend(c.check(case))
    return out


def problems_for(case: Case, names: list[str]) -> list[Problem]:
    out: list[Problem] = []
    for name in names:
        c = CONDITIONS.get(name)
        if c is None:
            out.append(failed(f"알 수 없는 조건입니다: {name}", f"unknown condition: {name}", condition=name))
            continue
        out.extend(c.check(case))
    return out


@condition("payments_made", "지급이 모두 끝남", "every payment is made")
def payments_made(case: Case) -> list[Problem]:
    from .models import Payment

    return _payments_made_words(list(case.payments.exclude(status=Payment.Status.STOPPED)
                                     .values_list("status", flat=True)))


def _payments_made_words(live: list[str]) -> list[Problem]:
    from .models import Payment

    if not live:
        return [failed("지급 내역이 없습니다", "nothing has been paid")]
    waiting = sum(1 for s in live if s != Payment.Status.PAID)
    if waiting:
        return [failed(f"지급되지 않은 건이 {waiting}건 있습니다", f"{waiting} payment(s) not yet made",
                       waiting=waiting)]
    return []


@bulk_condition("payments_made")
def payments_made_many(cases: list[Case]) -> dict[int, list[Problem]]:
    from .models import Payment

    live: dict[int, list[str]] = {c.pk: [] for c in cases}
    ids = list(live)
    for i in range(0, len(ids), 5000):  # bounded IN lists
        for case_id, status in (Payment.objects.filter(case_id__in=ids[i:i + 5000])
                                .exclude(status=Payment.Status.STOPPED).values_list("case_id", "status")):
            live[case_id].append(status)
    return {case_id: _payments_made_words(statuses) for case_id, statuses in live.items()}


@condition("payments_settled", "예정된 지급이 모두 지급되거나 중지됨", "every scheduled payment is paid or stopped")
def payments_settled(case: Case) -> list[Problem]:
    from .models import Payment

    waiting = case.payments.exclude(status__in=[Payment.Status.PAID, Payment.Status.STOPPED]).count()
    if waiting:
        return [failed(f"지급 예정 또는 진행 중인 건이 {waiting}건 있습니다", f"{waiting} payment(s) still to come",
                       waiting=waiting)]
    return []


@condition("agreement_signed", "약정이 체결됨", "the agreement is signed")
def agreement_signed(case: Case) -> list[Problem]:
    from .models import Agreement

    if not Agreement.objects.filter(case=case).exists():
        return [failed("약정이 체결되지 않았습니다", "no agreement is signed")]
    return []


@condition("above_cutoff", "심사 점수가 기준 점수 이상", "the review score reaches the cut-off")
def above_cutoff(case: Case) -> list[Problem]:
    """The case's score at this review stage (the mean of the reviewers' weighted totals; `cases.ranking` may
    replace it with the normalised score) against the rubric's cut-off."""
    from decimal import Decimal

    rubric = getattr(case.stage, "rubric", None)
    totals = [r.total for r in Review.objects.filter(case=case, stage=case.stage, recused=False,
                                                     submitted_at__isnull=False) if r.total is not None]
    if rubric is None or not totals:
        return [failed("심사 점수가 없습니다", "no review score yet")]
    score = sum(totals, Decimal(0)) / len(totals)
    if score < rubric.cutoff:
        return [failed(f"심사 점수 {score:.1f}점이 기준 {rubric.cutoff:.0f}점에 못 미칩니다",
                       f"the score {score:.1f} is below the cut-off {rubric.cutoff:.0f}",
                       score=float(score), cutoff=float(rubric.cutoff))]
    return []
