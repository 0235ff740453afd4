"""The rules iljari ships (issue 4); administrators change or add rules as data afterwards."""

SHIPPED = [
    # code, name ko, name en, kind, left, op, right, left missing, right missing, severity, message ko, message en
    ("expenditure_within_budget", "예산 안에서 지출", "Expenditure within the budget", "compare",
     "expenditure", "<=", "budget", "skip_if_any_missing", "skip_if_any_missing", "error",
     "지출액이 예산현액을 넘습니다", "expenditure exceeds the budget"),
    ("sources_add_to_total", "재원별 예산의 합과 총액 일치", "Funding sources add up to the total", "compare",
     "budget.national + budget.city + budget.district + budget.other", "==", "budget.total",
     "skip_if_all_missing", "skip_if_any_missing", "error",
     "재원별 예산의 합이 총액과 다릅니다", "the funding sources do not add up to the total budget"),
    ("result_not_decreasing", "누계 실적은 줄지 않음", "Cumulative results never decrease", "compare",
     "job_result", ">=", "job_result.prev", "skip_if_any_missing", "skip_if_any_missing", "warning",
     "누계 실적이 전월보다 줄었습니다", "the cumulative result is lower than last month's"),
    ("expenditure_not_decreasing", "누계 지출은 줄지 않음", "Cumulative expenditure never decreases", "compare",
     "expenditure", ">=", "expenditure.prev", "skip_if_any_missing", "skip_if_any_missing", "warning",
     "누계 지출액이 전월보다 줄었습니다", "cumulative expenditure is lower than last month's"),
    ("result_over_150_percent", "목표의 150% 초과 실적", "Result above 150% of the target", "compare",
     "job_result", "<=", "1.5 * job_target", "skip_if_any_missing", "skip_if_any_missing", "warning",
     "실적이 목표의 150%를 넘습니다. 목표나 실적을 확인하십시오",
     "the result is above 150% of the target; check the target or the result"),
    ("districts_add_up", "하위 조직 실적의 합과 상위 실적 일치", "Units below add up to the unit's total", "compare",
     "children(job_result)", "==", "job_result", "skip_if_any_missing", "skip_if_any_missing", "error",
     "자치구(하위 조직) 실적의 합이 시(상위 조직) 실적과 다릅니다",
     "the results of the districts (units below) do not add up to the city's (unit's) result"),
    ("monthly_report_missing", "월별 실적 미제출", "Monthly report missing after its deadline", "missing_report",
     "", "<=", "", "skip_if_any_missing", "skip_if_any_missing", "warning",
     "마감일(다음 달 10일)이 지났는데 월별 실적이 없습니다",
     "the monthly result is missing after its deadline (the 10th of the next month)"),
]


def seed_rules(model) -> None:  # type: ignore[no-untyped-def]
    for (code, nko, nen, kind, left, op, right, lm, rm, sev, mko, men) in SHIPPED:
        model.objects.update_or_create(code=code, defaults={
            "name_ko": nko, "name_en": nen, "kind": kind, "left": left, "operator": op, "right": right,
            "left_missing": lm, "right_missing": rm, "severity": sev, "message_ko": mko, "message_en": men})
