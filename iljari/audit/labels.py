"""What the audit trail calls each recorded field, "한국어 / English" (one_language picks one).

A field is looked up as "app.model.field" first, then by its name alone; the name of a foreign key's id
("owner_org_id") is read as the field ("owner_org"). A model field with a verbose name of its own needs no row.
"""

from __future__ import annotations

# Fields the trail never shows: keys, secrets, internal bookkeeping.
HIDDEN = {"id", "version", "updated_at", "created_at", "password", "digest", "rrn_hash", "rrn_encrypted", "path",
          "depth", "fingerprint_a", "fingerprint_b", "data_sha256", "sha256", "body_html", "output", "batch_id",
          "replaces", "period_kind", "period_end", "ref_date", "recorded_at", "last_login", "token_key",
          # the person registry: internal references (the reason of a history view says its purpose in words)
          "source_ref", "address_norm", "cluster", "purpose", "fields",
          "fingerprint", "detail"}

# Whole numbers that are years, days or positions: written without thousands separators.
PLAIN_NUMBERS = {"year", "funding_year", "period_start", "period_end", "term_start", "term_end", "month",
                 "deadline_day", "sort_order", "order", "sequence", "rank", "valid_from_year"}

# Amounts in won (written with separators and 원).
MONEY = {"household_income", "property_value", "amount", "overlap_won"}

