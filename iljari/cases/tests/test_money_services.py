"""The money of subsidy cases: budgets and reallocation (with the ledger's budget facts), payment batches with the
double-receipt check, the transfer file, marking paid (benefit records, cases closed), recoveries, staged
payments and the ledger derivation."""

from __future__ import annotations

import csv
import io

import pytest

from iljari.audit.models import AuditEntry
from iljari.cases.models import (
    CaseEvent,
    DistrictBudget,
    Organisation,
    PayeeAccount,
    Payment,
    PaymentBatch,
    Reallocation,
    Recovery,
    StagedTerm,
)
from iljari.core.errors import ConflictError, ErrorCode, ServiceError
from iljari.ledger.models import Fact
from iljari.people.models import BenefitRecord, Person, PersonLink

from .money_fixtures import (
    D,
    paying_world,  # noqa: F401  (the fixture "paying")
)


def _budget(w, district="GWANAK", amount=10_000_000):  # type: ignore[no-untyped-def]
    from iljari.cases.money import budget_set

    return budget_set(actor=w["users"]["city"], flow=w["flow"], district=w["units"][district], year=2021,
                      amount=amount, on=D(2021, 4, 1))


def _ledger(program, unit, code, period):  # type: ignore[no-untyped-def]
    return (Fact.objects.filter(program=program, org_unit=unit, measure__code=code, period=period)
            .order_by("-ref_date", "-as_of", "-id").values_list("value", flat=True).first())


def test_budget_and_reallocation_follow_into_the_ledger(paying) -> None:
    from iljari.cases.money import reallocate

    w = paying
    city = w["users"]["city"]
    _budget(w, "GWANAK", 10_000_000)
    _budget(w, "YDP", 5_000_000)
    program = w["flow"].program
    assert _ledger(program, w["units"]["GWANAK"], "budget", "2021") == 10_000_000
    reallocate(actor=city, flow=w["flow"], year=2021, from_district=w["units"]["YDP"], to_district=w["units"]["GWANAK"],
               amount=2_000_000, reason="신청 인원 차이", on=D(2021, 4, 22))
    r = reallocate(actor=city, flow=w["flow"], year=2021, from_district=None, to_district=w["units"]["YDP"],
                   amount=452_000_000, fund="재난관리기금", reason="추가 확보", on=D(2021, 4, 26))
    assert r.fund == "재난관리기금"
    amounts = dict(DistrictBudget.objects.values_list("district__code", "amount"))
    assert amounts == {"GWANAK": 12_000_000, "YDP": 455_000_000}
    assert _ledger(program, w["units"]["GWANAK"], "budget", "2021") == 12_000_000
    assert _ledger(program, w["units"]["YDP"], "budget", "2021") == 455_000_000
    with pytest.raises(ServiceError) as e:  # from outside without naming the fund, no reason
        reallocate(actor=city, flow=w["flow"], year=2021, from_district=None, to_district=w["units"]["YDP"],
                   amount=1, reason="")
    assert {p.code for p in e.value.problems} == {ErrorCode.REASON_REQUIRED, ErrorCode.INVALID}
    assert Reallocation.objects.count() == 2


def test_reallocation_never_below_what_is_committed(paying) -> None:
    from iljari.cases.money import batch_create, budget_set, reallocate

    w = paying
    _budget(w, "GWANAK", 1_500_000)
    w["make"]("GWANAK", months=(1, 2, 3))
    batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    with pytest.raises(ServiceError) as e:
        reallocate(actor=w["users"]["city"], flow=w["flow"], year=2021, from_district=w["units"]["GWANAK"],
                   to_district=w["units"]["YDP"], amount=1, reason="회수")
    assert e.value.problems[0].code == ErrorCode.OVER_BUDGET
    assert "1,500,000원" in e.value.problems[0].message_ko
    with pytest.raises(ServiceError):
        budget_set(actor=w["users"]["city"], flow=w["flow"], district=w["units"]["GWANAK"], year=2021,
                   amount=1_000_000)
    assert DistrictBudget.objects.get(district=w["units"]["GWANAK"]).amount == 1_500_000


