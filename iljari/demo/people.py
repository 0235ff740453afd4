"""Demo participant lists (참여자 명단) from two districts, all of them made-up people (시연용 예시), loaded through the
same import as an officer's upload, and one applicant of the open round — the issue 14 acceptance scenarios:

(a) 이영희 (1975-04-12) applies to 관악구's open round; 영등포구's 2024 list has her as 이영히, same birth date, no
    resident number, no sex, an older phone and another address, eight months in 공공근로사업 (2024-01~2024-08):
    the linkage puts the pair in the review band (an officer confirms it before the months count);
(b) 박순자 received 관악구's retention subsidy for March 2021 (500,000 won, S21-RETENTION-SUBSIDY) and was paid by
    관악구's public jobs from January to June 2021 (both lists give her resident number);
(c) two 김민준 born in 1980, at different addresses in two districts: not one person.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.utils import timezone

from iljari.core.context import change_context
from iljari.core.spreadsheets import csv_writer
from iljari.orgs.models import OrgUnit
from iljari.people.lists import HEADER, participant_list_import
from iljari.people.models import ListImport

# (unit, file name, rows): the file names say these lists are examples
LISTS: list[tuple[str, str, list[list[str]]]] = [
    ("GWANAK", "관악구_공공일자리_참여자명단_2021_시연용예시.csv", [
        ["박순자", "1968-09-21", "여", "010-4821-3307", "서울특별시 관악구 신림로 59", "680921-2345671", "GA-PUBLIC-JOBS",
         "유급참여", "2021-01-04", "2021-06-30", "", "7,560,000"],
        ["김민준", "1980-05-03", "남", "010-3392-1184", "서울 관악구 남부순환로 1820", "", "GA-PUBLIC-JOBS", "유급참여",
         "2021-03-02", "2021-07-30", "", "6,300,000"],
        ["정미숙", "1959-12-01", "여", "010-7710-2256", "서울특별시 관악구 봉천로 227", "", "GA-PUBLIC-JOBS", "유급참여",
         "2021-01-04", "2021-04-30", "", ""],
    ]),
    ("GWANAK", "관악구_고용유지지원금_지급명단_2021_시연용예시.csv", [
        ["박순자", "1968-09-21", "여", "010-4821-3307", "관악구 신림로 59", "680921-2345671", "S21-RETENTION-SUBSIDY",
         "지원금", "2021-03-01", "2021-03-31", "1", "500,000"],
        ["오상훈", "1985-02-14", "남", "010-2287-9043", "서울 관악구 관천로 12", "", "S21-RETENTION-SUBSIDY", "지원금",
         "2021-04-01", "2021-04-30", "1", "500,000"],
    ]),
    ("YDP", "영등포구_공공근로_참여자명단_2024_시연용예시.csv", [
        ["이영히", "1975-04-12", "", "010-3391-0268", "서울시 영등포구 당산로 123", "", "Y14-PUBLIC-WORKS", "유급참여",
         "2024-01-02", "2024-08-30", "", "9,480,000"],
        ["김민준", "1980-11-20", "남", "010-6604-7721", "서울특별시 영등포구 영중로 15", "", "Y14-PUBLIC-WORKS", "유급참여",
         "2024-03-04", "2024-07-31", "", "5,920,000"],
        ["한동철", "1963-07-07", "남", "", "영등포구 도림로 301", "", "Y14-PUBLIC-WORKS", "유급참여", "2024-02-01",
         "2024-06-28", "", ""],
    ]),
]

# (a): she applies to 관악구's open round under her own spelling, with her resident number
APPLICANT = ("750412-2456783", {"name": "이영희", "district": "GWANAK", "address": "서울특별시 관악구 관악로 145",
                                "phone": "010-5532-8710", "household_size": 2, "household_income": 1_200_000})


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv_writer(out)
    for row in [HEADER, *rows]:
        w.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def load_demo_people(*, actor: Any, today: dt.date | None = None) -> list[str]:
    """The demo lists (each once) and the open round's applicant; lines saying what was made."""
    from iljari.demo.rounds import GWANAK_PUBLIC_JOBS, open_round_terms
    from iljari.participants.benefits import benefits_sync_round
    from iljari.participants.models import Applicant, RecruitmentRound
    from iljari.participants.services import application_apply

    out: list[str] = []
    units = {o.code: o for o in OrgUnit.objects.filter(code__in={u for u, _, _ in LISTS})}
    with change_context("cli"), transaction.atomic():
        for code, name, rows in LISTS:
            if code not in units or ListImport.objects.filter(filename=name).exists():
                continue
            r = participant_list_import(actor=actor, org_unit=units[code], data=_csv(rows), filename=name,
                                        note="시연용 예시 / illustrative")
            out.append(f"  participant list {name}: {r['rows']} persons and benefit records")
        for rnd in RecruitmentRound.objects.filter(applications__status__in=["selected", "dropped_out"]).distinct():
            s = benefits_sync_round(rnd.pk, actor=actor)  # the demo's selected participants, at once
            if s["created"] or s["changed"]:
                out.append(f"  benefit records of round {rnd.name}: {s['created']} made, {s['changed']} changed")
        terms = open_round_terms(today or timezone.localdate())
        rnd = RecruitmentRound.objects.filter(program__code=GWANAK_PUBLIC_JOBS, name=terms.name).first()
        if rnd is not None and not Applicant.objects.filter(name=APPLICANT[1]["name"],
                                                            birth_date=dt.date(1975, 4, 12)).exists():
            application_apply(actor=actor, round=rnd, rrn=APPLICANT[0], data=APPLICANT[1], channel="officer",
                              on=max(rnd.apply_from, min(rnd.apply_to, today or timezone.localdate())))
            out.append(f"  applicant 이영희 (1975-04-12) in {rnd.name}")
    # one full linkage run over the registry, which also raises the double-receipt alerts of its clusters
    from iljari.people.linkage.service import linkage_run

    with change_context("cli"):
        run = linkage_run(actor=actor)
    out.append(f"  linkage: {run.records} person records, {run.links} links, {run.clusters} clusters")
    return out
