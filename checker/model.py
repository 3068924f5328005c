"""The policy model: the validated YAML of one year, indexed for pages and checker.

Why plain dicts in and dataclasses out: the browser receives the very same dicts as a
JSON bundle, so one constructor serves CPython (after YAML validation) and Pyodide.
Every dataclass names its fields after the YAML keys (`meta.title` is `title:` in
meta.yaml) and is built by its own `from_data`. Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from .urls import quote

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
# The stages of what a provider may agree on top of a contract, and of the application:
# asked of everyone, never a condition; the provider page lists them apart.
ARRANGEMENT_STAGES = (Stage.ARRANGEMENTS, Stage.PROCEDURE)


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
    """What an answer does besides meeting or missing a condition. MET and UNMET are the
    answers of a condition's own yes/no question (the model makes those, the data never)."""

    NONE = "none"
    CONTACT = "contact"
    ARRANGEMENT = "arrangement"
    MET = "met"
    UNMET = "unmet"


# What an answer's effect says about its condition (None: the answer routes, it meets nothing).
_MEETS: dict[OptionEffect, bool] = {OptionEffect.MET: True, OptionEffect.UNMET: False}


class Status(StrEnum):
    """Whether a policy year is adopted (published) or still a draft."""

    DEFINITIVE = "definitief"
    CONCEPT = "concept"


# Who judges whether a condition is met: the provider answers a question; a.s.r. judges
# itself (never asked, never decides a verdict on its own, always shown).
ASSESSORS = ("provider", "asr")
ALL = "alle"
# Placeholders every mail may use without a question: the kind of provider.
# {soort}: the provider type's name; {zorg}: the kind of care it asks a contract for
# (the title of its section in the policy, or of its care_section).
BUILTIN_PLACEHOLDERS = ("soort", "zorg")

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
    """The wording of one timeline item as the data has it (procedure.yaml `timeline`),
    for code that compares the raw items of two years (`TimelineItem.when` in the model)."""
    return date_phrase(item["date"], item.get("prefix", ""), item.get("show_year", True))


def named_types(raw: Any) -> tuple[str, ...] | str:
    """'alle' or the tuple of provider type ids a condition, question or date names."""
    return ALL if raw == ALL else tuple(raw)


def _ids(raw: Any) -> tuple[str, ...] | None:
    """An optional list of ids as a tuple; None when the key is absent (not the same as [])."""
    return None if raw is None else tuple(raw)


@dataclass(frozen=True)
class Source:
    section: str
    quote: str

    @classmethod
    def from_data(cls, raw: dict[str, Any] | None) -> Source | None:
        return cls(**raw) if raw else None


# -- the text of the policy ---------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Block:
    """One block of a section: exactly one of p, list, conditions, table, note, or a flag
    that shows the timeline, contacts, changes or legal entities there (sections.yaml)."""

    id: str | None = None
    p: str | None = None
    list: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    table: Table | None = None
    timeline: bool = False
    contacts: bool = False
    changes: bool = False
    entities: bool = False
    note: str | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Block:
        table = raw.get("table")
        return cls(
            id=raw.get("id"),
            p=raw.get("p"),
            list=tuple(raw.get("list", ())),
            conditions=tuple(raw.get("conditions", ())),
            table=Table(tuple(table["columns"]), tuple(tuple(row) for row in table["rows"])) if table else None,
            timeline=bool(raw.get("timeline", False)),
            contacts=bool(raw.get("contacts", False)),
            changes=bool(raw.get("changes", False)),
            entities=bool(raw.get("entities", False)),
            note=raw.get("note"),
        )


@dataclass(frozen=True)
class Section:
    """A part of the policy text with its blocks and subsections; a top-level section is
    a page of the site."""

    id: str
    title: str
    nav_title: str | None = None
    summary: str | None = None
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Section:
        return cls(
            id=raw["id"],
            title=raw["title"],
            nav_title=raw.get("nav_title"),
            summary=raw.get("summary"),
            blocks=tuple(Block.from_data(b) for b in raw.get("blocks", ())),
            sections=tuple(cls.from_data(s) for s in raw.get("sections", ())),
        )


@dataclass(frozen=True)
class LegalEntity:
    name: str
    kvk: str
    city: str
    note: str | None = None


@dataclass(frozen=True)
class SourceDocument:
    """The published document the policy text is taken from (meta.yaml `source`)."""

    file: str
    title: str
    note: str | None = None


