"""The built site: the whole policy is on it, each provider page lists exactly its
conditions, every link and anchor resolves, and nothing is loaded from another host."""

from __future__ import annotations

import copy
import dataclasses
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from macros.plugin import provider_kinds

from .conftest import SOURCE_TEXT
from .site_files import SITE, condition_ids, page, pages, parse, require_site
from .text import coverage, visible_text


def test_site_covers_the_whole_policy_text():
    require_site()
    text = " ".join(visible_text(p.read_text(encoding="utf-8")) for p in pages())
    share, missing = coverage(SOURCE_TEXT.read_text(encoding="utf-8"), text)
    assert share >= 0.95, f"{share:.1%} van de brontekst staat op de site; ontbreekt o.a.: {' '.join(missing[:80])}"


def test_each_provider_page_lists_exactly_its_conditions(policy):
    for pt in policy.provider_types.values():
        listed = condition_ids(page(f"zorgaanbieders/{pt.id}"))
        if pt.refusal:
            assert listed == [pt.refusal], pt.id
        else:
            assert sorted(listed) == sorted(c.id for c in policy.conditions_for(pt.id)), pt.id
            assert len(listed) == len(set(listed)), pt.id


def test_provider_pages_tell_conditions_and_expectations_apart(policy):
    html = page("zorgaanbieders/kraamzorg").read_text(encoding="utf-8")
    assert 'id="verwachtingen"' in html
    head, _, expectations_part = html.partition('id="verwachtingen"')
    expectation_ids = {c.id for c in policy.conditions_for("kraamzorg") if c.kind == "expectation"}
    assert expectation_ids and all(f'id="{e}"' in expectations_part for e in expectation_ids)
    assert not any(f'id="{e}"' in head for e in expectation_ids)


def test_every_condition_has_an_anchor_at_its_passage(policy):
    for cid in policy.conditions:
        url, _, anchor = policy.condition_url(cid).partition("#")
        assert anchor in parse(page(url.rstrip("/"))).ids, cid


def test_every_section_has_a_page_and_anchor(policy):
    for sid in policy.sections:
        url, _, anchor = policy.anchor_url(sid).partition("#")
        assert anchor in parse(page(url.rstrip("/"))).ids, sid


def test_site_is_dutch_and_has_dutch_search():
    html = (require_site() / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in html
    config = (SITE / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["nl"]' in config.replace(" ", "")


def test_home_sentence_names_the_kinds_the_data_contracts(policy):
    # Today's wording, now from provider_types.yaml (plural), on the built home page.
    kinds = "verloskundigen, aanbieders van prenatale screening, kraamzorg, geboortecentra en integrale geboortezorgorganisaties"
    assert provider_kinds(policy) == kinds
    home = visible_text((require_site() / "index.html").read_text(encoding="utf-8"))
    assert f"geboortezorg inkoopt bij {kinds}." in " ".join(home.split())
    # A kind a purchasing rule refuses, or one no longer in the data, is gone from the sentence.
    changed = copy.copy(policy)
    types = dict(policy.provider_types)
    types["prenatale-screening"] = dataclasses.replace(types["prenatale-screening"], refusal="weigering-zorggroep")
    del types["geboortecentrum"]
    changed.provider_types = types
    assert provider_kinds(changed) == "verloskundigen, kraamzorg en integrale geboortezorgorganisaties"


def _resolve(source: Path, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    # Absolute paths (only the 404 page uses them) are from the site root.
    base = SITE if parts.path.startswith("/") else source.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else source
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves():
    broken = []
    for path in pages():
        for _tag, url in parse(path).links:
            # A fragment with "=" is the checker's answers, not an anchor.
            if url.startswith(("mailto:", "tel:", "https://", "http://", "data:", "#__")) or url in ("", "#"):
                continue
            target, fragment = _resolve(path, url)
            rel = posixpath.relpath(str(path), str(SITE))
            if not target.exists():
                broken.append(f"{rel}: {url} (bestand ontbreekt)")
            elif fragment and "=" not in fragment and target.suffix == ".html" and unquote(fragment) not in parse(target).ids:
                broken.append(f"{rel}: {url} (anker ontbreekt)")
    assert broken == []


def test_external_references_are_well_formed_and_never_loaded():
    import re

    mail = re.compile(r"^mailto:[^@\s?]+@[a-z0-9.-]+\.[a-z]{2,}(\?.*)?$")
    problems = []
    for path in pages():
        for tag, url in parse(path).links:
            if url.startswith("mailto:") and not mail.match(url):
                problems.append(f"{path}: {url}")
            if url.startswith(("http://", "https://", "//")):
                if tag != "a":
                    problems.append(f"{path}: <{tag}> laadt {url}")
                elif not re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", url):
                    problems.append(f"{path}: {url}")
    assert problems == []


def test_every_page_sets_a_same_origin_content_security_policy():
    import re

    for path in pages():
        html = path.read_text(encoding="utf-8")
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert found, path
        policy = dict(part.strip().split(" ", 1) for part in found.group(1).split(";") if part.strip())
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
        assert "unsafe-inline" not in found.group(1)
        # The policy must come before any script, or it would not cover it.
        assert html.index("Content-Security-Policy") < html.index("<script")
        assert "<script>" not in html, f"inline script in {path}"
