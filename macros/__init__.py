"""mkdocs-macros entry point: a thin adapter from the policy model to Markdown.

Why a package and `define_env`: mkdocs-macros (and Zensical, which reads the same
option) imports `macros` and calls `define_env`; everything else is plain functions.
"""

from .plugin import define_env

__all__ = ["define_env"]
