"""Seed 003's pledge card 1-4 built from data: the rates, the total and the tables come out as printed."""

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from iljari.audit.models import AuditEntry
from iljari.core.errors import ConflictError, ServiceError
from iljari.pledges.selectors import pledge_card
from iljari.pledges.services import pledge_document, pledge_save

pytestmark = pytest.mark.django_db
SEED = json.loads((Path(__file__).parents[1] / "demo" / "pledge_1_4.json").read_text(encoding="utf-8"))
SEED.update(owner_org="GWANAK", programs=[])  # the test tree has the district, not the demo's division


@pytest.fixture
def pledge(actor, tree, codes):  # type: ignore[no-untyped-def]
    return pledge_save(actor=actor, data=copy.deepcopy(SEED), reason="seed 003")


def test_indicator_rates_and_total_are_those_of_the_seed(pledge):
    card = pledge_card(pledge, as_of=dt.date(2024, 3, 31))
    assert [card.percent(x.rate) for x in card.indicators] == ["82.3", "38.5", "39.3", "74.0", "60.0"]
    assert card.percent(card.total_rate) == "61.0"
    # from exact rates: 0.3 x 82.269... + ... = 61.04, not the 61.05 that rounded rates would give
    assert Decimal("61.04") < card.total_rate < Decimal("61.05")
    # The seed's own numbers: 2023 execution exceeds the 2023 investment plan for city and district funds.
    assert [p.message_en for p in card.checks] == [
        "2023 City: execution 7,333 million won exceeds the plan 3,885",
        "2023 District: execution 4,380 million won exceeds the plan 2,975"]


def test_investment_plan_and_execution_add_up_as_printed(pledge):
    card = pledge_card(pledge, as_of=dt.date(2024, 3, 31))
    m = card.million
    total, national, city, district, other = card.plan.rows
    assert (m(total.total), m(total.within), [m(v) for v in total.years], m(total.after)) == \
        ("34,034", "34,034", ["5,987", "6,984", "7,867", "8,492", "4,704"], "-")
    assert [m(r.total) for r in (national, city, district)] == ["368", "17,876", "15,790"]
    assert m(other.total) == "-"
    e_total, e_nat, e_city, e_dist, _ = card.execution.rows
    assert [m(v) for v in e_total.years] == ["4,054", "11,828", "1,480", "-", "-"]
    assert [m(r.total) for r in (e_total, e_nat, e_city, e_dist)] == ["17,362", "155", "10,909", "6,298"]
    assert [m(v) for v in card.cost_by_source.values()] == ["368", "17,876", "15,790", "-"]
    assert card.indicators[0].year_target == 1200 and card.year == 2024
    assert card.indicators[0].quarterly == [600, None, 600, None]


def test_results_after_the_date_are_not_counted(pledge):
    card = pledge_card(pledge, as_of=dt.date(2024, 3, 30))
    assert all(x.rate is None for x in card.indicators) and card.total_rate is None


def test_targets_and_weights_that_do_not_add_up_are_flagged(actor, tree, codes):
    data = copy.deepcopy(SEED)
    data["indicators"][0]["yearly_targets"]["2026"] = 700  # 5,226 for a goal of 5,200
    data["indicators"][1]["weight"] = 25
    data["indicators"][3]["quarterly_targets"]["2024Q4"] = 11
    data["execution"].append({"year": 2025, "source": "other", "amount": 1_000_000})
    card = pledge_card(pledge_save(actor=actor, data=data), as_of=dt.date(2024, 3, 31))
    got = sorted(p.message_en for p in card.checks)
    assert any("yearly targets add up to 5,226, not the goal 5,200" in g for g in got)
    assert any("weights add up to 105%" in g for g in got)
    assert any("quarters of 2024 add up to 54, not the year's target 53" in g for g in got)
    assert any("2025 Other: execution 1 million won exceeds the plan -" in g for g in got)
    assert len(got) == 6  # and the seed's own two (2023 execution above plan)


def test_saving_is_audited_all_or_nothing_and_version_checked(actor, pledge):
    doc = pledge_document(pledge)
    assert doc["indicators"][0]["results"] == [{"as_of": "2024-03-31", "value": 4278}]
    assert AuditEntry.objects.filter(object_type="pledges.pledge").count() == 1
    bad = copy.deepcopy(doc)
    bad["indicators"][0]["goal"] = "many"
    bad["investment_plan"][0]["source"] = "mars"
    bad["milestones"][0]["date"] = "2022. 9."
    with pytest.raises(ServiceError) as exc:
        pledge_save(actor=actor, data=bad)
    fields = {p.field for p in exc.value.problems}
    assert {"indicators[0].goal", "investment_plan[0].source", "milestones[0].date"} <= fields
    assert pledge_document(pledge) == doc  # nothing changed
    changed = copy.deepcopy(doc)
    changed["indicators"][0]["results"].append({"as_of": "2024-06-30", "value": 4900})
    pledge_save(actor=actor, data=changed, reason="2분기 실적", expected_version=1)
    entry = AuditEntry.objects.filter(object_type="pledges.pledge").latest("id")
    assert entry.reason == "2분기 실적" and len(entry.after["indicators"][0]["results"]) == 2
    assert len(entry.before["indicators"][0]["results"]) == 1
    with pytest.raises(ConflictError):
        pledge_save(actor=actor, data=changed, expected_version=1)
    pledge_save(actor=actor, data=changed, expected_version=2)  # the same document again: no new audit row
    assert AuditEntry.objects.filter(object_type="pledges.pledge").count() == 2


def test_export_edit_and_import_again_from_the_command_line(pledge, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "p.json"
    call_command("export-pledge", "1-4", "-o", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["status"] = "completed"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    call_command("import-pledge", str(out), "--actor", "planner", "--reason", "완료 보고")
    pledge.refresh_from_db()
    assert pledge.status == "completed" and pledge.version == 2
    doc["weight_typo"] = 1
    doc["indicators"][0]["weight"] = "thirty"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import-pledge", str(out))
