"""Participants: protected resident numbers, seed 002's 2014 public works rules as data at each boundary, pay as
seed 001 prints it, one application per round even under a race, selection with a quota and a waiting list."""

import datetime as dt
import threading

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import on_postgres
from iljari.audit.models import AuditEntry
from iljari.core.errors import ConflictError, ServiceError
from iljari.participants.eligibility import screen_frame, screen_plain
from iljari.participants.models import Application, EligibilityRule, Parameter, Participation, RecruitmentRound
from iljari.participants.pay import month_pay
from iljari.participants.rrn import parse_rrn
from iljari.participants.services import (
    applicant_register,
    applicant_reveal_rrn,
    application_drop_out,
    application_submit,
    round_screen,
    round_select,
)

pytestmark = pytest.mark.django_db
WORK_FROM = dt.date(2014, 2, 3)  # seed 002: 상반기 2. 3 ~ 6. 30

# Seed 002, 영등포구 공공근로 2014, entered as data.
PUBLIC_WORKS_2014 = [
    ("age_range", {"min": 18}, "만 18세 이상"),
    ("residency", {"districts": ["GWANAK"]}, "구민"),
    ("employment", {"allowed": ["unemployed", "day_labourer"]}, "실업 또는 정기소득 없는 일용근로자"),
    ("property_cap", {"max": 135_000_000}, "재산 1억3천5백만원 이하"),
    ("exclude_status", {"statuses": ["basic_livelihood", "unemployment_benefit"]}, "배제: 기초생활수급자, 실업급여"),
    ("participation_cap", {"months": 10, "years": 2}, "배제: 2년간 10개월 초과 근무자"),
    ("priority_points", {"statuses": {"disabled": 5, "single_parent": 5}, "per_dependant": 1}, "우선 선발 가점"),
]


def rrn_for(born: dt.date, serial: int) -> str:
    g = "1" if born.year < 2000 else "3"
    return f"{born:%y%m%d}-{g}{serial:06d}"


@pytest.fixture
def public_works(make_program, actor):  # type: ignore[no-untyped-def]
    program = make_program("PW14", owner="GWANAK-JOB", groups=("low_income",))
    for i, (kind, params, label) in enumerate(PUBLIC_WORKS_2014):
        EligibilityRule.objects.create(program=program, kind=kind, params=params, label=label, order=i,
                                       valid_from=dt.date(2014, 1, 1), valid_to=dt.date(2014, 12, 31))
    rnd = RecruitmentRound.objects.create(program=program, name="2014 상반기", apply_from=dt.date(2014, 1, 6),
                                          apply_to=dt.date(2014, 1, 17), work_from=WORK_FROM,
                                          work_to=dt.date(2014, 6, 30), places=3, vulnerable_quota_percent=10)
    return rnd


def person(actor, n, *, born=dt.date(1970, 5, 5), district="GWANAK", **data):  # type: ignore[no-untyped-def]
    return applicant_register(actor=actor, rrn=rrn_for(born, n), data={"name": f"신청자{n}", "district": district,
                                                                       **data})


def test_resident_numbers_are_validated_hashed_encrypted_masked_and_never_stored_plain(actor):
    with pytest.raises(ServiceError, match="does not exist"):
        parse_rrn("900230-1234567")
    with pytest.raises(ServiceError, match="13 digits"):
        parse_rrn("900101-123456")
    with pytest.raises(ServiceError, match="future"):
        parse_rrn("991231-3234567", today=dt.date(2026, 11, 22))  # 2099
    a = applicant_register(actor=actor, rrn="900101-1234567", data={"name": "홍길동", "household_size": 2})
    assert (a.rrn_masked, a.birth_date, a.sex) == ("900101-1******", dt.date(1990, 1, 1), "M")
    from iljari.participants.models import Applicant

    stored = str(list(Applicant.objects.values()))
    assert "1234567" not in stored and "9001011234567" not in stored
    assert all("1234567" not in str(e.after) for e in AuditEntry.objects.all())
    again = applicant_register(actor=actor, rrn="9001011234567", data={"name": "홍길동", "household_size": 3})
    assert again.pk == a.pk and again.household_size == 2  # matched by the keyed hash; the record is not rewritten
    with pytest.raises(ServiceError, match="not allowed"):
        applicant_reveal_rrn(actor=actor, applicant=a, reason="본인 확인")


def test_an_authorised_reveal_is_audited(make_user):
    admin = make_user("rrn-admin", role="admin")
    a = applicant_register(actor=admin, rrn="850315-2345678", data={"name": "김영희"})
    assert applicant_reveal_rrn(actor=admin, applicant=a, reason="지급 계좌 확인") == "850315-2345678"
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.actor == admin and "지급 계좌 확인" in entry.reason and "2345678" not in str(entry.after)


