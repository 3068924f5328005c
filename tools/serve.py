"""Serve the built site on 127.0.0.1 the way a good static host does (see README, Publiceren):
the headers of `_headers` (the Content-Security-Policy, caching, MIME types), gzip for text,
WebAssembly and zip files, and the site's own 404 page. The browser tests use the same handler,
so the example `docs/_headers` is exactly what they test."""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import os
import re
import sys
import threading
from dataclasses import dataclass
from email.utils import formatdate
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO, ClassVar
from urllib.parse import unquote, urlsplit

MIME_TYPES = {
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
# What hosts compress: text of any kind, WebAssembly and the Python standard library's zip.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml", "application/wasm", "application/zip")
# Files the host reads itself and never serves.
HOST_FILES = frozenset({"_headers"})


@dataclass(frozen=True)
class HeaderRule:
    """One block of a `_headers` file: a URL pattern and the headers for every path it matches."""

    pattern: str
    headers: tuple[tuple[str, str], ...]
    # Cloudflare's `! Name`: drop a header an earlier, broader rule set.
    detach: tuple[str, ...]
    line: int

    def matches(self, path: str) -> bool:
        return _pattern_regex(self.pattern).fullmatch(path) is not None


@functools.cache
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    # Why this syntax: Netlify and Cloudflare Pages both read `*` as "anything, slashes too"
    # and `:name` as one path segment.
    parts = re.split(r"(\*|:[A-Za-z_]\w*)", pattern)
    return re.compile("".join(".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in parts))


class HeadersFileError(ValueError):
    """A `_headers` file the hosts would misread; the message is one Dutch line."""


def read_header_rules(path: Path) -> list[HeaderRule]:
    """The rules of a `_headers` file (Netlify / Cloudflare Pages format), in file order."""
    rules: list[HeaderRule] = []
    pattern: str | None = None
    start = 0
    headers: list[tuple[str, str]] = []
    detach: list[str] = []

    def close() -> None:
        if pattern is not None:
            if not headers and not detach:
                raise HeadersFileError(f"{path}:{start}: het pad {pattern} heeft geen headers. Zet eronder ingesprongen regels `Naam: waarde`.")
            rules.append(HeaderRule(pattern, tuple(headers), tuple(detach), start))

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if not raw[0].isspace():
            # Why only site-root paths: an absolute URL would tie the example to one domain.
            if not text.startswith("/") or " " in text:
                raise HeadersFileError(f"{path}:{number}: {text!r} is geen pad. Begin een regel zonder inspringing met een pad vanaf de hoofdmap, bijv. /*.")
            close()
            pattern, start, headers, detach = text, number, [], []
        elif pattern is None:
            raise HeadersFileError(f"{path}:{number}: een header zonder pad erboven. Zet eerst een pad (bijv. /*) op een regel zonder inspringing.")
        elif text.startswith("!"):
            detach.append(text[1:].strip())
        else:
            name, colon, value = text.partition(":")
            if not colon or not re.fullmatch(r"[A-Za-z0-9-]+", name.strip()) or not value.strip():
                raise HeadersFileError(f"{path}:{number}: {text!r} is geen header. Schrijf `Naam: waarde`.")
            headers.append((name.strip(), value.strip()))
    close()
    return rules


def headers_for(path: str, rules: list[HeaderRule]) -> dict[str, tuple[str, str]]:
    """The headers a host sends for a URL path: every matching rule in file order; a header
    set by two rules gets both values joined with a comma (as Cloudflare Pages does), and
    `! Name` drops it again. Keys are lower-case names; values keep the name as written."""
    found: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if not rule.matches(path):
            continue
        for name in rule.detach:
            found.pop(name.lower(), None)
        for name, value in rule.headers:
            key = name.lower()
            found[key] = (name, f"{found[key][1]}, {value}" if key in found else value)
    return found


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


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def __init__(self, *args: Any, rules: list[HeaderRule], gzip_cache: GzipCache, **kwargs: Any) -> None:
        # Set before the base class handles the request inside its __init__.
        self.rules = rules
        self.gzip_cache = gzip_cache
        self._rule_headers: dict[str, tuple[str, str]] = {}
        self._sent: set[str] = set()
        self._vary: str | None = None
        super().__init__(*args, **kwargs)

    # -- headers: the _headers rules win over the handler's own, as on a host ----------------

    def send_response(self, code: int, message: str | None = None) -> None:
        self._rule_headers = headers_for(unquote(urlsplit(self.path).path), self.rules)
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

    # -- files: gzip when the client accepts it; no listings; _headers stays private -----------

    def send_head(self) -> BinaryIO | None:
        self._vary = None
        url_path = unquote(urlsplit(self.path).path)
        if Path(url_path).name in HOST_FILES:
            self.send_error(404)
            return None
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


def make_handler(site: Path, headers_file: Path | None) -> functools.partial[SiteHandler]:
    """A handler class for the site; `headers_file` None sends no `_headers` headers."""
    rules = read_header_rules(headers_file) if headers_file else []
    return functools.partial(SiteHandler, directory=str(site), rules=rules, gzip_cache=GzipCache())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.serve")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--headers", type=Path, default=None, help="het _headers-bestand (standaard: <site>/_headers)")
    args = parser.parse_args()
    headers_file = args.headers or args.site / "_headers"
    try:
        handler = make_handler(args.site, headers_file if headers_file.is_file() else None)
    except HeadersFileError as error:
        sys.exit(str(error))
    with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"De site staat op http://127.0.0.1:{args.port}/ (stoppen met Ctrl+C)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
