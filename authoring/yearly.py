"""The yearly update, guided: a draft copy of the newest year, the list of texts in it that
still name an earlier year or a date that moved, and the gate that keeps such a year from
being published until each item is edited or acknowledged (CPython only: reads YAML).

Why a list and not an automatic replace: "4 november 2022" may be a historic fact that
stays, "in 2024 gecontracteerde zorgaanbieders" may be meant; only the purchasing team
knows. So every item is shown once as `file:line: "old text"`, and an item that stays
is acknowledged as data in meta.yaml (`review.accepted`), visible in the pull request.
Stale text without a year is listed too: help texts and notes that speak of "vorig jaar",
glossary quotes the new source text no longer has, and the changes table new-year copied
(`copied_from` in changes.yaml) until it is rewritten or kept on purpose (`kept`).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.model import MONTHS

from .diff import compare, outcome_changes, to_markdown
from .loader import DataError, Problem, load_all, statuses, years
from .problems import Lines

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Years a policy text can mean; other 4-digit numbers (postcodes, amounts) are not years.
_YEAR = r"(?:19|20)\d{2}"
_MONTH = "(?:" + "|".join(MONTHS) + ")"
# The words that make a date a deadline belong to the old text ("uiterlijk 31 december 2023").
_PREFIX = r"(?:uiterlijk|vanaf|vóór|voor|tot en met|per)"
YEAR_PHRASE = re.compile(
    rf"(?:\b{_PREFIX}\s+)?(?:\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+)?\b(?P<year>{_YEAR})(?:\s*[-–/]\s*(?P<end>{_YEAR}))?\b",
    re.IGNORECASE,
)
ANY_YEAR = re.compile(rf"(?<![0-9]){_YEAR}(?![0-9])")
ID_VALUE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REASONS = {
    "year": "noemt een eerder jaar",
    "date": "noemt een datum die verschoven is",
    "id": "is een id met een jaartal",
    "contact": "is een e-mailadres, telefoonnummer of webadres dat niet in contacts.yaml staat",
    "last-year": "spreekt van vorig jaar",
    "quote": "staat niet in de brontekst van dit jaar",
    "copied": "de tabel Belangrijkste wijzigingen is nog niet herschreven",
}
# Texts the purchasing team writes itself (not the policy's words): when one speaks of "last
# year", that was true for the year it was written in, and is stale in a copy.
EDITORIAL_KEYS = frozenset({"help", "note", "description", "contact_reason", "message", "summary"})
LAST_YEAR = re.compile(r"\b(?:gewijzigd\s+ten\s+opzichte\s+van(?:\s+vorige?\s+jaar)?|vorige?\s+jaar)\b", re.IGNORECASE)
# Fields that name old texts on purpose: the acknowledgements (meta.yaml) and the reason a
# copied changes table stays (changes.yaml).
_OWN_WORDS = {"meta.yaml": "review", "changes.yaml": "kept"}


class YearError(Exception):
    """A wrong request (a year that does not exist, or exists already): exit code 2."""


@dataclass(frozen=True)
class ReviewItem:
    """One text in the new year that names something of an earlier year."""

    label: str  # policy_data/2025/procedure.yaml
    file: str  # procedure.yaml
    line: int
    path: str  # timeline[verwerking].source.quote: stable across edits (ids, not positions)
    text: str  # the old text, e.g. "uiterlijk 31 december 2023"
    kind: str  # a key of REASONS: year, date, id, last-year, quote or copied
    value: str = ""  # the whole string it was found in
    hint: str = ""
    # How to close it, when not by editing the text or acknowledging it in meta.yaml.
    fix: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """The stable key of an item: file, YAML path and old text."""
        return (self.file, self.path, self.text)

    def __str__(self) -> str:
        return f'{self.label}:{self.line}: "{self.text}" ({REASONS[self.kind]}{self.hint}; {self.path})'


@dataclass
class Review:
    """The review report of one year against the year before it."""

    year: int
    previous: int | None
    meta_label: str
    items: list[ReviewItem] = field(default_factory=list)
    accepted: list[ReviewItem] = field(default_factory=list)
    # Acknowledgements in meta.yaml that match no item (any more).
    unused: list[dict[str, Any]] = field(default_factory=list)

    @property
    def open(self) -> list[ReviewItem]:
        return [i for i in self.items if i not in self.accepted]


# -- reading: every string in a YAML file, with its line and path ----------------------------


def _strings(node: yaml.Node, path: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every string scalar under a node with its path; list items are named by their id."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _strings(value, f"{path}.{key.value}" if path else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            ident = next((v.value for k, v in item.value if k.value == "id"), None) if isinstance(item, yaml.MappingNode) else None
            yield from _strings(item, f"{path}[{ident if isinstance(ident, str) else i}]")
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield path, node


def _line(node: yaml.ScalarNode, text: str, found: str, value: str, start: int) -> int:
    """The line of a found text inside a (possibly folded, multi-line) scalar: the same
    occurrence in the file, where folding turned line breaks into spaces."""
    raw = text[node.start_mark.index : node.end_mark.index]
    pattern = re.compile(r"\s+".join(re.escape(w) for w in found.split()), re.IGNORECASE)
    nth = len(pattern.findall(value[:start]))
    hits = list(pattern.finditer(raw))
    if len(hits) > nth:
        return node.start_mark.line + 1 + raw[: hits[nth].start()].count("\n")
    return node.start_mark.line + 1


def _compose(path: Path, label: str) -> tuple[yaml.Node | None, str]:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.compose(text, Loader=_Loader), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(label, mark.line + 1 if mark else None, "YAML-fout. Controleer inspringing, dubbele punten en aanhalingstekens.")]) from None


def _load(path: Path) -> Any:
    """One data file of a year, read after validation (so it parses): its contents, or {}."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def _timeline(year_dir: Path) -> dict[str, dt.date]:
    data = _load(year_dir / "procedure.yaml")
    return {t["id"]: dt.date.fromisoformat(str(t["date"])) for t in data.get("timeline", []) if isinstance(t, dict) and "id" in t and "date" in t}


