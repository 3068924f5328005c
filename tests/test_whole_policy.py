"""*Het hele beleid* (issue 17, item 3): one page per built year with every section in order,
every passage and every condition in place, the source and date first, and out of search."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from checker.model import Policy, Section

from .conftest import SOURCE_TEXT
from .site_files import SITE, condition_ids, parse, require_site
from .text import coverage, letters, visible_text

URL = "beleid/het-hele-beleid"


def _sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _sections(section.sections)


def passages(policy: Policy) -> Iterator[str]:
    """Every text of the policy's data a reader must find on the page."""
    for section in _sections(policy.top_sections):
        yield section.title
        for block in section.blocks:
            yield from [t for t in (block.p, block.note) if t]
            yield from block.list or ()
            if block.table is not None:
                yield from block.table.columns
                yield from (cell for row in block.table.rows for cell in row)
    yield from (c.text for c in policy.conditions.values())
    yield from (t.what for t in policy.timeline)
    yield from (f"{c.topic} {c.who}" for c in policy.contacts.values() if c.in_table)
    for change in policy.changes:
        yield change.topic
        yield from change.change
    yield from (e.name for e in policy.meta.legal_entities)


def _page_text(root=SITE) -> str:
    return letters(visible_text((root / URL / "index.html").read_text(encoding="utf-8")))


def test_the_page_holds_every_passage_and_every_condition(policy: Policy):
    require_site()
    text = _page_text()
    missing = [p for p in passages(policy) if letters(p) not in text]
    assert missing == [], f"{len(missing)} teksten ontbreken op Het hele beleid, o.a.: {missing[:5]}"
    # Each condition once, with its anchor, wherever the policy states it.
    listed = condition_ids(SITE / URL / "index.html")
    assert sorted(listed) == sorted(policy.conditions)
    # The source text of the policy as a whole, as the site as a whole must hold it.
    share, gaps = coverage(SOURCE_TEXT.read_text(encoding="utf-8"), visible_text((SITE / URL / "index.html").read_text(encoding="utf-8")))
    assert share >= 0.95, f"{share:.1%} van de brontekst; ontbreekt o.a.: {' '.join(gaps[:60])}"


def test_the_sections_come_in_the_order_of_the_policy(policy: Policy):
    html = (SITE / URL / "index.html").read_text(encoding="utf-8")
    order = [s.id for s in _sections(policy.top_sections)]
    found = [m for m in re.findall(r'<h[2-6] id="([a-z0-9-]+)"', html) if m in set(order)]
    assert found == order


def test_source_and_date_open_the_page(policy: Policy):
    html = (SITE / URL / "index.html").read_text(encoding="utf-8")
    first_section = html.index(f'id="{policy.top_sections[0].id}"')
    head = " ".join(visible_text(html[:first_section]).split())
    assert policy.meta.title in head
    insurer = policy.meta.insurer if policy.meta.insurer.endswith(".") else f"{policy.meta.insurer}."
    assert f"Bron: {policy.meta.source.title}, {insurer} Beleidsjaar {policy.year}, definitief." in head
    assert re.search(r"Gegevens van \d{1,2} [a-z]+ \d{4}\.", head), head


def test_every_built_year_has_the_page():
    for root in [SITE, *sorted(p for p in SITE.iterdir() if p.is_dir() and p.name.isdigit())]:
        assert (root / URL / "index.html").is_file(), root
        assert parse(root / URL / "index.html").ids


def test_the_page_stays_out_of_search_and_the_sections_stay_in(policy: Policy):
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert f"{URL}/" not in locations
    assert {policy.page_url(s.id) for s in policy.top_sections} <= locations
    assert "open-data/" in locations
    # Open data stays findable, below the pages a provider reads (its field list repeats their words).
    assert {doc.get("boost", 1) for doc in index["docs"] if doc["location"].startswith("open-data/")} == {0.5}


def test_the_pdf_link_is_there_only_when_the_deploy_made_the_pdf():
    html = (SITE / URL / "index.html").read_text(encoding="utf-8")
    pdfs = re.findall(r'href="([^"]+\.pdf)"', html)
    assert all((SITE / URL / pdf).is_file() for pdf in pdfs), pdfs
