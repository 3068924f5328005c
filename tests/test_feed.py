"""The Atom feed of changes (issue 17, item 2): valid Atom by a feed parser, one entry per
published year with what changes for providers and the policy's table of changes, linking
into the site; announced on every page; absolute only when SITE_URL says where the site is."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

from authoring.loader import DATA_DIR, statuses
from macros.config import editions
from macros.feed import FEED_NAME, atom_feed

from .site_files import SITE, pages, require_site
from .test_site import _resolve
from .text import letters

# Where a host would serve the site in the test: the feed's own address is the base of its links.
HOST = "http://sites.example.test/beleid/"


def parse(feed: bytes, at: str = HOST + FEED_NAME) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(feed, response_headers={"content-location": at, "content-type": "application/atom+xml; charset=utf-8"})
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _in_site(url: str) -> Path:
    """The built file an absolute link under HOST points at."""
    assert url.startswith(HOST), url
    target = SITE / urlsplit(url).path.removeprefix(urlsplit(HOST).path)
    return target / "index.html" if not target.suffix else target


def test_the_built_feed_is_valid_atom_with_one_entry_per_published_year_linking_into_the_site(policy):
    require_site()
    feed = parse((SITE / FEED_NAME).read_bytes())
    published = [e.year for e in editions(statuses(DATA_DIR), preview=False) if e.permanent]
    assert len(feed.entries) == len(published) >= 1
    for entry, year in zip(feed.entries, published, strict=True):
        assert entry.id.startswith("urn:uuid:") and entry.updated_parsed
        assert entry.link == f"{HOST}{year}/beleid/wijzigingen/"
        assert _in_site(entry.link).is_file()
        content = entry.content[0].value
        assert "Wat verandert er voor zorgaanbieders" in content
        # The policy's own table of changes, every row.
        for change in policy.changes:
            assert letters(change.topic) in letters(content)
        for href in re.findall(r'href="([^"]+)"', content):
            target = _in_site(href.split("#")[0])
            assert target.is_file(), href
    assert feed.feed.title and feed.feed.author == policy.meta.insurer


def test_every_page_announces_the_feed():
    require_site()
    for path in pages():
        html = path.read_text(encoding="utf-8")
        found = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        assert len(found) == 1, path
        assert _resolve(path, found[0])[0] == (SITE / FEED_NAME).resolve(), f"{path}: {found[0]}"


def test_without_site_url_the_links_are_relative_to_the_feed_and_the_feed_says_so():
    feed = atom_feed(DATA_DIR, False, "")
    text = feed.decode("utf-8")
    assert "xml:base" not in text and 'rel="self"' not in text
    assert "Gebouwd zonder SITE_URL: de links zijn relatief" in text
    assert not re.search(r'href="(https?:)?//', text), "een adres dat de build niet kent"
    # A reader resolves them against wherever the feed was fetched from.
    elsewhere = parse(feed, "https://example.org/geboortezorg/wijzigingen.xml")
    assert all(e.link.startswith("https://example.org/geboortezorg/") for e in elsewhere.entries)


def test_with_site_url_every_link_is_absolute():
    feed = atom_feed(DATA_DIR, False, "https://beleid.example.org/geboortezorg")
    text = feed.decode("utf-8")
    assert 'xml:base="https://beleid.example.org/geboortezorg/"' in text
    parsed = parse(feed, "https://mirror.example.net/elders.xml")
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == "https://beleid.example.org/geboortezorg/wijzigingen.xml"
    hrefs = re.findall(r'href="([^"]+)"', "".join(e.content[0].value for e in parsed.entries)) + [e.link for e in parsed.entries]
    assert hrefs and all(h.startswith("https://beleid.example.org/geboortezorg/") for h in hrefs), hrefs


def test_a_new_year_gets_its_own_entry_with_what_changes_for_providers(two_years):
    # 2025 is a draft: the published feed leaves it out, the preview shows it as a draft.
    assert len(parse(atom_feed(two_years, False, "")).entries) == 1
    feed = parse(atom_feed(two_years, True, ""))
    newest, older = feed.entries
    assert newest.title.endswith("(concept): wat verandert er") and "2025" in newest.title
    assert newest.link == f"{HOST}2025/beleid/wijzigingen/" and older.link == f"{HOST}2024/beleid/wijzigingen/"
    assert newest.id != older.id
    content = newest.content[0].value
    # The decisive change per provider type, as the changes page says it first.
    assert "Deze antwoorden in de checker geven in 2025 een andere uitslag dan in 2024" in content
    assert "Verloskundige" in content
