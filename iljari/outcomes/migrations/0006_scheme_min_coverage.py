"""The shipped 2021 grading scheme (outcomes.grades.SCHEME_2021) gains `min_coverage` 50 — a program is graded only
when indicators carrying half its type's weight have a value — and loses its "*" type (execution alone): a type
without person-level indicators is not graded by outcomes. Only the shipped row, and only while it still reads as
shipped: a scheme an administrator entered is left as it is."""

import datetime as dt

from django.db import migrations


def forwards(apps, schema_editor):
    scheme = apps.get_model("outcomes", "GradingScheme").objects.filter(
        valid_from=dt.date(2021, 1, 1), note="shipped").first()
    if scheme is not None and "min_coverage" not in scheme.data:
        types = {k: v for k, v in scheme.data.get("types", {}).items() if k != "*"}
        scheme.data = {**scheme.data, "types": types, "min_coverage": 50}
        scheme.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0005_episode_known_until")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
