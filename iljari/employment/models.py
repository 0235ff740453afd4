"""Job centres (일자리센터): job seekers, employers and vacancies, counselling, referrals, placements and their
follow-ups, job fairs, and the code lists they use (occupations: KECO, skills, licences) and the minimum wage.
See docs/employment.md and docs/decisions/0007-job-centres-plan.md.

The funnel a centre reports (구인 vacancies, 구직 seekers, 상담 counselling, 알선 referrals, 취업 placements) is
counted from these records into the ledger by `employment.derive` (re-runnable), never typed.

A seeker is a `people.Person` (source "seeker") so the person registry and the double-receipt check see them.
Records generated for the demo carry `illustrative=True`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person
from iljari.programs.models import Program


class Occupation(models.Model):
    """직업분류: an entry of the Korean Employment Classification of Occupations (KECO 2018, 한국고용직업분류).

    Levels: 1 대분류 (one digit), 2 중분류 (two digits), 3 소분류 (three), 4 세분류 (four). The code is a prefix of its
    children's codes, so the distance of two occupations is read from their common prefix. The major and middle
    categories ship with iljari; administrators add finer codes."""

    class Level(models.IntegerChoices):
        MAJOR = 1, "대분류 / major"
        MIDDLE = 2, "중분류 / middle"
        MINOR = 3, "소분류 / minor"
        DETAIL = 4, "세분류 / detailed"

    code = models.CharField(max_length=8, unique=True)
    name_ko = models.CharField(max_length=120)
    name_en = models.CharField(max_length=160, blank=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    active = models.BooleanField(default=True)
    source = models.CharField(max_length=200, blank=True)

    objects = RestrictedManager()

    class Scope:
        public = True  # a code list: every role reads it, administrators change it
        paths = ()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ko


class SkillCode(models.Model):
    """기술·자격: a skill (e.g. 엑셀, 지게차 운전) or a licence (국가자격, e.g. 요양보호사, 지게차운전기능사) that seekers
    hold and vacancies require."""

    class Kind(models.TextChoices):
        SKILL = "skill", "기술 / skill"
        LICENCE = "licence", "자격증 / licence"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.CharField(max_length=20, unique=True)
    name_ko = models.CharField(max_length=120)
    name_en = models.CharField(max_length=160, blank=True)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ()

    class Meta:
        ordering = ["kind", "name_ko"]

    def __str__(self) -> str:
        return self.name_ko


class MinimumWage(models.Model):
    """최저임금: the legal hourly minimum wage in force from a date (a dated parameter; 고용노동부 고시)."""

    valid_from = models.DateField(unique=True)
    hourly = models.PositiveIntegerField()  # won an hour
    source = models.CharField(max_length=200, blank=True)

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ()

    class Meta:
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%Y.%m.%d}~ {self.hourly:,}원"


class Centre(models.Model):
    """일자리센터: the Seoul Job Centre or a district's job centre. Its counsellors are officers of `org_unit`
    (program officers of the centre's unit, district officers of the district); its funnel is recorded on
    `program` (e.g. 서울일자리센터 운영) for `org_unit` in the ledger."""

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=160, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)

    objects = RestrictedManager()

    class Scope:
        # where a centre is (name, address) is public; its records are scoped by the centre's unit
        public = True
        paths = ("org_unit__path",)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ko


class WageType(models.TextChoices):
    HOURLY = "hourly", "시급 / hourly"
    DAILY = "daily", "일급 / daily"
    MONTHLY = "monthly", "월급 / monthly"
    ANNUAL = "annual", "연봉 / annual"


class Contract(models.TextChoices):
    PERMANENT = "permanent", "정규직 / permanent"
    FIXED = "fixed", "계약직 / fixed-term"
    PART_TIME = "part_time", "시간제 / part-time"
    DAILY = "daily", "일용직 / daily"


class Education(models.TextChoices):
    NONE = "none", "학력 무관 / any"
    MIDDLE = "middle", "중학교 졸업 / middle school"
    HIGH = "high", "고등학교 졸업 / high school"
    COLLEGE = "college", "전문대학 졸업 / college"
    UNIVERSITY = "university", "대학교 졸업 / university"
    GRADUATE = "graduate", "대학원 졸업 / graduate school"


class Seeker(models.Model):
    """구직자: a person registered with a centre to find work, with what they want and what they bring."""

    class Commute(models.TextChoices):
        OWN = "own", "거주 자치구 안 / in my district"
        NEIGHBOUR = "neighbour", "거주 자치구와 이웃 자치구 / my district and its neighbours"
        SEOUL = "seoul", "서울 전역 / anywhere in Seoul"

    class Status(models.TextChoices):
        ACTIVE = "active", "구직 중 / seeking"
        PLACED = "placed", "취업 / placed"
        CLOSED = "closed", "종료 / closed"

    class Channel(models.TextChoices):
        COUNSELLOR = "counsellor", "상담사 등록 / by a counsellor"
        ONLINE = "online", "본인 신청 / online by the seeker"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="seeker")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="seekers")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    registered_on = models.DateField(db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.COUNSELLOR)
    desired_occupations = models.ManyToManyField(Occupation, blank=True, related_name="+")
    home_district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commute = models.CharField(max_length=10, choices=Commute.choices, default=Commute.NEIGHBOUR)
    wage_type = models.CharField(max_length=8, choices=WageType.choices, default=WageType.MONTHLY)
    desired_wage = models.PositiveIntegerField(null=True, blank=True)  # won per wage_type; None: not said
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)  # at most; None: any
    education = models.CharField(max_length=10, choices=Education.choices, default=Education.NONE)
    licences = models.ManyToManyField(SkillCode, blank=True, related_name="+")
    skills_text = models.TextField(blank=True)  # skills as the seeker wrote them (read with kiwipiepy)
    career_text = models.TextField(blank=True)  # career history as written
    programmes_joined = models.TextField(blank=True)  # 취업성공패키지, 국민취업지원제도, ... as written
    consent_share = models.BooleanField(default=False)  # may employers see name and phone?
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    class Meta:
        indexes = [models.Index(fields=["centre", "registered_on"], name="seeker_centre_day")]

    def __str__(self) -> str:
        return self.person.name


class CareerEntry(models.Model):
    """경력: one job a seeker held."""

    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="career")
    employer_name = models.CharField(max_length=200, blank=True)
    occupation = models.ForeignKey(Occupation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    tasks = models.CharField(max_length=300, blank=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("seeker__centre__org_unit__path",)

    class Meta:
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.employer_name


class Employer(models.Model):
    """구인기업: an employer that posts vacancies (business registration number checked by its check digit)."""

    name = models.CharField(max_length=200)
    business_number = models.CharField(max_length=10, unique=True)  # 사업자등록번호, ten digits without dashes
    sector = models.CharField(max_length=100, blank=True)  # 업종 as written (KSIC section name)
    employees = models.PositiveIntegerField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    district = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(max_length=100, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    contact_email = models.EmailField(blank=True)
    centre = models.ForeignKey(Centre, null=True, blank=True, on_delete=models.PROTECT, related_name="employers")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    def __str__(self) -> str:
        return self.name


class Vacancy(models.Model):
    """구인: an employer's vacancy. A vacancy sent through the public form waits (`pending`) until a counsellor
    approves it; only `open` vacancies before their deadline are shown to citizens."""

    class Status(models.TextChoices):
        PENDING = "pending", "승인 대기 / awaiting approval"
        OPEN = "open", "모집 중 / open"
        FILLED = "filled", "채용 완료 / filled"
        CLOSED = "closed", "마감 / closed"
        REJECTED = "rejected", "반려 / rejected"

    class Channel(models.TextChoices):
        COUNSELLOR = "counsellor", "상담사 등록 / by a counsellor"
        ONLINE = "online", "기업 신청 / online by the employer"

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(max_length=200)
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    tasks = models.TextField(blank=True)
    district = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")  # where the work is
    address = models.CharField(max_length=300, blank=True)
    wage_type = models.CharField(max_length=8, choices=WageType.choices)
    wage = models.PositiveIntegerField()  # won per wage_type
    hours_per_week = models.PositiveSmallIntegerField()
    contract = models.CharField(max_length=10, choices=Contract.choices)
    openings = models.PositiveSmallIntegerField(default=1)
    education = models.CharField(max_length=10, choices=Education.choices, default=Education.NONE)
    required_licences = models.ManyToManyField(SkillCode, blank=True, related_name="+")
    requirements = models.TextField(blank=True)  # 우대사항 and other requirements as written
    posted_on = models.DateField(db_index=True)
    deadline = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.COUNSELLOR)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=300, blank=True)
    # What an employer typed on the public form (the approver compares it with the employer registered under the
    # business number: a number already registered under another name is shown, never silently merged).
    sent_employer_name = models.CharField(max_length=200, blank=True)
    sent_contact = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # every save (and creation) stamps it: the matching's open-set cache compares its newest value
    changed_at = models.DateTimeField(auto_now=True, null=True, db_index=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    class Meta:
        verbose_name_plural = "vacancies"
        indexes = [models.Index(fields=["centre", "posted_on"], name="vacancy_centre_day"),
                   models.Index(fields=["status", "deadline"], name="vacancy_open"),
                   # the public job search (slice "public", search.py; bench/jobs_bench.py): equal columns first,
                   # then the newest first (the page is walked in order, never sorted), then what is checked
                   # (the deadline of every public query, a lowest wage, the hours): counts read the index alone
                   models.Index(fields=["status", "-posted_on", "-id"], name="vacancy_public_new"),
                   models.Index(fields=["status", "district", "-posted_on", "deadline"],
                                name="vacancy_public_district"),
                   models.Index(fields=["status", "occupation", "-posted_on", "deadline"],
                                name="vacancy_public_occupation"),
                   models.Index(fields=["status", "wage_type", "-posted_on", "wage", "deadline"],
                                name="vacancy_public_wage"),
                   models.Index(fields=["status", "contract", "-posted_on", "hours_per_week", "deadline"],
                                name="vacancy_public_contract"),
                   # sorting every open vacancy by a month's pay reads the pay from the index alone
                   models.Index(fields=["status", "deadline", "wage_type", "wage", "hours_per_week"],
                                name="vacancy_public_pay")]

    def __str__(self) -> str:
        return self.title


class Counselling(models.Model):
    """상담: one counselling session with a seeker."""

    class Kind(models.TextChoices):
        INTAKE = "intake", "초기 상담 / intake"
        CAREER = "career", "진로·직업 상담 / career guidance"
        JOB_SEARCH = "job_search", "구직 활동 상담 / job search"
        CV = "cv", "이력서·자기소개서 / CV"
        INTERVIEW = "interview", "면접 준비 / interview preparation"
        FOLLOW_UP = "follow_up", "사후 관리 / follow-up"

    class Channel(models.TextChoices):
        VISIT = "visit", "방문 / in person"
        PHONE = "phone", "전화 / phone"
        ONLINE = "online", "온라인 / online"

    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="sessions")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    held_on = models.DateField(db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.VISIT)
    notes = models.TextField(blank=True)
    next_step = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    class Meta:
        indexes = [models.Index(fields=["centre", "held_on"], name="counselling_centre_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y.%m.%d} {self.get_kind_display()}"


class Referral(models.Model):
    """알선: a seeker sent to a vacancy, and what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "결과 대기 / awaiting"
        INTERVIEW = "interview", "면접 / interview"
        HIRED = "hired", "채용 / hired"
        REFUSED_BY_SEEKER = "seeker_refused", "구직자 거절 / refused by the seeker"
        REFUSED_BY_EMPLOYER = "employer_refused", "기업 거절 / refused by the employer"

    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="referrals")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="referrals")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    referred_on = models.DateField(db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    class Meta:
        indexes = [models.Index(fields=["centre", "referred_on"], name="referral_centre_day")]

    def __str__(self) -> str:
        return f"{self.referred_on:%Y.%m.%d} {self.vacancy}"


class Placement(models.Model):
    """취업: a seeker placed in a job (through a referral, or on their own after counselling)."""

    class Via(models.TextChoices):
        REFERRAL = "referral", "알선 취업 / through a referral"
        JOB_FAIR = "job_fair", "채용박람회 / at a job fair"
        SELF = "self", "본인 구직 / found by the seeker"

    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="placements")
    referral = models.OneToOneField(Referral, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="placement")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(max_length=200, blank=True)  # when the employer is not registered
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    placed_on = models.DateField(db_index=True)
    wage_type = models.CharField(max_length=8, choices=WageType.choices)
    wage = models.PositiveIntegerField()
    contract = models.CharField(max_length=10, choices=Contract.choices)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.REFERRAL)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    class Meta:
        indexes = [models.Index(fields=["centre", "placed_on"], name="placement_centre_day")]

    def __str__(self) -> str:
        return f"{self.placed_on:%Y.%m.%d} {self.employer_name or self.employer}"


