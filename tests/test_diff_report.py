"""`make diff` is what a manager reads in the pull request: per provider type the decisive
change first, answers that do not matter left out, the changed words of a text, a help-only
edit and a rename said as such, and no English field names. The workflow puts the same
report in the pull request's job summary."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from authoring.diff import AREA_FIELDS, FIELD_WORDS, NOT_COMPARED, Change, _compare, changed_words, compare, outcome_changes
from authoring.loader import load_all
from macros.years import HTML_MARKS, _cond_cell, _row, _what

from .conftest import ROOT
from .diff_fixture import DROPPED, HELP_ONLY, NEW_HELP, NEW_ID, NEW_KRAAMZORG, OLD_ID, REWORDED_KRAAMZORG, TARIFF_SECTION, make_update

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
SCHEMA = ROOT / "policy_data" / "schema"


def make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "-s", "-C", str(ROOT), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def update(tmp_path_factory) -> Path:
    """policy_data with 2024 and the 2025 update of the issue (see tests/diff_fixture.py)."""
    data_dir = tmp_path_factory.mktemp("update") / "policy_data"
    data_dir.mkdir()
    for part in ("schema", "2024"):
        subprocess.run(["cp", "-r", str(ROOT / "policy_data" / part), str(data_dir / part)], check=True)
    make_update(data_dir)
    return data_dir


@pytest.fixture(scope="module")
def report(update) -> str:
    out = make("diff", "FROM=2024", "TO=2025", f"POLICY_DATA={update}")
    assert out.returncode == 0, out.stderr
    return out.stdout


def section(report: str, heading: str) -> str:
    """The text under one heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    part = report.split(heading + "\n", 1)[1]
    return re.split(rf"(?m)^#{{1,{len(level)}}} ", part, maxsplit=1)[0]


def test_the_decisive_change_per_provider_type_comes_first(report):
    headings = re.findall(r"(?m)^## .*", report)
    assert headings[0] == "## Wat verandert er per soort zorgaanbieder"
    first = section(report, headings[0])
    lines = [line for line in first.splitlines() if line.startswith("- ")]
    # One sentence per provider type whose outcome changes, before any table or detail.
    assert [re.match(r"- \*\*(.+?)\*\*", line)[1] for line in lines] == ["Verloskundige praktijk", "Aanbieder van prenatale screening", "Kraamzorginstelling"]
    screening = lines[1]
    assert screening.startswith("- **Aanbieder van prenatale screening**: was in aanmerking, wordt elders ingekocht")
    assert "Neemt uw praktijk deel aan de Perinatale Registratie Nederland (PRN)?* Nee antwoordt: was niet in aanmerking, wordt in aanmerking" in lines[0]
    assert "klachtenregeling?* Nee antwoordt: was in aanmerking, wordt niet in aanmerking" in lines[2]
    assert "`" not in first  # words, not ids
    assert report.index(screening) < report.index("| Id |")


def test_answers_that_do_not_matter_are_left_out(update, report):
    # Dropping PRN gives one row, not one per CTG answer and route.
    rows = section(report, "### Verloskundige praktijk")
    lines = [line for line in rows.splitlines() if line.startswith("- ")]
    assert len(lines) == 1, rows
    assert lines[0].startswith("- *Neemt uw praktijk deel aan de Perinatale Registratie Nederland (PRN)?* Nee: was niet in aanmerking")
    assert "CTG" not in rows
    # The route with an existing contract ends otherwise before: indented below, only its own answer.
    assert re.fullmatch(
        # With a contract the conditions are asked only when the provider checks anyway.
        r"  - en \*Heeft u een overeenkomst geboortezorg 2023-2024 met a\.s\.r\.\?\* Ja[^*]*; "
        r"\*Toch nagaan of u nog aan alle voorwaarden voldoet\?\* Ja: was contact met a\.s\.r\. \(`vk-prn`\), wordt in aanmerking",
        next(line for line in rows.splitlines() if line.startswith("  - ")),
    )
    policies = load_all(update)
    midwives = [c for c in outcome_changes(policies[2024], policies[2025]) if c.provider == "verloskundige-praktijk"]
    assert [c.chosen for c in midwives] == [((DROPPED, "nee"),)]
    # No longer contracted: one line for the provider type, every other answer folded into it.
    screening = [line for line in section(report, "### Aanbieder van prenatale screening").splitlines() if line.startswith("- ")]
    assert len(screening) == 1 and screening[0].startswith("- Met de gunstige antwoorden op alle vragen: was in aanmerking, wordt elders ingekocht; ook met ")


