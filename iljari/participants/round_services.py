"""Writes of recruitment rounds (모집 회차): create and change a round with its dates, places, quota and worksites.

Every write is checked first (dates in order, worksites within the places), each problem named in Korean and
English with the field it is about; a change is refused when the round changed since the officer read it (its
`version`), and every write is one audit row with the round and its worksites before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from iljari.audit.services import audit_change, snapshot
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError

from .models import Application, RecruitmentRound, Worksite

MAX_PLACES = 100_000
_FIELDS = ["program", "name", "announce_on", "apply_from", "apply_to", "select_on", "work_from", "work_to", "places",
           "vulnerable_quota_percent", "run_by", "note", "duties"]


@dataclass(frozen=True)
class RoundTerms:
    """What an officer sets on a round (the program aside)."""

    name: str
    apply_from: dt.date
    apply_to: dt.date
    work_from: dt.date
    work_to: dt.date
    places: int
    announce_on: dt.date | None = None
    select_on: dt.date | None = None
    vulnerable_quota_percent: int = 0
    note: str = ""
    duties: str = ""
    worksites: tuple[tuple[str, int], ...] = ()


def _d(day: dt.date) -> str:
    return f"{day.year}. {day.month}. {day.day}."


def round_problems(t: RoundTerms) -> list[Problem]:
    """What is wrong with a round's terms, each problem on the field an officer fixes."""
    p: list[Problem] = []

    def add(field: str, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> None:
        p.append(Problem(code, ko, en, field=field))

    if not t.name.strip():
        add("name", "회차 이름을 적으십시오 (예: 2024년 하반기)", "give the round a name (e.g. 2024 second half)",
            ErrorCode.REQUIRED)
    if len(t.name) > 100:
        add("name", "회차 이름은 100자까지입니다", "the name is at most 100 characters")
    if len(t.note) > 500:
        add("note", "비고는 500자까지입니다", "the note is at most 500 characters")
    if len(t.duties) > 2000:
        add("duties", "하는 일은 2,000자까지입니다", "the duties are at most 2,000 characters")
    if not 1 <= t.places <= MAX_PLACES:
        add("places", f"모집 인원은 1명에서 {MAX_PLACES:,}명 사이입니다", f"places are between 1 and {MAX_PLACES:,}")
    if not 0 <= t.vulnerable_quota_percent <= 100:
        add("vulnerable_quota_percent", "취약계층 비율은 0에서 100 사이의 백분율입니다",
            "the vulnerable quota is a percentage from 0 to 100")
    if t.apply_to < t.apply_from:
        add("apply_to", f"신청 마감일({_d(t.apply_to)})이 신청 시작일({_d(t.apply_from)})보다 앞섭니다",
            "the application deadline is before the first day of applications", ErrorCode.INVALID_DATE)
    if t.announce_on and t.announce_on > t.apply_from:
        add("announce_on", f"공고일({_d(t.announce_on)})은 신청 시작일({_d(t.apply_from)})보다 늦을 수 없습니다",
            "the announcement cannot come after applications open", ErrorCode.INVALID_DATE)
    if t.select_on and t.select_on < t.apply_to:
        add("select_on", f"선발일({_d(t.select_on)})은 신청 마감일({_d(t.apply_to)}) 이후여야 합니다",
            "selection comes after the application deadline", ErrorCode.INVALID_DATE)
    if t.select_on and t.select_on > t.work_from:
        add("select_on", f"선발일({_d(t.select_on)})은 근무 시작일({_d(t.work_from)})보다 늦을 수 없습니다",
            "selection cannot come after work begins", ErrorCode.INVALID_DATE)
    if t.work_from < t.apply_to:
        add("work_from", f"근무 시작일({_d(t.work_from)})이 신청 마감일({_d(t.apply_to)})보다 앞섭니다",
            "work cannot begin before the application deadline", ErrorCode.INVALID_DATE)
    if t.work_to < t.work_from:
        add("work_to", f"근무 종료일({_d(t.work_to)})이 근무 시작일({_d(t.work_from)})보다 앞섭니다",
            "work ends before it begins", ErrorCode.INVALID_DATE)
    seen: set[str] = set()
    for name, places in t.worksites:
        if not name.strip():
            add("worksites", "근무지 이름이 비어 있습니다", "a worksite has no name", ErrorCode.REQUIRED)
        elif len(name) > 100:
            add("worksites", f"근무지 이름은 100자까지입니다: {name[:20]}…", "a worksite name is at most 100 characters")
        elif name.strip() in seen:
            add("worksites", f"근무지 '{name.strip()}'가 두 번 있습니다", f"worksite '{name.strip()}' is listed twice",
                ErrorCode.DUPLICATE_ROW)
        seen.add(name.strip())
        if not 1 <= places <= MAX_PLACES:
            add("worksites", f"근무지 '{name.strip()}'의 인원은 1명 이상이어야 합니다",
                f"worksite '{name.strip()}' takes at least one participant")
    total = sum(n for _, n in t.worksites)
    if t.worksites and 1 <= t.places and total > t.places:
        add("worksites", f"근무지 인원의 합({total:,}명)이 모집 인원({t.places:,}명)보다 많습니다",
            f"the worksites take {total:,}, more than the round's {t.places:,} places")
    return p


def _state(rnd: RecruitmentRound) -> dict[str, Any]:
    return snapshot(rnd, fields=_FIELDS, extra={
        "worksites": [{"name": n, "places": k} for n, k in
                      Worksite.objects.filter(round=rnd).order_by("name").values_list("name", "places")]})


def _set_worksites(rnd: RecruitmentRound, sites: Iterable[tuple[str, int]]) -> None:
    wanted = {name.strip(): places for name, places in sites}
    existing = {w.name: w for w in Worksite.objects.filter(round=rnd)}
    for name, w in existing.items():
        if name not in wanted:
            w.delete()
        elif w.places != wanted[name]:
            w.places = wanted[name]
            w.save(update_fields=["places"])
    Worksite.objects.bulk_create([Worksite(round=rnd, name=n, places=k) for n, k in wanted.items()
                                  if n not in existing])


def round_create(*, actor: Any, program: Any, terms: RoundTerms, run_by: Any = None,
                 reason: str = "") -> RecruitmentRound:
    """A new round of `program` (run by `run_by` when a district runs its own round of another owner's
    program), with its worksites; one audit row."""
    problems = round_problems(terms)
    if RecruitmentRound.objects.filter(program=program, name=terms.name.strip()).exists():
        problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"이 사업에 '{terms.name.strip()}' 회차가 이미 있습니다",
                                f"the program already has a round named '{terms.name.strip()}'", field="name"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        rnd = RecruitmentRound.objects.create(
            program=program, run_by=run_by, name=terms.name.strip(), announce_on=terms.announce_on,
            apply_from=terms.apply_from, apply_to=terms.apply_to, select_on=terms.select_on,
            work_from=terms.work_from, work_to=terms.work_to, places=terms.places,
            vulnerable_quota_percent=terms.vulnerable_quota_percent, note=terms.note.strip(), duties=terms.duties.strip())
        _set_worksites(rnd, terms.worksites)
        audit_change(actor=actor, obj=rnd, before=None, after=_state(rnd), reason=reason)
    return rnd


def round_update(*, actor: Any, round: RecruitmentRound, version: int, terms: RoundTerms,
                 reason: str = "") -> RecruitmentRound:
    """Change a round's terms and worksites. Refused when someone changed the round since `version` was read
    (no silent lost update), when the places fall below those already selected, or when a worksite that
    applicants asked for or were placed at is taken away."""
    problems = round_problems(terms)
    with transaction.atomic():
        current = RecruitmentRound.objects.select_for_update().get(pk=round.pk)
        if current.version != version:
            raise ConflictError(Problem(
                ErrorCode.CONFLICT, "다른 사용자가 먼저 이 회차를 고쳤습니다. 지금 저장된 내용을 확인하고 다시 고치십시오",
                "someone else changed this round since you opened it; check what is saved now and change it again"))
        if RecruitmentRound.objects.filter(program=current.program, name=terms.name.strip()) \
                .exclude(pk=current.pk).exists():
            problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"이 사업에 '{terms.name.strip()}' 회차가 이미 있습니다",
                                    f"the program already has a round named '{terms.name.strip()}'", field="name"))
        selected = current.applications.filter(status=Application.Status.SELECTED).count()
        if 1 <= terms.places < selected:
            problems.append(Problem(ErrorCode.INVALID, f"이미 {selected:,}명을 선발했습니다. 모집 인원을 그보다 줄일 수 없습니다",
                                    f"{selected:,} are already selected; the places cannot be fewer",
                                    field="places"))
        kept = {n.strip() for n, _ in terms.worksites}
        dropped = set(Worksite.objects.filter(round=current).values_list("name", flat=True)) - kept
        used = sorted(set(current.applications.filter(worksite__in=dropped).values_list("worksite", flat=True)))
        if used:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"신청자가 희망했거나 배치된 근무지는 뺄 수 없습니다: {', '.join(used)}",
                                    f"applicants asked for or were placed at: {', '.join(used)}", field="worksites"))
        if problems:
            raise ServiceError(problems)
        before = _state(current)
        for f in ("announce_on", "apply_from", "apply_to", "select_on", "work_from", "work_to", "places",
                  "vulnerable_quota_percent"):
            setattr(current, f, getattr(terms, f))
        current.name, current.note, current.duties = terms.name.strip(), terms.note.strip(), terms.duties.strip()
        _set_worksites(current, terms.worksites)
        after = _state(current)
        if after != before:
            current.version += 1
            current.save()
            audit_change(actor=actor, obj=current, before=before, after=_state(current), reason=reason)
    return current
