#!/usr/bin/env python
"""Screening and pricing the 2021 retention subsidy's 13,635 applications (issue 17 §Speed; docs/performance.md,
"Issue 17: cases").

    PYTHONPATH=. .venv/bin/python bench/cases_screening_bench.py [--applications 13635] [--repeat 3]
    PYTHONPATH=. .venv/bin/python bench/cases_screening_bench.py --db [--pg-url postgres://postgres@127.0.0.1:5432]

Generated applications (fixed seed), each 1 to 3 consecutive months of unpaid leave between October 2020 and
April 2021 (some outside the window, some with fewer than 5 days, some firms of 50 or more, some not insured on
30 April 2021, some outside Seoul), judged by the seed's dated rules (`cases.specs.RETENTION_SUBSIDY`):

- columns: `cases.screening.screen_frame` with every month's decision in words (what `ClaimMonth.decision`
  keeps), and without the words;
- the plain loop: `cases.screening.screen_plain`, one month at a time.

Best of `--repeat` runs each; the results (eligible, amount, the rules failed) are asserted equal. No database:
the rules are the spec's rows as objects, as `claims_screen` reads them.

`--db`: end to end on a scratch PostgreSQL database (created, migrated, dropped): the same applications as cases
of the flow (firms, workers, cases, claim months written in bulk), then `cases.subsidy.claims_screen` over all
of them — read, screened, every month's decision, amount and the case's claimed amount written, audited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace


def applications(n: int, seed: int = 17) -> list[dict]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    months = [dt.date(2020, 10, 1), dt.date(2020, 11, 1), dt.date(2020, 12, 1), dt.date(2021, 1, 1),
              dt.date(2021, 2, 1), dt.date(2021, 3, 1), dt.date(2021, 4, 1)]
    districts = ["관악구", "영등포구", "강남구", "마포구", "종로구", "노원구", "송파구"]
    rows = []
    for _ in range(n):
        k = rng.choices([1, 2, 3], weights=[2, 3, 5])[0]
        start = rng.choices(range(len(months) - k + 1), weights=[1] + [10] * (len(months) - k))[0]
        employees = rng.choices([rng.randint(1, 49), rng.randint(50, 120), None], weights=[96, 3, 1])[0]
        insured = rng.choices([dt.date(2021, 12, 31), dt.date(2021, 4, 30), dt.date(2021, 3, 15), None],
                              weights=[80, 15, 4, 1])[0]
        region = rng.choices([f"서울 {rng.choice(districts)}", "경기 성남시 분당구"], weights=[99, 1])[0]
        for j in range(k):
            days = rng.choices([rng.randint(5, 31 if j else 28), rng.randint(1, 4)], weights=[95, 5])[0]
            rows.append({"month": months[start + j], "leave_days": min(days, 28), "employees": employees,
                         "insured_until": insured, "firm_region": region, "month_no": j + 1})
    return rows


def best(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--applications", type=int, default=13_635)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--db", action="store_true", help="end to end on a scratch PostgreSQL database")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--profile", action="store_true", help="with --db: where claims_screen spends its time")
    args = p.parse_args()
    if args.db:
        return database(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iljari.settings.local")
    sys.path.insert(0, str(Path.cwd()))
    import django

    django.setup()
    from iljari.cases.screening import Rules, frame_of, screen_frame, screen_plain
    from iljari.cases.specs import RETENTION_SUBSIDY

    rules = Rules([SimpleNamespace(kind=r["kind"], params=r["params"], valid_from=dt.date.fromisoformat(r["from"]),
                                   valid_to=dt.date.fromisoformat(r["to"]) if r.get("to") else None)
                   for r in RETENTION_SUBSIDY["rules"]])
    rows = applications(args.applications)
    t_frame, frame = best(lambda: frame_of(rows), args.repeat)
    t_cols, cols = best(lambda: screen_frame(frame, rules), args.repeat)
    t_bare, bare = best(lambda: screen_frame(frame, rules, decisions=False), args.repeat)
    t_plain, plain = best(lambda: screen_plain(rows, rules), args.repeat)
    assert [bool(x) for x in cols.eligible] == [r[0] for r in plain]
    assert [int(x) for x in cols.amount] == [r[1] for r in plain]
    assert cols.failed == [r[2] for r in plain] == bare.failed
    paid = int(cols.amount.sum())
    eligible = int(cols.eligible.sum())
    print(f"{args.applications:,} applications, {len(rows):,} claim months; {eligible:,} months eligible, "
          f"{paid:,} won ({paid // 1_000_000:,} million)")
    print(f"{'':<42}{'seconds':>10}")
    print(f"{'frame from rows':<42}{t_frame:>10.3f}")
    print(f"{'columns, with decisions in words':<42}{t_cols:>10.3f}")
    print(f"{'columns, eligibility and amount only':<42}{t_bare:>10.3f}")
    print(f"{'plain loop (eligibility and amount)':<42}{t_plain:>10.3f}")
    print(f"same results: yes; target ≤ 10 s: {'met' if t_frame + t_cols <= 10 else 'NOT met'}")


def database(args: argparse.Namespace) -> None:
    import psycopg

    scratch = "iljari_bench_cases_screening"
    with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {scratch}")
        c.execute(f"CREATE DATABASE {scratch}")
    os.environ["DATABASE_URL"] = f"{args.pg_url}/{scratch}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(Path.cwd()))
    import django

    django.setup()
    try:
        from django.core.management import call_command
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        from iljari.cases.models import Case, ClaimMonth, Organisation
        from iljari.cases.services import flow_install
        from iljari.cases.specs import RETENTION_SUBSIDY
        from iljari.cases.subsidy import claims_screen
        from iljari.orgs.services import org_unit_create
        from iljari.people.models import Person
        from iljari.programs.models import Code
        from iljari.programs.services import program_create

        seoul = org_unit_create(actor=None, code="SEOUL", name_ko="서울특별시", kind="city")
        pol = org_unit_create(actor=None, code="JOBPOL", name_ko="일자리정책과", kind="division", parent=seoul)
        districts = [org_unit_create(actor=None, code=f"D{i}", name_ko=f"구{i}", kind="district", parent=seoul)
                     for i in range(25)]
        program = program_create(actor=None, code="RETAIN", name_ko="고용유지지원금", owner_org=pol,
                                 job_type=Code.objects.get(list="job_type", code="indirect"))
        flow = flow_install(actor=None, program=program, spec=RETENTION_SUBSIDY)
        stage = flow.stages.order_by("order").first()
        rows = applications(args.applications)
        t0 = time.perf_counter()
        now = timezone.now()
        orgs, people, made = [], [], []
        i = 0
        n = 0
        while i < len(rows):
            k = 1
            while i + k < len(rows) and rows[i + k]["month_no"] == k + 1:
                k += 1
            first = rows[i]
            d = districts[n % 25]
            address = "" if first["firm_region"].startswith("서울") else first["firm_region"]
            orgs.append(Organisation(name=f"사업장{n}", business_number="", employees=first["employees"],
                                     district=d, address=address))
            people.append(Person(name=f"근로자{n}", source="subsidy", source_ref=f"bench:{n}"))
            made.append((d, first["insured_until"], rows[i:i + k]))
            i += k
            n += 1
        Organisation.objects.bulk_create(orgs, batch_size=5000)
        Person.objects.bulk_create(people, batch_size=5000)
        objs = [Case(flow=flow, stage=stage, reference=f"2021-RETENTION-2021-{j + 1:06d}", district=d,
                     organisation=orgs[j], person=people[j], applied_on=dt.date(2021, 3, 15), entered_stage_at=now,
                     insured_until=insured)
                for j, (d, insured, _m) in enumerate(made)]
        Case.objects.bulk_create(objs, batch_size=5000)
        ClaimMonth.objects.bulk_create([ClaimMonth(case=objs[j], month=r["month"], leave_days=r["leave_days"])
                                        for j, (_d, _i, ms) in enumerate(made) for r in ms], batch_size=5000)
        print(f"{n:,} cases, {len(rows):,} claim months written in {time.perf_counter() - t0:.1f} s")
        import iljari.cases.subsidy as subsidy_module

        phases: dict[str, float] = defaultdict(float)

        def timed(name, fn):  # type: ignore[no-untyped-def]
            def run(*a, **kw):  # type: ignore[no-untyped-def]
                t = time.perf_counter()
                try:
                    return fn(*a, **kw)
                finally:
                    phases[name] += time.perf_counter() - t
            return run

        for name in ("month_rows", "screen_frame", "bulk_set"):
            setattr(subsidy_module, name, timed(name, getattr(subsidy_module, name)))
        times = []
        for _ in range(args.repeat):
            ClaimMonth.objects.update(eligible=None, amount=None, decision=[])
            t = time.perf_counter()
            report = claims_screen(actor=None, cases=Case.objects.filter(flow=flow), reason="bench")
            times.append(time.perf_counter() - t)
        if args.profile:
            import cProfile
            import pstats

            ClaimMonth.objects.update(eligible=None, amount=None, decision=[])
            prof = cProfile.Profile()
            prof.enable()
            claims_screen(actor=None, cases=Case.objects.filter(flow=flow), reason="bench")
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        print("phases (all runs): " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
        print(f"claims_screen end to end: best {min(times):.2f} s of {[round(x, 2) for x in times]}; {report}")
        print(f"target ≤ 10 s: {'met' if min(times) <= 10 else 'NOT met'}")
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {scratch}")


if __name__ == "__main__":
    main()
