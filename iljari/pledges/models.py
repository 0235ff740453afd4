"""공약사업: mayoral pledges and the data of their cards (domain brief section 6, seeds 003 and 004).

A pledge is edited as one document (`services.pledge_save`): its activities, amounts, indicators, targets,
results and events are replaced together and audited as one before/after. Totals (the cost by source, the
plan and execution subtotals, the total implementation rate) are never stored: the card derives them.
"""

from __future__ import annotations

from django.db import models

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Program


class Pledge(models.Model):
    class Nature(models.TextChoices):
        NEW = "new", "신규"
        CONTINUING = "continuing", "계속"

    class Completion(models.TextChoices):
        WITHIN_TERM = "within_term", "임기 내"
        AFTER_TERM = "after_term", "임기 후"

    class Body(models.TextChoices):
        NATIONAL = "national", "국가"
        CITY = "city", "서울시"
        DISTRICT = "district", "자치구"

    class Status(models.TextChoices):
        COMPLETED = "completed", "완료"
        CONTINUING_AFTER_COMPLETION = "continuing_after_completion", "이행 후 지속추진"
        ON_TRACK = "on_track", "정상추진"
        PARTIAL = "partial", "일부추진"

    HELP_KINDS = {"institution": "제도", "finance": "재정", "authority": "권한"}

    number = models.CharField(max_length=20, unique=True)  # e.g. 1-4
    title = models.CharField(max_length=200)
    owner_org = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="pledges")
    owner_text = models.CharField(max_length=400, blank=True)  # 사업담당: titles, names, phone numbers
    summary = models.JSONField(default=list, blank=True)  # the ◆ lines under the title
    policy_goals = models.JSONField(default=list, blank=True)
    period_start = models.SmallIntegerField()
    period_end = models.SmallIntegerField()
    term_start = models.SmallIntegerField()
    term_end = models.SmallIntegerField()
    nature = models.CharField(max_length=12, choices=Nature.choices)
    completion = models.CharField(max_length=12, choices=Completion.choices)
    central_help = models.JSONField(default=list, blank=True)  # subset of HELP_KINDS; [] = 해당없음
    executing_body = models.CharField(max_length=10, choices=Body.choices)
    status = models.CharField(max_length=30, choices=Status.choices)
    programs = models.ManyToManyField(Program, blank=True, related_name="pledges")
    next_steps = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("owner_org__path",)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class PledgeActivity(models.Model):
    """추진일정: one row of the schedule and the quarters it is active in ("2024Q3")."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    quarters = models.JSONField(default=list)

    class Meta:
        ordering = ["pledge", "order"]

    def __str__(self) -> str:
        return self.name


class PledgeAmount(models.Model):
    """투자계획 (plan) or 예산 집행액 (execution) of one year and funding source, in won."""

    class Kind(models.TextChoices):
        PLAN = "plan", "투자계획"
        EXECUTION = "execution", "집행액"

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="amounts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    year = models.SmallIntegerField()
    funding_source = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["pledge", "kind", "year", "funding_source"]
        constraints = [models.UniqueConstraint(fields=["pledge", "kind", "year", "funding_source"],
                                               name="pledge_amount_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.funding_source_id}: {self.amount}"


class PledgeIndicator(models.Model):
    """확인지표: a verification indicator with its goal for the term and its weight (전체사업 대비 비율, %).

    `additive`: yearly and quarterly targets add up to the goal (people, cases); an operating indicator
    ("1 (운영)" each quarter) is not additive."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)  # 구분: the part of the pledge
    indicator = models.CharField(max_length=200)  # 확인지표
    unit = models.CharField(max_length=20)
    goal = models.DecimalField(max_digits=16, decimal_places=2)
    goal_note = models.CharField(max_length=100, blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    additive = models.BooleanField(default=True)

    class Meta:
        ordering = ["pledge", "order"]

    def __str__(self) -> str:
        return f"{self.name} / {self.indicator}"


class IndicatorTarget(models.Model):
    """A yearly ("2024") or quarterly ("2024Q1") target of an indicator."""

    indicator = models.ForeignKey(PledgeIndicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=7)
    value = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicator_target_once")]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class IndicatorResult(models.Model):
    """The result of an indicator for the term so far, as of a date."""

    indicator = models.ForeignKey(PledgeIndicator, on_delete=models.CASCADE, related_name="results")
    as_of = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["indicator", "as_of"]
        constraints = [models.UniqueConstraint(fields=["indicator", "as_of"], name="indicator_result_once")]

    def __str__(self) -> str:
        return f"{self.as_of}: {self.value}"


class PledgeEvent(models.Model):
    """일정별 추진실적 (milestone) or 주민 참여 실적 (citizen participation), dated to the month."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", "추진실적"
        HEARING = "hearing", "공청회·설명회"
        SURVEY = "survey", "설문조사"
        EXPERT = "expert", "전문가 자문"
        PRESS = "press", "언론보도"

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    month = models.DateField()  # the first day of the month the card names
    title = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pledge", "kind", "month", "order"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.title or self.detail[:40]}"