def test_a_section_text_shows_its_changed_words(report):
    row = next(line for line in report.splitlines() if line.startswith(f"| `{TARIFF_SECTION}` |"))
    assert "| Max-max tarieven | Max-max tarieven |" not in row
    assert "~~wel~~ **toch** een max-max tarief" in row
    # Only the words around the change, not the whole paragraph.
    assert "…" in row and "kwaliteitsverbetering" not in row


def test_changed_words_mark_only_what_changed():
    old = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien"
    assert changed_words(old, old.replace("zeven", "7")) == "… drie vier vijf zes ~~zeven~~ **7** acht negen tien elf …"
    assert changed_words("a *b*", "a c") == "a ~~\\*b\\*~~ **c**"
    assert changed_words("x < y", "x > y", HTML_MARKS) == "x <del>&lt;</del> <ins>&gt;</ins> y"


def test_a_help_only_edit_is_labelled(report):
    row = next(line for line in report.splitlines() if line.startswith(f"| `{HELP_ONLY}` |"))
    assert row.startswith(f"| `{HELP_ONLY}` | alleen de toelichting gewijzigd |")
    assert NEW_HELP in row.split(" | ")[3]
    reworded = next(line for line in report.splitlines() if line.startswith(f"| `{REWORDED_KRAAMZORG}` |"))
    assert "toelichting" not in reworded  # a changed condition text is not a help-only edit


def test_a_rename_is_one_line(report):
    lines = [line for line in report.splitlines() if OLD_ID in line.replace(NEW_ID, "")]
    assert lines == [f"| `{NEW_ID}` | hernoemd: {OLD_ID} → {NEW_ID}, tekst gelijk | " + lines[0].split(" | ", 2)[2]]
    assert f"| `{OLD_ID}` |" not in report and f"| `{NEW_ID}` | nieuw" not in report
    # The same condition in both years: the outcome of its answer does not change.
    assert "HKZ" not in section(report, "## Wat verandert er voor zorgaanbieders")
    assert f"| `{NEW_KRAAMZORG}` | nieuw |" in report


def test_a_rename_is_found_in_every_area():
    for area, item in [
        ("questions", {"text": "Vraag?", "type": "choice", "provider_types": "alle"}),
        ("sections", {"title": "Titel", "text": "Tekst"}),
        ("next_steps", {"title": "Stap", "text": "Doe dit"}),
    ]:
        changes = _compare(area, {"oud": {"id": "oud", **item}}, {"nieuw": {"id": "nieuw", **item, "note": "erbij"}})
        assert [(c.kind, c.old_id, c.id) for c in changes] == [("renamed", "oud", "nieuw")], area
    other = _compare("next_steps", {"oud": {"id": "oud", "title": "Stap", "text": "Doe dit"}}, {"nieuw": {"id": "nieuw", "title": "Stap", "text": "Doe dat"}})
    assert sorted(c.kind for c in other) == ["added", "removed"]


def test_no_english_field_names(report, update):
    for fields in re.findall(r"gewijzigd \(([^)]*)\)", report):
        assert set(fields.split(", ")) <= set(FIELD_WORDS.values()), fields
    assert "gewijzigd (refusal)" not in report and "refusal" not in report
    policies = load_all(update)
    # The site's changes page says the same as the report.
    renamed = next(c for c in compare(policies[2024], policies[2025]).changes if c.kind == "renamed")
    assert _what(renamed) == f"Hernoemd: {OLD_ID} → {NEW_ID}, tekst gelijk"
    assert _what(Change("conditions", "x", "changed", {}, {}, ["help"])) == "Alleen de toelichting gewijzigd"


