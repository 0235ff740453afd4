"""Route × role permission table (in the manner of pretix's permission tests).

Every URL pattern of the project (walked with `get_resolver()`, the Django admin aside: it has its own gate, staff
only, checked once below) must have a row in `TABLE`; a new route without one fails `test_every_route_has_a_row`.
Each row gives, for every role, the status a GET answers for an object in the role's scope ("own") and for one
outside it ("other"). Local roles (a program officer of 일자리정책과, a district officer of 관악구) see objects of
their unit as "own" and objects of 영등포구 as "other"; global roles and anonymous visitors are given objects of
관악구 as "own" and of 영등포구 as "other". Any status other than the table's fails, with the whole table of
differences in the message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES: dict[str, tuple[str, str | None] | None] = {
    "anonymous": None,
    "admin": ("admin", None),
    "portfolio": ("portfolio", None),
    "reviewer": ("reviewer", None),
    "program_officer": ("program_officer", "JOBPOL"),
    "district_officer": ("district_officer", "GWANAK"),
}
ANON = "anonymous"
GLOBAL = ("admin", "portfolio", "reviewer")
LOCAL = ("program_officer", "district_officer")
LOGIN = 302  # anonymous visitors of officers' pages are sent to the login page


def walk(patterns: list[Any], prefix: str = "", namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}:" if namespace else "") + (p.name or "")


def project_routes() -> set[str]:
    """Every named route but the Django admin's and DRF's format-suffix twins (same view, same table row)."""
    out = set()
    for pattern, name in walk(get_resolver().url_patterns):
        if pattern.startswith("admin/") or "(?P<format>" in pattern or "<drf_format_suffix" in pattern:
            continue
        out.add(name)
    return out


# ---------------------------------------------------------------------------------------------------------------
# The world: 관악구 and 영등포구 each run a program with a round, a pledge and figures; 일자리정책과 runs one too.


@pytest.fixture
def world(tree, make_program, record, actor, codes):
    from iljari.orgs.services import org_unit_create
    from iljari.participants.models import RecruitmentRound
    from iljari.pledges.models import Pledge
    from iljari.reports.models import Publication, ReportJob

    seoul = tree["SEOUL"]
    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=seoul)
    tree["YDP"] = ydp
    progs = {"JOBPOL": make_program("A", owner="JOBPOL"), "GWANAK": make_program("G", owner="GWANAK-JOB"),
             "YDP": make_program("Y", owner="YDP")}
    from iljari.participants.services import application_apply

    rounds, pledges, jobs, applicants = {}, {}, {}, {}
    for n, (key, p) in enumerate(progs.items()):
        record(p, "job_target", "2021", 100, "2021-01-01")
        record(p, "job_result", "2021-05", 40, "2021-05-31")
        rounds[key] = RecruitmentRound.objects.create(
            program=p, name=f"{key} 2021 상반기", apply_from=dt.date(2021, 1, 1), apply_to=dt.date(2030, 12, 31),
            work_from=dt.date(2021, 3, 1), work_to=dt.date(2021, 6, 30), places=10)
        pledges[key] = Pledge.objects.create(
            number=f"9-{len(pledges) + 1}", title=f"공약 {key}", owner_org=p.owner_org, period_start=2021,
            period_end=2022, term_start=2018, term_end=2022, nature="new", completion="within_term",
            executing_body="district", status="on_track")
        pledges[key].programs.add(p)
        district = "GWANAK" if key == "JOBPOL" else key  # 일자리정책과's applicant lives in 관악구
        applicants[key] = application_apply(
            actor=actor, round=rounds[key], rrn=f"850101-1{n:06d}", channel="officer", on=dt.date(2021, 1, 5),
            data={"name": f"신청자{n}", "district": district}).applicant
    from django.contrib.auth import get_user_model

    def job_for(user: Any) -> int:
        """A finished report rendered for `user`: its status page and file are that user's alone."""
        return ReportJob.objects.create(kind="work_report", org_code="SEOUL", year=2021, as_of=dt.date(2021, 5, 31),
                                        fmt="pdf", requested_by=user, status="done", output=b"%PDF-1.4",
                                        title="보고서").pk

    jobs["YDP"] = job_for(get_user_model().objects.create_user("job-owner"))
    pub = Publication.objects.create(slug="disclosure-2021-1", kind="target_disclosure", subject="SEOUL",
                                     sequence=1, title="2021 일자리 목표 공시", as_of=dt.date(2021, 5, 31),
                                     body_html="<p>공시</p>", figures={}, data_sha256="0" * 64)
    alerts, links, recoveries = _double_benefit_world(progs, {"JOBPOL": tree["JOBPOL"], "GWANAK": tree["GWANAK"],
                                                              "YDP": ydp}, actor)
    employment = _employment_world({"JOBPOL": tree["JOBPOL"], "GWANAK": tree["GWANAK"], "YDP": ydp}, progs, actor)
    bookings = _bookings_world({"JOBPOL": tree["JOBPOL"], "GWANAK": tree["GWANAK"], "YDP": ydp}, progs)
    cases = _cases_world({"JOBPOL": tree["JOBPOL"], "GWANAK": tree["GWANAK"], "YDP": ydp}, progs, actor)
    # --- reports, slice "disclosure" (issue 18): a 2021 job plan per unit key; 일자리정책과's is the city's ---
    from iljari.reports.jobplans.services import plan_create

    plans = {key: plan_create(actor=actor, org=unit, kind="annual", year=2021)
             for key, unit in (("JOBPOL", seoul), ("GWANAK", tree["GWANAK"]), ("YDP", ydp))}
    # --- end "disclosure" ---
    _episodes_world(applicants)
    outcomes = _outcomes_world(actor)
    return {"programs": progs, "plans": plans, "rounds": rounds, "pledges": pledges, "jobs": jobs, "job_for": job_for,
            "applicants": applicants, "alerts": alerts, "links": links, "recoveries": recoveries,
            "employment": employment, "bookings": bookings, "cases": cases,
            "publication": pub, "outcomes": outcomes,
            "units": {"JOBPOL": tree["JOBPOL"], "GWANAK": tree["GWANAK"], "YDP": ydp}}


def _outcomes_world(actor: Any) -> dict[str, Any]:
    """Issue 18: 2021's outcome indicators over the world's participants (the benefit records above), published;
    another run left a draft (the portfolio office's own until published)."""
    from iljari.outcomes.runs import indicators_install, outcomes_run, run_publish

    indicators_install(actor=actor)
    from iljari.outcomes.grading import grades_compute, scheme_install

    run = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 12, 31))
    scheme_install()
    grades_compute(actor=actor, run=run)
    run_publish(actor=actor, run=run)
    draft = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 6, 30))
    return {"run": run, "draft": draft}


def _double_benefit_world(progs: dict[str, Any], units: dict[str, Any], actor: Any
                          ) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Per unit: a person with a subsidy and a paid participation in the same month (an alert), a review-band
    link to a second record of them, and a confirmed alert's recovery case (the double-receipt check, issue 14)."""
    from iljari.people.alerts import alert_decide, alerts_refresh
    from iljari.people.models import Alert, BenefitRecord, Person, PersonLink

    alerts, links, recoveries = {}, {}, {}
    for n, (key, p) in enumerate(progs.items()):
        unit = units[key]
        a = Person.objects.create(name=f"수급자{n}", source="list", district=unit)
        b = Person.objects.create(name=f"수급자{n}", source="list", district=unit)
        for who, kind, month in ((a, "subsidy", 3), (a, "paid", 3), (b, "paid", 9)):
            BenefitRecord.objects.create(person=who, program=None if kind == "subsidy" else p,
                                         program_name="고용유지지원금" if kind == "subsidy" else "", org_unit=unit, kind=kind,
                                         start=dt.date(2021, month, 1), end=dt.date(2021, month, 28), months=1,
                                         amount=100_000, source="officer")
        links[key] = PersonLink.objects.create(left=a, right=b, probability=0.9, band="review").pk
        BenefitRecord.objects.create(person=a, program=p, program_name="", org_unit=unit, kind="paid",
                                     start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 28), months=1, amount=1,
                                     source="officer")
    alerts_refresh(actor=actor, on=dt.date(2021, 5, 1))
    for key, p in progs.items():
        found = list(Alert.objects.filter(program=p, org_unit=units[key]).order_by("pk"))
        alerts[key] = found[0].pk
        recoveries[key] = alert_decide(actor=actor, alert=found[-1], decision="confirmed", amount=1_000,
                                       version=found[-1].version).recovery.pk
    return alerts, links, recoveries


def _episodes_world(applicants: dict[str, Any]) -> None:
    """An employment-insurance import with an episode of each unit's applicant (issue 18, employment episodes)."""
    from iljari.outcomes.models import EmploymentEpisode, EpisodeImport

    batch = EpisodeImport.objects.create(name="고용보험연계.csv", sha256="1" * 64, source="고용보험 DB 연계 2023-06",
                                         rows=len(applicants), as_of=dt.date(2023, 6, 30))
    for n, a in enumerate(applicants.values()):
        EmploymentEpisode.objects.create(person_id=a.person_id, employer_name="관악상사", business_number="1088112342",
                                         start=dt.date(2021, 9, 1), known_until=dt.date(2023, 6, 30),
                                         wage_band="150", source="insurance", source_ref=f"import:{batch.pk}:row:{n}",
                                         batch=batch)


def _employment_world(units: dict[str, Any], progs: dict[str, Any], actor: Any) -> dict[str, dict[str, Any]]:
    """Per unit a job centre with an employer, an open vacancy and a seeker (issue 15). Slices of issue 15 add
    their objects below, each in its own marked block, keyed by unit like the rest of the world."""
    from iljari.employment.models import Centre, Employer, Occupation, Seeker, Vacancy
    from iljari.people.models import Person

    occ = Occupation.objects.get(code="02")
    w: dict[str, dict[str, Any]] = {"centres": {}, "employers": {}, "vacancies": {}, "seekers": {}}
    for n, (key, unit) in enumerate(units.items()):
        centre = Centre.objects.create(code=f"C-{key}", name_ko=f"{unit.name_ko} 일자리센터", org_unit=unit,
                                       program=progs[key])
        employer = Employer.objects.create(name=f"기업{n}", business_number=f"{2000000000 + n}", centre=centre,
                                           district=unit)
        w["centres"][key], w["employers"][key] = centre, employer
        w["vacancies"][key] = Vacancy.objects.create(
            employer=employer, centre=centre, title=f"사무원{n}", occupation=occ, district=unit, wage_type="monthly",
            wage=2_500_000, hours_per_week=40, contract="permanent", posted_on=dt.date(2021, 5, 1),
            deadline=dt.date(2030, 12, 31))
        person = Person.objects.create(name=f"구직자{n}", source="seeker", district=unit)
        w["seekers"][key] = Seeker.objects.create(person=person, centre=centre, registered_on=dt.date(2021, 5, 1))
    # --- slice blocks (issue 15) ---
    # --- registry: a vacancy sent through the public form, awaiting approval, per unit ---
    w["pending"] = {}
    for n, (key, unit) in enumerate(units.items()):
        w["pending"][key] = Vacancy.objects.create(
            employer=w["employers"][key], centre=w["centres"][key], title=f"온라인 구인{n}", occupation=occ,
            district=unit, wage_type="hourly", wage=12_000, hours_per_week=20, contract="part_time",
            posted_on=dt.date(2021, 5, 1), deadline=dt.date(2030, 12, 31), status="pending", channel="online")
    # --- end registry ---
    # --- casework: per unit a session, a referral, a placement with its follow-ups, a job fair ---
    from iljari.employment.models import Counselling, FollowUp, JobFair, Placement, Referral

    for key in ("counselling", "referrals", "placements", "follow_ups", "job_fairs"):
        w[key] = {}
    for key, centre in w["centres"].items():
        seeker, vacancy = w["seekers"][key], w["vacancies"][key]
        w["counselling"][key] = Counselling.objects.create(seeker=seeker, centre=centre, held_on=dt.date(2021, 5, 3),
                                                           kind="intake")
        w["referrals"][key] = Referral.objects.create(seeker=seeker, vacancy=vacancy, centre=centre,
                                                      referred_on=dt.date(2021, 5, 4))
        w["placements"][key] = Placement.objects.create(
            seeker=seeker, centre=centre, employer_name="동네빵집", occupation=occ, placed_on=dt.date(2021, 5, 10),
            wage_type="monthly", wage=2_200_000, contract="permanent", via="self")
        w["follow_ups"][key] = FollowUp.objects.create(placement=w["placements"][key], months=1,
                                                       due_on=dt.date(2021, 6, 10))
        w["job_fairs"][key] = JobFair.objects.create(centre=centre, name="채용의 날", held_on=dt.date(2021, 5, 20))
    # --- end casework ---
    # --- slice "funnel": the centres' English names (the dashboard lists them), a derived funnel to show ---
    from iljari.employment.derive import funnel_derive

    for key, centre in w["centres"].items():
        Centre.objects.filter(pk=centre.pk).update(name_en=f"{units[key].name_en or key} Job Centre")
        centre.refresh_from_db()
    funnel_derive(actor=actor, year=2021, as_of=dt.date(2021, 5, 31), centres=list(w["centres"].values()))
    # --- end "funnel" ---
    return w


