"""The demo's 2021 retention subsidy: generated, illustrative cases whose totals reproduce seed 001's table
(13,635 people, 15,452 million won; 집합금지 3,493 / 3,587, 영업제한 6,480 / 7,729, 그 외 업종 3,662 / 4,136) from the
case records, over 25 districts, with budgets of 15,000 million won and 452 million from 재난관리기금."""

import datetime as dt
from pathlib import Path

import pytest
from django.db.models import Count, Sum

import iljari.demo
from iljari.core.cli import actor_for

pytestmark = pytest.mark.django_db
DATA = Path(iljari.demo.__file__).parent / "data"


@pytest.fixture
def retention(db):  # type: ignore[no-untyped-def]
    from iljari.demo.cases_retention import load_demo_retention
    from iljari.interchange.canonical import orgs_import, programs_import

    actor = actor_for("demo-loader")
    for fn, name in ((orgs_import, "orgs"), (programs_import, "programs")):
        fn(actor=actor, path=DATA / f"{name}.csv", file_name=f"demo/{name}.csv", reason="demo")
    lines = load_demo_retention(actor=actor)
    return actor, lines


def test_the_cases_reproduce_seed_001s_table(retention) -> None:
    from iljari.cases.models import Case, ClaimMonth, DistrictBudget, Payment, Reallocation
    from iljari.ledger.models import Fact
    from iljari.people.models import BenefitRecord

    actor, lines = retention
    assert "13,635 cases" in lines[0]
    cases = Case.objects.filter(flow__code="RETENTION-2021", illustrative=True)
    assert cases.count() == 13_635 and cases.filter(stage__code="paid", outcome="approved").count() == 13_635
    paid = Payment.objects.filter(case__in=cases, status="paid", paid_on=dt.date(2021, 4, 30))
    assert paid.aggregate(s=Sum("amount"))["s"] == 15_452_000_000
    assert ClaimMonth.objects.filter(case__in=cases, eligible=True).count() == 30_904
    by_sector = {s: (n, w // 1_000_000) for s, n, w in paid.values_list("case__organisation__sector")
                 .annotate(n=Count("case__person", distinct=True), w=Sum("amount")).order_by()}
    assert by_sector == {"closure": (3_493, 3_587), "restricted": (6_480, 7_729), "other": (3_662, 4_136)}
    assert cases.values("district").distinct().count() == 25
    assert not cases.filter(organisation__employees__gte=50).exists()
    assert BenefitRecord.objects.filter(source="subsidy", kind="subsidy").aggregate(s=Sum("amount"))["s"] == \
        15_452_000_000
    # budgets: each district's budget is what it paid; 452 million won from the fund, 2021-04-22..26
    assert DistrictBudget.objects.aggregate(s=Sum("amount"))["s"] == 15_452_000_000
    moves = list(Reallocation.objects.order_by("on").values_list("on", "fund", "amount"))
    assert [m[0].day for m in moves] == [22, 23, 24, 25, 26] and {m[1] for m in moves} == {"재난관리기금"}
    assert sum(m[2] for m in moves) == 452_000_000
    # the demo leaves the ledger alone (seed 001's 2021 tables count the program outside their totals) ...
    assert not Fact.objects.filter(program__code="S21-RETENTION-SUBSIDY").exists()
    # ... and the derivation over the demo's cases gives expenditure and people paid by district, April 2021
    from iljari.cases.derive import payments_derive
    from iljari.cases.models import Flow
    from iljari.cases.money import budget_set

    payments_derive(actor=actor, year=2021, flows=[Flow.objects.get(code="RETENTION-2021")], reason="test")
    for b in DistrictBudget.objects.select_related("flow", "district"):  # budgets into the ledger: set again
        budget_set(actor=actor, flow=b.flow, district=b.district, year=2021, amount=b.amount, version=b.version)
    facts = Fact.objects.filter(program__code="S21-RETENTION-SUBSIDY", period="2021-04")
    last: dict[tuple[int, str], int] = {}
    for unit, code, value in facts.order_by("id").values_list("org_unit_id", "measure__code", "value"):
        last[(unit, code)] = value
    assert sum(v for (u, c), v in last.items() if c == "expenditure") == 15_452_000_000
    assert sum(v for (u, c), v in last.items() if c == "job_result") == 13_635
    budget = {}
    for unit, value in (Fact.objects.filter(program__code="S21-RETENTION-SUBSIDY", period="2021",
                                            measure__code="budget").order_by("id").values_list("org_unit_id", "value")):
        budget[unit] = value
    assert sum(budget.values()) == 15_452_000_000

    # loading again changes nothing
    from iljari.demo.cases_retention import load_demo_retention

    assert load_demo_retention(actor=actor) == ["  retention subsidy: already loaded"]
    assert cases.count() == 13_635
