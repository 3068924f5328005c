"""Compare two policy years by stable id: what a provider should know changed.

Why by id: the purchasing team copies last year's folder and edits it, keeping ids, so
an id present in both years is the same rule; a changed text is a rewording, a changed
`source.section` is a move. An id removed while another with the same text is added is a
rename, not a new rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from checker.engine import RECHECK_KEY, evaluate
from checker.model import Block, Policy, ProviderType, Verdict, named_types, timeline_when
from checker.words import KIND_LABELS, RECHECK

from .paths import complete, filler, paths, routing_ids

# The fields of a condition whose change a provider notices, with their Dutch names. The
# question's help is its own field: an edit of only the help is labelled as such.
CONDITION_FIELDS = {
    "text": "tekst",
    "kind": "soort",
    "provider_types": "voor wie",
    "applies_to": "geldt voor",
    "question": "vraag",
    "help": "toelichting bij de vraag",
    "note": "opmerking",
    "assessed_by": "wie het beoordeelt",
    "stage": "plaats in de checker",
    "ask_if": "wanneer gevraagd",
    "outcome": "uitkomst van de inkoopregel",
    "next_steps": "vervolgstappen",
    "source": "plaats in het beleid",
    "statement": "uitspraak in de checker",
}

# Per area the fields compared. Every field of the data files is here, or in NOT_COMPARED
# with the reason (tests/test_diff_report.py checks both against the JSON schemas).
AREA_FIELDS: dict[str, list[str]] = {
    "provider_types": [
        "label",
        "plural",
        "nav_title",
        "description",
        "section",
        "care_section",
        "agb_prefix",
        "refusal",
        "verdict_if_met",
        "contact_reason",
        "contact_source",
        "next_steps",
    ],
    "conditions": list(CONDITION_FIELDS),
    "questions": ["text", "options", "provider_types", "type", "help", "note", "stage", "ask_if", "optional", "fills", "source"],
    "sections": ["title", "nav_title", "summary", "text", "conditions"],
    "timeline": ["what", "who", "when", "date_shifted", "provider_types", "in_table", "not_if", "source"],
    "contacts": ["topic", "who", "email", "phone", "url", "in_table", "source"],
    "next_steps": ["title", "text", "mailto", "for", "start", "no_deadline", "source"],
}
NOT_COMPARED: dict[str, dict[str, str]] = {
    "timeline": {"date": "als date_shifted (dag en maand)", "prefix": "zit in when", "show_year": "zit in when"},
    "sections": {"blocks": "als text en conditions", "sections": "elk onderdeel apart"},
}
# Texts that explain and decide nothing: an edit of only these is "alleen de toelichting".
EXPLANATORY = {"help", "note"}
# What makes two items the same thing under another id (a rename): per area, these fields.
RENAME_KEYS = {
    "conditions": ("text", "kind", "provider_types"),
    "questions": ("text", "type", "provider_types"),
    "sections": ("title", "text"),
    "next_steps": ("title", "text"),
    "provider_types": ("label", "description"),
}


@dataclass
class Change:
    """One difference: `kind` is added, removed, changed, moved or renamed (then `old_id`)."""

    area: str  # conditions, questions, sections, timeline, contacts, next_steps, provider_types
    id: str
    kind: str
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    fields: list[str] = field(default_factory=list)
    old_id: str | None = None

    @property
    def explanatory_only(self) -> bool:
        """Only the help or a note changed: nothing a provider must do differently."""
        return self.kind == "changed" and bool(self.fields) and set(self.fields) <= EXPLANATORY


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

    def renames(self) -> dict[str, str]:
        """Old id → new id of every renamed condition or question (their ids are the answers' keys)."""
        return {c.old_id: c.id for c in self.changes if c.kind == "renamed" and c.old_id and c.area in ("conditions", "questions")}


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _differ(a: dict[str, Any], b: dict[str, Any], fields: list[str]) -> list[str]:
    return [k for k in fields if a.get(k) != b.get(k)]


def _compare(area: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[Change]:
    fields = AREA_FIELDS[area]
    added = [Change(area, ident, "added", new=item) for ident, item in new.items() if ident not in old]
    removed = [Change(area, ident, "removed", old=item) for ident, item in old.items() if ident not in new]
    changes = _renames(area, added, removed, fields)
    for ident in old.keys() & new.keys():
        a, b = old[ident], new[ident]
        differ = _differ(a, b, fields)
        # A condition that only moved to another part of the policy is "moved", not "changed".
        if differ == ["source"] and area == "conditions":
            changes.append(Change(area, ident, "moved", a, b, ["source"]))
        elif differ:
            changes.append(Change(area, ident, "changed", a, b, differ))
    order = list(new) + [k for k in old if k not in new]
    return sorted(changes, key=lambda c: order.index(c.id))


def _renames(area: str, added: list[Change], removed: list[Change], fields: list[str]) -> list[Change]:
    """Pair a removed and an added item with the same text (and kind and types): one rename.
    Why: renaming an id at its definition and following the hints at the references would
    otherwise read as a rule dropped and a new one added."""
    keys = RENAME_KEYS.get(area)
    out: list[Change] = []
    for gone in removed:
        twin = next((c for c in added if keys and all(c.new.get(k) == gone.old.get(k) for k in keys)), None) if gone.old else None
        if twin is None or twin.new is None or gone.old is None:
            out.append(gone)
            continue
        added.remove(twin)
        out.append(Change(area, twin.id, "renamed", gone.old, twin.new, _differ(gone.old, twin.new, fields), old_id=gone.id))
    return added + out


def _block_text(block: Block) -> str:
    """The words of one block as a reader sees them (a table cell by cell)."""
    parts = [block.p or "", *block.list, block.note or ""]
    if block.table:
        parts += [*block.table.columns, *(cell for row in block.table.rows for cell in row)]
    flags = {"tijdpad": block.timeline, "contactgegevens": block.contacts, "wijzigingentabel": block.changes, "a.s.r.-entiteiten": block.entities}
    parts += [f"({name})" for name, shown in flags.items() if shown]
    return " ".join(" ".join(p.split()) for p in parts if p)


def _flat_sections(policy: Policy) -> dict[str, dict[str, Any]]:
    """Each section's own title, text and condition list (not its subsections), for comparison."""
    return {
        sid: {
            "id": sid,
            "title": s.title,
            "nav_title": s.nav_title,
            "summary": s.summary,
            "text": " ".join(t for t in map(_block_text, s.blocks) if t),
            "conditions": [c for b in s.blocks for c in b.conditions],
        }
        for sid, s in policy.sections.items()
    }


def _at_section(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items compared by where they are in the policy, not by their quote: a quote may be
    left out (it defaults to the text), and the text itself is compared anyway."""
    return [{**i, "source": {"section": i["source"]["section"]}} if i.get("source") else i for i in items]


def _conditions(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Conditions with the question's help apart from the question itself."""
    out = []
    for c in _at_section(data["conditions"]["conditions"]):
        question = c.get("question")
        out.append({**c, "question": {k: v for k, v in question.items() if k != "help"}, "help": question.get("help")} if question else c)
    return out


def _shift(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dates compared as month and day: a policy year later, 1 November is still 1 November.
    The wording ("uiterlijk 1 november") is derived from the date, so it is compared without the year."""
    return [{**t, "when": timeline_when({**t, "show_year": False}), "date_shifted": t["date"][5:]} for t in _at_section(timeline)]


def compare(old: Policy, new: Policy) -> PolicyDiff:
    diff = PolicyDiff(old.year, new.year)
    d_old, d_new = old.data, new.data
    areas: list[tuple[str, Callable[[Policy, dict[str, Any]], list[dict[str, Any]] | dict[str, dict[str, Any]]]]] = [
        ("provider_types", lambda p, d: d["provider_types"]["provider_types"]),
        ("conditions", lambda p, d: _conditions(d)),
        ("questions", lambda p, d: _at_section(d["questions"]["questions"])),
        ("sections", lambda p, d: _flat_sections(p)),
        ("timeline", lambda p, d: _shift(d["procedure"]["timeline"])),
        ("contacts", lambda p, d: _at_section(d["contacts"]["contacts"])),
        ("next_steps", lambda p, d: _at_section(d["procedure"]["next_steps"])),
    ]
    for area, items in areas:
        before, after = items(old, d_old), items(new, d_new)
        before, after = (x if isinstance(x, dict) else _by_id(x) for x in (before, after))
        if area == "sections":
            # A renamed condition is the same one in a section's list: the rename is said once.
            before = {sid: {**s, "conditions": [diff.renames().get(c, c) for c in s["conditions"]]} for sid, s in before.items()}
        diff.changes += _compare(area, before, after)
    return diff


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
    which conditions block (compared by id only, a renamed one by its new id; texts are
    the diff's other part)."""

    verdict: Verdict
    unmet: frozenset[str]

    def words(self, ids: bool = True) -> str:
        text = OUTCOME_WORDS.get(self.verdict, self.verdict)
        return text + (f" ({', '.join(f'`{u}`' for u in sorted(self.unmet))})" if self.unmet and ids else "")


Answers = tuple[tuple[str, str], ...]


def _given(answers: Answers) -> str:
    return "; ".join(f"*{q}* {a}" for q, a in answers)


@dataclass(frozen=True)
class OutcomeVariant:
    """The same answers with a routing answer (an existing contract) added, when that gives
    another outcome in either year."""

    answers: Answers  # (question text, answer label): only what the variant adds
    old: ComparedOutcome
    new: ComparedOutcome

    def line(self) -> str:
        return f"en {_given(self.answers)}: was {self.old.words()}, wordt {self.new.words()}"


@dataclass(frozen=True)
class OutcomeDifference:
    """Answers (only those that matter: what sets them apart from the favourable path and
    changes the difference) whose outcome differs between two years."""

    provider: str
    provider_label: str
    chosen: tuple[tuple[str, str], ...]  # (question id, answer value)
    answers: Answers  # (question text, answer label)
    old: ComparedOutcome
    new: ComparedOutcome
    variants: tuple[OutcomeVariant, ...] = ()
    # Other answers that now lead to the same new outcome as this one (folded into it): their old outcomes.
    folded: tuple[ComparedOutcome, ...] = ()

    def line(self) -> str:
        """One Dutch line: the answers, then was … wordt …."""
        given = _given(self.answers) or "Met de gunstige antwoorden op alle vragen"
        return f"{given}: was {self.old.words()}, wordt {self.new.words()}" + self.folded_words()

    def folded_words(self) -> str:
        if not self.folded:
            return ""
        before = " of ".join(dict.fromkeys(OUTCOME_WORDS[o.verdict] for o in self.folded))
        return f"; ook met {len(self.folded)} andere antwoorden (was {before}) wordt het {OUTCOME_WORDS[self.new.verdict]}"

    def headline(self) -> str:
        """The decisive change of a provider type in words, without ids."""
        given = f"wie {_given(self.answers)} antwoordt: " if self.answers else ""
        return f"{given}was {self.old.words(ids=False)}, wordt {self.new.words(ids=False)}" + self.folded_words()


Chosen = frozenset[tuple[str, str]]


def _usable(policy: Policy, provider: str, chosen: Chosen, renames: dict[str, str]) -> dict[str, str]:
    """The answers as this year asks them: a renamed question under this year's id; answers
    to questions this year does not ask drop out."""
    usable = {}
    for qid, value in chosen:
        qid = renames.get(qid, qid)
        q = policy.questions.get(qid)
        if qid == RECHECK_KEY or (q is not None and policy.applies(q.provider_types, provider) and (q.type != "choice" or q.option(value))):
            usable[qid] = value
    return usable


@dataclass(frozen=True)
class _Years:
    """Both years of one provider type, with the renames between them."""

    old: Policy
    new: Policy
    provider: str
    renames: dict[str, str]

    def outcome(self, policy: Policy, chosen: Chosen) -> ComparedOutcome:
        """The outcome in one year of the chosen answers; every other question gets its
        favourable or neutral answer. Blocking ids are named as the newer year names them."""
        to_this_year = self.renames if policy is self.new else {new: old for old, new in self.renames.items()}
        result = evaluate(policy, self.provider, complete(policy, self.provider, _usable(policy, self.provider, chosen, to_this_year)))
        return ComparedOutcome(result.verdict, frozenset(self.renames.get(u.id, u.id) for u in result.unmet))

    def both(self, chosen: Chosen) -> tuple[ComparedOutcome, ComparedOutcome]:
        return self.outcome(self.old, chosen), self.outcome(self.new, chosen)

    def essential(self, chosen: Chosen, difference: tuple[ComparedOutcome, ComparedOutcome]) -> Chosen:
        """Drop every answer without which the outcome changes the same way (the CTG answer
        beside a dropped PRN condition): what is left are the answers that matter."""
        kept = set(chosen)
        for answer in sorted(chosen):
            if self.both(frozenset(kept - {answer})) == difference:
                kept.discard(answer)
        return frozenset(kept)


def _label(policy: Policy, qid: str, value: str) -> tuple[str, str]:
    if qid == RECHECK_KEY:
        return RECHECK, "Ja"
    q = policy.questions[qid]
    option = q.option(value) if q.type == "choice" else None
    return q.text, option.label if option else (value or "(leeg)")


def _chosen_answers(old: Policy, new: Policy, provider: str) -> dict[Chosen, Policy]:
    """Every path of both years reduced to the answers that set it apart from the favourable
    ones, with the year whose path it came from (the older one when both have it)."""
    seen: dict[Chosen, Policy] = {}
    for policy in (old, new):
        for path in paths(policy, provider):
            chosen = frozenset((qid, v) for qid, v in path.items() if qid == RECHECK_KEY or v != filler(policy, provider, policy.questions[qid]))
            seen.setdefault(chosen, policy)
    return seen


def _answers(policy: Policy, provider: str, chosen: Chosen) -> tuple[Answers, Answers]:
    """The answers in asking order (of the year the path came from), as ids and in Dutch."""
    order = [q.id for q in policy.questions_for(provider)]
    ordered = tuple(sorted(chosen, key=lambda a: (order.index(a[0]) if a[0] in order else len(order), a)))
    return ordered, tuple(_label(policy, qid, v) for qid, v in ordered)


@dataclass
class _Found:
    """One answer set whose outcome changes: where it came from and how it changes."""

    chosen: Chosen
    policy: Policy
    old: ComparedOutcome
    new: ComparedOutcome


def _changed(years: _Years) -> list[_Found]:
    """The answer sets whose outcome differs, each cut down to the answers that matter (once each)."""
    found: dict[Chosen, _Found] = {}
    for chosen, policy in _chosen_answers(years.old, years.new, years.provider).items():
        before, after = years.both(chosen)
        if before != after:
            kept = years.essential(chosen, (before, after))
            found.setdefault(kept, _Found(kept, policy, before, after))
    return list(found.values())


def _grouped(years: _Years, pt: ProviderType, found: list[_Found]) -> list[OutcomeDifference]:
    """One difference per set of answers without the routing ones ("Had u een overeenkomst …?"):
    the route without them is the line, other routes that end differently are its variants."""
    routing = set(routing_ids(years.old, years.provider)) | set(routing_ids(years.new, years.provider)) | {RECHECK_KEY}
    groups: dict[Chosen, list[_Found]] = {}
    for f in found:
        groups.setdefault(frozenset(a for a in f.chosen if a[0] not in routing) or f.chosen, []).append(f)
    out = []
    for members in groups.values():
        members.sort(key=lambda f: len(f.chosen))
        main = members[0]
        ids, words = _answers(main.policy, years.provider, main.chosen)
        variants = tuple(
            OutcomeVariant(_answers(f.policy, years.provider, f.chosen - main.chosen)[1], f.old, f.new)
            for f in members[1:]
            if (f.old, f.new) != (main.old, main.new)
        )
        out.append(OutcomeDifference(pt.id, pt.label, ids, words, main.old, main.new, variants))
    return _fold_into_plain(out)


def _fold_into_plain(differences: list[OutcomeDifference]) -> list[OutcomeDifference]:
    """When the favourable answers change outcome ("was in aanmerking, wordt elders ingekocht"),
    that is the decisive change and comes first; other answers that now end the same way say
    nothing more and are folded into it (counted)."""
    plain = next((d for d in differences if not d.chosen), None)
    if plain is None:
        return differences
    ends_alike = [d for d in differences if d is not plain and d.new == plain.new and all(v.new == plain.new for v in d.variants)]
    rest = [d for d in differences if d is not plain and d not in ends_alike]
    folded = tuple(o for d in ends_alike for o in (d.old, *(v.old for v in d.variants)))
    return [replace(plain, folded=folded), *rest]


def outcome_changes(old: Policy, new: Policy, renames: dict[str, str] | None = None) -> list[OutcomeDifference]:
    """For each provider type in both years: the answers that lead to another outcome.

    Why paths and not every combination: the paths (checker.paths) take every answer of
    every question once, in every route; an answer's effect is what sets it apart from
    the favourable answers, so each path is reduced to those answers and run in both years.
    A renamed condition is the same question in both years (`renames`: old id → new id).
    """
    renames = compare(old, new).renames() if renames is None else renames
    changes: list[OutcomeDifference] = []
    for provider, pt in new.provider_types.items():
        if provider in old.provider_types:
            years = _Years(old, new, provider, renames)
            changes += _grouped(years, pt, _changed(years))
    return changes


def decisive(outcomes: list[OutcomeDifference]) -> dict[str, tuple[OutcomeDifference, int]]:
    """Per provider type the change to read first, and how many more there are: the favourable
    answers' change if there is one, else the one with the fewest answers."""
    out: dict[str, tuple[OutcomeDifference, int]] = {}
    for provider in dict.fromkeys(o.provider for o in outcomes):
        own = [o for o in outcomes if o.provider == provider]
        out[provider] = (min(own, key=lambda o: len(o.chosen)), len(own) - 1)
    return out


# -- the changed words of a text ----------------------------------------------------------------

CONTEXT_WORDS = 4


@dataclass(frozen=True)
class Marks:
    """How changed words are marked: Markdown for the report, HTML for the site."""

    deleted: str  # a format with {} for the words
    inserted: str
    word: Callable[[str], str]


def _md_word(word: str) -> str:
    """A word of policy text safe inside Markdown emphasis."""
    return "".join("\\" + ch if ch in "*~_`[]\\" else ch for ch in word)


MARKDOWN = Marks("~~{}~~", "**{}**", _md_word)


def _span(words: list[str], fmt: str, marks: Marks) -> str:
    return fmt.format(" ".join(map(marks.word, words))) if words else ""


def changed_words(old: str, new: str, marks: Marks = MARKDOWN) -> str:
    """The new text with what changed marked, ~~old~~ **new**, and a few words around each
    change; the unchanged stretches between are left out (…)."""
    a, b = (old or "").split(), (new or "").split()
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    parts: list[str] = []
    for i, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        if tag != "equal":
            parts.append(" ".join(p for p in (_span(a[a1:a2], marks.deleted, marks), _span(b[b1:b2], marks.inserted, marks)) if p))
            continue
        parts.append(" ".join(_context([marks.word(w) for w in a[a1:a2]], i == 0, i == len(opcodes) - 1)))
    return " ".join(p for p in parts if p)


def _context(same: list[str], first: bool, last: bool) -> list[str]:
    """Only the unchanged words next to a change: before the first, after the last, both sides between."""
    if first and last:
        return same
    if first:
        return ["…", *same[-CONTEXT_WORDS:]] if len(same) > CONTEXT_WORDS else same
    if last:
        return [*same[:CONTEXT_WORDS], "…"] if len(same) > CONTEXT_WORDS else same
    return [*same[:CONTEXT_WORDS], "…", *same[-CONTEXT_WORDS:]] if len(same) > 2 * CONTEXT_WORDS + 1 else same


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
RENAMED_WORD = "hernoemd"
EXPLANATORY_ONLY = "alleen de toelichting gewijzigd"
# Dutch names of every field that can change, for "gewijzigd (…)": no field name in English.
FIELD_WORDS = {
    **CONDITION_FIELDS,
    "options": "antwoorden",
    "type": "soort vraag",
    "optional": "mag leeg blijven",
    "fills": "invulveld in de e-mail",
    "title": "titel",
    "nav_title": "naam in het menu",
    "summary": "samenvatting",
    "conditions": "voorwaarden in de tekst",
    "what": "wat",
    "who": "wie",
    "when": "datum",
    "date_shifted": "datum",
    "in_table": "in de tabel",
    "not_if": "niet meer van belang na het antwoord",
    "no_deadline": "geen laatste datum",
    "topic": "onderwerp",
    "email": "e-mail",
    "phone": "telefoon",
    "url": "website",
    "mailto": "e-mail",
    "for": "voor wie",
    "start": "start de checker voor",
    "label": "naam",
    "plural": "naam in het meervoud (op de hoofdpagina)",
    "description": "omschrijving",
    "section": "plaats in het beleid",
    "agb_prefix": "begin van de AGB-code",
    "refusal": "inkoopregel waardoor a.s.r. niet rechtstreeks contracteert",
    "verdict_if_met": "uitslag bij alles voldaan",
    "contact_reason": "reden om contact op te nemen",
    "contact_source": "passage bij de reden om contact op te nemen",
    "care_section": "soort geboortezorg in de aanvraag",
}


def field_words(fields: list[str]) -> str:
    return ", ".join(dict.fromkeys(FIELD_WORDS[f] for f in fields))


def change_words(change: Change) -> str:
    """What happened to an item, in Dutch: "nieuw", "gewijzigd (tekst, vraag)", "alleen de
    toelichting gewijzigd", "hernoemd: a → b, tekst gelijk"."""
    if change.kind == "renamed":
        also = f"; gewijzigd: {field_words(change.fields)}" if change.fields else ""
        return f"{RENAMED_WORD}: {change.old_id} → {change.id}, tekst gelijk{also}"
    if change.explanatory_only:
        return EXPLANATORY_ONLY
    if change.kind == "changed":
        return f"{CHANGE_WORDS['changed']} ({field_words(change.fields)})"
    if change.kind == "moved" and change.old and change.new:
        return f"{CHANGE_WORDS['moved']} ({change.old['source']['section']} → {change.new['source']['section']})"
    return CHANGE_WORDS[change.kind]


def _question_words(question: dict[str, Any] | None, fields: list[str]) -> str:
    """A question as the checker asks it; its answers too when those changed."""
    if not question:
        return ""
    text = f"Vraag: {question['text']}"
    if "options" in fields and question.get("options"):
        text += " (antwoorden: " + " / ".join(o["label"] for o in question["options"]) + ")"
    return text


def _explained(item: dict[str, Any], fields: list[str]) -> str:
    """The changed help and note texts of an item, each named."""
    return "".join(f" — {FIELD_WORDS[f].capitalize()}: {item.get(f) or '(geen)'}" for f in ("help", "note") if f in fields)


def _condition_summary(item: dict[str, Any], fields: list[str]) -> str:
    text = f"{KIND_LABELS.get(item['kind'], item['kind'])}: {item['text']}"
    # A reworded question is shown itself: the condition text is the same in both columns.
    if "question" in fields:
        text += " — " + (_question_words(item.get("question"), fields) or "geen vraag")
    return text + _explained(item, fields)


def _provider_summary(item: dict[str, Any], fields: list[str]) -> str:
    if "refusal" not in fields:
        return str(item["label"])
    return f"{item['label']} — " + (f"inkoopregel `{item['refusal']}`" if item.get("refusal") else "rechtstreeks gecontracteerd")


SUMMARIES: dict[str, Callable[[dict[str, Any], list[str]], str]] = {
    "conditions": _condition_summary,
    "questions": lambda item, fields: _question_words(item, fields) + _explained(item, fields),
    "timeline": lambda item, fields: f"{item['what']}: {timeline_when(item)} ({item['date']})",
    "contacts": lambda item, fields: " ".join(str(item.get(k, "")) for k in ("topic", "email", "phone", "url") if item.get(k)),
    "provider_types": _provider_summary,
}


def _summary(area: str, item: dict[str, Any] | None, fields: list[str] | None = None) -> str:
    """One cell of the report: the item as a reader knows it, with what changed."""
    if not item:
        return ""
    if area in SUMMARIES:
        return SUMMARIES[area](item, fields or [])
    return str(item.get("text") or item.get("title") or item.get("label") or item.get("id"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _excerpt(text: str, fmt: str, marks: Marks, words: int = 30) -> str:
    cut = text.split()
    return _span(cut[:words], fmt, marks) + (" …" if len(cut) > words else "")


def section_words(change: Change, marks: Marks = MARKDOWN) -> str:
    """The changed words of a section: its title and text, ~~old~~ **new**; the condition
    list by id. A new or removed section: the start of its text."""
    old, new = change.old or {}, change.new or {}
    if change.kind == "added":
        return _excerpt(new.get("text", ""), marks.inserted, marks)
    if change.kind == "removed":
        return _excerpt(old.get("text", ""), marks.deleted, marks)
    texts = {f: (old.get(f) or "", new.get(f) or "") for f in ("title", "nav_title", "summary", "text")}
    texts["conditions"] = (" ".join(old["conditions"]), " ".join(new["conditions"]))
    return "; ".join(f"{FIELD_WORDS[f]}: {changed_words(*pair, marks)}" for f, pair in texts.items() if f in change.fields)


def _area_table(diff: PolicyDiff, area: str) -> list[str]:
    changes = diff.by_area(area)
    if area == "sections":
        rows = [f"| `{c.id}` | {change_words(c)} | {_cell((c.new or c.old or {}).get('title', ''))} | {_cell(section_words(c))} |" for c in changes]
        return ["| Id | Wijziging | Onderdeel | Gewijzigde woorden |", "|---|---|---|---|", *rows]
    rows = [f"| `{c.id}` | {change_words(c)} | {_cell(_summary(area, c.old, c.fields))} | {_cell(_summary(area, c.new, c.fields))} |" for c in changes]
    return [f"| Id | Wijziging | {diff.old_year} | {diff.new_year} |", "|---|---|---|---|", *rows]


def to_markdown(diff: PolicyDiff, outcomes: list[OutcomeDifference] | None = None) -> str:
    lines = [f"# Wijzigingen {diff.old_year} → {diff.new_year}", ""]
    if not diff.changes:
        return "\n".join([*lines, "Geen wijzigingen.", ""])
    # What a manager decides on comes first: per provider type who gains or loses a contract.
    if outcomes is not None:
        lines += _decisive_markdown(diff, outcomes)
    counts = {w: sum(1 for c in diff.changes if c.kind == k) for k, w in {**CHANGE_WORDS, "renamed": RENAMED_WORD}.items()}
    lines += ["## Alle wijzigingen", "", ", ".join(f"{n} {w}" for w, n in counts.items() if n) + ".", ""]
    for area, title in AREA_TITLES.items():
        if diff.by_area(area):
            lines += [f"## {title}", "", *_area_table(diff, area), ""]
    if outcomes is not None:
        lines += _outcomes_markdown(diff, outcomes)
    return "\n".join(lines)


def _decisive_markdown(diff: PolicyDiff, outcomes: list[OutcomeDifference]) -> list[str]:
    """Per provider type one sentence: the change that decides most (details further down)."""
    lines = ["## Wat verandert er per soort zorgaanbieder", ""]
    for c in diff.by_area("provider_types"):
        item = c.new or c.old or {}
        if c.kind in ("added", "removed"):
            lines.append(
                f"- **{item['label']}**: " + (f"nieuw in {diff.new_year}" if c.kind == "added" else f"staat niet meer in het beleid van {diff.new_year}")
            )
    for first, more in decisive(outcomes).values():
        others = f" (en nog {more} andere {'uitslag' if more == 1 else 'uitslagen'}, zie onder)" if more else ""
        lines.append(f"- **{first.provider_label}**: {first.headline()}{others}")
    if len(lines) == 2:
        lines.append(f"- Voor geen enkele soort geven dezelfde antwoorden in {diff.new_year} een andere uitslag dan in {diff.old_year}.")
    return [*lines, ""]


def _outcomes_markdown(diff: PolicyDiff, outcomes: list[OutcomeDifference]) -> list[str]:
    """Per provider type, one line per set of answers whose outcome changes; a route that ends
    differently (with an existing contract) indented below it."""
    lines = ["## Wat verandert er voor zorgaanbieders", ""]
    if not outcomes:
        return [*lines, f"Dezelfde antwoorden geven in {diff.new_year} dezelfde uitslag als in {diff.old_year}.", ""]
    lines += [f"Dezelfde antwoorden, een andere uitslag in {diff.new_year} dan in {diff.old_year} (op de andere vragen het gunstige antwoord):", ""]
    for provider in dict.fromkeys(o.provider for o in outcomes):
        own = [o for o in outcomes if o.provider == provider]
        lines += [f"### {own[0].provider_label}", ""]
        for o in own:
            lines += [f"- {o.line()}", *(f"  - {v.line()}" for v in o.variants)]
        lines.append("")
    return lines
