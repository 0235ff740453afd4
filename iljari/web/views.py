"""Officer pages: thin views that parse the request, ask the policy, call a selector or service and render."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.audit.describe import describe_changes
from iljari.audit.models import AuditEntry
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ErrorCode, ServiceError
from iljari.core.labels import OBJECT_TYPES, labelled
from iljari.core.numbers import AmountUnit, Rounding, format_amount, format_count, format_percent, rate
from iljari.core.periods import month_end
from iljari.ledger.figures import figures_rounding, figures_scope, parse_period, program_figures, share_label
from iljari.ledger.filters import FORM_FIELDS, ProgramFilter, filtered
from iljari.ledger.models import Fact
from iljari.ledger.rollup import DIM_LABELS, DIMENSIONS, RollupError, RollupResult, rollup
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, CodeList, Measure, Program

from . import entry as entry_service
from . import exports


def _scope(request: HttpRequest) -> OrgUnit | None:
    code = request.GET.get("org") or ""
    org = OrgUnit.objects.filter(code=code[:40]).first() if code else None
    if code and org is None:
        raise Http404
    try:
        return policy.rollup_scope(request.user, org)
    except policy.OutOfScope:
        raise Http404 from None


def _chosen_unit(request: HttpRequest) -> OrgUnit | None:
    """The unit a dashboard or pivot shows: `?org=` (within the user's scope, else 404), else the top of what the
    user may see: a local officer's own unit, the city for global roles (so the org rows are its offices and
    districts, not the city alone); None only when the tree has several tops."""
    org = _scope(request)
    if org is None:
        tops = list(OrgUnit.objects.filter(parent__isnull=True).order_by("path")[:2])
        org = tops[0] if len(tops) == 1 else None
    return org


def _amount_unit(request: HttpRequest, default: AmountUnit) -> AmountUnit:
    try:
        return AmountUnit.parse(request.GET.get("unit") or default)
    except ValueError:
        return default


def _rounding_choice(request: HttpRequest) -> str:
    """The rounding asked for (half_up / truncate), "" for the unit's own setting (also for nonsense)."""
    try:
        return Rounding.parse(request.GET["rounding"]).value if request.GET.get("rounding") else ""
    except ValueError:
        return ""


def _figure_controls(request: HttpRequest, org: OrgUnit | None, as_of: dt.date, unit: AmountUnit | None = None,
                     rounding: str = "") -> dict[str, Any]:
    """What the shared period form (web/_figure_fields.html) shows: the org selector's tree, the amount unit and
    the rounding."""
    from iljari.ledger.figures import unit_choices

    return {"unit_choices": unit_choices(request.user, org, as_of, _lang()), "amount_units": _amount_units(),
            "unit": unit.value if unit else "", "show_unit": unit is not None, "rounding": rounding}


AMOUNT_UNITS_EN = {"won": "won", "thousand": "thousand won", "million": "million won",
                   "hundred_million": "100 million won"}


def _amount_units() -> list[tuple[str, str]]:
    """The amount units to choose from, named in the page's language (억원 / 100 million won)."""
    return [(u.value, _unit_label(u)) for u in AmountUnit]


def _unit_label(unit: AmountUnit) -> str:
    return AMOUNT_UNITS_EN[unit.value] if _lang() == "en" else unit.label_ko


def _lang() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _message(p: Any) -> str:
    """A problem's message in the page's language."""
    return p.message_en if _lang() == "en" else p.message_ko


def _label(row: Any, i: int = -1) -> str:
    return (row.labels_en if _lang() == "en" else row.labels)[i]


def _dim_label(dim: str) -> str:
    ko, en = DIM_LABELS[dim]
    return en if _lang() == "en" else ko


def _chart(result: RollupResult, kind: str = "bar") -> dict[str, Any]:
    """Data for one ECharts chart (rendered by static/web/charts.js): categories, target and result series."""
    groups = [r for r in result.rows if r.level == 1]
    return {"kind": kind, "categories": [_label(r) for r in groups],
            "series": [{"name": _("Target"), "data": [r.current.target for r in groups]},
                       {"name": _("Result"), "data": [r.current.result for r in groups]}],
            "links": [r.filters for r in groups]}


