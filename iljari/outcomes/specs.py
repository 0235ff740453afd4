"""The indicators iljari ships (issue 18 §2), as dated versions from 2021-01-01: installed by the data migration
(0002) and by `runs.indicators_install` (a test database flushed by a transactional test, a city starting over).

The minimum standards are the portfolio office's to set; those shipped are examples in the range the national
evaluation of job programs uses, said so in docs/outcomes.md. A change is a new version from a later day
(`runs.indicator_version_add`), never an edit of these.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .indicators import words

SHIPPED_FROM = dt.date(2021, 1, 1)
EMPLOYMENT_TYPES = ["direct", "training", "employment_service"]

# code, name_ko, name_en, unit, definition, applies_to, minimum (None: no standard), higher_is_better
SHIPPED: list[tuple[str, str, str, str, dict[str, Any], list[str], Decimal | None, bool]] = [
    ("participants", "참여자 수", "Participants", "count", {"kind": "participants"}, [], None, True),
    ("vulnerable_share", "취약계층 참여 비율", "Share of vulnerable participants", "percent",
     {"kind": "vulnerable_share", "statuses": ["basic_livelihood", "disabled", "single_parent", "north_korean_defector",
                                               "long_term_unemployed", "marriage_migrant", "veteran"],
      "age_from": 65}, ["direct"], Decimal(50), True),
    ("repeat_participation", "3년 내 반복 참여율", "Repeated participation within 3 years", "percent",
     {"kind": "repeat_participation", "years": 3, "kinds": ["paid"], "job_types": ["direct"]}, ["direct"],
     Decimal(30), False),
    ("employed_within", "참여 후 6개월 내 취업률", "Employed within 6 months after participation", "percent",
     {"kind": "employed_within", "window_months": 6, "private_only": True}, EMPLOYMENT_TYPES, Decimal(30), True),
    ("retained", "취업 후 6개월 고용유지율", "Still employed 6 months after placement", "percent",
     {"kind": "retained", "placement_window_months": 6, "retain_months": 6, "private_only": True}, EMPLOYMENT_TYPES,
     Decimal(50), True),
    ("private_move", "직접일자리 민간취업 연계율", "Move from a direct job to a private-sector job", "percent",
     {"kind": "private_move", "window_months": 12, "return_job_types": ["direct"]}, ["direct"], Decimal(15), True),
    ("cost_per_participant", "참여자 1인당 비용", "Cost per participant", "won",
     {"kind": "cost_per", "money": "expenditure", "per": "participants"}, [], None, False),
    ("cost_per_employed", "취업자 1인당 비용", "Cost per employed participant", "won",
     {"kind": "cost_per", "money": "expenditure", "per": "employed", "window_months": 6, "private_only": True},
     EMPLOYMENT_TYPES, None, False),
    ("execution_rate", "예산 집행률", "Budget execution rate", "percent", {"kind": "execution_rate"}, [], Decimal(90),
     True),
]


def install(indicator_model: Any, version_model: Any) -> list[str]:
    """Create the shipped indicators and their 2021 versions where missing (never changing one that exists);
    returns the codes created. Takes the model classes so that the data migration can call it too."""
    made = []
    for order, (code, ko, en, unit, definition, applies_to, minimum, higher) in enumerate(SHIPPED, start=1):
        ind, created = indicator_model.objects.get_or_create(
            code=code, defaults={"name_ko": ko, "name_en": en, "unit": unit, "order": order * 10})
        if created:
            made.append(code)
        if not version_model.objects.filter(indicator=ind).exists():
            version_model.objects.create(
                indicator=ind, valid_from=SHIPPED_FROM, definition=definition, applies_to=applies_to,
                minimum=minimum, higher_is_better=higher, words_ko=words(definition, "ko"),
                words_en=words(definition, "en"))
    return made
