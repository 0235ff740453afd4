"""Property: recording column by column (imports) and object by object (pages, API) give the same outcome.

For a random ledger and a random input (corrections, several versions of one key, decreasing cumulative values,
values equal to the stored ones, bad signs, dates before their period, duplicates), both paths must report the
same problems and warnings, count the same created / changed / unchanged values, and leave the same rows and
version chains and the same month-end figures.
"""

import datetime as dt

import pandas as pd
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iljari.core.errors import ServiceError
from iljari.core.periods import Period
from iljari.ledger.frames import check_frame, facts_record_frame
from iljari.ledger.models import Fact, FactMonthly
from iljari.ledger.services import FactInput, check_items, facts_record

pytestmark = pytest.mark.django_db

MEASURES = ["job_target", "job_result", "budget", "expenditure", "commitment"]
PERIODS = ["2021", "2021-01", "2021-03", "2021-05", "2021Q2", "2021H1", "2021-11"]
DATES = [dt.date(2021, 1, 31), dt.date(2021, 3, 31), dt.date(2021, 5, 31), dt.date(2021, 6, 30),
         dt.date(2021, 11, 30), dt.date(2021, 12, 31), dt.date(2022, 1, 15)]

row_st = st.tuples(
    st.integers(0, 1),  # program
    st.integers(0, 1),  # org
    st.sampled_from(MEASURES),
    st.sampled_from(["total", "city", "national"]),
    st.sampled_from(PERIODS),
    st.sampled_from([-5, 0, 10, 20, 30, 2**53 + 1, 2**53]),
    st.sampled_from(DATES),
)


def _items(rows, progs, orgs, codes, *, valid_only):  # type: ignore[no-untyped-def]
    items = []
    seen = set()
    for line, (p, o, m, src, period, value, as_of) in enumerate(rows, start=2):
        per = Period.parse(period)
        measure = codes[f"measure:{m}"]
        if valid_only:
            src = src if measure.by_funding_source else "total"
            value = abs(value)
            if measure.aggregation == "cumulative" and as_of < per.start:
                continue
            key = (p, o, m, src, period, as_of)
            if key in seen:
                continue
            seen.add(key)
        items.append(FactInput(program=progs[p], org_unit=orgs[o], measure=measure,
                               funding_source=codes[f"funding_source:{src}"], period=per, value=value, as_of=as_of,
                               reason="r", line=line))
    return items


def _frame(items):  # type: ignore[no-untyped-def]
    return pd.DataFrame({
        "line": [fi.line for fi in items], "program_id": [fi.program.pk for fi in items],
        "org_unit_id": [fi.org_unit.pk for fi in items], "measure_id": [fi.measure.pk for fi in items],
        "funding_source_id": [fi.funding_source.pk for fi in items], "period": [fi.period.id for fi in items],
        "value": [fi.value for fi in items], "as_of": pd.to_datetime([fi.as_of for fi in items]),
        "reason": [fi.reason for fi in items], "illustrative": [False] * len(items), "note": [""] * len(items)})


def _state():  # type: ignore[no-untyped-def]
    def key(f):  # type: ignore[no-untyped-def]
        return (f.program_id, f.org_unit_id, f.measure_id, f.funding_source_id, f.period, f.as_of, f.value)

    facts = {f.pk: f for f in Fact.objects.all()}
    rows = sorted((*key(f), f.ref_date, f.period_end, f.period_kind, f.year, f.reason,
                   key(facts[f.replaces_id]) if f.replaces_id else ()) for f in facts.values())
    monthly = sorted(FactMonthly.objects.values_list("program_id", "org_unit_id", "funding_source_id", "year",
                                                     "month", "target", "result", "budget", "commitment",
                                                     "expenditure"))
    return rows, monthly


