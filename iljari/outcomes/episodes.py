"""고용 이력 (employment episodes): who worked where from when to when (docs/outcomes.md, "Employment episodes").

Two doors bring episodes in:

- the job centres' placements, derived here (`episodes_derive`, re-run after every change of a placement or a
  follow-up through `outcomes.episode_signals`): each placement of a seeker (every seeker is a person of the
  registry) is an episode `placement:<id>`, ended by its follow-ups as the rules below say;
- files of employment records (the employment-insurance linkage or another source), `outcomes.episode_import`.

A direct-job participation (a paid benefit record of a 직접일자리 program) is never made an episode here: it stays a
benefit record of the person's history, and an imported row that *is* such a participation is refused as
private employment (`episode_import`).

The rules of a placement's episode (decided for issue 18):

- It starts on the placement day, with the placement's employer (its business number when the employer is
  registered), a wage band from the placement's wage turned into a month's pay (`monthly_wage`), and is private:
  the job centres place seekers in employers' vacancies.
- Its follow-ups (1, 3 and 6 months) are read in the order they were done. The days known at the same employer
  are the placement day and each follow-up saying "still employed, same employer". The latest follow-up decides:
  still there -> the episode is open (`end` empty), `known_until` the latest such day; not employed, or employed
  elsewhere -> the episode ends on the *latest day known employed there* (never on a day nobody saw them work:
  the true end lies between that day and the follow-up's, and a guessed day would count months nobody saw).
- A follow-up saying "still employed, another employer" is an episode of its own, `placement:<id>:elsewhere`
  (employer unknown, private), from the first such follow-up's day, known until the last one; it ends there when
  a later follow-up says not employed (or back at the placement's employer).
- Without any follow-up recorded the episode is open and `known_until` is the placement day.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.functions import Coalesce

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_many
from iljari.core.brn import business_number_format
from iljari.core.context import change_context

from .models import EmploymentEpisode

Band = EmploymentEpisode.WageBand
OBJECT_TYPE = "outcomes.employmentepisode"
SOURCE = "derived"  # the audit rows' door, as the job centres' funnel
AUDIT_FIELDS = ["person", "employer_name", "business_number", "start", "end", "known_until", "wage_band", "private",
                "source", "source_ref", "batch", "illustrative"]
_CHUNK = 500  # ids per IN list

# --- wages -------------------------------------------------------------------------------------------------------

WEEKS_PER_MONTH = 365 / 7 / 12  # 4.345
DAYS_PER_MONTH = 21.75  # working days in an average month (5 a week)
STANDARD_MONTH_HOURS = 209  # 40 hours a week with the paid weekly holiday (주휴), the minimum wage's month


def monthly_wage(wage_type: str, wage: int | None, hours_per_week: int | None = None) -> int | None:
    """A wage as a month's pay in won: monthly as it is, annual / 12, daily × 21.75 days, hourly × the hours of a
    month — the vacancy's hours a week (plus the paid weekly holiday's fifth from 15 hours a week on) × 4.345, or
    209 hours when the hours are not known."""
    if wage is None or wage <= 0:
        return None
    if wage_type == "monthly":
        return int(wage)
    if wage_type == "annual":
        return round(wage / 12)
    if wage_type == "daily":
        return round(wage * DAYS_PER_MONTH)
    if wage_type == "hourly":
        if hours_per_week:
            paid = hours_per_week * (1.2 if hours_per_week >= 15 else 1.0)
            return round(wage * paid * WEEKS_PER_MONTH)
        return wage * STANDARD_MONTH_HOURS
    return None


def wage_band_of(monthly: int | None) -> str:
    """The band of a month's pay (EmploymentEpisode.WageBand); "" (unknown) for none."""
    if monthly is None:
        return Band.UNKNOWN
    for limit, band in ((1_500_000, Band.UNDER_150), (2_000_000, Band.FROM_150), (2_500_000, Band.FROM_200),
                        (3_000_000, Band.FROM_250)):
        if monthly < limit:
            return band
    return Band.FROM_300


def _fold(text: str) -> str:
    return re.sub(r"[\s]+", "", unicodedata.normalize("NFKC", text or "")).lower().replace("-", "~")


