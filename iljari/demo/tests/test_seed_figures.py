"""Acceptance: the demo data loaded by `iljari load-demo` reproduces the seeds' own tables (expected.json was
transcribed from the seed text, not computed from the CSV files)."""

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from iljari.ledger.models import Fact
from iljari.ledger.rollup import rollup
from iljari.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db

EXPECTED = json.loads((Path(__file__).resolve().parents[1] / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo(db):
    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())


def _close(got, want, precision):
    if got is None:
        return False
    return abs(Decimal(got) - Decimal(want)) * 2 < Decimal(precision) if precision > 1 else got == want


def _check(figures: dict, want: dict, precision: dict, where: str, problems: list[str]) -> None:
    for k, v in want.items():
        got = figures["change"]["target"] if k == "target_change" else figures.get(k)
        if k == "achievement_rate" or k == "execution_rate":
            got = figures["display"][k]
            ok = got == v
        else:
            ok = _close(got, v, precision.get(k, 1))
        if not ok:
            problems.append(f"{where} {k}: got {got}, seed says {v}")


def test_demo_reproduces_every_seed_table(demo):
    problems: list[str] = []
    checked = 0
    for e in EXPECTED:
        if e.get("rollup") is False:
            for period, want in e["rows"].items():
                f = Fact.objects.filter(program__code=e["program"], measure__code=e["measure"],
                                        period=period).order_by("-id").first()
                checked += 1
                if f is None or f.value != want["target"]:
                    problems.append(f"{e['name']} {period}: got {f and f.value}, seed says {want['target']}")
            continue
        org = OrgUnit.objects.get(code=e["org"]) if e.get("org") else None
        r = rollup(year=e["year"], as_of=dt.date.fromisoformat(e["as_of"]), by=e["by"], org=org,
                   filters=e.get("filters") or {})
        d = r.as_dict()
        groups = {row["keys"][-1]: row for row in d["rows"] if row["level"] == len(e["by"])}
        precision = e.get("precision", {})
        for key, want in e["rows"].items():
            checked += len(want)
            if key not in groups:
                problems.append(f"{e['name']}: no row {key}")
                continue
            _check(groups[key], want, precision, f"{e['name']} [{key}]", problems)
        total = d["total"]
        if e.get("total_excludes_programs"):
            total = dict(total)
            for k in ("budget", "expenditure"):
                if total.get(k) is not None:
                    total[k] -= sum(groups[p][k] or 0 for p in e["total_excludes_programs"])
        checked += len(e.get("total", {}))
        _check(total, e.get("total", {}), precision, f"{e['name']} [계]", problems)
    assert not problems, "\n".join(problems)
    assert checked > 250


def test_acceptance_rollup_by_job_type_cli_and_api(demo, django_user_model):
    out = io.StringIO()
    call_command("rollup", "--year", "2021", "--as-of", "2021-05-31", "--by", "job_type", stdout=out)
    text = out.getvalue()
    for figure in ("187,307", "176,743", "94.4", "205,981", "101,491", "49.3", "393,288", "278,234", "70.7"):
        assert figure in text, text
    out = io.StringIO()
    call_command("rollup", "--year", "2021", "--as-of", "2021-05-31", "--by", "subtype", "--format", "json",
                 stdout=out)
    rows = {r["keys"][0]: r for r in json.loads(out.getvalue())["rows"]}
    assert (rows["training"]["target"], rows["training"]["result"],
            rows["training"]["display"]["achievement_rate"]) == (21827, 7583, "34.7")
    assert rows["construction"]["budget"] is None and rows["construction"]["display"]["budget"] == "-"
    client = APIClient()
    from iljari.access.services import membership_grant

    council = django_user_model.objects.create_user("council", password="x")
    membership_grant(actor=None, user=council, role="reviewer")
    client.force_authenticate(council)
    api = client.get("/api/rollup/", {"year": 2021, "as_of": "2021-05-31", "by": "job_type"}).json()
    cli = json.loads(_json_rollup())
    assert api == cli


def _json_rollup() -> str:
    out = io.StringIO()
    call_command("rollup", "--year", "2021", "--as-of", "2021-05-31", "--by", "job_type", "--format", "json",
                 stdout=out)
    return out.getvalue()


def test_correction_on_june_15_changes_june_30_not_may_31(demo, actor):
    from iljari.ledger.services import fact_record
    from iljari.programs.models import Code, Measure

    before = json.loads(_json_rollup())
    direct = next(r for r in before["rows"] if r["keys"] == ["direct"])
    latest = Fact.objects.filter(program__job_type__code="direct", measure__code="job_result", year=2021,
                                 period="2021-05").order_by("-id").first()
    program = latest.program
    fact_record(actor=actor, program=program, org_unit=latest.org_unit, measure=Measure.objects.get(code="job_result"),
                funding_source=Code.objects.get(list="funding_source", code="total"), period=latest.period,
                value=latest.value + 100, as_of=dt.date(2021, 6, 15), reason="late district reports")
    may = rollup(year=2021, as_of=dt.date(2021, 5, 31), by=["job_type"]).as_dict()
    june = rollup(year=2021, as_of=dt.date(2021, 6, 30), by=["job_type"]).as_dict()
    assert may == before
    assert next(r for r in june["rows"] if r["keys"] == ["direct"])["result"] == direct["result"] + 100


def test_load_demo_twice_changes_nothing(demo):
    n = Fact.objects.count()
    out = io.StringIO()
    call_command("load-demo", "--no-users", stdout=out, stderr=out)
    assert Fact.objects.count() == n


def test_yeongdeungpo_truncates_as_its_reports_do(demo):
    # seed 002 prints 73.7% for 152,496 / 206,739 = 73.76...: the district truncates (절사)
    ydp = OrgUnit.objects.get(code="YDP-JOBPOL")
    r = rollup(year=2014, as_of=dt.date(2014, 8, 31), by=["program"], org=ydp).as_dict()
    row = next(x for x in r["rows"] if x["keys"] == ["Y14-PRIVATE-COOP"])
    assert row["display"]["execution_rate"] == "73.7"
    assert rollup(year=2014, as_of=dt.date(2014, 8, 31), by=["program"], org=ydp,
                  rounding="half-up").as_dict()["rows"][0]["display"]["execution_rate"] != "-"


def test_the_demo_city_has_its_25_districts_with_official_codes_and_the_same_figures(demo, django_user_model):
    seoul = OrgUnit.objects.get(code="SEOUL")
    districts = OrgUnit.objects.filter(parent=seoul, kind="district")
    codes = dict(districts.values_list("admin_code", "name_ko"))
    assert len(codes) == 25 and all(len(c) == 5 and c.startswith("11") for c in codes)
    assert (codes["11110"], codes["11560"], codes["11620"], codes["11740"]) == ("종로구", "영등포구", "관악구", "강동구")
    assert all(d.name_en.endswith("-gu") and d.district_id == d.pk for d in districts)
    # the districts the seeds name keep their codes (logins, files and facts use them)
    assert OrgUnit.objects.get(code="YDP").admin_code == "11560"
    assert OrgUnit.objects.get(code="GWANAK").admin_code == "11620"
    # the new districts have no figures: Seoul's district roll-ups list only the districts the seeds report, with
    # the same totals as without the district dimension
    for year, as_of, named in ((2014, dt.date(2014, 8, 31), ["영등포구"]), (2024, dt.date(2024, 3, 31), ["관악구"])):
        by_district = rollup(year=year, as_of=as_of, by=["district"], org=seoul).as_dict()
        plain = rollup(year=year, as_of=as_of, by=["job_type"], org=seoul).as_dict()
        assert [r["labels"][-1] for r in by_district["rows"]] == named
        figures = ("program_count", "target", "result", "budget", "commitment", "expenditure", "display")
        assert [by_district["total"][k] for k in figures] == [plain["total"][k] for k in figures]
    from iljari.access.services import membership_grant

    client = APIClient()
    council = django_user_model.objects.create_user("council", password="x")
    membership_grant(actor=None, user=council, role="reviewer")
    client.force_authenticate(council)
    listed = client.get("/api/orgs/", {"limit": 100}).json()
    rows = listed.get("results", listed) if isinstance(listed, dict) else listed
    assert {r["code"]: r["admin_code"] for r in rows}["JONGNO"] == "11110"
