"""The double-receipt check (이중·부정수급 점검): the dated rules applied to each person's benefit history, the
alerts they raise, the link review that comes first when two person records are only possibly one human, and the
recovery of a confirmed double receipt.

- `alerts_refresh(*, actor, cluster_ids=None, on=None)`: apply the rules in force on `on` to the benefit records of
  every cluster (or of the given clusters). Idempotent through `Alert.fingerprint` (rule + the records' ids and
  versions): an alert already decided is not raised again while its records stay unchanged.
- `link_decide`: same / different person for a link of the review band; remembered with both records' versions,
  then the affected clusters are recomputed (`recluster`) and their alerts refreshed.
- `alert_decide`: confirm a double receipt (opens a `RecoveryCase`), justified (with a reason), not the same person.
- `recovery_update`, `recovery_payment_record`: the recovery ledger, which balances to the won.
- `benefit_rule_save`: the portfolio office's editor of the rules (version-checked, audited).

A guess never excludes anyone: records joined only by an undecided link of the review band raise an alert in
`link_review`, which nobody acts on before the link is confirmed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_batch, audit_change, audit_many, audit_record, check_version, snapshot
from iljari.core.errors import ErrorCode, NotFoundError, Problem, ServiceError

from .models import Alert, BenefitRecord, DoubleBenefitRule, Person, PersonLink, RecoveryCase, RecoveryPayment

UNDECIDED = (Alert.Status.LINK_REVIEW, Alert.Status.OPEN)

# ---------------------------------------------------------------------------------------------------------------
# Months and days


def month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def months_of(start: dt.date, end: dt.date) -> set[int]:
    """The calendar months a period touches, as year*12+month-1."""
    return set(range(month_index(start), month_index(end) + 1))


def month_text(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def months_span_text(indexes: Iterable[int]) -> str:
    """Months as the house writes periods: 2021-03, or 2021-03~2021-07 for a run; runs joined by commas."""
    ms = sorted(set(indexes))
    runs: list[tuple[int, int]] = []
    for m in ms:
        if runs and runs[-1][1] == m - 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return ", ".join(month_text(a) if a == b else f"{month_text(a)}~{month_text(b)}" for a, b in runs)


def overlap_days(a: BenefitRecord, b: BenefitRecord) -> int:
    lo, hi = max(a.start, b.start), min(a.end, b.end)
    return (hi - lo).days + 1 if hi >= lo else 0


def prorated(record: BenefitRecord, months: int) -> int | None:
    """The record's money for `months` of its months (whole won, rounded down); None when its amount is unknown."""
    if record.amount is None:
        return None
    total = max(record.months or len(months_of(record.start, record.end)), 1)
    return int(record.amount) * min(months, total) // total


# ---------------------------------------------------------------------------------------------------------------
# Rules


