"""Format checks for the identifiers a provider types in: AGB code, KvK number, BIG number,
and the one table of those types (`IDENTIFIER_TYPES`).

Why here and not in the schema: these are answers, not policy data. The checker runs
them in the browser too, so they use the standard library only and speak Dutch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

# Spaces, dashes and dots are how people copy numbers from letters and certificates.
_SEPARATORS = re.compile(r"[\s\-.]+")


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of a format check: the normalised value, or a Dutch message."""

    value: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _digits(raw: str, name: str, length: int) -> IdentifierCheck:
    text = _SEPARATORS.sub("", str(raw))
    if not text:
        return IdentifierCheck("", f"Vul uw {name} in.")
    if not text.isdigit() or not text.isascii():
        return IdentifierCheck(text, f"Een {name} bestaat alleen uit cijfers (spaties en streepjes mogen).")
    if len(text) != length:
        return IdentifierCheck(text, f"Een {name} heeft {length} cijfers; u vulde er {len(text)} in.")
    return IdentifierCheck(text)


def check_agb(raw: str, prefix: str | None = None) -> IdentifierCheck:
    """AGB code: 8 digits. The first two digits are the kind of care (Vektis):
    08 for midwives, 33 for maternity care. A prefix is only checked when given."""
    result = _digits(raw, "AGB-code", 8)
    if result.ok and prefix and not result.value.startswith(prefix):
        return IdentifierCheck(
            result.value,
            f"Een AGB-code voor deze soort zorg begint met {prefix}; deze begint met {result.value[:2]}.",
        )
    return result


def check_kvk(raw: str) -> IdentifierCheck:
    """KvK number: 8 digits."""
    return _digits(raw, "KvK-nummer", 8)


def check_big(raw: str) -> IdentifierCheck:
    """BIG number: 11 digits, kept as a string so leading zeros survive."""
    return _digits(raw, "BIG-nummer", 11)


# Characters that are not text: C0/C1 controls, bidi marks and overrides (they can make a
# mail body or a page read differently from what was typed), the BOM, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def check_text(raw: str, max_length: int = 200) -> IdentifierCheck:
    """Free text such as a practice name: trimmed, one line, not too long, and without
    control or bidi characters (a tab or newline becomes a space, the rest goes)."""
    text = _UNSAFE.sub(lambda m: " " if m.group().isspace() else "", str(raw))
    text = " ".join(text.split())
    if not text:
        return IdentifierCheck("", "Vul dit veld in.")
    if len(text) > max_length:
        return IdentifierCheck(text[:max_length], f"Gebruik hoogstens {max_length} tekens.")
    return IdentifierCheck(text)


@dataclass(frozen=True)
class IdentifierType:
    """One kind of typed-in answer (a question `type` other than choice): the one entry a
    new identifier type needs. The engine checks answers with `check`, the path walker
    answers with `example`, and the question's HTML takes its text box from `label` and
    `numeric` (look a type up with `identifier_type`)."""

    check: Callable[[str, str | None], IdentifierCheck]
    # A valid answer; {prefix} is the provider type's AGB prefix.
    example: str
    # What the text box is called (Dutch).
    label: str
    # Digits only: phones show a number pad, and the browser suggests no earlier input.
    numeric: bool = False


# The question types besides `choice`, in the order of the data's schema (questions.schema.json
# lists the same names; a test holds the two together).
IDENTIFIER_TYPES: dict[str, IdentifierType] = {
    "agb": IdentifierType(check_agb, "{prefix}123456", "AGB-code (8 cijfers)", numeric=True),
    "kvk": IdentifierType(lambda raw, _prefix: check_kvk(raw), "12345678", "KvK-nummer (8 cijfers)", numeric=True),
    "big": IdentifierType(lambda raw, _prefix: check_big(raw), "12345678901", "BIG-nummer (11 cijfers)", numeric=True),
    "text": IdentifierType(lambda raw, _prefix: check_text(raw), "Praktijk De Test", "Uw antwoord"),
}
# What an unknown type is treated as: free text.
PLAIN_TEXT = IDENTIFIER_TYPES["text"]


def identifier_type(question_type: str) -> IdentifierType:
    """The entry of a question type; free text for a type the table does not know."""
    return IDENTIFIER_TYPES.get(question_type, PLAIN_TEXT)
