"""Similar and duplicate programs: candidates from shared key terms, then a score with reasons a reviewer checks.

1. Terms (`text.py`) weighted by TF-IDF; a program is a sparse unit vector.
2. Candidates without comparing all pairs: the product of the term matrix with itself, a block of rows at a
   time, keeping pairs whose cosine reaches `MIN_COSINE`. Terms in more than `DF_CAP` of all programs are left
   out of this step (they pair everything with everything and carry little weight anyway).
   A second product finds pairs where one program's *name* is contained in the other program (an umbrella
   program listing the programs it runs: "일자리 공모사업 (서울형 뉴딜·시구 상향적 ...)").
3. Each candidate gets a score: 0.6 × text + 0.2 × target-group overlap + 0.2 × same kind of job (subtype, or
   type), where text is the larger of the cosine and 0.85 × name containment (the IDF-weighted share of one
   name's terms found in the other program, counted when what is found weighs at least as much as one term
   specific enough to pair on, i.e. the IDF of a term in `DF_CAP` of all programs). A pair is a **duplicate** when the score reaches `DUPLICATE_AT` and the programs serve the same area
   (same district, or one is city-wide in the same city) at the same time (their years overlap); otherwise a
   pair above `SIMILAR_AT` is **similar** (e.g. the same program run by two districts: parallel, not overlapping).
   Roll-up buckets (기타 ..., ... 합계, 잔액, 총괄) are never flagged, and construction works (공사인력: each is a
   different building or line, its jobs an estimate) are at most similar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MIN_COSINE = 0.2
MIN_CONTAINMENT = 0.5
DF_CAP = 0.05
DUPLICATE_AT = 0.55
SIMILAR_AT = 0.4
_BUCKET = re.compile(r"기타|합계|잔액|총괄|행정운영경비|대상 일자리사업")


@dataclass
class Record:
    """What the comparison needs of a program (built from the registry or from a file)."""

    id: int
    code: str
    name: str
    description: str = ""
    groups: frozenset[str] = frozenset()
    job_type: str = ""
    subtype: str = ""
    delivery: str = ""
    city: str = ""
    district: str = ""  # "" = city-wide
    area_label: str = ""
    start_year: int | None = None
    end_year: int | None = None
    terms: list[str] = field(default_factory=list)

    @property
    def bucket(self) -> bool:
        return bool(_BUCKET.search(self.name))


@dataclass
class Pair:
    a: Record
    b: Record
    cosine: float
    score: float
    kind: str  # duplicate | similar
    reasons: list[str]
    shared_terms: list[str]


class Index:
    """The term matrices of a set of programs and their records."""

    def __init__(self, records: list[Record]):
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .text import name_terms, program_terms

        missing = [r for r in records if not r.terms]
        if missing:
            for r, t in zip(missing, program_terms([r.name for r in missing], [r.description for r in missing]),
                            strict=True):
                r.terms = t or [f"#{r.code}"]
        self.records = records
        self.vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, norm="l2")
        self.matrix = self.vectorizer.fit_transform([r.terms for r in records]).tocsr()
        self.vocab = np.array(self.vectorizer.get_feature_names_out())
        self.idf = self.vectorizer.idf_
        # Name terms weighted by IDF (rows: one program's name), and which terms each program has at all.
        index = self.vectorizer.vocabulary_
        rows, cols = [], []
        for n, terms in enumerate(name_terms([r.name for r in records])):
            for t in terms:
                if t in index:
                    rows.append(n)
                    cols.append(index[t])
        shape = self.matrix.shape
        self.names = sparse.csr_matrix((self.idf[cols], (rows, cols)), shape=shape)
        self.name_mass = np.asarray(self.names.sum(axis=1)).ravel()
        self.present = self.matrix.copy()
        self.present.data[:] = 1.0
        n = max(1, shape[0])
        self.min_contained = float(np.log((1 + n) / (1 + DF_CAP * n)) + 1)

    def _candidate_matrix(self):  # type: ignore[no-untyped-def]
        """The matrix without the terms too common to pair on, rows renormalised."""
        from sklearn.preprocessing import normalize

        m = self.matrix
        df = np.bincount(m.indices, minlength=m.shape[1])
        keep = df <= max(2, DF_CAP * m.shape[0])
        return normalize(m[:, np.flatnonzero(keep)])

    def candidates(self, *, block: int = 2000, min_cosine: float = MIN_COSINE) -> tuple[np.ndarray, np.ndarray]:
        """(i, j), i < j, of every pair whose cosine on the uncommon terms reaches `min_cosine`, or where one name
        is mostly contained in the other program."""
        c = self._candidate_matrix()
        ct = c.T.tocsc()
        pt = self.present.T.tocsc()
        keys = []
        n = c.shape[0]
        for start in range(0, n, block):
            prod = (c[start:start + block] @ ct).tocoo()
            i = prod.row + start
            keep = (prod.data >= min_cosine) & (prod.col > i)
            keys.append(i[keep].astype(np.int64) * n + prod.col[keep])
            contained = (self.names[start:start + block] @ pt).tocoo()
            i = contained.row + start
            share = contained.data / np.maximum(self.name_mass[i], 1e-9)
            keep = (share >= MIN_CONTAINMENT) & (contained.data >= self.min_contained) & (contained.col != i)
            a, b = np.minimum(i[keep], contained.col[keep]), np.maximum(i[keep], contained.col[keep])
            keys.append(a.astype(np.int64) * n + b)
        if not keys:
            return np.array([], int), np.array([], int)
        uniq = np.unique(np.concatenate(keys))
        return uniq // n, uniq % n

    def cosine(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        m = self.matrix
        return np.asarray(m[i].multiply(m[j]).sum(axis=1)).ravel()

    def containment(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """max over both directions of the IDF share of one name's terms present in the other program."""
        def one_way(x: np.ndarray, y: np.ndarray) -> np.ndarray:
            found = np.asarray(self.names[x].multiply(self.present[y]).sum(axis=1)).ravel()
            share = found / np.maximum(self.name_mass[x], 1e-9)
            return np.where(found >= self.min_contained, share, 0.0)

        return np.maximum(one_way(i, j), one_way(j, i))

    def shared_terms(self, i: int, j: int, top: int = 5) -> list[str]:
        a, b = self.matrix[i], self.matrix[j]
        common = np.intersect1d(a.indices, b.indices)
        order = np.argsort(-self.idf[common])[:top]
        return [str(t) for t in self.vocab[common[order]]]


