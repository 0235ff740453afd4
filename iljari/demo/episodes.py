"""Demo employment episodes (issue 18, 시연용 예시): what happened after 관악구's public jobs of 2021.

The public-jobs program GA-PUBLIC-JOBS (공공일자리 사업, 직접일자리) has three 2021 participants in the demo's first
list (people.py: 박순자, 김민준, 정미숙); a second, generated list adds 57 made-up participants of 2021 (상반기
2021.1.4~6.30, 하반기 7.1~11.30, some leaving early), loaded through the same import as an officer's upload. Then:

- the job centres' placements become episodes (`episodes_derive`: the demo's centres were bulk-loaded, without
  signals);
- three participants register at 관악구 일자리센터 after their participation and are placed there, with their
  follow-ups (through the job centres' services: the signals derive their episodes);
- an employment-insurance linkage file of the participants (as of 2023-06-30) is generated and imported through
  the episodes' import: private jobs within six months after the participation (about a third), later ones,
  public employment (N, never a private job), earlier jobs before the participation, a contract renewed with the
  same employer (two rows merged into one episode), and nothing for the rest. Keys: the keyed resident-number
  hash where the list gave the number, the person's number (P…) where it did not.

Everything is generated with a fixed seed and loaded once (the list and the linkage file by their names, the
placements by their seekers). 박순자 works for a care company from 2021.9 (within six months), 정미숙 only from
2022.3 (later), 김민준 has no employment recorded.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.db import transaction

from iljari.core.context import change_context
from iljari.core.spreadsheets import csv_writer

D = dt.date
PROGRAM = "GA-PUBLIC-JOBS"
LIST_NAME = "관악구_공공일자리_참여자명단_2021_추가_시연용예시.csv"
LINKAGE_NAME = "고용보험연계_2023-06_관악구_공공일자리_2021_참여자_시연용예시.csv"
LINKAGE_SOURCE = "고용보험 DB 연계 2023-06 (시연용 예시)"
AS_OF = D(2023, 6, 30)
SEED = 2021_18
# 관악구's vocational training academy (직업훈련): a 2021 list of trainees and their linkage file — few find a
# job within six months and fewer keep it, so the demo's grading has a program graded low beside the public jobs
TRAINING = "GA-TRAINING-ACADEMY"
TRAINING_LIST = "관악구_직업교육훈련아카데미_수료생명단_2021_시연용예시.csv"
TRAINING_LINKAGE = "고용보험연계_2023-06_관악구_직업교육훈련_2021_수료생_시연용예시.csv"
TRAINEES = 40
# the same linkage for the registry's people who were not in the program in 2021: the comparison the effect
# estimate (outcomes.effect) matches participants with
COMPARISON_NAME = "고용보험연계_2023-06_등록인원_비교집단_시연용예시.csv"
COMPARISON_SOURCE = "고용보험 DB 연계 2023-06, 비교 집단 (시연용 예시)"
GENERATED = 57

_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
_SYLLABLES = "민서지현수영준호은정성진경희미숙순옥동철상훈태광명자혜선재우연주"


def _brn(nine: str) -> str:
    """A made-up business registration number with a right check digit (core.brn)."""
    d = [int(c) for c in nine]
    total = sum(x * w for x, w in zip(d, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + d[8] * 5 // 10
    return nine + str((10 - total % 10) % 10)


# made-up employers (예시): (name, business number, private, usual wage bands)
PRIVATE = [(name, _brn(f"{108 + i % 9}81{3000 + i * 37:04d}"), True, bands) for i, (name, bands) in
           enumerate([("㈜관악돌봄센터 (예시)", ("u150", "150")), ("신림 클린서비스 (예시)", ("u150", "150")),
                      ("봉천 물류 ㈜ (예시)", ("150", "200")), ("㈜서울경비시스템 (예시)", ("150", "200")),
                      ("남현 한식뷔페 (예시)", ("u150",)), ("관악 행복마트 (예시)", ("u150", "150")),
                      ("㈜에스앤케어 요양원 (예시)", ("150", "200")), ("서원동 세탁소 (예시)", ("u150",)),
                      ("㈜낙성대 식품 (예시)", ("150", "200")), ("신림 주차관리 ㈜ (예시)", ("150",)),
                      ("㈜관악 시설관리 (예시)", ("150", "200", "250")), ("대학동 편의점 (예시)", ("u150",)),
                      ("㈜도림 택배 (예시)", ("200", "250")), ("은천 어린이집 (예시)", ("150",))])]
PUBLIC = [("관악구시설관리공단 (예시)", _brn("119830001"), False, ("150",)),
          ("국민연금공단 관악지사 (예시)", _brn("119830002"), False, ("150", "200"))]


def _person(rng: random.Random, n: int, used: set[str]) -> tuple[str, list[str]]:
    age = rng.choice([rng.randint(25, 39), rng.randint(40, 59), rng.randint(40, 59), rng.randint(55, 64),
                      rng.randint(60, 70)])
    born = D(2021 - age, rng.randint(1, 12), rng.randint(1, 28))
    male = rng.random() < 0.45
    digit = ("1" if male else "2") if born.year < 2000 else ("3" if male else "4")
    while True:
        rrn = f"{born:%y%m%d}-{digit}{rng.randint(0, 999_999):06d}"
        if rrn not in used:
            used.add(rrn)
            break
    half = rng.random() < 0.55
    start, end = (D(2021, 1, 4), D(2021, 6, 30)) if half else (D(2021, 7, 1), D(2021, 11, 30))
    if rng.random() < 0.12:  # left early
        end = D(2021, start.month + rng.randint(1, 3), 28)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    name = rng.choice(_SURNAMES) + rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)
    return rrn, [name, f"{born:%Y-%m-%d}", "남" if male else "여", f"010-2021-{n:04d}", "(예시 주소) 서울특별시 관악구",
                 rrn, PROGRAM, "유급참여", f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}", "", f"{months * 1_400_000:,}"]


def _list_csv(rows: list[list[str]]) -> bytes:
    from iljari.people.lists import HEADER

    out = io.StringIO()
    w = csv_writer(out)
    for row in [HEADER, *rows]:
        w.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def _day(start: dt.date, lo: int, hi: int, rng: random.Random) -> dt.date:
    return start + dt.timedelta(days=rng.randint(lo, hi))


def _job(rng: random.Random, start: dt.date, employers: list[tuple[str, str, bool, tuple[str, ...]]],
         short: float = 0.45) -> list[Any]:
    """One employment from `start`: ended after a few months, or still on at the linkage's day."""
    name, number, private, bands = rng.choice(employers)
    end: dt.date | None = None
    if rng.random() < short:
        end = min(AS_OF, _day(start, 45, 330, rng))
    return [name, number, start, end, rng.choice(bands), private]


