"""The browser tests' server (tools/browser_env.py) with a log of every response body it
sent, for the page weight and the bytes of a second visit."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tools import browser_env
from tools.browser_env import SiteHandler, no_store


@dataclass
class Sent:
    path: str  # URL path as requested
    file: Path | None  # the file served, None for errors
    status: int
    bytes: int
    at: float  # time.perf_counter() when the body was written
    received: float = 0.0  # time.time() when the request came in (the browser's clock too)


class _RecordingHandler(SiteHandler):
    """The browser tests' handler (MIME types for .wasm/.mjs, no-store), plus a log of
    every response body it sent, for the page weight."""

    sent_log: list[Sent]
    lock: threading.Lock

    def do_GET(self) -> None:
        received = time.time()
        self._status = 0
        self._bytes = 0
        self._file: Path | None = None
        super().do_GET()
        with self.lock:
            self.sent_log.append(Sent(urlsplit(self.path).path, self._file, self._status, self._bytes, time.perf_counter(), received))

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        # A page closed mid-download (the phone profile's slow network, a new context) is
        # not a failure of the bench: log what was sent, print no traceback.
        try:
            outputfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        self._bytes = len(data)
        served = Path(self.translate_path(self.path))
        self._file = served / "index.html" if served.is_dir() else served


@dataclass
class Server:
    url: str
    log: list[Sent]
    lock: threading.Lock

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def since(self, start: int) -> list[Sent]:
        with self.lock:
            return list(self.log[start:])


@contextlib.contextmanager
def serve(root: Path, cache_control: Callable[[str], str] = no_store) -> Iterator[Server]:
    """The tests' server (tools/browser_env.py) with a log of what it sent; no-store unless
    told otherwise (the second visits get the caching README recommends)."""
    log: list[Sent] = []
    lock = threading.Lock()
    handler_class = type("Handler", (_RecordingHandler,), {"sent_log": log, "lock": lock, "cache_control": staticmethod(cache_control)})
    with browser_env.serve(root, handler_class, name="bench-server") as running:
        yield Server(running.url, log, lock)
