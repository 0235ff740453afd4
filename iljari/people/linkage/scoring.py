"""Scoring a few new records against their candidates with a trained model, without building a Splink linker.

The incremental check (`service.persons_check`) must answer in well under a second, and building a Splink linker
costs most of a second however few the records. A trained model is plain data: for each comparison its levels,
each an SQL condition with m and u. This module evaluates exactly those conditions and the model's blocking rules
in one DuckDB query over the two small frames, then sums the weights as Splink does (match weight = log2 of the
prior odds + the sum over comparisons of log2(m/u) of the pair's level; a null level weighs nothing). The test
suite checks that it gives Splink's own probabilities.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

_SIDE = re.compile(r"\b([a-z][a-z0-9_]*?)_(l|r)\b")


def _duckdb_sql(sql: str) -> str:
    """A level condition as DuckDB SQL over the aliases l and r (name_jamo_l -> l.name_jamo)."""
    sql = sql.replace("size(array_intersect(", "len(list_intersect(")
    return _SIDE.sub(lambda m: f'{m.group(2)}."{m.group(1)}"', sql)


def _rule_sql(rule: Any) -> str:
    text = rule["blocking_rule"] if isinstance(rule, dict) else str(rule)
    return text.replace("size(array_intersect(", "len(list_intersect(")


def _levels(params: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(c["output_column_name"], c["comparison_levels"]) for c in params["comparisons"]]


def _labels(name: str, levels: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """gamma -> (Korean, English) words of a comparison's levels (the engine's LEVELS; else the chart label)."""
    from . import engine

    plain = [lv for lv in levels if not lv.get("is_null_level")]
    words = getattr(engine, "LEVELS", {}).get(name)
    out = {-1: getattr(engine, "NULL_LEVEL", ("정보 없음", "not known"))}
    for i, lv in enumerate(plain):
        gamma = len(plain) - 1 - i
        if words and len(words) == len(plain):
            out[gamma] = words[i]
        else:
            text = lv.get("label_for_charts") or lv["sql_condition"]
            out[gamma] = (text, text)
    return out


def score(new: pd.DataFrame, candidates: pd.DataFrame, params: dict[str, Any], *,
          threshold: float | None = 0.5, with_contributions: bool = True) -> pd.DataFrame:
    """Pairs (new record, candidate) that agree on a blocking rule, with Splink's probability and match weight, at or
    above `threshold`. Both frames are prepared (`engine.prepare`). unique_id_l < unique_id_r; a record is never
    paired with itself."""
    import duckdb

    from . import engine

    columns = ["unique_id_l", "unique_id_r", "probability", "match_weight"] + (
        ["contributions"] if with_contributions else [])
    if len(new) == 0 or len(candidates) == 0:
        return pd.DataFrame(columns=columns)
    comparisons = _levels(params)
    cases = []
    for name, levels in comparisons:
        whens = []
        plain = [lv for lv in levels if not lv.get("is_null_level")]
        for lv in levels:
            if lv.get("is_null_level"):
                whens.append(f"WHEN {_duckdb_sql(lv['sql_condition'])} THEN -1")
        for i, lv in enumerate(plain):
            gamma = len(plain) - 1 - i
            cond = lv["sql_condition"]
            whens.append(f"ELSE {gamma}" if cond.strip().upper() == "ELSE" else
                         f"WHEN {_duckdb_sql(cond)} THEN {gamma}")
        if not whens[-1].startswith("ELSE"):
            whens.append("ELSE 0")
        cases.append(f"CASE {' '.join(whens)} END AS \"g_{name}\"")
    rules = [_rule_sql(r) for r in params.get("blocking_rules_to_generate_predictions", [])] or ["1 = 1"]
    blocked = " UNION ".join(
        f"SELECT l.unique_id AS a, r.unique_id AS b FROM new_records l JOIN candidates r ON {rule} "
        f"WHERE l.unique_id <> r.unique_id" for rule in rules)
    sql = (f"WITH pairs AS ({blocked}) SELECT l.unique_id AS a, r.unique_id AS b, {', '.join(cases)} "
           f"FROM pairs JOIN new_records l ON l.unique_id = pairs.a JOIN candidates r ON r.unique_id = pairs.b")
    con = duckdb.connect()
    try:
        con.register("new_records", engine._for_backend(new, "duckdb") if hasattr(engine, "_for_backend") else new)
        con.register("candidates", engine._for_backend(candidates, "duckdb") if hasattr(engine, "_for_backend")
                     else candidates)
        result = con.execute(sql).df()
    finally:
        con.close()
    if len(result) == 0:
        return pd.DataFrame(columns=columns)
    lam = float(params.get("probability_two_random_records_match") or 1e-4)
    weight = np.full(len(result), math.log2(lam / (1 - lam)))
    per_field: list[tuple[str, np.ndarray, np.ndarray, dict[int, tuple[str, str]]]] = []
    for name, levels in comparisons:
        plain = [lv for lv in levels if not lv.get("is_null_level")]
        table = {-1: 0.0}
        for i, lv in enumerate(plain):
            m, u = lv.get("m_probability"), lv.get("u_probability")
            table[len(plain) - 1 - i] = math.log2(m / u) if m and u else 0.0
        gammas = result[f"g_{name}"].to_numpy(dtype="int64")
        w = np.array([table.get(int(g), 0.0) for g in gammas])
        weight += w
        per_field.append((name, gammas, w, _labels(name, levels)))
    prob = 1.0 / (1.0 + np.power(2.0, -weight))
    a = result["a"].to_numpy(dtype="int64")
    b = result["b"].to_numpy(dtype="int64")
    out = pd.DataFrame({"unique_id_l": np.minimum(a, b), "unique_id_r": np.maximum(a, b), "probability": prob,
                        "match_weight": weight})
    keep = np.ones(len(out), dtype=bool) if threshold is None else prob >= threshold
    if with_contributions:
        field_ko = getattr(engine, "FIELD_KO", {})
        contributions = []
        for k in np.flatnonzero(keep):
            contributions.append([{"field": field_ko.get(name, name), "level": labels[int(g[k])][0],
                                   "level_en": labels[int(g[k])][1], "weight": round(float(w[k]), 3)}
                                  for name, g, w, labels in per_field])
        out = out[keep].reset_index(drop=True)
        out["contributions"] = contributions
    else:
        out = out[keep].reset_index(drop=True)
    return out.drop_duplicates(["unique_id_l", "unique_id_r"]).reset_index(drop=True)
