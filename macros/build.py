"""Build the whole site: the root year with mkdocs, then every other published year
into its own folder (`site/2023/`), each a complete MkDocs build of the same docs/.

Why separate builds: each year is a complete, self-contained site (own search index,
own checker bundle, own links), and docs/ stays one set of short pages calling macros.
Why build into a scratch folder and swap: a failed build never leaves a half-written site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from checker.loader import DATA_DIR, DataError, load_all, statuses

from .config import editions
from .years import year_switcher


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.build", description="Bouw de site voor alle gepubliceerde beleidsjaren.")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("POLICY_DATA") or DATA_DIR))
    parser.add_argument("--preview", action="store_true", help="ook conceptjaren bouwen (gemarkeerd als concept)")
    args = parser.parse_args(argv)
    # Validate every year once here; each year's build then reads only what it shows.
    try:
        load_all(args.data)
    except DataError as exc:
        print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
        return 1
    scratch = args.site.with_name(args.site.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    published = editions(statuses(args.data), args.preview)
    for edition in sorted(published, key=lambda e: e.prefix):
        env = {
            **os.environ,
            "POLICY_DATA": str(args.data.resolve()),
            "POLICY_YEAR": str(edition.year),
            "POLICY_PREVIEW": "1" if args.preview else "",
            "NO_MKDOCS_2_WARNING": "1",
            # Pyodide is served once, from the root year's assets; the other years link there.
            "EXCLUDE_DOCS": "assets/pyodide/" if edition.prefix else "",
            # The year switcher and draft banner, for the theme to put above every page.
            "POLICY_YEAR_SWITCH": year_switcher(published, edition),
        }
        target = scratch / edition.prefix
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)]
        done = subprocess.run(cmd, env=env)
        if done.returncode != 0:
            shutil.rmtree(scratch, ignore_errors=True)
            print(f"Bouwen van beleidsjaar {edition.year} mislukt; de vorige site is ongewijzigd.", file=sys.stderr)
            return done.returncode
        print(f"{edition.year}{' (concept)' if edition.draft else ''} gebouwd in {target}", file=sys.stderr)
    shutil.rmtree(args.site, ignore_errors=True)
    scratch.rename(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
