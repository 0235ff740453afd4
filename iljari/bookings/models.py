"""Job cafés (일자리카페), their rooms and programmes, the AI interview rooms, and the interview-suit rental
(취업날개서비스): places, what they offer, the dated booking rules, bookings, rentals, waiting lists, penalties and
the citizens' own accounts. See docs/bookings.md and docs/decisions/0009-bookings.md.

Never double-booked: on PostgreSQL the database itself refuses two live bookings of one seat for overlapping times
and two live rental lines of one suit item for overlapping days (exclusion constraints, migration 0002); caps
(minutes a day, rentals a year, future bookings) and a session's capacity are checked under a lock in the same
transaction (`bookings.locks`). SQLite runs every write transaction IMMEDIATE (settings), which serialises them.

A booker is a `people.Person` (source "booking") so the person registry sees them. Records generated for the demo
carry `illustrative=True` and may have no person (the usage history only counts them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from iljari.core.scoping import RestrictedManager
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person
from iljari.programs.models import Program


class Service(models.TextChoices):
    """What is booked: each has its own dated rules (BookingRule) and caps."""

    STUDY_ROOM = "study_room", "스터디룸 / study room"
    AI_ROOM = "ai_room", "AI 면접체험실 / AI interview room"
    PROGRAMME = "programme", "프로그램 / programme"
    SUIT = "suit", "면접 정장 대여 / interview suit"


class Operator(models.Model):
    """운영기관: who runs a café (the city, a district, a university, a private or public partner) or lends suits
    (the suit service's partner companies, e.g. 열린옷장). Its usage is recorded in the ledger on `program` for
    `org_unit` (bookings.derive); officers of `org_unit` operate its places."""

    class Kind(models.TextChoices):
        CITY = "city", "시 직영 / run by the city"
        DISTRICT = "district", "구 직영 / run by a district"
        UNIVERSITY = "university", "대학 / university"
        PRIVATE = "private", "민간 / private partner"
        PUBLIC = "public", "공공기관 / public body"
        SUIT = "suit", "정장 대여업체 / suit rental company"

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=160, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    business_number = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # who runs what is public; bookings are scoped by the operator's unit
        paths = ("org_unit__path",)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ko


class Place(models.Model):
    """A job café (일자리카페) or a suit branch (정장 대여 지점, a partner shop where suits are picked up)."""

    class Kind(models.TextChoices):
        CAFE = "cafe", "일자리카페 / job café"
        SUIT_BRANCH = "suit_branch", "정장 대여 지점 / suit branch"

    class Setting(models.TextChoices):
        """Where a café sits (seed 004: 대학, 청년공간, 공공시설, 민간시설)."""

        UNIVERSITY = "university", "대학 / university"
        YOUTH_SPACE = "youth_space", "청년공간 / youth space"
        PUBLIC = "public", "공공시설 / public building"
        PRIVATE = "private", "민간시설 / private building"
        SHOP = "shop", "대여점 / rental shop"

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=160, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    setting = models.CharField(max_length=12, choices=Setting.choices, blank=True)
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="places")
    district = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")  # the 자치구 it is in
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    regional = models.BooleanField(default=False)  # 광역일자리카페
    description = models.TextField(blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # a place's name, address and hours are public
        paths = ("operator__org_unit__path",)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "district"], name="place_kind_district")]

    def __str__(self) -> str:
        return self.name_ko


class OpeningHours(models.Model):
    """When a place is open on a weekday (0 Monday … 6 Sunday); a weekday without a row is closed."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()
    opens = models.TimeField()
    closes = models.TimeField()

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["place", "weekday"]
        constraints = [models.UniqueConstraint(fields=["place", "weekday"], name="hours_one_per_weekday"),
                       models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="hours_order"),
                       models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday")]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Closure(models.Model):
    """휴관일: a day a place is closed besides its weekly hours (the Korean public holidays come from the
    `holidays` package and close every place unless its rule says otherwise); `place` empty: every place."""

    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField()
    reason = models.CharField(max_length=200)

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["place", "day"], name="closure_once")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.reason}"


