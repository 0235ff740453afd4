from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.core.cli import actor_for
from iljari.ledger.aggregates import rebuild_monthly
from iljari.ledger.synthetic import SyntheticSpec, generate


class Command(BaseCommand):
    help = "Generate national-scale synthetic programs and facts (deterministic by --seed) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programs", type=int, default=25_000)
        parser.add_argument("--orgs", type=int, default=300)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--first-year", type=int, default=2017)
        parser.add_argument("--seed", type=int, default=20211231)

    def handle(self, *args: Any, **o: Any) -> None:
        spec = SyntheticSpec(programs=o["programs"], orgs=o["orgs"], years=o["years"], first_year=o["first_year"],
                             seed=o["seed"])
        with tqdm(desc="facts", unit="row", unit_scale=True) as bar:
            t = generate(spec, actor=actor_for("synthetic"), progress=bar.update)
        with tqdm(desc="aggregates", unit="program", total=t["programs"]) as bar:
            rebuild_monthly(progress=bar.update)
        self.stdout.write(f"{t['orgs']} org units, {t['programs']:,} programs, {t['facts']:,} facts "
                          f"({t['facts'] / max(t['facts_load_s'], 1e-9):,.0f} rows/s loading)")