@dataclass(frozen=True)
class Licence:
    """The licence for reuse that a.s.r. states (meta.yaml `licence`); none unless it states one."""

    name: str
    stated_in: str
    url: str | None = None


@dataclass(frozen=True)
class Acknowledgement:
    """An old text of a new year that stays, with the reason (meta.yaml `review.accepted`)."""

    text: str
    reason: str
    file: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class MetaReview:
    """The acknowledged old texts of a new year (meta.yaml `review`)."""

    accepted: tuple[Acknowledgement, ...] = ()


@dataclass(frozen=True)
class Meta:
    """Who, what, which year and the status of one policy year (meta.yaml)."""

    year: int
    status: Status
    title: str
    insurer: str
    domain: str
    legal_entities: tuple[LegalEntity, ...]
    source: SourceDocument
    published: str | None = None
    address: tuple[str, ...] = ()
    website: str | None = None
    review: MetaReview = MetaReview()
    licence: Licence | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Meta:
        review = raw.get("review") or {}
        return cls(
            year=int(raw["year"]),
            status=Status(raw["status"]),
            title=raw["title"],
            insurer=raw["insurer"],
            domain=raw["domain"],
            legal_entities=tuple(LegalEntity(**e) for e in raw["legal_entities"]),
            source=SourceDocument(**raw["source"]),
            published=raw.get("published"),
            address=tuple(raw.get("address", ())),
            website=raw.get("website"),
            review=MetaReview(tuple(Acknowledgement(**a) for a in review.get("accepted", ()))),
            licence=Licence(**raw["licence"]) if raw.get("licence") else None,
        )


def address_link(address: str) -> str:
    """'mailto:' and one address, built from its parts (local part, @, domain), each
    percent-encoded. Why by parts: an address is never pasted into a link, so a '?', '&' or
    ',' that slipped into one cannot add a recipient or a header; it stays part of the address.
    The one place a mailto: link starts (pages, checker screens)."""
    local, _, domain = address.rpartition("@")
    return f"mailto:{quote(local, safe='')}@{quote(domain, safe='')}"


@dataclass(frozen=True)
class Contact:
    """Who a provider reaches for what (contacts.yaml)."""

    id: str
    topic: str
    who: str
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    in_table: bool = False
    source: Source | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Contact:
        return cls(**{**raw, "source": Source.from_data(raw.get("source"))})

    @property
    def mailto(self) -> str | None:
        """The e-mail address as a mailto: link (see `address_link`)."""
        return address_link(self.email) if self.email else None

    @property
    def tel(self) -> str | None:
        """The phone number as a tel: link, Dutch numbers in international form
        ('030 123 45 67' -> 'tel:+31301234567'). The one place such a link is made."""
        if not self.phone:
            return None
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return f"tel:+31{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"


@dataclass(frozen=True)
class TimelineItem:
    """A date of the purchasing procedure (procedure.yaml `timeline`)."""

    id: str
    what: str
    who: str
    date: str
    source: Source
    prefix: str = ""
    show_year: bool = True
    in_table: bool = False
    # For whom the date holds: 'alle' or provider type ids (the box on their pages).
    provider_types: tuple[str, ...] | str = ALL
    # Answers after which the date no longer matters to the provider, e.g. an existing
    # contract 2023-2024 ({"gecontracteerd-vorig-jaar": "ja"}): the result leaves it out.
    not_if: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> TimelineItem:
        return cls(
            **{
                **raw,
                "source": Source(**raw["source"]),
                "provider_types": named_types(raw.get("provider_types", ALL)),
                "not_if": dict(raw.get("not_if", {})),
            }
        )

    def matters(self, values: dict[str, str]) -> bool:
        """Whether the date matters after these answers (no answer in `not_if` given)."""
        return not any(values.get(qid) == value for qid, value in self.not_if.items())

    @property
    def when(self) -> str:
        """The date as the policy words it: 'uiterlijk 1 november' (derived, never typed)."""
        return date_phrase(self.date, self.prefix, self.show_year)

    @property
    def when_with_year(self) -> str:
        """The date said once, always with its year, as the start of a line:
        'Uiterlijk 1 november 2023'."""
        phrase = date_phrase(self.date, self.prefix, True)
        return phrase[:1].upper() + phrase[1:]


