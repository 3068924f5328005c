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


def asked_type(policy) -> str:
    """A provider type the checker asks questions (none is named: ids differ per year)."""
    return next(pid for pid, pt in policy.provider_types.items() if not pt.refusal and policy.questions_for(pid))


def test_providers_lists_every_type_with_dutch_label(policy):
    out = run("providers")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [p["id"] for p in data] == list(policy.provider_types)
    assert [p["label"] for p in data] == [pt.label for pt in policy.provider_types.values()]
    assert [p["contractable"] for p in data] == [pt.refusal is None for pt in policy.provider_types.values()]


def test_questions_mark_which_answer_meets(policy):
    provider = asked_type(policy)
    out = run("questions", provider)
    assert out.returncode == 0, out.stderr
    questions = {q["id"]: q for q in json.loads(out.stdout)}
    assert list(questions) == [q.id for q in policy.questions_for(provider)]
    for q in policy.questions_for(provider):
        shown = {o["value"]: o["meets"] for o in questions[q.id]["options"]}
        assert shown == {o.value: o.meets for o in q.options}, q.id
        assert questions[q.id]["type"] == q.type
    assert any(True in {o["meets"] for o in q["options"]} for q in questions.values())


def test_check_gives_verdict_json(policy, tmp_path):
    provider = asked_type(policy)
    condition = next(q for q in policy.questions_for(provider) if q.condition and q.condition.kind == "condition")
    unmet = next(o.value for o in condition.options if o.meets is False)
    answers = complete(policy, provider, {condition.id: unmet})
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps(answers))
    out = run("check", provider, str(path))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["verdict"] in ("not_eligible", "contact")
    assert condition.id in [u["id"] for u in result["unmet"]]
    assert set(result) >= {"verdict", "unmet", "expectations", "asr_assesses", "next_steps"}
    assert all({"id", "text", "source"} <= set(item) for item in result["unmet"])


def test_check_reads_stdin(policy):
    provider = asked_type(policy)
    answers = complete(policy, provider, {})
    out = run("check", provider, "-", stdin=json.dumps(answers))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["verdict"] in ("eligible", "contact")


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


def run_bytes(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, input=stdin, timeout=60)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"alle-kvk": "ja", "praktijknaam": "Caf\xe9"}'.encode("latin-1"), "geen UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
        (b'{"alle-kvk": [' * 5_000 + b"1" + b"]" * 5_000 + b"}", "te diep genest"),
        (b'{"praktijknaam": "\\udc80"}', "ongeldig teken"),
        (b'{"\\ud800": "ja"}', "ongeldig teken"),
    ],
    ids=["latin-1", "100000 nested lists", "nested inside an answer", "lone surrogate in a value", "lone surrogate in a key"],
)
def test_unreadable_answers_exit_2_with_one_dutch_line(tmp_path, stdin, message):
    path = tmp_path / "antwoorden.json"
    path.write_bytes(stdin)
    for args, given in ((("check", "kraamzorg", str(path)), b""), (("check", "kraamzorg", "-"), stdin)):
        out = run_bytes(*args, stdin=given)
        err = out.stderr.decode("utf-8")
        assert out.returncode == 2, err
        assert "Traceback" not in err
        assert err.count("\n") == 1 and err.startswith("fout: antwoordbestand") and message in err, err


@pytest.mark.parametrize("command", [("validate",), ("providers",), ("check", "kraamzorg", "-"), ("bundle", "--out", "x"), ("diff", "2023", "2024")])
def test_data_folder_that_does_not_exist_exits_2(tmp_path, command):
    out = run(f"--data={tmp_path / 'bestaat-niet'}", *command, stdin="{}")
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr == f"fout: map met beleidsdata '{tmp_path / 'bestaat-niet'}' bestaat niet. Geef met --data een map met beleidsjaren, bijv. policy_data.\n"


def test_free_text_answer_loses_bidi_override_in_the_result(policy):
    name = next(q for q in policy.questions_for("kraamzorg") if q.type == "text")
    answers = complete(policy, "kraamzorg", dict(name.ask_if))
    answers[name.id] = "Kraamzorg \u202eDe Wieg\u202c\u0007"
    out = run("check", "kraamzorg", "-", stdin=json.dumps(answers))
    assert out.returncode == 0, out.stderr
    bodies = [s["mailto"]["body"] for s in json.loads(out.stdout)["next_steps"] if "mailto" in s]
    assert any("Kraamzorg De Wieg" in body for body in bodies), bodies
    assert not any(c in body for body in bodies for c in "\u202e\u202c\u0007")
