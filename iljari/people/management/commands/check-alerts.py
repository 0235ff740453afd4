"""`iljari check-alerts`: apply the double-benefit rules in force to the whole registry (or to some clusters) and
print a count per rule. Idempotent: alerts already raised are kept, decided ones are not raised again while their
records are unchanged; every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for
from iljari.core.context import change_context
from iljari.people.alerts import alerts_refresh
from iljari.people.models import DoubleBenefitRule


class Command(BaseCommand):
    help = "Check every person's benefit records against the double-benefit rules; print a count per rule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actor", default="system", help="user the change is recorded under")
        parser.add_argument("--on", help="apply the rules in force on this date (YYYY-MM-DD; default today)")
        parser.add_argument("--cluster", type=int, action="append", help="only this cluster (repeatable)")

    def handle(self, *args: Any, **opts: Any) -> None:
        on = None
        if opts.get("on"):
            try:
                on = dt.date.fromisoformat(opts["on"])
            except ValueError:
                raise CommandError(f"날짜는 YYYY-MM-DD로 적으십시오 / write the date as YYYY-MM-DD: {opts['on']!r}") \
                    from None
        with change_context("cli"):
            counts = alerts_refresh(actor=actor_for(opts["actor"]), cluster_ids=opts.get("cluster"), on=on)
        names = dict(DoubleBenefitRule.Kind.choices)
        for kind in DoubleBenefitRule.Kind.values:
            self.stdout.write(f"{names[kind]}: {counts.get(kind, 0)}")
        self.stdout.write(f"새 의심 건 / new alerts: {counts.get('created', 0)} · 갱신 / updated: "
                          f"{counts.get('updated', 0)} · 해소 / removed: {counts.get('removed', 0)} · "
                          f"그대로 / unchanged: {counts.get('unchanged', 0)}")