@dataclass(frozen=True)
class ChangeRow:
    """A row of the policy's own table of main changes since last year (changes.yaml)."""

    id: str
    topic: str
    change: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    section: str | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> ChangeRow:
        return cls(id=raw["id"], topic=raw["topic"], change=tuple(raw["change"]), conditions=tuple(raw.get("conditions", ())), section=raw.get("section"))


@dataclass(frozen=True)
class PolicyCase:
    """One policy test (tests.yaml): answers and what the policy says they give. A list
    left out (None) is not checked; an empty list means "none"."""

    name: str
    type: str
    verdict: Verdict
    answers: dict[str, str] = field(default_factory=dict)
    label: str | None = None
    unmet: tuple[str, ...] | None = None
    contacts: tuple[str, ...] | None = None
    arrangements: tuple[str, ...] | None = None
    expectations: tuple[str, ...] | None = None
    conditional_expectations: tuple[str, ...] | None = None
    asr_assesses: tuple[str, ...] | None = None
    next_steps: tuple[str, ...] = ()
    not_next_steps: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    not_asked: tuple[str, ...] = ()
    first_question: str | None = None
    mentions: tuple[str, ...] = ()
    not_mentions: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> PolicyCase:
        lists = {key: tuple(value) for key, value in raw.items() if isinstance(value, list)}
        return cls(**{**raw, **lists, "verdict": Verdict(raw["verdict"]), "answers": dict(raw.get("answers", {}))})


# -- provider types, conditions and questions ---------------------------------------------


@dataclass(frozen=True)
class ProviderType:
    id: str
    label: str
    description: str
    section: str
    # The purchasing rule (kind: rule) by which a.s.r. does not contract this type directly.
    refusal: str | None = None
    verdict_if_met: Verdict = Verdict.ELIGIBLE
    contact_reason: str | None = None
    agb_prefix: str | None = None
    next_steps: tuple[str, ...] = ()
    # A shorter name for the site's menu, when the data gives one.
    nav_title: str | None = None
    # The name in a running sentence ("bij verloskundigen, kraamzorg en …"), when the data gives one.
    plural: str | None = None
    # The section whose title names the kind of care, when the type's own section does not
    # (ZZP'ers: the policy places them in its part on kraamzorg).
    care_section: str | None = None
    # The passage contact_reason rests on.
    contact_source: Source | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> ProviderType:
        return cls(
            **{
                **raw,
                "verdict_if_met": Verdict(raw.get("verdict_if_met", Verdict.ELIGIBLE)),
                "next_steps": tuple(raw.get("next_steps", ())),
                "contact_source": Source.from_data(raw.get("contact_source")),
            },
        )

    @property
    def contractable(self) -> bool:
        """Derived, never typed: a type is contracted directly unless a rule refuses it."""
        return self.refusal is None


@dataclass(frozen=True)
class RuleOutcome:
    """What a purchasing rule means for the provider when it applies."""

    verdict: Verdict
    text: str


@dataclass(frozen=True)
class ConditionQuestion:
    """The yes/no question that checks a condition; the answer `meets` satisfies it."""

    text: str
    meets: str
    help: str | None = None


@dataclass(frozen=True)
class Condition:
    id: str
    kind: Kind
    provider_types: tuple[str, ...] | str
    applies_to: str
    text: str
    source: Source
    question: ConditionQuestion | None = None
    stage: Stage | None = None
    ask_if: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    assessed_by: str = "provider"
    # Only for rules: the outcome and the next steps when the rule applies.
    outcome: RuleOutcome | None = None
    next_steps: tuple[str, ...] = ()
    # What must hold, as a statement, where the text is none (an exclusion); the checker
    # lists the statements of one stage on one page.
    statement: str | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Condition:
        outcome, question = raw.get("outcome"), raw.get("question")
        return cls(
            id=raw["id"],
            kind=Kind(raw["kind"]),
            provider_types=named_types(raw["provider_types"]),
            applies_to=raw["applies_to"],
            text=raw["text"],
            # A condition's quote defaults to its text when the two are the same words.
            source=Source(raw["source"]["section"], raw["source"].get("quote") or raw["text"]),
            question=ConditionQuestion(**question) if question else None,
            stage=Stage(raw["stage"]) if raw.get("stage") else None,
            ask_if=dict(raw.get("ask_if", {})),
            note=raw.get("note"),
            assessed_by=raw.get("assessed_by", "provider"),
            outcome=RuleOutcome(Verdict(outcome["verdict"]), outcome["text"]) if outcome else None,
            next_steps=tuple(raw.get("next_steps", ())),
            statement=raw.get("statement"),
        )

    @property
    def blocking(self) -> bool:
        """Conditions, exclusions and rules can stand in the way of a contract;
        expectations never do."""
        return self.kind != Kind.EXPECTATION

    @property
    def by_asr(self) -> bool:
        return self.assessed_by == "asr"

    @property
    def checked_by_provider(self) -> bool:
        """A contract condition or ground for exclusion the provider checks (answers) itself."""
        return self.kind in (Kind.CONDITION, Kind.EXCLUSION) and not self.by_asr