def test_seed_002_public_works_2014_at_each_boundary(public_works, actor):
    day = dt.date(2014, 1, 10)
    cases = {
        "18 on the first day": person(actor, 1, born=dt.date(1996, 2, 3)),
        "18 the day after": person(actor, 2, born=dt.date(1996, 2, 4)),
        "property 135,000,000": person(actor, 3, property_value=135_000_000),
        "property 135,000,001": person(actor, 4, property_value=135_000_001),
        "10 months in 2 years": person(actor, 5),
        "11 months in 2 years": person(actor, 6),
        "basic livelihood": person(actor, 7, statuses=["basic_livelihood"]),
        "other district": person(actor, 8, district="JOBPOL"),
        "employed": person(actor, 9, employment="employed"),
        "disabled, 3 dependants": person(actor, 10, statuses=["disabled"], household_size=4),
    }
    Participation.objects.create(applicant=cases["10 months in 2 years"], start=dt.date(2012, 3, 1),
                                 end=dt.date(2012, 12, 31))
    Participation.objects.create(applicant=cases["11 months in 2 years"], start=dt.date(2012, 3, 1),
                                 end=dt.date(2012, 12, 31))
    Participation.objects.create(applicant=cases["11 months in 2 years"], start=dt.date(2013, 11, 1),
                                 end=dt.date(2013, 11, 30))
    Participation.objects.create(applicant=cases["10 months in 2 years"], start=dt.date(2011, 3, 1),
                                 end=dt.date(2011, 12, 31))  # older than two years: not counted
    apps = {k: application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=day)
            for k, a in cases.items()}
    summary = round_screen(actor=actor, round=public_works)
    got = {k: Application.objects.get(pk=a.pk) for k, a in apps.items()}
    expected = {"18 on the first day": True, "18 the day after": False, "property 135,000,000": True,
                "property 135,000,001": False, "10 months in 2 years": True, "11 months in 2 years": False,
                "basic livelihood": False, "other district": False, "employed": False,
                "disabled, 3 dependants": True}
    assert {k: a.eligible for k, a in got.items()} == expected
    assert summary["eligible"] == 4
    failed = {k: [d["rule"] for d in a.decision if d["passed"] is False] for k, a in got.items()}
    assert failed["18 the day after"] == ["만 18세 이상"]
    assert failed["11 months in 2 years"] == ["배제: 2년간 10개월 초과 근무자"]
    age = next(d for d in got["18 the day after"].decision if d["kind"] == "age_range")
    assert age["values"]["나이"] == 17 and age["values"]["기준일"] == "2014-02-03"
    months = next(d for d in got["11 months in 2 years"].decision if d["kind"] == "participation_cap")
    assert months["values"]["최근 참여 개월"] == 11
    assert got["disabled, 3 dependants"].points == 5 + 3
    assert all(len(a.decision) == 7 for a in got.values())


def test_rules_are_dated_and_a_2014_decision_is_recomputed_under_2014_rules(public_works, actor):
    EligibilityRule.objects.create(program=public_works.program, kind="property_cap", params={"max": 100_000_000},
                                   label="재산 1억원 이하 (2015)", valid_from=dt.date(2015, 1, 1))
    a = person(actor, 20, property_value=120_000_000)
    app = application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=dt.date(2014, 1, 8))
    round_screen(actor=actor, round=public_works)
    assert Application.objects.get(pk=app.pk).eligible is True  # 2014: 135,000,000 cap
    round_screen(actor=actor, round=public_works, on=dt.date(2015, 2, 2))  # the same applicant under 2015's rules
    assert Application.objects.get(pk=app.pk).eligible is False


def test_income_against_a_dated_poverty_line(make_program, actor):
    # 2014 최저생계비 (보건복지부 고시), won a month by household size; community jobs: at most 150 %.
    Parameter.objects.create(name="minimum_cost_of_living", valid_from=dt.date(2014, 1, 1),
                             value={"1": 603403, "2": 1027417, "3": 1329118, "4": 1630820})
    program = make_program("CJ14")
    rule = EligibilityRule.objects.create(program=program, kind="income_line", label="가구소득 최저생계비 150% 이하",
                                          params={"parameter": "minimum_cost_of_living", "percent": 150},
                                          valid_from=dt.date(2014, 1, 1))
    frame = pd.DataFrame({"birth_date": [dt.date(1970, 1, 1)] * 3, "district": [""] * 3, "employment": ["unemployed"] * 3,
                          "household_size": [2, 2, 6], "household_income": [1_541_125, 1_541_126, 2_446_230],
                          "property_value": [0] * 3, "statuses": [[]] * 3})
    result = screen_frame(frame, [rule], dt.date(2014, 3, 3))
    assert result.eligible.tolist() == [True, False, True]  # 1,027,417 x 1.5 = 1,541,125; 6 people: the 4-person line
    assert result.decisions[1][0]["values"]["기준선"] == 1_541_125


