"""The matching engine on arrays (numpy, scipy.sparse): hard filters, then a score, for blocks of seekers x
vacancies. No database here: `employment.matching` builds the tables from the records, `employment.market` from a
generated labour market, and the bench from either. See docs/employment.md ("Matching").

Order of a seeker's list: vacancies whose occupation is in the major group (대분류) of one of the seeker's desired
occupations come first, by score; others follow only when fewer than `limit` are inside (`in_group` False). So
blocking by major group loses nothing: the bulk path equals the brute force exactly (bench/matching_bench.py).
Ties by vacancy id.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from . import seoul

EDUCATION_RANK = {"none": 0, "middle": 1, "high": 2, "college": 3, "university": 4, "graduate": 5}
NO_LIMIT_HOURS = 168
# occupation distance on the KECO tree (common prefix): same code > same middle > same major > other
OCC_SAME, OCC_MIDDLE, OCC_MAJOR, OCC_OTHER = 1.0, 0.75, 0.4, 0.0
# commute: same district > neighbour > farther
COMMUTE_SCORE = np.array([1.0, 0.6, 0.2])
COMMUTE_OWN, COMMUTE_NEIGHBOUR, COMMUTE_SEOUL = 0, 1, 2
COMMUTE_LEVEL = {"own": COMMUTE_OWN, "neighbour": COMMUTE_NEIGHBOUR, "seoul": COMMUTE_SEOUL}

# Age-band weights, as the employment portal (고용24/워크넷) weighs its recommendations: people in their 20s by the
# desired occupation, 30s-40s by occupation and wage, 50s-60s by region (commute). Each row sums to 1.
COMPONENTS = ("occupation", "skills", "text", "commute", "wage", "hours", "education")
WEIGHTS: dict[str, dict[str, float]] = {
    "young": {"occupation": .40, "skills": .15, "text": .10, "commute": .10, "wage": .10, "hours": .05,
              "education": .10},
    "middle": {"occupation": .30, "skills": .15, "text": .10, "commute": .10, "wage": .20, "hours": .05,
               "education": .10},
    "older": {"occupation": .20, "skills": .15, "text": .10, "commute": .30, "wage": .10, "hours": .05,
              "education": .10},
}
BANDS = ("young", "middle", "older")
W = np.array([[WEIGHTS[b][c] for c in COMPONENTS] for b in BANDS])  # band x component


def band_of(age: int | None) -> int:
    """0 young (under 30), 1 middle (30-49, and unknown), 2 older (50 and over)."""
    if age is None or age < 0:
        return 1
    return 0 if age < 30 else 1 if age < 50 else 2


def hourly_equivalent(wage: float | None, wage_type: str, hours_per_week: int | None) -> float:
    """A wage as won an hour: monthly pay covers 4.345 weeks of the hours plus the paid weekly rest day (주휴, a
    fifth more at 15 hours or more), so 40 hours a week are 209 paid hours a month; a day's pay covers a fifth of
    the week's hours (at most 8)."""
    if not wage:
        return 0.0
    h = float(hours_per_week or 40)
    paid_week = h * 1.2 if h >= 15 else h
    month_hours = paid_week * 365 / 7 / 12
    if wage_type == "hourly":
        return float(wage)
    if wage_type == "daily":
        return float(wage) / max(1.0, min(8.0, h / 5))
    if wage_type == "annual":
        return float(wage) / 12 / max(1.0, month_hours)
    return float(wage) / max(1.0, month_hours)


def occ_parts(code: str) -> tuple[int, int]:
    """(major, middle) of a KECO code as integers (middle -1 for a major category's own code)."""
    major = int(code[0]) if code[:1].isdigit() else -1
    middle = int(code[:2]) if len(code) >= 2 and code[:2].isdigit() else -1
    return major, middle


