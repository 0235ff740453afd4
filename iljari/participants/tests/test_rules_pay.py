"""Issue 13: typed rule editors (no JSON), rules read as sentences, a preview naming whom a change admits or
drops, the round's own district officer editing its rules, and payroll from the days and hours officers enter
(monthly hour cap also for day-based pay; nothing entered is 미입력, not every weekday)."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from iljari.audit.models import AuditEntry
from iljari.core.errors import ConflictError, ServiceError
from iljari.participants.models import (
    Application,
    EligibilityRule,
    Participation,
    PayRule,
    RecruitmentRound,
    WorkRecord,
)
from iljari.participants.pay import month_pay
from iljari.participants.rule_text import mask_name, pay_sentence, rule_sentence, won_ko
from iljari.participants.services import (
    application_drop_out,
    application_submit,
    round_screen,
    round_select,
    rule_change_impact,
    work_records_save,
)
from iljari.participants.tests.test_participants import PUBLIC_WORKS_2014, WORK_FROM, person

pytestmark = pytest.mark.django_db

# Seed 002 (2014 public works) and seed 001 (50+ 보람일자리, 신중년 사회공헌) pay rules as the editor stores them.
PUBLIC_WORKS_PAY = {"basis": "day", "hours_by_age": [[65, 3]], "default_hours": 6,
                    "daily_wage_by_hours": {"6": 32000, "3": 16000}, "daily_allowance": 5000, "truncate_to": 10}
FIFTY_PLUS_PAY = {"basis": "hour", "hourly_rate": 9211, "monthly_cap_hours": 57, "truncate_to": 10}
NEW_MIDDLE_AGED_PAY = {"basis": "day", "daily_base": [[4, 9000], [0, 3000]], "hourly_rate": 2000, "default_hours": 6,
                       "monthly_cap_hours": 120, "truncate_to": 10}


@pytest.fixture
def public_works(make_program, actor):  # type: ignore[no-untyped-def]
    program = make_program("PW14", owner="GWANAK-JOB", groups=("low_income",))
    program.name_ko = "공공근로"
    program.save()
    for i, (kind, params, label) in enumerate(PUBLIC_WORKS_2014):
        EligibilityRule.objects.create(program=program, kind=kind, params=params, label=label, order=i,
                                       valid_from=dt.date(2014, 1, 1), valid_to=dt.date(2014, 12, 31))
    return RecruitmentRound.objects.create(program=program, name="2014 상반기", apply_from=dt.date(2014, 1, 6),
                                           apply_to=dt.date(2014, 1, 17), work_from=WORK_FROM,
                                           work_to=dt.date(2014, 6, 30), places=3, vulnerable_quota_percent=10)


def apply(rnd, actor, n, **data):  # type: ignore[no-untyped-def]
    return application_submit(actor=actor, round=rnd, channel="officer", on=dt.date(2014, 1, 9),
                              applicant=person(actor, n, **data))


def test_rules_read_as_the_announcement_writes_them(tree):
    said = {kind: rule_sentence(kind, params) for kind, params, _ in PUBLIC_WORKS_2014}
    assert said == {
        "age_range": "만 18세 이상",
        "residency": "관악구 거주",
        "employment": "실업 또는 일용근로(정기소득 없음)인 사람",
        "property_cap": "재산 1억 3,500만원 이하",
        "exclude_status": "국민기초생활수급자 및 실업급여 수급자 제외",
        "participation_cap": "최근 2년간 10개월을 넘게 참여한 사람 제외",
        "priority_points": "가점: 장애인 5점, 한부모가정 5점, 부양가족 1명당 1점",
    }
    assert rule_sentence("age_range", {"min": 18, "max": 64}) == "만 18세 이상 64세 이하"
    assert rule_sentence("income_line", {"parameter": "minimum_cost_of_living", "percent": 150}) == \
        "가구소득이 최저생계비의 150% 이하"
    assert [won_ko(v) for v in (135_000_000, 100_000_000, 50_000_000, 135_000_001, 0)] == \
        ["1억 3,500만원", "1억원", "5,000만원", "1억 3,500만 1원", "0원"]
    assert [mask_name(n) for n in ("김민수", "이솔", "남궁민수")] == ["김*수", "이*", "남**수"]
    assert pay_sentence(PUBLIC_WORKS_PAY) == ("일급 6시간 32,000원, 3시간 16,000원 · 하루 6시간 (65세 이상 3시간) · "
                                              "부대경비 하루 5,000원 · 근무일수로 지급 · 10원 미만 절사")
    assert pay_sentence(FIFTY_PLUS_PAY) == "시급 9,211원 (근무시간으로 지급) · 월 57시간까지 · 10원 미만 절사"
    assert pay_sentence(NEW_MIDDLE_AGED_PAY).startswith("하루 4시간 이상 9,000원, 4시간 미만 3,000원 + 시간당 2,000원")


def test_the_monthly_hour_cap_also_caps_day_based_pay():
    # Seed 001, 신중년 사회공헌: at most 120 hours a month; 20 days x 6 hours = 420,000 won
    assert month_pay(NEW_MIDDLE_AGED_PAY, days=20, hours_per_day=6).paid == 420_000
    over = month_pay(NEW_MIDDLE_AGED_PAY, days=21, hours_per_day=6)  # 126 hours worked: 6 beyond the cap
    assert (over.paid, over.hours, over.over_cap) == (420_000, 120, 6)
    # 7 hours a day for 18 days = 126 h: 17 full days (119 h) and 1 hour of the 18th (3,000 + 2,000)
    assert month_pay(NEW_MIDDLE_AGED_PAY, days=18, hours_per_day=7).paid == 17 * (9_000 + 14_000) + 5_000
    # a day's wage by a table: the day cut by the cap is paid pro rata (32,000 x 2/6 + 5,000)
    capped_table = {**PUBLIC_WORKS_PAY, "monthly_cap_hours": 62}
    assert month_pay(capped_table, days=11, age=40).paid == 385_660  # 10 x 37,000 + 10,666 + 5,000, truncated
    assert month_pay(FIFTY_PLUS_PAY, days=10, hours=60).paid == 525_020  # hourly: 57 h x 9,211, truncated


# --- the typed editors -----------------------------------------------------------------------------------------


def test_the_property_cap_is_typed_in_manwon_previewed_by_name_then_saved(public_works, login, actor):
    rich = apply(public_works, actor, 80, property_value=130_000_000)
    poor = apply(public_works, actor, 81, property_value=50_000_000)
    Application.objects.filter(pk=rich.pk).update(name="김민수")
    officer = login("program_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/rules/"
    page = officer.get(url).content.decode()
    assert "재산 1억 3,500만원 이하" in page and "만 18세 이상" in page and "관악구 거주" in page
    assert "{&quot;" not in page and "135000000" not in page and '"max"' not in page  # no parameters shown
    cap = EligibilityRule.objects.get(program=public_works.program, kind="property_cap")
    editor = officer.get(f"{url}?rule={cap.pk}").content.decode()
    assert 'value="13,500"' in editor and "재산 상한 (만원)" in editor
    form = {"rule": cap.pk, "kind": "property_cap", "max_property": "12,000", "valid_from": "2014-01-01",
            "valid_to": "2014-12-31", "reason": "기준 강화", "version": "1"}
    preview = officer.post(url, {**form, "preview": "1"})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "적격 2건 → 1건" in text and "부적격으로 바뀜 1건" in text and "재산 1억 2,000만원 이하" in text
    # the applicant it drops, named: masked name, application number, and the value the rule reads
    row = re.search(r"부적격으로 바뀌는 신청자 1명.*?<tbody>(.*?)</tbody>", text, re.S).group(1)
    assert f"<td>{rich.pk}</td><td>김*수</td><td>재산 1억 3,000만원</td>" in row
    assert "김민수" not in text and str(poor.pk) not in row
    assert EligibilityRule.objects.get(pk=cap.pk).params == {"max": 135_000_000}  # not saved yet
    saved = officer.post(url, {**form, "save": "1"}, follow=True).content.decode()
    assert "자격 기준을 저장했습니다: 재산 1억 2,000만원 이하" in saved
    cap.refresh_from_db()
    assert (cap.params, cap.version) == ({"max": 120_000_000}, 2)
    entry = AuditEntry.objects.get(object_type="participants.eligibilityrule")
    assert (entry.before["params"], entry.after["params"], entry.reason) == ({"max": 135_000_000},
                                                                             {"max": 120_000_000}, "기준 강화")
    stale = officer.post(url, {**form, "max_property": "11,000", "save": "1"})  # the form read version 1
    assert stale.status_code == 409 and "다른 사용자가 먼저 이 자격 기준을 고쳤습니다" in stale.content.decode()
    assert EligibilityRule.objects.get(pk=cap.pk).params == {"max": 120_000_000}


def test_each_kind_has_its_own_typed_fields(public_works, login, tree, gangnam_and_ydp):
    officer = login("program_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/rules/"
    page = officer.get(f"{url}?kind=residency").content.decode()
    # districts to tick by their Korean names, in 가나다 order
    labels = re.findall(r'<label for="id_districts_\d+"><input[^>]*>\s*([^<]+)</label>', page)
    assert [x.strip() for x in labels] == ["강남구", "관악구", "영등포구"]
    base = {"valid_from": "2014-01-01", "save": "1", "reason": "신설"}
    cases = [
        ({"kind": "residency", "districts": ["GWANAK", "YDP"]}, {"districts": ["GWANAK", "YDP"]}, "관악구, 영등포구 거주"),
        ({"kind": "age_range", "min_age": "18", "max_age": "64"}, {"min": 18, "max": 64}, "만 18세 이상 64세 이하"),
        ({"kind": "employment", "allowed": ["day_labourer", "unemployed"]}, {"allowed": ["unemployed", "day_labourer"]},
         "실업 또는 일용근로(정기소득 없음)인 사람"),
        ({"kind": "exclude_status", "statuses": ["unemployment_benefit", "basic_livelihood"]},
         {"statuses": ["basic_livelihood", "unemployment_benefit"]}, "국민기초생활수급자 및 실업급여 수급자 제외"),
        ({"kind": "participation_cap", "years": "2", "months": "10"}, {"months": 10, "years": 2},
         "최근 2년간 10개월을 넘게 참여한 사람 제외"),
        ({"kind": "priority_points", "points_disabled": "5", "points_veteran": "3", "per_dependant": "1"},
         {"statuses": {"disabled": 5, "veteran": 3}, "per_dependant": 1}, "가점: 장애인 5점, 국가유공자 3점, 부양가족 1명당 1점"),
        ({"kind": "property_cap", "max_property": "１３５００"}, {"max": 135_000_000}, "재산 1억 3,500만원 이하"),
    ]
    for post, params, sentence in cases:
        r = officer.post(url, {**base, **post})
        assert r.status_code == 302, (post, r.content.decode()[-3000:])
        rule = EligibilityRule.objects.filter(program=public_works.program).latest("id")
        assert (rule.kind, rule.params, rule.sentence) == (post["kind"], params, sentence)
    assert sentence in officer.get(f"/rounds/{public_works.pk}/").content.decode()  # the round page too


@pytest.fixture
def gangnam_and_ydp(tree, actor):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create

    tree["GANGNAM"] = org_unit_create(actor=actor, code="GANGNAM", name_ko="강남구", kind="district",
                                      parent=tree["SEOUL"])
    tree["YDP"] = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    return tree


def test_hostile_values_are_form_errors_and_nothing_is_saved(public_works, login):
    officer = login("program_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/rules/"
    before = (EligibilityRule.objects.count(), PayRule.objects.count())
    base = {"valid_from": "2014-01-01", "save": "1"}
    for post, says in [
        ({"kind": "property_cap", "max_property": "많이"}, "숫자로 적으십시오"),
        ({"kind": "property_cap", "max_property": "-5"}, "0 이상이어야 합니다"),
        ({"kind": "property_cap", "max_property": "9" * 23}, "이하여야 합니다"),
        ({"kind": "property_cap", "max_property": "1.23456"}, "원 단위까지만"),
        ({"kind": "age_range", "min_age": "70", "max_age": "18"}, "위 나이가 아래 나이보다 적습니다"),
        ({"kind": "age_range"}, "하나는 적으십시오"),
        ({"kind": "age_range", "min_age": "9" * 23}, "120 이하여야 합니다"),
        ({"kind": "residency", "districts": ["MARS"]}, "목록에 있는 값을 고르십시오"),
        ({"kind": "residency"}, "하나 이상 고르십시오"),
        ({"kind": "income_line", "percent": "150"}, "기준선을 고르십시오"),
        ({"kind": "nonsense"}, "기준 종류를 고르십시오"),
        ({"kind": "age_range", "min_age": "18", "valid_from": "2014-13-01"}, "날짜를 2024-07-01처럼 넣으십시오"),
        ({"kind": "age_range", "min_age": "18", "valid_to": "2013-01-01"}, "적용 끝은 적용 시작보다 앞설 수 없습니다"),
        ({"form": "pay", "pay-valid_from": "2014-02-30", "pay-basis": "day"}, "날짜를 2024-07-01처럼 넣으십시오"),
        ({"form": "pay", "pay-valid_from": "2014-01-01", "pay-basis": "hour"}, "시간당 금액을 적으십시오"),
        ({"form": "pay", "pay-valid_from": "2014-01-01", "pay-basis": "day", "pay-default_hours": "6"},
         "하나는 적으십시오"),
        ({"form": "pay", "pay-valid_from": "2014-01-01", "pay-basis": "day", "pay-default_hours": "6",
          "pay-wage_hours_1": "6"}, "시간과 금액을 함께 적으십시오"),
        ({"form": "pay", "pay-valid_from": "2014-01-01", "pay-basis": "weekly"}, "목록에 있는 값을 고르십시오"),
    ]:
        r = officer.post(url, {**base, **post})
        assert r.status_code == 400 and says in r.content.decode(), (post, r.status_code)
    assert officer.post(url, {**base, "kind": "age_range", "min_age": "1", "rule": "9" * 30}).status_code in (302, 400)
    EligibilityRule.objects.filter(kind="age_range", params={"min": 1}).delete()
    assert officer.post(url, {**base, "kind": "age_range", "min_age": "1", "rule": "99999"}).status_code == 404
    assert (EligibilityRule.objects.count(), PayRule.objects.count()) == before


def test_pay_rules_are_typed_dated_and_version_checked(public_works, login):
    officer = login("program_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/rules/"
    day = {"form": "pay", "pay-valid_from": "2014-01-01", "pay-label": "2014 공공근로", "pay-basis": "day",
           "pay-wage_hours_1": "6", "pay-wage_amount_1": "32,000", "pay-wage_hours_2": "3",
           "pay-wage_amount_2": "16,000", "pay-default_hours": "6", "pay-age_from": "65", "pay-age_hours": "3",
           "pay-daily_allowance": "5,000", "pay-truncate_to": "10", "pay-reason": "2014 계획", "pay-version": "0"}
    assert officer.post(url, day).status_code == 302
    rule = PayRule.objects.get(program=public_works.program)
    assert rule.params == PUBLIC_WORKS_PAY
    page = officer.get(url).content.decode()
    assert "일급 6시간 32,000원, 3시간 16,000원 · 하루 6시간 (65세 이상 3시간)" in page
    editor = officer.get(f"{url}?pay_rule={rule.pk}").content.decode()
    assert 'value="32,000"' in editor and 'value="5,000"' in editor
    edit = {**day, "pay_rule": rule.pk, "pay-version": "1", "pay-monthly_cap_hours": "120"}
    assert officer.post(url, edit).status_code == 302
    rule.refresh_from_db()
    assert (rule.params["monthly_cap_hours"], rule.version) == (120, 2)
    assert officer.post(url, edit).status_code == 409  # read at version 1: someone saved since
    hourly = {**day, "pay-valid_from": "2021-01-01", "pay-basis": "hour", "pay-hourly_rate": "9,211",
              "pay-monthly_cap_hours": "57", "pay-default_hours": "", "pay-age_from": "", "pay-age_hours": "",
              "pay-daily_allowance": ""}
    assert officer.post(url, hourly).status_code == 302
    later = PayRule.objects.get(program=public_works.program, valid_from=dt.date(2021, 1, 1))
    assert later.params == FIFTY_PLUS_PAY
    assert AuditEntry.objects.filter(object_type="participants.payrule").count() == 3
    # an hourly rule keeps its hours a day (they bound the hours entered) and its daily allowance
    assert officer.post(url, {**hourly, "pay-valid_from": "2026-01-01", "pay-hourly_rate": "10,320",
                              "pay-monthly_cap_hours": "", "pay-default_hours": "5", "pay-age_from": "65",
                              "pay-age_hours": "3", "pay-daily_allowance": "5,000"}).status_code == 302
    assert PayRule.objects.get(program=public_works.program, valid_from=dt.date(2026, 1, 1)).params == \
        GWANAK_2026_PAY


def test_a_participation_cap_change_is_previewed_with_past_participation(public_works, actor):
    eleven = apply(public_works, actor, 90)
    Participation.objects.create(applicant=eleven.applicant, start=dt.date(2013, 1, 1), end=dt.date(2013, 11, 30))
    apply(public_works, actor, 91)
    cap = EligibilityRule.objects.get(program=public_works.program, kind="participation_cap")
    cap.params = {"months": 12, "years": 2}
    impact = rule_change_impact(round=public_works, rule=cap)
    assert (impact["eligible_now"], impact["eligible_after"]) == (1, 2)
    assert impact["admitted_people"] == [{"number": eleven.pk, "name": "신***0", "value": "최근 참여 11개월"}]


# --- who may change the rules ----------------------------------------------------------------------------------


def test_the_rounds_own_district_officer_may_change_its_rules(make_program, tree, gangnam_and_ydp, login, actor):
    """A district officer may change the eligibility and pay rules of a round their district carries out: a
    program their district owns, or one it alone implements. A program several districts carry out keeps its
    owner's rules (a change would screen the other districts' applicants too); another district's is not found."""
    own = make_program("OWN", owner="GWANAK-JOB")
    alone = make_program("ALONE", owner="JOBPOL")
    alone.implementing_orgs.set([tree["GWANAK"]])
    shared = make_program("SHARED", owner="JOBPOL")
    shared.implementing_orgs.set([tree["GWANAK"], tree["GANGNAM"]])
    other = make_program("OTHER", owner="YDP")
    rounds = {p.code: RecruitmentRound.objects.create(
        program=p, name="2024 상반기", apply_from=dt.date(2024, 1, 2), apply_to=dt.date(2024, 1, 12),
        work_from=dt.date(2024, 2, 1), work_to=dt.date(2024, 6, 30), places=5) for p in (own, alone, shared, other)}
    officer = login("district_officer", "GWANAK")
    rule = {"kind": "age_range", "min_age": "18", "valid_from": "2024-01-01", "save": "1"}
    pay = {"form": "pay", "pay-valid_from": "2024-01-01", "pay-basis": "hour", "pay-hourly_rate": "11,000",
           "pay-truncate_to": "10", "pay-version": "0"}
    got = {}
    for code, rnd in rounds.items():
        url = f"/rounds/{rnd.pk}/rules/"
        got[code] = (officer.post(url, rule).status_code, officer.post(url, pay).status_code,
                     "고치기" in officer.get(url).content.decode() if code != "OTHER" else None)
    assert got == {"OWN": (302, 302, True), "ALONE": (302, 302, True), "SHARED": (403, 403, False),
                   "OTHER": (404, 404, None)}
    assert set(EligibilityRule.objects.values_list("program__code", flat=True)) == {"OWN", "ALONE"}
    assert login("reviewer").post(f"/rounds/{rounds['OWN'].pk}/rules/", rule).status_code == 403


