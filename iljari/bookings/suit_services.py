"""The interview-suit service (취업날개서비스): what is free at a branch, booking a suit (online or at the desk),
cancelling, pick-up, return (in person or by parcel), no-show, the late list, and the branches' stock.

Never lent twice: a rental holds each piece with a RentalLine from the pick-up day to the due day (inclusive). On
PostgreSQL the exclusion constraint `rental_item_no_overlap` (migration 0002) is the last word: a line that would
overlap another live line of the piece is refused by the database, whoever writes it; the service catches that in
a savepoint, tries another free piece of the same item, cut and size, and refuses ErrorCode.FULL naming the size
when none is left. On SQLite every write transaction is IMMEDIATE (one writer at a time), so the service's own
check before the insert is enough. Desk lending goes through the same `rental_book`.

Caps and eligibility are read under `locks.lock_person` in the booking's transaction, with the rule in force on
the PICK-UP day (`rules.rule_for("suit", pickup_on)`): a 39-year-old may book a suit picked up in 2021 but not one
picked up in 2020 (the age cap was 34 then). Every service takes an optional `today`/`now` for tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from iljari.audit.services import audit_change, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.ledger.derived import acting

from . import locks
from .caps import rentals_in_year
from .models import BookingRule, Closure, OpeningHours, Penalty, Place, Rental, RentalLine, Service, SuitItem
from .rules import d_en, d_ko, eligibility_problems, holiday_name, penalty_problems, problem, refuse, rule_for

ITEM_KO = {v: label.split(" / ")[0] for v, label in SuitItem.Item.choices}
ITEM_EN = {v: label.split(" / ")[1] for v, label in SuitItem.Item.choices}
CUT_KO = {v: label.split(" / ")[0] for v, label in SuitItem.Cut.choices}
CUT_EN = {v: label.split(" / ")[1] for v, label in SuitItem.Cut.choices}


def _today(today: dt.date | None = None, now: dt.datetime | None = None) -> dt.date:
    if today is not None:
        return today
    return timezone.localdate(now) if now is not None else timezone.localdate()


def _aware(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at), timezone.get_default_timezone())


# ------------------------------------------------------------------------------------------------ opening days


@dataclass
class DayOpen:
    open: bool
    opens: dt.time | None = None
    closes: dt.time | None = None
    reason_ko: str = ""
    reason_en: str = ""


def branch_day(branch: Place, day: dt.date, rule: BookingRule | None = None) -> DayOpen:
    """Is the branch open on `day` (its weekly hours, its closures and every place's, the public holidays unless the
    rule opens on holidays), and when."""
    if not branch.active or (branch.closed_on and day >= branch.closed_on) or (branch.opened_on
                                                                               and day < branch.opened_on):
        return DayOpen(False, reason_ko="운영하지 않는 지점입니다", reason_en="the branch is not operating")
    closure = Closure.objects.filter(Q(place=branch) | Q(place__isnull=True), day=day).first()
    if closure is not None:
        return DayOpen(False, reason_ko=f"휴무일입니다 ({closure.reason})", reason_en=f"closed that day ({closure.reason})")
    holiday = holiday_name(day)
    if holiday and not (rule is not None and rule.open_on_holidays):
        return DayOpen(False, reason_ko=f"공휴일({holiday})에는 쉽니다", reason_en="closed on public holidays")
    hours = next((h for h in branch.hours.all() if h.weekday == day.weekday()), None) if _prefetched(branch) \
        else OpeningHours.objects.filter(place=branch, weekday=day.weekday()).first()
    if hours is None:
        return DayOpen(False, reason_ko="문을 열지 않는 요일입니다", reason_en="closed on that weekday")
    return DayOpen(True, hours.opens, hours.closes)


def _prefetched(branch: Place) -> bool:
    return "hours" in getattr(branch, "_prefetched_objects_cache", {})


def open_days(branch: Place, start: dt.date, count: int, rule: BookingRule | None = None,
              limit: int = 60) -> list[dt.date]:
    """The next `count` days from `start` (inclusive) the branch opens, looking at most `limit` days ahead."""
    out = []
    for n in range(limit + 1):
        day = start + dt.timedelta(days=n)
        if branch_day(branch, day, rule).open:
            out.append(day)
            if len(out) >= count:
                break
    return out


def due_date(branch: Place, pickup_on: dt.date, rule: BookingRule | None) -> dt.date:
    """The day a suit is due back: pick-up + the rule's nights (3 nights / 4 days), moved to the branch's next open
    day when the branch is closed then (a Sunday, a public holiday), so nobody is late for a closed door."""
    due = pickup_on + dt.timedelta(days=(rule.rental_nights or 0) if rule else 0)
    if rule is None or not rule.rental_nights:
        return due
    later = open_days(branch, due, 1, rule, limit=14)
    return later[0] if later else due


# ------------------------------------------------------------------------------------------------ availability


def _busy_lines(first: dt.date, last: dt.date, today: dt.date) -> QuerySet[RentalLine]:
    """Live lines overlapping [first, last]; a piece still out past its due day (not returned) is busy too."""
    overdue = Q(rental__status=Rental.Status.PICKED_UP, ends_on__lt=today)
    return RentalLine.objects.filter(Q(live=True) & (Q(starts_on__lte=last, ends_on__gte=first) | overdue))


def free_pieces(*, branch: Place, item: str, cut: str, size: str | None, first: dt.date, last: dt.date,
                today: dt.date | None = None, exclude_line: int | None = None) -> QuerySet[SuitItem]:
    """Active pieces of the item/cut(/size) at the branch with no live line overlapping [first, last]."""
    today = _today(today)
    busy = _busy_lines(first, last, today).filter(item=OuterRef("pk"))
    if exclude_line:
        busy = busy.exclude(pk=exclude_line)
    qs = SuitItem.objects.filter(branch=branch, item=item, cut=cut, active=True)
    if size is not None:
        qs = qs.filter(size=size)
    return qs.filter(~Exists(busy)).order_by("id")


@dataclass
class Availability:
    pickup_on: dt.date
    due_on: dt.date | None
    open: DayOpen
    cut: str
    # item -> size -> (free, total)
    sizes: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def free(self, item: str, size: str) -> int:
        return self.sizes.get(item, {}).get(size, (0, 0))[0]


def _size_key(size: str) -> tuple[int, float, str]:
    try:
        return (0, float(size), size)
    except ValueError:
        return (1, 0.0, size)


def suit_availability(*, branch: Place, pickup_on: dt.date, cut: str, sizes: dict[str, str] | None = None,
                      today: dt.date | None = None) -> Availability:
    """Per item type and size of `cut` at the branch: pieces free for the whole span pickup_on..pickup_on +
    rental_nights, and whether the branch opens that day. `sizes` (item -> size) narrows it to those sizes."""
    today = _today(today)
    try:
        rule = rule_for(Service.SUIT, pickup_on)
    except ServiceError:
        rule = None
    due = due_date(branch, pickup_on, rule)
    out = Availability(pickup_on, due if rule else None, branch_day(branch, pickup_on, rule), cut)
    qs = SuitItem.objects.filter(branch=branch, cut=cut, active=True)
    if sizes:
        q = Q(pk__in=[])
        for item, size in sizes.items():
            q |= Q(item=item, size=size)
        qs = qs.filter(q)
    busy = _busy_lines(pickup_on, due, today).filter(item=OuterRef("pk"))
    for item, size, is_busy in qs.annotate(busy=Exists(busy)).values_list("item", "size", "busy"):
        free, total = out.sizes.setdefault(item, {}).get(size, (0, 0))
        out.sizes[item][size] = (free + (0 if is_busy else 1), total + 1)
    order = list(SuitItem.Item.values)
    out.sizes = {i: dict(sorted(out.sizes[i].items(), key=lambda kv: _size_key(kv[0])))
                 for i in sorted(out.sizes, key=order.index)}
    return out


# ------------------------------------------------------------------------------------------------ booking


def cap_reset_on(year: int) -> dt.date:
    return dt.date(year + 1, 1, 1)


def yearly_cap_problem(person: Any, rule: BookingRule, pickup_on: dt.date) -> Problem | None:
    if not rule.yearly_count:
        return None
    used = rentals_in_year(person, pickup_on.year)
    if used < rule.yearly_count:
        return None
    reset = cap_reset_on(pickup_on.year)
    return problem(ErrorCode.CAP_REACHED,
                   f"{pickup_on.year}년 이용 가능 횟수 {rule.yearly_count}회를 모두 사용했습니다."
                   f" {d_ko(reset)}부터 다시 예약할 수 있습니다",
                   f"you have used all {rule.yearly_count} rentals of {pickup_on.year};"
                   f" you can book again from {d_en(reset)}",
                   used=used, limit=rule.yearly_count, resets_on=reset)


def _clean_pieces(pieces: dict[str, str]) -> tuple[dict[str, str], list[Problem]]:
    out, problems = {}, []
    for item, size in (pieces or {}).items():
        size = (size or "").strip()
        if not size:
            continue
        if item not in SuitItem.Item.values:
            problems.append(problem(ErrorCode.UNKNOWN_CHOICE, "대여할 수 없는 품목입니다", "not an item we lend",
                                    field="pieces", item=item))
            continue
        out[item] = size
    if not out and not problems:
        problems.append(problem(ErrorCode.REQUIRED, "대여할 품목과 치수를 하나 이상 고르세요",
                                "choose at least one piece and its size", field="pieces"))
    return out, problems


def _place_line(rental: Rental, *, item: str, cut: str, size: str, first: dt.date, last: dt.date,
                today: dt.date, exclude_line: int | None = None) -> RentalLine | None:
    """Hold one free piece of item/cut/size for [first, last]. PostgreSQL: the exclusion constraint decides (the
    insert is tried in a savepoint; a piece taken meanwhile by another transaction is skipped); SQLite: the check
    before the insert, in the IMMEDIATE transaction."""
    candidates = list(free_pieces(branch=rental.branch, item=item, cut=cut, size=size, first=first, last=last,
                                  today=today, exclude_line=exclude_line).values_list("pk", flat=True)[:20])
    for pk in candidates:
        if connection.vendor == "postgresql":
            try:
                with transaction.atomic():
                    return RentalLine.objects.create(rental=rental, item_id=pk, starts_on=first, ends_on=last)
            except IntegrityError:
                continue
        return RentalLine.objects.create(rental=rental, item_id=pk, starts_on=first, ends_on=last)
    return None


def _full(item: str, cut: str, size: str, first: dt.date, last: dt.date) -> Problem:
    return problem(ErrorCode.FULL,
                   f"{CUT_KO[cut]} {ITEM_KO[item]} {size} 치수는 {d_ko(first)}~{d_ko(last)}에 빌릴 수 있는 재고가 없습니다",
                   f"no {CUT_EN[cut]} {ITEM_EN[item]} in size {size} is free from {d_en(first)} to {d_en(last)}",
                   field=f"size_{item}", item=item, size=size)


def rental_book(*, actor: Any, person: Any, branch: Place, pickup_on: dt.date, pieces: dict[str, str], cut: str,
                account: Any = None, channel: str = "online", sizes_note: str = "", final_year_student: bool = False,
                hand_over: bool = False, today: dt.date | None = None, now: dt.datetime | None = None) -> Rental:
    """Book the pieces (item -> size) of `cut` at `branch` for pick-up on `pickup_on` (online or at the desk), in
    one transaction; every problem at once, nothing half-saved. `hand_over`: a desk lending handed over at once."""
    today = _today(today, now)
    pieces, problems = _clean_pieces(pieces)
    if cut not in SuitItem.Cut.values:
        problems.append(problem(ErrorCode.UNKNOWN_CHOICE, "남성용 또는 여성용을 고르세요", "choose men's or women's",
                                field="cut"))
    if branch.kind != Place.Kind.SUIT_BRANCH:
        problems.append(problem(ErrorCode.UNKNOWN_CODE, "정장 대여 지점이 아닙니다", "not a suit branch", field="branch"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        locks.lock_person(person.pk)
        # then the branch: two rentals placing lines of the same pieces in opposite order would wait on each
        # other's tuples in the exclusion constraint (a deadlock); the branch's row lock queues them
        locks.lock_row(Place, branch.pk)
        rule = rule_for(Service.SUIT, pickup_on)
        problems += eligibility_problems(person=person, rule=rule, day=pickup_on,
                                         final_year_student=final_year_student)
        problems += penalty_problems(person=person, service=Service.SUIT, day=today)
        if pickup_on < today:
            problems.append(problem(ErrorCode.TOO_LATE, "지난 날짜는 예약할 수 없습니다", "that day has passed",
                                    field="pickup_on"))
        elif pickup_on > today + dt.timedelta(days=rule.advance_days):
            last = today + dt.timedelta(days=rule.advance_days)
            problems.append(problem(ErrorCode.TOO_EARLY,
                                    f"{rule.advance_days}일 뒤까지만 예약할 수 있습니다 ({d_ko(last)}까지)",
                                    f"you can book at most {rule.advance_days} days ahead (until {d_en(last)})",
                                    field="pickup_on", last=last))
        day = branch_day(branch, pickup_on, rule)
        if not day.open:
            problems.append(problem(ErrorCode.PLACE_CLOSED, f"{d_ko(pickup_on)}: {day.reason_ko}",
                                    f"{d_en(pickup_on)}: {day.reason_en}", field="pickup_on"))
        cap = yearly_cap_problem(person, rule, pickup_on)
        if cap is not None:
            problems.append(cap)
        due_on = due_date(branch, pickup_on, rule)
        mine = Rental.objects.filter(person=person, status__in=Rental.LIVE)
        if mine.filter(pickup_on__lte=due_on, due_on__gte=pickup_on).exists() or mine.filter(
                status=Rental.Status.PICKED_UP, due_on__lt=today).exists():
            problems.append(problem(ErrorCode.DUPLICATE_BOOKING,
                                    "같은 기간에 예약했거나 아직 반납하지 않은 정장이 있습니다",
                                    "you already have a suit booked for those days or not yet returned"))
        elif rule.max_future:
            ahead = mine.filter(status=Rental.Status.RESERVED, pickup_on__gte=today).count()
            if ahead >= rule.max_future:
                problems.append(problem(ErrorCode.CAP_REACHED,
                                        f"미리 예약할 수 있는 대여는 {rule.max_future}건입니다. 지금 예약을 이용하거나 취소한 뒤"
                                        " 다시 예약하세요",
                                        f"you may hold {rule.max_future} suit booking(s) ahead at once; use or cancel"
                                        " the one you have first", used=ahead, limit=rule.max_future))
        if problems:
            raise ServiceError(problems)
        rental = Rental.objects.create(
            person=person, account=account, operator=branch.operator, branch=branch, pickup_on=pickup_on,
            due_on=due_on, channel=channel, sizes_note=sizes_note[:200],
            created_by=actor if getattr(actor, "pk", None) else None)
        full = []
        for item, size in pieces.items():
            if _place_line(rental, item=item, cut=cut, size=size, first=pickup_on, last=due_on, today=today) is None:
                full.append(_full(item, cut, size, pickup_on, due_on))
        if full:
            raise ServiceError(full)
        if hand_over:
            if pickup_on != today:
                raise ServiceError(problem(ErrorCode.INVALID, "바로 내어 줄 수 있는 것은 오늘 대여뿐입니다",
                                           "only a rental picked up today can be handed over at once",
                                           field="pickup_on"))
            rental.status = Rental.Status.PICKED_UP
            rental.picked_up_at = now or timezone.now()
            rental.save(update_fields=["status", "picked_up_at"])
        audit_change(actor=actor, obj=rental, before=None,
                     after=snapshot(rental, extra={"pieces": _pieces_of(rental)}))
    return rental


def _pieces_of(rental: Rental) -> list[str]:
    return [f"{line.item.tag} {line.item.item} {line.item.size}" for line in
            rental.lines.select_related("item").filter(live=True).order_by("id")]


# ------------------------------------------------------------------------------------------------ the rental's life


def _locked(rental: Rental) -> Rental:
    if rental.person_id:
        locks.lock_person(rental.person_id)
    locks.lock_row(Place, rental.branch_id)  # the lock order everywhere: person, branch, rental
    return locks.lock_row(Rental, rental.pk)


def _check_version(rental: Rental, version: int | None) -> None:
    if version is not None and version != rental.version:
        from iljari.core.errors import ConflictError

        raise ConflictError(Problem(ErrorCode.CONFLICT, "다른 사람이 먼저 이 대여를 바꾸었습니다. 새로 읽고 다시 하세요",
                                    "someone changed this rental first; reload and try again"))


def _status_problem(rental: Rental, allowed: tuple[str, ...]) -> None:
    if rental.status not in allowed:
        refuse(ErrorCode.INVALID, f"이 대여는 지금 '{rental.get_status_display().split(' / ')[0]}' 상태라 할 수 없습니다",
               f"this rental is {rental.get_status_display().split(' / ')[1]}: not possible now", status=rental.status)


def cancel_deadline(rental: Rental, rule: BookingRule | None = None) -> dt.datetime:
    """The last moment a citizen may cancel: `cancel_hours` before the pick-up day's opening."""
    rule = rule or rule_for(Service.SUIT, rental.pickup_on)
    day = branch_day(rental.branch, rental.pickup_on, rule)
    opens = day.opens or dt.time(0)
    return _aware(rental.pickup_on, opens) - dt.timedelta(hours=rule.cancel_hours)


