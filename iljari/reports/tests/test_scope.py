"""Issue 12, hole 4: a unit's work report shows that unit's figures of each program, never another district's
share of a program both carry out (a district officer reads it, and may publish it)."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(actor, tree, make_program, record):  # type: ignore[no-untyped-def]
    """관악구's program S, carried out with 영등포구; each district records its own figures."""
    from iljari.orgs.services import org_unit_create
    from iljari.programs.services import program_update

    tree["YDP"] = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    s = make_program("S", owner="GWANAK-JOB")
    program_update(actor=actor, program=s, implementing_orgs=[tree["GWANAK-JOB"], tree["YDP"]])
    for org, target, result, budget in (("GWANAK-JOB", 4441, 1221, 6_660_000_000),
                                        ("YDP", 5553, 3331, 7_770_000_000)):
        record(s, "job_target", "2021", target, "2021-01-01", org=org)
        record(s, "job_result", "2021-05", result, "2021-05-31", org=org)
        record(s, "budget", "2021", budget, "2021-01-01", org=org, source="city")
    return s


def test_a_district_officers_work_report_has_only_the_districts_share(shared, login):
    page = login("district_officer", "GWANAK").get(
        "/reports/work-report/?year=2021&as_of=2021-05-31").content.decode()
    assert "관악구 주요업무보고" in page and "사업 S" in page
    assert "4,441" in page and "1,221" in page and "6,660" in page
    for other in ("5,553", "3,331", "7,770", "9,994", "4,552", "14,430"):  # 영등포구's share or the whole
        assert other not in page, other
    assert "관악구 분" in page


def test_the_whole_citys_work_report_has_the_whole_program(shared, tree):
    from iljari.reports.ledger_reports import work_report

    rep = work_report(org=tree["SEOUL"], year=2021, as_of=dt.date(2021, 5, 31))
    (page,) = [s for s in rep.sections if s.get("program")]
    (row, *_rest) = page["tables"][0].rows
    assert row.cells[:2] == [9994, 4552]
