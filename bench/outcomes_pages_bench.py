#!/usr/bin/env python
"""The council's outcome pages on the demo (issue 18 §6): how long a program's five-year page takes with its effect
estimate computed (the baseline: every view recomputes it, as before the cache) and read back from the cache, and
the five-year list and workbook, each as a signed-in reviewer through Django's test client.

    ILJARI_DATA_DIR=<a make-run data dir> PYTHONPATH=. .venv/bin/python bench/outcomes_pages_bench.py [--program CODE] [--repeat 5]

Needs a database loaded by `iljari load-demo` (the demo's 2021 run published; the registry and employment records
the effect reads). Reads only. Prints the figures and writes them to bench/out/outcomes_pages.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings.local")


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--program", default="GA-PUBLIC-JOBS")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    user = get_user_model().objects.filter(memberships__role="reviewer").first()
    if user is None:
        sys.exit("no reviewer: load the demo first (iljari load-demo)")
    client = Client()
    client.force_login(user)

    def timed(url: str, clear: bool) -> float:
        if clear:
            cache.clear()
        t = time.perf_counter()
        r = client.get(url, HTTP_HOST="127.0.0.1")
        took = time.perf_counter() - t
        if r.status_code != 200:
            sys.exit(f"{url}: {r.status_code}")
        return took

    page = f"/outcomes/programs/{args.program}/"
    timed(page, True)  # warm the imports and the database's caches
    out = {
        "program page, effect recomputed (baseline)": [timed(page, True) for _ in range(args.repeat)],
        "program page, effect from the cache": [timed(page, False) for _ in range(args.repeat)],
        "five-year list": [timed("/outcomes/history/", False) for _ in range(args.repeat)],
        "five-year workbook": [timed("/outcomes/history.xlsx", False) for _ in range(args.repeat)],
    }
    summary = {k: {"median_s": round(statistics.median(v), 3), "min_s": round(min(v), 3), "max_s": round(max(v), 3)}
               for k, v in out.items()}
    for k, s in summary.items():
        print(f"{k:45s} median {s['median_s']:.3f} s (min {s['min_s']:.3f}, max {s['max_s']:.3f})")
    Path("bench/out").mkdir(parents=True, exist_ok=True)
    Path("bench/out/outcomes_pages.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
