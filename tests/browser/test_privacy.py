"""Privacy in a real browser: nothing a provider answers leaves the browser, no cookies,
and only this site's own files are fetched (the context fixture blocks any other host)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response

from tools import flows
from tools.browser_env import serve

from . import test_offline as offline
from .conftest import Server, Traffic
from .ui import complete, open_checker


def test_answers_never_leave_the_browser(page: Page, context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    walk = flows.mailto_path(site_dir)
    # What the provider typed (AGB code, practice name): never in a request.
    typed = [s.value for s in walk.steps if "input" in s.question]
    assert typed, "the walk types nothing"
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    open_checker(page, server)
    complete(page, walk)
    assert any(r.url.endswith(".wasm") for r in requests), "Pyodide was not loaded from this site"
    for request in requests:
        parts = urlsplit(request.url)
        assert request.method == "GET", f"{request.method} {request.url}"
        assert parts.hostname == "127.0.0.1", request.url
        assert not parts.query, f"a request carries data: {request.url}"
        assert request.post_data is None
        for value in typed:
            assert value not in request.url
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert not traffic.foreign


def test_no_page_sets_a_cookie(page: Page, context: BrowserContext, server: Server, site_dir: Path) -> None:
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        if rel.startswith("assets"):
            continue
        page.goto(server.page_url("" if rel == "." else rel + "/"))
        assert page.evaluate("document.cookie") == "", rel
    assert context.cookies() == []


# -- the Content-Security-Policy as the host sends it (macros/headers.py), and without ------
# `headerless_server` is `python -m tools.serve --no-headers`: a host without headers of its
# own (GitHub Pages), where only the <meta> CSP in each page protects the site.

CSP_VIOLATION = "Content Security Policy"
TEST_HOSTS = ("127.0.0.1", "127.0.0.2")
# Runs inside the checker's worker: one request to another origin and one JavaScript eval.
# Why the eval waits for a timer: DevTools lets code it evaluates itself use eval despite the
# CSP (allowUnsafeEvalBlockedByCSP); a timer runs it as the worker's own code.
PROBE = """async (url) => {
  const out = {violated: []};
  self.addEventListener("securitypolicyviolation", (event) => out.violated.push(event.effectiveDirective));
  try { await fetch(url, {mode: "no-cors", cache: "no-store"}); out.fetch = "sent"; } catch (error) { out.fetch = "blocked"; }
  out.eval = await new Promise((resolve) => setTimeout(() => {
    try { resolve((0, eval)("1") === 1 ? "ran" : "odd"); } catch (error) { resolve("blocked"); }
  }, 0));
  await new Promise((resolve) => setTimeout(resolve, 100));  // violation events are queued
  out.violated.sort();
  return out;
}"""


class _ProbeHandler(BaseHTTPRequestHandler):
    """A server on another origin (127.0.0.2) that counts what reaches it."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"<!doctype html><title>elders</title>" + (
            f'<iframe title="checker" src="{self.server.frame_url}"></iframe>'.encode() if self.path.startswith("/frame") else b""  # type: ignore[attr-defined]
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def other_origin() -> Iterator[ThreadingHTTPServer]:
    _ProbeHandler.hits.clear()
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), _ProbeHandler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, name="other-origin", daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _local_context(browser: Browser) -> BrowserContext:
    """A fresh context that may reach 127.0.0.1 and 127.0.0.2 only (the two test servers)."""
    context = browser.new_context(locale="nl-NL", service_workers="block")
    context.set_default_timeout(15_000)
    context.route(lambda url: urlsplit(url).hostname not in TEST_HOSTS and urlsplit(url).scheme in ("http", "https", "ws", "wss"), lambda route: route.abort())
    return context


def _probe_worker(browser: Browser, site: Server, probe_url: str) -> dict[str, object]:
    """Open the checker and run PROBE in its worker."""
    context = _local_context(browser)
    try:
        page = context.new_page()
        open_checker(page, site)
        # Material's search has a worker too; the probe runs in the checker's.
        workers = [worker for worker in page.workers if "checker" in urlsplit(worker.url).path]
        assert workers, f"de checker draait niet in een worker: {[w.url for w in page.workers]}"
        return workers[0].evaluate(PROBE, probe_url)
    finally:
        context.close()


def test_the_hosts_csp_keeps_the_worker_from_other_origins_and_eval(
    browser: Browser, headerless_server: Server, hosted_server: Server, other_origin: ThreadingHTTPServer
) -> None:
    """A <meta> CSP does not reach the checker's worker; the header from macros/headers.py
    does, so a compromised worker can neither send answers elsewhere nor run strings as code."""
    probe_url = f"http://127.0.0.2:{other_origin.server_address[1]}/probe"
    # Without the header (only the <meta> tag) the worker reaches the other server: the
    # probe works, and this is the gap the header closes.
    outcome = _probe_worker(browser, headerless_server, probe_url)
    assert outcome == {"fetch": "sent", "eval": "ran", "violated": []}, outcome
    assert _ProbeHandler.hits == ["/probe"]
    _ProbeHandler.hits.clear()
    # As the host serves it: both blocked by the policy, and nothing reaches the other server.
    outcome = _probe_worker(browser, hosted_server, probe_url)
    assert outcome == {"fetch": "blocked", "eval": "blocked", "violated": ["connect-src", "script-src"]}, outcome
    assert _ProbeHandler.hits == []