class Room(models.Model):
    """A bookable room of a café: a study room (스터디룸) booked by the seat or as a whole room, or an AI interview
    room (AI 면접체험실: laptop, microphone, lighting) booked whole. Each room has its seats (`Seat`): a whole room
    has one; a booking holds one seat."""

    class Kind(models.TextChoices):
        STUDY = "study", "스터디룸 / study room"
        AI_INTERVIEW = "ai_interview", "AI 면접체험실 / AI interview room"

    class Mode(models.TextChoices):
        SEAT = "seat", "좌석 단위 / by the seat"
        WHOLE = "whole", "공간 전체 / whole room"

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="rooms")
    name_ko = models.CharField(max_length=100)
    name_en = models.CharField(max_length=160, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    mode = models.CharField(max_length=5, choices=Mode.choices, default=Mode.WHOLE)
    capacity = models.PositiveSmallIntegerField(default=1)  # seats, or people a whole room holds
    equipment = models.CharField(max_length=300, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(default=30)  # bookings start and end on these steps
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["place", "name_ko"]

    def __str__(self) -> str:
        return f"{self.place.name_ko} {self.name_ko}"

    @property
    def service(self) -> str:
        return Service.AI_ROOM if self.kind == self.Kind.AI_INTERVIEW else Service.STUDY_ROOM


class Seat(models.Model):
    """One bookable unit of a room (a seat; the whole room for a room booked whole)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="seats")
    label = models.CharField(max_length=20)

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ("room__place__operator__org_unit__path",)

    class Meta:
        ordering = ["room", "id"]
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="seat_label_once")]

    def __str__(self) -> str:
        return self.label


class Programme(models.Model):
    """A café's programme: CV clinic, mock interview, mentoring, talk, CV photo, counselling, AI interview practice;
    held as sessions with a capacity."""

    class Kind(models.TextChoices):
        COUNSELLING = "counselling", "취업상담 / job counselling"
        CV_CLINIC = "cv_clinic", "이력서·자기소개서 클리닉 / CV clinic"
        MOCK_INTERVIEW = "mock_interview", "모의면접 / mock interview"
        MENTORING = "mentoring", "멘토링 / mentoring"
        TALK = "talk", "특강 / talk"
        CV_PHOTO = "cv_photo", "이력서 사진 촬영 / CV photo"
        AI_INTERVIEW = "ai_interview", "AI 면접 체험 / AI interview practice"

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="programmes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title_ko = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    staff = models.CharField(max_length=200, blank=True)  # who runs it (mentor, counsellor, photographer)
    active = models.BooleanField(default=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["place", "title_ko"]

    def __str__(self) -> str:
        return self.title_ko


class Session(models.Model):
    """One session of a programme (a talk on Thursday 14:00, a mentoring hour) with its capacity."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "예정 / scheduled"
        HELD = "held", "운영 완료 / held"
        CANCELLED = "cancelled", "취소 / cancelled"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    staff = models.CharField(max_length=200, blank=True)  # this session's mentor or speaker, if not the programme's
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    attended = models.PositiveIntegerField(null=True, blank=True)  # people counted at a session held (demo history)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # the timetable is public; who booked is not (Booking)
        paths = ("programme__place__operator__org_unit__path",)

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_order")]

    def __str__(self) -> str:
        return f"{self.programme.title_ko} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class SuitItem(models.Model):
    """One piece of a suit operator's stock (재고) kept at a branch: a jacket, trousers, a skirt, a shirt, shoes …
    with its size. A rental holds pieces for days (RentalLine)."""

    class Item(models.TextChoices):
        JACKET = "jacket", "재킷 / jacket"
        TROUSERS = "trousers", "바지 / trousers"
        SKIRT = "skirt", "치마 / skirt"
        SHIRT = "shirt", "셔츠 / shirt"
        BLOUSE = "blouse", "블라우스 / blouse"
        SHOES = "shoes", "구두 / shoes"
        TIE = "tie", "넥타이 / tie"
        BELT = "belt", "벨트 / belt"

    class Cut(models.TextChoices):
        MEN = "men", "남성용 / men's"
        WOMEN = "women", "여성용 / women's"

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="suit_items")
    branch = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="suit_items")
    tag = models.CharField(max_length=30)  # the operator's own label on the piece
    item = models.CharField(max_length=10, choices=Item.choices)
    cut = models.CharField(max_length=5, choices=Cut.choices)
    size = models.CharField(max_length=10)  # as the operator sizes it (e.g. 95, 100, 28, 250)
    colour = models.CharField(max_length=30, blank=True)
    active = models.BooleanField(default=True)  # retired pieces stay for history
    illustrative = models.BooleanField(default=False)

    objects = RestrictedManager()

    class Scope:
        public = True  # what is in stock (not who has it) is public
        paths = ("operator__org_unit__path",)

    class Meta:
        ordering = ["branch", "item", "size", "tag"]
        constraints = [models.UniqueConstraint(fields=["operator", "tag"], name="suit_tag_once")]
        indexes = [models.Index(fields=["branch", "item", "cut", "size"], name="suit_stock")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.size} ({self.tag})"


