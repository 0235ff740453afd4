from django.db import migrations


def seed(apps, schema_editor):
    from iljari.programs.codes import SEED_CODES, SEED_MEASURES

    Code = apps.get_model("programs", "Code")
    Measure = apps.get_model("programs", "Measure")
    for list_name, entries in SEED_CODES.items():
        for order, (code, ko, en, parent) in enumerate(entries):
            parent_obj = Code.objects.get(list="job_type", code=parent) if parent else None
            Code.objects.update_or_create(list=list_name, code=code, defaults={
                "label_ko": ko, "label_en": en, "parent": parent_obj, "sort_order": order})
    for order, (code, ko, en, kind, unit, agg, by_source) in enumerate(SEED_MEASURES):
        Measure.objects.update_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "kind": kind, "unit": unit, "aggregation": agg,
            "by_funding_source": by_source, "builtin": kind != "indicator", "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
