"""The pages and the menu that follow from the data, written before the site generator runs.

Why files and a config, not MkDocs plugin events: a new provider type or policy section in
YAML must get its pages and its place in the menu without anyone writing Markdown or editing
`nav` in mkdocs.yml, and it must do so whatever runs the build. Zensical, Material's
successor, reads mkdocs.yml and runs mkdocs-macros modules but ignores custom plugins. So
the build step (tools/build.py, and `make watch`) writes per year a folder with:

- `docs/`: a copy of docs/ plus one small page per provider type, decision tree, top-level
  section of the policy and the glossary, each a macro call that `macros/` renders like the
  hand-written pages (one renderer for both);
- `mkdocs.yml`: mkdocs.yml with this folder as docs_dir, the whole menu spelled out and this
  year's settings (macros/config.py SiteConfig) under `extra: policy:`.

Why a hand-written file wins: a page that needs prose around the data (the changes page)
stays a Markdown file in docs/; the generator then only gives it its place in the menu.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from checker.model import Policy
from checker.terms import GLOSSARY_URL

from .config import EXTRA_KEY, SiteConfig
from .feed import FEED_NAME, atom_feed
from .headers import meta_settings
from .opendata import FOLDER as OPEN_DATA_DIR
from .opendata import open_data_files
from .page import md_heading
from .whole_policy import WHOLE_POLICY

# Where provider pages and decision trees live; the macros link to these same folders.
PROVIDERS_DIR = "zorgaanbieders"
TREES_DIR = "checker/beslisboom"
# Made by the build step (the checker bundle, Pyodide), never copied from docs/.
BUILT_ASSETS = ("assets/checker/", "assets/pyodide/")

# One entry of MkDocs' `nav`: "page.md", {"Title": "page.md"} or {"Title": [entries]}.
NavItem = str | dict[str, Any]


class GenerateError(SystemExit):
    """Ends the build step with one Dutch line (SystemExit: no traceback)."""


@dataclass(frozen=True)
class PlannedPage:
    """A page the data asks for: where it goes, what it holds, its title."""

    folder: str
    id: str
    markdown: str
    # A shorter title for the menu, when the data gives one (else the page's own heading).
    nav_title: str | None
    # The page's heading as Markdown (as the macro writes it), for the page's <title>.
    heading: str
    # False for a page written for checking, not reading (a decision tree, whose diagram and
    # text version repeat the checker): it stays out of the site's search, so a provider's
    # search lands on the conditions and the procedure instead.
    searchable: bool = True

    @property
    def src_uri(self) -> str:
        return posixpath.join(self.folder, f"{self.id}.md")

    @property
    def nav_item(self) -> NavItem:
        return {self.nav_title: self.src_uri} if self.nav_title else self.src_uri

    @property
    def title(self) -> str | None:
        """The page's title as safe HTML text, for its front matter; None when the menu names it.

        Why front matter: Material writes `page.title | striptags` into <title>, and striptags
        turns escaped data (&lt;img …) back into markup; a meta title is written as it is, so
        it stays escaped. The Markdown backslashes of the heading go, the HTML entities stay.
        """
        return None if self.nav_title else re.sub(r"\\(.)", r"\1", self.heading)


def planned_pages(policy: Policy) -> list[PlannedPage]:
    """Every data page, in the order of the data: that order is the order in the menu."""
    pages: list[PlannedPage] = []
    for pt in policy.provider_types.values():
        short = pt.nav_title
        pages.append(PlannedPage(PROVIDERS_DIR, pt.id, f'{{{{ provider("{pt.id}") }}}}\n', short, md_heading(pt.label)))
    for pt in policy.provider_types.values():
        short = pt.nav_title
        tree_title = f"Beslisboom: {short}" if short else None
        tree = f'{{{{ decision_tree("{pt.id}") }}}}\n'
        pages.append(PlannedPage(TREES_DIR, pt.id, tree, tree_title, f"Beslisboom: {md_heading(pt.label)}", searchable=False))
    # A top-level section's page is where the model's links point (`beleid/<id>/`).
    for section in policy.top_sections:
        folder = posixpath.dirname(policy.page_url(section.id).rstrip("/"))
        markdown = f'{{{{ section("{section.id}") }}}}\n'
        pages.append(PlannedPage(folder, section.id, markdown, section.nav_title, md_heading(section.title)))
    # The glossary, from terms.yaml (its place in the menu is set in mkdocs.yml).
    glossary = GLOSSARY_URL.rstrip("/")
    pages.append(PlannedPage(posixpath.dirname(glossary), posixpath.basename(glossary), "{{ glossary() }}\n", "Begrippen", "Begrippen"))
    return pages


# -- the menu -------------------------------------------------------------------------------


def _path(item: NavItem) -> str | None:
    value = item if isinstance(item, str) else next(iter(item.values()))
    return value if isinstance(value, str) else None


def _children(item: NavItem) -> list[NavItem] | None:
    value = None if isinstance(item, str) else next(iter(item.values()))
    return value if isinstance(value, list) else None


def _holder(items: list[NavItem], folder: str) -> list[NavItem] | None:
    """The list of menu items that holds a hand-written page of the folder."""
    if any(path and posixpath.dirname(path) == folder for path in map(_path, items)):
        return items
    for item in items:
        children = _children(item)
        found = _holder(children, folder) if children is not None else None
        if found is not None:
            return found
    return None


def _place(nav: list[NavItem], folder: str, group: list[PlannedPage]) -> None:
    """Put a folder's data pages together in their section: where the first of them already
    was, else after the hand-written pages (an index page stays first)."""
    items = _holder(nav, folder)
    if items is None:
        raise GenerateError(
            f"mkdocs.yml: het menu (nav) heeft geen onderdeel met een pagina uit docs/{folder}/. "
            "Zet de indexpagina of een andere handgeschreven pagina van die map in nav."
        )
    ours = {page.src_uri for page in group}
    entries = _entries(items, group)
    keep = [item for item in items if _path(item) not in ours]
    first = next((i for i, item in enumerate(items) if _path(item) in ours), None)
    at = len(keep) if first is None else sum(1 for item in items[:first] if _path(item) not in ours)
    items[:] = [*keep[:at], *entries, *keep[at:]]


def _entries(items: list[NavItem], group: list[PlannedPage]) -> list[NavItem]:
    """The menu entries of the data pages; one the menu already names keeps its title,
    unless the data gives a shorter one."""
    named = {_path(item): item for item in items if isinstance(item, dict)}
    return [named.get(page.src_uri, page.nav_item) if not page.nav_title else page.nav_item for page in group]


def full_nav(nav: list[NavItem], planned: list[PlannedPage]) -> list[NavItem]:
    """mkdocs.yml's menu of hand-written pages, with each folder's data pages in data order
    in the section that holds that folder's hand-written pages."""
    for folder in dict.fromkeys(page.folder for page in planned):
        _place(nav, folder, [page for page in planned if page.folder == folder])
    return nav


