"""iljari matching-eval — Recall@30 and nDCG@10 of vacancies-for-a-seeker against the occupation-code baseline
(docs/employment.md, "Quality")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iljari.employment.evaluate import as_text, market_quality, placements_quality


class Command(BaseCommand):
    help = ("Recall@30 and nDCG@10 of the matcher and of a baseline matching the occupation code alone, on a "
            "generated labour market and on the database's referrals that led to placements (held out).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seekers", type=int, default=20_000, help="seekers in the generated market")
        parser.add_argument("--vacancies", type=int, default=25_000, help="vacancies in the generated market")
        parser.add_argument("--sample", type=int, default=2_000, help="seekers evaluated")
        parser.add_argument("--seed", type=int, default=20181231)
        parser.add_argument("--placements", type=int, default=300, help="held-out placements at most (0: skip)")
        parser.add_argument("--no-kiwi", action="store_true", help="take the generator's words, not kiwipiepy's")

    def handle(self, *args: Any, **o: Any) -> None:
        results = [market_quality(seekers=o["seekers"], vacancies=o["vacancies"], sample=o["sample"],
                                  seed=o["seed"], kiwi=not o["no_kiwi"])]
        if o["placements"]:
            results.append(placements_quality(limit_cases=o["placements"]))
        for r in results:
            for line in as_text(r):
                self.stdout.write(line)
