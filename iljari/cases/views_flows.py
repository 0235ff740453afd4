"""The officers' case pages of slice "flows" (under /cases/): the work queue (the cases waiting on me, overdue
first), a case's page (summary, whole history, documents, the other slices' panels, and the actions the officer
may take as buttons), the flows (stages, transitions, rubrics and rules in words; copying a flow and changing a
stage or a transition for the portfolio office) and the city and district overviews with their xlsx export.

Reading cases needs `view_case` (a reviewer: 403) within the user's units (another district's case: 404); acting
is `cases.flows.case_move` (403 when another office acts at the stage, 409 when someone acted first). Flows are
public data (`view`); changing them needs `change_flows`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.access.models import Role
from iljari.core.errors import ConflictError, ServiceError
from iljari.core.http import file_response
from iljari.core.labels import one_language
from iljari.orgs.models import OrgUnit
from iljari.people.selectors import mask_name
from iljari.programs.models import Program

from . import flow_setup
from . import selectors as sel
from .codes import DOC_TYPES, doc_type_label
from .conditions import CONDITIONS
from .flows import actions_for, case_move, flow_problems, may_act
from .models import Case, CaseRule, Flow, Stage, Transition
from .panels import panels_for
from .templatetags.case_words import day, english, say, won

PER_PAGE = 50
MAX_PAGE = 10_000
REFERENCE_RE = r"\d{4}-[A-Za-z0-9-]{1,60}-\d{1,9}"


def _text(value: Any, limit: int = 100) -> str:
    """A query or form value: NUL-free, trimmed, bounded."""
    v = str(value or "").replace("\x00", "").strip()
    return v[:limit]


def _int(value: Any, default: int | None = None, lo: int = 0, hi: int = 2**31) -> int | None:
    try:
        n = int(str(value))
    except (TypeError, ValueError):
        return default
    return n if lo <= n <= hi else default


def _no_version() -> list[str]:
    return [say("무엇을 고치는지 알 수 없습니다(판 정보 없음). 새로 고친 뒤 다시 하십시오.",
                "The version you read is missing; reload and try again.")]


def _lang(text: Any) -> str:
    return one_language(text, get_language())


# ------------------------------------------------------------------------------------------------ words


def actor_words(stage: Stage) -> str:
    """Who acts at a stage, in words: "자치구 담당자 (신청 자치구)", "사업 담당자 (주관 부서)"."""
    if stage.kind == Stage.Kind.DONE:
        return say("없음 (종결)", "nobody (closed)")
    level = _lang(Stage.Level(stage.actor_level).label)
    if stage.actor_level == Stage.Level.APPLICANT:
        return level
    role = _lang(Role(stage.actor_role).label) if stage.actor_role else say("담당자 누구나", "any officer")
    return f"{role} ({level})"


def deadline_words(stage: Stage) -> str:
    if stage.deadline_days is None:
        return say("기한 없음", "no deadline")
    text = say(f"단계 진입 후 {stage.deadline_days}일 이내", f"within {stage.deadline_days} days of entering")
    if stage.remind_days is not None:
        text += say(f", 기한 {stage.remind_days}일 전 알림", f", reminder {stage.remind_days} days before")
    return text


REGIONS_EN = {"서울": "Seoul", "서울특별시": "Seoul"}


def _rule_params(rule: CaseRule) -> str:
    p = rule.params or {}

    def d(key: str) -> str:
        try:
            return day(dt.date.fromisoformat(str(p.get(key))))
        except ValueError:
            return "-"

    k = rule.kind
    if k in (CaseRule.Kind.LEAVE_WINDOW, CaseRule.Kind.APPLICATIONS):
        return f"{d('start')} ~ {d('end')}"
    if k == CaseRule.Kind.MIN_LEAVE_DAYS:
        return say(f"월 {p.get('days')}일 이상", f"at least {p.get('days')} days a month")
    if k == CaseRule.Kind.MAX_MONTHS:
        return say(f"최대 {p.get('months')}개월", f"at most {p.get('months')} months")
    if k == CaseRule.Kind.FIRM_SIZE:
        return say(f"근로자 {p.get('below')}인 미만", f"fewer than {p.get('below')} employees")
    if k == CaseRule.Kind.INSURED_ON:
        return say(f"{d('date')}까지 고용보험 유지", f"still insured on {d('date')}")
    if k == CaseRule.Kind.RESIDENCY:
        region = str(p.get("region", ""))
        return say(f"{region} 소재", f"located in {REGIONS_EN.get(region, region)}")
    if k == CaseRule.Kind.PAY_MONTHLY:
        return say(f"월 {won(p.get('amount'))}", f"{won(p.get('amount'))} a month")
    if k == CaseRule.Kind.STAGED:
        parts = []
        for s in p.get("steps", []):
            name = (s.get("en") or s.get("ko", "")) if english() else s.get("ko", "")
            payee = say("인턴", "the intern") if s.get("payee") == "person" else say("기업", "the firm")
            parts.append(say(f"{name} {won(s.get('amount'))} ({s.get('after_months')}개월 후, {payee})",
                             f"{name} {won(s.get('amount'))} (after {s.get('after_months')} months, to {payee})"))
        return "; ".join(parts)
    return "-"


def rule_words(rule: CaseRule) -> dict[str, str]:
    return {"kind": _lang(CaseRule.Kind(rule.kind).label) if rule.kind in CaseRule.Kind.values else "-",
            "what": _rule_params(rule),
            "when": f"{day(rule.valid_from)} ~ {day(rule.valid_to) if rule.valid_to else ''}".rstrip()}


def condition_words(names: list[str]) -> list[str]:
    out = []
    for n in names or []:
        c = CONDITIONS.get(n)
        out.append((c.label_en if english() else c.label_ko) if c else say("알 수 없는 조건", "unknown condition"))
    return out


EVENT_KINDS = {
    "opened": ("접수", "Received"), "transition": ("처리", "Action"), "document": ("서류", "Document"),
    "score": ("심사 점수", "Review score"), "payment": ("지급", "Payment"), "note": ("메모", "Note"),
    "reminder": ("기한 알림", "Deadline reminder"), "check": ("점검", "Check"), "recusal": ("회피", "Recusal"),
    "recovery": ("환수", "Recovery"), "screening": ("요건 확인", "Screening"), "import": ("일괄 등록", "Import"),
    "interview": ("면접", "Interview"), "agreement": ("약정", "Agreement"),
}


def event_words(ev: Any) -> dict[str, Any]:
    ko, en = EVENT_KINDS.get(ev.kind, ("기록", "record"))
    what = say(ko, en)
    if ev.kind == "transition" and ev.transition is not None:
        what = ev.transition.label_en or ev.transition.label_ko if english() else ev.transition.label_ko
    elif ev.kind == "reminder":
        level = (ev.data or {}).get("level")
        what = say("기한 지남 알림", "Overdue reminder") if level == "overdue" else say("기한 임박 알림",
                                                                                   "Deadline soon reminder")
    elif ev.kind == "document":
        data = ev.data or {}
        names = [d.get("name", "") for d in data.get("documents", [])] or [data.get("name", "")]
        names = [n for n in names if n]
        if names:
            what = f"{what}: {', '.join(names)}"
    moved = ""
    if ev.from_stage is not None and ev.to_stage is not None:
        moved = f"{_stage_name(ev.from_stage)} → {_stage_name(ev.to_stage)}"
    elif ev.to_stage is not None and ev.kind == "opened":
        moved = _stage_name(ev.to_stage)
    who = ev.actor.username if ev.actor is not None else (ev.actor_label or say("시스템", "system"))
    from .calls import call_event_words
    from .money import money_event_words

    # the money and the calls' rows say themselves in either language
    reason = money_event_words(ev, english()) or call_event_words(ev, english()) or ev.reason
    return {"at": ev.at, "who": who, "what": what, "moved": moved, "reason": reason}


def _stage_name(s: Any) -> str:
    """A stage's or a unit's name in the page's language (both have name_ko and name_en)."""
    return (s.name_en or s.name_ko) if english() else s.name_ko


