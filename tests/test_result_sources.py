"""Every part of every result names the passage of the policy it comes from: walked over
every path of every provider type, as the browser and the command line get the result."""

from __future__ import annotations

from pathlib import Path

from authoring.loader import DATA_DIR
from authoring.paths import paths
from checker.engine import evaluate
from checker.results import result_json

from .text import letters

PARTS = ("unmet", "contacts", "arrangements", "expectations", "conditional_expectations", "asr_assesses", "messages", "next_steps")


def source_text(year: int) -> str:
    """The policy's own text of that year, every file of its source/ folder, normalised."""
    return letters(" ".join(p.read_text(encoding="utf-8") for p in sorted(Path(DATA_DIR, str(year), "source").glob("*.txt"))))


def unsourced(policy) -> list[str]:
    """Each part of a result without a passage, or with a quote that is not in the policy."""
    text = source_text(policy.year)
    wrong: list[str] = []
    for provider in policy.provider_types:
        for values in paths(policy, provider):
            result = result_json(evaluate(policy, provider, values))
            for part, items in [*((part, result[part]) for part in PARTS), ("dates", result["dates"]["items"])]:
                for item in items:
                    source = item.get("source") or {}
                    quote = source.get("quote") or ""
                    if not (source.get("section") and source.get("url") and quote and letters(quote) in text):
                        wrong.append(f"{provider} {part} {item['id']}: {source or 'geen bron'}")
    return sorted(set(wrong))


def test_every_part_of_every_result_has_a_passage_from_the_policy(policy):
    assert unsourced(policy) == []


def test_the_walk_sees_every_part_and_the_type_contact_reason(policy):
    """The walk above would pass on empty results: it must meet every kind of part, and the
    contact reason of a type that always gets in touch (ZZP'ers) with its passage."""
    seen: dict[str, int] = dict.fromkeys(PARTS, 0)
    type_reasons = []
    for provider, pt in policy.provider_types.items():
        for values in paths(policy, provider):
            result = result_json(evaluate(policy, provider, values))
            for part in PARTS:
                seen[part] += len(result[part])
            type_reasons += [c for c in result["contacts"] if c["id"] == pt.id]
    assert all(seen.values()), seen
    assert type_reasons and all(c["source"] and c["source"]["quote"] for c in type_reasons)


def test_a_quote_missing_from_the_policy_is_found(policy, monkeypatch):
    """The check can fail: a contact reason with an invented quote is reported."""
    from dataclasses import replace

    from checker.model import Source

    pt = next(p for p in policy.provider_types.values() if p.contact_source)
    changed = dict(policy.provider_types)
    changed[pt.id] = replace(pt, contact_source=Source(pt.contact_source.section, "Dit staat nergens in het beleid van a.s.r."))
    monkeypatch.setattr(policy, "provider_types", changed)
    assert any(line.startswith(f"{pt.id} contacts {pt.id}:") for line in unsourced(policy))
