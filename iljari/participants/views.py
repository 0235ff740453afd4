"""The public application page: open rounds, the form, and a receipt. No login; the number is never echoed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError

from .forms import ApplicationForm
from .models import RecruitmentRound
from .services import application_apply


def _korean(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The citizens' pages are the district's Korean pages: Korean messages (Django's own too) whatever language
    an officer chose earlier in the same browser."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("ko"):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = "ko"
        return response

    return wrapped


@require_safe
@_korean
def open_rounds(request: HttpRequest) -> HttpResponse:
    from iljari.orgs.models import OrgKind, OrgUnit

    from .notice import issuer_of

    today = timezone.localdate()
    rounds = list(RecruitmentRound.objects.filter(apply_from__lte=today, apply_to__gte=today)
                  .select_related("program", "program__owner_org", "program__owner_org__district")
                  .order_by("apply_to", "program__name_ko", "pk"))
    for r in rounds:
        r.issuer = issuer_of(r.program.owner_org)  # type: ignore[attr-defined]
    city = OrgUnit.objects.filter(kind=OrgKind.CITY, parent__isnull=True).order_by("path").first()
    return render(request, "participants/open_rounds.html", {"rounds": rounds, "today": today, "issuer": city})


# At most this many submissions of the public form per client (address) an hour: a citizen who mistypes is served,
# a script trying numbers is not. Counted in the default cache (each worker its own unless a shared cache, e.g.
# Redis, is configured).
APPLY_RATE = "20/h"
THROTTLED = "신청이 너무 자주 들어왔습니다. 잠시 후 다시 신청해 주십시오."


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("rrn")
@_korean
def apply(request: HttpRequest, round_id: int) -> HttpResponse:
    """The district's application page: the job, who may apply and the pay (`notice.notice_for`), then the form.
    After an error everything typed comes back except the resident registration number."""
    from django_ratelimit.core import is_ratelimited

    from .notice import city_of, districts_of, notice_for
    from .rrn import parse_rrn

    rnd = get_object_or_404(RecruitmentRound.objects.select_related(
        "program", "program__owner_org", "program__owner_org__district"), pk=round_id)
    today = timezone.localdate()
    if not rnd.apply_from <= today <= rnd.apply_to:
        raise Http404("not open")
    notice = notice_for(rnd)
    districts = districts_of(city_of(rnd.program.owner_org), today)
    page = {"round": rnd, "notice": notice, "issuer": notice.issuer}
    if request.method == "POST" and is_ratelimited(request, group="participants.apply", key="ip", rate=APPLY_RATE,
                                                   method="POST", increment=True):
        kept = {k: request.POST.getlist(k) if k == "statuses" else request.POST.get(k)
                for k in ApplicationForm.base_fields if k not in ("rrn", "consent") and k in request.POST}
        return render(request, "participants/apply.html", {
            **page, "form": ApplicationForm(initial=kept, districts=districts), "problems": [THROTTLED]}, status=429)
    form = ApplicationForm(request.POST or None, districts=districts)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            with change_context("public"):
                application_apply(actor=None, round=rnd, rrn=form.cleaned_data["rrn"], data=form.applicant_data(),
                                  channel="public")
        except ConflictError:
            pass  # a repeat: answered in the same words, so the page never tells whether this number applied
        except ServiceError as exc:
            for p in exc.problems:
                if p.field and p.field in form.fields:
                    form.add_error(p.field, p.message_ko)
                else:
                    problems.append(p.message_ko)
        if not problems and not form.errors:
            from .history import receipt_history
            from .rrn import rrn_hash

            parsed = parse_rrn(form.cleaned_data["rrn"])
            return render(request, "participants/receipt.html", {
                **page, "masked": parsed.masked,
                "history": receipt_history(rnd, rrn_hash(parsed), form.cleaned_data.get("name", ""))})
    return render(request, "participants/apply.html", {**page, "form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


# --- officers' pages ------------------------------------------------------------------------------------------

from django.contrib import messages  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.shortcuts import redirect  # noqa: E402

from iljari.access import policy  # noqa: E402
from iljari.programs.models import Program  # noqa: E402

from .selectors import may_correct, may_run, visible_applications  # noqa: E402


def _round_for(request: HttpRequest, round_id: int, action: str) -> RecruitmentRound:
    rnd = get_object_or_404(RecruitmentRound.objects.select_related("program", "program__owner_org", "run_by"),
                            pk=round_id)
    if not Program.objects.filter(pk=rnd.program_id).restrict(request.user, "view").exists():
        raise Http404
    if not (may_run(request.user, rnd, action) if action == "manage_rounds" else policy.can(request.user, action,
                                                                                           rnd.program)):
        raise PermissionDenied
    return rnd


@gate("view")
def rounds(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    visible = Program.objects.restrict(request.user, "view")
    rows = list(RecruitmentRound.objects.filter(program__in=visible)
                .select_related("program", "program__owner_org", "run_by").order_by("-apply_from"))
    for r in rows:  # a shared round counts only the applications the reader may see
        r.visible_count = visible_applications(request.user, r).count()  # type: ignore[attr-defined]
    from .selectors import round_programs

    return render(request, "participants/rounds.html", {
        "rounds": rows, "can_open": policy.allows(request.user, "manage_rounds")
        and round_programs(request.user).exists()})


@gate("view")
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    from .eligibility import _label as rule_label
    from .eligibility import rules_in_force
    from .models import Application, EligibilityRule

    rnd = _round_for(request, round_id, "view")
    status = request.GET.get("status", "")
    visible = visible_applications(request.user, rnd)
    from bisect import bisect_left

    from django.db.models import F

    apps = visible.select_related("applicant", "applicant__district", "district") \
        .order_by(F("rank").asc(nulls_last=True), "id")
    if status:
        apps = apps.filter(status=status)
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    waiting = sorted(r for r in visible.filter(status=Application.Status.WAITING, rank__isnull=False)
                     .values_list("rank", flat=True) if r is not None)
    for a in page.object_list:  # the place on the waiting list: who is called first when someone drops out
        a.waiting_no = (bisect_left(waiting, a.rank) + 1  # type: ignore[attr-defined]
                        if a.status == "waiting" and a.rank else None)
    counts = {s: visible.filter(status=s).count() for s in Application.Status.values}
    from .pay import pay_rule_on
    from .rule_views import rule_kinds

    rules = rules_in_force(rnd.program_id, rnd.work_from)
    kinds = dict(rule_kinds())
    for r in rules:
        r.kind_label = kinds.get(r.kind, r.kind)  # type: ignore[attr-defined]
    # A decision keeps the rule's name as it was screened: the officer's name, else the Korean sentence. A rule of
    # the program without a name of its own is read in the page's language.
    named = {rule_label(r): r.label or r.sentence
             for r in EligibilityRule.objects.restrict(request.user, "view").filter(program_id=rnd.program_id)}
    for a in page.object_list:
        for d in a.decision or []:
            if isinstance(d, dict) and d.get("rule") in named:
                d["rule"] = named[d["rule"]]

    show_history = may_run(request.user, rnd, "view_person")
    if show_history:
        _attach_histories(request, rnd, rules, page.object_list)

    return render(request, "participants/round.html", {
        "round": rnd, "rules": rules, "page": page, "status": status, "show_history": show_history,
        "pay_rule": pay_rule_on(rnd.program_id, rnd.work_from),
        "worksites": [(w, visible.filter(status="selected", worksite=w.name).count())
                      for w in rnd.worksites.all()],
        "counts": counts, "statuses": Application.Status.choices,
        "can_run": may_run(request.user, rnd), "can_view_person": policy.allows(request.user, "view_person"),
        "correctable": {a.applicant_id for a in page.object_list if may_correct(request.user, a.applicant)}})


def _optional_url(name: str, *args: Any, query: str = "") -> str:
    """A page another part of the registry serves (the review queue, the person page): '' while it does not
    exist."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return ""


