#!/usr/bin/env python
"""Outcome indicators at national scale (issue 18, docs/performance.md): every shipped indicator for 25,000
programs over 1,000,000 persons and 3,000,000 benefit and employment records, within 60 s, beside a plain pandas
computation of the same definitions with the same numbers asserted.

    .venv/bin/python bench/outcomes_bench.py [--persons 1000000] [--benefits 2000000] [--episodes 1000000]
                                             [--programs 25000] [--repeat 2] [--reuse] [--keep]

Setup (not timed), in a scratch PostgreSQL database (`iljari_outcomes_bench`, created and migrated): the ledger's
synthetic portfolio for 2021 (`ledger.synthetic.generate`: 25,000 programs of 300 org units, half of them direct
jobs, with budgets and monthly expenditure; month-end aggregates rebuilt), then with one COPY each, deterministic
by --seed: persons (5 % linked into another person's cluster, birth dates, 3 % unknown), benefit records (three
quarters in 2021, a quarter in 2018-2020, a program's kind by its type), employment episodes (most beginning after
a participation ended, 85 % private, a third still open) and 100,000 applicant records with stated statuses.

Timed:
- `outcomes_run(actor=None, year=2021, as_of=2022-12-31)`: the service end to end — read every column from
  PostgreSQL (COPY), the ledger's money of every program (the roll-up engine), compute every indicator version in
  force, write the 225,000-odd figures (COPY) and the audit row, in one transaction; its own timings per step;
- the plain pandas baseline: the same definitions written out again independently over frames read with a plain
  cursor (dates as dates, months added with pandas' DateOffset, the ledger's money from its exact SQL path
  `ledger.rollup.fact_frame(exact=True)`), its read and compute times apart.
Every (program, indicator) numerator, denominator and value of the baseline is compared with the run's stored
figures; any difference fails the bench. Results are printed and written to bench/out/outcomes.json; the scratch
database is dropped unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SCRATCH = "iljari_outcomes_bench"
YEAR = 2021
AS_OF = dt.date(2022, 12, 31)
EPOCH = np.datetime64("1970-01-01", "D")


def days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def copy_frame(table: str, frame) -> None:  # type: ignore[no-untyped-def]
    """Write a frame into a table with one COPY (CSV text, NULL written \\N, empty strings empty)."""
    from django.db import connection

    buf = io.StringIO()
    frame.to_csv(buf, index=False, header=False, na_rep="\\N")
    buf.seek(0)
    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
            while data := buf.read(1 << 20):
                copy.write(data)
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def setup(args) -> dict:  # type: ignore[no-untyped-def]
    import pandas as pd
    from django.core.management import call_command
    from django.db import connection

    from iljari.ledger.aggregates import rebuild_monthly
    from iljari.ledger.synthetic import SyntheticSpec, generate
    from iljari.programs.models import Program

    out: dict = {}
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    generate(SyntheticSpec(programs=args.programs, orgs=300, first_year=YEAR, years=1, seed=args.seed))
    rebuild_monthly()
    out["ledger_setup_s"] = round(time.perf_counter() - t, 1)
    print(f"setup: ledger of {args.programs:,} programs in {out['ledger_setup_s']} s", flush=True)
    t = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    now = dt.datetime.now(dt.UTC).isoformat()
    n = args.persons
    ids = np.arange(1, n + 1, dtype=np.int64)
    linked = rng.random(n) < 0.05
    targets = ids[~linked]
    cluster = ids.copy()
    cluster[linked] = rng.choice(targets, linked.sum())
    birth = (np.datetime64("1940-01-01") + rng.integers(0, 63 * 365, n).astype("timedelta64[D]")).astype(str)
    birth = np.where(rng.random(n) < 0.03, "\\N", birth)
    persons = pd.DataFrame({"id": ids, "name": "합성", "birth_date": birth, "sex": "", "phone": "", "address": "",
                            "address_norm": "", "rrn_hash": "", "source": "list", "source_ref": "",
                            "cluster_id": cluster, "created_at": now, "updated_at": now, "version": 1})
    copy_frame("people_person", persons)
    progs = pd.DataFrame(list(Program.objects.values_list("id", "job_type__code", "subtype__code")),
                         columns=["id", "job_type", "subtype"])
    kind = np.where(progs["job_type"] == "direct", "paid",
                    np.where(progs["subtype"] == "training", "training",
                             np.where(progs["subtype"] == "employment_subsidy", "subsidy", "service")))
    weight = rng.lognormal(0, 1.0, len(progs))
    weight /= weight.sum()
    nb = args.benefits
    n_now = nb * 3 // 4
    pick = rng.choice(len(progs), nb, p=weight)
    who = rng.integers(1, n + 1, nb)
    # a third of the earlier records belong to people who take part again in 2021 (repeat participation)
    earlier = np.arange(n_now, nb)
    again = earlier[rng.random(len(earlier)) < 0.33]
    who[again] = who[rng.integers(0, n_now, len(again))]
    start = np.where(np.arange(nb) < n_now, days(dt.date(2021, 1, 1)) + rng.integers(0, 334, nb),
                     days(dt.date(2018, 1, 1)) + rng.integers(0, 3 * 365, nb))
    end = start + rng.integers(28, 300, nb)
    benefits = pd.DataFrame({"id": np.arange(1, nb + 1), "person_id": who, "program_id": progs["id"].to_numpy()[pick],
                             "program_name": "", "kind": kind[pick], "start": (EPOCH + start).astype(str),
                             "end": (EPOCH + end).astype(str), "months": 1, "source": "list", "source_ref": "",
                             "created_at": now, "version": 1})
    benefits = benefits.rename(columns={"end": '"end"'})
    copy_frame("people_benefitrecord", benefits)
    ne = args.episodes
    after = rng.random(ne) < 0.7
    base = rng.integers(0, n_now, ne)
    e_who = np.where(after, who[base], rng.integers(1, n + 1, ne))
    e_start = np.where(after, end[base] + rng.integers(1, 400, ne), days(dt.date(2019, 1, 1)) + rng.integers(0, 4 * 365, ne))
    e_open = rng.random(ne) < 0.35
    e_end = e_start + rng.integers(20, 700, ne)
    episodes = pd.DataFrame({"id": np.arange(1, ne + 1), "person_id": e_who, "employer_name": "합성기업",
                             "business_number": "", "start": (EPOCH + e_start).astype(str),
                             "end": np.where(e_open, "\\N", (EPOCH + e_end).astype(str)), "wage_band": "",
                             "private": np.where(rng.random(ne) < 0.85, "t", "f"), "source": "insurance",
                             "source_ref": "", "illustrative": "t", "created_at": now, "version": 1})
    episodes = episodes.rename(columns={"end": '"end"', "private": '"private"'})
    copy_frame("outcomes_employmentepisode", episodes)
    na = min(100_000, n // 5)
    statuses = np.array(["[]", '["disabled"]', '["single_parent"]', '["long_term_unemployed"]', '["basic_livelihood"]',
                         '["unemployment_benefit"]'])
    applicants = pd.DataFrame({
        "id": np.arange(1, na + 1), "name": "합성", "rrn_hash": [f"{i:064x}" for i in range(na)], "rrn_encrypted": "x",
        "rrn_masked": "000000-0******", "birth_date": "1970-01-01", "sex": "M", "address": "", "phone": "",
        "household_size": 1, "household_income": 0, "property_value": 0, "employment": "unemployed",
        "statuses": statuses[rng.choice(len(statuses), na, p=[0.6, 0.1, 0.08, 0.1, 0.07, 0.05])],
        "person_id": rng.choice(ids, na, replace=False), "created_at": now, "version": 1})
    copy_frame("participants_applicant", applicants)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    out["records_setup_s"] = round(time.perf_counter() - t, 1)
    out.update({"persons": n, "benefit_records": nb, "episodes": ne, "applicants": na})
    print(f"setup: {n:,} persons, {nb:,} benefit records, {ne:,} episodes, {na:,} applicants in "
          f"{out['records_setup_s']} s", flush=True)
    return out


# ---------------------------------------------------------------------------------------------------------------
# The plain pandas computation: the definitions of docs/outcomes.md written out again, independently of
# iljari.outcomes.indicators (dates as dates, months with DateOffset, frames read with a cursor).


def plain_read():  # type: ignore[no-untyped-def]
    import pandas as pd
    from django.db import connection

    def q(sql: str, cols: list[str]) -> pd.DataFrame:
        with connection.cursor() as cur:
            cur.execute(sql)
            return pd.DataFrame(cur.fetchall(), columns=cols)

    persons = q("SELECT id, cluster_id, birth_date FROM people_person", ["person", "cluster_id", "birth"])
    benefits = q('SELECT id, person_id, program_id, kind, start, "end" FROM people_benefitrecord',
                 ["id", "person", "program", "kind", "start", "end"])
    episodes = q('SELECT id, person_id, start, "end", private FROM outcomes_employmentepisode',
                 ["id", "person", "start", "end", "private"])
    applicants = q("SELECT person_id, statuses FROM participants_applicant WHERE person_id IS NOT NULL",
                   ["person", "statuses"])
    programs = q("SELECT p.id, j.code, s.code, p.start, p.\"end\" FROM programs_program p JOIN programs_code j "
                 "ON j.id = p.job_type_id LEFT JOIN programs_code s ON s.id = p.subtype_id",
                 ["program", "job_type", "subtype", "start", "end"])
    from iljari.ledger.rollup import fact_frame

    facts = fact_frame(YEAR, AS_OF, exact=True)
    return persons, benefits, episodes, applicants, programs, facts


def plain_compute(persons, benefits, episodes, applicants, programs, facts, specs):  # type: ignore[no-untyped-def]
    import pandas as pd

    ts = pd.Timestamp
    jan1, dec31, as_of = ts(YEAR, 1, 1), ts(YEAR, 12, 31), ts(AS_OF)
    persons = persons.copy()
    persons["cluster"] = persons["cluster_id"].fillna(persons["person"]).astype("int64")
    persons["birth"] = pd.to_datetime(persons["birth"])
    cl = persons.set_index("person")["cluster"]
    for f in (benefits, episodes):
        f["cluster"] = f["person"].map(cl)
        f["start"] = pd.to_datetime(f["start"])
        f["end"] = pd.to_datetime(f["end"])
    programs = programs.copy()
    programs["subtype"] = programs["subtype"].fillna("")
    programs["start"] = pd.to_datetime(programs["start"])
    programs["end"] = pd.to_datetime(programs["end"])
    jt = programs.set_index("program")
    b = benefits[benefits["program"].notna()].copy()
    b["program"] = b["program"].astype("int64")
    year_b = b[(b["start"] <= min(dec31, as_of)) & (b["end"] >= jan1)]
    part = year_b.groupby(["program", "cluster"]).agg(first_start=("start", "min"), last_end=("end", "max")).reset_index()
    in_year = set(programs.loc[(programs["start"].isna() | (programs["start"] <= dec31))
                               & (programs["end"].isna() | (programs["end"] >= jan1)), "program"])
    run_progs = sorted(in_year | set(part["program"]))
    listed = set(b["program"])
    money = facts.groupby("program_id")[["budget", "expenditure"]].sum(min_count=1)
    vuln_status = {}
    for pid, sts in applicants.itertuples(index=False):
        for s in (json.loads(sts) if isinstance(sts, str) else sts) or []:
            vuln_status.setdefault(s, set()).add(pid)
    births = persons.groupby("cluster")["birth"].min()
    private = episodes[episodes["private"]]

    def of_type(codes):  # type: ignore[no-untyped-def]
        if not codes:
            return set(jt.index)
        return set(jt.index[jt["job_type"].isin(codes) | jt["subtype"].isin(codes)])

    def first_job(rows, months):  # type: ignore[no-untyped-def]
        rows = rows.copy()
        rows["limit"] = rows["last_end"] + pd.DateOffset(months=months)
        m = rows.merge(private[["cluster", "id", "start"]].rename(columns={"id": "ep", "start": "ep_start"}), on="cluster")
        m = m[(m["ep_start"] > m["last_end"]) & (m["ep_start"] <= m["limit"]) & (m["ep_start"] <= as_of)]
        m = m.sort_values(["ep_start", "ep"]).groupby(["program", "cluster"]).head(1)
        return rows.merge(m[["program", "cluster", "ep", "ep_start"]], on=["program", "cluster"], how="left")

    results = {}
    for code, kind, p, applies_to in specs:
        kept = of_type(applies_to)
        progs = [x for x in run_progs if x in kept]
        rows = part[part["program"].isin(progs)]
        num = den = None
        if kind == "participants":
            num = rows.groupby("program").size()
        elif kind == "vulnerable_share":
            stated = set().union(*[vuln_status.get(s, set()) for s in p["statuses"]])
            stated_clusters = set(persons.loc[persons["person"].isin(stated), "cluster"])
            r = rows.copy()
            bd = r["cluster"].map(births)
            age = r["first_start"].dt.year - bd.dt.year - (
                (r["first_start"].dt.month < bd.dt.month)
                | ((r["first_start"].dt.month == bd.dt.month) & (r["first_start"].dt.day < bd.dt.day))).astype(int)
            r["v"] = r["cluster"].isin(stated_clusters) | (age >= p["age_from"])
            num, den = r.groupby("program")["v"].sum(), r.groupby("program").size()
        elif kind == "repeat_participation":
            prior = b[(b["kind"].isin(p["kinds"])) & b["program"].isin(of_type(p["job_types"]))]
            m = rows.merge(prior[["cluster", "start", "end"]], on="cluster")
            m = m[(m["start"] < m["first_start"]) & (m["end"] >= m["first_start"] - pd.DateOffset(years=p["years"]))]
            hit = m.drop_duplicates(["program", "cluster"]).groupby("program").size()
            num, den = hit, rows.groupby("program").size()
        elif kind in ("employed_within", "cost_per"):
            w = p["window_months"]
            r = rows[(rows["last_end"] <= dec31) & (rows["last_end"] + pd.DateOffset(months=w) <= as_of)]
            r = first_job(r, w)
            num, den = r.groupby("program")["ep"].count(), r.groupby("program").size()
            if kind == "cost_per":
                if p["per"] == "participants":
                    num = rows.groupby("program").size()
                results[code] = {"per": num.reindex(progs, fill_value=0), "progs": progs}
                continue
        elif kind == "retained":
            r = rows[rows["last_end"] <= dec31]
            r = first_job(r, p["placement_window_months"])
            r = r[r["ep"].notna()].copy()
            r["check"] = r["ep_start"] + pd.DateOffset(months=p["retain_months"])
            r = r[r["check"] <= as_of]
            m = r.merge(private[["cluster", "start", "end"]], on="cluster")
            m = m[(m["start"] <= m["check"]) & (m["end"].isna() | (m["end"] >= m["check"]))]
            num = m.drop_duplicates(["program", "cluster"]).groupby("program").size()
            den = r.groupby("program").size()
        elif kind == "private_move":
            w = p["window_months"]
            r = rows[(rows["last_end"] <= dec31) & (rows["last_end"] + pd.DateOffset(months=w) <= as_of)]
            r = first_job(r, w)
            found = r[r["ep"].notna()]
            ret = b[(b["kind"] == "paid") & b["program"].isin(of_type(p["return_job_types"]))]
            m = found.merge(ret[["cluster", "start"]], on="cluster")
            back = m[(m["start"] > m["last_end"]) & (m["start"] < m["ep_start"])].drop_duplicates(["program", "cluster"])
            moved = found.merge(back[["program", "cluster"]], on=["program", "cluster"], how="left", indicator=True)
            num = moved[moved["_merge"] == "left_only"].groupby("program").size()
            den = r.groupby("program").size()
        results[code] = {"num": num, "den": den, "progs": progs}
    out = {}
    q = Decimal("0.0001")
    for code, kind, p, _applies_to in specs:
        res = results[code]
        for prog in res["progs"]:
            if kind == "execution_rate":
                e = money["expenditure"].get(prog, np.nan)
                bu = money["budget"].get(prog, np.nan)
                n_, d_ = (None if pd.isna(e) else int(e)), (None if pd.isna(bu) else int(bu))
                v = None if n_ is None or not d_ else (Decimal(n_) * 100 / Decimal(d_)).quantize(q, ROUND_HALF_UP)
            elif kind == "cost_per":
                e = money["expenditure" if p["money"] == "expenditure" else "budget"].get(prog, np.nan)
                n_ = None if pd.isna(e) else int(e)
                d_ = int(res["per"].get(prog, 0)) if prog in listed else None
                v = None if n_ is None or not d_ else (Decimal(n_) / Decimal(d_)).quantize(q, ROUND_HALF_UP)
            elif prog not in listed:
                n_ = d_ = v = None
            elif kind == "participants":
                n_, d_ = int(res["num"].get(prog, 0)), None
                v = Decimal(n_)
            else:
                n_, d_ = int(res["num"].get(prog, 0)), int(res["den"].get(prog, 0))
                v = None if not d_ else (Decimal(n_) * 100 / Decimal(d_)).quantize(q, ROUND_HALF_UP)
            out[(prog, code)] = (n_, d_, v)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--db", default=SCRATCH)
    p.add_argument("--persons", type=int, default=1_000_000)
    p.add_argument("--benefits", type=int, default=2_000_000)
    p.add_argument("--episodes", type=int, default=1_000_000)
    p.add_argument("--programs", type=int, default=25_000)
    p.add_argument("--repeat", type=int, default=2, help="runs of the service (the first is reported cold)")
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--reuse", action="store_true", help="reuse the scratch database of an earlier --keep run")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    import psycopg

    if not args.reuse:
        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {args.db}")
            c.execute(f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = f"{args.pg_url}/{args.db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from iljari.outcomes.indicators import params_of
    from iljari.outcomes.models import OutcomeFigure, OutcomeRun
    from iljari.outcomes.runs import outcomes_run, versions_in_force

    res: dict = {"cpus": os.cpu_count(), "year": YEAR, "as_of": AS_OF.isoformat()}
    if not args.reuse:
        res.update(setup(args))
    res["load_average_before"] = os.getloadavg()
    runs = []
    for i in range(args.repeat):
        t, cpu = time.perf_counter(), time.process_time()
        run = outcomes_run(actor=None, year=YEAR, as_of=AS_OF)
        total, cpu = time.perf_counter() - t, time.process_time() - cpu
        figures = OutcomeFigure.objects.filter(run=run).count()
        runs.append({"total_s": round(total, 2), "python_cpu_s": round(cpu, 2), **run.timings,
                     "programs": run.programs, "figures": figures, "load_average": os.getloadavg()[0]})
        print(f"outcomes_run #{i + 1}: {runs[-1]}", flush=True)
    res["service"] = runs
    # one figure's trace for the largest program (recomputed for its participants only), as an administrator
    from django.contrib.auth import get_user_model

    from iljari.outcomes.trace import figure_trace
    from iljari.programs.models import Program

    admin = get_user_model().objects.filter(username="bench-admin").first() or \
        get_user_model().objects.create_superuser("bench-admin", password=None)
    biggest = (OutcomeFigure.objects.filter(run=run, indicator_version__indicator__code="employed_within",
                                            value__isnull=False).order_by("-denominator").first())
    version = next(v for v in versions_in_force(AS_OF) if v.indicator.code == "employed_within")
    program = Program.objects.get(pk=biggest.program_id)
    traces = []
    for _ in range(3):
        t = time.perf_counter()
        tr = figure_trace(user=admin, run=run, program=program, version=version)
        page = tr.rows[0:100]
        traces.append(time.perf_counter() - t)
    res["trace"] = {"program_cohort": biggest.denominator, "seconds": [round(x, 2) for x in traces],
                    "numerator": tr.numerator, "denominator": tr.denominator, "page_rows": len(page),
                    "same_as_run": tr.same_as_run}
    print(f"trace of the largest program: {res['trace']}", flush=True)
    # the plain pandas computation of the same definitions
    versions = versions_in_force(AS_OF)
    specs = [(v.indicator.code, v.definition["kind"], params_of(v.definition), list(v.applies_to)) for v in versions]
    t, cpu = time.perf_counter(), time.process_time()
    frames = plain_read()
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    plain = plain_compute(*frames, specs)
    compute_s = time.perf_counter() - t
    res["plain_pandas"] = {"read_s": round(read_s, 2), "compute_s": round(compute_s, 2),
                           "total_s": round(read_s + compute_s, 2), "python_cpu_s": round(time.process_time() - cpu, 2),
                           "load_average": os.getloadavg()[0]}
    print(f"plain pandas: {res['plain_pandas']}", flush=True)
    stored = {(pid, code): (n, d, v) for pid, code, n, d, v in OutcomeFigure.objects.filter(run=run).values_list(
        "program_id", "indicator_version__indicator__code", "numerator", "denominator", "value").iterator(10_000)}
    diff = [(k, stored.get(k), plain.get(k)) for k in set(stored) | set(plain) if stored.get(k) != plain.get(k)]
    res["compared_figures"] = len(stored)
    res["differences"] = len(diff)
    per = {}
    for (_, code), (n, d, v) in stored.items():
        c = per.setdefault(code, {"programs": 0, "with_value": 0, "numerator": 0, "denominator": 0})
        c["programs"] += 1
        c["with_value"] += v is not None
        c["numerator"] += n or 0
        c["denominator"] += d or 0
    res["per_indicator"] = per
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "outcomes.json").write_text(json.dumps(res, indent=2, default=str))
    print(json.dumps({k: v for k, v in res.items() if k != "per_indicator"}, indent=2, default=str))
    for code, c in per.items():
        print(f"  {code:22} programs {c['programs']:>6,}  with a value {c['with_value']:>6,}  "
              f"numerators {c['numerator']:>14,}  denominators {c['denominator']:>14,}")
    if diff:
        for k, a, b in diff[:20]:
            print("DIFF", k, "service", a, "plain", b)
        raise SystemExit(f"{len(diff)} figures differ between the service and the plain pandas computation")
    print(f"same numbers: {len(stored):,} figures of {runs[-1]['programs']:,} programs", flush=True)
    del OutcomeRun
    if not args.keep:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
