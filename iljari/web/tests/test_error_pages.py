"""A page opened with a method it does not take, or a page that does not exist, answers with a page in the reader's
language (not an empty 405 or Django's debug page); the API keeps its own error shape."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "heading"), [("ko", "직접 여는 화면이 아닙니다"), ("en", "This address is not a page")])
def test_a_get_on_a_form_target_is_a_page_that_says_so(login, language, heading):
    c = login("admin")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    r = c.get("/reports/publish/")
    page = r.content.decode()
    assert r.status_code == 405 and "POST" in r["Allow"]
    assert heading in page and 'href="/"' in page


def test_a_missing_page_is_the_404_page_in_the_readers_language(login):
    c = login("admin")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = c.get("/no-such-page/")
    assert r.status_code == 404 and "Not found" in r.content.decode() and "Go to the dashboard" in r.content.decode()


def test_the_api_keeps_its_error_shape_for_a_wrong_method(login):
    r = login("admin").get("/api/imports/facts/", HTTP_ACCEPT="application/json")
    assert r.status_code == 405 and r["Content-Type"].startswith("application/json")


def test_make_run_serves_without_debug_pages():
    """`make run` uses iljari.settings.local: debug pages only when ILJARI_DEBUG=1; static files by whitenoise."""
    import importlib
    import os

    from iljari.settings import local

    os.environ.pop("ILJARI_DEBUG", None)
    assert importlib.reload(local).DEBUG is False
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in local.MIDDLEWARE
