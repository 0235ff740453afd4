"""A generated labour market with known preferences (seeded): seekers and vacancies with occupations (KECO middle
categories and finer codes under them), skills and licences, districts, wages, hours, ages and free text, and the
hidden rules that decide who would accept what. Used by `iljari matching-eval` and bench/matching_bench.py.

What the generator knows and the matcher does not:
- a seeker's real interest in an occupation falls with the distance on the code tree (same code 0.9, same middle
  category 0.5, same major group 0.15, other 0);
- the real willingness to travel falls with the district distance, more steeply with age (50s-60s stay near);
- a wage above the reservation wage raises acceptance, most for people in their 30s and 40s;
- the employer hires more readily when the seeker's written skills and career share the tasks' words and when
  they hold the licences named in the requirements; the required licences and education are required.
A pair is relevant when both sides would say yes (each a seeded coin with those chances) and the seeker's stated
limits (commute, wage floor, hours) hold. Relevance is a property of the market, not of the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import codes, scoring, seoul
from .scoring import SeekerRow, Space, VacancyRow

WORDS: dict[str, list[str]] = {
    "0": "문서 작성 회계 전표 엑셀 자료 정리 민원 응대 일정 보고서 급여 인사 총무 결산".split(),
    "1": "설계 개발 분석 실험 시험 데이터 프로그램 서버 도면 품질 연구 측정 코딩 검증".split(),
    "2": "수업 학생 상담 교재 복지 사례 아동 교육 지도 행정 법률 판례 청소년 가족".split(),
    "3": "환자 간호 진료 접수 검사 투약 병원 처방 위생 재활 치료 수납 소독 의무기록".split(),
    "4": "디자인 촬영 편집 영상 공연 운동 강습 콘텐츠 홍보 제작 조명 음향 체육 작곡".split(),
    "5": "요양 간병 목욕 식사 어르신 조리 청소 경비 순찰 미용 객실 주방 세탁 돌봄 육아".split(),
    "6": "판매 매장 상품 진열 계산 고객 배송 운전 화물 택배 영업 재고 발주 주차 버스".split(),
    "7": "건설 현장 철근 목공 미장 타일 배관 안전 자재 굴착 도장 방수 비계 측량".split(),
    "8": "기계 조립 용접 가공 정비 설비 전기 포장 생산 검수 봉제 재단 식품 라인 금형".split(),
    "9": "조경 농작물 재배 수확 원예 화훼 산림 묘목 방제 시설 퇴비 양묘".split(),
}
MAJOR_SHARE = {"0": 3, "1": 1.5, "2": 1.5, "3": 1.5, "4": 1, "5": 3, "6": 2.5, "7": 1.2, "8": 2.5, "9": 0.3}
BASE_WAGE = {"0": 2_600_000, "1": 3_400_000, "2": 2_800_000, "3": 2_600_000, "4": 2_500_000, "5": 2_100_000,
             "6": 2_300_000, "7": 2_800_000, "8": 2_400_000, "9": 2_100_000}
BUSY = {"강남구": 4, "중구": 3, "서초구": 3, "영등포구": 3, "종로구": 2.5, "마포구": 2, "송파구": 2, "구로구": 2,
        "금천구": 2, "성동구": 1.5}
EDU = list(scoring.EDUCATION_RANK)
FINER = 3  # finer codes (소분류) generated under each middle category


@dataclass
class Market:
    seekers: list[SeekerRow]
    vacancies: list[VacancyRow]
    seeker_texts: list[str]
    vacancy_texts: list[str]
    posted: np.ndarray  # days since the vacancy was posted (the baseline lists the newest first)
    seed: int

    def tables(self) -> tuple[scoring.SeekerTable, scoring.VacancyTable]:
        space = Space()
        st = scoring.SeekerTable(self.seekers, space)
        vt = scoring.VacancyTable(self.vacancies, space)
        scoring.freeze(st, vt)
        return st, vt

    def relevant(self, st: scoring.SeekerTable, vt: scoring.VacancyTable, s_idx: np.ndarray,
                 chunk: int = 200) -> list[set[int]]:
        """Vacancy indices each seeker would accept and be hired for (the hidden truth)."""
        out: list[set[int]] = []
        v_all = np.arange(len(vt))
        for start in range(0, len(s_idx), chunk):
            part = np.asarray(s_idx[start:start + chunk])
            block = scoring.score_block(st, part, vt, v_all)
            p_occ = np.select([block.parts["occupation"] >= 1, block.parts["occupation"] >= 0.75,
                               block.parts["occupation"] >= 0.4], [0.9, 0.5, 0.15], 0.0)
            dist = scoring.district_distance(st.home[part], vt.district)
            band = st.band[part][:, None]
            near = np.array([[1.0, 0.9, 0.8], [1.0, 0.8, 0.5], [1.0, 0.55, 0.15]])  # band x distance
            p_dist = near[band, dist]
            s_wage = np.where(st.hourly[part] > 0, st.hourly[part], self._reservation(part, st))[:, None]
            ratio = vt.hourly[None, :] / s_wage
            p_wage = np.where(band == 1, np.clip(0.3 + (ratio - 1) * 3.0, 0.05, 1.0),
                              np.clip(0.7 + (ratio - 1) * 1.5, 0.3, 1.0))
            p_seeker = p_occ * p_dist * p_wage
            p_employer = (0.25 + 0.45 * np.minimum(block.parts["text"], 1.0)
                          + 0.3 * np.where(vt.n_preferred[None, :] > 0, block.parts["skills"], 1.0))
            p_employer = p_employer * block.parts["education"]
            u1, u2 = self._coins(part, len(vt))
            yes = block.allowed & (u1 < p_seeker) & (u2 < p_employer)
            out.extend(set(np.flatnonzero(row).tolist()) for row in yes)
        return out

    def _reservation(self, part: np.ndarray, st: scoring.SeekerTable) -> np.ndarray:
        majors = [str(m) for m in st.major[part, 0]]
        return np.array([scoring.hourly_equivalent(BASE_WAGE.get(m, 2_300_000) * 0.85, "monthly", 40)
                         for m in majors])

    def _coins(self, part: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        # one generator per seeker index, so a seeker's coins do not depend on the sample it is in
        both = np.empty((len(part), 2, n))
        for k, i in enumerate(part):
            both[k] = np.random.default_rng([self.seed, 99, int(i)]).random((2, n), dtype=np.float64)
        return both[:, 0, :], both[:, 1, :]


def _middles() -> list[str]:
    return [c for c, _ko, _en in codes.KECO if len(c) == 2]


def generate(*, seekers: int = 20_000, vacancies: int = 25_000, seed: int = 20181231) -> Market:
    """A seeded market: the same arguments give the same market."""
    rng = np.random.default_rng(seed)
    middles = _middles()
    weight = np.array([MAJOR_SHARE[m[0]] for m in middles])
    weight = weight / weight.sum()
    pools = {m: list(rng.choice(WORDS[m[0]], size=min(8, len(WORDS[m[0]])), replace=False)) for m in middles}
    licences: dict[str, list[str]] = {}
    skills: dict[str, list[str]] = {}
    for code, kind, _ko, _en, occ in codes.SKILLS:
        if occ:
            (licences if kind == "licence" else skills).setdefault(occ, []).append(code)
    d_weight = np.array([BUSY.get(n, 1.0) for n in seoul.NAMES])
    d_weight = d_weight / d_weight.sum()

    def fine(middle: str) -> str:
        return f"{middle}{rng.integers(1, FINER + 1)}"

    v_rows: list[VacancyRow] = []
    v_texts: list[str] = []
    for j in range(vacancies):
        mid = str(rng.choice(middles, p=weight))
        draw = float(rng.random())
        hours = int(rng.choice([40, 40, 40, 35, 30, 44, 52])) if draw < 0.8 else int(rng.choice([15, 20, 25, 30]))
        monthly = BASE_WAGE[mid[0]] * float(np.exp(rng.normal(0.05, 0.15)))
        if hours < 35:
            wage_type, wage = "hourly", round(scoring.hourly_equivalent(monthly, "monthly", 40) / 10) * 10
        elif draw < 0.85:
            wage_type, wage = "monthly", round(monthly / 10_000) * 10_000
        else:
            wage_type, wage = "daily", round(monthly / 21.7 / 1000) * 1000
        words = list(rng.choice(pools[mid], size=int(rng.integers(3, 6)), replace=False))
        required = tuple(rng.choice(licences[mid], size=1)) if mid in licences and rng.random() < 0.3 else ()
        pref_pool = [c for c in licences.get(mid, []) + skills.get(mid, []) if c not in required]
        preferred = tuple(rng.choice(pref_pool, size=1)) if pref_pool and rng.random() < 0.4 else ()
        edu = str(rng.choice(["none", "none", "high", "college", "university"] if mid[0] in "0123" else
                             ["none", "none", "none", "high"]))
        text = " ".join(words) + " 업무"
        v_texts.append(text)
        v_rows.append(VacancyRow(
            id=j + 1, occupation=fine(mid), district=str(rng.choice(seoul.NAMES, p=d_weight)), wage=wage,
            wage_type=wage_type, hours=hours, education=edu, required=required, preferred=preferred,
            terms=tuple(words)))
    s_rows: list[SeekerRow] = []
    s_texts: list[str] = []
    for i in range(seekers):
        age = int(rng.choice([22, 25, 28, 32, 36, 41, 46, 52, 56, 58, 61, 64]) + rng.integers(0, 3))
        band = scoring.band_of(age)
        mid = str(rng.choice(middles, p=weight))
        desired = {fine(mid)}
        if rng.random() < 0.4:
            desired.add(fine(mid))
        if band == 0 and rng.random() < 0.3:  # the young try another field too
            desired.add(fine(str(rng.choice(middles, p=weight))))
        commute = str(rng.choice(["own", "neighbour", "seoul"], p=[[.1, .3, .6], [.15, .45, .4], [.4, .45, .15]][band]))
        max_hours: int | None = None if rng.random() < 0.25 else (40 if rng.random() < 0.8 else int(rng.choice([20, 25, 30])))
        if band == 2 and rng.random() < 0.3:
            max_hours = int(rng.choice([20, 25, 30]))
        want = BASE_WAGE[mid[0]] * float(np.exp(rng.normal(0, 0.12))) * [0.9, 1.05, 0.9][band]
        asked = round(want / 10_000) * 10_000 if rng.random() < 0.7 else None
        held = [c for c in licences.get(mid, []) if rng.random() < 0.6]
        held += [c for c in skills.get(mid, []) if rng.random() < 0.5]
        words = list(rng.choice(pools[mid], size=int(rng.integers(2, 6)), replace=False))
        if rng.random() < 0.3:
            other = str(rng.choice(middles))
            words.append(str(rng.choice(pools[other])))
        edu = str(rng.choice(["middle", "high", "high", "college", "university"] if age >= 50 else
                             ["high", "college", "university", "university", "graduate"]))
        s_texts.append(" ".join(words))
        s_rows.append(SeekerRow(
            id=i + 1, occupations=tuple(sorted(desired)), home=str(rng.choice(seoul.NAMES)), commute=commute,
            wage=asked, wage_type="monthly", hours=max_hours, education=edu, held=tuple(held), age=age,
            terms=tuple(words)))
    posted = rng.integers(0, 60, size=vacancies)
    return Market(seekers=s_rows, vacancies=v_rows, seeker_texts=s_texts, vacancy_texts=v_texts, posted=posted,
                  seed=seed)
