"""Case flows (사례 흐름): subsidy applications with payment and recovery (지원금), and open calls with staged,
scored review (공모). See docs/cases.md and docs/decisions/0009-case-flows.md.

A flow is data, not code: `Flow` → `Stage`s (who acts: a role at the case's district or at the flow's owning
office; deadline and reminder; required documents) → `Transition`s (from a stage to a stage, with named conditions
from `cases.conditions` and whether a reason is needed). `cases.flows` builds a `transitions.Machine` from those
rows for a case and runs a trigger under the case's row lock, with the version the officer saw (one of two officers
acting at once wins, the other is told). Review stages carry a `Rubric` (criteria with weights adding to 100,
cut-off, blind review, per-district quotas).

Subsidies: an `Organisation` (firm: business registration number, employees, sector) and a worker (a
`people.Person`), the months claimed (`ClaimMonth`, leave days), eligibility and pay as dated rules (`CaseRule`),
district budgets and reallocations, payment batches with the double-receipt check, payments (each a
`people.BenefitRecord` once paid), staged payments scheduled ahead, recoveries with instalments and a balance to
the won. Calls: a `Call` (announcement, categories with their amounts), applications by organisations, reviews by
reviewers (recusal, scores per criterion), interviews, agreements and the program the winner's work becomes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from iljari.access.models import Role
from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.people.models import BenefitRecord, Person
from iljari.programs.models import Program


class Flow(models.Model):
    """흐름: one kind of case work (a subsidy or an open call) as data. Its `program` is the registry program the
    figures go to (ledger) and whose owning office acts at the "owner" stages."""

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", "지원금 / subsidy"
        CALL = "call", "공모 / open call"

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # how a subsidy or a call is run is public; cases are scoped by their units
        paths = ("program__owner_org__path",)

    def __str__(self) -> str:
        return self.name_ko


class Stage(models.Model):
    """단계: where a case waits, and who acts on it there: `actor_role` at the case's district (`district`), at
    the flow program's owning office (`owner`), the applicant (`applicant`: the public pages), or a body outside
    iljari whose decision the owning office records (`external`, e.g. 행정안전부's final decision)."""

    class Level(models.TextChoices):
        DISTRICT = "district", "신청 자치구 / the case's district"
        OWNER = "owner", "주관 부서 / the owning office"
        APPLICANT = "applicant", "신청인 / the applicant"
        EXTERNAL = "external", "외부 기관(주관 부서가 기록) / outside body (recorded by the owning office)"

    class Kind(models.TextChoices):
        WORK = "work", "처리 / work"
        REVIEW = "review", "심사 / review"
        PAYMENT = "payment", "지급 / payment"
        DONE = "done", "종결 / closed"

    class Outcome(models.TextChoices):
        NONE = "", "진행 중 / open"
        APPROVED = "approved", "선정·지급 / approved"
        REJECTED = "rejected", "반려·탈락 / rejected"
        WITHDRAWN = "withdrawn", "취하 / withdrawn"

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(max_length=40)
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORK)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    actor_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    actor_level = models.CharField(max_length=10, choices=Level.choices, default=Level.DISTRICT)
    deadline_days = models.PositiveSmallIntegerField(null=True, blank=True)  # from entering the stage
    remind_days = models.PositiveSmallIntegerField(null=True, blank=True)  # before the deadline
    required_documents = models.JSONField(default=list, blank=True)  # doc type codes (cases.codes.DOC_TYPES)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["flow", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["flow", "code"], name="cases_stage_code_unique")]

    def __str__(self) -> str:
        return self.name_ko

    @property
    def terminal(self) -> bool:
        return self.kind == self.Kind.DONE


class Transition(models.Model):
    """전이: an action that moves a case from `source` to `dest`. `conditions` name checks of
    `cases.conditions.CONDITIONS` (e.g. "documents_complete", "eligible", "reviews_complete"); all must hold.
    The actor is the source stage's actor."""

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="transitions")
    code = models.CharField(max_length=40)
    label_ko = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100, blank=True)
    source = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="exits")
    dest = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="entries")
    conditions = models.JSONField(default=list, blank=True)
    needs_reason = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["flow", "source", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["source", "code"], name="cases_transition_unique")]

    def __str__(self) -> str:
        return self.label_ko


class Rubric(models.Model):
    """심사표: a review stage's criteria (weights add to 100), the cut-off total, blind review (reviewers do not
    see the applicant's name), whether totals are normalised across reviewers, and per-district quotas
    (district code → the most cases of that district that may pass)."""

    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="rubric")
    cutoff = models.DecimalField(max_digits=6, decimal_places=2, default=60)
    blind = models.BooleanField(default=False)
    normalise = models.BooleanField(default=True)
    reviewers_min = models.PositiveSmallIntegerField(default=1)
    quotas = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"심사표 ({self.stage})"