@gate("view")
def dashboard(request: HttpRequest) -> HttpResponse:
    org = _chosen_unit(request)
    year, as_of = parse_period(request.GET, scope=org)
    unit = _amount_unit(request, AmountUnit.MILLION)
    rounding = _rounding_choice(request)
    opts: dict[str, Any] = {"year": year, "as_of": as_of, "org": org, "unit": unit, "rounding": rounding or None}
    try:
        total = rollup(**opts)
        parts = {
            "subtype": rollup(by=["job_type", "subtype"], **opts),
            "org": rollup(by=["org"], **opts),
            "target_group": rollup(by=["target_group"], **opts),
            "month": rollup(by=["month"], **opts),
        }
    except RollupError as exc:
        return render(request, "web/error.html", {"message": str(exc)}, status=400)
    months = [r for r in parts["month"].rows if r.level == 1]
    trend = {"kind": "line", "categories": [_label(r) for r in months],
             "series": [{"name": _("Result (cumulative)"), "data": [r.current.result for r in months]},
                        {"name": _("Result a year earlier"), "data": [r.previous.result for r in months]},
                        {"name": _("Annual target"), "data": [total.total.current.target for _ in months]}],
             "links": [r.filters for r in months]}
    # What the page's own links keep: the period, the unit, the amount unit and the rounding.
    base: dict[str, Any] = {"year": year, "as_of": as_of.isoformat(), **({"org": org.code} if org else {}),
                            "unit": unit.value, **({"rounding": rounding} if rounding else {})}
    by_unit = _table(parts["org"], base)
    for row, r in zip(by_unit["rows"], parts["org"].rows, strict=True):
        code = r.filters.get("org")
        if r.level == 1 and code and (org is None or code != org.code):
            # A unit's row opens that unit's dashboard: an office's divisions, a district's own units.
            row["unit_url"] = reverse("web:dashboard") + "?" + urlencode({**base, "org": code})
    t = total.total.as_dict(total.rounding, total.unit)
    top = org is None or org.parent_id is None
    return render(request, "web/dashboard.html", {
        "year": year, "as_of": as_of, "org": org, "total": t, "unit_label": _unit_label(unit),
        **_figure_controls(request, org, as_of, unit, rounding),
        "sections": [
            ("subtype", _("By type and subtype"), _table(parts["subtype"], base), _chart(parts["subtype"])),
            ("org", _("By office or district") if top else _("By unit"), by_unit, _chart(parts["org"])),
            ("target_group", _("By target group"), _table(parts["target_group"], base),
             _chart(parts["target_group"])),
        ],
        # Seed 001's office tables (실·국별 유형별 현황) in one: offices and districts by type, in the same period.
        "office_table_label": _("Offices and districts by type (pivot)") if top else _("Units by type (pivot)"),
        "office_table_url": reverse("web:pivot") + "?" + urlencode(
            {**base, "dim1": "org", "dim2": "job_type"}),
        "trend": trend,
        "notes": parts["target_group"].notes,
        "programs_url": reverse("web:programs") + "?" + urlencode({**base, "counted": "1"}),
    })


def _table(result: RollupResult, base: dict[str, Any]) -> dict[str, Any]:
    """A roll-up as the seeds lay it out: 계, then 소계 and items, each linking to its programs and to a pivot."""
    rows = []
    prefix = reverse("web:programs") + "?" + urlencode({**base, "counted": "1"})
    english = _lang() == "en"
    for r in result.rows:
        d = r.as_dict(result.rounding, result.unit)
        labels = r.labels_en if english else r.labels
        disp = d["display"]
        rows.append({
            "level": r.level, "label": labels[-1] if r.level else _("Total"),
            "first": labels[0] if r.level == 2 else "", "d": d, "count": d["program_count"],
            # The figures in column order, so the template loops once instead of resolving each path.
            "cells": [disp["target"], disp["result"], disp["achievement_rate"], disp["budget"],
                      disp["expenditure"], disp["execution_rate"], disp["previous_result"], disp["result_change"]],
            "programs_url": prefix + "".join(f"&f_{k}={quote(str(v))}" for k, v in r.filters.items() if v),
        })
    return {"by": [_dim_label(b) for b in result.by], "rows": rows, "unit_label": _unit_label(result.unit),
            "notes": result.notes, "group_count": result.group_count}


