"""The 2021 village-enterprise call (마을기업 지정·지원 공모, seed 001 L2983-3040) end to end, as illustrative records:
the call announced by 노동민생정책관 for 관악구 and 영등포구, five applications (four at the districts' desks and one
online), the districts' first review (one found ineligible), the city's interview review scored by three reviewers
of the review panel (one recused on one application for a conflict of interest), the ranked list with normalised
scores, the ministry's decision recorded (two designated, one not), the agreements with their districts, the
subsidies paid and the winners' programs in the registry with their jobs targets.

A second, current call (2026, `VILLAGE-2026`) gives the reviewers work: published, its application period over, three
applications (관악구 2, 영등포구 1, entered at the districts' desks with their documents) past the districts' first
review and waiting at the city's second review, interviews scheduled, reviewer1-3 assigned and no scores yet.

The integrator calls `load_demo_calls(actor=...)` from the demo loader (after the programs are loaded). Each call is
loaded once: a second run finds it and changes nothing. The organisations, people and scores are made up; the shape, the
amounts (예비 10 / 신규 50 / 재지정 30 / 고도화 20백만원), the stages and the rubric are the seed's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from iljari.access.services import membership_grant
from iljari.cases.calls import (
    agreement_sign,
    call_apply,
    call_publish,
    call_save,
    decision_record,
    default_categories,
    interview_schedule,
    review_recuse,
    review_submit,
    reviewer_assign,
    subsidy_pay,
)
from iljari.cases.flows import case_move
from iljari.cases.models import Call, Case, CaseEvent, Flow
from iljari.cases.ranking import ranked_list
from iljari.cases.services import flow_install
from iljari.cases.specs import VILLAGE_ENTERPRISE_CALL
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.orgs.models import OrgUnit
from iljari.orgs.services import org_unit_create
from iljari.programs.models import Program

PROGRAM = "S21-VILLAGE-ENTERPRISES"
OWNER = "SEOUL-LABOUR"
PANEL = "SEOUL-LABOUR-VILLAGE-PANEL"
CALL_CODE = "VILLAGE-2021"
CURRENT_CODE = "VILLAGE-2026"
PASSWORD = "iljari-demo-2026"
# username, role, unit, what they do
USERS = [
    ("village", "program_officer", OWNER, "노동민생정책관 마을기업 담당: 공모·심사위원·면접·행안부 결정 기록"),
    ("reviewer1", "program_officer", PANEL, "마을기업 2차 심사위원 (2026년 공모: 심사할 신청 3건)"),
    ("reviewer2", "program_officer", PANEL, "마을기업 2차 심사위원"),
    ("reviewer3", "program_officer", PANEL, "마을기업 2차 심사위원 (한 신청에서 이해충돌 회피)"),
    ("gwanak", "district_officer", "GWANAK", "관악구 담당"),
    ("ydp", "district_officer", "YDP", "영등포구 담당"),
]
# name, nine digits of the business number (the check digit is computed), legal form, district, category, title,
# summary, jobs planned, representative
APPLICANTS = [
    ("난곡 마을부엌 협동조합", "119820537", "협동조합", "GWANAK", "new", "주민이 함께 차리는 마을 밥상",
     "난곡동 어르신과 1인 가구에 반찬을 만들어 나누고, 주민 요리 모임을 사업으로 키웁니다.", 4, "박난곡"),
    ("신림 골목책방 사회적협동조합", "119861204", "사회적협동조합", "GWANAK", "pre", "골목 책방과 마을 학교",
     "문 닫은 동네 서점을 주민이 다시 열어 책방과 방과후 마을 학교를 함께 운영합니다.", 2, "김신림"),
    ("봉천 수리공방 협동조합", "119813377", "협동조합", "GWANAK", "re", "생활용품 수리와 나눔",
     "고장 난 생활용품을 고쳐 쓰고 나누는 수리공방을 재지정 받아 넓힙니다.", 3, "이봉천"),
    ("문래 철공예 협동조합", "107863318", "협동조합", "YDP", "new", "문래동 철공예 체험 공방",
     "문래동 철공소 장인과 청년 작가가 함께 철공예 체험과 소품을 만들어 팝니다.", 5, "최문래"),
    ("대림 다문화 밥상 주식회사", "107819946", "주식회사", "YDP", "pre", "다문화 가정식 도시락",
     "대림동 이주민 주민이 고향 가정식 도시락을 만들어 지역 기관에 납품합니다.", 3, "정대림"),
]
# the 2026 call's applications, as APPLICANTS (all at the districts' desks)
APPLICANTS_2026 = [
    ("낙성대 마을세탁 협동조합", "119875512", "협동조합", "GWANAK", "new", "어르신 이불 빨래와 마을 세탁소",
     "홀로 사는 어르신의 이불과 큰 빨래를 거두어 빨고 배달하며, 주민이 함께 쓰는 마을 세탁소를 운영합니다.", 3, "윤낙성"),
    ("서원동 옥상텃밭 영농조합법인", "119842268", "영농조합법인", "GWANAK", "pre", "옥상 텃밭과 마을 반찬가게",
     "빈 옥상에 텃밭을 일구어 기른 채소로 반찬을 만들어 동네 반찬가게에서 팝니다.", 2, "한서원"),
    ("당산 돌봄 사회적협동조합", "107851143", "사회적협동조합", "YDP", "new", "맞벌이 가정 아이 돌봄과 마을 식당",
     "맞벌이 가정의 초등학생을 방과 후에 돌보고, 아이와 부모가 함께 먹는 마을 식당을 엽니다.", 4, "오당산"),
]
# reviewer → marks (공동체성, 공공성, 지역성, 기업성; each 0-10) for the applications reaching the second review
MARKS = {
    "reviewer1": {0: (8, 8, 9, 7), 1: (6, 7, 6, 5), 2: (7, 6, 7, 7), 3: (9, 8, 8, 8)},  # a hard marker
    "reviewer2": {0: (9, 9, 9, 9), 1: (8, 8, 7, 7), 2: (8, 8, 9, 8), 3: (10, 9, 9, 9)},  # a generous one
    "reviewer3": {0: (8, 9, 9, 8), 1: (6, 6, 6, 5), 3: (9, 9, 8, 9)},  # recused on application 2 (봉천)
}


def _brn(nine: str) -> str:
    d = [int(c) for c in nine]
    t = sum(a * b for a, b in zip(d, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + d[8] * 5 // 10
    return nine + str((10 - t % 10) % 10)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Clock:
    """Dates the history rows and stage entries of what a step wrote (the services stamp them now)."""

    def __init__(self) -> None:
        self.mark = CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0

    def stamp(self, day: dt.date, hour: int = 10) -> None:
        when = _at(day, hour)
        events = CaseEvent.objects.filter(id__gt=self.mark)
        Case.objects.filter(pk__in=events.filter(kind__in=["opened", "transition"]).values("case")).update(
            entered_stage_at=when, due_on=None)
        events.update(at=when)
        self.mark = CaseEvent.objects.aggregate(m=Max("id"))["m"] or self.mark


def _users(actor: Any, units: dict[str, OrgUnit]) -> dict[str, Any]:
    User = get_user_model()
    out = {}
    for username, role, unit, _what in USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        membership_grant(actor=actor, user=user, role=role, org_unit=units[unit], reason="시연용 로그인 / demo login")
        out[username] = user
    return out


def load_demo_calls(*, actor: Any) -> list[str]:
    """The 2021 village-enterprise call end to end (see the module's note); lines to print."""
    program = Program.objects.filter(code=PROGRAM).select_related("owner_org").first()
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[OWNER, "GWANAK", "YDP", PANEL])}
    if program is None or not {OWNER, "GWANAK", "YDP"} <= set(units):
        return ["  calls: the village-enterprise program or its units are missing"]
    loaded = set(Call.objects.filter(code__in=[CALL_CODE, CURRENT_CODE]).values_list("code", flat=True))
    if loaded == {CALL_CODE, CURRENT_CODE}:
        return [f"  calls: {CALL_CODE} and {CURRENT_CODE} are already loaded"]
    with change_context("cli"), transaction.atomic():
        if PANEL not in units:
            units[PANEL] = org_unit_create(actor=actor, code=PANEL, name_ko="마을기업 심사위원회",
                                           name_en="Village enterprise review panel", kind="team",
                                           parent=units[OWNER], reason="시연용 심사위원회 / demo review panel")
        users = _users(actor, units)
        flow = Flow.objects.filter(code="VILLAGE-ENT").first() or flow_install(
            actor=actor, program=program, spec=VILLAGE_ENTERPRISE_CALL, illustrative=True)
        lines = [f"  calls: {CALL_CODE} is already loaded"] if CALL_CODE in loaded else _run(flow, users, units)
        lines += ([f"  calls: {CURRENT_CODE} is already loaded"] if CURRENT_CODE in loaded
                  else _run_current(flow, users, units))
        lines.append("    logins (password iljari-demo-2026): " + ", ".join(u for u, *_ in USERS))
        return lines


