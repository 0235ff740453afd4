"""Matching seekers and vacancies (알선 추천). PLACEHOLDER interface, replaced by the matching slice:
hard filters, then a score, with reasons in words (docs/employment.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reason:
    """One reason of a match in words, in both languages; `good` False for a shortfall (e.g. a missing licence)."""

    ko: str
    en: str
    good: bool = True


@dataclass
class Match:
    vacancy: Any
    seeker: Any
    score: float  # 0..1
    reasons: list[Reason] = field(default_factory=list)


def vacancies_for_seeker(seeker: Any, *, limit: int = 10, as_of: dt.date | None = None) -> list[Match]:
    """Open vacancies for a seeker, best first, each with its reasons."""
    from .models import Vacancy

    as_of = as_of or dt.date.today()
    occ = list(seeker.desired_occupations.values_list("code", flat=True))
    qs = Vacancy.objects.filter(status=Vacancy.Status.OPEN, deadline__gte=as_of, occupation__code__in=occ)
    return [Match(vacancy=v, seeker=seeker, score=1.0, reasons=[Reason("희망 직종과 같음", "desired occupation")])
            for v in qs.order_by("-posted_on")[:limit]]


def seekers_for_vacancy(vacancy: Any, *, limit: int = 10, as_of: dt.date | None = None) -> list[Match]:
    """Active seekers for a vacancy, best first, each with its reasons."""
    from .models import Seeker

    qs = Seeker.objects.filter(status=Seeker.Status.ACTIVE, desired_occupations=vacancy.occupation)
    return [Match(vacancy=vacancy, seeker=s, score=1.0, reasons=[Reason("희망 직종과 같음", "desired occupation")])
            for s in qs.order_by("-registered_on")[:limit]]
