"""Alerts, records and links in words, in one language (pages, the xlsx export and the API)."""

from __future__ import annotations

from typing import Any

from iljari.core.labels import one_language

from .alerts import rule_sentence
from .models import Alert, BenefitRecord, DoubleBenefitRule, Person

FIELD_WORDS = {"name": ("성명", "name"), "birth_date": ("생년월일", "birth date"), "sex": ("성별", "sex"),
               "phone": ("연락처", "phone"), "address": ("주소", "address"), "address_norm": ("주소", "address"),
               "rrn_hash": ("주민등록번호(암호화)", "resident number (hashed)"), "district": ("자치구", "district")}


def en(language: str | None) -> bool:
    return (language or "ko").startswith("en")


def mask_name(name: str) -> str:
    """김민수 -> 김*수, 이솔 -> 이*: enough to recognise in a list, not to publish (as the house masks)."""
    n = (name or "").strip()
    if len(n) <= 1:
        return n or "-"
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]


def mask_phone(phone: str) -> str:
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) < 7:
        return "-" if not digits else "*" * len(digits)
    return f"{digits[:3]}-****-{digits[-4:]}"


def won_text(amount: int | None, language: str | None) -> str:
    if amount is None:
        return "-"
    return f"{amount:,} won" if en(language) else f"{amount:,}원"


def unit_name(unit: Any, language: str | None) -> str:
    if unit is None:
        return "-"
    return (getattr(unit, "name_en", "") if en(language) else "") or unit.name_ko


def program_name(record: BenefitRecord, language: str | None) -> str:
    if record.program is not None:
        return (getattr(record.program, "name_en", "") if en(language) else "") or record.program.name_ko
    return record.program_name or "-"


def period_text(record: BenefitRecord) -> str:
    return f"{record.start:%Y.%m.%d}~{record.end:%Y.%m.%d}"


def rule_name(rule: DoubleBenefitRule, language: str | None) -> str:
    """The officer's name of the rule on Korean pages; its sentence in the page's language otherwise."""
    if rule.label and not en(language):
        return rule.label
    return rule_sentence(rule.kind, rule.params or {}, language or "ko")


def kind_label(kind: str, language: str | None) -> str:
    return one_language(dict(DoubleBenefitRule.Kind.choices).get(kind, kind), language)


def record_line(r: BenefitRecord, language: str | None, *, masked: bool = False) -> str:
    who = mask_name(r.person.name) if masked else r.person.name
    kind = one_language(r.get_kind_display(), language)
    if en(language):
        return (f"{who}: {kind}, {program_name(r, language)} through {unit_name(r.org_unit, language)}, "
                f"{period_text(r)}, {won_text(r.amount, language)}")
    return (f"{who}: {program_name(r, language)} {kind} ({unit_name(r.org_unit, language)}), {period_text(r)}, "
            f"{won_text(r.amount, language)}")


def _month_words(iso: str, language: str | None) -> str:
    """"2021-03" -> "2021년 3월" / "March 2021" (anything else as it is)."""
    import calendar

    try:
        year, month = (int(x) for x in str(iso)[:7].split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        return str(iso)
    return f"{calendar.month_name[month]} {year}" if en(language) else f"{year}년 {month}월"


def overlap_sentence(alert: Alert, language: str | None) -> str:
    """The overlap in words: days, months and won, or the months over the cap."""
    d = alert.detail or {}
    if alert.rule.kind == DoubleBenefitRule.Kind.MONTHS_CAP:
        n, cap, years = d.get("months_counted"), d.get("cap"), d.get("years")
        window = "~".join(d.get("window") or [])
        if en(language):
            return (f"{n} months of paid participation within {years} years ({window}), {alert.overlap_months} "
                    f"over the cap of {cap} months.")
        return f"{years}년({window}) 안에 {n}개월 참여: 상한 {cap}개월보다 {alert.overlap_months}개월 많습니다."
    months = ", ".join(_month_words(m, language) for m in d.get("months") or [])
    days = "-" if alert.overlap_days is None else f"{alert.overlap_days:,}"
    if en(language):
        return (f"Overlap: {days} days, {alert.overlap_months or 0} months ({months}), "
                f"{won_text(alert.overlap_won, language)}.")
    return f"겹친 기간: {days}일, {alert.overlap_months or 0}개월({months}), 금액 {won_text(alert.overlap_won, language)}."


def contributions(alert_or_link: Any, language: str | None) -> list[dict[str, Any]]:
    """Each field's contribution to the match: field in words, level, weight."""
    raw = []
    if isinstance(alert_or_link, Alert):
        raw = ((alert_or_link.detail or {}).get("link") or {}).get("contributions") or []
    else:
        raw = alert_or_link.contributions or []
    out = []
    for c in raw:
        if not isinstance(c, dict):
            continue
        name = str(c.get("field", ""))
        words = FIELD_WORDS.get(name, (name, name))
        out.append({"field": words[1] if en(language) else words[0], "level": str(c.get("level", "")),
                    "weight": c.get("weight")})
    return out


def person_fields(p: Person, language: str | None) -> list[tuple[str, str]]:
    """A person record's identifying fields for side-by-side review: phone masked, no resident number."""
    w = 1 if en(language) else 0
    return [
        (FIELD_WORDS["name"][w], p.name),
        (FIELD_WORDS["birth_date"][w], f"{p.birth_date:%Y.%m.%d}" if p.birth_date else "-"),
        (FIELD_WORDS["sex"][w], one_language(p.get_sex_display(), language) if p.sex else "-"),
        (FIELD_WORDS["phone"][w], mask_phone(p.phone)),
        (FIELD_WORDS["address"][w], p.address or "-"),
        (FIELD_WORDS["district"][w], unit_name(p.district, language)),
        (FIELD_WORDS["rrn_hash"][w], ("known" if w else "있음") if p.rrn_hash else ("not known" if w else "없음")),
        (("출처", "source")[w], one_language(p.get_source_display(), language)),
    ]
