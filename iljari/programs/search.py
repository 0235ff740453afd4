"""Program search: the content words of a Korean query, each matched in the code, names or description."""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Q, QuerySet


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi()


def search_terms(text: str) -> list[str]:
    """The words of a Korean query: content morphemes (nouns, roots, foreign words, numbers) by kiwipiepy, so
    '청년들의 일자리를' searches for 청년 and 일자리; other scripts are kept as they are."""
    text = text.strip()[:200]
    if not text:
        return []
    terms: list[str] = []
    try:
        tokens = _kiwi().tokenize(text)
    except Exception:  # pragma: no cover - the analyser failing must not break the list
        tokens = []
    for t in tokens:
        if t.tag.startswith(("NN", "XR", "SL", "SN", "SH", "VV", "VA")) and len(t.form) >= 1:
            form = t.form
            if t.tag.startswith(("VV", "VA")) and len(form) < 2:
                continue
            if form not in terms:
                terms.append(form)
    return terms or text.split()


def search_programs(qs: QuerySet, text: str) -> QuerySet:
    for term in search_terms(text):
        qs = qs.filter(Q(name_ko__icontains=term) | Q(name_en__icontains=term) | Q(code__icontains=term)
                       | Q(description__icontains=term))
    return qs
