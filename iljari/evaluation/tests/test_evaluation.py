"""Yearly evaluation: components from the ledger, weights and bands from the scheme, reasons for each grade."""

from decimal import Decimal

import pytest

from iljari.audit.models import AuditEntry
from iljari.evaluation.selectors import evaluate
from iljari.evaluation.services import scheme_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(make_program, record):  # type: ignore[no-untyped-def]
    """2021: A does well, B (same type) costs three times as much per job and misses its target."""
    a = make_program("A", owner="JOBPOL")
    b = make_program("B", owner="GWANAK-JOB")
    record(a, "job_target", "2021", 100, "2021-01-01")
    record(a, "job_result", "2021-12", 100, "2021-12-31")
    record(a, "budget", "2021", 1_000_000_000, "2021-01-01", source="city")
    record(a, "expenditure", "2021-12", 900_000_000, "2021-12-31", source="city")
    record(a, "people_placed", "2021-12", 40, "2021-12-31")
    record(b, "job_target", "2021", 100, "2021-01-01")
    record(b, "job_result", "2021-12", 50, "2021-12-31")
    record(b, "budget", "2021", 2_000_000_000, "2021-01-01", source="city")
    record(b, "expenditure", "2021-12", 1_350_000_000, "2021-12-31", source="city")
    record(b, "job_target", "2020", 100, "2020-01-01")
    record(b, "job_result", "2020-12", 30, "2020-12-31")
    return {"A": a, "B": b}


def test_components_scores_grades_and_reasons(year):
    rows = {r.program.code: r for r in evaluate(2021, list(year.values()))}
    a, b = rows["A"], rows["B"]
    # A: achievement 100, execution 90, cost 9.0 vs median 18.0 -> 100, placed 40 % -> (40*100+20*90+20*100+20*40)/100
    assert a.total == Decimal("86") and a.grade == "우수"
    assert any("취업 연계 40.0%" in x for x in a.reasons)
    # B: achievement 50, execution 67.5, cost 27 vs median 18 -> 66.7, no placement -> weights of 80 rescaled
    assert b.grade == "미흡" and "자료 없음, 가중치 재배분: 취업 연계" in b.reasons
    assert round(b.total, 1) == Decimal("58.5")
    assert any("일자리당 27.0백만원 (같은 유형 중앙값 18.0백만원)" in x for x in b.reasons)


def test_the_scheme_is_configurable_and_audited(year, actor):
    scheme_save(actor=actor, valid_from=2021, values={
        "weight_achievement": Decimal(100), "weight_execution": Decimal(0), "weight_cost": Decimal(0),
        "weight_transition": Decimal(0), "excellent_from": Decimal(90), "adequate_from": Decimal(40)},
        reason="달성률만 평가")
    rows = {r.program.code: r for r in evaluate(2021, list(year.values()))}
    assert rows["B"].total == Decimal(50) and rows["B"].grade == "보통"
    assert rows["A"].grade == "우수"
    assert evaluate(2020, [year["B"]])[0].grade == "미흡"  # 2020 uses the default scheme (30 %)
    assert AuditEntry.objects.filter(object_type="evaluation.evaluationscheme").get().reason == "달성률만 평가"


def test_weak_programs_page_shows_history_for_the_council(login, year):
    council = login("reviewer")
    page = council.get("/evaluation/weak/?year=2021").content.decode()
    assert "사업 B" in page and "사업 A" not in page
    assert "미흡 30.0" in page  # 2020: achievement 30 % only
    listing = council.get("/evaluation/?year=2021").content.decode()
    assert "우수" in listing and "86.0" in listing
    assert council.get("/evaluation/scheme/").status_code == 403
