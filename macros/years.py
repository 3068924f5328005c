"""Years side by side: the year switcher above every page, and the generated page of
changes against the previous year. The comparison itself is `authoring.diff`."""

from __future__ import annotations

from html import escape
from typing import Any

from authoring.diff import (
    FIELD_WORDS,
    OUTCOME_WORDS,
    Change,
    ComparedOutcome,
    Marks,
    OutcomeDifference,
    PolicyDiff,
    change_words,
    decisive,
    outcome_changes,
    section_words,
)
from checker.model import ALL, Policy, date_phrase, timeline_when
from checker.words import APPLIES_LABELS, KIND_LABELS

from .config import Edition
from .page import Page, note

# The year switcher is filled in per page by overrides/partials/year-switch.html.
ROOT_MARK, PAGE_MARK = "@root@", "@page@"


def year_switcher(published: list[Edition], current: Edition) -> str:
    """Links to the same page in every published year, at its permanent address; a loud
    banner on a draft and on an earlier year that a newer one replaces.

    Why HTML with two marks and not per-page content: the template puts this above every
    page (outside the text, so search does not index it on every page) and replaces
    ROOT_MARK with the way up to this year's root and PAGE_MARK with the page's URL.
    Why the permanent address (`2024/`) and not the root: a link or bookmark to a year
    must show that year also after a newer year takes the root.
    """
    # From this year's root up to the site root: one folder per level of the year's prefix.
    up = f"{ROOT_MARK}{'../' * current.prefix.count('/')}"
    years = sorted((e for e in published if e.permanent), key=lambda e: e.year)
    out = ""
    if len(years) > 1:
        items = []
        for e in years:
            label = f"{e.year}{' (concept)' if e.draft else ''}"
            current_mark = ' aria-current="page"' if e.year == current.year else ""
            items.append(f'<li><a href="{up}{e.prefix}{PAGE_MARK}"{current_mark}>{label}</a></li>')
        out += f'<nav class="year-switch" aria-label="Beleidsjaar"><span>Beleidsjaar:</span><ul>{"".join(items)}</ul></nav>'
    if current.draft:
        out += (
            '<div class="admonition warning draft-banner"><p class="admonition-title">Concept</p>'
            f"<p>Dit is een concept van het beleid voor {current.year}. Het is nog niet vastgesteld en wordt zo niet gepubliceerd.</p></div>"
        )
    if current.superseded_by:
        # The root always shows the current year: the same page there.
        newer = current.superseded_by
        out += (
            f'<div class="admonition warning superseded-banner"><p class="admonition-title">Vervangen door het beleid voor {newer}</p>'
            f"<p>Dit is het beleid voor {current.year}. Voor {newer} geldt een nieuw beleid. "
            f'<a href="{up}{PAGE_MARK}">Bekijk deze pagina in het beleid voor {newer}</a>.</p></div>'
        )
    return out


def _cond_cell(raw: dict[str, Any] | None, policy: Policy | None, fields: list[str]) -> str:
    """A condition as the page shows it; its help or note too when that is what changed."""
    if not raw or policy is None:
        return "<em>—</em>"
    explained = "".join(
        f"<br><span class='source'>{escape(FIELD_WORDS[f].capitalize())}: {escape(raw.get(f) or '(geen)')}</span>" for f in ("help", "note") if f in fields
    )
    types = raw["provider_types"]
    who = "alle zorgaanbieders" if types == ALL else ", ".join(policy.provider_types[t].label for t in types if t in policy.provider_types)
    question = raw.get("question", {}).get("text") if raw.get("question") else None
    return (
        f"<strong>{escape(KIND_LABELS[raw['kind']])}</strong> ({escape(APPLIES_LABELS[raw['applies_to']].lower())}; {escape(who)}): "
        f"{escape(raw['text'])}" + (f"<br><span class='source'>Vraag: {escape(question)}</span>" if question else "") + explained
    )


# Changed words on the page: struck through and underlined, as the report marks them.
HTML_MARKS = Marks("<del>{}</del>", "<ins>{}</ins>", escape)


def _what(change: Change) -> str:
    """The same words as the report (`make diff`): "Gewijzigd (tekst)", "Hernoemd: a → b, tekst gelijk"."""
    text = change_words(change)
    return escape(text[:1].upper() + text[1:])


