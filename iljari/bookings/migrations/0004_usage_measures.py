"""The usage measures the bookings' derivation records in the ledger (bookings.codes.USAGE_MEASURES): café users,
café operations, study-room users, suit users."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from iljari.bookings.codes import seed_measures

    seed_measures(apps.get_model("programs", "Measure"))


class Migration(migrations.Migration):
    dependencies = [("bookings", "0003_citizen_account_final_year_consent")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
