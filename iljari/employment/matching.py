"""Matching seekers and vacancies (알선 추천) both ways, from the database: hard filters in SQL (open and within its
dates, region by the seeker's commute over Seoul's district borders, hours, required licences, the occupation's
major group as the block), then the wage floor and the score on arrays (`employment.scoring`), with reasons in
words in both languages. docs/employment.md ("Matching").

The free text (a vacancy's tasks and requirements, a seeker's skills and career) is read by kiwipiepy (the
analyser `programs.search` already loads). Text is scored in a second stage for the best candidates only, so the
answer is exact: a candidate left out of the second stage could not have passed the last one kept even with the
best text score.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from . import scoring, seoul
from .scoring import SeekerRow, Space, VacancyRow, hourly_equivalent


@dataclass
class Reason:
    """One reason of a match in words, in both languages; `good` False for a shortfall (e.g. a missing licence)."""

    ko: str
    en: str
    good: bool = True


@dataclass
class Match:
    vacancy: Any
    seeker: Any
    score: float  # 0..1
    reasons: list[Reason] = field(default_factory=list)


# --- free text -------------------------------------------------------------------------------------------------

TERM_TAGS = {"NNG", "NNP", "XR", "SL"}
STOPWORDS = {"업무", "근무", "가능", "우대", "경력", "경험", "관련", "담당", "및", "등", "기타", "보조", "자격", "소지",
             "채용", "모집", "지원", "시간", "이상", "이하", "내외", "무관", "사람", "직원", "회사", "업체", "년", "개월",
             "급여", "협의", "주", "일", "월"}


_TERMS: dict[str, tuple[str, ...]] = {}
MAX_CACHED_TEXTS = 300_000


def _terms_of(tokens: Any) -> tuple[str, ...]:
    out: list[str] = []
    for t in tokens:
        w = t.form.lower()
        if t.tag not in TERM_TAGS or len(w) < 2 or w in STOPWORDS or w in _DISTRICT_WORDS:
            continue
        if w not in out:
            out.append(w)
    return tuple(out)


def text_terms_many(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """Key words of Korean texts (nouns, roots, foreign words) by kiwipiepy, without the words every posting
    uses and without district names (the region is compared on its own). Each distinct text is analysed once
    per process; new texts go to kiwipiepy in one batch."""
    clean = [(t or "").strip()[:1000] for t in texts]
    todo = sorted({t for t in clean if t and t not in _TERMS})
    if todo:
        from iljari.programs.search import _kiwi

        if len(_TERMS) + len(todo) > MAX_CACHED_TEXTS:
            _TERMS.clear()
        for text, tokens in zip(todo, _kiwi().tokenize(todo), strict=True):
            _TERMS[text] = _terms_of(tokens)
    return [_TERMS.get(t, ()) if t else () for t in clean]


def text_terms(text: str) -> tuple[str, ...]:
    return text_terms_many([text])[0]


_DISTRICT_WORDS = {n[:-1] for n in seoul.NAMES if len(n) > 2} | set(seoul.NAMES)


@functools.lru_cache(maxsize=1)
def _skill_names() -> tuple[tuple[str, str, str, str], ...]:
    """(code, name, English name, kind) of the active skills and licences (read once per process)."""
    from .models import SkillCode

    return tuple(SkillCode.objects.filter(active=True).values_list("code", "name_ko", "name_en", "kind"))


_NAMED: dict[str, tuple[str, ...]] = {}


@functools.lru_cache(maxsize=1)
def _flat_skill_names() -> tuple[tuple[str, str], ...]:
    return tuple((code, re.sub(r"\s+", "", name)) for code, name, _en, _kind in _skill_names())


def skills_named(text: str) -> tuple[str, ...]:
    """Codes of the skills and licences whose names are written in a text (spaces aside); remembered per distinct
    text in the process."""
    got = _NAMED.get(text or "")
    if got is not None:
        return got
    flat = re.sub(r"\s+", "", text or "")
    got = tuple(code for code, name in _flat_skill_names() if name in flat) if flat else ()
    if len(_NAMED) > MAX_CACHED_TEXTS:
        _NAMED.clear()
    _NAMED[text or ""] = got
    return got


def clear_caches() -> None:
    _skill_names.cache_clear()
    _flat_skill_names.cache_clear()
    _NAMED.clear()
    _occupation_names.cache_clear()
    _OPEN.clear()


@functools.lru_cache(maxsize=1)
def _occupation_names() -> dict[str, tuple[str, str]]:
    from .models import Occupation

    return {c: (ko, en or ko) for c, ko, en in Occupation.objects.values_list("code", "name_ko", "name_en")}


# --- rows from the database ------------------------------------------------------------------------------------

def age_at(birth_date: dt.date | None, as_of: dt.date) -> int | None:
    if birth_date is None:
        return None
    return as_of.year - birth_date.year - ((as_of.month, as_of.day) < (birth_date.month, birth_date.day))


SEEKER_FIELDS = ("id", "home_district__name_ko", "commute", "desired_wage", "wage_type", "hours_per_week",
                 "education", "skills_text", "career_text", "person__birth_date")


def seeker_rows(qs: QuerySet, as_of: dt.date) -> list[SeekerRow]:
    """Seekers as rows for the engine, in a fixed number of queries (desired occupations, licences and career
    entries by their link tables)."""
    from .models import CareerEntry, Seeker

    rows = list(qs.values_list(*SEEKER_FIELDS))
    ids = [r[0] for r in rows]
    desired: dict[int, list[str]] = {}
    held: dict[int, list[str]] = {}
    career: dict[int, list[str]] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        for sid, code in Seeker.desired_occupations.through.objects.filter(seeker_id__in=chunk).values_list(
                "seeker_id", "occupation__code"):
            desired.setdefault(sid, []).append(code)
        for sid, code in Seeker.licences.through.objects.filter(seeker_id__in=chunk).values_list(
                "seeker_id", "skillcode__code"):
            held.setdefault(sid, []).append(code)
        for sid, tasks in CareerEntry.objects.filter(seeker_id__in=chunk).values_list("seeker_id", "tasks"):
            career.setdefault(sid, []).append(tasks or "")
    out = []
    for sid, home, commute, wage, wage_type, hours, education, skills, career_text, birth in rows:
        text = " ".join([skills or "", career_text or "", *career.get(sid, [])])
        out.append(SeekerRow(
            id=sid, occupations=tuple(sorted(desired.get(sid, []))), home=home, commute=commute, wage=wage,
            wage_type=wage_type, hours=hours, education=education,
            held=tuple(dict.fromkeys([*held.get(sid, []), *skills_named(text)])), age=age_at(birth, as_of),
            terms=text_terms(text)))
    return out


def seeker_row(seeker: Any, as_of: dt.date) -> SeekerRow:
    from .models import Seeker

    return seeker_rows(Seeker.objects.filter(pk=seeker.pk), as_of)[0]


VAC_FIELDS = ("id", "occupation__code", "district__name_ko", "wage", "wage_type", "hours_per_week", "education",
              "tasks", "requirements")


def vacancy_rows(qs: QuerySet, *, with_text: bool = True) -> list[VacancyRow]:
    from .models import Vacancy

    fields = VAC_FIELDS if with_text else VAC_FIELDS[:-2]
    rows = [r if with_text else (*r, "", "") for r in qs.values_list(*fields)]
    required: dict[int, list[str]] = {}
    if rows:
        through = Vacancy.required_licences.through
        for vid, code in through.objects.filter(vacancy__in=qs.values("pk")).values_list(
                "vacancy_id", "skillcode__code"):
            required.setdefault(vid, []).append(code)
    out = []
    for vid, occ, district, wage, wage_type, hours, education, tasks, reqs in rows:
        text = f"{tasks or ''} {reqs or ''}" if with_text else ""
        out.append(VacancyRow(
            id=vid, occupation=occ, district=district or "", wage=wage, wage_type=wage_type, hours=hours,
            education=education, required=tuple(required.get(vid, ())),
            preferred=skills_named(text) if with_text else (), terms=text_terms(text) if with_text else ()))
    return out


def open_vacancies(as_of: dt.date, *, historical: bool = False) -> QuerySet:
    """Vacancies a seeker could be sent to on `as_of`: open, posted, before the deadline. `historical` (the
    offline evaluation) also takes those since filled or closed, as they were open then."""
    from .models import Vacancy

    statuses = [Vacancy.Status.OPEN] + ([Vacancy.Status.FILLED, Vacancy.Status.CLOSED] if historical else [])
    return Vacancy.objects.filter(status__in=statuses, posted_on__lte=as_of, deadline__gte=as_of)


def _allowed_districts(home: str | None, commute: str) -> list[str] | None:
    """District names a seeker would commute to; None: anywhere."""
    if not home or home not in seoul.INDEX or commute == "seoul":
        return None
    if commute == "own":
        return [home]
    return [home, *sorted(seoul.neighbours(home))]


def _major_q(field_name: str, majors: Iterable[int]) -> Q:
    q = Q()
    for m in sorted(set(majors)):
        q |= Q(**{f"{field_name}__startswith": str(m)})
    return q


# --- ranking with the exact two-stage text score ---------------------------------------------------------------

def _rank(seekers: list[SeekerRow], vacancies: list[VacancyRow], limit: int, *, by_seeker: bool,
          with_parts: bool = True) -> list[tuple[int, int, float, dict[str, float]]]:
    """(seeker index, vacancy index, score, parts) of the best `limit`, for one seeker (by_seeker) or one
    vacancy. The text component is added for the best candidates only, with an exact bound."""
    if not seekers or not vacancies:
        return []
    space = Space()
    st = scoring.SeekerTable(seekers, space)
    vt = scoring.VacancyTable(vacancies, space)
    scoring.freeze(st, vt)
    block = scoring.score_block(st, np.arange(len(st)), vt, np.arange(len(vt)), with_parts=with_parts)
    key = scoring._rank_key(block)
    flat = key.ravel()
    ids = (vt.ids[None, :] if by_seeker else st.ids[:, None]) * np.ones_like(key, dtype=np.int64)
    ok = np.flatnonzero(flat >= 0)
    ok = ok[np.lexsort((ids.ravel()[ok], -flat[ok]))]
    width = key.shape[1]
    if not with_parts:
        return [(int(i // width), int(i % width), float(block.score.flat[i]), {}) for i in ok[:limit].tolist()]
    return [(int(i // width), int(i % width), float(block.score.flat[i]),
             {c: float(block.parts[c].flat[i]) for c in scoring.COMPONENTS}) for i in ok[:limit].tolist()]


def _with_text(seeker_rows: list[SeekerRow], vacancy_rows_: list[VacancyRow], limit: int, by_seeker: bool,
               fill_text: Any, first: list[tuple[int, int, float, dict[str, float]]] | None = None
               ) -> list[tuple[int, int, float, dict[str, float]]]:
    """Stage 1 without the vacancies' text (or seekers' text), stage 2 with it for the best; widened until the
    last kept answer beats the best the rest could reach. `first`: stage 1 already ranked (the open set's
    arrays), else ranked here."""
    if first is None:
        first = _rank(seeker_rows, vacancy_rows_, len(vacancy_rows_) if by_seeker else len(seeker_rows),
                      by_seeker=by_seeker, with_parts=False)
    if not first:
        return []
    # the most the text can add to any candidate: its own weight, and half the skills' (stage 1 counts the skills
    # a vacancy names in its text as none named: 0.5; read, they are between 0 and 1)
    bands = {scoring.band_of(s.age) for s in seeker_rows}
    bonus = max(scoring.W[b][scoring.COMPONENTS.index("text")] + 0.5 * scoring.W[b][scoring.COMPONENTS.index("skills")]
                for b in bands)
    k = max(limit * 4, 40)
    while True:
        head = first[:k]
        idx = [v if by_seeker else s for s, v, _score, _p in head]
        filled = fill_text(idx)
        if by_seeker:
            ranked = _rank(seeker_rows, filled, limit, by_seeker=True)
            ranked = [(s, idx[v], score, p) for s, v, score, p in ranked]
        else:
            ranked = _rank(filled, vacancy_rows_, limit, by_seeker=False)
            ranked = [(idx[s], v, score, p) for s, v, score, p in ranked]
        if k >= len(first):
            return ranked
        # the rank key of the first left out, plus the most text could add, against the last kept
        s0, v0, score0, _p = first[k]
        in_group_rest = _in_group(seeker_rows[s0], vacancy_rows_[v0])
        last = ranked[-1] if len(ranked) >= limit else None
        if last is not None:
            last_group = _in_group(seeker_rows[last[0]], vacancy_rows_[last[1]])
            if (last_group and not in_group_rest) or (last_group == in_group_rest and last[2] > score0 + bonus):
                return ranked
        k *= 4


def _in_group(s: SeekerRow, v: VacancyRow) -> bool:
    return scoring.occ_parts(v.occupation)[0] in {scoring.occ_parts(c)[0] for c in s.occupations}


# --- reasons in words ------------------------------------------------------------------------------------------

WAGE_TYPE_WORDS = {"hourly": ("시급", "an hour"), "daily": ("일급", "a day"), "monthly": ("월급", "a month"),
                   "annual": ("연봉", "a year")}
EDUCATION_WORDS = {"none": ("학력 무관", "any education"), "middle": ("중학교 졸업", "middle school"),
                   "high": ("고등학교 졸업", "high school"), "college": ("전문대학 졸업", "college"),
                   "university": ("대학교 졸업", "university"), "graduate": ("대학원 졸업", "graduate school")}


def _occ_name(code: str) -> tuple[str, str]:
    return _occupation_names().get(code, (code, code))


def reasons_for(s: SeekerRow, v: VacancyRow, parts: dict[str, float]) -> list[Reason]:
    """The reasons of one pair in words, strongest first: occupation, region, licences and skills, wage, hours,
    education, the words of the tasks found in the seeker's skills and career."""
    out: list[Reason] = []
    occ = parts["occupation"]
    if occ >= scoring.OCC_SAME:
        ko, en = _occ_name(v.occupation)
        out.append(Reason(f"희망 직종과 같은 직종({ko})", f"The desired occupation ({en})"))
    elif occ >= scoring.OCC_MIDDLE:
        ko, en = _occ_name(v.occupation[:2])
        out.append(Reason(f"희망 직종과 같은 중분류({ko})", f"Same middle category as the desired occupation ({en})"))
    elif occ >= scoring.OCC_MAJOR:
        ko, en = _occ_name(v.occupation[:1])
        out.append(Reason(f"희망 직종과 같은 대분류({ko})", f"Same major group as the desired occupation ({en})"))
    elif s.occupations:
        ko, en = _occ_name(v.occupation)
        out.append(Reason(f"희망 직종과 다른 분야({ko})", f"Outside the desired occupations ({en})", good=False))
    if s.home and v.district:
        home_en, there_en = seoul.english(s.home), seoul.english(v.district)
        if v.district == s.home:
            out.append(Reason(f"거주지({s.home})와 같은 자치구", f"In the home district ({home_en})"))
        elif v.district in seoul.neighbours(s.home):
            out.append(Reason(f"거주지({s.home})와 이웃한 자치구({v.district})",
                              f"Next to the home district ({there_en}, next to {home_en})"))
        else:
            out.append(Reason(f"거주지({s.home})에서 먼 자치구({v.district})",
                              f"Away from the home district ({there_en}, from {home_en})", good=False))
    names = {code: (ko, en, kind) for code, ko, en, kind in _skill_names()}
    held = set(s.held)
    for code in dict.fromkeys([*v.required, *v.preferred]):
        ko, en, kind = names.get(code, (code, code, "skill"))
        if code in held:
            if kind == "licence":
                out.append(Reason(f"{ko} 자격 보유", f"Holds the {en} licence"))
            else:
                out.append(Reason(f"{ko} 가능", f"Has the skill: {en}"))
        elif kind == "licence":
            out.append(Reason(f"{ko} 자격 없음", f"No {en} licence", good=False))
        else:
            out.append(Reason(f"{ko} 기술 없음", f"Lacks the skill: {en}", good=False))
    wt_ko, wt_en = WAGE_TYPE_WORDS.get(v.wage_type, ("임금", ""))
    if s.wage:
        # The wage floor compares won an hour; a shorter job paying more an hour may still pay less a month, so
        # the reason says what was compared (the walk found "above the desired wage" misleading there).
        better = parts["wage"] > 0.75
        offered = round(hourly_equivalent(v.wage, v.wage_type, v.hours))
        wanted = round(hourly_equivalent(s.wage, s.wage_type, s.hours))
        out.append(Reason(f"시간당 임금이 희망{'보다 높음' if better else ' 이상'}({wt_ko} {int(v.wage):,}원: 시간당 약 {offered:,}원,"
                          f" 희망 약 {wanted:,}원)",
                          f"Pays {'more than' if better else 'at least'} the desired wage an hour ({int(v.wage):,} won"
                          f" {wt_en}: about {offered:,} won an hour, {wanted:,} wanted)"))
    if s.hours:
        out.append(Reason(f"주 {v.hours}시간 근무(희망 {s.hours}시간 이내)",
                          f"{v.hours} hours a week (within the {s.hours} wanted)"))
    if parts["education"] < 1:
        ko, en = EDUCATION_WORDS.get(v.education, (v.education, v.education))
        out.append(Reason(f"학력 요건({ko}) 미달", f"Below the education asked ({en})", good=False))
    common = [t for t in v.terms if t in set(s.terms)][:3]
    if common:
        words = ", ".join(common)
        out.append(Reason(f"기술·경력에 업무 관련 단어({words})", f"Skills or career mention the tasks ({words})"))
    return out


