"""Services of the outcome indicators (issue 18 §2): install the shipped indicators, add a dated version, compute
a year's run, publish (freeze) it; and the reads the pages, the API and the command share.

A run computes every indicator version in force on its as-of day (the latest `valid_from` on or before it) for
the programs each applies to, in one set-based pass (outcomes.indicators.compute over outcomes.inputs), and
stores one OutcomeFigure per (program, version). A published run is never computed again nor changed: a later
run computes anew, with the versions in force on its own day.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record, check_version, snapshot
from iljari.core.errors import ConflictError, ErrorCode, NotFoundError, Problem, ServiceError

from . import indicators as ind
from .inputs import read_inputs
from .models import Indicator, IndicatorVersion, OutcomeFigure, OutcomeRun
from .specs import install


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- indicators ------------------------------------------------------------------------------------------------


@transaction.atomic
def indicators_install(*, actor: Any) -> list[str]:
    """The shipped indicators (outcomes.specs) where missing; an audit row for each one made."""
    made = install(Indicator, IndicatorVersion)
    for ver in IndicatorVersion.objects.filter(indicator__code__in=made).select_related("indicator"):
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=ver, before=None, after=snapshot(ver),
                     reason="기본 성과 지표 설치 / shipped indicators installed")
    return made


def versions_in_force(on: dt.date) -> list[IndicatorVersion]:
    """For each indicator the version in force on the day (the latest `valid_from` on or before it), in the
    indicators' order; an indicator whose first version starts later is left out."""
    out = []
    for indicator in Indicator.objects.prefetch_related("versions"):
        found = [v for v in indicator.versions.all() if v.valid_from <= on]
        if found:
            v = max(found, key=lambda x: x.valid_from)
            v.indicator = indicator
            out.append(v)
    return out


@transaction.atomic
def indicator_version_add(*, actor: Any, indicator: Indicator, valid_from: dt.date, definition: dict[str, Any],
                          applies_to: list[str] | None = None, minimum: Decimal | str | None = "same",
                          higher_is_better: bool | None = None, words_ko: str = "", words_en: str = "",
                          reason: str = "") -> IndicatorVersion:
    """A new definition of an indicator from `valid_from` (a later day than its versions and than every published
    run that used it: what was published stays what it meant). What is not given is kept from the version before
    (types, standard, direction); the words are made from the definition unless given."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    problems = ind.validate(definition, applies_to)
    last = indicator.versions.order_by("-valid_from").first()
    if not problems and last is not None and definition.get("kind") != last.definition.get("kind"):
        problems.append(Problem(ErrorCode.INVALID, "지표 종류는 바꿀 수 없습니다. 새 지표를 만드십시오",
                                "an indicator's kind cannot change; make a new indicator", field="definition"))
    if last is not None and valid_from <= last.valid_from:
        problems.append(Problem(ErrorCode.INVALID_DATE,
                                f"적용일은 마지막 정의의 적용일({last.valid_from:%Y-%m-%d})보다 뒤여야 합니다",
                                f"the version must start after the last one ({last.valid_from:%Y-%m-%d})",
                                field="valid_from"))
    published = (OutcomeRun.objects.filter(status=OutcomeRun.Status.PUBLISHED, as_of__gte=valid_from,
                                           figures__indicator_version__indicator=indicator)
                 .order_by("-as_of").first())
    if published is not None:
        problems.append(Problem(ErrorCode.PERIOD_LOCKED,
                                f"{published.as_of:%Y-%m-%d} 기준으로 공개한 산출이 이 지표를 썼습니다. 적용일은 그 뒤여야 합니다",
                                f"a run published as of {published.as_of:%Y-%m-%d} used this indicator: the new "
                                "version must start after it", field="valid_from"))
    if minimum not in (None, "same"):
        try:
            minimum = Decimal(str(minimum))
        except ArithmeticError:
            problems.append(Problem(ErrorCode.NOT_A_NUMBER, "기준값이 숫자가 아닙니다", "the standard is not a number",
                                    field="minimum"))
    if problems:
        raise ServiceError(problems)
    version = IndicatorVersion.objects.create(
        indicator=indicator, valid_from=valid_from, definition=definition,
        applies_to=list(applies_to) if applies_to is not None else list(last.applies_to if last else []),
        minimum=(last.minimum if last else None) if minimum == "same" else minimum,
        higher_is_better=higher_is_better if higher_is_better is not None else (last.higher_is_better if last else True),
        words_ko=words_ko.strip() or ind.words(definition, "ko"), words_en=words_en.strip() or ind.words(definition, "en"),
        created_by=_actor(actor))
    indicator.version += 1
    indicator.save(update_fields=["version"])
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=version, before=None, after=snapshot(version),
                 reason=reason)
    return version


# --- runs ------------------------------------------------------------------------------------------------------


def default_as_of(year: int, today: dt.date | None = None) -> dt.date:
    """A year's outcomes are read a year after it ends (every window has passed), or today while that is ahead."""
    today = today or timezone.localdate()
    return min(dt.date(year + 1, 12, 31), today)


