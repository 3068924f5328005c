"""Percent-encoding for the checker's links: `quote` (mailto: addresses, subjects and bodies)
and `urlencode` (the answers in the URL fragment), with exactly the output of
`urllib.parse.quote` and `urllib.parse.urlencode` for text.

Why not urllib.parse itself: the checker runs in the browser (Pyodide), where every
standard-library module it imports is downloaded and run before the first question shows.
`urllib.parse` brings `ipaddress` along: ~27 KB and ~25 ms for these two small functions.
tests/test_urls.py checks the output against urllib.parse for any text.
"""

from __future__ import annotations

from collections.abc import Iterable

# RFC 3986's unreserved characters: never quoted, whatever `safe` says (as in urllib.parse).
UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")


# Every byte as %XX in capitals, except the unreserved ones: quote's table for safe=''.
# Made once at import (256 short strings); the other tables are copies with a few changes.
_QUOTED = [chr(byte) if byte in UNRESERVED else f"%{byte:02X}" for byte in range(256)]


def _table(safe: str) -> list[str]:
    """What each byte becomes when the characters in `safe` stay as they are (ASCII ones
    only: urllib.parse ignores the rest)."""
    table = _QUOTED.copy()
    for byte in safe.encode("ascii", "ignore"):
        table[byte] = chr(byte)
    return table


_TABLES: dict[str, list[str]] = {"": _QUOTED, "/": _table("/")}
# urlencode quotes with quote_plus: nothing safe, and a space becomes '+'.
_FORM = _QUOTED.copy()
_FORM[ord(" ")] = "+"


def _encode(text: str, table: list[str]) -> str:
    # Why via latin-1: it turns each UTF-8 byte into the one character with that number, so
    # one str.translate (in C) maps every byte through the table. Encoding text with a lone
    # surrogate raises UnicodeEncodeError, as urllib.parse does.
    return text.encode("utf-8").decode("latin-1").translate(table)


def quote(text: str, safe: str = "/") -> str:
    """`urllib.parse.quote(text, safe=safe)`: the text's UTF-8 bytes, each one that is not
    unreserved or in `safe` as %XX."""
    table = _TABLES.get(safe)
    if table is None:
        table = _TABLES[safe] = _table(safe)
    return _encode(text, table)


def urlencode(pairs: Iterable[tuple[str, str]]) -> str:
    """`urllib.parse.urlencode(pairs)` for text pairs: key=value joined by '&', each quoted
    with nothing safe and a space as '+'."""
    return "&".join(_encode(key, _FORM) + "=" + _encode(value, _FORM) for key, value in pairs)
