"""The Atom feed of changes: one entry per published year, with what changes for providers
(the decisive change per provider type, from the same comparison as the changes page) and
the policy's own table of changes, each linking to that year's changes page.

Why one feed at the site root: a provider subscribes once and sees every new year; every
page announces it (overrides/partials/feed-link.html).

Absolute or relative links: Atom resolves a relative link against xml:base, else against the
address the feed was fetched from (RFC 4287 section 2, RFC 3986 section 5.1). With SITE_URL set
at build time the feed says xml:base and every link is absolute. Without it the build does not
know where the site will live, so it invents no address: the links are relative to the feed
itself (a feed reader resolves them), the feed says so in a comment and has no `self` link.
The ids are `urn:uuid:` names derived from the insurer, the kind of care and the year, so
they stay the same wherever the site is published.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from authoring.diff import decisive, outcome_changes
from authoring.loader import load_policy, statuses
from checker.model import Policy

from .config import Edition, editions
from .opendata import data_date
from .page import Page
from .render import changes
from .years import _headline

FEED_NAME = "wijzigingen.xml"
CHANGES_PAGE = "beleid/wijzigingen/"
ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Stable ids, independent of where the site is published (see the module's docstring).
# A link the renderers make relative: no scheme (https:, mailto:), no fragment, no root path.
RELATIVE_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)')
ID_NAMESPACE = uuid.UUID("6f1c2b4e-8d3a-4f0e-9a51-2d7c4b0e9f13")


@dataclass(frozen=True)
class FeedYear:
    edition: Edition
    policy: Policy
    previous: Policy | None
    updated: date


def _id(policy: Policy, what: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{policy.meta.insurer}|{policy.meta.domain}|{what}')}"


def _changes_title(policy: Policy) -> str:
    """The title of the section that shows the policy's table of changes."""
    found = next((s for s in policy.sections.values() if any(b.changes for b in s.blocks)), None)
    return found.title if found else "Wijzigingen"


def entry_html(year: FeedYear, base: str) -> str:
    """What changed in one year, as HTML; every link relative to the feed (or absolute)."""
    policy, previous = year.policy, year.previous
    out = ["<h2>Wat verandert er voor zorgaanbieders</h2>"]
    if previous is None:
        out.append(f"<p>Van het jaar vóór {policy.year} staan geen gegevens in deze site. Hieronder de wijzigingen zoals het beleid ze noemt.</p>")
    elif found := outcome_changes(previous, policy):
        items = "".join(f"<li><strong>{escape(first.provider_label)}</strong>: {_headline(first)}</li>" for first, _ in decisive(found).values())
        out.append(f"<p>Deze antwoorden in de checker geven in {policy.year} een andere uitslag dan in {previous.year}:</p><ul>{items}</ul>")
    else:
        out.append(f"<p>Dezelfde antwoorden in de checker geven in {policy.year} dezelfde uitslag als in {previous.year}.</p>")
    out += [f"<h2>{escape(_changes_title(policy))}</h2>", changes(Page(policy, ""))]
    # The renderers link from this year's root; from the feed, that root is the year's folder.
    body = RELATIVE_HREF.sub(f'href="{base}{year.edition.prefix}', "".join(out))
    return body + f'<p><a href="{base}{year.edition.prefix}{CHANGES_PAGE}">Alle wijzigingen van {policy.year} op de site</a></p>'


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry(feed: ET.Element, year: FeedYear, base: str) -> None:
    policy = year.policy
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    draft = " (concept)" if year.edition.draft else ""
    _text(entry, "title", f"{policy.meta.title}{draft}: wat verandert er")
    _text(entry, "id", _id(policy, str(policy.year)))
    _text(entry, "updated", _stamp(year.updated))
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": f"{base}{year.edition.prefix}{CHANGES_PAGE}"})
    _text(entry, "content", entry_html(year, base), type="html")


def feed_years(data_dir: Path, preview: bool) -> list[FeedYear]:
    """Every year the site publishes at its own address, newest first, with the year before it."""
    known = sorted(statuses(data_dir))
    out = []
    for edition in (e for e in editions(statuses(data_dir), preview) if e.permanent):
        earlier = [y for y in known if y < edition.year]
        policy = load_policy(edition.year, data_dir)
        previous = load_policy(max(earlier), data_dir) if earlier else None
        published = date.fromisoformat(policy.meta.published) if policy.meta.published else data_date(data_dir, edition.year)
        out.append(FeedYear(edition, policy, previous, published))
    return out


def atom_feed(data_dir: Path, preview: bool, site_url: str) -> bytes:
    """The feed as bytes. `site_url` (SITE_URL) makes every link absolute; empty, they are
    relative to the feed's own address."""
    years = feed_years(data_dir, preview)
    newest = years[0].policy
    base = site_url.rstrip("/") + "/" if site_url else ""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_BASE: base} if base else {})
    if not base:
        feed.append(ET.Comment(" Gebouwd zonder SITE_URL: de links zijn relatief ten opzichte van het adres van deze feed. "))
    _text(feed, "title", f"Wijzigingen in het zorginkoopbeleid {newest.meta.domain} van {newest.meta.insurer}")
    _text(feed, "subtitle", "Per beleidsjaar: wat er verandert voor zorgaanbieders, met de tabel van wijzigingen uit het beleid.")
    _text(feed, "id", _id(newest, "wijzigingen"))
    _text(feed, "updated", _stamp(max(y.updated for y in years)))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", newest.meta.insurer)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base or "./"})
    if base:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": f"{base}{FEED_NAME}"})
    licence = newest.meta.licence
    rights = f"Er is geen licentie bekend. Vraag {newest.meta.insurer} om toestemming."
    if licence:
        rights = f"{licence.name} ({licence.url})" if licence.url else licence.name
    _text(feed, "rights", rights)
    for year in years:
        _entry(feed, year, base)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
