"""'Zo vraagt u aan' on every provider page: whether to act, the dates for that kind of
provider (each said once), and every next step it can reach, each saying for whom."""

from __future__ import annotations

import re
from html import unescape

import pytest

from authoring.loader import DataError, load_all, load_policy
from authoring.paths import paths
from checker.engine import evaluate
from checker.model import Source, TimelineItem
from checker.words import VERDICT_LABELS
from macros.apply_box import apply_box
from macros.page import Page

from .conftest import edit_yaml
from .site_files import page


def box_of(html: str) -> str:
    found = re.search(r'<section class="apply-box".*?</section>', html, re.S)
    assert found, "geen box 'Zo vraagt u aan'"
    return found.group(0)


def reachable_steps(policy, pid: str) -> set[str]:
    """Every next step the engine gives on some path of this provider type (walked here,
    independently of the box's own cache)."""
    return {s.id for values in paths(policy, pid) for s in evaluate(policy, pid, values).next_steps}


def dates_for(policy, pid: str) -> list[str]:
    return [t.date for t in policy.timeline if policy.applies(t.provider_types, pid)]


def test_every_provider_page_opens_with_the_box(policy):
    for pid in policy.provider_types:
        html = page(f"zorgaanbieders/{pid}").read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner md-typeset">', 1)[1]
        # Nothing but the title and the one-line description comes before it.
        before = article.split('<section class="apply-box"', 1)[0]
        assert "<h2" not in before and 'class="condition' not in before, pid
        assert 'id="zo-vraagt-u-aan">Zo vraagt u aan<' in box_of(html)


def test_box_gives_the_dates_for_this_kind_each_once(policy):
    for pid in policy.provider_types:
        box = box_of(page(f"zorgaanbieders/{pid}").read_text(encoding="utf-8"))
        times = re.findall(r'<time datetime="([0-9-]+)">([^<]+)</time>', box)
        assert [d for d, _ in times] == dates_for(policy, pid), pid
        for date, text in times:
            year, _month, day = date.split("-")
            assert text.count(f"{int(day)} ") == 1 and text.count(year) == 1, text


def test_box_lists_every_reachable_step_and_for_whom(policy):
    for pid in policy.provider_types:
        box = box_of(page(f"zorgaanbieders/{pid}").read_text(encoding="utf-8"))
        linked = set(re.findall(r'href="[^"]*procedure/#stap-([a-z0-9-]+)"', box))
        assert linked == reachable_steps(policy, pid), pid
        groups = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", box, re.S)
        assert groups and all(unescape(re.sub(r"<[^>]+>", "", who)).strip(": ") for who, _ in groups), pid
        assert sum(len(re.findall(r"stap-", steps)) for _, steps in groups) >= len(linked)


def test_box_says_whether_to_act(policy):
    for pid, pt in policy.provider_types.items():
        box = box_of(page(f"zorgaanbieders/{pid}").read_text(encoding="utf-8"))
        first = unescape(re.sub(r"<[^>]+>", "", re.search(r"</h2>\s*<p>(.*?)</p>", box, re.S).group(1)))
        if pt.refusal:
            rule = policy.conditions[pt.refusal]
            assert VERDICT_LABELS[rule.outcome.verdict if rule.outcome else "not_eligible"] in first, pid
        else:
            route = [q for q in policy.questions_for(pid) if q.stage == "route"]
            assert all(q.text in first for q in route), pid


def test_timeline_table_says_each_date_once(policy):
    html = page("procedure").read_text(encoding="utf-8")
    cells = re.findall(r'<td data-label="Wanneer"><time datetime="([0-9-]+)">([^<]+)</time></td>', html)
    assert [d for d, _ in cells] == [t.date for t in policy.timeline]
    for date, text in cells:
        year, _month, day = date.split("-")
        assert re.findall(r"\d+", text) == [str(int(day)), year], text


def test_when_with_year_says_the_date_once_with_its_year():
    def item(date: str, **wording) -> TimelineItem:
        return TimelineItem("x", "Offerte", "Zorgaanbieder", date, Source("procedure", "Een citaat uit het beleid."), **wording)

    assert item("2023-11-01", prefix="uiterlijk").when_with_year == "Uiterlijk 1 november 2023"
    assert item("2023-11-12", show_year=False).when_with_year == "12 november 2023"


def _edit_timeline(data_dir, change) -> None:
    edit_yaml(data_dir / "2024" / "procedure.yaml", lambda data: change(data["timeline"]))


def test_a_date_for_one_kind_is_only_in_that_kinds_box(data_copy):
    data_dir = data_copy()
    _edit_timeline(data_dir, lambda t: t.append({**t[0], "id": "alleen-kraamzorg", "date": "2023-10-02", "provider_types": ["kraamzorg"]}))
    policy = load_policy(2024, data_dir)
    assert 'datetime="2023-10-02"' in apply_box(Page(policy, "zorgaanbieders/kraamzorg/"), "kraamzorg")
    assert 'datetime="2023-10-02"' not in apply_box(Page(policy, "zorgaanbieders/geboortecentrum/"), "geboortecentrum")


@pytest.mark.parametrize("value", [["kraamzorgg"], "iedereen"])
def test_unknown_provider_type_on_a_date_is_one_clear_line(data_copy, value):
    data_dir = data_copy()
    _edit_timeline(data_dir, lambda t: t[0].update(provider_types=value))
    with pytest.raises(DataError) as info:
        load_all(data_dir)
    assert re.search(r"^policy_data/2024/procedure\.yaml:\d+: .*(provider_types|soort zorgaanbieder)", str(info.value), re.M), str(info.value)


def test_procedure_page_says_for_whom_each_step_is(policy):
    html = page("procedure").read_text(encoding="utf-8")
    for sid in policy.next_steps:
        who = {pt.label for pid, pt in policy.provider_types.items() if sid in reachable_steps(policy, pid)}
        step = re.search(rf'<div class="next-step" id="stap-{sid}">(.*?)</div>', html, re.S).group(1)
        listed = re.search(r'<ul class="step-for">(.*?)</ul>', step, re.S)
        if not who:
            assert listed is None, sid
            continue
        text = unescape(re.sub(r"<[^>]+>", "", listed.group(1)))
        assert all(label in text for label in who), sid
