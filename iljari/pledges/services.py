"""Writes to pledges: one document in, validated as a whole, children replaced, one audit row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from iljari.audit.services import audit_change, check_version
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Program

from .models import (
    IndicatorResult,
    IndicatorTarget,
    Pledge,
    PledgeActivity,
    PledgeAmount,
    PledgeEvent,
    PledgeIndicator,
)

SOURCES = ["national", "city", "district", "other"]
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _num(v: Decimal) -> int | float | str:
    """Decimals in documents: whole numbers as int, others as text (exact)."""
    return int(v) if v == v.to_integral_value() else str(v.normalize())


def pledge_document(p: Pledge) -> dict[str, Any]:
    """The pledge as the document `pledge_save` takes (amounts in won); also its audit before/after."""
    indicators = []
    for ind in p.indicators.prefetch_related("targets", "results").order_by("order"):
        yearly = {t.period: _num(t.value) for t in ind.targets.all() if _YEAR.match(t.period)}
        quarterly = {t.period: _num(t.value) for t in ind.targets.all() if _QUARTER.match(t.period)}
        indicators.append({
            "order": ind.order, "name": ind.name, "indicator": ind.indicator, "unit": ind.unit,
            "goal": _num(ind.goal), "goal_note": ind.goal_note, "weight": _num(ind.weight), "additive": ind.additive,
            "yearly_targets": yearly, "quarterly_targets": quarterly,
            "results": [{"as_of": r.as_of.isoformat(), "value": _num(r.value)} for r in ind.results.all()]})
    amounts = list(p.amounts.select_related("funding_source"))
    events = list(p.events.all())
    return {
        "number": p.number, "title": p.title, "owner_org": p.owner_org.code, "owner_text": p.owner_text,
        "summary": p.summary, "policy_goals": p.policy_goals, "period_start": p.period_start,
        "period_end": p.period_end, "term_start": p.term_start, "term_end": p.term_end, "nature": p.nature,
        "completion": p.completion, "central_help": p.central_help, "executing_body": p.executing_body,
        "status": p.status, "programs": sorted(p.programs.values_list("code", flat=True)),
        "activities": [{"name": a.name, "quarters": a.quarters} for a in p.activities.order_by("order")],
        "investment_plan": [{"year": a.year, "source": a.funding_source.code, "amount": a.amount}
                            for a in amounts if a.kind == PledgeAmount.Kind.PLAN],
        "execution": [{"year": a.year, "source": a.funding_source.code, "amount": a.amount}
                      for a in amounts if a.kind == PledgeAmount.Kind.EXECUTION],
        "indicators": indicators,
        "milestones": [{"date": e.month.strftime("%Y-%m"), "title": e.title, "detail": e.detail}
                       for e in events if e.kind == PledgeEvent.Kind.MILESTONE],
        "participation": [{"date": e.month.strftime("%Y-%m"), "kind": e.kind, "detail": e.detail}
                          for e in events if e.kind != PledgeEvent.Kind.MILESTONE],
        "next_steps": p.next_steps,
    }


class _Checker:
    """Collects every problem of a document with the path of the field (indicators[2].weight)."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.problems: list[Problem] = []

    def fail(self, field: str, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> None:
        self.problems.append(Problem(code, ko, en, field=field))

    def text(self, d: dict[str, Any], key: str, path: str, required: bool = True, limit: int = 400) -> str:
        v = d.get(key, "")
        if not isinstance(v, str):
            self.fail(path, "글자가 아닙니다", "not text")
            return ""
        v = v.strip()
        if required and not v:
            self.fail(path, f"{key} 값이 없습니다", f"{key} is missing", ErrorCode.REQUIRED)
        if len(v) > limit:
            self.fail(path, f"{limit}자를 넘습니다", f"longer than {limit} characters")
        return v

    def year(self, d: dict[str, Any], key: str, path: str) -> int:
        v = d.get(key)
        if not isinstance(v, int) or isinstance(v, bool) or not 1990 <= v <= 2100:
            self.fail(path, f"연도가 아닙니다: {v!r}", f"not a year: {v!r}", ErrorCode.INVALID_DATE)
            return 0
        return v

    def choice(self, d: dict[str, Any], key: str, path: str, choices: Any) -> str:
        v = d.get(key)
        allowed = [c.value for c in choices] if not isinstance(choices, list) else choices
        if v not in allowed:
            self.fail(path, f"허용되지 않는 값 {v!r} (가능: {', '.join(allowed)})",
                      f"{v!r} is not one of {', '.join(allowed)}", ErrorCode.UNKNOWN_CODE)
            return ""
        return str(v)

    def number(self, v: Any, path: str, *, integer: bool = False, negative: bool = False) -> Decimal | None:
        if isinstance(v, bool) or not isinstance(v, int | float | str | Decimal):
            self.fail(path, f"숫자가 아닙니다: {v!r}", f"not a number: {v!r}", ErrorCode.NOT_A_NUMBER)
            return None
        try:
            d = Decimal(str(v).replace(",", ""))
        except InvalidOperation:
            self.fail(path, f"숫자가 아닙니다: {v!r}", f"not a number: {v!r}", ErrorCode.NOT_A_NUMBER)
            return None
        if not d.is_finite() or abs(d) >= Decimal(10) ** 14:
            self.fail(path, f"범위를 벗어난 값입니다: {v!r}", f"out of range: {v!r}")
            return None
        if integer and d != d.to_integral_value():
            self.fail(path, f"정수가 아닙니다: {v!r}", f"not a whole number: {v!r}", ErrorCode.NOT_AN_INTEGER)
            return None
        if d < 0 and not negative:
            self.fail(path, f"음수를 넣을 수 없습니다: {v!r}", f"cannot be negative: {v!r}",
                      ErrorCode.NEGATIVE_NOT_ALLOWED)
            return None
        return d

    def month(self, v: Any, path: str) -> dt.date | None:
        m = _MONTH.match(str(v or ""))
        if not m or not 1 <= int(m[2]) <= 12:
            self.fail(path, f"연월이 아닙니다 (예: 2023-05): {v!r}", f"not a year-month (e.g. 2023-05): {v!r}",
                      ErrorCode.INVALID_DATE)
            return None
        return dt.date(int(m[1]), int(m[2]), 1)

    def entries(self, key: str) -> list[tuple[int, str, dict[str, Any]]]:
        """(index, path, item) of the list `key` whose items are objects; any other item is a problem."""
        out = []
        for i, a in enumerate(self.items(key)):
            if isinstance(a, dict):
                out.append((i, f"{key}[{i}]", a))
            else:
                self.fail(f"{key}[{i}]", "항목이 아닙니다", "not an item")
        return out

    def items(self, key: str) -> list[Any]:
        v = self.data.get(key, [])
        if not isinstance(v, list):
            self.fail(key, "목록이 아닙니다", "not a list")
            return []
        return v


def _parse(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The document checked and converted; every problem at once."""
    c = _Checker(data)
    out: dict[str, Any] = {}
    for key, limit in (("number", 20), ("title", 200), ("owner_text", 400)):
        out[key] = c.text(data, key, key, required=key != "owner_text", limit=limit)
    owner = OrgUnit.objects.filter(code=str(data.get("owner_org", ""))).first()
    if owner is None:
        c.fail("owner_org", f"알 수 없는 조직 '{data.get('owner_org')}'", f"unknown org unit '{data.get('owner_org')}'",
               ErrorCode.UNKNOWN_ORG_UNIT)
    out["owner_org"] = owner
    for key in ("period_start", "period_end", "term_start", "term_end"):
        out[key] = c.year(data, key, key)
    if out["period_start"] and out["period_end"] and out["period_end"] < out["period_start"]:
        c.fail("period_end", "사업기간의 끝이 시작보다 빠릅니다", "the period ends before it starts", ErrorCode.INVALID_DATE)
    if out["term_start"] and out["term_end"] and out["term_end"] < out["term_start"]:
        c.fail("term_end", "임기의 끝이 시작보다 빠릅니다", "the term ends before it starts", ErrorCode.INVALID_DATE)
    out["nature"] = c.choice(data, "nature", "nature", Pledge.Nature)
    out["completion"] = c.choice(data, "completion", "completion", Pledge.Completion)
    out["executing_body"] = c.choice(data, "executing_body", "executing_body", Pledge.Body)
    out["status"] = c.choice(data, "status", "status", Pledge.Status)
    helps = data.get("central_help", [])
    if not isinstance(helps, list) or any(h not in Pledge.HELP_KINDS for h in helps):
        c.fail("central_help", f"중앙정부 도움 종류는 {', '.join(Pledge.HELP_KINDS)} 중에서 고릅니다",
               f"central help is a list of {', '.join(Pledge.HELP_KINDS)}", ErrorCode.UNKNOWN_CODE)
        helps = []
    out["central_help"] = sorted(set(helps), key=list(Pledge.HELP_KINDS).index)
    for key in ("summary", "policy_goals"):
        lines = c.items(key)
        out[key] = [str(x).strip() for x in lines if str(x).strip()]
    codes = [str(x) for x in c.items("programs")]
    programs = list(Program.objects.filter(code__in=codes))
    for missing in sorted(set(codes) - {p.code for p in programs}):
        c.fail("programs", f"알 수 없는 사업 '{missing}'", f"unknown program '{missing}'", ErrorCode.UNKNOWN_PROGRAM)
    out["programs"] = programs

    activities = []
    for _i, path, a in c.entries("activities"):
        quarters = a.get("quarters", [])
        if not isinstance(quarters, list) or any(not _QUARTER.match(str(q)) for q in quarters):
            c.fail(f"{path}.quarters", "분기는 2024Q3처럼 씁니다", "quarters are written like 2024Q3", ErrorCode.UNKNOWN_PERIOD)
            quarters = []
        activities.append({"name": c.text(a, "name", f"{path}.name", limit=200), "quarters": sorted(set(quarters))})
    out["activities"] = activities

    sources = {x.code: x for x in Code.objects.filter(list="funding_source", code__in=SOURCES)}
    for key in ("investment_plan", "execution"):
        rows, seen = [], set()
        for _i, path, a in c.entries(key):
            year = c.year(a, "year", f"{path}.year")
            src = sources.get(str(a.get("source")))
            if src is None:
                c.fail(f"{path}.source", f"알 수 없는 재원 '{a.get('source')}' ({', '.join(SOURCES)})",
                       f"unknown funding source '{a.get('source')}' ({', '.join(SOURCES)})",
                       ErrorCode.UNKNOWN_FUNDING_SOURCE)
            amount = c.number(a.get("amount"), f"{path}.amount", integer=True)
            if (year, a.get("source")) in seen:
                c.fail(path, f"{year}년 {a.get('source')} 금액이 두 번 있습니다",
                       f"{year} {a.get('source')} is given twice", ErrorCode.DUPLICATE_ROW)
            seen.add((year, a.get("source")))
            if year and src and amount is not None:
                rows.append((year, src, int(amount)))
        out[key] = rows

    indicators = []
    for i, path, a in c.entries("indicators"):
        ind: dict[str, Any] = {"order": i + 1}
        for key, limit in (("name", 200), ("indicator", 200), ("unit", 20), ("goal_note", 100)):
            ind[key] = c.text(a, key, f"{path}.{key}", required=key != "goal_note", limit=limit)
        ind["goal"] = c.number(a.get("goal"), f"{path}.goal")
        ind["weight"] = c.number(a.get("weight"), f"{path}.weight")
        ind["additive"] = bool(a.get("additive", True))
        targets = {}
        for key, pattern, what in (("yearly_targets", _YEAR, "2024"), ("quarterly_targets", _QUARTER, "2024Q1")):
            given = a.get(key, {}) or {}
            if not isinstance(given, dict):
                c.fail(f"{path}.{key}", "기간별 값이 아닙니다", "not a mapping of periods to values")
                continue
            for period, v in given.items():
                if not pattern.match(str(period)):
                    c.fail(f"{path}.{key}", f"기간은 {what}처럼 씁니다: {period!r}",
                           f"periods are written like {what}: {period!r}", ErrorCode.UNKNOWN_PERIOD)
                    continue
                d = c.number(v, f"{path}.{key}.{period}")
                if d is not None:
                    targets[str(period)] = d
        ind["targets"] = targets
        results = []
        for j, r in enumerate(a.get("results", []) or []):
            rp = f"{path}.results[{j}]"
            try:
                as_of = dt.date.fromisoformat(str(r.get("as_of")))
            except (ValueError, AttributeError):
                c.fail(f"{rp}.as_of", f"날짜가 아닙니다: {r!r}", f"not a date: {r!r}", ErrorCode.INVALID_DATE)
                continue
            d = c.number(r.get("value"), f"{rp}.value")
            if d is not None:
                results.append((as_of, d))
        if len({r[0] for r in results}) != len(results):
            c.fail(f"{path}.results", "같은 기준일의 실적이 두 번 있습니다", "two results on the same date",
                   ErrorCode.DUPLICATE_ROW)
        ind["results"] = results
        indicators.append(ind)
    out["indicators"] = indicators

    events = []
    for key in ("milestones", "participation"):
        for i, path, a in c.entries(key):
            month = c.month(a.get("date"), f"{path}.date")
            kind = "milestone" if key == "milestones" else c.choice(
                a, "kind", f"{path}.kind", [k for k in PledgeEvent.Kind.values if k != "milestone"])
            title = c.text(a, "title", f"{path}.title", required=key == "milestones", limit=300)
            detail = c.text(a, "detail", f"{path}.detail", required=False, limit=4000)
            if month and kind:
                events.append((kind, month, title, detail, i))
    out["events"] = events
    steps = c.items("next_steps")
    if any(not isinstance(s, dict) for s in steps):
        c.fail("next_steps", "향후계획은 항목의 목록입니다", "next steps are a list of items")
        steps = []
    out["next_steps"] = steps
    return out, c.problems


@transaction.atomic
def pledge_save(*, actor: Any, data: dict[str, Any], reason: str = "", expected_version: int | None = None
                ) -> Pledge:
    """Create or replace the pledge numbered `data['number']` from a document (see `pledge_document`).

    All-or-nothing: every problem of the document is reported at once. `expected_version` (the version the
    editor saw) refuses to overwrite someone else's change."""
    if not isinstance(data, dict):
        raise ServiceError(Problem(ErrorCode.INVALID, "공약 문서가 아닙니다", "not a pledge document"))
    out, problems = _parse(data)
    if problems:
        raise ServiceError(problems)
    pledge = Pledge.objects.select_for_update().filter(number=out["number"]).first()
    check_version(pledge, expected_version, what_ko="이 공약을", what_en="this pledge")
    before = pledge_document(pledge) if pledge else None
    fields = {k: out[k] for k in ("title", "owner_org", "owner_text", "summary", "policy_goals", "period_start",
                                  "period_end", "term_start", "term_end", "nature", "completion", "central_help",
                                  "executing_body", "status", "next_steps")}
    if pledge is None:
        pledge = Pledge.objects.create(number=out["number"], **fields)
    else:
        for k, v in fields.items():
            setattr(pledge, k, v)
        pledge.version += 1
        pledge.save()
        for rel in (pledge.activities, pledge.amounts, pledge.indicators, pledge.events):
            rel.all().delete()
    pledge.programs.set(out["programs"])
    PledgeActivity.objects.bulk_create([PledgeActivity(pledge=pledge, order=i + 1, name=a["name"], quarters=a["quarters"])
                                        for i, a in enumerate(out["activities"])])
    PledgeAmount.objects.bulk_create(
        [PledgeAmount(pledge=pledge, kind=kind, year=y, funding_source=s, amount=amt)
         for key, kind in (("investment_plan", PledgeAmount.Kind.PLAN), ("execution", PledgeAmount.Kind.EXECUTION))
         for y, s, amt in out[key]])
    for ind in out["indicators"]:
        obj = PledgeIndicator.objects.create(pledge=pledge, **{k: ind[k] for k in (
            "order", "name", "indicator", "unit", "goal", "goal_note", "weight", "additive")})
        IndicatorTarget.objects.bulk_create([IndicatorTarget(indicator=obj, period=p, value=v)
                                             for p, v in ind["targets"].items()])
        IndicatorResult.objects.bulk_create([IndicatorResult(indicator=obj, as_of=d, value=v)
                                             for d, v in ind["results"]])
    PledgeEvent.objects.bulk_create([PledgeEvent(pledge=pledge, kind=k, month=m, title=t, detail=d, order=i)
                                     for k, m, t, d, i in out["events"]])
    after = pledge_document(pledge)
    audit_change(actor=actor, obj=pledge, before=before, after=after, reason=reason)
    return pledge


def pledge_results_update(*, actor: Any, pledge: Pledge, as_of: dt.date, results: dict[int, Decimal], year: int,
                          execution: dict[str, int], reason: str = "", expected_version: int | None = None
                          ) -> Pledge:
    """실적 입력: each indicator's result as of `as_of` (by its position on the card; absent: kept) and `year`'s
    execution by funding source in won (replacing that year's amounts), saved as one audited, version-checked
    change of the pledge document."""
    import copy

    doc = copy.deepcopy(pledge_document(pledge))
    for i, ind in enumerate(doc["indicators"]):
        if i not in results:
            continue
        ind["results"] = [r for r in ind["results"] if r["as_of"] != as_of.isoformat()]
        ind["results"].append({"as_of": as_of.isoformat(), "value": str(results[i])})
    doc["execution"] = [a for a in doc["execution"] if a["year"] != year] + [
        {"year": year, "source": src, "amount": amount} for src, amount in execution.items()]
    return pledge_save(actor=actor, data=doc, reason=reason, expected_version=expected_version)
