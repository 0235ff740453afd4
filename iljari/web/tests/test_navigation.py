"""The figure pages as an officer moves between them (issue 13): an org selector on the dashboard and the pivot that
offers the units the user may see, the chosen unit's offices and districts as rows (seed 001's office tables one
click away), the year, as-of date, unit and rounding kept in the menu, and pages that open on the latest period
with figures of the user's own unit."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

Q = "?year=2021&as_of=2021-05-31"


class _Tables(HTMLParser):
    """Every table of a page: its caption and its rows as lists of cell texts (with the first link of each row)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "links": []})
        elif tag == "caption" and self.tables:
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
            self.tables[-1]["links"].append(None)
        elif tag in ("td", "th") and self.tables and self.tables[-1]["rows"]:
            self._cell = []
        elif tag == "a" and self._cell is not None and self.tables[-1]["links"][-1] is None:
            self.tables[-1]["links"][-1] = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def table(html: str, caption: str) -> dict:
    p = _Tables()
    p.feed(html)
    found = [t for t in p.tables if t["caption"].strip().startswith(caption)]
    assert found, f"no table '{caption}' on the page"
    rows, links = found[0]["rows"][1:], found[0]["links"][1:]  # the header row aside
    return {"rows": {r[0]: r for r in rows if r}, "links": {r[0]: a for r, a in zip(rows, links, strict=True) if r}}


def number(text: str) -> int:
    return 0 if text == "-" else int(text.replace(",", "").replace("△", "-"))


