"""Reads many pages share: a person's cluster and its benefit history."""

from __future__ import annotations

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
