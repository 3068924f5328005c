"""The checker on a throttled phone profile (issue 17): first question painted, ready, and
the last answer to the verdict, cold, with the network and CPU slowed down over the
DevTools protocol (Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate).

Why Lighthouse's mobile figures: they are the common yardstick for "a mid-range phone on a
slow 4G connection". Why the throttling is set on the page and on each of its workers:
Chromium applies a target's network conditions to that target's own requests; Pyodide's
big files are fetched by the checker's worker. The CPU throttling applies to the page's
renderer, so the worker's Python runs slowed down only as far as Chromium slows that
process: the ready time is a lower bound of a real phone's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page

from tools.browser_env import Traffic
from tools.flows import Walk

from .browser import fresh_page, load_until_ready
from .report import Row, Sample, ms, progress
from .server import Server
from .settings import CHECKER_PAGE, PHONE_RUNS, VERDICT_PROVIDER
from .verdict import confirm_review


@dataclass(frozen=True)
class Profile:
    label: str
    latency_ms: float
    download: float  # bytes per second
    upload: float  # bytes per second
    cpu: float  # times slower

    def network(self) -> dict[str, Any]:
        return {"offline": False, "latency": self.latency_ms, "downloadThroughput": self.download, "uploadThroughput": self.upload}


# Lighthouse's mobile profile as DevTools applies it: 150 ms RTT and 1.6 Mbit/s down,
# 750 kbit/s up on the wire (x3.75 latency, x0.9 throughput), and a 4x slower CPU.
PHONE = Profile("phone: slow 4G (562.5 ms, 1.5 Mbit/s down, 0.7 up), CPU 4x slower", 562.5, 1.6 * 1024 * 1024 * 0.9 / 8, 750 * 1024 * 0.9 / 8, 4)


@dataclass
class PhoneLoads:
    question: Sample = field(default_factory=Sample)  # navigation → first question painted
    ready: Sample = field(default_factory=Sample)  # navigation → ready
    verdict: Sample = field(default_factory=Sample)  # click Bekijk de uitslag → verdict painted


def throttle(page: Page, profile: Profile) -> CDPSession:
    """The profile on the page, and on every worker it starts (attached before it runs)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", profile.network())
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu})

    def attached(event: dict[str, Any]) -> None:
        session = event["sessionId"]
        for number, (method, params) in enumerate(
            [("Network.enable", {}), ("Network.emulateNetworkConditions", profile.network()), ("Runtime.runIfWaitingForDebugger", {})], 1
        ):
            message = json.dumps({"id": number, "method": method, "params": params})
            cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})

    cdp.on("Target.attachedToTarget", attached)
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
    return cdp


def measure_phone_load(browser: Browser, traffic: Traffic, server: Server, path: Walk, loads: PhoneLoads) -> None:
    """One cold load on the profile, then the review of a whole path and its verdict."""
    with fresh_page(browser, traffic) as page:
        throttle(page, PHONE)
        load = load_until_ready(page, server.url + CHECKER_PAGE, "checker")
        loads.question.values.append(load.marks.get("question_painted", float("nan")))
        loads.ready.values.append(load.ready_ms)
        page.evaluate("(fragment) => { location.hash = fragment; }", path.fragment())
        marks = confirm_review(page, path, 60_000)
        loads.verdict.values.append(marks["painted"] - marks["click"])


def measure_phone(browser: Browser, traffic: Traffic, server: Server, path: Walk) -> PhoneLoads:
    loads = PhoneLoads()
    for i in range(PHONE_RUNS):
        progress(f"phone profile ({PHONE.label}), cold load and verdict, run {i + 1}/{PHONE_RUNS}")
        measure_phone_load(browser, traffic, server, path, loads)
    return loads


def phone_rows(loads: PhoneLoads) -> list[Row]:
    return [
        Row("Phone", f"{PHONE.label}: navigation → first question painted", ms(loads.question.median), ms(loads.question.min)),
        Row("Phone", "  navigation → #checker ready (cold)", ms(loads.ready.median), ms(loads.ready.min)),
        Row("Phone", f"  click Bekijk de uitslag → verdict painted ({VERDICT_PROVIDER})", ms(loads.verdict.median), ms(loads.verdict.min)),
    ]
