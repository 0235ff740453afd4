"""Shared fixtures: a small organisation tree, programs and a way to record facts."""

from __future__ import annotations

import datetime as dt
import os

import pytest


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def actor(db):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("officer", password="x")


@pytest.fixture
def tree(actor, codes):  # type: ignore[no-untyped-def]
    """SEOUL > ECON (office) > JOBPOL (division); SEOUL > GWANAK (district) > GWANAK-JOB (division)."""
    from iljari.orgs.services import org_unit_create

    seoul = org_unit_create(actor=actor, code="SEOUL", name_ko="서울특별시", name_en="Seoul", kind="city")
    econ = org_unit_create(actor=actor, code="ECON", name_ko="경제정책실", kind="office", parent=seoul)
    jobpol = org_unit_create(actor=actor, code="JOBPOL", name_ko="일자리정책과", kind="division", parent=econ)
    welfare = org_unit_create(actor=actor, code="WELFARE", name_ko="복지정책실", kind="office", parent=seoul)
    gwanak = org_unit_create(actor=actor, code="GWANAK", name_ko="관악구", kind="district", parent=seoul)
    gjob = org_unit_create(actor=actor, code="GWANAK-JOB", name_ko="일자리경제과", kind="division", parent=gwanak)
    return {"SEOUL": seoul, "ECON": econ, "JOBPOL": jobpol, "WELFARE": welfare, "GWANAK": gwanak,
            "GWANAK-JOB": gjob}


@pytest.fixture
def codes(db):  # type: ignore[no-untyped-def]
    from iljari.programs.codes import seed_code_lists
    from iljari.programs.models import Code, Measure

    if not Code.objects.exists():  # a transactional test flushed the seeded rows
        seed_code_lists(Code, Measure)
    c = {f"{x.list}:{x.code}": x for x in Code.objects.all()}
    c.update({f"measure:{m.code}": m for m in Measure.objects.all()})
    return c


@pytest.fixture
def make_program(actor, tree, codes):  # type: ignore[no-untyped-def]
    from iljari.programs.services import program_create

    def make(code: str, owner: str = "JOBPOL", job_type: str = "direct", subtype: str | None = None,
             groups: tuple[str, ...] = ("youth",), policy_field: str | None = "public_jobs"):
        return program_create(
            actor=actor, code=code, name_ko=f"사업 {code}", owner_org=tree[owner],
            job_type=codes[f"job_type:{job_type}"], subtype=codes[f"subtype:{subtype}"] if subtype else None,
            policy_field=codes[f"policy_field:{policy_field}"] if policy_field else None,
            target_groups=[codes[f"target_group:{g}"] for g in groups])

    return make


@pytest.fixture
def record(actor, tree, codes):  # type: ignore[no-untyped-def]
    from iljari.ledger.services import fact_record

    def rec(program, measure: str, period: str, value: int, as_of: str, org: str | None = None,
            source: str = "total", reason: str = "", who=None):
        return fact_record(actor=who or actor, program=program, org_unit=tree[org] if org else program.owner_org,
                           measure=codes[f"measure:{measure}"], funding_source=codes[f"funding_source:{source}"],
                           period=period, value=value, as_of=dt.date.fromisoformat(as_of), reason=reason)

    return rec


def on_postgres() -> bool:
    return "postgres" in os.environ.get("DATABASE_URL", "")


@pytest.fixture
def make_user(db, tree):  # type: ignore[no-untyped-def]
    """A user with one role; program and district officers belong to an org unit of `tree`."""
    from django.contrib.auth import get_user_model

    from iljari.access.services import membership_grant

    def make(username: str, role: str = "reviewer", unit: str | None = None, password: str = "pw"):
        user = get_user_model().objects.create_user(username, password=password)
        membership_grant(actor=None, user=user, role=role, org_unit=tree[unit] if unit else None)
        return user

    return make


@pytest.fixture
def login(make_user):  # type: ignore[no-untyped-def]
    """A test client logged in as a new user with one role (at an org unit of `tree`)."""
    from django.test import Client

    def as_(role: str, unit: str | None = None, username: str | None = None) -> Client:
        c = Client()
        c.force_login(make_user(username or f"{role}-{unit or 'all'}", role, unit))
        return c

    return as_


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the site's default language (Korean): a page asked for in English leaves English active
    in the thread, and texts built outside a request (reasons, reports, messages) follow the active language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: a value kept by an earlier test's data (an effect estimate, keyed by
    ids a rolled-back database gives out again) is never read by the next."""
    from django.core.cache import cache

    cache.clear()
    yield
