"""Serve the built site on 127.0.0.1 the way a good static host does (see README, Publiceren):
the headers of macros/headers.py (the Content-Security-Policy, caching), the MIME types, gzip
for text, WebAssembly and zip files, and the site's own 404 page. The browser tests use the
same handler, so what they test is what the host files in site/ ask for (tools/hosts.py).

`--no-headers` serves the site as a host without headers of its own (GitHub Pages): only the
<meta> CSP in each page protects it then.

It holds up as a host does: a bad request gets a status line (never a closed connection), an
idle connection is closed after a while, many clients at once wait in a long queue instead of
being refused, and a client that goes away prints no traceback."""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import os
import sys
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO, ClassVar
from urllib.parse import unquote, urlsplit

from macros.headers import CONTENT_TYPES, headers_for
from tools.hosts import HOST_FILES

MIME_TYPES = {
    **CONTENT_TYPES,
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".zst": "application/zstd",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
}
# What hosts compress: text of any kind, WebAssembly and the Python standard library's zip.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml", "application/wasm", "application/zip")
# Seconds a connection may stay silent before the server closes it.
IDLE_TIMEOUT = 15.0
# The longest file name most file systems allow, in bytes.
NAME_MAX = 255


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it)."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding:
            weights[coding.strip().lower()] = quality
    return weights.get("gzip", weights.get("*", 0.0)) > 0


class GzipCache:
    """Each file compressed once (and again only when it changes), shared by all requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[int, int, bytes | None]] = {}

    def get(self, path: Path) -> bytes | None:
        """The gzip body of a file, or None when gzip would not make it smaller."""
        stat = path.stat()
        with self._lock:
            cached = self._cache.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        data = path.read_bytes()
        # mtime=0: the same file always gives the same bytes.
        body: bytes | None = gzip.compress(data, compresslevel=6, mtime=0)
        if len(body) >= len(data):
            body = None
        with self._lock:
            self._cache[path] = (stat.st_mtime_ns, stat.st_size, body)
        return body


def bad_path(url_path: str) -> HTTPStatus | None:
    """Why a decoded URL path can name no file, as the status a host answers; None if it can."""
    if "\x00" in url_path:
        return HTTPStatus.BAD_REQUEST
    if any(len(segment.encode("utf-8", "surrogateescape")) > NAME_MAX for segment in url_path.split("/")):
        return HTTPStatus.NOT_FOUND
    return None


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    # Why these defaults: the base class answers a bad request line (`HTTP/9.9`, a line too
    # long, no version) before it sets the path and version. The headers of that answer are
    # chosen by path, and for version HTTP/0.9 it would send no status line at all.
    path = ""
    default_request_version = "HTTP/1.0"

    def __init__(self, *args: Any, gzip_cache: GzipCache, send_headers: bool = True, timeout: float = IDLE_TIMEOUT, **kwargs: Any) -> None:
        # Set before the base class handles the request inside its __init__.
        self.gzip_cache = gzip_cache
        self.send_headers = send_headers
        # The socket timeout: a client that sends nothing for this long is closed.
        self.timeout = timeout
        self._rule_headers: dict[str, tuple[str, str]] = {}
        self._sent: set[str] = set()
        self._vary: str | None = None
        super().__init__(*args, **kwargs)

    def _url_path(self) -> str:
        return unquote(urlsplit(self.path).path) or "/"

    # -- headers: the definition's headers win over the handler's own, as on a host ------------

    def send_response(self, code: int, message: str | None = None) -> None:
        found = headers_for(self._url_path()) if self.send_headers else ()
        self._rule_headers = {h.name.lower(): (h.name, h.value) for h in found}
        self._sent = set()
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        key = keyword.lower()
        if key in self._rule_headers:
            if key in self._sent:
                return
            keyword, value = self._rule_headers[key]
        self._sent.add(key)
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        for key, (name, value) in self._rule_headers.items():
            if key not in self._sent:
                self.send_header(name, value)
        if self._vary and "vary" not in self._sent:
            self.send_header("Vary", self._vary)
        super().end_headers()

    # -- files: gzip when the client accepts it; no listings; host files stay private -----------

    def send_head(self) -> BinaryIO | None:
        self._vary = None
        url_path = self._url_path()
        refused = bad_path(url_path) or (HTTPStatus.NOT_FOUND if Path(url_path).name in HOST_FILES else None)
        if refused:
            self.send_error(refused)
            return None
        try:
            return self._send_file(url_path)
        except (OSError, ValueError):
            # Why: a name the file system refuses (too long, a byte it cannot hold) is no file.
            self.send_error(HTTPStatus.NOT_FOUND)
            return None

    def _send_file(self, url_path: str) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or not content_type.startswith(COMPRESSIBLE):
            return super().send_head()
        vary = "Accept-Encoding"
        body = self.gzip_cache.get(path) if accepts_gzip(self.headers.get("Accept-Encoding", "")) else None
        if body is None:
            # Why Vary on the plain answer too: a cache must not hand it to a gzip client.
            self._vary = vary
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Vary", vary)
        self.end_headers()
        return io.BytesIO(body)

    def log_error(self, format: str, *args: Any) -> None:
        # Why quiet: a browser keeps spare connections open and lets them time out; that is no error.
        if not format.startswith("Request timed out"):
            super().log_error(format, *args)

    def list_directory(self, path: str | os.PathLike[str]) -> BinaryIO | None:
        # Why: a static host shows no folder listings.
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Why: a static host shows the site's own 404 page, so the preview does too.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class PreviewServer(ThreadingHTTPServer):
    """A thread per connection, none of them keeping the server from stopping."""

    # Why a long queue: with the default of 5 the kernel drops connections that arrive at once
    # beyond it, and a client retries those only after 1, 3, 7, 15, 31 seconds.
    request_queue_size = 1024
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Why quiet: a browser that closes a tab or cancels a download is no fault of the server.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


def make_handler(site: Path, send_headers: bool = True, timeout: float = IDLE_TIMEOUT) -> functools.partial[SiteHandler]:
    """A handler class for the site; `send_headers` False sends none of macros/headers.py."""
    return functools.partial(SiteHandler, directory=str(site), gzip_cache=GzipCache(), send_headers=send_headers, timeout=timeout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.serve")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--port", type=int, default=8000, help="0: een vrije poort")
    parser.add_argument("--no-headers", action="store_true", help="zonder eigen headers, zoals GitHub Pages: alleen de CSP in elke pagina")
    parser.add_argument("--timeout", type=float, default=IDLE_TIMEOUT, help="seconden stilte waarna een verbinding sluit")
    args = parser.parse_args(argv)
    handler = make_handler(args.site, send_headers=not args.no_headers, timeout=args.timeout)
    with PreviewServer(("127.0.0.1", args.port), handler) as server:
        print(f"De site staat op http://127.0.0.1:{server.server_address[1]}/ (stoppen met Ctrl+C)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
