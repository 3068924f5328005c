"""Search in a real browser: Material's search box finds the policy's abbreviations on the
pages that use them, including where the text writes them in brackets ("(VSV)")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.test_search import pages_with

from .conftest import Server


def search(page: Page, server: Server, term: str) -> list[str]:
    """Type a term in the search box; the pages (URL paths) of the results shown."""
    page.goto(server.page_url(""))
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=30)
    # Each result links to its page with the query in ?h=; wait until the list is this query's.
    query = term.lower()
    page.wait_for_function(
        "q => [...document.querySelectorAll('.md-search-result__list a')].some(a => new URL(a.href).searchParams.get('h') === q)",
        arg=query,
        timeout=15_000,
    )
    links = page.locator(".md-search-result__list a").evaluate_all("els => els.map(a => new URL(a.href).pathname)")
    return sorted({re.sub(r"^/", "", link) for link in links})


# Material shows the first ten pages of results until the list is scrolled.
FIRST_RESULTS = 10


@pytest.mark.parametrize("term", ["Wtza", "VSV"])
def test_search_finds_the_abbreviation_on_its_pages(page: Page, server: Server, term: str):
    found = search(page, server, term)
    expected = pages_with(term)
    in_brackets = pages_with(f"({term})")
    assert len(expected) >= 2 and in_brackets
    # Every page shown uses the word; where the text writes it in brackets it is found too.
    assert set(found) <= set(expected), found
    assert set(in_brackets) & set(found), in_brackets
    if len(expected) <= FIRST_RESULTS:
        assert set(found) == set(expected)
    else:
        assert len(found) == FIRST_RESULTS
