"""Build the whole site: every published policy year, each a complete MkDocs build.

    python -m tools.build [--data policy_data] [--site site] [--preview]   # make build, make serve
    python -m tools.build --sources-only                                     # make assets
    python -m tools.build --watch                                            # make watch

For each year the build step first writes a folder build/site-src/<root or year>/ (beside
the site folder): the generated pages and menu with a complete MkDocs config
(macros/generate.py), the checker bundle with its precompiled Python, and, for the root
year only, the self-hosted Pyodide. Then `python -m mkdocs build -f <that config>`.

Every year is built at its permanent address (`2024/`), and the current year at the root
too (macros.config.editions): a link to one year's policy keeps showing that year.

Why separate builds: each year is a complete, self-contained site (own search index,
own checker bundle, own links), and docs/ stays one set of short pages calling macros.
Why build into a scratch folder and swap: a failed build never leaves a half-written site,
and the swap (replace_site) leaves a whole site/ whenever Ctrl+C comes.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from authoring.cases import CaseFailure, failing
from authoring.loader import DATA_DIR, DataError, load_all, require_definitive, statuses
from authoring.problems import Problem
from authoring.yearly import require_reviewed
from checker.model import Policy
from macros.config import Edition, SiteConfig, editions, pyodide_path
from macros.generate import write_sources
from macros.years import year_switcher
from tools.hosts import write_host_files
from tools.offline import OfflineError, python_files, write_service_worker
from tools.pdf import PdfError, print_site

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYODIDE_PACKAGE = PROJECT_DIR / "node_modules" / "pyodide"
# The files of Pyodide the checker loads from assets/pyodide/<version>/; a build without
# any of them publishes a checker that never starts. Add a new artefact here.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# What the site ships of the (unmodified) Pyodide package: the files above and their neighbours.
PYODIDE_SHIPPED = ("pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "package.json")
FIX = "Draai make build (dat maakt de checkerbundel en zet Pyodide in de site)."


class BuildError(Exception):
    """A step of the build failed; the message is for the person building (Dutch)."""


def verify_site(site: Path, built: list[Edition], pyodide: str = "") -> list[str]:
    """What the built site lacks, one Dutch line each: every year's checker bundle (the
    manifest and every file it lists, including that year's policy) and, at the root,
    the self-hosted Pyodide that every year links to."""
    problems: list[str] = []
    for edition in built:
        folder = site / edition.prefix / "assets" / "checker"
        manifest_path = folder / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            listed = [*manifest["files"], *manifest["bundles"].values()]
            # The precompiled Python the worker boots from first (tools/pyodide_artefacts.mjs).
            if manifest.get("python"):
                listed += python_files(manifest["python"])
            years = set(manifest["bundles"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            problems.append(f"{manifest_path}: de checkerbundel ontbreekt of is onleesbaar. {FIX}")
            continue
        problems += [f"{folder / name}: bestand uit manifest.json ontbreekt in de site. {FIX}" for name in listed if not (folder / name).is_file()]
        if str(edition.year) not in years:
            problems.append(f"{manifest_path}: de checkerbundel heeft geen beleidsjaar {edition.year}. {FIX}")
    pyodide = pyodide or pyodide_path(PROJECT_DIR)
    problems += [f"{site / pyodide / name}: bestand van Pyodide ontbreekt in de site. {FIX}" for name in PYODIDE_FILES if not (site / pyodide / name).is_file()]
    return problems


# -- the inputs of every year: checker bundle and Pyodide --------------------------------------


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        raise BuildError(f"{what} mislukt; de vorige site is ongewijzigd.")


def make_bundle(data: Path, preview: bool, out: Path) -> None:
    """The checker bundle (a preview bundles drafts too) and its Python precompiled inside
    the pinned Pyodide, written to `out` (never into docs/)."""
    drafts = ["--drafts"] if preview else []
    _run([sys.executable, "-m", "checker", "--data", str(data), "bundle", *drafts, "--out", str(out)], "De checkerbundel maken")
    _run(["node", "tools/pyodide_artefacts.mjs", str(PYODIDE_PACKAGE), str(out)], "Het voorcompileren van de checker")


def copy_pyodide(docs: Path) -> None:
    """Pyodide's files, unmodified, into a year's docs (the root year's only: the other years
    link there). Unchanged files are left alone, so `make watch` does not rebuild for them."""
    target = docs / pyodide_path(PROJECT_DIR)
    for old in (docs / "assets" / "pyodide").glob("*"):
        if old != target:
            shutil.rmtree(old)
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_SHIPPED:
        source, copy = PYODIDE_PACKAGE / name, target / name
        if not copy.is_file() or (copy.stat().st_size, copy.stat().st_mtime_ns) != (source.stat().st_size, source.stat().st_mtime_ns):
            shutil.copy2(source, copy)


def pyodide_bytes() -> int:
    """The size of Pyodide's big files, which the checker shows while it waits for them."""
    return sum((PYODIDE_PACKAGE / name).stat().st_size for name in PYODIDE_SHIPPED if name.endswith((".wasm", ".zip")))


