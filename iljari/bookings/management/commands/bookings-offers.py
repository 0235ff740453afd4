"""`iljari bookings-offers [--now ISO]`: expire the waiting lists' offers past their deadline and offer each freed
seat to the next person waiting (bookings.waitlist.offers_expire). Meant for cron every few minutes; idempotent (a
second run finds nothing); prints what it did. The same runs lazily whenever a session's or a citizen's page is
read, so a missed run only delays the next offer until someone looks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iljari.bookings.waitlist import offers_expire


class Command(BaseCommand):
    help = "Expire overdue waiting-list offers of programme sessions and offer the seats to the next in line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="act as if it were this time (ISO 8601, Asia/Seoul if no offset; tests)")

    def handle(self, *args: Any, **o: Any) -> None:
        now = None
        if o.get("now"):
            try:
                now = dt.datetime.fromisoformat(o["now"])
            except ValueError:
                raise CommandError(f"시각은 ISO 8601로 적으십시오 / write the time as ISO 8601: {o['now']!r}") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now, timezone.get_default_timezone())
        events = offers_expire(now=now)
        for ev in events:
            e = ev.entry
            when = timezone.localtime(e.starts_at).strftime("%Y-%m-%d %H:%M")
            if ev.what == "expired":
                self.stdout.write(f"expired  entry {e.pk} (session {e.session_id} {when}, person {e.person_id})")
            else:
                deadline = timezone.localtime(e.offer_expires_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"offered  entry {e.pk} (session {e.session_id} {when}, person {e.person_id})"
                                  f" until {deadline}")
        expired = sum(1 for ev in events if ev.what == "expired")
        self.stdout.write(f"{expired} offer(s) expired, {len(events) - expired} offer(s) made")
