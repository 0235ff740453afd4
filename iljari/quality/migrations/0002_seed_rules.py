from django.db import migrations


def seed(apps, schema_editor):
    from iljari.quality.rules import seed_rules

    seed_rules(apps.get_model("quality", "ValidationRule"))


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
