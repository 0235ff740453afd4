"""Code lists shipped with the job centres: KECO 2018 major and middle categories, a starter set of skills and
licences, the minimum wage by year, and the funnel's ledger measures. Used by data migrations and tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

KECO_SOURCE = "한국고용직업분류 2018 (KECO-2018, 고용노동부·한국고용정보원) 대분류·중분류"

# (code, Korean name, English name); a one-digit code is a major category, two digits a middle one.
KECO: list[tuple[str, str, str]] = [
    ("0", "경영·사무·금융·보험직", "Management, office, finance and insurance"),
    ("01", "관리직(임원·부서장)", "Managers (executives, heads of department)"),
    ("02", "경영·행정·사무직", "Business, administration and office work"),
    ("03", "금융·보험직", "Finance and insurance"),
    ("1", "연구직 및 공학기술직", "Research and engineering"),
    ("11", "인문·사회과학 연구직", "Humanities and social science research"),
    ("12", "자연·생명과학 연구직", "Natural and life science research"),
    ("13", "정보통신 연구개발직 및 공학기술직", "ICT research, development and engineering"),
    ("14", "건설·채굴 연구개발직 및 공학기술직", "Construction and mining engineering"),
    ("15", "제조 연구개발직 및 공학기술직", "Manufacturing research and engineering"),
    ("2", "교육·법률·사회복지·경찰·소방직 및 군인", "Education, law, social welfare, police, fire and military"),
    ("21", "교육직", "Education"),
    ("22", "법률직", "Law"),
    ("23", "사회복지·종교직", "Social welfare and religion"),
    ("24", "경찰·소방·교도직", "Police, fire and corrections"),
    ("25", "군인", "Military"),
    ("3", "보건·의료직", "Health and medical care"),
    ("30", "보건·의료직", "Health and medical care"),
    ("4", "예술·디자인·방송·스포츠직", "Arts, design, broadcasting and sports"),
    ("41", "예술·디자인·방송직", "Arts, design and broadcasting"),
    ("42", "스포츠·레크리에이션직", "Sports and recreation"),
    ("5", "미용·여행·숙박·음식·경비·청소직", "Beauty, travel, lodging, food, security and cleaning"),
    ("51", "미용·예식 서비스직", "Beauty and wedding services"),
    ("52", "여행·숙박·오락 서비스직", "Travel, lodging and leisure services"),
    ("53", "음식 서비스직", "Food services"),
    ("54", "경호·경비직", "Security and guarding"),
    ("55", "돌봄 서비스직(간병·육아)", "Care services (nursing aides, childcare)"),
    ("56", "청소 및 기타 개인서비스직", "Cleaning and other personal services"),
    ("6", "영업·판매·운전·운송직", "Sales, driving and transport"),
    ("61", "영업·판매직", "Sales"),
    ("62", "운전·운송직", "Driving and transport"),
    ("7", "건설·채굴직", "Construction and mining"),
    ("70", "건설·채굴직", "Construction and mining"),
    ("8", "설치·정비·생산직", "Installation, maintenance and production"),
    ("81", "기계 설치·정비·생산직", "Machinery installation, maintenance and production"),
    ("82", "금속·재료 설치·정비·생산직(판금·단조·주조·용접·도장 등)",
     "Metal and materials (sheet metal, forging, casting, welding, painting)"),
    ("83", "전기·전자 설치·정비·생산직", "Electrical and electronics"),
    ("84", "정보통신 설치·정비직", "ICT installation and maintenance"),
    ("85", "화학·환경 설치·정비·생산직", "Chemical and environmental"),
    ("86", "섬유·의복 생산직", "Textiles and clothing"),
    ("87", "식품 가공·생산직", "Food processing"),
    ("88", "인쇄·목재·공예 및 기타 설치·정비·생산직", "Printing, wood, crafts and other production"),
    ("89", "제조 단순직", "Elementary manufacturing work"),
    ("9", "농림어업직", "Agriculture, forestry and fishing"),
    ("90", "농림어업직", "Agriculture, forestry and fishing"),
]

# (code, kind, Korean, English, KECO middle category or "")
SKILLS: list[tuple[str, str, str, str, str]] = [
    ("L-CAREGIVER", "licence", "요양보호사", "Care worker (yoyang bohosa)", "55"),
    ("L-SOCIALWORKER2", "licence", "사회복지사 2급", "Social worker, grade 2", "23"),
    ("L-NURSE-AIDE", "licence", "간호조무사", "Nurse aide", "30"),
    ("L-FORKLIFT", "licence", "지게차운전기능사", "Forklift operator", "62"),
    ("L-DRIVER1", "licence", "1종 보통 운전면허", "Driving licence class 1", "62"),
    ("L-DRIVER1-LARGE", "licence", "1종 대형 운전면허", "Driving licence class 1, large vehicles", "62"),
    ("L-GUARD", "licence", "일반경비원 신임교육 이수", "Security guard induction training", "54"),
    ("L-COOK-KOREAN", "licence", "한식조리기능사", "Korean cuisine cook", "53"),
    ("L-ELECTRICIAN", "licence", "전기기능사", "Electrician", "83"),
    ("L-WELDER", "licence", "용접기능사", "Welder", "82"),
    ("L-COMPUTER-OA", "licence", "컴퓨터활용능력 2급", "Computer proficiency, grade 2", "02"),
    ("L-ACCOUNTING", "licence", "전산회계 2급", "Computerised accounting, grade 2", "02"),
    ("L-CHILDCARE", "licence", "보육교사 2급", "Childcare teacher, grade 2", "55"),
    ("L-BEAUTY", "licence", "미용사(일반)", "Hairdresser", "51"),
    ("L-INFO-PROC", "licence", "정보처리기사", "Information processing engineer", "13"),
    ("S-EXCEL", "skill", "엑셀", "Excel", "02"),
    ("S-CUSTOMER", "skill", "고객 응대", "Customer service", "61"),
    ("S-PYTHON", "skill", "파이썬 프로그래밍", "Python programming", "13"),
    ("S-DESIGN", "skill", "그래픽 디자인", "Graphic design", "41"),
    ("S-CLEANING", "skill", "건물 청소", "Building cleaning", "56"),
    ("S-COOKING", "skill", "단체 급식 조리", "Mass catering", "53"),
    ("S-DELIVERY", "skill", "배송·택배", "Parcel delivery", "62"),
    ("S-ENGLISH", "skill", "영어 회화", "Spoken English", ""),
    ("S-CHINESE", "skill", "중국어 회화", "Spoken Chinese", ""),
    ("S-SEWING", "skill", "봉제", "Sewing", "86"),
]

MINIMUM_WAGE_SOURCE = "최저임금위원회 결정·고용노동부 고시 (해당 연도 1월 1일 시행)"
# 시간급 최저임금 by year (won an hour), in force from 1 January.
MINIMUM_WAGE: list[tuple[int, int]] = [
    (2014, 5210), (2015, 5580), (2016, 6030), (2017, 6470), (2018, 7530), (2019, 8350), (2020, 8590),
    (2021, 8720), (2022, 9160), (2023, 9620), (2024, 9860), (2025, 10030), (2026, 10320),
]

# The funnel's ledger measures besides the existing `counselling_cases` (상담) and `people_placed` (취업).
# code, name_ko, name_en, kind, unit, aggregation
FUNNEL_MEASURES: list[tuple[str, str, str, str, str, str]] = [
    ("vacancies_registered", "구인 건수", "Vacancies registered", "indicator", "cases", "cumulative"),
    ("seekers_registered", "구직 인원", "Job seekers registered", "indicator", "people", "cumulative"),
    ("referrals_made", "알선 건수", "Referrals", "indicator", "cases", "cumulative"),
]


def seed(occupation_model: Any, skill_model: Any, wage_model: Any, measure_model: Any) -> None:
    """Create or refresh the shipped codes (idempotent; used by the data migration and by tests)."""
    by_code: dict[str, Any] = {}
    for code, ko, en in KECO:
        parent = by_code.get(code[:-1]) if len(code) > 1 else None
        obj, _ = occupation_model.objects.update_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "level": len(code), "parent": parent, "source": KECO_SOURCE})
        by_code[code] = obj
    for code, kind, ko, en, occ in SKILLS:
        skill_model.objects.update_or_create(code=code, defaults={
            "kind": kind, "name_ko": ko, "name_en": en, "occupation": by_code.get(occ)})
    for year, hourly in MINIMUM_WAGE:
        wage_model.objects.update_or_create(valid_from=dt.date(year, 1, 1), defaults={
            "hourly": hourly, "source": MINIMUM_WAGE_SOURCE})
    top = measure_model.objects.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    for n, (code, ko, en, kind, unit, agg) in enumerate(FUNNEL_MEASURES, start=1):
        measure_model.objects.update_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "kind": kind, "unit": unit, "aggregation": agg,
            "builtin": False, "sort_order": top + n})
