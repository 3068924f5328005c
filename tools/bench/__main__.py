"""`python -m tools.bench` (make bench): the command line; runs the parts and writes the report."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from macros.config import pyodide_path
from tools import bench
from tools.browser_env import CHROMIUM, Traffic

from . import report
from .browser_part import browser_part
from .build import build_part
from .journey import journey_rows
from .report import Row
from .settings import CHECKER_PAGE, POLICY_PAGE, ROOT, SITE, SYNTHETIC_FACTOR
from .synthetic import make_conditions, make_years


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=(bench.__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, choices=range(1, 51), metavar="N", help="page loads per measurement (default 5)")
    parser.add_argument("--build-runs", type=int, default=3, help="runs per build command (default 3)")
    parser.add_argument("--skip-build", action="store_true", help="only the browser part")
    parser.add_argument("--skip-browser", action="store_true", help="only the build part")
    return parser.parse_args(argv)


def check_site() -> None:
    needed = (CHECKER_PAGE + "index.html", "assets/checker/manifest.json", pyodide_path(ROOT) + "pyodide.asm.wasm", POLICY_PAGE + "index.html")
    missing = [p for p in needed if not (SITE / p).is_file()]
    if missing:
        sys.exit(f"The built site is missing {', '.join(missing)} in {SITE}: run `make build` first (make bench does).")
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: `make chromium` installs Debian's.")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    check_site()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    details: list[str] = []
    traffic = Traffic()

    # Pages and taps to the verdict (issue 14): counted on the walks, no browser needed.
    rows += journey_rows()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        years_data = make_years(tmp / "data-years", SYNTHETIC_FACTOR)
        conditions_data = make_conditions(tmp / "data-conditions", SYNTHETIC_FACTOR)
        if not args.skip_browser:
            rows += browser_part(tmp, years_data, conditions_data, args.runs, traffic, details)
        if not args.skip_build:
            rows += build_part(tmp, years_data, conditions_data, args.build_runs, details)

    load_after = os.getloadavg()[0]
    report.write(report.Run(args.runs, args.build_runs, time.perf_counter() - started, load_before, load_after), rows, details, traffic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
