"""What the checker decides for one complete answer set, as typed values, and the one place
that turns such a result into JSON.

Why dataclasses inside and JSON only at the edge: the policy tests, the year comparison and
the path walker read a verdict and its parts as attributes, so a misspelt key is an error
and not a silent None; only the browser's entry point (`checker.web`) and the command line's
`check` write a result out, both through `result_json`, so they give the very same JSON.

Every part of a result (a condition that is not met, a contact, a message, a next step)
carries the passage of the policy it comes from (`SourceLink`), or says why it has none.
Standard library only (runs in Pyodide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from .model import Condition, Kind, Mail, Option, Policy, ProviderType, Question, Source, Verdict, address_link
from .urls import quote
from .words import DATES_NAMED, KIND_LABELS, NO_DEADLINE

# A mail placeholder such as {agb}: plain names only, never format specs.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def _json_name(name: str) -> dict[str, str]:
    """Field metadata: the key this field has in the JSON (when it differs from its name)."""
    return {"json": name}


# Field metadata: the key is left out of the JSON when the value is empty (None, "").
OMIT_EMPTY = {"omit_empty": True}


@dataclass(frozen=True)
class SourceLink:
    """The passage of the policy a part of the result comes from, and where it is on the site."""

    section: str
    quote: str
    url: str


@dataclass(frozen=True)
class ProviderRef:
    id: str
    label: str


@dataclass(frozen=True)
class ConditionItem:
    """A condition as a result lists it: not met, an expectation, or what a.s.r. assesses."""

    id: str
    kind: Kind
    kind_label: str
    applies_to: str
    assessed_by: str
    text: str
    note: str | None
    source: SourceLink


@dataclass(frozen=True)
class ContactDetails:
    """Who to get in touch with; only the details the policy gives are written out."""

    id: str = field(metadata=OMIT_EMPTY)
    topic: str | None = field(default=None, metadata=OMIT_EMPTY)
    who: str | None = field(default=None, metadata=OMIT_EMPTY)
    email: str | None = field(default=None, metadata=OMIT_EMPTY)
    phone: str | None = field(default=None, metadata=OMIT_EMPTY)
    url: str | None = field(default=None, metadata=OMIT_EMPTY)


@dataclass(frozen=True)
class ContactItem:
    """Why the provider gets in touch with a.s.r.: an answer, or the provider type itself
    (then without contact details, with the passage of its contact_source)."""

    id: str
    text: str
    contact: ContactDetails | None
    source: SourceLink


@dataclass(frozen=True)
class ArrangementItem:
    """An arrangement on top of a contract that the provider chose."""

    id: str
    text: str
    message: str | None
    contact: ContactDetails | None
    source: SourceLink


@dataclass(frozen=True)
class MessageItem:
    """Something an answer (or a purchasing rule that applies) tells the provider."""

    id: str
    text: str
    source: SourceLink


@dataclass(frozen=True)
class StartLink:
    """A next step that starts the checker again as another provider type."""

    type: str
    label: str
    url: str


@dataclass(frozen=True)
class MailLink:
    """A prepared mail to a.s.r., with the provider's answers filled in."""

    to: str
    subject: str
    body: str
    href: str


@dataclass(frozen=True)
class StepItem:
    id: str
    title: str
    text: str
    audience: str | None = field(metadata=_json_name("for"))
    source: SourceLink | None = field(default=None, metadata=OMIT_EMPTY)
    start: StartLink | None = field(default=None, metadata=OMIT_EMPTY)
    mailto: MailLink | None = field(default=None, metadata=OMIT_EMPTY)


@dataclass(frozen=True)
class DateItem:
    """A date of the timeline that matters for this result, worded from the date itself."""

    id: str
    date: str
    when: str
    what: str
    who: str
    source: SourceLink


@dataclass(frozen=True)
class KeyDates:
    """Belangrijke data: the dates for this provider type and route, and, when a step has
    no last date in the policy, a sentence that says so."""

    note: str | None = field(default=None, metadata=OMIT_EMPTY)
    items: list[DateItem] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    """The verdict for a complete answer set and everything the provider reads with it."""

    year: int
    provider_type: ProviderRef
    verdict: Verdict
    label: str = field(metadata=_json_name("verdict_label"))
    text: str = field(metadata=_json_name("verdict_text"))
    unmet: list[ConditionItem]
    contacts: list[ContactItem]
    expectations: list[ConditionItem]
    conditional_expectations: list[ConditionItem]
    asr_assesses: list[ConditionItem]
    arrangements: list[ArrangementItem]
    messages: list[MessageItem]
    next_steps: list[StepItem]
    dates: KeyDates = field(default_factory=KeyDates)


def _plain(value: Any) -> Any:
    """A result part as JSON-ready data: fields in their order, under their JSON names."""
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    shape = _shape(type(value))
    if shape is None:
        return value
    out: dict[str, Any] = {}
    for name, json_name, omit_empty in shape:
        item = getattr(value, name)
        if not (omit_empty and not item):
            out[json_name] = _plain(item)
    return out


# Per result class: (field, JSON name, left out when empty) for each field, in order; None
# for what is not a dataclass. Read once per class: a result has hundreds of parts.
_SHAPES: dict[type, tuple[tuple[str, str, bool], ...] | None] = {}