def rules_in_force(on: dt.date) -> list[DoubleBenefitRule]:
    return list(DoubleBenefitRule.objects.filter(active=True, valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("kind", "valid_from", "pk"))


KIND_WORDS = {
    "paid": ("유급 참여", "paid participation"), "subsidy": ("지원금", "subsidy"),
    "training": ("훈련", "training"), "service": ("서비스", "service"),
}


def rule_sentence(kind: str, params: dict[str, Any], language: str = "ko") -> str:
    """What a rule checks, in one language."""
    en = language.startswith("en")
    kinds = params.get("kinds") or ["paid"]
    kind_words = ", ".join(KIND_WORDS.get(k, (k, k))[1 if en else 0] for k in kinds)
    if kind == DoubleBenefitRule.Kind.OVERLAP:
        return (f"Flags {kind_words} of one person in two different programs whose periods overlap."
                if en else f"한 사람의 서로 다른 사업 {kind_words} 기간이 겹치면 알립니다.")
    if kind == DoubleBenefitRule.Kind.MONTHS_CAP:
        n, y = params.get("months", 10), params.get("years", 2)
        return (f"Flags more than {n} months of {kind_words} within {y} years, over all programs."
                if en else f"모든 사업을 합쳐 {y}년 안에 {kind_words}가 {n}개월을 넘으면 알립니다.")
    if kind == DoubleBenefitRule.Kind.SUBSIDY_WHILE_PAID:
        return ("Flags a subsidy paid for months in which the same person was paid by another program."
                if en else "같은 사람이 다른 사업에서 급여를 받은 달에 지원금이 지급되면 알립니다.")
    if kind == DoubleBenefitRule.Kind.TWO_DISTRICTS:
        return ("Flags one program received through two different districts or units in overlapping periods."
                if en else "같은 사업을 서로 다른 자치구(기관)에서 기간이 겹치게 받으면 알립니다.")
    return kind


def rule_check(kind: str, params: Any) -> list[Problem]:
    problems: list[Problem] = []
    if kind not in DoubleBenefitRule.Kind.values:
        return [Problem(ErrorCode.UNKNOWN_KIND, "없는 점검 기준 종류입니다", "unknown kind of rule", field="kind")]
    if not isinstance(params, dict):
        return [Problem(ErrorCode.INVALID, "값은 JSON 객체여야 합니다", "params must be a JSON object", field="params")]
    kinds = params.get("kinds")
    if kinds is not None and (not isinstance(kinds, list) or not kinds
                              or any(k not in BenefitRecord.Kind.values for k in kinds)):
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "수혜 종류를 하나 이상 고르십시오",
                                "choose at least one kind of benefit", field="kinds"))
    if kind == DoubleBenefitRule.Kind.MONTHS_CAP:
        for name, lo, hi, ko, en in (("months", 1, 120, "개월 수", "months"), ("years", 1, 10, "연수", "years")):
            v = params.get(name)
            if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
                problems.append(Problem(ErrorCode.OUT_OF_RANGE, f"{ko}는 {lo}~{hi} 사이의 정수여야 합니다",
                                        f"{en} must be a whole number from {lo} to {hi}", field=name))
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Findings


@dataclass
class Finding:
    rule: DoubleBenefitRule
    records: list[BenefitRecord]
    days: int | None
    months: int | None
    won: int | None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def later(self) -> BenefitRecord:
        return max(self.records, key=lambda r: (r.start, r.end, r.pk))

    @property
    def fingerprint(self) -> str:
        key = f"{self.rule.pk}|" + ",".join(f"{r.pk}:{r.version}" for r in sorted(self.records, key=lambda r: r.pk))
        return hashlib.sha256(key.encode()).hexdigest()


def _same_program(a: BenefitRecord, b: BenefitRecord) -> bool:
    if a.program_id or b.program_id:
        return a.program_id == b.program_id
    return bool(a.program_name) and a.program_name.strip() == b.program_name.strip()


def _kinds(rule: DoubleBenefitRule, default: tuple[str, ...]) -> set[str]:
    return set((rule.params or {}).get("kinds") or default)