def _attach_histories(request: HttpRequest, rnd: RecruitmentRound, rules: list[Any], apps: Any) -> None:
    """Each application of the page gets `history`: the other benefits of the applicant's cluster (`certain`)
    and, per undecided review-band link, the possible ones with the match probability and the pages to decide
    (`possible`: [(percent, lines, review url, person url)]). One audit row names the applications shown."""
    from .history import cap_of, histories_for_applications, history_view_audit

    cap = cap_of(rules)
    rows = [(a.pk, a.applicant_id, a.applicant.person_id) for a in apps]
    found = histories_for_applications(rnd, rows, years=int(cap.params["years"]) if cap else None)
    shown = []
    for a in apps:
        h = found.get(a.pk)
        a.history = h  # type: ignore[attr-defined]
        a.history_possible = [  # type: ignore[attr-defined]
            (percent, [x for x in h.possible if x.link_id == link_id],
             _optional_url("web:people:link", link_id),
             _optional_url("web:people:person", person_id) if person_id else "")
            for link_id, person_id, percent in h.links] if h else []
        a.history_person_url = (_optional_url("web:people:person", a.applicant.person_id)  # type: ignore[attr-defined]
                                if h and h.certain and a.applicant.person_id else "")
        if h and (h.certain or h.possible):
            shown.append(a.pk)
    with change_context("web"):
        history_view_audit(actor=request.user, round=rnd, application_ids=shown)


