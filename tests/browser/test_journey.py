"""A provider's way to the verdict on a phone (issue 14): every provider type, new and with
a contract, tapped through on a 375x667 touch screen. The page counts are those of
issue 14's targets, the question starts within the first 260 px on every page, every flow
reaches Controleer uw antwoorden (the short route of an existing contract goes straight to
its verdict), and the new pages (statements, which do not hold, the optional page) pass axe
at 375 px. What is expected comes from CPython (tools/flows.py walks checker.web)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect

from checker import engine
from tools import flows
from tools.browser_env import is_foreign

from .conftest import Server, Traffic
from .test_a11y import AXE, assert_accessible
from .ui import RESULT, REVIEW, open_checker, question_form, wait_result, wait_review

PHONE = {"viewport": {"width": 375, "height": 667}, "has_touch": True, "is_mobile": True}
QUESTION_TOP_PX = 260
# Issue 14's targets, from the type page to the verdict.
NEW_TARGET = {"kraamzorg": 10, "verloskundige-praktijk": 10}
CONTRACT_TARGET = 2


@pytest.fixture
def phone(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A phone: 375x667, touch, with axe loaded and every other host blocked (as conftest does)."""
    context: BrowserContext = browser.new_context(locale="nl-NL", service_workers="block", **PHONE)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)

    def block(route: Route) -> None:
        traffic.saw(route.request.url)
        route.abort("blockedbyclient")

    def record(request: Request) -> None:
        if not is_foreign(request.url):
            traffic.saw(request.url)

    context.on("request", record)
    context.route(is_foreign, block)
    page = context.new_page()
    page.add_init_script(path=str(AXE))
    yield page
    context.close()
    assert not traffic.foreign, f"verzoeken naar een andere server: {traffic.foreign}"


def tap_answer(page: Page, step: flows.Step) -> None:
    """Answer one page with taps (a choice, the boxes to tick, or typed text) and tap Volgende."""
    form = question_form(page, step.id)
    if step.type == "choice":
        form.locator(f'label[for="checker-{step.id}-{step.value}"]').tap()
    elif step.type == "checkboxes":
        for value in step.value:
            form.locator(f'label[for="checker-{step.id}-{value}"]').tap()
    else:
        form.locator('input[name="answer"]').fill(step.value)
    form.get_by_role("button", name="Volgende", exact=True).tap()


def question_top(page: Page, step: flows.Step) -> float:
    """Where the question starts, in px from the top of the page."""
    question = page.locator(f'#checker form[data-question="{step.id}"] .checker-question')
    return float(question.evaluate("q => q.getBoundingClientRect().top + scrollY"))


def walks(site: Path) -> list[tuple[str, flows.Walk]]:
    """Per provider type the way of a new provider who meets everything, and of one with a
    contract (for types asked about one)."""
    policy = flows.load_policy(site)
    out = []
    for provider in policy.provider_types:
        out.append((f"{provider}-nieuw", flows.walk(policy, provider)))
        ends = [(q.id, o.value) for q in policy.questions_for(provider) for o in q.options if o.ends_questions]
        if ends:
            out.append((f"{provider}-overeenkomst", flows.walk(policy, provider, {ends[0][0]: ends[0][1]})))
    return out


def site_walks() -> list[str]:
    from .conftest import SITE

    if not (SITE / "assets" / "checker" / "manifest.json").is_file():
        return ["<site ontbreekt>"]
    return [name for name, _ in walks(SITE)]


