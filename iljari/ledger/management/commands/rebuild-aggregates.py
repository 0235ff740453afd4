from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.ledger.aggregates import rebuild_monthly
from iljari.ledger.models import Fact


class Command(BaseCommand):
    help = "Recompute the month-end aggregates (FactMonthly) from the fact versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="only these years (repeatable)")

    def handle(self, *args: Any, **o: Any) -> None:
        total = Fact.objects.values("program_id").distinct().count()
        with tqdm(total=total, desc="aggregates", unit="program") as bar:
            n = rebuild_monthly(years=o["year"], progress=bar.update)
        self.stdout.write(f"{n:,} month-end rows written")
