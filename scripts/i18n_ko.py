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
    "Enter a number in units of 10,000 won (e.g. 185 for 1,850,000 won)": "숫자로 적어 주십시오 (만원 단위, 예: 185만원이면 185)",
    "Write it in units of 10,000 won: 185 for 1,850,000 won (at most %(amount)s)":
        "만원 단위로 적어 주십시오: 185만원이면 185 (%(amount)s만원 이하)",
    "Write it in units of 10,000 won: %(won)s won is %(manwon)s": "만원 단위로 적어 주십시오: %(won)s원이면 %(manwon)s",
    "Only %(selected)s of the %(quota)s places reserved for vulnerable groups were filled: not enough eligible vulnerable applicants. Select again after taking more of their applications.":
        "취약계층 의무 %(quota)s명 중 %(selected)s명만 선발했습니다: 적격 취약계층 신청자가 부족합니다. 취약계층 신청을 더 받으면 다시 선발하십시오",
    "System": "시스템",
    "What the job is": "하는 일",
    "Shown to citizens on the application page: the work, where and for whom, in plain words.":
        "시민 신청 화면에 보입니다. 하는 일, 일하는 곳과 대상을 쉬운 말로 적으십시오.",
    # the figure pages' org selector and carried choices (issue 13)
    "Offices": "실·국·본부", "Agencies": "투자·출연기관", "Districts": "자치구",
    "Offices and districts by type (pivot)": "실·국·자치구별 유형별 현황 (피벗 집계)",
    "Units by type (pivot)": "조직별 유형별 현황 (피벗 집계)",
    "budget in %(unit_label)s": "예산 단위 %(unit_label)s",
    "Only the changes of one batch (one import or bulk change).": "일괄 작업(일괄 등록·일괄 수정) 한 건의 변경만 보입니다.",
    "Show every change": "모든 변경 보기", "New or changed": "구분", "Every change of this batch": "이 일괄 작업의 모든 변경", "batch": "일괄 작업",
    "The file changes no value: every value equals the one already recorded.":
        "이 파일로 바뀌는 값이 없습니다. 모든 값이 이미 입력된 값과 같습니다.",
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
    # recruitment rounds: open and change a round, select before the deadline
    "Enter the date as YYYY-MM-DD.": "날짜를 2024-07-01처럼 넣으십시오.", "Enter the date.": "날짜를 넣으십시오.",
    "Choose a program": "사업을 고르십시오", "Round name": "회차 이름", "e.g. 2024 second half": "예: 2024년 하반기",
    "Announced on": "공고일", "Applications from": "신청 시작일", "Applications until": "신청 마감일",
    "Selection on": "선발일", "Work from": "근무 시작일", "Work until": "근무 종료일", "Places": "모집 인원",
    "Places kept for vulnerable applicants (%)": "취약계층 우선 선발 비율(%)",
    "At least this share of the places goes to vulnerable applicants first (0: none).":
        "모집 인원 중 이 비율 이상을 취약계층에서 먼저 뽑습니다 (0: 없음).",
    "Kept in the audit trail.": "감사 기록에 남습니다.", "Worksite": "근무지", "Number of participants": "인원",
    "Enter how many participants the worksite takes.": "근무지 인원을 넣으십시오.",
    "Name the worksite.": "근무지 이름을 넣으십시오.", "Round %(name)s opened.": "%(name)s 회차를 열었습니다.",
    "Round %(name)s saved.": "%(name)s 회차를 저장했습니다.", "Change the round": "회차 고치기",
    "Open a recruitment round": "모집 회차 만들기", "Location": "위치", "Recruitment rounds": "모집 회차",
    "Nothing was saved. Please correct the following.": "저장하지 않았습니다. 아래를 고쳐 주십시오.",
    "Worksites": "근무지", "Dates": "일정",
    "In order: announcement, applications, selection, work. Selection comes after the application deadline and "
    "before work begins.": "공고, 신청, 선발, 근무 순서입니다. 선발일은 신청 마감일 이후, 근무 시작일 이전이어야 합니다.",
    "Where participants work and how many each place takes; together at most the round's places. Leave a row empty "
    "to take it away; save to get more empty rows.": "참여자가 일할 곳과 곳마다 받을 인원입니다. 인원의 합은 모집 인원을 넘을 수 "
    "없습니다. 줄을 비우면 그 근무지를 뺍니다. 저장하면 빈 줄이 더 생깁니다.",
    "Open the round": "회차 열기", "Select before the deadline?": "신청 마감 전에 선발할까요?",
    "Applications are still open until %(until)s.": "신청은 %(until)s까지 받고 있습니다.",
    "Select now anyway": "그래도 지금 선발", "Wait for the deadline": "마감까지 기다리기",
    "Open one with the button above.": "위의 단추로 새 회차를 여십시오.", "run by %(unit)s": "운영: %(unit)s",
    "No. %(n)s": "%(n)s위", "waiting %(n)s": "대기 %(n)s번", "Version of the round you opened": "열었던 회차의 판",
}
PLURALS = {
    "%(n)s value changed": "바꾼 값 %(n)s건", "and %(n)s more: every change of the batch": "외 %(n)s건: 일괄 작업 전체 보기",
    "%(n)s field": "항목 %(n)s개", "%(n)s unchanged value not listed": "동일한 값 %(n)s건은 싣지 않음",
    "Selecting now ranks only the %(n)s application received so far; applications that come in before the deadline "
    "count only if you screen and select again.": "지금 선발하면 지금까지 들어온 신청 %(n)s건만으로 순위를 정합니다. 마감 전에 "
    "더 들어오는 신청은 다시 심사하고 선발해야 반영됩니다.",
    "%(n)s pair to review": "검토할 쌍 %(n)s개", "%(n)s pair decided": "결정한 쌍 %(n)s개",
    "%(n)s violation": "위반 %(n)s건",
    "%(n)s problem; nothing was saved.": "문제 %(n)s건. 아무것도 저장하지 않았습니다.",
    "%(n)s field needs correcting; nothing was saved.": "%(n)s개 항목을 고쳐야 합니다. 아무것도 저장하지 않았습니다.",
}


