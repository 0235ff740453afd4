"""`iljari episodes-import FILE [--dry-run] [--source TEXT] [--kind insurance|other] [--as-of YYYY-MM-DD]`: import
a file of employment records into the employment episodes, all rows or none (outcomes.episode_import;
docs/outcomes.md, "Employment episodes"). Exit status 1 with every problem when anything is wrong."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for, fail
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.outcomes.episode_import import MAX_BYTES, episodes_import


class Command(BaseCommand):
    help = "Import employment records (CSV or xlsx) into the employment episodes, all-or-nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or CP949) or xlsx; see docs/outcomes.md")
        parser.add_argument("--dry-run", action="store_true", help="check and report what would change, save nothing")
        parser.add_argument("--source", default="", help="where the records come from, e.g. '고용보험 DB 연계 2023-06'")
        parser.add_argument("--kind", choices=["insurance", "other"], default="insurance",
                            help="the employment-insurance linkage (default) or another source")
        parser.add_argument("--as-of", help="the day the file's data is current to (YYYY-MM-DD; default today)")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--actor", default="system", help="user the import is recorded under")

    def handle(self, *args: Any, **o: Any) -> None:
        path = Path(o["file"])
        if not path.is_file():
            self.stderr.write(f"파일이 없습니다 / no such file: {path}")
            raise SystemExit(2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"파일이 너무 큽니다 / the file is too large ({MAX_BYTES // 1024 // 1024} MB at most)")
        as_of = None
        if o.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(o["as_of"])
            except ValueError:
                raise CommandError(f"날짜는 YYYY-MM-DD로 적으십시오 / write the date as YYYY-MM-DD: {o['as_of']!r}") \
                    from None
        try:
            with change_context("cli"):
                result = episodes_import(actor=actor_for(o["actor"]), data=path.read_bytes(), filename=path.name,
                                         source=o["source"], kind=o["kind"], as_of=as_of, dry_run=o["dry_run"])
        except ServiceError as exc:
            if o["format"] == "json":
                self.stdout.write(json.dumps({"ok": False, "errors": [p.as_dict() for p in exc.problems]},
                                             ensure_ascii=False, indent=2))
                raise SystemExit(1) from None
            fail(exc)
            return
        if o["format"] == "json":
            self.stdout.write(json.dumps({"ok": True, **result.as_dict()}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(result.summary())
