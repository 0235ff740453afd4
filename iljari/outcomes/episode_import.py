"""고용 이력 반입: files of employment records the city receives (the employment-insurance linkage or another
source) made into employment episodes, all rows or none (docs/outcomes.md, "Employment episodes").

The layout: CSV (UTF-8 with or without BOM, or CP949) or xlsx (the first sheet), a header row naming the columns
(Korean or English, any order; other columns are ignored), one employment a row:

    개인키 person_key · 사업장명 employer_name · 사업자등록번호 business_number · 시작일 start · 종료일 end ·
    임금구간 wage_band · 민간여부 private

- the person key: the keyed resident-number hash as the registry keeps it (64 hexadecimal characters), `P` and a
  person record's number (P1234), `L` and a linkage cluster's number (L1234), or a resident registration number
  (13 digits), turned into the keyed hash at once and never kept nor shown. A key no person has is a problem.
- the employer's name and/or its business registration number (checked by its check digit); one at least.
- the start (취득일) and the end (상실일; empty: still employed on the file's day, `as_of`), neither after it.
- the wage band: the code or the label (u150, 월 150만원 미만, 150~200만원, ..., 미상 or empty).
- private: Y or N (also 예/아니오, 민간/공공). Public employment (a public institution, a direct job) is N; a row
  marked Y that is a paid direct-job participation of the same person (both ends within a month of it) is refused.

Checked first, every problem named by its row and column in Korean and English; nothing is written while one
remains. A file is imported once (its sha256): the same file again is refused with the day it was imported.

Overlapping rows are merged, not refused: rows of one person and one employer (the business number, else the
name) whose periods overlap or touch (the next day) are one employment, and so is an earlier import's episode of
that person and employer that they overlap — it is extended (a new version, audited), never duplicated. The
merged episode starts at the earliest start; it is open when the latest news of it is "still employed" (an open
row's or episode's `known_until` later than every end), and otherwise ends at the latest end: a later file that
gives the end of an employment an earlier file had open closes it. The same person, employer and period twice in
one file is a duplicate row (a problem). An episode of the job centres (a placement) is never merged with a
file's: each keeps its source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_batch, audit_many
from iljari.core.brn import business_number_clean, business_number_format
from iljari.core.context import change_context
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.rrn import parse_rrn, rrn_hash
from iljari.core.spreadsheets import XlsxLimits, bounded_problems, csv_rows, looks_like_formula, open_xlsx, sheet_rows

from .episodes import OBJECT_TYPE, _fold, employer_key, fill_pks, wage_band_words
from .models import EmploymentEpisode, EpisodeImport

COLUMNS = ["person_key", "employer_name", "business_number", "start", "end", "wage_band", "private"]
HEADER = ["개인키", "사업장명", "사업자등록번호", "시작일", "종료일", "임금구간", "민간여부"]
LABEL_EN = ["person key", "employer", "business number", "start", "end", "wage band", "private"]
# what a header cell may say for each column (spaces and case aside)
ALIASES: dict[str, list[str]] = {
    "person_key": ["개인키", "person_key", "personkey", "person key"],
    "employer_name": ["사업장명", "사업장", "employer_name", "employer"],
    "business_number": ["사업자등록번호", "사업자번호", "business_number", "business number", "brn"],
    "start": ["시작일", "취득일", "취업일", "start"],
    "end": ["종료일", "상실일", "퇴직일", "end"],
    "wage_band": ["임금구간", "wage_band", "wage band"],
    "private": ["민간여부", "민간", "private"],
}
YES = {"y", "yes", "예", "민간", "private", "true", "1"}
NO = {"n", "no", "아니오", "아니요", "공공", "public", "false", "0"}
MAX_ROWS = 100_000  # employments in one file (a year's linkage of a city's participants runs to tens of thousands)
MAX_COLUMNS = 30
MAX_BYTES = 30 * 1024 * 1024
MAX_CELL = 300
EARLIEST = dt.date(1950, 1, 1)
DIRECT_JOB_SLACK = dt.timedelta(days=31)  # a row within a month of a direct-job participation at both ends is it
PREVIEW = 20
_CHUNK = 500

_HASH = re.compile(r"^[0-9a-f]{64}$")
_PERSON = re.compile(r"^p\s*(\d{1,12})$")
_CLUSTER = re.compile(r"^l\s*(\d{1,12})$")
_RRN = re.compile(r"^\d{6}-?\d{7}$")


@dataclass
class ParsedRow:
    line: int
    key: tuple[str, str]  # ("hash" | "person" | "cluster", value)
    employer_name: str
    business_number: str
    start: dt.date
    end: dt.date | None
    wage_band: str
    private: bool
    where: tuple[int, ...] = ()  # each column's place in the file
    person_id: int = 0
    ok: bool = True  # False: another cell of the row has a problem (its key is still looked up)

    def problem(self, col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> Problem:
        return _problem(self.line, col, ko, en, code, at=self.where[col] if self.where else None)


@dataclass
class ImportResult:
    """What an import did (or, on a dry run, would do)."""

    rows: int = 0
    persons: int = 0
    created: int = 0  # new episodes
    extended: int = 0  # earlier episodes a row merged into and changed
    unchanged: int = 0  # earlier episodes a row merged into without changing them
    merged_rows: int = 0  # rows that were merged with another row or an earlier episode
    removed: int = 0  # earlier episodes merged into another one (two that a row bridged)
    private: int = 0
    public: int = 0
    open: int = 0  # episodes without an end
    keys: dict[str, int] = field(default_factory=dict)  # rows by kind of person key
    batch: int | None = None
    dry_run: bool = False
    encoding: str = ""
    preview: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "preview"}
        out["preview"] = [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in p.items()}
                          for p in self.preview]
        return out

    def summary(self) -> str:
        what = "확인만 했습니다(저장 안 함) / dry run, nothing saved" if self.dry_run else "저장했습니다 / saved"
        return (f"고용 이력 / employment episodes: {self.rows:,}행 / rows, {self.persons:,}명 / persons — "
                f"새 이력 created {self.created:,}, 늘어난 이력 extended {self.extended:,}, "
                f"합친 행 merged rows {self.merged_rows:,}; {what}")


def _problem(line: int, col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID, *,
             at: int | None = None) -> Problem:
    """A problem of one cell: "5행: 사업자등록번호(C5): ..." / "line 5: business number (C5): ..."; `at` is the
    column's place in the file when it is not the layout's."""
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter((col if at is None else at) + 1)}{line}"
    return Problem(code, f"{HEADER[col]}({cell}): {ko}", f"{LABEL_EN[col]} ({cell}): {en}", field=COLUMNS[col],
                   line=line, cell=cell)


# --- reading the file ---------------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without its BOM), else CP949 (a superset of EUC-KR)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    if not bom:
        try:
            return body.decode("cp949"), "cp949"
        except UnicodeDecodeError:
            pass
    raise ServiceError(Problem(ErrorCode.BAD_FILE, "CSV 파일의 문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949로 저장하십시오)",
                               "the CSV file's encoding is unknown (save it as UTF-8 or CP949)"))


def read_rows(data: bytes, filename: str = "") -> tuple[list[tuple[Any, ...]], str]:
    """The rows of a file (header first) and its format ("xlsx", "utf-8-sig", "cp949"), bounded: its size, the
    rows (MAX_ROWS data rows), the columns, and for xlsx the zip's parts and their unpacked sizes (no zip bomb)."""
    if len(data) > MAX_BYTES:
        raise ServiceError(Problem(ErrorCode.FILE_TOO_LARGE, f"파일이 너무 큽니다 ({MAX_BYTES // 1024 // 1024}MB까지)",
                                   f"the file is too large ({MAX_BYTES // 1024 // 1024} MB at most)"))
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        limits = XlsxLimits.from_settings(max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS, max_bytes=MAX_BYTES)
        wb = open_xlsx(data, limits, data_only=False)  # a formula is read as written, and refused
        try:
            try:
                return list(sheet_rows(wb.worksheets[0], limits)), "xlsx"
            except ServiceError:
                raise
            except Exception:  # a broken sheet part
                raise ServiceError(Problem(ErrorCode.BAD_FILE, "엑셀(xlsx) 파일을 읽을 수 없습니다",
                                           "the xlsx workbook cannot be read")) from None
        finally:
            wb.close()
    text, encoding = _decode(data)
    return csv_rows(text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS), encoding


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        v = v.date()
    return unicodedata.normalize("NFC", str(v)).strip()


