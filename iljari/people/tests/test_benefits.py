"""Applicants become persons of the registry; round participations become benefit records on commit."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.audit.models import AuditEntry
from iljari.participants.models import Applicant, Application, Participation, PayRule, RecruitmentRound
from iljari.participants.services import (
    applicant_update,
    application_apply,
    application_drop_out,
    round_select,
    work_records_save,
)
from iljari.people.models import BenefitRecord, Person

pytestmark = pytest.mark.django_db

PAY = {"basis": "day", "hours_by_age": [[65, 3]], "default_hours": 6,
       "daily_wage_by_hours": {"6": 32000, "3": 16000}, "daily_allowance": 5000, "truncate_to": 10}


def make_round(program, **kw):  # type: ignore[no-untyped-def]
    values = {"name": "2024 상반기", "apply_from": dt.date(2024, 1, 2), "apply_to": dt.date(2024, 1, 31),
              "work_from": dt.date(2024, 3, 4), "work_to": dt.date(2024, 7, 31), "places": 2}
    return RecruitmentRound.objects.create(program=program, **{**values, **kw})


def apply(rnd, actor, n, **data):  # type: ignore[no-untyped-def]
    return application_apply(actor=actor, round=rnd, rrn=f"850101-1{n:06d}", channel="officer",
                             on=rnd.apply_from, data={"name": f"참여자{n}", "district": "GWANAK",
                                                       "address": "서울특별시  관악구 관악로 145",
                                                       "phone": "010-1234-5678", **data})


def test_a_new_applicant_is_a_person_with_the_same_identifying_fields(tree, actor, make_program):
    rnd = make_round(make_program("PW"))
    app = apply(rnd, actor, 1)
    person = Applicant.objects.get(pk=app.applicant_id).person
    assert person is not None and person.source == "applicant" and person.source_ref == f"applicant:{app.applicant_id}"
    assert (person.name, person.birth_date, person.sex, person.phone) == ("참여자1", dt.date(1985, 1, 1), "M",
                                                                         "010-1234-5678")
    assert person.address_norm == "서울 관악구 관악로 145 [도로]" and person.district == tree["GWANAK"]
    assert person.rrn_hash == app.applicant.rrn_hash and len(person.rrn_hash) == 64
    assert "850101" not in str(Person.objects.values().get(pk=person.pk))  # no plain number anywhere


def test_an_officers_correction_updates_the_person_and_bumps_its_version(tree, actor, make_program):
    rnd = make_round(make_program("PW"))
    applicant = apply(rnd, actor, 2).applicant
    applicant_update(actor=actor, applicant=applicant, version=applicant.version, reason="개명",
                     data={"name": "김새이름", "district": "GWANAK", "phone": "010-9999-0000", "address": "관악구 1"})
    person = Person.objects.get(applicant=applicant)
    assert (person.name, person.phone, person.version) == ("김새이름", "010-9999-0000", 2)
    assert AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk), action="update",
                                     reason="개명").exists()


def test_the_migration_makes_persons_of_existing_applicants_and_benefits_of_past_participations(
        tree, actor, make_program):
    import importlib

    from django.apps import apps

    program = make_program("OLD", owner="GWANAK-JOB")
    old = Applicant.objects.create(name="예전신청자", rrn_hash="h" * 64, rrn_encrypted="x", rrn_masked="700101-2******",
                                   birth_date=dt.date(1970, 1, 1), sex="F", address="서울시 관악구 신림로 1",
                                   district=tree["GWANAK"])
    spell = Participation.objects.create(applicant=old, program=program, start=dt.date(2023, 3, 15),
                                         end=dt.date(2023, 11, 2))
    migration = importlib.import_module("iljari.participants.migrations.0009_applicants_into_person_registry")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing doubled
    old.refresh_from_db()
    assert old.person.name == "예전신청자" and old.person.address_norm == "서울 관악구 신림로 1 [도로]"
    assert old.person.rrn_hash == "h" * 64
    rec = BenefitRecord.objects.get(source="officer", source_ref=f"participation:{spell.pk}")
    assert (rec.person_id, rec.kind, rec.months, rec.amount, rec.org_unit) == (old.person_id, "paid", 9, None,
                                                                              program.owner_org)


def _selected_round(tree, actor, make_program, django_capture_on_commit_callbacks, **kw):  # type: ignore[no-untyped-def]
    program = make_program("PW24", owner="GWANAK-JOB")
    PayRule.objects.create(program=program, valid_from=dt.date(2024, 1, 1), params=PAY)
    rnd = make_round(program, **kw)
    apps = [apply(rnd, actor, n) for n in (10, 11, 12)]
    Application.objects.filter(round=rnd).update(eligible=True)
    with django_capture_on_commit_callbacks(execute=True):
        round_select(actor=actor, round=rnd)
    return rnd, apps


def test_selection_makes_paid_participations_with_months_and_no_amount_yet(
        tree, actor, make_program, django_capture_on_commit_callbacks):
    rnd, _apps = _selected_round(tree, actor, make_program, django_capture_on_commit_callbacks)
    selected = list(Application.objects.filter(round=rnd, status="selected").order_by("pk"))
    assert len(selected) == 2
    recs = list(BenefitRecord.objects.filter(source="round").order_by("pk"))
    assert [r.source_ref for r in recs] == [f"application:{a.pk}" for a in selected]
    r = recs[0]
    assert (r.kind, r.start, r.end, r.months, r.amount) == ("paid", dt.date(2024, 3, 4), dt.date(2024, 7, 31), 5, None)
    assert r.program == rnd.program and r.org_unit == tree["GWANAK"]  # the district the application states
    assert r.person == selected[0].applicant.person


def test_days_entered_give_the_amount_in_won(tree, actor, make_program, django_capture_on_commit_callbacks):
    rnd, _ = _selected_round(tree, actor, make_program, django_capture_on_commit_callbacks)
    app = Application.objects.filter(round=rnd, status="selected").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        work_records_save(actor=actor, round=rnd, year=2024, month=3, entries=[
            {"application": app, "days": 20, "version": 0}])
        work_records_save(actor=actor, round=rnd, year=2024, month=4, entries=[
            {"application": app, "days": 1, "version": 0}])
    rec = BenefitRecord.objects.get(source="round", source_ref=f"application:{app.pk}")
    # 6 hours a day: 32,000 won + 5,000 won allowance; 21 days
    assert rec.amount == 21 * 37_000 == 777_000 and rec.version == 2
    other = BenefitRecord.objects.exclude(pk=rec.pk).get(source="round")
    assert other.amount is None  # nothing entered: unknown, not 0


def test_a_drop_out_ends_the_period_and_the_next_in_line_is_a_participant(
        tree, actor, make_program, django_capture_on_commit_callbacks):
    from iljari.participants.benefits import benefits_sync_round

    rnd, _ = _selected_round(tree, actor, make_program, django_capture_on_commit_callbacks)
    leaving = Application.objects.filter(round=rnd, status="selected").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = application_drop_out(actor=actor, application=leaving, reason="취업", on=dt.date(2024, 5, 10))
    rec = BenefitRecord.objects.get(source_ref=f"application:{leaving.pk}")
    assert (rec.end, rec.months) == (dt.date(2024, 5, 10), 3)
    assert promoted is not None and BenefitRecord.objects.filter(source_ref=f"application:{promoted.pk}").exists()
    before = AuditEntry.objects.count()
    assert benefits_sync_round(rnd.pk, actor=actor) == {"created": 0, "changed": 0, "same": 3, "removed": 0}
    assert AuditEntry.objects.count() == before  # idempotent: nothing changed, nothing written
    assert BenefitRecord.objects.get(pk=rec.pk).end == dt.date(2024, 5, 10)  # the drop-out day is kept


def test_the_unit_running_the_round_is_the_unit_of_the_benefit(tree, actor, make_program,
                                                             django_capture_on_commit_callbacks):
    _rnd, _ = _selected_round(tree, actor, make_program, django_capture_on_commit_callbacks,
                             run_by=tree["GWANAK-JOB"])
    assert set(BenefitRecord.objects.filter(source="round").values_list("org_unit__code", flat=True)) == {"GWANAK-JOB"}


def test_a_spell_copied_from_a_closed_round_is_replaced_by_the_rounds_record(
        tree, actor, make_program, django_capture_on_commit_callbacks):
    from iljari.participants.benefits import benefits_sync_round

    rnd, _ = _selected_round(tree, actor, make_program, django_capture_on_commit_callbacks)
    app = Application.objects.filter(round=rnd, status="selected").order_by("pk").first()
    BenefitRecord.objects.filter(source="round").delete()  # as before the registry: only the closed round's spell
    BenefitRecord.objects.create(person=app.applicant.person, program=rnd.program, kind="paid", start=rnd.work_from,
                                 end=rnd.work_to, months=5, source="officer", source_ref="participation:1")
    benefits_sync_round(rnd.pk, actor=actor)
    mine = BenefitRecord.objects.filter(person=app.applicant.person)
    assert [(b.source, b.months) for b in mine] == [("round", 5)]  # five months, counted once
