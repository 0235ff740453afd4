"""`iljari cases-remind [--today YYYY-MM-DD] [--dry-run]`: list the cases whose stage deadline has passed or whose
reminder window (the stage's `remind_days` before its deadline) has begun, with who acts on them, and write a
"reminder" history row (CaseEvent) for each case the first time it is found at a level (due soon, overdue) during
its stay at a stage — a second run the same day writes nothing new. Meant for cron once a day; the work queue shows
the same cases first whenever an officer looks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iljari.cases.reminders import reminders_record


class Command(BaseCommand):
    help = "List overdue cases and cases entering their reminder window; note each once in the case's history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="act as if it were this day (YYYY-MM-DD; tests)")
        parser.add_argument("--dry-run", action="store_true", help="list only; write no history row")

    def handle(self, *args: Any, **o: Any) -> None:
        today = timezone.localdate()
        if o.get("today"):
            try:
                today = dt.date.fromisoformat(o["today"])
            except ValueError:
                raise CommandError(f"날짜는 YYYY-MM-DD로 적으십시오 / write the day as YYYY-MM-DD: {o['today']!r}") \
                    from None
        found = reminders_record(today=today, write=not o["dry_run"])
        for r, who in found:
            c = r.case
            level = "기한 지남 / overdue " if r.level == "overdue" else "기한 임박 / due soon"
            mark = "new " if r.new else "seen"
            district = c.district.name_ko if c.district else "시 / city"
            self.stdout.write(f"{mark} {level} {c.reference} {c.flow.name_ko} · {c.stage.name_ko} · {district} · "
                              f"기한 / due {c.due_on.isoformat() if c.due_on else '-'} · 처리 / acts: {who}")
        new = sum(1 for r, _ in found if r.new)
        self.stdout.write(f"{len(found)} case(s) due soon or overdue, {new} new reminder(s)"
                          + (" (dry run: nothing written)" if o["dry_run"] else ""))
