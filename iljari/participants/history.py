"""Benefit history across programs where decisions are made (issue 14 §5): the participation cap counts the
paid benefit records of the applicant's whole cluster (`people.selectors.benefit_histories`) besides the old
participation spells, the officers' screening shows every other benefit before selection, and the citizen's
receipt shows the participations found for their own resident number.

Who is the same human is decided in `people.selectors`: links the linkage is sure of or an officer confirmed,
and the same resident-number hash. An undecided link in the review band is shown as "확인 필요" with its
probability and never counted: a guess never excludes anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from iljari.people.models import BenefitRecord
from iljari.people.selectors import HistoryItem, benefit_histories

from .eligibility import _years_before, months_worked
from .models import Participation, RecruitmentRound

PAID = BenefitRecord.Kind.PAID
DEFAULT_YEARS = 2  # the window shown when the program has no participation cap (seed 002's two years)


def period_ko(start: dt.date, end: dt.date) -> str:
    """2024.03~2024.07 (one month: 2024.03)."""
    a, b = f"{start:%Y.%m}", f"{end:%Y.%m}"
    return a if a == b else f"{a}~{b}"


def period_en(start: dt.date, end: dt.date) -> str:
    """Mar 2024 – Jul 2024 (one month: Mar 2024)."""
    a, b = f"{start:%b %Y}", f"{end:%b %Y}"
    return a if a == b else f"{a} – {b}"


def calendar_months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass
class Line:
    """One benefit as a page shows it; `months` the record's months, `counted` the months inside the cap's
    window (what the rule counts of it, before months shared with other records are taken once)."""

    program_ko: str
    program_en: str
    unit_ko: str
    unit_en: str
    start: dt.date
    end: dt.date
    months: int
    kind: str = PAID
    counted: int = 0
    certain: bool = True
    probability: float | None = None
    link_id: int | None = None
    person_id: int | None = None
    own_number: bool = False

    @property
    def percent(self) -> int | None:
        return None if self.probability is None else round(self.probability * 100)

    def text(self, english: bool = False) -> str:
        if english:
            name = self.program_en or self.program_ko
            unit = f" ({self.unit_en or self.unit_ko})" if (self.unit_en or self.unit_ko) else ""
            n = self.months
            return f"{name}{unit} {period_en(self.start, self.end)}, {n} month{'s' if n != 1 else ''}"
        unit = f"({self.unit_ko})" if self.unit_ko else ""
        return f"{self.program_ko}{unit} {period_ko(self.start, self.end)} {self.months}개월"

    def stored(self) -> dict[str, Any]:
        """As a screening decision keeps it (JSON, both languages' names)."""
        return {"program": self.program_ko, "program_en": self.program_en, "unit": self.unit_ko,
                "unit_en": self.unit_en, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "months": self.counted, **({"probability": round(self.probability, 3)}
                                           if self.probability is not None else {})}


@dataclass
class ApplicantHistory:
    certain: list[Line] = field(default_factory=list)
    possible: list[Line] = field(default_factory=list)
    months: int = 0  # months counted by the cap (each calendar month once)

    @property
    def links(self) -> list[tuple[int, int | None, int | None]]:
        """(link id, person id, percent) of the possible matches, once per link."""
        seen: dict[int, tuple[int, int | None, int | None]] = {}
        for line in self.possible:
            if line.link_id is not None and line.link_id not in seen:
                seen[line.link_id] = (line.link_id, line.person_id, line.percent)
        return list(seen.values())


def _line(item: HistoryItem) -> Line:
    return Line(program_ko=item.program_ko, program_en=item.program_en, unit_ko=item.unit_ko, unit_en=item.unit_en,
                start=item.start, end=item.end, months=item.months, kind=item.kind, certain=item.certain,
                probability=item.probability, link_id=item.link_id, person_id=item.person_id,
                own_number=item.own_number)


def _spell_line(row: tuple[Any, ...]) -> Line:
    _, _, _, _, start, end, name_ko, name_en, unit_ko, unit_en = row
    return Line(program_ko=name_ko or "-", program_en=name_en or "", unit_ko=unit_ko or "", unit_en=unit_en or "",
                start=start, end=end, months=calendar_months(start, end), own_number=True)


def _is_this_round(item: HistoryItem, rnd: RecruitmentRound, application_id: int | None) -> bool:
    """The record of this very application (the round's own participation) is not an *other* benefit."""
    if application_id is not None and item.source_ref == f"application:{application_id}":
        return True
    return item.program_id == rnd.program_id and item.start == rnd.work_from


def histories_for_applications(rnd: RecruitmentRound, rows: list[tuple[int, int, int | None]], *,
                               ref: dt.date | None = None, years: int | None = None, kinds: list[str] | None = None,
                               roots_query: Any = None) -> dict[int, ApplicantHistory]:
    """`rows`: (application id, applicant id, person id) of the round. For each application: the other benefits
    of the applicant's cluster (`certain`) and of possible matches (`possible`) whose period ends inside the
    `years` before `ref` or later, with the months the cap counts (`months`: paid benefits and old participation
    spells in the window, each calendar month once). A constant number of queries for any number of rows."""
    ref = ref or rnd.work_from
    years = years or DEFAULT_YEARS
    since = _years_before(ref, years)
    persons = {p for _, _, p in rows if p is not None}
    hist = benefit_histories(persons, roots_query=roots_query, since=since, kinds=kinds) if persons else {}
    # the old participation spells (iljari's own closed rounds) of the applicants and of their cluster's applicants
    extra = set().union(*(h.cluster for h in hist.values())) - persons if hist else set()
    where = Q(applicant_id__in=[a for _, a, _ in rows]) if roots_query is None or len(rows) <= 500 else \
        Q(applicant__applications__round=rnd)
    for i in range(0, len(extra), 500):
        where |= Q(applicant__person_id__in=sorted(extra)[i:i + 500])
    spells: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    if kinds is None or PAID in kinds:
        for row in (Participation.objects.filter(where).filter(end__gte=since).distinct()
                    .values_list("pk", "applicant_id", "applicant__person_id", "program_id", "start", "end",
                                 "program__name_ko", "program__name_en", "program__owner_org__name_ko",
                                 "program__owner_org__name_en")):
            spells.setdefault(("applicant", row[1]), []).append(row)
            if row[2] is not None:
                spells.setdefault(("person", row[2]), []).append(row)
    out: dict[int, ApplicantHistory] = {}
    for app_id, applicant_id, person_id in rows:
        h = hist.get(person_id) if person_id is not None else None
        result = ApplicantHistory()
        seen_spells: set[int] = set()
        keys: set[tuple[Any, ...]] = set()  # (program, start, end): a spell also kept as a benefit record once
        own = [("applicant", applicant_id)] + [("person", p) for p in sorted(h.cluster)] if h else \
            [("applicant", applicant_id)]
        for key in own:
            for row in spells.get(key, []):
                if row[0] in seen_spells or (row[3] == rnd.program_id and row[4] == rnd.work_from):
                    continue
                seen_spells.add(row[0])
                keys.add((row[3], row[4], row[5]))
                result.certain.append(_spell_line(row))
        for item in (h.items if h else []):
            if _is_this_round(item, rnd, app_id):
                continue
            if item.certain and item.program_id is not None and (item.program_id, item.start, item.end) in keys:
                continue
            (result.certain if item.certain else result.possible).append(_line(item))
        counted_spells: list[tuple[dt.date, dt.date]] = []
        for line in result.certain + result.possible:
            if line.kind == PAID:
                line.counted = months_worked([(line.start, line.end)], ref, years)
                if line.certain and line.counted:
                    counted_spells.append((line.start, line.end))
        result.certain.sort(key=lambda x: (x.start, x.end))
        result.possible.sort(key=lambda x: (-(x.probability or 0), x.start))
        result.months = months_worked(counted_spells, ref, years)
        out[app_id] = result
    return out


def cap_of(rules: list[Any]) -> Any:
    return next((r for r in rules if r.kind == "participation_cap"), None)


def check_new_applicants(applicant_ids: list[int]) -> None:
    """After the application is committed: the registry checks the applicants' persons against everyone
    (`people.linkage.service.check_new_persons`) without a full run; a failure of the check never undoes an
    application."""
    if not applicant_ids:
        return

    def run() -> None:
        import logging

        from iljari.people.linkage.service import check_new_persons

        from .models import Applicant

        ids = [p for p in Applicant.objects.filter(pk__in=applicant_ids[:10_000], person__isnull=False)
               .values_list("person_id", flat=True)]
        if not ids:
            return
        try:
            check_new_persons(ids)
        except Exception:  # the application stands; the next full run checks the person
            logging.getLogger(__name__).exception("incremental registry check failed for persons %s", ids[:20])

    transaction.on_commit(run)


def history_view_audit(*, actor: Any, round: RecruitmentRound, application_ids: list[int]) -> None:
    """A screening page that showed other programs' benefits of these applicants: one audit row with its
    purpose (PIPA: every view of a person's history across programs is recorded)."""
    from iljari.audit.models import AuditEntry
    from iljari.audit.services import audit_record

    if not application_ids:
        return
    with transaction.atomic():
        audit_record(actor=actor, action=AuditEntry.Action.REVEAL, obj=round, before=None,
                     after={"applications": application_ids[:200]},
                     reason="선발 전 다른 사업 수혜 이력 확인 / other programs' benefits checked before selection")


@dataclass
class Receipt:
    """What the citizen's receipt says of earlier participation: their own resident number's participations
    counted by the cap (`own`), and always the same plain sentence that the office checks other records before
    selection — never another record's details, nor whether there is one."""

    years: int
    cap_months: int
    own: list[Line]
    months: int


def receipt_history(rnd: RecruitmentRound, rrn_key: str, typed_name: str) -> Receipt | None:
    """For the public receipt: None when the program has no participation cap. A record is shown only when it is
    of this resident number *and* holds the name typed on the form (the number alone, typed by someone else,
    shows nothing); a repeat application, a first one and one with possible matches elsewhere read alike but
    for the applicant's own records."""
    from iljari.people.models import Person
    from iljari.people.normalise import name_norm

    from .eligibility import rules_in_force
    from .models import Applicant, Application

    cap = cap_of(rules_in_force(rnd.program_id, rnd.work_from))
    if cap is None:
        return None
    years, cap_months = int(cap.params["years"]), int(cap.params["months"])
    applicant = Applicant.objects.filter(rrn_hash=rrn_key).first()
    if applicant is None:
        return Receipt(years=years, cap_months=cap_months, own=[], months=0)
    typed = name_norm(typed_name)
    app_id = Application.objects.filter(round=rnd, applicant=applicant).values_list("pk", flat=True).first() or 0
    # the applicant's registry record; while none was made for them, any record of their number stands in
    person_id = applicant.person_id or Person.objects.filter(rrn_hash=rrn_key).order_by("pk").values_list(
        "pk", flat=True).first()
    found = histories_for_applications(rnd, [(app_id, applicant.pk, person_id)], years=years, kinds=[PAID])[app_id]
    own = [x for x in found.certain if x.own_number and x.counted]
    names = dict(Person.objects.filter(pk__in={x.person_id for x in own if x.person_id}).values_list("pk", "name"))
    own = [x for x in own if name_norm(names[x.person_id] if x.person_id else applicant.name) == typed]
    months = months_worked([(x.start, x.end) for x in own], rnd.work_from, years)
    return Receipt(years=years, cap_months=cap_months, own=own, months=months)