def test_pay_as_the_seeds_print_it():
    public_works = {"hours_by_age": [[65, 3]], "default_hours": 6, "daily_wage_by_hours": {"6": 32000, "3": 16000},
                    "daily_allowance": 5000}
    assert month_pay(public_works, days=20, age=64).paid == 20 * 37_000
    assert month_pay(public_works, days=20, age=65).paid == 20 * 21_000  # 65+: 3 hours
    fifty_plus = {"hourly_rate": 9211, "monthly_cap_hours": 57, "truncate_to": 10}
    assert month_pay(fifty_plus, hours=57).paid == 525_020  # 525,027 truncated below 10 won
    assert month_pay(fifty_plus, hours=60).paid == 525_020  # capped at 57 hours
    new_middle_aged = {"daily_base": [[4, 9000], [0, 3000]], "hourly_rate": 2000, "default_hours": 6}
    assert month_pay(new_middle_aged, days=20, hours_per_day=6).paid == 420_000
    assert month_pay(new_middle_aged, days=1, hours_per_day=3).paid == 9_000  # 3,000 + 3 x 2,000


def test_one_application_per_round(public_works, actor):
    a = person(actor, 30)
    application_submit(actor=actor, round=public_works, applicant=a, channel="public", on=dt.date(2014, 1, 7))
    with pytest.raises(ConflictError, match="already applied"):
        application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=dt.date(2014, 1, 7))
    with pytest.raises(ServiceError, match="outside the application window"):
        application_submit(actor=actor, round=public_works, applicant=person(actor, 31), channel="public",
                           on=dt.date(2014, 1, 20))


@pytest.mark.skipif(not on_postgres(), reason="two connections at the same instant need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_same_instant_make_one_application(make_program, codes, tree):
    from django.db import connection

    program = make_program("RACE")
    rnd = RecruitmentRound.objects.create(program=program, name="r", apply_from=dt.date(2014, 1, 1),
                                          apply_to=dt.date(2014, 12, 31), work_from=dt.date(2015, 1, 1),
                                          work_to=dt.date(2015, 6, 30), places=1)
    a = applicant_register(actor=None, rrn="700505-1234567", data={"name": "동시"})
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def apply() -> None:
        try:
            barrier.wait()
            application_submit(actor=None, round=rnd, applicant=a, channel="public", on=dt.date(2014, 5, 1))
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"] and Application.objects.filter(round=rnd).count() == 1


def test_selection_quota_waiting_list_and_drop_out(public_works, actor):
    day = dt.date(2014, 1, 9)
    people = [person(actor, 40 + i, household_income=100_000 * (i + 1), household_size=1) for i in range(5)]
    people.append(person(actor, 50, statuses=["single_parent"], household_income=900_000))  # 5 points
    people.append(person(actor, 51, statuses=["long_term_unemployed"], household_income=2_000_000))  # vulnerable
    apps = [application_submit(actor=actor, round=public_works, applicant=p, channel="officer", on=day)
            for p in people]
    round_screen(actor=actor, round=public_works)
    summary = round_select(actor=actor, round=public_works)
    assert summary == {"round": public_works.pk, "places": 3, "selected": 3, "vulnerable_selected": 1, "quota": 1,
                       "waiting": 4}
    by = {a.applicant.name: a for a in Application.objects.select_related("applicant").filter(round=public_works)}
    assert by["신청자50"].rank == 1 and by["신청자50"].status == "selected"  # points first
    assert by["신청자40"].rank == 2 and by["신청자40"].status == "selected"  # then lower income per member
    assert by["신청자41"].status == "selected" and by["신청자41"].rank == 3
    # 신청자51 (vulnerable, no points, the highest income) waits: the 10 % quota (1 place) is met by 신청자50.
    assert by["신청자51"].status == "waiting" and by["신청자51"].rank == 7
    promoted = application_drop_out(actor=actor, application=by["신청자50"], reason="건강 사유")
    # the quota is no longer met: the first vulnerable applicant on the waiting list takes the place
    assert promoted is not None and promoted.applicant.name == "신청자51"
    assert Application.objects.get(pk=by["신청자50"].pk).status == "dropped_out"
    assert len(apps) == 7


person_st = st.fixed_dictionaries({
    "birth_date": st.dates(dt.date(1930, 1, 1), dt.date(2005, 12, 31)),
    "district": st.sampled_from(["GWANAK", "JOBPOL", ""]),
    "employment": st.sampled_from(["unemployed", "day_labourer", "employed"]),
    "household_size": st.integers(1, 8), "household_income": st.integers(0, 5_000_000),
    "property_value": st.integers(0, 300_000_000),
    "statuses": st.lists(st.sampled_from(["basic_livelihood", "disabled", "single_parent", "unemployment_benefit"]),
                         unique=True, max_size=3),
    "months": st.integers(0, 24)})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(person_st, min_size=1, max_size=30))
