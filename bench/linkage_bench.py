#!/usr/bin/env python
"""Record linkage at national scale (issue 14): 1,000,000 person records deduplicated end to end, one new person
and a district's list of 5,000 checked against them, each beside a baseline in the same run.

    .venv/bin/python bench/linkage_bench.py [--records 1000000] [--spark-records 100000] [--checks 50]
                                            [--list 5000] [--keep]

A scratch PostgreSQL database (`iljari_linkbench`) is created and migrated; the records come from the seeded
Korean generator (`people.linkage.generator`: typos, transposed birth dates, new phones, moved or differently
written addresses, twins, families and namesakes) and are loaded with one COPY (setup, not timed). Then, timed:
- `linkage_run` (DuckDB): read every person from PostgreSQL (COPY), train, score, write the links (COPY) and the
  clusters (COPY + UPDATE ... FROM) in one transaction; then again with the stored parameters (`--no-retrain`);
  baseline: the engine alone on the same frame in memory (train, predict, engine.cluster), no database;
- the same run on Spark local at `--spark-records` (a smaller registry when Spark at 1M takes too long), beside
  DuckDB on the same records;
- `person_check` of one new person (a one-jamo typo of a registered person, or a new person) against the whole
  registry, p50/p95/max over `--checks`; baseline: the engine's in-memory `Matcher` over the whole registry
  (its build time and its time per check);
- `persons_check` of a list of `--list` new persons at once.
Results are printed and written to bench/out/linkage.json; the scratch database is dropped unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SCRATCH = "iljari_linkbench"


def load(frame, *, source_ref: str = "bench") -> None:  # type: ignore[no-untyped-def]
    """Insert generated records with one COPY (their unique_id becomes the person id)."""
    from django.db import connection

    from iljari.people.normalise import address_norm

    now = dt.datetime.now(dt.UTC)
    cols = ["id", "name", "birth_date", "sex", "phone", "address", "address_norm", "rrn_hash", "source",
            "source_ref", "created_at", "updated_at", "version"]
    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        with cur.copy(f"COPY people_person ({', '.join(cols)}) FROM STDIN") as copy:
            for r in frame.itertuples(index=False):
                birth = r.birth_date if isinstance(r.birth_date, str | dt.date) and r.birth_date else None
                copy.write_row((int(r.unique_id), r.name, birth, r.sex or "", r.phone or "", r.address or "",
                                address_norm(r.address or ""), r.rrn_hash or "", "list", source_ref, now, now, 1))
        cur.execute("SELECT setval(pg_get_serial_sequence('people_person', 'id'), (SELECT max(id) FROM people_person))")
        cur.execute("ANALYZE people_person")


def new_persons(frame, n: int, seed: int, start_id: int):  # type: ignore[no-untyped-def]
    """n new records: half a one-jamo typo of a registered record (a match to find), half new people."""
    from iljari.people.linkage.generator import generate, jamo_typo

    rng = random.Random(seed)
    half = n // 2
    picks = frame.sample(half, random_state=seed).copy()

    def typo(name: str) -> str:
        try:
            return jamo_typo(rng, name)
        except IndexError:  # generator.jamo_typo on a name without a Hangul syllable after the first character
            return name

    picks["name"] = [typo(name) for name in picks["name"]]
    picks["phone"] = ["" if rng.random() < 0.5 else p for p in picks["phone"]]
    fresh = generate(n - half, seed=seed + 1).head(n - half).copy()
    out = __import__("pandas").concat([picks, fresh], ignore_index=True)
    out["unique_id"] = range(start_id, start_id + len(out))
    return out


def checks(args, res, frame, prepared=None) -> None:  # type: ignore[no-untyped-def]
    """One new person (p50/p95 of --checks) and a list of --list against the whole registry, with the in-memory
    Matcher as baseline."""
    import pandas as pd  # noqa: F401

    from iljari.people.linkage import engine
    from iljari.people.linkage.service import engine_frame, persons_check, read_persons
    from iljari.people.models import LinkageRun, Person

    # one new person against the whole registry
    start = int(Person.objects.order_by("-pk").values_list("pk", flat=True).first()) + 1
    checks = new_persons(frame, args.checks, args.seed + 100, start)
    load(checks, source_ref="check")
    times = []
    found = 0
    for uid in checks["unique_id"]:
        person = Person.objects.get(pk=int(uid))
        t = time.perf_counter()
        links = persons_check(persons=[person])
        times.append(time.perf_counter() - t)
        found += bool(links)
    times.sort()
    res["check_one"] = {"n": len(times), "p50_s": round(statistics.median(times), 3),
                        "p95_s": round(times[max(0, int(len(times) * 0.95) - 1)], 3), "max_s": round(times[-1], 3),
                        "with_a_match": found, "typo_copies": args.checks // 2}
    print(f"one person against {len(frame):,}: {res['check_one']}", flush=True)
    if not args.skip_baseline:
        params = LinkageRun.objects.filter(status="done").order_by("-pk").first().params
        t = time.perf_counter()
        if prepared is None:
            prepared = engine.prepare(engine_frame(read_persons()))
        matcher = engine.Matcher(prepared, params)  # the registry prepared above, so the build is the index
        build_s = time.perf_counter() - t
        mt = []
        for k in range(min(20, len(checks))):
            t = time.perf_counter()
            matcher.match(engine_frame(checks.iloc[[k]]), threshold=0.5)
            mt.append(time.perf_counter() - t)
        mt.sort()
        res["baseline_matcher_in_memory"] = {"build_s": round(build_s, 1), "p50_s": round(statistics.median(mt), 3),
                                             "max_s": round(mt[-1], 3)}
        print(f"baseline, engine Matcher over the registry in memory: {res['baseline_matcher_in_memory']}",
              flush=True)

    # a district's list
    start = int(Person.objects.order_by("-pk").values_list("pk", flat=True).first()) + 1
    batch = new_persons(frame, args.list, args.seed + 200, start)
    load(batch, source_ref="list")
    persons = list(Person.objects.filter(pk__gte=start))
    t = time.perf_counter()
    links = persons_check(persons=persons)
    res["check_list"] = {"n": len(persons), "s": round(time.perf_counter() - t, 1), "links": len(links),
                         "typo_copies": args.list // 2}
    print(f"list of {len(persons):,} against {len(frame):,}: {res['check_list']}", flush=True)

    if args.checks_only:
        res["load_average_after"] = os.getloadavg()
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "linkage_checks.json").write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str))
        print(json.dumps(res, indent=2, ensure_ascii=False, default=str))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--spark-records", type=int, default=100_000, help="0: no Spark run")
    p.add_argument("--checks", type=int, default=50)
    p.add_argument("--list", type=int, default=5_000)
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--skip-baseline", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    p.add_argument("--db", default=SCRATCH, help="scratch database name")
    p.add_argument("--checks-only", action="store_true",
                   help="reuse the scratch database of an earlier (interrupted) run, already linked: only the checks")
    p.add_argument("--skip-rerun", action="store_true")
    args = p.parse_args()
    import psycopg

    if not args.checks_only:
        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {args.db}")
            c.execute(f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = f"{args.pg_url}/{args.db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    import pandas as pd

    from iljari.people.linkage import engine
    from iljari.people.linkage.generator import generate
    from iljari.people.linkage.service import engine_frame, linkage_run, read_persons
    from iljari.people.models import Person, PersonLink

    res: dict = {"records": args.records, "cpus": os.cpu_count(), "load_average_before": os.getloadavg()}
    if args.checks_only:
        frame = read_persons().drop(columns=["cluster_id", "version"])
        res["records"] = len(frame)
        args.skip_baseline = True
        args.spark_records = 0
        return checks(args, res, frame)
    t0 = time.perf_counter()
    frame = generate(int(args.records / 1.85) + 1000, seed=args.seed).head(args.records).copy()
    frame["unique_id"] = range(1, len(frame) + 1)
    res["generate_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    load(frame)
    res["load_s"] = round(time.perf_counter() - t0, 1)
    print(f"setup: {len(frame):,} records generated in {res['generate_s']} s, loaded in {res['load_s']} s", flush=True)

    def timed_run(label: str, **kw):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        run = linkage_run(actor=None, **kw)
        total = time.perf_counter() - t
        out = {"total_s": round(total, 1), **{k: round(v, 1) for k, v in run.timings.items()},
               "links": run.links, "clusters": run.clusters, "note": run.note}
        print(f"{label}: {out}", flush=True)
        return out

    res["duckdb_full"] = timed_run("DuckDB full run (train)", backend="duckdb")
    truth = frame.set_index("unique_id")["person_id"]
    clusters = dict(Person.objects.values_list("pk", "cluster_id"))
    cl = pd.Series(clusters)
    pairs_same = 0
    true_links = PersonLink.objects.filter(band="same").values_list("left_id", "right_id")
    for a, b in true_links.iterator(chunk_size=100_000):
        pairs_same += truth[a] == truth[b]
    n_same = PersonLink.objects.filter(band="same").count()
    res["same_links_precision"] = round(pairs_same / n_same, 5) if n_same else None
    res["true_persons"] = int(truth.nunique())
    res["clusters_found"] = int(cl.nunique())
    if not args.skip_rerun:
        res["duckdb_rerun"] = timed_run("DuckDB re-run (stored parameters)", backend="duckdb", retrain=False)

    if not args.skip_baseline:
        # baseline: the engine alone on the same records in memory (no database read or write)
        t = time.perf_counter()
        ef = engine_frame(read_persons())
        read_s = time.perf_counter() - t
        t = time.perf_counter()
        prepared = engine.prepare(ef)  # one core, as the engine does it
        prep_s = time.perf_counter() - t
        t = time.perf_counter()
        params = engine.train(prepared, backend="duckdb", seed=args.seed)
        train_s = time.perf_counter() - t
        t = time.perf_counter()
        pairs = engine.predict(prepared, params, backend="duckdb", threshold=0.5)
        predict_s = time.perf_counter() - t
        t = time.perf_counter()
        engine.cluster(ef, pairs, threshold=engine.ALERT_THRESHOLD)
        cluster_s = time.perf_counter() - t
        res["baseline_engine_in_memory"] = {"prepare_s": round(prep_s, 1), "train_s": round(train_s, 1),
                                            "predict_s": round(predict_s, 1), "cluster_s": round(cluster_s, 1),
                                            "total_s": round(prep_s + train_s + predict_s + cluster_s, 1),
                                            "pairs": len(pairs), "read_from_pg_s": round(read_s, 1)}
        print(f"baseline, engine in memory: {res['baseline_engine_in_memory']}", flush=True)

    checks(args, res, frame, prepared=locals().get("prepared"))
    if args.spark_records:
        # Spark local beside DuckDB on the same (smaller) registry
        n = args.spark_records
        with connection.cursor() as cur:
            cur.execute("DELETE FROM people_personlink")
            cur.execute("DELETE FROM people_person WHERE id > %s", [n])
            cur.execute("UPDATE people_person SET cluster_id = NULL")
        res["spark_records"] = n
        res["duckdb_small"] = timed_run(f"DuckDB at {n:,}", backend="duckdb")
        duck = dict(Person.objects.values_list("pk", "cluster_id"))
        with connection.cursor() as cur:
            cur.execute("DELETE FROM people_personlink")
            cur.execute("UPDATE people_person SET cluster_id = NULL")
        res["spark_small"] = timed_run(f"Spark local at {n:,}", backend="spark")
        spark = dict(Person.objects.values_list("pk", "cluster_id"))
        res["spark_same_clusters_share"] = round(sum(duck[k] == spark[k] for k in duck) / len(duck), 5)
        print(f"records with the same cluster on DuckDB and Spark: {res['spark_same_clusters_share']}", flush=True)

    res["load_average_after"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "linkage.json").write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str))
    print(json.dumps(res, indent=2, ensure_ascii=False, default=str))
    if not args.keep:
        connection.close()
        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
