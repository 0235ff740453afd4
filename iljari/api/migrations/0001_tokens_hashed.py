"""DRF's plain `authtoken_token` rows become hashed, expiring knox tokens, and the plain table goes.

Clients keep working with the token they have for CARRY_DAYS (the token is hashed here exactly as knox hashes a
presented token: SHA-512 of its text), then it expires; its owner makes a new one on the API 토큰 page.
"""

import datetime as dt
import hashlib

from django.db import migrations
from django.utils import timezone

CARRY_DAYS = 30


def carry_over_plain_tokens(apps, schema_editor):
    conn = schema_editor.connection
    if "authtoken_token" not in conn.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    with conn.cursor() as cur:
        cur.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cur.fetchall()
    expiry = timezone.now() + dt.timedelta(days=CARRY_DAYS)
    AuthToken.objects.bulk_create([
        AuthToken(digest=hashlib.sha512(key.encode()).hexdigest(), token_key=key[:15], user_id=user_id, expiry=expiry)
        for key, user_id, _created in rows])
    with conn.cursor() as cur:
        cur.execute("DROP TABLE authtoken_token")
        cur.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(carry_over_plain_tokens, migrations.RunPython.noop)]
