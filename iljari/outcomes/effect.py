"""Effect, not just outcome (issue 18 §3, docs/outcomes.md "Effect estimates"): beside a program's raw employment
share, an estimate of what the program changed — its participants against similar people of the registry who did
not take part, matched on the propensity score.

Three layers:

- `estimate_effect(frame, ...)` — pure and typed, over a pandas frame: propensity-score matching (a scikit-learn
  logistic regression on the covariates; nearest-neighbour matching with replacement on the logit of the score
  within a caliper of 0.2 standard deviations; the effect on the treated, ATT, in percentage points), its
  uncertainty by the Abadie-Imbens variance (or a bootstrap with a fixed seed), the balance of every covariate
  before and after matching as standardised mean differences, and a caveat in plain Korean and English. Too few
  participants, no overlap or the same outcome for everyone: an `Estimate` that says why (`ok` False), not an
  exception.
- `program_frame(program, year, ...)` — the frame from the database: the program's participants whose
  participation ended in the year, and a seeded sample of the registry's other people with pseudo participation
  dates drawn from the participants', with the covariates and the outcome computed alike for both.
- `program_effect(program, year)` — the two together, for the pages and `iljari outcomes-effect`; `effect_words`
  says an estimate in one Korean or English sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from iljari.programs.models import Program

Z95 = 1.959963984540054  # the normal quantile of a two-sided 95% interval
DEFAULT_SEED = 20260118
SeMethod = Literal["bootstrap", "abadie-imbens"]


# --------------------------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True)
class Balance:
    """One covariate (or one level of a categorical covariate) before and after matching: the standardised mean
    difference between the participants and the comparison group (treated mean − comparison mean, over the pooled
    standard deviation of the two groups before matching; |SMD| below 0.1 is the usual mark of good balance).
    `after` is None when the estimate was refused."""

    covariate: str
    level: str | None
    label_ko: str
    label_en: str
    before: float
    after: float | None


@dataclass(frozen=True)
class Estimate:
    """A program's effect on an outcome, or why there is none (`ok` False with `reason`, `reason_ko`,
    `reason_en`). Rates are percentages (0-100), effects and differences percentage points (%p).

    - effect_pp, se_pp, ci_low_pp, ci_high_pp: the ATT and its standard error; the 95% interval is
      effect ± 1.96 × se. `se_method` says how the error was found ("bootstrap": `bootstrap` replicates drawn
      with `seed`, re-estimating the propensity and re-matching each time; "abadie-imbens": their variance of a
      matching estimator with replacement, the propensity taken as known).
    - n_treated: participants in the frame; n_treated_matched: those with a comparison within the caliper (the
      effect is theirs); n_pool: the comparison pool; n_comparison_matched: distinct comparisons used.
    - treated_rate_pct / comparison_rate_pct: the outcome of the matched participants and of their matches;
      raw_treated_rate_pct / raw_pool_rate_pct / raw_difference_pp: before matching (the naive comparison).
    - balance: per covariate; caveat_ko / caveat_en: what the figure can and cannot say, in plain words.
    - outcome_ko / outcome_en: the outcome in words ("6개월 내 민간 취업률"); context: where the frame came from
      (program, year, as_of, pool, who was left out and why), set by `program_effect`.
    """

    ok: bool
    method: str = "psm"
    reason: str = ""
    reason_ko: str = ""
    reason_en: str = ""
    effect_pp: float | None = None
    se_pp: float | None = None
    ci_low_pp: float | None = None
    ci_high_pp: float | None = None
    se_method: str = "abadie-imbens"
    n_treated: int = 0
    n_treated_matched: int = 0
    n_pool: int = 0
    n_comparison_matched: int = 0
    treated_rate_pct: float | None = None
    comparison_rate_pct: float | None = None
    raw_treated_rate_pct: float | None = None
    raw_pool_rate_pct: float | None = None
    raw_difference_pp: float | None = None
    balance: tuple[Balance, ...] = ()
    caliper: float | None = None
    neighbours: int = 4
    bootstrap: int = 0
    seed: int = DEFAULT_SEED
    caveat_ko: str = ""
    caveat_en: str = ""
    outcome_ko: str = "취업률"
    outcome_en: str = "employment rate"
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def significant(self) -> bool:
        """The 95% interval leaves out 0."""
        return bool(self.ok and self.ci_low_pp is not None and self.ci_high_pp is not None
                    and (self.ci_low_pp > 0 or self.ci_high_pp < 0))

    def as_dict(self) -> dict[str, Any]:
        """Plain types only (JSON-ready): dates as ISO text."""
        d = dataclasses.asdict(self)
        d["context"] = _plain(dict(self.context))
        d["significant"] = self.significant
        return d


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, np.generic):
        return v.item()
    return v


def _refuse(reason: str, ko: str, en: str, **kw: Any) -> Estimate:
    return Estimate(ok=False, reason=reason, reason_ko=ko, reason_en=en,
                    caveat_ko=f"효과를 추정하지 않았습니다: {ko}", caveat_en=f"No effect was estimated: {en}", **kw)


# --------------------------------------------------------------------------------------------------------------
# The estimation (pure)


@dataclass
class _Design:
    x: np.ndarray  # the propensity model's columns, standardised (numeric ones also squared)
    bal: list[tuple[str, str | None, np.ndarray]]  # (covariate, level, values) for the balance table


def _design(frame: pd.DataFrame, covariates: Sequence[str]) -> _Design:
    cols: list[np.ndarray] = []
    bal: list[tuple[str, str | None, np.ndarray]] = []
    for c in covariates:
        s = frame[c]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            v = s.to_numpy(dtype=np.float64)
            bal.append((c, None, v))
            z = _standardise(v)
            cols.append(z)
            if len(np.unique(v)) > 2:  # a continuous covariate enters the propensity model with its square
                cols.append(_standardise(z * z))
        else:
            text = s.astype(str).to_numpy()
            for level in sorted(set(text.tolist())):
                v = (text == level).astype(np.float64)
                bal.append((c, level, v))
                cols.append(_standardise(v))
    x = np.column_stack(cols) if cols else np.zeros((len(frame), 0))
    return _Design(x=x, bal=bal)


def _standardise(v: np.ndarray) -> np.ndarray:
    sd = v.std()
    return (v - v.mean()) / sd if sd > 0 else v - v.mean()


def _logit(x: np.ndarray, t: np.ndarray, model: Any = None) -> tuple[np.ndarray, Any]:
    """The linear predictor (logit of the propensity score) of a logistic regression of t on x; `model` is reused
    with a warm start in the bootstrap."""
    from sklearn.linear_model import LogisticRegression

    if model is None:
        model = LogisticRegression(C=1.0, max_iter=2000, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a replicate that stops short of convergence is still a fair draw
        model.fit(x, t)
    return model.decision_function(x), model


@dataclass
class _Match:
    matched: np.ndarray  # per treated: has a comparison within the caliper
    y0: np.ndarray  # per treated: the mean outcome of its matches (nan when unmatched)
    w: np.ndarray  # per comparison: Σ 1/m over the treated it serves (m: that treated's matches)
    q: np.ndarray  # per comparison: Σ 1/m²
    caliper: float


def _match(lt: np.ndarray, lc: np.ndarray, yc: np.ndarray, caliper_sd: float, k: int) -> _Match:
    """Nearest-neighbour matching with replacement on the logit: each treated takes its k nearest comparisons
    (ties: the earlier row) that lie within caliper_sd × the pooled standard deviation of the logit."""
    from sklearn.neighbors import NearestNeighbors

    sd = math.sqrt((lt.var() + lc.var()) / 2)
    caliper = caliper_sd * sd if sd > 0 else 0.0
    k = min(k, len(lc))
    nn = NearestNeighbors(n_neighbors=k, algorithm="kd_tree").fit(lc[:, None])
    dist, ind = nn.kneighbors(lt[:, None])
    within = dist <= caliper + 1e-12
    m = within.sum(axis=1)
    matched = m > 0
    share = np.where(within, 1.0 / np.maximum(m, 1)[:, None], 0.0)
    y0 = np.full(len(lt), np.nan)
    y0[matched] = (share * yc[ind]).sum(axis=1)[matched]
    w = np.bincount(ind.ravel(), weights=share.ravel(), minlength=len(lc))
    q = np.bincount(ind.ravel(), weights=(share * share).ravel(), minlength=len(lc))
    return _Match(matched=matched, y0=y0, w=w, q=q, caliper=caliper)


def _smd(vt: np.ndarray, vc: np.ndarray, wc: np.ndarray | None, sd: float) -> float:
    mc = float(np.average(vc, weights=wc)) if wc is not None else float(vc.mean())
    diff = float(vt.mean()) - mc
    if sd > 0:
        return diff / sd
    return 0.0 if abs(diff) < 1e-12 else math.copysign(math.inf, diff)


def _ai_se(lt: np.ndarray, lc: np.ndarray, yt: np.ndarray, yc: np.ndarray, mt: _Match, att: float) -> float:
    """Abadie & Imbens (2006) variance of the matching estimator of the ATT with replacement: the treated's squared
    deviations plus, for each comparison used by several treated, (W² − Σw²)·σ², σ² estimated from the comparison's
    nearest other comparison (J = 1). The propensity score is taken as known."""
    from sklearn.neighbors import NearestNeighbors

    n1 = int(mt.matched.sum())
    dev = yt[mt.matched] - mt.y0[mt.matched] - att
    total = float((dev * dev).sum())
    used = np.flatnonzero(mt.w > 0)
    if len(lc) > 1 and len(used):
        nn = NearestNeighbors(n_neighbors=2, algorithm="kd_tree").fit(lc[:, None])
        _, ind = nn.kneighbors(lc[used][:, None])
        other = np.where(ind[:, 0] == used, ind[:, 1], ind[:, 0])
        sigma2 = (yc[used] - yc[other]) ** 2 / 2
        total += float(((mt.w[used] ** 2 - mt.q[used]) * sigma2).sum())
    return math.sqrt(total) / n1


def estimate_effect(frame: pd.DataFrame, *, treated: str, outcome: str, covariates: Sequence[str],
                    method: str = "psm", caliper_sd: float = 0.2, neighbours: int = 4,
                    se_method: SeMethod = "abadie-imbens", bootstrap: int = 200, seed: int = DEFAULT_SEED,
                    min_treated: int = 30, min_matched_share: float = 0.5,
                    labels: Mapping[str, tuple[str, str]] | None = None,
                    level_labels: Mapping[str, Mapping[str, tuple[str, str]]] | None = None) -> Estimate:
    """The effect of `treated` (bool column) on `outcome` (0/1 or bool column) among the treated, by
    propensity-score matching on `covariates` (numeric or bool columns as they are, other columns as categories).

    Rows with a missing value in a used column are left out (counted in `context["dropped_missing"]`). Refused
    (ok False) with fewer than `min_treated` participants, no comparison, or when fewer than `min_treated` or
    `min_matched_share` of the participants find a comparison within the caliper (no overlap), or when everyone
    has the same outcome (nothing to compare: e.g. no employment records in). `labels` name the
    covariates in Korean and English ({"age": ("나이", "age")}), `level_labels` the levels of a categorical one."""
    if method != "psm":
        raise ValueError(f"unknown method {method!r}: only propensity-score matching ('psm') is implemented")
    if se_method not in ("bootstrap", "abadie-imbens"):
        raise ValueError(f"unknown se_method {se_method!r}")
    labels = labels or {}
    level_labels = level_labels or {}
    used = [treated, outcome, *covariates]
    data = frame.loc[:, used].dropna()
    dropped = len(frame) - len(data)
    t = data[treated].to_numpy(dtype=bool)
    y = data[outcome].to_numpy(dtype=np.float64)
    n_t, n_c = int(t.sum()), int((~t).sum())
    common: dict[str, Any] = {"method": method, "se_method": se_method, "neighbours": neighbours, "seed": seed,
                              "n_treated": n_t, "n_pool": n_c, "context": {"dropped_missing": dropped}}
    if n_t:
        common["raw_treated_rate_pct"] = 100 * float(y[t].mean())
    if n_c:
        common["raw_pool_rate_pct"] = 100 * float(y[~t].mean())
    if n_t and n_c:
        common["raw_difference_pp"] = common["raw_treated_rate_pct"] - common["raw_pool_rate_pct"]
    if n_t < min_treated:
        return _refuse("too_few_treated",
                       f"참여자가 {n_t:,}명으로 {min_treated}명보다 적어 믿을 만한 추정이 되지 않습니다.",
                       f"{n_t:,} participant{'' if n_t == 1 else 's'}, fewer than {min_treated}: too few for a "
                       "reliable estimate.",
                       **common)
    if n_c < min_treated:
        return _refuse("too_few_comparisons",
                       f"비교할 비참여자가 {n_c:,}명으로 {min_treated}명보다 적습니다.",
                       f"{n_c:,} non-participants to compare with, fewer than {min_treated}.", **common)

    if y.min() == y.max():
        return _refuse("no_outcome_variation",
                       f"참여자와 비교 후보 {n_t + n_c:,}명의 결과가 모두 같아({'모두 해당' if y[0] else '해당자 없음'}) "
                       "비교할 차이가 없습니다. 결과 자료(취업 기록)가 들어와 있는지 확인하세요.",
                       f"All {n_t + n_c:,} participants and comparisons have the same outcome "
                       f"({'all yes' if y[0] else 'none'}): nothing to compare. Check that the outcome records "
                       "(employment records) are in.", **common)

    design = _design(data, covariates)
    x = design.x
    logit, model = _logit(x, t.astype(int))
    lt, lc = logit[t], logit[~t]
    yt, yc = y[t], y[~t]
    mt = _match(lt, lc, yc, caliper_sd, neighbours)
    n_m = int(mt.matched.sum())

    balance = []
    for cov, level, v in design.bal:
        vt, vc = v[t], v[~t]
        sd = math.sqrt((vt.var(ddof=1) + vc.var(ddof=1)) / 2) if min(len(vt), len(vc)) > 1 else 0.0
        ko, en = labels.get(cov, (cov, cov))
        if level is not None:
            lko, len_ = level_labels.get(cov, {}).get(level, (level, level))
            ko, en = f"{ko}: {lko}", f"{en}: {len_}"
        after = _smd(vt[mt.matched], vc, mt.w, sd) if n_m else None
        balance.append(Balance(cov, level, ko, en, _smd(vt, vc, None, sd), after))
    common["balance"] = tuple(balance)
    common["caliper"] = mt.caliper

    if n_m < min_treated or n_m < min_matched_share * n_t:
        return _refuse("no_overlap",
                       f"참여자 {n_t:,}명 중 비슷한 비참여자를 찾은 사람이 {n_m:,}명뿐이라(겹침 부족) 비교할 수 없습니다.",
                       f"Only {n_m:,} of {n_t:,} participants have a similar non-participant (too little overlap): "
                       "no fair comparison.", n_treated_matched=n_m, **common)

    att = float((yt[mt.matched] - mt.y0[mt.matched]).mean())
    reps = 0
    if se_method == "bootstrap":
        rng = np.random.default_rng(seed)
        idx_t, idx_c = np.flatnonzero(t), np.flatnonzero(~t)
        draws = []
        for _ in range(bootstrap):
            bt = rng.choice(idx_t, size=len(idx_t), replace=True)
            bc = rng.choice(idx_c, size=len(idx_c), replace=True)
            rows = np.concatenate([bt, bc])
            tb = np.concatenate([np.ones(len(bt), dtype=int), np.zeros(len(bc), dtype=int)])
            lb, model = _logit(x[rows], tb, model)
            mb = _match(lb[: len(bt)], lb[len(bt):], y[bc], caliper_sd, neighbours)
            if mb.matched.any():
                draws.append(float((y[bt][mb.matched] - mb.y0[mb.matched]).mean()))
        reps = len(draws)
        se = float(np.std(draws, ddof=1)) if reps > 1 else math.nan
    else:
        se = _ai_se(lt, lc, yt, yc, mt, att)

    effect, se_pp = 100 * att, 100 * se
    caveat_ko, caveat_en = _caveat(n_t, n_m, effect - Z95 * se_pp, effect + Z95 * se_pp, balance)
    return Estimate(
        ok=True, effect_pp=effect, se_pp=se_pp, ci_low_pp=effect - Z95 * se_pp, ci_high_pp=effect + Z95 * se_pp,
        n_treated_matched=n_m, n_comparison_matched=int((mt.w > 0).sum()),
        treated_rate_pct=100 * float(yt[mt.matched].mean()),
        comparison_rate_pct=100 * float(np.average(yc, weights=mt.w)), bootstrap=reps,
        caveat_ko=caveat_ko, caveat_en=caveat_en, **common)


CAVEAT_KO = ("관찰 자료에 의한 추정으로, 매칭에 쓰지 않은 차이(의욕, 학력, 건강 등)가 결과를 바꿀 수 있습니다.")
CAVEAT_EN = ("An estimate from observational records: differences not used in the matching (motivation, "
             "education, health and the like) may change the result.")


def _caveat(n_t: int, n_m: int, low: float, high: float, balance: Sequence[Balance]) -> tuple[str, str]:
    ko, en = [CAVEAT_KO], [CAVEAT_EN]
    if low <= 0 <= high:
        ko.append("95% 구간이 0을 포함하므로 효과가 있다고 말할 수 없습니다.")
        en.append("The 95% interval includes 0: the records do not show an effect.")
    if n_m < n_t:
        ko.append(f"비슷한 비참여자가 없는 참여자 {n_t - n_m:,}명은 빼고 추정했습니다.")
        en.append(f"{n_t - n_m:,} participant without a similar non-participant was left out." if n_t - n_m == 1 else
                  f"{n_t - n_m:,} participants without a similar non-participant were left out.")
    off = [b for b in balance if b.after is not None and abs(b.after) > 0.1]
    if off:
        ko.append("매칭 뒤에도 차이가 남은 항목: " + ", ".join(b.label_ko for b in off) + ".")
        en.append("Still different after matching: " + ", ".join(b.label_en for b in off) + ".")
    return " ".join(ko), " ".join(en)


# --------------------------------------------------------------------------------------------------------------
# Words


def _pp(v: float) -> str:
    return f"{v:+.1f}"


def effect_words(e: Estimate, lang: str = "ko") -> str:
    """One sentence, e.g. "참여자 312명, 비교 집단 1,208명 매칭: 6개월 내 민간 취업률 효과 +7.9%p (95% 구간
    +3.1~+12.6%p). 관찰 자료에 의한 추정으로, ...". A refusal says why."""
    if lang == "en":
        if not e.ok:
            return f"No effect estimate: {e.reason_en}"
        return (f"{e.n_treated_matched:,} participants matched with {e.n_comparison_matched:,} comparisons: "
                f"effect on the {e.outcome_en} {_pp(e.effect_pp or 0)} pp (95% interval {_pp(e.ci_low_pp or 0)} to "
                f"{_pp(e.ci_high_pp or 0)} pp). {e.caveat_en}")
    if not e.ok:
        return f"효과 추정 없음: {e.reason_ko}"
    return (f"참여자 {e.n_treated_matched:,}명, 비교 집단 {e.n_comparison_matched:,}명 매칭: {e.outcome_ko} 효과 "
            f"{_pp(e.effect_pp or 0)}%p (95% 구간 {_pp(e.ci_low_pp or 0)}~{_pp(e.ci_high_pp or 0)}%p). {e.caveat_ko}")


