"""The usage measures of job cafés and the suit service in the ledger (bookings.derive, docs/bookings/ledger.md),
seeded by migration 0050 like employment's funnel measures."""

from __future__ import annotations

from typing import Any

# code, name_ko, name_en, kind, unit, aggregation
USAGE_MEASURES: list[tuple[str, str, str, str, str, str]] = [
    ("cafe_users", "일자리카페 이용 인원", "Job café users", "indicator", "people", "cumulative"),
    ("cafe_operations", "일자리카페 운영 횟수", "Job café uses (times operated)", "indicator", "times", "cumulative"),
    ("study_room_users", "스터디룸 이용 인원", "Study-room users", "indicator", "people", "cumulative"),
    ("suit_users", "취업날개 이용자 수", "Interview-suit users", "indicator", "people", "cumulative"),
]


def seed_measures(measure_model: Any) -> None:
    """Create or refresh the usage measures (idempotent; the data migration and tests)."""
    top = (measure_model.objects.exclude(code__in=[m[0] for m in USAGE_MEASURES]).order_by("-sort_order")
           .values_list("sort_order", flat=True).first() or 0)
    for n, (code, ko, en, kind, unit, agg) in enumerate(USAGE_MEASURES, start=1):
        measure_model.objects.update_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "kind": kind, "unit": unit, "aggregation": agg,
            "builtin": False, "sort_order": top + n})
