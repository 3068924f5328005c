"""The built site as files: where it is, its pages, their links and anchors."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from .conftest import ROOT

SITE = ROOT / "site"


def require_site() -> Path:
    assert (SITE / "index.html").is_file(), "site/ ontbreekt: draai eerst `make build` (make test doet dat)."
    return SITE


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.classes: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
            for cls in (a.get("class") or "").split():
                self.classes.setdefault(cls, []).append(a["id"])
        for attr in ("href", "src"):
            if a.get(attr) is not None:
                self.links.append((tag, a[attr]))


@cache
def parse(path: Path) -> _Collect:
    c = _Collect()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def pages() -> list[Path]:
    return sorted(p for p in require_site().rglob("*.html") if "assets" not in p.relative_to(SITE).parts)


def page(url: str) -> Path:
    return require_site() / url / "index.html"


def condition_ids(path: Path) -> list[str]:
    """Ids of the conditions listed on a page, in order."""
    html = path.read_text(encoding="utf-8")
    return re.findall(r'<li id="([a-z0-9-]+)" class="condition ', html)
