"""Eligibility and pay rules as the sentences a Korean announcement prints (모집 공고의 선발대상·임금기준).

"만 18세 이상 64세 이하", "재산 1억 3,500만원 이하", "일급 6시간 32,000원 · 65세 이상 하루 3시간": what the rule
page, the round page and the change preview show instead of the stored parameters.
"""

from __future__ import annotations

from typing import Any

# Dated parameters (`Parameter.name`) in words; a name not listed is shown as the administrator wrote it.
PARAMETER_LABELS = {"minimum_cost_of_living": "최저생계비", "median_income": "기준 중위소득",
                    "standard_median_income": "기준 중위소득", "minimum_wage": "최저임금"}
TRUNCATION_LABELS = {1: "절사 없음", 10: "10원 미만 절사", 100: "100원 미만 절사", 1000: "1,000원 미만 절사"}


def won_ko(won: int | None) -> str:
    """135,000,000 -> '1억 3,500만원'; 50,000,000 -> '5,000만원'; 100,000,000 -> '1억원'; 3,500 -> '3,500원'."""
    if won is None:
        return "-"
    v = int(won)
    sign, v = ("△" if v < 0 else ""), abs(v)
    eok, rest = divmod(v, 100_000_000)
    man, one = divmod(rest, 10_000)
    parts = ([f"{eok:,}억"] if eok else []) + ([f"{man:,}만"] if man else []) + ([f"{one:,}"] if one else [])
    return sign + (" ".join(parts) if parts else "0") + "원"


def mask_name(name: str) -> str:
    """김민수 -> 김*수, 이솔 -> 이*, 남궁민수 -> 남**수: enough to recognise, not to publish."""
    n = (name or "").strip()
    if len(n) <= 1:
        return n or "-"
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]


def district_names(codes: list[str]) -> list[str]:
    from iljari.orgs.models import OrgUnit

    names = dict(OrgUnit.objects.filter(code__in=list(codes)).values_list("code", "name_ko"))
    return [names.get(c, c) for c in codes]


def parameter_label(name: str) -> str:
    return PARAMETER_LABELS.get(name, name)


def _and(words: list[str], last: str = "또는") -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def rule_sentence(kind: str, params: dict[str, Any] | None) -> str:
    """One eligibility rule in words (`EligibilityRule.params` by kind, see the model)."""
    from .models import Applicant

    p = params if isinstance(params, dict) else {}
    if kind == "age_range":
        lo, hi = p.get("min"), p.get("max")
        if lo is not None and hi is not None:
            return f"만 {lo}세 이상 {hi}세 이하"
        if lo is not None:
            return f"만 {lo}세 이상"
        if hi is not None:
            return f"만 {hi}세 이하"
        return "나이 제한 없음"
    if kind == "residency":
        names = sorted(district_names(list(p.get("districts") or [])))
        if not names:
            return "거주 자치구를 정하지 않음"
        return f"{', '.join(names)} 거주" if len(names) <= 6 else f"{', '.join(names[:5])} 등 {len(names)}개 자치구 거주"
    if kind == "employment":
        labels = dict(Applicant.Employment.choices)
        return f"{_and([labels.get(v, v) for v in p.get('allowed') or []])}인 사람"
    if kind == "income_line":
        return f"가구소득이 {parameter_label(str(p.get('parameter', '')))}의 {p.get('percent', 100)}% 이하"
    if kind == "property_cap":
        return f"재산 {won_ko(p.get('max'))} 이하"
    if kind == "exclude_status":
        return f"{_and([Applicant.STATUSES.get(s, s) for s in p.get('statuses') or []], '및')} 제외"
    if kind == "participation_cap":
        return f"최근 {p.get('years')}년간 {p.get('months')}개월을 넘게 참여한 사람 제외"
    if kind == "priority_points":
        parts = [f"{Applicant.STATUSES.get(s, s)} {n}점" for s, n in (p.get("statuses") or {}).items() if n]
        if p.get("per_dependant"):
            parts.append(f"부양가족 1명당 {p['per_dependant']}점")
        return "가점: " + (", ".join(parts) if parts else "없음")
    return "-"


def pay_sentence(params: dict[str, Any] | None) -> str:
    """A pay rule in words: '일급 6시간 32,000원, 3시간 16,000원 · 하루 6시간 (65세 이상 3시간) · 부대경비 하루
    5,000원 · 10원 미만 절사'; '시급 9,211원 · 월 57시간까지 · 10원 미만 절사'."""
    from .pay import pay_basis

    p = params if isinstance(params, dict) else {}
    parts: list[str] = []
    if pay_basis(p) == "hour":
        parts.append(f"시급 {int(p.get('hourly_rate') or 0):,}원 (근무시간으로 지급)")
    else:
        table = p.get("daily_wage_by_hours") or {}
        wage = []
        if table:
            wage.append("일급 " + ", ".join(f"{h}시간 {int(a):,}원" for h, a in
                                            sorted(table.items(), key=lambda kv: -int(kv[0]))))
        base = sorted(([int(h), int(a)] for h, a in p.get("daily_base") or []), key=lambda r: -r[0])
        if base:
            words = []
            for i, (h, a) in enumerate(base):
                if h == 0 and i > 0:
                    words.append(f"{base[i - 1][0]}시간 미만 {a:,}원")
                else:
                    words.append(f"{h}시간 이상 {a:,}원")
            wage.append("하루 " + ", ".join(words))
        if p.get("hourly_rate"):
            wage.append(f"{'+ ' if wage else ''}시간당 {int(p['hourly_rate']):,}원")
        parts.append(" ".join(wage) if wage else "일급 없음")
        hours = f"하루 {int(p.get('default_hours', 8))}시간"
        by_age = sorted(p.get("hours_by_age") or [])
        if by_age:
            hours += " (" + ", ".join(f"{a}세 이상 {h}시간" for a, h in by_age) + ")"
        parts.append(hours)
        if p.get("daily_allowance"):
            parts.append(f"부대경비 하루 {int(p['daily_allowance']):,}원")
        parts.append("근무일수로 지급")
    if p.get("monthly_cap_hours"):
        parts.append(f"월 {int(p['monthly_cap_hours'])}시간까지")
    step = int(p.get("truncate_to") or 1)
    parts.append(TRUNCATION_LABELS.get(step, f"{step:,}원 미만 절사"))
    return " · ".join(parts)