# -- the folder -----------------------------------------------------------------------------


# Material's front matter that keeps a page out of the search index.
NOT_SEARCHED = "search:\n  exclude: true\n"


def _with_front_matter(markdown: str, page: PlannedPage) -> str:
    """The page with its title and, for a page not meant for search, `search: exclude` in its
    front matter; what a hand-written page gives itself (a title, `search:`) stays."""
    wanted = {"title": f"title: {json.dumps(page.title, ensure_ascii=False)}\n" if page.title else ""}
    wanted["search"] = "" if page.searchable else NOT_SEARCHED
    has_front_matter = markdown.startswith("---\n")
    head, _, body = markdown[4:].partition("---\n") if has_front_matter else ("", "", markdown)
    added = "".join(line for key, line in wanted.items() if line and not re.search(rf"^{key}:", head, re.M))
    if not added:
        return markdown
    return f"---\n{added}{head}---\n{body}" if has_front_matter else f"---\n{added}---\n\n{markdown}"


def _docs_files(project_dir: Path) -> Iterator[tuple[str, bytes]]:
    docs = project_dir / "docs"
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not rel.startswith(BUILT_ASSETS):
            yield rel, path.read_bytes()


def source_files(project_dir: Path, planned: list[PlannedPage]) -> dict[str, bytes]:
    """The docs folder of one year's build: docs/ and the data pages, by path."""
    files = dict(_docs_files(project_dir))
    for page in planned:
        markdown = files[page.src_uri].decode("utf-8") if page.src_uri in files else page.markdown
        files[page.src_uri] = _with_front_matter(markdown, page).encode("utf-8")
    return files