# --- the interface the pages call ------------------------------------------------------------------------------

@contextlib.contextmanager
def _no_gc_pauses() -> Any:
    """Tens of thousands of short-lived rows make the cyclic garbage collector walk the whole heap several times
    per request (most of a request's time in a loaded process); they hold no cycles, so it waits until the end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def vacancies_for_seeker(seeker: Any, *, limit: int = 10, as_of: dt.date | None = None,
                         historical: bool = False, queryset: QuerySet | None = None,
                         centres: Iterable[int] | None = None, cached: bool = True) -> list[Match]:
    """Open vacancies for a seeker, best first, each with its reasons (a vacancy outside the desired occupations'
    major groups only when fewer than `limit` are inside them). `centres`: only the vacancies of these centres
    (what a caller may see: `Centre.objects.restrict(user, action)`). Without a `queryset`, both stages run on
    the open vacancies' arrays kept in the process (`open_set`); `cached=False` or a `queryset` reads the
    candidate rows instead (the same answer, slower), as does `historical` (the offline evaluation asks for a
    different past day each time)."""
    with _no_gc_pauses():
        return _vacancies_for_seeker(seeker, limit=limit, as_of=as_of, historical=historical, queryset=queryset,
                                     centres=centres, cached=cached)


def _vacancies_for_seeker(seeker: Any, *, limit: int, as_of: dt.date | None, historical: bool,
                          queryset: QuerySet | None, centres: Iterable[int] | None, cached: bool = True
                          ) -> list[Match]:
    from .models import Vacancy

    as_of = as_of or timezone.localdate()
    s = seeker_row(seeker, as_of)
    if queryset is None and cached and not historical:  # the evaluation's many past days read rows instead
        ranked = _from_open_set(s, open_set(as_of, historical=historical), limit,
                                None if centres is None else list(centres))
        by_id = Vacancy.objects.select_related("district", "occupation", "employer").in_bulk(
            [v.id for v, _sc, _p in ranked])
        return [Match(vacancy=by_id[v.id], seeker=seeker, score=round(score, 4), reasons=reasons_for(s, v, p))
                for v, score, p in ranked]
    qs = queryset if queryset is not None else open_vacancies(as_of, historical=historical)
    if centres is not None:
        qs = qs.filter(centre__in=list(centres))
    districts = _allowed_districts(s.home, s.commute)
    if districts is not None:
        qs = qs.filter(district__name_ko__in=districts)
    if s.hours:
        qs = qs.filter(hours_per_week__lte=s.hours)
    qs = qs.exclude(required_licences__in=_licences_not_held(s.held))
    majors = {scoring.occ_parts(c)[0] for c in s.occupations}
    rows = vacancy_rows(qs.filter(_major_q("occupation__code", majors)), with_text=False) if majors else []
    ranked = _vacancies_ranked(s, rows, limit)
    if len(ranked) < limit:  # the out-of-group tail
        tail_qs = qs.exclude(_major_q("occupation__code", majors)) if majors else qs
        ranked += _vacancies_ranked(s, vacancy_rows(tail_qs, with_text=False), limit - len(ranked))
    by_id = Vacancy.objects.select_related("district", "occupation", "employer").in_bulk([v.id for v, _sc, _p in
                                                                                         ranked])
    return [Match(vacancy=by_id[v.id], seeker=seeker, score=round(score, 4), reasons=reasons_for(s, v, p))
            for v, score, p in ranked]


# --- the open vacancies' arrays, kept per process -----------------------------------------------------------------

TextFeatures = tuple[tuple[str, ...], tuple[str, ...]]  # (skill and licence codes named, key words)


@dataclass
class OpenSet:
    """Stage 1's columns of every open vacancy (no text), as `scoring` tables, for one day. `key`: the database
    fingerprint it was read under."""

    key: tuple
    space: Space
    table: scoring.VacancyTable
    lock: threading.Lock = field(default_factory=threading.Lock)
    centre: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each row's centre id
    texts: dict[int, TextFeatures] = field(default_factory=dict)  # filled as stage 2 reads them


_OPEN: dict[tuple[dt.date, bool], OpenSet] = {}
_OPEN_LOCK = threading.Lock()


def _fingerprint() -> tuple:
    """Cheap to read (two indexed maxima, a count, and the required-licence links), and changes when a vacancy is
    created, saved (`changed_at`, stamped by every save: an edit, a closure, a filled post), deleted, or has its
    required licences changed. A vacancy passing its deadline or its posting day changes the day, which is part
    of the key. A queryset `update` must set `changed_at` too."""
    from .models import Vacancy

    vacancies = Vacancy.objects.all()
    new = vacancies.aggregate(new=Max("changed_at"))["new"]  # each maximum alone, so each reads its index
    top = vacancies.aggregate(top=Max("id"))["top"]
    lic = Vacancy.required_licences.through.objects.aggregate(
        n=Count("id"), s=Sum(F("vacancy_id") * 1009 + F("skillcode_id")))
    return (vacancies.count(), top, new, lic["n"], lic["s"])


def open_set(as_of: dt.date, *, historical: bool = False) -> OpenSet:
    """The open vacancies' arrays for `as_of`, read again only when the fingerprint changed (one aggregate query
    per request otherwise)."""
    qs = open_vacancies(as_of, historical=historical)
    key = (as_of, historical, *_fingerprint())
    got = _OPEN.get((as_of, historical))
    if got is not None and got.key == key and got.table.required.shape[1] == got.space.words:
        return got
    with _OPEN_LOCK:
        got = _OPEN.get((as_of, historical))
        if got is not None and got.key == key and got.table.required.shape[1] == got.space.words:
            return got
        space = Space()
        for code, *_rest in _skill_names():  # every code known up front: a seeker's never widens the bit sets
            space.skills.id(code)
        for code in sorted(_occupation_names()):
            space.occupations.id(code)
        rows = vacancy_rows(qs.order_by("pk"), with_text=False)
        table = scoring.VacancyTable(rows, space)
        table.freeze()
        centre_of = dict(qs.values_list("pk", "centre_id"))
        centre = np.array([centre_of.get(pk, -1) for pk in table.ids.tolist()], dtype=np.int64)
        built = OpenSet(key=key, space=space, table=table, centre=centre)
        if len(_OPEN) >= 4:
            _OPEN.clear()
        _OPEN[(as_of, historical)] = built
        return built


def _from_open_set(s: SeekerRow, cache: OpenSet, limit: int, centres: list[int] | None = None
                   ) -> list[tuple[VacancyRow, float, dict[str, float]]]:
    """The same answer as the rows read from the database: the hard filters and stage 1 on the open set's arrays,
    stage 2 (the text of the best) from the database."""
    vt = cache.table
    if len(vt) == 0:
        return []
    with cache.lock:  # a code new since the set was read gets its id here
        one = replace(s, terms=(), held=tuple(c for c in s.held if c in cache.space.skills.ids))
        st = scoring.SeekerTable([one], cache.space)
        st.freeze()
    home = scoring._d(st.home)[0]
    near = scoring.DISTANCE[home][scoring._d(vt.district)] <= st.commute[0]
    base = near & (vt.hours <= st.hours[0])
    if centres is not None:
        base &= np.isin(cache.centre, np.array(centres, dtype=np.int64))
    majors = np.array(sorted({int(m) for m in st.major[0] if m >= 0}), dtype=np.int16)
    inside = np.isin(vt.major, majors)
    ranked = _ranked_among(s, st, cache, np.flatnonzero(base & inside), limit) if len(majors) else []
    if len(ranked) < limit:  # the out-of-group tail
        rest = base & ~inside if len(majors) else base
        ranked += _ranked_among(s, st, cache, np.flatnonzero(rest), limit - len(ranked))
    return ranked


def _ranked_among(s: SeekerRow, st: scoring.SeekerTable, cache: OpenSet, cand: np.ndarray, limit: int
                  ) -> list[tuple[VacancyRow, float, dict[str, float]]]:
    """Stage 1 on the open set's arrays, then stage 2 on the same arrays with the best candidates' text: the
    steps of `_with_text` (the best 40, widened fourfold until the last kept beats the first left out plus the
    most the text could add), without building rows."""
    vt = cache.table
    if len(cand) == 0 or limit <= 0:
        return []
    block = scoring.score_block(st, np.zeros(1, dtype=np.int64), vt, cand, with_parts=False)
    key = scoring._rank_key(block)[0]
    ok = np.flatnonzero(key >= 0)
    ok = ok[np.lexsort((vt.ids[cand[ok]], -key[ok]))]
    if len(ok) == 0:
        return []
    first = cand[ok]  # open-set indices, best first by stage 1
    first_score = block.score[0, ok]
    first_group = block.in_group[0, ok]
    band = scoring.band_of(s.age)
    bonus = (scoring.W[band][scoring.COMPONENTS.index("text")]
             + 0.5 * scoring.W[band][scoring.COMPONENTS.index("skills")])
    k = max(limit * 4, 40)
    while True:
        head = first[:k]
        table, seeker, order, block2 = _stage_two(s, cache, head)
        ranked = order[:limit]
        if k >= len(first):
            break
        last = ranked[-1] if len(ranked) >= limit else None
        if last is not None:
            last_group = bool(block2.in_group[0, last])
            rest_group = bool(first_group[k])
            if (last_group and not rest_group) or (last_group == rest_group
                                                   and float(block2.score[0, last]) > float(first_score[k]) + bonus):
                break
        k *= 4
    out = []
    for j in ranked.tolist():
        pref, words = cache.texts[int(table.ids[j])]
        row = replace(table.rows[j], preferred=pref, terms=words)
        parts = {c: float(block2.parts[c][0, j]) for c in scoring.COMPONENTS}
        out.append((row, float(block2.score[0, j]), parts))
    del seeker
    return out


def _stage_two(s: SeekerRow, cache: OpenSet, head: np.ndarray
               ) -> tuple[scoring.VacancyTable, scoring.SeekerTable, np.ndarray, scoring.Block]:
    """The candidates `head` (open-set indices) scored with their text, ordered as `_rank` orders them."""
    from .models import Vacancy

    vt = cache.table
    ids = vt.ids[head].tolist()
    need = [pk for pk in ids if pk not in cache.texts]
    if need:
        texts = {pk: f"{t or ''} {r or ''}" for pk, t, r in Vacancy.objects.filter(pk__in=need).values_list(
            "pk", "tasks", "requirements")}
        terms = text_terms_many([texts.get(pk, "") for pk in need])
        for pk, words in zip(need, terms, strict=True):
            cache.texts[pk] = (skills_named(texts.get(pk, "")), words)
    feats = [cache.texts[pk] for pk in ids]
    with cache.lock:  # the occupation and skill ids are the open set's; the key words this request's own
        space = Space(occupations=cache.space.occupations, skills=cache.space.skills)
        table = vt.subset(head, space, [f[0] for f in feats], [f[1] for f in feats])
        one = replace(s, held=tuple(c for c in s.held if c in space.skills.ids))
        seeker = scoring.SeekerTable([one], space)
        table.freeze()
        seeker.freeze()
    block = scoring.score_block(seeker, np.zeros(1, dtype=np.int64), table, np.arange(len(head)))
    key = scoring._rank_key(block)[0]
    ok = np.flatnonzero(key >= 0)
    order = ok[np.lexsort((table.ids[ok], -key[ok]))]
    return table, seeker, order, block


def _licences_not_held(held: Sequence[str]) -> QuerySet:
    from .models import SkillCode

    return SkillCode.objects.filter(kind=SkillCode.Kind.LICENCE).exclude(code__in=list(held))


def _vacancies_ranked(s: SeekerRow, rows: list[VacancyRow], limit: int,
                      first: list[tuple[int, int, float, dict[str, float]]] | None = None,
                      known: dict[int, TextFeatures] | None = None
                      ) -> list[tuple[VacancyRow, float, dict[str, float]]]:
    """Stage 2 reads the text of the best candidates; `known`: what was read of each vacancy's text before (the
    open set's, dropped with it when any vacancy changes)."""
    if not rows or limit <= 0:
        return []
    known = {} if known is None else known

    def fill(idx: list[int]) -> list[VacancyRow]:
        from .models import Vacancy

        need = [rows[i].id for i in idx if rows[i].id not in known]
        if need:
            texts = {pk: f"{t or ''} {r or ''}" for pk, t, r in Vacancy.objects.filter(pk__in=need).values_list(
                "pk", "tasks", "requirements")}
            terms = text_terms_many([texts.get(pk, "") for pk in need])
            for pk, words in zip(need, terms, strict=True):
                known[pk] = (skills_named(texts.get(pk, "")), words)
        return [VacancyRow(**{**rows[i].__dict__, "preferred": known[rows[i].id][0],
                              "terms": known[rows[i].id][1]}) for i in idx]

    ranked = _with_text([s], rows, limit, True, fill, first)
    filled = {r.id: r for r in fill([v for _s, v, _sc, _p in ranked])} if ranked else {}
    return [(filled[rows[v].id], score, p) for _s, v, score, p in ranked]


