"""The demo's outcome indicators (issue 18): 2021's run as of 2022-12-31, graded and published, computed last in
`load-demo` so that every participant list and employment record of the demo is in it. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iljari.core.context import change_context
from iljari.outcomes.grading import grades_compute, scheme_install
from iljari.outcomes.models import OutcomeRun
from iljari.outcomes.runs import indicators_install, outcomes_run, run_publish

YEAR, AS_OF = 2021, dt.date(2022, 12, 31)


def load_demo_outcome_runs(*, actor: Any) -> list[str]:
    with change_context("cli"):
        indicators_install(actor=actor)
        if OutcomeRun.objects.filter(year=YEAR, status=OutcomeRun.Status.PUBLISHED).exists():
            return []
        run = outcomes_run(actor=actor, year=YEAR, as_of=AS_OF, illustrative=True,
                           reason="시연 자료 / demo data")
        scheme_install()
        graded = grades_compute(actor=actor, run=run, reason="시연 자료 / demo data")
        run_publish(actor=actor, run=run, reason="시연 자료 / demo data")
    with_grade = run.grades.exclude(grade="").count()
    return [f"  outcomes {YEAR} (as of {AS_OF}): {run.programs} programs, {run.figures.count()} figures, "
            f"{with_grade} of {graded} graded (the rest lack outcome figures), published"]
