"""The double-receipt check: rules applied to one person's benefits across programs (issue 14, acceptance 2)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from iljari.audit.models import AuditEntry
from iljari.people.alerts import alerts_refresh, outstanding
from iljari.people.models import Alert, DoubleBenefitRule, RecoveryCase

from .alerts_helpers import D, benefit, link, person, subsidy_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def progs(make_program):
    return {"subsidy": make_program("SUB", owner="GWANAK-JOB"), "public": make_program("PUB", owner="GWANAK-JOB"),
            "other": make_program("OTH", owner="JOBPOL")}


def test_default_rules_are_dated_data_citing_the_seeds():
    rules = {r.kind: r for r in DoubleBenefitRule.objects.all()}
    assert set(rules) == {"overlap", "months_cap", "subsidy_while_paid", "two_districts"}
    assert rules["months_cap"].params == {"months": 10, "years": 2, "kinds": ["paid"]}
    assert "2년간 10개월 초과 근무자" in rules["months_cap"].label and "참고자료 002" in rules["months_cap"].label
    assert "이중" in rules["subsidy_while_paid"].label and "참고자료 001" in rules["subsidy_while_paid"].label


def _acceptance(tree, progs):
    gwanak = tree["GWANAK"]
    batch = subsidy_list(gwanak, progs["subsidy"])
    listed = person("김영희", district=gwanak)
    subsidy = benefit(listed, progs["subsidy"], gwanak, "subsidy", D(2021, 3, 1), D(2021, 3, 31), amount=500_000,
                      batch=batch, ref="list:1:row:2")
    applicant = person("김영희", district=gwanak, source="applicant")
    paid = benefit(applicant, progs["public"], gwanak, "paid", D(2021, 3, 2), D(2021, 6, 30), amount=6_400_000)
    return listed, applicant, subsidy, paid


def test_acceptance_subsidy_while_paid_one_alert_then_a_recovery_that_balances(tree, progs, actor, login):
    listed, applicant, subsidy, paid = _acceptance(tree, progs)
    link(listed, applicant, band="same", probability=0.998)
    counts = alerts_refresh(actor=actor, on=D(2021, 5, 1))
    alerts = list(Alert.objects.all())
    assert len(alerts) == 1 and counts["created"] == 1
    a = alerts[0]
    assert a.rule.kind == "subsidy_while_paid" and a.status == "open"
    assert (a.overlap_days, a.overlap_months, a.overlap_won) == (30, 1, 500_000)
    assert set(a.records.all()) == {subsidy, paid}
    assert a.org_unit == tree["GWANAK"] and a.program == progs["public"]  # the later benefit's officer acts
    assert a.probability == pytest.approx(0.998)
    # a second run raises nothing new
    assert alerts_refresh(actor=actor, on=D(2021, 5, 1)).get("created", 0) == 0
    assert Alert.objects.count() == 1

    officer = login("district_officer", "GWANAK")
    page = officer.get(f"/alerts/{a.pk}/").content.decode()
    assert "30일" in page and "500,000원" in page and "1개월" in page
    assert "자모 1개 차이" in page and "99.8%" in page  # the link's probability and each field's contribution

    r = officer.post(f"/alerts/{a.pk}/", {"decision": "confirmed", "amount": "500,000", "notice_date": "2021-06-01",
                                          "reason": "", "version": a.version})
    case = RecoveryCase.objects.get(alert=a)
    assert r.status_code == 302 and r["Location"] == f"/recoveries/{case.pk}/"
    assert case.amount == 500_000 and outstanding(case) == 500_000

    r = officer.post(f"/recoveries/{case.pk}/", {"form": "payment", "pay-paid_on": "2021-07-01",
                                                 "pay-amount": "200,000", "pay-version": case.version})
    assert r.status_code == 302
    case.refresh_from_db()
    assert outstanding(case) == 300_000
    r = officer.post(f"/recoveries/{case.pk}/", {"form": "payment", "pay-paid_on": "2021-07-02",
                                                 "pay-amount": "300,001", "pay-version": case.version})
    assert r.status_code == 400 and "남은 환수액 300,000원" in r.content.decode()
    r = officer.post(f"/recoveries/{case.pk}/", {"form": "payment", "pay-paid_on": "2021-07-02",
                                                 "pay-amount": "300,000", "pay-version": case.version})
    assert r.status_code == 302
    case.refresh_from_db()
    assert outstanding(case) == 0
    page = officer.get(f"/recoveries/{case.pk}/").content.decode()
    assert "200,000" in page and "300,000" in page
    assert AuditEntry.objects.filter(object_type="people.recoverypayment").count() == 2
    assert AuditEntry.objects.filter(object_type="people.alert", object_id=str(a.pk), action="update").exists()
    # decided: not raised again while its records are unchanged
    alerts_refresh(actor=actor, on=D(2021, 8, 1))
    assert list(Alert.objects.values_list("status", flat=True)) == ["confirmed"]


def test_months_cap_counts_months_across_programs(tree, progs, actor):
    gwanak = tree["GWANAK"]
    p = person("박철수", district=gwanak)
    a = benefit(p, progs["public"], gwanak, "paid", D(2020, 1, 1), D(2020, 6, 30))  # 6 months
    b = benefit(p, progs["other"], tree["JOBPOL"], "paid", D(2020, 9, 1), D(2021, 1, 31))  # 5 months
    far = benefit(p, progs["other"], tree["JOBPOL"], "paid", D(2015, 1, 1), D(2015, 3, 31))  # outside 2 years
    alerts_refresh(actor=actor, on=D(2021, 3, 1))
    cap = Alert.objects.get(rule__kind="months_cap")
    assert set(cap.records.all()) == {a, b} and far not in cap.records.all()
    assert cap.detail["months_counted"] == 11 and cap.overlap_months == 1
    assert cap.program == progs["other"]
    # one program alone stays under the cap: no alert
    b.delete()
    alerts_refresh(actor=actor, on=D(2021, 3, 1))
    assert not Alert.objects.filter(rule__kind="months_cap").exists()


def test_overlap_and_two_districts(tree, progs, actor, codes):
    from iljari.orgs.services import org_unit_create

    gwanak = tree["GWANAK"]
    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    p = person("이민수", district=gwanak)
    benefit(p, progs["public"], gwanak, "paid", D(2022, 1, 1), D(2022, 3, 31), amount=3_000_000)
    benefit(p, progs["public"], ydp, "paid", D(2022, 3, 15), D(2022, 4, 30), amount=2_000_000)
    benefit(p, progs["other"], tree["JOBPOL"], "paid", D(2022, 3, 20), D(2022, 3, 25), amount=100_000)
    alerts_refresh(actor=actor, on=D(2022, 5, 1))
    kinds = sorted(Alert.objects.values_list("rule__kind", flat=True))
    assert kinds == ["overlap", "overlap", "two_districts"]
    two = Alert.objects.get(rule__kind="two_districts")
    assert two.overlap_days == 17 and two.org_unit == ydp and two.overlap_won == 1_000_000


def test_rule_outside_its_dates_or_inactive_raises_nothing(tree, progs, actor):
    listed, applicant, *_ = _acceptance(tree, progs)
    link(listed, applicant, band="same")
    DoubleBenefitRule.objects.filter(kind="subsidy_while_paid").update(active=False)
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    assert not Alert.objects.exists()
    DoubleBenefitRule.objects.filter(kind="subsidy_while_paid").update(active=True, valid_to=D(2020, 12, 31))
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    assert not Alert.objects.exists()


def test_another_districts_officer_sees_404_and_lists_exclude_it(tree, progs, actor, login, make_user):
    from iljari.orgs.services import org_unit_create

    listed, applicant, *_ = _acceptance(tree, progs)
    link(listed, applicant, band="same")
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    a = Alert.objects.get()
    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    from django.contrib.auth import get_user_model
    from django.test import Client

    from iljari.access.services import membership_grant

    u = get_user_model().objects.create_user("ydp-officer")
    membership_grant(actor=None, user=u, role="district_officer", org_unit=ydp)
    other = Client()
    other.force_login(u)
    assert other.get(f"/alerts/{a.pk}/").status_code == 404
    assert other.post(f"/alerts/{a.pk}/", {"decision": "justified", "reason": "x"}).status_code == 404
    assert "김*희" not in other.get("/alerts/").content.decode()
    assert login("reviewer").get("/alerts/").status_code == 403
    page = login("district_officer", "GWANAK").get("/alerts/").content.decode()
    assert "김*희" in page and "김영희" not in page  # names masked in the list
    assert AuditEntry.objects.filter(object_type="people.alert", action="import").exists()


def test_export_has_no_formulas(tree, progs, actor, login):
    gwanak = tree["GWANAK"]
    p = person('=HYPERLINK("http://x","a")', district=gwanak)
    benefit(p, progs["public"], gwanak, "paid", D(2021, 1, 1), D(2021, 3, 31))
    r = benefit(p, progs["other"], tree["JOBPOL"], "paid", D(2021, 2, 1), D(2021, 2, 28))
    r.program_name = "=1+1"
    r.program = None
    r.save()
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    resp = login("portfolio").get("/alerts/export/?status=all")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert len(list(ws.iter_rows())) == 2
    assert all(c.data_type != "f" for c in cells)
    assert any("=1+1" in str(c.value) for c in cells)


def test_benefit_rule_editor_typed_versioned_audited(login, actor):
    rule = DoubleBenefitRule.objects.get(kind="months_cap")
    office = login("portfolio")
    page = office.get(f"/benefit-rules/?rule={rule.pk}").content.decode()
    assert "모든 사업을 합쳐 2년 안에 유급 참여가 10개월을 넘으면 알립니다." in page
    data = {"kind": "months_cap", "rule": rule.pk, "kinds": ["paid"], "years": "3", "months": "12",
            "valid_from": "2015-01-01", "active": "on", "label": "3년간 12개월", "reason": "지침 개정",
            "version": rule.version}
    assert office.post("/benefit-rules/", data).status_code == 302
    rule.refresh_from_db()
    assert rule.params == {"kinds": ["paid"], "months": 12, "years": 3} and rule.version == 2
    assert AuditEntry.objects.filter(object_type="people.doublebenefitrule", reason="지침 개정").exists()
    stale = office.post("/benefit-rules/", {**data, "months": "11"})  # the version read before
    assert stale.status_code == 409
    bad = office.post("/benefit-rules/", {**data, "months": "zero", "version": 2})
    assert bad.status_code == 400
    en = office.get("/benefit-rules/", HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 200
    assert login("district_officer", "GWANAK").post("/benefit-rules/", data).status_code == 403


def test_api_alerts_links_recoveries(tree, progs, actor, make_user):
    from rest_framework.test import APIClient

    listed, applicant, *_ = _acceptance(tree, progs)
    lk = link(listed, applicant, band="review", probability=0.93)
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    c = APIClient()
    c.force_authenticate(make_user("api-gw", "district_officer", "GWANAK"))
    data = c.get("/api/alerts/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["status"] == "link_review" and row["overlap_won"] == 500_000 and row["overlap_days"] == 30
    assert {r["person_name"] for r in row["records"]} == {"김*희"}
    assert row["contributions"][0]["field"] == "name"
    assert c.get(f"/api/alerts/{row['id']}/").json()["overlap"]["ko"].startswith("겹친 기간: 30일")
    assert AuditEntry.objects.filter(object_type="people.alert", object_id=str(row["id"]), action="reveal",
                                     source="api").exists()
    bad = c.post(f"/api/links/{lk.pk}/decide/", {"decision": "maybe", "reason": ""}, format="json")
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"decision", "reason"}
    ok = c.post(f"/api/links/{lk.pk}/decide/", {"decision": "same", "reason": "확인", "expected_version": 1},
                format="json")
    assert ok.status_code == 200 and ok.json()["decision"] == "same"
    assert c.get("/api/alerts/").json()["results"][0]["status"] == "open"
    stale = c.post(f"/api/links/{lk.pk}/decide/", {"decision": "same", "reason": "x", "expected_version": 1},
                   format="json")
    assert stale.status_code == 409 and stale.json()["errors"][0]["code"] == "conflict"
    from iljari.people.alerts import alert_decide

    a = Alert.objects.get()
    case = alert_decide(actor=actor, alert=a, decision="confirmed", version=a.version).recovery
    over = c.post(f"/api/recoveries/{case.pk}/payments/", {"paid_on": "2021-07-01", "amount": 500_001},
                  format="json")
    assert over.status_code == 400 and "500,000" in over.json()["errors"][0]["message_ko"]
    paid = c.post(f"/api/recoveries/{case.pk}/payments/", {"paid_on": "2021-07-01", "amount": 200_000},
                  format="json")
    assert paid.status_code == 201 and paid.json()["outstanding"] == 300_000
    other = APIClient()
    other.force_authenticate(make_user("api-rev", "reviewer"))
    assert other.get("/api/alerts/").status_code == 403
    schema = c.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200


def test_cli_check_alerts_counts_per_rule(tree, progs):
    from django.core.management import call_command

    listed, applicant, *_ = _acceptance(tree, progs)
    link(listed, applicant, band="same")
    out = io.StringIO()
    call_command("check-alerts", "--on", "2021-05-01", stdout=out)
    text = out.getvalue()
    assert "지원금과 유급 참여 같은 달 / subsidy while paid: 1" in text and "new alerts: 1" in text
    out = io.StringIO()
    call_command("check-alerts", "--on", "2021-05-01", stdout=out)
    assert "new alerts: 0" in out.getvalue() and Alert.objects.count() == 1


def test_hostile_filters_are_ignored_not_500(tree, progs, actor, login):
    listed, applicant, *_ = _acceptance(tree, progs)
    link(listed, applicant, band="same")
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    c = login("portfolio")
    for q in ("program=%00x", "unit=A%00", "status=%00"):  # the house's middleware refuses a NUL: 400, not 500
        assert c.get(f"/alerts/?{q}").status_code == 400, q
    for q in ("from=2021-13", "to=abcd", "rule=99999999999999999999", "program=" + "x" * 500, "page=-1",
              "from=2021-04&to=2021-02", "status=nonsense"):
        assert c.get(f"/alerts/?{q}").status_code == 200, q
        assert c.get(f"/alerts/export/?{q}").status_code == 200, q
    assert "김*희" in c.get("/alerts/?from=2021-03&to=2021-03&status=open").content.decode()
    assert "김*희" not in c.get("/alerts/?from=2022-01").content.decode()
    assert "김*희" in c.get(f"/alerts/?program={progs['public'].code}&unit=GWANAK").content.decode()
    assert "김*희" not in c.get(f"/alerts/?program={progs['other'].code}").content.decode()
