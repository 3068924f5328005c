"""The decision flow and the verdict. Pure functions over a Policy; standard library only.

Why the flow lives in the data: the order of questions follows the stages of the policy,
each question says which provider types it is for and when to ask it (`ask_if`), so a new
condition in next year's YAML is asked without touching this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .identifiers import IdentifierCheck, check_agb, check_big, check_kvk, check_text
from .model import BUILTIN_PLACEHOLDERS, Condition, Option, Policy, Question, RuleOutcome
from .terms import terms_json
from .words import ASR_NOTE, KIND_LABELS, STAGE_LABELS, VERDICT_LABELS, VERDICT_SHORT, VERDICT_TEXTS

PROVIDER_KEY = "type"
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class AnswerError(ValueError):
    """Answers that cannot be evaluated. `problems` maps question ids to Dutch messages."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


@dataclass
class Answers:
    """Answers after checking: the usable ones, the problems, and what was dropped."""

    provider: str | None
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def satisfied(ask_if: dict[str, str], values: dict[str, str]) -> bool:
    """Every earlier answer named in an `ask_if` was given as named."""
    return all(values.get(qid) == want for qid, want in ask_if.items())


def asked(question: Question, values: dict[str, str]) -> bool:
    """A question is asked when every earlier answer it depends on was given as named."""
    return satisfied(question.ask_if, values)


def flow_routers(policy: Policy, provider: str) -> set[str]:
    """The questions whose answer can change which questions come after: those named in an
    `ask_if`, and the questions of purchasing rules (a rule that applies ends the flow)."""
    routers = {qid for q in policy.questions_for(provider) for qid in q.ask_if}
    routers |= {qid for c in policy.conditions_for(provider) for qid in c.ask_if}
    return routers | {q.id for q in policy.questions_for(provider) if q.condition is not None and q.condition.kind == "rule"}


def ends_flow(question: Question, value: str | None) -> bool:
    """An answer that makes a purchasing rule apply ends the questions: nothing asked
    after it could change the outcome (e.g. an individual ZZP'er)."""
    if value is None or question.condition is None or question.condition.kind != "rule":
        return False
    option = question.option(value)
    return option is not None and option.meets is False


def flow(policy: Policy, provider: str, values: dict[str, str]) -> list[Question]:
    """The questions this provider is asked given the answers so far, in order.

    Questions that fill a mail placeholder come last, and only when every other question
    is answered and a mail in the outcome uses what they fill."""
    asked_now: list[Question] = []
    fillers: list[Question] = []
    for q in policy.questions_for(provider):
        if q.fills:
            fillers.append(q)
            continue
        if not asked(q, values):
            continue
        asked_now.append(q)
        if ends_flow(q, values.get(q.id)):
            return asked_now
    if fillers and all(q.id in values for q in asked_now):
        needed = _placeholders(policy, _decide(policy, provider, values, asked_now).step_ids)
        asked_now += [q for q in fillers if q.fills in needed and asked(q, values)]
    return asked_now


def next_question(policy: Policy, provider: str, values: dict[str, str]) -> Question | None:
    return next((q for q in flow(policy, provider, values) if q.id not in values), None)


def check_value(policy: Policy, provider: str, question: Question, raw: Any) -> IdentifierCheck:
    """Validate one answer: an option for a choice, a format for identifiers."""
    if not isinstance(raw, str):
        return IdentifierCheck("", "Dit antwoord is geen tekst.")
    if question.type == "choice":
        if question.option(raw) is None:
            allowed = ", ".join(o.label for o in question.options)
            return IdentifierCheck(raw, f"Kies een van de antwoorden: {allowed}.")
        return IdentifierCheck(raw)
    if question.optional and not raw.strip():
        return IdentifierCheck("")
    if question.type == "agb":
        return check_agb(raw, policy.provider_types[provider].agb_prefix)
    if question.type == "kvk":
        return check_kvk(raw)
    if question.type == "big":
        return check_big(raw)
    return check_text(raw)


