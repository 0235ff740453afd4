"""Demo recruitment rounds (모집 회차) built from the seeds, loaded by `load-demo` after the programs.

- Seed 002 (영등포구 2014, L216-251): 공공근로사업 in two rounds, 상반기 2. 3 ~ 6. 30 (193명) and 하반기 7. 1 ~ 11. 30
  (169명), its selection rules and pay as dated data, its four kinds of work as worksites. The applicants are
  made up (illustrative): the first half is screened and selected, the second half waits for its screening.
- Seed 003 (관악구, L195-199): the 2024 second-half rounds of 서울 동행일자리 (415명), 강감찬 관악형 민생안정 일자리
  (250명) and 지역공동체 일자리 (29명), with the months of recruitment and selection and the work periods the seed
  gives; all three belong to the demo program GA-PUBLIC-JOBS, which the seed reports as one program.

What a seed does not give is chosen and said so in each round's note (예시): the days of application and selection
of 2014, the days within the months of 2024 (the month's first and last day), the vulnerable quota, the places of
each worksite, the 2024 rules and pay. Loading twice changes nothing (rounds are found by program and name).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.core.context import change_context
from iljari.core.periods import month_end
from iljari.participants.bulk import applications_load
from iljari.participants.models import EligibilityRule, PayRule, RecruitmentRound
from iljari.participants.round_services import RoundTerms, round_create
from iljari.participants.services import eligibility_rule_save, pay_rule_save, round_screen, round_select
from iljari.programs.models import Program

D = dt.date

PUBLIC_WORKS_2014 = "Y14-PUBLIC-WORKS"
GWANAK_PUBLIC_JOBS = "GA-PUBLIC-JOBS"

# (program, kind, params, label, valid_from, valid_to): seed 002 L224-225 word for word; the 2024 rules are examples.
RULES: list[tuple[str, str, dict[str, Any], str, dt.date, dt.date | None]] = [
    (PUBLIC_WORKS_2014, "age_range", {"min": 18}, "만 18세 이상", D(2014, 1, 1), D(2014, 12, 31)),
    (PUBLIC_WORKS_2014, "residency", {"districts": ["YDP"]}, "영등포구민", D(2014, 1, 1), D(2014, 12, 31)),
    (PUBLIC_WORKS_2014, "employment", {"allowed": ["unemployed", "day_labourer"]},
     "실업 또는 정기소득이 없는 일용근로자", D(2014, 1, 1), D(2014, 12, 31)),
    (PUBLIC_WORKS_2014, "property_cap", {"max": 135_000_000}, "재산 1억3천5백만원 이하", D(2014, 1, 1),
     D(2014, 12, 31)),
    (PUBLIC_WORKS_2014, "exclude_status", {"statuses": ["basic_livelihood", "unemployment_benefit"]},
     "배제대상: 국민기초생활수급자, 실업급여대상자", D(2014, 1, 1), D(2014, 12, 31)),
    (PUBLIC_WORKS_2014, "participation_cap", {"months": 10, "years": 2}, "배제대상: 2년간 10개월 초과 근무자",
     D(2014, 1, 1), D(2014, 12, 31)),
    (GWANAK_PUBLIC_JOBS, "age_range", {"min": 18}, "만 18세 이상 (예시)", D(2024, 1, 1), D(2024, 12, 31)),
    (GWANAK_PUBLIC_JOBS, "residency", {"districts": ["GWANAK"]}, "관악구민 (예시)", D(2024, 1, 1), D(2024, 12, 31)),
    (GWANAK_PUBLIC_JOBS, "employment", {"allowed": ["unemployed", "day_labourer"]},
     "실업 또는 정기소득이 없는 일용근로자 (예시)", D(2024, 1, 1), D(2024, 12, 31)),
    (GWANAK_PUBLIC_JOBS, "exclude_status", {"statuses": ["basic_livelihood", "unemployment_benefit"]},
     "배제대상: 국민기초생활수급자, 실업급여 수급자 (예시)", D(2024, 1, 1), D(2024, 12, 31)),
    # from 2025 on, for the round open on the day the demo is loaded (all examples)
    (GWANAK_PUBLIC_JOBS, "age_range", {"min": 18}, "만 18세 이상 (예시)", D(2025, 1, 1), None),
    (GWANAK_PUBLIC_JOBS, "residency", {"districts": ["GWANAK"]}, "관악구민 (예시)", D(2025, 1, 1), None),
    (GWANAK_PUBLIC_JOBS, "employment", {"allowed": ["unemployed", "day_labourer"]},
     "실업 또는 정기소득이 없는 일용근로자 (예시)", D(2025, 1, 1), None),
    (GWANAK_PUBLIC_JOBS, "exclude_status", {"statuses": ["basic_livelihood", "unemployment_benefit"]},
     "배제대상: 국민기초생활수급자, 실업급여 수급자 (예시)", D(2025, 1, 1), None),
]

# (program, valid_from, params, label): seed 002 L227-229; 2024: the minimum wage of 2024 (9,860원), hours and
# allowance as examples.
PAY_RULES: list[tuple[str, dt.date, dict[str, Any], str]] = [
    (PUBLIC_WORKS_2014, D(2014, 1, 1),
     {"hours_by_age": [[65, 3]], "default_hours": 6, "daily_wage_by_hours": {"6": 32000, "3": 16000},
      "daily_allowance": 5000},
     "1일 32,000원(6시간 근무자) / 16,000원(3시간 근무자), 65세 이상 1일 3시간, 부대경비 5,000원 별도"),
    (GWANAK_PUBLIC_JOBS, D(2024, 1, 1),
     {"hours_by_age": [[65, 3]], "default_hours": 5, "hourly_rate": 9860, "daily_allowance": 5000,
      "truncate_to": 10},
     "시급 9,860원(2024년 최저임금), 1일 5시간(65세 이상 3시간), 부대경비 5,000원 (예시)"),
    (GWANAK_PUBLIC_JOBS, D(2026, 1, 1),
     {"hours_by_age": [[65, 3]], "default_hours": 5, "hourly_rate": 10320, "daily_allowance": 5000,
      "truncate_to": 10},
     "시급 10,320원(2026년 최저임금), 1일 5시간(65세 이상 3시간), 부대경비 5,000원 (예시)"),
]

_NOTE_2014 = ("근무 기간·계획인원·선발 기준·임금은 영등포구 일자리정책과 2014년 주요업무 보고 그대로입니다. 공고·신청·선발 "
              "날짜, 취약계층 비율, 근무지(보고서의 4개 사업 유형)별 인원과 신청자(가상 인물)는 시연용 예시입니다.")
_NOTE_2024 = ("선발인원, 모집과 선발의 달, 운영 기간은 관악구 공약사업 1-4 이행 보고(2024년 하반기 공공일자리 참여자 모집) "
              "그대로입니다. 날짜의 일(달의 첫날과 끝날), 취약계층 비율, 근무지별 인원, 자격 기준과 임금은 시연용 예시입니다.")

_DUTIES_2014 = ("영등포구 공공근로사업 참여자를 모집합니다. 구청과 동 주민센터, 공공시설에서 자료 정리·전산 입력(정보화추진), "
                "민원 안내·시설 관리 보조(서비스 지원), 거리·하천·공원 환경정비 등의 일을 합니다. 하루 6시간(65세 이상 3시간), "
                "주 5일 근무합니다.")
_DUTIES_DONGHAENG = ("동 주민센터·복지관·공공시설에서 어르신과 장애인 등 도움이 필요한 주민의 민원을 안내하고, "
                     "통학로·골목 안전을 살피며, 키오스크와 스마트폰 사용을 돕는 서울 동행일자리입니다.")
_DUTIES_GANGGAMCHAN = "관악구 곳곳의 방역과 거리·공원 환경정비를 하는 관악형 민생안정 일자리입니다."
_DUTIES_COMMUNITY = ("버려진 자원을 고쳐 다시 쓰는 재생사업과 동네를 찾아가는 칼갈이·우산수리 서비스를 하는 "
                     "지역공동체 일자리입니다.")

# (program, terms, applicants to make (0: none), screen and select)
ROUNDS: list[tuple[str, RoundTerms, int, bool]] = [
    (PUBLIC_WORKS_2014, RoundTerms(
        name="2014년 상반기", announce_on=D(2013, 12, 30), apply_from=D(2014, 1, 6), apply_to=D(2014, 1, 17),
        select_on=D(2014, 1, 24), work_from=D(2014, 2, 3), work_to=D(2014, 6, 30), places=193,
        vulnerable_quota_percent=10, note=_NOTE_2014, duties=_DUTIES_2014,
        worksites=(("정보화추진사업", 40), ("서비스 지원사업", 60), ("환경정비사업", 70), ("기타사업", 23))), 300, True),
    (PUBLIC_WORKS_2014, RoundTerms(
        name="2014년 하반기", announce_on=D(2014, 5, 26), apply_from=D(2014, 6, 2), apply_to=D(2014, 6, 13),
        select_on=D(2014, 6, 20), work_from=D(2014, 7, 1), work_to=D(2014, 11, 30), places=169,
        vulnerable_quota_percent=10, note=_NOTE_2014, duties=_DUTIES_2014,
        worksites=(("정보화추진사업", 35), ("서비스 지원사업", 52), ("환경정비사업", 62), ("기타사업", 20))), 240, False),
    (GWANAK_PUBLIC_JOBS, RoundTerms(
        name="2024년 하반기 서울 동행일자리", apply_from=D(2024, 5, 1), apply_to=D(2024, 5, 31),
        select_on=D(2024, 6, 30), work_from=D(2024, 7, 1), work_to=D(2024, 11, 30), places=415,
        vulnerable_quota_percent=10, note=_NOTE_2024, duties=_DUTIES_DONGHAENG,
        worksites=(("민원안내 (노인·장애인 등 약자 지원)", 215), ("안전 약자 지원", 100), ("디지털 약자 지원", 100))), 0, False),
    (GWANAK_PUBLIC_JOBS, RoundTerms(
        name="2024년 하반기 강감찬 관악형 민생안정 일자리", apply_from=D(2024, 6, 1), apply_to=D(2024, 6, 30),
        select_on=D(2024, 7, 31), work_from=D(2024, 8, 1), work_to=D(2024, 11, 30), places=250,
        vulnerable_quota_percent=10, note=_NOTE_2024, duties=_DUTIES_GANGGAMCHAN, worksites=(("방역", 120), ("환경정비", 130))), 0, False),
    (GWANAK_PUBLIC_JOBS, RoundTerms(
        name="2024년 하반기 지역공동체 일자리", apply_from=D(2024, 5, 1), apply_to=D(2024, 5, 31),
        select_on=D(2024, 6, 30), work_from=D(2024, 7, 1), work_to=D(2024, 10, 30), places=29,
        vulnerable_quota_percent=0, note=_NOTE_2024, duties=_DUTIES_COMMUNITY,
        worksites=(("폐자원 재생사업", 19), ("찾아가는 칼갈이·우산수리센터", 10))), 0, False),
]

_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
_SYLLABLES = "민서지현수영준호은정성진경희미숙순옥동철상훈태광명자혜선재우연주"


def _applicant(rng: random.Random, n: int, used: set[str]) -> tuple[str, dict[str, Any]]:
    """One made-up applicant of 영등포구 2014 (most are old enough to work 3 hours, some fail a rule)."""
    age = rng.choice([rng.randint(19, 39), rng.randint(40, 64), rng.randint(40, 64), rng.randint(55, 64),
                      rng.randint(65, 80), rng.randint(65, 80)])
    born = D(2014 - age, rng.randint(1, 12), rng.randint(1, 28))
    male = rng.random() < 0.45
    digit = ("1" if male else "2") if born.year < 2000 else ("3" if male else "4")
    while True:
        rrn = f"{born:%y%m%d}-{digit}{rng.randint(0, 999_999):06d}"
        if rrn not in used:
            used.add(rrn)
            break
    r = rng.random
    statuses = [s for s, p in (("basic_livelihood", 0.05), ("unemployment_benefit", 0.04), ("disabled", 0.06),
                               ("single_parent", 0.05), ("north_korean_defector", 0.01), ("veteran", 0.02),
                               ("long_term_unemployed", 0.05)) if r() < p]
    size = rng.choice([1, 1, 1, 2, 2, 3, 4])
    return rrn, {
        "name": rng.choice(_SURNAMES) + rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES),
        "phone": f"010-0000-{n:04d}", "address": "(예시 주소)",
        "district": "YDP" if r() < 0.93 else "GWANAK",
        "household_size": size, "household_income": rng.randrange(0, 2_400_000 + 400_000 * size, 10_000),
        "property_value": rng.randrange(0, 120_000_000, 1_000_000) if r() < 0.92
        else rng.randrange(136_000_000, 400_000_000, 1_000_000),
        "employment": rng.choices(["unemployed", "day_labourer", "employed"], [80, 13, 7])[0],
        "statuses": statuses}


def open_round_terms(today: dt.date) -> RoundTerms:
    """A round of 관악구 taking applications on the day the demo is loaded, so that the citizens' page
    (/apply/) has something to apply to: applications from a week ago to two weeks ahead, work from the first
    day of the month after selection for five months (all of it an example)."""
    apply_from, apply_to = today - dt.timedelta(days=7), today + dt.timedelta(days=14)
    select_on = apply_to + dt.timedelta(days=10)
    work_from = month_end(select_on.year, select_on.month) + dt.timedelta(days=1)
    last_month = work_from.month + 4  # five months of work, the first included
    end_month = month_end(work_from.year + (last_month - 1) // 12, (last_month - 1) % 12 + 1)
    half = "상반기" if work_from.month <= 6 else "하반기"
    return RoundTerms(
        name=f"{work_from.year}년 {half} 서울 동행일자리", announce_on=apply_from, apply_from=apply_from,
        apply_to=apply_to, select_on=select_on, work_from=work_from, work_to=end_month, places=60,
        vulnerable_quota_percent=10, duties=_DUTIES_DONGHAENG,
        note="시연용 예시 회차입니다. 데모를 불러온 날을 기준으로 신청 기간을 잡아 시민 신청 화면에서 신청할 수 있습니다.",
        worksites=(("민원안내 (노인·장애인 등 약자 지원)", 30), ("안전 약자 지원", 15), ("디지털 약자 지원", 15)))


def _enter_days(*, actor: Any, rnd: RecruitmentRound, rng: random.Random, months: list[tuple[int, int]]) -> int:
    """Days worked by each selected participant in the given months (illustrative): the month's weekdays inside
    the work period, less a day or two of absence now and then."""
    from iljari.participants.models import Application
    from iljari.participants.payroll import month_bounds
    from iljari.participants.services import work_records_save

    selected = list(rnd.applications.filter(status=Application.Status.SELECTED).order_by("rank"))
    n = 0
    for year, month in months:
        start, end = month_bounds(rnd, year, month)
        weekdays = sum(1 for i in range((end - start).days + 1) if (start + dt.timedelta(days=i)).weekday() < 5)
        entries = [{"application": a, "days": max(0, weekdays - rng.choice([0, 0, 0, 0, 1, 2])), "hours": None,
                    "version": 0} for a in selected]
        work_records_save(actor=actor, round=rnd, year=year, month=month, entries=entries,
                          reason="시연 자료: 예시 근무 실적 / demo data (illustrative days worked)")
        n += len(entries)
    return n


def load_demo_rounds(*, actor: Any, today: dt.date | None = None) -> list[str]:
    """The demo rounds, their programs' rules and pay and the made-up applicants; lines saying what was made."""
    programs = {p.code: p for p in Program.objects.filter(code__in={PUBLIC_WORKS_2014, GWANAK_PUBLIC_JOBS})}
    if len(programs) < 2:
        return []
    out: list[str] = []
    reason = "시연 자료: 기초 문서 / demo data from the seed documents"
    with change_context("cli"), transaction.atomic():  # one commit: hundreds of applications in a moment
        for code, kind, params, label, start, end in RULES:
            program = programs[code]
            if EligibilityRule.objects.filter(program=program, kind=kind, valid_from=start).exists():
                continue
            eligibility_rule_save(actor=actor, rule=EligibilityRule(
                program=program, kind=kind, params=params, label=label, valid_from=start, valid_to=end,
                order=EligibilityRule.objects.filter(program=program).count()), reason=reason)
        for code, start, params, label in PAY_RULES:
            if not PayRule.objects.filter(program=programs[code], valid_from=start).exists():
                pay_rule_save(actor=actor, program=programs[code], valid_from=start, params=params, label=label,
                              reason=reason)
        rng = random.Random(20140203)
        used: set[str] = set()
        earlier: list[tuple[str, dict[str, Any]]] = []
        rounds = [*ROUNDS, (GWANAK_PUBLIC_JOBS, open_round_terms(today or timezone.localdate()), 0, False)]
        for code, terms, applicants, run in rounds:
            program = programs[code]
            if RecruitmentRound.objects.filter(program=program, name=terms.name).exists():
                continue
            rnd = round_create(actor=actor, program=program, terms=terms, reason=reason)
            people = [_applicant(rng, len(used) + 1, used) for _ in range(applicants)]
            if earlier and applicants:  # some of the first half apply again
                people[: applicants // 4] = earlier[: applicants // 4]
            sites = [name for name, _ in terms.worksites]
            days = (terms.apply_to - terms.apply_from).days + 1
            applications_load(actor=actor, round=rnd, channel="officer", rows=[
                (rrn, data, terms.apply_from + dt.timedelta(days=i % days), sites[i % len(sites)] if i % 3 else "")
                for i, (rrn, data) in enumerate(people)])
            earlier = people
            line = f"  round {program.code} {rnd.name}: {terms.places} places, {applicants} applicants"
            if run and applicants:
                s = round_screen(actor=actor, round=rnd)
                c = round_select(actor=actor, round=rnd)
                line += f", {s['eligible']} eligible, {c['selected']} selected, {c['waiting']} waiting"
                entered = _enter_days(actor=actor, rnd=rnd, rng=rng, months=[(2014, 2), (2014, 3), (2014, 4)])
                line += f", {entered} monthly work records"
            out.append(line)
    return out
