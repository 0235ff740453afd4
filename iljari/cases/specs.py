"""The shapes of the seeds' flows, as data: stages, transitions, rubrics and dated rules (seed 001). A spec is what
`flow_install` turns into rows, and what the flow pages copy to set up a new call or subsidy of the same shape;
nothing here is code per program.

Stage keys: code, ko, en, kind (work/review/payment/done), outcome, role, level (district/owner/applicant/
external), deadline, remind, docs. Transition keys: code, ko, en, from, to, conditions, reason.
"""

from __future__ import annotations

from typing import Any

DO, PO = "district_officer", "program_officer"

# 2021 무급휴직 근로자 고용유지지원금 (seed 001): 區 신청접수 → 市·區 검수 → 市 결과 통보·재배정 → 區 지급 → 이중·부정수급 점검.
RETENTION_SUBSIDY: dict[str, Any] = {
    "code": "RETENTION-2021", "kind": "subsidy",
    "name_ko": "무급휴직 근로자 고용유지지원금", "name_en": "Employment-retention subsidy for unpaid leave",
    "description": "서울지역 50인 미만 기업체 소속 무급휴직 근로자: ’20.11.14.~’21.3.31. 기간에 월 5일 이상 무급 휴직하고 "
                   "’21.4.30.까지 고용보험을 유지한 근로자에게 1인당 월 500천원, 최대 3개월 1,500천원.",
    "stages": [
        {"code": "received", "ko": "신청 접수", "en": "Received", "role": DO, "level": "district", "deadline": 14,
         "remind": 3, "docs": ["application", "leave_proof", "insurance", "bank_account"]},
        {"code": "district_check", "ko": "자치구 검수", "en": "District check", "role": DO, "level": "district",
         "deadline": 7, "remind": 2},
        {"code": "city_check", "ko": "서울시 심사·선정", "en": "City review", "role": PO, "level": "owner",
         "deadline": 7, "remind": 2},
        {"code": "selected", "ko": "선정 통보·지급 대기", "en": "Selected, awaiting payment", "kind": "payment",
         "role": DO, "level": "district", "deadline": 14, "remind": 3},
        {"code": "paid", "ko": "지급 완료", "en": "Paid", "kind": "done", "outcome": "approved"},
        {"code": "rejected", "ko": "부지급", "en": "Not paid", "kind": "done", "outcome": "rejected"},
        {"code": "withdrawn", "ko": "신청 취하", "en": "Withdrawn", "kind": "done", "outcome": "withdrawn"},
    ],
    "transitions": [
        {"code": "accept", "ko": "접수 완료", "en": "Accept", "from": "received", "to": "district_check",
         "conditions": ["documents_complete"]},
        {"code": "withdraw", "ko": "취하 처리", "en": "Withdraw", "from": "received", "to": "withdrawn",
         "reason": True},
        {"code": "district_ok", "ko": "자치구 확인", "en": "District confirms", "from": "district_check",
         "to": "city_check", "conditions": ["not_rejected_months"]},
        {"code": "district_reject", "ko": "반려", "en": "Reject", "from": "district_check", "to": "rejected",
         "reason": True},
        {"code": "select", "ko": "선정", "en": "Select", "from": "city_check", "to": "selected",
         "conditions": ["not_rejected_months"]},
        {"code": "return", "ko": "보완 요청", "en": "Send back", "from": "city_check", "to": "district_check",
         "reason": True},
        {"code": "city_reject", "ko": "부지급 결정", "en": "Refuse", "from": "city_check", "to": "rejected",
         "reason": True},
        {"code": "close_paid", "ko": "지급 완료 처리", "en": "Close as paid", "from": "selected", "to": "paid",
         "conditions": ["payments_made"]},
    ],
    "rules": [
        {"kind": "leave_window", "params": {"start": "2020-11-14", "end": "2021-03-31"}, "from": "2020-11-14"},
        {"kind": "min_leave_days", "params": {"days": 5}, "from": "2020-11-14"},
        {"kind": "max_months", "params": {"months": 3}, "from": "2020-11-14"},
        {"kind": "firm_size", "params": {"below": 50}, "from": "2020-11-14"},
        {"kind": "insured_on", "params": {"date": "2021-04-30"}, "from": "2020-11-14"},
        {"kind": "residency", "params": {"region": "서울"}, "from": "2020-11-14"},
        {"kind": "pay_monthly", "params": {"amount": 500_000}, "from": "2020-11-14"},
        # 신청 접수 '21.3.1.~31. (seed 001): claims received outside it are refused, the public form closes
        {"kind": "applications", "params": {"start": "2021-03-01", "end": "2021-03-31"}, "from": "2021-03-01"},
    ],
}

