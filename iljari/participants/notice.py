"""What a citizen reads before applying (모집 공고): the job, who may apply and the pay, in Korean sentences made
from the round, the program's eligibility rules in force (`eligibility.rules_in_force`) and its pay rule
(`pay.pay_rule_on`). Each rule kind of `EligibilityRule` has its own phrasing; a kind this module does not know
is shown by its label, never as raw parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from iljari.orgs.models import OrgKind, OrgUnit

from .eligibility import line_for, rules_in_force
from .models import Applicant, EligibilityRule, Parameter, RecruitmentRound
from .pay import pay_rule_on

# Names of dated parameters as a citizen knows them.
PARAMETER_NAMES = {"minimum_cost_of_living": "최저생계비", "median_income": "기준 중위소득",
                   "standard_median_income": "기준 중위소득"}


def won(amount: int | Decimal) -> str:
    """12000 -> '12,000원'."""
    return f"{int(amount):,}원"


def manwon(amount: int) -> str:
    """135,000,000 -> '1억 3,500만원'; 925,000 -> '92만 5,000원' (the way notices write amounts)."""
    amount = int(amount)
    eok, rest = divmod(amount, 100_000_000)
    man, one = divmod(rest, 10_000)
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    if one or not parts:
        parts.append(f"{one:,}")
    return " ".join(parts) + "원"


def day(d: dt.date | None) -> str:
    return f"{d.year}. {d.month}. {d.day}." if d else ""


def _names(codes: Iterable[str]) -> list[str]:
    by_code = dict(OrgUnit.objects.filter(code__in=list(codes)).values_list("code", "name_ko"))
    return [by_code.get(c, c) for c in codes]


def _statuses(codes: Iterable[str]) -> str:
    return ", ".join(Applicant.STATUSES.get(c, c) for c in codes)


def _join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " 또는 " + items[-1]


def rule_sentence(rule: EligibilityRule, on: dt.date) -> str:
    """One rule as a sentence a citizen understands (`on`: the date the rule is applied, the first day of work)."""
    p = rule.params or {}
    kind = rule.kind
    if kind == "age_range":
        lo, hi = p.get("min"), p.get("max")
        when = f" ({day(on)} 기준 만 나이)"
        if lo is not None and hi is not None:
            return f"만 {lo}세 이상 {hi}세 이하인 분{when}"
        if lo is not None:
            return f"만 {lo}세 이상인 분{when}"
        if hi is not None:
            return f"만 {hi}세 이하인 분{when}"
        return "나이 제한은 없습니다"
    if kind == "residency":
        names = _names(p.get("districts", []))
        return f"{_join_or(names)}에 주민등록을 두고 사는 분" if names else "거주지 제한은 없습니다"
    if kind == "employment":
        labels = dict(Applicant.Employment.choices)
        allowed = [labels.get(a, a) for a in p.get("allowed", [])]
        return f"지금 {_join_or(allowed)} 상태인 분" if allowed else "취업 상태는 묻지 않습니다"
    if kind == "income_line":
        percent = int(p.get("percent", 100))
        name = PARAMETER_NAMES.get(p.get("parameter", ""), "정해진 소득 기준")
        text = f"가구 월소득이 {name}의 {percent}% 이하인 가구"
        try:
            table = Parameter.objects.filter(name=p.get("parameter", ""), valid_from__lte=on) \
                .order_by("-valid_from").values_list("value", flat=True).first()
            if table:
                lines = [f"{n}인 가구 월 {won(line_for(table, n) * percent // 100)}" for n in (1, 2, 3, 4)]
                text += f" ({', '.join(lines)} 이하)"
        except (TypeError, ValueError, KeyError):  # a malformed table: the sentence without the amounts
            pass
        return text
    if kind == "property_cap":
        return f"가구 재산이 {manwon(int(p.get('max', 0)))} 이하인 가구"
    if kind == "exclude_status":
        return f"{_statuses(p.get('statuses', []))}에 해당하는 분은 신청할 수 없습니다"
    if kind == "participation_cap":
        return (f"최근 {p.get('years')}년 동안 공공일자리에 참여한 기간이 {p.get('months')}개월을 넘는 분은 "
                f"신청할 수 없습니다")
    if kind == "priority_points":
        parts = [f"{Applicant.STATUSES.get(s, s)} {n}점" for s, n in (p.get("statuses") or {}).items()]
        if p.get("per_dependant"):
            parts.append(f"본인 외 가구원 1명당 {p['per_dependant']}점")
        below = p.get("income_below_percent")
        if isinstance(below, dict) and below.get("points"):
            name = PARAMETER_NAMES.get(below.get("parameter", ""), "정해진 소득 기준")
            parts.append(f"가구 월소득이 {name}의 {below.get('percent', 100)}% 이하이면 {below['points']}점")
        return "우선 선발 가점: " + ", ".join(parts) if parts else "우선 선발 가점은 없습니다"
    return rule.label or rule.get_kind_display()


def hours_sentence(params: dict[str, Any]) -> str:
    """'하루 6시간 (만 65세 이상은 3시간)'."""
    text = f"하루 {int(params.get('default_hours', 8))}시간"
    by_age = sorted(params.get("hours_by_age") or [])
    if by_age:
        text += " (" + ", ".join(f"만 {int(a)}세 이상은 {int(h)}시간" for a, h in by_age) + ")"
    if params.get("monthly_cap_hours"):
        text += f", 한 달에 {int(params['monthly_cap_hours'])}시간까지"
    return text


def pay_sentences(params: dict[str, Any]) -> list[str]:
    """The pay rule as a citizen reads it: the day's wage by hours, the hourly rate, the daily allowance."""
    out = []
    by_hours = params.get("daily_wage_by_hours") or {}
    if by_hours:
        rows = sorted(((int(h), int(v)) for h, v in by_hours.items()), reverse=True)
        out.append("일급 " + ", ".join(f"{won(v)} ({h}시간 근무)" for h, v in rows))
    for min_hours, amount in sorted(params.get("daily_base") or [], reverse=True):
        out.append(f"하루 {int(min_hours)}시간 이상 근무하면 {won(amount)}")
    if params.get("hourly_rate"):
        out.append(f"시간당 {won(params['hourly_rate'])}")
    if params.get("daily_allowance"):
        out.append(f"부대경비(교통비·간식비) 하루 {won(params['daily_allowance'])} 별도")
    if out:
        out.append("임금은 일한 날(시간)만큼 매월 지급합니다")
    return out


