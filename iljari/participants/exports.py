"""Participant lists and the monthly payroll workbook of a round (참여자 명단, 월별 임금 지급 대장)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import QuerySet

from iljari.core.labels import one_language
from iljari.core.reportbook import ReportBook

from .eligibility import age_on
from .models import Application, RecruitmentRound
from .pay import month_pay, pay_rule_on


def participants_workbook(rnd: RecruitmentRound, applications: QuerySet[Application] | None = None) -> bytes:
    """`applications`: the part of the round the reader may see (`selectors.visible_applications`), else all.
    The name and phone are the person's (officers keep them right); district and statuses as the application
    states them (what the decision used)."""
    apps = rnd.applications.all() if applications is None else applications
    book = ReportBook()
    ws = book.sheet("참여자 명단")
    book.title(ws, f"{rnd.program.name_ko} {rnd.name} 참여자 명단")
    book.line(ws, f"근무 {rnd.work_from:%Y. %-m. %-d.} ~ {rnd.work_to:%Y. %-m. %-d.} · 모집 {rnd.places}명")
    rows: list[list[Any]] = []
    for a in apps.select_related("applicant", "district").order_by("status", "rank", "id"):
        p = a.applicant
        rows.append([a.rank, p.name, p.rrn_masked, age_on(p.birth_date, rnd.work_from),
                     a.district.name_ko if a.district else "-", p.phone or a.phone or "-", one_language(a.get_status_display()),
                     a.points, ", ".join(p.STATUSES.get(s, s) for s in a.statuses) or "-",
                     a.worksite or "-"])
    book.table(ws, [["순위", "성명", "주민등록번호", "나이", "자치구", "연락처", "상태", "가점", "해당 사항", "근무지"]], rows,
               freeze=True, widths={2: 12, 3: 16, 9: 30})
    return book.save()


def payroll_workbook(rnd: RecruitmentRound, year: int, month: int, days: dict[int, int] | None = None,
                     applications: QuerySet[Application] | None = None) -> bytes:
    """The month's pay of every selected participant by the pay rule in force on the month's first day; `days`
    (application id -> days worked) defaults to every weekday of the month inside the work period;
    `applications`: the part of the round the reader may see, else all."""
    apps = rnd.applications.all() if applications is None else applications
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    rule = pay_rule_on(rnd.program_id, first)
    book = ReportBook()
    ws = book.sheet(f"{year}년 {month}월 임금")
    book.title(ws, f"{rnd.program.name_ko} {rnd.name} {year}년 {month}월 임금 지급 대장")
    if rule is None:
        book.line(ws, "이 달에 적용할 임금 기준이 없습니다 / no pay rule in force this month", bold=True)
        return book.save()
    book.line(ws, f"임금 기준: {rule.label or rule.valid_from} (원 단위 {rule.params.get('truncate_to', 1)}원 미만 절사)")
    start, end = max(first, rnd.work_from), min(last, rnd.work_to)
    weekdays = sum(1 for d in range((end - start).days + 1) if (start + dt.timedelta(days=d)).weekday() < 5) \
        if start <= end else 0
    rows: list[list[Any]] = []
    total = 0
    for a in apps.select_related("applicant").filter(status=Application.Status.SELECTED).order_by("rank"):
        age = age_on(a.applicant.birth_date, first)
        worked = (days or {}).get(a.pk, weekdays)
        pay = month_pay(rule.params, days=worked, age=age)
        total += pay.paid
        rows.append([a.rank, a.applicant.name, a.applicant.rrn_masked, age, worked, pay.hours, pay.gross, pay.paid])
    rows.append(["계", "", "", None, None, None, sum(r[6] for r in rows), total])
    book.table(ws, [["순위", "성명", "주민등록번호", "나이", "근무일수", "근무시간", "산정액(원)", "지급액(원)"]], rows,
               unit_line="(단위 : 원)", total_rows={len(rows) - 1}, freeze=True, widths={2: 12, 3: 16})
    return book.save()
