"""Reading cases (slice "flows"): the work queue (the cases waiting on an officer, in SQL), its counts, the
reminders due, and the city and district overviews (counts and amounts by stage, sector and district).

`waiting_on(user)` is `cases.flows.may_act` written as one query: a case waits on a user when its current stage is
acted on by one of the user's roles (or by any role when the stage names none) at the acting unit — the case's
district for "district" stages, the flow program's owning office for "owner" and "external" stages — and the
user's membership covers that unit (global roles: everywhere; administrators: every stage). Applicant stages and
closed stages wait on no officer. The test `test_the_queue_is_may_act_in_sql` holds the two to the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models as m
from django.db.models import (
    BigIntegerField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from iljari.access import policy
from iljari.access.models import LOCAL_ROLES, Role

from .models import Case, CaseEvent, ClaimMonth, Flow, Organisation, Payment, Stage

# urgency of a case in the queue: overdue first, then due soon (inside the stage's reminder window), then the rest
OVERDUE, DUE_SOON, ON_TIME, NO_DEADLINE = 0, 1, 2, 3


def waiting_on(user: Any, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases (of `qs`, by default every case the user may view) that wait on `user` at their current stage."""
    if not getattr(user, "is_authenticated", False) or not policy.allows(user, "handle_case"):
        return Case.objects.none()
    base = Case.objects.restrict(user, "view_case") if qs is None else qs
    base = base.exclude(stage__actor_level=Stage.Level.APPLICANT).exclude(stage__kind=Stage.Kind.DONE)
    mine = policy._memberships(user)
    if any(role == Role.ADMIN for role, _ in mine):
        return base
    q = Q(pk__in=[])
    for role, path in mine:
        by_role = Q(stage__actor_role="") | Q(stage__actor_role=role)
        if role not in LOCAL_ROLES:
            q |= by_role
        elif path:
            at_district = Q(stage__actor_level=Stage.Level.DISTRICT) & Q(district__path__startswith=path)
            at_owner = ~Q(stage__actor_level=Stage.Level.DISTRICT) & Q(flow__program__owner_org__path__startswith=path)
            q |= by_role & (at_district | at_owner)
    return base.filter(q)


def with_urgency(qs: QuerySet[Case], today: dt.date) -> QuerySet[Case]:
    """`urgency` (OVERDUE, DUE_SOON, ON_TIME, NO_DEADLINE) from the stage's deadline `due_on` and its reminder
    window `Stage.remind_days`, one `When` per reminder length in use, ordered overdue first then soonest due."""
    windows = sorted(set(Stage.objects.filter(remind_days__isnull=False).values_list("remind_days", flat=True)))
    whens = [When(due_on__isnull=True, then=Value(NO_DEADLINE)), When(due_on__lt=today, then=Value(OVERDUE))]
    whens += [When(stage__remind_days=days, due_on__lte=today + dt.timedelta(days=days), then=Value(DUE_SOON))
              for days in windows]
    return (qs.annotate(urgency=m.Case(*whens, default=Value(ON_TIME), output_field=IntegerField()))
            .order_by("urgency", F("due_on").asc(nulls_last=True), "applied_on", "id"))


def queue(user: Any, today: dt.date, *, flow: Flow | None = None, stage: Stage | None = None,
          district: Any = None) -> QuerySet[Case]:
    """The work queue: the cases waiting on `user`, filtered, overdue first then due soon."""
    qs = waiting_on(user)
    if flow is not None:
        qs = qs.filter(flow=flow)
    if stage is not None:
        qs = qs.filter(stage=stage)
    if district is not None:
        qs = qs.filter(district=district)
    return with_urgency(qs.select_related("flow", "stage", "district", "organisation", "person"), today)


@dataclass
class StageCount:
    stage: Stage
    count: int
    overdue: int


@dataclass
class FlowCount:
    flow: Flow
    count: int = 0
    overdue: int = 0
    stages: list[StageCount] = field(default_factory=list)


def queue_counts(user: Any, today: dt.date) -> list[FlowCount]:
    """How many cases wait on `user` per flow and stage (and how many of them are overdue): one grouped query."""
    rows = (waiting_on(user).values("flow_id", "stage_id")
            .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today))).order_by())
    stages = {s.pk: s for s in Stage.objects.filter(pk__in={r["stage_id"] for r in rows}).select_related("flow")}
    flows: dict[int, FlowCount] = {}
    for r in rows:
        s = stages[r["stage_id"]]
        fc = flows.setdefault(r["flow_id"], FlowCount(s.flow))
        fc.count += r["n"]
        fc.overdue += r["late"]
        fc.stages.append(StageCount(s, r["n"], r["late"]))
    for fc in flows.values():
        fc.stages.sort(key=lambda c: (c.stage.order, c.stage.pk))
    return sorted(flows.values(), key=lambda f: f.flow.name_ko)


# ------------------------------------------------------------------------------------------------ reminders


@dataclass
class Reminder:
    case: Case
    level: str  # "due_soon" or "overdue"
    new: bool  # not reminded before at this stage (a history row is written for it)