def changes_page(page: Page, previous: Policy | None, diff: PolicyDiff | None) -> str:
    policy = page.policy
    if previous is None or diff is None:
        return note(
            f"Van het jaar vóór {policy.year} staan geen beleidsgegevens in deze site. De tabel hierboven is de tabel uit het beleid zelf; "
            "vanaf het volgende jaar maakt de site de vergelijking per voorwaarde automatisch.",
            title="Vergelijking",
        )
    out = [f"## Alle wijzigingen ten opzichte van {previous.year} {{#vergelijking}}", ""]
    out.append(
        f"<p>Deze vergelijking is gemaakt uit de gegevens van {previous.year} en {policy.year}, per voorwaarde. Links de oude tekst, rechts de nieuwe.</p>"
    )
    if not diff.changes:
        return "\n".join([*out, "", "<p>Er zijn geen wijzigingen.</p>"])
    out += _condition_changes(page, previous, diff)
    out += _timeline_changes(page, previous, diff)
    out += _contact_changes(page, previous, diff)
    out += _question_changes(page, previous, diff)
    out += _text_changes(page, diff)
    out += _outcomes(page, previous)
    return "\n".join(out)


def _year_table(page: Page, previous: Policy, rows: list[list[str]]) -> str:
    """A table of changes: what changed, then the old and the new year side by side."""
    return page.table(["Wijziging", str(previous.year), str(page.policy.year)], rows)


def _named_types(change: Change) -> tuple[Any, ...]:
    """The provider_types a changed condition has in the new and in the old year."""
    return ((change.new or {}).get("provider_types"), (change.old or {}).get("provider_types"))


def _condition_changes(page: Page, previous: Policy, diff: PolicyDiff) -> list[str]:
    """Changed conditions under whom they concern (the model groups them); a condition
    in more than one group gets its anchor in the first."""
    out: list[str] = []
    used: set[str] = set()
    for group in page.policy.audience_groups(previous, diff.by_area("conditions"), _named_types):
        rows = []
        for c in group.items:
            ident = f"wijziging-{c.id}"
            cell = f'<span id="{ident}">{_what(c)}</span>' if ident not in used else _what(c)
            used.add(ident)
            rows.append([cell, _cond_cell(c.old, previous, c.fields), _cond_cell(c.new, page.policy, c.fields)])
        out += ["", f"### {group.title} {{#wijzigingen-{group.id}}}", "", _year_table(page, previous, rows)]
    return out


def _timeline_cell(raw: dict[str, Any] | None) -> str:
    return escape(f"{raw['what']}: {timeline_when(raw)} ({date_phrase(raw['date'])})") if raw else "—"


def _timeline_changes(page: Page, previous: Policy, diff: PolicyDiff) -> list[str]:
    timeline = diff.by_area("timeline")
    if not timeline:
        return []
    rows = [[_what(c), _timeline_cell(c.old), _timeline_cell(c.new)] for c in timeline]
    return ["", "### Tijdpad {#wijzigingen-tijdpad}", "", _year_table(page, previous, rows)]


def _contact_cell(raw: dict[str, Any] | None) -> str:
    return escape(" · ".join(str(raw[k]) for k in ("topic", "who", "email", "phone", "url") if raw.get(k))) if raw else "—"


def _contact_changes(page: Page, previous: Policy, diff: PolicyDiff) -> list[str]:
    contacts = diff.by_area("contacts")
    if not contacts:
        return []
    rows = [[_what(c), _contact_cell(c.old), _contact_cell(c.new)] for c in contacts]
    return ["", "### Contactgegevens {#wijzigingen-contact}", "", _year_table(page, previous, rows)]


def _question_changes(page: Page, previous: Policy, diff: PolicyDiff) -> list[str]:
    """The checker's own questions (routing, details): old and new wording side by side."""
    questions = diff.by_area("questions")
    if not questions:
        return []
    rows = [[_what(c), _question_cell(c.old, c.fields), _question_cell(c.new, c.fields)] for c in questions]
    return ["", "### Vragen van de checker {#wijzigingen-vragen}", "", _year_table(page, previous, rows)]


