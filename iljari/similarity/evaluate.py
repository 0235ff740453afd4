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
PARAPHRASES = Path(__file__).resolve().parent / "labels" / "paraphrase_programs.csv"
PARAPHRASE_PAIRS = Path(__file__).resolve().parent / "labels" / "paraphrase_pairs.csv"


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


def _measure(name: str, records: list[Record], positives: set[frozenset[str]], semantic: bool = True) -> Quality:
    flagged = {frozenset((p.a.code, p.b.code)) for p in find_pairs(Index(records, semantic=semantic))
               if p.kind == "duplicate"}
    tp = flagged & positives
    return Quality(name, len(records), len(positives), len(flagged), len(tp),
                   sorted(tuple(sorted(x)) for x in positives - flagged),  # type: ignore[misc]
                   sorted(tuple(sorted(x)) for x in flagged - positives))  # type: ignore[misc]


def paraphrase_records() -> list[Record]:
    """The paraphrase set: programs of one kind run by a city and by one of its districts (or two offices),
    written in other words; each row names the real program it is modelled on."""
    out = []
    for n, r in enumerate(csv.DictReader(PARAPHRASES.open(encoding="utf-8")), start=1):
        out.append(Record(
            id=n, code=r["code"], name=r["name"], description=r["description"],
            groups=frozenset(g for g in r["groups"].split(";") if g), job_type=r["job_type"], subtype=r["subtype"],
            city=r["city"], district=r["district"], area_label=r["district"] or r["city"],
            owner=f'{r["city"]} {r["district"]} {r["office"]}',
            start_year=int(r["start"]), end_year=int(r["end"])))
    return out


def paraphrase_quality(*, semantic: bool = True) -> Quality:
    """Closed world over the paraphrase set's programs: every pair not labelled duplicate is a negative (the
    listed hard negatives and every other pair alike)."""
    rows = list(csv.DictReader(PARAPHRASE_PAIRS.open(encoding="utf-8")))
    positives = {frozenset((r["a"], r["b"])) for r in rows if r["label"] == "duplicate"}
    return _measure("paraphrases (programs written by different offices in other words)", paraphrase_records(),
                    positives, semantic)


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