def linkage_rows(participants: list[dict[str, Any]], seed: int = SEED) -> list[list[Any]]:
    """The linkage's rows for the participants ({key, start, end, named}): deterministic for a seed."""
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    for p in participants:
        key, end = p["key"], p["end"]
        named = p.get("named")
        placed = p.get("placed")
        if placed is not None:  # the job centre's placement, as the insurance knows it (module PLACED)
            on, employer_i, story = placed
            name, number, _private, _bands = PRIVATE[employer_i]
            if story == "kept":
                rows.append([key, name, number, on, None, "150", True])
            elif story == "left":
                rows.append([key, name, number, on, on + dt.timedelta(days=71), "150", True])
            else:  # moved to another employer
                rows.append([key, name, number, on, on + dt.timedelta(days=62), "150", True])
                other = PRIVATE[(employer_i + 5) % len(PRIVATE)]
                rows.append([key, other[0], other[1], on + dt.timedelta(days=76), None, "200", True])
            continue
        if named == "박순자":  # within six months, still there
            rows.append([key, *PRIVATE[0][:2], D(2021, 9, 1), None, "150", True])
            continue
        if named == "정미숙":  # later than six months
            rows.append([key, *PRIVATE[5][:2], D(2022, 3, 2), D(2022, 12, 31), "u150", True])
            continue
        if named == "김민준":
            continue
        if rng.random() < 0.25:  # a job before the participation
            start = _day(D(2017, 1, 1), 0, 900, rng)
            name, number, private, bands = rng.choice(PRIVATE)
            rows.append([key, name, number, start, min(p["start"] - dt.timedelta(days=30),
                                                       _day(start, 120, 700, rng)), rng.choice(bands), private])
        u = rng.random()
        if u < 0.33:  # a private job within six months after the participation ended
            job = _job(rng, _day(end, 7, 175, rng), PRIVATE)
            rows.append([key, *job])
            if job[3] is not None and rng.random() < 0.3:  # the contract renewed: the next day, same employer
                nxt = job[3] + dt.timedelta(days=1)
                if nxt < AS_OF:
                    rows.append([key, job[0], job[1], nxt, None, job[4], True])
        elif u < 0.48:  # a private job later (after six months)
            start = _day(end, 200, 640, rng)
            if start < AS_OF:
                rows.append([key, *_job(rng, start, PRIVATE)])
        elif u < 0.55:  # public employment: never a move into a private-sector job
            rows.append([key, *_job(rng, _day(end, 10, 150, rng), PUBLIC, short=0.7)])
    return rows


