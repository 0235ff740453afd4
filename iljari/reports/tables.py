"""Report tables laid out like the seeds: a title, a unit line, header, 계 / 소계 / item rows, typed cells.

Cells hold exact values (won, counts, Decimal rates); the kind of each column says how it is printed: counts
with separators, amounts in the table's unit, percentages with one decimal and the rounding setting, `△` for
negatives, `-` for none. The same table renders to HTML (`reports/_table.html`), PDF and xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iljari.core.numbers import (
    AmountUnit,
    Rounding,
    amount_value,
    format_amount,
    format_count,
    format_percent,
    percent_value,
)

COUNT, AMOUNT, PERCENT, TEXT = "count", "amount", "percent", "text"
WORDS = "words"  # text that is words, not a figure (a source, a note): left-aligned and wrapped


@dataclass
class ReportRow:
    label: str
    level: int  # 0 계, 1 소계 (or an item of a one-level table), 2 item
    cells: list[Any]
    subtotal: bool = False

    @property
    def css(self) -> str:
        return "total" if self.level == 0 else "subtotal" if self.subtotal else ""


@dataclass
class ReportTable:
    title: str
    header: list[str]  # the first column (구분) included
    kinds: list[str]  # one per cell column (header[1:])
    rows: list[ReportRow]
    unit: AmountUnit = AmountUnit.MILLION
    rounding: Rounding = Rounding.HALF_UP
    note: str = ""
    figures_key: str = ""  # prefix of this table's figures in a publication

    @property
    def unit_line(self) -> str:
        if AMOUNT in self.kinds:
            from django.utils.translation import gettext as _

            return _("(unit: %(unit)s)") % {"unit": self.unit.label}
        return ""

    def text(self, value: Any, kind: str) -> str:
        if kind == AMOUNT:
            return format_amount(value, self.unit, self.rounding)
        if kind == PERCENT:
            return format_percent(value, self.rounding)
        if kind == COUNT:
            return format_count(value)
        return "-" if value in (None, "") else str(value)

    def printed(self) -> list[tuple[ReportRow, list[str]]]:
        return [(r, [self.text(v, k) for v, k in zip(r.cells, self.kinds, strict=True)]) for r in self.rows]

    def html_rows(self) -> list[tuple[ReportRow, list[tuple[str, str]]]]:
        """Each printed cell with its CSS class: `n` (a figure, right-aligned) or `t` (WORDS)."""
        css = ["t" if k == WORDS else "n" for k in self.kinds]
        return [(r, list(zip(cells, css, strict=True))) for r, cells in self.printed()]

    def figures(self) -> dict[str, str]:
        """Every printed cell keyed by table / row / column, as a publication freezes it."""
        out: dict[str, str] = {}
        prefix = self.figures_key or self.title
        for r, cells in self.printed():
            for h, text in zip(self.header[1:], cells, strict=True):
                out[f"{prefix}/{r.label}/{h}"] = text
        return out

    def xlsx_cells(self) -> list[list[Any]]:
        """Cells for a workbook: amounts converted to the unit and rounded, rates to one decimal."""
        out = []
        for r in self.rows:
            row: list[Any] = [r.label]
            for v, k in zip(r.cells, self.kinds, strict=True):
                if v is None or k in (TEXT, WORDS):
                    row.append(v)
                elif k == AMOUNT:
                    row.append(amount_value(v, self.unit, self.rounding))
                elif k == PERCENT:
                    row.append(percent_value(v, self.rounding))
                else:
                    row.append(v)
            out.append(row)
        return out


@dataclass
class Report:
    """A whole report: title, lines under it, and sections of tables and text blocks."""

    title: str
    lines: list[str] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)  # {"heading", "tables", "blocks", "page_break"}
    pages: int = 0

    def tables(self) -> list[ReportTable]:
        return [t for s in self.sections for t in s.get("tables", [])]

    def figures(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for t in self.tables():
            out.update(t.figures())
        return out


def diff(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b
