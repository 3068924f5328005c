"""What the service worker of the built site keeps (tools/offline.py): everything the checker
needs to start without a network, checked by hash, under a build id that changes with the
checker's files and only then. The browser side is tests/browser/test_offline.py."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from macros.config import pyodide_path
from tools.offline import BUILD_LINE, OfflineError, write_service_worker

from .conftest import ROOT

SITE = Path(os.environ.get("CHECKER_SITE_DIR", ROOT / "site")).resolve()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the built site (without the years at their own address), to change safely."""
    if not (SITE / "service-worker.js").is_file():
        pytest.fail(f"De gebouwde site ontbreekt in {SITE}: draai eerst `make build`.", pytrace=False)
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy, ignore=shutil.ignore_patterns("[0-9][0-9][0-9][0-9]"))
    return copy


def build_of(site: Path) -> dict:
    line = BUILD_LINE.search((site / "service-worker.js").read_text(encoding="utf-8"))
    assert line, "service-worker.js heeft geen ingevulde BUILD-regel"
    return json.loads(line.group(0)[len("const BUILD = ") : -1])


def test_the_built_worker_keeps_all_the_checker_needs_with_correct_hashes() -> None:
    build = build_of(SITE)
    paths = [path for path, _ in build["checker"]]
    manifest = json.loads((SITE / "assets" / "checker" / "manifest.json").read_text(encoding="utf-8"))
    page = (SITE / "checker" / "index.html").read_text(encoding="utf-8")
    scripts = {("checker/" + src).replace("checker/../", "") for src in re.findall(r'<script[^>]*src="(\.\./[^"]+)"', page)}
    needed = {"checker/", "javascripts/checker-worker.js", "assets/checker/manifest.json", f"assets/checker/{manifest['python']['zip']}", *scripts}
    needed |= {f"assets/checker/{manifest['python']['decoder']}", "javascripts/zstd.mjs"}
    needed |= {f"assets/checker/{name}" for name in manifest["bundles"].values()}
    assert needed <= set(paths), sorted(needed - set(paths))
    assert [p.rsplit("/", 1)[-1] for p, _ in build["pyodide"]] == ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"]
    assert all(p.startswith(pyodide_path(ROOT)) for p, _ in build["pyodide"])
    for path, integrity in build["checker"] + build["pyodide"]:
        file = SITE / path / "index.html" if path.endswith("/") else SITE / path
        assert integrity == "sha256-" + base64.b64encode(hashlib.sha256(file.read_bytes()).digest()).decode(), path


def test_the_build_id_follows_the_checkers_files(site: Path) -> None:
    before = build_of(site)["id"]
    write_service_worker(site, pyodide_path(ROOT))
    assert build_of(site)["id"] == before, "dezelfde bestanden, een ander build-id"
    # A text page the checker does not use: same build, same cache.
    (site / "procedure" / "index.html").write_text("<p>anders</p>", encoding="utf-8")
    write_service_worker(site, pyodide_path(ROOT))
    assert build_of(site)["id"] == before
    # The policy bundle changes: a new build, kept apart.
    bundle = next((site / "assets" / "checker").glob("policy-*.json"))
    bundle.write_text(bundle.read_text(encoding="utf-8") + " ", encoding="utf-8")
    write_service_worker(site, pyodide_path(ROOT))
    assert build_of(site)["id"] != before


def test_a_site_without_what_the_checker_needs_stops_the_build(site: Path) -> None:
    next((site / "assets" / "checker").glob("python-*.zip.zst")).unlink()
    with pytest.raises(OfflineError, match=r"python-[0-9a-f]+\.zip\.zst: nodig om de checker zonder internet"):
        write_service_worker(site, pyodide_path(ROOT))