class BookingRule(models.Model):
    """이용 기준: the rules of one service from a date (dated data, edited by officers; a new version from a later
    date never changes what applied before). E.g. the suit service: Seoul residents from final-year high school to
    age 34 until 2020, to 39 from 2021; at most 10 rentals a calendar year; 3 nights / 4 days."""

    service = models.CharField(max_length=12, choices=Service.choices)
    valid_from = models.DateField()
    name = models.CharField(max_length=200, blank=True)
    residents_only = models.BooleanField(default=True)  # Seoul residents only (the person's district in Seoul)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)  # 만 나이 on the day booked for
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    final_year_students = models.BooleanField(default=False)  # 고교 졸업예정자 may book under min_age
    daily_minutes = models.PositiveIntegerField(null=True, blank=True)  # e.g. study rooms: 180 a day per person
    booking_max_minutes = models.PositiveIntegerField(null=True, blank=True)  # one booking at most
    yearly_count = models.PositiveIntegerField(null=True, blank=True)  # e.g. suits: 10 a calendar year
    max_future = models.PositiveSmallIntegerField(null=True, blank=True)  # live future bookings at once
    advance_days = models.PositiveSmallIntegerField(default=14)  # how far ahead one may book
    rental_nights = models.PositiveSmallIntegerField(null=True, blank=True)  # suits: 3 nights, 4 days
    cancel_hours = models.PositiveSmallIntegerField(default=0)  # cancel at least this many hours before
    no_show_ban_days = models.PositiveSmallIntegerField(default=0)  # no booking for N days after a no-show
    late_return_ban_days = models.PositiveSmallIntegerField(default=0)
    waitlist_offer_hours = models.PositiveSmallIntegerField(default=24)  # a freed place is held this long
    open_on_holidays = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True)  # where the rule comes from (e.g. seed 001)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        public = True  # rules are public; the portfolio office and administrators change them
        paths = ()

    class Meta:
        ordering = ["service", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["service", "valid_from"], name="rule_once_a_day")]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.valid_from:%Y.%m.%d}~"


class CitizenAccount(models.Model):
    """A citizen's own account for booking (phone number and password; Django's password hashers). Identity
    verification by a national service (본인확인: PASS / 공동·금융인증서) is an integration point not connected:
    `verified` stays false and what the citizen typed is self-declared (docs/bookings.md)."""

    phone = models.CharField(max_length=11, unique=True)  # digits only, e.g. 01012345678
    password = models.CharField(max_length=128)
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="citizen_account")
    verified = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    final_year_student = models.BooleanField(default=False)  # 고교 졸업예정자 (self-declared; migration 0040)
    consented_at = models.DateTimeField(null=True, blank=True)  # PIPA consent to collection and use (0040)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_login_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        global_only = True  # officers reach a booker through their bookings; accounts only administrators

    def __str__(self) -> str:
        return f"{self.phone[:3]}-****-{self.phone[-4:]}"