def _cases_world(units: dict[str, Any], progs: dict[str, Any], actor: Any) -> dict[str, dict[str, Any]]:
    """Per unit the three seed flows installed on the unit's program (codes suffixed by the unit) and a case of
    each: received by the unit when it is a district, by the city itself (no district) for 일자리정책과 (issue 17).
    Slices add their objects below, each in its own marked block, keyed by unit like the rest of the world."""
    from iljari.cases.flows import case_open
    from iljari.cases.models import Organisation
    from iljari.cases.services import flow_install
    from iljari.cases.specs import SPECS
    from iljari.people.models import Person

    w: dict[str, dict[str, Any]] = {"flows": {}, "retention": {}, "intern": {}, "village": {}, "organisations": {},
                                    "workers": {}}
    for n, (key, unit) in enumerate(units.items()):
        flows = {code: flow_install(actor=actor, program=progs[key], spec=spec, code=f"{code}-{key}")
                 for code, spec in SPECS.items()}
        w["flows"][key] = flows
        district = None if key == "JOBPOL" else unit
        org = Organisation.objects.create(name=f"사업장{n}", business_number=f"10{n:08d}", employees=10,
                                          sector="other", district=district)
        worker = Person.objects.create(name=f"근로자{n}", source="list", district=district)
        w["organisations"][key], w["workers"][key] = org, worker
        w["retention"][key] = case_open(actor=actor, flow=flows["RETENTION-2021"], district=district,
                                        applied_on=dt.date(2021, 3, 15), organisation=org, person=worker)
        w["intern"][key] = case_open(actor=actor, flow=flows["WOMEN-INTERN"], district=district,
                                     applied_on=dt.date(2021, 3, 15), organisation=org, person=worker)
        w["village"][key] = case_open(actor=actor, flow=flows["VILLAGE-ENT"], district=district,
                                      applied_on=dt.date(2021, 3, 15), organisation=org, category="new")
    # --- slice blocks (issue 17) ---
    # --- bookings slice "ledger" ---
    # --- end "ledger" ---
    # --- cases slice "flows" ---
    from iljari.cases.models import Payment

    w["payments"] = {key: Payment.objects.create(case=w["retention"][key], amount=500_000,
                                                 due_on=dt.date(2021, 4, 30)) for key in units}
    # --- end "flows" ---
    # --- cases slice "money" ---: per unit a payment batch of its retention flow and a recovery of its case
    from iljari.cases.models import PaymentBatch, Recovery

    w["money"] = {"batches": {}, "recoveries": {}}
    for key, unit in units.items():
        w["money"]["batches"][key] = PaymentBatch.objects.create(
            flow=w["flows"][key]["RETENTION-2021"], district=unit, number=f"M-{key}", pay_on=dt.date(2021, 4, 30))
        w["money"]["recoveries"][key] = Recovery.objects.create(case=w["retention"][key], amount=1_000, reason="점검")
    # --- end "money" ---
    # --- cases slice "subsidy": a document of each unit's retention claim ---
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iljari.cases.subsidy import document_add

    w["documents"] = {key: document_add(actor=actor, case=w["retention"][key], doc_type="leave_proof",
                                        uploaded_file=SimpleUploadedFile("휴직확인서.PDF", b"%PDF-1.4\n%\n"))
                      for key in units}
    # --- end "subsidy" ---
    # --- cases slice "calls" ---
    # per unit a published call of the unit's village flow taking a district (관악구 for 일자리정책과's), and an
    # application to it at the first stage
    from iljari.cases.models import Call, CallDistrict, Document

    w["calls"], w["call_cases"], w["call_documents"] = {}, {}, {}
    for n, (key, unit) in enumerate(units.items()):
        district = units["GWANAK"] if key == "JOBPOL" else unit
        call = Call.objects.create(flow=w["flows"][key]["VILLAGE-ENT"], code=f"CALL-{key}", year=2021,
                                   title_ko=f"공모 {key}", opens_on=dt.date(2021, 1, 1),
                                   closes_on=dt.date(2030, 12, 31), published=True,
                                   categories=[{"code": "new", "ko": "신규", "en": "New", "amount": 50_000_000}])
        CallDistrict.objects.create(call=call, district=district)
        org = Organisation.objects.create(name=f"공모단체{n}", business_number=f"77{n:08d}", district=district)
        w["calls"][key] = call
        w["call_cases"][key] = case_open(actor=actor, flow=call.flow, district=district, call=call,
                                         applied_on=dt.date(2021, 3, 15), organisation=org, category="new")
        w["call_documents"][key] = Document.objects.create(
            case=w["call_cases"][key], doc_type="application", file=f"cases/x/call{n}.pdf", name="신청서.pdf",
            size=10, content_type="application/pdf", sha256="0" * 64)
    # --- end "calls" ---
    return w


def _bookings_world(units: dict[str, Any], progs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per unit an operator with a café (a study room with one seat, a programme with a session), a suit branch
    with one piece, a citizen with a room booking, a session booking, a suit rental, a waiting-list entry and a
    penalty (issue 16). Slices add their objects below, each in its own marked block."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from iljari.bookings.models import (
        Booking,
        BookingRule,
        CitizenAccount,
        Operator,
        Penalty,
        Place,
        Programme,
        Rental,
        RentalLine,
        Room,
        Seat,
        Session,
        SuitItem,
        WaitlistEntry,
    )
    from iljari.people.models import Person

    for service in ("study_room", "ai_room", "programme", "suit"):
        BookingRule.objects.get_or_create(service=service, valid_from=dt.date(2016, 1, 1),
                                          defaults={"residents_only": False, "daily_minutes": 180})
    keys = ("operators", "cafes", "rooms", "seats", "programmes", "sessions", "branches", "items", "citizens",
            "bookings", "session_bookings", "rentals", "waitlist", "penalties")
    w: dict[str, dict[str, Any]] = {k: {} for k in keys}
    start = timezone.make_aware(dt.datetime(2030, 3, 4, 10, 0))
    for n, (key, unit) in enumerate(units.items()):
        op = Operator.objects.create(code=f"OP-{key}", name_ko=f"{unit.name_ko} 운영", name_en=f"{key} operator",
                                     kind="district", org_unit=unit, program=progs[key])
        cafe = Place.objects.create(code=f"CAFE-{key}", name_ko=f"{unit.name_ko} 일자리카페", name_en=f"{key} job café",
                                    kind="cafe", operator=op, district=units["GWANAK"])
        room = Room.objects.create(place=cafe, name_ko="스터디룸", name_en="Study room", kind="study", capacity=1)
        seat = Seat.objects.create(room=room, label="전체")
        programme = Programme.objects.create(place=cafe, kind="talk", title_ko="특강", title_en="Talk")
        session = Session.objects.create(programme=programme, starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                         capacity=1)
        branch = Place.objects.create(code=f"SUIT-{key}", name_ko=f"{unit.name_ko} 정장 지점",
                                      name_en=f"{key} suit branch", kind="suit_branch", operator=op,
                                      district=units["GWANAK"])
        item = SuitItem.objects.create(operator=op, branch=branch, tag=f"T-{key}", item="jacket", cut="men", size="100")
        person = Person.objects.create(name=f"예약자{n}", birth_date=dt.date(1999, 1, 1), source="booking",
                                       district=units["GWANAK"], phone=f"0107000{n:04d}")
        account = CitizenAccount.objects.create(phone=f"0107000{n:04d}", password=make_password("x-iljari-2026"),
                                                person=person)
        booking = Booking.objects.create(kind="room", service="study_room", person=person, account=account,
                                         place=cafe, room=room, seat=seat, starts_at=start,
                                         ends_at=start + dt.timedelta(hours=1))
        sb = Booking.objects.create(kind="session", service="programme", person=person, account=account, place=cafe,
                                    session=session, starts_at=session.starts_at, ends_at=session.ends_at)
        rental = Rental.objects.create(person=person, account=account, operator=op, branch=branch,
                                       pickup_on=dt.date(2030, 3, 4), due_on=dt.date(2030, 3, 7))
        RentalLine.objects.create(rental=rental, item=item, starts_on=rental.pickup_on, ends_on=rental.due_on)
        other = Person.objects.create(name=f"대기자{n}", birth_date=dt.date(2000, 1, 1), source="booking",
                                      district=units["GWANAK"])
        wait = WaitlistEntry.objects.create(person=other, service="programme", place=cafe, session=session,
                                            starts_at=session.starts_at, ends_at=session.ends_at)
        penalty = Penalty.objects.create(person=other, service="study_room", reason="no_show", place=cafe,
                                         starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 1, 30))
        for k, v in zip(keys, (op, cafe, room, seat, programme, session, branch, item, account, booking, sb, rental,
                               wait, penalty), strict=True):
            w[k][key] = v
    # --- slice blocks (issue 16) ---
    # --- rooms ---
    # --- end rooms ---
    # --- programmes ---
    # --- end programmes ---
    # --- suits ---
    # --- end suits ---
    # --- accounts ---
    w["rules"] = {key: BookingRule.objects.get(service="study_room", valid_from=dt.date(2016, 1, 1))
                  for key in units}
    # --- end accounts ---
    # --- ledger ---
    # --- end ledger ---
    return w


def own_key(role: str) -> str:
    return "JOBPOL" if role == "program_officer" else "GWANAK"


def _job_key(w: dict[str, Any], k: str) -> str:
    """A report job is its requester's own; another's is "other"."""
    return "YDP" if k == "YDP" or w["role"] not in w["jobs"] else w["role"]


