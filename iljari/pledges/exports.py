"""The pledge card as an xlsx workbook: one sheet per part of the card, laid out as printed."""

from __future__ import annotations

from typing import Any

from iljari.core.reportbook import PERCENT_FORMAT, ReportBook, million, percent

from .models import Pledge
from .selectors import AmountTable, PledgeCard


def _amount_rows(table: AmountTable, rounding: str) -> tuple[list[list[str]], list[list[Any]]]:
    header = [["구분", "계", "임기 내", *([""] * len(table.years)), "임기 후"],
              ["", "", "소계", *[str(y) for y in table.years], ""]]
    rows = [[r.label, million(r.total, rounding), million(r.within, rounding),
             *[million(v, rounding) for v in r.years], million(r.after, rounding)] for r in table.rows]
    return header, rows


def card_workbook(card: PledgeCard) -> bytes:
    p, r = card.pledge, card.rounding
    book = ReportBook()
    ws = book.sheet("공약사업 카드")
    book.title(ws, f"{p.number} {p.title}")
    book.line(ws, f"사업성격: {Pledge.Nature(p.nature).label} · 완료시기: {Pledge.Completion(p.completion).label} · "
                  f"사업기간: {p.period_start}.~{p.period_end}. · 사업주체: {Pledge.Body(p.executing_body).label} · "
                  f"추진상황: {Pledge.Status(p.status).label}")
    helps = ", ".join(Pledge.HELP_KINDS[h] for h in p.central_help) or "해당없음"
    book.line(ws, f"중앙정부 도움필요성: {helps} · 사업담당: {p.owner_org.name_ko} {p.owner_text}")
    book.table(ws, [["총사업비", "계", "국비", "시비", "구비", "기타"]],
               [["", million(card.cost.total, r), *[million(v, r) for v in card.cost_by_source.values()]]],
               unit_line="(단위 : 백만원)", total_rows={0}, widths={1: 34, 2: 12, 3: 12, 4: 12, 5: 12, 6: 12})
    for line in p.summary:
        book.line(ws, f"◆ {line}")
    if card.checks:
        book.line(ws, f"자료 점검 {len(card.checks)}건", bold=True)
        for c in card.checks:
            book.line(ws, f"· {c.message_ko}")

    ws = book.sheet("투자계획·집행")
    book.title(ws, "투자계획")
    header, rows = _amount_rows(card.plan, r)
    book.table(ws, header, rows, unit_line="(단위 : 백만원)", total_rows={0}, widths={1: 12})
    book.title(ws, "예산 집행액")
    header, rows = _amount_rows(card.execution, r)
    book.table(ws, header, rows, unit_line="(단위 : 백만원)", total_rows={0})

    ws = book.sheet("확인지표")
    book.title(ws, "공약달성 확인지표")
    book.table(ws, [["구분", "확인지표", "단위", "목표", *[str(y) for y in card.plan.years]]],
               [[f"{x.order}. {x.name}", x.indicator, x.unit, x.goal_note or x.goal, *x.yearly]
                for x in card.indicators], widths={1: 30, 2: 18})
    book.title(ws, f"{card.year}년 분기별 목표")
    book.table(ws, [["구분", "확인지표", "단위", "계", "1/4", "2/4", "3/4", "4/4"]],
               [[f"{x.order}. {x.name}", x.indicator, x.unit, x.year_target, *x.quarterly] for x in card.indicators])
    book.title(ws, f"추진실적 총괄 ({card.as_of:%Y. %-m. %-d.} 기준)")
    rows = [[str(x.order), x.weight, x.indicator, x.unit, x.goal, x.result, percent(x.rate, r)]
            for x in card.indicators]
    rows.append(["총 이행률(%)", None, "", "", None, None, percent(card.total_rate, r)])
    book.table(ws, [["구분", "전체사업 대비비율(%)", "확인지표", "단위", "목표", "실적", "사업 이행률(%)"]], rows,
               total_rows={len(rows) - 1}, formats={6: PERCENT_FORMAT})

    ws = book.sheet("추진실적·주민참여")
    book.title(ws, "일정별 추진실적")
    book.table(ws, [["연번", "일자", "추진사항", "세부 내용"]],
               [[i, f"{e.month:%Y. %-m.}", e.title, e.detail] for i, e in enumerate(card.milestones, 1)],
               widths={2: 10, 3: 40, 4: 80})
    book.title(ws, "주민 참여(소통) 실적")
    book.table(ws, [["연번", "일자", "구분", "세부내용"]],
               [[i, f"{e.month:%Y. %-m.}", e.get_kind_display(), e.detail] for i, e in enumerate(card.participation, 1)])
    return book.save()
