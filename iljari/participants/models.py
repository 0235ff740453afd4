"""Participants of direct job programs: rounds, applicants, applications, dated rules, parameters and pay rules.

Rules and parameters carry their dates (OpenFisca's dated parameters are the model): a decision of 2014 is
recomputed under 2014's rules and poverty lines. The resident registration number is never stored in plain
text (`rrn.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person
from iljari.programs.models import Program


class Parameter(models.Model):
    """A dated parameter: e.g. `minimum_cost_of_living` {household size: won a month} valid from 2014-01-01."""

    name = models.CharField(max_length=60)
    valid_from = models.DateField()
    value = models.JSONField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["name", "valid_from"], name="parameter_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%Y.%m.%d}~)"


class RecruitmentRound(models.Model):
    """모집 회차: e.g. 2024 하반기 — apply in May, select in June, work 2024-07-01 to 2024-11-30."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=100)
    announce_on = models.DateField(null=True, blank=True)
    apply_from = models.DateField()
    apply_to = models.DateField()
    select_on = models.DateField(null=True, blank=True)
    work_from = models.DateField()
    work_to = models.DateField()
    places = models.PositiveIntegerField()
    vulnerable_quota_percent = models.PositiveSmallIntegerField(default=0)  # e.g. at least 10 % of places
    # The unit running the round when it is not the program's owner: a district carrying out a city program
    # (one of the program's implementing units) runs its own round of it. Empty: the owner runs it.
    run_by = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)  # 비고: where the figures come from, what is illustrative
    # 하는 일: what the job is, in the announcement's words; the citizen page shows it (officers' notes stay here)
    duties = models.TextField(max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path", "run_by__path")
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        ordering = ["program", "apply_from"]

    def __str__(self) -> str:
        return f"{self.program.code} {self.name}"


class Applicant(models.Model):
    """신청자. `rrn_hash` matches the same person everywhere; `rrn_encrypted` is revealed only with an audit row."""

    class Employment(models.TextChoices):
        UNEMPLOYED = "unemployed", "실업"
        DAY_LABOURER = "day_labourer", "일용근로(정기소득 없음)"
        EMPLOYED = "employed", "취업"

    STATUSES = {"basic_livelihood": "국민기초생활수급자", "unemployment_benefit": "실업급여 수급자", "disabled": "장애인",
                "single_parent": "한부모가정", "north_korean_defector": "북한이탈주민", "veteran": "국가유공자",
                "marriage_migrant": "결혼이민자", "long_term_unemployed": "장기실업자"}

    name = models.CharField(max_length=100)
    rrn_hash = models.CharField(max_length=64, unique=True)
    rrn_encrypted = models.TextField()
    rrn_masked = models.CharField(max_length=14)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1)
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    household_size = models.PositiveSmallIntegerField(default=1)
    household_income = models.BigIntegerField(default=0)  # won a month
    property_value = models.BigIntegerField(default=0)  # won
    employment = models.CharField(max_length=15, choices=Employment.choices, default=Employment.UNEMPLOYED)
    statuses = models.JSONField(default=list, blank=True)
    # the registry's record of this applicant (people.Person, source "applicant"): benefit history and linkage
    person = models.OneToOneField(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="applicant")
    created_at = models.DateTimeField(auto_now_add=True)
    # The record is made from the first application and changed only by an officer's audited correction
    # (`services.applicant_update`), which checks this number against lost updates.
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        # the district the person lives in, and the units running a round they applied to
        paths = ("district__path",)
        view_paths = ("applications__round__program__owner_org__path", "applications__round__run_by__path")

    def __str__(self) -> str:
        return f"{self.name} ({self.rrn_masked})"


