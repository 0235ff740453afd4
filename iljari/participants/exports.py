"""Participant lists and the monthly payroll workbook of a round (참여자 명단, 월별 임금 지급 대장)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from iljari.core.labels import one_language
from iljari.core.reportbook import ReportBook

from .eligibility import age_on
from .models import Application, RecruitmentRound


def participants_workbook(rnd: RecruitmentRound, applications: QuerySet[Application] | None = None, *,
                          personal: bool = True) -> bytes:
    """`applications`: the part of the round the reader may see (`selectors.visible_applications`), else all.
    The name and phone are the person's (officers keep them right); district and statuses as the application
    states them (what the decision used). `personal=False` (a reader who does not run the round: a council
    reviewer): the phone is masked and the statuses (disability, livelihood benefits, ...) are left out."""
    from iljari.people.selectors import mask_phone

    apps = rnd.applications.all() if applications is None else applications
    book = ReportBook()
    ws = book.sheet("참여자 명단")
    book.title(ws, f"{rnd.program.name_ko} {rnd.name} 참여자 명단")
    book.line(ws, f"근무 {rnd.work_from:%Y. %-m. %-d.} ~ {rnd.work_to:%Y. %-m. %-d.} · 모집 {rnd.places}명")
    rows: list[list[Any]] = []
    for a in apps.select_related("applicant", "district").order_by("status", "rank", "id"):
        p = a.applicant
        rows.append([a.rank, p.name, p.rrn_masked, age_on(p.birth_date, rnd.work_from),
                     a.district.name_ko if a.district else "-",
                     (p.phone or a.phone or "-") if personal else mask_phone(p.phone or a.phone),
                     one_language(a.get_status_display()), a.points,
                     (", ".join(p.STATUSES.get(s, s) for s in a.statuses) or "-") if personal else "-",
                     a.worksite or "-"])
    book.table(ws, [["순위", "성명", "주민등록번호", "나이", "자치구", "연락처", "상태", "가점", "해당 사항", "근무지"]], rows,
               freeze=True, widths={2: 12, 3: 16, 9: 30})
    return book.save()


def payroll_workbook(rnd: RecruitmentRound, year: int, month: int,
                     applications: QuerySet[Application] | None = None) -> bytes:
    """The month's pay of every participant from the days (or hours) officers entered (`WorkRecord`, the
    payroll page), by the pay rule in force on the month's first day of work (`payroll.payroll`): the same rows
    and figures as the page. A participant with nothing entered is listed as 미입력, without pay, and left out
    of the total (a line above the table counts them); nothing is assumed worked. The monthly hour cap applies
    to day-based pay too (`pay` module: hours beyond the cap are not paid). `applications`: the part of the
    round the reader may see, else all."""
    from .payroll import month_bounds, payroll
    from .rule_text import pay_sentence

    book = ReportBook()
    ws = book.sheet(f"{year}년 {month}월 임금")
    book.title(ws, f"{rnd.program.name_ko} {rnd.name} {year}년 {month}월 임금 지급 대장")
    try:
        month_bounds(rnd, year, month)
    except ValueError:
        book.line(ws, f"{year}년 {month}월은 이 회차의 근무 기간({rnd.work_from:%Y. %-m. %-d.} ~ "
                      f"{rnd.work_to:%Y. %-m. %-d.})이 아닙니다", bold=True)
        return book.save()
    pr = payroll(rnd, year, month, applications)
    if pr.rule is None:
        book.line(ws, "이 달에 적용할 임금 기준이 없습니다", bold=True)
        return book.save()
    book.line(ws, f"임금 기준: {pr.rule.label or f'{pr.rule.valid_from:%Y. %-m. %-d.}부터'} ({pay_sentence(pr.rule.params, 'ko')})")
    book.line(ws, f"근무 기간 중 이 달: {pr.first:%Y. %-m. %-d.} ~ {pr.last:%-m. %-d.} ({pr.days_limit}일)")
    if pr.missing:
        book.line(ws, f"근무 실적 미입력 {len(pr.missing)}명: 지급액을 계산하지 않았고 합계에 넣지 않았습니다", bold=True)
    rows: list[list[Any]] = []
    for r in pr.payable:
        a, rec, pay = r.application, r.record, r.pay
        status = "중도포기" if r.dropped_out else ""
        if rec is None or pay is None:
            rows.append([a.rank, a.applicant.name, a.applicant.rrn_masked, r.age, "미입력", "미입력", None, None, status])
            continue
        note = [status] if status else []
        if pay.over_cap:
            note.append(f"월 상한 초과 {pay.over_cap}시간 제외")
        rows.append([a.rank, a.applicant.name, a.applicant.rrn_masked, r.age, rec.days, pay.hours, pay.gross,
                     pay.paid, ", ".join(note)])
    entered = pr.entered_count
    rows.append(["계", f"{entered}명", "", None, None, None, pr.total_gross if entered else None,
                 pr.total_paid if entered else None, f"미입력 {len(pr.missing)}명 제외" if pr.missing else ""])
    book.table(ws, [["순위", "성명", "주민등록번호", "나이", "근무일수", "근무시간", "산정액(원)", "지급액(원)", "비고"]], rows,
               unit_line="(단위 : 원)", total_rows={len(rows) - 1}, freeze=True, widths={2: 12, 3: 16, 9: 24})
    return book.save()
