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

from django.db import transaction

from iljari.core.context import change_context
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.numbers import NumberParseError, parse_number
from iljari.core.periods import Period, PeriodError
from iljari.ledger.services import FactInput, check_items, facts_record
from iljari.orgs.models import OrgKind, OrgUnit
from iljari.orgs.services import org_unit_create, org_unit_update
from iljari.programs.models import Code, CodeList, Measure, Program
from iljari.programs.selectors import code_lookup, resolve_code
from iljari.programs.services import program_create, program_update

from .csvio import CsvRow, read_csv

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


def _yes(text: str) -> bool:
    return text.strip().lower() in {"yes", "y", "true", "1", "예", "o"}


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
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"상위 조직 '{parent}'이(가) 없습니다",
                                    f"unknown parent org unit '{parent}'", "parent", r.line))
        _date(r, "valid_from", problems)
        _date(r, "valid_to", problems)
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
        raise ServiceError(sorted(problems, key=lambda p: p.line or 0))

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
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"담당 조직 '{v['owner_org']}'이(가) 없습니다",
                                    f"unknown owner org unit '{v['owner_org']}'", "owner_org", r.line))
        impl = []
        for c in filter(None, (x.strip() for x in v.get("implementing_orgs", "").split(";"))):
            if c not in orgs:
                problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"수행 조직 '{c}'이(가) 없습니다",
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
            problems.append(Problem(ErrorCode.INVALID, f"세부유형 '{subtype.label_ko}'은(는) {job_type.label_ko}에 속하지 않습니다",
                                    f"subtype '{subtype.code}' is not a subtype of '{job_type.code}'", "subtype",
                                    r.line))
        start, end = _date(r, "start", problems), _date(r, "end", problems)
        if start and end and end < start:
            problems.append(Problem(ErrorCode.INVALID_DATE, "종료일이 시작일보다 빠릅니다", "end is before start",
                                    "end", r.line))
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
        raise ServiceError(sorted(problems, key=lambda p: p.line or 0))

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

def parse_fact_rows(rows: list[CsvRow]) -> tuple[list[FactInput], list[Problem]]:
    problems: list[Problem] = []
    programs = {p.code: p for p in Program.objects.all()}
    orgs = {o.code: o for o in OrgUnit.objects.all()}
    measures = {m.code: m for m in Measure.objects.all()}
    sources = code_lookup("funding_source")
    items: list[FactInput] = []
    for r in rows:
        v = r.values
        bad = len(problems)
        _require(r, ["program", "org_unit", "period", "measure", "funding_source", "as_of"], problems)
        prog = programs.get(v.get("program", ""))
        if v.get("program") and prog is None:
            problems.append(Problem(ErrorCode.UNKNOWN_PROGRAM, f"알 수 없는 사업 '{v['program']}'",
                                    f"unknown program '{v['program']}'", "program", r.line))
        org = orgs.get(v.get("org_unit", ""))
        if v.get("org_unit") and org is None:
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 조직 '{v['org_unit']}'",
                                    f"unknown org unit '{v['org_unit']}'", "org_unit", r.line))
        measure = measures.get(v.get("measure", ""))
        if v.get("measure") and measure is None:
            problems.append(Problem(ErrorCode.UNKNOWN_MEASURE,
                                    f"알 수 없는 측정항목 '{v['measure']}' (가능: {', '.join(measures)})",
                                    f"unknown measure '{v['measure']}' (one of {', '.join(measures)})", "measure",
                                    r.line))
        source = resolve_code(sources, v.get("funding_source", "")) if v.get("funding_source") else None
        if v.get("funding_source") and source is None:
            problems.append(Problem(ErrorCode.UNKNOWN_FUNDING_SOURCE,
                                    f"알 수 없는 재원 '{v['funding_source']}' (national, city, district, other, total)",
                                    f"unknown funding source '{v['funding_source']}' "
                                    "(national, city, district, other, total)", "funding_source", r.line))
        period = None
        if v.get("period"):
            try:
                period = Period.parse(v["period"])
            except PeriodError:
                problems.append(Problem(ErrorCode.UNKNOWN_PERIOD,
                                        f"알 수 없는 기간 '{v['period']}' (예: 2021, 2021H1, 2021Q2, 2021-05)",
                                        f"unknown period '{v['period']}' (e.g. 2021, 2021H1, 2021Q2, 2021-05)",
                                        "period", r.line))
        value = None
        try:
            num = parse_number(v.get("value", ""))
            if num is None:
                problems.append(Problem(ErrorCode.REQUIRED, "값이 없습니다 ('-'는 값 없음이므로 행을 빼십시오)",
                                        "value is missing ('-' means none: leave the row out)", "value", r.line))
            elif num != num.to_integral_value():
                problems.append(Problem(ErrorCode.NOT_AN_INTEGER, f"정수가 아닙니다: '{v['value']}' (금액은 원 단위)",
                                        f"not a whole number: '{v['value']}' (amounts are in won)", "value", r.line))
            else:
                value = int(num)
                if abs(value) >= 10**17:
                    problems.append(Problem(ErrorCode.INVALID, f"값이 너무 큽니다: '{v['value']}'",
                                            f"value too large: '{v['value']}'", "value", r.line))
                    value = None
        except NumberParseError:
            problems.append(Problem(ErrorCode.NOT_A_NUMBER, f"숫자가 아닙니다: '{v.get('value')}'",
                                    f"not a number: '{v.get('value')}'", "value", r.line))
        as_of = _date(r, "as_of", problems)
        if len(problems) == bad and None not in (prog, org, measure, source, period, value, as_of):
            items.append(FactInput(program=prog, org_unit=org, measure=measure, funding_source=source,  # type: ignore[arg-type]
                                   period=period, value=value, as_of=as_of,  # type: ignore[arg-type]
                                   reason=v.get("reason", ""), illustrative=_yes(v.get("illustrative", "")),
                                   note=v.get("note", "")[:200], line=r.line))
    return items, problems