class Criterion(models.Model):
    """심사 항목: one criterion of a rubric, scored 0..`max_score` by each reviewer; its `weight` is its share of
    100 points."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=40)
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    weight = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField(default=10)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rubric", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="cases_criterion_unique")]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.weight}점)"


class CaseRule(models.Model):
    """지원 요건·지급 기준: a flow's eligibility and pay rules as dated data (the same shape as the rounds'
    eligibility rules: a kind, its parameters, valid from/to). A case is judged by the rules in force on the day
    it is judged for (a claim month's rules: the month's first day)."""

    class Kind(models.TextChoices):
        LEAVE_WINDOW = "leave_window", "무급휴직 기간 / leave window"  # params: start, end (ISO dates)
        MIN_LEAVE_DAYS = "min_leave_days", "월 최소 휴직일수 / minimum leave days a month"  # params: days
        MAX_MONTHS = "max_months", "최대 지원 개월 / most months paid"  # params: months
        FIRM_SIZE = "firm_size", "기업 규모 / firm size"  # params: below (employees)
        INSURED_ON = "insured_on", "고용보험 유지 기준일 / still insured on"  # params: date
        RESIDENCY = "residency", "소재지 / where the firm is"  # params: region (e.g. "서울")
        PAY_MONTHLY = "pay_monthly", "월 지원액 / pay a month"  # params: amount (won)
        APPLICATIONS = "applications", "신청 기간 / application period"  # params: start, end (ISO dates)
        STAGED = "staged", "단계별 지급 / staged payments"  # params: steps [{code, label_ko, label_en, payee,
        # amount, after_months, condition}]

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["flow", "kind", "-valid_from"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class Organisation(models.Model):
    """사업장·단체: a firm that claims a subsidy for its workers, or an organisation that applies to a call. One row
    per business registration number (a duplicate is refused)."""

    class Sector(models.TextChoices):
        CLOSURE = "closure", "집합금지 / closure ordered"
        RESTRICTED = "restricted", "영업제한 / hours restricted"
        OTHER = "other", "그 외 업종 / other sectors"

    name = models.CharField(max_length=200)
    business_number = models.CharField(max_length=10, blank=True)  # 사업자등록번호, 10 digits, check digit valid
    legal_form = models.CharField(max_length=40, blank=True)  # 주식회사, 협동조합, 영농조합법인, ...
    employees = models.PositiveIntegerField(null=True, blank=True)
    sector = models.CharField(max_length=12, choices=Sector.choices, blank=True)
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=300, blank=True)
    representative = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.CharField(max_length=200, blank=True)
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business_number"], condition=~Q(business_number=""),
                                               name="cases_organisation_brn_unique")]

    class Scope:
        paths = ("district__path",)

    def __str__(self) -> str:
        return self.name


class Call(models.Model):
    """공모: an announcement of a flow of kind call — what is offered (`categories`: code, name_ko, name_en,
    amount in won), when applications are taken, which districts receive them."""

    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="calls")
    code = models.CharField(max_length=40, unique=True)
    year = models.PositiveSmallIntegerField()
    title_ko = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    summary_ko = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    categories = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # a published call is public; its cases are scoped
        paths = ("flow__program__owner_org__path",)

    def __str__(self) -> str:
        return self.title_ko


class Case(models.Model):
    """사례: one application moving through its flow — a worker's subsidy claim (organisation = the firm, person =
    the worker) or an organisation's application to a call. `district` is the district that received it (its
    officers act at "district" stages); `version` guards every change (an officer acting on a stale copy is told)."""

    class Channel(models.TextChoices):
        OFFICE = "office", "창구 접수 / at the desk"
        PUBLIC = "public", "온라인 신청 / online"
        IMPORT = "import", "서면 신청 일괄 등록 / paper, imported"
        DEMO = "demo", "예시 자료 / illustrative"

    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="cases")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=40, unique=True)  # 접수번호, e.g. 2021-고용유지-000123
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="cases")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=40, blank=True)  # a call's category code (예비/신규/재지정/고도화)
    title = models.CharField(max_length=200, blank=True)  # what a call's applicant proposes
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.OFFICE)
    applied_on = models.DateField()
    entered_stage_at = models.DateTimeField()
    due_on = models.DateField(null=True, blank=True)  # the current stage's deadline
    amount_claimed = models.BigIntegerField(null=True, blank=True)  # won
    amount_approved = models.BigIntegerField(null=True, blank=True)  # won
    outcome = models.CharField(max_length=10, choices=Stage.Outcome.choices, blank=True, default="")
    applicant_token = models.CharField(max_length=64, blank=True)  # hash of the applicant's status code
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Meta:
        indexes = [models.Index(fields=["flow", "stage"]), models.Index(fields=["district", "stage"])]

    class Scope:
        paths = ("district__path", "flow__program__owner_org__path")

    def __str__(self) -> str:
        return self.reference


class CaseEvent(models.Model):
    """사례 이력: every transition (and every score, payment and document) of a case, with who, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    transition = models.ForeignKey(Transition, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, default="transition")  # transition, document, score, payment, note
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)  # the applicant, or a body outside iljari
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class Document(models.Model):
    """제출 서류: a file kept with its case (type and size checked on upload; `sha256` of the content)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(max_length=40)  # cases.codes.DOC_TYPES
    file = models.FileField(upload_to="cases/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_by_label = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class ClaimMonth(models.Model):
    """청구 월: one month a worker's subsidy is claimed for, with the unpaid leave days; `eligible`, `amount` and
    `decision` (each rule with its values, in words) are set by screening (None: not yet screened)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="months")
    month = models.DateField()  # the first day of the month
    leave_days = models.PositiveSmallIntegerField()
    eligible = models.BooleanField(null=True)
    amount = models.BigIntegerField(null=True, blank=True)
    decision = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["case", "month"]
        constraints = [models.UniqueConstraint(fields=["case", "month"], name="cases_claim_month_unique")]

    def __str__(self) -> str:
        return f"{self.month:%Y년 %-m월} 휴직 {self.leave_days}일"


