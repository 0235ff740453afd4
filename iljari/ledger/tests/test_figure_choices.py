"""The figure pages' shared choices: the default period of a unit and the choices read from an address."""

import pytest

from iljari.ledger.figures import figure_choices, latest_month, parse_period, unit_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(make_program, record):
    """Seoul's newest figures are of 2023 (results as of March); 관악구's are of 2019 (results as of August)."""
    a = make_program("A", owner="JOBPOL")
    record(a, "job_target", "2023", 100, "2023-01-01")
    record(a, "job_result", "2023-03", 40, "2023-03-31")
    b = make_program("B", owner="GWANAK-JOB")
    record(b, "job_target", "2019", 50, "2019-01-01")
    record(b, "job_result", "2019-08", 20, "2019-08-31")
    record(b, "budget", "2020", 9_000_000, "2020-01-01")  # a later plan without results: not opened by default
    return {"A": a, "B": b}


def test_each_unit_opens_on_its_own_latest_period(figures, tree):
    assert latest_month() == (2023, 3)
    assert latest_month(tree["SEOUL"]) == (2023, 3)
    assert latest_month(tree["ECON"]) == (2023, 3)
    # 관악구's newest year holds only a plan (2020 budget): it opens on its latest results, August 2019
    assert latest_month(tree["GWANAK"]) == (2019, 8)
    assert parse_period({}, scope=tree["GWANAK"])[1].isoformat() == "2019-08-31"
    assert parse_period({"year": "2019"}, scope=tree["GWANAK"])[1].isoformat() == "2019-08-31"
    assert parse_period({"year": "2018"}, scope=tree["GWANAK"])[1].isoformat() == "2018-12-31"
    assert parse_period({"year": "2019", "as_of": "2019-08"})[1].isoformat() == "2019-08-31"


def test_choices_from_an_address_are_checked(figures, make_user):
    officer = make_user("gw", "district_officer", "GWANAK")
    got = figure_choices({"year": "2021", "as_of": "2021-05", "org": "GWANAK-JOB", "unit": "억원",
                          "rounding": "절사"}, officer)
    assert got == {"year": "2021", "as_of": "2021-05-31", "org": "GWANAK-JOB", "unit": "hundred_million",
                   "rounding": "truncate"}
    assert "org" not in figure_choices({"org": "ECON"}, officer)  # not theirs: as if not asked
    assert figure_choices({"year": "2021", "as_of": "2020-05-31"}, officer) == {"year": "2021"}
    assert figure_choices({"year": "x" * 500, "as_of": "13/13", "unit": "dollars", "rounding": "up"}, officer) == {}
    assert figure_choices({"org": "", "rounding": ""}, officer) == {"org": "", "rounding": ""}  # back to defaults


def test_the_org_selector_is_the_users_tree_in_force_in_the_year(figures, make_user, tree, actor):
    import datetime as dt

    from iljari.orgs.services import org_unit_create

    org_unit_create(actor=actor, code="OLD", name_ko="폐지된 실", kind="office", parent=tree["SEOUL"],
                    valid_from=dt.date(2015, 1, 1))
    from iljari.orgs.models import OrgUnit

    OrgUnit.objects.filter(code="OLD").update(valid_to=dt.date(2018, 12, 31))
    reviewer = make_user("rv", "reviewer")
    codes_2021 = [o["code"] for g in unit_choices(reviewer, None, dt.date(2021, 5, 31)) for o in g["options"]]
    codes_2018 = [o["code"] for g in unit_choices(reviewer, None, dt.date(2018, 5, 31)) for o in g["options"]]
    assert "OLD" not in codes_2021 and "OLD" in codes_2018
    assert codes_2021[0] == "SEOUL" and codes_2021[-2:] == ["GWANAK", "GWANAK-JOB"]
    officer = make_user("gw2", "district_officer", "GWANAK")
    groups = unit_choices(officer, tree["GWANAK"], dt.date(2021, 5, 31))
    assert [(o["code"], o["selected"]) for g in groups for o in g["options"]] == [("GWANAK", True),
                                                                                 ("GWANAK-JOB", False)]


def test_this_month_opens_as_of_today_not_a_month_end_to_come(make_program, record, tree):
    from django.utils import timezone

    today = timezone.localdate()
    a = make_program("NOW", owner="JOBPOL")
    record(a, "job_target", str(today.year), 100, f"{today.year}-01-01")
    record(a, "job_result", f"{today:%Y-%m}", 5, today.isoformat())
    year, as_of = parse_period({})
    assert (year, as_of) == (today.year, today)  # the page says "as of today", never a day still to come
    assert parse_period({"year": str(today.year - 1)})[1].isoformat() == f"{today.year - 1}-12-31"