@gate("view")
def programs(request: HttpRequest) -> HttpResponse:
    # A local officer's figures are their own unit's share of each program (the roll-up's rule), never the whole.
    scope = figures_scope(request.user)
    year, as_of = parse_period(request.GET, scope=scope)
    qs = _program_queryset(request)
    # The unit's rounding, as the dashboard and the roll-ups use, unless the officer chose one; amounts in the
    # chosen unit (백만원 unless chosen).
    chosen = _rounding_choice(request)
    rnd = Rounding.parse(chosen) if chosen else figures_rounding(scope)
    unit = _amount_unit(request, AmountUnit.MILLION)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        progs = list(qs)
        figs = program_figures([p.pk for p in progs], year, as_of, scope=scope)
        return exports.programs_export(progs, figs, year, as_of, fmt, share=share_label(scope), rounding=rnd,
                                       unit=unit)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    figs = program_figures([p.pk for p in page.object_list], year, as_of, scope=scope)
    rows = []
    for p in page.object_list:
        f = figs.get(p.pk, {})
        rows.append({"p": p, "target": format_count(f.get("target")), "result": format_count(f.get("result")),
                     "rate": format_percent(rate(f.get("result"), f.get("target")), rnd),
                     "budget": format_amount(f.get("budget"), unit, rnd),
                     "execution": format_percent(rate(f.get("expenditure"), f.get("budget")), rnd)})
    params = request.GET.copy()
    params.pop("page", None)
    filt = ProgramFilter(request.GET, queryset=Program.objects.none(), request=request)
    filt.is_valid()  # bound: the form shows what was chosen and why a choice matched nothing
    return render(request, "web/programs.html", {
        "page": page, "rows": rows, "filter": filt, "filter_fields": [filt.form[n] for n in FORM_FIELDS],
        "year": year, "as_of": as_of, "unit_label": _unit_label(unit), "amount_units": _amount_units(),
        "unit": unit.value, "show_unit": True, "rounding": chosen,
        "query": params.urlencode(), "sort": request.GET.get("sort", "code"),
        "sorts": SORTS, "drill": _drill_description(request), "share": share_label(scope, _lang()),
    })


SORTS = {"code": "code", "-code": "-code", "name": "name_ko", "-name": "-name_ko", "owner": "owner_org__name_ko",
         "-owner": "-owner_org__name_ko", "type": "job_type__sort_order", "-type": "-job_type__sort_order"}

DRILL_FILTERS = ["job_type", "subtype", "policy_field", "target_group", "funding_source", "org", "district",
                 "program"]


DRILL_PARAMS = {"job_type": "job_type", "subtype": "subtype", "policy_field": "policy_field",
                "target_group": "target_group", "funding_source": "funding_source", "org": "org_unit",
                "district": "district", "program": "program"}


def _program_queryset(request: HttpRequest) -> QuerySet:
    """The programs the user may see, narrowed by the filter form and search, and by a drill-down from a roll-up
    row (f_<dimension>=<code>, the keys roll-up rows carry): both through the one program filter
    (ledger.filters), for the page's year and as-of date."""
    period = parse_period(request.GET, scope=figures_scope(request.user))
    qs = Program.objects.restrict(request.user, "view")
    # The page's year and as-of date (parse_period: defaults, YYYY-MM) govern the ledger filters.
    form = request.GET.copy()
    counted = bool(request.GET.get("counted"))
    # From a roll-up, `org` is the roll-up's unit (figures recorded under it), not the programs' owner.
    for name in ("year", "as_of", "counted", "unit", "rounding", *(("org",) if counted else ())):
        form.pop(name, None)
    _, qs = filtered(form, qs, request, period)
    drill = {DRILL_PARAMS[d]: request.GET[f"f_{d}"] for d in DRILL_FILTERS if request.GET.get(f"f_{d}")}
    if drill:
        _, qs = filtered(drill, qs, request, period)
    if counted:
        # From a roll-up's count: exactly the programs it counted (figures in the year as of the date, in the
        # user's scope), not every program of the registry.
        from iljari.ledger.rollup import RollupError, programs_with

        keys = {d: request.GET[f"f_{d}"][:100] for d in DRILL_FILTERS if request.GET.get(f"f_{d}")}
        unit = OrgUnit.objects.filter(code=request.GET.get("org", "")[:40]).first() if request.GET.get("org") else None
        try:
            scope = policy.rollup_scope(request.user, unit)
            qs = qs.filter(pk__in=programs_with(period[0], period[1], keys, scope=scope))
        except (RollupError, policy.OutOfScope):
            qs = qs.none()
    order = SORTS.get(request.GET.get("sort", "code"), "code")
    # Every filter above matches one code or narrows by subquery, so no program appears twice: no DISTINCT
    # (which would make PostgreSQL sort all 25,000 rows before the page).
    return (qs.select_related("owner_org", "job_type", "subtype", "policy_field")
            .defer("description", "legal_basis")
            .prefetch_related(Prefetch("target_groups", queryset=Code.objects.order_by("sort_order")))
            .order_by(order, "code"))