def _day_month(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}"


# -- the scan ------------------------------------------------------------------------------


def scan(data_dir: Path, year: int, previous: int) -> list[ReviewItem]:
    """Every text in `year` that names a year before it, a date that moved since `previous`,
    or an id with a year in it. Timeline dates themselves (JJJJ-MM-DD) are data, not text."""
    year_dir = data_dir / str(year)
    now = _timeline(year_dir)
    then = _timeline(data_dir / str(previous))
    current = set(now.values())
    current_days = {_day_month(d) for d in now.values()}
    # A date moved when the same timeline item falls on another day of the year.
    moved = {
        _day_month(then[i]): f": {i} is nu {_day_month(now[i])}"
        for i in now.keys() & then.keys()
        if (then[i].month, then[i].day) != (now[i].month, now[i].day) and _day_month(then[i]) not in current_days
    }
    items: list[ReviewItem] = []
    for file in sorted(year_dir.glob("*.yaml")):
        label = f"{data_dir.name}/{year}/{file.name}"
        node, text = _compose(file, label)
        if node is None:
            continue
        for path, scalar in _strings(node, ""):
            # The acknowledgements themselves name the old texts on purpose.
            if (file.name in _OWN_WORDS and path.startswith(_OWN_WORDS[file.name])) or ISO_DATE.match(scalar.value):
                continue
            value = " ".join(scalar.value.split())
            for found, start, kind, hint in _stale(value, year, current, moved):
                items.append(ReviewItem(label, file.name, _line(scalar, text, found, value, start), path, found, kind, value, hint))
    return items


def _stale(value: str, year: int, current: set[dt.date], moved: dict[str, str]) -> Iterator[tuple[str, int, str, str]]:
    """The stale parts of one string: (text, position, kind, hint)."""
    # Ids carry no year: any year in an id (or a reference to one) is an item.
    if ID_VALUE.match(value) and ANY_YEAR.search(value):
        yield value, 0, "id", ""
        return
    spans: list[tuple[int, int]] = []
    for m in YEAR_PHRASE.finditer(value):
        # A period counts by its last year: "2024-2025" is current in 2025.
        if int(m.group("end") or m.group("year")) >= year:
            continue
        # A full date that is one of this year's timeline dates is current, not stale.
        if m.group("day") and _valid(m) in current:
            continue
        spans.append(m.span())
        yield m.group(0), m.start(), "year", ""
    if moved:
        for m in re.finditer(r"\b(" + "|".join(map(re.escape, moved)) + r")\b", value, re.IGNORECASE):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                yield m.group(0), m.start(), "date", moved[m.group(0).lower()]