def findings_for(records: list[BenefitRecord], rules: list[DoubleBenefitRule]) -> list[Finding]:
    """Every finding of the rules over one cluster's records (oldest first)."""
    out: list[Finding] = []
    recs = sorted(records, key=lambda r: (r.start, r.end, r.pk))
    for rule in rules:
        kind = rule.kind
        if kind == DoubleBenefitRule.Kind.OVERLAP:
            kinds = _kinds(rule, ("paid",))
            chosen = [r for r in recs if r.kind in kinds]
            for i, a in enumerate(chosen):
                for b in chosen[i + 1:]:
                    days = overlap_days(a, b)
                    if days and not _same_program(a, b):
                        ms = months_of(a.start, a.end) & months_of(b.start, b.end)
                        out.append(Finding(rule, [a, b], days, len(ms), prorated(b, len(ms)),
                                           {"months": sorted(month_text(m) for m in ms)}))
        elif kind == DoubleBenefitRule.Kind.SUBSIDY_WHILE_PAID:
            subsidies = [r for r in recs if r.kind == BenefitRecord.Kind.SUBSIDY]
            paid = [r for r in recs if r.kind == BenefitRecord.Kind.PAID]
            for s in subsidies:
                for p in paid:
                    if _same_program(s, p):
                        continue
                    ms = months_of(s.start, s.end) & months_of(p.start, p.end)
                    if ms:
                        pair = sorted([s, p], key=lambda r: (r.start, r.end, r.pk))
                        out.append(Finding(rule, pair, overlap_days(s, p), len(ms), prorated(s, len(ms)),
                                           {"months": sorted(month_text(m) for m in ms), "subsidy": s.pk}))
        elif kind == DoubleBenefitRule.Kind.TWO_DISTRICTS:
            for i, a in enumerate(recs):
                for b in recs[i + 1:]:
                    if a.org_unit_id and b.org_unit_id and a.org_unit_id != b.org_unit_id and _same_program(a, b):
                        days = overlap_days(a, b)
                        if days:
                            ms = months_of(a.start, a.end) & months_of(b.start, b.end)
                            out.append(Finding(rule, [a, b], days, len(ms), prorated(b, len(ms)),
                                               {"months": sorted(month_text(m) for m in ms)}))
        elif kind == DoubleBenefitRule.Kind.MONTHS_CAP:
            out += _months_cap(rule, recs)
    return out


def _months_cap(rule: DoubleBenefitRule, recs: list[BenefitRecord]) -> list[Finding]:
    """More than N months in M years: the window of M years (ending at a record's last month) with the most
    months of the chosen kinds, counted once per calendar month over all programs; one finding per cluster."""
    p = rule.params or {}
    cap, years = int(p.get("months", 10)), int(p.get("years", 2))
    kinds = _kinds(rule, ("paid",))
    chosen = [r for r in recs if r.kind in kinds]
    best: tuple[int, int, list[BenefitRecord], set[int]] | None = None
    for r in chosen:
        hi = month_index(r.end)
        lo = hi - years * 12 + 1
        months: set[int] = set()
        counted = []
        for o in chosen:
            ms = {m for m in months_of(o.start, o.end) if lo <= m <= hi}
            if ms:
                months |= ms
                counted.append(o)
        if len(months) > cap and (best is None or (len(months), hi) > (best[0], best[1])):
            best = (len(months), hi, counted, months)
    if best is None:
        return []
    n, hi, counted, months = best
    return [Finding(rule, counted, None, n - cap, None, {
        "months_counted": n, "cap": cap, "years": years, "window": [month_text(hi - years * 12 + 1), month_text(hi)],
        "months": sorted(month_text(m) for m in months),
        "per_record": {str(o.pk): len({m for m in months_of(o.start, o.end) if m in months}) for o in counted}})]


# ---------------------------------------------------------------------------------------------------------------
# Clusters and links


def decision_current(link: PersonLink, versions: dict[int, int]) -> str:
    """The link's decision while both records are unchanged since it was made; '' once either changed."""
    if not link.decision:
        return ""
    if versions.get(link.left_id) != link.left_version or versions.get(link.right_id) != link.right_version:
        return ""
    return link.decision


def _confirmed(link: PersonLink, versions: dict[int, int]) -> bool | None:
    """True: the link joins one person; None: to review; False: not the same person."""
    d = decision_current(link, versions)
    if d == PersonLink.Decision.DIFFERENT:
        return False
    if d == PersonLink.Decision.SAME or link.band == PersonLink.Band.SAME:
        return True
    return None


class _UF:
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