def test_batch_holds_double_receipts_with_reasons(paying, actor) -> None:
    from iljari.cases.money import batch_create

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    make = w["make"]
    clean = make("GWANAK", months=(1, 2))
    big = make("GWANAK", months=(1,), employees=50)
    # another subsidy for January, on a record linked (sure) to the worker
    twice = make("GWANAK", months=(1, 2))
    other_rec = Person.objects.create(name="근로자X", source="list")
    PersonLink.objects.create(left=twice.person, right=other_rec, probability=0.99, band="same")
    BenefitRecord.objects.create(person=other_rec, program=None, program_name="청년 일자리 지원금", kind="subsidy",
                                 start=D(2021, 1, 1), end=D(2021, 1, 31), months=1, amount=300_000, source="officer")
    # the same worker claimed by two firms for March (the other firm's case in 영등포구)
    shared = Person.objects.create(name="근로자Y", source="subsidy")
    two_firms = make("GWANAK", months=(3,), person=shared)
    make("YDP", months=(3,), person=shared)
    batch = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    assert batch.status == PaymentBatch.Status.CHECKED
    assert batch.count == 1 and batch.total == 1_000_000
    held = {h["case"]: h for h in batch.check_report["held"]}
    assert set(held) == {big.pk, twice.pk, two_firms.pk}
    assert [r["code"] for r in held[big.pk]["reasons"]] == ["firm_too_large"]
    assert "50인 이상" in held[big.pk]["reasons"][0]["ko"]
    assert held[twice.pk]["reasons"][0] == {"code": "other_subsidy", "ko": "2021년 1월에 다른 지원금을 받은 기록이 있습니다",
                                            "en": "another subsidy was received for Jan 2021"}
    assert held[two_firms.pk]["reasons"][0]["code"] == "two_firms"
    statuses = dict(Payment.objects.values_list("case_id", "status"))
    assert statuses[clean.pk] == "in_batch" and statuses[big.pk] == "held"
    assert CaseEvent.objects.filter(case=big, kind="payment", reason__startswith="지급 보류").exists()
    # the clean case's months are now in a batch: a second batch finds them already taken, and nothing else new
    with pytest.raises(ServiceError):
        batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30),
                     cases=[clean])


def test_already_paid_in_another_case_is_held(paying) -> None:
    from iljari.cases.money import batch_create, batch_mark_paid

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    first = w["make"]("GWANAK", months=(1,))
    b1 = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=w["users"]["gwanak"], batch=b1, version=b1.version)
    again = w["make"]("GWANAK", months=(1, 2), person=first.person, org=first.organisation)
    w["make"]("GWANAK", months=(4,))  # something to pay: a batch that would hold everything is not made
    b2 = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 5, 31))
    (h,) = b2.check_report["held"]
    assert h["case"] == again.pk
    assert h["reasons"][0]["code"] == "already_paid" and "2021년 1월" in h["reasons"][0]["ko"]


def test_batch_beyond_budget_refused_nothing_saved(paying) -> None:
    from iljari.cases.money import batch_create

    w = paying
    _budget(w, "GWANAK", 1_000_000)
    w["make"]("GWANAK", months=(1, 2, 3))
    with pytest.raises(ServiceError) as e:
        batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    p = e.value.problems[0]
    assert p.code == ErrorCode.OVER_BUDGET
    assert p.message_ko == "지급 총액 1,500,000원이 관악구의 남은 배정액 1,000,000원을 넘습니다"
    assert not PaymentBatch.objects.exists() and not Payment.objects.exists()
    assert not CaseEvent.objects.filter(kind="payment").exists()


