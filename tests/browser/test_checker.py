"""The checker in Chromium: Pyodide from the site itself, one question at a time, answers
in the URL, a result that reopens from its link, and clear messages for broken links.

The paths are found in the policy data the site ships (see tools/flows.py), and every screen
is compared with what CPython's `checker.web.respond` says for the same answers.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urljoin

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from checker import web, words
from macros.checker_html import progress_text, render_question_html
from macros.config import pyodide_path
from tools import flows

from .conftest import ROOT as ROOT_DIR
from .conftest import Server, Traffic, new_context
from .ui import (
    READY,
    RESULT,
    ROOT,
    answer,
    click_through,
    complete,
    confirm,
    decoded,
    expected_summary,
    fragment_answers,
    open_checker,
    question_form,
    result_summary,
    review_rows,
    wait_result,
    wait_review,
)

SITE_ROOT = "../"  # data-site-root on /checker/


def flows_site() -> Path | None:
    """The built site, if there is one (for parametrizing by provider type)."""
    from .conftest import SITE

    return SITE if (SITE / "assets" / "checker" / "manifest.json").is_file() else None


def params(fragment: str) -> dict[str, str]:
    """The answers and markers of a URL fragment, as the page reads them (without jaar)."""
    pairs = dict(parse_qsl(fragment.lstrip("#"), keep_blank_values=True))
    pairs.pop(web.YEAR_KEY, None)
    return pairs


# The page moves focus in the frame after it drew a screen: read it once that frame ran.
NEXT_FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def focused_id(page: Page) -> str:
    page.evaluate(NEXT_FRAMES_JS)
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


# Counts the requests the page sends to checker.web in the worker (its "handle" messages).
COUNT_REQUESTS_JS = """(() => {
  const post = Worker.prototype.postMessage;
  window.checkerRequests = 0;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "handle") window.checkerRequests += 1;
    return post.call(this, message, ...rest);
  };
})()"""


def requests_sent(page: Page) -> int:
    return int(page.evaluate("window.checkerRequests"))


# -- loading ---------------------------------------------------------------------------------


def test_checker_loads_pyodide_from_its_own_site(page: Page, server: Server, traffic: Traffic) -> None:
    seconds = open_checker(page, server)
    print(f"\nchecker klaar na {seconds:.2f} s (worker: {page.get_attribute(ROOT, 'data-load-ms')} ms)")
    local = [u for u in traffic.urls if u.startswith(server.url)]
    pyodide = pyodide_path(ROOT_DIR)
    for needed in (f"{pyodide}pyodide.asm.wasm", "assets/checker/python-", "assets/checker/manifest.json"):
        assert any(needed in u for u in local), f"{needed} is niet van de eigen site geladen"
    assert seconds < 30
    assert not traffic.console_errors, traffic.console_errors
    # The server-rendered first question stays in place: nothing moved, nothing lost.
    question_form(page, "type")
    expect(page.locator(".checker-status")).to_have_text("")
    # The site's own Vorige/Volgende (to other pages) is not on the checker page.
    footer = page.locator("nav.md-footer__inner")
    expect(footer).to_have_count(1)
    expect(footer).to_be_hidden()


def test_an_error_while_drawing_shows_the_failure(page: Page, server: Server, site_dir: Path) -> None:
    """A step that cannot be drawn ends in the same plain failure as a failed load."""
    open_checker(page, server)
    page.evaluate(
        """() => {
            const body = document.querySelector('#checker .checker-body');
            const original = body.replaceChildren.bind(body);
            let first = true;
            body.replaceChildren = (...nodes) => {
                if (first) { first = false; throw new Error('kapot'); }
                return original(...nodes);
            };
        }"""
    )
    walk = flows.eligible_path(site_dir)
    answer(page, walk.steps[0])
    page.wait_for_selector('#checker[data-state="error"]')
    expect(page.locator("#checker .checker-failure")).to_contain_text("De checker werkt nu niet")


def test_first_question_can_be_answered_before_python_is_ready(context, server: Server, site_dir: Path) -> None:
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    walk = flows.eligible_path(site_dir)
    page.goto(server.page_url("checker/"))
    form = question_form(page, "type")
    expect(page.locator(ROOT)).to_have_attribute("data-state", "loading")
    expect(page.locator(".checker-status")).to_contain_text("wordt geladen")
    form.get_by_role("button", name="Volgende").click()
    assert_error_pattern(page, "type", words.EMPTY_CHOICE)
    form.locator(f'label[for="checker-type-{walk.provider}"]').click()
    form.get_by_role("button", name="Volgende").click()
    expect(form.locator(".checker-error-summary")).to_have_count(0)
    # The wait is told where the provider looks (under the button), with the text tree as a way out.
    wait = form.locator(".checker-wait")
    expect(wait).to_contain_text("Uw antwoord is bewaard")
    assert wait.evaluate("(w) => w.previousElementSibling.classList.contains('checker-actions')")
    tree = wait.get_by_role("link", name=re.compile("beslisboom"))
    assert tree.evaluate("a => a.href") == server.page_url(f"checker/beslisboom/{walk.provider}/")
    assert fragment_answers(page)["type"] == walk.provider
    # Real progress: the other big file arrives while the WebAssembly is held.
    expect(wait).to_contain_text(re.compile(r"\d+,\d van \d+,\d MB geladen"))
    loaded, total = (float(n.replace(",", ".")) for n in re.findall(r"(\d+,\d) van (\d+,\d) MB", wait.inner_text())[0])
    assert 0 < loaded < total
    expect(page.locator(ROOT)).to_have_attribute("data-state", "loading")
    for _ in range(100):  # route handlers run while Playwright waits
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "de wasm-aanvraag is niet tegengehouden"
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=60_000)
    question_form(page, walk.steps[1].id)
    assert focused_id(page) == f"checker-{walk.steps[1].id}-legend"


def test_failed_load_shows_a_message_and_the_conditions_pages(context, server: Server, traffic: Traffic) -> None:
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="weg"))
    page = context.new_page()
    page.goto(server.page_url("checker/"))
    page.wait_for_selector('#checker[data-state="error"]', timeout=60_000)
    failure = page.locator("#checker .checker-failure")
    expect(failure).to_be_visible()
    expect(failure).to_have_attribute("role", "alert")
    expect(failure).to_contain_text("De checker werkt nu niet")
    expect(page).to_have_title(re.compile("^Fout: "))
    assert failure.get_by_role("link", name="Beslisbomen per soort zorgaanbieder").evaluate("a => a.href") == server.page_url("checker/beslisboom/")
    link = failure.get_by_role("link", name="Voorwaarden per soort zorgaanbieder")
    expect(link).to_have_attribute("href", "../zorgaanbieders/")
    link.click()
    page.wait_for_url("**/zorgaanbieders/")


def test_when_checker_js_cannot_load_the_page_says_so(context, server: Server) -> None:
    """JavaScript on, but checker.js missing: no endless "wordt geladen", but the plain
    message with the text alternatives."""
    context.route("**/javascripts/checker.js", lambda route: route.fulfill(status=404, body="weg"))
    page = context.new_page()
    page.goto(server.page_url("checker/"))
    fallback = page.locator("#checker .checker-fallback")
    expect(fallback).to_be_visible(timeout=10_000)
    expect(fallback).to_contain_text("JavaScript")
    assert fallback.get_by_role("link", name="Beslisbomen per soort zorgaanbieder").evaluate("a => a.href") == server.page_url("checker/beslisboom/")
    expect(fallback.get_by_role("link", name="Voorwaarden per soort zorgaanbieder")).to_have_attribute("href", "../zorgaanbieders/")
    expect(page.locator("#checker")).not_to_contain_text("wordt geladen")
    expect(page.locator("#checker form.checker-step")).to_be_hidden()


def test_without_javascript_the_page_points_to_the_conditions(browser: Browser, server: Server, traffic: Traffic) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.on("request", lambda request: traffic.saw(request.url))
        page.goto(server.page_url("checker/"))
        link = page.locator("#checker").get_by_role("link", name="Voorwaarden per soort zorgaanbieder")
        expect(link).to_be_visible(timeout=10_000)
        assert link.get_attribute("href") == "../zorgaanbieders/"
        expect(page.locator("#checker").get_by_role("link", name="Beslisbomen per soort zorgaanbieder")).to_be_visible()
        expect(page.locator("#checker")).not_to_contain_text("wordt geladen")
    finally:
        context.close()
    assert not traffic.foreign


# -- the markup twins ---------------------------------------------------------------------------


def test_javascript_and_python_render_a_question_identically(page: Page, server: Server, site_dir: Path) -> None:
    """checker/step.js (renderQuestion) and macros/checker_html.py produce the same DOM."""
    open_checker(page, server)
    policy = flows.load_policy(site_dir)
    server_form = page.locator("#checker form.checker-step").evaluate("f => f.outerHTML")
    cases = [(web.respond(policy, {})["question"], {}, None, None, None)]
    for walk in flows.catalogue(site_dir)[:40]:
        # Every page of the walk: a question, a page of statements, a page of checkboxes.
        for step in walk.steps[1:]:
            response = web.respond(policy, params(step.fragment))
            q = response["question"]
            cases.append((q, dict(response["answers"]), response["progress"], None, response["back"]))
            cases.append((q, {**response["answers"], q["id"]: step.value}, response["progress"], 'Een foutmelding <b>&</b> "zo".', response["back"]))
    assert {c[0].get("kind") for c in cases} >= {"question", "statements", "unmet", "extra"}
    # Words explained under a question, with and without a link.
    q = dict(cases[-1][0])
    q["terms"] = [
        {"term": "HKZ & ISO", "meaning": 'Keurmerken "voor" kwaliteit.', "url": "beleid/voorwaarden/#x"},
        {"term": "LIP", "meaning": "Protocol.", "url": None},
    ]
    cases.append((q, {}, {"step": 2, "total": 9, "text": "Stap 2 van 9: Uw organisatie"}, None, "#jaar=2024&type=x&vraag=y"))
    unique = {json.dumps(c, sort_keys=True): c for c in cases}
    payload = [
        {
            "question": q,
            "answers": a,
            "options": {"progress": p, "error": e, "siteRoot": SITE_ROOT, "back": b},
            "python": render_question_html(q, a, progress=p, error=e, site_root=SITE_ROOT, back=b),
        }
        for q, a, p, e, b in unique.values()
    ]
    mismatches = page.evaluate(
        """async (cases) => {
            const src = document.querySelector('script[src$="checker.js"]').src;
            const { renderQuestion } = await import(new URL("checker/step.js", src));
            const parse = (html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content.firstElementChild; };
            const out = [];
            for (const c of cases) {
              const js = renderQuestion(c.question, c.answers, c.options).outerHTML;
              const py = parse(c.python).outerHTML;
              if (js !== py) out.push({ id: c.question.id, js, py });
            }
            return out;
        }""",
        payload,
    )
    assert not mismatches, "checker.js en checker_html.py verschillen:\n" + "\n".join(f"{m['id']}:\n  js: {m['js']}\n  py: {m['py']}" for m in mismatches[:3])
    start = web.respond(policy, {})
    first = render_question_html(start["question"], None, progress=start["progress"], site_root=SITE_ROOT)
    same = page.evaluate(
        "([a, b]) => { const t = document.createElement('template'); t.innerHTML = b; return a === t.content.firstElementChild.outerHTML; }",
        [server_form, first],
    )
    assert same, "de eerste vraag op de pagina is niet die van render_question_html"
    assert len(payload) >= 8


# -- complete paths by clicking -------------------------------------------------------------------


def test_eligible_path_with_progress_focus_and_reload(page: Page, browser: Browser, server: Server, site_dir: Path, traffic: Traffic) -> None:
    walk = flows.eligible_path(site_dir)
    policy = flows.load_policy(site_dir)
    page.add_init_script(COUNT_REQUESTS_JS)
    open_checker(page, server)
    for index, step in enumerate(walk.steps):
        response = web.respond(policy, params(step.fragment))
        form = question_form(page, step.id)
        expected = progress_text(response["question"]["stage_label"], response["progress"])
        expect(form.locator(".checker-progress")).to_have_text(expected)
        assert re.fullmatch(r"Stap \d+( van \d+)?: .+", expected), expected
        if index:
            # The question is the page's h1; the checker's own title and intro are gone.
            expect(page.locator(".md-content h1:visible")).to_have_count(1)
            expect(page.locator(".md-content h1:visible")).to_have_text(response["question"]["text"])
            expect(page).to_have_title(re.compile(rf"^Stap {response['progress']['step']} van {response['progress']['total']} "))
            assert focused_id(page) == f"checker-{step.id}-legend", "de focus staat niet op de nieuwe vraag"
        answer(page, step)
    wait_review(page)
    assert focused_id(page) == "checker-review-title"
    expect(page).to_have_title(re.compile("^Controleer uw antwoorden"))
    assert fragment_answers(page) == {"jaar": str(walk.response["year"]), **walk.answers}
    sent = requests_sent(page)
    assert sent >= len(walk.steps), "de teller ziet de vragen aan de worker niet"
    confirm(page)
    assert result_summary(page) == expected_summary(walk)
    assert focused_id(page) == "checker-result-title"
    confirmed = {"jaar": str(walk.response["year"]), **walk.answers, web.CONFIRM_KEY: "1"}
    assert fragment_answers(page) == confirmed
    # Issue 16: the verdict came with the review; Bekijk de uitslag asks the worker nothing.
    assert requests_sent(page) == sent, "Bekijk de uitslag vroeg de uitslag opnieuw aan de worker"
    expect(page).to_have_title(re.compile("^Uitslag – "))
    # Terug leads to the review (asked again), and the verdict shows again at once.
    page.locator(RESULT).get_by_role("link", name="Terug").click()
    wait_review(page)
    assert focused_id(page) == "checker-review-title"
    assert fragment_answers(page) == {k: v for k, v in confirmed.items() if k != web.CONFIRM_KEY}
    assert requests_sent(page) == sent + 1
    confirm(page)
    assert result_summary(page) == expected_summary(walk) and fragment_answers(page) == confirmed
    assert requests_sent(page) == sent + 1
    # The browser's back and forward ask the worker, as before.
    page.go_back()
    wait_review(page)
    page.go_forward()
    wait_result(page)
    assert result_summary(page) == expected_summary(walk) and requests_sent(page) == sent + 3

    url = page.url
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    wait_result(page)
    assert result_summary(page) == expected_summary(walk)

    # A shared link, in a browser that never saw the checker.
    other = new_context(browser, traffic)
    try:
        fresh = other.new_page()
        fresh.goto(url)
        fresh.wait_for_selector(READY, timeout=60_000)
        wait_result(fresh)
        assert result_summary(fresh) == expected_summary(walk)
    finally:
        other.close()


def test_not_eligible_path_links_the_unmet_condition(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.not_eligible_path(site_dir)
    result = click_through(page, server, walk)
    unmet = walk.result["unmet"][0]
    item = result.locator(f'.checker-items--unmet [data-condition="{unmet["id"]}"]')
    expect(item).to_contain_text(unmet["text"])
    expect(item).to_contain_text(unmet["kind_label"])
    link = item.locator(".checker-source a")
    expect(link).to_have_attribute("href", SITE_ROOT + unmet["source"]["url"])
    expect(link).to_contain_text(unmet["source"]["quote"])
    target = urljoin(page.url, SITE_ROOT + unmet["source"]["url"])
    link.click()
    page.wait_for_url(target)
    anchor = unmet["source"]["url"].partition("#")[2]
    expect(page.locator(f'[id="{anchor}"]')).to_have_count(1)
    # Back in the browser: the result is there again.
    page.go_back()
    page.wait_for_selector(READY, timeout=60_000)
    wait_result(page)
    assert result_summary(page)["unmet"] == [unmet["id"]]


def test_contact_path(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.contact_path(site_dir)
    result = click_through(page, server, walk)
    expect(result.locator("h2.checker-verdict")).to_have_text(walk.result["verdict_label"])
    for contact in walk.result["contacts"]:
        item = result.locator(f'[data-contact="{contact["id"]}"]')
        expect(item).to_contain_text(contact["text"])
        if contact["contact"] and contact["contact"].get("email"):
            button = item.locator(f'a.md-button[href="mailto:{contact["contact"]["email"]}"]')
            expect(button).to_have_count(1)
            expect(button).to_be_visible()
            expect(item).to_contain_text(contact["contact"]["email"])


PROVIDERS = [pt for pt in flows.load_policy(flows_site()).provider_types] if flows_site() else []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_review_change_the_4th_answer_and_back_to_the_result(provider: str, page: Page, server: Server, site_dir: Path) -> None:
    """A whole flow by clicking reaches Controleer uw antwoorden; changing the 4th answer
    (or the last, on a short path) gets back to the result in at most two steps, with every
    later answer kept; the result and its print list the same answers."""
    policy = flows.load_policy(site_dir)
    walk = flows.walk(policy, provider)
    open_checker(page, server)
    for index, step in enumerate(walk.steps):
        answer(page, step)
        if index + 1 < len(walk.steps):
            question_form(page, walk.steps[index + 1].id)
    review = wait_review(page)
    expect(page).to_have_title(re.compile("^Controleer uw antwoorden"))
    expected_rows = [{k: r[k] for k in ("id", "question", "answer_label")} for r in walk.review["answers_list"]]
    assert review_rows(page) == expected_rows
    # The change: the 4th answer (one condition, also when its page showed several), to
    # another answer that asks no new questions.
    row = walk.review["answers_list"][min(3, len(walk.review["answers_list"]) - 1)]
    shown = web.respond(policy, params(row["change_url_hash"]))
    assert shown["mode"] == "change" and shown["question"]["id"] == row["id"]
    question = shown["question"]
    current = walk.answers[row["id"]]
    others = [o["value"] for o in question["options"] if o["value"] != current] if question["type"] == "choice" else []
    value = next((v for v in others if web.respond(policy, {**walk.answers, row["id"]: v})["state"] == "review"), current)
    link = review.get_by_role("link", name=f"Wijzig uw antwoord op: {row['question']}")
    expect(link).to_have_count(1)
    link.click()
    question_form(page, row["id"])
    assert focused_id(page) == f"checker-{row['id']}-legend"
    answer(page, flows.Step(question, value))
    wait_review(page)  # step 1
    later = {k: v for k, v in walk.answers.items() if k != row["id"]}
    kept = fragment_answers(page)
    assert {k: kept.get(k) for k in later} == later, "latere antwoorden zijn verloren"
    assert kept[row["id"]] == value
    result = confirm(page)  # step 2
    expected = web.respond(policy, {**walk.answers, row["id"]: value, web.CONFIRM_KEY: "1"})
    expect(result).to_have_attribute("data-verdict", expected["result"]["verdict"])
    rows = [{k: r[k] for k in ("id", "question", "answer_label")} for r in expected["answers_list"]]
    assert review_rows(page) == rows
    page.emulate_media(media="print")
    expect(result.locator(".checker-answers")).to_be_visible()
    page.emulate_media(media="screen")
    # A reload keeps everything.
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    wait_result(page)
    assert review_rows(page) == rows


# Each part of the result (checker.web) and how the page shows it: list class, item attribute.
RESULT_PARTS = {
    "unmet": ("unmet", "data-condition"),
    "contacts": ("contact", "data-contact"),
    "expectations": ("expectation", "data-condition"),
    "conditional_expectations": ("conditional", "data-condition"),
    "asr_assesses": ("asr", "data-condition"),
    "arrangements": ("arrangement", "data-arrangement"),
    "messages": ("message", "data-message"),
}


def test_result_shows_every_part_it_is_given(page: Page, server: Server, site_dir: Path) -> None:
    """Every part of the result that the data can produce is drawn: lists, the a.s.r.
    assessment, arrangements with whom to contact, e-mail buttons, "Voor: …" and the
    links that start the checker as another type."""
    paths = flows.catalogue(site_dir)
    wanted: list[flows.Walk] = []
    for key in RESULT_PARTS:
        wanted.append(next(p for p in paths if p.result.get(key)))
    wanted.append(next(p for p in paths if any(s.get("start") for s in p.result["next_steps"])))
    wanted.append(next(p for p in paths if p.verdict == "elsewhere"))
    seen_start = False
    for walk in {id(w): w for w in wanted}.values():
        open_checker(page, server, walk.result_fragment())
        result = wait_result(page)
        r = walk.result
        expect(result).to_have_attribute("data-verdict", r["verdict"])
        expect(result.locator(".checker-verdict-text")).to_have_text(r["verdict_text"])
        for key, (cls, attr) in RESULT_PARTS.items():
            shown = result.locator(f".checker-items--{cls} [{attr}]").evaluate_all(f"els => els.map(e => e.getAttribute('{attr}'))")
            assert shown == [item["id"] for item in r.get(key) or []], key
        if r.get("asr_assesses"):
            # Folded (issue 14 item 7): its summary shows, the points show once opened.
            summary = result.locator("details.checker-more--asr > summary")
            expect(summary).to_have_text(f"Wat a.s.r. zelf beoordeelt ({len(r['asr_assesses'])})")
            summary.click()
            expect(result.locator(".checker-items--asr [data-condition]").first).to_be_visible()
        for item in r.get("arrangements") or []:
            expect(result.get_by_role("heading", name="Afspraken bovenop uw contract")).to_be_visible()
            if item["contact"] and item["contact"].get("email"):
                row = result.locator(f'[data-arrangement="{item["id"]}"]')
                expect(row.locator(f'a.md-button[href="mailto:{item["contact"]["email"]}"]')).to_be_visible()
        hrefs = result.locator("a.checker-mailto").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert hrefs == [s["mailto"]["href"] for s in r["next_steps"] if s.get("mailto")]
        for step in r["next_steps"]:
            item = result.locator(f'[data-step="{step["id"]}"]')
            if step.get("for"):
                expect(item.locator(".checker-step-for")).to_have_text(f"Voor: {step['for']}")
            if step.get("start"):
                link = item.locator("a.checker-start")
                expect(link).to_have_attribute("href", SITE_ROOT + step["start"]["url"])
                expect(link).to_contain_text("Start de checker als")
                seen_start = True
                link.click()
                question_form(page, web.respond(flows.load_policy(site_dir), {"type": step["start"]["type"]})["question"]["id"])
                break
    assert seen_start


def test_refused_provider_type(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.refused_path(site_dir)
    result = click_through(page, server, walk)
    refusal = walk.result["unmet"][0]
    expect(result.locator(f'[data-condition="{refusal["id"]}"]')).to_contain_text(refusal["text"])
    expect(result.get_by_role("link", name="Opnieuw beginnen")).to_be_visible()
    expect(result.get_by_role("button", name="Afdrukken")).to_be_visible()
    result.get_by_role("link", name="Opnieuw beginnen").click()
    question_form(page, "type")
    assert "#" not in page.url
    expect(page.locator("#checker input[type=radio]:checked")).to_have_count(0)


def test_terug_goes_one_question_back_and_keeps_every_answer(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.eligible_path(site_dir)
    assert len(walk.steps) >= 4, "pad te kort voor deze test"
    open_checker(page, server)
    for step in walk.steps[:3]:
        answer(page, step)
    form = question_form(page, walk.steps[3].id)
    # One button under the question; Terug is a small link above it.
    expect(form.locator(".checker-actions button")).to_have_count(1)
    assert form.evaluate("f => f.querySelector('a.checker-back').compareDocumentPosition(f.querySelector('fieldset')) & Node.DOCUMENT_POSITION_FOLLOWING")
    kept = fragment_answers(page)
    form.get_by_role("link", name="Terug").click()
    previous = walk.steps[2]
    form = question_form(page, previous.id)
    answers = fragment_answers(page)
    assert {k: answers[k] for k in kept} == kept, "Terug heeft een antwoord gewist"
    expect(form.locator(".checker-progress")).to_contain_text(re.compile(r"^Stap \d+ van \d+: "))
    assert focused_id(page) == f"checker-{previous.id}-legend"
    if previous.type == "choice":  # the answer is kept and shown
        expect(form.locator(f'input[value="{previous.value}"]')).to_be_checked()
    form.get_by_role("link", name="Terug").click()
    question_form(page, walk.steps[1].id)
    # The browser's own back button steps through the same history.
    page.go_back()
    form = question_form(page, previous.id)
    # Volgende from here shows the next question again, with its answer, and a reload keeps it.
    form.get_by_role("button", name="Volgende").click()
    question_form(page, walk.steps[3].id)
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    question_form(page, walk.steps[3].id)
    assert {k: fragment_answers(page)[k] for k in kept} == kept
    # On the first question there is no Terug.
    page.goto(server.page_url("checker/") + f"#jaar={walk.response['year']}&type={walk.provider}")
    form = question_form(page, walk.steps[1].id)
    form.get_by_role("link", name="Terug").click()
    form = question_form(page, "type")
    expect(form.get_by_role("link", name="Terug")).to_have_count(0)
    expect(form.locator(f'input[value="{walk.provider}"]')).to_be_checked()


# -- broken links ------------------------------------------------------------------------------------


def _garbage() -> list[str]:
    rng = random.Random(2024)
    noise = "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(60))
    return ["%%%&&&===;;", quote(noise, safe="=&"), "<script>alert(1)</script>=1", "type[]=kraamzorg&__proto__=x"]


def _tampered(site_dir: Path) -> list[tuple[str, str, str]]:
    """(fragment, text expected in the message, question expected on screen)."""
    walk = flows.eligible_path(site_dir)
    first = next(s for s in walk.steps[1:] if s.type == "choice")
    cases = [
        ("type=onzin", "Onbekend soort zorgaanbieder", "type"),
        (f"type={walk.provider}&{first.id}=misschien", "Kies een van de antwoorden", first.id),
        (f"jaar=1999&type={walk.provider}", "Beleidsjaar 1999 bestaat niet", walk.steps[1].id),
        (f"type={walk.provider}&onbekende-vraag=ja", "onbekende-vraag", walk.steps[1].id),
    ]
    cases += [(g, "", "type") for g in _garbage()]
    return cases


TAMPERED_IDS = ["onbekend-type", "ongeldig-antwoord", "onbekend-jaar", "onbekende-vraag", "rommel-1", "rommel-2", "rommel-3", "rommel-4"]


@pytest.mark.parametrize("case", range(len(TAMPERED_IDS)), ids=TAMPERED_IDS)
def test_tampered_url_shows_a_message_and_a_way_back(case: int, page: Page, server: Server, site_dir: Path) -> None:
    fragment, message, qid = _tampered(site_dir)[case]
    page.on("dialog", lambda dialog: pytest.fail(f"onverwacht dialoogvenster: {dialog.message}"))
    open_checker(page, server, "#" + fragment)
    notice = page.locator("#checker .checker-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "alert")
    if message:
        expect(notice).to_contain_text(message)
    assert notice.inner_text().strip()
    question_form(page, qid)
    page.evaluate(NEXT_FRAMES_JS)
    assert page.evaluate("document.activeElement.classList.contains('checker-notice')"), "de melding heeft geen focus"
    notice.get_by_role("link", name="begin opnieuw").click()
    question_form(page, "type")
    expect(page.locator("#checker .checker-notice")).to_have_count(0)
    assert "#" not in page.url


def assert_error_pattern(page: Page, qid: str, message: str) -> None:
    """GOV.UK's pattern: "Fout: " in the title, a focused summary at the top that links to
    the field, the message above the field, and the step counter in the legend."""
    form = question_form(page, qid)
    summary = form.locator(".checker-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("h2")).to_have_text("Er is een probleem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fout: Stap \d+ van \d+|^Fout: Eerste vraag"))
    expect(form.locator(".checker-error")).to_have_text(message)
    first_field = form.locator("input[name=answer]").first
    assert form.evaluate(
        "f => f.querySelector('.checker-error').compareDocumentPosition(f.querySelector('input[name=answer]')) & Node.DOCUMENT_POSITION_FOLLOWING"
    ), "de foutmelding staat niet boven het veld"
    expect(form.locator("legend .checker-progress")).to_have_count(1)
    summary.get_by_role("link", name=message).click()
    expect(first_field).to_be_focused()
    assert "checker-" not in urlsplit_fragment(page), "de link in de samenvatting zet een element-id in de URL"


def urlsplit_fragment(page: Page) -> str:
    return page.url.partition("#")[2]


def test_empty_and_malformed_agb_code_show_the_error_pattern(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.mailto_path(site_dir)
    policy = flows.load_policy(site_dir)
    index = next(i for i, s in enumerate(walk.steps) if s.type == "agb")
    agb = walk.steps[index]
    before = params(agb.fragment)
    open_checker(page, server, walk.fragment(index))
    url = page.url
    for wrong in ("", "1234", "12ab5678"):
        form = question_form(page, agb.id)
        form.locator("input[name=answer]").fill(wrong)
        form.get_by_role("button", name="Volgende").click()
        expected = web.respond(policy, before, {"question": agb.id, "value": wrong})["errors"][0]["message"]
        assert "AGB-code" in expected
        assert_error_pattern(page, agb.id, expected)
        field = question_form(page, agb.id).locator("input[name=answer]")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_value(wrong)
        assert f"checker-{agb.id}-error" in (field.get_attribute("aria-describedby") or "")
        expect(page.locator("#checker .checker-notice")).to_have_count(0)
        assert page.url == url, "een fout antwoord kwam in de URL"
    question_form(page, agb.id).locator("input[name=answer]").fill(agb.value)
    question_form(page, agb.id).get_by_role("button", name="Volgende").click()
    nxt = walk.steps[index + 1].id if index + 1 < len(walk.steps) else None
    if nxt:
        question_form(page, nxt)
        expect(page).not_to_have_title(re.compile("^Fout"))
    else:
        wait_review(page)


def test_empty_choice_asks_for_an_answer(page: Page, server: Server, site_dir: Path) -> None:
    open_checker(page, server)
    form = question_form(page, "type")
    form.get_by_role("button", name="Volgende").click()
    assert_error_pattern(page, "type", words.EMPTY_CHOICE)
    assert "#" not in page.url
    walk = flows.eligible_path(site_dir)
    answer(page, walk.steps[0])
    form = question_form(page, walk.steps[1].id)
    form.get_by_role("button", name="Volgende").click()
    assert_error_pattern(page, walk.steps[1].id, words.EMPTY_CHOICE)
    assert walk.steps[1].id not in fragment_answers(page)


def test_mailto_contains_the_typed_agb_code_and_practice_name(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.mailto_path(site_dir)
    agb = next(s.value for s in walk.steps if s.type == "agb")
    name = next(s.value for s in walk.steps if s.type == "text")
    open_checker(page, server)
    result = complete(page, walk)
    expected = [s["mailto"]["href"] for s in walk.result["next_steps"] if s.get("mailto")]
    links = result.locator("a.checker-mailto")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == expected
    for href in hrefs:
        assert href.startswith("mailto:")
        text = decoded(href)
        assert agb in text, text
        assert name in text, text
    expect(links.first).to_be_visible()


def test_keyboard_only(page: Page, server: Server, site_dir: Path) -> None:
    """Tab, arrows, Space and Enter only: no mouse from start to result."""
    walk = flows.keyboard_path(site_dir)
    open_checker(page, server)

    def tab_to(selector: str, limit: int = 250) -> None:
        for _ in range(limit):
            if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"met Tab niet bij {selector} gekomen")

    for index, step in enumerate(walk.steps):
        question_form(page, step.id)
        if step.type == "choice":
            tab_to(f'#checker form[data-question="{step.id}"] input[name=answer]')
            values = [o["value"] for o in step.question["options"]]
            at = values.index(page.evaluate("document.activeElement.value"))
            want = values.index(step.value)
            if at == want:
                page.keyboard.press("Space")
            for _ in range((want - at) % len(values)):
                page.keyboard.press("ArrowDown")
            expect(page.locator(f'#checker input[value="{step.value}"]')).to_be_checked()
            tab_to("#checker button.checker-next")
            page.keyboard.press("Enter")
        elif step.type == "checkboxes":
            # Each box to tick, with Space; then to Volgende.
            for value in step.value:
                tab_to(f'#checker form[data-question="{step.id}"] input[value="{value}"]')
                page.keyboard.press("Space")
            tab_to("#checker button.checker-next")
            page.keyboard.press("Enter")
        else:
            tab_to(f'#checker form[data-question="{step.id}"] input[name=answer]')
            page.keyboard.type(step.value)
            page.keyboard.press("Enter")
        if index + 1 < len(walk.steps):
            question_form(page, walk.steps[index + 1].id)
    wait_review(page)
    assert focused_id(page) == "checker-review-title"
    tab_to("#checker button.checker-confirm")
    page.keyboard.press("Enter")
    wait_result(page)
    assert result_summary(page) == expected_summary(walk)
    assert focused_id(page) == "checker-result-title"


# -- the printed record ------------------------------------------------------------------------------


def test_print_view_is_a_clean_record(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.not_eligible_path(site_dir)
    open_checker(page, server, walk.result_fragment())
    result = wait_result(page)
    page.emulate_media(media="print")
    # The answers are part of the record, without the Wijzig links.
    answers = result.locator(".checker-answers")
    expect(answers).to_be_visible()
    assert review_rows(page) == [{k: r[k] for k in ("id", "question", "answer_label")} for r in walk.response["answers_list"]]
    for link in answers.locator(".checker-answer-change").all():
        expect(link).to_be_hidden()
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", "#checker .checker-actions"):
        if page.locator(hidden).count():
            expect(page.locator(hidden).first).to_be_hidden()
    expect(result.locator(".checker-print-only")).to_be_visible()
    expect(result.locator(".checker-print-only")).to_contain_text(page.url)
    after = result.locator(".checker-source a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert server.url in after, after
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # The result, its dates, what a.s.r. assesses itself, the e-mail text, every answer and
    # the sources, all unfolded (issue 14: the print keeps everything expanded): a record of
    # a few pages, not a printout of the whole site.
    assert pages <= 4, f"de afdruk is {pages} pagina's"


def test_a_heading_anchor_is_not_read_as_answers(page: Page, server: Server, site_dir: Path) -> None:
    """Material's skip link and permalinks put a heading id in the fragment; the checker
    must leave the current step alone, and the browser's back button must restore it."""
    walk = flows.eligible_path(site_dir)
    open_checker(page, server)
    for step in walk.steps[:2]:
        answer(page, step)
    question_form(page, walk.steps[2].id)
    heading = page.evaluate("document.querySelector('h1[id]') ? document.querySelector('h1[id]').id : ''")
    assert heading, "de pagina heeft geen kop met een id"
    page.evaluate("id => { location.hash = id; }", heading)
    page.wait_for_timeout(300)
    question_form(page, walk.steps[2].id)
    expect(page.locator("#checker .checker-notice")).to_have_count(0)
    page.go_back()
    question_form(page, walk.steps[2].id)
    assert fragment_answers(page)[walk.steps[1].id] == walk.steps[1].value
