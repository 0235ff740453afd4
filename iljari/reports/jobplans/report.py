"""The job plan as a publishable report (registered with iljari.core.reportbuilders when the app starts): its
blockers are the plan's missing mandatory items, so publishing refuses until there are none."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iljari.core.errors import NotFoundError
from iljari.core.korean import josa
from iljari.core.numbers import Rounding
from iljari.core.reportbuilders import BuiltReport, builder

from .models import JobPlan
from .selectors import plan_report, plan_view


def plan_by_subject(subject: str) -> JobPlan | None:
    """SEOUL-annual-2021 -> the plan (unit codes may hold '-': the kind and year are the last two parts)."""
    code, _, rest = subject.rpartition("-")
    org, _, kind = code.rpartition("-")
    if not org or not rest.isdigit():
        return None
    return JobPlan.objects.select_related("org").filter(org__code=org, kind=kind, first_year=int(rest)).first()


@builder("job_plan")
def job_plan_report(subject: str, as_of: dt.date, params: dict[str, Any]) -> BuiltReport:
    plan = plan_by_subject(subject)
    if plan is None:
        raise NotFoundError(f"공시 계획 {josa(subject, '이')} 없습니다", f"no job plan {subject}")
    view = plan_view(plan, as_of)
    report = plan_report(view, Rounding.parse(plan.org.effective_rounding()))
    return BuiltReport(title=report.title, body_template="reports/_report.html", context={"report": report},
                       figures=report.figures(), params={"year": plan.first_year}, owner=plan.org,
                       blockers=view.blockers)
