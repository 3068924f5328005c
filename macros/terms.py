"""The policy's terms on the site: the generated glossary page (Begrippen), and the first
use of a term in each block of a page marked up as an abbreviation that links there.

Why after rendering (the `policy` plugin calls `mark_terms` on each page's HTML) and not
in every renderer: one pass reaches every page, hand-written or generated, and every
future block type, without each renderer knowing about terms.
"""

from __future__ import annotations

import re
from html import escape

from checker.terms import GLOSSARY_URL, term_pattern, term_url

from .page import Page

# Where a term is not marked: links, abbreviations and code already are something else;
# headings stay plain for the table of contents; forms (the checker) draw their own terms.
SKIP = frozenset(
    {"a", "abbr", "code", "pre", "kbd", "script", "style", "svg", "form", "button", "label", "select", "textarea", "title"} | {f"h{i}" for i in range(1, 7)}
)
# Each of these starts a new block: a term is marked once per block.
BLOCKS = frozenset({"p", "li", "td", "th", "dt", "dd", "caption", "div", "blockquote", "figcaption", "ul", "ol", "table", "tr", "section"})
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def glossary_page(page: Page) -> str:
    """Every term with its meaning and, where the policy spells it out, the passage."""
    terms = sorted(page.policy.terms.values(), key=lambda t: t.term.lower())
    out = [
        "# Begrippen {#begrippen}",
        "",
        "<p>De afkortingen en begrippen uit het beleid, met wat ze betekenen. Waar het beleid een begrip uitschrijft, "
        "staat de passage erbij. Overal op de site linkt het eerste gebruik van een begrip in een alinea naar deze pagina.</p>",
        "",
    ]
    if not terms:
        return "\n".join([*out, "<p>Voor dit beleidsjaar zijn geen begrippen vastgelegd.</p>", ""])
    for t in terms:
        out += [f"## {t.term} {{#{t.id}}}", "", f"<p>{escape(t.meaning)}</p>"]
        if t.source:
            out.append(f'<p class="source">In het beleid: {page.passage_link(t.source.section)}: <q>{escape(t.source.quote)}</q></p>')
        out.append("")
    return "\n".join(out)


def mark_terms(html: str, page: Page) -> str:
    """The first use of each term in each block as `<a><abbr title=meaning>`; the glossary
    page itself is left as it is."""
    pattern = term_pattern(page.policy)
    if pattern is None or page.url == GLOSSARY_URL:
        return html
    by_spelling = {t.term: t for t in page.policy.terms.values()}
    used: set[str] = set()
    skip = 0
    out: list[str] = []

    def link(match: re.Match[str]) -> str:
        term = by_spelling[match.group(1)]
        if term.id in used:
            return match.group(0)
        used.add(term.id)
        return f'<a class="term" href="{page.rel(term_url(term))}"><abbr title="{escape(term.meaning)}">{match.group(0)}</abbr></a>'

    for token in _TOKEN.finditer(html):
        text = token.group(0)
        tag = _TAG.match(text)
        if tag:
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name in SKIP and not text.endswith("/>"):
                skip = max(skip - 1, 0) if closing else skip + 1
            if name in BLOCKS:
                used = set()
            out.append(text)
        elif text.startswith("<") or skip:
            out.append(text)
        else:
            out.append(pattern.sub(link, text))
    return "".join(out)
