"""Compare two policy years by stable id: what a provider should know changed.

Why by id: the purchasing team copies last year's folder and edits it, keeping ids, so
an id present in both years is the same rule; a changed text is a rewording, a changed
`source.section` is a move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.engine import evaluate
from checker.model import Policy, ProviderType, Verdict, named_types, timeline_when
from checker.words import KIND_LABELS

from .paths import complete, filler, paths, routing_ids

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
                if raw and provider in pol.provider_types and pol.applies(named_types(raw["provider_types"]), provider):
                    out.append(c)
                    break
        return out

    def changed_condition_ids(self) -> set[str]:
        return {c.id for c in self.by_area("conditions") if c.kind in ("added", "changed", "moved")}


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
    return {sid: {"id": sid, "title": s.title, "blocks": list(s.blocks)} for sid, s in policy.sections.items()}


def compare(old: Policy, new: Policy) -> PolicyDiff:
    diff = PolicyDiff(old.year, new.year)
    d_old, d_new = old.data, new.data
    diff.changes += _compare("provider_types", _by_id(d_old["provider_types"]["provider_types"]), _by_id(d_new["provider_types"]["provider_types"]))
    diff.changes += _compare("conditions", _by_id(_conditions(d_old)), _by_id(_conditions(d_new)), list(CONDITION_FIELDS))
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
    """Dates compared as month and day: a policy year later, 1 November is still 1 November.
    The wording ("uiterlijk 1 november") is derived from the date, so it is compared without the year."""
    return [{**t, "when": timeline_when({**t, "show_year": False}), "date_shifted": t["date"][5:]} for t in timeline]


def _conditions(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Conditions compared by where they are in the policy, not by their quote: a quote
    may be left out (it defaults to the text), and the text itself is compared anyway."""
    return [{**c, "source": {"section": c["source"]["section"]}} for c in data["conditions"]["conditions"]]


# -- what changes for providers: the outcome of the same answers in both years ---------------

# Short Dutch words for a verdict in a sentence ("was niet in aanmerking, wordt in aanmerking").
OUTCOME_WORDS = {
    Verdict.ELIGIBLE: "in aanmerking",
    Verdict.NOT_ELIGIBLE: "niet in aanmerking",
    Verdict.CONTACT: "contact met a.s.r.",
    Verdict.ELSEWHERE: "elders ingekocht",
}


@dataclass(frozen=True)
class ComparedOutcome:
    """What a provider sees of a result that can change between years: the verdict and
    which conditions block (compared by id only; texts are the diff's other part)."""

    verdict: Verdict
    unmet: frozenset[str]

    def words(self) -> str:
        text = OUTCOME_WORDS.get(self.verdict, self.verdict)
        return text + (f" ({', '.join(f'`{u}`' for u in sorted(self.unmet))})" if self.unmet else "")


@dataclass(frozen=True)
class OutcomeDifference:
    """Answers (what sets them apart from the favourable path) whose outcome differs
    between two years."""

    provider: str
    provider_label: str
    chosen: tuple[tuple[str, str], ...]  # (question id, answer value)
    answers: tuple[tuple[str, str], ...]  # (question text, answer label)
    old: ComparedOutcome
    new: ComparedOutcome

    def line(self) -> str:
        """One Dutch line: the answers, then was … wordt …."""
        given = "; ".join(f"*{q}* {a}" for q, a in self.answers) or "Met de gunstige antwoorden op alle vragen"
        return f"{given}: was {self.old.words()}, wordt {self.new.words()}"


def _outcome(policy: Policy, provider: str, chosen: dict[str, str]) -> ComparedOutcome:
    """The outcome in one year of the chosen answers; every other question gets its
    favourable or neutral answer, and answers to questions this year does not ask drop out."""
    usable = {}
    for qid, value in chosen.items():
        q = policy.questions.get(qid)
        if q is not None and policy.applies(q.provider_types, provider) and (q.type != "choice" or q.option(value)):
            usable[qid] = value
    result = evaluate(policy, provider, complete(policy, provider, usable))
    return ComparedOutcome(result.verdict, frozenset(u.id for u in result.unmet))


def _label(policy: Policy, qid: str, value: str) -> tuple[str, str]:
    q = policy.questions[qid]
    option = q.option(value) if q.type == "choice" else None
    return q.text, option.label if option else (value or "(leeg)")


Chosen = frozenset[tuple[str, str]]


def _chosen_answers(old: Policy, new: Policy, provider: str) -> dict[Chosen, Policy]:
    """Every path of both years reduced to the answers that set it apart from the favourable
    ones, with the year whose path it came from (the older one when both have it)."""
    seen: dict[Chosen, Policy] = {}
    for policy in (old, new):
        for path in paths(policy, provider):
            chosen = frozenset((qid, v) for qid, v in path.items() if v != filler(policy, provider, policy.questions[qid]))
            seen.setdefault(chosen, policy)
    return seen


def _changed_groups(found: dict[Chosen, tuple[Policy, ComparedOutcome, ComparedOutcome]], routing: set[str]) -> dict[Chosen, list[Chosen]]:
    """The answer sets whose outcome changes, grouped by their answers without the routing ones."""
    groups: dict[Chosen, list[Chosen]] = {}
    for chosen, (_, before, after) in found.items():
        if before != after:
            groups.setdefault(frozenset(a for a in chosen if a[0] not in routing) or chosen, []).append(chosen)
    return groups


def _difference(policy: Policy, pt: ProviderType, chosen: Chosen, before: ComparedOutcome, after: ComparedOutcome) -> OutcomeDifference:
    """One line's data: the answers in asking order (of the year the path came from), with
    their Dutch wording; `pt` is the provider type as the newer year names it."""
    order = [q.id for q in policy.questions_for(pt.id)]
    ordered = tuple(sorted(chosen, key=lambda a: order.index(a[0]) if a[0] in order else len(order)))
    labels = tuple(_label(policy, qid, v) for qid, v in ordered)
    return OutcomeDifference(pt.id, pt.label, ordered, labels, before, after)