@dataclass(frozen=True)
class OutcomeChange:
    """What one answer changes about one usual outcome (e.g. an existing contract turns
    'niet in aanmerking' into 'neem contact op')."""

    verdict: Verdict | None = None
    label: str | None = None
    text: str | None = None
    next_steps: tuple[str, ...] | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> OutcomeChange:
        return cls(
            verdict=Verdict(raw["verdict"]) if raw.get("verdict") else None,
            label=raw.get("label"),
            text=raw.get("text"),
            next_steps=tuple(raw["next_steps"]) if "next_steps" in raw else None,
        )


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    # met / unmet (a condition), contact (get in touch), arrangement (an option on top
    # of a contract: the verdict stays), none (routing or information only)
    effect: OptionEffect = OptionEffect.NONE
    contact: str | None = None
    message: str | None = None
    next_steps: tuple[str, ...] = ()
    outcomes: dict[Verdict, OutcomeChange] = field(default_factory=dict)
    # This answer decides at once (an existing contract: no action needed); what follows is
    # asked only when the provider chooses to check it anyway.
    ends_questions: bool = False

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Option:
        return cls(
            value=raw["value"],
            label=raw["label"],
            effect=OptionEffect(raw.get("effect", OptionEffect.NONE)),
            contact=raw.get("contact"),
            message=raw.get("message"),
            next_steps=tuple(raw.get("next_steps", ())),
            outcomes={Verdict(verdict): OutcomeChange.from_data(change) for verdict, change in raw.get("outcomes", {}).items()},
            ends_questions=bool(raw.get("ends_questions", False)),
        )

    @property
    def meets(self) -> bool | None:
        """True/False for a condition's answer, None for a routing answer."""
        return _MEETS.get(self.effect)


@dataclass(frozen=True)
class Question:
    id: str
    stage: Stage
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

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Question:
        return cls(
            id=raw["id"],
            stage=Stage(raw["stage"]),
            text=raw["text"],
            type=raw["type"],
            provider_types=named_types(raw["provider_types"]),
            source=Source(**raw["source"]),
            options=tuple(Option.from_data(o) for o in raw.get("options", ())),
            help=raw.get("help"),
            optional=bool(raw.get("optional", False)),
            ask_if=dict(raw.get("ask_if", {})),
            note=raw.get("note"),
            fills=raw.get("fills"),
        )

    @classmethod
    def for_condition(cls, cond: Condition) -> Question:
        """A condition's yes/no question; the answer in `meets` satisfies it."""
        asked = cond.question
        assert asked is not None
        options = tuple(
            Option(value=value, label=label, effect=OptionEffect.MET if value == asked.meets else OptionEffect.UNMET)
            for value, label in (("ja", "Ja"), ("nee", "Nee"))
        )
        return cls(
            id=cond.id,
            stage=_condition_stage(cond),
            text=asked.text,
            type="choice",
            provider_types=cond.provider_types,
            source=cond.source,
            options=options,
            help=asked.help,
            ask_if=cond.ask_if,
            condition=cond,
            note=cond.note,
        )

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def decides_at_once(self) -> bool:
        """An answer to this question can end the questions at once (an existing contract)."""
        return any(o.ends_questions for o in self.options)


def _condition_stage(cond: Condition) -> Stage:
    """Where a condition's question is asked, unless the data says: rules first, then what
    binds all, the organisation and each professional, expectations last."""
    if cond.stage:
        return cond.stage
    if cond.kind == Kind.RULE:
        return Stage.ROUTE
    if cond.kind == Kind.EXPECTATION:
        return Stage.EXPECTATIONS
    if cond.provider_types == ALL:
        return Stage.GENERAL
    return Stage(cond.applies_to)