# URL builders: (world, unit key) -> path. The unit key is the role's own unit or 영등포구.
U = Callable[[dict[str, Any], str], str]
URLS: dict[str, U] = {
    "web:dashboard": lambda w, k: "/?year=2021&as_of=2021-05-31",
    "web:login": lambda w, k: "/login/",
    "web:logout": lambda w, k: "/logout/",
    "web:programs": lambda w, k: "/programs/?year=2021&as_of=2021-05-31",
    "web:program": lambda w, k: f"/programs/{w['programs'][k].code}/?year=2021&as_of=2021-05-31",
    "web:program_edit": lambda w, k: f"/programs/{w['programs'][k].code}/edit/",
    "web:program_similar": lambda w, k: f"/programs/{w['programs'][k].code}/similar/",
    "web:program_note": lambda w, k: f"/programs/{w['programs'][k].code}/report-text/2021/",
    "web:duplicates": lambda w, k: "/duplicates/",
    "web:duplicates_decide": lambda w, k: "/duplicates/decide/",
    "web:planning": lambda w, k: "/planning/",
    "web:rounds": lambda w, k: "/rounds/",
    "web:round": lambda w, k: f"/rounds/{w['rounds'][k].pk}/",
    "web:round_action": lambda w, k: f"/rounds/{w['rounds'][k].pk}/action/",
    "web:round_import": lambda w, k: f"/rounds/{w['rounds'][k].pk}/import/",
    "web:round_rules": lambda w, k: f"/rounds/{w['rounds'][k].pk}/rules/",
    "web:round_enter": lambda w, k: f"/rounds/{w['rounds'][k].pk}/enter/",
    "web:applicant_edit": lambda w, k: f"/rounds/{w['rounds'][k].pk}/applicants/{w['applicants'][k].pk}/",
    "web:api_tokens": lambda w, k: "/account/api-tokens/",
    "web:round_export": lambda w, k: f"/rounds/{w['rounds'][k].pk}/export/participants/",
    "web:round_new": lambda w, k: "/rounds/new/",
    "web:round_edit": lambda w, k: f"/rounds/{w['rounds'][k].pk}/edit/",
    "web:evaluation": lambda w, k: "/evaluation/?year=2021",
    "web:evaluation_weak": lambda w, k: "/evaluation/weak/",
    "web:evaluation_scheme": lambda w, k: "/evaluation/scheme/",
    "web:pivot": lambda w, k: "/pivot/?year=2021&as_of=2021-05-31",
    "web:entry": lambda w, k: f"/entry/?unit={w['units'][k].code}&month=2021-05",
    "web:entry_template": lambda w, k: f"/entry/template/?unit={w['units'][k].code}&month=2021-05",
    "web:entry_upload": lambda w, k: "/entry/upload/",
    "web:entry_workflow": lambda w, k: "/entry/workflow/",
    "web:orgs": lambda w, k: "/orgs/",
    "web:org_edit": lambda w, k: f"/orgs/{w['units'][k].code}/",
    "web:codes": lambda w, k: "/codes/",
    "web:code_edit": lambda w, k: "/codes/edit/",
    "web:audit": lambda w, k: "/audit/",
    "web:quality": lambda w, k: "/quality/?year=2021&as_of=2021-05-31",
    "web:pledges": lambda w, k: "/pledges/",
    "web:pledge": lambda w, k: f"/pledges/{w['pledges'][k].number}/",
    "web:pledge_update": lambda w, k: f"/pledges/{w['pledges'][k].number}/update/",
    "web:publish": lambda w, k: "/reports/publish/",
    "web:coefficients": lambda w, k: "/reports/coefficients/",
    "web:report": lambda w, k: f"/reports/disclosure/?org={w['units'][k].code}&year=2021&as_of=2021-05-31",
    "web:report_job": lambda w, k: f"/reports/jobs/{w['jobs'][_job_key(w, k)]}/",
    "web:report_job_file": lambda w, k: f"/reports/jobs/{w['jobs'][_job_key(w, k)]}/file/",
    # reports, slice "disclosure" (issue 18): the job plans
    "web:job_plans": lambda w, k: "/job-plans/",
    "web:job_plan": lambda w, k: f"/job-plans/{w['plans'][k].org.code}/annual/2021/",
    "web:job_plan_edit": lambda w, k: f"/job-plans/{w['plans'][k].org.code}/annual/2021/edit/",
    "public:list": lambda w, k: "/public/",
    "public:detail": lambda w, k: f"/public/{w['publication'].slug}/",
    "public:pdf": lambda w, k: f"/public/{w['publication'].slug}/pdf/",
    "apply_list": lambda w, k: "/apply/",
    "apply": lambda w, k: f"/apply/{w['rounds'][k].pk}/",
    "set_language": lambda w, k: "/i18n/setlang/",
    "api-root": lambda w, k: "/api/",
    "rollup": lambda w, k: f"/api/rollup/?year=2021&as_of=2021-05-31&by=program&org={w['units'][k].code}",
    "validate": lambda w, k: f"/api/validate/?year=2021&as_of=2021-05-31&org={w['units'][k].code}",
    "schema": lambda w, k: "/api/schema/",
    "api-docs": lambda w, k: "/api/docs/",
    "code-list": lambda w, k: "/api/codes/",
    "code-detail": lambda w, k: "/api/codes/1/",
    "measure-list": lambda w, k: "/api/measures/",
    "measure-detail": lambda w, k: "/api/measures/job_result/",
    "orgunit-list": lambda w, k: "/api/orgs/",
    "orgunit-detail": lambda w, k: f"/api/orgs/{w['units'][k].code}/",
    "program-list": lambda w, k: "/api/programs/",
    "program-detail": lambda w, k: f"/api/programs/{w['programs'][k].code}/",
    "fact-list": lambda w, k: "/api/facts/",
    "fact-detail": lambda w, k: f"/api/facts/{w['programs'][k].facts.order_by('pk').first().pk}/",
    "imports-facts": lambda w, k: "/api/imports/facts/",
    "imports-orgs": lambda w, k: "/api/imports/orgs/",
    "imports-programs": lambda w, k: "/api/imports/programs/",
    "imports-workbook": lambda w, k: "/api/imports/workbook/",
    "web:round_payroll": lambda w, k: f"/rounds/{w['rounds'][k].pk}/payroll/",
    # the person registry (issue 14): an applicant's person record is in the scope of the round's program's units
    "people:search": lambda w, k: "/people/",
    "people:person": lambda w, k: f"/people/{w['applicants'][k].person_id}/",
    "people:lists": lambda w, k: "/people/lists/",
    "people:list_template": lambda w, k: "/people/lists/template/",
    "person-list": lambda w, k: "/api/persons/",
    "person-detail": lambda w, k: f"/api/persons/{w['applicants'][k].person_id}/?purpose=double_benefit",
    "person-check": lambda w, k: f"/api/persons/{w['applicants'][k].person_id}/check/",
    "benefit-list": lambda w, k: "/api/benefits/",
    "benefit-detail": lambda w, k: f"/api/benefits/{_benefit(w, k)}/",
    # the double-receipt check (issue 14)
    "people:alerts": lambda w, k: "/alerts/",
    "people:alerts_export": lambda w, k: "/alerts/export/",
    "people:alert": lambda w, k: f"/alerts/{w['alerts'][k]}/",
    "people:links": lambda w, k: "/links/",
    "people:link": lambda w, k: f"/links/{w['links'][k]}/",
    "people:recoveries": lambda w, k: "/recoveries/",
    "people:recovery": lambda w, k: f"/recoveries/{w['recoveries'][k]}/",
    "people:benefit_rules": lambda w, k: "/benefit-rules/",
    "alert-list": lambda w, k: "/api/alerts/",
    "alert-detail": lambda w, k: f"/api/alerts/{w['alerts'][k]}/",
    "link-list": lambda w, k: "/api/links/",
    "link-detail": lambda w, k: f"/api/links/{w['links'][k]}/",
    "link-decide": lambda w, k: f"/api/links/{w['links'][k]}/decide/",
    "recovery-list": lambda w, k: "/api/recoveries/",
    "recovery-detail": lambda w, k: f"/api/recoveries/{w['recoveries'][k]}/",
    "recovery-payments": lambda w, k: f"/api/recoveries/{w['recoveries'][k]}/payments/",
    # people: record linkage runs (issue 14)
    "people:linkage_runs": lambda w, k: "/linkage/",
    "people:linkage_run_start": lambda w, k: "/linkage/start/",
    # employment: job centres (issue 15)
    "employment:seeker": lambda w, k: f"/centres/seekers/{w['employment']['seekers'][k].pk}/",
    "employment:vacancy": lambda w, k: f"/centres/vacancies/{w['employment']['vacancies'][k].pk}/",
    # --- employment, slice "public": the citizens' and employers' job pages (no login) ---
    "jobs:search": lambda w, k: "/jobs/",
    "jobs:vacancy": lambda w, k: f"/jobs/{w['employment']['vacancies'][k].pk}/",
    "jobs:register": lambda w, k: "/jobs/register/",
    "jobs:post": lambda w, k: "/jobs/post/",
    # --- end "public" ---
    # registry (issue 15): seekers, vacancies, employers, the approval queue; their API
    "employment:seekers": lambda w, k: "/centres/seekers/",
    "employment:seeker_new": lambda w, k: "/centres/seekers/new/",
    "employment:vacancies": lambda w, k: "/centres/vacancies/",
    "employment:vacancy_new": lambda w, k: "/centres/vacancies/new/",
    "employment:vacancy_approvals": lambda w, k: "/centres/vacancies/approvals/",
    "employment:vacancy_decide": lambda w, k: f"/centres/vacancies/{w['employment']['pending'][k].pk}/decide/",
    "employment:employers": lambda w, k: "/centres/employers/",
    "employment:employer_new": lambda w, k: "/centres/employers/new/",
    "employment:employer": lambda w, k: f"/centres/employers/{w['employment']['employers'][k].pk}/",
    "seeker-list": lambda w, k: "/api/seekers/",
    "seeker-detail": lambda w, k: f"/api/seekers/{w['employment']['seekers'][k].pk}/",
    "vacancy-list": lambda w, k: "/api/vacancies/",
    "vacancy-detail": lambda w, k: f"/api/vacancies/{w['employment']['vacancies'][k].pk}/",
    "vacancy-approve": lambda w, k: f"/api/vacancies/{w['employment']['pending'][k].pk}/approve/",
    "vacancy-reject": lambda w, k: f"/api/vacancies/{w['employment']['pending'][k].pk}/reject/",
    "employer-list": lambda w, k: "/api/employers/",
    "employer-detail": lambda w, k: f"/api/employers/{w['employment']['employers'][k].pk}/",
    # --- matching (issue 15): the code lists (one list for all: "other" is the same page) and the matches API
    "employment:codes_occupations": lambda w, k: "/centres/codes/occupations/",
    "employment:codes_occupation_new": lambda w, k: "/centres/codes/occupations/new/",
    "employment:codes_occupation_active": lambda w, k: f"/centres/codes/occupations/{_occupation(k)}/active/",
    "employment:codes_skills": lambda w, k: "/centres/codes/skills/",
    "employment:codes_skill_new": lambda w, k: "/centres/codes/skills/new/",
    "employment:codes_skill_edit": lambda w, k: f"/centres/codes/skills/{_skill(k)}/",
    "employment:codes_minimum_wage": lambda w, k: "/centres/codes/minimum-wage/",
    "employment:codes_minimum_wage_new": lambda w, k: "/centres/codes/minimum-wage/new/",
    "matches": lambda w, k: f"/api/matches/?seeker={w['employment']['seekers'][k].pk}",
    # --- end matching
    # employment casework (issue 15): sessions, referrals, placements, follow-ups, job fairs; and their API
    "employment:seeker_session": lambda w, k: f"/centres/seekers/{w['employment']['seekers'][k].pk}/sessions/",
    "employment:seeker_refer": lambda w, k: f"/centres/seekers/{w['employment']['seekers'][k].pk}/refer/",
    "employment:seeker_placement": lambda w, k: f"/centres/seekers/{w['employment']['seekers'][k].pk}/placements/",
    "employment:referral_outcome":
        lambda w, k: f"/centres/referrals/{w['employment']['referrals'][k].pk}/outcome/",
    "employment:vacancy_refer": lambda w, k: f"/centres/vacancies/{w['employment']['vacancies'][k].pk}/refer/",
    "employment:follow_ups": lambda w, k: "/centres/follow-ups/",
    "employment:follow_up": lambda w, k: f"/centres/follow-ups/{w['employment']['follow_ups'][k].pk}/",
    "employment:job_fairs": lambda w, k: "/centres/job-fairs/",
    "employment:job_fair": lambda w, k: f"/centres/job-fairs/{w['employment']['job_fairs'][k].pk}/",
    "referral-list": lambda w, k: "/api/referrals/",
    "referral-detail": lambda w, k: f"/api/referrals/{w['employment']['referrals'][k].pk}/",
    "referral-outcome": lambda w, k: f"/api/referrals/{w['employment']['referrals'][k].pk}/outcome/",
    "placement-list": lambda w, k: "/api/placements/",
    "placement-detail": lambda w, k: f"/api/placements/{w['employment']['placements'][k].pk}/",
    "counselling-list": lambda w, k: "/api/counselling/",
    "counselling-detail": lambda w, k: f"/api/counselling/{w['employment']['counselling'][k].pk}/",
    "follow-up-list": lambda w, k: "/api/follow-ups/",
    "follow-up-detail": lambda w, k: f"/api/follow-ups/{w['employment']['follow_ups'][k].pk}/",
    "follow-up-record": lambda w, k: f"/api/follow-ups/{w['employment']['follow_ups'][k].pk}/record/",
    # --- slice "funnel" (issue 15): the centre dashboard (aggregates: every role; local officers their centres)
    "employment:home": lambda w, k: "/centres/",
    # --- end "funnel" ---
    # bookings (issue 16): the citizens' pages (a citizen's own session, never an officer's login) and the officers'
    "cafes:home": lambda w, k: "/cafes/",
    "cafes:logout": lambda w, k: "/cafes/logout/",
    "bookings:home": lambda w, k: "/bookings/",
    # --- bookings slice "rooms" ---
    "cafes:room": lambda w, k: f"/cafes/rooms/{w['bookings']['rooms'][k].pk}/",
    "cafes:room_booked": lambda w, k: f"/cafes/bookings/{w['bookings']['bookings'][k].pk}/booked/",
    "cafes:booking_cancel": lambda w, k: f"/cafes/bookings/{w['bookings']['bookings'][k].pk}/cancel/",
    "bookings:today": lambda w, k: f"/bookings/today/?place={w['bookings']['cafes'][k].code}&day=2030-03-04",
    "bookings:booking_action":
        lambda w, k: f"/bookings/bookings/{w['bookings']['bookings'][k].pk}/action/",
    "bookings:desk_booking": lambda w, k: f"/bookings/rooms/{w['bookings']['rooms'][k].pk}/book/",
    "slots": lambda w, k: f"/api/slots/?room={w['bookings']['rooms'][k].pk}&day=2030-03-04",
    "booking-list": lambda w, k: "/api/bookings/",
    "booking-detail": lambda w, k: f"/api/bookings/{w['bookings']['bookings'][k].pk}/",
    "booking-cancel": lambda w, k: f"/api/bookings/{w['bookings']['bookings'][k].pk}/cancel/",
    "booking-check-in": lambda w, k: f"/api/bookings/{w['bookings']['bookings'][k].pk}/check-in/",
    "booking-no-show": lambda w, k: f"/api/bookings/{w['bookings']['bookings'][k].pk}/no-show/",
    # --- end "rooms" ---
    # --- bookings slice "programmes" ---
    "bookings:sessions": lambda w, k: "/bookings/sessions/",
    "bookings:session": lambda w, k: f"/bookings/sessions/{w['bookings']['sessions'][k].pk}/",
    "bookings:session_new": lambda w, k: "/bookings/sessions/new/",
    "bookings:programmes": lambda w, k: "/bookings/programmes/",
    "bookings:programme": lambda w, k: f"/bookings/programmes/{w['bookings']['programmes'][k].pk}/",
    "cafes:programmes": lambda w, k: "/cafes/programmes/",
    "cafes:session": lambda w, k: f"/cafes/sessions/{w['bookings']['sessions'][k].pk}/",
    "cafes:session_cancel": lambda w, k: f"/cafes/session-bookings/{w['bookings']['session_bookings'][k].pk}/cancel/",
    "cafes:waitlist_entry": lambda w, k: f"/cafes/waitlist/{w['bookings']['waitlist'][k].pk}/",
    "programme-session-list": lambda w, k: "/api/sessions/",
    "programme-session-detail": lambda w, k: f"/api/sessions/{w['bookings']['sessions'][k].pk}/",
    "session-booking-list": lambda w, k: "/api/session-bookings/",
    "session-booking-detail": lambda w, k: f"/api/session-bookings/{w['bookings']['session_bookings'][k].pk}/",
    "session-booking-cancel":
        lambda w, k: f"/api/session-bookings/{w['bookings']['session_bookings'][k].pk}/cancel/",
    "waitlist-list": lambda w, k: "/api/waitlist/",
    "waitlist-detail": lambda w, k: f"/api/waitlist/{w['bookings']['waitlist'][k].pk}/",
    # --- end "programmes" ---
    # --- bookings slice "suits" ---
    "cafes:suits": lambda w, k: "/cafes/suits/",
    "cafes:suit_book": lambda w, k: f"/cafes/suits/{w['bookings']['branches'][k].code}/book/",
    "cafes:rental": lambda w, k: f"/cafes/rentals/{w['bookings']['rentals'][k].pk}/",
    "cafes:rental_cancel": lambda w, k: f"/cafes/rentals/{w['bookings']['rentals'][k].pk}/cancel/",
    "bookings:rentals": lambda w, k: "/bookings/rentals/",
    "bookings:rental": lambda w, k: f"/bookings/rentals/{w['bookings']['rentals'][k].pk}/",
    "bookings:desk_rental": lambda w, k: "/bookings/rentals/new/",
    "bookings:stock": lambda w, k: "/bookings/stock/",
    "bookings:stock_new": lambda w, k: "/bookings/stock/new/",
    "bookings:stock_item": lambda w, k: f"/bookings/stock/{w['bookings']['items'][k].pk}/",
    "rental-list": lambda w, k: "/api/rentals/",
    "rental-detail": lambda w, k: f"/api/rentals/{w['bookings']['rentals'][k].pk}/",
    "rental-pick-up": lambda w, k: f"/api/rentals/{w['bookings']['rentals'][k].pk}/pick-up/",
    "rental-return": lambda w, k: f"/api/rentals/{w['bookings']['rentals'][k].pk}/return/",
    "rental-cancel": lambda w, k: f"/api/rentals/{w['bookings']['rentals'][k].pk}/cancel/",
    "suit-item-list": lambda w, k: "/api/suit-items/",
    "suit-item-detail": lambda w, k: f"/api/suit-items/{w['bookings']['items'][k].pk}/",
    # --- end "suits" ---
    # --- bookings slice "accounts" ---
    "cafes:place": lambda w, k: f"/cafes/places/{w['bookings']['cafes'][k].code}/",
    "cafes:register": lambda w, k: "/cafes/register/",
    "cafes:login": lambda w, k: "/cafes/login/",
    "cafes:account": lambda w, k: "/cafes/account/",
    "cafes:mine": lambda w, k: "/cafes/mine/",
    "bookings:places": lambda w, k: "/bookings/places/",
    "bookings:place_new": lambda w, k: "/bookings/places/new/",
    "bookings:places_import": lambda w, k: "/bookings/places/import/",
    "bookings:places_template": lambda w, k: "/bookings/places/template.xlsx",
    "bookings:place": lambda w, k: f"/bookings/places/{w['bookings']['cafes'][k].code}/",
    "bookings:operators": lambda w, k: "/bookings/operators/",
    "bookings:operator_new": lambda w, k: "/bookings/operators/new/",
    "bookings:operator": lambda w, k: f"/bookings/operators/{w['bookings']['operators'][k].code}/",
    "bookings:rules": lambda w, k: "/bookings/rules/",
    "bookings:rule_new": lambda w, k: "/bookings/rules/new/",
    "bookings:rule": lambda w, k: f"/bookings/rules/{w['bookings']['rules'][k].pk}/",
    "bookings:penalties": lambda w, k: "/bookings/penalties/",
    "bookings:penalty_lift": lambda w, k: f"/bookings/penalties/{w['bookings']['penalties'][k].pk}/lift/",
    "place-list": lambda w, k: "/api/places/",
    "place-detail": lambda w, k: f"/api/places/{w['bookings']['cafes'][k].code}/",
    # --- end "accounts" ---
    # --- cases slice "flows" ---
    "cases:queue": lambda w, k: "/cases/",
    "cases:search": lambda w, k: f"/cases/search/?q={w['cases']['retention'][k].reference}",
    "cases:case": lambda w, k: f"/cases/{w['cases']['retention'][k].reference}/",
    "cases:flows": lambda w, k: "/cases/flows/",
    "cases:flow": lambda w, k: f"/cases/flows/{w['cases']['flows'][k]['VILLAGE-ENT'].code}/",
    "cases:stage_edit": lambda w, k: "/cases/flows/{}/stages/{}/".format(
        w['cases']['flows'][k]['VILLAGE-ENT'].code, w['cases']['flows'][k]['VILLAGE-ENT'].stages.first().pk),
    "cases:transition_edit": lambda w, k: "/cases/flows/{}/transitions/{}/".format(
        w['cases']['flows'][k]['VILLAGE-ENT'].code, w['cases']['flows'][k]['VILLAGE-ENT'].transitions.first().pk),
    "cases:overview": lambda w, k: "/cases/overview/",
    "cases:overview_xlsx": lambda w, k: "/cases/overview.xlsx",
    "case-list": lambda w, k: "/api/cases/",
    "case-detail": lambda w, k: f"/api/cases/{w['cases']['retention'][k].pk}/",
    "case-move": lambda w, k: f"/api/cases/{w['cases']['retention'][k].pk}/move/",
    "flow-list": lambda w, k: "/api/flows/",
    "flow-detail": lambda w, k: f"/api/flows/{w['cases']['flows'][k]['VILLAGE-ENT'].code}/",
    "payment-list": lambda w, k: "/api/payments/",
    "payment-detail": lambda w, k: f"/api/payments/{w['cases']['payments'][k].pk}/",
    # --- end cases "flows" ---
    # --- cases slice "subsidy" ---
    "cases:subsidy_new": lambda w, k: f"/cases/subsidy/{w['cases']['flows'][k]['RETENTION-2021'].code}/new/",
    "cases:subsidy_import": lambda w, k: f"/cases/subsidy/{w['cases']['flows'][k]['RETENTION-2021'].code}/import/",
    "cases:subsidy_import_template": lambda w, k: "/cases/subsidy/import/template/",
    "cases:subsidy_claim": lambda w, k: f"/cases/subsidy/claims/{w['cases']['retention'][k].pk}/",
    "cases:subsidy_document_upload": lambda w, k: f"/cases/subsidy/claims/{w['cases']['retention'][k].pk}/documents/",
    "cases:subsidy_document": lambda w, k: f"/cases/subsidy/documents/{w['cases']['documents'][k].pk}/",
    "grants:subsidy": lambda w, k: f"/grants/subsidies/{w['cases']['flows'][k]['RETENTION-2021'].code}/",
    "grants:subsidy_apply": lambda w, k: f"/grants/subsidies/{w['cases']['flows'][k]['RETENTION-2021'].code}/apply/",
    "grants:status": lambda w, k: "/grants/status/",
    # --- end "subsidy" ---
    # --- bookings slice "ledger" ---
    # --- end "ledger" ---
    # --- cases slice "money" ---
    "cases:money_budgets": lambda w, k: "/cases/money/budgets/?year=2021",
    "cases:money_batches": lambda w, k: "/cases/money/batches/",
    "cases:money_batch": lambda w, k: f"/cases/money/batches/{w['cases']['money']['batches'][k].pk}/",
    "cases:money_batch_file": lambda w, k: f"/cases/money/batches/{w['cases']['money']['batches'][k].pk}/file/",
    "cases:money_recoveries": lambda w, k: "/cases/money/recoveries/",
    "cases:money_recovery": lambda w, k: f"/cases/money/recoveries/{w['cases']['money']['recoveries'][k].pk}/",
    "cases:money_case": lambda w, k: f"/cases/money/cases/{w['cases']['retention'][k].pk}/",
    # --- end "money" ---
    # --- cases slice "calls" ---
    "cases:calls": lambda w, k: "/cases/calls/",
    "cases:call_new": lambda w, k: "/cases/calls/new/",
    "cases:reviews": lambda w, k: "/cases/calls/reviews/",
    "cases:review": lambda w, k: f"/cases/calls/reviews/{w['cases']['call_cases'][k].pk}/",
    "cases:review_recuse": lambda w, k: f"/cases/calls/reviews/{w['cases']['call_cases'][k].pk}/recuse/",
    "cases:call_document": lambda w, k: f"/cases/calls/documents/{w['cases']['call_documents'][k].pk}/",
    "cases:call_interview": lambda w, k: f"/cases/calls/cases/{w['cases']['call_cases'][k].pk}/interview/",
    "cases:call_decision": lambda w, k: f"/cases/calls/cases/{w['cases']['call_cases'][k].pk}/decision/",
    "cases:call_agreement": lambda w, k: f"/cases/calls/cases/{w['cases']['call_cases'][k].pk}/agreement/",
    "cases:call_payment": lambda w, k: f"/cases/calls/cases/{w['cases']['call_cases'][k].pk}/payment/",
    "cases:call": lambda w, k: f"/cases/calls/{w['cases']['calls'][k].code}/",
    "cases:call_edit": lambda w, k: f"/cases/calls/{w['cases']['calls'][k].code}/edit/",
    "cases:call_publish": lambda w, k: f"/cases/calls/{w['cases']['calls'][k].code}/publish/",
    "cases:call_reviewers": lambda w, k: f"/cases/calls/{w['cases']['calls'][k].code}/reviewers/",
    "cases:call_desk": lambda w, k: f"/cases/calls/{w['cases']['calls'][k].code}/desk/",
    "grants:index": lambda w, k: "/grants/",
    "grants:calls": lambda w, k: "/grants/calls/",
    "grants:call_status": lambda w, k: "/grants/calls/status/",
    "grants:call": lambda w, k: f"/grants/calls/{w['cases']['calls'][k].code}/",
    "grants:call_apply": lambda w, k: f"/grants/calls/{w['cases']['calls'][k].code}/apply/",
    # the calls' API: calls, ranked lists, applications; a reviewer's assignments, scoring and recusal
    "call-list": lambda w, k: "/api/calls/",
    "call-detail": lambda w, k: f"/api/calls/{w['cases']['calls'][k].code}/",
    "call-ranking": lambda w, k: f"/api/calls/{w['cases']['calls'][k].code}/ranking/",
    "call-applications": lambda w, k: f"/api/calls/{w['cases']['calls'][k].code}/applications/",
    "review-list": lambda w, k: "/api/reviews/",
    "review-detail": lambda w, k: f"/api/reviews/{w['cases']['call_cases'][k].pk}/",
    "review-recuse": lambda w, k: f"/api/reviews/{w['cases']['call_cases'][k].pk}/recuse/",
    # --- end "calls" ---
    # --- outcomes slice "indicators" (issue 18): runs, a run, a figure's trace, indicator definitions ---
    "outcomes:runs": lambda w, k: "/outcomes/",
    "outcomes:run_start": lambda w, k: "/outcomes/run/",
    "outcomes:indicators": lambda w, k: "/outcomes/indicators/",
    "outcomes:indicator": lambda w, k: "/outcomes/indicators/employed_within/",
    "outcomes:run": lambda w, k: f"/outcomes/{w['outcomes']['run'].pk}/",
    "outcomes:run_publish": lambda w, k: f"/outcomes/{w['outcomes']['draft'].pk}/publish/",
    "outcomes:trace": lambda w, k: f"/outcomes/{w['outcomes']['run'].pk}/{w['programs'][k].code}/participants/",
    # --- outcomes slice "grades" (issue 18 §4): a run's grades, the sunset list, the report, the proposed cut ---
    "outcomes:grades": lambda w, k: f"/outcomes/{w['outcomes']['run'].pk}/grades/",
    "outcomes:grades_compute": lambda w, k: f"/outcomes/{w['outcomes']['draft'].pk}/grade/",
    "outcomes:sunset": lambda w, k: f"/outcomes/{w['outcomes']['run'].pk}/sunset/",
    "outcomes:grades_xlsx": lambda w, k: f"/outcomes/{w['outcomes']['run'].pk}/grades.xlsx",
    # --- outcomes slice "history" (issue 18 §6): five years of grades, one program's five years, the workbook ---
    "outcomes:history": lambda w, k: "/outcomes/history/",
    "outcomes:history_xlsx": lambda w, k: "/outcomes/history.xlsx",
    "outcomes:program": lambda w, k: f"/outcomes/programs/{w['programs'][k].code}/",
    "outcomes:grade_cut": lambda w, k: f"/outcomes/{w['outcomes']['run'].pk}/grades/{w['programs'][k].code}/cut/",
    "outcome-run-list": lambda w, k: "/api/outcome-runs/",
    "outcome-run-detail": lambda w, k: f"/api/outcome-runs/{w['outcomes']['run'].pk}/",
    "outcome-run-figures": lambda w, k: f"/api/outcome-runs/{w['outcomes']['run'].pk}/figures/?program="
                                        f"{w['programs'][k].code}",
    "outcome-run-grades": lambda w, k: f"/api/outcome-runs/{w['outcomes']['run'].pk}/grades/?program="
                                       f"{w['programs'][k].code}",
    # --- end "indicators" ---
    # --- outcomes: employment episodes (issue 18): the imports of employment records ---
    "episodes:imports": lambda w, k: "/episodes/imports/",
    "episodes:import": lambda w, k: "/episodes/imports/new/",
    "episodes:sample": lambda w, k: "/episodes/imports/sample/",
    # --- end employment episodes ---
}