def _persons_in_scope(cluster_ids: Iterable[int] | None) -> tuple[set[int] | None, list[PersonLink]]:
    """The person ids to check (None: all) and the links among them that are not 'different'. Given clusters are
    widened to every person a link (of either band) reaches, so a review-band pair is checked together."""
    links_qs = PersonLink.objects.all()
    if cluster_ids is None:
        return None, list(links_qs)
    keys = {int(c) for c in cluster_ids}
    persons = set(Person.objects.filter(Q(cluster_id__in=keys) | Q(cluster_id__isnull=True, pk__in=keys))
                  .values_list("pk", flat=True))
    links: dict[int, PersonLink] = {}
    for _ in range(5):  # a few hops are plenty: clusters are small
        new = list(links_qs.filter(Q(left_id__in=persons) | Q(right_id__in=persons)).exclude(pk__in=links))
        if not new:
            break
        for link in new:
            links[link.pk] = link
        ids = {x for link in new for x in (link.left_id, link.right_id)}
        clusters = set(Person.objects.filter(pk__in=ids, cluster_id__isnull=False).values_list("cluster_id", flat=True))
        persons |= ids | set(Person.objects.filter(cluster_id__in=clusters).values_list("pk", flat=True))
    return persons, list(links.values())


def recluster(*, actor: Any, person_ids: Iterable[int]) -> set[int]:
    """Recompute `Person.cluster_id` for the persons reachable from `person_ids` through links that join one
    person (band same or decided same, and not decided different). Returns the cluster keys touched (before and
    after). The linkage's own clustering may replace this."""
    seeds = set(person_ids)
    if not seeds:
        return set()
    persons = set(seeds)
    links: dict[int, PersonLink] = {}
    for _ in range(10):
        new = list(PersonLink.objects.filter(Q(left_id__in=persons) | Q(right_id__in=persons)).exclude(pk__in=links))
        if not new:
            break
        for link in new:
            links[link.pk] = link
        persons |= {x for link in new for x in (link.left_id, link.right_id)}
    olds = dict(Person.objects.filter(pk__in=persons).values_list("pk", "cluster_id"))
    versions = dict(Person.objects.filter(pk__in=persons).values_list("pk", "version"))
    # the linkage's own clustering (people.linkage.service.components): decided "same" first, then the surest
    # links; an edge that would put two records an officer called different people into one cluster is skipped
    from .linkage.service import components

    joining, cannot = [], []
    for link in links.values():
        state = _confirmed(link, versions)
        if state:
            joining.append((link.decision != PersonLink.Decision.SAME, -link.probability, link.left_id, link.right_id))
        elif state is False:
            cannot.append((link.left_id, link.right_id))
    comp = components([(a, b) for *_k, a, b in sorted(joining)], cannot)

    class _Comp:
        @staticmethod
        def find(pk: int) -> int:
            return comp.get(pk, pk)

    uf = _Comp()
    touched: set[int] = {c for c in olds.values() if c}
    changes = []
    for pk in persons:
        new = uf.find(pk)
        touched.add(new)
        if olds.get(pk) != new:
            Person.objects.filter(pk=pk).update(cluster_id=new)
            changes.append({"action": AuditEntry.Action.UPDATE, "object_id": pk, "object_repr": f"person {pk}",
                            "before": {"cluster_id": olds.get(pk)}, "after": {"cluster_id": new}})
    audit_many(actor=actor, object_type="people.person", rows=changes, reason="연계 결정에 따른 동일인 묶음 갱신 / clusters updated after a link decision")
    return touched


# ---------------------------------------------------------------------------------------------------------------
# Refresh


def _state(a: Alert) -> dict[str, Any]:
    return snapshot(a, fields=["status", "rule", "cluster_id", "overlap_days", "overlap_months", "overlap_won",
                               "link", "probability", "program", "org_unit", "reason", "fingerprint"])