URGENCY = {sel.OVERDUE: ("기한 지남", "overdue"), sel.DUE_SOON: ("기한 임박", "due soon"),
           sel.ON_TIME: ("", ""), sel.NO_DEADLINE: ("", "")}


def applicant_words(case: Case) -> str:
    """The applicant as officers' lists show them: the firm or organisation by name, a worker's name masked."""
    parts = []
    if case.organisation_id:
        parts.append(case.organisation.name)
    if case.person_id:
        parts.append(mask_name(case.person.name))
    if case.title and not parts:
        parts.append(case.title)
    return " · ".join(parts) or "-"


def business_number(n: str) -> str:
    return f"{n[:3]}-{n[3:5]}-{n[5:]}" if n and len(n) == 10 else (n or "-")


# ------------------------------------------------------------------------------------------------ the queue


def _visible_districts(user: Any) -> list[OrgUnit]:
    qs = OrgUnit.objects.filter(kind="district").order_by("name_ko")
    g = policy.grant(user, "view_case")
    if g.everywhere:
        return list(qs)
    return [u for u in qs if g.covers(u)] or [u for u in OrgUnit.objects.filter(
        pk__in=Case.objects.restrict(user, "view_case").exclude(district=None).values("district"))]


@gate("view_case")
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    flows = list(Flow.objects.order_by("name_ko"))
    flow = next((f for f in flows if f.code == _text(request.GET.get("flow"), 40)), None)
    stages = list(flow.stages.order_by("order", "id")) if flow else []
    stage = next((s for s in stages if s.code == _text(request.GET.get("stage"), 40)), None)
    districts = _visible_districts(request.user)
    district = next((d for d in districts if d.code == _text(request.GET.get("district"), 40)), None)
    qs = sel.queue(request.user, today, flow=flow, stage=stage, district=district)
    pages = Paginator(qs, PER_PAGE)
    page = pages.get_page(_int(request.GET.get("page"), 1, 1, MAX_PAGE))
    rows = [{"case": c, "applicant": applicant_words(c), "urgency": say(*URGENCY[c.urgency]),
             "late": c.urgency == sel.OVERDUE} for c in page.object_list]
    query = {k: v for k, v in (("flow", flow.code if flow else ""), ("stage", stage.code if stage else ""),
                               ("district", district.code if district else "")) if v}
    from django.utils.http import urlencode

    return render(request, "cases/flows/queue.html", {
        "rows": rows, "page": page, "counts": sel.queue_counts(request.user, today), "flows": flows,
        "flow": flow, "stages": stages, "stage": stage, "districts": districts, "district": district,
        "query": urlencode(query), "can_act": policy.allows(request.user, "handle_case"), "today": today})


