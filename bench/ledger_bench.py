#!/usr/bin/env python
"""Ledger benchmark (issue 2): bulk load, aggregate build and roll-up latency, each beside a baseline.

    .venv/bin/python bench/ledger_bench.py                  # PostgreSQL, national scale, then SQLite demo
    .venv/bin/python bench/ledger_bench.py --programs 2000 --years 2 --repeat 5   # a quick run

PostgreSQL part (a fresh database): generate 25,000 programs / 300 org units / 5 years of monthly facts
(deterministic by --seed) and load them with COPY; rebuild the month-end aggregates; run every roll-up by one
and by two dimensions for one year as of a month end, --repeat times each, and report p50/p95. Baselines in
the same run: a plain COPY of the same rows into an unindexed table (load), and a pandas groupby over the same
rows already in memory (roll-up); then roll-ups as of a mid-month date beside the same roll-ups as of the month
end (issue 12; `--part midmonth` runs only these on a loaded database). SQLite part: the demo data, every
roll-up, p95. Results are printed and written to bench/out/ledger.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100 * (len(s) - 1))))
    return s[k]


def combos(dims: list[str]) -> list[list[str]]:
    periods = {"month", "quarter", "half"}
    out = [[d] for d in dims]
    out += [list(c) for c in itertools.combinations(dims, 2) if len(periods & set(c)) < 2]
    return out


def plain_copy_seconds() -> float:
    """Baseline: the same fact rows with a plain COPY into an unindexed, unconstrained table (then dropped)."""
    import tempfile

    from django.db import connection

    with connection.cursor() as cur, tempfile.TemporaryFile() as dump:
        raw = cur.connection.cursor()
        with raw.copy("COPY ledger_fact TO STDOUT") as out:
            for block in out:
                dump.write(block)
        dump.seek(0)
        cur.execute("CREATE TABLE bench_plain_copy (LIKE ledger_fact)")
        t0 = time.perf_counter()
        with raw.copy("COPY bench_plain_copy FROM STDIN") as inp:
            while block := dump.read(1 << 20):
                inp.write(block)
        plain = time.perf_counter() - t0
        cur.execute("DROP TABLE bench_plain_copy")
    return plain


def setup_django(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def postgres_part(args: argparse.Namespace) -> dict:
    import psycopg

    base = args.pg_url.rsplit("/", 1)[0]
    name = args.pg_url.rsplit("/", 1)[1]
    if not args.reuse:
        with psycopg.connect(base + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
    setup_django(args.pg_url)
    import pandas as pd
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from iljari.ledger.aggregates import rebuild_monthly
    from iljari.ledger.models import Fact, FactMonthly
    from iljari.ledger.rollup import DIMENSIONS, rollup
    from iljari.ledger.synthetic import SyntheticSpec, generate

    res: dict = {"database": "postgresql", "programs": args.programs, "orgs": args.orgs, "years": args.years}
    if not args.reuse:
        call_command("migrate", verbosity=0)
        spec = SyntheticSpec(programs=args.programs, orgs=args.orgs, years=args.years, seed=args.seed)
        with tqdm(desc="load facts (COPY)", unit="row", unit_scale=True, file=sys.stderr) as bar:
            t = generate(spec, progress=bar.update)
        res.update({"facts": t["facts"], "load_s": round(t["facts_load_s"], 2),
                    "load_rows_per_s": round(t["facts"] / t["facts_load_s"])})
        plain = plain_copy_seconds()
        res["plain_copy_s"] = round(plain, 2)
        res["plain_copy_rows_per_s"] = round(t["facts"] / plain)
        t0 = time.perf_counter()
        with tqdm(desc="aggregates", unit="program", total=args.programs, file=sys.stderr) as bar:
            n = rebuild_monthly(progress=bar.update)
        res["aggregate_build_s"] = round(time.perf_counter() - t0, 2)
        res["aggregate_rows"] = n
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        res["facts"] = Fact.objects.count()
    year = args.first_year + args.years - 1
    import datetime as dt

    as_of = dt.date(year, 5, 31)
    res["rollup_year"], res["rollup_as_of"] = year, as_of.isoformat()
    res["slice_rows"] = FactMonthly.objects.filter(year=year, month=5).count()

    # pandas baseline: the same month-end rows (this year and last) with their dimensions, in memory.
    from iljari.orgs.models import OrgUnit
    from iljari.programs.models import Program

    t0 = time.perf_counter()
    frame = pd.DataFrame(list(FactMonthly.objects.filter(year__in=[year, year - 1], month=5).values_list(
        "program_id", "org_unit_id", "funding_source_id", "year", "target", "result", "budget", "commitment",
        "expenditure")), columns=["program_id", "org_unit_id", "funding_source", "year", "target", "result",
                                  "budget", "commitment", "expenditure"])
    progs = pd.DataFrame(list(Program.objects.values_list("id", "job_type_id", "subtype_id", "policy_field_id")),
                         columns=["program_id", "job_type", "subtype", "policy_field"])
    orgs = pd.DataFrame([(o.pk, o.path[:14], o.district_id) for o in OrgUnit.objects.all()],
                        columns=["org_unit_id", "org", "district"])
    tg = pd.DataFrame(list(Program.target_groups.through.objects.values_list("program_id", "code_id")),
                      columns=["program_id", "target_group"])
    frame = frame.merge(progs, on="program_id").merge(orgs, on="org_unit_id")
    frame["program"] = frame["program_id"]
    frame["month"] = 5
    frame["quarter"] = 2
    frame["half"] = 1
    frame_tg = frame.merge(tg, on="program_id", how="left")
    res["pandas_load_s"] = round(time.perf_counter() - t0, 2)
    metrics = ["target", "result", "budget", "commitment", "expenditure"]

    def pandas_rollup(by: list[str]) -> None:
        f = frame_tg if "target_group" in by else frame
        g = f.groupby([*by, "year"], dropna=False)
        g[metrics].sum(min_count=1)
        g["program_id"].nunique()
        if len(by) == 2:
            f.groupby([by[0], "year"], dropna=False)[metrics].sum(min_count=1)
        frame.groupby("year")[metrics].sum(min_count=1)

    from iljari.ledger import cube

    rows = []
    for by in tqdm(combos(DIMENSIONS), desc="roll-ups", file=sys.stderr):
        db_t, pd_t = [], []
        cube.clear()  # cold: this process has no slice in memory, as after a restart
        t0 = time.perf_counter()
        rollup(year=year, as_of=as_of, by=by)
        cold_ms = (time.perf_counter() - t0) * 1000
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rollup(year=year, as_of=as_of, by=by)
            db_t.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            pandas_rollup(by)
            pd_t.append((time.perf_counter() - t0) * 1000)
        rows.append({"by": by, "cold_ms": round(cold_ms, 1),
                     "p50_ms": round(pct(db_t, 50), 1), "p95_ms": round(pct(db_t, 95), 1),
                     "pandas_p50_ms": round(pct(pd_t, 50), 1), "pandas_p95_ms": round(pct(pd_t, 95), 1)})
    # By-program lists as the pages and the API serve them: a page of 100 groups (totals still cover all).
    for by in [c for c in combos(DIMENSIONS) if c[0] == "program"]:
        times = []
        rollup(year=year, as_of=as_of, by=by, limit=100)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rollup(year=year, as_of=as_of, by=by, limit=100)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append({"by": [*by, "(page of 100)"], "p50_ms": round(pct(times, 50), 1),
                     "p95_ms": round(pct(times, 95), 1), "pandas_p50_ms": 0.0, "pandas_p95_ms": 0.0})
    res["rollups"] = rows
    all_p95 = [r["p95_ms"] for r in rows if "(page of 100)" not in r["by"]]
    res["rollup_p95_max_ms"] = max(all_p95)
    res["rollup_p95_median_ms"] = round(statistics.median(all_p95), 1)
    res["pandas_p95_median_ms"] = round(statistics.median(r["pandas_p95_ms"] for r in rows
                                                          if "(page of 100)" not in r["by"]), 1)
    res["rollup_cold_max_ms"] = max(r.get("cold_ms", 0) for r in rows)
    # After a correction is recorded: the year's slices are read again once, then served from memory.
    from iljari.core.periods import Period
    from iljari.ledger.services import FactInput, facts_record
    from iljari.programs.models import Code, Measure

    fm = FactMonthly.objects.filter(year=year, month=5, result__isnull=False).first()
    if fm is not None:
        from django.contrib.auth import get_user_model

        actor, _ = get_user_model().objects.get_or_create(username="bench")
        rollup(year=year, as_of=as_of, by=["job_type"])
        facts_record(actor=actor, reason="bench: a correction", items=[FactInput(
            program=fm.program, org_unit=fm.org_unit, measure=Measure.objects.get(code="job_result"),
            funding_source=Code.objects.get(pk=fm.funding_source_id), period=Period.parse(f"{year}-05"),
            value=(fm.result or 0) + 1, as_of=as_of)])
        t0 = time.perf_counter()
        rollup(year=year, as_of=as_of, by=["job_type"])
        res["rollup_after_write_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        t0 = time.perf_counter()
        rollup(year=year, as_of=as_of, by=["job_type"])
        res["rollup_after_write_warm_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    res.update(mid_month(args, year))
    return res


MID_MONTH_SETS = [[], ["job_type"], ["org"], ["funding_source"], ["district", "month"], ["program"]]


def mid_month(args: argparse.Namespace, year: int) -> dict:
    """Roll-ups as of a mid-month date beside the same roll-ups as of the month end, in the same run.

    cold: no slice in memory (after a restart); warm: p50/p95 of --repeat runs; delta: the as-of slice built
    again every run (month-end slices in memory, as after a write to the year); exact: the fact-version query."""
    import datetime as dt

    from iljari.ledger import cube
    from iljari.ledger.rollup import rollup

    month_end, mid = dt.date(year, 5, 31), dt.date(year, 5, 20)
    out = []
    for by in MID_MONTH_SETS:
        kw = {"by": by, "limit": 100} if by and by[0] == "program" else {"by": by}
        row: dict = {"by": by or ["(total)"]}
        for name, as_of in (("month_end", month_end), ("mid_month", mid)):
            cube.clear()
            t0 = time.perf_counter()
            rollup(year=year, as_of=as_of, **kw)
            row[f"{name}_cold_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                rollup(year=year, as_of=as_of, **kw)
                times.append((time.perf_counter() - t0) * 1000)
            row[f"{name}_p50_ms"] = round(pct(times, 50), 1)
            row[f"{name}_p95_ms"] = round(pct(times, 95), 1)
        times = []
        for _ in range(args.repeat):
            cube.clear(asof_only=True)
            t0 = time.perf_counter()
            rollup(year=year, as_of=mid, **kw)
            times.append((time.perf_counter() - t0) * 1000)
        row["mid_month_delta_p50_ms"] = round(pct(times, 50), 1)
        row["mid_month_delta_p95_ms"] = round(pct(times, 95), 1)
        if by in ([], ["job_type"]):
            t0 = time.perf_counter()
            rollup(year=year, as_of=mid, exact=True, **kw)
            row["mid_month_exact_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out.append(row)
    return {"mid_month_as_of": mid.isoformat(), "mid_month": out,
            "rollup_mid_month_ms": max(r["mid_month_p95_ms"] for r in out)}


def load_part(args: argparse.Namespace) -> dict:
    """Bulk load only, into a scratch database that is dropped afterwards."""
    import psycopg

    base = args.pg_url.rsplit("/", 1)[0]
    name = "iljari_bench_load"
    with psycopg.connect(base + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name}")
    setup_django(f"{base}/{name}")
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from iljari.ledger.synthetic import SyntheticSpec, generate

    call_command("migrate", verbosity=0)
    spec = SyntheticSpec(programs=args.programs, orgs=args.orgs, years=args.years, seed=args.seed)
    with tqdm(desc="load facts (COPY)", unit="row", unit_scale=True, file=sys.stderr) as bar:
        t = generate(spec, progress=bar.update)
    plain = plain_copy_seconds()
    connection.close()
    with psycopg.connect(base + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
    return {"facts": t["facts"], "load_s": round(t["facts_load_s"], 2),
            "load_rows_per_s": round(t["facts"] / t["facts_load_s"]), "plain_copy_s": round(plain, 2),
            "plain_copy_rows_per_s": round(t["facts"] / plain)}


def sqlite_part(args: argparse.Namespace) -> dict:
    db = Path("/tmp/iljari_bench_demo.sqlite3")
    db.unlink(missing_ok=True)
    setup_django(f"sqlite:///{db}")
    import datetime as dt
    import io

    from django.core.management import call_command

    from iljari.ledger.rollup import DIMENSIONS, rollup
    from iljari.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    as_of = dt.date(2021, 5, 31)
    seoul = OrgUnit.objects.get(code="SEOUL")
    rows, alltimes = [], []
    for by in combos(DIMENSIONS):
        times = []
        rollup(year=2021, as_of=as_of, by=by, org=seoul)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rollup(year=2021, as_of=as_of, by=by, org=seoul)
            times.append((time.perf_counter() - t0) * 1000)
        alltimes += times
        rows.append({"by": by, "p50_ms": round(pct(times, 50), 2), "p95_ms": round(pct(times, 95), 2)})
    return {"database": "sqlite (demo data)", "rollups": rows, "rollup_p95_max_ms": max(r["p95_ms"] for r in rows),
            "rollup_p95_all_ms": round(pct(alltimes, 95), 2)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/iljari_bench")
    p.add_argument("--programs", type=int, default=25_000)
    p.add_argument("--orgs", type=int, default=300)
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--first-year", type=int, default=2017)
    p.add_argument("--seed", type=int, default=20211231)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--reuse", action="store_true", help="reuse the loaded PostgreSQL database")
    p.add_argument("--part", choices=["all", "postgres", "sqlite", "load", "midmonth"], default="all",
                   help="load: only the bulk load into a scratch database (run it on a quiet machine); "
                        "midmonth: only the mid-month roll-ups beside the month end (with --pg-url of a loaded database)")
    args = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.part == "load":
        res = load_part(args)
        (OUT / "ledger_load.json").write_text(json.dumps(res, indent=2))
        print(f"bulk load of {res['facts']:,} facts: {res['load_rows_per_s']:,} rows/s ({res['load_s']} s); "
              f"plain COPY of the same rows {res['plain_copy_rows_per_s']:,} rows/s "
              f"(ratio {res['load_rows_per_s'] / res['plain_copy_rows_per_s']:.2f}); target >= 100,000")
        return
    if args.part == "midmonth":
        import datetime as dt

        setup_django(args.pg_url)
        year = args.first_year + args.years - 1
        res = {"rollup_as_of": dt.date(year, 5, 31).isoformat(), **mid_month(args, year)}
        (OUT / "ledger_midmonth.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
        print("\n== iljari ledger benchmark: mid-month roll-ups ==")
        report_mid_month(res)
        return
    if args.part in ("postgres", "sqlite"):
        res = postgres_part(args) if args.part == "postgres" else sqlite_part(args)
        (OUT / f"ledger_{args.part}.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
        if os.environ.get("BENCH_CHILD") != "1":
            report({args.part: res})
        return
    results = {}
    for part in ("postgres", "sqlite"):  # separate processes: one Django database configuration each
        cmd = [sys.executable, __file__, "--part", part, *sys.argv[1:]]
        subprocess.run(cmd, check=True, env={**os.environ, "BENCH_CHILD": "1"})
        results[part] = json.loads((OUT / f"ledger_{part}.json").read_text())
    (OUT / "ledger.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report(results)


def report(results: dict) -> None:
    print("\n== iljari ledger benchmark ==")
    if "postgres" in results:
        report_postgres(results["postgres"])
    if "sqlite" in results:
        lite = results["sqlite"]
        print(f"SQLite demo: worst p95 {lite['rollup_p95_max_ms']} ms over {len(lite['rollups'])} dimension sets "
              f"(target <= 20); p95 of all runs {lite['rollup_p95_all_ms']} ms")


def report_postgres(pg: dict) -> None:
    if "load_rows_per_s" in pg:
        print(f"PostgreSQL: {pg['programs']:,} programs, {pg['orgs']} org units, {pg['facts']:,} fact rows")
        print(f"  bulk load (COPY + checks)   {pg['load_rows_per_s']:>12,} rows/s   ({pg['load_s']} s)   target >= 100,000")
        print(f"  baseline: plain COPY        {pg['plain_copy_rows_per_s']:>12,} rows/s   ({pg['plain_copy_s']} s)"
              f"   ratio {pg['load_rows_per_s'] / pg['plain_copy_rows_per_s']:.2f}")
        print(f"  month-end aggregates build  {pg['aggregate_build_s']:>12} s      ({pg['aggregate_rows']:,} rows)")
    print(f"  roll-ups {pg['rollup_year']} as of {pg['rollup_as_of']}: {len(pg['rollups'])} dimension sets, "
          f"slice {pg['slice_rows']:,} rows")
    print(f"  {'by':<32}{'cold ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'pandas p50':>12}{'pandas p95':>12}"
          f"{'ratio p95':>11}")
    for r in pg["rollups"]:
        ratio = r["p95_ms"] / r["pandas_p95_ms"] if r["pandas_p95_ms"] else float("nan")  # nan: no baseline
        print(f"  {'+'.join(r['by']):<32}{r.get('cold_ms', ''):>9}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['pandas_p50_ms']:>12}{r['pandas_p95_ms']:>12}{ratio:>11.2f}")
    print(f"  worst p95 {pg['rollup_p95_max_ms']} ms (target <= 100), median p95 {pg['rollup_p95_median_ms']} ms; "
          f"pandas median p95 {pg['pandas_p95_median_ms']} ms (data already in memory; loading it took "
          f"{pg['pandas_load_s']} s)")
    if "rollup_cold_max_ms" in pg:
        print(f"  cold (no slice in memory, as after a restart): worst {pg['rollup_cold_max_ms']} ms")
    if "rollup_after_write_ms" in pg:
        print(f"  first roll-up after a recorded correction {pg['rollup_after_write_ms']} ms, "
              f"then {pg['rollup_after_write_warm_ms']} ms")
    if "mid_month" in pg:
        report_mid_month(pg)
    else:
        print(f"  mid-month as-of (reads fact versions): {pg['rollup_mid_month_ms']} ms")


def report_mid_month(pg: dict) -> None:
    print(f"  as of {pg['mid_month_as_of']} (mid-month) beside {pg['rollup_as_of']} (month end), same run, ms:")
    print(f"  {'by':<18}{'end cold':>10}{'end p50':>9}{'end p95':>9}{'mid cold':>10}{'mid p50':>9}{'mid p95':>9}"
          f"{'delta p50':>11}{'delta p95':>11}{'exact SQL':>11}")
    for r in pg["mid_month"]:
        print(f"  {'+'.join(r['by']):<18}{r['month_end_cold_ms']:>10}{r['month_end_p50_ms']:>9}"
              f"{r['month_end_p95_ms']:>9}{r['mid_month_cold_ms']:>10}{r['mid_month_p50_ms']:>9}"
              f"{r['mid_month_p95_ms']:>9}{r['mid_month_delta_p50_ms']:>11}{r['mid_month_delta_p95_ms']:>11}"
              f"{r.get('mid_month_exact_ms', ''):>11}")
    worst = max(max(r["mid_month_p95_ms"], r["mid_month_delta_p95_ms"]) for r in pg["mid_month"])
    print(f"  worst mid-month p95 {worst} ms (target <= 300); delta = as-of slice built again each run")


if __name__ == "__main__":
    main()