def alerts_refresh(*, actor: Any, cluster_ids: Iterable[int] | None = None, on: dt.date | None = None
                   ) -> dict[str, int]:
    """Apply the rules in force on `on` (today) to every cluster's benefit records (or to the given clusters and
    the persons their links reach). Returns counts: created, updated, removed, unchanged, and one per rule kind."""
    on = on or timezone.localdate()
    rules = rules_in_force(on)
    persons, links = _persons_in_scope(cluster_ids)
    records_qs = BenefitRecord.objects.select_related("person")
    if persons is not None:
        records_qs = records_qs.filter(person_id__in=persons)
    records = list(records_qs.order_by("person_id", "start", "pk"))
    person_ids = {r.person_id for r in records} | {x for link in links for x in (link.left_id, link.right_id)}
    meta = {pk: (cluster, version) for pk, cluster, version in
            Person.objects.filter(pk__in=person_ids).values_list("pk", "cluster_id", "version")}
    versions = {pk: v for pk, (_c, v) in meta.items()}

    sure, maybe = _UF(), _UF()
    for pk, (cluster, _v) in meta.items():
        sure.union(pk, cluster or pk)
    by_pair: dict[tuple[int, int], PersonLink] = {}
    for link in links:
        state = _confirmed(link, versions)
        if state is False:
            continue
        by_pair[(link.left_id, link.right_id)] = link
        if state:
            sure.union(link.left_id, link.right_id)
    for pk in meta:
        maybe.union(pk, sure.find(pk))
    for (a, b), link in by_pair.items():
        if _confirmed(link, versions) is None:
            maybe.union(a, b)
    groups: dict[int, list[BenefitRecord]] = defaultdict(list)
    for r in records:
        groups[maybe.find(r.person_id)].append(r)

    counts: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    audit_rows: list[dict[str, Any]] = []
    with transaction.atomic():
        for _key, recs in groups.items():
            if len(recs) < 2 and not any(rule.kind == DoubleBenefitRule.Kind.MONTHS_CAP for rule in rules):
                continue
            cluster = min(sure.find(r.person_id) for r in recs)
            for f in findings_for(recs, rules):
                status, link = _link_status(f.records, sure, by_pair, versions)
                if status is None:
                    continue
                counts[f.rule.kind] += 1
                fp = f.fingerprint
                seen.add(fp)
                later = f.later
                detail = {**f.detail, "kind": f.rule.kind, "records": [r.pk for r in f.records]}
                if link is not None:
                    detail["link"] = {"id": link.pk, "probability": link.probability, "band": link.band,
                                      "match_weight": link.match_weight, "contributions": link.contributions or []}
                values = {"rule": f.rule, "cluster_id": min(cluster, sure.find(later.person_id)),
                          "program_id": later.program_id, "org_unit_id": later.org_unit_id,
                          "overlap_days": f.days, "overlap_months": f.months, "overlap_won": f.won,
                          "link": link, "probability": link.probability if link else None, "detail": detail,
                          "status": status}
                alert = Alert.objects.filter(fingerprint=fp).first()
                if alert is None:
                    alert = Alert.objects.create(fingerprint=fp, **values)
                    alert.records.set(f.records)
                    counts["created"] += 1
                    audit_rows.append({"action": AuditEntry.Action.CREATE, "object_id": alert.pk,
                                       "object_repr": str(alert), "before": None, "after": _state(alert)})
                elif alert.status in UNDECIDED:
                    before = _state(alert)
                    for k, v in values.items():
                        setattr(alert, k, v)
                    after = _state(alert)
                    if before != after or alert.detail != detail:
                        alert.version += 1
                        alert.save()
                        counts["updated"] += 1
                        audit_rows.append({"action": AuditEntry.Action.UPDATE, "object_id": alert.pk,
                                           "object_repr": str(alert), "before": before, "after": after})
                    else:
                        counts["unchanged"] += 1
                else:
                    counts["unchanged"] += 1  # decided: not raised again while its records are unchanged
        # Undecided alerts of these persons that no rule raises any more (a record changed, a link was decided
        # different, a rule ended) are removed.
        stale = Alert.objects.filter(status__in=UNDECIDED).exclude(fingerprint__in=seen)
        if persons is not None:
            stale = stale.filter(records__person_id__in=persons)
        for alert in stale.distinct():
            audit_rows.append({"action": AuditEntry.Action.DELETE, "object_id": alert.pk, "object_repr": str(alert),
                               "before": _state(alert), "after": None})
            alert.records.clear()
            alert.delete()
            counts["removed"] += 1
        audit_many(actor=actor, object_type="people.alert", rows=audit_rows, reason="이중수급 점검 / double-benefit check")
        summary = {"created": counts.get("created", 0), "changed": counts.get("updated", 0),
                   "unchanged": counts.get("unchanged", 0), "removed": counts.get("removed", 0), "on": on,
                   "records": len(records)}
        audit_batch(actor=actor, object_type="people.alert", summary=summary,
                    reason="이중수급 점검 / double-benefit check")
    return dict(counts)


