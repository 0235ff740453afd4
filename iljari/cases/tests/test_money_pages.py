"""The money pages as an officer sees them: budgets and reallocation, batches (check report, transfer file, paid),
recoveries, and the case page's money panel."""

from __future__ import annotations

import csv
import io
import re

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from iljari.cases.models import PaymentBatch, Reallocation, Recovery

from .money_fixtures import D, paying_world  # noqa: F401  (the fixture "paying")


def _client(user):  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def _budgets(w):  # type: ignore[no-untyped-def]
    from iljari.cases.money import budget_set

    for d in ("GWANAK", "YDP"):
        budget_set(actor=w["users"]["city"], flow=w["flow"], district=w["units"][d], year=2021, amount=10_000_000)


def test_budgets_page_and_reallocation(paying) -> None:
    w = paying
    _budgets(w)
    city = _client(w["users"]["city"])
    page = city.get("/cases/money/budgets/?flow=RETENTION-2021&year=2021", HTTP_ACCEPT_LANGUAGE="ko")
    assert page.status_code == 200
    text = page.content.decode()
    assert "관악구" in text and "영등포구" in text and "20,000,000원" in text and "재배정" in text
    r = city.post("/cases/money/budgets/", {
        "form": "reallocate", "flow": "RETENTION-2021", "year": "2021", "r-from_district": "",
        "r-to_district": w["units"]["YDP"].pk, "r-amount": "452,000,000", "r-fund": "재난관리기금",
        "r-on": "2021-04-26", "r-reason": "재난관리기금 추가 확보"})
    assert r.status_code == 302
    assert Reallocation.objects.get().amount == 452_000_000
    page = city.get("/cases/money/budgets/?flow=RETENTION-2021&year=2021").content.decode()
    assert "462,000,000원" in page and "2021. 4. 26." in page and "재난관리기금" in page
    bad = city.post("/cases/money/budgets/", {
        "form": "reallocate", "flow": "RETENTION-2021", "year": "2021", "r-from_district": w["units"]["GWANAK"].pk,
        "r-to_district": w["units"]["GWANAK"].pk, "r-amount": "1", "r-on": "2021-04-26", "r-reason": "x"})
    assert bad.status_code == 400 and "같은 자치구로는 재배정할 수 없습니다" in bad.content.decode()
    # a district sees its own budget and may not move money
    gwanak = _client(w["users"]["gwanak"])
    own = gwanak.get("/cases/money/budgets/?flow=RETENTION-2021&year=2021").content.decode()
    assert "관악구" in own and "영등포구" not in own.split("재배정 내역")[0]
    assert gwanak.post("/cases/money/budgets/", {"form": "budget", "flow": "RETENTION-2021"}).status_code == 403


