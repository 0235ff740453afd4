"""Background rendering of large reports (django-tasks): the page starts a job and shows its progress; the
worker (`iljari db_worker`, started by `make run`) builds the report, renders it and keeps the file."""

from __future__ import annotations

import datetime as dt
import time
import traceback
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_tasks import task

from iljari.access.decorators import gate
from iljari.core.http import file_response
from iljari.orgs.models import OrgUnit

from .models import ReportJob


def report_job_start(*, actor: Any, kind: str, org: OrgUnit, year: int, as_of: dt.date, params: dict[str, Any],
                     fmt: str) -> ReportJob:
    """Queue a report to be rendered in the background for `actor` (its page shows progress, then the file).

    The job is the requester's own (ReportJob.Scope): nobody else reads its status or its file. Audited."""
    from iljari.audit.models import AuditEntry
    from iljari.audit.services import audit_record, snapshot

    with transaction.atomic():
        job = ReportJob.objects.create(kind=kind, org_code=org.code, year=year, as_of=as_of, params=params, fmt=fmt,
                                       requested_by=actor, title=f"{org.name_ko} 주요업무보고")
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=job, before=None,
                     after=snapshot(job, fields=["kind", "org_code", "year", "as_of", "params", "fmt"]),
                     reason="보고서 작성 요청 / report requested")
        transaction.on_commit(lambda: render_report.enqueue(job.pk))
    return job


@task()
def render_report(job_id: int) -> None:
    from iljari.core.pdf import render_pdf
    from iljari.core.reportbook import report_workbook

    from .report_views import generated_line, make_report

    job = ReportJob.objects.get(pk=job_id)
    ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.RUNNING, step="준비")
    last = [0.0]

    def progress(done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:  # at most two writes a second
            last[0] = now
            ReportJob.objects.filter(pk=job_id).update(done=done, total=total + 1, step=what[:200])

    try:
        org = OrgUnit.objects.get(code=job.org_code)
        report = make_report(job.kind, org, job.year, job.as_of, job.params, progress=progress)
        ReportJob.objects.filter(pk=job_id).update(step="PDF 인쇄" if job.fmt == "pdf" else "xlsx 작성")
        if job.fmt == "pdf":
            data = render_pdf("reports/print_report.html", {"report": report, "title": report.title,
                                                            "generated_line": generated_line(job.as_of)})
        else:
            data = report_workbook(report)
        ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.DONE, output=data, title=report.title,
                                                   done=1, total=1, step="완료", finished_at=timezone.now())
    except Exception as exc:  # the page shows the failure instead of waiting for ever
        ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.FAILED, error=f"{exc}\n\n"
                                                   f"{traceback.format_exc()[-2000:]}", finished_at=timezone.now())
        raise


def _own_job(request: HttpRequest, job_id: int) -> ReportJob:
    return get_object_or_404(ReportJob.objects.restrict(request.user).defer("output"), pk=job_id)


@gate(None)
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    template = "reports/_job.html" if request.headers.get("HX-Request") else "reports/job.html"
    return render(request, template, {"job": job})


@gate(None)
def job_file(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    if job.status != ReportJob.Status.DONE:
        raise Http404
    data = bytes(ReportJob.objects.values_list("output", flat=True).get(pk=job.pk) or b"")
    return file_response(data, job.fmt, f"{job.title}_{job.as_of:%Y%m%d}")