def test_columns_and_plain_loop_decide_alike(public_works, people):
    rules = list(EligibilityRule.objects.filter(program=public_works.program))
    frame = pd.DataFrame(people)
    fast = screen_frame(frame, rules, WORK_FROM, frame["months"])
    slow = screen_plain(people, rules, WORK_FROM, {})
    assert list(zip(fast.eligible.tolist(), fast.points.tolist(), strict=True)) == slow


def test_a_rule_change_shows_whom_it_admits_or_drops_before_it_is_saved(public_works, actor):
    day = dt.date(2014, 1, 9)
    rich = application_submit(actor=actor, round=public_works, channel="officer", on=day,
                              applicant=person(actor, 60, property_value=130_000_000))
    application_submit(actor=actor, round=public_works, channel="officer", on=day,
                       applicant=person(actor, 61, property_value=50_000_000))
    above = application_submit(actor=actor, round=public_works, channel="officer", on=day,
                               applicant=person(actor, 62, property_value=140_000_000))
    from iljari.participants.services import rule_change_impact

    cap = EligibilityRule.objects.get(program=public_works.program, kind="property_cap")
    cap.params = {"max": 120_000_000}  # not saved
    impact = rule_change_impact(round=public_works, rule=cap)
    assert (impact["eligible_now"], impact["eligible_after"], impact["dropped"], impact["admitted"]) == (2, 1, 1, 0)
    assert impact["dropped_ids"] == [rich.pk]
    cap.params = {"max": 150_000_000}
    impact = rule_change_impact(round=public_works, rule=cap)
    assert impact["admitted_ids"] == [above.pk]
    assert EligibilityRule.objects.get(pk=cap.pk).params == {"max": 135_000_000}  # nothing was saved


def test_citizens_apply_on_the_public_page_once(public_works, client, settings):
    from django.test.utils import override_settings  # noqa: F401

    rnd = public_works
    rnd.apply_from, rnd.apply_to = dt.date(2000, 1, 1), dt.date(2100, 1, 1)
    rnd.save()
    assert "2014 상반기" in client.get("/apply/").content.decode()
    form = {"name": "이순신", "rrn": "750428-1234567", "phone": "010-1234-5678", "district": "GWANAK",
            "household_size": "2", "household_income": "90", "property_value": "5,000",
            "employment": "unemployed", "statuses": ["disabled"], "consent": "on"}
    bad = client.post(f"/apply/{rnd.pk}/", {**form, "rrn": "750231-1234567", "consent": ""})
    page = bad.content.decode()
    assert bad.status_code == 400 and "주민등록번호가 올바르지 않습니다" in page and 'aria-invalid="true"' in page
    assert "750231-1234567" not in page  # the number typed is not echoed
    ok = client.post(f"/apply/{rnd.pk}/", form).content.decode()
    assert "신청이 접수되었습니다" in ok and "750428-1******" in ok and "1234567" not in ok
    again = client.post(f"/apply/{rnd.pk}/", form)  # the same words: the page does not tell that it applied before
    assert again.status_code == 200 and "신청이 접수되었습니다" in again.content.decode()
    assert Application.objects.filter(round=rnd, channel="public").count() == 1


