"""One test per loader rule (authoring.rules.RULES): a scratch copy of the data with one
mistake that rule is for. The rule must report it as `file:line: …`, and without the
rule the mistake must go unreported (so the test names the rule that guarantees it)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from authoring import rules as loader_rules
from authoring.loader import DataError, load_all
from authoring.rules import RULES

from .conftest import ROOT

Change = Callable[[dict[str, dict]], None]


def choice_questions(files: dict[str, dict]) -> list[dict]:
    return [q for q in files["questions"]["questions"] if q["type"] == "choice"]


def asked_condition(files: dict[str, dict]) -> dict:
    """The first condition the checker asks about, for every type it asks anything."""
    return next(c for c in files["conditions"]["conditions"] if c.get("question") and c["provider_types"] == "alle")


def condition_blocks(files: dict[str, dict]) -> list[dict]:
    found, stack = [], list(files["sections"]["sections"])
    while stack:
        section = stack.pop(0)
        found += [b for b in section.get("blocks", []) if "conditions" in b]
        stack += section.get("sections", [])
    return found


def later_question(files: dict[str, dict]) -> None:
    """An early question (stage general) that waits for one asked near the end."""
    late = next(q for q in choice_questions(files) if q["stage"] in ("procedure", "details"))
    asked_condition(files)["ask_if"] = {late["id"]: late["options"][0]["value"]}


def other_type_question(files: dict[str, dict]) -> None:
    """A question for one type that waits for a question only another type gets."""
    pairs = [(a, b) for a in choice_questions(files) for b in choice_questions(files) if a["provider_types"] != "alle" and b["provider_types"] != "alle"]
    a, b = next((a, b) for a, b in pairs if not set(a["provider_types"]) & set(b["provider_types"]))
    a["ask_if"] = {b["id"]: b["options"][0]["value"]}


def self_question(files: dict[str, dict]) -> None:
    q = choice_questions(files)[0]
    q["ask_if"] = {q["id"]: q["options"][0]["value"]}


def listed_in_two_sections(files: dict[str, dict]) -> None:
    blocks = condition_blocks(files)
    blocks[1]["conditions"].append(blocks[0]["conditions"][0])


def mail_body(body: str) -> Change:
    def change(files: dict[str, dict]) -> None:
        next(s for s in files["procedure"]["next_steps"] if s.get("mailto"))["mailto"]["body"] = body

    return change


def first_type(pred: Callable[[dict], bool], change: Callable[[dict], None]) -> Change:
    def apply(files: dict[str, dict]) -> None:
        change(next(p for p in files["provider_types"]["provider_types"] if pred(p)))

    return apply


def remove_question(files: dict[str, dict]) -> None:
    del next(c for c in files["conditions"]["conditions"] if c["kind"] == "condition" and c.get("question"))["question"]


def same_option_value(files: dict[str, dict]) -> None:
    q = choice_questions(files)[0]
    q["options"][1]["value"] = q["options"][0]["value"]


def unknown_contact(files: dict[str, dict]) -> None:
    option = next(o for q in choice_questions(files) for o in q["options"] if o.get("contact"))
    option["contact"] = "callcenter"


def duplicate_id(files: dict[str, dict]) -> None:
    files["questions"]["questions"][0]["id"] = files["conditions"]["conditions"][0]["id"]


def bcc_address(files: dict[str, dict]) -> None:
    """A contact's address that would copy a third party on every mail button."""
    contact = next(c for c in files["contacts"]["contacts"] if c.get("email"))
    contact["email"] += "?bcc=derde@example.com"


def mail_to_contact_without_email(files: dict[str, dict]) -> None:
    without = next(c for c in files["contacts"]["contacts"] if not c.get("email"))
    next(s for s in files["procedure"]["next_steps"] if s.get("mailto"))["mailto"]["contact"] = without["id"]


def reversed_text(files: dict[str, dict]) -> None:
    """U+202E in a condition's text: the site would show the words after it mirrored."""
    asked_condition(files)["text"] += " \u202eniet"


def exclusion_without_statement(files: dict[str, dict]) -> None:
    """An exclusion the checker asks, without the statement that must hold."""
    next(c for c in files["conditions"]["conditions"] if c["kind"] == "exclusion" and c.get("question")).pop("statement")