@gate("manage_rounds", methods=("POST",))
def round_action(request: HttpRequest, round_id: int) -> HttpResponse:
    from .services import application_drop_out, round_screen, round_select

    rnd = _round_for(request, round_id, "manage_rounds")
    action = request.POST.get("action")
    try:
        with change_context("web"):
            if action == "screen":
                s = round_screen(actor=request.user, round=rnd)
                messages.success(request, _("Screened: %(eligible)s eligible of %(applications)s applications.")
                                 % {"eligible": s["eligible"], "applications": s["applications"]})
            elif action == "select":
                if timezone.localdate() <= rnd.apply_to and request.POST.get("confirm") != "early":
                    # applications are still open: say so, and select only on an explicit confirmation
                    return render(request, "participants/select_confirm.html", {
                        "round": rnd, "applications": visible_applications(request.user, rnd).count()})
                s = round_select(actor=request.user, round=rnd)
                messages.success(request, _("Selected %(selected)s (vulnerable groups %(vulnerable)s, reserved "
                                            "%(quota)s), waiting %(waiting)s")
                                 % {"selected": s["selected"], "vulnerable": s["vulnerable_selected"],
                                    "quota": s["quota"], "waiting": s["waiting"]})
                if s["vulnerable_selected"] < s["quota"]:  # every eligible vulnerable applicant is selected
                    messages.warning(request, _(
                        "Only %(selected)s of the %(quota)s places reserved for vulnerable groups were filled: not "
                        "enough eligible vulnerable applicants. Select again after taking more of their applications.")
                        % {"selected": s["vulnerable_selected"], "quota": s["quota"]})
            elif action == "close":
                from .services import round_close

                n = round_close(actor=request.user, round=rnd)
                messages.success(request, _("%(n)s participation spells recorded.") % {"n": n})
            elif action == "drop_out":
                app = get_object_or_404(visible_applications(request.user, rnd), pk=request.POST.get("application"))
                promoted = application_drop_out(actor=request.user, application=app,
                                                reason=request.POST.get("reason", ""))
                messages.success(request, _("Dropped out; %(name)s selected from the waiting list")
                                 % {"name": promoted.applicant.name} if promoted
                                 else _("Dropped out; nobody is waiting"))
            else:
                return HttpResponseBadRequest(_("Unknown action."))
    except ServiceError as exc:
        for p in exc.problems:
            messages.error(request, p.text())
    return redirect("web:round", round_id=rnd.pk)


@gate("view")
def round_export(request: HttpRequest, round_id: int, kind: str) -> HttpResponse:
    import datetime as dt

    from iljari.core.http import file_response

    from .exports import participants_workbook, payroll_workbook

    rnd = _round_for(request, round_id, "view")
    if kind == "template":
        from .imports import template_workbook

        return file_response(template_workbook(rnd), "xlsx", f"신청자_양식_{rnd.program.code}_{rnd.pk}")
    visible = visible_applications(request.user, rnd)
    if kind == "participants":
        return file_response(participants_workbook(rnd, visible, personal=may_run(request.user, rnd)), "xlsx",
                             f"참여자명단_{rnd.program.code}_{rnd.pk}")
    if kind == "payroll":
        try:
            year, month = (int(x) for x in request.GET.get("month", "").split("-"))
            dt.date(year, month, 1)
        except ValueError:  # no month, or no such month (2014-13): the first month of work
            year, month = rnd.work_from.year, rnd.work_from.month
        return file_response(payroll_workbook(rnd, year, month, applications=visible), "xlsx",
                             f"임금지급대장_{rnd.program.code}_{year}{month:02d}")
    raise Http404


