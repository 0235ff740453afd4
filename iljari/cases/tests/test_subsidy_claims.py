"""Subsidy claims (issue 17, slice "subsidy"): screening by the dated rules (columns, and the plain loop giving the
same answers), intake refusals with every problem named and nothing saved, duplicates across firms, documents."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iljari.audit.models import AuditEntry
from iljari.cases.models import Case, CaseEvent, CaseRule, ClaimMonth, Document, Organisation
from iljari.cases.screening import Rules, frame_of, screen_frame, screen_plain
from iljari.cases.specs import RETENTION_SUBSIDY
from iljari.cases.subsidy import business_number_clean, claim_submit, claims_screen, document_add
from iljari.core.errors import ErrorCode, ServiceError
from iljari.people.models import BenefitRecord, Person

FIRM = {"name": "관악식당", "business_number": "1048196087", "employees": 12, "sector": "restricted",
        "address": "서울 관악구 관악로 1"}
FIRM_B = {"name": "신림분식", "business_number": "2208162517", "employees": 8, "sector": "closure"}
WORKER = {"name": "김근로", "birth_date": dt.date(1990, 5, 1), "phone": "010-1234-5678"}
INSURED = dt.date(2021, 4, 30)


def spec_rules(**changes):  # type: ignore[no-untyped-def]
    out = []
    for r in RETENTION_SUBSIDY["rules"]:
        out.append(SimpleNamespace(kind=r["kind"], params=dict(r["params"]), valid_from=dt.date.fromisoformat(r["from"]),
                                   valid_to=None))
    return Rules(out)


def submit(world, months, firm=FIRM, worker=WORKER, insured=INSURED, district="GWANAK", **kw):  # type: ignore[no-untyped-def]
    officer = world["users"]["gwanak" if district == "GWANAK" else "ydp"]
    return claim_submit(actor=officer, flow=world["flows"]["RETENTION-2021"], district=world["units"][district],
                        firm=dict(firm), worker=dict(worker), months=months, insured_until=insured, **kw)


# ------------------------------------------------------------------------------------------------ screening


def _random_rows(n: int, seed: int = 7) -> list[dict]:  # type: ignore[type-arg]
    rnd = random.Random(seed)
    months = [dt.date(2020, 10, 1), dt.date(2020, 11, 1), dt.date(2020, 12, 1), dt.date(2021, 1, 1),
              dt.date(2021, 2, 1), dt.date(2021, 3, 1), dt.date(2021, 4, 1)]
    return [{"month": rnd.choice(months), "leave_days": rnd.randint(0, 25),
             "employees": rnd.choice([None, 3, 20, 49, 50, 80]),
             "insured_until": rnd.choice([None, dt.date(2021, 3, 1), dt.date(2021, 4, 30), dt.date(2021, 12, 31)]),
             "firm_region": rnd.choice(["서울 관악구", "경기 성남시", "", "서울 영등포구"]),
             "month_no": rnd.randint(1, 5)} for _ in range(n)]


def test_columns_and_plain_loop_agree() -> None:
    rows = _random_rows(3000)
    rules = spec_rules()
    s = screen_frame(frame_of(rows), rules)
    plain = screen_plain(rows, rules)
    assert [bool(x) for x in s.eligible] == [p[0] for p in plain]
    assert [int(x) for x in s.amount] == [p[1] for p in plain]
    assert s.failed == [p[2] for p in plain]
    assert 0 < sum(p[0] for p in plain) < len(rows)


def test_rules_are_dated_per_month() -> None:
    """A pay rule that changes from February: January is paid by the old one, February by the new one."""
    base = [SimpleNamespace(kind=r["kind"], params=dict(r["params"]), valid_from=dt.date(2020, 11, 14),
                            valid_to=dt.date(2021, 1, 31) if r["kind"] == "pay_monthly" else None)
            for r in RETENTION_SUBSIDY["rules"]]
    base.append(SimpleNamespace(kind="pay_monthly", params={"amount": 600_000}, valid_from=dt.date(2021, 2, 1),
                                valid_to=None))
    rows = [{"month": dt.date(2021, m, 1), "leave_days": 10, "employees": 5, "insured_until": INSURED,
             "firm_region": "서울 관악구", "month_no": i + 1} for i, m in enumerate((1, 2))]
    s = screen_frame(frame_of(rows), Rules(base))
    assert s.amount.tolist() == [500_000, 600_000]
    assert s.decisions[1][-1]["rule"] == "월 지원액 600,000원"
    assert [p[1] for p in screen_plain(rows, Rules(base))] == [500_000, 600_000]


def test_four_days_in_january_is_refused_for_january_with_rule_and_value() -> None:
    rows = [{"month": dt.date(2021, 1, 1), "leave_days": 4, "employees": 10, "insured_until": INSURED,
             "firm_region": "서울 관악구", "month_no": 1}]
    s = screen_frame(frame_of(rows), spec_rules())
    assert not s.eligible[0] and s.amount[0] == 0
    failed = [d for d in s.decisions[0] if d["passed"] is False]
    assert [(d["rule"], d["values"]) for d in failed] == [("월 5일 이상 무급휴직", "1월 휴직 4일")]


# ------------------------------------------------------------------------------------------------ intake


def test_claim_submitted_screened_and_priced(case_world) -> None:
    case = submit(case_world, [("2021-01", 10), ("2021-02", 5), ("2020-11", 17)])
    assert case.stage.code == "received" and case.amount_claimed == 1_500_000
    assert case.insured_until == INSURED
    months = list(case.months.all())
    assert [(m.month.month, m.eligible, m.amount) for m in months] == [(11, True, 500_000), (1, True, 500_000),
                                                                       (2, True, 500_000)]
    assert all(d["passed"] is not False for m in months for d in m.decision)
    assert case.organisation.business_number == "1048196087"
    assert case.person.source == Person.Source.SUBSIDY and case.person.source_ref == f"case:{case.pk}"
    assert set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == {"opened", "screening"}
    assert AuditEntry.objects.filter(object_type="cases.claimmonth").count() == 3


def test_acceptance_four_days_in_january_refused_with_rule_and_value(case_world) -> None:
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2021-01", 4), ("2021-02", 10)])
    problems = e.value.problems
    assert [p.code for p in problems] == [ErrorCode.TOO_FEW_DAYS]
    assert "월 5일 이상 무급휴직: 1월 휴직 4일" in problems[0].message_ko
    assert "4 days of leave in January" in problems[0].message_en
    assert problems[0].field == "months.0.leave_days"
    assert not Case.objects.exists() and not Organisation.objects.exists()  # nothing half-saved
    assert not Person.objects.filter(source="subsidy").exists()


def test_every_problem_named_nothing_saved(case_world) -> None:
    firm = {**FIRM, "employees": 50}
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2020-10", 10), ("2021-01", 3), ("2021-02", 10), ("2021-03", 10)], firm=firm,
               insured=dt.date(2021, 4, 1))
    codes = [p.code for p in e.value.problems]
    assert ErrorCode.OUTSIDE_WINDOW in codes and ErrorCode.TOO_FEW_DAYS in codes
    assert ErrorCode.TOO_MANY_MONTHS in codes  # the fourth month
    assert codes.count(ErrorCode.FIRM_TOO_LARGE) == 1  # the firm once, not per month
    text = " ".join(p.message_ko for p in e.value.problems)
    assert "50인 미만 기업: 상시 근로자 50명" in text and "2021. 4. 30.까지 고용보험 유지" in text
    assert "이 근로자의 4번째 청구 월" in text
    assert not Case.objects.exists()


def test_fourth_month_across_two_claims_refused(case_world) -> None:
    submit(case_world, [("2021-01", 10), ("2021-02", 10)])
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2020-12", 10), ("2021-03", 10)], firm=FIRM_B)
    assert [p.code for p in e.value.problems] == [ErrorCode.TOO_MANY_MONTHS]
    assert "2021년 3월" in e.value.problems[0].message_ko


def test_same_worker_same_month_by_two_firms_refused(case_world) -> None:
    first = submit(case_world, [("2021-01", 10)])
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2021-01", 12), ("2021-02", 10)], firm=FIRM_B, district="YDP")
    assert [p.code for p in e.value.problems] == [ErrorCode.ALREADY_PAID]
    assert first.reference in e.value.problems[0].message_ko and "관악식당" in e.value.problems[0].message_ko
    # a withdrawn claim does not count
    from iljari.cases.flows import case_move

    case_move(actor=case_world["users"]["gwanak"], case=first, transition="withdraw", version=first.version,
              reason="신청인 요청")
    assert submit(case_world, [("2021-01", 12)], firm=FIRM_B, district="YDP").amount_claimed == 500_000


def test_same_worker_by_resident_number(case_world) -> None:
    submit(case_world, [("2021-01", 10)], worker={"name": "이근로", "rrn": "900101-1234567"})
    with pytest.raises(ServiceError) as e:  # another spelling of the name, the same resident number
        submit(case_world, [("2021-01", 10)], worker={"name": "이 근로", "rrn": "9001011234567"}, firm=FIRM_B)
    assert e.value.problems[0].code == ErrorCode.ALREADY_PAID
    assert Person.objects.filter(source="subsidy").count() == 1
    assert "900101" not in str(Person.objects.get(source="subsidy").__dict__)  # only the keyed hash is kept


def test_subsidy_already_received_refused(case_world) -> None:
    case = submit(case_world, [("2021-01", 10)])
    BenefitRecord.objects.create(person=case.person, program_name="다른 고용유지 지원금", kind="subsidy",
                                 start=dt.date(2021, 2, 1), end=dt.date(2021, 2, 28), months=1, amount=500_000,
                                 source="officer", source_ref="t:1")
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2021-02", 10)], firm=FIRM)
    assert e.value.problems[0].code == ErrorCode.ALREADY_PAID
    assert "다른 고용유지 지원금" in e.value.problems[0].message_ko


def test_business_number_check_digit_and_duplicate(case_world) -> None:
    assert business_number_clean("104-81-96087") == "1048196087"
    assert business_number_clean("1048196086") is None  # the check digit
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2021-01", 10)], firm={**FIRM, "business_number": "1048196086"})
    assert e.value.problems[0].field == "firm.business_number"
    submit(case_world, [("2021-01", 10)])
    with pytest.raises(ServiceError) as e:  # a different firm under that number
        submit(case_world, [("2021-01", 10)], firm={**FIRM, "name": "다른회사"},
               worker={**WORKER, "name": "박근로"})
    assert [p.code for p in e.value.problems] == [ErrorCode.DUPLICATE_BUSINESS_NUMBER]
    case = submit(case_world, [("2021-02", 10)], firm={**FIRM, "name": "(주) 관악식당"},
                  worker={**WORKER, "name": "박근로"})
    assert Organisation.objects.count() == 1 and case.organisation.name == "관악식당"


def test_rescreen_after_a_rule_changes(case_world) -> None:
    case = submit(case_world, [("2021-01", 6), ("2021-02", 10)])
    flow = case_world["flows"]["RETENTION-2021"]
    rule = CaseRule.objects.get(flow=flow, kind="min_leave_days")
    rule.valid_to = dt.date(2020, 12, 31)
    rule.save()
    CaseRule.objects.create(flow=flow, kind="min_leave_days", params={"days": 7}, valid_from=dt.date(2021, 1, 1))
    report = claims_screen(actor=case_world["users"]["city"], cases=Case.objects.filter(pk=case.pk))
    assert report == {"months": 2, "changed": 2, "eligible": 1, "amount": 500_000}  # February: the new rule's words
    jan = ClaimMonth.objects.get(case=case, month=dt.date(2021, 1, 1))
    assert jan.eligible is False and jan.amount == 0
    assert any(d["rule"] == "월 7일 이상 무급휴직" and d["values"] == "1월 휴직 6일" and d["passed"] is False
               for d in jan.decision)
    case.refresh_from_db()
    assert case.amount_claimed == 500_000
    last = CaseEvent.objects.filter(case=case, kind="screening").order_by("id").last()
    assert last.data == {"months": [{"month": "2021-01-01", "before": [True, 500_000], "after": [False, 0]}]}
    assert AuditEntry.objects.filter(object_type="cases.claim_screening").count() == 1


# ------------------------------------------------------------------------------------------------ documents

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_document_kept_with_case(case_world) -> None:
    case = submit(case_world, [("2021-01", 10)])
    doc = document_add(actor=case_world["users"]["gwanak"], case=case, doc_type="leave_proof",
                       uploaded_file=SimpleUploadedFile("../../휴직확인서.pdf", PDF, "application/pdf"))
    assert doc.name == "휴직확인서.pdf" and doc.size == len(PDF) and len(doc.sha256) == 64
    assert doc.file.read() == PDF
    assert CaseEvent.objects.filter(case=case, kind="document").exists()
    assert AuditEntry.objects.filter(object_type="cases.document", object_id=str(doc.pk)).exists()


@pytest.mark.parametrize(("doc_type", "name", "data", "code"), [
    ("leave_proof", "a.exe", b"MZ\x90\x00", ErrorCode.FILE_TYPE),  # an extension the type does not take
    ("leave_proof", "a.pdf", PNG, ErrorCode.FILE_TYPE),  # a PNG called PDF
    ("business_plan", "plan.hwp", PDF, ErrorCode.FILE_TYPE),  # not an OLE file
    ("leave_proof", "a.pdf", b"", ErrorCode.BAD_FILE),
    ("nonsense", "a.pdf", PDF, ErrorCode.FILE_TYPE),
])
def test_document_refused(case_world, doc_type, name, data, code) -> None:
    case = submit(case_world, [("2021-01", 10)])
    with pytest.raises(ServiceError) as e:
        document_add(actor=case_world["users"]["gwanak"], case=case, doc_type=doc_type,
                     uploaded_file=SimpleUploadedFile(name, data))
    assert e.value.problems[0].code == code
    assert not Document.objects.exists()


def test_document_too_large(case_world, settings) -> None:
    case = submit(case_world, [("2021-01", 10)])
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ServiceError) as e:
        document_add(actor=case_world["users"]["gwanak"], case=case, doc_type="leave_proof", uploaded_file=big)
    assert e.value.problems[0].code == ErrorCode.FILE_TOO_LARGE and "최대 10MB" in e.value.problems[0].message_ko
    ok = document_add(actor=case_world["users"]["gwanak"], case=case, doc_type="business_plan",
                      uploaded_file=SimpleUploadedFile("p.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50))
    assert ok.content_type == "application/x-hwp"


def test_firm_outside_seoul_refused(case_world) -> None:
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2021-01", 10)], firm={**FIRM, "address": "경기 성남시 분당구 판교로 1"})
    assert [p.code for p in e.value.problems] == [ErrorCode.CONDITION_FAILED]
    assert "서울 소재 기업: 사업장 소재지 경기 성남시 분당구 판교로 1" in e.value.problems[0].message_ko
    assert e.value.problems[0].field == "firm.address"


def test_bounded_and_malformed_months(case_world) -> None:
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("2021-01", 10)] * 13)
    assert e.value.problems[0].code == ErrorCode.TOO_MANY_MONTHS
    with pytest.raises(ServiceError) as e:
        submit(case_world, [("다음 달", 10), ("2021-02", "열흘"), ("2021-02", 40), ("2021-03", 10), ("2021-03", 9)])
    fields = [p.field for p in e.value.problems]
    assert fields == ["months.0.month", "months.1.leave_days", "months.2.month", "months.4.month"]
    assert not Case.objects.exists()


def test_cli_rescreen(case_world, capsys) -> None:
    from django.core.management import call_command

    submit(case_world, [("2021-01", 10)])
    CaseRule.objects.filter(flow=case_world["flows"]["RETENTION-2021"], kind="pay_monthly").update(
        params={"amount": 600_000})
    call_command("cases-rescreen", flow="RETENTION-2021")
    assert "600,000원" in capsys.readouterr().out
    assert Case.objects.get().amount_claimed == 600_000
