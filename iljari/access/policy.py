"""The one place that decides who may read or change what (pages, API, CLI exports and xlsx exports alike).

Actions:
- `view`: read programs, org units, ledger figures.
- `record`: record results and expenditure (monthly entry, fact imports) for an org unit's rows.
- `change_program`: edit a program's registry details.
- `change_targets`: set targets and budgets (portfolio office).
- `administer`: org tree, code lists, users, the audit list.
- `publish`: publish a report of the user's units (pledge cards, disclosures): it is frozen and public.

Global roles (administrator, portfolio office, reviewer) act on everything they may do; program and district
officers act within the subtree of their unit (a district officer's unit is the district). Querysets are
restricted with `restrict(qs, user, action)`: objects outside it are "not found" (404), never shown; an action
the user's roles never allow is "forbidden" (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from iljari.orgs.models import OrgUnit

from .models import LOCAL_ROLES, Membership, Role

ACTIONS = {"view", "record", "change_program", "change_targets", "administer", "publish"}

# Which roles may do an action at all; local roles only within their subtree.
ALLOWED: dict[str, set[str]] = {
    "view": {Role.ADMIN, Role.PORTFOLIO, Role.REVIEWER, Role.PROGRAM_OFFICER, Role.DISTRICT_OFFICER},
    "record": {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER, Role.DISTRICT_OFFICER},
    "change_program": {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER},
    "change_targets": {Role.ADMIN, Role.PORTFOLIO},
    "administer": {Role.ADMIN},
    "publish": {Role.ADMIN, Role.PORTFOLIO, Role.PROGRAM_OFFICER, Role.DISTRICT_OFFICER},
}


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
    """The part of `qs` the user may act on. Knows Program, OrgUnit, Fact and FactMonthly-like models."""
    g = grant(user, action)
    if g.everywhere:
        return qs
    if g.nowhere:
        return qs.none()
    model = qs.model._meta.label
    if model == "programs.Program":
        owned = _path_q("owner_org__path", g.paths)
        if action != "view":
            return qs.filter(owned)
        # Readers also see programs their units implement for another owner.
        implemented = qs.model.objects.filter(_path_q("implementing_orgs__path", g.paths)).values("pk")
        return qs.filter(owned | Q(pk__in=implemented))
    if model == "orgs.OrgUnit":
        return qs.filter(_path_q("path", g.paths))
    if model in ("ledger.Fact", "ledger.PeriodLock"):
        return qs.filter(_path_q("org_unit__path", g.paths))
    if model == "pledges.Pledge":
        return qs.filter(_path_q("owner_org__path", g.paths))
    if model == "audit.AuditEntry":
        return qs.none()
    raise TypeError(f"no restriction rule for {model}")


def can(user: Any, action: str, obj: Any) -> bool:
    """May the user do `action` on this object (a program, an org unit or a fact)?"""
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
        return action == "view" and any(g.covers(o) for o in obj.implementing_orgs.all())
    if label in ("ledger.Fact", "ledger.PeriodLock"):
        return g.covers(obj.org_unit)
    if label == "pledges.Pledge":
        return g.covers(obj.owner_org)
    return False


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
