"""checker.urls encodes exactly as urllib.parse does (the mail links and the answers in the
URL must not change), and the checker no longer loads urllib.parse (nor ipaddress, which it
brings along) in the browser."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authoring.bundle import runtime_modules
from checker import urls

from .conftest import ROOT

# Any text without lone surrogates (those cannot be UTF-8), weighted towards the characters
# that matter in a URL: reserved ones, '%', '+', spaces, line ends, non-ASCII and emoji.
SPECIAL = "&=#+%?/:;@,$!*'()[] \n\r\t~._-éë€’–😀"
TEXT = st.text(st.characters(exclude_categories=("Cs",)) | st.sampled_from(SPECIAL), max_size=200)
SAFE = st.sampled_from(["", "/", "/:", "&=", "~", " ", "é/", "%"]) | st.text(st.characters(max_codepoint=0x7F), max_size=5)

MAIL_SUBJECT = "Aanvraag overeenkomst geboortezorg 2024 – Kraamzorg De Ooievaar & Zn"
MAIL_BODY = "Geachte heer, mevrouw,\n\nAGB-code: 08123456\nPraktijknaam: Kraamzorg De Ooievaar & Zn (ZZP’er)\n\nMet vriendelijke groet,"


@settings(max_examples=500, deadline=None)
@given(TEXT, SAFE)
def test_quote_equals_urllib_for_any_text_and_safe(text: str, safe: str) -> None:
    assert urls.quote(text, safe=safe) == urllib.parse.quote(text, safe=safe)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_quote_with_the_default_safe_equals_urllib(text: str) -> None:
    assert urls.quote(text) == urllib.parse.quote(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=8))
def test_urlencode_equals_urllib_for_any_pairs(pairs: list[tuple[str, str]]) -> None:
    assert urls.urlencode(pairs) == urllib.parse.urlencode(pairs)


@pytest.mark.parametrize(
    ("text", "safe", "expected"),
    [
        (MAIL_SUBJECT, "/", "Aanvraag%20overeenkomst%20geboortezorg%202024%20%E2%80%93%20Kraamzorg%20De%20Ooievaar%20%26%20Zn"),
        ("afspraken/addenda 100%", "/", "afspraken/addenda%20100%25"),
        ("geboortezorg+info", "", "geboortezorg%2Binfo"),
        ("a/b?bcc=derde@example.com", "", "a%2Fb%3Fbcc%3Dderde%40example.com"),
        ("", "/", ""),
        ("A-Za-z0-9_.-~", "", "A-Za-z0-9_.-~"),
    ],
)
def test_quote_examples_from_the_checker(text: str, safe: str, expected: str) -> None:
    assert urls.quote(text, safe=safe) == expected == urllib.parse.quote(text, safe=safe)


def test_a_mail_body_is_quoted_as_urllib_quotes_it() -> None:
    assert urls.quote(MAIL_BODY) == urllib.parse.quote(MAIL_BODY)
    assert "%0A%0AAGB-code%3A%2008123456" in urls.quote(MAIL_BODY)


def test_urlencode_example_of_a_fragment() -> None:
    pairs = [("jaar", "2024"), ("type", "verloskundige-praktijk"), ("naam", "Kraamzorg De Ooievaar & Zn"), ("opmerking", "a=b#c+d 100%\në😀")]
    expected = "jaar=2024&type=verloskundige-praktijk&naam=Kraamzorg+De+Ooievaar+%26+Zn&opmerking=a%3Db%23c%2Bd+100%25%0A%C3%AB%F0%9F%98%80"
    assert urls.urlencode(pairs) == expected == urllib.parse.urlencode(pairs)
    assert urls.urlencode([]) == ""


def test_a_lone_surrogate_fails_as_in_urllib() -> None:
    with pytest.raises(UnicodeEncodeError):
        urllib.parse.quote("a\ud800")
    with pytest.raises(UnicodeEncodeError):
        urls.quote("a\ud800")


def test_the_shipped_checker_loads_neither_urllib_parse_nor_ipaddress() -> None:
    """In a fresh Python without site (which itself imports urllib.parse in CPython), import
    every module that ships to the browser; a future `import urllib.parse` shows here."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {runtime_modules()!r}: importlib.import_module('checker.' + name)\n"
        "print(json.dumps(sorted(m for m in ('urllib', 'urllib.parse', 'ipaddress') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == [], f"de checker laadt {out.stdout.strip()}: gebruik checker.urls"
