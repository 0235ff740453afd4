# The month-end roll-ups group FactMonthly in memory (ledger.cube); the two coarser grains are no longer read.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0004_cache_token'),
    ]

    operations = [
        migrations.DeleteModel(name='OrgMonthly'),
        migrations.DeleteModel(name='ProgramMonthly'),
    ]
