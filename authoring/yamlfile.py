"""Read one YAML file of policy data: limits against data that exhausts the machine, and
libyaml's English errors in Dutch, always with a line (CPython only).

Why on the node tree: libyaml composes a tree of nodes in which an alias (*naam) is the
same node as its anchor (&naam), so the tree stays small even when the data it stands for
would not fit in memory. Depth, size and huge numbers are checked there, before Python
objects are made and long before the JSON Schema walks them.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

# Far above what policy data needs (today: depth 11, 1423 values in the largest file).
MAX_DEPTH = 40
MAX_VALUES = 200_000
# A year, an amount: never more digits than this. Python refuses above 4300 anyway.
MAX_DIGITS = 18
INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
QUOTE_HINT = "Controleer inspringing, dubbele punten en aanhalingstekens op deze regel of de regel erboven."


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser where the wheel has it (the same YAML, several times faster), with a
    date such as `date: 2024-11-01` read as the text it is, just like `date: "2024-11-01"`:
    the schema wants the text, and the team should not have to know about quotes."""


_Loader.add_constructor(TIMESTAMP_TAG, lambda loader, node: loader.construct_scalar(node))


@dataclass(frozen=True)
class Parsed:
    """What reading one file gives: the data and its node tree (for line numbers), or problems."""

    data: Any
    node: yaml.Node | None
    problems: list[Problem]


# -- reading the file ----------------------------------------------------------------------

# Why by errno: strerror is English ("Permission denied"); the team reads Dutch.
OS_ERRORS = {
    errno.ENOENT: "bestand ontbreekt. Maak het aan (kopieer het uit het vorige jaar).",
    errno.EACCES: "bestand is niet te lezen (geen leesrechten). Geef uzelf leesrechten op het bestand.",
    errno.EPERM: "bestand is niet te lezen (geen toestemming). Geef uzelf leesrechten op het bestand.",
    errno.EISDIR: "is een map, geen bestand. Haal de map weg en zet het YAML-bestand terug.",
    errno.ELOOP: "is een snelkoppeling (symbolische link) die naar zichzelf verwijst. Vervang hem door het bestand zelf.",
    errno.ENXIO: "is geen gewoon bestand (een socket of apparaat). Zet het YAML-bestand terug.",
    errno.EEXIST: "er staat al een bestand of map met deze naam. Haal het weg of kies een andere naam.",
    errno.ENOSPC: "de schijf is vol. Maak ruimte vrij en probeer het opnieuw.",
    errno.EROFS: "deze plek is alleen-lezen. Kies een andere map.",
    errno.ENOTDIR: "een deel van dit pad is een bestand, geen map. Controleer de mappen van het beleidsjaar.",
}


def os_message(exc: OSError) -> str:
    """A Dutch sentence for a file that cannot be read or written."""
    code = errno.errorcode.get(exc.errno or 0, "onbekende fout")
    return OS_ERRORS.get(exc.errno or 0, f"bestand is niet te lezen of te schrijven ({code}). Controleer het bestand.")


def read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(label, None, os_message(exc))]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(label, line, "bestand is geen UTF-8 (een teken op deze regel is in een andere codering opgeslagen). Sla het op als UTF-8.")]


# -- libyaml's errors in Dutch -------------------------------------------------------------

