"""Screening and pricing subsidy claim months against a flow's dated rules (`CaseRule`), column by column.

One row per claim month: `month` (first day), `leave_days`, `employees` (the firm's; NaN: not stated),
`insured_until` (NaT: not stated), `firm_region` ("서울 관악구 …"), `month_no` (the month's place among the
worker's months claimed in the flow, 1-based). Each month is judged by the rules in force on its last day (so a
month the rules begin in, November 2020 for rules from 14 November, is judged by them; a month before or after
all rules by the nearest ones); a month with no pay rule is not paid ("no_pay_rule"). Each
rule gives passed / failed and the values it used in words (Korean and English), kept on `ClaimMonth.decision`.
`screen_plain` applies the same rules one month at a time in plain Python: the benchmark's baseline and the
tests' cross-check (docs/cases.md, "Subsidy claims").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from iljari.core.errors import ErrorCode

# The order rules are applied and shown in; pay comes last (it prices what passed).
KINDS = ("leave_window", "min_leave_days", "max_months", "firm_size", "insured_on", "residency", "pay_monthly")

# A failed rule refused at intake is this error.
ERROR_OF = {
    "leave_window": ErrorCode.OUTSIDE_WINDOW,
    "min_leave_days": ErrorCode.TOO_FEW_DAYS,
    "max_months": ErrorCode.TOO_MANY_MONTHS,
    "firm_size": ErrorCode.FIRM_TOO_LARGE,
    "insured_on": ErrorCode.CONDITION_FAILED,
    "residency": ErrorCode.CONDITION_FAILED,
}

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def date_ko(d: dt.date) -> str:
    return f"{d.year}. {d.month}. {d.day}."


def date_en(d: dt.date) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def month_ko(d: dt.date, year: bool = True) -> str:
    return f"{d.year}년 {d.month}월" if year else f"{d.month}월"


def month_en(d: dt.date) -> str:
    return f"{MONTHS_EN[d.month - 1]} {d.year}"


def won(n: int) -> str:
    return f"{n:,}원"


def _iso(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def rule_name(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """A rule's name in words (Korean, English) from its parameters: "월 5일 이상 무급휴직"."""
    p = params or {}
    if kind == "leave_window":
        s, e = _iso(p["start"]), _iso(p["end"])
        return (f"무급휴직 기간({date_ko(s)}~{date_ko(e)})", f"leave between {date_en(s)} and {date_en(e)}")
    if kind == "min_leave_days":
        return f"월 {p['days']}일 이상 무급휴직", f"at least {p['days']} days of unpaid leave a month"
    if kind == "max_months":
        return f"최대 {p['months']}개월 지원", f"at most {p['months']} months paid"
    if kind == "firm_size":
        return f"{p['below']}인 미만 기업", f"a firm of fewer than {p['below']} employees"
    if kind == "insured_on":
        d = _iso(p["date"])
        return f"{date_ko(d)}까지 고용보험 유지", f"still insured on {date_en(d)}"
    if kind == "residency":
        return f"{p['region']} 소재 기업", f"a firm in {'Seoul' if p['region'] == '서울' else p['region']}"
    if kind == "pay_monthly":
        return f"월 지원액 {won(int(p['amount']))}", f"₩{int(p['amount']):,} a month"
    return kind, kind


class Rules:
    """A flow's rules with their dates (`CaseRule` rows or anything with kind, params, valid_from, valid_to):
    `on(day)` gives the rule of each kind in force that day (the latest begun, not yet ended)."""

    def __init__(self, rules: list[Any]):
        self.rules = sorted(rules, key=lambda r: r.valid_from, reverse=True)
        self._cache: dict[dt.date, dict[str, Any]] = {}

    def on(self, day: dt.date) -> dict[str, Any]:
        if day not in self._cache:
            found: dict[str, Any] = {}
            for r in self.rules:
                if r.kind in KINDS and r.kind not in found and r.valid_from <= day and (
                        r.valid_to is None or r.valid_to >= day):
                    found[r.kind] = r
            self._cache[day] = found
        return self._cache[day]

    def for_month(self, last_day: dt.date) -> dict[str, Any]:
        """The rules a month is judged by: those in force on its last day; for a month before the rules begin or
        after they end, those nearest in time (so October 2020 is refused by the leave window, not for want of a
        rule)."""
        force = self.on(last_day)
        if force or not self.rules:
            return force
        days = {r.valid_from for r in self.rules} | {r.valid_to for r in self.rules if r.valid_to}
        for day in sorted(days, key=lambda d: abs((d - last_day).days)):
            if self.on(day):
                return self.on(day)
        return force