def test_transfer_file_layout(paying) -> None:
    from iljari.cases.money import batch_create, batch_file

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    a = w["make"]("GWANAK", months=(1, 2))
    a.person.name = "=HYPERLINK(\"x\")"
    a.person.save()
    PayeeAccount.objects.filter(case=a).update(holder="=HYPERLINK(\"x\")")
    w["make"]("GWANAK", months=(12,))
    w["make"]("GWANAK", months=(1,), employees=80)  # held: not in the file
    batch = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    data = batch_file(actor=w["users"]["gwanak"], batch=batch)
    rows = list(csv.reader(io.StringIO(data.decode("cp949"))))
    assert rows[0] == ["구분", "순번", "은행코드", "계좌번호", "예금주", "금액", "적요"]
    assert rows[1][:4] == ["H", batch.number, "20210430", "GWANAK"]
    assert [r[0] for r in rows[2:]] == ["D", "D", "T"]
    assert rows[2][1:4] == ["1", "004", PayeeAccount.objects.get(case=a).account_number]
    assert rows[2][4].startswith("'=")  # never a formula
    assert rows[2][5] == "1000000" and rows[3][5] == "500000"  # numbers as numbers
    assert rows[4] == ["T", "2", "", "", "", "1500000", ""]
    batch.refresh_from_db()
    assert batch.status == "sent" and len(batch.file_sha256) == 64
    assert batch_file(actor=w["users"]["gwanak"], batch=batch) == data  # the same bytes again


def test_mark_paid_records_benefits_and_closes_cases(paying, django_capture_on_commit_callbacks) -> None:
    from iljari.cases.money import batch_create, batch_mark_paid

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    case = w["make"]("GWANAK", months=(1, 2, 3))
    batch = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    stale = batch.version
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_mark_paid(actor=w["users"]["gwanak"], batch=batch, version=stale)
    assert batch.status == "paid"
    p = Payment.objects.get(case=case)
    assert p.status == "paid" and p.paid_on == D(2021, 4, 30)
    b = BenefitRecord.objects.get(source_ref=f"payment:{p.pk}")
    assert (b.person_id, b.kind, b.start, b.end, b.months, b.amount) == (
        case.person_id, "subsidy", D(2021, 1, 1), D(2021, 3, 31), 3, 1_500_000)
    assert p.benefit_id == b.pk
    case.refresh_from_db()
    assert case.stage.code == "paid" and case.outcome == "approved"
    assert AuditEntry.objects.filter(object_type="cases.payment", object_id=str(p.pk)).exists()
    with pytest.raises(ConflictError):
        batch_mark_paid(actor=w["users"]["gwanak"], batch=batch, version=stale)
    # the ledger: 1 person, 1,500,000 won in April 2021 for 관악구
    program, unit = w["flow"].program, w["units"]["GWANAK"]
    assert _ledger(program, unit, "job_result", "2021-04") == 1
    assert _ledger(program, unit, "expenditure", "2021-04") == 1_500_000


