"""Pages of the double-receipt check: alerts per district and program (filters, xlsx export), an alert in words
with its decisions, the link review queue, recovery cases, and the portfolio office's editor of the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.forms import form_messages
from iljari.core.labels import one_language
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

from . import alert_text as t
from .alert_forms import (
    BENEFIT_RULE_FORMS,
    AlertDecisionForm,
    LinkDecisionForm,
    RecoveryCaseForm,
    RecoveryPaymentForm,
)
from .alerts import (
    alert_decide,
    audit_view,
    benefit_rule_save,
    decision_current,
    link_decide,
    outstanding,
    paid_back,
    recovery_payment_record,
    recovery_update,
)
from .models import Alert, BenefitRecord, DoubleBenefitRule, PersonLink, RecoveryCase


def _pk(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 19 else None


def _month(text: str | None) -> dt.date | None:
    try:
        y, m = (int(x) for x in (text or "").split("-"))
        return dt.date(y, m, 1) if 2000 <= y <= 2100 and 1 <= m <= 12 else None
    except ValueError:
        return None


def _problems(form: Any, exc: ServiceError, problems: list[str]) -> None:
    for p in exc.problems:
        if p.field and p.field in form.fields:
            form.add_error(p.field, p.text())
        else:
            problems.append(p.text())


def _attempt(form: Any, problems: list[str], call: Callable[[], Any]) -> int | None:
    """One service call from a page: None when done; 409 when someone changed the object first (the reason
    listed); 400 when the service refused it (each problem beside its field)."""
    try:
        with change_context("web"):
            call()
    except ConflictError as exc:
        problems += [p.text() for p in exc.problems]
        return 409
    except ServiceError as exc:
        _problems(form, exc, problems)
        return 400
    return None


# ---------------------------------------------------------------------------------------------------------------
# Alerts


def filtered_alerts(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    """The alerts the user may see, narrowed by the page's filters (status, rule, program, unit, period)."""
    qs = Alert.objects.restrict(request.user, "view_person").select_related("rule", "program", "org_unit")
    g = request.GET

    def text(name: str, limit: int) -> str:  # a NUL names nothing (PostgreSQL would refuse it with a 500)
        value = (g.get(name) or "")[:limit]
        return "" if "\x00" in value else value

    f: dict[str, Any] = {"status": text("status", 20) or "undecided", "rule": _pk(g.get("rule")),
                         "program": text("program", 50), "unit": text("unit", 50),
                         "from": text("from", 7), "to": text("to", 7)}
    if f["status"] == "undecided":
        qs = qs.filter(status__in=[Alert.Status.LINK_REVIEW, Alert.Status.OPEN])
    elif f["status"] in Alert.Status.values:
        qs = qs.filter(status=f["status"])
    else:
        f["status"] = ""
    if f["rule"]:
        qs = qs.filter(rule_id=f["rule"])
    if f["program"]:
        qs = qs.filter(program__code=f["program"])
    if f["unit"]:
        unit = OrgUnit.objects.filter(code=f["unit"]).first()
        qs = qs.filter(org_unit__path__startswith=unit.path) if unit else qs.none()
    start, end = _month(f["from"]), _month(f["to"])
    if start:
        qs = qs.filter(pk__in=Alert.objects.filter(records__end__gte=start).values("pk"))
    if end:
        nxt = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
        qs = qs.filter(pk__in=Alert.objects.filter(records__start__lt=nxt).values("pk"))
    return qs.order_by("-created_at", "-pk"), f


def _alert_rows(alerts: list[Alert], language: str | None) -> list[dict[str, Any]]:
    rows = []
    for a in alerts:
        recs = sorted(a.records.all(), key=lambda r: (r.start, r.pk))
        rows.append({"alert": a, "rule": t.rule_name(a.rule, language), "kind": t.kind_label(a.rule.kind, language),
                     "status": one_language(a.get_status_display(), language),
                     "who": ", ".join(sorted({t.mask_name(r.person.name) for r in recs})),
                     "records": [t.record_line(r, language, masked=True) for r in recs],
                     "overlap": t.overlap_sentence(a, language)})
    return rows


