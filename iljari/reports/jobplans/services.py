"""Writing job plans: create one, save it as a whole (validated, version-checked, one audit row with the whole
plan before and after), publish it (refused while a mandatory item is missing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record, check_version
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.core.korean import josa
from iljari.core.numbers import format_amount, format_count, format_percent
from iljari.orgs.models import OrgUnit

from ..models import Publication
from .categories import CATEGORY, INDICATOR, term_of
from .models import JobPlan, PlanCategory, PlanHeadline, PlanTypeFigure

MAX_TEXT = 20_000
MAX_PEOPLE = Decimal(100_000_000)  # more people than live in Korea is a typo
MAX_BUDGET = 100_000_000_000_000  # 100조원


def plan_document(plan: JobPlan) -> dict[str, Any]:
    """The whole plan as one document (what an audit row records before and after a save), one line per headline
    target and per type in the plan's Korean words, so that the audit trail reads what changed:
    `고용률(15~64세): 기준 2020년 66.2% · 2021년 목표 66.5% · 출처 통계청 경제활동인구조사(2021. 1. 13.)`."""
    doc: dict[str, Any] = {"org": plan.org_id, "kind": plan.kind, "term": plan.term, "first_year": plan.first_year,
                           "last_year": plan.last_year, "as_of": plan.as_of.isoformat(), "direction": plan.direction}
    for h in plan.headlines.all():
        ind = INDICATOR[h.indicator]
        parts = []
        if h.base_year is not None or h.base_value is not None:
            parts.append(f"기준 {h.base_year or '-'}년 {_value_ko(h.base_value, ind.unit)}")
        if h.target_value is not None:
            parts.append(f"{plan.last_year}년 목표 {_value_ko(h.target_value, ind.unit)}")
        if h.source:
            parts.append(f"출처 {h.source}" + (f"({h.source_date:%Y. %-m. %-d.})" if h.source_date else ""))
        doc[h.indicator] = " · ".join(parts)
    figures: dict[str, list[str]] = {}
    for f in plan.type_figures.order_by("year"):
        text = f"{f.year}년 목표 {format_count(f.target)}개"
        if f.budget is not None:
            text += f"·예산 {format_amount(f.budget)}백만원"
        figures.setdefault(f.category, []).append(text)
    for c in plan.categories.all():
        parts = (["해당 없음"] if c.not_applicable else []) + figures.pop(c.category, [])
        if c.note:
            parts.append(f"비고 {c.note}")
        doc[c.category] = " · ".join(parts)
    for code, texts in figures.items():
        doc[code] = " · ".join(texts)
    return {k: v for k, v in doc.items() if v not in ("", None)}


def _value_ko(v: Decimal | None, unit: str) -> str:
    if v is None:
        return "-"
    return f"{format_percent(v)}%" if unit == "percent" else f"{format_count(v)}명"


def _problem(field: str, ko: str, en: str, code: ErrorCode = ErrorCode.INVALID) -> Problem:
    return Problem(code, ko, en, field=field)


@transaction.atomic
def plan_create(*, actor: Any, org: OrgUnit, kind: str, year: int, term: int | None = None,
                as_of: dt.date | None = None, reason: str = "") -> JobPlan:
    """A new plan of a city or district: an annual plan of `year`, or a comprehensive plan of the four years from
    `year` (the mayor's first year). 민선 N기 follows from the year unless given; the ledger is read as of the due
    day (31 March of an annual plan's year, 31 December of the first year) until the officer chooses another."""
    problems = []
    if org.kind not in ("city", "district"):
        problems.append(_problem("org", "공시 계획은 시 또는 자치구가 세웁니다", "a job plan is made by a city or a district"))
    if kind not in JobPlan.Kind.values:
        problems.append(_problem("kind", "종합계획 또는 연차별 세부계획을 고르십시오",
                                 "choose a comprehensive or an annual plan", ErrorCode.UNKNOWN_CHOICE))
    if not 2000 <= year <= 2100:
        problems.append(_problem("year", f"연도가 아닙니다: {year}", f"not a year: {year}", ErrorCode.INVALID_YEAR))
    if term is not None and not 1 <= term <= 30:
        problems.append(_problem("term", "민선 기수는 1~30입니다", "the elected term is 1 to 30", ErrorCode.OUT_OF_RANGE))
    if problems:
        raise ServiceError(problems)
    comprehensive = kind == JobPlan.Kind.COMPREHENSIVE
    plan = JobPlan(org=org, kind=kind, first_year=year, last_year=year + 3 if comprehensive else year,
                   term=term or term_of(year, first_year_of_term=comprehensive))
    plan.as_of = as_of or plan.due
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ServiceError(_problem("year", "이 계획은 이미 있습니다", "this plan already exists",
                                    ErrorCode.DUPLICATE_ROW)) from None
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=plan, before=None, after=plan_document(plan),
                 reason=reason)
    return plan


@transaction.atomic
def plan_save(*, actor: Any, plan: JobPlan, data: dict[str, Any], expected_version: int | None = None,
              reason: str = "") -> JobPlan:
    """Save the plan as a whole. `data`: as_of (date), term, last_year (a comprehensive plan's), direction,
    headlines {indicator: {base_year, base_value, target_value, source, source_date}}, categories {category:
    {not_applicable, note, years {year: {target, budget (won)}}}}. Every problem is named with its field; a
    typed figure where the ledger has one is refused (the ledger is the record). What `data` leaves out is kept."""
    from .selectors import ledger_cells

    given, plan = plan, JobPlan.objects.select_for_update().select_related("org").get(pk=plan.pk)
    check_version(plan, expected_version, what_ko="이 계획을", what_en="this plan")
    before = plan_document(plan)
    problems: list[Problem] = []
    as_of = data.get("as_of") or plan.as_of
    term = data.get("term") or plan.term
    last_year = data.get("last_year") or plan.last_year
    if plan.kind == JobPlan.Kind.ANNUAL:
        last_year = plan.first_year
    elif not plan.first_year + 1 <= last_year <= plan.first_year + 4:
        problems.append(_problem("last_year", "종합계획은 2~5년입니다", "a comprehensive plan covers 2 to 5 years",
                                 ErrorCode.OUT_OF_RANGE))
    if not isinstance(as_of, dt.date) or as_of.year < plan.first_year - 1:
        problems.append(_problem("as_of", "자료 기준일은 계획 첫해의 전년도 이후여야 합니다",
                                 "the figures' date must not be before the year before the plan", ErrorCode.INVALID_DATE))
    if not 1 <= int(term) <= 30:
        problems.append(_problem("term", "민선 기수는 1~30입니다", "the elected term is 1 to 30", ErrorCode.OUT_OF_RANGE))
    direction = (data["direction"] or "").strip() if "direction" in data else plan.direction  # absent: kept
    if len(direction) > MAX_TEXT:
        problems.append(_problem("direction", "20,000자를 넘습니다", "longer than 20,000 characters", ErrorCode.TOO_LONG))
    years = range(plan.first_year, last_year + 1)

    headlines = data.get("headlines") or {}
    for code, h in headlines.items():
        ind = INDICATOR.get(code)
        key = f"headline.{code}"
        if ind is None:
            problems.append(_problem(key, f"알 수 없는 지표입니다: {code}", f"unknown indicator {code}",
                                     ErrorCode.UNKNOWN_CHOICE))
            continue
        by = h.get("base_year")
        if by is not None and not 1990 <= by <= last_year:
            problems.append(_problem(f"{key}.base_year", f"{ind.ko}의 기준연도는 1990년부터 목표연도({last_year}년)까지입니다",
                                     f"the base year of the {ind.en.lower()} is 1990 to the target year {last_year}",
                                     ErrorCode.OUT_OF_RANGE))
        for name in ("base_value", "target_value"):
            v = h.get(name)
            if v is None:
                continue
            what_ko = "기준값" if name == "base_value" else "목표"
            what_en = "base value" if name == "base_value" else "target"
            if ind.unit == "percent" and not 0 < v <= 100:
                problems.append(_problem(f"{key}.{name}", f"{ind.ko} {josa(what_ko, '은')} 0보다 크고 100 이하인 %입니다",
                                         f"the {ind.en.lower()} {what_en} is a percentage above 0 and at most 100",
                                         ErrorCode.OUT_OF_RANGE))
            elif ind.unit == "percent" and v != v.quantize(Decimal("0.1")):
                problems.append(_problem(f"{key}.{name}", f"{ind.ko} {josa(what_ko, '은')} 소수점 한 자리까지입니다",
                                         f"the {ind.en.lower()} {what_en} has at most one decimal"))
            elif ind.unit == "people" and (v < 0 or v > MAX_PEOPLE or v != v.to_integral_value()):
                problems.append(_problem(f"{key}.{name}", f"{ind.ko} {josa(what_ko, '은')} 0 이상의 정수(명)입니다",
                                         f"the {ind.en.lower()} {what_en} is a whole number of people",
                                         ErrorCode.NOT_AN_INTEGER))
        if len(h.get("source") or "") > 300:
            problems.append(_problem(f"{key}.source", "출처는 300자까지입니다", "the source is at most 300 characters",
                                     ErrorCode.TOO_LONG))

    categories = data.get("categories") or {}
    ledger, _others = ledger_cells(plan, as_of) if isinstance(as_of, dt.date) else ({}, [])
    for code, c in categories.items():
        cat = CATEGORY.get(code)
        key = f"types.{code}"
        if cat is None:
            problems.append(_problem(key, f"알 수 없는 유형입니다: {code}", f"unknown type {code}", ErrorCode.UNKNOWN_CHOICE))
            continue
        if len(c.get("note") or "") > MAX_TEXT:
            problems.append(_problem(f"{key}.note", "20,000자를 넘습니다", "longer than 20,000 characters",
                                     ErrorCode.TOO_LONG))
        for y, f in (c.get("years") or {}).items():
            if y not in years:
                problems.append(_problem(f"{key}.{y}", f"{y}년은 계획 기간 밖입니다", f"{y} is outside the plan's years",
                                         ErrorCode.OUT_OF_RANGE))
                continue
            held = ledger.get((code, y))
            for name, what_ko, what_en, top in (("target", "일자리 목표", "job target", 100_000_000),
                                                ("budget", "예산", "budget", MAX_BUDGET)):
                v = f.get(name)
                if v is None:
                    continue
                if held is not None and getattr(held, name) is not None:
                    problems.append(_problem(f"{key}.{y}.{name}", f"{y}년 {cat.ko} {josa(what_ko, '은')} 일자리사업 "
                                             "자료에서 읽습니다. 사업의 목표·예산을 고치십시오",
                                             f"the {y} {what_en} of {cat.en.lower()} is read from the programs' "
                                             "figures; correct the programs", ErrorCode.FIELD_NOT_ALLOWED))
                elif not 0 <= v <= top:
                    problems.append(_problem(f"{key}.{y}.{name}", f"{y}년 {cat.ko} {josa(what_ko, '이')} 범위 밖입니다",
                                             f"the {y} {what_en} of {cat.en.lower()} is out of range",
                                             ErrorCode.OUT_OF_RANGE))
    if problems:
        raise ServiceError(problems)

    plan.as_of, plan.term, plan.last_year, plan.direction = as_of, int(term), last_year, direction
    for code, h in headlines.items():
        values = {k: h.get(k) for k in ("base_year", "base_value", "target_value", "source_date")}
        values["source"] = (h.get("source") or "").strip()
        if all(v in (None, "") for v in values.values()):
            PlanHeadline.objects.filter(plan=plan, indicator=code).delete()
        else:
            PlanHeadline.objects.update_or_create(plan=plan, indicator=code, defaults=values)
    for code, c in categories.items():
        PlanCategory.objects.update_or_create(plan=plan, category=code, defaults={
            "not_applicable": bool(c.get("not_applicable")), "note": (c.get("note") or "").strip()})
        for y, f in (c.get("years") or {}).items():
            if f.get("target") is None and f.get("budget") is None:
                PlanTypeFigure.objects.filter(plan=plan, category=code, year=y).delete()
            else:
                PlanTypeFigure.objects.update_or_create(plan=plan, category=code, year=y, defaults={
                    "target": f.get("target"), "budget": f.get("budget")})
    PlanTypeFigure.objects.filter(plan=plan).exclude(year__in=list(years)).delete()
    plan.save()
    after = plan_document(plan)
    if after != before:
        plan.version += 1
        plan.save(update_fields=["version", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=plan, before=before, after=after,
                     reason=reason)
    given.refresh_from_db()  # the caller's copy reads as saved
    return plan


def plan_publish(*, actor: Any, plan: JobPlan, note: str = "") -> Publication:
    """Publish the plan as a frozen public page (the next edition of it): refused, with every missing item named,
    while a mandatory item is missing. Who may publish is the caller's question (policy `publish` on the unit)."""
    from ..services import publication_create

    return publication_create(actor=actor, kind=Publication.Kind.JOB_PLAN, subject=plan.subject, as_of=plan.as_of,
                              note=note)

