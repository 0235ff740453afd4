"""Screening applications against a program's dated rules, column by column (100,000 applications in seconds).

Every decision lists each rule with passed / failed and the values it used, in Korean, so an officer can explain
it to the applicant. `screen_plain` applies the same rules one applicant at a time in plain Python: the
benchmark's baseline and the tests' cross-check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .models import EligibilityRule, Parameter


def parameter(name: str, on: dt.date) -> Any:
    p = Parameter.objects.filter(name=name, valid_from__lte=on).order_by("-valid_from").first()
    if p is None:
        raise LookupError(f"no value of parameter {name} on {on}")
    return p.value


def rules_in_force(program_id: int, on: dt.date) -> list[EligibilityRule]:
    from django.db.models import Q

    return list(EligibilityRule.objects.filter(program_id=program_id, valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("order", "id"))


def line_for(table: dict[str, int], size: int) -> int:
    """The line of a household size; sizes above the table use the largest size given (as the tables do)."""
    sizes = sorted(int(k) for k in table)
    return int(table[str(min(max(size, sizes[0]), sizes[-1]))])


def age_on(birth: dt.date, on: dt.date) -> int:
    """만 나이 on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def months_worked(spells: list[tuple[dt.date, dt.date]], on: dt.date, years: int) -> int:
    """Calendar months with any work in the `years` before `on` (a month counts once however many spells touch it)."""
    start = _years_before(on, years)
    months: set[tuple[int, int]] = set()
    for s, e in spells:
        s, e = max(s, start), min(e, on - dt.timedelta(days=1))
        if s > e:
            continue
        y, m = s.year, s.month
        while (y, m) <= (e.year, e.month):
            months.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return len(months)


