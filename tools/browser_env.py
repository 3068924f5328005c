"""The local server and the browser, shared by the browser tests (tests/browser/conftest.py)
and the benchmark (tools/bench/): one definition of how the built site is served and
how Chromium is started, so the bench measures what the tests check.

Why a ThreadingHTTPServer of our own: Pyodide needs `.wasm` served as application/wasm
and `.mjs` as JavaScript, and the tests must see every request; mkdocs serve rebuilds.
Why block other hosts instead of only recording them: a page that silently loads a
font or script from a CDN would pass offline machines and fail the site's promise.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Request, Route

from tools.serve import MIME_TYPES

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOST = "127.0.0.1"
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
    f"--proxy-bypass-list={LOCAL_HOST}",
]
# Schemes that never leave the browser.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome-error")
NO_STORE = "no-store"
# What README (Publiceren) tells a host to send: Pyodide's versioned folder cached forever.
IMMUTABLE = "public, max-age=31536000, immutable"


def no_store(path: str) -> str:
    """Every test sees the current build, never a cached one."""
    return NO_STORE


def as_published(path: str) -> str:
    """The caching README recommends: the versioned Pyodide folder forever, the rest briefly."""
    return IMMUTABLE if path.startswith("/assets/pyodide/") else "public, max-age=300"


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the MIME types a host must send, and a Cache-Control per path."""

    # The same MIME types as `make serve` (tools/serve.py), so tests see what hosts send.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}  # noqa: RUF012
    cache_control: Callable[[str], str] = staticmethod(no_store)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", type(self).cache_control(urlsplit(self.path).path))
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@dataclass
class Server:
    url: str
    root: Path

    def page_url(self, path: str) -> str:
        return self.url + path.lstrip("/")


@contextlib.contextmanager
def serve(root: Path, handler_class: type[SiteHandler] = SiteHandler, name: str = "site-server") -> Iterator[Server]:
    """Serve `root` on 127.0.0.1 (a free port) in a thread, until the block ends."""
    handler = functools.partial(handler_class, directory=str(root))
    httpd = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield Server(url=f"http://{LOCAL_HOST}:{httpd.server_address[1]}/", root=root)
    finally:
        httpd.shutdown()
        httpd.server_close()


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


def is_foreign(url: str) -> bool:
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
    context.route(is_foreign, block)
    return context