def _run(flow: Flow, users: dict[str, Any], units: dict[str, OrgUnit]) -> list[str]:
    clock = _Clock()
    city = users["village"]
    call = call_save(actor=city, flow=flow, code=CALL_CODE, year=2021, title_ko="2021년 서울시 마을기업 지정·지원 공모",
                     title_en="Seoul village enterprises 2021",
                     summary_ko="마을기업 요건(공동체성, 공공성, 지역성, 기업성)을 갖춘 협동조합, 주식회사, 영농조합 등 법인 단체를 "
                                "지정하고 사업비를 지원합니다. 예비 10백만원, 신규 50백만원, 재지정 30백만원, 고도화 20백만원. "
                                "신청은 단체가 있는 자치구에 합니다.",
                     opens_on=dt.date(2021, 1, 4), closes_on=dt.date(2021, 1, 29),
                     categories=default_categories(flow), districts=[units["GWANAK"], units["YDP"]],
                     illustrative=True)
    call = call_publish(actor=city, call=call, version=call.version)
    review = flow.stages.get(code="second_review")
    for name in ("reviewer1", "reviewer2", "reviewer3"):
        reviewer_assign(actor=city, call=call, stage=review, reviewer=users[name])
    # applications: four at the districts' desks, the last one online (its status code printed below)
    cases: list[Case] = []
    code = ""
    for n, (name, nine, form, district, cat, title, summary, jobs, rep) in enumerate(APPLICANTS):
        officer = users["gwanak" if district == "GWANAK" else "ydp"]
        public = n == len(APPLICANTS) - 1
        case, status = call_apply(
            actor=None if public else officer, call=call, district=units[district], category_code=cat,
            organisation={"name": name, "business_number": _brn(nine), "legal_form": form, "representative": rep,
                          "phone": "02-000-0000"},
            title=title, summary=summary, contact_name=rep, jobs_planned=jobs, public=public, consent=True,
            on=dt.date(2021, 1, 11 + 3 * n), illustrative=True)
        _documents(case, officer)
        clock.stamp(dt.date(2021, 1, 11 + 3 * n))
        cases.append(case)
        code = status or code
    # first review at the districts: accepted; 대림 (n=4) found ineligible (no legal entity yet)
    for n, case in enumerate(cases):
        officer = users["gwanak" if case.district_id == units["GWANAK"].pk else "ydp"]
        case = case_move(actor=officer, case=case, transition="accept", version=case.version)
        if n == 4:
            case = case_move(actor=officer, case=case, transition="ineligible", version=case.version,
                             reason="법인 설립 등기가 신청일 현재 끝나지 않아 마을기업 요건(법인)을 충족하지 못함")
        else:
            case = case_move(actor=officer, case=case, transition="eligible", version=case.version)
        cases[n] = case
    clock.stamp(dt.date(2021, 2, 5))
    # the city's interview review
    for n, case in enumerate(cases[:4]):
        interview_schedule(actor=city, case=case, starts_at=_at(dt.date(2021, 2, 17), 10 + n), minutes=30,
                           place="서울시청 서소문청사 1동 회의실", note="대표자 포함 2명 이내 참석")
    clock.stamp(dt.date(2021, 2, 10))
    review_recuse(actor=users["reviewer3"], case=cases[2],
                  reason="신청 단체(봉천 수리공방)의 자문위원으로 2020년에 활동함")
    for name, marks in MARKS.items():
        for n, m in marks.items():
            review_submit(actor=users[name], case=cases[n],
                          scores=dict(zip(["community", "public", "local", "business"], m, strict=True)))
    clock.stamp(dt.date(2021, 2, 17), 17)
    ranked = ranked_list(review, call.pk)
    for e in ranked.entries:
        case = Case.objects.get(pk=e.case.pk)
        if e.recommended:
            case_move(actor=city, case=case, transition="recommend", version=case.version)
        else:
            case_move(actor=city, case=case, transition="not_recommended", version=case.version,
                      reason=f"2차 심사 점수 {e.score}점으로 기준 점수({review.rubric.cutoff:.0f}점)에 못 미침")
    clock.stamp(dt.date(2021, 2, 26))
    # the ministry's final decision (행정안전부 → 서울시), recorded by the owning office
    recommended = [Case.objects.get(pk=e.case.pk) for e in ranked.entries if e.recommended]
    decided = []
    for n, case in enumerate(recommended):
        designated = n < 2
        reason = ("행정안전부 마을기업 최종 지정 통보 (2021. 3. 31.)" if designated else
                  "행정안전부 최종 심사에서 사업계획의 지속가능성 보완 필요로 미지정 (2021. 3. 31.)")
        decided.append(decision_record(actor=city, case=case, designated=designated, reason=reason,
                                       version=case.version, decided_on=dt.date(2021, 3, 31)))
    clock.stamp(dt.date(2021, 4, 2))
    # agreements with the districts, the subsidies paid, the winners' programs
    funded = []
    for case in decided[:2]:
        officer = users["gwanak" if case.district_id == units["GWANAK"].pk else "ydp"]
        jobs = case.proposal.jobs_planned
        agreement = agreement_sign(actor=officer, case=case, signed_on=dt.date(2021, 4, 20),
                                   starts_on=dt.date(2021, 5, 1), ends_on=dt.date(2021, 12, 31),
                                   version=case.version, jobs_target=None)
        # no jobs target in the ledger here: seed 001's 2021 tables are reproduced exactly and hold no such row
        # (the proposal's `jobs` planned stays on the case; an officer sets a target when signing a real one)
        del jobs
        clock.stamp(dt.date(2021, 4, 20))
        case = Case.objects.get(pk=case.pk)
        subsidy_pay(actor=officer, case=case, paid_on=dt.date(2021, 4, 30), version=case.version)
        case = Case.objects.get(pk=case.pk)
        case = case_move(actor=officer, case=case, transition="funded", version=case.version)
        clock.stamp(dt.date(2021, 4, 30))
        funded.append((case, agreement))
    lines = [f"  calls: {call.title_ko} ({CALL_CODE}): applications {len(cases)} (관악구 3, 영등포구 2), "
             f"ranked {len(ranked.entries)}, designated {len(funded)}"]
    for e in ranked.entries:
        lines.append(f"    {e.rank}. {e.case.reference} {e.case.organisation.name}: score {e.score} (mean {e.mean})"
                     f"{' recommended' if e.recommended else ''}")
    for case, agreement in funded:
        lines.append(f"    agreement {case.reference}: {agreement.amount:,} won paid, program {agreement.program.code}")
    lines.append(f"    online application {cases[-1].reference}: status code {code} (/grants/calls/status/)")
    return lines


