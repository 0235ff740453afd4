"""The in-memory month-end slices never serve stale figures, whoever changes the data and however."""

import datetime as dt

import pytest
from django.db import connection, transaction

from iljari.ledger import cube
from iljari.ledger.models import FactMonthly
from iljari.ledger.rollup import rollup
from iljari.ledger.triggers import WATCHED, installed_triggers
from iljari.programs.models import Program

pytestmark = pytest.mark.django_db

MAY = dt.date(2021, 5, 31)


@pytest.fixture
def two(make_program, record):
    a = make_program("A", owner="JOBPOL", groups=("youth",))
    b = make_program("B", owner="GWANAK-JOB", job_type="indirect", subtype="training", groups=("women",))
    record(a, "job_target", "2021", 1000, "2021-01-01")
    record(a, "job_result", "2021-05", 600, "2021-05-31")
    record(b, "job_target", "2021", 400, "2021-01-01")
    record(b, "job_result", "2021-05", 100, "2021-05-31")
    return a, b


def by(result):
    return {r.keys[-1]: (r.current.target, r.current.result) for r in result.rows if r.level == len(result.by)}


def test_triggers_installed_on_every_watched_table():
    names = installed_triggers(connection)
    for table in WATCHED:
        assert any(n.startswith(f"{table}_registry_token") for n in names), table


def test_registry_change_outside_the_services_is_seen(two):
    a, _ = two
    assert by(rollup(year=2021, as_of=MAY, by=["job_type"])) == {"direct": (1000, 600), "indirect": (400, 100)}
    # A bulk ORM update (admin actions, shell, a script) bypasses the services: the trigger still replaces the token.
    Program.objects.filter(pk=a.pk).update(job_type=two[1].job_type)
    assert by(rollup(year=2021, as_of=MAY, by=["job_type"])) == {"indirect": (1400, 700)}


def test_new_facts_are_seen_at_once(two, record):
    a, _ = two
    assert rollup(year=2021, as_of=MAY).total.current.result == 700
    record(a, "job_result", "2021-05", 650, "2021-05-31", reason="정정")
    assert rollup(year=2021, as_of=MAY).total.current.result == 750


def test_rolled_back_write_leaves_no_trace_in_the_cache(two, record):
    a, _ = two
    assert rollup(year=2021, as_of=MAY).total.current.result == 700

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        record(a, "job_result", "2021-05", 900, "2021-05-31")
        assert rollup(year=2021, as_of=MAY).total.current.result == 1000  # cached under this transaction's token
        raise Undo
    assert rollup(year=2021, as_of=MAY).total.current.result == 700


def test_slices_are_reused_while_nothing_changes(two, django_assert_max_num_queries):
    cube.clear()
    rollup(year=2021, as_of=MAY, by=["job_type", "district"])
    # Warm: the token lookup and the labels, no slice or registry reads.
    with django_assert_max_num_queries(6) as ctx:
        rollup(year=2021, as_of=MAY, by=["job_type", "district"])
    assert not any("ledger_factmonthly" in q["sql"] for q in ctx.captured_queries)


def test_deleted_tokens_are_replaced_not_trusted(two):
    rollup(year=2021, as_of=MAY)
    from iljari.ledger.models import CacheToken

    CacheToken.objects.all().delete()
    FactMonthly.objects.filter(program=two[1]).delete()
    assert rollup(year=2021, as_of=MAY).total.current.result == 600


def test_sums_stay_exact_beyond_float_precision(two, record):
    a, b = two
    huge = 2 ** 53 + 1  # not representable as a float64
    record(a, "budget", "2021", huge, "2021-01-01", source="city")
    record(b, "budget", "2021", 2, "2021-01-01", source="city")
    r = rollup(year=2021, as_of=MAY, by=["job_type"])
    assert r.total.current.budget == huge + 2
    assert by(rollup(year=2021, as_of=MAY, by=["funding_source"]))["city"] == (None, None)
    assert rollup(year=2021, as_of=MAY, by=["funding_source"]).groups()[0].current.budget == huge + 2


MID = dt.date(2021, 5, 20)


def test_mid_month_slices_are_reused_and_a_write_is_seen_at_once(two, record, django_assert_max_num_queries):
    a, _ = two
    cube.clear()
    assert rollup(year=2021, as_of=MID).source == "monthly+delta"
    with django_assert_max_num_queries(6) as ctx:
        assert rollup(year=2021, as_of=MID, by=["job_type"]).total.current.result is None  # May's results: 31 May
    assert not any("ledger_fact" in q["sql"] for q in ctx.captured_queries)  # neither versions nor month ends
    record(a, "job_result", "2021-05", 250, "2021-05-15")
    assert rollup(year=2021, as_of=MID).total.current.result == 250
    assert rollup(year=2021, as_of=MAY).total.current.result == 700  # the later May version still wins at May end


def test_a_late_correction_of_an_older_period_does_not_beat_a_newer_period(two, record):
    a, _ = two
    record(a, "job_result", "2021-03", 100, "2021-03-31")
    record(a, "job_result", "2021-04", 300, "2021-04-30")
    # March corrected on 10 May: April's value (a later period) stays in force as of mid-May ...
    record(a, "job_result", "2021-03", 120, "2021-05-10", reason="정정")
    assert rollup(year=2021, as_of=MID, by=["program"]).groups()[0].current.result == 300
    assert rollup(year=2021, as_of=MID, by=["program"], exact=True).groups()[0].current.result == 300
    # ... and a correction of April itself replaces it
    record(a, "job_result", "2021-04", 310, "2021-05-12", reason="정정")
    assert rollup(year=2021, as_of=MID, by=["program"]).groups()[0].current.result == 310