def _years_before(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


@dataclass
class Screening:
    eligible: np.ndarray
    points: np.ndarray
    decisions: list[list[dict[str, Any]]] = field(default_factory=list)


def _objects(items: list[Any]) -> np.ndarray:
    """A column of Python objects (lists) that numpy does not turn into a 2-D array."""
    column = np.empty(len(items), dtype=object)
    for i, x in enumerate(items):
        column[i] = x
    return column


def _label(rule: EligibilityRule) -> str:
    """The rule's name in a decision: the officer's name for it, else the rule in words."""
    from .rule_text import rule_sentence

    return rule.label or rule_sentence(rule.kind, rule.params, "ko")  # stored with the decision, as the labels are


def screen_frame(frame: pd.DataFrame, rules: list[EligibilityRule], on: dt.date,
                 participation: pd.DataFrame | None = None, *, decisions: bool = True,
                 history: list[dict[str, Any]] | None = None) -> Screening:
    """`frame`: one row per application with birth_date, district, employment, household_size, household_income,
    property_value, statuses (list). `participation`: applicant row position -> months worked, per window.
    `history`: per row {"counted": [...], "unconfirmed": [...]}, the benefits the participation cap counted and
    those of possible matches waiting for a link review (not counted), kept with the decision as its reasons."""
    n = len(frame)
    eligible = np.ones(n, dtype=bool)
    points = np.zeros(n, dtype=np.int64)
    parts: list[tuple[EligibilityRule, np.ndarray | None, dict[str, Any]]] = []
    birth = pd.to_datetime(frame["birth_date"])
    by, bm, bd = birth.dt.year.to_numpy(), birth.dt.month.to_numpy(), birth.dt.day.to_numpy()
    age = on.year - by - ((on.month < bm) | ((on.month == bm) & (on.day < bd)))
    statuses = frame["statuses"].tolist()
    for rule in rules:
        p = rule.params or {}
        values: dict[str, Any] = {}
        passed: np.ndarray | None
        if rule.kind == "age_range":
            lo, hi = p.get("min"), p.get("max")
            passed = np.ones(n, dtype=bool)
            if lo is not None:
                passed &= age >= lo
            if hi is not None:
                passed &= age <= hi
            values = {"나이": age, "기준일": on.isoformat(), "범위": f"{lo if lo is not None else ''}~{hi if hi is not None else ''}세"}
        elif rule.kind == "residency":
            allowed = set(p.get("districts", []))
            d = frame["district"].fillna("").to_numpy()
            passed = np.isin(d, list(allowed))
            values = {"거주": d, "허용": ", ".join(sorted(allowed))}
        elif rule.kind == "employment":
            allowed = set(p.get("allowed", []))
            e = frame["employment"].to_numpy()
            passed = np.isin(e, list(allowed))
            values = {"취업 상태": e}
        elif rule.kind == "income_line":
            table = parameter(p["parameter"], on)
            sizes = frame["household_size"].to_numpy()
            lines = np.array([line_for(table, int(s)) for s in sizes], dtype=np.int64) * int(p.get("percent", 100)) // 100
            income = frame["household_income"].to_numpy()
            passed = income <= lines
            values = {"가구소득": income, "기준선": lines, "가구원 수": sizes}
        elif rule.kind == "property_cap":
            cap = int(p["max"])
            prop = frame["property_value"].to_numpy()
            passed = prop <= cap
            values = {"재산": prop, "상한": cap}
        elif rule.kind == "exclude_status":
            bad = set(p.get("statuses", []))
            hit = [sorted(bad & set(s or [])) for s in statuses]
            passed = np.array([not h for h in hit], dtype=bool)
            values = {"해당": np.array([", ".join(h) for h in hit], dtype=object)}
        elif rule.kind == "participation_cap":
            months = (participation if participation is not None else pd.Series(0, index=frame.index)).to_numpy()
            passed = months <= int(p["months"])
            values = {"최근 참여 개월": months, "상한": f"{p['years']}년간 {p['months']}개월"}
            if history is not None and decisions:
                values["반영 내역"] = _objects([h.get("counted", []) for h in history])
                values["확인 필요(미반영)"] = _objects([h.get("unconfirmed", []) for h in history])
        elif rule.kind == "priority_points":
            pts = np.zeros(n, dtype=np.int64)
            for status, add in (p.get("statuses") or {}).items():
                pts += np.array([add if status in (s or []) else 0 for s in statuses], dtype=np.int64)
            if p.get("per_dependant"):
                pts += (frame["household_size"].to_numpy() - 1).clip(min=0) * int(p["per_dependant"])
            points += pts
            passed = None
            values = {"가점": pts}
        else:  # pragma: no cover - the model's choices list every kind
            continue
        if passed is not None:
            eligible &= passed
        parts.append((rule, passed, values))
    if not decisions:
        return Screening(eligible, points)
    records: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for rule, passed, values in parts:
        label = _label(rule)
        fixed = {k: v for k, v in values.items() if not isinstance(v, np.ndarray)}
        columns = {k: v.tolist() for k, v in values.items() if isinstance(v, np.ndarray)}  # Python values, once
        flags = passed.tolist() if passed is not None else [None] * n
        names = list(columns)
        for i, cells in enumerate(zip(*columns.values(), strict=True) if columns else [()] * n):
            used = dict(zip(names, cells, strict=True))
            used.update(fixed)
            records[i].append({"rule": label, "kind": rule.kind, "passed": flags[i], "values": used})
    return Screening(eligible, points, records)


def screen_plain(people: list[dict[str, Any]], rules: list[EligibilityRule], on: dt.date,
                 params: dict[str, Any]) -> list[tuple[bool, int]]:
    """The same rules, one applicant at a time (baseline and cross-check). `params`: parameter name -> value."""
    out = []
    for a in people:
        ok, pts = True, 0
        for rule in rules:
            p = rule.params or {}
            k = rule.kind
            if k == "age_range":
                age = age_on(a["birth_date"], on)
                ok &= (p.get("min") is None or age >= p["min"]) and (p.get("max") is None or age <= p["max"])
            elif k == "residency":
                ok &= (a["district"] or "") in set(p.get("districts", []))
            elif k == "employment":
                ok &= a["employment"] in set(p.get("allowed", []))
            elif k == "income_line":
                ok &= a["household_income"] <= line_for(params[p["parameter"]], a["household_size"]) * int(
                    p.get("percent", 100)) // 100
            elif k == "property_cap":
                ok &= a["property_value"] <= int(p["max"])
            elif k == "exclude_status":
                ok &= not (set(p.get("statuses", [])) & set(a["statuses"] or []))
            elif k == "participation_cap":
                ok &= a.get("months", 0) <= int(p["months"])
            elif k == "priority_points":
                pts += sum(v for s, v in (p.get("statuses") or {}).items() if s in (a["statuses"] or []))
                if p.get("per_dependant"):
                    pts += max(0, a["household_size"] - 1) * int(p["per_dependant"])
        out.append((bool(ok), pts))
    return out