def menu(html: str) -> dict[str, str]:
    nav = html[html.index('<nav id="menu"'):html.index("</nav>")]
    return {label: href.replace("&amp;", "&") for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', nav)}


def options(html: str) -> list[str]:
    select = html[html.index('<select id="org"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.fixture
def offices(portfolio_data, tree, actor, make_program, record):
    """경제정책실 with two divisions (일자리정책과: program A; 창업정책과: program C), 복지정책실 (program W)."""
    from iljari.orgs.services import org_unit_create

    tree["STARTUP"] = org_unit_create(actor=actor, code="STARTUP", name_ko="창업정책과", kind="division",
                                      parent=tree["ECON"])
    c = make_program("C", owner="STARTUP", job_type="indirect", subtype="startup")
    record(c, "job_target", "2021", 300, "2021-01-01")
    record(c, "job_result", "2021-05", 120, "2021-05-31")
    record(c, "budget", "2021", 1_250_000_000, "2021-01-01", source="city")
    w = make_program("W", owner="WELFARE")
    record(w, "job_target", "2021", 90, "2021-01-01")
    return {**portfolio_data, "C": c, "W": w}


def test_the_city_dashboard_lists_its_offices_and_districts_not_the_city_alone(offices, login):
    page = login("reviewer").get("/" + Q, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    rows = table(page, "실국·자치구별")["rows"]
    assert {"경제정책실", "복지정책실", "관악구"} <= set(rows)
    assert "서울특별시" not in rows
    # 경제정책실 = A (1,000) + C (300); 관악구 = B (200); 복지정책실 = W (90); 계 = every part.
    assert number(rows["경제정책실"][2]) == 1_300 and number(rows["관악구"][2]) == 200
    assert number(rows["계"][2]) == sum(number(rows[k][2]) for k in ("경제정책실", "복지정책실", "관악구"))


def test_the_dashboard_of_an_office_lists_its_divisions_and_they_add_up_to_its_total(offices, login):
    c = login("reviewer")
    city = c.get("/" + Q + "&unit=won", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    link = table(city, "실국·자치구별")["links"]["경제정책실"].replace("&amp;", "&")
    assert "org=ECON" in link and "year=2021" in link and "unit=won" in link  # one click, same period and unit
    page = c.get(link, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'value="ECON" selected' in page
    rows = table(page, "조직별")["rows"]
    assert set(rows) == {"계", "일자리정책과", "창업정책과"}
    for col in (2, 3, 5):  # target, result, budget (in won: exact)
        assert number(rows["계"][col]) == number(rows["일자리정책과"][col]) + number(rows["창업정책과"][col])
    assert number(rows["창업정책과"][5]) == 1_250_000_000
    # The office's own figures in the key figures: not the city's.
    assert ">1,300<" in page and ">1,590<" not in page


def test_the_org_selector_offers_only_the_units_the_user_may_see_as_a_tree(offices, login):
    reviewer = login("reviewer").get("/" + Q, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert options(reviewer)[0] == "SEOUL"
    assert options(reviewer).index("ECON") < options(reviewer).index("JOBPOL") < options(reviewer).index("WELFARE")
    assert options(reviewer)[-2:] == ["GWANAK", "GWANAK-JOB"]  # districts after the city's own offices
    assert '<optgroup label="실·국·본부">' in reviewer and '<optgroup label="자치구">' in reviewer
    officer = login("program_officer", "ECON").get("/" + Q).content.decode()
    assert options(officer) == ["ECON", "JOBPOL", "STARTUP"]
    district = login("district_officer", "GWANAK")
    assert options(district.get("/" + Q).content.decode()) == ["GWANAK", "GWANAK-JOB"]
    assert district.get("/" + Q + "&org=ECON").status_code == 404  # the one gate: not in their scope
    assert district.get("/pivot/" + Q + "&org=SEOUL").status_code == 404


def test_the_pivot_by_org_shows_the_chosen_units_offices_by_type(offices, login):
    c = login("portfolio")
    page = c.get("/pivot/" + Q + "&dim1=org&dim2=job_type", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert options(page)[0] == "SEOUL" and 'value="SEOUL" selected' in page
    labels = set(table(page, "피벗 집계")["rows"])
    assert {"경제정책실", "관악구"} <= labels and "서울특별시" not in labels
    econ = c.get("/pivot/" + Q + "&dim1=org&org=ECON", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert set(table(econ, "피벗 집계")["rows"]) == {"계", "일자리정책과", "창업정책과"}


def test_a_link_from_the_dashboard_keeps_the_chosen_period_unit_and_rounding(offices, login):
    c = login("portfolio")
    page = c.get("/?year=2021&as_of=2021-04-30&org=ECON&unit=hundred_million&rounding=truncate",
                 HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    links = menu(page)
    for name in ("현황판", "사업 목록", "피벗 집계", "보고서"):
        assert "year=2021" in links[name] and "as_of=2021-04-30" in links[name], name
        assert "org=ECON" in links[name] and "unit=hundred_million" in links[name], name
        assert "rounding=truncate" in links[name], name
    assert "year=2021" in links["자료 검증"] and "org=ECON" in links["자료 검증"]
    assert links["사업 평가"].endswith("?year=2021")
    assert "/?year=2021" in page.split('id="brand"')[1][:200].replace("&amp;", "&")
    # Each page opened from the menu shows what was chosen.
    pivot = c.get(links["피벗 집계"]).content.decode()
    assert 'value="2021-04-30"' in pivot and 'value="ECON" selected' in pivot
    assert 'value="hundred_million" selected' in pivot and 'value="truncate" selected' in pivot
    programs = c.get(links["사업 목록"], HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "예산 단위 억원" in programs and 'value="hundred_million" selected' in programs
    # Kept across a page without figures (the org tree) until changed.
    assert "year=2021" in menu(c.get("/orgs/", HTTP_ACCEPT_LANGUAGE="ko").content.decode())["현황판"]
    changed = menu(c.get("/pivot/?year=2020", HTTP_ACCEPT_LANGUAGE="ko").content.decode())["현황판"]
    assert "year=2020" in changed and "as_of=" not in changed  # another year: its own latest date
    assert "unit=hundred_million" in changed


def test_the_dashboards_own_links_keep_the_unit_and_rounding(offices, login):
    page = login("portfolio").get("/" + Q + "&unit=thousand&rounding=truncate").content.decode()
    counts = re.findall(r'href="(/programs/\?[^"]*counted=1[^"]*)"', page)
    assert counts and all("unit=thousand" in u and "rounding=truncate" in u for u in counts)


def test_a_unit_outside_the_users_scope_is_not_remembered(offices, login):
    c = login("district_officer", "GWANAK")
    assert c.get("/?year=2021&org=ECON").status_code == 404
    links = menu(c.get("/orgs/", HTTP_ACCEPT_LANGUAGE="ko").content.decode())
    assert "org=ECON" not in links["현황판"]


def test_pages_open_on_the_latest_period_with_figures_of_the_users_unit(offices, login, make_program, record):
    """The city's newest figures are of 2023; 관악구's are of 2021 (results as of May): each opens on its own."""
    late = make_program("LATE", owner="JOBPOL")
    record(late, "job_target", "2023", 500, "2023-01-01")
    record(late, "job_result", "2023-03", 100, "2023-03-31")
    district = login("district_officer", "GWANAK")
    page = district.get("/").content.decode()
    assert 'name="year" type="number" min="2000" max="2100" value="2021"' in page
    assert 'value="2021-05-31"' in page and ">200<" in page  # 관악구's own 2021 target
    for url in ("/pivot/", "/programs/", "/quality/", "/reports/work-report/"):
        assert 'value="2021"' in district.get(url).content.decode(), url
    assert "2021" in district.get("/evaluation/").content.decode().split("<h1>")[1][:20]
    city = login("reviewer").get("/").content.decode()
    assert 'value="2023"' in city and 'value="2023-03-31"' in city


def test_seed_001_office_tables_are_one_click_from_the_city_dashboard(db, login):
    """Seed 001 L816-825 and the other offices' tables: each office's 총계 is its row on the city dashboard (in
    억원, as the seed prints), and its own dashboard shows its direct and indirect jobs."""
    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    from django.contrib.auth import get_user_model

    from iljari.access.services import membership_grant
    from iljari.orgs.models import OrgUnit

    expected = json.loads((Path(__file__).resolve().parents[2] / "demo" / "expected.json").read_text("utf-8"))
    offices = [e for e in expected if e.get("org", "") and e["org"].startswith("SEOUL-") and e["by"] == ["job_type"]
               and e["year"] == 2021]
    assert len(offices) == 4
    user = get_user_model().objects.create_user("council-member", password="x")
    membership_grant(actor=None, user=user, role="reviewer", org_unit=None)
    c = Client()
    c.force_login(user)
    city = c.get("/" + Q + "&unit=hundred_million", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    by_office = table(city, "실국·자치구별")
    for e in offices:
        name = OrgUnit.objects.get(code=e["org"]).name_ko
        row, want = by_office["rows"][name], e["total"]
        assert number(row[2]) == want["target"] and number(row[3]) == want["result"], name
        assert row[4] == want["achievement_rate"], name
        assert number(row[5]) == round(want["budget"] / 100_000_000), name
        assert number(row[6]) == round(want["expenditure"] / 100_000_000), name
        office = c.get(by_office["links"][name].replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
        by_type = table(office, "유형·세부유형별")["rows"]
        for code, label in (("direct", "직접일자리"), ("indirect", "간접일자리")):
            assert number(by_type[label][3]) == e["rows"][code]["target"], (name, label)
            assert number(by_type[label][4]) == e["rows"][code]["result"], (name, label)


def test_the_program_list_from_the_menu_keeps_the_programs_a_district_carries_out(offices, login, make_program,
                                                                                   record):
    """A city program carried out in 관악구 is on the district officer's list: their own unit is not made an owner
    filter by the menu (which would leave only the programs 관악구 owns)."""
    from iljari.programs.models import Program

    city = make_program("CITY", owner="JOBPOL")
    Program.objects.get(pk=city.pk).implementing_orgs.add(offices["B"].owner_org)
    record(city, "job_target", "2021", 10, "2021-01-01", org="GWANAK-JOB")
    c = login("district_officer", "GWANAK")
    link = menu(c.get("/" + Q + "&org=GWANAK", HTTP_ACCEPT_LANGUAGE="ko").content.decode())["사업 목록"]
    assert "year=2021" in link and "org=" not in link
    listed = c.get(link).content.decode()
    assert "사업 CITY" in listed and "사업 B" in listed
    # A global role's chosen office does narrow the list to that office's programs.
    p = login("portfolio")
    link = menu(p.get("/" + Q + "&org=ECON", HTTP_ACCEPT_LANGUAGE="ko").content.decode())["사업 목록"]
    assert "org=ECON" in link
    assert "사업 W" not in p.get(link).content.decode()


def test_the_choices_read_in_the_pages_language(offices, login):
    c = login("portfolio")
    ko = c.get("/" + Q + "&unit=hundred_million", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert ">억원</option>" in ko and "예산 (억원)" in ko and '<optgroup label="자치구">' in ko
    en = c.get("/" + Q + "&unit=hundred_million", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">100 million won</option>" in en and "Budget (100 million won)" in en and "억원" not in en
    assert '<optgroup label="Districts">' in en and "Seoul" in en
