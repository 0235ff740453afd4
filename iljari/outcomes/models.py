"""Outcomes (issue 18, docs/outcomes.md): what happened to the people after a program — employment episodes,
performance indicators defined as dated data, computed figures per program and year in runs that are frozen once
published, and the graded evaluation built on them.

Layer: above the feature apps (it reads the person registry, the job centres' placements, the participants and
the subsidy cases), below reports and the web/API shell.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iljari.core.scoping import RestrictedManager
from iljari.people.models import Person
from iljari.programs.models import Program


class EpisodeImport(models.Model):
    """고용 이력 반입: one file of employment records (the employment-insurance linkage or another source),
    imported all or nothing (outcomes.episode_import; docs/outcomes.md, "Employment episodes"). A file is
    imported once: `sha256` is unique. `as_of` is the day the file's data is current to (자료 기준일): its rows
    without an end are known employed until that day."""

    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=100, blank=True)  # e.g. "고용보험 DB 연계 2022-06"
    rows = models.PositiveIntegerField(default=0)
    as_of = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    illustrative = models.BooleanField(default=False)

    objects = RestrictedManager()

    class Scope:
        # which files came in, from where and when: the office that imports them (and administrators)
        global_only = True

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["sha256"], name="episode_import_file_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.rows})"


class EmploymentEpisode(models.Model):
    """고용 이력: a person worked for an employer from `start` to `end` (None: still working when known).
    `private` is False for public employment such as a direct-job participation (직접일자리), which is never
    counted as a move into a private-sector job. `known_until` is the last day the person is known to have worked
    there: `end` when the episode ended; for an open episode the day of the last news (the import file's `as_of`,
    the last follow-up saying still employed, else the placement day) — an open episode is "employed on day D"
    for certain only up to `known_until`. Episodes come from the job centres' placements (outcomes.episodes,
    re-derived) and from imported files (outcomes.episode_import); docs/outcomes.md, "Employment episodes"."""

    class Source(models.TextChoices):
        PLACEMENT = "placement", "일자리센터 취업 / job-centre placement"
        INSURANCE = "insurance", "고용보험 연계 / employment-insurance linkage"
        OTHER = "other", "기타 자료 / other source"

    class WageBand(models.TextChoices):
        UNKNOWN = "", "미상 / unknown"
        UNDER_150 = "u150", "월 150만원 미만 / under 1.5 million won a month"
        FROM_150 = "150", "월 150~200만원 / 1.5-2 million won"
        FROM_200 = "200", "월 200~250만원 / 2-2.5 million won"
        FROM_250 = "250", "월 250~300만원 / 2.5-3 million won"
        FROM_300 = "300", "월 300만원 이상 / 3 million won or more"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="episodes")
    employer_name = models.CharField(max_length=200, blank=True)
    business_number = models.CharField(max_length=10, blank=True, db_index=True)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    known_until = models.DateField(null=True, blank=True)
    wage_band = models.CharField(max_length=4, choices=WageBand.choices, blank=True)
    private = models.BooleanField(default=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_ref = models.CharField(max_length=60, blank=True)  # e.g. "placement:12", "import:3:row:17"
    batch = models.ForeignKey(EpisodeImport, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="episodes")
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        # as the person registry: the units that gave the person a benefit see their employment afterwards, a job
        # centre its own seekers' (outcomes.episodes.visible_episodes adds the other records of the same human)
        paths = ("person__benefits__program__owner_org__path", "person__benefits__org_unit__path",
                 "person__seeker__centre__org_unit__path")

    class Meta:
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["person", "start"], name="episode_person_start")]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], condition=~models.Q(source_ref=""),
                                    name="episode_source_once"),
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                   name="episode_period_order"),
            models.CheckConstraint(condition=models.Q(known_until__isnull=True)
                                   | models.Q(known_until__gte=models.F("start")), name="episode_known_order"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_name or self.business_number} {self.start}~{self.end or ''}"


class Indicator(models.Model):
    """성과 지표: a named measure of outcomes (its definitions are dated `IndicatorVersion`s)."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "% / percent"
        COUNT = "count", "명 / people"
        WON = "won", "원 / won"

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_ko


