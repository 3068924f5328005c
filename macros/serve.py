"""Serve the built site on 127.0.0.1 the way a static host should: with the MIME types
WebAssembly and ES modules need (see README, Publiceren)."""

from __future__ import annotations

import argparse
import contextlib
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

MIME_TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Why: a static host shows the site's own 404 page, so the preview does too.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m macros.serve")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    handler = functools.partial(SiteHandler, directory=str(args.site))
    with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"De site staat op http://127.0.0.1:{args.port}/ (stoppen met Ctrl+C)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
