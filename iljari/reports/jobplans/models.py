"""Job plans of the disclosure (지역일자리 공시제): a plan of a city or district, its headline targets typed in by
officers with their source, and what officers add to the job targets by type that the ledger does not hold."""

from __future__ import annotations

import datetime as dt

from django.db import models

from iljari.core.scoping import RestrictedManager

from .categories import CATEGORIES, INDICATORS


class JobPlan(models.Model):
    """민선 N기 지역일자리 종합계획 (the mayor's first year, for the term) or 연차별 세부계획 (every year, by the
    end of March). Published through reports.Publication (kind `job_plan`, subject `subject`)."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", "종합계획 / comprehensive plan"
        ANNUAL = "annual", "연차별 세부계획 / annual detailed plan"

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="job_plans")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    term = models.PositiveSmallIntegerField()  # 민선 N기
    first_year = models.SmallIntegerField()
    last_year = models.SmallIntegerField()  # the same as first_year for an annual plan
    as_of = models.DateField()  # 자료 기준일: the ledger's targets and budgets are read as of this day
    direction = models.TextField(blank=True)  # 일자리 대책 추진 방향 (기본방향): the plan in words
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("org__path",)

    class Meta:
        ordering = ["org__path", "-first_year", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "kind", "first_year"], name="job_plan_once")]

    def __str__(self) -> str:
        if self.kind == self.Kind.ANNUAL:
            return f"{self.first_year}년 {self.org.name_ko} 연차별 세부계획"
        return f"민선 {self.term}기 {self.org.name_ko} 종합계획({self.first_year}~{self.last_year})"

    @property
    def subject(self) -> str:
        """The plan as a publication's subject: SEOUL-annual-2021."""
        return f"{self.org.code}-{self.kind}-{self.first_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def due(self) -> dt.date:
        """공시 기한: an annual plan by the end of March of its year, a comprehensive plan within the mayor's first
        year (by the end of the year the term begins)."""
        if self.kind == self.Kind.ANNUAL:
            return dt.date(self.first_year, 3, 31)
        return dt.date(self.first_year, 12, 31)

    @property
    def is_city(self) -> bool:
        return self.org.kind == "city"


class PlanHeadline(models.Model):
    """A headline target (고용률, 취업자 수, 상용근로자 수): the base year's value and the target of the plan's last
    year, with where the figures come from (e.g. 통계청 경제활동인구조사) and the day they were published."""

    plan = models.ForeignKey(JobPlan, on_delete=models.CASCADE, related_name="headlines")
    indicator = models.CharField(max_length=20, choices=[(i.code, f"{i.ko} / {i.en}") for i in INDICATORS])
    base_year = models.SmallIntegerField(null=True, blank=True)
    base_value = models.DecimalField(max_digits=14, decimal_places=1, null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=1, null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    source_date = models.DateField(null=True, blank=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("plan__org__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="plan_headline_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.indicator}"


class PlanCategory(models.Model):
    """A job type of the plan: whether it applies and the officer's note (사업 예시, 산정 근거)."""

    plan = models.ForeignKey(JobPlan, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=24, choices=[(c.code, f"{c.ko} / {c.en}") for c in CATEGORIES])
    not_applicable = models.BooleanField(default=False)  # 해당 없음: the local government has none of it
    note = models.TextField(blank=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("plan__org__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "category"], name="plan_category_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.category}"


class PlanTypeFigure(models.Model):
    """A job target and budget of a type in a year, typed in where the ledger holds none (a type no program of the
    registry has, such as 기업유치, or a later year of a comprehensive plan)."""

    plan = models.ForeignKey(JobPlan, on_delete=models.CASCADE, related_name="type_figures")
    category = models.CharField(max_length=24, choices=[(c.code, f"{c.ko} / {c.en}") for c in CATEGORIES])
    year = models.SmallIntegerField()
    target = models.PositiveIntegerField(null=True, blank=True)  # jobs (개)
    budget = models.BigIntegerField(null=True, blank=True)  # won, exact

    objects = RestrictedManager()

    class Scope:
        paths = ("plan__org__path",)

    class Meta:
        ordering = ["category", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "category", "year"], name="plan_type_figure_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.category} {self.year}"