SEARCH_LIMIT = 200  # rows a search shows (narrow it down beyond that)


@gate("view_case")
def case_search(request: HttpRequest) -> HttpResponse:
    """사례 찾기: any case the user may see (not only those waiting on them), by its reference number (or its
    start), the firm's or organisation's name, the business registration number (with or without dashes) or the
    person's full name; newest first, at most 200 rows."""
    q = _text(request.GET.get("q"), 100).strip()
    rows: list[dict[str, Any]] = []
    more = False
    if q:
        from django.db.models import Q

        digits = re.sub(r"\D", "", q)
        cond = Q(reference__startswith=q) | Q(organisation__name__icontains=q) | Q(person__name=q) | Q(title__icontains=q)
        if len(digits) == 10:
            cond |= Q(organisation__business_number=digits)
        found = list(Case.objects.restrict(request.user, "view_case").filter(cond)
                     .select_related("flow", "stage", "district", "organisation", "person")
                     .order_by("-applied_on", "-pk")[:SEARCH_LIMIT + 1])
        more = len(found) > SEARCH_LIMIT
        rows = [{"case": c, "applicant": applicant_words(c)} for c in found[:SEARCH_LIMIT]]
    return render(request, "cases/flows/search.html", {"q": q, "rows": rows, "more": more,
                                                       "limit": SEARCH_LIMIT})


