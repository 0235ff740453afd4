"""Realistic synthetic programs with known duplicates, for measuring quality and speed.

Each program is an instance of a *concept* (the same kind of work for the same people) written the way an office
would name it: one of several names (some share no word with the others: 50플러스 보람일자리 / 신중년
사회공헌활동), a description assembled from the concept's phrases, optional decorations (the district's name,
"2단계", "(시범)"), a type, target groups and years. Truth: two programs are duplicates when they are of the same
concept, serve the same area (same district, or one city-wide in the same city) and share a year. Programs of
different concepts that look alike (same target group and type, e.g. youth internships vs youth start-ups) are
the hard negatives.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .engine import Record

# concept: (names, description phrases, job_type, subtype, target groups)
CONCEPTS: dict[str, tuple[list[str], list[str], str, str, list[str]]] = {
    "youth_intern": (["청년 인턴십 지원", "청년인턴 직무체험", "청년 일경험 인턴 사업", "대학생 인턴 운영"],
                     ["만 18~34세 청년에게 공공기관·기업 인턴 기회 제공", "직무교육 후 3개월 인턴 근무", "청년 일경험"],
                     "direct", "", ["youth"]),
    "youth_startup": (["청년 창업 지원", "청년창업센터 운영", "청년 스타트업 육성"],
                      ["예비 창업 청년에게 사무공간과 창업자금 지원", "창업 교육과 멘토링", "청년 창업팀 선발"],
                      "indirect", "startup", ["youth"]),
    "youth_job_cafe": (["청년 일자리카페 운영", "청년 취업카페", "일자리카페"],
                       ["청년 구직자에게 취업 상담과 스터디 공간 제공", "면접 컨설팅", "취업 특강"],
                       "indirect", "employment_service", ["youth"]),
    "suit_rental": (["면접 정장 무료 대여", "취업날개 서비스", "청년 정장 대여 지원"],
                    ["면접을 앞둔 청년에게 정장을 무료로 빌려줌", "구직 청년 면접 복장 지원"],
                    "indirect", "employment_service", ["youth"]),
    "senior_jobs": (["어르신 일자리 지원", "노인 공익활동 일자리", "시니어 사회활동 지원", "노인일자리 및 사회활동 지원"],
                    ["65세 이상 어르신에게 공익활동 일자리 제공", "월 30시간 활동, 활동비 지급", "노인 사회참여"],
                    "direct", "", ["seniors"]),
    "senior_delivery": (["시니어 택배", "어르신 택배 일자리", "실버 택배 사업"],
                        ["아파트 단지 내 택배 배송을 어르신이 맡음", "어르신 택배 거점 운영"], "direct", "", ["seniors"]),
    "midlife_social": (["50플러스 보람일자리", "신중년 사회공헌활동", "중장년 사회공헌 일자리", "인생이모작 보람일자리"],
                       ["50~64세 중장년이 경력을 살려 사회공헌활동", "활동수당 지급", "퇴직 전문인력 사회공헌"],
                       "direct", "", ["middle_aged"]),
    "public_works": (["공공근로사업", "공공근로 일자리", "서민 공공근로", "동행일자리"],
                     ["저소득 취업취약계층에게 공공부문 한시 일자리 제공", "환경정비·행정보조 업무", "생계 지원"],
                     "direct", "", ["low_income"]),
    "quarantine": (["생활방역 일자리", "방역 일자리 지원", "다중이용시설 방역 인력"],
                   ["다중이용시설 생활방역 인력 배치", "감염병 예방 방역 소독", "발열 체크"], "direct", "",
                   ["low_income", "general"]),
    "community_jobs": (["지역공동체 일자리", "마을공동체 일자리사업", "공동체 일자리"],
                       ["지역 특화자원을 활용한 지속가능한 일자리", "마을 현안 해결형 일자리"], "direct", "",
                       ["low_income", "middle_aged"]),
    "women_reemployment": (["경력단절여성 재취업 지원", "여성 재취업 프로그램", "새일센터 취업지원", "경단녀 취업 연계"],
                           ["경력단절 여성에게 직업상담과 취업알선", "여성새로일하기센터 운영", "재취업 교육"],
                           "indirect", "employment_service", ["women"]),
    "women_training": (["여성 직업훈련", "여성인력개발센터 직업교육", "여성 맞춤형 직업교육훈련"],
                       ["여성 구직자 대상 직업훈련 과정 운영", "자격증 취득 교육"], "indirect", "training", ["women"]),
    "daycare_aides": (["어린이집 보조교사 지원", "보육도우미 파견", "어린이집 보조인력 지원"],
                      ["어린이집에 보조교사와 보육도우미를 배치", "보육교사 업무 부담 완화"], "direct", "", ["women"]),
    "child_carers": (["아이돌보미 운영", "아이돌봄 서비스", "가정 방문 돌보미"],
                     ["맞벌이 가정에 아이돌보미 파견", "돌보미 양성 교육"], "direct", "", ["women"]),
    "disabled_jobs": (["장애인 일자리 지원", "장애인 공공일자리", "장애인 행정도우미"],
                      ["장애인에게 관공서 행정지원 일자리 제공", "복지일자리"], "direct", "", ["disabled"]),
    "disabled_rehab": (["장애인 직업재활 지원", "장애인 보호작업장 운영", "직업재활시설 지원"],
                       ["장애인 직업재활시설 운영비 지원", "작업 훈련"], "indirect", "training", ["disabled"]),
    "job_centre": (["일자리센터 운영", "일자리지원센터", "취업지원센터 운영", "구인구직 상담창구"],
                   ["구직자 상담과 구인 기업 알선", "채용박람회 개최", "취업 연계"], "indirect", "employment_service",
                   ["general"]),
    "job_fair": (["취업박람회 개최", "채용박람회", "온오프라인 일자리 박람회"],
                 ["구인기업과 구직자 현장 면접", "채용 행사"], "indirect", "employment_service", ["general"]),
    "vocational_school": (["기술교육원 운영", "직업전문학교 운영", "기술인력 양성 교육"],
                          ["실업자 대상 기술 교육 과정", "기능 인력 양성"], "indirect", "training", ["general"]),
    "digital_training": (["디지털 인재 양성", "소프트웨어 개발자 교육", "코딩 교육 취업 연계"],
                         ["IT 개발자 양성 과정", "디지털 직무 교육 후 취업 연계"], "indirect", "training", ["youth"]),
    "sme_hiring_subsidy": (["중소기업 청년 채용 장려금", "강소기업 고용 지원금", "청년 채용 인건비 지원"],
                           ["청년을 정규직으로 채용한 중소기업에 인건비 지원", "고용 유지 조건"], "indirect",
                           "employment_subsidy", ["youth"]),
    "retention_subsidy": (["고용유지 지원금", "무급휴직 근로자 지원", "소상공인 고용유지 지원"],
                          ["휴업·휴직으로 고용을 유지한 사업주에 지원", "무급휴직 근로자 생계 지원"], "indirect",
                          "employment_subsidy", ["general"]),
    "social_enterprise": (["사회적기업 육성", "예비사회적기업 일자리 지원", "사회적경제기업 인건비 지원"],
                          ["사회적기업 참여 근로자 인건비 지원", "사회적경제 기업 육성"], "indirect", "private_support",
                          ["low_income", "general"]),
    "cooperatives": (["협동조합 활성화", "협동조합 설립 지원", "협동조합 육성"], ["협동조합 설립 상담과 교육"],
                     "indirect", "private_support", ["general"]),
    "traditional_market": (["전통시장 활성화", "전통시장 상인 지원", "골목상권 살리기"],
                           ["전통시장 상인 교육과 마케팅 지원", "시장 매니저 배치"], "indirect", "private_support",
                           ["general"]),
    "night_market": (["야시장 운영", "밤도깨비 야시장", "청년 푸드트럭 야시장"], ["청년 상인 야시장 판매 공간"],
                     "indirect", "startup", ["youth", "general"]),
    "homeless_jobs": (["노숙인 일자리 지원", "노숙인 자활 일자리", "거리노숙인 일자리"],
                      ["노숙인 자활을 위한 공공 일자리", "임시 주거와 연계"], "direct", "", ["low_income"]),
    "self_sufficiency": (["자활근로사업", "자활사업 운영", "지역자활센터 근로"], ["기초생활수급자 자활근로", "자활기업"],
                         "direct", "", ["low_income"]),
    "safe_return": (["안심귀가 스카우트", "여성 안심귀가 동행", "심야 귀가 도우미"],
                    ["늦은 밤 귀가하는 여성과 동행", "골목 순찰"], "direct", "", ["women", "general"]),
    "culture_guides": (["문화해설사 운영", "관광 안내 해설사", "문화재 해설 일자리"], ["관광객 대상 문화재 해설"],
                       "direct", "", ["middle_aged", "seniors"]),
}
DECORATIONS = ["", "", "", "(시범)", "2단계", "플러스", "확대", "강화"]


@dataclass
class Truth:
    concept: dict[int, str]  # record id -> concept

    def duplicate(self, a: Record, b: Record) -> bool:
        area = a.city == b.city and (not a.district or not b.district or a.district == b.district)
        time = a.start_year <= b.end_year and b.start_year <= a.end_year  # type: ignore[operator]
        return self.concept[a.id] == self.concept[b.id] and area and time


def generate(n: int, *, seed: int = 20241122, cities: int = 6, districts_per_city: int = 25
             ) -> tuple[list[Record], Truth]:
    """`n` programs spread over cities and their districts, concepts drawn at random (so duplicates occur where a
    district and its city, or two offices of one area, run the same concept in overlapping years)."""
    rng = random.Random(seed)
    names = list(CONCEPTS)
    records, concept = [], {}
    for i in range(1, n + 1):
        c = rng.choice(names)
        titles, phrases, job_type, subtype, groups = CONCEPTS[c]
        city = rng.randrange(cities)
        district = rng.randrange(districts_per_city) if rng.random() < 0.8 else None
        area = f"합성시{city:02d}" + (f" 제{district:02d}구" if district is not None else "")
        title = rng.choice(titles)
        deco = rng.choice(DECORATIONS)
        if district is not None and rng.random() < 0.3:
            title = f"제{district:02d}구 {title}"
        start = rng.randrange(2017, 2024)
        end = min(2025, start + rng.choice([0, 0, 1, 2, 4]))
        desc = " ".join(rng.sample(phrases, k=min(len(phrases), rng.randrange(1, 3))))
        groups_now = set(groups)
        if rng.random() < 0.2:
            groups_now.add(rng.choice(["general", "low_income", "youth"]))
        records.append(Record(
            id=i, code=f"SYN{i:06d}", name=f"{title} {deco}".strip(), description=desc,
            groups=frozenset(groups_now), job_type=job_type, subtype=subtype, city=f"C{city:02d}",
            district=f"C{city:02d}-D{district:02d}" if district is not None else "", area_label=area,
            start_year=start, end_year=end))
        concept[i] = c
    return records, Truth(concept)
