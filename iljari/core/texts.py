"""Lengths of free text checked before the database: every CharField by its max_length, every TextField
(descriptions, notes, reasons) by ILJARI_MAX_TEXT_LENGTH (10,000 characters), each refusal named in Korean and
English. SQLite would store a 100 MB description and serve it to every reader; PostgreSQL would fail with a 500."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from iljari.core.errors import ErrorCode, Problem, ServiceError

# Korean names of the text fields a user types (the message names the field in Korean, not its code).
LABELS_KO = {"name_ko": "사업명", "name_en": "영문 이름", "code": "코드", "legal_basis": "근거 법령",
             "description": "사업 내용", "contact": "연락처", "reason": "사유", "note": "비고", "detail": "세부 내용",
             "title": "제목", "achievements": "추진 실적", "next_steps": "향후 계획", "address": "주소", "name": "성명",
             "phone": "휴대전화"}


def text_limit() -> int:
    """The longest free text (description, note, reason) accepted, in characters."""
    return int(getattr(settings, "ILJARI_MAX_TEXT_LENGTH", 10_000))


def text_too_long(field: str, limit: int, label_ko: str | None = None) -> Problem:
    label_ko = label_ko or LABELS_KO.get(field, "입력값")
    return Problem(ErrorCode.INVALID, f"{label_ko}: 너무 깁니다 ({limit:,}자까지)",
                   f"{field}: too long ({limit:,} characters at most)", field=field,
                   params={"max_length": limit})


def text_problems(instance: models.Model, extra: dict[str, Any] | None = None) -> list[Problem]:
    """Every text field of `instance` (and each `extra` free text) longer than it may be."""
    problems = []
    for f in instance._meta.concrete_fields:
        value = getattr(instance, f.attname, None)
        if not isinstance(value, str):
            continue
        if isinstance(f, models.CharField) and f.max_length:
            limit = f.max_length
        elif isinstance(f, models.TextField):
            limit = f.max_length or text_limit()
        else:
            continue
        if len(value) > limit:
            problems.append(text_too_long(f.name, limit))
    for name, value in (extra or {}).items():
        if isinstance(value, str) and len(value) > text_limit():
            problems.append(text_too_long(name, text_limit()))
    return problems


def check_texts(instance: models.Model, extra: dict[str, Any] | None = None) -> None:
    """Refuse an instance whose texts are too long (all of them named), before it is saved."""
    problems = text_problems(instance, extra)
    if problems:
        raise ServiceError(problems)
