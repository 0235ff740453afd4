"""What a new officer met walking the money pages: the transfer file then paid from the same page, no paid before the
pay day, paid cases closed by their own flow's closing step, a staged flow's "nothing to pay" in its terms,
recovery statuses that follow what happened, the budgets page on the flow's year, banks by name and batch lines
that say who is paid for what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from iljari.cases.models import Document, Organisation, PayeeAccount, Payment, PaymentBatch, Transition
from iljari.core.errors import ServiceError
from iljari.people.models import Person

from .money_fixtures import D, paying_world  # noqa: F401  (the fixture "paying")
from .test_money_pages import _panel


def _client(user, language="ko"):  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = language
    return c


def _budget(w, flow, year, district="GWANAK"):  # type: ignore[no-untyped-def]
    from iljari.cases.money import budget_set

    budget_set(actor=w["users"]["city"], flow=flow, district=w["units"][district], year=year, amount=50_000_000)


def _intern(w, make_case, starts_on=None, accounts=True):  # type: ignore[no-untyped-def]
    """An internship case approved (its steps scheduled from `starts_on`), the firm's and the intern's accounts."""
    from iljari.cases.flows import case_move
    from iljari.cases.staged import staged_term_set

    gwanak = w["users"]["gwanak"]
    org = Organisation.objects.create(name="새일상사", employees=12, district=w["units"]["GWANAK"])
    case = make_case(flow="WOMEN-INTERN", organisation=org,
                     person=Person.objects.create(name="이하나", source="subsidy", sex="F"))
    for t in ("application", "employment_contract", "business_registration"):
        Document.objects.create(case=case, doc_type=t, file=f"cases/{case.pk}/{t}.pdf", name=f"{t}.pdf", size=10,
                                content_type="application/pdf", sha256="0" * 64)
    staged_term_set(actor=gwanak, case=case, starts_on=starts_on or D(2021, 3, 2))
    case = case_move(actor=gwanak, case=case, transition="approve", version=case.version)
    if accounts:
        PayeeAccount.objects.create(case=case, payee="organisation", bank_code="081", account_number="110123456789",
                                    holder="새일상사")
        PayeeAccount.objects.create(case=case, payee="person", bank_code="088", account_number="94001234567",
                                    holder="이하나")
    return case


def test_the_file_then_paid_from_the_same_page(paying) -> None:
    """The officer downloads the transfer file and, without reloading, records the batch as paid: not a conflict."""
    w = paying
    _budget(w, w["flow"], 2021)
    w["make"]("GWANAK", months=(1, 2))
    c = _client(w["users"]["gwanak"])
    assert c.post("/cases/money/batches/", {"flow": "RETENTION-2021", "district": w["units"]["GWANAK"].pk,
                                            "pay_on": "2021-04-30"}).status_code == 302
    b = PaymentBatch.objects.get()
    page = c.get(f"/cases/money/batches/{b.pk}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert c.post(f"/cases/money/batches/{b.pk}/file/").status_code == 200
    assert PaymentBatch.objects.get().status == "sent"
    r = c.post(f"/cases/money/batches/{b.pk}/", {"action": "paid", "version": version, "confirm": "yes"})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert PaymentBatch.objects.get().status == "paid"


def test_no_batch_is_paid_before_its_pay_day(paying) -> None:
    from iljari.cases.money import batch_create, batch_mark_paid

    w = paying
    today = timezone.localdate()
    pay_on = today + dt.timedelta(days=6)
    _budget(w, w["flow"], pay_on.year)
    case = w["make"]("GWANAK", months=(1,))
    officer = w["users"]["gwanak"]
    b = batch_create(actor=officer, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=pay_on)
    day = f"{pay_on.year}. {pay_on.month}. {pay_on.day}."
    with pytest.raises(ServiceError) as e:
        batch_mark_paid(actor=officer, batch=b, version=b.version)
    assert day in e.value.problems[0].message_ko and "지급일" in e.value.problems[0].message_ko
    with pytest.raises(ServiceError):  # nor recorded as paid on a day still to come
        batch_mark_paid(actor=officer, batch=b, version=b.version, paid_on=pay_on)
    assert Payment.objects.get(case=case).status == "in_batch" and PaymentBatch.objects.get().status == "checked"
    # the page says why and when, and offers no button before the day
    c = _client(officer)
    page = c.get(f"/cases/money/batches/{b.pk}/").content.decode()
    assert 'id="mark-paid"' not in page and day in page.split('id="not-yet"')[1]
    r = c.post(f"/cases/money/batches/{b.pk}/", {"action": "paid", "version": b.version, "confirm": "yes"})
    assert r.status_code == 400 and day in r.content.decode()


def test_a_past_pay_day_is_recorded_as_given(paying) -> None:
    from iljari.cases.money import batch_create, batch_mark_paid

    w = paying
    _budget(w, w["flow"], 2021)
    case = w["make"]("GWANAK", months=(1,))
    officer = w["users"]["gwanak"]
    b = batch_create(actor=officer, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=officer, batch=b, version=b.version, paid_on=D(2021, 5, 3))
    assert Payment.objects.get(case=case).paid_on == D(2021, 5, 3)


def test_paid_cases_close_by_their_flows_closing_step(paying, make_case) -> None:
    """The retention flow closes by its paid step and the internship by its own ("지원 종료", once every step is
    paid or stopped), found from the flows' stages, whatever the transitions are called."""
    from iljari.cases.money import batch_create, batch_mark_paid
    from iljari.cases.staged import staged_stop

    w = paying
    officer = w["users"]["gwanak"]
    Transition.objects.filter(flow=w["flow"], code="close_paid").update(code="settle")
    _budget(w, w["flow"], 2021)
    kept = w["make"]("GWANAK", months=(1,))
    b = batch_create(actor=officer, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=officer, batch=b, version=b.version)
    kept.refresh_from_db()
    assert kept.stage.code == "paid" and kept.outcome == "approved"
    intern_flow = w["flows"]["WOMEN-INTERN"]
    _budget(w, intern_flow, 2021)
    left = _intern(w, make_case)  # leaves after the first month: the later steps stop
    staying = _intern(w, make_case, starts_on=D(2021, 3, 3))  # more steps to come
    b = batch_create(actor=officer, flow=intern_flow, district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    assert b.count == 2
    staged_stop(actor=officer, case=left, ended_on=D(2021, 4, 20), reason="인턴 자진 퇴사")
    batch_mark_paid(actor=officer, batch=b, version=b.version)
    left.refresh_from_db()
    staying.refresh_from_db()
    assert left.stage.code == "completed" and left.outcome == "approved"
    assert staying.stage.code == "approved" and staying.outcome == ""


def test_a_staged_flow_with_nothing_due_says_when_the_next_step_is(paying, make_case) -> None:
    from iljari.cases.money import batch_create

    w = paying
    intern_flow = w["flows"]["WOMEN-INTERN"]
    _budget(w, intern_flow, 2021)
    _intern(w, make_case, starts_on=D(2021, 3, 2))
    with pytest.raises(ServiceError) as e:
        batch_create(actor=w["users"]["gwanak"], flow=intern_flow, district=w["units"]["GWANAK"],
                     pay_on=D(2021, 3, 31))
    p = e.value.problems[0]
    assert "다음 지급 예정일: 2021. 4. 2." in p.message_ko and "적격 월" not in p.message_ko
    assert "2 Apr 2021" in p.message_en and "eligible months" not in p.message_en
    # the retention flow still speaks of its months
    with pytest.raises(ServiceError) as e:
        batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    assert "적격 월" in e.value.problems[0].message_ko


def test_recovery_status_follows_what_happened(paying) -> None:
    from iljari.cases.money import (
        batch_create,
        batch_mark_paid,
        recovery_notify,
        recovery_open,
        recovery_pay,
    )

    w = paying
    o = w["users"]["gwanak"]
    _budget(w, w["flow"], 2021)
    case = w["make"]("GWANAK", months=(1, 2, 3))
    b = batch_create(actor=o, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=o, batch=b, version=b.version)
    r = recovery_open(actor=o, payment=Payment.objects.get(case=case), reason="이중수급")
    r = recovery_pay(actor=o, recovery=r, version=r.version, on=D(2021, 5, 10), amount=500_000)
    assert r.status == "open" and r.notice_on is None  # paid back in part, no notice: still 환수 진행
    r = recovery_notify(actor=o, recovery=r, version=r.version, on=D(2021, 5, 20))
    r = recovery_pay(actor=o, recovery=r, version=r.version, on=D(2021, 5, 30), amount=500_000)
    assert r.status == "notified"
    r = recovery_pay(actor=o, recovery=r, version=r.version, on=D(2021, 6, 30), amount=500_000)
    assert r.status == "settled"


def test_budgets_open_on_the_flows_year(paying) -> None:
    w = paying
    _budget(w, w["flow"], 2021)
    page = _client(w["users"]["city"]).get("/cases/money/budgets/?flow=RETENTION-2021").content.decode()
    assert "50,000,000원" in page and "배정액이 없습니다" not in page
    assert re.search(r'name="year"[^>]*value="2021"', page)


def test_banks_by_name_and_batch_lines_say_who_is_paid_for_what(paying, make_case) -> None:
    from iljari.cases.money import batch_create, transfer_file

    w = paying
    intern_flow = w["flows"]["WOMEN-INTERN"]
    _budget(w, intern_flow, 2021)
    case = _intern(w, make_case)
    officer = w["users"]["gwanak"]
    panel = re.sub(r"<[^>]+>", " ", _panel(case, officer).split("<details")[0])  # what a reader sees
    assert "하나은행" in panel and "신한은행" in panel and "081" not in panel and "088" not in panel
    b = batch_create(actor=officer, flow=intern_flow, district=w["units"]["GWANAK"], pay_on=D(2021, 12, 31))
    assert b.count == 5
    lines = transfer_file(b).decode("cp949").splitlines()
    assert {ln.split(",")[2] for ln in lines if ln.startswith("D,")} == {"081", "088"}  # the file keeps the codes
    page = _client(officer).get(f"/cases/money/batches/{b.pk}/").content.decode()
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('id="payments"')[1]))
    assert "새일상사 인턴 지원금 1개월 2021. 3. 800,000원" in table
    assert "새일상사 새일고용장려금 2021. 12. 800,000원" in table
    assert "이*나 근속장려금 2021. 12. 600,000원" in table
    en = _client(officer, "en").get(f"/cases/money/batches/{b.pk}/").content.decode()
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", en.split('id="payments"')[1]))
    assert "새일상사 Internship month 1 Mar 2021 ₩800,000" in table and "Hiring bonus Dec 2021" in table
    en_panel = _client(officer, "en").get(f"/cases/{case.reference}/").content.decode()
    assert "Hana Bank" in en_panel and "하나은행" not in en_panel
