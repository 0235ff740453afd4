"""The demo's recruitment rounds carry the seeds' own figures: seed 002's 2014 공공근로 (L220-229) and seed 003's
2024 second-half rounds (L195-199); the first half of 2014 is screened and selected, as an officer would find it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from iljari.participants.eligibility import rules_in_force
from iljari.participants.models import Application, RecruitmentRound
from iljari.participants.pay import month_pay, pay_rule_on

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_seed_rounds_with_their_places_and_dates(demo):
    got = {(r.program.code, r.name): (r.places, r.work_from, r.work_to, r.apply_from.strftime("%Y-%m"),
                                      r.select_on.strftime("%Y-%m") if r.select_on else None)
           for r in RecruitmentRound.objects.select_related("program")}
    assert got[("Y14-PUBLIC-WORKS", "2014년 상반기")][:3] == (193, D(2014, 2, 3), D(2014, 6, 30))  # seed 002 L221-223
    assert got[("Y14-PUBLIC-WORKS", "2014년 하반기")][:3] == (169, D(2014, 7, 1), D(2014, 11, 30))
    # seed 003 L197-199: places, the months of recruitment and selection, the work periods
    assert got[("GA-PUBLIC-JOBS", "2024년 하반기 서울 동행일자리")] == (415, D(2024, 7, 1), D(2024, 11, 30), "2024-05",
                                                                  "2024-06")
    assert got[("GA-PUBLIC-JOBS", "2024년 하반기 강감찬 관악형 민생안정 일자리")] == (
        250, D(2024, 8, 1), D(2024, 11, 30), "2024-06", "2024-07")
    assert got[("GA-PUBLIC-JOBS", "2024년 하반기 지역공동체 일자리")] == (29, D(2024, 7, 1), D(2024, 10, 30), "2024-05",
                                                                   "2024-06")
    assert sum(v[0] for k, v in got.items() if k[0] == "GA-PUBLIC-JOBS" and k[1].startswith("2024")) == 694  # 소계 694 (L196)


def test_a_round_takes_applications_on_the_day_the_demo_is_loaded(demo):
    """The citizens' page has something to apply to whenever the demo is loaded (an example round)."""

    from iljari.participants.models import RecruitmentRound

    today = timezone.localdate()
    open_now = RecruitmentRound.objects.filter(apply_from__lte=today, apply_to__gte=today)
    assert open_now.count() == 1
    rnd = open_now.get()
    assert rnd.duties and rnd.worksites.count() == 3 and rnd.work_from > rnd.apply_to
    for r in RecruitmentRound.objects.all():  # every round says what is the seed's and what is an example
        assert "예시" in r.note and sum(r.worksites.values_list("places", flat=True)) <= r.places


def test_the_2014_rules_and_pay_are_the_seeds(demo):
    rnd = RecruitmentRound.objects.get(program__code="Y14-PUBLIC-WORKS", name="2014년 상반기")
    rules = {r.kind: r.params for r in rules_in_force(rnd.program_id, rnd.work_from)}
    assert rules["age_range"] == {"min": 18} and rules["residency"] == {"districts": ["YDP"]}
    assert rules["property_cap"] == {"max": 135_000_000} and rules["participation_cap"] == {"months": 10, "years": 2}
    assert set(rules["exclude_status"]["statuses"]) == {"basic_livelihood", "unemployment_benefit"}
    pay = pay_rule_on(rnd.program_id, rnd.work_from)
    assert month_pay(pay.params, days=1, age=64).paid == 32_000 + 5_000  # 6 hours
    assert month_pay(pay.params, days=1, age=65).paid == 16_000 + 5_000  # 65+: 3 hours


def test_the_first_half_is_selected_and_the_second_waits_for_screening(demo):
    first = RecruitmentRound.objects.get(program__code="Y14-PUBLIC-WORKS", name="2014년 상반기")
    apps = Application.objects.filter(round=first)
    assert apps.filter(status="selected").count() == 193
    assert apps.filter(status="waiting").exists() and apps.filter(status="ineligible").exists()
    vulnerable = apps.filter(status="selected").exclude(statuses=[]).count()
    assert vulnerable >= 20  # at least 10 % of 193 (rounded up) are vulnerable applicants
    second = RecruitmentRound.objects.get(program__code="Y14-PUBLIC-WORKS", name="2014년 하반기")
    assert Application.objects.filter(round=second).count() > 169
    assert not Application.objects.filter(round=second).exclude(status="applied").exists()


def test_loading_twice_adds_no_round_or_applicant(demo):
    before = (RecruitmentRound.objects.count(), Application.objects.count())
    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    assert (RecruitmentRound.objects.count(), Application.objects.count()) == before