# ------------------------------------------------------------------------------------------------ a case


def _case_or_404(user: Any, reference: str) -> Case:
    if not re.fullmatch(REFERENCE_RE, reference or ""):
        raise Http404
    return get_object_or_404(Case.objects.restrict(user, "view_case").select_related(
        "flow__program__owner_org", "stage", "district", "organisation", "person", "call"), reference=reference)


@gate("view_case", methods=("GET", "HEAD", "POST"))
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request.user, reference)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        do = _text(request.POST.get("do"), 40)
        version = _int(request.POST.get("version"))
        reason = _text(request.POST.get("reason"), 2000)
        if not do:
            problems, status = [say("할 처리를 고르십시오.", "Choose what to do.")], 400
        elif version is None:
            problems, status = [say("사례의 판을 알 수 없습니다. 새로 고친 뒤 다시 하십시오.",
                                    "The case's version is missing; reload and try again.")], 400
        else:
            try:
                moved = case_move(actor=request.user, case=case, transition=do, version=version, reason=reason)
            except ConflictError:
                problems, status = [say("다른 담당자가 먼저 이 사례를 처리했습니다. 아래는 지금의 사례입니다. "
                                        "확인한 뒤 다시 하십시오.",
                                        "Someone else acted on this case first. Below is the case as it is now; "
                                        "check it and try again.")], 409
            except ServiceError as e:
                problems, status = [p.text() for p in e.problems], e.status
            else:
                messages.success(request, say(f"처리했습니다: {_stage_name(moved.stage)} 단계로 옮겼습니다.",
                                              f"Done: the case is now at '{_stage_name(moved.stage)}'."))
                return HttpResponseRedirect(reverse("web:cases:case", args=[moved.reference]))
        case = _case_or_404(request.user, reference)  # the case as it is now
    return render(request, "cases/flows/case.html", _case_context(request, case, problems), status=status)


def _case_context(request: HttpRequest, case: Case, problems: list[str]) -> dict[str, Any]:
    today = timezone.localdate()
    amount = sel.case_amounts(Case.objects.filter(pk=case.pk)).values_list("amount", flat=True).first()
    urgency = sel.with_urgency(Case.objects.filter(pk=case.pk), today).values_list("urgency", flat=True).first()
    events = [event_words(e) for e in case.events.select_related("actor", "transition", "from_stage", "to_stage")
              .order_by("at", "id")]
    documents = [{"type": doc_type_label(d.doc_type, "en" if english() else "ko"), "name": d.name, "size": f"{d.size:,}",
                  "at": d.uploaded_at, "by": d.uploaded_by.username if d.uploaded_by else d.uploaded_by_label}
                 for d in case.documents.select_related("uploaded_by").order_by("uploaded_at", "id")]
    actions = []
    for a in actions_for(request.user, case):
        t = a.transition
        actions.append({"code": t.code, "label": (t.label_en or t.label_ko) if english() else t.label_ko,
                        "to": _stage_name(t.dest), "needs_reason": t.needs_reason,
                        "blocked": [p.text() for p in a.blocked]})
    panels = [mark_safe(render_to_string(tpl, ctx, request=request)) for tpl, ctx in panels_for(request, case)]
    needed = [doc_type_label(d, "en" if english() else "ko") for d in case.stage.required_documents or []]
    urgency = sel.ON_TIME if urgency is None else urgency
    return {"case": case, "problems": problems, "amount": amount, "urgency": say(*URGENCY[urgency]),
            "late": urgency == sel.OVERDUE, "events": events, "documents": documents, "actions": actions,
            "panels": panels, "applicant": applicant_words(case), "who_acts": actor_words(case.stage),
            "business_number": business_number(case.organisation.business_number) if case.organisation_id else "",
            "sector": _lang(case.organisation.get_sector_display()) if case.organisation_id and
            case.organisation.sector else "", "outcome": _lang(case.get_outcome_display()) if case.outcome else "",
            "channel": _lang(case.get_channel_display()), "needed_documents": needed,
            "may_act": may_act(request.user, case), "any_reason": any(a["needs_reason"] for a in actions)}