def _drill_description(request: HttpRequest) -> list[str]:
    """What a drill-down from a roll-up row narrows to, in words: "유형: 직접일자리", "조직: 관악구" (never the codes
    of the link)."""
    from iljari.core.labels import name_in_language

    out = []
    for dim in DRILL_FILTERS:
        value = request.GET.get(f"f_{dim}", "")[:100]
        if not value:
            continue
        if dim in ("org", "district"):
            found: Any = OrgUnit.objects.filter(code=value).first()
        elif dim == "program":
            found = Program.objects.restrict(request.user, "view").filter(code=value).first()
        else:
            found = Code.objects.filter(list=dim, code=value).first()
        out.append(f"{_dim_label(dim)}: {name_in_language(found) if found is not None else value}")
    return out


def _latest_period_of(program: Program) -> tuple[int, dt.date] | None:
    """The latest year with figures of the program, as of the month end of its latest figure (not after today)."""
    from iljari.core.periods import month_end
    from iljari.ledger.figures import FLOW_MEASURES

    today = timezone.localdate()
    facts = Fact.objects.filter(program=program, as_of__lte=today, year__lte=today.year)
    # the latest year with results or spending first; a year of plans only when there is nothing else
    last = (facts.filter(measure__code__in=FLOW_MEASURES).order_by("-year", "-as_of").values_list("year", "as_of")
            .first() or facts.order_by("-year", "-as_of").values_list("year", "as_of").first())
    if last is None:
        return None
    year, as_of = last
    return year, min(month_end(as_of.year, as_of.month), today)


def _program_indicators(program: Program, year: int, as_of: dt.date, scope: Any) -> dict[str, Any] | None:
    """The program's indicators (확인지표: e.g. job cafés' users, the suit service's users) year by year up to the
    page's year: each year as of its end, the page's year as of the page's day (the roll-up's rule)."""
    from iljari.ledger.indicators import indicator_totals

    years = sorted(set(Fact.objects.filter(program=program, measure__kind="indicator", year__lte=year)
                       .values_list("year", flat=True)))[-8:]
    if not years:
        return None
    values: dict[str, dict[int, int]] = {}
    measures: dict[str, Any] = {}
    for y in years:
        for m, v in indicator_totals(y, min(as_of, dt.date(y, 12, 31)), scope=scope, program_ids=[program.pk]):
            measures[m.code] = m
            values.setdefault(m.code, {})[y] = v
    rows = [{"code": code, "measure": m, "cells": [values[code].get(y) for y in years]}
            for code, m in sorted(measures.items(), key=lambda t: (t[1].sort_order, t[0]))]
    return {"years": years, "rows": rows, "as_of": as_of}


@gate("view")
def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.select_related("owner_org", "job_type", "subtype", "policy_field",
                                                       "delivery_mode").restrict(request.user, "view"), code=code)
    if request.GET.get("year") or request.GET.get("as_of"):
        year, as_of = parse_period(request.GET)
    else:
        # Opened without a period: the program's own latest figures, not the portfolio's latest year (a 2021
        # program showed nothing but '-' on a page that opened on 2024).
        year, as_of = _latest_period_of(program) or parse_period(request.GET)
    flt = {"program": program.code}
    # A local officer sees their own unit's share of a program several units carry out (the roll-up's rule),
    # its versions and implementing units within what they may read; global roles see the whole program.
    scope = figures_scope(request.user)
    monthly = rollup(year=year, as_of=as_of, by=["month"], filters=flt, org=scope)
    by_source = rollup(year=year, as_of=as_of, by=["funding_source"], filters=flt, org=scope)
    months = [r for r in monthly.rows if r.level == 1]
    chart = {"kind": "line", "categories": [_label(r) for r in months],
             "series": [{"name": _("Result (cumulative)"), "data": [r.current.result for r in months]},
                        {"name": _("Annual target"), "data": [monthly.total.current.target for _ in months]},
                        {"name": _("Expenditure (million won)"),
                         "data": [None if r.current.expenditure is None else round(r.current.expenditure / 1e6)
                                  for r in months]}],
             "links": []}
    implementing = list(program.implementing_orgs.all().restrict(request.user, "view").order_by("path"))
    hidden_units: set[str] = set()
    if scope is not None:
        hidden_units = set(program.implementing_orgs.values_list("code", flat=True)) - {o.code for o in implementing}
    history = describe_changes(
        AuditEntry.objects.filter(object_type="programs.program", object_id=str(program.pk))[:50], _lang(),
        hidden_units)
    versions = (Fact.objects.filter(program=program).restrict(request.user, "view")
                .select_related("measure", "org_unit", "funding_source", "recorded_by")
                .order_by("-recorded_at", "-id")[:100])
    base = {"year": year, "as_of": as_of.isoformat()}
    indicators = _program_indicators(program, year, as_of, scope)
    return render(request, "web/program.html", {
        "indicators": indicators,
        "program": program, "year": year, "as_of": as_of, "monthly": _table(monthly, base),
        "by_source": _table(by_source, base), "chart": chart, "history": history, "versions": versions,
        "target_groups": program.target_groups.order_by("sort_order"),
        "implementing": implementing, "share": share_label(scope, _lang()),
        "funding": program.funding_shares.select_related("source").order_by("-year", "source__sort_order"),
        "can_change": policy.can(request.user, "change_program", program),
        "may_view_outcomes": policy.allows(request.user, "view_outcomes"),
    })