def read_answers(policy: Policy, raw: dict[str, Any], strict: bool = False) -> Answers:
    """Check a raw answer set (from a URL, a file, a form).

    Lenient (browser): unknown or no-longer-asked ids are dropped and reported, so a
    bookmark from another year still opens. Strict (CLI): they are errors.
    """
    if not isinstance(raw, dict):
        return Answers(None, errors={PROVIDER_KEY: "De antwoorden moeten een lijst van vraag en antwoord zijn."})
    provider = raw.get(PROVIDER_KEY)
    if not raw:
        return Answers(None)
    if not isinstance(provider, str) or provider not in policy.provider_types:
        message = "Kies eerst welk soort zorgaanbieder u bent."
        if provider is not None:
            message = f"Onbekend soort zorgaanbieder: {str(provider)[:60]!r}. Kies opnieuw."
        return Answers(None, errors={PROVIDER_KEY: message}, dropped=[str(k) for k in raw if k != PROVIDER_KEY])
    result = Answers(provider)
    # Walk the flow as it unfolds, so an answer only counts when its question is asked
    # given the answers before it (a changed early answer can drop later ones).
    # The flow is worked out again only after an answer that can change it (one named in an
    # ask_if, or a purchasing rule's): the checker answers each request in a few passes.
    routers = flow_routers(policy, provider)
    progressed = True
    while progressed:
        progressed = False
        for question in flow(policy, provider, result.values):
            if question.id in result.values or question.id in result.errors or question.id not in raw:
                continue
            checked = check_value(policy, provider, question, raw[question.id])
            if checked.ok:
                result.values[question.id] = checked.value
            else:
                result.errors[question.id] = checked.error or ""
            progressed = True
            if question.id in routers:
                break
    for key in raw:
        if key != PROVIDER_KEY and key not in result.values and key not in result.errors:
            result.dropped.append(str(key))
    if strict and result.dropped:
        for key in result.dropped:
            reason = "is geen vraag voor dit soort zorgaanbieder" if key not in policy.questions else "wordt bij deze antwoorden niet gesteld"
            result.errors[key] = f"Vraag {key!r} {reason}."
    return result


@dataclass
class Decision:
    """The outcome of one answer set, before it is written out as JSON."""

    verdict: str
    label: str
    text: str
    unmet: list[Condition] = field(default_factory=list)
    expectations: list[Condition] = field(default_factory=list)
    contacts: list[tuple[Question, Option]] = field(default_factory=list)
    arrangements: list[tuple[Question, Option]] = field(default_factory=list)
    messages: list[tuple[Question, Option]] = field(default_factory=list)
    rule: Condition | None = None
    step_ids: list[str] = field(default_factory=list)


def rule_outcome(rule: Condition) -> RuleOutcome:
    """What a purchasing rule that applies means: its own outcome, or by default no
    contract, in the rule's own words. The one place pages, trees and verdicts ask."""
    return rule.outcome or RuleOutcome("not_eligible", rule.text.rstrip(".") + ".")


def _decide(policy: Policy, provider: str, values: dict[str, str], questions: list[Question]) -> Decision:
    """The one place where answers become an outcome. Only what the provider can know is
    asked, so only that decides: what a.s.r. assesses itself never changes the verdict."""
    pt = policy.provider_types[provider]
    rule = policy.conditions[pt.refusal] if pt.refusal else None
    unmet: list[Condition] = []
    expectations: list[Condition] = []
    contacts: list[tuple[Question, Option]] = []
    arrangements: list[tuple[Question, Option]] = []
    messages: list[tuple[Question, Option]] = []
    routing_steps: list[str] = []
    arrangement_steps: list[str] = []
    changes = {}
    for question in questions:
        option = question.option(values[question.id]) if question.type == "choice" and question.id in values else None
        if option is None:
            continue
        cond = question.condition
        if cond and option.meets is False:
            if cond.kind == "rule":
                rule = cond
            elif cond.kind == "expectation":
                expectations.append(cond)
            else:
                unmet.append(cond)
        if option.effect == "contact":
            contacts.append((question, option))
            arrangement_steps.extend(option.next_steps)
        elif option.effect == "arrangement":
            arrangements.append((question, option))
            arrangement_steps.extend(option.next_steps)
        else:
            if option.message:
                messages.append((question, option))
            routing_steps.extend(option.next_steps)
        changes.update(option.outcomes)

    # A purchasing rule that applies says everything: its own outcome and next steps.
    if rule is not None:
        outcome = rule_outcome(rule)
        verdict = outcome.verdict
        return Decision(
            verdict=verdict,
            label=VERDICT_LABELS[verdict],
            text=outcome.text,
            unmet=[rule] if verdict == "not_eligible" else [],
            rule=rule,
            step_ids=list(dict.fromkeys(rule.next_steps)),
        )

    if unmet:
        verdict = "not_eligible"
    elif contacts or pt.verdict_if_met == "contact":
        verdict = "contact"
    else:
        verdict = "eligible"
    text = VERDICT_TEXTS[verdict]
    label = VERDICT_LABELS[verdict]
    steps = policy.default_next_steps(verdict)
    if verdict != "not_eligible":
        steps += list(pt.next_steps) + routing_steps
    # An answer may change what an outcome means (an existing contract: no refusal).
    change = changes.get(verdict)
    if change is not None:
        verdict = change.verdict or verdict
        label = change.label or VERDICT_LABELS[verdict]
        text = change.text or VERDICT_TEXTS[verdict]
        if change.next_steps is not None:
            steps = list(change.next_steps)
    if verdict == "not_eligible":
        # Options on top of a contract mean nothing without one.
        arrangements, arrangement_steps = [], []
    return Decision(
        verdict=verdict,
        label=label,
        text=text,
        unmet=unmet,
        expectations=expectations,
        contacts=contacts,
        arrangements=arrangements,
        messages=messages,
        step_ids=list(dict.fromkeys(steps + arrangement_steps)),
    )


