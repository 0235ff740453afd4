"""The roll-up's sources: as-of slices and the SQL over fact versions (a past state of knowledge, `exact`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from iljari.core.numbers import Rounding
from iljari.core.periods import Period, is_month_end, month_end
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Measure, Program

from ..models import Fact
from .results import METRICS, PERIOD_DIMS, RollupError


@dataclass(frozen=True)
class _Slice:
    tag_year: int  # 0 = current, 1 = previous year
    year: int
    cutoff: dt.date
    ptag: int | None  # period index for period dimensions


def _one_year_earlier(d: dt.date) -> dt.date:
    """The same day a year before; a month end maps to a month end ('21.2월말 -> '20.2월말 = 29 February)."""
    if is_month_end(d):
        return month_end(d.year - 1, d.month)
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def default_as_of(year: int) -> dt.date:
    today = timezone.localdate()
    return min(dt.date(year, 12, 31), today) if today.year >= year else dt.date(year, 12, 31)


class _Sql:
    def __init__(self) -> None:
        self.params: list[Any] = []

    def p(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            value = connection.ops.adapt_datetimefield_value(value)
        elif isinstance(value, dt.date):
            value = connection.ops.adapt_datefield_value(value)
        self.params.append(value)
        return "%s"


def _tables() -> dict[str, str]:
    return {
        "fact": Fact._meta.db_table, "program": Program._meta.db_table,
        "org": OrgUnit._meta.db_table, "tg": Program.target_groups.through._meta.db_table,
    }


def _measure_ids() -> dict[str, int]:
    return {m.kind: m.pk for m in Measure.objects.filter(kind__in=METRICS, builtin=True)}


def _slices_for(year: int, as_of: dt.date, period_dim: str | None, tag_year: int) -> list[_Slice]:
    if period_dim is None:
        return [_Slice(tag_year, year, as_of, None)]
    kind = PERIOD_DIMS[period_dim]
    count = {"M": 12, "Q": 4, "H": 2}[kind]
    out = []
    for i in range(1, count + 1):
        p = Period(year, kind, i)
        if p.start > as_of:
            break
        out.append(_Slice(tag_year, year, min(p.end, as_of), i))
    return out


def _can_use_monthly(slices: list[_Slice], recorded_before: dt.datetime | None) -> bool:
    """The in-memory slices serve every as-of date (month ends as stored, other dates as a month end plus the
    versions known after it); only a past state of knowledge (`recorded_before`) reads the fact versions."""
    return recorded_before is None


def _all_month_ends(slices: list[_Slice]) -> bool:
    return all(is_month_end(s.cutoff) and s.cutoff.year == s.year for s in slices)


def _source_sql(sql: _Sql, slices: list[_Slice], recorded_before: dt.datetime | None) -> str:
    """The winning fact version of every key as of each slice's cutoff (dates that are not month ends, or a
    past state of knowledge); month ends are grouped in memory from FactMonthly (ledger.cube)."""
    t = _tables()
    mids = _measure_ids()
    stock = [mids[k] for k in ("target", "budget") if k in mids]
    cols = ", ".join(
        f"CASE WHEN x.measure_id = {int(mids[k])} THEN x.value END AS {k}" if k in mids else f"NULL AS {k}"
        for k in METRICS)
    parts = []
    for s in slices:
        yph, cph = sql.p(s.year), sql.p(s.cutoff)  # placeholders in the order they appear
        rb = f" AND f.recorded_at <= {sql.p(recorded_before)}" if recorded_before else ""
        parts.append(
            f"SELECT x.program_id, x.org_unit_id, x.funding_source_id, {cols}, {s.tag_year} AS ytag, "
            f"{s.ptag if s.ptag is not None else 0} AS ptag FROM ("
            f"SELECT f.program_id, f.org_unit_id, f.funding_source_id, f.measure_id, f.value, "
            f"ROW_NUMBER() OVER (PARTITION BY f.program_id, f.org_unit_id, f.measure_id, f.funding_source_id "
            f"ORDER BY f.ref_date DESC, f.as_of DESC, f.id DESC) AS rn FROM {t['fact']} f "
            f"WHERE f.year = {yph} AND f.as_of <= {cph}{rb} "
            f"AND f.measure_id IN ({', '.join(str(int(v)) for v in mids.values())}) "
            f"AND (f.measure_id NOT IN ({', '.join(str(int(v)) for v in stock) or '0'}) OR f.period_kind = 'Y')"
            f") x WHERE x.rn = 1")
    return "(" + " UNION ALL ".join(parts) + ")"


def _org_prefix_len(scope: OrgUnit | None) -> int:
    return ((scope.depth + 2) if scope else 1) * 7


def _dim_expr(dim: str, scope: OrgUnit | None) -> str:
    if dim == "program":
        return "s.program_id"
    if dim == "org":
        return f"substr(o.path, 1, {_org_prefix_len(scope)})"
    if dim == "district":
        return "o.district_id"
    if dim in ("job_type", "subtype", "policy_field"):
        return f"p.{dim}_id"
    if dim == "target_group":
        return "tg.code_id"
    if dim == "funding_source":
        return "s.funding_source_id"
    if dim in PERIOD_DIMS:
        return "s.ptag"
    raise RollupError(f"unknown dimension '{dim}'")


def _filter_sql(sql: _Sql, filters: dict[str, Any]) -> list[str]:
    t = _tables()
    out = []
    for dim, value in filters.items():
        if dim == "program__in":
            out.append(f"s.program_id IN ({', '.join(str(int(v)) for v in value) or 'NULL'})")
        elif dim == "org":
            out.append(f"o.path LIKE {sql.p(value.path + '%')}")
        elif dim == "target_group":
            out.append(f"EXISTS (SELECT 1 FROM {t['tg']} tg2 WHERE tg2.program_id = s.program_id "
                       f"AND tg2.code_id = {sql.p(value)})")
        elif value is None:
            out.append(f"{_dim_expr(dim, None)} IS NULL")
        else:
            out.append(f"{_dim_expr(dim, None)} = {sql.p(value)}")
    return out


def rounding_for(org: OrgUnit | None) -> Rounding:
    """The rounding of rates and amounts for figures of `org`: the unit's setting (inherited), else the system's
    default. Roll-ups, program lists and their exports all round by it."""
    return Rounding.parse(org.effective_rounding() if org is not None else settings.ILJARI_DEFAULT_ROUNDING)