# ------------------------------------------------------------------------------------------------ flows


@gate("view")
def flows(request: HttpRequest) -> HttpResponse:
    rows = []
    for f in Flow.objects.select_related("program").order_by("-active", "name_ko"):
        rows.append({"flow": f, "kind": _lang(f.get_kind_display()), "stages": f.stages.count(),
                     "cases": Case.objects.restrict(request.user, "view_case").filter(flow=f).count()
                     if policy.allows(request.user, "view_case") else None})
    return render(request, "cases/flows/flows.html", {"rows": rows})


def _flow_or_404(code: str) -> Flow:
    code = _text(code, 40)
    flow = Flow.objects.select_related("program__owner_org").filter(code=code).first()
    if flow is None:
        raise Http404
    return flow


def _programs(user: Any) -> list[Program]:
    return list(Program.objects.restrict(user, "view").order_by("name_ko")[:2000])


@gate("view", methods=("GET", "HEAD", "POST"))
def flow_page(request: HttpRequest, code: str) -> HttpResponse:
    flow = _flow_or_404(code)
    can_change = policy.allows(request.user, "change_flows")
    problems: list[str] = []
    form = {"code": "", "name_ko": "", "name_en": "", "program": ""}
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = {k: _text(request.POST.get(k), 200) for k in form}
        program = next((p for p in _programs(request.user) if str(p.pk) == form["program"]), None)
        if _int(request.POST.get("version")) is None:
            problems, status = _no_version(), 400
        elif program is None:
            problems, status = [say("새 흐름의 사업을 고르십시오.", "Choose the new flow's program.")], 400
        else:
            try:
                new = flow_setup.flow_copy(actor=request.user, flow=flow, code=form["code"], name_ko=form["name_ko"],
                                           name_en=form["name_en"], program=program,
                                           version=_int(request.POST.get("version")))
            except ServiceError as e:
                problems, status = [p.text() for p in e.problems], e.status
            else:
                messages.success(request, say("같은 구조의 새 흐름을 만들었습니다.", "The new flow of the same shape is set up."))
                return HttpResponseRedirect(reverse("web:cases:flow", args=[new.code]))
    stages = list(flow.stages.order_by("order", "id"))
    stage_rows = []
    for s in stages:
        rubric = getattr(s, "rubric", None) if s.kind == Stage.Kind.REVIEW else None
        quotas = []
        if rubric is not None and rubric.quotas:
            units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(rubric.quotas))}
            quotas = [(_stage_name(units[c]) if c in units else c, n) for c, n in rubric.quotas.items()]
        stage_rows.append({"stage": s, "who": actor_words(s), "deadline": deadline_words(s),
                           "kind": _lang(s.get_kind_display()), "outcome": _lang(s.get_outcome_display())
                           if s.outcome else "",
                           "documents": [doc_type_label(d, "en" if english() else "ko")
                                         for d in s.required_documents or []],
                           "rubric": rubric, "criteria": list(rubric.criteria.all()) if rubric else [],
                           "quotas": quotas})
    transitions = [{"t": t, "from": _stage_name(t.source), "to": _stage_name(t.dest),
                    "conditions": condition_words(t.conditions)}
                   for t in flow.transitions.select_related("source", "dest").order_by("source__order", "order", "id")]
    return render(request, "cases/flows/flow.html", {
        "flow": flow, "kind": _lang(flow.get_kind_display()), "stages": stage_rows, "transitions": transitions,
        "rules": [rule_words(r) for r in flow.rules.order_by("kind", "valid_from")],
        "definition_problems": [p.text() for p in flow_problems(flow)], "can_change": can_change,
        "programs": _programs(request.user) if can_change else [], "form": form, "problems": problems},
        status=status)


