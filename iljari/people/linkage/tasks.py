"""Background linkage work (django-tasks, run by `iljari db_worker`): a full run started from the runs page, and
the check of a long list of new persons."""

from __future__ import annotations

import time

from django_tasks import task

from iljari.core.context import change_context
from iljari.people.models import LinkageRun, Person


@task()
def linkage_run_task(run_id: int, retrain: bool = True) -> None:
    from .service import STEPS, linkage_run

    run = LinkageRun.objects.select_related("actor").get(pk=run_id)
    last = [0.0]

    def progress(done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:  # at most two writes a second
            last[0] = now
            LinkageRun.objects.filter(pk=run_id, status=LinkageRun.Status.RUNNING).update(
                note=" / ".join(f"{done}/{STEPS} {w}" for w in what.split(" / "))[:500])

    with change_context("task"):
        linkage_run(actor=run.actor, backend=run.backend, retrain=retrain, progress=progress, run=run)


@task()
def check_persons_task(person_ids: list[int]) -> None:
    from .service import persons_check

    with change_context("task"):
        persons_check(persons=list(Person.objects.filter(pk__in=person_ids)))
