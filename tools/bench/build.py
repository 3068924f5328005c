"""The build timed (`mkdocs build`, the multi-year build, `checker validate` and
`checker bundle`), for the real data and for synthetic data with 10 years and with 10x
the conditions: wall clock and CPU, and whether each grows linearly with the data."""

from __future__ import annotations

import functools
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .report import Row, Sample, growth, progress, secs
from .settings import DATA, HAS_SITE_BUILD, PY, ROOT, SITE_BUILD, SYNTHETIC_FACTOR, YEARS_BUILD_RUNS
from .synthetic import data_bytes, make_years, year_count

ALL_YEARS = f"{SITE_BUILD} (all years)"
BUILD_STEPS = ("mkdocs build", ALL_YEARS, "checker validate", "checker bundle")
YEARS, CONDITIONS = f"{SYNTHETIC_FACTOR} years", f"{SYNTHETIC_FACTOR}× conditions"


@dataclass
class Timing:
    """Seconds of one command: wall clock, and CPU (user + system, its child processes
    included), which other load on the machine hardly changes."""

    wall: Sample = field(default_factory=Sample)
    cpu: Sample = field(default_factory=Sample)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], runs: int, before: Callable[[], None] | None = None) -> Timing:
    timing = Timing()
    for _ in range(runs):
        if before:
            before()
        cpu = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        timing.wall.values.append(time.perf_counter() - started)
        timing.cpu.values.append(_children_cpu() - cpu)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return timing


@dataclass
class BuildResult:
    label: str
    data: Path
    factor: float  # how much more data than the real set (by construction)
    yaml_ratio: float
    times: dict[str, Timing]


def build_env(data: Path) -> dict[str, str]:
    # The data folder is passed on the command line; the environment only silences
    # Material's end-of-life banner, as the Makefile does.
    return dict(os.environ) | {"NO_MKDOCS_2_WARNING": "1"}


def site_build_cmd(data: Path, site: Path) -> list[str]:
    return [PY, "-m", SITE_BUILD, "--data", str(data), "--site", str(site)]


def measure_build(label: str, data: Path, factor: float, tmp: Path, runs: int, all_years_runs: int | None = None) -> BuildResult:
    env = build_env(data)
    out = tmp / f"out-{label}"
    clear = functools.partial(shutil.rmtree, out, ignore_errors=True)
    times: dict[str, Timing] = {}
    progress(f"build: {label}")
    # MkDocs alone, on the root year's generated sources (pages, menu, config), made once first.
    sources = tmp / f"src-{label}"
    subprocess.run([*site_build_cmd(data, sources / "site"), "--sources-only"], cwd=ROOT, env=env, check=True, capture_output=True)
    config = sources / "build" / "site-src" / "root" / "mkdocs.yml"
    times["mkdocs build"] = timed([PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "--site-dir", str(out / "mkdocs")], env, runs, clear)
    if HAS_SITE_BUILD and all_years_runs != 0:
        times[ALL_YEARS] = timed(site_build_cmd(data, out / "site"), env, all_years_runs or runs, clear)
    times["checker validate"] = timed([PY, "-m", "checker", "--data", str(data), "validate"], env, runs)
    times["checker bundle"] = timed([PY, "-m", "checker", "--data", str(data), "bundle", "--out", str(out / "bundle")], env, runs, clear)
    return BuildResult(label, data, factor, data_bytes(data) / data_bytes(DATA), times)


def build_part(tmp: Path, years_data: Path, conditions_data: Path, runs: int, details: list[str]) -> list[Row]:
    measure_build("warm-up", DATA, 1, tmp, 1)
    real = measure_build("real", DATA, 1, tmp, runs)
    results = {
        YEARS: measure_build("years", years_data, SYNTHETIC_FACTOR, tmp, runs, all_years_runs=0),
        CONDITIONS: measure_build("conditions", conditions_data, SYNTHETIC_FACTOR, tmp, runs),
    }
    halves: Timing | None = None
    if HAS_SITE_BUILD:
        results[YEARS].times[ALL_YEARS], halves = measure_years_in_turns(tmp, years_data)
    rows = build_rows(real, results, halves, runs)
    details += build_notes(rows)
    return rows


