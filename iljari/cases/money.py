"""The money of the subsidy cases (docs/cases.md, "Money"): district budgets and reallocations (the ledger's budget
facts follow), payment batches with the double-receipt check and the bank transfer file, marking a batch paid
(each payment a `people.BenefitRecord` of the worker), recoveries (환수) with a balance to the won.

Every write is a keyword-only service in one transaction with the version the officer saw and audit rows;
refusals are `ServiceError`s with every problem in Korean and English; nothing is half-saved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from iljari.audit.services import audit_batch, audit_change, audit_many, check_version, snapshot
from iljari.core.context import change_context
from iljari.core.errors import ErrorCode, NotFoundError, Problem, ServiceError
from iljari.core.periods import Period
from iljari.core.spreadsheets import csv_writer
from iljari.ledger.services import FactInput, facts_record
from iljari.orgs.models import OrgUnit
from iljari.people.models import BenefitRecord
from iljari.people.selectors import linked_persons
from iljari.programs.models import Code, Measure

from .models import (
    Case,
    CaseEvent,
    CaseRule,
    ClaimMonth,
    DistrictBudget,
    Flow,
    Organisation,
    PayeeAccount,
    Payment,
    PaymentBatch,
    Reallocation,
    Recovery,
    RecoveryEntry,
    Stage,
    Transition,
)

FIRM_LIMIT = 50  # employees: the limit of a firm_size rule that names none
COMMITTED = (Payment.Status.IN_BATCH, Payment.Status.PAID)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def won(n: int) -> str:
    return f"{n:,}원"


def _month_label(iso: str) -> tuple[str, str]:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}년 {d.month}월", f"{calendar.month_abbr[d.month]} {d.year}"


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


# ------------------------------------------------------------------------------------------------ words


def mask_account(number: str) -> str:
    """An account number as every page and history row shows it: the first 3 and the last 2 digits, a * for each
    digit between (12345678901 -> 123******01); a short number keeps only its last 2 digits."""
    d = "".join(ch for ch in str(number or "") if ch.isdigit())
    if len(d) <= 5:
        return "*" * max(len(d) - 2, 0) + d[-2:]
    return d[:3] + "*" * (len(d) - 5) + d[-2:]


# 금융결제원 bank codes: a page shows the bank's name, only the transfer file its code
BANKS = {
    "002": ("산업은행", "KDB Bank"), "003": ("기업은행", "IBK Industrial Bank"), "004": ("국민은행", "KB Kookmin Bank"),
    "007": ("수협은행", "Suhyup Bank"), "011": ("농협은행", "NongHyup Bank"), "020": ("우리은행", "Woori Bank"),
    "023": ("한국스탠다드차타드은행", "Standard Chartered Bank Korea"), "027": ("한국씨티은행", "Citibank Korea"),
    "031": ("대구은행", "Daegu Bank"),
    "032": ("부산은행", "Busan Bank"), "034": ("광주은행", "Kwangju Bank"), "035": ("제주은행", "Jeju Bank"),
    "037": ("전북은행", "Jeonbuk Bank"), "039": ("경남은행", "Kyongnam Bank"),
    "045": ("새마을금고", "MG Community Credit Cooperatives"), "048": ("신협", "Shinhyup Credit Union"),
    "050": ("저축은행", "Savings bank"), "071": ("우체국", "Korea Post"), "081": ("하나은행", "Hana Bank"),
    "088": ("신한은행", "Shinhan Bank"), "089": ("케이뱅크", "K Bank"), "090": ("카카오뱅크", "KakaoBank"),
    "092": ("토스뱅크", "Toss Bank"),
}


def bank_name(code: str, english: bool) -> str:
    """A bank by its name in the page's language; a code not in the table as 은행코드 123 / bank code 123."""
    words = BANKS.get(str(code or ""))
    if words is None:
        return f"bank code {code}" if english else f"은행코드 {code}"
    return words[1] if english else words[0]


PAYEE_WORDS = {"person": ("개인", "person"), "organisation": ("사업장·단체", "firm or organisation")}


def _won(n: Any, english: bool) -> str:
    return f"₩{int(n or 0):,}" if english else f"{int(n or 0):,}원"


def _day(iso: Any, english: bool) -> str:
    if not iso:
        return "-"
    d = dt.date.fromisoformat(str(iso)[:10])
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}" if english else f"{d.year}. {d.month}. {d.day}."


def money_event_words(event: Any, english: bool) -> str | None:
    """A history row written by the money services (`data["money"]` says which) in Korean or English, from its
    data: the case page shows it in the page's language. None for any other row (its stored `reason` stands).
    Particle-free Korean (a batch number or an amount is never followed by 을/를)."""
    data = getattr(event, "data", None) or {}
    kind = data.get("money")
    if not kind:
        return None
    en = english

    def t(ko: str, en_text: str) -> str:
        return en_text if en else ko

    amount = _won(data.get("amount"), en)
    reason = str(data.get("reason") or "")
    if kind == "account":
        payee = PAYEE_WORDS.get(data.get("payee", ""), ("", ""))
        what = t("지급 계좌 변경" if data.get("changed") else "지급 계좌 등록",
                 "Bank account changed" if data.get("changed") else "Bank account registered")
        return f"{what} ({t(payee[0], payee[1])}, {bank_name(data.get('bank', ''), en)}, {data.get('masked', '')})"
    if kind == "held":
        reasons = "; ".join(str(r.get("en") if en else r.get("ko")) for r in data.get("reasons", []))
        return t(f"지급 보류 (지급 묶음 {data.get('number', '')}, {amount}): {reasons}",
                 f"Held (payment batch {data.get('number', '')}, {amount}): {reasons}")
    if kind == "in_batch":
        return t(f"지급 묶음 포함: {data.get('number', '')}, {amount}",
                 f"In payment batch {data.get('number', '')}, {amount}")
    if kind == "paid":
        return t(f"지급 완료: {amount}, 지급일 {_day(data.get('paid_on'), en)}",
                 f"Paid {amount} on {_day(data.get('paid_on'), en)}")
    if kind == "recovery_open":
        return t(f"환수 결정: {amount} (사유: {reason})", f"Recovery decided: {amount} (reason: {reason})")
    if kind == "recovery_notify":
        return t(f"환수 고지: {_day(data.get('on'), en)}", f"Recovery notice sent on {_day(data.get('on'), en)}")
    if kind == "recovery_plan":
        n = int(data.get("count") or 0)
        return t(f"분할 납부 계획: {n}회, 합계 {amount}",
                 f"Instalment plan: {n} instalment{'s' if n != 1 else ''}, {amount} in total")
    if kind == "recovery_pay":
        return t(f"환수금 납부: {amount}, {_day(data.get('on'), en)}",
                 f"Paid back {amount} on {_day(data.get('on'), en)}")
    if kind == "recovery_write_off":
        return t(f"결손 처분: {amount} (사유: {reason})", f"Written off: {amount} (reason: {reason})")
    if kind == "staged_scheduled":
        n = int(data.get("count") or 0)
        return t(f"단계별 지급 예정: {n}건, 총 {amount}, 기준일 {_day(data.get('start'), en)}",
                 f"Staged payments scheduled: {n}, {amount} in total, counted from {_day(data.get('start'), en)}")
    if kind == "staged_start":
        return t(f"인턴 시작일: {_day(data.get('on'), en)}", f"Internship starts on {_day(data.get('on'), en)}")
    if kind == "staged_stop":
        n = int(data.get("count") or 0)
        return t(f"단계별 지급 중지: {n}건, 종료일 {_day(data.get('ended_on'), en)} (사유: {reason})",
                 f"Staged payments stopped: {n}, ended on {_day(data.get('ended_on'), en)} (reason: {reason})")
    return None