# 경력단절여성 인턴십 (seed 001): 기업에 월 80만원 × 3개월, 정규직 전환 후 6개월 고용 유지 시 기업에 80만원(새일고용장려금),
# 6개월 근속 시 인턴에게 60만원(근속장려금): 1인 총액 380만원 한도.
WOMEN_INTERNSHIP: dict[str, Any] = {
    "code": "WOMEN-INTERN", "kind": "subsidy",
    "name_ko": "경력단절여성 인턴십 지원", "name_en": "Internships for women returning to work",
    "description": "인턴기간(3개월) 동안 기업에 매월 80만원, 정규직 전환일로부터 6개월 이상 고용 유지 시 기업에 80만원, "
                   "6개월 이상 근속 시 인턴에게 60만원 (1인 총액 380만원 한도).",
    "stages": [
        {"code": "received", "ko": "신청 접수", "en": "Received", "role": DO, "level": "district", "deadline": 14,
         "docs": ["application", "employment_contract", "business_registration"]},
        {"code": "approved", "ko": "지원 결정·단계별 지급", "en": "Approved, paid in stages", "kind": "payment",
         "role": DO, "level": "district"},
        {"code": "completed", "ko": "지원 종료", "en": "Completed", "kind": "done", "outcome": "approved"},
        {"code": "rejected", "ko": "미선정", "en": "Not approved", "kind": "done", "outcome": "rejected"},
    ],
    "transitions": [
        {"code": "approve", "ko": "지원 결정", "en": "Approve", "from": "received", "to": "approved",
         "conditions": ["documents_complete"]},
        {"code": "reject", "ko": "미선정", "en": "Reject", "from": "received", "to": "rejected", "reason": True},
        {"code": "complete", "ko": "지원 종료", "en": "Close", "from": "approved", "to": "completed",
         "conditions": ["payments_settled"]},
    ],
    "rules": [
        {"kind": "staged", "from": "2021-01-01", "params": {"steps": [
            {"code": "intern_1", "ko": "인턴 지원금 1개월", "en": "Internship month 1", "payee": "organisation",
             "amount": 800_000, "after_months": 1},
            {"code": "intern_2", "ko": "인턴 지원금 2개월", "en": "Internship month 2", "payee": "organisation",
             "amount": 800_000, "after_months": 2, "condition": "still_employed"},
            {"code": "intern_3", "ko": "인턴 지원금 3개월", "en": "Internship month 3", "payee": "organisation",
             "amount": 800_000, "after_months": 3, "condition": "still_employed"},
            {"code": "hire_bonus", "ko": "새일고용장려금", "en": "Hiring bonus", "payee": "organisation",
             "amount": 800_000, "after_months": 9, "condition": "still_employed"},
            {"code": "stay_bonus", "ko": "근속장려금", "en": "Staying bonus", "payee": "person",
             "amount": 600_000, "after_months": 9, "condition": "still_employed"},
        ]}},
    ],
}

