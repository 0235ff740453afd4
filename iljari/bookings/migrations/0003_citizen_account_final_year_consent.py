"""Slice "accounts": a citizen account keeps the self-declared final-year student mark (the suit rule lets them book
under the lower age bound) and when its holder consented to the collection and use of personal information."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_no_double_booking")]

    operations = [
        migrations.AddField(model_name="citizenaccount", name="final_year_student",
                            field=models.BooleanField(default=False)),
        migrations.AddField(model_name="citizenaccount", name="consented_at",
                            field=models.DateTimeField(blank=True, null=True)),
    ]
