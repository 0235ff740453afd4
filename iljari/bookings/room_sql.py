"""The room pages' hottest reads, written in SQL once (issue 16: 200 booking requests a second on 2 cores).

Django's ORM spends about 0.6 ms of Python building each query (bench/bookings_profile.py); a booking request
made 20 of them. The statements below are plain SQL that PostgreSQL and SQLite both run (`%s` parameters, the
tables' and columns' names taken from the models), and their rows go through the same converters Django applies
(SQLite returns dates, times and booleans as text and integers) into ordinary model instances. They read exactly
what the ORM queries they replace read; everything else stays in the ORM.

- `account(pk)`: an active citizen account with its person and the person's district (one join).
- `room(pk)`: an active room of an active place, with its place.
- `day_rule(service, day, place_id, weekday)`: the rule in force on the day, the place's closure that day (every
  place's first) and its hours that weekday, in one statement.
- `seats_taken(room_id, opens, closes)`: the room's seats and the live bookings that overlap the hours.
- `penalty(person_id, service, day)`, `person_bookings(person_id, since)`, `lock_room(room_id)`,
  `free_seats(room_id, starts_at, ends_at)`: the booking transaction's reads (bookings.room_services.room_book).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import Col

from iljari.core.sql import cursor as sql_cursor
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person

from .models import Booking, BookingRule, CitizenAccount, Closure, OpeningHours, Penalty, Place, Room, Seat

Converter = Callable[[Any, Any, Any], Any]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _t(model: type[models.Model]) -> str:
    return _q(model._meta.db_table)


def _converters(field: models.Field, alias: str) -> tuple[Col, list[Converter]]:
    """What Django's compiler applies to a column of this field (backend's, then the field's)."""
    col = field.get_col(alias)
    return col, [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)]


