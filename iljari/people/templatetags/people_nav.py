"""The person registry's own menu, shown on each of its pages: the parts a user's roles may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from iljari.access import policy

register = template.Library()


@register.inclusion_tag("people/_subnav.html", takes_context=True)
def people_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and policy.allows(user, "view_person"):
        items += [(_("Double-benefit alerts"), reverse("web:people:alerts")),
                  (_("Same person?"), reverse("web:people:links")),
                  (_("Recovery"), reverse("web:people:recoveries")),
                  (_("Find a person"), reverse("web:people:search")),
                  (_("Participant lists"), reverse("web:people:lists"))]
    items.append((_("Double-benefit rules"), reverse("web:people:benefit_rules")))
    if user is not None and policy.grant(user, "view_person").everywhere:
        items.append((_("Record linkage"), reverse("web:people:linkage_runs")))
    if user is not None and policy.allows(user, "import_episodes"):
        # the outcomes' employment records (issue 18), by route name: the registry does not import the app above it
        try:
            items.append(("Employment records" if _english() else "고용 이력 반입", reverse("web:episodes:imports")))
        except NoReverseMatch:
            pass
    path = getattr(request, "path", "")
    return {"people_items": [(label, url, path == url or (url != "/" and path.startswith(url)))
                             for label, url in items]}


# --- a link's evidence in the page's language -------------------------------------------------------------------
FIELDS_EN = {"이름": "name", "생년월일": "birth date", "전화": "phone", "주소": "address", "성별": "sex",
             "주민번호 해시": "resident number"}
FIELDS_KO = {"주민번호 해시": "주민등록번호"}


def _english() -> bool:
    from django.utils import translation

    return (translation.get_language() or "ko").startswith("en")


@register.filter
def match_percent(probability: Any) -> str:
    """0.9205 -> "92.0%": the match probability in percent, one decimal, never rounded up to a certainty."""
    import math

    if probability is None:
        return "-"
    return f"{math.floor(float(probability) * 1000) / 10:.1f}%"


@register.filter
def evidence_field(c: dict[str, Any]) -> str:
    field = str(c.get("field", ""))
    return FIELDS_EN.get(field, field) if _english() else FIELDS_KO.get(field, field)


@register.filter
def evidence_level(c: dict[str, Any]) -> str:
    level = str(c.get("level_en") or c.get("level", "")) if _english() else str(c.get("level", ""))
    return level.replace("주민번호 해시", "주민등록번호")


def evidence_words(c: dict[str, Any]) -> str:
    """ "이름: 자모 1자 차이 (동일인 쪽 +9.1점)" — the field, its level and the points it adds for or against."""
    weight = c.get("weight")
    text = f"{evidence_field(c)}: {evidence_level(c)}"
    if isinstance(weight, int | float):
        if _english():
            return f"{text} ({weight:+.1f} points toward the same person)"
        return f"{text} (동일인 쪽 {weight:+.1f}점)"
    return text