def money_note(*, actor: Any, case: Case, what: str, kind: str = "payment", **data: Any) -> CaseEvent:
    """A history row of the money services: its data (`money`: what happened, and the amounts, days and numbers
    needed to say it in either language) and, as its stored reason, the Korean words (`money_event_words`)."""
    from .flows import case_note

    data = {"money": what, **data}
    return case_note(actor=actor, case=case, kind=kind, data=data,
                     reason=money_event_words(CaseEvent(data=data), english=False) or "")


# ------------------------------------------------------------------------------------------------ budgets


def committed(flow: Flow, district: OrgUnit, year: int) -> int:
    """What a district has put in batches or paid for a flow in a year (won): the floor of its budget."""
    return int(Payment.objects.filter(case__flow=flow, case__district=district, status__in=COMMITTED,
                                      batch__pay_on__year=year).aggregate(s=Sum("amount"))["s"] or 0)


def remaining(flow: Flow, district: OrgUnit, year: int) -> int:
    b = DistrictBudget.objects.filter(flow=flow, district=district, year=year).first()
    return (b.amount if b else 0) - committed(flow, district, year)


def _budget_facts(*, actor: Any, flow: Flow, year: int, budgets: Iterable[DistrictBudget], on: dt.date,
                  reason: str) -> None:
    """The ledger's budget (예산현액, funding source total) of each district for the flow's program follows its
    budget: a new version as of `on` (the ledger keeps the older ones)."""
    measure = Measure.objects.filter(code="budget").first()
    total = Code.objects.filter(list="funding_source", code="total").first()
    if measure is None or total is None:  # pragma: no cover - the code lists are seeded by migration
        return
    period = Period.parse(str(year))
    as_of = max(on, period.start)
    items = [FactInput(program=flow.program, org_unit=b.district, measure=measure, funding_source=total,
                       period=period, value=int(b.amount), as_of=as_of, illustrative=flow.illustrative,
                       note="cases.money") for b in budgets]
    with change_context("derived"):
        facts_record(actor=actor, items=items, reason=reason)


def budget_set(*, actor: Any, flow: Flow, district: OrgUnit, year: int, amount: int, version: int | None = None,
               ledger: bool = True,
               on: dt.date | None = None, reason: str = "") -> DistrictBudget:
    """Set a district's budget of a flow for a year (won). Refused: a negative amount, an amount below what the
    district has committed or paid, a stale version."""
    on = on or timezone.localdate()
    reason = (reason or "").strip() or "자치구 배정액 설정 / district budget set"
    with transaction.atomic():
        budget = DistrictBudget.objects.select_for_update().filter(flow=flow, district=district, year=year).first()
        if budget is not None:
            check_version(budget, version, what_ko="이 배정액을", what_en="this budget")
        floor = committed(flow, district, year)
        problems = []
        if amount < 0:
            problems.append(Problem(ErrorCode.NEGATIVE_NOT_ALLOWED, "배정액은 0원 이상이어야 합니다",
                                    "a budget cannot be negative", field="amount"))
        elif amount < floor:
            problems.append(Problem(ErrorCode.OVER_BUDGET,
                                    f"배정액 {won(amount)}이 이미 지급·지급 예정인 {won(floor)}보다 적습니다",
                                    f"the budget ₩{amount:,} is below the ₩{floor:,} already committed or paid",
                                    field="amount", params={"amount": amount, "committed": floor}))
        if problems:
            raise ServiceError(problems)
        before = snapshot(budget, fields=["amount", "version"]) if budget else None
        if budget is None:
            budget = DistrictBudget.objects.create(flow=flow, district=district, year=year, amount=amount)
        else:
            budget.amount = amount
            budget.version += 1
            budget.save(update_fields=["amount", "version"])
        audit_change(actor=actor, obj=budget, before=before, after=snapshot(budget, fields=["amount", "version"]),
                     reason=reason)
        if ledger:  # `ledger=False`: a program whose figures stay out of the ledger (the demo's 2021 subsidy)
            _budget_facts(actor=actor, flow=flow, year=year, budgets=[budget], on=on, reason=reason)
    return budget