def _occupation(k: str) -> int:
    from iljari.employment.models import Occupation

    return Occupation.objects.get(code="55").pk


def _skill(k: str) -> int:
    from iljari.employment.models import SkillCode

    return SkillCode.objects.get(code="L-FORKLIFT").pk


def _benefit(w: dict[str, Any], k: str) -> int:
    """A paid participation of the unit's applicant in the unit's program (made on first use)."""
    from iljari.people.models import BenefitRecord

    p = w["programs"][k]
    rec, _ = BenefitRecord.objects.get_or_create(
        source="officer", source_ref=f"matrix:{k}",
        defaults={"person_id": w["applicants"][k].person_id, "program": p, "org_unit": p.owner_org, "kind": "paid",
                  "start": dt.date(2021, 3, 1), "end": dt.date(2021, 6, 30), "months": 4})
    return rec.pk


def row(anon: int, admin: int, portfolio: int, reviewer: int, program_officer: int | tuple[int, int],
        district_officer: int | tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Statuses for (own, other); a single number means the same for both."""

    def pair(v: int | tuple[int, int]) -> tuple[int, int]:
        return v if isinstance(v, tuple) else (v, v)

    return {"anonymous": pair(anon), "admin": pair(admin), "portfolio": pair(portfolio),
            "reviewer": pair(reviewer), "program_officer": pair(program_officer),
            "district_officer": pair(district_officer)}


# Columns: anonymous, admin, portfolio, reviewer, program officer (일자리정책과), district officer (관악구);
# (own, other) where they differ. 302 for anonymous: the login page. 404: outside the role's units.
TABLE_GET: dict[str, dict[str, tuple[int, int]]] = {
    "api-docs": row(200, 200, 200, 200, 200, 200),
    "api-root": row(401, 200, 200, 200, 200, 200),
    "apply": row(200, 200, 200, 200, 200, 200),
    "apply_list": row(200, 200, 200, 200, 200, 200),
    "code-detail": row(401, 200, 200, 200, 200, 200),
    "code-list": row(401, 200, 200, 200, 200, 200),
    "fact-detail": row(401, 200, 200, 200, (200, 404), (200, 404)),
    "fact-list": row(401, 200, 200, 200, 200, 200),
    "imports-facts": row(401, 405, 405, 405, 405, 405),
    "imports-orgs": row(401, 405, 405, 405, 405, 405),
    "imports-programs": row(401, 405, 405, 405, 405, 405),
    "imports-workbook": row(401, 405, 405, 405, 405, 405),
    "measure-detail": row(401, 200, 200, 200, 200, 200),
    "measure-list": row(401, 200, 200, 200, 200, 200),
    "orgunit-detail": row(401, 200, 200, 200, (200, 404), (200, 404)),
    "orgunit-list": row(401, 200, 200, 200, 200, 200),
    "program-detail": row(401, 200, 200, 200, (200, 404), (200, 404)),
    "program-list": row(401, 200, 200, 200, 200, 200),
    "public:detail": row(200, 200, 200, 200, 200, 200),
    "public:list": row(200, 200, 200, 200, 200, 200),
    "public:pdf": row(200, 200, 200, 200, 200, 200),
    "rollup": row(401, 200, 200, 200, (200, 404), (200, 404)),
    "schema": row(200, 200, 200, 200, 200, 200),
    "set_language": row(302, 302, 302, 302, 302, 302),
    "validate": row(401, 200, 200, 200, (200, 404), (200, 404)),
    "web:api_tokens": row(302, 200, 200, 200, 200, 200),
    "web:applicant_edit": row(302, 200, 200, 403, 404, (200, 404)),
    "web:audit": row(302, 200, 403, 403, 403, 403),
    "web:code_edit": row(302, 200, 403, 403, 403, 403),
    "web:codes": row(302, 200, 200, 200, 200, 200),
    "web:coefficients": row(302, 200, 200, 200, 200, 200),
    "web:dashboard": row(302, 200, 200, 200, 200, 200),
    "web:duplicates": row(302, 200, 200, 200, 200, 200),
    "web:duplicates_decide": row(302, 405, 405, 405, 405, 405),
    "web:entry": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "web:entry_template": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "web:entry_upload": row(302, 405, 405, 405, 405, 405),
    "web:entry_workflow": row(302, 405, 405, 405, 405, 405),
    "web:evaluation": row(302, 200, 200, 200, 200, 200),
    "web:evaluation_scheme": row(302, 200, 403, 403, 403, 403),
    "web:evaluation_weak": row(302, 200, 200, 200, 200, 200),
    "web:login": row(200, 302, 302, 302, 302, 302),
    "web:logout": row(405, 405, 405, 405, 405, 405),
    "web:org_edit": row(302, 200, 403, 403, 403, 403),
    "web:orgs": row(302, 200, 200, 200, 200, 200),
    "web:pivot": row(302, 200, 200, 200, 200, 200),
    "web:planning": row(302, 200, 200, 200, 200, 200),
    "web:pledge": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:pledge_update": row(302, 200, 200, 403, (200, 404), (403, 404)),
    "web:pledges": row(302, 200, 200, 200, 200, 200),
    "web:program": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:program_edit": row(302, 200, 200, 403, (200, 404), (403, 404)),
    "web:program_note": row(302, 200, 200, 403, (200, 404), (403, 404)),
    "web:program_similar": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:programs": row(302, 200, 200, 200, 200, 200),
    "web:publish": row(302, 405, 405, 405, 405, 405),
    "web:quality": row(302, 200, 200, 200, 200, 200),
    "web:report": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:report_job": row(302, (200, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    "web:report_job_file": row(302, (200, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    # job plans (issue 18): every officer lists the plans of the units they see (the city's is no division's);
    # the portfolio office and administrators edit them (change_job_plan)
    "web:job_plans": row(302, 200, 200, 200, 200, 200),
    "web:job_plan": row(302, 200, 200, 200, 404, (200, 404)),
    "web:job_plan_edit": row(302, 200, 200, 403, 403, 403),
    "web:round": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:round_action": row(302, 405, 405, 405, 405, 405),
    "web:round_enter": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "web:round_export": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:round_import": row(302, 405, 405, 405, 405, 405),
    "web:round_rules": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "web:rounds": row(302, 200, 200, 200, 200, 200),
    "web:round_new": row(302, 200, 200, 403, 200, 200),
    "web:round_edit": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "web:round_payroll": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "people:search": row(302, 200, 200, 403, 200, 200),
    "person-list": row(401, 200, 200, 403, 200, 200),
    "person-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "person-check": row(401, 405, 405, 403, 405, 405),
    "benefit-list": row(401, 200, 200, 403, 200, 200),
    "benefit-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "people:person": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "people:lists": row(302, 200, 200, 403, 200, 200),
    "people:list_template": row(302, 200, 200, 403, 200, 200),
    # the double-receipt check: a person's benefits across programs (view_person), the link review, recovery
    "people:alerts": row(302, 200, 200, 403, 200, 200),
    "people:alerts_export": row(302, 200, 200, 403, 200, 200),
    "people:alert": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "people:links": row(302, 200, 200, 403, 200, 200),
    "people:link": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "people:recoveries": row(302, 200, 200, 403, 200, 200),
    "people:recovery": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "people:benefit_rules": row(302, 200, 200, 200, 200, 200),
    "alert-list": row(401, 200, 200, 403, 200, 200),
    "alert-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "link-list": row(401, 200, 200, 403, 200, 200),
    "link-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "link-decide": row(401, 405, 405, 403, 405, 405),
    "recovery-list": row(401, 200, 200, 403, 200, 200),
    "recovery-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "recovery-payments": row(401, 405, 405, 403, 405, 405),
    # people: record linkage runs — the whole registry's, so the portfolio office and administrators only
    "people:linkage_runs": row(302, 200, 200, 403, 403, 403),
    "people:linkage_run_start": row(302, 405, 405, 405, 405, 405),
    # employment (issue 15): seekers' records are the centre's own (view_seeker), reviewers never
    "employment:seeker": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "employment:vacancy": row(302, 200, 200, 403, (200, 404), (200, 404)),
    # employment, slice "public": open to everyone, an open vacancy of any centre too
    "jobs:search": row(200, 200, 200, 200, 200, 200),
    "jobs:vacancy": row(200, 200, 200, 200, 200, 200),
    "jobs:register": row(200, 200, 200, 200, 200, 200),
    "jobs:post": row(200, 200, 200, 200, 200, 200),
    # registry (issue 15): lists and forms of the centre's own records; reviewers never (personal data)
    "employment:seekers": row(302, 200, 200, 403, 200, 200),
    "employment:seeker_new": row(302, 200, 200, 403, 200, 200),
    "employment:vacancies": row(302, 200, 200, 403, 200, 200),
    "employment:vacancy_new": row(302, 200, 200, 403, 200, 200),
    "employment:vacancy_approvals": row(302, 200, 200, 403, 200, 200),
    "employment:vacancy_decide": row(302, 405, 405, 405, 405, 405),
    "employment:employers": row(302, 200, 200, 403, 200, 200),
    "employment:employer_new": row(302, 200, 200, 403, 200, 200),
    "employment:employer": row(302, 200, 200, 403, (200, 404), (200, 404)),
    # the API: seekers and vacancies are read by every role (a seeker's personal fields only with view_seeker);
    # employers (contact persons) with view_seeker
    "seeker-list": row(401, 200, 200, 403, 200, 200),
    "seeker-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "vacancy-list": row(401, 200, 200, 200, 200, 200),
    "vacancy-detail": row(401, 200, 200, 200, (200, 404), (200, 404)),
    "vacancy-approve": row(401, 405, 405, 405, 405, 405),
    "vacancy-reject": row(401, 405, 405, 405, 405, 405),
    "employer-list": row(401, 200, 200, 403, 200, 200),
    "employer-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    # matching (issue 15): the code lists are read by anyone signed in and changed by administrators; the
    # matches are the centre's own like its seekers
    "employment:codes_occupations": row(302, 200, 200, 200, 200, 200),
    "employment:codes_occupation_new": row(302, 200, 403, 403, 403, 403),
    "employment:codes_occupation_active": row(302, 405, 405, 405, 405, 405),
    "employment:codes_skills": row(302, 200, 200, 200, 200, 200),
    "employment:codes_skill_new": row(302, 200, 403, 403, 403, 403),
    "employment:codes_skill_edit": row(302, 200, 403, 403, 403, 403),
    "employment:codes_minimum_wage": row(302, 200, 200, 200, 200, 200),
    "employment:codes_minimum_wage_new": row(302, 200, 403, 403, 403, 403),
    "matches": row(401, 200, 200, 403, (200, 404), (200, 404)),
    # employment casework (issue 15): the forms take POST only; lists of the user's centres
    "employment:seeker_session": row(302, 405, 405, 405, 405, 405),
    "employment:seeker_refer": row(302, 405, 405, 405, 405, 405),
    "employment:seeker_placement": row(302, 405, 405, 405, 405, 405),
    "employment:referral_outcome": row(302, 405, 405, 405, 405, 405),
    "employment:vacancy_refer": row(302, 405, 405, 405, 405, 405),
    "employment:follow_ups": row(302, 200, 200, 403, 200, 200),
    "employment:follow_up": row(302, 405, 405, 405, 405, 405),
    "employment:job_fairs": row(302, 200, 200, 403, 200, 200),
    "employment:job_fair": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "referral-list": row(401, 200, 200, 403, 200, 200),
    "referral-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "referral-outcome": row(401, 405, 405, 403, 405, 405),
    "placement-list": row(401, 200, 200, 403, 200, 200),
    "placement-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "counselling-list": row(401, 200, 200, 403, 200, 200),
    "counselling-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "follow-up-list": row(401, 200, 200, 403, 200, 200),
    "follow-up-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "follow-up-record": row(401, 405, 405, 403, 405, 405),
    "employment:home": row(302, 200, 200, 200, 200, 200),  # slice "funnel"
    # bookings (issue 16)
    "cafes:home": row(200, 200, 200, 200, 200, 200),
    "cafes:logout": row(405, 405, 405, 405, 405, 405),
    "bookings:home": row(302, 200, 200, 200, 200, 200),
    # --- bookings slice "rooms" ---
    "cafes:room": row(200, 200, 200, 200, 200, 200),
    "cafes:room_booked": row(302, 302, 302, 302, 302, 302),
    "cafes:booking_cancel": row(302, 302, 302, 302, 302, 302),
    "bookings:today": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "bookings:booking_action": row(302, 405, 405, 405, 405, 405),
    "bookings:desk_booking": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "slots": row(401, 200, 200, 200, 200, 200),
    "booking-list": row(401, 200, 200, 403, 200, 200),
    "booking-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "booking-cancel": row(401, 405, 405, 403, 405, 405),
    "booking-check-in": row(401, 405, 405, 403, 405, 405),
    "booking-no-show": row(401, 405, 405, 403, 405, 405),
    # --- end "rooms" ---
    # --- bookings slice "programmes" ---
    # officers: view_booking (reviewers never: personal data); another unit's session or programme is 404.
    # citizens: the list and a session are public; a booking's cancel page and a waiting-list entry need the
    # citizen's own session (302 to cafes:login). API: sessions are public and read only (anonymous 200, no personal
    # data, like /cafes/programmes/); session bookings and waiting lists are view_booking's, restricted.
    "bookings:sessions": row(302, 200, 200, 403, 200, 200),
    "bookings:session": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "bookings:session_new": row(302, 200, 200, 403, 200, 200),
    "bookings:programmes": row(302, 200, 200, 403, 200, 200),
    "bookings:programme": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cafes:programmes": row(200, 200, 200, 200, 200, 200),
    "cafes:session": row(200, 200, 200, 200, 200, 200),
    "cafes:session_cancel": row(302, 302, 302, 302, 302, 302),
    "cafes:waitlist_entry": row(302, 302, 302, 302, 302, 302),
    "programme-session-list": row(200, 200, 200, 200, 200, 200),
    "programme-session-detail": row(200, 200, 200, 200, 200, 200),
    "session-booking-list": row(401, 200, 200, 403, 200, 200),
    "session-booking-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "session-booking-cancel": row(401, 405, 405, 403, 405, 405),
    "waitlist-list": row(401, 200, 200, 403, 200, 200),
    "waitlist-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    # --- end "programmes" ---
    # --- bookings slice "suits" ---
    # the citizens' booking pages need a citizen's own session (never an officer's login): 302 to cafes:login
    "cafes:suits": row(200, 200, 200, 200, 200, 200),
    "cafes:suit_book": row(302, 302, 302, 302, 302, 302),
    "cafes:rental": row(302, 302, 302, 302, 302, 302),
    "cafes:rental_cancel": row(302, 302, 302, 302, 302, 302),
    "bookings:rentals": row(302, 200, 200, 403, 200, 200),
    "bookings:rental": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "bookings:desk_rental": row(302, 200, 200, 403, 200, 200),
    "bookings:stock": row(302, 200, 200, 403, 200, 200),
    "bookings:stock_new": row(302, 200, 200, 403, 200, 200),
    "bookings:stock_item": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "rental-list": row(401, 200, 200, 403, 200, 200),
    "rental-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "rental-pick-up": row(401, 405, 405, 403, 405, 405),
    "rental-return": row(401, 405, 405, 403, 405, 405),
    "rental-cancel": row(401, 405, 405, 403, 405, 405),
    "suit-item-list": row(401, 200, 200, 403, 200, 200),
    "suit-item-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    # --- end "suits" ---
    # --- bookings slice "accounts" ---
    # citizens: the cafés and a place are public; my account and my bookings need a citizen's session (302 to
    # the citizens' log-in, whatever the officer role); officers: places, operators and rules are public data
    # (every signed-in role reads them), editing needs operate_booking (another unit's place: 404), rules
    # change_booking_rules, penalties view_booking (personal data: reviewers never); the places API is public
    "cafes:place": row(200, 200, 200, 200, 200, 200),
    "cafes:register": row(200, 200, 200, 200, 200, 200),
    "cafes:login": row(200, 200, 200, 200, 200, 200),
    "cafes:account": row(302, 302, 302, 302, 302, 302),
    "cafes:mine": row(302, 302, 302, 302, 302, 302),
    "bookings:places": row(302, 200, 200, 200, 200, 200),
    "bookings:place_new": row(302, 200, 200, 403, 200, 200),
    "bookings:places_import": row(302, 405, 405, 405, 405, 405),
    "bookings:places_template": row(302, 200, 200, 403, 200, 200),
    "bookings:place": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "bookings:operators": row(302, 200, 200, 200, 200, 200),
    "bookings:operator_new": row(302, 200, 200, 403, 200, 200),
    "bookings:operator": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "bookings:rules": row(302, 200, 200, 200, 200, 200),
    "bookings:rule_new": row(302, 200, 200, 403, 403, 403),
    "bookings:rule": row(302, 200, 200, 403, 403, 403),
    "bookings:penalties": row(302, 200, 200, 403, 200, 200),
    "bookings:penalty_lift": row(302, 405, 405, 405, 405, 405),
    "place-list": row(200, 200, 200, 200, 200, 200),
    "place-detail": row(200, 200, 200, 200, 200, 200),
    # --- end "accounts" ---
    # --- cases slice "subsidy": officers who handle cases receive claims (any district's for the owning
    # office, their own district's for a district), see claims and documents of their scope; anyone the public pages
    "cases:subsidy_new": row(302, 200, 200, 403, 200, 200),
    "cases:subsidy_import": row(302, 200, 200, 403, 200, 200),
    "cases:subsidy_import_template": row(302, 200, 200, 403, 200, 200),
    "cases:subsidy_claim": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:subsidy_document_upload": row(302, 405, 405, 405, 405, 405),
    "cases:subsidy_document": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "grants:subsidy": row(200, 200, 200, 200, 200, 200),
    "grants:subsidy_apply": row(200, 200, 200, 200, 200, 200),
    "grants:status": row(200, 200, 200, 200, 200, 200),
    # --- end "subsidy" ---
    # --- bookings slice "ledger" ---
    # --- end "ledger" ---
    # --- cases slice "flows" ---
    # cases are the receiving district's and the owning office's (view_case; reviewers never: personal data);
    # flows are public policy data (every role reads them), changed by the portfolio office (change_flows)
    "cases:queue": row(302, 200, 200, 403, 200, 200),
    "cases:search": row(302, 200, 200, 403, 200, 200),
    "cases:case": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:flows": row(302, 200, 200, 200, 200, 200),
    "cases:flow": row(302, 200, 200, 200, 200, 200),
    "cases:stage_edit": row(302, 200, 200, 403, 403, 403),
    "cases:transition_edit": row(302, 200, 200, 403, 403, 403),
    "cases:overview": row(302, 200, 200, 403, 200, 200),
    "cases:overview_xlsx": row(302, 200, 200, 403, 200, 200),
    "case-list": row(401, 200, 200, 403, 200, 200),
    "case-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "case-move": row(401, 405, 405, 403, 405, 405),
    "flow-list": row(401, 200, 200, 200, 200, 200),
    "flow-detail": row(401, 200, 200, 200, 200, 200),
    "payment-list": row(401, 200, 200, 403, 200, 200),
    "payment-detail": row(401, 200, 200, 403, (200, 404), (200, 404)),
    # --- end cases "flows" ---
    # --- cases slice "money" ---: pay_case (not reviewers); objects of the user's units only
    "cases:money_budgets": row(302, 200, 200, 403, 200, 200),
    "cases:money_batches": row(302, 200, 200, 403, 200, 200),
    "cases:money_batch": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:money_batch_file": row(302, 405, 405, 405, 405, 405),
    "cases:money_recoveries": row(302, 200, 200, 403, 200, 200),
    "cases:money_recovery": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:money_case": row(302, 405, 405, 405, 405, 405),
    # --- end "money" ---
    # --- cases slice "calls" ---
    # reviewers' pages: a role that never reviews (열람자) is refused; others find no assignment (404)
    "cases:calls": row(302, 200, 200, 403, 200, 200),
    "cases:call_new": row(302, 200, 200, 403, 200, 200),
    "cases:reviews": row(302, 200, 200, 403, 200, 200),
    "cases:review": row(302, 404, 404, 403, 404, 404),
    "cases:review_recuse": row(302, 405, 405, 405, 405, 405),
    "cases:call_document": row(302, 404, 404, 403, (404, 404), (404, 404)),  # no file on disk: not found
    "cases:call_interview": row(302, 405, 405, 405, 405, 405),
    "cases:call_decision": row(302, 405, 405, 405, 405, 405),
    "cases:call_agreement": row(302, 405, 405, 405, 405, 405),
    "cases:call_payment": row(302, 405, 405, 405, 405, 405),
    "cases:call": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:call_edit": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:call_publish": row(302, 405, 405, 405, 405, 405),
    "cases:call_reviewers": row(302, 405, 405, 405, 405, 405),
    "cases:call_desk": row(302, 200, 200, 403, (403, 404), (200, 404)),
    "grants:index": row(200, 200, 200, 200, 200, 200),
    "grants:calls": row(200, 200, 200, 200, 200, 200),
    "grants:call_status": row(200, 200, 200, 200, 200, 200),
    "grants:call": row(200, 200, 200, 200, 200, 200),
    "grants:call_apply": row(200, 200, 200, 200, 200, 200),
    # the calls' API: published calls for anyone signed in; the ranked list for the owning office (관악구's own
    # call is its 일자리경제과's) and global roles, applications for who sees the call (another unit's: 404, as
    # the call page); reviewers' routes as their pages (review_case; no assignment: 404)
    "call-list": row(401, 200, 200, 200, 200, 200),
    "call-detail": row(401, 200, 200, 200, 200, 200),
    "call-ranking": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "call-applications": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "review-list": row(401, 200, 200, 403, 200, 200),
    "review-detail": row(401, 404, 404, 403, 404, 404),
    "review-recuse": row(401, 405, 405, 403, 405, 405),
    # --- end "calls" ---
    # --- outcomes slice "indicators": published runs for every role (the council), a trace of a program the role
    # sees (another unit's program: 404); computing and publishing take POST only
    "outcomes:runs": row(302, 200, 200, 200, 200, 200),
    "outcomes:run_start": row(302, 405, 405, 405, 405, 405),
    "outcomes:indicators": row(302, 200, 200, 200, 200, 200),
    "outcomes:indicator": row(302, 200, 200, 200, 200, 200),
    "outcomes:run": row(302, 200, 200, 200, 200, 200),
    "outcomes:run_publish": row(302, 405, 405, 405, 405, 405),
    "outcomes:trace": row(302, 200, 200, 200, (200, 404), (200, 404)),
    # --- outcomes slice "grades": a published run's grades, sunset list and report for every role (the council);
    # grading a draft takes POST only; the proposed cut's form is the portfolio office's (and the admin's)
    "outcomes:grades": row(302, 200, 200, 200, 200, 200),
    "outcomes:grades_compute": row(302, 405, 405, 405, 405, 405),
    "outcomes:sunset": row(302, 200, 200, 200, 200, 200),
    "outcomes:grades_xlsx": row(302, 200, 200, 200, 200, 200),
    # the council's five years: every role, for the programs it sees (another unit's program: 404)
    "outcomes:history": row(302, 200, 200, 200, 200, 200),
    "outcomes:history_xlsx": row(302, 200, 200, 200, 200, 200),
    "outcomes:program": row(302, 200, 200, 200, (200, 404), (200, 404)),
    "outcomes:grade_cut": row(302, 200, 200, 403, 403, 403),
    # the API reads published runs for every role; another unit's program's figures are left out (an empty page)
    "outcome-run-list": row(401, 200, 200, 200, 200, 200),
    "outcome-run-detail": row(401, 200, 200, 200, 200, 200),
    "outcome-run-figures": row(401, 200, 200, 200, 200, 200),
    "outcome-run-grades": row(401, 200, 200, 200, 200, 200),
    # --- end "indicators" ---
    # --- employment episodes (issue 18): the portfolio office and administrators import employment records ---
    "episodes:imports": row(302, 200, 200, 403, 403, 403),
    "episodes:import": row(302, 200, 200, 403, 403, 403),
    "episodes:sample": row(302, 200, 200, 403, 403, 403),
    # --- end employment episodes ---
}

# An empty POST: 405 where the route takes no POST, 401/403/404 where the role may not act, 400 (or a form shown
# again, 200, or a redirect with a message, 302) where it may.
TABLE_POST: dict[str, dict[str, tuple[int, int]]] = {
    "api-docs": row(405, 405, 405, 405, 405, 405),
    "api-root": row(401, 405, 405, 405, 405, 405),
    "apply": row(400, 400, 400, 400, 400, 400),
    "apply_list": row(405, 405, 405, 405, 405, 405),
    "code-detail": row(401, 405, 405, 405, 405, 405),
    "code-list": row(401, 405, 405, 405, 405, 405),
    "fact-detail": row(401, 405, 405, 403, 405, 405),
    "fact-list": row(401, 400, 400, 403, 400, 400),
    "imports-facts": row(401, 415, 415, 403, 403, 403),
    "imports-orgs": row(401, 415, 403, 403, 403, 403),
    "imports-programs": row(401, 415, 415, 403, 403, 403),
    "imports-workbook": row(401, 415, 415, 403, 415, 415),
    "measure-detail": row(401, 405, 405, 405, 405, 405),
    "measure-list": row(401, 405, 405, 405, 405, 405),
    "orgunit-detail": row(401, 405, 403, 403, 403, 403),
    "orgunit-list": row(401, 400, 403, 403, 403, 403),
    "program-detail": row(401, 405, 405, 403, 405, 403),
    "program-list": row(401, 400, 400, 403, 400, 403),
    "public:detail": row(405, 405, 405, 405, 405, 405),
    "public:list": row(405, 405, 405, 405, 405, 405),
    "public:pdf": row(405, 405, 405, 405, 405, 405),
    "rollup": row(401, 405, 405, 405, 405, 405),
    "schema": row(405, 405, 405, 405, 405, 405),
    "set_language": row(302, 302, 302, 302, 302, 302),
    "validate": row(401, 405, 405, 405, 405, 405),
    "web:api_tokens": row(302, 200, 200, 200, 200, 200),
    "web:applicant_edit": row(302, 400, 400, 403, 404, (400, 404)),
    "web:audit": row(302, 405, 405, 405, 405, 405),
    "web:code_edit": row(302, 200, 403, 403, 403, 403),
    "web:codes": row(302, 405, 405, 405, 405, 405),
    "web:coefficients": row(302, 200, 403, 403, 403, 403),
    "web:dashboard": row(302, 405, 405, 405, 405, 405),
    "web:duplicates": row(302, 405, 405, 405, 405, 405),
    "web:duplicates_decide": row(302, 404, 404, 403, 403, 403),
    "web:entry": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "web:entry_template": row(302, 405, 405, 405, 405, 405),
    "web:entry_upload": row(302, 400, 400, 403, 400, 400),
    "web:entry_workflow": row(302, 404, 404, 404, 404, 404),
    "web:evaluation": row(302, 405, 405, 405, 405, 405),
    "web:evaluation_scheme": row(302, 200, 403, 403, 403, 403),
    "web:evaluation_weak": row(302, 405, 405, 405, 405, 405),
    "web:login": row(200, 302, 302, 302, 302, 302),
    "web:logout": row(302, 302, 302, 302, 302, 302),
    "web:org_edit": row(302, 200, 403, 403, 403, 403),
    "web:orgs": row(302, 405, 405, 405, 405, 405),
    "web:pivot": row(302, 405, 405, 405, 405, 405),
    "web:planning": row(302, 405, 405, 405, 405, 405),
    "web:pledge": row(302, 405, 405, 405, 405, 405),
    "web:pledge_update": row(302, 200, 200, 403, (200, 404), (403, 404)),
    "web:pledges": row(302, 405, 405, 405, 405, 405),
    "web:program": row(302, 405, 405, 405, 405, 405),
    "web:program_edit": row(302, 200, 200, 403, (200, 404), (403, 404)),
    "web:program_note": row(302, 302, 302, 403, (302, 404), (403, 404)),
    "web:program_similar": row(302, 405, 405, 405, 405, 405),
    "web:programs": row(302, 405, 405, 405, 405, 405),
    "web:publish": row(302, 404, 404, 403, 404, 404),
    "web:quality": row(302, 405, 405, 405, 405, 405),
    "web:report": row(302, 405, 405, 405, 405, 405),
    "web:report_job": row(302, 405, 405, 405, 405, 405),
    "web:report_job_file": row(302, 405, 405, 405, 405, 405),
    # job plans: an empty new-plan form is shown again with its problem (200); an empty edit saves blanks (302)
    "web:job_plans": row(302, 200, 200, 403, 403, 403),
    "web:job_plan": row(302, 405, 405, 405, 405, 405),
    "web:job_plan_edit": row(302, 302, 302, 403, 403, 403),
    "web:round": row(302, 405, 405, 405, 405, 405),
    "web:round_action": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "web:round_enter": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "web:round_export": row(302, 405, 405, 405, 405, 405),
    "web:round_import": row(302, 302, 302, 403, (302, 404), (302, 404)),
    # the round's own district officer may change its rules (issue 13): an empty POST is a form error for them too
    "web:round_rules": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "web:rounds": row(302, 405, 405, 405, 405, 405),
    "web:round_new": row(302, 400, 400, 403, 400, 400),
    "web:round_edit": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "web:round_payroll": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "people:search": row(302, 405, 405, 405, 405, 405),
    "person-list": row(401, 405, 405, 403, 405, 405),
    "person-detail": row(401, 405, 405, 403, 405, 405),
    "person-check": row(401, 200, 200, 403, (200, 404), (200, 404)),
    "benefit-list": row(401, 405, 405, 403, 405, 405),
    "benefit-detail": row(401, 405, 405, 403, 405, 405),
    "people:person": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "people:lists": row(302, 400, 400, 403, 400, 400),
    "people:list_template": row(302, 405, 405, 405, 405, 405),
    "people:alerts": row(302, 405, 405, 405, 405, 405),
    "people:alerts_export": row(302, 405, 405, 405, 405, 405),
    "people:alert": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "people:links": row(302, 405, 405, 405, 405, 405),
    "people:link": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "people:recoveries": row(302, 405, 405, 405, 405, 405),
    "people:recovery": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "people:benefit_rules": row(302, 400, 400, 403, 403, 403),
    "alert-list": row(401, 405, 405, 403, 405, 405),
    "alert-detail": row(401, 405, 405, 403, 405, 405),
    "link-list": row(401, 405, 405, 403, 405, 405),
    "link-detail": row(401, 405, 405, 403, 405, 405),
    "link-decide": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "recovery-list": row(401, 405, 405, 403, 405, 405),
    "recovery-detail": row(401, 405, 405, 403, 405, 405),
    "recovery-payments": row(401, 400, 400, 403, (400, 404), (400, 404)),
    # people: an empty POST names no engine (400) and starts nothing
    "people:linkage_runs": row(302, 405, 405, 405, 405, 405),
    "people:linkage_run_start": row(302, 400, 400, 403, 403, 403),
    "employment:seeker": row(302, 405, 405, 405, 405, 405),
    "employment:vacancy": row(302, 405, 405, 405, 405, 405),
    # employment, slice "public": an empty form is answered beside its fields (400); search and vacancy read only
    "jobs:search": row(405, 405, 405, 405, 405, 405),
    "jobs:vacancy": row(405, 405, 405, 405, 405, 405),
    "jobs:register": row(400, 400, 400, 400, 400, 400),
    "jobs:post": row(400, 400, 400, 400, 400, 400),
    # registry (issue 15): an empty form is refused beside its fields (400); another centre's vacancy is 404
    "employment:seekers": row(302, 405, 405, 405, 405, 405),
    "employment:seeker_new": row(302, 400, 400, 403, 400, 400),
    "employment:vacancies": row(302, 405, 405, 405, 405, 405),
    "employment:vacancy_new": row(302, 400, 400, 403, 400, 400),
    "employment:vacancy_approvals": row(302, 405, 405, 405, 405, 405),
    "employment:vacancy_decide": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:employers": row(302, 405, 405, 405, 405, 405),
    "employment:employer_new": row(302, 400, 400, 403, 400, 400),
    "employment:employer": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "seeker-list": row(401, 400, 400, 403, 400, 400),
    "seeker-detail": row(401, 405, 405, 403, 405, 405),
    "vacancy-list": row(401, 400, 400, 403, 400, 400),
    "vacancy-detail": row(401, 405, 405, 403, 405, 405),
    "vacancy-approve": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "vacancy-reject": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "employer-list": row(401, 400, 400, 403, 400, 400),
    "employer-detail": row(401, 405, 405, 403, 405, 405),
    # matching: an empty POST is a form error (400) for administrators and changes nothing
    "employment:codes_occupations": row(302, 405, 405, 405, 405, 405),
    "employment:codes_occupation_new": row(302, 400, 403, 403, 403, 403),
    "employment:codes_occupation_active": row(302, 400, 403, 403, 403, 403),
    "employment:codes_skills": row(302, 405, 405, 405, 405, 405),
    "employment:codes_skill_new": row(302, 400, 403, 403, 403, 403),
    "employment:codes_skill_edit": row(302, 400, 403, 403, 403, 403),
    "employment:codes_minimum_wage": row(302, 405, 405, 405, 405, 405),
    "employment:codes_minimum_wage_new": row(302, 400, 403, 403, 403, 403),
    "matches": row(401, 405, 405, 405, 405, 405),
    # employment casework: an empty form is a form error (400) for the centre's own, 404 for another's
    "employment:seeker_session": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:seeker_refer": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:seeker_placement": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:referral_outcome": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:vacancy_refer": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:follow_ups": row(302, 405, 405, 405, 405, 405),
    "employment:follow_up": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "employment:job_fairs": row(302, 400, 400, 403, 400, 400),
    "employment:job_fair": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "referral-list": row(401, 400, 400, 403, 400, 400),
    "referral-detail": row(401, 405, 405, 403, 405, 405),
    "referral-outcome": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "placement-list": row(401, 400, 400, 403, 400, 400),
    "placement-detail": row(401, 405, 405, 403, 405, 405),
    "counselling-list": row(401, 400, 400, 403, 400, 400),
    "counselling-detail": row(401, 405, 405, 403, 405, 405),
    "follow-up-list": row(401, 405, 405, 403, 405, 405),
    "follow-up-detail": row(401, 405, 405, 403, 405, 405),
    "follow-up-record": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "employment:home": row(302, 405, 405, 405, 405, 405),  # slice "funnel"
    # bookings (issue 16)
    "cafes:home": row(405, 405, 405, 405, 405, 405),
    "cafes:logout": row(302, 302, 302, 302, 302, 302),
    "bookings:home": row(302, 405, 405, 405, 405, 405),
    # --- bookings slice "rooms" ---
    "cafes:room": row(302, 302, 302, 302, 302, 302),
    "cafes:room_booked": row(405, 405, 405, 405, 405, 405),
    "cafes:booking_cancel": row(302, 302, 302, 302, 302, 302),
    "bookings:today": row(302, 405, 405, 405, 405, 405),
    "bookings:booking_action": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "bookings:desk_booking": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "slots": row(401, 405, 405, 405, 405, 405),
    "booking-list": row(401, 400, 400, 403, 400, 400),
    "booking-detail": row(401, 405, 405, 403, 405, 405),
    "booking-cancel": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "booking-check-in": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "booking-no-show": row(401, 400, 400, 403, (400, 404), (400, 404)),
    # --- end "rooms" ---
    # --- bookings slice "programmes" ---
    # an empty form is refused beside its fields (400); another unit's session or programme is 404; citizens'
    # actions without a citizen's session go to cafes:login (302); the cancel action needs a reason (400)
    "bookings:sessions": row(302, 405, 405, 405, 405, 405),
    "bookings:session": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "bookings:session_new": row(302, 400, 400, 403, 400, 400),
    "bookings:programmes": row(302, 400, 400, 403, 400, 400),
    "bookings:programme": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "cafes:programmes": row(405, 405, 405, 405, 405, 405),
    "cafes:session": row(302, 302, 302, 302, 302, 302),
    "cafes:session_cancel": row(302, 302, 302, 302, 302, 302),
    "cafes:waitlist_entry": row(302, 302, 302, 302, 302, 302),
    "programme-session-list": row(405, 405, 405, 405, 405, 405),
    "programme-session-detail": row(405, 405, 405, 405, 405, 405),
    "session-booking-list": row(401, 400, 400, 403, 400, 400),
    "session-booking-detail": row(401, 405, 405, 403, 405, 405),
    "session-booking-cancel": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "waitlist-list": row(401, 405, 405, 403, 405, 405),
    "waitlist-detail": row(401, 405, 405, 403, 405, 405),
    # --- end "programmes" ---
    # --- bookings slice "suits" ---
    "cafes:suits": row(405, 405, 405, 405, 405, 405),
    "cafes:suit_book": row(302, 302, 302, 302, 302, 302),
    "cafes:rental": row(302, 302, 302, 302, 302, 302),
    "cafes:rental_cancel": row(302, 302, 302, 302, 302, 302),
    "bookings:rentals": row(302, 405, 405, 405, 405, 405),
    "bookings:rental": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "bookings:desk_rental": row(302, 400, 400, 403, 400, 400),
    "bookings:stock": row(302, 405, 405, 405, 405, 405),
    "bookings:stock_new": row(302, 400, 400, 403, 400, 400),
    "bookings:stock_item": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "rental-list": row(401, 400, 400, 403, 400, 400),
    "rental-detail": row(401, 405, 405, 403, (405, 405), (405, 405)),
    "rental-pick-up": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "rental-return": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "rental-cancel": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "suit-item-list": row(401, 400, 400, 403, 400, 400),
    "suit-item-detail": row(401, 405, 405, 403, 405, 405),
    # --- end "suits" ---
    # --- bookings slice "accounts" ---
    # an empty form is answered beside its fields (400); a citizen page without a citizen session redirects
    "cafes:place": row(405, 405, 405, 405, 405, 405),
    "cafes:register": row(400, 400, 400, 400, 400, 400),
    "cafes:login": row(400, 400, 400, 400, 400, 400),
    "cafes:account": row(302, 302, 302, 302, 302, 302),
    "cafes:mine": row(405, 405, 405, 405, 405, 405),
    "bookings:places": row(302, 405, 405, 405, 405, 405),
    "bookings:place_new": row(302, 400, 400, 403, 400, 400),
    "bookings:places_import": row(302, 400, 400, 403, 400, 400),
    "bookings:places_template": row(302, 405, 405, 405, 405, 405),
    "bookings:place": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "bookings:operators": row(302, 405, 405, 405, 405, 405),
    "bookings:operator_new": row(302, 400, 400, 403, 400, 400),
    "bookings:operator": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "bookings:rules": row(302, 405, 405, 405, 405, 405),
    "bookings:rule_new": row(302, 400, 400, 403, 403, 403),
    "bookings:rule": row(302, 400, 400, 403, 403, 403),
    "bookings:penalties": row(302, 405, 405, 405, 405, 405),
    "bookings:penalty_lift": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "place-list": row(405, 405, 405, 405, 405, 405),
    "place-detail": row(405, 405, 405, 405, 405, 405),
    # --- end "accounts" ---
    # --- cases slice "subsidy": an empty form is answered beside its fields (400); pages that only read: 405
    "cases:subsidy_new": row(302, 400, 400, 403, 400, 400),
    "cases:subsidy_import": row(302, 400, 400, 403, 400, 400),
    "cases:subsidy_import_template": row(302, 405, 405, 405, 405, 405),
    "cases:subsidy_claim": row(302, 405, 405, 405, 405, 405),
    "cases:subsidy_document_upload": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "cases:subsidy_document": row(302, 405, 405, 405, 405, 405),
    "grants:subsidy": row(405, 405, 405, 405, 405, 405),
    "grants:subsidy_apply": row(400, 400, 400, 400, 400, 400),
    "grants:status": row(400, 400, 400, 400, 400, 400),
    # --- end "subsidy" ---
    # --- bookings slice "ledger" ---
    # --- end "ledger" ---
    # --- cases slice "flows" ---
    # an empty POST: no action chosen, no version read (400), nothing changed; another unit's case is 404
    "cases:queue": row(302, 405, 405, 405, 405, 405),
    "cases:search": row(302, 405, 405, 405, 405, 405),
    "cases:case": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "cases:flows": row(302, 405, 405, 405, 405, 405),
    "cases:flow": row(302, 400, 400, 403, 403, 403),
    "cases:stage_edit": row(302, 400, 400, 403, 403, 403),
    "cases:transition_edit": row(302, 400, 400, 403, 403, 403),
    "cases:overview": row(302, 405, 405, 405, 405, 405),
    "cases:overview_xlsx": row(302, 405, 405, 405, 405, 405),
    "case-list": row(401, 405, 405, 403, 405, 405),
    "case-detail": row(401, 405, 405, 403, 405, 405),
    "case-move": row(401, 400, 400, 403, (400, 404), (400, 404)),
    "flow-list": row(401, 405, 405, 405, 405, 405),
    "flow-detail": row(401, 405, 405, 405, 405, 405),
    "payment-list": row(401, 405, 405, 403, 405, 405),
    "payment-detail": row(401, 405, 405, 403, 405, 405),
    # --- end cases "flows" ---
    # --- cases slice "money" ---: budgets are moved by the flow's owning office (the first flow is 관악구 일자리과's);
    # recoveries are acted on by the case's district and the owning office alike (the city over a district's case:
    # cases/tests/test_money_pages.py), batches by the paying district
    "cases:money_budgets": row(302, 400, 400, 403, 403, 400),
    "cases:money_batches": row(302, 400, 400, 403, 400, 400),
    "cases:money_batch": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "cases:money_batch_file": row(302, 200, 200, 403, (200, 404), (200, 404)),
    "cases:money_recoveries": row(302, 405, 405, 405, 405, 405),
    "cases:money_recovery": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "cases:money_case": row(302, 302, 302, 403, (302, 404), (302, 404)),
    # --- end "money" ---
    # --- cases slice "calls" ---
    # an empty form: refused beside its fields (400) or told on the page it returns to (302); nothing changes
    "cases:calls": row(302, 405, 405, 405, 405, 405),
    "cases:call_new": row(302, 400, 400, 403, 400, 400),
    "cases:reviews": row(302, 405, 405, 405, 405, 405),
    "cases:review": row(302, 404, 404, 403, 404, 404),
    "cases:review_recuse": row(302, 404, 404, 403, 404, 404),
    "cases:call_document": row(302, 405, 405, 405, 405, 405),
    "cases:call_interview": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "cases:call_decision": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "cases:call_agreement": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "cases:call_payment": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "cases:call": row(302, 405, 405, 405, 405, 405),
    "cases:call_edit": row(302, 400, 400, 403, (400, 404), (400, 404)),
    "cases:call_publish": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "cases:call_reviewers": row(302, 302, 302, 403, (302, 404), (302, 404)),
    "cases:call_desk": row(302, 400, 400, 403, (403, 404), (400, 404)),
    "grants:index": row(405, 405, 405, 405, 405, 405),
    "grants:calls": row(405, 405, 405, 405, 405, 405),
    "grants:call_status": row(400, 400, 400, 400, 400, 400),
    "grants:call": row(405, 405, 405, 405, 405, 405),
    "grants:call_apply": row(400, 400, 400, 400, 400, 400),
    # the calls' API reads; scoring and recusal need an assignment (none here: 404), review_case (else 403)
    "call-list": row(401, 405, 405, 405, 405, 405),
    "call-detail": row(401, 405, 405, 405, 405, 405),
    "call-ranking": row(401, 405, 405, 405, 405, 405),
    "call-applications": row(401, 405, 405, 405, 405, 405),
    "review-list": row(401, 405, 405, 403, 405, 405),
    "review-detail": row(401, 404, 404, 403, 404, 404),
    "review-recuse": row(401, 404, 404, 403, 404, 404),
    # --- end "calls" ---
    # --- outcomes slice "indicators": an empty form computes nothing (told on the page it returns to, 302) or is
    # answered beside its fields (200); the draft run is published by the portfolio office (302); others 403
    "outcomes:runs": row(302, 405, 405, 405, 405, 405),
    "outcomes:run_start": row(302, 302, 302, 403, 403, 403),
    "outcomes:indicators": row(302, 405, 405, 405, 405, 405),
    "outcomes:indicator": row(302, 200, 200, 403, 403, 403),
    "outcomes:run": row(302, 405, 405, 405, 405, 405),
    "outcomes:run_publish": row(302, 302, 302, 403, 403, 403),
    "outcomes:trace": row(302, 405, 405, 405, 405, 405),
    # --- outcomes slice "grades": the draft is graded by the portfolio office (302 back to its grades), an empty
    # cut form is answered beside its fields (200: the reason is required); others 403
    "outcomes:grades": row(302, 405, 405, 405, 405, 405),
    "outcomes:grades_compute": row(302, 302, 302, 403, 403, 403),
    "outcomes:sunset": row(302, 405, 405, 405, 405, 405),
    "outcomes:grades_xlsx": row(302, 405, 405, 405, 405, 405),
    "outcomes:history": row(302, 405, 405, 405, 405, 405),
    "outcomes:history_xlsx": row(302, 405, 405, 405, 405, 405),
    "outcomes:program": row(302, 405, 405, 405, 405, 405),
    "outcomes:grade_cut": row(302, 200, 200, 403, 403, 403),
    "outcome-run-list": row(401, 405, 405, 405, 405, 405),
    "outcome-run-detail": row(401, 405, 405, 405, 405, 405),
    "outcome-run-figures": row(401, 405, 405, 405, 405, 405),
    "outcome-run-grades": row(401, 405, 405, 405, 405, 405),
    # --- end "indicators" ---
    # --- employment episodes: an empty upload is a form error (400) for who may import ---
    "episodes:imports": row(302, 405, 405, 405, 405, 405),
    "episodes:import": row(302, 400, 400, 403, 403, 403),
    "episodes:sample": row(302, 405, 405, 405, 405, 405),
    # --- end employment episodes ---
}


def _observe(world: dict[str, Any], make_user: Any, method: str) -> dict[str, dict[str, tuple[int, int]]]:
    users = {role: make_user(f"m-{role}", spec[0], spec[1]) for role, spec in ROLES.items() if spec is not None}
    for role, user in users.items():
        world["jobs"][role] = world["job_for"](user)
    seen: dict[str, dict[str, tuple[int, int]]] = {}
    for name, url in sorted(URLS.items()):
        seen[name] = {}
        for role in ROLES:
            world["role"] = role
            statuses = []
            for key in (own_key(role), "YDP"):
                c = Client(raise_request_exception=False)  # a fresh session: a POST may log out or switch language
                if role in users:
                    c.force_login(users[role])
                path = url(world, key)
                api = path.startswith("/api/") and path != "/api/docs/"
                accept = "application/json" if api else "text/html"
                if method == "get":
                    r = c.get(path, HTTP_ACCEPT=accept)
                else:
                    r = c.post(path, data="{}" if api else {}, content_type="application/json" if api else
                               "multipart/form-data; boundary=BoUnDaRy", HTTP_ACCEPT=accept)
                statuses.append(r.status_code)
            seen[name][role] = (statuses[0], statuses[1])
    return seen


def test_every_route_has_a_row():
    missing = sorted(project_routes() - set(URLS))
    assert not missing, f"routes without a row in the permission table: {missing}"
    assert not sorted(set(URLS) - project_routes()), "rows for routes that no longer exist"


def _compare(table: dict[str, dict[str, tuple[int, int]]], seen: dict[str, dict[str, tuple[int, int]]]) -> None:
    if not table:  # print the observed table to review it
        for name, by_role in seen.items():
            print(f'    "{name}": row(' + ", ".join(
                str(by_role[r][0]) if by_role[r][0] == by_role[r][1] else f"({by_role[r][0]}, {by_role[r][1]})"
                for r in ROLES) + "),")
        pytest.fail("the table is empty")
    diffs = [f"{name} as {role}: expected {table[name][role]}, got {seen[name][role]}"
             for name in seen for role in ROLES if seen[name][role] != table[name][role]]
    assert not diffs, "\n".join(diffs)


def test_route_role_table_get(world, make_user):
    _compare(TABLE_GET, _observe(world, make_user, "get"))


def test_route_role_table_post(world, make_user):
    """An empty POST: refused (401/403/404/405) where the role may not act, a form error or redirect where it may;
    never a server error."""
    _compare(TABLE_POST, _observe(world, make_user, "post"))


def test_every_officer_page_wears_the_gate():
    """Pages for officers say which action they need and which methods they take (access.decorators.gate)."""
    ungated = [name for _p, name, view in _patterns(get_resolver().url_patterns)
               if name.startswith("web:") and name not in ("web:login", "web:logout")
               and not hasattr(view, "gate_action")]
    assert not ungated, f"officer pages without the gate: {ungated}"


def _patterns(patterns: list[Any], namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield p, (f"{namespace}:" if namespace else "") + (p.name or ""), p.callback


def test_the_header_names_roles_not_their_codes(make_user, tree):
    c = Client()
    c.force_login(make_user("hdr-ydp", "district_officer", "GWANAK"))
    page = c.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "자치구 담당자" in page and "district_officer" not in page
