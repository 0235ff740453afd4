from __future__ import annotations

from django.db import models

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit


class CodeList(models.TextChoices):
    JOB_TYPE = "job_type", "일자리 유형 / job type"
    SUBTYPE = "subtype", "간접일자리 세부유형 / indirect subtype"
    TARGET_GROUP = "target_group", "사업대상 / target group"
    POLICY_FIELD = "policy_field", "정책분야 / policy field"
    FUNDING_SOURCE = "funding_source", "재원 / funding source"
    DELIVERY_MODE = "delivery_mode", "추진방식 / delivery mode"


class Code(models.Model):
    """An entry of an administrator-edited code list (types, subtypes, target groups, ...)."""

    list = models.CharField(max_length=20, choices=CodeList.choices, db_index=True)
    code = models.CharField(max_length=40)
    label_ko = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    sort_order = models.IntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["list", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="code_unique_in_list")]

    def __str__(self) -> str:
        return self.label_ko


class Measure(models.Model):
    """측정항목 / indicator definition: the built-in ledger measures and registered indicators.

    `aggregation` says how a year's value as of a date is found: `stock` (the annual value in force: targets,
    budget) or `cumulative` (the latest cumulative value for the year: results, commitments, expenditure).
    """

    class Kind(models.TextChoices):
        TARGET = "target", "목표 / target"
        RESULT = "result", "실적 / result"
        BUDGET = "budget", "예산현액 / budget"
        COMMITMENT = "commitment", "원인행위액 / commitment"
        EXPENDITURE = "expenditure", "지출액 / expenditure"
        INDICATOR = "indicator", "확인지표 / indicator"

    class Unit(models.TextChoices):
        JOBS = "jobs", "개"
        WON = "won", "원"
        PEOPLE = "people", "명"
        CASES = "cases", "건"
        TIMES = "times", "회"
        COMPANIES = "companies", "개사"

    class Aggregation(models.TextChoices):
        STOCK = "stock", "연간 값 / annual value"
        CUMULATIVE = "cumulative", "누계 / cumulative"

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INDICATOR)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    aggregation = models.CharField(max_length=10, choices=Aggregation.choices)
    allows_negative = models.BooleanField(default=False)
    by_funding_source = models.BooleanField(default=False, help_text="money measures are split by source")
    builtin = models.BooleanField(default=False, editable=False)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.code})"


class Program(models.Model):
    """일자리 사업: one job program of the registry."""

    class Status(models.TextChoices):
        PLANNED = "planned", "계획 / planned"
        ACTIVE = "active", "추진중 / active"
        COMPLETED = "completed", "완료 / completed"
        SUSPENDED = "suspended", "중단 / suspended"
        ABOLISHED = "abolished", "폐지 / abolished"

    class Continuity(models.TextChoices):
        NEW = "new", "신규 / new"
        CONTINUING = "continuing", "계속 / continuing"

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    owner_org = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="owned_programs")
    implementing_orgs = models.ManyToManyField(OrgUnit, blank=True, related_name="implemented_programs")
    job_type = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"list": CodeList.JOB_TYPE})
    subtype = models.ForeignKey(Code, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to={"list": CodeList.SUBTYPE})
    policy_field = models.ForeignKey(Code, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     limit_choices_to={"list": CodeList.POLICY_FIELD})
    target_groups = models.ManyToManyField(Code, blank=True, related_name="programs_targeting",
                                           limit_choices_to={"list": CodeList.TARGET_GROUP})
    delivery_mode = models.ForeignKey(Code, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      limit_choices_to={"list": CodeList.DELIVERY_MODE})
    continuity = models.CharField(max_length=10, choices=Continuity.choices, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    legal_basis = models.TextField(blank=True)
    description = models.TextField(blank=True)
    # 공사인력: a construction program's jobs are estimated from its budget with this industry's coefficient.
    construction_industry = models.CharField(max_length=40, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    illustrative = models.BooleanField(default=False, help_text="synthetic row spreading a seed total")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("owner_org__path",)
        view_paths = ("implementing_orgs__path",)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["job_type", "subtype"]), models.Index(fields=["owner_org"])]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.code})"


class ProgramFunding(models.Model):
    """재원 분담 비율: a program's funding share by source for a year (e.g. 시 70 : 구 30)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="funding_shares")
    year = models.PositiveSmallIntegerField()
    source = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+",
                               limit_choices_to={"list": CodeList.FUNDING_SOURCE})
    share_percent = models.DecimalField(max_digits=5, decimal_places=2)

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path",)
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        ordering = ["program", "year", "source__sort_order"]
        constraints = [models.UniqueConstraint(fields=["program", "year", "source"], name="funding_unique")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.year} {self.source_id}: {self.share_percent}%"


class EmploymentCoefficient(models.Model):
    """취업계수: jobs per 1 billion won of spending in an industry, valid from a date until the next one.

    Construction programs have no job counts of their own; their jobs are estimated from the budget (seed 001:
    "건설 소요예산(168억) ÷ 10억 × 취업계수(건물건설 및 보수 7.6명) = 127개")."""

    industry = models.CharField(max_length=40)  # e.g. building_construction
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    valid_from = models.DateField()
    jobs_per_billion = models.DecimalField(max_digits=8, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["industry", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["industry", "valid_from"], name="coefficient_once")]

    def __str__(self) -> str:
        return f"{self.name_ko} {self.jobs_per_billion} ({self.valid_from})"