def stale_texts(data_dir: Path, year: int, previous: int) -> list[ReviewItem]:
    """Stale text without a year: a changes table still as copied, editorial texts that speak
    of last year, glossary quotes the new source text no longer has."""
    year_dir = data_dir / str(year)
    items = _copied_table(data_dir, year, previous)
    source = _normalised(" ".join(p.read_text(encoding="utf-8") for p in sorted((year_dir / "source").glob("*.txt"))))
    for file in sorted(year_dir.glob("*.yaml")):
        label = f"{data_dir.name}/{year}/{file.name}"
        node, text = _compose(file, label)
        own = _OWN_WORDS.get(file.name)
        for path, scalar in _strings(node, "") if node is not None else ():
            value = " ".join(scalar.value.split())
            if path.rsplit(".", 1)[-1] in EDITORIAL_KEYS and not (own and path.startswith(own)):
                for m in LAST_YEAR.finditer(value):
                    items.append(ReviewItem(label, file.name, _line(scalar, text, m[0], value, m.start()), path, m[0], "last-year", value))
            # Only the glossary's quotes, and only once there is a source text to compare with.
            if file.name == "terms.yaml" and path.endswith(".source.quote") and source and _normalised(value) not in source:
                items.append(ReviewItem(label, file.name, scalar.start_mark.line + 1, path, value, "quote", value))
    return items


def _normalised(text: str) -> str:
    """Text compared without spaces, line breaks, hyphens or case: the PDF's text splits and
    hyphenates words where it likes ("zorg- aanbieders", "zorgaan bieders")."""
    return re.sub(r"[\s\-\u00ad]+", "", text).lower()


def _copied_table(data_dir: Path, year: int, previous: int) -> list[ReviewItem]:
    """The changes table ("Belangrijkste wijzigingen ten opzichte van vorig jaar") as new-year
    copied it: still the table of the year it came from, and not kept on purpose (`kept`)."""
    label, file = f"{data_dir.name}/{year}/changes.yaml", data_dir / str(year) / "changes.yaml"
    if not file.is_file():
        return []
    node, text = _compose(file, label)
    data = yaml.load(text, Loader=_Loader)
    if not isinstance(data, dict) or data.get("kept"):
        return []
    # Why compare with the data and not only trust the mark: deleting `copied_from` alone
    # does not rewrite the table.
    source = data["copied_from"] if isinstance(data.get("copied_from"), int) else previous
    then_file = data_dir / str(source) / "changes.yaml"
    then = _load(then_file) if then_file.is_file() else None
    if not isinstance(then, dict) or data.get("changes") != then.get("changes"):
        return []
    line = Lines(node).line(["copied_from"] if "copied_from" in data else ["changes"])
    fix = f"Herschrijf de tabel voor {year}, of zet in {label} `kept:` met de reden als hij bewust gelijk blijft."
    text = f"copied_from: {source}" if "copied_from" in data else "changes"
    return [ReviewItem(label, "changes.yaml", line or 1, "changes", text, "copied", hint=f" voor {year}", fix=fix)]


def _valid(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group("year")), MONTHS.index(m.group("month").lower()) + 1, int(m.group("day")))
    except ValueError:
        return None


# -- addresses in prose that are not (any more) in contacts.yaml ------------------------------
#
# Why a list: a step text or a help text may spell out an address ("aanvragen via
# zorg.overeenkomsten@asr.nl"); the mail buttons take theirs from contacts.yaml, the prose
# does not follow. So every e-mail address, phone number and web address in the year's text
# that contacts.yaml (or meta.yaml's website) does not have is named, to edit or acknowledge.

EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE_IN_TEXT = re.compile(r"(?<![\d+])(?:\+31|0)(?:[ \-–]*\d){9}(?!\d)")
URL_IN_TEXT = re.compile(r"(?<![@\w.])(?:https?://)?(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|be|de|info)\b(?:/[^\s)\]>\"']*[^\s)\]>\"'.,;:])?", re.IGNORECASE)


def _phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "0" + digits[2:] if phone.strip().startswith("+31") else digits


def _url_key(url: str) -> str:
    return re.sub(r"^https?://", "", url.lower()).rstrip("/")


