"""iljari similar-programs [--org CODE] [--format table|csv] — duplicate and similar pairs with their reasons."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.core.spreadsheets import csv_writer
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program
from iljari.similarity.engine import Index, find_pairs
from iljari.similarity.records import records_from_registry


class Command(BaseCommand):
    help = "List duplicate (and with --similar, similar) program pairs of the registry with the reasons."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", default="", help="only programs owned within this org unit")
        parser.add_argument("--similar", action="store_true", help="also list similar pairs")
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **o: Any) -> None:
        qs = Program.objects.all()
        if o["org"]:
            org = OrgUnit.objects.get(code=o["org"])
            qs = qs.filter(owner_org__path__startswith=org.path)
        bar = tqdm(total=3, desc="similar programs", unit="step", file=sys.stderr)
        records = records_from_registry(qs)
        bar.update(1)
        index = Index(records)
        bar.update(1)
        pairs = find_pairs(index, with_similar=o["similar"])
        bar.update(1)
        bar.close()
        if o["format"] == "csv":
            w = csv_writer(self.stdout)
            w.writerow(["kind", "score", "a", "a_name", "b", "b_name", "reasons"])
            for p in pairs:
                w.writerow([p.kind, p.score, p.a.code, p.a.name, p.b.code, p.b.name, " | ".join(p.reasons)])
            return
        for p in pairs:
            self.stdout.write(f"{'중복' if p.kind == 'duplicate' else '유사'} {p.score:.2f}  {p.a.code} {p.a.name}  ~  "
                              f"{p.b.code} {p.b.name}")
            for r in p.reasons:
                self.stdout.write(f"      · {r}")
        self.stdout.write(f"{sum(p.kind == 'duplicate' for p in pairs)} duplicate pairs, "
                          f"{sum(p.kind == 'similar' for p in pairs)} similar ({len(records)} programs)")