# libyaml's words for what went wrong (exc.problem, exc.context), most specific first.
YAML_WORDS: list[tuple[str, str]] = [
    ("exceeded maximum nesting depth", f"de gegevens zijn te diep genest (meer dan {MAX_DEPTH} niveaus). Schrijf ze platter"),
    ("mapping values are not allowed", "een dubbele punt staat hier waar hij niet mag (bijv. 'naam: a: b'). Zet de tekst tussen aanhalingstekens"),
    ("block sequence entries are not allowed", "een lijstregel ('- ') staat hier waar hij niet mag. Controleer de inspringing"),
    ("could not find expected ':'", "een dubbele punt na de naam van een veld ontbreekt. Schrijf 'veld: waarde'"),
    ("did not find expected key", "de inspringing klopt niet: hier verwacht YAML een nieuw veld op dezelfde hoogte als de velden erboven"),
    ("did not find expected '-' indicator", "de inspringing klopt niet: hier verwacht YAML een lijstregel ('- ') op dezelfde hoogte als de regels erboven"),
    ("did not find expected ',' or ']'", "een lijst tussen [ en ] is niet goed afgesloten. Zet een komma tussen de waarden en sluit af met ]"),
    ("did not find expected ',' or '}'", "een blok tussen { en } is niet goed afgesloten. Zet een komma tussen de velden en sluit af met }"),
    ("did not find expected node content", "hier ontbreekt een waarde, of staat een teken dat YAML niet als begin van een waarde leest"),
    ("found unexpected end of stream", "een tekst tussen aanhalingstekens wordt niet afgesloten. Zet het sluitende aanhalingsteken"),
    ("found unknown escape character", "een backslash (\\) in een tekst tussen dubbele aanhalingstekens. Gebruik enkele aanhalingstekens of schrijf \\\\"),
    ("found a tab character", "een tab in de inspringing. Spring in met spaties"),
    (
        "found character that cannot start any token",
        "een teken waarmee geen waarde kan beginnen (vaak een tab, @ of `). Spring in met spaties, of zet de tekst tussen aanhalingstekens",
    ),
    ("found undefined alias", "een verwijzing (*naam) naar een anker (&naam) dat niet bestaat. Schrijf de waarde uit"),
    ("found duplicate anchor", "hetzelfde anker (&naam) staat twee keer in het bestand. Geef elk anker een eigen naam"),
    ("expected a single document", "het bestand bevat meer dan één document (een regel '---' of '...'). Haal die regel weg"),
    ("found unexpected document indicator", "een regel met '---' of '...' midden in een tekst. Zet de tekst tussen aanhalingstekens"),
    ("could not determine a constructor for the tag", "een label met ! (zoals !!python of !tekst) is hier niet toegestaan. Haal het weg"),
    ("found unhashable key", "de naam van een veld is een lijst of blok. Geef het veld een gewone naam"),
    ("for merging", "een samenvoeging (<<: *naam) wijst niet naar een blok met velden. Schrijf de velden uit"),
    ("did not find expected comment or line break", "na de waarde staat nog tekst op dezelfde regel. Zet de hele tekst tussen aanhalingstekens"),
    ("did not find expected alphabetic or numeric character", "na & of * hoort een naam. Zet een tekst die met & of * begint tussen aanhalingstekens"),
    ("found undefined tag handle", "een label met ! is hier niet toegestaan. Haal het weg of zet de tekst tussen aanhalingstekens"),
    ("did not find expected <document start>", "de regel past niet in de YAML van dit bestand. Controleer de inspringing"),
]


def _dutch(*english: str | None) -> str:
    said = " ".join(e for e in english if e)
    for words, dutch in YAML_WORDS:
        if words in said:
            return f"YAML-fout: {dutch}. {QUOTE_HINT}" if "inspringing" not in dutch else f"YAML-fout: {dutch}."
    return f"YAML-fout: deze regel is geen geldige YAML. {QUOTE_HINT}"


def yaml_problem(exc: yaml.YAMLError, text: str, label: str) -> Problem:
    """libyaml's error as one Dutch line, with the line it is on (1 when it names none)."""
    if isinstance(exc, yaml.reader.ReaderError):
        # The reader names a byte offset into the UTF-8 text, not a line.
        line = text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n") + 1
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        message = f"onzichtbaar stuurteken U+{character:04X} in de tekst (vaak meegekomen bij kopiëren). Haal het weg."
        return Problem(label, line, message)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    # A quote never closed is found at the end of the file; the slip is where it opens.
    if "end of stream" in str(getattr(exc, "problem", "")) and getattr(exc, "context_mark", None):
        mark = exc.context_mark
    return Problem(label, mark.line + 1 if mark else 1, _dutch(getattr(exc, "problem", None), getattr(exc, "context", None), str(exc)))


# -- limits on the node tree ---------------------------------------------------------------


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node) -> tuple[dict[int, tuple[int, int]], yaml.Node | None]:
    """Per node (by id) its height and how many values it stands for with every alias
    written out, each node measured once; and a node that contains itself, if any.
    Iterative: the tree can be as deep as libyaml allows (1000 levels)."""
    measured: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            kids = [measured[id(k)] for k in _children(node)]
            height = 1 + max((h for h, _ in kids), default=0)
            # Capped: a billion laughs would otherwise make numbers with hundreds of digits.
            measured[id(node)] = (height, min(1 + sum(size for _, size in kids), MAX_VALUES + 1))
            open_nodes.discard(id(node))
            continue
        if id(node) in measured:
            continue
        if id(node) in open_nodes:
            return measured, node
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node) if id(kid) not in measured)
    return measured, None


