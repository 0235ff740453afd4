"""Paper applications of a subsidy typed into one xlsx workbook and imported all or nothing (issue 17).

The sheet "신청" (the template: `template_workbook()`): one row per worker's claim — 접수일, the firm (사업자등록번호,
사업장명, 상시 근로자 수, 업종, 사업장 주소), the worker (성명, 생년월일, 주민등록번호 optional, 연락처), 고용보험 유지일,
and up to three months with their unpaid-leave days. Every row goes through `subsidy.claim_submit` (the same
rules and refusals as the desk's form) inside one transaction; every problem of every row is named with its sheet
and cell in Korean and English, and one problem saves nothing. Formulas are refused; the workbook is read through
`core.spreadsheets` (zip-bomb checks, bounded rows and columns). `dry_run` checks and counts, then rolls back —
the page's preview.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from iljari.audit.services import audit_batch
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.spreadsheets import XlsxLimits, append_row, bounded_problems, looks_like_formula, open_xlsx, sheet_rows
from iljari.orgs.models import OrgUnit

from .models import Case, Flow
from .subsidy import claim_submit

SHEET = "신청"
HEADER = ["접수일", "사업자등록번호", "사업장명", "상시 근로자 수", "업종", "사업장 주소", "근로자 성명", "생년월일",
          "주민등록번호(선택)", "연락처", "고용보험 유지일", "청구 월 1", "휴직일수 1", "청구 월 2", "휴직일수 2", "청구 월 3",
          "휴직일수 3"]
HEADER_EN = ["received on", "business number", "firm's name", "employees", "sector", "firm's address",
             "worker's name", "date of birth", "resident number (optional)", "phone", "insured until", "month 1",
             "leave days 1", "month 2", "leave days 2", "month 3", "leave days 3"]
MAX_ROWS = 20_000
SECTORS = {"집합금지": "closure", "영업제한": "restricted", "그 외 업종": "other", "그외 업종": "other", "그 외": "other",
           "기타": "other", "closure": "closure", "restricted": "restricted", "other": "other", "": ""}
# a claim_submit problem's field -> the column it is about
COLUMN_OF = {"firm.business_number": 1, "firm.name": 2, "firm.employees": 3, "firm.sector": 4, "firm.address": 5,
             "worker.name": 6, "worker.birth_date": 7, "worker.rrn": 8, "insured_until": 10, "months": 11}


@dataclass
class ImportReport:
    dry_run: bool
    cases: int = 0
    months: int = 0
    amount: int = 0
    references: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "cases": self.cases, "months": self.months, "amount": self.amount}


def template_workbook() -> bytes:
    """The workbook to fill: the header and one example row (marked as an example; delete it before importing)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    append_row(ws, HEADER)
    append_row(ws, ["2021-03-15", "104-81-96087", "예시식당(예시 행: 지우고 쓰십시오)", 12, "영업제한", "서울 관악구 관악로 1",
                    "홍길동", "1990-05-01", "", "010-0000-0000", "2021-04-30", "2021-01", 10, "2021-02", 8, "", ""])
    for i in range(1, len(HEADER) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 15
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    return str(v).strip()


def _problem(line: int, col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> Problem:
    cell = f"{get_column_letter(col + 1)}{line}"
    return Problem(code, f"'{SHEET}' 시트 {cell} ({HEADER[col]}): {ko}", f"sheet '{SHEET}', {cell} ({HEADER_EN[col]}): {en}",
                   sheet=SHEET, cell=cell, line=line, field=HEADER_EN[col])


def _read(data: bytes) -> list[tuple[Any, ...]]:
    limits = XlsxLimits.from_settings(max_rows=MAX_ROWS + 1, max_columns=40)
    wb = open_xlsx(data, limits, data_only=False)  # formulas as written: a formula cell is refused
    try:
        if SHEET not in wb.sheetnames:
            raise ServiceError(Problem(ErrorCode.BAD_HEADER, f"'{SHEET}' 시트가 없습니다 (양식을 내려받아 쓰십시오)",
                                       f"there is no sheet '{SHEET}' (use the template)"))
        try:
            return list(sheet_rows(wb[SHEET], limits))
        except ServiceError:
            raise
        except Exception:
            raise ServiceError(Problem(ErrorCode.BAD_FILE, f"'{SHEET}' 시트를 읽을 수 없습니다",
                                       f"the sheet '{SHEET}' cannot be read", sheet=SHEET)) from None
    finally:
        wb.close()


def _date(line: int, col: int, value: Any, problems: list[Problem], required: bool) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        if required:
            problems.append(_problem(line, col, "날짜를 적으십시오", "enter the date", ErrorCode.REQUIRED))
        return None
    try:
        return parse_date(text)
    except DateParseError:
        problems.append(_problem(line, col, f"날짜를 2021-03-15처럼 적으십시오 ('{text[:20]}')",
                                 f"write the date like 2021-03-15 ('{text[:20]}')", ErrorCode.INVALID_DATE))
        return None


def _row(line: int, row: tuple[Any, ...], problems: list[Problem]) -> dict[str, Any] | None:
    """One row's values, or None when a cell is unreadable (its problems added)."""
    found: list[Problem] = []
    for col, v in enumerate(row[:len(HEADER)]):
        if isinstance(v, str) and v.startswith("=") and looks_like_formula(v):
            found.append(_problem(line, col, "수식은 올릴 수 없습니다 (값으로 붙여 넣으십시오)",
                                  "formulas are not accepted (paste values)"))
    if found:
        problems.extend(found)
        return None
    t = [_text(v) for v in row]
    applied_on = _date(line, 0, row[0], found, required=True)
    birth = _date(line, 7, row[7], found, required=not t[8])
    insured = _date(line, 10, row[10], found, required=False)
    sector = SECTORS.get(t[4])
    if sector is None:
        found.append(_problem(line, 4, f"업종은 집합금지, 영업제한, 그 외 업종 중 하나입니다 ('{t[4][:20]}')",
                              f"the sector is one of 집합금지, 영업제한, 그 외 업종 ('{t[4][:20]}')", ErrorCode.UNKNOWN_CHOICE))
    months = []
    for n in range(3):
        mcol, dcol = 11 + 2 * n, 12 + 2 * n
        m, d = row[mcol], t[dcol]
        if _text(m) == "" and d == "":
            continue
        month = m if isinstance(m, dt.date | dt.datetime) else _text(m)
        if _text(m) == "":
            found.append(_problem(line, mcol, "휴직일수의 월을 적으십시오", "enter the month of these leave days",
                                  ErrorCode.REQUIRED))
            continue
        if d == "" or not d.isdigit():
            found.append(_problem(line, dcol, f"휴직일수를 숫자로 적으십시오 ('{d[:10]}')",
                                  f"enter the leave days as a number ('{d[:10]}')",
                                  ErrorCode.REQUIRED if d == "" else ErrorCode.NOT_AN_INTEGER))
            continue
        months.append((month, int(d), n))
    if found:
        problems.extend(found)
        return None
    return {"applied_on": applied_on, "insured_until": insured,
            "firm": {"business_number": t[1], "name": t[2], "employees": t[3] or None, "sector": sector,
                     "address": t[5]},
            "worker": {"name": t[6], "birth_date": birth, "rrn": t[8], "phone": t[9]},
            "months": months}


def _cell_of(line: int, field: str | None, months: list[tuple[Any, int, int]]) -> int:
    if field and field.startswith("months.") and field.count(".") == 2:
        i = int(field.split(".")[1])
        n = months[i][2] if i < len(months) else 0
        return 11 + 2 * n + (1 if field.endswith("leave_days") else 0)
    return COLUMN_OF.get(field or "", 0)


def claims_import(*, actor: Any, flow: Flow, district: OrgUnit, data: bytes, dry_run: bool = False,
                  file_name: str = "") -> ImportReport:
    """Check every row, then keep them all as cases of `flow` received by `district` (channel: paper, imported),
    or none; `dry_run`: check and count, save nothing."""
    rows = _read(data)
    problems: list[Problem] = []
    got = [_text(v) for v in (rows[0] if rows else ())][:len(HEADER)]
    if got != HEADER:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER, f"'{SHEET}' 시트 첫 줄이 양식의 머리글과 다릅니다: {', '.join(HEADER)}",
                                   f"the first row of sheet '{SHEET}' is not the template's header: "
                                   f"{', '.join(HEADER_EN)}", sheet=SHEET, cell="A1", line=1))
    parsed: list[tuple[int, dict[str, Any]]] = []
    for line, raw in enumerate(rows[1:], start=2):
        row = tuple(raw) + (None,) * (len(HEADER) - len(raw))
        if all(_text(v) == "" for v in row[:len(HEADER)]):
            continue
        values = _row(line, row, problems)
        if values is not None:
            parsed.append((line, values))
    if not parsed and not problems:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "가져올 행이 없습니다", "there are no rows to import"))
    report = ImportReport(dry_run=dry_run)
    refs = []
    with transaction.atomic():
        for line, v in parsed:
            try:
                with transaction.atomic():
                    case = claim_submit(actor=actor, flow=flow, district=district, firm=v["firm"], worker=v["worker"],
                                        months=[(m, d) for m, d, _n in v["months"]], insured_until=v["insured_until"],
                                        channel=Case.Channel.IMPORT, applied_on=v["applied_on"])
            except ServiceError as exc:
                for p in exc.problems:
                    col = _cell_of(line, p.field, v["months"])
                    problems.append(_problem(line, col, p.message_ko, p.message_en, p.code))
                continue
            report.cases += 1
            report.months += len(v["months"])
            report.amount += case.amount_claimed or 0
            refs.append(case.reference)
        if problems:
            transaction.set_rollback(True)
        else:
            report.references = tuple(refs)
            audit_batch(actor=actor, object_type="cases.claim_import",
                        summary={"file": file_name[:200], "flow": flow.code, "district": district.code,
                                 **report.as_dict()}, reason="xlsx import")
            if dry_run:
                transaction.set_rollback(True)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.cell or ""))
        raise ServiceError(bounded_problems(problems))
    return report
