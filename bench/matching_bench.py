#!/usr/bin/env python
"""Matching at Seoul's 2018 scale (issue 15): the top 10 vacancies for each of 66,000 seekers over 84,000
vacancies, beside a brute force on a sample, and one seeker's matches from the database.

    .venv/bin/python bench/matching_bench.py [--seekers 66000] [--vacancies 84000] [--sample 2000] [--db-seekers 200]

Printed side by side, in one run:
- bulk: `employment.scoring.bulk_top` over the generated market (`employment.market`, seeded), blocked by
  occupation major group and the region each seeker's commute allows, numpy scoring;
- brute force: every vacancy scored for each seeker of a 2,000-seeker sample (no blocking), its time, the time
  ratio to the bulk path on the same sample, and whether the top-10 lists are the same;
- from the database (`--db-seekers`; PostgreSQL scratch db `iljari_matchbench` when DATABASE_URL is not given, or
  the DATABASE_URL's database): the 84,000 vacancies written, then `vacancies_for_seeker` for a sample of
  seekers: p50 / p95 / max in ms.
Results go to bench/out/matching.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def _setup(db_url: str | None) -> None:
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings.local")
    import django

    django.setup()


def in_memory(args: argparse.Namespace) -> dict:
    from iljari.employment import market, scoring

    t0 = time.perf_counter()
    m = market.generate(seekers=args.seekers, vacancies=args.vacancies, seed=args.seed)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    st, vt = m.tables()
    t_tables = time.perf_counter() - t0
    print(f"generated {len(st):,} seekers and {len(vt):,} vacancies in {t_gen:.1f} s; tables {t_tables:.1f} s",
          flush=True)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    bulk = scoring.bulk_top(st, vt, limit=10, workers=args.workers)
    t_bulk = time.perf_counter() - t0
    load_bulk = os.getloadavg()[0]
    print(f"bulk: top 10 for {len(st):,} seekers in {t_bulk:.1f} s (workers {args.workers or 'auto'}; load "
          f"{load_before:.1f} -> {load_bulk:.1f})", flush=True)
    rng = np.random.default_rng(args.seed + 7)
    sample = np.sort(rng.choice(len(st), size=min(args.sample, len(st)), replace=False))
    t0 = time.perf_counter()
    bulk_sample = scoring.bulk_top(st, vt, limit=10, s_idx=sample, workers=1)
    t_bulk_sample = time.perf_counter() - t0
    t0 = time.perf_counter()
    brute = scoring.brute_force(st, sample, vt, limit=10)
    t_brute = time.perf_counter() - t0
    same_lists = sum(a == b for a, b in zip(bulk_sample, brute, strict=True))
    same_sets = sum(set(a) == set(b) for a, b in zip(bulk_sample, brute, strict=True))
    same_full = sum(bulk[i] == b for i, b in zip(sample.tolist(), brute, strict=True))
    print(f"sample of {len(sample):,}: bulk {t_bulk_sample:.2f} s, brute force {t_brute:.1f} s "
          f"(ratio {t_brute / t_bulk_sample:.1f}); same top-10 sets {same_sets}/{len(sample)}, same order "
          f"{same_lists}/{len(sample)}, full-run lists equal {same_full}/{len(sample)}; load {os.getloadavg()[0]:.1f}",
          flush=True)
    empty = sum(1 for r in bulk if not r)
    return {"seekers": len(st), "vacancies": len(vt), "generate_s": t_gen, "tables_s": t_tables,
            "bulk_s": t_bulk, "bulk_workers": args.workers, "load_bulk": [load_before, load_bulk], "sample": len(sample), "bulk_sample_s": t_bulk_sample, "brute_sample_s": t_brute,
            "ratio": t_brute / t_bulk_sample, "same_sets": same_sets, "same_order": same_lists,
            "full_equal": same_full, "seekers_without_any": empty}


def from_database(args: argparse.Namespace) -> dict:
    """Write the market's vacancies and a few seekers to the database, then time one seeker's matches."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from iljari.employment import market
    from iljari.employment.matching import vacancies_for_seeker
    from iljari.employment.models import Centre, Employer, Occupation, Seeker, SkillCode, Vacancy
    from iljari.orgs.models import OrgUnit
    from iljari.people.models import Person

    call_command("migrate", verbosity=0)
    actor = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_user(
        "bench", password="x")
    del actor
    Vacancy.required_licences.through.objects.all().delete()
    Vacancy.objects.all().delete()
    Seeker.desired_occupations.through.objects.all().delete()
    Seeker.licences.through.objects.all().delete()
    Seeker.objects.all().delete()
    Person.objects.filter(source="seeker", source_ref__startswith="bench:").delete()
    Employer.objects.all().delete()
    seoul_unit = OrgUnit.objects.filter(code="BENCH-SEOUL").first() or OrgUnit.objects.create(
        code="BENCH-SEOUL", name_ko="서울특별시", kind="city", path="bench/")
    from iljari.employment import seoul

    units = {}
    for n, name in enumerate(seoul.NAMES):
        units[name] = OrgUnit.objects.filter(code=f"BENCH-D{n}").first() or OrgUnit.objects.create(
            code=f"BENCH-D{n}", name_ko=name, kind="district", parent=seoul_unit, path=f"bench/d{n}/")
    centre = Centre.objects.filter(code="BENCH").first() or Centre.objects.create(
        code="BENCH", name_ko="벤치 일자리센터", org_unit=seoul_unit)
    employer = Employer.objects.create(name="벤치 기업", business_number="9999999999", centre=centre)
    m = market.generate(seekers=args.db_seekers, vacancies=args.vacancies, seed=args.seed)
    occ = {o.code: o for o in Occupation.objects.all()}
    for code in sorted({v.occupation for v in m.vacancies} | {c for s in m.seekers for c in s.occupations}):
        if code not in occ:
            occ[code] = Occupation.objects.create(code=code, name_ko=f"{occ[code[:2]].name_ko} {code[-1]}",
                                                  level=3, parent=occ[code[:2]], source="bench")
    skills = {s.code: s for s in SkillCode.objects.all()}
    today = timezone.localdate()
    t0 = time.perf_counter()
    objs = [Vacancy(employer=employer, centre=centre, title=f"구인 {v.id}", occupation=occ[v.occupation],
                    tasks=text, district=units[v.district], wage_type=v.wage_type, wage=int(v.wage),
                    hours_per_week=v.hours, contract="permanent", education=v.education,
                    requirements=" ".join(skills[c].name_ko + " 우대" for c in v.preferred),
                    posted_on=today - dt.timedelta(days=int(p)), deadline=today + dt.timedelta(days=30))
            for v, text, p in zip(m.vacancies, m.vacancy_texts, m.posted, strict=True)]
    Vacancy.objects.bulk_create(objs, batch_size=2000)
    ids = dict(zip([v.id for v in m.vacancies], Vacancy.objects.order_by("pk").values_list("pk", flat=True),
                   strict=True))
    through = Vacancy.required_licences.through
    through.objects.bulk_create([through(vacancy_id=ids[v.id], skillcode_id=skills[c].pk)
                                 for v in m.vacancies for c in v.required], batch_size=5000)
    seekers: list[Any] = []
    for s, text in zip(m.seekers, m.seeker_texts, strict=True):
        person = Person.objects.create(name=f"구직자{s.id}", source="seeker", source_ref=f"bench:{s.id}",
                                       birth_date=dt.date(today.year - (s.age or 40), 3, 1),
                                       district=units[s.home] if s.home else None)
        obj = Seeker.objects.create(person=person, centre=centre, registered_on=today, home_district=units[s.home] if s.home else None,
                                    commute=s.commute, wage_type=s.wage_type, desired_wage=s.wage,
                                    hours_per_week=s.hours, education=s.education, skills_text=text)
        obj.desired_occupations.set([occ[c] for c in s.occupations])
        obj.licences.set([skills[c] for c in s.held if skills[c].kind == "licence"])
        seekers.append(obj)
    t_load = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    print(f"database ({connection.vendor}): {len(objs):,} vacancies and {len(seekers)} seekers written in "
          f"{t_load:.1f} s", flush=True)
    from iljari.employment.matching import open_set

    t0 = time.perf_counter()
    vacancies_for_seeker(seekers[0], cached=False)  # the analyser and the code lists loaded once per process
    t_warmup = time.perf_counter() - t0
    t0 = time.perf_counter()
    open_set(today)
    t_build = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    open_set(today)
    t_check = (time.perf_counter() - t0) * 1000
    print(f"open set read into arrays in {t_build:.0f} ms (once per process and change); the fingerprint "
          f"check alone {t_check:.1f} ms; load {os.getloadavg()[0]:.1f}", flush=True)

    def timed(cached: bool) -> tuple[list[float], list[list[tuple[int, float]]]]:
        times, answers = [], []
        for s in seekers:
            t0 = time.perf_counter()
            got = vacancies_for_seeker(s, limit=10, cached=cached)
            times.append((time.perf_counter() - t0) * 1000)
            answers.append([(m.vacancy.pk, m.score) for m in got])
        return times, answers

    cold, _first_answers = timed(True)  # each vacancy text of stage 2 new to the process
    warm, cached_answers = timed(True)
    load_cached = os.getloadavg()[0]
    rows, rows_answers = timed(False)  # the rows read from the database (the matching branch's path)
    load_rows = os.getloadavg()[0]
    same = sum(a == b for a, b in zip(cached_answers, rows_answers, strict=True))
    del t_warmup
    def stats(xs: list[float]) -> dict:
        xs = sorted(xs)
        return {"p50": statistics.median(xs), "p95": xs[int(0.95 * (len(xs) - 1))], "max": xs[-1]}

    out: dict[str, Any] = {
        "vendor": connection.vendor, "vacancies": len(objs), "seekers": len(seekers), "load_s": t_load,
        "open_set_build_ms": t_build, "fingerprint_ms": t_check, "first_ms": stats(cold), "again_ms": stats(warm),
        "rows_ms": stats(rows), "same_answers": same, "load_cached": load_cached, "load_rows": load_rows,
        "by_commute": {c: {"cached": stats([t for t, s in zip(warm, seekers, strict=True) if s.commute == c]),
                           "rows": stats([t for t, s in zip(rows, seekers, strict=True) if s.commute == c])}
                       for c in ("own", "neighbour", "seoul") if any(s.commute == c for s in seekers)}}
    print(f"one seeker's matches ({connection.vendor}, {len(objs):,} vacancies), open set in memory: first time "
          f"(texts new to the process) p50 {out['first_ms']['p50']:.0f} ms, p95 {out['first_ms']['p95']:.0f} ms; "
          f"again p50 {out['again_ms']['p50']:.0f} ms, p95 {out['again_ms']['p95']:.0f} ms, max "
          f"{out['again_ms']['max']:.0f} ms (load {load_cached:.1f})", flush=True)
    print(f"  rows read each time (before): p50 {out['rows_ms']['p50']:.0f} ms, p95 {out['rows_ms']['p95']:.0f} ms, "
          f"max {out['rows_ms']['max']:.0f} ms (load {load_rows:.1f}); same answers {same}/{len(seekers)}",
          flush=True)
    for c, st in out["by_commute"].items():
        print(f"  commute {c}: in memory p50 {st['cached']['p50']:.0f} ms, p95 {st['cached']['p95']:.0f} ms; rows "
              f"p50 {st['rows']['p50']:.0f} ms, p95 {st['rows']['p95']:.0f} ms", flush=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seekers", type=int, default=66_000)
    p.add_argument("--vacancies", type=int, default=84_000)
    p.add_argument("--sample", type=int, default=2_000)
    p.add_argument("--seed", type=int, default=20181231)
    p.add_argument("--db-seekers", type=int, default=200, help="seekers timed from the database (0: skip)")
    p.add_argument("--db", default=None, help="DATABASE_URL for the database part (default: scratch PostgreSQL)")
    p.add_argument("--workers", type=int, default=None, help="processes for the bulk path (default: one per core)")
    p.add_argument("--part", choices=["all", "memory", "db"], default="all")
    args = p.parse_args()
    db_url = args.db or os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/iljari_matchbench"
    _setup(db_url)
    result: dict = {"cpu_count": os.cpu_count(), "load_average": os.getloadavg()}
    if args.part in ("all", "memory"):
        result["memory"] = in_memory(args)
    if args.part in ("all", "db") and args.db_seekers:
        if db_url.startswith("postgres"):
            import psycopg

            base, name = db_url.rsplit("/", 1)
            with psycopg.connect(f"{base}/postgres", autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
                c.execute(f'CREATE DATABASE "{name}"')
        result["database"] = from_database(args)
    result["load_average_after"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "matching.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"load average {result['load_average']} -> {result['load_average_after']}")


if __name__ == "__main__":
    main()
