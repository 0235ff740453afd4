"""Import cafés (and suit branches) and suit stock from one xlsx workbook, all or nothing (slice "accounts").

Sheets (the template: `template_workbook()`):
- "카페": 코드, 이름, 운영 주체 유형, 운영기관 코드, 자치구, 주소, 입지, 광역, 월 … 일 (hours "09:00-18:00",
  empty or "휴무" closed). A row is created or brought up to date by its code; its weekly hours are replaced.
  입지 "대여점" (shop) makes the row a suit branch; any other a job café. The operator must exist (officers'
  operators page) and be of the kind the row says.
- "정장 재고": 운영기관 코드, 지점 코드, 태그, 품목, 성별, 사이즈, 색상. A piece is created or brought up to date
  by (operator, tag); its branch is a suit branch of that operator, in the database or on the "카페" sheet.

Read through `core.spreadsheets` (zip-bomb checks, bounded rows and columns, formulas refused). Every problem is
named with its sheet and cell, in Korean and English; one problem and nothing is saved. `dry_run` checks and
counts, then rolls back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from iljari.access import policy
from iljari.audit.services import audit_batch
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.spreadsheets import XlsxLimits, append_row, bounded_problems, looks_like_formula, open_xlsx, sheet_rows
from iljari.orgs.models import OrgUnit

from .models import OpeningHours, Operator, Place, SuitItem

CAFES = "카페"
STOCK = "정장 재고"
DAYS = ["월", "화", "수", "목", "금", "토", "일"]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CAFE_HEADER = ["코드", "이름", "운영 주체 유형", "운영기관 코드", "자치구", "주소", "입지", "광역", *DAYS]
CAFE_HEADER_EN = ["code", "name", "kind of operator", "operator code", "district", "address", "setting", "regional",
                  *DAYS_EN]
STOCK_HEADER = ["운영기관 코드", "지점 코드", "태그", "품목", "성별", "사이즈", "색상"]
STOCK_HEADER_EN = ["operator code", "branch code", "tag", "item", "cut", "size", "colour"]
MAX_ROWS = 20_000
HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-~–]\s*(\d{1,2}):(\d{2})\s*$")
CLOSED_WORDS = {"", "휴무", "휴관", "closed", "-"}
YES = {"y", "yes", "예", "o", "○", "광역", "true", "1"}
NO = {"", "n", "no", "아니오", "x", "false", "0", "-"}


@dataclass
class ImportReport:
    dry_run: bool
    places_created: int = 0
    places_changed: int = 0
    places_unchanged: int = 0
    items_created: int = 0
    items_changed: int = 0
    items_unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return (self.places_created + self.places_changed + self.places_unchanged + self.items_created
                + self.items_changed + self.items_unchanged)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("dry_run", "places_created", "places_changed", "places_unchanged",
                                              "items_created", "items_changed", "items_unchanged")}


def _labels(choices: Any) -> dict[str, str]:
    """Every way a value may be written: its code, its Korean and its English label (case-insensitive)."""
    out: dict[str, str] = {}
    for value, label in choices:
        out[value.lower()] = value
        for part in str(label).split(" / "):
            out[part.strip().lower()] = value
    return out


OPERATOR_KINDS = _labels(Operator.Kind.choices)
SETTINGS = _labels(Place.Setting.choices)
ITEMS = _labels(SuitItem.Item.choices)
CUTS = {**_labels(SuitItem.Cut.choices), "남": "men", "남성": "men", "여": "women", "여성": "women"}


def template_workbook() -> bytes:
    """The workbook to fill: both sheets' headers and one example row each (marked as an example)."""
    wb = Workbook()
    ws = wb.active
    ws.title = CAFES
    append_row(ws, CAFE_HEADER)
    append_row(ws, ["CAFE-EXAMPLE", "청년일자리카페 예시점(예시)", "구 직영", "OP-GWANAK", "관악구", "서울 관악구 관악로 1",
                    "청년공간", "N", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "휴무",
                    "휴무"])
    for i in range(1, len(CAFE_HEADER) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    st = wb.create_sheet(STOCK)
    append_row(st, STOCK_HEADER)
    append_row(st, ["SUIT-OPENCLOSET", "SUIT-OPENCLOSET-1", "OC-0001", "재킷", "남성용", "100", "검정"])
    for i in range(1, len(STOCK_HEADER) + 1):
        st.column_dimensions[get_column_letter(i)].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.time):
        return f"{v:%H:%M}"
    return str(v).strip()


