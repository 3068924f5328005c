"""Browser tests against the built site/: a local server, Debian's Chromium, and a page
that may only talk to that server.

Why a ThreadingHTTPServer of our own: Pyodide needs `.wasm` served as application/wasm
and `.mjs` as JavaScript, and the tests must see every request; mkdocs serve rebuilds.
Why block other hosts instead of only recording them: a page that silently loads a
font or script from a CDN would pass offline machines and fail the site's promise.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Route, sync_playwright

from macros import serve
from macros.config import pyodide_path

ROOT = Path(__file__).resolve().parents[2]
# The built site; CHECKER_SITE_DIR points elsewhere only for trying the tests on a scratch build.
SITE = Path(os.environ.get("CHECKER_SITE_DIR", ROOT / "site")).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium's own background requests (Google services) go to a closed local port, so
    # nothing leaves the machine even where a network exists; the site is on 127.0.0.1.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
]
LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the browser.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome-error")
READY_TIMEOUT_MS = 60_000


def require_site() -> Path:
    """The built site, or a failure that says how to build it."""
    missing = [p for p in ("index.html", "checker/index.html", "assets/checker/manifest.json") if not (SITE / p).is_file()]
    if missing:
        pytest.fail(
            f"De gebouwde site ontbreekt of is onvolledig in {SITE} (mist: {', '.join(missing)}). Draai eerst `make build` (make test doet dat).",
            pytrace=False,
        )
    if not (SITE / pyodide_path(ROOT) / "pyodide.asm.wasm").is_file():
        pytest.fail(f"Pyodide ontbreekt in {SITE}/{pyodide_path(ROOT)}: draai `make build`.", pytrace=False)
    return SITE


class _SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012  (the base class declares it as a plain dict)
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
        ".html": "text/html; charset=utf-8",
    }

    def end_headers(self) -> None:
        # Every test sees the current build, never a cached one.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@dataclass
class Server:
    url: str
    root: Path

    def page_url(self, path: str) -> str:
        return self.url + path.lstrip("/")


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return require_site()


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[Server]:
    yield from _serve(functools.partial(_SiteHandler, directory=str(site_dir)), site_dir)


class _HostedHandler(serve.SiteHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="session")
def hosted_server(site_dir: Path) -> Iterator[Server]:
    """The site as `make serve` and a good host serve it: the headers of docs/_headers (the CSP
    as an HTTP header, caching) and gzip, by the same code as macros/serve.py."""
    rules = serve.read_header_rules(ROOT / "docs" / "_headers")
    yield from _serve(functools.partial(_HostedHandler, directory=str(site_dir), rules=rules, gzip_cache=serve.GzipCache()), site_dir)


def _serve(handler: functools.partial[SimpleHTTPRequestHandler], site_dir: Path) -> Iterator[Server]:
    httpd = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    port = httpd.server_address[1]
    try:
        yield Server(url=f"http://{LOCAL_HOST}:{port}/", root=site_dir)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: `make chromium` installeert het via apt.", pytrace=False)
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Traffic:
    """Every request a page made, and those that went (or tried to go) elsewhere."""

    urls: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or (parts.scheme in ("http", "https", "ws") and parts.hostname == LOCAL_HOST)

    def saw(self, url: str) -> None:
        self.urls.append(url)
        if not self.is_local(url):
            self.foreign.append(url)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


def _is_foreign(url: str) -> bool:
    return not Traffic().is_local(url)


def new_context(browser: Browser, traffic: Traffic) -> BrowserContext:
    """A fresh context (no cache, no storage) that records and blocks other hosts."""
    context = browser.new_context(locale="nl-NL", service_workers="block")
    context.set_default_timeout(15_000)

    def block(route: Route) -> None:
        if route.request.url not in traffic.foreign:
            traffic.saw(route.request.url)
        route.abort("blockedbyclient")

    def record(request: Request) -> None:
        if request.url not in traffic.foreign:
            traffic.saw(request.url)

    context.on("request", record)
    context.route(_is_foreign, block)
    return context


@pytest.fixture
def context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    context = new_context(browser, traffic)
    yield context
    context.close()
    assert not traffic.foreign, "Verzoeken naar een andere host dan de eigen site:\n" + "\n".join(traffic.foreign)
    assert not traffic.page_errors, "JavaScript-fouten op de pagina:\n" + "\n".join(traffic.page_errors)


@pytest.fixture
def page(context: BrowserContext, traffic: Traffic) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    page.on("console", lambda msg: traffic.console_errors.append(msg.text) if msg.type == "error" else None)
    return page
