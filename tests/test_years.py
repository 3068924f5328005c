"""Yearly updates: a draft in one command, the changes found by id, both years on the
site with a switcher, and the checker per year."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from authoring.diff import compare, to_markdown
from authoring.loader import load_all
from checker import web
from checker.engine import RECHECK_KEY, RECHECK_YES
from macros.config import pyodide_path
from tests.paths import complete

from .conftest import ROOT
from .years_fixture import ADDED, CHANGED_CONTACT, MOVED_DATE, NEW_QUESTION, NEW_TEXT, REMOVED, REWORDED


def test_new_year_is_a_draft_copy_with_ids_kept(data_copy):
    data_dir = data_copy()
    out = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "new-year"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    policies = load_all(data_dir)
    old, new = policies[2024], policies[2025]
    assert new.meta.status == "concept" and new.meta.year == 2025
    assert "2025" in new.meta.title
    assert list(new.conditions) == list(old.conditions)
    assert [t.date for t in new.timeline] == ["2024-11-01", "2024-11-12", "2024-12-31", "2025-01-01"]
    assert compare(old, new).by_area("conditions") == []
    again = subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "new-year", "2025"], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 2 and "bestaat al" in again.stderr


def test_comparison_finds_exactly_the_edits(two_years):
    policies = load_all(two_years)
    diff = compare(policies[2024], policies[2025])
    found = {(c.area, c.id, c.kind, tuple(c.fields)) for c in diff.changes if c.area != "sections"}
    assert found == {
        ("conditions", ADDED, "added", ()),
        ("conditions", REMOVED, "removed", ()),
        ("conditions", REWORDED, "changed", ("text", "question")),
        ("timeline", MOVED_DATE, "changed", ("when", "date_shifted")),
        ("contacts", CHANGED_CONTACT, "changed", ("phone",)),
    }
    assert {c.id for c in diff.by_area("sections")} == {"verloskundige-zorg", "kraamzorg"}


def test_make_diff_prints_the_review_report(two_years):
    out = subprocess.run(
        ["make", "--no-print-directory", "-s", "diff", "FROM=2024", "TO=2025", f"POLICY_DATA={two_years}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    report = out.stdout
    assert report.startswith("# Wijzigingen 2024 → 2025")
    assert f"| `{ADDED}` | nieuw |" in report
    assert f"| `{REMOVED}` | vervallen |" in report
    assert f"| `{REWORDED}` | gewijzigd (tekst, vraag) |" in report and NEW_TEXT in report and NEW_QUESTION in report
    # The timeline's wording is derived from the moved date.
    assert "Publicatie gecontracteerde aanbieders: 12 november (2023-11-12) | Publicatie gecontracteerde aanbieders: 19 november (2024-11-19)" in report
    assert f"| `{CHANGED_CONTACT}` | gewijzigd" in report


def test_one_edited_condition_gives_exactly_that_change(data_copy):
    data_dir = data_copy()
    subprocess.run([sys.executable, "-m", "checker", "--data", str(data_dir), "new-year", "2025"], cwd=ROOT, check=True, capture_output=True)
    path = data_dir / "2025" / "conditions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("text: neemt deel aan de Perinatale Registratie Nederland (PRN)", f"text: {NEW_TEXT}", 1), encoding="utf-8")
    policies = load_all(data_dir)
    diff = compare(policies[2024], policies[2025])
    assert [(c.id, c.kind) for c in diff.changes] == [(REWORDED, "changed")]
    assert to_markdown(diff).count("| `") == 1


@pytest.fixture
def built(two_years, tmp_path) -> Path:
    site = tmp_path / "site"
    # The build makes its own bundle (with the draft) in its own folder beside the site.
    cmd = [sys.executable, "-m", "tools.build", "--data", str(two_years), "--site", str(site), "--preview"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return site


def test_site_builds_both_years_and_links_between_them(built):
    root = (built / "zorgaanbieders/kraamzorg/index.html").read_text(encoding="utf-8")
    draft = (built / "2025/zorgaanbieders/kraamzorg/index.html").read_text(encoding="utf-8")
    assert re.search(r'<nav class="year-switch".*?href="\.\./\.\./2025/zorgaanbieders/kraamzorg/"', root)
    # Every year at its permanent address, the current one too: the switcher links /2024/, not the root.
    assert re.search(r'<nav class="year-switch".*?href="\.\./\.\./\.\./2024/zorgaanbieders/kraamzorg/"', draft)
    permanent = (built / "2024/zorgaanbieders/kraamzorg/index.html").read_text(encoding="utf-8")
    assert re.search(r'<nav class="year-switch".*?href="\.\./\.\./\.\./2025/zorgaanbieders/kraamzorg/"', permanent)
    assert "draft-banner" in draft and "draft-banner" not in root and "draft-banner" not in permanent
    # A draft replaces nothing: 2024 is still the current year.
    assert not any("superseded-banner" in html for html in (root, draft, permanent))
    assert not (built / "2025/assets/pyodide").exists()
    assert f'data-pyodide="../../{pyodide_path(ROOT)}"' in (built / "2025/checker/index.html").read_text(encoding="utf-8")


def test_changes_page_shows_exactly_the_edits(built):
    html = (built / "2025/beleid/wijzigingen/index.html").read_text(encoding="utf-8")
    part = html.split('id="vergelijking"', 1)[1]
    rows = re.findall(r'<span id="wijziging-([a-z0-9-]+)">', part)
    assert sorted(rows) == sorted([ADDED, REMOVED, REWORDED])
    assert "PRN" in part and "Perined" in part  # old and new wording side by side
    assert "Neemt uw praktijk deel aan de Perinatale Registratie Nederland (PRN)?" in part and escape(NEW_QUESTION) in part
    assert "19 november" in part and "030 - 278 99 99" in part
    # What changes for providers: the same answers give another verdict, per provider type.
    outcome = part.split('id="uitkomst"', 1)[1]
    kraamzorg = outcome.split('id="uitkomst-kraamzorg"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"twee kraamverzorgenden uitvoeren\? <strong>Nee</strong></td>\s*<td[^>]*>niet in aanmerking", kraamzorg)
    praktijk = outcome.split('id="uitkomst-verloskundige-praktijk"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"echoscopische verrichtingen\? <strong>Nee</strong></td>\s*<td[^>]*>in aanmerking</td>\s*<td[^>]*>niet in aanmerking", praktijk)
    assert re.findall(r'id="uitkomst-([a-z-]+)"', outcome) == ["verloskundige-praktijk", "kraamzorg"]
    root = (built / "beleid/wijzigingen/index.html").read_text(encoding="utf-8")
    assert 'id="vergelijking"' not in root  # 2024 has no predecessor: only the authored table


def test_timeline_wording_follows_the_date(built):
    html = (built / "2025/procedure/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-11-19">19 november 2024</time>' in html  # moved in the fixture, said once with its year
    assert '<time datetime="2024-11-01">Uiterlijk 1 november 2024</time>' in html
    assert '<time datetime="2025-01-01">Vanaf 1 januari 2025</time>' in html
    assert '<time datetime="2024-01-01">Vanaf 1 januari 2024</time>' in (built / "procedure/index.html").read_text(encoding="utf-8")


def test_provider_page_marks_the_changed_condition(built):
    html = (built / "2025/zorgaanbieders/verloskundige-praktijk/index.html").read_text(encoding="utf-8")
    assert re.search(rf'<li id="{REWORDED}" class="condition[^"]*">.*?Gewijzigd sinds 2024', html)
    assert re.search(rf'<li id="{ADDED}" class="condition[^"]*">.*?Nieuw sinds 2024', html)
    assert f'id="{REMOVED}"' not in (built / "2025/zorgaanbieders/kraamzorg/index.html").read_text(encoding="utf-8")

    # The badges come from comparing the data of both years: exactly the added and reworded
    # conditions carry one in 2025, and 2024 (nothing before it) has none at all.
    def badged(folder: str) -> set[str]:
        found = set()
        for page in (built / folder / "zorgaanbieders").glob("*/index.html"):
            found |= set(re.findall(r'<li id="([a-z0-9-]+)" class="condition[^"]*">(?:(?!</li>).)*?badge--changed', page.read_text(encoding="utf-8"), re.S))
        return found

    assert badged("2025") == {ADDED, REWORDED}
    assert badged("2024") == set() == badged("")


def test_published_build_leaves_drafts_out(two_years, tmp_path):
    site = tmp_path / "site"
    out = subprocess.run(
        [sys.executable, "-m", "tools.build", "--data", str(two_years), "--site", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    assert not (site / "2025").exists()
    assert "year-switch" not in (site / "index.html").read_text(encoding="utf-8")
    # The one published year is at the root and at its permanent address, with neither switcher nor banner.
    permanent = (site / "2024/index.html").read_text(encoding="utf-8")
    assert "geboortezorg 2024" in permanent and "year-switch" not in permanent and "superseded-banner" not in permanent


def test_checker_is_per_year_and_carries_answers_across(two_years):
    policies = load_all(two_years)
    old, new = policies[2024], policies[2025]
    # With a contract, and checking the conditions anyway (else none are asked).
    answers_2024 = complete(old, "kraamzorg", {"gecontracteerd-vorig-jaar": "ja", RECHECK_KEY: RECHECK_YES})
    assert REMOVED in answers_2024
    for policy in (old, new):
        web.load_bundle(json.dumps(web.bundle(policy)))
    r = json.loads(web.handle(json.dumps({"year": 2025, "answers": {"type": "kraamzorg", **answers_2024, web.CONFIRM_KEY: "1"}})))
    assert r["state"] == "result" and r["year"] == 2025
    assert REMOVED in r["dropped"]
    r = json.loads(web.handle(json.dumps({"year": 2025, "answers": {"type": "verloskundige-praktijk", **complete(old, "verloskundige-praktijk", {})}})))
    # The new condition is asked next: on its own, or among the statements of its page.
    listed = [item["value"] for group in r["question"].get("groups") or [] for item in group["items"]]
    assert r["state"] == "question" and ADDED in [r["question"]["id"], *listed]
    refused = complete(old, "kraamzorg", {"gecontracteerd-vorig-jaar": "nee", REMOVED: "nee"})
    r = json.loads(web.handle(json.dumps({"year": 2024, "answers": {"type": "kraamzorg", **refused, web.CONFIRM_KEY: "1"}})))
    assert r["result"]["verdict"] == "not_eligible"


def test_cli_year_option(two_years):
    out = subprocess.run(
        [sys.executable, "-m", "checker", "--data", str(two_years), "--year", "2025", "questions", "verloskundige-praktijk"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert ADDED in [q["id"] for q in json.loads(out.stdout)]
    out = subprocess.run(
        [sys.executable, "-m", "checker", "--data", str(two_years), "--year", "2024", "questions", "verloskundige-praktijk"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ADDED not in [q["id"] for q in json.loads(out.stdout)]
