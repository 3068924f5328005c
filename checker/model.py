"""The policy model: the validated YAML of one year, indexed for pages and checker.

Why plain dicts in and dataclasses out: the browser receives the very same dicts as a
JSON bundle, so one constructor serves CPython (after YAML validation) and Pyodide.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# The files of one policy year, in the order the loader reads them.
FILES = (
    "meta",
    "sections",
    "provider_types",
    "conditions",
    "questions",
    "procedure",
    "contacts",
    "changes",
    "terms",
)

# The checker asks its questions in this order; a stage is a part of the policy.
STAGES = (
    "general",
    "organisation",
    "professional",
    "arrangements",
    "expectations",
    "procedure",
    "details",
)
STAGE_LABELS = {
    "general": "Alle zorgaanbieders",
    "organisation": "Uw organisatie",
    "professional": "Uw zorgverleners",
    "arrangements": "Toeslagen en bijzondere afspraken",
    "expectations": "Wat a.s.r. verwacht",
    "procedure": "Inkoop en aanvraag",
    "details": "Gegevens voor uw aanvraag",
}
KIND_LABELS = {
    "condition": "Contractvoorwaarde",
    "expectation": "Verwachting",
    "exclusion": "Uitsluitingsgrond",
}
APPLIES_LABELS = {"organisation": "Organisatie", "professional": "Iedere zorgverlener"}
ALL = "alle"


@dataclass(frozen=True)
class Source:
    section: str
    quote: str


@dataclass(frozen=True)
class ProviderType:
    id: str
    label: str
    description: str
    contractable: bool
    section: str
    refusal: str | None = None
    verdict_if_met: str = "eligible"
    contact_reason: str | None = None
    agb_prefix: str | None = None
    next_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    id: str
    kind: str
    provider_types: tuple[str, ...] | str
    applies_to: str
    text: str
    source: Source
    question: dict[str, Any] | None = None
    stage: str | None = None
    ask_if: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    @property
    def blocking(self) -> bool:
        """Conditions and exclusions decide the contract; expectations do not."""
        return self.kind != "expectation"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    # met / unmet (a condition), contact (get in touch), none (routing only)
    effect: str = "none"
    contact: str | None = None
    message: str | None = None
    next_steps: tuple[str, ...] = ()

    @property
    def meets(self) -> bool | None:
        """True/False for a condition's answer, None for a routing answer."""
        return {"met": True, "unmet": False}.get(self.effect)


@dataclass(frozen=True)
class Question:
    id: str
    stage: str
    text: str
    type: str
    provider_types: tuple[str, ...] | str
    source: Source
    options: tuple[Option, ...] = ()
    help: str | None = None
    optional: bool = False
    ask_if: dict[str, str] = field(default_factory=dict)
    condition: Condition | None = None
    note: str | None = None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Term:
    """An abbreviation or term of the policy and what it means (terms.yaml)."""

    id: str
    term: str
    meaning: str
    source: Source | None = None


@dataclass(frozen=True)
class NextStep:
    id: str
    title: str
    text: str
    source: Source | None = None
    mailto: dict[str, str] | None = None


