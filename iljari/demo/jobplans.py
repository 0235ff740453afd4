"""The demo city's job plan of the disclosure (지역일자리 공시제), loaded by `load-demo` after the ledger.

Seed 001 holds Seoul's 2021 job plan (L318-419: 기본방향, the job targets and budget by field, L657-717: by type),
so the demo has Seoul's annual detailed plan for 2021 (민선 7기): its direction in the seed's words (L322-328), a
note per type naming the seed's programs of that type, and the job targets and budgets by type read from the
ledger (direct jobs 187,307; training 21,827; employment services 70,955; subsidies 3,719; start-up 15,699; the
rest, 민간지원 48,178 and 공사인력 45,603, as other programs: 393,288 in all, seed 001 L707-717).

No seed gives Seoul's headline targets (the employment rate of ages 15-64, the number employed, regular
employees) nor a job infrastructure or business attraction target: they are left missing, so the plan's check
names them and the plan cannot be published until an officer enters them. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from iljari.core.context import change_context
from iljari.orgs.models import OrgUnit
from iljari.reports.jobplans.models import JobPlan
from iljari.reports.jobplans.selectors import plan_view
from iljari.reports.jobplans.services import plan_create, plan_save

DIRECTION = """코로나19 장기화에 대비한 취업 취약계층의 고용안전망 강화
민간 일자리 연계·창출을 위한 양질의 일자리 발굴 추진
대규모 관급공사의 차질 없는 추진을 통한 일자리 창출"""  # seed 001 L322-328 (기본방향)

NOTES = {  # the seed's programs of each type (seed 001 L336-419, L719-799)
    "direct": "서울 시민안심 일자리, 지역 방역 일자리, 어르신일자리 및 사회활동지원사업, 보육교직원 인건비 지원 등",
    "training": "4개 기술교육원 운영, 서남권 기술특화 캠퍼스, 여성직업교육 및 맞춤형 직업훈련 등",
    "employment_service": "서울시 및 자치구 일자리센터, 여성 취업알선활동 강화 등",
    "employment_subsidy": "도시청년 지역일자리, 여성 인턴십 등",
    "startup": "캠퍼스 타운 활성화, 창업허브 등 창업지원시설 운영, 서울밤도깨비 야시장 등",
}


def load_demo_job_plans(*, actor: Any) -> Iterator[str]:
    seoul = OrgUnit.objects.get(code="SEOUL")
    plan = JobPlan.objects.filter(org=seoul, kind=JobPlan.Kind.ANNUAL, first_year=2021).first()
    with change_context("import"):
        if plan is None:
            plan = plan_create(actor=actor, org=seoul, kind=JobPlan.Kind.ANNUAL, year=2021,
                               as_of=dt.date(2021, 3, 31), reason="시드 문서 001로 만든 데모 자료")
        plan_save(actor=actor, plan=plan, data={
            "direction": DIRECTION,
            "categories": {code: {"note": note} for code, note in NOTES.items()},
        }, reason="시드 문서 001로 만든 데모 자료")
    view = plan_view(plan)
    yield (f"  job plan {plan.subject}: {len(view.blockers)} mandatory items missing "
           "(the seeds give no headline targets)")
