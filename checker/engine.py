"""The decision flow and the verdict. Pure functions over a Policy; standard library only.

Why the flow lives in the data: the order of questions follows the stages of the policy,
each question says which provider types it is for and when to ask it (`ask_if`), so a new
condition in next year's YAML is asked without touching this file.

Why the flow carries its decision: whether the mail questions are asked depends on the
outcome, so working out the flow of a complete answer set means deciding it. `flow()`
returns that decision with the questions (`Flow`), and `evaluate()` and `checker.web`
reuse it: one request works out its flow and its decision once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .identifiers import IdentifierCheck, identifier_type
from .model import Condition, Kind, Option, OptionEffect, Policy, ProviderType, Question, RuleOutcome, Stage, Verdict
from .results import (
    PLACEHOLDER,
    ContactItem,
    MessageItem,
    ProviderRef,
    Result,
    arrangement_item,
    condition_item,
    contact_item,
    key_dates,
    question_source,
    step_item,
    type_contact_item,
)
from .terms import terms_json
from .words import ASR_NOTE, RECHECK, STAGE_LABELS, VERDICT_LABELS, VERDICT_SHORT, VERDICT_TEXTS

PROVIDER_KEY = "type"
# The choice to check the conditions anyway after an answer that decides at once (an
# existing contract): kept with the answers, so the URL and the policy tests carry it.
RECHECK_KEY = "nagaan"
RECHECK_YES = "ja"


class AnswerError(ValueError):
    """Answers that cannot be evaluated. `problems` maps question ids to Dutch messages."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


@dataclass
class Decision:
    """The outcome of one answer set, before it is written out as a result."""

    verdict: Verdict
    label: str
    text: str
    unmet: list[Condition] = field(default_factory=list)
    expectations: list[Condition] = field(default_factory=list)
    contacts: list[tuple[Question, Option]] = field(default_factory=list)
    arrangements: list[tuple[Question, Option]] = field(default_factory=list)
    messages: list[tuple[Question, Option]] = field(default_factory=list)
    rule: Condition | None = None
    step_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Flow:
    """The questions a provider is asked given the answers so far, in order, and, once each
    of them is answered, the decision those answers give (None until then)."""

    questions: list[Question]
    decision: Decision | None = None
    # The flow ended at an answer that decides at once (an existing contract), and the
    # provider did not choose to check the conditions anyway.
    short: bool = False

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


@dataclass
class Answers:
    """Answers after checking: the usable ones, the problems, what was dropped, and the
    flow of the usable answers (None without a provider type)."""

    provider: str | None
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    flow: Flow | None = None


def satisfied(ask_if: dict[str, str], values: dict[str, str]) -> bool:
    """Every earlier answer named in an `ask_if` was given as named."""
    return all(values.get(qid) == want for qid, want in ask_if.items())


def asked(question: Question, values: dict[str, str]) -> bool:
    """A question is asked when every earlier answer it depends on was given as named."""
    return satisfied(question.ask_if, values)


def deferred(question: Question) -> bool:
    """What never changes the verdict: an arrangement on top of a contract, or an
    expectation. Asked on one optional page; the verdict is decided without it, and an
    empty answer means the provider left it out."""
    return question.stage == Stage.ARRANGEMENTS or (question.condition is not None and question.condition.kind == Kind.EXPECTATION)


def ends_at_once(question: Question, values: dict[str, str]) -> bool:
    """An answer that decides at once (an existing contract: no action needed) ends the
    questions, unless the provider chose to check the conditions anyway."""
    return _decides_at_once(question, values) and values.get(RECHECK_KEY) != RECHECK_YES


def flow_routers(policy: Policy, provider: str) -> set[str]:
    """The questions whose answer can change which questions come after: those named in an
    `ask_if`, those with an answer that decides at once, and the questions of purchasing
    rules (a rule that applies ends the flow)."""
    routers = {qid for q in policy.questions_for(provider) for qid in q.ask_if}
    routers |= {qid for c in policy.conditions_for(provider) for qid in c.ask_if}
    # An answer that decides at once (an existing contract) ends the questions.
    routers |= {q.id for q in policy.questions_for(provider) if q.decides_at_once}
    return routers | {q.id for q in policy.questions_for(provider) if q.condition is not None and q.condition.kind == Kind.RULE}


