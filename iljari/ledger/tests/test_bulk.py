import datetime as dt

import pandas as pd
import pytest
from django.db import connection, transaction

from iljari.ledger.aggregates import rebuild_monthly
from iljari.ledger.bulk import COPY_COLUMNS, BulkLoadError, copy_facts
from iljari.ledger.models import Fact
from iljari.ledger.rollup import rollup
from iljari.ledger.synthetic import SyntheticSpec, generate

pytestmark = pytest.mark.django_db


def _fingerprint() -> list[tuple]:
    return sorted(Fact.objects.values_list("program__code", "org_unit__code", "measure__code", "period", "as_of",
                                           "value"))


def test_synthetic_data_is_deterministic_and_rolls_up(codes):
    spec = SyntheticSpec(programs=40, orgs=30, years=2, first_year=2020, seed=7)
    with transaction.atomic():
        generate(spec)
        first = _fingerprint()
        transaction.set_rollback(True)
    t = generate(spec)
    assert _fingerprint() == first  # same seed, same data
    assert t["programs"] == 40 and t["orgs"] == 30 and t["facts"] == Fact.objects.count() > 0
    assert Fact.objects.filter(replaces__isnull=False).exists()  # corrections are part of the data
    rebuild_monthly()
    r = rollup(year=2021, as_of=dt.date(2021, 12, 31), by=["job_type"])
    latest: dict[tuple, Fact] = {}
    for f in Fact.objects.filter(year=2021, measure__code="job_target").order_by("id"):
        latest[(f.program_id, f.org_unit_id, f.funding_source_id)] = f
    assert r.total.current.target == sum(f.value for f in latest.values())
    assert r.total.current.program_count == 40


def test_bulk_load_refuses_dangling_references(codes, make_program):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger-skipping COPY path is PostgreSQL's")
    p = make_program("BULK")
    measure = codes["measure:job_target"]
    source = codes["funding_source:total"]
    row = {"id": 10_000_001, "program_id": p.pk, "org_unit_id": p.owner_org_id, "measure_id": measure.pk,
           "funding_source_id": source.pk, "period": "2021", "period_kind": "Y", "year": 2021,
           "period_end": dt.date(2021, 12, 31), "ref_date": dt.date(2021, 12, 31), "as_of": dt.date(2021, 1, 1),
           "value": 5, "replaces_id": None, "recorded_at": "2021-01-01T00:00:00+00:00", "recorded_by_id": None,
           "reason": "", "source": "test", "batch_id": "b", "illustrative": False, "note": ""}
    bad = dict(row, id=10_000_002, program_id=987654321, period="2021-01", period_kind="M")
    with pytest.raises(BulkLoadError):
        copy_facts(pd.DataFrame([row, bad])[COPY_COLUMNS], batch_id="b")
    assert not Fact.objects.filter(batch_id="b").exists()
    copy_facts(pd.DataFrame([row])[COPY_COLUMNS], batch_id="b")
    assert Fact.objects.get(batch_id="b").value == 5


def test_index_rebuild_load_revalidates_uniqueness(codes, make_program):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's index-rebuilding load")
    p = make_program("IDX")
    base = {"program_id": p.pk, "org_unit_id": p.owner_org_id, "measure_id": codes["measure:job_target"].pk,
            "funding_source_id": codes["funding_source:total"].pk, "period": "2021", "period_kind": "Y",
            "year": 2021, "period_end": dt.date(2021, 12, 31), "ref_date": dt.date(2021, 12, 31),
            "as_of": dt.date(2021, 1, 1), "value": 5, "replaces_id": None,
            "recorded_at": "2021-01-01T00:00:00+00:00", "recorded_by_id": None, "reason": "", "source": "test",
            "batch_id": "i", "illustrative": False, "note": ""}
    twice = pd.DataFrame([dict(base, id=20_000_001), dict(base, id=20_000_002, value=6)])[COPY_COLUMNS]
    with pytest.raises(Exception, match="fact_one_first_version"):
        copy_facts(twice, batch_id="i", rebuild_indexes=True)
    assert not Fact.objects.filter(batch_id="i").exists()
    copy_facts(twice.iloc[:1], batch_id="i", rebuild_indexes=True)
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'ledger_fact'")
        names = {r[0] for r in cur.fetchall()}
    assert {"fact_program_idx", "fact_year_idx", "fact_one_first_version", "fact_replaced_once"} <= names
