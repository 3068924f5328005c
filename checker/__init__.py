"""The checker that ships to the browser: the policy model, the engine that decides, and the
web entry point (`web.handle`). Standard library only, so the same files run in CPython and
in Pyodide. Everything the purchasing team runs on the data (loading YAML, rules, paths,
policy tests, year comparison, the command line) lives in `authoring/`.
"""