def ends_flow(question: Question, value: str | None) -> bool:
    """An answer that makes a purchasing rule apply ends the questions: nothing asked
    after it could change the outcome (e.g. an individual ZZP'er)."""
    if value is None or question.condition is None or question.condition.kind != Kind.RULE:
        return False
    option = question.option(value)
    return option is not None and option.meets is False


def _questions_asked(policy: Policy, provider: str, values: dict[str, str]) -> tuple[list[Question], list[Question], bool]:
    """The questions asked before the mail questions, the mail questions (those that fill a
    placeholder), and whether an answer decided at once (the short route of an existing
    contract: nothing follows). After an answer that ends the questions otherwise (a
    purchasing rule), only the mail questions its outcome needs follow."""
    asked_now: list[Question] = []
    questions = policy.questions_for(provider)
    fillers = [q for q in questions if q.fills]
    for q in questions:
        if q.fills or not asked(q, values):
            continue
        asked_now.append(q)
        if ends_flow(q, values.get(q.id)):
            return asked_now, fillers, False
        if ends_at_once(q, values):
            return asked_now, fillers, True
    return asked_now, fillers, False


def flow(policy: Policy, provider: str, values: dict[str, str]) -> Flow:
    """The questions this provider is asked given the answers so far, in order, with the
    decision once they are all answered.

    Questions that fill a mail placeholder come last, and only when every other question
    is answered and a mail in the outcome uses what they fill."""
    asked_now, fillers, short = _questions_asked(policy, provider, values)
    # What never changes the verdict may still be open: the verdict is decided without it.
    if any(q.id not in values for q in asked_now if not deferred(q)):
        return Flow(asked_now)
    decision = _decide(policy, provider, values, asked_now)
    # After the answer that decides at once nothing more is asked; after any other answer
    # that ends the questions, the mail details still are if the outcome's mail uses them
    # (a purchasing rule met while checking anyway leads to contact, by mail).
    if short or not fillers:
        return Flow(asked_now, decision, short)
    needed = _placeholders_in_steps(policy, decision.step_ids)
    added = [q for q in fillers if q.fills in needed and asked(q, values)]
    # A mail question is typed in, so it does not change the decision; one with options
    # would, and is then decided with the rest.
    if any(q.type == "choice" for q in added):
        decision = _decide(policy, provider, values, asked_now + added)
    return Flow(asked_now + added, decision)


def next_question(policy: Policy, provider: str, values: dict[str, str]) -> Question | None:
    return next((q for q in flow(policy, provider, values).questions if q.id not in values), None)


def check_value(policy: Policy, provider: str, question: Question, raw: Any) -> IdentifierCheck:
    """Validate one answer: an option for a choice, a format for identifiers."""
    if not isinstance(raw, str):
        return IdentifierCheck("", "Dit antwoord is geen tekst.")
    if question.type == "choice":
        if raw == "" and deferred(question):
            return IdentifierCheck("")
        if question.option(raw) is None:
            allowed = ", ".join(o.label for o in question.options)
            return IdentifierCheck(raw, f"Kies een van de antwoorden: {allowed}.")
        return IdentifierCheck(raw)
    if question.optional and not raw.strip():
        return IdentifierCheck("")
    return identifier_type(question.type).check(raw, policy.provider_types[provider].agb_prefix)


