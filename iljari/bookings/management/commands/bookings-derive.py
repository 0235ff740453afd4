"""`iljari bookings-derive --year Y [--as-of YYYY-MM-DD] [--operator CODE]`: count the job cafés' and suit
operators' records into the ledger (bookings.derive). Re-runnable: only values that changed get a new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.bookings.derive import usage_derive
from iljari.bookings.models import Booking, Operator, Rental, Session
from iljari.core.cli import actor_for


class Command(BaseCommand):
    help = "Derive the job cafés' and suit rental's usage (users, times operated, study-room users, suit users) " \
           "into the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append",
                            help="only this year (repeatable; default: every year with records)")
        parser.add_argument("--operator", action="append", help="only this operator's code (repeatable)")
        parser.add_argument("--as-of", help="count records up to this day (YYYY-MM-DD; default today or year end)")
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
        operators = Operator.objects.all()
        if o.get("operator"):
            operators = operators.filter(code__in=o["operator"])
            missing = set(o["operator"]) - set(operators.values_list("code", flat=True))
            if missing:
                raise CommandError(f"없는 운영기관 / unknown operator: {', '.join(sorted(missing))}")
        years = o.get("year") or ([as_of.year] if as_of else self.years())
        actor = actor_for(o["actor"])
        for year in sorted(set(years)):
            if not 2000 <= year <= 2100:
                raise CommandError(f"연도 / year: {year}")
            r = usage_derive(actor=actor, year=year, as_of=as_of if as_of and as_of.year == year else None,
                             operators=list(operators), reason=o["reason"])
            self.stdout.write(f"{year}: 새 값 / created {r.created} · 바뀐 값 / changed {r.changed} · "
                              f"그대로 / unchanged {r.unchanged}"
                              + (f" · 마감되어 건너뜀 / locked {len(r.locked)}" if r.locked else ""))

    @staticmethod
    def years() -> list[int]:
        found: set[int] = set()
        for model, name in ((Booking, "starts_at"), (Session, "starts_at")):
            found |= {d.year for d in model.objects.datetimes(name, "year")}
        found |= {d.year for d in Rental.objects.dates("pickup_on", "year")}
        return sorted(found)
