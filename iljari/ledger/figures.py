"""Reads the pages share: the default period and a page of programs with their figures (search: programs.search)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from iljari.core.periods import month_end
from iljari.ledger.models import FactMonthly
from iljari.orgs.models import OrgUnit
from iljari.programs.search import search_programs, search_terms  # noqa: F401  (kept importable here)


def latest_month() -> tuple[int, int]:
    """The latest (year, month) with results, capped at today; both lookups walk an index end."""
    from iljari.ledger.models import Fact
    from iljari.programs.models import Measure

    today = dt.date.today()
    year = FactMonthly.objects.filter(year__lte=today.year).aggregate(y=Max("year"))["y"] or today.year
    result = Measure.objects.filter(code="job_result").first()
    last = (Fact.objects.filter(year=year, measure=result, as_of__lte=today).aggregate(d=Max("as_of"))["d"]
            if result else None)
    if last is None or last.year != year:
        return year, (today.month if year == today.year else 12)
    return year, last.month


def parse_period(params: Any) -> tuple[int, dt.date]:
    """Year and as-of date from a query string (`year`, `as_of` = YYYY-MM-DD or YYYY-MM); defaults to latest."""
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
        y_default, m_default = latest_month()
        year = max(2000, min(2100, year if year is not None else y_default))
        as_of = month_end(year, m_default if year == y_default else 12)
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
