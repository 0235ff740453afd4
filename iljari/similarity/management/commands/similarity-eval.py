"""iljari similarity-eval — precision and recall of the flagged duplicates (docs/similarity.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iljari.similarity.evaluate import paraphrase_quality, seed_quality, synthetic_quality


class Command(BaseCommand):
    help = ("Precision and recall of flagged duplicate pairs on the paraphrase set, the labelled seed pairs and "
            "synthetic variants.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--synthetic", type=int, default=3000, help="synthetic programs (0: none)")
        parser.add_argument("--seed", type=int, default=20241122)
        parser.add_argument("--show", type=int, default=10, help="missed and wrong pairs to list")

    def handle(self, *args: Any, **o: Any) -> None:
        results = [paraphrase_quality(), seed_quality()]
        if o["synthetic"]:
            results.append(synthetic_quality(o["synthetic"], o["seed"]))
        for q in results:
            self.stdout.write(f"{q.name}: {q.programs} programs, {q.positives} labelled duplicate pairs, "
                              f"{q.flagged} flagged, {q.true_positives} right -> precision {q.precision:.3f}, "
                              f"recall {q.recall:.3f}")
            for label, rows in (("missed", q.missed), ("flagged but not labelled", q.wrong)):
                if rows:
                    self.stdout.write(f"  {label} ({len(rows)}): " + "; ".join(f"{a} ~ {b}" for a, b in
                                                                           rows[: o["show"]]))
