"""Report pages: the job target disclosure, budget execution by unit project and the work report, each as HTML,
PDF and xlsx. The work report of a large unit renders in the background with a progress bar."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.http import file_response
from iljari.core.numbers import AmountUnit
from iljari.core.pdf import render_pdf
from iljari.core.reportbook import report_workbook
from iljari.core.reportbuilders import BuiltReport, builder
from iljari.ledger.figures import parse_period
from iljari.orgs.models import OrgUnit

from . import ledger_reports

KINDS = {"disclosure": "target_disclosure", "budget-execution": "budget_execution", "work-report": "work_report"}


def _org(code: str) -> OrgUnit | None:
    if not code or code == "ALL":
        return None
    org = OrgUnit.objects.filter(code=code).first()
    if org is None:
        raise Http404
    return org


def make_report(kind: str, org: OrgUnit | None, year: int, as_of: dt.date, params: dict[str, Any],
                progress: Any = None) -> Any:
    rounding = params.get("rounding") or None
    if kind == "target_disclosure":
        return ledger_reports.target_disclosure(org=org, year=year, as_of=as_of, rounding=rounding)
    if kind == "budget_execution":
        unit = AmountUnit.parse(params.get("unit") or "thousand")
        return ledger_reports.budget_execution(org=org, year=year, as_of=as_of, rounding=rounding, unit=unit)
    if kind == "work_report":
        if org is None:
            raise Http404("a work report is of one org unit")
        return ledger_reports.work_report(org=org, year=year, as_of=as_of, rounding=rounding, progress=progress)
    raise Http404


def _register(kind: str) -> None:
    @builder(kind)
    def build(subject: str, as_of: dt.date, params: dict[str, Any]) -> BuiltReport:
        org = _org(subject)
        year = int(params.get("year") or as_of.year)
        report = make_report(kind, org, year, as_of, params)
        owner = org or OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
        return BuiltReport(title=report.title, body_template="reports/_report.html", context={"report": report},
                           figures=report.figures(), params={"year": year, "rounding": params.get("rounding")},
                           owner=owner)


for _kind in KINDS.values():
    _register(_kind)


@gate("view", methods=("GET", "HEAD", "POST"))
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the report (or, for the small ones and with `now=1`, its file). The work report's PDF and xlsx
    are made by the report worker: that starts only with a POST (the page's form, with its CSRF token), never
    with a GET a link or another site's image could send."""
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    if request.method == "POST" and kind != "work_report":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    q = request.POST if request.method == "POST" else request.GET
    try:
        org = policy.rollup_scope(request.user, _org(q.get("org", "")))
    except policy.OutOfScope:
        raise Http404 from None
    if kind == "work_report" and org is None:
        org = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
        if org is None:
            raise Http404
    # Without a period: the latest with figures of the report's unit (a district's own latest year).
    year, as_of = parse_period(q, scope=org or policy.rollup_scope(request.user, None))
    params = {"rounding": q.get("rounding", ""), "unit": q.get("unit", "")}
    fmt = q.get("format", "html")
    background = kind == "work_report" and request.GET.get("now") != "1"
    if request.method == "POST":
        if fmt not in ("pdf", "xlsx"):
            return HttpResponseBadRequest("형식은 PDF 또는 xlsx입니다")
        from .jobs import report_job_start

        assert org is not None  # the work report always has its unit (above)
        with change_context("web"):
            job = report_job_start(actor=request.user, kind=kind, org=org, year=year, as_of=as_of, params=params,
                                   fmt=fmt)
        return redirect("web:report_job", job_id=job.pk)
    if background:
        fmt = "html"  # the page, whose form starts the job
    report = make_report(kind, org, year, as_of, params)
    name = f"{report.title}_{as_of:%Y%m%d}"
    if fmt == "pdf":
        return file_response(render_pdf("reports/print_report.html", {
            "report": report, "title": report.title, "generated_line": generated_line(as_of)}), "pdf", name)
    if fmt == "xlsx":
        return file_response(report_workbook(report), "xlsx", name)
    query = urlencode({k: v for k, v in {"org": org.code if org else "", "year": year, "as_of": as_of.isoformat(),
                                         "rounding": params["rounding"], "unit": params["unit"]}.items() if v})
    # The figure pages' org selector: the units the user may see as a tree (city, offices, agencies, districts).
    from django.utils.translation import get_language

    from iljari.ledger.figures import unit_choices

    orgs = unit_choices(request.user, org, as_of, "en" if (get_language() or "ko").startswith("en") else "ko")
    owner = org or OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    return render(request, "reports/report.html", {
        "report": report, "kind": kind, "background": background, "unit": params["unit"], "subject": org.code if org else "ALL", "org_code": org.code if org else "",
        "orgs": orgs, "allow_all": kind != "work_report" and policy.grant(request.user, "view").everywhere,
        "year": year, "as_of": as_of, "rounding": params["rounding"], "query": query,
        "can_publish": owner is not None and policy.can(request.user, "publish", owner)})


def generated_line(as_of: dt.date) -> str:
    return f"iljari · {timezone.localtime():%Y-%m-%d %H:%M} 생성 · {as_of:%Y-%m-%d} 기준 자료"
