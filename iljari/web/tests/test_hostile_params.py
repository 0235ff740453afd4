"""The officer pages given the API's hostile values (year=0, month=2021-13, numbers beyond bigint, NUL bytes):
each answers a page (or a 400 / 404 page), never a 500."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
HOSTILE = [
    {"year": "0"}, {"year": HUGE}, {"year": "-1"}, {"as_of": "2021-13"}, {"as_of": "0000-00-00"},
    {"as_of": "9999-12-31"}, {"month": "2021-13"}, {"month": "0-0"}, {"month": f"{HUGE}-01"}, {"page": HUGE},
    {"page": "-1"}, {"unit": "bogus"}, {"rounding": "bogus"}, {"unit": "\x00"}, {"org": "\x00"},
    {"q": "a\x00b"}, {"dim1": "colour"}, {"dim1": "\x00"}, {"f_program": "\x00"}, {"sort": "\x00"},
    {"since": "garbage", "until": "2021-13-01"}, {"actor": "\x00"}, {"object_type": "\x00"},
    {"owner_org": "\x00"}, {"status": "\x00"}, {"job_type": HUGE}, {"limit": HUGE}, {"format": "\x00"},
]
PAGES = ["/", "/programs/", "/pivot/", "/entry/", "/orgs/", "/codes/", "/audit/", "/quality/", "/pledges/",
         "/duplicates/", "/planning/", "/rounds/", "/evaluation/", "/evaluation/weak/"]


@pytest.fixture
def admin_client(login, make_program, record):
    a = make_program("A")
    record(a, "job_target", "2021", 100, "2021-01-01")
    c = login("admin")
    c.raise_request_exception = False
    return c


@pytest.mark.parametrize("page", PAGES)
def test_pages_survive_hostile_parameters(admin_client, page):
    bad = []
    for query in HOSTILE:
        r = admin_client.get(page, query)
        if r.status_code >= 500:
            bad.append(f"{page}?{query} -> {r.status_code}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("url", [
    "/programs/A%00/", "/orgs/SEOUL%00/", "/pledges/1%00/", f"/rounds/{HUGE}/", f"/reports/jobs/{HUGE}/",
    "/programs/" + "X" * 300 + "/",
])
def test_path_lookups_that_name_nothing_are_404(admin_client, url):
    assert admin_client.get(url).status_code == 404


def test_nul_in_a_query_is_a_korean_400_page(admin_client):
    r = admin_client.get("/programs/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400
    assert "요청을 처리할 수 없습니다" in r.content.decode()


def test_nul_in_an_api_query_is_a_400_in_the_error_shape(admin_client):
    r = admin_client.get("/api/programs/", {"owner_org": "\x00"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["code"] == "null_character"
