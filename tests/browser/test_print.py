"""Printing *Het hele beleid* (issue 17, item 3): on A4 only the text, with its source and date
on the first page; no header, menu, search, year switcher or footer."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from .conftest import Server

URL = "2024/beleid/het-hele-beleid/"
# Everything around the text, as Material and this site draw it (the year switcher only when
# more than one year is published).
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".year-switch", ".md-top"]
# A4 at 96 dpi, minus the margins of print.css (16 mm each side).
A4_TEXT_WIDTH = 794 - 2 * 60


def test_print_shows_only_the_text_with_source_and_date_first(page: Page, server: Server, site_dir: Path) -> None:
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    page.goto(server.page_url(URL))
    page.wait_for_load_state("load")
    on_screen = [s for s in CHROME if page.locator(s).count() and page.locator(s).first.is_visible()]
    assert ".md-header" in on_screen and ".md-footer" in on_screen, on_screen
    page.emulate_media(media="print")
    printed = [s for s in CHROME if page.locator(s).count() and page.locator(s).first.is_visible()]
    assert printed == [], f"afgedrukt maar niet bedoeld: {printed}"
    source = page.locator(".whole-policy-source")
    assert source.is_visible() and "Bron:" in source.inner_text() and "Gegevens van" in source.inner_text()
    # The source box comes right under the title, before the first part of the policy.
    first_part = page.locator(".md-content h2").first
    assert source.bounding_box()["y"] < first_part.bounding_box()["y"]
    assert page.locator("h1").first.bounding_box()["y"] < source.bounding_box()["y"]
    # The hint to print (and the PDF link) is for the screen only.
    assert not page.locator(".whole-policy-print").is_visible()
    # Nothing sticks out of the A4 text width.
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_TEXT_WIDTH
