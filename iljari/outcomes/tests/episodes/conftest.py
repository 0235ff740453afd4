"""A small world for the employment episodes: 관악구's public jobs (a direct job) with two 2021 participants (one
with a resident number, one without), a training program of 일자리정책과 with one trainee, and the job centres'
fixtures (occupations, centres, employers, seekers)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from iljari.employment.tests.conftest import centres, make_employer, make_seeker, make_vacancy, occ  # noqa: F401

RRN_A = "680921-2345671"  # made-up numbers, as the demo's
RRN_C = "750412-2456783"


def csv_bytes(rows: list[list[Any]], header: list[str] | None = None, encoding: str = "utf-8-sig") -> bytes:
    from iljari.outcomes.episode_import import HEADER

    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(header or HEADER)
    for r in rows:
        w.writerow(r)
    return out.getvalue().encode(encoding)


@pytest.fixture
def world(tree, make_program, actor, codes):
    from iljari.core.rrn import parse_rrn, rrn_hash
    from iljari.people.models import BenefitRecord, Person

    public = make_program("PW", owner="GWANAK-JOB", job_type="direct")
    training = make_program("TR", owner="JOBPOL", job_type="indirect", subtype="training")
    a = Person.objects.create(name="박순자", birth_date=dt.date(1968, 9, 21), source="list", source_ref="list:t:1",
                              district=tree["GWANAK"], rrn_hash=rrn_hash(parse_rrn(RRN_A)))
    b = Person.objects.create(name="김민준", birth_date=dt.date(1980, 5, 3), source="list", source_ref="list:t:2",
                              district=tree["GWANAK"])
    c = Person.objects.create(name="이영희", birth_date=dt.date(1975, 4, 12), source="list", source_ref="list:t:3",
                              rrn_hash=rrn_hash(parse_rrn(RRN_C)))
    for n, (who, prog, start, end) in enumerate(((a, public, dt.date(2021, 1, 4), dt.date(2021, 6, 30)),
                                                  (b, public, dt.date(2021, 3, 2), dt.date(2021, 7, 30)),
                                                  (c, training, dt.date(2021, 3, 2), dt.date(2021, 5, 31)))):
        BenefitRecord.objects.create(person=who, program=prog, org_unit=prog.owner_org, kind="paid", start=start,
                                     end=end, months=5, source="officer", source_ref=f"t:{n}")
    return {"a": a, "b": b, "c": c, "public": public, "training": training}
