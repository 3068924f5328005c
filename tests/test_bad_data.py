"""A corpus of broken policy data. Each must stop validation with one line per problem
that names the file (and line, where there is one) and says what to fix; never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from checker.loader import DataError, load_all

from .conftest import ROOT

Mutation = Callable[[Path], None]


def edit_text(name: str, old: str, new: str, count: int = 1) -> Mutation:
    def apply(year: Path) -> None:
        path = year / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture out of date: {old!r} not in {name}.yaml"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def edit_data(name: str, change: Callable[[dict], None]) -> Mutation:
    def apply(year: Path) -> None:
        path = year / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return apply


def first(key: str, field: str | None = None):
    def get(data: dict) -> dict:
        return data[key][0] if field is None else data[key][0][field]

    return get


def set_in(key: str, index: int, field: str, value) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[key][index][field] = value

    return change


def delete_in(key: str, index: int, field: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        del data[key][index][field]

    return change


def rename_in(key: str, index: int, old: str, new: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[key][index][new] = data[key][index].pop(old)

    return change


def duplicate_first(key: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data[key].append(dict(data[key][0]))

    return change


def write(name: str, content: bytes) -> Mutation:
    def apply(year: Path) -> None:
        (year / f"{name}.yaml").write_bytes(content)

    return apply


def remove(name: str) -> Mutation:
    def apply(year: Path) -> None:
        (year / f"{name}.yaml").unlink()

    return apply


def first_question_with_options(data: dict) -> dict:
    return next(q for q in data["questions"] if q.get("options"))


def change_question(change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda data: change(first_question_with_options(data))


def block_with(kind: str) -> Callable[[dict], dict]:
    def find(data: dict) -> dict:
        stack = list(data["sections"])
        while stack:
            s = stack.pop(0)
            for b in s.get("blocks", []):
                if kind in b:
                    return b
            stack += s.get("sections", [])
        raise AssertionError(kind)

    return find


# (name, mutation, file the message must name, fragment the message must contain)
CASES: list[tuple[str, Mutation, str, str]] = [
    ("yaml syntax: unclosed quote", write("contacts", b'contacts:\n  - id: "open\n    topic: x\n'), "contacts.yaml", "YAML-fout"),
    ("yaml syntax: bad indent", write("changes", b"changes:\n  - id: a\n   topic: b\n"), "changes.yaml:", "inspringing"),
    ("yaml syntax: tab", write("changes", b"changes:\n\t- id: a\n"), "changes.yaml:", "YAML-fout"),
    ("empty file", write("meta", b""), "meta.yaml", "leeg"),
    ("only a comment", write("contacts", b"# niets\n"), "contacts.yaml", "leeg"),
    ("missing file", remove("contacts"), "contacts.yaml", "ontbreekt"),
    ("not utf-8", write("changes", "changes: [ {id: wijz, topic: é, change: [x]} ]".encode("latin-1")), "changes.yaml", "UTF-8"),
    ("top level is a list", write("contacts", b"- id: a\n"), "contacts.yaml", "sleutels met waarden"),
    ("missing required text", edit_data("conditions", delete_in("conditions", 0, "text")), "conditions.yaml:", "'text' ontbreekt"),
    ("missing source", edit_data("conditions", delete_in("conditions", 1, "source")), "conditions.yaml:", "'source' ontbreekt"),
    (
        "misspelled field",
        edit_data("conditions", rename_in("conditions", 0, "provider_types", "provider_type")),
        "conditions.yaml:",
        "Bedoelt u 'provider_types'",
    ),
    ("misspelled kind", edit_data("conditions", set_in("conditions", 0, "kind", "conditon")), "conditions.yaml:", "Bedoelt u 'condition'"),
    ("wrong type year", edit_data("meta", lambda d: d.update(year="tweeduizend")), "meta.yaml:", "geheel getal"),
    ("wrong type boolean", edit_data("contacts", set_in("contacts", 0, "in_table", "ja")), "contacts.yaml:", "true of false"),
    ("invalid status", edit_data("meta", lambda d: d.update(status="klaar")), "meta.yaml:", "definitief"),
    ("invalid id", edit_data("conditions", set_in("conditions", 0, "id", "Alle KvK")), "conditions.yaml:", "geen geldige id"),
    ("quote too short", edit_data("conditions", lambda d: d["conditions"][0]["source"].update(quote="KvK")), "conditions.yaml:", "te kort"),
    ("empty conditions", edit_data("conditions", lambda d: d.update(conditions=[])), "conditions.yaml:", "leeg"),
    (
        "bad email",
        edit_data("contacts", lambda d: next(c for c in d["contacts"] if "email" in c).update(email="geboortezorg-at-asr")),
        "contacts.yaml:",
        "e-mailadres",
    ),
    ("impossible date", edit_data("procedure", lambda d: d["timeline"][0].update(date="2023-02-30")), "procedure.yaml:", "bestaande datum"),
    ("date in another year", edit_data("procedure", lambda d: d["timeline"][0].update(date="2019-11-01")), "procedure.yaml:", "Controleer het jaartal"),
    ("block with two kinds", edit_data("sections", lambda d: d["sections"][0]["blocks"][0].update(list=["x"])), "sections.yaml:", "precies één soort"),
    ("duplicate condition id", edit_data("conditions", duplicate_first("conditions")), "conditions.yaml:", "komt twee keer voor"),
    ("duplicate section id", edit_data("sections", lambda d: d["sections"][1].update(id=d["sections"][0]["id"])), "sections.yaml:", "komt twee keer voor"),
    (
        "id shared by condition and question",
        edit_data("questions", lambda d: d["questions"][0].update(id="alle-kvk")),
        "questions.yaml:",
        "komt twee keer voor",
    ),
    (
        "dangling section in source",
        edit_data("conditions", lambda d: d["conditions"][0]["source"].update(section="voorwaarden-allemaal")),
        "conditions.yaml:",
        "onbekende sectie 'voorwaarden-allemaal'",
    ),
    (
        "dangling condition in block",
        edit_data("sections", lambda d: block_with("conditions")(d)["conditions"].append("alle-kvk-nummer")),
        "sections.yaml:",
        "onbekende voorwaarde 'alle-kvk-nummer'",
    ),
    (
        "unknown provider type in condition",
        edit_data("conditions", lambda d: next(c for c in d["conditions"] if c["provider_types"] != "alle").update(provider_types=["verloskundigen-praktijk"])),
        "conditions.yaml:",
        "Bedoelt u 'verloskundige-praktijk'",
    ),
    (
        "unknown provider type in question",
        edit_data("questions", lambda d: d["questions"][0].update(provider_types=["tandarts"])),
        "questions.yaml:",
        "onbekende soort zorgaanbieder 'tandarts'",
    ),
    (
        "provider_types neither alle nor list",
        edit_data("conditions", set_in("conditions", 0, "provider_types", "iedereen")),
        "conditions.yaml:",
        "'alle' zijn of een lijst",
    ),
    (
        "dangling contact",
        edit_data("questions", change_question(lambda q: q["options"][0].update(effect="contact", contact="callcenter"))),
        "questions.yaml:",
        "onbekende contactpersoon 'callcenter'",
    ),
    (
        "contact effect without contact",
        edit_data("questions", change_question(lambda q: (q["options"][0].update(effect="contact"), q["options"][0].pop("contact", None)))),
        "questions.yaml:",
        "vraagt om een contact",
    ),
    (
        "dangling next step",
        edit_data("procedure", lambda d: d["default_next_steps"]["not_eligible"].append("bel-ons")),
        "procedure.yaml:",
        "onbekende vervolgstap 'bel-ons'",
    ),
    (
        "ask_if unknown question",
        edit_data("questions", lambda d: d["questions"][0].update(ask_if={"bestaat-niet": "ja"})),
        "questions.yaml:",
        "onbekende vraag 'bestaat-niet'",
    ),
    (
        "ask_if impossible answer",
        edit_data("questions", lambda d: d["questions"][-1].update(ask_if={"alle-kvk": "misschien"})),
        "questions.yaml:",
        "geen antwoord 'misschien'",
    ),
    (
        "unknown mail placeholder",
        edit_data("procedure", lambda d: next(s for s in d["next_steps"] if "mailto" in s)["mailto"].update(body="Beste {naam}")),
        "procedure.yaml:",
        "{naam}",
    ),
    (
        "refusal to unknown condition",
        edit_data("provider_types", lambda d: next(p for p in d["provider_types"] if p.get("refusal")).update(refusal="weigering-tandarts")),
        "provider_types.yaml:",
        "onbekende voorwaarde 'weigering-tandarts'",
    ),
    (
        "contact verdict without reason",
        edit_data("provider_types", lambda d: next(p for p in d["provider_types"] if p.get("verdict_if_met") == "contact").pop("contact_reason")),
        "provider_types.yaml:",
        "contact_reason",
    ),
    ("wrong year folder", edit_data("meta", lambda d: d.update(year=2025)), "meta.yaml:", "hoort niet bij map 2024"),
]


@pytest.mark.parametrize(("name", "mutation", "file", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_broken_data_gives_one_clear_line(data_copy, name, mutation, file, fragment):
    data_dir = data_copy()
    mutation(data_dir / "2024")
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    lines = str(info.value).splitlines()
    assert lines, name
    matching = [line for line in lines if file in line and fragment in line]
    assert matching, f"{name}: no line names {file} with {fragment!r}:\n" + "\n".join(lines)
    for line in lines:
        assert re.match(r"^policy_data/\d{4}/\w+\.yaml(:\d+)?: \S", line), line


def test_a_folder_that_is_not_a_year_is_refused(data_copy):
    data_dir = data_copy()
    (data_dir / "2024").rename(data_dir / "2024-concept")
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    assert "policy_data/2024-concept: map is geen beleidsjaar" in str(info.value)


def test_cli_validate_reports_without_traceback(data_copy):
    data_dir = data_copy()
    edit_data("conditions", set_in("conditions", 0, "kind", "conditon"))(data_dir / "2024")
    out = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "validate"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert re.search(r"policy_data/2024/conditions\.yaml:\d+: waarde 'conditon'", out.stderr), out.stderr


def test_failed_build_leaves_the_previous_site_untouched(data_copy, tmp_path):
    data_dir = data_copy()
    write("meta", b"")(data_dir / "2024")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie")
    out = subprocess.run(
        ["make", "--no-print-directory", "build", f"POLICY_DATA={data_dir}", f"SITE={site}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode != 0
    assert "meta.yaml: bestand is leeg" in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert (site / "index.html").read_text() == "vorige versie"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
