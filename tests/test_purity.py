"""The files the browser loads use only the standard library (Pyodide has no PyYAML),
and macros/ stays an adapter: it asks checker/ what applies, it does not decide."""

from __future__ import annotations

import ast
import sys

from authoring.bundle import runtime_modules

from .conftest import ROOT


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module or ""


def test_browser_modules_import_only_the_standard_library():
    assert "__main__" not in runtime_modules(), "de opdrachtregel hoort niet bij wat de browser krijgt"
    for module in runtime_modules():
        path = ROOT / "checker" / f"{module}.py"
        outside = [name for name in imports(path) if name.split(".")[0] not in sys.stdlib_module_names]
        assert outside == [], f"{path.name} importeert {outside}"


def test_checker_knows_nothing_of_mkdocs():
    for path in (ROOT / "checker").glob("*.py"):
        assert not [n for n in imports(path) if n.split(".")[0] in ("mkdocs", "macros", "material")], path.name


def raw_data_reads(path):
    """`x.data[...]` / `x.data.get(...)`: reading the YAML dicts instead of the model."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Subscript):
            target = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "items", "keys", "values"):
            target = node.func.value
        if isinstance(target, ast.Attribute) and target.attr == "data":
            yield node.lineno


def test_only_the_model_reads_the_raw_yaml():
    """Pages and engine ask the Policy; only checker/model.py (and the loader that builds
    it) touch the validated YAML dicts, so no page can re-derive what applies."""
    allowed = {ROOT / "checker" / "model.py", ROOT / "authoring" / "loader.py", ROOT / "checker" / "web.py", ROOT / "authoring" / "diff.py"}
    for path in [*(ROOT / "macros").glob("*.py"), *(ROOT / "checker").glob("*.py"), *(ROOT / "authoring").glob("*.py")]:
        if path in allowed:
            continue
        assert list(raw_data_reads(path)) == [], (
            f"{path.relative_to(ROOT)} leest de YAML-data rechtstreeks (regels {list(raw_data_reads(path))}); vraag het model"
        )


def _project_imports(path, package: str) -> set[str]:
    """The project modules one file imports (`checker.model`), relative imports and
    imports for type checking only included: both make a module need the other."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}
    return found


def test_no_import_circles():
    """The pipeline reads one way: no module of checker/, authoring/ or macros/ needs,
    through any chain of imports, a module that needs it back."""
    modules = {f"{path.parent.name}.{path.stem}": path for pkg in ("checker", "authoring", "macros") for path in (ROOT / pkg).glob("*.py")}
    graph = {name: {m for m in _project_imports(path, name.split(".")[0]) if m in modules and m != name} for name, path in modules.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), list(graph[start])
        while todo:
            here = todo.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                todo += graph[here]
        return False

    circles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if reaches(b, a))
    assert circles == [], circles
