"""Which applications and applicants of a round an officer may see or correct.

A round belongs to its program: the program's owners (and global roles) see every application. A district
officer who sees a round only because their district carries out a shared program sees the applications that
state a district of their own units, on the round page, its counts, selection lists and every export alike.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from iljari.access import policy

from .models import Applicant, Application, RecruitmentRound


def visible_applications(user: Any, rnd: RecruitmentRound) -> QuerySet[Application]:
    return Application.objects.filter(round=rnd).restrict(user, "view")


def may_correct(user: Any, applicant: Applicant) -> bool:
    """May the user correct this person (`services.applicant_update`)? Only their own applicants: a person whose
    registered district is one of the user's units (global roles: everyone). Neither applying to an officer's
    program nor a paper application stating their district makes someone else's resident theirs."""
    g = policy.grant(user, "record")
    return g.everywhere or g.covers(applicant.district)


def may_run(user: Any, rnd: RecruitmentRound, action: str = "manage_rounds") -> bool:
    """May the user run this round (screen, select, enter applications, change its details)? The program's
    owners may; so may the unit running the round (`run_by`: a district carrying out a city program)."""
    if policy.can(user, action, rnd.program):
        return True
    return rnd.run_by_id is not None and policy.grant(user, action).covers(rnd.run_by)


def round_programs(user: Any) -> QuerySet[Any]:
    """The programs the user may open a round of: those of their units, and those their units carry out for
    another owner (implementing units: the district then runs its own round)."""
    from django.db.models import Q

    from iljari.programs.models import Program

    g = policy.grant(user, "manage_rounds")
    if g.everywhere:
        return Program.objects.all()
    if g.nowhere:
        return Program.objects.none()
    implemented = Q(pk__in=[])
    for p in g.paths:
        implemented |= Q(implementing_orgs__path__startswith=p)
    return Program.objects.filter(Q(pk__in=Program.objects.restrict(user, "manage_rounds").values("pk"))
                                  | Q(pk__in=Program.objects.filter(implemented).values("pk")))


def running_unit(user: Any, program: Any) -> Any:
    """The unit that runs a round the user opens for `program`: None when the user may run the program's rounds
    as its owner (or everywhere), else the user's implementing unit of it."""
    if policy.can(user, "manage_rounds", program):
        return None
    g = policy.grant(user, "manage_rounds")
    return next((o for o in program.implementing_orgs.order_by("-depth") if g.covers(o)), None)
