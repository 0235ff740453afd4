#!/usr/bin/env python
"""Similar programs at national scale (issue 6): 25,000 programs -> candidate pairs, beside a brute force.

    .venv/bin/python bench/similarity_bench.py [--programs 25000] [--sample 2000]

Programs come from `iljari.similarity.synthetic` (realistic names and descriptions of 30 kinds of program over
6 cities x 25 districts, with known duplicates). Printed side by side:
- the fast method on all programs: terms (kiwipiepy), index, blocked candidates, scores -> flagged pairs;
- on a sample: the fast method and a brute force that scores every pair (dense cosine and containment
  matrices, the same score), their times and the recall of the fast method against the brute force;
- "what is like this one?": one program against all others on the full index.
Results go to bench/out/similarity.json. No database is needed.
"""

from __future__ import annotations

import argparse
import json
import os
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
    args = p.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings.local")
    from iljari.similarity.engine import Index, find_pairs, like
    from iljari.similarity.synthetic import generate
    from iljari.similarity.text import _kiwi

    res: dict = {"programs": args.programs, "sample": args.sample}
    t0 = time.perf_counter()
    _kiwi()
    res["model_load_s"] = round(time.perf_counter() - t0, 2)
    records, _ = generate(args.programs, seed=args.seed)
    t0 = time.perf_counter()
    index = Index(records)
    res["index_s"] = round(time.perf_counter() - t0, 2)
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
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "similarity.json").write_text(json.dumps(res, indent=2))
    print(f"\n== iljari similar programs benchmark ({args.programs:,} synthetic programs) ==")
    print(f"  all programs: index (terms, TF-IDF) {res['index_s']} s + candidates and scores {res['pairs_s']} s = "
          f"{res['total_s']} s (target <= 60 s; kiwipiepy model load {res['model_load_s']} s before); "
          f"{res['duplicates']:,} duplicate and {res['similar']:,} similar pairs")
    print(f"  what is like this one: median {res['like_median_s'] * 1000:.0f} ms, max {res['like_max_s'] * 1000:.0f} ms "
          f"(target < 1 s)")
    print(f"  sample of {args.sample:,}: fast {res['sample_fast_s']} s vs brute force over all "
          f"{args.sample * (args.sample - 1) // 2:,} pairs {res['sample_brute_s']} s; recall of the fast method "
          f"against the brute force {res['recall_vs_brute']:.4f} ({res['sample_fast_pairs']} vs "
          f"{res['sample_brute_pairs']} pairs)")


if __name__ == "__main__":
    main()
