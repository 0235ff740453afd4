"""Key terms of a program's name and description: Korean morphemes by kiwipiepy, normalised for this domain.

Nouns, proper nouns, roots and foreign words are kept; words every job program uses (사업, 지원, 일자리, 운영 ...)
and place words (the area is compared on its own) are dropped; spellings of one idea are joined (인턴십 → 인턴,
노인 / 시니어 / 고령자 → 어르신). Adjacent nouns of the name also form a compound (공공 + 근로 → 공공근로), since
Korean program names are built from compounds that kiwipiepy splits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

KEEP_TAGS = {"NNG", "NNP", "XR", "SL", "SH"}
STOPWORDS = {
    "사업", "지원", "지원사업", "일자리", "일자리사업", "운영", "추진", "등", "및", "기타", "활성화", "창출", "확대", "강화",
    "관련", "대상", "사업비", "예산", "예시", "예시값", "잔여", "묶음", "합계", "유형", "부서", "소관", "단위", "개소",
    "개", "명", "원", "억", "백만", "천", "년", "월", "최대", "시", "구", "서울", "서울시", "서울형", "자치구", "지역",
    "seed", "l", "docs", "md", "demo", "data", "참조", "값", "배분", "이름", "나머지", "정확히", "맞추", "만든",
    "이내", "미만", "이하", "이상", "단계", "인원", "실적", "임기", "공약", "구비", "시비", "국비", "비", "취", "팀",
    "선발", "산정", "별도", "전", "후", "내", "외", "중", "기준", "목표", "계획", "현황", "총", "약", "각", "연",
}
PLACES = {  # Seoul's districts and the like: the area is compared on its own, not as a word
    "종로", "용산", "성동", "광진", "동대문", "중랑", "성북", "강북", "도봉", "노원", "은평", "서대문", "마포", "양천", "강서",
    "구로", "금천", "영등포", "동작", "관악", "서초", "강남", "송파", "강동", "강감찬", "관악형", "영등포형", "합성시",
}
SYNONYMS = {
    "인턴십": "인턴", "노인": "어르신", "시니어": "어르신", "고령자": "어르신", "고령": "어르신", "경력단절": "경단",
    "경단녀": "경단", "취약": "취약계층", "청년층": "청년", "장년": "중장년", "신중년": "중장년", "보육교사": "보육",
    "어린이집": "보육", "돌보미": "돌봄", "돌봄서비스": "돌봄", "방역": "방역", "취업알선": "알선", "직업훈련": "훈련",
    "교육훈련": "훈련", "직업교육": "훈련", "창업지원": "창업", "스타트업": "창업",
}
# One idea, several spellings or brands, joined before tokenising (curated domain knowledge, docs/similarity.md).
ALIASES = [
    (re.compile(r"50\s*플러스|50\+|신중년|중장년층|장년층"), " 중장년 "),
    (re.compile(r"시민안심\s*일자리|안심일자리|동행\s*일자리|민생안정\s*일자리|공공근로"), " 공공근로 "),
    (re.compile(r"경력\s*단절\s*여성|경단녀"), " 경단 여성 "),
    (re.compile(r"새일"), " 경단 "),
    (re.compile(r"보람\s*일자리|사회\s*공헌\s*활동|사회\s*공헌"), " 사회공헌 "),
    (re.compile(r"보조\s*교사|대체\s*교사|보육\s*교직원|보육\s*도우미|보육\s*교사"), " 보육교사 "),
]
_NOISE = re.compile(r"seed\s*\d+[^.\n]*|\(예시값\)|예산은 seed에 없음|docs/[\w./-]+|L\d+(?:-\d+)?")


@functools.lru_cache(maxsize=1)
def _kiwi():  # type: ignore[no-untyped-def]
    from kiwipiepy import Kiwi

    return Kiwi()


_PLACE = re.compile(r"^.{1,6}[구시군도]$")


def _norm(form: str, tag: str) -> str | None:
    w = form.lower()
    w = SYNONYMS.get(w, w)
    if w in STOPWORDS or w in PLACES or len(w) < 2:
        return None
    if tag == "NNP" and _PLACE.match(w):  # 관악구, 영등포구: the area is compared on its own
        return None
    return w


def _terms(tokens: Iterable, compounds: bool) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    prev: str | None = None
    for t in tokens:
        w = _norm(t.form, t.tag) if t.tag in KEEP_TAGS else None
        if w is None:
            prev = None
            continue
        if compounds and prev is not None:
            joined = prev + w
            out.append(SYNONYMS.get(joined, joined))
        out.append(w)
        prev = w
    return out


def _aliased(text: str) -> str:
    for pattern, replacement in ALIASES:
        text = pattern.sub(replacement, text)
    return text


def name_terms(names: list[str]) -> list[list[str]]:
    """Distinct terms of names alone (for containment: is one program's name inside the other program?)."""
    kiwi = _kiwi()
    return [sorted(set(_terms(tokens, compounds=True))) for tokens in kiwi.tokenize([_aliased(n or "") for n in names])]


def program_terms(names: list[str], descriptions: list[str]) -> list[list[str]]:
    """Terms of many programs at once (kiwipiepy tokenises the batch in one call): the name's terms count twice."""
    kiwi = _kiwi()
    names = [_aliased(n or "") for n in names]
    descs = [_aliased(_NOISE.sub(" ", d or "")[:600]) for d in descriptions]
    out = []
    for name_tokens, desc_tokens in zip(kiwi.tokenize(names), kiwi.tokenize(descs), strict=True):
        name_terms = _terms(name_tokens, compounds=True)
        out.append(name_terms * 2 + _terms(desc_tokens, compounds=False))
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").lower())


@functools.lru_cache(maxsize=4096)
def surface_words(text: str) -> tuple[str, ...]:
    """The key words of a text as written (no alias, no synonym, no compound): what a reader sees in it."""
    out: list[str] = []
    for t in _kiwi().tokenize(_NOISE.sub(" ", text or "")):
        if t.tag not in KEEP_TAGS:
            continue
        w = t.form.lower()
        if w in STOPWORDS or w in PLACES or len(w) < 2 or (t.tag == "NNP" and _PLACE.match(w)):
            continue
        if w not in out:
            out.append(w)
    return tuple(out)


def written_in(term: str, text: str) -> bool:
    """Whether a term is written in a text as it is (spaces aside): 보육보육 or 중장년사회 is not."""
    return bool(term) and _flat(term) in _flat(text)


def name_found(name: str, other: str) -> float:
    """The share of a name's key words, as written, that are written in another program's name or description."""
    words = surface_words(name)
    if not words:
        return 0.0
    return sum(written_in(w, other) for w in words) / len(words)


def same_ideas(a: str, b: str) -> list[tuple[str, str]]:
    """Spellings of one idea that the alias list joins, as each text writes them (50플러스 ~ 신중년), where they differ."""
    out: list[tuple[str, str]] = []
    for pattern, _ in ALIASES:
        in_a = sorted({_SPACES.sub(" ", m.group(0)).strip() for m in pattern.finditer(a or "")})
        in_b = sorted({_SPACES.sub(" ", m.group(0)).strip() for m in pattern.finditer(b or "")})
        if in_a and in_b and {_flat(x) for x in in_a} != {_flat(x) for x in in_b}:
            out.append(("·".join(in_a), "·".join(in_b)))
    return out


_SPACES = re.compile(r"\s+")
