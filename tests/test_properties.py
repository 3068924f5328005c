"""Random and malformed answer sets: the engine and the CLI answer, they never crash."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authoring.loader import load_policy
from checker import web
from checker.engine import AnswerError, evaluate, read_answers
from checker.model import Verdict

from .conftest import ROOT

POLICY = load_policy()
IDS = [*sorted(POLICY.questions), "type", "onbekend", ""]
VALUES = st.one_of(
    st.sampled_from(["ja", "nee", "08123456", "33123456", "", " ", *POLICY.provider_types]),
    st.text(max_size=30),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
)
ANSWERS = st.dictionaries(st.sampled_from(IDS) | st.text(max_size=10), VALUES, max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_respond_always_returns_a_question_or_a_result(raw):
    r = web.respond(POLICY, raw)
    assert r["state"] in ("question", "review", "result")
    json.dumps(r)
    if r["state"] == "question":
        assert r["question"]["text"]
    for error in r["errors"]:
        assert error["message"]


@settings(max_examples=300, deadline=None)
@given(ANSWERS, st.sampled_from(sorted(POLICY.provider_types)))
def test_evaluate_gives_verdict_or_names_missing_answers(raw, provider):
    answers = read_answers(POLICY, {**raw, "type": provider})
    try:
        result = evaluate(POLICY, provider, answers.values)
    except AnswerError as exc:
        assert exc.problems and all(isinstance(v, str) for v in exc.problems.values())
    else:
        assert result.verdict in set(Verdict)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANSWERS.map(json.dumps), st.text(max_size=50), st.binary(max_size=50).map(lambda b: b.decode("latin-1"))))
def test_cli_check_never_tracebacks(stdin):
    out = subprocess.run([sys.executable, "-m", "checker", "check", "kraamzorg", "-"], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 2), out.stderr
    assert "Traceback" not in out.stderr
    if out.returncode == 2:
        assert out.stderr.startswith("fout:")