def _without_provider(policy: Policy, raw: Any) -> Answers | None:
    """The answers when there is no usable provider type (None when there is one)."""
    if not isinstance(raw, dict):
        return Answers(None, errors={PROVIDER_KEY: "De antwoorden moeten een lijst van vraag en antwoord zijn."})
    provider = raw.get(PROVIDER_KEY)
    if not raw:
        return Answers(None)
    if isinstance(provider, str) and provider in policy.provider_types:
        return None
    message = "Kies eerst welk soort zorgaanbieder u bent."
    if provider is not None:
        message = f"Onbekend soort zorgaanbieder: {str(provider)[:60]!r}. Kies opnieuw."
    return Answers(None, errors={PROVIDER_KEY: message}, dropped=[str(k) for k in raw if k != PROVIDER_KEY])


def _read_pass(policy: Policy, provider: str, walked: Flow, raw: dict[str, Any], result: Answers, routers: set[str]) -> list[Question]:
    """One pass over the flow of the answers read so far: read each answer given for a
    question in it, up to the first that can change the flow. Returns the questions read."""
    read: list[Question] = []
    for question in walked.questions:
        if question.id in result.values or question.id in result.errors or question.id not in raw:
            continue
        checked = check_value(policy, provider, question, raw[question.id])
        if checked.ok:
            result.values[question.id] = checked.value
        else:
            result.errors[question.id] = checked.error or ""
        read.append(question)
        if question.id in routers:
            break
    return read


def _flow_kept(walked: Flow, read: list[Question], routers: set[str]) -> bool:
    """Reading these answers leaves the flow as it was: every other question was answered
    already (the decision is known), and only typed-in mail details were read, which
    neither route nor decide. Then the flow is not worked out again."""
    return walked.decision is not None and all(q.fills and q.type != "choice" and q.id not in routers for q in read)


def read_answers(policy: Policy, raw: dict[str, Any], strict: bool = False) -> Answers:
    """Check a raw answer set (from a URL, a file, a form).

    Lenient (browser): unknown or no-longer-asked ids are dropped and reported, so a
    bookmark from another year still opens. Strict (CLI): they are errors.
    """
    early = _without_provider(policy, raw)
    if early is not None:
        return early
    provider = raw[PROVIDER_KEY]
    result = Answers(provider)
    # Walk the flow as it unfolds, so an answer only counts when its question is asked
    # given the answers before it (a changed early answer can drop later ones).
    # The flow is worked out again only after an answer that can change it (one named in an
    # ask_if, or a purchasing rule's): the checker answers each request in a few passes.
    # The last pass reads nothing (or only mail details), so its flow is the flow of the answers read.
    routers = flow_routers(policy, provider)
    if raw.get(RECHECK_KEY) == RECHECK_YES:
        result.values[RECHECK_KEY] = RECHECK_YES
    walked = flow(policy, provider, result.values)
    while True:
        read = _read_pass(policy, provider, walked, raw, result, routers)
        if not read or _flow_kept(walked, read, routers):
            break
        walked = flow(policy, provider, result.values)
    result.flow = walked
    quiet = _recheck_kept(result, walked, raw)
    result.dropped += [str(key) for key in raw if key not in quiet and key not in result.values and key not in result.errors]
    if strict:
        for key in result.dropped:
            reason = "is geen vraag voor dit soort zorgaanbieder" if key not in policy.questions else "wordt bij deze antwoorden niet gesteld"
            result.errors[key] = f"Vraag {key!r} {reason}."
    return result


def _recheck_kept(result: Answers, walked: Flow, raw: dict[str, Any]) -> set[str]:
    """The choice to check anyway means nothing without the answer that decides at once
    (it was changed): it goes without a message. Returns the keys left out quietly."""
    if RECHECK_KEY in result.values and not any(_decides_at_once(q, result.values) for q in walked.questions):
        del result.values[RECHECK_KEY]
    return {PROVIDER_KEY} | ({RECHECK_KEY} if raw.get(RECHECK_KEY) == RECHECK_YES else set())


def _decides_at_once(question: Question, values: dict[str, str]) -> bool:
    option = question.option(values.get(question.id, ""))
    return option is not None and option.ends_questions