def test_recovery_balances_to_the_won(paying) -> None:
    from iljari.cases.money import (
        batch_create,
        batch_mark_paid,
        recovery_balance,
        recovery_notify,
        recovery_open,
        recovery_pay,
        recovery_plan,
        recovery_write_off,
    )

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    case = w["make"]("GWANAK", months=(1, 2, 3))
    batch = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=w["users"]["gwanak"], batch=batch, version=batch.version)
    p = Payment.objects.get(case=case)
    o = w["users"]["gwanak"]
    with pytest.raises(ServiceError):
        recovery_open(actor=o, payment=p, reason="부정수급", amount=1_500_001)
    r = recovery_open(actor=o, payment=p, reason="다른 사업장 이중 신청 확인")
    assert r.amount == 1_500_000 and r.status == "open"
    r = recovery_notify(actor=o, recovery=r, version=r.version, on=D(2021, 5, 20))
    with pytest.raises(ServiceError) as e:
        recovery_plan(actor=o, recovery=r, version=r.version, instalments=[(D(2021, 6, 30), 700_000)])
    assert e.value.problems[0].code == ErrorCode.PARTS_DO_NOT_ADD_UP
    r = recovery_plan(actor=o, recovery=r, version=r.version,
                      instalments=[(D(2021, 6, 30), 500_000), (D(2021, 7, 31), 500_000), (D(2021, 8, 31), 500_000)])
    assert r.status == "instalments"
    r = recovery_pay(actor=o, recovery=r, version=r.version, on=D(2021, 6, 30), amount=500_000)
    with pytest.raises(ServiceError):  # more than the balance
        recovery_pay(actor=o, recovery=r, version=r.version, on=D(2021, 7, 31), amount=1_000_001)
    r = recovery_pay(actor=o, recovery=r, version=r.version, on=D(2021, 7, 31), amount=333_333)
    assert recovery_balance(r) == {"amount": 1_500_000, "paid": 833_333, "written_off": 0, "planned": 1_500_000,
                                   "balance": 666_667}
    r = recovery_write_off(actor=o, recovery=r, version=r.version, on=D(2021, 12, 31), reason="행방불명")
    assert r.status == "written_off" and recovery_balance(r)["balance"] == 0
    with pytest.raises(ServiceError):
        recovery_pay(actor=o, recovery=r, version=r.version, on=D(2022, 1, 3), amount=1)
    assert CaseEvent.objects.filter(case=case, kind="recovery").count() == 6
    assert Recovery.objects.get().status == "written_off"


def test_staged_payments_scheduled_and_stopped(case_world, make_case) -> None:
    from iljari.cases.flows import case_move
    from iljari.cases.models import Document
    from iljari.cases.money import batch_create, budget_set
    from iljari.cases.staged import staged_stop, staged_term_set

    flow = case_world["flows"]["WOMEN-INTERN"]
    gwanak = case_world["users"]["gwanak"]
    org = Organisation.objects.create(name="새일상사", employees=12, district=case_world["units"]["GWANAK"])
    intern = Person.objects.create(name="김인턴", source="subsidy", sex="F")
    case = make_case(flow="WOMEN-INTERN", organisation=org, person=intern)
    for t in ("application", "employment_contract", "business_registration"):
        Document.objects.create(case=case, doc_type=t, file=f"cases/x/{t}.pdf", name=f"{t}.pdf", size=10,
                                content_type="application/pdf", sha256="0" * 64)
    staged_term_set(actor=gwanak, case=case, starts_on=D(2021, 3, 2))
    case = case_move(actor=gwanak, case=case, transition="approve", version=case.version)
    # another intern of the firm, two months later: her steps keep each batch below paying something
    other = make_case(flow="WOMEN-INTERN", organisation=org, person=Person.objects.create(name="박인턴", source="subsidy",
                                                                                        sex="F"))
    for t in ("application", "employment_contract", "business_registration"):
        Document.objects.create(case=other, doc_type=t, file=f"cases/y/{t}.pdf", name=f"{t}.pdf", size=10,
                                content_type="application/pdf", sha256="0" * 64)
    staged_term_set(actor=gwanak, case=other, starts_on=D(2021, 4, 1))
    other = case_move(actor=gwanak, case=other, transition="approve", version=other.version)
    PayeeAccount.objects.create(case=other, payee="organisation", bank_code="088", account_number="110123456780",
                                holder="새일상사")
    plan = list(case.payments.order_by("due_on", "pk").values_list("step", "payee", "amount", "due_on", "status"))
    assert plan == [
        ("intern_1", "organisation", 800_000, D(2021, 4, 2), "scheduled"),
        ("intern_2", "organisation", 800_000, D(2021, 5, 2), "scheduled"),
        ("intern_3", "organisation", 800_000, D(2021, 6, 2), "scheduled"),
        ("hire_bonus", "organisation", 800_000, D(2021, 12, 2), "scheduled"),
        ("stay_bonus", "person", 600_000, D(2021, 12, 2), "scheduled"),
    ]
    assert sum(p[2] for p in plan) == 3_800_000
    PayeeAccount.objects.create(case=case, payee="organisation", bank_code="088", account_number="110123456789",
                                holder="새일상사")
    budget_set(actor=case_world["users"]["city"], flow=flow, district=case_world["units"]["GWANAK"], year=2021,
               amount=10_000_000)
    batch = batch_create(actor=gwanak, flow=flow, district=case_world["units"]["GWANAK"], pay_on=D(2021, 4, 30),
                         cases=[case])
    assert batch.count == 1 and batch.total == 800_000 and batch.check_report["held"] == []
    stopped = staged_stop(actor=gwanak, case=case, ended_on=D(2021, 5, 15), reason="인턴 자진 퇴사")
    assert sorted(p.step for p in stopped) == ["hire_bonus", "intern_3", "stay_bonus"]
    status = dict(case.payments.values_list("step", "status"))
    assert status == {"intern_1": "in_batch", "intern_2": "scheduled", "intern_3": "stopped",
                      "hire_bonus": "stopped", "stay_bonus": "stopped"}
    assert StagedTerm.objects.get(case=case).ended_on == D(2021, 5, 15)
    # the second month fell due before she left, but its condition (still employed) now fails: held, with why
    b2 = batch_create(actor=gwanak, flow=flow, district=case_world["units"]["GWANAK"], pay_on=D(2021, 5, 31))
    (h,) = b2.check_report["held"]
    assert h["reasons"][0]["code"] == "condition" and "퇴사" in h["reasons"][0]["ko"]
    assert b2.count == 1  # the other intern's first step (due 2021-05-01)
    # checked again at the next batch (still held, the same payment row, not a second one)
    b3 = batch_create(actor=gwanak, flow=flow, district=case_world["units"]["GWANAK"], pay_on=D(2021, 6, 30))
    assert [x["payment"] for x in b3.check_report["held"]] == [h["payment"]]
    assert case.payments.count() == 5