def wage_band_words() -> dict[str, str]:
    """What a file may write for a wage band: the codes, the Korean and English labels, the Korean label without
    its leading 월 ("150~200만원"), spaces and case aside."""
    out: dict[str, str] = {}
    for code, label in Band.choices:
        ko, _, en = str(label).partition(" / ")
        for word in (code, ko, ko.removeprefix("월 "), en):
            out[_fold(word)] = code
    out[_fold("미상")] = Band.UNKNOWN
    return out


def employer_key(business_number: str, employer_name: str) -> tuple[str, str]:
    """Episodes of one employer: by business number, else by the name (spaces, case and (주)/㈜ aside)."""
    if business_number:
        return ("b", business_number)
    name = _fold(employer_name).replace("(주)", "").replace("㈜", "").replace("주식회사", "")
    return ("n", name)


# --- reading ------------------------------------------------------------------------------------------------------


def visible_episodes(user: Any) -> QuerySet[EmploymentEpisode]:
    """The episodes a user may read: those the restricted queryset gives (`EmploymentEpisode.Scope`: the units
    that gave the person a benefit, a job centre its seekers), and every episode of a human (a linkage cluster)
    one of whose records the user may open in the registry (`people.selectors.visible_persons`, PIPA) — an
    insurance record keyed to a participant's other record is still that participant's. Nobody else's."""
    from iljari.access import policy
    from iljari.people.models import Person
    from iljari.people.selectors import visible_persons

    if not policy.allows(user, "view_person"):
        return EmploymentEpisode.objects.none()
    if policy.grant(user, "view_person").everywhere:
        return EmploymentEpisode.objects.all()
    direct = EmploymentEpisode.objects.restrict(user, "view_person").values("pk")
    keys = (Person.objects.filter(pk__in=visible_persons(user).values("pk"))
            .annotate(key=Coalesce("cluster_id", "pk", output_field=BigIntegerField())).values("key"))
    return (EmploymentEpisode.objects
            .annotate(human=Coalesce("person__cluster_id", "person_id", output_field=BigIntegerField()))
            .filter(Q(pk__in=direct) | Q(human__in=keys)))


def episode_rows(episodes: Iterable[EmploymentEpisode], language: str | None = None) -> list[dict[str, Any]]:
    """Episodes as a page shows them, in one language: employer, business number (123-45-67890), period, wage
    band, private or public, source."""
    from iljari.core.labels import one_language

    en = (language or "ko").startswith("en")
    out = []
    for e in episodes:
        if e.end:
            until = f"{e.end:%Y.%m.%d}"
        elif e.known_until:
            until = f"(still employed on {e.known_until:%Y.%m.%d})" if en else f"(재직, {e.known_until:%Y.%m.%d} 기준)"
        else:
            until = "(still employed)" if en else "(재직)"
        source = one_language(e.get_source_display(), language)
        band = one_language(e.get_wage_band_display(), language) if e.wage_band else "-"
        if en:  # a label alone in a cell begins with a capital
            source, band = source[:1].upper() + source[1:], band[:1].upper() + band[1:]
        batch = getattr(e, "batch", None) if e.batch_id else None
        out.append({
            "episode": e,
            "employer": e.employer_name or ("(employer not known)" if en else "(사업장 미상)"),
            "business_number": business_number_format(e.business_number) if e.business_number else "-",
            "period": f"{e.start:%Y.%m.%d} ~ {until}",
            "wage_band": band,
            "private": ("Private" if e.private else "Public") if en else ("민간" if e.private else "공공"),
            "source": source,
            "source_detail": (batch.source or batch.name) if batch is not None else "",  # as the importer typed it
        })
    return out


# --- the job centres' placements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """An episode as a placement says it should be."""

    person_id: int
    employer_name: str
    business_number: str
    start: dt.date
    end: dt.date | None
    known_until: dt.date | None
    wage_band: str
    private: bool
    source_ref: str
    illustrative: bool

    def values(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "employer_name": self.employer_name,
                "business_number": self.business_number, "start": self.start, "end": self.end,
                "known_until": self.known_until, "wage_band": self.wage_band, "private": self.private,
                "illustrative": self.illustrative}


_COMPARED = ("person_id", "employer_name", "business_number", "start", "end", "known_until", "wage_band", "private",
             "illustrative")


def placement_ref(placement_id: int) -> str:
    return f"placement:{placement_id}"


