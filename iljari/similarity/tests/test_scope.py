"""Issue 12, hole 4: the planning list shows a district officer only the decisions on pairs whose programs they
may both see, never another district's program, decision or reason."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(actor, tree, make_program):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create
    from iljari.programs.services import program_update
    from iljari.similarity.services import pair_review_save

    tree["YDP"] = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    y = make_program("Y", owner="YDP")
    y2 = make_program("Y2", owner="YDP")
    g = make_program("G", owner="GWANAK")
    program_update(actor=actor, program=g, name_ko="관악 청년 인턴 직무체험")
    pair_review_save(actor=actor, first=y, second=g, relation="duplicate", decision="abolish", target=g,
                     reason="관악구 사업 폐지, 예산 재배분 검토")
    pair_review_save(actor=actor, first=y, second=y2, relation="overlapping", decision="keep_both",
                     reason="영등포구 두 사업은 대상이 다름")
    return {"Y": y, "Y2": y2, "G": g}


def test_a_district_officer_sees_no_other_districts_decisions_on_planning(decided, login):
    page = login("district_officer", "YDP").get("/planning/?year=2022").content.decode()
    assert "영등포구 두 사업은 대상이 다름" in page  # their own pair's decision
    for other in ("관악구 사업 폐지", "관악 청년 인턴 직무체험", "/programs/G/", "폐지"):
        assert other not in page, other


def test_global_roles_see_every_decision_on_planning(decided, login):
    page = login("portfolio").get("/planning/?year=2022").content.decode()
    assert "관악구 사업 폐지, 예산 재배분 검토" in page and "영등포구 두 사업은 대상이 다름" in page
