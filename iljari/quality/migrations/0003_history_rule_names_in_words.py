"""The shipped rules' names read as words, not expressions ("지출액 ≤ 예산현액" -> "예산 안에서 지출"); a name an
administrator changed is left as it is."""

from django.db import migrations

RENAMED = {
    "expenditure_within_budget": ("지출액 ≤ 예산현액", "예산 안에서 지출"),
    "sources_add_to_total": ("재원별 합계 = 총액", "재원별 예산의 합과 총액 일치"),
    "districts_add_up": ("하위 조직 합계 = 상위 실적", "하위 조직 실적의 합과 상위 실적 일치"),
}


def forwards(apps, schema_editor):
    rule = apps.get_model("quality", "ValidationRule")
    for code, (old, new) in RENAMED.items():
        rule.objects.filter(code=code, name_ko=old).update(name_ko=new)


def backwards(apps, schema_editor):
    rule = apps.get_model("quality", "ValidationRule")
    for code, (old, new) in RENAMED.items():
        rule.objects.filter(code=code, name_ko=new).update(name_ko=old)


class Migration(migrations.Migration):
    dependencies = [("quality", "0002_seed_rules")]
    operations = [migrations.RunPython(forwards, backwards)]
