"""The person registry (사람), benefit history (수혜 이력), record linkage and the double-receipt check
(이중·부정수급 점검). See docs/decisions/0006-person-registry-plan.md.

A `Person` is one person *as one source knows them*: an applicant of a round, a row of a district's participant
list, later a job seeker or a subsidy's worker. The same human reaches the city through several sources, with
typos, new phones and moved addresses and often without a resident number; the linkage (`people.linkage`) joins
the records of one human into a cluster (`Person.cluster_id`, the smallest person id of the cluster). Everything a
person received is a `BenefitRecord`; a person's history is the benefit records of their whole cluster.

No plain resident number is kept here: only the keyed hash (`participants.rrn.rrn_hash`) when one is known.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program


class Person(models.Model):
    """사람: the identifying fields a program actually holds. `cluster_id` groups the records of one human."""

    class Sex(models.TextChoices):
        MALE = "M", "남 / male"
        FEMALE = "F", "여 / female"

    class Source(models.TextChoices):
        APPLICANT = "applicant", "직접일자리 신청 / round applicant"
        LIST = "list", "참여자 명단 / participant list"
        SEEKER = "seeker", "구직자 / job seeker"
        SUBSIDY = "subsidy", "지원금 신청 / subsidy"
        BOOKING = "booking", "예약자 / booking"

    name = models.CharField(max_length=100)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(max_length=20, blank=True)  # as written
    address = models.CharField(max_length=300, blank=True)  # as written
    address_norm = models.CharField(max_length=300, blank=True)  # people.normalise.address_norm
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # keyed hash of the resident registration number (participants.rrn.rrn_hash) when the source had one
    rrn_hash = models.CharField(max_length=64, blank=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_ref = models.CharField(max_length=60, blank=True)  # e.g. "applicant:12", "list:3:row:17"
    # The smallest person id of this person's cluster (its own id while alone); set by the linkage.
    cluster_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every change of an identifying field: a link decision is remembered while both versions stand.
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        # PIPA: a person is seen by the units that gave them a benefit or run a round they applied to (and the
        # global roles); the whole history of their cluster is shown from there, with an audit row.
        paths = ("benefits__program__owner_org__path", "benefits__org_unit__path",
                 "seeker__centre__org_unit__path")  # a job centre's own seekers (issue 15)
        view_paths = ("applicant__applications__round__program__owner_org__path",
                      "applicant__applications__round__run_by__path")

    class Meta:
        indexes = [models.Index(fields=["birth_date"], name="person_birth"),
                   models.Index(fields=["source", "source_ref"], name="person_source")]

    def __str__(self) -> str:
        return self.name


class ListImport(models.Model):
    """참여자 명단 반입: one participant list a district or agency sent (xlsx/CSV), imported all or nothing."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    persons_created = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("org_unit__path",)

    def __str__(self) -> str:
        return self.filename


class BenefitRecord(models.Model):
    """수혜 이력: one thing a person received — a paid participation, a subsidy, training or a service — for a
    period, with the money paid where money changed hands (`amount` None: not known, distinct from 0)."""

    class Kind(models.TextChoices):
        PAID = "paid", "유급 참여 / paid participation"
        SUBSIDY = "subsidy", "지원금 / subsidy"
        TRAINING = "training", "훈련 / training"
        SERVICE = "service", "서비스 / service"

    class Source(models.TextChoices):
        ROUND = "round", "모집 회차 / recruitment round"
        LIST = "list", "참여자 명단 / participant list"
        SUBSIDY = "subsidy", "지원금 지급 / subsidy payment"
        OFFICER = "officer", "담당자 입력 / entered by an officer"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="benefits")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    program_name = models.CharField(max_length=200, blank=True)  # as the source named it (programs outside iljari)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField()
    months = models.PositiveSmallIntegerField()  # calendar months the period touches, or as the source stated
    amount = models.BigIntegerField(null=True, blank=True)  # won paid; None: not known
    source = models.CharField(max_length=10, choices=Source.choices)
    source_ref = models.CharField(max_length=60, blank=True)  # e.g. "application:12"; unique with `source`
    batch = models.ForeignKey(ListImport, null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path", "org_unit__path")
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["person", "start"], name="benefit_person_start")]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], condition=~models.Q(source_ref=""),
                                    name="benefit_source_once"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="benefit_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.program_name or self.program} {self.start:%Y.%m}~{self.end:%Y.%m}"


class LinkageRun(models.Model):
    """연계 실행: one run of the record linkage — the model's estimated parameters with the date they were trained,
    thresholds, measured blocking recall and counts."""

    class Status(models.TextChoices):
        RUNNING = "running", "실행 중 / running"
        DONE = "done", "완료 / done"
        FAILED = "failed", "실패 / failed"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    backend = models.CharField(max_length=10, default="duckdb")  # duckdb | spark
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    records = models.PositiveIntegerField(default=0)
    pairs_compared = models.BigIntegerField(default=0)
    links = models.PositiveIntegerField(default=0)
    clusters = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)  # Splink's model (m and u probabilities, λ) as JSON
    trained_on = models.DateField(null=True, blank=True)
    thresholds = models.JSONField(default=dict, blank=True)  # {"same": 0.99, "review": 0.80}
    blocking_recall = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    objects = RestrictedManager()

    class Scope:
        global_only = True

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"연계 실행 {timezone.localtime(self.started_at):%Y.%m.%d %H:%M}"


