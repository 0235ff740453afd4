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
    assert any("status code" in line for line in lines) and "logins" in lines[-1]
    assert load_demo_calls(actor=actor) == ["  calls: VILLAGE-2021 and VILLAGE-2026 are already loaded"]


def test_reviewers_find_applications_to_score_in_the_demo(actor, units, settings, tmp_path) -> None:
    """A fresh demo gives each reviewer work: the 2026 call's applications, past the districts' first review, wait
    at the city's second review with reviewer1-3 assigned and no scores; the 2021 call's figures stay as they were."""
    from django.contrib.auth import get_user_model

    from iljari.cases.models import Call, Case, Document, Review, ReviewerAssignment
    from iljari.demo.cases_calls import load_demo_calls

    settings.MEDIA_ROOT = tmp_path
    load_demo_calls(actor=actor)
    call = Call.objects.get(code="VILLAGE-2026")
    assert call.published and call.closes_on.year == 2026
    cases = Case.objects.filter(call=call)
    assert cases.count() == 3 and {c.district.code for c in cases} == {"GWANAK", "YDP"}
    assert set(cases.values_list("stage__code", flat=True)) == {"second_review"}
    assert all(Document.objects.filter(case=c).count() == 4 for c in cases)
    assert not Review.objects.filter(case__call=call).exists()
    for name in ("reviewer1", "reviewer2", "reviewer3"):
        user = get_user_model().objects.get(username=name)
        assert ReviewerAssignment.objects.filter(call=call, reviewer=user, stage__code="second_review").exists()
    assert Case.objects.filter(call__code="VILLAGE-2021").count() == 5
    assert load_demo_calls(actor=actor) == ["  calls: VILLAGE-2021 and VILLAGE-2026 are already loaded"]
    assert Case.objects.filter(call=call).count() == 3
