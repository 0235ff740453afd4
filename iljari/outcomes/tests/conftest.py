"""A small world of 2021 participants and what happened to them afterwards (docs/outcomes.md's example).

Direct job D (일자리정책과), budget 100,000,000원 of which 80,000,000원 spent:
- 김민수 (p1) 2021-01-04 ~ 06-30, then a private job at ㈜가나 from 2021-09-01 (63 days after), still there;
- 이솔 (p2, and a second record of her joined by the linkage) 03-01 ~ 04-30 and 07-01 ~ 10-31: one person; a
  private job 2022-04-15 ~ 06-30 (within 6 months of the end, not within 3);
- 박철수 (p3) 01-04 ~ 12-31, no job afterwards; 최영호 (p4) 09-01 ~ 2022-02-28 (ends the next year);
- 정미숙 (p5) 05-01 ~ 08-31, disabled (her application says so), paid by D in 2019 too (a repeat);
- 한노인 (p6) born 1950 (vulnerable by age) 04-01 ~ 09-30;
- 오상훈 (p7) 02-01 ~ 05-31, back in another direct job X2 07-01 ~ 09-30, then a private job from 2021-11-01.
Training T (관악구 일자리경제과): 서지현 (p8) 03-01 ~ 05-31, a job 2021-06-15 ~ 08-31 (not kept 6 months).
Direct job X (관악구): no participant list at all ('-', not 0).
"""

from __future__ import annotations

import datetime as dt

import pytest

D = dt.date


@pytest.fixture
def installed(db):  # type: ignore[no-untyped-def]
    """The shipped indicators (the data migration made them; a transactional test flushed them)."""
    from iljari.outcomes.models import Indicator, IndicatorVersion
    from iljari.outcomes.specs import install

    if not Indicator.objects.exists():
        install(Indicator, IndicatorVersion)
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def world(installed, make_program, record, tree):  # type: ignore[no-untyped-def]
    from iljari.outcomes.models import EmploymentEpisode
    from iljari.participants.models import Applicant
    from iljari.people.models import BenefitRecord, Person

    progs = {"D": make_program("D", owner="JOBPOL"), "T": make_program("T", owner="GWANAK-JOB", job_type="indirect",
                                                                           subtype="training"),
             "X": make_program("X", owner="GWANAK-JOB"), "X2": make_program("X2", owner="JOBPOL")}
    record(progs["D"], "budget", "2021", 100_000_000, "2021-01-01", source="city")
    record(progs["D"], "expenditure", "2021-12", 80_000_000, "2021-12-31", source="city")
    jobpol, gwanak = tree["JOBPOL"], tree["GWANAK-JOB"]
    people: dict[str, Person] = {}

    def person(key: str, name: str, born: dt.date | None = None, cluster: str | None = None) -> Person:
        p = Person.objects.create(name=name, birth_date=born, source="list")
        p.cluster_id = people[cluster].pk if cluster else p.pk
        p.save(update_fields=["cluster_id"])
        people[key] = p
        return p

    def benefit(who: str, prog: str, start: dt.date, end: dt.date, kind: str = "paid", unit=None) -> None:
        BenefitRecord.objects.create(person=people[who], program=progs[prog], org_unit=unit or jobpol, kind=kind,
                                     start=start, end=end, months=1, source="officer")

    def job(who: str, start: dt.date, end: dt.date | None, employer: str, private: bool = True) -> None:
        EmploymentEpisode.objects.create(person=people[who], employer_name=employer, start=start, end=end,
                                         private=private, source="insurance")

    person("p1", "김민수", D(1985, 3, 2))
    benefit("p1", "D", D(2021, 1, 4), D(2021, 6, 30))
    job("p1", D(2021, 9, 1), None, "㈜가나")
    person("p2", "이솔", D(1990, 7, 7))
    person("p2b", "이솔", D(1990, 7, 7), cluster="p2")
    benefit("p2", "D", D(2021, 3, 1), D(2021, 4, 30))
    benefit("p2b", "D", D(2021, 7, 1), D(2021, 10, 31))
    job("p2b", D(2022, 4, 15), D(2022, 6, 30), "㈜다라")
    person("p3", "박철수")
    benefit("p3", "D", D(2021, 1, 4), D(2021, 12, 31))
    person("p4", "최영호", D(1970, 1, 1))
    benefit("p4", "D", D(2021, 9, 1), D(2022, 2, 28))
    person("p5", "정미숙", D(1975, 5, 5))
    benefit("p5", "D", D(2019, 3, 1), D(2019, 11, 30))
    benefit("p5", "D", D(2021, 5, 1), D(2021, 8, 31))
    Applicant.objects.create(name="정미숙", rrn_hash="a" * 64, rrn_encrypted="x", rrn_masked="750505-2******",
                             birth_date=D(1975, 5, 5), sex="F", statuses=["disabled"], person=people["p5"])
    person("p6", "한노인", D(1950, 2, 1))
    benefit("p6", "D", D(2021, 4, 1), D(2021, 9, 30))
    person("p7", "오상훈", D(1988, 8, 8))
    benefit("p7", "D", D(2021, 2, 1), D(2021, 5, 31))
    benefit("p7", "X2", D(2021, 7, 1), D(2021, 9, 30))
    job("p7", D(2021, 7, 1), D(2021, 9, 30), "구청 공공근로", private=False)
    job("p7", D(2021, 11, 1), None, "㈜마바")
    person("p8", "서지현", D(1995, 1, 1))
    benefit("p8", "T", D(2021, 3, 1), D(2021, 5, 31), kind="training", unit=gwanak)
    job("p8", D(2021, 6, 15), D(2021, 8, 31), "㈜사아")
    return {"programs": progs, "people": people}
