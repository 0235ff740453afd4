"""A seeded, deterministic generator of Korean person records with known truth, for measuring the linkage.

``generate(n_persons, seed=...)`` returns one frame of records (the engine's input columns plus ``person_id``, the
true cluster label). Each person has one or more records as different districts and agencies would hold them:
one-jamo typos (희/히, 영/용, 이/리), spacing in names, birth dates with day and month transposed or the year off by
one, new phone numbers or a new middle part, moved addresses or the same address written differently (서울특별시 /
서울시 / 서울, road-name vs lot-number form, spacing, unit), with or without the resident-number hash. Hard
negatives are planted on purpose: twins (same birth date and address, different given names), family members at one
address, and namesakes (same name and birth year, different address).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import unicodedata
from dataclasses import dataclass

import pandas as pd

# surname -> share of the population (approximately the census shares, the long tail folded into the last ones)
SURNAMES = {
    "김": 21.5, "이": 14.7, "박": 8.4, "최": 4.7, "정": 4.4, "강": 2.3, "조": 2.1, "윤": 2.1, "장": 2.0, "임": 1.7,
    "한": 1.5, "오": 1.5, "서": 1.5, "신": 1.5, "권": 1.4, "황": 1.4, "안": 1.4, "송": 1.3, "류": 1.2, "전": 1.1,
    "홍": 1.1, "고": 0.9, "문": 0.9, "양": 0.9, "손": 0.9, "배": 0.8, "백": 0.8, "허": 0.7, "유": 0.7, "남": 0.6,
    "심": 0.5, "노": 0.4, "하": 0.4, "곽": 0.4, "성": 0.4, "차": 0.4, "주": 0.4, "우": 0.4, "구": 0.4, "민": 0.3,
    "진": 0.3, "나": 0.3, "지": 0.3, "엄": 0.3, "채": 0.3, "원": 0.3, "천": 0.2, "방": 0.2, "공": 0.2, "현": 0.2,
    "남궁": 0.05, "황보": 0.03, "제갈": 0.01, "선우": 0.01,
}
# written variants of the same surname (두음법칙 and old spellings)
SURNAME_VARIANTS = {"이": "리", "류": "유", "유": "류", "임": "림", "노": "로", "나": "라", "양": "량"}

GIVEN_M1 = "민서도예시주하지건현우승정영동성상재종진태형경광병철준윤은석수원용기대범호규혁인한세선유명창"
GIVEN_M2 = "준우호민현수진훈석혁재원빈규식철근환기영범성율한결찬욱택헌길태용섭"
GIVEN_F1 = "서지민수하예윤채은유현영미경혜정선소나다아가시연주보희순숙인해효진승"
GIVEN_F2 = "연윤아은희진영민현서정숙자순경지원빈인미린율나하주솔혜리람애옥란"

# per gu: (legal dongs, roads)
PLACES = {
    "종로구": (("청운동", "사직동", "혜화동", "창신동"), ("자하문로", "사직로", "대학로", "창신길")),
    "중구": (("소공동", "신당동", "황학동", "중림동"), ("세종대로", "다산로", "퇴계로", "청파로")),
    "용산구": (("후암동", "이태원동", "한남동", "서빙고동"), ("한강대로", "이태원로", "한남대로", "서빙고로")),
    "성동구": (("행당동", "금호동", "성수동", "왕십리동"), ("왕십리로", "금호로", "성수이로", "행당로")),
    "광진구": (("화양동", "군자동", "구의동", "자양동"), ("능동로", "천호대로", "구의강변로", "자양로")),
    "동대문구": (("제기동", "전농동", "휘경동", "장안동"), ("왕산로", "전농로", "휘경로", "장한로")),
    "중랑구": (("면목동", "상봉동", "중화동", "묵동"), ("면목로", "망우로", "중랑역로", "동일로")),
    "성북구": (("돈암동", "정릉동", "길음동", "종암동"), ("동소문로", "정릉로", "삼양로", "종암로")),
    "강북구": (("미아동", "번동", "수유동", "우이동"), ("도봉로", "한천로", "수유로", "삼양로")),
    "도봉구": (("쌍문동", "방학동", "창동", "도봉동"), ("도봉로", "방학로", "노해로", "해등로")),
    "노원구": (("월계동", "공릉동", "하계동", "상계동"), ("월계로", "공릉로", "한글비석로", "상계로")),
    "은평구": (("수색동", "녹번동", "불광동", "응암동"), ("수색로", "통일로", "불광로", "응암로")),
    "서대문구": (("북아현동", "천연동", "홍제동", "연희동"), ("통일로", "연희로", "홍제천로", "충정로")),
    "마포구": (("공덕동", "아현동", "망원동", "상암동"), ("마포대로", "월드컵로", "망원로", "상암산로")),
    "양천구": (("목동", "신월동", "신정동"), ("목동로", "신월로", "신정로", "오목로")),
    "강서구": (("염창동", "등촌동", "화곡동", "방화동"), ("공항대로", "화곡로", "방화대로", "강서로")),
    "구로구": (("신도림동", "구로동", "가리봉동", "개봉동"), ("구로중앙로", "디지털로", "개봉로", "경인로")),
    "금천구": (("가산동", "독산동", "시흥동"), ("가산디지털1로", "독산로", "시흥대로", "금하로")),
    "영등포구": (("영등포동", "여의도동", "당산동", "신길동"), ("영등포로", "여의대로", "당산로", "신길로")),
    "동작구": (("노량진동", "상도동", "흑석동", "사당동"), ("노량진로", "상도로", "흑석로", "동작대로")),
    "관악구": (("봉천동", "신림동", "남현동"), ("관악로", "신림로", "남부순환로", "봉천로")),
    "서초구": (("서초동", "잠원동", "반포동", "방배동"), ("서초대로", "잠원로", "반포대로", "방배로")),
    "강남구": (("역삼동", "개포동", "청담동", "삼성동"), ("테헤란로", "개포로", "도산대로", "삼성로")),
    "송파구": (("잠실동", "가락동", "문정동", "방이동"), ("올림픽로", "송파대로", "문정로", "양재대로")),
    "강동구": (("천호동", "성내동", "길동", "둔촌동"), ("천호대로", "성내로", "양재대로", "진황도로")),
}
GU_LIST = list(PLACES)

# one-jamo confusions (vowel and consonant substitutions common in hand-keyed Korean names)
VOWEL_SWAPS = {"ㅢ": "ㅣ", "ㅣ": "ㅢ", "ㅕ": "ㅛ", "ㅛ": "ㅕ", "ㅐ": "ㅔ", "ㅔ": "ㅐ", "ㅓ": "ㅗ", "ㅗ": "ㅓ",
               "ㅜ": "ㅡ", "ㅡ": "ㅜ", "ㅚ": "ㅙ", "ㅙ": "ㅚ", "ㅏ": "ㅑ", "ㅑ": "ㅏ"}
INITIAL_SWAPS = {"ㅈ": "ㅊ", "ㅊ": "ㅈ", "ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅂ": "ㅍ", "ㅅ": "ㅆ", "ㄹ": "ㄴ"}
FINAL_SWAPS = {"ㄴ": "ㅇ", "ㅇ": "ㄴ", "ㄱ": "ㅂ", "ㅁ": "ㄴ"}

_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def _decompose(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - 0xAC00
    return code // 588, (code % 588) // 28, code % 28


def _compose(cho: int, jung: int, jong: int) -> str:
    return chr(0xAC00 + cho * 588 + jung * 28 + jong)


def jamo_typo(rng: random.Random, name: str) -> str:
    """The name with one jamo substituted in one of its given-name syllables (희 -> 히, 영 -> 용, 준 -> 중 ...)."""
    chars = list(name)
    positions = [i for i in range(1, len(chars)) if "가" <= chars[i] <= "힣"] or [0]
    rng.shuffle(positions)
    for i in positions:
        cho, jung, jong = _decompose(chars[i])
        options = []
        if _JUNG[jung] in VOWEL_SWAPS:
            options.append(("jung", _JUNG.index(VOWEL_SWAPS[_JUNG[jung]])))
        if _CHO[cho] in INITIAL_SWAPS:
            options.append(("cho", _CHO.index(INITIAL_SWAPS[_CHO[cho]])))
        if jong and _JONG[jong] in FINAL_SWAPS:
            options.append(("jong", _JONG.index(FINAL_SWAPS[_JONG[jong]])))
        if not options:
            continue
        kind, value = rng.choice(options)
        if kind == "jung":
            chars[i] = _compose(cho, value, jong)
        elif kind == "cho":
            chars[i] = _compose(value, jung, jong)
        else:
            chars[i] = _compose(cho, jung, value)
        return "".join(chars)
    return name


@dataclass
class Person:
    person_id: int
    surname: str
    given: str
    sex: str
    birth: dt.date
    phone: str
    place: tuple  # (gu, dong, road, road_no, lot)
    unit: tuple | None  # (building dong, ho) or None
    rrn_hash: str


def _weighted(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), weights=list(table.values()), k=1)[0]


class _Factory:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.next_person = 1
        self.used_phones: set[str] = set()
        # a skewed distribution of given names: popular names recur (namesakes happen by themselves too)
        self.given_m = [a + b for a in GIVEN_M1 for b in GIVEN_M2 if a != b]
        self.given_f = [a + b for a in GIVEN_F1 for b in GIVEN_F2 if a != b]
        self.rng.shuffle(self.given_m)
        self.rng.shuffle(self.given_f)

    def given(self, sex: str) -> str:
        pool = self.given_m if sex == "M" else self.given_f
        # Zipf-like: index drawn from a power law
        i = min(int(len(pool) * self.rng.random() ** 1.8), len(pool) - 1)
        return pool[i]

    def phone(self) -> str:
        while True:
            p = f"010{self.rng.randint(2000, 9999):04d}{self.rng.randint(0, 9999):04d}"
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def place(self, gu: str | None = None) -> tuple:
        gu = gu or self.rng.choice(GU_LIST)
        dongs, roads = PLACES[gu]
        dong = self.rng.choice(dongs)
        road = self.rng.choice(roads)
        if self.rng.random() < 0.3:
            road = f"{road}{self.rng.randint(1, 40)}길"
        road_no = str(self.rng.randint(1, 300))
        lot = f"{self.rng.randint(1, 1800)}" + (f"-{self.rng.randint(1, 60)}" if self.rng.random() < 0.6 else "")
        return (gu, dong, road, road_no, lot)

    def unit(self) -> tuple | None:
        if self.rng.random() < 0.55:
            return (str(self.rng.randint(101, 120)), str(self.rng.randint(1, 25) * 100 + self.rng.randint(1, 8)))
        return None

    def rrn(self, person_id: int) -> str:
        return hashlib.sha256(f"iljari-synthetic-{self.seed}-{person_id}".encode()).hexdigest()

    def birth(self, year: int | None = None) -> dt.date:
        year = year or self.rng.randint(1950, 2005)
        start = dt.date(year, 1, 1)
        return start + dt.timedelta(days=self.rng.randint(0, 364))

    def person(self, **given) -> Person:
        pid = self.next_person
        self.next_person += 1
        sex = given.pop("sex", None) or self.rng.choice("MF")
        values = {
            "person_id": pid,
            "surname": _weighted(self.rng, SURNAMES),
            "given": self.given(sex),
            "sex": sex,
            "birth": self.birth(),
            "phone": self.phone(),
            "place": self.place(),
            "unit": self.unit(),
            "rrn_hash": self.rrn(pid),
        }
        values.update(given)
        return Person(**values)


def _write_phone(rng: random.Random, digits: str) -> str:
    style = rng.random()
    if style < 0.5:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if style < 0.8:
        return digits
    if style < 0.95:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return f"+82 {digits[1:3]}-{digits[3:7]}-{digits[7:]}"


def _write_address(rng: random.Random, place: tuple, unit: tuple | None, *, form: str | None = None) -> str:
    gu, dong, road, road_no, lot = place
    prefix = rng.choices(["서울특별시 ", "서울시 ", "서울 ", ""], weights=[4, 2, 3, 1], k=1)[0]
    form = form or rng.choice(["road", "road", "lot"])
    if form == "road":
        body = f"{road} {road_no}" if rng.random() < 0.85 else f"{road}{road_no}"
        if rng.random() < 0.4:
            body += f" ({dong})"
    else:
        body = f"{dong} {lot}" + ("번지" if rng.random() < 0.4 else "")
    text = f"{prefix}{gu} {body}"
    if unit:
        b, h = unit
        style = rng.random()
        if style < 0.5:
            text += f" {b}동 {h}호"
        elif style < 0.75:
            text += f", {b}동 {h}호"
        elif style < 0.9:
            text += f" {b}동{h}호"
        # else the unit is left out
    if rng.random() < 0.1:
        text = text.replace(f"{prefix}{gu} ", f"{prefix.strip()}{gu} ")
    return text


class _RecordWriter:
    def __init__(self, factory: _Factory):
        self.f = factory
        self.rng = factory.rng
        self.rows: list[dict] = []
        self.next_id = 1

    def base(self, p: Person) -> dict:
        return {
            "name": p.surname + p.given,
            "birth_date": p.birth,
            "sex": p.sex,
            "phone": p.phone,
            "place": p.place,
            "unit": p.unit,
            "form": self.rng.choice(["road", "road", "lot"]),
            "rrn_hash": p.rrn_hash,
        }

    def variant(self, p: Person, state: dict) -> dict:
        """The person as another agency writes them down (changes accumulate over the person's records)."""
        rng = self.rng
        s = dict(state)
        r = rng.random()
        if r < 0.12:
            s["name"] = jamo_typo(rng, p.surname + p.given)
        elif r < 0.15 and p.surname in SURNAME_VARIANTS:
            s["name"] = SURNAME_VARIANTS[p.surname] + p.given
        else:
            s["name"] = p.surname + p.given
        r = rng.random()
        if r < 0.04 and p.birth.day <= 12 and p.birth.day != p.birth.month:
            s["birth_date"] = dt.date(p.birth.year, p.birth.day, p.birth.month)
        elif r < 0.07:
            try:
                s["birth_date"] = p.birth.replace(year=p.birth.year + rng.choice((-1, 1)))
            except ValueError:
                s["birth_date"] = p.birth
        else:
            s["birth_date"] = p.birth
        r = rng.random()
        if r < 0.12:
            s["phone"] = self.f.phone()
        elif r < 0.22:
            s["phone"] = s["phone"][:3] + f"{rng.randint(2000, 9999):04d}" + s["phone"][7:]
        r = rng.random()
        if r < 0.18:
            moved_gu = s["place"][0] if rng.random() < 0.4 else None
            s["place"] = self.f.place(moved_gu)
            s["unit"] = self.f.unit()
        s["form"] = rng.choice(["road", "road", "lot"])
        return s

    def emit(self, p: Person, s: dict, *, drop_rates: dict | None = None) -> None:
        rng = self.rng
        drop = {"birth_date": 0.04, "phone": 0.08, "address": 0.03, "sex": 0.02, "rrn_hash": 0.55}
        if drop_rates:
            drop.update(drop_rates)
        name = s["name"]
        if rng.random() < 0.08 and len(name) >= 2:
            cut = 2 if name[:2] in ("남궁", "황보", "제갈", "선우") else 1
            name = name[:cut] + " " + name[cut:]
        if rng.random() < 0.03:
            name = unicodedata.normalize("NFD", name)  # decomposed input as some systems send it
        self.rows.append({
            "unique_id": self.next_id,
            "person_id": p.person_id,
            "name": name,
            "birth_date": None if rng.random() < drop["birth_date"] else s["birth_date"],
            "sex": "" if rng.random() < drop["sex"] else s["sex"],
            "phone": "" if rng.random() < drop["phone"] else _write_phone(rng, s["phone"]),
            "address": "" if rng.random() < drop["address"] else _write_address(rng, s["place"], s["unit"],
                                                                               form=s["form"]),
            "rrn_hash": "" if rng.random() < drop["rrn_hash"] else s["rrn_hash"],
        })
        self.next_id += 1


def generate(n_persons: int = 10_000, *, seed: int = 14, twins_rate: float = 0.03, family_rate: float = 0.05,
             namesake_rate: float = 0.03) -> pd.DataFrame:
    """Records of about ``n_persons`` people (hard negatives included in the count), shuffled, with
    ``unique_id`` 1..N and the true ``person_id``. Deterministic for a seed."""
    f = _Factory(seed)
    rng = f.rng
    people: list[Person] = []
    while len(people) < n_persons:
        p = f.person()
        people.append(p)
        r = rng.random()
        if r < twins_rate:
            # a twin: same birth date, surname, address and unit; another given name (sometimes sharing a syllable)
            sex = rng.choice("MF")
            given = f.given(sex)
            if rng.random() < 0.5:
                given = p.given[0] + given[1]
            if given == p.given:
                given = given[0] + ("준" if given[1] != "준" else "호")
            people.append(f.person(surname=p.surname, given=given, sex=sex, birth=p.birth, place=p.place,
                                   unit=p.unit))
        elif r < twins_rate + family_rate:
            # family at one address: a spouse (other surname) and a child (same surname, born 25-35 years later)
            spouse_sex = "F" if p.sex == "M" else "M"
            people.append(f.person(sex=spouse_sex, birth=f.birth(p.birth.year + rng.randint(-4, 4)), place=p.place,
                                   unit=p.unit))
            child_year = min(p.birth.year + rng.randint(25, 35), 2008)
            people.append(f.person(surname=p.surname, birth=f.birth(child_year), place=p.place, unit=p.unit))
        elif r < twins_rate + family_rate + namesake_rate:
            # a namesake: same name and birth year, another birth date, address and phone
            other_gu = rng.choice([g for g in GU_LIST if g != p.place[0]])
            people.append(f.person(surname=p.surname, given=p.given, sex=p.sex, birth=f.birth(p.birth.year),
                                   place=f.place(other_gu)))
    people = people[:n_persons]

    writer = _RecordWriter(f)
    for p in people:
        n_records = rng.choices([1, 2, 3, 4, 5], weights=[50, 28, 12, 6, 4], k=1)[0]
        state = writer.base(p)
        writer.emit(p, state)
        for _ in range(n_records - 1):
            state = writer.variant(p, state)
            writer.emit(p, state)

    frame = pd.DataFrame(writer.rows)
    order = list(range(len(frame)))
    rng.shuffle(order)
    frame = frame.iloc[order].reset_index(drop=True)
    frame["unique_id"] = range(1, len(frame) + 1)
    return frame[["unique_id", "name", "birth_date", "sex", "phone", "address", "rrn_hash", "person_id"]]


def true_pairs(frame: pd.DataFrame, label: str = "person_id") -> set[tuple[int, int]]:
    """All pairs (a < b) of unique_ids that share the true label."""
    pairs: set[tuple[int, int]] = set()
    for ids in frame.groupby(label)["unique_id"].apply(list):
        ids = sorted(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pairs.add((a, b))
    return pairs
