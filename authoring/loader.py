"""Read and validate the policy YAML of one or more years (CPython only).

Why every problem is collected, not raised at the first: the purchasing team fixes a
file in one go when they see all its problems, each as `file:line: what. fix.`
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from checker.model import FILES, Policy

from .problems import DataError, Lines, Problem
from .rules import cross_check
from .yamlfile import parse, read_text

DATA_DIR = Path(__file__).resolve().parent.parent / "policy_data"
SCHEMA_DIR_NAME = "schema"
YEAR_DIR = re.compile(r"^\d{4}$")


def _read_yaml(path: Path, label: str) -> tuple[Any, Lines, list[Problem]]:
    text, problems = read_text(path, label)
    if text is None:
        return None, Lines(None), problems
    parsed = parse(text, label)
    if parsed.problems and parsed.node is None:
        return None, Lines(None), parsed.problems
    if parsed.data is None:
        return None, Lines(None), [Problem(label, None, "bestand is leeg. Vul het volgens het schema in policy_data/schema/.")]
    return parsed.data, Lines(parsed.node), parsed.problems


# -- schema ------------------------------------------------------------------------------


def _schema(data_dir: Path, name: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The JSON Schema of one file; a missing or broken schema is one Dutch line, not a traceback."""
    label = f"{data_dir.name}/{SCHEMA_DIR_NAME}/{name}.schema.json"
    fix = "Zet het schema van het project terug (git checkout -- policy_data/schema)."
    text, problems = read_text(data_dir / SCHEMA_DIR_NAME / f"{name}.schema.json", label)
    if text is None:
        return None, [Problem(p.file, p.line, p.message.replace("(kopieer het uit het vorige jaar)", "(het hoort bij het project)")) for p in problems]
    try:
        schema = json.loads(text)
        Draft202012Validator.check_schema(schema)
    except ValueError as exc:
        return None, [Problem(label, getattr(exc, "lineno", None), f"schema is geen geldige JSON. {fix}")]
    except SchemaError:
        return None, [Problem(label, None, f"schema is geen geldig JSON-schema. {fix}")]
    if not isinstance(schema, dict):
        return None, [Problem(label, None, f"schema is geen JSON-object. {fix}")]
    return schema, []


# Dutch names of the JSON types, for "moet … zijn".
TYPE_NAMES = {"string": "tekst", "integer": "geheel getal", "boolean": "true of false", "array": "lijst (regels met '- ')", "object": "sleutels met waarden"}
FORMAT_FIXES = {"date": "Schrijf een bestaande datum als JJJJ-MM-DD, bijv. 2023-11-01.", "email": "Schrijf een geldig e-mailadres."}
# Dutch names of what YAML made of a value, for "…, niet …".
VALUE_NAMES = {"str": "tekst", "int": "een getal", "float": "een getal", "bool": "true/false", "list": "een lijst", "dict": "een blok", "NoneType": "leeg"}
FORMAT_NAMES = {"date": "datum", "email": "e-mailadres"}
# What a pattern of the schema asks, in words: the team does not read regular expressions.
PATTERN_WORDS = {
    "^[0-9 -]+$": "alleen cijfers, spaties en streepjes",
    "^[0-9]+$": "alleen cijfers",
    "^[0-9]{2}$": "twee cijfers",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "een datum als JJJJ-MM-DD, bijv. 2025-11-01",
    "^[^@\\s]+@[^@\\s]+\\.[a-z]+$": "één e-mailadres, zoals naam@asr.nl",
    "^[a-z0-9.-]+\\.[a-z]+(/.*)?$": "een webadres zonder https://, zoals www.asr.nl",
    "^[a-z][a-z0-9_]*$": "kleine letters, cijfers en _, beginnend met een letter",
    "^[a-z_]+\\.yaml$": "de naam van een bestand in dezelfde map, zoals conditions.yaml",
    '^[^<>&"]+$': 'tekst zonder <, >, & of "',
}


def _where(error: Any) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "bovenste niveau"


def _required(error: Any) -> str:
    missing = re.findall(r"'([^']+)' is a required property", error.message)
    return f"verplicht veld '{missing[0] if missing else error.validator_value}' ontbreekt bij {_where(error)}. Voeg het toe."


def _additional(error: Any) -> str:
    where = _where(error)
    extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
    known = list(error.schema.get("properties", {}))
    out = []
    for name in extra:
        close = difflib.get_close_matches(name, known, n=1)
        tip = f" Bedoelt u '{close[0]}'?" if close else f" Toegestaan: {', '.join(known)}."
        out.append(f"onbekend veld '{name}' bij {where}.{tip}")
    return " ".join(out) or f"onbekend veld bij {where}. Toegestaan: {', '.join(known)}."


def _enum(error: Any) -> str:
    allowed = error.validator_value
    close = difflib.get_close_matches(str(error.instance), [str(x) for x in allowed], n=1)
    tip = f" Bedoelt u '{close[0]}'?" if close else ""
    return f"waarde {error.instance!r} bij {_where(error)} is niet toegestaan; kies uit: {', '.join(map(str, allowed))}.{tip}"


