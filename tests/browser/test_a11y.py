"""Accessibility: axe-core (WCAG 2.0/2.1 A and AA) on every built page and on the
checker in each of its states. Every page is also held to the own-host rule by the
`page` fixture.

Why axe from node_modules: the same pinned version on every machine, injected from a
file, so the test makes no request of its own. Why an init script and not
`page.add_script_tag`: the site's CSP forbids inline scripts, and a script tag added by
the test is one; an init script runs outside the page's CSP, which stays on for the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tools import flows

from .conftest import ROOT, SITE, Server
from .ui import open_checker, question_form, wait_result, wait_review

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def built_pages() -> list[str]:
    """Every HTML page of the site, as a URL path ('' for the home page)."""
    if not (SITE / "index.html").is_file():
        return ["<site ontbreekt>"]
    out = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE)
        if rel.parts[0] == "assets":
            continue
        url = rel.as_posix()
        out.append(url[: -len("index.html")] if url.endswith("index.html") else url)
    return out


@pytest.fixture
def page(page: Page) -> Page:
    """The own-host-only page of conftest, with axe-core in every document it opens."""
    assert AXE.is_file(), f"axe-core ontbreekt ({AXE}): draai `make setup`."
    page.add_init_script(path=str(AXE))
    return page


def run_axe(page: Page) -> list[dict[str, Any]]:
    assert page.evaluate("typeof window.axe === 'object'"), "axe-core is niet geladen"
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
            }));
        }""",
        TAGS,
    )


def report(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} toegankelijkheidsfout(en) op {where}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}\n      {node['html']}\n      {(node['summary'] or '').replace(chr(10), ' / ')}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … en nog {len(v['nodes']) - 5}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    # Material fades the header title when the page scrolls (focus moves it): axe must see
    # the colours at rest, not halfway through the fade.
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    violations = run_axe(page)
    assert not violations, report(where, violations)


@pytest.mark.parametrize("url", built_pages())
def test_every_page_is_accessible(url: str, page: Page, server: Server, site_dir: Path) -> None:
    page.goto(server.page_url(url))
    page.wait_for_load_state("load")
    if url.startswith("checker/") and page.locator("#checker").count():
        page.wait_for_selector('#checker[data-state="ready"]', timeout=60_000)
    assert_accessible(page, f"/{url}")


def test_checker_question_states_are_accessible(page: Page, server: Server, site_dir: Path) -> None:
    open_checker(page, server)
    assert_accessible(page, "de eerste vraag")
    walk = flows.mailto_path(site_dir)
    # A choice question after the first, with help and a Vorige button.
    open_checker(page, server, walk.fragment(1))
    question_form(page, walk.steps[1].id)
    assert_accessible(page, f"vraag {walk.steps[1].id}")
    # A text question with a Dutch error message.
    index = next(i for i, s in enumerate(walk.steps) if s.type == "agb")
    open_checker(page, server, walk.fragment(index))
    form = question_form(page, walk.steps[index].id)
    form.locator("input[name=answer]").fill("12")
    form.get_by_role("button", name="Volgende").click()
    page.locator("#checker .checker-error-summary").wait_for()
    assert_accessible(page, "een AGB-vraag met foutmelding")
    # An empty choice: the error summary on a radio question.
    open_checker(page, server, walk.fragment(1))
    form = question_form(page, walk.steps[1].id)
    form.get_by_role("button", name="Volgende").click()
    page.locator("#checker .checker-error-summary").wait_for()
    assert_accessible(page, "een keuzevraag zonder antwoord")


def test_checker_review_is_accessible(page: Page, server: Server, site_dir: Path) -> None:
    walk = flows.mailto_path(site_dir)
    open_checker(page, server, walk.fragment())
    wait_review(page)
    assert_accessible(page, "Controleer uw antwoorden")
    # A change from the review: the question with Terug to the review.
    page.locator("#checker .checker-answer-change a").nth(3).click()
    page.locator("#checker form.checker-step").wait_for()
    assert_accessible(page, "een antwoord wijzigen")


