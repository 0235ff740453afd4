"""Lists and roll-ups as CSV (UTF-8 with BOM, so Excel reads Korean) and xlsx (openpyxl), seeds' layout."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from iljari.core.http import XLSX  # the one xlsx content type
from iljari.core.labels import one_language
from iljari.core.numbers import (
    AmountUnit,
    Rounding,
    amount_value,
    format_amount,
    format_count,
    format_percent,
    percent_value,
    rate,
)
from iljari.core.reportbook import AMOUNT_FORMAT, COUNT_FORMAT, PERCENT_FORMAT, cell_value
from iljari.core.spreadsheets import append_row, csv_writer
from iljari.ledger.rollup import DIM_LABELS, RollupResult
from iljari.programs.models import Program


@dataclass(frozen=True)
class Num:
    """A figure of an export: the number a workbook stores (with its number format) and the text a CSV and the
    page show. None is '-' (no value), distinct from 0. Numbers in workbooks are numbers."""

    value: int | Decimal | None
    text: str
    number_format: str = COUNT_FORMAT

    @classmethod
    def count(cls, v: int | None) -> Num:
        return cls(v, format_count(v), COUNT_FORMAT)

    @classmethod
    def percent(cls, v: Decimal | None, rounding: Rounding) -> Num:
        return cls(percent_value(v, rounding), format_percent(v, rounding), PERCENT_FORMAT)

    @classmethod
    def amount(cls, won: int | None, unit: AmountUnit, rounding: Rounding) -> Num:
        return cls(amount_value(won, unit, rounding), format_amount(won, unit, rounding), AMOUNT_FORMAT)


def _csv_value(v: Any) -> Any:
    return v.text if isinstance(v, Num) else v


def _xlsx_value(v: Any) -> Any:
    return cell_value(v.value) if isinstance(v, Num) else v


def _respond(title: str, header: list[str], rows: list[list[Any]], fmt: str, filename: str,
             unit_line: str = "", subtotal_rows: set[int] | None = None) -> HttpResponse:
    if fmt == "csv":
        buf = io.StringIO()
        buf.write("\ufeff")
        w = csv_writer(buf)
        w.writerow([title])
        if unit_line:
            w.writerow([unit_line])
        w.writerow(header)
        w.writerows([[_csv_value(c) for c in r] for r in rows])
        resp = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return resp
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31].replace("/", "·")
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, [unit_line])
    append_row(ws, header)
    head_row = 3
    for c in ws[head_row]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE5F0")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, r in enumerate(rows):
        append_row(ws, [_xlsx_value(c) for c in r])
        for col, c in enumerate(r, start=1):
            if isinstance(c, Num) and c.value is not None:
                ws.cell(row=ws.max_row, column=col).number_format = c.number_format
        if subtotal_rows and i in subtotal_rows:
            for c in ws[ws.max_row]:
                c.font = Font(bold=True)
    for col in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14 if col > 2 else 28
        for cell in ws[get_column_letter(col)][head_row:]:
            if col > 2:
                cell.alignment = Alignment(horizontal="right")
    ws.freeze_panes = ws.cell(row=head_row + 1, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head_row}:{head_row}"
    out = io.BytesIO()
    wb.save(out)
    resp = HttpResponse(out.getvalue(), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return resp


def programs_export(programs: list[Program], figures: dict[int, dict[str, Any]], year: int, as_of: dt.date,
                    fmt: str, share: str = "", rounding: Rounding = Rounding.HALF_UP,
                    unit: AmountUnit = AmountUnit.MILLION) -> HttpResponse:
    """The program list with its figures; `share` names the unit whose share they are ("영등포구 분"); rates and
    amounts rounded by the unit's setting, as on the page and the dashboard."""
    rnd = rounding
    header = ["사업코드", "사업명", "소관", "유형", "세부유형", "사업대상", "정책분야", "상태",
              f"{year} 목표", "실적", "달성률(%)", f"예산({unit.label_ko})", "집행률(%)"]
    rows = []
    for p in programs:
        f = figures.get(p.pk, {})
        rows.append([p.code, p.name_ko, p.owner_org.name_ko, p.job_type.label_ko,
                     p.subtype.label_ko if p.subtype else "-",
                     ", ".join(c.label_ko for c in p.target_groups.all()) or "-",
                     p.policy_field.label_ko if p.policy_field else "-", one_language(p.get_status_display()),
                     Num.count(f.get("target")), Num.count(f.get("result")),
                     Num.percent(rate(f.get("result"), f.get("target")), rnd),
                     Num.amount(f.get("budget"), unit, rnd),
                     Num.percent(rate(f.get("expenditure"), f.get("budget")), rnd)])
    scope = f"{share}, " if share else ""
    return _respond(f"일자리 사업 목록 ({scope}{as_of:%Y.%m.%d} 기준)", header, rows, fmt, f"programs-{as_of:%Y%m%d}",
                    f"(단위 : 개, {unit.label_ko}, %)" + (f" · 수치는 {share}" if share else ""))


