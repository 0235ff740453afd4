"""The officers' call pages (/cases/calls/…): the calls, a call with its applications by stage and district and
its ranked list (each reviewer's total, the normalised score, recusals), setting up and publishing a call,
assigning reviewers, desk applications; the reviewers' pages (the cases to score, the scoring form, recusal); and
the POST doors of the call panel on the case page (interview, the ministry's decision, agreement, payment).

Who sees a call: the owning office, the officers of a district that takes it, global roles; a reviewer assigned to
it sees its announcement and their own assignments only (404 for anyone else); what a user may do on it is the
services' check (403). A reviewer's list keeps the applications they scored or recused from after the review moved
on, their own scores read-only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.brn import business_number_format
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.core.labels import name_in_language
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

from . import calls as svc
from .call_forms import (
    AgreementForm,
    ApplyForm,
    CallForm,
    DecisionForm,
    InterviewForm,
    PaymentForm,
    RecuseForm,
    categories_text,
)
from .codes import doc_type_label
from .models import Agreement, Call, Case, Document, Flow, Review, ReviewerAssignment, Stage
from .ranking import ranked_list, reviewer_names
from .templatetags.case_words import lz, say


def _language(request: HttpRequest) -> str:
    return (getattr(request, "LANGUAGE_CODE", "") or "ko")[:2]


def _sees(user: Any, call: Call, districts: list | None = None) -> bool:
    """The owning office, a district that takes the call, global roles: the call with its applications (the API's
    rule too)."""
    if svc.owns(user, call):
        return True
    g = policy.grant(user, "view_case")
    return any(g.covers(d) for d in (districts if districts is not None else svc.call_districts(call)))


def _reviews_call(user: Any, call: Call) -> bool:
    """An assigned reviewer: the call's announcement and their own assignments."""
    return bool(getattr(user, "is_authenticated", False) and policy.allows(user, "review_case")
                and ReviewerAssignment.objects.filter(call=call, reviewer=user).exists())


def _sees_page(user: Any, call: Call) -> bool:
    """Who finds the call's page: its officers, and its assigned reviewers (read-only)."""
    return _sees(user, call) or _reviews_call(user, call)


def _review_cases(user: Any, a: ReviewerAssignment) -> tuple[list[Case], dict[int, Review]]:
    """The applications of an assignment: those at its stage, and those the reviewer scored or recused from there
    (after the review moved on too), with the reviewer's own reviews by case."""
    mine = {r.case_id: r for r in Review.objects.filter(reviewer=user, stage=a.stage, case__call=a.call)}
    cases = list(Case.objects.filter(call=a.call).filter(Q(stage=a.stage) | Q(pk__in=list(mine)))
                 .select_related("organisation", "district").order_by("reference"))
    return cases, mine


def _assignment_rows(user: Any, call: Call) -> list[dict[str, Any]]:
    rows = []
    for a in (ReviewerAssignment.objects.filter(call=call, reviewer=user).select_related("stage", "call")
              .order_by("stage__order")):
        cases, mine = _review_cases(user, a)
        rows.append({"stage": a.stage, "waiting": sum(1 for c in cases if c.pk not in mine),
                     "scored": sum(1 for r in mine.values() if not r.recused),
                     "recused": sum(1 for r in mine.values() if r.recused)})
    return rows


def _call(request: HttpRequest, code: str) -> Call:
    call = Call.objects.filter(code=str(code)[:40]).select_related("flow__program__owner_org").first()
    if call is None or not _sees_page(request.user, call):
        raise Http404
    return call


def _problems(request: HttpRequest, form: Any, exc: ServiceError) -> list[str]:
    loose = []
    for p in exc.problems:
        text = p.text(_language(request))
        field = p.field if p.field in getattr(form, "fields", {}) else None
        if field == "business_number" or field in ("name", "title", "summary", "district", "category", "consent"):
            form.add_error(field, text)
        elif field and field.startswith("score_") and field in form.fields:
            form.add_error(field, text)
        else:
            loose.append(text)
    return loose


