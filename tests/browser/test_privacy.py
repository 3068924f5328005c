"""Privacy in a real browser: nothing a provider answers leaves the browser, no cookies,
and only this site's own files are fetched (the context fixture blocks any other host)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Request

from . import flows
from .conftest import Server, Traffic
from .ui import complete, open_checker


def test_answers_never_leave_the_browser(page: Page, context: BrowserContext, server: Server, site_dir: Path, traffic: Traffic) -> None:
    walk = flows.mailto_path(site_dir)
    typed = [s.value for s in walk.steps if s.type != "choice"]
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
