"""The canonical interchange CSV (docs/interchange.md): orgs, programs and facts, each all-or-nothing.

Every row is checked before anything is written; every problem of every row is reported with its line
number in Korean and English; importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from iljari.core.columns import by_distinct
from iljari.core.context import change_context
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.korean import josa
from iljari.core.numbers import NumberParseError, format_count, parse_number
from iljari.core.periods import Period, PeriodError
from iljari.core.spreadsheets import bounded_problems
from iljari.core.texts import text_problems
from iljari.ledger.frames import check_frame, facts_record_frame, with_periods
from iljari.orgs.models import OrgKind, OrgUnit
from iljari.orgs.services import org_unit_create, org_unit_update
from iljari.programs.models import Code, CodeList, Measure, Program
from iljari.programs.selectors import code_lookup, resolve_code
from iljari.programs.services import program_create, program_update

from .csvio import CsvRow, CsvTable, read_csv, read_csv_table

ORG_COLUMNS = ["code", "name_ko", "name_en", "parent", "kind"]
PROGRAM_COLUMNS = ["code", "name_ko", "name_en", "owner_org", "job_type", "subtype", "policy_field",
                   "target_groups", "start", "end"]
PROGRAM_OPTIONAL = ["delivery_mode", "new_or_continuing", "implementing_orgs", "legal_basis", "description",
                    "contact", "status", "illustrative"]
FACT_COLUMNS = ["program", "org_unit", "period", "measure", "funding_source", "value", "as_of"]


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    encoding: str = "utf-8"
    dry_run: bool = False
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "rows": self.rows, "created": self.created, "changed": self.changed,
                "unchanged": self.unchanged, "encoding": self.encoding, "dry_run": self.dry_run,
                "warnings": [w.as_dict() for w in self.warnings]}


class _DryRun(Exception):
    pass


def _file_summary(path: str | Path | bytes, name: str | None) -> dict[str, Any]:
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    return {"file": name or (str(path) if not isinstance(path, bytes) else "upload"),
            "sha256": hashlib.sha256(data).hexdigest()}


_YES = {"yes", "y", "true", "1", "예", "o"}


def _yes(text: str) -> bool:
    return text.strip().lower() in _YES


def _date(row: CsvRow, col: str, problems: list[Problem], required: bool = False) -> dt.date | None:
    text = row.values.get(col, "")
    if not text:
        if required:
            problems.append(Problem(ErrorCode.REQUIRED, f"{col} 값이 없습니다", f"{col} is missing", col, row.line))
        return None
    try:
        return parse_date(text)
    except DateParseError:
        problems.append(Problem(ErrorCode.INVALID_DATE, f"날짜가 아닙니다: '{text}'", f"not a date: '{text}'",
                                col, row.line))
        return None


def _require(row: CsvRow, cols: list[str], problems: list[Problem]) -> None:
    for c in cols:
        if not row.values.get(c):
            problems.append(Problem(ErrorCode.REQUIRED, f"{c} 값이 없습니다", f"{c} is missing", c, row.line))


def _run(kind: str, dry_run: bool, fn: Any) -> ImportReport:
    """Run `fn` in one transaction; a dry run rolls it back after computing what would change."""
    report = ImportReport(kind=kind, dry_run=dry_run)
    try:
        with transaction.atomic():
            fn(report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


# --- organisation units -------------------------------------------------------------------------------------

def orgs_import(*, actor: Any, path: str | Path | bytes, dry_run: bool = False, file_name: str | None = None,
                reason: str = "") -> ImportReport:
    rows, encoding = read_csv(path, required=ORG_COLUMNS)
    problems: list[Problem] = []
    existing = {o.code: o for o in OrgUnit.objects.all()}
    in_file: dict[str, CsvRow] = {}
    admin_codes: dict[str, int | None] = {}
    for r in rows:
        _require(r, ["code", "name_ko", "kind"], problems)
        code = r.values.get("code", "")
        if code in in_file:
            problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"조직 코드 '{code}'가 {in_file[code].line}행에도 있습니다",
                                    f"org code '{code}' also on line {in_file[code].line}", "code", r.line))
        elif code:
            in_file[code] = r
        kind = r.values.get("kind", "")
        if kind and kind not in OrgKind.values:
            problems.append(Problem(ErrorCode.UNKNOWN_KIND, f"알 수 없는 조직 유형 '{kind}' ({', '.join(OrgKind.values)})",
                                    f"unknown kind '{kind}' ({', '.join(OrgKind.values)})", "kind", r.line))
        parent = r.values.get("parent", "")
        if parent and parent not in existing and parent not in {x.values.get("code") for x in rows}:
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"없는 상위 조직 코드입니다: '{parent}'",
                                    f"unknown parent org unit '{parent}'", "parent", r.line))
        _date(r, "valid_from", problems)
        _date(r, "valid_to", problems)
        admin_code = r.values.get("admin_code", "")
        if admin_code and not (admin_code.isascii() and admin_code.isdigit() and len(admin_code) <= 10):
            problems.append(Problem(ErrorCode.INVALID, f"행정구역코드는 10자리 이하의 숫자입니다: '{admin_code[:20]}'",
                                    f"an administrative code is up to 10 digits: '{admin_code[:20]}'", "admin_code",
                                    r.line))
        elif admin_code in admin_codes:
            problems.append(Problem(ErrorCode.DUPLICATE_ROW,
                                    f"행정구역코드 '{admin_code}'가 {admin_codes[admin_code]}행에도 있습니다",
                                    f"administrative code '{admin_code}' also on line {admin_codes[admin_code]}",
                                    "admin_code", r.line))
        elif admin_code:
            admin_codes[admin_code] = r.line
        if r.values.get("rounding", "").replace("-", "_") not in ("", "half_up", "truncate"):
            problems.append(Problem(ErrorCode.INVALID, f"반올림 설정은 half-up 또는 truncate입니다: '{r.values['rounding']}'",
                                    f"rounding must be half-up or truncate, not '{r.values['rounding']}'", "rounding",
                                    r.line))
    # Cycles among the file's own parent links.
    for code, r in in_file.items():
        seen, cur = {code}, r.values.get("parent", "")
        while cur and cur in in_file:
            if cur in seen:
                problems.append(Problem(ErrorCode.CYCLE, "상위 조직 관계가 순환합니다", "the parent links form a cycle",
                                        "parent", r.line))
                break
            seen.add(cur)
            cur = in_file[cur].values.get("parent", "")
    if problems:
        raise ServiceError(bounded_problems(sorted(problems, key=lambda p: p.line or 0)))

    def apply(report: ImportReport) -> None:
        report.rows, report.encoding = len(rows), encoding
        done: dict[str, OrgUnit] = dict(existing)
        pending = list(rows)
        while pending:  # parents first, whatever the file's order
            progressed = False
            for r in list(pending):
                v = r.values
                parent_code = v.get("parent", "")
                if parent_code and parent_code not in done:
                    continue
                parent = done.get(parent_code) if parent_code else None
                attrs: dict[str, Any] = {"name_ko": v["name_ko"], "name_en": v.get("name_en", ""), "kind": v["kind"],
                         "parent": parent, "valid_from": parse_date(v.get("valid_from")),
                         "valid_to": parse_date(v.get("valid_to")),
                         "rounding": v.get("rounding", "").replace("-", "_")}
                if "admin_code" in v:  # optional column: a file without it leaves the codes as they are
                    attrs["admin_code"] = v["admin_code"]
                org = done.get(v["code"])
                if org is None:
                    done[v["code"]] = org_unit_create(actor=actor, code=v["code"], reason=reason, **attrs)
                    report.created += 1
                else:
                    before = org.version
                    org = org_unit_update(actor=actor, org=org, reason=reason, **attrs)
                    done[v["code"]] = org
                    if org.version != before:
                        report.changed += 1
                    else:
                        report.unchanged += 1
                pending.remove(r)
                progressed = True
            if not progressed:  # pragma: no cover - cycles were refused above
                raise ServiceError(Problem(ErrorCode.CYCLE, "상위 조직 관계가 순환합니다", "cycle in parents"))

    with change_context("import"):
        return _run("orgs", dry_run, apply)


# --- programs -----------------------------------------------------------------------------------------------

_PROGRAM_TEXTS = ("code", "name_ko", "name_en", "legal_basis", "description", "contact")


def programs_import(*, actor: Any, path: str | Path | bytes, dry_run: bool = False, file_name: str | None = None,
                    reason: str = "") -> ImportReport:
    rows, encoding = read_csv(path, required=PROGRAM_COLUMNS)
    problems: list[Problem] = []
    orgs = {o.code: o for o in OrgUnit.objects.all()}
    tables = {name: code_lookup(name) for name in CodeList.values}
    parsed: list[tuple[CsvRow, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    statuses = set(Program.Status.values)
    for r in rows:
        v = r.values
        _require(r, ["code", "name_ko", "owner_org", "job_type"], problems)
        if v.get("code") in seen:
            problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"사업 코드 '{v['code']}'가 {seen[v['code']]}행에도 있습니다",
                                    f"program code '{v['code']}' also on line {seen[v['code']]}", "code", r.line))
        seen.setdefault(v.get("code", ""), r.line)

        def code_of(col: str, list_name: str, v: dict[str, str] = v, r: CsvRow = r) -> Code | None:
            text = v.get(col, "")
            if not text:
                return None
            c = resolve_code(tables[list_name], text)
            if c is None:
                choices = ", ".join(sorted({x.code for x in tables[list_name].values()}))
                problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"{col}에 알 수 없는 코드 '{text}' (가능: {choices})",
                                        f"unknown {col} '{text}' (one of {choices})", col, r.line))
            return c

        owner = orgs.get(v.get("owner_org", ""))
        if v.get("owner_org") and owner is None:
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"없는 담당 조직 코드입니다: '{v['owner_org']}'",
                                    f"unknown owner org unit '{v['owner_org']}'", "owner_org", r.line))
        impl = []
        for c in filter(None, (x.strip() for x in v.get("implementing_orgs", "").split(";"))):
            if c not in orgs:
                problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"없는 수행 조직 코드입니다: '{c}'",
                                        f"unknown implementing org unit '{c}'", "implementing_orgs", r.line))
            else:
                impl.append(orgs[c])
        groups = []
        for g in filter(None, (x.strip() for x in v.get("target_groups", "").split(";"))):
            tgc = resolve_code(tables["target_group"], g)
            if tgc is None:
                problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"알 수 없는 사업대상 '{g}'",
                                        f"unknown target group '{g}'", "target_groups", r.line))
            else:
                groups.append(tgc)
        status = v.get("status") or Program.Status.ACTIVE
        if status not in statuses:
            problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"알 수 없는 상태 '{status}'", f"unknown status '{status}'",
                                    "status", r.line))
        continuity = v.get("new_or_continuing", "")
        if continuity and continuity not in Program.Continuity.values:
            continuity = {"신규": "new", "계속": "continuing"}.get(continuity, continuity)
            if continuity not in Program.Continuity.values:
                problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"신규/계속 값이 아닙니다: '{continuity}'",
                                        f"new_or_continuing must be new or continuing, not '{continuity}'",
                                        "new_or_continuing", r.line))
        job_type = code_of("job_type", "job_type")
        subtype = code_of("subtype", "subtype")
        if job_type and subtype and subtype.parent_id and subtype.parent_id != job_type.pk:
            problems.append(Problem(ErrorCode.INVALID, f"세부유형 {josa(subtype.label_ko, '은')} {job_type.label_ko}에 속하지 않습니다",
                                    f"subtype '{subtype.code}' is not a subtype of '{job_type.code}'", "subtype",
                                    r.line))
        start, end = _date(r, "start", problems), _date(r, "end", problems)
        if start and end and end < start:
            problems.append(Problem(ErrorCode.INVALID_DATE, "종료일이 시작일보다 빠릅니다", "end is before start",
                                    "end", r.line))
        for p in text_problems(Program(**{k: v.get(k, "") for k in _PROGRAM_TEXTS})):
            p.line = r.line
            problems.append(p)
        parsed.append((r, {
            "code": v.get("code", ""), "name_ko": v.get("name_ko", ""), "name_en": v.get("name_en", ""),
            "owner_org": owner, "job_type": job_type, "subtype": subtype,
            "policy_field": code_of("policy_field", "policy_field"),
            "delivery_mode": code_of("delivery_mode", "delivery_mode"), "continuity": continuity,
            "start": start, "end": end, "legal_basis": v.get("legal_basis", ""),
            "description": v.get("description", ""), "contact": v.get("contact", ""), "status": status,
            "illustrative": _yes(v.get("illustrative", "")), "target_groups": groups, "implementing_orgs": impl,
        }))
    if problems:
        raise ServiceError(bounded_problems(sorted(problems, key=lambda p: p.line or 0)))

    def apply(report: ImportReport) -> None:
        report.rows, report.encoding = len(rows), encoding
        existing = {p.code: p for p in Program.objects.all()}
        for _r, attrs in parsed:
            prog = existing.get(attrs["code"])
            if prog is None:
                program_create(actor=actor, reason=reason, **attrs)
                report.created += 1
            else:
                before = prog.version
                code = attrs.pop("code")
                prog = program_update(actor=actor, program=prog, reason=reason, code=code, **attrs)
                report.changed += prog.version != before
                report.unchanged += prog.version == before

    with change_context("import"):
        return _run("programs", dry_run, apply)


# --- facts --------------------------------------------------------------------------------------------------

_PLAIN_INTEGER = r"-?[0-9]{1,17}"


def _value_problem(text: str) -> tuple[int | None, tuple[ErrorCode, str, str] | None]:
    """One value cell as offices write it: the integer, or why it is not one."""
    try:
        num = parse_number(text)
    except NumberParseError:
        return None, (ErrorCode.NOT_A_NUMBER, f"숫자가 아닙니다: '{text}'", f"not a number: '{text}'")
    if num is None:
        return None, (ErrorCode.REQUIRED, "값이 없습니다 ('-'는 값 없음이므로 행을 빼십시오)",
                      "value is missing ('-' means none: leave the row out)")
    if num != num.to_integral_value():
        return None, (ErrorCode.NOT_AN_INTEGER, f"정수가 아닙니다: '{text}' (금액은 원 단위)",
                      f"not a whole number: '{text}' (amounts are in won)")
    if abs(int(num)) >= 10**17:
        return None, (ErrorCode.INVALID, f"값이 너무 큽니다: '{text}'", f"value too large: '{text}'")
    return int(num), None


def parse_fact_frame(table: CsvTable) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of a facts CSV as a frame of ids and values (`ledger.frames.FRAME_COLUMNS`), and every problem
    of every row. Column by column: each distinct code, period and date is looked up once, and plain integers
    (most values) are converted without Python objects."""
    n = len(table)
    empty = np.full(n, "", dtype=object)
    col = {c: pd.Series(table.columns.get(c, empty), dtype=object) for c in
           [*FACT_COLUMNS, "reason", "illustrative", "note"]}
    lines = table.lines
    found: list[tuple[int, int, Problem]] = []
    bad = np.zeros(n, dtype=bool)

    def flag(mask: np.ndarray, seq: int, make: Any) -> None:
        idx = np.flatnonzero(mask)
        bad[idx] = True
        for i in idx:
            found.append((int(lines[i]), seq, make(i)))

    for seq, c in enumerate(["program", "org_unit", "period", "measure", "funding_source", "as_of"]):
        flag((col[c] == "").to_numpy(), seq, lambda i, c=c: Problem(
            ErrorCode.REQUIRED, f"{c} 값이 없습니다", f"{c} is missing", c, int(lines[i])))

    def lookup(c: str, table_: dict[str, Any], seq: int, make: Any) -> pd.Series:
        uniq = pd.unique(col[c])
        ids = col[c].map({u: table_.get(u) for u in uniq})
        flag(((col[c] != "") & ids.isna()).to_numpy(), seq, lambda i: make(col[c].iat[i], int(lines[i])))
        return ids

    program_id = lookup("program", dict(Program.objects.values_list("code", "pk")), 10, lambda t, line: Problem(
        ErrorCode.UNKNOWN_PROGRAM, f"알 수 없는 사업 '{t}'", f"unknown program '{t}'", "program", line))
    org_id = lookup("org_unit", dict(OrgUnit.objects.values_list("code", "pk")), 11, lambda t, line: Problem(
        ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 조직 '{t}'", f"unknown org unit '{t}'", "org_unit", line))
    measures = dict(Measure.objects.values_list("code", "pk"))
    measure_id = lookup("measure", measures, 12, lambda t, line: Problem(
        ErrorCode.UNKNOWN_MEASURE, f"알 수 없는 측정항목 '{t}' (가능: {', '.join(measures)})",
        f"unknown measure '{t}' (one of {', '.join(measures)})", "measure", line))
    sources = code_lookup("funding_source")
    source_id = lookup("funding_source",
                       {u: getattr(resolve_code(sources, u), "pk", None) for u in pd.unique(col["funding_source"])},
                       13, lambda t, line: Problem(
                           ErrorCode.UNKNOWN_FUNDING_SOURCE,
                           f"알 수 없는 재원 '{t}' (national, city, district, other, total)",
                           f"unknown funding source '{t}' (national, city, district, other, total)",
                           "funding_source", line))

    def period_id(text: str) -> str | None:
        try:
            return Period.parse(text).id
        except PeriodError:
            return None

    period = lookup("period", {u: period_id(u) for u in pd.unique(col["period"])}, 14, lambda t, line: Problem(
        ErrorCode.UNKNOWN_PERIOD, f"알 수 없는 기간 '{t}' (예: 2021, 2021H1, 2021Q2, 2021-05)",
        f"unknown period '{t}' (e.g. 2021, 2021H1, 2021Q2, 2021-05)", "period", line))

    text = col["value"]
    plain = text.str.fullmatch(_PLAIN_INTEGER).to_numpy(dtype=bool)
    value = np.zeros(n, dtype=np.int64)
    value[plain] = text[plain].astype(np.int64).to_numpy()
    for i in np.flatnonzero(~plain):
        v, why = _value_problem(text.iat[i])
        if v is not None:
            value[i] = v
        elif why is not None:
            bad[i] = True
            found.append((int(lines[i]), 15, Problem(why[0], why[1], why[2], "value", int(lines[i]))))
    too_large = plain & (np.abs(value) >= 10**17)
    flag(too_large, 15, lambda i: Problem(ErrorCode.INVALID, f"값이 너무 큽니다: '{text.iat[i]}'",
                                          f"value too large: '{text.iat[i]}'", "value", int(lines[i])))

    def date_of(t: str) -> dt.date | None:
        try:
            return parse_date(t)
        except DateParseError:
            return None

    as_of = lookup("as_of", {u: date_of(u) for u in pd.unique(col["as_of"])}, 16, lambda t, line: Problem(
        ErrorCode.INVALID_DATE, f"날짜가 아닙니다: '{t}'", f"not a date: '{t}'", "as_of", line))

    ok = ~bad
    frame = pd.DataFrame({
        "line": lines[ok], "program_id": program_id[ok].astype(np.int64).to_numpy(),
        "org_unit_id": org_id[ok].astype(np.int64).to_numpy(), "measure_id": measure_id[ok].astype(np.int64).to_numpy(),
        "funding_source_id": source_id[ok].astype(np.int64).to_numpy(), "period": period[ok].to_numpy(dtype=object),
        "value": value[ok],
        "as_of": by_distinct(as_of[ok], lambda d: np.datetime64(d, "ns"), dtype="datetime64[ns]"),
        "reason": col["reason"][ok].to_numpy(dtype=object),
        "illustrative": col["illustrative"][ok].str.lower().isin(_YES).to_numpy(),
        "note": col["note"][ok].str.slice(0, 200).to_numpy(dtype=object)})
    found.sort(key=lambda t: (t[0], t[1]))
    return frame, [p for _, _, p in found]


def merge_totals_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """A `total` row beside per-source rows of the same value: the total must equal their sum, and is dropped
    (a total is derived from its parts, never stored beside them)."""
    total_ids = list(Code.objects.filter(list="funding_source", code="total").values_list("pk", flat=True))
    is_total = frame["funding_source_id"].isin(total_ids).to_numpy()
    if frame.empty or not is_total.any() or is_total.all():
        return frame, []
    group = ["program_id", "org_unit_id", "measure_id", "period", "as_of"]
    g = frame.groupby(group, sort=False).ngroup().to_numpy()
    has_total = np.zeros(g.max() + 1, dtype=bool)
    has_total[g[is_total]] = True
    has_parts = np.zeros(g.max() + 1, dtype=bool)
    has_parts[g[~is_total]] = True
    both = (has_total & has_parts)[g]
    parts_sum = pd.Series(np.where(is_total, 0, frame["value"].to_numpy())).groupby(g).transform("sum").to_numpy()
    values = frame["value"].to_numpy()
    lines = frame["line"].to_numpy()
    problems = [Problem(ErrorCode.TOTAL_AND_SOURCES,
                        f"합계 {josa(format_count(int(values[i])), '이')} 재원별 값의 합 {josa(format_count(int(parts_sum[i])), '와')} 다릅니다",
                        f"total {int(values[i]):,} differs from the sum of its sources {int(parts_sum[i]):,}",
                        "value", int(lines[i]))
                for i in np.flatnonzero(both & is_total & (values != parts_sum))]
    return frame.loc[~(both & is_total)].reset_index(drop=True), problems


def facts_import(*, actor: Any, path: str | Path | bytes, dry_run: bool = False, strict: bool = False,
                 file_name: str | None = None, reason: str = "") -> ImportReport:
    table = read_csv_table(path, required=FACT_COLUMNS)
    frame, problems = parse_fact_frame(table)
    frame, more = merge_totals_frame(frame)
    frame = with_periods(frame)
    problems += more + check_frame(frame)
    if problems:
        raise ServiceError(bounded_problems(sorted(problems, key=lambda p: p.line or 0)))

    def apply(report: ImportReport) -> None:
        report.rows, report.encoding = len(table), table.encoding
        out = facts_record_frame(actor=actor, frame=frame, reason=reason, strict=strict,
                                 summary=_file_summary(path, file_name))
        report.created, report.changed, report.unchanged = out.created, out.changed, out.unchanged
        report.warnings = out.warnings

    with change_context("import"):
        return _run("facts", dry_run, apply)


# --- staffing (인력 현황) ------------------------------------------------------------------------------------

STAFFING_COLUMNS = ["org_unit", "as_of", "grade", "authorized", "current"]


def staffing_import(*, actor: Any, path: str | Path | bytes, dry_run: bool = False, file_name: str | None = None,
                    reason: str = "") -> ImportReport:
    """정원 / 현원 by unit and grade as of a date; a row for an existing (unit, date, grade) replaces it."""
    from iljari.audit.services import audit_batch
    from iljari.orgs.models import StaffingFigure

    rows, encoding = read_csv(path, required=STAFFING_COLUMNS)
    problems: list[Problem] = []
    orgs = {o.code: o for o in OrgUnit.objects.all()}
    parsed: list[tuple[OrgUnit, dt.date, str, int, int, int]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for order, r in enumerate(rows):
        v = r.values
        _require(r, STAFFING_COLUMNS, problems)
        org = orgs.get(v.get("org_unit", ""))
        if v.get("org_unit") and org is None:
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 조직 '{v['org_unit']}'",
                                    f"unknown org unit '{v['org_unit']}'", "org_unit", r.line))
        as_of = _date(r, "as_of", problems)
        counts = []
        for col in ("authorized", "current"):
            try:
                n = parse_number(v.get(col, ""))
            except NumberParseError:
                n = None
                problems.append(Problem(ErrorCode.NOT_A_NUMBER, f"숫자가 아닙니다: '{v.get(col)}'",
                                        f"not a number: '{v.get(col)}'", col, r.line))
            if n is not None and (n < 0 or n != n.to_integral_value()):
                problems.append(Problem(ErrorCode.INVALID, f"인원은 0 이상의 정수입니다: '{v.get(col)}'",
                                        f"a head count is a whole number, 0 or more: '{v.get(col)}'", col, r.line))
                n = None
            counts.append(n)
        key = (v.get("org_unit", ""), v.get("as_of", ""), v.get("grade", ""))
        if key in seen:
            problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"같은 조직·기준일·직급이 {seen[key]}행에도 있습니다",
                                    f"the same unit, date and grade is also on line {seen[key]}", line=r.line))
        seen.setdefault(key, r.line)
        if org and as_of and counts[0] is not None and counts[1] is not None and v.get("grade"):
            parsed.append((org, as_of, v["grade"][:20], int(counts[0]), int(counts[1]), order))
    if problems:
        raise ServiceError(bounded_problems(sorted(problems, key=lambda p: p.line or 0)))

    def apply(report: ImportReport) -> None:
        report.rows, report.encoding = len(rows), encoding
        for org, as_of, grade, authorized, current, order in parsed:
            obj, created = StaffingFigure.objects.get_or_create(
                org_unit=org, as_of=as_of, grade=grade,
                defaults={"authorized": authorized, "current": current, "sort_order": order})
            if created:
                report.created += 1
            elif (obj.authorized, obj.current) != (authorized, current):
                obj.authorized, obj.current = authorized, current
                obj.save(update_fields=["authorized", "current"])
                report.changed += 1
            else:
                report.unchanged += 1
        if report.created or report.changed:
            audit_batch(actor=actor, object_type="orgs.staffingfigure", reason=reason, summary={
                **_file_summary(path, file_name), "created": report.created, "changed": report.changed,
                "unchanged": report.unchanged})

    with change_context("import"):
        return _run("staffing", dry_run, apply)
