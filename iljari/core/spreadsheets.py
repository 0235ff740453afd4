"""Spreadsheets in and out, safely: the one place that writes xlsx cells and CSV rows, and opens uploaded xlsx.

Writing. A program or applicant name such as `=HYPERLINK("http://x","a")`, `+1+1`, `-2+3` or `@SUM(A1)` must reach
the reader as the text it is, never as a formula (OWASP "CSV injection"):

* xlsx: openpyxl turns any string beginning with `=` into a formula. `append_row` / `put` write text cells as text
  (data type 's'), and give those that look like formulas Excel's quote prefix, so that editing the cell does not
  turn it into one either. Numbers stay numbers.
* CSV: `csv_writer` prefixes a text value beginning with `=`, `+`, `-`, `@`, a tab or a carriage return with a single
  quote. Numbers (int, float, Decimal) are written as they are, and so are texts that are plainly numbers or the
  "none" mark (`-1,234`, `-`, `12.5%`); the `△` of negative figures is not a formula character.

Reading. `open_xlsx` checks an upload's zip directory before openpyxl sees it (member count, each member's and the
total uncompressed size, the compression ratio), opens it read-only, and `sheet_rows` streams a sheet's rows and
stops at the row limit + 1 and at the column limit, each refusal a named problem in Korean and English.
`check_upload_size` refuses an upload by its declared size before it is read, and `(core.texts) refuses
over-long free texts before they reach the database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from iljari.core.errors import ErrorCode, Problem, ServiceError

# ---------------------------------------------------------------- writing

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text that is plainly a number or the "none" mark: it cannot be a formula and keeps its look.
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$")


def csv_rows(text: str, *, max_rows: int, max_columns: int) -> list[tuple[Any, ...]]:
    """The rows of a decoded CSV text (header first), bounded: at most `max_rows` data rows and `max_columns`
    columns (trailing empty cells dropped); a NUL character or a malformed file is refused (BAD_FILE)."""
    if "\x00" in text:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, "CSV 텍스트 파일이 아닙니다 (NUL 문자)",
                                   "not a CSV text file (a NUL character)"))
    out: list[tuple[Any, ...]] = []
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if n > max_rows + 1:
                raise ServiceError(Problem(ErrorCode.TOO_MANY, f"행이 너무 많습니다 ({max_rows:,}행까지, 파일을 나누십시오)",
                                           f"too many rows ({max_rows:,} at most: split the file)"))
            while row and not row[-1].strip():
                row.pop()
            if len(row) > max_columns:
                raise ServiceError(Problem(ErrorCode.TOO_MANY, f"{n}행: 열이 너무 많습니다 ({max_columns}열까지)",
                                           f"row {n}: too many columns ({max_columns} at most)", line=n))
            out.append(tuple(row))
    except csv.Error as exc:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, f"CSV 파일을 읽을 수 없습니다: {exc}",
                                   f"the CSV file cannot be read: {exc}")) from None
    return out


def looks_like_formula(value: Any) -> bool:
    """A text a spreadsheet would run as a formula (or whose first character it would treat specially)."""
    if not isinstance(value, str) or not value or not value.startswith(FORMULA_TRIGGERS):
        return False
    return not _PLAIN_NUMBER.match(value)


def csv_value(value: Any) -> Any:
    """A value as a CSV cell that a spreadsheet shows as text: a leading `'` before a formula character."""
    if looks_like_formula(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """`csv.writer` with every text value neutralised by `csv_value`."""

    def __init__(self, f: IO[str] | Any, **kwargs: Any) -> None:
        self._w = csv.writer(f, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow([csv_value(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for r in rows:
            self.writerow(r)


def csv_writer(f: IO[str] | Any, **kwargs: Any) -> SafeCsvWriter:
    """The CSV writer of every export (pages, CLI): text cells never become formulas."""
    return SafeCsvWriter(f, **kwargs)


def text_cell(ws: Worksheet, value: Any) -> Any:
    """`value` ready for `ws.append`: a text becomes a text cell (never a formula); anything else is as is."""
    if not isinstance(value, str):
        return value
    cell = Cell(ws)
    cell.value = value
    if cell.data_type == "f":
        cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet, values: Sequence[Any]) -> None:
    """`ws.append(values)` with text written as text."""
    ws.append([text_cell(ws, v) for v in values])


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Set one cell, text as text."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        if cell.data_type == "f":
            cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


# ---------------------------------------------------------------- reading: limits

MB = 1024 * 1024


@dataclass(frozen=True)
class XlsxLimits:
    """What an uploaded workbook may be. Defaults from settings (ILJARI_XLSX_*)."""

    max_bytes: int
    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: int
    max_rows: int
    max_columns: int

    @classmethod
    def from_settings(cls, **overrides: int) -> XlsxLimits:
        values = {
            "max_bytes": getattr(settings, "ILJARI_MAX_UPLOAD_BYTES", 50 * MB),
            "max_members": getattr(settings, "ILJARI_XLSX_MAX_MEMBERS", 1_000),
            "max_member_bytes": getattr(settings, "ILJARI_XLSX_MAX_MEMBER_BYTES", 150 * MB),
            "max_total_bytes": getattr(settings, "ILJARI_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * MB),
            "max_ratio": getattr(settings, "ILJARI_XLSX_MAX_RATIO", 200),
            "max_rows": getattr(settings, "ILJARI_SPREADSHEET_MAX_ROWS", 200_000),
            "max_columns": getattr(settings, "ILJARI_SPREADSHEET_MAX_COLUMNS", 200),
        }
        values.update(overrides)
        return cls(**values)


# Members smaller than this are not judged by their ratio (a tiny styles part may compress very well).
_RATIO_FLOOR = 1 * MB


def _bad_file(ko: str, en: str, **kw: Any) -> ServiceError:
    return ServiceError(Problem(ErrorCode.BAD_FILE, ko, en, **kw))


def _mb(n: int) -> str:
    return f"{n / MB:,.0f}MB" if n >= MB else f"{n:,}B"


def upload_limit() -> int:
    return int(getattr(settings, "ILJARI_MAX_UPLOAD_BYTES", 50 * MB))


def check_upload_size(size: int | None, limit: int | None = None) -> None:
    """Refuse an upload by its declared size, before a byte of it is read."""
    limit = limit or upload_limit()
    if size is not None and size > limit:
        raise _bad_file(f"파일이 너무 큽니다 ({_mb(limit)}까지 올릴 수 있습니다)",
                        f"the file is too large ({_mb(limit)} at most)")


def read_upload(upload: Any, limit: int | None = None) -> bytes:
    """The bytes of an uploaded file, its size checked first (and again while reading, should it lie)."""
    limit = limit or upload_limit()
    check_upload_size(getattr(upload, "size", None), limit)
    data = upload.read(limit + 1)
    check_upload_size(len(data), limit)
    return bytes(data)


def check_zip(data: bytes, limits: XlsxLimits) -> None:
    """Refuse a zip (xlsx) from its directory alone: too big, too many parts, or a part that unpacks too far."""
    check_upload_size(len(data), limits.max_bytes)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _bad_file("xlsx 파일이 아닙니다 (엑셀 2007 이후 형식으로 저장하십시오)",
                        "not an xlsx file (save it in the Excel 2007+ format)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except Exception:  # BadZipFile, NotImplementedError for odd zip versions, OSError, ValueError...
        raise _bad_file("엑셀 파일을 열 수 없습니다 (손상된 압축)", "the workbook cannot be opened (a broken zip)") from None
    if len(members) > limits.max_members:
        raise _bad_file(f"엑셀 파일의 구성 요소가 너무 많습니다 ({limits.max_members:,}개까지)",
                        f"the workbook has too many parts ({limits.max_members:,} at most)")
    total = 0
    for m in members:
        total += m.file_size
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > limits.max_member_bytes or total > limits.max_total_bytes:
            raise _bad_file(f"압축을 풀면 너무 큰 엑셀 파일입니다 ({_mb(limits.max_total_bytes)}까지)",
                            f"the workbook unpacks to too much data ({_mb(limits.max_total_bytes)} at most)")
        if m.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
            raise _bad_file(f"압축률이 비정상적인 엑셀 파일입니다 ({m.filename}: {ratio:,.0f}배)",
                            f"the workbook is abnormally compressed ({m.filename}: {ratio:,.0f} times)")


def open_xlsx(data: bytes, limits: XlsxLimits | None = None, *, data_only: bool = True) -> Workbook:
    """An uploaded workbook, opened read-only once its zip directory passed `check_zip`."""
    limits = limits or XlsxLimits.from_settings()
    check_zip(data, limits)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise _bad_file(f"엑셀 파일을 열 수 없습니다: {type(exc).__name__}",
                        f"the workbook cannot be opened: {type(exc).__name__}") from None


def too_many_rows(limit: int, sheet: str | None = None) -> ServiceError:
    return _bad_file(f"행이 너무 많습니다 ({limit:,}행까지)", f"too many rows ({limit:,} at most)", sheet=sheet)


def too_many_columns(limit: int, line: int | None = None, sheet: str | None = None) -> ServiceError:
    return _bad_file(f"열이 너무 많습니다 ({limit:,}열까지)", f"too many columns ({limit:,} at most)", line=line,
                     sheet=sheet)


def sheet_rows(ws: Any, limits: XlsxLimits) -> Iterator[tuple[Any, ...]]:
    """The values of a sheet row by row (streamed), trailing empty cells dropped; refuses the row after the row
    limit and a row with a value beyond the column limit."""
    title = getattr(ws, "title", None)
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # the file's own <dimension> may claim 16,384 columns: rows are taken as they are
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if n > limits.max_rows:
            raise too_many_rows(limits.max_rows, title)
        values = tuple(row)
        end = len(values)
        while end and values[end - 1] in (None, ""):
            end -= 1
        if end > limits.max_columns:
            raise too_many_columns(limits.max_columns, n, title)
        yield values[:end]


def merged_ranges(data: bytes, ws: Any) -> list[str]:
    """The merged ranges ('A1:C1', ...) of a read-only sheet, read from its XML (read-only sheets do not keep them)."""
    path = getattr(ws, "_worksheet_path", None) or getattr(ws, "worksheet_path", None)
    if not path:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            with z.open(path.lstrip("/")) as f:
                found: list[str] = []
                tail = b""
                while chunk := f.read(1 << 20):
                    text = tail + chunk
                    found += [m.decode() for m in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"',
                                                             text)]
                    tail = text[-200:]  # a tag cut by a chunk's end is whole in the next round
                return list(dict.fromkeys(found))
    except Exception:  # a broken part: no merged ranges (the sheet itself was read)
        return []


# ---------------------------------------------------------------- reading: CSV and text limits

MAX_LISTED_PROBLEMS = 100


def bounded_problems(problems: list[Problem], limit: int = MAX_LISTED_PROBLEMS) -> list[Problem]:
    """At most `limit` problems, then one saying how many more there are. The first problem of each kind is always
    among them (a file of 10,000 duplicate rows and one bad number names the bad number too); the rest are the
    earliest, in the order given."""
    if len(problems) <= limit:
        return problems
    chosen: dict[int, Problem] = {}
    kinds: set[Any] = set()
    for i, p in enumerate(problems):
        if p.code not in kinds and len(chosen) < limit:
            kinds.add(p.code)
            chosen[i] = p
    for i, p in enumerate(problems):
        if len(chosen) >= limit:
            break
        chosen.setdefault(i, p)
    more = len(problems) - len(chosen)
    return [*(chosen[i] for i in sorted(chosen)),
            Problem(ErrorCode.INVALID, f"그 밖에 {more:,}건의 문제가 더 있습니다 (처음 {limit}건만 보입니다)",
                    f"and {more:,} more problems (only the first {limit} are listed)",
                    params={"more": more})]


def number_cell(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def sheet_layout(ws: Worksheet, *, head_row: int, frozen_columns: int = 0, widths: Sequence[float] = (),
                 default_width: float = 14, formats: Sequence[str | None] = ()) -> None:
    """A list sheet a person reads: the header row and the first `frozen_columns` columns stay in view while
    scrolling, columns as wide as `widths` says (then `default_width`), and each column's numbers shown with its
    number format (`formats`, e.g. "0.0" for a rate, "#,##0" for won; None: as they are)."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = ws.cell(row=head_row + 1, column=frozen_columns + 1)
    for col in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths[col - 1] if col <= len(widths) else default_width
    for col, fmt in enumerate(formats, start=1):
        if fmt:
            for (cell,) in ws.iter_rows(min_row=head_row + 1, min_col=col, max_col=col):
                if isinstance(cell.value, int | float):
                    cell.number_format = fmt
