"""`{{ decision|screening_values }}`: what one eligibility rule looked at for one applicant, in words: districts
by their names, employment and statuses by their labels, amounts with separators (no `GWANAK`, `employed`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()

# The keys the screening writes (participants/eligibility.py), in English.
KEYS_EN = {"나이": "age", "기준일": "on", "범위": "range", "거주": "lives in", "허용": "allowed", "취업 상태": "employment",
           "가구소득": "household income", "기준선": "line", "가구원 수": "household size", "재산": "property",
           "상한": "cap", "해당": "applies", "최근 참여 개월": "months worked recently", "가점": "points",
           "반영 내역": "counted", "확인 필요(미반영)": "not counted until the match is checked"}
HISTORY_KEYS = {"반영 내역", "확인 필요(미반영)"}  # lists of benefits (participants.history.Line.stored)
_CAP = re.compile(r"^(\d+)년간 (\d+)개월$")
AMOUNTS = {"가구소득", "기준선", "재산", "상한"}


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RANGE = re.compile(r"^(\d*)~(\d*)세$")


EMPLOYMENT_EN = {"unemployed": "unemployed", "day_labourer": "day labourer (no regular income)", "employed": "employed"}


def _age_range(value: str, english: bool) -> str:
    """'18~세' → '만 18세 이상', '18~64세' → '만 18세 이상 64세 이하', '~64세' → '만 64세 이하'."""
    m = _RANGE.match(value.strip())
    if not m or not (m[1] or m[2]):
        return value if m is None else ("any" if english else "제한 없음")
    lo, hi = m[1], m[2]
    if english:
        return f"{lo} to {hi}" if lo and hi else (f"{lo} or over" if lo else f"{hi} or under")
    return "만 " + " ".join(([f"{lo}세 이상"] if lo else []) + ([f"{hi}세 이하"] if hi else []))


def _districts(english: bool) -> dict[str, str]:
    from iljari.orgs.models import OrgUnit

    return {o.code: (o.name_en if english else "") or o.name_ko for o in OrgUnit.objects.filter(kind="district")}


def _benefits(items: list[Any], english: bool) -> str:
    """The benefits a participation cap counted: 사업(관악구) 2024.03~2024.07 5개월; … (English: Mar 2024 – Jul 2024)."""
    from ..history import period_en, period_ko

    out = []
    for b in items:
        if not isinstance(b, dict):
            continue
        try:
            start, end = dt.date.fromisoformat(b["from"]), dt.date.fromisoformat(b["to"])
        except (KeyError, TypeError, ValueError):
            continue
        n = int(b.get("months") or 0)
        p = b.get("probability")
        if english:
            name, unit = b.get("program_en") or b.get("program", ""), b.get("unit_en") or b.get("unit", "")
            text = f"{name}{f' ({unit})' if unit else ''} {period_en(start, end)}, {n} month{'s' if n != 1 else ''}"
            text += f" (match probability {round(float(p) * 100)}%)" if p is not None else ""
        else:
            unit = b.get("unit", "")
            text = f"{b.get('program', '')}{f'({unit})' if unit else ''} {period_ko(start, end)} {n}개월"
            text += f" (일치 확률 {round(float(p) * 100)}%)" if p is not None else ""
        out.append(text)
    return "; ".join(out) if out else ("none" if english else "없음")


def _value(key: str, value: Any, kind: str, english: bool, districts: dict[str, str]) -> str:
    from iljari.core.numbers import format_quantity

    from ..models import Applicant

    if key in HISTORY_KEYS and isinstance(value, list):
        return _benefits(value, english)
    if english and key == "상한" and isinstance(value, str) and (m := _CAP.match(value)):
        return f"{m[2]} months in {m[1]} years"

    if value is None or value == "":
        if kind == "exclude_status" and key == "해당":
            return "none" if english else "없음"
        return "-"
    if key == "나이" and isinstance(value, int) and not english:
        return f"만 {value}세"
    if key == "범위" and isinstance(value, str):
        return _age_range(value, english)
    if isinstance(value, str) and _ISO_DAY.match(value):
        day = dt.date.fromisoformat(value)
        return f"{day:%-d %b %Y}" if english else f"{day.year}. {day.month}. {day.day}."
    if kind == "residency" and key in ("거주", "허용"):
        return ", ".join(districts.get(c.strip(), c.strip()) for c in str(value).split(","))
    if kind == "employment":
        if english:
            return ", ".join(EMPLOYMENT_EN.get(v.strip(), v.strip()) for v in str(value).split(","))
        return str(Applicant.Employment(value).label) if value in Applicant.Employment.values else str(value)
    if kind == "exclude_status" and key == "해당":
        return ", ".join(Applicant.STATUSES.get(s.strip(), s.strip()) for s in str(value).split(","))
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = format_quantity(value if isinstance(value, int) else str(value))
        return f"{text}원" if key in AMOUNTS and not english else (f"{text} won" if key in AMOUNTS else text)
    return str(value)


# The participation cap's values in reading order (PostgreSQL's JSON keeps keys in an order of its own).
CAP_ORDER = {"최근 참여 개월": 0, "상한": 1, "반영 내역": 2, "확인 필요(미반영)": 3}


def _order(kind: str, key: str) -> int:
    return CAP_ORDER.get(key, 9) if kind == "participation_cap" else 0


@register.filter
def screening_values(decision: dict[str, Any]) -> str:
    english = (get_language() or "ko").startswith("en")
    kind = decision.get("kind", "")
    districts = _districts(english) if kind == "residency" else {}
    return ", ".join(f"{KEYS_EN.get(k, k) if english else k} {_value(k, v, kind, english, districts)}"
                     for k, v in sorted((decision.get("values") or {}).items(), key=lambda kv: _order(kind, kv[0]))
                     if not (k == "확인 필요(미반영)" and not v))  # nothing waiting for a review: not said


@register.filter
def benefit_line(line: Any) -> str:
    """One benefit (participants.history.Line) in the page's language: 사업(관악구) 2024.03~2024.07 5개월."""
    return line.text(english=(get_language() or "ko").startswith("en"))