# -- one year ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """One run of the build: the data, the kind of site, and where its sources go."""

    data: Path
    preview: bool
    work: Path
    # The deploy's PDF of *Het hele beleid* per year (make build PDF=1), printed before the swap.
    pdf: bool = False

    def folder(self, edition: Edition) -> Path:
        return self.work / (edition.prefix.rstrip("/") or "root")

    def site_config(self, edition: Edition, year_switch: str) -> SiteConfig:
        return SiteConfig(
            data_dir=self.data.resolve(),
            year=edition.year,
            preview=self.preview,
            prefix=edition.prefix,
            year_switch=year_switch,
            pyodide=pyodide_path(PROJECT_DIR),
            pyodide_bytes=pyodide_bytes(),
            pdf=self.pdf,
        )


def write_year(build: Build, edition: Edition, policy: Policy, year_switch: str, bundle: Path, watch: list[Path] | None = None) -> Path:
    """One year's build folder, complete: pages, menu, config, bundle (and Pyodide at the root)."""
    folder = build.folder(edition)
    config_file = write_sources(folder, PROJECT_DIR, build.site_config(edition, year_switch), policy, watch)
    checker = folder / "docs" / "assets" / "checker"
    if checker.resolve() != bundle.resolve():
        shutil.rmtree(checker, ignore_errors=True)
        shutil.copytree(bundle, checker)
    if not edition.prefix:
        copy_pyodide(folder / "docs")
    return config_file


def write_all(build: Build, built: list[Edition], checked: tuple[dict[int, Policy], dict[int, list[Problem]]]) -> dict[Edition, Path]:
    """Every year's build folder; the bundle is made once, in the root year's folder."""
    policies, failures = checked
    bundle = build.folder(built[0]) / "docs" / "assets" / "checker"
    make_bundle(build.data, build.preview, bundle)
    configs = {}
    for edition in built:
        banner = failing_banner(edition.year, failures[edition.year]) if edition.year in failures else ""
        configs[edition] = write_year(build, edition, policies[edition.year], year_switcher(built, edition) + banner, bundle)
    return configs


def mkdocs_build(config_file: Path, target: Path, edition: Edition) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "--site-dir", str(target.resolve())]
    done = subprocess.run(cmd, cwd=PROJECT_DIR, capture_output=True, text=True)
    if done.returncode != 0:
        # Why not --quiet: in strict mode MkDocs stops on a warning (a macro error in a page is
        # one), and --quiet hides exactly that reason. Its own progress lines (INFO) are left out.
        reason = "\n".join(line for line in done.stderr.splitlines() if line.strip() and not line.startswith("INFO"))
        raise BuildError(f"{reason}\nBouwen van beleidsjaar {edition.year} mislukt (MkDocs meldt het hierboven); de vorige site is ongewijzigd.")
    print(f"{edition.year}{' (concept)' if edition.draft else ''} gebouwd in {target}", file=sys.stderr)


# -- the command ---------------------------------------------------------------------------------


def load_checked(data: Path, preview: bool) -> tuple[dict[int, Policy], dict[int, list[Problem]]]:
    """Every year validated once here; each year's build then reads only what it shows.
    A published site needs a definitive year at its root; a preview shows drafts too.
    A failing policy test (tests.yaml) stops a published build; a preview is built, and
    the banner of each year with failing tests names them (returned per year)."""
    policies = load_all(data)
    if not preview:
        require_definitive(data)
    # A definitive year may not publish texts that still name an earlier year (authoring.yearly).
    require_reviewed(data)
    failures = {year: found for year, policy in policies.items() if (found := failing(policy, data, year))}
    if failures and not preview:
        raise CaseFailure([p for found in failures.values() for p in found])
    for year, found in failures.items():
        print(f"Let op: {len(found)} beleidstest(en) van {year} kloppen niet; de preview toont ze bovenaan elke pagina, make build stopt.", file=sys.stderr)
    return policies, failures


def failing_banner(year: int, found: list[Problem]) -> str:
    """Above every page of a preview year whose policy tests fail: which, and that it cannot be published so."""
    items = "".join(f"<li>{escape(str(p))}</li>" for p in found)
    return (
        '<div class="admonition danger failing-cases"><p class="admonition-title">Beleidstests kloppen niet</p>'
        f"<p>Dit beleid voor {year} kan zo niet gepubliceerd worden: deze gevallen uit tests.yaml kloppen niet met de checker. "
        f"Pas de data of het geval aan; make build stopt tot ze kloppen.</p><ul>{items}</ul></div>"
    )