class _Sheet:
    def __init__(self, name: str, header: list[str], header_en: list[str], problems: list[Problem]) -> None:
        self.name, self.header, self.header_en, self.problems = name, header, header_en, problems

    def problem(self, line: int, col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> None:
        cell = f"{get_column_letter(col + 1)}{line}"
        self.problems.append(Problem(
            code, f"'{self.name}' 시트 {cell} ({self.header[col]}): {ko}",
            f"sheet '{self.name}', {cell} ({self.header_en[col]}): {en}", sheet=self.name, cell=cell, line=line,
            field=self.header_en[col]))


def _read(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    limits = XlsxLimits.from_settings(max_rows=MAX_ROWS + 1, max_columns=40)
    wb = open_xlsx(data, limits, data_only=False)  # formulas as written: a formula cell is refused
    try:
        found = {}
        for name in (CAFES, STOCK):
            if name in wb.sheetnames:
                try:
                    found[name] = list(sheet_rows(wb[name], limits))
                except ServiceError:
                    raise
                except Exception:
                    raise ServiceError(Problem(ErrorCode.BAD_FILE, f"'{name}' 시트를 읽을 수 없습니다",
                                               f"the sheet '{name}' cannot be read", sheet=name)) from None
        if not found:
            raise ServiceError(Problem(ErrorCode.BAD_HEADER, f"'{CAFES}' 시트도 '{STOCK}' 시트도 없습니다 (양식을 내려받아 쓰십시오)",
                                       f"neither a '{CAFES}' nor a '{STOCK}' sheet (use the template)"))
        return found
    finally:
        wb.close()


def _check_header(sheet: _Sheet, rows: list[tuple[Any, ...]]) -> bool:
    got = [_text(v) for v in (rows[0] if rows else ())][:len(sheet.header)]
    if got != sheet.header:
        sheet.problems.append(Problem(
            ErrorCode.BAD_HEADER, f"'{sheet.name}' 시트 첫 줄이 양식의 머리글과 다릅니다: {', '.join(sheet.header)}",
            f"the first row of sheet '{sheet.name}' is not the template's header: {', '.join(sheet.header_en)}",
            sheet=sheet.name, cell="A1", line=1))
        return False
    return True


def _hours(sheet: _Sheet, line: int, col: int, value: Any) -> tuple[dt.time, dt.time] | bool | None:
    text = _text(value)
    if text.lower() in CLOSED_WORDS:
        return None
    m = HOURS.match(text)
    if not m:
        sheet.problem(line, col, f"시간은 09:00-18:00처럼 적거나 비워 두십시오 ('{text[:20]}')",
                      f"write hours like 09:00-18:00, or leave empty ('{text[:20]}')")
        return False
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2, m2) <= (h1, m1) or (h2 == 24 and m2):
        sheet.problem(line, col, f"여는 시각과 닫는 시각을 확인하십시오 ('{text}')", f"check the opening and closing times ('{text}')")
        return False
    closes = dt.time(23, 59) if h2 == 24 else dt.time(h2, m2)
    return dt.time(h1, m1), closes


def _formula_check(sheet: _Sheet, line: int, row: tuple[Any, ...]) -> bool:
    ok = True
    for col, v in enumerate(row[:len(sheet.header)]):
        if isinstance(v, str) and v.startswith("=") and looks_like_formula(v):
            sheet.problem(line, col, "수식은 올릴 수 없습니다 (값으로 붙여 넣으십시오)", "formulas are not accepted (paste values)")
            ok = False
    return ok


def _districts() -> dict[str, OrgUnit]:
    out: dict[str, OrgUnit] = {}
    for d in OrgUnit.objects.filter(kind="district"):
        out[d.code.lower()] = d
        out[d.name_ko] = d
        if getattr(d, "name_en", ""):
            out[d.name_en.lower()] = d
    return out


def _cafe_rows(rows: list[tuple[Any, ...]], problems: list[Problem], actor: Any, check_access: bool
               ) -> list[dict[str, Any]]:
    sheet = _Sheet(CAFES, CAFE_HEADER, CAFE_HEADER_EN, problems)
    if not _check_header(sheet, rows):
        return []
    operators = {o.code: o for o in Operator.objects.select_related("org_unit")}
    districts = _districts()
    seen: dict[str, int] = {}
    out = []
    for line, raw in enumerate(rows[1:], start=2):
        row = tuple(raw) + (None,) * (len(CAFE_HEADER) - len(raw))
        if all(_text(v) == "" for v in row):
            continue
        if not _formula_check(sheet, line, row):
            continue
        t = [_text(v) for v in row]
        code, name, kind_text, op_code, district_text, address, setting_text, regional_text = t[:8]
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}", code):
            sheet.problem(line, 0, "코드는 영문·숫자·-·_ 40자까지입니다", "the code is up to 40 letters, digits, - or _",
                          ErrorCode.REQUIRED if not code else ErrorCode.INVALID)
        elif code in seen:
            sheet.problem(line, 0, f"{seen[code]}행과 같은 코드입니다", f"the same code as row {seen[code]}",
                          ErrorCode.DUPLICATE_ROW)
        else:
            seen[code] = line
        if not name:
            sheet.problem(line, 1, "이름을 적으십시오", "enter the name", ErrorCode.REQUIRED)
        elif len(name) > 100:
            sheet.problem(line, 1, "이름은 100자까지입니다", "the name is 100 characters at most", ErrorCode.TOO_LONG)
        kind = OPERATOR_KINDS.get(kind_text.lower())
        if kind is None:
            sheet.problem(line, 2, f"운영 주체 유형을 알 수 없습니다 ('{kind_text[:20]}': 시 직영, 구 직영, 대학, 민간, 공공기관, 정장 대여업체)",
                          f"unknown kind of operator ('{kind_text[:20]}': city, district, university, private, "
                          "public, suit)", ErrorCode.UNKNOWN_KIND)
        op = operators.get(op_code)
        if op is None:
            sheet.problem(line, 3, f"등록되지 않은 운영기관 코드입니다 ('{op_code[:40]}'; 운영기관 화면에서 먼저 등록하십시오)",
                          f"unknown operator code ('{op_code[:40]}'; register it on the operators page first)",
                          ErrorCode.UNKNOWN_CODE)
        elif kind is not None and op.kind != kind:
            sheet.problem(line, 2, f"운영기관 {op.code}의 유형({op.get_kind_display().split(' / ')[0]})과 다릅니다",
                          f"operator {op.code} is of another kind ({op.get_kind_display().split(' / ')[-1]})")
        elif check_access and not policy.can(actor, "operate_booking", op.org_unit):
            sheet.problem(line, 3, f"운영기관 {op.code}의 장소를 관리할 권한이 없습니다",
                          f"you may not run the places of operator {op.code}", ErrorCode.PERMISSION_DENIED)
        district = districts.get(district_text) or districts.get(district_text.lower())
        if district is None:
            sheet.problem(line, 4, f"서울시 자치구 이름이 아닙니다 ('{district_text[:20]}')",
                          f"not one of Seoul's districts ('{district_text[:20]}')", ErrorCode.UNKNOWN_ORG_UNIT)
        if len(address) > 300:
            sheet.problem(line, 5, "주소는 300자까지입니다", "the address is 300 characters at most", ErrorCode.TOO_LONG)
        setting = SETTINGS.get(setting_text.lower()) if setting_text else ""
        if setting is None:
            sheet.problem(line, 6, f"입지를 알 수 없습니다 ('{setting_text[:20]}': 대학, 청년공간, 공공시설, 민간시설, 대여점)",
                          f"unknown setting ('{setting_text[:20]}': university, youth space, public building, "
                          "private building, rental shop)", ErrorCode.UNKNOWN_CHOICE)
        regional = regional_text.lower() in YES
        if not regional and regional_text.lower() not in NO:
            sheet.problem(line, 7, f"광역 여부는 Y 또는 N으로 적으십시오 ('{regional_text[:10]}')",
                          f"write Y or N for regional ('{regional_text[:10]}')")
        hours = {}
        for n in range(7):
            h = _hours(sheet, line, 8 + n, row[8 + n])
            if h is not False:
                hours[n] = h
        kind_of_place = Place.Kind.SUIT_BRANCH if setting == Place.Setting.SHOP else Place.Kind.CAFE
        if kind_of_place == Place.Kind.SUIT_BRANCH and regional:
            sheet.problem(line, 7, "정장 대여 지점은 광역 카페가 될 수 없습니다", "a suit branch cannot be a regional café")
        out.append({"line": line, "code": code, "name_ko": name[:100], "operator": op, "district": district,
                    "address": address[:300], "setting": setting or "", "regional": regional, "hours": hours,
                    "kind": kind_of_place})
    return out


