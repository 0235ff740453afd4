"""Reads many pages share: a person's cluster and its benefit history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from .models import BenefitRecord, Person, PersonLink


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
    for path in (*Person.Scope.view_paths, "applicant__applications__district__path"):
        for p in g.paths:
            applied |= Q(**{f"{path}__startswith": p})
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
    area = d[:2] if d.startswith("02") else d[:3]  # Seoul's area code has two digits (02-880-1234)
    return f"{area}-{'*' * (len(d) - len(area) - 4)}-{d[-4:]}"


# --- benefit history across programs, for screening and the application receipt (issue 14 §5) -----------------
#
# Who counts as the same human: person records joined by links the linkage is sure of (band "same") or that an
# officer confirmed (decision "same"), and records with the same resident-number hash. A link an officer decided
# "different" never joins anyone; an undecided link in the review band is only a *possible* match, shown with its
# probability and never counted (a guess never excludes anyone).

_MAX_HOPS = 6  # a cluster is small; the walk over links stops after this many steps whatever happens
_CHUNK = 500  # ids per IN list (SQLite's parameter limit; lists stay short)


@dataclass(frozen=True)
class HistoryItem:
    """One benefit record (or an old participation spell) as a screening or receipt shows it."""

    record_id: int | None
    person_id: int | None
    program_id: int | None
    program_ko: str
    program_en: str
    unit_ko: str
    unit_en: str
    kind: str
    start: dt.date
    end: dt.date
    months: int
    source: str = ""
    source_ref: str = ""
    certain: bool = True  # False: the record's person is only a possible match (an undecided review-band link)
    probability: float | None = None  # the link's match probability for a possible match
    link_id: int | None = None
    own_number: bool = False  # the record's person has the applicant's own resident-number hash (or is them)


@dataclass
class History:
    """A person's benefit history over their cluster: `cluster` the person ids that are surely them, `possible`
    person id -> (probability, link id) for persons an undecided review-band link connects to the cluster."""

    person_id: int
    cluster: set[int] = field(default_factory=set)
    same_number: set[int] = field(default_factory=set)
    possible: dict[int, tuple[float, int]] = field(default_factory=dict)
    items: list[HistoryItem] = field(default_factory=list)

    @property
    def certain_items(self) -> list[HistoryItem]:
        return [i for i in self.items if i.certain]

    @property
    def possible_items(self) -> list[HistoryItem]:
        return [i for i in self.items if not i.certain]


def _chunks(ids: Iterable[int]) -> Iterable[Any]:
    """The ids as one parameter (a PostgreSQL array, a JSON list on SQLite) instead of one per id: a list of
    thousands stays one short statement, without the database's limit on parameters."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    ids = sorted(int(i) for i in ids)
    if not ids:
        return
    if connection.vendor == "postgresql":
        yield RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    elif connection.vendor == "sqlite":
        import json

        yield RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    else:  # pragma: no cover - the project runs on PostgreSQL and SQLite
        for i in range(0, len(ids), _CHUNK):
            yield ids[i:i + _CHUNK]


def _is_certain(band: str, decision: str) -> bool:
    return decision == PersonLink.Decision.SAME or (band == PersonLink.Band.SAME and
                                                     decision != PersonLink.Decision.DIFFERENT)


def _is_possible(band: str, decision: str) -> bool:
    return band == PersonLink.Band.REVIEW and decision == PersonLink.Decision.NONE