def _descend(root: yaml.Node, measured: dict[int, tuple[int, int]], index: int, limit: int) -> yaml.Node:
    """Follow the child that breaks the limit down to the node where it is first broken."""
    node, depth = root, 1
    while True:
        over = [k for k in _children(node) if measured[id(k)][index] > (limit - depth if index == 0 else limit)]
        if not over:
            return node
        node, depth = max(over, key=lambda k: measured[id(k)][index]), depth + 1


def _huge_number(root: yaml.Node, label: str) -> list[Problem]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag == INT_TAG and len(re.sub(r"[^0-9a-fA-F]", "", node.value)) > MAX_DIGITS:
            message = f"getal van {len(node.value)} tekens is te groot (hooguit {MAX_DIGITS} cijfers). "
            message += "Schrijf een gewoon getal, bijv. 2025, of zet tekst tussen aanhalingstekens."
            return [Problem(label, node.start_mark.line + 1, message)]
        stack.extend(_children(node))
    return []


def check_limits(root: yaml.Node, label: str) -> list[Problem]:
    """Refuse a tree that is too deep, that stands for too many values through aliases,
    that contains itself, or that holds a number too large to be a year or an amount."""
    measured, loop = _measure(root)
    if loop is not None:
        message = "een verwijzing (*naam) verwijst naar het blok waar ze zelf in staat. Schrijf de waarden uit, zonder & en *."
        return [Problem(label, loop.start_mark.line + 1, message)]
    height, size = measured[id(root)]
    if height > MAX_DEPTH:
        node = _descend(root, measured, 0, MAX_DEPTH)
        return [Problem(label, node.start_mark.line + 1, f"de gegevens zijn hier te diep genest (meer dan {MAX_DEPTH} niveaus). Schrijf ze platter.")]
    if size > MAX_VALUES:
        node = _descend(root, measured, 1, MAX_VALUES)
        message = f"door verwijzingen (&naam, *naam) staat dit blok voor meer dan {MAX_VALUES} waarden. Schrijf de waarden uit, zonder & en *."
        return [Problem(label, node.start_mark.line + 1, message)]
    return _huge_number(root, label)


def duplicate_keys(root: yaml.Node, label: str) -> list[Problem]:
    """A key written twice in one mapping. PyYAML silently keeps the last one, so a second
    `provider_types:` would quietly move a condition; the parsed node tree still has both."""
    problems: list[Problem] = []
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        # Aliases share a node object: visit each once.
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    earlier = first.get((key.tag, key.value))
                    if earlier is None:
                        first[(key.tag, key.value)] = line
                    else:
                        problems.append(
                            Problem(label, line, f"sleutel '{key.value}' staat twee keer in dit blok (ook op regel {earlier}). Haal een van beide weg.")
                        )
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(problems, key=lambda p: p.line or 0)


# -- the whole file --------------------------------------------------------------------------


def parse(text: str, label: str) -> Parsed:
    """Parse once: the node tree keeps line numbers, the data is built from it after the
    limits hold (the constructor folds merge keys (<<) into the tree, so checks that need
    the written keys get the tree first)."""
    parser = _Loader(text)
    try:
        node = parser.get_single_node()
        if node is None:
            return Parsed(None, None, [])
        found = check_limits(node, label)
        if found:
            return Parsed(None, None, found)
        duplicates = duplicate_keys(node, label)
        return Parsed(parser.construct_document(node), node, duplicates)
    except yaml.YAMLError as exc:
        return Parsed(None, None, [yaml_problem(exc, text, label)])
    except (ValueError, TypeError, RecursionError):
        # What the limits above should already refuse; never a traceback if one slips past.
        return Parsed(None, None, [Problem(label, 1, f"YAML-fout: dit bestand is niet te lezen. {QUOTE_HINT}")])
    finally:
        parser.dispose()
