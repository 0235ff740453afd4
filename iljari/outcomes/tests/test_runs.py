"""A run of 2021's indicators over the small world (conftest): every figure as an officer would check it by
hand, dated versions, publishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from iljari.audit.models import AuditEntry
from iljari.core.errors import ConflictError, ServiceError
from iljari.outcomes.models import OutcomeFigure, OutcomeRun
from iljari.outcomes.runs import indicator_version_add, outcomes_run, run_publish, versions_in_force

pytestmark = pytest.mark.django_db

D = dt.date


def figures(run: OutcomeRun) -> dict[tuple[str, str], OutcomeFigure]:
    return {(f.program.code, f.indicator_version.indicator.code): f
            for f in OutcomeFigure.objects.filter(run=run).select_related("program", "indicator_version__indicator")}


def test_every_shipped_indicator_for_a_direct_job(world, actor):
    run = outcomes_run(actor=actor, year=2021, as_of=D(2022, 12, 31))
    f = figures(run)
    d = {code: f[("D", code)] for (prog, code) in f if prog == "D"}
    assert d["participants"].numerator == 7 and d["participants"].value == 7  # 이솔's two records: one person
    assert (d["vulnerable_share"].numerator, d["vulnerable_share"].denominator) == (2, 7)  # 정미숙, 한노인 (71)
    assert d["vulnerable_share"].value == Decimal("28.5714") and d["vulnerable_share"].meets_minimum is False
    assert (d["repeat_participation"].numerator, d["repeat_participation"].denominator) == (1, 7)  # 정미숙 (2019)
    assert d["repeat_participation"].meets_minimum is True  # 14.3 % <= 30 %: lower is better
    # ended in 2021 with 6 months passed: all but 최영호 (to 2022-02-28); employed: 김민수, 이솔, 오상훈
    assert (d["employed_within"].numerator, d["employed_within"].denominator) == (3, 6)
    assert d["employed_within"].value == Decimal("50.0000") and d["employed_within"].meets_minimum is True
    # placed: 김민수 (still there), 이솔 (left 2022-06-30 before 2022-10-15), 오상훈 (still there)
    assert (d["retained"].numerator, d["retained"].denominator) == (2, 3)
    # 오상훈 went back to a direct job (X2) before his private job: not a move
    assert (d["private_move"].numerator, d["private_move"].denominator) == (2, 6)
    assert (d["cost_per_participant"].numerator, d["cost_per_participant"].denominator) == (80_000_000, 7)
    assert d["cost_per_participant"].value == Decimal("11428571.4286")
    assert d["cost_per_employed"].value == Decimal("26666666.6667")
    assert (d["execution_rate"].numerator, d["execution_rate"].denominator) == (80_000_000, 100_000_000)
    assert d["execution_rate"].value == Decimal("80.0000") and d["execution_rate"].meets_minimum is False
    assert run.programs == 4 and run.status == "draft" and run.seconds is not None
    assert {"read_benefits", "compute", "write"} <= set(run.timings)
    assert AuditEntry.objects.filter(object_type="outcomes.outcomerun", object_id=str(run.pk)).exists()


def test_types_none_and_zero(world, actor):
    f = figures(outcomes_run(actor=actor, year=2021, as_of=D(2022, 12, 31)))
    # training: employment and retention, never the direct jobs' measures
    assert (f[("T", "employed_within")].numerator, f[("T", "employed_within")].denominator) == (1, 1)
    assert (f[("T", "retained")].numerator, f[("T", "retained")].denominator) == (0, 1)  # left 2021-08-31
    assert ("T", "vulnerable_share") not in f and ("T", "private_move") not in f
    # X has no participant list at all: '-' (None), not 0; its cost per participant neither
    assert f[("X", "participants")].value is None and f[("X", "participants")].numerator is None
    assert f[("X", "vulnerable_share")].value is None
    assert f[("X", "execution_rate")].value is None  # no budget in the ledger
    # X2 has a list: 1 participant, nobody whose window passed... he ended 09-30 and found a job 11-01
    assert f[("X2", "participants")].value == 1


def test_the_window_changes_from_its_date_only_and_the_published_run_stays(world, actor, installed):
    first = outcomes_run(actor=actor, year=2021, as_of=D(2022, 6, 30))
    run_publish(actor=actor, run=first)
    before = {k: (v.numerator, v.denominator, v.value) for k, v in figures(first).items()}
    assert before[("D", "employed_within")] == (3, 6, Decimal("50.0000"))
    employed = installed["employed_within"]
    # a version dated before the published run's day would change what it meant: refused
    with pytest.raises(ServiceError) as err:
        indicator_version_add(actor=actor, indicator=employed, valid_from=D(2022, 1, 1),
                              definition={"kind": "employed_within", "window_months": 3, "private_only": True})
    assert "공개한 산출" in err.value.text("ko")
    v3 = indicator_version_add(actor=actor, indicator=employed, valid_from=D(2022, 7, 1),
                               definition={"kind": "employed_within", "window_months": 3, "private_only": True},
                               reason="3개월 기준으로 변경")
    assert "3개월" in v3.words_ko and v3.applies_to == ["direct", "training", "employment_service"]
    assert v3.minimum == Decimal(30)
    assert [v.pk for v in versions_in_force(D(2022, 6, 30)) if v.indicator.code == "employed_within"] != [v3.pk]
    later = figures(outcomes_run(actor=actor, year=2021, as_of=D(2022, 12, 31)))
    # 3 months: 이솔 (2022-04-15 after 2021-10-31) and 오상훈 (2021-11-01 after 05-31) no longer count
    assert (later[("D", "employed_within")].numerator, later[("D", "employed_within")].denominator) == (1, 6)
    assert later[("D", "employed_within")].indicator_version_id == v3.pk
    # a run before the new version's day still uses 6 months
    again = figures(outcomes_run(actor=actor, year=2021, as_of=D(2022, 6, 30)))
    assert (again[("D", "employed_within")].numerator, again[("D", "employed_within")].denominator) == (3, 6)
    # the published run is as published
    assert {k: (v.numerator, v.denominator, v.value) for k, v in figures(first).items()} == before
    with pytest.raises(ConflictError):
        run_publish(actor=actor, run=first)


def test_as_of_cuts_what_is_known(world, actor):
    """As of 2021-12-31 only 김민수's (06-30 -> 12-30) and 오상훈's (05-31 -> 11-30) 6 months have passed: both
    found a job; nobody's 12 months have."""
    f = figures(outcomes_run(actor=actor, year=2021, as_of=D(2021, 12, 31)))
    assert (f[("D", "employed_within")].numerator, f[("D", "employed_within")].denominator) == (2, 2)
    assert f[("D", "private_move")].denominator == 0 and f[("D", "private_move")].value is None


def test_a_bad_definition_and_day_are_refused(world, actor, installed):
    with pytest.raises(ServiceError) as err:
        indicator_version_add(actor=actor, indicator=installed["retained"], valid_from=D(2023, 1, 1),
                              definition={"kind": "retained", "retain_months": 0, "colour": "red"})
    text = err.value.text("en")
    assert "retention (months)" in text and "colour" in text
    with pytest.raises(ServiceError):
        indicator_version_add(actor=actor, indicator=installed["retained"], valid_from=D(2020, 1, 1),
                              definition={"kind": "retained"})
    with pytest.raises(ServiceError):
        outcomes_run(actor=actor, year=2021, as_of=D(2020, 12, 31))