def _columns(header: tuple[Any, ...]) -> list[int]:
    """Where each column is in the file (by its header), or a problem naming the missing ones."""
    names = [_fold(_text(c)).replace("_", "") for c in header]
    where: list[int] = []
    missing: list[int] = []
    for i, col in enumerate(COLUMNS):
        accepted = {_fold(a).replace("_", "") for a in ALIASES[col]}
        found = [j for j, n in enumerate(names) if n in accepted]
        if found:
            where.append(found[0])
        else:
            where.append(-1)
            missing.append(i)
    if missing:
        raise ServiceError(Problem(
            ErrorCode.BAD_HEADER,
            f"첫 줄(머리글)에 {', '.join(HEADER[i] for i in missing)} 열이 없습니다. 머리글: {', '.join(HEADER)}",
            f"the first row (the header) lacks {', '.join(LABEL_EN[i] for i in missing)}; the header is "
            f"{', '.join(COLUMNS)}", line=1))
    return where


# --- checking -----------------------------------------------------------------------------------------------------


def _key_of(text: str) -> tuple[str, str] | None:
    t = unicodedata.normalize("NFKC", text).strip().lower()
    if _HASH.match(t):
        return ("hash", t)
    if m := _PERSON.match(t):
        return ("person", m[1])
    if m := _CLUSTER.match(t):
        return ("cluster", m[1])
    if _RRN.match(t):
        return ("rrn", t)
    return None