class Vocabulary:
    """Integer ids for occupation codes, skill or licence codes, and text terms (one per kind)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id(self, key: str) -> int:
        got = self.ids.get(key)
        if got is None:
            got = self.ids[key] = len(self.ids)
        return got

    def __len__(self) -> int:
        return len(self.ids)


def _bits(rows: Sequence[Sequence[int]], words: int) -> np.ndarray:
    out = np.zeros((len(rows), words), dtype=np.uint64)
    for i, row in enumerate(rows):
        if not row:
            continue
        for b in row:
            out[i, b // 64] |= np.uint64(1) << np.uint64(b % 64)
    return out


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values or rows, each row's index among them)."""
    if len(values) == 0:
        return values[:0], np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(values, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1).astype(np.int64)


def _csr(rows: Sequence[Iterable[int]], width: int) -> sp.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for row in rows:
        distinct = sorted(set(row))
        indices.extend(distinct)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return sp.csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                         shape=(len(rows), max(1, width)))


MAX_TERM_WORDS = 8  # up to 512 distinct terms the text overlap is counted on bit sets


@dataclass
class Space:
    """The shared vocabularies of one matching run (seekers and vacancies must use the same)."""

    occupations: Vocabulary = field(default_factory=Vocabulary)
    skills: Vocabulary = field(default_factory=Vocabulary)  # licences and skills by code
    terms: Vocabulary = field(default_factory=Vocabulary)

    def code_parts(self) -> tuple[np.ndarray, np.ndarray]:
        """(major, middle) of every occupation code id, as arrays (kept while no code is added)."""
        cached = getattr(self, "_parts", None)
        if cached is None or len(cached[0]) != len(self.occupations):
            parts = [occ_parts(c) for c in self.occupations.ids]
            cached = (np.array([p[0] for p in parts], dtype=np.int16), np.array([p[1] for p in parts],
                                                                               dtype=np.int16))
            self._parts = cached
        return cached

    @property
    def words(self) -> int:
        return max(1, (len(self.skills) + 63) // 64)

    @property
    def term_words(self) -> int:
        """64-bit words of a term bit set, 0 when the terms are too many for bit sets (then a sparse product)."""
        words = max(1, (len(self.terms) + 63) // 64)
        return words if words <= MAX_TERM_WORDS else 0


@dataclass
class VacancyRow:
    id: int
    occupation: str
    district: str
    wage: float
    wage_type: str
    hours: int
    education: str = "none"
    required: tuple[str, ...] = ()  # licence codes required (a hard filter)
    preferred: tuple[str, ...] = ()  # skill and licence codes named in the tasks or requirements (scored)
    terms: tuple[str, ...] = ()  # key words of the tasks and requirements


@dataclass
class SeekerRow:
    id: int
    occupations: tuple[str, ...]
    home: str | None
    commute: str
    wage: float | None
    wage_type: str
    hours: int | None
    education: str = "none"
    held: tuple[str, ...] = ()  # licences held and skill codes named in the skills text
    age: int | None = None
    terms: tuple[str, ...] = ()


MAX_DESIRED = 3


class VacancyTable:
    def __init__(self, rows: Sequence[VacancyRow], space: Space) -> None:
        self.rows = list(rows)
        self.space = space
        n = len(self.rows)
        self.ids = np.array([r.id for r in self.rows], dtype=np.int64)
        self.occ = np.array([space.occupations.id(r.occupation) for r in self.rows], dtype=np.int32)
        parts = [occ_parts(r.occupation) for r in self.rows]
        self.major = np.array([p[0] for p in parts], dtype=np.int16).reshape(n)
        self.middle = np.array([p[1] for p in parts], dtype=np.int16).reshape(n)
        self.district = np.array([seoul.INDEX.get(r.district, -1) for r in self.rows], dtype=np.int16).reshape(n)
        self.hourly = np.array([hourly_equivalent(r.wage, r.wage_type, r.hours) for r in self.rows]).reshape(n)
        self.hours = np.array([r.hours or 0 for r in self.rows], dtype=np.int32).reshape(n)
        self.education = np.array([EDUCATION_RANK.get(r.education, 0) for r in self.rows], dtype=np.int8).reshape(n)
        sid, tid = space.skills.id, space.terms.id
        self._req = [[sid(c) for c in r.required] if r.required else [] for r in self.rows]
        self._pref = [[sid(c) for c in r.preferred] if r.preferred else [] for r in self.rows]
        self._terms = [[tid(t) for t in r.terms] if r.terms else [] for r in self.rows]

    def subset(self, idx: np.ndarray, space: Space, preferred: Sequence[Sequence[str]],
               terms: Sequence[Sequence[str]]) -> VacancyTable:
        """The rows `idx` with their text read (the skill and licence codes named, the key words), without building
        the columns again; `space` shares this table's occupation and skill ids (its terms may be its own).
        Freeze it once the other side has its ids."""
        out = object.__new__(VacancyTable)
        out.space = space
        pick = idx.tolist()
        out.rows = [self.rows[i] for i in pick]
        for name in ("ids", "occ", "major", "middle", "district", "hourly", "hours", "education"):
            setattr(out, name, getattr(self, name)[idx])
        sid, tid = space.skills.id, space.terms.id
        out._req = [self._req[i] for i in pick]
        out._pref = [[sid(c) for c in p] for p in preferred]
        out._terms = [[tid(t) for t in ts] for ts in terms]
        return out

    def freeze(self) -> None:
        """Build the bit sets and the term matrix once every row of both sides has its ids."""
        words = self.space.words
        self.required = _bits(self._req, words)
        self.preferred = _bits(self._pref, words)
        self.n_preferred = np.bitwise_count(self.preferred).sum(axis=1).astype(np.float64)
        # the distinct values a part depends on, and each row's (score_block scores per distinct value)
        self.hours_values, self.hours_code = _codes(self.hours)
        self.req_values, self.req_code = _codes(self.required)
        self.pref_values, self.pref_code = _codes(self.preferred)
        self.terms = _csr(self._terms, len(self.space.terms))  # vacancy x term (rows slice cheaply)
        self.term_bits = _bits(self._terms, self.space.term_words) if self.space.term_words else None
        self.n_terms = np.array([len(set(t)) for t in self._terms], dtype=np.float64).reshape(len(self.rows))

    def __len__(self) -> int:
        return len(self.rows)


class SeekerTable:
    def __init__(self, rows: Sequence[SeekerRow], space: Space) -> None:
        self.rows = list(rows)
        self.space = space
        m = len(self.rows)
        occ = np.full((m, MAX_DESIRED), -1, dtype=np.int32)
        major = np.full((m, MAX_DESIRED), -2, dtype=np.int16)
        middle = np.full((m, MAX_DESIRED), -2, dtype=np.int16)
        for i, r in enumerate(self.rows):
            for k, code in enumerate(sorted(set(r.occupations))[:MAX_DESIRED]):
                occ[i, k] = space.occupations.id(code)
                major[i, k], mid = occ_parts(code)
                middle[i, k] = mid if mid >= 0 else -2
        self.occ, self.major, self.middle = occ, major, middle
        self.ids = np.array([r.id for r in self.rows], dtype=np.int64)
        self.home = np.array([seoul.INDEX.get(r.home or "", -1) for r in self.rows], dtype=np.int16).reshape(m)
        level = [COMMUTE_LEVEL.get(r.commute, COMMUTE_SEOUL) for r in self.rows]
        self.commute = np.array(level, dtype=np.int8).reshape(m)
        self.commute[self.home < 0] = COMMUTE_SEOUL  # no home district said: anywhere
        self.hourly = np.array([hourly_equivalent(r.wage, r.wage_type, r.hours) for r in self.rows]).reshape(m)
        self.hours = np.array([r.hours or NO_LIMIT_HOURS for r in self.rows], dtype=np.int32).reshape(m)
        self.education = np.array([EDUCATION_RANK.get(r.education, 0) for r in self.rows], dtype=np.int8).reshape(m)
        self.band = np.array([band_of(r.age) for r in self.rows], dtype=np.int8).reshape(m)
        self._held = [[space.skills.id(c) for c in r.held] for r in self.rows]
        self._terms = [[space.terms.id(t) for t in r.terms] for r in self.rows]

    def freeze(self) -> None:
        self.held = _bits(self._held, self.space.words)
        self.terms = _csr(self._terms, len(self.space.terms))  # seeker x term
        self.term_bits = _bits(self._terms, self.space.term_words) if self.space.term_words else None

    def __len__(self) -> int:
        return len(self.rows)


def freeze(seekers: SeekerTable, vacancies: VacancyTable) -> None:
    seekers.freeze()
    vacancies.freeze()


# District distance: 0 same, 1 neighbours, 2 farther; index 25 stands for an unknown district (farther).
_ADJ = seoul.adjacency_matrix()
_N = len(seoul.NAMES)
DISTANCE = np.full((_N + 1, _N + 1), 2, dtype=np.int8)
DISTANCE[:_N, :_N] = np.where(np.eye(_N, dtype=bool), 0, np.where(_ADJ, 1, 2))
COMMUTE_BY_DISTANCE = COMMUTE_SCORE[DISTANCE]


def _d(index: np.ndarray) -> np.ndarray:
    return np.where(index < 0, _N, index)


def district_distance(home: np.ndarray, district: np.ndarray) -> np.ndarray:
    return DISTANCE[_d(home)][:, _d(district)]


@dataclass
class Block:
    """Scores of seekers x vacancies: `allowed` after the hard filters, `score` 0..1, `in_group` (the vacancy is
    in a desired major group), and each component for reasons."""

    allowed: np.ndarray
    in_group: np.ndarray
    score: np.ndarray
    parts: dict[str, np.ndarray]


def _occupation_tables(seekers: SeekerTable, s_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per seeker and occupation code id: the occupation score (best over the desired codes) and whether the code
    is in a desired major group. Gathered by the vacancies' code ids."""
    c_major, c_middle = seekers.space.code_parts()
    c_id = np.arange(len(c_major))
    codes = c_major
    occ = np.zeros((len(s_idx), len(codes)))
    group = np.zeros((len(s_idx), len(codes)), dtype=bool)
    for k in range(MAX_DESIRED):
        so = seekers.occ[s_idx, k][:, None]
        smid = seekers.middle[s_idx, k][:, None]
        smaj = seekers.major[s_idx, k][:, None]
        same_major = (smaj == c_major[None, :]) & (so >= 0)
        lvl = np.where(so == c_id[None, :], OCC_SAME,
                       np.where((smid == c_middle[None, :]) & (smid >= 0), OCC_MIDDLE,
                                np.where(same_major, OCC_MAJOR, OCC_OTHER)))
        occ = np.maximum(occ, np.where(so >= 0, lvl, 0.0))
        group |= same_major
    return occ, group


def score_block(seekers: SeekerTable, s_idx: np.ndarray, vacancies: VacancyTable, v_idx: np.ndarray, *,
                upper: bool = False, with_parts: bool = True) -> Block:
    """Hard filters and the score for every pair of the seekers `s_idx` and the vacancies `v_idx`.

    Each part's weight (by the seeker's age band) is folded into per-seeker or per-vacancy factors or small lookup
    tables first, so a part costs one or two passes over the block. `upper`: a cheap upper bound of the score
    instead (every part exact but the text, taken at the most the vacancy's key words allow), for pruning in
    `bulk_top`.
    `with_parts`: also each part unweighted (0-1), for the reasons."""
    s_idx = np.asarray(s_idx, dtype=np.int64)
    v_idx = np.asarray(v_idx, dtype=np.int64)
    w = W[seekers.band[s_idx]]  # seeker x component
    col = {c: w[:, i][:, None] for i, c in enumerate(COMPONENTS)}
    occ_tab, group_tab = _occupation_tables(seekers, s_idx)
    v_occ = vacancies.occ[v_idx]
    in_group = group_tab[:, v_occ]
    score = (occ_tab * col["occupation"])[:, v_occ]
    # region (hard) and commute: per seeker a row over the 26 district indices, gathered by the vacancies'
    home = _d(seekers.home[s_idx])
    where = _d(vacancies.district[v_idx])
    allowed_d = DISTANCE[home] <= seekers.commute[s_idx][:, None]
    allowed = allowed_d[:, where]
    score += (COMMUTE_BY_DISTANCE[home] * col["commute"])[:, where]
    # wage floor (hard); fit 0.5 at the floor rising to 1 at 20 % above it (weighted: between w/2 and w)
    s_wage = seekers.hourly[s_idx]
    v_wage = vacancies.hourly[v_idx]
    allowed &= v_wage[None, :] >= (s_wage - 1e-6)[:, None]
    ww = w[:, COMPONENTS.index("wage")]
    k1 = np.divide(2.5 * ww, s_wage, out=np.zeros_like(s_wage), where=s_wage > 0)
    k0 = np.where(s_wage > 0, -2.0 * ww, 0.5 * ww)
    wage_w = np.clip(v_wage[None, :] * k1[:, None] + k0[:, None], (0.5 * ww)[:, None], ww[:, None])
    score += wage_w
    # The parts below depend on the vacancy through a few distinct values (hours a week, the sets of licences
    # required or skills named, the education asked): each is computed per seeker and distinct value, then
    # gathered (the same numbers as cell by cell, at one pass each).
    # hours (hard); fit: half for any job, the rest by how much of the wanted hours it fills
    s_hours = seekers.hours[s_idx].astype(np.float64)
    vh = vacancies.hours_values.astype(np.float64)
    h_code = vacancies.hours_code[v_idx]
    allowed &= (vh[None, :] <= s_hours[:, None])[:, h_code]
    wh = w[:, COMPONENTS.index("hours")]
    limited = s_hours < NO_LIMIT_HOURS
    a = np.where(limited, 0.5 * wh / s_hours, 0.0)
    hv = np.where(vh <= 40, 1.0, 0.7)
    hours_w = (np.minimum(vh[None, :] * a[:, None], (0.5 * wh)[:, None])
               + hv[None, :] * np.where(limited, 0.0, wh)[:, None]
               + np.where(limited, 0.5 * wh, 0.0)[:, None])[:, h_code]
    score += hours_w
    # required licences (hard)
    held = seekers.held[s_idx]
    req = vacancies.req_values
    if held.shape[1] == 1:
        req_ok = (req[None, :, 0] & ~held[:, 0][:, None]) == 0
    else:
        req_ok = ~np.any(req[None, :, :] & ~held[:, None, :], axis=2)
    allowed &= req_ok[:, vacancies.req_code[v_idx]]
    n_terms = vacancies.n_terms[v_idx]
    # preferred skills and licences met (score)
    pref = vacancies.pref_values
    n_pref = np.bitwise_count(pref).sum(axis=1).astype(np.float64)
    if held.shape[1] == 1:
        met = np.bitwise_count(pref[None, :, 0] & held[:, 0][:, None])
    else:
        met = np.bitwise_count(pref[None, :, :] & held[:, None, :]).sum(axis=2)
    inv = np.divide(1.0, n_pref, out=np.zeros_like(n_pref), where=n_pref > 0)
    skills_tab = met * inv[None, :] + np.where(n_pref > 0, 0.0, 0.5)[None, :]
    p_code = vacancies.pref_code[v_idx]
    score += (skills_tab * col["skills"])[:, p_code]
    # education (soft): meets the vacancy's requirement
    s_edu = seekers.education[s_idx]
    v_edu = vacancies.education[v_idx]
    score += np.where(np.arange(len(EDUCATION_RANK))[None, :] <= s_edu[:, None], col["education"], 0.0)[:, v_edu]
    if upper:  # the text at the most the vacancy's key words allow
        score += np.where(n_terms > 0, 1.0, 0.0)[None, :] * col["text"]
        return Block(allowed=allowed, in_group=in_group, score=score, parts={})
    # free text: the share of the vacancy's key words found in the seeker's skills and career (twice, at most 1)
    s_bits, v_bits = seekers.term_bits, vacancies.term_bits
    if s_bits is not None and v_bits is not None and s_bits.shape[1] == v_bits.shape[1]:
        sb, vb = s_bits[s_idx], v_bits[v_idx]
        overlap = np.bitwise_count(vb[None, :, 0] & sb[:, 0][:, None])
        if sb.shape[1] > 3:  # more than 255 terms in common could be counted
            overlap = overlap.astype(np.int16)
        for word in range(1, sb.shape[1]):
            overlap += np.bitwise_count(vb[None, :, word] & sb[:, word][:, None])
    else:
        overlap = (seekers.terms[s_idx] @ vacancies.terms[v_idx].T).toarray()
    t_inv = np.divide(2.0, n_terms, out=np.zeros_like(n_terms), where=n_terms > 0)
    text = np.minimum(overlap * t_inv[None, :], 1.0)
    score += text * col["text"]
    parts: dict[str, np.ndarray] = {}
    if with_parts:
        safe = np.where(w > 0, w, 1.0)
        edu_ok = v_edu[None, :] <= s_edu[:, None]
        parts = {"occupation": occ_tab[:, v_occ], "skills": skills_tab[:, p_code], "text": text,
                 "commute": COMMUTE_BY_DISTANCE[home][:, where], "wage": wage_w / safe[:, 4][:, None],
                 "hours": hours_w / safe[:, 5][:, None], "education": edu_ok.astype(np.float64)}
    return Block(allowed=allowed, in_group=in_group, score=score, parts=parts)


def _rank_key(block: Block) -> np.ndarray:
    """One number to sort by: in-group first, then the score (rounded to 1e-9, so both paths agree on ties)."""
    return np.where(block.allowed, np.round(block.score, 9) + block.in_group * 10.0, -1.0)


def top_of_block(block: Block, v_idx: np.ndarray, vacancies: VacancyTable, limit: int
                 ) -> list[list[tuple[int, float]]]:
    """Per seeker row, the best `limit` (vacancy index, rank key) of the block, ties by vacancy id."""
    key = _rank_key(block)
    if key.shape[0] > 1 and key.shape[1] > limit:
        return _top_rows(key, v_idx, vacancies, limit)
    ids = vacancies.ids[v_idx]
    out: list[list[tuple[int, float]]] = []
    for i in range(key.shape[0]):
        row = key[i]
        ok = np.flatnonzero(row >= 0)
        if len(ok) > limit * 4:
            part = ok[np.argpartition(-row[ok], limit * 4)[: limit * 4]]
            cut = np.sort(row[part])[-limit] if len(part) >= limit else -1
            ok = ok[row[ok] >= cut]
        order = ok[np.lexsort((ids[ok], -row[ok]))][:limit]
        out.append([(int(v_idx[j]), float(row[j])) for j in order])
    return out


def _top_rows(key: np.ndarray, v_idx: np.ndarray, vacancies: VacancyTable, limit: int
              ) -> list[list[tuple[int, float]]]:
    """`top_of_block` for all rows at once: each row's `limit`-th key by one partition, every cell at or above it
    (ties at the cut included), then one sort by (row, key descending, vacancy id)."""
    m = key.shape[0]
    cut = -np.partition(-key, limit - 1, axis=1)[:, limit - 1]
    cut = np.where(cut >= 0, cut, 0.0)  # a row with fewer than `limit` allowed: all its allowed cells
    rows, cols = np.nonzero(key >= cut[:, None])
    vals = key[rows, cols]
    ids = vacancies.ids[v_idx][cols]
    order = np.lexsort((ids, -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.searchsorted(rows, np.arange(m))
    rank = np.arange(len(rows)) - starts[rows]
    take = rank < limit
    rows, cols, vals = rows[take], cols[take], vals[take]
    out: list[list[tuple[int, float]]] = [[] for _ in range(m)]
    for r, j, val in zip(rows.tolist(), v_idx[cols].tolist(), vals.tolist(), strict=True):
        out[r].append((j, val))
    return out


def brute_force(seekers: SeekerTable, s_idx: np.ndarray, vacancies: VacancyTable, limit: int = 10,
                chunk: int = 8) -> list[list[int]]:
    """Every seeker against every vacancy, no blocking: the reference the bulk path must equal."""
    all_v = np.arange(len(vacancies))
    out: list[list[int]] = []
    for start in range(0, len(s_idx), chunk):
        part = np.asarray(s_idx[start:start + chunk])
        block = score_block(seekers, part, vacancies, all_v, with_parts=False)
        out.extend([[v for v, _ in row] for row in top_of_block(block, all_v, vacancies, limit)])
    return out


def _chunk_top(seekers: SeekerTable, chunk: np.ndarray, vacancies: VacancyTable, cand: np.ndarray, limit: int,
               sub: int = 16) -> list[list[tuple[int, float]]]:
    """The top `limit` of each seeker of a chunk (seekers sharing the candidates `cand`), pruned exactly.

    An upper bound for every pair first (every part exact but the text, taken at the most the vacancy's key words
    allow); then, `sub` seekers at a time (so the columns stay those of a few similar seekers): the true score of
    each one's best by that bound gives its `limit`-th score, and only the candidates whose bound reaches it for
    one of the `sub` seekers are scored for real. A candidate left out is below that seeker's `limit`-th true
    score, so the lists equal the brute force's."""
    k = limit * 3
    if len(cand) <= k * 2:
        return top_of_block(score_block(seekers, chunk, vacancies, cand, with_parts=False), cand, vacancies, limit)
    ub = score_block(seekers, chunk, vacancies, cand, upper=True)
    ukey = np.where(ub.allowed, ub.score + ub.in_group * 10.0, -1.0)
    best = np.argpartition(-ukey, k - 1, axis=1)[:, :k]
    out: list[list[tuple[int, float]]] = []
    for start in range(0, len(chunk), sub):
        rows = slice(start, start + sub)
        part = chunk[rows]
        first = cand[np.unique(best[rows].ravel())]
        key = _rank_key(score_block(seekers, part, vacancies, first, with_parts=False))
        n_ok = (key >= 0).sum(axis=1)
        kth = (np.where(n_ok >= limit, -np.partition(-key, limit - 1, axis=1)[:, limit - 1], -np.inf)
               if key.shape[1] >= limit else np.full(len(part), -np.inf))
        keep = (ukey[rows] >= kth[:, None] - 1e-6) & ub.allowed[rows]
        cols = cand[np.flatnonzero(keep.any(axis=0))]
        if len(cols) == 0:
            out.extend([] for _ in range(len(part)))
            continue
        block = score_block(seekers, part, vacancies, cols, with_parts=False)
        out.extend(top_of_block(block, cols, vacancies, limit))
    return out


class _Blocks:
    """The vacancies sorted by (major group, district) and by district, to slice a group's candidates."""

    def __init__(self, vacancies: VacancyTable) -> None:
        v_major = vacancies.major.astype(np.int64)
        v_dist = vacancies.district.astype(np.int64)
        self.order = np.lexsort((np.arange(len(vacancies)), v_dist, v_major))
        keys = v_major[self.order] * 100 + v_dist[self.order]
        uniq, first = np.unique(keys, return_index=True)
        self.bounds = dict(zip(uniq.tolist(), zip(first.tolist(), [*first[1:].tolist(), len(self.order)],
                                                  strict=True), strict=True))
        self.by_dist = np.lexsort((np.arange(len(vacancies)), v_dist))
        d_uniq, d_first = np.unique(v_dist[self.by_dist], return_index=True)
        self.d_bounds = dict(zip(d_uniq.tolist(), zip(d_first.tolist(), [*d_first[1:].tolist(), len(self.by_dist)],
                                                      strict=True), strict=True))

    @staticmethod
    def districts(home: int, commute: int) -> list[int]:
        if commute >= COMMUTE_SEOUL or home < 0:
            return [*range(len(seoul.NAMES)), -1]
        if commute == COMMUTE_OWN:
            return [home]
        return [home, *np.flatnonzero(_ADJ[home]).tolist()]

    def candidates(self, majors: Sequence[int], home: int, commute: int) -> np.ndarray:
        ds = self.districts(home, commute)
        parts = [self.order[self.bounds[m * 100 + d][0]:self.bounds[m * 100 + d][1]] for m in majors for d in ds
                 if m * 100 + d in self.bounds]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def anything(self, home: int, commute: int) -> np.ndarray:
        parts = [self.by_dist[self.d_bounds[d][0]:self.d_bounds[d][1]] for d in self.districts(home, commute)
                 if d in self.d_bounds]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


GroupKey = tuple[tuple[int, ...], int, int]


def _top_of_groups(seekers: SeekerTable, vacancies: VacancyTable, blocks: _Blocks,
                   groups: Sequence[tuple[GroupKey, list[int]]], limit: int, max_cells: int) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    short: list[int] = []
    for (majors, home, commute), members in groups:
        cand = blocks.candidates(majors, home, commute)
        if len(cand) == 0:
            short.extend(members)
            continue
        # similar seekers side by side (same desired codes, age band, close wages): a few rows share columns
        members = sorted(members, key=lambda i: (seekers.occ[i].tolist(), int(seekers.band[i]),
                                                 float(seekers.hourly[i])))
        step = max(1, max_cells // max(1, len(cand)))
        for start in range(0, len(members), step):
            chunk = np.array(members[start:start + step], dtype=np.int64)
            tops = _chunk_top(seekers, chunk, vacancies, cand, limit)
            for i, row in zip(chunk.tolist(), tops, strict=True):
                if len(row) < limit:
                    short.append(i)
                else:
                    result[i] = [v for v, _ in row]
    # the out-of-group tail: every vacancy of the allowed districts
    for i in short:
        cand = blocks.anything(int(seekers.home[i]), int(seekers.commute[i]))
        if len(cand) == 0:
            result[i] = []
            continue
        block = score_block(seekers, np.array([i]), vacancies, cand, with_parts=False)
        result[i] = [v for v, _ in top_of_block(block, cand, vacancies, limit)[0]]
    return result


# what a forked worker of `bulk_top` reads (inherited, not pickled)
_WORK: tuple[SeekerTable, VacancyTable, _Blocks, int, int] | None = None


def _worker(groups: list[tuple[GroupKey, list[int]]]) -> dict[int, list[int]]:
    assert _WORK is not None
    seekers, vacancies, blocks, limit, max_cells = _WORK
    return _top_of_groups(seekers, vacancies, blocks, groups, limit, max_cells)


def bulk_top(seekers: SeekerTable, vacancies: VacancyTable, limit: int = 10, s_idx: np.ndarray | None = None,
             max_cells: int = 250_000, workers: int | None = None) -> list[list[int]]:
    """Top `limit` vacancies (indices) for each seeker, blocked by occupation major group and region.

    Seekers are grouped by (desired major groups, home district, commute); a group's candidates are the vacancies
    of those major groups in the districts its commute allows (the region filter is exact). A seeker with fewer
    than `limit` allowed candidates inside the group is scored again against every allowed district's vacancies
    (the out-of-group tail). `workers` processes (forked, default one per core, at most 4) take the groups in
    batches when there are many seekers; the answer does not depend on them."""
    global _WORK
    if s_idx is None:
        s_idx = np.arange(len(seekers))
    s_idx = np.asarray(s_idx, dtype=np.int64)
    blocks = _Blocks(vacancies)
    grouped: dict[GroupKey, list[int]] = {}
    for i in s_idx.tolist():
        majors = tuple(sorted({int(m) for m in seekers.major[i] if m >= 0}))
        grouped.setdefault((majors, int(seekers.home[i]), int(seekers.commute[i])), []).append(i)
    groups = list(grouped.items())
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if len(s_idx) >= 5000 else 1
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        result = _top_of_groups(seekers, vacancies, blocks, groups, limit, max_cells)
        return [result[i] for i in s_idx.tolist()]
    # batches of about equal work (seekers x candidates), the largest first so the last ones are short
    cost = {key: len(members) * max(1, len(blocks.candidates(*key))) for key, members in groups}
    groups.sort(key=lambda g: -cost[g[0]])
    target = sum(cost.values()) / (workers * 12)
    batches: list[list[tuple[GroupKey, list[int]]]] = [[]]
    load = 0.0
    for g in groups:
        if load >= target:
            batches.append([])
            load = 0.0
        batches[-1].append(g)
        load += cost[g[0]]
    _WORK = (seekers, vacancies, blocks, limit, max_cells)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            result = {}
            for part in pool.imap_unordered(_worker, batches):
                result.update(part)
    finally:
        _WORK = None
    return [result[i] for i in s_idx.tolist()]
