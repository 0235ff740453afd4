"""Officers' writes of places and what they offer (slice "accounts"): operators, places (cafés and suit branches),
weekly hours, closures, rooms and their seats, and lifting a penalty. Keyword-only, one transaction each, every
problem at once, audited, versioned (`check_version`); the actor must be allowed `operate_booking` on the
operator's unit (a local officer: their unit's subtree only).

Seats follow a room's count: a study room booked by the seat has `capacity` seats (1번, 2번 …), a room booked
whole has one ("전체"). Lowering the count removes the last seats; a seat that still has a live booking from now
on cannot be removed (the change is refused naming it), and a seat with past bookings is kept for the record
(also refused: lower the count once those seats are free of history, or deactivate the room)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.access import policy
from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_change, audit_record, check_version, snapshot
from iljari.core.errors import ConflictError, ErrorCode, ForbiddenError, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from .models import Booking, Closure, OpeningHours, Operator, Penalty, Place, Room, Seat

OPERATOR_FIELDS = ["code", "name_ko", "name_en", "kind", "org_unit", "program", "business_number", "phone", "active"]
PLACE_FIELDS = ["code", "name_ko", "name_en", "kind", "setting", "operator", "district", "address", "phone",
                "regional", "description", "opened_on", "closed_on", "active"]
ROOM_FIELDS = ["place", "name_ko", "name_en", "kind", "mode", "capacity", "equipment", "slot_minutes", "active"]
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
MAX_SEATS = 200


def _p(ko: str, en: str, field: str | None = None, code: ErrorCode = ErrorCode.INVALID) -> Problem:
    return Problem(code, ko, en, field=field)


def _may_operate(actor: Any, unit: OrgUnit | None) -> None:
    ok = policy.can(actor, "operate_booking", unit) if unit is not None else policy.allows(actor, "operate_booking")
    if not ok:
        raise ForbiddenError(_p("이 운영기관의 장소를 관리할 권한이 없습니다", "you may not run this operator's places",
                                code=ErrorCode.PERMISSION_DENIED))


def _text(values: dict[str, Any], key: str, limit: int, problems: list[Problem], *, required: bool = False,
          ko: str = "", en: str = "") -> str:
    text = str(values.get(key) or "").strip()
    if required and not text:
        problems.append(_p(f"{ko}을(를) 적으십시오", f"enter the {en}", key, ErrorCode.REQUIRED))
    if len(text) > limit:
        problems.append(_p(f"{ko}은(는) {limit}자까지입니다", f"the {en} is {limit} characters at most", key,
                           ErrorCode.TOO_LONG))
    return text[:limit]


def _choice(values: dict[str, Any], key: str, choices: Any, problems: list[Problem], ko: str, en: str,
            *, blank: bool = False) -> str:
    v = str(values.get(key) or "")
    if (v or not blank) and v not in choices.values:
        problems.append(_p(f"{ko}을(를) 목록에서 고르십시오", f"choose the {en} from the list", key,
                           ErrorCode.UNKNOWN_CHOICE))
    return v


# --- operators ---------------------------------------------------------------------------------------------


def _operator_values(values: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name_ko": _text(values, "name_ko", 100, problems, required=True, ko="이름", en="name"),
        "name_en": _text(values, "name_en", 160, problems, ko="영문 이름", en="English name"),
        "kind": _choice(values, "kind", Operator.Kind, problems, "운영 주체 유형", "kind of operator"),
        "business_number": re.sub(r"\D", "", str(values.get("business_number") or ""))[:10],
        "phone": _text(values, "phone", 20, problems, ko="전화번호", en="phone"),
        "active": bool(values.get("active", True)),
        "program": values.get("program"),
    }
    unit = values.get("org_unit")
    if not isinstance(unit, OrgUnit):
        problems.append(_p("운영 조직을 고르십시오", "choose the unit that runs it", "org_unit", ErrorCode.UNKNOWN_ORG_UNIT))
    out["org_unit"] = unit
    return out


def operator_save(*, actor: Any, values: dict[str, Any], operator: Operator | None = None,
                  version: int | None = None) -> Operator:
    """Create (no `operator`) or change an operator. The actor must run both its old and its new unit."""
    problems: list[Problem] = []
    data = _operator_values(values, problems)
    code = str(values.get("code") or "").strip() if operator is None else operator.code
    if operator is None and not CODE.fullmatch(code):
        problems.append(_p("코드는 영문·숫자·-·_ 40자까지입니다", "the code is up to 40 letters, digits, - or _", "code"))
    if problems:
        raise ServiceError(problems)
    _may_operate(actor, data["org_unit"])
    with transaction.atomic():
        if operator is None:
            if Operator.objects.filter(code=code).exists():
                raise ConflictError(_p(f"이미 있는 운영기관 코드입니다 ({code})", f"this operator code exists ({code})",
                                       "code", ErrorCode.DUPLICATE_CODE))
            op = Operator.objects.create(code=code, **data)
            audit_change(actor=actor, obj=op, before=None, after=snapshot(op, fields=OPERATOR_FIELDS))
            return op
        current = Operator.objects.select_for_update().get(pk=operator.pk)
        check_version(current, version, what_ko="운영기관을", what_en="the operator")
        _may_operate(actor, current.org_unit)
        before = snapshot(current, fields=OPERATOR_FIELDS)
        for k, v in data.items():
            setattr(current, k, v)
        after = snapshot(current, fields=OPERATOR_FIELDS)
        if after != before:
            current.version += 1
            current.save()
            audit_change(actor=actor, obj=current, before=before, after=after)
        return current


# --- places ------------------------------------------------------------------------------------------------


def _place_values(values: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name_ko": _text(values, "name_ko", 100, problems, required=True, ko="이름", en="name"),
        "name_en": _text(values, "name_en", 160, problems, ko="영문 이름", en="English name"),
        "kind": _choice(values, "kind", Place.Kind, problems, "장소 유형", "kind of place"),
        "setting": _choice(values, "setting", Place.Setting, problems, "입지", "setting", blank=True),
        "address": _text(values, "address", 300, problems, ko="주소", en="address"),
        "phone": _text(values, "phone", 20, problems, ko="전화번호", en="phone"),
        "description": _text(values, "description", 2000, problems, ko="소개", en="description"),
        "regional": bool(values.get("regional")),
        "active": bool(values.get("active", True)),
        "opened_on": values.get("opened_on"),
        "closed_on": values.get("closed_on"),
    }
    op = values.get("operator")
    if not isinstance(op, Operator):
        problems.append(_p("운영기관을 고르십시오", "choose the operator", "operator", ErrorCode.UNKNOWN_CODE))
    out["operator"] = op
    district = values.get("district")
    if not isinstance(district, OrgUnit) or district.kind != "district":
        problems.append(_p("자치구를 고르십시오", "choose the district", "district", ErrorCode.UNKNOWN_ORG_UNIT))
    out["district"] = district
    if out["kind"] == Place.Kind.SUIT_BRANCH and out["regional"]:
        problems.append(_p("정장 대여 지점은 광역 카페가 될 수 없습니다", "a suit branch cannot be a regional café", "regional"))
    if out["opened_on"] and out["closed_on"] and out["closed_on"] < out["opened_on"]:
        problems.append(_p("폐관일이 개관일보다 앞섭니다", "the closing day is before the opening day", "closed_on",
                           ErrorCode.INVALID_DATE))
    return out


def place_save(*, actor: Any, values: dict[str, Any], place: Place | None = None,
               version: int | None = None) -> Place:
    """Create (no `place`) or change a café or suit branch; its operator's unit must be the actor's to run."""
    problems: list[Problem] = []
    data = _place_values(values, problems)
    code = str(values.get("code") or "").strip() if place is None else place.code
    if place is None and not CODE.fullmatch(code):
        problems.append(_p("코드는 영문·숫자·-·_ 40자까지입니다", "the code is up to 40 letters, digits, - or _", "code"))
    if problems:
        raise ServiceError(problems)
    _may_operate(actor, data["operator"].org_unit)
    with transaction.atomic():
        if place is None:
            if Place.objects.filter(code=code).exists():
                raise ConflictError(_p(f"이미 있는 장소 코드입니다 ({code})", f"this place code exists ({code})", "code",
                                       ErrorCode.DUPLICATE_CODE))
            new = Place.objects.create(code=code, **data)
            audit_change(actor=actor, obj=new, before=None, after=snapshot(new, fields=PLACE_FIELDS))
            return new
        current = Place.objects.select_for_update().select_related("operator__org_unit").get(pk=place.pk)
        check_version(current, version, what_ko="장소를", what_en="the place")
        _may_operate(actor, current.operator.org_unit)
        before = snapshot(current, fields=PLACE_FIELDS)
        for k, v in data.items():
            setattr(current, k, v)
        after = snapshot(current, fields=PLACE_FIELDS)
        if after != before:
            current.version += 1
            current.save()
            audit_change(actor=actor, obj=current, before=before, after=after)
        return current


def _hours_state(place: Place) -> dict[str, Any]:
    return {str(h.weekday): f"{h.opens:%H:%M}-{h.closes:%H:%M}" for h in place.hours.all().order_by("weekday")}


def hours_set(*, actor: Any, place: Place, hours: dict[int, tuple[dt.time, dt.time] | None],
              version: int | None = None) -> Place:
    """The place's weekly hours: for each weekday 0-6 (opens, closes) or None (closed)."""
    problems: list[Problem] = []
    names = ["월", "화", "수", "목", "금", "토", "일"]
    names_en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for wd, pair in hours.items():
        if not 0 <= wd <= 6:
            problems.append(_p("요일이 올바르지 않습니다", "not a weekday", "hours"))
        elif pair is not None and pair[1] <= pair[0]:
            problems.append(_p(f"{names[wd]}요일: 닫는 시각이 여는 시각보다 늦어야 합니다",
                               f"{names_en[wd]}: the closing time must be after the opening time", f"hours_{wd}"))
    if problems:
        raise ServiceError(problems)
    _may_operate(actor, place.operator.org_unit)
    with transaction.atomic():
        current = Place.objects.select_for_update().get(pk=place.pk)
        check_version(current, version, what_ko="장소를", what_en="the place")
        before = _hours_state(current)
        for wd, pair in hours.items():
            if pair is None:
                OpeningHours.objects.filter(place=current, weekday=wd).delete()
            else:
                OpeningHours.objects.update_or_create(place=current, weekday=wd,
                                                      defaults={"opens": pair[0], "closes": pair[1]})
        after = _hours_state(current)
        if after != before:
            current.version += 1
            current.save(update_fields=["version"])
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, before={"hours": before},
                         after={"hours": after})
        return current


