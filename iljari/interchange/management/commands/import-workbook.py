"""iljari import-workbook FILE.xlsx [--dry-run] [--strict] [--actor NAME] [--reason TEXT] [--format text|json]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iljari.core.cli import actor_for
from iljari.interchange.workbook import workbook_import

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Import a filled monthly workbook (xlsx) all-or-nothing; --dry-run lists what would change."
    kind = "workbook"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--strict", action="store_true", help="warnings (e.g. decreasing results) are errors")

    def run_import(self, path: Path, options: dict[str, Any]) -> Any:
        return workbook_import(actor=actor_for(options["actor"]), data=path.read_bytes(), dry_run=options["dry_run"],
                               file_name=path.name, reason=options["reason"], strict=options["strict"])

    def summary(self, report: Any) -> list[str]:
        lines = []
        for d in report.diff:
            if d.status != "unchanged":
                old = "-" if d.old is None else f"{d.old:,}"
                lines.append(f"  {d.cell:>6} {d.program} {d.org_unit} {d.measure} {d.period}: {old} -> {d.new:,} "
                             f"({d.status})")
        return [*lines, *super().summary(report)]
