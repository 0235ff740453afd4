"""Monthly workbooks: the template an office fills in (xlsx) and reading it back, all-or-nothing.

Template (one sheet '실적', A4 landscape): a title row, a period line (기간 / 기준일 / 조직), the units row
(개 / 원·천원·백만원), the header row, then one row per program of the unit with the key columns locked
(사업코드, 사업명, 조직코드) and last month's values beside this month's fields. Codes have drop-down lists.

Reading accepts what offices really send back: the template as filled (cached values of formulas, merged
header cells, hidden sheets skipped, trailing empty rows), amounts with separators, full-width digits, `△` or
parenthesised negatives, `-` for none, a different money unit in the units row. Every problem names its
sheet and cell, in Korean and English, all of them at once.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.korean import josa
from iljari.core.labels import one_language
from iljari.core.numbers import NumberParseError, parse_number
from iljari.core.periods import Period, month_end
from iljari.core.spreadsheets import XlsxLimits, append_row, bounded_problems, merged_ranges, open_xlsx, sheet_rows
from iljari.ledger.models import Fact
from iljari.ledger.services import FactInput
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program

SHEET = "실적"
UNIT_DIVISORS = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}
# Column header -> (measure code, kind of unit): the wide layout of the template.
VALUE_COLUMNS = [
    ("목표", "job_target", "count"),
    ("실적(누계)", "job_result", "count"),
    ("예산현액", "budget", "money"),
    ("원인행위액(누계)", "commitment", "money"),
    ("지출액(누계)", "expenditure", "money"),
]
KEY_COLUMNS = ["사업코드", "사업명", "조직코드", "재원"]
INFO_COLUMNS = ["전월 실적", "전월 지출액"]
HEADER_ALIASES = {
    "사업코드": "사업코드", "programcode": "사업코드", "program": "사업코드", "코드": "사업코드",
    "사업명": "사업명", "name": "사업명",
    "조직코드": "조직코드", "org_unit": "조직코드", "orgunit": "조직코드", "조직": "조직코드",
    "재원": "재원", "funding_source": "재원", "source": "재원",
    "목표": "목표", "목표(개)": "목표", "target": "목표",
    "실적(누계)": "실적(누계)", "실적": "실적(누계)", "누계실적": "실적(누계)", "result": "실적(누계)",
    "예산현액": "예산현액", "예산": "예산현액", "budget": "예산현액",
    "원인행위액(누계)": "원인행위액(누계)", "원인행위액": "원인행위액(누계)", "commitment": "원인행위액(누계)",
    "지출액(누계)": "지출액(누계)", "지출액": "지출액(누계)", "집행액": "지출액(누계)", "expenditure": "지출액(누계)",
    "전월실적": "전월 실적", "전월지출액": "전월 지출액",
}
MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 200


def _norm(text: Any) -> str:
    return "".join(str(text or "").split()).lower()


def _header_key(text: Any) -> str | None:
    t = _norm(text)
    for alias, key in HEADER_ALIASES.items():
        if _norm(alias) == t:
            return key
    return None


# ---------------------------------------------------------------- template

def template_workbook(*, unit: OrgUnit, year: int, month: int, money_unit: str = "원") -> bytes:
    """The month's entry workbook for one unit, prefilled with its programs and last month's values."""
    if money_unit not in UNIT_DIVISORS:
        raise ValueError(money_unit)
    period, prev = Period(year, "M", month), (Period(year - 1, "M", 12) if month == 1 else Period(year, "M", month - 1))
    programs = list(Program.objects.filter(owner_org=unit).exclude(status="abolished").order_by("code")
                    | Program.objects.filter(implementing_orgs=unit).exclude(status="abolished").order_by("code"))
    programs = sorted({p.pk: p for p in programs}.values(), key=lambda p: p.code)
    measures = {m.code: m for m in Measure.objects.filter(code__in=[c for _, c, _ in VALUE_COLUMNS])}
    total = Code.objects.get(list="funding_source", code="total")
    latest: dict[tuple[int, str, str], int] = {}
    for f in (Fact.objects.filter(org_unit=unit, program__in=programs, funding_source=total,
                                  period__in=[period.id, prev.id, str(year)])
              .select_related("measure").order_by("id")):
        latest[(f.program_id, f.measure.code, f.period)] = f.value
    divisor = UNIT_DIVISORS[money_unit]

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    headers = [*KEY_COLUMNS, *(h for h, _, _ in VALUE_COLUMNS), *INFO_COLUMNS]
    append_row(ws, [f"{year}년 {month}월 일자리 사업 실적 ({unit.name_ko})"])
    append_row(ws, [f"기간: {period.id}", f"기준일: {month_end(year, month).isoformat()}", f"조직: {unit.code}"])
    units_row = ["", "", "", "", *("개" if kind == "count" else money_unit for _, _, kind in VALUE_COLUMNS),
                 "개", money_unit]
    append_row(ws, ["(단위)", *units_row[1:]])
    append_row(ws, headers)
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    for c in ws[4]:
        c.font = Font(bold=True)
        c.fill = head_fill
        c.alignment = Alignment(horizontal="center", wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)
    for p in programs:
        row: list[Any] = [p.code, p.name_ko, unit.code, "total"]
        for _h, code, kind in VALUE_COLUMNS:
            stock = measures[code].aggregation == "stock"
            v = latest.get((p.pk, code, str(year) if stock else period.id))
            row.append(None if v is None else (v if kind == "count" else Decimal(v) / divisor))
        prev_result = latest.get((p.pk, "job_result", prev.id))
        prev_exp = latest.get((p.pk, "expenditure", prev.id))
        row += [prev_result, None if prev_exp is None else Decimal(prev_exp) / divisor]
        append_row(ws, row)
    last = ws.max_row
    # Keys and information locked; the value columns open. The sheet is protected without a password: it
    # guards against slips, not against a determined user (the reader checks the keys anyway).
    for r in range(5, last + 1):
        for col in range(1, len(headers) + 1):
            cell = ws.cell(row=r, column=col)
            value_col = len(KEY_COLUMNS) < col <= len(KEY_COLUMNS) + len(VALUE_COLUMNS)
            cell.protection = Protection(locked=not value_col)
            if not value_col:
                cell.fill = locked_fill
            if col > 4:
                cell.number_format = "#,##0;[Red]△#,##0"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    dv = DataValidation(type="list", formula1='"total,national,city,district,other"', allow_blank=False)
    dv.error, dv.errorTitle = "재원 코드 중에서 고르십시오", "재원"
    ws.add_data_validation(dv)
    if last >= 5:
        dv.add(f"D5:D{last}")
    widths = [16, 36, 16, 10, 12, 12, 16, 16, 16, 12, 16]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "E5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- reading

@dataclass
class WorkbookRead:
    items: list[FactInput] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    sheet: str = SHEET
    # Each item's `line` is its position in `items` (1-based); `where` gives its sheet row and cell.
    where: dict[int, tuple[int, str]] = field(default_factory=dict)


def _problem(code: ErrorCode, ko: str, en: str, sheet: str, cell: str, row: int | None = None,
             field_name: str | None = None) -> Problem:
    """A problem that names its place: "'실적' 시트 F5 칸: …" / "Sheet '실적', F5: …" (a whole row: "3행")."""
    place_ko = f"{row}행" if cell.startswith("row ") and row else f"{cell} 칸"
    return Problem(code, f"'{sheet}' 시트 {place_ko}: {ko}", f"Sheet '{sheet}', {cell}: {en}", field=field_name,
                   line=row, sheet=sheet, cell=cell)


def _cell_number(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberParseError(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberParseError(str(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        raise NumberParseError(str(value))
    return parse_number(str(value))


_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')


def _formulas_without_values(data: bytes, title: str) -> set[str]:
    """Cells of sheet `title` holding a formula whose computed value was never saved (a tool that does not
    calculate wrote the file): reading them as blank would silently drop a value."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            rid = None
            for m in re.finditer(r'<sheet\b[^>]*>', book):
                tag = m.group(0)
                name = re.search(r'name="([^"]*)"', tag)
                if name and html.unescape(name.group(1)) == title:
                    found = re.search(r'r:id="([^"]*)"', tag)
                    rid = found.group(1) if found else None
            if rid is None:
                return set()
            target = None
            for m in re.finditer(r'<Relationship\b[^>]*>', rels):
                if f'Id="{rid}"' in m.group(0):
                    t = re.search(r'Target="([^"]*)"', m.group(0))
                    target = t.group(1) if t else None
            if target is None:
                return set()
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            return {c.decode() for c in _FORMULA_NO_VALUE.findall(z.read(path))}
    except (KeyError, zipfile.BadZipFile, OSError):
        return set()


