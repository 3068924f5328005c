"""Search in a real browser: Material's search box finds the policy's abbreviations on the
pages that use them, including where the text writes them in brackets ("(VSV)"), and the
words providers type lead to the procedure and the policy's own pages, not to the pages
written for checking the checker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.test_search import PROCEDURE, internal_pages, pages_with

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


def ranked_pages(page: Page, server: Server, query: str) -> list[str]:
    """Type a query in the search box; the pages of the results (URL paths without the
    leading slash), best first, as Material lists them (one item per page)."""
    page.goto(server.page_url(""))
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    # A result's ?h= names the query words it matched; the last word whole means the list is
    # this query's, not that of a half-typed one.
    page.wait_for_function(
        "w => [...document.querySelectorAll('.md-search-result__list a')].some(a => (new URL(a.href).searchParams.get('h') || '').split(' ').includes(w))",
        arg=query.lower().split()[-1],
        timeout=15_000,
    )
    return page.locator(".md-search-result__item").evaluate_all("items => items.map(li => new URL(li.querySelector('a').href).pathname.replace(/^\\//, ''))")


# What providers type when they look for when and how to apply: the first result is the
# procedure page, or the policy's own page with the timeline.
WHEN_QUERIES = ("deadline", "aanmelden", "inschrijven", "termijn", "datum", "uiterste datum", "wanneer", "contract aanvragen")
# Other words providers type; the pages for checking the checker stay out of their first three.
OTHER_QUERIES = ("kraamzorg", "verloskundige", "voorwaarden", "AGB", "VECOZO")
TOP = 3


@pytest.mark.parametrize("query", [*WHEN_QUERIES, *OTHER_QUERIES])
def test_search_leads_providers_to_the_pages_they_need(page: Page, server: Server, policy, query: str):
    found = ranked_pages(page, server, query)
    assert found, f"{query!r} vindt niets"
    assert [url for url in found[:TOP] if url in internal_pages()] == [], found[:TOP]
    if query in WHEN_QUERIES:
        timeline_pages = {policy.page_url(t.source.section) for t in policy.timeline if t.in_table}
        assert found[0] in {PROCEDURE, *timeline_pages}, found[:TOP]