FIELDS: dict[str, str] = {
    # shared names
    "code": "코드 / code", "name": "이름 / name", "name_ko": "이름 / name (Korean)",
    "name_en": "영문 이름 / name (English)", "kind": "종류 / kind", "status": "상태 / status",
    "valid_from": "적용 시작 / valid from", "valid_to": "적용 종료 / valid to", "as_of": "기준일 / as of",
    "year": "연도 / year", "period": "기간 / period", "note": "비고 / note", "reason": "사유 / reason",
    "label": "명칭 / label", "params": "설정값 / settings", "program": "사업 / program",
    "org_unit": "조직 / unit", "user": "사용자 / user", "role": "역할 / role", "parent": "상위 / parent",
    "sort_order": "정렬 순서 / order", "active": "사용 / in use", "start": "시작일 / start", "end": "종료일 / end",
    "title": "제목 / title", "description": "사업 내용 / description", "source": "출처 / source",
    "created": "만든 일시 / made", "expiry": "만료 일시 / expires", "prefix": "토큰 앞자리 / token prefix",
    "district": "자치구 / district", "phone": "전화번호 / phone", "address": "주소 / address",
    "employment": "취업 상태 / employment", "statuses": "해당 사항 / circumstances",
    "household_size": "가구원 수 / household size", "household_income": "가구 소득 / household income",
    "property_value": "재산 / property", "measure": "지표 / measure", "funding_source": "재원 / funding source",
    "value": "값 / value", "illustrative": "예시 자료 / illustrative", "month": "월 / month",
    "recorded_by": "입력자 / recorded by", "email": "전자우편 / email",
    # programs
    "programs.program.owner_org": "소관 부서 / owner", "programs.program.implementing_orgs": "수행 기관 / implementing units",
    "programs.program.job_type": "일자리 유형 / job type", "programs.program.subtype": "세부 유형 / subtype",
    "programs.program.policy_field": "정책 분야 / policy field", "programs.program.target_groups": "사업 대상 / target groups",
    "programs.program.delivery_mode": "추진 방식 / delivery mode", "programs.program.continuity": "신규·계속 / new or continuing",
    "programs.program.legal_basis": "근거 법령 / legal basis", "programs.program.contact": "담당자 연락처 / contact",
    "programs.program.construction_industry": "공사 업종 / construction industry",
    "programs.program.name_ko": "사업명 / program name", "programs.program.name_en": "영문 사업명 / English name",
    "programs.program.code": "사업 코드 / program code",
    "funding_year": "재원 연도 / funding year", "shares": "재원 비율 / funding shares",
    "programs.code.list": "코드 목록 / code list", "label_ko": "한국어 명칭 / Korean label",
    "label_en": "영문 명칭 / English label", "industry": "업종 / industry",
    "jobs_per_billion": "10억원당 취업자 수 / jobs per billion won",
    # orgs
    "orgs.orgunit.kind": "조직 종류 / kind of unit", "orgs.orgunit.rounding": "끝수 처리 / rounding",
    "orgs.orgunit.district": "소속 자치구 / district", "predecessors": "이전 조직 / predecessors",
    "grade": "직급 / grade", "authorized": "정원 / authorized", "current": "현원 / current",
    # access and users
    "is_superuser": "최고 관리자 / superuser", "is_staff": "관리자 화면 사용 / staff", "is_active": "사용 중 / active",
    "username": "아이디 / username", "first_name": "이름 / first name", "last_name": "성 / last name",
    "date_joined": "가입 일시 / joined", "groups": "그룹 / groups", "user_permissions": "권한 / permissions",
    "permissions": "권한 / permissions",
    # ledger
    "submitted_by": "제출자 / submitted by", "submitted_at": "제출 일시 / submitted", "approved_by": "승인자 / approved by",
    "approved_at": "승인 일시 / approved", "accepted_by": "접수자 / accepted by", "accepted_at": "접수 일시 / accepted",
    "reopened_by": "재개자 / reopened by", "reopened_at": "재개 일시 / reopened", "reopen_reason": "재개 사유 / reason to reopen",
    "locked_at": "마감 일시 / locked", "locked_by": "마감자 / locked by",
    # batches (an import's summary row)
    "file": "파일 / file", "sheet": "시트 / sheet", "rows": "행 수 / rows", "changed": "변경 / changed",
    "unchanged": "동일 / unchanged", "warnings": "경고 / warnings", "encoding": "문자 인코딩 / encoding",
    # participants
    "rrn_masked": "주민등록번호 / resident number", "birth_date": "생년월일 / birth date", "sex": "성별 / sex",
    "round": "모집 회차 / round", "applicant": "신청자 / applicant", "channel": "신청 경로 / channel",
    "submitted_at_application": "신청 일시 / applied", "eligible": "자격 / eligible", "points": "점수 / points",
    "rank": "순위 / rank", "decision": "판정 / decision", "screened_at": "심사 일시 / screened",
    "worksite": "근무지 / worksite", "order": "순서 / order", "created_by": "작성자 / made by",
    "announce_on": "공고일 / announced", "apply_from": "접수 시작 / applications from",
    "apply_to": "접수 마감 / applications until", "select_on": "선발일 / selection", "work_from": "근무 시작 / work from",
    "work_to": "근무 종료 / work until", "places": "모집 인원 / places",
    "vulnerable_quota_percent": "취약계층 비율(%) / vulnerable quota (%)",
    "participants.application.submitted_at": "신청 일시 / applied",
    "applications": "신청서 수 / applications", "rules": "적용 기준 / rules", "reference_date": "기준일 / reference date",
    "selected": "선발 / selected", "vulnerable_selected": "취약계층 선발 / vulnerable selected",
    "quota": "취약계층 의무 / vulnerable quota", "places_total": "모집 인원 / places", "waiting": "대기 / waiting", "days": "근무일수 / days worked",
    "hours": "근무시간 / hours worked", "duties": "하는 일 / what the job is", "run_by": "운영 / run by",
    # the person registry (issue 14)
    "person": "사람 / person", "program_name": "사업명(원문) / program name as sent", "months": "개월수 / months",
    "batch": "명단 반입 / list import", "detail": "상세 / details", "last_day": "마지막 날 / last day",
    "same": "동일 / unchanged", "removed": "삭제 / removed", "persons": "사람 수 / persons",
    "uploaded_by": "올린 사람 / uploaded by", "persons_created": "만든 사람 수 / persons made",
    # pledges
    "number": "번호 / number", "owner_org": "소관 부서 / owner", "owner_text": "담당 / in charge",
    "summary": "요약 / summary", "policy_goals": "정책 목표 / policy goals", "period_start": "사업 시작 연도 / from",
    "period_end": "사업 종료 연도 / to", "term_start": "임기 시작 / term from", "term_end": "임기 종료 / term to",
    "nature": "성격 / nature", "completion": "완료 시기 / completion", "central_help": "중앙 지원 / central help",
    "executing_body": "시행 주체 / executing body", "next_steps": "향후 계획 / next steps", "programs": "사업 / programs",
    "activities": "추진 내용 / activities", "investment_plan": "투자 계획 / investment plan",
    "execution": "집행 실적 / execution", "indicators": "성과 지표 / indicators", "milestones": "추진 경과 / milestones",
    "participation": "주민 참여 / participation",
    # evaluation
    "weight_achievement": "달성도 가중치 / weight: achievement", "weight_execution": "집행률 가중치 / weight: execution",
    "weight_cost": "비용 가중치 / weight: cost", "weight_transition": "취업 연계 가중치 / weight: placement",
    "excellent_from": "우수 기준 / excellent from", "adequate_from": "보통 기준 / adequate from",
    "evaluation.evaluationscheme.valid_from": "적용 연도 / from the year",
    # quality
    "left": "왼쪽 식 / left side", "operator": "비교 / comparison", "right": "오른쪽 식 / right side",
    "left_missing": "왼쪽 값이 없을 때 / left side missing", "right_missing": "오른쪽 값이 없을 때 / right side missing",
    "severity": "심각도 / severity", "message_ko": "안내 문구 / message (Korean)",
    "message_en": "영문 안내 문구 / message (English)", "deadline_day": "제출 기한(다음 달 일) / deadline day",
    # reports
    "achievements": "추진 실적 / achievements", "slug": "주소 / address", "subject": "대상 / subject",
    "sequence": "차수 / edition", "figures": "수치 / figures", "published_at": "공표 일시 / published",
    "published_by": "공표자 / published by", "previous": "이전 공표 / previous edition", "org_code": "조직 / unit",
    "fmt": "형식 / format", "requested_by": "요청자 / requested by", "done": "완료 / done", "total": "전체 / total",
    "step": "단계 / step", "error": "오류 / error", "finished_at": "완료 일시 / finished",
    # reports: the job plans of the disclosure (issue 18), recorded as one document a line per target and type
    "reports.jobplan.org": "지방자치단체 / city or district", "reports.jobplan.term": "민선 기수 / elected term",
    "reports.jobplan.first_year": "첫해 / first year", "reports.jobplan.last_year": "마지막 해 / last year",
    "reports.jobplan.as_of": "자료 기준일 / figures as of", "reports.jobplan.direction": "추진 방향 / direction",
    "reports.jobplan.employment_rate": "고용률(15~64세) / employment rate (ages 15-64)",
    "reports.jobplan.employed": "취업자 수 / number employed",
    "reports.jobplan.regular_employees": "상용근로자 수 / number of regular employees",
    "reports.jobplan.direct": "직접일자리 / direct jobs", "reports.jobplan.training": "직업능력개발훈련 / vocational training",
    "reports.jobplan.employment_service": "고용서비스 / employment services",
    "reports.jobplan.employment_subsidy": "고용장려금 / employment subsidies",
    "reports.jobplan.startup": "창업지원 / start-up support",
    "reports.jobplan.infrastructure": "일자리 인프라 구축 / job infrastructure",
    "reports.jobplan.business_attraction": "기업유치 / business attraction",
    # similarity
    "program_a": "사업 가 / program A", "program_b": "사업 나 / program B", "relation": "관계 / relation",
    "target": "축소·폐지 대상 / program to reduce", "score": "유사도 / score", "decided_by": "결정자 / decided by",
    "decided_at": "결정 일시 / decided",
    # people: the double-receipt check (issue 14)
    "people.alert.rule": "점검 기준 / rule", "amount": "금액 / amount", "cluster_id": "동일인 묶음 / cluster", "cluster": "동일인 묶음 / cluster",
    "overlap_days": "겹친 일수 / overlap days", "overlap_months": "겹친 개월 / overlap months",
    "overlap_won": "겹친 금액 / overlap in won", "link": "연계 후보 / link", "probability": "동일인 확률 / match probability",
    "people.personlink.decision": "결정 / decision", "left_version": "첫 기록 판 / first record's version",
    "right_version": "둘째 기록 판 / second record's version", "alert": "이중수급 의심 / alert",
    "notice_date": "통지일 / notice date", "case": "환수 건 / recovery case",
    "paid_on": "납부일 / date paid", "on": "기준일 / as of", "records": "수혜 기록 / benefit records",
    "overlap": "기간 중복 / overlap", "months_cap": "누적 초과 / months over the cap",
    "subsidy_while_paid": "지원금과 유급 참여 같은 달 / subsidy while paid",
    "two_districts": "한 사업 두 자치구 / two districts",
}

