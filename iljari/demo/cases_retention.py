"""The demo's 2021 employment-retention subsidy (무급휴직 근로자 고용유지지원금, seed 001 L895-960) as cases, with
generated, illustrative cases (`illustrative=True`, channel "demo") whose totals reproduce seed 001's table from the
case records:

    paid 2021-04-30: 13,635 people, 15,452 million won (exactly 15,452,000,000 won = 30,904 person-months × 500,000)
    집합금지 3,493명 / 3,587백만원 · 영업제한 6,480명 / 7,729백만원 · 그 외 업종 3,662명 / 4,136백만원

Over the 25 districts (drawn with a fixed seed, so every load gives the same demo): each worker a person record, a
firm of fewer than 50 employees of the sector, one to three months of unpaid leave between 2020-11 and 2021-03
(5 to 20 days each), the months screened eligible at 500,000 won, the worker's account, one payment per case in
the district's batch of 2021-04-30 (paid), the payment's benefit record, the case closed as paid. Budgets: 15,000
million won allocated to the districts, and 452 million won more from 재난관리기금 reallocated to five districts
on 2021-04-22..26 (one a day), so that each district's budget equals what it paid. The ledger's figures follow:
the ledger is left out: seed 001's 2021 job-plan tables count this program outside their totals, and the
demo reproduces those tables exactly (`iljari cases-derive --year 2021` would write people paid and won paid).

Inserted in bulk (bulk_create: no per-row signals or audit rows; one audit row for the load). Loading again
changes nothing. The integrator calls `load_demo_retention(actor=...)` from the demo loader.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from iljari.audit.services import audit_batch
from iljari.core.context import change_context
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

PROGRAM = "S21-RETENTION-SUBSIDY"
FLOW = "RETENTION-2021"
PAY_ON = dt.date(2021, 4, 30)
MONTHLY = 500_000
SEED = 17_001
# sector: (people, million won) — seed 001's table
SECTORS = {"closure": (3_493, 3_587), "restricted": (6_480, 7_729), "other": (3_662, 4_136)}
ALLOCATED = 15_000_000_000
FUND = "재난관리기금"
FUND_TOTAL = 452_000_000
FUND_DAYS = [dt.date(2021, 4, d) for d in (22, 23, 24, 25, 26)]
FUND_SPLIT = [120_000_000, 100_000_000, 90_000_000, 80_000_000, 62_000_000]
MONTHS = [dt.date(2020, 11, 1), dt.date(2020, 12, 1), dt.date(2021, 1, 1), dt.date(2021, 2, 1), dt.date(2021, 3, 1)]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현수준영하윤도은예진우성혜경태주연희재원석"
BANKS = ["004", "088", "020", "011", "081", "003", "023", "027"]


def month_counts(people: int, months: int) -> tuple[int, int, int]:
    """How many workers claimed one, two and three months so that they add to `people` and `months`."""
    extra = months - people
    three = round(extra * 0.4)
    two = extra - 2 * three
    one = people - two - three
    assert one >= 0 and two >= 0 and one + 2 * two + 3 * three == months
    return one, two, three


def load_demo_retention(*, actor: Any) -> list[str]:
    from iljari.cases.models import Case, Flow

    t0 = time.perf_counter()
    program = Program.objects.filter(code=PROGRAM).first()
    districts = list(OrgUnit.objects.filter(kind="district", parent__code="SEOUL").order_by("code"))
    if program is None or len(districts) != 25:
        return [f"  retention subsidy: program {PROGRAM} or the 25 districts missing"]
    flow = Flow.objects.filter(code=FLOW).first()
    if flow is None:
        from iljari.cases.services import flow_install
        from iljari.cases.specs import RETENTION_SUBSIDY

        flow = flow_install(actor=actor, program=program, spec=RETENTION_SUBSIDY)
    if Case.objects.filter(flow=flow, illustrative=True).exists():
        return ["  retention subsidy: already loaded"]
    with change_context("cli"), transaction.atomic():
        paid = _cases(actor, flow, districts)
    t1 = time.perf_counter()
    people = sum(n for n, _ in SECTORS.values())
    won = sum(paid.values())
    # Seed 001's 2021 job-plan tables count this program outside their totals (일자리 목표·예산 집계 밖의 사업), and
    # the demo reproduces those tables exactly: its budget and paid figures stay out of the demo's ledger. On real
    # data `iljari cases-derive --year Y` (and every batch marked paid) writes them.
    return [f"  retention subsidy 2021: {people:,} cases, {won:,} won paid in 25 districts ({t1 - t0:.1f}s); "
            "ledger left out (seed 001 counts it outside the job plan's totals; `iljari cases-derive --year 2021`)"]


def _cases(actor: Any, flow: Any, districts: list[OrgUnit]) -> dict[int, int]:
    """The cases, in bulk; returns what each district paid (won)."""
    from iljari.cases.models import Case, CaseEvent, ClaimMonth, Organisation, PayeeAccount, Payment, PaymentBatch
    from iljari.people.models import BenefitRecord, Person

    rng = np.random.default_rng(SEED)
    stage = flow.stages.get(code="paid")
    selected = flow.stages.get(code="selected")
    received_stage = flow.stages.get(code="received")
    weights = rng.uniform(0.6, 1.6, size=len(districts))
    weights /= weights.sum()
    tz = timezone.get_current_timezone()
    paid_at = dt.datetime.combine(PAY_ON, dt.time(15), tzinfo=tz)
    # who: (sector, months) per worker, shuffled, then a district each
    workers: list[tuple[str, int]] = []
    for sector, (people, million) in SECTORS.items():
        one, two, three = month_counts(people, million * 1_000_000 // MONTHLY)
        workers += [(sector, 1)] * one + [(sector, 2)] * two + [(sector, 3)] * three
    order = rng.permutation(len(workers))
    workers = [workers[i] for i in order]
    where = rng.choice(len(districts), size=len(workers), p=weights)
    # firms: workers of one district and sector share a firm, 1 to 8 workers each
    firms: list[Organisation] = []
    firm_of: list[int] = []
    open_firm: dict[tuple[int, str], tuple[int, int]] = {}  # (district, sector) -> (firm index, places left)
    for n, (sector, _m) in enumerate(workers):
        key = (int(where[n]), sector)
        idx, left = open_firm.get(key, (-1, 0))
        if left <= 0:
            idx = len(firms)
            d = districts[key[0]]
            firms.append(Organisation(name=f"예시 사업장 {idx + 1:05d}", employees=int(rng.integers(5, 50)),
                                      sector=sector, district=d, address=f"서울특별시 {d.name_ko} (예시 주소)",
                                      illustrative=True))
            left = int(rng.integers(1, 9))
        open_firm[key] = (idx, left - 1)
        firm_of.append(idx)
    Organisation.objects.bulk_create(firms, batch_size=2000)
    persons = [Person(name=SURNAMES[int(rng.integers(len(SURNAMES)))] + GIVEN[int(rng.integers(len(GIVEN)))]
                      + GIVEN[int(rng.integers(len(GIVEN)))], source=Person.Source.SUBSIDY,
                      district=districts[int(where[n])], source_ref=f"demo-retention:{n + 1}")
               for n in range(len(workers))]
    Person.objects.bulk_create(persons, batch_size=2000)
    cases = []
    for n, (_sector, months) in enumerate(workers):
        applied = dt.date(2021, 3, 2 + n % 27)
        cases.append(Case(flow=flow, stage=stage, reference=f"2021-{flow.pk:02d}-{n + 1:06d}",  # as cases.flows numbers them
                          district=districts[int(where[n])], organisation=firms[firm_of[n]], person=persons[n],
                          channel=Case.Channel.DEMO, applied_on=applied, entered_stage_at=paid_at,
                          amount_claimed=months * MONTHLY, amount_approved=months * MONTHLY,
                          outcome=stage.outcome, illustrative=True))
    Case.objects.bulk_create(cases, batch_size=2000)
    claim_months, accounts, events = [], [], []
    month_lists: list[list[str]] = []
    for n, (_sector, months) in enumerate(workers):
        start = int(rng.integers(0, len(MONTHS) - months + 1))
        chosen = MONTHS[start:start + months]
        month_lists.append([m.isoformat() for m in chosen])
        for m in chosen:
            claim_months.append(ClaimMonth(case=cases[n], month=m, leave_days=int(rng.integers(5, 21)), eligible=True,
                                           amount=MONTHLY))
        accounts.append(PayeeAccount(case=cases[n], payee="person", bank_code=BANKS[n % len(BANKS)],
                                     account_number=f"{int(rng.integers(10**11, 10**12))}", holder=persons[n].name))
        received = dt.datetime.combine(cases[n].applied_on, dt.time(10), tzinfo=tz)
        events.append(CaseEvent(case=cases[n], kind="opened", to_stage=received_stage, actor_label="예시 자료",
                                at=received))
        events.append(CaseEvent(case=cases[n], kind="transition", from_stage=selected, to_stage=stage,
                                actor_label="예시 자료", at=paid_at, reason="지급 완료 처리"))
    ClaimMonth.objects.bulk_create(claim_months, batch_size=5000)
    PayeeAccount.objects.bulk_create(accounts, batch_size=5000)
    CaseEvent.objects.bulk_create(events, batch_size=5000)
    # one batch per district, paid on 2021-04-30
    paid: dict[int, int] = {d.pk: 0 for d in districts}
    count: dict[int, int] = {d.pk: 0 for d in districts}
    for n, (_s, months) in enumerate(workers):
        paid[districts[int(where[n])].pk] += months * MONTHLY
        count[districts[int(where[n])].pk] += 1
    _budgets(actor, flow, districts, paid)  # allocated before anything is paid
    batches = {d.pk: PaymentBatch(flow=flow, district=d, number=f"{PAY_ON.year}-{PAY_ON.month:02d}-{i + 1:04d}",
                                  status=PaymentBatch.Status.PAID, pay_on=PAY_ON, count=count[d.pk], total=paid[d.pk],
                                  check_report={"checked": count[d.pk], "ok": count[d.pk], "held": [],
                                                "total": paid[d.pk]}, checked_at=paid_at, illustrative=True)
               for i, d in enumerate(districts)}
    PaymentBatch.objects.bulk_create(list(batches.values()))
    payments = [Payment(case=cases[n], batch=batches[cases[n].district_id], label="지원금", payee="person",
                        amount=workers[n][1] * MONTHLY, months=month_lists[n], due_on=PAY_ON,
                        status=Payment.Status.PAID, paid_on=PAY_ON, illustrative=True) for n in range(len(workers))]
    Payment.objects.bulk_create(payments, batch_size=5000)
    benefits = []
    for n, p in enumerate(payments):
        first = dt.date.fromisoformat(month_lists[n][0])
        last = dt.date.fromisoformat(month_lists[n][-1])
        end = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        benefits.append(BenefitRecord(person=persons[n], program=flow.program, org_unit=cases[n].district,
                                      program_name=flow.name_ko, kind=BenefitRecord.Kind.SUBSIDY, start=first, end=end,
                                      months=len(month_lists[n]), amount=p.amount,
                                      source=BenefitRecord.Source.SUBSIDY, source_ref=f"payment:{p.pk}"))
    BenefitRecord.objects.bulk_create(benefits, batch_size=5000)
    for p, b in zip(payments, benefits, strict=True):
        p.benefit_id = b.pk
    Payment.objects.bulk_update(payments, ["benefit"], batch_size=2000)
    audit_batch(actor=actor, object_type="cases.case", reason="시연용 예시 사례 (고용유지지원금 2021) / illustrative cases",
                summary={"file": "demo: 2021 고용유지지원금", "cases": len(cases), "payments": len(payments),
                         "won": sum(paid.values())})
    return paid


def _budgets(actor: Any, flow: Any, districts: list[OrgUnit], paid: dict[int, int]) -> None:
    """15,000 million won allocated (each district what it paid, less what the fund later adds), then 452 million
    won from 재난관리기금 to the five districts that paid most, one a day from 2021-04-22."""
    from iljari.cases.money import budget_set, reallocate

    top = sorted(districts, key=lambda d: (-paid[d.pk], d.code))[:len(FUND_SPLIT)]
    extra = {d.pk: a for d, a in zip(top, FUND_SPLIT, strict=True)}
    assert sum(paid.values()) == ALLOCATED + FUND_TOTAL and sum(FUND_SPLIT) == FUND_TOTAL
    for d in districts:
        budget_set(actor=actor, flow=flow, district=d, year=2021, ledger=False, amount=paid[d.pk] - extra.get(d.pk, 0),
                   on=dt.date(2021, 3, 15), reason="2021 고용유지지원금 자치구 배정 (예시 배분)")
    for d, day in zip(top, FUND_DAYS, strict=True):
        reallocate(actor=actor, flow=flow, year=2021, ledger=False, from_district=None, to_district=d, amount=extra[d.pk],
                   fund=FUND, on=day, reason="신청 인원 증가에 따른 재난관리기금 추가 확보분 재배정")
