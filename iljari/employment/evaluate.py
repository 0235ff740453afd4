"""Offline evaluation of vacancies-for-a-seeker (docs/employment.md, "Quality"): Recall@30 and nDCG@10 of the
matcher against a baseline that matches the occupation code alone (the seeker's desired codes, newest vacancy
first), in the same run, on

- a generated labour market with known preferences (`employment.market`), and
- the referrals in the database that led to placements, each held out: the seeker's list as of the referral day
  (vacancies open then) should hold the vacancy they were placed in.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from . import market as market_mod
from . import scoring


@dataclass
class Score:
    method: str
    recall30: float
    ndcg10: float


@dataclass
class Result:
    name: str
    cases: int
    scores: list[Score] = field(default_factory=list)
    note: str = ""
    seconds: float = 0.0


def _ndcg(ranked: list[int], relevant: set[int], k: int = 10) -> float:
    dcg = sum(1.0 / math.log2(r + 2) for r, v in enumerate(ranked[:k]) if v in relevant)
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def _recall(ranked: list[int], relevant: set[int], k: int = 30) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def _baseline_market(st: scoring.SeekerTable, vt: scoring.VacancyTable, posted: np.ndarray, s_idx: np.ndarray,
                     k: int = 30) -> list[list[int]]:
    """The occupation code alone: vacancies of a desired code, newest first (ties by id)."""
    by_code: dict[int, np.ndarray] = {}
    order = np.lexsort((vt.ids, posted))
    for code in np.unique(vt.occ):
        by_code[int(code)] = order[vt.occ[order] == code]
    out = []
    for i in s_idx:
        codes = [int(c) for c in st.occ[i] if c >= 0]
        cand: Any = np.concatenate([by_code.get(c, np.zeros(0, dtype=np.int64)) for c in codes]) if codes else []
        cand = sorted(cand, key=lambda j: (posted[j], vt.ids[j]))
        out.append([int(j) for j in cand[:k]])
    return out


def _baseline_filtered(st: scoring.SeekerTable, vt: scoring.VacancyTable, posted: np.ndarray, s_idx: np.ndarray,
                       k: int = 30) -> list[list[int]]:
    """A stronger reference: the occupation code and the same hard filters (commute, wage, hours, licences),
    newest first — what the score adds beyond the filters."""
    out: list[list[int]] = []
    for i, lst in zip(s_idx.tolist(), _baseline_market(st, vt, posted, s_idx, k=len(vt)), strict=True):
        cand = np.array(lst, dtype=np.int64)
        if len(cand) == 0:
            out.append([])
            continue
        block = scoring.score_block(st, np.array([i]), vt, cand, with_parts=False)
        out.append([int(j) for j in cand[block.allowed[0]][:k]])
    return out


def market_quality(*, seekers: int = 20_000, vacancies: int = 25_000, sample: int = 2_000, seed: int = 20181231,
                   kiwi: bool = True) -> Result:
    """Recall@30 and nDCG@10 on a generated market (the texts read by kiwipiepy when `kiwi`)."""
    t0 = time.perf_counter()
    m = market_mod.generate(seekers=seekers, vacancies=vacancies, seed=seed)
    if kiwi:
        from .matching import text_terms_many

        m.seekers = [scoring.SeekerRow(**{**r.__dict__, "terms": t})
                     for r, t in zip(m.seekers, text_terms_many(m.seeker_texts), strict=True)]
        m.vacancies = [scoring.VacancyRow(**{**r.__dict__, "terms": t})
                       for r, t in zip(m.vacancies, text_terms_many(m.vacancy_texts), strict=True)]
    st, vt = m.tables()
    rng = np.random.default_rng(seed + 1)
    s_idx = np.sort(rng.choice(len(st), size=min(sample, len(st)), replace=False))
    truth = m.relevant(st, vt, s_idx)
    keep = [n for n, rel in enumerate(truth) if rel]
    s_idx = s_idx[keep]
    truth = [truth[n] for n in keep]
    ours = scoring.bulk_top(st, vt, limit=30, s_idx=s_idx)
    base = _baseline_market(st, vt, m.posted, s_idx)
    filtered = _baseline_filtered(st, vt, m.posted, s_idx)
    scores = []
    for name, lists in (("matching", ours), ("baseline: occupation code alone", base),
                        ("reference: code and the hard filters", filtered)):
        scores.append(Score(name, float(np.mean([_recall(r, t) for r, t in zip(lists, truth, strict=True)])),
                            float(np.mean([_ndcg(r, t) for r, t in zip(lists, truth, strict=True)]))))
    mean_rel = float(np.mean([len(t) for t in truth])) if truth else 0.0
    return Result(f"generated market ({seekers:,} seekers, {vacancies:,} vacancies, seed {seed})", len(s_idx),
                  scores, note=f"seekers with at least one acceptable vacancy; {mean_rel:.1f} acceptable each on "
                  "average", seconds=time.perf_counter() - t0)


def placements_quality(*, limit_cases: int = 300, seed: int = 1) -> Result:
    """Each referral that led to a placement, held out: is its vacancy in the seeker's list as of that day?"""
    from .matching import open_vacancies, vacancies_for_seeker
    from .models import Placement

    t0 = time.perf_counter()
    qs = (Placement.objects.filter(referral__isnull=False).select_related("referral", "referral__vacancy",
                                                                          "seeker", "seeker__person",
                                                                          "seeker__home_district")
          .order_by("pk"))
    total = qs.count()
    if not total:
        return Result("placements through referrals in the database", 0,
                      note="no placement through a referral in the database: nothing to evaluate")
    ids = list(qs.values_list("pk", flat=True))
    if len(ids) > limit_cases:
        ids = sorted(np.random.default_rng(seed).choice(ids, size=limit_cases, replace=False).tolist())
    ours_r, ours_n, base_r, base_n = [], [], [], []
    for p in qs.filter(pk__in=ids):
        ref = p.referral
        assert ref is not None
        as_of = ref.referred_on
        target = {ref.vacancy_id}
        ranked = [m.vacancy.pk for m in vacancies_for_seeker(p.seeker, limit=30, as_of=as_of, historical=True)]
        codes = list(p.seeker.desired_occupations.values_list("code", flat=True))
        base = list(open_vacancies(as_of, historical=True).filter(occupation__code__in=codes)
                    .order_by("-posted_on", "pk").values_list("pk", flat=True)[:30])
        ours_r.append(_recall(ranked, target))
        ours_n.append(_ndcg(ranked, target))
        base_r.append(_recall(base, target))
        base_n.append(_ndcg(base, target))
    note = f"{len(ids)} of {total} placements" if len(ids) < total else f"all {total} placements"
    return Result("placements through referrals in the database, each held out", len(ids), [
        Score("matching", float(np.mean(ours_r)), float(np.mean(ours_n))),
        Score("baseline: occupation code alone", float(np.mean(base_r)), float(np.mean(base_n)))],
        note=note, seconds=time.perf_counter() - t0)


def as_text(r: Result) -> list[str]:
    lines = [f"{r.name}: {r.cases:,} cases ({r.note}; {r.seconds:.1f} s)" if r.cases else f"{r.name}: {r.note}"]
    for s in r.scores:
        lines.append(f"  {s.method:<38} Recall@30 {s.recall30:.3f}   nDCG@10 {s.ndcg10:.3f}")
    if len(r.scores) >= 2 and r.scores[1].recall30 > 0:
        gain = r.scores[0].recall30 / r.scores[1].recall30 - 1
        lines.append(f"  Recall@30 against the baseline: {gain:+.0%} (target: at least +20%)")
    return lines


def today() -> dt.date:
    return timezone.localdate()