# --------------------------------------------------------------------------------------------------------------
# The frame from the database

LABELS: dict[str, tuple[str, str]] = {
    "age": ("참여 종료 때 나이", "age at the end"),
    "sex": ("성별", "sex"),
    "district": ("자치구", "district"),
    "employed_before": ("시작 전 12개월 민간 취업", "private job in the 12 months before the start"),
    "earlier_participations": ("시작 전 3년 참여 횟수", "participations in the 3 years before the start"),
}
COVARIATES = ("age", "sex", "district", "employed_before", "earlier_participations")
SEX_LABELS = {"M": ("남", "male"), "F": ("여", "female"), "": ("미상", "unknown")}
PARTICIPATION_KINDS = ("paid", "training")  # what counts as an earlier participation
EARLIER_YEARS = 3
EARLIER_CAP = 5  # 5 or more earlier participations count as 5
_CHUNK = 2000


@functools.lru_cache(maxsize=65536)
def _add_months(d: dt.date, months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return d + relativedelta(months=months)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    ids = list(ids)
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


@dataclass
class ProgramFrame:
    """The units of one program's estimate: one row per participant (treated) or sampled comparison (cluster,
    treated, start, end, the covariates, `outcome`), the labels of the categorical levels, and what was left out."""

    frame: pd.DataFrame
    level_labels: dict[str, dict[str, tuple[str, str]]]
    context: dict[str, Any]


def program_frame(program: Program, year: int, *, as_of: dt.date | None = None, window_months: int = 6,
                  pool_size: int = 5000, seed: int = DEFAULT_SEED) -> ProgramFrame:
    """The participants of `program` whose participation ended in `year` and a comparison pool from the registry.

    A participant is one human (the registry's cluster): their benefit records of the program that overlap the year,
    from the earliest start to the latest end; they count when that end falls in the year and the outcome window
    (`window_months` after it) has passed by `as_of` — as the indicator "employed within 6 months".

    The comparison pool: the other humans of the person registry (applicants, list participants, job seekers,
    subsidy workers, bookers) with no record of the program overlapping the year; a seeded sample of at most
    `pool_size`. Each is given the (start, end) of a participant drawn at random (seeded), so the pool has the
    participants' calendar of end dates, and everything is measured from those dates alike for both groups.

    Both groups leave out who was, on the (pseudo) start day, in a private job or in another paid participation
    (not in the situation of someone entering the program), and who has no birth date.

    Covariates: age at the end, sex, district, a private job in the 12 months before the start, participations (paid
    or training) that ended in the 3 years before the start (5 or more as 5). Outcome: a private employment episode
    starting after the end and within `window_months` months."""
    from django.db.models import BigIntegerField
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from iljari.orgs.models import OrgUnit
    from iljari.outcomes.models import EmploymentEpisode
    from iljari.people.models import BenefitRecord, Person

    as_of = as_of or timezone.localdate()
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    own = pd.DataFrame(
        list(BenefitRecord.objects.filter(program=program, start__lte=dec31, end__gte=jan1)
             .annotate(unit=Coalesce("person__cluster_id", "person_id", output_field=BigIntegerField())).values_list("unit", "start", "end")),
        columns=["unit", "start", "end"])
    spells = (own.groupby("unit").agg(start=("start", "min"), end=("end", "max")).reset_index()
              if len(own) else pd.DataFrame(columns=["unit", "start", "end"]))
    ended = spells[(spells["end"] >= jan1) & (spells["end"] <= dec31)] if len(spells) else spells
    closed = ended[[_add_months(e, window_months) <= as_of for e in ended["end"]]] if len(ended) else ended
    treated = closed.sort_values("unit").reset_index(drop=True)
    context: dict[str, Any] = {
        "program": program.code, "year": year, "as_of": as_of, "window_months": window_months, "pool": "registry",
        "participants_ended": len(ended), "window_open": len(ended) - len(treated), "seed": seed,
    }

    everyone = np.unique(np.fromiter(
        Person.objects.annotate(unit=Coalesce("cluster_id", "id", output_field=BigIntegerField())).values_list("unit", flat=True), dtype=np.int64))
    candidates = np.setdiff1d(everyone, own["unit"].to_numpy(np.int64))
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(candidates, size=min(pool_size, len(candidates)), replace=False)) \
        if len(candidates) and len(treated) else np.array([], dtype=np.int64)
    context["pool_candidates"], context["pool_sampled"] = len(candidates), len(sample)
    pick = rng.integers(0, len(treated), size=len(sample)) if len(treated) else np.array([], dtype=np.int64)
    pool = pd.DataFrame({"unit": sample, "start": treated["start"].to_numpy()[pick] if len(sample) else [],
                         "end": treated["end"].to_numpy()[pick] if len(sample) else []})
    units = pd.concat([treated.assign(treated=True), pool.assign(treated=False)], ignore_index=True)
    units["unit"] = units["unit"].astype(np.int64)

    # the units' persons (a cluster's first known birth date, sex and district, by person id), records, episodes
    ids = units["unit"].astype(np.int64).tolist()
    people: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        people += Person.objects.filter(cluster_id__in=chunk).values_list(
            "id", "cluster_id", "birth_date", "sex", "district__code")
        people += Person.objects.filter(cluster_id__isnull=True, id__in=chunk).values_list(
            "id", "id", "birth_date", "sex", "district__code")
    persons = pd.DataFrame(people, columns=["person", "unit", "birth_date", "sex", "district"]).sort_values("person")
    persons["sex"] = persons["sex"].mask(persons["sex"] == "")  # unknown: the next record of the cluster may say
    first = persons.groupby("unit")[["birth_date", "sex", "district"]].first()
    unit_of = dict(zip(persons["person"].tolist(), persons["unit"].tolist(), strict=True))
    records: list[tuple[Any, ...]] = []
    episodes: list[tuple[Any, ...]] = []
    for chunk in _chunks(list(unit_of)):
        records += BenefitRecord.objects.filter(person_id__in=chunk).values_list(
            "person_id", "program_id", "kind", "start", "end")
        episodes += EmploymentEpisode.objects.filter(person_id__in=chunk, private=True).values_list(
            "person_id", "start", "end")
    recs = pd.DataFrame(records, columns=["person", "program", "kind", "start", "end"])
    recs["unit"] = recs["person"].map(unit_of).astype(np.int64)
    mine = (recs["program"] == program.pk) & (recs["start"] <= dec31) & (recs["end"] >= jan1)
    recs = recs[~mine]  # the participation evaluated is not "another" one
    eps = pd.DataFrame(episodes, columns=["person", "start", "end"])
    eps["unit"] = eps["person"].map(unit_of).astype(np.int64)

    u = units.join(first, on="unit")
    u["start"], u["end"] = pd.to_datetime(u["start"]), pd.to_datetime(u["end"])
    birth = pd.to_datetime(u["birth_date"])
    end = u["end"]
    before_birthday = (end.dt.month < birth.dt.month) | ((end.dt.month == birth.dt.month) & (end.dt.day < birth.dt.day))
    u["age"] = (end.dt.year - birth.dt.year - before_birthday.astype(int)).astype("float64")
    u["sex"] = u["sex"].fillna("")
    u["district"] = u["district"].fillna("")
    limit = {d: _add_months(d, window_months) for d in set(units["end"].tolist())}
    u["limit"] = pd.to_datetime(units["end"].map(limit))
    u["year_before"] = pd.to_datetime([_add_months(d, -12) for d in units["start"]]) if len(units) else u["start"]
    u["years_before"] = pd.to_datetime([_add_months(d, -12 * EARLIER_YEARS) for d in units["start"]]) \
        if len(units) else u["start"]

    far = pd.Timestamp("2200-12-31")  # an open episode (within datetime64[ns])
    e = u[["unit", "start", "end", "limit", "year_before"]].reset_index().merge(
        eps.assign(ep_start=pd.to_datetime(eps["start"]), ep_end=pd.to_datetime(eps["end"]).fillna(far))[
            ["unit", "ep_start", "ep_end"]], on="unit")
    at_start = e[(e["ep_start"] <= e["start"]) & (e["ep_end"] >= e["start"])]["index"]
    before = e[(e["ep_start"] < e["start"]) & (e["ep_end"] >= e["year_before"])]["index"]
    after = e[(e["ep_start"] > e["end"]) & (e["ep_start"] <= e["limit"])]["index"]
    r = u[["unit", "start", "years_before"]].reset_index().merge(
        recs.assign(r_start=pd.to_datetime(recs["start"]), r_end=pd.to_datetime(recs["end"]))[
            ["unit", "kind", "r_start", "r_end"]], on="unit")
    busy = r[(r["kind"] == "paid") & (r["r_start"] <= r["start"]) & (r["r_end"] >= r["start"])]["index"]
    earlier = r[r["kind"].isin(PARTICIPATION_KINDS) & (r["r_end"] < r["start"]) & (r["r_end"] >= r["years_before"])]
    u["employed_before"] = u.index.isin(before).astype(int)
    u["earlier_participations"] = earlier.groupby("index").size().reindex(u.index, fill_value=0).clip(
        upper=EARLIER_CAP).astype("float64")
    u["outcome"] = u.index.isin(after).astype(int)

    excluded: dict[str, dict[str, int]] = {}
    drop = np.zeros(len(u), dtype=bool)
    for why, mask in (("no_birth_date", u["birth_date"].isna().to_numpy()),
                      ("employed_at_start", u.index.isin(at_start)),
                      ("other_participation_at_start", u.index.isin(busy))):
        new = mask & ~drop
        excluded[why] = {"treated": int((new & u["treated"].to_numpy()).sum()),
                         "pool": int((new & ~u["treated"].to_numpy()).sum())}
        drop |= mask
    context["excluded"] = excluded
    u = u[~drop].reset_index(drop=True)
    frame = u[["unit", "treated", "start", "end", *COVARIATES, "outcome"]].copy()
    frame["start"], frame["end"] = frame["start"].dt.date, frame["end"].dt.date

    codes = sorted(c for c in set(frame["district"].tolist()) if c)
    names = {o.code: (o.name_ko, o.name_en or o.name_ko) for o in OrgUnit.objects.filter(code__in=codes)}
    districts = {c: names.get(c, (c, c)) for c in codes} | {"": ("미상", "unknown")}
    return ProgramFrame(frame=frame, level_labels={"sex": SEX_LABELS, "district": districts}, context=context)


