"""Services of the graded evaluation (issue 18 §4): the scheme in force, grade a run's programs, change a
proposed budget cut; reads for the pages and the export. The logic without models is outcomes.grades."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record, check_version, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.programs.models import Program

from . import grades as g
from .models import Grade, GradingScheme, Indicator, OutcomeFigure, OutcomeRun


def scheme_in_force(on: dt.date) -> GradingScheme | None:
    return GradingScheme.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def scheme_install() -> GradingScheme:
    """The shipped 2021 scheme where missing (the data migration made it; a flushed test database has not)."""
    scheme, _ = GradingScheme.objects.get_or_create(valid_from=dt.date(2021, 1, 1),
                                                    defaults={"data": g.SCHEME_2021, "note": "shipped"})
    return scheme


def _previous_grades(run: OutcomeRun) -> dict[int, str]:
    """The grades of the year before, from its latest published run."""
    prev = (OutcomeRun.objects.filter(year=run.year - 1, status=OutcomeRun.Status.PUBLISHED)
            .order_by("-as_of", "-published_at").first())
    if prev is None:
        return {}
    return dict(Grade.objects.filter(run=prev).values_list("program_id", "grade"))


@transaction.atomic
def grades_compute(*, actor: Any, run: OutcomeRun, reason: str = "") -> int:
    """Grade every program of a draft run with the scheme in force on its as-of day (replacing the run's earlier
    grades); the suggested cut for 감액 from the scheme. Returns the programs graded. A published run's grades
    are frozen with it."""
    run = OutcomeRun.objects.select_for_update().get(pk=run.pk)
    if run.status == OutcomeRun.Status.PUBLISHED:
        raise ServiceError([Problem(ErrorCode.PERIOD_LOCKED, "공개한 산출의 등급은 바꿀 수 없습니다",
                                    "a published run's grades are frozen")])
    scheme = scheme_in_force(run.as_of)
    if scheme is None:
        raise ServiceError([Problem(ErrorCode.NOT_FOUND, "그날 적용되는 평가 등급 체계가 없습니다",
                                    "no grading scheme is in force on the run's day")])
    data = scheme.data
    figures: dict[int, dict[str, g.Input]] = {}
    for f in OutcomeFigure.objects.filter(run=run).select_related("indicator_version__indicator"):
        v = f.indicator_version
        figures.setdefault(f.program_id, {})[v.indicator.code] = g.Input(
            code=v.indicator.code, name_ko=v.indicator.name_ko, name_en=v.indicator.name_en or v.indicator.name_ko,
            unit=v.indicator.unit, value=f.value, minimum=v.minimum, higher_is_better=v.higher_is_better)
    names = {i.code: (i.name_ko, i.name_en or i.name_ko) for i in Indicator.objects.order_by("order", "code")}
    previous = _previous_grades(run)
    programs = Program.objects.filter(pk__in=list(figures)).select_related("job_type", "subtype")
    # a cut the office set by hand (it carries a reason) is next year's budget proposal: grading again keeps it
    kept = {x.program_id: (x.proposed_cut_percent, x.cut_reason)
            for x in Grade.objects.filter(run=run).exclude(cut_reason="")}
    Grade.objects.filter(run=run).delete()
    rows = []
    for p in programs:
        types = [p.subtype.code if p.subtype is not None else "", p.job_type.code if p.job_type is not None else ""]
        r = g.evaluate(data, types, figures[p.pk], names)
        sunset = g.sunset_of(data, r.grade, r.score, previous.get(p.pk))
        rows.append(Grade(run=run, program=p, scheme=scheme, score=r.score, grade=r.grade,
                          reasons={"ko": r.reasons_ko, "en": r.reasons_en}, points=r.points,
                          sunset=bool(sunset), sunset_reason=sunset,
                          proposed_cut_percent=Decimal(str(data.get("cut_percent", 0))) if r.grade == g.CUT
                          else None))
        if p.pk in kept:
            rows[-1].proposed_cut_percent, rows[-1].cut_reason = kept[p.pk]
    Grade.objects.bulk_create(rows, batch_size=2000)
    counts = {k: sum(1 for x in rows if x.grade == k) for k in g.GRADE_WORDS}
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=run, before=None, after={
        "grades": len(rows), **counts, "sunset": sum(1 for x in rows if x.sunset),
        "scheme": str(scheme.valid_from)}, reason=reason or "등급 산정 / grades computed")
    return len(rows)


@transaction.atomic
def grade_cut_set(*, actor: Any, grade: Grade, percent: Decimal | str | None, reason: str,
                  version: int | None = None) -> Grade:
    """The portfolio office's proposed budget cut for the program (0-100 %, empty: none), with a reason;
    audited and version-checked. The score and grade stay as computed."""
    grade = Grade.objects.select_for_update().get(pk=grade.pk)
    check_version(grade, version, what_ko="이 등급을", what_en="the grade")
    problems = []
    value: Decimal | None = None
    if percent not in (None, ""):
        try:
            value = Decimal(str(percent).strip().rstrip("%"))
        except InvalidOperation:
            problems.append(Problem(ErrorCode.NOT_A_NUMBER, "감액률이 숫자가 아닙니다", "the cut is not a number",
                                    field="proposed_cut_percent"))
        else:
            if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
                problems.append(Problem(ErrorCode.OUT_OF_RANGE, "감액률은 0에서 100 사이여야 합니다",
                                        "the cut must be between 0 and 100 percent", field="proposed_cut_percent"))
            else:
                value = value.quantize(Decimal("0.1"))
    if not (reason or "").strip():
        problems.append(Problem(ErrorCode.REQUIRED, "바꾸는 사유를 적으십시오", "give the reason for the change",
                                field="reason"))
    if problems:
        raise ServiceError(problems)
    before = snapshot(grade, fields=["proposed_cut_percent", "cut_reason", "version"])
    grade.proposed_cut_percent = value
    grade.cut_reason = reason.strip()[:1000]
    grade.version += 1
    grade.save(update_fields=["proposed_cut_percent", "cut_reason", "version"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=grade, before=before,
                 after=snapshot(grade, fields=["proposed_cut_percent", "cut_reason", "version"]),
                 reason=reason.strip())
    return grade


def run_grades(user: Any, run: OutcomeRun) -> QuerySet[Grade]:
    """The run's grades of the programs the user may see, lowest score first."""
    seen = Program.objects.restrict(user, "view").values("pk")
    return (Grade.objects.restrict(user, "view").filter(run=run, program__in=seen)
            .select_related("program__owner_org", "program__job_type", "program__subtype")
            .order_by(F("score").asc(nulls_last=True), "program__code"))