def _item_properties(area: str) -> set[str]:
    """The fields of one item of an area, as the JSON schema of its file names them."""
    file, key = {"timeline": ("procedure", "timeline"), "next_steps": ("procedure", "next_steps")}.get(area, (area, area))
    loaded = json.loads((SCHEMA / f"{file}.schema.json").read_text(encoding="utf-8"))
    if area == "sections":
        return set(loaded["$defs"]["section"]["properties"])
    return set(loaded["properties"][key]["items"]["properties"])


def test_every_field_that_can_change_has_dutch_words():
    for area, fields in AREA_FIELDS.items():
        assert all(f in FIELD_WORDS for f in fields), [f for f in fields if f not in FIELD_WORDS]
        # Every field of the data is compared, or left out with a reason; a new field in a schema fails here.
        known = set(fields) | set(NOT_COMPARED.get(area, {})) | {"id", "blocks"} | ({"question"} if area == "conditions" else set())
        assert _item_properties(area) <= known, (area, _item_properties(area) - known)
    # The help of a condition's question is compared on its own (a help-only edit).
    assert "help" in AREA_FIELDS["conditions"]


def test_make_review_prints_the_report_for_the_changed_year(data_copy, tmp_path):
    data_dir = data_copy()
    # The repository holds policy_data/ (a folder in policy_data/ that is not a year is refused).
    git = ["git", "-C", str(data_dir.parent), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "2024"], check=True)
    make_update(data_dir)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "2025"], check=True)
    out = make("review", "BASE=HEAD~1", f"POLICY_DATA={data_dir}")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# Wijzigingen 2024 → 2025\n\n## Wat verandert er per soort zorgaanbieder")
    # The review list is Markdown too: a code block, one item a line.
    assert re.search(r"\n\n## Nalooplijst\n\n```text\n.*2025.*\n```\n$", out.stdout, re.S)
    wrong = make("review", "BASE=bestaat-niet", f"POLICY_DATA={data_dir}")
    assert wrong.returncode != 0 and "bestaat niet in git" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_workflow_puts_the_report_in_the_pull_request():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = next(job for job in workflow["jobs"].values() if any("make -s review" in step.get("run", "") for step in job["steps"]))
    step = next(step for step in job["steps"] if "make -s review" in step.get("run", ""))
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["run"] == 'make -s review BASE="origin/$BASE_REF" | tee -a "$GITHUB_STEP_SUMMARY"'
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"} and step["shell"] == "bash"
    # Read-only, and the base branch is fetched so origin/<base> exists.
    assert job["permissions"] == {"contents": "read"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert job["steps"].index(step) < next(i for i, s in enumerate(job["steps"]) if "make test" in s.get("run", ""))


def test_the_changes_page_says_what_the_report_says(update):
    policies = load_all(update)
    old, new = policies[2024], policies[2025]
    help_only = next(c for c in compare(old, new).changes if c.id == HELP_ONLY)
    assert "Toelichting bij de vraag: " + NEW_HELP in _cond_cell(help_only.new, new, help_only.fields)
    # The PRN row: one row, the route with an existing contract inside the old year's cell.
    prn = next(c for c in outcome_changes(old, new) if c.provider == "verloskundige-praktijk")
    given, before, after = _row(prn, old, new)
    assert "<strong>Nee</strong>" in given and "CTG" not in given
    assert before.startswith("niet in aanmerking") and "En Heeft u een overeenkomst geboortezorg 2023-2024 met a.s.r.? Ja" in before
    assert before.endswith(": contact met a.s.r.</span>") and after == "in aanmerking"