def rule_outcome(rule: Condition) -> RuleOutcome:
    """What a purchasing rule that applies means: its own outcome, or by default no
    contract, in the rule's own words. The one place pages, trees and verdicts ask."""
    return rule.outcome or RuleOutcome(Verdict.NOT_ELIGIBLE, rule.text.rstrip(".") + ".")


@dataclass
class _Tally:
    """What the answers given add up to, before the verdict is drawn from it."""

    rule: Condition | None
    unmet: list[Condition] = field(default_factory=list)
    expectations: list[Condition] = field(default_factory=list)
    contacts: list[tuple[Question, Option]] = field(default_factory=list)
    arrangements: list[tuple[Question, Option]] = field(default_factory=list)
    messages: list[tuple[Question, Option]] = field(default_factory=list)
    routing_steps: list[str] = field(default_factory=list)
    arrangement_steps: list[str] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)

    def add_unmet(self, condition: Condition) -> None:
        """A condition the answer does not meet: a rule applies, an expectation is noted,
        anything else stands in the way of a contract."""
        if condition.kind == Kind.RULE:
            self.rule = condition
        elif condition.kind == Kind.EXPECTATION:
            self.expectations.append(condition)
        else:
            self.unmet.append(condition)

    def add_effect(self, question: Question, option: Option) -> None:
        """What the answer does besides a condition: a reason for contact, an arrangement,
        or a message and next steps of its own."""
        if option.effect == OptionEffect.CONTACT:
            self.contacts.append((question, option))
            self.arrangement_steps.extend(option.next_steps)
        elif option.effect == OptionEffect.ARRANGEMENT:
            self.arrangements.append((question, option))
            self.arrangement_steps.extend(option.next_steps)
        else:
            if option.message:
                self.messages.append((question, option))
            self.routing_steps.extend(option.next_steps)
        self.changes.update(option.outcomes)

    def refusal_turned(self) -> None:
        """In a route where an answer changes what a refusal means (an existing contract,
        checked anyway), a purchasing rule that would refuse counts as a condition not met:
        that answer says what it means (contact a.s.r.), never a refusal."""
        if self.rule is not None and rule_outcome(self.rule).verdict == Verdict.NOT_ELIGIBLE and Verdict.NOT_ELIGIBLE in self.changes:
            self.unmet.append(self.rule)
            self.rule = None


def _tally(policy: Policy, pt: ProviderType, values: dict[str, str], questions: list[Question]) -> _Tally:
    tally = _Tally(policy.conditions[pt.refusal] if pt.refusal else None)
    for question in questions:
        option = question.option(values[question.id]) if question.type == "choice" and question.id in values else None
        if option is None:
            continue
        if question.condition and option.meets is False:
            tally.add_unmet(question.condition)
        tally.add_effect(question, option)
    tally.refusal_turned()
    return tally


def _rule_decision(rule: Condition) -> Decision:
    """A purchasing rule that applies says everything: its own outcome and next steps."""
    outcome = rule_outcome(rule)
    verdict = Verdict(outcome.verdict)
    return Decision(
        verdict=verdict,
        label=VERDICT_LABELS[verdict],
        text=outcome.text,
        unmet=[rule] if verdict == Verdict.NOT_ELIGIBLE else [],
        rule=rule,
        step_ids=list(dict.fromkeys(rule.next_steps)),
    )


def _usual_verdict(pt: ProviderType, tally: _Tally) -> Verdict:
    if tally.unmet:
        return Verdict.NOT_ELIGIBLE
    if tally.contacts:
        return Verdict.CONTACT
    # The type's own reason to get in touch is about applying for a contract. An answer that
    # says what meeting everything means (an existing contract 2023-2024: no action needed)
    # goes first: a contracted provider is never sent to apply.
    if pt.verdict_if_met == Verdict.CONTACT and Verdict.ELIGIBLE not in tally.changes:
        return Verdict.CONTACT
    return Verdict.ELIGIBLE