def test_the_round_page_screens_selects_replaces_and_exports(public_works, login, actor):
    import io

    from openpyxl import load_workbook

    from iljari.participants.models import PayRule

    PayRule.objects.create(program=public_works.program, valid_from=dt.date(2014, 1, 1), label="2014 공공근로",
                           params={"hours_by_age": [[65, 3]], "default_hours": 6,
                                   "daily_wage_by_hours": {"6": 32000, "3": 16000}, "daily_allowance": 5000,
                                   "truncate_to": 10})
    day = dt.date(2014, 1, 9)
    for i in range(4):
        application_submit(actor=actor, round=public_works, channel="officer", on=day,
                           applicant=person(actor, 70 + i, born=dt.date(1948, 1, 1) if i == 0 else dt.date(1970, 1, 1),
                                            household_income=100_000 * (i + 1)))
    officer = login("district_officer", "GWANAK")
    assert officer.post(f"/rounds/{public_works.pk}/action/", {"action": "screen"}).status_code == 302
    officer.post(f"/rounds/{public_works.pk}/action/", {"action": "select"})
    page = officer.get(f"/rounds/{public_works.pk}/").content.decode()
    assert "선발 3" in page and "대기 1" in page and "통과 · 만 18세 이상: 나이" in page
    # the screening details in words: the age range, the reference day, an exclusion that does not apply
    assert all(w in page for w in ("나이 만 66세", "기준일 2014. 2. 3.", "범위 만 18세 이상", "실업급여: 해당 없음"))
    assert "18~세" not in page and "2014-02-03" not in page and "해당 -" not in page
    by_rank = {a.rank: a for a in Application.objects.filter(round=public_works, status="selected")}
    # February 2014: the officer enters 20 days for the first two; the third is not entered yet
    r = officer.post(f"/rounds/{public_works.pk}/payroll/", {
        "month": "2014-02", f"days_{by_rank[1].pk}": "20", f"days_{by_rank[2].pk}": "20", f"version_{by_rank[1].pk}": "0",
        f"version_{by_rank[2].pk}": "0", f"version_{by_rank[3].pk}": "0"})
    assert r.status_code == 302
    wb = load_workbook(io.BytesIO(officer.get(f"/rounds/{public_works.pk}/export/payroll/?month=2014-02").content))
    rows = [r for r in wb.active.iter_rows(values_only=True) if r and r[0] in (1, 2, 3, "계")]
    # the 66-year-old works 3 hours (21,000 a day), the others 6; the third is 미입력 and not in the total
    assert [r[7] for r in rows] == [20 * 21_000, 20 * 37_000, "-", 20 * (21_000 + 37_000)]
    assert rows[2][4] == "미입력"
    names = [r[1] for r in load_workbook(io.BytesIO(officer.get(
        f"/rounds/{public_works.pk}/export/participants/").content)).active.iter_rows(values_only=True)][3:]
    assert "신청자70" in names
    assert login("district_officer", "ECON").get(f"/rounds/{public_works.pk}/").status_code == 404
    assert login("reviewer").post(f"/rounds/{public_works.pk}/action/", {"action": "screen"}).status_code == 403


def test_applicants_from_an_xlsx_all_or_nothing_with_cells_named(public_works, actor):
    import io

    from openpyxl import Workbook

    from iljari.participants.imports import HEADER, applicants_import

    def book(rows):  # type: ignore[no-untyped-def]
        wb = Workbook()
        ws = wb.active
        ws.title = "신청자"
        ws.append(HEADER)
        for r in rows:
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    good = ["김철수", "680203-1234567", "010-1111-2222", "관악구", "", 2, "1,200,000", 0, "실업", "장애인"]
    bad = book([good, ["", "680230-1234567", "", "강남구", "", "two", -5, 0, "학생", "부자"],
                ["박영희", "680203-1234567", "", "GWANAK", "", 1, 0, 0, "", ""]])
    with pytest.raises(ServiceError) as exc:
        applicants_import(actor=actor, round=public_works, data=bad)
    cells = sorted(p.cell for p in exc.value.problems)
    assert cells == ["A3", "B3", "B4", "D3", "F3", "G3", "I3", "J3"]
    assert all(p.message_ko.startswith("Sheet '신청자', ") for p in exc.value.problems)
    assert Application.objects.count() == 0
    out = applicants_import(actor=actor, round=public_works, data=book([good]))
    assert out == {"rows": 1, "applicants_new": 1, "applications": 1}
    app = Application.objects.get()
    assert (app.channel, app.applicant.household_income, app.applicant.statuses) == ("import", 1_200_000, ["disabled"])
    with pytest.raises(ServiceError, match="already applied"):  # the same file again: refused, nothing added
        applicants_import(actor=actor, round=public_works, data=book([good]))
    with pytest.raises(ServiceError, match="not an xlsx"):
        applicants_import(actor=actor, round=public_works, data=b"PK\x03\x04 broken")


