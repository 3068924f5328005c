"""A corpus of broken policy data. Each must stop validation with one line per problem
that names the file (and line, where there is one) and says what to fix; never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from authoring.loader import DataError, load_all

from .conftest import ROOT, edit_yaml

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
        edit_yaml(year / f"{name}.yaml", change)

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
    (
        "contact reason without its passage",
        edit_data("provider_types", lambda d: next(p for p in d["provider_types"] if p.get("contact_source")).pop("contact_source")),
        "provider_types.yaml:",
        "contact_reason zonder contact_source",
    ),
    (
        "kind of care from an unknown section",
        edit_data("provider_types", lambda d: d["provider_types"][0].update(care_section="nergens")),
        "provider_types.yaml:",
        "onbekende sectie 'nergens'",
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


# -- mistakes that used to pass silently: each stops `validate` with file:line -------------


def insert_line(name: str, after: str, new: str) -> Callable[[Path], int]:
    """Insert a line after the first line matching `after`; returns its line number."""

    def apply(year: Path) -> int:
        path = year / f"{name}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if re.match(after, line)) + 1
        path.write_text("".join([*lines[:at], new + "\n", *lines[at:]]), encoding="utf-8")
        return at + 1

    return apply


def choice_questions(data: dict) -> list[dict]:
    return [q for q in data["questions"] if q["type"] == "choice"]


def ask_if_on_later_question(data: dict) -> None:
    """A question in the first stage that waits for one asked near the end (the browser
    would ask the first one for ever)."""
    order = ("route", "general", "organisation", "professional", "arrangements", "expectations", "procedure", "details")
    choices = sorted(choice_questions(data), key=lambda q: order.index(q["stage"]))
    early = next(q for q in choices if not q.get("ask_if"))

    def shares(q: dict) -> bool:
        return "alle" in (q["provider_types"], early["provider_types"]) or bool(set(q["provider_types"]) & set(early["provider_types"]))

    late = next(q for q in reversed(choices) if order.index(q["stage"]) > order.index(early["stage"]) and shares(q))
    early["ask_if"] = {late["id"]: late["options"][0]["value"]}


def ask_if_on_other_type(data: dict) -> None:
    lists = [q for q in choice_questions(data) if q["provider_types"] != "alle"]
    a, b = next((a, b) for a in lists for b in lists if not set(a["provider_types"]) & set(b["provider_types"]))
    a["ask_if"] = {b["id"]: b["options"][0]["value"]}


def ask_if_on_itself(data: dict) -> None:
    q = choice_questions(data)[0]
    q["ask_if"] = {q["id"]: q["options"][0]["value"]}


def ask_if_on_free_text(data: dict) -> None:
    text = next(q for q in data["questions"] if q["type"] != "choice")
    choice_questions(data)[0]["ask_if"] = {text["id"]: "ja"}


def same_option_value(data: dict) -> None:
    q = choice_questions(data)[0]
    q["options"][1]["value"] = q["options"][0]["value"]


def unasked_condition(data: dict) -> None:
    del next(c for c in data["conditions"] if c["kind"] == "condition" and c.get("question"))["question"]


def mail_body(body: str) -> Mutation:
    return edit_data("procedure", lambda d: next(s for s in d["next_steps"] if "mailto" in s)["mailto"].update(body=body))


def condition_blocks(data: dict) -> list[dict]:
    found, stack = [], list(data["sections"])
    while stack:
        section = stack.pop(0)
        found += [b for b in section.get("blocks", []) if "conditions" in b]
        stack += section.get("sections", [])
    return found


def listed_twice_in_one_block(data: dict) -> None:
    block = condition_blocks(data)[0]
    block["conditions"].append(block["conditions"][0])


def listed_in_two_sections(data: dict) -> None:
    blocks = condition_blocks(data)
    blocks[-1]["conditions"].append(blocks[0]["conditions"][0])


def on_line(name: str, old: str, new: str) -> Callable[[Path], int]:
    """Replace `old` on the first line that has it; the mutation returns that line."""

    def apply(year: Path) -> int:
        path = year / f"{name}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if old in line)
        lines[at] = lines[at].replace(old, new, 1)
        path.write_text("".join(lines), encoding="utf-8")
        return at + 1

    return apply


# (name, mutation (may return the exact line), file, fragment of the message)
STOPPERS: list[tuple[str, Callable[[Path], int | None], str, str]] = [
    (
        "second provider_types in a condition",
        insert_line("conditions", r"^    provider_types: ", "    provider_types: [kraamzorg]"),
        "conditions.yaml",
        "sleutel 'provider_types' staat twee keer",
    ),
    (
        "second text in a question",
        insert_line("questions", r"^    type: choice", "    text: Een andere tekst"),
        "questions.yaml",
        "sleutel 'text' staat twee keer",
    ),
    ("ask_if on a question asked later", edit_data("questions", ask_if_on_later_question), "questions.yaml", "wordt pas na deze vraag gesteld"),
    ("ask_if on another type's question", edit_data("questions", ask_if_on_other_type), "questions.yaml", "wordt niet gesteld aan"),
    ("ask_if on itself", edit_data("questions", ask_if_on_itself), "questions.yaml", "van zichzelf af"),
    ("ask_if on a free-text answer", edit_data("questions", ask_if_on_free_text), "questions.yaml", "geen keuzevraag"),
    (
        "ask_if answer never given",
        edit_data("questions", lambda d: choice_questions(d)[-1].update(ask_if={"alle-kvk": "misschien"})),
        "questions.yaml",
        "geen antwoord 'misschien'",
    ),
    ("blocking condition nobody asks", edit_data("conditions", unasked_condition), "conditions.yaml", "heeft geen question"),
    ("two options with one value", edit_data("questions", same_option_value), "questions.yaml", "dezelfde value"),
    ("placeholder with a space", mail_body("Beste {uw naam},"), "procedure.yaml", "onbekende invulplek {uw naam}"),
    ("lone opening brace", mail_body("Beste {soort,"), "procedure.yaml", "losse {"),
    ("lone closing brace", mail_body("Beste soort},"), "procedure.yaml", "losse {"),
    ("format spec", mail_body("AGB: {agb:>50000000}"), "procedure.yaml", "invulplek {agb:>50000000} heeft opmaak"),
    ("positional field", mail_body("AGB: {0}"), "procedure.yaml", "onbekende invulplek {0}"),
    ("empty field", mail_body("AGB: {}"), "procedure.yaml", "onbekende invulplek {}"),
    ("attribute access", mail_body("AGB: {agb.x}"), "procedure.yaml", "invulplek {agb.x} heeft opmaak"),
    ("index access", mail_body("AGB: {agb[0]}"), "procedure.yaml", "invulplek {agb[0]} heeft opmaak"),
    ("conversion", mail_body("Soort: {soort!r}"), "procedure.yaml", "invulplek {soort!r} heeft opmaak"),
    ("condition twice in one section", edit_data("sections", listed_twice_in_one_block), "sections.yaml", "staat twee keer in sectie"),
    ("condition in two sections", edit_data("sections", listed_in_two_sections), "sections.yaml", "staat al in sectie"),
    (
        "reversed text in a title",
        on_line("procedure", "title: Vraag een overeenkomst aan", "title: Vraag een \u202eovereenkomst aan"),
        "procedure.yaml",
        "U+202E",
    ),
    ("zero-width space in a term", on_line("terms", "term: BEN", "term: BEN\u200b"), "terms.yaml", "U+200B (breedteloze spatie)"),
    (
        "escape character in a text",
        on_line("procedure", "title: Vraag een overeenkomst aan", 'title: "Vraag een \\e[2Jovereenkomst aan"'),
        "procedure.yaml",
        "U+001B",
    ),
    (
        "copied recipient in an address",
        on_line("contacts", "email: zorg.overeenkomsten@asr.nl", "email: zorg.overeenkomsten@asr.nl?bcc=derde@example.com"),
        "contacts.yaml",
        "geen los adres",
    ),
    ("id with a final newline", on_line("provider_types", "- id: kraamzorg", '- id: "kraamzorg\\n"'), "provider_types.yaml", "geen geldige id"),
    (
        "mail to an unknown contact",
        on_line("procedure", "contact: overeenkomsten", "contact: callcenter"),
        "procedure.yaml",
        "onbekende contactpersoon 'callcenter'",
    ),
]


@pytest.mark.parametrize(("name", "mutation", "file", "fragment"), STOPPERS, ids=[c[0] for c in STOPPERS])
def test_mistake_stops_validate_with_file_and_line(data_copy, name, mutation, file, fragment):
    data_dir = data_copy()
    line = mutation(data_dir / "2024")
    out = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "validate"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    number = str(line) if line else r"\d+"
    where = rf"policy_data/2024/{re.escape(file)}:{number}: "
    assert re.search(where + r".*" + re.escape(fragment), out.stderr), f"{name}: no {where}…{fragment!r} in:\n{out.stderr}"


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


# -- what a build must refuse ----------------------------------------------------------------


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_only_a_draft_year_is_not_published_but_can_be_previewed(data_copy, tmp_path):
    data_dir = data_copy()
    edit_text("meta", "status: definitief", "status: concept")(data_dir / "2024")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie")
    stop = r"policy_data/2024/meta\.yaml:\d+: er is geen definitief beleidsjaar om te publiceren"
    for args in (
        ("checker", "--data", str(data_dir), "bundle", "--out", str(tmp_path / "bundle")),
        ("tools.build", "--data", str(data_dir), "--site", str(site)),
    ):
        out = run_module(*args)
        assert out.returncode == 1, out.stderr
        assert re.search(stop, out.stderr) and "Traceback" not in out.stderr, out.stderr
    assert not (tmp_path / "bundle").exists()
    assert (site / "index.html").read_text() == "vorige versie"
    # The preview (make serve) still shows the draft, marked as such.
    assert run_module("checker", "--data", str(data_dir), "bundle", "--drafts", "--out", str(tmp_path / "bundle")).returncode == 0
    out = run_module("tools.build", "--data", str(data_dir), "--site", str(site), "--preview")
    assert out.returncode == 0, out.stderr
    assert "draft-banner" in (site / "index.html").read_text(encoding="utf-8")


# Every way data text could become markup: HTML, a Markdown link and image, emphasis,
# an attribute list, an entity. The site must show it as text.
HOSTILE = ' <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](javascript:alert(3)) *em* {: onclick="alert(1)" } &amp; <script>alert(2)</script>'
# Every kind of text the site shows, by its key in the YAML.
TEXT_KEYS = {
    "title",
    "summary",
    "city",
    "p",
    "text",
    "quote",
    "note",
    "help",
    "label",
    "description",
    "contact_reason",
    "message",
    "what",
    "who",
    "when",
    "topic",
    "insurer",
    "name",
}
TEXT_LISTS = {"list", "change", "columns", "address"}


def hostile(node):
    """Append HOSTILE to every text field (tables cell by cell)."""
    if isinstance(node, list):
        return [hostile(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in TEXT_KEYS and isinstance(value, str):
            out[key] = value + HOSTILE
        elif key in TEXT_LISTS and isinstance(value, list):
            out[key] = [v + HOSTILE for v in value]
        elif key == "rows":
            out[key] = [[cell + HOSTILE for cell in row] for row in value]
        elif key == "url":
            out[key] = value + '/"><img src=x onerror=alert(1)>'
        else:
            out[key] = hostile(value)
    return out


class _Markup(HTMLParser):
    """What the browser would run: elements, handlers, javascript: URLs, inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.tag = ""

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        for name, value in attrs:
            if name.startswith("on") or (
                name in ("href", "src", "action", "formaction", "xlink:href") and (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_data(self, data):
        if self.tag == "script" and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag):
        self.tag = ""


def test_markup_in_any_text_field_is_shown_as_text(data_copy, tmp_path):
    data_dir = data_copy()
    year = data_dir / "2024"
    for path in year.glob("*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        path.write_text(yaml.dump(hostile(data), Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    out = run_module("tools.build", "--data", str(data_dir), "--site", str(site))
    assert out.returncode == 0, out.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = _Markup()
        parser.feed(html)
        assert not parser.found, f"{page.relative_to(site)}: {parser.found[:3]}"
        # Raw text too: <title> is not parsed as markup by HTMLParser, but a browser ends it at </title>.
        assert "<img src=x" not in html and "<script>alert" not in html, page
    # Shown as written: the heading of a section keeps the brackets and the tag as text.
    heading = re.search(r"<h1 id=\"inleiding\">(.*?)<a class=\"headerlink\"", (site / "beleid/inleiding/index.html").read_text(encoding="utf-8"))
    assert heading and "&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1)) ![i](javascript:alert(3)) *em* {: onclick=" in heading.group(1)
    title = re.search(r"<title>(.*?)</title>", (site / "zorgaanbieders/kraamzorg/index.html").read_text(encoding="utf-8"))
    assert title and "&lt;img src=x onerror=alert(1)&gt;" in title.group(1)


def test_build_stops_when_the_site_lacks_what_its_pages_load(data_copy, tmp_path, monkeypatch, capsys):
    from tools import build

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie")
    # A Pyodide file the pages would load but the build did not copy.
    monkeypatch.setattr(build, "PYODIDE_FILES", (*build.PYODIDE_FILES, "pyodide-extra.wasm"))
    assert build.main(["--data", str(data_copy()), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"site\.tmp/assets/pyodide/[^/]+/pyodide-extra\.wasm: bestand van Pyodide ontbreekt", err), err
    assert "vorige site is ongewijzigd" in err
    assert (site / "index.html").read_text() == "vorige versie"
    assert not (tmp_path / "site.tmp").exists()


def test_site_check_names_each_missing_checker_file(tmp_path):
    from macros.config import Edition
    from tools.build import PYODIDE_FILES, verify_site

    pyodide = "assets/pyodide/1.0/"
    (tmp_path / pyodide).mkdir(parents=True)
    for name in PYODIDE_FILES:
        (tmp_path / pyodide / name).write_text("x")
    checker = tmp_path / "assets/checker"
    (checker / "checker").mkdir(parents=True)
    manifest = {"files": ["checker/engine.py", "checker/model.py"], "bundles": {"2024": "policy-2024.json"}, "latest": 2024}
    (checker / "manifest.json").write_text(json.dumps(manifest))
    for name in ("checker/engine.py", "checker/model.py", "policy-2024.json"):
        (checker / name).write_text("x")
    editions = [Edition(2024, "", False)]
    assert verify_site(tmp_path, editions, pyodide) == []
    (checker / "checker/model.py").unlink()
    (tmp_path / pyodide / "pyodide.asm.wasm").unlink()
    problems = verify_site(tmp_path, editions, pyodide)
    assert [p.split(":")[0] for p in problems] == [str(checker / "checker/model.py"), str(tmp_path / pyodide / "pyodide.asm.wasm")]
    assert "2023" in " ".join(verify_site(tmp_path, [Edition(2023, "", False)], pyodide))
    (checker / "manifest.json").unlink()
    assert "checkerbundel ontbreekt" in verify_site(tmp_path, editions, pyodide)[0]


# -- messages a non-programmer can act on ------------------------------------------------------


def test_an_unquoted_date_reads_as_the_quoted_one(data_copy):
    """`date: 2023-11-01` without quotes is what people type; it means the same."""
    data_dir = data_copy()
    path = data_dir / "2024" / "procedure.yaml"
    text = path.read_text(encoding="utf-8")
    unquoted = re.sub(r'(?m)^(\s*date: )"(\d{4}-\d{2}-\d{2})"', r"\1\2", text)
    assert unquoted != text, "fixture out of date: no quoted dates in procedure.yaml"
    path.write_text(unquoted, encoding="utf-8")
    assert load_all(data_dir)[2024].timeline == load_all()[2024].timeline


def test_an_unquoted_impossible_date_is_one_line_without_a_pattern(data_copy):
    data_dir = data_copy()
    path = data_dir / "2024" / "procedure.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?m)^(\s*date: )"\d{4}-\d{2}-\d{2}"', r"\g<1>2023-02-30", text, count=1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    lines = str(info.value).splitlines()
    assert len(lines) == 1, lines
    assert "bestaande datum" in lines[0]
    assert "patroon" not in lines[0] and "[0-9]" not in lines[0]


def test_a_wrong_format_names_what_to_write_not_a_pattern(data_copy):
    data_dir = data_copy()
    edit_data("contacts", lambda d: next(c for c in d["contacts"] if "email" in c).update(email="geboortezorg at asr.nl"))(data_dir / "2024")
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    text = str(info.value)
    assert "e-mailadres" in text
    assert not re.search(r"patroon|\^\[|\$", text), text


# (name, content appended to meta.yaml or the whole file, the line the message must name, fragment)
YAML_SLIPS: list[tuple[str, bytes, int, str]] = [
    ("unclosed quote", b'contacts:\n  - id: "open\n    topic: x\n', 2, "aanhalingsteken"),
    ("bad indent", b"changes:\n  - id: a\n   topic: b\n", 3, "inspringing"),
    ("tab", b"changes:\n\t- id: a\n", 2, "spaties"),
    ("colon in a value", b"changes:\n  - id: a: b\n", 2, "dubbele punt"),
    ("unclosed list", b"changes: [a, b\nmeer: c\n", 2, "lijst tussen [ en ]"),
    ("two documents", b"changes: []\n---\nmeer: c\n", 2, "meer dan één document"),
    ("a tag", b"changes: !!python/object:os.system x\n", 1, "label met !"),
    ("unknown alias", b"changes: *nergens\n", 1, "verwijzing (*naam)"),
    ("NUL byte", b"changes:\n  - id: a\n    topic: x\x00y\n", 3, "U+0000"),
    ("bell", b"changes:\n  - id: a\n    topic: x\x07y\n", 3, "U+0007"),
    ("NUL after multibyte text", "changes:\n  - topic: één en één\n    id: a\x00\n".encode(), 3, "U+0000"),
]
ENGLISH = re.compile(r"\b(found|expected|while|scanning|parsing|character|allowed|mapping|could not)\b")


@pytest.mark.parametrize(("name", "content", "line", "fragment"), YAML_SLIPS, ids=[c[0] for c in YAML_SLIPS])
def test_yaml_errors_are_dutch_with_a_line(data_copy, name, content, line, fragment):
    data_dir = data_copy()
    (data_dir / "2024" / "changes.yaml").write_bytes(content)
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    rows = [row for row in str(info.value).splitlines() if "changes.yaml" in row]
    assert rows, str(info.value)
    assert rows[0].startswith(f"policy_data/2024/changes.yaml:{line}: "), rows
    assert fragment in rows[0], rows
    assert not ENGLISH.search(rows[0]), rows


# -- data that would exhaust the machine: refused at once, before the schema ------------------

ALIAS_BOMB = "".join(
    ["  - &a [x, x, x, x, x, x, x, x, x]\n"] + [f"  - &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
)
# (name, lines put first in meta.yaml's address list, fragment); the list is walked by the schema.
EXHAUSTING: list[tuple[str, str, str]] = [
    ("alias bomb", ALIAS_BOMB, "verwijzingen"),
    ("990 deep", "  - " + "[" * 990 + "]" * 990 + "\n", "te diep genest"),
    ("100 deep in blocks", "".join("  " * (i + 1) + "- \n" for i in range(100)) + "  " * 101 + "- x\n", "te diep genest"),
    ("itself", "  - &lus [*lus]\n", "naar het blok waar ze zelf in staat"),
]


@pytest.mark.parametrize(("name", "items", "fragment"), EXHAUSTING, ids=[c[0] for c in EXHAUSTING])
def test_data_that_exhausts_the_machine_is_refused(data_copy, name, items, fragment):
    data_dir = data_copy()
    path = data_dir / "2024" / "meta.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\naddress:\n" in text, "fixture out of date: meta.yaml has no address list"
    path.write_text(text.replace("\naddress:\n", "\naddress:\n" + items, 1), encoding="utf-8")
    first = text[: text.index("\naddress:\n")].count("\n") + 3
    # A generous guard only: today the refusal takes a fraction of a second.
    out = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and "MemoryError" not in out.stderr
    rows = [row for row in out.stderr.splitlines() if row.startswith("policy_data/2024/meta.yaml:")]
    assert len(rows) == 1, out.stderr
    number = int(rows[0].split(":")[1])
    assert first <= number <= first + items.count("\n"), rows[0]
    assert fragment in rows[0]


def test_a_huge_year_is_refused_with_its_line(data_copy):
    data_dir = data_copy()
    path = data_dir / "2024" / "meta.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^year: \d+", "year: 2" + "0" * 5000, text), encoding="utf-8")
    line = text[: re.search(r"(?m)^year: ", text).start()].count("\n") + 1
    out = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert re.search(rf"policy_data/2024/meta\.yaml:{line}: getal van \d+ tekens is te groot", out.stderr), out.stderr
