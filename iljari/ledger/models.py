from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program


class Fact(models.Model):
    """실적 원장의 값 하나: one version of one value, keyed by program x org unit x measure x source x period.

    Facts are never updated in place. A correction is a new row that `replaces` the previous version of the
    same key; `as_of` is the date the value was known (기준일) and `recorded_at` when iljari learnt it, so a
    roll-up "as of 2021-05-31" is reproducible after later corrections. `ref_date` orders cumulative values
    within a year: min(end of period, as_of).
    """

    # Indexes are few and narrow on purpose (bulk loads of millions of rows): fact_program_idx serves
    # history, latest-version and refresh lookups; fact_year_idx serves as-of queries.
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="facts", db_index=False)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="facts", db_index=False)
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="facts", db_index=False)
    funding_source = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", db_index=False)
    period = models.CharField(max_length=7)  # 2021, 2021H1, 2021Q2, 2021-05
    period_kind = models.CharField(max_length=1)  # Y H Q M
    year = models.SmallIntegerField()
    period_end = models.DateField()
    ref_date = models.DateField()
    as_of = models.DateField()
    value = models.BigIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replaced_by", db_index=False)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=10, default="web")
    batch_id = models.CharField(max_length=32, blank=True)
    illustrative = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("org_unit__path",)

    class Meta:
        ordering = ["program", "org_unit", "measure", "funding_source", "period", "id"]
        indexes = [
            models.Index(fields=["program", "year"], name="fact_program_idx"),
            models.Index(fields=["year", "measure", "as_of"], name="fact_year_idx"),
        ]
        constraints = [
            # Only one first version per key: two writers creating the same value at once conflict.
            models.UniqueConstraint(fields=["program", "org_unit", "measure", "funding_source", "period"],
                                    condition=models.Q(replaces__isnull=True), name="fact_one_first_version"),
            # ... and each version is replaced at most once (partial: most rows replace nothing).
            models.UniqueConstraint(fields=["replaces"], condition=models.Q(replaces__isnull=False),
                                    name="fact_replaced_once"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}/{self.org_unit_id}/{self.measure_id}/{self.period} = {self.value}"


class MonthEndFigures(models.Model):
    """The five core measures as of a month end; None means no value ('-'), not 0."""

    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    target = models.BigIntegerField(null=True)
    result = models.BigIntegerField(null=True)
    budget = models.BigIntegerField(null=True)
    commitment = models.BigIntegerField(null=True)
    expenditure = models.BigIntegerField(null=True)

    class Meta:
        abstract = True


class FactMonthly(MonthEndFigures):
    """월말 집계: the value of each core measure as of each month end, per program x org unit x source.

    Derived from Fact (never typed); refreshed in the same transaction as the facts it depends on. Roll-ups
    for a month-end as-of date read one (year, month) slice of this table instead of every fact version.
    """

    # Derived rows: no database-level foreign keys (their per-row checks would dominate a rebuild of millions
    # of rows); every id comes from a Fact, which has them, and Django still cascades deletions.
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+", db_index=False,
                                db_constraint=False)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False,
                                 db_constraint=False)
    funding_source = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="+", db_index=False,
                                       db_constraint=False)

    objects = RestrictedManager()

    class Scope:
        paths = ("org_unit__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "org_unit", "funding_source", "year", "month"],
                                               name="factmonthly_key")]
        indexes = [models.Index(fields=["year", "month"], name="factmonthly_slice_idx")]

    def __str__(self) -> str:
        return f"{self.program_id}/{self.org_unit_id}/{self.funding_source_id} {self.year}-{self.month:02d}"


class PeriodLock(models.Model):
    """마감: a period of an org unit's subtree that no longer accepts values."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="period_locks")
    period = models.CharField(max_length=7)
    locked_at = models.DateTimeField(default=timezone.now)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    reason = models.TextField(blank=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("org_unit__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_unit", "period"], name="lock_unique")]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.period}"


class CacheToken(models.Model):
    """A random token per cached thing (`registry`, `monthly:<year>`), replaced whenever its data changes.

    The in-memory roll-up slices (ledger.cube) stay valid while their tokens are unchanged. The aggregate writer
    replaces `monthly:<year>` in the same transaction as the rows; database triggers replace `registry` on any
    change to programs, their target groups, org units or codes.
    """

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.name}={self.token}"


class MonthSubmission(models.Model):
    """월별 제출·승인: a unit submits a month, its department approves, the portfolio office accepts.

    A submitted, approved or accepted month is locked for the unit's subtree (a PeriodLock whose reason says
    why and who can reopen it); reopening takes a reason and is audited.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "제출 / submitted"
        APPROVED = "approved", "승인 / approved"
        ACCEPTED = "accepted", "확정 / accepted"
        REOPENED = "reopened", "재개방 / reopened"

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="submissions")
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reopened_at = models.DateTimeField(null=True)
    reopen_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("org_unit__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_unit", "year", "month"], name="submission_unique")]

    def __str__(self) -> str:
        return f"{self.org_unit.name_ko} {self.year}년 {self.month}월"