def test_officers_upload_the_applicants_workbook(public_works, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = login("district_officer", "GWANAK")
    template = officer.get(f"/rounds/{public_works.pk}/export/template/").content
    r = officer.post(f"/rounds/{public_works.pk}/import/",
                     {"file": SimpleUploadedFile("a.xlsx", template)}, follow=True)
    assert "1명 접수" in r.content.decode() and Application.objects.filter(round=public_works).count() == 1


def test_worksites_fill_by_preference_and_closing_a_round_writes_history(public_works, actor):
    from iljari.participants.models import Worksite
    from iljari.participants.services import round_close

    Worksite.objects.create(round=public_works, name="주민센터", places=1)
    Worksite.objects.create(round=public_works, name="공원", places=1)
    day = dt.date(2014, 1, 9)
    apps = [application_submit(actor=actor, round=public_works, channel="officer", on=day, worksite="주민센터",
                               applicant=person(actor, 90 + i, household_income=100_000 * (i + 1))) for i in range(3)]
    round_screen(actor=actor, round=public_works)
    summary = round_select(actor=actor, round=public_works)
    assert summary["places"] == 2 and summary["selected"] == 2  # the worksites take 2 of the 3 places
    got = {a.pk: Application.objects.get(pk=a.pk) for a in apps}
    assert [got[a.pk].worksite for a in apps[:2]] == ["주민센터", "공원"]  # the first asked gets it, then room left
    assert got[apps[2].pk].status == "waiting"
    assert round_close(actor=actor, round=public_works) == 2
    assert round_close(actor=actor, round=public_works) == 0  # once
    spell = Participation.objects.get(applicant=apps[0].applicant)
    assert (spell.start, spell.end) == (public_works.work_from, public_works.work_to)


def test_an_officer_enters_a_paper_application(public_works, login):
    rnd = public_works
    rnd.apply_from, rnd.apply_to = dt.date(2000, 1, 1), dt.date(2100, 1, 1)
    rnd.save()
    officer = login("district_officer", "GWANAK")
    form = {"name": "강감찬", "rrn": "480101-1234567", "phone": "02-879-0000", "district": "GWANAK",
            "household_size": "1", "household_income": "0", "property_value": "0", "employment": "unemployed",
            "consent": "on"}
    r = officer.post(f"/rounds/{rnd.pk}/enter/", form)
    assert r.status_code == 302
    app = Application.objects.get(round=rnd)
    assert app.channel == "officer" and app.applicant.rrn_masked == "480101-1******"
    again = officer.post(f"/rounds/{rnd.pk}/enter/", form).content.decode()
    assert "이미 이 회차에 신청했습니다" in again


# --- issue 12: nobody rewrites a registered person; a district officer sees the applicants of their own units ----

PUBLIC_FORM = {"name": "이순신", "rrn": "750428-1234567", "phone": "010-1234-5678", "district": "GWANAK",
               "address": "관악로 1", "household_size": "2", "household_income": "90",
               "property_value": "5,000", "employment": "unemployed", "statuses": ["disabled"], "consent": "on"}
PERSON_FIELDS = ["name", "phone", "address", "district", "household_size", "household_income", "property_value",
                 "employment", "statuses"]


def state(applicant):  # type: ignore[no-untyped-def]
    from iljari.participants.models import Applicant

    return Applicant.objects.filter(pk=applicant.pk).values(*PERSON_FIELDS).get()


def book(rows):  # type: ignore[no-untyped-def]
    import io

    from openpyxl import Workbook

    from iljari.participants.imports import HEADER

    wb = Workbook()
    ws = wb.active
    ws.title = "신청자"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def open_round(public_works):  # type: ignore[no-untyped-def]
    public_works.apply_from, public_works.apply_to = dt.date(2000, 1, 1), dt.date(2100, 1, 1)
    public_works.save()
    return public_works


@pytest.fixture
def gangnam(tree, actor):  # type: ignore[no-untyped-def]
    """A second district: the tree's officers and programs can now be placed there too."""
    from iljari.orgs.services import org_unit_create

    tree["GANGNAM"] = org_unit_create(actor=actor, code="GANGNAM", name_ko="강남구", kind="district",
                                      parent=tree["SEOUL"])
    return tree["GANGNAM"]


@pytest.fixture(autouse=True)
def _fresh_throttle():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_a_public_application_never_rewrites_a_registered_person(open_round, gangnam, client, actor):
    victim = applicant_register(actor=actor, rrn=PUBLIC_FORM["rrn"], data={
        "name": "이순신", "phone": "010-1111-1111", "district": "GWANAK", "address": "관악로 1",
        "statuses": ["disabled"], "household_income": 500_000})
    mine = application_submit(actor=actor, round=open_round, applicant=victim, channel="officer")
    before = state(victim)
    later = RecruitmentRound.objects.create(program=open_round.program, name="2014 하반기",
                                            apply_from=dt.date(2000, 1, 1), apply_to=dt.date(2100, 1, 1),
                                            work_from=dt.date(2014, 7, 1), work_to=dt.date(2014, 11, 30), places=3)
    forged = {**PUBLIC_FORM, "name": "가짜", "phone": "010-9999-9999", "district": "GANGNAM", "address": "어딘가",
              "statuses": ["basic_livelihood"]}
    client.post(f"/apply/{open_round.pk}/", forged)  # refused as a repeat
    client.post(f"/apply/{later.pk}/", forged)  # a new round: accepted
    assert state(victim) == before  # the person's record is as the first application left it
    app = Application.objects.get(round=later)
    # what the later application states is kept with it, and its screening reads that
    assert (app.name, app.phone, app.district.code, app.statuses) == ("가짜", "010-9999-9999", "GANGNAM",
                                                                      ["basic_livelihood"])
    round_screen(actor=actor, round=later)
    round_screen(actor=actor, round=open_round)
    app.refresh_from_db()
    mine.refresh_from_db()
    assert app.eligible is False and "배제: 기초생활수급자, 실업급여" in [d["rule"] for d in app.decision if d["passed"] is False]
    assert mine.eligible is True and mine.points == 5 and mine.name == "이순신"


def test_another_districts_officer_cannot_rewrite_a_person_through_a_paper_application(gangnam, make_program,
                                                                                         login, actor):
    victim = applicant_register(actor=actor, rrn="480101-1234567", data={"name": "강감찬", "phone": "02-879-0000",
                                                                        "district": "GWANAK"})
    before = state(victim)
    program = make_program("GN14", owner="GANGNAM")
    rnd = RecruitmentRound.objects.create(program=program, name="강남 상시", apply_from=dt.date(2000, 1, 1),
                                          apply_to=dt.date(2100, 1, 1), work_from=WORK_FROM,
                                          work_to=dt.date(2014, 6, 30), places=3)
    officer = login("district_officer", "GANGNAM")
    r = officer.post(f"/rounds/{rnd.pk}/enter/", {**PUBLIC_FORM, "rrn": "480101-1234567", "name": "바뀐이름",
                                                  "phone": "010-0000-0000", "district": "GANGNAM"})
    assert r.status_code == 302
    assert state(victim) == before
    assert Application.objects.get(round=rnd).name == "바뀐이름"
    # nor does the application make another district's resident theirs to correct
    edit = f"/rounds/{rnd.pk}/applicants/{victim.pk}/"
    assert officer.get(edit).status_code == 404
    assert officer.post(edit, {"name": "바뀐이름", "version": "1", "reason": "x", "household_size": "1",
                               "household_income": "0", "property_value": "0", "employment": "unemployed"}
                        ).status_code == 404
    assert state(victim) == before
    assert login("reviewer").get(edit).status_code == 403  # reviewers never correct anyone


def test_an_xlsx_row_never_rewrites_a_registered_person(public_works, actor):
    from iljari.participants.imports import applicants_import

    victim = applicant_register(actor=actor, rrn="680203-1234567", data={"name": "김철수", "district": "GWANAK"})
    before = state(victim)
    out = applicants_import(actor=actor, round=public_works, data=book(
        [["다른이름", "680203-1234567", "010-1111-2222", "관악구", "", 2, "1,200,000", 0, "실업", "장애인"]]))
    assert out == {"rows": 1, "applicants_new": 0, "applications": 1}
    assert state(victim) == before
    app = Application.objects.get()
    assert (app.name, app.household_income, app.statuses) == ("다른이름", 1_200_000, ["disabled"])


def test_a_refused_paper_application_leaves_no_person_behind(public_works, login):
    from iljari.participants.models import Applicant

    officer = login("district_officer", "GWANAK")  # the 2014 round is no longer open
    page = officer.post(f"/rounds/{public_works.pk}/enter/", {**PUBLIC_FORM, "rrn": "480101-1234567"})
    assert "신청 기간" in page.content.decode()
    assert not Applicant.objects.exists() and not Application.objects.exists()


def test_officers_correct_their_own_applicants_audited_and_version_checked(public_works, login, actor):
    a = person(actor, 100, phone="010-0000-0000")
    application_submit(actor=actor, round=public_works, applicant=a, channel="officer", on=dt.date(2014, 1, 9))
    officer = login("district_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/applicants/{a.pk}/"
    assert url in officer.get(f"/rounds/{public_works.pk}/").content.decode()  # reachable from the round page
    form_page = officer.get(url).content.decode()
    assert "신청자 정보 수정" in form_page and "휴대전화" in form_page and "수정 사유" in form_page
    assert all(label in form_page for label in ("성명", "거주 자치구", "가구 월소득", "해당 사항", "저장"))
    assert "700505-1******" in form_page and "1000100" not in form_page  # the number only masked
    assert ">관악구</option>" in form_page and "(GWANAK)" not in form_page  # districts by name, no codes
    edit = {"name": "신청자100", "phone": "010-2222-3333", "district": "GWANAK", "address": "관악로 2",
            "household_size": "1", "household_income": "0", "property_value": "0", "employment": "unemployed",
            "version": "1", "reason": "본인 전화번호 변경 신고"}
    assert officer.post(url, edit).status_code == 302
    a.refresh_from_db()
    assert (a.phone, a.address) == ("010-2222-3333", "관악로 2")
    entry = AuditEntry.objects.get(object_type="participants.applicant", action="update")
    assert (entry.before["phone"], entry.after["phone"]) == ("010-0000-0000", "010-2222-3333")
    assert entry.reason == "본인 전화번호 변경 신고" and entry.actor.username == "district_officer-GWANAK"
    stale = officer.post(url, {**edit, "phone": "010-4444-5555"})  # the form of version 1 again: a lost update
    assert stale.status_code == 409 and "다른 사용자가 먼저 수정했습니다" in stale.content.decode()
    a.refresh_from_db()
    assert a.phone == "010-2222-3333"
    assert officer.post(url, {**edit, "reason": ""}).status_code == 400  # a correction says why


def test_a_district_officer_sees_only_their_own_applicants_of_a_shared_round(make_program, gangnam, tree, login,
                                                                             make_user, client, actor):
    import io
    import re

    from openpyxl import load_workbook

    from iljari.participants.models import PayRule

    program = make_program("SHARED", owner="JOBPOL")
    program.implementing_orgs.set([tree["GWANAK"], gangnam])
    rnd = RecruitmentRound.objects.create(program=program, name="2014 상반기 공동", apply_from=dt.date(2014, 1, 6),
                                          apply_to=dt.date(2014, 1, 17), work_from=WORK_FROM,
                                          work_to=dt.date(2014, 6, 30), places=4)
    PayRule.objects.create(program=program, valid_from=dt.date(2014, 1, 1),
                           params={"default_hours": 6, "daily_wage_by_hours": {"6": 32000}, "daily_allowance": 5000})
    people = [person(actor, 200, district="GWANAK"), person(actor, 201, district="GWANAK"),
              person(actor, 210, district="GANGNAM"), person(actor, 211, district="GANGNAM")]
    for p in people:
        application_submit(actor=actor, round=rnd, applicant=p, channel="officer", on=dt.date(2014, 1, 9))
    round_screen(actor=actor, round=rnd)
    round_select(actor=actor, round=rnd)
    from iljari.participants.services import work_records_save

    work_records_save(actor=actor, round=rnd, year=2014, month=2, entries=[
        {"application": a, "days": 20, "version": 0} for a in Application.objects.filter(round=rnd, status="selected")])

    def seen(c):  # type: ignore[no-untyped-def]
        page = c.get(f"/rounds/{rnd.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        names = {n for n in ("신청자200", "신청자201", "신청자210", "신청자211") if n in text}
        part = load_workbook(io.BytesIO(c.get(f"/rounds/{rnd.pk}/export/participants/").content)).active
        pay = load_workbook(io.BytesIO(c.get(f"/rounds/{rnd.pk}/export/payroll/?month=2014-02").content)).active
        return (names, f"선발 {len(names)}" in text,
                {r[1] for r in part.iter_rows(values_only=True) if r and str(r[1]).startswith("신청자")},
                {r[1] for r in pay.iter_rows(values_only=True) if r and str(r[1]).startswith("신청자")},
                [r[7] for r in pay.iter_rows(values_only=True) if r and r[0] == "계"])

    own = {"신청자200", "신청자201"}
    listing = login("district_officer", "GWANAK", username="gwanak-list").get("/rounds/").content.decode()
    assert re.search(r'<td class="n">4</td><td class="n">2</td>', listing)  # 4 places, 2 applications of theirs
    assert seen(login("district_officer", "GWANAK")) == (own, True, own, own, [2 * 20 * 37_000])
    everyone = {"신청자200", "신청자201", "신청자210", "신청자211"}
    assert seen(login("reviewer")) == (everyone, True, everyone, everyone, [4 * 20 * 37_000])
    assert seen(login("program_officer", "JOBPOL")) == (everyone, True, everyone, everyone, [4 * 20 * 37_000])
    assert login("reviewer", username="r2").get(f"/rounds/{rnd.pk}/export/payroll/?month=2014-13").status_code == 200
    # nor can they open another district's applicant
    gwanak = login("district_officer", "GWANAK", username="gwanak-2")
    assert gwanak.get(f"/rounds/{rnd.pk}/applicants/{people[2].pk}/").status_code == 404
    assert gwanak.get(f"/rounds/{rnd.pk}/applicants/{people[0].pk}/").status_code == 200


def test_the_public_form_is_throttled_per_client(open_round, client):
    from django.test import Client

    url = f"/apply/{open_round.pk}/"
    served = 0
    while served < 100 and client.post(url, {**PUBLIC_FORM, "consent": ""}).status_code == 400:
        served += 1
    assert 5 <= served < 100  # a citizen who mistypes a few times is served, a script is stopped
    r = client.post(url, PUBLIC_FORM)
    assert r.status_code == 429 and "잠시 후 다시" in r.content.decode()
    assert not Application.objects.exists()
    assert Client(REMOTE_ADDR="10.0.0.2").post(url, PUBLIC_FORM).status_code == 200  # another client is served


def test_a_repeat_application_reads_exactly_like_a_fresh_one(open_round, client):
    import re

    url = f"/apply/{open_round.pk}/"

    def body(r):  # type: ignore[no-untyped-def]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", r.content.decode())

    fresh = client.post(url, PUBLIC_FORM)
    again = client.post(url, {**PUBLIC_FORM, "name": "다른이름"})
    assert fresh.status_code == again.status_code == 200
    assert body(fresh) == body(again)
    assert "신청이 접수되었습니다" in body(again) and "1234567" not in body(again)
    assert Application.objects.filter(round=open_round).count() == 1
