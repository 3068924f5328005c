"""The last answer to the verdict: from clicking Bekijk de uitslag on the review to the
verdict in the page, split at the request to the worker and its response."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tools.browser_env import Traffic
from tools.flows import Walk

from .browser import fresh_page, load_until_ready
from .report import Row, Sample, ms, progress, verdict
from .server import Server
from .settings import CHECKER_PAGE, VERDICT_PROVIDER, VERDICT_TARGET_MS

# The in-page marks after the click (tools/bench/pages.py, MARKS_JS), in the order they come.
VERDICT_MARKS = ("posted", "response", "result", "painted")


def measure_verdict(browser: Browser, traffic: Traffic, server: Server, path: Walk) -> dict[str, float]:
    """Open the checker with every answer in the fragment (the review, Controleer uw
    antwoorden), press Bekijk de uitslag, and return the ms from the click to each later mark."""
    with fresh_page(browser, traffic) as page:
        load_until_ready(page, server.url + CHECKER_PAGE + path.fragment(), "checker")
        marks = confirm_review(page, path, 30_000)
        return {name: marks[name] - marks["click"] for name in VERDICT_MARKS}


def confirm_review(page: Page, path: Walk, timeout_ms: float) -> dict[str, float]:
    """On the review of a whole path, press Bekijk de uitslag; once the verdict is painted,
    check it is the path's and return the page's marks (tools/bench/pages.py, MARKS_JS)."""
    review = page.locator("#checker section.checker-review")
    review.wait_for(state="visible", timeout=timeout_ms)
    review.get_by_role("button", name="Bekijk de uitslag", exact=True).click()
    page.wait_for_function("() => window.__bench.painted !== undefined", timeout=timeout_ms)
    shown = page.get_attribute("#checker section.checker-result", "data-verdict")
    if shown != path.verdict:
        raise RuntimeError(f"expected verdict {path.verdict!r}, the page shows {shown!r}")
    return page.evaluate("() => ({ ...window.__bench })")


def measure_verdicts(browser: Browser, traffic: Traffic, server: Server, path: Walk, runs: int) -> dict[str, Sample]:
    marks: dict[str, Sample] = {name: Sample() for name in VERDICT_MARKS}
    for i in range(runs):
        progress(f"last answer → verdict ({VERDICT_PROVIDER}, {len(path.steps)} answers), run {i + 1}/{runs}")
        for name, value in measure_verdict(browser, traffic, server, path).items():
            marks[name].values.append(value)
    return marks


def verdict_rows(marks: dict[str, Sample], answers: int) -> list[Row]:
    posted, to_verdict, to_paint = marks["posted"], marks["result"], marks["painted"]
    worker_trip = Sample([r - p for r, p in zip(marks["response"].values, posted.values, strict=True)])
    drawing = Sample([d - r for d, r in zip(to_verdict.values, marks["response"].values, strict=True)])
    return [
        Row(
            "Checker",
            f"click Bekijk de uitslag on the review → verdict in DOM ({VERDICT_PROVIDER}, {answers} answers)",
            ms(to_verdict.median),
            ms(to_verdict.min),
            "",
            f"≤ {VERDICT_TARGET_MS:.0f} ms",
            verdict(to_verdict.median <= VERDICT_TARGET_MS),
        ),
        Row("Checker", "  click → request posted to the worker (submit, hashchange)", ms(posted.median), ms(posted.min)),
        Row("Checker", "  posted → response back (worker: checker.web.handle)", ms(worker_trip.median), ms(worker_trip.min)),
        Row("Checker", "  response → verdict in DOM (JSON.parse, draw)", ms(drawing.median), ms(drawing.min)),
        Row("Checker", "click Bekijk de uitslag → verdict painted (next frame)", ms(to_paint.median), ms(to_paint.min)),
    ]
