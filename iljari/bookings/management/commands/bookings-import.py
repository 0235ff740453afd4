"""iljari bookings-import FILE.xlsx [--dry-run] [--template OUT.xlsx] [--actor NAME] [--format text|json]

Cafés (and suit branches) from the sheet "카페" and suit stock from "정장 재고", all or nothing; every problem is
named with its sheet and cell in Korean and English (docs/bookings/accounts.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iljari.bookings.place_import import places_import, template_workbook
from iljari.core.cli import actor_for, add_actor_arguments, fail
from iljari.core.context import change_context
from iljari.core.errors import ServiceError


class Command(BaseCommand):
    help = "Import job cafés and suit stock from an xlsx workbook (all or nothing); --dry-run saves nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the filled workbook (xlsx); with --template, where to write the template")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument("--template", action="store_true", help="write the empty template workbook to FILE")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["template"]:
            path.write_bytes(template_workbook())
            self.stdout.write(f"양식을 저장했습니다 / template written: {path}")
            return
        if not path.exists():
            self.stderr.write(f"파일이 없습니다 / no such file: {path}")
            raise SystemExit(2)
        try:
            with change_context("import"):
                report = places_import(actor=actor_for(options["actor"]), data=path.read_bytes(),
                                       dry_run=options["dry_run"], file_name=path.name)
        except ServiceError as exc:
            if options["format"] == "json":
                self.stdout.write(json.dumps({"ok": False, "errors": [p.as_dict() for p in exc.problems]},
                                             ensure_ascii=False, indent=2))
                raise SystemExit(1) from None
            fail(exc)
            return
        if options["format"] == "json":
            self.stdout.write(json.dumps({"ok": True, **report.as_dict()}, ensure_ascii=False, indent=2))
            return
        what = "확인만 했습니다(저장 안 함) / dry run, nothing saved" if report.dry_run else "저장했습니다 / saved"
        self.stdout.write(
            f"장소 / places: 신규 created {report.places_created}, 변경 changed {report.places_changed}, "
            f"동일 unchanged {report.places_unchanged}; 정장 재고 / suit stock: 신규 created {report.items_created}, "
            f"변경 changed {report.items_changed}, 동일 unchanged {report.items_unchanged}; {what}")
