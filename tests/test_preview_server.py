"""`make serve` holds up as a host does (tools/serve.py): a bad request gets a status line, an
idle connection is closed, 200 clients at once are all served quickly, and a client that goes
away prints no traceback. Raw sockets to 127.0.0.1 only, a few of each, every one with a timeout.

The server runs as `python -m tools.serve` in its own process, on a small site in tmp, so what
it prints is what a person running `make serve` sees."""

from __future__ import annotations

import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.headers import csp

from .conftest import ROOT

IDLE_SECONDS = 1.0
SOCKET_TIMEOUT = 10.0
NOT_FOUND_PAGE = b"<!doctype html><title>Niet gevonden</title>"


@dataclass
class Running:
    port: int
    log: Path

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=SOCKET_TIMEOUT)


def read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def ask(server: Running, request: bytes) -> tuple[str, dict[str, str], bytes]:
    """The status line, headers and body the server answers to one raw request."""
    with server.connect() as sock:
        sock.sendall(request)
        answer = read_all(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, {name.lower(): value for name, _, value in (line.partition(": ") for line in lines)}, body


def start(site: Path, log: Path, *args: str) -> tuple[subprocess.Popen[str], Running]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.serve", "--site", str(site), "--port", "0", "--timeout", str(IDLE_SECONDS), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
    assert match, f"de server meldt geen adres: {first!r} {log.read_text()}"
    return process, Running(int(match.group(1)), log)


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<!doctype html><title>Thuis</title>", encoding="utf-8")
    (site / "404.html").write_bytes(NOT_FOUND_PAGE)
    (site / "a.wasm").write_bytes(b"\0asm" + b"\1" * 4000)
    # Big and not compressed: the server is still sending when the client goes away.
    (site / "groot.bin").write_bytes(os.urandom(8 * 1024 * 1024))
    return site


@pytest.fixture(scope="module")
def server(small_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    process, running = start(small_site, tmp_path_factory.mktemp("log") / "stderr.txt")
    yield running
    stop(process)


@pytest.mark.parametrize(
    ("request_line", "code"),
    [
        # The base class answered these before it knew the path, and sent no status line.
        (b"GET / HTTP/9.9", 505),
        (b"GARBAGE", 400),
        (b"GET /%00 HTTP/1.0", 400),
        (b"GET /checker/%00/index.html HTTP/1.1", 400),
        (b"GET /" + b"a" * 256 + b"/ HTTP/1.0", 404),
        (b"GET /" + b"%C3%A9" * 128 + b".html HTTP/1.0", 404),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.0", 414),
    ],
    ids=["http-9.9", "no-method", "nul", "nul-in-folder", "segment-256-bytes", "segment-256-bytes-utf8", "line-too-long"],
)
def test_a_bad_request_gets_a_status_line_with_the_sites_headers(server: Running, request_line: bytes, code: int) -> None:
    status, headers, body = ask(server, request_line + b"\r\nHost: 127.0.0.1\r\n\r\n")
    assert re.fullmatch(rf"HTTP/1\.[01] {code} .+", status), status
    assert headers["content-security-policy"] == csp()
    if code == 404:
        assert body == NOT_FOUND_PAGE
    # The server is still there for the next visitor.
    assert ask(server, b"GET / HTTP/1.0\r\n\r\n")[0] == "HTTP/1.0 200 OK"


def test_an_idle_connection_is_closed(server: Running) -> None:
    for opening in (b"", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"):
        with server.connect() as sock:
            sock.sendall(opening)
            began = time.monotonic()
            assert read_all(sock) == b""
            assert IDLE_SECONDS * 0.8 < time.monotonic() - began < IDLE_SECONDS + 5
    # A browser's spare connections time out all the time: no line about it in the log.
    assert "timed out" not in server.log.read_text(encoding="utf-8")


def test_two_hundred_clients_at_once_are_served_without_waiting(server: Running) -> None:
    """With the default listen queue of 5, the kernel dropped most of a burst and the
    clients retried after 1, 3, 7, 15 and 31 seconds."""
    clients = 200
    ready = threading.Barrier(clients)
    waited: list[float] = []
    statuses: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        ready.wait(timeout=30)
        began = time.monotonic()
        try:
            status = ask(server, b"GET /a.wasm HTTP/1.0\r\n\r\n")[0]
        except OSError as error:
            status = repr(error)
        with lock:
            waited.append(time.monotonic() - began)
            statuses.append(status)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == ["HTTP/1.0 200 OK"] * clients, sorted(set(statuses))
    assert max(waited) < 3.0, f"langste wachttijd {max(waited):.1f} s"


def test_a_client_that_goes_away_prints_no_traceback(server: Running) -> None:
    for _ in range(4):
        with server.connect() as sock:
            sock.sendall(b"GET /groot.bin HTTP/1.0\r\n\r\n")
            assert sock.recv(1024).startswith(b"HTTP/1.0 200")
            # Close with a reset (linger 0), as a browser does when a tab closes mid-download.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # A last, whole request: by its answer the server has handled the ones before.
    time.sleep(0.5)
    assert ask(server, b"GET / HTTP/1.0\r\n\r\n")[0] == "HTTP/1.0 200 OK"
    log = server.log.read_text(encoding="utf-8")
    assert "GET /groot.bin" in log
    assert "Traceback" not in log and "BrokenPipe" not in log and "ConnectionReset" not in log, log


def test_without_headers_the_server_sends_only_what_any_host_sends(small_site: Path, tmp_path: Path) -> None:
    """`--no-headers`: as GitHub Pages, no CSP or other header of the site's own; MIME types stay right."""
    process, running = start(small_site, tmp_path / "stderr.txt", "--no-headers")
    try:
        status, headers, _ = ask(running, b"GET /a.wasm HTTP/1.0\r\n\r\n")
    finally:
        stop(process)
    assert status == "HTTP/1.0 200 OK"
    assert headers["content-type"] == "application/wasm"
    assert not {"content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"} & set(headers)
