"""Keeps the checker's trimmed standard library complete: a module that is not in it is
read from Pyodide's full python_stdlib.zip, fetched on the first such import only.

Shipped inside the precompiled zip as `_stdlib_fallback` (tools/pyodide_artefacts.mjs) and
installed by the browser worker and the parity test right after Pyodide boots. Why a
finder at the end of sys.meta_path: it is asked only after the normal import failed, so
the trimmed zip answers every module it has and this costs nothing on the usual paths.
"""

from __future__ import annotations

import sys
import zipimport
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


class FullStdlibFinder:
    """Finds modules in the full standard library; `fetch()` returns that zip's path in the
    file system (the worker downloads it then), and is called at most once."""

    def __init__(self, fetch: Callable[[], Any]) -> None:
        self._fetch = fetch
        self._archive: str | None = None
        # Every module asked for, found or not: the parity test requires none on any path.
        self.asked: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: ModuleType | None = None) -> ModuleSpec | None:
        self.asked.append(name)
        if self._archive is None:
            # Offline or a broken host: the import fails as an ordinary ImportError would.
            try:
                self._archive = str(self._fetch())
            except Exception:
                self._archive = ""
        if not self._archive:
            return None
        # A submodule lives in its package's folder of the archive, whichever zip the package came from.
        package = name.rpartition(".")[0].replace(".", "/")
        importer = zipimport.zipimporter(f"{self._archive}/{package}" if package else self._archive)
        return importer.find_spec(name)

    def invalidate_caches(self) -> None:
        pass


def install(fetch: Callable[[], Any]) -> FullStdlibFinder:
    finder = FullStdlibFinder(fetch)
    sys.meta_path.append(finder)
    return finder
