"""Browser tests against the built site/: a local server, Debian's Chromium, and a page
that may only talk to that server.

The server, Chromium's arguments and the request recording live in tools/browser_env.py,
shared with the benchmark (tools/bench/); these are the pytest fixtures around them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from macros.config import pyodide_path
from tools import serve as hosting
from tools.browser_env import CHROMIUM, CHROMIUM_ARGS, Server, Traffic, new_context, serve

__all__ = ["READY_TIMEOUT_MS", "ROOT", "SITE", "Server", "Traffic", "new_context"]

ROOT = Path(__file__).resolve().parents[2]
# The built site; CHECKER_SITE_DIR points elsewhere only for trying the tests on a scratch build.
SITE = Path(os.environ.get("CHECKER_SITE_DIR", ROOT / "site")).resolve()
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


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return require_site()


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[Server]:
    with serve(site_dir) as running:
        yield running


class _HostedHandler(hosting.SiteHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="session")
def hosted_server(site_dir: Path) -> Iterator[Server]:
    """The site as `make serve` and a good host serve it: the headers of macros/headers.py (the
    CSP as an HTTP header, caching) and gzip, by the same code as tools/serve.py."""
    handler = functools.partial(_HostedHandler, gzip_cache=hosting.GzipCache())
    with serve(site_dir, handler, name="hosted-server") as running:  # type: ignore[arg-type]
        yield running


@pytest.fixture(scope="session")
def headerless_server(site_dir: Path) -> Iterator[Server]:
    """The site as a host without headers of its own serves it (GitHub Pages;
    `python -m tools.serve --no-headers`): only the <meta> CSP in each page protects it."""
    handler = functools.partial(_HostedHandler, gzip_cache=hosting.GzipCache(), send_headers=False)
    with serve(site_dir, handler, name="headerless-server") as running:  # type: ignore[arg-type]
        yield running


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


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


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