def placement_episodes(p: dict[str, Any], follow_ups: list[dict[str, Any]]) -> list[Wanted]:
    """The episodes of one placement (values of `_PLACEMENT_VALUES`) and its recorded follow-ups (module rules)."""
    placed: dt.date = p["placed_on"]
    done = sorted((f for f in follow_ups if f["done_on"] is not None and f["still_employed"] is not None),
                  key=lambda f: (f["done_on"], f["months"]))
    same = [placed] + [f["done_on"] for f in done if f["still_employed"] and f["same_employer"] is not False]
    moved = [f["done_on"] for f in done if f["still_employed"] and f["same_employer"] is False]
    last = done[-1] if done else None
    there = last is None or (last["still_employed"] and last["same_employer"] is not False)
    known = max(same)
    number = re.sub(r"\D", "", p.get("employer__business_number") or "")
    monthly = monthly_wage(p["wage_type"], p["wage"], p.get("referral__vacancy__hours_per_week"))
    out = [Wanted(person_id=p["seeker__person_id"], employer_name=(p["employer_name"] or p.get("employer__name")
                                                                    or "")[:200],
                  business_number=number if len(number) == 10 else "", start=placed, end=None if there else known,
                  known_until=known, wage_band=wage_band_of(monthly), private=True,
                  source_ref=placement_ref(p["id"]), illustrative=bool(p["illustrative"]))]
    if moved:
        elsewhere_now = last is not None and last["still_employed"] and last["same_employer"] is False
        start, seen = moved[0], max(moved)
        out.append(Wanted(person_id=p["seeker__person_id"], employer_name="", business_number="", start=start,
                          end=None if elsewhere_now else seen, known_until=seen, wage_band=Band.UNKNOWN,
                          private=True, source_ref=placement_ref(p["id"]) + ":elsewhere",
                          illustrative=bool(p["illustrative"])))
    return out


_PLACEMENT_VALUES = ("id", "seeker__person_id", "employer_name", "employer__name", "employer__business_number",
                     "placed_on", "wage_type", "wage", "referral__vacancy__hours_per_week", "illustrative")


@dataclass
class DeriveOutcome:
    placements: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    ids: list[int] = field(default_factory=list)  # the episodes created or changed

    def __str__(self) -> str:
        return (f"취업 {self.placements:,}건 / placements: 새 이력 {self.created:,} created · 바뀜 {self.changed:,} changed"
                f" · 그대로 {self.unchanged:,} unchanged · 지움 {self.removed:,} removed")


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _audit_state(values: dict[str, Any], source_ref: str) -> dict[str, Any]:
    return {**values, "source": EmploymentEpisode.Source.PLACEMENT, "source_ref": source_ref}


def fill_pks(episodes: list[EmploymentEpisode]) -> None:
    """The ids of bulk-created episodes on a database that does not return them (found by source and ref)."""
    missing = [e for e in episodes if e.pk is None]
    for i in range(0, len(missing), _CHUNK):
        part = missing[i:i + _CHUNK]
        got = {(s, r): pk for s, r, pk in EmploymentEpisode.objects.filter(
            source_ref__in=[e.source_ref for e in part]).values_list("source", "source_ref", "pk")}
        for e in part:
            e.pk = got[(e.source, e.source_ref)]


def episodes_derive(*, actor: Any, since: dt.date | None = None, placements: Iterable[int] | None = None,
                    reason: str = "") -> DeriveOutcome:
    """Make the placements' episodes what the placements and their follow-ups say (module rules): new episodes
    created, changed ones updated (a new version), those of placements that are gone removed, each audited.
    Idempotent: a second run changes nothing. `since`: only placements placed, recorded or followed up on or
    after that day; `placements`: only these (the signals' keys). Without either, every placement, and the
    episodes of deleted placements are removed. Audited as derived from records (as the funnel is)."""
    with change_context(SOURCE), transaction.atomic():
        return _derive(actor=actor, since=since, placements=placements, reason=reason)