@acting
def rental_cancel(*, actor: Any, rental: Rental, by_officer: bool = False, reason: str = "",
                  version: int | None = None, now: dt.datetime | None = None) -> Rental:
    """Cancel a reserved rental (its lines stop holding the pieces). A citizen only until the cut-off
    (`cancel_hours` before the pick-up day's opening); an officer at any time before pick-up."""
    now = now or timezone.now()
    with transaction.atomic():
        rental = _locked(rental)
        _check_version(rental, version)
        _status_problem(rental, (Rental.Status.RESERVED,))
        before = snapshot(rental)
        if not by_officer:
            deadline = cancel_deadline(rental)
            if now > deadline:
                local = timezone.localtime(deadline)
                refuse(ErrorCode.TOO_LATE,
                       f"취소는 {d_ko(local.date())} {local:%H:%M}까지 할 수 있었습니다. 지점에 연락해 주세요",
                       f"cancelling was possible until {d_en(local.date())} {local:%H:%M}; please call the branch",
                       deadline=local)
        rental.status = Rental.Status.CANCELLED
        rental.cancelled_at = now
        rental.version += 1
        rental.save(update_fields=["status", "cancelled_at", "version"])
        rental.lines.update(live=False)
        audit_change(actor=actor, obj=rental, before=before, after=snapshot(rental), reason=reason)
    return rental


