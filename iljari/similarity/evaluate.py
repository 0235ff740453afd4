"""Precision and recall of the flagged duplicates against labelled pairs (docs/similarity.md).

Closed world: among the labelled set's programs, every pair not labelled duplicate or overlap is a negative.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

from .engine import Index, Record, find_pairs
from .records import records_from_csv
from .synthetic import generate

DEMO = Path(__file__).resolve().parents[1] / "demo" / "data"
LABELS = Path(__file__).resolve().parent / "labels" / "seed_pairs.csv"


@dataclass
class Quality:
    name: str
    programs: int
    positives: int
    flagged: int
    true_positives: int
    missed: list[tuple[str, str]]
    wrong: list[tuple[str, str]]

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def _measure(name: str, records: list[Record], positives: set[frozenset[str]]) -> Quality:
    flagged = {frozenset((p.a.code, p.b.code)) for p in find_pairs(Index(records)) if p.kind == "duplicate"}
    tp = flagged & positives
    return Quality(name, len(records), len(positives), len(flagged), len(tp),
                   sorted(tuple(sorted(x)) for x in positives - flagged),  # type: ignore[misc]
                   sorted(tuple(sorted(x)) for x in flagged - positives))  # type: ignore[misc]


def seed_quality() -> Quality:
    records = records_from_csv(DEMO / "programs.csv", DEMO / "orgs.csv")
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    positives = {frozenset((r["a"], r["b"])) for r in rows if r["label"] in {"duplicate", "overlap"}}
    return _measure("seed programs (demo data, labelled by hand)", records, positives)


def synthetic_quality(n: int = 3000, seed: int = 20241122) -> Quality:
    records, truth = generate(n, seed=seed)
    by_concept: dict[str, list[Record]] = {}
    for r in records:
        by_concept.setdefault(truth.concept[r.id], []).append(r)
    positives = {frozenset((a.code, b.code)) for rs in by_concept.values()
                 for a, b in itertools.combinations(rs, 2) if truth.duplicate(a, b)}
    return _measure(f"synthetic variants ({n} programs, seed {seed})", records, positives)