def read_workbook(data: bytes, *, as_of: dt.date | None = None) -> WorkbookRead:
    """Facts from a filled template; raises ServiceError for an unreadable file, else returns every problem."""
    from openpyxl.utils.cell import range_boundaries

    limits = XlsxLimits.from_settings(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    wb = open_xlsx(data, limits)
    try:
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        ws = next((w for w in visible if w.title.strip() == SHEET), None) or (visible[0] if visible else None)
        if ws is None:
            raise ServiceError(Problem(ErrorCode.BAD_FILE, "보이는 시트가 없습니다", "the workbook has no visible sheet"))
        try:
            grid = list(sheet_rows(ws, limits))
        except ServiceError:
            raise
        except Exception as exc:  # a broken sheet part
            raise ServiceError(Problem(ErrorCode.BAD_FILE, f"엑셀 파일을 열 수 없습니다: {type(exc).__name__}",
                                       f"the workbook cannot be opened: {type(exc).__name__}")) from None
        merged_refs = merged_ranges(data, ws)
        title = ws.title
    finally:
        wb.close()
    while grid and not grid[-1]:
        grid.pop()
    out = WorkbookRead(sheet=title)
    n_rows = len(grid)
    n_cols = max((len(r) for r in grid), default=0)
    # Merged header cells: every cell of a merged range reads the value of its top-left cell.
    merged: dict[tuple[int, int], Any] = {}

    def raw_value(r: int, c: int) -> Any:
        row = grid[r - 1] if 0 < r <= n_rows else ()
        return row[c - 1] if 0 < c <= len(row) else None

    for ref in merged_refs:
        min_col, min_row, max_col_, max_row_ = range_boundaries(ref)
        if (max_row_ - min_row + 1) * (max_col_ - min_col + 1) > 10_000:
            continue  # a merged block that large is no header
        top = raw_value(min_row, min_col)
        for r in range(min_row, max_row_ + 1):
            for c in range(min_col, max_col_ + 1):
                merged[(r, c)] = top

    def value(r: int, c: int) -> Any:
        return merged.get((r, c), raw_value(r, c))

    # Period and as-of date from the period line (any of the first 6 rows), the header row by its names.
    period: Period | None = None
    sheet_as_of: dt.date | None = None
    header_row = None
    max_col = min(n_cols, 60)
    for r in range(1, min(n_rows, 12) + 1):
        texts = [str(value(r, c) or "") for c in range(1, max_col + 1)]
        for t in texts:
            t2 = t.replace(" ", "")
            if t2.startswith("기간:"):
                try:
                    period = Period.parse(t2[3:])
                except Exception:
                    out.problems.append(_problem(ErrorCode.UNKNOWN_PERIOD, f"기간을 읽을 수 없습니다: {t}",
                                                 f"unknown period: {t}", title, f"row {r}", r))
            elif t2.startswith("기준일:"):
                try:
                    sheet_as_of = parse_date(t2[4:])
                except DateParseError:
                    out.problems.append(_problem(ErrorCode.INVALID_DATE, f"기준일을 읽을 수 없습니다: {t}",
                                                 f"unknown as-of date: {t}", title, f"row {r}", r))
        keys = [_header_key(t) for t in texts]
        if "사업코드" in keys and any(k in keys for k, _, _ in VALUE_COLUMNS):
            header_row = r
            columns = {k: i + 1 for i, k in enumerate(keys) if k}
            break
    if header_row is None:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER,
                                   f"Sheet '{title}': 머리글 행(사업코드, 목표/실적 등)을 찾을 수 없습니다",
                                   f"Sheet '{title}': no header row (사업코드 and value columns) found",
                                   sheet=title))
    if period is None:
        out.problems.append(_problem(ErrorCode.UNKNOWN_PERIOD, "'기간: 2021-05' 같은 기간 줄이 없습니다",
                                     "no period line such as '기간: 2021-05'", title, "row 2", 2))
        return out
    as_of = as_of or sheet_as_of or month_end(period.year, period.index if period.kind == "M" else 12)
    # The units row: the row just above the header, or a '(단위)' row.
    divisors: dict[int, int] = {}
    for r in range(max(1, header_row - 2), header_row):
        for c in range(1, max_col + 1):
            t = _norm(value(r, c)).strip("()")
            if t in UNIT_DIVISORS:
                divisors[c] = UNIT_DIVISORS[t]
    for ref in sorted(_formulas_without_values(data, title)):
        r = int(re.sub(r"[A-Z]", "", ref))
        if r > header_row:
            out.problems.append(_problem(ErrorCode.INVALID,
                                         "수식의 계산된 값이 파일에 없습니다. 엑셀에서 열어 저장한 뒤 다시 올리십시오",
                                         "the formula has no saved value; open and save the file in Excel, then "
                                         "upload it again", title, ref, r))
    programs = {p.code: p for p in Program.objects.all()}
    orgs = {o.code: o for o in OrgUnit.objects.all()}
    measures = {m.code: m for m in Measure.objects.all()}
    sources = {c.code: c for c in Code.objects.filter(list="funding_source")}
    sources.update({c.label_ko: c for c in sources.values()})
    seen: set[tuple] = set()
    for r in range(header_row + 1, max(n_rows, header_row) + 1):
        row_values = [value(r, c) for c in range(1, max_col + 1)]
        if not any(v not in (None, "") for v in row_values):
            continue  # empty rows anywhere, trailing ones included
        out.rows += 1
        code_cell = f"{get_column_letter(columns['사업코드'])}{r}"
        pcode = str(value(r, columns["사업코드"]) or "").strip()
        prog = programs.get(pcode)
        if prog is None:
            out.problems.append(_problem(ErrorCode.UNKNOWN_PROGRAM, f"알 수 없는 사업코드 '{pcode}'",
                                         f"unknown program code '{pcode}'", title, code_cell, r, "사업코드"))
            continue
        org = None
        if "조직코드" in columns:
            ocode = str(value(r, columns["조직코드"]) or "").strip()
            org = orgs.get(ocode)
            if org is None:
                out.problems.append(_problem(ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 조직코드 '{ocode}'",
                                             f"unknown org unit code '{ocode}'", title,
                                             f"{get_column_letter(columns['조직코드'])}{r}", r, "조직코드"))
                continue
        else:
            org = prog.owner_org
        scode = str(value(r, columns["재원"]) or "total").strip() if "재원" in columns else "total"
        source = sources.get(scode)
        if source is None:
            out.problems.append(_problem(ErrorCode.UNKNOWN_FUNDING_SOURCE, f"알 수 없는 재원 '{scode}'",
                                         f"unknown funding source '{scode}'", title,
                                         f"{get_column_letter(columns['재원'])}{r}", r, "재원"))
            continue
        for header, mcode, kind in VALUE_COLUMNS:
            col = columns.get(header)
            if col is None:
                continue
            raw = value(r, col)
            cell = f"{get_column_letter(col)}{r}"
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                number = _cell_number(raw)
            except NumberParseError:
                out.problems.append(_problem(ErrorCode.NOT_A_NUMBER, f"숫자가 아닙니다 ({raw!s:.40})",
                                             f"not a number ({raw!s:.40})", title, cell, r, header))
                continue
            if number is None:
                continue  # '-' = none
            won = number * (divisors.get(col, 1) if kind == "money" else 1)
            if won != won.to_integral_value():
                out.problems.append(_problem(ErrorCode.NOT_AN_INTEGER,
                                             "정수가 아닙니다 (원 단위 또는 개수는 소수일 수 없습니다)",
                                             "not a whole number (won and counts have no fractions)",
                                             title, cell, r, header))
                continue
            if abs(won) >= 10**17:
                out.problems.append(_problem(ErrorCode.INVALID, "값이 너무 큽니다", "the value is too large",
                                             title, cell, r, header))
                continue
            measure = measures[mcode]
            p = Period(period.year, "Y", 1) if measure.aggregation == "stock" else period
            fi = FactInput(program=prog, org_unit=org, measure=measure, funding_source=source, period=p,
                           value=int(won), as_of=as_of, line=len(out.items) + 1)
            if fi.key in seen:
                out.problems.append(_problem(ErrorCode.DUPLICATE_ROW, "같은 사업·조직·재원의 행이 두 번 있습니다",
                                             "the same program, unit and source appear twice", title, cell,
                                             r, header))
                continue
            seen.add(fi.key)
            out.where[len(out.items) + 1] = (r, cell)
            out.items.append(fi)
    return out


