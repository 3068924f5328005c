"""Compare two policy years by stable id: what a provider should know changed.

Why by id: the purchasing team copies last year's folder and edits it, keeping ids, so
an id present in both years is the same rule; a changed text is a rewording, a changed
`source.section` is a move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import ALL, KIND_LABELS, Policy

# The fields of a condition whose change a provider notices, with their Dutch names.
CONDITION_FIELDS = {
    "text": "tekst",
    "kind": "soort",
    "provider_types": "voor wie",
    "applies_to": "geldt voor",
    "question": "vraag",
    "source": "plaats in het beleid",
}


@dataclass
class Change:
    """One difference: `kind` is added, removed, changed or moved."""

    area: str  # conditions, questions, sections, timeline, contacts, next_steps, provider_types
    id: str
    kind: str
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    fields: list[str] = field(default_factory=list)


@dataclass
class PolicyDiff:
    old_year: int
    new_year: int
    changes: list[Change] = field(default_factory=list)

    def by_area(self, area: str) -> list[Change]:
        return [c for c in self.changes if c.area == area]

    def for_provider(self, policy_old: Policy, policy_new: Policy, provider: str) -> list[Change]:
        """Condition changes that concern one provider type (in either year)."""
        out = []
        for c in self.by_area("conditions"):
            for pol, raw in ((policy_old, c.old), (policy_new, c.new)):
                if raw and provider in pol.provider_types and pol.applies(_types(raw["provider_types"]), provider):
                    out.append(c)
                    break
        return out

    def changed_condition_ids(self) -> set[str]:
        return {c.id for c in self.by_area("conditions") if c.kind in ("added", "changed", "moved")}


def _types(raw: Any) -> Any:
    return ALL if raw == ALL else tuple(raw)


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _compare(area: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], fields: list[str] | None = None) -> list[Change]:
    changes = []
    for ident, item in new.items():
        if ident not in old:
            changes.append(Change(area, ident, "added", new=item))
    for ident, item in old.items():
        if ident not in new:
            changes.append(Change(area, ident, "removed", old=item))
    for ident in old.keys() & new.keys():
        a, b = old[ident], new[ident]
        keys = fields if fields is not None else sorted(set(a) | set(b))
        differ = [k for k in keys if a.get(k) != b.get(k)]
        moved = area == "conditions" and a["source"]["section"] != b["source"]["section"]
        if differ:
            if moved:
                differ.append("source")
            changes.append(Change(area, ident, "changed", a, b, differ))
        elif moved:
            changes.append(Change(area, ident, "moved", a, b, ["source"]))
    order = list(new) + [k for k in old if k not in new]
    return sorted(changes, key=lambda c: order.index(c.id))


def _flat_sections(policy: Policy) -> dict[str, dict[str, Any]]:
    """Each section's own title and blocks (not its subsections), for comparison."""
    return {sid: {"id": sid, "title": s["title"], "blocks": s.get("blocks", [])} for sid, s in policy.sections.items()}


def compare(old: Policy, new: Policy) -> PolicyDiff:
    diff = PolicyDiff(old.year, new.year)
    d_old, d_new = old.data, new.data
    diff.changes += _compare("provider_types", _by_id(d_old["provider_types"]["provider_types"]), _by_id(d_new["provider_types"]["provider_types"]))
    diff.changes += _compare("conditions", _by_id(d_old["conditions"]["conditions"]), _by_id(d_new["conditions"]["conditions"]), list(CONDITION_FIELDS))
    diff.changes += _compare(
        "questions", _by_id(d_old["questions"]["questions"]), _by_id(d_new["questions"]["questions"]), ["text", "options", "provider_types", "type"]
    )
    diff.changes += _compare("sections", _flat_sections(old), _flat_sections(new), ["title", "blocks"])
    diff.changes += _compare(
        "timeline", _by_id(_shift(d_old["procedure"]["timeline"])), _by_id(_shift(d_new["procedure"]["timeline"])), ["what", "who", "when", "date_shifted"]
    )
    diff.changes += _compare(
        "contacts", _by_id(d_old["contacts"]["contacts"]), _by_id(d_new["contacts"]["contacts"]), ["topic", "who", "email", "phone", "url"]
    )
    diff.changes += _compare("next_steps", _by_id(d_old["procedure"]["next_steps"]), _by_id(d_new["procedure"]["next_steps"]), ["title", "text", "mailto"])
    return diff


def _shift(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dates compared as month and day: a policy year later, 1 November is still 1 November."""
    return [{**t, "date_shifted": t["date"][5:]} for t in timeline]


# -- Markdown report for a pull request -------------------------------------------------------

AREA_TITLES = {
    "provider_types": "Soorten zorgaanbieders",
    "conditions": "Voorwaarden, verwachtingen en uitsluitingsgronden",
    "questions": "Vragen van de checker",
    "sections": "Tekst van het beleid",
    "timeline": "Tijdpad",
    "contacts": "Contactgegevens",
    "next_steps": "Vervolgstappen",
}
KIND_WORDS = {"added": "nieuw", "removed": "vervallen", "changed": "gewijzigd", "moved": "verplaatst"}


def _summary(area: str, item: dict[str, Any] | None) -> str:
    if not item:
        return ""
    if area == "conditions":
        return f"{KIND_LABELS.get(item['kind'], item['kind'])}: {item['text']}"
    if area == "timeline":
        return f"{item['what']} ({item['date']})"
    if area == "contacts":
        return " ".join(str(item.get(k, "")) for k in ("topic", "email", "phone", "url") if item.get(k))
    if area == "sections":
        return item["title"]
    return str(item.get("text") or item.get("title") or item.get("label") or item.get("id"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(diff: PolicyDiff) -> str:
    lines = [f"# Wijzigingen {diff.old_year} → {diff.new_year}", ""]
    if not diff.changes:
        return "\n".join([*lines, "Geen wijzigingen.", ""])
    counts = {k: sum(1 for c in diff.changes if c.kind == k) for k in KIND_WORDS}
    lines += [", ".join(f"{n} {KIND_WORDS[k]}" for k, n in counts.items() if n) + ".", ""]
    for area, title in AREA_TITLES.items():
        changes = diff.by_area(area)
        if not changes:
            continue
        lines += [f"## {title}", "", f"| Id | Wijziging | {diff.old_year} | {diff.new_year} |", "|---|---|---|---|"]
        for c in changes:
            what = KIND_WORDS[c.kind] + (f" ({', '.join(CONDITION_FIELDS.get(f, f) for f in c.fields)})" if c.kind == "changed" else "")
            if c.kind == "moved" and c.old and c.new:
                what += f" ({c.old['source']['section']} → {c.new['source']['section']})"
            lines.append(f"| `{c.id}` | {what} | {_cell(_summary(area, c.old))} | {_cell(_summary(area, c.new))} |")
        lines.append("")
    return "\n".join(lines)