# --- job centres' casework (issue 15, slice "casework"): the fields of seekers, vacancies, sessions, referrals,
# placements, follow-ups and job fairs, looked up as "employment.<model>.<field>" so that they name nothing else ---
_EMPLOYMENT_FIELDS = {
    "person": "사람 / person", "centre": "일자리센터 / job centre", "counsellor": "상담사 / counsellor",
    "registered_on": "구직 등록일 / registered", "commute": "통근 범위 / commute",
    "home_district": "거주 자치구 / home district", "wage_type": "임금 형태 / type of wage", "wage": "임금 / wage",
    "desired_wage": "희망 임금 / desired wage", "hours_per_week": "주당 근로시간 / hours a week",
    "education": "학력 / education", "skills_text": "기술 / skills", "career_text": "경력 / career",
    "programmes_joined": "참여한 취업지원 사업 / programmes joined", "consent_share": "정보 제공 동의 / consent to share",
    "employer": "사업장 / employer", "title": "구인 제목 / title", "occupation": "직종 / occupation",
    "tasks": "담당 업무 / tasks", "contract": "고용 형태 / type of contract", "openings": "모집 인원 / openings",
    "requirements": "자격 요건 / requirements", "posted_on": "등록일 / posted", "deadline": "마감일 / deadline",
    "reject_reason": "반려 사유 / reason for rejection", "seeker": "구직자 / job seeker", "vacancy": "구인 / vacancy",
    "referred_on": "알선일 / referred", "outcome": "알선 결과 / outcome", "outcome_on": "결과일 / date of the outcome",
    "employer_name": "사업장 이름 / employer's name", "placed_on": "취업일 / placed", "via": "취업 경로 / way",
    "referral": "알선 / referral", "placement": "취업 / placement", "months": "사후관리 시점 / follow-up",
    "due_on": "예정일 / due", "done_on": "확인일 / checked", "still_employed": "계속 근무 / still employed",
    "same_employer": "같은 사업장 / same employer", "done_by": "확인자 / checked by", "held_on": "일자 / date",
    "channel": "방법 / channel", "notes": "상담 내용 / notes", "next_step": "다음 할 일 / next step",
    "venue": "장소 / venue", "companies": "참여기업 / companies", "applicants": "참여 구직자 / applicants",
    "interviews": "면접 / interviews", "hires": "채용 / hires",
}
FIELDS.update({f"employment.{model}.{name}": label for model in (
    "seeker", "vacancy", "counselling", "referral", "placement", "followup", "jobfair")
    for name, label in _EMPLOYMENT_FIELDS.items()})
