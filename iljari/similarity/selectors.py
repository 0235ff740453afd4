"""The registry's similarity index, kept per process until the registry changes (the cube's registry token)."""

from __future__ import annotations

import threading
from typing import Any

from iljari.programs.models import Program

from .engine import Index, Pair, find_pairs, like
from .records import records_from_registry

_LOCK = threading.Lock()
_CACHE: dict[tuple, Index] = {}


def registry_index() -> Index:
    from iljari.ledger.cube import registry_key

    key = registry_key()
    with _LOCK:
        index = _CACHE.get(key)
    if index is None:
        index = Index(records_from_registry(Program.objects.all()))
        with _LOCK:
            _CACHE.clear()  # one registry version per process
            _CACHE[key] = index
    return index


def like_program(program: Program, user: Any, top: int = 8) -> list[Pair]:
    """Programs like this one that the user may see, most alike first."""
    index = registry_index()
    position = index.position.get(program.pk)
    if position is None:
        return []
    pairs = like(index, position, top=top * 3)
    visible = set(Program.objects.filter(pk__in=[p.b.id for p in pairs]).restrict(user, "view")
                  .values_list("pk", flat=True))
    return [p for p in pairs if p.b.id in visible][:top]


def all_pairs(index: Index) -> list[Pair]:
    """Every flagged pair of the registry, computed once per registry version (national scale: seconds)."""
    cached = getattr(index, "_pairs", None)
    if cached is None:
        cached = find_pairs(index, with_similar=True)
        index._pairs = cached  # type: ignore[attr-defined]
    return cached


def portfolio_pairs(user: Any, *, with_similar: bool = False) -> list[Pair]:
    """Flagged pairs among the programs the user may see."""
    index = registry_index()
    visible = set(Program.objects.restrict(user, "view").values_list("pk", flat=True))
    return [p for p in all_pairs(index) if p.a.id in visible and p.b.id in visible
            and (with_similar or p.kind == "duplicate")]