# ---------------------------------------------------------------- import

@dataclass
class DiffRow:
    """What an upload does to one value: new, changed (old -> new) or unchanged; codes for files and the API,
    names and the measure's unit for people."""

    cell: str
    program: str
    org_unit: str
    measure: str
    period: str
    old: int | None
    new: int
    status: str  # new / changed / unchanged
    program_name: str = ""
    org_unit_name: str = ""
    measure_name: str = ""
    unit: str = ""  # the measure's unit: 원, 개, 명 …
    program_name_en: str = ""
    org_unit_name_en: str = ""
    measure_name_en: str = ""

    STATUS_LABELS = {"new": "신규 / new", "changed": "변경 / changed", "unchanged": "동일 / unchanged"}

    def status_label(self, language: str | None = "ko") -> str:
        return one_language(self.STATUS_LABELS.get(self.status, self.status), language)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def texts(self, language: str | None = "ko") -> dict[str, str]:
        """The row as a preview shows it: names, the period in words, amounts with separators and units."""
        from iljari.audit.describe import with_unit

        en = (language or "ko").startswith("en")
        return {"program": (self.program_name_en if en else "") or self.program_name or self.program,
                "org_unit": (self.org_unit_name_en if en else "") or self.org_unit_name or self.org_unit,
                "measure": (self.measure_name_en if en else "") or self.measure_name or self.measure,
                "period": Period.parse(self.period).label(language), "old": with_unit(self.old, self.unit, language),
                "new": with_unit(self.new, self.unit, language), "status": self.status_label(language)}


