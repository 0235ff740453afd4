"""The seeded coefficient's source names the document, not the seed file ("seed 001: ..." was on screen)."""

from django.db import migrations

OLD = "seed 001: 건설 소요예산(168억) ÷ 10억 × 취업계수(건물건설 및 보수 7.6명) = 127개"
NEW = "서울특별시의회 일자리대책특별위원회 결과보고서: 건설 소요예산(168억) ÷ 10억 × 취업계수(건물건설 및 보수 7.6명) = 127개"


def rename_source(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("programs", "EmploymentCoefficient").objects.filter(source=OLD).update(source=NEW)


def restore_source(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("programs", "EmploymentCoefficient").objects.filter(source=NEW).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_employment_coefficients")]
    operations = [migrations.RunPython(rename_source, restore_source)]
