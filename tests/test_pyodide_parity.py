"""The engine gives the same answers in Pyodide as in CPython.

Why: the browser runs checker/ in Pyodide (Python 3.14, WebAssembly), the tests and the
CLI in CPython. The same files and the same JSON bundle go into Pyodide under Node
(tests/pyodide_parity.mjs, the npm pyodide the site ships), and every scenario's JSON
must be identical, byte for byte, to CPython's `web.handle` and equal to `web.respond`.
The scenarios are walked from the data: for every provider type the all-met path, the
first failure, every single other answer, half-way states and broken input.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from checker import BROWSER_MODULES, web
from checker.engine import VERDICTS
from checker.model import Policy

from .browser import flows
from .conftest import ROOT

PYODIDE = ROOT / "node_modules" / "pyodide"
SCRIPT = ROOT / "tests" / "pyodide_parity.mjs"


def scenarios(policy: Policy) -> list[dict[str, Any]]:
    """Requests as the page sends them: {"year", "answers"} and, after an answer, "submit"."""
    year = policy.year
    out: list[dict[str, Any]] = [{"year": year, "answers": {}}]
    for walk in flows.all_paths(policy):
        answers = walk.answers
        out.append({"year": year, "answers": answers})
        out.append({"year": year, "answers": {**answers, web.CONFIRM_KEY: "1"}})
        half = dict(list(answers.items())[: max(1, len(answers) // 2)])
        out.append({"year": year, "answers": half})
        last = walk.steps[-1]
        out.append({"year": year, "answers": dict(list(answers.items())[:-1]), "submit": {"question": last.id, "value": last.value}})
    walk = flows.walk(policy, next(iter(policy.provider_types)))
    first = walk.steps[1].id if len(walk.steps) > 1 else "x"
    out += [
        {"year": year, "answers": {"type": "onzin"}},
        {"year": year, "answers": {"type": walk.provider, first: "misschien", "x": "1"}},
        {"year": year, "answers": {**walk.answers, "agb-code": "12"}},
        {"year": 1999, "answers": walk.answers},
        {"year": "2024", "answers": {"type": walk.provider}},
        {"year": year, "answers": ["niet", "een", "object"]},
        {"year": year, "answers": {"type": walk.provider, "é\u0000": "\ud7ff", first: 5}},
    ]
    return out


def run_in_pyodide(files: dict[str, str], bundles: list[str], requests: list[str]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js ontbreekt: nodig om Pyodide buiten de browser te draaien."
    assert (PYODIDE / "pyodide.asm.wasm").is_file(), "node_modules/pyodide ontbreekt: draai `make setup`."
    payload = json.dumps({"files": files, "bundles": bundles, "requests": requests}, ensure_ascii=False)
    proc = subprocess.run([node, str(SCRIPT), str(PYODIDE)], input=payload, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert proc.returncode == 0, f"Pyodide onder Node faalde:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def parity(policy: Policy) -> tuple[list[dict[str, Any]], list[str], dict[str, Any]]:
    here = ROOT / "checker"
    files = {f"checker/{m}.py": (here / f"{m}.py").read_text(encoding="utf-8") for m in BROWSER_MODULES}
    bundle = json.dumps(web.bundle(policy), ensure_ascii=False, separators=(",", ":"))
    requests = scenarios(policy)
    texts = [json.dumps(r, ensure_ascii=False) for r in requests]
    out = run_in_pyodide(files, [bundle], texts)
    print(f"\nPyodide {out['python']}: opstart {out['ms']['boot']} ms, {len(texts)} verzoeken in {out['ms']['requests']} ms")
    web.load_bundle(bundle)
    return requests, texts, out


def test_pyodide_runs_python_3_14_and_loads_the_bundle(parity, policy: Policy) -> None:
    _, _, out = parity
    assert out["python"].startswith("3.14"), out["python"]
    assert out["years"] == [policy.year]


def test_every_scenario_is_identical_to_cpython(parity, policy: Policy) -> None:
    requests, texts, out = parity
    assert len(out["responses"]) == len(texts)
    different = []
    for request, text, from_pyodide in zip(requests, texts, out["responses"], strict=True):
        if web.handle(text) != from_pyodide:
            different.append(f"{text[:200]}\n  pyodide: {from_pyodide[:300]}\n  cpython: {web.handle(text)[:300]}")
        elif request["year"] == policy.year and isinstance(request["answers"], dict):
            assert json.loads(from_pyodide) == json.loads(json.dumps(web.respond(policy, request["answers"], request.get("submit")))), text[:200]
    assert not different, f"{len(different)} van {len(texts)} verschillen:\n" + "\n".join(different[:5])


def test_scenarios_cover_every_verdict_and_state(parity, policy: Policy) -> None:
    _, _, out = parity
    responses = [json.loads(t) for t in out["responses"]]
    results = [r["result"] for r in responses if r["state"] == "result"]
    assert len(responses) >= 8
    assert {r["verdict"] for r in results} == set(VERDICTS)
    assert len({r["provider_type"]["id"] for r in results}) >= 3
    assert any(r["state"] == "question" and r["errors"] for r in responses)
    assert any(r["state"] == "question" and not r["errors"] for r in responses)
    assert any(r.get("dropped") for r in responses)


def test_the_parity_script_fails_loudly_on_broken_python() -> None:
    out = subprocess.run(
        [shutil.which("node") or "node", str(SCRIPT), str(PYODIDE)],
        input=json.dumps({"files": {"checker/web.py": "def broken(:\n"}, "bundles": ["{}"], "requests": []}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 1 and "SyntaxError" in out.stderr