def closure_add(*, actor: Any, place: Place, day: dt.date, reason: str) -> Closure:
    problems: list[Problem] = []
    reason = (reason or "").strip()
    if not reason:
        problems.append(_p("휴관 사유를 적으십시오", "enter the reason for closing", "reason", ErrorCode.REQUIRED))
    if len(reason) > 200:
        problems.append(_p("사유는 200자까지입니다", "the reason is 200 characters at most", "reason", ErrorCode.TOO_LONG))
    if day < timezone.localdate():
        problems.append(_p("지난 날은 휴관일로 정할 수 없습니다", "a past day cannot be made a closure", "day",
                           ErrorCode.INVALID_DATE))
    if problems:
        raise ServiceError(problems)
    _may_operate(actor, place.operator.org_unit)
    with transaction.atomic():
        if Closure.objects.filter(place=place, day=day).exists():
            raise ConflictError(_p("이미 휴관일로 정한 날입니다", "that day is already a closure", "day",
                                   ErrorCode.DUPLICATE_ROW))
        c = Closure.objects.create(place=place, day=day, reason=reason)
        audit_change(actor=actor, obj=c, before=None, after=snapshot(c))
    return c


def closure_remove(*, actor: Any, closure: Closure) -> None:
    if closure.place is None:
        raise ForbiddenError(_p("모든 장소의 휴관일은 여기서 지울 수 없습니다", "a closure of every place is not removed here",
                                code=ErrorCode.PERMISSION_DENIED))
    _may_operate(actor, closure.place.operator.org_unit)
    with transaction.atomic():
        before = snapshot(closure)
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=closure, before=before, after={})
        closure.delete()


