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


def _table(safe: str, space: str = "%20") -> list[str]:
    """What each byte becomes: itself when unreserved or in `safe` (ASCII only, as urllib
    ignores the rest), else %XX in capitals."""
    keep = UNRESERVED | frozenset(safe.encode("ascii", "ignore"))
    table = [chr(byte) if byte in keep else f"%{byte:02X}" for byte in range(256)]
    if 32 not in keep:
        table[32] = space
    return table


# The tables the checker uses, made once at import (256 short strings each).
_TABLES: dict[str, list[str]] = {"/": _table("/"), "": _table("")}
# urlencode's quote_plus: safe='' and a space becomes '+'.
_FORM = _table("", space="+")


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
