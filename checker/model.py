"""The policy model: the validated YAML of one year, indexed for pages and checker.

Why plain dicts in and dataclasses out: the browser receives the very same dicts as a
JSON bundle, so one constructor serves CPython (after YAML validation) and Pyodide.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
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
    "tests",
)


class Stage(StrEnum):
    """A part of the flow; the checker asks its questions in this order (a stage is a part
    of the policy). StrEnum: the value is the word in the data and the bundle."""

    ROUTE = "route"
    GENERAL = "general"
    ORGANISATION = "organisation"
    PROFESSIONAL = "professional"
    ARRANGEMENTS = "arrangements"
    EXPECTATIONS = "expectations"
    PROCEDURE = "procedure"
    DETAILS = "details"


STAGES = tuple(Stage)


class Kind(StrEnum):
    """What a condition is: a contract condition, a ground for exclusion, an expectation
    (never blocks a contract), or a purchasing rule (carries its own outcome)."""

    CONDITION = "condition"
    EXCLUSION = "exclusion"
    EXPECTATION = "expectation"
    RULE = "rule"


class Verdict(StrEnum):
    """The outcome of the checker, in the engine's order."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    CONTACT = "contact"
    ELSEWHERE = "elsewhere"


class OptionEffect(StrEnum):
    """What an answer does besides meeting or missing a condition."""

    NONE = "none"
    CONTACT = "contact"
    ARRANGEMENT = "arrangement"


# Who judges whether a condition is met: the provider answers a question; a.s.r. judges
# itself (never asked, never decides a verdict on its own, always shown).
ASSESSORS = ("provider", "asr")
ALL = "alle"
# Placeholders every mail may use without a question: the kind of provider.
BUILTIN_PLACEHOLDERS = ("soort",)

# A timeline date's Dutch wording is derived from the date, so a new year never keeps last
# year's "1 november 2023" next to a moved date. The words a date may get in front of it:
DATE_PREFIXES = ("uiterlijk", "vanaf", "op", "")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


def date_phrase(date: str, prefix: str = "", show_year: bool = True) -> str:
    """'2024-11-01', 'uiterlijk', False -> 'uiterlijk 1 november'. Standard library only."""
    year, month, day = (int(part) for part in date.split("-"))
    words = [prefix, str(day), MONTHS[month - 1], str(year) if show_year else ""]
    return " ".join(w for w in words if w)


def timeline_when(item: dict[str, Any]) -> str:
    """The wording of one timeline item (procedure.yaml `timeline`)."""
    return date_phrase(item["date"], item.get("prefix", ""), item.get("show_year", True))


@dataclass(frozen=True)
class Source:
    section: str
    quote: str


@dataclass(frozen=True)
class ProviderType:
    id: str
    label: str
    description: str
    section: str
    # The purchasing rule (kind: rule) by which a.s.r. does not contract this type directly.
    refusal: str | None = None
    verdict_if_met: str = "eligible"
    contact_reason: str | None = None
    agb_prefix: str | None = None
    next_steps: tuple[str, ...] = ()

    @property
    def contractable(self) -> bool:
        """Derived, never typed: a type is contracted directly unless a rule refuses it."""
        return self.refusal is None


@dataclass(frozen=True)
class RuleOutcome:
    """What a purchasing rule means for the provider when it applies."""

    verdict: str
    text: str


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
    assessed_by: str = "provider"
    # Only for rules: the outcome and the next steps when the rule applies.
    outcome: RuleOutcome | None = None
    next_steps: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        """Conditions, exclusions and rules can stand in the way of a contract;
        expectations never do."""
        return self.kind != "expectation"

    @property
    def by_asr(self) -> bool:
        return self.assessed_by == "asr"


