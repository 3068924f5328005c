"""The loader's named rules: the cross-file checks a JSON Schema cannot express
(CPython only). `python -m checker rules` prints them; each has its own test.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from checker.engine import RECHECK_KEY, RECHECK_YES
from checker.model import ALL, BUILTIN_PLACEHOLDERS, Policy

from .problems import Lines, Problem

# -- cross-file checks a schema cannot express ---------------------------------------------
#
# Why one small function per kind of reference: RULES is then the list of what the loader
# guarantees (`python -m checker rules` prints it), and each rule has its own test.


class _Context:
    """The files of one year, with their line maps, and what the rules report."""

    def __init__(self, files: dict[str, Any], lines: dict[str, Lines], prefix: str, year_dir: str):
        self.files, self.lines, self.prefix, self.year_dir = files, lines, prefix, year_dir
        self.problems: list[Problem] = []

    def at(self, name: str, path: list[Any], message: str) -> None:
        self.problems.append(Problem(f"{self.prefix}/{name}.yaml", self.lines[name].line(path), message))

    def ref(self, name: str, path: list[Any], value: Any, known: dict[str, Any] | set[str], what: str) -> None:
        if value not in known:
            close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
            tip = f" Bedoelt u '{close[0]}'?" if close else ""
            # Why: a close id that nothing refers to was most likely renamed at its definition;
            # the fix is there (one line), not at every reference that still uses the old id.
            unused = [str(k) for k in known if k not in self.referenced and k in self.definitions]
            renamed = difflib.get_close_matches(str(value), unused, n=1) or [k for k in unused if str(value) in k][:1]
            if renamed:
                file, where = self.definitions[renamed[0]]
                line = self.lines[file].line([*where, "id"])
                tip = f" Hernoemd in {self.prefix}/{file}.yaml:{line} (nu '{renamed[0]}')? Zet daar de oude id terug: een id blijft gelijk, ook tussen jaren."
            self.at(name, path, f"verwijzing naar onbekende {what} '{value}'.{tip}")

    @cached_property
    def definitions(self) -> dict[str, tuple[str, list[Any]]]:
        """Where each id is defined: its file and path (the first, if it occurs twice)."""
        found: dict[str, tuple[str, list[Any]]] = {}
        for file, data in self.files.items():
            for item, where in _items(data, []):
                if isinstance(item.get("id"), str):
                    found.setdefault(item["id"], (file, where))
        return found

    @cached_property
    def referenced(self) -> set[str]:
        """Every text and key in the data that is not an id's own definition: what refers."""
        used: set[str] = set()
        for data in self.files.values():
            for item, _ in _items(data, []):
                used.update(k for k in item if isinstance(k, str))
                for key, value in item.items():
                    if key != "id":
                        used.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
        return used

    # Indexes the rules share; built on first use.

    @cached_property
    def sections(self) -> list[tuple[dict[str, Any], list[Any]]]:
        return list(_walk_sections(self.files["sections"]["sections"], ["sections"]))

    @cached_property
    def section_ids(self) -> set[str]:
        return {s["id"] for s, _ in self.sections}

    @cached_property
    def types(self) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for p in self.files["provider_types"]["provider_types"]}

    @cached_property
    def conditions(self) -> list[dict[str, Any]]:
        return self.files["conditions"]["conditions"]

    @cached_property
    def questions(self) -> list[dict[str, Any]]:
        return self.files["questions"]["questions"]

    @cached_property
    def condition_ids(self) -> set[str]:
        return {c["id"] for c in self.conditions}

    @cached_property
    def steps(self) -> set[str]:
        return {s["id"] for s in self.files["procedure"]["next_steps"]}

    @cached_property
    def answers(self) -> dict[str, set[str] | None]:
        """Each question id with the answers it can get; None for a free-text question."""
        found: dict[str, set[str] | None] = {c["id"]: {"ja", "nee"} for c in self.conditions if c.get("question")}
        for q in self.questions:
            found[q["id"]] = {o["value"] for o in q.get("options", [])} if q["type"] == "choice" else None
        return found

    @cached_property
    def asking(self) -> list[tuple[str, list[Any], dict[str, Any]]]:
        """Everything that can carry an ask_if: (file, path, item)."""
        return [("conditions", ["conditions", i], c) for i, c in enumerate(self.conditions)] + [
            ("questions", ["questions", i], q) for i, q in enumerate(self.questions)
        ]

    @cached_property
    def policy(self) -> Policy:
        """The model itself, for what only it knows: the asking order per provider type."""
        return Policy.from_data(self.files)


