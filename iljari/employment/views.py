"""The counsellors' pages: a seeker (who, what they want, retention, sessions, referrals with outcomes,
placements with follow-ups, matches with their reasons and a one-click referral), a vacancy (its candidates with
reasons, its referrals), today's follow-ups due, and job fairs.

Each POST parses one form and calls one `casework` service; a refusal shows each problem beside its field (400;
409 for a stale version). Requests sent by htmx get the same page (or row) back with 200 so that htmx swaps it in
and the problems are seen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.forms import form_messages
from iljari.core.labels import name_in_language, one_language
from iljari.people.selectors import mask_name

from . import casework as cw
from .casework_forms import FollowUpForm, JobFairForm, OutcomeForm, PlacementForm, ReferForm, SessionForm
from .matching import seekers_for_vacancy, vacancies_for_seeker
from .models import Centre, FollowUp, JobFair, Referral, Seeker, Vacancy, WageType


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _attempt(form: Any, problems: list[str], call: Callable[[], Any]) -> int | None:
    """One service call from a page: None when done; 409 when someone changed the object first; 400 when the
    service refused it (each problem beside its field when the form has it)."""
    try:
        with change_context("web"):
            call()
    except ConflictError as exc:
        problems += [p.text() for p in exc.problems]
        return 409
    except ServiceError as exc:
        for p in exc.problems:
            if form is not None and p.field and p.field in form.fields:
                form.add_error(p.field, p.text())
            else:
                problems.append(p.text())
        return 400
    return None


def _label(text: Any) -> str:
    """A choice's label in the page's language ("결과 대기", "Awaiting")."""
    words = one_language(text, get_language())
    return words[:1].upper() + words[1:] if _en() else words


def _en() -> bool:
    return (get_language() or "ko").startswith("en")


def _won(value: int | None, wage_type: str) -> str:
    if value is None:
        return "-"
    kind = _label(dict(WageType.choices).get(wage_type, ""))
    return f"{kind} {value:,}" + ("" if _en() else "원") + (" won" if _en() else "")


def _age(birth: dt.date | None) -> int | None:
    if birth is None:
        return None
    today = timezone.localdate()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _reasons(match: Any) -> list[dict[str, Any]]:
    return [{"text": r.en if _en() else r.ko, "good": r.good} for r in match.reasons]


def _seeker_for(request: HttpRequest, seeker_id: int) -> Seeker:
    return get_object_or_404(Seeker.objects.restrict(request.user, "view_seeker")
                             .select_related("person", "centre", "home_district", "counsellor"), pk=seeker_id)


def _may_counsel(request: HttpRequest, obj: Any) -> None:
    if not policy.can(request.user, "counsel", obj):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------------------------
# The seeker


def _referral_rows(referrals: Any, *, forms: dict[int, OutcomeForm] | None = None) -> list[dict[str, Any]]:
    rows = []
    for r in referrals:
        rows.append({"r": r, "outcome": _label(r.get_outcome_display()),
                     "refused": r.outcome in cw.REFUSALS, "placed": hasattr(r, "placement"),
                     "form": (forms or {}).get(r.pk) or OutcomeForm(
                         prefix=f"o{r.pk}", initial={"version": r.version, "on": timezone.localdate()})})
    return rows


def _shared(seeker: Seeker) -> dict[str, str]:
    """What an employer receiving the referral is told of the seeker: name and phone only with their consent."""
    person = seeker.person
    if seeker.consent_share:
        return {"name": person.name, "phone": person.phone or "-", "consent": _("Shared with consent")}
    return {"name": mask_name(person.name), "phone": _("Not shared (no consent)"), "consent": _("No consent")}


def _seeker_context(request: HttpRequest, seeker: Seeker, *, session_form: SessionForm | None = None,
                    placement_form: PlacementForm | None = None, outcome_forms: dict[int, OutcomeForm] | None = None,
                    problems: list[str] | None = None) -> dict[str, Any]:
    person = seeker.person
    referrals = list(seeker.referrals.select_related("vacancy__employer", "vacancy__district", "placement")
                     .order_by("-referred_on", "-pk"))
    open_referrals = [r for r in referrals if r.outcome not in cw.REFUSALS and not hasattr(r, "placement")]
    for r in open_referrals:
        r.label = f"{r.referred_on:%Y.%m.%d} {r.vacancy.title} ({r.vacancy.employer.name})"  # type: ignore[attr-defined]
    pending = {r.vacancy_id for r in referrals if r.outcome == Referral.Outcome.PENDING}
    visible_vacancies = Vacancy.objects.restrict(request.user, "view_seeker")
    matches = []
    can_counsel = policy.can(request.user, "counsel", seeker)
    found = vacancies_for_seeker(seeker, limit=10)
    seen = set(visible_vacancies.filter(pk__in=[m.vacancy.pk for m in found]).values_list("pk", flat=True))
    for m in found:
        v = m.vacancy
        matches.append({"v": v, "score": round(m.score * 100), "reasons": _reasons(m), "linked": v.pk in seen,
                        "referred": v.pk in pending, "wage": _won(v.wage, v.wage_type),
                        "district": name_in_language(v.district) if v.district_id else "-"})
    placements = []
    for p in seeker.placements.select_related("employer", "occupation", "referral").order_by("-placed_on", "-pk"):
        placements.append({"p": p, "employer": p.employer_name or (p.employer.name if p.employer else "-"),
                           "occupation": name_in_language(p.occupation), "wage": _won(p.wage, p.wage_type),
                           "contract": _label(p.get_contract_display()), "via": _label(p.get_via_display()),
                           "follow_ups": [_follow_up_row(f) for f in p.follow_ups.order_by("months")]})
    sessions = [{"s": s, "kind": _label(s.get_kind_display()), "channel": _label(s.get_channel_display())}
                for s in seeker.sessions.order_by("-held_on", "-pk")]
    today = timezone.localdate()
    return {
        "seeker": seeker, "person": person, "age": _age(person.birth_date),
        "status": _label(seeker.get_status_display()), "retention": cw.retention_status(seeker).text(get_language()),
        "centre": name_in_language(seeker.centre),
        "home": name_in_language(seeker.home_district) if seeker.home_district_id else "-",
        "commute": _label(seeker.get_commute_display()),
        "wage": _won(seeker.desired_wage, seeker.wage_type),
        "education": _label(seeker.get_education_display()),
        "occupations": [name_in_language(o) for o in seeker.desired_occupations.all()],
        "licences": [name_in_language(s) for s in seeker.licences.all()],
        "career": list(seeker.career.select_related("occupation")),
        "shared": _shared(seeker), "can_counsel": can_counsel, "active": seeker.status == Seeker.Status.ACTIVE,
        "sessions": sessions, "referrals": _referral_rows(referrals, forms=outcome_forms),
        "placements": placements, "matches": matches, "problems": problems or [],
        "session_form": session_form or SessionForm(initial={"held_on": today, "kind": "job_search",
                                                             "channel": "visit"}, prefix="session"),
        "placement_form": placement_form or PlacementForm(
            prefix="placement", referrals=open_referrals,
            initial={"placed_on": today, "wage_type": "monthly", "contract": "permanent",
                     "via": "referral" if open_referrals else "self",
                     "referral": open_referrals[0].pk if open_referrals else None}),
        "open_referrals": open_referrals,
    }


def _follow_up_row(f: FollowUp, form: FollowUpForm | None = None, problems: list[str] | None = None
                   ) -> dict[str, Any]:
    today = timezone.localdate()
    if f.done_on is None:
        state = _("Overdue") if f.due_on < today else _("Scheduled")
    elif not f.still_employed:
        state = _("Left work")
    elif f.same_employer is False:
        state = _("Changed jobs")
    else:
        state = _("Still employed")
    return {"f": f, "state": state, "months": _label(f.get_months_display()), "overdue": f.done_on is None and f.due_on < today,
            "form": form or FollowUpForm(prefix=f"f{f.pk}", initial={"version": f.version, "done_on": today,
                                                                      "still_employed": "yes"}),
            "problems": problems or []}


def _seeker_page(request: HttpRequest, seeker: Seeker, status: int = 200, **kw: Any) -> HttpResponse:
    if status != 200 and _htmx(request):
        status = 200  # htmx swaps only successful answers; the problems are on the page it swaps in
    partial = _htmx(request)  # htmx swaps the page's main part: the part alone, not a whole document
    return render(request, "employment/_seeker_main.html" if partial else "employment/seeker.html",
                  _seeker_context(request, seeker, **kw) | {"partial": partial}, status=status)


@gate("view_seeker")
def seeker_detail(request: HttpRequest, seeker_id: int) -> HttpResponse:
    return _seeker_page(request, _seeker_for(request, seeker_id))


@gate("counsel", methods=("POST",))
def seeker_session(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = _seeker_for(request, seeker_id)
    _may_counsel(request, seeker)
    form = SessionForm(request.POST, prefix="session")
    problems: list[str] = []
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        failed = _attempt(form, problems, lambda: cw.counselling_record(
            actor=request.user, seeker=seeker, held_on=d["held_on"], kind=d["kind"], channel=d["channel"],
            notes=d["notes"], next_step=d["next_step"]))
        if not failed:
            messages.success(request, _("Session recorded."))
            return redirect("web:employment:seeker", seeker_id=seeker.pk)
        status = failed
    problems += form_messages(form)
    return _seeker_page(request, seeker, status, session_form=form, problems=problems)


@gate("counsel", methods=("POST",))
def seeker_refer(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """One click from a match: the seeker referred to the vacancy (`target`)."""
    seeker = _seeker_for(request, seeker_id)
    _may_counsel(request, seeker)
    form = ReferForm(request.POST)
    problems: list[str] = []
    status = 400
    if form.is_valid():
        vacancy = Vacancy.objects.filter(pk=form.cleaned_data["target"]).first()
        if vacancy is None:
            problems.append(_("No such vacancy."))
        else:
            failed = _attempt(None, problems, lambda: cw.referral_create(actor=request.user, seeker=seeker,
                                                                         vacancy=vacancy))
            if not failed:
                messages.success(request, _("Referred to %(title)s.") % {"title": vacancy.title})
                return redirect("web:employment:seeker", seeker_id=seeker.pk)
            status = failed
    problems += form_messages(form, labelled=False)
    return _seeker_page(request, seeker, status, problems=problems)


@gate("counsel", methods=("POST",))
def referral_outcome(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.restrict(request.user, "view_seeker"), pk=referral_id)
    _may_counsel(request, referral)
    seeker = _seeker_for(request, referral.seeker_id)
    form = OutcomeForm(request.POST, prefix=f"o{referral.pk}")
    problems: list[str] = []
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        failed = _attempt(form, problems, lambda: cw.referral_outcome(
            actor=request.user, referral=referral, version=d["version"], outcome=d["outcome"], on=d["on"],
            reason=d["reason"]))
        if not failed:
            messages.success(request, _("Outcome recorded."))
            return redirect("web:employment:seeker", seeker_id=seeker.pk)
        status = failed
    problems += form_messages(form)
    return _seeker_page(request, seeker, status, outcome_forms={referral.pk: form}, problems=problems)


@gate("counsel", methods=("POST",))
def seeker_placement(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = _seeker_for(request, seeker_id)
    _may_counsel(request, seeker)
    referrals = list(seeker.referrals.select_related("vacancy__employer").filter(placement__isnull=True)
                     .exclude(outcome__in=cw.REFUSALS))
    for r in referrals:
        r.label = f"{r.referred_on:%Y.%m.%d} {r.vacancy.title}"  # type: ignore[attr-defined]
    form = PlacementForm(request.POST, prefix="placement", referrals=referrals)
    problems: list[str] = []
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        referral = next((r for r in referrals if r.pk == d["referral"]), None)
        failed = _attempt(form, problems, lambda: cw.placement_record(
            actor=request.user, seeker=seeker, referral=referral, employer_name=d["employer_name"],
            occupation=d["occupation"], placed_on=d["placed_on"], wage_type=d["wage_type"], wage=d["wage"],
            contract=d["contract"], via=d["via"]))
        if not failed:
            messages.success(request, _("Placement recorded; follow-ups at 1, 3 and 6 months are scheduled."))
            return redirect("web:employment:seeker", seeker_id=seeker.pk)
        status = failed
    problems += form_messages(form)
    return _seeker_page(request, seeker, status, placement_form=form, problems=problems)


# ---------------------------------------------------------------------------------------------------------------
# The vacancy


def _vacancy_page(request: HttpRequest, vacancy: Vacancy, status: int = 200, problems: list[str] | None = None
                  ) -> HttpResponse:
    if status != 200 and _htmx(request):
        status = 200
    visible = Seeker.objects.restrict(request.user, "view_seeker")
    counsel = Seeker.objects.restrict(request.user, "counsel")
    found = seekers_for_vacancy(vacancy, limit=10)
    ids = [m.seeker.pk for m in found]
    may_see = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
    may_refer = set(counsel.filter(pk__in=ids).values_list("pk", flat=True))
    pending = set(vacancy.referrals.filter(outcome=Referral.Outcome.PENDING).values_list("seeker_id", flat=True))
    candidates = []
    for m in found:
        if m.seeker.pk not in may_see:
            continue  # another centre's seekers stay that centre's
        s = m.seeker
        candidates.append({"s": s, "name": s.person.name, "age": _age(s.person.birth_date),
                           "score": round(m.score * 100), "reasons": _reasons(m),
                           "referred": s.pk in pending, "may_refer": s.pk in may_refer})
    referred = list(vacancy.referrals.select_related("seeker__person").order_by("-referred_on", "-pk"))
    own = set(visible.filter(pk__in=[r.seeker_id for r in referred]).values_list("pk", flat=True))
    referrals = [{"r": r, "name": r.seeker.person.name, "outcome": _label(r.get_outcome_display())}
                 for r in referred if r.seeker_id in own]  # another centre's seekers stay that centre's
    partial = _htmx(request)
    return render(request, "employment/_vacancy_main.html" if partial else "employment/vacancy.html", {
        "partial": partial,
        "vacancy": vacancy, "employer": vacancy.employer, "occupation": name_in_language(vacancy.occupation),
        "district": name_in_language(vacancy.district), "wage": _won(vacancy.wage, vacancy.wage_type),
        "contract": _label(vacancy.get_contract_display()), "status": _label(vacancy.get_status_display()),
        "education": _label(vacancy.get_education_display()),
        "licences": [name_in_language(s) for s in vacancy.required_licences.all()],
        "open": vacancy.status == Vacancy.Status.OPEN and vacancy.deadline >= timezone.localdate(),
        "can_counsel": policy.allows(request.user, "counsel"),
        "candidates": candidates, "referrals": referrals, "problems": problems or []}, status=status)


def _vacancy_for(request: HttpRequest, vacancy_id: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.restrict(request.user, "view_seeker")
                             .select_related("employer", "occupation", "district", "centre"), pk=vacancy_id)


@gate("view_seeker")
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    return _vacancy_page(request, _vacancy_for(request, vacancy_id))


@gate("counsel", methods=("POST",))
def vacancy_refer(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """One click from a candidate: the seeker (`target`) referred to this vacancy."""
    vacancy = _vacancy_for(request, vacancy_id)
    form = ReferForm(request.POST)
    problems: list[str] = []
    status = 400
    if form.is_valid():
        seeker = get_object_or_404(Seeker.objects.restrict(request.user, "view_seeker"),
                                   pk=form.cleaned_data["target"])
        _may_counsel(request, seeker)
        failed = _attempt(None, problems, lambda: cw.referral_create(actor=request.user, seeker=seeker,
                                                                     vacancy=vacancy))
        if not failed:
            messages.success(request, _("Referred %(name)s.") % {"name": seeker.person.name})
            return redirect("web:employment:vacancy", vacancy_id=vacancy.pk)
        status = failed
    problems += form_messages(form, labelled=False)
    return _vacancy_page(request, vacancy, status, problems)


# ---------------------------------------------------------------------------------------------------------------
# Follow-ups due


@gate("view_seeker")
def follow_ups(request: HttpRequest) -> HttpResponse:
    """오늘의 사후관리: follow-ups not done and due within a week, overdue first."""
    due = cw.follow_ups_due(FollowUp.objects.restrict(request.user, "view_seeker"))[:500]
    rows = [_follow_up_row(f) | {"name": f.placement.seeker.person.name,
                                 "employer": f.placement.employer_name or "-"} for f in due]
    return render(request, "employment/follow_ups.html", {
        "rows": rows, "today": timezone.localdate(), "can_counsel": policy.allows(request.user, "counsel")})


@gate("counsel", methods=("POST",))
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    f = get_object_or_404(FollowUp.objects.restrict(request.user, "view_seeker")
                          .select_related("placement__seeker__person"), pk=follow_up_id)
    _may_counsel(request, f)
    form = FollowUpForm(request.POST, prefix=f"f{f.pk}")
    back = "seeker" if request.POST.get("back") == "seeker" else ""  # the row sits on the seeker's page
    problems: list[str] = []
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        failed = _attempt(form, problems, lambda: cw.follow_up_record(
            actor=request.user, follow_up=f, version=d["version"], done_on=d["done_on"],
            still_employed=d["still_employed"], same_employer=d["same_employer"], note=d["note"]))
        if not failed:
            f.refresh_from_db()
            if _htmx(request):
                return render(request, "employment/_follow_up_row.html", {
                    "row": _follow_up_row(f) | {"name": f.placement.seeker.person.name,
                                                "employer": f.placement.employer_name or "-"},
                    "can_counsel": True, "back": back})
            messages.success(request, _("Follow-up recorded."))
            if back == "seeker":
                return redirect("web:employment:seeker", seeker_id=f.placement.seeker_id)
            return redirect("web:employment:follow_ups")
        status = failed
    problems += form_messages(form)
    row = _follow_up_row(f, form, problems) | {"name": f.placement.seeker.person.name,
                                               "employer": f.placement.employer_name or "-"}
    if _htmx(request):
        return render(request, "employment/_follow_up_row.html", {"row": row, "can_counsel": True, "back": back})
    return render(request, "employment/follow_ups.html", {"rows": [row], "today": timezone.localdate(),
                                                          "can_counsel": True, "problems": problems}, status=status)


# ---------------------------------------------------------------------------------------------------------------
# Job fairs


def _fair_form(request: HttpRequest, data: Any = None, **kw: Any) -> JobFairForm:
    centres = Centre.objects.restrict(request.user, "counsel").order_by("code")
    return JobFairForm(data, centres=centres, **kw)


@gate("view_seeker", methods=("GET", "HEAD", "POST"))
def job_fairs(request: HttpRequest) -> HttpResponse:
    """채용박람회: the fairs of the user's centres with their counts; a new one below."""
    fairs = list(JobFair.objects.restrict(request.user, "view_seeker").select_related("centre")
                 .order_by("-held_on", "-pk")[:500])
    problems: list[str] = []
    status = 200
    form = _fair_form(request, initial={"held_on": timezone.localdate(), "companies": 0, "applicants": 0,
                                        "interviews": 0, "hires": 0})
    if request.method == "POST":
        if not policy.allows(request.user, "counsel"):
            raise PermissionDenied
        form = _fair_form(request, request.POST)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            centre = get_object_or_404(Centre.objects.restrict(request.user, "counsel"), pk=d["centre"])
            failed = _attempt(form, problems, lambda: cw.job_fair_save(
                actor=request.user, centre=centre, name=d["name"], held_on=d["held_on"], venue=d["venue"],
                companies=d["companies"], applicants=d["applicants"], interviews=d["interviews"], hires=d["hires"],
                note=d["note"]))
            if not failed:
                messages.success(request, _("Job fair saved."))
                return redirect("web:employment:job_fairs")
            status = failed
        problems += form_messages(form)
    totals = {k: sum(getattr(f, k) for f in fairs) for k in ("companies", "applicants", "interviews", "hires")}
    return render(request, "employment/job_fairs.html", {
        "fairs": [{"f": f, "centre": name_in_language(f.centre)} for f in fairs], "totals": totals,
        "form": form, "problems": problems, "can_counsel": policy.allows(request.user, "counsel")}, status=status)


