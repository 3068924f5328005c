"""Pages from the data: a provider type or a policy section added in YAML alone gets its
page, its decision tree and its place in the menu, with no Markdown file and no edit of
mkdocs.yml (the build step, macros/generate.py), and without any MkDocs plugin of ours:
the generated config of a year names every page and its place in the menu itself."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from authoring.loader import DATA_DIR
from macros.config import pyodide_path

from .conftest import ROOT, edit_yaml
from .site_files import page
from .text import visible_text

NEW_TYPE = "doulapraktijk"
NEW_LABEL = "Doulapraktijk"
NEW_SECTION = "nieuw-onderdeel"
NEW_SECTION_TITLE = "Een nieuw onderdeel van het beleid"


def _menu(html: str) -> list[str]:
    """The page links of the site's main menu, in order (anchors of the page itself left out)."""
    primary = html[html.index("md-nav--primary") :]
    return [href for href in re.findall(r'<a href="([^"#][^"]*)" class="md-nav__link', primary)]


@pytest.fixture(scope="module")
def site_with_additions(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data") / "policy_data"
    shutil.copytree(DATA_DIR / "schema", data / "schema")
    shutil.copytree(DATA_DIR / "2024", data / "2024")

    def provider_types(doc: dict) -> None:
        # A copy of an existing type under a new id: valid whatever fields a type needs.
        template = next(p for p in doc["provider_types"] if p["id"] == "geboortecentrum")
        new = {**template, "id": NEW_TYPE, "label": NEW_LABEL, "plural": "doulapraktijken", "description": "Een praktijk van doula’s."}
        new.pop("nav_title", None)
        doc["provider_types"].append(new)

    def sections(doc: dict) -> None:
        last = len(doc["sections"]) - 1  # before the last section, to show the data's order is the menu's
        doc["sections"].insert(last, {"id": NEW_SECTION, "title": NEW_SECTION_TITLE, "blocks": [{"p": "Tekst die alleen in de YAML staat."}]})

    edit_yaml(data / "2024" / "provider_types.yaml", provider_types)
    edit_yaml(data / "2024" / "sections.yaml", sections)
    docs_before = _files(ROOT / "docs")
    site = tmp_path_factory.mktemp("built") / "site"
    out = subprocess.run([sys.executable, "-m", "tools.build", "--data", str(data), "--site", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    # Neither pages nor the checker bundle or Pyodide: the build writes into its own folder.
    assert _files(ROOT / "docs") == docs_before, "de build schreef in docs/"
    return site


def _files(folder: Path) -> dict[Path, int]:
    return {p.relative_to(folder): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_new_provider_type_gets_its_page(site_with_additions, policy):
    page = site_with_additions / "zorgaanbieders" / NEW_TYPE / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert re.search(rf"<h1 id=\"{NEW_TYPE}\">{NEW_LABEL}", html)
    # Conditions for every provider apply to it, each listed with its anchor.
    general = [c.id for c in policy.conditions.values() if c.provider_types == "alle"]
    assert general and all(f'<li id="{cid}" class="condition' in html for cid in general)
    assert f"#type={NEW_TYPE}" in html


def test_new_provider_type_is_named_on_the_home_page(site_with_additions):
    home = " ".join(visible_text((site_with_additions / "index.html").read_text(encoding="utf-8")).split())
    assert "geboortecentra, integrale geboortezorgorganisaties en doulapraktijken." in home


def test_new_provider_type_gets_its_decision_tree(site_with_additions):
    html = (site_with_additions / "checker" / "beslisboom" / NEW_TYPE / "index.html").read_text(encoding="utf-8")
    assert f"Beslisboom: {NEW_LABEL}" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'class="tree-text"' in html


def test_new_provider_type_and_section_are_in_the_menu_in_data_order(site_with_additions, policy):
    menu = _menu((site_with_additions / "index.html").read_text(encoding="utf-8"))
    providers = [u for u in menu if u.startswith("zorgaanbieders/")]
    assert providers == ["zorgaanbieders/", *[f"zorgaanbieders/{p}/" for p in policy.provider_types], f"zorgaanbieders/{NEW_TYPE}/"]
    trees = [u for u in menu if u.startswith("checker/beslisboom/")]
    assert trees == ["checker/beslisboom/", *[f"checker/beslisboom/{p}/" for p in policy.provider_types], f"checker/beslisboom/{NEW_TYPE}/"]
    sections = [s.id for s in policy.top_sections]
    expected = [*sections[:-1], NEW_SECTION, sections[-1]]
    # After the sections: the whole policy on one page (issue 17).
    assert [u for u in menu if u.startswith("beleid/")] == [*(f"beleid/{s}/" for s in expected), "beleid/het-hele-beleid/"]


def test_new_section_gets_its_page(site_with_additions):
    html = (site_with_additions / "beleid" / NEW_SECTION / "index.html").read_text(encoding="utf-8")
    assert f'<h1 id="{NEW_SECTION}">{NEW_SECTION_TITLE}' in html
    assert "Tekst die alleen in de YAML staat." in html


def test_menu_uses_the_short_titles_from_the_data(policy):
    menu_html = page("zorgaanbieders").read_text(encoding="utf-8")
    shorts = {pt.id: pt.nav_title for pt in policy.provider_types.values() if pt.nav_title}
    assert shorts
    for pid, short in shorts.items():
        assert re.search(rf'href="\.\./zorgaanbieders/{pid}/"|href="{pid}/"', menu_html), pid
        assert re.search(
            rf'href="(?:\.\./zorgaanbieders/)?{pid}/" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*{re.escape(short)}\s*<', menu_html
        ), pid


def test_pages_and_menu_are_written_before_mkdocs_runs(site_with_additions):
    """What Zensical (which ignores custom MkDocs plugins) needs: every page as a file and the
    whole menu in the generated config, with no plugin of ours in it."""
    source = site_with_additions.parent / "build" / "site-src" / "root"
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = {next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]}
    assert plugins == {"search", "macros"}
    assert (source / "docs" / "zorgaanbieders" / f"{NEW_TYPE}.md").is_file()
    assert (source / "docs" / "beleid" / f"{NEW_SECTION}.md").is_file()
    menu = yaml.safe_dump(config["nav"])
    assert f"zorgaanbieders/{NEW_TYPE}.md" in menu and f"checker/beslisboom/{NEW_TYPE}.md" in menu and f"beleid/{NEW_SECTION}.md" in menu
    assert config["extra"]["policy"]["year"] == 2024
    # The checker bundle and Pyodide sit in the build folder of the year, not in docs/.
    assert (source / "docs" / "assets" / "checker" / "manifest.json").is_file()
    assert (source / "docs" / pyodide_path(ROOT) / "pyodide.asm.wasm").is_file()
