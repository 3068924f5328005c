"""The glossary from terms.yaml: checked like the other data, a generated Begrippen page,
the first use of a term in each block linked to it, and each checker question carrying
the terms it uses."""

from __future__ import annotations

import re
from html import unescape

import pytest

from authoring.loader import DataError, load_all
from checker import web
from checker.engine import question_json
from checker.terms import GLOSSARY_URL

from .site_files import page, pages, parse
from .test_bad_data import edit_data, edit_text

TERM_LINK = re.compile(r'<a class="term" href="([^"]+)"><abbr title="([^"]*)">([^<]+)</abbr></a>')


def test_every_term_has_a_meaning_and_its_source_is_a_real_section(policy):
    assert len(policy.terms) >= 14
    for t in policy.terms.values():
        assert t.meaning.strip(), t.id
        if t.source:
            assert t.source.section in policy.sections, t.id


@pytest.mark.parametrize(
    ("mutation", "fragment"),
    [
        (edit_data("terms", lambda d: d["terms"][0].pop("meaning")), "'meaning' ontbreekt"),
        (edit_data("terms", lambda d: d["terms"].append({**d["terms"][0], "id": "nog-een"})), "staat er twee keer in"),
        (edit_data("terms", lambda d: d["terms"][0]["source"].update(section="bestaat-niet")), "onbekende sectie 'bestaat-niet'"),
        (edit_text("terms", "  - id: vsv\n", "  - id: VSV\n"), "geen geldige id"),
    ],
    ids=["meaning missing", "term twice", "unknown section", "bad id"],
)
def test_broken_terms_give_one_clear_line(data_copy, mutation, fragment):
    data_dir = data_copy()
    mutation(data_dir / "2024")
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    lines = str(info.value).splitlines()
    assert any(re.match(r"^policy_data/2024/terms\.yaml:\d+: ", line) and fragment in line for line in lines), lines


def test_glossary_page_lists_every_term_with_its_anchor_and_source(policy):
    html = page(GLOSSARY_URL.rstrip("/")).read_text(encoding="utf-8")
    ids = parse(page(GLOSSARY_URL.rstrip("/"))).ids
    for t in policy.terms.values():
        assert t.id in ids, t.id
        section = html.split(f'id="{t.id}"', 1)[1].split("<h2", 1)[0]
        assert unescape(re.sub(r"<[^>]+>", "", section)).count(t.meaning) == 1, t.id
        if t.source:
            assert f"#{t.source.section}" in section, t.id
    # The glossary is in the menu.
    assert re.search(r'href="(\.\./)*begrippen/" class="md-nav__link', page("zorgaanbieders").read_text(encoding="utf-8"))


def _blocks(html: str) -> list[str]:
    """The innermost paragraphs, list items and table cells of a page's content."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return re.findall(r"<(?:p|li|td|th|dd)\b[^>]*>((?:(?!<(?:p|li|td|th|dd|ul|ol)\b).)*?)</(?:p|li|td|th|dd)>", article, re.S)


def test_first_use_in_a_block_links_to_the_glossary_with_its_meaning(policy):
    by_spelling = {t.term: t for t in policy.terms.values()}
    linked = 0
    for path in pages():
        if path.name != "index.html" or path.parent.name == GLOSSARY_URL.rstrip("/"):
            continue
        html = path.read_text(encoding="utf-8")
        for block in _blocks(html):
            links = TERM_LINK.findall(block)
            spelled = [text for _, _, text in links]
            # Once per block: never the same term linked twice in one block.
            assert len(spelled) == len(set(spelled)), (path, spelled)
            for href, title, text in links:
                term = by_spelling[text]
                assert href.endswith(f"begrippen/#{term.id}") and unescape(title) == term.meaning, (path, href)
                # It is the first use that can carry a link: the text before it (other links
                # left out, a term is never marked inside a link) does not use the term.
                head = re.sub(r"<a\b[^>]*>.*?</a>", "", block.split(f'<a class="term" href="{href}"', 1)[0], flags=re.S)
                before = re.sub(r"<[^>]+>", "", head)
                assert not re.search(rf"(?<!\w){re.escape(text)}(?!\w)", before), (path, text)
                linked += 1
    assert linked > 50


def test_a_term_written_in_a_condition_is_linked_on_its_provider_page(policy):
    html = page("zorgaanbieders/verloskundige-praktijk").read_text(encoding="utf-8")
    item = re.search(r'<li id="vk-vsv" class="condition.*?</li>', html, re.S).group(0)
    assert TERM_LINK.search(item).group(3) == "VSV"
    assert TERM_LINK.search(item).group(1) == "../../begrippen/#vsv"


def test_terms_are_not_marked_in_headings_links_or_the_checker_form():
    for path in pages():
        html = path.read_text(encoding="utf-8")
        for heading in re.findall(r"<h[1-6]\b.*?</h[1-6]>", html, re.S):
            assert 'class="term"' not in heading, path
        assert not re.search(r'<a\b(?:(?!</a>).)*<a class="term"', html, re.S), path
    checker = page("checker").read_text(encoding="utf-8")
    form = re.search(r"<form.*?</form>", checker, re.S).group(0)
    assert 'class="term"' not in form


def test_each_question_carries_the_terms_it_uses(policy):
    by_spelling = {t.term: t for t in policy.terms.values()}
    seen = 0
    for pid in policy.provider_types:
        for q in policy.questions_for(pid):
            data = question_json(policy, pid, q)
            texts = " ".join([q.text, q.help or "", *(o.label for o in q.options)])
            expected = {s for s in by_spelling if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", texts)}
            assert {t["term"] for t in data["terms"]} == expected, q.id
            for t in data["terms"]:
                assert t == {"term": t["term"], "meaning": by_spelling[t["term"]].meaning, "url": f"begrippen/#{by_spelling[t['term']].id}"}
            seen += len(data["terms"])
    assert seen > 0
    # The first question (which kind of provider) too, from its options' labels and descriptions.
    first = web.respond(policy, {})["question"]
    texts = " ".join(f"{o['label']} {o['description']}" for o in first["options"])
    expected = {s for s in by_spelling if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", texts)}
    assert expected and {t["term"] for t in first["terms"]} == expected
