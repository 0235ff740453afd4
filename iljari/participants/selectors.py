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