def outcome_changes(old: Policy, new: Policy) -> list[OutcomeDifference]:
    """For each provider type in both years: the answers that lead to another outcome.

    Why paths and not every combination: the paths (checker.paths) take every answer of
    every question once, in every route; an answer's effect is what sets it apart from
    the favourable answers, so each path is reduced to those answers and run in both years.
    """
    changes: list[OutcomeDifference] = []
    for provider, pt in new.provider_types.items():
        if provider not in old.provider_types:
            continue
        seen = _chosen_answers(old, new, provider)
        found = {chosen: (policy, _outcome(old, provider, dict(chosen)), _outcome(new, provider, dict(chosen))) for chosen, policy in seen.items()}
        # An answer that changes the outcome the same way in every route is one line, without
        # the routing answers ("Had u een overeenkomst …?"); else each route is its own line.
        routing = set(routing_ids(old, provider)) | set(routing_ids(new, provider))
        for short, members in _changed_groups(found, routing).items():
            same = len({found[m][1:] for m in members}) == 1
            for chosen in [short] if same else members:
                policy, before, after = found[members[0] if same else chosen]
                changes.append(_difference(policy, pt, chosen, before, after))
    return changes


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
CHANGE_WORDS = {"added": "nieuw", "removed": "vervallen", "changed": "gewijzigd", "moved": "verplaatst"}
# Dutch names of the other areas' fields, for "gewijzigd (…)".
FIELD_WORDS = {
    **CONDITION_FIELDS,
    "options": "antwoorden",
    "type": "soort vraag",
    "title": "titel",
    "blocks": "tekst",
    "what": "wat",
    "who": "wie",
    "when": "datum",
    "date_shifted": "datum",
    "topic": "onderwerp",
    "email": "e-mail",
    "phone": "telefoon",
    "url": "website",
    "mailto": "e-mail",
    "label": "naam",
    "description": "omschrijving",
}


def field_words(fields: list[str]) -> str:
    return ", ".join(dict.fromkeys(FIELD_WORDS.get(f, f) for f in fields))


def _question_words(question: dict[str, Any] | None, fields: list[str]) -> str:
    """A question as the checker asks it; its answers too when those changed."""
    if not question:
        return ""
    text = f"Vraag: {question['text']}"
    if "options" in fields and question.get("options"):
        text += " (antwoorden: " + " / ".join(o["label"] for o in question["options"]) + ")"
    return text


def _summary(area: str, item: dict[str, Any] | None, fields: list[str] | None = None) -> str:
    fields = fields or []
    if not item:
        return ""
    if area == "conditions":
        text = f"{KIND_LABELS.get(item['kind'], item['kind'])}: {item['text']}"
        # A reworded question is shown itself: the condition text is the same in both columns.
        if "question" in fields:
            text += " — " + (_question_words(item.get("question"), fields) or "geen vraag")
        return text
    if area == "questions":
        return _question_words(item, fields)
    if area == "timeline":
        return f"{item['what']}: {timeline_when(item)} ({item['date']})"
    if area == "contacts":
        return " ".join(str(item.get(k, "")) for k in ("topic", "email", "phone", "url") if item.get(k))
    if area == "sections":
        return item["title"]
    return str(item.get("text") or item.get("title") or item.get("label") or item.get("id"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(diff: PolicyDiff, outcomes: list[OutcomeDifference] | None = None) -> str:
    lines = [f"# Wijzigingen {diff.old_year} → {diff.new_year}", ""]
    if not diff.changes:
        return "\n".join([*lines, "Geen wijzigingen.", ""])
    counts = {k: sum(1 for c in diff.changes if c.kind == k) for k in CHANGE_WORDS}
    lines += [", ".join(f"{n} {CHANGE_WORDS[k]}" for k, n in counts.items() if n) + ".", ""]
    for area, title in AREA_TITLES.items():
        changes = diff.by_area(area)
        if not changes:
            continue
        lines += [f"## {title}", "", f"| Id | Wijziging | {diff.old_year} | {diff.new_year} |", "|---|---|---|---|"]
        for c in changes:
            what = CHANGE_WORDS[c.kind] + (f" ({field_words(c.fields)})" if c.kind == "changed" else "")
            if c.kind == "moved" and c.old and c.new:
                what += f" ({c.old['source']['section']} → {c.new['source']['section']})"
            lines.append(f"| `{c.id}` | {what} | {_cell(_summary(area, c.old, c.fields))} | {_cell(_summary(area, c.new, c.fields))} |")
        lines.append("")
    if outcomes is not None:
        lines += _outcomes_markdown(diff, outcomes)
    return "\n".join(lines)


def _outcomes_markdown(diff: PolicyDiff, outcomes: list[OutcomeDifference]) -> list[str]:
    """Per provider type, one line per answer whose outcome changes."""
    lines = ["## Wat verandert er voor zorgaanbieders", ""]
    if not outcomes:
        return [*lines, f"Dezelfde antwoorden geven in {diff.new_year} dezelfde uitslag als in {diff.old_year}.", ""]
    lines += [f"Dezelfde antwoorden, een andere uitslag in {diff.new_year} dan in {diff.old_year} (op de andere vragen het gunstige antwoord):", ""]
    for provider in dict.fromkeys(o.provider for o in outcomes):
        own = [o for o in outcomes if o.provider == provider]
        lines += [f"### {own[0].provider_label}", ""]
        lines += [f"- {o.line()}" for o in own]
        lines.append("")
    return lines
