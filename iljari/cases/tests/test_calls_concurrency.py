"""Two people acting on one call application at the same instant (PostgreSQL: real connections): two reviewers
scoring at once both keep their scores; two officers signing the agreement at once: one wins, the other is told."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from conftest import on_postgres
from iljari.cases import calls
from iljari.cases.models import Agreement, Case, Review
from iljari.core.errors import ConflictError

from .calls_world import apply, score, setup_call, to_review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="needs two real connections (PostgreSQL)"),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def race(monkeypatch, name: str, write):  # type: ignore[no-untyped-def]
    """Run `write(i)` in two threads that meet just before taking the case's lock in `calls.<name>`."""
    barrier = threading.Barrier(2, timeout=10)
    real = getattr(calls, name)

    def meet(*args, **kwargs):  # type: ignore[no-untyped-def]
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, name, meet)
    results: list = [None, None]

    def run(i: int) -> None:
        try:
            results[i] = write(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_reviewers_at_once_both_scores_kept(case_world, make_user, monkeypatch) -> None:
    v = setup_call(case_world, make_user)
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "가", "123456789")[0],
                     case_world["users"]["gwanak"])
    r1, r2, _ = v["reviewers"]
    marks = [(7, 7, 7, 7), (9, 9, 9, 9)]
    results = race(monkeypatch, "_lock_for_review", lambda i: score((r1, r2)[i], case, *marks[i]))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Review.objects.filter(case=case).values_list("total", flat=True)) == [Decimal("70.00"),
                                                                                       Decimal("90.00")]


def test_two_officers_sign_at_once_one_wins(case_world, make_user, monkeypatch) -> None:
    from iljari.cases.flows import case_move

    v = setup_call(case_world, make_user)
    users = case_world["users"]
    case = to_review(apply(v["call"], case_world["units"]["GWANAK"], "가", "123456789")[0], users["gwanak"])
    for r in v["reviewers"]:
        score(r, case, 8, 8, 8, 8)
    case = case_move(actor=users["city"], case=Case.objects.get(pk=case.pk), transition="recommend",
                     version=Case.objects.get(pk=case.pk).version)
    case = calls.decision_record(actor=users["city"], case=case, designated=True, reason="지정", version=case.version)
    seen = case.version

    def sign(i: int):  # type: ignore[no-untyped-def]
        return calls.agreement_sign(actor=users["gwanak"], case=case, signed_on=dt.date(2021, 4, 1),
                                    starts_on=dt.date(2021, 4, 1), ends_on=dt.date(2021, 12, 31), version=seen)

    results = race(monkeypatch, "_lock_at_payment", sign)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    assert Agreement.objects.count() == 1