@pytest.mark.parametrize("name", site_walks())
def test_every_provider_type_reaches_its_verdict_in_few_pages_on_a_phone(name: str, phone: Page, server: Server, site_dir: Path) -> None:
    walk = dict(walks(site_dir))[name]
    open_checker(phone, server)
    shown = 0
    for index, step in enumerate(walk.steps):
        question_form(phone, step.id)
        shown += 1
        top = question_top(phone, step)
        assert top <= QUESTION_TOP_PX, f"{name}, pagina {index + 1} ({step.id}): de vraag begint op {top:.0f} px"
        # Material's "Terug naar boven" never covers the checker.
        expect(phone.locator(".md-top")).to_be_hidden()
        tap_answer(phone, step)
    if walk.review:
        wait_review(phone)
        shown += 1
        phone.locator(REVIEW).get_by_role("button", name="Bekijk de uitslag").tap()
    result = wait_result(phone)
    expect(result).to_have_attribute("data-verdict", walk.verdict)
    expect(phone.locator(RESULT + " .checker-verdict")).to_have_text(walk.result["verdict_label"])
    assert shown == walk.pages
    provider = walk.provider
    if name.endswith("-overeenkomst"):
        # The short route: the verdict right after the contract question, no review; the
        # offer to check anyway is in the result (result.js draws it under "Wat u nu doet").
        assert not walk.review and walk.response["recheck"] is not None
        # Every type, the ZZP'er too: the contract question comes first in its stage.
        assert walk.pages <= CONTRACT_TARGET, f"{name}: {walk.pages} pagina's"
    else:
        assert walk.review, f"{name}: geen Controleer uw antwoorden"
        if provider in NEW_TARGET:
            assert walk.verdict == "eligible"
            assert walk.pages <= NEW_TARGET[provider], f"{name}: {walk.pages} pagina's"


def test_an_existing_contract_is_two_pages_to_no_action(phone: Page, server: Server, site_dir: Path) -> None:
    policy = flows.load_policy(site_dir)
    for provider in ("kraamzorg", "verloskundige-praktijk", "zzp"):
        qid, value = next((q.id, o.value) for q in policy.questions_for(provider) for o in q.options if o.ends_questions)
        walk = flows.walk(policy, provider, {qid: value})
        assert walk.pages == 2 and walk.verdict == "eligible"
        open_checker(phone, server)
        for step in walk.steps:
            tap_answer(phone, step)
        wait_result(phone)
        expect(phone.locator(RESULT + " .checker-verdict")).to_have_text(f"Geen actie nodig voor {policy.year}")
        # Checking anyway asks the conditions, and a missed one means contact, never a refusal.
        recheck = walk.response["recheck"]
        phone.goto(server.page_url("checker/") + recheck["fragment"])
        # (the ZZP'er is first asked the purchasing rule: it binds every ZZP'er)
        form = phone.locator("#checker form.checker-step")
        form.wait_for(state="visible")
        assert form.get_attribute("data-question") not in (qid, "type")
        checked = flows.walk(policy, provider, {qid: value, engine.RECHECK_KEY: engine.RECHECK_YES, "alle-kvk": "nee"})
        assert checked.verdict == "contact"


def test_the_new_pages_are_accessible_at_375_px(phone: Page, server: Server, site_dir: Path) -> None:
    policy = flows.load_policy(site_dir)
    walk = flows.walk(policy, "kraamzorg", {"kz-vsv": "nee", "beeldbellen": "ja"})
    seen = set()
    for index, step in enumerate(walk.steps):
        if step.kind in seen or step.kind == "question":
            continue
        seen.add(step.kind)
        open_checker(phone, server, walk.fragment(index))
        question_form(phone, step.id)
        assert_accessible(phone, f"{step.kind} ({step.id}) op 375 px")
    assert seen == {"statements", "unmet", "extra"}
    # The page of which do not hold, with its message when nothing is ticked.
    index = next(i for i, s in enumerate(walk.steps) if s.kind == "unmet")
    open_checker(phone, server, walk.fragment(index))
    form = question_form(phone, walk.steps[index].id)
    form.get_by_role("button", name="Volgende").tap()
    phone.locator("#checker .checker-error-summary").wait_for()
    assert_accessible(phone, "Welke gelden niet? zonder vinkje")
    open_checker(phone, server, walk.fragment())
    wait_review(phone)
    assert_accessible(phone, "Controleer uw antwoorden op 375 px")