def _shape(kind: type) -> tuple[tuple[str, str, bool], ...] | None:
    if kind not in _SHAPES:
        _SHAPES[kind] = (
            tuple((f.name, f.metadata.get("json", f.name), bool(f.metadata.get("omit_empty"))) for f in fields(kind)) if is_dataclass(kind) else None
        )
    return _SHAPES[kind]


def result_json(result: Result) -> dict[str, Any]:
    """The result as the browser and the command line get it (JSON-ready data)."""
    return _plain(result)


# -- the parts of a result, each with the passage it comes from --------------------------------


def question_source(policy: Policy, question: Question) -> SourceLink:
    """A question's passage: its condition's place in the policy, else its section."""
    url = policy.condition_url(question.condition.id) if question.condition else policy.anchor_url(question.source.section)
    return SourceLink(question.source.section, question.source.quote, url)


def condition_item(policy: Policy, condition: Condition) -> ConditionItem:
    return ConditionItem(
        id=condition.id,
        kind=Kind(condition.kind),
        kind_label=KIND_LABELS[condition.kind],
        applies_to=condition.applies_to,
        assessed_by=condition.assessed_by,
        text=condition.text,
        note=condition.note,
        source=SourceLink(condition.source.section, condition.source.quote, policy.condition_url(condition.id)),
    )


def contact_details(policy: Policy, contact_id: str | None) -> ContactDetails | None:
    contact = policy.contacts.get(contact_id) if contact_id else None
    if contact is None:
        return None
    return ContactDetails(**{k: getattr(contact, k) for k in ("id", "topic", "who", "email", "phone", "url") if getattr(contact, k)})


def source_link(policy: Policy, source: Source) -> SourceLink:
    """A passage and where its section is on the site."""
    return SourceLink(source.section, source.quote, policy.anchor_url(source.section))


def contact_item(policy: Policy, question: Question, option: Option) -> ContactItem:
    return ContactItem(question.id, option.message or question.text, contact_details(policy, option.contact), question_source(policy, question))


def type_contact_item(policy: Policy, pt: ProviderType) -> ContactItem | None:
    """The provider type's own reason to get in touch (verdict_if_met: contact), with the
    passage it rests on; None when the type has none."""
    if not pt.contact_reason or pt.contact_source is None:
        return None
    return ContactItem(pt.id, pt.contact_reason, None, source_link(policy, pt.contact_source))


def arrangement_item(policy: Policy, question: Question, option: Option) -> ArrangementItem:
    return ArrangementItem(question.id, question.text, option.message, contact_details(policy, option.contact), question_source(policy, question))


def fill_mail(template: str, fill: dict[str, str]) -> str:
    """Put answers into a mail template. Only plain {name} placeholders are replaced (the
    loader allows no others), so a template can never run format specs."""
    return PLACEHOLDER.sub(lambda m: fill.get(m.group(1), m.group(0)), template)


def mail_href(address: str, subject: str, body: str) -> str:
    """The mailto: link, built from its parts: the one address (`address_link`), then
    ?subject= and &body=, each percent-encoded. An address that slipped past the loader
    ('a@b.nl?bcc=…') therefore cannot add a recipient: its ?, & and = stay in the address."""
    return f"{address_link(address)}?subject={quote(subject)}&body={quote(body)}"


def _mail(policy: Policy, mail: Mail, pt: ProviderType, values: dict[str, str]) -> MailLink:
    """A step's mail with the provider type, its kind of care and the answers that fill its
    placeholders (the built-in ones are checker.model.BUILTIN_PLACEHOLDERS)."""
    fill = {"soort": pt.label, "zorg": policy.care(pt.id)}
    for q in policy.questions.values():
        if q.fills:
            fill[q.fills] = values.get(q.id) or f"[{q.fills}: niet ingevuld]"
    subject = fill_mail(mail.subject, fill)
    body = fill_mail(mail.body, fill)
    return MailLink(mail.to, subject, body, mail_href(mail.to, subject, body))


def step_item(policy: Policy, step_id: str, pt: ProviderType, values: dict[str, str]) -> StepItem:
    step = policy.next_steps[step_id]
    source = source_link(policy, step.source) if step.source else None
    start = None
    if step.start:
        label = policy.provider_types[step.start].label
        start = StartLink(step.start, f"Start de checker als {label[0].lower() + label[1:]}", f"checker/#type={step.start}")
    mailto = _mail(policy, step.mailto, pt, values) if step.mailto else None
    return StepItem(step.id, step.title, step.text, step.audience, source, start, mailto)


def key_dates(policy: Policy, pt: ProviderType, values: dict[str, str], step_ids: list[str], by_rule: bool) -> KeyDates:
    """The dates of the timeline for this provider type and its route (a date with a
    `not_if` the answers meet is left out), and the steps of the result that the policy
    gives no last date. None when a purchasing rule decided: there is no procedure then."""
    if by_rule:
        return KeyDates()
    items = [DateItem(t.id, t.date, t.when_with_year, t.what, t.who, source_link(policy, t.source)) for t in policy.timeline_for(pt.id) if t.matters(values)]
    open_ended = [policy.next_steps[sid].title for sid in step_ids if policy.next_steps[sid].no_deadline]
    if not open_ended:
        return KeyDates(None, items)
    note = " ".join(NO_DEADLINE.format(step=title) for title in open_ended)
    return KeyDates(f"{note} {DATES_NAMED}" if items else note, items)
