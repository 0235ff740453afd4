"""Every applicant becomes a person of the registry (people.Person, source "applicant") and every recorded
participation spell a benefit record (kind paid, source officer, "participation:<id>"), so that a person's history
is one. The Participation model stays for now (the 10-months rule still reads it)."""

from django.db import migrations


def _months(start, end):
    return (end.year - start.year) * 12 + end.month - start.month + 1


def forwards(apps, schema_editor):
    from iljari.people.normalise import address_norm

    Applicant = apps.get_model("participants", "Applicant")
    Participation = apps.get_model("participants", "Participation")
    Person = apps.get_model("people", "Person")
    BenefitRecord = apps.get_model("people", "BenefitRecord")
    todo = list(Applicant.objects.filter(person__isnull=True).order_by("pk"))
    for i in range(0, len(todo), 1000):
        chunk = todo[i:i + 1000]
        persons = Person.objects.bulk_create([Person(
            name=a.name, birth_date=a.birth_date, sex=a.sex if a.sex in ("M", "F") else "", phone=a.phone,
            address=a.address, address_norm=address_norm(a.address)[:300], district_id=a.district_id,
            rrn_hash=a.rrn_hash, source="applicant", source_ref=f"applicant:{a.pk}") for a in chunk])
        if any(p.pk is None for p in persons):
            got = dict(Person.objects.filter(source="applicant", source_ref__in=[p.source_ref for p in persons])
                       .values_list("source_ref", "pk"))
            for p in persons:
                p.pk = got[p.source_ref]
        for a, p in zip(chunk, persons):
            a.person_id = p.pk
        Applicant.objects.bulk_update(chunk, ["person"])
    person_of = dict(Applicant.objects.values_list("pk", "person_id"))
    done = set(BenefitRecord.objects.filter(source="officer", source_ref__startswith="participation:")
               .values_list("source_ref", flat=True))
    new = []
    for p in Participation.objects.select_related("program").order_by("pk"):
        ref = f"participation:{p.pk}"
        if ref in done or p.end < p.start:
            continue
        new.append(BenefitRecord(
            person_id=person_of[p.applicant_id], program_id=p.program_id,
            program_name=p.program.name_ko if p.program_id else "",
            org_unit_id=p.program.owner_org_id if p.program_id else None, kind="paid", start=p.start, end=p.end,
            months=_months(p.start, p.end), amount=None, source="officer", source_ref=ref))
    BenefitRecord.objects.bulk_create(new, batch_size=1000)


def backwards(apps, schema_editor):
    Applicant = apps.get_model("participants", "Applicant")
    Person = apps.get_model("people", "Person")
    BenefitRecord = apps.get_model("people", "BenefitRecord")
    BenefitRecord.objects.filter(source="officer", source_ref__startswith="participation:").delete()
    Applicant.objects.update(person=None)
    Person.objects.filter(source="applicant", benefits__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0008_applicant_person"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