def _decide(policy: Policy, provider: str, values: dict[str, str], questions: list[Question]) -> Decision:
    """The one place where answers become an outcome. Only what the provider can know is
    asked, so only that decides: what a.s.r. assesses itself never changes the verdict."""
    pt = policy.provider_types[provider]
    tally = _tally(policy, pt, values, questions)
    if tally.rule is not None:
        return _rule_decision(tally.rule)
    verdict = _usual_verdict(pt, tally)
    text = VERDICT_TEXTS[verdict]
    label = VERDICT_LABELS[verdict]
    steps = policy.default_next_steps(verdict)
    if verdict != Verdict.NOT_ELIGIBLE:
        steps += list(pt.next_steps) + tally.routing_steps
    # An answer may change what an outcome means (an existing contract: no refusal).
    change = tally.changes.get(verdict)
    if change is not None:
        verdict = Verdict(change.verdict or verdict)
        label = change.label or VERDICT_LABELS[verdict]
        text = change.text or VERDICT_TEXTS[verdict]
        if change.next_steps is not None:
            steps = list(change.next_steps)
    arrangements, arrangement_steps = tally.arrangements, tally.arrangement_steps
    if verdict == Verdict.NOT_ELIGIBLE:
        # Options on top of a contract mean nothing without one.
        arrangements, arrangement_steps = [], []
    return Decision(
        verdict=verdict,
        label=label,
        text=text,
        unmet=tally.unmet,
        expectations=tally.expectations,
        contacts=tally.contacts,
        arrangements=arrangements,
        messages=tally.messages,
        step_ids=list(dict.fromkeys(steps + arrangement_steps)),
    )


def _placeholders_in_steps(policy: Policy, step_ids: list[str]) -> set[str]:
    """The mail placeholders the next steps of an outcome use."""
    found: set[str] = set()
    for sid in step_ids:
        mailto = policy.next_steps[sid].mailto
        if mailto:
            found |= set(PLACEHOLDER.findall(mailto.subject)) | set(PLACEHOLDER.findall(mailto.body))
    return found


def _contacts(policy: Policy, pt: ProviderType, decision: Decision) -> list[ContactItem]:
    """Why to get in touch: each answer that asks for it, after the provider type's own
    reason when the type always gets in touch and nothing stands in the way."""
    contacts = [contact_item(policy, q, o) for q, o in decision.contacts]
    own = type_contact_item(policy, pt)
    if decision.verdict == Verdict.CONTACT and pt.verdict_if_met == Verdict.CONTACT and own is not None and not decision.unmet:
        contacts.insert(0, own)
    return contacts


def _messages(policy: Policy, decision: Decision) -> list[MessageItem]:
    """What the answers tell the provider; a purchasing rule that applies without refusing
    (e.g. care bought elsewhere) first."""
    messages = [MessageItem(q.id, o.message or "", question_source(policy, q)) for q, o in decision.messages]
    if decision.rule is not None and decision.verdict != Verdict.NOT_ELIGIBLE:
        messages.insert(0, MessageItem(decision.rule.id, decision.rule.text, condition_item(policy, decision.rule).source))
    return messages


def _still_open(policy: Policy, provider: str, values: dict[str, str], decision: Decision) -> tuple[list[Condition], list[Condition]]:
    """What the verdict leaves open: the points a.s.r. judges itself, and the expectations
    that hold for what the provider chose (none when a purchasing rule applies). What a.s.r.
    judges itself is said with every verdict it could still affect."""
    conditions = [] if decision.rule is not None else policy.conditions_for(provider)
    asr = [c for c in conditions if c.blocking and c.by_asr]
    conditional = [c for c in conditions if c.kind == Kind.EXPECTATION and c.question is None and c.ask_if and satisfied(c.ask_if, values)]
    return asr, conditional