# --- days and hours worked, and the payroll -------------------------------------------------------------------


@pytest.fixture
def selected(public_works, actor):  # type: ignore[no-untyped-def]
    """Three selected (the first 66 years old: 3 hours a day) and one waiting, with 2014's pay rule."""
    PayRule.objects.create(program=public_works.program, valid_from=dt.date(2014, 1, 1), label="2014 공공근로",
                           params=PUBLIC_WORKS_PAY)
    for i in range(4):
        apply(public_works, actor, 70 + i, born=dt.date(1948, 1, 1) if i == 0 else dt.date(1970, 1, 1),
              household_income=100_000 * (i + 1))
    round_screen(actor=actor, round=public_works)
    round_select(actor=actor, round=public_works)
    return {a.rank: a for a in Application.objects.filter(round=public_works, status="selected")}


def test_officers_enter_days_worked_and_see_each_rows_pay(public_works, selected, login):
    officer = login("district_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/payroll/"
    page = officer.get(url + "?month=2014-02").content.decode()
    assert page.count("미입력") >= 3 and "2014. 2. 3. ~ 2. 28. (26일)" in page
    a, b, c = selected[1], selected[2], selected[3]
    form = {"month": "2014-02", f"days_{a.pk}": "20", f"days_{b.pk}": "19", f"days_{c.pk}": "",
            f"version_{a.pk}": "0", f"version_{b.pk}": "0", f"version_{c.pk}": "0", "reason": "2월 출근부"}
    r = officer.post(url, form)
    assert r.status_code == 302 and r["Location"].endswith("?month=2014-02")
    page = officer.get(url + "?month=2014-02").content.decode()
    assert "420,000" in page and "703,000" in page  # 20 x 21,000 (65+, 3 hours) and 19 x 37,000
    assert "1,123,000" in page and "미입력 1명 제외" in page  # the total leaves out the one not entered
    assert WorkRecord.objects.get(application=a).days == 20
    entry = AuditEntry.objects.get(object_type="participants.workrecord",
                                   object_id=str(WorkRecord.objects.get(application=a).pk))
    assert entry.after == {"days": 20, "hours": None} and entry.reason == "2월 출근부"
    # the same figures in the workbook
    wb = load_workbook(io.BytesIO(officer.get(f"/rounds/{public_works.pk}/export/payroll/?month=2014-02").content))
    rows = {r[0]: r for r in wb.active.iter_rows(values_only=True) if r and r[0] in (1, 2, 3, "계")}
    assert (rows[1][7], rows[2][7], rows[3][4], rows[3][7], rows["계"][7]) == (420_000, 703_000, "미입력", "-",
                                                                               1_123_000)
    assert any("미입력 1명" in str(r[0]) for r in wb.active.iter_rows(values_only=True) if r and r[0])
    # a stale grid (read before the save) is refused, not written over
    stale = officer.post(url, {**form, f"days_{a.pk}": "5"})
    assert stale.status_code == 409 and "다른 사용자가 먼저 고친 행이 있습니다" in stale.content.decode()
    assert WorkRecord.objects.get(application=a).days == 20
    # clearing a row makes it 미입력 again (audited as a deletion); 0 days is a figure, not 미입력
    fresh = {**form, f"version_{a.pk}": "1", f"version_{b.pk}": "1", f"days_{a.pk}": "", f"days_{b.pk}": "0"}
    assert officer.post(url, fresh).status_code == 302
    assert not WorkRecord.objects.filter(application=a).exists() and WorkRecord.objects.get(application=b).days == 0
    assert AuditEntry.objects.filter(object_type="participants.workrecord", action="delete").count() == 1


def test_days_and_hours_are_bounded_and_hostile_input_is_a_form_error(public_works, selected, login, actor):
    officer = login("district_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/payroll/"
    a = selected[1]
    for days, says in [("27", "26 이하여야 합니다"), ("스무날", "정수로 적으십시오"), ("9" * 23, "26 이하여야 합니다"),
                       ("-1", "0 이상이어야 합니다")]:
        r = officer.post(url, {"month": "2014-02", f"days_{a.pk}": days, f"version_{a.pk}": "0"})
        assert r.status_code == 400 and says in r.content.decode(), days
        assert 'aria-invalid="true"' in r.content.decode()
    for month in ("2030-01", "2014-07", "2014-13", ""):  # never saved into another month
        r = officer.post(url, {"month": month, f"days_{a.pk}": "3", f"version_{a.pk}": "0"})
        assert r.status_code == 400 and "근무 기간이 아닙니다" in r.content.decode(), month
    assert not WorkRecord.objects.exists()
    with pytest.raises(ServiceError, match="days worked must be 0 to 26"):
        work_records_save(actor=actor, round=public_works, year=2014, month=2,
                          entries=[{"application": a, "days": 27, "version": 0}])
    with pytest.raises(ServiceError, match="day-based pay takes days only"):
        work_records_save(actor=actor, round=public_works, year=2014, month=2,
                          entries=[{"application": a, "days": 20, "hours": 120, "version": 0}])
    with pytest.raises(ServiceError, match="not a month of the round"):
        work_records_save(actor=actor, round=public_works, year=2014, month=7,
                          entries=[{"application": a, "days": 20, "version": 0}])
    waiting = Application.objects.get(round=public_works, status="waiting")
    with pytest.raises(ServiceError, match="not a participant"):
        work_records_save(actor=actor, round=public_works, year=2014, month=2,
                          entries=[{"application": waiting, "days": 20, "version": 0}])
    with pytest.raises(ConflictError):
        work_records_save(actor=actor, round=public_works, year=2014, month=2,
                          entries=[{"application": a, "days": 20, "version": 3}])
    # a participant who dropped out is paid the days worked before
    application_drop_out(actor=actor, application=a, reason="취업")
    work_records_save(actor=actor, round=public_works, year=2014, month=2,
                      entries=[{"application": a, "days": 4, "version": 0}])
    assert "중도포기" in officer.get(url + "?month=2014-02").content.decode()
    assert login("reviewer").post(url, {"month": "2014-02"}).status_code == 403
    assert login("reviewer", username="r2").get(url).status_code == 200  # reviewers read the pay


def test_hourly_pay_takes_hours_capped_per_month(make_program, login, actor):
    program = make_program("BORAM", owner="JOBPOL")
    PayRule.objects.create(program=program, valid_from=dt.date(2021, 1, 1), label="50+ 보람일자리", params=FIFTY_PLUS_PAY)
    rnd = RecruitmentRound.objects.create(program=program, name="2021", apply_from=dt.date(2020, 12, 1),
                                          apply_to=dt.date(2020, 12, 15), work_from=dt.date(2021, 1, 4),
                                          work_to=dt.date(2021, 12, 31), places=2)
    apps = [application_submit(actor=actor, round=rnd, channel="officer", on=dt.date(2020, 12, 2),
                               applicant=person(actor, 300 + i, born=dt.date(1965, 1, 1))) for i in range(2)]
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(status="selected")
    officer = login("program_officer", "JOBPOL")
    url = f"/rounds/{rnd.pk}/payroll/"
    a, b = apps
    too_many = officer.post(url, {"month": "2021-03", f"days_{a.pk}": "2", f"hours_{a.pk}": "49",
                                  f"version_{a.pk}": "0", f"version_{b.pk}": "0"})
    assert too_many.status_code == 400 and "48시간 이하여야 합니다" in too_many.content.decode()
    no_hours = officer.post(url, {"month": "2021-03", f"days_{a.pk}": "10", f"version_{a.pk}": "0"})
    assert no_hours.status_code == 400 and "근무시간을 적으십시오" in no_hours.content.decode()
    ok = officer.post(url, {"month": "2021-03", f"days_{a.pk}": "15", f"hours_{a.pk}": "60", f"days_{b.pk}": "10",
                            f"hours_{b.pk}": "40", f"version_{a.pk}": "0", f"version_{b.pk}": "0"})
    assert ok.status_code == 302
    page = officer.get(url + "?month=2021-03").content.decode()
    assert "525,020" in page and "월 상한 초과 3시간 제외" in page and "368,440" in page  # 57 h; 40 h x 9,211


def test_a_district_officer_enters_only_their_own_participants_of_a_shared_round(make_program, tree, gangnam_and_ydp,
                                                                                 login, actor):
    program = make_program("SHARED", owner="JOBPOL")
    program.implementing_orgs.set([tree["GWANAK"], tree["GANGNAM"]])
    PayRule.objects.create(program=program, valid_from=dt.date(2014, 1, 1), params=PUBLIC_WORKS_PAY)
    rnd = RecruitmentRound.objects.create(program=program, name="공동", apply_from=dt.date(2014, 1, 6),
                                          apply_to=dt.date(2014, 1, 17), work_from=WORK_FROM,
                                          work_to=dt.date(2014, 6, 30), places=4)
    mine = apply(rnd, actor, 400, district="GWANAK")
    theirs = apply(rnd, actor, 401, district="GANGNAM")
    Application.objects.filter(round=rnd).update(status="selected")
    officer = login("district_officer", "GWANAK")
    url = f"/rounds/{rnd.pk}/payroll/"
    page = officer.get(url).content.decode()
    assert "신청자400" in page and "신청자401" not in page and f'name="days_{mine.pk}"' in page
    r = officer.post(url, {"month": "2014-02", f"days_{mine.pk}": "20", f"version_{mine.pk}": "0",
                           f"days_{theirs.pk}": "20", f"version_{theirs.pk}": "0"})
    assert r.status_code == 302
    assert list(WorkRecord.objects.values_list("application_id", flat=True)) == [mine.pk]
    assert WorkRecord.objects.restrict(officer_user(officer), "view").count() == 1


def officer_user(client):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_day_based_pay_over_the_monthly_cap_in_the_workbook(make_program, login, actor):
    program = make_program("NMA", owner="JOBPOL")
    PayRule.objects.create(program=program, valid_from=dt.date(2021, 1, 1), label="신중년 사회공헌",
                           params=NEW_MIDDLE_AGED_PAY)
    rnd = RecruitmentRound.objects.create(program=program, name="2021", apply_from=dt.date(2020, 12, 1),
                                          apply_to=dt.date(2020, 12, 15), work_from=dt.date(2021, 3, 2),
                                          work_to=dt.date(2021, 12, 31), places=2)
    app = application_submit(actor=actor, round=rnd, channel="officer", on=dt.date(2020, 12, 2),
                             applicant=person(actor, 500, born=dt.date(1962, 1, 1)))
    Application.objects.filter(pk=app.pk).update(status="selected", rank=1)
    app.refresh_from_db()
    work_records_save(actor=actor, round=rnd, year=2021, month=3, entries=[{"application": app, "days": 21,
                                                                            "version": 0}])
    wb = load_workbook(io.BytesIO(login("reviewer").get(f"/rounds/{rnd.pk}/export/payroll/?month=2021-03").content))
    row = next(r for r in wb.active.iter_rows(values_only=True) if r and r[0] == 1)
    assert (row[4], row[5], row[7], row[8]) == (21, 120, 420_000, "월 상한 초과 6시간 제외")
    assert isinstance(row[7], int)  # a number with a number format, not text


def test_english_pages_read_in_english(public_works, selected, login, settings):
    """The same pages on the English switch: rules, the preview and the pay in English; only what people typed
    (names, the program's and the rules' own names) stays Korean."""
    officer = login("program_officer", "GWANAK")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/rounds/{public_works.pk}/rules/"
    page = officer.get(url).content.decode()
    assert "Aged 18 or over" in page and "Property at most 135,000,000 won" in page and "Lives in 관악구" in page
    assert "A day&#x27;s wage: 6 hours 32,000 won, 3 hours 16,000 won" in page
    assert "재산 1억 3,500만원" not in page and "자격 기준" not in page  # the sentence; its typed name stays
    cap = EligibilityRule.objects.get(program=public_works.program, kind="property_cap")
    Application.objects.filter(pk=selected[1].pk).update(property_value=50_000_000)
    preview = officer.post(url, {"rule": cap.pk, "kind": "property_cap", "max_property": "1,000", "version": "1",
                                 "valid_from": "2014-01-01", "preview": "1"}).content.decode()
    assert "Applicant no longer eligible: 1" in preview and "property 50,000,000 won" in preview
    assert "저장하면" not in preview
    pay = officer.get(f"/rounds/{public_works.pk}/payroll/?month=2014-02").content.decode()
    assert "Work and pay" in pay and "not entered" in pay and "미입력" not in pay and "2014-02" in pay
    bad = officer.post(f"/rounds/{public_works.pk}/payroll/", {"month": "2014-02", f"days_{selected[1].pk}": "99",
                                                               f"version_{selected[1].pk}": "0"})
    assert bad.status_code == 400 and "Must be at most 26." in bad.content.decode()


def test_a_large_round_is_entered_a_page_at_a_time(public_works, login, actor):
    """415 places (서울 동행일자리): the grid shows 100 rows a page, so a save stays under the request's field
    limit; the total covers every page."""
    PayRule.objects.create(program=public_works.program, valid_from=dt.date(2014, 1, 1), params=PUBLIC_WORKS_PAY)
    apps = [apply(public_works, actor, 600 + i) for i in range(103)]
    Application.objects.filter(round=public_works).update(status="selected")
    for rank, a in enumerate(apps, start=1):
        Application.objects.filter(pk=a.pk).update(rank=rank)
    work_records_save(actor=actor, round=public_works, year=2014, month=2,
                      entries=[{"application": a, "days": 20, "version": 0} for a in
                               Application.objects.filter(pk__in=[a.pk for a in apps[:100]])])
    officer = login("district_officer", "GWANAK")
    url = f"/rounds/{public_works.pk}/payroll/"
    first = officer.get(url + "?month=2014-02").content.decode()
    assert len(re.findall(r'name="days_\d+"', first)) == 100 and "1 / 2" in first
    second = officer.get(url + "?month=2014-02&page=2").content.decode()
    assert len(re.findall(r'name="days_\d+"', second)) == 3 and "미입력 3명 제외" in second
    post = {"month": "2014-02", "page": "2", **{f"days_{a.pk}": "10" for a in apps[100:]},
            **{f"version_{a.pk}": "0" for a in apps[100:]}}
    r = officer.post(url, post)
    assert r.status_code == 302 and r["Location"].endswith("?month=2014-02&page=2")
    assert WorkRecord.objects.count() == 103
    total = officer.get(url + "?month=2014-02").content.decode()
    assert f"{(100 * 20 + 3 * 10) * 37_000:,}" in total  # every page in the total


def test_a_month_with_nothing_entered_has_no_total(public_works, selected, login):
    """Nothing entered is not 0: the total reads '-' on the page and in the workbook."""
    c = login("reviewer")
    page = c.get(f"/rounds/{public_works.pk}/payroll/?month=2014-03").content.decode()
    total = re.search(r'<tr class="total">(.*?)</tr>', page, re.S).group(1)
    assert "미입력 3명 제외" in total and ">0<" not in total and "<strong>-</strong>" in total
    wb = load_workbook(io.BytesIO(c.get(f"/rounds/{public_works.pk}/export/payroll/?month=2014-03").content))
    row = next(r for r in wb.active.iter_rows(values_only=True) if r and r[0] == "계")
    assert (row[6], row[7], row[8]) == ("-", "-", "미입력 3명 제외")


# --- hourly pay with hours a day and a daily allowance (the demo's 2026 rule) ------------------------------------
GWANAK_2026_PAY = {"basis": "hour", "hours_by_age": [[65, 3]], "default_hours": 5, "hourly_rate": 10320,
                   "daily_allowance": 5000, "truncate_to": 10}


@pytest.fixture
def hourly_round(make_program, actor):  # type: ignore[no-untyped-def]
    """A round paid 10,320 won an hour, 5 hours a day (65+: 3), 5,000 won of 부대경비 a day; one participant
    aged 56 and one aged 66 in March 2021."""
    program = make_program("HOURLY", owner="JOBPOL")
    PayRule.objects.create(program=program, valid_from=dt.date(2021, 1, 1), label="시급제", params=GWANAK_2026_PAY)
    rnd = RecruitmentRound.objects.create(program=program, name="2021", apply_from=dt.date(2020, 12, 1),
                                          apply_to=dt.date(2020, 12, 15), work_from=dt.date(2021, 1, 4),
                                          work_to=dt.date(2021, 12, 31), places=2)
    apps = [application_submit(actor=actor, round=rnd, channel="officer", on=dt.date(2020, 12, 2),
                               applicant=person(actor, 500 + i, born=born))
            for i, born in enumerate((dt.date(1965, 1, 1), dt.date(1955, 1, 1)))]
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(status="selected")
    return rnd, [Application.objects.get(pk=a.pk) for a in apps]


def test_hourly_pay_adds_the_daily_allowance_for_each_day_worked(hourly_round, login):
    # 20 days, 100 hours: 100 x 10,320 + 20 x 5,000 (the citizen page promises "부대경비 하루 5,000원 별도")
    assert month_pay(GWANAK_2026_PAY, days=20, hours=100).paid == 1_132_000
    assert pay_sentence(GWANAK_2026_PAY) == ("시급 10,320원 (근무시간으로 지급) · 하루 5시간 (65세 이상 3시간) · "
                                             "부대경비 하루 5,000원 · 10원 미만 절사")
    rnd, (a, _) = hourly_round
    officer = login("program_officer", "JOBPOL")
    url = f"/rounds/{rnd.pk}/payroll/"
    ok = officer.post(url, {"month": "2021-03", f"days_{a.pk}": "20", f"hours_{a.pk}": "100", f"version_{a.pk}": "0"})
    assert ok.status_code == 302
    page = officer.get(url + "?month=2021-03").content.decode()
    assert "1,132,000" in page and "1,032,000" not in page and "부대경비 하루 5,000원" in page
    wb = load_workbook(io.BytesIO(officer.get(f"/rounds/{rnd.pk}/export/payroll/?month=2021-03").content))
    assert any(1_132_000 in r for r in wb.active.iter_rows(values_only=True))


def test_hours_above_the_rules_hours_a_day_are_refused_beside_the_field(hourly_round, login, actor):
    rnd, (young, old) = hourly_round
    officer = login("program_officer", "JOBPOL")
    url = f"/rounds/{rnd.pk}/payroll/"
    page = officer.get(url + "?month=2021-03").content.decode()
    assert "임금 기준 하루 5시간 (65세 이상 3시간)" in page
    r = officer.post(url, {"month": "2021-03", f"days_{young.pk}": "20", f"hours_{young.pk}": "150",
                           f"version_{young.pk}": "0"})
    body = r.content.decode()
    assert r.status_code == 400 and "근무시간은 0~100시간이어야 합니다 (임금 기준 하루 5시간" in body
    assert re.search(r'class="field-error">[^<]*100시간이어야', body)  # beside the hours field
    r = officer.post(url, {"month": "2021-03", f"days_{old.pk}": "20", f"hours_{old.pk}": "61",
                           f"version_{old.pk}": "0"})
    assert r.status_code == 400 and "근무시간은 0~60시간이어야 합니다 (임금 기준 하루 3시간(만 66세)" in r.content.decode()
    assert not WorkRecord.objects.exists()
    work_records_save(actor=actor, round=rnd, year=2021, month=3,
                      entries=[{"application": old, "days": 20, "hours": 60, "version": 0}])  # exactly the bound


def test_work_of_a_month_not_begun_is_refused(make_program, login, actor):
    program = make_program("FUTURE", owner="JOBPOL")
    today = timezone.localdate()
    PayRule.objects.create(program=program, valid_from=dt.date(2021, 1, 1), params=PUBLIC_WORKS_PAY)
    rnd = RecruitmentRound.objects.create(program=program, name="올해", apply_from=today - dt.timedelta(days=60),
                                          apply_to=today - dt.timedelta(days=40),
                                          work_from=today.replace(day=1) - dt.timedelta(days=1),
                                          work_to=today + dt.timedelta(days=100), places=1)
    a = application_submit(actor=actor, round=rnd, channel="officer", on=today - dt.timedelta(days=50),
                           applicant=person(actor, 600))
    Application.objects.filter(pk=a.pk).update(status="selected")
    nxt = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    officer = login("program_officer", "JOBPOL")
    url = f"/rounds/{rnd.pk}/payroll/"
    month = f"{nxt.year}-{nxt.month:02d}"
    assert "이달은 아직 시작되지 않았습니다" in officer.get(url + f"?month={month}").content.decode()
    r = officer.post(url, {"month": month, f"days_{a.pk}": "3", f"version_{a.pk}": "0"})
    body = r.content.decode()
    assert r.status_code == 400 and f"{nxt.year}년 {nxt.month}월은 아직 시작되지 않았습니다" in body
    assert re.search(r'class="field-error">[^<]*아직 시작되지 않았습니다', body)
    assert not WorkRecord.objects.exists()
    this = f"{today.year}-{today.month:02d}"  # the month under way takes work
    assert officer.post(url, {"month": this, f"days_{a.pk}": "1", f"version_{a.pk}": "0"}).status_code == 302
