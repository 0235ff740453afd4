"""The counsellors' registration pages: lists with filters (the centre's own records only, phones masked), the
forms (refusals beside their fields, nothing saved), and the approval queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.employment.models import Employer, Seeker, Vacancy

pytestmark = pytest.mark.django_db

SOON = (timezone.localdate() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def gwanak(login):  # type: ignore[no-untyped-def]
    return login("district_officer", "GWANAK")


def test_seeker_list_shows_own_centre_and_masks_phones(gwanak, make_seeker, login):
    make_seeker(name="김관악", phone="010-1234-5678")
    make_seeker(name="이서울", centre="SEOUL", phone="010-5555-6666")
    page = gwanak.get("/centres/seekers/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "김관악" in page and "010-****-5678" in page and "010-1234-5678" not in page
    assert "이서울" not in page  # another centre's seeker
    assert login("reviewer").get("/centres/seekers/").status_code == 403


def test_seeker_list_filters(gwanak, make_seeker):
    make_seeker(name="김사무", occupations=("02",), registered_on=dt.date(2024, 3, 5))
    make_seeker(name="박요리", occupations=("53",), registered_on=dt.date(2024, 4, 5), status="placed")
    assert "박요리" not in gwanak.get("/centres/seekers/?occupation=02").content.decode()
    assert "김사무" in gwanak.get("/centres/seekers/?occupation=0").content.decode()
    by_month = gwanak.get("/centres/seekers/?month=2024-04").content.decode()
    assert "박요리" in by_month and "김사무" not in by_month
    assert "김사무" not in gwanak.get("/centres/seekers/?status=placed").content.decode()
    # hostile filters are ignored (a NUL is the middleware's 400), never a 500
    assert gwanak.get("/centres/seekers/?month=2024-99&status=x&page=x&centre=" + "A" * 500).status_code == 200
    assert gwanak.get("/centres/seekers/?status=%00").status_code == 400


def test_new_seeker_form_registers_and_goes_to_the_seeker(gwanak, centres):
    page = gwanak.get("/centres/seekers/new/").content.decode()
    assert "<optgroup" in page and "경영·행정·사무직" in page  # occupations grouped by major category
    r = gwanak.post("/centres/seekers/new/", {
        "centre": centres["GWANAK"].pk, "name": "최신규", "birth_date": "1995-07-01", "phone": "010-2222-3333",
        "home_district": "GWANAK", "desired_occupations": ["02", "56"], "commute": "neighbour",
        "wage_type": "monthly", "desired_wage": "2,400,000", "education": "high", "licences": ["S-EXCEL"]})
    assert r.status_code == 302
    s = Seeker.objects.get(person__name="최신규")
    assert r["Location"] == f"/centres/seekers/{s.pk}/"
    assert s.desired_wage == 2_400_000 and s.counsellor is not None and s.channel == "counsellor"


def test_new_seeker_form_refusal_is_beside_its_field(gwanak, centres):
    r = gwanak.post("/centres/seekers/new/", {
        "centre": centres["GWANAK"].pk, "name": "최신규", "birth_date": "2999-01-01", "commute": "neighbour",
        "wage_type": "monthly", "education": "none"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400
    assert "생년월일이 올바르지 않습니다" in r.content.decode()
    assert not Seeker.objects.exists()


def test_new_seeker_for_another_centre_is_refused(gwanak, centres):
    r = gwanak.post("/centres/seekers/new/", {"centre": centres["SEOUL"].pk, "name": "x", "birth_date": "1990-01-01",
                                              "commute": "neighbour", "wage_type": "monthly", "education": "none"})
    assert r.status_code == 400 and not Seeker.objects.exists()


def _vacancy_post(centres, **kw):  # type: ignore[no-untyped-def]
    data = {"centre": centres["GWANAK"].pk, "title": "사무보조원", "occupation_code": "02", "district": "GWANAK",
            "wage_type": "monthly", "wage": "2,300,000", "hours_per_week": "40", "contract": "permanent",
            "openings": "2", "education": "none", "deadline": SOON}
    data.update(kw)
    return data


def test_new_vacancy_with_an_inline_employer(gwanak, centres):
    r = gwanak.post("/centres/vacancies/new/", _vacancy_post(
        centres, new_employer_name="㈜새기업", new_business_number="134-86-72683", new_contact_phone="02-880-0000"))
    assert r.status_code == 302, r.content.decode()[:3000]
    v = Vacancy.objects.get()
    assert r["Location"] == f"/centres/vacancies/{v.pk}/"
    assert (v.status, v.employer.name, v.employer.business_number, v.openings) == ("open", "㈜새기업",
                                                                                   "1348672683", 2)


def test_new_vacancy_below_minimum_wage_saves_nothing(gwanak, centres):
    r = gwanak.post("/centres/vacancies/new/", _vacancy_post(
        centres, wage="1,000,000", new_employer_name="㈜새기업", new_business_number="134-86-72683"),
        HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400
    assert "최저임금" in r.content.decode()
    assert not Vacancy.objects.exists() and not Employer.objects.exists()  # the inline employer is not kept


def test_new_vacancy_bad_business_number_beside_the_field(gwanak, centres):
    r = gwanak.post("/centres/vacancies/new/", _vacancy_post(
        centres, new_employer_name="㈜새기업", new_business_number="134-86-72684"), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert "business registration number is not valid" in r.content.decode()


def test_new_vacancy_for_a_registered_employer(gwanak, centres, make_employer):
    e = make_employer(name="㈜기존")
    r = gwanak.post("/centres/vacancies/new/", _vacancy_post(centres, employer=str(e.pk)))
    assert r.status_code == 302 and Vacancy.objects.get().employer == e


def test_vacancy_list_filters(gwanak, make_vacancy, tree):
    make_vacancy(title="사무원A", occupation="02")
    make_vacancy(title="조리원B", occupation="53", deadline=timezone.localdate() + dt.timedelta(days=3))
    make_vacancy(title="서울C", centre="SEOUL")
    page = gwanak.get("/centres/vacancies/").content.decode()
    assert "사무원A" in page and "조리원B" in page and "서울C" not in page
    assert "사무원A" not in gwanak.get("/centres/vacancies/?occupation=53").content.decode()
    soon = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    page = gwanak.get(f"/centres/vacancies/?deadline_to={soon}").content.decode()
    assert "조리원B" in page and "사무원A" not in page
    assert "사무원A" not in gwanak.get("/centres/vacancies/?district=YDP").content.decode()
    assert "월급 2,300,000원" in gwanak.get("/centres/vacancies/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()


def test_approval_queue_approve_and_reject(gwanak, make_vacancy):
    a = make_vacancy(title="온라인A", status="pending", channel="online")
    b = make_vacancy(title="온라인B", status="pending", channel="online")
    page = gwanak.get("/centres/vacancies/approvals/").content.decode()
    assert "온라인A" in page and "온라인B" in page
    r = gwanak.post(f"/centres/vacancies/{a.pk}/decide/", {"decision": "approve", "version": a.version})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == "open" and a.approved_by is not None
    # rejecting needs a reason
    r = gwanak.post(f"/centres/vacancies/{b.pk}/decide/", {"decision": "reject", "version": b.version, "reason": ""},
                    HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "반려 사유를 적으십시오" in r.content.decode()
    r = gwanak.post(f"/centres/vacancies/{b.pk}/decide/", {"decision": "reject", "version": b.version,
                                                          "reason": "연락처 확인 불가"})
    b.refresh_from_db()
    assert r.status_code == 302 and (b.status, b.reject_reason) == ("rejected", "연락처 확인 불가")
    # a stale approval is a conflict
    c = make_vacancy(title="온라인C", status="pending", channel="online")
    r = gwanak.post(f"/centres/vacancies/{c.pk}/decide/", {"decision": "approve", "version": c.version + 1})
    assert r.status_code == 409
    c.refresh_from_db()
    assert c.status == "pending"


def test_another_centres_vacancy_cannot_be_decided(gwanak, make_vacancy):
    v = make_vacancy(centre="SEOUL", status="pending", channel="online")
    r = gwanak.post(f"/centres/vacancies/{v.pk}/decide/", {"decision": "approve", "version": v.version})
    assert r.status_code == 404
    v.refresh_from_db()
    assert v.status == "pending"


def test_employers_list_and_edit(gwanak, make_employer, centres):
    e = make_employer(name="㈜관악상사", contact_phone="010-7777-8888")
    page = gwanak.get("/centres/employers/").content.decode()
    assert "㈜관악상사" in page and "010-****-8888" in page
    r = gwanak.post(f"/centres/employers/{e.pk}/", {"name": "㈜관악상사", "business_number": "134-86-72683",
                                                    "sector": "도소매업", "version": e.version})
    assert r.status_code == 302
    e.refresh_from_db()
    assert (e.sector, e.business_number, e.version) == ("도소매업", "1348672683", 2)
    r = gwanak.post(f"/centres/employers/{e.pk}/", {"name": "㈜관악상사", "business_number": "134-86-72683",
                                                    "sector": "제조업", "version": 1})
    assert r.status_code == 409


def test_new_employer_form(gwanak, centres):
    r = gwanak.post("/centres/employers/new/", {"centre": centres["GWANAK"].pk, "name": "㈜가나",
                                               "business_number": "1348672684"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "사업자등록번호가 올바르지 않습니다" in r.content.decode()
    r = gwanak.post("/centres/employers/new/", {"centre": centres["GWANAK"].pk, "name": "㈜가나",
                                               "business_number": "134-86-72683"})
    assert r.status_code == 302 and Employer.objects.get().centre == centres["GWANAK"]


def test_the_lists_find_a_seeker_by_name_and_a_vacancy_by_title(make_seeker, make_vacancy, login):
    make_seeker(name="최말순", phone="010-5555-1234")
    make_seeker(name="김다른")
    make_vacancy(title="구내식당 조리원")
    make_vacancy(title="사무보조원")
    c = login("district_officer", "GWANAK", username="finder")
    html = c.get("/centres/seekers/?q=말순", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "최말순" in html and "김다른" not in html
    html = c.get("/centres/seekers/?q=5555-1234", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "최말순" in html and "김다른" not in html
    html = c.get("/centres/vacancies/?q=조리", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "구내식당 조리원" in html and "사무보조원" not in html


def test_vacancy_list_opens_on_open_vacancies_nearest_deadline_first_then_the_newest_closed(gwanak, make_vacancy):
    today = timezone.localdate()
    make_vacancy(title="오래된마감", status="closed", posted_on=dt.date(2017, 1, 2), deadline=dt.date(2017, 2, 1))
    make_vacancy(title="최근마감", status="closed", deadline=today - dt.timedelta(days=2))
    make_vacancy(title="늦은모집", deadline=today + dt.timedelta(days=20))
    make_vacancy(title="곧마감", deadline=today + dt.timedelta(days=1))
    page = gwanak.get("/centres/vacancies/").content.decode()
    order = sorted(["오래된마감", "최근마감", "늦은모집", "곧마감"], key=page.index)
    assert order == ["곧마감", "늦은모집", "최근마감", "오래된마감"]
