"""`iljari employment-derive [--year Y] [--centre CODE] [--as-of YYYY-MM-DD]`: count the job centres' records into
the ledger (employment.derive). Re-runnable: only values that changed get a new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for
from iljari.employment.derive import funnel_derive
from iljari.employment.models import Centre, Counselling, Placement, Referral, Seeker, Vacancy


class Command(BaseCommand):
    help = "Derive the job centres' funnel (vacancies, seekers, counselling, referrals, placements) into the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append",
                            help="only this year (repeatable; default: every year with records)")
        parser.add_argument("--centre", action="append", help="only this centre's code (repeatable)")
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
        centres = Centre.objects.all()
        if o.get("centre"):
            centres = centres.filter(code__in=o["centre"])
            missing = set(o["centre"]) - set(centres.values_list("code", flat=True))
            if missing:
                raise CommandError(f"없는 센터 / unknown centre: {', '.join(sorted(missing))}")
        years = o.get("year") or ([as_of.year] if as_of else self.years())
        actor = actor_for(o["actor"])
        for year in sorted(set(years)):
            if not 2000 <= year <= 2100:
                raise CommandError(f"연도 / year: {year}")
            r = funnel_derive(actor=actor, year=year, as_of=as_of if as_of and as_of.year == year else None,
                              centres=list(centres), reason=o["reason"])
            self.stdout.write(f"{year}: 새 값 / created {r.created} · 바뀐 값 / changed {r.changed} · "
                              f"그대로 / unchanged {r.unchanged}"
                              + (f" · 마감되어 건너뜀 / locked {len(r.locked)}" if r.locked else ""))

    @staticmethod
    def years() -> list[int]:
        found: set[int] = set()
        for model, field in ((Vacancy, "posted_on"), (Seeker, "registered_on"), (Counselling, "held_on"),
                             (Referral, "referred_on"), (Placement, "placed_on")):
            found |= {d.year for d in model.objects.dates(field, "year")}
        return sorted(found)
