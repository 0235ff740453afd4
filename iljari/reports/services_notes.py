"""What a program's work report page says in words (추진실적, 향후계획), kept per year and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from iljari.audit.services import check_version, snapshot, versioned_save
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.programs.models import Program

from .models import ProgramNote

_FIELDS = ["program", "year", "achievements", "next_steps"]


@transaction.atomic
def program_note_save(*, actor: Any, program: Program, year: int, achievements: str, next_steps: str,
                      expected_version: int | None = None, reason: str = "") -> ProgramNote:
    if not 2000 <= year <= 2100:
        raise ServiceError(Problem(ErrorCode.INVALID_DATE, f"연도가 아닙니다: {year}", f"not a year: {year}",
                                   field="year"))
    if len(achievements) > 20_000 or len(next_steps) > 20_000:
        raise ServiceError(Problem(ErrorCode.INVALID, "20,000자를 넘습니다", "longer than 20,000 characters"))
    note = ProgramNote.objects.select_for_update().filter(program=program, year=year).first()
    check_version(note, expected_version, what_ko="이 글을", what_en="this text")
    before = snapshot(note, fields=_FIELDS) if note else None
    note = note or ProgramNote(program=program, year=year)
    note.achievements, note.next_steps = achievements.strip(), next_steps.strip()
    versioned_save(actor=actor, obj=note, before=before, state=lambda n: snapshot(n, fields=_FIELDS), reason=reason)
    return note