def seekers_for_vacancy(vacancy: Any, *, limit: int = 10, as_of: dt.date | None = None,
                        queryset: QuerySet | None = None) -> list[Match]:
    """Active seekers for a vacancy, best first, each with its reasons: those who would commute to its district,
    work its hours, earn at least what they ask and hold its required licences."""
    with _no_gc_pauses():
        return _seekers_for_vacancy(vacancy, limit=limit, as_of=as_of, queryset=queryset)


def _seekers_for_vacancy(vacancy: Any, *, limit: int, as_of: dt.date | None, queryset: QuerySet | None
                         ) -> list[Match]:
    from .models import Seeker, Vacancy

    as_of = as_of or timezone.localdate()
    v = vacancy_rows(Vacancy.objects.filter(pk=vacancy.pk))[0]
    qs = queryset if queryset is not None else Seeker.objects.filter(status=Seeker.Status.ACTIVE)
    if v.district in seoul.INDEX:
        qs = qs.filter(Q(commute="seoul") | Q(home_district__isnull=True) | Q(home_district__name_ko=v.district)
                       | Q(commute="neighbour", home_district__name_ko__in=sorted(seoul.neighbours(v.district))))
    qs = qs.filter(Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=v.hours))
    for code in v.required:
        qs = qs.filter(licences__code=code)
    major = scoring.occ_parts(v.occupation)[0]
    inside = qs.filter(desired_occupations__code__startswith=str(major)).distinct()
    ranked = _seekers_ranked(v, inside, limit, as_of)
    if len(ranked) < limit:
        outside = qs.exclude(pk__in=list(inside.values_list("pk", flat=True)[:MAX_SEEKERS * 4]))
        ranked += _seekers_ranked(v, outside, limit - len(ranked), as_of)
    by_id = Seeker.objects.select_related("person", "home_district").in_bulk([s.id for s, _sc, _p in ranked])
    return [Match(vacancy=vacancy, seeker=by_id[s.id], score=round(score, 4), reasons=reasons_for(s, v, p))
            for s, score, p in ranked]


MAX_SEEKERS = 5000  # the most recent candidates of a block read for one vacancy


def _seekers_ranked(v: VacancyRow, qs: QuerySet, limit: int, as_of: dt.date
                    ) -> list[tuple[SeekerRow, float, dict[str, float]]]:
    if limit <= 0:
        return []
    rows = seeker_rows(qs.order_by("-registered_on", "pk")[:MAX_SEEKERS], as_of)
    if not rows:
        return []
    ranked = _rank(rows, [v], limit, by_seeker=False)
    return [(rows[s], score, p) for s, _v, score, p in ranked]