@gate("view_person")
def alerts(request: HttpRequest) -> HttpResponse:
    """이중수급 의심 목록: per district and program, with filters; names masked."""
    qs, f = filtered_alerts(request)
    page = Paginator(qs.prefetch_related("records__person", "records__program", "records__org_unit"), 50) \
        .get_page(request.GET.get("page"))
    lang = get_language()
    visible = Alert.objects.restrict(request.user, "view_person")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/alerts.html", {
        "page": page, "rows": _alert_rows(list(page.object_list), lang), "f": f, "query": query.urlencode(),
        "statuses": [("undecided", _("Undecided (to review or waiting for the link)"))]
        + [(v, one_language(label, lang)) for v, label in Alert.Status.choices],
        "rules": [(r.pk, t.rule_name(r, lang)) for r in DoubleBenefitRule.objects.order_by("kind", "valid_from")],
        "programs": Program.objects.filter(pk__in=visible.values("program_id")).order_by("name_ko"),
        "units": OrgUnit.objects.filter(pk__in=visible.values("org_unit_id")).order_by("path"),
        "by_unit": [{"unit": ((b["org_unit__name_en"] if t.en(lang) else "") or b["org_unit__name_ko"] or "-"),
                     "program": ((b["program__name_en"] if t.en(lang) else "") or b["program__name_ko"] or "-"),
                     "n": b["n"]}
                    for b in visible.filter(status__in=[Alert.Status.LINK_REVIEW, Alert.Status.OPEN])
                    .values("org_unit__name_ko", "org_unit__name_en", "program__name_ko", "program__name_en")
                    .annotate(n=Count("pk")).order_by("org_unit__name_ko", "program__name_ko")]})


@gate("view_person")
def alerts_export(request: HttpRequest) -> HttpResponse:
    """The filtered alerts as xlsx (names masked; text cells never become formulas)."""
    from openpyxl import Workbook

    from iljari.core.http import file_response
    from iljari.core.spreadsheets import append_row

    qs, _f = filtered_alerts(request)
    lang = get_language()
    wb = Workbook()
    ws = wb.active
    ws.title = "Alerts" if t.en(lang) else "이중수급 의심"
    head = (["No.", "Status", "Rule", "Program", "Unit", "Person", "Records", "Overlap days", "Overlap months",
             "Overlap (won)", "Match probability"] if t.en(lang) else
            ["번호", "상태", "점검 기준", "사업", "담당 기관", "대상자", "수혜 기록", "겹친 일수", "겹친 개월", "겹친 금액(원)", "동일인 확률"])
    append_row(ws, head)
    for row in _alert_rows(list(qs.prefetch_related("records__person", "records__program",
                                                    "records__org_unit")[:10000]), lang):
        a = row["alert"]
        append_row(ws, [a.pk, row["status"], row["rule"], t.unit_name(a.program, lang) if a.program else "-",
                        t.unit_name(a.org_unit, lang), row["who"], "\n".join(row["records"]),
                        a.overlap_days, a.overlap_months, a.overlap_won,
                        round(a.probability, 4) if a.probability is not None else None])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    return file_response(buf.getvalue(), "xlsx", "double_benefit_alerts" if t.en(lang) else "이중수급_의심")


def _alert_for(request: HttpRequest, alert_id: int) -> Alert:
    return get_object_or_404(Alert.objects.restrict(request.user, "view_person")
                             .select_related("rule", "program", "org_unit", "link"), pk=alert_id)