def case_url(case: Case) -> str:
    """The case page (/cases/<reference>/, slice "flows"): an application's own page, where its call panel is."""
    return reverse("web:cases:case", kwargs={"reference": case.reference})


# ------------------------------------------------------------------------------------------------ calls


@gate("view_case")
def calls_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = []
    visible = Case.objects.restrict(user, "view_case")
    for call in Call.objects.select_related("flow__program__owner_org").order_by("-year", "code"):
        districts = svc.call_districts(call)
        if _sees(user, call, districts):
            rows.append({"call": call, "districts": districts, "cases": visible.filter(call=call).count(),
                         "owner": svc.owns(user, call)})
        elif _reviews_call(user, call):
            mine = _assignment_rows(user, call)
            rows.append({"call": call, "districts": districts, "reviewer_only": True,
                         "waiting": sum(r["waiting"] for r in mine),
                         "reviewed": sum(r["scored"] + r["recused"] for r in mine)})
    can_create = any(svc.owns(user, f) for f in Flow.objects.filter(kind=Flow.Kind.CALL)
                     .select_related("program__owner_org"))
    return render(request, "cases/calls/list.html", {"rows": rows, "can_create": can_create,
                                                     "assigned": ReviewerAssignment.objects.filter(
                                                         reviewer=user).exists()})


