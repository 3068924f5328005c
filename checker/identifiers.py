"""Format checks for the identifiers a provider types in: AGB code, KvK number, BIG number.

Why here and not in the schema: these are answers, not policy data. The checker runs
them in the browser too, so they use the standard library only and speak Dutch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
