"""Every way the checker page can fail to load ends somewhere a provider can go on: the
checker works, or the page says it does not and links to the conditions pages
(zorgaanbieders/). Never an endless "wordt geladen".

Why the assets are found and not listed: which files the page loads changes with Pyodide,
the worker's boot and Material; the test loads the page once, takes every request it made,
then blocks each one in turn (as a flaky network, an ad blocker or a half-finished deploy would).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route

from .conftest import READY_TIMEOUT_MS, Server, Traffic, new_context

# How long a provider may be left waiting before the page offers a way forward.
LIMIT_S = 30
# Pages loading at once: each boots Pyodide, on a small shared machine.
BATCH = 4
# Where the page stands: "ready", "error" (with its data-state), "link" (a visible link to the
# conditions pages in the checker) or "loading"; and the text a provider sees.
STATE = """() => {
  const root = document.querySelector("#checker");
  if (!root) return {state: "no-checker", text: document.body ? document.body.innerText.slice(0, 300) : ""};
  const visible = (el) => el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
  const link = [...root.querySelectorAll('a[href*="zorgaanbieders/"]')].some(visible);
  const state = root.dataset.state;
  return {state: state === "ready" ? "ready" : link ? (state === "error" ? "error" : "link") : state || "loading",
          text: root.innerText.trim().slice(0, 300)};
}"""


@dataclass
class Attempt:
    """One load of the checker page with one asset blocked."""

    asset: str
    context: BrowserContext
    page: Page
    blocked: bool = False
    outcome: dict[str, str] | None = None


def own_assets(browser: Browser, server: Server) -> list[str]:
    """Every file of this site the checker page requests on a normal load, the page itself excepted."""
    context = new_context(browser, Traffic())
    try:
        seen: list[str] = []
        context.on("request", lambda request: seen.append(request.url))
        page = context.new_page()
        page.goto(server.page_url("checker/"))
        page.wait_for_selector('#checker[data-state="ready"]', timeout=READY_TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    page_url = server.page_url("checker/")
    return sorted({url.split("#")[0] for url in seen if url.startswith(server.url) and url.split("#")[0] != page_url})


def start(browser: Browser, server: Server, asset: str) -> Attempt:
    context = new_context(browser, Traffic())
    attempt = Attempt(asset, context, page=None)  # type: ignore[arg-type]

    def block(route: Route) -> None:
        attempt.blocked = True
        route.abort("failed")

    context.route(lambda url: url.split("#")[0] == asset, block)
    attempt.page = context.new_page()
    attempt.page.goto(server.page_url("checker/"), wait_until="commit")
    return attempt


def settle(attempts: list[Attempt]) -> None:
    """Watch the pages until each is ready or offers the link, or LIMIT_S has passed."""
    deadline = time.monotonic() + LIMIT_S
    while True:
        waiting = False
        for attempt in attempts:
            try:
                now = attempt.page.evaluate(STATE)
            except Exception as error:  # a page still navigating has no document to ask
                now = {"state": "loading", "text": str(error)[:200]}
            attempt.outcome = now
            if now["state"] not in ("ready", "error", "link") or not attempt.blocked:
                waiting = True
        if not waiting or time.monotonic() > deadline:
            return
        attempts[0].page.wait_for_timeout(500)


def test_every_blocked_asset_ends_in_a_way_forward(browser: Browser, server: Server) -> None:
    assets = own_assets(browser, server)
    names = {urlsplit(a).path for a in assets}
    # The list is what the page really loads; these must be in it or the test proves little.
    assert any(n.endswith("checker.js") for n in names) and any(n.endswith(".wasm") for n in names), names
    problems: list[str] = []
    for first in range(0, len(assets), BATCH):
        attempts = [start(browser, server, asset) for asset in assets[first : first + BATCH]]
        try:
            settle(attempts)
        finally:
            for attempt in attempts:
                attempt.context.close()
        for attempt in attempts:
            path = urlsplit(attempt.asset).path
            outcome = attempt.outcome or {"state": "?", "text": ""}
            if not attempt.blocked:
                problems.append(f"{path}: niet opnieuw gevraagd, dus niet geblokkeerd (stand: {outcome['state']})")
            elif outcome["state"] not in ("ready", "error", "link"):
                problems.append(f"{path}: na {LIMIT_S} s nog {outcome['state']!r}: {outcome['text']!r}")
    assert not problems, "Zonder dit bestand blijft de checker hangen zonder uitweg:\n" + "\n".join(problems)
