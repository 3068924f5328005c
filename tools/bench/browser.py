"""Chromium for the bench: Debian's, with the browser tests' arguments, behind a dead
proxy; a fresh page with the in-page clock, a load until ready, and a second visit."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

from tools.browser_env import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOST, Traffic

from .pages import MARKS_JS
from .server import Server
from .settings import READY_TIMEOUT_MS


@dataclass
class Load:
    """One page load: in-page ms to ready, the worker's own ms, wall-clock ms."""

    ready_ms: float
    worker_ms: float
    wall_ms: float
    marks: dict[str, float]


@contextlib.contextmanager
def dead_proxy() -> Iterator[tuple[str, list[str]]]:
    """A "proxy" on 127.0.0.1 that answers nothing: Chromium is started with it for every
    host but 127.0.0.1, so no request (the browser's own background requests included)
    leaves the machine, and each attempt is recorded by its request line."""
    attempts: list[str] = []
    listener = socket.create_server((LOCAL_HOST, 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    attempts.append(conn.recv(512).split(b"\r\n", 1)[0].decode("latin-1"))

    thread = threading.Thread(target=accept, name="dead-proxy", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{listener.getsockname()[1]}", attempts
    finally:
        stop.set()
        thread.join()
        listener.close()


def launch(pw: Playwright, proxy: str) -> Browser:
    """Debian's Chromium with the browser tests' arguments. Other hosts are kept out by
    the dead proxy rather than by routing requests through Playwright: interception
    delays every request, the checker page's 26 more than the bare page's 8."""
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=chromium_args(proxy))


def chromium_args(proxy: str) -> list[str]:
    return [*(a for a in CHROMIUM_ARGS if not a.startswith("--proxy")), f"--proxy-server={proxy}", f"--proxy-bypass-list={LOCAL_HOST}"]


@contextlib.contextmanager
def fresh_page(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A new context: empty cache, no storage, every request recorded (not intercepted)."""
    context = browser.new_context(locale="nl-NL", service_workers="block")
    context.set_default_timeout(30_000)
    context.add_init_script(MARKS_JS)
    context.on("request", lambda request: traffic.saw(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


def load_until_ready(page: Page, url: str, root: str) -> Load:
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(f'#{root}[data-state="ready"], #{root}[data-state="error"]', state="attached", timeout=READY_TIMEOUT_MS)
    wall = (time.perf_counter() - started) * 1000
    state = page.get_attribute(f"#{root}", "data-state")
    if state != "ready":
        raise RuntimeError(f"{url}: #{root} is in state {state!r}, not ready")
    marks = page.evaluate("() => ({ ...window.__bench })")
    worker = float(page.get_attribute(f"#{root}", "data-load-ms") or "nan")
    marks["wasm"] = float(page.get_attribute(f"#{root}", "data-wasm-ms") or "nan")
    return Load(marks["ready"], worker, wall, marks)


def measure_load(browser: Browser, traffic: Traffic, url: str, root: str) -> Load:
    with fresh_page(browser, traffic) as page:
        return load_until_ready(page, url, root)


@dataclass
class Revisit:
    first: Load
    second: Load
    sent: int  # bytes the server sent for the second visit


@contextlib.contextmanager
def visitor_page(pw: Playwright, proxy: str, traffic: Traffic, profile: Path, service_workers: str) -> Iterator[Page]:
    """A page in a browser with a profile on disk. Why: as a visitor's browser, it keeps its
    HTTP cache, the service worker's cache and the compiled WebAssembly between visits (a
    fresh context's cache lives in memory and keeps no 9 MB file)."""
    shutil.rmtree(profile, ignore_errors=True)
    context = pw.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=chromium_args(proxy), locale="nl-NL", service_workers=service_workers
    )
    try:
        context.set_default_timeout(30_000)
        context.add_init_script(MARKS_JS)
        context.on("request", lambda request: traffic.saw(request.url))
        page = context.new_page()
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        yield page
    finally:
        context.close()


def measure_revisit(pw: Playwright, proxy: str, traffic: Traffic, server: Server, url: str, root: str, profile: Path) -> Revisit:
    """A first visit and then a second one, from a server that sends the caching README
    recommends (Pyodide's folder immutable), with the service worker blocked: the HTTP cache alone."""
    with visitor_page(pw, proxy, traffic, profile, "block") as page:
        first = load_until_ready(page, url, root)
        page.wait_for_timeout(2000)  # the browser stores the compiled WebAssembly after its first use
        page.goto("about:blank")
        start = server.mark()
        second = load_until_ready(page, url, root)
        return Revisit(first, second, sum(s.bytes for s in server.since(start)))