def trainee_rows(trainees: list[dict[str, Any]], seed: int = SEED) -> list[list[Any]]:
    """The trainees' linkage rows (deterministic): about one in seven in a private job within six months of the
    course's end, three in four of those gone within five months; a fifth only later; the rest nothing recorded."""
    rng = random.Random(seed + 2)
    rows: list[list[Any]] = []
    for t in trainees:
        u = rng.random()
        if u < 0.15:
            name, number, private, bands = rng.choice(PRIVATE)
            start = _day(t["end"], 20, 170, rng)
            end = _day(start, 30, 150, rng) if rng.random() < 0.75 else None  # most leave within five months
            rows.append([t["key"], name, number, start, end, rng.choice(bands), private])
        elif u < 0.35:
            start = _day(t["end"], 200, 600, rng)
            if start < AS_OF:
                rows.append([t["key"], *_job(rng, start, PRIVATE)])
    return rows


def comparison_rows(keys: list[str], seed: int = SEED) -> list[list[Any]]:
    """The linkage's rows for people of the registry outside the program (deterministic for a seed): about one in
    five starts a private job in 2021-2022 (some only for a few months), a few were working already, some hold a
    public job, the rest have nothing recorded."""
    rng = random.Random(seed + 1)
    rows: list[list[Any]] = []
    for key in keys:
        u = rng.random()
        if u < 0.20:
            rows.append([key, *_job(rng, _day(D(2021, 2, 1), 0, 600, rng), PRIVATE)])
        elif u < 0.28:  # in work before 2021, still there
            name, number, private, bands = rng.choice(PRIVATE)
            rows.append([key, name, number, _day(D(2016, 1, 1), 0, 1700, rng), None, rng.choice(bands), private])
        elif u < 0.33:
            rows.append([key, *_job(rng, _day(D(2021, 3, 1), 0, 500, rng), PUBLIC, short=0.7)])
    return rows


def _linkage_csv(rows: list[list[Any]]) -> bytes:
    from iljari.outcomes.episode_import import HEADER

    out = io.StringIO()
    w = csv_writer(out)
    w.writerow(HEADER)
    for key, name, number, start, end, band, private in rows:
        w.writerow([key, name, f"{number[:3]}-{number[3:5]}-{number[5:]}", f"{start:%Y-%m-%d}",
                    f"{end:%Y-%m-%d}" if end else "", band, "Y" if private else "N"])
    return out.getvalue().encode("utf-8-sig")


# three participants placed by 관악구 일자리센터 after their participation: (placed on, employer, the story its
# follow-ups tell: kept / left (not employed at 3 months) / moved (another employer from 3 months))
PLACED = [(D(2021, 8, 23), 2, "kept"), (D(2022, 1, 10), 6, "left"), (D(2021, 12, 13), 3, "moved")]
_CHECKS: dict[str, dict[int, tuple[bool, bool | None]]] = {"kept": {1: (True, True), 3: (True, True), 6: (True, True)},
           "left": {1: (True, True), 3: (False, None), 6: (False, None)},
           "moved": {1: (True, True), 3: (True, False), 6: (True, False)}}