def _placeholders(policy: Policy, step_ids: list[str]) -> set[str]:
    """The mail placeholders the next steps of an outcome use."""
    found: set[str] = set()
    for sid in step_ids:
        mailto = policy.next_steps[sid].mailto
        if mailto:
            found |= set(PLACEHOLDER.findall(mailto["subject"])) | set(PLACEHOLDER.findall(mailto["body"]))
    return found


def evaluate(policy: Policy, provider: str, values: dict[str, str]) -> dict[str, Any]:
    """The verdict for a complete answer set, as plain JSON-ready data.

    Raises AnswerError when a question that must be asked has no answer.
    """
    pt = policy.provider_types[provider]
    questions = flow(policy, provider, values)
    missing = {q.id: "Deze vraag is nog niet beantwoord." for q in questions if q.id not in values}
    if missing:
        raise AnswerError(missing)
    decision = _decide(policy, provider, values, questions)
    verdict = decision.verdict
    contacts = [_contact_item(policy, q, o) for q, o in decision.contacts]
    if verdict == "contact" and pt.verdict_if_met == "contact" and pt.contact_reason and not decision.unmet:
        contacts.insert(0, {"id": pt.id, "text": pt.contact_reason, "contact": None, "source": None})
    messages = [{"id": q.id, "text": o.message, "source": _source(policy, q)} for q, o in decision.messages]
    if decision.rule is not None and verdict != "not_eligible":
        messages.insert(0, {"id": decision.rule.id, "text": decision.rule.text, "source": _condition_item(policy, decision.rule.id)["source"]})
    refused = decision.rule is not None
    # What a.s.r. judges itself is said with every verdict it could still affect.
    asr = [] if refused else [c for c in policy.conditions_for(provider) if c.blocking and c.by_asr]
    conditional = (
        []
        if refused
        else [c for c in policy.conditions_for(provider) if c.kind == "expectation" and c.question is None and c.ask_if and satisfied(c.ask_if, values)]
    )
    text = decision.text + (ASR_NOTE if asr and verdict == "eligible" else "")
    return {
        "year": policy.year,
        "provider_type": {"id": pt.id, "label": pt.label},
        "verdict": verdict,
        "verdict_label": decision.label,
        "verdict_text": text,
        "unmet": [_condition_item(policy, c.id) for c in decision.unmet],
        "contacts": contacts,
        "expectations": [_condition_item(policy, c.id) for c in decision.expectations],
        "conditional_expectations": [_condition_item(policy, c.id) for c in conditional],
        "asr_assesses": [_condition_item(policy, c.id) for c in asr],
        "arrangements": [_arrangement_item(policy, q, o) for q, o in decision.arrangements],
        "messages": messages,
        "next_steps": [_step_item(policy, sid, pt.label, values) for sid in decision.step_ids],
    }


def provider_status(policy: Policy, provider: str) -> str:
    """One line for the overview of provider types: what the policy means for this type."""
    pt = policy.provider_types[provider]
    if pt.refusal:
        rule = policy.conditions[pt.refusal]
        if rule.outcome:
            return f"{VERDICT_LABELS[rule.outcome.verdict]}. {rule.outcome.text}"
        return f"Geen contract: {rule.text}."
    conds = policy.conditions_for(provider)
    own = sum(1 for c in conds if c.kind in ("condition", "exclusion") and not c.by_asr)
    asr = sum(1 for c in conds if c.blocking and c.by_asr)
    line = f"{own} voorwaarden die u zelf nagaat; {asr} beoordeelt a.s.r."
    rules = [c for c in conds if c.kind == "rule"]
    return line + "".join(f" Inkoopregel: {c.text}." for c in rules)


@dataclass(frozen=True)
class Effect:
    """What one answer does on its own: words for the decision trees and pages, and a
    tone (ok, warn, contact, stop, elsewhere) for their colour."""

    text: str
    tone: str


