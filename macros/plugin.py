"""The macros the pages in docs/ call. Each is one line in a page and one small function here.

Why load the data once in define_env: every page reads the same validated model; a data
error stops the build with the loader's one-line-per-problem message, not a traceback.
The pages and the menu are not made here: the build step (macros/generate.py) wrote them
before MkDocs started, so a generator that runs only mkdocs-macros modules builds them too.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from authoring.diff import PolicyDiff, compare
from authoring.loader import DataError, load_policy, statuses
from checker.engine import provider_question
from checker.model import Policy, Status, date_phrase
from checker.pages import PROVIDER, progress
from checker.words import EMPTY_CHOICE

from .checker_html import render_question_html
from .config import SiteConfig
from .feed import FEED_NAME
from .home import key_dates as home_key_dates
from .home import start_button as home_start_button
from .open_data_page import open_data_page
from .opendata import data_date
from .page import Page, md_heading
from .render import policy_tests_page, procedure_page, provider_index, provider_page, section_page
from .terms import glossary_page
from .tree import tree_page
from .whole_policy import whole_policy_page
from .years import changes_page

# Where define_env leaves the loaded site for the hooks module (macros/hooks.py), which
# reaches it through the macros plugin's variables: the policy is loaded once per build.
SITE_VARIABLE = "policy_site"
# The hand-written pages and scripts; the build copies them, unchanged, into each year's sources.
DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"


class PolicyDataError(SystemExit):
    """Ends the build with the data problems as its message (SystemExit: no traceback)."""


@dataclass(frozen=True)
class Site:
    """One year's build: its settings, its policy and the year before it (if we have it)."""

    config: SiteConfig
    policy: Policy
    previous: Policy | None
    diff: PolicyDiff | None

    def page(self, url: str) -> Page:
        return Page(self.policy, url, self.diff)


def load_site(config: SiteConfig) -> Site:
    """This year and the one before it: a build per year stays linear in the number of
    years (the build command validated all of them once)."""
    try:
        earlier = [y for y in statuses(config.data_dir) if y < config.year]
        policy = load_policy(config.year, config.data_dir)
        # The year before this one, if we have its data: the source of the generated changes.
        previous = load_policy(max(earlier), config.data_dir) if earlier else None
    except DataError as exc:
        print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
        raise PolicyDataError(1) from None
    return Site(config, policy, previous, compare(previous, policy) if previous else None)


def page_variables(site: Site) -> dict[str, Any]:
    """What the pages use as plain variables. Every text from the data is escaped: the
    heading for Markdown, the rest for HTML."""
    meta = site.policy.meta
    return {
        "policy_year": site.config.year,
        "policy_title": escape(meta.title),
        "policy_heading": md_heading(meta.title),
        "policy_insurer": escape(meta.insurer),
        "policy_definitive": meta.status == Status.DEFINITIVE,
        "policy_published": date_phrase(meta.published) if meta.published else "",
        "policy_providers": escape(provider_kinds(site.policy)),
    }


def provider_kinds(policy: Policy) -> str:
    """The kinds of provider a.s.r. contracts this year, as a running list ("verloskundigen,
    kraamzorg en geboortecentra"): each type with a `plural`, unless a purchasing rule
    refuses it. Why from the data: a kind no longer contracted must leave the home page too."""
    names = [pt.plural for pt in policy.provider_types.values() if pt.plural and pt.contractable]
    return " en ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) or "zorgaanbieders"


def define_env(env: Any) -> None:
    site = load_site(SiteConfig.from_extra(env.conf.get("extra", {})))
    env.variables.update(page_variables(site))
    env.variables[SITE_VARIABLE] = site
    for render in MACROS:
        env.macro(_on_this_page(env, site, render), render.__name__)


def _on_this_page(env: Any, site: Site, render: Callable[..., str]) -> Callable[..., str]:
    """The macro as a page calls it: the renderer, given the page being rendered."""

    @functools.wraps(render)
    def macro(*args: str) -> str:
        return render(site, site.page(env.page.url if env.page else ""), *args)

    return macro


# -- the macros: (site, page, the page's arguments) -> Markdown or HTML --------------------


def year_changes(site: Site, page: Page) -> str:
    """The generated comparison with the previous year, when we have its data."""
    return changes_page(page, site.previous, site.diff)


def section(site: Site, page: Page, section_id: str) -> str:
    """The whole text of a part of the policy, with its subsections."""
    return section_page(page, section_id)


def provider(site: Site, page: Page, provider_id: str) -> str:
    """Everything one kind of provider must meet, with the source of each condition."""
    return provider_page(page, provider_id)


def providers(site: Site, page: Page) -> str:
    return provider_index(page)


def policy_tests(site: Site, page: Page) -> str:
    """The policy tests of this year as a fact-check table."""
    return policy_tests_page(page)