PIVOT_DIMS = [d for d in DIMENSIONS]


@gate("view")
def pivot(request: HttpRequest) -> HttpResponse:
    org = _chosen_unit(request)
    year, as_of = parse_period(request.GET, scope=org)
    by = [d for d in (request.GET.get("dim1") or "job_type", request.GET.get("dim2") or "") if d]
    unit_code = request.GET.get("unit") or "million"
    rounding = _rounding_choice(request) or None
    filters: dict[str, str] = {k[2:]: str(v) for k, v in request.GET.items()
                               if k.startswith("f_") and k[2:] in DIMENSIONS and v}
    page_no = max(1, int(request.GET.get("page") or 1)) if (request.GET.get("page") or "1").isdigit() else 1
    limit = 100 if "program" in by else None
    error = None
    result = None
    try:
        unit = AmountUnit.parse(unit_code)
        result = rollup(year=year, as_of=as_of, by=by, org=org, filters=filters, unit=unit, rounding=rounding,
                        limit=limit, offset=(page_no - 1) * 100 if limit else 0)
    except (RollupError, ValueError) as exc:
        error = str(exc)
    fmt = request.GET.get("format")
    if result is not None and fmt in ("csv", "xlsx"):
        if "program" in by:  # exports carry every group, not the page
            result = rollup(year=year, as_of=as_of, by=by, org=org, filters=filters, unit=unit, rounding=rounding)
        return exports.rollup_export(result, fmt, _lang())
    base: dict[str, Any] = {"year": year, "as_of": as_of.isoformat(), **({"org": org.code} if org else {}),
                            "unit": unit_code, **({"rounding": rounding} if rounding else {})}
    table = _table(result, base) if result else None
    if table:
        # Drill-down: a row's pivot link keeps its keys as filters and moves to the next dimension.
        prefix = reverse("web:pivot") + "?" + urlencode(base)
        for row, r in zip(table["rows"], result.rows, strict=True):  # type: ignore[union-attr]
            if r.level == 0:
                continue
            nxt = by[1] if len(by) == 2 and r.level == 1 else "program"
            row["pivot_url"] = prefix + f"&dim1={nxt}" + "".join(
                f"&f_{k}={quote(str(v))}" for k, v in {**filters, **r.filters}.items() if v)
    params = request.GET.copy()
    params.pop("page", None)
    from iljari.ledger.indicators import indicator_totals

    try:
        indicators = indicator_totals(year, as_of, scope=policy.rollup_scope(request.user, org))
    except policy.OutOfScope:
        indicators = []
    return render(request, "web/pivot.html", {
        "indicators": indicators,
        "year": year, "as_of": as_of, "org": org, "by": by, "dims": [(d, _dim_label(d)) for d in PIVOT_DIMS],
        **_figure_controls(request, org, as_of, _amount_unit(request, AmountUnit.MILLION), rounding or ""),
        "table": table, "error": error,
        "filters": _drill_description(request), "query": params.urlencode(),
        "page_no": page_no, "has_next": bool(result and limit and result.group_count > page_no * 100),
        "group_count": result.group_count if result else 0,
    })


