"""Writes to the performance ledger: every value is a new version; nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from iljari.audit.services import audit_batch, audit_many
from iljari.core.context import current
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.core.korean import josa
from iljari.core.numbers import format_count
from iljari.core.periods import Period, PeriodError
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program

from .aggregates import refresh_monthly
from .models import Fact, PeriodLock


@dataclass
class FactInput:
    """One value to record; `line` ties it to a line of an input file for messages."""

    program: Program
    org_unit: OrgUnit
    measure: Measure
    funding_source: Code
    period: Period
    value: int
    as_of: dt.date
    reason: str = ""
    illustrative: bool = False
    note: str = ""
    line: int | None = None

    @functools.cached_property
    def key(self) -> tuple[int, int, int, int, str]:
        """Computed once: an import asks for it several times per value (the inputs are not changed later)."""
        return (self.program.pk, self.org_unit.pk, self.measure.pk, self.funding_source.pk, self.period.id)


@dataclass
class RecordOutcome:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def ref_date_for(measure: Measure, period: Period, as_of: dt.date) -> dt.date:
    if measure.aggregation == Measure.Aggregation.CUMULATIVE:
        return min(period.end, as_of)
    return period.end


def locked_periods(org_unit: OrgUnit) -> dict[str, PeriodLock]:
    ancestors = [int(x) for x in org_unit.path.strip(".").split(".") if x]
    return {lk.period: lk for lk in PeriodLock.objects.filter(org_unit_id__in=ancestors)}


def lock_for(locks: dict[str, PeriodLock], period: Period) -> PeriodLock | None:
    """A year lock covers every period of the year; a month/quarter/half lock covers periods inside it."""
    for pid, lk in locks.items():
        try:
            lp = Period.parse(pid)
        except PeriodError:
            continue
        if lp.year == period.year and lp.start <= period.start and period.end <= lp.end:
            return lk
    return None


def negative_problem(measure: Measure, value: int, line: int | None) -> Problem:
    return Problem(ErrorCode.NEGATIVE_NOT_ALLOWED, f"'{measure.name_ko}'에는 음수를 넣을 수 없습니다 ({format_count(value)})",
                   f"'{measure.code}' cannot be negative ({value:,})", field="value", line=line)


def as_of_problem(as_of: dt.date, period: Period, line: int | None) -> Problem:
    return Problem(ErrorCode.AS_OF_BEFORE_PERIOD, f"기준일 {as_of:%Y.%m.%d}이 기간({period.label_ko}) 시작 전입니다",
                   f"as_of {as_of} is before the period {period.id} starts", field="as_of", line=line)


def source_split_problem(measure: Measure, line: int | None) -> Problem:
    return Problem(ErrorCode.UNKNOWN_FUNDING_SOURCE,
                   f"{josa(measure.name_ko, '은')} 재원별로 나누지 않습니다 (재원은 total로 쓰십시오)",
                   f"'{measure.code}' is not split by funding source (use total)", field="funding_source", line=line)


def locked_problem(lk: PeriodLock, period: Period, line: int | None) -> Problem:
    why_ko, _, why_en = (lk.reason or "").partition(" / ")
    return Problem(ErrorCode.PERIOD_LOCKED,
                   f"{josa(period.label_ko, '은')} {lk.org_unit.name_ko}에서 마감되어 입력할 수 없습니다"
                   + (f" — {why_ko}" if why_ko else ""),
                   f"period {period.id} is locked for {lk.org_unit.code}"
                   + (f" — {why_en or why_ko}" if why_ko else ""), field="period", line=line)


def duplicate_problem(first_line: int | None, line: int | None) -> Problem:
    return Problem(ErrorCode.DUPLICATE_ROW, f"같은 값이 이 파일에 두 번 있습니다 (앞선 {first_line}행)",
                   f"the same value appears twice in this input (first on line {first_line})", line=line)


def decrease_warning(value: int, best_ref: dt.date, best_value: int, line: int | None) -> Problem:
    return Problem(ErrorCode.CUMULATIVE_DECREASE,
                   f"누계 값 {josa(format_count(value), '이')} 앞선 {best_ref:%Y.%m.%d} 기준 값 {format_count(best_value)}보다 작습니다",
                   f"cumulative value {value:,} is lower than {best_value:,} as of {best_ref}",
                   field="value", line=line, severity="warning")


def concurrent_save_conflict() -> ConflictError:
    return ConflictError(Problem(ErrorCode.CONFLICT,
                                 "다른 사용자가 같은 값을 동시에 저장했습니다. 아무것도 저장하지 않았습니다. 다시 시도하십시오",
                                 "someone else saved the same value at the same time; nothing was saved, try again"))


def validate_fact(fi: FactInput, locks: dict[str, PeriodLock] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if fi.value < 0 and not fi.measure.allows_negative:
        problems.append(negative_problem(fi.measure, fi.value, fi.line))
    if fi.measure.aggregation == Measure.Aggregation.CUMULATIVE and fi.as_of < fi.period.start:
        problems.append(as_of_problem(fi.as_of, fi.period, fi.line))
    if fi.funding_source.code != "total" and not fi.measure.by_funding_source:
        problems.append(source_split_problem(fi.measure, fi.line))
    if locks is None:
        locks = locked_periods(fi.org_unit)
    lk = lock_for(locks, fi.period)
    if lk is not None:
        problems.append(locked_problem(lk, fi.period, fi.line))
    return problems


_LATEST_COLS = ["id", "program_id", "org_unit_id", "measure_id", "funding_source_id", "period", "value", "as_of",
                "ref_date", "year"]


def _latest_rows(program_ids: list[int], years: set[int], measure_ids: set[int]) -> Iterable[tuple]:
    """The latest version (greatest id) of every key of these programs, years and measures.

    PostgreSQL picks them with DISTINCT ON, so a national import reads one row per key instead of every
    version of every program."""
    pids = sorted(program_ids)
    for i in range(0, len(pids), 5000):
        chunk = pids[i:i + 5000]
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute(
                    f"SELECT DISTINCT ON (program_id, org_unit_id, measure_id, funding_source_id, period) "
                    f"{', '.join(_LATEST_COLS)} FROM {Fact._meta.db_table} "
                    f"WHERE program_id = ANY(%s) AND year = ANY(%s) AND measure_id = ANY(%s) "
                    f"ORDER BY program_id, org_unit_id, measure_id, funding_source_id, period, id DESC",
                    [chunk, sorted(years), sorted(measure_ids)])
                yield from cur.fetchall()
        else:
            last: dict[tuple, tuple] = {}
            for row in (Fact.objects.filter(program_id__in=chunk, year__in=years, measure_id__in=measure_ids)
                        .order_by("id").values_list(*_LATEST_COLS)):
                last[row[1:6]] = row
            yield from last.values()


def _latest_versions(keys: Iterable[tuple[int, int, int, int, str]]) -> dict[tuple, Fact]:
    """The most recently recorded version of each key (the one the next version replaces)."""
    keys = set(keys)
    if not keys:
        return {}
    years = {int(k[4][:4]) for k in keys}
    latest: dict[tuple, Fact] = {}
    for row in _latest_rows(list({k[0] for k in keys}), years, {k[2] for k in keys}):
        k = tuple(row[1:6])
        if k in keys:
            latest[k] = Fact(**dict(zip(_LATEST_COLS, row, strict=True)))
    return latest


def cumulative_warnings(items: list[FactInput]) -> list[Problem]:
    """A cumulative value lower than an earlier one of the same year (warn; it may be a real correction)."""
    cum = [fi for fi in items if fi.measure.aggregation == Measure.Aggregation.CUMULATIVE]
    if not cum:
        return []
    out: list[Problem] = []
    current: dict[tuple, tuple[dt.date, dt.date, int]] = {}
    for _id, p, o, m, src, period, value, as_of, ref, year in _latest_rows(
            list({fi.program.pk for fi in cum}), {fi.period.year for fi in cum}, {fi.measure.pk for fi in cum}):
        current[(p, o, m, src, year, period)] = (ref, as_of, value)  # the latest version of each key
    # A value the input replaces (same period) is a correction, not an earlier point of the series.
    replaced = {(fi.program.pk, fi.org_unit.pk, fi.measure.pk, fi.funding_source.pk, fi.period.year, fi.period.id)
                for fi in cum}
    series: dict[tuple, list[tuple[dt.date, dt.date, int, int | None]]] = {}
    for k, (ref, as_of, value) in current.items():
        if k in replaced:
            continue
        series.setdefault(k[:5], []).append((ref, as_of, value, None))
    for fi in cum:
        k = (fi.program.pk, fi.org_unit.pk, fi.measure.pk, fi.funding_source.pk, fi.period.year)
        series.setdefault(k, []).append((ref_date_for(fi.measure, fi.period, fi.as_of), fi.as_of, fi.value, fi.line))
    for pts in series.values():
        if not any(p[3] is not None for p in pts):
            continue
        pts.sort(key=lambda t: (t[0], t[1]))
        best: tuple[dt.date, int] | None = None
        for ref, _as_of, value, line in pts:
            if best is not None and value < best[1] and line is not None:
                out.append(decrease_warning(value, best[0], best[1], line))
            if best is None or value >= best[1]:
                best = (ref, value)
    return sorted(out, key=lambda p: p.line or 0)


# Up to this many changed values a batch writes one audit row per value (before -> after) beside its summary row;
# a larger import (a national file) keeps its summary row only: each of its versions carries the batch id, who
# recorded it and the version it replaces, so the ledger itself holds every before and after of the batch.
FACT_AUDIT_ROWS_MAX = 10_000


@dataclass(frozen=True)
class FactChange:
    """One new version as the audit trail shows it: the key, the value and as_of before (None: new) and after."""

    fact_id: int
    program_id: int
    org_unit_id: int
    measure_id: int
    funding_source_id: int
    period: str
    value: int
    as_of: dt.date
    prev_value: int | None
    prev_as_of: dt.date | None


def audit_fact_changes(*, actor: Any, changes: list[FactChange], reason: str = "") -> int:
    """One audit row per changed value, with the value before and after (see FACT_AUDIT_ROWS_MAX)."""
    if not changes or len(changes) > FACT_AUDIT_ROWS_MAX:
        return 0

    def codes(model: Any, ids: set[int]) -> dict[int, str]:
        return dict(model.objects.filter(pk__in=ids).values_list("pk", "code"))

    progs = codes(Program, {c.program_id for c in changes})
    orgs = codes(OrgUnit, {c.org_unit_id for c in changes})
    measures = codes(Measure, {c.measure_id for c in changes})
    sources = codes(Code, {c.funding_source_id for c in changes})
    rows = []
    for c in changes:
        key = {"program": progs[c.program_id], "org_unit": orgs[c.org_unit_id], "measure": measures[c.measure_id],
               "funding_source": sources[c.funding_source_id], "period": c.period}
        rows.append({
            "action": "create" if c.prev_value is None else "update", "object_id": c.fact_id,
            "object_repr": " ".join(key.values()),
            "before": None if c.prev_value is None else {**key, "value": c.prev_value, "as_of": c.prev_as_of},
            "after": {**key, "value": c.value, "as_of": c.as_of}})
    return audit_many(actor=actor, object_type="ledger.fact", rows=rows, reason=reason)


def check_items(items: list[FactInput]) -> list[Problem]:
    """Problems of the values themselves: sign, dates, source split, locks, repeats within the input."""
    problems: list[Problem] = []
    lock_cache: dict[int, dict[str, PeriodLock]] = {}
    seen: dict[tuple, int | None] = {}
    for fi in items:
        if fi.org_unit.pk not in lock_cache:
            lock_cache[fi.org_unit.pk] = locked_periods(fi.org_unit)
        problems += validate_fact(fi, lock_cache[fi.org_unit.pk])
        dup_key = (*fi.key, fi.as_of)
        if dup_key in seen:
            problems.append(duplicate_problem(seen[dup_key], fi.line))
        else:
            seen[dup_key] = fi.line
    return problems


def facts_record(*, actor: Any, items: list[FactInput], reason: str = "", strict: bool = False,
                 expected_versions: dict[tuple, int | None] | None = None, summary: dict[str, Any] | None = None,
                 prechecked: bool = False) -> RecordOutcome:
    """Record many values all-or-nothing.

    Every problem of every item is reported at once and nothing is written if there is one. An item equal to
    the latest version (same value and as_of) changes nothing, so the same input twice is idempotent. Two
    writers replacing the same version at once: the second gets ConflictError (a unique constraint on
    `replaces` and on first versions), never a silent overwrite. `expected_versions` (key -> id the writer
    saw, None for "new") makes an interactive edit fail if the value moved underneath it.
    """
    problems: list[Problem] = [] if prechecked else check_items(items)
    latest = _latest_versions(fi.key for fi in items)
    warnings = cumulative_warnings(items)
    if strict:
        problems += [Problem(w.code, w.message_ko, w.message_en, w.field, w.line) for w in warnings]
        warnings = []
    if expected_versions:
        for key, expected in expected_versions.items():
            have = latest.get(key)
            if (have.pk if have else None) != expected:
                problems.append(Problem(ErrorCode.CONFLICT,
                                        "다른 사용자가 이 값을 먼저 바꿨습니다. 새로 고친 뒤 다시 입력하십시오",
                                        "someone else changed this value first; reload and enter it again"))
    if problems:
        problems.sort(key=lambda p: (p.line or 0))
        raise (ConflictError if all(p.code == ErrorCode.CONFLICT for p in problems) else ServiceError)(problems)

    out = RecordOutcome(warnings=warnings)
    ctx = current()
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    new: list[Fact] = []
    before_of: dict[int, Fact | None] = {}
    # Within one input, versions of a key go in as_of order and chain onto each other.
    for fi in sorted(items, key=lambda x: (x.key, x.as_of)):
        prev = latest.get(fi.key)
        if prev is not None and prev.value == fi.value and prev.as_of == fi.as_of:
            out.unchanged += 1
            continue
        f = Fact(program=fi.program, org_unit=fi.org_unit, measure=fi.measure, funding_source=fi.funding_source,
                 period=fi.period.id, period_kind=fi.period.kind, year=fi.period.year, period_end=fi.period.end,
                 ref_date=ref_date_for(fi.measure, fi.period, fi.as_of), as_of=fi.as_of, value=fi.value,
                 recorded_at=now, recorded_by=user, replaces=prev, reason=fi.reason or reason,
                 source=ctx.source, batch_id=ctx.batch_id, illustrative=fi.illustrative, note=fi.note)
        if prev is None:
            out.created += 1
        else:
            out.changed += 1
        new.append(f)
        before_of[id(f)] = prev
        latest[fi.key] = f
    try:
        with transaction.atomic():
            _insert_chained(new)
            refresh_monthly({(f.program_id, f.org_unit_id, f.year) for f in new})
            audit_fact_changes(actor=actor, reason=reason, changes=[FactChange(
                f.pk, f.program_id, f.org_unit_id, f.measure_id, f.funding_source_id, f.period, f.value, f.as_of,
                None if (p := before_of[id(f)]) is None else p.value, None if p is None else p.as_of) for f in new])
            if new and (summary is not None or len(items) > 1):
                audit_batch(actor=actor, object_type="ledger.fact", reason=reason, summary={
                    **(summary or {}), "created": out.created, "changed": out.changed,
                    # values of the file left out before recording (a workbook's unchanged rows) count too
                    "unchanged": out.unchanged + int((summary or {}).get("unchanged", 0)),
                    "warnings": len(out.warnings)})
    except IntegrityError as exc:
        raise concurrent_save_conflict() from exc
    out.facts = new
    return out


def _insert_chained(new: list[Fact]) -> None:
    """Insert versions so that a version inserted in this batch can be replaced by a later one of the batch."""
    if connection.vendor == "postgresql" and len(new) >= 500:
        _copy_insert(new)
        return
    first_round = [f for f in new if f.replaces is None or f.replaces.pk is not None]
    rest = [f for f in new if f.replaces is not None and f.replaces.pk is None]
    _bulk_insert(first_round)
    while rest:
        ready = [f for f in rest if f.replaces.pk is not None]  # type: ignore[union-attr]
        if not ready:  # pragma: no cover - chains always resolve
            raise RuntimeError("unresolvable version chain")
        for f in ready:
            f.replaces_id = f.replaces.pk  # type: ignore[union-attr]
        _bulk_insert(ready)
        rest = [f for f in rest if f not in ready]


def _copy_insert(facts: list[Fact]) -> None:
    """Large batches on PostgreSQL: ids reserved from the sequence up front (so versions replacing versions of the
    same batch know their target's id), then one COPY; constraints and foreign keys are checked as usual."""
    table = Fact._meta.db_table
    cols = [str(f.column) for f in Fact._meta.concrete_fields]
    attrs = [f.attname for f in Fact._meta.concrete_fields]
    with connection.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, len(facts)])
        for f, (new_id,) in zip(facts, cur.fetchall(), strict=True):
            f.id = new_id
        for f in facts:
            if f.replaces is not None:
                f.replaces_id = f.replaces.id
        # As a superuser, skip the per-row foreign-key triggers and check every reference set-based afterwards
        # (ledger.bulk): the rows come from validated objects, so this is a safety net, not the validation.
        from .bulk import can_skip_triggers, dangling_references

        skip = can_skip_triggers()
        if skip:
            cur.execute("SET LOCAL session_replication_role = replica")
        with cur.connection.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for f in facts:
                copy.write_row([getattr(f, a) for a in attrs])
        if skip:
            cur.execute("SET LOCAL session_replication_role = DEFAULT")
            ids = [f.id for f in facts]
            if dangling_references(min(ids), max(ids)):
                raise IntegrityError("facts refer to rows that do not exist")


