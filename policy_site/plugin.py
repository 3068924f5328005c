"""The `policy` plugin: one page per provider type, per decision tree and per top-level
section of the policy, made from the data, and their entries in the site's menu.

Why generated pages hold a macro call and not finished HTML: mkdocs-macros renders them
exactly like the hand-written pages, so there is one renderer (`macros/`) for both.
Why a hand-written file wins: a page that needs prose around the data (the changes page)
stays a Markdown file in docs/; the plugin then only gives it its place in the menu.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from authoring.loader import DataError, load_policy, statuses
from checker.model import Policy
from checker.terms import GLOSSARY_URL
from macros.config import MacrosConfig, shown_year
from macros.page import Page as PolicyPage
from macros.terms import mark_terms

from .config import PolicyConfig

# Where provider pages and decision trees live; the macros link to these same folders.
PROVIDERS_DIR = "zorgaanbieders"
TREES_DIR = "checker/beslisboom"


@dataclass(frozen=True)
class PlannedPage:
    """A page the data asks for: where it goes, what it holds, its title in the menu."""

    folder: str
    id: str
    markdown: str
    # A shorter title for the menu, when the data gives one (else the page's own heading).
    title: str | None = None

    @property
    def src_uri(self) -> str:
        return posixpath.join(self.folder, f"{self.id}.md")


def planned_pages(policy: Policy) -> list[PlannedPage]:
    """Every data page, in the order of the data: that order is the order in the menu."""
    raw_types = {raw["id"]: raw for raw in policy.data["provider_types"]["provider_types"]}
    pages: list[PlannedPage] = []
    for pt in policy.provider_types.values():
        short = raw_types[pt.id].get("nav_title")
        pages.append(PlannedPage(PROVIDERS_DIR, pt.id, f'{{{{ provider("{pt.id}") }}}}\n', short))
    for pt in policy.provider_types.values():
        short = raw_types[pt.id].get("nav_title")
        pages.append(PlannedPage(TREES_DIR, pt.id, f'{{{{ decision_tree("{pt.id}") }}}}\n', f"Beslisboom: {short}" if short else None))
    # A top-level section's page is where the model's links point (`beleid/<id>/`).
    for section in policy.data["sections"]["sections"]:
        folder = posixpath.dirname(policy.page_url(section["id"]).rstrip("/"))
        pages.append(PlannedPage(folder, section["id"], f'{{{{ section("{section["id"]}") }}}}\n', section.get("nav_title")))
    # The glossary, from terms.yaml (its place in the menu is set in mkdocs.yml).
    pages.append(PlannedPage(posixpath.dirname(GLOSSARY_URL.rstrip("/")), posixpath.basename(GLOSSARY_URL.rstrip("/")), "{{ glossary() }}\n", "Begrippen"))
    return pages


class PolicyPlugin(BasePlugin[PolicyConfig]):
    def __init__(self) -> None:
        self.planned: list[PlannedPage] = []
        self.data_dir: Path | None = None
        self.policy: Policy | None = None

    # Why load in on_config: the pages to generate must be known before MkDocs collects
    # the files. The folder and year are the ones mkdocs-macros renders (same `extra:`).
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        settings = MacrosConfig.from_extra(config.extra, Path(config.config_file_path or ".").parent)
        try:
            policy = load_policy(shown_year(settings, statuses(settings.data_dir)), settings.data_dir)
        except DataError as exc:
            raise PluginError(f"Fout in de beleidsdata:\n{exc}") from None
        self.data_dir = settings.data_dir
        self.policy = policy
        self.planned = planned_pages(policy)
        return None

    # Why only where no file exists: a hand-written page with the same path keeps its prose.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for page in self.planned:
            if files.get_file_from_path(page.src_uri) is None:
                files.append(File.generated(config, page.src_uri, content=page.markdown))
        return files

    # Why in on_nav: mkdocs.yml lists only hand-written pages; each folder's data pages
    # join the menu section that holds that folder's hand-written pages, in data order.
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled:
            return None
        for folder in dict.fromkeys(p.folder for p in self.planned):
            group = [p for p in self.planned if p.folder == folder]
            pages = []
            for plan in group:
                file = files.get_file_from_path(plan.src_uri)
                if file is None or file.page is None:
                    continue
                if plan.title:
                    file.page.title = plan.title
                pages.append(file.page)
            _place(nav, folder, pages)
        # Previous/next links (the footer) follow the menu, so they are redone after it changed.
        nav.pages = list(_pages(nav.items))
        for before, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None], strict=True):
            page.previous_page, page.next_page = before, after
        return nav

    # Why here, on the finished HTML of every page: the first use of a term in each block
    # links to the glossary, whichever renderer made the block. And the search index reads
    # the text between tags as it stands, so "(VSV)</span><span class="source">Bron:" was
    # one word "VSV)Bron:" and the midwife pages were not found: whitespace goes in between.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.policy is None:
            return None
        # Material writes `page.title | striptags` into <title>, and striptags turns escaped
        # data (&lt;img …) back into markup; a meta title is written as it is, so it stays
        # escaped. Pages named in mkdocs.yml's nav keep that name (it is ours, not data).
        title = escaped_title(page.markdown or "")
        if title and not page.is_homepage and "title" not in page.meta and "title" not in vars(page):
            page.meta["title"] = title
        return searchable(mark_terms(html, PolicyPage(self.policy, page.url)))

    # Why: with `mkdocs serve`, an edit of the YAML regenerates the pages like a Markdown edit.
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled and self.data_dir:
            server.watch(str(self.data_dir))
        return server


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


def _holder(items: list[Any], folder: str, parent: Section | None) -> tuple[list[Any], Section | None] | None:
    """The list of menu items (and its section) that holds a hand-written page of the folder."""
    if any(isinstance(item, Page) and posixpath.dirname(item.file.src_uri) == folder for item in items):
        return items, parent
    for item in items:
        if isinstance(item, Section):
            found = _holder(item.children, folder, item)
            if found:
                return found
    return None


def _place(nav: Navigation, folder: str, pages: list[Page]) -> None:
    """Put the data pages together in their section: where the first of them already was,
    else after the hand-written pages (an index page stays first)."""
    found = _holder(nav.items, folder, None)
    if found is None:
        raise PluginError(
            f"mkdocs.yml: het menu (nav) heeft geen onderdeel met een pagina uit docs/{folder}/. "
            "Zet de indexpagina of een andere handgeschreven pagina van die map in nav."
        )
    items, parent = found
    ours = {id(p) for p in pages}
    keep = [item for item in items if id(item) not in ours]
    first = next((i for i, item in enumerate(items) if id(item) in ours), None)
    at = len(keep) if first is None else sum(1 for item in items[:first] if id(item) not in ours)
    items[:] = [*keep[:at], *pages, *keep[at:]]
    for page in pages:
        page.parent = parent


def _pages(items: list[Any]):
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


# The first line of a page when it is a heading: `# text {#anchor}`; the anchor is left out.
_TITLE_LINE = re.compile(r"# (.*?)(?:\s+\{#[^{}]*\})?\s*")


def escaped_title(markdown: str) -> str | None:
    """A page's title as safe HTML text, from its Markdown heading (whose data text
    _md_heading escaped): the Markdown backslashes go, the HTML entities stay."""
    first = next((line for line in markdown.splitlines() if line.strip()), "")
    found = _TITLE_LINE.fullmatch(first.strip())
    return re.sub(r"\\(.)", r"\1", found.group(1)) if found else None
