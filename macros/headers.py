"""The HTTP headers the site asks its host to send, defined once.

Why one definition: the same rules reach every place that needs them. The build writes them
for the hosts that send headers (tools/hosts.py: `_headers` for Netlify and Cloudflare Pages,
`staticwebapp.config.json` for Azure Static Web Apps, an nginx snippet), `make serve` and the
browser tests send them (tools/serve.py), and every page carries the part a `<meta>` tag can
hold (overrides/main.html reads it from `extra: security:` in the generated config). Change a
header here and all of them follow.

Why in macros/ and not tools/: the pages (the `<meta>` CSP) need it, and macros/ may not import
from tools/ (tests/test_architecture.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Directive:
    """One directive of the Content-Security-Policy."""

    name: str
    sources: tuple[str, ...]
    # A <meta> policy ignores frame-ancestors: it works only as an HTTP header.
    header_only: bool = False

    def text(self) -> str:
        return " ".join((self.name, *self.sources))


SELF = "'self'"
NONE = "'none'"
# Only this site's own origin, for everything. 'wasm-unsafe-eval' lets Pyodide compile
# WebAssembly; it allows no JavaScript eval. worker-src covers the checker's worker and the
# service worker (both scripts of the site itself, no inline code).
CSP: tuple[Directive, ...] = (
    Directive("default-src", (SELF,)),
    Directive("script-src", (SELF, "'wasm-unsafe-eval'")),
    Directive("worker-src", (SELF,)),
    Directive("connect-src", (SELF,)),
    Directive("img-src", (SELF, "data:")),
    Directive("style-src", (SELF,)),
    Directive("font-src", (SELF,)),
    Directive("object-src", (NONE,)),
    Directive("base-uri", (SELF,)),
    Directive("form-action", (SELF,)),
    Directive("frame-ancestors", (NONE,), header_only=True),
)


def csp(meta: bool = False) -> str:
    """The policy as a header value; `meta` leaves out what a <meta> tag cannot carry."""
    return "; ".join(d.text() for d in CSP if not (meta and d.header_only))


@dataclass(frozen=True)
class Header:
    name: str
    value: str


@dataclass(frozen=True)
class PathRule:
    """Headers for every URL path that starts with `prefix` ("/" is every path)."""

    prefix: str
    headers: tuple[Header, ...]
    # One English line for the comment above the rule in each host's file.
    why: str

    def matches(self, path: str) -> bool:
        return path.startswith(self.prefix)


REFERRER_POLICY = "no-referrer"
IMMUTABLE = "public, max-age=31536000, immutable"
PYODIDE_PREFIX = "/assets/pyodide/"

# Why the CSP goes on every response, scripts too: a worker gets its policy from its own
# script's response, and a <meta> policy reaches neither workers nor frame-ancestors.
EVERY_RESPONSE = PathRule(
    "/",
    (
        Header("Content-Security-Policy", csp()),
        Header("X-Frame-Options", "DENY"),
        Header("X-Content-Type-Options", "nosniff"),
        Header("Referrer-Policy", REFERRER_POLICY),
        Header("Cross-Origin-Opener-Policy", "same-origin"),
        Header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ),
    why="Every response, scripts too: a worker gets its CSP from its own script's response.",
)
# Everything else (pages, the checker bundle) keeps the host's default: checked on every visit.
PYODIDE_CACHE = PathRule(
    PYODIDE_PREFIX,
    (Header("Cache-Control", IMMUTABLE),),
    why="Pyodide's version is part of its path, so its files never change: cache them for a year.",
)
RULES: tuple[PathRule, ...] = (EVERY_RESPONSE, PYODIDE_CACHE)

# MIME types a host must get right: WebAssembly compiles while it streams only as
# application/wasm, and a browser refuses a module that is not JavaScript.
CONTENT_TYPES: dict[str, str] = {".wasm": "application/wasm", ".mjs": "text/javascript"}


def headers_for(path: str) -> tuple[Header, ...]:
    """What a host that follows these rules sends for a URL path (the MIME type aside)."""
    return tuple(header for rule in RULES if rule.matches(path) for header in rule.headers)


def meta_settings() -> dict[str, str]:
    """What the page template needs (overrides/main.html), for `extra: security:`."""
    return {"csp": csp(meta=True), "referrer": REFERRER_POLICY}
