"""The flow engine: flows as data, who may act at which stage, conditions, reasons, stale versions, history and
audit rows."""

from __future__ import annotations

import pytest

from iljari.audit.models import AuditEntry
from iljari.cases.flows import actions_for, case_move, flow_problems, may_act
from iljari.cases.models import CaseEvent, Document, Flow, Stage
from iljari.core.errors import ConflictError, ErrorCode, ForbiddenError, ServiceError


def _docs(case, *types):  # type: ignore[no-untyped-def]
    for t in types:
        Document.objects.create(case=case, doc_type=t, file=f"cases/x/{t}.pdf", name=f"{t}.pdf", size=10,
                                content_type="application/pdf", sha256="0" * 64)


def test_seed_flows_install_sound(case_world) -> None:
    for flow in case_world["flows"].values():
        assert flow_problems(flow) == []
    village = case_world["flows"]["VILLAGE-ENT"]
    review = village.stages.get(code="second_review")
    assert sum(c.weight for c in review.rubric.criteria.all()) == 100


def test_weights_not_adding_to_100_refused(case_world, actor) -> None:
    from iljari.cases.services import flow_install
    from iljari.cases.specs import VILLAGE_ENTERPRISE_CALL

    spec = {**VILLAGE_ENTERPRISE_CALL, "code": "BAD"}
    spec["stages"] = [dict(s) for s in spec["stages"]]
    review = next(s for s in spec["stages"] if s["code"] == "second_review")
    review["rubric"] = {**review["rubric"], "criteria": review["rubric"]["criteria"][:3]}
    with pytest.raises(ServiceError) as e:
        flow_install(actor=actor, program=case_world["programs"]["VILLAGE-ENT"], spec=spec)
    assert e.value.problems[0].code == ErrorCode.PARTS_DO_NOT_ADD_UP
    assert "75점" in e.value.problems[0].message_ko
    assert not Flow.objects.filter(code="BAD").exists()  # nothing half-saved


def test_case_moves_through_stages_with_history(case_world, make_case) -> None:
    case = make_case()
    assert case.reference == f"2021-{case.flow_id:02d}-000001"
    assert case.stage.code == "received" and case.due_on is not None
    gwanak = case_world["users"]["gwanak"]
    with pytest.raises(ServiceError) as e:  # the documents are not in yet
        case_move(actor=gwanak, case=case, transition="accept", version=case.version)
    assert e.value.problems[0].code == ErrorCode.CONDITION_FAILED
    assert "무급휴직 확인서" in e.value.problems[0].message_ko
    _docs(case, "application", "leave_proof", "insurance", "bank_account")
    case = case_move(actor=gwanak, case=case, transition="accept", version=case.version)
    assert case.stage.code == "district_check" and case.version == 2
    events = list(CaseEvent.objects.filter(case=case).values_list("kind", "to_stage__code"))
    assert events == [("opened", "received"), ("transition", "district_check")]
    assert AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk)).count() == 2


def test_wrong_office_refused_and_right_one_acts(case_world, make_case) -> None:
    case = make_case()
    ydp, city, gwanak = (case_world["users"][k] for k in ("ydp", "city", "gwanak"))
    assert may_act(gwanak, case) and not may_act(ydp, case) and not may_act(city, case)
    with pytest.raises(ForbiddenError):
        case_move(actor=ydp, case=case, transition="withdraw", version=case.version, reason="x")
    with pytest.raises(ForbiddenError):  # the city acts at the city's stage, not at the district's
        case_move(actor=city, case=case, transition="withdraw", version=case.version, reason="x")
    assert [a.transition.code for a in actions_for(gwanak, case)] == ["accept", "withdraw"]
    assert actions_for(ydp, case) == []


def test_reason_required_and_stale_version(case_world, make_case) -> None:
    case = make_case()
    gwanak = case_world["users"]["gwanak"]
    with pytest.raises(ServiceError) as e:
        case_move(actor=gwanak, case=case, transition="withdraw", version=case.version, reason="  ")
    assert e.value.problems[0].code == ErrorCode.REASON_REQUIRED
    stale = case.version
    case = case_move(actor=gwanak, case=case, transition="withdraw", version=stale, reason="신청인 요청")
    assert case.outcome == Stage.Outcome.WITHDRAWN
    with pytest.raises(ConflictError):
        case_move(actor=gwanak, case=case, transition="withdraw", version=stale, reason="again")


def test_action_not_possible_from_stage(case_world, make_case) -> None:
    case = make_case()
    with pytest.raises(ServiceError) as e:
        case_move(actor=case_world["users"]["gwanak"], case=case, transition="select", version=case.version)
    assert e.value.problems[0].code == ErrorCode.NOT_ALLOWED_NOW
