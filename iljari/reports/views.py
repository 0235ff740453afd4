"""Published reports: public read-only pages at stable addresses, their PDF, and what changed since the last one;
and the publish action for the officers who own a report."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from iljari.access import policy
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ServiceError

from . import report_views  # noqa: F401  (registers the ledger reports' builders)
from .builders import build
from .models import Publication
from .pdf import render_pdf
from .services import compare, publication_create


def public_list(request: HttpRequest) -> HttpResponse:
    pubs = Publication.objects.select_related("published_by").order_by("kind", "subject", "-sequence")
    return render(request, "reports/public_list.html", {"publications": pubs})


def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pub = get_object_or_404(Publication, slug=slug)
    versions = Publication.objects.filter(kind=pub.kind, subject=pub.subject).order_by("-sequence")
    return render(request, "reports/public_detail.html", {"pub": pub, "versions": versions,
                                                          "changes": compare(pub, pub.previous)})


def public_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    pub = get_object_or_404(Publication, slug=slug)
    html_line = f"제{pub.sequence}판 · {timezone.localtime(pub.published_at):%Y-%m-%d %H:%M} 공표 · {pub.as_of:%Y-%m-%d} 기준"
    pdf = render_pdf("reports/print_frozen.html", {"title": pub.title, "body_html": pub.body_html,
                                                    "generated_line": html_line})
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(pub.slug)}.pdf"
    return resp


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    kind, subject = request.POST.get("kind", ""), request.POST.get("subject", "")
    try:
        as_of = parse_date(request.POST.get("as_of", "")) or timezone.localdate()
    except DateParseError:
        as_of = timezone.localdate()
    params = {"rounding": request.POST.get("rounding") or None, "year": request.POST.get("year") or None}
    report = build(kind, subject, as_of, params)
    if report.owner is None or not policy.can(request.user, "publish", report.owner):
        raise PermissionDenied
    try:
        pub = publication_create(actor=request.user, kind=kind, subject=subject, as_of=as_of, params=params,
                                 note=request.POST.get("note", "")[:2000])
    except ServiceError as exc:
        return render(request, "web/error.html", {"title": "공표하지 못했습니다 / not published",
                                                  "message": str(exc)}, status=exc.status)
    return redirect("public:detail", slug=pub.slug)