def check_rows(rows: list[tuple[Any, ...]], *, as_of: dt.date) -> tuple[list[ParsedRow], list[Problem]]:
    """Every data row read and checked on its own; every problem by its row and column."""
    if not rows:
        raise ServiceError(Problem(ErrorCode.BAD_HEADER, "빈 파일입니다", "the file is empty", line=1))
    where = _columns(rows[0])
    bands = wage_band_words()
    numbers: dict[str, str] = {}  # each employer's number checked once (a file repeats them)
    problems: list[Problem] = []
    out: list[ParsedRow] = []
    for n, raw in enumerate(rows[1:], start=2):
        values = [raw[j] if 0 <= j < len(raw) else None for j in where]
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        bad = len(problems)

        def p(col: int, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID, n: int = n) -> None:
            problems.append(_problem(n, col, ko, en, code, at=where[col]))

        for col, text in enumerate(cells):
            if looks_like_formula(text):
                p(col, "수식처럼 보이는 값은 받지 않습니다", "a value that looks like a formula is refused")
            elif len(text) > MAX_CELL:
                p(col, f"너무 깁니다 ({MAX_CELL}자까지)", f"too long ({MAX_CELL} characters at most)", ErrorCode.TOO_LONG)
        if len(problems) > bad:
            continue
        key_t, name, number_t, start_t, end_t, band_t, private_t = cells
        key = _key_of(key_t) if key_t else None
        if not key_t:
            p(0, "개인키가 없습니다", "the person key is missing", ErrorCode.REQUIRED)
        elif key is None:
            p(0, "개인키의 형식을 알 수 없습니다 (주민번호 키 해시 64자리, P+사람 번호, L+연계 번호 또는 주민등록번호 13자리)",
              "the person key's form is unknown (the resident-number hash of 64 characters, P and a person's "
              "number, L and a linkage number, or a resident registration number of 13 digits)")
        elif key[0] == "rrn":
            try:
                key = ("hash", rrn_hash(parse_rrn(key[1], today=as_of)))
            except ServiceError:
                p(0, "주민등록번호가 올바르지 않습니다 (숫자 13자리)", "not a valid resident registration number (13 digits)")
                key = None
        if len(name) > 200:
            p(1, "사업장명이 너무 깁니다 (200자까지)", "the employer's name is too long (200 characters at most)",
              ErrorCode.TOO_LONG)
        number = ""
        if number_t:
            if number_t not in numbers:
                numbers[number_t] = business_number_clean(number_t) or ""
            number = numbers[number_t]
            if not number:
                p(2, f"사업자등록번호가 올바르지 않습니다 (10자리, 검증번호 확인): '{number_t[:20]}'",
                  f"not a valid business registration number (10 digits and the check digit): '{number_t[:20]}'")
        elif not name:
            p(1, "사업장명이나 사업자등록번호 가운데 하나는 있어야 합니다", "give the employer's name or its business number",
              ErrorCode.REQUIRED)

        def day(col: int, value: Any, text: str) -> dt.date | None:
            try:
                d = parse_date(value if isinstance(value, dt.date) else text)
            except DateParseError:
                p(col, f"날짜가 아닙니다: '{text[:20]}' (예: 2022-03-02)", f"not a date: '{text[:20]}' (e.g. 2022-03-02)",
                  ErrorCode.INVALID_DATE)
                return None
            if d is not None and d < EARLIEST:
                p(col, f"{EARLIEST.year}년보다 이른 날짜입니다: {d:%Y.%m.%d}", f"a date before {EARLIEST.year}: {d}",
                  ErrorCode.INVALID_DATE)
                return None
            if d is not None and d > as_of:
                p(col, f"자료 기준일({as_of:%Y.%m.%d}) 뒤의 날짜입니다: {d:%Y.%m.%d}",
                  f"a date after the file's day ({as_of:%Y-%m-%d}): {d}", ErrorCode.INVALID_DATE)
                return None
            return d

        start = day(3, values[3], start_t) if start_t else None
        if not start_t:
            p(3, "시작일이 없습니다", "the start is missing", ErrorCode.REQUIRED)
        end = day(4, values[4], end_t) if end_t else None
        if start and end and end < start:
            p(4, f"종료일({end:%Y.%m.%d})이 시작일({start:%Y.%m.%d})보다 앞섭니다",
              f"the end ({end:%Y-%m-%d}) is before the start ({start:%Y-%m-%d})", ErrorCode.INVALID_DATE)
        band = bands.get(_fold(band_t)) if band_t else ""
        if band is None:
            p(5, f"임금구간을 알 수 없습니다: '{band_t[:30]}' (u150, 150, 200, 250, 300 또는 '월 150만원 미만' 같은 이름)",
              f"unknown wage band '{band_t[:30]}' (u150, 150, 200, 250, 300 or a name such as "
              "'under 1.5 million won a month')", ErrorCode.UNKNOWN_CHOICE)
        flag = _fold(private_t)
        if not private_t:
            p(6, "민간여부가 없습니다 (Y 또는 N)", "private is missing (Y or N)", ErrorCode.REQUIRED)
        elif flag not in YES and flag not in NO:
            p(6, f"민간여부는 Y 또는 N입니다: '{private_t[:10]}'", f"private is Y or N: '{private_t[:10]}'",
              ErrorCode.UNKNOWN_CHOICE)
        if len(problems) > bad:
            if key is not None:  # its person is looked up all the same: an unknown key is named too
                out.append(ParsedRow(n, key, name, number, start or EARLIEST, None, "", False, tuple(where), ok=False))
            continue
        assert key is not None and start is not None and band is not None
        out.append(ParsedRow(n, key, name, number, start, end, band, flag in YES, tuple(where)))
    return out, problems