# rule name -> (file the message names, the mistake, a fragment of the message)
MISTAKES: dict[str, tuple[str, Change, str]] = {
    "year-matches-folder": ("meta", lambda f: f["meta"].update(year=2025), "hoort niet bij map 2024"),
    "unique-ids": ("questions", duplicate_id, "komt twee keer voor"),
    "provider-type-refs": ("conditions", lambda f: asked_condition(f).update(provider_types=["tandarts"]), "onbekende soort zorgaanbieder 'tandarts'"),
    "section-refs": ("provider_types", first_type(lambda p: True, lambda p: p.update(section="nergens")), "onbekende sectie 'nergens'"),
    "condition-refs": ("sections", lambda f: condition_blocks(f)[0]["conditions"].append("bestaat-niet"), "onbekende voorwaarde 'bestaat-niet'"),
    "conditions-listed-once": ("sections", listed_in_two_sections, "staat al in sectie"),
    "refusals": ("provider_types", first_type(lambda p: not p.get("refusal"), lambda p: p.update(refusal="alle-kvk")), "is geen inkoopregel"),
    "rule-fields": ("conditions", lambda f: asked_condition(f).update(next_steps=["aanvragen"]), "hoort alleen bij kind: rule"),
    "terms": ("terms", lambda f: f["terms"]["terms"].append(dict(f["terms"]["terms"][0])), "twee keer"),
    "policy-tests": ("tests", lambda f: f["tests"]["cases"][0].update(type="tandarts"), "onbekende soort zorgaanbieder 'tandarts'"),
    "statements": ("conditions", exclusion_without_statement, "geen statement"),
    "contact-verdict-has-reason": (
        "provider_types",
        first_type(lambda p: p.get("verdict_if_met") == "contact", lambda p: p.pop("contact_reason")),
        "contact_reason",
    ),
    "next-step-refs": ("procedure", lambda f: f["procedure"]["default_next_steps"]["eligible"].append("bel-ons"), "onbekende vervolgstap 'bel-ons'"),
    "contact-refs": ("questions", unknown_contact, "onbekende contactpersoon 'callcenter'"),
    "question-options": ("questions", same_option_value, "dezelfde value"),
    "ask-if-refs": ("questions", self_question, "van zichzelf af"),
    "ask-if-order": ("conditions", later_question, "wordt pas na deze vraag gesteld"),
    "not-if-refs": ("procedure", lambda f: f["procedure"]["timeline"][0].update(not_if={"gecontracteerd-vorig-jaar": "soms"}), "geen antwoord 'soms'"),
    "blocking-conditions-are-assessed": ("conditions", remove_question, "heeft geen question"),
    "mail-placeholders": ("procedure", mail_body("Beste {uw naam},"), "onbekende invulplek {uw naam}"),
    "plain-addresses": ("contacts", bcc_address, "er staat een vraagteken in"),
    "mail-contacts": ("procedure", mail_to_contact_without_email, "heeft geen e-mailadres in contacts.yaml"),
    "plain-characters": ("conditions", reversed_text, "U+202E (rechts-naar-links-overschrijving"),
    "timeline-dates": ("procedure", lambda f: f["procedure"]["timeline"][0].update(date="2019-11-01"), "ligt niet in 2023 of 2024"),
}


def break_data(data_dir: Path, change: Change) -> None:
    """Apply a change to the parsed files and write back the files it touched."""
    year = data_dir / "2024"
    files = {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in year.glob("*.yaml")}
    before = {name: json.dumps(data, sort_keys=True, default=str) for name, data in files.items()}
    change(files)
    for name, data in files.items():
        if json.dumps(data, sort_keys=True, default=str) != before[name]:
            (year / f"{name}.yaml").write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    try:
        load_all(data_dir)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_every_rule_has_a_mistake_here():
    assert sorted(MISTAKES) == sorted(rule.name for rule in RULES)


@pytest.mark.parametrize("name", list(MISTAKES))
def test_rule_reports_its_mistake_with_file_and_line(data_copy, monkeypatch, name):
    file, change, fragment = MISTAKES[name]
    data_dir = data_copy()
    break_data(data_dir, change)
    found = [p for p in problems(data_dir) if fragment in p]
    assert found, f"{name}: nothing with {fragment!r} in:\n" + "\n".join(problems(data_dir))
    assert all(re.match(rf"^policy_data/2024/{file}\.yaml:\d+: ", p) for p in found), found
    # Without this rule, nobody reports the mistake: the rule is what guarantees it.
    monkeypatch.setattr(loader_rules, "RULES", [r for r in RULES if r.name != name])
    assert not [p for p in problems(data_dir) if fragment in p]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_says_in_one_line_what_it_guarantees(rule):
    assert rule.doc and "\n" not in rule.doc and rule.doc.endswith(".")


def test_cli_lists_the_rules():
    out = subprocess.run([sys.executable, "-m", "checker", "rules"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"{rule.name}: {rule.doc}" for rule in RULES]


def test_the_real_data_passes_every_rule():
    assert problems(ROOT / "policy_data") == []
