"""Issue 14's acceptance, end to end through the real doors: participant lists imported as a district sends them,
applications, the Splink linkage run (people.linkage.service), the link review, screening, the double-receipt
alerts and recovery. Nothing here writes a link, a cluster or an alert by hand."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from iljari.core.errors import ServiceError
from iljari.core.spreadsheets import csv_writer
from iljari.participants.models import Application, Participation
from iljari.participants.services import applicant_register, application_submit, round_screen
from iljari.people.alerts import alert_decide, link_decide, outstanding, recovery_payment_record
from iljari.people.linkage.service import linkage_run, thresholds
from iljari.people.lists import HEADER, participant_list_import
from iljari.people.models import Alert, Person, PersonLink

from .test_history_in_screening import ydp  # noqa: F401  (the fixture)
from .test_participants import public_works  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
DAY = dt.date(2014, 1, 10)


def csv_list(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv_writer(out)
    for row in [HEADER, *rows]:
        w.writerow(row)
    return out.getvalue().encode("utf-8")


def cap_of(app: Application) -> dict:
    return next(d for d in app.decision if d["kind"] == "participation_cap")


def test_a_differently_spelt_participant_of_another_district_is_found_and_counted_once_confirmed(
        public_works, ydp, tree, actor, login):  # noqa: F811
    # 영등포구 sends its list: 이영히, no resident number, no sex, an older phone, another address, 8 months paid
    participant_list_import(actor=actor, org_unit=tree["YDP"], filename="영등포구_공공근로_2013.csv", data=csv_list([
        ["이영히", "1975-04-12", "", "010-3391-0268", "서울시 영등포구 당산로 123", "", ydp.code, "유급참여",
         "2013-02-01", "2013-09-30", "", "9,480,000"],
        ["한동철", "1963-07-07", "남", "", "영등포구 도림로 301", "", ydp.code, "유급참여", "2013-02-01",
         "2013-06-28", "", ""]]))
    # 이영희 applies to 관악구's public works with her resident number; she worked 3 months there already
    lee = applicant_register(actor=actor, rrn="750412-2456783", data={
        "name": "이영희", "district": "GWANAK", "address": "서울특별시 관악구 관악로 145", "phone": "010-5532-8710"})
    Participation.objects.create(applicant=lee, program=public_works.program, start=dt.date(2013, 11, 1),
                                 end=dt.date(2014, 1, 31))
    application_submit(actor=actor, round=public_works, applicant=lee, channel="officer", on=DAY)
    linkage_run(actor=actor)

    typo = Person.objects.get(name="이영히")
    link = PersonLink.objects.get(left=min(lee.person_id, typo.pk), right=max(lee.person_id, typo.pk))
    th = thresholds()
    assert link.band == "review" and th["review"] <= link.probability < th["same"]
    levels = {c["field"]: c["level"] for c in link.contributions}
    assert levels["이름"] == "자모 1자 차이" and levels["생년월일"] == "생년월일 같음"

    # before the officer decides, the screening shows the possible match and does not count it
    round_screen(actor=actor, round=public_works)
    app = Application.objects.get(applicant=lee)
    assert app.eligible is True and cap_of(app)["values"]["최근 참여 개월"] == 3
    assert [b["months"] for b in cap_of(app)["values"]["확인 필요(미반영)"]] == [8]

    link_decide(actor=actor, link=link, decision="same", reason="생년월일·주소 이력 확인: 동일인")
    round_screen(actor=actor, round=public_works)
    app.refresh_from_db()
    cap = cap_of(app)
    assert app.eligible is False and cap["passed"] is False and cap["values"]["최근 참여 개월"] == 11

    # the API's check of the list record finds her, with the decision and each field's contribution
    found = login("portfolio").post(f"/api/persons/{typo.pk}/check/", HTTP_ACCEPT="application/json")
    assert found.status_code == 200
    match = next(m for m in found.json() if m["other_person"] == lee.person_id)
    assert match["decision"] == "same" and match["other_name"] == "이*희"
    assert {c["field"] for c in match["contributions"]} >= {"이름", "생년월일", "전화", "주소"}

    # the next full run keeps the decision (not asked again while both records are unchanged)
    linkage_run(actor=actor, retrain=False)
    link.refresh_from_db()
    assert link.decision == "same"


def test_a_subsidy_month_paid_by_a_public_job_raises_one_alert_and_its_recovery_balances(tree, actor,
                                                                                       make_program):
    jobs = make_program("GA-JOBS21", owner="GWANAK")
    subsidy = make_program("GA-RETAIN21", owner="GWANAK", job_type="direct")
    participant_list_import(actor=actor, org_unit=tree["GWANAK"], filename="관악구_공공일자리_2021.csv", data=csv_list([
        ["박순자", "1968-09-21", "여", "010-4821-3307", "서울특별시 관악구 신림로 59", "680921-2345671", jobs.code,
         "유급참여", "2021-01-04", "2021-06-30", "", "8,100,000"]]))
    participant_list_import(actor=actor, org_unit=tree["GWANAK"], filename="관악구_고용유지_2021.csv", data=csv_list([
        ["박순자", "1968-09-21", "여", "010-4821-3307", "관악구 신림로 59", "680921-2345671", subsidy.code, "지원금",
         "2021-03-01", "2021-03-31", "1", "500,000"]]))
    linkage_run(actor=actor)

    alerts = list(Alert.objects.all())
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.rule.kind == "subsidy_while_paid" and alert.status == "open"
    assert (alert.overlap_days, alert.overlap_months, alert.overlap_won) == (31, 1, 500_000)

    alert = alert_decide(actor=actor, alert=alert, decision="confirmed", reason="같은 달 공공일자리 임금 수령",
                         notice_date=dt.date(2021, 5, 20))
    case = alert.recovery
    assert case.amount == 500_000 and outstanding(case) == 500_000
    recovery_payment_record(actor=actor, case=case, paid_on=dt.date(2021, 6, 10), amount=200_000)
    with pytest.raises(ServiceError):
        recovery_payment_record(actor=actor, case=case, paid_on=dt.date(2021, 6, 30), amount=300_001)
    recovery_payment_record(actor=actor, case=case, paid_on=dt.date(2021, 6, 30), amount=300_000)
    assert outstanding(case) == 0
    # a second run finds the same records: no second alert
    linkage_run(actor=actor, retrain=False)
    assert Alert.objects.count() == 1


def test_two_people_of_one_name_and_birth_year_at_different_addresses_stay_two(tree, actor, make_program):
    jobs = make_program("YDP-JOBS24", owner="GWANAK")
    participant_list_import(actor=actor, org_unit=tree["GWANAK"], filename="관악구_2024.csv", data=csv_list([
        ["김민준", "1980-11-20", "남", "010-6604-7721", "서울특별시 관악구 관악로 15", "", jobs.code, "유급참여",
         "2024-03-04", "2024-07-31", "", "5,920,000"],
        ["김민준", "1980-02-03", "남", "010-2231-0945", "서울특별시 관악구 봉천로 201", "", jobs.code, "유급참여",
         "2024-03-04", "2024-07-31", "", "5,920,000"]]))
    linkage_run(actor=actor)
    a, b = Person.objects.filter(name="김민준").order_by("pk")
    assert (a.cluster_id or a.pk) != (b.cluster_id or b.pk)
    assert not PersonLink.objects.filter(band="same").exists()
    assert not Alert.objects.exists()


def test_a_reviewer_downloads_the_participant_list_without_phones_or_statuses(public_works, actor, login):  # noqa: F811
    import openpyxl

    lee = applicant_register(actor=actor, rrn="750412-2456783", data={
        "name": "이영희", "district": "GWANAK", "phone": "010-5532-8710", "statuses": ["disabled"]})
    application_submit(actor=actor, round=public_works, applicant=lee, channel="officer", on=DAY)

    def cells(client) -> list:  # type: ignore[no-untyped-def]
        body = client.get(f"/rounds/{public_works.pk}/export/participants/").content
        ws = openpyxl.load_workbook(io.BytesIO(body)).active
        return [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]

    officer = cells(login("district_officer", "GWANAK"))
    assert "010-5532-8710" in officer and "장애인" in officer
    council = cells(login("reviewer"))
    assert "이영희" in council and "010-****-8710" in council
    assert "010-5532-8710" not in council and "장애인" not in council
