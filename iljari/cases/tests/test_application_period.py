"""The application period (신청 기간, a dated `applications` rule): claims received outside it are refused at
every door, the public form closes and says why; a subsidy paid in stages is applied for at the district."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from iljari.cases.models import Case, CaseRule
from iljari.cases.subsidy import claim_submit
from iljari.core.errors import ErrorCode, ServiceError


@pytest.fixture
def march(case_world):  # type: ignore[no-untyped-def]
    cache.clear()
    flow = case_world["flows"]["RETENTION-2021"]
    CaseRule.objects.create(flow=flow, kind=CaseRule.Kind.APPLICATIONS, valid_from=dt.date(2021, 3, 1),
                            params={"start": "2021-03-01", "end": "2021-03-31"})
    return case_world


def _claim(w, applied_on):  # type: ignore[no-untyped-def]
    return claim_submit(actor=w["users"]["gwanak"], flow=w["flows"]["RETENTION-2021"], district=w["units"]["GWANAK"],
                        firm={"name": "관악식당", "business_number": "1048196087", "employees": 12},
                        worker={"name": "김근로", "birth_date": dt.date(1990, 5, 1)}, months=[("2021-01", 10)],
                        insured_until=dt.date(2021, 4, 30), applied_on=applied_on)


def test_desk_claim_outside_the_period_refused(march) -> None:
    with pytest.raises(ServiceError) as e:
        _claim(march, dt.date(2021, 4, 1))
    (p,) = e.value.problems
    assert p.code == ErrorCode.OUT_OF_RANGE and p.field == "applied_on"
    assert p.message_ko == "접수일 2021. 4. 1.은 신청 기간(2021. 3. 1.~2021. 3. 31.) 밖입니다"
    assert not Case.objects.exists()
    assert _claim(march, dt.date(2021, 3, 31)).stage.code == "received"


def test_public_form_closed_after_the_period(march) -> None:
    c = Client()
    page = c.get("/grants/subsidies/RETENTION-2021/").content.decode()
    assert "신청 기간: 2021. 3. 1. ~ 2021. 3. 31." in page and "신청 기간이 끝났습니다" in page
    assert "/grants/subsidies/RETENTION-2021/apply/" not in page
    r = c.get("/grants/subsidies/RETENTION-2021/apply/")
    assert r.status_code == 200 and 'name="business_number"' not in r.content.decode()
    assert c.post("/grants/subsidies/RETENTION-2021/apply/", {"firm_name": "x"}).status_code == 400
    assert not Case.objects.exists()
    # the index lists it as closed, and the calls
    index = c.get("/grants/").content.decode()
    assert "무급휴직 근로자 고용유지지원금" in index and "접수 마감" in index


def test_staged_subsidy_applied_for_at_the_district(case_world) -> None:
    c = Client()
    page = c.get("/grants/subsidies/WOMEN-INTERN/").content.decode()
    assert "자치구 일자리 부서에 신청합니다" in page and "/grants/subsidies/WOMEN-INTERN/apply/" not in page
    assert c.get("/grants/subsidies/WOMEN-INTERN/apply/").status_code == 404


def test_login_page_leads_citizens_to_their_pages(case_world) -> None:
    page = Client().get("/login/").content.decode()
    assert 'href="/grants/"' in page and "지원금·공모" in page and 'href="/cafes/"' in page