def _shows_checker_in_a_frame(browser: Browser, site: Server, other_origin: ThreadingHTTPServer) -> bool:
    """Whether a page on another origin can show the checker page in an iframe."""
    other_origin.frame_url = site.page_url("checker/")  # type: ignore[attr-defined]
    context = _local_context(browser)
    try:
        page = context.new_page()
        # The load event waits for the iframe, loaded or refused.
        page.goto(f"http://127.0.0.2:{other_origin.server_address[1]}/frame", wait_until="load")
        framed = [frame for frame in page.frames if frame is not page.main_frame]
        assert len(framed) == 1, "de testpagina heeft geen iframe"
        return framed[0].query_selector("#checker") is not None
    finally:
        context.close()


def test_no_other_site_can_frame_the_checker(browser: Browser, headerless_server: Server, hosted_server: Server, other_origin: ThreadingHTTPServer) -> None:
    """frame-ancestors works only as a header: with the <meta> tag alone another site can
    frame the checker (and overlay it); as the host serves it, the browser refuses."""
    assert _shows_checker_in_a_frame(browser, headerless_server, other_origin)
    assert not _shows_checker_in_a_frame(browser, hosted_server, other_origin)


def test_the_checker_boots_as_the_host_serves_it(page: Page, context: BrowserContext, hosted_server: Server, site_dir: Path) -> None:
    """Pyodide boots and answers under the header CSP, with gzip and the cache rules of macros/headers.py."""
    responses: list[Response] = []
    complaints: list[str] = []
    context.on("response", lambda response: responses.append(response))
    page.on("console", lambda msg: complaints.append(msg.text) if CSP_VIOLATION in msg.text else None)
    open_checker(page, hosted_server)
    complete(page, flows.refused_path(site_dir))
    assert complaints == []
    by_name = {urlsplit(r.url).path.rsplit("/", 1)[-1]: r for r in responses}
    wasm = by_name["pyodide.asm.wasm"]
    assert wasm.header_value("content-encoding") == "gzip"
    assert "immutable" in (wasm.header_value("cache-control") or "")
    worker = next(r for name, r in by_name.items() if "checker" in name and "worker" in name)
    assert "frame-ancestors 'none'" in (worker.header_value("content-security-policy") or "")


# Runs in the checker page: a script from another origin and an inline script, as injected
# markup would add them. Both must stay out, with or without the host's headers.
INJECT = """async (url) => {
  window.__injected = false;
  const foreign = await new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve("ran");
    script.onerror = () => resolve("blocked");
    document.head.append(script);
  });
  const inline = document.createElement("script");
  inline.textContent = "window.__injected = true;";
  document.head.append(inline);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {foreign, inline: window.__injected ? "ran" : "blocked"};
}"""


@pytest.mark.parametrize("headers", [True, False], ids=["met-headers", "alleen-meta-csp"])
def test_what_holds_with_and_without_the_hosts_headers(
    browser: Browser, hosted_server: Server, headerless_server: Server, other_origin: ThreadingHTTPServer, site_dir: Path, headers: bool
) -> None:
    """The checker reaches a verdict on both kinds of host, and the <meta> CSP alone still keeps
    scripts of other origins and inline scripts out of the page. Only the headers add the CSP
    for the worker and frame-ancestors (the tests above)."""
    site = hosted_server if headers else headerless_server
    context = _local_context(browser)
    try:
        page = context.new_page()
        first = page.goto(site.page_url("checker/"))
        assert first is not None
        assert ("content-security-policy" in first.headers) is headers
        open_checker(page, site)
        complete(page, flows.refused_path(site_dir))
        outcome = page.evaluate(INJECT, f"http://127.0.0.2:{other_origin.server_address[1]}/script.js")
    finally:
        context.close()
    assert outcome == {"foreign": "blocked", "inline": "blocked"}, outcome
    assert _ProbeHandler.hits == []


def test_open_data_feed_and_whole_policy_stay_on_this_site(page: Page, context: BrowserContext, server: Server, traffic: Traffic) -> None:
    """The new pages and files (issue 17) load nothing from another host and set no cookie."""
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    for url in ("open-data/", "beleid/het-hele-beleid/", "2024/open-data/", "open-data/beleid.json", "wijzigingen.xml"):
        response = page.goto(server.page_url(url))
        assert response is not None and response.ok, url
        page.wait_for_load_state("load")
    assert requests and all(urlsplit(r.url).hostname == "127.0.0.1" for r in requests), [r.url for r in requests]
    assert not traffic.foreign
    assert context.cookies() == []


# -- the service worker (offline use) -----------------------------------------------------


@pytest.mark.parametrize("path", ["checker/", "procedure/"])
def test_the_service_worker_asks_no_other_host(browser: Browser, site_dir: Path, tmp_path: Path, traffic: Traffic, path: str) -> None:
    """Offline use (tests/browser/test_offline.py): the service worker and all it keeps come from this site only."""
    with offline.offline_context(browser, traffic) as context, serve(offline.served_link(tmp_path, site_dir), offline.NoCacheHandler) as server:
        page = offline.new_page(context, traffic)
        if path == "checker/":
            open_checker(page, server)
            page.wait_for_selector(offline.KEPT, state="attached")  # every file the checker needs fetched and kept
        else:
            page.goto(server.page_url(path))
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.wait_for_load_state("networkidle")
    assert any("/service-worker.js" in url for url in traffic.urls)
