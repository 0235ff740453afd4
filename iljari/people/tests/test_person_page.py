"""The person page: the history shows only after a purpose is given, each view is an audit row; scope; masking."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.audit.models import AuditEntry
from iljari.people.models import BenefitRecord, Person, PersonLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, actor, make_program):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create

    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    tree["YDP"] = ydp
    gwanak_pw = make_program("GPW", owner="GWANAK-JOB")
    ydp_pw = make_program("YPW", owner="YDP")
    lee = Person.objects.create(name="이영희", birth_date=dt.date(1975, 4, 12), sex="F", phone="010-2345-6789",
                                address="서울 관악구 관악로 1", source="list", source_ref="list:1:row:2",
                                district=tree["GWANAK"])
    lee2 = Person.objects.create(name="이영히", birth_date=dt.date(1975, 4, 12), sex="F", phone="010-2345-0000",
                                 source="list", source_ref="list:2:row:2", district=ydp)
    lee.cluster_id = lee2.cluster_id = lee.pk
    lee.save()
    lee2.save()
    BenefitRecord.objects.create(person=lee, program=gwanak_pw, org_unit=tree["GWANAK"], kind="paid",
                                 start=dt.date(2024, 9, 1), end=dt.date(2024, 12, 31), months=4, amount=None,
                                 source="list", source_ref="list:1:row:2")
    BenefitRecord.objects.create(person=lee2, program=ydp_pw, org_unit=ydp, kind="paid", start=dt.date(2024, 1, 1),
                                 end=dt.date(2024, 8, 31), months=8, amount=6_400_000, source="list",
                                 source_ref="list:2:row:2")
    PersonLink.objects.create(left=lee, right=lee2, probability=0.987, band="review",
                              contributions=[{"field": "이름", "level": "자모 1개 차이", "weight": 3.2},
                                             {"field": "휴대전화", "level": "가운데 번호 다름", "weight": -1.5}])
    return {"lee": lee, "lee2": lee2}


def test_the_history_needs_a_purpose_and_each_view_is_audited(world, login):
    officer = login("district_officer", "GWANAK")
    url = f"/people/{world['lee'].pk}/"
    page = officer.get(url).content.decode()
    assert "열람 목적" in page and "6,400,000" not in page and "이중수급 점검" in page
    assert "010-****-6789" in page and "010-2345-6789" not in page
    assert officer.post(url, {"purpose": ""}).status_code == 400
    assert officer.post(url, {"purpose": "other", "detail": ""}).status_code == 400
    assert not AuditEntry.objects.filter(object_type="people.person").exists()
    r = officer.post(url, {"purpose": "double_benefit"})
    page = r.content.decode()
    assert r.status_code == 200
    # the whole cluster's history, the other district's months included, with the amount or '-'
    assert "2024.01~2024.08" in page and "6,400,000" in page and "2024.09~2024.12" in page
    assert "유급 참여 모두 12개월" in page
    assert "98.7%" in page and "이름: 자모 1개 차이 (동일인 쪽 +" in page
    entry = AuditEntry.objects.get(object_type="people.person", object_id=str(world["lee"].pk))
    assert entry.action == "reveal" and entry.after["purpose"] == "double_benefit" and "이중수급 점검" in entry.reason
    officer.post(url, {"purpose": "other", "detail": "민원 회신"})
    assert AuditEntry.objects.filter(object_type="people.person", action="reveal").count() == 2


def test_another_districts_officer_does_not_find_the_person(world, login):
    from django.test import Client

    from iljari.access.services import membership_grant

    assert login("district_officer", "GWANAK").get(f"/people/{world['lee2'].pk}/").status_code == 404
    from django.contrib.auth import get_user_model

    from iljari.orgs.models import OrgUnit

    user = get_user_model().objects.create_user("ydp")
    membership_grant(actor=None, user=user, role="district_officer", org_unit=OrgUnit.objects.get(code="YDP"))
    c = Client()
    c.force_login(user)
    assert c.get(f"/people/{world['lee2'].pk}/").status_code == 200
    assert c.post(f"/people/{world['lee'].pk}/", {"purpose": "complaint"}).status_code == 404
    assert login("reviewer").get(f"/people/{world['lee'].pk}/").status_code == 403  # no view_person


def test_search_finds_only_persons_in_scope_masked(world, login):
    officer = login("district_officer", "GWANAK")
    page = officer.get("/people/", {"name": "이영희", "birth_date": "1975-04-12"}).content.decode()
    results = page.split("</form>")[-1]  # the form keeps what was typed; the results are masked
    assert "이*희" in results and "010-****-6789" in results and "이영희" not in results
    assert "이*히" not in officer.get("/people/", {"phone": "010-2345-0000"}).content.decode()
    assert "이*히" in login("portfolio").get("/people/", {"phone": "01023450000"}).content.decode()
    assert officer.get("/people/", {"name": "이영희"}).status_code == 400  # a name alone finds nobody


def test_applicant_page_links_to_the_person(tree, actor, make_program, login):
    from iljari.participants.models import RecruitmentRound
    from iljari.participants.services import application_apply

    rnd = RecruitmentRound.objects.create(program=make_program("PW", owner="GWANAK-JOB"), name="r",
                                          apply_from=dt.date(2024, 1, 1), apply_to=dt.date(2024, 1, 31),
                                          work_from=dt.date(2024, 3, 1), work_to=dt.date(2024, 6, 30), places=1)
    app = application_apply(actor=actor, round=rnd, rrn="850101-1000001", channel="officer", on=dt.date(2024, 1, 5),
                            data={"name": "신청자", "district": "GWANAK"})
    officer = login("district_officer", "GWANAK")
    person = app.applicant.person
    assert f"/people/{person.pk}/" in officer.get(f"/rounds/{rnd.pk}/").content.decode()
    page = officer.get(f"/people/{person.pk}/").content.decode()
    assert "850101-1******" in page and "850101-1000001" not in page


def test_the_api_masks_lists_and_audits_a_history_with_its_purpose(world, login):
    officer = login("district_officer", "GWANAK")
    rows = officer.get("/api/persons/", {"name": "이영희", "birth_date": "1975-04-12"},
                       HTTP_ACCEPT="application/json").json()["results"]
    assert [(r["name"], r["phone"]) for r in rows] == [("이*희", "010-****-6789")]
    url = f"/api/persons/{world['lee'].pk}/"
    bad = officer.get(url, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "purpose"
    assert not AuditEntry.objects.filter(object_type="people.person").exists()
    body = officer.get(url, {"purpose": "before_selection"}, HTTP_ACCEPT="application/json").json()
    assert body["name"] == "이영희" and [(b["start"], b["months"], b["amount"]) for b in body["benefits"]] == [
        ("2024-01-01", 8, 6_400_000), ("2024-09-01", 4, None)]
    assert AuditEntry.objects.get(object_type="people.person").after["purpose"] == "before_selection"
    assert officer.get(f"/api/persons/{world['lee2'].pk}/", {"purpose": "complaint"},
                       HTTP_ACCEPT="application/json").status_code == 404
    # benefit records: only those of the officer's units
    mine = officer.get("/api/benefits/", HTTP_ACCEPT="application/json").json()["results"]
    assert [(b["org_unit"], b["months"]) for b in mine] == [("GWANAK", 4)]
    assert officer.get("/api/benefits/", {"person": "99999999999999999999"},
                       HTTP_ACCEPT="application/json").status_code == 400


def test_the_history_reads_in_english_on_the_english_switch(world, login, settings):
    officer = login("district_officer", "GWANAK")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = officer.post(f"/people/{world['lee'].pk}/", {"purpose": "complaint"}).content.decode()
    assert "paid participation" in page and "participant list" in page and "to review" in page
    assert "유급 참여" not in page and "확인 필요" not in page