def same_area(a: Record, b: Record) -> bool:
    if a.city and b.city and a.city != b.city:
        return False
    return not a.district or not b.district or a.district == b.district


def same_time(a: Record, b: Record) -> bool:
    if None in (a.start_year, a.end_year, b.start_year, b.end_year):
        return True  # unknown: a reviewer checks
    return a.start_year <= b.end_year and b.start_year <= a.end_year  # type: ignore[operator]


def group_overlap(a: Record, b: Record) -> float:
    if not a.groups or not b.groups:
        return 0.5
    return len(a.groups & b.groups) / len(a.groups | b.groups)


def kind_match(a: Record, b: Record) -> float:
    if a.subtype and a.subtype == b.subtype:
        return 1.0
    if a.job_type and a.job_type == b.job_type and not (a.subtype and b.subtype):
        return 0.75
    return 0.5 if a.job_type and a.job_type == b.job_type else 0.0


def judge(index: Index, i: int, j: int, cos: float, contained: float = 0.0) -> Pair | None:
    a, b = index.records[i], index.records[j]
    if a.bucket or b.bucket:
        return None
    groups, kind = group_overlap(a, b), kind_match(a, b)
    score = 0.6 * max(cos, 0.85 * contained) + 0.2 * groups + 0.2 * kind
    if score < SIMILAR_AT:
        return None
    area, time = same_area(a, b), same_time(a, b)
    shared = index.shared_terms(i, j)
    reasons = [f"공통 핵심어 / shared key terms: {', '.join(shared)}" if shared else "공통 핵심어 없음 / no shared key term"]
    if a.groups and b.groups:
        common = sorted(a.groups & b.groups)
        reasons.append(f"같은 사업대상 / same target group: {', '.join(common)}" if common
                       else "사업대상이 다름 / different target groups")
    reasons.append("같은 세부유형 / same subtype" if kind == 1.0 else
                   "같은 유형 / same job type" if kind >= 0.5 else "유형이 다름 / different job type")
    reasons.append(("지역이 겹침 / same area: " if area else "지역이 다름 / different area: ")
                   + f"{a.area_label or '-'} · {b.area_label or '-'}")
    reasons.append(("기간이 겹침 / overlapping period: " if time else "기간이 겹치지 않음 / no common year: ")
                   + f"{a.start_year or '?'}–{a.end_year or '?'} · {b.start_year or '?'}–{b.end_year or '?'}")
    if contained >= MIN_CONTAINMENT:
        reasons.append(f"한 사업명이 다른 사업에 포함됨 / one program's name is inside the other ({contained:.0%})")
    if a.delivery and a.delivery == b.delivery:
        reasons.append(f"같은 추진방식 / same delivery: {a.delivery}")
    works = "construction" in (a.subtype, b.subtype)
    kind_label = "duplicate" if score >= DUPLICATE_AT and area and time and not works else "similar"
    return Pair(a, b, round(float(cos), 4), round(float(score), 4), kind_label, reasons, shared)


def find_pairs(index: Index, **kw: Any) -> list[Pair]:
    i, j = index.candidates(**kw)
    if len(i) == 0:
        return []
    cos = index.cosine(i, j)
    contained = index.containment(i, j)
    out = [p for a, b, c, k in zip(i.tolist(), j.tolist(), cos.tolist(), contained.tolist(), strict=True)
           if (p := judge(index, a, b, c, k)) is not None]
    out.sort(key=lambda p: (-p.score, p.a.code, p.b.code))
    return out


def like(index: Index, position: int, top: int = 10) -> list[Pair]:
    """The programs most like one program ("what is like this one?"): one row times the matrix."""
    sims = (index.matrix @ index.matrix[position].T).toarray().ravel()
    sims[position] = -1
    order = np.argsort(-sims)[: top * 3]
    out = []
    for j in order:
        if sims[j] <= 0:
            break
        a, b = (position, int(j)) if position < j else (int(j), position)
        p = judge(index, a, b, float(sims[j]), float(index.containment(np.array([a]), np.array([b]))[0]))
        if p is not None:
            out.append(p)
        if len(out) >= top:
            break
    return out