def test_batch_pages_check_file_and_paid(paying) -> None:
    w = paying
    _budgets(w)
    w["make"]("GWANAK", months=(1, 2))
    w["make"]("GWANAK", months=(3,), employees=55)
    c = _client(w["users"]["gwanak"])
    r = c.post("/cases/money/batches/", {"flow": "RETENTION-2021", "district": w["units"]["GWANAK"].pk,
                                         "pay_on": "2021-04-30"})
    assert r.status_code == 302
    batch = PaymentBatch.objects.get()
    page = c.get(f"/cases/money/batches/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "1건 1,000,000원" in page and "2021. 4. 30." in page
    assert "사업장 근로자 수가 55명으로 50인 이상입니다" in page
    shown = re.sub(r"<[^>]+>", " ", page)  # what a reader sees: no codes
    assert not {"firm_too_large", "in_batch", "held", "checked"} & set(shown.split())
    f = c.post(f"/cases/money/batches/{batch.pk}/file/")
    assert f.status_code == 200 and f["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(f.content.decode("cp949"))))
    assert rows[-1] == ["T", "1", "", "", "", "1000000", ""]
    batch.refresh_from_db()
    # marking paid asks the officer to confirm the transfer is done (no script needed)
    page = c.get(f"/cases/money/batches/{batch.pk}/").content.decode()
    assert 'name="confirm"' in page and "이체가 끝났음을 확인합니다" in page
    r = c.post(f"/cases/money/batches/{batch.pk}/", {"action": "paid", "version": batch.version})
    assert r.status_code == 400 and "이체가 끝났음을 확인합니다" in r.content.decode()
    assert PaymentBatch.objects.get().status == "sent"
    r = c.post(f"/cases/money/batches/{batch.pk}/", {"action": "paid", "version": batch.version, "confirm": "yes"})
    assert r.status_code == 302
    assert PaymentBatch.objects.get().status == "paid"
    again = c.post(f"/cases/money/batches/{batch.pk}/", {"action": "paid", "version": batch.version,
                                                         "confirm": "yes"})
    assert again.status_code == 409 and "다른 사용자가 먼저" in again.content.decode()
    # another district's officer does not see it
    assert _client(w["users"]["ydp"]).get(f"/cases/money/batches/{batch.pk}/").status_code == 404
    listing = c.get("/cases/money/batches/").content.decode()
    assert batch.number in listing and "지급 완료" in listing


def test_over_budget_batch_page_says_why(paying) -> None:
    w = paying
    from iljari.cases.money import budget_set

    budget_set(actor=w["users"]["city"], flow=w["flow"], district=w["units"]["GWANAK"], year=2021, amount=400_000)
    w["make"]("GWANAK", months=(1,))
    r = _client(w["users"]["gwanak"]).post("/cases/money/batches/", {
        "flow": "RETENTION-2021", "district": w["units"]["GWANAK"].pk, "pay_on": "2021-04-30"})
    assert r.status_code == 400
    assert "지급 총액 500,000원이 관악구의 남은 배정액 400,000원을 넘습니다" in r.content.decode()
    assert not PaymentBatch.objects.exists()


def test_recovery_from_the_panel_and_its_page(paying) -> None:
    from iljari.cases.money import batch_create, batch_mark_paid
    from iljari.cases.panels import panels_for

    w = paying
    _budgets(w)
    case = w["make"]("GWANAK", months=(1, 2, 3))
    officer = w["users"]["gwanak"]
    b = batch_create(actor=officer, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=officer, batch=b, version=b.version)
    request = RequestFactory().get("/")
    request.user = officer
    (template, ctx), = [(t, c) for t, c in panels_for(request, case) if t == "cases/panels/money.html"]
    html = render_to_string(template, ctx, request=request)
    assert "1,500,000원" in html and "지급 완료" in html and "2021. 1., 2021. 2., 2021. 3." in html
    assert "국민은행, 123*******01" in html and "환수 건 만들기" in html
    c = _client(officer)
    p = case.payments.get()
    r = c.post(f"/cases/money/cases/{case.pk}/", {"form": "recover", "payment": p.pk, "reason": "이중 신청 확인"})
    rec = Recovery.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.reference}/#panel-money"
    r = c.post(f"/cases/money/recoveries/{rec.pk}/", {"action": "plan", "version": rec.version,
                                                      "plan": "2021-06-30 1,000,000\n2021-07-31 500,000"})
    assert r.status_code == 302
    rec.refresh_from_db()
    r = c.post(f"/cases/money/recoveries/{rec.pk}/", {"action": "pay", "version": rec.version, "on": "2021-06-30",
                                                      "amount": "1,000,000"})
    assert r.status_code == 302
    page = c.get(f"/cases/money/recoveries/{rec.pk}/").content.decode()
    assert 'id="balance">500,000원' in page and "분할 납부" in page
    too_much = c.post(f"/cases/money/recoveries/{rec.pk}/", {"action": "pay", "version": rec.version + 1,
                                                             "on": "2021-07-01", "amount": "600,000"})
    assert too_much.status_code == 400 and "500,000원 이하" in too_much.content.decode()
    assert "500,000원" in c.get("/cases/money/recoveries/").content.decode()
    assert _client(w["users"]["ydp"]).get(f"/cases/money/recoveries/{rec.pk}/").status_code == 404


def test_money_pages_in_english(paying) -> None:
    """An English page is English throughout: words, the districts' names, amounts (₩), dates, held reasons and
    the services' refusals; the batch number is digits."""
    w = paying
    from iljari.cases.money import budget_set

    budget_set(actor=w["users"]["city"], flow=w["flow"], district=w["units"]["GWANAK"], year=2021, amount=400_000)
    w["make"]("GWANAK", months=(1,))
    c = _client(w["users"]["gwanak"])
    c.cookies["django_language"] = "en"
    r = c.post("/cases/money/batches/", {"flow": "RETENTION-2021", "district": w["units"]["GWANAK"].pk,
                                         "pay_on": "2021-04-30"})
    assert r.status_code == 400
    text = r.content.decode()
    assert "Nothing was saved" in text and "remaining budget ₩400,000" in text and "Make a payment batch" in text
    assert "지급 총액" not in text and "점검하고 만들기" not in text
    budget_set(actor=w["users"]["city"], flow=w["flow"], district=w["units"]["GWANAK"], year=2021, amount=10_000_000,
               version=1)
    w["make"]("GWANAK", months=(3,), employees=55)
    assert c.post("/cases/money/batches/", {"flow": "RETENTION-2021", "district": w["units"]["GWANAK"].pk,
                                            "pay_on": "2021-04-30"}).status_code == 302
    batch = PaymentBatch.objects.get()
    assert re.fullmatch(r"2021-04-\d{4}", batch.number)
    page = c.get(f"/cases/money/batches/{batch.pk}/").content.decode()
    assert "Payment batch" in page and "Held payments" in page and "30 Apr 2021" in page and "₩500,000" in page
    assert "the firm has 55 employees (50 or more)" in page and "Payments: 1, ₩500,000" in page
    for korean in ("지급 보류", "사업장 근로자 수가", "보류 사유", "원<", "건 점검", "지급 완료로 기록"):
        assert korean not in page
    budgets = c.get("/cases/money/budgets/?flow=RETENTION-2021&year=2021").content.decode()
    assert "District budgets" in budgets and "GWANAK" not in re.sub(r"<[^>]+>", " ", budgets)


def _paid_case(w):  # type: ignore[no-untyped-def]
    from iljari.cases.money import batch_create, batch_mark_paid

    _budgets(w)
    case = w["make"]("GWANAK", months=(1, 2))
    officer = w["users"]["gwanak"]
    b = batch_create(actor=officer, flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    batch_mark_paid(actor=officer, batch=b, version=b.version)
    return case, PaymentBatch.objects.get(pk=b.pk)


def _panel(case, user):  # type: ignore[no-untyped-def]
    from iljari.cases.panels import panels_for

    request = RequestFactory().get("/")
    request.user = user
    (template, ctx), = [(t, c) for t, c in panels_for(request, case) if t == "cases/panels/money.html"]
    return render_to_string(template, ctx, request=request)


def test_the_city_acts_on_recoveries_and_reads_batches(paying) -> None:
    """The program's owning office (the city) decides and records recoveries of a district's case, as the
    district does; batches are the district's: the city is shown no button it may not press, and told who pays.
    Every form a page shows is one whose POST is allowed."""
    w = paying
    case, batch = _paid_case(w)
    city = _client(w["users"]["city"])
    # the case page's panel: the city may open a recovery, not change the district's account
    html = _panel(case, w["users"]["city"])
    assert "환수 건 만들기" in html and "지급 계좌 등록·변경" not in html
    r = city.post(f"/cases/money/cases/{case.pk}/", {"form": "recover", "payment": case.payments.get().pk,
                                                     "reason": "시 합동 점검에서 이중 수급 확인"})
    assert r.status_code == 302
    rec = Recovery.objects.get()
    assert city.post(f"/cases/money/cases/{case.pk}/", {"form": "account", "payee": "person", "bank_code": "004",
                                                        "account_number": "1234567", "holder": "x"}).status_code == 403
    page = city.get(f"/cases/money/recoveries/{rec.pk}/").content.decode()
    for button in ("환수 고지", "분할 납부 계획 저장", "납부 기록", "결손 처분"):
        assert f">{button}</button>" in page
    r = city.post(f"/cases/money/recoveries/{rec.pk}/", {"action": "notify", "version": rec.version,
                                                        "on": "2021-05-20"})
    assert r.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "notified"
    # another district's officer does not even see it
    assert _client(w["users"]["ydp"]).get(f"/cases/money/recoveries/{rec.pk}/").status_code == 404
    # batches: the city reads them, is offered nothing, is told who makes and pays them
    listing = city.get("/cases/money/batches/").content.decode()
    assert batch.number in listing and "점검하고 만들기" not in listing
    assert "지급 묶음은 자치구가 만들고 지급합니다" in listing
    open_batch = w["make"]("GWANAK", months=(3,))
    from iljari.cases.money import batch_create

    b2 = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 5, 31),
                      cases=[open_batch])
    page = city.get(f"/cases/money/batches/{b2.pk}/").content.decode()
    assert ">지급 완료로 기록</button>" not in page and ">이체 파일 내려받기</button>" not in page
    assert 'name="confirm"' not in page
    assert "이 묶음은 관악구 담당자가 처리합니다" in page
    assert city.post(f"/cases/money/batches/{b2.pk}/", {"action": "paid", "version": b2.version,
                                                        "confirm": "yes"}).status_code == 403