def reminders_due(today: dt.date) -> list[Reminder]:
    """Cases at an open stage whose deadline has passed or whose reminder window has begun, with whether they were
    already reminded at this level during this stay at the stage (a "reminder" history row since they entered)."""
    qs = with_urgency(Case.objects.exclude(stage__kind=Stage.Kind.DONE)
                      .exclude(stage__actor_level=Stage.Level.APPLICANT).filter(due_on__isnull=False), today)
    qs = qs.filter(urgency__in=[OVERDUE, DUE_SOON]).select_related("flow__program__owner_org", "stage", "district")
    out = []
    reminded = set(CaseEvent.objects.filter(kind="reminder", case__in=qs.values("pk"), at__gte=F("case__entered_stage_at"),
                                            to_stage=F("case__stage")).values_list("case_id", "data__level"))
    for case in qs:
        level = "overdue" if case.urgency == OVERDUE else "due_soon"  # type: ignore[attr-defined]
        out.append(Reminder(case, level, (case.pk, level) not in reminded))
    return out


# ------------------------------------------------------------------------------------------------ overviews

SUPPORTED_OUTCOMES = ("", Stage.Outcome.APPROVED)  # open or approved: the cases an overview counts as supported


def case_amounts(qs: QuerySet[Case]) -> QuerySet[Case]:
    """`amount` of each case in won: what was paid (its paid `Payment`s) when anything was, else the approved
    months (`ClaimMonth.amount` of eligible months), else the amount approved on the case (a call's award)."""
    paid = (Payment.objects.filter(case=OuterRef("pk"), status=Payment.Status.PAID).order_by()
            .values("case").annotate(s=Sum("amount")).values("s"))
    months = (ClaimMonth.objects.filter(case=OuterRef("pk"), eligible=True, amount__isnull=False).order_by()
              .values("case").annotate(s=Sum("amount")).values("s"))
    return qs.annotate(amount=Coalesce(Subquery(paid, output_field=BigIntegerField()),
                                       Subquery(months, output_field=BigIntegerField()),
                                       F("amount_approved"), Value(0), output_field=BigIntegerField()))


@dataclass
class Line:
    """One row of an overview table: a label, its count and amount, and their shares of the total (%)."""

    key: str
    label_ko: str
    label_en: str
    count: int
    amount: int
    count_share: float | None = None
    amount_share: float | None = None


@dataclass
class Table:
    title_ko: str
    title_en: str
    total: Line
    lines: list[Line]


def _table(title_ko: str, title_en: str, lines: list[Line]) -> Table:
    total = Line("total", "총계", "Total", sum(x.count for x in lines), sum(x.amount for x in lines))
    for x in [total, *lines]:
        x.count_share = round(100 * x.count / total.count, 1) if total.count else None
        x.amount_share = round(100 * x.amount / total.amount, 1) if total.amount else None
    return Table(title_ko, title_en, total, lines)


def overview(flow: Flow, qs: QuerySet[Case]) -> dict[str, Table]:
    """The overview of `flow` over the cases of `qs` (already restricted to what the viewer may see): counts and
    amounts by stage (every case), and by sector and by district (the supported cases: open or approved, not
    rejected or withdrawn), each table with its 총계 first and shares in %, as seed 001's table."""
    cases = case_amounts(qs.filter(flow=flow))
    by_stage = {r["stage_id"]: r for r in cases.values("stage_id").annotate(n=Count("id"), won=Sum("amount"))
                .order_by()}
    stage_lines = [Line(s.code, s.name_ko, s.name_en or s.name_ko, by_stage.get(s.pk, {}).get("n", 0),
                        int(by_stage.get(s.pk, {}).get("won") or 0)) for s in flow.stages.order_by("order", "id")]
    supported = cases.filter(outcome__in=SUPPORTED_OUTCOMES)
    by_sector = {r["organisation__sector"] or "": r for r in
                 supported.values("organisation__sector").annotate(n=Count("id"), won=Sum("amount")).order_by()}
    sector_lines = []
    for code, label in [*Organisation.Sector.choices, ("", "업종 미상 / sector not given")]:
        r = by_sector.get(code)
        if r is None and code == "":
            continue
        ko, _, en = str(label).partition(" / ")
        sector_lines.append(Line(code or "none", ko, en or ko, r["n"] if r else 0, int(r["won"] or 0) if r else 0))
    district_lines = []
    for r in (supported.values("district_id", "district__code", "district__name_ko", "district__name_en")
              .annotate(n=Count("id"), won=Sum("amount")).order_by("district__name_ko")):
        if r["district_id"] is None:
            district_lines.append(Line("none", "시 직접 접수", "Received by the city", r["n"], int(r["won"] or 0)))
        else:
            district_lines.append(Line(r["district__code"], r["district__name_ko"],
                                       r["district__name_en"] or r["district__name_ko"], r["n"], int(r["won"] or 0)))
    return {"stage": _table("단계별", "By stage", stage_lines),
            "sector": _table("업종별", "By sector", sector_lines),
            "district": _table("자치구별", "By district", district_lines)}