def merge_totals(items: list[FactInput]) -> tuple[list[FactInput], list[Problem]]:
    """A `total` row beside per-source rows of the same value: the total must equal their sum, and is dropped
    (a total is derived from its parts, never stored beside them)."""
    problems: list[Problem] = []
    groups: dict[tuple, list[FactInput]] = {}
    for fi in items:
        k = (fi.program.pk, fi.org_unit.pk, fi.measure.pk, fi.period.id, fi.as_of)
        groups.setdefault(k, []).append(fi)
    drop: set[int] = set()
    for members in groups.values():
        totals = [m for m in members if m.funding_source.code == "total"]
        parts = [m for m in members if m.funding_source.code != "total"]
        if totals and parts:
            s = sum(m.value for m in parts)
            for t in totals:
                if t.value != s:
                    problems.append(Problem(ErrorCode.TOTAL_AND_SOURCES,
                                            f"합계 {t.value:,}이(가) 재원별 값의 합 {s:,}과(와) 다릅니다",
                                            f"total {t.value:,} differs from the sum of its sources {s:,}",
                                            "value", t.line))
                drop.add(id(t))
    return [fi for fi in items if id(fi) not in drop], problems


def facts_import(*, actor: Any, path: str | Path | bytes, dry_run: bool = False, strict: bool = False,
                 file_name: str | None = None, reason: str = "") -> ImportReport:
    rows, encoding = read_csv(path, required=FACT_COLUMNS)
    items, problems = parse_fact_rows(rows)
    items, more = merge_totals(items)
    problems += more + check_items(items)
    if problems:
        raise ServiceError(sorted(problems, key=lambda p: p.line or 0))

    def apply(report: ImportReport) -> None:
        report.rows, report.encoding = len(rows), encoding
        out = facts_record(actor=actor, items=items, reason=reason, strict=strict,
                           summary=_file_summary(path, file_name), prechecked=True)
        report.created, report.changed, report.unchanged = out.created, out.changed, out.unchanged
        report.warnings = out.warnings

    with change_context("import"):
        return _run("facts", dry_run, apply)
