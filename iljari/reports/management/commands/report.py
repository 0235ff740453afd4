"""iljari report KIND --org CODE --year Y --as-of D -o FILE.pdf|.xlsx|.html — a report to a file, with progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string
from tqdm import tqdm

from iljari.core.pdf import render_pdf
from iljari.core.reportbook import report_workbook
from iljari.reports.report_views import KINDS, _org, generated_line, make_report


class Command(BaseCommand):
    help = "Write a report (work-report, disclosure, budget-execution) as PDF, xlsx or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--org", default="", help="org unit code (all units if left out; a work report needs one)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        parser.add_argument("--rounding", default="", help="half-up or truncate (default: the unit's setting)")
        parser.add_argument("--unit", default="", help="amount unit of budget-execution (default 천원)")
        parser.add_argument("-o", "--output", required=True, help="FILE.pdf, FILE.xlsx or FILE.html")

    def handle(self, *args: Any, **o: Any) -> None:
        out = Path(o["output"])
        if out.suffix not in {".pdf", ".xlsx", ".html"}:
            raise CommandError("the output file ends in .pdf, .xlsx or .html")
        try:
            as_of = dt.date.fromisoformat(o["as_of"])
        except ValueError:
            raise CommandError(f"not a date: {o['as_of']} (YYYY-MM-DD)") from None
        try:
            org = _org(o["org"])
        except Exception:
            raise CommandError(f"unknown org unit {o['org']}") from None
        bar = tqdm(total=1, desc="report", unit="step")

        def progress(done: int, total: int, what: str) -> None:
            bar.total = total + 1
            bar.n = done
            bar.set_postfix_str(what[:30])
            bar.refresh()

        report = make_report(KINDS[o["kind"]], org, o["year"], as_of, {"rounding": o["rounding"], "unit": o["unit"]},
                             progress=progress)
        bar.set_postfix_str("printing")
        ctx = {"report": report, "title": report.title, "generated_line": generated_line(as_of)}
        if out.suffix == ".pdf":
            out.write_bytes(render_pdf("reports/print_report.html", ctx))
        elif out.suffix == ".xlsx":
            out.write_bytes(report_workbook(report))
        else:
            out.write_text(render_to_string("reports/print_report.html", ctx), encoding="utf-8")
        bar.n = bar.total
        bar.close()
        self.stdout.write(f"{report.title}: {out} ({out.stat().st_size:,} bytes)")