def _resolve(parsed: list[ParsedRow], problems: list[Problem]) -> dict[int, dict[str, Any]]:
    """Each row's person: the record with that keyed hash (the lowest number when several records have it: they
    are one human), the person record P…, the smallest record of cluster L…; an unknown key is a problem.
    Returns the persons found (id -> name, birth date, cluster)."""
    from iljari.people.models import Person

    hashes = sorted({r.key[1] for r in parsed if r.key[0] == "hash"})
    ids = sorted({int(r.key[1]) for r in parsed if r.key[0] == "person"})
    clusters = sorted({int(r.key[1]) for r in parsed if r.key[0] == "cluster"})
    by_hash: dict[str, int] = {}
    for i in range(0, len(hashes), _CHUNK):
        for h, pk in (Person.objects.filter(rrn_hash__in=hashes[i:i + _CHUNK]).order_by("-pk")
                      .values_list("rrn_hash", "pk")):
            by_hash[h] = pk  # the lowest id last
    known_ids: set[int] = set()
    for i in range(0, len(ids), _CHUNK):
        known_ids |= set(Person.objects.filter(pk__in=ids[i:i + _CHUNK]).values_list("pk", flat=True))
    by_cluster: dict[int, int] = {}
    for i in range(0, len(clusters), _CHUNK):
        part = clusters[i:i + _CHUNK]
        for c, pk in (Person.objects.filter(Q(cluster_id__in=part) | Q(pk__in=part, cluster_id__isnull=True))
                      .order_by("-pk").values_list("cluster_id", "pk")):
            by_cluster[c or pk] = pk
    for r in parsed:
        kind, value = r.key
        found_pk: int | None = (by_hash.get(value) if kind == "hash" else int(value) if kind == "person" and int(value) in known_ids
              else by_cluster.get(int(value)) if kind == "cluster" else None)
        if found_pk is None:
            shown = "주민번호 키" if kind == "hash" else f"{'P' if kind == 'person' else 'L'}{value}"
            shown_en = "resident-number key" if kind == "hash" else f"{'P' if kind == 'person' else 'L'}{value}"
            problems.append(r.problem(0, f"이 개인키의 사람이 없습니다 ({shown})",
                                     f"no person has this person key ({shown_en})", ErrorCode.NOT_FOUND))
        else:
            r.person_id = found_pk
    found = sorted({r.person_id for r in parsed if r.person_id})
    persons: dict[int, dict[str, Any]] = {}
    for i in range(0, len(found), _CHUNK):
        for row in Person.objects.filter(pk__in=found[i:i + _CHUNK]).values("pk", "name", "birth_date", "cluster_id"):
            persons[row["pk"]] = dict(row)
    return persons