@dataclass(frozen=True)
class OutcomeChange:
    """What one answer changes about one usual outcome (e.g. an existing contract turns
    'niet in aanmerking' into 'neem contact op')."""

    verdict: str | None = None
    label: str | None = None
    text: str | None = None
    next_steps: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    # met / unmet (a condition), contact (get in touch), arrangement (an option on top
    # of a contract: the verdict stays), none (routing or information only)
    effect: str = "none"
    contact: str | None = None
    message: str | None = None
    next_steps: tuple[str, ...] = ()
    outcomes: dict[str, OutcomeChange] = field(default_factory=dict)

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
    # The mail placeholder this answer fills ({agb}); asked only where a mail uses it.
    fills: str | None = None

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
    # For whom the step is, and the provider type whose checker the step links to.
    audience: str | None = None
    start: str | None = None


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
                # A condition's quote defaults to its text when the two are the same words.
                source=Source(raw["source"]["section"], raw["source"].get("quote") or raw["text"]),
                question=raw.get("question"),
                stage=raw.get("stage"),
                ask_if=dict(raw.get("ask_if", {})),
                note=raw.get("note"),
                assessed_by=raw.get("assessed_by", "provider"),
                outcome=RuleOutcome(**raw["outcome"]) if raw.get("outcome") else None,
                next_steps=tuple(raw.get("next_steps", ())),
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
                    outcomes={
                        verdict: OutcomeChange(
                            verdict=change.get("verdict"),
                            label=change.get("label"),
                            text=change.get("text"),
                            next_steps=tuple(change["next_steps"]) if "next_steps" in change else None,
                        )
                        for verdict, change in o.get("outcomes", {}).items()
                    },
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
                fills=raw.get("fills"),
            )
        for raw in data["procedure"]["next_steps"]:
            policy.next_steps[raw["id"]] = NextStep(
                id=raw["id"],
                title=raw["title"],
                text=raw["text"],
                source=Source(**raw["source"]) if raw.get("source") else None,
                mailto=raw.get("mailto"),
                audience=raw.get("for"),
                start=raw.get("start"),
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

    # Why accessors: pages and engine read the year's content through the model only, so
    # a change in the file layout is made here and in the loader, nowhere else.
    @property
    def timeline(self) -> list[dict[str, Any]]:
        return self.data["procedure"]["timeline"]

    def timeline_for(self, provider_id: str) -> list[dict[str, Any]]:
        """The timeline entries that apply to one provider type ('alle' when not given)."""
        return [t for t in self.timeline if self.applies(_types(t.get("provider_types", ALL)), provider_id)]

    @property
    def contact_list(self) -> list[dict[str, Any]]:
        return self.data["contacts"]["contacts"]

    @property
    def change_table(self) -> list[dict[str, Any]]:
        return self.data["changes"]["changes"]

    @property
    def test_cases(self) -> list[dict[str, Any]]:
        return list((self.data.get("tests") or {}).get("cases", []))

    def default_next_steps(self, verdict: str) -> list[str]:
        return list(self.data["procedure"]["default_next_steps"].get(verdict, []))

    @cached_property
    def terms(self) -> dict[str, Term]:
        """The policy's terms and abbreviations by id, for the glossary and their links."""
        return {
            raw["id"]: Term(raw["id"], raw["term"], raw["meaning"], Source(**raw["source"]) if raw.get("source") else None)
            for raw in self.data.get("terms", {}).get("terms", ())
        }

    def applies(self, provider_types: tuple[str, ...] | str, provider_id: str) -> bool:
        """Whether a condition or question applies to a provider type. 'alle' means all:
        the policy's "Alle zorgaanbieders" binds every provider, a ZZP cooperative too."""
        if provider_types == ALL:
            return provider_id in self.provider_types
        return provider_id in provider_types

    def conditions_for(self, provider_id: str) -> list[Condition]:
        """What binds this provider type. A type refused by a purchasing rule is bound by
        that rule alone: nothing else can lead to a contract for it."""
        pt = self.provider_types[provider_id]
        if pt.refusal:
            return [self.conditions[pt.refusal]]
        return [c for c in self.conditions.values() if self.applies(c.provider_types, provider_id)]

    def groups_for(self, provider_id: str) -> list[ConditionGroup]:
        """The conditions a provider type sees, grouped as the pages and the checker
        show them. The one place that decides which group a condition belongs to."""
        conds = self.conditions_for(provider_id)
        general = [c for c in conds if c.provider_types == ALL]
        own = [c for c in conds if c.provider_types != ALL]

        def provider_blocking(items: list[Condition], kinds: tuple[str, ...]) -> list[Condition]:
            return [c for c in items if c.kind in kinds and not c.by_asr]

        groups = [
            ConditionGroup("inkoopregels", "Wat a.s.r. bij wie inkoopt", None, [c for c in conds if c.kind == "rule"]),
            ConditionGroup("voor-alle-zorgaanbieders", "Voorwaarden voor alle zorgaanbieders", None, provider_blocking(general, ("condition", "exclusion"))),
            ConditionGroup(
                "voorwaarden-organisatie",
                "Voorwaarden voor de organisatie",
                None,
                [c for c in provider_blocking(own, ("condition", "exclusion")) if c.applies_to == "organisation"],
            ),
            ConditionGroup(
                "voorwaarden-zorgverlener",
                "Voorwaarden voor iedere zorgverlener",
                None,
                [c for c in provider_blocking(own, ("condition", "exclusion")) if c.applies_to == "professional"],
            ),
            ConditionGroup(
                "asr-beoordeelt",
                "a.s.r. beoordeelt daarnaast",
                "Deze punten beoordeelt a.s.r. zelf. De checker vraagt er niet naar; a.s.r. kijkt ernaar als u een overeenkomst aanvraagt.",
                [c for c in conds if c.blocking and c.by_asr],
            ),
            ConditionGroup(
                "verwachtingen",
                "Wat a.s.r. verwacht",
                "Dit blokkeert geen contract.",
                [c for c in conds if c.kind == "expectation" and not c.ask_if],
            ),
            ConditionGroup(
                "verwachtingen-bij-afspraken",
                "Wat a.s.r. verwacht van wie meedoet",
                "Deze verwachtingen gelden alleen voor zorgaanbieders die het betreft. Ze blokkeren geen contract.",
                [c for c in conds if c.kind == "expectation" and c.ask_if],
            ),
        ]
        return [g for g in groups if g.conditions]

    def when_text(self, ask_if: dict[str, str]) -> str:
        """'Alleen als ‘…?’ is beantwoord met Ja.' for a condition or question that
        depends on earlier answers; '' when it always applies."""
        parts = []
        for qid, value in ask_if.items():
            other = self.questions[qid]
            label = next((o.label for o in other.options if o.value == value), value)
            parts.append(f"‘{other.text}’ is beantwoord met {label}")
        return "Alleen als " + " en ".join(parts) + "." if parts else ""

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


@dataclass(frozen=True)
class ConditionGroup:
    """A heading on a provider page and the conditions under it."""

    id: str
    title: str
    intro: str | None
    conditions: list[Condition]


def _types(raw: Any) -> tuple[str, ...] | str:
    return ALL if raw == ALL else tuple(raw)


def _condition_question(cond: Condition) -> Question:
    """A condition's yes/no question; the answer in `meets` satisfies it."""
    q = cond.question or {}
    meets = q["meets"]
    options = tuple(Option(value=value, label=label, effect="met" if value == meets else "unmet") for value, label in (("ja", "Ja"), ("nee", "Nee")))
    if cond.stage:
        stage = cond.stage
    elif cond.kind == "rule":
        stage = "route"
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