def _known_contacts(year_dir: Path) -> set[str]:
    """The addresses a year types as facts: contacts.yaml, and the website in meta.yaml."""
    contacts = _load(year_dir / "contacts.yaml")
    meta = _load(year_dir / "meta.yaml")
    known = {_url_key(str(meta["website"]))} if isinstance(meta, dict) and meta.get("website") else set()
    for c in contacts.get("contacts", []) if isinstance(contacts, dict) else []:
        if isinstance(c, dict):
            known |= {str(c["email"]).lower()} if c.get("email") else set()
            known |= {_phone_key(str(c["phone"]))} if c.get("phone") else set()
            known |= {_url_key(str(c["url"]))} if c.get("url") else set()
    return known


def _addresses(value: str) -> Iterator[tuple[str, int, str]]:
    """Each e-mail address, phone number and web address in a text: (text, position, key)."""
    emails = list(EMAIL_IN_TEXT.finditer(value))
    for m in emails:
        yield m.group(0), m.start(), m.group(0).lower()
    for m in PHONE_IN_TEXT.finditer(value):
        yield m.group(0), m.start(), _phone_key(m.group(0))
    for m in URL_IN_TEXT.finditer(value):
        if not any(e.start() <= m.start() < e.end() for e in emails):
            yield m.group(0), m.start(), _url_key(m.group(0))


def stray_contacts(data_dir: Path, year: int) -> list[ReviewItem]:
    """Every place in a year's text (all files but contacts.yaml) that spells out an e-mail
    address, phone number or web address that is not in that year's contacts.yaml."""
    year_dir = data_dir / str(year)
    known = _known_contacts(year_dir)
    items: list[ReviewItem] = []
    for file in sorted(year_dir.glob("*.yaml")):
        if file.name == "contacts.yaml":
            continue
        label = f"{data_dir.name}/{year}/{file.name}"
        node, text = _compose(file, label)
        for path, scalar in _strings(node, "") if node is not None else ():
            if file.name == "meta.yaml" and path.startswith("review"):
                continue
            value = " ".join(scalar.value.split())
            for found, start, key in _addresses(value):
                if key not in known:
                    items.append(ReviewItem(label, file.name, _line(scalar, text, found, value, start), path, found, "contact", value))
    return items


def _acknowledgements(data_dir: Path, year: int) -> list[dict[str, Any]]:
    meta = _load(data_dir / str(year) / "meta.yaml")
    review = meta.get("review") if isinstance(meta, dict) else None
    accepted = review.get("accepted") if isinstance(review, dict) else None
    return [a for a in accepted or [] if isinstance(a, dict) and a.get("text")]


def _matches(ack: dict[str, Any], item: ReviewItem) -> bool:
    """An acknowledgement covers an item in its file (any file if none is named), at its
    path if one is named, when its text is part of the old text or the old text is part
    of it (so it may quote a little more of the sentence)."""
    if ack.get("file") and ack["file"] != item.file:
        return False
    if ack.get("path") and ack["path"] != item.path:
        return False
    want = " ".join(str(ack["text"]).split()).lower()
    have = item.text.lower()
    return want in have or (have in want and want in item.value.lower())


def review(data_dir: Path, year: int) -> Review:
    """The review report of one year against the year before it (none for the first year)."""
    available = years(data_dir)
    if year not in available:
        raise YearError(f"beleidsjaar {year} bestaat niet; beschikbaar: {', '.join(map(str, available))}.")
    earlier = [y for y in available if y < year]
    result = Review(year, earlier[-1] if earlier else None, f"{data_dir.name}/{year}/meta.yaml")
    if result.previous is None:
        return result
    result.items = scan(data_dir, year, result.previous) + stray_contacts(data_dir, year) + stale_texts(data_dir, year, result.previous)
    acks = _acknowledgements(data_dir, year)
    result.accepted = [i for i in result.items if any(_matches(a, i) for a in acks)]
    result.unused = [a for a in acks if not any(_matches(a, i) for i in result.items)]
    return result