def _direct_jobs(persons: dict[int, dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """The paid direct-job participations (직접일자리) of each person's whole cluster, by person id."""
    from iljari.people.models import BenefitRecord, Person

    key_of = {pk: p["cluster_id"] or pk for pk, p in persons.items()}
    keys = sorted(set(key_of.values()))
    members: dict[int, int] = {}  # member id -> cluster key
    for i in range(0, len(keys), _CHUNK):
        part = keys[i:i + _CHUNK]
        for pk, c in Person.objects.filter(Q(cluster_id__in=part) | Q(pk__in=part)).values_list("pk", "cluster_id"):
            members[pk] = c or pk
    for pk, k in key_of.items():
        members[pk] = k
    by_key: dict[int, list[dict[str, Any]]] = {}
    ids = sorted(members)
    for i in range(0, len(ids), _CHUNK):
        for b in (BenefitRecord.objects.filter(person_id__in=ids[i:i + _CHUNK], kind=BenefitRecord.Kind.PAID,
                                               program__job_type__code="direct")
                  .values("person_id", "start", "end", "program__name_ko", "program__name_en")):
            by_key.setdefault(members[b["person_id"]], []).append(dict(b))
    return {pk: by_key.get(k, []) for pk, k in key_of.items()}


def _check_people(parsed: list[ParsedRow], persons: dict[int, dict[str, Any]], problems: list[Problem]) -> None:
    """Checks that need the person: not before birth, not a direct-job participation marked private, no row
    twice, one employer private or public throughout."""
    asked = {r.person_id for r in parsed if r.ok and r.private and r.end and r.person_id}
    direct = _direct_jobs({pk: p for pk, p in persons.items() if pk in asked})
    seen: dict[tuple[Any, ...], int] = {}
    kind: dict[tuple[Any, ...], tuple[bool, int]] = {}
    for r in parsed:
        if not r.person_id or not r.ok:
            continue
        born = persons[r.person_id]["birth_date"]
        if born and r.start < born:
            problems.append(r.problem(3, f"시작일({r.start:%Y.%m.%d})이 생년월일보다 앞섭니다",
                                     f"the start ({r.start:%Y-%m-%d}) is before the person's birth",
                                     ErrorCode.INVALID_DATE))
            continue
        if r.private and r.end:
            for b in direct.get(r.person_id, []):
                if abs(r.start - b["start"]) <= DIRECT_JOB_SLACK and abs(r.end - b["end"]) <= DIRECT_JOB_SLACK:
                    problems.append(r.problem(6, f"같은 사람의 직접일자리 참여({b['program__name_ko']}, {b['start']:%Y.%m.%d}~"
                        f"{b['end']:%Y.%m.%d})와 같은 기간입니다: 직접일자리는 민간 일자리가 아닙니다 (N으로 적으십시오)",
                        f"the same period as the person's direct-job participation ({b['program__name_en'] or 'a direct job'}, "
                        f"{b['start']:%Y-%m-%d} to {b['end']:%Y-%m-%d}): a direct job is not a private-sector job "
                        "(write N)", ErrorCode.CONFLICT))
                    break
        employer = employer_key(r.business_number, r.employer_name)
        dup = (r.person_id, employer, r.start, r.end)
        if dup in seen:
            problems.append(r.problem(0, f"같은 사람·사업장·기간이 {seen[dup]}행에도 있습니다",
                                     f"the same person, employer and period is also on line {seen[dup]}",
                                     ErrorCode.DUPLICATE_ROW))
            continue
        seen[dup] = r.line
        first = kind.setdefault((r.person_id, employer), (r.private, r.line))
        if first[0] != r.private:
            problems.append(r.problem(6, f"같은 사람의 같은 사업장이 {first[1]}행에서는 민간여부 "
                                                f"{'Y' if first[0] else 'N'}입니다",
                                     f"the same person's same employer is private={'Y' if first[0] else 'N'} on "
                                     f"line {first[1]}", ErrorCode.CONFLICT))


# --- merging ------------------------------------------------------------------------------------------------------


@dataclass
class _Item:
    start: dt.date
    end: dt.date | None
    known: dt.date
    employer_name: str
    business_number: str
    wage_band: str
    private: bool
    row: ParsedRow | None = None
    episode: EmploymentEpisode | None = None

    @property
    def reach(self) -> dt.date:
        return self.end if self.end is not None else dt.date.max


def _components(items: list[_Item]) -> list[list[_Item]]:
    """Items of one person and employer joined when their periods overlap or touch (an open one reaches on)."""
    out: list[list[_Item]] = []
    reach = dt.date.min
    for it in sorted(items, key=lambda i: (i.start, i.reach)):
        if out and it.start <= (reach + dt.timedelta(days=1) if reach < dt.date.max else reach):
            out[-1].append(it)
            reach = max(reach, it.reach)
        else:
            out.append([it])
            reach = it.reach
    return out


def _merged(group: list[_Item]) -> dict[str, Any]:
    """One episode from a component (module rules: open when the latest news is "still employed")."""
    closed = [i.end for i in group if i.end is not None]
    open_known = [i.known for i in group if i.end is None]
    if open_known and (not closed or max(open_known) > max(closed)):
        end, known = None, max(open_known)
    else:
        end = max(closed)
        known = end
    latest = sorted(group, key=lambda i: (i.start, i.row is not None))  # the file's rows know more than before
    band = next((i.wage_band for i in reversed(latest) if i.wage_band), "")
    name = next((i.employer_name for i in reversed(latest) if i.employer_name), "")
    number = next((i.business_number for i in reversed(latest) if i.business_number), "")
    return {"start": min(i.start for i in group), "end": end, "known_until": known, "wage_band": band,
            "employer_name": name[:200], "business_number": number, "private": group[0].private}


_FIELDS = ("person_id", "employer_name", "business_number", "start", "end", "known_until", "wage_band", "private",
           "source", "source_ref", "batch_id", "illustrative")


def _state(e: EmploymentEpisode) -> dict[str, Any]:
    return {f: getattr(e, f) for f in _FIELDS}


def _where(p: Problem) -> tuple[int, int]:
    """Problems in the order of the file: by line, then by column."""
    return (p.line or 0, COLUMNS.index(p.field) if p.field in COLUMNS else -1)


def episodes_import(*, actor: Any, data: bytes, filename: str, source: str = "",
                    kind: str = EmploymentEpisode.Source.INSURANCE, as_of: dt.date | None = None,
                    dry_run: bool = False, illustrative: bool = False) -> ImportResult:
    """Import a file of employment records (module rules): all rows or none. Returns what was (or, on a dry run,
    would be) done; raises ServiceError naming every problem."""
    as_of = as_of or timezone.localdate()
    if kind not in (EmploymentEpisode.Source.INSURANCE, EmploymentEpisode.Source.OTHER):
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CHOICE, "자료 종류는 고용보험 연계 또는 기타 자료입니다",
                                   "the kind of source is the employment-insurance linkage or another source",
                                   field="kind"))
    if as_of > timezone.localdate():
        raise ServiceError(Problem(ErrorCode.INVALID_DATE, "자료 기준일이 오늘보다 뒤입니다",
                                   "the file's day is after today", field="as_of"))
    source = (source or "").strip()
    if len(source) > 100 or looks_like_formula(source):
        raise ServiceError(Problem(ErrorCode.TOO_LONG, "자료 출처는 100자까지, 수식 없이 적으십시오",
                                   "write the source in 100 characters at most, not as a formula", field="source"))
    digest = hashlib.sha256(data).hexdigest()
    before = EpisodeImport.objects.filter(sha256=digest).first()
    if before is not None:
        raise ServiceError(Problem(
            ErrorCode.DUPLICATE_ROW, f"이 파일은 {timezone.localtime(before.created_at):%Y.%m.%d}에 이미 반입했습니다 (반입 #{before.pk}, "
            f"{before.rows:,}행): 같은 파일은 한 번만 반입합니다",
            f"this file was already imported on {timezone.localtime(before.created_at):%Y-%m-%d} (import #{before.pk}, "
            f"{before.rows:,} rows): a file is imported once", field="file"))
    rows, encoding = read_rows(data, filename)
    parsed, problems = check_rows(rows, as_of=as_of)
    persons = _resolve(parsed, problems)
    _check_people(parsed, persons, problems)
    if problems:
        raise ServiceError(bounded_problems(sorted(problems, key=_where)))
    if not parsed:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "파일에 고용 이력 행이 없습니다", "the file has no employment rows"))
    result = ImportResult(rows=len(parsed), persons=len(persons), dry_run=dry_run, encoding=encoding)
    for r in parsed:
        result.keys[r.key[0]] = result.keys.get(r.key[0], 0) + 1
    if dry_run:  # the same plan, nothing written
        _fill(result, _plan(parsed=parsed, persons=persons, kind=kind, as_of=as_of, illustrative=illustrative,
                            lock=False), persons)
        return result
    try:
        with transaction.atomic(), change_context("import"):
            plan = _plan(parsed=parsed, persons=persons, kind=kind, as_of=as_of, illustrative=illustrative,
                         lock=True)
            _apply(actor=actor, plan=plan, parsed=parsed, persons=persons, result=result, name=filename,
                   digest=digest, source=source, kind=kind, as_of=as_of, illustrative=illustrative)
    except IntegrityError:  # the same file imported at the same moment by someone else
        raise ServiceError(Problem(ErrorCode.CONFLICT, "같은 파일을 방금 다른 사용자가 반입했습니다",
                                   "someone else has just imported the same file", field="file")) from None
    return result


