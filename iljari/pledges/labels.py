"""English words for the pledge card's Korean-only choices (the models keep their Korean labels: the card is the
city's form). Pages show one language: `in_language(choices, table)` for the boxes of the card's head, and
`{{ value|pledge_word }}` for the rest."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

ENGLISH = {
    # Nature, completion, executing body, status, central help (models.Pledge)
    "new": "New", "continuing": "Continuing", "within_term": "Within the term", "after_term": "After the term",
    "national": "National government", "city": "Seoul city", "district": "District",
    "completed": "Completed", "continuing_after_completion": "Continuing after completion", "on_track": "On track",
    "partial": "Partly carried out", "institution": "Legislation", "finance": "Funding", "authority": "Authority",
    # Korean words the card computes (selectors: funding sources and the total row; event kinds)
    "총계": "Total", "국비": "National", "시비": "City", "구비": "District", "기타": "Other",
    "추진실적": "Milestone", "공청회·설명회": "Hearing or briefing", "설문조사": "Survey", "전문가 자문": "Expert advice",
    "언론보도": "Press",
    # the statuses by their Korean labels (the pledge list)
    "완료": "Completed", "이행 후 지속추진": "Continuing after completion", "정상추진": "On track", "일부추진": "Partly carried out",
}


def english() -> bool:
    return (get_language() or "ko").startswith("en")


def word(value: Any, korean: Any = None) -> str:
    """`value` (a choice's code or a Korean word) in the page's language; `korean` is its Korean label."""
    if english():
        return ENGLISH.get(str(value), str(korean if korean is not None else value))
    return str(korean if korean is not None else value)


def in_language(choices: Any) -> list[tuple[str, str]]:
    return [(v, word(v, label)) for v, label in choices]
