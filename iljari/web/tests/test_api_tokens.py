"""The API 토큰 page: make a token (shown once), see its prefix, creation and expiry, revoke it."""

import re

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def works(token: str) -> bool:
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return c.get("/api/programs/").status_code == 200


def test_make_see_once_and_revoke_a_token(login):
    from knox.models import AuthToken

    c = login("reviewer")
    page = c.get("/account/api-tokens/")
    assert page.status_code == 200 and "API 토큰" in page.content.decode() and "쓸 수 있는 API 토큰이 없습니다" in \
        page.content.decode()
    assert 'href="/account/api-tokens/"' in c.get("/").content.decode()  # linked from every page
    c.get("/account/api-tokens/?action=create")
    assert AuthToken.objects.count() == 0  # a GET makes nothing

    made = c.post("/account/api-tokens/", {"action": "create"})
    assert "no-store" in made["Cache-Control"]
    token = re.search(r'id="new-token" readonly size="80" value="([^"]+)"', made.content.decode())[1]
    assert works(token)
    row = AuthToken.objects.get()
    again = c.get("/account/api-tokens/").content.decode()
    assert token not in again and f"{row.token_key}…" in again  # shown once; afterwards only its first characters
    assert f"{row.expiry.astimezone().year}" in again

    other = login("portfolio")
    other.post("/account/api-tokens/", {"action": "revoke", "prefix": row.token_key})
    assert works(token)  # not theirs: nothing revoked
    assert row.token_key not in other.get("/account/api-tokens/").content.decode()

    r = c.post("/account/api-tokens/", {"action": "revoke", "prefix": row.token_key})
    assert r.status_code == 302 and not works(token) and AuthToken.objects.count() == 0
    assert "폐기했습니다" in c.get("/account/api-tokens/").content.decode()


def test_the_page_needs_a_login_and_a_csrf_token(make_user):
    from django.test import Client
    from knox.models import AuthToken

    assert Client().get("/account/api-tokens/").status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("someone", "reviewer"))
    assert strict.post("/account/api-tokens/", {"action": "create"}).status_code == 403
    assert AuthToken.objects.count() == 0
