"""MkDocs hooks (mkdocs.yml `hooks:`): two enhancements of the finished HTML of every page.

- The first use of a glossary term in each block links to the glossary, whichever renderer
  made the block (macros or Markdown prose).
- The search index reads the text between tags as it stands, so "(VSV)</span><span
  class="source">Bron:" was one word "VSV)Bron:" and the midwife pages were not found:
  whitespace goes in between, and drawings stay out of the index.

Why a hook and not the macros: both work on the HTML that Markdown makes of the whole page,
hand-written prose included, which a macro never sees. Nothing essential depends on it: the
pages, the menu, the titles and the year switcher are written before MkDocs runs
(macros/generate.py). A generator that skips MkDocs hooks (Zensical) builds the same pages
without these two enhancements.

Loaded by MkDocs from its file path (not as part of the package), hence absolute imports.
"""

from __future__ import annotations

import re
from typing import Any

from macros.plugin import SITE_VARIABLE, Site
from macros.terms import mark_terms

# Parts of a page whose markup must stay exactly as rendered: forms (the checker's first
# question is compared with the browser's rendering of it), preformatted text, drawings.
_KEEP = re.compile(r"(<(form|pre|svg|textarea)\b.*?</\2>)", re.S)
# Where a new block or line starts without whitespace in the markup; the browser shows no
# space there, the search index must see one. `.source` and `.condition-note` are spans
# shown as blocks (site.css).
_BOUNDARY = re.compile(
    r"(?<=<br>)(?=[^\s<])|(?<=[^\s])(?=<(?:(?:div|p|li|ul|ol|table|thead|tbody|tr|td|th|caption|dl|dt|dd|h[1-6]|blockquote|figure|figcaption|section|nav)\b"
    r"|span class=\"(?:source|condition-note)\b))"
)


def searchable(html: str) -> str:
    """The page with whitespace where a block or line starts, so words in adjacent blocks
    stay apart in the search index, and drawings left out of the index (their words are in
    the text version next to them)."""
    parts = _KEEP.split(html)
    out = []
    # re.split with two groups yields: text, kept part, its tag name, text, ...
    for i in range(0, len(parts), 3):
        out.append(_BOUNDARY.sub("\n", parts[i]))
        if i + 1 < len(parts):
            kept = parts[i + 1]
            out.append(kept.replace("<svg ", "<svg data-search-exclude ", 1) if parts[i + 2] == "svg" else kept)
    return "".join(out)


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    # The site define_env loaded for this build (the policy is loaded once, there).
    site: Site = config.plugins["macros"].variables[SITE_VARIABLE]
    return searchable(mark_terms(html, site.page(page.url)))