def _placements(actor: Any, records: list[Any]) -> dict[int, tuple[dt.date, int, str]]:
    """Place the first generated participants whose participation ended at least three weeks before each
    placement day; their person ids -> (day, employer, story)."""
    from iljari.employment.casework import follow_up_record, placement_record
    from iljari.employment.models import Centre, Employer, Occupation, Placement, Seeker

    centre = Centre.objects.filter(code="GWANAK-JC").first()
    if centre is None:
        return {}
    occupation = Occupation.objects.filter(code="56").first() or Occupation.objects.filter(level=2).first()
    done: dict[int, tuple[dt.date, int, str]] = {}
    for placed_on, employer_i, story in PLACED:
        b = next((b for b in records if b.end <= placed_on - dt.timedelta(days=21) and b.person_id not in done
                  and not hasattr(b.person, "seeker")), None)
        if b is None:
            continue
        name, number, _private, _bands = PRIVATE[employer_i]
        employer, _ = Employer.objects.get_or_create(business_number=number, defaults={
            "name": name, "centre": centre, "district": centre.district, "illustrative": True})
        # the participant's own record registers (a demo shortcut: the registry's seeker form makes a new record
        # that the linkage joins to this one)
        seeker = Seeker.objects.create(person=b.person, centre=centre, registered_on=placed_on - dt.timedelta(days=14),
                                       home_district=centre.district, illustrative=True,
                                       programmes_joined="관악구 공공일자리 2021 (예시)")
        placement = placement_record(actor=actor, seeker=seeker, employer=employer, occupation=occupation,
                                     placed_on=placed_on, wage_type="monthly", wage=1_950_000, contract="fixed",
                                     via="self")
        Placement.objects.filter(pk=placement.pk).update(illustrative=True)
        for f in placement.follow_ups.order_by("months"):
            still, same = _CHECKS[story][f.months]
            follow_up_record(actor=actor, follow_up=f, version=f.version, done_on=f.due_on, still_employed=still,
                             same_employer=same, note="시연용 예시")
        done[b.person_id] = (placed_on, employer_i, story)
    return done


def load_demo_episodes(*, actor: Any) -> list[str]:
    """The added participant list, the placements' episodes, three placements and the linkage file (each once)."""
    from iljari.orgs.models import OrgUnit
    from iljari.outcomes.episode_import import episodes_import
    from iljari.outcomes.episodes import episodes_derive
    from iljari.outcomes.models import EpisodeImport
    from iljari.people.lists import participant_list_import
    from iljari.people.models import BenefitRecord, ListImport
    from iljari.programs.models import Program

    out: list[str] = []
    unit = OrgUnit.objects.filter(code="GWANAK").first()
    if unit is None or not Program.objects.filter(code=PROGRAM).exists():
        return out
    rng = random.Random(SEED)
    used: set[str] = set()
    generated = [_person(rng, n, used) for n in range(1, GENERATED + 1)]
    with change_context("cli"), transaction.atomic():
        if not ListImport.objects.filter(filename=LIST_NAME).exists():
            r = participant_list_import(actor=actor, org_unit=unit, data=_list_csv([row for _, row in generated]),
                                        filename=LIST_NAME, note="시연용 예시 / illustrative")
            out.append(f"  participant list {LIST_NAME}: {r['rows']} persons and benefit records")
    with change_context("cli"):
        d = episodes_derive(actor=actor, reason="시연 자료: 일자리센터 취업에서 고용 이력 / demo: episodes from placements")
    out.append(f"  employment episodes from the job centres' placements: {d.created:,} created, "
               f"{d.unchanged:,} unchanged")
    records = list(BenefitRecord.objects.filter(program__code=PROGRAM, kind="paid", start__year=2021,
                                                org_unit=unit).select_related("person", "batch").order_by("pk"))
    if EpisodeImport.objects.filter(name=LINKAGE_NAME).exists():
        return out + _training(actor, unit) + _comparison(actor, _outside_comparison(records))
    generated_records = [b for b in records if b.batch and b.batch.filename == LIST_NAME]
    with change_context("cli"), transaction.atomic():  # the placements and the linkage together, or neither
        placed = _placements(actor, generated_records)
        if placed:
            out.append(f"  {len(placed)} participants placed by 관악구 일자리센터 (episodes from the placements and "
                       "their follow-ups)")
        participants = []
        for b in records:
            named = b.person.name if b.batch and b.batch.filename != LIST_NAME else None
            participants.append({"key": b.person.rrn_hash or f"P{b.person_id}", "start": b.start, "end": b.end,
                                 "named": named, "placed": placed.get(b.person_id)})
        rows = linkage_rows(participants)
        result = episodes_import(actor=actor, data=_linkage_csv(rows), filename=LINKAGE_NAME, source=LINKAGE_SOURCE,
                                 as_of=AS_OF, illustrative=True)
    out.append(f"  employment-insurance linkage {LINKAGE_NAME}: {result.rows} rows, {result.created} episodes "
               f"({result.merged_rows} rows merged) for {result.persons} of {len(participants)} participants")
    return out + _training(actor, unit) + _comparison(actor, _outside_comparison(records))