def build_site(build: Build, site: Path, sources_only: bool) -> None:
    built = sorted(editions(statuses(build.data), build.preview), key=lambda e: e.prefix)
    configs = write_all(build, built, load_checked(build.data, build.preview))
    if sources_only:
        return
    scratch = site.with_name(site.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        for edition, config_file in configs.items():
            mkdocs_build(config_file, scratch / edition.prefix, edition)
        # The service worker of each year learns its checker's files (offline use, tools/offline.py).
        for edition in configs:
            try:
                write_service_worker(scratch / edition.prefix, "../" * edition.prefix.count("/") + pyodide_path(PROJECT_DIR))
            except OfflineError as exc:
                raise BuildError(f"{exc}\nDe site is niet compleet; de vorige site is ongewijzigd.") from None
        # The headers for each host that reads them from the site (macros/headers.py).
        write_host_files(scratch)
        # The PDFs go into the scratch site too, so the swap brings the site and its PDFs in at once.
        if build.pdf:
            print_pdfs(scratch)
        # Check what the pages load before the swap: a site without them looks fine but its checker never starts.
        missing = verify_site(scratch, built)
        if missing:
            raise BuildError("\n".join(missing) + "\nDe site is niet compleet; de vorige site is ongewijzigd.")
    except (BuildError, KeyboardInterrupt):
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    replace_site(scratch, site)


def print_pdfs(scratch: Path) -> None:
    try:
        print_site(scratch)
    except PdfError as exc:
        raise BuildError(f"{exc}\nDe site is niet vervangen; de vorige site is ongewijzigd.") from exc


# -- the swap: site/ is always a whole site, the old one or the new one ------------------------
# Why: make serve, the tests and the bench read site/ while a build runs, and Ctrl+C may come
# at any moment. Deleting site/ and then renaming the new one into place left no site, or half
# of one, when it came in between.

AT_FDCWD = -100
RENAME_EXCHANGE = 2
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP} if hasattr(signal, "SIGHUP") else {signal.SIGINT, signal.SIGTERM}


def _exchange(new: Path, old: Path) -> bool:
    """Swap two folders in one step of the kernel (Linux renameat2 RENAME_EXCHANGE), so there
    is no moment without either. False where the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(old), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(old))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl+C (and a stop from the system) waits until the block is done, then arrives as usual."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def replace_site(scratch: Path, site: Path) -> None:
    """Put the finished site in `scratch` in the place of `site`: swapped in one step where the
    system can; elsewhere the old site is renamed away and the new one in, with Ctrl+C held
    between those two renames. The old site is removed after, outside site/."""
    old = site.with_name(site.name + ".old")
    # A swap cut off by a power failure between its two renames: the old site goes back.
    if not site.exists() and old.is_dir():
        old.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    with _signals_held():
        if not site.exists():
            scratch.rename(site)
        elif _exchange(scratch, site):
            scratch.rename(old)
        else:
            site.rename(old)
            scratch.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _changes(paths: list[Path]) -> tuple[tuple[str, int], ...]:
    return tuple((str(p), p.stat().st_mtime_ns) for root in paths for p in sorted(root.rglob("*")) if p.is_file())


def watch(build: Build, address: str) -> None:
    """The root year with MkDocs' own live-reloading server. The folder is written again when
    docs/, the data or mkdocs.yml change (a new provider type gets its page at once); MkDocs
    sees the rewritten files and rebuilds. Its bundle is the one made at the start."""
    root = next(e for e in editions(statuses(build.data), preview=False) if not e.prefix)
    bundle = build.folder(root) / "docs" / "assets" / "checker"
    make_bundle(build.data, False, bundle)
    inputs = [PROJECT_DIR / "docs", build.data.resolve(), PROJECT_DIR / "mkdocs.yml"]

    def write() -> Path:
        return write_year(build, root, load_all(build.data)[root.year], "", bundle, watch=[build.data.resolve()])

    config_file, seen = write(), _changes(inputs)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "--dev-addr", address], cwd=PROJECT_DIR)
    try:
        while server.poll() is None:
            time.sleep(1)
            if _changes(inputs) != seen:
                seen = _changes(inputs)
                try:
                    write()
                except DataError as exc:
                    print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build", description="Bouw de site voor alle gepubliceerde beleidsjaren.")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--preview", action="store_true", help="ook conceptjaren bouwen (gemarkeerd als concept)")
    parser.add_argument("--sources-only", action="store_true", help="alleen build/site-src/ schrijven (pagina's, menu, bundel), niet bouwen")
    parser.add_argument("--pdf", action="store_true", help="ook Het hele beleid van elk jaar als PDF (met Chromium uit apt)")
    parser.add_argument("--watch", metavar="ADRES", nargs="?", const="127.0.0.1:8000", help="het hoofdjaar live tonen met mkdocs serve")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"Map met beleidsdata '{args.data}' bestaat niet. Geef met --data een map met beleidsjaren.", file=sys.stderr)
        return 2
    # The sources sit beside the site: every build (a test's too) has its own.
    build = Build(args.data, args.preview, args.site.resolve().parent / "build" / "site-src", args.pdf)
    try:
        if args.watch:
            watch(build, args.watch)
        else:
            build_site(build, args.site, args.sources_only)
    except CaseFailure as exc:
        print(f"Beleidstests die niet kloppen (tests.yaml); de site is niet gebouwd:\n{exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        print(f"Fout in de beleidsdata:\n{exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if args.watch:
            return 0
        print(f"Bouwen onderbroken. De map {args.site} is niet half vervangen: daar staat nog de vorige site, of al de hele nieuwe.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