@gate("view_person", methods=("GET", "HEAD", "POST"))
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    """One alert in words: which records, which rule, the overlap (days, months, won), and for records of two
    person rows the match probability with each field's contribution; the decisions. Viewing is audited."""
    alert = _alert_for(request, alert_id)
    lang = get_language()
    can_decide = policy.can(request.user, "manage_recovery", alert) and alert.status in (
        Alert.Status.OPEN, Alert.Status.LINK_REVIEW)
    problems: list[str] = []
    status = 200
    form = AlertDecisionForm(request.POST or None, initial={"version": alert.version, "amount": alert.overlap_won})
    if request.method == "POST":
        if not policy.can(request.user, "manage_recovery", alert):
            raise PermissionDenied
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            failed = _attempt(form, problems, lambda: alert_decide(
                actor=request.user, alert=alert, decision=d["decision"], reason=d["reason"], version=d["version"],
                amount=d["amount"], notice_date=d["notice_date"]))
            if failed:
                status = failed
            else:
                messages.success(request, _("Decision saved."))
                alert.refresh_from_db()
                if alert.status == Alert.Status.CONFIRMED:
                    return redirect("web:people:recovery", case_id=alert.recovery.pk)
                return redirect("web:people:alerts")
        problems += form_messages(form)
    else:
        audit_view(actor=request.user, obj=alert, purpose="이중수급 점검 / double-benefit check")
    recs = sorted(alert.records.select_related("person", "program", "org_unit"), key=lambda r: (r.start, r.pk))
    link = alert.link
    return render(request, "people/alert.html", {
        "alert": alert, "rule": t.rule_name(alert.rule, lang),
        "rule_sentence": t.rule_sentence(alert.rule.kind, alert.rule.params or {}, lang or "ko"),
        "status_label": one_language(alert.get_status_display(), lang),
        "records": [{"line": t.record_line(r, lang), "r": r} for r in recs],
        "overlap": t.overlap_sentence(alert, lang), "won": t.won_text(alert.overlap_won, lang),
        "contributions": t.contributions(alert, lang), "link": link,
        "per_record": (alert.detail or {}).get("per_record") or {},
        "can_decide": can_decide, "form": form, "problems": problems,
        "recovery": getattr(alert, "recovery", None) if alert.status == Alert.Status.CONFIRMED else None},
        status=status)


# ---------------------------------------------------------------------------------------------------------------
# Link review


def review_queue(user: Any) -> Any:
    """Links of the review band the user may decide that have no current decision (none yet, or one made
    before either record changed)."""
    qs = PersonLink.objects.restrict(user, "review_link").filter(band=PersonLink.Band.REVIEW) \
        .select_related("left", "right").distinct()
    return list(qs.filter(Q(decision="") | ~Q(left_version=F("left__version"))
                          | ~Q(right_version=F("right__version"))).order_by("-probability", "pk"))


def model_check(user: Any) -> list[dict[str, Any]]:
    """Of decided links, how many the model put in each band: the decisions are labels that check the model."""
    qs = PersonLink.objects.restrict(user, "review_link").exclude(decision="").distinct()
    rows = []
    for band, label in PersonLink.Band.choices:
        same = qs.filter(band=band, decision=PersonLink.Decision.SAME).count()
        diff = qs.filter(band=band, decision=PersonLink.Decision.DIFFERENT).count()
        rows.append({"band": one_language(label, get_language()), "same": same, "different": diff,
                     "total": same + diff})
    return rows


@gate("review_link")
def links(request: HttpRequest) -> HttpResponse:
    """동일인 확인: every undecided link of the review band, both records side by side (phones masked)."""
    lang = get_language()
    queue = review_queue(request.user)
    page = Paginator(queue, 20).get_page(request.GET.get("page"))
    items = [{"link": lk, "left": t.person_fields(lk.left, lang), "right": t.person_fields(lk.right, lang),
              "contributions": t.contributions(lk, lang)} for lk in page.object_list]
    for it in items:
        it["pairs"] = list(zip(it["left"], it["right"], strict=True))
    return render(request, "people/links.html", {"page": page, "items": items, "check": model_check(request.user)})


