"""Text comparison that ignores the PDF's artefacts: case, spacing, punctuation and
the hyphens and line breaks that split words. Only letters and digits count."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import ClassVar

_NOT_WORD = re.compile(r"[^0-9a-zà-ÿ]+")


def letters(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return _NOT_WORD.sub("", text)


def words(text: str) -> list[str]:
    return [w for w in (letters(w) for w in text.split()) if w]


def coverage(source: str, target: str, window: int = 6) -> tuple[float, list[str]]:
    """Share of the source's words inside some run of `window` words found in target,
    and the uncovered words in order (for a readable failure)."""
    src = words(source)
    stream = letters(target)
    covered = [False] * len(src)
    for i in range(max(len(src) - window + 1, 1)):
        if "".join(src[i : i + window]) in stream:
            for j in range(i, min(i + window, len(src))):
                covered[j] = True
    missing = [w for w, c in zip(src, covered, strict=True) if not c]
    return sum(covered) / max(len(src), 1), missing


class _Text(HTMLParser):
    SKIP: ClassVar[set[str]] = {"script", "style", "svg", "nav", "header", "footer"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)
