"""Performance indicators as data (issue 18 §2, docs/outcomes.md): the kinds of definition an `IndicatorVersion`
may name, their parameters, their words, and the computation of every indicator for every program of a year in
one set-based pass over columns (numpy and pandas; `outcomes.inputs` reads the columns from the database).

A participation is a person's benefit record (people.BenefitRecord) of the program that overlaps the year and had
begun by the run's as-of day; a participant is one human: the person registry's cluster (Person.cluster_id, the
person's own id while unlinked), counted once per program however many records, rounds or districts they came
through. Per (program, participant): `first_start` the earliest start and `last_end` the latest end of those
records. Days are integers (days since 1970-01-01); an open end is `OPEN`.

Kinds (the `definition` JSON of a version, e.g. `{"kind": "employed_within", "window_months": 6}`):

- participants — the participants (명).
- vulnerable_share — participants with a vulnerable status stated on their applications or applicant record
  (`statuses`), or of `age_from` years or more when their participation began (%).
- repeat_participation — participants with an earlier participation (`kinds`, programs of `job_types`) that
  ended within `years` years before this one began (%; lower is better).
- employed_within — of the participants whose participation ended in the year and whose window has passed by the
  as-of day, those with an employment episode (private-sector only when `private_only`) beginning after the end
  and within `window_months` months (%).
- retained — of the participants placed that way (within `placement_window_months`) whose placement is
  `retain_months` months old by the as-of day, those employed that day (%).
- private_move — of the participants of a direct job whose participation ended in the year and whose window has
  passed, those with a private-sector job within `window_months` months and no return to a participation of
  `return_job_types` before it (%).
- cost_per — the program's `money` (ledger expenditure or budget of the year as of the day) per participant
  (`per` participants) or per participant employed within `window_months` (`per` employed) (원).
- execution_rate — the ledger's expenditure / budget of the year as of the day (%).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from iljari.core.errors import ErrorCode, Problem

EPOCH = dt.date(1970, 1, 1)
OPEN = 10**7  # an open end (still working): a day beyond any as-of date

# The groups the selection's vulnerable quota favours (participants.services.VULNERABLE), with the national
# basic livelihood recipients (국민기초생활수급자), as the statuses an applicant states (Applicant.STATUSES).
VULNERABLE_STATUSES = ["basic_livelihood", "disabled", "single_parent", "north_korean_defector",
                       "long_term_unemployed", "marriage_migrant", "veteran"]
BENEFIT_KINDS = ["paid", "subsidy", "training", "service"]


def day_number(d: dt.date) -> int:
    return (d - EPOCH).days


def day_of(n: int | float | None) -> dt.date | None:
    if n is None or (isinstance(n, float) and np.isnan(n)) or int(n) >= OPEN:
        return None
    return EPOCH + dt.timedelta(days=int(n))


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Day numbers moved by whole months, a day past the new month's end clamped to it (2021-08-31 + 6 months =
    2022-02-28), as dateutil's relativedelta does."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    offset = (d - m.astype("datetime64[D]")).astype(np.int64)
    moved = m + np.timedelta64(months, "M")
    length = ((moved + np.timedelta64(1, "M")).astype("datetime64[D]") - moved.astype("datetime64[D]")).astype(np.int64)
    return moved.astype("datetime64[D]").astype(np.int64) + np.minimum(offset, length - 1)


def age_on(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Full years of age (만 나이) on `day` of people born on `birth` (datetime64[D] arrays): the difference of
    the years, less one while the birthday (month and day) is still ahead in that year."""
    by = birth.astype("datetime64[Y]").astype(np.int64)
    dy = day.astype("datetime64[Y]").astype(np.int64)
    bm = birth.astype("datetime64[M]").astype(np.int64) % 12
    dm = day.astype("datetime64[M]").astype(np.int64) % 12
    bd = (birth - birth.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    dd = (day - day.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    ahead = (dm < bm) | ((dm == bm) & (dd < bd))
    return (dy - by - ahead.astype(np.int64)).astype(np.float64)


def add_months_date(d: dt.date, months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return d + relativedelta(months=months)


# --------------------------------------------------------------------------------------------------------------
# The kinds: parameters (with their defaults and checks) and words.


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    check: Callable[[Any], bool]
    ko: str
    en: str


def _months(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 60


def _years(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 10


def _codes(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and 0 < len(x) <= 40 for x in v)


def _age(v: Any) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool) and 0 < v < 120)


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


@dataclass(frozen=True)
class Kind:
    code: str
    unit: str  # percent | count | won
    params: tuple[Param, ...]
    words_ko: Callable[[dict[str, Any]], str]
    words_en: Callable[[dict[str, Any]], str]
    person_level: bool = True  # the trace lists persons (cost and execution list the money beside them)


_STATUS_WORDS = {  # participants.models.Applicant.STATUSES, with English words
    "basic_livelihood": ("국민기초생활수급자", "basic livelihood recipients"),
    "unemployment_benefit": ("실업급여 수급자", "unemployment benefit recipients"),
    "disabled": ("장애인", "disabled people"), "single_parent": ("한부모가정", "single parents"),
    "north_korean_defector": ("북한이탈주민", "North Korean defectors"), "veteran": ("국가유공자", "veterans"),
    "marriage_migrant": ("결혼이민자", "marriage migrants"), "long_term_unemployed": ("장기실업자", "long-term unemployed"),
}


def status_words(statuses: list[str], lang: str) -> str:
    i = 1 if lang == "en" else 0
    return (", " if lang == "en" else "·").join(_STATUS_WORDS.get(s, (s, s))[i] for s in statuses)


_TYPE_WORDS = {"direct": ("직접일자리", "direct jobs"), "indirect": ("간접일자리", "indirect jobs"),
               "training": ("직업훈련", "vocational training"), "employment_service": ("고용서비스", "employment services"),
               "employment_subsidy": ("고용장려금", "employment subsidies"), "startup": ("창업지원", "start-up support"),
               "private_support": ("민간지원", "private-sector support"), "construction": ("공사인력", "construction labour")}


def type_words(codes: list[str], lang: str) -> str:
    """Program types in words ("직접일자리·직업훈련"); every program when none are named."""
    if not codes:
        return "모든 사업" if lang == "ko" else "every program"
    i = 1 if lang == "en" else 0
    return ("·" if lang == "ko" else ", ").join(_TYPE_WORDS.get(c, (c, c))[i] for c in codes)


_KIND_WORDS_KO = {"paid": "유급 참여", "subsidy": "지원금", "training": "훈련", "service": "서비스"}
_KIND_WORDS_EN = {"paid": "paid participation", "subsidy": "subsidy", "training": "training", "service": "service"}


def _vuln_ko(p: dict[str, Any]) -> str:
    age = f" 또는 참여 시작일에 만 {p['age_from']}세 이상인" if p.get("age_from") else ""
    return (f"참여자 중 신청서나 신청자 기록에 취약계층({status_words(p['statuses'], 'ko')})으로 적혀 있거나{age} "
            "사람의 비율. 분모: 그해 참여자(사람 단위), 분자: 그중 취약계층")


def _vuln_en(p: dict[str, Any]) -> str:
    age = f", or aged {p['age_from']} or more when their participation began" if p.get("age_from") else ""
    return (f"Share of participants stated as vulnerable on an application or applicant record "
            f"({status_words(p['statuses'], 'en')}){age}. Denominator: the year's participants (persons); "
            "numerator: the vulnerable among them")


KINDS: dict[str, Kind] = {k.code: k for k in [
    Kind("participants", "count", (),
         lambda p: "그해 사업에 참여한 사람 수. 한 사람이 여러 회차·자치구·명단으로 참여해도 동일인 연계(클러스터)로 한 번만 셉니다",
         lambda p: "People who took part in the program in the year; a person who came through several rounds, "
                   "districts or lists counts once (the registry's linked cluster)", person_level=True),
    Kind("vulnerable_share", "percent", (
        Param("statuses", VULNERABLE_STATUSES, _codes, "취약계층 상태", "vulnerable statuses"),
        Param("age_from", 65, _age, "고령 기준 나이", "age from"),
    ), _vuln_ko, _vuln_en),
    Kind("repeat_participation", "percent", (
        Param("years", 3, _years, "기간(년)", "years"),
        Param("kinds", ["paid"], _codes, "수혜 종류", "benefit kinds"),
        Param("job_types", ["direct"], _codes, "사업 유형", "program types"),
    ), lambda p: (f"참여자 중 이번 참여 시작 전 {p['years']}년 안에 끝난 다른 참여({type_words(p['job_types'], 'ko')}, "
                  f"{'·'.join(_KIND_WORDS_KO.get(k, k) for k in p['kinds'])})가 있는 사람의 비율. 낮을수록 좋습니다"),
       lambda p: (f"Share of participants with an earlier participation ({type_words(p['job_types'], 'en')}, "
                  f"{', '.join(_KIND_WORDS_EN.get(k, k) for k in p['kinds'])}) that ended within {p['years']} years "
                  "before this one began. Lower is better")),
    Kind("employed_within", "percent", (
        Param("window_months", 6, _months, "기간(개월)", "window (months)"),
        Param("private_only", True, _bool, "민간 일자리만", "private-sector jobs only"),
    ), lambda p: (f"그해 참여가 끝나고 {p['window_months']}개월이 기준일까지 지난 참여자 중, 참여 종료 다음 날부터 "
                  f"{p['window_months']}개월 안에 {'민간 ' if p['private_only'] else ''}일자리에 취업한(고용 이력이 시작된) 사람의 비율"),
       lambda p: (f"Of the participants whose participation ended in the year and whose {p['window_months']} months "
                  f"had passed by the as-of day, the share who started a {'private-sector ' if p['private_only'] else ''}"
                  f"job (an employment episode) within {p['window_months']} months after the end")),
    Kind("retained", "percent", (
        Param("placement_window_months", 6, _months, "취업 인정 기간(개월)", "placement window (months)"),
        Param("retain_months", 6, _months, "유지 기간(개월)", "retention (months)"),
        Param("private_only", True, _bool, "민간 일자리만", "private-sector jobs only"),
    ), lambda p: (f"그해 참여가 끝나고 {p['placement_window_months']}개월 안에 취업한 사람 중 취업 후 "
                  f"{p['retain_months']}개월이 기준일까지 지난 사람에서, 취업 {p['retain_months']}개월 뒤 그날에도 "
                  "일하고 있던(고용 이력이 그날을 포함하는) 사람의 비율"),
       lambda p: (f"Of the participants placed in a job within {p['placement_window_months']} months after their "
                  f"participation ended in the year, whose placement was {p['retain_months']} months old by the as-of "
                  f"day: the share still employed {p['retain_months']} months after being placed")),
    Kind("private_move", "percent", (
        Param("window_months", 12, _months, "기간(개월)", "window (months)"),
        Param("return_job_types", ["direct"], _codes, "복귀로 보는 사업 유형", "program types counted as a return"),
    ), lambda p: (f"직접일자리 참여가 그해 끝나고 {p['window_months']}개월이 기준일까지 지난 참여자 중, "
                  f"{p['window_months']}개월 안에 민간 일자리에 취업하고 그 전에 {type_words(p['return_job_types'], 'ko')}"
                  "에 다시 참여하지 않은 사람의 비율"),
       lambda p: (f"Of the direct-job participants whose participation ended in the year and whose "
                  f"{p['window_months']} months had passed by the as-of day, the share who started a private-sector "
                  f"job within {p['window_months']} months without returning to {type_words(p['return_job_types'], 'en')} "
                  "before it")),
    Kind("cost_per", "won", (
        Param("money", "expenditure", lambda v: v in ("expenditure", "budget"), "금액", "money"),
        Param("per", "participants", lambda v: v in ("participants", "employed"), "나눌 인원", "per"),
        Param("window_months", 6, _months, "취업 인정 기간(개월)", "employment window (months)"),
        Param("private_only", True, _bool, "민간 일자리만", "private-sector jobs only"),
    ), lambda p: (f"그해 {'지출액' if p['money'] == 'expenditure' else '예산현액'}(기준일 현재) ÷ "
                   + ("참여자 수" if p["per"] == "participants" else
                      f"참여 종료 후 {p['window_months']}개월 안에 취업한 참여자 수")),
       lambda p: (f"The year's {'expenditure' if p['money'] == 'expenditure' else 'budget'} (as of the day) ÷ "
                   + ("participants" if p["per"] == "participants" else
                      f"participants employed within {p['window_months']} months after their participation"))),
    Kind("execution_rate", "percent", (),
         lambda p: "그해 지출액 ÷ 예산현액 × 100 (기준일 현재 원장 값)",
         lambda p: "The year's expenditure ÷ budget × 100 (the ledger as of the day)", person_level=False),
]}


def params_of(definition: dict[str, Any]) -> dict[str, Any]:
    """The definition's parameters with the kind's defaults filled in."""
    kind = KINDS[definition["kind"]]
    return {p.name: definition.get(p.name, p.default) for p in kind.params}


def validate(definition: Any, applies_to: Any = None) -> list[Problem]:
    """Every problem of a definition (unknown kind, unknown or malformed parameter)."""
    problems: list[Problem] = []
    if not isinstance(definition, dict) or definition.get("kind") not in KINDS:
        kinds = ", ".join(KINDS)
        return [Problem(ErrorCode.UNKNOWN_KIND, f"지표 종류가 아닙니다 (가능한 종류: {kinds})",
                        f"not an indicator kind (kinds: {kinds})", field="definition")]
    kind = KINDS[definition["kind"]]
    known = {p.name: p for p in kind.params}
    for name, value in definition.items():
        if name == "kind":
            continue
        if name not in known:
            problems.append(Problem(ErrorCode.INVALID, f"이 지표 종류에 없는 항목입니다: {name}",
                                    f"not a parameter of this kind: {name}", field="definition"))
        elif not known[name].check(value):
            problems.append(Problem(ErrorCode.INVALID, f"{known[name].ko} 값이 맞지 않습니다: {value!r}",
                                    f"{known[name].en}: not a valid value: {value!r}", field="definition"))
    if applies_to is not None and not _codes(applies_to):
        problems.append(Problem(ErrorCode.INVALID, "적용 사업 유형은 코드 목록입니다", "program types are a list of codes",
                                field="applies_to"))
    return problems


def words(definition: dict[str, Any], lang: str = "ko") -> str:
    """The definition in words, from its parameters (a new window changes the words with it)."""
    kind = KINDS[definition["kind"]]
    p = params_of(definition)
    return kind.words_en(p) if lang == "en" else kind.words_ko(p)


# --------------------------------------------------------------------------------------------------------------
# The computation.


@dataclass
class Inputs:
    """The columns one run reads (outcomes.inputs): every frame with integer day numbers.

    programs: index program id; job_type, subtype (codes, "" for none), in_year (bool: the registry's period
    overlaps the year), listed (bool: the registry holds any participation record of it).
    persons: index person id; cluster, birth (day number, NaN unknown).
    benefits: id, person, cluster, program (0: a program outside iljari), kind, start, end.
    episodes: id, person, cluster, start, end (OPEN: still working), private (bool).
    statuses: cluster, status (one row per stated status).
    money: index program id; budget, expenditure (float, NaN: no ledger value)."""

    year: int
    as_of: int
    programs: pd.DataFrame
    persons: pd.DataFrame
    benefits: pd.DataFrame
    episodes: pd.DataFrame
    statuses: pd.DataFrame
    money: pd.DataFrame
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def jan1(self) -> int:
        return day_number(dt.date(self.year, 1, 1))

    @property
    def dec31(self) -> int:
        return day_number(dt.date(self.year, 12, 31))


@dataclass(frozen=True)
class VersionSpec:
    """What the computation needs of an IndicatorVersion."""

    id: int
    code: str
    definition: dict[str, Any]
    applies_to: tuple[str, ...] = ()


def applies(programs: pd.DataFrame, applies_to: tuple[str, ...] | list[str]) -> np.ndarray:
    """Ids of the programs of `programs` whose job type or subtype is one of `applies_to` (all when empty)."""
    if not applies_to:
        return programs.index.to_numpy(np.int64)
    codes = list(applies_to)
    hit = programs["job_type"].isin(codes).to_numpy() | programs["subtype"].isin(codes).to_numpy()
    return programs.index.to_numpy(np.int64)[hit]


def participation(inp: Inputs) -> pd.DataFrame:
    """One row per (program, participant) of the year: program, cluster, person (the smallest person id of the
    program's records of them), first_start, last_end."""
    if "part" in inp.cache:
        return inp.cache["part"]
    b = inp.benefits
    keep = (b["program"].to_numpy() > 0) & (b["start"].to_numpy() <= min(inp.dec31, inp.as_of)) \
        & (b["end"].to_numpy() >= inp.jan1)
    b = b.loc[keep, ["program", "cluster", "person", "start", "end"]]
    part = (b.groupby(["program", "cluster"], sort=False)
            .agg(person=("person", "min"), first_start=("start", "min"), last_end=("end", "max")).reset_index())
    inp.cache["part"] = part
    return part


def _only(frame: pd.DataFrame, programs: np.ndarray) -> pd.DataFrame:
    return frame[frame["program"].isin(programs)]


_SHIFT = np.int64(1 << 25)  # cluster * _SHIFT + day orders by (cluster, day): days and OPEN are below 2**25


class _Sorted:
    """Records (episodes or benefit records) sorted by (cluster, start, id), searched per row by binary search
    instead of a merge on the cluster: the first record starting on or after a day, and the record with the
    latest end among those starting before a day (a running maximum that starts again at each cluster)."""

    def __init__(self, frame: pd.DataFrame):
        f = frame.sort_values(["cluster", "start", "id"], kind="stable")
        self.frame = f
        self.cluster = f["cluster"].to_numpy(np.int64)
        self.start = f["start"].to_numpy(np.int64)
        self.end = f["end"].to_numpy(np.int64)
        self.id = f["id"].to_numpy(np.int64)
        self.key = self.cluster * _SHIFT + self.start
        v = self.cluster * _SHIFT + self.end
        acc = np.maximum.accumulate(v) if len(v) else v
        self.max_end = acc - self.cluster * _SHIFT
        self.max_pos = np.maximum.accumulate(np.where(v == acc, np.arange(len(v)), 0)) if len(v) else v

    def _search(self, cluster: np.ndarray, day: np.ndarray) -> np.ndarray:
        """searchsorted of (cluster, day), the needles in order (a binary search then starts where the last one
        ended: five times faster on a million rows than needles in random order)."""
        needles = cluster.astype(np.int64) * _SHIFT + day.astype(np.int64)
        order = np.argsort(needles, kind="stable")
        idx = np.empty(len(needles), dtype=np.int64)
        idx[order] = np.searchsorted(self.key, needles[order], "left")
        return idx

    def first_from(self, cluster: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Position of the cluster's first record starting on or after `day` (-1: none)."""
        idx = self._search(cluster, day)
        ok = idx < len(self.key)
        ok[ok] = self.cluster[idx[ok]] == cluster[ok]
        return np.where(ok, idx, -1)

    def latest_end_before(self, cluster: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Position of the record with the latest end among the cluster's records starting before `day` (-1)."""
        idx = self._search(cluster, day) - 1
        ok = idx >= 0
        ok[ok] = self.cluster[idx[ok]] == cluster[ok]
        out = np.full(len(idx), -1, dtype=np.int64)
        out[ok] = self.max_pos[idx[ok]]
        return out


def _sorted(inp: Inputs, key: str, frame: Callable[[], pd.DataFrame]) -> _Sorted:
    if key not in inp.cache:
        inp.cache[key] = _Sorted(frame())
    return inp.cache[key]


def _take(values: np.ndarray, pos: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """values[pos] where ok, NaN elsewhere (float: ids and days stay exact below 2**53)."""
    out = np.full(len(pos), np.nan)
    out[ok] = values[pos[ok]]
    return out


def _first_after(rows: pd.DataFrame, episodes: _Sorted, limit_col: str, after_col: str = "last_end",
                 as_of: int | None = None) -> pd.DataFrame:
    """For each row (program, cluster, ...): the first episode of the cluster that starts after `after_col` and on or
    before `limit_col` (and the as-of day); columns ep_id and ep_start (NaN: none)."""
    cluster = rows["cluster"].to_numpy(np.int64)
    pos = episodes.first_from(cluster, rows[after_col].to_numpy(np.int64) + 1)
    ok = pos >= 0
    start = np.zeros(len(pos), dtype=np.int64)
    start[ok] = episodes.start[pos[ok]]
    ok &= start <= rows[limit_col].to_numpy(np.int64)
    if as_of is not None:
        ok &= start <= as_of
    rows["ep_id"] = _take(episodes.id, pos, ok)
    rows["ep_start"] = _take(episodes.start, pos, ok)
    return rows


def _private(inp: Inputs, private_only: bool) -> _Sorted:
    e = inp.episodes
    if private_only:
        return _sorted(inp, "eps:private", lambda: e[e["private"].to_numpy()])
    return _sorted(inp, "eps:all", lambda: e)


def _kinds_codes(inp: Inputs, job_types: list[str]) -> np.ndarray:
    """Program ids of the given types (every program, and records without one, when none are named)."""
    return applies(inp.programs, tuple(job_types))


def _records(inp: Inputs, kinds: list[str], job_types: list[str]) -> _Sorted:
    """Benefit records of `kinds` and of programs of `job_types` (any, with records of programs outside iljari,
    when none are named), sorted for searching."""
    def make() -> pd.DataFrame:
        b = inp.benefits
        sel = b["kind"].isin([BENEFIT_KINDS.index(k) for k in kinds if k in BENEFIT_KINDS]).to_numpy()
        if job_types:
            sel &= b["program"].isin(_kinds_codes(inp, job_types)).to_numpy()
        return b[sel]

    return _sorted(inp, f"records:{sorted(kinds)}:{sorted(job_types)}", make)


def rows_participants(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    r = _only(participation(inp), programs).copy()
    r["den"] = True
    r["num"] = True
    return r


def rows_vulnerable(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    r = _only(participation(inp), programs).copy()
    st = inp.statuses
    st = st[st["status"].isin(p["statuses"])].drop_duplicates("cluster")[["cluster", "status"]]
    r = r.merge(st.rename(columns={"status": "stated"}), on="cluster", how="left")
    r["den"] = True
    flag = r["stated"].notna().to_numpy()
    r["age"] = np.nan
    if p.get("age_from"):
        if "birth" not in inp.cache:  # the earliest birth date of each cluster
            inp.cache["birth"] = inp.persons.groupby("cluster")["birth"].min()
        b = r["cluster"].map(inp.cache["birth"]).to_numpy(dtype=np.float64)
        known = ~np.isnan(b)
        age = np.full(len(r), np.nan)
        if known.any():
            bd = b[known].astype(np.int64).astype("datetime64[D]")
            sd = r["first_start"].to_numpy()[known].astype(np.int64).astype("datetime64[D]")
            age[known] = age_on(bd, sd)
        r["age"] = age
        flag = flag | (age >= p["age_from"])
    r["num"] = flag
    return r


def rows_repeat(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    r = _only(participation(inp), programs).copy()
    r["since"] = add_months(r["first_start"].to_numpy(), -12 * p["years"])
    prior = _records(inp, p["kinds"], p["job_types"])
    pos = prior.latest_end_before(r["cluster"].to_numpy(np.int64), r["first_start"].to_numpy(np.int64))
    ok = pos >= 0
    ok[ok] = prior.end[pos[ok]] >= r["since"].to_numpy(np.int64)[ok]
    r["prior_id"] = _take(prior.id, pos, ok)
    r["prior_program"] = _take(prior.frame["program"].to_numpy(np.int64), pos, ok)
    r["prior_start"] = _take(prior.start, pos, ok)
    r["prior_end"] = _take(prior.end, pos, ok)
    r["den"] = True
    r["num"] = ok
    return r


def _cohort(inp: Inputs, programs: np.ndarray, window: int | None) -> pd.DataFrame:
    """Participants whose participation ended in the year, with `closed` (its window has passed by the as-of
    day; always True without a window) and `limit` (the window's last day)."""
    r = _only(participation(inp), programs).copy()
    ended = r["last_end"].to_numpy() <= inp.dec31
    r["ended"] = ended
    if window is not None:
        r["limit"] = add_months(r["last_end"].to_numpy(), window)
        r["closed"] = ended & (r["limit"].to_numpy() <= inp.as_of)
    return r


def rows_employed(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    key = f"employed:{p['window_months']}:{p['private_only']}:{hash(programs.tobytes())}"
    if key in inp.cache:  # cost per employed participant reads the same rows
        return inp.cache[key]
    r = _cohort(inp, programs, p["window_months"])
    r = _first_after(r, _private(inp, p["private_only"]), "limit", as_of=inp.as_of)
    r["den"] = r["closed"].to_numpy()
    r["num"] = r["den"].to_numpy() & r["ep_id"].notna().to_numpy()
    inp.cache[key] = r
    return r


def rows_retained(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    r = _cohort(inp, programs, p["placement_window_months"])
    eps = _private(inp, p["private_only"])
    r = _first_after(r, eps, "limit", as_of=inp.as_of)
    placed = r["ended"].to_numpy() & r["ep_id"].notna().to_numpy()
    check = np.full(len(r), OPEN, dtype=np.int64)
    if placed.any():
        check[placed] = add_months(r["ep_start"].to_numpy()[placed].astype(np.int64), p["retain_months"])
    r["check"] = check
    den = placed & (check <= inp.as_of)
    r["den"] = den
    # employed on the check day: an episode starting on or before it whose end reaches it
    pos = eps.latest_end_before(r["cluster"].to_numpy(np.int64), check + 1)
    ok = den & (pos >= 0)
    ok[ok] = eps.end[pos[ok]] >= check[ok]
    r["held_id"] = _take(eps.id, pos, ok)
    r["num"] = ok
    return r


def rows_private_move(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    r = _cohort(inp, programs, p["window_months"])
    r = _first_after(r, _private(inp, True), "limit", as_of=inp.as_of)
    back = _records(inp, ["paid"], p["return_job_types"]) if p["return_job_types"] else \
        _sorted(inp, "records:paid:programs", lambda: inp.benefits[
            (inp.benefits["kind"].to_numpy() == BENEFIT_KINDS.index("paid")) & (inp.benefits["program"].to_numpy() > 0)])
    found = r["ep_id"].notna().to_numpy()
    pos = back.first_from(r["cluster"].to_numpy(np.int64), r["last_end"].to_numpy(np.int64) + 1)
    ok = found & (pos >= 0)
    ok[ok] = back.start[pos[ok]] < r["ep_start"].to_numpy()[ok]
    r["return_id"] = _take(back.id, pos, ok)
    r["return_start"] = _take(back.start, pos, ok)
    r["den"] = r["closed"].to_numpy()
    r["num"] = r["den"].to_numpy() & found & ~ok
    return r


def rows_cost(inp: Inputs, p: dict[str, Any], programs: np.ndarray) -> pd.DataFrame:
    if p["per"] == "employed":
        r = rows_employed(inp, {"window_months": p["window_months"], "private_only": p["private_only"]}, programs)
        r = r.copy()
        r["den"] = r["num"]  # the persons the money is divided by
        return r
    return rows_participants(inp, p, programs)


ROWS: dict[str, Callable[[Inputs, dict[str, Any], np.ndarray], pd.DataFrame]] = {
    "participants": rows_participants, "vulnerable_share": rows_vulnerable, "repeat_participation": rows_repeat,
    "employed_within": rows_employed, "retained": rows_retained, "private_move": rows_private_move,
    "cost_per": rows_cost,
}


def run_programs(inp: Inputs) -> np.ndarray:
    """The programs of a run: the registry's programs running in the year and any program with a participation in
    it, sorted."""
    part = participation(inp)
    ids = np.union1d(inp.programs.index.to_numpy(np.int64)[inp.programs["in_year"].to_numpy()],
                     part["program"].to_numpy(np.int64))
    return ids[np.isin(ids, inp.programs.index.to_numpy(np.int64))]


def _count(values: np.ndarray, programs: pd.Series, ids: np.ndarray) -> np.ndarray:
    s = pd.Series(values.astype(np.int64)).groupby(programs.to_numpy()).sum()
    return s.reindex(ids, fill_value=0).to_numpy(np.int64)


def _div(num: np.ndarray, den: np.ndarray, scale: int) -> list[Decimal | None]:
    """Exact num × scale / den rounded half-up to 4 places (None where den is 0 or a part is missing)."""
    out: list[Decimal | None] = []
    q = Decimal("0.0001")
    for n, d in zip(num.tolist(), den.tolist(), strict=True):
        if n is None or d is None or d == 0 or (isinstance(n, float) and np.isnan(n)) or (isinstance(d, float) and np.isnan(d)):
            out.append(None)
        else:
            out.append((Decimal(int(n)) * scale / Decimal(int(d))).quantize(q, rounding=ROUND_HALF_UP))
    return out


def compute(inp: Inputs, versions: list[VersionSpec]) -> pd.DataFrame:
    """Every version for the programs it applies to among the run's programs: one row per (version, program) with
    numerator and denominator (nullable integers) and value (Decimal or None)."""
    ids = run_programs(inp)
    progs = inp.programs.loc[ids]
    frames = []
    for v in versions:
        kind = KINDS[v.definition["kind"]]
        p = params_of(v.definition)
        pids = applies(progs, v.applies_to)
        if not len(pids):
            continue
        lst = progs.loc[pids, "listed"].to_numpy()
        num: np.ndarray
        den: np.ndarray
        if kind.code == "execution_rate":
            money = inp.money.reindex(pids)
            num, den = money["expenditure"].to_numpy(), money["budget"].to_numpy()
            value = _div(num, den, 100)
        elif kind.code == "cost_per":
            rows = ROWS[kind.code](inp, p, pids)
            count = _count(rows["den"].to_numpy(), rows["program"], pids).astype(object)
            count[~lst] = None
            num = inp.money.reindex(pids)[p["money"]].to_numpy()
            den = count
            value = _div(num, den, 1)
        else:
            rows = ROWS[kind.code](inp, p, pids)
            n = _count(rows["num"].to_numpy(), rows["program"], pids).astype(object)
            d = _count(rows["den"].to_numpy(), rows["program"], pids).astype(object)
            n[~lst], d[~lst] = None, None
            if kind.code == "participants":
                num, den = n, np.array([None] * len(pids), dtype=object)
                value = [None if x is None else Decimal(int(x)) for x in n.tolist()]
            else:
                num, den = n, d
                value = _div(num, den, 100)
        frames.append(pd.DataFrame({"version": np.full(len(pids), v.id, dtype=np.int64), "program": pids,
                                    "numerator": pd.Series(_ints(num), dtype=object),
                                    "denominator": pd.Series(_ints(den), dtype=object),
                                    "value": pd.Series(value, dtype=object)}))
    if not frames:
        return pd.DataFrame({"version": pd.Series(dtype=np.int64), "program": pd.Series(dtype=np.int64),
                             **{c: pd.Series(dtype=object) for c in ("numerator", "denominator", "value")}})
    return pd.concat(frames, ignore_index=True)


def _ints(a: np.ndarray) -> list[int | None]:
    return [None if x is None or (isinstance(x, float) and np.isnan(x)) else int(x) for x in a.tolist()]


def detail(inp: Inputs, version: VersionSpec, program: int) -> pd.DataFrame:
    """The person rows behind one figure (one program): the kind's rows with `den` and `num` and their
    evidence columns (episode, prior record, status, age...), as the run counted them."""
    kind = KINDS[version.definition["kind"]]
    if not kind.person_level:
        return pd.DataFrame()
    p = params_of(version.definition)
    return ROWS[kind.code](inp, p, np.array([program], dtype=np.int64)).reset_index(drop=True)
