"""Review before any exclusion: a review-band link keeps its alert waiting until an officer decides; a decision is
remembered while both records are unchanged, re-clusters the persons and re-checks their alerts."""

from __future__ import annotations

import pytest

from iljari.audit.models import AuditEntry
from iljari.people.alerts import alert_decide, alerts_refresh
from iljari.people.models import Alert, Person, PersonLink

from .alerts_helpers import D, benefit, link, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tree, make_program, actor):
    gwanak = tree["GWANAK"]
    sub, pub = make_program("SUB", owner="GWANAK-JOB"), make_program("PUB", owner="GWANAK-JOB")
    a = person("이영희", district=gwanak)
    b = person("이영히", district=gwanak, source="applicant", phone="010-9999-5678")
    benefit(a, sub, gwanak, "subsidy", D(2021, 3, 1), D(2021, 3, 31), amount=500_000)
    benefit(b, pub, gwanak, "paid", D(2021, 3, 2), D(2021, 6, 30))
    lk = link(a, b, band="review", probability=0.91)
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    return a, b, lk


def test_review_band_alert_waits_and_cannot_be_confirmed(pair, actor, login):
    _a, _b, lk = pair
    alert = Alert.objects.get()
    assert alert.status == "link_review" and alert.link == lk and alert.probability == pytest.approx(0.91)
    with pytest.raises(Exception, match="동일인 확인이 먼저"):
        alert_decide(actor=actor, alert=alert, decision="confirmed", version=alert.version)
    page = login("district_officer", "GWANAK").get(f"/alerts/{alert.pk}/").content.decode()
    assert "동일인" in page and f"/links/{lk.pk}/" in page
    # the queue shows both records side by side, phones masked
    queue = login("district_officer", "GWANAK", username="q").get("/links/").content.decode()
    assert "이영희" in queue and "이영히" in queue and "010-****-5678" in queue and "010-9999-5678" not in queue


def test_same_decision_opens_the_alert_and_joins_the_cluster(pair, login):
    a, b, lk = pair
    officer = login("district_officer", "GWANAK")
    r = officer.post(f"/links/{lk.pk}/", {"decision": "same", "reason": "전화번호 뒷자리와 생년월일 일치",
                                          "version": lk.version})
    assert r.status_code == 302
    lk.refresh_from_db()
    assert lk.decision == "same" and (lk.left_version, lk.right_version) == (1, 1)
    assert Person.objects.get(pk=b.pk).cluster_id == Person.objects.get(pk=a.pk).cluster_id == min(a.pk, b.pk)
    alert = Alert.objects.get()
    assert alert.status == "open"
    assert AuditEntry.objects.filter(object_type="people.personlink", object_id=str(lk.pk),
                                     reason="전화번호 뒷자리와 생년월일 일치").exists()
    assert "이영희" not in officer.get("/links/").content.decode()  # decided: not asked again
    check = {row["band"]: row for row in officer.get("/links/").context["check"]}
    assert check["확인 필요"]["same"] == 1 and check["확인 필요"]["different"] == 0  # labels that check the model
    assert check["동일인"]["total"] == 0


def test_different_decision_removes_the_alert_and_is_remembered(pair, actor, login):
    _a, b, lk = pair
    officer = login("district_officer", "GWANAK")
    assert officer.post(f"/links/{lk.pk}/", {"decision": "different", "reason": ""}).status_code == 400  # reason
    r = officer.post(f"/links/{lk.pk}/", {"decision": "different", "reason": "쌍둥이 자매", "version": lk.version})
    assert r.status_code == 302
    assert not Alert.objects.exists()
    alerts_refresh(actor=actor, on=D(2021, 5, 1))  # a later full run does not raise it again
    assert not Alert.objects.exists()
    assert "이영히" not in officer.get("/links/").content.decode()
    # once a record changes, the decision no longer stands: the link is asked again and the alert waits again
    Person.objects.filter(pk=b.pk).update(version=2, phone="010-1111-2222")
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    assert Alert.objects.get().status == "link_review"
    assert "이영히" in officer.get("/links/").content.decode()


def test_not_the_same_person_from_the_alert_sets_the_link(pair, actor, login):
    _a, _b, lk = pair
    PersonLink.objects.filter(pk=lk.pk).update(band="same")  # above the threshold: the alert is open
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    alert = Alert.objects.get()
    assert alert.status == "open"
    officer = login("district_officer", "GWANAK")
    r = officer.post(f"/alerts/{alert.pk}/", {"decision": "not_same", "reason": "주소가 다른 동명이인",
                                              "version": alert.version})
    assert r.status_code == 302
    lk.refresh_from_db()
    alert.refresh_from_db()
    assert lk.decision == "different" and alert.status == "not_same"
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    assert list(Alert.objects.values_list("status", flat=True)) == ["not_same"]


def test_stale_version_is_refused(pair, login):
    _a, _b, lk = pair
    officer = login("district_officer", "GWANAK")
    r = officer.post(f"/links/{lk.pk}/", {"decision": "same", "reason": "확인", "version": lk.version + 5})
    assert r.status_code == 409


def test_other_district_cannot_see_the_link(pair, actor):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from iljari.access.services import membership_grant
    from iljari.orgs.models import OrgUnit
    from iljari.orgs.services import org_unit_create

    _a, _b, lk = pair
    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district",
                          parent=OrgUnit.objects.get(code="SEOUL"))
    u = get_user_model().objects.create_user("ydp")
    membership_grant(actor=None, user=u, role="district_officer", org_unit=ydp)
    c = Client()
    c.force_login(u)
    assert c.get(f"/links/{lk.pk}/").status_code == 404
    assert "이영희" not in c.get("/links/").content.decode()
