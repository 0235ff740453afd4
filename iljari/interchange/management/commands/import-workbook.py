"""iljari import-workbook FILE.xlsx [--dry-run] [--actor NAME] [--reason TEXT] [--format text|json]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.core.cli import actor_for, add_actor_arguments, fail, print_problems
from iljari.core.errors import ServiceError
from iljari.interchange.workbook import workbook_import


class Command(BaseCommand):
    help = "Import a filled monthly workbook (xlsx) all-or-nothing; --dry-run lists what would change."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--strict", action="store_true", help="warnings (e.g. decreasing results) are errors")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **o: Any) -> None:
        path = Path(o["file"])
        if not path.exists():
            self.stderr.write(f"파일이 없습니다 / no such file: {path}")
            raise SystemExit(2)
        with tqdm(total=1, desc="import workbook", unit="file", disable=o["format"] == "json") as bar:
            try:
                report = workbook_import(actor=actor_for(o["actor"]), data=path.read_bytes(), dry_run=o["dry_run"],
                                         file_name=path.name, reason=o["reason"], strict=o["strict"])
            except ServiceError as exc:
                bar.close()
                if o["format"] == "json":
                    self.stdout.write(json.dumps({"ok": False, "errors": [p.as_dict() for p in exc.problems]},
                                                 ensure_ascii=False, indent=2))
                    raise SystemExit(1) from None
                fail(exc)
                return
            bar.update(1)
        if o["format"] == "json":
            self.stdout.write(json.dumps({"ok": True, **report.as_dict()}, ensure_ascii=False, indent=2))
            return
        if report.warnings:
            print_problems(report.warnings, self.stderr)
        for d in report.diff:
            if d.status != "unchanged":
                old = "-" if d.old is None else f"{d.old:,}"
                self.stdout.write(f"  {d.cell:>6} {d.program} {d.org_unit} {d.measure} {d.period}: {old} -> {d.new:,}"
                                  f" ({d.status})")
        what = "확인만 했습니다(저장 안 함) / dry run, nothing saved" if report.dry_run else "저장했습니다 / saved"
        self.stdout.write(f"workbook: {report.rows}행 / rows — 신규 created {report.created}, 변경 changed "
                          f"{report.changed}, 동일 unchanged {report.unchanged}; {what}")
