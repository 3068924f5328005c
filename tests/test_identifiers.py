"""Identifier inputs: accepted with spaces and dashes, refused with a Dutch reason."""

import json

import pytest

from checker.identifiers import IDENTIFIER_TYPES, check_agb, check_big, check_kvk, check_text

from .conftest import ROOT


@pytest.mark.parametrize("raw", ["08123456", "08 12 34 56", "0812-3456", " 08.123.456 "])
def test_agb_accepts_common_spellings(raw):
    result = check_agb(raw, "08")
    assert result.ok and result.value == "08123456"


@pytest.mark.parametrize(
    ("raw", "prefix", "fragment"),
    [
        ("0812345", "08", "8 cijfers"),
        ("081234567", "08", "u vulde er 9 in"),
        ("33123456", "08", "begint met 08"),
        ("08123456", "33", "begint met 33"),
        ("08l23456", None, "alleen uit cijfers"),
        ("", None, "Vul uw AGB-code in"),
        ("٠٨١٢٣٤٥٦", None, "alleen uit cijfers"),
    ],
)
def test_agb_refuses_with_reason(raw, prefix, fragment):
    result = check_agb(raw, prefix)
    assert not result.ok
    assert fragment in (result.error or "")


def test_kvk_is_eight_digits():
    assert check_kvk("3211 0828").value == "32110828"
    assert "8 cijfers" in (check_kvk("332110823").error or "")


def test_big_keeps_leading_zero_as_string():
    result = check_big("09-123-456-789")
    assert result.ok and result.value == "09123456789"
    assert "11 cijfers" in (check_big("1234567890").error or "")


def test_text_is_trimmed_and_bounded():
    assert check_text("  Praktijk   De  Wieg ").value == "Praktijk De Wieg"
    assert not check_text("   ").ok
    assert not check_text("x" * 201).ok


# Each is not text: a control, a bidi mark or override, a BOM, a lone surrogate.
UNSAFE = ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u200e", "\u200f", "\u202a", "\u202d", "\u202e", "\u2066", "\u2069", "\ufeff", "\udc80"]


@pytest.mark.parametrize("char", UNSAFE, ids=[f"U+{ord(c):04X}" for c in UNSAFE])
def test_text_loses_control_and_bidi_characters(char):
    result = check_text(f"Praktijk{char} De{char}Wieg")
    assert result.ok
    assert result.value == "Praktijk DeWieg"


def test_text_turns_line_breaks_and_tabs_into_spaces():
    assert check_text("Praktijk\nDe\tWieg\u0085x").value == "Praktijk De Wieg x"


def test_reversed_name_never_reaches_the_mail(policy):
    """A practice name with a right-to-left override would show reversed in the mail."""
    from checker.engine import evaluate, read_answers
    from tests.paths import complete

    provider = "kraamzorg"
    name = next(q for q in policy.questions_for(provider) if q.type == "text")
    answers = complete(policy, provider, dict(name.ask_if))
    answers[name.id] = "De Wieg\u202e\u2066gnirut\u0000"
    checked = read_answers(policy, {"type": provider, **answers}, strict=True)
    assert not checked.errors
    mails = [s.mailto for s in evaluate(policy, provider, checked.values).next_steps if s.mailto]
    assert mails, "no next step with a mail for a new kraamzorg provider"
    for mail in mails:
        assert "De Wieggnirut" in mail.body
        assert not any(c in mail.body + mail.subject for c in UNSAFE)


def test_the_schema_allows_exactly_the_identifier_types_of_the_table():
    """A new identifier type is one entry in IDENTIFIER_TYPES; the schema of questions.yaml
    must name it too (else the loader refuses a question of that type)."""
    schema = json.loads((ROOT / "policy_data" / "schema" / "questions.schema.json").read_text(encoding="utf-8"))
    allowed = schema["properties"]["questions"]["items"]["properties"]["type"]["enum"]
    assert allowed == ["choice", *IDENTIFIER_TYPES]


@pytest.mark.parametrize("name", list(IDENTIFIER_TYPES))
def test_every_identifier_type_accepts_its_own_example(name):
    """The path walker answers with the example: it must pass the type's own check."""
    kind = IDENTIFIER_TYPES[name]
    checked = kind.check(kind.example.format(prefix="08"), "08")
    assert checked.ok, (name, checked.error)
