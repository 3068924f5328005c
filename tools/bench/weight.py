"""Page weight: the bytes the server sent for a policy page, the checker page until ready
and the bare page, raw and as gzip level 6 would send them, with the largest items and
the request waterfalls for the report file."""

from __future__ import annotations

import functools
import gzip
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, Request

from tools.browser_env import Traffic

from .browser import fresh_page, load_until_ready
from .report import Row, progress, size, table, verdict
from .server import Sent, Server
from .settings import BARE_PAGE, CHECKER_PAGE, POLICY_PAGE, WEIGHT_TARGET


@dataclass
class Fetch:
    path: str
    start_ms: float
    end_ms: float


Item = tuple[str, int, int]  # URL path, raw bytes, gzip -6 bytes


@dataclass
class Weight:
    items: list[Item]  # until ready (checker) or until the load event (other pages), largest first
    after: list[Item]  # requested after that, until the network was idle
    fetches: list[Fetch]  # the browser's view: when each request started and ended
    ready_ms: float  # in-page time of ready or of the load event

    @property
    def raw(self) -> int:
        return sum(i[1] for i in self.items)

    @property
    def gzipped(self) -> int:
        return sum(i[2] for i in self.items)


@functools.cache
def gzip_size(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=6))


def measure_weight(browser: Browser, traffic: Traffic, server: Server, page_path: str, root: str | None) -> Weight:
    """Load a page in a fresh context and add up what the server sent for it until the
    checker is ready (root) or the load event; what follows until the network is idle
    is kept apart. Also a cold load, so it doubles as the warm-up of the timings."""
    finished: list[Request] = []
    with fresh_page(browser, traffic) as page:
        page.context.on("requestfinished", lambda request: finished.append(request))
        start = server.mark()
        if root:
            ready_ms = load_until_ready(page, server.url + page_path, root).ready_ms
        else:
            page.goto(server.url + page_path, wait_until="load")
            ready_ms = float(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart"))
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        sent = server.since(start)
        origin = float(page.evaluate("performance.timeOrigin"))
        fetches = [fetch_of(request, origin) for request in finished]
    # Split by the page's own clock: what was asked for before ready (or the load event)
    # counts; Playwright sees "ready" some milliseconds late, after the page asked for more.
    ready_at = (origin + ready_ms) / 1000
    before = [s for s in sent if s.received < ready_at]
    after = [s for s in sent if s.received >= ready_at]

    def items(part: list[Sent]) -> list[Item]:
        return sorted(((s.path, s.bytes, gzip_size(s.file) if s.file else s.bytes) for s in part), key=lambda i: -i[1])

    return Weight(items(before), items(after), sorted(fetches, key=lambda f: f.start_ms), ready_ms)


def fetch_of(request: Request, origin: float) -> Fetch:
    timing = request.timing
    start = timing["startTime"] - origin
    end = start + timing["responseEnd"] if timing["responseEnd"] >= 0 else float("nan")
    return Fetch(urlsplit(request.url).path, start, end)


@dataclass
class Weights:
    """The three pages weighed; cold loads, so they are also the (uncounted) warm-up."""

    policy: Weight
    checker: Weight
    bare: Weight


def measure_weights(browser: Browser, traffic: Traffic, server: Server) -> Weights:
    progress("page weight (also the warm-up, not timed)")
    return Weights(
        policy=measure_weight(browser, traffic, server, POLICY_PAGE, None),
        checker=measure_weight(browser, traffic, server, CHECKER_PAGE, "checker"),
        bare=measure_weight(browser, traffic, server, BARE_PAGE, "bare"),
    )


def weight_rows(weights: Weights) -> list[Row]:
    policy_weight, checker_weight, bare_weight = weights.policy, weights.checker, weights.bare
    after = sum(i[1] for i in checker_weight.after)
    return [
        Row(
            "Weight",
            f"policy page /{POLICY_PAGE}, all ({len(policy_weight.items) + len(policy_weight.after)} requests)",
            size(policy_weight.raw + sum(i[1] for i in policy_weight.after)),
            "",
            "",
            "",
            f"gzip-6: {size(policy_weight.gzipped + sum(i[2] for i in policy_weight.after))}",
        ),
        Row(
            "Weight",
            f"checker page until ready ({len(checker_weight.items)} requests, {boot_of(checker_weight)} boot), gzip -6",
            size(checker_weight.gzipped),
            "",
            f"raw {size(checker_weight.raw)}",
            f"≤ {WEIGHT_TARGET / 1e6:.1f} MB",
            verdict(checker_weight.gzipped <= WEIGHT_TARGET),
        ),
        Row(
            "Weight",
            f"  checker page after ready ({len(checker_weight.after)} requests)",
            size(after),
            "",
            "",
            "",
            f"gzip-6: {size(sum(i[2] for i in checker_weight.after))}",
        ),
        Row(
            "Weight",
            f"bare Pyodide page until ready ({len(bare_weight.items)} requests)",
            size(bare_weight.raw),
            "",
            "",
            "",
            f"gzip-6: {size(bare_weight.gzipped)}",
        ),
    ]


def weight_report(weights: Weights) -> list[str]:
    """The report file's detail tables: largest items, then the request waterfalls."""
    return [
        *weight_details("Checker page until ready: largest items", weights.checker, 12),
        *weight_details(f"Policy page /{POLICY_PAGE}: largest items", weights.policy, 6),
        *waterfall("Checker page: requests of its first cold load (the warm-up, so slower than the medians)", weights.checker),
        *waterfall("Bare Pyodide page: requests of its first cold load", weights.bare),
    ]


def boot_of(weight: Weight) -> str:
    """Which way the checker booted, from what it downloaded: the precompiled zip, or the
    stock standard library (the worker's fallback; then the numbers are not the fast path's)."""
    paths = [path for path, _, _ in weight.items]
    if any(path.endswith("/python_stdlib.zip") for path in paths):
        return "STOCK (fallback)"
    return "fast" if any(re.search(r"/python-[0-9a-f]+\.zip\.zst$", path) for path in paths) else "unknown"


def weight_details(title: str, weight: Weight, top: int) -> list[str]:
    total = weight.raw or 1
    rows = [[path, f"{raw:,}", f"{gz:,}", f"{raw / total:.0%}"] for path, raw, gz in weight.items[:top]]
    rest = weight.items[top:]
    if rest:
        rows.append([f"({len(rest)} more)", f"{sum(i[1] for i in rest):,}", f"{sum(i[2] for i in rest):,}", f"{sum(i[1] for i in rest) / total:.0%}"])
    rows.append(["total", f"{weight.raw:,}", f"{weight.gzipped:,}", "100%"])
    out = ["", f"### {title}", "", table(["Path", "Bytes", "gzip -6", "Share"], rows)]
    if weight.after:
        listed = ", ".join(f"{p} ({raw:,})" for p, raw, _ in weight.after)
        out += ["", f"After ready / the load event, until the network was idle (not in the total): {listed}"]
    return out


def waterfall(title: str, weight: Weight) -> list[str]:
    rows = [[unquote(f.path), f"{f.start_ms:,.0f}", f"{f.end_ms:,.0f}", f"{f.end_ms - f.start_ms:,.0f}"] for f in weight.fetches]
    return [
        "",
        f"### {title}",
        "",
        f"Milliseconds since navigation start, as the browser saw them; ready at {weight.ready_ms:,.0f} ms.",
        "",
        table(["Path", "Start", "End", "Took"], rows),
    ]
