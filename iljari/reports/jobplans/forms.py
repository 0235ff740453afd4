"""The plan's edit form read into the document `plan_save` takes: numbers as officers write them (66.5,
5,124,000, 1,000 in 백만원), dates as YYYY-MM-DD; every field that cannot be read is named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ErrorCode, Problem
from iljari.core.numbers import NumberParseError, parse_number

from .categories import CATEGORIES, INDICATORS
from .models import JobPlan
from .words import say

MILLION = 1_000_000


def _number(post: QueryDict, name: str, label_ko: str, label_en: str, problems: list[Problem]) -> Decimal | None:
    try:
        return parse_number(post.get(name, ""))
    except NumberParseError:
        problems.append(Problem(ErrorCode.NOT_A_NUMBER, f"{label_ko}: 숫자가 아닙니다", f"{label_en}: not a number",
                                field=name))
        return None


def _whole(post: QueryDict, name: str, label_ko: str, label_en: str, problems: list[Problem]) -> int | None:
    v = _number(post, name, label_ko, label_en, problems)
    if v is None:
        return None
    if v != v.to_integral_value():
        problems.append(Problem(ErrorCode.NOT_AN_INTEGER, f"{label_ko}: 정수로 적으십시오", f"{label_en}: a whole number",
                                field=name))
        return None
    return int(v)


def _date(post: QueryDict, name: str, label_ko: str, label_en: str, problems: list[Problem]) -> dt.date | None:
    try:
        return parse_date(post.get(name, ""))
    except DateParseError:
        problems.append(Problem(ErrorCode.INVALID_DATE, f"{label_ko}: 날짜(YYYY-MM-DD)가 아닙니다",
                                f"{label_en}: not a date (YYYY-MM-DD)", field=name))
        return None


def plan_data(post: QueryDict, plan: JobPlan, open_cells: set[tuple[str, int, str]]) -> tuple[dict[str, Any],
                                                                                               list[Problem]]:
    """`open_cells`: the (type, year, target|budget) cells the ledger does not hold, the only ones the form offers."""
    problems: list[Problem] = []
    data: dict[str, Any] = {
        "as_of": _date(post, "as_of", "자료 기준일", "Figures as of", problems) or plan.as_of,
        "term": _whole(post, "term", "민선 기수", "Elected term", problems) or plan.term,
        "direction": post.get("direction", ""),
        "headlines": {}, "categories": {},
    }
    if plan.kind == JobPlan.Kind.COMPREHENSIVE:
        data["last_year"] = _whole(post, "last_year", "마지막 연도", "Last year", problems) or plan.last_year
    for ind in INDICATORS:
        p = f"h-{ind.code}-"
        data["headlines"][ind.code] = {
            "base_year": _whole(post, p + "base_year", f"{ind.ko} 기준연도", f"{ind.en} base year", problems),
            "base_value": _number(post, p + "base_value", f"{ind.ko} 기준값", f"{ind.en} base value", problems),
            "target_value": _number(post, p + "target_value", f"{ind.ko} 목표", f"{ind.en} target", problems),
            "source": post.get(p + "source", ""),
            "source_date": _date(post, p + "source_date", f"{ind.ko} 자료 공표일", f"{ind.en} source date", problems),
        }
    for cat in CATEGORIES:
        p = f"c-{cat.code}-"
        years: dict[int, dict[str, int | None]] = {}
        for y in plan.years:
            cell: dict[str, int | None] = {}
            if (cat.code, y, "target") in open_cells:
                cell["target"] = _whole(post, f"{p}{y}-target", f"{y}년 {cat.ko} 일자리 목표",
                                        f"{y} {cat.en} job target", problems)
            if (cat.code, y, "budget") in open_cells:
                million = _number(post, f"{p}{y}-budget", f"{y}년 {cat.ko} 예산(백만원)", f"{y} {cat.en} budget",
                                  problems)
                cell["budget"] = None if million is None else int(million * MILLION)
            if cell:
                years[y] = cell
        data["categories"][cat.code] = {"not_applicable": post.get(p + "na") == "1",
                                        "note": post.get(p + "note", ""), "years": years}
    return data, problems


def field_label(field: str | None) -> str:
    """Where a problem is, in words (the form's section)."""
    if not field:
        return ""
    for ind in INDICATORS:
        if field.startswith(f"headline.{ind.code}") or field.startswith(f"h-{ind.code}-"):
            return say(ind.ko, ind.en)
    for cat in CATEGORIES:
        if field.startswith(f"types.{cat.code}") or field.startswith(f"c-{cat.code}-"):
            return say(cat.ko, cat.en)
    return ""