def _derive(*, actor: Any, since: dt.date | None, placements: Iterable[int] | None, reason: str) -> DeriveOutcome:
    from iljari.employment.models import FollowUp, Placement

    out = DeriveOutcome()
    qs = Placement.objects.all()
    full = since is None and placements is None
    wanted_ids: list[int] | None = None
    if placements is not None:
        wanted_ids = sorted({int(i) for i in placements})
    if since is not None:
        recent = (Q(placed_on__gte=since) | Q(created_at__date__gte=since)
                  | Q(pk__in=FollowUp.objects.filter(done_on__gte=since).values("placement_id")))
        qs = qs.filter(recent)
    rows: list[dict[str, Any]] = []
    follow: dict[int, list[dict[str, Any]]] = {}
    if wanted_ids is not None:
        for chunk in _chunks(wanted_ids):
            rows += list(qs.filter(pk__in=chunk).values(*_PLACEMENT_VALUES))
    else:
        rows = list(qs.values(*_PLACEMENT_VALUES))
    ids = [r["id"] for r in rows]
    fu_values = ("placement_id", "months", "done_on", "still_employed", "same_employer")
    fu = FollowUp.objects.filter(done_on__isnull=False)
    if full:
        found = fu.values(*fu_values)
    else:
        found = [f for chunk in _chunks(ids) for f in fu.filter(placement_id__in=chunk).values(*fu_values)]
    for f in found:
        follow.setdefault(f["placement_id"], []).append(f)
    want: dict[str, Wanted] = {}
    for r in rows:
        for w in placement_episodes(r, follow.get(r["id"], [])):
            want[w.source_ref] = w
    out.placements = len(rows)
    # the stored episodes of these placements (and, for a full run or given keys, of placements that are gone)
    stored_q = EmploymentEpisode.objects.filter(source=EmploymentEpisode.Source.PLACEMENT)
    have: dict[str, EmploymentEpisode] = {}
    if full:
        have = {e.source_ref: e for e in stored_q}
    else:
        keys = wanted_ids if wanted_ids is not None else ids
        for chunk in _chunks(keys):  # `since` alone: only the placements this run looked at
            refs = [placement_ref(i) for i in chunk] + [placement_ref(i) + ":elsewhere" for i in chunk]
            have.update({e.source_ref: e for e in stored_q.filter(source_ref__in=refs)})
    create: list[EmploymentEpisode] = []
    changed: list[tuple[EmploymentEpisode, dict[str, Any]]] = []
    for ref, w in want.items():
        e = have.get(ref)
        if e is None:
            create.append(EmploymentEpisode(source=EmploymentEpisode.Source.PLACEMENT, source_ref=ref, **w.values()))
            continue
        values = w.values()
        if all(getattr(e, k) == values[k] for k in _COMPARED):
            out.unchanged += 1
            continue
        before = _audit_state({k: getattr(e, k) for k in _COMPARED}, ref)
        for k, v in values.items():
            setattr(e, k, v)
        e.version += 1
        changed.append((e, before))
    gone = [e for ref, e in have.items() if ref not in want]
    if create:
        EmploymentEpisode.objects.bulk_create(create, batch_size=1000)
        fill_pks(create)
    if changed:
        EmploymentEpisode.objects.bulk_update([e for e, _ in changed], [*(k for k in _COMPARED), "version"],
                                              batch_size=1000)
    if gone:
        EmploymentEpisode.objects.filter(pk__in=[e.pk for e in gone]).delete()
    why = reason or "일자리센터 취업·사후관리에서 고용 이력 / episodes from the job centres' placements"
    audit_many(actor=actor, object_type=OBJECT_TYPE, reason=why, rows=[
        *({"action": AuditEntry.Action.CREATE, "object_id": e.pk, "object_repr": str(e), "before": None,
           "after": _audit_state({k: getattr(e, k) for k in _COMPARED}, e.source_ref)} for e in create),
        *({"action": AuditEntry.Action.UPDATE, "object_id": e.pk, "object_repr": str(e), "before": before,
           "after": _audit_state({k: getattr(e, k) for k in _COMPARED}, e.source_ref)} for e, before in changed),
        *({"action": AuditEntry.Action.DELETE, "object_id": e.pk, "object_repr": str(e),
           "before": _audit_state({k: getattr(e, k) for k in _COMPARED}, e.source_ref), "after": None}
          for e in gone)])
    out.created, out.changed, out.removed = len(create), len(changed), len(gone)
    out.ids = [e.pk for e in create] + [e.pk for e, _ in changed]
    return out


def episodes_rederive(placement_ids: set[int], *, actor: Any = None) -> DeriveOutcome:
    """The signals' on-commit hook: the episodes of the placements a transaction touched."""
    from iljari.core.cli import actor_for
    from iljari.ledger.derived import current_actor

    who = actor or current_actor() or actor_for("system")
    return episodes_derive(actor=who, placements=placement_ids,
                           reason="취업·사후관리 기록 변경에 따른 고용 이력 / episodes after a placement or follow-up changed")