@dataclass
class Notice:
    """The round as the citizen page shows it."""

    issuer: OrgUnit | None
    description: str
    work: str
    hours: str
    worksites: list[tuple[str, int]]
    requirements: list[str] = field(default_factory=list)
    priority: list[str] = field(default_factory=list)
    pay: list[str] = field(default_factory=list)


def issuer_of(org: OrgUnit | None) -> OrgUnit | None:
    """The government whose page this is: the owning unit's district, else its city (the tree's root)."""
    if org is None:
        return None
    if org.district_id:
        return org.district
    return city_of(org) or org


def city_of(org: OrgUnit | None) -> OrgUnit | None:
    """The city above a unit (the root of its tree)."""
    if org is None or not org.path:
        return org
    return OrgUnit.objects.filter(pk=int(org.path.split(".")[0])).first()


def districts_of(city: OrgUnit | None, on: dt.date) -> Any:
    """Every district of the city in force on a date, by name (가나다 order)."""
    from django.db.models import Q

    qs = OrgUnit.objects.filter(kind=OrgKind.DISTRICT)
    if city is not None:
        qs = qs.filter(path__startswith=city.path)
    return (qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("name_ko"))


def notice_for(rnd: RecruitmentRound) -> Notice:
    on = rnd.work_from
    program = rnd.program
    pay_rule = pay_rule_on(program.pk, on)
    params = pay_rule.params if pay_rule else {}
    rules = rules_in_force(program.pk, on)
    requirements = [rule_sentence(r, on) for r in rules if r.kind != "priority_points"]
    priority = [rule_sentence(r, on) for r in rules if r.kind == "priority_points"]
    return Notice(
        issuer=issuer_of(program.owner_org), description=(rnd.duties or program.description).strip(),
        work=f"{day(rnd.work_from)} ~ {day(rnd.work_to)}",
        hours=hours_sentence(params) if params else "",
        worksites=[(w.name, w.places) for w in rnd.worksites.all()],
        requirements=requirements, priority=priority, pay=pay_sentences(params))
