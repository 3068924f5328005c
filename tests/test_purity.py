"""The files the browser loads use only the standard library (Pyodide has no PyYAML),
and macros/ stays an adapter: it asks checker/ what applies, it does not decide."""

from __future__ import annotations

import ast
import sys

from checker import BROWSER_MODULES

from .conftest import ROOT


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module or ""


def test_browser_modules_import_only_the_standard_library():
    for module in BROWSER_MODULES:
        path = ROOT / "checker" / f"{module}.py"
        outside = [name for name in imports(path) if name.split(".")[0] not in sys.stdlib_module_names]
        assert outside == [], f"{path.name} importeert {outside}"


def test_checker_knows_nothing_of_mkdocs():
    for path in (ROOT / "checker").glob("*.py"):
        assert not [n for n in imports(path) if n.split(".")[0] in ("mkdocs", "macros", "material")], path.name
