"""Issue 12, hole 4: evaluation scores never come from figures the viewer may not see, and the same-type median
(the cost benchmark) is one figure for the year, whoever looks."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(actor, tree, make_program, record):  # type: ignore[no-untyped-def]
    """2021, all direct jobs. Cost per job (million won): Y 8, G 26, C 20, D 30; S, shared by 영등포구 (5) and
    관악구 (29), 17 as a whole. The type's median over every program: median(8, 26, 20, 30, 17) = 20."""
    from iljari.orgs.services import org_unit_create
    from iljari.programs.services import program_update

    tree["YDP"] = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    y = make_program("Y", owner="YDP")
    g = make_program("G", owner="GWANAK")
    c = make_program("C", owner="JOBPOL")
    d = make_program("D", owner="JOBPOL")
    s = make_program("S", owner="JOBPOL")
    program_update(actor=actor, program=s, implementing_orgs=[tree["YDP"], tree["GWANAK"]])
    for p, org, target, result, spent in ((y, "YDP", 100, 100, 800), (g, "GWANAK", 100, 100, 2_600),
                                          (c, "JOBPOL", 100, 100, 2_000), (d, "JOBPOL", 100, 100, 3_000),
                                          (s, "YDP", 50, 50, 250),
                                          (s, "GWANAK", 100, 50, 1_450)):
        record(p, "job_target", "2021", target, "2021-01-01", org=org)
        record(p, "job_result", "2021-12", result, "2021-12-31", org=org)
        record(p, "expenditure", "2021-12", spent * 1_000_000, "2021-12-31", org=org, source="city")
    return {"Y": y, "G": g, "C": c, "D": d, "S": s}


def _row(page: str, name: str) -> str:
    start = page.index(f">{name}</a>")
    return page[start: page.index("</tr>", start)]


def test_the_same_type_median_is_the_same_for_every_viewer(year, login):
    pages = {who: login(role, unit).get("/evaluation/?year=2021").content.decode()
             for who, role, unit in (("ydp", "district_officer", "YDP"), ("council", "reviewer", None),
                                     ("gwanak", "district_officer", "GWANAK"))}
    for who, name in (("ydp", "사업 Y"), ("council", "사업 Y"), ("gwanak", "사업 G")):
        assert "같은 유형 중앙값 20.0백만원" in _row(pages[who], name), who


def test_a_district_officer_is_scored_on_their_share_of_a_shared_program(year, login):
    page = login("district_officer", "YDP").get("/evaluation/?year=2021").content.decode()
    assert "영등포구 분" in page
    row = _row(page, "사업 S")
    # 영등포구's share: 50 of 50 jobs, 5.0 million won a job; not the whole program's 66.7 % and 17.0
    assert "달성률 100.0%" in row and "일자리당 5.0백만원" in row
    assert "66.7" not in row and "17.0백만원" not in row and "29.0" not in row
    assert "사업 G" not in page
    whole = _row(login("reviewer").get("/evaluation/?year=2021").content.decode(), "사업 S")
    assert "달성률 66.7%" in whole and "일자리당 17.0백만원" in whole


def test_weights_read_as_plain_numbers(year, login):
    page = login("reviewer").get("/evaluation/?year=2021").content.decode()
    assert "가중치 20" in page and "E+" not in page  # not Decimal's 2E+1


def test_the_scheme_form_refuses_hostile_values_in_korean(login, tree):
    """The scheme page parses with a Django form: NaN, a huge number or a bad year is a message, never a 500."""
    from iljari.evaluation.models import EvaluationScheme

    admin = login("admin")
    good = {"valid_from": "2030", "weight_achievement": "40", "weight_execution": "20", "weight_cost": "20",
            "weight_transition": "20", "excellent_from": "85", "adequate_from": "65", "reason": "시험"}
    before = EvaluationScheme.objects.count()
    for bad, says in [({"weight_cost": "NaN"}, "숫자를 넣으십시오"), ({"weight_cost": "1e30"}, "100 이하"),
                      ({"valid_from": "99999999999999999999"}, "연도는 2000에서 2100 사이입니다"),
                      ({"excellent_from": "-1"}, "0 이상이어야 합니다")]:
        r = admin.post("/evaluation/scheme/", {**good, **bad})
        assert r.status_code == 200 and says in r.content.decode(), bad
    assert EvaluationScheme.objects.count() == before
    assert admin.post("/evaluation/scheme/", good).status_code == 302
    assert EvaluationScheme.objects.filter(valid_from=2030).exists()


def test_a_local_officer_is_not_shown_a_median_of_few_programs(year, login, actor, codes):
    """With fewer than five programs of a type, the median would tell a district another district's share of a
    shared program: a local officer's cost is then not compared (the weight goes to the other measures)."""
    from iljari.programs.services import program_update

    program_update(actor=actor, program=year["D"], job_type=codes["job_type:indirect"],
                   subtype=codes["subtype:training"])  # four direct-job programs left
    ydp = login("district_officer", "YDP").get("/evaluation/?year=2021").content.decode()
    row = _row(ydp, "사업 Y")
    assert "중앙값" not in ydp and "가중치 재배분: 집행률, 일자리당 비용" in row
    council = login("reviewer").get("/evaluation/?year=2021").content.decode()
    assert "같은 유형 중앙값 18.5백만원" in _row(council, "사업 Y")  # who sees every figure sees the benchmark