def test_cases_derive_command_is_idempotent(paying) -> None:
    from django.core.management import call_command

    from iljari.cases.money import batch_create, batch_mark_paid

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    _budget(w, "YDP", 100_000_000)
    for district, months in (("GWANAK", (1, 2)), ("GWANAK", (3,)), ("YDP", (1, 2, 3))):
        w["make"](district, months=months)
    for district in ("GWANAK", "YDP"):
        officer = w["users"]["gwanak" if district == "GWANAK" else "ydp"]
        b = batch_create(actor=officer, flow=w["flow"], district=w["units"][district], pay_on=D(2021, 4, 30))
        batch_mark_paid(actor=officer, batch=b, version=b.version)
    out = io.StringIO()
    call_command("cases-derive", "--year", "2021", stdout=out)
    assert "2021:" in out.getvalue()
    program = w["flow"].program
    assert _ledger(program, w["units"]["GWANAK"], "job_result", "2021-12") == 2
    assert _ledger(program, w["units"]["GWANAK"], "expenditure", "2021-12") == 1_500_000
    assert _ledger(program, w["units"]["YDP"], "expenditure", "2021-04") == 1_500_000
    assert _ledger(program, w["units"]["YDP"], "expenditure", "2021-03") == 0
    again = io.StringIO()
    call_command("cases-derive", "--year", "2021", stdout=again)
    assert "created 0 · 바뀐 값 / changed 0" in again.getvalue()