class IndicatorVersion(models.Model):
    """An indicator's definition from `valid_from`: `definition` names the computation and its parameters
    (`{"kind": "employed_within", "window_months": 6}`, docs/outcomes.md lists the kinds), `applies_to` the program
    types it is computed for (job type / subtype codes; empty: every program), `minimum` the standard a program
    should reach, `words_ko`/`words_en` the definition in words shown beside every figure. A version in force is
    never edited: a change is a new version from a later day, so evaluations before it keep their figures."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="versions")
    valid_from = models.DateField()
    definition = models.JSONField()
    applies_to = models.JSONField(default=list, blank=True)
    minimum = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)
    words_ko = models.TextField(blank=True)
    words_en = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["indicator", "valid_from"], name="indicator_version_once")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.valid_from}"


class OutcomeRun(models.Model):
    """성과 산출: the indicators of a year's programs computed on `as_of` with the versions in force that day.
    A published run is frozen: its figures stay as published whatever changes later."""

    class Status(models.TextChoices):
        DRAFT = "draft", "산출 / computed"
        PUBLISHED = "published", "확정·공개 / published"

    year = models.SmallIntegerField()
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    programs = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    # seconds per step of the computation (reads, computation, writing the figures): docs/performance.md
    timings = models.JSONField(default=dict, blank=True)

    objects = RestrictedManager()

    class Scope:
        # no person in a run: every role may read (runs.visible_runs shows drafts only to who may run them)
        public = True

    class Meta:
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return f"{self.year} ({self.as_of})"


class OutcomeFigure(models.Model):
    """One indicator of one program in one run: numerator / denominator and the value (None: not computable,
    shown '-', distinct from 0)."""

    run = models.ForeignKey(OutcomeRun, on_delete=models.CASCADE, related_name="figures")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    indicator_version = models.ForeignKey(IndicatorVersion, on_delete=models.PROTECT, related_name="+")
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    meets_minimum = models.BooleanField(null=True, blank=True)

    objects = RestrictedManager()

    class Scope:
        public = True  # program outcomes are public figures (no person in them)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "program", "indicator_version"],
                                               name="outcome_figure_once")]
        indexes = [models.Index(fields=["program", "run"], name="outcome_program_run")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.indicator_version_id} {self.value}"


class GradingScheme(models.Model):
    """평가 등급 체계: from `valid_from`, the indicators and weights per program type, the grade bands, the
    suggested cut for 감액 and the sunset floor (`data`, outcomes.grades explains its shape). A scheme in force is
    not edited: a change is a new scheme from a later day."""

    valid_from = models.DateField(unique=True)
    data = models.JSONField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"grading scheme {self.valid_from}"


class Grade(models.Model):
    """One program's grade in one run: the score (0-100), the grade (우수/양호/개선필요/감액; "" not graded), the
    reasons in words, the points per indicator, the sunset flag and why, and the proposed budget cut (the
    portfolio office's to change, with a reason). Computed with the run's figures; frozen with a published run
    except the proposed cut, which is next year's budget proposal."""

    class Value(models.TextChoices):
        NONE = "", "등급 없음 / not graded"
        EXCELLENT = "excellent", "우수 / Excellent"
        GOOD = "good", "양호 / Good"
        IMPROVE = "improve", "개선필요 / Needs improvement"
        CUT = "cut", "감액 / Cut"

    run = models.ForeignKey(OutcomeRun, on_delete=models.CASCADE, related_name="grades")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(GradingScheme, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(max_length=10, choices=Value.choices, blank=True)
    reasons = models.JSONField(default=dict)  # {"ko": [...], "en": [...]}
    points = models.JSONField(default=dict)  # {code: {"weight", "value", "minimum", "points"}}
    sunset = models.BooleanField(default=False)
    sunset_reason = models.CharField(max_length=10, blank=True)  # "twice" | "floor"
    proposed_cut_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    cut_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # as the figures: program grades are public (no person in them)

    class Meta:
        ordering = ["run", "program"]
        constraints = [models.UniqueConstraint(fields=["run", "program"], name="grade_once")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.grade} {self.score}"
