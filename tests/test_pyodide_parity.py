"""The engine gives the same answers in Pyodide as in CPython, on the Python the site ships.

Why: the browser runs checker/ in Pyodide (Python 3.14, WebAssembly), the tests and the
CLI in CPython. The built site's own Pyodide boots under Node (tests/pyodide_parity.mjs)
the way the browser worker's fast boot does: from the build's precompiled zip (the
checker package and the standard-library modules it was seen to import on the build's own
walk through the checker, tools/pyodide_artefacts.mjs, as .pyc), with the full
python_stdlib.zip behind it for anything missing. Every scenario's JSON
must be identical, byte for byte, to CPython's `web.handle` and equal to `web.respond`,
and no scenario may need a module from outside the zip: a module missing there would
make that path slow in the browser (a 2.5 MB download mid-way).
The scenarios are walked from the data: for every provider type the all-met path, the
first failure, every single other answer, half-way states and broken input.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from authoring.bundle import runtime_modules
from checker import web
from checker.model import Policy, Verdict
from macros.config import pyodide_path
from tools import flows

from .conftest import ROOT

SITE = Path(os.environ.get("CHECKER_SITE_DIR", ROOT / "site")).resolve()
SCRIPT = ROOT / "tests" / "pyodide_parity.mjs"
TOOL = ROOT / "tools" / "pyodide_artefacts.mjs"
# Where the zip's standard-library modules are derived: the paths it walks decide what goes in.
WALK = "WALK in tools/pyodide_artefacts.mjs"
# Standard-library modules the checker never imports: they must still import in the browser.
OUTSIDE = ["colorsys", "encodings.cp437", "xml.dom.minidom"]


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


# The worker's own decoder (docs/javascripts/zstd.mjs) and the decoder's WebAssembly the site serves.
UNPACK_JS = """
const [module, decoder, packed, out] = process.argv.slice(1);
const { readFileSync, writeFileSync } = await import("node:fs");
const { zstdDecoder } = await import(module);
writeFileSync(out, (await zstdDecoder(readFileSync(decoder)))(readFileSync(packed)));
"""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the built site serves: its Pyodide folder, and the precompiled zip its manifest
    names, unpacked as the browser's worker unpacks it."""
    manifest_file = SITE / "assets" / "checker" / "manifest.json"
    pyodide = SITE / pyodide_path(ROOT)
    if not manifest_file.is_file() or not (pyodide / "pyodide.mjs").is_file():
        pytest.fail(f"De gebouwde site ontbreekt in {SITE}: draai eerst `make build`.", pytrace=False)
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert "python" in manifest, "manifest.json noemt geen voorgecompileerde Python: `make assets` draait tools/pyodide_artefacts.mjs."
    python = manifest["python"]
    unpacked = tmp_path_factory.mktemp("python") / "python.zip"
    node = shutil.which("node")
    assert node, "Node.js ontbreekt: nodig om de zip uit te pakken zoals de browser."
    module = (ROOT / "docs" / "javascripts" / "zstd.mjs").as_uri()
    folder = manifest_file.parent
    subprocess.run([node, "--input-type=module", "-e", UNPACK_JS, module, folder / python["decoder"], folder / python["zip"], unpacked], check=True)
    assert unpacked.stat().st_size == python["size"], "de uitgepakte zip is niet zo groot als manifest.json zegt"
    return {"pyodide": str(pyodide), "zip": str(unpacked), "lock": python["lock"], "manifest": manifest}


def checker_imports() -> list[str]:
    """Every module any import statement in the browser's checker files names (top level or
    inside a function), outside the checker package itself."""
    names: set[str] = set()
    for module in runtime_modules():
        tree = ast.parse((ROOT / "checker" / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] != "checker")


def run_in_pyodide(shipped: dict[str, Any], payload: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "Node.js ontbreekt: nodig om Pyodide buiten de browser te draaien."
    text = json.dumps({"pyodide": shipped["pyodide"], "zip": shipped["zip"], "lock": shipped["lock"], **payload}, ensure_ascii=False)
    return subprocess.run([node, str(SCRIPT)], input=text, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)


@pytest.fixture(scope="module")
def parity(policy: Policy, shipped: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str], dict[str, Any]]:
    bundle = json.dumps(web.bundle(policy), ensure_ascii=False, separators=(",", ":"))
    requests = scenarios(policy)
    texts = [json.dumps(r, ensure_ascii=False) for r in requests]
    proc = run_in_pyodide(shipped, {"bundles": [bundle], "requests": texts, "imports": checker_imports(), "outside": OUTSIDE})
    assert proc.returncode == 0, f"Pyodide onder Node faalde:\n{proc.stderr[-3000:]}"
    out = json.loads(proc.stdout)
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
    assert {r["verdict"] for r in results} == set(Verdict)
    assert len({r["provider_type"]["id"] for r in results}) >= 3
    assert any(r["state"] == "question" and r["errors"] for r in responses)
    assert any(r["state"] == "question" and not r["errors"] for r in responses)
    assert any(r.get("dropped") for r in responses)


def test_no_path_needs_a_module_outside_the_precompiled_zip(parity) -> None:
    _, texts, out = parity
    assert len(texts) > 20
    assert not out["fallback"], (
        f"Deze modules kwamen uit de volledige standaardbibliotheek: {', '.join(out['fallback'])}. "
        f"Laat {WALK} het pad doorlopen dat ze nodig heeft en draai `make build`."
    )


def test_every_module_the_checker_imports_loads_from_the_zip(parity) -> None:
    _, _, out = parity
    imports = checker_imports()
    assert {"json", "re", "dataclasses"} <= set(imports)
    assert not out["import_errors"], (
        f"Niet te importeren uit de voorgecompileerde zip: {out['import_errors']}. Laat {WALK} het pad doorlopen dat ze nodig heeft."
    )


def test_a_module_outside_the_zip_still_imports_from_the_full_library(parity, shipped: dict[str, Any]) -> None:
    _, _, out = parity
    with zipfile.ZipFile(shipped["zip"]) as archive:
        in_zip = set(archive.namelist())
    assert not any(name.replace(".", "/") + ".pyc" in in_zip for name in OUTSIDE), "kies voor deze test modules die niet in de zip staan"
    assert out["outside"] == dict.fromkeys(OUTSIDE, "ok")


def test_the_shipped_zip_holds_the_checker_as_bytecode_only(shipped: dict[str, Any]) -> None:
    with zipfile.ZipFile(shipped["zip"]) as archive:
        names = archive.namelist()
    assert {f"checker/{m}.pyc" for m in runtime_modules()} <= set(names)
    assert not [n for n in names if n.endswith(".py")], "de zip hoort alleen bytecode te bevatten"
    assert shipped["manifest"]["python"]["pyodide"] == json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def test_the_build_stops_when_the_installed_pyodide_is_not_the_pinned_one(tmp_path: Path) -> None:
    fake = tmp_path / "pyodide"
    fake.mkdir()
    (fake / "package.json").write_text(json.dumps({"name": "pyodide", "version": "0.0.1"}), encoding="utf-8")
    cmd = [shutil.which("node") or "node", str(TOOL), str(fake), str(tmp_path / "checker")]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1, out.stderr
    assert "0.0.1" in lines[0] and "vastgelegd" in lines[0] and "make setup" in lines[0]


def test_the_parity_script_fails_loudly_on_broken_python(shipped: dict[str, Any]) -> None:
    out = run_in_pyodide(shipped, {"files": {"checker/__init__.py": "", "checker/web.py": "def broken(:\n"}, "bundles": ["{}"], "requests": []})
    assert out.returncode == 1 and "SyntaxError" in out.stderr