def _stock_rows(rows: list[tuple[Any, ...]], problems: list[Problem], branches_in_file: dict[str, dict[str, Any]],
                actor: Any, check_access: bool) -> list[dict[str, Any]]:
    sheet = _Sheet(STOCK, STOCK_HEADER, STOCK_HEADER_EN, problems)
    if not _check_header(sheet, rows):
        return []
    operators = {o.code: o for o in Operator.objects.select_related("org_unit")}
    branches = {p.code: p for p in Place.objects.filter(kind=Place.Kind.SUIT_BRANCH)}
    seen: dict[tuple[str, str], int] = {}
    out = []
    for line, raw in enumerate(rows[1:], start=2):
        row = tuple(raw) + (None,) * (len(STOCK_HEADER) - len(raw))
        if all(_text(v) == "" for v in row):
            continue
        if not _formula_check(sheet, line, row):
            continue
        op_code, branch_code, tag, item_text, cut_text, size, colour = [_text(v) for v in row[:7]]
        op = operators.get(op_code)
        if op is None:
            sheet.problem(line, 0, f"등록되지 않은 운영기관 코드입니다 ('{op_code[:40]}')", f"unknown operator code ('{op_code[:40]}')",
                          ErrorCode.UNKNOWN_CODE)
        elif check_access and not policy.can(actor, "operate_booking", op.org_unit):
            sheet.problem(line, 0, f"운영기관 {op.code}의 재고를 관리할 권한이 없습니다",
                          f"you may not run the stock of operator {op.code}", ErrorCode.PERMISSION_DENIED)
        branch = branches.get(branch_code)
        in_file = branches_in_file.get(branch_code)
        branch_operator = branch.operator_id if branch else (in_file["operator"].pk if in_file and in_file["operator"]
                                                             else None)
        if branch is None and in_file is None:
            sheet.problem(line, 1, f"정장 대여 지점이 아닙니다 ('{branch_code[:40]}')", f"not a suit branch ('{branch_code[:40]}')",
                          ErrorCode.UNKNOWN_CODE)
        elif op is not None and branch_operator != op.pk:
            sheet.problem(line, 1, f"지점 {branch_code}은(는) 운영기관 {op.code}의 지점이 아닙니다",
                          f"branch {branch_code} is not a branch of operator {op.code}")
        if not tag or len(tag) > 30:
            sheet.problem(line, 2, "태그를 30자까지 적으십시오", "enter the tag (30 characters at most)", ErrorCode.REQUIRED)
        elif (op_code, tag) in seen:
            sheet.problem(line, 2, f"{seen[(op_code, tag)]}행과 같은 태그입니다", f"the same tag as row {seen[(op_code, tag)]}",
                          ErrorCode.DUPLICATE_ROW)
        else:
            seen[(op_code, tag)] = line
        item = ITEMS.get(item_text.lower())
        if item is None:
            sheet.problem(line, 3, f"품목을 알 수 없습니다 ('{item_text[:20]}': 재킷, 바지, 치마, 셔츠, 블라우스, 구두, 넥타이, 벨트)",
                          f"unknown item ('{item_text[:20]}': jacket, trousers, skirt, shirt, blouse, shoes, tie, "
                          "belt)", ErrorCode.UNKNOWN_CHOICE)
        cut = CUTS.get(cut_text.lower())
        if cut is None:
            sheet.problem(line, 4, f"성별은 남성용 또는 여성용으로 적으십시오 ('{cut_text[:10]}')",
                          f"write men's or women's for the cut ('{cut_text[:10]}')", ErrorCode.UNKNOWN_CHOICE)
        if not size or len(size) > 10:
            sheet.problem(line, 5, "사이즈를 10자까지 적으십시오", "enter the size (10 characters at most)", ErrorCode.REQUIRED)
        if len(colour) > 30:
            sheet.problem(line, 6, "색상은 30자까지입니다", "the colour is 30 characters at most", ErrorCode.TOO_LONG)
        out.append({"line": line, "operator": op, "branch_code": branch_code, "tag": tag, "item": item, "cut": cut,
                    "size": size[:10], "colour": colour[:30]})
    return out


