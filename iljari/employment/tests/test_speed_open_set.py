"""Matching speed (issue 15, "speed"): one seeker's matches from the open vacancies' arrays kept in the process give
the same answer as reading the candidate rows, and a changed, added or closed vacancy is noticed at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.employment import matching
from iljari.employment.matching import open_set, vacancies_for_seeker


def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




@pytest.fixture
def districts(actor, tree, centres):
    from iljari.orgs.models import OrgUnit
    from iljari.orgs.services import org_unit_create

    out = {"관악구": tree["GWANAK"], "영등포구": tree["YDP"]}
    for n, name in enumerate(["동작구", "강남구", "노원구"]):
        out[name] = OrgUnit.objects.filter(name_ko=name).first() or org_unit_create(
            actor=actor, code=f"S{n}", name_ko=name, kind="district", parent=tree["SEOUL"])
    return out


def _answer(seeker, **kw):
    return [(m.vacancy.pk, m.score, [r.ko for r in m.reasons]) for m in vacancies_for_seeker(seeker, **kw)]


def _same(seeker):
    """The cached answer, checked against the uncached one."""
    cached = _answer(seeker)
    assert cached == _answer(seeker, cached=False)
    return [pk for pk, _score, _words in cached]


@pytest.fixture
def market(make_seeker, make_vacancy, districts):
    from iljari.employment.models import SkillCode

    matching.clear_caches()
    forklift = SkillCode.objects.get(code="L-FORKLIFT")
    v = {}
    for n, (d, occ, wage) in enumerate([("관악구", "02", 2_300_000), ("동작구", "02", 2_600_000),
                                        ("강남구", "02", 3_100_000), ("노원구", "02", 2_200_000),
                                        ("관악구", "55", 2_400_000), ("영등포구", "62", 2_500_000),
                                        ("관악구", "02", 1_900_000)]):
        v[n] = make_vacancy(title=f"구인 {n}", occupation=occ, district=districts[d], wage=wage,
                            tasks="엑셀 문서 작성 회계" if n % 2 else "민원 응대 자료 정리")
    v["lic"] = make_vacancy(title="지게차", occupation="62", district=districts["관악구"], licences=(forklift,))
    seekers = {
        "own": make_seeker(occupations=("02",), commute="own", home=districts["관악구"], desired_wage=2_000_000),
        "near": make_seeker(occupations=("02", "55"), commute="neighbour", home=districts["관악구"],
                            skills_text="엑셀 회계 문서 작성"),
        "seoul": make_seeker(occupations=("62",), commute="seoul", home=districts["관악구"],
                             birth_date=dt.date(today().year - 58, 1, 1)),
        "few": make_seeker(occupations=("55",), commute="own", home=districts["관악구"]),
    }
    seekers["seoul"].licences.set([forklift])
    return v, seekers


def test_the_cached_answer_equals_the_rows_read_for_every_kind_of_seeker(market):
    v, seekers = market
    # own district, wage floor 2,000,000: its group's one vacancy, then (fewer than ten) the Gwanak care job
    assert _same(seekers["own"]) == [v[0].pk, v[4].pk]
    near = _same(seekers["near"])
    assert set(near[:4]) == {v[0].pk, v[1].pk, v[4].pk, v[6].pk} and near[4:] == [v[5].pk]
    seoul = _same(seekers["seoul"])
    assert set(seoul[:2]) == {v[5].pk, v["lic"].pk}, "its own major group first (it holds the licence)"
    assert len(seoul) == len(v), "then every other vacancy in Seoul"
    assert _same(seekers["few"])[0] == v[4].pk
    assert v["lic"].pk not in _same(seekers["few"]), "no forklift licence"


def test_the_arrays_are_read_once_and_again_after_any_change(market, make_vacancy, districts):
    from iljari.employment.models import SkillCode

    v, seekers = market
    first = open_set(today())
    assert open_set(today()) is first, "nothing changed: the same arrays"
    before = _same(seekers["near"])
    assert before[0] != v[3].pk

    # changed: the far vacancy moves next door with a higher wage (a plain save)
    v[3].district = districts["관악구"]
    v[3].wage = 3_500_000
    v[3].save()
    assert open_set(today()) is not first
    after = _same(seekers["near"])
    assert v[3].pk in after and v[3].pk not in before

    # added
    new = make_vacancy(title="새 구인", occupation="02", district=districts["관악구"], wage=4_000_000)
    assert new.pk in _same(seekers["near"])
    assert _same(seekers["own"])[0] == new.pk

    # closed, and past its deadline
    new.status = "closed"
    new.save()
    assert new.pk not in _same(seekers["own"])
    v[0].deadline = today() - dt.timedelta(days=1)
    v[0].save()
    assert v[0].pk not in _same(seekers["own"])

    # a required licence added to a vacancy the seeker could take
    assert v[5].pk in _same(seekers["near"])
    v[5].required_licences.add(SkillCode.objects.exclude(code="L-FORKLIFT").filter(kind="licence").first())
    assert v[5].pk not in _same(seekers["near"])

    # a queryset update that stamps the change
    cached = open_set(today())
    type(v[1]).objects.filter(pk=v[1].pk).update(district=districts["노원구"], changed_at=timezone.now())
    assert open_set(today()) is not cached
    assert v[1].pk not in _same(seekers["near"]), "moved beyond the neighbouring districts"


def test_the_api_offers_only_the_vacancies_of_centres_the_caller_sees(make_user, make_seeker, make_vacancy, centres):
    from django.test import Client

    from iljari.employment.models import Centre

    matching.clear_caches()
    seeker = make_seeker(occupations=("02",), commute="own", desired_wage=2_000_000)
    ours = make_vacancy(title="관악 센터 구인", wage=2_300_000)
    theirs = make_vacancy(title="서울 센터 구인", centre="SEOUL", wage=2_900_000)
    assert [m.vacancy.pk for m in vacancies_for_seeker(seeker)] == [theirs.pk, ours.pk], "both, better first"
    officer = make_user("gw-speed", "district_officer", "GWANAK")
    seen = list(Centre.objects.restrict(officer, "view_seeker").values_list("pk", flat=True))
    assert seen == [centres["GWANAK"].pk]
    assert _answer(seeker, centres=seen) == _answer(seeker, centres=seen, cached=False)
    c = Client()
    c.force_login(officer)
    r = c.get(f"/api/matches/?seeker={seeker.pk}")
    assert r.status_code == 200
    assert [x["vacancy"] for x in r.json()["results"]] == [ours.pk], "the Seoul centre's vacancy is not seen"
