"""A second visit through the service worker (issue 17): a first visit until the checker is
ready and the service worker has kept it, then the checker again, from the server that
sends no-store (so nothing but the service worker can help), against the bare cold boot."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, Playwright

from tools.browser_env import Traffic

from .browser import load_until_ready, visitor_page
from .report import Row, Sample, ms, progress, size, verdict
from .server import Server
from .settings import CHECKER_PAGE, OFFLINE_RUNS, OFFLINE_TARGET, READY_TIMEOUT_MS

# Set on <html> by javascripts/offline.js when the service worker has kept the whole checker.
KEPT = 'html[data-offline="kept"]'
# The checker's worker keeps a memory snapshot of its first boot in this cache once it has
# been idle a moment (checker-worker.js); asked until it is there.
SNAPSHOT_KEPT_JS = 'async () => (await (await caches.open("checker-momentopname")).keys()).length > 0'


@dataclass
class OfflineVisits:
    """Second visits through the service worker: in-page ms to ready and first question
    painted, and the bytes the server sent for them."""

    ready: Sample = field(default_factory=Sample)
    question: Sample = field(default_factory=Sample)
    sent: Sample = field(default_factory=Sample)
    boots: list[str] = field(default_factory=list)  # how Python started: snapshot, fast or stock


def wait_snapshot_kept(page: Page) -> None:
    # Why a loop: wait_for_function takes a promise for a truthy value and does not wait for it.
    deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
    while not page.evaluate(SNAPSHOT_KEPT_JS):
        if time.monotonic() > deadline:
            raise RuntimeError("the checker kept no memory snapshot")
        page.wait_for_timeout(250)


def measure_offline_visit(pw: Playwright, proxy: str, traffic: Traffic, server: Server, profile: Path, visits: OfflineVisits) -> None:
    """A first visit that lets the service worker keep the checker, then a second one."""
    with visitor_page(pw, proxy, traffic, profile, "allow") as page:
        load_until_ready(page, server.url + CHECKER_PAGE, "checker")
        page.wait_for_selector(KEPT, state="attached", timeout=READY_TIMEOUT_MS)
        wait_snapshot_kept(page)
        page.wait_for_timeout(2000)  # the browser stores the compiled WebAssembly after its first use
        page.goto("about:blank")
        start = server.mark()
        second = load_until_ready(page, server.url + CHECKER_PAGE, "checker")
        visits.ready.values.append(second.ready_ms)
        visits.question.values.append(second.marks.get("question_painted", float("nan")))
        visits.sent.values.append(sum(s.bytes for s in server.since(start)))
        visits.boots.append(page.get_attribute("#checker", "data-boot") or "?")


def measure_offline_visits(pw: Playwright, proxy: str, traffic: Traffic, server: Server, profile: Path) -> OfflineVisits:
    visits = OfflineVisits()
    for i in range(OFFLINE_RUNS):
        progress(f"second visit through the service worker (server sends no-store), run {i + 1}/{OFFLINE_RUNS}")
        measure_offline_visit(pw, proxy, traffic, server, profile, visits)
    return visits


def offline_rows(visits: OfflineVisits, bare_cold: Sample) -> list[Row]:
    ratio = visits.ready.median / bare_cold.median
    return [
        Row(
            "Offline",
            f"second visit through the service worker: navigation → ready ({OFFLINE_RUNS} runs; vs bare cold boot)",
            ms(visits.ready.median),
            ms(visits.ready.min),
            f"{ratio:.2f}",
            f"≤ {OFFLINE_TARGET:.2f}",
            verdict(ratio <= OFFLINE_TARGET),
        ),
        Row("Offline", "  navigation → first question painted", ms(visits.question.median), ms(visits.question.min)),
        Row("Offline", "  how Python started on that visit (checker-worker.js)", ", ".join(sorted(set(visits.boots))), ""),
        Row("Offline", "  bytes sent by the server on that visit", size(visits.sent.median), ""),
    ]