# Rule editors and the work/pay page of a round (issue 13, participants).
KO.update({
    "Age (years)": "나이",
    "Each page is saved on its own; the total covers every page.":
        "페이지마다 따로 저장합니다. 합계는 모든 페이지를 더한 값입니다.",
    "That month is not in the round's work period.": "그 달은 이 회차의 근무 기간이 아닙니다.",
    'Enter the date it applies from.': '적용 시작일을 넣으십시오',
    'Enter the date as YYYY-MM-DD.': '날짜를 2024-07-01처럼 넣으십시오.',
    'Enter a whole number.': '정수로 적으십시오',
    'Must be at least %(limit_value)s.': '%(limit_value)s 이상이어야 합니다',
    'Must be at most %(limit_value)s.': '%(limit_value)s 이하여야 합니다',
    'Enter a value.': '값을 적으십시오',
    'Choose at least one.': '하나 이상 고르십시오',
    'Choose a value from the list.': '목록에 있는 값을 고르십시오',
    'Write at most 30 characters.': '30자 이하로 적으십시오',
    'Enter a number (e.g. 13,500).': '숫자로 적으십시오 (예: 13,500)',
    'Must be 0 or more.': '0 이상이어야 합니다',
    'Amounts go down to the won only.': '원 단위까지만 적을 수 있습니다',
    'Must be at most %(limit)s.': '%(limit)s 이하여야 합니다',
    'Rule name': '이름',
    "The name decisions show; empty: the rule's sentence. If you change the value, correct the name too.": '심사 결과에 보이는 이름. 비우면 기준 문장을 씁니다. 값을 바꾸면 이름도 맞게 고치십시오',
    'Applies from': '적용 시작',
    'Applies until': '적용 끝',
    'Reason for the change': '변경 사유',
    'Kept in the audit trail (e.g. the 2015 property notice).': '감사 기록에 남습니다 (예: 2015년 재산 기준 고시)',
    'The end cannot come before the start.': '적용 끝은 적용 시작보다 앞설 수 없습니다',
    'Age at least': '만 나이 (이상)',
    'Age on the first day of work': '근무 첫날 기준 만 나이',
    'Age at most': '만 나이 (이하)',
    'Give the lowest or the highest age.': '아래나 위 나이 중 하나는 적으십시오',
    'The highest age is below the lowest.': '위 나이가 아래 나이보다 적습니다',
    'District of residence': '거주 자치구',
    'Employment that may apply': '신청할 수 있는 취업 상태',
    'Income line': '기준선',
    'Choose an income line (ask the administrator if none is registered).': '기준선을 고르십시오 (등록된 기준선이 없으면 관리자에게 요청하십시오)',
    'At most this % of the line': '기준선의 몇 % 이하',
    'e.g. at most 150% of the minimum cost of living → 150': '예: 최저생계비 150% 이하 → 150',
    'Property cap (10,000 won)': '재산 상한 (만원)',
    'e.g. 135,000,000 won → 13,500': '예: 1억 3,500만원 → 13,500',
    'People excluded': '제외할 사람',
    'In the last years': '최근 몇 년간',
    'Excluded above this many months': '몇 개월을 넘게 참여하면 제외',
    'e.g. more than 10 months in 2 years excluded → 2 years, 10 months': '예: 2년간 10개월 초과 근무자 배제 → 2년, 10개월',
    'Points per dependant': '부양가족 1명당 가점',
    'Points for %(status)s': '%(status)s 가점',
    'By the day (days worked are entered)': '일급 (근무일수를 입력)',
    'By the hour (hours worked are entered)': '시급 (근무시간을 입력)',
    'e.g. 2014 public works': '예: 2014 공공근로',
    'Paid by': '지급 방식',
    'Amount an hour (won)': '시간당 금액 (원)',
    "Hourly pay: the hourly wage; day-based pay: an hourly allowance on top of the day's base.": '시급 사업은 시급, 일급 사업은 하루 기본액에 더하는 시간당 수당',
    'Hours a day': '하루 근무시간',
    'From this age': '이 나이 이상은',
    'Daily allowance (won)': '하루 부대경비 (원)',
    'Weekly and monthly leave allowances, snacks and the like, added to each day': '주·월차수당, 간식비 등 하루에 더하는 금액',
    'Monthly hour cap': '월 최대 근로시간',
    'Hours beyond it are not paid (day-based pay too).': '넘는 시간은 지급하지 않습니다 (일급 사업도)',
    'Truncation': '원 단위 절사',
    'Hours': '근무시간',
    "Day's wage (won)": '일급 (원)',
    'Hours (at least)': '근무시간 (이상)',
    "Day's base (won)": '하루 기본액 (원)',
    'Give the hours and the amount together.': '시간과 금액을 함께 적으십시오',
    'Hourly pay needs the amount an hour.': '시급 사업은 시간당 금액을 적으십시오',
    'Day-based pay needs the hours a day.': '일급 사업은 하루 근무시간을 적으십시오',
    "Give a day's wage by hours, a day's base or an amount an hour.": '일급(시간별 금액)이나 하루 기본액, 시간당 금액 중 하나는 적으십시오',
    'Give the age and the hours a day at that age together.': '나이와 그 나이의 하루 근무시간을 함께 적으십시오',
    'Reason for the entry': '입력 사유',
    'e.g. February attendance sheet checked': '예: 2월 출근부 확인',
    'Days worked by %(name)s': '%(name)s 근무일수',
    'Hours worked by %(name)s': '%(name)s 근무시간',
    'At most 24 hours × %(days)s days = %(hours)s hours.': '하루 24시간 × %(days)s일 = %(hours)s시간 이하여야 합니다',
    '%(year)s-%(month)02d': '%(year)s년 %(month)d월',
    'Age': '연령',
    'Residence': '거주지',
    'Employment': '취업 상태',
    'Property cap': '재산 상한',
    'Exclusions': '배제 대상',
    'Past participation cap': '참여 기간 제한',
    'Priority points': '우선 선발 가점',
    'Pay rule saved.': '임금 기준을 저장했습니다',
    'Choose the kind of rule.': '기준 종류를 고르십시오',
    'Rule saved: %(rule)s': '자격 기준을 저장했습니다: %(rule)s',
    'No pay rule is in force this month; set one on the rules page first.': '이 달에 적용할 임금 기준이 없습니다. 자격·임금 기준 화면에서 먼저 정하십시오',
    'No participant of yours to enter this month (none selected, or none of your units).': '이 달에 근무 실적을 입력할 참여자가 없습니다 (선발된 참여자가 없거나 담당 참여자가 아닙니다)',
    'Work of %(month)s saved: %(created)s new, %(changed)s changed, %(cleared)s cleared.': '%(month)s 근무 실적을 저장했습니다 (새로 %(created)s명, 고침 %(changed)s명, 지움 %(cleared)s명)',
    'Work and pay': '근무 실적·임금',
    'Location': '위치',
    'Nothing was saved. Please check the following.': '저장하지 않았습니다. 아래를 확인해 주십시오.',
    'Pay rule': '임금 기준',
    'from %(day)s': '%(day)s부터',
    'Work period in this month: %(first)s ~ %(last)s (%(n)s days). Days worked: at most %(n)s.': '이 달의 근무 기간 %(first)s ~ %(last)s (%(n)s일): 근무일수는 %(n)s일 이하로 적습니다.',
    'Hours worked: at most 24 hours × the days worked.': '근무시간은 하루 24시간 × 근무일수 이하로 적습니다.',
    "%(h)s hours": "%(h)s시간", "%(h)s hours at %(age)s or over": "%(age)s세 이상 %(h)s시간",
    "Hours worked: at most %(h)s a day by the pay rule × the days worked.":
        "근무시간은 임금 기준 하루 %(h)s × 근무일수 이하로 적습니다.",
    "This month has not begun yet: work can be entered once it has.":
        "이달은 아직 시작되지 않았습니다. 근무 실적은 그달이 시작된 뒤에 적을 수 있습니다.",
    'A participant left empty is shown as not entered and left out of the total (not the same as 0 days).': '비워 둔 사람은 미입력으로 표시하고 합계에 넣지 않습니다(0일과 다릅니다).',
    'Hours beyond %(cap)s a month are not paid.': '월 %(cap)s시간을 넘는 시간은 지급하지 않습니다.',
    'No pay rule is in force this month.': '이 달에 적용할 임금 기준이 없습니다.',
    'Set the pay rule': '임금 기준 정하기',
    'Work and pay of each participant, %(month_title)s': '%(month_title)s 참여자별 근무 실적과 임금',
    'days, hours, won': '일, 시간, 원',
    'Rank': '순위',
    'Full name': '성명',
    'Resident number': '주민등록번호',
    'Days worked': '근무일수',
    'Computed': '산정액',
    'Paid': '지급액',
    'Remarks': '비고',
    'not entered': '미입력',
    'dropped out': '중도포기',
    '%(h)s hours over the monthly cap not paid': '월 상한 초과 %(h)s시간 제외',
    'No participant is selected.': '선발된 참여자가 없습니다.',
    'Total (%(n)s entered)': '계 (입력 %(n)s명)',
    '%(n)s not entered, left out': '미입력 %(n)s명 제외',
    'Save the work entered': '근무 실적 저장',
    'Saving shows the pay again.': '저장하면 지급액을 다시 계산해 보여 줍니다.',
    'Payroll of %(month_title)s (xlsx)': '%(month_title)s 임금 지급 대장 xlsx 내려받기',
    'Eligibility and pay rules': '자격·임금 기준',
    'Eligibility rules': '자격 기준',
    'This round is screened under the rules in force on its first day of work (%(day)s). The rules belong to the program: they apply to its other rounds too.': '이 회차의 심사는 근무 첫날(%(day)s)에 적용되는 기준으로 합니다. 기준은 사업의 것이어서 이 사업의 다른 회차에도 적용됩니다.',
    'Rule': '기준',
    'Applies': '적용 기간',
    'This round': '이 회차',
    'Edit': '고치기',
    'applies': '적용',
    'No eligibility rule.': '자격 기준이 없습니다.',
    'New rule': '새 기준',
    'Add the rule': '추가',
    'Change the rule': '기준 고치기',
    'Points by status': '해당 사항별 가점 (점)',
    'Preview (who changes)': '미리보기 (누가 바뀌는지)',
    '<strong>If saved</strong> (as of %(day)s, <em>%(rule)s</em>): of %(n)s applications, eligible %(now)s → %(after)s (%(admitted)s newly eligible, %(dropped)s no longer eligible). Not saved yet.': '<strong>저장하면</strong> (%(day)s 기준, <em>%(rule)s</em>): 현재 신청 %(n)s건 중 적격 %(now)s건 → %(after)s건 (새로 적격 %(admitted)s건, 부적격으로 바뀜 %(dropped)s건). 아직 저장하지 않았습니다.',
    '<strong>Check the name</strong>: the value changed but the name did not ("%(name)s"). Decisions show this name: correct it for the new value or leave it empty.': '<strong>이름 확인</strong>: 값이 바뀌었는데 이름은 그대로입니다 ("%(name)s"). 심사 결과에 이 이름이 보이므로 새 값에 맞게 고치거나 비우십시오.',
    'Priority points change the order of selection, not who is eligible.': '가점은 자격을 바꾸지 않고 선발 순서만 바꿉니다.',
    'the first 50': '앞의 50명',
    'Application no.': '신청번호',
    'What the rule reads': '이 기준이 보는 값',
    'Work terms and pay': '근로조건·임금 기준',
    'No pay rule.': '임금 기준이 없습니다.',
    'New pay rule (from another date)': '새 임금 기준 (다른 날짜부터)',
    'Change the pay rule (from %(day)s)': '임금 기준 고치기 (%(day)s부터)',
    'New pay rule': '새 임금 기준',
    "Day-based pay: a day's wage by hours (e.g. 6 hours 32,000 won, 3 hours 16,000 won)": '일급 사업: 근무시간별 일급 (예: 6시간 32,000원, 3시간 16,000원)',
    "Day-based pay: a day's base by the hours worked (e.g. 4 hours or more 9,000 won, 0 hours or more 3,000 won)": '일급 사업: 하루 근무시간에 따른 기본액 (예: 4시간 이상 9,000원, 0시간 이상 3,000원)',
    'e.g. 65 and over: 3 hours a day': '예: 65세 이상 하루 3시간',
    'Save the pay rule': '임금 기준 저장',
})
PLURALS_RULES = {
    'Applicant no longer eligible: %(n)s': '부적격으로 바뀌는 신청자 %(n)s명',
    'Applicant newly eligible: %(n)s': '새로 적격이 되는 신청자 %(n)s명',
}
# Issue 13, one language per page (langsweep): error pages, flash messages, the construction jobs estimator.
KO.update({
    "%(n)s participation spells recorded.": "참여 이력 %(n)s건을 기록했습니다.",
    "Choose an xlsx file of at most 20 MB.": "20MB 이하의 xlsx 파일을 고르십시오.",
    "Nothing was imported: %(n)s problems.": "문제 %(n)s건으로 아무것도 등록하지 않았습니다.",
    "Enter the date as YYYY-MM-DD.": "날짜를 2024-07-01처럼 넣으십시오.", "Enter the date.": "날짜를 넣으십시오.",
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
    "Go to the dashboard": "현황판으로 가기", "This address is not a page": "직접 여는 화면이 아닙니다",
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
    "Enter a number.": "숫자를 넣으십시오", "Enter a value.": "값을 적으십시오", "At least 0.": "0 이상이어야 합니다",
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
    "By type": "유형별", "By target group": "사업대상별", "By policy field": "정책분야별",
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
KO.update({  # the officers' round pages and the application form (the citizens' pages stay Korean)
    "Choose the district you live in": "사는 자치구를 고르십시오", "Choose a district from the list": "목록에 있는 자치구를 고르십시오",
    "Choose a district": "자치구를 고르십시오", "Write an amount in at most 30 characters": "금액은 30자 이하로 적어 주십시오",
    "Enter 0 or more": "0 이상으로 적어 주십시오",
    "Enter units of 10,000 won with at most four decimals (e.g. 250.5)": "만원 단위로 소수점 넷째 자리까지 적어 주십시오 (예: 250.5)",
    "Enter a number (units of 10,000 won, e.g. 13,500)": "숫자로 적어 주십시오 (만원 단위, 예: 13,500)",
    "Enter at most %(amount)s (units of 10,000 won)": "%(amount)s만원 이하로 적어 주십시오",
    "Write the phone number like 010-1234-5678": "전화번호를 010-1234-5678처럼 적어 주십시오",
    "The phone number is not valid. Write it like 010-1234-5678": "전화번호가 올바르지 않습니다. 010-1234-5678처럼 적어 주십시오",
    "Enter the full name": "성명을 적어 주십시오", "Resident registration number": "주민등록번호",
    "13 digits (e.g. 900101-1234567; the hyphen may be left out). Kept encrypted":
        "13자리 숫자 (예: 900101-1234567, 붙임표는 빼도 됩니다). 암호화하여 보관합니다",
    "Enter the resident registration number": "주민등록번호를 적어 주십시오",
    "The resident registration number has 13 digits": "주민등록번호는 13자리 숫자입니다",
    "Mobile phone": "휴대전화", "e.g. 010-1234-5678 (the result of the selection is sent to it)":
        "예: 010-1234-5678 (선발 결과를 알려 드립니다)",
    "Enter a phone number to be reached at": "연락받을 전화번호를 적어 주십시오", "District of residence": "거주 자치구",
    "Address": "주소", "An address may have up to 300 characters": "주소는 300자까지 적을 수 있습니다",
    "Household members (including the applicant)": "가구원 수 (본인 포함)",
    "Enter the number of household members": "가구원 수를 적어 주십시오",
    "Enter the number of household members in digits": "가구원 수는 숫자로 적어 주십시오",
    "A household has at least 1 member": "가구원 수는 1명 이상입니다", "Enter at most 30 household members": "가구원 수는 30명 이하로 적어 주십시오",
    "Household monthly income (10,000 won)": "가구 월소득 (만원)",
    "The month's income of all household members in units of 10,000 won (e.g. 185 for 1,850,000 won a month, 0 if "
    "none)": "가구원 모두의 한 달 소득을 만원 단위로 (예: 월 185만원이면 185, 없으면 0)",
    "Enter the household's monthly income in units of 10,000 won (0 if none)": "가구 월소득을 만원 단위로 적어 주십시오 (없으면 0)",
    "Household property (10,000 won)": "가구 재산 (만원)",
    "Housing, land, savings and the like together, in units of 10,000 won (e.g. 13,500 for 135,000,000 won)":
        "주택·토지·예금 등을 합한 금액을 만원 단위로 (예: 1억 3,500만원이면 13,500)",
    "Enter the household's property in units of 10,000 won (0 if none)": "가구 재산을 만원 단위로 적어 주십시오 (없으면 0)",
    "Current employment": "현재 취업 상태", "Choose the current employment": "현재 취업 상태를 고르십시오",
    "Choose an employment from the list": "목록에 있는 취업 상태를 고르십시오", "Applies to the applicant": "해당 사항",
    "Choose every one that applies (leave empty if none)": "해당하는 것을 모두 고르십시오 (없으면 비워 두십시오)",
    "Choose only items from the list": "목록에 있는 사항만 고르십시오",
    "I agree to the collection and use of personal information (required)": "개인정보 수집·이용에 동의합니다 (필수)",
    "An application needs consent to the collection and use of personal information":
        "개인정보 수집·이용에 동의해야 신청할 수 있습니다",
    "Reason for the correction": "수정 사유",
    "e.g. phone number changed as the applicant reported (kept in the audit trail)":
        "예: 본인 신고로 전화번호 변경 (감사 기록에 남습니다)",
    "Correct the applicant": "신청자 정보 수정",
    "The resident registration number, the date of birth and the sex cannot be corrected. A correction is kept in "
    "the audit trail, before and after, with its reason. What this round's application states (what was screened) "
    "stays as it is.": "주민등록번호, 생년월일과 성별은 고칠 수 없습니다. 고친 내용은 고치기 전과 후, 사유와 함께 감사 기록에 "
    "남습니다. 이 회차 신청서에 적힌 내용(심사에 쓰인 내용)은 그대로 둡니다.",
    "What this round's application states": "이 회차 신청서에 적힌 내용", "Enter a paper application": "신청서 직접 입력",
    "The application was not received. Please correct the following.": "접수하지 않았습니다. 아래를 고쳐 주십시오.",
    "Preferred worksite": "희망 근무지", "Receive the application": "접수",
    "announced %(day)s": "공고 %(day)s", "applications %(first)s ~ %(last)s": "신청 %(first)s ~ %(last)s",
    "selection %(day)s": "선발 %(day)s", "work %(first)s ~ %(last)s": "근무 %(first)s ~ %(last)s",
    "%(n)s places": "모집 %(n)s명", "vulnerable groups %(p)s%% or more": "취약계층 %(p)s%% 이상",
    "Eligibility rules in force (as of %(day)s)": "적용 자격 기준 (%(day)s 기준)", "No rule applies.": "적용할 기준이 없습니다.",
    "See and edit the eligibility and pay rules (preview the effect before saving)":
        "자격·임금 기준 보기·편집 (저장 전 영향 미리보기)",
    "Places at the worksite": "정원", "Assigned": "배치", "Working conditions and pay": "근로조건·임금",
    "No pay rule applies.": "적용할 임금 기준이 없습니다.",
    "Order of selection: most priority points first; on equal points the lowest income per household member; then "
    "the earliest application. The places reserved for vulnerable groups are filled first.":
        "선발 순서: 가점이 높은 순, 같으면 가구원 1인당 소득이 낮은 순, 그다음 먼저 신청한 순. 취약계층 의무 인원을 먼저 채웁니다.",
    "Screen eligibility": "자격 심사", "Select participants": "선발", "Close the round (record participation)":
        "회차 종료 (참여 이력 기록)", "Import applicants from an Excel file": "신청자 엑셀 일괄 등록", "Import the file": "등록",
    "Download the template": "양식 내려받기", "Participant list (xlsx)": "참여자 명단 xlsx",
    "Enter work done and the payroll": "근무 실적 입력·임금 지급 대장", "Applicants": "신청자", "Points awarded": "가점",
    "Screening result": "심사 결과", "Drop-out": "중도포기", "application: %(name)s": "신청서: %(name)s",
    "eligible": "적격", "not eligible": "부적격", "points": "가점", "met": "통과", "not met": "불충족",
    "Record the drop-out": "처리", "No applicant.": "신청자가 없습니다.",
    "Recruiting and selecting participants": "참여자 모집·선발", "Citizens' application page": "주민 신청 화면",
    "Round": "회차", "Application period": "신청 기간", "Work period": "근무 기간", "To recruit": "모집",
    "Applications received": "신청", "No recruitment round.": "모집 회차가 없습니다.",
    "Screened: %(eligible)s eligible of %(applications)s applications.": "심사 완료: %(applications)s건 중 적격 %(eligible)s건",
    "Selected %(selected)s (vulnerable groups %(vulnerable)s, reserved %(quota)s), waiting %(waiting)s":
        "선발 %(selected)s명 (취약계층 %(vulnerable)s명, 의무 %(quota)s명), 대기 %(waiting)s명",
    "Dropped out; %(name)s selected from the waiting list": "중도포기 처리, 대기자 %(name)s 선발",
    "Dropped out; nobody is waiting": "중도포기 처리, 대기자 없음", "Unknown action.": "알 수 없는 작업입니다.",
    "%(n)s applications received (%(new)s new applicants)": "%(n)s명 접수 (새 신청자 %(new)s명)",
    "The applicant signed the consent to the collection and use of personal information":
        "신청자가 개인정보 수집·이용 동의서에 서명했습니다",
    "%(name)s (%(rrn)s) received": "%(name)s (%(rrn)s) 접수",
    "The details of %(name)s were corrected": "%(name)s 신청자 정보를 수정했습니다",
})
# record linkage runs (issue 14, people.linkage)
KO.update({
    "Birth date": "생년월일", "Phone": "전화번호", "Sex": "성별", "Resident number (keyed hash)": "주민등록번호 (해시)",
    "One server (DuckDB)": "단일 서버", "Distributed (Spark)": "분산 처리", "Choose DuckDB or Spark.": "연계 엔진을 고르십시오.",
    "A linkage run is already running; wait for it to finish.": "이미 연계를 실행하고 있습니다. 끝난 뒤에 다시 하십시오.",
    "The linkage run has started in the background.": "연계 실행을 시작했습니다. 백그라운드에서 진행됩니다.",
    "Record linkage runs": "동일인 연계 실행",
    "A run reads every person record, estimates the model (or reuses the last run's parameters), scores the pairs "
    "that share a blocking key and writes the links and the clusters of records that are one person. Officers' "
    "decisions are kept while the two records are unchanged.":
        "연계 실행은 모든 사람 기록을 읽고, 모형을 추정하거나 지난 실행의 매개변수를 다시 쓰고, 차단 기준을 공유하는 쌍에 점수를 "
        "매긴 뒤, 연계 후보와 한 사람의 기록 묶음을 기록합니다. 담당자의 결정은 두 기록이 바뀌지 않는 동안 그대로 둡니다.",
    "Engine": "연계 엔진", "Reuse the last run's parameters (no training)": "지난 실행의 매개변수 사용 (학습 생략)",
    "Start a run": "연계 실행", "Runs, newest first": "실행 목록 (최근 순)", "Started": "시작", "Finished": "종료",
    "Records": "기록 수", "Links": "연계 후보", "Clusters": "묶음 수", "Trained on": "학습일",
    "Thresholds (same / review)": "기준 (동일인 / 확인 필요)", "Blocking recall": "차단 재현율", "Summary": "요약",
    "system": "시스템", "No linkage run yet.": "아직 연계 실행이 없습니다.",
    "The model of the run of %(when)s (trained %(trained)s)": "%(when)s 실행의 모형 (학습일 %(trained)s)",
    "For each field the model compares, every level with how often two records of one person are at this level (m), "
    "how often two records of different people are (u) and the weight log2(m/u) in bits: positive weights speak for "
    "the same person, negative against. A field unknown on either side weighs nothing.":
        "모형이 비교하는 항목마다 각 수준에서 한 사람의 두 기록이 그 수준일 비율, 다른 사람의 두 기록이 그 수준일 비율과 가중치"
        "(두 비율의 비를 비트로 나타낸 값)를 보입니다. 가중치가 양수면 같은 사람 쪽, 음수면 다른 사람 쪽입니다. 어느 한쪽에 "
        "값이 없는 항목은 가중치가 없습니다.",
    "Prior probability that two random records are one person: %(lam)s.": "무작위 두 기록이 한 사람일 사전 확률: %(lam)s",
    "Level": "수준", "m (share among pairs of one person)": "한 사람의 쌍 중 비율",
    "u (share among pairs of different people)": "다른 사람의 쌍 중 비율", "Weight (bits)": "가중치 (비트)",
})

KO.update({  # other programs' benefits on the round's screening list (issue 14)
    "Also received": "다른 사업 수혜", "Benefit history": "수혜 이력",
    "To check (match probability %(p)s%%)": "확인 필요 (일치 확률 %(p)s%%)",
    "Decide in the review queue": "동일인 확인 목록에서 결정", "The other record": "다른 기록 보기",
    "not counted until an officer confirms it is the same person": "동일인으로 확인하기 전에는 반영하지 않습니다",
})


# the person registry: persons, benefit history, participant lists (issue 14)
PLURALS.update({
    "Nothing was imported: %(n)s problem.": "아무것도 반입하지 않았습니다: 문제 %(n)s건",
    "over %(n)s record of this person": "이 사람의 기록 %(n)s건",
    "%(n)s person found": "%(n)s명 찾음",
})
KO.update({
    "Benefit history across programs": "사업 전체 수혜 이력", "benefit history": "수혜 이력",
    "Participant lists": "참여자 명단", "Find a person": "사람 찾기", "from districts and agencies": "자치구·기관 제출",
    "A list of the people a unit's programs paid, subsidised, trained or served, in the template's columns (xlsx or CSV). Every row is checked first; if any row has a problem nothing is imported and every problem is named by row and column. A resident registration number, when given, is kept only as a keyed hash.":
        "기관의 사업이 임금·지원금·훈련·서비스를 제공한 사람의 명단을 양식의 열대로 올립니다(xlsx 또는 CSV). 모든 행을 먼저 "
        "점검하며, 한 행이라도 문제가 있으면 아무것도 반입하지 않고 문제마다 행과 열을 알려 드립니다. 주민등록번호는 적은 경우에도 "
        "암호화한 해시로만 보관합니다.",
    "Preview: %(n)s rows can be imported (nothing is saved yet).": "미리 보기: %(n)s행을 반입할 수 있습니다 (아직 저장하지 않았습니다).",
    "Row": "행", "Months": "개월", "Amount (won)": "금액(원)",
    "Choose the same file again and import it:": "같은 파일을 다시 골라 반입하십시오:",
    "Check the list (preview)": "명단 점검 (미리 보기)", "Import the list": "명단 반입", "Past imports": "지난 반입",
    "Imported": "반입 일시", "File": "파일", "Rows": "행 수", "No list imported yet.": "반입한 명단이 없습니다.",
    "Person": "사람", "Date of birth": "생년월일", "Sex": "성별", "Record version": "기록 버전",
    "Benefit history": "수혜 이력",
    "The benefit history of this person across programs is personal information (Personal Information Protection Act). Say why you open it: the view is kept in the audit trail with its purpose.":
        "이 사람의 사업 전체 수혜 이력은 개인정보입니다(개인정보 보호법). 열람 목적을 고르십시오. 열람 기록은 목적과 함께 변경 "
        "이력에 남습니다.",
    "Please check the following.": "다음을 확인하십시오.", "Show the benefit history": "수혜 이력 보기",
    "paid participation %(m)s months in all": "유급 참여 모두 %(m)s개월", "No benefit recorded.": "수혜 기록이 없습니다.",
    "Records of this person": "이 사람의 기록", "Known from": "출처", "Linked records and why": "연계된 기록과 근거",
    "Records": "기록", "Match probability": "동일인 확률", "Band": "구간", "What each field contributed": "항목별 기여",
    "No other record has been linked to this person yet.": "아직 이 사람과 연계된 다른 기록이 없습니다.",
    "Double-benefit alerts": "이중수급 의심", "%(m)s months": "%(m)s개월", "No alert.": "의심 건이 없습니다.",
    "Only the persons who received a benefit from your units or applied to a round your units run are found. Names and phone numbers are masked here; the history opens on the person's page after you give the purpose of the view, and every view is kept in the audit trail.":
        "내 기관에서 수혜했거나 내 기관이 운영하는 회차에 신청한 사람만 찾습니다. 여기서는 이름과 전화번호를 가려 보이며, 수혜 "
        "이력은 사람 화면에서 열람 목적을 고른 뒤에 보이고 모든 열람은 변경 이력에 남습니다.",
    "Participant lists from districts and agencies": "자치구·기관 참여자 명단",
    "Nobody in your scope matches.": "내 기관 범위에서 찾은 사람이 없습니다.",
    "Give the name and the date of birth, or a whole phone number.": "성명과 생년월일, 또는 전체 전화번호를 적으십시오.",
    "Purpose of the view": "열람 목적", "Details (required for 'other')": "상세 내용 ('기타'이면 필수)",
    "toward the same person": "동일인 쪽", "toward different persons": "다른 사람 쪽", "known (kept as a keyed hash)": "있음 (해시로만 보관)",
    "Find": "찾기", "Unit that sends the list": "명단 제출 기관", "Participant list (xlsx or CSV)": "참여자 명단 (xlsx 또는 CSV)",
    "%(n)s rows imported: %(n)s persons and benefit records.": "%(n)s행 반입: 사람과 수혜 기록 %(n)s건",
})

KO.update({  # the double-receipt check (issue 14): alerts, link review, recovery, the rules' editor
    "Enter a number (e.g. 500,000).": "숫자로 적으십시오 (예: 500,000).", "The amount is too large.": "금액이 너무 큽니다.",
    "The name alerts show; empty: the rule's sentence.": "의심 건에 보이는 이름입니다. 비워 두면 기준 문장을 씁니다.",
    "In use": "사용", "Kinds of benefit counted": "점검할 수혜 종류", "Within this many years": "기간(년)",
    "Alert above this many months": "이 개월 수를 넘으면 알림",
    "e.g. more than 10 months in 2 years → 2 years, 10 months": "예: 2년간 10개월 초과 → 2년, 10개월",
    "Double receipt confirmed (opens a recovery case)": "이중수급 확인 (환수 건을 엽니다)",
    "Justified (give the reason)": "정당함 (사유를 적으십시오)", "Not the same person": "다른 사람임",
    "Amount to recover (won)": "환수할 금액(원)",
    "Proposed: the overlap in won. Change it if the notice says otherwise.":
        "겹친 금액을 제안합니다. 통지 금액이 다르면 고치십시오.",
    "Notice date": "통지일", "Same person": "동일인", "Different person": "다른 사람", "Give the reason.": "사유를 적으십시오.",
    "Date paid": "납부일", "Amount paid (won)": "납부액(원)",
    "Undecided (to review or waiting for the link)": "미결정 (검토 필요·동일인 확인 대기)",
    "Decision saved.": "결정을 저장했습니다.",
    "Decision saved; the alerts of these records were checked again.": "결정을 저장하고 이 기록들의 이중수급 점검을 다시 했습니다.",
    "Payment recorded.": "납부를 기록했습니다.", "Recovery case saved.": "환수 건을 저장했습니다.",
    "Double-benefit alert": "이중수급 의심", "Double-benefit alerts": "이중수급 의심 목록",
    "These records belong to two person records that may be one person. Nothing is decided on this alert before the link is reviewed.":
        "이 기록들은 같은 사람일 수 있는 두 사람 기록에 속합니다. 동일인 확인 전에는 이 건을 결정하지 않습니다.",
    "Review the link": "동일인 확인하기", "Overlap": "중복 내용", "Days": "일수", "Months": "개월", "Amount": "금액",
    "Officer who acts": "처리 담당", "Records": "수혜 기록", "%(n)s months counted": "%(n)s개월 산입",
    "Why these records are one person": "동일인으로 본 근거", "Match probability %(p)s": "동일인 확률 %(p)s",
    "Field": "항목", "Comparison": "비교 결과", "Contribution": "기여도",
    "The linkage gave no detail.": "연계 결과에 항목별 내용이 없습니다.", "Recovery case": "환수 건",
    "Benefits of one person that a rule flags": "점검 기준에 걸린 한 사람의 수혜 기록",
    "Link review": "동일인 확인", "Recovery cases": "환수 목록", "Double-benefit rules": "이중수급 점검 기준",
    "From month": "시작 월", "To month": "끝 월", "Download (xlsx)": "내려받기 (xlsx)",
    "Undecided alerts by unit and program": "기관·사업별 미결정 건", "Alerts": "의심 건",
    "No undecided alert.": "미결정 건이 없습니다.", "Person": "대상자", "No alert.": "의심 건이 없습니다.",
    "yes": "예", "no": "아니요", "No rule.": "점검 기준이 없습니다.",
    "Are these two records one person?": "두 기록이 같은 사람입니까?", "Decided": "결정됨",
    "Decided before, but a record has changed since: decide again.": "전에 결정했지만 그 뒤 기록이 바뀌었습니다. 다시 결정하십시오.",
    "First record": "첫째 기록", "Second record": "둘째 기록", "Benefits": "수혜 이력",
    "Each field's contribution": "항목별 기여도", "Model check": "모델 점검",
    "Decided links are labels that check the model: how many of the links the model put in each band officers found to be the same person.":
        "결정된 연계는 모델을 점검하는 정답입니다. 모델이 각 구간에 둔 연계 중 담당자가 동일인으로 본 수입니다.",
    "Band": "구간", "To review": "확인할 연계", "Nothing to review.": "확인할 연계가 없습니다.",
    "Money of confirmed double receipts to be paid back": "이중수급으로 확인되어 돌려받을 금액",
    "Paid back (won)": "납부액(원)", "Outstanding (won)": "미납액(원)",
    "No recovery case.": "환수 건이 없습니다.", "Alert": "의심 건", "Payments": "납부 내역",
    "No payment yet.": "납부 내역이 없습니다.", "Record a payment": "납부 기록", "Record the payment": "납부 기록하기",
    "Amount and notice": "환수 금액과 통지",
})


KO.update({  # the person registry's own menu (issue 14)
    "People and benefits": "수혜·이중수급", "Same person?": "동일인 확인", "Recovery": "환수",
    "Double-benefit rules": "이중수급 점검 기준", "Record linkage": "기록 연계",
    "Rule saved and the alerts checked again under it: %(rule)s": "점검 기준을 저장하고 의심 건을 다시 점검했습니다: %(rule)s",
})


KO.update({  # issue 15 public: the citizens' and employers' job pages (/jobs/)
    "Job centre pages": "일자리센터 메뉴", "Find a job": "일자리 찾기", "Error:": "오류:", "optional": "선택",
    "Search words": "검색어", "Words from the job title, tasks or requirements": "직종, 하는 일, 자격 요건에 들어 있는 낱말",
    "All of Seoul": "서울 전체", "Any": "상관없음",
    "Lowest wage (won)": "최소 임금(원)",
    "With a wage type: e.g. 12,000 an hour or 2,500,000 a month": "임금 형태와 함께 적습니다. 예: 시급 12,000, 월급 2,500,000", "Any hours": "시간 상관없음", "Up to 15 hours a week": "주 15시간 이하",
    "Up to 30 hours a week": "주 30시간 이하", "Up to 40 hours a week": "주 40시간 이하",
    "Up to 52 hours a week": "주 52시간 이하", "Posted": "등록일", "Any time": "기간 상관없음",
    "Today": "오늘", "In the last 3 days": "최근 3일", "In the last 7 days": "최근 7일", "In the last 30 days": "최근 30일",
    "Newest first": "최근 등록순", "Closing soonest": "마감 임박순", "Highest pay": "임금 높은 순",
    "Choose a wage type to search by the lowest wage": "최소 임금으로 찾으려면 임금 형태를 고르십시오",
    "Leave this empty": "이 칸은 비워 두십시오",
    "The centre of my district (or the Seoul Job Centre)": "사는 자치구의 센터 (없으면 서울일자리센터)",
    "Your name": "이름", "Enter the date as 1968-03-12": "날짜를 1968-03-12처럼 적어 주십시오",
    "A counsellor calls you on this number": "상담사가 이 번호로 전화를 드립니다",
    "District you live in": "사는 자치구", "Choose": "고르십시오", "Work you want": "희망 직종",
    "Other work you want": "다른 희망 직종", "None": "없음", "How far you can travel": "출퇴근 가능 범위",
    "Wage you want (won)": "희망 임금(원)", "e.g. 2,500,000 a month or 12,000 an hour": "예: 월급 2,500,000, 시급 12,000", "Licences you hold": "가진 자격증",
    "Skills and experience": "기술과 경력",
    "In your own words, e.g. the work you have done and the tools you use": "해 본 일, 다룰 줄 아는 장비 등을 자유롭게 적어 주십시오", "The centre whose counsellor helps you": "상담을 맡을 센터",
    "Employers I am introduced to may see my name and phone number": "소개받는 기업이 제 이름과 전화번호를 보는 데 동의합니다 (선택)",
    "I agree to the collection and use of my personal information (required)": "개인정보 수집·이용에 동의합니다 (필수)",
    "Without this consent the centre cannot register you": "동의하지 않으면 등록할 수 없습니다",
    "Company name": "기업 이름", "Only the job centre sees it": "일자리센터만 봅니다. 공개되지 않습니다",
    "Address of the workplace": "근무지 주소", "What the work is": "하는 일",
    "Licences required": "필요한 자격증",
    "At least the legal minimum wage of this year": "올해 최저임금 이상이어야 합니다", "Enter the date as 2026-12-31": "날짜를 2026-12-31처럼 적어 주십시오",
    "I agree to the collection and use of this information (required)": "개인정보 수집·이용에 동의합니다 (필수)",
    "Without this consent the centre cannot take the vacancy": "동의하지 않으면 구인 신청을 받을 수 없습니다",
    "This is not a valid business registration number (check the ten digits)":
        "사업자등록번호가 올바르지 않습니다 (10자리 숫자를 확인해 주십시오)",
    "Too many forms were sent from here. Please try again later.": "신청이 너무 자주 들어왔습니다. 잠시 후 다시 신청해 주십시오.",
    "Seoul Job Centre and the district job centres. Vacancies are checked by a counsellor before they are shown here.":
        "서울일자리센터와 자치구 일자리센터. 구인 정보는 상담사가 확인한 뒤 이곳에 올립니다.",
    "Register as a job seeker": "구직 신청", "Post a vacancy (employers)": "구인 신청 (기업)",
    "Vacancies open on %(day)s at the Seoul Job Centre and the district job centres. Apply through the job centre named on each vacancy.":
        "%(day)s 현재 서울일자리센터와 자치구 일자리센터에서 모집 중인 일자리입니다. 지원은 일자리마다 적힌 일자리센터를 통해 합니다.",
    "Check the search conditions": "검색 조건을 확인해 주십시오", "Search vacancies": "일자리 검색",
    "More conditions": "조건 더 보기", "Show vacancies": "일자리 보기", "Where": "근무지", "Pay": "임금",
    "Closes": "마감", "closes today": "오늘 마감", "%(won)s won": "%(won)s원", "%(h)s hours a week": "주 %(h)s시간",
    "No open vacancy matches these conditions. Try fewer conditions or other words.":
        "조건에 맞는 일자리가 없습니다. 조건을 줄이거나 다른 낱말로 찾아보십시오.",
    "Page %(n)s of %(total)s": "%(n)s / %(total)s쪽", "Back to the job search": "일자리 찾기로 돌아가기",
    "Work, place and pay": "근무 조건", "Requirements": "자격 요건", "Ask the job centre.": "일자리센터에 물어보십시오.",
    "How to apply": "지원 방법",
    "Apply through the job centre: a counsellor checks that the work suits you and introduces you to the employer.":
        "일자리센터를 통해 지원합니다. 상담사가 일이 맞는지 함께 살펴보고 기업에 소개해 드립니다.",
    "Tell the counsellor the vacancy number %(n)s.": "상담사에게 구인 번호 %(n)s번을 알려 주십시오.",
    "Not registered yet? Register as a job seeker": "아직 구직 등록을 하지 않으셨나요? 구직 신청하기",
    "Please check the form. Nothing has been sent yet.": "신청서를 확인해 주십시오. 아직 접수되지 않았습니다.",
    "Register once with a job centre: a counsellor calls you, talks about the work you want and introduces you to employers. It is free.":
        "일자리센터에 한 번 등록하면 상담사가 전화를 드려 원하는 일을 함께 살펴보고 기업에 소개해 드립니다. 비용은 없습니다.",
    "About you": "신청인", "The work you want": "원하는 일", "What you bring": "학력·자격·경력", "Your consent": "동의",
    "Sharing your contact details: when a counsellor introduces you to an employer, the employer may see your name and phone number only if you tick the box below, so that they can call you for an interview. Without it, the centre passes messages between you. You can change this at any time by calling the centre.":
        "연락처 제공: 상담사가 기업에 소개할 때, 아래에 표시하신 경우에만 기업이 면접 연락을 위해 이름과 전화번호를 볼 수 있습니다. 표시하지 않으면 센터가 중간에서 연락을 전해 드립니다. 센터에 전화하시면 언제든 바꿀 수 있습니다.",
    "Collection and use of personal information": "개인정보 수집·이용 안내",
    "Purpose: job placement counselling, introductions to employers and follow-up after you start work. Items: name, date of birth, phone, address, the work you want, education, licences and skills. Kept for 3 years after your last counselling, then destroyed. You may refuse, but then the centre cannot register you. (Personal Information Protection Act, article 15)":
        "수집 목적: 취업 상담, 기업 소개(알선), 취업 후 사후관리. 항목: 이름, 생년월일, 전화번호, 주소, 희망 직종, 학력, 자격증, 기술. 보유 기간: 마지막 상담 후 3년, 그 뒤 파기. 동의하지 않으실 수 있으나, 동의하지 않으면 등록할 수 없습니다. (개인정보 보호법 제15조)", "Registration received": "구직 신청 접수",
    "Your registration has been received": "구직 신청이 접수되었습니다", "Thank you, %(name)s.": "%(name)s님, 신청해 주셔서 고맙습니다.",
    "What happens next": "앞으로의 절차",
    "A counsellor of %(c)s calls you within three working days on the phone number you gave.":
        "%(c)s 상담사가 3일(근무일) 안에 적어 주신 번호로 전화를 드립니다.",
    "A counsellor calls you within three working days on the phone number you gave.":
        "상담사가 3일(근무일) 안에 적어 주신 번호로 전화를 드립니다.",
    "Together you look at the work you want and the vacancies that suit you; the counsellor introduces you to employers.":
        "원하는 일과 맞는 일자리를 함께 살펴보고, 상담사가 기업에 소개해 드립니다.",
    "After you start work, the centre calls you after 1, 3 and 6 months to ask how it goes.":
        "취업하시면 1개월, 3개월, 6개월 뒤에 센터가 안부 전화를 드립니다.",
    "Questions: %(c)s, %(p)s": "문의: %(c)s, %(p)s", "Look at open vacancies": "모집 중인 일자리 보기",
    "Post a vacancy": "구인 신청",
    "Employers post vacancies here free of charge. A counsellor of the job centre checks each vacancy and calls you; it appears in the job search once approved.":
        "기업은 이곳에서 무료로 구인 신청을 할 수 있습니다. 일자리센터 상담사가 내용을 확인하고 전화를 드리며, 승인된 뒤에 일자리 찾기에 올라갑니다.",
    "Your company": "기업 정보", "The vacancy": "모집 내용", "Pay and hours": "임금과 근로시간", "Send my registration": "신청하기",
    "Purpose: checking and publishing the vacancy and introducing job seekers. Items: company name, business registration number, contact person, phone and e-mail. The contact details are seen only by the job centre, never published. Kept for 3 years after the vacancy closes. You may refuse, but then the centre cannot take the vacancy.":
        "수집 목적: 구인 내용 확인과 게시, 구직자 소개. 항목: 기업 이름, 사업자등록번호, 담당자 이름·전화번호·전자우편. 담당자 연락처는 일자리센터만 보며 공개하지 않습니다. 보유 기간: 모집 마감 후 3년. 동의하지 않으실 수 있으나, 동의하지 않으면 구인 신청을 받을 수 없습니다.",
    "Send the vacancy": "구인 신청하기", "Vacancy received": "구인 신청 접수",
    "Your vacancy has been received": "구인 신청이 접수되었습니다", "Vacancy:": "공고:",
    "A counsellor of %(c)s checks the vacancy and calls the contact person within three working days.":
        "%(c)s 상담사가 내용을 확인하고 3일(근무일) 안에 담당자께 전화를 드립니다.",
    "A counsellor checks the vacancy and calls the contact person within three working days.":
        "상담사가 내용을 확인하고 3일(근무일) 안에 담당자께 전화를 드립니다.",
    "Once approved, the vacancy appears in the job search; until then no one else sees it.":
        "승인되면 일자리 찾기에 올라가며, 그 전에는 다른 사람에게 보이지 않습니다.",
    "The centre introduces suitable job seekers to you.": "센터가 알맞은 구직자를 소개해 드립니다.",
    "Enter the phone number with digits only, e.g. 010-1234-5678": "전화번호를 숫자로 적어 주십시오. 예: 010-1234-5678",
    "The deadline has already passed: choose today or a later day": "마감일이 이미 지났습니다. 오늘이나 그 뒤의 날을 고르십시오",
})
PLURALS.update({  # issue 15 public
    "%(shown)s vacancy": "%(shown)s건", "%(d)s day left": "%(d)s일 남음", "%(n)s person": "%(n)s명",
})


KO.update({  # issue 15 registry: the counsellors' seeker, vacancy and employer pages and the approval queue
    "Job centre": "일자리센터",
    "Registered on": "등록일",
    "Desired occupations": "희망 직종",
    "Commute": "통근 범위",
    "Wage type": "임금 형태",
    "Desired wage (won)": "희망 임금(원)",
    "Hours a week at most": "주당 근로시간(최대)",
    "Education": "학력",
    "Licences and skills": "자격증·기술",
    "Skills as the seeker describes them": "보유 기술(구직자 기재)",
    "Career": "경력",
    "Employment programmes joined": "참여한 취업지원 사업",
    "Agrees that employers see the name and phone": "기업에 이름·전화번호 공개 동의",
    "Employer name": "기업명",
    "Business registration number": "사업자등록번호",
    "Ten digits, e.g. 123-45-67890": "10자리, 예: 123-45-67890",
    "Employees": "직원 수",
    "Contact person": "담당자",
    "Contact phone": "담당자 전화번호",
    "Contact e-mail": "담당자 전자우편",
    "Employer": "구인기업",
    "New employer: name": "새 기업: 기업명",
    "New employer: business registration number": "새 기업: 사업자등록번호",
    "New employer: contact phone": "새 기업: 담당자 전화번호",
    "Job title": "공고 제목",
    "Occupation": "직종",
    "District of the workplace": "근무지 자치구",
    "Workplace address": "근무지 주소",
    "Wage (won)": "임금(원)",
    "Hours a week": "주당 근로시간",
    "Contract": "고용 형태",
    "Openings": "모집 인원",
    "Education required": "요구 학력",
    "Licences and skills required": "필요 자격증·기술",
    "Full name": "성명",
    "Tasks": "직무 내용",
    "Requirements and preferences": "자격 요건·우대 사항",
    "Posted on": "게시일",
    "Deadline": "마감일",
    "- a new employer (below) -": "- 새 기업 (아래에 입력) -",
    "Choose an employer or register a new one below.": "구인기업을 고르거나 아래에 새 기업을 등록하십시오.",
    "Reason for rejecting": "반려 사유",
    "The seeker is registered.": "구직자를 등록했습니다.",
    "New job seeker": "구직자 등록",
    "The vacancy is registered.": "구인을 등록했습니다.",
    "New vacancy": "구인 등록",
    "The vacancy is approved and open.": "구인을 승인했습니다. 모집 중입니다.",
    "The vacancy is rejected.": "구인을 반려했습니다.",
    "The request could not be read; reload the page and try again.": "요청을 읽을 수 없습니다. 새로 고친 뒤 다시 하십시오.",
    "The employer is registered.": "구인기업을 등록했습니다.",
    "New employer": "구인기업 등록",
    "The employer is saved.": "구인기업 정보를 저장했습니다.",
    "Job centre registers": "일자리센터 등록부",
    "Job seekers": "구직자",
    "Vacancies": "구인",
    "Employers": "구인기업",
    "Vacancies to approve": "승인 대기 구인",
    "Wage": "임금",
    "No vacancy.": "구인이 없습니다.",
    "Sent by employers through the public form": "기업이 누리집 신청서로 보낸 구인",
    "%(n)s vacancies await approval": "승인 대기 %(n)s건",
    "Reject": "반려",
    "No vacancy awaits approval.": "승인을 기다리는 구인이 없습니다.",
    "Register an employer": "구인기업 등록",
    "Name or business registration number": "기업명 또는 사업자등록번호",
    "%(n)s employers": "구인기업 %(n)s곳",
    "Open vacancies": "모집 중 구인",
    "No employer.": "구인기업이 없습니다.",
    "Register": "등록",
    "Register a job seeker": "구직자 등록",
    "Desired occupation": "희망 직종",
    "Registered in": "등록 월",
    "%(n)s job seekers": "구직자 %(n)s명",
    "No job seeker.": "구직자가 없습니다.",
    "Register a vacancy": "구인 등록",
    "Deadline on or before": "마감일 (이날까지)",
    "%(n)s vacancies": "구인 %(n)s건",
    "Job centres": "일자리센터",
    "Hold Ctrl (⌘ on a Mac) to choose several.": "컨트롤 키(맥은 ⌘ 키)를 누른 채 여러 개를 고를 수 있습니다.",
})


KO.update({  # issue 15 matching
    "Added the occupation %(code)s.": "직종 %(code)s을(를) 추가했습니다.",
    "Add a finer occupation code": "세부 직종 코드 추가",
    "Add a skill or licence": "기술·자격 추가",
    "Add a year's minimum wage": "연도별 최저임금 추가",
    "Job centre code lists": "일자리센터 코드 목록",
    "Occupations": "직종",
    "Skills and licences": "기술·자격",
    "Minimum wage": "최저임금",
    "Back to the list": "목록으로",
    "The legal hourly minimum wage of each year, in force from 1 January. A vacancy's wage is checked against the "
    "rate of its year.": "연도별 법정 시간급 최저임금(1월 1일 시행)입니다. 구인 임금은 해당 연도의 최저임금과 비교합니다.",
    "Hourly minimum wage by year": "연도별 시간급 최저임금",
    "Hourly rate (won)": "시간급(원)",
    "Occupations (KECO)": "직종(한국고용직업분류)",
    "The Korean Employment Classification of Occupations (KECO 2018): major and middle categories as published; "
    "administrators add finer codes under a middle category (the parent's code and one more digit).":
        "한국고용직업분류 2018의 대분류·중분류를 고시대로 싣고, 관리자가 중분류 아래에 세부 코드(상위 코드에 숫자 한 자리)를 "
        "추가합니다.",
    "Occupations by level": "수준별 직종",
    "Add under it": "아래에 추가",
    "Stop using": "사용 중지",
    "Use again": "다시 사용",
    "Seekers hold them and vacancies require or prefer them; matching reads their names in vacancies' requirements "
    "and seekers' skills.": "구직자가 보유하고 구인이 요구·우대하는 기술과 자격입니다. 추천은 구인 요건과 구직자 기술에 적힌 "
        "이름을 읽습니다.",
    "Occupation it belongs to": "관련 직종",
    "Under": "상위 직종",
    "Korean name": "한국어 이름",
    "English name": "영어 이름",
    "Use": "사용",
    "Skill": "기술",
    "Licence": "자격증",
    "Capital letters, digits and hyphens; cannot be changed later": "영문 대문자·숫자·하이픈, 나중에 바꿀 수 없음",
    "Source (the notice)": "출처(고시)",
})


KO.update({  # issue 15 casework: counselling, referrals, placements, follow-ups, job fairs
    "The number is too large.": "수가 너무 큽니다.",
    "Date of the session": "상담일",
    "Kind of session": "상담 종류",
    "Channel": "상담 방법",
    "Notes": "상담 내용",
    "Next step": "다음 할 일",
    "Choose whom to refer.": "알선할 대상을 고르십시오.",
    "Outcome": "알선 결과",
    "Date of the outcome": "결과일",
    "Reason (for a refusal)": "사유 (거절일 때)",
    "Way of the placement": "취업 경로",
    "Referral": "알선",
    "Employer (when not through a referral)": "사업장 (알선 취업이 아닐 때)",
    "Occupation (empty: the vacancy's)": "직종 (비우면 구인 직종)",
    "Date of the placement": "취업일",
    "Type of wage": "임금 형태",
    "Type of contract": "고용 형태",
    "None": "없음",
    "Enter the wage.": "임금을 입력하십시오.",
    "Yes": "예",
    "No": "아니요",
    "Date checked": "확인일",
    "Still employed?": "계속 근무 중입니까?",
    "Same employer?": "같은 사업장입니까?",
    "Job centre": "일자리센터",
    "Date held": "행사일",
    "Venue": "장소",
    "Companies": "참여기업",
    "Interviews": "면접",
    "Hires": "채용",
    "Job centres": "일자리센터",
    "Follow-ups due": "오늘의 사후관리",
    "Job fairs": "채용박람회",
    "Record the follow-up": "사후관리 기록",
    "Follow-ups not yet recorded and due within a week, overdue first.":
        "아직 기록하지 않았고 일주일 안에 예정된 사후관리입니다. 기한이 지난 것부터 보입니다.",
    "Seeker": "구직자",
    "Follow-up": "사후관리",
    "Due": "예정일",
    "State": "상태",
    "Answer": "확인 결과",
    "No follow-up due.": "예정된 사후관리가 없습니다.",
    "Change the job fair": "채용박람회 고치기",
    "Save the job fair": "채용박람회 저장",
    "No job fair yet.": "아직 채용박람회가 없습니다.",
    "Add a job fair": "채용박람회 추가",
    "Job seeker": "구직자",
    "%(age)s years": "만 %(age)s세",
    "Registered": "구직 등록일",
    "Retention": "고용 유지",
    "Shared with employers": "기업에 알리는 정보",
    "What they want and bring": "희망 조건과 경력",
    "Desired occupations": "희망 직종",
    "Home district": "거주 자치구",
    "Desired wage": "희망 임금",
    "Education": "학력",
    "Licences": "자격증",
    "Skills": "기술",
    "Career": "경력",
    "Programmes joined": "참여한 취업지원 사업",
    "Matching vacancies": "추천 구인",
    "until %(d)s": "%(d)s 마감",
    "Referred; awaiting the outcome.": "알선했습니다. 결과를 기다리는 중입니다.",
    "Refer to %(t)s": "%(t)s에 알선",
    "No matching open vacancy.": "조건에 맞는 모집 중 구인이 없습니다.",
    "Referrals": "알선",
    "Referred": "알선일",
    "Vacancy": "구인",
    "Record the outcome": "결과 기록",
    "Save the outcome": "결과 저장",
    "No referral yet.": "아직 알선이 없습니다.",
    "Placements and follow-ups": "취업과 사후관리",
    "No placement yet.": "아직 취업 기록이 없습니다.",
    "Record a session": "상담 기록하기",
    "Record the session": "상담 기록",
    "Record a placement": "취업 기록하기",
    "Record the placement": "취업 기록",
    "Counselling sessions": "상담 이력",
    "No session yet.": "아직 상담 기록이 없습니다.",
    "Occupation": "직종",
    "Where": "근무지",
    "Wage": "임금",
    "Hours a week": "주당 근로시간",
    "Contract": "고용 형태",
    "Openings": "모집 인원",
    "Requirements": "자격 요건·우대 사항",
    "Posted": "등록일",
    "Deadline": "마감일",
    "Candidates": "추천 구직자",
    "Refer %(n)s": "%(n)s 알선",
    "No matching seeker.": "조건에 맞는 구직자가 없습니다.",
    "Shared with consent": "동의함",
    "Not shared (no consent)": "비공개 (동의 없음)",
    "No consent": "동의 없음",
    "Overdue": "기한 지남",
    "Left work": "퇴직",
    "Changed jobs": "이직",
    "Still employed": "계속 근무",
    "Session recorded.": "상담을 기록했습니다.",
    "No such vacancy.": "없는 구인입니다.",
    "Referred to %(title)s.": "%(title)s에 알선했습니다.",
    "Outcome recorded.": "알선 결과를 기록했습니다.",
    "Placement recorded; follow-ups at 1, 3 and 6 months are scheduled.":
        "취업을 기록했습니다. 1·3·6개월 사후관리가 예정되었습니다.",
    "Referred %(name)s.": "%(name)s 님을 알선했습니다.",
    "Follow-up recorded.": "사후관리를 기록했습니다.",
    "Job fair saved.": "채용박람회를 저장했습니다.",
    "About the seeker": "인적 사항",
})


KO.update({  # issue 15 funnel
    "The funnel as of %(day)s, last year as of %(before)s": "%(day)s 기준 실적 (지난해는 %(before)s 기준)",
    "Each month's own figures, %(year)s and %(last_year)s beside": "월별 실적 (%(year)s년과 %(last_year)s년 비교)",
    "Placements by month, this year and last year": "월별 취업 인원 (올해와 지난해)",
    "By centre": "센터별",
    "Each centre's figures for %(year)s as of %(day)s (last year below)": "센터별 %(year)s년 실적 (%(day)s 기준, 아래는 지난해)",
    "Vacancies": "구인",
    "Job seekers": "구직",
    "Counselling sessions": "상담",
    "Referrals": "알선",
    "Indicators for %(year)s as of %(day)s": "확인지표 (%(year)s년, %(day)s 기준)",
    "Job centres": "일자리센터",
    "Job centre": "일자리센터",
    "All centres": "전체 센터",
    "No job centre is in your scope.": "담당 범위에 일자리센터가 없습니다.",
    "%(year)s as of %(day)s": "%(year)s년 (%(day)s 기준)",
    "The funnel by month": "월별 구인·구직·상담·알선·취업 실적",
    "Month %(month)s": "%(month)s월",
    "Placements": "취업",
    "Month %(month)d": "%(month)d월",
    "Year-on-year change": "증감",
})


KO.update({  # issue 15 integration: the job centres' one menu
    "Funnel": "실적 현황",
    "Occupations and licences": "직종·자격 코드",
    "Vacancies to approve (%(n)s)": "승인 대기 구인 (%(n)s건)",
    "All my centres": "내 센터 전체",
    "Scheduled": "예정",
    "Name or phone": "이름 또는 전화번호",
    "Job title or employer": "공고 제목 또는 기업명",
    "Sender": "보낸 사람",
    "The sender wrote the employer's name as %(name)s: check the business registration number with them before "
    "approving.": "보낸 사람이 적은 기업명은 %(name)s입니다. 승인하기 전에 사업자등록번호를 확인하십시오.",
    "Ten digits, e.g. 123-45-67891": "숫자 10자리, 예: 123-45-67891",
})


KO.update({  # issue 16 shared: the bookings' menus
    "Job cafés and suits": "일자리카페·정장 대여", "Usage by month": "월별 이용 실적", "Today's bookings": "오늘 예약",
    "Sessions": "프로그램 일정", "Suit rentals": "정장 대여", "Suit stock": "정장 재고", "Penalties": "이용 제한",
    "Cafés and branches": "카페·대여 지점", "Booking rules": "이용 기준", "Job cafés": "일자리카페",
    "Programmes": "프로그램", "Interview suits": "면접 정장 대여", "My bookings": "내 예약", "Sign up": "회원가입",
    "Job café pages": "일자리카페 메뉴", "No job café is listed yet.": "등록된 일자리카페가 아직 없습니다.",
    "Seoul job cafés and the interview-suit service (취업날개). Free for citizens; bookings follow the published rules.":
    "서울시 일자리카페와 취업날개서비스(면접 정장 무료 대여). 시민 누구나 무료이며, 예약은 공개된 이용 기준을 따릅니다.",
})


KO.update({  # issue 16 rooms: a room's free slots, book, cancel; today's bookings, desk bookings
    "Start time": "시작 시각", "Choose a start time.": "시작 시각을 고르십시오.",
    "That start time is not free any more.": "그 시각은 이제 비어 있지 않습니다.", "How long": "이용 시간",
    "Choose how long.": "이용 시간을 고르십시오.", "Choose one of the lengths shown.": "보이는 이용 시간 가운데 하나를 고르십시오.",
    "Number of people": "이용 인원", "Booker's name": "예약자 이름", "Day": "날짜", "Check in": "이용 확인",
    "No-show": "노쇼", "Reason (optional)": "취소 사유 (선택)",
    "Choose an action on the booking and try again.": "예약에 할 일을 고른 뒤 다시 하십시오.",
    "Checked in: %(name)s": "이용 확인: %(name)s", "Marked as a no-show: %(name)s": "노쇼 처리: %(name)s",
    "No bookings until %(day)s.": "%(day)s까지 예약할 수 없습니다.", "Booking cancelled: %(name)s": "예약 취소: %(name)s",
    "(no name)": "(이름 없음)", "Booked at the desk: %(name)s, %(start)s-%(end)s": "현장 예약: %(name)s, %(start)s~%(end)s",
    "AI interview room": "AI 면접체험실", "Study room, booked by the seat": "스터디룸 (좌석 단위 예약)",
    "Study room, booked whole": "스터디룸 (공간 전체 예약)", "Seats": "좌석", "Holds": "수용 인원", "Equipment": "장비",
    "Per person": "1인 이용 한도", "at most %(m)s minutes a day": "하루 최대 %(m)s분", "Choose a day": "날짜 고르기",
    "Free times on %(d)s": "%(d)s 빈 시간", "This booking cannot be made": "예약할 수 없습니다",
    "No free time is left on this day. Try another day.": "이날은 빈 시간이 없습니다. 다른 날을 골라 보십시오.",
    "Please check the form. Nothing has been booked yet.": "입력한 내용을 확인해 주십시오. 아직 예약되지 않았습니다.",
    "Book": "예약하기", "Log in to book": "로그인하고 예약하기", "Booked": "예약", "Your booking is made": "예약되었습니다",
    "%(d)s, %(s)s to %(e)s": "%(d)s %(s)s~%(e)s", "Place": "장소", "Room": "공간", "seat %(s)s": "%(s)s 좌석",
    "%(m)s minutes": "%(m)s분",
    "If you cannot come, please cancel so someone else can use the time. Not coming without cancelling bars new "
    "bookings for a while.": "오지 못하게 되면 다른 분이 쓸 수 있도록 꼭 취소해 주십시오. 취소하지 않고 오지 않으면 한동안 예약할 수 없습니다.",
    "Cancel this booking": "이 예약 취소하기", "Back to the room": "공간 예약으로 돌아가기", "Cancel a booking": "예약 취소",
    "This booking cannot be cancelled": "취소할 수 없습니다",
    "This booking is not open to cancelling any more.": "이 예약은 이제 취소할 수 없습니다.",
    "Booking cancelled": "예약이 취소되었습니다",
    "Your booking for %(d)s, %(s)s to %(e)s is cancelled.": "%(d)s %(s)s~%(e)s 예약이 취소되었습니다.",
    "Book another time": "다른 시간 예약하기", "Checked in": "이용 확인됨", "Cancelled": "취소됨", "Desk booking": "현장 예약",
    "For a walk-in: the person is found by name and phone, or recorded as new. The same rules apply as online.":
    "방문한 분의 예약: 이름과 전화번호로 찾고, 없으면 새로 등록합니다. 온라인 예약과 같은 기준이 적용됩니다.",
    "Café": "카페", "Every café I may see": "볼 수 있는 모든 카페", "Previous day": "전날", "Next day": "다음 날",
    "whole room": "공간 전체", "Time": "시간", "Seat": "좌석", "Booker": "예약자", "Booked through": "예약 경로",
    "Actions": "처리", "At the desk": "현장", "Online": "온라인", "No bookings on this day.": "이날 예약이 없습니다.",
    "No café is yours to see.": "볼 수 있는 카페가 없습니다.", "%(h)d h %(m)d min": "%(h)d시간 %(m)d분",
    "%(h)d h": "%(h)d시간", "%(m)d min": "%(m)d분",
})
PLURALS.update({"%(n)s seat free": "빈자리 %(n)s석", "%(n)s seat": "%(n)s석"})  # issue 16 rooms


def main() -> int:
    ko = polib.pofile(str(LOCALE / "ko" / "LC_MESSAGES" / "django.po"))
    ko.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for e in ko:
        if e.obsolete:
            continue
        if e.msgid_plural:
            e.msgstr_plural = {0: PLURALS.get(e.msgid, "") or PLURALS_RULES.get(e.msgid, "")}
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

