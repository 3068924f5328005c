"""The result page answers "what now" first (issue 14 item 7): the verdict, Wat u nu doet,
Belangrijke data, then folded what a.s.r. assesses itself and the answers, then the sources.
On a 375x667 phone the first action starts within 900 px of the verdict, for every kind of
verdict; the print keeps everything open."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from checker import web
from tools import flows

from .conftest import Server
from .ui import open_checker, wait_result

PHONE = {"width": 375, "height": 667}
ACTION_WITHIN_PX = 900


def _mails(walk: flows.Walk) -> bool:
    return any(s.get("mailto") for s in walk.result["next_steps"])


# Each kind of verdict a provider can get, found in the data (not by hand-picked ids).
KINDS: dict[str, Callable[[Path], flows.Walk]] = {
    "geen actie": lambda site: flows.find(site, lambda p: p.verdict == "eligible" and not _mails(p) and bool(p.result["next_steps"]), "geen actie nodig"),
    "aanvragen": lambda site: flows.find(site, lambda p: p.verdict == "eligible" and _mails(p), "voldoet, met een e-mail om aan te vragen"),
    "contact": flows.contact_path,
    # The most conditions not met: the longest reasons a provider can get.
    "niet in aanmerking": lambda site: max((p for p in flows.catalogue(site) if p.verdict == "not_eligible"), key=lambda p: len(p.result["unmet"])),
    "elders": lambda site: flows.find(site, lambda p: p.verdict == "elsewhere", "a.s.r. koopt deze zorg elders in"),
}

# Where each part starts, in page coordinates (absent parts give null).
POSITIONS_JS = """() => {
    const top = (sel) => { const el = document.querySelector('#checker section.checker-result ' + sel);
        return el ? el.getBoundingClientRect().top + window.scrollY : null; };
    return {
        verdict: top('.checker-verdict'), now: top('.checker-now'), action: top('.checker-steps > li'),
        dates: top('.checker-dates-title'), asr: top('details.checker-more--asr'),
        answers: top('details.checker-more--answers'), sources: top('.checker-sources-title'),
    };
}"""


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_first_action_is_near_the_verdict_on_a_phone(kind: str, page: Page, server: Server, site_dir: Path) -> None:
    walk = KINDS[kind](site_dir)
    page.set_viewport_size(PHONE)
    open_checker(page, server, walk.result_fragment())
    result = wait_result(page)
    at = page.evaluate(POSITIONS_JS)
    assert at["action"] is not None, f"{kind}: de uitslag heeft geen eerste actie"
    assert at["action"] - at["verdict"] <= ACTION_WITHIN_PX, f"{kind}: de eerste actie staat {at['action'] - at['verdict']:.0f} px onder de uitslag"
    # The order of the parts: what now, the dates, then what is folded, then the sources.
    order = [at[name] for name in ("verdict", "now", "dates", "asr", "answers", "sources") if at[name] is not None]
    assert order == sorted(order), f"{kind}: de volgorde van de uitslag klopt niet: {at}"
    # One primary action; every later step says "Daarna".
    steps = walk.result["next_steps"]
    expect(result.locator(".checker-steps > li")).to_have_count(len(steps))
    for index, step in enumerate(steps):
        heading = result.locator(f'[data-step="{step["id"]}"] h4')
        expect(heading).to_have_text(step["title"] if index == 0 else f"Daarna: {step['title']}")
    expect(result.locator(".checker-steps a.md-button--primary")).to_have_count(1 if steps[0].get("mailto") or steps[0].get("start") else 0)
    # Folded on screen: a.s.r.'s own assessment (no red exclusion above the action) and the answers.
    for details in result.locator("details.checker-more").all():
        expect(details).not_to_have_attribute("open", "")
    expect(result.locator("details.checker-more--answers summary")).to_have_text(f"Uw antwoorden ({len(walk.response['answers_list'])})")


def test_key_dates_come_from_the_result_with_the_open_ended_sentence(page: Page, server: Server, site_dir: Path) -> None:
    walk = KINDS["aanvragen"](site_dir)
    open_checker(page, server, walk.result_fragment())
    result = wait_result(page)
    dates = walk.result["dates"]
    assert dates["items"], "de uitslag noemt geen data"
    expect(result.get_by_role("heading", name="Belangrijke data")).to_be_visible()
    if dates.get("note"):
        expect(result.locator(".checker-dates-note")).to_have_text(dates["note"])
    shown = result.locator(".checker-dates li").evaluate_all("els => els.map(e => [e.dataset.date, e.querySelector('time').getAttribute('datetime')])")
    assert shown == [[d["id"], d["date"]] for d in dates["items"]]
    for item in dates["items"]:
        expect(result.locator(f'[data-date="{item["id"]}"]')).to_contain_text(f"{item['when']}: {item['what']}")


def test_print_opens_every_folded_part(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.find(site_dir, lambda p: bool(p.result["asr_assesses"]) and _mails(p), "a.s.r. beoordeelt zelf, met een e-mail")
    open_checker(page, server, walk.result_fragment())
    result = wait_result(page)
    asr = result.locator(".checker-items--asr li").first
    expect(asr).to_be_hidden()
    page.emulate_media(media="print")
    for folded in (asr, result.locator(".checker-answers"), result.locator(".checker-mail-body").first):
        expect(folded).to_be_visible()
    page.emulate_media(media="screen")
    expect(asr).to_be_hidden()
    # Printing itself (also Ctrl+P) opens them, and closes them again after.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert result.locator("details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert result.locator("details[open]").count() == 0


def test_recheck_is_a_secondary_link_under_what_to_do(page: Page, server: Server, site_dir: Path) -> None:
    """The result screen's `recheck` (set by checker.web for the contracted route) is drawn
    under Wat u nu doet as a plain link, never as a second primary button."""
    walk = KINDS["geen actie"](site_dir)
    open_checker(page, server, walk.result_fragment())
    wait_result(page)
    response = web.respond(flows.load_policy(site_dir), {**walk.answers, web.CONFIRM_KEY: "1"})
    response["recheck"] = {"text": "Toch nagaan of u nog aan alle voorwaarden voldoet?", "fragment": walk.fragment() + "&vraag=x"}
    html = page.evaluate(
        """async (response) => {
            const { renderResult } = await import(new URL('../javascripts/checker/result.js', location.href).href);
            return renderResult(response, { siteRoot: '../', restartUrl: location.pathname }).outerHTML;
        }""",
        json.loads(json.dumps(response)),
    )
    page.evaluate("html => { document.querySelector('#checker .checker-body').innerHTML = html; }", html)
    link = page.locator("#checker .checker-recheck a")
    expect(link).to_have_text(response["recheck"]["text"])
    expect(link).to_have_attribute("href", response["recheck"]["fragment"])
    expect(link).not_to_have_class("md-button")
    assert page.evaluate(
        "() => { const now = document.querySelector('.checker-now'), again = document.querySelector('.checker-recheck'), "
        "dates = document.querySelector('.checker-dates-title'); "
        "return !!(now.compareDocumentPosition(again) & Node.DOCUMENT_POSITION_FOLLOWING) && "
        "(!dates || !!(again.compareDocumentPosition(dates) & Node.DOCUMENT_POSITION_FOLLOWING)); }"
    )


def test_home_page_starts_the_checker_and_names_this_years_dates(page: Page, server: Server, site_dir: Path) -> None:
    """Issue 14 item 9: a start button (a link that looks like one) in the first screen of
    a phone, and the dates of the year from the timeline in the data."""
    policy = flows.load_policy(site_dir)
    page.set_viewport_size(PHONE)
    page.goto(server.page_url(""))
    start = page.get_by_role("link", name="Start de check", exact=True)
    expect(start).to_have_count(1)
    expect(start).to_have_attribute("href", "checker/")
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], f"de startknop staat niet in het eerste scherm: {box}"
    shown = page.locator("ul.home-dates time").evaluate_all("els => els.map(e => [e.getAttribute('datetime'), e.textContent])")
    assert shown == [[t.date, t.when_with_year] for t in policy.timeline]
    start.click()
    page.wait_for_url("**/checker/")
