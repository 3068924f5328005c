"""The path enumeration lives in authoring/paths.py (the trees and the year comparison use
it too); the tests import it from there."""

from authoring.paths import VALID_TEXT, alternatives, complete, filler, paths, routing_ids

__all__ = ["VALID_TEXT", "alternatives", "complete", "filler", "paths", "routing_ids"]