def test_moving_many_decides_as_moving_one_by_one(paying) -> None:
    """`cases_move_many` (a batch marked paid closes its cases at once) against `case_move` per case on twin
    cases: the same cases move, the others are refused with the same problems, each with its history and audit."""
    from iljari.cases.flows import case_move, cases_move_many
    from iljari.cases.models import Case, Payment

    w = paying
    gwanak = w["users"]["gwanak"]

    def world():  # type: ignore[no-untyped-def]
        made = []
        for paid in ("all", "some", "none", "all"):
            case = w["make"](months=(1, 2))
            for i, status in enumerate({"all": ("paid", "paid"), "some": ("paid", "scheduled"),
                                        "none": ()}[paid]):
                Payment.objects.create(case=case, amount=500_000, status=status, months=[f"2021-0{i + 1}-01"],
                                       due_on=D(2021, 4, 30))
            made.append(case)
        made.append(w["make"](district="YDP"))  # another district's officer acts there
        return made

    one = world()
    singly: dict[int, object] = {}
    for i, case in enumerate(one):
        try:
            case_move(actor=gwanak, case=case, transition="close_paid", version=case.version)
            singly[i] = "moved"
        except ServiceError as e:
            singly[i] = [p.message_ko for p in e.problems]
    many = world()
    events_before = CaseEvent.objects.count()
    moved, refused = cases_move_many(actor=gwanak, case_ids=[c.pk for c in many], transition="close_paid")
    together = {i: "moved" if c.pk in moved else [p.message_ko for p in refused[c.pk]] for i, c in enumerate(many)}
    assert together == singly
    assert singly[0] == "moved" and singly[2] == ["지급 내역이 없습니다"] and singly[1] == ["지급되지 않은 건이 1건 있습니다"]
    assert singly[4] == ["'선정 통보·지급 대기' 단계는 다른 담당자가 처리합니다"]
    assert CaseEvent.objects.count() - events_before == len(moved) == 2
    for pk in moved:
        case = Case.objects.get(pk=pk)
        assert case.stage.code == "paid" and case.outcome == "approved" and case.version == 2
        assert AuditEntry.objects.filter(object_type="cases.case", object_id=str(pk), action="update").exists()


def test_a_held_payment_paid_later_is_the_same_row_and_the_case_closes(paying,
                                                                       django_capture_on_commit_callbacks) -> None:
    """Batch A holds a case (no account); the officer adds the account; batch B pays the case: the held row is
    taken again (its months brought up to date), nothing is left held, the case closes, and the money is counted
    once in the budget, the ledger and the benefit records."""
    from iljari.cases.conditions import payments_made
    from iljari.cases.models import ClaimMonth
    from iljari.cases.money import account_set, batch_create, batch_mark_paid, committed

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    officer, gwanak = w["users"]["gwanak"], w["units"]["GWANAK"]
    late = w["make"]("GWANAK", months=(1, 2))
    PayeeAccount.objects.filter(case=late).delete()
    w["make"]("GWANAK", months=(1,))
    a = batch_create(actor=officer, flow=w["flow"], district=gwanak, pay_on=D(2021, 4, 30))
    (h,) = a.check_report["held"]
    assert h["case"] == late.pk and h["reasons"][0]["ko"] == "근로자 지급 계좌가 등록되지 않았습니다"
    with django_capture_on_commit_callbacks(execute=True):
        batch_mark_paid(actor=officer, batch=a, version=a.version)
    held = Payment.objects.get(case=late)
    assert held.status == "held"
    ClaimMonth.objects.create(case=late, month=D(2021, 3, 1), leave_days=10, eligible=True, amount=500_000)
    account_set(actor=officer, case=late, payee="person", bank_code="004", account_number="123-4567-8901",
                holder=late.person.name)
    b = batch_create(actor=officer, flow=w["flow"], district=gwanak, pay_on=D(2021, 5, 31))
    assert (b.count, b.total, b.check_report["held"]) == (1, 1_500_000, [])
    (p,) = Payment.objects.filter(case=late)  # the same row, not a second one
    assert p.pk == held.pk and p.batch_id == b.pk and p.status == "in_batch"
    assert (p.months, p.amount, p.due_on, p.status_reason) == (["2021-01-01", "2021-02-01", "2021-03-01"], 1_500_000,
                                                               D(2021, 5, 31), "")
    with django_capture_on_commit_callbacks(execute=True):
        batch_mark_paid(actor=officer, batch=b, version=b.version)
    late.refresh_from_db()
    assert payments_made(late) == []
    assert late.stage.code == "paid" and late.outcome == "approved"
    # the money once: 500,000 (batch A) + 1,500,000 (batch B)
    assert committed(w["flow"], gwanak, 2021) == 2_000_000
    assert BenefitRecord.objects.filter(person=late.person).count() == 1
    program = w["flow"].program
    assert _ledger(program, gwanak, "expenditure", "2021-05") == 2_000_000
    assert _ledger(program, gwanak, "job_result", "2021-05") == 2


