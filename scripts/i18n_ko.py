#!/usr/bin/env python
"""Fill the Korean catalogue from the table below and compile both catalogues (no msgfmt needed).

    iljari makemessages -l ko -l en --ignore "*/tests/*"   (run inside iljari/)
    .venv/bin/python scripts/i18n_ko.py                     # fails if a message has no Korean text
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "iljari" / "locale"

KO = {
    "Participants": "참여자",
    "Groups of duplicate programs": "중복 사업 묶음",
    "%(year)s program evaluation": "%(year)s년 사업 평가", "Grade": "등급", "Weak programs for the council": "의회 보고용 미흡 사업",
    "Weights and grade bands": "가중치와 등급 기준", "Weights": "가중치", "Cost per job (million won)": "일자리당 비용(백만원)",
    "Placed (%%)": "취업 연계(%%)", "No program has figures for this year.": "이 연도에 실적이 있는 사업이 없습니다.",
    "Valid from the year": "적용 시작 연도", "%(year)s weak programs": "%(year)s년 미흡 사업",
    "Programs graded 미흡 this year, with their grades and scores of the years before.":
        "올해 미흡 등급을 받은 사업과 지난 연도의 등급·점수입니다.", "All grades": "전체 등급",
    "No program is graded 미흡.": "미흡 등급 사업이 없습니다.", "Evaluation": "사업 평가",
    "Next year's planning list": "다음 연도 계획 목록", "Decision": "결정", "Changed since the decision": "결정 후 바뀜",
    "Relation": "관계", "Program to reduce or abolish": "축소·폐지할 사업", "Record": "기록",
    "Not asked again unless one of the programs changes.": "두 사업 중 하나가 바뀌기 전에는 다시 묻지 않습니다.",
    "%(year)s planning list": "%(year)s년 사업 계획 목록", "Only programs with feedback": "검토 의견이 있는 사업만",
    "Programs running in the year or the year before, with the decisions taken on their similar and duplicate pairs.":
        "그 연도나 전년도에 추진하는 사업과, 유사·중복 검토에서 내린 결정입니다.",
    "Feedback from the duplicate review": "유사·중복 검토 의견", "applies to": "대상", "with": "상대 사업",
    "No program.": "사업이 없습니다.",
    "Programs like this one": "비슷한 사업", "Judgement": "판단", "Score": "점수", "Reasons": "근거",
    "duplicate": "중복", "similar": "유사", "No program is like this one.": "비슷한 사업이 없습니다.",
    "Similar and duplicate programs": "유사·중복 사업",
    "Pairs that do the same kind of work for the same people in the same area and years. Check the reasons before "
    "deciding.": "같은 지역과 기간에 같은 대상에게 같은 종류의 일을 하는 사업 쌍입니다. 결정하기 전에 근거를 확인하십시오.",
    "Only duplicates": "중복만 보기", "Also similar pairs": "유사 사업도 보기", "No pair is flagged.": "찾은 쌍이 없습니다.",
    "Duplicates": "유사·중복", "Compare with every other program": "다른 모든 사업과 비교",
    "Construction jobs estimate": "공사인력 일자리 추정", "The coefficient in force on the date is used.":
        "기준일에 적용되는 취업계수를 씁니다.", "Estimate": "추정",
    "No coefficient is in force for that industry on that date.": "그 날짜에 적용되는 이 업종의 취업계수가 없습니다.",
    "Add or correct a coefficient": "취업계수 추가·정정",
    "Update results": "실적 입력", "Nothing was saved:": "저장하지 않았습니다:", "Results as of": "실적 기준일",
    "Verification indicators: the result for the term so far (leave empty to keep)":
        "확인지표: 임기 중 누계 실적 (비워 두면 그대로)", "Latest result": "최근 실적", "New result": "새 실적",
    "Execution of the year": "집행액 연도", "%(year)s work report text": "%(year)s년 업무보고 문안",
    "The report is ready.": "보고서가 준비되었습니다.", "Download": "내려받기",
    "The report could not be made. Nothing was lost; try again or tell the administrator.":
        "보고서를 만들지 못했습니다. 잃은 자료는 없습니다. 다시 시도하거나 관리자에게 알려 주십시오.",
    "Waiting for the report worker": "보고서 작성 대기 중", "Reload this page to see the progress.":
        "진행 상황을 보려면 이 페이지를 새로 고치십시오.", "Publish": "공표", "Reports": "보고서",
    "Publication": "공표", "Published editions": "공표된 판", "Edition %(n)s": "제%(n)s판", "Note": "메모",
    "Publish this card as of this date": "이 기준일로 카드 공표", "published": "공표", "figures as of": "자료 기준일",
    "All published reports": "공표 보고서 전체", "Changes since edition %(n)s": "제%(n)s판 이후 바뀐 값",
    "Figure": "항목", "Before": "이전", "No figure changed.": "바뀐 값이 없습니다.", "Editions": "판",
    "Published reports": "공표 보고서",
    "Reports as they were published. Later corrections to the data do not change them; each new edition lists what "
    "changed.": "공표한 그대로의 보고서입니다. 이후 자료를 정정해도 바뀌지 않으며, 새 판에는 바뀐 값이 표시됩니다.",
    "Report": "보고서", "Edition": "판", "Published": "공표일시", "Nothing has been published yet.": "아직 공표한 보고서가 없습니다.",
    "Breadcrumb": "위치", "Pledges": "공약사업", "Unit's setting": "부서 설정", "Number": "번호", "Title": "사업명",
    "Total cost (million won)": "총사업비(백만원)", "Implementation rate (%%)": "총 이행률(%%)",
    "Data checks": "자료 점검", "No pledges.": "등록된 공약사업이 없습니다.",
    "Dashboard": "현황판", "Programs": "사업 목록", "Pivot": "피벗 집계", "Monthly entry": "월별 실적 입력",
    "Organisation": "조직", "Code lists": "코드 관리", "Audit trail": "변경 이력", "Org unit": "조직",
    "All": "전체", "Job type": "유형", "Subtype": "세부유형", "Target group": "사업대상", "Policy field": "정책분야",
    "Funding source": "재원", "Status": "상태", "Not allowed": "권한이 없습니다",
    "Your role does not allow this. Ask the portfolio office or your administrator if you need it.":
        "현재 역할로는 할 수 없는 작업입니다. 필요하면 일자리정책 총괄부서나 관리자에게 요청하십시오.",
    "Not found": "찾을 수 없습니다",
    "There is no such page, or it is outside what you may see.": "없는 페이지이거나 열람 권한 밖의 자료입니다.",
    "Year": "연도", "As of": "기준일", "Show": "조회", "unit": "단위", "jobs": "개", "Item": "구분",
    "Target": "목표", "Result": "실적", "Achievement (%%)": "달성률(%%)", "Budget": "예산",
    "Expenditure": "집행액", "Execution (%%)": "집행률(%%)", "Result a year earlier": "전년 동기 실적",
    "Change": "변경", "Drill down": "세부 보기", "Total": "계", "Subtotal": "소계", "Break down": "세분",
    "User": "사용자", "Object type": "대상 종류", "From": "부터", "To": "까지", "Filter": "검색",
    "Every change with who, when, before, after and why": "누가, 언제, 무엇을, 어떻게, 왜 바꿨는지 모든 변경",
    "When": "일시", "Who": "사용자", "Action": "작업", "Object": "대상", "Changes": "변경 내용",
    "Reason": "사유", "Source": "경로", "before / after": "변경 전 / 후", "No change recorded.": "변경 기록이 없습니다.",
    "Pages": "페이지", "Previous": "이전", "Next": "다음", "Job programs": "일자리 사업 관리",
    "Skip to content": "본문 바로가기", "Main menu": "주 메뉴", "Language": "언어", "Log out": "로그아웃",
    "Loading": "불러오는 중",
    "Figures are exact amounts in won shown in the chosen unit; '-' means no value, which is not 0; △ marks a negative.":
        "금액은 원 단위 정확한 값을 선택한 단위로 표시합니다. '-'는 값 없음(0과 다름), △는 음수입니다.",
    "Code": "코드", "Korean": "한국어", "English": "영어", "Parent": "상위", "Active": "사용",
    "Indicators and their units": "지표와 단위", "Unit": "단위", "Aggregation": "집계 방식",
    "Job programs dashboard": "일자리 사업 현황", "as of": "기준", "Key figures": "주요 지표",
    "Jobs target": "일자리 목표", "Jobs result": "일자리 실적", "Achievement rate": "달성률",
    "Execution rate": "집행률", "Result change on a year earlier": "전년 동기 대비 실적 증감",
    "Monthly trend with the target line": "월별 추이와 목표선",
    "Cumulative results by month against the annual target": "연간 목표 대비 월별 누계 실적",
    "Month": "월", "Open": "열기",
    "Saved: %(c)s new, %(ch)s corrected, %(u)s unchanged.": "저장했습니다: 신규 %(c)s건, 정정 %(ch)s건, 변경 없음 %(u)s건.",
    "%(n)s field needs correcting; nothing was saved.": "%(n)s개 항목을 고쳐야 합니다. 아무것도 저장하지 않았습니다.",
    "Cumulative values from 1 January to the end of %(month_text)s; last month's value beside each field (unit: jobs, won)":
        "1월 1일부터 %(month_text)s 말까지의 누계 값이며, 각 칸 옆은 전월 값입니다 (단위: 개, 원)",
    "Program": "사업", "Last month: result": "전월 실적", "Result (cumulative)": "누계 실적",
    "Last month: expenditure": "전월 집행액", "Expenditure (cumulative, won)": "누계 집행액(원)",
    "This unit has no programs.": "이 조직의 사업이 없습니다.", "Reason (for corrections)": "정정 사유",
    "Save all": "한꺼번에 저장", "You have no unit to enter results for.": "실적을 입력할 조직이 없습니다.",
    "Error": "오류", "The request could not be answered": "요청을 처리할 수 없습니다", "Locked": "잠김",
    "Too many failed log-in attempts": "로그인 실패가 너무 많습니다",
    "This account is locked for 15 minutes after repeated failures. Try again later or ask your administrator.":
        "로그인에 여러 번 실패하여 15분 동안 잠겼습니다. 나중에 다시 시도하거나 관리자에게 문의하십시오.",
    "Log in": "로그인", "Your username and password did not match. Please try again.":
        "아이디 또는 비밀번호가 맞지 않습니다. 다시 입력하십시오.",
    "Username": "아이디", "Password": "비밀번호",
    "After five failed attempts the account is locked for 15 minutes.": "다섯 번 실패하면 15분 동안 로그인이 잠깁니다.",
    "Org units with their validity; indented by level": "조직과 존속 기간 (하위 조직은 들여쓰기)",
    "Name": "명칭", "Kind": "종류", "District": "자치구", "Valid": "존속 기간", "Rounding": "반올림 방식",
    "Rows by": "행 기준", "then by": "다음 기준", "(none)": "(없음)", "unit's setting": "조직 설정",
    "half up": "반올림", "truncate": "절사", "Filtered by": "조건", "Clear": "지우기", "Export": "내려받기",
    "groups": "개 항목", "Attributes": "사업 개요", "Owner": "소관", "Implementing units": "수행 기관",
    "Type": "유형", "Delivery mode": "추진 방식", "New or continuing": "신규/계속", "Period": "기간",
    "Legal basis": "근거 법령", "Contact": "담당", "Description": "사업 내용", "Funding shares": "재원 분담",
    "Targets and results by month": "월별 목표와 실적", "By month": "월별",
    "Budget and execution by funding source": "재원별 예산과 집행", "By funding source": "재원별",
    "History of changes": "변경 이력", "Registry changes": "사업 정보 변경", "What": "내용",
    "Recorded values (latest 100 versions)": "입력된 값 (최근 100건)", "Recorded": "입력 일시", "By": "입력자",
    "Measure": "지표", "Value": "값", "correction": "정정", "No value recorded.": "입력된 값이 없습니다.",
    "programs": "개 사업", "From the roll-up": "집계에서 선택", "Search": "검색어",
    "e.g. youth internship": "예: 청년 인턴", "budget in million won": "예산 단위 백만원",
    "No program matches.": "조건에 맞는 사업이 없습니다.", "Annual target": "연간 목표",
    "By type and subtype": "유형·세부유형별", "By office or district": "실국·자치구별", "By unit": "조직별",
    "By target group": "사업대상별", "Expenditure (million won)": "집행액(백만원)",
    "Name (Korean)": "사업명(한글)", "Name (English)": "사업명(영문)", "Start": "시작일", "End": "종료일",
    "Order": "순서", "New name (Korean)": "새 명칭(한글)", "New name (English)": "새 명칭(영문)",
    "Effective from": "적용일", "Valid from": "신설일", "Add or change a code": "코드 추가·수정",
    "(an existing code is changed when list and code match)": "(목록과 코드가 같으면 기존 코드를 수정합니다)",
    "Save": "저장", "Rename from a date on": "명칭 변경 (적용일부터)",
    "Reports as of earlier dates keep the old name.": "적용일 이전 기준의 보고서는 옛 명칭을 그대로 씁니다.",
    "Rename": "명칭 변경", "Add a unit under this one": "하위 조직 신설", "Add": "신설", "Edit program": "사업 정보 수정",
    "Saved.": "저장했습니다.", "Code list entry": "코드 항목", "Code list": "코드 목록",
    "Enter with a workbook": "엑셀로 입력", "Download this month's workbook (xlsx)": "이달 입력 양식 내려받기 (xlsx)",
    "Filled workbook": "작성한 파일", "Check the file": "파일 확인", "Workbook upload": "엑셀 업로드",
    "Nothing is saved yet: %(c)s new, %(ch)s changed, %(u)s unchanged.":
        "아직 저장하지 않았습니다: 신규 %(c)s건, 변경 %(ch)s건, 동일 %(u)s건.",
    "What the upload would change": "업로드하면 바뀌는 값", "Cell": "셀", "Now": "현재", "After": "변경 후",
    "Submission": "제출·승인", "being entered": "입력 중", "reopened": "재개방",
    "This month is locked.": "이 달은 잠겨 있습니다.", "Submit the month": "이 달 제출", "Approve": "승인",
    "Accept": "확정", "Reopen": "재개방", "Done.": "처리했습니다.",
    "Data quality": "자료 검증", "Problem": "문제", "Fix": "고치기",
    "Cancel": "취소", "Back to monthly entry": "월별 실적 입력으로", "Choose a file.": "파일을 고르십시오.",
}
PLURALS = {
    "%(n)s pair to review": "검토할 쌍 %(n)s개", "%(n)s pair decided": "결정한 쌍 %(n)s개",
    "%(n)s violation": "위반 %(n)s건",
    "%(n)s problem; nothing was saved.": "문제 %(n)s건. 아무것도 저장하지 않았습니다.",
    "%(n)s field needs correcting; nothing was saved.": "%(n)s개 항목을 고쳐야 합니다. 아무것도 저장하지 않았습니다.",
}


# Issue 13, one language per page (langsweep): error pages, flash messages, the construction jobs estimator.
KO.update({
    "%(n)s participation spells recorded.": "참여 이력 %(n)s건을 기록했습니다.",
    "Choose an xlsx file of at most 20 MB.": "20MB 이하의 xlsx 파일을 고르십시오.",
    "Nothing was imported: %(n)s problems.": "문제 %(n)s건으로 아무것도 등록하지 않았습니다.",
    "Enter the date as YYYY-MM-DD.": "날짜를 YYYY-MM-DD로 넣으십시오.", "Enter the date.": "날짜를 넣으십시오.",
    "Construction budget (100 million won)": "건설 소요예산 (억원)", "Industry": "업종",
    "Enter the budget as a number in 100 million won: %(raw)s": "예산은 억원 단위의 숫자로 넣으십시오: %(raw)s",
    "The budget is above 0.": "예산은 0보다 커야 합니다.",
    "The budget is too large (below 1,000,000 × 100 million won).": "예산이 너무 큽니다 (1,000,000억원 미만).",
    "The date is between the years 2000 and 2100.": "기준일은 2000년부터 2100년 사이입니다.",
    "New industry's code": "새 업종의 코드", "Industry name": "업종명",
    "Coefficient (people per billion won)": "취업계수 (명/10억원)",
    "Enter the coefficient as a number.": "취업계수는 숫자로 넣으십시오.", "Enter the coefficient.": "취업계수를 넣으십시오.",
    "Choose an industry, or give a new industry's code and name.": "업종을 고르거나, 새 업종의 코드와 이름을 넣으십시오.",
    "Give the new industry's name.": "새 업종의 이름을 넣으십시오.", "Employment coefficients": "취업계수",
    "Jobs of a construction program = construction budget ÷ 1 billion won × employment coefficient (decimals truncated).":
        "공사인력 사업의 일자리 = 건설 소요예산 ÷ 10억 × 취업계수 (소수점 이하 절사).",
    "A new industry (below)": "새 업종 (아래에 입력)", "In force from": "적용일", "Where it comes from": "출처",
    "%(a)s ~ %(b)s: the decision is recorded.": "%(a)s ~ %(b)s: 결정을 기록했습니다.",
    "Go to the dashboard": "대시보드로 가기", "This address is not a page": "직접 여는 화면이 아닙니다",
    "It receives what a button on another page sends (for example publishing a report or recording a decision), "
    "and cannot be opened by itself.": "다른 화면의 단추가 보내는 요청(보고서 공표, 검토 결정 기록 등)을 받는 주소라서 "
    "이 주소만으로는 열 수 없습니다.",
    "Something went wrong on our side": "시스템에 문제가 생겼습니다",
    "The page could not be shown. Nothing you sent was half-saved: try again, and tell the administrator if it "
    "happens again.": "화면을 보여 드리지 못했습니다. 보내신 내용이 반만 저장되는 일은 없습니다. 다시 시도하시고, 또 그러면 "
    "관리자에게 알려 주십시오.",
    "The API token %(prefix)s… is revoked.": "API 토큰을 폐기했습니다: %(prefix)s…",
})

# Issue 13 (langsweep): the evaluation, the reports and their forms in the page's language. The Korean texts are
# the ones the pages printed before (tests and published figures key on them).
KO.update({
    "Enter a number.": "숫자를 넣으십시오", "Enter a value.": "값을 넣으십시오", "At least 0.": "0 이상이어야 합니다",
    "At most 100.": "100 이하여야 합니다", "At most 100, with at most two decimals.": "소수점 둘째 자리까지, 100 이하로 넣으십시오",
    "At most two decimals.": "소수점 둘째 자리까지 넣으십시오", "The year is between 2000 and 2100.": "연도는 2000에서 2100 사이입니다",
    "Weight of achievement": "목표 달성 가중치", "Weight of execution": "예산 집행 가중치",
    "Weight of cost per job": "일자리당 비용 가중치", "Weight of placement in jobs": "취업 연계 가중치",
    "Excellent (points and above)": "우수 (점 이상)", "Adequate (points and above)": "보통 (점 이상)",
    "achievement %(rate)s%%": "달성률 %(rate)s%%", "execution %(rate)s%%": "집행률 %(rate)s%%",
    "%(cost)s million won per job (median of the same type %(median)s million won)":
        "일자리당 %(cost)s백만원 (같은 유형 중앙값 %(median)s백만원)",
    "%(cost)s million won per job (not compared: fewer than %(n)s programs of the same type)":
        "일자리당 %(cost)s백만원 (같은 유형 사업이 %(n)s개 미만이라 비교하지 않습니다)",
    "cost per job -": "일자리당 비용 -", "placed in jobs %(rate)s%%": "취업 연계 %(rate)s%%",
    "%(text)s → %(score)s points × weight %(weight)s": "%(text)s → %(score)s점 × 가중치 %(weight)s",
    "no data, its weight shared out: %(names)s": "자료 없음, 가중치 재배분: %(names)s",
    "total %(total)s — excellent from %(excellent)s points, adequate from %(adequate)s points, weak below":
        "총점 %(total)s — 우수 %(excellent)s점 이상, 보통 %(adequate)s점 이상, 그 아래 미흡",
    "achievement": "달성률", "execution": "집행률", "cost per job": "일자리당 비용", "placed in jobs": "취업 연계",
    "Programs graded weak this year, with their grades and scores of the years before.":
        "올해 미흡 등급을 받은 사업과 지난 연도의 등급·점수입니다.", "No program is graded weak.": "미흡 등급 사업이 없습니다.",
    "By type": "유형별", "By target group": "대상별", "By policy field": "정책분야별",
    "%(year)s %(scope)s job target disclosure": "%(year)s년 %(scope)s 일자리 목표 공시",
    "%(year)s targets as of %(date)s · %(prev)s results as of %(prev)s. 12. 31.":
        "%(year)s년 목표: %(date)s 기준 · %(prev)s년 실적: %(prev)s. 12. 31. 기준",
    "Change = this year's target − last year's result": "증감 = 올해 목표 − 지난해 실적",
    "Number of programs": "사업 수", "%(year)s target (jobs)": "%(year)s 목표(개)", "%(year)s budget": "%(year)s 예산",
    "%(prev)s result (jobs)": "%(prev)s 실적(개)", "%(prev)s achievement (%%)": "%(prev)s 달성률(%%)",
    "Change (jobs)": "증감(개)",
    "A program serving several target groups is counted in each (the total counts it once)":
        "한 사업이 여러 대상에 해당하면 대상마다 셉니다 (계는 중복 없이 셉니다)",
    "Targets %(by)s": "%(by)s 목표", "Job targets": "일자리 목표",
    "Budget execution by unit project": "단위사업별 예산 집행", "Unit project": "단위사업 명",
    "truncated": "절사", "rounded half up": "반올림",
    "%(year)s %(scope)s budget execution by unit project": "%(year)s년 %(scope)s 단위사업별 예산 집행 현황",
    "as of %(date)s · execution rate %(rounding)s": "%(date)s 기준 · 집행률 %(rounding)s",
    "Budget (A)": "예산현액(A)", "Commitments": "원인행위액", "Expenditure (B)": "지출액(B)",
    "Execution (B/A, %%)": "집행률(B/A, %%)", "%(unit)s work report": "%(unit)s 주요업무보고",
    "as of %(date)s (end of %(yy)s.%(month)s)": "%(date)s 기준 (%(yy)s.%(month)s월말)",
    "%(n)s major programs (of %(all)s, by this year's budget)": "주요사업 %(n)s개 (전체 %(all)s개 중 올해 예산이 큰 순)",
    "General status": "일반현황", "Staffing": "인력 현황",
    "No staffing figures of %(unit)s are registered": "%(unit)s의 정원·현원 자료가 등록되어 있지 않습니다",
    "Budget execution": "예산 집행 현황", "Job targets and results": "일자리 목표 및 실적",
    "Target (jobs)": "목표(개)", "Result (jobs)": "실적(개)", "Targets and results %(by)s": "%(by)s 목표 및 실적",
    "Targets and results by type (as of %(date)s)": "유형별 목표 및 실적 (%(date)s 기준)", "Major programs": "주요사업",
    "Program by program": "사업별 현황", "Results (%(share)s)": "추진실적 (%(share)s)", "Results": "추진실적",
    "Budget in force": "예산현액", "Spent": "지출액",
    "%(year)s (end of month %(month)s)": "%(year)s년 (%(month)s월말)", "Program period": "사업기간", "Basis": "근거",
    "Done": "완료", "Authorized": "정원", "Current": "현원", "Over / short": "과부족",
    "%(grade)s (authorized/current)": "%(grade)s (정원/현원)", "as of %(date)s": "%(date)s 기준",
    "(unit: %(unit)s)": "(단위 : %(unit)s)", "Overview": "사업개요", "Main results": "주요 추진실적", "Next steps": "향후계획",
    "Confirm publishing": "공표 확인", "Publish this report?": "공표하시겠습니까?",
    "Publishing freezes the report as of this date and puts it at a public address anyone can read without logging "
    "in.": "공표하면 이 기준일의 내용이 그대로 고정되어, 로그인하지 않은 누구나 볼 수 있는 공개 주소에 게시됩니다.",
    "A published edition cannot be changed or withdrawn; when the figures change, publish again for a new edition.":
        "공표한 판은 고치거나 내릴 수 없습니다. 내용이 바뀌면 다시 공표하여 새 판을 냅니다.",
    "(%(editions)s editions so far)": "(지금까지 %(editions)s개 판)", "Kinds of report": "보고서 종류",
    "Work report": "주요업무보고", "Job target disclosure": "일자리 목표 공시", "Yes, publish": "공표합니다",
})
KO.update({  # the pledge card (공약사업 카드) in the page's language; its Korean is the city's form as before
    "(unit: million won)": "(단위 : 백만원)", "Within the term": "임기 내", "After the term": "임기 후",
    "Nature": "사업성격", "Completion": "완료시기", "Help needed from the central government": "중앙정부 도움필요성",
    "Not needed": "해당없음", "Needed": "도움필요", "Executing body": "사업주체", "Progress": "추진상황",
    "In charge": "사업담당", "Total cost (unit: million won)": "총사업비 (단위 : 백만원)", "Policy goals": "정책목표",
    "Related job programs": "관련 일자리 사업", "Schedule": "추진일정", "active": "추진", "Investment plan": "투자계획",
    "Verification indicators": "공약달성 확인지표", "Indicator": "확인지표", "%(year)s targets by quarter": "%(year)s년 분기별 목표",
    "Results overall": "추진실적 총괄",
    "as of %(date)s · implementation rate %(rounding_label)s": "%(date)s 기준 · 이행률 %(rounding_label)s",
    "Share of the whole pledge (%%)": "전체사업 대비비율(%%)", "Implementation rate of the part (%%)": "사업 이행률(%%)",
    "Total implementation rate (%%)": "총 이행률(%%)", "Budget executed": "예산 집행액", "Milestones": "일정별 추진실적",
    "No.": "연번", "Date": "일자", "What was done": "추진사항", "Details": "세부 내용",
    "Citizen participation": "주민 참여(소통) 실적", "Places (people)": "선발인원(명)",
    "Recruitment and selection": "모집 및 선발", "Operation": "운영", "Recruitment": "모집", "Selection": "선발",
    "Pledge card %(number)s %(title)s": "공약사업 카드 %(number)s %(title)s",
    "iljari · made %(made)s · figures as of %(as_of)s": "iljari · %(made)s 생성 · %(as_of)s 기준 자료",
})
PLURALS.update({"Data check (%(n)s finding)": "자료 점검 (%(n)s건)"})
KO.update({  # the API tokens page and the report chart
    "%(label)s: target %(target)s, result %(result)s, achievement %(rate)s%%":
        "%(label)s: 목표 %(target)s, 실적 %(result)s, 달성률 %(rate)s%%",
    "API tokens": "API 토큰", "token": "토큰",
    "A program using the API sends a token in the request header <code>Authorization: Token %(word)s</code>.":
        "API를 프로그램에서 쓸 때 요청 머리글에 <code>Authorization: Token %(word)s</code>으로 보냅니다.",
    "A token works for %(days)s days from the day it is made; only a cryptographic hash of it is stored, so it is "
    "shown once, right after it is made.": "토큰은 만든 날부터 %(days)s일 동안 쓸 수 있고, 저장할 때는 암호학적 해시만 "
    "남기므로 만든 직후 한 번만 보입니다.",
    "Each person may have up to %(limit)s.": "한 사람이 %(limit)s개까지 가질 수 있습니다.", "New API token": "새 API 토큰",
    "Copy it now and keep it somewhere safe: once you leave this page it cannot be shown again.":
        "지금 복사해 안전한 곳에 두십시오. 이 화면을 벗어나면 다시 볼 수 없습니다.",
    "Token": "토큰", "Make a new token": "새 토큰 만들기", "My API tokens": "내 API 토큰", "First characters": "앞자리",
    "Made": "만든 때", "Expires": "만료", "Revoke": "폐기", "Revoke the token %(key)s": "%(key)s 토큰 폐기",
    "You have no API token in use.": "쓸 수 있는 API 토큰이 없습니다.",
})
PLURALS.update({"%(jobs)s job": "%(jobs)s개"})


def main() -> int:
    ko = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.po"))
    ko.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for e in ko:
        if e.obsolete:
            continue
        if e.msgid_plural:
            e.msgstr_plural = {0: PLURALS.get(e.msgid, "")}
            if not e.msgstr_plural[0]:
                missing.append(e.msgid)
        else:
            e.msgstr = KO.get(e.msgid, "")
            if not e.msgstr:
                missing.append(e.msgid)
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    ko.save()
    ko.save_as_mofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.mo"))
    en = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    en.save_as_mofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.mo"))
    if missing:
        print("no Korean text for:", *missing, sep="\n  ")
        return 1
    print(f"{len(ko)} messages translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