def _type(error: Any) -> str:
    val = error.validator_value
    want = " of ".join(TYPE_NAMES.get(t, t) for t in (val if isinstance(val, list) else [val]))
    got = VALUE_NAMES.get(type(error.instance).__name__, "iets anders")
    shown = "" if error.instance is None else f" {str(error.instance)[:40]!r}"
    return f"{_where(error)} moet {want} zijn, niet {got}{shown}."


def _pattern(error: Any) -> str:
    where, val = _where(error), error.validator_value
    if "id" in where.split("/")[-1:] or "a-z0-9]+(-" in val:
        return f"{error.instance!r} bij {where} is geen geldige id. Gebruik kleine letters, cijfers en streepjes, bijv. 'alle-kvk'."
    words = PATTERN_WORDS.get(val)
    fix = f" Schrijf {words}." if words else ""
    return f"{error.instance!r} bij {where} heeft niet de juiste vorm.{fix}"


def _format(error: Any) -> str:
    kind = error.validator_value
    return f"{error.instance!r} bij {_where(error)} is geen geldige {FORMAT_NAMES.get(kind, kind)}. {FORMAT_FIXES.get(kind, '')}".strip()


def _one_of(error: Any) -> str:
    where = _where(error)
    if "blocks" in where.split("/"):
        return f"blok bij {where} moet precies één soort inhoud hebben (p, list, conditions, table, note, …), eventueel met een id."
    if "provider_types" in where:
        return f"{where} moet 'alle' zijn of een lijst met ids van soorten zorgaanbieders."
    return f"{where} heeft niet de juiste vorm."


# One message per kind of schema error (jsonschema's `validator`); others keep its own words.
MESSAGES: dict[str, Callable[[Any], str]] = {
    "required": _required,
    "additionalProperties": _additional,
    "enum": _enum,
    "const": lambda e: f"waarde bij {_where(e)} moet {json.dumps(e.validator_value)} zijn.",
    "type": _type,
    "pattern": _pattern,
    "format": _format,
    "minItems": lambda e: f"{_where(e)} is leeg of te kort. Vul het in.",
    "minLength": lambda e: f"{_where(e)} is leeg of te kort. Vul het in.",
    "minimum": lambda e: f"{e.instance!r} bij {_where(e)} valt buiten het toegestane bereik.",
    "maximum": lambda e: f"{e.instance!r} bij {_where(e)} valt buiten het toegestane bereik.",
    "oneOf": _one_of,
    "anyOf": _one_of,
    "uniqueItems": lambda e: f"{_where(e)} bevat een waarde twee keer. Haal de dubbele weg.",
}


def _describe(error: Any) -> str:
    """A Dutch message with a fix for one jsonschema error."""
    message = MESSAGES.get(error.validator)
    return message(error) if message else f"{_where(error)}: {error.message}"


def _validate_schema(data: Any, schema: dict[str, Any], lines: Lines, label: str) -> list[Problem]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    # A value that is no valid date also breaks the date's pattern: say it once, in words.
    formats = {tuple(e.absolute_path) for e in errors if e.validator == "format"}
    errors = [e for e in errors if not (e.validator == "pattern" and tuple(e.absolute_path) in formats)]
    return [Problem(label, lines.line(list(error.absolute_path)), _describe(error)) for error in errors]


# -- entry points -------------------------------------------------------------------------


def read_year_files(year_dir: Path, data_dir: Path | None = None) -> dict[str, Any]:
    """Read and validate one year folder; raises DataError listing every problem."""
    data_dir = data_dir or year_dir.parent
    prefix = f"{data_dir.name}/{year_dir.name}" if data_dir.name else year_dir.name
    files: dict[str, Any] = {}
    lines: dict[str, Lines] = {}
    problems: list[Problem] = []
    if not YEAR_DIR.match(year_dir.name):
        raise DataError([Problem(prefix, None, "de map van een beleidsjaar heet naar het jaar, bijv. policy_data/2025.")])
    for name in FILES:
        label = f"{prefix}/{name}.yaml"
        data, line_map, found = _read_yaml(year_dir / f"{name}.yaml", label)
        if not found:
            schema, found = _schema(data_dir, name)
            found = found or _validate_schema(data, schema or {}, line_map, label)
        problems += found
        files[name], lines[name] = data, line_map
    if not problems:
        problems += cross_check(files, lines, prefix, year_dir.name)
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


def require_definitive(data_dir: Path = DATA_DIR) -> None:
    """A published build needs a definitive year for the root of the site: a draft there
    would be published with a banner saying it is not published."""
    found = statuses(data_dir)
    if any(status == "definitief" for status in found.values()):
        return
    latest = max(found) if found else None
    if latest is None:
        raise DataError([Problem(str(data_dir), None, "geen beleidsjaren gevonden. Maak een map zoals policy_data/2024.")])
    label = f"{data_dir.name}/{latest}/meta.yaml"
    _, lines, _ = _read_yaml(data_dir / str(latest) / "meta.yaml", label)
    message = (
        "er is geen definitief beleidsjaar om te publiceren (alle jaren zijn status: concept). "
        "Zet status: definitief zodra het beleid is vastgesteld; bekijk een concept met make serve."
    )
    raise DataError([Problem(label, lines.line(["status"]), message)])


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
