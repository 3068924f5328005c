"""The CLI as a user runs it: JSON out, clear errors with exit code 2, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.paths import complete

from .conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=60)


def test_providers_lists_every_type_with_dutch_label(policy):
    out = run("providers")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [p["id"] for p in data] == list(policy.provider_types)
    kraamzorg = next(p for p in data if p["id"] == "kraamzorg")
    assert kraamzorg["label"] == policy.provider_types["kraamzorg"].label == "Kraamzorginstelling"
    assert [p["contractable"] for p in data if p["id"] == "verloskundige-zorggroep"] == [False]


def test_questions_mark_which_answer_meets(policy):
    out = run("questions", "verloskundige-praktijk")
    assert out.returncode == 0, out.stderr
    questions = {q["id"]: q for q in json.loads(out.stdout)}
    assert {o["value"]: o["meets"] for o in questions["alle-kvk"]["options"]} == {"ja": True, "nee": False}
    assert {o["value"]: o["meets"] for o in questions["alle-verscherpt-toezicht"]["options"]} == {"ja": False, "nee": True}
    assert all(o["meets"] is None for o in questions["gecontracteerd-vorig-jaar"]["options"])
    assert questions["agb-code"]["type"] == "agb"


def test_check_gives_verdict_json(policy, tmp_path):
    answers = complete(policy, "kraamzorg", {"kz-hkz-iso": "nee"})
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps(answers))
    out = run("check", "kraamzorg", str(path))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["verdict"] == "not_eligible"
    assert [u["id"] for u in result["unmet"]] == ["kz-hkz-iso"]
    assert set(result) >= {"verdict", "unmet", "expectations", "next_steps"}
    assert all({"id", "text", "source"} <= set(item) for item in result["unmet"])


def test_check_reads_stdin(policy):
    answers = complete(policy, "geboortecentrum", {"gecontracteerd-vorig-jaar": "ja"})
    out = run("check", "geboortecentrum", "-", stdin=json.dumps(answers))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["verdict"] == "eligible"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("questions", "tandarts"), None, "onbekend soort zorgaanbieder 'tandarts'"),
        (("check", "kraamzorg", "-"), "{niet: json", "geen geldige JSON"),
        (("check", "kraamzorg", "-"), "[1, 2]", "JSON-object"),
        (("check", "kraamzorg", "-"), "{}", "nog niet beantwoord"),
        (("check", "kraamzorg", "-"), '{"alle-kvk": "misschien"}', "Kies een van de antwoorden"),
        (("check", "kraamzorg", "-"), '{"onbekende-vraag": "ja"}', "onbekende-vraag"),
        (("check", "kraamzorg", "/bestaat/niet.json"), None, "kan antwoordbestand"),
        (("--year", "1999", "providers"), None, "bestaat niet"),
        (("verzinsel",), None, ""),
    ],
)
def test_bad_input_exits_2_without_traceback(args, stdin, message):
    out = run(*args, stdin=stdin)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    assert message in out.stderr


def test_year_option_selects_the_year(policy):
    out = run("--year", str(policy.year), "providers")
    assert out.returncode == 0, out.stderr
