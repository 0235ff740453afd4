"""Similar and duplicate programs: candidates from shared key terms, then a score with reasons a reviewer checks.

1. Terms (`text.py`) weighted by TF-IDF; a program is a sparse unit vector.
2. Candidates without comparing all pairs. Two programs can only duplicate each other where they serve the same
   area, so the comparison is blocked by area: a district's programs against the same district's and the
   city-wide programs of its city, city-wide programs against each other. Within a block, the product of the
   term matrix with itself keeps pairs whose cosine on the uncommon terms reaches `MIN_COSINE` (terms in more
   than `DF_CAP` of all programs pair everything with everything and are left out of this step). A second
   product finds pairs where one program's *name* is contained in the other program (an umbrella program
   listing what it runs: "일자리 공모사업 (서울형 뉴딜·시구 상향적 ...)").
   A third source finds pairs alike in meaning whatever their words (issue 13, `semantic.py`): two programs of
   different offices that are each other's closest in meaning (`Index.mutual`).
3. Each candidate gets a score: 0.6 × text + 0.2 × target-group overlap + 0.2 × same kind of job (subtype, or
   type), where text is the largest of the cosine, the meaning signal and 0.85 × name containment (the IDF-weighted share of one
   name's terms found in the other program, counted when what is found weighs at least as much as one term
   specific enough to pair on). A pair is a **duplicate** when the score reaches `DUPLICATE_AT`, the years
   overlap and the target groups (where both are known) meet; a pair above `SIMILAR_AT` is **similar**. Roll-up buckets (기타 ..., ... 합계, 잔액, 총괄) are never
   flagged, and construction works (공사인력: each a different building or line, its jobs an estimate) are at
   most similar.
"What is like this one?" (`like`) compares one program with every other, in every area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MIN_COSINE = 0.1
# Meaning (semantic.py, Index.mutual): the cosine of two programs of different offices that are each other's closest
# in meaning, mapped linearly from SEM_FROM (counts nothing) to SEM_FULL (counts as much as identical words); words
# shared by a pair that is not so count WORDS_ALONE of their weight. Chosen on synthetic sample seed 7 and the demo
# seed pairs, then checked on the paraphrase set (docs/similarity.md has the grid).
SEM_FROM = 0.3
SEM_FULL = 0.8
WORDS_ALONE = 0.9
MIN_CONTAINMENT = 0.5
DF_CAP = 0.05
DUPLICATE_AT = 0.5  # chosen on synthetic sample seed 7 (best recall with precision >= 0.95); reported on another
SIMILAR_AT = 0.4
_BUCKET = re.compile(r"기타|합계|잔액|총괄|행정운영경비|대상 일자리사업")
GROUPS = ["youth", "women", "middle_aged", "seniors", "disabled", "low_income", "general"]


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
    owner: str = ""  # the office that runs it ("" = unknown)
    start_year: int | None = None
    end_year: int | None = None
    terms: list[str] = field(default_factory=list)

    @property
    def bucket(self) -> bool:
        return bool(_BUCKET.search(self.name))


class Reason(str):
    """One reason of a pair. As a string it reads in both languages with codes as they are (the command line and
    files); `kind` and `values` say what it is, for a page to say it in its own language with the codes' labels
    (similarity/templatetags/similarity.py)."""

    kind: str
    values: tuple[str, ...]

    def __new__(cls, text: str, kind: str = "", *values: str) -> Reason:
        obj = super().__new__(cls, text)
        obj.kind = kind
        obj.values = tuple(str(v) for v in values)
        return obj


@dataclass
class Pair:
    a: Record
    b: Record
    cosine: float
    contained: float
    score: float
    kind: str  # duplicate | similar
    reasons: list[Reason]
    shared_terms: list[str]
    meaning: float = 0.0  # the meaning signal as it counts in the score, 0-1


def _codes(values: list[str]) -> np.ndarray:
    table: dict[str, int] = {}
    return np.array([table.setdefault(v, len(table)) if v else -1 for v in values], dtype=np.int64)


class Index:
    """The term matrices of a set of programs, their records and the columns the score uses."""

    def __init__(self, records: list[Record], *, semantic: bool = True):
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .text import name_terms, program_terms

        missing = [r for r in records if not r.terms]
        if missing:
            for r, t in zip(missing, program_terms([r.name for r in missing], [r.description for r in missing]),
                            strict=True):
                r.terms = t or [f"#{r.code}"]
        self.records = records
        self.position = {r.id: n for n, r in enumerate(records)}
        self.vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, norm="l2")
        self.matrix = self.vectorizer.fit_transform([r.terms for r in records]).tocsr()
        self.vocab = np.array(self.vectorizer.get_feature_names_out())
        self.idf = self.vectorizer.idf_
        n, width = self.matrix.shape
        # Name terms weighted by IDF, and which terms each program has at all (for containment).
        vocabulary = self.vectorizer.vocabulary_
        rows: list[int] = []
        cols: list[int] = []
        for k, words in enumerate(name_terms([r.name for r in records])):
            for word in words:
                if word in vocabulary:
                    rows.append(k)
                    cols.append(vocabulary[word])
        self.names = sparse.csr_matrix((self.idf[cols], (rows, cols)), shape=(n, width))
        self.name_mass = np.asarray(self.names.sum(axis=1)).ravel()
        self.present = self.matrix.copy()
        self.present.data[:] = 1.0
        self.min_contained = float(np.log((1 + n) / (1 + DF_CAP * n)) + 1)
        df = np.bincount(self.matrix.indices, minlength=width)
        from sklearn.preprocessing import normalize

        self.specific = normalize(self.matrix[:, np.flatnonzero(df <= max(2, DF_CAP * n))]).tocsr()
        # Columns of the score.
        self.city = _codes([r.city for r in records])
        self.district = _codes([r.district for r in records])
        self.owner = _codes([r.owner for r in records])
        self.job_type = _codes([r.job_type for r in records])
        self.subtype = _codes([r.subtype for r in records])
        self.start = np.array([r.start_year if r.start_year is not None else -1 for r in records], dtype=np.int64)
        self.end = np.array([r.end_year if r.end_year is not None else 10**4 for r in records], dtype=np.int64)
        self.bucket = np.array([r.bucket for r in records], dtype=bool)
        self.works = np.array([r.subtype == "construction" for r in records], dtype=bool)
        self.groups = np.array([sum(1 << GROUPS.index(g) for g in r.groups if g in GROUPS) for r in records],
                               dtype=np.int64)
        # Meaning of the texts (None: words only).
        self.vectors: np.ndarray | None = None
        if semantic and n:
            from .semantic import program_vectors

            self.vectors = program_vectors([r.name for r in records], [r.description for r in records])

    def _sims(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Cosines of meaning between two sets of rows; -9 where a row is itself, where the target groups cannot
        meet, and between two programs of one office."""
        v, g = self.vectors, self.groups
        sims = v[x] @ v[y].T  # type: ignore[index]
        gx, gy = g[x][:, None], g[y][None, :]
        sims[(gx != 0) & (gy != 0) & ((gx & gy) == 0)] = -9
        sims[x[:, None] == y[None, :]] = -9
        ox, oy = self.owner[x][:, None], self.owner[y][None, :]
        sims[(ox >= 0) & (ox == oy)] = -9  # one office does not run one thing twice under two names
        return sims

    def mutual(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (sorted keys i * n + j, i < j) that are each other's closest in meaning, and their cosine (the shared
        direction removed). Closest among the programs one could duplicate: for a district's program, its
        district's and its city's city-wide programs; for a city-wide program, the other's district (one city
        program may be run again by several districts) or, for two city-wide programs, the whole city. Only
        programs whose target groups can meet count. Any other pair has no meaning signal, so programs merely of
        one field (two youth services) are not called alike."""
        cached = getattr(self, "_mutual", None)
        if cached is not None:
            return cached
        keys: list[np.ndarray] = []
        values: list[np.ndarray] = []
        n = len(self.records)

        def keep(i: np.ndarray, j: np.ndarray, v: np.ndarray) -> None:
            keys.append(np.minimum(i, j) * n + np.maximum(i, j))
            values.append(v)

        if self.vectors is not None:
            for c in np.unique(self.city):
                in_city = np.flatnonzero(self.city == c)
                wide = in_city[self.district[in_city] < 0]
                local = in_city[self.district[in_city] >= 0]
                local = local[np.argsort(self.district[local], kind="stable")]
                groups = [g for g in np.split(local, np.flatnonzero(np.diff(self.district[local])) + 1) if len(g)]
                # a city-wide program's best over the whole city (updated district by district)
                wide_best = np.full(len(wide), -1)
                wide_value = np.full(len(wide), -9.0)
                if len(wide) > 1:
                    sims = self._sims(wide, wide)
                    wide_best, wide_value = wide[sims.argmax(axis=1)], sims.max(axis=1)
                for rows in groups:
                    both = np.concatenate([rows, wide])
                    sims = self._sims(rows, both)
                    best, value = both[sims.argmax(axis=1)], sims.max(axis=1)
                    # the same district: each other's best over all they compare to
                    at = np.full(n, -1)
                    at[rows] = np.arange(len(rows))
                    same = (value > -9) & (at[best] >= 0)
                    same &= np.where(same, best[np.maximum(at[best], 0)] == rows, False)
                    keep(rows[same], best[same], value[same])
                    if len(wide):
                        to_wide = self._sims(wide, rows)
                        in_district, top = rows[to_wide.argmax(axis=1)], to_wide.max(axis=1)
                        better = top > wide_value
                        wide_value = np.where(better, top, wide_value)
                        wide_best = np.where(better, in_district, wide_best)
                        # a district's program and a city-wide one: its best overall, and the city one's best here
                        where = np.full(n, -1)
                        where[wide] = np.arange(len(wide))
                        cross = (value > -9) & (where[best] >= 0)
                        cross &= np.where(cross, in_district[np.maximum(where[best], 0)] == rows, False)
                        keep(rows[cross], best[cross], value[cross])
                # two city-wide programs: each other's best over the whole city, districts included
                if len(wide) > 1:
                    where = np.full(n, -1)
                    where[wide] = np.arange(len(wide))
                    ok = (wide_value > -9) & (where[np.maximum(wide_best, 0)] >= 0) & (wide_best >= 0)
                    ok &= np.where(ok, wide_best[np.maximum(where[np.maximum(wide_best, 0)], 0)] == wide, False)
                    keep(wide[ok], wide_best[ok], wide_value[ok])
        k = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        v = np.concatenate(values) if values else np.zeros(0)
        k, first = np.unique(k, return_index=True)
        self._mutual = (k, v[first].astype(float))
        return self._mutual

    def meaning(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The meaning signal of pairs, 0 (not each other's closest, or not close enough) to 1."""
        if self.vectors is None or len(i) == 0:
            return np.zeros(len(i))
        n, (known, values) = len(self.records), self.mutual()
        if len(known) == 0:
            return np.zeros(len(i))
        keys = np.minimum(i, j) * n + np.maximum(i, j)
        at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
        cos = np.where(known[at] == keys, values[at], -1.0)
        return np.clip((cos - SEM_FROM) / (SEM_FULL - SEM_FROM), 0.0, 1.0)

    # -- candidates ---------------------------------------------------------------------------------------------

    def _block_pairs(self, left: np.ndarray, right: np.ndarray, min_cosine: float) -> np.ndarray:
        """Pair keys (i * n + j, i < j) between two sets of rows that share uncommon terms or a contained name."""
        n = len(self.records)
        if len(left) == 0 or len(right) == 0:
            return np.array([], dtype=np.int64)
        keys = []
        cos = (self.specific[left] @ self.specific[right].T).tocoo()
        keep = cos.data >= min_cosine
        i, j = left[cos.row[keep]], right[cos.col[keep]]
        keys.append(np.minimum(i, j) * n + np.maximum(i, j))
        for a, b in ((left, right), (right, left)):
            found = (self.names[a] @ self.present[b].T).tocoo()
            share = found.data / np.maximum(self.name_mass[a[found.row]], 1e-9)
            keep = (share >= MIN_CONTAINMENT) & (found.data >= self.min_contained)
            i, j = a[found.row[keep]], b[found.col[keep]]
            keys.append(np.minimum(i, j) * n + np.maximum(i, j))
        k = np.concatenate(keys)
        return k[(k // n) != (k % n)]

    def candidates(self, *, min_cosine: float = MIN_COSINE, progress: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """(i, j), i < j, of every pair in a common area with uncommon terms or a name in common."""
        n = len(self.records)
        keys = []
        cities = np.unique(self.city)
        for step, c in enumerate(cities):
            in_city = np.flatnonzero(self.city == c)
            wide = in_city[self.district[in_city] < 0]
            keys.append(self._block_pairs(wide, wide, min_cosine))
            local = in_city[self.district[in_city] >= 0]
            order = np.argsort(self.district[local], kind="stable")
            local = local[order]
            bounds = np.flatnonzero(np.diff(self.district[local])) + 1
            for rows in np.split(local, bounds):
                keys.append(self._block_pairs(rows, np.concatenate([rows, wide]), min_cosine))
            if progress is not None:
                progress(step + 1, len(cities))
        # alike in meaning, whatever the words
        known, values = self.mutual()
        keys.append(known[values > SEM_FROM])
        uniq = np.unique(np.concatenate(keys))
        if len(uniq) == 0:
            return np.array([], int), np.array([], int)
        return uniq // n, uniq % n

    # -- scores -------------------------------------------------------------------------------------------------

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

    def score(self, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
        """Every column of the score for many pairs at once."""
        cos, contained, meaning = self.cosine(i, j), self.containment(i, j), self.meaning(i, j)
        gi, gj = self.groups[i], self.groups[j]
        both = (gi != 0) & (gj != 0)
        inter = np.array([bin(x).count("1") for x in (gi & gj).tolist()], dtype=float) if len(i) else np.zeros(0)
        union = np.array([bin(x).count("1") for x in (gi | gj).tolist()], dtype=float) if len(i) else np.zeros(0)
        groups = np.where(both, inter / np.maximum(union, 1), 0.5)
        same_sub = (self.subtype[i] >= 0) & (self.subtype[i] == self.subtype[j])
        same_type = (self.job_type[i] >= 0) & (self.job_type[i] == self.job_type[j])
        not_both_sub = (self.subtype[i] < 0) | (self.subtype[j] < 0)
        kind = np.where(same_sub, 1.0, np.where(same_type & not_both_sub, 0.75, np.where(same_type, 0.5, 0.0)))
        words = np.maximum(cos, 0.85 * contained)
        if self.vectors is not None:  # words alone, when each program has a closer one in meaning, count less
            words = np.where(meaning > 0, words, WORDS_ALONE * words)
        total = 0.6 * np.maximum(words, meaning) + 0.2 * groups + 0.2 * kind
        area = (self.city[i] == self.city[j]) & ((self.district[i] < 0) | (self.district[j] < 0)
                                                 | (self.district[i] == self.district[j]))
        time = (self.start[i] <= self.end[j]) & (self.start[j] <= self.end[i])
        ok = ~(self.bucket[i] | self.bucket[j])
        # The same people: target groups that are both known must meet.
        people = ~both | ((gi & gj) != 0)
        duplicate = ok & (total >= DUPLICATE_AT) & area & time & people & ~(self.works[i] | self.works[j])
        similar = ok & (total >= SIMILAR_AT) & ~duplicate
        return {"cosine": cos, "contained": contained, "meaning": meaning, "groups": groups, "kind": kind, "score": total,
                "area": area, "time": time, "duplicate": duplicate, "similar": similar}

    def shared_terms(self, i: int, j: int, top: int = 5) -> list[str]:
        """The pair's common key terms, rarest first, that both programs write as they are: a term made by joining
        spellings (중장년 for 50플러스 and 신중년) or nouns (보육보육) is not shown as a word they share."""
        from .text import written_in

        m = self.matrix
        a = m.indices[m.indptr[i]:m.indptr[i + 1]]
        b = m.indices[m.indptr[j]:m.indptr[j + 1]]
        common = np.intersect1d(a, b, assume_unique=True)
        texts = [f"{r.name} {r.description}" for r in (self.records[i], self.records[j])]
        terms = [str(t) for t in self.vocab[common[np.argsort(-self.idf[common], kind="stable")]]]
        return [t for t in terms if all(written_in(t, x) for x in texts)][:top]

    def pair(self, i: int, j: int, cols: dict[str, np.ndarray], k: int) -> Pair:
        """One scored pair with the reasons a reviewer checks."""
        from .text import name_found, same_ideas

        a, b = self.records[i], self.records[j]
        shared = self.shared_terms(i, j)
        reasons = [Reason(f"공통 핵심어 / shared key terms: {', '.join(shared)}", "shared_terms", *shared) if shared
                   else Reason("공통 핵심어 없음 / no shared key term", "no_shared_terms")]
        if a.groups and b.groups:
            common = sorted(a.groups & b.groups)
            reasons.append(Reason(f"같은 사업대상 / same target group: {', '.join(common)}", "same_groups", *common)
                           if common else Reason("사업대상이 다름 / different target groups", "different_groups"))
        kind = cols["kind"][k]
        reasons.append(Reason("같은 세부유형 / same subtype", "same_subtype") if kind == 1.0 else
                       Reason("같은 유형 / same job type", "same_job_type") if kind >= 0.5 else
                       Reason("유형이 다름 / different job type", "different_job_type"))
        areas = (a.area_label or "-", b.area_label or "-")
        reasons.append(Reason(("지역이 겹침 / same area: " if cols["area"][k] else "지역이 다름 / different area: ")
                              + " · ".join(areas), "same_area" if cols["area"][k] else "different_area", *areas))
        years = (f"{a.start_year or '?'}–{a.end_year or '?'}", f"{b.start_year or '?'}–{b.end_year or '?'}")
        reasons.append(Reason(("기간이 겹침 / overlapping period: " if cols["time"][k] else "기간이 겹치지 않음 / no common year: ")
                              + " · ".join(years), "same_years" if cols["time"][k] else "different_years", *years))
        # The score counts a name's terms with their aliases (보람일자리 = 사회공헌활동); the reason says a name is
        # inside the other program only where its words are written there, with the share so written.
        written = max(name_found(a.name, f"{b.name} {b.description}"), name_found(b.name, f"{a.name} {a.description}"))
        if cols["contained"][k] >= MIN_CONTAINMENT and written >= 1:
            reasons.append(Reason("한 사업명이 다른 사업에 포함됨 (100%) / one program's name is inside the other (100%)",
                                  "name_inside", "100%"))
        elif cols["contained"][k] >= MIN_CONTAINMENT and written >= MIN_CONTAINMENT:
            share = f"{written:.0%}"
            reasons.append(Reason(f"한 사업명의 낱말 {share}가 다른 사업에 나옴 / {share} of one program's name words are in "
                                  "the other", "name_words", share))
        ideas = [f"{x} = {y}" for x, y in same_ideas(f"{a.name} {a.description}", f"{b.name} {b.description}")]
        if ideas:
            reasons.append(Reason(f"같은 뜻의 말 / the same idea in other words: {', '.join(ideas)}", "same_idea",
                                  *ideas))
        meaning = float(cols["meaning"][k])
        if meaning > 0:
            reasons.append(Reason(f"사업 내용의 의미가 비슷함 ({meaning:.2f}) / similar in meaning ({meaning:.2f})",
                                  "similar_meaning", f"{meaning:.2f}"))
        if a.delivery and a.delivery == b.delivery:
            reasons.append(Reason(f"같은 추진방식 / same delivery: {a.delivery}", "same_delivery", a.delivery))
        return Pair(a, b, round(float(cols["cosine"][k]), 4), round(float(cols["contained"][k]), 4),
                    round(float(cols["score"][k]), 4), "duplicate" if cols["duplicate"][k] else "similar",
                    reasons, shared, round(meaning, 4))


def find_pairs(index: Index, *, with_similar: bool = True, **kw: Any) -> list[Pair]:
    """Flagged pairs of the whole portfolio, most alike first."""
    i, j = index.candidates(**kw)
    if len(i) == 0:
        return []
    cols = index.score(i, j)
    keep = cols["duplicate"] | (cols["similar"] if with_similar else False)
    out = [index.pair(int(i[k]), int(j[k]), cols, int(k)) for k in np.flatnonzero(keep)]
    out.sort(key=lambda p: (p.kind != "duplicate", -p.score, p.a.code, p.b.code))
    return out


def like(index: Index, position: int, top: int = 10) -> list[Pair]:
    """The programs most like one program ("what is like this one?"), in every area: one row times the matrix."""
    sims = np.asarray((index.matrix @ index.matrix[position].T).todense()).ravel()
    if index.vectors is not None:
        sims = np.maximum(sims, index.meaning(np.full(len(sims), position), np.arange(len(sims))))
    sims[position] = -1
    others = np.flatnonzero(sims > 0)
    if len(others) == 0:
        return []
    i = np.full(len(others), position)
    cols = index.score(i, others)
    order = np.argsort(-cols["score"])[:top]
    return [index.pair(position, int(others[k]), cols, int(k)) for k in order if cols["score"][k] >= SIMILAR_AT * 0.75]


def groups_of(pairs: list[Pair]) -> list[list[Record]]:
    """Groups of three or more programs linked by duplicate pairs (connected components), largest first."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    records: dict[int, Record] = {}
    for p in pairs:
        if p.kind != "duplicate":
            continue
        records[p.a.id], records[p.b.id] = p.a, p.b
        parent[find(p.a.id)] = find(p.b.id)
    members: dict[int, list[Record]] = {}
    for rid, r in records.items():
        members.setdefault(find(rid), []).append(r)
    found = [sorted(m, key=lambda r: r.code) for m in members.values() if len(m) >= 3]
    return sorted(found, key=lambda m: (-len(m), m[0].code))