def measure_years_in_turns(tmp: Path, years_data: Path) -> tuple[Timing, Timing]:
    """The multi-year build with 10 and with 5 years, in turns. Real data is one year with no
    year before it; from the second year on each year's build also loads its predecessor
    and renders the comparison, so 5 → 10 years is the fairer test of linearity."""
    half_data = make_years(tmp / "data-years-half", SYNTHETIC_FACTOR // 2)
    full, halves = Timing(), Timing()
    # The build makes each data set's own bundle beside its site; nothing in docs/ changes.
    for i in range(YEARS_BUILD_RUNS):
        pair = [(years_data, full), (half_data, halves)]
        for data, timing in pair if i % 2 == 0 else pair[::-1]:
            progress(f"build: {SITE_BUILD} with {year_count(data)} years, run {i + 1}/{YEARS_BUILD_RUNS}")
            out = tmp / "out-years-site"
            one = timed(site_build_cmd(data, out), build_env(data), 1, functools.partial(shutil.rmtree, out, ignore_errors=True))
            timing.wall.values += one.wall.values
            timing.cpu.values += one.cpu.values
    return full, halves


def build_rows(real: BuildResult, results: dict[str, BuildResult], halves: Timing | None, runs: int) -> list[Row]:
    """Per step: real data, then each synthetic set against it (and 10 against 5 years)."""
    rows: list[Row] = []
    for step in BUILD_STEPS:
        if step not in real.times:
            continue
        base = real.times[step]
        rows.append(
            Row("Build", f"{step}: real data", f"{secs(base.wall.median)} (CPU {secs(base.cpu.median)})", f"{secs(base.wall.min)} (CPU {secs(base.cpu.min)})")
        )
        rows += [step_row(step, what, result, base, runs) for what, result in results.items()]
        if step == ALL_YEARS and halves is not None:
            rows.append(halves_row(step, results[YEARS].times[step], halves))
    return rows


def step_row(step: str, what: str, result: BuildResult, base: Timing, runs: int) -> Row:
    timing = result.times[step]
    cpu = timing.cpu.min / base.cpu.min
    wall = timing.wall.median / base.wall.median
    runs_note = f" ({len(timing.wall.values)} run{'s' if len(timing.wall.values) != 1 else ''})" if len(timing.wall.values) != runs else ""
    return Row(
        "Build",
        f"{step}: {what}{runs_note}",
        f"{secs(timing.wall.median)} (CPU {secs(timing.cpu.median)})",
        f"{secs(timing.wall.min)} (CPU {secs(timing.cpu.min)})",
        f"{cpu:.2f} (wall median {wall:.2f})",
        f"≤ {result.factor:g} (YAML ×{result.yaml_ratio:.1f})",
        growth(cpu, result.factor),
    )


def halves_row(step: str, full: Timing, halves: Timing) -> Row:
    """The multi-year build: 10 years against 5, measured in turns."""
    half = SYNTHETIC_FACTOR // 2
    ratio = full.cpu.min / halves.cpu.min
    wall = full.wall.median / halves.wall.median
    return Row(
        "Build",
        f"{step}: {half} years ({len(halves.wall.values)} runs, in turns with {SYNTHETIC_FACTOR})",
        f"{secs(halves.wall.median)} (CPU {secs(halves.cpu.median)})",
        f"{secs(halves.wall.min)} (CPU {secs(halves.cpu.min)})",
        f"{SYNTHETIC_FACTOR} vs {half} years: {ratio:.2f} (wall median {wall:.2f})",
        f"≤ {SYNTHETIC_FACTOR / half:g}",
        growth(ratio, SYNTHETIC_FACTOR / half),
    )


def build_notes(rows: list[Row]) -> list[str]:
    steep = [r.what for r in rows if r.verdict == "super-linear"]
    if not steep:
        return []
    return [
        "",
        "### Build notes",
        "",
        "Growing faster than the data (minimum CPU time): " + "; ".join(steep) + ". "
        "Real data is one year, with no year before it: from the second year on, every year's build also loads "
        "its predecessor and renders the comparison, a fixed extra per year. The 5 → 10 years row shows "
        "whether the cost per year itself grows with the number of years.",
    ]
