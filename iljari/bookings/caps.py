"""What a person has used of their caps (read under `locks.lock_person` by the booking services; shown to the
citizen as "left today / this year" on their page). Only live bookings count (booked, checked in); a no-show
counts too (the time was held); cancelled ones do not.

- `minutes_on(person, service, day)`: minutes of rooms of `service` booked on `day` (Asia/Seoul).
- `rentals_in_year(person, year)`: suit rentals picked up or to be picked up in that calendar year.
- `future_count(person, service, now)`: live bookings (or rentals) that have not started yet.
- `caps_left(person, day, now)`: every cap in words for the citizen's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import Booking, BookingRule, Rental, Service

COUNTED = (Booking.Status.BOOKED, Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW)
RENTALS_COUNTED = (Rental.Status.RESERVED, Rental.Status.PICKED_UP, Rental.Status.RETURNED)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min), tz)
    return start, start + dt.timedelta(days=1)


def minutes_on(person: Any, service: str, day: dt.date, *, exclude_id: int | None = None) -> int:
    start, end = day_bounds(day)
    qs = Booking.objects.filter(person=person, service=service, kind=Booking.Kind.ROOM, status__in=COUNTED,
                                starts_at__lt=end, ends_at__gt=start)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    total = 0
    for s, e in qs.values_list("starts_at", "ends_at"):
        total += int((min(e, end) - max(s, start)).total_seconds() // 60)
    return total


def rentals_in_year(person: Any, year: int) -> int:
    return Rental.objects.filter(person=person, status__in=RENTALS_COUNTED, pickup_on__year=year).count()


def future_count(person: Any, service: str, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    if service == Service.SUIT:
        return Rental.objects.filter(person=person, status=Rental.Status.RESERVED,
                                     pickup_on__gte=timezone.localdate(now)).count()
    return Booking.objects.filter(Q(person=person, service=service, status=Booking.Status.BOOKED,
                                    starts_at__gt=now)).count()


@dataclass
class CapLeft:
    service: str
    label_ko: str
    label_en: str
    used: int
    limit: int
    unit_ko: str  # "분", "회", "건"
    unit_en: str

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def caps_left(person: Any, day: dt.date, now: dt.datetime | None = None) -> list[CapLeft]:
    """Every cap in force on `day` with what is used and left (for "my bookings")."""
    from .rules import SERVICE_NAMES_EN, SERVICE_NAMES_KO, WEEKDAYS_KO

    now = now or timezone.now()
    out: list[CapLeft] = []
    for service in Service.values:
        rule = BookingRule.objects.filter(service=service, valid_from__lte=day).order_by("-valid_from").first()
        if rule is None:
            continue
        ko, en = SERVICE_NAMES_KO[service], SERVICE_NAMES_EN[service]
        if rule.daily_minutes:
            out.append(CapLeft(service, f"{ko} 오늘 이용 시간", f"{en}: minutes today",
                               minutes_on(person, service, day), rule.daily_minutes, "분", "minutes"))
            # and every later day the person has booked: what is left on the day they booked, not only today
            start, _end = day_bounds(day + dt.timedelta(days=1))
            booked = sorted({timezone.localtime(t).date() for t in Booking.objects.filter(
                person=person, service=service, kind=Booking.Kind.ROOM, status=Booking.Status.BOOKED,
                starts_at__gte=start).values_list("starts_at", flat=True)})
            for d in booked[:7]:
                wd_ko, wd_en = WEEKDAYS_KO[d.weekday()], f"{d:%a}"
                out.append(CapLeft(service, f"{ko} {d.month}월 {d.day}일({wd_ko}) 이용 시간",
                                   f"{en}: minutes on {wd_en} {d.day} {d:%b}", minutes_on(person, service, d),
                                   rule.daily_minutes, "분", "minutes"))
        if rule.yearly_count:
            out.append(CapLeft(service, f"{ko} {day.year}년 이용 횟수", f"{en}: uses in {day.year}",
                               rentals_in_year(person, day.year) if service == Service.SUIT else 0,
                               rule.yearly_count, "회", "times"))
        if rule.max_future:
            out.append(CapLeft(service, f"{ko} 동시 예약", f"{en}: bookings ahead at once",
                               future_count(person, service, now), rule.max_future, "건", "bookings"))
    return out
