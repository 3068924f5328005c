"""What the service worker keeps for offline use, written into each year's built
`service-worker.js` (the source is docs/service-worker.js; the build calls this after MkDocs).

Why after MkDocs: the checker's files are known only once its page is built. The worker
gets their list with each file's sha256 (the browser checks it when storing a file, so a
cache never holds two builds) and a build id derived from exactly those files: a new
build of the checker (or of its search index) is a new cache; Pyodide's files are kept
apart, per version.

What the checker needs to start without a network: its page, the scripts and styles the
page names (modulepreloads included), the worker's script, the checker bundle named in
manifest.json with the precompiled Python zip, and Pyodide's three boot files. Pyodide's
full standard library (only a fallback) and lock file (the zip's manifest carries it) are
not needed on that path. Material's search (worker, index, lunr) comes along, so the
checker page's search field works offline too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

WORKER = "service-worker.js"
CHECKER_PAGE = "checker/"
# Fetched by scripts, not named in the page: the worker and what it loads first.
WORKER_SCRIPT = "javascripts/checker-worker.js"
# The worker's own import (the zstd decoder's code; its WebAssembly is in the manifest).
WORKER_MODULES = ("javascripts/zstd.mjs",)
CHECKER_ASSETS = "assets/checker/"
# What the fast boot loads of Pyodide (tools/pyodide_artefacts.mjs, checker-worker.js).
PYODIDE_BOOT = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# The placeholder line in docs/service-worker.js.
BUILD_LINE = re.compile(r"^const BUILD = .*;$", re.MULTILINE)
# Scripts, styles, modulepreloads and icons the page names (in <template> too).
REFERENCE = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=\"([^\"#?:]+)\"", re.IGNORECASE)
FILE_SUFFIXES = (".js", ".mjs", ".css", ".png", ".svg", ".ico", ".webmanifest")
# Material's search: its worker (named in the page's config), the index, and lunr for the index's languages.
SEARCH_WORKER = re.compile(r'"search":\s*"([^"]+)"')
SEARCH_INDEX = "search/search_index.json"
LUNR = "assets/javascripts/lunr/min/"


class OfflineError(Exception):
    """The built site lacks what the service worker needs; one Dutch line."""


@dataclass(frozen=True)
class Offline:
    """What one year's service worker keeps: (path from the worker, sha256 integrity) pairs."""

    id: str
    checker: list[tuple[str, str]]
    pyodide: list[tuple[str, str]]

    def script_line(self) -> str:
        return f"const BUILD = {json.dumps({'id': self.id, 'checker': self.checker, 'pyodide': self.pyodide}, separators=(',', ':'))};"


def integrity(file: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(file.read_bytes()).digest()).decode("ascii")


def checker_paths(edition: Path) -> list[str]:
    """The checker's files, from this year's site root, the page first."""
    page = edition / CHECKER_PAGE / "index.html"
    html = page.read_text(encoding="utf-8")
    named = {urljoin(CHECKER_PAGE, ref) for ref in REFERENCE.findall(html)}
    files = sorted(p for p in named if p.endswith(FILE_SUFFIXES) and not p.startswith("../") and (edition / p).is_file())
    manifest = json.loads((edition / CHECKER_ASSETS / "manifest.json").read_text(encoding="utf-8"))
    data = [*manifest["bundles"].values(), *(python_files(manifest["python"]) if manifest.get("python") else [])]
    checker = [CHECKER_PAGE, WORKER_SCRIPT, *WORKER_MODULES, *files, f"{CHECKER_ASSETS}manifest.json", *(CHECKER_ASSETS + name for name in sorted(data))]
    return checker + [p for p in search_paths(edition, html) if p not in checker]


def python_files(python: dict[str, object]) -> list[str]:
    """The precompiled Python's files in the manifest: the zstd-compressed zip and its decoder."""
    return [str(python[key]) for key in ("zip", "decoder")]


def search_paths(edition: Path, html: str) -> list[str]:
    """Material's search on the checker page, so it works offline too (and its worker finds
    what it loads, rather than failing). Only files the site has."""
    worker = SEARCH_WORKER.search(html)
    index = edition / SEARCH_INDEX
    if not worker or not index.is_file():
        return []
    languages = [lang for lang in json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] if lang != "en"]
    lunr = ["lunr.stemmer.support.min.js", *(f"lunr.{lang}.min.js" for lang in languages), *(["lunr.multi.min.js"] if len(languages) > 1 else [])]
    paths = [urljoin(CHECKER_PAGE, worker.group(1)), SEARCH_INDEX, *(LUNR + name for name in lunr)]
    return [path for path in paths if (edition / path).is_file()]


def offline_of(edition: Path, pyodide: str) -> Offline:
    """`pyodide`: Pyodide's folder from this year's site root ("../assets/pyodide/<version>/" for a year's own address)."""
    checker = []
    for path in checker_paths(edition):
        file = edition / path / "index.html" if path.endswith("/") else edition / path
        if not file.is_file():
            raise OfflineError(f"{file}: nodig om de checker zonder internet te laten werken, maar ontbreekt. Draai make build opnieuw.")
        checker.append((path, integrity(file)))
    folder = (edition / pyodide).resolve()
    missing = [name for name in PYODIDE_BOOT if not (folder / name).is_file()]
    if missing:
        raise OfflineError(f"{folder / missing[0]}: bestand van Pyodide ontbreekt voor de checker zonder internet. Draai make build opnieuw.")
    boot = [(pyodide + name, integrity(folder / name)) for name in PYODIDE_BOOT]
    digest = hashlib.sha256("\n".join(f"{p} {h}" for p, h in [*checker, *boot]).encode("utf-8")).hexdigest()[:16]
    return Offline(digest, checker, boot)


def write_service_worker(edition: Path, pyodide: str) -> Offline:
    """Fill in the BUILD line of this year's service-worker.js (copied there by MkDocs)."""
    worker = edition / WORKER
    if not worker.is_file():
        raise OfflineError(f"{worker}: de service worker ontbreekt in de site (bron: docs/{WORKER}). Draai make build opnieuw.")
    offline = offline_of(edition, pyodide)
    source = worker.read_text(encoding="utf-8")
    if len(BUILD_LINE.findall(source)) != 1:
        raise OfflineError(f"docs/{WORKER}: de regel `const BUILD = …;` ontbreekt of staat er twee keer. Zet hem terug zoals in git.")
    worker.write_text(BUILD_LINE.sub(lambda _: offline.script_line(), source), encoding="utf-8")
    return offline