def reallocate(*, actor: Any, flow: Flow, year: int, from_district: OrgUnit | None, to_district: OrgUnit,
               ledger: bool = True,
               amount: int, fund: str = "", reason: str, on: dt.date | None = None) -> Reallocation:
    """Move `amount` won to `to_district` from `from_district` or, with none, from a fund outside the allocation
    (`fund`, e.g. 재난관리기금). Refused: no reason, a non-positive amount, the same district twice, money from
    outside without naming the fund, taking a district below what it has committed or paid."""
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    fund = (fund or "").strip()
    problems = []
    if not reason:
        problems.append(Problem(ErrorCode.REASON_REQUIRED, "재배정 사유를 적으십시오", "give the reason", field="reason"))
    if amount is None or amount <= 0:
        problems.append(Problem(ErrorCode.INVALID, "재배정 금액은 0원보다 커야 합니다",
                                "the amount must be more than ₩0", field="amount"))
    if from_district is not None and from_district.pk == to_district.pk:
        problems.append(Problem(ErrorCode.INVALID, "같은 자치구로는 재배정할 수 없습니다",
                                "money cannot move to the same district", field="to_district"))
    if from_district is None and not fund:
        problems.append(Problem(ErrorCode.INVALID, "배정 밖에서 오는 재원(예: 재난관리기금)을 적으십시오",
                                "name the fund the money comes from", field="fund"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        ids = sorted(d.pk for d in (from_district, to_district) if d is not None)
        locked = {b.district_id: b for b in DistrictBudget.objects.select_for_update()
                  .filter(flow=flow, year=year, district_id__in=ids).order_by("district_id")}
        touched = []
        if from_district is not None:
            src = locked.get(from_district.pk)
            have = src.amount if src else 0
            floor = committed(flow, from_district, year)
            if have - amount < floor:
                raise ServiceError(Problem(
                    ErrorCode.OVER_BUDGET,
                    f"{from_district.name_ko}의 배정액 {won(have)}에서 {won(amount)}을 빼면 이미 지급·지급 예정인 "
                    f"{won(floor)}보다 적어집니다",
                    f"taking ₩{amount:,} from {from_district.name_en or from_district.name_ko} (₩{have:,}) "
                    f"leaves less than the ₩{floor:,} committed or paid",
                    field="amount", params={"budget": have, "committed": floor}))
            assert src is not None
            before = snapshot(src, fields=["amount", "version"])
            src.amount -= amount
            src.version += 1
            src.save(update_fields=["amount", "version"])
            audit_change(actor=actor, obj=src, before=before, after=snapshot(src, fields=["amount", "version"]),
                         reason=reason)
            touched.append(src)
        dst = locked.get(to_district.pk)
        before = snapshot(dst, fields=["amount", "version"]) if dst else None
        if dst is None:
            dst = DistrictBudget.objects.create(flow=flow, district=to_district, year=year, amount=amount)
        else:
            dst.amount += amount
            dst.version += 1
            dst.save(update_fields=["amount", "version"])
        audit_change(actor=actor, obj=dst, before=before, after=snapshot(dst, fields=["amount", "version"]),
                     reason=reason)
        touched.append(dst)
        r = Reallocation.objects.create(flow=flow, year=year, from_district=from_district, to_district=to_district,
                                        amount=amount, fund=fund if from_district is None else "", on=on,
                                        reason=reason, actor=_user(actor))
        audit_change(actor=actor, obj=r, before=None, after=snapshot(r, fields=[
            "flow", "year", "from_district", "to_district", "amount", "fund", "on"]), reason=reason)
        if ledger:
            _budget_facts(actor=actor, flow=flow, year=year, budgets=touched, on=on,
                          reason=f"재배정 / reallocation: {reason}")
    return r


# ------------------------------------------------------------------------------------------------ accounts


def account_set(*, actor: Any, case: Case, payee: str, bank_code: str, account_number: str, holder: str
                ) -> PayeeAccount:
    """The case's account for `payee` (a new one or a change), audited, with a history row (number masked); the
    same account saved again changes nothing and writes nothing."""
    digits = "".join(ch for ch in account_number if ch.isdigit())
    with transaction.atomic():
        a = PayeeAccount.objects.select_for_update().filter(case=case, payee=payee).first()
        if a is not None and (a.bank_code, a.account_number, a.holder) == (bank_code, digits, holder.strip()):
            return a
        before = snapshot(a, fields=["bank_code", "account_number", "holder"]) if a else None
        if a is None:
            a = PayeeAccount(case=case, payee=payee)
        else:
            a.version += 1
        a.bank_code, a.account_number, a.holder = bank_code, digits, holder.strip()
        a.save()
        audit_change(actor=actor, obj=a, before=before,
                     after=snapshot(a, fields=["bank_code", "account_number", "holder"]))
        money_note(actor=actor, case=case, kind="note", what="account", changed=before is not None, payee=payee,
                   bank=bank_code, masked=mask_account(digits))
    return a


# ------------------------------------------------------------------------------------------------ the check


@dataclass
class Candidate:
    """One payment a batch would make: the case, the months and amount, or a scheduled step."""

    case: Case
    amount: int
    months: list[str]
    payment: Payment | None = None  # a scheduled (staged) payment, else a new one
    held: list[tuple[str, str, str]] | None = None  # (code, ko, en)

    def hold(self, code: str, ko: str, en: str) -> None:
        if self.held is None:
            self.held = []
        self.held.append((code, ko, en))


def _firm_limit(flow: Flow, on: dt.date) -> int | None:
    rule = (CaseRule.objects.filter(flow=flow, kind=CaseRule.Kind.FIRM_SIZE, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first())
    if rule is not None:
        return int(rule.params.get("below", FIRM_LIMIT))
    return None  # no size limit in the flow's rules (the internship, an open call's agreed subsidy)


def _candidates(flow: Flow, cases: list[Case], pay_on: dt.date) -> list[Candidate]:
    """The months of each case that are eligible and not yet paid nor in a batch; the scheduled (staged) steps
    due by `pay_on`."""
    ids = [c.pk for c in cases]
    taken: dict[int, set[str]] = defaultdict(set)
    for case_id, months in (Payment.objects.filter(case_id__in=ids, status__in=COMMITTED)
                            .values_list("case_id", "months")):
        taken[case_id] |= set(months or [])
    months_of: dict[int, list[ClaimMonth]] = defaultdict(list)
    for m in ClaimMonth.objects.filter(case_id__in=ids, eligible=True).order_by("month"):
        months_of[m.case_id].append(m)
    scheduled: dict[int, list[Payment]] = defaultdict(list)
    # scheduled steps due, and steps held by an earlier batch (checked again, the same row)
    for p in (Payment.objects.filter(case_id__in=ids, due_on__lte=pay_on)
              .filter(Q(status=Payment.Status.SCHEDULED, batch__isnull=True) | Q(status=Payment.Status.HELD, step__gt=""))
              .order_by("due_on", "pk")):
        scheduled[p.case_id].append(p)
    # a month-based payment held by an earlier batch is taken again as the same row (its months and amount
    # brought up to date): a case never keeps a held row beside the payment that paid its months
    held: dict[int, Payment] = {}
    for p in (Payment.objects.filter(case_id__in=ids, status=Payment.Status.HELD, step="").order_by("pk")):
        held.setdefault(p.case_id, p)
    out = []
    for case in cases:
        todo = [m for m in months_of.get(case.pk, []) if m.month.isoformat() not in taken[case.pk]]
        if todo:
            out.append(Candidate(case, sum(int(m.amount or 0) for m in todo), [m.month.isoformat() for m in todo],
                                 payment=held.get(case.pk)))
        for p in scheduled.get(case.pk, []):
            out.append(Candidate(case, p.amount, list(p.months or []), payment=p))
    return out


def double_receipt_check(flow: Flow, candidates: list[Candidate], on: dt.date) -> None:
    """The double-receipt check before a batch (the person registry's clusters: records surely of one human):

    - another subsidy for the same months: a benefit record of kind subsidy of another program over the worker's
      cluster, overlapping a month paid for;
    - the same worker claimed by two firms for the same month: another open case of the flow for the cluster,
      of another firm, claiming the month eligibly;
    - a firm of 50 or more employees (the flow's firm_size rule in force on the pay day; none: no limit);
    - already paid: the month paid or in a batch for the cluster in this flow, or a benefit record of the flow's
      program over it;
    - no account to pay into; a staged step whose condition no longer holds.

    Each failing candidate is held (`Candidate.held`: code, Korean, English). A constant number of queries."""
    from .conditions import CONDITIONS

    limit = _firm_limit(flow, on)
    persons = {c.case.person_id for c in candidates if c.case.person_id}
    clusters = {pid: h.cluster for pid, h in linked_persons(persons).items()} if persons else {}
    everyone: set[int] = set()
    for cl in clusters.values():
        everyone |= cl
    # benefit records of the clusters, by person
    records: dict[int, list[tuple[int | None, str, dt.date, dt.date, str]]] = defaultdict(list)
    months_iso = {m for c in candidates for m in c.months}
    if everyone and months_iso:
        lo = min(dt.date.fromisoformat(m) for m in months_iso)
        hi = _month_end(max(dt.date.fromisoformat(m) for m in months_iso))
        for pid, prog, kind, start, end, ref in (BenefitRecord.objects.filter(person_id__in=everyone, end__gte=lo,
                                                                               start__lte=hi)
                                                 .values_list("person_id", "program_id", "kind", "start", "end",
                                                              "source_ref")):
            records[pid].append((prog, kind, start, end, ref))
    # other cases of the flow claiming months for the clusters (open or paid), and payments of the flow
    case_ids = {c.case.pk for c in candidates}
    claims: dict[int, list[tuple[int, int | None, str]]] = defaultdict(list)  # person -> (case, org, month)
    paid: dict[int, set[str]] = defaultdict(set)  # person -> months paid / in a batch in this flow
    if everyone:
        for case_id, pid, org, month in (ClaimMonth.objects.filter(case__flow=flow, case__person_id__in=everyone,
                                                                   eligible=True)
                                         .exclude(case__outcome__in=[Stage.Outcome.REJECTED,
                                                                     Stage.Outcome.WITHDRAWN])
                                         .values_list("case_id", "case__person_id", "case__organisation_id",
                                                      "month")):
            claims[pid].append((case_id, org, month.isoformat()))
        for pid, months in (Payment.objects.filter(case__flow=flow, case__person_id__in=everyone,
                                                   status__in=COMMITTED).values_list("case__person_id", "months")):
            for m in months or []:
                paid[pid].add(m)
    employees = dict(Organisation.objects.filter(pk__in={c.case.organisation_id for c in candidates
                                                         if c.case.organisation_id})
                     .values_list("pk", "employees"))
    accounts = {(a, p) for a, p in PayeeAccount.objects.filter(case_id__in=case_ids).values_list("case_id", "payee")}
    this_batch: dict[int, set[str]] = defaultdict(set)  # cluster key -> months taken by earlier candidates here
    for c in candidates:
        case = c.case
        cluster = clusters.get(case.person_id, {case.person_id} if case.person_id else set())
        key = min(cluster) if cluster else -case.pk
        payee = c.payment.payee if c.payment else Payment.Payee.PERSON
        if (case.pk, payee) not in accounts:
            who = ("사업장" if payee == Payment.Payee.ORGANISATION else "근로자", "firm's" if payee ==
                   Payment.Payee.ORGANISATION else "worker's")
            c.hold("no_account", f"{who[0]} 지급 계좌가 등록되지 않았습니다", f"no {who[1]} bank account on the case")
        if limit is not None and case.organisation_id:
            n = employees.get(case.organisation_id)
            if n is not None and n >= limit:
                c.hold(ErrorCode.FIRM_TOO_LARGE.value, f"사업장 근로자 수가 {n}명으로 {limit}인 이상입니다",
                       f"the firm has {n} employees ({limit} or more)")
        if c.payment is not None and c.payment.condition:
            cond = CONDITIONS.get(c.payment.condition)
            found = cond.check(case) if cond else []
            if found:
                c.hold("condition", f"지급 조건 미충족: {found[0].message_ko}",
                       f"the payment's condition fails: {found[0].message_en}")
        for m in c.months:
            ko, en = _month_label(m)
            start = dt.date.fromisoformat(m)
            end = _month_end(start)
            if any(m in paid.get(p, set()) for p in cluster) or m in this_batch[key]:
                c.hold(ErrorCode.ALREADY_PAID.value, f"{ko}분은 이미 지급되었거나 지급 예정입니다",
                       f"{en} is already paid or in a batch")
                continue
            other_subsidy = same_program = False
            for p in cluster:
                for prog, kind, s, e, _ref in records.get(p, []):
                    if s > end or e < start:
                        continue
                    if prog == flow.program_id:
                        same_program = True
                    elif kind == BenefitRecord.Kind.SUBSIDY:
                        other_subsidy = True
            if same_program:
                c.hold(ErrorCode.ALREADY_PAID.value, f"{ko}분은 같은 사업으로 이미 지급된 기록이 있습니다",
                       f"{en} is already paid by the same program")
            if other_subsidy:
                c.hold("other_subsidy", f"{ko}에 다른 지원금을 받은 기록이 있습니다",
                       f"another subsidy was received for {en}")
            firms = {org for p in cluster for cid, org, month in claims.get(p, [])
                     if month == m and cid != case.pk and org != case.organisation_id}
            if firms:
                c.hold("two_firms", f"{ko}분을 다른 사업장에서도 신청했습니다",
                       f"another firm also claimed {en} for this worker")
        if not c.held:
            this_batch[key] |= set(c.months)


# ------------------------------------------------------------------------------------------------ batches


def _batch_number(flow: Flow, district: OrgUnit, pay_on: dt.date) -> str:
    """연도-월-일련번호 of the pay day (2021-04-0003): digits only, the same on a Korean and an English page."""
    prefix = f"{pay_on.year}-{pay_on.month:02d}-"
    n = PaymentBatch.objects.filter(number__startswith=prefix).count() + 1
    while PaymentBatch.objects.filter(number=f"{prefix}{n:04d}").exists():
        n += 1
    return f"{prefix}{n:04d}"


# each reason of the check in a word or two (the count of held payments by reason when a batch would pay nothing)
HELD_WORDS = {
    "other_subsidy": ("같은 달 다른 지원금 수령", "another subsidy in the same month"),
    "two_firms": ("두 사업장에서 같은 근로자 신청", "the same worker claimed by two firms"),
    ErrorCode.FIRM_TOO_LARGE.value: ("사업장 규모 기준 초과", "the firm is too large"),
    ErrorCode.ALREADY_PAID.value: ("이미 지급 또는 지급 예정", "already paid or in a batch"),
    "no_account": ("지급 계좌 미등록", "no bank account"),
    "condition": ("지급 조건 미충족", "a payment condition fails"),
}


def all_held_problem(candidates: list[Candidate]) -> Problem:
    """Why no batch is made when the check holds every candidate: how many were checked and, per reason, how
    many were held for it (a payment held for two reasons counts under both)."""
    counts: dict[str, int] = defaultdict(int)
    for c in candidates:
        for code in dict.fromkeys(code for code, _, _ in (c.held or [])):
            counts[code] += 1
    order = [k for k in HELD_WORDS if k in counts] + sorted(k for k in counts if k not in HELD_WORDS)
    other = ("그 밖의 사유", "another reason")
    ko = ", ".join(f"{HELD_WORDS.get(k, other)[0]} {counts[k]:,}건" for k in order)
    en = ", ".join(f"{HELD_WORDS.get(k, other)[1]}: {counts[k]:,}" for k in order)
    n = len(candidates)
    return Problem(ErrorCode.INVALID,
                   f"지급할 건이 없어 지급 묶음을 만들지 않았습니다. 점검한 {n:,}건 모두 보류 대상입니다 ({ko}).",
                   f"No batch was made: every payment checked would be held ({n:,} checked; {en}).",
                   params={"checked": n, "held": dict(counts)})


def nothing_to_pay(flow: Flow, cases: list[Case], pay_on: dt.date) -> Problem:
    """Why a batch has nothing to pay, in the flow's terms: a staged flow (steps due on days) names its next
    step's due day; a flow paid by months speaks of eligible months not yet paid."""
    if not CaseRule.objects.filter(flow=flow, kind=CaseRule.Kind.STAGED).exists():
        return Problem(ErrorCode.INVALID, "지급할 사례가 없습니다 (지급 단계에 있고 아직 지급되지 않은 적격 월이 있는 사례)",
                       "nothing to pay: no case at the payment stage with eligible months not yet paid")
    ko = f"지급할 사례가 없습니다: 지급일({_day(pay_on.isoformat(), False)})까지 지급 예정일이 된 단계별 지급이 없습니다"
    en = f"nothing to pay: no staged payment falls due by the pay day ({_day(pay_on.isoformat(), True)})"
    nxt = (Payment.objects.filter(case_id__in=[c.pk for c in cases], status=Payment.Status.SCHEDULED,
                                  batch__isnull=True, due_on__gt=pay_on)
           .order_by("due_on").values_list("due_on", flat=True).first())
    if nxt is not None:
        ko += f". 다음 지급 예정일: {_day(nxt.isoformat(), False)}"
        en += f"; the next falls due on {_day(nxt.isoformat(), True)}"
    return Problem(ErrorCode.INVALID, ko, en, params={"next_due": nxt.isoformat() if nxt else None})


def payment_stage_cases(flow: Flow, district: OrgUnit) -> Any:
    return Case.objects.filter(flow=flow, district=district, stage__kind=Stage.Kind.PAYMENT)


def batch_create(*, actor: Any, flow: Flow, district: OrgUnit, pay_on: dt.date,
                 cases: Iterable[Case] | None = None, illustrative: bool = False) -> PaymentBatch:
    """A payment batch of `district`: its cases at the flow's payment stage (or those of `cases` that are),
    one payment per case (the eligible months not yet paid, or a scheduled step due by `pay_on`), after the
    double-receipt check (held payments listed with their reasons in `check_report`). Refused: nothing to pay,
    a total beyond the district's remaining budget (OVER_BUDGET; nothing saved)."""
    now = timezone.now()
    with transaction.atomic():
        budget = DistrictBudget.objects.select_for_update().filter(flow=flow, district=district,
                                                                   year=pay_on.year).first()
        qs = payment_stage_cases(flow, district).select_related("organisation")
        if cases is not None:
            qs = qs.filter(pk__in=[c.pk for c in cases])
        chosen = list(qs.select_for_update(of=("self",)).order_by("pk"))
        candidates = _candidates(flow, chosen, pay_on)
        if not candidates:
            raise ServiceError(nothing_to_pay(flow, chosen, pay_on))
        double_receipt_check(flow, candidates, pay_on)
        ok = [c for c in candidates if not c.held]
        if not ok:
            raise ServiceError(all_held_problem(candidates))
        total = sum(c.amount for c in ok)
        left = (budget.amount if budget else 0) - committed(flow, district, pay_on.year)
        if total > left:
            raise ServiceError(Problem(
                ErrorCode.OVER_BUDGET,
                f"지급 총액 {won(total)}이 {district.name_ko}의 남은 배정액 {won(max(left, 0))}을 넘습니다",
                f"the batch's total ₩{total:,} is beyond the district's remaining budget ₩{max(left, 0):,}",
                params={"total": total, "remaining": left}))
        batch = PaymentBatch.objects.create(flow=flow, district=district, number=_batch_number(flow, district, pay_on),
                                            status=PaymentBatch.Status.CHECKED, pay_on=pay_on, count=len(ok),
                                            total=total, checked_at=now, created_by=_user(actor),
                                            illustrative=illustrative)
        new: list[Payment] = []
        touched: list[Payment] = []
        for c in candidates:
            reason = "; ".join(f"{ko} / {en}" for _, ko, en in (c.held or []))
            status = Payment.Status.HELD if c.held else Payment.Status.IN_BATCH
            if c.payment is not None:
                p = c.payment
                p.batch, p.status, p.status_reason = batch, status, reason
                if not p.step:  # a month-based payment held before: this batch's months, amount and pay day
                    p.months, p.amount, p.due_on = c.months, c.amount, pay_on
                p.version += 1
                touched.append(p)
            else:
                p = Payment(case=c.case, batch=batch, label="지원금", payee=Payment.Payee.PERSON, amount=c.amount,
                            months=c.months, due_on=pay_on, status=status, status_reason=reason,
                            illustrative=illustrative)
                new.append(p)
            c.payment = p
        Payment.objects.bulk_create(new, batch_size=2000)
        if touched:
            Payment.objects.bulk_update(touched, ["batch", "status", "status_reason", "months", "amount", "due_on",
                                                  "version"], batch_size=2000)
        held = [{"payment": c.payment.pk, "case": c.case.pk, "reference": c.case.reference, "amount": c.amount,
                 "months": c.months, "reasons": [{"code": code, "ko": ko, "en": en} for code, ko, en in c.held]}
                for c in candidates if c.held]
        batch.check_report = {"checked": len(candidates), "ok": len(ok), "held": held,
                              "total": total, "remaining_before": left, "at": now.isoformat()}
        batch.save(update_fields=["check_report"])
        events = []
        for c in candidates:
            data = {"money": "held" if c.held else "in_batch", "batch": batch.pk, "number": batch.number,
                    "payment": c.payment.pk, "amount": c.amount, "held": bool(c.held)}
            if c.held:
                data["reasons"] = [{"code": code, "ko": ko, "en": en} for code, ko, en in c.held]
            events.append(CaseEvent(case=c.case, kind="payment", actor=_user(actor), at=now, data=data,
                                    reason=money_event_words(CaseEvent(data=data), english=False) or ""))
        CaseEvent.objects.bulk_create(events, batch_size=2000)
        audit_batch(actor=actor, object_type="cases.paymentbatch", reason="지급 묶음 생성·이중수급 점검 / batch made "
                    "and checked", summary={"batch": batch.number, "checked": len(candidates), "ok": len(ok),
                                            "held": len(held), "total": total})
        audit_change(actor=actor, obj=batch, before=None, after=snapshot(batch, fields=[
            "number", "status", "pay_on", "count", "total"]))
    return batch


# The bank transfer file (docs/cases.md, "The transfer file"): CSV, CP949, CRLF, seven columns in every record.
TRANSFER_COLUMNS = ["구분", "순번", "은행코드", "계좌번호", "예금주", "금액", "적요"]


def transfer_file(batch: PaymentBatch) -> bytes:
    """The batch's transfer file for the district's finance system: a header record (H), one data record (D)
    per payment in the batch (held ones are not in it), a trailer (T) with the count and the total. Numbers as
    numbers (no separators), never a formula; the same batch gives the same bytes."""
    payments = list(batch.payments.filter(status__in=COMMITTED).select_related("case").order_by("pk"))
    accounts = {(a.case_id, a.payee): a for a in PayeeAccount.objects.filter(case_id__in={p.case_id for p in payments})}
    buf = io.StringIO()
    w = csv_writer(buf, lineterminator="\r\n")
    w.writerow(TRANSFER_COLUMNS)
    w.writerow(["H", batch.number, batch.pay_on.strftime("%Y%m%d"), batch.district.code, batch.flow.code, "", ""])
    memo = (batch.flow.name_ko or "지원금")[:20]
    total = 0
    for n, p in enumerate(payments, start=1):
        a = accounts.get((p.case_id, p.payee))
        w.writerow(["D", n, a.bank_code if a else "", a.account_number if a else "", (a.holder if a else "")[:20],
                    int(p.amount), memo])
        total += int(p.amount)
    w.writerow(["T", len(payments), "", "", "", total, ""])
    return buf.getvalue().encode("cp949", errors="replace")


def batch_file(*, actor: Any, batch: PaymentBatch) -> bytes:
    """The transfer file, recorded: the batch moves to "file made" with the file's hash (an audit row). The
    batch's version stays: making the file is the step before marking paid, and the page that offered both must
    still be able to mark it paid."""
    data = transfer_file(batch)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status in (PaymentBatch.Status.CANCELLED,):
            raise ServiceError(Problem(ErrorCode.NOT_ALLOWED_NOW, "취소된 지급 묶음입니다", "the batch is cancelled"))
        if locked.file_sha256 != digest or locked.status == PaymentBatch.Status.CHECKED:
            before = snapshot(locked, fields=["status", "file_sha256"])
            if locked.status == PaymentBatch.Status.CHECKED:
                locked.status = PaymentBatch.Status.SENT
            locked.file_sha256 = digest
            locked.save(update_fields=["status", "file_sha256"])
            audit_change(actor=actor, obj=locked, before=before, after=snapshot(locked, fields=["status", "file_sha256"]),
                         reason="이체 파일 생성 / transfer file made")
    return data


def batch_mark_paid(*, actor: Any, batch: PaymentBatch, version: int | None, paid_on: dt.date | None = None
                    ) -> PaymentBatch:
    """The finance system paid the batch: each payment in it is paid (a `people.BenefitRecord` of the worker:
    kind subsidy, the months, the amount, source_ref `payment:<id>`), the paid cases move on by the flow's closing
    step (`closing_transitions`) where its condition holds and the officer acts there, history and audit rows.
    Refused before the batch's pay day; `paid_on` (a historical load) is a day from the pay day to today."""
    from .flows import cases_move_many

    with transaction.atomic():
        locked = PaymentBatch.objects.select_for_update().select_related("flow__program", "district").get(pk=batch.pk)
        check_version(locked, version, what_ko="이 지급 묶음을", what_en="this batch")
        if locked.status not in (PaymentBatch.Status.CHECKED, PaymentBatch.Status.SENT):
            raise ServiceError(Problem(ErrorCode.NOT_ALLOWED_NOW, f"'{locked.get_status_display().split(' / ')[0]}' "
                                       "상태의 지급 묶음은 지급 완료로 바꿀 수 없습니다",
                                       "only a checked batch or one whose file is made can be marked paid"))
        today = timezone.localdate()
        day = paid_on or locked.pay_on
        if day < locked.pay_on or day > today:
            pay_ko, pay_en = _day(locked.pay_on.isoformat(), False), _day(locked.pay_on.isoformat(), True)
            if locked.pay_on > today:
                ko = f"지급일({pay_ko}) 전에는 지급 완료로 기록할 수 없습니다. 지급일에 은행 이체를 마친 뒤 기록하십시오"
                en = f"the batch cannot be recorded as paid before its pay day ({pay_en}): record it once the bank " \
                     "transfer is done on that day"
            elif day < locked.pay_on:
                ko = f"지급일({pay_ko}) 전의 날짜로 지급 완료를 기록할 수 없습니다"
                en = f"the day paid cannot be before the batch's pay day ({pay_en})"
            else:
                ko, en = f"아직 오지 않은 날({_day(day.isoformat(), False)})을 지급일로 기록할 수 없습니다", \
                    f"a day still to come ({_day(day.isoformat(), True)}) cannot be recorded as the day paid"
            raise ServiceError(Problem(ErrorCode.NOT_ALLOWED_NOW, ko, en,
                                       params={"pay_on": locked.pay_on.isoformat(), "paid_on": day.isoformat()}))
        paid_on = day
        before = snapshot(locked, fields=["status", "version"])
        payments = list(locked.payments.filter(status=Payment.Status.IN_BATCH)
                        .select_related("case__person", "case__district"))
        flow = locked.flow
        benefits = []
        for p in payments:
            p.status, p.paid_on = Payment.Status.PAID, paid_on
            p.version += 1
            if p.case.person_id is None:
                continue
            if p.months:
                start = dt.date.fromisoformat(min(p.months))
                end = _month_end(dt.date.fromisoformat(max(p.months)))
                n = len(p.months)
            else:
                start = end = paid_on
                n = 1
            benefits.append(BenefitRecord(person_id=p.case.person_id, program=flow.program, org_unit=locked.district,
                                          program_name=flow.name_ko, kind=BenefitRecord.Kind.SUBSIDY, start=start,
                                          end=end, months=n, amount=p.amount, source=BenefitRecord.Source.SUBSIDY,
                                          source_ref=f"payment:{p.pk}"))
        BenefitRecord.objects.bulk_create(benefits, batch_size=2000)
        by_ref = {b.source_ref: b.pk for b in BenefitRecord.objects.filter(
            source=BenefitRecord.Source.SUBSIDY, source_ref__in=[f"payment:{p.pk}" for p in payments])}
        for p in payments:
            p.benefit_id = by_ref.get(f"payment:{p.pk}")
        Payment.objects.bulk_update(payments, ["status", "paid_on", "version", "benefit"], batch_size=2000)
        locked.status = PaymentBatch.Status.PAID
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        now = timezone.now()
        events = []
        for p in payments:
            data = {"money": "paid", "batch": locked.pk, "number": locked.number, "payment": p.pk, "paid": True,
                    "amount": p.amount, "paid_on": paid_on.isoformat()}
            events.append(CaseEvent(case_id=p.case_id, kind="payment", actor=_user(actor), at=now, data=data,
                                    reason=money_event_words(CaseEvent(data=data), english=False) or ""))
        CaseEvent.objects.bulk_create(events, batch_size=2000)
        audit_many(actor=actor, object_type="cases.payment", reason="지급 완료 / paid", rows=[
            {"action": "update", "object_id": str(p.pk), "object_repr": str(p), "before": {"status": "in_batch"},
             "after": {"status": p.status, "paid_on": paid_on.isoformat(),
                                               "amount": p.amount, "benefit": p.benefit_id}} for p in payments])
        audit_change(actor=actor, obj=locked, before=before, after=snapshot(locked, fields=["status", "version"]),
                     reason="지급 완료 / paid")
        # the paid cases move on by the flow's closing step (`closing_transitions`): a case with another payment
        # still to come (the step's condition fails), or one the officer does not act on, stays where it is
        for code, sources in closing_transitions(flow).items():
            cases_move_many(actor=actor, transition=code, case_ids=list(Case.objects.filter(
                pk__in={p.case_id for p in payments}, stage_id__in=sources).values_list("pk", flat=True)))
        touch_paid(flow.pk, paid_on.year)
    return locked


def closing_transitions(flow: Flow) -> dict[str, list[int]]:
    """The flow's closing step for paid cases, from its data: each transition from a payment stage to a final
    stage whose outcome is approved (the retention's 지급 완료 처리, the internship's 지원 종료), by code, with the
    stages it leaves."""
    out: dict[str, list[int]] = defaultdict(list)
    for code, source in (Transition.objects.filter(flow=flow, source__kind=Stage.Kind.PAYMENT,
                                                   dest__kind=Stage.Kind.DONE, dest__outcome=Stage.Outcome.APPROVED)
                         .order_by("order", "pk").values_list("code", "source_id")):
        out[code].append(source)
    return dict(out)


def touch_paid(flow_id: int, year: int) -> None:
    """Re-derive the flow-year's ledger figures once after the commit (cases.derive)."""
    from .derive import REDERIVE

    REDERIVE.touch((flow_id, year))


# ------------------------------------------------------------------------------------------------ recoveries


def recovery_balance(recovery: Recovery) -> dict[str, int]:
    """amount − paid back − written off (won, never negative), and the instalments planned."""
    sums = {k: 0 for k in RecoveryEntry.Kind.values}
    for kind, s in recovery.entries.values_list("kind").annotate(s=Sum("amount")).order_by():
        sums[kind] = int(s or 0)
    paid, off = sums[RecoveryEntry.Kind.PAYMENT], sums[RecoveryEntry.Kind.WRITE_OFF]
    return {"amount": recovery.amount, "paid": paid, "written_off": off, "planned": sums[RecoveryEntry.Kind.INSTALMENT],
            "balance": recovery.amount - paid - off}


def _recovery_locked(recovery: Recovery, version: int | None) -> Recovery:
    locked = Recovery.objects.select_for_update().select_related("case").filter(pk=recovery.pk).first()
    if locked is None:
        raise NotFoundError("환수 건을 찾을 수 없습니다", "recovery not found")
    check_version(locked, version, what_ko="이 환수 건을", what_en="this recovery")
    return locked


_R_FIELDS = ["amount", "status", "notice_on", "version"]


def _recovery_save(*, actor: Any, r: Recovery, before: dict[str, Any], audit_reason: str, what: str,
                   **data: Any) -> Recovery:
    r.version += 1
    r.save()
    event = money_note(actor=actor, case=r.case, kind="recovery", what=what, recovery=r.pk, status=r.status, **data)
    audit_change(actor=actor, obj=r, before=before, after=snapshot(r, fields=_R_FIELDS), reason=audit_reason or event.reason)
    return r


def recovery_open(*, actor: Any, payment: Payment, reason: str, amount: int | None = None) -> Recovery:
    """A recovery of a paid payment found to be a double or fraudulent receipt: the whole payment unless
    `amount` says less; refused for a payment not paid, a missing reason, more than what is paid and not
    already being recovered."""
    reason = (reason or "").strip()
    with transaction.atomic():
        p = Payment.objects.select_for_update().select_related("case").filter(pk=payment.pk).first()
        if p is None:
            raise NotFoundError("지급 건을 찾을 수 없습니다", "payment not found")
        open_sum = int(Recovery.objects.filter(payment=p).aggregate(s=Sum("amount"))["s"] or 0)
        amount = p.amount - open_sum if amount is None else int(amount)
        problems = []
        if p.status != Payment.Status.PAID:
            problems.append(Problem(ErrorCode.NOT_ALLOWED_NOW, "지급된 건만 환수할 수 있습니다",
                                    "only a paid payment can be recovered"))
        if not reason:
            problems.append(Problem(ErrorCode.REASON_REQUIRED, "환수 사유를 적으십시오", "give the reason",
                                    field="reason"))
        if amount <= 0 or amount + open_sum > p.amount:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"환수액은 1원 이상, 지급액 {won(p.amount)}에서 이미 환수 중인 {won(open_sum)}을 뺀 "
                                    f"{won(p.amount - open_sum)} 이하여야 합니다",
                                    f"the amount must be 1 to ₩{p.amount - open_sum:,}", field="amount"))
        if problems:
            raise ServiceError(problems)
        r = Recovery.objects.create(case=p.case, payment=p, amount=amount, reason=reason)
        audit_change(actor=actor, obj=r, before=None, after=snapshot(r, fields=_R_FIELDS), reason=reason)
        money_note(actor=actor, case=p.case, kind="recovery", what="recovery_open", recovery=r.pk, payment=p.pk,
                   amount=amount, reason=reason)
    return r


def recovery_notify(*, actor: Any, recovery: Recovery, version: int | None, on: dt.date) -> Recovery:
    """The notice (환수 고지) sent on `on`."""
    with transaction.atomic():
        r = _recovery_locked(recovery, version)
        if r.status not in (Recovery.Status.OPEN, Recovery.Status.NOTIFIED):
            raise ServiceError(Problem(ErrorCode.NOT_ALLOWED_NOW, "이미 고지한 뒤 진행 중이거나 끝난 환수 건입니다",
                                       "the recovery is past its notice"))
        before = snapshot(r, fields=_R_FIELDS)
        r.status, r.notice_on = Recovery.Status.NOTIFIED, on
        return _recovery_save(actor=actor, r=r, before=before, audit_reason="", what="recovery_notify", on=on.isoformat())


def recovery_plan(*, actor: Any, recovery: Recovery, version: int | None,
                  instalments: list[tuple[dt.date, int]]) -> Recovery:
    """An instalment plan (분할 납부): the dates and amounts, adding up to the balance to the won; a new plan
    replaces the old one whole (instalments are planned money, not money)."""
    with transaction.atomic():
        r = _recovery_locked(recovery, version)
        bal = recovery_balance(r)["balance"]
        problems = []
        if r.status in (Recovery.Status.SETTLED, Recovery.Status.WRITTEN_OFF) or bal <= 0:
            problems.append(Problem(ErrorCode.NOT_ALLOWED_NOW, "끝난 환수 건입니다", "the recovery is closed"))
        if not instalments or any(a <= 0 for _, a in instalments):
            problems.append(Problem(ErrorCode.INVALID, "분할 납부액은 모두 1원 이상이어야 합니다",
                                    "every instalment must be at least ₩1", field="instalments"))
        elif sum(a for _, a in instalments) != bal:
            s = sum(a for _, a in instalments)
            problems.append(Problem(ErrorCode.PARTS_DO_NOT_ADD_UP,
                                    f"분할 납부액 합계 {won(s)}이 남은 환수액 {won(bal)}과 다릅니다",
                                    f"the instalments add to ₩{s:,}, not the balance ₩{bal:,}",
                                    field="instalments"))
        if problems:
            raise ServiceError(problems)
        before = snapshot(r, fields=_R_FIELDS)
        r.entries.filter(kind=RecoveryEntry.Kind.INSTALMENT).delete()
        RecoveryEntry.objects.bulk_create([RecoveryEntry(recovery=r, kind=RecoveryEntry.Kind.INSTALMENT, on=d, amount=a,
                                                         note=f"{n}회차", actor=_user(actor))
                                           for n, (d, a) in enumerate(sorted(instalments), start=1)])
        r.status = Recovery.Status.INSTALMENTS
        return _recovery_save(actor=actor, r=r, before=before, audit_reason="", what="recovery_plan",
                              count=len(instalments), amount=bal)


def _close_if_done(r: Recovery, last: str) -> None:
    if recovery_balance(r)["balance"] == 0:
        r.status = Recovery.Status.WRITTEN_OFF if last == RecoveryEntry.Kind.WRITE_OFF else Recovery.Status.SETTLED


def recovery_pay(*, actor: Any, recovery: Recovery, version: int | None, on: dt.date, amount: int,
                 note: str = "") -> Recovery:
    """Money paid back (납부): at least 1 won, at most the balance."""
    with transaction.atomic():
        r = _recovery_locked(recovery, version)
        bal = recovery_balance(r)["balance"]
        if r.status in (Recovery.Status.SETTLED, Recovery.Status.WRITTEN_OFF) or amount is None or not (
                0 < amount <= bal):
            raise ServiceError(Problem(ErrorCode.INVALID, f"납부액은 1원 이상, 남은 환수액 {won(max(bal, 0))} 이하여야 합니다",
                                       f"the amount paid back must be 1 to ₩{max(bal, 0):,}", field="amount",
                                       params={"balance": bal}))
        before = snapshot(r, fields=_R_FIELDS)
        RecoveryEntry.objects.create(recovery=r, kind=RecoveryEntry.Kind.PAYMENT, on=on, amount=amount, note=note[:300],
                                     actor=_user(actor))
        # the status follows what happened: a payment back is not a notice (no notice: still 환수 진행)
        _close_if_done(r, RecoveryEntry.Kind.PAYMENT)
        return _recovery_save(actor=actor, r=r, before=before, audit_reason=note, what="recovery_pay", amount=amount,
                              on=on.isoformat())


def recovery_write_off(*, actor: Any, recovery: Recovery, version: int | None, on: dt.date, reason: str,
                       amount: int | None = None) -> Recovery:
    """결손 처분: what cannot be recovered is written off (the whole balance unless `amount` says less)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        r = _recovery_locked(recovery, version)
        bal = recovery_balance(r)["balance"]
        amount = bal if amount is None else int(amount)
        problems = []
        if not reason:
            problems.append(Problem(ErrorCode.REASON_REQUIRED, "결손 처분 사유를 적으십시오", "give the reason",
                                    field="reason"))
        if r.status in (Recovery.Status.SETTLED, Recovery.Status.WRITTEN_OFF) or not 0 < amount <= bal:
            problems.append(Problem(ErrorCode.INVALID, f"결손액은 1원 이상, 남은 환수액 {won(max(bal, 0))} 이하여야 합니다",
                                    f"the amount written off must be 1 to ₩{max(bal, 0):,}", field="amount"))
        if problems:
            raise ServiceError(problems)
        before = snapshot(r, fields=_R_FIELDS)
        RecoveryEntry.objects.create(recovery=r, kind=RecoveryEntry.Kind.WRITE_OFF, on=on, amount=amount,
                                     note=reason[:300], actor=_user(actor))
        _close_if_done(r, RecoveryEntry.Kind.WRITE_OFF)
        return _recovery_save(actor=actor, r=r, before=before, audit_reason=reason, what="recovery_write_off",
                              amount=amount, reason=reason)
