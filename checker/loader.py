"""Read and validate the policy YAML of one or more years (CPython only).

Why every problem is collected, not raised at the first: the purchasing team fixes a
file in one go when they see all its problems, each as `file:line: what. fix.`
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from .model import ALL, FILES, Policy

DATA_DIR = Path(__file__).resolve().parent.parent / "policy_data"
SCHEMA_DIR_NAME = "schema"
YEAR_DIR = re.compile(r"^\d{4}$")
# libyaml's parser where the wheel has it: the same YAML, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One data error, with enough to find and fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised with every problem found; str() is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# -- YAML with line numbers -------------------------------------------------------------


class _Lines:
    """Maps a path inside a YAML document (keys and indexes) to its line number."""

    def __init__(self, node: yaml.Node | None):
        self.node = node

    def line(self, path: list[Any] | tuple[Any, ...]) -> int | None:
        node = self.node
        best = node.start_mark.line + 1 if node is not None else None
        for key in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                node = None
            if node is None:
                break
            best = node.start_mark.line + 1
        return best


def _read_yaml(path: Path, label: str) -> tuple[Any, _Lines, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, _Lines(None), [Problem(label, None, "bestand ontbreekt. Maak het aan (kopieer het uit het vorige jaar).")]
    except UnicodeDecodeError as exc:
        return None, _Lines(None), [Problem(label, None, f"bestand is geen UTF-8 ({exc.reason}). Sla het op als UTF-8.")]
    try:
        # Parse once: the node tree keeps line numbers, the data is built from it.
        parser = _Loader(text)
        try:
            node = parser.get_single_node()
            data = parser.construct_document(node) if node is not None else None
        finally:
            parser.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        hint = "Controleer inspringing, dubbele punten en aanhalingstekens op deze regel of de regel erboven."
        what = f"YAML-fout: {problem}" + (f" ({context})" if context else "")
        return None, _Lines(None), [Problem(label, mark.line + 1 if mark else None, f"{what}. {hint}")]
    if data is None:
        return None, _Lines(None), [Problem(label, None, "bestand is leeg. Vul het volgens het schema in policy_data/schema/.")]
    return data, _Lines(node), []


# -- schema ------------------------------------------------------------------------------


def _schema(data_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((data_dir / SCHEMA_DIR_NAME / f"{name}.schema.json").read_text(encoding="utf-8"))


def _describe(error: Any) -> str:
    """A Dutch message with a fix for one jsonschema error."""
    v, val, schema = error.validator, error.validator_value, error.schema
    where = "/".join(str(p) for p in error.absolute_path) or "bovenste niveau"
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return f"verplicht veld '{missing[0] if missing else val}' ontbreekt bij {where}. Voeg het toe."
    if v == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        known = list(schema.get("properties", {}))
        out = []
        for name in extra:
            close = difflib.get_close_matches(name, known, n=1)
            tip = f" Bedoelt u '{close[0]}'?" if close else f" Toegestaan: {', '.join(known)}."
            out.append(f"onbekend veld '{name}' bij {where}.{tip}")
        return " ".join(out) or f"onbekend veld bij {where}. Toegestaan: {', '.join(known)}."
    if v == "enum":
        close = difflib.get_close_matches(str(error.instance), [str(x) for x in val], n=1)
        tip = f" Bedoelt u '{close[0]}'?" if close else ""
        return f"waarde {error.instance!r} bij {where} is niet toegestaan; kies uit: {', '.join(map(str, val))}.{tip}"
    if v == "const":
        return f"waarde bij {where} moet {json.dumps(val)} zijn."
    if v == "type":
        names = {"string": "tekst", "integer": "geheel getal", "boolean": "true of false", "array": "lijst (regels met '- ')", "object": "sleutels met waarden"}
        want = " of ".join(names.get(t, t) for t in (val if isinstance(val, list) else [val]))
        return f"{where} moet {want} zijn, niet {type(error.instance).__name__} {str(error.instance)[:40]!r}."
    if v == "pattern":
        if "id" in where.split("/")[-1:] or "a-z0-9]+(-" in val:
            return f"{error.instance!r} bij {where} is geen geldige id. Gebruik kleine letters, cijfers en streepjes, bijv. 'alle-kvk'."
        return f"{error.instance!r} bij {where} heeft niet de juiste vorm (patroon {val})."
    if v == "format":
        fix = {"date": "Schrijf een bestaande datum als JJJJ-MM-DD, bijv. 2023-11-01.", "email": "Schrijf een geldig e-mailadres."}
        return f"{error.instance!r} bij {where} is geen geldige {val}. {fix.get(val, '')}".strip()
    if v in ("minItems", "minLength"):
        return f"{where} is leeg of te kort. Vul het in."
    if v in ("minimum", "maximum"):
        return f"{error.instance!r} bij {where} valt buiten het toegestane bereik."
    if v in ("oneOf", "anyOf"):
        if "blocks" in where.split("/"):
            return f"blok bij {where} moet precies één soort inhoud hebben (p, list, conditions, table, note, …), eventueel met een id."
        if "provider_types" in where:
            return f"{where} moet 'alle' zijn of een lijst met ids van soorten zorgaanbieders."
        return f"{where} heeft niet de juiste vorm."
    if v == "uniqueItems":
        return f"{where} bevat een waarde twee keer. Haal de dubbele weg."
    return f"{where}: {error.message}"


def _validate_schema(data: Any, schema: dict[str, Any], lines: _Lines, label: str) -> list[Problem]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(Problem(label, lines.line(list(error.absolute_path)), _describe(error)))
    return problems


# -- cross-file checks a schema cannot express ---------------------------------------------


class _Refs:
    """Collects ids with their locations and reports duplicates and dangling references."""

    def __init__(self, files: dict[str, Any], lines: dict[str, _Lines], prefix: str):
        self.files, self.lines, self.prefix = files, lines, prefix
        self.problems: list[Problem] = []

    def at(self, name: str, path: list[Any], message: str) -> None:
        self.problems.append(Problem(f"{self.prefix}/{name}.yaml", self.lines[name].line(path), message))

    def ids(self, name: str, key: str, items: list[dict[str, Any]], kind: str, seen: dict[str, str] | None = None) -> dict[str, str]:
        seen = {} if seen is None else seen
        for i, item in enumerate(items):
            ident = item.get("id")
            if ident in seen:
                self.at(name, [key, i, "id"], f"id '{ident}' komt twee keer voor ({kind}; eerder in {seen[ident]}). Geef elk een eigen id.")
            else:
                seen[ident] = f"{name}.yaml"
        return seen

    def ref(self, name: str, path: list[Any], value: Any, known: dict[str, Any] | set[str], what: str) -> None:
        if value not in known:
            close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
            tip = f" Bedoelt u '{close[0]}'?" if close else ""
            self.at(name, path, f"verwijzing naar onbekende {what} '{value}'.{tip}")


def _walk_sections(sections: list[dict[str, Any]], path: list[Any]):
    for i, section in enumerate(sections):
        here = [*path, i]
        yield section, here
        yield from _walk_sections(section.get("sections", []), [*here, "sections"])


def _cross_check(files: dict[str, Any], lines: dict[str, _Lines], prefix: str, year_dir: str) -> list[Problem]:
    r = _Refs(files, lines, prefix)
    meta = files["meta"]
    if str(meta.get("year")) != year_dir:
        r.at("meta", ["year"], f"jaar {meta.get('year')} hoort niet bij map {year_dir}. Zet year op {year_dir} of verplaats de map.")

    section_ids: dict[str, str] = {}
    listed: dict[str, list[Any]] = {}
    for section, path in _walk_sections(files["sections"]["sections"], ["sections"]):
        if section["id"] in section_ids:
            r.at("sections", [*path, "id"], f"sectie-id '{section['id']}' komt twee keer voor. Geef elke sectie een eigen id.")
        section_ids[section["id"]] = "sections.yaml"
        for b, block in enumerate(section.get("blocks", [])):
            for c, cid in enumerate(block.get("conditions", [])):
                listed.setdefault(cid, [*path, "blocks", b, "conditions", c])

    types = {p["id"]: p for p in files["provider_types"]["provider_types"]}
    r.ids("provider_types", "provider_types", files["provider_types"]["provider_types"], "soort zorgaanbieder")
    conditions = files["conditions"]["conditions"]
    questions = files["questions"]["questions"]
    qids = r.ids("conditions", "conditions", conditions, "voorwaarde")
    r.ids("questions", "questions", questions, "vraag", seen=dict(qids))
    steps = {s["id"]: s for s in files["procedure"]["next_steps"]}
    r.ids("procedure", "next_steps", files["procedure"]["next_steps"], "vervolgstap")
    r.ids("procedure", "timeline", files["procedure"]["timeline"], "tijdpad")
    contacts = {c["id"]: c for c in files["contacts"]["contacts"]}
    r.ids("contacts", "contacts", files["contacts"]["contacts"], "contact")
    r.ids("changes", "changes", files["changes"]["changes"], "wijziging")
    cond_ids = {c["id"]: c for c in conditions}
    answerable = {c["id"]: {"ja", "nee"} for c in conditions if c.get("question")}
    answerable.update({q["id"]: {o["value"] for o in q.get("options", [])} or None for q in questions})

    def check_types(name: str, path: list[Any], value: Any) -> None:
        if value == ALL:
            return
        for i, t in enumerate(value):
            r.ref(name, [*path, i], t, types, "soort zorgaanbieder")

    def check_source(name: str, path: list[Any], source: dict[str, Any] | None) -> None:
        if source:
            r.ref(name, [*path, "section"], source["section"], section_ids, "sectie")

    for i, pt in enumerate(types.values()):
        r.ref("provider_types", ["provider_types", i, "section"], pt["section"], section_ids, "sectie")
        if pt.get("refusal"):
            r.ref("provider_types", ["provider_types", i, "refusal"], pt["refusal"], cond_ids, "voorwaarde")
            if pt["contractable"]:
                r.at("provider_types", ["provider_types", i, "refusal"], "refusal mag alleen bij contractable: false.")
        if pt.get("verdict_if_met") == "contact" and not pt.get("contact_reason"):
            r.at("provider_types", ["provider_types", i], "verdict_if_met: contact vraagt om een contact_reason. Voeg de uitleg toe.")
        for j, s in enumerate(pt.get("next_steps", [])):
            r.ref("provider_types", ["provider_types", i, "next_steps", j], s, steps, "vervolgstap")

    def check_ask_if(name: str, path: list[Any], ask_if: dict[str, str]) -> None:
        for qid, value in ask_if.items():
            if qid not in answerable:
                r.ref(name, [*path, "ask_if", qid], qid, answerable, "vraag")
            elif answerable[qid] is not None and value not in answerable[qid]:
                r.at(name, [*path, "ask_if", qid], f"vraag '{qid}' heeft geen antwoord '{value}'. Kies uit: {', '.join(sorted(answerable[qid]))}.")

    for i, c in enumerate(conditions):
        check_types("conditions", ["conditions", i, "provider_types"], c["provider_types"])
        check_source("conditions", ["conditions", i, "source"], c["source"])
        check_ask_if("conditions", ["conditions", i], c.get("ask_if", {}))
    for i, q in enumerate(questions):
        path = ["questions", i]
        check_types("questions", [*path, "provider_types"], q["provider_types"])
        check_source("questions", [*path, "source"], q["source"])
        check_ask_if("questions", path, q.get("ask_if", {}))
        if q["type"] == "choice" and not q.get("options"):
            r.at("questions", path, f"keuzevraag '{q['id']}' heeft geen options. Voeg minstens twee antwoorden toe.")
        if q["type"] != "choice" and q.get("options"):
            r.at("questions", [*path, "options"], f"vraag '{q['id']}' van type {q['type']} heeft geen options nodig. Haal ze weg.")
        for j, o in enumerate(q.get("options", [])):
            opath = [*path, "options", j]
            if o.get("effect") == "contact":
                if not o.get("contact"):
                    r.at("questions", opath, "effect: contact vraagt om een contact (id uit contacts.yaml).")
                else:
                    r.ref("questions", [*opath, "contact"], o["contact"], contacts, "contactpersoon")
            for k, s in enumerate(o.get("next_steps", [])):
                r.ref("questions", [*opath, "next_steps", k], s, steps, "vervolgstap")
    for i, s in enumerate(files["procedure"]["next_steps"]):
        check_source("procedure", ["next_steps", i, "source"], s.get("source"))
        if s.get("mailto"):
            for field in ("subject", "body"):
                unknown = set(re.findall(r"{(\w*)}", s["mailto"][field])) - {"agb", "praktijknaam", "soort"}
                if unknown:
                    r.at(
                        "procedure",
                        ["next_steps", i, "mailto", field],
                        f"onbekende invulplek {{{', '.join(sorted(unknown))}}}. Gebruik alleen {{agb}}, {{praktijknaam}} en {{soort}}.",
                    )
    for verdict, ids in files["procedure"]["default_next_steps"].items():
        for j, s in enumerate(ids):
            r.ref("procedure", ["default_next_steps", verdict, j], s, steps, "vervolgstap")
    for i, t in enumerate(files["procedure"]["timeline"]):
        check_source("procedure", ["timeline", i, "source"], t["source"])
        check_types("procedure", ["timeline", i, "provider_types"], t.get("provider_types", ALL))
        year = dt.date.fromisoformat(t["date"]).year
        if not int(year_dir) - 1 <= year <= int(year_dir):
            r.at("procedure", ["timeline", i, "date"], f"datum {t['date']} ligt niet in {int(year_dir) - 1} of {year_dir}. Controleer het jaartal.")
    for i, c in enumerate(files["contacts"]["contacts"]):
        check_source("contacts", ["contacts", i, "source"], c.get("source"))
    for i, ch in enumerate(files["changes"]["changes"]):
        if ch.get("section"):
            r.ref("changes", ["changes", i, "section"], ch["section"], section_ids, "sectie")
        for j, cid in enumerate(ch.get("conditions", [])):
            r.ref("changes", ["changes", i, "conditions", j], cid, cond_ids, "voorwaarde")
    for cid, path in listed.items():
        r.ref("sections", path, cid, cond_ids, "voorwaarde")
    # Terms: each written once, each source a real section (the glossary links to it).
    r.ids("terms", "terms", files["terms"]["terms"], "begrip")
    spelled: dict[str, int] = {}
    for i, t in enumerate(files["terms"]["terms"]):
        check_source("terms", ["terms", i, "source"], t.get("source"))
        if t["term"] in spelled:
            r.at("terms", ["terms", i, "term"], f"begrip '{t['term']}' staat er twee keer in. Voeg de betekenissen samen tot één.")
        spelled.setdefault(t["term"], i)
    return r.problems


# -- entry points -------------------------------------------------------------------------


def read_year_files(year_dir: Path, data_dir: Path | None = None) -> dict[str, Any]:
    """Read and validate one year folder; raises DataError listing every problem."""
    data_dir = data_dir or year_dir.parent
    prefix = f"{data_dir.name}/{year_dir.name}" if data_dir.name else year_dir.name
    files: dict[str, Any] = {}
    lines: dict[str, _Lines] = {}
    problems: list[Problem] = []
    if not YEAR_DIR.match(year_dir.name):
        raise DataError([Problem(prefix, None, "de map van een beleidsjaar heet naar het jaar, bijv. policy_data/2025.")])
    for name in FILES:
        label = f"{prefix}/{name}.yaml"
        data, line_map, found = _read_yaml(year_dir / f"{name}.yaml", label)
        if not found:
            found = _validate_schema(data, _schema(data_dir, name), line_map, label)
        problems += found
        files[name], lines[name] = data, line_map
    if not problems:
        problems += _cross_check(files, lines, prefix, year_dir.name)
    if problems:
        raise DataError(problems)
    return files


def years(data_dir: Path = DATA_DIR) -> list[int]:
    """The policy years present, oldest first."""
    return sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and YEAR_DIR.match(p.name))


def load_policy(year: int | None = None, data_dir: Path = DATA_DIR) -> Policy:
    """Load one year (default: the latest) as a validated Policy."""
    available = years(data_dir)
    if not available:
        raise DataError([Problem(str(data_dir), None, "geen beleidsjaren gevonden. Maak een map zoals policy_data/2024.")])
    if year is None:
        year = available[-1]
    if year not in available:
        raise DataError([Problem(str(data_dir), None, f"beleidsjaar {year} bestaat niet; beschikbaar: {', '.join(map(str, available))}.")])
    return Policy.from_data(read_year_files(data_dir / str(year), data_dir))


def statuses(data_dir: Path = DATA_DIR) -> dict[int, str]:
    """Each year's status (definitief/concept) from its meta.yaml alone: enough to decide
    what a build publishes without validating every year again (make validate did)."""
    found: dict[int, str] = {}
    for year in years(data_dir):
        meta, _, problems = _read_yaml(data_dir / str(year) / "meta.yaml", f"{data_dir.name}/{year}/meta.yaml")
        if not isinstance(meta, dict):
            raise DataError(problems or [Problem(f"{data_dir.name}/{year}/meta.yaml", None, "meta.yaml heeft geen velden. Vul het volgens het schema.")])
        found[year] = str(meta.get("status"))
    return found


def load_all(data_dir: Path = DATA_DIR) -> dict[int, Policy]:
    """Every year, validated; one DataError with the problems of all years together."""
    problems: list[Problem] = []
    policies: dict[int, Policy] = {}
    for year in years(data_dir):
        try:
            policies[year] = Policy.from_data(read_year_files(data_dir / str(year), data_dir))
        except DataError as exc:
            problems += exc.problems
    stray = [p for p in data_dir.iterdir() if p.is_dir() and p.name != SCHEMA_DIR_NAME and not YEAR_DIR.match(p.name)]
    problems += [Problem(f"{data_dir.name}/{p.name}", None, "map is geen beleidsjaar. Noem de map naar het jaar (bijv. 2025) of haal hem weg.") for p in stray]
    if problems:
        raise DataError(problems)
    if not policies:
        raise DataError([Problem(str(data_dir), None, "geen beleidsjaren gevonden. Maak een map zoals policy_data/2024.")])
    return policies