@gate("record", methods=("GET", "HEAD", "POST"))
def entry(request: HttpRequest) -> HttpResponse:
    """월별 실적 입력: results and expenditure of one month for the programs of one unit, saved at once."""
    units = list(OrgUnit.objects.restrict(request.user, "record").order_by("path"))
    unit_code = request.POST.get("unit") or request.GET.get("unit")
    unit = next((u for u in units if u.code == unit_code), None) if unit_code else None
    if unit_code and unit is None:
        raise Http404
    if unit is None:
        home = policy.home_unit(request.user)
        unit = home if home in units else (units[0] if units else None)
    today = timezone.localdate()
    month_text = request.POST.get("month") or request.GET.get("month") or f"{today.year}-{today.month:02d}"
    try:
        year, month = int(month_text[:4]), int(month_text[5:7])
        month_end(year, month)
    except (ValueError, IndexError):
        year, month = today.year, today.month
    sheet = entry_service.EntrySheet.build(unit=unit, year=year, month=month) if unit else None
    if sheet is not None and not sheet.rows and not (request.POST.get("month") or request.GET.get("month")):
        # nothing runs this month: open on the unit's latest month with figures instead of an empty sheet
        from iljari.ledger.figures import latest_month

        year, month = latest_month(unit)
        sheet = entry_service.EntrySheet.build(unit=unit, year=year, month=month)
    errors: dict[str, str] = {}
    general: list[str] = []
    saved = None
    if request.method == "POST" and sheet is not None and unit is not None:
        if not policy.can(request.user, "record", unit):
            raise PermissionDenied
        try:
            with change_context("web"):
                saved = sheet.save(actor=request.user, data=request.POST, reason=request.POST.get("reason", ""))
            sheet = entry_service.EntrySheet.build(unit=unit, year=year, month=month)
        except ConflictError as exc:
            general = [_message(p) for p in exc.problems]
        except ServiceError as exc:
            for p in exc.problems:
                if p.field:
                    errors[p.field] = _message(p)
                else:
                    general.append(_message(p))
    submission, lock, can_do = None, None, {}
    if unit is not None:
        from iljari.core.periods import Period
        from iljari.ledger import workflow
        from iljari.ledger.models import MonthSubmission
        from iljari.ledger.services import lock_for, locked_periods

        submission = MonthSubmission.objects.filter(org_unit=unit, year=year, month=month).first()
        lock = lock_for(locked_periods(unit), Period(year, "M", month))
        status = submission.status if submission else ""
        can_do = {
            "submit": lock is None and status in ("", "reopened") and policy.can(request.user, "record", unit),
            "approve": status == "submitted" and workflow.may_approve(request.user, unit)
            and not workflow.submitted_by(submission, request.user),
            "accept": status == "approved" and workflow.may_accept(request.user)
            and not workflow.submitted_by(submission, request.user),
            "reopen": status in ("submitted", "approved", "accepted") and workflow.may_accept(request.user),
        }
    labels = {"result": _("Result (cumulative)"), "expenditure": _("Expenditure (cumulative, won)")}
    posted = request.POST if (errors or general) else {}
    rows = [{"program": r.program, "cells": [
        {"name": r.name(k), "label": labels[k], "previous": r.previous_shown(k), "version": r.version(k),
         "value": posted.get(r.name(k), r.shown(k)) if posted else r.shown(k), "error": errors.get(r.name(k))}
        for k, _code in entry_service.FIELDS]} for r in (sheet.rows if sheet else [])]
    return render(request, "web/entry.html", {
        "units": units, "unit": unit, "year": year, "month": month, "month_text": f"{year}-{month:02d}",
        "sheet": sheet, "rows": rows, "submission": submission, "lock": lock, "can_do": can_do, "errors": errors, "general": general, "saved": saved,
        "values": request.POST if (errors or general) else None,
    }, status=400 if (errors or general) else 200)


@gate("view")
def orgs(request: HttpRequest) -> HttpResponse:
    units = list(OrgUnit.objects.select_related("district").restrict(request.user, "view").order_by("path"))
    return render(request, "web/orgs.html", {"units": units, "today": timezone.localdate(),
                                             "can_edit": policy.allows(request.user, "administer")})


@gate("view")
def codes(request: HttpRequest) -> HttpResponse:
    lists = []
    for value, label in CodeList.choices:
        lists.append((value, label, Code.objects.filter(list=value).order_by("sort_order", "code")))
    return render(request, "web/codes.html", {"lists": lists, "measures": Measure.objects.order_by("code"),
                                              "can_edit": policy.allows(request.user, "administer")})


@gate("administer")
def audit(request: HttpRequest) -> HttpResponse:
    """변경 이력: every change in words (names, labels, formatted values), filtered; also as csv / xlsx."""
    qs = AuditEntry.objects.select_related("actor").all()
    who = request.GET.get("actor", "").strip()[:150]
    obj = request.GET.get("object_type", "").strip()[:60]
    batch = request.GET.get("batch", "").strip()[:32]
    since = request.GET.get("since", "").strip()
    until = request.GET.get("until", "").strip()
    if who:
        qs = qs.filter(actor_label=who)
    if obj:
        qs = qs.filter(object_type=obj)
    if batch:
        qs = qs.filter(batch_id=batch)
    try:
        if since:
            qs = qs.filter(at__date__gte=dt.date.fromisoformat(since))
        if until:
            qs = qs.filter(at__date__lte=dt.date.fromisoformat(until))
    except ValueError:
        pass
    if request.GET.get("format") in ("csv", "xlsx"):
        return exports.audit_export(describe_changes(qs[:exports.AUDIT_EXPORT_ROWS], _lang()),
                                    request.GET["format"], _lang())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
    return render(request, "web/audit.html", {
        "page": page, "rows": describe_changes(page.object_list, _lang()), "query": params.urlencode(),
        "types": sorted((labelled(OBJECT_TYPES, t, _lang()), t) for t in types), "actor": who,
        "object_type": obj, "batch": batch, "since": since, "until": until})