@gate("review_link", methods=("GET", "HEAD", "POST"))
def link_detail(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(PersonLink.objects.restrict(request.user, "review_link").distinct()
                             .select_related("left", "right", "left__district", "right__district"), pk=link_id)
    lang = get_language()
    problems: list[str] = []
    status = 200
    form = LinkDecisionForm(request.POST or None, initial={"version": link.version})
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            failed = _attempt(form, problems, lambda: link_decide(
                actor=request.user, link=link, decision=d["decision"], reason=d["reason"], version=d["version"]))
            if failed:
                status = failed
            else:
                messages.success(request, _("Decision saved; the alerts of these records were checked again."))
                return redirect("web:people:links")
        problems += form_messages(form)
    else:
        audit_view(actor=request.user, obj=link, purpose="동일인 확인 / link review")
    versions = {link.left_id: link.left.version, link.right_id: link.right.version}
    benefits = {p.pk: [t.record_line(r, lang) for r in BenefitRecord.objects.filter(person=p)
                       .select_related("person", "program", "org_unit").order_by("start", "pk")]
                for p in (link.left, link.right)}
    return render(request, "people/link.html", {
        "link": link, "pairs": list(zip(t.person_fields(link.left, lang), t.person_fields(link.right, lang),
                                        strict=True)),
        "contributions": t.contributions(link, lang), "decided": decision_current(link, versions),
        "decision_label": one_language(link.get_decision_display(), lang) if link.decision else "",
        "left_benefits": benefits[link.left_id], "right_benefits": benefits[link.right_id],
        "form": form, "problems": problems}, status=status)


# ---------------------------------------------------------------------------------------------------------------
# Recovery


@gate("manage_recovery")
def recoveries(request: HttpRequest) -> HttpResponse:
    lang = get_language()
    cases = list(RecoveryCase.objects.restrict(request.user, "manage_recovery")
                 .select_related("person", "program", "org_unit", "alert__rule").order_by("-created_at", "-pk"))
    rows = [{"case": c, "who": t.mask_name(c.person.name), "rule": t.rule_name(c.alert.rule, lang),
             "paid": paid_back(c), "outstanding": outstanding(c)} for c in cases]
    return render(request, "people/recoveries.html", {
        "rows": rows, "total": sum(c.amount for c in cases), "total_paid": sum(r["paid"] for r in rows),
        "total_outstanding": sum(r["outstanding"] for r in rows)})


@gate("manage_recovery", methods=("GET", "HEAD", "POST"))
def recovery_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """환수: amount, notice date, payments; outstanding = amount − payments (to the won)."""
    case = get_object_or_404(RecoveryCase.objects.restrict(request.user, "manage_recovery")
                             .select_related("person", "program", "org_unit", "alert__rule"), pk=case_id)
    problems: list[str] = []
    status = 200
    edit = RecoveryCaseForm(initial={"amount": case.amount, "notice_date": case.notice_date, "note": case.note,
                                     "version": case.version}, prefix="case")
    pay = RecoveryPaymentForm(initial={"version": case.version}, prefix="pay")
    if request.method == "POST":
        status = 400
        if request.POST.get("form") == "payment":
            pay = RecoveryPaymentForm(request.POST, prefix="pay")
            form: Any = pay
            if pay.is_valid():
                d = pay.cleaned_data
                failed = _attempt(pay, problems, lambda: recovery_payment_record(
                    actor=request.user, case=case, paid_on=d["paid_on"], amount=d["amount"], version=d["version"]))
                if failed:
                    status = failed
                else:
                    messages.success(request, _("Payment recorded."))
                    return redirect("web:people:recovery", case_id=case.pk)
        else:
            edit = RecoveryCaseForm(request.POST, prefix="case")
            form = edit
            if edit.is_valid():
                d = edit.cleaned_data
                failed = _attempt(edit, problems, lambda: recovery_update(
                    actor=request.user, case=case, amount=d["amount"], notice_date=d["notice_date"], note=d["note"],
                    reason=d["reason"], version=d["version"]))
                if failed:
                    status = failed
                else:
                    messages.success(request, _("Recovery case saved."))
                    return redirect("web:people:recovery", case_id=case.pk)
        problems += form_messages(form)
    lang = get_language()
    payments = list(case.payments.order_by("paid_on", "pk"))
    balance, running = case.amount, []
    for p in payments:
        balance -= p.amount
        running.append({"p": p, "left": balance})
    return render(request, "people/recovery.html", {
        "case": case, "who": case.person.name, "rule": t.rule_name(case.alert.rule, lang),
        "payments": running, "paid": paid_back(case), "outstanding": outstanding(case),
        "edit": edit, "pay": pay, "problems": problems}, status=status)


# ---------------------------------------------------------------------------------------------------------------
# Rules


@gate("view", methods=("GET", "HEAD", "POST"))
def benefit_rules(request: HttpRequest) -> HttpResponse:
    """이중수급 점검 기준: every rule as a sentence with its dates; the portfolio office adds or changes them with a
    typed form per kind (version-checked, audited)."""
    lang = get_language()
    can_edit = policy.allows(request.user, "change_benefit_rules")
    rules = list(DoubleBenefitRule.objects.restrict(request.user, "view").order_by("kind", "valid_from", "pk"))
    for r in rules:
        r.sentence = t.rule_sentence(r.kind, r.params or {}, lang or "ko")  # type: ignore[attr-defined]
        r.kind_label = t.kind_label(r.kind, lang)  # type: ignore[attr-defined]
        r.shown_label = "" if t.en(lang) else r.label  # type: ignore[attr-defined]  # labels are Korean
    kinds = [(k, t.kind_label(k, lang)) for k in DoubleBenefitRule.Kind.values]
    ctx: dict[str, Any] = {"rules": rules, "can_edit": can_edit, "kinds": kinds, "problems": []}
    data = request.POST if request.method == "POST" else request.GET
    editing = _pk(data.get("rule"))
    rule = next((r for r in rules if r.pk == editing), None) if editing else None
    if editing and rule is None:
        raise Http404("no such rule")
    kind = rule.kind if rule is not None else data.get("kind", "")
    form_class = BENEFIT_RULE_FORMS.get(kind)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form_class is None:
            ctx["problems"].append(_("Choose the kind of rule."))
            return render(request, "people/benefit_rules.html", ctx, status=400)
        form = form_class(request.POST)
        ctx.update(form=form, kind=kind, kind_label=t.kind_label(kind, lang), rule=rule)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            draft = DoubleBenefitRule(pk=rule.pk if rule else None, kind=kind, params=form.to_params(),
                                      label=d["label"], valid_from=d["valid_from"], valid_to=d["valid_to"],
                                      active=d["active"])
            failed = _attempt(form, ctx["problems"], lambda: benefit_rule_save(
                actor=request.user, rule=draft, reason=d["reason"], version=d["version"] if rule else None))
            if failed:
                status = failed
            else:
                messages.success(request, _("Rule saved and the alerts checked again under it: %(rule)s") % {
                    "rule": t.rule_sentence(draft.kind, draft.params, lang or "ko")})
                return redirect("web:people:benefit_rules")
        ctx["problems"] += form_messages(form)
        return render(request, "people/benefit_rules.html", ctx, status=status)
    if can_edit and form_class is not None:
        initial = form_class.initial_for(rule) if rule is not None else {"valid_from": timezone.localdate(),
                                                                        "active": True, "kinds": ["paid"]}
        ctx.update(form=form_class(initial=initial), kind=kind, kind_label=t.kind_label(kind, lang), rule=rule)
    return render(request, "people/benefit_rules.html", ctx)