@dataclass
class Screening:
    eligible: np.ndarray  # bool per row
    amount: np.ndarray  # int64 won per row
    failed: list[tuple[str, ...]]  # the kinds of the rules each row failed
    decisions: list[list[dict[str, Any]]] = field(default_factory=list)


def _text(kind: str, params: dict[str, Any], row: dict[str, Any], passed: bool | None) -> tuple[str, str]:
    """The values a rule used, in words (Korean, English), for one month."""
    m: dt.date = row["month"]
    if kind == "leave_window":
        return f"청구 월 {month_ko(m)}", f"month claimed: {month_en(m)}"
    if kind == "min_leave_days":
        d = row["leave_days"]
        return f"{month_ko(m, False)} 휴직 {d}일", f"{d} days of leave in {MONTHS_EN[m.month - 1]}"
    if kind == "max_months":
        n = row["month_no"]
        return f"이 근로자의 {n}번째 청구 월", f"the worker's month number {n} claimed"
    if kind == "firm_size":
        e = row["employees"]
        if e is None:
            return "상시 근로자 수 미기재", "number of employees not stated"
        return f"상시 근로자 {e:,}명", f"{e:,} employees"
    if kind == "insured_on":
        u = row["insured_until"]
        if u is None:
            return "고용보험 유지 여부 미확인", "insurance not stated"
        return f"고용보험 {date_ko(u)}까지 유지", f"insured until {date_en(u)}"
    if kind == "residency":
        r = row["firm_region"] or ""
        en = ("the firm is in Seoul" if r.startswith("서울") else f"firm's address: {r}") if r else \
            "firm's address not stated"
        return (f"사업장 소재지 {r}" if r else "사업장 소재지 미기재"), en
    if kind == "pay_monthly":
        a = int(params["amount"]) if passed else 0
        return (f"지원액 {won(a)}" if passed else "요건 미충족으로 지원액 0원",
                f"₩{a:,}" if passed else "₩0: a rule is not met")
    return "", ""


NO_PAY_RULE = {"kind": "no_pay_rule", "rule": "지급 기준", "rule_en": "pay rule", "passed": False,
               "values": "이 달에 적용되는 지급 기준이 없습니다", "values_en": "no pay rule is in force for this month"}


