"""Reads many pages share: a person's cluster and its benefit history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import BenefitRecord, Person


def cluster_key(person: Person) -> int:
    """The cluster a person record belongs to (its own id while the linkage has not joined it to others)."""
    return person.cluster_id or person.pk


def cluster_members(person: Person) -> QuerySet[Person]:
    """Every person record of this person's cluster (the human as all sources know them)."""
    key = cluster_key(person)
    return Person.objects.filter(cluster_id=key) | Person.objects.filter(pk=person.pk)


def cluster_benefits(person: Person) -> QuerySet[BenefitRecord]:
    """Everything the human received, over all their records, oldest first."""
    return (BenefitRecord.objects.filter(person__in=cluster_members(person).values("pk"))
            .select_related("program", "org_unit", "person").order_by("start", "end", "pk"))


def visible_persons(user: Any) -> QuerySet[Person]:
    """The person records whose whole history the user may open (`view_person`, PIPA): the global roles all;
    a program's or district's officers the persons who received a benefit of their units' programs or from their
    units (`Person.Scope.paths`), and the applicants of the rounds their units run (to check before selection).
    Nobody else: a reviewer (no `view_person`) none."""
    from django.db.models import Q

    from iljari.access import policy

    if not policy.allows(user, "view_person"):
        return Person.objects.none()
    g = policy.grant(user, "view_person")
    if g.everywhere:
        return Person.objects.all()
    own = Person.objects.restrict(user, "view_person").values("pk")
    applied = Q(pk__in=[])
    # as the round pages show applications: the round's owners and runner, and a district carrying out a shared
    # program for the applications that state one of its units
    for field in (*Person.Scope.view_paths, "applicant__applications__district__path"):
        for p in g.paths:
            applied |= Q(**{f"{field}__startswith": p})
    return Person.objects.filter(Q(pk__in=own) | Q(pk__in=Person.objects.filter(applied).values("pk")))


def mask_name(name: str) -> str:
    """김민수 -> 김*수, 이솔 -> 이*, 남궁민수 -> 남**수 (as the house masks names in lists)."""
    n = (name or "").strip()
    if len(n) <= 1:
        return n or "-"
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]


def mask_phone(phone: str) -> str:
    """010-1234-5678 -> 010-****-5678: the first and last parts, enough to recognise."""
    from .normalise import phone_digits

    d = phone_digits(phone)
    if len(d) < 7:
        return "-" if not d else "*" * len(d)
    return f"{d[:3]}-{'*' * (len(d) - 7)}-{d[-4:]}"