@dataclass(frozen=True)
class Term:
    """An abbreviation or term of the policy and what it means (terms.yaml)."""

    id: str
    term: str
    meaning: str
    source: Source | None = None

    @classmethod
    def from_data(cls, raw: dict[str, Any]) -> Term:
        return cls(raw["id"], raw["term"], raw["meaning"], Source.from_data(raw.get("source")))


@dataclass(frozen=True)
class Mail:
    """A step's prepared mail (procedure.yaml `mailto`): to whom, and the subject and body
    with their {placeholders}. The data names the contact by id; the address is resolved
    here, so it is typed once, in contacts.yaml."""

    contact: str
    to: str
    subject: str
    body: str

    @classmethod
    def from_data(cls, raw: dict[str, Any], contacts: dict[str, Contact]) -> Mail:
        # An unknown contact is the loader's to report (rule mail-contacts); the model is
        # also built while the rules run, so it must not fail on one.
        contact = contacts.get(raw["contact"])
        return cls(raw["contact"], (contact.email if contact else None) or "", raw["subject"], raw["body"])

    @property
    def address_link(self) -> str:
        """mailto: with the address alone, for a page that shows where the mail goes."""
        return address_link(self.to)


@dataclass(frozen=True)
class NextStep:
    id: str
    title: str
    text: str
    source: Source | None = None
    mailto: Mail | None = None
    # For whom the step is, and the provider type whose checker the step links to.
    audience: str | None = None
    start: str | None = None
    # The policy names no last date for this step (e.g. applying as a new provider).
    no_deadline: bool = False

    @classmethod
    def from_data(cls, raw: dict[str, Any], contacts: dict[str, Contact]) -> NextStep:
        return cls(
            id=raw["id"],
            title=raw["title"],
            text=raw["text"],
            source=Source.from_data(raw.get("source")),
            mailto=Mail.from_data(raw["mailto"], contacts) if raw.get("mailto") else None,
            audience=raw.get("for"),
            start=raw.get("start"),
            no_deadline=bool(raw.get("no_deadline", False)),
        )


# -- groups: the one place that decides under which heading something is shown -------------


@dataclass(frozen=True)
class ConditionGroup:
    """A heading on a provider page and the conditions under it."""

    id: str
    title: str
    intro: str | None
    conditions: list[Condition]


@dataclass(frozen=True)
class _GroupRule:
    id: str
    title: str
    intro: str | None
    holds: Callable[[Condition], bool]


def _own(cond: Condition, applies_to: str) -> bool:
    return cond.provider_types != ALL and cond.checked_by_provider and cond.applies_to == applies_to


# The groups of a provider page, in their order; a condition may be in more than one.
CONDITION_GROUPS = (
    _GroupRule("inkoopregels", "Wat a.s.r. bij wie inkoopt", None, lambda c: c.kind == Kind.RULE),
    _GroupRule("voor-alle-zorgaanbieders", "Voorwaarden voor alle zorgaanbieders", None, lambda c: c.provider_types == ALL and c.checked_by_provider),
    _GroupRule("voorwaarden-organisatie", "Voorwaarden voor de organisatie", None, lambda c: _own(c, "organisation")),
    _GroupRule("voorwaarden-zorgverlener", "Voorwaarden voor iedere zorgverlener", None, lambda c: _own(c, "professional")),
    _GroupRule(
        "asr-beoordeelt",
        "a.s.r. beoordeelt daarnaast",
        "Deze punten beoordeelt a.s.r. zelf. De checker vraagt er niet naar; a.s.r. kijkt ernaar als u een overeenkomst aanvraagt.",
        lambda c: c.blocking and c.by_asr,
    ),
    _GroupRule("verwachtingen", "Wat a.s.r. verwacht", "Dit blokkeert geen contract.", lambda c: c.kind == Kind.EXPECTATION and not c.ask_if),
    _GroupRule(
        "verwachtingen-bij-afspraken",
        "Wat a.s.r. verwacht van wie meedoet",
        "Deze verwachtingen gelden alleen voor zorgaanbieders die het betreft. Ze blokkeren geen contract.",
        lambda c: c.kind == Kind.EXPECTATION and bool(c.ask_if),
    ),
)

