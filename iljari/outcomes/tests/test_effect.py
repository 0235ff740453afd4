"""The effect estimate on generated data with a planted effect (issue 18 §3): participants are older and less
often employed before, so the raw difference in employment within 6 months is far below the planted effect; the
matching estimate's 95% interval recovers it, and a null effect is not mistaken for one."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from iljari.outcomes.effect import Estimate, effect_words, estimate_effect

COVARIATES = ["age", "sex", "district", "prior"]


def expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def planted(n: int = 4000, effect: float = 0.08, seed: int = 1) -> pd.DataFrame:
    """n people; who takes part depends on age (older), prior employment (less) and sex; the chance of a job within
    6 months on prior employment (more), age (less) and district. Taking part adds exactly `effect` to that
    chance, so the effect on the participants is `effect` × 100 percentage points."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 65, n).round()
    sex = rng.choice(["M", "F"], n)
    district = rng.choice(["A", "B", "C", "D", "E"], n)
    prior = rng.random(n) < expit(0.8 - 0.06 * (age - 40))
    treated = rng.random(n) < expit(-2.0 + 0.06 * (age - 40) - 1.5 * prior + 0.3 * (sex == "F"))
    p0 = np.minimum(expit(-0.6 + 1.3 * prior - 0.04 * (age - 40) + 0.2 * (district == "A")), 0.9)
    u = rng.random(n)
    employed = np.where(treated, u < p0 + effect, u < p0)
    return pd.DataFrame({"treated": treated, "employed": employed.astype(int), "age": age, "sex": sex,
                         "district": district, "prior": prior})


def estimate(frame: pd.DataFrame, **kw) -> Estimate:  # type: ignore[no-untyped-def]
    return estimate_effect(frame, treated="treated", outcome="employed", covariates=COVARIATES,
                           labels={"age": ("나이", "age"), "prior": ("이전 취업", "employed before")}, **kw)


def test_a_planted_effect_of_8_points_is_inside_the_interval_and_the_raw_difference_is_not():
    e = estimate(planted())
    assert e.ok and e.method == "psm" and e.se_method == "abadie-imbens" and e.neighbours == 4
    assert (e.n_treated, e.n_pool, e.n_treated_matched, e.n_comparison_matched) == (456, 3544, 456, 937)
    assert e.ci_low_pp < 8 < e.ci_high_pp
    assert (round(e.effect_pp, 1), round(e.ci_low_pp, 1), round(e.ci_high_pp, 1)) == (9.4, 4.0, 14.8)
    # the naive comparison says participants do worse: confounding by age and prior employment
    assert e.raw_difference_pp < -10 and not e.ci_low_pp <= e.raw_difference_pp <= e.ci_high_pp
    assert e.treated_rate_pct - e.comparison_rate_pct == pytest.approx(e.effect_pp)
    assert e.significant
    one = estimate(planted(), neighbours=1)  # one nearest neighbour: noisier, still around the planted 8
    assert one.ok and one.ci_low_pp < 8 < one.ci_high_pp and one.se_pp > e.se_pp


def test_matching_balances_the_confounders():
    e = estimate(planted())
    by = {(b.covariate, b.level): b for b in e.balance}
    assert by[("age", None)].before > 0.5 and by[("prior", None)].before < -0.5  # older, less often employed
    assert all(abs(b.after) < 0.1 for b in e.balance)
    assert by[("age", None)].label_ko == "나이" and by[("sex", "F")].label_ko == "sex: F"
    assert "매칭 뒤에도 차이가 남은" not in e.caveat_ko


def test_the_bootstrap_recovers_it_too_with_a_fixed_seed():
    frame = planted(n=1500, seed=3)
    e = estimate(frame, se_method="bootstrap", bootstrap=60)
    assert e.ok and e.se_method == "bootstrap" and e.bootstrap == 60
    assert e.ci_low_pp < 8 < e.ci_high_pp
    assert estimate(frame, se_method="bootstrap", bootstrap=60) == e  # same seed, same figures
    ai = estimate(frame)
    assert ai.effect_pp == e.effect_pp and 0.7 < e.se_pp / ai.se_pp < 1.5


