"""Eligibility and pay rules as the sentences a Korean announcement prints (모집 공고의 선발대상·임금기준), and in
English on English pages.

"만 18세 이상 64세 이하", "재산 1억 3,500만원 이하", "일급 6시간 32,000원 · 65세 이상 하루 3시간": what the rule
page, the round page and the change preview show instead of the stored parameters. `language`: "ko" or "en";
by default the page's (Django's active language).
"""

from __future__ import annotations

from typing import Any

# Dated parameters (`Parameter.name`) in words; a name not listed is shown as the administrator wrote it.
PARAMETER_LABELS = {"minimum_cost_of_living": ("최저생계비", "the minimum cost of living"),
                    "median_income": ("기준 중위소득", "the standard median income"),
                    "standard_median_income": ("기준 중위소득", "the standard median income"),
                    "minimum_wage": ("최저임금", "the minimum wage")}
TRUNCATION_LABELS = {1: "절사 없음", 10: "10원 미만 절사", 100: "100원 미만 절사", 1000: "1,000원 미만 절사"}
TRUNCATION_EN = {1: "no truncation", 10: "truncated below 10 won", 100: "truncated below 100 won",
                 1000: "truncated below 1,000 won"}
EMPLOYMENT_EN = {"unemployed": "unemployed", "day_labourer": "day labourer without regular income",
                 "employed": "employed"}
STATUSES_EN = {"basic_livelihood": "basic livelihood recipient", "unemployment_benefit": "unemployment benefit recipient",
               "disabled": "disabled person", "single_parent": "single-parent family",
               "north_korean_defector": "North Korean defector", "veteran": "person of national merit",
               "marriage_migrant": "marriage migrant", "long_term_unemployed": "long-term unemployed"}


def english(language: str | None = None) -> bool:
    from django.utils import translation

    return (language or translation.get_language() or "ko").startswith("en")


def employment_label(code: str, language: str | None = None) -> str:
    from .models import Applicant

    if english(language):
        return EMPLOYMENT_EN.get(code, code)
    return str(dict(Applicant.Employment.choices).get(code, code))


def status_label(code: str, language: str | None = None) -> str:
    from .models import Applicant

    return STATUSES_EN.get(code, code) if english(language) else Applicant.STATUSES.get(code, code)


def truncation_label(step: int, language: str | None = None) -> str:
    if english(language):
        return TRUNCATION_EN.get(step, f"truncated below {step:,} won")
    return TRUNCATION_LABELS.get(step, f"{step:,}원 미만 절사")


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


def won(amount: int | None, language: str | None = None) -> str:
    """An amount in the page's language: '1억 3,500만원' or '135,000,000 won'."""
    if amount is None:
        return "-"
    return f"{int(amount):,} won" if english(language) else won_ko(amount)


def mask_name(name: str) -> str:
    """김민수 -> 김*수, 이솔 -> 이*, 남궁민수 -> 남**수: enough to recognise, not to publish."""
    n = (name or "").strip()
    if len(n) <= 1:
        return n or "-"
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]


def district_names(codes: list[str], language: str | None = None) -> list[str]:
    from iljari.orgs.models import OrgUnit

    en = english(language)
    names = {o.code: (o.name_en if en else "") or o.name_ko for o in OrgUnit.objects.filter(code__in=list(codes))}
    return [names.get(c, c) for c in codes]


def parameter_label(name: str, language: str | None = None) -> str:
    ko, en = PARAMETER_LABELS.get(name, (name, name))
    return en if english(language) else ko


