"""Reads the pages share: the default period and a page of programs with their figures (search: programs.search)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, Min
from django.utils import timezone

from iljari.core.periods import month_end
from iljari.ledger.models import FactMonthly
from iljari.orgs.models import OrgUnit
from iljari.programs.search import search_programs, search_terms  # noqa: F401  (kept importable here)

FLOW_MEASURES = ("job_result", "expenditure", "commitment")


def latest_month(scope: OrgUnit | None = None) -> tuple[int, int]:
    """The latest (year, month) with figures, capped at today: the latest year with any figure (of `scope`'s
    subtree when given: a district officer's latest year is their district's, not the city's), and the month of
    its latest result, commitment or expenditure (December of a past year, this month of this year, if none).
    The latest year with a result, commitment or expenditure comes first; a year of plans only is opened only
    when no year has any."""
    from iljari.ledger.models import Fact

    today = timezone.localdate()
    flows = Fact.objects.filter(measure__code__in=FLOW_MEASURES, as_of__lte=today)
    if scope is not None:
        flows = flows.filter(org_unit__path__startswith=scope.path)
    # A year with results or spending first: a year that holds only next years' plans (targets, budgets) opens empty.
    flow_year = flows.aggregate(y=Max("year"))["y"]
    if flow_year is not None:
        last = flows.filter(year=flow_year).aggregate(d=Max("as_of"))["d"]
        if last is not None and last.year == flow_year:
            return flow_year, last.month
        return flow_year, (today.month if flow_year == today.year else 12)
    if scope is not None and scope.parent_id is None and not OrgUnit.objects.filter(
            parent__isnull=True).exclude(pk=scope.pk).exists():
        scope = None  # the only top unit: the whole ledger (two index ends instead of a walk over the years)
    if scope is None:
        year = FactMonthly.objects.filter(year__lte=today.year).aggregate(y=Max("year"))["y"] or today.year
        facts = Fact.objects.filter(year=year)
    else:
        units = list(OrgUnit.objects.filter(path__startswith=scope.path).values_list("pk", flat=True))
        mine = Fact.objects.filter(org_unit_id__in=units, as_of__lte=today)
        ends = Fact.objects.aggregate(first=Min("year"), last=Max("year"))  # the ledger's years (index ends)
        # Year by year from the newest back (each an index prefix), not one scan of every fact of the ledger.
        newest = min(today.year, ends["last"] or today.year)
        year = next((y for y in range(newest, (ends["first"] or newest) - 1, -1) if mine.filter(year=y).exists()),
                    today.year)
        facts = mine.filter(year=year)
    last = (facts.filter(measure__code__in=FLOW_MEASURES, as_of__lte=today).aggregate(d=Max("as_of"))["d"])
    if last is None or last.year != year:
        return year, (today.month if year == today.year else 12)
    return year, last.month


def parse_period(params: Any, scope: OrgUnit | None = None) -> tuple[int, dt.date]:
    """Year and as-of date from a query string (`year`, `as_of` = YYYY-MM-DD or YYYY-MM); without them the latest
    period with figures of `scope` (the page's unit: `figures_scope(user)` or the unit chosen)."""
    from iljari.core.dates import parse_date

    year: int | None = None
    try:
        year = int(params.get("year")) if params.get("year") else None
    except ValueError:
        year = None
    raw = (params.get("as_of") or "").strip()
    as_of = None
    if raw:
        try:
            if len(raw) == 7:  # YYYY-MM: that month's end
                as_of = month_end(int(raw[:4]), int(raw[5:7]))
            else:
                as_of = parse_date(raw)
        except (ValueError, TypeError):
            as_of = None
    if year is None and as_of is not None:
        year = as_of.year
    if year is None or as_of is None or as_of.year != year or not 2000 <= year <= 2100:
        y_default, m_default = latest_month(scope)
        year = max(2000, min(2100, year if year is not None else y_default))
        # This month's figures are as of today, not of a month end still to come (2026.11.30 on the 27th).
        as_of = month_end(year, m_default if year == y_default else 12)
        today = timezone.localdate()
        if year == today.year and as_of > today:
            as_of = today
    return year, as_of


def program_figures(program_ids: list[int], year: int, as_of: dt.date | int, scope: OrgUnit | None = None
                    ) -> dict[int, dict[str, Any]]:
    """This year's target, result, budget, commitment and expenditure of each program as of a date (an integer:
    that month's end), from the roll-up engine (ledger.rollup.program_figures): the same figures the
    dashboard, the pivot, the API and the exports show for that date, mid-month included.

    `scope`: only the rows of that org unit's subtree (a local officer's share of a program several units carry
    out: `figures_scope(user)`, the roll-up's own rule); None for the whole program."""
    from iljari.ledger import rollup as ledger

    if not program_ids:
        return {}
    when = month_end(year, as_of) if isinstance(as_of, int) else as_of
    names = ["target", "result", "budget", "commitment", "expenditure"]
    return {pid: {n: getattr(f, n) for n in names}
            for pid, f in ledger.program_figures(list(program_ids), year, when, scope=scope).items()}



def figures_scope(user: Any) -> OrgUnit | None:
    """The org unit whose figures a user's pages show: None (everything) for global roles, a local officer's own
    unit otherwise. The API's roll-up rule (policy.rollup_scope), so pages and API agree."""
    from iljari.access import policy

    return policy.rollup_scope(user, None)


def figures_rounding(scope: OrgUnit | None) -> Any:
    """The rounding of rates and amounts for figures of `scope`: the same rule `rollup` applies, so a list shows
    what the dashboard shows."""
    from iljari.ledger.rollup.sql import rounding_for

    return rounding_for(scope)


def share_label(scope: OrgUnit | None, lang: str = "ko") -> str:
    """What the figures of a scoped page or export cover ("영등포구 분"); empty for the whole program."""
    if scope is None:
        return ""
    if lang == "en":
        return f"{scope.name_en or scope.name_ko}'s share"
    return f"{scope.name_ko} 분"


# What an officer chooses on one figure page and keeps on the others: the query-string names every figure page reads.
FIGURE_KEYS = ("year", "as_of", "org", "unit", "rounding")


def figure_choices(params: Any, user: Any) -> dict[str, str]:
    """The figure choices a query string makes, checked and in their canonical spelling ({"year": "2021",
    "as_of": "2021-05-31", "org": "SEOUL-ECON", "unit": "hundred_million", "rounding": "truncate"}); a key given
    empty maps to "" (the page's default: latest period, whole scope, unit's rounding). A unit the user may not see,
    a malformed date or an unknown unit is left out, as if not given."""
    from iljari.core.dates import parse_date
    from iljari.core.numbers import AmountUnit, Rounding

    out: dict[str, str] = {}
    for key in FIGURE_KEYS:
        if key not in params:
            continue
        raw = str(params.get(key) or "").strip()[:40]
        if not raw:
            out[key] = ""
            continue
        try:
            if key == "year":
                if 2000 <= int(raw) <= 2100:
                    out[key] = str(int(raw))
            elif key == "as_of":
                day = month_end(int(raw[:4]), int(raw[5:7])) if len(raw) == 7 else parse_date(raw)
                if day is not None and 2000 <= day.year <= 2100:
                    out[key] = day.isoformat()
            elif key == "org":
                if OrgUnit.objects.restrict(user, "view").filter(code=raw).exists():
                    out[key] = raw
            elif key == "unit":
                out[key] = AmountUnit.parse(raw).value
            else:
                out[key] = Rounding.parse(raw).value
        except (ValueError, TypeError):
            continue
    if out.get("year") and out.get("as_of") and out["as_of"][:4] != out["year"]:
        del out["as_of"]  # parse_period would not take it either
    return out


_KIND_ORDER = {"city": 0, "office": 1, "division": 2, "team": 3, "agency": 4, "operator": 5, "district": 6}
_LISTED_KINDS = ("city", "office", "division", "agency", "district")


def unit_choices(user: Any, chosen: OrgUnit | None, day: dt.date, lang: str = "ko") -> list[dict[str, Any]]:
    """The org selector of the figure pages: the units the user may see (the one gate), in force in the page's
    year, as a tree: the city, then its offices (실·국·본부) with their divisions, its agencies and its districts
    with theirs, each under its group; names as they were on `day`. Teams and contracted operators are left out
    (their figures are in their division's), except the unit chosen or the officer's own.

    A list of groups {"label": group name or "", "options": [{"code", "label", "selected"}]}."""
    from django.utils.translation import gettext as _

    from iljari.access import policy
    from iljari.orgs.selectors import org_names_on

    year_start = dt.date(day.year, 1, 1)
    keep = {u.pk for u in (chosen, policy.home_unit(user)) if u is not None}
    units = [u for u in OrgUnit.objects.restrict(user, "view").order_by("path")
             if u.pk in keep or (u.kind in _LISTED_KINDS and (u.valid_from is None or u.valid_from <= day)
                                 and (u.valid_to is None or u.valid_to >= year_start))]
    names = org_names_on(day, [u.pk for u in units])
    ids = {u.pk for u in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for u in units:
        children.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    for siblings in children.values():
        siblings.sort(key=lambda u: (_KIND_ORDER.get(u.kind, 9), u.sort_order, u.path))

    def label(u: OrgUnit, depth: int) -> str:
        ko, en = names[u.pk]
        return "\u00a0\u00a0" * depth + ((en or ko) if lang == "en" else ko)

    def walk(u: OrgUnit, depth: int) -> list[dict[str, Any]]:
        out = [{"code": u.code, "label": label(u, depth), "selected": chosen is not None and u.pk == chosen.pk}]
        for c in children.get(u.pk, []):
            out += walk(c, depth + 1)
        return out

    groups_of = {"office": _("Offices"), "division": _("Offices"), "team": _("Offices"), "agency": _("Agencies"),
                 "operator": _("Agencies"), "district": _("Districts")}
    tops = children.get(None, [])
    groups: list[dict[str, Any]] = []
    if len([u for u in tops if u.parent_id is None]) > 1 and policy.grant(user, "view").everywhere:
        groups.append({"label": "", "options": [{"code": "", "label": _("All"), "selected": chosen is None}]})
    for top in tops:
        head = {"code": top.code, "label": label(top, 0), "selected": chosen is not None and top.pk == chosen.pk}
        groups.append({"label": "", "options": [head]})
        if top.kind != "city":  # a district or an office: its own units, indented below it
            groups[-1]["options"] += [o for c in children.get(top.pk, []) for o in walk(c, 1)]
            continue
        by_group: dict[str, list[dict[str, Any]]] = {}
        for c in children.get(top.pk, []):
            by_group.setdefault(groups_of.get(c.kind, _("Offices")), []).extend(walk(c, 0))
        groups += [{"label": name, "options": opts} for name, opts in by_group.items()]
    return groups
