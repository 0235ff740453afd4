"""The officers' pages of subsidy claims (under /cases/subsidy/): the new-claim form at a district's desk, a
claim's page (the subsidy panel on its own), documents (upload, download), the import of paper applications
(template, preview, import), and the subsidy panel of the case page (`cases.panels`)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.orgs.models import OrgUnit
from iljari.people.selectors import mask_name

from .codes import DOC_TYPES, doc_type_label
from .models import Case, Document, Flow
from .panels import panel
from .staged import is_staged, staged_case_open, staged_steps
from .subsidy import claim_submit, document_add, rules_in_words
from .subsidy_forms import ClaimForm, DocumentForm, ImportForm, InternshipForm
from .subsidy_import import claims_import, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _english() -> bool:
    return (translation.get_language() or "ko").startswith("en")


def _text(p: Any) -> str:
    return p.message_en if _english() else p.message_ko


def _subsidy_flow(code: str) -> Flow:
    flow = Flow.objects.filter(code=code, kind=Flow.Kind.SUBSIDY).select_related("program").first()
    if flow is None:
        raise Http404
    return flow


def _districts(user: Any, flow: Flow) -> Any:
    """The districts whose desk the user works at: the districts the user may handle cases of; every district
    for the subsidy's owning office (the city receives for any district)."""
    everywhere = OrgUnit.objects.filter(kind="district").order_by("name_ko")
    if policy.can(user, "handle_case", flow.program.owner_org):
        return everywhere
    return OrgUnit.objects.restrict(user, "handle_case").filter(kind="district").order_by("name_ko")


def _problems_to_form(form: Any, exc: ServiceError) -> list[str]:
    loose: list[str] = []
    for p in exc.problems:
        field = form.field_of(p.field)
        if field and field in form.fields:
            form.add_error(field, _text(p))
        else:
            loose.append(_text(p))
    return loose


# ------------------------------------------------------------------------------------------------ new claim


@sensitive_post_parameters("worker_rrn", "worker_birth_date", "worker_phone")
@gate("handle_case", methods=("GET", "HEAD", "POST"))
def claim_new(request: HttpRequest, flow: str) -> HttpResponse:
    """신규 청구 접수: the firm, the worker, up to three months with their leave days, the insurance; refused with
    every problem beside its field, nothing saved."""
    the_flow = _subsidy_flow(flow)
    districts = _districts(request.user, the_flow)
    initial = {"applied_on": timezone.localdate()}
    if districts.count() == 1:
        initial["district"] = districts.first()
    if is_staged(the_flow):
        return _staged_new(request, the_flow, districts, initial)
    form = ClaimForm(request.POST or None, districts=districts, initial=initial)
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                with change_context("web"):
                    case = claim_submit(actor=request.user, flow=the_flow, district=d["district"], firm=form.firm(),
                                        worker=form.worker(), months=form.months(),
                                        insured_until=d.get("insured_until"), channel=Case.Channel.OFFICE,
                                        applied_on=d["applied_on"])
            except ServiceError as exc:
                problems = _problems_to_form(form, exc)
            else:
                return HttpResponseRedirect(reverse("web:cases:subsidy_claim", args=[case.pk]))
    return render(request, "cases/subsidy/new.html", {
        "flow": the_flow, "form": form, "problems": problems, "rules": rules_in_words(the_flow),
        "months": [(form[f"month_{n}"], form[f"days_{n}"]) for n in range(1, 4)]},
        status=400 if request.method == "POST" else 200)


def _staged_new(request: HttpRequest, flow: Flow, districts: Any, initial: dict[str, Any]) -> HttpResponse:
    """인턴십 지원 신청 접수 (a subsidy paid in stages): the firm, the intern, the first day, the documents; then
    the case page, where the district approves it and the payments are scheduled."""
    first = flow.stages.order_by("order", "id").first()
    doc_types = list(first.required_documents or []) if first else []
    form = InternshipForm(request.POST or None, request.FILES or None, districts=districts, initial=initial,
                          doc_types=doc_types)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with change_context("web"):
                case = staged_case_open(actor=request.user, flow=flow, district=d["district"], firm=form.firm(),
                                        intern=form.intern(), starts_on=d["starts_on"], documents=form.documents(),
                                        applied_on=d["applied_on"])
        except ServiceError as exc:
            problems = _problems_to_form(form, exc)
        else:
            return HttpResponseRedirect(reverse("web:cases:case", args=[case.reference]))
    steps = staged_steps(flow, timezone.localdate(), _english())
    return render(request, "cases/subsidy/new_staged.html", {
        "flow": flow, "form": form, "problems": problems, "steps": steps,
        "total": sum(s["amount"] for s in steps)}, status=400 if request.method == "POST" else 200)


# ------------------------------------------------------------------------------------------------ a claim


def _decision_words(entry: dict[str, Any]) -> dict[str, Any]:
    english = _english()
    return {"rule": (entry.get("rule_en") if english else entry.get("rule")) or entry.get("rule"),
            "values": (entry.get("values_en") if english else entry.get("values")) or entry.get("values"),
            "passed": entry.get("passed")}