def _outcome(fn):  # type: ignore[no-untyped-def]
    """Run one path in a savepoint that is rolled back; what it reported and what it left."""
    with transaction.atomic():
        try:
            out = fn()
            got = ("ok", out.created, out.changed, out.unchanged,
                   [(w.line, str(w.code), w.message_ko, w.message_en) for w in out.warnings], _state())
        except ServiceError as exc:
            got = ("error", [(p.line, str(p.code), p.message_en) for p in exc.problems])
        transaction.set_rollback(True)
    return got


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(row_st, max_size=12), rows=st.lists(row_st, min_size=1, max_size=20),
       strict=st.booleans())
def test_frame_path_records_what_the_object_path_records(make_program, tree, codes, actor, before, rows, strict):
    with transaction.atomic():
        progs = [make_program(f"F{i}") for i in range(2)]
        orgs = [tree["JOBPOL"], tree["GWANAK-JOB"]]
        stored = _items(before, progs, orgs, codes, valid_only=True)
        if stored:
            facts_record(actor=actor, items=stored)
        items = _items(rows, progs, orgs, codes, valid_only=True)
        if items:
            by_objects = _outcome(lambda: facts_record(actor=actor, items=items, strict=strict, prechecked=True))
            by_columns = _outcome(lambda: facts_record_frame(actor=actor, frame=_frame(items), strict=strict))
            assert by_columns == by_objects
        transaction.set_rollback(True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row_st, min_size=1, max_size=25))
def test_frame_checks_report_what_the_object_checks_report(make_program, tree, codes, actor, rows):
    with transaction.atomic():
        progs = [make_program(f"C{i}") for i in range(2)]
        orgs = [tree["JOBPOL"], tree["GWANAK-JOB"]]
        items = _items(rows, progs, orgs, codes, valid_only=False)

        def msgs(problems):  # type: ignore[no-untyped-def]
            return sorted((p.line, str(p.code), p.message_ko, p.message_en) for p in problems)

        assert msgs(check_frame(_frame(items))) == msgs(check_items(items))
        transaction.set_rollback(True)


def test_a_locked_month_is_refused_by_both_paths(make_program, tree, codes, actor):
    from iljari.ledger.services import period_lock

    prog = make_program("L1")
    period_lock(actor=actor, org_unit=tree["ECON"], period="2021-05", reason="제출됨 / submitted")
    items = _items([(0, 0, "job_result", "total", "2021-05", 5, dt.date(2021, 5, 31)),
                    (0, 0, "job_result", "total", "2021-06", 5, dt.date(2021, 6, 30))],
                   [prog, prog], [tree["JOBPOL"], tree["JOBPOL"]], codes, valid_only=True)
    got = check_frame(_frame(items))
    assert [(p.line, str(p.code)) for p in got] == [(2, "period_locked")]
    assert got[0].message_ko == check_items(items)[0].message_ko
    assert "제출됨" in got[0].message_ko


@pytest.mark.skipif("postgres" not in __import__("os").environ.get("DATABASE_URL", ""), reason="PostgreSQL only")
def test_a_large_import_takes_its_ids_on_a_second_connection(make_program, tree, codes, actor, monkeypatch):
    """The same rows whichever way the ids were taken (EARLY_IDS_FROM lowered so a small input uses the thread)."""
    import iljari.ledger.frames as frames

    prog = make_program("BIG")
    items = _items([(0, 0, "job_result", "total", p, 10 + k, DATES[k % 5]) for k, p in enumerate(PERIODS)],
                   [prog, prog], [tree["JOBPOL"], tree["JOBPOL"]], codes, valid_only=True)
    by_objects = _outcome(lambda: facts_record(actor=actor, items=items, prechecked=True))
    monkeypatch.setattr(frames, "EARLY_IDS_FROM", 1)

    def not_here(n):  # type: ignore[no-untyped-def]
        raise AssertionError("the ids were to come from the second connection")

    monkeypatch.setattr(frames, "_reserve_ids", not_here)
    by_thread = _outcome(lambda: facts_record_frame(actor=actor, frame=_frame(items)))
    assert by_thread == by_objects and by_thread[1] == len(items)
