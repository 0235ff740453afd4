"""Deadline reminders of the cases (slice "flows"): `reminders_record` writes a "reminder" history row for each
case that is overdue or inside its stage's reminder window, once per level (due soon, overdue) per stay at a
stage, and returns every such case with who acts on it (`iljari cases-remind`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from iljari.access.models import Role
from iljari.core.labels import one_language

from .flows import acting_unit
from .models import CaseEvent, Stage
from .selectors import Reminder, reminders_due


def who_acts(reminder: Reminder) -> str:
    case = reminder.case
    stage = case.stage
    role = one_language(Role(stage.actor_role).label, "ko") if stage.actor_role else "담당자"
    unit = acting_unit(case, stage)
    where = unit.name_ko if unit is not None else one_language(Stage.Level(stage.actor_level).label, "ko")
    return f"{where} {role}"


def reminders_record(*, today: dt.date, write: bool = True) -> list[tuple[Reminder, str]]:
    found = reminders_due(today)
    if write:
        with transaction.atomic():
            for r in found:
                if r.new:
                    c = r.case
                    # a history row like `flows.case_note`'s, with the stage it is about (once per stay there)
                    CaseEvent.objects.create(case=c, kind="reminder", to_stage=c.stage, at=timezone.now(),
                                             actor_label="기한 알림 / reminder",
                                             data={"level": r.level, "due_on": c.due_on.isoformat() if c.due_on
                                                   else None})
    return [(r, who_acts(r)) for r in found]
