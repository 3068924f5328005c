"""What the Firefox and WebKit smoke tests (test_engines.py) share: the answers to give,
the preview server with its request log, a trap for requests to other hosts, a virtual
display, and the engines' install check.

Why not Playwright here: its Firefox and WebKit are patched builds it downloads; providers
use the real engines, and this project never downloads a browser. Debian's firefox-esr
(driven over WebDriver BiDi by puppeteer-core) and WebKitGTK (WebKitWebDriver with
MiniBrowser) are the engines of Firefox and Safari as shipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tools import flows
from tools.browser_env import LOCAL_HOST, Server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SMOKE_PLAN = (HERE / "smoke_plan.js").read_text(encoding="utf-8")
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = os.environ.get("XVFB", "/usr/bin/Xvfb")
INSTALL_HINT = "`make browsers` installeert het via apt (make test doet dat)."
# The kraamzorg flow is the one checked by hand in every engine (issue 17); any type will do.
PROVIDER = "kraamzorg"
# Bounds: one screen, the whole flow, and how many screens before we call it a loop.
STEP_TIMEOUT_S = 20.0
FLOW_TIMEOUT_S = 120.0
MAX_SCREENS = 200


def require(path: str, what: str) -> str:
    """The path of an installed engine part, or a failure (never a skip) saying how to get it."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"{what} ontbreekt op {path}: {INSTALL_HINT}", pytrace=False)
    return path


@dataclass(frozen=True)
class Flow:
    """The answers a provider gives, by the id a screen carries (data-question), and the
    verdict CPython gives for the shared walker's walk with those answers."""

    provider: str
    # A value, or the ticked boxes (a list) of a screen of checkboxes.
    answers: dict[str, Any]
    verdict: str


def smoke_flow(site: Path) -> Flow:
    policy = flows.load_policy(site)
    provider = PROVIDER if PROVIDER in policy.provider_types else next(iter(policy.provider_types))
    answers: dict[str, Any] = {}
    # Every question the walker would answer, not only those of today's walk: the page may
    # ask them in another order, or one to a screen.
    for qid, question in policy.questions.items():
        answers[qid] = flows.meets_first(policy, provider, question) if question.type == "choice" else flows.typed_value(policy, provider, question)
    # Then the walk itself, screen by screen: what it gave on each (a question or a page of them).
    walk = flows.walk(policy, provider)
    answers.update({step.id: step.value for step in walk.steps})
    return Flow(provider, answers, walk.verdict)


@dataclass(frozen=True)
class Request:
    client: str
    method: str
    path: str
    status: int


# The line http.server logs per request: `127.0.0.1 - - [date] "GET /path HTTP/1.1" 200 -`.
LOG_LINE = re.compile(r'^(?P<client>\S+) - - \[[^\]]*\] "(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>\d{3}) ')


@dataclass
class RequestLog:
    """Every request the preview server logged, with its status; other lines it printed."""

    requests: list[Request] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def read(self, line: str) -> None:
        found = LOG_LINE.match(line)
        if found:
            self.requests.append(Request(found["client"], found["method"], found["path"], int(found["status"])))
        elif line.strip():
            self.other.append(line.rstrip())

    def problems(self) -> list[str]:
        """Requests that failed (4xx/5xx) or came from anywhere but this machine."""
        return [f"{r.method} {r.path} → {r.status} (van {r.client})" for r in self.requests if r.status >= 400 or r.client != LOCAL_HOST]

    def paths(self) -> list[str]:
        return [urlsplit(r.path).path for r in self.requests]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def preview_server(site: Path) -> Iterator[tuple[Server, RequestLog]]:
    """The preview server itself (`python -m tools.serve`, as `make serve` runs it: the site's
    headers, gzip, its 404 page) on 127.0.0.1, with its request log. The log is complete
    when the block has ended (the server stopped and its output read to the end)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.serve", "--site", str(site), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    log = RequestLog()
    assert process.stderr is not None
    stream = process.stderr

    def read_log() -> None:
        for line in stream:
            log.read(line.decode(errors="replace"))

    reader = threading.Thread(target=read_log, name="engines-server-log", daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection((LOCAL_HOST, port), timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"De voorbeeldserver (tools/serve.py) startte niet op poort {port}: {' | '.join(log.other[-5:])}", pytrace=False)
            time.sleep(0.1)
        yield Server(url=f"http://{LOCAL_HOST}:{port}/", root=site), log
    finally:
        stop(process)
        reader.join(5)


class _TrapHandler(BaseHTTPRequestHandler):
    """Stands in for every other host: records what reached it and refuses it."""

    caught: list[str]

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:
            self.caught.append(f"{self.command} {self.path} (Host: {self.headers.get('Host', '')})")
        return ok

    def refuse(self) -> None:
        self.send_error(403, "Geen andere host in de tests")

    do_GET = do_HEAD = do_POST = do_PUT = do_OPTIONS = do_CONNECT = refuse

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@contextlib.contextmanager
def proxy_trap() -> Iterator[tuple[int, list[str]]]:
    """A proxy on 127.0.0.1 for the browser: a request that reaches it went to another host."""
    caught: list[str] = []
    handler = type("Trap", (_TrapHandler,), {"caught": caught})
    httpd = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="engines-trap", daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], caught
    finally:
        httpd.shutdown()
        httpd.server_close()


def stop(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """End a process we started and everything in its process group."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    # Children (browser content processes) may outlive their parent: end the group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)


@contextlib.contextmanager
def virtual_display() -> Iterator[str]:
    """An Xvfb display of our own (WebKitGTK has no headless mode), gone when the block ends."""
    require(XVFB, "Xvfb (pakket xvfb)")
    read, write = os.pipe()
    process = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write)
    try:
        number = b""
        deadline = time.monotonic() + 15
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read, 16) if ready else b""
            if not chunk:
                pytest.fail(f"Xvfb startte niet binnen 15 s (code {process.poll()}).", pytrace=False)
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read)
        stop(process)


@contextlib.contextmanager
def deadline(seconds: float, what: str, end: Callable[[], object]) -> Iterator[None]:
    """Run the block for at most `seconds`: then `end` stops the processes it waits on, and
    the test fails saying so. Why: Selenium waits for a hung driver without any limit."""
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        end()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as error:
        if fired.is_set():
            pytest.fail(f"{what} duurde langer dan {seconds:.0f} s en is gestopt ({type(error).__name__}).", pytrace=False)
        raise
    finally:
        timer.cancel()


def engine_env(**extra: str) -> dict[str, str]:
    """The environment for a browser we start: ours, with the driver's connection to
    127.0.0.1 kept off any proxy. Why drop XDG_RUNTIME_DIR when another user owns it: Firefox
    run as root (CI runs `sudo make test`) refuses to start in another user's session."""
    env = {**os.environ, "NO_PROXY": LOCAL_HOST, **extra}
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and (not os.path.isdir(runtime) or os.stat(runtime).st_uid != os.getuid()):
        env.pop("XDG_RUNTIME_DIR")
    return env


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("Node.js ontbreekt: de Firefox-test draait puppeteer-core met node.", pytrace=False)
    return found