def _and(words: list[str], last: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def rule_sentence(kind: str, params: dict[str, Any] | None, language: str | None = None) -> str:
    """One eligibility rule in words (`EligibilityRule.params` by kind, see the model)."""
    p = params if isinstance(params, dict) else {}
    en = english(language)
    if kind == "age_range":
        lo, hi = p.get("min"), p.get("max")
        if lo is not None and hi is not None:
            return f"Aged {lo} to {hi}" if en else f"만 {lo}세 이상 {hi}세 이하"
        if lo is not None:
            return f"Aged {lo} or over" if en else f"만 {lo}세 이상"
        if hi is not None:
            return f"Aged {hi} or under" if en else f"만 {hi}세 이하"
        return "Any age" if en else "나이 제한 없음"
    if kind == "residency":
        names = sorted(district_names(list(p.get("districts") or []), language))
        if not names:
            return "No district chosen" if en else "거주 자치구를 정하지 않음"
        if len(names) > 6:
            return (f"Lives in {', '.join(names[:5])} or {len(names) - 5} other districts" if en else
                    f"{', '.join(names[:5])} 등 {len(names)}개 자치구 거주")
        return f"Lives in {_and(names, 'or')}" if en else f"{', '.join(names)} 거주"
    if kind == "employment":
        words = [employment_label(v, language) for v in p.get("allowed") or []]
        return f"{_and(words, 'or').capitalize()}" if en else f"{_and(words, '또는')}인 사람"
    if kind == "income_line":
        name, pct = parameter_label(str(p.get("parameter", "")), language), p.get("percent", 100)
        return f"Household income at most {pct}% of {name}" if en else f"가구소득이 {name}의 {pct}% 이하"
    if kind == "property_cap":
        return f"Property at most {won(p.get('max'), language)}" if en else f"재산 {won_ko(p.get('max'))} 이하"
    if kind == "exclude_status":
        words = [status_label(s, language) for s in p.get("statuses") or []]
        return f"Excludes {_and(words, 'and')}" if en else f"{_and(words, '및')} 제외"
    if kind == "participation_cap":
        return (f"Excludes anyone who worked more than {p.get('months')} months in the last {p.get('years')} years"
                if en else f"최근 {p.get('years')}년간 {p.get('months')}개월을 넘게 참여한 사람 제외")
    if kind == "priority_points":
        unit = "points" if en else "점"
        from .models import Applicant

        points = p.get("statuses") or {}
        order = [c for c in Applicant.STATUSES if c in points] + sorted(set(points) - set(Applicant.STATUSES))
        parts = [f"{status_label(s, language)} {points[s]}{' ' if en else ''}{unit}" for s in order if points[s]]
        if p.get("per_dependant"):
            parts.append(f"{p['per_dependant']} {unit} per dependant" if en else f"부양가족 1명당 {p['per_dependant']}점")
        none = "none" if en else "없음"
        return ("Priority points: " if en else "가점: ") + (", ".join(parts) if parts else none)
    return "-"


def pay_sentence(params: dict[str, Any] | None, language: str | None = None) -> str:
    """A pay rule in words: '일급 6시간 32,000원, 3시간 16,000원 · 하루 6시간 (65세 이상 3시간) · 부대경비 하루
    5,000원 · 근무일수로 지급 · 10원 미만 절사'; '시급 9,211원 (근무시간으로 지급) · 월 57시간까지 · 10원 미만 절사'."""
    from .pay import pay_basis, states_hours_a_day

    p = params if isinstance(params, dict) else {}
    en = english(language)
    h_ = " hours" if en else "시간"
    w_ = " won" if en else "원"
    parts: list[str] = []
    def hours_and_allowance() -> None:
        hours = (f"{int(p.get('default_hours', 8))} hours a day" if en else f"하루 {int(p.get('default_hours', 8))}시간")
        by_age = sorted(p.get("hours_by_age") or [])
        if by_age:
            hours += " (" + ", ".join((f"{h} at {a} or over" if en else f"{a}세 이상 {h}시간") for a, h in by_age) + ")"
        if states_hours_a_day(p):
            parts.append(hours)
        if p.get("daily_allowance"):
            amount = f"{int(p['daily_allowance']):,}{w_}"
            parts.append(f"allowance {amount} a day" if en else f"부대경비 하루 {amount}")

    if pay_basis(p) == "hour":
        rate = f"{int(p.get('hourly_rate') or 0):,}{w_}"
        parts.append(f"{rate} an hour (paid by the hours worked)" if en else f"시급 {rate} (근무시간으로 지급)")
        hours_and_allowance()
    else:
        table = p.get("daily_wage_by_hours") or {}
        wage = []
        if table:
            rows = ", ".join(f"{h}{h_} {int(a):,}{w_}" for h, a in sorted(table.items(), key=lambda kv: -int(kv[0])))
            wage.append(("A day's wage: " if en else "일급 ") + rows)
        base = sorted(([int(h), int(a)] for h, a in p.get("daily_base") or []), key=lambda r: -r[0])
        if base:
            words = []
            for i, (h, a) in enumerate(base):
                if h == 0 and i > 0:
                    words.append(f"under {base[i - 1][0]}{h_} {a:,}{w_}" if en else
                                 f"{base[i - 1][0]}시간 미만 {a:,}원")
                else:
                    words.append(f"{h}{h_} or more {a:,}{w_}" if en else f"{h}시간 이상 {a:,}원")
            wage.append(("A day of " if en else "하루 ") + ", ".join(words))
        if p.get("hourly_rate"):
            rate = f"{int(p['hourly_rate']):,}{w_}"
            wage.append(("+ " if wage else "") + (f"{rate} an hour" if en else f"시간당 {rate}"))
        parts.append(" ".join(wage) if wage else ("no day's wage" if en else "일급 없음"))
        hours_and_allowance()
        parts.append("paid by the days worked" if en else "근무일수로 지급")
    if p.get("monthly_cap_hours"):
        cap = int(p["monthly_cap_hours"])
        parts.append(f"at most {cap} hours a month" if en else f"월 {cap}시간까지")
    parts.append(truncation_label(int(p.get("truncate_to") or 1), language))
    return " · ".join(parts)