@acting
def rental_pick_up(*, actor: Any, rental: Rental, swaps: dict[int, int] | None = None, version: int | None = None,
                   now: dt.datetime | None = None) -> Rental:
    """The citizen takes the suit (on or after the pick-up day). `swaps` (line id -> piece id): a piece exchanged
    for another free piece of the same item and cut at the branch (the size that fits)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        rental = _locked(rental)
        _check_version(rental, version)
        _status_problem(rental, (Rental.Status.RESERVED,))
        if today < rental.pickup_on:
            refuse(ErrorCode.TOO_EARLY, f"수령일({d_ko(rental.pickup_on)}) 전에는 내어 줄 수 없습니다",
                   f"the suit can be handed over from the pick-up day ({d_en(rental.pickup_on)})")
        before = snapshot(rental, extra={"pieces": _pieces_of(rental)})
        problems = []
        for line_id, item_id in (swaps or {}).items():
            line = rental.lines.filter(pk=line_id, live=True).select_related("item").first()
            new = SuitItem.objects.filter(pk=item_id, branch=rental.branch, active=True).first()
            if line is None or new is None or new.item != line.item.item or new.cut != line.item.cut:
                problems.append(problem(ErrorCode.INVALID, "같은 지점의 같은 품목으로만 바꿀 수 있습니다",
                                        "a piece can only be swapped for the same item at the same branch",
                                        field="swap"))
                continue
            if new.pk == line.item_id:
                continue
            line.live = False
            line.save(update_fields=["live"])
            placed = None
            if free_pieces(branch=rental.branch, item=new.item, cut=new.cut, size=new.size, first=line.starts_on,
                           last=line.ends_on, today=today).filter(pk=new.pk).exists():
                try:
                    with transaction.atomic():
                        placed = RentalLine.objects.create(rental=rental, item=new, starts_on=line.starts_on,
                                                           ends_on=line.ends_on)
                except IntegrityError:
                    placed = None
            if placed is None:
                problems.append(_full(new.item, new.cut, new.size, line.starts_on, line.ends_on))
        if problems:
            raise ServiceError(problems)
        rental.status = Rental.Status.PICKED_UP
        rental.picked_up_at = now
        rental.version += 1
        rental.save(update_fields=["status", "picked_up_at", "version"])
        audit_change(actor=actor, obj=rental, before=before,
                     after=snapshot(rental, extra={"pieces": _pieces_of(rental)}))
    return rental


@acting
def rental_return(*, actor: Any, rental: Rental, returned_on: dt.date, method: str, tracking_number: str = "",
                  version: int | None = None, today: dt.date | None = None) -> Rental:
    """The suit comes back: in person (`returned_on` the day it is brought) or by parcel (`returned_on` the day it
    was sent, with the tracking number). Days late = returned_on − due_on; late → a penalty of
    `late_return_ban_days` from the return day. The lines end on the return day and stop holding the pieces."""
    today = _today(today)
    tracking_number = (tracking_number or "").strip()
    problems = []
    if method not in Rental.ReturnMethod.values:
        problems.append(problem(ErrorCode.UNKNOWN_CHOICE, "방문 반납 또는 택배 반납을 고르세요",
                                "choose in person or by parcel", field="method"))
    if method == Rental.ReturnMethod.PARCEL and not tracking_number:
        problems.append(problem(ErrorCode.REQUIRED, "택배 반납은 운송장 번호가 필요합니다",
                                "a parcel return needs the tracking number", field="tracking_number"))
    if returned_on > today:
        problems.append(problem(ErrorCode.INVALID_DATE, "반납일이 오늘보다 뒤일 수 없습니다",
                                "the return day cannot be after today", field="returned_on"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        rental = _locked(rental)
        _check_version(rental, version)
        _status_problem(rental, (Rental.Status.PICKED_UP,))
        if returned_on < rental.pickup_on:
            refuse(ErrorCode.INVALID_DATE, "반납일이 수령일보다 앞설 수 없습니다",
                   "the return day cannot be before the pick-up day", field="returned_on")
        before = snapshot(rental)
        rule = rule_for(Service.SUIT, rental.pickup_on)
        late = max((returned_on - rental.due_on).days, 0)
        rental.status = Rental.Status.RETURNED
        rental.returned_on = returned_on
        rental.return_method = method
        rental.tracking_number = tracking_number if method == Rental.ReturnMethod.PARCEL else ""
        rental.late_days = late
        rental.version += 1
        rental.save(update_fields=["status", "returned_on", "return_method", "tracking_number", "late_days",
                                   "version"])
        rental.lines.filter(live=True).update(live=False, ends_on=returned_on)
        if late and rule.late_return_ban_days and rental.person_id:
            Penalty.objects.create(person_id=rental.person_id, service=Service.SUIT, reason=Penalty.Reason.LATE_RETURN,
                                   starts_on=returned_on,
                                   ends_on=returned_on + dt.timedelta(days=rule.late_return_ban_days),
                                   place=rental.branch, rental=rental)
        audit_change(actor=actor, obj=rental, before=before, after=snapshot(rental))
    return rental


def rental_no_show(*, actor: Any, rental: Rental, version: int | None = None, today: dt.date | None = None
                   ) -> Rental:
    """Not picked up: from the pick-up day on, the officer marks it; the pieces are free again and the person may
    not book suits for `no_show_ban_days`."""
    today = _today(today)
    with transaction.atomic():
        rental = _locked(rental)
        _check_version(rental, version)
        _status_problem(rental, (Rental.Status.RESERVED,))
        if today < rental.pickup_on:
            refuse(ErrorCode.TOO_EARLY, f"수령일({d_ko(rental.pickup_on)})이 지나야 미수령으로 표시할 수 있습니다",
                   f"a rental can be marked not picked up from its pick-up day ({d_en(rental.pickup_on)})")
        before = snapshot(rental)
        rule = rule_for(Service.SUIT, rental.pickup_on)
        rental.status = Rental.Status.NO_SHOW
        rental.version += 1
        rental.save(update_fields=["status", "version"])
        rental.lines.update(live=False)
        if rule.no_show_ban_days and rental.person_id:
            Penalty.objects.create(person_id=rental.person_id, service=Service.SUIT, reason=Penalty.Reason.NO_SHOW,
                                   starts_on=today, ends_on=today + dt.timedelta(days=rule.no_show_ban_days),
                                   place=rental.branch, rental=rental)
        audit_change(actor=actor, obj=rental, before=before, after=snapshot(rental))
    return rental


def rentals_overdue(today: dt.date | None = None, qs: QuerySet[Rental] | None = None) -> QuerySet[Rental]:
    """Picked up, due day passed, not returned: the late list, the longest overdue first."""
    today = _today(today)
    qs = Rental.objects.all() if qs is None else qs
    return qs.filter(status=Rental.Status.PICKED_UP, due_on__lt=today).order_by("due_on", "id")


# ------------------------------------------------------------------------------------------------ stock


def suit_item_save(*, actor: Any, item: SuitItem | None = None, branch: Place, tag: str, kind: str, cut: str,
                   size: str, colour: str = "") -> SuitItem:
    """Add a piece to a branch's stock, or change one (its tag is unique within the operator)."""
    tag, size, colour = tag.strip(), size.strip(), colour.strip()
    problems = []
    if branch.kind != Place.Kind.SUIT_BRANCH:
        problems.append(problem(ErrorCode.UNKNOWN_CODE, "정장 대여 지점이 아닙니다", "not a suit branch", field="branch"))
    if not tag:
        problems.append(problem(ErrorCode.REQUIRED, "관리 번호를 적으세요", "write the piece's tag", field="tag"))
    if not size:
        problems.append(problem(ErrorCode.REQUIRED, "치수를 적으세요", "write the size", field="size"))
    if kind not in SuitItem.Item.values:
        problems.append(problem(ErrorCode.UNKNOWN_CHOICE, "품목을 고르세요", "choose the item", field="item"))
    if cut not in SuitItem.Cut.values:
        problems.append(problem(ErrorCode.UNKNOWN_CHOICE, "남성용 또는 여성용을 고르세요", "choose men's or women's",
                                field="cut"))
    dup = SuitItem.objects.filter(operator=branch.operator, tag=tag)
    if item is not None:
        dup = dup.exclude(pk=item.pk)
    if tag and dup.exists():
        problems.append(problem(ErrorCode.DUPLICATE_CODE, f"관리 번호 {tag}는 이미 있습니다",
                                f"the tag {tag} is already used", field="tag"))
    if item is not None and item.branch_id != branch.pk and RentalLine.objects.filter(
            item=item, live=True, ends_on__gte=timezone.localdate()).exists():
        problems.append(problem(ErrorCode.CONFLICT, "예약된 대여가 있어 다른 지점으로 옮길 수 없습니다",
                                "the piece is booked: it cannot move to another branch", field="branch"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        before = None if item is None else snapshot(item)
        item = item or SuitItem(operator=branch.operator)
        item.operator, item.branch, item.tag, item.item, item.cut, item.size, item.colour = (
            branch.operator, branch, tag, kind, cut, size, colour)
        item.save()
        audit_change(actor=actor, obj=item, before=before, after=snapshot(item))
    return item


def suit_item_retire(*, actor: Any, item: SuitItem, today: dt.date | None = None, reason: str = "") -> SuitItem:
    """Take a piece out of stock (kept for history). Refused while a live line holds it today or later."""
    today = _today(today)
    with transaction.atomic():
        item = locks.lock_row(SuitItem, item.pk)
        held = RentalLine.objects.filter(item=item, live=True, ends_on__gte=today).order_by("starts_on").first()
        if held is not None:
            refuse(ErrorCode.CONFLICT,
                   f"{d_ko(held.starts_on)}~{d_ko(held.ends_on)} 대여에 잡혀 있어 폐기할 수 없습니다",
                   f"held by a rental from {d_en(held.starts_on)} to {d_en(held.ends_on)}: it cannot be retired")
        before = snapshot(item)
        item.active = False
        item.save(update_fields=["active"])
        audit_change(actor=actor, obj=item, before=before, after=snapshot(item), reason=reason)
    return item


# ------------------------------------------------------------------------------------------------ desk


def desk_person(*, actor: Any, name: str, birth_date: dt.date, phone: str, district: Any) -> Any:
    """The person a desk lending is for: the citizen account's person with that phone, else an earlier booker of
    the same name, birth date and phone, else a new person (source "booking"); self-declared at the desk."""
    from iljari.people.models import Person
    from iljari.people.services import person_create

    from .models import CitizenAccount

    digits = "".join(c for c in phone if c.isdigit())
    account = CitizenAccount.objects.select_related("person").filter(phone=digits).first()
    if account is not None:
        return account.person
    found = (Person.objects.filter(source=Person.Source.BOOKING, name=name.strip(), birth_date=birth_date)
             .filter(Q(phone=phone.strip()) | Q(phone=digits)).order_by("id").first())
    if found is not None:
        return found
    return person_create(actor=actor, source=Person.Source.BOOKING, source_ref="desk", name=name.strip(),
                         birth_date=birth_date, phone=phone.strip(), district=district)
