"""The macros the pages in docs/ call. Each is one line in a page and one call here.

Why load the data once in define_env: every page reads the same validated model; a data
error stops the build with the loader's one-line-per-problem message, not a traceback.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path
from typing import Any

from authoring.diff import compare
from authoring.loader import DataError, load_policy, statuses
from checker.engine import provider_question
from checker.model import Status, date_phrase

from .config import Edition, MacrosConfig, editions, pyodide_path, shown_year
from .page import Page, md_heading
from .render import policy_tests_page, procedure_page, provider_index, provider_page, section_page
from .years import changes_page


class PolicyDataError(SystemExit):
    """Ends the build with the data problems as its message (SystemExit: no traceback)."""


def define_env(env: Any) -> None:
    project_dir = Path(env.project_dir)
    config = MacrosConfig.from_extra(env.conf.get("extra", {}), project_dir)
    # Only this year and the one before it are loaded: a build per year stays linear in the
    # number of years (the build command validated all of them once).
    try:
        status = statuses(config.data_dir)
        published = editions(status, config.preview)
        year = shown_year(config, status)
        policy = load_policy(year, config.data_dir)
        earlier = [y for y in status if y < year]
        # The year before this one, if we have its data: the source of the generated changes.
        previous = load_policy(max(earlier), config.data_dir) if earlier else None
    except DataError as exc:
        print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
        raise PolicyDataError(1) from None
    edition = next((e for e in published if e.year == year), Edition(year, f"{year}/", True))
    diff = compare(previous, policy) if previous else None
    env.variables["policy_year"] = year
    # Escaped: a page may put it in HTML or Markdown; either way the data stays text.
    env.variables["policy_title"] = escape(policy.meta.title)

    def page() -> Page:
        return Page(policy, env.page.url if env.page else "", diff)

    @env.macro
    def year_changes() -> str:
        """The generated comparison with the previous year, when we have its data."""
        return changes_page(page(), previous, diff)

    @env.macro
    def section(section_id: str) -> str:
        """The whole text of a part of the policy, with its subsections."""
        return section_page(page(), section_id)

    @env.macro
    def provider(provider_id: str) -> str:
        """Everything one kind of provider must meet, with the source of each condition."""
        return provider_page(page(), provider_id)

    @env.macro
    def providers() -> str:
        return provider_index(page())

    @env.macro
    def policy_tests() -> str:
        """The policy tests of this year as a fact-check table."""
        return policy_tests_page(page())

    @env.macro
    def procedure() -> str:
        return procedure_page(page())

    @env.macro
    def home() -> str:
        # Every text from the data is escaped: the title is a Markdown heading, the rest HTML.
        p = page()
        meta = policy.meta
        links = [
            ("zorgaanbieders/", "Voorwaarden per soort zorgaanbieder", "Wat u moet doen en laten om een contract te krijgen."),
            ("checker/", "Check uw contractkans", "Beantwoord de vragen en zie of u in aanmerking komt, en wat u nog mist."),
            ("procedure/", "Aanvragen en tijdpad", "Hoe u een contract aanvraagt en welke data gelden."),
            ("beleid/wijzigingen/", "Wat is er veranderd", "De belangrijkste wijzigingen ten opzichte van vorig jaar."),
            ("beleid/inleiding/", "Het hele beleid", "De volledige tekst van het beleid, per onderdeel."),
        ]
        items = "".join(f'<li><a href="{p.rel(u)}"><strong>{t}</strong></a><br>{d}</li>' for u, t, d in links)
        status = "definitief" if meta.status == Status.DEFINITIVE else "CONCEPT: nog niet vastgesteld"
        published = f", gepubliceerd {date_phrase(meta.published)}" if meta.published else ""
        return (
            f"# {md_heading(meta.title)}\n\n"
            f'<p class="lead">Dit is het zorginkoopbeleid geboortezorg {year} van {escape(meta.insurer)}: '
            "de voorwaarden waaronder a.s.r. geboortezorg inkoopt bij verloskundigen, aanbieders van prenatale screening, "
            "kraamzorg, geboortecentra en integrale geboortezorgorganisaties.</p>\n\n"
            f'<ul class="home-links">{items}</ul>\n\n'
            f"<p>Beleidsjaar {year} ({status}{published}). De tekst op deze site is de tekst van het gepubliceerde beleid; "
            "waar het beleid onduidelijk is, staat dat met <em>Let op</em> aangegeven.</p>\n"
        )

    @env.macro
    def checker_root() -> str:
        """The checker's root element with its first question as plain HTML.

        Why the fallback is plain text and not <noscript>: it must also show when JavaScript
        is on but checker.js cannot load. CSS shows it after a short delay (at once without
        scripting); checker.js removes it as soon as it runs. The loading text is written
        by checker.js, so it never shows where nothing is loading.
        """
        from checker.words import EMPTY_CHOICE

        from .checker_html import render_question_html

        p = page()
        first = render_question_html(provider_question(policy), None, site_root=p.rel("./") or "./")
        # Pyodide is served once, from the root year; other years sit one folder deeper.
        pyodide = "../" * edition.prefix.count("/") + p.rel(pyodide_path(project_dir))
        # The size of Pyodide's big files, so the wait can say "3 van 12 MB" from the start.
        folder = Path(env.conf["docs_dir"]) / pyodide_path(project_dir)
        big = sum(f.stat().st_size for f in folder.iterdir() if f.suffix in (".wasm", ".zip")) if folder.is_dir() else 0
        conditions = p.rel("zorgaanbieders/")
        trees = p.rel("checker/beslisboom/")
        return (
            f'<div id="checker" class="checker" data-state="loading" data-year="{year}" '
            f'data-assets="{p.rel("assets/")}" data-pyodide="{pyodide}" '
            f'data-site-root="{p.rel("./") or "./"}" data-fallback="{conditions}" data-trees="{trees}" data-pyodide-bytes="{big}" '
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
            f'<script type="module" async src="{p.rel("javascripts/checker.js")}"></script>'
        )

    @env.macro
    def decision_tree(provider_id: str) -> str:
        """The whole flow for one provider type, as a diagram and as text."""
        from .tree import tree_page

        return tree_page(page(), provider_id)

    @env.macro
    def glossary() -> str:
        """The policy's terms and abbreviations with their meaning (terms.yaml)."""
        from .terms import glossary_page

        return glossary_page(page())

    @env.macro
    def decision_trees() -> str:
        p = page()
        items = "".join(f'<li><a href="{p.rel(f"checker/beslisboom/{pt.id}/")}">{escape(pt.label)}</a></li>' for pt in policy.provider_types.values())
        return f"<ul>{items}</ul>"
