from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.core.cli import actor_for, add_actor_arguments, fail, print_problems
from iljari.core.errors import ServiceError


class ImportCommand(BaseCommand):
    kind = ""
    importer: Callable[..., Any]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="canonical CSV (UTF-8, UTF-8 with BOM or CP949); see docs/interchange.md")
        parser.add_argument("--dry-run", action="store_true", help="check and report what would change, save nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        add_actor_arguments(parser)

    def extra_kwargs(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}

    def run_import(self, path: Path, options: dict[str, Any]) -> Any:
        return type(self).importer(actor=actor_for(options["actor"]), path=path, dry_run=options["dry_run"],
                                   file_name=path.name, reason=options["reason"], **self.extra_kwargs(options))

    def summary(self, report: Any) -> list[str]:
        what = "확인만 했습니다(저장 안 함) / dry run, nothing saved" if report.dry_run else "저장했습니다 / saved"
        return [f"{self.kind}: {report.rows}행 / rows — 신규 created {report.created}, 변경 changed {report.changed}, "
                f"동일 unchanged {report.unchanged} ({getattr(report, 'encoding', 'xlsx')}); {what}"]

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            self.stderr.write(f"파일이 없습니다 / no such file: {path}")
            raise SystemExit(2)
        with tqdm(total=1, desc=f"import {self.kind}", unit="file", disable=options["format"] == "json"
                  or options.get("verbosity", 1) == 0) as bar:
            try:
                report = self.run_import(path, options)
            except ServiceError as exc:
                bar.close()
                if options["format"] == "json":
                    self.stdout.write(json.dumps({"ok": False, "errors": [p.as_dict() for p in exc.problems]},
                                                 ensure_ascii=False, indent=2))
                    raise SystemExit(1) from None
                fail(exc)
                return
            bar.update(1)
        if options["format"] == "json":
            self.stdout.write(json.dumps({"ok": True, **report.as_dict()}, ensure_ascii=False, indent=2))
            return
        if report.warnings:
            print_problems(report.warnings, self.stderr)
        for line in self.summary(report):
            self.stdout.write(line)
