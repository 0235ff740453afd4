"""Choice labels are written "한국어 / English" once in the models; a page or a file shows one of the two."""

from __future__ import annotations

from typing import Any


def one_language(text: Any, language: str | None = "ko") -> str:
    """'추진중 / active' -> '추진중' on a Korean page, 'active' on an English one; other text as it is."""
    value = "" if text is None else str(text)
    ko, sep, en = value.partition(" / ")
    if not sep:
        return value
    return en if (language or "ko").startswith("en") and en else ko


# What an audit row is about, and by which door a change came, in words ("ledger.fact" is not Korean).
OBJECT_TYPES = {
    "access.membership": "역할 부여 / role grant", "auth.user": "사용자 / user", "auth.group": "사용자 그룹 / group",
    "knox.authtoken": "API 토큰 / API token", "evaluation.evaluationscheme": "평가 기준 / evaluation scheme",
    "ledger.fact": "실적·예산 값 / ledger value", "ledger.monthsubmission": "월별 제출 / month submission",
    "ledger.periodlock": "마감 / period lock", "orgs.orgunit": "조직 / org unit",
    "orgs.staffingfigure": "정원·현원 / staffing", "participants.applicant": "신청자 / applicant",
    "participants.application": "신청서 / application", "participants.eligibilityrule": "자격 기준 / eligibility rule",
    "participants.participation": "참여 이력 / participation", "people.person": "사람 / person",
    "people.benefitrecord": "수혜 이력 / benefit record", "people.listimport": "참여자 명단 반입 / participant list", "participants.payrule": "임금 기준 / pay rule",
    "participants.recruitmentround": "모집 회차 / recruitment round",
    "participants.workrecord": "근무 실적 / days and hours worked", "pledges.pledge": "공약사업 / pledge",
    "programs.code": "코드 / code", "programs.employmentcoefficient": "취업계수 / employment coefficient",
    "programs.program": "사업 / program", "quality.validationrule": "검증 규칙 / validation rule",
    "reports.programnote": "보고서 문안 / report text", "reports.publication": "공표 / publication",
    "reports.reportjob": "보고서 작성 / report job", "reports.jobplan": "지역일자리 공시 계획 / job plan", "similarity.pairreview": "유사·중복 검토 / pair review",
    "people.alert": "이중수급 의심 / double-benefit alert", "people.personlink": "연계 후보 / record link",
    "outcomes.employmentepisode": "고용 이력 / employment episode",
    "outcomes.episodeimport": "고용 이력 반입 / employment records import",
    "people.recoverycase": "환수 / recovery case",
    "people.recoverypayment": "환수 납부 / recovery payment",
    "people.doublebenefitrule": "이중수급 점검 기준 / double-benefit rule",
    # job centres' casework (issue 15)
    "employment.seeker": "구직자 / job seeker", "employment.vacancy": "구인 / vacancy",
    "employment.counselling": "상담 / counselling session", "employment.referral": "알선 / referral",
    "employment.placement": "취업 / placement", "employment.followup": "사후관리 / follow-up",
    "employment.jobfair": "채용박람회 / job fair",
    # subsidy and open-call cases (issue 17)
    "cases.flow": "지원금·공모 흐름 / case flow", "cases.stage": "처리 단계 / stage",
    "cases.transition": "처리 경로 / action", "cases.rubric": "심사표 / rubric", "cases.criterion": "심사 항목 / criterion",
    "cases.caserule": "지원 기준 / subsidy rule", "cases.organisation": "사업장·단체 / organisation",
    "cases.call": "공모 / open call", "cases.case": "지원금·공모 사례 / case", "cases.document": "제출 서류 / document",
    "cases.claimmonth": "청구 월 / month claimed", "cases.districtbudget": "자치구 배정액 / district budget",
    "cases.reallocation": "재배정 / reallocation", "cases.paymentbatch": "지급 묶음 / payment batch",
    "cases.payment": "지급 / payment", "cases.recovery": "환수 / recovery", "cases.recoveryentry": "환수 원장 / recovery entry",
    "cases.review": "심사 / review", "cases.reviewerassignment": "심사위원 배정 / reviewer assignment",
    "cases.interview": "대면 심사 / interview", "cases.agreement": "약정 / agreement",
}
SOURCES = {"web": "화면 / web page", "api": "API / API", "import": "일괄 등록 / import", "cli": "명령줄 / command line",
           "admin": "관리자 화면 / admin", "system": "시스템 / system",
           "public": "시민 신청 화면 / citizens' page", "derived": "기록에서 집계 / derived from records"}
MEASURE_UNITS = {"jobs": "개 / jobs", "won": "원 / won", "people": "명 / people", "cases": "건 / cases",
                 "times": "회 / times", "companies": "개사 / companies"}
GRADES = {"우수": "우수 / excellent", "보통": "보통 / adequate", "미흡": "미흡 / weak"}
ROUNDINGS = {"half_up": "반올림 / half-up", "truncate": "절사 / truncate"}


def labelled(table: dict[str, str], code: Any, language: str | None = "ko") -> str:
    """A code's words from one of the tables above in one language; an unknown code as it is."""
    value = "" if code is None else str(code)
    return one_language(table[value], language) if value in table else value


def choices_in_language(choices: Any, blank: str | None = None) -> Any:
    """Choices written "한국어 / English" for a form field, read in the page's language each time the field is
    shown (a callable Django evaluates per rendering); `blank` puts an empty choice first."""

    def current() -> list[tuple[str, str]]:
        from django.utils.translation import get_language

        language = get_language()
        head = [("", blank)] if blank is not None else []
        return head + [(value, one_language(label, language)) for value, label in choices]

    return current


def name_in_language(obj: Any, language: str | None = None) -> str:
    """A code's label or a unit's / program's name in the language (the Korean one without an English one)."""
    if language is None:
        from django.utils.translation import get_language

        language = get_language()
    english = (language or "ko").startswith("en")
    for ko, en in (("label_ko", "label_en"), ("name_ko", "name_en")):
        if hasattr(obj, ko):
            return (getattr(obj, en, "") if english else "") or getattr(obj, ko)
    return str(obj)


def unit_label(unit: Any, language: str | None = None) -> str:
    """A unit in a list to choose from: its name, with its parent's for a division or team (two districts each
    have an 일자리경제과), never its code."""
    name = name_in_language(unit, language)
    parent = getattr(unit, "parent", None)
    if getattr(unit, "kind", "") in ("division", "team") and parent is not None:
        return f"{name} ({name_in_language(parent, language)})"
    return name

# --- cases slice "subsidy" (issue 17): what a subsidy claim's audit rows are about ---
OBJECT_TYPES.update({
    "cases.organisation": "사업장·단체 / firm or organisation", "cases.document": "제출 서류 / document",
    "cases.claimmonth": "청구 월 / claim month", "cases.claim_screening": "지원 요건 재확인 / claims screened again",
    "cases.claim_import": "서면 신청 일괄 등록 / paper applications imported",
})
# --- end "subsidy" ---

# --- outcomes slice "indicators" (issue 18): outcome runs and indicator definitions ---
OBJECT_TYPES.update({
    "outcomes.outcomerun": "성과 산출 / outcome run", "outcomes.indicator": "성과 지표 / outcome indicator",
    "outcomes.indicatorversion": "성과 지표 정의 / indicator definition",
})
# --- end "indicators" ---
# --- outcomes slice "grades" (issue 18 §4) ---
OBJECT_TYPES.update({"outcomes.grade": "성과 등급 / grade", "outcomes.gradingscheme": "평가 등급 체계 / grading scheme"})
# --- end "grades" ---