class _Sets:
    """Union-find over person ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def linked_persons(person_ids: Iterable[int], *, roots_query: Any = None) -> dict[int, History]:
    """For each of `person_ids`: the persons surely them (their cluster) and the possible matches, read with a
    few queries for all of them together (a walk over the links, one step a query, at most `_MAX_HOPS` steps),
    never one query per person. `roots_query`: the same ids as a subquery (`.values("pk")`), used for the
    first step so that a round of 100,000 applicants is not sent as a list of ids."""
    roots = {int(p) for p in person_ids if p is not None}
    if not roots:
        return {}
    known = set(roots)
    links: dict[int, tuple[int, int, str, str, float]] = {}
    hashes: dict[int, str] = {}
    frontier: set[int] = set(roots)
    for hop in range(_MAX_HOPS):
        batches: list[Any] = [roots_query] if hop == 0 and roots_query is not None else list(_chunks(frontier))
        new: set[int] = set()
        for ids in batches:
            for side in ("left_id__in", "right_id__in"):  # two plain reads: an OR of subqueries plans badly
                for pk, left, right, band, decision, p in PersonLink.objects.filter(**{side: ids}).values_list(
                        "pk", "left_id", "right_id", "band", "decision", "probability"):
                    links[pk] = (left, right, band, decision, p)
                    new |= {left, right}
            same_hash = Person.objects.exclude(rrn_hash="").filter(
                rrn_hash__in=Person.objects.filter(pk__in=ids).exclude(rrn_hash="").values("rrn_hash"))
            for pk, h in same_hash.values_list("pk", "rrn_hash"):
                hashes[pk] = h
                new.add(pk)
        frontier = new - known
        known |= new
        if not frontier:
            break
    different = {frozenset((a, b)) for a, b, band, decision, _ in links.values()
                 if decision == PersonLink.Decision.DIFFERENT}
    sets = _Sets()
    for a, b, band, decision, _ in links.values():
        if _is_certain(band, decision):
            sets.union(a, b)
    by_hash: dict[str, list[int]] = {}
    for pk, h in hashes.items():
        by_hash.setdefault(h, []).append(pk)
    for members in by_hash.values():
        for other in members[1:]:
            if frozenset((members[0], other)) not in different:
                sets.union(members[0], other)
    groups: dict[int, set[int]] = {}
    for pk in known:
        groups.setdefault(sets.find(pk), set()).add(pk)
    possible_edges = [(a, b, p, pk) for pk, (a, b, band, decision, p) in links.items() if _is_possible(band, decision)]
    out: dict[int, History] = {}
    for root in roots:
        cluster = groups[sets.find(root)]
        h = History(person_id=root, cluster=cluster)
        own = hashes.get(root)
        h.same_number = {root} | ({pk for pk in cluster if own and hashes.get(pk) == own})
        for a, b, p, link_id in possible_edges:
            if (a in cluster) == (b in cluster):
                continue
            other = b if a in cluster else a
            candidates = groups[sets.find(other)]
            if any(frozenset((x, y)) in different for x in cluster for y in candidates):
                continue  # an officer said these are different people
            for pk in candidates:
                if pk not in h.possible or h.possible[pk][0] < p:
                    h.possible[pk] = (p, link_id)
        out[root] = h
    return out


def benefit_histories(person_ids: Iterable[int], *, roots_query: Any = None, since: dt.date | None = None,
                      until: dt.date | None = None, kinds: Iterable[str] | None = None) -> dict[int, History]:
    """Each person's benefit records over their cluster and possible matches (`History.items`, oldest first),
    for periods that end on or after `since` and start on or before `until`, of `kinds` (all when None). A
    constant number of queries whatever the number of persons."""
    histories = linked_persons(person_ids, roots_query=roots_query)
    if not histories:
        return histories
    wanted: set[int] = set()
    for h in histories.values():
        wanted |= h.cluster | set(h.possible)
    records = BenefitRecord.objects.all()
    if since is not None:
        records = records.filter(end__gte=since)
    if until is not None:
        records = records.filter(start__lte=until)
    if kinds is not None:
        records = records.filter(kind__in=list(kinds))
    extra = wanted - set(histories)
    where = Q(person_id__in=roots_query) if roots_query is not None else Q()
    for ids in ([] if roots_query is not None else _chunks(histories)):
        where |= Q(person_id__in=ids)
    for ids in _chunks(extra):
        where |= Q(person_id__in=ids)
    by_person: dict[int, list[Any]] = {}
    for r in (records.filter(where).select_related("program", "program__owner_org", "org_unit")
              .order_by("start", "end", "pk")):
        by_person.setdefault(r.person_id, []).append(r)
    for h in histories.values():
        for pk in sorted(h.cluster | set(h.possible)):
            prob, link_id = h.possible.get(pk, (None, None)) if pk not in h.cluster else (None, None)
            for r in by_person.get(pk, []):
                unit = r.org_unit or (r.program.owner_org if r.program else None)
                h.items.append(HistoryItem(
                    record_id=r.pk, person_id=pk, program_id=r.program_id,
                    program_ko=(r.program.name_ko if r.program else "") or r.program_name,
                    program_en=(getattr(r.program, "name_en", "") if r.program else "") or "",
                    unit_ko=unit.name_ko if unit else "", unit_en=(unit.name_en or "") if unit else "",
                    kind=r.kind, start=r.start, end=r.end, months=r.months, source=r.source,
                    source_ref=r.source_ref, certain=pk in h.cluster, probability=prob, link_id=link_id,
                    own_number=pk in h.same_number))
        h.items.sort(key=lambda i: (i.start, i.end, i.record_id or 0))
    return histories
