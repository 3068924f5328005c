"""Search finds the policy's own words: the built search index, split into words the way
Material's search does it in the browser (its `separator`, with tags as boundaries), has
every term and abbreviation of the policy (terms.yaml) on every page where it is written."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import yaml

from macros.generate import planned_pages, source_files

from .site_files import SITE, pages, require_site
from .text import visible_text

# Beyond the glossary's terms (terms.yaml): names the policy spells out in full.
NAMES = ("Wet toetreding zorgaanbieders", "Kamer van Koophandel", "Perinatale Registratie Nederland")


@cache
def index() -> dict:
    require_site()
    return json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))


def separator() -> re.Pattern[str]:
    return re.compile(index()["config"]["separator"])


def tokens(text: str) -> list[str]:
    """Words as Material's search worker makes them: text between tags, split at the
    separator, lower case."""
    sep = separator()
    return [word.lower() for block in re.split(r"<[^>]*>", text) for word in sep.split(block) if word]


@cache
def words_by_page() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for doc in index()["docs"]:
        page = doc["location"].split("#")[0]
        found.setdefault(page, set()).update(tokens(doc["title"]), tokens(doc["text"]))
    return found


# Pages written for checking the checker, not for reading: the policy-test table and one
# decision tree per provider type (its diagram and text repeat the checker). They are left
# out of the search index (issue 14); the overview of the trees stays in.
POLICY_TESTS_PAGE = "checker/beleidstests/"
TREES = "checker/beslisboom/"


@cache
def internal_pages() -> frozenset[str]:
    trees = require_site() / TREES
    return frozenset({POLICY_TESTS_PAGE, *(f"{TREES}{d.name}/" for d in trees.iterdir() if (d / "index.html").is_file())})


# Left out of search too (issue 17): *Het hele beleid* repeats the text of every policy page, so
# in search it would push the page of the part that holds a word out of the first results.
WHOLE_POLICY_PAGE = "beleid/het-hele-beleid/"


def not_searched() -> frozenset[str]:
    return internal_pages() | {WHOLE_POLICY_PAGE}


def page_url(path: Path) -> str:
    rel = path.relative_to(SITE).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def pages_with(term: str) -> list[str]:
    """The pages in the search index whose visible text has the term as a word (not inside
    another word)."""
    pattern = re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])")
    # The root's search index covers the root's pages; a year's own address (2024/) has its own index.
    root_pages = [p for p in pages() if p.name == "index.html" and not re.match(r"\d{4}/", page_url(p))]
    searched = [p for p in root_pages if page_url(p) not in not_searched()]
    return [page_url(p) for p in searched if pattern.search(visible_text(p.read_text(encoding="utf-8")))]


def test_separator_splits_brackets_quotes_and_punctuation():
    assert tokens("(VSV)Bron: ‘Wtza’, a.s.r. 3.0; en/of <li>KvK?</li>") == ["vsv", "bron", "wtza", "a", "s", "r", "3.0", "en", "of", "kvk"]


def test_every_term_is_found_on_every_page_that_uses_it(policy):
    missing = []
    for term in [*(t.term for t in policy.terms.values()), *NAMES]:
        query = tokens(term)
        where = pages_with(term)
        assert where, f"{term!r} staat op geen enkele pagina; haal het uit de lijst of controleer de site"
        missing += [f"{term} op {url or 'home'}" for url in where if not set(query) <= words_by_page().get(url, set())]
    assert missing == []


def test_indexed_parts_are_separate_words(policy):
    """A condition's last word and the 'Bron:' after it were indexed as one word."""
    glued = set()
    words = set().union(*words_by_page().values())
    for cond in policy.conditions.values():
        last = tokens(cond.text)[-1]
        if f"{last}bron" in words:
            glued.add(f"{last}bron")
    assert glued == set()
    assert "vsv" in words_by_page()["zorgaanbieders/verloskundige-praktijk/"]


# -- what search offers a provider (issue 14, item 10) ---------------------------------------

# The page that says how to apply and which dates hold.
PROCEDURE = "procedure/"
# Words providers type when they look for when and how to apply, each with a word of the
# procedure page it must find (Material's Dutch stemmer and its prefix search join them).
WHEN_WORDS = ("deadline", "aanmelden", "inschrijven", "termijn", "datum", "wanneer", "uiterste", "aanvragen")


def test_pages_for_checking_are_left_out_of_the_search_index(policy):
    # Every provider type's tree and the policy-test table are on the site ...
    assert internal_pages() == {POLICY_TESTS_PAGE, *(f"{TREES}{pt}/" for pt in policy.provider_types)}
    # ... and not in its search; every other page is.
    root_pages = {page_url(p) for p in pages() if p.name == "index.html" and not re.match(r"\d{4}/", page_url(p))}
    assert set(words_by_page()) == root_pages - not_searched()
    # The overview of the decision trees stays findable: a provider can still search for them.
    assert "beslisbomen" in words_by_page()[TREES]


def test_words_providers_type_for_dates_are_on_the_procedure_page():
    """'deadline', 'aanmelden', 'termijn': the procedure page uses them in its own text
    (stemming turns 'termijnen' into 'termijn')."""
    words = words_by_page()[PROCEDURE]
    missing = [word for word in WHEN_WORDS if not any(found.startswith(word) for found in words)]
    assert missing == []


def test_a_hand_written_tree_page_is_left_out_of_search_too(policy, tmp_path):
    """The build step marks every decision tree, also one the team writes by hand in docs/,
    and keeps what that page's own front matter says."""
    first = next(iter(policy.provider_types))
    own = tmp_path / "docs" / TREES / f"{first}.md"
    own.parent.mkdir(parents=True)
    own.write_text("---\nhide:\n  - footer\n---\n\nEigen tekst.\n", encoding="utf-8")
    files = source_files(tmp_path, planned_pages(policy))
    for pt in policy.provider_types:
        head = files[f"{TREES}{pt}.md"].decode("utf-8").split("---\n")[1]
        assert yaml.safe_load(head)["search"] == {"exclude": True}, pt
    written = files[f"{TREES}{first}.md"].decode("utf-8")
    assert yaml.safe_load(written.split("---\n")[1])["hide"] == ["footer"]
    assert written.endswith("\nEigen tekst.\n")
    # The provider's own page is for reading: it stays in search.
    assert b"search:" not in files[f"zorgaanbieders/{first}.md"]
