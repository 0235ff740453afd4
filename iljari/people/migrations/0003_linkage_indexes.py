"""Indexes for the incremental linkage check (people.linkage.service.candidate_ids): a new person's candidates are
found by name with birth year and by phone digits (birth date and resident-number hash are indexed already).

Plain SQL, so that the model's Meta (shared by the other parts of issue 14) stays as it is; the phone index is on
the very expression the check filters on (dashes and spaces removed)."""

from django.db import migrations

PHONE = "REPLACE(REPLACE(phone, '-', ''), ' ', '')"


class Migration(migrations.Migration):

    dependencies = [("people", "0002_alerts_default_rules")]

    operations = [
        migrations.RunSQL("CREATE INDEX person_name_birth ON people_person (name, birth_date)",
                          "DROP INDEX person_name_birth"),
        migrations.RunSQL(f"CREATE INDEX person_phone_key ON people_person (({PHONE}))",
                          "DROP INDEX person_phone_key"),
    ]
