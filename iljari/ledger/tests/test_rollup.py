import datetime as dt

import pytest
from django.utils import timezone

from iljari.ledger.rollup import RollupError, rollup

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(make_program, record):
    """Two direct and two indirect programs in an office and a district, 2020 and 2021."""
    a = make_program("A", owner="JOBPOL", groups=("youth", "women"))
    b = make_program("B", owner="GWANAK-JOB", groups=("seniors",))
    c = make_program("C", owner="JOBPOL", job_type="indirect", subtype="training", groups=("youth",),
                     policy_field="skills")
    d = make_program("D", owner="WELFARE", job_type="indirect", subtype="startup", groups=("women",),
                     policy_field="startup_space")
    for p, target, result in [(a, 1000, 900), (b, 500, 100), (c, 300, 150), (d, 200, 0)]:
        record(p, "job_target", "2021", target, "2021-01-01")
        record(p, "job_result", "2021-05", result, "2021-05-31")
        record(p, "job_target", "2020", target - 100, "2020-01-01")
        record(p, "job_result", "2020-05", result // 2, "2020-05-31")
    record(a, "budget", "2021", 7_000_000_000, "2021-01-01", source="city")
    record(a, "budget", "2021", 3_000_000_000, "2021-01-01", source="district")
    record(a, "expenditure", "2021-05", 4_000_000_000, "2021-05-31", source="city")
    record(b, "budget", "2021", 1_000_000_000, "2021-01-01", source="district")
    return {"A": a, "B": b, "C": c, "D": d}


def rows(result):
    return {r.keys[-1]: r for r in result.rows if r.level == len(result.by)}


def test_by_job_type_with_rates_and_previous_year(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type"])
    g = rows(r)
    assert (g["direct"].current.target, g["direct"].current.result) == (1500, 1000)
    assert (g["indirect"].current.target, g["indirect"].current.result) == (500, 150)
    assert r.total.current.target == 2000 and r.total.current.result == 1150
    d = r.as_dict()
    assert d["total"]["display"]["achievement_rate"] == "57.5"
    assert d["rows"][0]["display"]["achievement_rate"] == "66.7"
    assert d["total"]["previous"]["target"] == 1600
    assert d["total"]["change"]["target"] == 400
    assert r.source == "monthly"


def test_truncate_setting(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type"], rounding="truncate")
    assert r.as_dict()["rows"][0]["display"]["achievement_rate"] == "66.6"


def test_budget_by_funding_source_and_execution_rate(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["funding_source"], unit="hundred_million")
    g = rows(r)
    assert g["city"].current.budget == 7_000_000_000
    assert g["district"].current.budget == 4_000_000_000
    assert g["total"].current.budget is None  # targets/results are not split by source: '-' not 0
    assert r.total.current.budget == 11_000_000_000
    d = r.as_dict()["total"]["display"]
    assert d["budget"] == "110" and d["expenditure"] == "40" and d["execution_rate"] == "36.4"


def test_missing_is_dash_not_zero(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"])
    d = {x["keys"][0]: x for x in r.as_dict()["rows"]}
    assert d["C"]["display"]["budget"] == "-"
    assert d["D"]["display"]["result"] == "0"
    assert d["D"]["display"]["achievement_rate"] == "0.0"


def test_correction_changes_later_as_of_only(portfolio, record):
    a = portfolio["A"]
    record(a, "job_result", "2021-05", 950, "2021-06-15", reason="late reports from a district")
    may = rows(rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"]))
    june = rows(rollup(year=2021, as_of=dt.date(2021, 6, 30), by=["program"]))
    mid = rows(rollup(year=2021, as_of=dt.date(2021, 6, 14), by=["program"]))
    after = rows(rollup(year=2021, as_of=dt.date(2021, 6, 15), by=["program"]))
    assert may["A"].current.result == 900
    assert june["A"].current.result == 950
    assert mid["A"].current.result == 900
    assert after["A"].current.result == 950


def test_newer_month_beats_a_late_correction_of_an_older_month(portfolio, record):
    a = portfolio["A"]
    record(a, "job_result", "2021-06", 990, "2021-06-30")
    record(a, "job_result", "2021-05", 920, "2021-07-05", reason="May corrected after June was reported")
    for as_of in ("2021-07-31", "2021-07-06"):
        g = rows(rollup(year=2021, as_of=dt.date.fromisoformat(as_of), by=["program"]))
        assert g["A"].current.result == 990


def test_recorded_before_reproduces_an_earlier_state(portfolio, record):
    moment = timezone.now()
    record(portfolio["A"], "job_result", "2021-05", 100, "2021-05-31", reason="typo fixed")
    now = rows(rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"]))
    then = rows(rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"], recorded_before=moment))
    assert now["A"].current.result == 100
    assert then["A"].current.result == 900


def test_revised_target(portfolio, record):
    record(portfolio["B"], "job_target", "2021", 400, "2021-04-10", reason="추경 감액 / supplementary budget cut")
    assert rows(rollup(year=2021, as_of=dt.date(2021, 3, 31), by=["program"]))["B"].current.target == 500
    assert rows(rollup(year=2021, as_of=dt.date(2021, 4, 30), by=["program"]))["B"].current.target == 400


def test_target_groups_do_not_double_count(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["target_group"])
    g = rows(r)
    assert g["youth"].current.target == 1300  # A and C
    assert g["women"].current.target == 1200  # A and D
    assert sum(x.current.target for x in g.values()) == 3000
    assert r.total.current.target == 2000
    assert r.total.current.program_count == 4
    assert "1,000" in r.notes[0]


def test_two_dimensions_with_subtotals(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type", "target_group"])
    sub = {x.keys[0]: x for x in r.rows if x.level == 1}
    assert sub["direct"].current.target == 1500  # A counted once although it has two groups
    cells = {x.keys: x for x in r.rows if x.level == 2}
    assert cells[("direct", "youth")].current.target == 1000
    assert cells[("direct", "women")].current.target == 1000
    assert cells[("indirect", "youth")].current.target == 300


def test_org_dimension_groups_children_of_scope(portfolio, tree):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["org"])
    g = rows(r)
    assert set(g) == {"SEOUL"}
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["org"], org=tree["SEOUL"])
    g = rows(r)
    assert g["ECON"].current.target == 1300
    assert g["GWANAK"].current.target == 500
    assert g["WELFARE"].current.target == 200
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type"], org=tree["ECON"])
    assert r.total.current.target == 1300


def test_district_dimension(portfolio):
    g = rows(rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["district"]))
    assert g["GWANAK"].current.target == 500
    assert g[None].current.target == 1500


def test_drill_down_from_a_total_to_programs(portfolio):
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type"])
    direct = next(x for x in r.rows if x.keys == ("direct",))
    drill = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"], filters=direct.filters)
    assert {x.keys[0] for x in drill.rows if x.level == 1} == {"A", "B"}
    assert drill.total.current.target == direct.current.target


def test_period_dimension_is_cumulative(portfolio, record):
    record(portfolio["A"], "job_result", "2021-02", 300, "2021-02-28")
    r = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["quarter"], filters={"program": "A"})
    g = rows(r)
    assert g["1"].current.result == 300
    assert g["2"].current.result == 900  # Q2 so far, as of May 31
    assert r.total.current.result == 900  # not 1,200
    assert g["1"].current.target == 1000


def test_raw_and_monthly_paths_agree(portfolio):
    monthly = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type", "funding_source"])
    raw = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type", "funding_source"],
                 recorded_before=timezone.now())
    assert monthly.source == "monthly" and raw.source == "facts"
    assert monthly.as_dict()["rows"] == raw.as_dict()["rows"]


def test_bad_requests():
    with pytest.raises(RollupError):
        rollup(year=2021, by=["colour"])
    with pytest.raises(RollupError):
        rollup(year=2021, by=["job_type", "subtype", "org"])
    with pytest.raises(RollupError):
        rollup(year=2021, by=["month", "quarter"])


def test_renamed_office_keeps_its_old_name_in_old_roll_ups(portfolio, tree, actor):
    from iljari.audit.models import AuditEntry
    from iljari.orgs.services import org_unit_rename

    org_unit_rename(actor=actor, org=tree["ECON"], name_ko="경제정책실(신)", effective=dt.date(2022, 1, 1),
                    reason="조직개편 / reorganisation")
    old = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["org"], org=tree["SEOUL"])
    assert "경제정책실" in {r.labels[0] for r in old.rows}
    new = rollup(year=2022, as_of=dt.date(2022, 5, 31), by=["org"], org=tree["SEOUL"])
    assert all(r.labels[0] != "경제정책실" for r in new.rows)
    entry = AuditEntry.objects.filter(object_type="orgs.orgunit", action="update").get()
    assert entry.before["name_ko"] == "경제정책실" and entry.after["name_ko"] == "경제정책실(신)"
    assert entry.reason == "조직개편 / reorganisation"


def test_every_registry_change_is_audited_once(make_program, actor, codes):
    from iljari.audit.models import AuditEntry
    from iljari.programs.services import program_set_funding, program_update

    p = make_program("Z")
    assert AuditEntry.objects.filter(object_type="programs.program", object_id=str(p.pk)).count() == 1
    program_update(actor=actor, program=p, status="completed", reason="종료")
    program_update(actor=actor, program=p, status="completed", reason="no change")  # nothing changes: no row
    program_set_funding(actor=actor, program=p, year=2021,
                        shares={codes["funding_source:city"]: 70, codes["funding_source:district"]: 30})
    rows = list(AuditEntry.objects.filter(object_type="programs.program", object_id=str(p.pk)).order_by("id"))
    assert [r.action for r in rows] == ["create", "update", "update"]
    assert rows[1].before["status"] == "active" and rows[1].after["status"] == "completed"
    assert rows[2].after["shares"] == {"city": "70", "district": "30"}
    from iljari.core.errors import ServiceError
    with pytest.raises(ServiceError):
        program_set_funding(actor=actor, program=p, year=2022, shares={codes["funding_source:city"]: 70})


def test_paging_the_first_dimension_keeps_totals(portfolio):
    full = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"])
    page = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["program"], limit=2, offset=1)
    assert [r.keys for r in page.rows if r.level == 1] == [r.keys for r in full.rows if r.level == 1][1:3]
    assert page.group_count == full.group_count == 4
    assert page.total.current == full.total.current


@pytest.mark.parametrize("second", ["funding_source", "org", "program", "district", "policy_field"])
def test_subtotals_equal_the_one_dimension_roll_up(portfolio, tree, second):
    two = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type", second], org=tree["SEOUL"])
    one = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type"], org=tree["SEOUL"])
    subs = {r.keys: r for r in two.rows if r.level == 1}
    for r in one.rows:
        if r.level == 1:
            assert subs[r.keys].current == r.current
            assert subs[r.keys].previous.target == r.previous.target
    assert two.total.current == one.total.current
