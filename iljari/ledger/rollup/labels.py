"""Labels, codes and sort order of roll-up groups in Korean and English; filters resolved from codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iljari.orgs.models import OrgUnit
from iljari.orgs.selectors import org_names_on
from iljari.programs.models import Code, Program

from .results import DIMENSIONS, PERIOD_DIMS, RollupError


def _resolve_filters(filters: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dim, code in filters.items():
        if dim not in DIMENSIONS:
            raise RollupError(f"unknown dimension '{dim}'")
        if code in ("", None, "-", "none"):
            out[dim] = None
            continue
        if dim == "program":
            out[dim] = _get(Program, code=code).pk
        elif dim in ("org",):
            out[dim] = _get(OrgUnit, code=code)
        elif dim == "district":
            out[dim] = _get(OrgUnit, code=code).pk
        elif dim in PERIOD_DIMS:
            out[dim] = int(code)
        else:
            out[dim] = _get(Code, list=dim, code=code).pk
    return out


def _get(model: Any, **kw: Any) -> Any:
    try:
        return model.objects.get(**kw)
    except model.DoesNotExist:
        raise RollupError(f"unknown {model._meta.verbose_name} {kw}") from None


def _labels(by: list[str], main: dict[tuple, Any], scope: OrgUnit | None, as_of: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, dim in enumerate(by):
        values = {k[i] for k in main if k[i] is not None}
        if dim == "program":
            # Thousands of ids make a slow IN list; reading the whole registry is cheaper then.
            qs = Program.objects.all() if len(values) > 1000 else Program.objects.filter(pk__in=values)
            out[dim] = {pk: (code, ko, en or ko, code) for pk, code, ko, en in
                        qs.values_list("pk", "code", "name_ko", "name_en") if pk in values}
        elif dim == "org":
            by_path = {o.path: o for o in OrgUnit.objects.filter(path__in=values)}
            path_names = org_names_on(as_of, [o.pk for o in by_path.values()])
            out[dim] = {path: (o.code, path_names[o.pk][0], path_names[o.pk][1] or path_names[o.pk][0], o.path)
                        for path, o in by_path.items()}
        elif dim == "district":
            names = org_names_on(as_of, list(values))
            orgs = {o.pk: o for o in OrgUnit.objects.filter(pk__in=values)}
            out[dim] = {pk: (o.code, names[pk][0], names[pk][1] or names[pk][0], o.path) for pk, o in orgs.items()}
        elif dim in PERIOD_DIMS:
            out[dim] = {}
        else:
            out[dim] = {c.pk: (c.code, c.label_ko, c.label_en or c.label_ko, c.sort_order)
                        for c in Code.objects.filter(pk__in=values)}
    return out


_NONE_LABELS = {
    "subtype": ("세부유형 없음(직접일자리 등)", "No subtype (direct jobs etc.)"),
    "district": ("시 본청·기관", "City level (no district)"),
    "target_group": ("사업대상 미지정", "No target group"),
    "policy_field": ("정책분야 미지정", "No policy field"),
}


def _code(dim: str, v: Any, labels: dict[str, Any]) -> str | None:
    if v is None:
        return None
    if dim in PERIOD_DIMS:
        return str(v)
    return labels[dim][v][0]


# English month names fixed here: calendar.month_abbr follows the process locale.
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _label(dim: str, v: Any, labels: dict[str, Any], lang: str) -> str:
    if v is None:
        ko, en = _NONE_LABELS.get(dim, ("미지정", "None"))
        return ko if lang == "ko" else en
    if dim in PERIOD_DIMS:
        kind = PERIOD_DIMS[dim]
        if kind == "M":
            return f"{v}월" if lang == "ko" else _MONTHS_EN[v - 1]  # not an internal M01
        if kind == "Q":
            return f"{v}/4분기" if lang == "ko" else f"Q{v}"
        return ("상반기" if v == 1 else "하반기") if lang == "ko" else f"H{v}"
    entry = labels[dim][v]
    return entry[1] if lang == "ko" else entry[2]


def _sort_key(dim: str, v: Any, labels: dict[str, Any]) -> tuple:
    if v is None:
        return (1, "")
    if dim in PERIOD_DIMS:
        return (0, v)
    entry = labels[dim][v]
    return (0, entry[3], entry[0])
