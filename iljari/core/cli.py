"""Helpers shared by the management commands: the acting user and printing problems."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandParser

from .errors import Problem, ServiceError


def add_actor_arguments(parser: CommandParser) -> None:
    parser.add_argument("--actor", default="system",
                        help="user the change is recorded under (created without a password if missing)")
    parser.add_argument("--reason", default="", help="why: kept in the audit trail")


def actor_for(username: str) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    return user


def print_problems(problems: list[Problem], stream: Any = None) -> None:
    stream = stream or sys.stderr
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if errors:
        stream.write(f"오류 {len(errors)}건, 아무것도 저장하지 않았습니다 / {len(errors)} error(s), nothing was saved:\n")
    for p in errors + warnings:
        mark = "오류/error" if p.severity == "error" else "경고/warning"
        stream.write(f"  [{mark}] {p}\n")


def fail(exc: ServiceError) -> None:
    print_problems(exc.problems)
    raise SystemExit(1)
