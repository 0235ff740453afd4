"""Shared worlds for the cases' tests, made through `flow_install` (the flows are data):

- `case_world`: districts 관악구 (GWANAK, from `tree`) and 영등포구 (YDP, added under SEOUL); programs RETAIN
  (고용유지지원금, owner JOBPOL), INTERN (경력단절여성 인턴십, owner JOBPOL) and VILLAGE (마을기업, owner JOBPOL);
  the three seed flows installed on them (`flows["RETENTION-2021"]`, `["WOMEN-INTERN"]`, `["VILLAGE-ENT"]`);
  users: `city` (program officer of JOBPOL), `gwanak` and `ydp` (district officers), `office` (portfolio).
- `make_case(flow, district, **fields)`: a case opened at the flow's first stage by the district's officer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def case_world(db, tree, actor, make_program, make_user):  # type: ignore[no-untyped-def]
    from iljari.cases.services import flow_install
    from iljari.cases.specs import SPECS
    from iljari.orgs.services import org_unit_create

    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    programs = {
        "RETENTION-2021": make_program("RETAIN", job_type="indirect", subtype="employment_subsidy"),
        "WOMEN-INTERN": make_program("INTERN", job_type="indirect", subtype="employment_subsidy"),
        "VILLAGE-ENT": make_program("VILLAGE", job_type="indirect", subtype="startup"),
    }
    flows = {code: flow_install(actor=actor, program=programs[code], spec=spec) for code, spec in SPECS.items()}
    from iljari.cases.models import CaseRule

    # the retention subsidy's application period (March 2021) is tested on its own (test_application_period);
    # the other tests apply on any day, as the public pages' tests do today
    CaseRule.objects.filter(kind=CaseRule.Kind.APPLICATIONS).delete()
    users = {"city": make_user("city", "program_officer", "JOBPOL"),
             "gwanak": make_user("gwanak", "district_officer", "GWANAK"),
             "office": make_user("office", "portfolio")}
    from django.contrib.auth import get_user_model

    from iljari.access.services import membership_grant

    users["ydp"] = get_user_model().objects.create_user("ydp", password="pw")
    membership_grant(actor=None, user=users["ydp"], role="district_officer", org_unit=ydp)
    return {"flows": flows, "programs": programs, "users": users,
            "units": {"GWANAK": tree["GWANAK"], "YDP": ydp, "JOBPOL": tree["JOBPOL"], "SEOUL": tree["SEOUL"]}}


@pytest.fixture
def make_case(case_world):  # type: ignore[no-untyped-def]
    from iljari.cases.flows import case_open

    def make(flow: str = "RETENTION-2021", district: str = "GWANAK", **fields: Any):
        officer = case_world["users"]["gwanak" if district == "GWANAK" else "ydp"]
        return case_open(actor=officer, flow=case_world["flows"][flow], district=case_world["units"][district],
                         applied_on=fields.pop("applied_on", dt.date(2021, 3, 15)), **fields)

    return make