def _link_status(records: list[BenefitRecord], sure: _UF, by_pair: dict[tuple[int, int], PersonLink],
                 versions: dict[int, int]) -> tuple[str | None, PersonLink | None]:
    """The alert's status for records maybe of several person rows: open when they are one person for sure,
    link_review when an undecided review-band link joins them; the link between them (for its probability)."""
    persons = sorted({r.person_id for r in records})
    if len(persons) == 1:
        return Alert.Status.OPEN, None
    link = None
    review = False
    for i, a in enumerate(persons):
        for b in persons[i + 1:]:
            direct = by_pair.get((a, b))
            if direct is not None and (link is None or _confirmed(direct, versions) is None):
                link = direct
            if sure.find(a) != sure.find(b):
                review = True
                if direct is None:  # joined through other review links: show one of them
                    link = link or next((lk for (x, y), lk in by_pair.items()
                                         if _confirmed(lk, versions) is None and (x in persons or y in persons)), None)
    return (Alert.Status.LINK_REVIEW if review else Alert.Status.OPEN), link


# ---------------------------------------------------------------------------------------------------------------
# Decisions


def _reason_required(reason: str) -> None:
    if not (reason or "").strip():
        raise ServiceError(Problem(ErrorCode.REQUIRED, "사유를 적으십시오", "give the reason", field="reason"))
    if len(reason) > 500:
        raise ServiceError(Problem(ErrorCode.TOO_LONG, "사유는 500자까지 적을 수 있습니다",
                                   "the reason may be at most 500 characters", field="reason"))


_LINK_STATE = ["decision", "reason", "decided_by", "left_version", "right_version"]


def link_decide(*, actor: Any, link: PersonLink, decision: str, reason: str, version: int | None = None,
                refresh: bool = True) -> PersonLink:
    """Same / different person for a link (with a reason, audited). The decision is remembered with both
    records' versions; the clusters it touches are recomputed and their alerts refreshed."""
    if decision not in (PersonLink.Decision.SAME, PersonLink.Decision.DIFFERENT):
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CHOICE, "동일인 또는 다른 사람을 고르십시오",
                                   "choose same person or different person", field="decision"))
    _reason_required(reason)
    with transaction.atomic():
        current = PersonLink.objects.select_for_update().get(pk=link.pk)
        check_version(current, version, what_ko="이 연계 후보를", what_en="this link")
        before = snapshot(current, fields=_LINK_STATE)
        left, right = Person.objects.get(pk=current.left_id), Person.objects.get(pk=current.right_id)
        current.decision, current.reason = decision, reason.strip()
        current.decided_by = actor if getattr(actor, "pk", None) else None
        current.decided_at = timezone.now()
        current.left_version, current.right_version = left.version, right.version
        current.version += 1
        current.save()
        audit_change(actor=actor, obj=current, before=before, after=snapshot(current, fields=_LINK_STATE),
                     reason=reason)
        touched = recluster(actor=actor, person_ids=[current.left_id, current.right_id])
        if refresh:
            alerts_refresh(actor=actor, cluster_ids=touched | {current.left_id, current.right_id})
    return current


_ALERT_STATE = ["status", "reason", "decided_by"]


