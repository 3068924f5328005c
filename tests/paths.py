"""The path enumeration lives in authoring/paths.py (the trees and the year comparison use
it too); the tests import it from there."""

from authoring.paths import alternatives, complete, filler, paths, routing_ids

__all__ = ["alternatives", "complete", "filler", "paths", "routing_ids"]
