"""The page *Het hele beleid*: every section of the policy in order on one page, with each
condition where the policy states it, to read at once or print on A4.

Why its own section renderer: a section page lists the conditions its blocks name; the
conditions the data quotes from a paragraph instead (a purchasing rule, an expectation)
appear on the provider pages only. Here they follow the blocks of the section they are
quoted from, so the page holds every passage and every condition.
"""

from __future__ import annotations

from html import escape

from checker.model import Section, Status, date_phrase

from .page import Page, md_heading
from .render import block_html, condition_item

# Where the page is: folder and name (beleid/het-hele-beleid/).
WHOLE_POLICY = ("beleid", "het-hele-beleid")


def _quoted_here(page: Page) -> dict[str, list[str]]:
    """Conditions no block lists, by the section their source quotes."""
    out: dict[str, list[str]] = {}
    for cond in page.policy.conditions.values():
        if cond.id not in page.policy.condition_section:
            out.setdefault(cond.source.section, []).append(cond.id)
    return out


def _section(page: Page, section: Section, level: int, quoted: dict[str, list[str]]) -> list[str]:
    out = [f"{'#' * level} {md_heading(section.title)} {{#{section.id}}}", ""]
    for block in section.blocks:
        out += [block_html(page, block), ""]
    if section.id in quoted:
        items = "".join(condition_item(page, page.policy.conditions[cid], quote=False) for cid in quoted[section.id])
        out += ["<p class='quoted-conditions'>Wat hieruit volgt voor zorgaanbieders:</p>", f'<ul class="conditions">{items}</ul>', ""]
    for sub in section.sections:
        out += _section(page, sub, min(level + 1, 6), quoted)
    return out


def _sentence(text: str) -> str:
    """Text that ends a sentence: 'a.s.r.' keeps its own full stop."""
    return text if text.endswith(".") else f"{text}."


def whole_policy_page(page: Page, changed: str, pdf: str, address: str) -> str:
    """The page; `changed` is when the data last changed (JJJJ-MM-DD), `pdf` the PDF's file
    name when the build made one, `address` this page's absolute address when known."""
    meta = page.policy.meta
    status = "definitief" if meta.status == Status.DEFINITIVE else "concept, nog niet vastgesteld"
    where = f' Adres van deze pagina: <a href="{escape(address)}">{escape(address)}</a>.' if address else ""
    pdf_link = f' Of <a href="{escape(pdf)}">download het hele beleid als PDF</a>.' if pdf else ""
    out = [
        f"# {md_heading(meta.title)} {{#het-hele-beleid}}",
        "",
        '<div class="whole-policy-source">',
        f"<p>Het hele beleid op één pagina: alle onderdelen in de volgorde van het beleid, met de voorwaarden op hun plaats.</p>"
        f"<p><strong>Bron:</strong> {escape(meta.source.title)}, {escape(_sentence(meta.insurer))} Beleidsjaar {page.policy.year}, {status}. "
        f"Gegevens van {date_phrase(changed)}.{where}</p>",
        f"<p>{escape(meta.source.note)}</p>" if meta.source.note else "",
        f'<p class="whole-policy-print">Afdrukken: kies Afdrukken in uw browser. De pagina past op A4, zonder menu en zoekveld.{pdf_link}</p>',
        "</div>",
        "",
    ]
    quoted = _quoted_here(page)
    for section in page.policy.top_sections:
        out += _section(page, section, 2, quoted)
    return "\n".join(out)
