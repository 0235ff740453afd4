"""The demo's 2021 village-enterprise call runs end to end (issue 17's acceptance): two districts' applications,
scores by three reviewers with one recused, the ranked list, the ministry's decision, an agreement, a subsidy paid
and the winner's program in the registry."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(actor, codes):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create
    from iljari.programs.services import program_create

    seoul = org_unit_create(actor=actor, code="SEOUL", name_ko="서울특별시", kind="city")
    labour = org_unit_create(actor=actor, code="SEOUL-LABOUR", name_ko="노동민생정책관", kind="office", parent=seoul)
    for code, name in (("GWANAK", "관악구"), ("YDP", "영등포구")):
        org_unit_create(actor=actor, code=code, name_ko=name, kind="district", parent=seoul)
    program_create(actor=actor, code="S21-VILLAGE-ENTERPRISES", name_ko="마을기업 육성", owner_org=labour,
                   job_type=codes["job_type:indirect"], subtype=codes["subtype:private_support"])


def test_village_enterprise_call_in_the_demo(actor, units, settings, tmp_path) -> None:
    from django.contrib.auth import get_user_model

    from iljari.cases.models import Agreement, Call, Case, CaseEvent, Payment, Review
    from iljari.cases.ranking import ranked_list
    from iljari.demo.cases_calls import load_demo_calls

    settings.MEDIA_ROOT = tmp_path
    lines = load_demo_calls(actor=actor)
    call = Call.objects.get(code="VILLAGE-2021")
    cases = Case.objects.filter(call=call)
    assert {c.district.code for c in cases} == {"GWANAK", "YDP"} and cases.count() == 5
    assert Review.objects.filter(recused=True).count() == 1 and Review.objects.filter(recused=False).count() == 11
    ranked = ranked_list(call.flow.stages.get(code="second_review"), call.pk)
    assert len(ranked.entries) == 4 and sum(e.recommended for e in ranked.entries) == 3
    assert any(m.recused for e in ranked.entries for m in e.marks)
    designated = cases.filter(stage__code="designated")
    assert designated.count() == 2 and {c.district.code for c in designated} == {"GWANAK", "YDP"}
    assert cases.filter(events__reason__contains="행정안전부", stage__code="rejected").count() == 1
    assert Payment.objects.filter(status="paid").count() == 2
    agreement = Agreement.objects.select_related("program").first()
    assert agreement.program.owner_org.code in {"GWANAK", "YDP"}
    assert not CaseEvent.objects.filter(case__call=call).exclude(at__year=2021).exists()  # 2021's dates
    assert get_user_model().objects.get(username="reviewer1").check_password("iljari-demo-2026")
    assert "status code" in lines[-2]
    assert load_demo_calls(actor=actor) == ["  calls: VILLAGE-2021 is already loaded"]