MONEY = MONEY | {"wage", "desired_wage"}
# --- end casework ---
# --- cases (issue 17): subsidy and open-call cases ---
_CASES_FIELDS = {
    "flow": "흐름 / flow", "stage": "단계 / stage", "reference": "접수번호 / reference",
    "outcome": "결과 / outcome", "due_on": "처리 기한 / due", "amount_claimed": "신청 금액 / amount claimed",
    "amount_approved": "지원 결정 금액 / amount approved", "stages": "단계 수 / stages",
    "transitions": "처리 경로 수 / actions", "case": "사례 / case", "organisation": "사업장·단체 / organisation",
    "person": "사람 / person", "category": "구분 / category", "channel": "접수 방법 / channel",
    "applied_on": "신청일 / applied", "business_number": "사업자등록번호 / business number",
    "employees": "근로자 수 / employees", "sector": "업종 구분 / sector", "legal_form": "법인 형태 / legal form",
    "representative": "대표자 / representative", "leave_days": "휴직일수 / leave days",
    "eligible": "요건 충족 / eligible", "batch": "지급 묶음 / payment batch", "payee": "받는 이 / payee",
    "paid_on": "지급일 / paid", "pay_on": "지급 예정일 / to be paid", "scores": "점수 / scores",
    "total": "합계 / total", "recused": "회피 / recused", "recusal_reason": "회피 사유 / reason for recusal",
    "signed_on": "약정일 / signed", "starts_on": "시작일 / from", "ends_on": "종료일 / to",
    "cutoff": "기준 점수 / cut-off", "weight": "배점 / weight", "count": "건수 / count",
    "to_district": "받는 자치구 / to district", "from_district": "주는 자치구 / from district",
    "fund": "재원 / fund", "notice_on": "고지일 / notice", "step": "지급 단계 / step",
    "condition": "지급 조건 / condition", "status_reason": "상태 사유 / reason", "deadline_days": "처리 기한(일) / days allowed",
    "remind_days": "알림(일 전) / reminder (days before)", "actor_role": "처리 역할 / acting role",
    "actor_level": "처리 기관 / acting office", "required_documents": "필수 서류 / required documents",
    "needs_reason": "사유 필요 / reason needed", "conditions": "조건 / conditions", "doc_type": "서류 종류 / document type",
    "size": "크기 / size", "sha256": "파일 지문 / fingerprint", "comment": "의견 / comment",
    "summary_ko": "공고 요약 / summary", "summary_en": "영문 요약 / summary (English)", "opens_on": "접수 시작 / opens",
    "closes_on": "접수 마감 / closes", "categories": "지원 구분 / categories", "published": "공개 / published",
    "title_ko": "제목 / title", "title_en": "영문 제목 / English title",
}
FIELDS.update({k: v for k, v in _CASES_FIELDS.items() if k not in FIELDS})
MONEY = MONEY | {"amount_claimed", "amount_approved", "total_won"}
# --- end cases ---

