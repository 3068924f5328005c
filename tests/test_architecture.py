"""The tree shows the pipeline: policy_data/ -> authoring/ (load, validate) -> checker/ (decide)
-> macros/ (pages) and tools/ (build, serve, bench). These tests keep it that way: every
import points down that line, never back up, and no module takes part in an import circle."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

# Each package and the packages it may import (besides the standard library, third-party
# libraries and itself). The checker ships to the browser, so it imports none of ours.
LAYERS: dict[str, set[str]] = {
    "checker": set(),
    "authoring": {"checker"},
    "macros": {"checker", "authoring"},
    "tools": {"checker", "authoring", "macros", "tools"},
}
# The one way up: `python -m checker` hands over to the team's tools. It is not shipped
# (authoring.bundle.runtime_modules leaves it out).
HANDOVER = ("checker.__main__", "authoring.cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules() -> dict[str, Path]:
    return {module_name(p): p for package in LAYERS for p in (ROOT / package).rglob("*.py")}


def imported(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The modules of this project that one module imports, at any depth in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` imports that module; `from module import name` the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        found.update(t for t in targets if t in known)
    return found - {name}


def graph() -> dict[str, set[str]]:
    known = our_modules()
    return {name: imported(path, name, known) for name, path in known.items()}


def test_every_import_points_down_the_pipeline() -> None:
    wrong = [
        f"{name} importeert {target}"
        for name, targets in graph().items()
        for target in targets
        if target.split(".")[0] != name.split(".")[0] and target.split(".")[0] not in LAYERS[name.split(".")[0]] and (name, target) != HANDOVER
    ]
    assert wrong == []


def test_no_import_circles() -> None:
    edges = graph()
    circles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert circles == [], " ; ".join(" -> ".join(c) for c in circles)


def test_the_graph_sees_the_imports() -> None:
    """A check that finds nothing proves nothing: the engine's own imports are seen."""
    edges = graph()
    assert {"checker.model", "checker.words"} <= edges["checker.engine"]
    assert "checker.model" in edges["authoring.loader"]
