"""Reading CSV files as offices send them: UTF-8, UTF-8 with BOM, or CP949/EUC-KR (detected)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from iljari.core.errors import ErrorCode, Problem, ServiceError


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


def read_csv(source: str | Path | bytes, *, required: list[str], optional: list[str] | None = None
             ) -> tuple[list[CsvRow], str]:
    """Rows keyed by header name (lower-cased, trimmed); empty trailing rows are skipped."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if b"\x00" in data[:4096]:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, "CSV 텍스트 파일이 아닙니다", "not a CSV text file"))
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER, "빈 파일입니다", "the file is empty", line=1)) from None
    except csv.Error as exc:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, f"CSV 형식 오류: {exc}", f"malformed CSV: {exc}",
                                   line=1)) from None
    names = [_SPACES.sub("", h).lower() for h in header]
    missing = [c for c in required if c not in names]
    if missing:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER,
                                   f"머리글 행에 {', '.join(missing)} 열이 없습니다 (있는 열: {', '.join(names)})",
                                   f"the header lacks {', '.join(missing)} (found: {', '.join(names)})", line=1))
    rows: list[CsvRow] = []
    try:
        for i, rec in enumerate(reader, start=2):
            if not any(c.strip() for c in rec):
                continue
            values = {n: (rec[j].strip() if j < len(rec) else "") for j, n in enumerate(names) if n}
            rows.append(CsvRow(i, values))
    except csv.Error as exc:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, f"CSV 형식 오류: {exc}", f"malformed CSV: {exc}",
                                   line=reader.line_num)) from None
    return rows, encoding


