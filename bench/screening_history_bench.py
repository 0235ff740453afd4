#!/usr/bin/env python
"""Screening a round whose participation cap counts benefit records across programs (issue 14 §5).

    PYTHONPATH=. .venv/bin/python bench/screening_history_bench.py [--applicants 500] [--pg-url postgres://...]

A scratch PostgreSQL database is created and migrated: one program with seed 002's 2014 public works rules, one
round of N applicants, each with their registry record (`Person`); a third with an old participation spell; each
applicant linked to one or two list records of other districts' programs with paid benefits (half by sure links,
a quarter by undecided review-band links, some decided "different"), and 10 × N unrelated persons with benefits.
Timed: `round_screen` (best of 3) and the number of SQL statements it sends. The same script runs on the code
before the change (it then counts only the participation spells) for the comparison. The scratch database is
dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--applicants", type=int, default=500)
    args = p.parse_args()
    import psycopg

    scratch = "iljari_bench_screencheck"
    with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {scratch}")
        c.execute(f"CREATE DATABASE {scratch}")
    os.environ["DATABASE_URL"] = f"{args.pg_url}/{scratch}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(Path.cwd()))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from iljari.orgs.services import org_unit_create
    from iljari.participants.models import Applicant, Application, EligibilityRule, Participation, RecruitmentRound
    from iljari.participants.rrn import Rrn, encrypt_rrn, rrn_hash
    from iljari.participants.services import round_screen
    from iljari.people.models import BenefitRecord, Person, PersonLink
    from iljari.programs.models import Code
    from iljari.programs.services import program_create

    rng = random.Random(14)
    seoul = org_unit_create(actor=None, code="SEOUL", name_ko="서울특별시", kind="city")
    gwanak = org_unit_create(actor=None, code="GWANAK", name_ko="관악구", kind="district", parent=seoul)
    ydp = org_unit_create(actor=None, code="YDP", name_ko="영등포구", kind="district", parent=seoul)
    direct = Code.objects.get(list="job_type", code="direct")
    program = program_create(actor=None, code="PW14", name_ko="공공근로", owner_org=gwanak, job_type=direct)
    other = program_create(actor=None, code="YDPW", name_ko="영등포 공공근로", owner_org=ydp, job_type=direct)
    rules = [("age_range", {"min": 18}), ("residency", {"districts": ["GWANAK"]}),
             ("employment", {"allowed": ["unemployed", "day_labourer"]}), ("property_cap", {"max": 135_000_000}),
             ("exclude_status", {"statuses": ["basic_livelihood"]}), ("participation_cap", {"months": 10, "years": 2}),
             ("priority_points", {"statuses": {"disabled": 5}, "per_dependant": 1})]
    for i, (kind, params) in enumerate(rules):
        EligibilityRule.objects.create(program=program, kind=kind, params=params, order=i,
                                       valid_from=dt.date(2014, 1, 1))
    work_from = dt.date(2014, 2, 3)
    rnd = RecruitmentRound.objects.create(program=program, name="2014 상반기", apply_from=dt.date(2014, 1, 6),
                                          apply_to=dt.date(2014, 1, 17), work_from=work_from,
                                          work_to=dt.date(2014, 6, 30), places=100)
    n = args.applicants
    people, persons = [], []
    for i in range(n):
        born = dt.date(1950 + rng.randint(0, 45), rng.randint(1, 12), rng.randint(1, 28))
        r = Rrn(f"{born:%y%m%d}1{i:06d}", born, "M", False)
        persons.append(Person(name=f"신청자{i}", birth_date=born, rrn_hash=rrn_hash(r), source="applicant",
                              source_ref=f"applicant:{i}"))
        people.append(Applicant(name=f"신청자{i}", rrn_hash=rrn_hash(r), rrn_encrypted=encrypt_rrn(r),
                                rrn_masked=r.masked, birth_date=born, sex="M", district=gwanak))
    Person.objects.bulk_create(persons)
    for a, pr in zip(people, persons, strict=True):
        a.person = pr
    Applicant.objects.bulk_create(people)
    Application.objects.bulk_create([Application(round=rnd, applicant=a, channel="import", district=gwanak)
                                     for a in people])
    Participation.objects.bulk_create([Participation(applicant=a, program=program, start=dt.date(2013, 3, 1),
                                                     end=dt.date(2013, 6, 30)) for a in people[::3]])
    listed = [Person(name=f"명단{i}", birth_date=dt.date(1970, 1, 1), source="list", source_ref=f"list:{i}",
                     district=ydp) for i in range(n * 12)]
    Person.objects.bulk_create(listed)
    BenefitRecord.objects.bulk_create([
        BenefitRecord(person=x, program=other, org_unit=ydp, kind="paid", start=dt.date(2012 + rng.randint(0, 1),
                      rng.randint(1, 6), 1), end=dt.date(2013, rng.randint(7, 12), 28), months=6, source="list",
                      source_ref=f"list:{x.pk}") for x in listed])
    links = []
    for i, pr in enumerate(persons):
        for k in range(1 + i % 2):
            x = listed[2 * i + k]
            band, decision = [("same", ""), ("same", ""), ("review", ""), ("review", "different")][(i + k) % 4]
            left, right = sorted((pr.pk, x.pk))
            links.append(PersonLink(left_id=left, right_id=right, probability=0.99 if band == "same" else 0.85,
                                    band=band, decision=decision))
    PersonLink.objects.bulk_create(links)
    times, queries = [], 0
    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        with CaptureQueriesContext(connection) as q:
            cProfile.runctx("round_screen(actor=None, round=rnd)", globals(), locals(), "/tmp/screen.prof")
        pstats.Stats("/tmp/screen.prof").sort_stats("cumulative").print_stats(25)
        for x in sorted(q.captured_queries, key=lambda x: -float(x["time"]))[:5]:
            print(x["time"], x["sql"][:300])
    for _ in range(3):
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            summary = round_screen(actor=None, round=rnd)
            times.append(time.perf_counter() - t0)
        queries = len(q.captured_queries)
    connection.close()
    with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {scratch}")
    print(f"screening {n} applicants ({len(links)} links, {len(listed)} list records): best {min(times) * 1000:.0f} ms"
          f" of 3 ({', '.join(f'{t * 1000:.0f}' for t in times)} ms), {queries} SQL statements; "
          f"{summary['eligible']} eligible")


if __name__ == "__main__":
    main()