def _bulk_insert(facts: list[Fact]) -> None:
    for f in facts:
        if f.replaces is not None:
            f.replaces_id = f.replaces.pk
    if connection.vendor == "postgresql" or connection.features.can_return_rows_from_bulk_insert:
        Fact.objects.bulk_create(facts, batch_size=5000)
    else:  # pragma: no cover
        for f in facts:
            f.save(force_insert=True)


def fact_record(*, actor: Any, program: Program, org_unit: OrgUnit, measure: Measure, funding_source: Code,
                period: str | Period, value: int, as_of: dt.date, reason: str = "",
                expected_version: int | bool | None = False) -> RecordOutcome:
    """Record one value. Pass `expected_version` (the id you saw, or None for a new value) to detect races."""
    try:
        p = period if isinstance(period, Period) else Period.parse(period)
    except PeriodError:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_PERIOD, f"알 수 없는 기간 '{period}'",
                                   f"unknown period '{period}'", field="period")) from None
    fi = FactInput(program=program, org_unit=org_unit, measure=measure, funding_source=funding_source, period=p,
                   value=int(value), as_of=as_of, reason=reason)
    expected = None if expected_version is False else {fi.key: expected_version}  # type: ignore[dict-item]
    with transaction.atomic():
        return facts_record(actor=actor, items=[fi], reason=reason, expected_versions=expected)


def fact_history(*, program: Program, org_unit: OrgUnit, measure: Measure, funding_source: Code,
                 period: str) -> list[Fact]:
    """Every version of one value, oldest first: what it was, when, by whom, and what it replaced."""
    return list(Fact.objects.filter(program=program, org_unit=org_unit, measure=measure,
                                    funding_source=funding_source, period=period)
                .select_related("recorded_by").order_by("id"))


@transaction.atomic
def period_lock(*, actor: Any, org_unit: OrgUnit, period: str, reason: str = "") -> PeriodLock:
    from iljari.audit.models import AuditEntry
    from iljari.audit.services import audit_record, snapshot

    Period.parse(period)
    lk, _ = PeriodLock.objects.get_or_create(org_unit=org_unit, period=period, defaults={
        "locked_by": actor if getattr(actor, "pk", None) else None, "reason": reason})
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=lk, before=None, after=snapshot(lk),
                 reason=reason)
    return lk