class Participation(models.Model):
    """A past or current spell in any program (for 'more than N months in the last M years')."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="participations")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    start = models.DateField()
    end = models.DateField()

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path",)
        view_paths = ("applicant__district__path",)

    class Meta:
        indexes = [models.Index(fields=["applicant", "end"], name="participation_recent")]

    def __str__(self) -> str:
        return f"{self.start:%Y.%m.%d}~{self.end:%Y.%m.%d}"


class Application(models.Model):
    class Status(models.TextChoices):
        # "한국어 / English": a page shows one of the two (core.labels.one_language, the `one_lang` filter)
        APPLIED = "applied", "접수 / applied"
        ELIGIBLE = "eligible", "적격 / eligible"
        INELIGIBLE = "ineligible", "부적격 / not eligible"
        SELECTED = "selected", "선발 / selected"
        WAITING = "waiting", "대기 / waiting"
        DROPPED_OUT = "dropped_out", "중도포기 / dropped out"

    class Channel(models.TextChoices):
        OFFICER = "officer", "담당자 입력 / entered by an officer"
        IMPORT = "import", "엑셀 일괄 / imported from Excel"
        PUBLIC = "public", "주민 신청 / citizens' page"

    round = models.ForeignKey(RecruitmentRound, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="applications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    eligible = models.BooleanField(null=True)
    points = models.IntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)
    decision = models.JSONField(default=list, blank=True)  # [{rule, passed, values}] of the last screening
    screened_at = models.DateTimeField(null=True, blank=True)
    worksite = models.CharField(max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)
    # What this application states (신청서 기재 사항), kept with it: screening and selection read these; a later
    # application never rewrites the person (`Applicant`) nor an earlier application's statement.
    name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=300, blank=True)
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household_size = models.PositiveSmallIntegerField(default=1)
    household_income = models.BigIntegerField(default=0)  # won a month
    property_value = models.BigIntegerField(default=0)  # won
    employment = models.CharField(max_length=15, choices=Applicant.Employment.choices,
                                  default=Applicant.Employment.UNEMPLOYED)
    statuses = models.JSONField(default=list, blank=True)

    objects = RestrictedManager()

    class Scope:
        # the round's program owners and the unit running the round see every application; a district carrying
        # out a shared program sees the applications that state one of its units (participants.selectors)
        paths = ("round__program__owner_org__path", "round__run_by__path", "district__path")

    class Meta:
        # The same person applies once per round, even with two requests at the same instant.
        constraints = [models.UniqueConstraint(fields=["round", "applicant"], name="one_application_per_round")]

    def __str__(self) -> str:
        return f"{self.applicant.name} · {self.round.name}"


class EligibilityRule(models.Model):
    """A rule of a program valid for a period (자격 기준), edited by officers. `params` by kind:

    age_range {"min": 18, "max": null} (만 나이 on the round's first day of work) · residency {"districts": [codes]}
    · employment {"allowed": ["unemployed", "day_labourer"]} · income_line {"parameter": name, "percent": 150}
    · property_cap {"max": 135000000} · exclude_status {"statuses": [...]} · participation_cap {"months": 10,
    "years": 2} · priority_points {"statuses": {status: points}, "per_dependant": n, "income_below_percent":
    {"parameter": name, "percent": 100, "points": n}} (not pass/fail).
    """

    class Kind(models.TextChoices):
        AGE_RANGE = "age_range", "연령"
        RESIDENCY = "residency", "거주지"
        EMPLOYMENT = "employment", "취업 상태"
        INCOME_LINE = "income_line", "소득 기준"
        PROPERTY_CAP = "property_cap", "재산 상한"
        EXCLUDE_STATUS = "exclude_status", "배제 대상"
        PARTICIPATION_CAP = "participation_cap", "참여 기간 제한"
        PRIORITY_POINTS = "priority_points", "우선 선발 가점"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="eligibility_rules")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)  # checked by the editor against lost updates

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path",)
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        ordering = ["program", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label or self.get_kind_display()} ({self.valid_from:%Y.%m.%d}~)"

    @property
    def sentence(self) -> str:
        """The rule in words ("만 18세 이상 64세 이하", "재산 1억 3,500만원 이하")."""
        from .rule_text import rule_sentence

        return rule_sentence(self.kind, self.params)


class PayRule(models.Model):
    """Work terms and pay of a program from a date (근로조건·임금): `params` e.g.
    {"hours_by_age": [[65, 3]], "default_hours": 6, "daily_wage_by_hours": {"6": 32000, "3": 16000},
     "daily_allowance": 5000, "hourly_rate": null, "monthly_cap_hours": null, "truncate_to": 10}; "basis" is
    "day" (days worked are entered) or "hour" (hours worked are entered), inferred when absent (`pay.pay_basis`)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pay_rules")
    valid_from = models.DateField()
    params = models.JSONField(default=dict)
    label = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)  # checked by the editor against lost updates

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path",)
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        ordering = ["program", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["program", "valid_from"], name="pay_rule_once")]

    def __str__(self) -> str:
        return f"{self.label or '임금 기준 / pay rule'} ({self.valid_from:%Y.%m.%d}~)"

    @property
    def sentence(self) -> str:
        """The rule in words ("시급 9,211원 · 월 57시간까지 · 10원 미만 절사")."""
        from .rule_text import pay_sentence

        return pay_sentence(self.params)


class Worksite(models.Model):
    """근무지: a place of work of a round and how many participants it takes."""

    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="worksites")
    name = models.CharField(max_length=100)
    places = models.PositiveIntegerField()

    class Meta:
        ordering = ["round", "name"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="worksite_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.places})"


class WorkRecord(models.Model):
    """근무 실적: the days (and, for hourly pay, the hours) a participant worked in one month, entered by an officer
    (`services.work_records_save`); the payroll is computed from these. No row: nothing entered (미입력), which
    is not 0 days."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="work_records",
                                    verbose_name="참여자 / participant")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    days = models.PositiveSmallIntegerField(verbose_name="근무일수 / days worked")
    # hourly pay only; day-based pay derives them from the rule's hours a day
    hours = models.PositiveIntegerField(null=True, blank=True, verbose_name="근무시간 / hours worked")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = RestrictedManager()

    class Scope:
        # as the application's: the round's program owners, and the district the application states
        paths = ("application__round__program__owner_org__path", "application__district__path")

    class Meta:
        ordering = ["application", "year", "month"]
        constraints = [models.UniqueConstraint(fields=["application", "year", "month"], name="work_record_once"),
                       models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                              name="work_record_month")]

    def __str__(self) -> str:
        return f"{self.application.applicant.name} · {self.year}.{self.month:02d}"