# --- rooms and their seats ---------------------------------------------------------------------------------


def _room_values(values: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name_ko": _text(values, "name_ko", 100, problems, required=True, ko="방 이름", en="room name"),
        "name_en": _text(values, "name_en", 160, problems, ko="영문 이름", en="English name"),
        "kind": _choice(values, "kind", Room.Kind, problems, "방 유형", "kind of room"),
        "mode": _choice(values, "mode", Room.Mode, problems, "예약 방식", "booking mode"),
        "equipment": _text(values, "equipment", 300, problems, ko="장비", en="equipment"),
        "active": bool(values.get("active", True)),
    }
    for key, lo, hi, ko, en in (("capacity", 1, MAX_SEATS, "인원(좌석 수)", "capacity (seats)"),
                                ("slot_minutes", 10, 240, "예약 단위(분)", "booking step (minutes)")):
        try:
            n = int(values.get(key))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            problems.append(_p(f"{ko}은(는) 숫자로 적으십시오", f"the {en} is a number", key, ErrorCode.NOT_AN_INTEGER))
            n = lo
        if not lo <= n <= hi:
            problems.append(_p(f"{ko}은(는) {lo}~{hi}입니다", f"the {en} is {lo} to {hi}", key, ErrorCode.OUT_OF_RANGE))
        out[key] = n
    if out["kind"] == Room.Kind.AI_INTERVIEW and out["mode"] == Room.Mode.SEAT:
        problems.append(_p("AI 면접체험실은 공간 전체로만 예약합니다", "an AI interview room is booked whole", "mode"))
    return out