def rollup_export(result: RollupResult, fmt: str, lang: str = "ko") -> HttpResponse:
    d = result.as_dict()
    dims = [DIM_LABELS[b][0] for b in result.by]
    header = [*(dims or ["구분"]), "사업 수", "목표", "실적", "달성률(%)", "예산", "원인행위", "지출", "집행률(%)",
              "전년 실적", "증감"]
    rows: list[list[Any]] = []
    subtotal: set[int] = set()

    rnd, unit = result.rounding, result.unit

    def pct(v: str | None) -> Num:
        return Num.percent(None if v is None else Decimal(v), rnd)

    def line(labels: list[str], r: dict[str, Any]) -> list[Any]:
        return [*labels, Num.count(r["program_count"]), Num.count(r["target"]), Num.count(r["result"]),
                pct(r["achievement_rate"]), Num.amount(r["budget"], unit, rnd),
                Num.amount(r["commitment"], unit, rnd), Num.amount(r["expenditure"], unit, rnd),
                pct(r["execution_rate"]), Num.count(r["previous"]["result"]), Num.count(r["change"]["result"])]

    blank = [""] * max(0, len(dims) - 1)
    rows.append(line(["계", *blank], d["total"]))
    subtotal.add(0)
    for r in d["rows"]:
        if len(dims) == 2 and r["level"] == 1:
            rows.append(line([r["labels"][0], "소계"], r))
            subtotal.add(len(rows) - 1)
        elif len(dims) == 2:
            rows.append(line(["", r["labels"][1]], r))
        else:
            rows.append(line([r["labels"][0]], r))
    title = f"일자리 사업 집계 ({result.as_of:%Y.%m.%d} 기준{', ' + ' × '.join(dims) if dims else ''})"
    return _respond(title, header, rows, fmt, f"rollup-{result.as_of:%Y%m%d}",
                    f"(단위 : 개, {result.unit.label_ko}, %)", subtotal)


def violations_export(found: list[Any], year: int, as_of: dt.date, fmt: str, lang: str = "ko") -> HttpResponse:
    """자료 검증 결과: every violation with its rule, row and values, and what is wrong in words."""
    from iljari.quality.engine import describe
    from iljari.quality.sentences import period_words

    en = lang == "en"
    header = (["Rule", "Severity", "Program code", "Program", "Unit code", "Unit", "Period", "Left side",
               "Right side", "Problem"] if en else
              ["규칙", "심각도", "사업코드", "사업명", "조직코드", "조직", "기간", "좌변", "우변", "내용"])
    rows = [[(v.rule.name_en or v.rule.name_ko) if en else v.rule.name_ko,
             one_language(v.rule.get_severity_display(), lang), v.program_code,
             (v.program_name_en or v.program_name) if en else v.program_name, v.org_code,
             (v.org_name_en or v.org_name) if en else v.org_name, period_words(v.period, lang),
             Num.count(None if v.left is None else round(v.left)),
             Num.count(None if v.right is None else round(v.right)), describe(v, lang)] for v in found]
    title = (f"Data quality {year} (as of {as_of:%Y.%m.%d})" if en else
             f"{year}년 자료 검증 결과 ({as_of:%Y.%m.%d} 기준)")
    return _respond(title, header, rows, fmt, f"quality-{as_of:%Y%m%d}",
                    "(unit: jobs, won)" if en else "(단위 : 개, 원)")


AUDIT_EXPORT_ROWS = 20_000  # newest first; a narrower filter gets the older ones


def audit_export(described: list[Any], fmt: str, lang: str = "ko") -> HttpResponse:
    """변경 이력: the rows the audit page shows, in the same words (audit.describe), one change per line."""
    en = lang == "en"
    header = (["When", "Who", "Action", "What", "Subject", "Changes", "Reason", "Source"] if en else
              ["일시", "사용자", "작업", "대상 종류", "대상", "변경 내용", "사유", "경로"])

    rows = [[f"{timezone.localtime(d.entry.at):%Y.%m.%d %H:%M:%S}", d.entry.actor_label,
             d.action, d.kind, d.subject, d.text(lang), one_language(d.entry.reason, lang), d.source]
            for d in described]
    return _respond("Audit trail" if en else "변경 이력", header, rows, fmt,
                    f"audit-{timezone.localdate():%Y%m%d}")