@dataclass
class _Plan:
    create: list[tuple[EmploymentEpisode, int]]  # a new episode and its first line
    changed: list[tuple[EmploymentEpisode, dict[str, Any]]]  # an earlier episode extended, with its state before
    gone: list[EmploymentEpisode]  # earlier episodes absorbed by another
    unchanged: int
    merged_rows: int


def _plan(*, parsed: list[ParsedRow], persons: dict[int, dict[str, Any]], kind: str, as_of: dt.date,
          illustrative: bool, lock: bool) -> _Plan:
    """What the rows do to the episodes (module rules), without writing: new episodes, earlier ones extended or
    absorbed. `lock`: the earlier episodes are locked until the import commits."""
    groups: dict[tuple[int, tuple[str, str]], list[_Item]] = {}
    for r in parsed:
        groups.setdefault((r.person_id, employer_key(r.business_number, r.employer_name)), []).append(_Item(
            r.start, r.end, r.end or as_of, r.employer_name, r.business_number, r.wage_band, r.private, row=r))
    ids = sorted(persons)
    stored = EmploymentEpisode.objects.filter(source__in=[EmploymentEpisode.Source.INSURANCE,
                                                          EmploymentEpisode.Source.OTHER])
    if lock:
        stored = stored.select_for_update()
    for i in range(0, len(ids), _CHUNK):
        for e in stored.filter(person_id__in=ids[i:i + _CHUNK]):
            key = (e.person_id, employer_key(e.business_number, e.employer_name))
            if key in groups:
                groups[key].append(_Item(e.start, e.end, e.known_until or e.end or e.start, e.employer_name,
                                         e.business_number, e.wage_band, e.private, episode=e))
    plan = _Plan([], [], [], 0, 0)
    conflicts: list[Problem] = []
    for (person_id, _employer), items in groups.items():
        for group in _components(items):
            rows = [i.row for i in group if i.row is not None]
            if not rows:
                continue
            episodes = sorted((i.episode for i in group if i.episode is not None), key=lambda e: e.pk)
            if any(e.private != rows[0].private for e in episodes):
                e = next(e for e in episodes if e.private != rows[0].private)
                conflicts.append(rows[0].problem(6, f"이 사람의 같은 사업장 이력(반입 #{e.batch_id})은 민간여부가 "
                                                    f"{'Y' if e.private else 'N'}입니다",
                                                 f"this person's episode with the same employer (import #{e.batch_id}) "
                                                 f"is private={'Y' if e.private else 'N'}", ErrorCode.CONFLICT))
                continue
            values = _merged(group)
            if len(group) > 1:
                plan.merged_rows += len(rows)
            if not episodes:
                plan.create.append((EmploymentEpisode(person_id=person_id, source=kind, illustrative=illustrative,
                                                      **values), min(r.line for r in rows)))
                continue
            target, rest = episodes[0], episodes[1:]
            before = _state(target)
            for k, v in values.items():
                setattr(target, k, v)
            if _state(target) == before:
                plan.unchanged += 1
            else:
                target.version += 1
                plan.changed.append((target, before))
            plan.gone += rest
    if conflicts:
        raise ServiceError(bounded_problems(sorted(conflicts, key=_where)))
    return plan


