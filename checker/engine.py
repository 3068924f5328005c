"""The decision flow and the verdict. Pure functions over a Policy; standard library only.

Why the flow lives in the data: the order of questions follows the stages of the policy,
each question says which provider types it is for and when to ask it (`ask_if`), so a new
condition in next year's YAML is asked without touching this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .identifiers import IdentifierCheck, check_agb, check_big, check_kvk, check_text
from .model import KIND_LABELS, STAGE_LABELS, Policy, Question
from .terms import terms_json

PROVIDER_KEY = "type"
VERDICTS = ("eligible", "not_eligible", "contact")
VERDICT_LABELS = {
    "eligible": "U voldoet aan de voorwaarden voor een contract",
    "not_eligible": "U komt nu niet in aanmerking voor een contract",
    "contact": "Neem contact op met a.s.r.",
}


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


def asked(question: Question, values: dict[str, str]) -> bool:
    """A question is asked when every earlier answer it depends on was given as named."""
    return all(values.get(qid) == want for qid, want in question.ask_if.items())


def flow(policy: Policy, provider: str, values: dict[str, str]) -> list[Question]:
    """The questions this provider is asked given the answers so far, in order."""
    return [q for q in policy.questions_for(provider) if asked(q, values)]


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
    by_id = {q.id: q for q in policy.questions_for(provider)}
    # Walk in asking order, so an answer only counts when the question is really asked.
    for question in by_id.values():
        if question.id not in raw or not asked(question, result.values):
            continue
        checked = check_value(policy, provider, question, raw[question.id])
        if checked.ok:
            result.values[question.id] = checked.value
        else:
            result.errors[question.id] = checked.error or ""
    for key in raw:
        if key != PROVIDER_KEY and key not in result.values and key not in result.errors:
            result.dropped.append(str(key))
    if strict and result.dropped:
        for key in result.dropped:
            reason = "is geen vraag voor dit soort zorgaanbieder" if key not in policy.questions else "wordt bij deze antwoorden niet gesteld"
            result.errors[key] = f"Vraag {key!r} {reason}."
    return result


def evaluate(policy: Policy, provider: str, values: dict[str, str]) -> dict[str, Any]:
    """The verdict for a complete answer set, as plain JSON-ready data.

    Raises AnswerError when a question that must be asked has no answer.
    """
    pt = policy.provider_types[provider]
    questions = flow(policy, provider, values)
    missing = {q.id: "Deze vraag is nog niet beantwoord." for q in questions if q.id not in values}
    if missing:
        raise AnswerError(missing)

    unmet: list[dict[str, Any]] = []
    expectations: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    option_steps: list[str] = []
    if pt.refusal:
        unmet.append(_condition_item(policy, pt.refusal))
    for question in questions:
        option = question.option(values[question.id]) if question.type == "choice" else None
        if option is None:
            continue
        if question.condition and option.meets is False:
            item = _condition_item(policy, question.condition.id)
            (unmet if question.condition.blocking else expectations).append(item)
        if option.effect == "contact":
            contacts.append(_contact_item(policy, question, option))
        elif option.message:
            messages.append({"id": question.id, "text": option.message, "source": _source(policy, question)})
        option_steps.extend(option.next_steps)

    if unmet:
        verdict = "not_eligible"
    elif contacts or pt.verdict_if_met == "contact":
        verdict = "contact"
    else:
        verdict = "eligible"
    if verdict == "contact" and pt.verdict_if_met == "contact" and pt.contact_reason:
        contacts.insert(0, {"id": pt.id, "text": pt.contact_reason, "contact": None, "source": None})

    steps = list(policy.data["procedure"]["default_next_steps"][verdict]) + list(pt.next_steps)
    if verdict != "not_eligible":
        steps += option_steps
    return {
        "year": policy.year,
        "provider_type": {"id": pt.id, "label": pt.label},
        "verdict": verdict,
        "verdict_label": VERDICT_LABELS[verdict],
        "unmet": unmet,
        "expectations": expectations,
        "contacts": contacts,
        "messages": messages,
        "next_steps": [_step_item(policy, sid, pt.label, values) for sid in dict.fromkeys(steps)],
    }


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
        "text": cond.text,
        "note": cond.note,
        "source": {
            "section": cond.source.section,
            "quote": cond.source.quote,
            "url": policy.condition_url(cond.id),
        },
    }


def _contact_item(policy: Policy, question: Question, option: Any) -> dict[str, Any]:
    contact = policy.contacts.get(option.contact) if option.contact else None
    return {
        "id": question.id,
        "text": option.message or question.text,
        "contact": contact,
        "source": _source(policy, question),
    }


def _step_item(policy: Policy, step_id: str, provider_label: str, values: dict[str, str]) -> dict[str, Any]:
    step = policy.next_steps[step_id]
    item: dict[str, Any] = {"id": step.id, "title": step.title, "text": step.text}
    if step.source:
        item["source"] = {
            "section": step.source.section,
            "quote": step.source.quote,
            "url": policy.anchor_url(step.source.section),
        }
    if step.mailto:
        fill = {
            "agb": values.get("agb-code") or "[uw AGB-code]",
            "praktijknaam": values.get("praktijknaam") or "[uw praktijknaam]",
            "soort": provider_label,
        }
        subject = step.mailto["subject"].format(**fill)
        body = step.mailto["body"].format(**fill)
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
