"""Officers' pages for a round's rules and pay: typed rule editors with a preview that names the applicants a
change admits or drops, and the days-worked grid with each participant's pay (included into the `web`
namespace by the shell, like `views`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.forms import form_messages

from .models import Application, EligibilityRule, PayRule, RecruitmentRound
from .rule_forms import RULE_FORMS, PayRuleForm, WorkGridForm
from .selectors import visible_applications
from .views import _round_for


def month_label(year: int, month: int) -> str:
    return _("%(year)s-%(month)02d") % {"year": year, "month": month}


def rule_kinds() -> list[tuple[str, str]]:
    """The kinds of eligibility rule in the page's language (the model's labels are Korean)."""
    names = {"age_range": _("Age"), "residency": _("Residence"), "employment": _("Employment"),
             "income_line": _("Income line"), "property_cap": _("Property cap"), "exclude_status": _("Exclusions"),
             "participation_cap": _("Past participation cap"), "priority_points": _("Priority points")}
    return [(k, str(names.get(k, label))) for k, label in EligibilityRule.Kind.choices]


def _pk(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 19 else None


def _problems_to(form: Any, exc: ServiceError, problems: list[str], prefix: str = "") -> None:
    for p in exc.problems:
        name = f"{prefix}{p.field}" if p.field else None
        if name and name in form.fields:
            form.add_error(p.field, p.text())
        else:
            problems.append(p.text())


@gate("view", methods=("GET", "HEAD", "POST"))
def round_rules(request: HttpRequest, round_id: int) -> HttpResponse:
    """자격 기준·임금 기준: every rule of the round's program as a sentence; a typed form per kind to add or change
    one; a preview naming who it would admit or drop before it is saved (audited, version-checked)."""
    from .services import eligibility_rule_save, pay_rule_save, rule_change_impact, rule_check

    rnd = _round_for(request, round_id, "view")
    can_edit = policy.can(request.user, "change_rules", rnd.program)
    rules = list(EligibilityRule.objects.restrict(request.user, "view").filter(program=rnd.program)
                 .order_by("order", "valid_from", "id"))
    pay_rules = list(PayRule.objects.restrict(request.user, "view").filter(program=rnd.program)
                     .order_by("valid_from"))
    ref = rnd.work_from
    kinds = dict(rule_kinds())
    for r in rules:
        r.in_force = r.valid_from <= ref and (r.valid_to is None or r.valid_to >= ref)  # type: ignore[attr-defined]
        r.kind_label = kinds.get(r.kind, r.kind)  # type: ignore[attr-defined]
    ctx: dict[str, Any] = {"round": rnd, "rules": rules, "pay_rules": pay_rules, "can_edit": can_edit,
                           "kinds": rule_kinds(), "problems": [], "impact": None}
    editing = _pk(request.POST.get("rule") if request.method == "POST" else request.GET.get("rule"))
    pay_editing = _pk(request.POST.get("pay_rule") if request.method == "POST" else request.GET.get("pay_rule"))
    rule = next((r for r in rules if r.pk == editing), None) if editing else None
    pay_rule = next((r for r in pay_rules if r.pk == pay_editing), None) if pay_editing else None
    if (editing and rule is None) or (pay_editing and pay_rule is None):
        raise Http404("not a rule of this program")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        status = 400
        if request.POST.get("form") == "pay":
            pay = PayRuleForm(request.POST, prefix="pay")
            if pay_rule is not None:  # a dated rule keeps its date: a rule from another date is a new rule
                pay.fields["valid_from"].disabled = True
                pay.fields["valid_from"].initial = pay_rule.valid_from
            if pay.is_valid():
                d = pay.cleaned_data
                try:
                    with change_context("web"):
                        pay_rule_save(actor=request.user, program=rnd.program, valid_from=d["valid_from"],
                                      params=pay.to_params(), label=d["label"], reason=d["reason"],
                                      version=(d["version"] or 0) if pay_rule is not None else 0)
                except ConflictError as exc:
                    status = 409
                    ctx["problems"] += [p.text() for p in exc.problems]
                except ServiceError as exc:
                    ctx["problems"] += [p.text() for p in exc.problems]
                else:
                    messages.success(request, _("Pay rule saved."))
                    return redirect(reverse("web:round_rules", args=[rnd.pk]) + "#pay")
            ctx["problems"] += form_messages(pay)
            ctx.update(pay_form=pay, pay_rule=pay_rule)
            return render(request, "participants/rule_editor.html", ctx, status=status)
        kind = rule.kind if rule is not None else request.POST.get("kind", "")
        form_class = RULE_FORMS.get(kind)
        if form_class is None:
            ctx["problems"].append(_("Choose the kind of rule."))
            return render(request, "participants/rule_editor.html", ctx, status=status)
        form = form_class(request.POST)
        ctx.update(form=form, kind=kind, kind_label=kinds.get(kind, kind), rule=rule)
        if form.is_valid():
            d = form.cleaned_data
            draft = EligibilityRule(pk=rule.pk if rule else None, program=rnd.program, kind=kind,
                                    params=form.to_params(), label=d["label"], valid_from=d["valid_from"],
                                    valid_to=d["valid_to"], order=rule.order if rule else 0,
                                    version=rule.version if rule else 1)
            ctx["problems"] += [p.text() for p in rule_check(draft)]
            ctx["draft"] = draft
            if not ctx["problems"] and request.POST.get("save"):
                try:
                    with change_context("web"):
                        eligibility_rule_save(actor=request.user, rule=draft, reason=d["reason"],
                                              version=d["version"] if rule else None)
                except ConflictError as exc:
                    status = 409
                    ctx["problems"] += [p.text() for p in exc.problems]
                except ServiceError as exc:
                    _problems_to(form, exc, ctx["problems"])
                else:
                    messages.success(request, _("Rule saved: %(rule)s") % {"rule": draft.sentence})
                    return redirect("web:round_rules", round_id=rnd.pk)
            elif not ctx["problems"]:
                ctx["impact"] = rule_change_impact(round=rnd, rule=draft)
                # a name that still describes the old value would mislead every decision that shows it
                ctx["stale_label"] = bool(rule and draft.label and draft.label == rule.label
                                          and draft.params != rule.params)
                status = 200
        ctx["problems"] += form_messages(form)
        return render(request, "participants/rule_editor.html", ctx, status=status)
    if can_edit:
        kind = rule.kind if rule is not None else request.GET.get("kind", "")
        if kind in RULE_FORMS:
            form_class = RULE_FORMS[kind]
            initial = form_class.initial_for(rule) if rule is not None else {"valid_from": rnd.work_from}
            ctx.update(form=form_class(initial=initial), kind=kind, kind_label=kinds.get(kind, kind),
                       rule=rule)
        elif pay_rule is not None or request.GET.get("pay_rule") == "new":
            initial = PayRuleForm.initial_for(pay_rule) if pay_rule else {"valid_from": rnd.work_from,
                                                                         "version": 0}
            pay = PayRuleForm(initial=initial, prefix="pay")
            if pay_rule is not None:
                pay.fields["valid_from"].disabled = True
            ctx.update(pay_form=pay, pay_rule=pay_rule)
    return render(request, "participants/rule_editor.html", ctx)


def _month_of(text: str | None, rnd: RecruitmentRound) -> tuple[int, int]:
    from .payroll import work_months

    months = work_months(rnd)
    try:
        y, m = (int(x) for x in (text or "").split("-"))
    except ValueError:
        return months[0]
    return (y, m) if (y, m) in months else months[0]


# Rows of the work grid on one page: a round of 415 participants is entered 100 at a time (each save keeps well
# under the request's 1,000-field limit, with hours too).
GRID_ROWS = 100


def _grid_initial(rows: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in rows:
        if r.record is not None:
            pk = r.application.pk
            out.update({f"days_{pk}": r.record.days, f"hours_{pk}": r.record.hours, f"version_{pk}": r.record.version})
    return out


def _hours_a_day_words(params: dict[str, Any]) -> str:
    """The rule's hours a day for the page's note: '5 hours (3 hours at 65 or over)' in the page's language; '' when an
    hourly rule names none."""
    from .pay import states_hours_a_day

    if not states_hours_a_day(params):
        return ""
    out = _("%(h)s hours") % {"h": int(params.get("default_hours", 8))}
    by_age = sorted(params.get("hours_by_age") or [])
    if by_age:
        out += " (" + ", ".join(_("%(h)s hours at %(age)s or over") % {"h": h, "age": a} for a, h in by_age) + ")"
    return out


@gate("view", methods=("GET", "HEAD", "POST"))
def round_payroll(request: HttpRequest, round_id: int) -> HttpResponse:
    """근무 실적·임금: one month of the round, a row per participant; officers who run the round enter the days
    (day-based pay) or the days and hours (hourly pay) of their participants, a page of rows at a time; each row
    shows its pay, the total covers every row, and the payroll workbook downloaded from here has the same
    figures."""
    from django.core.paginator import Paginator

    from .payroll import payroll, work_months
    from .services import work_records_save

    rnd = _round_for(request, round_id, "view")
    data = request.POST if request.method == "POST" else request.GET
    year, month = _month_of(data.get("month"), rnd)
    visible = visible_applications(request.user, rnd)
    pr = payroll(rnd, year, month, visible)
    page = Paginator(pr.rows, GRID_ROWS).get_page(data.get("page"))
    shown = list(page.object_list)
    writable: set[int] = set()
    if policy.allows(request.user, "manage_rounds"):
        writable = set(Application.objects.restrict(request.user, "manage_rounds").filter(round=rnd)
                       .values_list("pk", flat=True))
    editable = [r.application for r in shown if r.application.pk in writable]
    hourly = pr.basis == "hour"
    problems: list[str] = []
    status = 200
    form = WorkGridForm(request.POST or None, applications=editable, days_limit=pr.days_limit, hourly=hourly,
                        initial=_grid_initial(shown))
    here = reverse("web:round_payroll", args=[rnd.pk]) + f"?month={year}-{month:02d}" + (
        f"&page={page.number}" if page.number > 1 else "")
    if request.method == "POST":
        if not policy.allows(request.user, "manage_rounds"):
            raise PermissionDenied
        status = 400
        if data.get("month", "") != f"{year}-{month:02d}":  # a month outside the work period is never another
            problems.append(_("That month is not in the round's work period."))
        elif pr.rule is None:
            problems.append(_("No pay rule is in force this month; set one on the rules page first."))
        elif not editable:
            problems.append(_("No participant of yours to enter this month (none selected, or none of your units)."))
        elif form.is_valid():
            try:
                with change_context("web"):
                    done = work_records_save(actor=request.user, round=rnd, year=year, month=month,
                                             entries=form.entries(), reason=form.cleaned_data["reason"])
            except ConflictError as exc:
                status = 409
                problems += [p.text() for p in exc.problems]
                pr = payroll(rnd, year, month, visible)  # what is stored now, to check and enter again
                page = Paginator(pr.rows, GRID_ROWS).get_page(page.number)
                shown = list(page.object_list)
                form = WorkGridForm(applications=editable, days_limit=pr.days_limit, hourly=hourly,
                                    initial=_grid_initial(shown))
            except ServiceError as exc:
                _problems_to(form, exc, problems)
            else:
                messages.success(request, _("Work of %(month)s saved: %(created)s new, %(changed)s changed, "
                                            "%(cleared)s cleared.") % {"month": month_label(year, month), **done})
                return redirect(here)
        if form.is_bound:
            problems += form_messages(form)
    rows = []
    for r in shown:
        pk = r.application.pk
        mine = f"days_{pk}" in form.fields
        rows.append({"r": r, "days": form[f"days_{pk}"] if mine else None,
                     "hours": form[f"hours_{pk}"] if mine and hourly else None,
                     "version": form[f"version_{pk}"] if mine else None})
    return render(request, "participants/payroll.html", {
        "round": rnd, "pr": pr, "rows": rows, "page": page, "form": form, "problems": problems, "hourly": hourly,
        "can_enter": bool(editable) and pr.rule is not None, "not_begun": pr.first.replace(day=1) > timezone.localdate(),
        "hours_a_day": _hours_a_day_words(pr.rule.params) if pr.rule and hourly else "",
        "months": [(f"{y}-{m:02d}", month_label(y, m)) for y, m in work_months(rnd)],
        "month_value": f"{year}-{month:02d}", "month_title": month_label(year, month)}, status=status)
