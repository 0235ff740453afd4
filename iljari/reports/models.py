"""Published reports (공표): the exact content of a report frozen as of its date.

A publication stores the report's printed body (HTML) and its figures (a flat mapping of labelled values) as
they were computed when it was published. Later corrections to the data never change it; a new publication
of the same report can be compared with the one before (what changed, by how much).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iljari.core.scoping import RestrictedManager


class Publication(models.Model):
    class Kind(models.TextChoices):
        PLEDGE_CARD = "pledge_card", "공약사업 카드"
        TARGET_DISCLOSURE = "target_disclosure", "일자리 목표 공시"
        BUDGET_EXECUTION = "budget_execution", "단위사업별 예산 집행"
        WORK_REPORT = "work_report", "주요업무보고"
        JOB_PLAN = "job_plan", "지역일자리 공시"

    slug = models.SlugField(max_length=120, unique=True)  # stable public address
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=60)  # the pledge number or org unit code the report is about
    sequence = models.PositiveIntegerField()  # 1, 2, ... per (kind, subject)
    title = models.CharField(max_length=300)
    as_of = models.DateField()
    params = models.JSONField(default=dict, blank=True)
    body_html = models.TextField()
    figures = models.JSONField(default=dict)
    data_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    note = models.TextField(blank=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="next")

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "subject", "sequence"], name="publication_sequence")]

    def __str__(self) -> str:
        return f"{self.title} ({self.as_of}, 제{self.sequence}판)"


class ProgramNote(models.Model):
    """What the work report says about a program in a year beyond its figures: 추진실적 and 향후계획 in words."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="report_notes")
    year = models.SmallIntegerField()
    achievements = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path",)
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="program_note_once")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.year}"


class ReportJob(models.Model):
    """A report rendered in the background (work reports of large units): progress for the page, the file after."""

    class Status(models.TextChoices):
        QUEUED = "queued", "대기"
        RUNNING = "running", "작성 중"
        DONE = "done", "완료"
        FAILED = "failed", "실패"

    kind = models.CharField(max_length=20)
    org_code = models.CharField(max_length=40, blank=True)
    year = models.SmallIntegerField()
    as_of = models.DateField()
    params = models.JSONField(default=dict, blank=True)
    fmt = models.CharField(max_length=4)  # pdf or xlsx
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    output = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Scope:
        owner = "requested_by"

    def __str__(self) -> str:
        return f"{self.kind} {self.org_code} {self.as_of} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


# 지역일자리 공시제 (issue 18): the job plans, kept in their own module of this app.
from .jobplans.models import JobPlan, PlanCategory, PlanHeadline, PlanTypeFigure  # noqa: E402, F401