T = TypeVar("T")


@dataclass(frozen=True)
class AudienceGroup(Generic[T]):
    """A heading on the page of changes between two years: everyone, or one provider
    type, with the changes that concern it."""

    id: str
    title: str
    items: list[T]


# -- the policy year ------------------------------------------------------------------------


@dataclass
class Policy:
    """One policy year. `data` is the validated content of its files, by file name; it is
    what the browser bundle sends. Everything else reads the typed fields."""

    data: dict[str, Any] = field(repr=False)
    meta: Meta = field(repr=False)
    year: int = 0
    provider_types: dict[str, ProviderType] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    next_steps: dict[str, NextStep] = field(default_factory=dict)
    # The next steps of each usual outcome (procedure.yaml `default_next_steps`).
    verdict_steps: dict[Verdict, tuple[str, ...]] = field(default_factory=dict)
    timeline: tuple[TimelineItem, ...] = ()
    contacts: dict[str, Contact] = field(default_factory=dict)
    changes: tuple[ChangeRow, ...] = ()
    terms: dict[str, Term] = field(default_factory=dict)
    # The policy tests (tests.yaml); the browser bundle leaves them out.
    cases: tuple[PolicyCase, ...] = ()
    # The top-level sections in data order (each a page), and every section by id.
    top_sections: tuple[Section, ...] = ()
    sections: dict[str, Section] = field(default_factory=dict)
    # section id -> id of the top-level section (the page it is on)
    section_page: dict[str, str] = field(default_factory=dict)
    # section id -> parent section id (None at top level)
    section_parent: dict[str, str | None] = field(default_factory=dict)
    # condition id -> section id whose blocks list it
    condition_section: dict[str, str] = field(default_factory=dict)
    # The questions and conditions per provider type, worked out once: the checker asks for
    # them many times per answer. Each is kept with the dict it was read from, so a dict
    # that was replaced (only tests do that) is read anew.
    _per_provider: dict[tuple[str, str], tuple[object, tuple[Any, ...]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Policy:
        meta = Meta.from_data(data["meta"])
        procedure = data["procedure"]
        contacts: dict[str, Contact] = _by_id(Contact.from_data(raw) for raw in data["contacts"]["contacts"])
        policy = cls(
            data=data,
            meta=meta,
            year=meta.year,
            provider_types=_by_id(ProviderType.from_data(raw) for raw in data["provider_types"]["provider_types"]),
            conditions=_by_id(Condition.from_data(raw) for raw in data["conditions"]["conditions"]),
            next_steps=_by_id(NextStep.from_data(raw, contacts) for raw in procedure["next_steps"]),
            verdict_steps={Verdict(verdict): tuple(ids) for verdict, ids in procedure["default_next_steps"].items()},
            timeline=tuple(TimelineItem.from_data(raw) for raw in procedure["timeline"]),
            contacts=contacts,
            changes=tuple(ChangeRow.from_data(raw) for raw in data["changes"]["changes"]),
            terms=_by_id(Term.from_data(raw) for raw in data.get("terms", {}).get("terms", ())),
            cases=tuple(PolicyCase.from_data(raw) for raw in (data.get("tests") or {}).get("cases", ())),
            top_sections=tuple(Section.from_data(raw) for raw in data["sections"]["sections"]),
        )
        policy._index_sections(policy.top_sections, None, None)
        # A condition's own question is asked where the condition stands in the data,
        # before the questions of questions.yaml.
        policy.questions = {c.id: Question.for_condition(c) for c in policy.conditions.values() if c.question}
        policy.questions |= _by_id(Question.from_data(raw) for raw in data["questions"]["questions"])
        return policy

    def _index_sections(self, sections: Sequence[Section], page: str | None, parent: str | None) -> None:
        for section in sections:
            sid = section.id
            self.sections[sid] = section
            self.section_page[sid] = page or sid
            self.section_parent[sid] = parent
            for block in section.blocks:
                for cid in block.conditions:
                    self.condition_section.setdefault(cid, sid)
            self._index_sections(section.sections, page or sid, sid)

    # -- lookups used by both the pages and the checker --------------------------------

    def timeline_for(self, provider_id: str) -> list[TimelineItem]:
        """The timeline entries that apply to one provider type ('alle' when not given)."""
        return [t for t in self.timeline if self.applies(t.provider_types, provider_id)]

    def default_next_steps(self, verdict: str) -> list[str]:
        return list(self.verdict_steps.get(Verdict(verdict), ()))

    def applies(self, provider_types: tuple[str, ...] | str, provider_id: str) -> bool:
        """Whether a condition or question applies to a provider type. 'alle' means all:
        the policy's "Alle zorgaanbieders" binds every provider, a ZZP cooperative too."""
        if provider_types == ALL:
            return provider_id in self.provider_types
        return provider_id in provider_types

    def _per_type(self, kind: str, provider_id: str, source: object, work: Callable[[], list[T]]) -> list[T]:
        kept = self._per_provider.get((kind, provider_id))
        if kept is None or kept[0] is not source:
            kept = (source, tuple(work()))
            self._per_provider[(kind, provider_id)] = kept
        return list(kept[1])

    def conditions_for(self, provider_id: str) -> list[Condition]:
        """What binds this provider type. A type refused by a purchasing rule is bound by
        that rule alone: nothing else can lead to a contract for it."""
        return self._per_type("conditions", provider_id, self.conditions, lambda: self._conditions_for(provider_id))

    def _conditions_for(self, provider_id: str) -> list[Condition]:
        pt = self.provider_types[provider_id]
        if pt.refusal:
            return [self.conditions[pt.refusal]]
        return [c for c in self.conditions.values() if self.applies(c.provider_types, provider_id)]

    def groups_for(self, provider_id: str) -> list[ConditionGroup]:
        """The conditions a provider type sees, grouped as the pages and the checker
        show them. The one place that decides which group a condition belongs to."""
        conds = self.conditions_for(provider_id)
        groups = [ConditionGroup(rule.id, rule.title, rule.intro, [c for c in conds if rule.holds(c)]) for rule in CONDITION_GROUPS]
        return [g for g in groups if g.conditions]

    def audience_groups(self, previous: Policy, items: Sequence[T], named: Callable[[T], tuple[Any, ...]]) -> list[AudienceGroup[T]]:
        """Changes between `previous` and this year by whom they concern: first those that
        bind all providers in either year, then each provider type of either year (data
        order) with its own. `named(item)` gives the provider_types the item has in each
        year (None where it is absent). Empty groups are left out."""
        general = [i for i in items if ALL in named(i)]
        groups = [AudienceGroup("alle-zorgaanbieders", "Alle zorgaanbieders", general)]
        for pid, pt in (dict(previous.provider_types) | dict(self.provider_types)).items():
            own = [i for i in items if i not in general and any(pid in (types or ()) for types in named(i))]
            groups.append(AudienceGroup(pid, pt.label, own))
        return [g for g in groups if g.items]

    def only_when_text(self, ask_if: dict[str, str]) -> str:
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
        return self._per_type("questions", provider_id, self.questions, lambda: self._questions_for(provider_id))

    def _questions_for(self, provider_id: str) -> list[Question]:
        pt = self.provider_types[provider_id]
        if pt.refusal:
            return []
        found = [q for q in self.questions.values() if self.applies(q.provider_types, provider_id)]
        # Within a stage, a question with an answer that ends the questions at once (an
        # existing contract: no action needed) comes first: for that provider every question
        # before it would be asked for nothing. Otherwise the data's order.
        return sorted(found, key=lambda q: (STAGES.index(q.stage), not q.decides_at_once))

    def route_questions(self, provider_id: str) -> list[Question]:
        """The questions the checker asks first, about the provider's situation: what to
        do depends on their answers."""
        return [q for q in self.questions_for(provider_id) if q.stage == Stage.ROUTE]

    def arrangement_questions(self, provider_id: str) -> list[Question]:
        """The questions about surcharges, special arrangements and the application: no
        condition of a contract, so the provider page lists them apart."""
        return [q for q in self.questions_for(provider_id) if q.condition is None and q.stage in ARRANGEMENT_STAGES]

    def care(self, provider_id: str) -> str:
        """The kind of care a provider type asks a contract for ("voor welke geboortezorg u
        een overeenkomst wilt ontvangen"): derived from the policy's section title, never typed."""
        pt = self.provider_types[provider_id]
        return self.sections[pt.care_section or pt.section].title

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


def _by_id(items: Iterable[Any]) -> dict[str, Any]:
    """Items by their id, in data order."""
    return {item.id: item for item in items}
