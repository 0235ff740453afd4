"""Indicator totals (확인지표: counselling cases, people placed, the job centres' funnel, ...) for a year as of a
date, by the roll-up's own rule: per key (program, org unit, measure, funding source) the version with the greatest
(ref_date, as_of, id) among the year's versions with as_of <= the date, summed over the keys in scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iljari.orgs.models import OrgUnit
from iljari.programs.models import Measure

from .models import Fact


def indicator_totals(year: int, as_of: dt.date, scope: OrgUnit | None = None,
                     program_ids: list[int] | None = None) -> list[tuple[Measure, int]]:
    """[(measure, total)] of every indicator measure with a value, in the measures' order."""
    measures = {m.pk: m for m in Measure.objects.filter(kind=Measure.Kind.INDICATOR)}
    qs: Any = Fact.objects.filter(year=year, as_of__lte=as_of, measure_id__in=measures)
    if scope is not None:
        qs = qs.filter(org_unit__path__startswith=scope.path)
    if program_ids is not None:
        qs = qs.filter(program_id__in=program_ids)
    best: dict[tuple, tuple] = {}
    for p, o, m, s, ref, a, pk, value in qs.values_list("program_id", "org_unit_id", "measure_id",
                                                          "funding_source_id", "ref_date", "as_of", "id", "value"):
        k = (p, o, m, s)
        if k not in best or (ref, a, pk) > best[k][:3]:
            best[k] = (ref, a, pk, value)
    totals: dict[int, int] = {}
    for (_p, _o, m, _s), (_r, _a, _pk, value) in best.items():
        totals[m] = totals.get(m, 0) + value
    return [(measures[m], v) for m, v in sorted(totals.items(), key=lambda t: (measures[t[0]].sort_order,
                                                                               measures[t[0]].code))]
