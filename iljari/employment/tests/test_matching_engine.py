"""Matching (issue 15, slice "matching"): filters, scores, reasons, the district borders, bulk = brute force."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from iljari.employment import scoring, seoul
from iljari.employment.matching import seekers_for_vacancy, vacancies_for_seeker


def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




def test_borders_are_symmetric_and_cover_every_district():
    assert len(seoul.NAMES) == 25 and len(set(seoul.NAMES)) == 25
    pairs = [frozenset(p) for p in seoul.BORDERS]
    assert len(pairs) == len(set(pairs)), "a pair is listed twice"
    for a, b in seoul.BORDERS:
        assert a != b and a in seoul.INDEX and b in seoul.INDEX
    for name in seoul.NAMES:
        assert seoul.neighbours(name), f"{name} has no neighbour"
        for other in seoul.neighbours(name):
            assert name in seoul.neighbours(other)
    m = seoul.adjacency_matrix()
    assert (m == m.T).all() and not m.diagonal().any()
    assert seoul.neighbours("관악구") == {"동작구", "서초구", "금천구", "구로구", "영등포구"}
    assert seoul.neighbours("도봉구") == {"강북구", "노원구"}
    assert "강남구" not in seoul.neighbours("관악구")


def test_wage_types_convert_to_an_hour():
    assert scoring.hourly_equivalent(10_000, "hourly", 20) == 10_000
    # 40 hours a week are 209 paid hours a month (weekly rest day included)
    assert round(scoring.hourly_equivalent(2_090_000, "monthly", 40)) == pytest.approx(10_021, abs=5)
    assert scoring.hourly_equivalent(80_000, "daily", 40) == 10_000
    assert scoring.hourly_equivalent(12 * 2_090_000, "annual", 40) == pytest.approx(
        scoring.hourly_equivalent(2_090_000, "monthly", 40))


@pytest.fixture
def districts(actor, tree, centres):
    from iljari.orgs.models import OrgUnit
    from iljari.orgs.services import org_unit_create

    out = {"관악구": tree["GWANAK"], "영등포구": tree["YDP"]}
    for n, name in enumerate(["동작구", "서초구", "금천구", "구로구", "강남구", "노원구", "송파구"]):
        out[name] = OrgUnit.objects.filter(name_ko=name).first() or org_unit_create(
            actor=actor, code=f"D{n}", name_ko=name, kind="district", parent=tree["SEOUL"])
    return out


def _licence(code):
    from iljari.employment.models import SkillCode

    return SkillCode.objects.get(code=code)


def test_a_58_year_old_near_home_gets_gwanak_and_its_neighbours_first(make_seeker, make_vacancy, districts):
    seeker = make_seeker(birth_date=dt.date(today().year - 58, 1, 1), occupations=("55",), commute="neighbour",
                         home=districts["관악구"], desired_wage=2_000_000)
    seeker.licences.set([_licence("L-CAREGIVER")])
    far = [make_vacancy(title=f"먼 요양 {d}", occupation="55", district=districts[d], wage=3_000_000)
           for d in ("강남구", "노원구", "송파구")]
    near = [make_vacancy(title=f"가까운 요양 {d}", occupation="55", district=districts[d], wage=2_100_000)
            for d in ("관악구", "동작구", "금천구", "구로구", "영등포구", "서초구")]
    matches = vacancies_for_seeker(seeker, limit=10)
    got = [m.vacancy.pk for m in matches]
    assert set(got) == {v.pk for v in near}, "only Gwanak and its neighbours (commute: neighbours)"
    assert not {v.pk for v in far} & set(got)
    assert matches[0].vacancy.district.name_ko == "관악구"
    words = [r.ko for r in matches[0].reasons]
    assert "거주지(관악구)와 같은 자치구" in words
    assert "희망 직종과 같은 직종(돌봄 서비스직(간병·육아))" in words
    second = [r.ko for r in matches[1].reasons]
    assert any(w.startswith("거주지(관악구)와 이웃한 자치구(") for w in second)
    assert any(r.en.startswith("In the home district (Gwanak-gu)") for r in matches[0].reasons)


def test_when_commuting_anywhere_the_older_seeker_still_prefers_near_and_the_young_the_occupation(
        make_seeker, make_vacancy, districts, occ):
    """Same two vacancies: a near one of a neighbouring middle category, a far one of the exact occupation."""
    from iljari.employment.models import Occupation

    fine = Occupation.objects.create(code="551", name_ko="요양보호사", name_en="Care worker", level=3,
                                     parent=occ["55"])
    near_other = make_vacancy(title="가까운 청소", occupation="56", district=districts["관악구"], wage=2_300_000)
    far_same = Occupation.objects.get(pk=fine.pk)
    far = make_vacancy(title="먼 요양", occupation="55", district=districts["노원구"], wage=2_300_000)
    far.occupation = far_same
    far.save()
    old = make_seeker(birth_date=dt.date(today().year - 58, 1, 1), occupations=("55",), commute="seoul")
    old.desired_occupations.set([fine])
    young = make_seeker(birth_date=dt.date(today().year - 25, 1, 1), occupations=("55",), commute="seoul")
    young.desired_occupations.set([fine])
    old_top = [m.vacancy.pk for m in vacancies_for_seeker(old)]
    young_top = [m.vacancy.pk for m in vacancies_for_seeker(young)]
    assert old_top == [near_other.pk, far.pk]
    assert young_top == [far.pk, near_other.pk]


def test_a_missing_required_licence_excludes_and_a_preferred_one_shows(make_seeker, make_vacancy, districts):
    seeker = make_seeker(occupations=("62",), commute="seoul")
    forklift = make_vacancy(title="지게차 기사", occupation="62", licences=(_licence("L-FORKLIFT"),))
    driver = make_vacancy(title="배송 기사", occupation="62", requirements="지게차운전기능사 우대")
    got = vacancies_for_seeker(seeker)
    assert [m.vacancy.pk for m in got] == [driver.pk]
    bad = [r for r in got[0].reasons if not r.good]
    assert [r.ko for r in bad] == ["지게차운전기능사 자격 없음"] and bad[0].en == "No Forklift operator licence"
    seeker.licences.set([_licence("L-FORKLIFT")])
    got = vacancies_for_seeker(seeker)
    assert {m.vacancy.pk for m in got} == {forklift.pk, driver.pk}
    assert all("지게차운전기능사 자격 보유" in [r.ko for r in m.reasons] for m in got)


def test_the_wage_floor_compares_after_converting_wage_types_and_hours_cap(make_seeker, make_vacancy, districts):
    seeker = make_seeker(occupations=("02",), commute="seoul", wage_type="monthly", desired_wage=2_500_000,
                         hours_per_week=40)
    low = make_vacancy(title="시급 낮음", wage_type="hourly", wage=11_000)  # 11,000 x 209 = 2,299,000
    high = make_vacancy(title="시급 높음", wage_type="hourly", wage=13_000)  # 2,717,000
    long_hours = make_vacancy(title="주 52시간", wage=4_000_000, hours_per_week=52)
    got = [m.vacancy.pk for m in vacancies_for_seeker(seeker)]
    assert got == [high.pk]
    assert low.pk not in got and long_hours.pk not in got


def test_closed_or_past_deadline_vacancies_are_not_offered(make_seeker, make_vacancy, districts):
    seeker = make_seeker(occupations=("02",), commute="seoul")
    make_vacancy(title="마감", deadline=today() - dt.timedelta(days=1))
    make_vacancy(title="채용 완료", status="filled")
    ok = make_vacancy(title="모집 중")
    assert [m.vacancy.pk for m in vacancies_for_seeker(seeker)] == [ok.pk]


def test_seekers_for_a_vacancy_respect_commute_and_licences(make_seeker, make_vacancy, districts):
    vacancy = make_vacancy(title="요양보호사", occupation="55", district=districts["동작구"],
                           licences=(_licence("L-CAREGIVER"),), tasks="어르신 목욕 식사 보조")
    holder = make_seeker(name="가보유", occupations=("55",), commute="neighbour", home=districts["관악구"],
                         skills_text="어르신 목욕 보조 경험")
    holder.licences.set([_licence("L-CAREGIVER")])
    make_seeker(name="나무자격", occupations=("55",), commute="neighbour", home=districts["관악구"])
    far = make_seeker(name="다먼곳", occupations=("55",), commute="own", home=districts["노원구"])
    far.licences.set([_licence("L-CAREGIVER")])
    got = seekers_for_vacancy(vacancy)
    assert [m.seeker.pk for m in got] == [holder.pk]
    words = [r.ko for r in got[0].reasons]
    assert "요양보호사 자격 보유" in words
    assert any(w.startswith("기술·경력에 업무 관련 단어(") and "목욕" in w for w in words)


def _random_tables(n_seekers: int, n_vacancies: int, seed: int):
    from iljari.employment import market

    m = market.generate(seekers=n_seekers, vacancies=n_vacancies, seed=seed)
    return m.tables()


def test_bulk_equals_brute_force_on_a_small_market():
    st, vt = _random_tables(300, 3000, 7)
    idx = np.arange(len(st))
    bulk = scoring.bulk_top(st, vt, limit=10)
    brute = scoring.brute_force(st, idx, vt, limit=10)
    assert sum(len(r) for r in bulk) > 2000
    assert bulk == brute