@gate("manage_rounds", methods=("POST",))
def round_import(request: HttpRequest, round_id: int) -> HttpResponse:
    from iljari.core.spreadsheets import read_upload

    from .imports import applicants_import

    rnd = _round_for(request, round_id, "manage_rounds")
    upload = request.FILES.get("file")
    if upload is None or (upload.size or 0) > 20 * 1024 * 1024:
        messages.error(request, _("Choose an xlsx file of at most 20 MB."))
        return redirect("web:round", round_id=rnd.pk)
    try:
        out = applicants_import(actor=request.user, round=rnd, data=read_upload(upload, 20 * 1024 * 1024))
    except ServiceError as exc:
        messages.error(request, _("Nothing was imported: %(n)s problems.") % {"n": len(exc.problems)})
        for p in exc.problems[:50]:
            messages.error(request, p.text())
    else:
        messages.success(request, _("%(n)s applications received (%(new)s new applicants)")
                         % {"n": out["applications"], "new": out["applicants_new"]})
    return redirect("web:round", round_id=rnd.pk)


@gate("manage_rounds", methods=("GET", "HEAD", "POST"))
@sensitive_post_parameters("rrn")
def round_enter(request: HttpRequest, round_id: int) -> HttpResponse:
    """An officer enters an application taken on paper (the applicant signed the consent form)."""
    rnd = _round_for(request, round_id, "manage_rounds")
    form = ApplicationForm(request.POST or None)
    form.fields["consent"].label = _("The applicant signed the consent to the collection and use of personal "
                                      "information")
    if request.method == "POST" and form.is_valid():
        try:
            with change_context("web"):
                app = application_apply(actor=request.user, round=rnd, rrn=form.cleaned_data["rrn"],
                                        data=form.applicant_data(), channel="officer",
                                        worksite=request.POST.get("worksite", "")[:100])
        except ServiceError as exc:
            for p in exc.problems:
                form.add_error(p.field if p.field in form.fields else None, p.text())
        else:
            messages.success(request, _("%(name)s (%(rrn)s) received") % {"name": app.name,
                                                                          "rrn": app.applicant.rrn_masked})
            return redirect("web:round", round_id=rnd.pk)
    return render(request, "participants/enter.html", {"round": rnd, "form": form,
                                                       "worksites": rnd.worksites.all()})


@gate("manage_rounds", methods=("GET", "HEAD", "POST"))
def applicant_edit(request: HttpRequest, round_id: int, applicant_id: int) -> HttpResponse:
    """An officer corrects the details of one of their own applicants (신청자 정보 수정): version-checked, with a
    reason, audited. Applicants outside the officer's units are not found."""
    from .forms import ApplicantEditForm
    from .services import applicant_update

    rnd = _round_for(request, round_id, "view")
    app = get_object_or_404(visible_applications(request.user, rnd).select_related("applicant", "applicant__district",
                                                                                   "district"),
                            applicant_id=applicant_id)
    if not may_correct(request.user, app.applicant):
        raise Http404
    person = app.applicant
    form = ApplicantEditForm(request.POST or None, initial=ApplicantEditForm.initial_for(person))
    status, problems = 200, []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with change_context("web"):
                    applicant_update(actor=request.user, applicant=person, data=form.applicant_data(),
                                     version=form.cleaned_data["version"], reason=form.cleaned_data["reason"])
            except ConflictError as exc:
                status = 409
                person.refresh_from_db()
                form = ApplicantEditForm(initial=ApplicantEditForm.initial_for(person))
                problems = [exc.problems[0].text()]
            except ServiceError as exc:
                for p in exc.problems:
                    form.add_error(p.field if p.field in form.fields else None, p.text())
            else:
                messages.success(request, _("The details of %(name)s were corrected") % {"name": form.cleaned_data["name"]})
                return redirect("web:round", round_id=rnd.pk)
    return render(request, "participants/applicant_edit.html", {"round": rnd, "application": app, "person": person,
                                                                "form": form, "problems": problems}, status=status)
