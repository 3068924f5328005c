"""Tools for the purchasing team (CPython only): read and validate the YAML (loader and its
named rules), walk the checker's paths, run the policy tests, compare years, review a new
year, write the browser bundle, and the command line (`python -m checker …`).

Nothing here ships to the browser; `checker/` is the runtime these tools feed.
"""
