"""Applicants from an xlsx (신청자 일괄 등록): every row checked first, every problem named by sheet, cell and reason in
Korean and English; then all rows or none."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.core.numbers import NumberParseError, parse_number
from iljari.core.spreadsheets import XlsxLimits, append_row, bounded_problems, open_xlsx, sheet_rows
from iljari.orgs.models import OrgUnit

from .models import Applicant, Application, RecruitmentRound
from .rrn import parse_rrn, rrn_hash

HEADER = ["성명", "주민등록번호", "휴대전화", "자치구", "주소", "가구원 수", "가구 월소득(원)", "재산(원)", "취업 상태", "해당 사항"]
SHEET = "신청자"
MAX_ROWS = 20_000  # applicants in one file (a round takes hundreds)
MAX_COLUMNS = 50
_NAME_MAX, _PHONE_MAX, _ADDRESS_MAX = (Applicant._meta.get_field(f).max_length or 0  # type: ignore[union-attr]
                                       for f in ("name", "phone", "address"))
_EMPLOYMENT = {label: value for value, label in Applicant.Employment.choices} | {v: v for v in Applicant.Employment.values}
_STATUS = {label: key for key, label in Applicant.STATUSES.items()} | {k: k for k in Applicant.STATUSES}


def template_workbook(rnd: RecruitmentRound) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    append_row(ws, HEADER)
    append_row(ws, ["홍길동", "700101-1234567", "010-0000-0000", "관악구", "", 1, 0, 0, "실업", "장애인, 한부모가정"])
    for i in range(1, len(HEADER) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _problem(cell: str, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> Problem:
    return Problem(code, f"Sheet '{SHEET}', {cell}: {ko}", f"Sheet '{SHEET}', {cell}: {en}", sheet=SHEET, cell=cell)


def applicants_import(*, actor: Any, round: RecruitmentRound, data: bytes, dry_run: bool = False) -> dict[str, int]:
    from .services import application_apply

    limits = XlsxLimits.from_settings(max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
    wb = open_xlsx(data, limits)  # zip checked before it is opened; refuses a broken or non-xlsx file
    try:
        if SHEET not in wb.sheetnames:
            names = ", ".join(wb.sheetnames[:20])
            raise ServiceError(Problem(ErrorCode.BAD_HEADER, f"'{SHEET}' 시트가 없습니다 (있는 시트: {names})",
                                       f"no sheet '{SHEET}' (found: {names})"))
        try:
            rows = list(sheet_rows(wb[SHEET], limits))
        except ServiceError:
            raise
        except Exception:  # a broken sheet part
            raise ServiceError(Problem(ErrorCode.BAD_FILE, "엑셀(xlsx) 파일이 아닙니다", "not an xlsx workbook")) from None
    finally:
        wb.close()
    if not rows or [str(c or "").strip() for c in rows[0][:len(HEADER)]] != HEADER:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER, f"첫 줄이 양식의 머리글과 다릅니다: {', '.join(HEADER)}",
                                   f"the first row is not the template's header: {', '.join(HEADER)}", line=1))
    districts = {o.name_ko: o.code for o in OrgUnit.objects.filter(kind="district")} | \
        {o.code: o.code for o in OrgUnit.objects.filter(kind="district")}
    problems: list[Problem] = []
    parsed: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        cells = [("" if c is None else str(c).strip()) for c in (list(row) + [None] * len(HEADER))[:len(HEADER)]]
        if not any(cells):
            continue
        bad = len(problems)
        name, rrn_text, phone, district, address, size, income, prop, employment, statuses = cells
        if not name:
            problems.append(_problem(f"A{n}", "성명이 없습니다", "the name is missing", ErrorCode.REQUIRED))
        for col, limit, text in (("A", _NAME_MAX, name), ("C", _PHONE_MAX, phone), ("E", _ADDRESS_MAX, address)):
            if len(text) > limit:
                problems.append(_problem(f"{col}{n}", f"너무 깁니다 ({limit:,}자까지)",
                                         f"too long ({limit:,} characters at most)"))
        try:
            key = rrn_hash(parse_rrn(rrn_text))
            if key in seen:
                problems.append(_problem(f"B{n}", f"같은 주민등록번호가 {seen[key]}행에도 있습니다",
                                         f"the same number is also on row {seen[key]}", ErrorCode.DUPLICATE_ROW))
            seen.setdefault(key, n)
        except ServiceError as exc:
            problems.append(_problem(f"B{n}", exc.problems[0].message_ko, exc.problems[0].message_en))
        if district and district not in districts:
            problems.append(_problem(f"D{n}", f"알 수 없는 자치구 '{district}'", f"unknown district '{district}'",
                                     ErrorCode.UNKNOWN_ORG_UNIT))
        numbers = {}
        for col, key_, text, default in (("F", "household_size", size, 1), ("G", "household_income", income, 0),
                                         ("H", "property_value", prop, 0)):
            try:
                v = parse_number(text) if text else None
            except NumberParseError:
                problems.append(_problem(f"{col}{n}", f"숫자가 아닙니다: '{text}'", f"not a number: '{text}'",
                                         ErrorCode.NOT_A_NUMBER))
                continue
            if v is not None and (v < 0 or v != v.to_integral_value()):
                problems.append(_problem(f"{col}{n}", f"0 이상의 정수가 아닙니다: '{text}'",
                                         f"not a whole number of 0 or more: '{text}'"))
                continue
            numbers[key_] = int(v) if v is not None else default
        if employment and employment not in _EMPLOYMENT:
            problems.append(_problem(f"I{n}", f"취업 상태는 {', '.join(Applicant.Employment.labels)} 중 하나입니다",
                                     f"employment is one of {', '.join(Applicant.Employment.values)}",
                                     ErrorCode.UNKNOWN_CODE))
        status_list = [s.strip() for s in statuses.replace("·", ",").split(",") if s.strip()]
        unknown = [s for s in status_list if s not in _STATUS]
        if unknown:
            problems.append(_problem(f"J{n}", f"알 수 없는 해당 사항: {', '.join(unknown)}",
                                     f"unknown status: {', '.join(unknown)}", ErrorCode.UNKNOWN_CODE))
        if len(problems) == bad:
            parsed.append((rrn_text, {"name": name, "phone": phone, "district": districts.get(district, ""),
                                      "address": address, **numbers,
                                      "employment": _EMPLOYMENT.get(employment, "unemployed"),
                                      "statuses": [_STATUS[s] for s in status_list]}))
    if problems:
        raise ServiceError(bounded_problems(problems))
    out = {"rows": len(parsed), "applicants_new": 0, "applications": 0}
    try:
        with transaction.atomic(), change_context("import"):
            for rrn_text, data_ in parsed:
                existed = Applicant.objects.filter(rrn_hash=rrn_hash(parse_rrn(rrn_text))).exists()
                # a registered person is never changed by a row: what the row states stays with its application
                application_apply(actor=actor, round=round, rrn=rrn_text, data=data_,
                                  channel=Application.Channel.IMPORT, on=round.apply_to)
                out["applicants_new"] += 0 if existed else 1
                out["applications"] += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ConflictError as exc:
        raise ServiceError([_problem("-", f"{p.message_ko} (아무것도 등록하지 않았습니다)",
                                     f"{p.message_en} (nothing was imported)", p.code) for p in exc.problems]) from None
    return out


class _DryRun(Exception):
    pass