def places_import(*, actor: Any, data: bytes, dry_run: bool = False, check_access: bool = False,
                  file_name: str = "") -> ImportReport:
    """Check the whole workbook, then save it in one transaction (or roll back for a dry run)."""
    sheets = _read(data)
    problems: list[Problem] = []
    cafes = _cafe_rows(sheets.get(CAFES, []), problems, actor, check_access) if CAFES in sheets else []
    stock = (_stock_rows(sheets[STOCK], problems, {c["code"]: c for c in cafes
                                                    if c["kind"] == Place.Kind.SUIT_BRANCH}, actor, check_access)
             if STOCK in sheets else [])
    if problems:
        raise ServiceError(bounded_problems(problems))
    if not cafes and not stock:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "가져올 행이 없습니다", "there are no rows to import"))
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        places: dict[str, Place] = {}
        for c in cafes:
            values = {k: c[k] for k in ("name_ko", "operator", "district", "address", "setting", "regional", "kind")}
            place = Place.objects.select_for_update().filter(code=c["code"]).first()
            hours_wanted = {wd: h for wd, h in c["hours"].items() if h is not None}
            if place is None:
                place = Place.objects.create(code=c["code"], **values)
                report.places_created += 1
            else:
                old_hours = {h.weekday: (h.opens, h.closes) for h in place.hours.all()}
                changed = any(getattr(place, k) != v for k, v in values.items()) or old_hours != hours_wanted
                if changed:
                    for k, v in values.items():
                        setattr(place, k, v)
                    place.version += 1
                    place.save()
                    report.places_changed += 1
                else:
                    report.places_unchanged += 1
            OpeningHours.objects.filter(place=place).exclude(weekday__in=list(hours_wanted)).delete()
            for wd, (opens, closes) in hours_wanted.items():
                OpeningHours.objects.update_or_create(place=place, weekday=wd,
                                                      defaults={"opens": opens, "closes": closes})
            places[place.code] = place
        for s in stock:
            branch = places.get(s["branch_code"]) or Place.objects.get(code=s["branch_code"])
            values = {"branch": branch, "item": s["item"], "cut": s["cut"], "size": s["size"],
                      "colour": s["colour"], "active": True}
            piece = SuitItem.objects.select_for_update().filter(operator=s["operator"], tag=s["tag"]).first()
            if piece is None:
                SuitItem.objects.create(operator=s["operator"], tag=s["tag"], **values)
                report.items_created += 1
            elif any(getattr(piece, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(piece, k, v)
                piece.save()
                report.items_changed += 1
            else:
                report.items_unchanged += 1
        audit_batch(actor=actor, object_type="bookings.place_import",
                    summary={"file": file_name[:200], **report.as_dict()}, reason="xlsx import")
        if dry_run:
            transaction.set_rollback(True)
    return report


__all__ = ["ImportReport", "places_import", "template_workbook"]
