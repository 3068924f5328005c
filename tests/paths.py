"""The path enumeration lives in `checker.paths` (the year comparison uses it too)."""

from checker.paths import alternatives, complete, filler, paths, routing_ids

__all__ = ["alternatives", "complete", "filler", "paths", "routing_ids"]