def _walk_sections(sections: list[dict[str, Any]], path: list[Any]):
    for i, section in enumerate(sections):
        here = [*path, i]
        yield section, here
        yield from _walk_sections(section.get("sections", []), [*here, "sections"])


def _items(data: Any, path: list[Any]) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    """Every mapping in a file's data, with its path."""
    if isinstance(data, dict):
        yield data, path
        for key, value in data.items():
            yield from _items(value, [*path, key])
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _items(value, [*path, i])


def _named(value: Any) -> list[str]:
    """A field that names one id or a list of ids, as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@dataclass(frozen=True)
class Rule:
    """One guarantee of the loader: its name, what it promises (Dutch), and the check."""

    name: str
    doc: str
    check: Callable[[_Context], None]


RULES: list[Rule] = []


def _rule(check: Callable[[_Context], None]) -> Callable[[_Context], None]:
    RULES.append(Rule(check.__name__.lstrip("_").replace("_", "-"), (check.__doc__ or "").strip(), check))
    return check


@_rule
def _year_matches_folder(r: _Context) -> None:
    """Het jaar in meta.yaml is de naam van de map."""
    meta = r.files["meta"]
    if str(meta.get("year")) != r.year_dir:
        r.at("meta", ["year"], f"jaar {meta.get('year')} hoort niet bij map {r.year_dir}. Zet year op {r.year_dir} of verplaats de map.")


@_rule
def _unique_ids(r: _Context) -> None:
    """Elke id komt één keer voor (voorwaarden en vragen delen hun ids)."""
    seen: dict[str, str] = {}
    for section, path in r.sections:
        if section["id"] in seen:
            r.at("sections", [*path, "id"], f"sectie-id '{section['id']}' komt twee keer voor. Geef elke sectie een eigen id.")
        seen[section["id"]] = "sections.yaml"
    asked: dict[str, str] = {}
    for name, key, kind, shared in (
        ("provider_types", "provider_types", "soort zorgaanbieder", {}),
        ("conditions", "conditions", "voorwaarde", asked),
        ("questions", "questions", "vraag", asked),
        ("procedure", "next_steps", "vervolgstap", {}),
        ("procedure", "timeline", "tijdpad", {}),
        ("contacts", "contacts", "contact", {}),
        ("changes", "changes", "wijziging", {}),
    ):
        for i, item in enumerate(r.files[name][key]):
            ident = item.get("id")
            if ident in shared:
                r.at(name, [key, i, "id"], f"id '{ident}' komt twee keer voor ({kind}; eerder in {shared[ident]}). Geef elk een eigen id.")
            else:
                shared[ident] = f"{name}.yaml"


@_rule
def _provider_type_refs(r: _Context) -> None:
    """provider_types van voorwaarden en vragen (en start van een vervolgstap) noemt alleen bestaande soorten."""
    for name, path, item in r.asking:
        if item["provider_types"] != ALL:
            for j, t in enumerate(item["provider_types"]):
                r.ref(name, [*path, "provider_types", j], t, r.types, "soort zorgaanbieder")
    for i, s in enumerate(r.files["procedure"]["next_steps"]):
        if s.get("start"):
            r.ref("procedure", ["next_steps", i, "start"], s["start"], r.types, "soort zorgaanbieder")


@_rule
def _section_refs(r: _Context) -> None:
    """Elke verwijzing naar een sectie (bron, soort zorgaanbieder, wijziging) bestaat in sections.yaml."""
    for name, path, item in r.asking:
        r.ref(name, [*path, "source", "section"], item["source"]["section"], r.section_ids, "sectie")
    for i, pt in enumerate(r.types.values()):
        r.ref("provider_types", ["provider_types", i, "section"], pt["section"], r.section_ids, "sectie")
        if pt.get("care_section"):
            r.ref("provider_types", ["provider_types", i, "care_section"], pt["care_section"], r.section_ids, "sectie")
        if pt.get("contact_source"):
            r.ref("provider_types", ["provider_types", i, "contact_source", "section"], pt["contact_source"]["section"], r.section_ids, "sectie")
    for name, key in (("procedure", "next_steps"), ("procedure", "timeline"), ("contacts", "contacts")):
        for i, item in enumerate(r.files[name][key]):
            if item.get("source"):
                r.ref(name, [key, i, "source", "section"], item["source"]["section"], r.section_ids, "sectie")
    for i, ch in enumerate(r.files["changes"]["changes"]):
        if ch.get("section"):
            r.ref("changes", ["changes", i, "section"], ch["section"], r.section_ids, "sectie")


@_rule
def _condition_refs(r: _Context) -> None:
    """Voorwaarden die sections.yaml en changes.yaml noemen, bestaan in conditions.yaml."""
    for section, path in r.sections:
        for b, block in enumerate(section.get("blocks", [])):
            for c, cid in enumerate(block.get("conditions", [])):
                r.ref("sections", [*path, "blocks", b, "conditions", c], cid, r.condition_ids, "voorwaarde")
    for i, ch in enumerate(r.files["changes"]["changes"]):
        for j, cid in enumerate(ch.get("conditions", [])):
            r.ref("changes", ["changes", i, "conditions", j], cid, r.condition_ids, "voorwaarde")


@_rule
def _conditions_listed_once(r: _Context) -> None:
    """Een voorwaarde staat op hoogstens één plek in sections.yaml: de site geeft haar één anker."""
    first: dict[str, tuple[str, list[Any]]] = {}
    for section, path in r.sections:
        for b, block in enumerate(section.get("blocks", [])):
            for c, cid in enumerate(block.get("conditions", [])):
                here = [*path, "blocks", b, "conditions", c]
                if cid not in first:
                    first[cid] = (section["id"], here)
                    continue
                where, earlier = first[cid]
                line = r.lines["sections"].line(earlier)
                if where == section["id"]:
                    r.at("sections", here, f"voorwaarde '{cid}' staat twee keer in sectie '{where}' (ook op regel {line}). Haal de tweede weg.")
                else:
                    r.at(
                        "sections",
                        here,
                        f"voorwaarde '{cid}' staat al in sectie '{where}' (regel {line}); de site toont haar op één plek. Haal er een weg.",
                    )


@_rule
def _refusals(r: _Context) -> None:
    """refusal van een soort noemt een bestaande inkoopregel (kind: rule)."""
    kinds = {c["id"]: c["kind"] for c in r.conditions}
    for i, pt in enumerate(r.types.values()):
        if pt.get("refusal"):
            path = ["provider_types", i, "refusal"]
            r.ref("provider_types", path, pt["refusal"], r.condition_ids, "voorwaarde")
            if kinds.get(pt["refusal"], "rule") != "rule":
                r.at("provider_types", path, f"refusal '{pt['refusal']}' is geen inkoopregel. Zet kind: rule bij die voorwaarde of kies een regel.")


@_rule
def _rule_fields(r: _Context) -> None:
    """Alleen een inkoopregel (kind: rule) heeft outcome en next_steps; a.s.r. beoordeelt geen vraag."""
    for i, c in enumerate(r.conditions):
        for key in ("outcome", "next_steps"):
            if key in c and c["kind"] != "rule":
                r.at(
                    "conditions",
                    ["conditions", i, key],
                    f"'{key}' hoort alleen bij kind: rule, niet bij '{c['kind']}'. Haal het weg of maak er een inkoopregel van.",
                )
        if c.get("assessed_by") == "asr" and c.get("question"):
            r.at(
                "conditions",
                ["conditions", i, "question"],
                "a.s.r. beoordeelt dit zelf (assessed_by: asr), dus de checker vraagt er niet naar. Haal question weg.",
            )


@_rule
def _statements(r: _Context) -> None:
    """Een uitsluitingsgrond of verwachting die de checker vraagt, heeft een statement: de uitspraak die moet gelden."""
    # Why: the checker lists the statements of one stage on one page ("Geldt dit allemaal?");
    # an exclusion's own text says what excludes, not what must hold.
    for i, c in enumerate(r.conditions):
        if c.get("question") and c["kind"] in ("exclusion", "expectation") and not c.get("statement"):
            r.at(
                "conditions",
                ["conditions", i],
                f"'{c['id']}' ({c['kind']}) heeft een question maar geen statement. Voeg statement toe: wat moet gelden, in de woorden van het beleid "
                "(bijv. ‘u heeft … geen ernstige fout begaan’).",
            )


@_rule
def _contact_verdict_has_reason(r: _Context) -> None:
    """Een soort met verdict_if_met: contact legt in contact_reason uit waarom."""
    for i, pt in enumerate(r.types.values()):
        if pt.get("verdict_if_met") == "contact" and not pt.get("contact_reason"):
            r.at("provider_types", ["provider_types", i], "verdict_if_met: contact vraagt om een contact_reason. Voeg de uitleg toe.")
        # Every part of a result names its passage, the type's own reason to get in touch too.
        if pt.get("contact_reason") and not pt.get("contact_source"):
            r.at(
                "provider_types",
                ["provider_types", i, "contact_reason"],
                "contact_reason zonder contact_source. Voeg contact_source toe met section en quote: de passage waar de uitleg op steunt.",
            )


@_rule
def _next_step_refs(r: _Context) -> None:
    """Elke genoemde vervolgstap (soort, antwoord, regel, standaard) bestaat in procedure.yaml."""
    for i, pt in enumerate(r.types.values()):
        for j, s in enumerate(pt.get("next_steps", [])):
            r.ref("provider_types", ["provider_types", i, "next_steps", j], s, r.steps, "vervolgstap")
    for i, c in enumerate(r.conditions):
        for j, s in enumerate(c.get("next_steps", [])):
            r.ref("conditions", ["conditions", i, "next_steps", j], s, r.steps, "vervolgstap")
    for i, q in enumerate(r.questions):
        for j, o in enumerate(q.get("options", [])):
            for k, s in enumerate(o.get("next_steps", [])):
                r.ref("questions", ["questions", i, "options", j, "next_steps", k], s, r.steps, "vervolgstap")
            for verdict, change in o.get("outcomes", {}).items():
                for k, s in enumerate(change.get("next_steps", [])):
                    r.ref("questions", ["questions", i, "options", j, "outcomes", verdict, "next_steps", k], s, r.steps, "vervolgstap")
    for verdict, ids in r.files["procedure"]["default_next_steps"].items():
        for j, s in enumerate(ids):
            r.ref("procedure", ["default_next_steps", verdict, j], s, r.steps, "vervolgstap")


@_rule
def _contact_refs(r: _Context) -> None:
    """Een antwoord met effect: contact noemt een bestaand contact uit contacts.yaml."""
    contacts = {c["id"] for c in r.files["contacts"]["contacts"]}
    for i, q in enumerate(r.questions):
        for j, o in enumerate(q.get("options", [])):
            path = ["questions", i, "options", j]
            if o.get("contact"):
                r.ref("questions", [*path, "contact"], o["contact"], contacts, "contactpersoon")
            elif o.get("effect") in ("contact", "arrangement"):
                r.at(
                    "questions",
                    path,
                    f"effect: {o['effect']} vraagt om een contact (id uit contacts.yaml): met wie neemt de aanbieder contact op? Voeg contact: <id> toe.",
                )


@_rule
def _question_options(r: _Context) -> None:
    """Een keuzevraag heeft antwoorden, elk met een eigen value; andere vragen hebben er geen."""
    for i, q in enumerate(r.questions):
        path = ["questions", i]
        if q["type"] == "choice" and not q.get("options"):
            r.at("questions", path, f"keuzevraag '{q['id']}' heeft geen options. Voeg minstens twee antwoorden toe.")
        if q["type"] != "choice" and q.get("options"):
            r.at("questions", [*path, "options"], f"vraag '{q['id']}' van type {q['type']} heeft geen options nodig. Haal ze weg.")
        seen: dict[str, int] = {}
        for j, o in enumerate(q.get("options", [])):
            if o["value"] in seen:
                r.at(
                    "questions",
                    [*path, "options", j, "value"],
                    f"antwoord {j + 1} heeft dezelfde value '{o['value']}' als antwoord {seen[o['value']] + 1}. Geef elk antwoord een eigen value.",
                )
            seen.setdefault(o["value"], j)


@_rule
def _ask_if_refs(r: _Context) -> None:
    """ask_if noemt een andere, bestaande keuzevraag en een antwoord dat die vraag kan krijgen."""
    for name, path, item in r.asking:
        for qid, value in item.get("ask_if", {}).items():
            where = [*path, "ask_if", qid]
            if qid == item["id"]:
                r.at(name, where, f"vraag '{qid}' hangt in ask_if van zichzelf af en wordt dus nooit gesteld. Noem een eerdere vraag.")
            elif qid not in r.answers:
                r.ref(name, where, qid, r.answers, "vraag")
            elif r.answers[qid] is None:
                r.at(name, where, f"vraag '{qid}' is geen keuzevraag; ask_if kan alleen afhangen van een keuzevraag.")
            elif value not in r.answers[qid]:
                r.at(name, where, f"vraag '{qid}' heeft geen antwoord '{value}'. Kies uit: {', '.join(sorted(r.answers[qid] or ()))}.")


@_rule
def _not_if_refs(r: _Context) -> None:
    """not_if van een datum in het tijdpad noemt een bestaande keuzevraag en een antwoord dat die vraag kan krijgen."""
    for i, item in enumerate(r.files["procedure"]["timeline"]):
        for qid, value in item.get("not_if", {}).items():
            where = ["timeline", i, "not_if", qid]
            if qid not in r.answers:
                r.ref("procedure", where, qid, r.answers, "vraag")
            elif r.answers[qid] is None:
                r.at("procedure", where, f"vraag '{qid}' is geen keuzevraag; not_if kan alleen afhangen van een keuzevraag.")
            elif value not in r.answers[qid]:
                r.at("procedure", where, f"vraag '{qid}' heeft geen antwoord '{value}'. Kies uit: {', '.join(sorted(r.answers[qid] or ()))}.")


@_rule
def _ask_if_order(r: _Context) -> None:
    """ask_if hangt alleen af van een vraag die eerder wordt gesteld, aan elke soort waarvoor deze vraag geldt."""
    policy = r.policy
    for name, path, item in r.asking:
        ask_if = item.get("ask_if", {})
        if not ask_if or item["id"] not in policy.questions:
            continue
        for qid in ask_if:
            if qid == item["id"] or qid not in r.answers:
                continue  # reported by ask-if-refs
            missing, later = [], []
            for pid, pt in policy.provider_types.items():
                order = [q.id for q in policy.questions_for(pid)]
                if item["id"] not in order:
                    continue
                if qid not in order:
                    missing.append(pt.label)
                elif order.index(qid) > order.index(item["id"]):
                    later.append(pt.label)
            where = [*path, "ask_if", qid]
            if missing:
                r.at(
                    name,
                    where,
                    f"vraag '{qid}' wordt niet gesteld aan {', '.join(missing)}, dus deze vraag zou daar nooit komen. "
                    f"Beperk provider_types van deze vraag, of laat '{qid}' ook voor die soort gelden.",
                )
            if later:
                r.at(
                    name,
                    where,
                    f"vraag '{qid}' wordt pas na deze vraag gesteld ({', '.join(later)}). Laat haar afhangen van een eerdere vraag, of zet haar stage later.",
                )


@_rule
def _blocking_conditions_are_assessed(r: _Context) -> None:
    """Een voorwaarde die een contract blokkeert heeft een vraag, of assessed_by: asr, of is de inkoopregel (refusal) van een soort."""
    routed = {cid for pt in r.types.values() for cid in _named(pt.get("refusal"))}
    for i, c in enumerate(r.conditions):
        if c["kind"] == "expectation" or c.get("question") or c.get("assessed_by") == "asr" or c["id"] in routed:
            continue
        r.at(
            "conditions",
            ["conditions", i],
            f"voorwaarde '{c['id']}' blokkeert een contract maar heeft geen question, dus de checker toetst haar nooit. "
            "Voeg een question toe, of zet assessed_by: asr als a.s.r. dit zelf beoordeelt.",
        )


@_rule
def _policy_tests(r: _Context) -> None:
    """De beleidstests (tests.yaml) noemen bestaande soorten, vragen, voorwaarden en stappen, en antwoorden die kunnen."""
    types, answers, conditions = set(r.types), r.answers, r.condition_ids
    refs = {
        "unmet": (conditions, "voorwaarde"),
        "expectations": (conditions, "voorwaarde"),
        "conditional_expectations": (conditions, "voorwaarde"),
        "asr_assesses": (conditions, "voorwaarde"),
        "contacts": (set(answers) | types, "vraag"),
        "arrangements": (set(answers), "vraag"),
        "next_steps": (r.steps, "vervolgstap"),
        "not_next_steps": (r.steps, "vervolgstap"),
        "asked": (set(answers), "vraag"),
        "not_asked": (set(answers) | conditions, "vraag"),
    }
    for i, case in enumerate(r.files["tests"]["cases"]):
        path = ["cases", i]
        r.ref("tests", [*path, "type"], case["type"], types, "soort zorgaanbieder")
        for qid, value in case.get("answers", {}).items():
            if qid == RECHECK_KEY:
                # Not a question: the choice to check the conditions anyway after an existing contract.
                if value != RECHECK_YES:
                    message = f"'{RECHECK_KEY}' kan alleen '{RECHECK_YES}' zijn (toch de voorwaarden nagaan). Zet '{RECHECK_YES}' of haal het weg."
                    r.at("tests", [*path, "answers", qid], message)
            elif qid not in answers:
                r.ref("tests", [*path, "answers", qid], qid, answers, "vraag")
            elif answers[qid] is not None and value not in answers[qid]:
                r.at("tests", [*path, "answers", qid], f"vraag '{qid}' heeft geen antwoord '{value}'. Kies uit: {', '.join(sorted(answers[qid]))}.")
        for key, (known, what) in refs.items():
            for j, ident in enumerate(case.get(key, [])):
                r.ref("tests", [*path, key, j], ident, known, what)
        if "first_question" in case:
            r.ref("tests", [*path, "first_question"], case["first_question"], answers, "vraag")


def _known_placeholders(r: _Context) -> set[str]:
    """{soort}, {zorg} plus what the questions fill."""
    filled = {q["fills"] for q in r.questions if q.get("fills")}
    return set(BUILTIN_PLACEHOLDERS) | filled


def _placeholder_problem(name: str, spec: str | None, conversion: str | None, known: set[str], allowed: str) -> str | None:
    """What is wrong with one {placeholder} of a mail text, or None."""
    written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec is not None and spec != "" else "") + "}"
    base = re.split(r"[.\[]", name, maxsplit=1)[0]
    if conversion or spec or base != name:
        fix = f"Schrijf alleen de naam, bijv. {{{base}}}." if base in known else f"Gebruik alleen {allowed}."
        return f"invulplek {written} heeft opmaak (!, :, . of [). {fix}"
    if name not in known:
        return f"onbekende invulplek {written}. Gebruik alleen {allowed}."
    return None


@_rule
def _mail_placeholders(r: _Context) -> None:
    """Mailteksten gebruiken alleen {soort}, {zorg} en invulplekken die een vraag vult (fills), zonder opmaak."""
    known = _known_placeholders(r)
    allowed = ", ".join(f"{{{k}}}" for k in sorted(known))
    for i, s in enumerate(r.files["procedure"]["next_steps"]):
        for field in ("subject", "body"):
            if not s.get("mailto"):
                continue
            where = ["next_steps", i, "mailto", field]
            try:
                parts = list(string.Formatter().parse(s["mailto"][field]))
            except ValueError:
                r.at("procedure", where, "losse { of } in de mailtekst. Schrijf {{ of }} voor een accolade, of een invulplek zoals {soort}.")
                continue
            for _, name, spec, conversion in parts:
                problem = None if name is None else _placeholder_problem(name, spec, conversion, known, allowed)
                if problem:
                    r.at("procedure", where, problem)


@_rule
def _terms(r: _Context) -> None:
    """Elk begrip in terms.yaml staat er één keer in, met een eigen id en een bestaande bronsectie."""
    seen_ids: dict[str, int] = {}
    spelled: dict[str, int] = {}
    for i, t in enumerate(r.files["terms"]["terms"]):
        if t["id"] in seen_ids:
            r.at("terms", ["terms", i, "id"], f"id '{t['id']}' komt twee keer voor (begrip). Geef elk begrip een eigen id.")
        seen_ids.setdefault(t["id"], i)
        if t["term"] in spelled:
            r.at("terms", ["terms", i, "term"], f"begrip '{t['term']}' staat er twee keer in. Voeg de betekenissen samen tot één.")
        spelled.setdefault(t["term"], i)
        if t.get("source"):
            r.ref("terms", ["terms", i, "source", "section"], t["source"]["section"], r.section_ids, "sectie")


@_rule
def _timeline_dates(r: _Context) -> None:
    """Data in het tijdpad vallen in het beleidsjaar of het jaar ervoor."""
    year = int(r.year_dir)
    for i, t in enumerate(r.files["procedure"]["timeline"]):
        named = t.get("provider_types", ALL)
        for j, pid in enumerate([] if named == ALL else named):
            r.ref("procedure", ["timeline", i, "provider_types", j], pid, r.types, "soort zorgaanbieder")
        found = dt.date.fromisoformat(t["date"]).year
        if not year - 1 <= found <= year:
            r.at("procedure", ["timeline", i, "date"], f"datum {t['date']} ligt niet in {year - 1} of {year}. Controleer het jaartal.")


# -- addresses: typed once, one plain address each -----------------------------------------

# One e-mail address and nothing more: local@domain. No ?, &, =, comma, semicolon, space or
# %: each of those can turn a mailto: link into one with more recipients or headers.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ADDRESS_BREAKERS = {"?": "een vraagteken", "&": "een &-teken", "=": "een =-teken", ",": "een komma", ";": "een puntkomma", "%": "een %-teken"}


def _address_problem(email: str) -> str | None:
    """What is wrong with a contact's e-mail address, in Dutch, or None."""
    if PLAIN_ADDRESS.fullmatch(email):
        return None
    found = next((name for ch, name in _ADDRESS_BREAKERS.items() if ch in email), None)
    if found is None and any(ch.isspace() for ch in email):
        found = "een spatie of regeleinde"
    why = f": er staat {found} in" if found else ""
    return (
        f"e-mailadres {email!r} is geen los adres{why}. Schrijf precies één adres als naam@domein "
        "(bijv. geboortezorg@asr.nl), zonder ?, &, komma, puntkomma, spatie of %."
    )