# --- cases slice "subsidy" (issue 17): the fields of firms, claim months and documents ---
FIELDS.update({
    "cases.organisation.business_number": "사업자등록번호 / business registration number",
    "cases.organisation.employees": "상시 근로자 수 / employees", "cases.organisation.sector": "업종 / sector",
    "cases.organisation.representative": "대표자 / representative",
    "cases.claimmonth.month": "청구 월 / month", "cases.claimmonth.leave_days": "무급휴직 일수 / leave days",
    "cases.claimmonth.eligible": "지원 요건 충족 / eligible", "cases.claimmonth.amount": "지원액 / amount",
    "cases.document.case": "사례 / case", "cases.document.doc_type": "서류 종류 / kind of document",
    "cases.document.size": "파일 크기 / file size", "cases.document.content_type": "파일 형식 / file type",
    "cases.document.sha256": "파일 해시 / file hash",
})
# --- end "subsidy" ---

# --- outcomes slice "indicators" (issue 18): outcome runs and indicator definitions ---
FIELDS.update({
    "outcomes.outcomerun.programs": "사업 수 / programs", "outcomes.outcomerun.figures": "지표 값 수 / figures",
    "outcomes.outcomerun.indicator_versions": "지표 정의 / indicator definitions",
    "outcomes.outcomerun.published_at": "공개 일시 / published at",
    "outcomes.indicatorversion.indicator": "지표 / indicator", "outcomes.indicatorversion.definition": "정의 / definition",
    "outcomes.indicatorversion.applies_to": "적용 사업 유형 / program types",
    "outcomes.indicatorversion.minimum": "기준 / standard",
    "outcomes.indicatorversion.higher_is_better": "높을수록 좋음 / higher is better",
    "outcomes.indicatorversion.words_ko": "정의 (한국어) / definition (Korean)",
    "outcomes.indicatorversion.words_en": "정의 (영어) / definition (English)",
    "outcomes.indicatorversion.created_by": "만든 사람 / made by",
})
# --- outcomes slice "grades" (issue 18 §4): a run's grades, a program's proposed cut ---
FIELDS.update({
    "outcomes.outcomerun.grades": "등급 매긴 사업 수 / programs graded", "outcomes.outcomerun.excellent": "우수 / Excellent",
    "outcomes.outcomerun.good": "양호 / Good", "outcomes.outcomerun.improve": "개선필요 / Needs improvement",
    "outcomes.outcomerun.cut": "감액 / Cut", "outcomes.outcomerun.sunset": "일몰 검토 대상 / sunset review",
    "outcomes.outcomerun.scheme": "등급 체계 적용일 / grading scheme from",
    "outcomes.grade.proposed_cut_percent": "감액 제안(%) / proposed cut (%)",
    "outcomes.grade.cut_reason": "감액 제안 사유 / reason for the cut",
})
# --- end "grades" ---
# --- end "indicators" ---
