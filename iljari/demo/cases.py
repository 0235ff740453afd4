"""The demo's subsidy and open-call cases (issue 17): the three seed flows installed on the registry's programs,
the 2021 retention subsidy's 13,635 illustrative cases (`cases_retention`), the 2021 village-enterprise call end
to end (`cases_calls`), and the women's internship with this year's claims paid in stages (`cases_internship`). Loading again changes
nothing."""

from __future__ import annotations

from typing import Any

from iljari.programs.models import Program

INTERN_PROGRAM = "S21-WOMEN-INTERNSHIP"


def load_demo_cases(*, actor: Any) -> list[str]:
    from iljari.cases.models import Flow
    from iljari.cases.services import flow_install
    from iljari.cases.specs import WOMEN_INTERNSHIP
    from iljari.core.context import change_context

    from .cases_calls import load_demo_calls
    from .cases_retention import load_demo_retention

    lines = ["cases (issue 17):"]
    lines += load_demo_retention(actor=actor)
    lines += load_demo_calls(actor=actor)
    program = Program.objects.filter(code=INTERN_PROGRAM).first()
    if program is not None and not Flow.objects.filter(code=WOMEN_INTERNSHIP["code"]).exists():
        with change_context("cli"):
            flow_install(actor=actor, program=program, spec=WOMEN_INTERNSHIP, illustrative=True)
        lines.append(f"  flow {WOMEN_INTERNSHIP['code']} installed on {INTERN_PROGRAM}")
    from .cases_internship import load_demo_internship

    lines += load_demo_internship(actor=actor)
    return lines
