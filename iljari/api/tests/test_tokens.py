"""API tokens are stored only as digests, expire, can be revoked, and every make and revoke is audited."""

import datetime as dt
import hashlib
import importlib
import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from iljari.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def api(token: str) -> APIClient:
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return c


def stored_text() -> str:
    """Everything the database keeps about tokens and their audit rows, as one text."""
    from knox.models import AuthToken

    rows = list(AuthToken.objects.values_list("digest", "token_key"))
    audit = list(AuditEntry.objects.values_list("object_id", "object_repr", "before", "after", "reason"))
    return repr(rows) + repr(audit)


def test_a_token_is_stored_as_a_digest_expires_and_can_be_revoked(make_user, settings):
    from knox.models import AuthToken

    from iljari.access.tokens import api_token_create, api_token_revoke

    user = make_user("reader", "reviewer")
    row, token = api_token_create(actor=user)
    assert api(token).get("/api/programs/").status_code == 200
    assert token not in stored_text()  # only its digest and first characters are kept
    assert row.digest == hashlib.sha512(token.encode()).hexdigest() and token.startswith(row.token_key)
    assert abs(row.expiry - (timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS))) < dt.timedelta(minutes=1)

    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    expired = api(token).get("/api/programs/")
    assert expired.status_code == 401 and expired.json()["errors"][0]["code"] == "authentication_failed"

    row2, token2 = api_token_create(actor=user)
    assert api(token2).get("/api/programs/").status_code == 200
    api_token_revoke(actor=user, prefix=row2.token_key)
    assert api(token2).get("/api/programs/").status_code == 401

    made = AuditEntry.objects.filter(object_type="knox.authtoken", action="create")
    revoked = AuditEntry.objects.get(object_type="knox.authtoken", action="delete")
    assert made.count() == 2 and revoked.object_id == row2.token_key and revoked.actor_label == "reader"
    assert row2.digest not in stored_text()  # the audit trail never shows a digest


def test_nobody_revokes_or_makes_another_users_token(make_user):
    from knox.models import AuthToken

    from iljari.access.tokens import api_token_create, api_token_revoke
    from iljari.core.errors import ServiceError

    owner, other = make_user("owner", "reviewer"), make_user("other", "portfolio")
    row, token = api_token_create(actor=owner)
    with pytest.raises(ServiceError):
        api_token_revoke(actor=other, prefix=row.token_key)
    with pytest.raises(ServiceError):
        api_token_create(actor=other, user=owner)
    assert AuthToken.objects.filter(user=owner).count() == 1 and api(token).get("/api/programs/").status_code == 200


def test_plain_drf_tokens_become_hashed_expiring_ones(make_user):
    """The upgrade: rows of DRF's plain `authtoken_token` table keep working for a while, hashed, then expire."""
    from django.apps import apps
    from knox.models import AuthToken

    migration = importlib.import_module("iljari.api.migrations.0001_tokens_hashed")
    user = make_user("client", "reviewer")
    plain = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)")
        cur.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [plain, timezone.now(), user.pk])
    migration.carry_over_plain_tokens(apps, SimpleNamespace(connection=connection))
    assert "authtoken_token" not in connection.introspection.table_names()
    assert plain not in stored_text()
    assert api(plain).get("/api/programs/").status_code == 200
    row = AuthToken.objects.get(user=user)
    assert row.expiry < timezone.now() + dt.timedelta(days=migration.CARRY_DAYS + 1)


def test_load_demo_prints_a_working_token_for_each_login(tree, monkeypatch):
    load_demo = importlib.import_module("iljari.demo.management.commands.load-demo")
    monkeypatch.setattr(load_demo, "DEMO_USERS", [("gwanak", "iljari-demo-2026", False, "district_officer", "GWANAK"),
                                                  ("council", "iljari-demo-2026", False, "reviewer", None)])

    def logins() -> dict[str, str]:
        out = io.StringIO()
        call_command("load-demo", "--users-only", stdout=out)
        return dict(re.findall(r"^ +(\w+) / .*\(API token: (\S+)\)$", out.getvalue(), re.M))

    first = logins()
    assert set(first) == {"gwanak", "council"}
    for name, token in first.items():
        r = api(token).get("/api/programs/")
        assert r.status_code == 200, (name, r.content)
        assert r.wsgi_request.user.username == name
    second = logins()  # loading again gives new tokens and revokes the printed ones
    assert all(api(t).get("/api/programs/").status_code == 401 for t in first.values())
    assert all(api(t).get("/api/programs/").status_code == 200 for t in second.values())
    assert not any(t in stored_text() for t in [*first.values(), *second.values()])
