"""Why a figure is what it is (issue 18 §2, "traceable"): for one program × indicator of a run, the definition in
words, numerator and denominator, and each person behind them with the reason they count — recomputed on demand
for that one program with the same code the run used (outcomes.indicators.detail over outcomes.inputs read for
the program's participants), never stored per person.

Names are masked (people.selectors.mask_name) and shown only for the persons the user may see
(`Person.objects.restrict(user, "view_person")`: a district officer its own district's participants, the council
none); the others are counted, not named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from iljari.core.numbers import format_percent
from iljari.people.models import BenefitRecord, Person
from iljari.people.selectors import mask_name
from iljari.programs.models import Program

from . import indicators as ind
from .inputs import read_inputs
from .models import EmploymentEpisode, IndicatorVersion, OutcomeFigure, OutcomeRun

COUNTED, NOT_COUNTED, OUTSIDE = "counted", "not", "outside"
STATUS_WORDS = {COUNTED: ("분자에 셈", "Counted"), NOT_COUNTED: ("분모에만 셈", "In the denominator only"),
                OUTSIDE: ("분모에서 제외", "Not in the denominator")}
# a cost per person divides money by people: the persons listed are its divisor, not a numerator
COST_STATUS_WORDS = {COUNTED: ("1인당 비용의 인원에 셈", "Counted in the per-person divisor"),
                     NOT_COUNTED: ("인원에 셈하지 않음", "Not counted in the divisor"),
                     OUTSIDE: ("인원에 셈하지 않음(기간 밖)", "Not counted (outside the period)")}


def day_words(d: dt.date | None, lang: str) -> str:
    if d is None:
        return "-"
    return f"{d.day} {d:%b} {d.year}" if lang == "en" else f"{d.year}. {d.month}. {d.day}."


def value_words(value: Decimal | None, unit: str, lang: str) -> str:
    """A figure as shown: 28.6%, 7명 (7 on an English page), 11,428,571원 (₩11,428,571); '-' for none."""
    if value is None:
        return "-"
    if unit == "percent":
        return f"{format_percent(Decimal(value))}%"
    whole = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "△" if whole < 0 else ""
    if unit == "won":
        return f"{sign}₩{abs(whole):,}" if lang == "en" else f"{sign}{abs(whole):,}원"
    return f"{sign}{abs(whole):,}" + ("" if lang == "en" else "명")


@dataclass
class TraceRow:
    person_id: int
    name: str
    status: str
    reason: str


@dataclass
class Trace:
    run: OutcomeRun
    program: Program
    version: IndicatorVersion
    figure: OutcomeFigure | None
    words: str
    numerator: int | None = None
    denominator: int | None = None
    money: dict[str, int | None] = field(default_factory=dict)
    rows: Any = None  # TraceRows: the persons the user may see
    counts: dict[str, int] = field(default_factory=dict)  # every person, by status
    hidden: int = 0  # persons outside the user's view (counted, not named)

    @property
    def same_as_run(self) -> bool:
        f = self.figure
        return f is None or (f.numerator, f.denominator) == (self.numerator, self.denominator)


def figure_trace(*, user: Any, run: OutcomeRun, program: Program, version: IndicatorVersion, lang: str = "ko"
                 ) -> Trace:
    """The trace of one figure of a run (the program and the run already checked against the user's view)."""
    figure = OutcomeFigure.objects.filter(run=run, program=program, indicator_version=version).first()
    words = (version.words_en or ind.words(version.definition, "en")) if lang == "en" else \
        (version.words_ko or ind.words(version.definition, "ko"))
    t = Trace(run=run, program=program, version=version, figure=figure, words=words)
    inputs = read_inputs(run.year, run.as_of, program=program.pk)
    kind = ind.KINDS[version.definition["kind"]]
    p = ind.params_of(version.definition)
    money = inputs.money.reindex([program.pk])
    t.money = {k: (None if pd.isna(money[k].iloc[0]) else int(money[k].iloc[0])) for k in ("budget", "expenditure")}
    spec = ind.VersionSpec(id=version.pk, code=version.indicator.code, definition=version.definition,
                           applies_to=tuple(version.applies_to or ()))
    listed = bool(inputs.programs["listed"].get(program.pk, False))
    if kind.code == "execution_rate":
        t.numerator, t.denominator = t.money["expenditure"], t.money["budget"]
        return t
    rows = ind.detail(inputs, spec, program.pk)
    if kind.code == "cost_per":
        status = [COUNTED if d else OUTSIDE for d in rows["den"].tolist()]
        t.numerator = t.money[p["money"]]
        t.denominator = int(rows["den"].sum()) if listed else None
    else:
        status = [COUNTED if n else (NOT_COUNTED if d else OUTSIDE)
                  for n, d in zip(rows["num"].tolist(), rows["den"].tolist(), strict=True)]
        t.numerator = int(rows["num"].sum()) if listed else None
        t.denominator = None if kind.code == "participants" or not listed else int(rows["den"].sum())
    order = {COUNTED: 0, NOT_COUNTED: 1, OUTSIDE: 2}
    rows = rows.assign(status=status, rank=[order[x] for x in status])
    t.counts = {s: status.count(s) for s in (COUNTED, NOT_COUNTED, OUTSIDE)}
    # who the user may see: the persons of the program's records of the year through the registry's restriction
    year_records = BenefitRecord.objects.filter(program=program, start__lte=min(dt.date(run.year, 12, 31), run.as_of),
                                                end__gte=dt.date(run.year, 1, 1)).values("person_id")
    visible = set(Person.objects.restrict(user, "view_person").filter(pk__in=year_records)
                  .values_list("pk", flat=True))
    shown = rows[rows["person"].isin(list(visible))].sort_values(["rank", "person"], kind="stable")
    t.hidden = len(rows) - len(shown)
    t.rows = TraceRows(shown.reset_index(drop=True), _Reasons(inputs, kind.code, p, lang))
    return t


class TraceRows:
    """The persons of a trace the user may see, in order (counted, in the denominator only, outside; then by
    person), as a sequence a paginator slices: names and reasons are made only for the rows of the page shown."""

    def __init__(self, frame: pd.DataFrame, reasons: _Reasons, status: str = ""):
        self.frame = frame if not status else frame[frame["status"] == status].reset_index(drop=True)
        self.reasons = reasons

    def only(self, status: str) -> TraceRows:
        return TraceRows(self.frame, self.reasons, status)

    def __len__(self) -> int:
        return len(self.frame)

    def count(self) -> int:
        return len(self.frame)

    def __getitem__(self, key: slice | int) -> Any:
        if isinstance(key, int):
            return self.rows(slice(key, key + 1))[0]
        return self.rows(key)

    def rows(self, key: slice) -> list[TraceRow]:
        part = self.frame.iloc[key]
        names = dict(Person.objects.filter(pk__in=[int(x) for x in part["person"]]).values_list("pk", "name"))
        self.reasons.prepare(part)
        return [TraceRow(person_id=int(r.person), name=mask_name(names.get(int(r.person), "")), status=r.status,
                         reason=self.reasons(r)) for r in part.itertuples(index=False)]


class _Reasons:
    """The reason of each person's row in the page's language, from the evidence columns of indicators.detail."""

    def __init__(self, inputs: ind.Inputs, kind: str, p: dict[str, Any], lang: str):
        self.kind, self.p, self.lang, self.as_of = kind, p, lang, ind.day_of(inputs.as_of)
        self.employers: dict[int, str] = {}
        self.records: dict[int, str] = {}

    def prepare(self, rows: pd.DataFrame) -> None:
        """Employers' and programs' names of the rows about to be shown, one query each."""
        ep_ids = set()
        for col in ("ep_id", "held_id"):
            if col in rows:
                ep_ids |= {int(x) for x in rows[col].dropna().tolist()}
        self.employers = {pk: (name or number or "-") for pk, name, number in EmploymentEpisode.objects.filter(
            pk__in=ep_ids).values_list("pk", "employer_name", "business_number")}
        rec_ids = set()
        for col in ("prior_id", "return_id"):
            if col in rows:
                rec_ids |= {int(x) for x in rows[col].dropna().tolist()}
        self.records = {}
        for r in BenefitRecord.objects.filter(pk__in=rec_ids).select_related("program"):
            en = (r.program.name_en or r.program.name_ko) if r.program else r.program_name
            self.records[r.pk] = (r.program.name_ko if r.program else r.program_name) if self.lang == "ko" else en

    def d(self, n: Any) -> str:
        return day_words(ind.day_of(None if n is None or pd.isna(n) else int(n)), self.lang)

    def s(self, ko: str, en: str) -> str:
        return en if self.lang == "en" else ko

    def __call__(self, r: Any) -> str:
        return getattr(self, f"_{self.kind}")(r)

    def _participants(self, r: Any) -> str:
        return self.s(f"참여 {self.d(r.first_start)} ~ {self.d(r.last_end)}",
                      f"Took part {self.d(r.first_start)} to {self.d(r.last_end)}")

    def _vulnerable_share(self, r: Any) -> str:
        age = None if pd.isna(r.age) else int(r.age)
        age_ko = f"참여 시작 {self.d(r.first_start)} 당시 만 {age}세" if age is not None else "생년월일 미상"
        age_en = (f"aged {age} when the participation began ({self.d(r.first_start)})" if age is not None
                  else "birth date unknown")
        if isinstance(r.stated, str):
            return self.s(f"신청 기록: {ind.status_words([r.stated], 'ko')} ({age_ko})",
                          f"Stated on an application: {ind.status_words([r.stated], 'en')} ({age_en})")
        if r.status == COUNTED:
            return self.s(f"{age_ko} (만 {self.p['age_from']}세 이상)", f"{age_en.capitalize()} ({self.p['age_from']} or more)")
        return self.s(f"취약계층 기재 없음, {age_ko}", f"No vulnerable status stated; {age_en}")

    def _ended(self, r: Any) -> str | None:
        """Why a participant is outside a cohort of those who ended in the year, or None."""
        if not r.ended:
            return self.s(f"참여가 {self.d(r.last_end)}까지 이어짐 (그해에 끝나지 않음)",
                          f"Took part until {self.d(r.last_end)} (did not end in the year)")
        return None

    def _employed_within(self, r: Any) -> str:
        w = self.p["window_months"]
        if r.status != OUTSIDE or (self.kind == "cost_per" and r.num):
            if pd.notna(r.ep_id):
                days = int(r.ep_start) - int(r.last_end)
                return self.s(f"참여 종료 {self.d(r.last_end)} → {self.d(r.ep_start)} {self.employers.get(int(r.ep_id), '-')} "
                              f"취업 ({days}일 후)",
                              f"Participation ended {self.d(r.last_end)} → job at {self.employers.get(int(r.ep_id), '-')} "
                              f"from {self.d(r.ep_start)} ({days} days later)")
            return self.s(f"참여 종료 {self.d(r.last_end)} → {w}개월 안({self.d(r.limit)}까지)에 취업 기록 없음",
                          f"Participation ended {self.d(r.last_end)} → no job within {w} months (to {self.d(r.limit)})")
        return self._ended(r) or self.s(
            f"참여 종료 {self.d(r.last_end)}: {w}개월({self.d(r.limit)}까지)이 기준일 {day_words(self.as_of, 'ko')}까지 지나지 않음",
            f"Participation ended {self.d(r.last_end)}: its {w} months (to {self.d(r.limit)}) had not passed by "
            f"{day_words(self.as_of, 'en')}")

    def _cost_per(self, r: Any) -> str:
        if self.p["per"] == "employed":
            return self._employed_within(r)
        return self._participants(r)

    def _retained(self, r: Any) -> str:
        rm, pw = self.p["retain_months"], self.p["placement_window_months"]
        if r.status == OUTSIDE:
            ended = self._ended(r)
            if ended:
                return ended
            if pd.isna(r.ep_id):
                return self.s(f"참여 종료 {self.d(r.last_end)} → {pw}개월 안에 취업 기록 없음",
                              f"Participation ended {self.d(r.last_end)} → no job within {pw} months")
            return self.s(f"{self.d(r.ep_start)} 취업: {rm}개월({self.d(r.check)})이 기준일까지 지나지 않음",
                          f"Job from {self.d(r.ep_start)}: {rm} months (to {self.d(r.check)}) had not passed by the "
                          "as-of day")
        employer = self.employers.get(int(r.ep_id), "-")
        if r.status == COUNTED:
            held = self.employers.get(int(r.held_id), "-")
            return self.s(f"{self.d(r.ep_start)} {employer} 취업 → {rm}개월 뒤 {self.d(r.check)}에도 재직 ({held})",
                          f"Job at {employer} from {self.d(r.ep_start)} → still employed {rm} months later, on "
                          f"{self.d(r.check)} ({held})")
        return self.s(f"{self.d(r.ep_start)} {employer} 취업 → {self.d(r.check)}에 재직 기록 없음",
                      f"Job at {employer} from {self.d(r.ep_start)} → no employment on {self.d(r.check)}")

    def _private_move(self, r: Any) -> str:
        w = self.p["window_months"]
        if r.status == OUTSIDE:
            return self._ended(r) or self.s(
                f"참여 종료 {self.d(r.last_end)}: {w}개월({self.d(r.limit)}까지)이 기준일까지 지나지 않음",
                f"Participation ended {self.d(r.last_end)}: its {w} months (to {self.d(r.limit)}) had not passed by "
                "the as-of day")
        if pd.isna(r.ep_id):
            return self.s(f"참여 종료 {self.d(r.last_end)} → {w}개월 안({self.d(r.limit)}까지)에 민간 취업 없음",
                          f"Participation ended {self.d(r.last_end)} → no private-sector job within {w} months")
        employer = self.employers.get(int(r.ep_id), "-")
        days = int(r.ep_start) - int(r.last_end)
        if pd.notna(r.return_id):
            back = self.records.get(int(r.return_id), "-")
            return self.s(f"참여 종료 {self.d(r.last_end)} → {self.d(r.return_start)} {back} 재참여 → "
                          f"{self.d(r.ep_start)} {employer} 취업",
                          f"Participation ended {self.d(r.last_end)} → back in {back} from {self.d(r.return_start)} → "
                          f"job at {employer} from {self.d(r.ep_start)}")
        return self.s(f"참여 종료 {self.d(r.last_end)} → {self.d(r.ep_start)} {employer} 민간 취업 ({days}일 후)",
                      f"Participation ended {self.d(r.last_end)} → private-sector job at {employer} from "
                      f"{self.d(r.ep_start)} ({days} days later)")

    def _repeat_participation(self, r: Any) -> str:
        if r.status == COUNTED:
            name = self.records.get(int(r.prior_id), "-")
            return self.s(f"이전 참여 {self.d(r.prior_start)} ~ {self.d(r.prior_end)} {name} "
                          f"(이번 참여 시작 {self.d(r.first_start)})",
                          f"Earlier participation {self.d(r.prior_start)} to {self.d(r.prior_end)} in {name} "
                          f"(this one began {self.d(r.first_start)})")
        years = self.p["years"]
        return self.s(f"{years}년 안({self.d(r.since)} 이후)에 끝난 이전 참여 없음 (이번 참여 시작 {self.d(r.first_start)})",
                      f"No earlier participation ending within {years} years (since {self.d(r.since)}; this one "
                      f"began {self.d(r.first_start)})")
