"""Graded evaluation (issue 18 §4): grading schemes and grades; the shipped 2021 scheme (outcomes.grades)."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    from iljari.outcomes.grades import SCHEME_2021

    apps.get_model("outcomes", "GradingScheme").objects.get_or_create(
        valid_from=dt.date(2021, 1, 1), defaults={"data": SCHEME_2021, "note": "shipped"})


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0003_run_timings"), ("programs", "0004_langsweep_coefficient_source")]

    operations = [
        migrations.CreateModel(
            name="GradingScheme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("valid_from", models.DateField(unique=True)),
                ("data", models.JSONField()),
                ("note", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["-valid_from"]},
        ),
        migrations.CreateModel(
            name="Grade",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("score", models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True)),
                ("grade", models.CharField(blank=True, choices=[("", "등급 없음 / not graded"), ("excellent", "우수 / Excellent"), ("good", "양호 / Good"), ("improve", "개선필요 / Needs improvement"), ("cut", "감액 / Cut")], max_length=10)),
                ("reasons", models.JSONField(default=dict)),
                ("points", models.JSONField(default=dict)),
                ("sunset", models.BooleanField(default=False)),
                ("sunset_reason", models.CharField(blank=True, max_length=10)),
                ("proposed_cut_percent", models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True)),
                ("cut_reason", models.TextField(blank=True)),
                ("version", models.PositiveIntegerField(default=1)),
                ("program", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="programs.program")),
                ("run", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="grades", to="outcomes.outcomerun")),
                ("scheme", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="outcomes.gradingscheme")),
            ],
            options={"ordering": ["run", "program"],
                     "constraints": [models.UniqueConstraint(fields=("run", "program"), name="grade_once")]},
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
