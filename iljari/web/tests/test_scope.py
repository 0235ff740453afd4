"""Issue 12, hole 4 (reads): a district officer sees only their district's share of a program several districts
implement, on the program list, the program page and the exports, the same rule as the API's roll-up."""

import csv
import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

Q = "?year=2021&as_of=2021-05-31"

# Each district's figures are recognisable numbers that appear nowhere else.
YDP = {"target": 3331, "result": 1113, "budget": 4_440_000_000, "expenditure": 1_230_000_000}
GWANAK = {"target": 7779, "result": 2227, "budget": 8_880_000_000, "expenditure": 6_170_000_000}
GWANAK_SHOWN = ["7,779", "2,227", "8,880", "6,170", "7779", "2227", "8880000000", "6170000000"]
WHOLE_SHOWN = ["11,110", "3,340", "13,320"]


@pytest.fixture
def shared(actor, tree, make_program, record):  # type: ignore[no-untyped-def]
    """S: the city's program carried out by 영등포구 and 관악구, each recording its own figures."""
    from iljari.orgs.services import org_unit_create
    from iljari.programs.services import program_update

    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    tree["YDP"] = ydp
    s = make_program("S", owner="JOBPOL")
    program_update(actor=actor, program=s, implementing_orgs=[ydp, tree["GWANAK"]])
    for org, f in (("YDP", YDP), ("GWANAK", GWANAK)):
        record(s, "job_target", "2021", f["target"], "2021-01-01", org=org)
        record(s, "job_result", "2021-05", f["result"], "2021-05-31", org=org, reason=f"{org} 5월 실적")
        record(s, "budget", "2021", f["budget"], "2021-01-01", org=org, source="city")
        record(s, "expenditure", "2021-05", f["expenditure"], "2021-05-31", org=org, source="city")
    return s


def _absent(text: str, *needles: str) -> None:
    found = [n for n in needles if n in text]
    assert not found, f"another district's figures or names on the page: {found}"


def test_district_officer_sees_only_their_share_on_the_program_list(shared, login):
    page = login("district_officer", "YDP").get("/programs/" + Q).content.decode()
    assert "사업 S" in page
    assert "3,331" in page and "1,113" in page and "4,440" in page  # 영등포구's target, result, budget
    assert "영등포구 분" in page  # labelled as their share
    _absent(page, *GWANAK_SHOWN, *WHOLE_SHOWN, "관악구")


def test_global_roles_see_the_whole_program(shared, login):
    page = login("reviewer").get("/programs/" + Q).content.decode()
    assert "11,110" in page and "3,340" in page and "13,320" in page
    assert "영등포구 분" not in page
    detail = login("portfolio").get("/programs/S/" + Q).content.decode()
    assert "11,110" in detail and "7,779개" in detail and "관악구" in detail  # a version: 7,779개


def test_district_officer_sees_only_their_share_on_the_program_page(shared, login):
    page = login("district_officer", "YDP").get("/programs/S/" + Q).content.decode()
    assert "3,331" in page and "1,113" in page  # monthly table: their target and result
    assert "3,331개" in page and "YDP 5월 실적" in page  # their recorded versions, with separators
    assert "영등포구 분" in page
    # neither 관악구's figures, its versions (value, reason) nor its name (implementing units)
    _absent(page, *GWANAK_SHOWN, *WHOLE_SHOWN, "관악구", "GWANAK")  # nor its code in the registry's history


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_district_officers_export_has_only_their_share(shared, login, fmt):
    r = login("district_officer", "YDP").get("/programs/" + Q + f"&format={fmt}")
    assert r.status_code == 200
    if fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig"))) for c in row]
    else:
        ws = load_workbook(io.BytesIO(r.content)).active
        values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        assert 3331 in values and 1113 in values and 4440 in values  # numbers stay numbers
        cells = [f"{c:,}" if isinstance(c, int) else str(c) for c in values]
    text = "\n".join(cells)
    assert "3,331" in cells and "1,113" in cells and "4,440" in cells
    assert "영등포구 분" in text
    _absent(text, *GWANAK_SHOWN, *WHOLE_SHOWN, "관악구")


def test_the_other_district_sees_its_own_share(shared, login):
    page = login("district_officer", "GWANAK").get("/programs/" + Q).content.decode()
    assert "7,779" in page and "관악구 분" in page
    _absent(page, "3,331", "1,113", "4,440", "11,110", "영등포구")



def test_a_drill_down_does_not_tell_which_programs_another_district_records(shared, login):
    ydp = login("district_officer", "YDP")
    assert "사업 S" in ydp.get("/programs/" + Q + "&f_district=YDP").content.decode()
    page = ydp.get("/programs/" + Q + "&f_district=GWANAK").content.decode()
    assert "사업 S" not in page