class DistrictBudget(models.Model):
    """자치구 배정액: the money a flow gives a district for a year (won); reallocations move it (ledger budget
    facts follow)."""

    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="budgets")
    district = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField()
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["flow", "district", "year"], name="cases_budget_unique")]

    class Scope:
        paths = ("district__path", "flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"{self.district} {self.year}년 {self.amount:,}원"


class Reallocation(models.Model):
    """재배정: money moved to a district from another district or, with no `from_district`, from a fund outside
    the allocation (e.g. 재난관리기금 추가 확보)."""

    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="reallocations")
    year = models.PositiveSmallIntegerField()
    from_district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_district = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    fund = models.CharField(max_length=100, blank=True)  # where money from outside came from
    on = models.DateField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("to_district__path", "from_district__path", "flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"재배정 {self.amount:,}원"


class PaymentBatch(models.Model):
    """지급 묶음: the payments a district sends to its finance system at once (a transfer file), after the
    double-receipt check (`check_report`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "작성 중 / draft"
        CHECKED = "checked", "점검 완료 / checked"
        SENT = "sent", "이체 파일 생성 / file made"
        PAID = "paid", "지급 완료 / paid"
        CANCELLED = "cancelled", "취소 / cancelled"

    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="batches")
    district = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    pay_on = models.DateField()
    count = models.PositiveIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    check_report = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("district__path", "flow__program__owner_org__path")

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """지급: money to a case's payee — the worker's months of a subsidy, one step of a staged subsidy (scheduled
    ahead with its `condition`, stopped when the condition fails), or a call's agreed subsidy. Once paid it is a
    `people.BenefitRecord` of the person (a firm's payment for a worker is the worker's benefit too)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "지급 예정 / scheduled"
        IN_BATCH = "in_batch", "지급 묶음에 포함 / in a batch"
        PAID = "paid", "지급 완료 / paid"
        HELD = "held", "지급 보류 / held"
        STOPPED = "stopped", "지급 중지 / stopped"

    class Payee(models.TextChoices):
        PERSON = "person", "개인 / the person"
        ORGANISATION = "organisation", "사업장·단체 / the organisation"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    batch = models.ForeignKey(PaymentBatch, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="payments")
    step = models.CharField(max_length=40, blank=True)  # a staged subsidy's step code
    label = models.CharField(max_length=100, blank=True)
    payee = models.CharField(max_length=12, choices=Payee.choices, default=Payee.PERSON)
    amount = models.BigIntegerField()
    months = models.JSONField(default=list, blank=True)  # ISO first days of the months paid for
    due_on = models.DateField()
    condition = models.CharField(max_length=40, blank=True)  # cases.conditions name checked before paying
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.TextField(blank=True)
    paid_on = models.DateField(null=True, blank=True)
    benefit = models.ForeignKey(BenefitRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Meta:
        indexes = [models.Index(fields=["status", "due_on"])]

    class Scope:
        paths = ("case__district__path", "case__flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"{self.label or '지급'} {self.amount:,}원"


class Recovery(models.Model):
    """환수: money paid that must come back (a double or fraudulent receipt found after paying), with a notice,
    instalments, what was paid back and what was written off; balance = amount − paid − written off, to the won."""

    class Status(models.TextChoices):
        OPEN = "open", "환수 진행 / open"
        NOTIFIED = "notified", "환수 고지 / notified"
        INSTALMENTS = "instalments", "분할 납부 / instalments"
        SETTLED = "settled", "환수 완료 / settled"
        WRITTEN_OFF = "written_off", "결손 처분 / written off"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recoveries")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    reason = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    notice_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("case__district__path", "case__flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"환수 {self.amount:,}원"


class RecoveryEntry(models.Model):
    """환수 원장: an instalment due (`kind` instalment: planned, not money), a payment back, or a write-off."""

    class Kind(models.TextChoices):
        INSTALMENT = "instalment", "분할 납부 예정 / instalment due"
        PAYMENT = "payment", "납부 / paid back"
        WRITE_OFF = "write_off", "결손 / written off"

    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on = models.DateField()
    amount = models.BigIntegerField()
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recovery", "on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:,}원"


class Review(models.Model):
    """심사: one reviewer's scores of one case at one review stage (`scores`: criterion code → score), or their
    recusal for a conflict of interest (with the reason). Submitted reviews are final; the ranked list is
    computed from them (`cases.ranking`)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recused = models.BooleanField(default=False)
    recusal_reason = models.TextField(blank=True)
    scores = models.JSONField(default=dict, blank=True)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)  # weighted, of 100
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "stage", "reviewer"], name="cases_review_unique")]

    class Scope:
        paths = ("case__district__path", "case__flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"심사 {self.case}"


class ReviewerAssignment(models.Model):
    """심사위원 배정: who reviews a call's cases at a review stage."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewers")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "stage", "reviewer"],
                                               name="cases_reviewer_assignment_unique")]

    def __str__(self) -> str:
        return f"심사위원 배정 {self.call}"


