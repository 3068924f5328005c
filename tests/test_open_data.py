"""Open data (issue 17, item 1): every built year publishes its policy as JSON with a JSON
Schema it validates against, the YAML sources with their schemas, and a page *Open data*
whose links all resolve and whose versions are the files' own."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from authoring.loader import DATA_DIR, load_policy
from authoring.problems import DataError
from checker.model import FILES, Policy
from checker.web import load_bundle
from macros.feed import atom_feed
from macros.open_data_page import _licence
from macros.opendata import published_data, published_schema
from macros.page import Page

from .conftest import edit_yaml
from .site_files import SITE, parse, require_site
from .test_site import _resolve
from .text import visible_text


def year_roots() -> list[Path]:
    """The folder of every built year: the root (the current year) and each /<year>/."""
    site = require_site()
    return [site, *sorted(p for p in site.iterdir() if p.is_dir() and p.name.isdigit())]


def _load(root: Path, name: str) -> dict:
    return json.loads((root / "open-data" / name).read_text(encoding="utf-8"))


def _errors(schema: dict, data: dict) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_every_year_publishes_its_json_and_the_json_validates_against_the_published_schema():
    roots = year_roots()
    assert len(roots) >= 2, "de site heeft het hoofdjaar en minstens één jaar op een vast adres"
    for root in roots:
        schema, data = _load(root, "beleid.schema.json"), _load(root, "beleid.json")
        Draft202012Validator.check_schema(schema)
        assert _errors(schema, data) == [], root
        # The schema is self-contained: no reference leaves the document.
        assert '"$ref": "#/' in json.dumps(schema) and '"$ref": "http' not in json.dumps(schema)


def test_the_published_schema_refuses_what_the_data_may_not_be():
    schema, data = _load(SITE, "beleid.schema.json"), _load(SITE, "beleid.json")
    broken = copy.deepcopy(data)
    broken["data"]["conditions"]["conditions"][0]["kind"] = "misschien"
    del broken["data"]["meta"]["title"]
    broken["data"]["procedure"]["timeline"][0]["date"] = "2024-02-30"
    # A section inside a section: the recursive definition is followed too.
    nested = next(s for s in broken["data"]["sections"]["sections"] if s.get("sections"))
    nested["sections"][0]["blocks"] = [{"p": "tekst", "list": ["twee soorten inhoud in één blok"]}]
    errors = _errors(schema, broken)
    assert any(e.startswith("data/conditions/conditions/0/kind") for e in errors), errors
    assert any("'title' is a required property" in e for e in errors), errors
    assert any(e.startswith("data/procedure/timeline/0/date") for e in errors), errors
    assert any(e.startswith("data/sections/sections/") and "/blocks/0" in e for e in errors), errors


def test_the_json_is_the_model_the_checker_uses_without_what_is_only_for_the_team(policy: Policy):
    data = _load(SITE, "beleid.json")
    # The checker's own loader reads it as a bundle.
    assert load_bundle(json.dumps(data)) == policy.year
    published = Policy.from_data(data["data"])
    assert published.conditions.keys() == policy.conditions.keys()
    assert [c.text for c in published.conditions.values()] == [c.text for c in policy.conditions.values()]
    assert published.questions.keys() == policy.questions.keys()
    # The policy tests and the team's review notes are left out; everything else is there.
    assert "tests" not in data["data"] and "review" not in data["data"]["meta"]
    assert set(data["data"]) == {name for name in FILES if name in policy.data} - {"tests"}


def test_the_yaml_sources_and_their_schemas_are_published_as_they_are():
    for root in year_roots():
        year = _load(root, "beleid.json")["year"]
        for source in sorted((DATA_DIR / str(year)).glob("*.yaml")):
            published = root / "open-data" / "yaml" / source.name
            assert published.read_bytes() == source.read_bytes(), published
            # The file's first line names its schema (../schema/…): it is there beside it.
            schema_line = source.read_text(encoding="utf-8").splitlines()[0]
            assert schema_line.startswith("# yaml-language-server: $schema=../schema/")
            schema = (published.parent / schema_line.split("=", 1)[1]).resolve()
            assert schema.read_bytes() == (DATA_DIR / "schema" / schema.name).read_bytes()


def test_versions_name_each_files_hash_year_and_status():
    for root in year_roots():
        version = _load(root, "versie.json")
        policy = load_policy(version["year"])
        assert version["status"] == policy.meta.status
        assert {f["path"] for f in version["files"]} >= {"beleid.json", "beleid.schema.json", "yaml/conditions.yaml"}
        page = (root / "open-data" / "index.html").read_text(encoding="utf-8")
        for item in version["files"]:
            content = (root / "open-data" / item["path"]).read_bytes()
            assert hashlib.sha256(content).hexdigest() == item["sha256"], item["path"]
            assert len(content) == item["bytes"]
            if not item["path"].startswith("schema/"):
                assert item["sha256"] in page, f"de pagina noemt de vingerafdruk van {item['path']} niet"


def test_open_data_page_links_every_file_and_each_link_resolves():
    for root in year_roots():
        path = root / "open-data" / "index.html"
        links = [url for tag, url in parse(path).links if tag == "a" and not url.startswith(("#", "mailto:", "https://", "http://"))]
        targets = {_resolve(path, url)[0] for url in links}
        missing = [url for url in links if not _resolve(path, url)[0].exists()]
        assert missing == [], f"{path}: {missing}"
        for published in (root / "open-data").rglob("*"):
            if published.is_file() and published.name != "index.html" and "schema" not in published.parent.name:
                assert published.resolve() in targets, f"{path} linkt niet naar {published.relative_to(root)}"
        # The feed, and the JSON's permanent address under /<year>/.
        assert (SITE / "wijzigingen.xml").resolve() in targets
        year = _load(root, "beleid.json")["year"]
        assert (SITE / str(year) / "open-data" / "beleid.json").resolve() in targets


def test_open_data_page_documents_fields_licence_and_version(policy: Policy):
    text = " ".join(visible_text((SITE / "open-data" / "index.html").read_text(encoding="utf-8")).split())
    # The licence: the policy states none; the page says so and who to ask, and invents none.
    assert "Er is geen licentie bekend." in text
    asked = next(c for c in policy.contacts.values() if "beleid" in c.topic.lower() and c.email)
    assert asked.email and asked.email in text
    for invented in ("CC BY", "CC0", "Creative Commons", "MIT", "ODbL"):
        assert invented not in text
    # The version: year and status.
    assert f"Beleidsjaar {policy.year}, status {policy.meta.status}" in text
    # Every field of every file, e.g. a condition's kind with its choices from the schema.
    for field in ("conditions[].kind", "conditions[].source.quote", "sections[].blocks[].p", "procedure", "timeline[].date", "meta"):
        assert field in text, field
    assert "een van: condition, exclusion, expectation, rule" in text


@pytest.mark.parametrize("url", ["open-data/", "beleid/het-hele-beleid/"])
def test_the_new_pages_are_in_the_menu(url: str):
    nav = (SITE / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}"' in nav, f"{url} staat niet in het menu"


def _with_licence(data_copy, licence: dict) -> Path:
    data_dir = data_copy()
    edit_yaml(data_dir / "2024" / "meta.yaml", lambda meta: meta.update(licence=licence))
    return data_dir


def test_a_licence_the_insurer_states_is_shown_with_where_it_is_stated(data_copy):
    stated = {"name": "Licentie X 1.0", "url": "https://voorbeeld.nl/licentie", "stated_in": "de brief van 1 maart"}
    data_dir = _with_licence(data_copy, stated)
    policy = load_policy(2024, data_dir)
    html = "\n".join(_licence(Page(policy, "open-data/")))
    assert "Licentie X 1.0" in html and 'href="https://voorbeeld.nl/licentie"' in html and "de brief van 1 maart" in html
    assert "geen licentie bekend" not in html
    # The published JSON carries it and still validates against the published schema.
    assert _errors(published_schema(policy, data_dir), published_data(policy)) == []
    assert "Licentie X 1.0" in atom_feed(data_dir, False, "").decode("utf-8")


def test_a_licence_without_where_it_is_stated_stops_with_one_dutch_line(data_copy):
    data_dir = _with_licence(data_copy, {"name": "Licentie X 1.0"})
    with pytest.raises(DataError) as found:
        load_policy(2024, data_dir)
    lines = str(found.value).splitlines()
    assert len(lines) == 1 and "meta.yaml:" in lines[0] and "stated_in" in lines[0], lines
