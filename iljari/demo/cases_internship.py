"""The demo's women's-internship cases (경력단절여성 인턴십, issue 17): a subsidy paid in stages, this year.

Six illustrative claims of two districts' desks (관악구, 영등포구), all made through the services the pages use
(`staged_case_open`, `case_move`, `account_set`, `batch_create`, `batch_mark_paid`, `staged_stop`), dated as if
they happened through 2026:

- two interns in 관악구 from March and May: approved, their monthly steps paid in monthly batches; the May intern
  left on 2026-07-20, so her later steps are stopped with the reason;
- two interns in 영등포구 from July and September: approved and paid up to October; the November step is due and
  waits for the district's next batch;
- one claim received on 2026-11-20 waiting for 관악구's approval (documents complete), and one received on
  2026-11-23 in 영등포구 that cannot be approved yet (the business registration certificate is missing).

The paid batches re-derive the program's 2026 figures in the ledger (people paid, won paid) as any batch marked
paid does; the 2021 figures of seed 001 are not touched. Loading again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.contrib.auth import get_user_model

from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.orgs.models import OrgUnit

from .cases_calls import _at, _brn, _Clock

FLOW = "WOMEN-INTERN"
D = dt.date
# firm, nine digits of its business number, employees, district, intern, birth date, first day, received on,
# the documents handed in
CLAIMS = [
    ("새일디자인", "119811205", 18, "GWANAK", "이하나", D(1986, 4, 12), D(2026, 3, 2), D(2026, 2, 16), "all"),
    ("봉천식품 주식회사", "119812317", 34, "GWANAK", "정미래", D(1983, 9, 3), D(2026, 5, 4), D(2026, 4, 20), "all"),
    ("여의도세무회계", "107866241", 9, "YDP", "최은비", D(1989, 1, 27), D(2026, 7, 1), D(2026, 6, 15), "all"),
    ("문래금속공방", "107873318", 6, "YDP", "한소라", D(1984, 11, 8), D(2026, 9, 1), D(2026, 8, 18), "all"),
    ("신림돌봄센터", "119825519", 22, "GWANAK", "오지현", D(1987, 6, 30), D(2026, 12, 1), D(2026, 11, 20), "all"),
    ("당산출판사", "107881142", 12, "YDP", "윤서진", D(1985, 2, 14), D(2026, 12, 1), D(2026, 11, 23), "partial"),
]
DOCS = [("application", "인턴십 지원 신청서.pdf"), ("employment_contract", "근로계약서.pdf"),
        ("business_registration", "사업자등록증.pdf")]
# the monthly batches of each district (pay day), marked paid on that day
BATCHES = {"GWANAK": [D(2026, 4, 30), D(2026, 5, 29), D(2026, 6, 30), D(2026, 7, 17)],
           "YDP": [D(2026, 8, 31), D(2026, 9, 30), D(2026, 10, 16)]}
LEFT = ("정미래", D(2026, 7, 20), "인턴 자진 퇴사 (기업 통보, 2026. 7. 21.)")
BUDGET = 20_000_000  # each district's 2026 allocation for the internship (illustrative)


def _files(reference: str, which: str) -> list[tuple[str, Any]]:
    out = []
    for doc_type, name in (DOCS if which == "all" else DOCS[:2]):
        f = BytesIO(f"%PDF-1.4\n% 예시 서류: {reference} {name}\n".encode())
        f.name = name
        out.append((doc_type, f))
    return out


def load_demo_internship(*, actor: Any) -> list[str]:
    from iljari.cases.flows import case_move
    from iljari.cases.models import Case, Document, Flow, PaymentBatch
    from iljari.cases.money import account_set, batch_create, batch_mark_paid, budget_set
    from iljari.cases.staged import staged_case_open, staged_stop

    flow = Flow.objects.filter(code=FLOW).first()
    if flow is None:
        return ["  women's internship: flow missing"]
    if Case.objects.filter(flow=flow, illustrative=True).exists():
        return ["  women's internship: already loaded"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["gwanak", "ydp"])}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["GWANAK", "YDP"])}
    if len(users) != 2 or len(units) != 2:
        return ["  women's internship: the 관악구 / 영등포구 logins missing"]
    officer = {"GWANAK": users["gwanak"], "YDP": users["ydp"]}
    clock = _Clock()
    cases: dict[str, Any] = {}
    with change_context("cli"):
        for firm, nine, employees, unit, intern, born, starts, received, docs in CLAIMS:
            by = officer[unit]
            case = staged_case_open(
                actor=by, flow=flow, district=units[unit], firm={"name": firm, "business_number": _brn(nine),
                                                                 "employees": employees},
                intern={"name": intern, "birth_date": born, "phone": f"010-55{born:%m%d}-{born.year % 100:02d}07",
                        "sex": "F"},
                starts_on=starts, applied_on=received, actor_label="", illustrative=True)
            from iljari.cases.documents import documents_check, documents_keep

            checked, problems = documents_check(_files(case.reference, docs))
            if problems:
                raise ServiceError(problems)
            documents_keep(actor=by, case=case, checked=checked, actor_label="예시 서류")
            Document.objects.filter(case=case).update(uploaded_at=_at(received))
            clock.stamp(received)
            if starts < D(2026, 11, 1):
                account_set(actor=by, case=case, payee="organisation", bank_code="088",
                            account_number=f"1100{nine}", holder=firm)
                account_set(actor=by, case=case, payee="person", bank_code="004",
                            account_number=f"9400{born:%y%m%d}11", holder=intern)
                case = case_move(actor=by, case=case, transition="approve", version=case.version,
                                 reason="서류 확인 완료")
                clock.stamp(received + dt.timedelta(days=7))
            else:
                Case.objects.filter(pk=case.pk).update(due_on=received + dt.timedelta(days=14))
            cases[intern] = case
        for unit, days in BATCHES.items():
            budget_set(actor=actor, flow=flow, district=units[unit], year=2026, amount=BUDGET, ledger=False)
            for day in days:
                batch = batch_create(actor=officer[unit], flow=flow, district=units[unit], pay_on=day,
                                     illustrative=True)
                batch_mark_paid(actor=officer[unit], batch=batch, version=batch.version, paid_on=day)
                clock.stamp(day, 15)
                if unit == "GWANAK" and day == BATCHES["GWANAK"][-1]:
                    name, ended, why = LEFT
                    staged_stop(actor=officer[unit], case=cases[name], ended_on=ended, reason=why)
                    clock.stamp(ended + dt.timedelta(days=1))
    batches = PaymentBatch.objects.filter(flow=flow)
    paid = sum(b.total for b in batches)
    return [f"  women's internship 2026: {len(cases)} claims (관악구, 영등포구), {batches.count()} batches paid "
            f"({paid:,} won), one intern left (later steps stopped), two claims waiting at the desk"]