def test_forms_of_the_case_panel_return_to_the_case_page(paying) -> None:
    w = paying
    _budgets(w)
    case = w["make"]("GWANAK", months=(1,))
    c = _client(w["users"]["gwanak"])
    back = f"/cases/{case.reference}/#panel-money"
    r = c.post(f"/cases/money/cases/{case.pk}/", {"form": "account", "payee": "person", "bank_code": "088",
                                                  "account_number": "110-123-456789", "holder": "김민지"})
    assert r.status_code == 302 and r["Location"] == back
    page = c.get(r["Location"]).content.decode()
    panel = page.split('id="panel-money"')[1].split("</section>")[0]  # told where the page opens: in the panel
    assert 'id="money-note"' in panel and "지급 계좌를 저장했습니다." in panel
    assert "신한은행, 110*******89, 예금주 김*지" in panel and "김민지" not in panel
    assert "지급 계좌를 저장했습니다." not in c.get(r["Location"]).content.decode()  # said once
    c.post(f"/cases/money/cases/{case.pk}/", {"form": "account", "payee": "person", "bank_code": "088",
                                             "account_number": "110123456789", "holder": "김민지"})
    assert case.events.filter(data__money="account").count() == 1  # the same account again: nothing to record
    r = c.post(f"/cases/money/cases/{case.pk}/", {"form": "account", "payee": "person", "bank_code": "88",
                                                  "account_number": "x", "holder": ""})
    assert r.status_code == 302 and r["Location"] == back
    panel = c.get(r["Location"]).content.decode().split('id="panel-money"')[1].split("</section>")[0]
    assert 'role="alert"' in panel and "아무것도 저장하지 않았습니다" in panel
    assert "은행: " in panel and "예금주: " in panel
    c.cookies["django_language"] = "en"
    r = c.post(f"/cases/money/cases/{case.pk}/", {"form": "start", "on": "not a day"})
    page = c.get(r["Location"]).content.decode()
    assert r["Location"] == back and "Nothing was saved" in page and "Write the date as YYYY-MM-DD." in page