def _specs(versions: list[IndicatorVersion]) -> list[ind.VersionSpec]:
    return [ind.VersionSpec(id=v.pk, code=v.indicator.code, definition=v.definition,
                            applies_to=tuple(v.applies_to or ())) for v in versions]


def _meets(values: list[Decimal | None], minimum: Decimal | None, higher: bool) -> list[bool | None]:
    if minimum is None:
        return [None] * len(values)
    return [None if v is None else (v >= minimum if higher else v <= minimum) for v in values]


def outcomes_run(*, actor: Any, year: int, as_of: dt.date | None = None, illustrative: bool = False,
                 reason: str = "") -> OutcomeRun:
    """Compute every indicator in force on `as_of` for every program of `year` and keep the figures as a new
    (draft) run; audited. `run.timings` says where the seconds went."""
    as_of = as_of or default_as_of(year)
    problems = []
    if not 2000 <= year <= 2100:
        problems.append(Problem(ErrorCode.INVALID_YEAR, f"연도가 아닙니다: {year}", f"not a year: {year}", field="year"))
    elif as_of < dt.date(year, 1, 1):
        problems.append(Problem(ErrorCode.INVALID_DATE, "기준일은 그해 1월 1일 이후여야 합니다",
                                "the as-of day must be on or after the year's first day", field="as_of"))
    versions = versions_in_force(as_of) if not problems else []
    if not problems and not versions:
        problems.append(Problem(ErrorCode.NOT_FOUND, "그날 적용되는 성과 지표가 없습니다",
                                "no indicator is in force on that day", field="as_of"))
    if problems:
        raise ServiceError(problems)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        inputs = read_inputs(year, as_of, timings=timings)
        t = time.perf_counter()
        figures = ind.compute(inputs, _specs(versions))
        timings["compute"] = time.perf_counter() - t
        t = time.perf_counter()
        run = OutcomeRun.objects.create(year=year, as_of=as_of, programs=len(ind.run_programs(inputs)),
                                        created_by=_actor(actor), illustrative=illustrative)
        by_id = {v.pk: v for v in versions}
        _store(run, figures, by_id)
        timings["write"] = time.perf_counter() - t
        run.seconds = round(time.perf_counter() - started, 3)
        run.timings = {k: round(v, 3) for k, v in timings.items()}
        run.save(update_fields=["seconds", "timings"])
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=run, before=None, after={
            **snapshot(run, fields=["year", "as_of", "status", "programs"]), "figures": len(figures),
            "indicator_versions": sorted(by_id)}, reason=reason)
    return run


