"""Eligibility checker for a.s.r.'s birth-care purchasing policy.

The engine (model, engine, identifiers, terms, web) is standard library only, so the same files
run in CPython and in Pyodide. Reading YAML (`loader`) and the CLI are CPython-only.
"""

__all__ = ["BROWSER_MODULES"]

# The modules copied into the browser; a test checks they import only the standard library.
BROWSER_MODULES = ("__init__", "model", "engine", "identifiers", "terms", "web")
