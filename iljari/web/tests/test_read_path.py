"""One read path: the program list, its exports, the dashboard, the pivot and the API show the same figures for
the same date, mid-month included."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from iljari.core.numbers import AmountUnit, Rounding, amount_value, format_amount, format_count
from iljari.core.periods import Period
from iljari.ledger.rollup import rollup
from iljari.ledger.services import FactInput, facts_record

pytestmark = pytest.mark.django_db

MID = "?year=2021&as_of=2021-05-20"  # A's May result (400) is known only on 31 May: as of the 20th it is 300


def _kpi(page: str, label: str) -> str:
    m = re.search(label + r'</span><span class="v">([^<]*)<', page)
    assert m, label
    return m.group(1)


def test_program_list_and_dashboard_agree_mid_month(portfolio_data, login):
    c = login("reviewer")
    dash = c.get("/" + MID).content.decode()
    result = _kpi(dash, "(?:실적|Jobs result)")
    assert result == "300"  # A 300 (April), B nothing yet
    listing = c.get("/programs/" + MID + "&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(listing)))[3:]
    by_code = {r[0]: r for r in rows}
    assert by_code["A"][9] == "300" and by_code["B"][9] == "-"
    page = c.get("/programs/" + MID).content.decode()
    assert '<td class="num">300</td>' in page and '<td class="num">400</td>' not in page


def test_quality_rules_read_the_same_figures_mid_month(portfolio_data, login, record):
    from iljari.quality.engine import evaluate
    from iljari.quality.models import ValidationRule

    a = portfolio_data["A"]
    # 1,600 > 1.5 x 1,000 from the 20th of June; as of the 15th the rule must not fire yet.
    record(a, "job_result", "2021-06", 1600, "2021-06-20")
    rule = ValidationRule.objects.get(code="result_over_150_percent")
    before = evaluate(year=2021, as_of=dt.date(2021, 6, 15), rules=[rule])
    after = evaluate(year=2021, as_of=dt.date(2021, 6, 25), rules=[rule])
    assert [v.program_code for v in before] == []
    assert [(v.program_code, v.left, v.period) for v in after] == [("A", 1600.0, "2021-06")]


# --- property: for random facts and dates, every reader shows the engine's exact figures -------------------------

MEASURES = ["job_target", "job_result", "budget", "expenditure"]
PERIODS = ["2021", "2021-01", "2021-03", "2021-05", "2021-06", "2021Q2", "2021H1", "2021-11", "2020-12"]
fact_st = st.tuples(st.integers(0, 2), st.integers(0, 1), st.sampled_from(MEASURES), st.sampled_from(PERIODS),
                    st.integers(0, 5_000_000_000), st.dates(dt.date(2020, 12, 1), dt.date(2021, 12, 31)),
                    st.sampled_from(["city", "district"]))


def _html_rows(html: str) -> dict[str, list[str]]:
    """Pivot table rows: label -> [program count, target, result, rate, budget, expenditure, ...]."""
    out = {}
    for block in re.findall(r'<tr class="level[01]">(.*?)</tr>', html, re.S):
        label = re.search(r'<th scope="row"[^>]*>([^<]*)</th>', block).group(1)
        count = re.search(r'<td class="num"><a [^>]*>([^<]*)</a></td>', block).group(1)
        out[label] = [count, *re.findall(r'<td class="num">([^<]*)</td>', block)]
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(fact_st, min_size=3, max_size=20),
       picks=st.lists(st.one_of(st.dates(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
                                st.tuples(st.integers(0, 19), st.integers(-3, 3))), min_size=1, max_size=2))
def test_dashboard_list_pivot_api_and_exports_agree(make_program, tree, codes, actor, make_user, rows, picks):
    from django.test import Client
    from rest_framework.test import APIClient

    with transaction.atomic():
        reader = make_user("prop-reader", "reviewer")
        c, api = Client(), APIClient()
        c.force_login(reader)
        api.force_authenticate(reader)
        progs = [make_program("P0", owner="JOBPOL"),
                 make_program("P1", owner="GWANAK-JOB", job_type="indirect", subtype="training"),
                 make_program("P2", owner="JOBPOL", groups=("youth", "women"))]
        orgs = [tree["JOBPOL"], tree["GWANAK-JOB"]]
        items, seen = [], set()
        for p, o, m, period, value, as_of, src in rows:
            per = Period.parse(period)
            measure = codes[f"measure:{m}"]
            if measure.aggregation == "cumulative" and as_of < per.start:
                continue
            source = codes[f"funding_source:{src}" if measure.by_funding_source else "funding_source:total"]
            key = (p, o, m, period, as_of, source.pk)
            if key in seen or (p, o, m, period, source.pk, as_of) in seen:
                continue
            seen.add(key)
            items.append(FactInput(program=progs[p], org_unit=orgs[o], measure=measure, funding_source=source,
                                   period=per, value=value, as_of=as_of))
        if items:
            facts_record(actor=actor, items=items)
        # Random dates, and dates a few days either side of a recorded value (where a month-end reading differs).
        dates = [p if isinstance(p, dt.date) else rows[p[0] % len(rows)][5] + dt.timedelta(days=p[1]) for p in picks]
        for as_of in [d for d in dates if d.year == 2021]:
            q = f"?year=2021&as_of={as_of.isoformat()}"
            exact = rollup(year=2021, as_of=as_of, by=["program"], exact=True)
            total = exact.total.current
            per_program = {r.keys[0]: r.current for r in exact.groups()}
            # dashboard
            dash = c.get("/" + q).content.decode()
            assert _kpi(dash, "(?:목표|Jobs target)") == format_count(total.target)
            assert _kpi(dash, "(?:실적|Jobs result)") == format_count(total.result)
            assert _kpi(dash, r"(?:예산|Budget) \([^)]*\)") == format_amount(total.budget)
            # program list (page, CSV, xlsx): each program's figures; their sum is the dashboard's total
            listing = list(csv.reader(io.StringIO(
                c.get("/programs/" + q + "&format=csv").content.decode("utf-8-sig"))))[3:]
            wb = load_workbook(io.BytesIO(c.get("/programs/" + q + "&format=xlsx").content)).active
            xl = [[cell.value for cell in r] for r in wb.iter_rows(min_row=4)]
            page = c.get("/programs/" + q).content.decode()
            results = 0
            for line, xrow in zip(listing, xl, strict=True):
                f = per_program.get(line[0])
                want = [format_count(f.target if f else None), format_count(f.result if f else None),
                        format_amount(f.budget if f else None, AmountUnit.MILLION, Rounding.HALF_UP)]
                assert [line[8], line[9], line[11]] == want, (as_of, line)
                # the workbook stores numbers (numeric cells), '-' where there is no value
                xl_want = [f.target if f else None, f.result if f else None,
                           amount_value(f.budget if f else None, AmountUnit.MILLION, Rounding.HALF_UP)]
                assert [None if v == "-" else v for v in (xrow[8], xrow[9], xrow[11])] == xl_want
                results += (f.result or 0) if f else 0
                assert f'<td class="num">{want[1]}</td>' in page
            assert format_count(results if total.result is not None else None) == format_count(total.result)
            # pivot page and its export, by program
            pivot = _html_rows(c.get("/pivot/" + q + "&dim1=program").content.decode())
            exported = list(csv.reader(io.StringIO(
                c.get("/pivot/" + q + "&dim1=program&format=csv").content.decode("utf-8-sig"))))[3:]
            assert pivot["계"][1:3] == [format_count(total.target), format_count(total.result)]
            assert exported[0][2:4] == [format_count(total.target), format_count(total.result)]
            xl_pivot = load_workbook(io.BytesIO(c.get("/pivot/" + q + "&dim1=program&format=xlsx").content)).active
            assert [None if v == "-" else v for v in (xl_pivot["C4"].value, xl_pivot["D4"].value)] == \
                [total.target, total.result]
            for code, f in per_program.items():
                assert pivot[f"사업 {code}"][1:3] == [format_count(f.target), format_count(f.result)]
            # API
            r = api.get("/api/rollup/", {"year": 2021, "as_of": as_of.isoformat(), "by": "program"}).json()
            assert (r["total"]["target"], r["total"]["result"], r["total"]["budget"]) == \
                (total.target, total.result, total.budget)
            assert {x["keys"][0]: (x["target"], x["result"], x["budget"], x["expenditure"]) for x in r["rows"]} == \
                {k: (f.target, f.result, f.budget, f.expenditure) for k, f in per_program.items()}
        transaction.set_rollback(True)