def _seat_labels(room: Room) -> list[str]:
    if room.mode == Room.Mode.WHOLE:
        return ["전체"]
    return [f"{n}번" for n in range(1, room.capacity + 1)]


def _sync_seats(room: Room) -> list[Problem]:
    """Seat rows follow the room's mode and capacity; refuses to remove a seat with bookings."""
    wanted = _seat_labels(room)
    seats = list(room.seats.order_by("id"))
    have = {s.label: s for s in seats}
    problems: list[Problem] = []
    now = timezone.now()
    for s in seats:
        if s.label in wanted:
            continue
        future = Booking.objects.filter(seat=s, status__in=Booking.LIVE, ends_at__gt=now).count()
        if future:
            problems.append(_p(f"좌석 {s.label}에 앞으로의 예약 {future:,}건이 있어 없앨 수 없습니다",
                               f"seat {s.label} has {future:,} bookings to come and cannot be removed", "capacity",
                               ErrorCode.CONFLICT))
        elif Booking.objects.filter(seat=s).exists():
            problems.append(_p(f"좌석 {s.label}에는 지난 예약 기록이 있어 없앨 수 없습니다",
                               f"seat {s.label} has past bookings on record and cannot be removed", "capacity",
                               ErrorCode.CONFLICT))
    if problems:
        return problems
    for s in seats:
        if s.label not in wanted:
            s.delete()
    for label in wanted:
        if label not in have:
            Seat.objects.create(room=room, label=label)
    return []


def room_save(*, actor: Any, place: Place, values: dict[str, Any], room: Room | None = None,
              version: int | None = None) -> Room:
    """Create or change a room of `place`; its seats follow (`_sync_seats`)."""
    problems: list[Problem] = []
    data = _room_values(values, problems)
    if problems:
        raise ServiceError(problems)
    _may_operate(actor, place.operator.org_unit)
    with transaction.atomic():
        if room is None:
            current = Room.objects.create(place=place, **data)
            before = None
        else:
            current = Room.objects.select_for_update().get(pk=room.pk, place=place)
            check_version(current, version, what_ko="방을", what_en="the room")
            before = snapshot(current, fields=ROOM_FIELDS, extra={"seats": list(current.seats.values_list(
                "label", flat=True))})
            for k, v in data.items():
                setattr(current, k, v)
            current.version += 1
            current.save()
        seat_problems = _sync_seats(current)
        if seat_problems:
            transaction.set_rollback(True)
            raise ServiceError(seat_problems)
        after = snapshot(current, fields=ROOM_FIELDS, extra={"seats": list(current.seats.values_list("label",
                                                                                                     flat=True))})
        if before != after:
            audit_change(actor=actor, obj=current, before=before, after=after)
    return current


# --- penalties ---------------------------------------------------------------------------------------------


def penalty_lift(*, actor: Any, penalty: Penalty, reason: str) -> Penalty:
    """An officer lifts a penalty early, with the reason (audited); the person may book again at once."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_p("해제 사유를 적으십시오", "enter why the penalty is lifted", "reason", ErrorCode.REQUIRED))
    if len(reason) > 300:
        raise ServiceError(_p("사유는 300자까지입니다", "the reason is 300 characters at most", "reason",
                              ErrorCode.TOO_LONG))
    _may_operate(actor, penalty.place.operator.org_unit)
    with transaction.atomic():
        current = Penalty.objects.select_for_update().get(pk=penalty.pk)
        if current.lifted_at is not None:
            raise ConflictError(_p("이미 해제된 제한입니다", "this penalty is already lifted",
                                   code=ErrorCode.CONFLICT))
        before = snapshot(current, fields=["lifted_at", "lifted_by", "lift_reason", "ends_on"])
        current.lifted_at, current.lifted_by, current.lift_reason = timezone.now(), actor, reason
        current.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit_change(actor=actor, obj=current, before=before,
                     after=snapshot(current, fields=["lifted_at", "lifted_by", "lift_reason", "ends_on"]),
                     reason=reason)
    return current