# 마을기업 육성 (seed 001): 공고(서울시, 자치구) → 접수(자치구) → 1차 심사(자치구, 적격성 검토) → 2차 심사(서울시, 대면심사)
# → 행안부 최종심사 및 최종지정 통보 → 약정체결 및 보조금 지급(마을기업⇄자치구).
VILLAGE_ENTERPRISE_CALL: dict[str, Any] = {
    "code": "VILLAGE-ENT", "kind": "call",
    "name_ko": "마을기업 지정·지원 공모", "name_en": "Village enterprise call",
    "description": "마을기업 요건(공동체성, 공공성, 지역성, 기업성)을 갖춘 법인 단체: 예비 10백만원, 신규 50백만원, "
                   "재지정 30백만원, 고도화 20백만원.",
    "categories": [
        {"code": "pre", "ko": "예비 마을기업", "en": "Pre-designation", "amount": 10_000_000},
        {"code": "new", "ko": "신규 마을기업", "en": "New", "amount": 50_000_000},
        {"code": "re", "ko": "재지정 마을기업", "en": "Re-designated", "amount": 30_000_000},
        {"code": "advanced", "ko": "고도화 마을기업", "en": "Advanced", "amount": 20_000_000},
    ],
    "stages": [
        {"code": "received", "ko": "접수", "en": "Received", "role": DO, "level": "district", "deadline": 10,
         "remind": 3, "docs": ["application", "business_plan", "articles", "members"]},
        {"code": "first_review", "ko": "1차 심사(자치구·적격성)", "en": "First review (district, eligibility)",
         "role": DO, "level": "district", "deadline": 14, "remind": 3},
        {"code": "second_review", "ko": "2차 심사(서울시·대면심사)", "en": "Second review (city, interview)",
         "kind": "review", "role": PO, "level": "owner", "deadline": 21, "remind": 5,
         "rubric": {"cutoff": 70, "blind": False, "normalise": True, "reviewers_min": 2, "criteria": [
             {"code": "community", "ko": "공동체성", "en": "Community", "weight": 25},
             {"code": "public", "ko": "공공성", "en": "Public benefit", "weight": 25},
             {"code": "local", "ko": "지역성", "en": "Local roots", "weight": 25},
             {"code": "business", "ko": "기업성", "en": "Business viability", "weight": 25},
         ]}},
        {"code": "ministry", "ko": "행정안전부 최종 심사", "en": "Ministry's final decision", "role": PO,
         "level": "external", "deadline": 30},
        {"code": "agreement", "ko": "약정 체결·보조금 지급", "en": "Agreement and subsidy", "kind": "payment",
         "role": DO, "level": "district", "deadline": 30, "remind": 7},
        {"code": "designated", "ko": "지정·지원 완료", "en": "Designated and funded", "kind": "done",
         "outcome": "approved"},
        {"code": "rejected", "ko": "미선정", "en": "Not selected", "kind": "done", "outcome": "rejected"},
        {"code": "withdrawn", "ko": "신청 취하", "en": "Withdrawn", "kind": "done", "outcome": "withdrawn"},
    ],
    "transitions": [
        {"code": "accept", "ko": "접수 완료", "en": "Accept", "from": "received", "to": "first_review",
         "conditions": ["documents_complete"]},
        {"code": "withdraw", "ko": "취하 처리", "en": "Withdraw", "from": "received", "to": "withdrawn",
         "reason": True},
        {"code": "eligible", "ko": "적격(2차 심사 추천)", "en": "Eligible", "from": "first_review",
         "to": "second_review"},
        {"code": "ineligible", "ko": "부적격", "en": "Not eligible", "from": "first_review", "to": "rejected",
         "reason": True},
        {"code": "recommend", "ko": "행안부 추천", "en": "Recommend to the ministry", "from": "second_review",
         "to": "ministry", "conditions": ["reviews_complete", "above_cutoff", "within_quota"]},
        {"code": "not_recommended", "ko": "미추천", "en": "Not recommended", "from": "second_review",
         "to": "rejected", "conditions": ["reviews_complete"], "reason": True},
        {"code": "designated", "ko": "최종 지정 기록", "en": "Record designation", "from": "ministry",
         "to": "agreement", "reason": True},
        {"code": "not_designated", "ko": "미지정 기록", "en": "Record refusal", "from": "ministry",
         "to": "rejected", "reason": True},
        {"code": "funded", "ko": "약정·지급 완료", "en": "Agreement signed and paid", "from": "agreement",
         "to": "designated", "conditions": ["agreement_signed", "payments_made"]},
    ],
    "rules": [],
}

SPECS = {s["code"]: s for s in (RETENTION_SUBSIDY, WOMEN_INTERNSHIP, VILLAGE_ENTERPRISE_CALL)}
