"""Print *Het hele beleid* of every built year to PDF with the system's Chromium (headless).

    python -m tools.pdf [--site site] [--chromium /usr/bin/chromium]      # make build PDF=1

Why after the build and only on request: a local `make build` must not need Chromium; the
deploy builds with PDF=1 (the page then links the PDF) and this writes the PDF beside the page,
`<year folder>/beleid/het-hele-beleid/zorginkoopbeleid-<year>.pdf`. It prints the page as the
site serves it (a local server, the print CSS of the site: A4, no menu), with Debian's Chromium
(apt, `make chromium`), never a downloaded browser, and with no request leaving the machine.
Then it checks each PDF: pages, and the policy's title in its title.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from macros.generate import WHOLE_POLICY, pdf_name
from macros.opendata import FOLDER, VERSION_NAME
from tools.browser_env import CHROMIUM, CHROMIUM_ARGS, serve

PAGE = "/".join(WHOLE_POLICY) + "/"
TIMEOUT_S = 180


class PdfError(Exception):
    """Printing failed; the message says what and how to fix it (Dutch)."""


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    title: str


def _pdf_string(raw: bytes) -> str:
    """A PDF text string: (literal) with escapes, or <hex>, UTF-16 when it starts with a BOM."""
    data = bytes.fromhex(raw[1:-1].decode("ascii")) if raw.startswith(b"<") else re.sub(rb"\\([()\\])", rb"\1", raw[1:-1])
    return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")


def pdf_facts(path: Path) -> PdfFacts:
    """The number of pages and the document title of a PDF Chromium wrote (objects may sit
    in compressed streams, so those are opened too)."""
    raw = path.read_bytes()
    if not raw.startswith(b"%PDF-"):
        raise PdfError(f"{path}: geen PDF.")
    parts = [raw]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    text = b"\n".join(parts)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", text))
    found = re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", text)
    return PdfFacts(pages, _pdf_string(found.group(1)) if found else "")


def year_folders(site: Path) -> dict[Path, int]:
    """Every built year's folder (the root and each /<year>/) with its year, from its open data."""
    found = {}
    for folder in [site, *sorted(p for p in site.iterdir() if p.is_dir() and p.name.isdigit())]:
        version = folder / FOLDER / VERSION_NAME
        if (folder / PAGE / "index.html").is_file() and version.is_file():
            found[folder] = int(json.loads(version.read_text(encoding="utf-8"))["year"])
    return found


def print_page(chromium: str, url: str, out: Path) -> None:
    """One page to PDF: headless, on A4 (the print CSS), without Chromium's own header and footer."""
    with tempfile.TemporaryDirectory(prefix="pdf-profile-") as profile:
        cmd = [chromium, *CHROMIUM_ARGS, f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}", url]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"Chromium ({chromium}) kon de PDF niet maken: {exc}. Installeer het met make chromium.") from None
    if done.returncode != 0 or not out.is_file():
        raise PdfError(f"Chromium kon {url} niet als PDF afdrukken (code {done.returncode}): {done.stderr.strip()[-300:]}")


def print_site(site: Path, chromium: str = CHROMIUM) -> list[Path]:
    """Every year's *Het hele beleid* as PDF beside its page; each one checked."""
    folders = year_folders(site)
    if not folders:
        raise PdfError(f"{site}: geen pagina Het hele beleid gevonden. Draai eerst make build.")
    written = []
    with serve(site) as server:
        for folder, year in folders.items():
            rel = folder.relative_to(site).as_posix()
            out = folder / PAGE / pdf_name(year)
            print_page(chromium, server.page_url(("" if rel == "." else rel + "/") + PAGE), out)
            facts = pdf_facts(out)
            if facts.pages < 2 or str(year) not in facts.title:
                raise PdfError(f"{out}: de PDF is onvolledig ({facts.pages} pagina's, titel '{facts.title}').")
            print(f"{out}: {facts.pages} pagina's, {out.stat().st_size // 1024} kB", file=sys.stderr)
            written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.pdf", description="Druk Het hele beleid van elk jaar af als PDF (met Chromium).")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)
    try:
        print_site(args.site, args.chromium)
    except PdfError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