def _run_current(flow: Flow, users: dict[str, Any], units: dict[str, OrgUnit]) -> list[str]:
    """The 2026 call: its applications wait at the city's second review for reviewer1-3's scores."""
    clock = _Clock()
    city = users["village"]
    call = call_save(actor=city, flow=flow, code=CURRENT_CODE, year=2026, title_ko="2026년 서울시 마을기업 지정·지원 공모",
                     title_en="Seoul village enterprises 2026",
                     summary_ko="마을기업 요건(공동체성, 공공성, 지역성, 기업성)을 갖춘 협동조합, 주식회사, 영농조합 등 법인 단체를 "
                                "지정하고 사업비를 지원합니다. 예비 10백만원, 신규 50백만원, 재지정 30백만원, 고도화 20백만원. "
                                "신청은 단체가 있는 자치구에 합니다.",
                     summary_en="Designates incorporated groups (cooperatives, companies, farming associations) that "
                                "meet the village-enterprise tests (community, public benefit, local roots, business "
                                "viability) and funds their projects. Apply to the district where the group is.",
                     opens_on=dt.date(2026, 10, 5), closes_on=dt.date(2026, 10, 30),
                     categories=default_categories(flow), districts=[units["GWANAK"], units["YDP"]],
                     illustrative=True)
    call = call_publish(actor=city, call=call, version=call.version)
    review = flow.stages.get(code="second_review")
    for name in ("reviewer1", "reviewer2", "reviewer3"):
        reviewer_assign(actor=city, call=call, stage=review, reviewer=users[name])
    cases: list[Case] = []
    for n, (name, nine, form, district, cat, title, summary, jobs, rep) in enumerate(APPLICANTS_2026):
        officer = users["gwanak" if district == "GWANAK" else "ydp"]
        on = dt.date(2026, 10, 13 + 7 * n)
        case, _ = call_apply(
            actor=officer, call=call, district=units[district], category_code=cat,
            organisation={"name": name, "business_number": _brn(nine), "legal_form": form, "representative": rep,
                          "phone": "02-000-0000"},
            title=title, summary=summary, contact_name=rep, jobs_planned=jobs, public=False, consent=True, on=on,
            illustrative=True)
        _documents(case, officer)
        clock.stamp(on)
        cases.append(case)
    # the districts' first review: every application eligible, on to the city's second review
    for n, case in enumerate(cases):
        officer = users["gwanak" if case.district_id == units["GWANAK"].pk else "ydp"]
        case = case_move(actor=officer, case=case, transition="accept", version=case.version)
        cases[n] = case_move(actor=officer, case=case, transition="eligible", version=case.version)
    reviewed_on = dt.date(2026, 11, 13)
    clock.stamp(reviewed_on)
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        due_on=reviewed_on + dt.timedelta(days=review.deadline_days) if review.deadline_days else None)
    for n, case in enumerate(cases):
        interview_schedule(actor=city, case=case, starts_at=_at(dt.date(2026, 12, 3), 10 + n), minutes=30,
                           place="서울시청 서소문청사 1동 회의실", note="대표자 포함 2명 이내 참석")
    clock.stamp(dt.date(2026, 11, 16))
    lines = [f"  calls: {call.title_ko} ({CURRENT_CODE}): applications {len(cases)} (관악구 2, 영등포구 1) at the "
             f"second review, reviewers reviewer1-3, no scores yet"]
    lines += [f"    {c.reference} {c.organisation.name}" for c in cases]
    return lines


def _documents(case: Case, officer: Any) -> None:
    from io import BytesIO

    from iljari.cases.documents import documents_check, documents_keep

    files = []
    for doc_type, name in (("application", "신청서.pdf"), ("business_plan", "사업계획서.pdf"), ("articles", "정관.pdf"),
                           ("members", "구성원명부.pdf")):
        f = BytesIO(f"%PDF-1.4\n% 예시 서류: {case.reference} {name}\n".encode())
        f.name = name
        files.append((doc_type, f))
    checked, problems = documents_check(files)
    if problems:
        raise ServiceError(problems)
    documents_keep(actor=officer, case=case, checked=checked, actor_label="예시 서류")