@dataclass
class WorkbookReport:
    rows: int
    dry_run: bool
    diff: list[DiffRow]
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "dry_run": self.dry_run, "created": self.created, "changed": self.changed,
                "unchanged": self.unchanged, "warnings": [w.as_dict() for w in self.warnings],
                "diff": [d.as_dict() for d in self.diff]}

    @property
    def changes(self) -> list[DiffRow]:
        """Only the values the upload changes (new or changed): what a preview lists."""
        return [d for d in self.diff if d.status != "unchanged"]


def workbook_import(*, actor: Any, data: bytes, dry_run: bool = False, file_name: str = "", reason: str = "",
                    strict: bool = False) -> WorkbookReport:
    """Validate a filled workbook and record it all-or-nothing; a dry run only reports the differences.

    The actor must be allowed to record each value (targets and budgets need the portfolio office); the same
    file twice changes nothing the second time.
    """
    import hashlib

    from iljari.access import policy
    from iljari.core.context import change_context
    from iljari.ledger.services import _latest_versions, check_items, facts_record

    read = read_workbook(data)
    problems = list(read.problems)
    # Every row is checked against the uploader's rights before anything about the stored values is said: a row
    # of a unit the uploader may not record for is refused even when it equals the value in force (else the
    # preview would tell them another unit's figures). A value equal to the one in force is not a change (the
    # template carries the current targets back): it needs the right to record for the unit, not to set targets.
    latest = _latest_versions(fi.key for fi in read.items)
    diff, changing = [], []
    for fi in read.items:
        row, cell = read.where[fi.line or 0]
        prev = latest.get(fi.key)
        status = "new" if prev is None else ("unchanged" if prev.value == fi.value else "changed")
        action = "change_targets" if status != "unchanged" and fi.measure.kind in ("target", "budget") else "record"
        if not policy.can(actor, action, fi.org_unit):
            problems.append(_problem(ErrorCode.PERMISSION_DENIED,
                                     f"{fi.org_unit.name_ko}의 {josa(fi.measure.name_ko, '을')} 입력할 권한이 없습니다",
                                     f"you may not record {fi.measure.name_en or fi.measure.code} for "
                                     f"{fi.org_unit.code}", read.sheet, cell, row))
            continue
        diff.append(DiffRow(cell, fi.program.code, fi.org_unit.code, fi.measure.code, fi.period.id,
                            None if prev is None else prev.value, fi.value, status, fi.program.name_ko,
                            fi.org_unit.name_ko, fi.measure.name_ko, one_language(fi.measure.get_unit_display()),
                            fi.program.name_en, fi.org_unit.name_en, fi.measure.name_en))
        if status != "unchanged":
            changing.append(fi)
    for p in check_items(changing):
        row, cell = read.where.get(p.line or 0, (0, "?"))
        problems.append(_problem(p.code, p.message_ko, p.message_en, read.sheet, cell, row))
    if problems:
        raise ServiceError(bounded_problems(sorted(problems, key=lambda p: (p.line or 0, p.cell or ""))))
    report = WorkbookReport(rows=read.rows, dry_run=dry_run, diff=diff)
    report.created = sum(d.status == "new" for d in diff)
    report.changed = sum(d.status == "changed" for d in diff)
    report.unchanged = sum(d.status == "unchanged" for d in diff)
    if dry_run:
        return report
    with change_context("import"):
        out = facts_record(actor=actor, items=changing, reason=reason or f"엑셀 업로드 {file_name}".strip(),
                           strict=strict, prechecked=True,
                           summary={"file": file_name, "sha256": hashlib.sha256(data).hexdigest(),
                                    "sheet": read.sheet, "rows": read.rows, "unchanged": report.unchanged})
    report.created, report.changed = out.created, out.changed
    report.unchanged += out.unchanged
    report.warnings = out.warnings
    return report