def test_a_batch_that_would_hold_everything_is_not_made(paying) -> None:
    from iljari.cases.money import batch_create

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    for employees in (10, 10, 60):
        case = w["make"]("GWANAK", months=(1,), employees=employees)
        if employees == 10:
            PayeeAccount.objects.filter(case=case).delete()
    with pytest.raises(ServiceError) as e:
        batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    (p,) = e.value.problems
    assert p.message_ko == ("지급할 건이 없어 지급 묶음을 만들지 않았습니다. 점검한 3건 모두 보류 대상입니다 "
                            "(사업장 규모 기준 초과 1건, 지급 계좌 미등록 2건).")
    assert p.message_en == ("No batch was made: every payment checked would be held "
                            "(3 checked; the firm is too large: 1, no bank account: 2).")
    assert not PaymentBatch.objects.exists() and not Payment.objects.exists()
    assert not CaseEvent.objects.filter(kind="payment").exists()


def test_money_history_rows_in_either_language(paying) -> None:
    """The history rows the money services write carry what is needed to say them in Korean or English; the
    stored reason is the Korean, without a particle after a number."""
    from iljari.cases.money import (
        account_set,
        batch_create,
        batch_mark_paid,
        money_event_words,
        recovery_notify,
        recovery_open,
    )

    w = paying
    _budget(w, "GWANAK", 100_000_000)
    officer = w["users"]["gwanak"]
    case = w["make"]("GWANAK", months=(1, 2))
    account_set(actor=officer, case=case, payee="person", bank_code="004", account_number="12345678901",
                holder="김민지")
    held = w["make"]("GWANAK", months=(1,), employees=70)
    b = batch_create(actor=officer, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=officer, batch=b, version=b.version)
    r = recovery_open(actor=officer, payment=Payment.objects.get(case=case), reason="이중 신청 확인")
    recovery_notify(actor=officer, recovery=r, version=r.version, on=D(2021, 5, 20))

    def said(c, english):  # type: ignore[no-untyped-def]
        return [money_event_words(e, english) for e in c.events.order_by("at", "pk") if e.data.get("money")]

    n = b.number
    assert said(case, False) == [
        "지급 계좌 변경 (개인, 국민은행, 123******01)",
        f"지급 묶음 포함: {n}, 1,000,000원",
        "지급 완료: 1,000,000원, 지급일 2021. 4. 30.",
        "환수 결정: 1,000,000원 (사유: 이중 신청 확인)",
        "환수 고지: 2021. 5. 20.",
    ]
    assert said(case, True) == [
        "Bank account changed (person, KB Kookmin Bank, 123******01)",
        f"In payment batch {n}, ₩1,000,000",
        "Paid ₩1,000,000 on 30 Apr 2021",
        "Recovery decided: ₩1,000,000 (reason: 이중 신청 확인)",
        "Recovery notice sent on 20 May 2021",
    ]
    assert said(held, True) == [f"Held (payment batch {n}, ₩500,000): the firm has 70 employees (50 or more)"]
    assert [e.reason for e in case.events.order_by("at", "pk") if e.data.get("money")] == said(case, False)
    other = CaseEvent(data={"amount": 1})  # a row of another slice: its own reason stands
    assert money_event_words(other, True) is None


def test_one_account_mask() -> None:
    from iljari.cases.money import mask_account

    assert mask_account("12345678901") == "123******01"
    assert mask_account("123-456-78") == "123***78"
    assert mask_account("12345") == "***45"
