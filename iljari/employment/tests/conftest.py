"""Shared worlds for the job centres' tests: two centres (the Seoul Job Centre under 일자리정책과, 관악구's centre
under the district), a few employers, vacancies and seekers made straight in the database (services are tested
through their own doors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def occ(codes):  # type: ignore[no-untyped-def]
    """Occupations by KECO code (the migration's major and middle categories)."""
    from iljari.employment.codes import seed
    from iljari.employment.models import MinimumWage, Occupation, SkillCode
    from iljari.programs.models import Measure

    if not Occupation.objects.exists():  # a transactional test flushed the migration's rows
        seed(Occupation, SkillCode, MinimumWage, Measure)
    return {o.code: o for o in Occupation.objects.all()}


@pytest.fixture
def centres(actor, tree, make_program):  # type: ignore[no-untyped-def]
    from iljari.employment.models import Centre
    from iljari.orgs.services import org_unit_create

    seoul_prog = make_program("SJC", owner="JOBPOL", job_type="indirect", subtype="employment_service")
    gwanak_prog = make_program("GJC", owner="GWANAK-JOB", job_type="indirect", subtype="employment_service")
    ydp = tree.get("YDP") or org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district",
                                             parent=tree["SEOUL"])
    tree["YDP"] = ydp
    return {
        "SEOUL": Centre.objects.create(code="SJC", name_ko="서울일자리센터", name_en="Seoul Job Centre",
                                       org_unit=tree["JOBPOL"], program=seoul_prog),
        "GWANAK": Centre.objects.create(code="GJC", name_ko="관악구 일자리센터", name_en="Gwanak Job Centre",
                                        org_unit=tree["GWANAK"], district=tree["GWANAK"], program=gwanak_prog),
    }


@pytest.fixture
def make_employer(centres, tree):  # type: ignore[no-untyped-def]
    from iljari.employment.models import Employer

    counter = iter(range(1, 10_000))

    def make(name: str = "㈜관악상사", centre: str = "GWANAK", district: Any = None, **kw: Any) -> Employer:
        n = next(counter)
        return Employer.objects.create(name=name, business_number=kw.pop("business_number", f"{1000000000 + n}"),
                                       centre=centres[centre], district=district or tree["GWANAK"], **kw)

    return make


@pytest.fixture
def make_vacancy(centres, tree, occ, make_employer):  # type: ignore[no-untyped-def]
    from iljari.employment.models import Vacancy

    def make(title: str = "사무보조원", occupation: str = "02", centre: str = "GWANAK", district: Any = None,
             employer: Any = None, licences: tuple[Any, ...] = (), **kw: Any) -> Vacancy:
        v = Vacancy.objects.create(
            employer=employer or make_employer(centre=centre), centre=centres[centre], title=title,
            occupation=occ[occupation], district=district or tree["GWANAK"],
            wage_type=kw.pop("wage_type", "monthly"), wage=kw.pop("wage", 2_300_000),
            hours_per_week=kw.pop("hours_per_week", 40), contract=kw.pop("contract", "permanent"),
            posted_on=kw.pop("posted_on", timezone.localdate() - dt.timedelta(days=3)),
            deadline=kw.pop("deadline", timezone.localdate() + dt.timedelta(days=30)), **kw)
        if licences:
            v.required_licences.set(licences)
        return v

    return make


@pytest.fixture
def make_seeker(actor, centres, tree, occ):  # type: ignore[no-untyped-def]
    from iljari.employment.models import Seeker
    from iljari.people.services import person_create

    counter = iter(range(1, 10_000))

    def make(name: str = "김구직", birth_date: dt.date = dt.date(1990, 5, 1), centre: str = "GWANAK",
             occupations: tuple[str, ...] = ("02",), home: Any = None, **kw: Any) -> Seeker:
        n = next(counter)
        home = home or tree["GWANAK"]
        person = person_create(actor=actor, source="seeker", source_ref=f"seeker-test:{n}", name=name,
                               birth_date=birth_date, phone=kw.pop("phone", f"010-1234-{n:04d}"),
                               address=kw.pop("address", "서울특별시 관악구 관악로 145"), district=home)
        s = Seeker.objects.create(person=person, centre=centres[centre], home_district=home,
                                  registered_on=kw.pop("registered_on", timezone.localdate() - dt.timedelta(days=10)),
                                  **kw)
        s.desired_occupations.set([occ[c] for c in occupations])
        return s

    return make