def _outside_comparison(records: list[Any]) -> set[int]:
    """The people the comparison file leaves out: the public jobs' and the training academy's 2021 participants
    (their own linkage files say what happened to them)."""
    from iljari.people.models import BenefitRecord

    return {b.person_id for b in records} | set(BenefitRecord.objects.filter(
        program__code=TRAINING, start__year=2021).values_list("person_id", flat=True))


def _training(actor: Any, unit: Any) -> list[str]:
    """The training academy's 2021 trainees (a list, once) and their linkage file (once)."""
    from iljari.outcomes.episode_import import episodes_import
    from iljari.outcomes.models import EpisodeImport
    from iljari.people.lists import participant_list_import
    from iljari.people.models import BenefitRecord, ListImport
    from iljari.programs.models import Program

    out: list[str] = []
    if not Program.objects.filter(code=TRAINING).exists():
        return out
    rng = random.Random(SEED + 3)
    used: set[str] = set()
    rows = []
    for n in range(1, TRAINEES + 1):
        _rrn, row = _person(rng, 500 + n, used)
        row[6], row[7], row[11] = TRAINING, "훈련", ""
        rows.append(row)
    with change_context("cli"), transaction.atomic():
        if not ListImport.objects.filter(filename=TRAINING_LIST).exists():
            r = participant_list_import(actor=actor, org_unit=unit, data=_list_csv(rows), filename=TRAINING_LIST,
                                        note="시연용 예시 / illustrative")
            out.append(f"  participant list {TRAINING_LIST}: {r['rows']} trainees and benefit records")
    if EpisodeImport.objects.filter(name=TRAINING_LINKAGE).exists():
        return out
    trainees = [{"key": b.person.rrn_hash or f"P{b.person_id}", "end": b.end} for b in BenefitRecord.objects.filter(
        program__code=TRAINING, start__year=2021).select_related("person").order_by("pk")]
    linkage = trainee_rows(trainees)
    if linkage:
        with change_context("cli"):
            result = episodes_import(actor=actor, data=_linkage_csv(linkage), filename=TRAINING_LINKAGE,
                                     source=LINKAGE_SOURCE, as_of=AS_OF, illustrative=True)
        out.append(f"  employment-insurance linkage {TRAINING_LINKAGE}: {result.rows} rows for {result.persons} of "
                   f"{len(trainees)} trainees")
    return out


def _comparison(actor: Any, participants: set[int]) -> list[str]:
    """The comparison group's linkage file (once): everyone else of the registry, by the same keys."""
    from iljari.outcomes.episode_import import episodes_import
    from iljari.outcomes.models import EpisodeImport
    from iljari.people.models import Person

    if EpisodeImport.objects.filter(name=COMPARISON_NAME).exists():
        return []
    keys = [p.rrn_hash or f"P{p.pk}" for p in Person.objects.exclude(pk__in=participants).order_by("pk")]
    rows = comparison_rows(keys)
    if not rows:
        return []
    with change_context("cli"):
        result = episodes_import(actor=actor, data=_linkage_csv(rows), filename=COMPARISON_NAME,
                                 source=COMPARISON_SOURCE, as_of=AS_OF, illustrative=True)
    return [f"  employment-insurance linkage {COMPARISON_NAME}: {result.rows} rows, {result.created} episodes for "
            f"{result.persons} of {len(keys)} people outside the program"]