@_rule
def _plain_addresses(r: _Context) -> None:
    """Elk e-mailadres in contacts.yaml is precies één adres (naam@domein), zonder ?, &, komma, puntkomma, spatie of %."""
    for i, c in enumerate(r.files["contacts"]["contacts"]):
        problem = _address_problem(c["email"]) if isinstance(c.get("email"), str) else None
        if problem:
            r.at("contacts", ["contacts", i, "email"], problem)


@_rule
def _mail_contacts(r: _Context) -> None:
    """Een e-mailknop (mailto) noemt met contact de id van een contact in contacts.yaml dat een e-mailadres heeft."""
    contacts = {c["id"]: c for c in r.files["contacts"]["contacts"]}
    for i, s in enumerate(r.files["procedure"]["next_steps"]):
        if not s.get("mailto"):
            continue
        where, ident = ["next_steps", i, "mailto", "contact"], s["mailto"]["contact"]
        if ident not in contacts:
            r.ref("procedure", where, ident, contacts, "contactpersoon")
        elif not contacts[ident].get("email"):
            r.at("procedure", where, f"contact '{ident}' heeft geen e-mailadres in contacts.yaml. Kies een contact met email, of voeg het adres daar toe.")


# -- characters that change what a text says -------------------------------------------------

# Why these: each is invisible or moves text around, so a text reads differently on the site
# than in the file (U+202E shows "lanoisseforp" as "professional"), or it hides a
# difference (BEN and BEN with a zero-width space are two terms). Newline and tab are text.
INVISIBLE = {
    0x061C: "Arabische tekstrichtingsmarkering",
    0x200B: "breedteloze spatie",
    0x200C: "breedteloze niet-verbinder",
    0x200D: "breedteloze verbinder",
    0x200E: "links-naar-rechts-markering",
    0x200F: "rechts-naar-links-markering",
    0x202A: "links-naar-rechts-inbedding",
    0x202B: "rechts-naar-links-inbedding",
    0x202C: "einde tekstrichting",
    0x202D: "links-naar-rechts-overschrijving",
    0x202E: "rechts-naar-links-overschrijving (keert tekst om)",
    0x2060: "onzichtbare woordverbinder",
    0x2066: "links-naar-rechts-isolatie",
    0x2067: "rechts-naar-links-isolatie",
    0x2068: "eerste-sterke-isolatie",
    0x2069: "einde isolatie",
    0xFEFF: "onzichtbare bytevolgordemarkering (BOM)",
}
CONTROL_NAMES = {
    0x00: "nulteken (NUL)",
    0x07: "belteken (BEL)",
    0x08: "backspace (BS)",
    0x0D: "regelterugloop (CR)",
    0x1B: "escapeteken (ESC)",
    0x7F: "wisteken (DEL)",
}