@dataclass
class Policy:
    """One policy year. `data` is the validated content of its files, by file name."""

    data: dict[str, Any]
    year: int = 0
    provider_types: dict[str, ProviderType] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    next_steps: dict[str, NextStep] = field(default_factory=dict)
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    # section id -> id of the top-level section (the page it is on)
    section_page: dict[str, str] = field(default_factory=dict)
    # section id -> parent section id (None at top level)
    section_parent: dict[str, str | None] = field(default_factory=dict)
    # condition id -> section id whose blocks list it
    condition_section: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Policy:
        policy = cls(data=data, year=int(data["meta"]["year"]))
        for raw in data["provider_types"]["provider_types"]:
            pt = ProviderType(
                id=raw["id"],
                label=raw["label"],
                description=raw["description"],
                contractable=raw["contractable"],
                section=raw["section"],
                refusal=raw.get("refusal"),
                verdict_if_met=raw.get("verdict_if_met", "eligible"),
                contact_reason=raw.get("contact_reason"),
                agb_prefix=raw.get("agb_prefix"),
                next_steps=tuple(raw.get("next_steps", ())),
            )
            policy.provider_types[pt.id] = pt
        policy._index_sections(data["sections"]["sections"], None, None)
        for raw in data["conditions"]["conditions"]:
            cond = Condition(
                id=raw["id"],
                kind=raw["kind"],
                provider_types=_types(raw["provider_types"]),
                applies_to=raw["applies_to"],
                text=raw["text"],
                source=Source(**raw["source"]),
                question=raw.get("question"),
                stage=raw.get("stage"),
                ask_if=dict(raw.get("ask_if", {})),
                note=raw.get("note"),
            )
            policy.conditions[cond.id] = cond
            if cond.question:
                policy.questions[cond.id] = _condition_question(cond)
        for raw in data["questions"]["questions"]:
            options = tuple(
                Option(
                    value=o["value"],
                    label=o["label"],
                    effect=o.get("effect", "none"),
                    contact=o.get("contact"),
                    message=o.get("message"),
                    next_steps=tuple(o.get("next_steps", ())),
                )
                for o in raw.get("options", ())
            )
            policy.questions[raw["id"]] = Question(
                id=raw["id"],
                stage=raw["stage"],
                text=raw["text"],
                type=raw["type"],
                provider_types=_types(raw["provider_types"]),
                source=Source(**raw["source"]),
                options=options,
                help=raw.get("help"),
                optional=bool(raw.get("optional", False)),
                ask_if=dict(raw.get("ask_if", {})),
                note=raw.get("note"),
            )
        for raw in data["procedure"]["next_steps"]:
            policy.next_steps[raw["id"]] = NextStep(
                id=raw["id"],
                title=raw["title"],
                text=raw["text"],
                source=Source(**raw["source"]) if raw.get("source") else None,
                mailto=raw.get("mailto"),
            )
        policy.contacts = {c["id"]: c for c in data["contacts"]["contacts"]}
        return policy

    def _index_sections(self, sections: list[dict[str, Any]], page: str | None, parent: str | None) -> None:
        for section in sections:
            sid = section["id"]
            self.sections[sid] = section
            self.section_page[sid] = page or sid
            self.section_parent[sid] = parent
            for block in section.get("blocks", ()):
                for cid in block.get("conditions", ()):
                    self.condition_section.setdefault(cid, sid)
            self._index_sections(section.get("sections", ()), page or sid, sid)

    # -- lookups used by both the pages and the checker --------------------------------

    @property
    def meta(self) -> dict[str, Any]:
        return self.data["meta"]

    @cached_property
    def terms(self) -> dict[str, Term]:
        """The policy's terms and abbreviations by id, for the glossary and their links."""
        return {
            raw["id"]: Term(raw["id"], raw["term"], raw["meaning"], Source(**raw["source"]) if raw.get("source") else None)
            for raw in self.data.get("terms", {}).get("terms", ())
        }

    def applies(self, provider_types: tuple[str, ...] | str, provider_id: str) -> bool:
        """Whether a condition or question applies to a provider type.
        'alle' means every type the policy contracts, not the refused ones."""
        if provider_types == ALL:
            return self.provider_types[provider_id].contractable
        return provider_id in provider_types

    def conditions_for(self, provider_id: str) -> list[Condition]:
        return [c for c in self.conditions.values() if self.applies(c.provider_types, provider_id)]

    def questions_for(self, provider_id: str) -> list[Question]:
        """Every question that can be asked of this provider type, in asking order."""
        pt = self.provider_types[provider_id]
        if pt.refusal:
            return []
        found = [q for q in self.questions.values() if self.applies(q.provider_types, provider_id)]
        return sorted(found, key=lambda q: STAGES.index(q.stage))

    def page_url(self, section_id: str) -> str:
        """Site-relative URL of the page that shows a section."""
        return f"beleid/{self.section_page[section_id]}/"

    def anchor_url(self, section_id: str, anchor: str | None = None) -> str:
        return f"{self.page_url(section_id)}#{anchor or section_id}"

    def condition_url(self, condition_id: str) -> str:
        """Where a condition's passage is on the site: its own anchor where the policy
        lists it, else the anchor of the section it is quoted from."""
        listed = self.condition_section.get(condition_id)
        if listed:
            return self.anchor_url(listed, condition_id)
        return self.anchor_url(self.conditions[condition_id].source.section)


def _types(raw: Any) -> tuple[str, ...] | str:
    return ALL if raw == ALL else tuple(raw)


def _condition_question(cond: Condition) -> Question:
    """A condition's yes/no question; the answer in `meets` satisfies it."""
    q = cond.question or {}
    meets = q["meets"]
    options = tuple(Option(value=value, label=label, effect="met" if value == meets else "unmet") for value, label in (("ja", "Ja"), ("nee", "Nee")))
    if cond.stage:
        stage = cond.stage
    elif cond.kind == "expectation":
        stage = "expectations"
    elif cond.provider_types == ALL:
        stage = "general"
    else:
        stage = cond.applies_to
    return Question(
        id=cond.id,
        stage=stage,
        text=q["text"],
        type="choice",
        provider_types=cond.provider_types,
        source=cond.source,
        options=options,
        help=q.get("help"),
        ask_if=cond.ask_if,
        condition=cond,
        note=cond.note,
    )
