"""The registries' write services: each refusal names its field in Korean and English and saves nothing; the
minimum wage is the one in force on the posting date, converted by wage type; versions and audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.core.errors import ConflictError, ServiceError
from iljari.employment import registry as svc
from iljari.employment.models import Employer, Seeker, Vacancy
from iljari.people.models import Person

pytestmark = pytest.mark.django_db

def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()


GOOD_BRN = "134-86-72683"  # a valid 사업자등록번호 (check digit 3)


def counts() -> tuple[int, int, int, int, int]:
    return (Person.objects.count(), Seeker.objects.count(), Employer.objects.count(), Vacancy.objects.count(),
            AuditEntry.objects.count())


def refused(call, field: str, ko: str, en: str):  # type: ignore[no-untyped-def]
    """The call is refused with a problem on `field` whose Korean and English messages contain `ko`, `en`; the
    database is as before."""
    before = counts()
    with pytest.raises(ServiceError) as exc:
        call()
    problems = [p for p in exc.value.problems if p.field == field]
    assert problems, f"no problem on {field}: {exc.value}"
    assert any(ko in p.message_ko and en in p.message_en for p in problems), str(exc.value)
    assert counts() == before
    return exc.value


@pytest.fixture
def employer(actor, centres, tree):  # type: ignore[no-untyped-def]
    return svc.employer_register(actor=actor, name="㈜관악상사", business_number=GOOD_BRN, district=tree["GWANAK"],
                                 centre=centres["GWANAK"])


def vacancy(actor, centres, employer, **kw):  # type: ignore[no-untyped-def]
    args = {"actor": actor, "centre": centres["GWANAK"], "employer": employer, "title": "사무보조원",
            "occupation_code": "02", "wage_type": "monthly", "wage": 2_300_000, "hours_per_week": 40,
            "deadline": (today() + dt.timedelta(days=30))}
    args.update(kw)
    return svc.vacancy_create(**args)


# ------------------------------------------------------------------------------------------------ business number


def test_business_number_check_digit():
    assert svc.business_number_clean("134-86-72683") == "1348672683"
    assert svc.business_number_clean("1348672684") is None  # wrong check digit
    assert svc.business_number_clean("134-86-7268") is None  # nine digits
    assert svc.business_number_clean("abc") is None
    assert svc.business_number_clean("1" * 5000) is None
    assert svc.business_number_format("1348672683") == "134-86-72683"


def test_employer_register_refuses_a_bad_number_and_a_repeat(actor, centres):
    refused(lambda: svc.employer_register(actor=actor, name="㈜가나", business_number="134-86-72684",
                                          centre=centres["GWANAK"]),
            "business_number", "사업자등록번호", "business registration number")
    e = svc.employer_register(actor=actor, name="㈜가나", business_number=GOOD_BRN, centre=centres["GWANAK"])
    assert e.business_number == "1348672683"
    assert AuditEntry.objects.filter(object_type="employment.employer", object_id=str(e.pk)).count() == 1
    refused(lambda: svc.employer_register(actor=actor, name="㈜다라", business_number="1348672683"),
            "business_number", "이미 등록된", "already registered")
    assert svc.employer_register(actor=actor, name="㈜다라", business_number="1348672683", reuse=True) == e


def test_employer_update_checks_the_version(actor, employer):
    e = svc.employer_update(actor=actor, employer=employer, version=1, contact_phone="02-880-1234")
    assert (e.version, e.contact_phone) == (2, "02-880-1234")
    with pytest.raises(ConflictError):
        svc.employer_update(actor=actor, employer=employer, version=1, contact_phone="02-000-0000")
    assert Employer.objects.get(pk=employer.pk).contact_phone == "02-880-1234"


# ------------------------------------------------------------------------------------------------ minimum wage


def test_minimum_wage_2018_hourly(actor, centres, employer):
    posted = dt.date(2018, 6, 1)
    v = vacancy(actor, centres, employer, wage_type="hourly", wage=7_530, posted_on=posted)
    assert v.status == Vacancy.Status.OPEN and v.wage == 7_530
    exc = refused(lambda: vacancy(actor, centres, employer, wage_type="hourly", wage=7_529, posted_on=posted),
                  "wage", "최저임금", "minimum wage")
    assert "7,530" in exc.problems[0].message_ko and "2018.06.01" in exc.problems[0].message_en


def test_minimum_wage_2018_monthly_is_209_hours(actor, centres, employer):
    assert svc.monthly_hours(40) == 209
    posted = dt.date(2018, 3, 2)
    v = vacancy(actor, centres, employer, wage_type="monthly", wage=1_573_770, posted_on=posted)
    assert v.wage == 1_573_770
    refused(lambda: vacancy(actor, centres, employer, wage_type="monthly", wage=1_573_769, posted_on=posted),
            "wage", "월급", "monthly wage")


def test_minimum_wage_follows_the_posting_date(actor, centres, employer):
    """7,600 an hour was enough in 2018, not in 2019 (8,350)."""
    vacancy(actor, centres, employer, wage_type="hourly", wage=7_600, posted_on=dt.date(2018, 12, 31))
    refused(lambda: vacancy(actor, centres, employer, wage_type="hourly", wage=7_600, posted_on=dt.date(2019, 1, 1)),
            "wage", "8,350", "8,350")


def test_minimum_wage_daily_and_annual(actor, centres, employer):
    posted = dt.date(2018, 3, 2)
    # daily: 40 hours a week = 8 hours a day: 60,240
    vacancy(actor, centres, employer, wage_type="daily", wage=60_240, posted_on=posted)
    refused(lambda: vacancy(actor, centres, employer, wage_type="daily", wage=60_239, posted_on=posted),
            "wage", "일급", "daily wage")
    # annual: 12 × 1,573,770
    vacancy(actor, centres, employer, wage_type="annual", wage=18_885_240, posted_on=posted)
    refused(lambda: vacancy(actor, centres, employer, wage_type="annual", wage=18_885_239, posted_on=posted),
            "wage", "연봉", "annual salary")
    assert svc.minimum_wage_for("monthly", 20, 10_000) == 1_040_000  # (20 + 4) × 4.345 = 104.28 → 104 hours


# ------------------------------------------------------------------------------------------------ vacancies


def test_vacancy_each_bad_input_names_its_field(actor, centres, employer):
    refused(lambda: vacancy(actor, centres, employer, deadline=today() - dt.timedelta(days=1)),
            "deadline", "마감일이 이미 지났습니다", "deadline is in the past")
    refused(lambda: vacancy(actor, centres, employer, posted_on=dt.date(2018, 3, 2), deadline=dt.date(2018, 3, 1)),
            "deadline", "마감일", "deadline")
    refused(lambda: vacancy(actor, centres, employer, occupation_code="99"),
            "occupation_code", "직업 코드", "occupation code")
    refused(lambda: vacancy(actor, centres, employer, occupation_code="0"),
            "occupation_code", "중분류", "middle")
    refused(lambda: vacancy(actor, centres, employer, hours_per_week=53),
            "hours_per_week", "52시간", "52 a week")
    refused(lambda: vacancy(actor, centres, employer, openings=0), "openings", "모집 인원", "openings")
    refused(lambda: vacancy(actor, centres, employer, wage_type="weekly"), "wage_type", "임금 형태", "wage type")
    refused(lambda: vacancy(actor, centres, employer, title="  "), "title", "제목", "title")


def test_vacancy_inactive_occupation_is_refused(actor, centres, employer, occ):
    occ["02"].active = False
    occ["02"].save()
    refused(lambda: vacancy(actor, centres, employer), "occupation_code", "쓰지 않는", "inactive")


def test_vacancy_several_problems_are_reported_together(actor, centres, employer):
    before = counts()
    with pytest.raises(ServiceError) as exc:
        vacancy(actor, centres, employer, occupation_code="99", hours_per_week=60, openings=0,
                deadline=today() - dt.timedelta(days=1))
    assert {p.field for p in exc.value.problems} >= {"occupation_code", "hours_per_week", "openings", "deadline"}
    assert counts() == before


def test_public_vacancy_waits_and_is_approved_or_rejected(actor, centres, employer):
    v = vacancy(actor, centres, employer, channel="online", posted_on=dt.date(2018, 1, 5))
    assert v.status == Vacancy.Status.PENDING and v.posted_on == today()  # the public form posts today
    counsellor = vacancy(actor, centres, employer)
    assert counsellor.status == Vacancy.Status.OPEN
    with pytest.raises(ConflictError):
        svc.vacancy_approve(actor=actor, vacancy=v, version=v.version + 5)
    done = svc.vacancy_approve(actor=actor, vacancy=v, version=v.version)
    assert (done.status, done.approved_by, done.version) == (Vacancy.Status.OPEN, actor, 2)
    assert AuditEntry.objects.filter(object_type="employment.vacancy", object_id=str(v.pk),
                                     action="update").count() == 1
    with pytest.raises(ConflictError):  # approved already
        svc.vacancy_approve(actor=actor, vacancy=done, version=done.version)

    w = vacancy(actor, centres, employer, channel="online")
    refused(lambda: svc.vacancy_reject(actor=actor, vacancy=w, version=w.version, reason=" "), "reason",
            "반려 사유", "reason")
    r = svc.vacancy_reject(actor=actor, vacancy=w, version=w.version, reason="임금 조건 확인 필요")
    assert (r.status, r.reject_reason) == (Vacancy.Status.REJECTED, "임금 조건 확인 필요")

    c = svc.vacancy_close(actor=actor, vacancy=counsellor, version=counsellor.version, filled=True)
    assert c.status == Vacancy.Status.FILLED


def test_vacancy_update_rechecks_and_versions(actor, centres, employer):
    v = vacancy(actor, centres, employer, posted_on=dt.date(2018, 3, 2))
    refused(lambda: svc.vacancy_update(actor=actor, vacancy=v, version=1, wage=1_000_000), "wage", "최저임금",
            "minimum wage")
    u = svc.vacancy_update(actor=actor, vacancy=v, version=1, wage=2_500_000, openings=3)
    assert (u.wage, u.openings, u.version) == (2_500_000, 3, 2)
    with pytest.raises(ConflictError):
        svc.vacancy_update(actor=actor, vacancy=v, version=1, openings=4)
    refused(lambda: svc.vacancy_update(actor=actor, vacancy=u, version=2, status="open"), "status", "고칠 수 없는",
            "cannot be changed")


# ------------------------------------------------------------------------------------------------ seekers


def test_seeker_register_makes_a_person_and_audits(actor, centres, tree, django_capture_on_commit_callbacks,
                                                   monkeypatch):
    checked: list[list[int]] = []
    monkeypatch.setattr("iljari.people.linkage.service.check_new_persons",
                        lambda ids, actor=None: checked.append(list(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        s = svc.seeker_register(actor=actor, centre=centres["GWANAK"], name="김구직", birth_date=dt.date(1990, 5, 1),
                                phone="010-1234-5678", home_district="GWANAK", desired_occupations=["02", "53"],
                                licences=["L-COMPUTER-OA"], desired_wage=2_400_000, hours_per_week=40)
    assert s.person.source == "seeker" and s.person.source_ref == f"seeker:{s.pk}"
    assert s.person.district == tree["GWANAK"] and s.registered_on == today()
    assert sorted(o.code for o in s.desired_occupations.all()) == ["02", "53"]
    assert checked == [[s.person.pk]]  # the registry's incremental check, after commit
    assert AuditEntry.objects.filter(object_type="employment.seeker", object_id=str(s.pk)).count() == 1
    assert AuditEntry.objects.filter(object_type="people.person", object_id=str(s.person.pk)).count() == 1
    # the same person again at the same centre: refused, nothing saved
    refused(lambda: svc.seeker_register(actor=actor, centre=centres["GWANAK"], name="김구직",
                                        birth_date=dt.date(1990, 5, 1), phone="01012345678"),
            "name", "이미", "already registered")


def test_seeker_registration_survives_a_failing_registry_check(actor, centres, django_capture_on_commit_callbacks,
                                                               monkeypatch):
    def boom(ids, actor=None):  # type: ignore[no-untyped-def]
        raise RuntimeError("linkage down")

    monkeypatch.setattr("iljari.people.linkage.service.check_new_persons", boom)
    with django_capture_on_commit_callbacks(execute=True):
        s = svc.seeker_register(actor=actor, centre=centres["GWANAK"], name="이구직", birth_date=dt.date(1985, 1, 1))
    assert Seeker.objects.filter(pk=s.pk).exists()


def test_seeker_bad_inputs_are_refused_together(actor, centres):
    before = counts()
    with pytest.raises(ServiceError) as exc:
        svc.seeker_register(actor=actor, centre=centres["GWANAK"], name="", birth_date=None,
                            desired_occupations=["99"], licences=["L-NOPE"], home_district="NOWHERE",
                            hours_per_week=80, commute="moon")
    by_field = {p.field: p for p in exc.value.problems}
    assert set(by_field) >= {"name", "birth_date", "desired_occupations", "licences", "home_district",
                             "hours_per_week", "commute"}
    assert "이름" in by_field["name"].message_ko and "name" in by_field["name"].message_en
    assert counts() == before


def test_seeker_update_changes_person_and_seeker(actor, centres, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("iljari.people.linkage.service.check_new_persons", lambda ids, actor=None: None)
    s = svc.seeker_register(actor=actor, centre=centres["GWANAK"], name="박구직", birth_date=dt.date(1970, 2, 2))
    u = svc.seeker_update(actor=actor, seeker=s, version=1, phone="010-9999-0000", status="placed",
                          desired_occupations=["55"])
    assert (u.version, u.status, u.person.phone) == (2, "placed", "010-9999-0000")
    assert [o.code for o in u.desired_occupations.all()] == ["55"]
    with pytest.raises(ConflictError):
        svc.seeker_update(actor=actor, seeker=s, version=1, status="closed")
    refused(lambda: svc.seeker_update(actor=actor, seeker=u, version=2, centre=None), "centre", "고칠 수 없는",
            "cannot be changed")