def report(r: Review) -> str:
    """The review report as text: one line per item, the open ones first."""
    if r.previous is None:
        return f"Beleidsjaar {r.year} heeft geen eerder jaar in de data: er is niets na te lopen.\n"
    folder = r.meta_label.rsplit("/", 1)[0]
    lines = []
    if r.open:
        lines.append(
            f"Na te lopen in {folder} ({len(r.open)}): teksten die een jaar vóór {r.year}, een verschoven datum, een jaartal in een id "
            "of vorig jaar noemen, citaten die niet meer in de brontekst staan, en een overgenomen tabel."
        )
        lines += [str(i) for i in r.open]
        lines += list(dict.fromkeys(i.fix for i in r.open if i.fix))
        lines.append(f"Pas elke tekst aan, of zet in {r.meta_label} onder review.accepted waarom hij blijft (file, text, reason).")
    else:
        lines.append(f"Niets meer na te lopen in {folder}: geen teksten met een eerder jaar of een verschoven datum.")
    if r.accepted:
        lines.append(f"Bevestigd in {r.meta_label} (blijft staan): {len(r.accepted)}.")
    for ack in r.unused:
        lines.append(f'{r.meta_label}: bevestiging "{ack["text"]}" past bij geen tekst meer. Haal hem weg of pas hem aan.')
    return "\n".join(lines) + "\n"


def require_reviewed(data_dir: Path) -> None:
    """A definitive year with a previous year may have no open review items: raises
    DataError with one `file:line: what. fix` line per item."""

    problems = []
    for year, status in statuses(data_dir).items():
        if status != "definitief":
            continue
        r = review(data_dir, year)
        for item in r.open:
            problems.append(
                Problem(
                    item.label,
                    item.line,
                    f'"{item.text}" {REASONS[item.kind]}{item.hint} ({item.path}) en {year} is definitief. '
                    + (item.fix or f"Pas de tekst aan of bevestig hem in {r.meta_label} onder review.accepted."),
                )
            )
    if problems:
        raise DataError(problems)


# -- the commands ----------------------------------------------------------------------------


def new_year(data_dir: Path, new: int | None = None) -> tuple[Path, int]:
    """Copy the newest year into a draft for the next, ids kept, so only changes are edited.
    Returns the new folder and the year it was copied from."""
    available = years(data_dir)
    if not available:
        raise YearError("er is nog geen beleidsjaar om te kopiëren.")
    new = new or available[-1] + 1
    if new in available:
        raise YearError(f"beleidsjaar {new} bestaat al in {data_dir}.")
    if new < available[-1]:
        raise YearError(f"{new} ligt voor het nieuwste jaar {available[-1]}; kopieer alleen naar een later jaar.")
    source_year = available[-1]
    target = data_dir / str(new)
    # Everything moves along: the data, the policy tests (tests.yaml) and the source text.
    shutil.copytree(data_dir / str(source_year), target)
    meta = target / "meta.yaml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^year: \d{4}", f"year: {new}", text)
    text = re.sub(r"(?m)^status: \w+", "status: concept", text)
    text = re.sub(r"(?m)^(title: .*)" + str(source_year), lambda m: m.group(1) + str(new), text)
    text = re.sub(r"(?m)^published: .*\n", "", text)
    meta.write_text(text, encoding="utf-8")
    _mark_copied_table(target / "changes.yaml", source_year, new)
    # The timeline moves along: 1 November 2023 becomes 1 November 2024; its wording follows the date.
    procedure = target / "procedure.yaml"
    shift = new - source_year
    procedure.write_text(
        re.sub(r"(?m)^(\s*date: ['\"]?)(\d{4})", lambda m: m.group(1) + str(int(m.group(2)) + shift), procedure.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    return target, source_year


def _mark_copied_table(path: Path, source_year: int, new: int) -> None:
    """Mark the changes table as copied: until it is rewritten or kept on purpose, the year
    cannot become definitief (stale_texts). A mark or reason of the year before goes."""
    text = re.sub(r"(?m)^(?:copied_from:.*|kept:.*(?:\n[ \t]+.*)*)\n", "", path.read_text(encoding="utf-8"))
    mark = (
        f"# Overgenomen uit {source_year} door make new-year: herschrijf de tabel voor {new}. Blijft hij bewust\n"
        f"# gelijk, zet dan hieronder `kept:` met de reden. Tot dan kan {new} niet definitief worden.\n"
        f"copied_from: {source_year}\n"
    )
    path.write_text(re.sub(r"(?m)^changes:", lambda m: mark + m.group(0), text, count=1), encoding="utf-8")


def diff_markdown(data_dir: Path, old: int, new: int) -> str:
    """`make diff`: what changed between two years, and what changes for providers."""
    policies = load_all(data_dir)
    for year in (old, new):
        if year not in policies:
            raise YearError(f"beleidsjaar {year} bestaat niet; beschikbaar: {', '.join(map(str, policies))}.")
    return to_markdown(compare(policies[old], policies[new]), outcome_changes(policies[old], policies[new]))
