"""The record-linkage engine: a Splink (Fellegi-Sunter) model for Korean person records.

Input frames have the columns ``unique_id`` (int), ``name``, ``birth_date`` (date or None), ``sex`` ('M', 'F',
''), ``phone``, ``address``, ``rrn_hash`` ('' when unknown). ``prepare`` derives the compared columns (jamo,
phone parts, address parts) in Python once, so the SQL that Splink runs (DuckDB or Spark) holds only equality,
``levenshtein`` and array-intersection tests: no Python functions inside the database.

Public functions: ``prepare``, ``settings``, ``train``, ``predict``, ``cluster``, ``match_new`` (with the reusable
``Matcher`` for many checks against one registry), ``blocking_recall`` and ``blocked_pairs``.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from copy import deepcopy
from typing import Any

import numpy as np
import pandas as pd
from django.utils import timezone

from iljari.people import normalise

logging.getLogger("splink").setLevel(logging.WARNING)

INPUT_COLUMNS = ("unique_id", "name", "birth_date", "sex", "phone", "address", "rrn_hash")

#: Probability at or above which two records are treated as one person and an alert goes straight to the
#: program officer (chosen on the Korean synthetic set, see docs/linkage.md).
ALERT_THRESHOLD = 0.95
#: Probability from which a pair goes to the review queue (the uncertain band is [REVIEW_THRESHOLD, ALERT_THRESHOLD)).
REVIEW_THRESHOLD = 0.5

#: Blocking rules: a pair is scored only if it agrees on at least one of these. All are equalities on columns
#: made by ``prepare`` (null never equals null), so they run as hash joins in DuckDB and Spark.
BLOCKING_RULES = (
    "l.rrn_hash = r.rrn_hash",
    "l.birth_date = r.birth_date and l.surname_jamo = r.surname_jamo",
    "l.birth_date = r.birth_date and l.given_jamo = r.given_jamo",
    "l.name_jamo = r.name_jamo and l.birth_year = r.birth_year",
    "l.name_jamo = r.name_jamo and l.addr_gu = r.addr_gu",
    "l.name_jamo = r.name_jamo and l.phone_last4 = r.phone_last4",
    "l.phone = r.phone",
    "l.birth_md = r.birth_md and l.phone_last4 = r.phone_last4",
    "l.addr_norm = r.addr_norm and l.surname_jamo = r.surname_jamo",
    "l.given_jamo = r.given_jamo and l.birth_md = r.birth_md and l.addr_gu = r.addr_gu",
    "l.surname_jamo = r.surname_jamo and l.birth_md = r.birth_md and l.addr_dong = r.addr_dong",
)

# --- labels of the comparison levels -------------------------------------------------------------------------------
# (comparison output name) -> list of (level label ko, level label en) in the order of the levels after the null level

LEVELS: dict[str, list[tuple[str, str]]] = {
    "name": [
        ("이름 자모 같음", "name jamo identical"),
        ("자모 1자 차이", "one jamo different"),
        ("생년월일 같은데 이름 다름(쌍둥이·형제 유형)", "same birth date, name further apart (twins, siblings)"),
        ("자모 2자 차이", "two jamo different, same surname"),
        ("성만 같음", "same surname only"),
        ("성 다름", "different surname"),
    ],
    "birth_date": [
        ("생년월일 같음", "birth date identical"),
        ("생년월일 일·월 뒤바뀜", "day and month transposed"),
        ("생년 1년 차이", "year off by one"),
        ("생년월일 다름", "birth date different"),
    ],
    "phone": [
        ("전화 같음", "phone identical"),
        ("전화 뒷자리 같음", "same last four digits"),
        ("전화 가운데 자리 같음", "same middle part"),
        ("전화 다름", "phone different"),
    ],
    "address": [
        ("주소 같음", "address identical"),
        ("같은 건물", "same building, unit differs"),
        ("주소 토큰 대부분 같음", "most address tokens shared"),
        ("같은 동", "same dong"),
        ("같은 구", "same district (gu)"),
        ("주소 다름", "address different"),
    ],
    "sex": [
        ("성별 같음", "sex identical"),
        ("성별 다름", "sex different"),
    ],
    "rrn_hash": [
        ("주민번호 해시 같음", "resident-number hash identical"),
        ("주민번호 해시 다름", "resident-number hash different"),
    ],
}
#: Starting m probabilities (share of true matches at each level); EM re-estimates every level it observes.
M_PRIORS = {
    "name": [0.85, 0.1, 0.002, 0.003, 0.002, 0.001],
    "birth_date": [0.9, 0.03, 0.03, 0.04],
    "phone": [0.7, 0.08, 0.005, 0.2],
    "address": [0.5, 0.05, 0.05, 0.05, 0.1, 0.25],
    "sex": [0.99, 0.01],
    "rrn_hash": [0.99, 0.01],
}
#: u of the name level "same birth date, name further apart": the share of DIFFERENT people born on the same day
#: whose names are two or more jamo apart. It is conditional on the birth dates agreeing, so that the birth-date
#: and name weights multiply correctly (P(name, date) = P(date) P(name | date)); sampling random pairs would
#: make it tiny and turn twins into matches. ``train`` measures it; this is the fallback.
TWIN_U_DEFAULT = 0.99
NULL_LEVEL = ("정보 없음", "not known on both")
FIELD_KO = {"name": "이름", "birth_date": "생년월일", "phone": "전화", "address": "주소", "sex": "성별",
            "rrn_hash": "주민번호 해시"}


# --- preparation --------------------------------------------------------------------------------------------------

def _blank_to_none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _date_string(value: Any) -> str | None:
    value = _blank_to_none(value)
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _swapped(date_text: str | None) -> str | None:
    if not date_text:
        return None
    year, month, day = date_text.split("-")
    if month == day or int(day) > 12:
        return None
    return f"{year}-{day}-{month}"


#: Above this many distinct values the parsing is spread over the machine's cores (fork).
PARALLEL_FROM = 100_000


def _apply_chunk(args: tuple) -> list:
    fn, chunk = args
    return [fn(v) for v in chunk]


def _per_unique(values: pd.Series, fn) -> list:
    """fn applied once per distinct value (names, dates and addresses repeat), mapped back to every row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    uniques = list(uniques)
    workers = os.cpu_count() or 1
    if len(uniques) >= PARALLEL_FROM and workers > 1:
        import multiprocessing

        size = -(-len(uniques) // (workers * 4))
        chunks = [(fn, uniques[i:i + size]) for i in range(0, len(uniques), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = [r for part in pool.map(_apply_chunk, chunks) for r in part]
    else:
        results = [fn(v) for v in uniques]
    return [results[c] for c in codes]


def _name_parts(name: str) -> tuple[str | None, str | None, str | None]:
    sur, giv = normalise.split_name(name)
    return (normalise.name_jamo(name) or None, normalise.name_jamo(sur) or None, normalise.name_jamo(giv) or None)


def _date_parts(value: Any) -> tuple[str | None, str | None, int | None, str | None]:
    text = _date_string(value)
    if not text:
        return None, None, None, None
    return text, _swapped(text), int(text[:4]), text[5:]


def _phone_parts(raw: str) -> tuple[str | None, str | None, str | None]:
    digits = normalise.phone_digits(raw)
    mid, last = normalise.phone_parts(raw)
    return (digits if len(digits) >= 7 else None), (mid or None), (last or None)


_NO_ADDRESS = (None, None, None, None, None)


def _address_parts(raw: str) -> tuple:
    if not raw.strip():
        return _NO_ADDRESS
    p = normalise.address_parts(raw)
    building = (("R:" if p["kind"] == "road" else "L:") + p["building"]) if p["kind"] else None
    return (
        p["norm"] or None,
        (p["gu"] + " " + building) if building else None,
        (p["gu"] + " " + p["dong"]) if p["dong"] else None,
        p["gu"] or None,
        normalise.address_tokens(raw, p) or None,
    )


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """The compared columns derived from an input frame (one row per record, ``unique_id`` kept).

    Unknown values become None (null): Splink's null level, never a mismatch. Each distinct name, date, phone
    and address is normalised once.
    """
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"input frame lacks columns: {', '.join(missing)}")
    names = _per_unique(frame["name"].fillna("").astype(str), _name_parts)
    dates = _per_unique(frame["birth_date"].astype(object), _date_parts)
    phones = _per_unique(frame["phone"].fillna("").astype(str), _phone_parts)
    addresses = _per_unique(frame["address"].fillna("").astype(str), _address_parts)
    sexes = frame["sex"].fillna("").astype(str).str.strip().str.upper()
    rrn = frame["rrn_hash"].fillna("").astype(str).str.strip()

    def col(rows: list, i: int) -> list:
        return [r[i] for r in rows]

    return pd.DataFrame({
        "unique_id": frame["unique_id"].astype("int64").to_numpy(),
        "name_jamo": col(names, 0),
        "surname_jamo": col(names, 1),
        "given_jamo": col(names, 2),
        "birth_date": col(dates, 0),
        "birth_swapped": col(dates, 1),
        "birth_year": pd.array(col(dates, 2), dtype="Int64"),
        "birth_md": col(dates, 3),
        "sex": sexes.where(sexes.isin(["M", "F"]), None).astype(object).to_numpy(),
        "phone": col(phones, 0),
        "phone_mid": col(phones, 1),
        "phone_last4": col(phones, 2),
        "addr_norm": col(addresses, 0),
        "addr_building": col(addresses, 1),
        "addr_dong": col(addresses, 2),
        "addr_gu": col(addresses, 3),
        "addr_tokens": col(addresses, 4),
        "rrn_hash": rrn.where(rrn != "", None).astype(object).to_numpy(),
    })


def _is_prepared(frame: pd.DataFrame) -> bool:
    return "name_jamo" in frame.columns


# --- the model ----------------------------------------------------------------------------------------------------

def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _null(*cols: str) -> dict[str, Any]:
    cond = " or ".join(f"{c}_l is null or {c}_r is null" for c in cols)
    return _level(cond, "null", is_null_level=True)


def _comparisons() -> list[dict[str, Any]]:
    def labelled(name: str, conditions: list[str], null_cols: Sequence[str],
                 conditional: dict[int, str] | None = None) -> dict[str, Any]:
        levels = [_null(*null_cols)]
        for i, ((_ko, en), cond, m) in enumerate(zip(LEVELS[name], conditions, M_PRIORS[name], strict=True)):
            extra: dict[str, Any] = {"m_probability": m}
            if conditional and i in conditional:
                # u of this level is conditional (see train): fixed, not sampled from random pairs
                extra.update(u_probability=TWIN_U_DEFAULT, fix_u_probability=True)
            levels.append(_level(cond, en, **extra))
        return {"output_column_name": name, "comparison_description": FIELD_KO[name], "comparison_levels": levels}

    return [
        labelled("name", [
            "name_jamo_l = name_jamo_r",
            "levenshtein(name_jamo_l, name_jamo_r) <= 1",
            "birth_date_l = birth_date_r",
            "levenshtein(name_jamo_l, name_jamo_r) <= 2 and surname_jamo_l = surname_jamo_r",
            "surname_jamo_l = surname_jamo_r",
            "ELSE",
        ], ["name_jamo"], conditional={2: "twin"}),
        labelled("birth_date", [
            "birth_date_l = birth_date_r",
            "birth_date_l = birth_swapped_r",
            "birth_md_l = birth_md_r and abs(birth_year_l - birth_year_r) = 1",
            "ELSE",
        ], ["birth_date"]),
        labelled("phone", [
            "phone_l = phone_r",
            "phone_last4_l = phone_last4_r",
            "phone_mid_l = phone_mid_r",
            "ELSE",
        ], ["phone"]),
        labelled("address", [
            "addr_norm_l = addr_norm_r",
            "addr_building_l = addr_building_r",
            "size(array_intersect(addr_tokens_l, addr_tokens_r)) >= 3",
            "addr_dong_l = addr_dong_r",
            "addr_gu_l = addr_gu_r",
            "ELSE",
        ], ["addr_norm"]),
        labelled("sex", ["sex_l = sex_r", "ELSE"], ["sex"]),
        labelled("rrn_hash", ["rrn_hash_l = rrn_hash_r", "ELSE"], ["rrn_hash"]),
    ]


def _dialect_sql(sql: str, dialect: str) -> str:
    if dialect == "duckdb":
        return sql.replace("size(array_intersect(", "len(list_intersect(")
    return sql


def settings(*, blocking_rules: Sequence[str] = BLOCKING_RULES, probability_two_random_records_match: float = 1e-5,
             ) -> dict[str, Any]:
    """The untrained Splink settings of the person model (a plain dict, written for Spark SQL; ``_for_dialect``
    rewrites the one array function DuckDB spells differently)."""
    comparisons = _comparisons()
    for comparison in comparisons:
        for level in comparison["comparison_levels"]:
            if level["sql_condition"] == "ELSE":
                level.pop("is_null_level", None)
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [{"blocking_rule": r} for r in blocking_rules],
        "probability_two_random_records_match": probability_two_random_records_match,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "em_convergence": 0.0001,
        "max_iterations": 25,
    }


def _for_dialect(model: dict[str, Any], dialect: str) -> dict[str, Any]:
    model = deepcopy(model)
    model.pop("trained_on", None)
    model.pop("sql_dialect", None)
    model.pop("iljari", None)
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = _dialect_sql(level["sql_condition"], dialect)
            level.pop("sql_dialect", None)
    rules = []
    for rule in model["blocking_rules_to_generate_predictions"]:
        text = rule["blocking_rule"] if isinstance(rule, dict) else rule
        rules.append({"blocking_rule": _dialect_sql(text, dialect)})
    model["blocking_rules_to_generate_predictions"] = rules
    return model


def _to_spark_sql(model: dict[str, Any]) -> dict[str, Any]:
    """Trained models are stored in the Spark spelling so that either backend can load them."""
    model = deepcopy(model)
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = level["sql_condition"].replace("len(list_intersect(", "size(array_intersect(")
            level.pop("sql_dialect", None)
    for rule in model["blocking_rules_to_generate_predictions"]:
        if isinstance(rule, dict):
            rule.pop("sql_dialect", None)
    model.pop("sql_dialect", None)
    return model


# --- backends -----------------------------------------------------------------------------------------------------

_SPARK = None


def spark_session():
    """A local Spark session (local[2]), made once per process."""
    global _SPARK
    if _SPARK is None:
        import os

        from pyspark.sql import SparkSession

        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        _SPARK = (
            SparkSession.builder.master("local[2]").appName("iljari-linkage")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", "4g")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
        _SPARK.sparkContext.setLogLevel("ERROR")
        _SPARK.sparkContext.setCheckpointDir("/tmp/iljari-spark-checkpoints")
    return _SPARK


def _db_api(backend: str):
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        from splink import SparkAPI

        # levenshtein is built into Spark SQL: Splink's jar of similarity functions is not needed
        return SparkAPI(spark_session=spark_session(), break_lineage_method="persist",
                        register_udfs_automatically=False, num_partitions_on_repartition=2)
    raise ValueError(f"unknown backend {backend!r}")


def _for_backend(prepared: pd.DataFrame, backend: str) -> pd.DataFrame:
    if backend == "spark":
        # Spark wants a concrete type for an all-null column; empty arrays would still compare as "no overlap"
        frame = prepared.copy()
        frame["birth_year"] = frame["birth_year"].astype("float64")
        return frame
    # DuckDB scans an Arrow table without converting Python strings again on every query
    import pyarrow as pa

    return pa.Table.from_pandas(prepared, preserve_index=False)


def _linker(prepared: pd.DataFrame, model: dict[str, Any], backend: str):
    from splink import Linker

    dialect = "duckdb" if backend == "duckdb" else "spark"
    db_api = _db_api(backend)
    sdf = db_api.register(_for_backend(prepared, backend))
    return Linker(sdf, _for_dialect(model, dialect), log_level=None), db_api


# --- training -----------------------------------------------------------------------------------------------------

def _label_pairs(prepared: pd.DataFrame, column: str) -> int:
    counts = prepared[column].dropna().value_counts()
    return int((counts * (counts - 1) // 2).sum())


#: m of the resident-number hash comparison, fixed (a wrongly keyed number gives another hash now and then).
RRN_M = {"exact": 0.99, "different": 0.01}


def train(frame: pd.DataFrame, *, backend: str = "duckdb", seed: int = 14, max_pairs_u: float = 3e6,
          em_max_pairs: float = 2e6, model: dict[str, Any] | None = None, deterministic_recall: float = 0.7,
          label_column: str | None = "rrn_hash", min_label_pairs: int = 200, prepared: bool = False,
          ) -> dict[str, Any]:
    """Estimate the model on a frame (input or prepared). Returns the Splink model as a JSON-able dict with
    ``trained_on`` (ISO date) and ``iljari`` (how it was trained).

    - u (how often unrelated records agree at each level) by random sampling of record pairs;
    - λ (probability that two random records match) from strict deterministic rules with an assumed recall;
    - m (how often records of one person agree at each level): from the pairs of records that share a
      resident-number hash when there are at least ``min_label_pairs`` of them (these are true matches whose other
      fields vary as in any match), otherwise by expectation maximisation blocked on birth date and on name. The
      hash comparison's own m is fixed (``RRN_M``): it cannot be learned from pairs selected by it.

    ``model`` (untrained settings) and ``prepared=True`` let the same procedure fit another model on a frame
    already holding its compared columns (the FEBRL evaluation does).
    """
    augmented = 0
    if model is None and len(frame) < MIN_TRAINING_RECORDS:
        # A small registry (a district's first lists, the demo) has too few pairs to estimate from: expectation
        # maximisation would see only true matches in its blocks (λ = 1, infinite weights). It is trained together
        # with generated Korean records (seeded, people.linkage.generator) so that every level has pairs.
        from .generator import generate

        extra = generate(max(MIN_TRAINING_RECORDS - len(frame), 0) // 2 + 1, seed=seed)
        extra = extra.drop(columns=["person_id"])
        extra["unique_id"] = extra["unique_id"] + int(frame["unique_id"].max() if len(frame) else 0) + 1
        augmented = len(extra)
        if prepared or _is_prepared(frame):
            frame = pd.concat([frame, prepare(extra)[list(frame.columns)]], ignore_index=True)
        else:
            frame = pd.concat([frame[list(extra.columns)], extra], ignore_index=True)
    prepared = frame if (prepared or _is_prepared(frame)) else prepare(frame)
    model = model or settings()
    linker, _ = _linker(prepared, model, backend)
    training = dict(model.get("iljari", {}).get("training") or {
        "deterministic": [
            "l.rrn_hash = r.rrn_hash",
            "l.name_jamo = r.name_jamo and l.birth_date = r.birth_date and l.phone = r.phone",
            "l.name_jamo = r.name_jamo and l.birth_date = r.birth_date and l.addr_norm = r.addr_norm",
        ],
        "em": [
            "l.birth_date = r.birth_date",
            "l.name_jamo = r.name_jamo and l.addr_gu = r.addr_gu",
        ],
    })
    linker.training.estimate_probability_two_random_records_match(
        list(training["deterministic"]), recall=deterministic_recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_u, seed=seed)
    n_label = _label_pairs(prepared, label_column) if label_column else 0
    if label_column and n_label >= min_label_pairs:
        linker.training.estimate_m_from_label_column(label_column)
        method = f"m from {n_label} pairs sharing {label_column}"
    else:
        for rule in training["em"]:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=em_max_pairs if len(prepared) > 200_000 else None)
        method = "m by expectation maximisation"
    trained = _to_spark_sql(linker.misc.save_model_to_json())
    twin_u = _twin_u(trained)
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("fix_u_probability") and level["sql_condition"] == "birth_date_l = birth_date_r":
                level["u_probability"] = twin_u
        if comparison["output_column_name"] == "rrn_hash":
            levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
            levels[0]["m_probability"] = RRN_M["exact"]
            levels[1]["m_probability"] = RRN_M["different"]
    _clamp_probabilities(trained)
    trained["trained_on"] = timezone.localdate().isoformat()
    trained["iljari"] = {**model.get("iljari", {}), "training": training, "method": method,
                         "records": len(prepared), "generated_records": augmented, "seed": seed}
    return trained


MIN_TRAINING_RECORDS = 5_000  # below this many records, training adds generated ones (see train)

# A level never seen in the training pairs gets m or u = 0 (a small registry: no two records share a resident-number
# hash), which would make its weight infinite; every estimate is kept inside [P_FLOOR, 1 - P_FLOOR].
P_FLOOR = 1e-6


def _clamp_probabilities(trained: dict[str, Any]) -> None:
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            for key in ("m_probability", "u_probability"):
                value = level.get(key)
                if value is not None:
                    level[key] = min(max(float(value), P_FLOOR), 1 - P_FLOOR)


def _twin_u(trained: dict[str, Any]) -> float:
    """u of "same birth date, name two or more jamo apart": names are independent of birth dates among different
    people, so P(name >= 2 jamo apart | different people, same birth date) = P(name >= 2 jamo apart | different
    people) = 1 - u(identical) - u(one jamo apart), from the sampled u of the two levels above it."""
    for comparison in trained["comparisons"]:
        if comparison["output_column_name"] == "name":
            levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
            closer = sum(float(lv.get("u_probability") or 0.0) for lv in levels[:2])
            return min(max(1.0 - closer, 0.5), 0.9999)
    return TWIN_U_DEFAULT


# --- prediction ---------------------------------------------------------------------------------------------------

def _comparison_names(model: dict[str, Any]) -> list[str]:
    return [c["output_column_name"] for c in model["comparisons"]]


def _level_labels(model: dict[str, Any]) -> dict[str, dict[int, tuple[str, str]]]:
    """gamma value -> (ko, en) per comparison, from LEVELS for the person model, else from the chart labels."""
    out: dict[str, dict[int, tuple[str, str]]] = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        n = len(levels)
        labels = {-1: NULL_LEVEL}
        for i, level in enumerate(levels):
            gamma = n - 1 - i
            if name in LEVELS and len(LEVELS[name]) == n:
                labels[gamma] = LEVELS[name][i]
            else:
                text = level.get("label_for_charts") or level["sql_condition"]
                labels[gamma] = (text, text)
        out[name] = labels
    return out


def _level_weights(model: dict[str, Any], name: str) -> np.ndarray:
    """Match weight (log2 m/u) of each non-null level of a comparison, in gamma order (highest gamma first)."""
    comparison = next(c for c in model["comparisons"] if c["output_column_name"] == name)
    levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
    weights = []
    for lv in levels:
        m = float(lv.get("m_probability") or 0.0)
        u = float(lv.get("u_probability") or 0.0)
        weights.append(math.log2(m / u) if m > 0 and u > 0 else (math.inf if m > 0 else -math.inf))
    return np.array(weights)


def _contributions(result: pd.DataFrame, model: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Per pair and comparison: the level reached (Korean and English words) and its weight in bits.

    The level is read back from the comparison's match weight (each level has its own log2(m/u); 0 is "not known
    on both"), so predict need not carry every compared column of both records."""
    names = _comparison_names(model)
    labels = _level_labels(model)
    columns = []
    for name in names:
        mw = result[f"mw_{name}"].to_numpy(dtype="float64")
        level_w = _level_weights(model, name)
        n = len(level_w)
        candidates = np.append(level_w, 0.0)  # the null level last: a real level wins a tie
        diff = np.abs(mw[:, None] - candidates[None, :])
        diff[~np.isfinite(diff)] = np.inf
        pick = diff.argmin(axis=1)
        gammas = np.where(pick == n, -1, n - 1 - pick)
        table = labels[name]
        ko = [table.get(int(g), ("?", "?"))[0] for g in gammas]
        en = [table.get(int(g), ("?", "?"))[1] for g in gammas]
        columns.append((FIELD_KO.get(name, name), ko, en, np.round(mw, 3)))
    rows = []
    for i in range(len(result)):
        rows.append([{"field": field, "level": ko[i], "level_en": en[i], "weight": float(w[i])}
                     for field, ko, en, w in columns])
    return rows


def _shape(result: pd.DataFrame, model: dict[str, Any], with_contributions: bool) -> pd.DataFrame:
    out = pd.DataFrame({
        "unique_id_l": result["unique_id_l"].astype("int64").to_numpy(),
        "unique_id_r": result["unique_id_r"].astype("int64").to_numpy(),
        "probability": result["match_probability"].astype("float64").to_numpy(),
        "match_weight": result["match_weight"].astype("float64").to_numpy(),
    })
    if with_contributions:
        out["contributions"] = _contributions(result, model) if len(result) else []
    swap = out["unique_id_l"] > out["unique_id_r"]
    if swap.any():
        out.loc[swap, ["unique_id_l", "unique_id_r"]] = out.loc[swap, ["unique_id_r", "unique_id_l"]].to_numpy()
    return out.sort_values(["unique_id_l", "unique_id_r"], kind="stable").reset_index(drop=True)


def predict(frame: pd.DataFrame, params: dict[str, Any], *, backend: str = "duckdb",
            threshold: float | None = REVIEW_THRESHOLD, with_contributions: bool = True, prepared: bool = False,
            ) -> pd.DataFrame:
    """Scored candidate pairs at or above ``threshold`` (match probability): columns unique_id_l < unique_id_r,
    probability, match_weight and, unless turned off, contributions (per comparison: field, level, level_en,
    weight in bits)."""
    prepared = frame if (prepared or _is_prepared(frame)) else prepare(frame)
    linker, _db = _linker(prepared, params, backend)
    result = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    pdf = result.as_pandas_dataframe()
    return _shape(pdf, params, with_contributions)


# --- clustering ---------------------------------------------------------------------------------------------------

def cluster(frame: pd.DataFrame, pairs: pd.DataFrame, *, threshold: float = ALERT_THRESHOLD) -> pd.DataFrame:
    """Connected components of the pairs at or above ``threshold``: every unique_id of ``frame`` with the
    smallest unique_id of its cluster as cluster_id (a record linked to nothing is its own cluster)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = np.unique(frame["unique_id"].astype("int64").to_numpy())
    if len(pairs):
        kept = pairs[pairs["probability"] >= threshold]
        left = np.searchsorted(ids, kept["unique_id_l"].astype("int64").to_numpy())
        right = np.searchsorted(ids, kept["unique_id_r"].astype("int64").to_numpy())
    else:
        left = right = np.array([], dtype="int64")
    graph = coo_matrix((np.ones(len(left), dtype="int8"), (left, right)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    smallest = pd.Series(ids).groupby(labels).transform("min").to_numpy()
    return pd.DataFrame({"unique_id": ids, "cluster_id": smallest})


# --- blocking -----------------------------------------------------------------------------------------------------

def blocked_pairs(frame: pd.DataFrame, *, blocking_rules: Sequence[str] = BLOCKING_RULES,
                  prepared: bool = False) -> pd.DataFrame:
    """The distinct candidate pairs (unique_id_l < unique_id_r) the blocking rules let through, computed in DuckDB
    with the same SQL Splink runs."""
    import duckdb

    records = frame if (prepared or _is_prepared(frame)) else prepare(frame)
    con = duckdb.connect()
    con.register("records", records)
    selects = [
        f"select l.unique_id as unique_id_l, r.unique_id as unique_id_r from records l join records r "
        f"on {_dialect_sql(rule, 'duckdb')} where l.unique_id < r.unique_id"
        for rule in blocking_rules
    ]
    return con.execute(" union ".join(selects)).df()


def blocking_recall(frame: pd.DataFrame, true_pairs: Iterable[tuple[int, int]], *,
                    blocking_rules: Sequence[str] = BLOCKING_RULES, prepared: bool = False) -> float:
    """Share of the true matching pairs that the blocking rules put up for scoring (1.0 when there are none)."""
    truth = {(min(a, b), max(a, b)) for a, b in true_pairs if a != b}
    if not truth:
        return 1.0
    found = blocked_pairs(frame, blocking_rules=blocking_rules, prepared=prepared)
    got = set(zip(found["unique_id_l"].tolist(), found["unique_id_r"].tolist(), strict=True))
    return len(truth & got) / len(truth)


# --- new records against a registry -------------------------------------------------------------------------------

def _rule_columns(rule: str) -> list[str]:
    import re

    return sorted(set(re.findall(r"\bl\.([a-z_0-9]+)\s*=\s*r\.\1\b", rule)))


class Matcher:
    """A registry prepared once, for checking a few new records at a time.

    The blocking keys of every registry record are held in dictionaries, so the candidates of a new record are
    found by lookups (no scan); the candidates are then scored with the trained model by Splink (link_only between
    the new records and their candidates).
    """

    def __init__(self, registry: pd.DataFrame, params: dict[str, Any], *, backend: str = "duckdb",
                 blocking_rules: Sequence[str] | None = None):
        self.registry = registry if _is_prepared(registry) else prepare(registry)
        self.params = params
        self.backend = backend
        rules = blocking_rules or [
            r["blocking_rule"] if isinstance(r, dict) else r for r in params["blocking_rules_to_generate_predictions"]
        ]
        self.rule_columns = [_rule_columns(rule) for rule in rules]
        self.index: list[dict[tuple, list[int]]] = []
        for cols in self.rule_columns:
            table: dict[tuple, list[int]] = defaultdict(list)
            values = [self.registry[c].tolist() for c in cols]
            for pos, key in enumerate(zip(*values, strict=True)):
                if any(v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) for v in key):
                    continue
                table[key].append(pos)
            self.index.append(dict(table))

    def candidates(self, new_prepared: pd.DataFrame) -> np.ndarray:
        positions: set[int] = set()
        for cols, table in zip(self.rule_columns, self.index, strict=True):
            values = [new_prepared[c].tolist() for c in cols]
            for key in zip(*values, strict=True):
                positions.update(table.get(key, ()))
        return np.array(sorted(positions), dtype="int64")

    def match(self, new_frame: pd.DataFrame, *, threshold: float | None = REVIEW_THRESHOLD,
              with_contributions: bool = True) -> pd.DataFrame:
        """Pairs (unique_id_l = the new record, unique_id_r = the registry record) at or above ``threshold``."""
        new_prepared = new_frame if _is_prepared(new_frame) else prepare(new_frame)
        positions = self.candidates(new_prepared)
        empty = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "probability", "match_weight"]
                             + (["contributions"] if with_contributions else []))
        if len(positions) == 0 or len(new_prepared) == 0:
            return empty
        candidates = self.registry.iloc[positions]
        model = deepcopy(self.params)
        model["link_type"] = "link_only"
        from splink import Linker

        dialect = "duckdb" if self.backend == "duckdb" else "spark"
        db_api = _db_api(self.backend)
        left = db_api.register(_for_backend(new_prepared, self.backend), dataset_display_name="new")
        right = db_api.register(_for_backend(candidates, self.backend), dataset_display_name="registry")
        linker = Linker([left, right], _for_dialect(model, dialect), log_level=None)
        result = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        pdf = result.as_pandas_dataframe()
        if len(pdf) == 0:
            return empty
        # orient: the new record on the left
        if "source_dataset_l" in pdf.columns:
            flip = (pdf["source_dataset_l"] != "new").to_numpy()
            if flip.any():
                pdf.loc[flip, ["unique_id_l", "unique_id_r"]] = pdf.loc[flip, ["unique_id_r", "unique_id_l"]].to_numpy()
        shaped = pd.DataFrame({
            "unique_id_l": pdf["unique_id_l"].astype("int64").to_numpy(),
            "unique_id_r": pdf["unique_id_r"].astype("int64").to_numpy(),
            "probability": pdf["match_probability"].astype("float64").to_numpy(),
            "match_weight": pdf["match_weight"].astype("float64").to_numpy(),
        })
        if with_contributions:
            shaped["contributions"] = _contributions(pdf, self.params)
        return shaped.sort_values(["unique_id_l", "probability"], ascending=[True, False]).reset_index(drop=True)


def match_new(new_frame: pd.DataFrame, registry_frame: pd.DataFrame, params: dict[str, Any], *,
              backend: str = "duckdb", threshold: float | None = REVIEW_THRESHOLD) -> pd.DataFrame:
    """New records checked against a registry (input or prepared frame). For many checks against one registry
    build a ``Matcher`` once and call ``match``."""
    return Matcher(registry_frame, params, backend=backend).match(new_frame, threshold=threshold)
