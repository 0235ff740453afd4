"""Estimated jobs of construction programs (공사인력): budget ÷ 1,000,000,000 × 취업계수, truncated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from .models import EmploymentCoefficient


@dataclass(frozen=True)
class JobsEstimate:
    jobs: int
    budget: int
    coefficient: EmploymentCoefficient

    @property
    def formula(self) -> str:
        """The sum in the page's language."""
        from django.utils.translation import get_language

        return self.formula_en if (get_language() or "ko").startswith("en") else self.formula_ko

    @property
    def formula_en(self) -> str:
        billions = Decimal(self.budget) / 100_000_000
        c = self.coefficient
        return (f"construction budget ({billions.normalize():,f} × 100 million won) ÷ 1 billion won × coefficient "
                f"({c.name_en or c.name_ko} {c.jobs_per_billion.normalize():f} people) = {self.jobs:,} jobs")

    @property
    def formula_ko(self) -> str:
        billions = Decimal(self.budget) / 100_000_000  # 억원
        return (f"건설 소요예산({billions.normalize():,f}억) ÷ 10억 × 취업계수({self.coefficient.name_ko} "
                f"{self.coefficient.jobs_per_billion.normalize():f}명) = {self.jobs:,}개")


def coefficient_on(industry: str, on: dt.date) -> EmploymentCoefficient | None:
    """The coefficient in force on a date: the latest one valid from that date or earlier."""
    return (EmploymentCoefficient.objects.filter(industry=industry, valid_from__lte=on)
            .order_by("-valid_from").first())


def estimate_jobs(budget_won: int, industry: str, on: dt.date) -> JobsEstimate | None:
    """Jobs a construction budget creates by the coefficient in force on `on`; whole jobs, truncated (seed 001:
    16.8 billion won × 7.6 = 127.68 → 127). None when the industry has no coefficient yet."""
    c = coefficient_on(industry, on)
    if c is None:
        return None
    jobs = (Decimal(budget_won) * c.jobs_per_billion / 1_000_000_000).to_integral_value(rounding=ROUND_DOWN)
    return JobsEstimate(int(jobs), budget_won, c)