def _fill(result: ImportResult, plan: _Plan, persons: dict[int, dict[str, Any]]) -> None:
    """The counts and the preview of a plan (applied or not)."""
    from iljari.people.selectors import mask_name

    result.created, result.extended, result.removed = len(plan.create), len(plan.changed), len(plan.gone)
    result.unchanged, result.merged_rows = plan.unchanged, plan.merged_rows
    final = [(e, True) for e, _line in plan.create] + [(e, False) for e, _before in plan.changed]
    result.private = sum(1 for e, _new in final if e.private)
    result.public = len(final) - result.private
    result.open = sum(1 for e, _new in final if e.end is None)
    for e, new in final[:PREVIEW]:
        p = persons[e.person_id]
        result.preview.append({
            "person": f"{mask_name(p['name'])} (#{e.person_id})", "employer": e.employer_name,
            "business_number": business_number_format(e.business_number) if e.business_number else "",
            "start": e.start, "end": e.end, "known_until": e.known_until, "wage_band": e.wage_band,
            "private": e.private, "new": new})


def _apply(*, actor: Any, plan: _Plan, parsed: list[ParsedRow], persons: dict[int, dict[str, Any]],
           result: ImportResult, name: str, digest: str, source: str, kind: str, as_of: dt.date,
           illustrative: bool) -> None:
    """Write a plan: the import's row, the episodes, their audit rows and the import's."""
    batch = EpisodeImport.objects.create(name=(name or "고용이력.csv")[:200], sha256=digest, source=source[:100],
                                         rows=len(parsed), as_of=as_of, illustrative=illustrative,
                                         created_by=actor if getattr(actor, "pk", None) else None)
    result.batch = batch.pk
    create = []
    for e, line in plan.create:
        e.batch, e.source_ref = batch, f"import:{batch.pk}:row:{line}"
        create.append(e)
    EmploymentEpisode.objects.bulk_create(create, batch_size=1000)
    fill_pks(create)
    if plan.changed:
        EmploymentEpisode.objects.bulk_update([e for e, _ in plan.changed], [
            "employer_name", "business_number", "start", "end", "known_until", "wage_band", "version"],
            batch_size=1000)
    if plan.gone:
        EmploymentEpisode.objects.filter(pk__in=[e.pk for e in plan.gone]).delete()
    why = f"고용 이력 반입 #{batch.pk} / employment records import #{batch.pk}"
    audit_many(actor=actor, object_type=OBJECT_TYPE, reason=why, rows=[
        *({"action": AuditEntry.Action.CREATE, "object_id": e.pk, "object_repr": str(e), "before": None,
           "after": _state(e)} for e in create),
        *({"action": AuditEntry.Action.UPDATE, "object_id": e.pk, "object_repr": str(e), "before": b,
           "after": _state(e)} for e, b in plan.changed),
        *({"action": AuditEntry.Action.DELETE, "object_id": e.pk, "object_repr": str(e), "before": _state(e),
           "after": None} for e in plan.gone)])
    _fill(result, plan, persons)
    audit_batch(actor=actor, object_type="outcomes.episodeimport", summary={
        "file": batch.name, "batch": batch.pk, "sha256": digest, "source": source, "kind": kind,
        "as_of": as_of, "rows": len(parsed), "persons": len(persons), "created": result.created,
        "extended": result.extended, "merged_rows": result.merged_rows, "removed": result.removed},
        reason="고용 이력 반입 / employment records imported")