def evaluate(policy: Policy, provider: str, values: dict[str, str], walked: Flow | None = None) -> Result:
    """The verdict for a complete answer set. `walked` is the flow of these answers when
    the caller has it already (the browser's request has), so it is not worked out again.

    Raises AnswerError when a question that must be asked has no answer.
    """
    pt = policy.provider_types[provider]
    walked = walked or flow(policy, provider, values)
    missing = {q.id: "Deze vraag is nog niet beantwoord." for q in walked.questions if q.id not in values and not deferred(q)}
    if missing or walked.decision is None:
        raise AnswerError(missing)
    decision = walked.decision
    asr, conditional = _still_open(policy, provider, values, decision)
    return Result(
        year=policy.year,
        provider_type=ProviderRef(pt.id, pt.label),
        verdict=decision.verdict,
        label=decision.label,
        text=decision.text + (ASR_NOTE if asr and decision.verdict == Verdict.ELIGIBLE else ""),
        unmet=[condition_item(policy, c) for c in decision.unmet],
        contacts=_contacts(policy, pt, decision),
        expectations=[condition_item(policy, c) for c in decision.expectations],
        conditional_expectations=[condition_item(policy, c) for c in conditional],
        asr_assesses=[condition_item(policy, c) for c in asr],
        arrangements=[arrangement_item(policy, q, o) for q, o in decision.arrangements],
        messages=_messages(policy, decision),
        next_steps=[step_item(policy, sid, pt, values) for sid in decision.step_ids],
        dates=key_dates(policy, pt, values, decision.step_ids, decision.rule is not None),
    )


def provider_status(policy: Policy, provider: str) -> str:
    """One line for the overview of provider types: what the policy means for this type."""
    pt = policy.provider_types[provider]
    if pt.refusal:
        rule = policy.conditions[pt.refusal]
        if rule.outcome:
            return f"{VERDICT_LABELS[rule.outcome.verdict]}. {rule.outcome.text}"
        return f"Geen contract: {rule.text}."
    conds = policy.conditions_for(provider)
    own = sum(1 for c in conds if c.kind in (Kind.CONDITION, Kind.EXCLUSION) and not c.by_asr)
    asr = sum(1 for c in conds if c.blocking and c.by_asr)
    line = f"{own} voorwaarden die u zelf nagaat; {asr} beoordeelt a.s.r."
    rules = [c for c in conds if c.kind == Kind.RULE]
    return line + "".join(f" Inkoopregel: {c.text}." for c in rules)


@dataclass(frozen=True)
class Effect:
    """What one answer does on its own: words for the decision trees and pages, and a
    tone (ok, warn, contact, stop, elsewhere) for their colour."""

    text: str
    tone: str


# How the trees say which usual outcome an answer changes.
_WHEN_OUTCOME = {Verdict.ELIGIBLE: "als u aan alles voldoet", Verdict.NOT_ELIGIBLE: "als u niet aan alles voldoet", Verdict.CONTACT: "als u contact opneemt"}


def _unmet_effect(policy: Policy, provider: str, condition: Condition) -> Effect:
    """What an answer that does not meet its condition does on its own."""
    if condition.kind == Kind.EXPECTATION:
        return Effect("verwachting niet voldaan (blokkeert geen contract)", "warn")
    # An answer elsewhere may turn a refusal into something else (an existing contract), in
    # the routes where this question is asked (its ask_if allows that answer).
    turned = [
        (o, o.outcomes[Verdict.NOT_ELIGIBLE])
        for q in policy.questions_for(provider)
        for o in q.options
        if Verdict.NOT_ELIGIBLE in o.outcomes and condition.ask_if.get(q.id, o.value) == o.value
    ]
    anyway = " en toch nagaan"
    extra = "".join(f"; bij ‘{o.label}’{anyway if o.ends_questions else ''}: {VERDICT_SHORT[c.verdict or Verdict.NOT_ELIGIBLE]}" for o, c in turned)
    if condition.kind == Kind.RULE:
        verdict = rule_outcome(condition).verdict
        if verdict != Verdict.NOT_ELIGIBLE:
            return Effect(VERDICT_SHORT[verdict] + " (inkoopregel)", verdict)
        return Effect(VERDICT_SHORT[verdict] + " (inkoopregel)" + extra, "stop")
    return Effect(VERDICT_SHORT[Verdict.NOT_ELIGIBLE] + extra, "stop")