@gate("view_seeker", methods=("GET", "HEAD", "POST"))
def job_fair_detail(request: HttpRequest, fair_id: int) -> HttpResponse:
    fair = get_object_or_404(JobFair.objects.restrict(request.user, "view_seeker").select_related("centre"),
                             pk=fair_id)
    can = policy.can(request.user, "counsel", fair)
    problems: list[str] = []
    status = 200
    form = _fair_form(request, initial={"centre": fair.centre_id, "name": fair.name, "held_on": fair.held_on,
                                        "venue": fair.venue, "companies": fair.companies,
                                        "applicants": fair.applicants, "interviews": fair.interviews,
                                        "hires": fair.hires, "note": fair.note, "version": fair.version})
    form.fields["centre"].choices = [(fair.centre_id, name_in_language(fair.centre))]  # type: ignore[attr-defined]
    if request.method == "POST":
        if not can:
            raise PermissionDenied
        form = _fair_form(request, request.POST)
        form.fields["centre"].choices = [(fair.centre_id, name_in_language(fair.centre))]  # type: ignore[attr-defined]
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            failed = _attempt(form, problems, lambda: cw.job_fair_save(
                actor=request.user, centre=fair.centre, job_fair=fair, version=d["version"], name=d["name"],
                held_on=d["held_on"], venue=d["venue"], companies=d["companies"], applicants=d["applicants"],
                interviews=d["interviews"], hires=d["hires"], note=d["note"]))
            if not failed:
                messages.success(request, _("Job fair saved."))
                return redirect("web:employment:job_fairs")
            status = failed
        problems += form_messages(form)
    return render(request, "employment/job_fair.html", {
        "fair": fair, "centre": name_in_language(fair.centre), "form": form, "problems": problems,
        "can_counsel": can}, status=status)

