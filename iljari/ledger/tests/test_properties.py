"""Property: the month-end aggregates, the fact-version query and a plain-Python reading of the rules agree."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iljari.core.periods import Period, month_end
from iljari.ledger.models import Fact
from iljari.ledger.rollup import fact_frame, program_figures, rollup
from iljari.ledger.services import FactInput, facts_record

pytestmark = pytest.mark.django_db

MEASURES = ["job_target", "job_result", "budget", "expenditure"]
PERIODS = ["2021", "2021-01", "2021-03", "2021-05", "2021-06", "2021Q2", "2021H1", "2021-11"]

fact_st = st.tuples(
    st.integers(0, 1),  # program
    st.integers(0, 1),  # org
    st.sampled_from(MEASURES),
    st.sampled_from(PERIODS),
    st.integers(0, 10_000),
    st.dates(dt.date(2020, 12, 1), dt.date(2022, 1, 31)),
)


def oracle(facts: list[Fact], as_of: dt.date) -> dict[str, int]:
    """Per measure kind, the sum over keys of the winning version, straight from the rules in the docstrings."""
    best: dict[tuple, Fact] = {}
    for f in facts:
        stock = f.measure.aggregation == "stock"
        if f.year != 2021 or f.as_of > as_of or (stock and f.period_kind != "Y"):
            continue
        k = (f.program_id, f.org_unit_id, f.measure_id, f.funding_source_id)
        if k not in best or (f.ref_date, f.as_of, f.id) > (best[k].ref_date, best[k].as_of, best[k].id):
            best[k] = f
    out: dict[str, int] = {}
    for f in best.values():
        out[f.measure.kind] = out.get(f.measure.kind, 0) + f.value
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(fact_st, min_size=1, max_size=25), month=st.integers(1, 12))
def test_monthly_equals_versions_equals_oracle(make_program, tree, codes, actor, rows, month):
    with transaction.atomic():
        progs = [make_program(f"H{i}") for i in range(2)]
        orgs = [tree["JOBPOL"], tree["GWANAK-JOB"]]
        items = []
        seen = set()
        for p, o, m, period, value, as_of in rows:
            per = Period.parse(period)
            measure = codes[f"measure:{m}"]
            if measure.aggregation == "cumulative" and as_of < per.start:
                continue
            source = codes["funding_source:city" if measure.by_funding_source else "funding_source:total"]
            key = (p, o, m, period, as_of)
            if key in seen:
                continue
            seen.add(key)
            items.append(FactInput(program=progs[p], org_unit=orgs[o], measure=measure, funding_source=source,
                                   period=per, value=value, as_of=as_of))
        if items:
            facts_record(actor=actor, items=items)
        as_of = month_end(2021, month)
        expected = oracle(list(Fact.objects.select_related("measure")), as_of)
        # program-level (by program), org-level (by district) and source-level aggregates, and fact versions
        for by in (["program"], ["district"], ["org", "funding_source"]):
            fast = rollup(year=2021, as_of=as_of, by=by)
            slow = rollup(year=2021, as_of=as_of, by=by, recorded_before=timezone.now())
            assert fast.source == "monthly" and slow.source == "facts"
            for r in (fast, slow):
                t = r.total.current
                got = {k: v for k, v in {"target": t.target, "result": t.result, "budget": t.budget,
                                         "expenditure": t.expenditure}.items() if v is not None}
                assert got == expected
            assert [x.as_dict(fast.rounding, fast.unit) for x in fast.rows] == \
                [x.as_dict(slow.rounding, slow.unit) for x in slow.rows]
        transaction.set_rollback(True)


# Any date of the year and a few after it: mid-month dates are served from a month-end slice plus the versions
# known after it (ledger.cube.Snapshot.asof); they must give exactly what the fact-version query gives.
DIM_SETS = [[], ["program"], ["district"], ["org", "funding_source"], ["job_type", "month"], ["target_group"],
            ["funding_source", "quarter"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(fact_st, min_size=1, max_size=25),
       dates=st.lists(st.dates(dt.date(2021, 1, 1), dt.date(2022, 2, 28)), min_size=1, max_size=3))
def test_any_as_of_date_fast_equals_exact_equals_oracle(make_program, tree, codes, actor, rows, dates):
    from iljari.ledger import cube

    with transaction.atomic():
        progs = [make_program(f"H{i}") for i in range(2)]
        orgs = [tree["JOBPOL"], tree["GWANAK-JOB"]]
        items, seen = [], set()
        for p, o, m, period, value, as_of in rows:
            per = Period.parse(period)
            measure = codes[f"measure:{m}"]
            if measure.aggregation == "cumulative" and as_of < per.start:
                continue
            source = codes["funding_source:city" if measure.by_funding_source else "funding_source:total"]
            if (p, o, m, period, as_of) in seen:
                continue
            seen.add((p, o, m, period, as_of))
            items.append(FactInput(program=progs[p], org_unit=orgs[o], measure=measure, funding_source=source,
                                   period=per, value=value, as_of=as_of))
        if items:
            facts_record(actor=actor, items=items)
        facts = list(Fact.objects.select_related("measure"))
        for as_of in dates:
            cube.clear(asof_only=True)  # build the as-of slice for this date (month-end slices stay cached)
            expected = oracle(facts, as_of)
            for by in DIM_SETS:
                fast = rollup(year=2021, as_of=as_of, by=by)
                slow = rollup(year=2021, as_of=as_of, by=by, exact=True)
                assert slow.source == "facts" and fast.source != "facts"
                t = fast.total.current
                got = {k: v for k, v in {"target": t.target, "result": t.result, "budget": t.budget,
                                         "expenditure": t.expenditure}.items() if v is not None}
                assert got == expected, (as_of, by)
                assert [x.as_dict(fast.rounding, fast.unit) for x in fast.rows] == \
                    [x.as_dict(slow.rounding, slow.unit) for x in slow.rows], (as_of, by)
            # The quality rules' rows (program x unit x source) and the program figures of the lists.
            keys = ["program_id", "org_unit_id", "funding_source_id"]
            quick, exact = (fact_frame(2021, as_of, exact=e).sort_values(keys).reset_index(drop=True)
                            for e in (False, True))
            assert quick.astype(object).where(quick.notna(), None).values.tolist() == \
                exact.astype(object).where(exact.notna(), None).values.tolist(), as_of
            assert program_figures(None, 2021, as_of) == program_figures(None, 2021, as_of, exact=True)
        transaction.set_rollback(True)
