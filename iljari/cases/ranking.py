"""The ranked list of a call's review stage, computed from the stored reviews alone (so anyone can recompute it).

Each reviewer's total of a case is the weighted sum of their criterion scores: Σ weight × score / max_score, out
of 100 (`review_total`). Reviewers differ in how hard they mark, so when the rubric says `normalise` each total
is normalised across reviewers (docs/cases.md, "Ranking"):

    for reviewer r, over the cases r scored at this stage (recusals never count):
        m_r = mean of r's totals,  s_r = population standard deviation of r's totals
    over every counted total of the stage (all reviewers, all cases of the call):
        M = mean,  S = population standard deviation
    normalised total  x' = M + S × (x − m_r) / s_r
        when r's standing is undefined (r counted fewer than 2 totals, e.g. recused from all but one, or
        s_r = 0: every total the same), x' = x: r's own total is kept as it is, uncorrected
    the case's score  = mean of its reviewers' x'          (without normalisation: the mean of their totals x)

rounded to 0.01 point, half up, with Decimal arithmetic (28 digits). The list is ordered by score (highest
first), then the plain mean, then the reference number. A case passes when its score reaches the rubric's
cut-off and its district's quota (`Rubric.quotas`: district code → most cases) is not yet full with cases ranked
above it. `above_cutoff` and `within_quota` (flow conditions) use exactly this score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from django.db.models import Q

from .conditions import condition, failed
from .models import Case, Criterion, Review, ReviewerAssignment, Rubric, Stage

CENT = Decimal("0.01")


def review_total(criteria: list[Criterion], scores: dict[str, Any]) -> Decimal:
    """Σ weight × score / max_score over the rubric's criteria (out of 100), to 0.01 half up."""
    total = Decimal(0)
    for c in criteria:
        total += Decimal(c.weight) * Decimal(str(scores[c.code])) / Decimal(c.max_score or 1)
    return total.quantize(CENT, ROUND_HALF_UP)


def _mean(xs: list[Decimal]) -> Decimal:
    return sum(xs, Decimal(0)) / len(xs)


def _sd(xs: list[Decimal]) -> Decimal:
    m = _mean(xs)
    return (sum(((x - m) ** 2 for x in xs), Decimal(0)) / len(xs)).sqrt()


def normalise(totals: dict[tuple[int, int], Decimal]
              ) -> tuple[dict[tuple[int, int], Decimal], Decimal, Decimal, set[int]]:
    """(case id, reviewer id) → total  ⟶  (case id, reviewer id) → normalised total, with the group's M and S and
    the reviewers whose totals are kept uncorrected (fewer than 2 totals, or all the same: no z-score)."""
    if not totals:
        return {}, Decimal(0), Decimal(0), set()
    with localcontext() as ctx:
        ctx.prec = 28
        values = list(totals.values())
        group_mean, group_sd = _mean(values), _sd(values)
        by_reviewer: dict[int, list[Decimal]] = defaultdict(list)
        for (_case, reviewer), x in totals.items():
            by_reviewer[reviewer].append(x)
        stats = {r: (_mean(xs), _sd(xs)) for r, xs in by_reviewer.items()}
        kept = {r for r, xs in by_reviewer.items() if len(xs) < 2 or stats[r][1] == 0}
        out = {}
        for (case, reviewer), x in totals.items():
            m, s = stats[reviewer]
            out[(case, reviewer)] = x if reviewer in kept else group_mean + group_sd * (x - m) / s
    return out, group_mean, group_sd, kept


@dataclass(frozen=True)
class ReviewerName:
    """A reviewer as the pages name them: their full name when the account has one, else "심사위원 N" (Reviewer N),
    numbered within the call in the order they were assigned; never the login id."""

    full_name: str
    number: int

    def __str__(self) -> str:
        from .templatetags.case_words import say

        return self.full_name or say(f"심사위원 {self.number}", f"Reviewer {self.number}")


def reviewer_names(call_id: int | None, users: Any = ()) -> dict[int, ReviewerName]:
    """user id → ReviewerName for the call's assigned reviewers (in the order assigned), then any of `users` not
    among them (a reviewer of a flow's cases without a call)."""
    from django.contrib.auth import get_user_model

    ids: list[int] = []
    if call_id:
        for rid in ReviewerAssignment.objects.filter(call_id=call_id).order_by("id").values_list("reviewer_id",
                                                                                               flat=True):
            if rid not in ids:
                ids.append(rid)
    for u in users:
        if u.pk not in ids:
            ids.append(u.pk)
    full = {u.pk: u.get_full_name().strip() for u in get_user_model().objects.filter(pk__in=ids)}
    return {rid: ReviewerName(full.get(rid, ""), n) for n, rid in enumerate(ids, start=1)}


@dataclass
class ReviewerMark:
    reviewer_id: int
    reviewer: ReviewerName
    total: Decimal | None
    normalised: Decimal | None
    recused: bool
    recusal_reason: str
    submitted: bool
    uncorrected: bool = False  # the reviewer's total is kept as it is (fewer than 2 totals, or all the same)


@dataclass
class Entry:
    case: Case
    rank: int = 0
    mean: Decimal | None = None  # plain mean of the counted totals
    normalised: Decimal | None = None
    score: Decimal | None = None  # what the list ranks by and the cut-off is checked against
    marks: list[ReviewerMark] = field(default_factory=list)
    above_cutoff: bool = False
    within_quota: bool = True
    recommended: bool = False