class Booking(models.Model):
    """A booking of a room's seat for a time (스터디룸, AI 면접체험실) or of a place in a programme's session."""

    class Kind(models.TextChoices):
        ROOM = "room", "공간 예약 / room"
        SESSION = "session", "프로그램 신청 / programme"

    class Status(models.TextChoices):
        BOOKED = "booked", "예약 / booked"
        CHECKED_IN = "checked_in", "이용 / checked in"
        NO_SHOW = "no_show", "노쇼 / no-show"
        CANCELLED = "cancelled", "취소 / cancelled"

    class Channel(models.TextChoices):
        ONLINE = "online", "온라인 / online"
        DESK = "desk", "현장 / at the desk"

    LIVE = (Status.BOOKED, Status.CHECKED_IN)  # hold their seat (the exclusion constraint's condition)

    kind = models.CharField(max_length=8, choices=Kind.choices)
    service = models.CharField(max_length=12, choices=Service.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings")
    account = models.ForeignKey(CitizenAccount, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="bookings")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="bookings")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings")
    seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    party_size = models.PositiveSmallIntegerField(default=1)  # people using a whole room together
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    channel = models.CharField(max_length=6, choices=Channel.choices, default=Channel.ONLINE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    checked_in_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["seat", "starts_at"], name="booking_seat_time"),
                   models.Index(fields=["person", "service", "starts_at"], name="booking_person_time"),
                   models.Index(fields=["session", "status"], name="booking_session"),
                   models.Index(fields=["place", "starts_at"], name="booking_place_time")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="booking_order"),
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(illustrative=True), name="booking_person"),
            models.CheckConstraint(condition=(Q(kind="room", seat__isnull=False, room__isnull=False)
                                              | Q(kind="session", session__isnull=False)), name="booking_target"),
        ]

    def __str__(self) -> str:
        return f"{self.place.name_ko} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Rental(models.Model):
    """대여: an interview suit booked for a pick-up day at a branch, kept `rental_nights` nights (3 nights / 4 days:
    due back on pickup_on + 3) and returned in person or by parcel (with the tracking number)."""

    class Status(models.TextChoices):
        RESERVED = "reserved", "예약 / reserved"
        PICKED_UP = "picked_up", "대여 중 / picked up"
        RETURNED = "returned", "반납 / returned"
        CANCELLED = "cancelled", "취소 / cancelled"
        NO_SHOW = "no_show", "미수령 / not picked up"

    class ReturnMethod(models.TextChoices):
        IN_PERSON = "in_person", "방문 반납 / in person"
        PARCEL = "parcel", "택배 반납 / by parcel"

    LIVE = (Status.RESERVED, Status.PICKED_UP)

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="rentals")
    account = models.ForeignKey(CitizenAccount, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="rentals")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="rentals")
    branch = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="rentals")
    pickup_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RESERVED)
    channel = models.CharField(max_length=6, choices=Booking.Channel.choices, default=Booking.Channel.ONLINE)
    sizes_note = models.CharField(max_length=200, blank=True)  # what the citizen asked (height, sizes)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    return_method = models.CharField(max_length=10, choices=ReturnMethod.choices, blank=True)
    tracking_number = models.CharField(max_length=30, blank=True)
    late_days = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("operator__org_unit__path",)

    class Meta:
        ordering = ["pickup_on", "id"]
        indexes = [models.Index(fields=["person", "pickup_on"], name="rental_person_day"),
                   models.Index(fields=["branch", "pickup_on"], name="rental_branch_day"),
                   models.Index(fields=["operator", "pickup_on"], name="rental_operator_day"),
                   models.Index(fields=["status", "due_on"], name="rental_due")]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("pickup_on")), name="rental_order"),
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(illustrative=True), name="rental_person"),
        ]

    def __str__(self) -> str:
        return f"{self.branch.name_ko} {self.pickup_on:%Y-%m-%d}"


class RentalLine(models.Model):
    """One piece held by a rental from pickup to due day (inclusive). `live` follows the rental's status: the
    exclusion constraint refuses two live lines of one piece for overlapping days."""

    rental = models.ForeignKey(Rental, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(SuitItem, on_delete=models.PROTECT, related_name="lines")
    starts_on = models.DateField()
    ends_on = models.DateField()  # inclusive: the day it is due back (a late return extends it)
    live = models.BooleanField(default=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("rental__operator__org_unit__path",)

    class Meta:
        indexes = [models.Index(fields=["item", "starts_on"], name="rental_line_item_day")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="rental_line_order")]

    def __str__(self) -> str:
        return f"{self.item} {self.starts_on:%Y-%m-%d}~{self.ends_on:%Y-%m-%d}"


class WaitlistEntry(models.Model):
    """대기: a person waiting for a full session or a taken room slot. When a place frees, the first waiting person
    is offered it until `offer_expires_at` (the rule's `waitlist_offer_hours`); unanswered, it goes to the next."""

    class Status(models.TextChoices):
        WAITING = "waiting", "대기 중 / waiting"
        OFFERED = "offered", "자리 제안 / offered"
        ACCEPTED = "accepted", "예약 확정 / accepted"
        EXPIRED = "expired", "제안 만료 / offer expired"
        DECLINED = "declined", "사양 / declined"
        WITHDRAWN = "withdrawn", "대기 취소 / withdrawn"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="waitlist_entries")
    account = models.ForeignKey(CitizenAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    service = models.CharField(max_length=12, choices=Service.choices)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="waitlist")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.CASCADE, related_name="waitlist")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["session", "status"], name="waitlist_session"),
                   models.Index(fields=["room", "starts_at", "status"], name="waitlist_room")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Penalty(models.Model):
    """이용 제한: no booking of `service` from `starts_on` to `ends_on` after a no-show or a late return (the rule's
    ban days). An officer may lift it with a reason."""

    class Reason(models.TextChoices):
        NO_SHOW = "no_show", "노쇼 / no-show"
        LATE_RETURN = "late_return", "반납 지연 / late return"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="booking_penalties")
    service = models.CharField(max_length=12, choices=Service.choices)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")  # where it happened (scope)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rental = models.ForeignKey(Rental, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lift_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Scope:
        paths = ("place__operator__org_unit__path",)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["person", "service", "ends_on"], name="penalty_person")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ~{self.ends_on:%Y-%m-%d}"