class _Columns:
    """A model's concrete columns under a table alias, and a row's slice of them back into an instance."""

    def __init__(self, model: type[models.Model], alias: str) -> None:
        self.model, self.alias = model, alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.pk_index = self.fields.index(model._meta.pk)
        self._vendor: dict[str, list[tuple[Col, list[Converter]]]] = {}

    def __len__(self) -> int:
        return len(self.fields)

    def sql(self) -> str:
        return ", ".join(f"{_q(self.alias)}.{_q(f.column)}" for f in self.fields)

    def load(self, row: Sequence[Any], start: int = 0) -> models.Model | None:
        """The instance in row[start:start + len(self)], or None when its primary key is NULL (an outer join)."""
        convs = self._vendor.get(connection.vendor)
        if convs is None:
            convs = self._vendor[connection.vendor] = [_converters(f, self.alias) for f in self.fields]
        values = list(row[start:start + len(self.fields)])
        if values[self.pk_index] is None:
            return None
        for i, (col, fs) in enumerate(convs):
            for f in fs:
                values[i] = f(values[i], col, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def _convert(model: type[models.Model], name: str, value: Any) -> Any:
    """One value of a field as the ORM would return it."""
    col, fs = _converters(model._meta.get_field(name), model._meta.db_table)
    for f in fs:
        value = f(value, col, connection)
    return value


def _param(value: Any) -> Any:
    """A parameter as the ORM passes it: SQLite stores datetimes as naive UTC text, choices as plain strings."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, str):
        return str(value)  # a TextChoices member
    return value


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with sql_cursor(connection) as cur:  # prepared on PostgreSQL (iljari.core.sql)
        cur.execute(sql, [_param(v) for v in params])
        return cur.fetchall()


_ACCOUNT, _PERSON, _DISTRICT = (_Columns(CitizenAccount, "a"), _Columns(Person, "p"), _Columns(OrgUnit, "d"))
_ROOM, _PLACE, _RULE, _PENALTY = _Columns(Room, "r"), _Columns(Place, "pl"), _Columns(BookingRule, "br"), \
    _Columns(Penalty, "pe")
_SQL: dict[tuple[str, str], str] = {}


def _sql(name: str, build: Callable[[], str]) -> str:
    key = (connection.vendor, name)
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = build()
    return sql


def account(pk: int) -> CitizenAccount | None:
    """CitizenAccount.objects.select_related("person", "person__district").filter(pk=pk, active=True).first()"""
    sql = _sql("account", lambda: (
        f"SELECT {_ACCOUNT.sql()}, {_PERSON.sql()}, {_DISTRICT.sql()} FROM {_t(CitizenAccount)} a"
        f" INNER JOIN {_t(Person)} p ON p.{_q('id')} = a.{_q('person_id')}"
        f" LEFT OUTER JOIN {_t(OrgUnit)} d ON d.{_q('id')} = p.{_q('district_id')}"
        f" WHERE a.{_q('id')} = %s AND a.{_q('active')} = %s"))
    rows = _rows(sql, [pk, True])
    if not rows:
        return None
    row = rows[0]
    acc: Any = _ACCOUNT.load(row)
    person: Any = _PERSON.load(row, len(_ACCOUNT))
    district = _DISTRICT.load(row, len(_ACCOUNT) + len(_PERSON))
    CitizenAccount.person.field.set_cached_value(acc, person)  # type: ignore[attr-defined]
    Person.district.field.set_cached_value(person, district)  # type: ignore[attr-defined]
    return acc


def room(pk: int) -> Room | None:
    """Room.objects.select_related("place").filter(pk=pk, active=True, place__active=True).first()"""
    sql = _sql("room", lambda: (
        f"SELECT {_ROOM.sql()}, {_PLACE.sql()} FROM {_t(Room)} r"
        f" INNER JOIN {_t(Place)} pl ON pl.{_q('id')} = r.{_q('place_id')}"
        f" WHERE r.{_q('id')} = %s AND r.{_q('active')} = %s AND pl.{_q('active')} = %s"))
    rows = _rows(sql, [pk, True, True])
    if not rows:
        return None
    r: Any = _ROOM.load(rows[0])
    Room.place.field.set_cached_value(r, _PLACE.load(rows[0], len(_ROOM)))  # type: ignore[attr-defined]
    return r


def day_rule(service: str, day: dt.date, place_id: int, weekday: int
             ) -> tuple[BookingRule, str | None, tuple[dt.time, dt.time] | None] | None:
    """(the rule in force on `day`, the reason of the place's closure that day or None, (opens, closes) of the
    place's hours that weekday or None); None when no rule applies.

    The closure: every place's (place NULL) before the place's own, as rooms.opening ordered them."""
    cl, oh = _t(Closure), _t(OpeningHours)
    sql = _sql("day_rule", lambda: (
        f"SELECT {_RULE.sql()},"
        f" (SELECT c.{_q('reason')} FROM {cl} c WHERE c.{_q('day')} = %s"
        f"  AND (c.{_q('place_id')} IS NULL OR c.{_q('place_id')} = %s)"
        f"  ORDER BY (c.{_q('place_id')} IS NOT NULL), c.{_q('id')} LIMIT 1),"
        f" (SELECT h.{_q('opens')} FROM {oh} h WHERE h.{_q('place_id')} = %s AND h.{_q('weekday')} = %s),"
        f" (SELECT h.{_q('closes')} FROM {oh} h WHERE h.{_q('place_id')} = %s AND h.{_q('weekday')} = %s)"
        f" FROM {_t(BookingRule)} br WHERE br.{_q('service')} = %s AND br.{_q('valid_from')} <= %s"
        f" ORDER BY br.{_q('valid_from')} DESC LIMIT 1"))
    rows = _rows(sql, [day, place_id, place_id, weekday, place_id, weekday, service, day])
    if not rows:
        return None
    row, n = rows[0], len(_RULE)
    rule: Any = _RULE.load(row)
    reason = row[n]
    opens, closes = row[n + 1], row[n + 2]
    hours = None
    if opens is not None and closes is not None:
        hours = (_convert(OpeningHours, "opens", opens), _convert(OpeningHours, "closes", closes))
    return rule, reason, hours


def seats_taken(room_id: int, opens: dt.datetime | None, closes: dt.datetime | None
                ) -> tuple[list[int], list[tuple[int, dt.datetime, dt.datetime]]]:
    """The room's seat ids (by id) and (seat id, starts_at, ends_at) of its live bookings overlapping
    [opens, closes) (none asked when the day has no hours)."""
    b = _t(Booking)
    sql = _sql("seats_taken", lambda: (
        f"SELECT s.{_q('id')}, b.{_q('starts_at')}, b.{_q('ends_at')} FROM {_t(Seat)} s"
        f" LEFT OUTER JOIN {b} b ON b.{_q('seat_id')} = s.{_q('id')} AND b.{_q('status')} IN (%s, %s)"
        f"  AND b.{_q('starts_at')} < %s AND b.{_q('ends_at')} > %s"
        f" WHERE s.{_q('room_id')} = %s ORDER BY s.{_q('id')}"))
    far = dt.datetime(1, 1, 2, tzinfo=dt.UTC)  # no hours: an empty interval, so no booking joins
    rows = _rows(sql, [*Booking.LIVE, closes or far, opens or far, room_id])
    seats: list[int] = []
    taken = []
    for sid, start, end in rows:
        if not seats or seats[-1] != sid:
            seats.append(sid)
        if start is not None:
            taken.append((sid, _convert(Booking, "starts_at", start), _convert(Booking, "ends_at", end)))
    return seats, taken


def penalty(person_id: int, service: str, day: dt.date) -> Penalty | None:
    """rules.active_penalty: the person's penalty for `service` in force on `day`, the one ending last."""
    sql = _sql("penalty", lambda: (
        f"SELECT {_PENALTY.sql()} FROM {_t(Penalty)} pe WHERE pe.{_q('person_id')} = %s"
        f" AND pe.{_q('service')} = %s AND pe.{_q('starts_on')} <= %s AND pe.{_q('ends_on')} >= %s"
        f" AND pe.{_q('lifted_at')} IS NULL ORDER BY pe.{_q('ends_on')} DESC LIMIT 1"))
    rows = _rows(sql, [person_id, service, day, day])
    return _PENALTY.load(rows[0]) if rows else None  # type: ignore[return-value]


def person_bookings(person_id: int, statuses: Sequence[str], since: dt.datetime
                    ) -> list[tuple[str, str, str, dt.datetime, dt.datetime, int, int]]:
    """(service, kind, status, starts_at, ends_at, place_id, id) of the person's bookings in `statuses` ending
    after `since`."""
    marks = ", ".join(["%s"] * len(statuses))
    sql = _sql(f"person_bookings{len(statuses)}", lambda: (
        f"SELECT b.{_q('service')}, b.{_q('kind')}, b.{_q('status')}, b.{_q('starts_at')}, b.{_q('ends_at')},"
        f" b.{_q('place_id')}, b.{_q('id')} FROM {_t(Booking)} b WHERE b.{_q('person_id')} = %s"
        f" AND b.{_q('status')} IN ({marks}) AND b.{_q('ends_at')} > %s"))
    return [(sv, k, st, _convert(Booking, "starts_at", s), _convert(Booking, "ends_at", e), pl, pk)
            for sv, k, st, s, e, pl, pk in _rows(sql, [person_id, *statuses, since])]


def lock_room(room_id: int) -> None:
    """locks.lock_row(Room, pk) without building the instance: SELECT … FOR UPDATE on PostgreSQL (SQLite's
    IMMEDIATE transaction already holds the write lock, as Django's select_for_update there)."""
    if connection.features.has_select_for_update:
        _rows(f"SELECT {_q('id')} FROM {_t(Room)} WHERE {_q('id')} = %s FOR UPDATE", [room_id])


def free_seats(room_id: int, starts_at: dt.datetime, ends_at: dt.datetime) -> list[int]:
    """Ids of the room's seats with no live booking overlapping [starts_at, ends_at), lowest first."""
    b = _t(Booking)
    sql = _sql("free_seats", lambda: (
        f"SELECT s.{_q('id')} FROM {_t(Seat)} s WHERE s.{_q('room_id')} = %s AND NOT EXISTS ("
        f"SELECT 1 FROM {b} b WHERE b.{_q('seat_id')} = s.{_q('id')} AND b.{_q('status')} IN (%s, %s)"
        f" AND b.{_q('starts_at')} < %s AND b.{_q('ends_at')} > %s) ORDER BY s.{_q('id')}"))
    return [sid for (sid,) in _rows(sql, [room_id, *Booking.LIVE, ends_at, starts_at])]
