"""Reading CSV files as offices send them: UTF-8, UTF-8 with BOM, or CP949/EUC-KR (detected)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.spreadsheets import too_many_columns


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in. UTF-8 (with or without BOM) first, then CP949 (a superset of EUC-KR)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        raise ServiceError(Problem(ErrorCode.BAD_FILE,
                                   f"파일의 문자 인코딩을 알 수 없습니다 (UTF-8, CP949 아님; {exc.start}번째 바이트)",
                                   f"unknown text encoding (not UTF-8 or CP949; byte {exc.start})")) from None


_SPACES = re.compile(r"\s+")
# A space (not a line break) next to a delimiter or a line boundary: some value may need trimming. (Quoted
# values may begin or end with a line break, so a file with quotes is always trimmed value by value.)
_PADDED = re.compile(r"(?:^|,)[^\S\r\n]|[^\S\r\n](?:$|[,\r])", re.MULTILINE)


@dataclass
class CsvTable:
    """A CSV file column by column: `columns[name][i]` is the trimmed text of data row i, on line `lines[i]`."""

    names: list[str]
    columns: dict[str, np.ndarray]
    lines: np.ndarray
    encoding: str

    def __len__(self) -> int:
        return len(self.lines)

    def rows(self) -> list[CsvRow]:
        cols = list(self.columns.items())
        return [CsvRow(int(line), {n: str(c[i]) for n, c in cols}) for i, line in enumerate(self.lines)]


def _malformed(exc: Exception, line: int) -> ServiceError:
    return ServiceError(Problem(ErrorCode.BAD_FILE, f"CSV 형식 오류: {exc}", f"malformed CSV: {exc}", line=line))


def _max_columns() -> int:
    from django.conf import settings

    return int(getattr(settings, "ILJARI_SPREADSHEET_MAX_COLUMNS", 200))


def _first_record(text: str) -> list[str]:
    """The header record alone (read lazily: the rest of the file is not tokenized)."""
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error as exc:
        raise _malformed(exc, 1) from None


def _records_fast(text: str) -> tuple[list[np.ndarray], np.ndarray] | None:
    """pandas' C tokenizer (eight times faster than the csv module on a million rows). None when line numbers
    could not be trusted (a quoted field spanning lines, rows of uneven length): the caller then uses `csv`."""
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    try:
        frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, na_filter=False, skip_blank_lines=False,
                            quoting=csv.QUOTE_MINIMAL, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    if len(frame) != n_lines or len(frame.columns) > _max_columns():
        return None
    return [frame[c].to_numpy(dtype=object) for c in frame.columns], np.arange(1, n_lines + 1)


def _records_slow(text: str) -> tuple[list[np.ndarray], np.ndarray]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    lines: list[int] = []
    limit = _max_columns()
    try:
        for rec in reader:
            if len(rec) > limit:
                raise too_many_columns(limit, reader.line_num)
            records.append(rec)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise _malformed(exc, reader.line_num) from None
    width = max((len(r) for r in records), default=0)
    cols = [np.array([r[j] if j < len(r) else "" for r in records], dtype=object) for j in range(width)]
    return cols, np.array(lines, dtype=np.int64)


def read_csv_table(source: str | Path | bytes, *, required: list[str]) -> CsvTable:
    """The columns of a CSV by header name (lower-cased, spaces removed); values trimmed; blank rows skipped."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if b"\x00" in data[:4096]:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, "CSV 텍스트 파일이 아닙니다", "not a CSV text file"))
    text, encoding = decode(data)
    if not text.strip():
        raise ServiceError(Problem(ErrorCode.BAD_HEADER, "빈 파일입니다", "the file is empty", line=1))
    if len(_first_record(text)) > _max_columns():
        raise too_many_columns(_max_columns(), 1)
    got = _records_fast(text) or _records_slow(text)
    cols, lines = got
    header = [str(c[0]) for c in cols]
    names = [_SPACES.sub("", h).lower() for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        found = ", ".join(n[:40] for n in names[:30]) + (f" …({len(names):,})" if len(names) > 30 else "")
        raise ServiceError(Problem(ErrorCode.BAD_HEADER,
                                   f"머리글 행에 {', '.join(missing)} 열이 없습니다 (있는 열: {found})",
                                   f"the header lacks {', '.join(missing)} (found: {found})", line=1))
    if '"' in text or _PADDED.search(text):
        body = [pd.Series(c[1:], dtype=object).str.strip().to_numpy(dtype=object) for c in cols]
    else:  # no value begins or ends with a space (one scan of the text instead of a strip per value)
        body = [c[1:] for c in cols]
    lines = lines[1:]
    filled = np.zeros(len(lines), dtype=bool)
    for c in body:
        filled |= c != ""
    columns: dict[str, np.ndarray] = {}
    for n, c in zip(names, body, strict=True):
        if n:  # of two columns with one name the last wins
            columns[n] = c[filled]
    return CsvTable(names, columns, lines[filled], encoding)


def read_csv(source: str | Path | bytes, *, required: list[str], optional: list[str] | None = None
             ) -> tuple[list[CsvRow], str]:
    """Rows keyed by header name (lower-cased, trimmed); empty trailing rows are skipped."""
    table = read_csv_table(source, required=required)
    return table.rows(), table.encoding
