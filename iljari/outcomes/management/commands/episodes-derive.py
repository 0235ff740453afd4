"""`iljari episodes-derive [--since YYYY-MM-DD]`: make the job centres' placements and follow-ups into employment
episodes (outcomes.episodes.episodes_derive). Re-runnable: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for
from iljari.core.context import change_context
from iljari.outcomes.episodes import episodes_derive


class Command(BaseCommand):
    help = "Derive employment episodes from the job centres' placements and their follow-ups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="only placements placed, recorded or followed up on or after this day "
                                            "(YYYY-MM-DD; default every placement)")
        parser.add_argument("--actor", default="system", help="user the change is recorded under")
        parser.add_argument("--reason", default="", help="why: kept in the audit trail")

    def handle(self, *args: Any, **o: Any) -> None:
        since = None
        if o.get("since"):
            try:
                since = dt.date.fromisoformat(o["since"])
            except ValueError:
                raise CommandError(f"날짜는 YYYY-MM-DD로 적으십시오 / write the date as YYYY-MM-DD: {o['since']!r}") \
                    from None
        with change_context("cli"):
            r = episodes_derive(actor=actor_for(o["actor"]), since=since, reason=o["reason"])
        self.stdout.write(str(r))
