"""Phones: at 375 px wide no page scrolls sideways and nothing in the content sticks out
of the screen: wide tables become stacked lists, decision trees put their text first and
draw the diagram at the screen's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.site_files import SITE, pages

from .conftest import Server

WIDTH, HEIGHT = 375, 800


def page_urls() -> list[str]:
    if not (SITE / "index.html").is_file():
        return ["<site ontbreekt>"]
    out = []
    for path in pages():
        url = path.relative_to(SITE).as_posix()
        out.append(url[: -len("index.html")] if url.endswith("index.html") else url)
    return out


# Elements in the content whose box reaches outside the screen (a table in a scroll box
# counts: on a phone its last columns are out of sight).
OUTSIDE = """(width) => {
    const out = [];
    for (const el of document.querySelectorAll('.md-content *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left < -0.5 || r.right > width + 0.5) {
            const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
            const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
            out.push(`${name}${cls} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
        }
    }
    return out.slice(0, 8);
}"""


@pytest.mark.parametrize("url", page_urls())
def test_nothing_is_cut_off_on_a_phone(page: Page, server: Server, url: str) -> None:
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(server.page_url(url))
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, f"{url or 'home'} schuift opzij"
    assert page.evaluate(OUTSIDE, WIDTH) == [], f"{url or 'home'}: valt buiten het scherm"


def test_wide_table_is_a_stacked_list_with_its_column_names(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(server.page_url("procedure/"))
    cell = page.locator(".md-content table td[data-label]").first
    label = cell.get_attribute("data-label")
    assert label
    # Stacked: each cell is a full-width row of its own, introduced by its column's name.
    assert page.evaluate("el => getComputedStyle(el).display", cell.element_handle()) == "block"
    assert page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle()).strip('"') == label
    page.set_viewport_size({"width": 1200, "height": HEIGHT})
    assert page.evaluate("el => getComputedStyle(el).display", cell.element_handle()) == "table-cell"


def test_decision_tree_shows_its_text_first_on_a_phone(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(server.page_url("checker/beslisboom/kraamzorg/"))
    text_top = page.locator("ol.tree-text").bounding_box()["y"]
    tree_top = page.locator(".decision-tree svg").bounding_box()["y"]
    assert text_top < tree_top
    assert page.locator(".decision-tree svg").bounding_box()["width"] <= WIDTH
    page.set_viewport_size({"width": 1200, "height": HEIGHT})
    assert page.locator("ol.tree-text").bounding_box()["y"] > page.locator(".decision-tree svg").bounding_box()["y"]
