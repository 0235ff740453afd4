"""The shipped code lists: KECO 2018 major and middle categories, skills and licences, the minimum wage by year,
and the funnel's ledger measures (employment.codes)."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from iljari.employment.codes import seed

    seed(apps.get_model("employment", "Occupation"), apps.get_model("employment", "SkillCode"),
         apps.get_model("employment", "MinimumWage"), apps.get_model("programs", "Measure"))


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
