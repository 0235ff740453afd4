"""Two writers saving the same value at the same instant: one wins, the other is told; nothing is lost."""

import datetime as dt
import threading

import pytest
from django.db import connection

from conftest import on_postgres
from iljari.core.errors import ConflictError
from iljari.ledger import services
from iljari.ledger.models import Fact

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="needs two real connections (PostgreSQL)"),
]


def race(monkeypatch, write):
    """Run `write(i)` in two threads that both read the latest version before either writes."""
    barrier = threading.Barrier(2, timeout=10)
    real = services._latest_versions

    def slow_latest(keys):
        out = real(keys)
        barrier.wait()
        return out

    monkeypatch.setattr(services, "_latest_versions", slow_latest)
    results: list = [None, None]

    def run(i):
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
        t.join(20)
    return results


@pytest.mark.parametrize("existing", [False, True])
def test_simultaneous_writes_never_lose_one_silently(monkeypatch, make_program, record, existing):
    a = make_program("A")
    if existing:
        record(a, "job_result", "2021-05", 100, "2021-05-31")
    results = race(monkeypatch, lambda i: record(a, "job_result", "2021-05", 200 + i, "2021-06-15"))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), results
    assert str(errors[0].problems[0].code) == "conflict"
    versions = list(Fact.objects.filter(program=a).order_by("id"))
    assert len(versions) == (2 if existing else 1)
    winner = next(r for r in results if not isinstance(r, Exception)).facts[0]
    assert versions[-1].value == winner.value
    if existing:
        assert versions[-1].replaces_id == versions[0].id
    # the loser can simply try again and its value lands on top of the winner's
    loser_value = 201 if winner.value == 200 else 200
    monkeypatch.undo()
    record(a, "job_result", "2021-05", loser_value, dt.date(2021, 6, 16).isoformat())
    assert Fact.objects.filter(program=a).order_by("-id").first().value == loser_value