class FollowUp(models.Model):
    """사후관리: the check 1, 3 and 6 months after a placement: still employed? with the same employer?
    Made with the placement (due dates); `done_on` empty until the counsellor records the answer."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(choices=[(1, "1개월 / 1 month"), (3, "3개월 / 3 months"),
                                                       (6, "6개월 / 6 months")])
    due_on = models.DateField(db_index=True)
    done_on = models.DateField(null=True, blank=True)
    still_employed = models.BooleanField(null=True, blank=True)
    same_employer = models.BooleanField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("placement__centre__org_unit__path",)

    class Meta:
        ordering = ["placement", "months"]
        constraints = [models.UniqueConstraint(fields=["placement", "months"], name="follow_up_once")]

    def __str__(self) -> str:
        return f"{self.placement} +{self.months}"


class JobFair(models.Model):
    """채용박람회·현장면접: a job fair or meet-the-employer day, with its counts."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="job_fairs")
    name = models.CharField(max_length=200)
    held_on = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    employers = models.ManyToManyField(Employer, blank=True, related_name="job_fairs")
    companies = models.PositiveIntegerField(default=0)  # 참여기업
    applicants = models.PositiveIntegerField(default=0)  # 참여 구직자
    interviews = models.PositiveIntegerField(default=0)  # 면접
    hires = models.PositiveIntegerField(default=0)  # 채용
    note = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("centre__org_unit__path",)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.name
