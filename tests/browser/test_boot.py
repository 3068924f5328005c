"""How the checker page boots: from the build's precompiled Python, fetching nothing it does
not need before it is ready, and still working when that precompiled Python cannot be used.

Why these matter to a provider: the fast boot is what makes the checker usable in about a
second on an ordinary laptop; the fallback is what keeps it usable when a host or proxy
mangles one file; and search waiting its turn keeps the checker's downloads first.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Request, Route, expect

from tools import flows

from .conftest import Server, Traffic
from .ui import open_checker, question_form, wait_result

ZIP = re.compile(r"/assets/checker/python-[0-9a-f]+\.zip\.zst$")
# What the fast boot does without: Pyodide's full standard library and lock file, the
# checker's separate .py files, and (until ready) Material's scripts and its search.
NOT_BEFORE_READY = (
    re.compile(r"/python_stdlib\.zip$"),
    re.compile(r"/pyodide-lock\.json$"),
    re.compile(r"/assets/checker/checker/[a-z_]+\.py$"),
    re.compile(r"/search/search_index\.json$"),
    re.compile(r"/workers/search\.[0-9a-f]+\.min\.js$"),
    re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"),
)


# The wall-clock time (as Playwright's request timings) when the checker left "loading".
READY_AT_JS = """new MutationObserver((records, observer) => {
  const root = document.getElementById("checker");
  if (root && root.dataset.state !== "loading") { window.__readyAt = Date.now(); observer.disconnect(); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });"""


def requests_until_ready(page: Page, server: Server, fragment: str = "") -> list[str]:
    """The paths the page and its worker requested before the checker was ready."""
    # Why the moment a request is seen, not its `requestfinished` timing: Playwright does not
    # always report the end of a worker's streamed download, but it always sees the start
    # (the page's clock and this one are the same machine's wall clock).
    started: list[tuple[float, Request]] = []
    page.context.on("request", lambda request: started.append((time.time() * 1000, request)))
    page.add_init_script(READY_AT_JS)
    open_checker(page, server, fragment)
    page.wait_for_load_state("networkidle")
    ready_at = float(page.evaluate("window.__readyAt"))
    return [urlsplit(r.url).path for seen, r in started if seen < ready_at]


def test_the_checker_boots_from_the_precompiled_zip_and_fetches_nothing_else_first(page: Page, server: Server, traffic: Traffic) -> None:
    paths = requests_until_ready(page, server)
    assert any(ZIP.search(p) for p in paths), f"de voorgecompileerde Python is niet geladen: {paths}"
    early = [p for p in paths if any(pattern.search(p) for pattern in NOT_BEFORE_READY)]
    assert not early, f"geladen voordat de checker klaar was: {early}"
    assert len([p for p in paths if p.endswith("/pyodide.asm.wasm")]) == 1


# When the page creates its first Worker.
WORKER_AT_JS = """(() => {
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      if (window.__workerAt === undefined) window.__workerAt = performance.now();
      super(...args);
    }
  };
})();"""


def test_the_worker_starts_before_the_page_modules_arrive(page: Page, server: Server, traffic: Traffic) -> None:
    """Pyodide's download is the long wait, so it starts first (start-checker.js) and checker.js
    and its parts load meanwhile. Issue 16: the worker waited for every one of those modules."""
    held: list[Route] = []
    page.route("**/javascripts/checker/result.js", lambda route: held.append(route))
    page.add_init_script(WORKER_AT_JS)
    page.goto(server.page_url("checker/"), wait_until="commit")
    # One of checker.js's parts has not arrived, and the worker is already there.
    page.wait_for_function("() => window.__workerAt !== undefined", timeout=30_000)
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert held, "result.js werd niet opgevraagd"
    for route in held:
        route.continue_()
    page.wait_for_selector('#checker[data-state="ready"]', timeout=60_000)


def test_search_works_once_the_checker_is_ready(page: Page, server: Server, traffic: Traffic) -> None:
    open_checker(page, server)
    search = page.locator("input[data-md-component=search-query]")
    search.click()
    search.press_sequentially("kraamzorg")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    assert any(u.endswith("/search/search_index.json") for u in traffic.urls)


def test_opening_search_before_the_checker_is_ready_starts_it(context: BrowserContext, server: Server, traffic: Traffic) -> None:
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    page.goto(server.page_url("checker/"))
    expect(page.locator("#checker")).to_have_attribute("data-state", "loading")
    search = page.locator("input[data-md-component=search-query]")
    search.click()
    search.press_sequentially("kraamzorg")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    expect(page.locator("#checker")).to_have_attribute("data-state", "loading")
    for route in held:
        route.continue_()


def test_a_missing_precompiled_zip_falls_back_to_the_stock_boot(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    context.route(ZIP, lambda route: route.fulfill(status=404, body="weg"))
    page = context.new_page()
    walk = flows.refused_path(site_dir)
    paths = requests_until_ready(page, server, walk.result_fragment())
    assert any(p.endswith("/python_stdlib.zip") for p in paths)
    wait_result(page)


def test_a_missing_zstd_decoder_falls_back_to_the_stock_boot(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    # Without its decoder the zstd-compressed zip cannot be unpacked: the stock boot follows at once.
    context.route(re.compile(r"/assets/checker/zstddec-[0-9a-f]+\.wasm$"), lambda route: route.fulfill(status=404, body="weg"))
    page = context.new_page()
    walk = flows.refused_path(site_dir)
    paths = requests_until_ready(page, server, walk.result_fragment())
    assert any(p.endswith("/python_stdlib.zip") for p in paths)
    # Found out before the fast boot starts: its zip is not even downloaded.
    assert not any(ZIP.search(p) for p in paths)
    assert page.get_attribute("#checker", "data-boot") == "stock"
    wait_result(page)


def test_a_damaged_precompiled_zip_falls_back_to_the_stock_boot(context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    context.route(ZIP, lambda route: route.fulfill(status=200, body=b"PK\x03\x04 geen echte zip", content_type="application/zip"))
    page = context.new_page()
    open_checker(page, server)
    walk = flows.eligible_path(site_dir)
    page.locator(f'label[for="checker-type-{walk.provider}"]').click()
    page.get_by_role("button", name="Volgende").click()
    question_form(page, walk.steps[1].id)


def test_a_zip_built_for_another_pyodide_is_not_used(context: BrowserContext, server: Server, traffic: Traffic) -> None:
    def other_version(route: Route) -> None:
        manifest = route.fetch().json()
        manifest["python"]["pyodide"] = "0.0.1"
        route.fulfill(status=200, body=json.dumps(manifest), content_type="application/json")

    context.route("**/assets/checker/manifest.json", other_version)
    page = context.new_page()
    paths = requests_until_ready(page, server)
    assert not any(ZIP.search(p) for p in paths)
    assert any(p.endswith("/python_stdlib.zip") for p in paths)