def screen_frame(frame: pd.DataFrame, rules: Rules, *, decisions: bool = True) -> Screening:
    """Every month of `frame` judged and priced by the rules in force on its first day, rule by rule over
    columns; the decisions in words are made after, from the columns' Python values."""
    n = len(frame)
    month = frame["month"].to_numpy(dtype="datetime64[D]")
    first = month.astype("datetime64[M]").astype("datetime64[D]")
    last = (month.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    days = frame["leave_days"].to_numpy(dtype=np.int64)
    employees = frame["employees"].to_numpy(dtype=float)
    insured = frame["insured_until"].to_numpy(dtype="datetime64[D]")
    region = frame["firm_region"].fillna("").astype(str)
    month_no = frame["month_no"].to_numpy(dtype=np.int64)
    eligible = np.ones(n, dtype=bool)
    amount = np.zeros(n, dtype=np.int64)
    passed: dict[str, np.ndarray] = {k: np.ones(n, dtype=bool) for k in KINDS}
    applied: dict[str, np.ndarray] = {k: np.zeros(n, dtype=bool) for k in KINDS}
    group = np.zeros(n, dtype=np.int64)  # which month's rules each row was judged by (`forces`)
    forces: list[dict[str, Any]] = []
    pay = np.zeros(n, dtype=np.int64)
    no_pay = np.zeros(n, dtype=bool)
    for key in np.unique(first):
        idx = np.flatnonzero(first == key)
        force = rules.for_month(last[idx[0]].astype(dt.date))
        if "pay_monthly" not in force:
            no_pay[idx] = True
            eligible[idx] = False
        group[idx] = len(forces)
        forces.append(force)
        for kind, rule in force.items():
            p = rule.params or {}
            applied[kind][idx] = True
            if kind == "leave_window":
                ok = (first[idx] <= np.datetime64(p["end"], "D")) & (last[idx] >= np.datetime64(p["start"], "D"))
            elif kind == "min_leave_days":
                ok = days[idx] >= int(p["days"])
            elif kind == "max_months":
                ok = month_no[idx] <= int(p["months"])
            elif kind == "firm_size":
                e = employees[idx]
                ok = ~np.isnan(e) & (e < int(p["below"]))
            elif kind == "insured_on":
                u = insured[idx]
                ok = ~np.isnat(u) & (u >= np.datetime64(p["date"], "D"))
            elif kind == "residency":
                ok = region.iloc[idx].str.startswith(str(p["region"])).to_numpy(dtype=bool)
            else:  # pay_monthly
                pay[idx] = int(p["amount"])
                continue
            passed[kind][idx] = ok
            eligible[idx] &= ok
    amount[:] = np.where(eligible, pay, 0)
    checks = [k for k in KINDS if k != "pay_monthly"]
    fails = (np.column_stack([applied[k] & ~passed[k] for k in checks] + [no_pay]) if n
             else np.zeros((0, len(checks) + 1), bool))
    checks.append("no_pay_rule")
    bits = fails.astype(np.int64) @ (np.int64(1) << np.arange(len(checks), dtype=np.int64)) if n else np.zeros(0)
    names_of = {int(b): tuple(checks[j] for j in range(len(checks)) if int(b) >> j & 1) for b in np.unique(bits)}
    failed = [names_of[b] for b in bits.tolist()]
    if not decisions:
        return Screening(eligible, amount, failed)
    rows = {"month": first.astype(dt.date).tolist(), "leave_days": days.tolist(), "month_no": month_no.tolist(),
            "employees": [None if np.isnan(e) else int(e) for e in employees.tolist()],
            "insured_until": [None if u is None else u for u in insured.astype(dt.date).tolist()],
            "firm_region": region.tolist()}
    flags = {k: passed[k].tolist() for k in KINDS}
    ok_rows = eligible.tolist()
    records: list[list[dict[str, Any]]] = []
    names: dict[int, dict[str, tuple[str, str]]] = {}
    groups = group.tolist()
    for i in range(n):
        force = forces[groups[i]]
        labels = names.setdefault(groups[i], {k: rule_name(k, r.params) for k, r in force.items()})
        row = {k: v[i] for k, v in rows.items()}
        out = []
        for kind in KINDS:
            rule = force.get(kind)
            if rule is None:
                continue
            flag: bool | None = ok_rows[i] if kind == "pay_monthly" else flags[kind][i]
            ko, en = _text(kind, rule.params, row, flag)
            out.append({"kind": kind, "rule": labels[kind][0], "rule_en": labels[kind][1],
                        "passed": None if kind == "pay_monthly" else flag, "values": ko, "values_en": en})
        if "pay_monthly" not in force:
            out.append(NO_PAY_RULE)
        records.append(out)
    return Screening(eligible, amount, failed, records)


def screen_plain(rows: list[dict[str, Any]], rules: Rules) -> list[tuple[bool, int, tuple[str, ...]]]:
    """The same rules, one month at a time (baseline and cross-check): (eligible, amount, failed kinds).
    `rows`: dicts with the frame's columns as Python values (dates, int or None, str)."""
    out = []
    for r in rows:
        m: dt.date = r["month"]
        first = m.replace(day=1)
        nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        force = rules.for_month(last)
        failed = []
        pay = 0
        for kind in KINDS:
            rule = force.get(kind)
            if rule is None:
                continue
            p = rule.params or {}
            if kind == "leave_window":
                ok = first <= _iso(p["end"]) and last >= _iso(p["start"])
            elif kind == "min_leave_days":
                ok = r["leave_days"] >= int(p["days"])
            elif kind == "max_months":
                ok = r["month_no"] <= int(p["months"])
            elif kind == "firm_size":
                ok = r["employees"] is not None and r["employees"] < int(p["below"])
            elif kind == "insured_on":
                ok = r["insured_until"] is not None and r["insured_until"] >= _iso(p["date"])
            elif kind == "residency":
                ok = (r["firm_region"] or "").startswith(str(p["region"]))
            else:
                pay = int(p["amount"])
                continue
            if not ok:
                failed.append(kind)
        if "pay_monthly" not in force:
            failed.append("no_pay_rule")
        out.append((not failed, 0 if failed else pay, tuple(failed)))
    return out


def frame_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The screening frame from plain rows (the same dicts `screen_plain` takes)."""
    return pd.DataFrame({
        "month": pd.to_datetime([r["month"] for r in rows]),
        "leave_days": np.array([r["leave_days"] for r in rows], dtype=np.int64),
        "employees": np.array([np.nan if r["employees"] is None else r["employees"] for r in rows], dtype=float),
        "insured_until": pd.to_datetime([r["insured_until"] for r in rows]),
        "firm_region": [r["firm_region"] or "" for r in rows],
        "month_no": np.array([r["month_no"] for r in rows], dtype=np.int64),
    })
