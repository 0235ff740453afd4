"""iljari validate --year 2021 [--as-of 2021-05-31] [--org CODE] [--rule CODE] [--format text|json|csv]"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from iljari.core.dates import DateParseError, parse_date
from iljari.core.spreadsheets import csv_writer
from iljari.ledger.rollup import default_as_of
from iljari.orgs.models import OrgUnit
from iljari.quality.engine import describe, evaluate
from iljari.quality.models import ValidationRule


class Command(BaseCommand):
    help = "List the violations of the validation rules for a year as of a date (exit 1 if any error)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: end of the year, or today)")
        parser.add_argument("--org", help="only this org unit's subtree")
        parser.add_argument("--rule", action="append", default=[], help="only these rules (codes)")
        parser.add_argument("--format", choices=["text", "json", "csv"], default="text")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            as_of = (parse_date(o["as_of"]) if o["as_of"] else None) or default_as_of(o["year"])
        except DateParseError:
            raise CommandError(f"날짜가 아닙니다 / not a date: {o['as_of']}") from None
        org = OrgUnit.objects.filter(code=o["org"]).first() if o["org"] else None
        if o["org"] and org is None:
            raise CommandError(f"알 수 없는 조직 / unknown org unit: {o['org']}")
        rules = ValidationRule.objects.filter(active=True)
        if o["rule"]:
            rules = rules.filter(code__in=o["rule"])
        with tqdm(total=1, desc="validate", disable=o["format"] != "text", file=sys.stderr) as bar:
            found = evaluate(year=o["year"], as_of=as_of, rules=list(rules), scope=org)
            bar.update(1)
        if o["format"] == "json":
            self.stdout.write(json.dumps({"year": o["year"], "as_of": as_of.isoformat(), "count": len(found),
                                          "violations": [v.as_dict() for v in found]}, ensure_ascii=False,
                                         indent=2))
        elif o["format"] == "csv":
            w = csv_writer(self.stdout)
            w.writerow(["rule", "severity", "program", "org_unit", "period", "left", "right", "message"])
            for v in found:
                w.writerow([v.rule.code, v.severity, v.program_code, v.org_code, v.period, v.left, v.right,
                            describe(v)])
        else:
            for v in found:
                self.stdout.write(f"[{v.severity}] {v.rule.code} {v.program_code} {v.org_code} {v.period}: "
                                  f"{describe(v)}")
            errors = sum(v.severity == "error" for v in found)
            self.stdout.write(f"{len(found)}건 / violations ({errors} errors) — {o['year']} as of {as_of}")
        if any(v.severity == "error" for v in found):
            raise SystemExit(1)
