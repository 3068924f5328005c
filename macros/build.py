"""Build the whole site: the root year with mkdocs, then every other published year
into its own folder (`site/2023/`), each a complete MkDocs build of the same docs/.

Why separate builds: each year is a complete, self-contained site (own search index,
own checker bundle, own links), and docs/ stays one set of short pages calling macros.
Why build into a scratch folder and swap: a failed build never leaves a half-written site.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from authoring.loader import DATA_DIR, DataError, load_all, require_definitive, statuses
from authoring.yearly import require_reviewed

from .config import Edition, editions, pyodide_path
from .years import year_switcher

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The files of Pyodide the checker loads from assets/pyodide/<version>/; a build without
# any of them publishes a checker that never starts. Add a new artefact here.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def verify_site(site: Path, built: list[Edition], pyodide: str = "") -> list[str]:
    """What the built site lacks, one Dutch line each: every year's checker bundle (the
    manifest and every file it lists, including that year's policy) and, at the root,
    the self-hosted Pyodide that every year links to."""
    problems: list[str] = []
    fix = "Draai make build (dat maakt docs/assets/checker en docs/assets/pyodide)."
    for edition in built:
        folder = site / edition.prefix / "assets" / "checker"
        manifest_path = folder / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            listed = [*manifest["files"], *manifest["bundles"].values()]
            # The precompiled Python the worker boots from first (tools/pyodide_artefacts.mjs).
            if manifest.get("python"):
                listed.append(manifest["python"]["zip"])
            years = set(manifest["bundles"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            problems.append(f"{manifest_path}: de checkerbundel ontbreekt of is onleesbaar. {fix}")
            continue
        problems += [f"{folder / name}: bestand uit manifest.json ontbreekt in de site. {fix}" for name in listed if not (folder / name).is_file()]
        if str(edition.year) not in years:
            problems.append(f"{manifest_path}: de checkerbundel heeft geen beleidsjaar {edition.year}. {fix}")
    pyodide = pyodide or pyodide_path(PROJECT_DIR)
    problems += [f"{site / pyodide / name}: bestand van Pyodide ontbreekt in de site. {fix}" for name in PYODIDE_FILES if not (site / pyodide / name).is_file()]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.build", description="Bouw de site voor alle gepubliceerde beleidsjaren.")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("POLICY_DATA") or DATA_DIR))
    parser.add_argument("--preview", action="store_true", help="ook conceptjaren bouwen (gemarkeerd als concept)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"Map met beleidsdata '{args.data}' bestaat niet. Geef met --data een map met beleidsjaren.", file=sys.stderr)
        return 2
    # Validate every year once here; each year's build then reads only what it shows.
    # A published site needs a definitive year at its root; a preview shows drafts too.
    try:
        load_all(args.data)
        if not args.preview:
            require_definitive(args.data)
        # A definitive year may not publish texts that still name an earlier year (authoring.yearly).
        require_reviewed(args.data)
    except DataError as exc:
        print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
        return 1
    scratch = args.site.with_name(args.site.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    built = sorted(editions(statuses(args.data), args.preview), key=lambda e: e.prefix)
    for edition in built:
        env = {
            **os.environ,
            "POLICY_DATA": str(args.data.resolve()),
            "POLICY_YEAR": str(edition.year),
            "POLICY_PREVIEW": "1" if args.preview else "",
            "NO_MKDOCS_2_WARNING": "1",
            # Pyodide is served once, from the root year's assets; the other years link there.
            "EXCLUDE_DOCS": "assets/pyodide/" if edition.prefix else "",
            # The year switcher and draft banner, for the theme to put above every page.
            "POLICY_YEAR_SWITCH": year_switcher(built, edition),
        }
        target = scratch / edition.prefix
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)]
        done = subprocess.run(cmd, env=env)
        if done.returncode != 0:
            shutil.rmtree(scratch, ignore_errors=True)
            print(f"Bouwen van beleidsjaar {edition.year} mislukt; de vorige site is ongewijzigd.", file=sys.stderr)
            return done.returncode
        print(f"{edition.year}{' (concept)' if edition.draft else ''} gebouwd in {target}", file=sys.stderr)
    # Check what the pages load before the swap: a site without them looks fine but its checker never starts.
    missing = verify_site(scratch, built)
    if missing:
        shutil.rmtree(scratch, ignore_errors=True)
        print("\n".join(missing) + "\nDe site is niet compleet; de vorige site is ongewijzigd.", file=sys.stderr)
        return 1
    shutil.rmtree(args.site, ignore_errors=True)
    scratch.rename(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