def _sync(files: dict[str, bytes], docs: Path) -> None:
    """Make `docs` hold exactly `files` (the build step's assets aside), writing only what
    changed: `mkdocs serve` (make watch) rebuilds on every write."""
    for rel, content in files.items():
        target = docs / rel
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    stale = [p for p in docs.rglob("*") if p.is_file() and p.relative_to(docs).as_posix() not in files]
    for path in stale:
        if not path.relative_to(docs).as_posix().startswith(BUILT_ASSETS):
            path.unlink()


def mkdocs_config(project_dir: Path, config: SiteConfig, planned: list[PlannedPage], watch: list[Path]) -> dict[str, Any]:
    """mkdocs.yml made complete for one year: its paths from the project, the whole menu,
    this year's settings. `!ENV` values (SITE_URL) are read now, from this environment."""
    with open(project_dir / "mkdocs.yml", encoding="utf-8") as file:
        base = yaml_load(file)
    base["docs_dir"] = "docs"
    base["site_dir"] = "site"
    base["theme"]["custom_dir"] = str(project_dir / base["theme"]["custom_dir"])
    base["hooks"] = [str(project_dir / hook) for hook in base.get("hooks", [])]
    base["nav"] = full_nav(base["nav"], planned)
    # The <meta> CSP of every page comes from the one header definition (overrides/main.html);
    # `feed`: the Atom feed's file name at the site root, for the <link> on every page (overrides/partials/feed-link.html).
    base["extra"] = {**base.get("extra", {}), EXTRA_KEY: config.to_extra(), "security": meta_settings(), "feed": FEED_NAME}
    if watch:
        base["watch"] = [str(path) for path in watch]
    return base


# -- the pages and files for other systems: open data, the whole policy, the feed ------------------


def pdf_name(year: int) -> str:
    return f"zorginkoopbeleid-{year}.pdf"


def published_pages(policy: Policy, config: SiteConfig, site_url: str) -> list[PlannedPage]:
    """*Het hele beleid* (out of search: it repeats every page) and *Open data*."""
    folder, name = WHOLE_POLICY
    pdf = pdf_name(policy.year) if config.pdf else ""
    address = f"{site_url.rstrip('/')}/{config.prefix}{folder}/{name}/" if site_url else ""
    # Its <title> names the policy and year: a printout or PDF carries it.
    title = json.dumps(f"Het hele beleid: {escape(policy.meta.title)}", ensure_ascii=False)
    markdown = f"---\ntitle: {title}\n---\n\n{{{{ whole_policy({json.dumps(pdf)}, {json.dumps(address)}) }}}}\n"
    whole = PlannedPage(folder, name, markdown, "Het hele beleid", "Het hele beleid", searchable=False)
    # Open data stays findable ("open data", "json"), but its field list repeats the policy's words
    # (voorwaarde, uitsluitingsgrond): below the pages a provider reads.
    open_data = PlannedPage(OPEN_DATA_DIR, "index", "---\nsearch:\n  boost: 0.5\n---\n\n{{ open_data() }}\n", None, "Open data")
    return [whole, open_data]


def published_files(policy: Policy, config: SiteConfig, site_url: str) -> dict[str, bytes]:
    """The open-data files of this year; at the site's root also the Atom feed of every year."""
    files = open_data_files(policy, config.data_dir)
    if not config.prefix:
        files[FEED_NAME] = atom_feed(config.data_dir, config.preview, site_url)
    return files


def write_sources(folder: Path, project_dir: Path, config: SiteConfig, policy: Policy, watch: list[Path] | None = None) -> Path:
    """Write one year's build folder (its docs/ and mkdocs.yml); returns the config's path.
    The checker bundle and Pyodide are the build step's to add (under BUILT_ASSETS)."""
    # The same SITE_URL as `!ENV [SITE_URL, ""]` in mkdocs.yml, read now like the config.
    site_url = os.environ.get("SITE_URL", "")
    planned = planned_pages(policy) + published_pages(policy, config, site_url)
    _sync(source_files(project_dir, planned) | published_files(policy, config, site_url), folder / "docs")
    text = yaml.safe_dump(mkdocs_config(project_dir, config, planned, watch or []), allow_unicode=True, sort_keys=False, width=200)
    target = folder / "mkdocs.yml"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target
