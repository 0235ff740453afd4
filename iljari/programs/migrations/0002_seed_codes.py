from django.db import migrations


def seed(apps, schema_editor):
    from iljari.programs.codes import seed_code_lists

    seed_code_lists(apps.get_model("programs", "Code"), apps.get_model("programs", "Measure"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