def root(request: HttpRequest) -> HttpResponse:
    return redirect("web:dashboard")


def _problems_to_form(form: Any, exc: ServiceError) -> None:
    for p in exc.problems:
        form.add_error(p.field if p.field in form.fields else None, _message(p))


@gate("view", methods=("GET", "HEAD", "POST"))
def program_edit(request: HttpRequest, code: str) -> HttpResponse:
    from django.contrib import messages

    from iljari.programs.services import program_update

    from .forms import ProgramForm

    program = get_object_or_404(Program.objects.restrict(request.user, "view"), code=code)
    if not policy.can(request.user, "change_program", program):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, initial=ProgramForm.initial_for(program))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version, reason, groups = d.pop("version"), d.pop("reason"), list(d.pop("target_groups"))
        try:
            with change_context("web"):
                program_update(actor=request.user, program=program, expected_version=version, reason=reason,
                               target_groups=groups, **d)
            messages.success(request, _("Saved."))
            return redirect("web:program", code=program.code)
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return render(request, "web/program_edit.html", {"program": program, "form": form},
                  status=400 if form.errors else 200)


@gate("administer", methods=("GET", "HEAD", "POST"))
def code_edit(request: HttpRequest) -> HttpResponse:
    from django.contrib import messages

    from iljari.programs.services import code_save

    from .forms import CodeForm

    form = CodeForm(request.POST or None, initial={"list_name": request.GET.get("list", "")[:40]})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("web"):
                code_save(actor=request.user, list_name=d["list_name"], code=d["code"], label_ko=d["label_ko"],
                          label_en=d["label_en"], sort_order=d["sort_order"], active=d["active"],
                          reason=d["reason"])
            messages.success(request, _("Saved."))
            return redirect("web:codes")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return render(request, "web/form.html", {"form": form, "title": _("Code list entry")},
                  status=400 if form.errors else 200)


