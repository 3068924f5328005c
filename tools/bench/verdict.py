"""The last answer to the verdict: from clicking Bekijk de uitslag on the review to the
verdict in the page, split at the request to the worker and its response (when the page
asks one: the review brings its verdict along, so it need not)."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tools.browser_env import Traffic
from tools.flows import Walk

from .browser import fresh_page, load_until_ready
from .report import Row, Sample, ms, progress, verdict
from .server import Server
from .settings import CHECKER_PAGE, VERDICT_PROVIDER, VERDICT_TARGET_MS

# The in-page marks after the click (tools/bench/pages.py, MARKS_JS), in the order they come.
# `posted` and `response` are missing when the page asked the worker nothing after the click
# (the review brought its verdict along, issue 16); `result` and `painted` are always there.
VERDICT_MARKS = ("posted", "response", "result", "painted")
# One run: the ms from the click to each mark the page set.
Marks = dict[str, float]


def measure_verdict(browser: Browser, traffic: Traffic, server: Server, path: Walk) -> Marks:
    """Open the checker with every answer in the fragment (the review, Controleer uw
    antwoorden), press Bekijk de uitslag, and return the ms from the click to each later mark."""
    with fresh_page(browser, traffic) as page:
        load_until_ready(page, server.url + CHECKER_PAGE + path.fragment(), "checker")
        marks = confirm_review(page, path, 30_000)
        return {name: marks[name] - marks["click"] for name in VERDICT_MARKS if name in marks}


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


def measure_verdicts(browser: Browser, traffic: Traffic, server: Server, path: Walk, runs: int) -> list[Marks]:
    measured: list[Marks] = []
    for i in range(runs):
        progress(f"last answer → verdict ({VERDICT_PROVIDER}, {len(path.steps)} answers), run {i + 1}/{runs}")
        measured.append(measure_verdict(browser, traffic, server, path))
    return measured


def verdict_rows(measured: list[Marks], answers: int) -> list[Row]:
    """The target row, then where the time went: through the worker in the runs that asked
    it after the click, at once in those that had the verdict with the review."""
    to_verdict = Sample([m["result"] for m in measured])
    to_paint = Sample([m["painted"] for m in measured])
    asked = [m for m in measured if "response" in m]
    given = [m for m in measured if "posted" not in m]
    rows = [
        Row(
            "Checker",
            f"click Bekijk de uitslag on the review → verdict in DOM ({VERDICT_PROVIDER}, {answers} answers)",
            ms(to_verdict.median),
            ms(to_verdict.min),
            "",
            f"≤ {VERDICT_TARGET_MS:.0f} ms",
            verdict(to_verdict.median <= VERDICT_TARGET_MS),
        )
    ]
    if given:
        # No request and no response to split at: the whole time is the drawing.
        drawn = Sample([m["result"] for m in given])
        what = f"  no request after the click: the verdict came with the review ({len(given)} of {len(measured)} runs); click → verdict in DOM (draw)"
        rows.append(Row("Checker", what, ms(drawn.median), ms(drawn.min)))
    if asked:
        runs = "" if len(asked) == len(measured) else f" ({len(asked)} of {len(measured)} runs)"
        posted = Sample([m["posted"] for m in asked])
        trip = Sample([m["response"] - m["posted"] for m in asked])
        drawing = Sample([m["result"] - m["response"] for m in asked])
        rows += [
            Row("Checker", f"  click → request posted to the worker (submit, hashchange){runs}", ms(posted.median), ms(posted.min)),
            Row("Checker", f"  posted → response back (worker: checker.web.handle){runs}", ms(trip.median), ms(trip.min)),
            Row("Checker", f"  response → verdict in DOM (JSON.parse, draw){runs}", ms(drawing.median), ms(drawing.min)),
        ]
    rows.append(Row("Checker", "click Bekijk de uitslag → verdict painted (next frame)", ms(to_paint.median), ms(to_paint.min)))
    return rows
