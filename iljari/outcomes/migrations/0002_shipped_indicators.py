"""The shipped indicators (outcomes.specs) as versions from 2021-01-01."""

from django.db import migrations


def forwards(apps, schema_editor):
    from iljari.outcomes.specs import install

    install(apps.get_model("outcomes", "Indicator"), apps.get_model("outcomes", "IndicatorVersion"))


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
