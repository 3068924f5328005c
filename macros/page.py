"""One page of the site as the renderers see it: the policy year, the page's own URL
(so every link is relative and works from any folder the site is published in), and what
changed since the previous year. Plus the few HTML pieces every renderer shares.

Why its own module: every renderer (render, apply_box, tree, years, terms) takes a Page,
and none of them imports another to get it.
"""

from __future__ import annotations

import posixpath
import re
from html import escape

from authoring.diff import CHANGE_WORDS, PolicyDiff
from checker.model import Policy

# What a change since the previous year is called where it is marked: the badge of a
# condition and the first column of the page of changes.
# The same words as the change report (authoring.diff), capitalised to start a cell.
CHANGE_LABELS = {kind: word.capitalize() for kind, word in CHANGE_WORDS.items()}


class Page:
    """Renders for one page: knows its own URL, so every link is relative and works
    from any folder the site is published in."""

    def __init__(self, policy: Policy, url: str, diff: PolicyDiff | None = None):
        self.policy = policy
        self.url = url or ""
        # Conditions new or changed since the previous year, marked where they are listed.
        self.changed = {c.id: c.kind for c in diff.by_area("conditions")} if diff else {}
        self.previous_year = diff.old_year if diff else None

    def rel(self, target: str) -> str:
        """A site-root-relative URL ('beleid/voorwaarden/#x') made relative to this page."""
        path, _, anchor = target.partition("#")
        here = posixpath.dirname(self.url.rstrip("/") + "/x") if self.url else "."
        link = posixpath.relpath(path or ".", here or ".")
        if path.endswith("/") and not link.endswith("/"):
            link += "/"
        if link == "./":
            link = "./"
        return link + (f"#{anchor}" if anchor else "")

    def section_title(self, section_id: str) -> str:
        """'Voorwaarden › Alle zorgaanbieders': the path of titles down to a section."""
        titles = []
        sid: str | None = section_id
        while sid:
            titles.append(self.policy.sections[sid].title)
            sid = self.policy.section_parent[sid]
        return " › ".join(reversed(titles))

    def passage_link(self, section_id: str, anchor: str | None = None) -> str:
        """A link to a passage, named by the path of section titles that leads to it."""
        url = self.rel(self.policy.anchor_url(section_id, anchor))
        return f'<a href="{url}">{escape(self.section_title(section_id))}</a>'

    def table(self, columns: list[str], rows: list[list[str]], caption: str | None = None) -> str:
        """An HTML table; cells are already-escaped HTML."""
        cap = f"<caption>{escape(caption)}</caption>" if caption else ""
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
        # data-label: on a phone each row is stacked and each cell names its column (site.css).
        labels = [escape(c) for c in columns]
        body = "".join("<tr>" + "".join(f'<td data-label="{label}">{c}</td>' for label, c in zip(labels, row, strict=False)) + "</tr>" for row in rows)
        return f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


# Characters Python-Markdown would read as syntax in a heading: emphasis, code, links and
# images, attribute lists ({: onclick=…}), closing hashes. Each has a backslash escape.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#!])")


def md_heading(text: str) -> str:
    """Data text as the text of a Markdown heading, shown exactly as written: one line,
    HTML escaped (a <img onerror> stays text) and Markdown syntax neutralised (no link,
    emphasis or attribute list). Markdown first, so the entities' '#' stay entities."""
    return escape(_MD_SPECIALS.sub(r"\\\1", " ".join(text.split())), quote=False)


def note(text: str, title: str = "Let op") -> str:
    return f'<div class="admonition note"><p class="admonition-title">{escape(title)}</p><p>{escape(text)}</p></div>'
