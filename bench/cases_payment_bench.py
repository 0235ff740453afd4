#!/usr/bin/env python
"""A payment batch of 5,000 subsidy cases with its double-receipt check (issue 17; target ≤ 30 s), beside a plain
Python loop over the same data that must hold the same payments for the same reasons.

    PYTHONPATH=. .venv/bin/python bench/cases_payment_bench.py [--cases 5000] [--pg-url postgres://...]

A scratch PostgreSQL database is created and migrated: Seoul, 관악구 and 영등포구, the retention flow
(RETENTION-2021) on its program, 관악구's budget. N cases of 관악구 at the payment stage, each a worker (a
`Person`) of a firm, one to three eligible months of 500,000 won, the worker's account — and the faults the
check must find: about 4% of the firms have 50 or more employees; 3% of the workers received another subsidy in a
claimed month on a second person record joined to them by a sure link; 2% are also claimed by a firm of
영등포구 for a month; 2% were already paid a month by an earlier case of 영등포구 (paid); 1% have no account.
Plus 3 × N unrelated persons with benefit records (noise for the check's reads).

Timed: (1) the plain loop — for each case, its months, firm, account, the person's links, the linked records'
benefits, the flow's other claims and payments, one query at a time, the rules in Python; (2) `batch_create`
(the candidates, the check, the Payment rows, history and audit rows, in one transaction). The held cases and
their reason codes must be the same. Results are printed and written to bench/out/cases_payment.json; the scratch
database is dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--cases", type=int, default=5000)
    p.add_argument("--keep", action="store_true", help="keep the scratch database")
    p.add_argument("--mark-paid", action="store_true",
                   help="also time batch_mark_paid (benefit records, each case moved by case_move)")
    args = p.parse_args()
    import psycopg

    scratch = "iljari_bench_cases_payment"
    with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {scratch}")
        c.execute(f"CREATE DATABASE {scratch}")
    os.environ["DATABASE_URL"] = f"{args.pg_url}/{scratch}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    try:
        result = run(args.cases, mark_paid=args.mark_paid)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
                c.execute(f"DROP DATABASE IF EXISTS {scratch}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cases_payment.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))


def setup(n: int):  # type: ignore[no-untyped-def]
    from iljari.access.services import membership_grant
    from iljari.cases.models import Case, ClaimMonth, Organisation, PayeeAccount, Payment, PaymentBatch
    from iljari.cases.money import budget_set
    from iljari.cases.services import flow_install
    from iljari.cases.specs import RETENTION_SUBSIDY
    from iljari.core.cli import actor_for
    from iljari.orgs.services import org_unit_create
    from iljari.people.models import BenefitRecord, Person, PersonLink
    from iljari.programs.models import Code
    from iljari.programs.services import program_create

    rng = random.Random(17)
    actor = actor_for("bench")
    seoul = org_unit_create(actor=None, code="SEOUL", name_ko="서울특별시", kind="city")
    gwanak = org_unit_create(actor=None, code="GWANAK", name_ko="관악구", kind="district", parent=seoul)
    membership_grant(actor=None, user=actor, role="district_officer", org_unit=gwanak)  # pays 관악구's cases
    ydp = org_unit_create(actor=None, code="YDP", name_ko="영등포구", kind="district", parent=seoul)
    program = program_create(actor=None, code="RETAIN", name_ko="고용유지지원금", owner_org=seoul,
                             job_type=Code.objects.get(list="job_type", code="indirect"))
    flow = flow_install(actor=actor, program=program, spec=RETENTION_SUBSIDY)
    selected = flow.stages.get(code="selected")
    months_all = [dt.date(2020, 11, 1), dt.date(2020, 12, 1), dt.date(2021, 1, 1), dt.date(2021, 2, 1),
                  dt.date(2021, 3, 1)]
    now = dt.datetime(2021, 4, 20, 9, tzinfo=dt.UTC)
    firms = [Organisation(name=f"사업장{i}", employees=rng.choice([55, 80]) if rng.random() < 0.04 else
                          rng.randint(3, 49), sector="other", district=gwanak) for i in range(n // 3)]
    Organisation.objects.bulk_create(firms)
    other_firm = Organisation.objects.create(name="영등포 사업장", employees=12, sector="other", district=ydp)
    persons = [Person(name=f"근로자{i}", source="subsidy") for i in range(n)]
    Person.objects.bulk_create(persons)
    cases, months, accounts = [], [], []
    plan = []
    for i in range(n):
        k = rng.randint(1, 3)
        start = rng.randint(0, 5 - k)
        chosen = months_all[start:start + k]
        plan.append(chosen)
        cases.append(Case(flow=flow, stage=selected, reference=f"B-{i:06d}", district=gwanak,
                          organisation=firms[i % len(firms)], person=persons[i], applied_on=dt.date(2021, 3, 15),
                          entered_stage_at=now))
    Case.objects.bulk_create(cases)
    for i, case in enumerate(cases):
        for m in plan[i]:
            months.append(ClaimMonth(case=case, month=m, leave_days=10, eligible=True, amount=500_000))
        if rng.random() >= 0.01:
            accounts.append(PayeeAccount(case=case, payee="person", bank_code="004", account_number=f"{i:012d}",
                                         holder=persons[i].name))
    ClaimMonth.objects.bulk_create(months, batch_size=5000)
    PayeeAccount.objects.bulk_create(accounts, batch_size=5000)
    # faults: another subsidy on a linked record, a second firm's claim, already paid by an earlier case
    extra_persons, links, records = [], [], []
    picks = list(range(n))
    rng.shuffle(picks)
    other_sub, two_firms, paid_before = picks[: n * 3 // 100], picks[n * 3 // 100: n * 5 // 100], \
        picks[n * 5 // 100: n * 7 // 100]
    for i in other_sub:
        extra_persons.append(Person(name=f"근로자{i}", source="list"))
    Person.objects.bulk_create(extra_persons)
    for i, other in zip(other_sub, extra_persons, strict=True):
        a, b = sorted([persons[i].pk, other.pk])
        links.append(PersonLink(left_id=a, right_id=b, probability=0.99, band="same"))
        m = plan[i][0]
        records.append(BenefitRecord(person=other, program_name="청년 지원금", kind="subsidy", start=m,
                                     end=m + dt.timedelta(days=27), months=1, amount=300_000, source="officer"))
    PersonLink.objects.bulk_create(links)
    ydp_cases = [Case(flow=flow, stage=selected, reference=f"Y-{i:06d}", district=ydp, organisation=other_firm,
                      person=persons[i], applied_on=dt.date(2021, 3, 15), entered_stage_at=now)
                 for i in two_firms + paid_before]
    Case.objects.bulk_create(ydp_cases)
    ClaimMonth.objects.bulk_create([ClaimMonth(case=c, month=plan[i][-1], leave_days=10, eligible=True,
                                               amount=500_000)
                                    for c, i in zip(ydp_cases, two_firms + paid_before, strict=True)])
    batch = PaymentBatch.objects.create(flow=flow, district=ydp, number="Y-PAID", status="paid",
                                        pay_on=dt.date(2021, 4, 1))
    Payment.objects.bulk_create([Payment(case=c, batch=batch, amount=500_000, months=[plan[i][-1].isoformat()],
                                         due_on=dt.date(2021, 4, 1), status="paid", paid_on=dt.date(2021, 4, 1))
                                 for c, i in zip(ydp_cases[len(two_firms):], paid_before, strict=True)])
    # noise: unrelated persons with benefits
    noise = [Person(name=f"타인{i}", source="list") for i in range(3 * n)]
    Person.objects.bulk_create(noise, batch_size=5000)
    records += [BenefitRecord(person=p, program_name="공공근로", kind="paid", start=dt.date(2021, 1, 1),
                              end=dt.date(2021, 3, 31), months=3, amount=1_000_000, source="officer") for p in noise]
    BenefitRecord.objects.bulk_create(records, batch_size=5000)
    budget_set(actor=actor_for("bench-city"), flow=flow, district=gwanak, year=2021, amount=10 * n * 1_500_000)
    return actor, flow, gwanak, [c.pk for c in cases]


def plain_loop(flow, district):  # type: ignore[no-untyped-def]
    """The check as a plain loop: one case at a time, one query at a time."""
    from iljari.cases.models import Case, ClaimMonth, Organisation, PayeeAccount, Payment
    from iljari.people.models import BenefitRecord, PersonLink

    held: dict[int, set[str]] = {}
    for case in Case.objects.filter(flow=flow, district=district, stage__kind="payment").order_by("pk"):
        reasons: set[str] = set()
        months = list(ClaimMonth.objects.filter(case=case, eligible=True).values_list("month", flat=True))
        if not PayeeAccount.objects.filter(case=case, payee="person").exists():
            reasons.add("no_account")
        employees = Organisation.objects.get(pk=case.organisation_id).employees
        if employees is not None and employees >= 50:
            reasons.add("firm_too_large")
        cluster = {case.person_id}
        for left, right in PersonLink.objects.filter(left_id=case.person_id, band="same").values_list("left_id",
                                                                                                       "right_id"):
            cluster |= {left, right}
        for left, right in PersonLink.objects.filter(right_id=case.person_id, band="same").values_list("left_id",
                                                                                                        "right_id"):
            cluster |= {left, right}
        paid = set()
        for ms in Payment.objects.filter(case__flow=flow, case__person_id__in=cluster,
                                         status__in=["in_batch", "paid"]).values_list("months", flat=True):
            paid |= set(ms or [])
        for m in months:
            end = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            if m.isoformat() in paid:
                reasons.add("already_paid")
                continue
            for prog, kind in BenefitRecord.objects.filter(person_id__in=cluster, start__lte=end,
                                                           end__gte=m).values_list("program_id", "kind"):
                if prog == flow.program_id:
                    reasons.add("already_paid")
                elif kind == "subsidy":
                    reasons.add("other_subsidy")
            if ClaimMonth.objects.filter(case__flow=flow, case__person_id__in=cluster, month=m, eligible=True).exclude(
                    case=case).exclude(case__organisation_id=case.organisation_id).exists():
                reasons.add("two_firms")
        if reasons:
            held[case.pk] = reasons
    return held


def run(n: int, mark_paid: bool = False) -> dict:
    import contextlib

    from django.db import connection, transaction

    from iljari.cases.models import Payment
    from iljari.cases.money import batch_create

    t = time.perf_counter()
    actor, flow, district, _ids = setup(n)
    print(f"set up {n:,} cases in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    counted = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        counted[0] += 1
        return execute(sql, params, many, context)

    @contextlib.contextmanager
    def statements():  # type: ignore[no-untyped-def]
        counted[0] = 0
        with connection.execute_wrapper(count):
            yield counted

    t = time.perf_counter()
    with statements() as q_loop:
        baseline = plain_loop(flow, district)
    loop_s = time.perf_counter() - t
    loop_q = q_loop[0]
    t = time.perf_counter()
    with statements() as q_batch, transaction.atomic():
        batch = batch_create(actor=actor, flow=flow, district=district, pay_on=dt.date(2021, 4, 30))
    batch_s = time.perf_counter() - t
    batch_q = q_batch[0]
    held = {h["case"]: {r["code"] for r in h["reasons"]} for h in batch.check_report["held"]}
    assert held == baseline, f"held sets differ: {len(held)} vs {len(baseline)}"
    assert Payment.objects.filter(batch=batch).count() == n
    counts: dict[str, int] = {}
    for reasons in held.values():
        for r in reasons:
            counts[r] = counts.get(r, 0) + 1
    extra = {}
    if mark_paid:
        from iljari.cases.money import batch_mark_paid

        t = time.perf_counter()
        with statements() as q_paid:
            batch_mark_paid(actor=actor, batch=batch, version=batch.version)
        extra = {"mark_paid_s": round(time.perf_counter() - t, 2), "mark_paid_queries": q_paid[0]}
    return {**extra, "cases": n, "paid": batch.count, "total_won": batch.total, "held": len(held), "held_by_reason": counts,
            "batch_create_s": round(batch_s, 2), "batch_queries": batch_q,
            "plain_loop_s": round(loop_s, 2), "plain_loop_queries": loop_q,
            "target_s": 30, "target_met": batch_s <= 30}


if __name__ == "__main__":
    main()