def answer_effect(policy: Policy, provider: str, question: Question, option: Option) -> Effect:
    """What one answer does on its own, by the same rules `_decide` applies; the trees
    and pages only print it (a test compares it with `evaluate` on real paths)."""
    cond = question.condition
    if cond and option.meets is False:
        if cond.kind == "expectation":
            return Effect("verwachting niet voldaan (blokkeert geen contract)", "warn")
        if cond.kind == "rule":
            verdict = rule_outcome(cond).verdict
            return Effect(VERDICT_SHORT[verdict] + " (inkoopregel)", "stop" if verdict == "not_eligible" else verdict)
        # An answer elsewhere may turn this refusal into something else (an existing contract).
        turned = [(o, o.outcomes["not_eligible"]) for q in policy.questions_for(provider) for o in q.options if "not_eligible" in o.outcomes]
        extra = "".join(f"; bij ‘{o.label}’: {VERDICT_SHORT[c.verdict or 'not_eligible']}" for o, c in turned)
        return Effect(VERDICT_SHORT["not_eligible"] + extra, "stop")
    if option.effect == "contact":
        return Effect(VERDICT_SHORT["contact"], "contact")
    if option.effect == "arrangement":
        return Effect("afspraak bovenop een contract; de uitslag verandert niet", "ok")
    if option.meets is True:
        return Effect(VERDICT_SHORT["eligible"], "ok")
    when = {"eligible": "als u aan alles voldoet", "not_eligible": "als u niet aan alles voldoet", "contact": "als u contact opneemt"}
    changed = "".join(f"; {when[v]}: {c.label or VERDICT_LABELS[c.verdict or v]}" for v, c in option.outcomes.items())
    return Effect("ga verder" + changed, "ok")


def _source(policy: Policy, question: Question) -> dict[str, str]:
    url = policy.condition_url(question.condition.id) if question.condition else policy.anchor_url(question.source.section)
    return {"section": question.source.section, "quote": question.source.quote, "url": url}


def _condition_item(policy: Policy, condition_id: str) -> dict[str, Any]:
    cond = policy.conditions[condition_id]
    return {
        "id": cond.id,
        "kind": cond.kind,
        "kind_label": KIND_LABELS[cond.kind],
        "applies_to": cond.applies_to,
        "assessed_by": cond.assessed_by,
        "text": cond.text,
        "note": cond.note,
        "source": {
            "section": cond.source.section,
            "quote": cond.source.quote,
            "url": policy.condition_url(cond.id),
        },
    }


def _contact_json(policy: Policy, contact_id: str | None) -> dict[str, Any] | None:
    contact = policy.contacts.get(contact_id) if contact_id else None
    if contact is None:
        return None
    return {k: getattr(contact, k) for k in ("id", "topic", "who", "email", "phone", "url") if getattr(contact, k)}


def _contact_item(policy: Policy, question: Question, option: Option) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": option.message or question.text,
        "contact": _contact_json(policy, option.contact),
        "source": _source(policy, question),
    }


def _arrangement_item(policy: Policy, question: Question, option: Option) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": question.text,
        "message": option.message,
        "contact": _contact_json(policy, option.contact),
        "source": _source(policy, question),
    }


def fill_mail(template: str, fill: dict[str, str]) -> str:
    """Put answers into a mail template. Only plain {name} placeholders are replaced (the
    loader allows no others), so a template can never run format specs."""
    return PLACEHOLDER.sub(lambda m: fill.get(m.group(1), m.group(0)), template)


def _step_item(policy: Policy, step_id: str, provider_label: str, values: dict[str, str]) -> dict[str, Any]:
    step = policy.next_steps[step_id]
    item: dict[str, Any] = {"id": step.id, "title": step.title, "text": step.text, "for": step.audience}
    if step.source:
        item["source"] = {
            "section": step.source.section,
            "quote": step.source.quote,
            "url": policy.anchor_url(step.source.section),
        }
    if step.start:
        label = policy.provider_types[step.start].label
        item["start"] = {"type": step.start, "label": f"Start de checker als {label[0].lower() + label[1:]}", "url": f"checker/#type={step.start}"}
    if step.mailto:
        fill = dict.fromkeys(BUILTIN_PLACEHOLDERS, provider_label)
        for q in policy.questions.values():
            if q.fills:
                fill[q.fills] = values.get(q.id) or f"[{q.fills}: niet ingevuld]"
        subject = fill_mail(step.mailto["subject"], fill)
        body = fill_mail(step.mailto["body"], fill)
        item["mailto"] = {
            "to": step.mailto["to"],
            "subject": subject,
            "body": body,
            "href": f"mailto:{step.mailto['to']}?subject={quote(subject)}&body={quote(body)}",
        }
    return item


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
        "source": _source(policy, question),
        # The policy's terms this question uses, shown with their meaning under it.
        "terms": terms_json(policy, question.text, question.help, *(o.label for o in question.options)),
    }
    if question.condition:
        data["condition"] = {"id": question.condition.id, "kind": question.condition.kind, "text": question.condition.text}
    return data


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
    }
