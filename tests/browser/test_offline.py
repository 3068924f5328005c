"""Offline after one visit (issue 17, item 4): a provider who opened the checker once can use
it on the train, also from a host whose caching says "check every time" (no-cache); a new
build replaces what was kept, and the page says so; a text page read before opens offline.

Why a context of our own: the shared fixture blocks service workers (every other test must
see the network), and Playwright's request routing does not see a service worker's own
requests. Chromium's arguments (tools/browser_env.py) send any other host to a closed port,
and every request the pages and the service worker make is recorded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from macros.config import pyodide_path
from tools import flows
from tools.browser_env import SiteHandler, serve
from tools.offline import write_service_worker

from .conftest import ROOT, Server, Traffic
from .ui import complete, fragment_answers, open_checker

KEPT = 'html[data-offline="kept"]'
NOTICE = ".offline-notice"


class NoCacheHandler(SiteHandler):
    """A host whose every answer must be checked again before reuse (its cache lifetime is over)."""

    cache_control = staticmethod(lambda path: "no-cache")


@contextlib.contextmanager
def offline_context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="nl-NL", service_workers="allow")
    context.set_default_timeout(20_000)
    context.on("request", lambda request: traffic.saw(request.url))
    try:
        yield context
    finally:
        context.close()
    assert not traffic.foreign, "Verzoeken naar een andere host:\n" + "\n".join(traffic.foreign)
    assert not traffic.page_errors, "JavaScript-fouten:\n" + "\n".join(traffic.page_errors)


def new_page(context: BrowserContext, traffic: Traffic) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    return page


def served_link(tmp_path: Path, target: Path) -> Path:
    """The folder the server serves: a link, so a test can swap the site under a running server."""
    link = tmp_path / "served"
    swap = tmp_path / "served.new"
    swap.symlink_to(target, target_is_directory=True)
    os.replace(swap, link)
    return link


def build_b(site_dir: Path, tmp_path: Path) -> Path:
    """Build B: the same site with a changed checker page, and its service worker written anew."""
    copy = tmp_path / "site-b"
    shutil.copytree(site_dir, copy, symlinks=True)
    page = copy / "checker" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<div id="checker" ' in html
    page.write_text(html.replace('<div id="checker" ', '<div id="checker" data-test-build="B" ', 1), encoding="utf-8")
    write_service_worker(copy, pyodide_path(ROOT))
    return copy


def test_the_checker_works_offline_after_one_visit(browser: Browser, site_dir: Path, tmp_path: Path, traffic: Traffic) -> None:
    walk = flows.eligible_path(site_dir)
    with offline_context(browser, traffic) as context:
        page = new_page(context, traffic)
        with serve(served_link(tmp_path, site_dir), NoCacheHandler) as server:
            open_checker(page, server)
            page.wait_for_selector(KEPT, state="attached")
            expect(page.locator(NOTICE)).to_have_text("De checker werkt nu ook zonder internet op dit apparaat.", timeout=20_000)
            # A text page read before, to open it offline too.
            page.goto(server.page_url("procedure/"))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # the service worker keeps what the page loaded
        # The server is gone and the browser is offline.
        context.set_offline(True)
        open_checker(page, server)
        expect(page.locator("#checker form.checker-step").first).to_be_visible()
        result = complete(page, walk)
        expect(result).to_have_attribute("data-verdict", walk.verdict)
        page.goto(server.page_url("procedure/"))
        expect(page.locator("h1").first).to_be_visible()
        assert "Geen internetverbinding" not in page.inner_text("body")
        # A page never opened: a short Dutch page that says so and leads to the checker.
        page.goto(server.page_url("begrippen/"))
        expect(page.locator("h1")).to_have_text("Geen internetverbinding")
        page.get_by_role("link", name="naar de checker").click()
        page.wait_for_selector('#checker[data-state="ready"]')


def test_offline_the_checker_never_opened_says_so(browser: Browser, site_dir: Path, tmp_path: Path, traffic: Traffic) -> None:
    """Only a text page read: offline, the checker's address gives the short Dutch page, not the browser's error."""
    with offline_context(browser, traffic) as context:
        page = new_page(context, traffic)
        with serve(served_link(tmp_path, site_dir), NoCacheHandler) as server:
            page.goto(server.page_url("procedure/"))
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            # Material's search worker loads its scripts after the page: cut the network only
            # once they are in, or the test sees that load fail instead of the offline page.
            page.wait_for_load_state("networkidle")
        context.set_offline(True)
        page.goto(server.page_url("checker/"))
        expect(page.locator("h1")).to_have_text("Geen internetverbinding")
        expect(page.get_by_role("link", name="naar de checker")).to_have_count(0)


def test_a_year_at_its_own_address_works_offline_too(browser: Browser, site_dir: Path, tmp_path: Path, traffic: Traffic) -> None:
    """/2024/ and the like are whole sites of their own, with their own service worker."""
    years = sorted(p.parent.parent.name for p in site_dir.glob("[0-9][0-9][0-9][0-9]/checker/index.html"))
    assert years, "de site heeft geen jaar op een eigen adres"
    with offline_context(browser, traffic) as context:
        page = new_page(context, traffic)
        with serve(served_link(tmp_path, site_dir), NoCacheHandler) as server:
            year = Server(server.page_url(years[-1] + "/"), server.root)
            open_checker(page, year)
            page.wait_for_selector(KEPT, state="attached")
            page.wait_for_load_state("networkidle")  # the search index, fetched after ready, is kept too
        context.set_offline(True)
        open_checker(page, year)
        expect(page.locator("#checker form.checker-step").first).to_be_visible()
        assert page.evaluate("() => navigator.serviceWorker.controller.scriptURL") == year.page_url("service-worker.js")


def test_a_new_build_replaces_the_kept_checker(browser: Browser, site_dir: Path, tmp_path: Path, traffic: Traffic) -> None:
    site_b = build_b(site_dir, tmp_path)
    served = served_link(tmp_path, site_dir)
    with offline_context(browser, traffic) as context, serve(served, NoCacheHandler) as server:
        page = new_page(context, traffic)
        open_checker(page, server)
        page.wait_for_selector(KEPT, state="attached")
        build_a = page.evaluate("document.documentElement.dataset.offlineBuild")
        served_link(tmp_path, site_b)
        # The kept build A starts; the browser finds build B, keeps it complete, and the
        # untouched checker page reloads into B and says so.
        page.goto(server.page_url("checker/"))
        # A boots first (the update is looked for once it is ready), then B: slow on a busy machine.
        expect(page.locator('#checker[data-test-build="B"]')).to_be_attached(timeout=150_000)
        page.wait_for_selector('#checker[data-state="ready"]', timeout=60_000)
        # Said once the checker is ready (the notices come with Material's scripts, after it).
        expect(page.locator(NOTICE)).to_have_text("De site is bijgewerkt. U ziet nu de nieuwste versie.", timeout=20_000)
        page.wait_for_selector(KEPT, state="attached")
        assert page.evaluate("document.documentElement.dataset.offlineBuild") not in ("", build_a)
        # Offline, B is what starts: never A again, never a mix.
        context.set_offline(True)
        open_checker(page, Server(server.url, server.root))
        expect(page.locator('#checker[data-test-build="B"]')).to_be_attached()


def test_the_offline_notices_are_accessible_on_a_phone(browser: Browser, site_dir: Path, tmp_path: Path, traffic: Traffic) -> None:
    """Every notice the offline use adds, and the page for a page never opened, pass axe at 375 px;
    with answers on screen a new version waits until the provider chooses it."""
    from .test_a11y import AXE, report, run_axe

    def axe(page: Page, where: str) -> None:
        page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
        violations = run_axe(page)
        assert not violations, report(where, violations)

    walk = flows.eligible_path(site_dir)
    site_b = build_b(site_dir, tmp_path)
    served = served_link(tmp_path, site_dir)
    with offline_context(browser, traffic) as context:
        context.add_init_script(path=str(AXE))
        page = new_page(context, traffic)
        page.set_viewport_size({"width": 375, "height": 800})
        with serve(served, NoCacheHandler) as server:
            open_checker(page, server)
            page.wait_for_selector(KEPT, state="attached")
            expect(page.locator(NOTICE)).to_contain_text("zonder internet")
            axe(page, "de melding: de checker werkt zonder internet")
            served_link(tmp_path, site_b)
            open_checker(page, server, walk.fragment(2))
            use = page.get_by_role("button", name="Nieuwe versie gebruiken")
            expect(use).to_be_visible(timeout=150_000)
            expect(page.locator(NOTICE)).to_contain_text("Er is een nieuwe versie van de checker. Uw antwoorden blijven staan.")
            assert page.locator('#checker[data-test-build="B"]').count() == 0
            axe(page, "de melding: een nieuwe versie")
            use.click()
            expect(page.locator('#checker[data-test-build="B"]')).to_be_attached(timeout=150_000)
            page.wait_for_selector('#checker[data-state="ready"]', timeout=60_000)
            expect(page.locator(NOTICE)).to_have_text("De site is bijgewerkt. U ziet nu de nieuwste versie.", timeout=20_000)
            assert fragment_answers(page), "de antwoorden bleven niet staan"
            axe(page, "de melding: de site is bijgewerkt")
            page.wait_for_selector(KEPT, state="attached")
        context.set_offline(True)
        page.goto(server.page_url("begrippen/"))
        expect(page.locator("h1")).to_have_text("Geen internetverbinding")
        axe(page, "de pagina zonder internet")