class _Refused(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems


def _role_choices() -> list[tuple[str, str]]:
    return [("", say("담당자 누구나", "any officer"))] + [(r.value, _lang(r.label)) for r in Role]


@gate("change_flows", methods=("GET", "HEAD", "POST"))
def stage_edit(request: HttpRequest, code: str, stage_id: int) -> HttpResponse:
    flow = _flow_or_404(code)
    stage = get_object_or_404(Stage, pk=stage_id, flow=flow)
    problems: list[str] = []
    status = 200
    values = {"deadline_days": "" if stage.deadline_days is None else str(stage.deadline_days),
              "remind_days": "" if stage.remind_days is None else str(stage.remind_days),
              "actor_role": stage.actor_role, "actor_level": stage.actor_level,
              "required_documents": list(stage.required_documents or [])}
    if request.method == "POST":
        values = {"deadline_days": _text(request.POST.get("deadline_days"), 10),
                  "remind_days": _text(request.POST.get("remind_days"), 10),
                  "actor_role": _text(request.POST.get("actor_role"), 20),
                  "actor_level": _text(request.POST.get("actor_level"), 10),
                  "required_documents": [_text(d, 40) for d in request.POST.getlist("required_documents")[:50]]}
        try:
            if _int(request.POST.get("version")) is None:
                raise _Refused(_no_version())
            flow_setup.stage_update(actor=request.user, stage=stage, version=_int(request.POST.get("version")),
                                    **values)
        except _Refused as e:
            problems, status = e.problems, 400
        except ServiceError as e:
            problems, status = [p.text() for p in e.problems], e.status
            stage.refresh_from_db()
        else:
            messages.success(request, say("단계를 고쳤습니다.", "The stage is changed."))
            return HttpResponseRedirect(reverse("web:cases:flow", args=[flow.code]))
    return render(request, "cases/flows/stage_edit.html", {
        "flow": flow, "stage": stage, "values": values, "problems": problems, "roles": _role_choices(),
        "levels": [(v, _lang(label)) for v, label in Stage.Level.choices],
        "doc_types": [(d.code, d.label_en if english() else d.label_ko) for d in DOC_TYPES.values()]},
        status=status)


@gate("change_flows", methods=("GET", "HEAD", "POST"))
def transition_edit(request: HttpRequest, code: str, transition_id: int) -> HttpResponse:
    flow = _flow_or_404(code)
    t = get_object_or_404(Transition.objects.select_related("source", "dest"), pk=transition_id, flow=flow)
    problems: list[str] = []
    status = 200
    chosen, needs_reason = list(t.conditions or []), t.needs_reason
    if request.method == "POST":
        chosen = [_text(c, 40) for c in request.POST.getlist("conditions")[:50]]
        needs_reason = request.POST.get("needs_reason") == "1"
        try:
            if _int(request.POST.get("version")) is None:
                raise _Refused(_no_version())
            flow_setup.transition_update(actor=request.user, transition=t, conditions=chosen,
                                         needs_reason=needs_reason, version=_int(request.POST.get("version")))
        except _Refused as e:
            problems, status = e.problems, 400
        except ServiceError as e:
            problems, status = [p.text() for p in e.problems], e.status
            flow.refresh_from_db()
        else:
            messages.success(request, say("처리 단계를 고쳤습니다.", "The transition is changed."))
            return HttpResponseRedirect(reverse("web:cases:flow", args=[flow.code]))
    conditions = [(c.name, c.label_en if english() else c.label_ko) for c in CONDITIONS.values()]
    return render(request, "cases/flows/transition_edit.html", {
        "flow": flow, "t": t, "label": (t.label_en or t.label_ko) if english() else t.label_ko,
        "from": _stage_name(t.source), "to": _stage_name(t.dest), "conditions": conditions, "chosen": chosen,
        "needs_reason": needs_reason, "problems": problems}, status=status)


# ------------------------------------------------------------------------------------------------ overviews


def _overview_choices(request: HttpRequest) -> tuple[list[Flow], Flow | None, list[OrgUnit], OrgUnit | None, Any]:
    visible = Case.objects.restrict(request.user, "view_case")
    flows = list(Flow.objects.filter(pk__in=visible.values("flow")).order_by("name_ko")) or \
        list(Flow.objects.order_by("name_ko"))
    code = _text(request.GET.get("flow"), 40)
    if not code and flows:  # by default the flow with the most cases I may see (the subsidy, not a small call)
        from django.db.models import Count

        most = visible.values("flow").annotate(n=Count("pk")).order_by("-n").first()
        code = next((f.code for f in flows if most and f.pk == most["flow"]), "")
    flow = next((f for f in flows if f.code == code), flows[0] if flows else None)
    districts = _visible_districts(request.user)
    district = next((d for d in districts if d.code == _text(request.GET.get("district"), 40)), None)
    if district is not None:
        visible = visible.filter(district=district)
    return flows, flow, districts, district, visible


@gate("view_case")
def overview(request: HttpRequest) -> HttpResponse:
    flows, flow, districts, district, visible = _overview_choices(request)
    tables = sel.overview(flow, visible) if flow else {}
    home = policy.home_unit(request.user)
    return render(request, "cases/flows/overview.html", {
        "flows": flows, "flow": flow, "districts": districts, "district": district, "tables": tables,
        "scope": _stage_name(district or home) if (district or home) is not None else "",  # a unit's name, same fields
        "xlsx_query": request.GET.urlencode()})


@gate("view_case")
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    """The overview as a workbook: one sheet per table (총계 first), counts and amounts as numbers (amounts in
    won and in 백만원), shares as numbers with a percent format; never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from iljari.core.numbers import amount_value
    from iljari.core.spreadsheets import append_row

    _flows, flow, _districts, district, visible = _overview_choices(request)
    if flow is None:
        raise Http404
    tables = sel.overview(flow, visible)
    wb = Workbook()
    wb.remove(wb.active)
    for _key, table in tables.items():
        ws = wb.create_sheet(title=say(table.title_ko, table.title_en)[:31])
        title = f"{say(flow.name_ko, flow.name_en or flow.name_ko)} · {say(table.title_ko, table.title_en)}"
        if district is not None:
            title += f" · {district.name_ko}"
        append_row(ws, [title])
        ws["A1"].font = Font(bold=True)
        head = [say("구분", "Group"), say("지원인원(명)", "People"), say("비율(%)", "Share (%)"),
                say("지원액(원)", "Amount (won)"), say("지원액(백만원)", "Amount (million won)"),
                say("비율(%)", "Share (%)")]
        append_row(ws, head)
        for line in [table.total, *table.lines]:
            label = say(line.label_ko, line.label_en)
            append_row(ws, [label, line.count, line.count_share, line.amount, int(amount_value(line.amount) or 0),
                            line.amount_share])
        for row in ws.iter_rows(min_row=3, min_col=2, max_col=6):
            for cell in row:
                cell.number_format = "0.0" if cell.column in (3, 6) else "#,##0"
        ws.column_dimensions["A"].width = 24
        for col in "BCDEF":
            ws.column_dimensions[col].width = 16
    out = io.BytesIO()
    wb.save(out)
    name = f"{flow.name_ko}_{say('현황', 'overview')}"
    if district is not None:
        name += f"_{district.name_ko}"
    return file_response(out.getvalue(), "xlsx", name)
