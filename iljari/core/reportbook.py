"""Reports as xlsx laid out like the seeds: a title, a unit line, header rows, 계 / 소계 rows in bold,
numbers as numbers (`△` for negatives and `-` for none by number format and text), A4 printing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from iljari.core.spreadsheets import append_row

COUNT_FORMAT = '#,##0;"△"#,##0;0'
AMOUNT_FORMAT = COUNT_FORMAT
PERCENT_FORMAT = '0.0;"△"0.0;0.0'
_THIN = Side(style="thin", color="444444")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8EDF4")
_TOTAL_FILL = PatternFill("solid", fgColor="F4F6F9")


class ReportBook:
    """A workbook written sheet by sheet, block by block (title, unit line, table...)."""

    def __init__(self) -> None:
        self.wb = Workbook()
        self._first = True

    def sheet(self, title: str, *, landscape: bool = True) -> Worksheet:
        if self._first:
            ws = self.wb.active
            ws.title = _sheet_name(title)
            self._first = False
        else:
            ws = self.wb.create_sheet(_sheet_name(title))
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return ws

    @staticmethod
    def title(ws: Worksheet, text: str) -> None:
        append_row(ws, [text])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)

    @staticmethod
    def line(ws: Worksheet, text: str, *, bold: bool = False) -> None:
        append_row(ws, [text])
        ws.cell(ws.max_row, 1).font = Font(bold=bold)

    @staticmethod
    def table(ws: Worksheet, header: list[list[str]], rows: list[list[Any]], *, unit_line: str = "",
              total_rows: set[int] | None = None, formats: dict[int, str] | None = None, freeze: bool = False,
              widths: dict[int, float] | None = None) -> None:
        """`header`: one or more header rows; `rows`: cells (None -> '-'); `formats`: column index -> format."""
        if unit_line:
            append_row(ws, [*([""] * (len(header[0]) - 1)), unit_line])
            ws.cell(ws.max_row, len(header[0])).alignment = Alignment(horizontal="right")
        first_head = ws.max_row + 1
        for h in header:
            append_row(ws, h)
            for c in ws[ws.max_row]:
                c.font, c.fill, c.border = Font(bold=True), _HEAD_FILL, _BOX
                c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, r in enumerate(rows):
            append_row(ws, [cell_value(v) for v in r])
            for j, c in enumerate(ws[ws.max_row]):
                c.border = _BOX
                v = r[j] if j < len(r) else None
                if v is None:
                    c.alignment = Alignment(horizontal="right")
                elif isinstance(v, int | float | Decimal) and not isinstance(v, bool):
                    c.number_format = (formats or {}).get(j, COUNT_FORMAT)
                    c.alignment = Alignment(horizontal="right")
                if total_rows and i in total_rows:
                    c.font, c.fill = Font(bold=True), _TOTAL_FILL
        if freeze:
            ws.freeze_panes = ws.cell(first_head + len(header), 2)
            ws.print_title_rows = f"{first_head}:{first_head + len(header) - 1}"
        for col, w in (widths or {}).items():
            ws.column_dimensions[get_column_letter(col)].width = w
        ws.append([])

    def save(self) -> bytes:
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()


def cell_value(v: Any) -> Any:
    """A figure as a workbook stores it: a number (exact Decimals whole as int), '-' for none."""
    if v is None:
        return "-"
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _sheet_name(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, "·")
    return title[:31]


def million(won: int | None, rounding: Any = None) -> Decimal | None:
    """Won in 백만원 for a cell, rounded by the report's setting (half-up or truncate) to whole millions."""
    from iljari.core.numbers import AmountUnit, Rounding, amount_value

    return amount_value(won, AmountUnit.MILLION, Rounding.parse(rounding))


def percent(value: Decimal | None, rounding: Any = None) -> Decimal | None:
    """An exact percentage to one decimal by the report's setting (so Excel shows the page's figure)."""
    from iljari.core.numbers import Rounding, percent_value

    return percent_value(value, Rounding.parse(rounding))


def report_workbook(report: Any) -> bytes:
    """A `tables.Report` as a workbook: a sheet per section (program pages share one sheet)."""
    book = ReportBook()
    programs_ws = None
    for s in report.sections:
        if s.get("program") is not None:
            if programs_ws is None:
                programs_ws = book.sheet("사업별 현황")
                book.title(programs_ws, "Ⅲ. 사업별 현황")
            ws = programs_ws
            book.line(ws, s["heading"], bold=True)
            for k, v in s.get("overview", []):
                book.line(ws, f"{k}: {v}")
        else:
            ws = book.sheet(s.get("heading") or report.title)
            book.title(ws, report.title if not s.get("heading") else s["heading"])
            for line in report.lines:
                book.line(ws, line)
        for text in (s.get("text") or "").splitlines():  # a section in words (a job plan's direction)
            book.line(ws, text)
        for t in s.get("tables", []):
            book.line(ws, t.title, bold=True)
            formats = {i + 1: PERCENT_FORMAT for i, k in enumerate(t.kinds) if k == "percent"}
            book.table(ws, [t.header], t.xlsx_cells(), unit_line=t.unit_line,
                       total_rows={i for i, r in enumerate(t.rows) if r.level == 0 or r.subtotal},
                       formats=formats, widths={1: 34})
        if s.get("program") is not None:
            book.line(ws, f"향후계획: {s.get('next_steps') or '-'}")
            ws.append([])
    return book.save()
