"""참여자 명단: participant lists districts and agencies send (xlsx or CSV, a template with Korean headers).

Every row is checked first and every problem named by row and column in Korean and English; then all rows become
persons (source "list") and benefit records (source "list", one `ListImport` batch), or none do. A resident number,
when the list gives one, is turned into the keyed hash at once (`core.rrn`) and never kept plain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_batch, audit_many, snapshot
from iljari.core.context import change_context
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.numbers import NumberParseError, parse_number
from iljari.core.rrn import parse_rrn, rrn_hash
from iljari.core.spreadsheets import (
    XlsxLimits,
    append_row,
    bounded_problems,
    csv_rows,
    looks_like_formula,
    open_xlsx,
    sheet_rows,
)
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

from .models import BenefitRecord, ListImport, Person
from .services import BENEFIT_FIELDS, PERSON_FIELDS, identity, months_touched

SHEET = "참여자"
HEADER = ["성명", "생년월일", "성별", "휴대전화", "주소", "주민등록번호(선택)", "사업명 또는 사업코드", "구분", "시작일",
          "종료일", "개월수(선택)", "지급액(원, 선택)"]
HEADER_EN = ["name", "birth date", "sex", "mobile phone", "address", "resident number (optional)",
             "program name or code", "kind", "start", "end", "months (optional)", "amount paid (won, optional)"]
KINDS = {"유급참여": BenefitRecord.Kind.PAID, "유급 참여": BenefitRecord.Kind.PAID, "지원금": BenefitRecord.Kind.SUBSIDY,
         "훈련": BenefitRecord.Kind.TRAINING, "서비스": BenefitRecord.Kind.SERVICE,
         **{k: k for k in BenefitRecord.Kind.values}}
SEXES = {"남": "M", "남자": "M", "M": "M", "여": "F", "여자": "F", "F": "F"}
MAX_ROWS = 20_000  # persons in one list (a district's list runs to a few thousand)
MAX_COLUMNS = 30
MAX_AMOUNT = 10**12  # won for one benefit: a trillion is a slip of the pen, 23 digits an attack
MAX_CELL = 300
MAX_CSV_BYTES = 20 * 1024 * 1024


@dataclass
class ListRow:
    line: int
    person: dict[str, Any]
    program: Program
    kind: str
    start: dt.date
    end: dt.date
    months: int
    amount: int | None


def template_workbook() -> bytes:
    """The template: the header, one example row marked as an example."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    append_row(ws, HEADER)
    append_row(ws, ["홍길동(예시)", "1970-01-01", "남", "010-0000-0000", "서울특별시 관악구 관악로 145", "",
                    "사업코드", "유급참여", "2024-03-01", "2024-07-31", "", 4_500_000])
    for i in range(1, len(HEADER) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 18
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(col: int, line: int) -> str:
    return f"{get_column_letter(col + 1)}{line}"


def _problem(cell: str, col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID, line: int | None = None
             ) -> Problem:
    """A problem of one cell: "3행 I3 (시작일): ..." / "row 3, I3 (start): ..."."""
    return Problem(code, f"{line}행 {cell} ({HEADER[col]}): {ko}", f"row {line}, {cell} ({HEADER_EN[col]}): {en}",
                   sheet=SHEET, cell=cell, line=line, field=HEADER_EN[col])


def _rows_xlsx(data: bytes) -> list[tuple[Any, ...]]:
    limits = XlsxLimits.from_settings(max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
    # formulas are read as written (data_only=False), so that a formula cell is refused, not taken for its value
    wb = open_xlsx(data, limits, data_only=False)
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        try:
            return list(sheet_rows(ws, limits))
        except ServiceError:
            raise
        except Exception:  # a broken sheet part
            raise ServiceError(Problem(ErrorCode.BAD_FILE, "엑셀(xlsx) 파일을 읽을 수 없습니다",
                                       "the xlsx workbook cannot be read")) from None
    finally:
        wb.close()


def _rows_csv(data: bytes) -> list[tuple[Any, ...]]:
    if len(data) > MAX_CSV_BYTES:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, "CSV 파일이 너무 큽니다 (20MB까지)", "the CSV file is too large (20 MB at most)"))
    for enc in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ServiceError(Problem(ErrorCode.BAD_FILE, "CSV 파일의 문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949로 저장하십시오)",
                                   "the CSV file's encoding is unknown (save it as UTF-8 or CP949)"))
    return csv_rows(text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


def read_rows(data: bytes, filename: str) -> list[tuple[Any, ...]]:
    """The rows of an uploaded list: xlsx by its zip signature, otherwise CSV."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return _rows_xlsx(data)
    return _rows_csv(data)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def check_rows(*, actor: Any, rows: list[tuple[Any, ...]], programs: dict[str, Program]
               ) -> tuple[list[ListRow], list[Problem]]:
    """Every row checked; every problem by row and column. `programs`: by code and by Korean name."""
    problems: list[Problem] = []
    if not rows or [_text(c) for c in rows[0][:len(HEADER)]] != HEADER:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER, f"첫 줄이 양식의 머리글과 다릅니다: {', '.join(HEADER)}",
                                   f"the first row is not the template's header: {', '.join(HEADER)}", line=1))
    out: list[ListRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for n, raw in enumerate(rows[1:], start=2):
        values = (list(raw) + [None] * len(HEADER))[:len(HEADER)]
        cells = [_text(c) for c in values]
        if not any(cells):
            continue
        bad = len(problems)

        def p(col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID, n: int = n) -> None:
            problems.append(_problem(_cell(col, n), col, ko, en, code, line=n))

        for col, text in enumerate(cells):
            if looks_like_formula(text):  # =HYPERLINK(...), +1+1, @SUM(...): never kept, never passed on
                p(col, "수식처럼 보이는 값은 받지 않습니다", "a value that looks like a formula is refused")
            elif len(text) > MAX_CELL:
                p(col, f"너무 깁니다 ({MAX_CELL}자까지)", f"too long ({MAX_CELL} characters at most)", ErrorCode.TOO_LONG)
        if len(problems) > bad:
            continue
        name, birth, sex, phone, address, rrn_text, program_text, kind_text, start_t, end_t, months_t, amount_t = cells
        if not name:
            p(0, "성명이 없습니다", "the name is missing", ErrorCode.REQUIRED)
        elif len(name) > 100:
            p(0, "성명이 너무 깁니다 (100자까지)", "the name is too long (100 characters at most)", ErrorCode.TOO_LONG)

        def date_of(col: int, value: Any, text: str, required: bool = True) -> dt.date | None:
            if not text:
                if required:
                    p(col, "날짜가 없습니다", "the date is missing", ErrorCode.REQUIRED)
                return None
            try:
                d = parse_date(value if isinstance(value, dt.date) else text)
            except DateParseError:
                p(col, f"날짜가 아닙니다: '{text[:20]}' (예: 2024-03-01)", f"not a date: '{text[:20]}' (e.g. 2024-03-01)",
                  ErrorCode.INVALID_DATE)
                return None
            if d is not None and not dt.date(1900, 1, 1) <= d <= dt.date(2100, 12, 31):
                p(col, f"1900~2100년의 날짜가 아닙니다: {d}", f"not a date between 1900 and 2100: {d}", ErrorCode.INVALID_DATE)
                return None
            return d

        birth_date = date_of(1, values[1], birth)
        if birth_date and birth_date > timezone.localdate():
            p(1, "생년월일이 미래입니다", "the birth date is in the future", ErrorCode.INVALID_DATE)
        if sex and sex not in SEXES:
            p(2, "성별은 남 또는 여입니다", "sex is 남 (M) or 여 (F)", ErrorCode.UNKNOWN_CHOICE)
        if len(phone) > 20:
            p(3, "휴대전화가 너무 깁니다 (20자까지)", "the phone is too long (20 characters at most)", ErrorCode.TOO_LONG)
        key = ""
        if rrn_text:
            try:
                parsed = parse_rrn(rrn_text)
                key = rrn_hash(parsed)
                if birth_date and parsed.birth_date != birth_date:
                    p(5, "생년월일이 주민등록번호와 다릅니다", "the birth date differs from the resident number")
            except ServiceError:
                p(5, "주민등록번호가 올바르지 않습니다 (숫자 13자리)", "not a valid resident registration number (13 digits)")
        program = programs.get(program_text) if program_text else None
        if not program_text:
            p(6, "사업이 없습니다", "the program is missing", ErrorCode.REQUIRED)
        elif program is None:
            p(6, f"알 수 없는 사업 '{program_text[:40]}' (사업코드 또는 사업명)",
              f"unknown program '{program_text[:40]}' (a program code or name)", ErrorCode.UNKNOWN_PROGRAM)
        kind = KINDS.get(kind_text.replace(" ", "")) if kind_text else None
        if not kind_text:
            p(7, "구분이 없습니다 (유급참여/지원금/훈련/서비스)", "the kind is missing (유급참여/지원금/훈련/서비스)",
              ErrorCode.REQUIRED)
        elif kind is None:
            p(7, f"구분은 유급참여/지원금/훈련/서비스 중 하나입니다: '{kind_text[:20]}'",
              f"the kind is one of 유급참여 (paid), 지원금 (subsidy), 훈련 (training), 서비스 (service): '{kind_text[:20]}'",
              ErrorCode.UNKNOWN_CHOICE)
        start = date_of(8, values[8], start_t)
        end = date_of(9, values[9], end_t)
        if start and end and end < start:
            p(9, f"종료일({end:%Y.%m.%d})이 시작일({start:%Y.%m.%d})보다 앞섭니다",
              f"the end ({end:%Y-%m-%d}) is before the start ({start:%Y-%m-%d})")

        def whole(col: int, text: str, hi: int) -> int | None:
            if not text:
                return None
            if len(text) > 30:
                p(col, "숫자가 너무 깁니다", "the number is too long", ErrorCode.OUT_OF_RANGE)
                return None
            try:
                v = parse_number(text)
            except NumberParseError:
                p(col, f"숫자가 아닙니다: '{text[:20]}'", f"not a number: '{text[:20]}'", ErrorCode.NOT_A_NUMBER)
                return None
            if v is None:
                return None
            if v != v.to_integral_value():
                p(col, f"정수가 아닙니다: '{text[:20]}'", f"not a whole number: '{text[:20]}'", ErrorCode.NOT_AN_INTEGER)
            elif v < 0:
                p(col, f"0 이상이어야 합니다: '{text[:20]}'", f"must be 0 or more: '{text[:20]}'",
                  ErrorCode.NEGATIVE_NOT_ALLOWED)
            elif v > hi:
                p(col, f"{hi:,} 이하여야 합니다: '{text[:25]}'", f"must be at most {hi:,}: '{text[:25]}'",
                  ErrorCode.OUT_OF_RANGE)
            else:
                return int(v)
            return None

        months = whole(10, months_t, 600)
        amount = whole(11, amount_t, MAX_AMOUNT)
        if start and end and end >= start and months is not None and months > months_touched(start, end):
            p(10, f"개월수({months})가 기간({months_touched(start, end)}개월)보다 깁니다",
              f"the months ({months}) exceed the period ({months_touched(start, end)} months)", ErrorCode.OUT_OF_RANGE)
        if len(problems) > bad:
            continue
        assert birth_date and program and kind and start and end
        dup = (name, str(birth_date), program.code, f"{start}{end}{kind}")
        if dup in seen:
            p(0, f"같은 사람·사업·기간이 {seen[dup]}행에도 있습니다", f"the same person, program and period is also on row "
              f"{seen[dup]}", ErrorCode.DUPLICATE_ROW)
            continue
        seen[dup] = n
        out.append(ListRow(n, identity(name=name, birth_date=birth_date, sex=SEXES.get(sex, ""), phone=phone,
                                       address=address, rrn_hash=key), program, kind, start, end,
                           months if months is not None else months_touched(start, end), amount))
    return out, problems


def _programs(org_unit: OrgUnit) -> dict[str, Program]:
    """The programs a unit's list may name, by code and by Korean name: the city's programs (owned outside every
    district: a district hands out a city subsidy or runs a city job), the programs of the unit's own district,
    and those it carries out for another owner. Another district's program is unknown to it."""
    from django.db.models import Q

    own_district = org_unit.district_id or (org_unit.pk if org_unit.kind == "district" else None)
    q = (Q(owner_org__district__isnull=True) | Q(owner_org__district_id=own_district)
         | Q(owner_org__path__startswith=org_unit.path) | Q(implementing_orgs__path__startswith=org_unit.path))
    progs = list(Program.objects.filter(pk__in=Program.objects.filter(q).values("pk")).only("pk", "code", "name_ko"))
    by_name: dict[str, Program] = {}
    for prog in progs:
        by_name.setdefault(prog.name_ko, prog)
    return by_name | {prog.code: prog for prog in progs}


class _DryRun(Exception):
    pass


def participant_list_import(*, actor: Any, org_unit: OrgUnit, data: bytes, filename: str, note: str = "",
                            dry_run: bool = False) -> dict[str, Any]:
    """Import a district's or agency's participant list for `org_unit`: all rows or none. Returns counts, the
    batch id (None on a dry run) and the new persons' ids; raises ServiceError naming every problem."""
    rows = read_rows(data, filename)
    checked, problems = check_rows(actor=actor, rows=rows, programs=_programs(org_unit))
    if problems:
        raise ServiceError(bounded_problems(problems))
    if not checked:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "명단에 참여자 행이 없습니다", "the list has no participant rows"))
    digest = hashlib.sha256(data).hexdigest()
    out: dict[str, Any] = {"rows": len(checked), "persons": len(checked), "benefits": len(checked), "batch": None,
                           "person_ids": [], "amount": sum(r.amount or 0 for r in checked),
                           "preview": checked[:20]}
    try:
        with transaction.atomic(), change_context("import"):
            named = {r.program.pk for r in checked}
            batch = ListImport.objects.create(org_unit=org_unit, program=checked[0].program if len(named) == 1 else None, filename=(filename or "명단")[:200],
                                              sha256=digest, rows=len(checked), persons_created=len(checked),
                                              uploaded_by=actor if getattr(actor, "pk", None) else None)
            persons = [Person(source=Person.Source.LIST, source_ref=f"list:{batch.pk}:row:{r.line}",
                              district=org_unit if org_unit.kind == "district" else None,
                              **{k: v for k, v in r.person.items() if k != "district"}) for r in checked]
            Person.objects.bulk_create(persons, batch_size=1000)
            if any(x.pk is None for x in persons):
                got = dict(Person.objects.filter(source=Person.Source.LIST, source_ref__startswith=f"list:{batch.pk}:")
                           .values_list("source_ref", "pk"))
                for x in persons:
                    x.pk = got[x.source_ref]
            records = [BenefitRecord(person=x, program=r.program, program_name=r.program.name_ko, org_unit=org_unit,
                                     kind=r.kind, start=r.start, end=r.end, months=r.months, amount=r.amount,
                                     source=BenefitRecord.Source.LIST, source_ref=f"list:{batch.pk}:row:{r.line}",
                                     batch=batch) for r, x in zip(checked, persons, strict=True)]
            BenefitRecord.objects.bulk_create(records, batch_size=1000)
            audit_many(actor=actor, object_type="people.person", rows=[
                {"action": AuditEntry.Action.CREATE, "object_id": x.pk, "object_repr": f"사람 #{x.pk}", "before": None,
                 "after": snapshot(x, fields=[f for f in PERSON_FIELDS if f != "rrn_hash"] + ["source", "source_ref"])}
                for x in persons])
            audit_batch(actor=actor, object_type="people.listimport",
                        summary={"file": batch.filename, "batch": batch.pk, "org_unit": org_unit.code,
                                 "rows": len(checked), "sha256": digest, "note": note[:200],
                                 "fields": BENEFIT_FIELDS},
                        reason="참여자 명단 반입 / participant list imported")
            out["batch"] = batch.pk
            out["person_ids"] = [x.pk for x in persons]
            if dry_run:
                raise _DryRun
            person_ids = list(out["person_ids"])
            # robust: a failing check is logged, never undoes nor hides the import that committed
            transaction.on_commit(lambda: check_new_persons_if_any(person_ids), robust=True)
    except _DryRun:
        out["batch"], out["person_ids"] = None, []
    return out


def check_new_persons_if_any(person_ids: list[int]) -> bool:
    """Hand the new persons to the incremental linkage check (`people.linkage.service.check_new_persons`)."""
    from iljari.people.linkage.service import check_new_persons

    check_new_persons(person_ids)
    return True