def claim_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the subsidy panel shows: the firm and worker, each month with each rule's result in words, the
    amount, the documents (and what the stage still needs), the upload form for who may act on the case."""
    months = []
    for m in case.months.all():
        months.append({"month": m.month, "leave_days": m.leave_days, "eligible": m.eligible, "amount": m.amount,
                       "decision": [_decision_words(e) for e in (m.decision or [])]})
    documents = [{"doc": d, "label": doc_type_label(d.doc_type, "en" if _english() else "ko")}
                 for d in case.documents.order_by("uploaded_at", "id")]
    have = {d["doc"].doc_type for d in documents}
    needed = [doc_type_label(t, "en" if _english() else "ko") for t in (case.stage.required_documents or [])
              if t not in have]
    may_handle = policy.can(request.user, "handle_case", case)
    return {"case": case, "months": months, "total": sum(m["amount"] or 0 for m in months),
            "documents": documents, "missing": needed, "may_handle": may_handle, "staged": is_staged(case.flow),
            "document_form": DocumentForm() if may_handle else None, "org": case.organisation, "person": case.person,
            # the worker's name masked (김*수), as on the case page: the claim is handled without showing it whole
            "person_name": mask_name(case.person.name) if case.person else "",
            "max_mb": max(d.max_bytes for d in DOC_TYPES.values()) // 1024 // 1024}


@panel("subsidy", "cases/panels/subsidy.html", order=20)
def subsidy_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    if case.flow.kind != Flow.Kind.SUBSIDY or (case.organisation_id is None and not case.months.exists()):
        return None
    return {**claim_context(request, case), "in_case_page": True}  # the case page lists the documents itself


@gate("view_case")
def claim_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """청구 내역: a claim's months, rule results, amount and documents (the subsidy panel on its own page)."""
    case = get_object_or_404(Case.objects.restrict(request.user, "view_case")
                             .select_related("flow", "stage", "district", "organisation", "person"), pk=case_id,
                             flow__kind=Flow.Kind.SUBSIDY)
    return render(request, "cases/subsidy/claim.html", claim_context(request, case))


# ------------------------------------------------------------------------------------------------ documents


@gate("handle_case", methods=("POST",))
def document_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    """A document kept with the case; back to where the form was (the case page or the claim's page)."""
    case = get_object_or_404(Case.objects.restrict(request.user, "handle_case"), pk=case_id)
    form = DocumentForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            with change_context("web"):
                document_add(actor=request.user, case=case, doc_type=form.cleaned_data["doc_type"],
                             uploaded_file=form.cleaned_data["file"])
        except ServiceError as exc:
            problems = [_text(p) for p in exc.problems]
    else:
        problems = [f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields] or [
            gettext("Choose the kind of document and the file.")]
    if not problems:
        back = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        return HttpResponseRedirect(back or reverse("web:cases:subsidy_claim", args=[case.pk]))
    context = claim_context(request, case)
    context["problems"] = problems
    return render(request, "cases/subsidy/claim.html", context, status=400)


@gate("view_case")
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """A case's document, to an officer who may see the case (404 otherwise); always as a download."""
    cases = Case.objects.restrict(request.user, "view_case")
    doc = get_object_or_404(Document.objects.filter(case__in=cases), pk=document_id)
    try:
        handle = doc.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=doc.name, content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------------------------ import


def _import_key(user: Any, digest: str) -> str:
    return f"cases:subsidy-import:{user.pk}:{digest}"


@gate("handle_case", methods=("GET", "HEAD", "POST"))
def claims_import_page(request: HttpRequest, flow: str) -> HttpResponse:
    """서면 신청 일괄 등록: upload → preview (checked, nothing saved) → import (the same file, kept for 30 minutes
    in the cache by its sha256). Every problem is listed with its sheet and cell; nothing is saved on any."""
    from iljari.core.spreadsheets import read_upload

    the_flow = _subsidy_flow(flow)
    if is_staged(the_flow):
        raise Http404  # the import takes claims by months of leave; a subsidy paid in stages is received one by one
    districts = _districts(request.user, the_flow)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"flow": the_flow, "form": form, "districts": districts, "problems": [],
                               "report": None, "digest": "", "district": None}
    if request.method != "POST":
        return render(request, "cases/subsidy/import.html", context)
    district = districts.filter(pk=request.POST.get("district") or 0).first() if (
        request.POST.get("district") or "").isdigit() else None
    context["district"] = district
    if district is None:
        context["problems"] = [gettext("Choose the district that received the applications.")]
        return render(request, "cases/subsidy/import.html", context, status=400)
    confirm = request.POST.get("confirm") or ""
    if confirm:
        data = cache.get(_import_key(request.user, confirm))
        name = request.POST.get("file_name", "")[:200]
        if data is None:
            context["problems"] = [gettext("The checked file is no longer kept; upload it again.")]
            return render(request, "cases/subsidy/import.html", context, status=400)
    elif form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
        except ServiceError as exc:
            context["problems"] = [_text(p) for p in exc.problems]
            return render(request, "cases/subsidy/import.html", context, status=400)
        name = form.cleaned_data["file"].name[:200]
    else:
        context["problems"] = [gettext("Choose the workbook (xlsx) to import.")]
        return render(request, "cases/subsidy/import.html", context, status=400)
    try:
        with change_context("import"):
            report = claims_import(actor=request.user, flow=the_flow, district=district, data=data,
                                   dry_run=not confirm, file_name=name)
    except ServiceError as exc:
        context["problems"] = [_text(p) for p in exc.problems]
        return render(request, "cases/subsidy/import.html", context, status=400)
    digest = hashlib.sha256(data).hexdigest()
    if not confirm:
        cache.set(_import_key(request.user, digest), data, 30 * 60)
    else:
        cache.delete(_import_key(request.user, confirm))
    context.update(report=report, digest=digest, file_name=name)
    return render(request, "cases/subsidy/import.html", context)


@gate("handle_case")
def claims_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''subsidy-claims-template.xlsx"
    return response
