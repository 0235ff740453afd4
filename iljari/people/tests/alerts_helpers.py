"""Builders for the double-receipt check's tests: persons, benefit records and links created directly (the
benefit history and the linkage are other slices' work)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iljari.people.models import BenefitRecord, ListImport, Person, PersonLink

D = dt.date


def person(name: str, *, district: Any = None, source: str = "list", cluster: int | None = None,
           phone: str = "010-1234-5678", birth: dt.date | None = dt.date(1970, 5, 1)) -> Person:
    p = Person.objects.create(name=name, birth_date=birth, phone=phone, address="서울 관악구 봉천로 1",
                              district=district, source=source)
    if cluster is not None:
        Person.objects.filter(pk=p.pk).update(cluster_id=cluster)
        p.cluster_id = cluster
    return p


def benefit(who: Person, program: Any, unit: Any, kind: str, start: dt.date, end: dt.date, *,
            amount: int | None = None, months: int | None = None, batch: ListImport | None = None,
            ref: str = "") -> BenefitRecord:
    ms = months if months is not None else (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    return BenefitRecord.objects.create(person=who, program=program, org_unit=unit, kind=kind, start=start, end=end,
                                        months=ms, amount=amount, source="list" if batch else "officer",
                                        source_ref=ref, batch=batch)


def link(a: Person, b: Person, *, band: str = "review", probability: float = 0.9) -> PersonLink:
    left, right = (a, b) if a.pk < b.pk else (b, a)
    return PersonLink.objects.create(
        left=left, right=right, probability=probability, band=band, match_weight=6.5,
        contributions=[{"field": "name", "level": "자모 1개 차이", "weight": 3.2},
                       {"field": "birth_date", "level": "일치", "weight": 5.1},
                       {"field": "phone", "level": "다름", "weight": -1.4}])


def subsidy_list(unit: Any, program: Any) -> ListImport:
    return ListImport.objects.create(org_unit=unit, program=program, filename="고용유지지원금_202103.xlsx",
                                     sha256="0" * 64, rows=1, persons_created=1)