def character_name(ch: str) -> str | None:
    """The Dutch name of a character that may not be in a text, or None when it may."""
    code = ord(ch)
    if code in INVISIBLE:
        return INVISIBLE[code]
    if ch in "\n\t":
        return None
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return CONTROL_NAMES.get(code, "stuurteken")
    return None


def _scalars(node: Any) -> Any:
    """Every scalar of a YAML node tree, keys included, each once (aliases share nodes)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node.value, str):
            yield node
        elif node.value and isinstance(node.value[0], tuple):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        else:
            stack.extend(reversed(node.value))


def _character_line(node: Any, at: int) -> int:
    """The line of a character in a scalar: exact in a literal block (|), else the line
    where the text starts (folding has joined its lines)."""
    first = node.start_mark.line + 1
    return first + 1 + node.value[:at].count("\n") if node.style == "|" else first


@_rule
def _plain_characters(r: _Context) -> None:
    """Geen tekst bevat onzichtbare tekens of stuurtekens (tekstrichting zoals U+202E, breedteloze spatie, ESC, BEL); alleen regeleinde en tab."""
    for name in r.files:
        for node in _scalars(r.lines[name].node):
            for at, ch in enumerate(node.value):
                what = character_name(ch)
                if what is None:
                    continue
                before = " ".join(node.value[max(0, at - 30) : at].split()[-4:])
                after = f' na "{before}"' if before else " aan het begin van de tekst"
                r.problems.append(
                    Problem(
                        f"{r.prefix}/{name}.yaml",
                        _character_line(node, at),
                        f"onzichtbaar teken U+{ord(ch):04X} ({what}){after}. Dit teken verandert hoe de tekst wordt getoond; haal het weg.",
                    )
                )


def cross_check(files: dict[str, Any], lines: dict[str, Lines], prefix: str, year_dir: str) -> list[Problem]:
    context = _Context(files, lines, prefix, year_dir)
    for rule in RULES:
        rule.check(context)
    return context.problems
