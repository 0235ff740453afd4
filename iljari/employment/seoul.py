"""Seoul's 25 districts (자치구) and which of them share a border, as data (used by matching's commute filter).

Two districts are neighbours when their administrative boundaries touch. Where the boundary runs along the middle
of the Han River, the districts facing each other across it share that boundary (and the bridges between them):
마포구-영등포구, 용산구-동작구, 광진구-송파구 and so on. Each pair is listed once; `NEIGHBOURS` is the symmetric
relation built from it (tested: symmetric, no district its own neighbour, every district has one).
"""

from __future__ import annotations

# (Korean name, English name), in the order of the administrative codes (11110 종로구 ... 11740 강동구)
DISTRICTS: list[tuple[str, str]] = [
    ("종로구", "Jongno-gu"), ("중구", "Jung-gu"), ("용산구", "Yongsan-gu"), ("성동구", "Seongdong-gu"),
    ("광진구", "Gwangjin-gu"), ("동대문구", "Dongdaemun-gu"), ("중랑구", "Jungnang-gu"), ("성북구", "Seongbuk-gu"),
    ("강북구", "Gangbuk-gu"), ("도봉구", "Dobong-gu"), ("노원구", "Nowon-gu"), ("은평구", "Eunpyeong-gu"),
    ("서대문구", "Seodaemun-gu"), ("마포구", "Mapo-gu"), ("양천구", "Yangcheon-gu"), ("강서구", "Gangseo-gu"),
    ("구로구", "Guro-gu"), ("금천구", "Geumcheon-gu"), ("영등포구", "Yeongdeungpo-gu"), ("동작구", "Dongjak-gu"),
    ("관악구", "Gwanak-gu"), ("서초구", "Seocho-gu"), ("강남구", "Gangnam-gu"), ("송파구", "Songpa-gu"),
    ("강동구", "Gangdong-gu"),
]

# Shared borders, each pair once (land borders, then the Han River's mid-stream boundary).
BORDERS: list[tuple[str, str]] = [
    # north of the river, land
    ("종로구", "중구"), ("종로구", "서대문구"), ("종로구", "은평구"), ("종로구", "성북구"), ("종로구", "동대문구"),
    ("중구", "서대문구"), ("중구", "마포구"), ("중구", "용산구"), ("중구", "성동구"),
    ("용산구", "마포구"), ("용산구", "성동구"),
    ("성동구", "동대문구"), ("성동구", "광진구"),
    ("광진구", "동대문구"), ("광진구", "중랑구"),
    ("동대문구", "성북구"), ("동대문구", "중랑구"),
    ("중랑구", "성북구"), ("중랑구", "노원구"),
    ("성북구", "강북구"), ("성북구", "노원구"),
    ("강북구", "도봉구"), ("강북구", "노원구"),
    ("도봉구", "노원구"),
    ("은평구", "서대문구"), ("은평구", "마포구"),
    ("서대문구", "마포구"),
    # south of the river, land
    ("강서구", "양천구"), ("강서구", "영등포구"),
    ("양천구", "구로구"), ("양천구", "영등포구"),
    ("구로구", "금천구"), ("구로구", "영등포구"), ("구로구", "관악구"),
    ("금천구", "관악구"),
    ("영등포구", "동작구"), ("영등포구", "관악구"),
    ("동작구", "관악구"), ("동작구", "서초구"),
    ("관악구", "서초구"),
    ("서초구", "강남구"),
    ("강남구", "송파구"),
    ("송파구", "강동구"),
    # across the Han River (the boundary runs mid-stream)
    ("마포구", "강서구"), ("마포구", "영등포구"),
    ("용산구", "영등포구"), ("용산구", "동작구"), ("용산구", "서초구"),
    ("성동구", "강남구"),
    ("광진구", "강남구"), ("광진구", "송파구"), ("광진구", "강동구"),
]

NAMES: list[str] = [ko for ko, _ in DISTRICTS]
ENGLISH: dict[str, str] = dict(DISTRICTS)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}


def _neighbours() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {name: set() for name in NAMES}
    for a, b in BORDERS:
        out[a].add(b)
        out[b].add(a)
    return {k: frozenset(v) for k, v in out.items()}


NEIGHBOURS: dict[str, frozenset[str]] = _neighbours()


def neighbours(name: str) -> frozenset[str]:
    """The districts sharing a border with `name` (empty for a name that is not one of Seoul's districts)."""
    return NEIGHBOURS.get(name, frozenset())


def english(name: str) -> str:
    return ENGLISH.get(name, name)


def adjacency_matrix():  # type: ignore[no-untyped-def]
    """25 x 25 boolean numpy matrix, True where two districts are neighbours (by INDEX)."""
    import numpy as np

    m = np.zeros((len(NAMES), len(NAMES)), dtype=bool)
    for a, b in BORDERS:
        m[INDEX[a], INDEX[b]] = m[INDEX[b], INDEX[a]] = True
    return m