class PersonLink(models.Model):
    """연계 후보: two person records the linkage scored as possibly one human (left.id < right.id). Above the
    run's "same" threshold they join one cluster; in the band between "review" and "same" an officer decides
    first (same / different person, with a reason). A decision is kept while both records stay unchanged
    (their versions), and decided links are the labels that check the model."""

    class Band(models.TextChoices):
        SAME = "same", "동일인 / same person"
        REVIEW = "review", "확인 필요 / to review"

    class Decision(models.TextChoices):
        NONE = "", "미결정 / undecided"
        SAME = "same", "동일인 / same person"
        DIFFERENT = "different", "다른 사람 / different person"

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField(null=True, blank=True)
    # each comparison's level and contribution: [{"field": "name", "level": "자모 1개 차이", "weight": 3.2}, ...]
    contributions = models.JSONField(default=list, blank=True)
    band = models.CharField(max_length=6, choices=Band.choices)
    run = models.ForeignKey(LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, default="")
    reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    left_version = models.PositiveIntegerField(null=True, blank=True)  # the records' versions at the decision
    right_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        # Whoever may see either record decides (review_link): the units that gave either a benefit, and the units
        # running a round either applied to (a district checks its applicant before selection).
        paths = tuple(f"{side}__{path}" for side in ("left", "right") for path in (
            "benefits__program__owner_org__path", "benefits__org_unit__path",
            "applicant__applications__round__program__owner_org__path",
            "applicant__applications__round__run_by__path", "applicant__applications__district__path"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["left", "right"], name="person_link_once"),
                       models.CheckConstraint(condition=models.Q(left__lt=models.F("right")),
                                              name="person_link_order")]

    def __str__(self) -> str:
        return f"{self.left} ↔ {self.right} ({self.probability:.3f})"


class DoubleBenefitRule(models.Model):
    """이중수급 점검 기준, dated data edited by the portfolio office. `params` by kind:

    overlap {"kinds": ["paid"]} — paid participations of one person that overlap in time across programs ·
    months_cap {"months": 10, "years": 2, "kinds": ["paid"]} — more than N months of paid participation in M years
    over all programs · subsidy_while_paid {} — a subsidy paid for months in which the same person was paid by
    another program · two_districts {} — the same person in one program through two districts (overlapping).
    """

    class Kind(models.TextChoices):
        OVERLAP = "overlap", "유급 참여 기간 중복 / overlapping paid participations"
        MONTHS_CAP = "months_cap", "참여 기간 누적 초과 / too many months in the window"
        SUBSIDY_WHILE_PAID = "subsidy_while_paid", "지원금과 유급 참여 같은 달 / subsidy while paid"
        TWO_DISTRICTS = "two_districts", "한 사업 두 자치구 / one program through two districts"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        # policy data: every signed-in role may read it (alerts name their rule); the portfolio office changes it
        public = True
        paths = ()

    class Meta:
        ordering = ["kind", "valid_from"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class Alert(models.Model):
    """이중수급 의심: benefit records of one person (cluster) that a rule flags, with the overlap in days, months
    and won. When the records belong to different person records joined only by an undecided link, the alert
    waits for the link's review (`status=link_review`) — never an exclusion on a guess."""

    class Status(models.TextChoices):
        LINK_REVIEW = "link_review", "동일인 확인 대기 / waiting for the link review"
        OPEN = "open", "검토 필요 / to review"
        CONFIRMED = "confirmed", "이중수급 확인 / double receipt confirmed"
        JUSTIFIED = "justified", "정당 / justified"
        NOT_SAME = "not_same", "다른 사람 / not the same person"

    rule = models.ForeignKey(DoubleBenefitRule, on_delete=models.PROTECT, related_name="alerts")
    cluster_id = models.BigIntegerField(db_index=True)
    records = models.ManyToManyField(BenefitRecord, related_name="alerts")
    fingerprint = models.CharField(max_length=64, unique=True)  # rule + the records' ids and versions
    # the program and unit whose officer acts on the alert (the later benefit's)
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    overlap_days = models.PositiveIntegerField(null=True, blank=True)
    overlap_months = models.PositiveSmallIntegerField(null=True, blank=True)
    overlap_won = models.BigIntegerField(null=True, blank=True)
    link = models.ForeignKey(PersonLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    probability = models.FloatField(null=True, blank=True)  # the link's, when the records are of two person rows
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path", "org_unit__path")
        view_paths = ("program__implementing_orgs__path",)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rule} · {self.cluster_id}"


class RecoveryCase(models.Model):
    """환수: a confirmed double receipt's money to be paid back — amount, notice date, payments; outstanding is
    the amount less the payments, to the won."""

    alert = models.OneToOneField(Alert, on_delete=models.PROTECT, related_name="recovery")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    notice_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("program__owner_org__path", "org_unit__path")

    def __str__(self) -> str:
        return f"환수 {self.amount:,}원"


class RecoveryPayment(models.Model):
    """환수 납부: one payment back of a recovery case."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = models.BigIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("case__program__owner_org__path", "case__org_unit__path")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="recovery_payment_positive")]

    def __str__(self) -> str:
        return f"{self.paid_on:%Y.%m.%d} {self.amount:,}원"