def alert_decide(*, actor: Any, alert: Alert, decision: str, reason: str = "", version: int | None = None,
                 amount: int | None = None, notice_date: dt.date | None = None) -> Alert:
    """An officer's decision on an open alert: `confirmed` (a double receipt: opens a recovery case with the
    overlap in won as the proposed amount, or `amount`), `justified` (with a reason) or `not_same` (the link
    between the records is decided 'different person', and the alert closes)."""
    if decision not in (Alert.Status.CONFIRMED, Alert.Status.JUSTIFIED, Alert.Status.NOT_SAME):
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CHOICE, "결정을 고르십시오", "choose a decision", field="decision"))
    if decision != Alert.Status.CONFIRMED:
        _reason_required(reason)
    with transaction.atomic():
        current = Alert.objects.select_for_update().get(pk=alert.pk)
        check_version(current, version, what_ko="이 이중수급 의심 건을", what_en="this alert")
        if current.status not in UNDECIDED:
            raise ServiceError(Problem(ErrorCode.CONFLICT, "이미 결정된 건입니다", "this alert is already decided"))
        if current.status == Alert.Status.LINK_REVIEW and decision == Alert.Status.CONFIRMED:
            raise ServiceError(Problem(ErrorCode.INVALID, "동일인 확인이 먼저입니다: 연계 후보를 검토하십시오",
                                       "the link must be reviewed first: decide whether they are the same person"))
        if decision == Alert.Status.NOT_SAME and current.link is None:
            raise ServiceError(Problem(ErrorCode.INVALID, "한 사람의 기록입니다: 다른 사람으로 결정할 연계가 없습니다",
                                       "these are one person record's benefits: there is no link to decide"))
        proposed = amount if amount is not None else current.overlap_won
        if decision == Alert.Status.CONFIRMED:
            if proposed is None or proposed <= 0:
                raise ServiceError(Problem(ErrorCode.REQUIRED, "환수할 금액(원)을 적으십시오",
                                           "give the amount to recover (won)", field="amount"))
            if proposed > 10**12:
                raise ServiceError(Problem(ErrorCode.OUT_OF_RANGE, "금액이 너무 큽니다", "the amount is too large",
                                           field="amount"))
        before = snapshot(current, fields=_ALERT_STATE)
        current.status, current.reason = decision, (reason or "").strip()
        current.decided_by = actor if getattr(actor, "pk", None) else None
        current.decided_at = timezone.now()
        current.version += 1
        current.save()
        audit_change(actor=actor, obj=current, before=before, after=snapshot(current, fields=_ALERT_STATE),
                     reason=reason)
        if decision == Alert.Status.CONFIRMED:
            later = max(current.records.all(), key=lambda r: (r.start, r.end, r.pk))
            case = RecoveryCase.objects.create(alert=current, person=later.person, program=current.program,
                                               org_unit=current.org_unit, amount=int(proposed),  # type: ignore[arg-type]
                                               notice_date=notice_date)
            audit_change(actor=actor, obj=case, before=None, after=snapshot(case), reason=reason)
        elif decision == Alert.Status.NOT_SAME:
            link = current.link
            assert link is not None
            link_decide(actor=actor, link=link, decision=PersonLink.Decision.DIFFERENT, reason=reason)
    return current


# ---------------------------------------------------------------------------------------------------------------
# Recovery


def paid_back(case: RecoveryCase) -> int:
    return sum(case.payments.values_list("amount", flat=True))


def outstanding(case: RecoveryCase) -> int:
    return case.amount - paid_back(case)


_CASE_STATE = ["amount", "notice_date", "note"]


def recovery_update(*, actor: Any, case: RecoveryCase, amount: int, notice_date: dt.date | None, note: str = "",
                    reason: str = "", version: int | None = None) -> RecoveryCase:
    with transaction.atomic():
        current = RecoveryCase.objects.select_for_update().get(pk=case.pk)
        check_version(current, version, what_ko="이 환수 건을", what_en="this recovery case")
        paid = paid_back(current)
        if amount is None or amount <= 0 or amount > 10**12:
            raise ServiceError(Problem(ErrorCode.OUT_OF_RANGE, "환수 금액은 1원 이상이어야 합니다",
                                       "the amount must be at least 1 won", field="amount"))
        if amount < paid:
            raise ServiceError(Problem(ErrorCode.INVALID, f"이미 {paid:,}원을 납부했습니다: 환수 금액은 그보다 적을 수 없습니다",
                                       f"{paid:,} won is already paid back: the amount cannot be less", field="amount"))
        before = snapshot(current, fields=_CASE_STATE)
        current.amount, current.notice_date, current.note = int(amount), notice_date, (note or "")[:500]
        current.version += 1
        current.save()
        audit_change(actor=actor, obj=current, before=before, after=snapshot(current, fields=_CASE_STATE),
                     reason=reason)
    return current