@gate("view_case")
def call_page(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    call = _call(request, code)
    districts = svc.call_districts(call)
    assignments = _assignment_rows(user, call)
    if not _sees(user, call, districts):  # an assigned reviewer: the announcement and their assignments
        return render(request, "cases/calls/call.html", {"call": call, "districts": districts,
                                                         "reviewer_only": True, "assignments": assignments})
    cases = list(Case.objects.restrict(user, "view_case").filter(call=call)
                 .select_related("stage", "district", "organisation").order_by("reference"))
    stages = list(call.flow.stages.order_by("order"))
    counts = Counter((c.stage_id, c.district_id) for c in cases)
    table = [{"stage": s, "cells": [counts.get((s.pk, d.pk), 0) for d in districts],
              "total": sum(counts.get((s.pk, d.pk), 0) for d in districts)} for s in stages]
    seen_ids = {c.pk for c in cases}
    rankings = []
    reviewer_name = reviewer_names(call.pk)
    for stage in svc.review_stages(call.flow):
        ranked = ranked_list(stage, call.pk)
        reviewers = [a.reviewer for a in ReviewerAssignment.objects.filter(call=call, stage=stage)
                     .select_related("reviewer").order_by("id")]
        rows = []
        for e in ranked.entries:
            if e.case.pk not in seen_ids:
                continue
            marks = {m.reviewer_id: m for m in e.marks}
            rows.append({"entry": e, "marks": [marks.get(r.pk) for r in reviewers],
                         "category": svc.category_label(call, e.case.category, _language(request))})
        quotas = dict(ranked.rubric.quotas or {}) if ranked.rubric else {}
        names = {o.code: name_in_language(o) for o in OrgUnit.objects.filter(code__in=list(quotas))}
        rankings.append({"stage": stage, "ranked": ranked, "rows": rows,
                         "reviewers": [{"user": r, "name": reviewer_name[r.pk]} for r in reviewers],
                         "quotas": [(names.get(k, "-"), v) for k, v in quotas.items()]})
    owner = svc.owns(user, call)
    desk = [d for d in districts if svc.receives(user, d)]
    for c in cases:
        c.category_label = svc.category_label(call, c.category, _language(request))  # type: ignore[attr-defined]
        c.url = case_url(c)  # type: ignore[attr-defined]
    # the winners' programs the agreements created in the registry (a program's page, its code and name)
    programs = list(Agreement.objects.filter(case__in=cases, program__isnull=False)
                    .select_related("case", "program__owner_org").order_by("case__reference"))
    readable = set(Program.objects.restrict(user, "view").filter(pk__in=[a.program_id for a in programs])
                   .values_list("pk", flat=True))  # the registry's own rule: a district's programs are its own
    for a in programs:
        a.readable = a.program_id in readable  # type: ignore[attr-defined]
    return render(request, "cases/calls/call.html", {
        "call": call, "districts": districts, "table": table, "cases": cases, "rankings": rankings,
        "programs": programs, "all_readable": all(a.readable for a in programs),  # type: ignore[attr-defined]
        "owner": owner, "desk": (bool(desk) and call.published) or (bool(desk) and owner),
        "review_stages": svc.review_stages(call.flow), "assignments": assignments})


def _call_form_save(request: HttpRequest, form: CallForm, flow: Flow, call: Call | None) -> Call | None:
    d = form.cleaned_data
    try:
        with change_context("web"):
            return svc.call_save(actor=request.user, flow=flow, code=d["code"], year=d["year"], title_ko=d["title_ko"],
                                 title_en=d.get("title_en") or "", summary_ko=d.get("summary_ko") or "",
                                 summary_en=d.get("summary_en") or "",
                                 opens_on=d["opens_on"], closes_on=d["closes_on"], categories=d["categories"],
                                 districts=list(d["districts"]), call=call,
                                 version=int(request.POST.get("version") or 0) if call else None)
    except ServiceError as exc:
        for p in exc.problems:
            target = p.field if p.field in form.fields else None
            form.add_error(target, p.text(_language(request)))
        return None


@gate("handle_case", methods=("GET", "HEAD", "POST"))
def call_new(request: HttpRequest) -> HttpResponse:
    flows = [f for f in Flow.objects.filter(kind=Flow.Kind.CALL, active=True).select_related("program__owner_org")
             if svc.owns(request.user, f)]
    if not flows:
        raise PermissionDenied
    chosen = next((f for f in flows if str(f.pk) == request.POST.get("flow", request.GET.get("flow"))), flows[0])
    initial = {"year": timezone.localdate().year, "categories": categories_text(svc.default_categories(chosen))}
    form = CallForm(request.POST or None, initial=initial, known=svc.default_categories(chosen))
    if request.method == "POST" and form.is_valid():
        call = _call_form_save(request, form, chosen, None)
        if call is not None:
            messages.success(request, say("공모를 만들었습니다. 내용을 확인하고 공고를 게시하십시오.", "The call is set up. Check it, then publish the announcement."))
            return redirect("web:cases:call", code=call.code)
    return render(request, "cases/calls/form.html", {"form": form, "flows": flows, "flow": chosen, "call": None},
                  status=400 if request.method == "POST" else 200)


@gate("handle_case", methods=("GET", "HEAD", "POST"))
def call_edit(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    if not svc.owns(request.user, call):
        raise PermissionDenied
    initial = {"code": call.code, "year": call.year, "title_ko": call.title_ko, "title_en": call.title_en,
               "summary_ko": call.summary_ko, "summary_en": call.summary_en, "opens_on": call.opens_on, "closes_on": call.closes_on,
               "districts": svc.call_districts(call), "categories": categories_text(call.categories or [])}
    form = CallForm(request.POST or None, initial=initial,
                    known=[*(call.categories or []), *svc.default_categories(call.flow)])
    if request.method == "POST" and form.is_valid():
        saved = _call_form_save(request, form, call.flow, call)
        if saved is not None:
            messages.success(request, say("공모를 고쳤습니다.", "The call is saved."))
            return redirect("web:cases:call", code=saved.code)
    return render(request, "cases/calls/form.html", {"form": form, "flow": call.flow, "call": call},
                  status=400 if request.method == "POST" else 200)


@gate("handle_case", methods=("POST",))
def call_publish(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    if not svc.owns(request.user, call):
        raise PermissionDenied
    version = _int(request.POST.get("version"))
    if version is None:  # a form without the version the officer saw changes nothing
        messages.error(request, say("공모를 새로 고친 뒤 다시 하십시오.", "Reload the call and try again."))
        return redirect("web:cases:call", code=call.code)
    try:
        with change_context("web"):
            svc.call_publish(actor=request.user, call=call, version=version,
                             published=request.POST.get("published") == "1")
        messages.success(request, say("공고를 게시했습니다.", "The announcement is published.") if request.POST.get("published") == "1"
                         else say("공고를 내렸습니다.", "The announcement is withdrawn."))
    except ServiceError as exc:
        messages.error(request, exc.text(_language(request)))
    return redirect("web:cases:call", code=call.code)


@gate("handle_case", methods=("POST",))
def call_reviewers(request: HttpRequest, code: str) -> HttpResponse:
    call = _call(request, code)
    if not svc.owns(request.user, call):
        raise PermissionDenied
    stage = Stage.objects.filter(flow=call.flow, pk=_int(request.POST.get("stage")) or 0).first()
    username = str(request.POST.get("username") or "").strip()[:150]
    reviewer_id = _int(request.POST.get("reviewer"))  # a remove button names an assigned reviewer by id
    if reviewer_id is not None:
        reviewer = get_user_model().objects.filter(
            pk=reviewer_id, pk__in=ReviewerAssignment.objects.filter(call=call).values("reviewer")).first()
    else:
        reviewer = get_user_model().objects.filter(username=username).first() if username else None
    if stage is None or reviewer is None:
        messages.error(request, say("심사 단계와 심사위원 아이디를 확인하십시오.", "Check the review stage and the reviewer's user name."))
        return redirect("web:cases:call", code=call.code)
    remove = request.POST.get("remove") == "1"
    try:
        with change_context("web"):
            before = reviewer_names(call.pk).get(reviewer.pk)
            svc.reviewer_assign(actor=request.user, call=call, stage=stage, reviewer=reviewer, remove=remove)
            name = before or reviewer_names(call.pk).get(reviewer.pk) or say("심사위원", "Reviewer")
        messages.success(request, f"{name}: " + (say("심사위원 배정을 취소했습니다.", "no longer a reviewer.") if remove
                                                   else say("심사위원으로 배정했습니다.", "assigned as a reviewer.")))
    except ServiceError as exc:
        messages.error(request, exc.text(_language(request)))
    return redirect("web:cases:call", code=call.code)


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


@gate("handle_case", methods=("GET", "HEAD", "POST"))
def call_desk(request: HttpRequest, code: str) -> HttpResponse:
    """창구 접수: a district officer enters a paper application for their district."""
    call = _call(request, code)
    districts = [d for d in svc.call_districts(call) if svc.receives(request.user, d)]
    if not districts:
        raise PermissionDenied
    form = ApplyForm(request.POST or None, request.FILES or None, call=call, districts=districts, public=False)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        district = next(x for x in districts if x.code == d["district"])
        try:
            with change_context("web"):
                case, _ = svc.call_apply(
                    actor=request.user, call=call, district=district, category_code=d["category"],
                    organisation={k: d.get(k) or "" for k in ("name", "business_number", "legal_form",
                                                              "representative", "phone", "email")},
                    title=d["title"], summary=d["summary"], contact_name=d["contact_name"],
                    jobs_planned=d.get("jobs_planned"), documents=form.documents(), public=False)
        except ServiceError as exc:
            problems = _problems(request, form, exc)
        else:
            messages.success(request, say(f"접수했습니다. 접수번호 {case.reference}", f"Application taken. Reference number {case.reference}"))
            return HttpResponseRedirect(case_url(case))
    return render(request, "cases/calls/desk.html", {
        "call": call, "form": form, "problems": problems,
        "refile": form.sent_files() if request.method == "POST" else []},
                  status=400 if request.method == "POST" else 200)


# ------------------------------------------------------------------------------------------------ reviewers


def _blind(stage: Stage) -> bool:
    rubric = getattr(stage, "rubric", None)
    return bool(rubric and rubric.blind)


@gate("review_case")
def reviews_page(request: HttpRequest) -> HttpResponse:
    """심사할 신청: the cases of the calls and stages the reviewer is assigned to — those waiting for their scores
    first, then those they scored or recused from (their own scores, read-only, after the review moved on too)."""
    groups = []
    for a in (ReviewerAssignment.objects.filter(reviewer=request.user)
              .select_related("call", "stage__rubric").order_by("-call__year", "call__code", "stage__order")):
        cases, mine = _review_cases(request.user, a)
        for c in cases:
            c.my_review = mine.get(c.pk)  # type: ignore[attr-defined]
            c.category_label = svc.category_label(a.call, c.category, _language(request))  # type: ignore[attr-defined]
        cases.sort(key=lambda c: c.pk in mine)  # waiting first, each part by reference (a stable sort)
        groups.append({"assignment": a, "cases": cases, "blind": _blind(a.stage),
                       "waiting": sum(1 for c in cases if c.pk not in mine),
                       "scored": sum(1 for r in mine.values() if not r.recused),
                       "recused": sum(1 for r in mine.values() if r.recused)})
    return render(request, "cases/calls/reviews.html", {"groups": groups})


def _reviewable(request: HttpRequest, case_id: int) -> Case:
    """The case to score: assigned to the user at its current stage, else 404 (the API's rule too)."""
    case, _stage, live = _reviewed(request, case_id)
    if not live:
        raise Http404
    return case


def _reviewed(request: HttpRequest, case_id: int) -> tuple[Case, Stage, bool]:
    """The case, the review stage and whether it is still open to the reviewer: an assigned reviewer of the case at
    its stage (open), or one who scored or recused from it at an earlier stage (their own review, read-only)."""
    case = (Case.objects.filter(pk=case_id, call__isnull=False)
            .select_related("call", "stage__rubric", "organisation", "district").first())
    if case is None:
        raise Http404
    if svc.assigned(request.user, case):
        return case, case.stage, True
    mine = (Review.objects.filter(case=case, reviewer=request.user).select_related("stage__rubric").order_by("-id")
            .first())
    if mine is None or not policy.allows(request.user, "review_case"):
        raise Http404
    return case, mine.stage, False


@gate("review_case", methods=("GET", "HEAD", "POST"))
def review_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """The scoring form: a score per criterion (0..max), a comment; the applicant's name, business number and
    district are hidden when the rubric is blind."""
    case, stage, live = _reviewed(request, case_id)
    criteria = list(stage.rubric.criteria.all())
    mine = Review.objects.filter(case=case, stage=stage, reviewer=request.user).first()
    problems: list[str] = []
    values = {c.code: request.POST.get(f"score_{c.code}", "") for c in criteria} if request.method == "POST" else {}
    if request.method == "POST" and not live:
        problems = [say("이 신청의 심사는 끝났습니다. 점수를 내거나 고칠 수 없습니다.",
                        "The review of this application is over: scores can no longer be given or changed.")]
    elif request.method == "POST":
        try:
            with change_context("web"):
                svc.review_submit(actor=request.user, case=case,
                                  scores={k: v for k, v in values.items()},
                                  comment=str(request.POST.get("comment") or ""))
        except ServiceError as exc:
            problems = [p.text(_language(request)) for p in exc.problems]
        else:
            messages.success(request, say("심사 점수를 제출했습니다.", "Scores submitted."))
            return redirect("web:cases:reviews")
    rows = [{"criterion": c, "value": values.get(c.code, ""),
             "saved": (mine.scores or {}).get(c.code) if mine else None} for c in criteria]
    return render(request, "cases/calls/review.html", {
        "case": case, "stage": stage, "rows": rows, "mine": mine, "blind": _blind(stage), "live": live,
        "proposal": getattr(case, "proposal", None),
        "business_number": business_number_format(case.organisation.business_number) if case.organisation else "",
        "category": svc.category_label(case.call, case.category, _language(request)),
        "problems": problems, "recuse_form": RecuseForm(),
        "documents": [{"pk": d.pk, "name": d.name, "label": doc_type_label(d.doc_type, _language(request))}
                      for d in case.documents.order_by("id")]},
        status=400 if problems else 200)


@gate("review_case", methods=("POST",))
def review_recuse(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _stage, live = _reviewed(request, case_id)
    if not live:
        messages.error(request, say("이 신청의 심사는 끝났습니다.", "The review of this application is over."))
        return redirect("web:cases:review", case_id=case.pk)
    try:
        with change_context("web"):
            svc.review_recuse(actor=request.user, case=case, reason=str(request.POST.get("reason") or ""))
    except ServiceError as exc:
        messages.error(request, exc.text(_language(request)))
        return redirect("web:cases:review", case_id=case.pk)
    messages.success(request, say("이 신청의 심사를 회피했습니다.", "You recused yourself from this application."))
    return redirect("web:cases:reviews")


@gate("view_case")
def call_document(request: HttpRequest, document_id: int) -> HttpResponse:
    """A call application's document, as an attachment: for an assigned reviewer of the case at its stage, or an
    officer who may see the case (404 otherwise; the gate's 403 for a role that never sees cases). Reviewers of a
    blind review get it under a neutral name."""
    from django.http import FileResponse

    doc = Document.objects.filter(pk=document_id, case__call__isnull=False).select_related(
        "case__stage__rubric", "case__call").first()
    if doc is None:
        raise Http404
    reviewer = svc.assigned(request.user, doc.case)
    if not reviewer and not Case.objects.restrict(request.user, "view_case").filter(pk=doc.case_id).exists():
        raise Http404
    name = doc.name
    if reviewer and _blind(doc.case.stage) and not svc.owns(request.user, doc.case.call):
        name = f"{doc.case.reference}-{doc.doc_type}.{doc.name.rsplit('.', 1)[-1][:5]}"
    try:
        handle = doc.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=doc.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------------------------ panel doors


def _panel_case(request: HttpRequest, case_id: int) -> Case:
    case = (Case.objects.restrict(request.user, "view_case").filter(pk=case_id, call__isnull=False)
            .select_related("call", "stage", "district", "flow__program__owner_org").first())
    if case is None:
        raise Http404
    return case


def _door(request: HttpRequest, case_id: int, form_class: Any, act: Any, done: str) -> HttpResponse:
    case = _panel_case(request, case_id)
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return HttpResponseRedirect(case_url(case))
    try:
        with change_context("web"):
            act(case, form.cleaned_data)
    except ServiceError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.text(_language(request)))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(case_url(case))


@gate("handle_case", methods=("POST",))
def case_interview(request: HttpRequest, case_id: int) -> HttpResponse:
    def act(case: Case, d: dict[str, Any]) -> None:
        starts = d["starts_at"]
        if timezone.is_naive(starts):
            starts = timezone.make_aware(starts)
        svc.interview_schedule(actor=request.user, case=case, starts_at=starts, place=d["place"],
                               minutes=d["minutes"], note=d.get("note") or "")

    return _door(request, case_id, InterviewForm, act, lz("면접 일정을 정했습니다.", "Interview scheduled."))


@gate("handle_case", methods=("POST",))
def case_decision(request: HttpRequest, case_id: int) -> HttpResponse:
    def act(case: Case, d: dict[str, Any]) -> None:
        svc.decision_record(actor=request.user, case=case, designated=d["designated"], reason=d["reason"],
                            version=d["version"], decided_on=d["decided_on"])

    return _door(request, case_id, DecisionForm, act, lz("행정안전부 결정을 기록했습니다.", "The ministry's decision is recorded."))


@gate("handle_case", methods=("POST",))
def case_agreement(request: HttpRequest, case_id: int) -> HttpResponse:
    def act(case: Case, d: dict[str, Any]) -> None:
        svc.agreement_sign(actor=request.user, case=case, signed_on=d["signed_on"], starts_on=d["starts_on"],
                           ends_on=d["ends_on"], version=d["version"], jobs_target=d.get("jobs_target"),
                           note=d.get("note") or "")

    return _door(request, case_id, AgreementForm, act, lz("약정을 체결하고 사업을 등록했습니다.", "Agreement signed and program registered."))


@gate("pay_case", methods=("POST",))
def case_payment(request: HttpRequest, case_id: int) -> HttpResponse:
    def act(case: Case, d: dict[str, Any]) -> None:
        svc.subsidy_pay(actor=request.user, case=case, paid_on=d["paid_on"], version=d["version"])

    return _door(request, case_id, PaymentForm, act, lz("보조금 지급을 기록했습니다.", "Subsidy payment recorded."))