def _store(run: OutcomeRun, figures: pd.DataFrame, versions: dict[int, IndicatorVersion]) -> int:
    """The figures of a new run: COPY on PostgreSQL, bulk inserts elsewhere."""
    meets: list[bool | None] = [None] * len(figures)
    if len(figures):
        for vid, idx in figures.groupby("version").indices.items():
            v = versions[int(vid)]
            vals = figures["value"].to_numpy()[idx].tolist()
            for i, m in zip(idx.tolist(), _meets(vals, v.minimum, v.higher_is_better), strict=True):
                meets[i] = m
    cols = ["run_id", "program_id", "indicator_version_id", "numerator", "denominator", "value", "meets_minimum"]
    rows = zip([run.pk] * len(figures), figures["program"].tolist(), figures["version"].tolist(),
               figures["numerator"].tolist(), figures["denominator"].tolist(), figures["value"].tolist(), meets,
               strict=True)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cur, cur.copy(
                f"COPY {OutcomeFigure._meta.db_table} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
    else:
        OutcomeFigure.objects.bulk_create([OutcomeFigure(**dict(zip(cols, r, strict=True))) for r in rows],
                                          batch_size=2000)
    return len(figures)


@transaction.atomic
def run_publish(*, actor: Any, run: OutcomeRun, version: int | None = None, reason: str = "") -> OutcomeRun:
    """확정·공개: the run's figures are frozen and every role may read them (the council)."""
    run = OutcomeRun.objects.select_for_update().get(pk=run.pk)
    check_version(run, version, what_ko="이 산출을", what_en="the run")
    if run.status == OutcomeRun.Status.PUBLISHED:
        raise ConflictError(Problem(ErrorCode.CONFLICT, "이미 공개한 산출입니다", "the run is already published"))
    before = snapshot(run, fields=["status", "published_at", "version"])
    run.status = OutcomeRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.version += 1
    run.save(update_fields=["status", "published_at", "version"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=run, before=before,
                 after=snapshot(run, fields=["status", "published_at", "version"]), reason=reason)
    return run


# --- reads -----------------------------------------------------------------------------------------------------


def visible_runs(user: Any) -> QuerySet[OutcomeRun]:
    """Published runs for every role that may read outcomes; drafts too for who may compute and publish them."""
    from iljari.access import policy

    runs = OutcomeRun.objects.restrict(user, "view")
    if not policy.allows(user, "view_outcomes"):
        return runs.none()
    if not policy.allows(user, "run_outcomes"):
        runs = runs.filter(status=OutcomeRun.Status.PUBLISHED)
    return runs


def run_or_404(user: Any, run_id: int) -> OutcomeRun:
    run = visible_runs(user).filter(pk=run_id).first()
    if run is None:
        raise NotFoundError("산출을 찾을 수 없습니다", "no such run")
    return run


def run_versions(run: OutcomeRun) -> list[IndicatorVersion]:
    """The indicator versions a run used, in the indicators' order."""
    ids = OutcomeFigure.objects.filter(run=run).values("indicator_version_id").distinct()
    return list(IndicatorVersion.objects.filter(pk__in=ids).select_related("indicator")
                .order_by("indicator__order", "indicator__code"))


def run_summary(run: OutcomeRun, programs: QuerySet[Any] | None = None) -> list[dict[str, Any]]:
    """Per indicator of a run: programs computed, with a value, meeting and missing the standard, and the median;
    of `programs` only (the ones a user may see) when given."""
    out = []
    for v in run_versions(run):
        qs = OutcomeFigure.objects.filter(run=run, indicator_version=v)
        if programs is not None:
            qs = qs.filter(program__in=programs.values("pk"))
        rows = list(qs.values_list("value", "meets_minimum"))
        values = [r[0] for r in rows if r[0] is not None]
        out.append({"version": v, "indicator": v.indicator, "programs": len(rows), "with_value": len(values),
                    "meets": sum(1 for r in rows if r[1] is True), "below": sum(1 for r in rows if r[1] is False),
                    "median": Decimal(str(np.median([float(x) for x in values]))) if values else None})
    return out