class Interview(models.Model):
    """대면 심사 일정: when and where an applicant is interviewed at a review stage."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interviews")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=20)
    place = models.CharField(max_length=200)
    note = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"면접 {self.case}"


class Agreement(models.Model):
    """약정: what a selected applicant and the district agree — the amount, the period, and the registry program
    the work becomes (`program`, created when the agreement is signed)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="agreement")
    signed_on = models.DateField()
    amount = models.BigIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("case__district__path", "case__flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"약정 {self.case}"


# --- slice money ---
class PayeeAccount(models.Model):
    """지급 계좌: where a case's money goes — the worker's account (payee "person") or the firm's ("organisation"),
    collected with the case (the bank book copy is its document). The transfer file reads it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accounts")
    payee = models.CharField(max_length=12, choices=Payment.Payee.choices, default=Payment.Payee.PERSON)
    bank_code = models.CharField(max_length=3)  # 금융결제원 은행코드, 3 digits (004 KB국민, 088 신한, ...)
    account_number = models.CharField(max_length=20)  # digits only
    holder = models.CharField(max_length=60)  # 예금주
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "payee"], name="cases_payee_account_unique")]

    def __str__(self) -> str:
        from .money import mask_account

        return f"{self.bank_code} {mask_account(self.account_number)}"


class StagedTerm(models.Model):
    """단계별 지급의 기준: when a staged subsidy's internship started (the steps' due dates count from it) and, when
    the condition failed (the intern left), the day it ended and why; the later steps are then stopped."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="staged_term")
    starts_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.case} {self.starts_on}"
# --- end money ---
# --- slice subsidy ---
# What the applicant or the officer states about the worker's employment insurance: the last day it is known to
# hold (the rule "still insured on 2021-04-30" passes when this is that day or later); None: not stated.
Case.add_to_class("insured_until", models.DateField(null=True, blank=True))
# --- end subsidy ---
# --- slice calls ---
class CallDistrict(models.Model):
    """공모 접수 자치구: a district that receives applications to a call (its officers take desk applications and
    run the first review)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="district_links")
    district = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()

    class Meta:
        ordering = ["call", "district__name_ko"]
        constraints = [models.UniqueConstraint(fields=["call", "district"], name="cases_call_district_unique")]

    class Scope:
        public = True  # which districts take a published call's applications is public, like the call
        paths = ("district__path", "call__flow__program__owner_org__path")

    def __str__(self) -> str:
        return f"{self.call} {self.district}"


class Proposal(models.Model):
    """공모 신청 내용: what an organisation proposes to a call (the title is `Case.title`), the contact person, the
    jobs it plans, and when the applicant agreed to the collection of personal data (PIPA art. 15)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="proposal")
    summary = models.TextField(blank=True)
    contact_name = models.CharField(max_length=100, blank=True)
    jobs_planned = models.PositiveSmallIntegerField(null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"신청 내용 {self.case}"
# --- end calls ---
