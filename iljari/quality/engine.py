"""Evaluate validation rules for one year as of a month end, vectorised over every (program, org unit) row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from iljari.core.periods import month_end
from iljari.ledger.models import Fact
from iljari.ledger.rollup import fact_frame
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Measure, Program

from .expressions import Ref, parse, references
from .models import ValidationRule

KINDS = ["target", "result", "budget", "commitment", "expenditure"]
# Exact comparisons: amounts are whole won, exactly representable as float64 below 2**53.
_OPS = {"<=": np.less_equal, "<": np.less, "==": np.equal, "!=": np.not_equal, ">=": np.greater_equal,
        ">": np.greater}


@dataclass
class Violation:
    rule: ValidationRule
    program_id: int
    program_code: str
    program_name: str
    org_code: str
    org_name: str
    period: str
    left: float | None
    right: float | None
    program_name_en: str = ""
    org_name_en: str = ""

    @property
    def severity(self) -> str:
        return self.rule.severity

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule.code, "severity": self.rule.severity, "program": self.program_code,
                "program_name": self.program_name, "org_unit": self.org_code, "org_name": self.org_name,
                "period": self.period, "left": self.left, "right": self.right,
                "message_ko": self.rule.message_ko, "message_en": self.rule.message_en or self.rule.message_ko,
                "expression": f"{self.rule.left} {self.rule.operator} {self.rule.right}".strip(),
                "description_ko": describe(self, "ko"), "description_en": describe(self, "en")}


def _cutoffs(year: int, as_of: dt.date) -> tuple[dt.date, dt.date | None, str]:
    """The date the values are read as of, the previous month end of the same year (for `.prev`, None in
    January) and the period the violations are reported under (the month of the as-of date, December after
    the year)."""
    if as_of.year > year:
        return as_of, month_end(year, 11), f"{year}-12"
    prev = month_end(year, as_of.month - 1) if as_of.month > 1 else None
    return as_of, prev, f"{year}-{as_of.month:02d}"


def _slice(year: int, as_of: dt.date | None, scope: OrgUnit | None) -> pd.DataFrame:
    """The values in force as of a date of every (program, unit, source): read through the roll-up engine, so
    a rule sees the figures the pages show for the same date (mid-month included)."""
    cols = ["program_id", "org_unit_id", "funding_source_id", *KINDS]
    if as_of is None:
        return pd.DataFrame(columns=cols)
    return fact_frame(year, as_of, scope)[cols]


def _wide(frame: pd.DataFrame, sources: dict[int, str]) -> pd.DataFrame:
    """One row per (program, org unit); columns `kind.source` and `kind` (the value in force)."""
    keys = ["program_id", "org_unit_id"]
    if frame.empty:
        return pd.DataFrame(columns=keys).set_index(keys)
    f = frame.assign(source=frame["funding_source_id"].map(sources))
    # (program, unit, source) is unique in a month slice: "first" keeps a missing value missing (a sum makes 0).
    wide = f.pivot_table(index=keys, columns="source", values=KINDS, aggfunc="first", dropna=False)
    wide.columns = [f"{k}.{s}" for k, s in wide.columns]
    for k in KINDS:
        specific = [c for c in wide.columns if c.startswith(f"{k}.") and c != f"{k}.total"]
        total = wide[f"{k}.total"] if f"{k}.total" in wide.columns else pd.Series(np.nan, index=wide.index)
        parts = wide[specific].sum(axis=1, min_count=1) if specific else pd.Series(np.nan, index=wide.index)
        wide[k] = total.fillna(parts)
    return wide


def _children(wide: pd.DataFrame, paths: dict[int, str], column: str) -> pd.Series:
    """For each (program, unit): the sum of `column` over the program's rows at units strictly below the unit."""
    if wide.empty or column not in wide.columns:
        return pd.Series(np.nan, index=wide.index)
    rows = wide[[column]].reset_index()
    rows = rows[rows[column].notna()]
    by_path = {p: oid for oid, p in paths.items()}
    out: list[tuple[int, int, float]] = []
    for prog, org, value in rows.itertuples(index=False, name=None):
        path = paths.get(org, "")
        for cut in range(7, len(path), 7):  # every strict ancestor
            anc = by_path.get(path[:cut])
            if anc is not None:
                out.append((prog, anc, value))
    if not out:
        return pd.Series(np.nan, index=wide.index)
    sums = pd.DataFrame(out, columns=["program_id", "org_unit_id", "v"]).groupby(
        ["program_id", "org_unit_id"])["v"].sum()
    return sums.reindex(wide.index)