def _text_changes(page: Page, diff: PolicyDiff) -> list[str]:
    sections = diff.by_area("sections")
    if not sections:
        return []
    items = []
    for c in sections:
        title = (c.new or c.old or {}).get("title", c.id)
        link = page.passage_link(c.id) if c.new else escape(title)
        words = section_words(c, HTML_MARKS)
        items.append(f"<li>{_what(c)}: {link}" + (f"<br><span class='source'>{words}</span>" if words else "") + "</li>")
    return ["", "### Tekst van het beleid {#wijzigingen-tekst}", "", f"<ul>{''.join(items)}</ul>"]


def _question_cell(raw: dict[str, Any] | None, fields: list[str]) -> str:
    if not raw:
        return "<em>—</em>"
    text = escape(raw["text"])
    if "options" in fields and raw.get("options"):
        text += "<br><span class='source'>Antwoorden: " + escape(" / ".join(o["label"] for o in raw["options"])) + "</span>"
    return text


def _outcome_cell(outcome: ComparedOutcome, other: ComparedOutcome, policy: Policy, variants: list[tuple[str, ComparedOutcome]]) -> str:
    """The verdict in words; the blocking conditions too when they are what changed; then a
    route that ends otherwise here (with an existing contract), as the report indents it."""
    text = escape(OUTCOME_WORDS.get(outcome.verdict, outcome.verdict))
    if outcome.unmet and outcome.unmet != other.unmet:
        names = [policy.conditions[u].text if u in policy.conditions else u for u in sorted(outcome.unmet)]
        text += "<br><span class='source'>Niet voldaan: " + escape("; ".join(names)) + "</span>"
    for given, result in variants:
        if result.verdict != outcome.verdict:
            text += f"<br><span class='source'>{given}: {escape(OUTCOME_WORDS.get(result.verdict, result.verdict))}</span>"
    return text


def _row(change: OutcomeDifference, previous: Policy, policy: Policy) -> list[str]:
    given = "<br>".join(f"{escape(q)} <strong>{escape(a)}</strong>" for q, a in change.answers) or "Gunstige antwoorden op alle vragen"
    if change.folded:
        given += f"<br><span class='source'>{escape(change.folded_words().removeprefix('; ').capitalize())}</span>"
    with_variant = ["En " + "; ".join(f"{escape(q)} {escape(a)}" for q, a in v.answers) for v in change.variants]
    old = _outcome_cell(change.old, change.new, previous, list(zip(with_variant, (v.old for v in change.variants), strict=True)))
    new = _outcome_cell(change.new, change.old, policy, list(zip(with_variant, (v.new for v in change.variants), strict=True)))
    return [given, old, new]


def _outcomes(page: Page, previous: Policy) -> list[str]:
    """What changes for providers: the same answers, run through both years' checker; per
    provider type the decisive change first, as in the report."""
    policy = page.policy
    changes = outcome_changes(previous, policy)
    out = ["", "## Wat verandert er voor zorgaanbieders {#uitkomst}", ""]
    if not changes:
        return [*out, f"<p>Dezelfde antwoorden in de checker geven in {policy.year} dezelfde uitslag als in {previous.year}.</p>"]
    firsts = decisive(changes)
    summary = "".join(f"<li><strong>{escape(first.provider_label)}</strong>: {_headline(first)}</li>" for first, _ in firsts.values())
    out.append(f"<ul class='decisive'>{summary}</ul>")
    out.append(
        f"<p>Deze antwoorden in de checker geven in {policy.year} een andere uitslag dan in {previous.year}. "
        "Op de vragen die er niet staan, is het gunstige antwoord gegeven.</p>"
    )
    for provider in firsts:
        own = [c for c in changes if c.provider == provider]
        rows = [_row(c, previous, policy) for c in own]
        out += ["", f"### {own[0].provider_label} {{#uitkomst-{provider}}}", "", page.table(["Uw antwoord", str(previous.year), str(policy.year)], rows)]
    return out


def _headline(change: OutcomeDifference) -> str:
    """The report's decisive sentence in HTML: the answer in bold instead of Markdown emphasis."""
    given = "; ".join(f"{escape(q)} <strong>{escape(a)}</strong>" for q, a in change.answers)
    rest = f"was {escape(change.old.words(ids=False))}, wordt {escape(change.new.words(ids=False))}{escape(change.folded_words())}"
    return f"wie {given} antwoordt: {rest}" if given else rest
