"""The one place that decides who may read or change what (pages, API, CLI exports and xlsx exports alike).

Every decision is a named action. Generic ones:
- `view`: read programs, org units, ledger figures.
- `record`: record results and expenditure (monthly entry, fact imports) for an org unit's rows.
- `change_program`: edit a program's registry details.
- `change_targets`: set targets and budgets (portfolio office).
- `administer`: org tree, code lists, users, the audit list.
- `publish`: publish a report of the user's units (pledge cards, disclosures): it is frozen and public.
Named decisions (each its own action, so that a role can be given one without the others):
- `approve_month`: approve a submitted month (the department above the unit); `accept_month`: accept it (the
  portfolio office); `reopen_month`.
- `change_pledge`: change a pledge card's figures and text; `write_report_text`: a program's report text.
- `decide_pair`: decide a flagged pair of similar programs (portfolio office).
- `manage_rounds`: run a recruitment round (screen, select, close, applicants, days worked); `change_rules`: the
  eligibility and pay rules of a round's program — its owners, and a district officer of the district that carries
  the program out alone (the round's own district; a program shared by several districts keeps its owner's rules,
  since a change would screen the other districts' applicants too).
- `reveal_rrn`: reveal a resident registration number (always audited).
- `view_person`: a person's benefit history across programs (PIPA: the portfolio office, administrators, and a
  program's or district's own officers for their own participants; every view audited with its purpose).
- `review_link`: decide whether two linked records are one person; `manage_recovery`: recovery cases of a
  confirmed double receipt; `change_benefit_rules`: the double-benefit rules (portfolio office).
- `view_seeker`: job centres' seekers, employers, sessions, referrals and placements (personal data: the centre's
  own officers and counsellors, the portfolio office, administrators); `counsel`: record them (register seekers
  and vacancies, sessions, referrals, placements, follow-ups, job fairs); `approve_vacancy`: approve a vacancy
  an employer sent through the public form.
- `view_booking`: job cafés' and suit branches' bookings, rentals, waiting lists and penalties (personal data: the
  operator's unit's officers, the portfolio office, administrators); `operate_booking`: run a place (desk
  bookings, check-in, no-show, suit pick-up and return, stock, rooms, programmes, sessions, closures);
  `change_booking_rules`: the dated booking rules (portfolio office).
- `view_case`: subsidy and open-call cases, their documents, payments and recoveries (personal data: the
  receiving district's officers, the owning office's officers, the portfolio office, administrators);
  `handle_case`: act on a case — which stage a user may act at is the flow's data (`cases.flows.may_act`: the
  stage's role at the case's district or the owning office); `review_case`: score a call's cases (assigned
  reviewers); `pay_case`: budgets, reallocations, payment batches and recoveries (in the case's scope: its
  district and the owning office; the cases' pages narrow it — budgets to the owning office, batches to the
  paying district, recoveries to both: docs/cases.md, "Money"); `change_flows`: flows, stages, transitions,
  rubrics and the dated subsidy rules (portfolio office).
- `view_outcomes`: outcome runs (performance indicators computed from people's records, issue 18) — published runs
  for every role (the council reads them), drafts for who may run them; `run_outcomes`: compute a run, publish it,
  add a dated indicator version (portfolio office).
- `import_episodes`: import employment records (고용 이력: the employment-insurance linkage and other sources) into
  the outcomes' employment episodes (portfolio office); who sees a person's episodes is `view_person`'s rule.
- `change_evaluation`: the evaluation scheme; `change_coefficients`: the construction jobs coefficients.
- `change_job_plan`: the job plans of the disclosure (지역일자리 공시제: the headline targets and the typed job
  targets; the portfolio office). Publishing a plan is `publish`, as for every report.
- `grant_roles`: give and take roles.

Global roles (administrator, portfolio office, reviewer) act on everything they may do; program and district
officers act within the subtree of their unit (a district officer's unit is the district). Every read goes through
`Model.objects.restrict(user, action)` (iljari.core.scoping), which applies the model's declared `Scope`: objects
outside it are "not found" (404), never shown; an action the user's roles never allow is "forbidden" (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from iljari.core.scoping import install_policy, scope_of
from iljari.orgs.models import OrgUnit

from .models import LOCAL_ROLES, Membership, Role

_ALL: set[str] = {Role.ADMIN, Role.PORTFOLIO, Role.REVIEWER, Role.PROGRAM_OFFICER, Role.DISTRICT_OFFICER}
_WRITERS: set[str] = {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER, Role.DISTRICT_OFFICER}
_OFFICE: set[str] = {Role.ADMIN, Role.PORTFOLIO}

# Which roles may do an action at all; local roles only within their subtree.
ALLOWED: dict[str, set[str]] = {
    "view": _ALL,
    "record": _WRITERS,
    "change_program": {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER},
    "change_targets": _OFFICE,
    "administer": {Role.ADMIN},
    "publish": _WRITERS,
    "approve_month": _WRITERS,
    "accept_month": _OFFICE,
    "reopen_month": _OFFICE,
    "change_pledge": {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER},
    "write_report_text": {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER},
    "decide_pair": _OFFICE,
    "manage_rounds": _WRITERS,
    "change_rules": _WRITERS,
    "reveal_rrn": _OFFICE,
    "view_person": _WRITERS,
    "review_link": _WRITERS,
    "manage_recovery": _WRITERS,
    "change_benefit_rules": _OFFICE,
    "view_seeker": _WRITERS,
    "counsel": _WRITERS,
    "approve_vacancy": _WRITERS,
    "view_booking": _WRITERS,
    "operate_booking": _WRITERS,
    "change_booking_rules": _OFFICE,
    "view_case": _WRITERS,
    "handle_case": _WRITERS,
    "review_case": _WRITERS,
    "pay_case": _WRITERS,
    "change_flows": _OFFICE,
    "view_outcomes": _ALL,
    "run_outcomes": _OFFICE,
    "import_episodes": _OFFICE,
    "change_evaluation": {Role.ADMIN},
    "change_coefficients": {Role.ADMIN},
    "change_job_plan": _OFFICE,
    "grant_roles": {Role.ADMIN},
}
ACTIONS = set(ALLOWED)


@dataclass(frozen=True)
class Grant:
    """What a user may do for one action: everywhere, within some subtrees (paths), or nowhere."""

    everywhere: bool
    paths: tuple[str, ...] = ()

    @property
    def nowhere(self) -> bool:
        return not self.everywhere and not self.paths

    def covers(self, org: OrgUnit | None) -> bool:
        if self.everywhere:
            return True
        return org is not None and any(org.path.startswith(p) for p in self.paths)


def _memberships(user: Any) -> list[tuple[str, str | None]]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_iljari_memberships", None)
    if cached is None:
        cached = [(role, path) for role, path in
                  Membership.objects.filter(user=user).values_list("role", "org_unit__path")]
        if user.is_superuser:
            cached.append((Role.ADMIN.value, None))
        user._iljari_memberships = cached
    return cached


def roles(user: Any) -> set[str]:
    return {r for r, _ in _memberships(user)}


def grant(user: Any, action: str) -> Grant:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    paths = []
    for role, path in _memberships(user):
        if role not in ALLOWED[action]:
            continue
        if role in LOCAL_ROLES:
            if path:
                paths.append(path)
        else:
            return Grant(everywhere=True)
    return Grant(everywhere=False, paths=tuple(sorted(set(paths))))


def allows(user: Any, action: str) -> bool:
    """May the user do this action anywhere at all? (False -> 403)"""
    return not grant(user, action).nowhere


def home_unit(user: Any) -> OrgUnit | None:
    """The unit a local officer works in (the narrowest), None for global roles."""
    g = grant(user, "view")
    if g.everywhere or not g.paths:
        return None
    return OrgUnit.objects.filter(path__in=g.paths).order_by("-depth").first()


def _path_q(field: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def restrict(qs: QuerySet, user: Any, action: str = "view") -> QuerySet:
    """The part of `qs` the user may act on, by the model's declared `Scope` (see iljari.core.scoping).

    `Model.objects.restrict(user, action)` calls this; a model without a Scope cannot be restricted (TypeError),
    so a new model cannot be read through the gate by accident without saying what its scope is.
    """
    scope = scope_of(qs.model)
    if scope is None:
        raise TypeError(f"no Scope declared on {qs.model._meta.label}")
    owner = getattr(scope, "owner", None)
    if owner is not None:  # a user's own rows (report jobs): nobody else's, whatever the role
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        return qs.filter(**{owner: user.pk})
    g = grant(user, action)
    if g.everywhere:
        return qs
    if g.nowhere or getattr(scope, "global_only", False):
        return qs.none()
    if getattr(scope, "public", False) and action == "view":  # policy data every role may read (rules)
        return qs
    q = Q(pk__in=[])
    for field in scope.paths:
        q |= _path_q(field, g.paths)
    view_paths = getattr(scope, "view_paths", ())
    if action == "view" and view_paths:
        # Readers also see rows their units take part in (programs they implement for another owner); a
        # subquery keeps the many-to-many join from repeating rows.
        extra = Q(pk__in=[])
        for field in view_paths:
            extra |= _path_q(field, g.paths)
        return qs.filter(q | Q(pk__in=qs.model._base_manager.filter(extra).values("pk")))
    return qs.filter(q)


def can(user: Any, action: str, obj: Any) -> bool:
    """May the user do `action` on this object? Answered in memory for units and for objects scoped by one
    unit foreign key; otherwise by asking the restricted queryset for the object."""
    g = grant(user, action)
    if g.everywhere:
        return True
    if g.nowhere:
        return False
    label = obj._meta.label
    if label == "orgs.OrgUnit":
        return g.covers(obj)
    if label == "programs.Program":
        if g.covers(obj.owner_org):
            return True
        implementers = list(obj.implementing_orgs.all())
        if action == "change_rules":  # the program's rules apply to every district carrying it out
            return bool(implementers) and all(g.covers(o) for o in implementers)
        return action == "view" and any(g.covers(o) for o in implementers)
    scope = scope_of(type(obj))
    if scope is None:
        return False
    paths: tuple[str, ...] = tuple(getattr(scope, "paths", ()))
    if len(paths) == 1 and paths[0].count("__") == 1 and not getattr(scope, "view_paths", ()) \
            and not getattr(scope, "owner", None) and not getattr(scope, "global_only", False):
        return g.covers(getattr(obj, paths[0].split("__")[0]))
    return restrict(type(obj)._base_manager.filter(pk=obj.pk), user, action).exists()


# Program fields that place a program in the portfolio (its identity, owner and type): set by the portfolio office
# or an administrator (`change_targets`), not by the program officer who keeps its other details current.
PORTFOLIO_PROGRAM_FIELDS = ("code", "owner_org", "job_type")


def program_fields_denied(user: Any, program: Any, changes: dict[str, Any]) -> list[str]:
    """The fields of `changes` that would change `program` and that the user may not change."""
    if can(user, "change_targets", program):
        return []
    denied = []
    for name in PORTFOLIO_PROGRAM_FIELDS:
        if name not in changes:
            continue
        new, old = changes[name], getattr(program, name)
        if getattr(new, "pk", new) != getattr(old, "pk", old):
            denied.append(name)
    return denied


class OutOfScope(Exception):
    """The user asked for an org unit outside what they may see (shown as not found)."""


def rollup_scope(user: Any, org: OrgUnit | None) -> OrgUnit | None:
    """The org unit a roll-up for this user covers: the requested one if they may see all of it, their own unit
    when none is requested. Raises OutOfScope for a unit outside their subtree."""
    g = grant(user, "view")
    if g.everywhere:
        return org
    if g.nowhere:
        raise OutOfScope
    if org is None:
        return home_unit(user)
    if not g.covers(org):
        raise OutOfScope
    return org


install_policy(restrict)
