"""The effect estimate from the database (outcomes.effect.program_frame / program_effect, `iljari outcomes-effect`):
who counts as a participant and who as a comparison, the covariates and the outcome measured from the (pseudo)
dates, who is left out and why, and the sentence a user reads."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from iljari.outcomes.effect import effect_words, program_effect, program_frame
from iljari.outcomes.models import EmploymentEpisode
from iljari.people.models import BenefitRecord, Person

pytestmark = pytest.mark.django_db

D = dt.date
AS_OF = D(2022, 6, 15)
SPELLS = [(D(2021, 3, 2), D(2021, 6, 30)), (D(2021, 7, 1), D(2021, 11, 30))]


@pytest.fixture
def world(tree, make_program):  # type: ignore[no-untyped-def]
    """관악구 public works (PW) with 40 generated participants whose participation ended in 2021 and 120 generated
    people of the registry who did not take part, plus hand-made people whose figures the tests check."""
    pw, other = make_program("PW", owner="GWANAK-JOB"), make_program("OTHER", owner="GWANAK-JOB")
    rng = random.Random(7)
    gwanak = tree["GWANAK"]
    seq = iter(range(1, 10_000))

    def person(born: dt.date | None, sex: str = "F", cluster: Person | None = None) -> Person:
        p = Person.objects.create(name=f"사람{next(seq)}", birth_date=born, sex=sex, district=gwanak, source="list",
                                  cluster_id=cluster.pk if cluster else None)
        if cluster and cluster.cluster_id is None:
            Person.objects.filter(pk=cluster.pk).update(cluster_id=cluster.pk)
        return p

    def record(p: Person, program, start: dt.date, end: dt.date, kind: str = "paid") -> None:  # type: ignore[no-untyped-def]
        BenefitRecord.objects.create(person=p, program=program, kind=kind, start=start, end=end, months=1,
                                     source="officer")

    def job(p: Person, start: dt.date, end: dt.date | None, private: bool = True) -> None:
        EmploymentEpisode.objects.create(person=p, start=start, end=end, private=private, source="insurance")

    for i in range(160):
        p = person(D(rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28)), "FM"[i % 2])
        if i < 40:
            start, end = SPELLS[i % 2]
            record(p, pw, start, end)
            if rng.random() < 0.5:
                job(p, end + dt.timedelta(days=rng.randint(10, 170)), None)
        else:
            if rng.random() < 0.4:
                job(p, D(2022, rng.randint(1, 12), 1), None)
    h = {}
    h["T1"] = person(D(1970, 7, 15), "M")  # 50 at the end (birthday after it)
    h["T1b"] = person(D(1970, 7, 15), "M", cluster=h["T1"])  # the same human through another source
    record(h["T1"], pw, *SPELLS[0])
    record(h["T1"], other, D(2019, 3, 1), D(2019, 10, 31))  # within 3 years before the start
    record(h["T1b"], other, D(2017, 1, 1), D(2017, 6, 30), kind="training")  # earlier than 3 years
    job(h["T1"], D(2020, 1, 1), D(2020, 8, 31))  # in the 12 months before the start
    job(h["T1b"], D(2021, 9, 15), None)  # within 6 months after the end, on the other record of the cluster
    h["T2"] = person(D(1980, 3, 1))
    record(h["T2"], pw, *SPELLS[1])
    job(h["T2"], D(2019, 1, 1), D(2019, 12, 31))  # more than 12 months before
    job(h["T2"], D(2022, 1, 3), None, private=False)  # public: not a private-sector job
    job(h["T2"], D(2022, 6, 1), None)  # after the 6 months (2022-05-30)
    h["open"] = person(D(1975, 1, 1))
    record(h["open"], pw, D(2021, 9, 1), D(2021, 12, 31))  # 6 months not passed by 2022-06-15
    h["ongoing"] = person(D(1975, 1, 1))
    record(h["ongoing"], pw, D(2021, 10, 1), D(2022, 3, 31))  # did not end in 2021: neither group
    h["nobirth"] = person(None)
    record(h["nobirth"], pw, *SPELLS[0])
    h["working"] = person(D(1985, 5, 5))
    record(h["working"], pw, *SPELLS[1])
    job(h["working"], D(2020, 5, 1), None)  # in a private job on the start day
    h["twice"] = person(D(1990, 2, 2))
    record(h["twice"], pw, D(2021, 3, 2), D(2021, 5, 31))
    record(h["twice"], pw, D(2021, 9, 1), D(2021, 11, 30))
    h["P_employed"] = person(D(1980, 1, 1))
    job(h["P_employed"], D(2010, 1, 1), None)
    h["P_busy"] = person(D(1980, 1, 1))
    record(h["P_busy"], other, D(2021, 1, 1), D(2021, 12, 31))
    h["P_past"] = person(D(1980, 1, 1))
    record(h["P_past"], pw, D(2019, 3, 1), D(2019, 11, 30))
    return {"pw": pw, "other": other, **h}


def test_the_frame_participants_and_comparisons_measured_alike(world):
    pf = program_frame(world["pw"], 2021, as_of=AS_OF, pool_size=1000, seed=11)
    f = pf.frame.set_index("unit")
    treated, pool = f[f["treated"]], f[~f["treated"]]
    # 40 generated + T1, T2, twice; not the open window, the ongoing one, the one without a birth date nor the
    # one in a job on the start day
    assert len(treated) == 43 and world["T1"].pk in treated.index and world["T1b"].pk not in f.index
    for who in ("open", "ongoing", "nobirth", "working"):
        assert world[who].pk not in f.index
    assert pf.context["participants_ended"] == 46 and pf.context["window_open"] == 1
    assert pf.context["excluded"] == {"no_birth_date": {"treated": 1, "pool": 0},
                                      "employed_at_start": {"treated": 1, "pool": 1},
                                      "other_participation_at_start": {"treated": 0, "pool": 1}}
    # the pool: everyone else of the registry (all 120 + 3 hand-made sampled: fewer than 1,000), with the
    # participants' dates; one in a job and one in another paid participation on their start day left out
    assert pf.context["pool_candidates"] == 123 and pf.context["pool_sampled"] == 123 and len(pool) == 121
    assert world["P_past"].pk in pool.index and world["P_employed"].pk not in f.index
    spells = set(zip(treated["start"], treated["end"], strict=True))
    assert set(zip(pool["start"], pool["end"], strict=True)) <= spells
    t1, t2, twice = f.loc[world["T1"].pk], f.loc[world["T2"].pk], f.loc[world["twice"].pk]
    assert (t1["age"], t1["sex"], t1["district"], t1["employed_before"], t1["earlier_participations"],
            t1["outcome"]) == (50, "M", "GWANAK", 1, 1, 1)
    assert (t2["age"], t2["employed_before"], t2["earlier_participations"], t2["outcome"]) == (41, 0, 0, 0)
    assert (twice["start"], twice["end"]) == (D(2021, 3, 2), D(2021, 11, 30))
    assert pf.level_labels["district"]["GWANAK"] == ("관악구", "관악구")
    # the same seed draws the same pool and dates
    again = program_frame(world["pw"], 2021, as_of=AS_OF, pool_size=1000, seed=11).frame
    assert again.equals(pf.frame)
    small = program_frame(world["pw"], 2021, as_of=AS_OF, pool_size=50, seed=11)
    assert small.context["pool_sampled"] == 50


def test_program_effect_for_the_pages(world):
    e = program_effect(world["pw"], 2021, as_of=AS_OF, pool_size=1000, seed=11)
    assert e.ok and e.n_treated == 43 and e.n_pool == 121
    assert e.ci_low_pp < e.effect_pp < e.ci_high_pp
    assert e.outcome_ko == "6개월 내 민간 취업률" and e.context["program"] == "PW" and e.context["year"] == 2021
    assert {b.label_ko for b in e.balance} >= {"참여 종료 때 나이", "성별: 남", "성별: 여", "자치구: 관악구",
                                                "시작 전 12개월 민간 취업", "시작 전 3년 참여 횟수"}
    words = effect_words(e)
    assert words.startswith(f"참여자 {e.n_treated_matched}명, 비교 집단 {e.n_comparison_matched}명 매칭: "
                            "6개월 내 민간 취업률 효과 ") and "%p (95% 구간 " in words
    assert "관찰 자료에 의한 추정으로" in words
    assert program_effect("PW", 2021, as_of=AS_OF, pool_size=1000, seed=11) == e  # by code, same figures
    few = program_effect(world["other"], 2021, as_of=AS_OF)  # one participant, 6 months not yet passed
    assert not few.ok and few.reason == "too_few_treated" and few.n_treated == 0 and few.context["window_open"] == 1


def test_the_command_says_it_in_korean_and_english(world):
    out = io.StringIO()
    call_command("outcomes-effect", "--program", "PW", "--year", "2021", "--as-of", "2022-06-15",
                 "--pool-size", "1000", "--seed", "11", stdout=out)
    text = out.getvalue()
    e = program_effect(world["pw"], 2021, as_of=AS_OF, pool_size=1000, seed=11)
    assert text.splitlines()[0] == "사업 PW: 2021년 참여 종료자 (기준일 2022-06-15)"
    assert text.splitlines()[1] == effect_words(e)
    assert "매칭된 참여자 " in text and "표준오차 " in text and "(Abadie-Imbens 분산)" in text
    assert "균형 (표준화 평균차, 매칭 전 → 후):" in text and "  참여 종료 때 나이: " in text
    assert ("비교 후보: 그해 이 사업에 참여하지 않은 등록 인원 123명 중 123명 추출. 제외: 생년월일 없음 참여자 1명·비교 "
            "후보 0명, 시작일에 민간 일자리 재직 참여자 1명·비교 후보 1명, 시작일에 다른 유급 참여 중 참여자 0명·비교 후보 "
            "1명, 6개월이 지나지 않은 참여자 1명.") in text
    out = io.StringIO()
    call_command("outcomes-effect", "--program", "PW", "--year", "2021", "--as-of", "2022-06-15",
                 "--pool-size", "1000", "--seed", "11", "--lang", "en", stdout=out)
    assert out.getvalue().splitlines()[1] == effect_words(e, "en")
    out = io.StringIO()
    call_command("outcomes-effect", "--program", "OTHER", "--year", "2021", stdout=out)  # as of today
    assert "효과 추정 없음: 참여자가 1명으로 30명보다 적어 믿을 만한 추정이 되지 않습니다." in out.getvalue()
    with pytest.raises(CommandError, match="사업 코드 NOPE"):
        call_command("outcomes-effect", "--program", "NOPE", "--year", "2021")


def test_the_program_page_shows_the_effect_beside_the_raw_share(world, installed, actor, login):
    from iljari.outcomes.runs import outcomes_run, run_publish

    run = run_publish(actor=actor, run=outcomes_run(actor=actor, year=2021, as_of=AS_OF))
    e = program_effect(world["pw"], 2021, as_of=AS_OF)
    assert e.ok
    page = login("reviewer").get("/outcomes/programs/PW/").content.decode()
    effect = page.split('id="effect"')[1].split("</section>")[0]
    assert "2021년 참여 종료자, 기준일 2022. 6. 15." in effect
    assert effect_words(e) in effect.replace("&#x27;", "'")
    assert f"{e.treated_rate_pct:.1f}%" in effect and f"{e.raw_pool_rate_pct:.1f}%" in effect
    assert "참여 종료 때 나이" in effect and "관찰 자료에 의한 추정으로" in effect
    assert f"/outcomes/{run.pk}/PW/employed_within/" in page  # the raw share above it, traceable


def test_the_page_reads_the_estimate_again_when_the_records_change(world, installed, actor, login):
    from iljari.outcomes.runs import outcomes_run, run_publish

    run_publish(actor=actor, run=outcomes_run(actor=actor, year=2021, as_of=AS_OF))
    council = login("reviewer")
    first = council.get("/outcomes/programs/PW/").content.decode().split('id="effect"')[1].split("</section>")[0]
    assert first == council.get("/outcomes/programs/PW/").content.decode().split('id="effect"')[1].split(
        "</section>")[0]
    # every participant who had no private job within 6 months finds one 30 days after the end: the effect grows
    for b in BenefitRecord.objects.filter(program=world["pw"]).select_related("person"):
        if not EmploymentEpisode.objects.filter(person=b.person, private=True, start__gt=b.end).exists():
            EmploymentEpisode.objects.create(person=b.person, start=b.end + dt.timedelta(days=30), end=None,
                                             private=True, source="insurance")
    again = council.get("/outcomes/programs/PW/").content.decode().split('id="effect"')[1].split("</section>")[0]
    e = program_effect(world["pw"], 2021, as_of=AS_OF)
    assert again != first and effect_words(e) in again.replace("&#x27;", "'")
