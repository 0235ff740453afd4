"""In the browser (issue 13): an officer picks an office in the dashboard's org selector, sees its divisions, and
the menu takes the chosen year, unit and amount unit to the pivot; the dashboard with the selector at desktop
width and on a 390-pixel phone (screenshots in var/test-artifacts/screenshots/, axe-core on both)."""

from __future__ import annotations

import pytest

from .test_browser import AXE, browser, page_for, shot  # noqa: F401  (fixtures)
from .test_navigation import offices  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.length}));
    }""")


def test_an_officer_picks_an_office_and_keeps_the_choice_on_the_pivot(offices, page_for, live_server):  # noqa: F811
    page = page_for("portfolio", username="portfolio-nav", bypass_csp=True)
    page.goto(live_server.url + "/?year=2021&as_of=2021-05-31")
    assert page.locator("#org").input_value() == "SEOUL"
    offices_rows = page.locator("table.rollup", has_text="실국·자치구별").locator("tbody th").all_inner_texts()
    assert "경제정책실" in offices_rows and "관악구" in offices_rows
    page.select_option("#org", "ECON")
    page.select_option("#unit", "hundred_million")
    page.click("form.period button[type=submit]")
    page.wait_for_selector("h1 small:has-text('경제정책실')")
    rows = page.locator("table.rollup", has_text="조직별").locator("tbody th").all_inner_texts()
    assert rows == ["계", "일자리정책과", "창업정책과"]
    assert "org=ECON" in page.url and "unit=hundred_million" in page.url
    # htmx swapped the page's main part and the menu with it: the menu carries the new choice already.
    assert "org=ECON" in page.locator("#menu a", has_text="피벗 집계").get_attribute("href")
    page.wait_for_selector(".chart svg")
    assert _axe(page) == []
    shot(page, "dashboard-org-selector")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector(".chart svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # tables scroll inside, not the page
    assert page.locator("#org").is_visible() and page.locator("#org").bounding_box()["width"] <= 390
    assert _axe(page) == []
    shot(page, "dashboard-org-selector-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    # The menu (refreshed with the page's main part) carries the choice to the pivot.
    page.click("#menu >> text=피벗 집계")
    page.wait_for_selector("#dim1")
    assert page.locator("#year").input_value() == "2021"
    assert page.locator("#org").input_value() == "ECON"
    assert page.locator("#unit").input_value() == "hundred_million"
    assert not page.errors, page.errors  # type: ignore[attr-defined]
