"""One read path: the program list, its exports, the dashboard, the pivot and the API show the same figures for
the same date, mid-month included."""

import csv
import io
import re

import pytest

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
    import datetime as dt

    before = evaluate(year=2021, as_of=dt.date(2021, 6, 15), rules=[rule])
    after = evaluate(year=2021, as_of=dt.date(2021, 6, 25), rules=[rule])
    assert [v.program_code for v in before] == []
    assert [(v.program_code, v.left, v.period) for v in after] == [("A", 1600.0, "2021-06")]