@dataclass
class RankedList:
    stage: Stage
    rubric: Rubric | None
    entries: list[Entry]
    group_mean: Decimal
    group_sd: Decimal
    counted: int = 0  # the totals the list is computed from (0: no scores yet)
    uncorrected: list[int] = field(default_factory=list)  # reviewers whose totals are kept uncorrected

    @property
    def normalised(self) -> bool:
        return bool(self.rubric and self.rubric.normalise)

    def entry(self, case_id: int) -> Entry | None:
        return next((e for e in self.entries if e.case.pk == case_id), None)


def _group(call_id: int | None, flow_id: int) -> Q:
    return Q(call_id=call_id) if call_id else Q(call__isnull=True, flow_id=flow_id)


def ranked_list(stage: Stage, call_id: int | None, flow_id: int | None = None) -> RankedList:
    """The ranked list of the cases of a call (or, with no call, of the flow's cases without one) at a review
    stage: every case that is at the stage or was reviewed there."""
    flow_id = flow_id or stage.flow_id
    rubric = Rubric.objects.filter(stage=stage).first()
    group = _group(call_id, flow_id)
    cases = list(Case.objects.filter(group).filter(Q(stage=stage) | Q(reviews__stage=stage)).distinct()
                 .select_related("district", "organisation", "stage"))
    reviews = list(Review.objects.filter(stage=stage, case__in=[c.pk for c in cases])
                   .select_related("reviewer").order_by("reviewer__username", "id"))
    counted = {(r.case_id, r.reviewer_id): r.total for r in reviews
               if not r.recused and r.submitted_at is not None and r.total is not None}
    normal, group_mean, group_sd, kept = normalise(counted)
    names = reviewer_names(call_id, [r.reviewer for r in reviews])
    by_case: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        by_case[r.case_id].append(r)
    entries = []
    for c in cases:
        e = Entry(case=c)
        mine = [counted[(c.pk, r.reviewer_id)] for r in by_case[c.pk] if (c.pk, r.reviewer_id) in counted]
        norm = [normal[(c.pk, r.reviewer_id)] for r in by_case[c.pk] if (c.pk, r.reviewer_id) in counted]
        for r in by_case[c.pk]:
            key = (c.pk, r.reviewer_id)
            e.marks.append(ReviewerMark(r.reviewer_id, names[r.reviewer_id], r.total,
                                        normal[key].quantize(CENT, ROUND_HALF_UP) if key in normal else None,
                                        r.recused, r.recusal_reason, r.submitted_at is not None,
                                        key in normal and r.reviewer_id in kept))
        if mine:
            e.mean = _mean(mine).quantize(CENT, ROUND_HALF_UP)
            e.normalised = _mean(norm).quantize(CENT, ROUND_HALF_UP)
            e.score = e.normalised if rubric is not None and rubric.normalise else e.mean
        entries.append(e)
    entries.sort(key=lambda e: (e.score is None, -(e.score or 0), -(e.mean or 0), e.case.reference))
    quotas = dict(rubric.quotas or {}) if rubric is not None else {}
    used: dict[str, int] = defaultdict(int)
    for n, e in enumerate(entries, start=1):
        e.rank = n if e.score is not None else 0
        e.above_cutoff = e.score is not None and rubric is not None and e.score >= rubric.cutoff
        code = e.case.district.code if e.case.district_id else ""
        if e.above_cutoff:
            used[code] += 1
            e.within_quota = code not in quotas or used[code] <= int(quotas[code])
        e.recommended = e.above_cutoff and e.within_quota
    return RankedList(stage, rubric, entries, group_mean.quantize(CENT, ROUND_HALF_UP),
                      group_sd.quantize(CENT, ROUND_HALF_UP), len(counted), sorted(kept))


def case_entry(case: Case, stage: Stage | None = None) -> Entry | None:
    stage = stage or case.stage
    return ranked_list(stage, case.call_id, case.flow_id).entry(case.pk)


# The flow conditions, over the same list the officers see (they replace the base's plain-mean `above_cutoff`).


@condition("above_cutoff", "심사 점수가 기준 점수 이상", "the review score reaches the cut-off")
def above_cutoff(case: Case) -> list:
    rubric = Rubric.objects.filter(stage=case.stage).first()
    e = case_entry(case)
    if rubric is None or e is None or e.score is None:
        return [failed("심사 점수가 없습니다", "no review score yet")]
    if e.score < rubric.cutoff:
        return [failed(f"심사 점수 {e.score:.2f}점이 기준 {rubric.cutoff:.0f}점에 못 미칩니다",
                       f"the score {e.score:.2f} is below the cut-off {rubric.cutoff:.0f}",
                       score=float(e.score), cutoff=float(rubric.cutoff))]
    return []


@condition("within_quota", "자치구 배정 인원 안에 듦", "within the district's quota")
def within_quota(case: Case) -> list:
    e = case_entry(case)
    if e is None or e.within_quota:
        return []
    district = case.district.name_ko if case.district_id else "-"
    return [failed(f"{district}의 배정 인원이 이미 찼습니다 (순위 {e.rank}위)",
                   f"the quota of {case.district.name_en or district if case.district_id else '-'} is full "
                   f"(rank {e.rank})", rank=e.rank)]
