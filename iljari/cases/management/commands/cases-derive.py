"""`iljari cases-derive --year Y [--as-of YYYY-MM-DD] [--flow CODE]`: count the subsidy payments (people paid and
won paid per flow program, district and month) into the ledger (cases.derive). Re-runnable: only values that
changed get a new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.cases.derive import payments_derive
from iljari.cases.models import Flow, Payment
from iljari.core.cli import actor_for


class Command(BaseCommand):
    help = "Derive the subsidy payments (people paid, expenditure) into the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append",
                            help="only this year (repeatable; default: every year with payments)")
        parser.add_argument("--flow", action="append", help="only this flow's code (repeatable)")
        parser.add_argument("--as-of", help="count payments up to this day (YYYY-MM-DD; default today or year end)")
        parser.add_argument("--actor", default="system", help="user the change is recorded under")
        parser.add_argument("--reason", default="", help="why: kept in the audit trail")

    def handle(self, *args: Any, **o: Any) -> None:
        as_of = None
        if o.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(o["as_of"])
            except ValueError:
                raise CommandError(f"날짜는 YYYY-MM-DD로 적으십시오 / write the date as YYYY-MM-DD: {o['as_of']!r}") \
                    from None
        flows = Flow.objects.filter(kind=Flow.Kind.SUBSIDY)
        if o.get("flow"):
            flows = Flow.objects.filter(code__in=o["flow"])
            missing = set(o["flow"]) - set(flows.values_list("code", flat=True))
            if missing:
                raise CommandError(f"없는 흐름 / unknown flow: {', '.join(sorted(missing))}")
        years = o.get("year") or ([as_of.year] if as_of else sorted(
            {d.year for d in Payment.objects.filter(paid_on__isnull=False).dates("paid_on", "year")}))
        actor = actor_for(o["actor"])
        for year in sorted(set(years)):
            if not 2000 <= year <= 2100:
                raise CommandError(f"연도 / year: {year}")
            r = payments_derive(actor=actor, year=year, as_of=as_of if as_of and as_of.year == year else None,
                                flows=list(flows), reason=o["reason"])
            self.stdout.write(f"{year}: 새 값 / created {r.created} · 바뀐 값 / changed {r.changed} · "
                              f"그대로 / unchanged {r.unchanged}"
                              + (f" · 마감되어 건너뜀 / locked {len(r.locked)}" if r.locked else ""))
