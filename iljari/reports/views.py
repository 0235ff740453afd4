"""Published reports: public read-only pages at stable addresses, their PDF, and what changed since the last one;
and the publish action for the officers who own a report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.dates import DateParseError, parse_date
from iljari.core.errors import ServiceError
from iljari.core.forms import form_messages
from iljari.core.http import file_response
from iljari.core.pdf import render_pdf
from iljari.core.reportbuilders import build

from .models import Publication
from .services import compare, publication_create


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    pubs = Publication.objects.select_related("published_by").order_by("kind", "subject", "-sequence")
    return render(request, "reports/public_list.html", {"publications": pubs})


@require_safe
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pub = get_object_or_404(Publication, slug=slug)
    versions = Publication.objects.filter(kind=pub.kind, subject=pub.subject).order_by("-sequence")
    return render(request, "reports/public_detail.html", {"pub": pub, "versions": versions,
                                                          "changes": compare(pub, pub.previous)})


@require_safe
def public_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    pub = get_object_or_404(Publication, slug=slug)
    html_line = f"제{pub.sequence}판 · {timezone.localtime(pub.published_at):%Y-%m-%d %H:%M} 공표 · {pub.as_of:%Y-%m-%d} 기준"
    pdf = render_pdf("reports/print_frozen.html", {"title": pub.title, "body_html": pub.body_html,
                                                    "generated_line": html_line})
    return file_response(pdf, "pdf", pub.slug)


@gate("publish", methods=("POST",))
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
    if report.blockers:  # a mandatory item is missing (a job plan): say which, publish nothing
        return render(request, "reports/publish_refused.html", {
            "title": report.title, "problems": [p.text() for p in report.blockers],
            "back": _same_site(request, request.META.get("HTTP_REFERER", ""))}, status=400)
    if request.POST.get("confirm") != "1":
        # Publishing cannot be undone: say what becomes public, and ask.
        from .models import Publication

        back = _same_site(request, request.META.get("HTTP_REFERER", ""))
        keep = ("kind", "subject", "as_of", "rounding", "year", "note")
        return render(request, "reports/publish_confirm.html", {
            "title": report.title, "as_of": as_of, "note": request.POST.get("note", "")[:2000],
            "editions": Publication.objects.filter(kind=Publication.Kind(kind), subject=subject).count()
            if kind in Publication.Kind.values else 0,
            "fields": [(k, request.POST.get(k, "")) for k in keep if request.POST.get(k)],
            "back": back})
    try:
        pub = publication_create(actor=request.user, kind=kind, subject=subject, as_of=as_of, params=params,
                                 note=request.POST.get("note", "")[:2000])
    except ServiceError as exc:
        return render(request, "web/error.html", {"title": "공표하지 못했습니다 / not published",
                                                  "message": exc.text()}, status=exc.status)
    return redirect("public:detail", slug=pub.slug)


def _same_site(request: HttpRequest, url: str) -> str:
    """The page the officer came from, if it is this site's (else the start page)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    return url if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else "/"



@gate("view", methods=("GET", "HEAD", "POST"))
def program_note(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Edit what the work report says about a program in a year (추진실적, 향후계획)."""
    from iljari.core.errors import ConflictError
    from iljari.programs.models import Program

    from .models import ProgramNote
    from .services_notes import program_note_save

    program = get_object_or_404(Program.objects.restrict(request.user, "view"), code=code)
    if not policy.can(request.user, "write_report_text", program):
        raise PermissionDenied
    note = ProgramNote.objects.filter(program=program, year=year).first()
    error = ""
    if request.method == "POST":
        try:
            program_note_save(actor=request.user, program=program, year=year,
                              achievements=request.POST.get("achievements", ""),
                              next_steps=request.POST.get("next_steps", ""),
                              expected_version=int(request.POST.get("version") or 0) or None,
                              reason=request.POST.get("reason", "")[:500])
        except (ConflictError, ServiceError) as exc:
            error = " / ".join(f"{p.message_ko} ({p.message_en})" for p in exc.problems)
        else:
            return redirect("web:program", code=program.code)
    return render(request, "reports/program_note.html", {
        "program": program, "year": year, "note": note, "error": error,
        "achievements": request.POST.get("achievements", note.achievements if note else ""),
        "next_steps": request.POST.get("next_steps", note.next_steps if note else "")})


@gate("view", methods=("GET", "HEAD", "POST"))
def coefficients(request: HttpRequest) -> HttpResponse:
    """취업계수 table (administrators add or correct a coefficient from a date) and a jobs estimator for anyone."""
    from iljari.core.errors import ServiceError as _ServiceError
    from iljari.programs.estimates import estimate_jobs
    from iljari.programs.models import EmploymentCoefficient
    from iljari.programs.services import coefficient_save

    from .forms import CoefficientForm, EstimateForm

    can_edit = policy.allows(request.user, "change_coefficients")
    errors: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = CoefficientForm(request.POST)
        if not form.is_valid():
            errors += form_messages(form)
        else:
            d = form.cleaned_data
            try:
                with change_context("web"):
                    coefficient_save(actor=request.user, industry=d["industry"], name_ko=d["name_ko"],
                                     valid_from=d["valid_from"], jobs_per_billion=d["jobs_per_billion"],
                                     source=d["source"], reason=d["reason"])
            except _ServiceError as exc:
                errors += [p.text() for p in exc.problems]
            else:
                return redirect("web:coefficients")
    estimate = None
    q = request.GET
    from iljari.core.labels import name_in_language

    industries = sorted({(c.industry, name_in_language(c)) for c in EmploymentCoefficient.objects.all()})
    if q.get("budget") or q.get("industry"):
        est = EstimateForm(q, industries=industries)
        if est.is_valid():
            d = est.cleaned_data
            estimate = estimate_jobs(int(d["budget"] * 100_000_000), d["industry"],
                                     d["on"] or timezone.localdate()) or "none"
        else:
            errors += form_messages(est)
    rows = list(EmploymentCoefficient.objects.all())
    return render(request, "reports/coefficients.html", {
        "rows": rows, "industries": industries, "can_edit": can_edit,
        "errors": errors, "estimate": estimate, "q": q})