def test_batch_page_links_cases_masks_names_and_pages_long_lists(paying, monkeypatch) -> None:
    from iljari.cases import money_views
    from iljari.cases.money import batch_create

    monkeypatch.setattr(money_views, "PER_PAGE", 2)
    w = paying
    _budgets(w)
    cases = [w["make"]("GWANAK", months=(1,)) for _ in range(5)]
    held = w["make"]("GWANAK", months=(1,), employees=70)
    b = batch_create(actor=w["users"]["gwanak"], flow=w["flow"], district=w["units"]["GWANAK"], pay_on=D(2021, 4, 30))
    c = _client(w["users"]["gwanak"])
    page = c.get(f"/cases/money/batches/{b.pk}/").content.decode()
    for case in cases[:2]:
        assert f'<a href="/cases/{case.reference}/">{case.reference}</a>' in page
        assert case.person.name not in page and f"{case.person.name[0]}*" in page
    assert cases[2].reference not in page and "1 / 3" in page and "page=2&amp;held=1#batch-payments" in page
    assert f'<a href="/cases/{held.reference}/">{held.reference}</a>' in page
    last = c.get(f"/cases/money/batches/{b.pk}/?page=3").content.decode()
    assert cases[4].reference in last and cases[0].reference not in last.split('id="payments"')[1]
    assert c.get(f"/cases/money/batches/{b.pk}/?page=x").status_code == 200


def test_a_batch_that_would_hold_everything_says_why_on_the_page(paying) -> None:
    w = paying
    _budgets(w)
    w["make"]("GWANAK", months=(1,), employees=70)
    c = _client(w["users"]["gwanak"])
    r = c.post("/cases/money/batches/", {"flow": "RETENTION-2021", "district": w["units"]["GWANAK"].pk,
                                         "pay_on": "2021-04-30"})
    assert r.status_code == 400
    assert "점검한 1건 모두 보류 대상입니다 (사업장 규모 기준 초과 1건)" in r.content.decode()
    assert not PaymentBatch.objects.exists()