def test_the_stated_interval_covers_the_planted_effect_about_95_times_in_100():
    """40 generated worlds of 1,500 people (about 170 participants each): the 95% interval holds the planted 8
    points in 35 (88%). Over 300 worlds it held it in 282 (94%), and in 289 of 300 worlds of 3,000 people (96%),
    the estimates averaging 7.9 and 7.8 with a spread (4.6, 3.1) equal to the stated error (4.6, 3.3)."""
    hits = []
    for seed in range(100, 140):
        e = estimate(planted(n=1500, seed=seed))
        hits.append(e.ci_low_pp <= 8 <= e.ci_high_pp)
    assert sum(hits) >= 34  # 35 today; a badly understated error would fall far below


def test_a_null_effect_gives_an_interval_around_0_and_says_so():
    e = estimate(planted(effect=0.0, seed=2))
    assert e.ok and e.ci_low_pp < 0 < e.ci_high_pp and not e.significant
    assert e.raw_difference_pp < -10  # the naive comparison would call it harmful
    assert "95% 구간이 0을 포함하므로 효과가 있다고 말할 수 없습니다." in e.caveat_ko
    assert "The 95% interval includes 0" in e.caveat_en


def test_too_few_participants_is_a_refusal_with_a_reason_not_an_error():
    frame = planted(seed=4)
    few = pd.concat([frame[frame["treated"]].head(20), frame[~frame["treated"]]])
    e = estimate(few)
    assert not e.ok and e.reason == "too_few_treated" and e.effect_pp is None and e.n_treated == 20
    assert effect_words(e) == "효과 추정 없음: 참여자가 20명으로 30명보다 적어 믿을 만한 추정이 되지 않습니다."
    assert effect_words(e, "en") == ("No effect estimate: 20 participants, fewer than 30: too few for a reliable "
                                     "estimate.")


def test_no_overlap_is_a_refusal():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"treated": [True] * 60 + [False] * 300,
                          "age": np.r_[rng.uniform(60, 70, 60), rng.uniform(20, 30, 300)].round(),
                          "sex": "F", "district": "A", "prior": np.r_[np.zeros(60), np.ones(300)],
                          "employed": rng.integers(0, 2, 360)})
    e = estimate(frame)
    assert not e.ok and e.reason == "no_overlap" and e.n_treated_matched < 30
    assert "비슷한 비참여자를 찾은 사람이" in e.reason_ko and e.balance  # the balance says why


def test_an_outcome_the_same_for_everyone_is_a_refusal():
    frame = planted(seed=7).assign(employed=0)  # e.g. no employment records came in
    e = estimate(frame)
    assert not e.ok and e.reason == "no_outcome_variation"
    assert e.reason_ko == ("참여자와 비교 후보 4,000명의 결과가 모두 같아(해당자 없음) 비교할 차이가 없습니다. 결과 "
                           "자료(취업 기록)가 들어와 있는지 확인하세요.")


def test_the_sentence_in_korean_and_english():
    e = estimate(planted())
    assert effect_words(e) == (
        "참여자 456명, 비교 집단 937명 매칭: 취업률 효과 +9.4%p (95% 구간 +4.0~+14.8%p). 관찰 자료에 의한 "
        "추정으로, 매칭에 쓰지 않은 차이(의욕, 학력, 건강 등)가 결과를 바꿀 수 있습니다.")
    assert effect_words(e, "en") == (
        "456 participants matched with 937 comparisons: effect on the employment rate +9.4 pp (95% interval +4.0 "
        "to +14.8 pp). An estimate from observational records: differences not used in the matching (motivation, "
        "education, health and the like) may change the result.")


def test_rows_with_a_missing_value_are_left_out_and_counted():
    frame = planted(seed=6)
    frame.loc[:9, "age"] = np.nan
    e = estimate(frame)
    assert e.ok and e.context["dropped_missing"] == 10 and e.n_treated + e.n_pool == len(frame) - 10
    json.dumps(e.as_dict())  # plain types for the API


def test_only_propensity_score_matching_is_offered():
    with pytest.raises(ValueError, match="psm"):
        estimate(planted(n=500), method="did")
