"""Every condition, question and step traces to words that are really in the policy."""

from __future__ import annotations

from authoring.loader import DATA_DIR

from .conftest import SOURCE_TEXT
from .text import letters


def quotes(policy):
    for c in policy.conditions.values():
        yield f"condition {c.id}", c.source
    for q in policy.questions.values():
        yield f"question {q.id}", q.source
    for s in policy.next_steps.values():
        if s.source:
            yield f"next step {s.id}", s.source
    for t in policy.terms.values():
        if t.source:
            yield f"term {t.id}", t.source
    for pt in policy.provider_types.values():
        if pt.contact_source:
            yield f"provider type {pt.id}", pt.contact_source


def test_source_copy_is_kept_in_the_project():
    assert SOURCE_TEXT.is_file()
    assert "Zorginkoopbeleid" in SOURCE_TEXT.read_text(encoding="utf-8") or "inkoopbeleid" in SOURCE_TEXT.read_text(encoding="utf-8")
    assert SOURCE_TEXT.is_relative_to(DATA_DIR)


def test_every_quote_is_in_the_source_text(policy):
    source = letters(SOURCE_TEXT.read_text(encoding="utf-8"))
    missing = [name for name, src in quotes(policy) if letters(src.quote) not in source]
    assert missing == []


def test_every_quote_is_in_the_section_it_names(policy):
    """The quote must also be in the text of the section (or its subsections) it points to,
    so the link from the checker lands on the right passage."""

    def section_text(sid: str) -> str:
        section = policy.sections[sid]
        parts = [section.title]
        for block in section.blocks:
            parts += [block.p or "", *block.list]
            parts += [policy.conditions[c].text for c in block.conditions]
            if block.table:
                parts += [cell for row in block.table.rows for cell in row]
            if block.timeline:
                parts += [f"{t.what} {t.who} {t.when}" for t in policy.timeline]
            if block.contacts:
                parts += [" ".join(v for v in (c.topic, c.who, c.email, c.phone, c.url) if v) for c in policy.contacts.values()]
            if block.changes:
                parts += [ch.topic + " ".join(ch.change) for ch in policy.changes]
        parts += [section_text(s.id) for s in section.sections]
        return " ".join(parts)

    wrong = [name for name, src in quotes(policy) if letters(src.quote) not in letters(section_text(src.section))]
    assert wrong == []


def test_each_condition_text_is_policy_wording(policy):
    source = letters(SOURCE_TEXT.read_text(encoding="utf-8"))
    # A condition split from a longer sentence quotes its parts joined by an ellipsis.
    invented = [c.id for c in policy.conditions.values() if any(letters(part) not in source for part in c.text.split("…"))]
    assert invented == []