def recovery_payment_record(*, actor: Any, case: RecoveryCase, paid_on: dt.date, amount: int,
                            version: int | None = None) -> RecoveryPayment:
    """One payment back; never more than what is outstanding (the ledger balances to the won)."""
    with transaction.atomic():
        current = RecoveryCase.objects.select_for_update().get(pk=case.pk)
        check_version(current, version, what_ko="이 환수 건을", what_en="this recovery case")
        left = outstanding(current)
        if amount is None or amount <= 0:
            raise ServiceError(Problem(ErrorCode.OUT_OF_RANGE, "납부액은 1원 이상이어야 합니다",
                                       "the payment must be at least 1 won", field="amount"))
        if amount > left:
            raise ServiceError(Problem(ErrorCode.OUT_OF_RANGE,
                                       f"납부액 {amount:,}원이 남은 환수액 {left:,}원보다 많습니다",
                                       f"the payment of {amount:,} won is more than the {left:,} won outstanding",
                                       field="amount"))
        if paid_on is None or paid_on > timezone.localdate():
            raise ServiceError(Problem(ErrorCode.INVALID_DATE, "납부일은 오늘이나 그 전이어야 합니다",
                                       "the payment date must be today or earlier", field="paid_on"))
        payment = RecoveryPayment.objects.create(case=current, paid_on=paid_on, amount=int(amount),
                                                 recorded_by=actor if getattr(actor, "pk", None) else None)
        audit_change(actor=actor, obj=payment, before=None, after=snapshot(payment))
        current.version += 1
        current.save(update_fields=["version"])
    return payment


# ---------------------------------------------------------------------------------------------------------------
# The rules' editor


_RULE_STATE = ["kind", "params", "valid_from", "valid_to", "label", "active"]


def benefit_rule_save(*, actor: Any, rule: DoubleBenefitRule, reason: str = "", version: int | None = None
                      ) -> DoubleBenefitRule:
    """Add or change a double-benefit rule (audited; a rule changed by someone else since is refused, 409)."""
    problems = rule_check(rule.kind, rule.params)
    if rule.valid_to and rule.valid_to < rule.valid_from:
        problems.append(Problem(ErrorCode.INVALID_DATE, "끝나는 날이 시작일보다 앞섭니다",
                                "the end comes before the start", field="valid_to"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        current = DoubleBenefitRule.objects.select_for_update().filter(pk=rule.pk).first() if rule.pk else None
        if rule.pk and current is None:
            raise NotFoundError("점검 기준을 찾을 수 없습니다", "no such rule")
        check_version(current, version, what_ko="이 점검 기준을", what_en="this rule")
        if current is not None and current.kind != rule.kind:
            raise ServiceError(Problem(ErrorCode.INVALID, "기준의 종류는 바꿀 수 없습니다",
                                       "the kind of a rule cannot change", field="kind"))
        before = snapshot(current, fields=_RULE_STATE) if current else None
        rule.version = current.version + 1 if current else 1
        rule.save()
        audit_change(actor=actor, obj=rule, before=before, after=snapshot(rule, fields=_RULE_STATE), reason=reason)
        # a changed rule applies at once: the registry's alerts are refreshed under it once the change is saved
        transaction.on_commit(lambda: alerts_refresh(actor=actor), robust=True)
    return rule


def audit_view(*, actor: Any, obj: Any, purpose: str) -> None:
    """A view of a person's benefits across programs (an alert's records, a link's two records): one audit row
    with its purpose (PIPA)."""
    audit_record(actor=actor, action=AuditEntry.Action.REVEAL, obj=obj, before=None, after=None, reason=purpose)
