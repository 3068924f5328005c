"""The checker as the browser gets it: the runtime package's source files and one JSON
bundle per policy year, with a manifest naming them (CPython only)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import checker
from checker.model import Policy, Status
from checker.web import bundle

CHECKER_DIR = Path(checker.__file__).resolve().parent


def runtime_modules() -> list[str]:
    """The modules that ship to the browser: the whole `checker` package, except its command
    line entry (which hands over to these tools). Derived from the folder, never listed."""
    return sorted(p.stem for p in CHECKER_DIR.glob("*.py") if p.stem != "__main__")


def write_bundle(out: Path, policies: dict[int, Policy], drafts: bool) -> list[str]:
    """Write the bundle folder at `out` (swapped in whole); returns the years written.
    Without `drafts`, only definitive years go in."""
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "checker").mkdir(parents=True)
    files = []
    for module in runtime_modules():
        shutil.copyfile(CHECKER_DIR / f"{module}.py", tmp / "checker" / f"{module}.py")
        files.append(f"checker/{module}.py")
    if not drafts:
        policies = {y: p for y, p in policies.items() if p.meta.status == Status.DEFINITIVE}
    bundles = {}
    for year, policy in policies.items():
        name = f"policy-{year}.json"
        (tmp / name).write_text(json.dumps(bundle(policy), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        bundles[str(year)] = name
    manifest = {"files": files, "bundles": bundles, "latest": max(policies)}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return list(bundles)