def procedure(site: Site, page: Page) -> str:
    return procedure_page(page)


def home_link(site: Site, page: Page, url: str, title: str, description: str) -> str:
    """One entry of the home page's list of links (the texts are docs/index.md's own)."""
    return f'<li><a href="{page.rel(url)}"><strong>{title}</strong></a><br>{description}</li>'


def start_button(site: Site, page: Page, url: str, text: str) -> str:
    """The home page's start button for the checker (GOV.UK start-button pattern)."""
    return home_start_button(page, url, text)


def key_dates(site: Site, page: Page) -> str:
    """The dates of this policy year from the timeline, each typed once in the data."""
    return home_key_dates(page)


def checker_root(site: Site, page: Page) -> str:
    """The checker's root element with its first question as plain HTML.

    Why the fallback is plain text and not <noscript>: it must also show when JavaScript
    is on but checker.js cannot load. CSS shows it after a short delay (at once without
    scripting); checker.js removes it as soon as it runs. The loading text is written
    by checker.js, so it never shows where nothing is loading.
    """
    root = page.rel("./") or "./"
    first = render_question_html(provider_question(site.policy), None, progress=progress(site.policy, None, PROVIDER), site_root=root)
    # Pyodide is served once, from the root year; other years sit one folder deeper.
    pyodide = "../" * site.config.prefix.count("/") + page.rel(site.config.pyodide)
    conditions = page.rel("zorgaanbieders/")
    trees = page.rel("checker/beslisboom/")
    return (
        f'<div id="checker" class="checker" data-state="loading" data-year="{site.config.year}" '
        f'data-assets="{page.rel("assets/")}" data-pyodide="{pyodide}" '
        f'data-site-root="{root}" data-fallback="{conditions}" data-trees="{trees}" data-pyodide-bytes="{site.config.pyodide_bytes}" '
        f'data-empty-choice="{EMPTY_CHOICE}">'
        '<p class="checker-status" role="status" aria-live="polite"></p>'
        f'<div class="checker-body" hidden>{first}</div>'
        '<div class="checker-fallback"><p><strong>De checker werkt hier niet.</strong> '
        "Hij heeft JavaScript nodig, en dat staat uit in uw browser of kon niet worden geladen.</p>"
        f'<p>Dezelfde vragen en uitkomsten staan in de <a href="{trees}">Beslisbomen per soort zorgaanbieder</a>. '
        f'Alle voorwaarden staan op <a href="{conditions}">Voorwaarden per soort zorgaanbieder</a>.</p></div>'
        "</div>"
        # async: the checker starts its worker as soon as its script is here, not after
        # the rest of the page is parsed (the element it needs stands right above).
        f'<script type="module" async src="{page.rel("javascripts/start-checker.js")}"></script>'
        # Why preloaded: start-checker.js imports these only after starting the worker; listed
        # here they download alongside it instead of one round trip later, each as it is
        # imported (a module waits for all of its static imports).
        + "".join(f'<link rel="modulepreload" href="{page.rel(module)}">' for module in checker_modules())
    )


@functools.cache
def checker_modules() -> tuple[str, ...]:
    """The checker page's modules that start-checker.js loads: checker.js and its parts (docs/javascripts/checker/)."""
    parts = sorted(p.name for p in (DOCS_DIR / "javascripts" / "checker").glob("*.js"))
    return ("javascripts/checker.js", *(f"javascripts/checker/{name}" for name in parts))


def decision_tree(site: Site, page: Page, provider_id: str) -> str:
    """The whole flow for one provider type, as a diagram and as text."""
    return tree_page(page, provider_id)


def glossary(site: Site, page: Page) -> str:
    """The policy's terms and abbreviations with their meaning (terms.yaml)."""
    return glossary_page(page)


def decision_trees(site: Site, page: Page) -> str:
    items = "".join(f'<li><a href="{page.rel(f"checker/beslisboom/{pt.id}/")}">{escape(pt.label)}</a></li>' for pt in site.policy.provider_types.values())
    return f"<ul>{items}</ul>"


def whole_policy(site: Site, page: Page, pdf: str = "", address: str = "") -> str:
    """Every section in order with the conditions in place (`pdf`: the PDF beside the page, if any)."""
    return whole_policy_page(page, data_date(site.config.data_dir, site.config.year).isoformat(), pdf, address)


def open_data(site: Site, page: Page) -> str:
    """The files of this year as open data, their versions, the licence and the fields."""
    feed = "../" * site.config.prefix.count("/") + FEED_NAME
    return open_data_page(page, site.config.data_dir, site.config.prefix, feed)


MACROS: tuple[Callable[..., str], ...] = (
    year_changes,
    section,
    provider,
    providers,
    policy_tests,
    procedure,
    home_link,
    start_button,
    key_dates,
    checker_root,
    decision_tree,
    glossary,
    decision_trees,
    whole_policy,
    open_data,
)
