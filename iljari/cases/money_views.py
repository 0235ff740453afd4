"""The money pages of subsidy cases (district officers and the city, `pay_case`; docs/cases.md, "Money"): budgets
by district with the reallocation form and its history, payment batches (the check report, held payments with
their reasons, the transfer file, marking paid), recoveries (notice, instalments, payments back, write-off), and a
case's account and staged payments. Reads go through the gate (404 outside the user's units, 403 for a role that
may never). Every page speaks the page's language (Django's active language) throughout: the templates' words
through `{% tr %}`, choices, labels, the services' refusals and the messages through `say` / `Problem.text()`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.forms import AmountField, form_messages
from iljari.core.labels import choices_in_language, one_language
from iljari.orgs.models import OrgUnit
from iljari.people.selectors import mask_name

from . import money, staged
from .models import (
    Case,
    DistrictBudget,
    Flow,
    PayeeAccount,
    Payment,
    PaymentBatch,
    Reallocation,
    Recovery,
    RecoveryEntry,
    StagedTerm,
)
from .panels import panel
from .templatetags.case_words import english, say


def in_language(label: str) -> str:
    """A "한국어 / English" label (or several joined by "; ") in the page's language."""
    language = get_language()
    return "; ".join(one_language(part, language) for part in str(label).split("; "))


words = lazy(say, str)  # a form's label or choice in the language of the page it is shown on


def unit_name(unit: Any) -> str:
    """A district by its name in the page's language (never its code)."""
    if unit is None:
        return "-"
    return (unit.name_en or unit.name_ko) if english() else unit.name_ko


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return unit_name(obj)


class FlowChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return unit_name(obj)


def may_allocate(user: Any, flow: Flow) -> bool:
    """Budgets are set and moved by the flow's owning office (and the global roles), not by a district."""
    return policy.grant(user, "pay_case").covers(flow.program.owner_org)


def may_pay_batch(user: Any, batch: PaymentBatch) -> bool:
    """Batches are made, sent to the bank and marked paid by the paying district (and the global roles)."""
    return policy.grant(user, "pay_case").covers(batch.district)


def may_pay(user: Any, case: Case) -> bool:
    """A case's account and staged payments: the receiving district's officers (the owning office for a case
    received without a district) and the global roles."""
    return policy.grant(user, "pay_case").covers(case.district or case.flow.program.owner_org)


def may_recover(user: Any, case: Case) -> bool:
    """Recoveries (환수: opening one from a paid payment, the notice, instalments, payments back, write-offs): the
    case's district and the program's owning office alike (`pay_case` in the case's scope), since the city as well
    as the districts checks double and fraudulent receipts and decides recovery."""
    return policy.can(user, "pay_case", case)


def person_name(person: Any) -> str:
    """A person's name as every money page shows it: masked (김*지)."""
    return mask_name(person.name) if person is not None else "-"


PER_PAGE = 100  # rows of a batch's payments (and of its held payments) a page


def _attempt(problems: list[str], fn: Callable[[], Any]) -> tuple[Any, int]:
    try:
        return fn(), 0
    except ConflictError as e:
        problems += [p.text() for p in e.problems]
        return None, 409
    except ServiceError as e:
        problems += [p.text() for p in e.problems]
        return None, 400


def _flows(user: Any) -> list[Flow]:
    return list(Flow.objects.filter(kind=Flow.Kind.SUBSIDY).select_related("program__owner_org").order_by("code"))


def _districts(user: Any, flow: Flow | None = None) -> list[OrgUnit]:
    g = policy.grant(user, "view_case")
    qs = OrgUnit.objects.filter(kind="district")
    if not g.everywhere and not (flow is not None and g.covers(flow.program.owner_org)):
        q = Q(pk__in=[])
        for p in g.paths:
            q |= Q(path__startswith=p)
        qs = qs.filter(q)
    return list(qs.order_by("name_ko"))


class DateInput(forms.DateInput):
    input_type = "date"