def _at_once_effect(option: Option) -> Effect:
    """An answer that decides at once: its outcome now, and what the other outcomes mean
    for a provider who checks the conditions anyway."""
    now = option.outcomes.get(Verdict.ELIGIBLE)
    first = (now.label if now and now.label else None) or VERDICT_LABELS[Verdict.ELIGIBLE]
    later = "".join(f"; {_WHEN_OUTCOME[v]}: {c.label or VERDICT_LABELS[c.verdict or v]}" for v, c in option.outcomes.items() if v != Verdict.ELIGIBLE)
    return Effect(f"meteen: {first}; de voorwaarden alleen bij ‘{RECHECK}’ in de uitslag" + later, "ok")


def answer_effect(policy: Policy, provider: str, question: Question, option: Option) -> Effect:
    """What one answer does on its own, by the same rules `_decide` applies; the trees
    and pages only print it (a test compares it with `evaluate` on real paths)."""
    if question.condition and option.meets is False:
        return _unmet_effect(policy, provider, question.condition)
    if option.effect == OptionEffect.CONTACT:
        return Effect(VERDICT_SHORT[Verdict.CONTACT], "contact")
    if option.effect == OptionEffect.ARRANGEMENT:
        return Effect("afspraak bovenop een contract; de uitslag verandert niet", "ok")
    if option.meets is True:
        return Effect(VERDICT_SHORT[Verdict.ELIGIBLE], "ok")
    if option.ends_questions:
        return _at_once_effect(option)
    changed = "".join(f"; {_WHEN_OUTCOME[v]}: {c.label or VERDICT_LABELS[c.verdict or v]}" for v, c in option.outcomes.items())
    return Effect("ga verder" + changed, "ok")


def question_json(policy: Policy, provider: str | None, question: Question) -> dict[str, Any]:
    """A question as the CLI and the browser show it."""
    data: dict[str, Any] = {
        "id": question.id,
        "stage": question.stage,
        "stage_label": STAGE_LABELS[question.stage],
        "text": question.text,
        "help": question.help,
        "type": question.type,
        "optional": question.optional,
        "options": [{"value": o.value, "label": o.label, "meets": o.meets} for o in question.options],
        "ask_if": question.ask_if or None,
        "note": question.note,
        "source": _source_json(policy, question),
        # The policy's terms this question uses, shown with their meaning under it.
        "terms": terms_json(policy, question.text, question.help, *(o.label for o in question.options)),
    }
    if question.condition:
        data["condition"] = {"id": question.condition.id, "kind": question.condition.kind, "text": question.condition.text}
    # A typed-in answer: its text box as the identifier table has it, so the page and the
    # browser both draw it from this one entry.
    if question.type != "choice":
        kind = identifier_type(question.type)
        data["input"] = {"label": kind.label, "numeric": kind.numeric}
    return data


def _source_json(policy: Policy, question: Question) -> dict[str, str]:
    source = question_source(policy, question)
    return {"section": source.section, "quote": source.quote, "url": source.url}


def provider_question(policy: Policy) -> dict[str, Any]:
    """The first question of every path: which kind of provider are you?"""
    return {
        "id": PROVIDER_KEY,
        "stage": "provider",
        "stage_label": "Soort zorgaanbieder",
        "text": "Welk soort zorgaanbieder bent u?",
        "help": "Kies wat het beste bij uw organisatie past. De voorwaarden verschillen per soort.",
        "type": "choice",
        "optional": False,
        "options": [{"value": pt.id, "label": pt.label, "description": pt.description, "meets": None} for pt in policy.provider_types.values()],
        "ask_if": None,
        "note": None,
        "source": None,
        "terms": terms_json(policy, *(text for pt in policy.provider_types.values() for text in (pt.label, pt.description))),
        "kind": "question",
        # The start step: the checker's own title and intro stand above it.
        "start": True,
    }
