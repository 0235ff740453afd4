"""iljari import-pledge FILE.json — create or replace a pledge from its document (docs/reports.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for, add_actor_arguments, print_problems
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.pledges.services import pledge_save


class Command(BaseCommand):
    help = "Create or replace a pledge (공약사업) from a JSON document; every problem is listed, nothing is half-saved."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            data = json.loads(Path(o["file"]).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {o['file']}: {exc}") from None
        try:
            with change_context("cli"):
                pledge = pledge_save(actor=actor_for(o["actor"]), data=data, reason=o["reason"])
        except ServiceError as exc:
            print_problems(exc.problems)
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was saved") from None
        self.stdout.write(f"pledge {pledge.number} {pledge.title} (version {pledge.version})")