class BudgetForm(forms.Form):
    district = UnitChoiceField(queryset=OrgUnit.objects.none(), label=words("자치구", "District"))
    amount = AmountField(label=words("배정액(원)", "Budget (won)"))
    reason = forms.CharField(label=words("사유", "Reason"), max_length=500, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReallocationForm(forms.Form):
    from_district = UnitChoiceField(queryset=OrgUnit.objects.none(), label=words("보내는 자치구", "From district"),
                                    required=False, empty_label=words("배정 밖 재원(기금 등)",
                                                                      "A fund outside the allocation"))
    to_district = UnitChoiceField(queryset=OrgUnit.objects.none(), label=words("받는 자치구", "To district"))
    amount = AmountField(label=words("금액(원)", "Amount (won)"))
    fund = forms.CharField(label=words("재원(배정 밖에서 올 때)", "Fund (when from outside the allocation)"),
                           max_length=100, required=False)
    on = forms.DateField(label=words("재배정일", "Day of the reallocation"), widget=DateInput)
    reason = forms.CharField(label=words("사유", "Reason"), max_length=500)


def _latest_year(flow: Flow | None) -> int:
    """The year a budgets page opens on: the latest the flow has budgets for, else cases for, else this year."""
    if flow is not None:
        year = DistrictBudget.objects.filter(flow=flow).order_by("-year").values_list("year", flat=True).first()
        if year is None:
            last = Case.objects.filter(flow=flow).order_by("-applied_on").values_list("applied_on", flat=True).first()
            year = last.year if last else None
        if year is not None:
            return int(year)
    return timezone.localdate().year


@gate("pay_case", methods=("GET", "HEAD", "POST"))
def budgets(request: HttpRequest) -> HttpResponse:
    """자치구별 배정액: each district's budget, what it committed and paid, what is left; the owning office sets
    budgets and moves money (reallocation form and history)."""
    flows = _flows(request.user)
    data = request.POST if request.method == "POST" else request.GET
    flow = next((f for f in flows if f.code == data.get("flow")), flows[0] if flows else None)
    try:
        year = int(data.get("year") or 0) or _latest_year(flow)
    except ValueError:
        year = _latest_year(flow)
    year = min(max(year, 2000), 2100)
    problems: list[str] = []
    status = 200
    can_allocate = flow is not None and may_allocate(request.user, flow)
    districts = _districts(request.user, flow)
    bform = BudgetForm(prefix="b")
    rform = ReallocationForm(prefix="r", initial={"on": timezone.localdate()})
    for f in (bform, rform):
        for name in ("district", "from_district", "to_district"):
            if name in f.fields:
                f.fields[name].queryset = OrgUnit.objects.filter(pk__in=[d.pk for d in districts])
    if request.method == "POST":
        if flow is None:
            raise Http404("no flow")
        if not can_allocate:
            raise PermissionDenied
        status = 400
        if data.get("form") == "budget":
            bform = BudgetForm(request.POST, prefix="b")
            bform.fields["district"].queryset = OrgUnit.objects.filter(pk__in=[d.pk for d in districts])
            form: forms.Form = bform
            if bform.is_valid():
                d = bform.cleaned_data
                _, failed = _attempt(problems, lambda: money.budget_set(
                    actor=request.user, flow=flow, district=d["district"], year=year, amount=d["amount"],
                    version=d["version"], reason=d["reason"]))
                if not failed:
                    messages.success(request, say(f"{unit_name(d['district'])}의 배정액을 {d['amount']:,}원으로 정했습니다.",
                                                  f"{unit_name(d['district'])}'s budget is now ₩{d['amount']:,}."))
                    return redirect(f"{request.path}?flow={flow.code}&year={year}")
                status = failed
        else:
            rform = ReallocationForm(request.POST, prefix="r")
            for name in ("from_district", "to_district"):
                rform.fields[name].queryset = OrgUnit.objects.filter(pk__in=[d.pk for d in districts])
            form = rform
            if rform.is_valid():
                d = rform.cleaned_data
                _, failed = _attempt(problems, lambda: money.reallocate(
                    actor=request.user, flow=flow, year=year, from_district=d["from_district"],
                    to_district=d["to_district"], amount=d["amount"], fund=d["fund"], reason=d["reason"],
                    on=d["on"]))
                if not failed:
                    messages.success(request, say(f"{d['amount']:,}원을 {unit_name(d['to_district'])}에 재배정했습니다.",
                                                  f"₩{d['amount']:,} moved to {unit_name(d['to_district'])}."))
                    return redirect(f"{request.path}?flow={flow.code}&year={year}")
                status = failed
        problems += form_messages(form)
    rows: list[dict[str, Any]] = []
    history: list[Reallocation] = []
    totals = {"budget": 0, "committed": 0, "paid": 0, "left": 0}
    if flow is not None:
        ids = [d.pk for d in districts]
        have = {b.district_id: b for b in DistrictBudget.objects.filter(flow=flow, year=year, district_id__in=ids)}
        spent = {(k, s): int(v or 0) for k, s, v in Payment.objects.filter(
            case__flow=flow, case__district_id__in=ids, status__in=money.COMMITTED, batch__pay_on__year=year)
            .values_list("case__district_id", "status").annotate(v=Sum("amount")).order_by()}
        for d in districts:
            b = have.get(d.pk)
            paid = spent.get((d.pk, Payment.Status.PAID), 0)
            com = paid + spent.get((d.pk, Payment.Status.IN_BATCH), 0)
            if b is None and not com:
                continue
            amount = b.amount if b else 0
            rows.append({"district": d, "budget": b, "amount": amount, "committed": com, "paid": paid,
                         "left": amount - com})
            totals["budget"] += amount
            totals["committed"] += com
            totals["paid"] += paid
            totals["left"] += amount - com
        moves = Reallocation.objects.filter(flow=flow, year=year)
        if not can_allocate:
            moves = moves.filter(Q(to_district_id__in=ids) | Q(from_district_id__in=ids))
        history = list(moves.select_related("from_district", "to_district", "actor").order_by("on", "pk"))
    return render(request, "cases/money/budgets.html", {
        "flows": flows, "flow": flow, "year": year, "rows": rows, "totals": totals, "history": history,
        "can_allocate": can_allocate, "bform": bform, "rform": rform, "problems": problems}, status=status)


class BatchForm(forms.Form):
    flow = FlowChoiceField(queryset=Flow.objects.filter(kind=Flow.Kind.SUBSIDY), label=words("사업", "Program"),
                           to_field_name="code")
    district = UnitChoiceField(queryset=OrgUnit.objects.none(), label=words("자치구", "District"))
    pay_on = forms.DateField(label=words("지급일", "Pay day"), widget=DateInput)


@gate("pay_case", methods=("GET", "HEAD", "POST"))
def batches(request: HttpRequest) -> HttpResponse:
    """지급 묶음: the batches of the user's districts, newest first, and a form to make one (the check runs)."""
    problems: list[str] = []
    status = 200
    g = policy.grant(request.user, "pay_case")
    mine = [d for d in OrgUnit.objects.filter(kind="district").order_by("name_ko") if g.covers(d)]
    form = BatchForm(initial={"pay_on": timezone.localdate()})
    form.fields["district"].queryset = OrgUnit.objects.filter(pk__in=[d.pk for d in mine])
    if request.method == "POST":
        status = 400
        form = BatchForm(request.POST)
        form.fields["district"].queryset = OrgUnit.objects.filter(pk__in=[d.pk for d in mine])
        if form.is_valid():
            d = form.cleaned_data
            batch, failed = _attempt(problems, lambda: money.batch_create(
                actor=request.user, flow=d["flow"], district=d["district"], pay_on=d["pay_on"]))
            if not failed:
                held = len(batch.check_report.get("held", []))
                messages.success(request, say(f"지급 묶음 생성: {batch.number} (지급 {batch.count:,}건 "
                                              f"{batch.total:,}원, 보류 {held:,}건)",
                                              f"Payment batch {batch.number} is made: {batch.count:,} payments, "
                                              f"₩{batch.total:,}, {held:,} held."))
                return redirect("web:cases:money_batch", pk=batch.pk)
            status = failed
        problems += form_messages(form)
    rows = list(PaymentBatch.objects.restrict(request.user, "view_case")
                .select_related("flow", "district").order_by("-pay_on", "-pk")[:200])
    for b in rows:
        b.held_count = len((b.check_report or {}).get("held", []))  # type: ignore[attr-defined]
        b.status_text = in_language(b.get_status_display())  # type: ignore[attr-defined]
    return render(request, "cases/money/batches.html", {"rows": rows, "form": form, "problems": problems,
                                                        "may_make": bool(mine)}, status=status)


def _page_number(value: Any) -> int:
    n = _int(value)
    return n if n is not None and 1 <= n <= 100_000 else 1


def _batch(request: HttpRequest, pk: int) -> PaymentBatch:
    return get_object_or_404(PaymentBatch.objects.restrict(request.user, "view_case")
                             .select_related("flow__program", "district"), pk=pk)


@gate("pay_case", methods=("GET", "HEAD", "POST"))
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """지급 묶음: the check report (held payments with their reasons and what became of them), the payments (each
    linked to its case, a page of 100 at a time), the transfer file, paid (after the officer confirms the
    transfer is done)."""
    b = _batch(request, pk)
    can_act = may_pay_batch(request.user, b)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        status = 400
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        if request.POST.get("action") == "paid" and version is not None:
            if request.POST.get("confirm") != "yes":
                problems.append(say("은행 이체가 끝났는지 확인한 뒤 '이체가 끝났음을 확인합니다'에 표시하십시오.",
                                    "Check that the bank transfer is done, then tick 'I confirm the transfer is "
                                    "done'."))
            else:
                _, failed = _attempt(problems, lambda: money.batch_mark_paid(actor=request.user, batch=b,
                                                                              version=version))
                if not failed:
                    messages.success(request, say(f"지급 완료 기록: 지급 묶음 {b.number}",
                                                  f"Payment batch {b.number} is recorded as paid."))
                    return redirect("web:cases:money_batch", pk=b.pk)
                status = failed
        else:
            problems.append(say("처리할 내용을 고르십시오.", "Choose what to do."))
        b.refresh_from_db()
    page = Paginator(b.payments.select_related("case__person", "case__organisation").order_by("pk"),
                     PER_PAGE).get_page(_page_number(request.GET.get("page")))
    payments = list(page.object_list)
    steps = _step_words(b.flow)
    for p in payments:
        p.status_text = in_language(p.get_status_display())  # type: ignore[attr-defined]
        p.label_text = _label(p, steps)  # type: ignore[attr-defined]
        # a staged step paid for no month (a bonus) by the month it falls due
        p.month_labels = _months(p.months or ([p.due_on.replace(day=1).isoformat()]  # type: ignore[attr-defined]
                                              if p.step and p.due_on else []))
        p.payee_text = (p.case.organisation.name if p.payee == Payment.Payee.ORGANISATION  # type: ignore[attr-defined]
                        and p.case.organisation else person_name(p.case.person))
    payable = can_act and b.status in (PaymentBatch.Status.CHECKED, PaymentBatch.Status.SENT)
    not_yet = payable and b.pay_on > timezone.localdate()  # marked paid from the pay day on (money.batch_mark_paid)
    report = b.check_report or {}
    held_page = Paginator(report.get("held", []), PER_PAGE).get_page(_page_number(request.GET.get("held")))
    rows = list(held_page.object_list)
    now = {x.pk: x for x in Payment.objects.filter(pk__in=[h.get("payment") for h in rows])
           .select_related("batch")}
    held = []
    for h in rows:  # what became of each held payment: still held, or taken (and perhaps paid) by a later batch
        row = now.get(h.get("payment"))
        later = row.batch if row is not None and row.batch_id and row.batch_id != b.pk else None
        held.append({**h, "reasons_text": [(r.get("en") or r.get("ko")) if english() else r.get("ko")
                                           for r in h.get("reasons", [])],
                     "now_text": in_language(row.get_status_display()) if row is not None else "-", "later": later})
    return render(request, "cases/money/batch.html", {
        "b": b, "status_text": in_language(b.get_status_display()), "payments": payments, "page": page,
        "held": held, "held_page": held_page, "held_count": len(report.get("held", [])),
        "report": report, "can_act": can_act, "problems": problems,
        "can_file": can_act and b.status in (PaymentBatch.Status.CHECKED, PaymentBatch.Status.SENT,
                                             PaymentBatch.Status.PAID),
        "not_yet": not_yet, "can_pay": payable and not not_yet}, status=status)


def _step_words(flow: Flow) -> dict[str, dict[str, Any]]:
    """The staged steps of the flow's rules by code (their Korean and English labels)."""
    return {st.get("code"): st for r in flow.rules.filter(kind="staged") for st in r.params.get("steps", [])}


def _label(p: Payment, steps: dict[str, dict[str, Any]]) -> str:
    """A payment's kind in the page's language: the staged step's label, else 지원금 / Subsidy."""
    step = steps.get(p.step) if p.step else None
    if step is not None:
        return (step.get("en") or p.label) if english() else (p.label or step.get("ko", ""))
    return say("지원금", "Subsidy") if p.label in ("", "지원금") else p.label


def _months(months: list[str]) -> str:
    out = []
    for m in months or []:
        d = dt.date.fromisoformat(m)
        out.append(f"{d:%b} {d.year}" if english() else f"{d.year}. {d.month}.")
    return ", ".join(out) or "-"


@gate("pay_case", methods=("POST",))
def batch_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The transfer file (CSV, CP949; docs/cases.md): made on request, the batch then reads "file made"."""
    b = _batch(request, pk)
    if not may_pay_batch(request.user, b):
        raise PermissionDenied
    try:
        data = money.batch_file(actor=request.user, batch=b)
    except ServiceError as e:
        messages.error(request, e.problems[0].text())
        return redirect("web:cases:money_batch", pk=b.pk)
    r = HttpResponse(data, content_type="text/csv; charset=cp949")
    r["Content-Disposition"] = f'attachment; filename="transfer-{b.number}.csv"'
    return r


@gate("pay_case")
def recoveries(request: HttpRequest) -> HttpResponse:
    """환수: every recovery of the user's units with its balance."""
    rows = list(Recovery.objects.restrict(request.user, "view_case")
                .select_related("case__person", "case__district", "case__flow").order_by("-created_at", "-pk")[:500])
    sums = {}
    for rid, kind, s in (RecoveryEntry.objects.filter(recovery__in=rows).values_list("recovery_id", "kind")
                         .annotate(s=Sum("amount")).order_by()):
        sums[(rid, kind)] = int(s or 0)
    totals = {"amount": 0, "paid": 0, "written_off": 0, "balance": 0}
    for r in rows:
        r.paid = sums.get((r.pk, "payment"), 0)  # type: ignore[attr-defined]
        r.written_off = sums.get((r.pk, "write_off"), 0)  # type: ignore[attr-defined]
        r.balance = r.amount - r.paid - r.written_off  # type: ignore[attr-defined]
        r.status_text = in_language(r.get_status_display())  # type: ignore[attr-defined]
        r.person_text = person_name(r.case.person)  # type: ignore[attr-defined]
        for k in totals:
            totals[k] += r.amount if k == "amount" else getattr(r, k)
    return render(request, "cases/money/recoveries.html", {"rows": rows, "totals": totals})


class RecoveryForm(forms.Form):
    on = forms.DateField(label=words("날짜", "Date"), widget=DateInput, required=False)
    amount = AmountField(label=words("금액(원)", "Amount (won)"), required=False)
    reason = forms.CharField(label=words("사유·메모", "Reason or note"), max_length=500, required=False)
    plan = forms.CharField(label=words("분할 납부 계획 (한 줄에 하나: 날짜 금액, 예: 2021-06-30 500,000)",
                                       "Instalment plan (one a line: date amount, e.g. 2021-06-30 500,000)"),
                           required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


def _plan(text: str) -> list[tuple[dt.date, int]] | str:
    from iljari.core.numbers import NumberParseError, parse_number

    out = []
    for n, line in enumerate([x for x in (text or "").splitlines() if x.strip()][:60], start=1):
        parts = line.split(None, 1)
        try:
            day = dt.date.fromisoformat(parts[0])
            amount = parse_number(parts[1]) if len(parts) > 1 else None
        except (ValueError, NumberParseError):
            return say(f"{n}번째 줄을 읽을 수 없습니다: 날짜(YYYY-MM-DD)와 금액을 적으십시오.",
                       f"Line {n} cannot be read: write a date (YYYY-MM-DD) and an amount.")
        if amount is None or amount != int(amount):
            return say(f"{n}번째 줄의 금액을 읽을 수 없습니다.", f"The amount on line {n} cannot be read.")
        out.append((day, int(amount)))
    return out


@gate("pay_case", methods=("GET", "HEAD", "POST"))
def recovery(request: HttpRequest, pk: int) -> HttpResponse:
    """환수 건: the notice, the instalment plan, the payments back and write-offs, the balance to the won."""
    r = get_object_or_404(Recovery.objects.restrict(request.user, "view_case")
                          .select_related("case__person", "case__district", "case__flow", "payment"), pk=pk)
    problems: list[str] = []
    status = 200
    can_act = may_recover(request.user, r.case)
    form = RecoveryForm(initial={"version": r.version, "on": timezone.localdate()})
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        status = 400
        form = RecoveryForm(request.POST)
        action = request.POST.get("action")
        if form.is_valid():
            d = form.cleaned_data
            on = d["on"] or timezone.localdate()
            fn: Callable[[], Any] | None = None
            if action == "notify":
                fn = lambda: money.recovery_notify(actor=request.user, recovery=r, version=d["version"], on=on)  # noqa: E731
            elif action == "pay":
                fn = lambda: money.recovery_pay(actor=request.user, recovery=r, version=d["version"], on=on,  # noqa: E731
                                                amount=d["amount"], note=d["reason"])
            elif action == "write_off":
                fn = lambda: money.recovery_write_off(actor=request.user, recovery=r, version=d["version"],  # noqa: E731
                                                      on=on, reason=d["reason"], amount=d["amount"])
            elif action == "plan":
                plan = _plan(d["plan"])
                if isinstance(plan, str):
                    problems.append(plan)
                else:
                    fn = lambda: money.recovery_plan(actor=request.user, recovery=r, version=d["version"],  # noqa: E731
                                                     instalments=plan)
            else:
                problems.append(say("처리할 내용을 고르십시오.", "Choose what to do."))
            if fn is not None:
                _, failed = _attempt(problems, fn)
                if not failed:
                    messages.success(request, say("환수 내역을 기록했습니다.", "The recovery is recorded."))
                    return redirect("web:cases:money_recovery", pk=r.pk)
                status = failed
        problems += form_messages(form)
        r.refresh_from_db()
    entries = list(r.entries.order_by("on", "pk"))
    for e in entries:
        e.kind_text = in_language(e.get_kind_display())  # type: ignore[attr-defined]
    closed = r.status in (Recovery.Status.SETTLED, Recovery.Status.WRITTEN_OFF)
    return render(request, "cases/money/recovery.html", {
        "r": r, "status_text": in_language(r.get_status_display()), "bal": money.recovery_balance(r), "entries": entries,
        "form": form, "problems": problems, "version": r.version, "closed": closed, "can_act": can_act and not closed,
        "can_notify": can_act and r.status in (Recovery.Status.OPEN, Recovery.Status.NOTIFIED),
        "person_text": person_name(r.case.person)}, status=status)


class AccountForm(forms.Form):
    payee = forms.ChoiceField(choices=choices_in_language(Payment.Payee.choices), label=words("받는 이", "Payee"))
    bank_code = forms.RegexField(regex=r"^\d{3}$", label=words("은행", "Bank"), max_length=3)
    account_number = forms.RegexField(regex=r"^[0-9-]{6,24}$", label=words("계좌번호", "Account number"),
                                      max_length=24)
    holder = forms.CharField(label=words("예금주", "Account holder"), max_length=60)


@gate("pay_case", methods=("POST",))
def case_money(request: HttpRequest, pk: int) -> HttpResponse:
    """A case's money, from its panel: the account (form "account"), the internship's start (form "start"), the
    staged payments stopped (form "stop"), a recovery opened from a paid payment (form "recover"). Always back to
    the case page's money panel: a message saying what was saved, or the problems (nothing saved)."""
    case = get_object_or_404(Case.objects.restrict(request.user, "view_case").select_related("flow__program"), pk=pk)
    what = request.POST.get("form")
    if not (may_recover(request.user, case) if what == "recover" else may_pay(request.user, case)):
        raise PermissionDenied
    problems: list[str] = []
    done = ""
    if what == "account":
        f = AccountForm(request.POST)
        if f.is_valid():
            d = f.cleaned_data
            _attempt(problems, lambda: money.account_set(actor=request.user, case=case, **d))
            done = say("지급 계좌를 저장했습니다.", "The bank account is saved.")
        problems += form_messages(f)
    elif what in ("start", "stop"):
        try:
            day = dt.date.fromisoformat(request.POST.get("on", ""))
        except ValueError:
            day = None
            problems.append(say("날짜를 YYYY-MM-DD로 적으십시오.", "Write the date as YYYY-MM-DD."))
        if day is not None:
            if what == "start":
                _attempt(problems, lambda: staged.staged_term_set(actor=request.user, case=case, starts_on=day))
                done = say("인턴 시작일을 저장했습니다.", "The internship's first day is saved.")
            else:
                stopped, _ = _attempt(problems, lambda: staged.staged_stop(
                    actor=request.user, case=case, ended_on=day, reason=request.POST.get("reason", "")[:500]))
                n = len(stopped or [])
                done = say(f"이후 지급 중지: {n:,}건", f"Later payments stopped: {n:,}.")
    elif what == "recover":
        p = case.payments.filter(pk=_int(request.POST.get("payment"))).first()
        if p is None:
            problems.append(say("환수할 지급 건을 고르십시오.", "Choose the payment to recover."))
        else:
            rec, _ = _attempt(problems, lambda: money.recovery_open(
                actor=request.user, payment=p, reason=request.POST.get("reason", "")[:500]))
            if rec is not None:
                done = say(f"환수 건을 만들었습니다 (환수액 {rec.amount:,}원). 고지와 납부는 아래 환수 목록에서 "
                           "기록합니다.", f"The recovery of ₩{rec.amount:,} is opened; record the notice and the "
                           "payments back from the recoveries listed below.")
    else:
        problems.append(say("처리할 내용을 고르십시오.", "Choose what to do."))
    # told in the money panel itself, where the page opens (the shell's messages show at the top, out of sight)
    request.session[PANEL_NOTE] = {"case": case.pk, "ok": not problems, "lines": problems or [done]}
    return redirect(reverse("web:cases:case", kwargs={"reference": case.reference}) + "#panel-money")


PANEL_NOTE = "cases.money.panel_note"  # the session's note of what a money panel form did, shown once by the panel


def _int(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


@panel("money", "cases/panels/money.html", order=30)
def money_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """The case page's money: the accounts (masked), payments and the staged schedule, recoveries with balances,
    and for officers who pay the case's district the account, staged and recovery forms. Subsidy cases only."""
    if case.flow.kind != Flow.Kind.SUBSIDY:
        return None
    payments = list(case.payments.order_by("due_on", "pk"))
    steps = _step_words(case.flow)
    for p in payments:
        p.label_text = _label(p, steps)  # type: ignore[attr-defined]
        p.status_text = in_language(p.get_status_display())  # type: ignore[attr-defined]
        p.payee_text = say(*money.PAYEE_WORDS.get(p.payee, ("", "")))  # type: ignore[attr-defined]
        p.month_labels = _months(p.months)  # type: ignore[attr-defined]
        p.status_reason_text = in_language(p.status_reason)  # type: ignore[attr-defined]
    accounts = list(PayeeAccount.objects.filter(case=case).order_by("payee"))
    for a in accounts:
        a.payee_text = say(*money.PAYEE_WORDS.get(a.payee, ("", "")))  # type: ignore[attr-defined]
        a.masked = money.mask_account(a.account_number)  # type: ignore[attr-defined]
        a.bank_text = money.bank_name(a.bank_code, english())  # type: ignore[attr-defined]
        # a person's name masked as everywhere (김*지); a firm's name as it is
        a.holder_text = mask_name(a.holder) if a.payee == Payment.Payee.PERSON else a.holder  # type: ignore[attr-defined]
    session = getattr(request, "session", None)
    note = session.get(PANEL_NOTE) if session is not None else None
    if note and note.get("case") == case.pk:
        session.pop(PANEL_NOTE)  # type: ignore[union-attr]
    else:
        note = None
    recs = list(Recovery.objects.filter(case=case).order_by("pk"))
    for r in recs:
        r.balance = money.recovery_balance(r)["balance"]  # type: ignore[attr-defined]
        r.status_text = in_language(r.get_status_display())  # type: ignore[attr-defined]
    return {"case": case, "payments": payments, "accounts": accounts, "recoveries": recs, "note": note,
            "can_pay": may_pay(request.user, case), "can_recover": may_recover(request.user, case),
            "paid_total": sum(p.amount for p in payments if p.status == Payment.Status.PAID),
            "paid_payments": [p for p in payments if p.status == Payment.Status.PAID],
            "term": StagedTerm.objects.filter(case=case).first(),
            "banks": [(code, words[1] if english() else words[0]) for code, words in money.BANKS.items()],
            "staged": case.flow.rules.filter(kind="staged").exists()}
