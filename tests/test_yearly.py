"""The yearly update, guided: `make new-year` lists every text that still names an earlier
year, a moved date or a year in an id; a definitive year with open items does not build
until each is edited or acknowledged in meta.yaml; `make diff` says what changes for
providers; timeline wording is derived from the date."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from authoring.diff import outcome_changes
from authoring.loader import load_all
from authoring.yearly import review
from checker.model import date_phrase
from macros.config import pyodide_path

from .conftest import ROOT
from .years_fixture import ADDED, MOVED_DATE, NEW_QUESTION, REMOVED, REWORDED, make_2025

ITEM = re.compile(r'^(?P<file>\S+\.yaml):(?P<line>\d+): "(?P<text>[^"]+)" \((?P<why>[^;]+); (?P<path>[^)]+)\)$')


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "-s", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def items(report: str) -> list[re.Match[str]]:
    return [m for m in map(ITEM.match, report.splitlines()) if m]


def set_status(data_dir: Path, year: int, status: str) -> None:
    meta = data_dir / str(year) / "meta.yaml"
    meta.write_text(re.sub(r"(?m)^status: \w+", f"status: {status}", meta.read_text(encoding="utf-8")), encoding="utf-8")


def test_new_year_lists_stale_texts_at_their_lines(data_copy):
    data_dir = data_copy()
    out = make("new-year", "YEAR=2025", f"POLICY_DATA={data_dir}")
    assert out.returncode == 0, out.stderr
    found = items(out.stdout)
    assert found, out.stdout
    for m in found:
        # The line named is where the old text starts (folded texts run on to the next lines).
        lines = (data_dir.parent / m["file"]).read_text(encoding="utf-8").splitlines()[int(m["line"]) - 1 : int(m["line"]) + 3]
        assert m["text"].split()[0].lower() in lines[0].lower(), m.group(0)
        assert m["text"].lower() in " ".join(" ".join(lines).split()).lower(), m.group(0)
        assert m["why"] in ("is een id met een jaartal", "spreekt van vorig jaar") or int(re.findall(r"\d{4}", m["text"])[0]) < 2025, m.group(0)
    texts = {(Path(m["file"]).name, m["text"]) for m in found}
    # The copied title and source naming 2024, the mail subject, the stale deadlines: all listed.
    assert ("meta.yaml", "2024") in texts
    assert any(name == "procedure.yaml" and "1 november 2023" in text for name, text in texts)
    # A historic fact acknowledged in 2024's meta.yaml (copied along) is not open again,
    # but the same words in another file, not acknowledged there, are.
    assert ("conditions.yaml", "4 november 2022") not in texts
    assert ("changes.yaml", "4 november 2022") in texts
    # Stale without a year: the copied changes table, and a help text about "last year".
    assert ("changes.yaml", "copied_from: 2024") in texts
    assert ("conditions.yaml", "gewijzigd ten opzichte van vorig jaar") in texts
    # The timeline wording follows the shifted date; nothing typed can go stale.
    timeline = {t.id: t.when for t in load_all(data_dir)[2025].timeline}
    assert timeline["offerte-igo"] == "uiterlijk 1 november"
    assert timeline["declareren"] == "vanaf 1 januari 2025"


def test_new_year_copies_the_policy_tests(data_copy):
    data_dir = data_copy()
    cases = "cases:\n  - name: Een overeenkomst 2023-2024 telt niet meer\n    type: kraamzorg\n    answers: {}\n    verdict: eligible\n"
    (data_dir / "2024" / "tests.yaml").write_text(cases, encoding="utf-8")
    out = run("--data", str(data_dir), "new-year", "2025")
    assert out.returncode == 0, out.stderr
    assert (data_dir / "2025" / "tests.yaml").read_text(encoding="utf-8") == cases
    assert "tests.yaml" in out.stderr
    assert any(Path(m["file"]).name == "tests.yaml" and m["text"] == "2023-2024" for m in items(out.stdout))


def test_ids_with_a_year_are_listed(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    path = data_dir / "2025" / "procedure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: publicatie\n", "- id: publicatie-2025\n"), encoding="utf-8")
    found = [m for m in items(run("--data", str(data_dir), "review", "2025").stdout) if m["text"] == "publicatie-2025"]
    assert [(m["why"], m["path"]) for m in found] == [("is een id met een jaartal", "timeline[publicatie-2025].id")]


def test_a_moved_date_is_listed_until_its_text_follows(data_copy):
    data_dir = data_copy()
    make_2025(data_dir)  # moves the publication from 12 to 19 November
    stale = [i for i in review(data_dir, 2025).open if i.kind == "date"]
    assert stale and {i.text for i in stale} == {"12 november"}
    assert {i.path for i in stale} >= {f"timeline[{MOVED_DATE}].source.quote"}
    assert all("19 november" in str(i) for i in stale)
    for name in {i.file for i in stale}:
        path = data_dir / "2025" / name
        path.write_text(path.read_text(encoding="utf-8").replace("12 november", "19 november"), encoding="utf-8")
    assert [i for i in review(data_dir, 2025).open if i.kind == "date"] == []


def test_definitive_year_with_open_items_does_not_build(data_copy, tmp_path):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    set_status(data_dir, 2025, "definitief")
    site = tmp_path / "site"
    build = [sys.executable, "-m", "tools.build", "--data", str(data_dir), "--site", str(site)]
    out = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 1 and not site.exists()
    assert "Traceback" not in out.stderr
    problems = out.stderr.splitlines()[1:]
    open_items = review(data_dir, 2025).open
    assert len(problems) == len(open_items) > 0
    assert all(
        re.match(r"^policy_data/2025/\w+\.yaml:\d+: \".+\" .+ en 2025 is definitief\. .+(review\.accepted|bewust gelijk blijft)\.$", p) for p in problems
    ), problems
    assert any('"uiterlijk 31 december 2023"' in p and "procedure.yaml" in p for p in problems)
    assert any(p.startswith("policy_data/2025/changes.yaml:") and "Herschrijf de tabel voor 2025" in p for p in problems)
    # make validate stops with the same lines.
    validate = make("validate", f"POLICY_DATA={data_dir}")
    assert validate.returncode != 0 and all(p in validate.stderr for p in problems)

    # The team edits some texts and acknowledges the rest (what stays on purpose) ...
    path = data_dir / "2025" / "procedure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("31 december 2023", "31 december 2024"), encoding="utf-8")
    # The changes table stays on purpose: said once, in changes.yaml.
    changes = data_dir / "2025" / "changes.yaml"
    changes.write_text(changes.read_text(encoding="utf-8").replace("changes:\n", "kept: Dezelfde wijzigingen als in 2024\nchanges:\n", 1), encoding="utf-8")
    left = review(data_dir, 2025).open
    assert not any(i.file == "procedure.yaml" and "31 december 2023" in i.text for i in left)
    assert not any(i.kind == "copied" for i in left)
    assert len(left) < len(open_items)
    meta = data_dir / "2025" / "meta.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["review"]["accepted"] += [{"file": i.file, "path": i.path, "text": i.text, "reason": "Blijft zo"} for i in left]
    meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # ... and then it builds (with its own checker bundle, in its own folder beside the site).
    out = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert (site / "index.html").is_file() and (site / "2024" / "index.html").is_file()
    assert_permanent_addresses(site)


def assert_permanent_addresses(site: Path) -> None:
    """2025 is published: it is at the root and at /2025/; 2024 stays at /2024/, says it is
    superseded and links to the same page of the current year; the switcher links /<year>/."""
    page = "zorgaanbieders/kraamzorg/"
    root, current, old = ((site / folder / page / "index.html").read_text(encoding="utf-8") for folder in ("", "2025", "2024"))
    homes = {folder: (site / folder / "index.html").read_text(encoding="utf-8") for folder in ("", "2025", "2024")}
    assert "<h1" in homes[""] and homes[""].count("geboortezorg 2025") == homes["2025"].count("geboortezorg 2025") > 0
    assert "geboortezorg 2024" in homes["2024"] and "geboortezorg 2025" not in homes["2024"].split("superseded-banner")[0]
    for html in (root, current, homes[""], homes["2025"]):
        assert "superseded-banner" not in html
    # The year switcher links every year's permanent address, from the root and from /2024/.
    assert re.search(r'<nav class="year-switch".*?href="\.\./\.\./2024/zorgaanbieders/kraamzorg/".*?href="\.\./\.\./2025/zorgaanbieders/kraamzorg/"', root)
    assert re.search(r'<nav class="year-switch".*?href="\.\./\.\./\.\./2025/zorgaanbieders/kraamzorg/"', old)
    banner = re.search(r'<div class="admonition warning superseded-banner">(.*?)</div>', old)
    assert banner and "Voor 2025 geldt een nieuw beleid" in banner[1]
    assert 'href="../../../zorgaanbieders/kraamzorg/"' in banner[1]
    # The checker of /2024/ has its own bundle with 2024 in it, and reaches the one Pyodide at the root.
    checker = (site / "2024/checker/index.html").read_text(encoding="utf-8")
    assert 'data-year="2024"' in checker and f'data-pyodide="../../{pyodide_path(ROOT)}"' in checker
    assert (site / pyodide_path(ROOT) / "pyodide.mjs").is_file() and not (site / "2024/assets/pyodide").exists()
    manifest = json.loads((site / "2024/assets/checker/manifest.json").read_text(encoding="utf-8"))
    assert "2024" in manifest["bundles"] and (site / "2024/assets/checker" / manifest["bundles"]["2024"]).is_file()


def test_an_acknowledgement_covers_only_its_file_and_path(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    before = review(data_dir, 2025)
    subject = next(i for i in before.open if i.path == "next_steps[aanvragen].mailto.subject")
    same_text_elsewhere = [i for i in before.open if i.text == subject.text and i.path != subject.path]
    assert same_text_elsewhere
    meta = data_dir / "2025" / "meta.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["review"]["accepted"] += [
        {"file": subject.file, "path": subject.path, "text": subject.text, "reason": "Onderwerp blijft"},
        {"file": "procedure.yaml", "text": "1 maart 1999", "reason": "Bestaat niet"},
    ]
    meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = review(data_dir, 2025)
    # Compared by key (file, path, text): rewriting meta.yaml moved its lines.
    assert subject.key in {i.key for i in after.accepted} and subject.key not in {i.key for i in after.open}
    assert {i.key for i in same_text_elsewhere} <= {i.key for i in after.open}
    assert [a["text"] for a in after.unused] == ["1 maart 1999"]
    report = run("--data", str(data_dir), "review").stdout
    assert 'bevestiging "1 maart 1999" past bij geen tekst meer' in report


def test_the_first_year_has_no_review_gate(data_copy):
    data_dir = data_copy()
    assert load_all(data_dir)[2024].meta.status == "definitief"
    gate = run("--data", str(data_dir), "review", "--gate")
    assert gate.returncode == 0, gate.stderr
    assert "geen eerder jaar" in run("--data", str(data_dir), "review", "2024").stdout


def test_diff_says_what_changes_for_providers(data_copy):
    data_dir = data_copy()
    make_2025(data_dir)
    policies = load_all(data_dir)
    changes = outcome_changes(policies[2024], policies[2025])
    by_answer = {(c.provider, c.chosen): c for c in changes}
    # Every change comes from the added or the removed condition (on any route through the
    # questions), and the plain route shows both.
    assert all({ADDED, REMOVED} & {qid for qid, _ in c.chosen} for c in changes), [(c.provider, c.chosen) for c in changes]
    assert {("verloskundige-praktijk", ((ADDED, "nee"),)), ("kraamzorg", ((REMOVED, "nee"),))} <= set(by_answer)
    added = by_answer[("verloskundige-praktijk", ((ADDED, "nee"),))]
    assert added.new.verdict == "not_eligible" and ADDED in added.new.unmet and added.old.verdict != "not_eligible"
    removed = by_answer[("kraamzorg", ((REMOVED, "nee"),))]
    assert removed.old.verdict == "not_eligible" and REMOVED in removed.old.unmet and removed.new.verdict != "not_eligible"

    out = make("diff", "FROM=2024", "TO=2025", f"POLICY_DATA={data_dir}")
    assert out.returncode == 0, out.stderr
    part = out.stdout.split("## Wat verandert er voor zorgaanbieders", 1)[1]
    lines = [line for line in part.splitlines() if line.startswith("- ")]
    assert len(lines) == len(changes)
    assert any("echoscopische verrichtingen?* Nee: was in aanmerking, wordt niet in aanmerking" in line for line in lines)
    assert any("twee kraamverzorgenden uitvoeren?* Nee: was niet in aanmerking" in line and line.endswith("wordt in aanmerking") for line in lines)
    # The reworded condition asks the same in other words: no other outcome, only new wording.
    assert NEW_QUESTION not in part
    row = next(line for line in out.stdout.splitlines() if line.startswith(f"| `{REWORDED}` |"))
    old_cell, new_cell = row.split(" | ")[2:4]
    assert "Vraag: Neemt uw praktijk deel aan de Perinatale Registratie Nederland (PRN)?" in old_cell
    assert f"Vraag: {NEW_QUESTION}" in new_cell


def test_timeline_wording_is_derived_from_the_date():
    assert date_phrase("2024-11-01", "uiterlijk", show_year=False) == "uiterlijk 1 november"
    assert date_phrase("2024-12-31", "uiterlijk") == "uiterlijk 31 december 2024"
    assert date_phrase("2025-01-01", "vanaf") == "vanaf 1 januari 2025"
    assert date_phrase("2024-03-05") == "5 maart 2024"


def test_a_reworded_checker_question_shows_both_wordings(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    path = data_dir / "2025" / "questions.yaml"
    old = "Heeft u voor inkoopjaar 2024 al declaraties voor integrale geboortezorg ingediend?"
    new = "Heeft u dit inkoopjaar al declaraties voor integrale geboortezorg ingediend?"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    report = run("--data", str(data_dir), "diff", "2024", "2025").stdout
    rows = [line for line in report.splitlines() if line.startswith("| `igo-declaraties` |")]
    assert rows == [f"| `igo-declaraties` | gewijzigd (tekst) | Vraag: {old} | Vraag: {new} |"]
    # Rewording changes no outcome.
    assert "Dezelfde antwoorden geven in 2025 dezelfde uitslag als in 2024." in report


def test_a_copied_changes_table_blocks_definitief(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    set_status(data_dir, 2025, "definitief")
    changes = data_dir / "2025" / "changes.yaml"
    copied = changes.read_text(encoding="utf-8")
    mark = copied.splitlines().index("copied_from: 2024") + 1
    gate = run("--data", str(data_dir), "review", "--gate")
    assert gate.returncode == 1 and "Traceback" not in gate.stderr
    line = next(p for p in gate.stderr.splitlines() if "changes.yaml" in p and "Herschrijf" in p)
    assert line.startswith(f"{data_dir.name}/2025/changes.yaml:{mark}: ")
    assert "kept:" in line and "2025 is definitief" in line

    def table_open() -> bool:
        return any(i.kind == "copied" for i in review(data_dir, 2025).open)

    # Taking the mark away does not rewrite the table: it stays open, at the table.
    changes.write_text(copied.replace("copied_from: 2024\n", ""), encoding="utf-8")
    assert table_open()
    # One row rewritten for 2025 closes it, and so does a reason to keep the table as it is.
    changes.write_text(copied.replace("Impactvolle zorgtransformaties", "Impactvolle zorgtransformaties 2025-2026"), encoding="utf-8")
    assert not table_open()
    changes.write_text(copied.replace("copied_from: 2024\n", "copied_from: 2024\nkept: Het beleid 2025 noemt dezelfde wijzigingen\n"), encoding="utf-8")
    assert not table_open()
    # The next year starts again: the reason of 2025 does not travel along.
    run("--data", str(data_dir), "new-year", "2026")
    assert "\nkept:" not in (data_dir / "2026" / "changes.yaml").read_text(encoding="utf-8")
    assert any(i.kind == "copied" for i in review(data_dir, 2026).open)


def test_last_year_in_a_note_is_on_the_review_list(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    path = data_dir / "2025" / "questions.yaml"
    old = "    note: Het beleid zegt niet bij wie u het plan indient;"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, "    note: Anders dan vorig jaar zegt het beleid niet bij wie u het plan indient;"), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    found = [m for m in items(run("--data", str(data_dir), "review", "2025").stdout) if m["text"] == "vorig jaar"]
    assert [(Path(m["file"]).name, int(m["line"]), m["why"]) for m in found] == [("questions.yaml", line, "spreekt van vorig jaar")]
    assert found[0]["path"].endswith(".note")
    # The policy's own heading "ten opzichte van vorig jaar" is the policy's text, true every year.
    assert not any(i.file == "sections.yaml" and i.kind == "last-year" for i in review(data_dir, 2025).items)


def test_a_glossary_quote_missing_from_the_new_source_is_listed(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    source = next((data_dir / "2025" / "source").glob("*.txt"))
    text = source.read_text(encoding="utf-8")
    # The new policy words one sentence otherwise, and the PDF splits another word over two lines.
    assert "BEN echoregister of KNOV echoregister" in text and "AGB-code voor verloskunde" in text
    text = text.replace("BEN echoregister of KNOV echoregister", "echoregister van de BEN of de KNOV")
    source.write_text(text.replace("AGB-code voor verloskunde", "AGB-code voor verlos-\n\tkunde"), encoding="utf-8")
    quotes = [i for i in review(data_dir, 2025).open if i.kind == "quote"]
    assert [(i.file, i.path, i.text) for i in quotes] == [
        ("terms.yaml", "terms[ben].source.quote", "staat ingeschreven in het BEN echoregister of KNOV echoregister")
    ]
    terms = (data_dir / "2025" / "terms.yaml").read_text(encoding="utf-8").splitlines()
    assert "BEN echoregister" in terms[quotes[0].line - 1]


def test_a_rename_is_reported_at_its_definition(data_copy):
    data_dir = data_copy()
    run("--data", str(data_dir), "new-year", "2025")
    path = data_dir / "2025" / "conditions.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - id: kz-hkz-iso\n"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "  - id: kz-hkz-iso-certificaat\n"), encoding="utf-8")
    out = run("--data", str(data_dir), "validate")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    problems = [p for p in out.stderr.splitlines() if "'kz-hkz-iso'" in p]
    assert len(problems) >= 3 and not any("Bedoelt u" in p for p in problems)
    assert all(f"Hernoemd in {data_dir.name}/2025/conditions.yaml:{line} (nu 'kz-hkz-iso-certificaat')?" in p for p in problems), problems
    # A reference with a typo, its definition untouched, still gets the suggestion.
    path.write_text(text, encoding="utf-8")
    tests = data_dir / "2025" / "tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace("unmet: [kz-hkz-iso]", "unmet: [kz-hkz-isso]", 1), encoding="utf-8")
    typo = [p for p in run("--data", str(data_dir), "validate").stderr.splitlines() if "kz-hkz-isso" in p]
    assert len(typo) == 1 and "Bedoelt u 'kz-hkz-iso'?" in typo[0] and "Hernoemd" not in typo[0]
