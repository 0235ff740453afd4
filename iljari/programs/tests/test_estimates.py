"""Construction jobs from budgets: seed 001's 16.8 billion won x 7.6 -> 127, by the coefficient in force."""

import datetime as dt
from decimal import Decimal

import pytest

from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.programs.estimates import estimate_jobs
from iljari.programs.services import coefficient_save

pytestmark = pytest.mark.django_db


def test_seed_001_traditional_market_estimate():
    est = estimate_jobs(16_800_000_000, "building_construction", dt.date(2021, 6, 1))
    assert est is not None and est.jobs == 127  # 127.68 truncated
    assert est.formula_ko == "건설 소요예산(168억) ÷ 10억 × 취업계수(건물건설 및 보수 7.6명) = 127개"
    # the budget as booked (시비 16,781백만원) gives the same 127 (127.5356 truncated)
    assert estimate_jobs(16_781_000_000, "building_construction", dt.date(2021, 6, 1)).jobs == 127


def test_a_new_coefficient_applies_from_its_date_only(actor):
    coefficient_save(actor=actor, industry="building_construction", name_ko="건물건설 및 보수",
                     valid_from=dt.date(2024, 1, 1), jobs_per_billion=Decimal("6.9"), reason="2020 산업연관표")
    assert estimate_jobs(16_800_000_000, "building_construction", dt.date(2023, 12, 31)).jobs == 127
    assert estimate_jobs(16_800_000_000, "building_construction", dt.date(2024, 1, 1)).jobs == 115  # 115.92
    assert estimate_jobs(1_000_000_000, "civil_engineering", dt.date(2024, 1, 1)) is None
    assert estimate_jobs(16_800_000_000, "building_construction", dt.date(2020, 12, 31)) is None
    entry = AuditEntry.objects.get(object_type="programs.employmentcoefficient")
    assert Decimal(entry.after["jobs_per_billion"]) == Decimal("6.9") and entry.reason == "2020 산업연관표"


def test_impossible_coefficients_are_refused(actor):
    with pytest.raises(ServiceError) as exc:
        coefficient_save(actor=actor, industry="x", name_ko="", valid_from=dt.date(2024, 1, 1),
                         jobs_per_billion=Decimal("-1"))
    assert {p.field for p in exc.value.problems} == {"industry", "jobs_per_billion"}


def test_the_coefficients_page_estimates_and_administrators_edit(login, tree):
    c = login("reviewer")
    page = c.get("/reports/coefficients/?industry=building_construction&budget=168&on=2021-06-01").content.decode()
    assert "127개" in page and "건설 소요예산(168억)" in page
    assert c.post("/reports/coefficients/", {"industry": "x"}).status_code == 403
    admin = login("admin")
    r = admin.post("/reports/coefficients/", {"industry": "civil_engineering", "name_ko": "토목건설",
                                              "valid_from": "2024-01-01", "jobs_per_billion": "6.1"})
    assert r.status_code == 302
    page = admin.get("/reports/coefficients/?industry=civil_engineering&budget=100&on=2024-03-01").content.decode()
    assert "61개" in page
    bad = admin.post("/reports/coefficients/", {"industry": "y", "name_ko": "y", "valid_from": "2024-01-01",
                                                "jobs_per_billion": "0"}).content.decode()
    assert "취업계수는 0보다 크고 10,000보다 작아야 합니다" in bad and "a coefficient is above" not in bad


def test_the_estimator_refuses_negative_and_absurd_budgets(login, tree):
    """A budget is above 0 and below 1,000,000억원; otherwise the page says why and estimates nothing (issue 13)."""
    c = login("reviewer")
    base = "/reports/coefficients/?industry=building_construction&on=2021-06-01&budget="
    for budget, says in [("-168", "예산은 0보다 커야 합니다"), ("0", "예산은 0보다 커야 합니다"),
                         ("9" * 25, "예산이 너무 큽니다"), ("많이", "억원 단위의 숫자로")]:
        page = c.get(base + budget).content.decode()
        assert says in page and 'class="estimate"' not in page, budget
    page = c.get("/reports/coefficients/?industry=building_construction&budget=168&on=9999-01-01").content.decode()
    assert "기준일은 2000년부터 2100년 사이입니다" in page