def test_checker_waiting_for_python_is_accessible(page: Page, server: Server, site_dir: Path) -> None:
    held: list[Any] = []
    page.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(server.page_url("checker/"))
    form = question_form(page, "type")
    form.locator("input[name=answer]").first.check()
    form.get_by_role("button", name="Volgende").click()
    page.locator("#checker .checker-wait").wait_for()
    assert_accessible(page, "het wachten op de checker")
    for route in held:
        route.abort()


def test_checker_without_its_script_is_accessible(page: Page, server: Server) -> None:
    page.context.route("**/javascripts/checker.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(server.page_url("checker/"))
    page.locator("#checker .checker-fallback").wait_for(state="visible")
    assert_accessible(page, "de checker zonder checker.js")


def test_checker_message_for_a_broken_link_is_accessible(page: Page, server: Server) -> None:
    open_checker(page, server, "#type=onzin&x=%FF")
    page.locator("#checker .checker-notice").wait_for()
    assert_accessible(page, "de melding bij een kapotte link")


@pytest.mark.parametrize("verdict", ["eligible", "not_eligible", "contact", "elsewhere", "arrangements"])
def test_checker_results_are_accessible(verdict: str, page: Page, server: Server, site_dir: Path) -> None:
    walk = {
        "eligible": flows.eligible_path,
        "not_eligible": flows.not_eligible_path,
        "contact": flows.contact_path,
        "elsewhere": lambda site: flows.find(site, lambda p: p.verdict == "elsewhere", "uitkomst 'elders ingekocht'"),
        "arrangements": lambda site: flows.find(site, lambda p: bool(p.result.get("arrangements")), "afspraken bovenop het contract"),
    }[verdict](site_dir)
    open_checker(page, server, walk.result_fragment())
    wait_result(page)
    assert_accessible(page, f"de uitslag ({verdict})")


def test_checker_failure_is_accessible(page: Page, server: Server) -> None:
    page.context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body=""))
    page.goto(server.page_url("checker/"))
    page.wait_for_selector('#checker[data-state="error"]', timeout=60_000)
    assert_accessible(page, "de checker als het laden mislukt")


# The pages for other systems and for printing (issue 17): also on a phone's width, where the
# table of files and fields turns into stacked rows and a long SHA-256 has to wrap.
@pytest.mark.parametrize("url", ["open-data/", "beleid/het-hele-beleid/", "2024/open-data/", "2024/beleid/het-hele-beleid/"])
@pytest.mark.parametrize("width", [375, 1280])
def test_open_data_and_whole_policy_are_accessible(url: str, width: int, page: Page, server: Server, site_dir: Path) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server.page_url(url))
    page.wait_for_load_state("load")
    assert_accessible(page, f"/{url} op {width} px")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("verdict", ["eligible", "not_eligible", "contact", "elsewhere"])
def test_checker_results_are_accessible_on_a_phone_and_a_desktop_with_every_part_open(
    verdict: str, width: int, page: Page, server: Server, site_dir: Path
) -> None:
    """Issue 14 item 7: the result with its folded parts (a.s.r.'s own assessment, the
    answers, the e-mail text) closed and opened, at 375 px and on a desktop."""
    walk = {
        "eligible": flows.eligible_path,
        "not_eligible": flows.not_eligible_path,
        "contact": flows.contact_path,
        "elsewhere": lambda site: flows.find(site, lambda p: p.verdict == "elsewhere", "uitkomst 'elders ingekocht'"),
    }[verdict](site_dir)
    page.set_viewport_size({"width": width, "height": 667 if width == 375 else 900})
    open_checker(page, server, walk.result_fragment())
    result = wait_result(page)
    assert_accessible(page, f"de uitslag ({verdict}, {width} px)")
    for summary in result.locator("details > summary").all():
        summary.click()
    assert result.locator("details:not([open])").count() == 0
    assert_accessible(page, f"de uitslag ({verdict}, {width} px, alles open)")
