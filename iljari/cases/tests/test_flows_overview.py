"""Slice "flows": the city and district overviews (seed 001's table layout) and their xlsx export (issue 17)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def paid_world(case_world, make_case):
    """관악구: 2 closure workers paid 1,500,000 each, 1 restricted worker with 2 approved months (not yet paid),
    1 other-sector worker rejected; 영등포구: 1 restricted worker paid 1,000,000 and a month not approved."""
    from iljari.cases.models import Case, ClaimMonth, Organisation, Payment

    def firm(name: str, sector: str, district: str) -> Organisation:
        return Organisation.objects.create(name=name, sector=sector, employees=5,
                                           district=case_world["units"][district])

    def case(district: str, org: Organisation, stage: str, months: list[int | None], paid: int | None = None) -> Any:
        c = make_case(district=district, organisation=org)
        Case.objects.filter(pk=c.pk).update(stage=c.flow.stages.get(code=stage),
                                            outcome=c.flow.stages.get(code=stage).outcome)
        for n, amount in enumerate(months):
            ClaimMonth.objects.create(case=c, month=dt.date(2021, 1 + n, 1), leave_days=10,
                                      eligible=amount is not None, amount=amount)
        if paid is not None:
            Payment.objects.create(case=c, amount=paid, due_on=dt.date(2021, 4, 30), status="paid",
                                   paid_on=dt.date(2021, 4, 30))
            Payment.objects.create(case=c, amount=999, due_on=dt.date(2021, 5, 30), status="scheduled")
        return c

    closure, restricted, other = (firm("식당", "closure", "GWANAK"), firm("노래방", "restricted", "GWANAK"),
                                  firm("공방", "other", "GWANAK"))
    ydp_firm = firm("헬스장", "restricted", "YDP")
    case("GWANAK", closure, "paid", [500_000] * 3, paid=1_500_000)
    case("GWANAK", closure, "paid", [500_000] * 3, paid=1_500_000)
    case("GWANAK", restricted, "city_check", [500_000, 500_000])
    case("GWANAK", other, "rejected", [None])
    case("YDP", ydp_firm, "paid", [500_000, 500_000, None], paid=1_000_000)
    return case_world


def test_the_overview_counts_and_amounts_from_the_case_records_and_its_totals_add_up(paid_world):
    page = client(paid_world["users"]["city"]).get("/cases/overview/?flow=RETENTION-2021")
    assert page.status_code == 200
    tables = page.context["tables"]
    sector = tables["sector"]
    by = {x.key: x for x in sector.lines}
    assert (by["closure"].count, by["closure"].amount) == (2, 3_000_000)
    assert (by["restricted"].count, by["restricted"].amount) == (2, 2_000_000)  # paid 1,000,000 + approved 1,000,000
    assert (by["other"].count, by["other"].amount) == (0, 0)  # the rejected case is not supported
    assert (sector.total.count, sector.total.amount) == (4, 5_000_000)
    for t in tables.values():
        assert t.total.count == sum(x.count for x in t.lines)
        assert t.total.amount == sum(x.amount for x in t.lines)
    assert by["closure"].count_share == 50.0 and by["closure"].amount_share == 60.0
    stage = {x.key: x for x in tables["stage"].lines}
    assert stage["rejected"].count == 1 and stage["paid"].count == 3 and tables["stage"].total.count == 5
    district = {x.key: x for x in tables["district"].lines}
    assert (district["GWANAK"].count, district["YDP"].count) == (3, 1)
    html = page.content.decode()
    assert "총계" in html and "지원인원(명)" in html and "지원액(백만원)" in html and "집합금지" in html
    assert html.index("총계") < html.index("집합금지") < html.index("영업제한") < html.index("그 외 업종")


def test_a_district_officer_sees_their_district_and_the_city_may_choose_one(paid_world):
    gwanak = client(paid_world["users"]["gwanak"]).get("/cases/overview/?flow=RETENTION-2021&district=YDP")
    assert gwanak.context["tables"]["sector"].total.count == 3  # the other district is not theirs to choose
    assert [x.key for x in gwanak.context["tables"]["district"].lines] == ["GWANAK"]
    city = client(paid_world["users"]["city"]).get("/cases/overview/?flow=RETENTION-2021&district=YDP")
    assert city.context["tables"]["sector"].total.count == 1
    assert city.context["tables"]["sector"].total.amount == 1_000_000


def test_the_overview_downloads_as_xlsx_with_numbers_not_formulas(paid_world):
    from openpyxl import load_workbook

    r = client(paid_world["users"]["city"]).get("/cases/overview.xlsx?flow=RETENTION-2021")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["단계별", "업종별", "자치구별"]
    ws = wb["업종별"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == ("구분", "지원인원(명)", "비율(%)", "지원액(원)", "지원액(백만원)", "비율(%)")
    assert rows[2] == ("총계", 4, 100.0, 5_000_000, 5, 100.0)
    assert rows[3][0] == "집합금지" and rows[3][1] == 2 and rows[3][3] == 3_000_000
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert client(paid_world["users"]["city"]).get("/cases/overview.xlsx?flow=NOPE").status_code == 200


def test_the_overview_is_for_case_officers(paid_world, make_user):
    assert client(make_user("rev", "reviewer")).get("/cases/overview/").status_code == 403
    assert client(make_user("rev2", "reviewer")).get("/cases/overview.xlsx").status_code == 403