def program_effect(program: Program | str, year: int, *, as_of: dt.date | None = None, window_months: int = 6,
                   pool_size: int = 5000, seed: int = DEFAULT_SEED, neighbours: int = 4,
                   se_method: SeMethod = "abadie-imbens", bootstrap: int = 200) -> Estimate:
    """The effect of `program` (a Program or its code) on its participants whose participation ended in `year`:
    the share who started a private-sector job within `window_months` months, against matched people of the
    registry (`program_frame`, `estimate_effect`). Stable interface for the pages: an `Estimate` (check `ok`;
    `effect_words(e, "ko")` says it in a sentence; `e.context` says the program, year, as-of day, pool and who was
    left out). Reads the whole registry and returns aggregates only (no person); a few hundred milliseconds for a
    pool of 5,000 with the default Abadie-Imbens error (the bootstrap takes seconds)."""
    from iljari.programs.models import Program

    if isinstance(program, str):
        program = Program.objects.get(code=program)
    pf = program_frame(program, year, as_of=as_of, window_months=window_months, pool_size=pool_size, seed=seed)
    if pf.context["participants_ended"] == 0:
        e = _refuse("no_participants", f"{year}년에 참여를 마친 사람이 이 사업의 참여자 명단(수혜 이력)에 없습니다.",
                    f"the program's participant list (benefit records) has no one whose participation ended in "
                    f"{year}.")
    else:
        e = estimate_effect(pf.frame, treated="treated", outcome="outcome", covariates=COVARIATES,
                            neighbours=neighbours, se_method=se_method, bootstrap=bootstrap, seed=seed,
                            labels=LABELS, level_labels=pf.level_labels)
    return dataclasses.replace(
        e, outcome_ko=f"{window_months}개월 내 민간 취업률",
        outcome_en=f"share in a private-sector job within {window_months} months",
        context={**pf.context, **e.context, "program_name_ko": program.name_ko,
                 "program_name_en": program.name_en or program.name_ko})
