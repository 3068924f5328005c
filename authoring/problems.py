"""What the loader and its rules report: one problem per line, `file:line: what. fix.`,
and the map from a place in a YAML document to its line (CPython only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    """One data error, with enough to find and fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised with every problem found; str() is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# -- YAML with line numbers -------------------------------------------------------------


class Lines:
    """Maps a path inside a YAML document (keys and indexes) to its line number."""

    def __init__(self, node: yaml.Node | None):
        self.node = node

    def line(self, path: list[Any] | tuple[Any, ...]) -> int | None:
        node = self.node
        best = node.start_mark.line + 1 if node is not None else None
        for key in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                node = None
            if node is None:
                break
            best = node.start_mark.line + 1
        return best
