"""Numbers, the rows of the table, and the report: one table on the terminal, the same
with the per-request detail tables in .bench/report.md."""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass, field

from tools.browser_env import CHROMIUM, Traffic

from .settings import REPORT, ROOT


@dataclass
class Sample:
    """Repeated measurements of one thing (milliseconds or seconds, as named)."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def min(self) -> float:
        return min(self.values) if self.values else float("nan")


@dataclass
class Row:
    """One line of the report's table."""

    area: str
    what: str
    median: str
    minimum: str
    ratio: str = ""
    target: str = ""
    verdict: str = ""


@dataclass
class Run:
    """How the run went, for the report's header."""

    runs: int
    build_runs: int
    took: float  # seconds
    load_before: float
    load_after: float


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def secs(value: float) -> str:
    return f"{value:.2f} s"


def size(n: float) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.2f} MiB"
    return f"{n / 1024:.1f} KiB"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)])


def progress(text: str) -> None:
    print(f"· {text}", file=sys.stderr, flush=True)


def growth(ratio: float, data_ratio: float) -> str:
    if ratio <= data_ratio:
        return "≤ linear"
    return "≈ linear (within 5%)" if ratio <= data_ratio * 1.05 else "super-linear"


def verdict(ok: bool) -> str:
    return "OK" if ok else "over target"


def header(run: Run) -> list[str]:
    lines = [
        "# Benchmark report",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · Chromium {CHROMIUM} · "
        f"{run.runs} page loads and {run.build_runs} build runs per figure · took {run.took:.0f} s · "
        f"load average {run.load_before:.1f} at start, {run.load_after:.1f} at end",
        "",
    ]
    if run.load_before > (os.cpu_count() or 1) * 0.75:  # the load at the end is mostly this run's own
        lines += [
            "**The machine was busy with other work during this run: the timings are noisy. Compare ratios (measured",
            "interleaved) and CPU times rather than absolute wall-clock times, or run again on a quiet machine.**",
            "",
        ]
    return lines


def notes(traffic: Traffic) -> list[str]:
    lines = [
        "",
        "Checker ratios use medians. Checker times are in-page (performance.now() since navigation start), every load in a fresh",
        "context from a server that sends no-store, i.e. cold; checker, bare page and bigger bundles are loaded in turns.",
        "Second visits: the same context loads the page again from a server sending README's caching (Pyodide immutable).",
        "Through the service worker: a browser with a profile on disk visits the checker until the service worker kept it,",
        "then again, from the no-store server: only the service worker's cache helps. Its ratio is to the bare cold boot.",
        "Phone profile: network and CPU slowed over the DevTools protocol (tools/bench/phone.py), on the page and its",
        "workers; the CPU slow-down is Chromium's, so the worker's Python may run faster than on a real phone.",
        "Growth is ≤ linear when time ratio ≤ data ratio. Build ratios (and their verdicts) use the minimum CPU time",
        "(user + system of the command and its children): other load on the machine adds to any time, less to CPU time",
        "and least to the minimum.",
    ]
    if traffic.foreign:
        lines += [
            "",
            f"Requests for other hosts, all stopped on 127.0.0.1 (none left the machine): {len(traffic.foreign)}: "
            + ", ".join(sorted(set(traffic.foreign))[:10]),
        ]
    if traffic.page_errors:
        lines += ["", "JavaScript errors: " + "; ".join(traffic.page_errors[:5])]
    return lines


def write(run: Run, rows: list[Row], details: list[str], traffic: Traffic) -> None:
    """One table on the terminal; the report file adds the per-request detail tables."""
    cells = [[r.area, r.what, r.median, r.minimum, r.ratio, r.target, r.verdict] for r in rows]
    main_table = table(["Area", "Measurement", "Median", "Min", "Ratio", "Target", "Verdict"], cells)
    top, bottom = header(run), notes(traffic)
    print("\n".join([*top, main_table, *bottom]))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join([*top, main_table, *bottom, *details]) + "\n", encoding="utf-8")
    print(f"(with the largest items and request waterfalls: {REPORT.relative_to(ROOT)})", file=sys.stderr)