@gate("administer", methods=("GET", "HEAD", "POST"))
def org_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Rename a unit from a date on, or add a unit under it (administrators)."""
    from django.contrib import messages

    from iljari.orgs.services import org_unit_create, org_unit_rename

    from .forms import OrgCreateForm, OrgRenameForm

    org = get_object_or_404(OrgUnit, code=code)
    action = request.POST.get("action")
    rename = OrgRenameForm(request.POST if action == "rename" else None, prefix="rename")
    create = OrgCreateForm(request.POST if action == "create" else None, prefix="create")
    form = rename if action == "rename" else create if action == "create" else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            with change_context("web"):
                if action == "rename":
                    org_unit_rename(actor=request.user, org=org, **d)
                else:
                    org_unit_create(actor=request.user, parent=org, **d)
            messages.success(request, _("Saved."))
            return redirect("web:orgs")
        except ServiceError as exc:
            _problems_to_form(form, exc)
    return render(request, "web/org_edit.html", {"org": org, "rename": rename, "create": create},
                  status=400 if (form is not None and form.errors) else 200)


def _unit_month(request: HttpRequest, params: Any, action: str) -> tuple[OrgUnit, int, int]:
    """The `unit` (within what the user may do `action` on, else 404) and `month` (YYYY-MM) of a request."""
    unit = get_object_or_404(OrgUnit.objects.restrict(request.user, action),
                             code=params.get("unit", ""))
    text = params.get("month", "")
    try:
        year, month = int(text[:4]), int(text[5:7])
        month_end(year, month)
    except (ValueError, IndexError):
        raise Http404 from None
    return unit, year, month


@gate("record")
def entry_template(request: HttpRequest) -> HttpResponse:
    """The unit's monthly workbook (xlsx) to fill offline."""
    from iljari.interchange.workbook import UNIT_DIVISORS, template_workbook

    unit, year, month = _unit_month(request, request.GET, "record")
    money = request.GET.get("money_unit", "원")
    if money not in UNIT_DIVISORS:
        money = "원"
    data = template_workbook(unit=unit, year=year, month=month, money_unit=money)
    resp = HttpResponse(data, content_type=exports.XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{unit.code}-{year}-{month:02d}.xlsx"'
    return resp


def _upload_dir() -> Any:
    from django.conf import settings

    d = settings.DATA_DIR / "uploads"
    d.mkdir(parents=True, exist_ok=True)
    return d


@gate("record", methods=("POST",))
def entry_upload(request: HttpRequest) -> HttpResponse:
    """Upload a filled workbook: first a preview of every difference, then one confirmation saves it all."""
    import secrets

    from iljari.core.spreadsheets import read_upload
    from iljari.interchange.workbook import workbook_import

    report, errors, done = None, [], None
    token = request.POST.get("token", "")
    try:
        if token:  # confirmation of a previewed file
            stash = request.session.get("upload", {})
            if stash.get("token") != token:
                raise Http404
            path = _upload_dir() / f"{token}.xlsx"
            data = path.read_bytes()
            with change_context("web"):
                done = workbook_import(actor=request.user, data=data, file_name=stash.get("name", ""),
                                       reason=request.POST.get("reason", ""))
            path.unlink(missing_ok=True)
            request.session.pop("upload", None)
        else:
            f = request.FILES.get("file")
            if f is None:
                errors = [_("Choose a file.")]
            else:
                data = read_upload(f)
                report = workbook_import(actor=request.user, data=data, dry_run=True, file_name=f.name or "")
                token = secrets.token_urlsafe(16)
                (_upload_dir() / f"{token}.xlsx").write_bytes(data)
                request.session["upload"] = {"token": token, "name": f.name}
    except ServiceError as exc:
        errors = [_message(p) for p in exc.problems]
    rows = [{"cell": d.cell, **d.texts(_lang())} for d in report.changes] if report else []
    return render(request, "web/upload.html", {"report": report, "rows": rows, "errors": errors, "done": done,
                                               "token": token}, status=400 if errors else 200)


@gate("view")
def quality(request: HttpRequest) -> HttpResponse:
    """자료 검증: violations of the validation rules, grouped by rule, each linking to its row."""
    from iljari.quality.engine import describe, evaluate
    from iljari.quality.models import ValidationRule
    from iljari.quality.sentences import rule_sentence

    org = _scope(request)
    year, as_of = parse_period(request.GET, scope=org or figures_scope(request.user))
    rules = list(ValidationRule.objects.filter(active=True))
    found = evaluate(year=year, as_of=as_of, rules=rules, scope=org)
    lang = _lang()
    if request.GET.get("format") in ("csv", "xlsx"):
        return exports.violations_export(found, year, as_of, request.GET["format"], lang)
    # the entry link only where the reader may enter figures (a council member reads; it would open a 403)
    recordable = set(OrgUnit.objects.restrict(request.user, "record").values_list("code", flat=True))
    groups = []
    for rule in rules:
        items = [v for v in found if v.rule.pk == rule.pk]
        groups.append({"rule": rule, "sentence": rule_sentence(rule, lang), "count": len(items), "items": [
            {"v": v, "text": describe(v, lang, subject=False),
             "url": reverse("web:program", args=[v.program_code]) + f"?year={year}&as_of={as_of.isoformat()}",
             "entry": reverse("web:entry") + f"?unit={v.org_code}&month={v.period}" if v.org_code in recordable
             else ""} for v in items[:200]]})
    return render(request, "web/quality.html", {"year": year, "as_of": as_of, "org": org, "groups": groups,
                                                "total": len(found), **_figure_controls(request, org, as_of)})


@gate("view", methods=("POST",))
def entry_workflow(request: HttpRequest) -> HttpResponse:
    """Submit, approve, accept or reopen a unit's month (POST only; the services check who may)."""
    from django.contrib import messages

    from iljari.ledger import workflow

    unit, year, month = _unit_month(request, request.POST, "view")
    action = request.POST.get("action")
    from collections.abc import Callable

    actions: dict[str, Callable[..., Any]] = {"submit": workflow.month_submit, "approve": workflow.month_approve,
                                              "accept": workflow.month_accept, "reopen": workflow.month_reopen}
    fn = actions.get(action or "")
    if fn is None:
        raise Http404
    try:
        with change_context("web"):
            fn(actor=request.user, unit=unit, year=year, month=month, reason=request.POST.get("reason", ""))
        messages.success(request, _("Done."))
    except ServiceError as exc:
        if exc.status == 403 and any(p.code != ErrorCode.SAME_PERSON for p in exc.problems):
            raise PermissionDenied from None
        for p in exc.problems:  # four eyes: the submitter is told why someone else has to approve
            messages.error(request, _message(p))
    return redirect(reverse("web:entry") + f"?unit={unit.code}&month={year}-{month:02d}")