def evaluate(*, year: int, as_of: dt.date, rules: list[ValidationRule] | None = None,
             scope: OrgUnit | None = None) -> list[Violation]:
    rules = rules if rules is not None else list(ValidationRule.objects.filter(active=True))
    cutoff, prev_cutoff, period = _cutoffs(year, as_of)
    scope_path = scope.path if scope else None
    sources = dict(Code.objects.filter(list="funding_source").values_list("pk", "code"))
    orgs = {o.pk: o for o in OrgUnit.objects.all()}
    paths = {pk: o.path for pk, o in orgs.items()}
    violations: list[Violation] = []
    compare = [r for r in rules if r.kind == ValidationRule.Kind.COMPARE]
    if compare:
        cur = _wide(_slice(year, cutoff, scope), sources)
        refs: set[Ref] = set()
        for r in compare:
            refs |= references(r.left) | references(r.right)
        cols: dict[str, np.ndarray] = {}
        prev = _wide(_slice(year, prev_cutoff, scope), sources) if any(x.prev for x in refs) else None
        for ref in refs:
            base = f"{ref.kind}.{ref.source}" if ref.source else ref.kind
            if ref.children:
                series = _children(cur, paths, base)
            elif ref.prev:
                series = (prev[base].reindex(cur.index) if prev is not None and base in prev.columns
                          else pd.Series(np.nan, index=cur.index))
            else:
                series = cur[base] if base in cur.columns else pd.Series(np.nan, index=cur.index)
            cols[ref.column] = series.to_numpy(dtype=np.float64)
        index = cur.index
        names = dict(Program.objects.filter(pk__in=set(index.get_level_values(0))).values_list("pk", "code"))
        titles = dict(Program.objects.filter(pk__in=set(index.get_level_values(0))).values_list("pk", "name_ko"))
        titles_en = dict(Program.objects.filter(pk__in=set(index.get_level_values(0))).values_list("pk", "name_en"))
        for rule in compare:
            skip = np.zeros(len(index), dtype=bool)
            for side, strategy in ((rule.left, rule.left_missing), (rule.right, rule.right_missing)):
                used = [cols[r.column] for r in references(side)]
                if not used or strategy == ValidationRule.Missing.NEVER_SKIP:
                    continue
                missing = np.vstack([np.isnan(u) for u in used])
                skip |= missing.any(axis=0) if strategy == ValidationRule.Missing.SKIP_IF_ANY else missing.all(axis=0)
            filled = {k: np.nan_to_num(v, nan=0.0) for k, v in cols.items()}
            left = np.broadcast_to(parse(rule.left)(filled), (len(index),))
            right = np.broadcast_to(parse(rule.right)(filled), (len(index),))
            with np.errstate(invalid="ignore"):
                ok = _OPS[rule.operator](left, right)
            bad = np.flatnonzero(~skip & ~ok.astype(bool))
            for i in bad.tolist():
                prog, org = index[i]
                violations.append(Violation(rule, int(prog), names.get(prog, "?"), titles.get(prog, ""),
                                            orgs[org].code, orgs[org].name_ko, period,
                                            float(left[i]), float(right[i]), titles_en.get(prog, ""),
                                            orgs[org].name_en))
    for rule in (r for r in rules if r.kind == ValidationRule.Kind.MISSING_REPORT):
        violations += _missing_reports(rule, year, as_of, scope_path)
    return violations


def _missing_reports(rule: ValidationRule, year: int, as_of: dt.date, scope_path: str | None) -> list[Violation]:
    """Programs with a target this year and no result for the latest month whose deadline has passed."""
    due = None
    for m in range(12, 0, -1):
        nxt = month_end(year, m) + dt.timedelta(days=1)
        deadline = nxt.replace(day=min(rule.deadline_day, 28))
        if deadline < as_of:
            due = m
            break
    if due is None:
        return []
    result = Measure.objects.filter(code="job_result").first()
    target = Measure.objects.filter(code="job_target").first()
    if result is None or target is None:
        return []
    expected = Fact.objects.filter(year=year, measure=target, as_of__lte=as_of)
    if scope_path:
        expected = expected.filter(org_unit__path__startswith=scope_path)
    pairs = set(expected.values_list("program_id", "org_unit_id").distinct())
    reported = set(Fact.objects.filter(year=year, measure=result, period=f"{year}-{due:02d}", as_of__lte=as_of)
                   .values_list("program_id", "org_unit_id").distinct())
    missing = sorted(pairs - reported)
    progs = {p.pk: p for p in Program.objects.filter(pk__in={p for p, _ in missing}, status="active")}
    orgs = {o.pk: o for o in OrgUnit.objects.filter(pk__in={o for _, o in missing})}
    return [Violation(rule, p, progs[p].code, progs[p].name_ko, orgs[o].code, orgs[o].name_ko, f"{year}-{due:02d}",
                      None, None, progs[p].name_en, orgs[o].name_en) for p, o in missing if p in progs]


def describe(v: Violation, lang: str = "ko", subject: bool = True) -> str:
    """What is wrong, in words: the program, the unit, the period and the figures (quality.sentences)."""
    from .sentences import violation_sentence

    return violation_sentence(v, lang, subject)
