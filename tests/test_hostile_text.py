"""Characters that change what a text says (bidi controls, zero-width characters, ESC, BEL,
BS) stop validation in every text of every data file, with one Dutch line naming file:line
and the character; ids and references match their pattern in full, so a final newline or a
zero-width space cannot make a new id or a second 'BEN'."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from authoring.loader import DATA_DIR, DataError, load_all
from authoring.rules import character_name
from checker.model import FILES

from .conftest import edit_yaml

# code point -> a word of its Dutch name in the message
HOSTILE = {
    0x202E: "rechts-naar-links-overschrijving",
    0x202A: "links-naar-rechts-inbedding",
    0x2066: "links-naar-rechts-isolatie",
    0x2069: "einde isolatie",
    0x200E: "links-naar-rechts-markering",
    0x200F: "rechts-naar-links-markering",
    0x200B: "breedteloze spatie",
    0x200D: "breedteloze verbinder",
    0x2060: "woordverbinder",
    0xFEFF: "BOM",
    0x1B: "ESC",
    0x07: "BEL",
    0x08: "BS",
    0x00: "NUL",
    0x9B: "stuurteken",
}


def problems(data_dir: Path) -> list[str]:
    try:
        load_all(data_dir)
    except DataError as exc:
        return str(exc).splitlines()
    return []


def first_prose(data: object) -> tuple[dict, str] | None:
    """The first free text in a file (a string with a space: ids, dates and enums have none)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and " " in value:
                return data, key
            found = first_prose(value)
            if found:
                return found
    if isinstance(data, list):
        for value in data:
            found = first_prose(value)
            if found:
                return found
    return None


def insert(char: str):
    def change(data: dict) -> None:
        found = first_prose(data)
        assert found, "a data file without free text"
        holder, key = found
        words = holder[key].split(" ")
        holder[key] = " ".join([words[0] + char, *words[1:]])

    return change


def refused_with(lines: list[str], file: str, code: int) -> list[str]:
    return [line for line in lines if re.match(rf"^policy_data/2024/{file}\.yaml:\d+: onzichtbaar teken U\+{code:04X} \(", line)]


@pytest.mark.parametrize("file", FILES)
def test_a_reversing_character_is_refused_in_every_data_file(data_copy, file):
    data_dir = data_copy()
    edit_yaml(data_dir / "2024" / f"{file}.yaml", insert("\u202e"))
    lines = problems(data_dir)
    assert refused_with(lines, file, 0x202E), lines
    assert len(lines) == 1, lines


@pytest.mark.parametrize("code", list(HOSTILE), ids=[f"U+{c:04X}" for c in HOSTILE])
def test_every_hostile_character_is_refused_by_its_code_and_dutch_name(data_copy, code):
    data_dir = data_copy()
    edit_yaml(data_dir / "2024" / "conditions.yaml", insert(chr(code)))
    start = time.monotonic()
    lines = problems(data_dir)
    assert time.monotonic() - start < 10
    found = refused_with(lines, "conditions", code)
    assert found and HOSTILE[code] in found[0], lines


def test_newline_and_tab_are_text():
    assert character_name("\n") is None and character_name("\t") is None
    assert all(character_name(ch) is None for ch in "aé€’‘ –—…ëï ")  # letters, quotes, dashes, no-break space


def test_the_line_is_exact_in_a_literal_block(data_copy):
    data_dir = data_copy()
    path = data_dir / "2024" / "procedure.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    # A line inside a mail body (a literal block, `|-`).
    target = next(n for n, line in enumerate(lines) if line.strip().startswith("Praktijknaam: {praktijknaam}"))
    lines[target] = lines[target].replace("Praktijknaam", "Praktijk\u202enaam", 1)
    path.write_text("".join(lines), encoding="utf-8")
    found = refused_with(problems(data_dir), "procedure", 0x202E)
    assert found and found[0].startswith(f"policy_data/2024/procedure.yaml:{target + 1}: "), found


def test_a_zero_width_space_cannot_make_a_second_term(data_copy):
    data_dir = data_copy()

    def twin(data: dict) -> None:
        ben = next(t for t in data["terms"] if t["term"] == "BEN")
        data["terms"].append({**ben, "id": "ben-twee", "term": "BEN\u200b"})

    edit_yaml(data_dir / "2024" / "terms.yaml", twin)
    assert refused_with(problems(data_dir), "terms", 0x200B)


@pytest.mark.parametrize(
    "file, change",
    [
        ("provider_types", lambda d: d["provider_types"][0].update(id="nieuw\n")),
        ("provider_types", lambda d: d["provider_types"][0].update(id="BEN\u200b")),
        ("conditions", lambda d: d["conditions"][0]["source"].update(section=d["conditions"][0]["source"]["section"] + "\n")),
        ("procedure", lambda d: next(s for s in d["next_steps"] if s.get("mailto"))["mailto"].update(contact="zorginkoop\n")),
        ("questions", lambda d: next(q for q in d["questions"] if q.get("options"))["options"][0].update(value="ja\n")),
        ("procedure", lambda d: d["timeline"][0].update(date=d["timeline"][0]["date"] + "\n")),
    ],
    ids=["id-newline", "id-zero-width", "section-ref-newline", "contact-ref-newline", "answer-value-newline", "date-newline"],
)
def test_ids_and_references_match_in_full(data_copy, file, change):
    data_dir = data_copy()
    edit_yaml(data_dir / "2024" / f"{file}.yaml", change)
    lines = problems(data_dir)
    assert lines and all(re.match(rf"^policy_data/2024/{file}\.yaml:\d+: ", line) for line in lines), lines


def test_no_schema_pattern_can_be_fooled_by_a_final_newline():
    """JSON Schema patterns are searched, and Python's `$` also matches before a final
    newline: each pattern that ends at `$` must refuse one (`$(?!\\n)`)."""
    for path in sorted((DATA_DIR / "schema").glob("*.schema.json")):
        for pattern in re.findall(r'"pattern": (".*?(?<!\\)")', path.read_text(encoding="utf-8")):
            regex = json.loads(pattern)
            assert not regex.endswith("$"), f"{path.name}: {regex} matches 'x\\n'; end it with $(?!\\n)"
